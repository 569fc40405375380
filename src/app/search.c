/*
 * search.c - highlights the words a search matched in the original text
 * (diacritics intact), as escaped HTML with <mark> tags: each word of the
 * text is folded character by character exactly as core/vntext folds the
 * index, then compared with the folded query words.
 */
#include "app/search.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/vntext.h"

#include <pthread.h>
#include <stdint.h>

/* --- folding one character --------------------------------------------------- */

enum cp_kind {
	CK_SEP = 0,   /* ends a word: space, punctuation, symbol, control */
	CK_WORD,      /* a letter or digit: part of a word, with its fold */
	CK_JOIN,      /* vanishes without splitting: combining marks, default-ignorables */
};

#define TABLE_CPS 0x3000  /* Latin, Vietnamese, Greek, Cyrillic, general punctuation */
#define CP_FOLD_MAX 6     /* longest fold kept in the table; longer ones are computed */
#define WORD_FOLD_MAX 96  /* a word whose key is longer never matches */

struct cp_fold {
	unsigned char kind;
	unsigned char len;    /* 0 with CK_WORD: not in the table, compute it */
	char s[CP_FOLD_MAX];
};

static struct cp_fold table[TABLE_CPS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t encode(uint32_t cp, char *u)
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * What vntext_fold makes of cp: its key alone (a letter or digit), or
 * nothing, and then whether it splits "a<cp>a" (a separator) or not (a
 * mark or an ignorable). A character whose key holds a space ("½" gives
 * "1 2") counts as a separator. The fold goes into f (WORD_FOLD_MAX bytes).
 */
static enum cp_kind classify(uint32_t cp, char *f, size_t *flen)
{
	char u[8];
	size_t ul = encode(cp, u);
	*flen = 0;
	struct sbuf sb = SBUF_INIT(256);
	enum cp_kind kind = CK_SEP;
	if (vntext_fold_sbuf(&sb, u, ul) == VNTEXT_OK) {
		if (sb.len) {
			if (sb.len <= WORD_FOLD_MAX && !memchr(sb.buf, ' ', sb.len)) {
				memcpy(f, sb.buf, sb.len);
				*flen = sb.len;
				kind = CK_WORD;
			}
		} else {
			char w[10];
			w[0] = 'a';
			memcpy(w + 1, u, ul);
			w[ul + 1] = 'a';
			sbuf_reset(&sb);
			if (vntext_fold_sbuf(&sb, w, ul + 2) == VNTEXT_OK && sb.len == 2)
				kind = CK_JOIN;
		}
	}
	sbuf_release(&sb);
	return kind;
}

static void table_build(void)
{
	char f[WORD_FOLD_MAX];
	for (uint32_t cp = 1; cp < TABLE_CPS; cp++) {
		size_t fl = 0;
		struct cp_fold *t = &table[cp];
		t->kind = (unsigned char)classify(cp, f, &fl);
		if (t->kind == CK_WORD && fl <= CP_FOLD_MAX) {
			memcpy(t->s, f, fl);
			t->len = (unsigned char)fl;
		}
	}
}

/* Decode one code point of s[0..n) (n >= 1); an invalid sequence gives
 * U+FFFD and length 1. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		need = 1, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < need + 1)
		goto bad;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return need + 1;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* --- words of a text ------------------------------------------------------------ */

struct tok {
	size_t b, e;        /* bytes [b, e) of the text */
	size_t cb, ce;      /* the same in code points */
	int match;
};

struct toks {
	struct tok *t;
	size_t n, cap;
	size_t cps;         /* code points in the whole text */
};

static int term_match(const struct search_query *q, const char *w, size_t wl)
{
	for (size_t i = 0; i < q->nterms; i++) {
		const struct search_term *t = &q->terms[i];
		if (wl == t->len ? !memcmp(w, t->word, wl) : (t->prefix && wl > t->len && !memcmp(w, t->word, t->len)))
			return 1;
	}
	return 0;
}

static int push_tok(struct arena *a, struct toks *ts, const struct tok *t)
{
	if (ts->n == ts->cap) {
		size_t ncap = ts->cap ? ts->cap * 2 : 64;
		struct tok *nt = arena_alloc(a, ncap * sizeof(*nt));
		if (!nt)
			return -1;
		if (ts->n)
			memcpy(nt, ts->t, ts->n * sizeof(*nt));
		ts->t = nt;
		ts->cap = ncap;
	}
	ts->t[ts->n++] = *t;
	return 0;
}

/* Split text into words, each with its folded key compared with q. */
static int tokenize(struct arena *a, const char *text, size_t len, const struct search_query *q, struct toks *ts)
{
	pthread_once(&table_once, table_build);
	memset(ts, 0, sizeof(*ts));
	const unsigned char *s = (const unsigned char *)text;
	char key[WORD_FOLD_MAX];
	size_t klen = 0;
	int in_word = 0, overflow = 0;
	struct tok cur = { 0 };
	size_t cpi = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = decode(s + i, len - i, &cp);
		enum cp_kind kind;
		char f[WORD_FOLD_MAX];
		const char *fp = f;
		size_t fl = 0;
		if (cp < TABLE_CPS && (table[cp].kind != CK_WORD || table[cp].len)) {
			kind = (enum cp_kind)table[cp].kind;
			fp = table[cp].s;
			fl = table[cp].len;
		} else {
			kind = cp == 0xFFFD && k == 1 ? CK_SEP : classify(cp, f, &fl);
		}
		if (kind == CK_WORD) {
			if (!in_word) {
				cur = (struct tok){ .b = i, .cb = cpi };
				klen = 0;
				overflow = 0;
				in_word = 1;
			}
			if (klen + fl <= sizeof(key)) {
				memcpy(key + klen, fp, fl);
				klen += fl;
			} else {
				overflow = 1;
			}
		} else if (kind == CK_SEP && in_word) {
			cur.match = !overflow && q && term_match(q, key, klen);
			if (push_tok(a, ts, &cur) < 0)
				return -1;
			in_word = 0;
		}
		i += k;
		cpi++;
		if (in_word) {
			cur.e = i;
			cur.ce = cpi;
		}
	}
	if (in_word) {
		cur.match = !overflow && q && term_match(q, key, klen);
		if (push_tok(a, ts, &cur) < 0)
			return -1;
	}
	ts->cps = cpi;
	return 0;
}

/* --- output ------------------------------------------------------------------------ */

/* Append text[from, to) escaped; with collapse, every run of white space
 * becomes one space (*space tracks the last character written). */
static int add_text(struct sbuf *sb, const char *text, size_t from, size_t to, int collapse, int *space)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = from; i < to;) {
		unsigned char c = s[i];
		if (collapse && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
			if (!*space && sbuf_addch(sb, ' ') < 0)
				return -1;
			*space = 1;
			i++;
			continue;
		}
		*space = 0;
		uint32_t cp;
		size_t k = decode(s + i, to - i, &cp);
		int rc;
		switch (c) {
		case '&': rc = sbuf_addstr(sb, "&amp;"); break;
		case '<': rc = sbuf_addstr(sb, "&lt;"); break;
		case '>': rc = sbuf_addstr(sb, "&gt;"); break;
		case '"': rc = sbuf_addstr(sb, "&quot;"); break;
		case '\'': rc = sbuf_addstr(sb, "&#39;"); break;
		default:
			/* an invalid byte or a NUL (never in stored text) shows as U+FFFD */
			rc = (cp == 0xFFFD && k == 1) || c == 0 ? sbuf_addstr(sb, "\xEF\xBF\xBD") : sbuf_add(sb, s + i, k);
		}
		if (rc < 0)
			return -1;
		i += k;
	}
	return 0;
}

/* 1 when text[from, to) is only white space (a gap a mark may span). */
static int only_space(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (text[i] != ' ')
			return 0;
	return 1;
}

/* Append text[from, to), whose words are ts->t[t0, t1), with marks. */
static int emit(struct sbuf *sb, const char *text, size_t from, size_t to, const struct toks *ts, size_t t0,
		size_t t1, int collapse, int *marks)
{
	size_t pos = from;
	int open = 0, space = 0;
	for (size_t i = t0; i < t1; i++) {
		const struct tok *t = &ts->t[i];
		if (add_text(sb, text, pos, t->b, collapse, &space) < 0)
			return -1;
		if (t->match && !open) {
			if (sbuf_addstr(sb, "<mark>") < 0)
				return -1;
			open = 1;
			(*marks)++;
		}
		if (add_text(sb, text, t->b, t->e, collapse, &space) < 0)
			return -1;
		pos = t->e;
		if (open && !(i + 1 < t1 && ts->t[i + 1].match && only_space(text, t->e, ts->t[i + 1].b))) {
			if (sbuf_addstr(sb, "</mark>") < 0)
				return -1;
			open = 0;
		}
	}
	return add_text(sb, text, pos, to, collapse, &space);
}

static int finish(struct arena *a, struct sbuf *sb, char **out)
{
	if (!sbuf_ok(sb))
		return -1;
	char *r = arena_strndup(a, sb->buf, sb->len);
	if (!r)
		return -1;
	*out = r;
	return 0;
}

int search_highlight_html(struct arena *a, const char *text, size_t len, const struct search_query *q,
			  char **out)
{
	if (!text)
		len = 0;
	struct toks ts;
	struct sbuf *sb = arena_sbuf(a, len * 16 + 64);
	if (!sb || tokenize(a, text, len, q && q->nterms ? q : NULL, &ts) < 0)
		return -1;
	int marks = 0;
	if (emit(sb, text, 0, len, &ts, 0, ts.n, 0, &marks) < 0)
		return -1;
	return finish(a, sb, out);
}

/* Byte offset of code point `target` counting from byte `b` = code point `cb`. */
static size_t byte_at(const char *text, size_t len, size_t b, size_t cb, size_t target)
{
	const unsigned char *s = (const unsigned char *)text;
	while (b < len && cb < target) {
		uint32_t cp;
		b += decode(s + b, len - b, &cp);
		cb++;
	}
	return b;
}

int search_snippet_html(struct arena *a, const char *text, size_t len, const struct search_query *q,
			size_t max_chars, char **out, int *matched)
{
	if (matched)
		*matched = 0;
	if (!text)
		len = 0;
	if (max_chars < 20)
		max_chars = 20;
	struct toks ts;
	if (tokenize(a, text, len, q && q->nterms ? q : NULL, &ts) < 0)
		return -1;
	size_t first = ts.n;
	for (size_t i = 0; i < ts.n; i++)
		if (ts.t[i].match) {
			first = i;
			break;
		}
	/* the window [start, end) in bytes and code points, on word boundaries */
	size_t start = 0, cstart = 0, t0 = 0;
	if (first < ts.n && ts.t[first].ce + max_chars / 8 > max_chars && ts.cps > max_chars) {
		size_t want = ts.t[first].cb > max_chars / 4 ? ts.t[first].cb - max_chars / 4 : 0;
		t0 = first;
		while (t0 > 0 && ts.t[t0 - 1].cb >= want)
			t0--;
		start = ts.t[t0].b;
		cstart = ts.t[t0].cb;
	}
	size_t end = len, t1 = ts.n;
	if (ts.cps - cstart > max_chars) {
		size_t limit = cstart + max_chars;
		t1 = t0;
		while (t1 < ts.n && ts.t[t1].ce <= limit)
			t1++;
		if (t1 > t0) {
			end = ts.t[t1 - 1].e;
		} else {
			/* one word longer than the window, or no word at all: cut */
			end = byte_at(text, len, start, cstart, limit);
			t1 = t0;
		}
	}
	struct sbuf *sb = arena_sbuf(a, (end - start) * 16 + 64);
	if (!sb)
		return -1;
	int marks = 0;
	if ((start > 0 && sbuf_addstr(sb, "…") < 0) ||
	    emit(sb, text, start, end, &ts, t0, t1, 1, &marks) < 0)
		return -1;
	/* no white space before the ellipsis or at the end */
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sbuf_setlen(sb, sb->len - 1);
	if (end < len && sbuf_addstr(sb, "…") < 0)
		return -1;
	if (matched)
		*matched = marks > 0;
	return finish(a, sb, out);
}
