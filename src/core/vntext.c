/*
 * vntext.c - Vietnamese text rules on top of utf8proc: cleaning typed text
 * into the NFC form that is stored, diacritic- and case-insensitive search
 * keys, and one canonical tone placement for tone-aware comparison.
 */
#include "vntext.h"
#include "arena.h"
#include "sbuf.h"
#include "utf8.h"

#include <pthread.h>
#include <stdint.h>
#include <utf8proc.h>

/* Inputs larger than this are refused as VNTEXT_NOMEM: utf8proc counts in
 * ssize_t and our buffers hold up to 4 bytes per input byte. */
#define VNTEXT_MAX_INPUT ((size_t)1 << 28)

/* Decode one code point of input already checked by utf8_valid(). */
static size_t decode(const unsigned char *p, int32_t *cp)
{
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c < 0xE0) {
		*cp = (int32_t)(((c & 0x1Fu) << 6) | (p[1] & 0x3Fu));
		return 2;
	}
	if (c < 0xF0) {
		*cp = (int32_t)(((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
				(p[2] & 0x3Fu));
		return 3;
	}
	*cp = (int32_t)(((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
			((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
	return 4;
}

static int check_input(const char *s, size_t len)
{
	if (len && !utf8_valid(s, len))
		return VNTEXT_INVALID_UTF8;
	if (len > VNTEXT_MAX_INPUT)
		return VNTEXT_NOMEM;
	return VNTEXT_OK;
}

/*
 * Canonical decomposition of s (lower-cased first when `lower`) into an
 * arena array with room for one more entry than it holds, so that
 * utf8proc_reencode() can write UTF-8 over it in place.
 */
static int32_t lower_cb(int32_t c, void *data)
{
	(void)data;
	return utf8proc_tolower(c);
}

static int decompose(struct arena *a, const char *s, size_t len, int lower,
		     int32_t **bufp, size_t *np)
{
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
	size_t cap = len + len / 2 + 2;
	for (int round = 0; round < 2; round++) {
		int32_t *buf = arena_alloc(a, cap * sizeof(*buf));
		if (!buf)
			return VNTEXT_NOMEM;
		utf8proc_ssize_t m = utf8proc_decompose_custom(
			(const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, buf,
			(utf8proc_ssize_t)cap, opt, lower ? lower_cb : NULL, NULL);
		if (m < 0)
			return VNTEXT_NOMEM;
		if ((size_t)m < cap) {
			*bufp = buf;
			*np = (size_t)m;
			return VNTEXT_OK;
		}
		cap = (size_t)m + 1;
	}
	return VNTEXT_NOMEM;
}

/* Compose buf[0..n) (canonically ordered) and write it as UTF-8 in place. */
static int recompose(int32_t *buf, size_t n, char **out, size_t *outlen)
{
	utf8proc_ssize_t r = utf8proc_reencode(buf, (utf8proc_ssize_t)n,
					       UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return VNTEXT_NOMEM;
	*out = (char *)buf;
	if (outlen)
		*outlen = (size_t)r;
	return VNTEXT_OK;
}

/* ---- cleaning ---------------------------------------------------------- */

enum { CL_KEEP, CL_DROP, CL_SPACE, CL_BREAK };

static int clean_class(int32_t c)
{
	if (c < 0x80) {
		if (c == '\n' || c == '\r')
			return CL_BREAK;
		if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
			return CL_SPACE;
		if (c < 0x20 || c == 0x7F)
			return CL_DROP;
		return CL_KEEP;
	}
	if (c == 0x85 || c == 0x2028 || c == 0x2029)
		return CL_BREAK;
	if (c < 0xA0)
		return CL_DROP; /* C1 controls */
	if (c == 0xA0)
		return CL_SPACE;
	if (c < 0x61C)
		return c == 0xAD ? CL_DROP : CL_KEEP;
	if (c == 0x61C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
	    (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF ||
	    (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xFDD0 && c <= 0xFDEF) ||
	    (c & 0xFFFE) == 0xFFFE)
		return CL_DROP;
	if (c >= 0x1680 && c <= 0x3000 &&
	    utf8proc_category(c) == UTF8PROC_CATEGORY_ZS)
		return CL_SPACE;
	return CL_KEEP;
}

/*
 * Drop controls, map spaces and breaks, trim, collapse: s -> o (o has room
 * for len bytes: every space or break written stands for at least one input
 * byte). Returns the length; *nonascii says whether NFC has work to do.
 */
static size_t clean_layout(const unsigned char *s, size_t len, int multi,
			   char *o, int *nonascii)
{
	size_t n = 0, i = 0, spaces = 0, breaks = 0;
	*nonascii = 0;
	while (i < len) {
		int32_t c;
		size_t k = decode(s + i, &c);
		switch (clean_class(c)) {
		case CL_DROP:
			i += k;
			continue;
		case CL_BREAK:
			if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
				k = 2;
			i += k;
			if (multi) {
				breaks++;
				spaces = 0; /* trailing spaces of the line go */
			} else {
				spaces++;
			}
			continue;
		case CL_SPACE:
			i += k;
			spaces++;
			continue;
		default:
			break;
		}
		if (n > 0) {
			if (breaks) {
				size_t b = breaks > 3 ? 3 : breaks;
				memset(o + n, '\n', b);
				n += b;
			}
			if (spaces && !multi)
				spaces = 1;
			memset(o + n, ' ', spaces);
			n += spaces;
		}
		breaks = spaces = 0;
		memcpy(o + n, s + i, k);
		n += k;
		i += k;
		if (k > 1)
			*nonascii = 1;
	}
	return n;
}

int vntext_clean(struct arena *a, const char *s, size_t len, unsigned flags,
		 char **out, size_t *outlen)
{
	int rc = check_input(s, len);
	if (rc)
		return rc;
	char *o = arena_alloc(a, len + 1);
	if (!o)
		return VNTEXT_NOMEM;
	int nonascii;
	size_t n = clean_layout((const unsigned char *)s, len,
			       (flags & VNTEXT_MULTILINE) != 0, o, &nonascii);
	o[n] = '\0';
	if (!nonascii) {
		*out = o;
		if (outlen)
			*outlen = n;
		return VNTEXT_OK;
	}
	int32_t *buf;
	size_t m;
	rc = decompose(a, o, n, 0, &buf, &m);
	if (rc)
		return rc;
	return recompose(buf, m, out, outlen);
}

/* ---- search keys ------------------------------------------------------- */

#define FOLD_OPTS (UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | \
		   UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)
#define FOLD_MAX 32     /* longest decomposition is 18 (U+FDFA) */
#define FOLD_SEQ (2 * FOLD_MAX)
#define FAST_LIMIT 0x1F00

/* fold_fast[c] for c < FAST_LIMIT: an ASCII letter or digit (c folds to
 * exactly that), ' ' (a separator), F_DROP (vanishes) or F_SLOW (ask
 * fold_slow: several letters or a non-ASCII one). */
enum { F_SLOW = 0, F_DROP = 1 };
static unsigned char fold_fast[FAST_LIMIT];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* Letters with a bar, stroke or ligature that Unicode does not decompose,
 * after case folding. ð is there because it is typed for đ by mistake
 * (Ð and Đ look the same). */
static const char *fold_extra(int32_t c)
{
	switch (c) {
	case 0x0111: /* đ */
	case 0x00F0: /* ð */
		return "d";
	case 0x00F8: /* ø */
		return "o";
	case 0x0142: /* ł */
		return "l";
	case 0x0127: /* ħ */
		return "h";
	case 0x0167: /* ŧ */
		return "t";
	case 0x0131: /* ı */
		return "i";
	case 0x00E6: /* æ */
		return "ae";
	case 0x0153: /* œ */
		return "oe";
	default:
		return NULL;
	}
}

/*
 * Fold one code point into seq (room for FOLD_SEQ): letters and digits as
 * code points, ' ' for a separator. Returns the count; 0 means the code
 * point vanishes (a mark or a default-ignorable character).
 */
static size_t fold_slow(int32_t c, int32_t *seq)
{
	int32_t tmp[FOLD_MAX];
	int bound = 0;
	utf8proc_ssize_t m = utf8proc_decompose_char(c, tmp, FOLD_MAX, FOLD_OPTS,
						     &bound);
	if (m < 0 || m > FOLD_MAX) {
		seq[0] = ' ';
		return 1;
	}
	size_t n = 0;
	for (utf8proc_ssize_t i = 0; i < m; i++) {
		int32_t d = tmp[i];
		const char *x = fold_extra(d);
		if (x) {
			while (*x)
				seq[n++] = *x++;
			continue;
		}
		if (d < 0x80) {
			int alnum = (d >= 'a' && d <= 'z') || (d >= '0' && d <= '9');
			seq[n++] = alnum ? d : ' ';
			continue;
		}
		switch (utf8proc_category(d)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			seq[n++] = d;
			break;
		case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC:
		case UTF8PROC_CATEGORY_ME:
			break;
		default:
			seq[n++] = ' ';
			break;
		}
	}
	return n;
}

static void fold_table_init(void)
{
	int32_t seq[FOLD_SEQ];
	for (int32_t c = 0; c < FAST_LIMIT; c++) {
		size_t n = fold_slow(c, seq);
		unsigned char v = F_SLOW;
		if (n == 0)
			v = F_DROP;
		else if (n == 1 && seq[0] < 0x80)
			v = (unsigned char)seq[0];
		fold_fast[c] = v;
	}
}

/* Output cursor of fold_run: writes while there is room, counts always. */
struct fold_out {
	char *dst;
	size_t cap;
	size_t n;
};

static inline void fold_put(struct fold_out *w, char ch)
{
	if (w->n < w->cap)
		w->dst[w->n] = ch;
	w->n++;
}

/*
 * Fold valid UTF-8 s[0..len) into dst[0..cap) and return the length of the
 * whole key, which may exceed cap (then only the first cap bytes are
 * written and the caller retries with more room).
 */
static size_t fold_run(const unsigned char *s, size_t len, char *dst,
		       size_t cap)
{
	struct fold_out w = { dst, cap, 0 };
	int pend = 0;
	size_t i = 0;
	while (i < len) {
		int32_t c;
		unsigned v;
		if (s[i] < 0x80) {
			c = s[i++];
			v = fold_fast[c];
		} else {
			i += decode(s + i, &c);
			v = c < FAST_LIMIT ? fold_fast[c] : F_SLOW;
		}
		if (v == ' ') {
			pend = 1;
			continue;
		}
		if (v == F_DROP)
			continue;
		if (v != F_SLOW) {
			if (pend && w.n)
				fold_put(&w, ' ');
			pend = 0;
			fold_put(&w, (char)v);
			continue;
		}
		int32_t seq[FOLD_SEQ];
		size_t m = fold_slow(c, seq);
		for (size_t k = 0; k < m; k++) {
			if (seq[k] == ' ') {
				pend = 1;
				continue;
			}
			if (pend && w.n)
				fold_put(&w, ' ');
			pend = 0;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e = utf8proc_encode_char(seq[k], enc);
			for (utf8proc_ssize_t j = 0; j < e; j++)
				fold_put(&w, (char)enc[j]);
		}
	}
	return w.n;
}

int vntext_fold(struct arena *a, const char *s, size_t len, char **out,
		size_t *outlen)
{
	int rc = check_input(s, len);
	if (rc)
		return rc;
	pthread_once(&fold_once, fold_table_init);
	char *dst = arena_alloc(a, len + 1);
	if (!dst)
		return VNTEXT_NOMEM;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = len ? fold_run(u, len, dst, len) : 0;
	if (n > len) {
		dst = arena_alloc(a, n + 1);
		if (!dst)
			return VNTEXT_NOMEM;
		fold_run(u, len, dst, n);
	}
	dst[n] = '\0';
	*out = dst;
	if (outlen)
		*outlen = n;
	return VNTEXT_OK;
}

int vntext_fold_sbuf(struct sbuf *sb, const char *s, size_t len)
{
	int rc = check_input(s, len);
	if (rc)
		return rc;
	if (len == 0)
		return VNTEXT_OK;
	pthread_once(&fold_once, fold_table_init);
	const unsigned char *u = (const unsigned char *)s;
	if (sbuf_grow(sb, len) < 0)
		return VNTEXT_NOMEM;
	size_t n = fold_run(u, len, sb->buf + sb->len, len);
	if (n > len) {
		if (sbuf_grow(sb, n) < 0) {
			sb->buf[sb->len] = '\0';
			return VNTEXT_NOMEM;
		}
		fold_run(u, len, sb->buf + sb->len, n);
	}
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return VNTEXT_OK;
}

/* ---- tone placement ---------------------------------------------------- */

#define MAX_SYLLABLE 8 /* "nghiêng" has 7 letters */

/* One letter of a syllable in NFD: base, shape mark (circumflex, breve,
 * horn) and tone mark, each 0 when absent. đ is stored as 'D'. */
struct vn_letter {
	int32_t base;
	int32_t shape;
	int32_t tone;
};

static int is_tone_mark(int32_t c)
{
	return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 ||
	       c == 0x323;
}

static int is_shape_mark(int32_t c)
{
	return c == 0x302 || c == 0x306 || c == 0x31B;
}

static int is_vowel(int32_t b)
{
	return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' ||
	       b == 'y';
}

static int shape_fits(int32_t b, int32_t shape)
{
	switch (shape) {
	case 0:
		return 1;
	case 0x302: /* â ê ô */
		return b == 'a' || b == 'e' || b == 'o';
	case 0x306: /* ă */
		return b == 'a';
	default: /* horn: ơ ư */
		return b == 'o' || b == 'u';
	}
}

static int letters_are(const struct vn_letter *l, size_t n, const char *s)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (l[i].base != (unsigned char)s[i])
			return 0;
	return 1;
}

/* Length of the initial consonant, or -1 when it is not Vietnamese. The u
 * of "qu" and the i of "gi" before another vowel belong to the initial. */
static int onset_len(const struct vn_letter *l, size_t n)
{
	static const char *const two[] = { "ch", "gh", "kh", "ng", "nh",
					   "ph", "th", "tr" };
	if (is_vowel(l[0].base))
		return 0;
	if (l[0].base == 'q')
		return n >= 2 && l[1].base == 'u' && !l[1].shape ? 2 : -1;
	if (l[0].base == 'g' && n >= 3 && l[1].base == 'i' && !l[1].shape &&
	    is_vowel(l[2].base))
		return 2;
	if (n >= 3 && letters_are(l, 3, "ngh"))
		return 3;
	if (n >= 2)
		for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++)
			if (letters_are(l, 2, two[i]))
				return 2;
	if (strchr("bcdDghklmnprstvx", (int)l[0].base))
		return 1;
	return -1;
}

static int coda_ok(const struct vn_letter *l, size_t n)
{
	static const char *const codas[] = { "", "c", "ch", "m", "n", "ng",
					     "nh", "p", "t" };
	for (size_t i = 0; i < sizeof(codas) / sizeof(codas[0]); i++)
		if (letters_are(l, n, codas[i]))
			return 1;
	return 0;
}

/* Index in the nucleus v[0..nv) of the vowel that takes the tone mark by
 * the new-style rule (see vntext.h and docs/text.md). */
static size_t tone_target(const struct vn_letter *v, size_t nv, int coda)
{
	size_t last = nv;
	for (size_t i = 0; i < nv; i++)
		if (v[i].shape)
			last = i;
	if (last < nv)
		return last;
	if (nv == 1)
		return 0;
	if (nv == 3 || coda)
		return 1;
	if (letters_are(v, 2, "oa") || letters_are(v, 2, "oe") ||
	    letters_are(v, 2, "uy"))
		return 1;
	return 0;
}

/* Move the tone mark of the lower-case NFD word w[0..n) to its canonical
 * vowel, in place (the length does not change). Anything that is not one
 * well-formed Vietnamese syllable with exactly one tone mark is left. */
static void tone_fix_word(int32_t *w, size_t n)
{
	struct vn_letter l[MAX_SYLLABLE];
	size_t k = 0, tones = 0, from = 0;
	int32_t tone = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t c = w[i];
		if (is_tone_mark(c) || is_shape_mark(c)) {
			if (k == 0)
				return;
			struct vn_letter *x = &l[k - 1];
			if (is_tone_mark(c)) {
				if (x->tone || !is_vowel(x->base))
					return;
				x->tone = tone = c;
				from = k - 1;
				tones++;
			} else {
				if (x->shape || !shape_fits(x->base, c))
					return;
				x->shape = c;
			}
			continue;
		}
		if (c == 0x111)
			c = 'D';
		else if (c < 'a' || c > 'z')
			return;
		if (k == MAX_SYLLABLE)
			return;
		l[k].base = c;
		l[k].shape = l[k].tone = 0;
		k++;
	}
	if (tones != 1)
		return;
	int on = onset_len(l, k);
	if (on < 0)
		return;
	size_t v0 = (size_t)on, v1 = v0;
	while (v1 < k && is_vowel(l[v1].base))
		v1++;
	if (v1 == v0 || v1 - v0 > 3 || !coda_ok(l + v1, k - v1))
		return;
	size_t to = v0 + tone_target(l + v0, v1 - v0, v1 < k);
	if (to == from)
		return;
	l[from].tone = 0;
	l[to].tone = tone;
	/* Rewrite in canonical order: dot below (class 220) goes before a
	 * circumflex or breve (230), after a horn (216); the other tones (230)
	 * follow the shape mark. */
	size_t j = 0;
	for (size_t i = 0; i < k; i++) {
		w[j++] = l[i].base == 'D' ? 0x111 : l[i].base;
		int32_t sh = l[i].shape, t = l[i].tone;
		if (t && sh && t == 0x323 && sh != 0x31B) {
			w[j++] = t;
			w[j++] = sh;
		} else {
			if (sh)
				w[j++] = sh;
			if (t)
				w[j++] = t;
		}
	}
}

static int is_word_cp(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return 1;
	default:
		return 0;
	}
}

int vntext_tone_normalize(struct arena *a, const char *s, size_t len,
			  char **out, size_t *outlen)
{
	int rc = check_input(s, len);
	if (rc)
		return rc;
	int32_t *buf;
	size_t n;
	rc = decompose(a, s, len, 1, &buf, &n);
	if (rc)
		return rc;
	size_t i = 0;
	while (i < n) {
		if (!is_word_cp(buf[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && is_word_cp(buf[i]))
			i++;
		tone_fix_word(buf + start, i - start);
	}
	return recompose(buf, n, out, outlen);
}

/* ---- lengths and messages ---------------------------------------------- */

size_t vntext_codepoints(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

int vntext_check_length(const char *s, size_t len, size_t min_chars,
			size_t max_chars)
{
	if (len && !utf8_valid(s, len))
		return VNTEXT_INVALID_UTF8;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (n > max_chars)
			return VNTEXT_TOO_LONG;
	}
	return n < min_chars ? VNTEXT_TOO_SHORT : VNTEXT_OK;
}

const char *vntext_strerror(int status)
{
	switch (status) {
	case VNTEXT_OK:
		return "Nội dung hợp lệ.";
	case VNTEXT_NOMEM:
		return "Hệ thống đang bận, xin vui lòng thử lại sau.";
	case VNTEXT_INVALID_UTF8:
		return "Nội dung có ký tự không hợp lệ, xin vui lòng gõ lại bằng bảng mã Unicode.";
	case VNTEXT_TOO_SHORT:
		return "Nội dung quá ngắn.";
	case VNTEXT_TOO_LONG:
		return "Nội dung quá dài.";
	default:
		return "Nội dung không hợp lệ.";
	}
}
