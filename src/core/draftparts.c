/*
 * draftparts.c - split a draft's plain text into labelled parts (Chương,
 * Mục, Điều, khoản, điểm) by the headings that begin its lines; the rules
 * are in draftparts.h. One pass over the lines, then labels made unique.
 */
#include "draftparts.h"
#include "arena.h"

#define TOKEN_MAX 12

static const char CHUONG[] = "Ch\xc6\xb0\xc6\xa1ng";   /* Chương */
static const char CHUONG_UP[] = "CH\xc6\xaf\xc6\xa0NG"; /* CHƯƠNG */
static const char MUC[] = "M\xe1\xbb\xa5" "c";           /* Mục */
static const char MUC_UP[] = "M\xe1\xbb\xa4" "C";        /* MỤC */
static const char DIEU[] = "\xc4\x90i\xe1\xbb\x81u";    /* Điều */
static const char DIEU_UP[] = "\xc4\x90I\xe1\xbb\x80U"; /* ĐIỀU */
static const char DD[] = "\xc4\x91";                     /* đ */

struct line {
	const char *p;     /* after leading spaces and tabs */
	size_t n;          /* to the end of line, without "\r\n" / "\n" */
};

struct heading {
	enum draft_level level;
	char token[TOKEN_MAX + 1];
};

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alnum(int c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_space(int c) { return c == ' ' || c == '\t'; }

/* After the word w at p (n bytes left): the number of bytes the word and
 * at least one following space take, or 0. */
static size_t word_then_space(const char *p, size_t n, const char *w)
{
	size_t wl = strlen(w), i;
	if (n <= wl || memcmp(p, w, wl) || !is_space((unsigned char)p[wl]))
		return 0;
	for (i = wl; i < n && is_space((unsigned char)p[i]); i++)
		;
	return i;
}

/* A run of [A-Za-z0-9] at p, at most TOKEN_MAX, copied into tok; its
 * length, or 0 when there is none or it is longer. */
static size_t token(const char *p, size_t n, char tok[TOKEN_MAX + 1])
{
	size_t i = 0;
	while (i < n && is_alnum((unsigned char)p[i]))
		i++;
	if (i == 0 || i > TOKEN_MAX)
		return 0;
	memcpy(tok, p, i);
	tok[i] = '\0';
	return i;
}

/* All digits, or all roman numerals (upper case). */
static int numeral(const char *t)
{
	int digits = 1, roman = 1;
	for (const char *c = t; *c; c++) {
		if (!is_digit((unsigned char)*c))
			digits = 0;
		if (!strchr("IVXLCDM", *c))
			roman = 0;
	}
	return digits || roman;
}

/* Whether the line is a heading, and which. */
static int heading_of(const struct line *l, struct heading *h)
{
	const char *p = l->p;
	size_t n = l->n, k, t;
	if ((k = word_then_space(p, n, CHUONG)) || (k = word_then_space(p, n, CHUONG_UP))) {
		t = token(p + k, n - k, h->token);
		if (t && numeral(h->token)) {
			h->level = DRAFT_CHUONG;
			return 1;
		}
		return 0;
	}
	if ((k = word_then_space(p, n, MUC)) || (k = word_then_space(p, n, MUC_UP))) {
		t = token(p + k, n - k, h->token);
		if (t && numeral(h->token)) {
			h->level = DRAFT_MUC;
			return 1;
		}
		return 0;
	}
	if ((k = word_then_space(p, n, DIEU)) || (k = word_then_space(p, n, DIEU_UP))) {
		size_t d = 0;
		while (k + d < n && is_digit((unsigned char)p[k + d]) && d < 5)
			d++;
		if (d == 0 || d == 5)
			return 0;
		size_t e = k + d;
		if (e < n && p[e] >= 'a' && p[e] <= 'z')
			e++;
		if (e >= n || (p[e] != '.' && p[e] != ':'))
			return 0;
		memcpy(h->token, p + k, e - k);
		h->token[e - k] = '\0';
		h->level = DRAFT_DIEU;
		return 1;
	}
	/* khoản: "12." then a space or the end */
	size_t d = 0;
	while (d < n && is_digit((unsigned char)p[d]) && d < 4)
		d++;
	if (d >= 1 && d <= 3 && d < n && p[d] == '.' && (d + 1 == n || is_space((unsigned char)p[d + 1]))) {
		memcpy(h->token, p, d);
		h->token[d] = '\0';
		h->level = DRAFT_KHOAN;
		return 1;
	}
	/* điểm: "a)" or "đ)" then a space or the end */
	size_t ll = 0;
	if (n >= 1 && p[0] >= 'a' && p[0] <= 'z')
		ll = 1;
	else if (n >= 2 && !memcmp(p, DD, 2))
		ll = 2;
	if (ll && ll < n && p[ll] == ')' && (ll + 1 == n || is_space((unsigned char)p[ll + 1]))) {
		memcpy(h->token, p, ll);
		h->token[ll] = '\0';
		h->level = DRAFT_DIEM;
		return 1;
	}
	return 0;
}

struct builder {
	struct arena *a;
	struct draft_part *parts;
	size_t n, alloc;
	const char *start; /* the open part's first byte, or NULL */
	enum draft_level level;
	const char *label;
};

/* Close the open part at `end`: copy its lines without "\r", line-end
 * spaces and trailing blank lines. A blank preamble is dropped. */
static int close_part(struct builder *b, const char *end)
{
	if (!b->start)
		return DRAFT_OK;
	size_t max = (size_t)(end - b->start);
	char *out = arena_alloc(b->a, max + 1);
	if (!out)
		return DRAFT_NOMEM;
	size_t o = 0, keep = 0; /* keep: length up to the last non-blank line */
	const char *p = b->start;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = le;
		while (q > p && (q[-1] == '\r' || is_space((unsigned char)q[-1])))
			q--;
		memcpy(out + o, p, (size_t)(q - p));
		o += (size_t)(q - p);
		if (q > p)
			keep = o;
		if (nl)
			out[o++] = '\n';
		p = nl ? nl + 1 : end;
	}
	out[keep] = '\0';
	b->start = NULL;
	if (keep == 0 && b->level == DRAFT_PREAMBLE)
		return DRAFT_OK;
	if (b->n == b->alloc) {
		if (b->n >= DRAFT_MAX_PARTS)
			return DRAFT_TOO_MANY;
		size_t na = b->alloc ? b->alloc * 2 : 16;
		if (na > DRAFT_MAX_PARTS)
			na = DRAFT_MAX_PARTS;
		struct draft_part *np = arena_alloc(b->a, na * sizeof(*np));
		if (!np)
			return DRAFT_NOMEM;
		if (b->n)
			memcpy(np, b->parts, b->n * sizeof(*np));
		b->parts = np;
		b->alloc = na;
	}
	b->parts[b->n++] = (struct draft_part){ .label = b->label, .text = out, .len = keep, .level = b->level };
	return DRAFT_OK;
}

/* "base, word tok", or "Word tok" without a base. */
static const char *under(struct arena *a, const char *base, const char *word, const char *word_cap,
			 const char *tok)
{
	if (base)
		return arena_printf(a, "%s, %s %s", base, word, tok);
	return arena_printf(a, "%s %s", word_cap, tok);
}

/* Make repeated labels unique with " (k)". */
static int unique_labels(struct arena *a, struct draft_part *parts, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(parts[j].label, parts[i].label))
				seen++;
		if (!seen)
			continue;
		/* the first free " (k)" */
		for (int k = seen + 1;; k++) {
			const char *l = arena_printf(a, "%s (%d)", parts[i].label, k);
			if (!l)
				return DRAFT_NOMEM;
			size_t j;
			for (j = 0; j < n && strcmp(parts[j].label, l); j++)
				;
			if (j == n) {
				parts[i].label = l;
				break;
			}
		}
	}
	return DRAFT_OK;
}

int draftparts_split(struct arena *a, const char *text, size_t len, struct draft_part **parts, size_t *n)
{
	struct builder b = { .a = a, .level = DRAFT_PREAMBLE, .label = "Phần mở đầu" };
	const char *chuong = NULL, *muc = NULL, *dieu = NULL, *khoan = NULL;
	const char *p = text, *end = text + len;
	int rc;
	*parts = NULL;
	*n = 0;
	b.start = text;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct line l = { .p = p, .n = 0 };
		while (l.p < le && is_space((unsigned char)*l.p))
			l.p++;
		l.n = (size_t)(le - l.p);
		while (l.n && (l.p[l.n - 1] == '\r' || is_space((unsigned char)l.p[l.n - 1])))
			l.n--; /* as close_part() trims it */
		struct heading h;
		if (heading_of(&l, &h)) {
			const char *label = NULL, *base;
			switch (h.level) {
			case DRAFT_CHUONG:
				label = chuong = arena_printf(a, "Ch\xc6\xb0\xc6\xa1ng %s", h.token);
				muc = dieu = khoan = NULL;
				break;
			case DRAFT_MUC:
				label = muc = chuong ? arena_printf(a, "%s, M\xe1\xbb\xa5" "c %s", chuong, h.token)
						     : arena_printf(a, "M\xe1\xbb\xa5" "c %s", h.token);
				dieu = khoan = NULL;
				break;
			case DRAFT_DIEU:
				label = dieu = arena_printf(a, "\xc4\x90i\xe1\xbb\x81u %s", h.token);
				khoan = NULL;
				break;
			case DRAFT_KHOAN:
				base = dieu ? dieu : muc ? muc : chuong;
				label = khoan = under(a, base, "kho\xe1\xba\xa3n", "Kho\xe1\xba\xa3n", h.token);
				break;
			case DRAFT_DIEM:
			default:
				base = khoan ? khoan : dieu ? dieu : muc ? muc : chuong;
				label = under(a, base, "\xc4\x91i\xe1\xbb\x83m", "\xc4\x90i\xe1\xbb\x83m", h.token);
				break;
			}
			if (!label)
				return DRAFT_NOMEM;
			if ((rc = close_part(&b, p)) < 0)
				return rc;
			b.start = l.p;
			b.level = h.level;
			b.label = label;
		}
		p = nl ? nl + 1 : end;
	}
	if ((rc = close_part(&b, end)) < 0)
		return rc;
	if ((rc = unique_labels(a, b.parts, b.n)) < 0)
		return rc;
	*parts = b.parts;
	*n = b.n;
	return DRAFT_OK;
}
