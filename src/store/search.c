/*
 * search.c - turns what a person types into a safe FTS5 MATCH expression
 * over the folded search index, adds facet filters to it, installs the SQL
 * functions the index needs (vn_fold, vn_feedback_tags, vn_rank) and
 * maintains it. The index itself is defined in
 * migrations/sqlite/0004_search.sql.
 */
#include "store/search.h"
#include "store/consultation.h"
#include "store/article.h"
#include "store/meeting.h"
#include "store/rows.h"
#include "store/db.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/vntext.h"

#include <sqlite3.h>

/* --- parsing ------------------------------------------------------------------ */

/* Length of the quote character at s (bytes), 0 when s is not a quote:
 * " U+00AB « U+00BB » U+201C “ U+201D ” U+201E „ U+FF02 ＂ */
static size_t quote_len(const unsigned char *s, size_t n)
{
	if (s[0] == '"')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xAB || s[1] == 0xBB))
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x9D || s[2] == 0x9E))
		return 3;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x82)
		return 3;
	return 0;
}

struct parse {
	struct arena *a;
	struct search_term *terms;
	size_t n, cap;
	size_t words;              /* words used, with repeats inside phrases */
	int truncated;
	struct sbuf *expr;
	struct sbuf *tsq, *tsq_public; /* the same as PostgreSQL tsquery text */
};

static int add_term(struct parse *p, const char *w, size_t len, int prefix, int phrase)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->terms[i].len == len && !memcmp(p->terms[i].word, w, len)) {
			p->terms[i].prefix |= prefix;
			p->terms[i].phrase |= phrase;
			return 0;
		}
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 8;
		struct search_term *t = arena_alloc(p->a, ncap * sizeof(*t));
		if (!t)
			return -1;
		if (p->n)
			memcpy(t, p->terms, p->n * sizeof(*t));
		p->terms = t;
		p->cap = ncap;
	}
	char *copy = arena_strndup(p->a, w, len);
	if (!copy)
		return -1;
	p->terms[p->n++] = (struct search_term){ copy, len, prefix, phrase };
	return 0;
}

/* Append one FTS5 string of folded words (quotes doubled, though folded
 * words never hold one) with an optional prefix star. */
static int add_string(struct sbuf *sb, const char *s, size_t len, int prefix)
{
	if (sb->len && sbuf_addch(sb, ' ') < 0)
		return -1;
	if (sbuf_addch(sb, '"') < 0)
		return -1;
	for (size_t i = 0; i < len; i++)
		if ((s[i] == '"' && sbuf_addch(sb, '"') < 0) || sbuf_addch(sb, s[i]) < 0)
			return -1;
	if (sbuf_addch(sb, '"') < 0)
		return -1;
	return prefix ? sbuf_addch(sb, '*') : 0;
}

/* Append one lexeme of a tsquery, quoted (quotes and backslashes escaped,
 * though folded words never hold one), with its prefix star and weights. */
static int add_lexeme(struct sbuf *sb, const char *w, size_t len, int prefix, const char *weights)
{
	int bad = sbuf_addch(sb, '\'') < 0;
	for (size_t i = 0; i < len; i++) {
		if (w[i] == '\'' || w[i] == '\\')
			bad |= sbuf_addch(sb, w[i]) < 0;
		bad |= sbuf_addch(sb, w[i]) < 0;
	}
	bad |= sbuf_addch(sb, '\'') < 0;
	if (prefix || *weights)
		bad |= sbuf_addf(sb, ":%s%s", prefix ? "*" : "", weights) < 0;
	return bad ? -1 : 0;
}

/* Append "all these words" terms to the tsquery texts (PostgreSQL): one
 * word, or the nw words of a phrase joined by <-> (followed by). The
 * public one restricts every lexeme to the weights of title, place and
 * body (migrations/postgresql/0004_search.sql). */
static int add_tsq(struct parse *p, const char *const *w, const size_t *wl, size_t nw, int prefix)
{
	struct sbuf *sbs[2] = { p->tsq, p->tsq_public };
	for (int k = 0; k < 2; k++) {
		struct sbuf *sb = sbs[k];
		int bad = sb->len && sbuf_addstr(sb, " & ") < 0;
		if (nw > 1)
			bad |= sbuf_addch(sb, '(') < 0;
		for (size_t i = 0; i < nw; i++) {
			if (i)
				bad |= sbuf_addstr(sb, " <-> ") < 0;
			bad |= add_lexeme(sb, w[i], wl[i], prefix, k ? "ABC" : "") < 0;
		}
		if (nw > 1)
			bad |= sbuf_addch(sb, ')') < 0;
		if (bad)
			return -1;
	}
	return 0;
}

/*
 * One segment of the typed text: a quoted phrase (quoted = 1) or loose
 * words. `last` marks the final segment that holds words; `open_end` says
 * that the typed text ends inside a word (so its last word is a prefix).
 */
static int add_segment(struct parse *p, const char *s, size_t len, int quoted, int last, int open_end)
{
	char *key = NULL;
	size_t klen = 0;
	int rc = vntext_fold(p->a, s, len, &key, &klen);
	if (rc == VNTEXT_NOMEM)
		return SEARCH_NOMEM;
	if (rc != VNTEXT_OK)
		return SEARCH_INVALID_UTF8;
	/* the words of the key, at most what is left of SEARCH_MAX_TERMS */
	const char *w[SEARCH_MAX_TERMS];
	size_t wl[SEARCH_MAX_TERMS], nw = 0;
	for (size_t i = 0; i < klen;) {
		while (i < klen && key[i] == ' ')
			i++;
		size_t b = i;
		while (i < klen && key[i] != ' ')
			i++;
		if (i == b)
			break;
		if (p->words + nw == SEARCH_MAX_TERMS) {
			p->truncated = 1;
			last = 0; /* the word being typed was dropped */
			break;
		}
		w[nw] = key + b;
		wl[nw++] = i - b;
	}
	if (!nw)
		return SEARCH_OK;
	p->words += nw;
	if (quoted && nw > 1) {
		/* one FTS5 string of several tokens is a phrase */
		const char *from = w[0];
		size_t plen = (size_t)(w[nw - 1] + wl[nw - 1] - from);
		if (add_string(p->expr, from, plen, 0) < 0 || add_tsq(p, w, wl, nw, 0) < 0)
			return SEARCH_NOMEM;
		for (size_t i = 0; i < nw; i++)
			if (add_term(p, w[i], wl[i], 0, 1) < 0)
				return SEARCH_NOMEM;
		return SEARCH_OK;
	}
	for (size_t i = 0; i < nw; i++) {
		int prefix = !quoted && last && open_end && i == nw - 1 && wl[i] >= SEARCH_MIN_PREFIX &&
			     wl[i] <= SEARCH_MAX_PREFIX;
		/* a repeated loose word adds nothing to "all these words" */
		int seen = 0;
		for (size_t k = 0; k < p->n; k++)
			if (!p->terms[k].phrase && p->terms[k].len == wl[i] && !memcmp(p->terms[k].word, w[i], wl[i]) &&
			    p->terms[k].prefix == prefix)
				seen = 1;
		if (!seen && (add_string(p->expr, w[i], wl[i], prefix) < 0 || add_tsq(p, &w[i], &wl[i], 1, prefix) < 0))
			return SEARCH_NOMEM;
		if (add_term(p, w[i], wl[i], prefix, 0) < 0)
			return SEARCH_NOMEM;
	}
	return SEARCH_OK;
}

/* 1 when the text ends inside a word: its last code point is not ASCII
 * punctuation or space (non-ASCII letters end words in Vietnamese). */
static int ends_in_word(const char *s, size_t len)
{
	if (!len)
		return 0;
	unsigned char c = (unsigned char)s[len - 1];
	if (c >= 0x80)
		return 1;
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int search_query_parse(struct arena *a, const char *typed, size_t len, struct search_query *out)
{
	memset(out, 0, sizeof(*out));
	if (!typed)
		len = 0;
	int truncated = 0;
	if (len > SEARCH_MAX_INPUT) {
		len = SEARCH_MAX_INPUT;
		/* cut on a code point boundary */
		while (len && ((unsigned char)typed[len] & 0xC0) == 0x80)
			len--;
		truncated = 1;
	}
	if (len && !utf8_valid(typed, len))
		return SEARCH_INVALID_UTF8;
	struct sbuf *expr = arena_sbuf(a, 4 * SEARCH_MAX_INPUT + 64);
	if (!expr)
		return SEARCH_NOMEM;
	struct sbuf *tsq = arena_sbuf(a, 8 * SEARCH_MAX_INPUT + 64);
	struct sbuf *tsq_public = arena_sbuf(a, 8 * SEARCH_MAX_INPUT + 64);
	if (!tsq || !tsq_public)
		return SEARCH_NOMEM;
	struct parse p = { .a = a, .truncated = truncated, .expr = expr, .tsq = tsq, .tsq_public = tsq_public };

	/* segments between quotes; with an odd number of quotes the last one
	 * opens nothing */
	const unsigned char *u = (const unsigned char *)typed;
	size_t nquotes = 0;
	for (size_t i = 0; i < len;) {
		size_t q = quote_len(u + i, len - i);
		nquotes += q > 0;
		i += q ? q : 1;
	}
	size_t usable = nquotes - (nquotes & 1); /* quotes that pair up */
	struct seg {
		size_t from, to;
		int quoted;
	} *segs = arena_alloc(a, (nquotes + 1) * sizeof(*segs));
	if (!segs)
		return SEARCH_NOMEM;
	size_t nseg = 0, start = 0, seen = 0;
	int in_quote = 0;
	for (size_t i = 0; i < len;) {
		size_t q = quote_len(u + i, len - i);
		if (q && seen < usable) {
			segs[nseg++] = (struct seg){ start, i, in_quote };
			in_quote = !in_quote;
			seen++;
			i += q;
			start = i;
			continue;
		}
		if (q) {
			/* the unpaired quote: a separator */
			segs[nseg++] = (struct seg){ start, i, in_quote };
			i += q;
			start = i;
			continue;
		}
		i++;
	}
	segs[nseg++] = (struct seg){ start, len, in_quote };
	/* the last segment with text, for the prefix */
	size_t last = nseg;
	for (size_t i = nseg; i-- > 0;)
		if (segs[i].to > segs[i].from) {
			last = i;
			break;
		}
	int open_end = ends_in_word(typed, len);
	for (size_t i = 0; i < nseg; i++) {
		if (segs[i].to == segs[i].from)
			continue;
		int rc = add_segment(&p, typed + segs[i].from, segs[i].to - segs[i].from, segs[i].quoted,
				     i == last && segs[i].to == len, open_end);
		if (rc < 0) {
			memset(out, 0, sizeof(*out));
			return rc;
		}
	}
	out->truncated = p.truncated;
	if (!p.n)
		return SEARCH_OK;
	if (!sbuf_ok(expr) || !sbuf_ok(tsq) || !sbuf_ok(tsq_public))
		return SEARCH_NOMEM;
	char *m = arena_printf(a, "{title body place internal} : (%s)", expr->buf);
	char *mp = arena_printf(a, "{title body place} : (%s)", expr->buf);
	if (!m || !mp)
		return SEARCH_NOMEM;
	out->match = m;
	out->match_public = mp;
	out->tsquery = tsq->buf;
	out->tsquery_public = tsq_public->buf;
	out->terms = p.terms;
	out->nterms = p.n;
	return SEARCH_OK;
}

/* --- facets --------------------------------------------------------------------- */

int search_facet_begin_syn(struct sbuf *sb, enum search_syntax syn)
{
	if (syn == SEARCH_TSQUERY)
		return sbuf_addstr(sb, sb->len ? " & (" : "(");
	return sbuf_addstr(sb, " AND tags : (");
}

static int facet_sep(struct sbuf *sb, enum search_syntax syn)
{
	if (!sb->len || sb->buf[sb->len - 1] == '(')
		return 0;
	return sbuf_addstr(sb, syn == SEARCH_TSQUERY ? " | " : " OR ");
}

int search_facet_add_int_syn(struct sbuf *sb, enum search_syntax syn, const char *prefix, int64_t v)
{
	if (facet_sep(sb, syn) < 0)
		return -1;
	char q = syn == SEARCH_TSQUERY ? '\'' : '"';
	return sbuf_addf(sb, "%c%s%lld%c", q, prefix, (long long)v, q);
}

int search_facet_add_str_syn(struct sbuf *sb, enum search_syntax syn, const char *prefix, const char *str)
{
	if (facet_sep(sb, syn) < 0)
		return -1;
	/* tokens are the fixed words of search.h; a quote would be doubled */
	char q = syn == SEARCH_TSQUERY ? '\'' : '"';
	if (sbuf_addch(sb, q) < 0 || sbuf_addstr(sb, prefix) < 0)
		return -1;
	for (const char *c = str; *c; c++)
		if (((*c == q || (syn == SEARCH_TSQUERY && *c == '\\')) && sbuf_addch(sb, *c) < 0) ||
		    sbuf_addch(sb, *c) < 0)
			return -1;
	return sbuf_addch(sb, q);
}

int search_facet_end(struct sbuf *sb)
{
	return sbuf_addch(sb, ')');
}

int search_facet_months_syn(struct sbuf *sb, enum search_syntax syn, int64_t from, int64_t to)
{
	if (from <= 0 || to <= from)
		return 0;
	struct civil a, b;
	time_to_vn(from, &a);
	time_to_vn(to - 1, &b);
	int64_t first = (int64_t)a.year * 12 + (a.month - 1), last = (int64_t)b.year * 12 + (b.month - 1);
	if (last - first >= 48)
		return 0;
	if (search_facet_begin_syn(sb, syn) < 0)
		return -1;
	for (int64_t m = first; m <= last; m++)
		if (search_facet_add_int_syn(sb, syn, "m", (m / 12) * 100 + m % 12 + 1) < 0)
			return -1;
	return search_facet_end(sb);
}

int search_facet_begin(struct sbuf *sb)
{
	return search_facet_begin_syn(sb, SEARCH_FTS5);
}

int search_facet_add_int(struct sbuf *sb, const char *prefix, int64_t v)
{
	return search_facet_add_int_syn(sb, SEARCH_FTS5, prefix, v);
}

int search_facet_add_str(struct sbuf *sb, const char *prefix, const char *str)
{
	return search_facet_add_str_syn(sb, SEARCH_FTS5, prefix, str);
}

int search_facet_months(struct sbuf *sb, int64_t from, int64_t to)
{
	return search_facet_months_syn(sb, SEARCH_FTS5, from, to);
}

size_t search_feedback_tags(char *buf, int pub, const char *status, int64_t unit_id, int64_t intake_unit_id,
			    int64_t created_by, int64_t category_id, int64_t received_at, int has_received)
{
	const size_t cap = SEARCH_TAGS_MAX;
	size_t n = 0;
	/* the status is one of the CHECKed words; anything else gets no token */
	int st_ok = status && strlen(status) < 16 && strspn(status, "abcdefghijklmnopqrstuvwxyz") == strlen(status);
	if (pub && st_ok && (!strcmp(status, "published") || !strcmp(status, "closed")))
		n += (size_t)snprintf(buf + n, cap - n, "vpub ");
	if (st_ok)
		n += (size_t)snprintf(buf + n, cap - n, "s%s ", status);
	if (unit_id || intake_unit_id)
		n += (size_t)snprintf(buf + n, cap - n, "u%lld ", (long long)(unit_id ? unit_id : intake_unit_id));
	if (unit_id)
		n += (size_t)snprintf(buf + n, cap - n, "h%lld ", (long long)unit_id);
	if (created_by)
		n += (size_t)snprintf(buf + n, cap - n, "a%lld ", (long long)created_by);
	if (category_id)
		n += (size_t)snprintf(buf + n, cap - n, "c%lld ", (long long)category_id);
	if (has_received) {
		struct civil c;
		time_to_vn(received_at, &c);
		n += (size_t)snprintf(buf + n, cap - n, "m%04d%02d ", c.year, c.month);
	}
	if (n >= cap)
		n = cap - 1; /* cannot happen: 7 tokens of at most 24 bytes */
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = 0;
	return n;
}

/* --- SQL functions ------------------------------------------------------------------ */

/* vn_fold(text): the search key of vntext_fold(). */
static void sql_vn_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	if (!s || n < 0) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	/* NFKD can lengthen a few characters up to 18-fold (U+FDFA) */
	struct sbuf sb = SBUF_INIT((size_t)n * 18 + 64);
	int rc = vntext_fold_sbuf(&sb, s, (size_t)n);
	if (rc == VNTEXT_INVALID_UTF8) {
		sqlite3_result_null(cx);
	} else if (rc != VNTEXT_OK) {
		sqlite3_result_error_nomem(cx);
	} else if (sb.len == 0) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
	} else {
		size_t len = 0;
		char *buf = sbuf_detach(&sb, &len);
		sqlite3_result_text64(cx, buf, len, free, SQLITE_UTF8);
	}
	sbuf_release(&sb);
}

/* vn_feedback_tags(public, status, unit_id, intake_unit_id, created_by,
 * category_id, received_at): the facet tokens of an item (search.h). */
static void sql_vn_feedback_tags(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	char buf[SEARCH_TAGS_MAX];
	int64_t v[7];
	for (int i = 2; i < 7; i++)
		v[i] = sqlite3_value_type(argv[i]) == SQLITE_NULL ? 0 : sqlite3_value_int64(argv[i]);
	size_t n = search_feedback_tags(buf, sqlite3_value_int(argv[0]) == 1, (const char *)sqlite3_value_text(argv[1]),
					v[2], v[3], v[4], v[5], v[6], sqlite3_value_type(argv[6]) != SQLITE_NULL);
	sqlite3_result_text(cx, buf, (int)n, SQLITE_TRANSIENT);
}

/* --- ranking ------------------------------------------------------------------------- */

#define RANK_COLS 5                  /* title, body, place, internal, tags */
#define RANK_PHRASES (SEARCH_MAX_TERMS + 1)
static const double rank_weight[RANK_COLS] = { 4.0, 1.0, 2.0, 1.0, 0.0 };

/* Per statement: the average length of each column (auxdata). */
struct rank_avg {
	double avg[RANK_COLS];
};

/*
 * vn_rank(): BM25's term-frequency part (k1 = 1.2, b = 0.75) summed over
 * the query's phrases and the weighted columns, without IDF (search.h says
 * why); negated, so that lower is better like bm25(). Facet phrases only
 * ever match the tags column, whose weight is 0.
 */
static void sql_vn_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *cx, int nval,
			sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	int ncol = api->xColumnCount(fts);
	if (ncol > RANK_COLS)
		ncol = RANK_COLS;
	struct rank_avg *ra = api->xGetAuxdata(fts, 0);
	if (!ra) {
		ra = sqlite3_malloc(sizeof(*ra));
		if (!ra) {
			sqlite3_result_error_nomem(cx);
			return;
		}
		sqlite3_int64 rows = 0;
		int rc = api->xRowCount(fts, &rows);
		for (int c = 0; c < RANK_COLS; c++) {
			sqlite3_int64 total = 0;
			if (rc == SQLITE_OK && c < ncol)
				rc = api->xColumnTotalSize(fts, c, &total);
			ra->avg[c] = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
		}
		if (rc != SQLITE_OK) {
			sqlite3_free(ra);
			sqlite3_result_error_code(cx, rc);
			return;
		}
		rc = api->xSetAuxdata(fts, ra, sqlite3_free);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(cx, rc);
			return;
		}
	}
	int tf[RANK_PHRASES][RANK_COLS];
	memset(tf, 0, sizeof(tf));
	int ninst = 0;
	int rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int ph, col, off;
		rc = api->xInst(fts, i, &ph, &col, &off);
		if (rc == SQLITE_OK && ph >= 0 && ph < RANK_PHRASES && col >= 0 && col < ncol)
			tf[ph][col]++;
	}
	double score = 0;
	for (int c = 0; rc == SQLITE_OK && c < ncol; c++) {
		if (rank_weight[c] == 0)
			continue;
		int len = 0;
		rc = api->xColumnSize(fts, c, &len);
		double norm = k1 * (1 - b + b * (double)len / ra->avg[c]);
		for (int p = 0; p < RANK_PHRASES; p++)
			if (tf[p][c])
				score += rank_weight[c] * (tf[p][c] * (k1 + 1)) / (tf[p][c] + norm);
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(cx, rc);
		return;
	}
	sqlite3_result_double(cx, -score);
}

/* The fts5_api of a connection (the documented "SELECT fts5(?1)" way). */
static fts5_api *fts5_of(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int search_sqlite_register(struct sqlite3 *h)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function_v2(h, "vn_fold", 1, flags, NULL, sql_vn_fold, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(h, "vn_feedback_tags", 7, flags, NULL, sql_vn_feedback_tags, NULL, NULL,
				       NULL) != SQLITE_OK)
		return -1;
	fts5_api *api = fts5_of(h);
	if (!api || api->iVersion < 2 || api->xCreateFunction(api, "vn_rank", NULL, sql_vn_rank, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

/* --- maintenance --------------------------------------------------------------- */

/* One query's single integer (count, max...), 0 when it is NULL. */
static int query_int(struct db *db, const char *sql, int64_t arg, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc = arg >= 0 ? db_bind_int(st, 1, arg) : DB_OK;
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_col_is_null(st, 0) ? 0 : db_col_int(st, 0);
		rc = DB_OK;
	} else if (rc >= 0) {
		rc = DB_ERROR;
	}
	db_done(st);
	return rc;
}

static int run_bound(struct db *db, const char *sql, int64_t bound)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int(st, 1, bound);
	if (rc == DB_OK)
		rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

/* Rows per transaction when indexing the whole queue: FTS5 keeps a batch's
 * terms in memory until the commit. */
#define INDEX_CHUNK 20000

/*
 * PostgreSQL has no vn_fold(): the folded columns are computed here, with
 * the same rules as the SQLite triggers and view (0004/0006/0012): title,
 * body and place are the public versions; internal, only for a redacted
 * item, the original title and body, and the original place when the place
 * is redacted. Text that is not UTF-8 folds to NULL (not indexed).
 */
#define FEEDBACK_SRC_COLS                                                                               \
	"f.title, f.body, f.place, f.public_title, f.public_body, f.public_place, f.public, f.status, " \
	"f.unit_id, f.intake_unit_id, f.created_by, f.category_id, f.received_at"
#define FEEDBACK_SRC_NCOLS 13

struct folded {
	const char *col[4]; /* title, body, place, internal */
	char tags[SEARCH_TAGS_MAX];
};

static const char *fold_or_null(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *out = NULL;
	return vntext_fold(a, s, strlen(s), &out, NULL) == VNTEXT_OK ? out : NULL;
}

/* The folded row of the FEEDBACK_SRC_COLS that start at column c0. */
static int fold_feedback(struct arena *a, struct db_stmt *st, int c0, struct folded *out)
{
	const char *title = db_col_text(st, c0), *body = db_col_text(st, c0 + 1), *place = db_col_text(st, c0 + 2);
	const char *ptitle = db_col_text(st, c0 + 3), *pbody = db_col_text(st, c0 + 4);
	const char *pplace = db_col_text(st, c0 + 5);
	out->col[0] = fold_or_null(a, ptitle ? ptitle : title);
	out->col[1] = fold_or_null(a, pbody ? pbody : body);
	out->col[2] = fold_or_null(a, pplace ? pplace : place);
	out->col[3] = NULL;
	if (ptitle || pbody || pplace) {
		const char *orig = pplace ? arena_printf(a, "%s %s %s", title ? title : "", body ? body : "",
							  place ? place : "")
					  : arena_printf(a, "%s %s", title ? title : "", body ? body : "");
		if (!orig)
			return -1;
		out->col[3] = fold_or_null(a, orig);
	}
	search_feedback_tags(out->tags, (int)db_col_int(st, c0 + 6), db_col_text(st, c0 + 7), rows_int_or(st, c0 + 8, 0),
			     rows_int_or(st, c0 + 9, 0), rows_int_or(st, c0 + 10, 0), rows_int_or(st, c0 + 11, 0), rows_int_or(st, c0 + 12, 0),
			     !db_col_is_null(st, c0 + 12));
	return 0;
}

/* PostgreSQL: make the index's partitions (0049) up to the one that holds
 * key `rowid`, in the caller's transaction if one is open. */
static int search_extend_pg(struct db *db, int64_t rowid)
{
	int64_t top;
	return query_int(db, "SELECT search_fts_extend($1)", rowid, &top);
}

/* Rows of search_fts written by one statement when indexing on PostgreSQL. */
#define INDEX_PG_ROWS 500

/* Write the folded rows gathered in `rows` (STOLEN) over what an earlier
 * version of each left, with one statement. */
static int upsert_rows_pg(struct db *db, json_t *rows, int64_t *last)
{
	/* the rows come in key order: the last one's partition, and any
	 * missing below it, made first (0049; a look-up when they exist) */
	json_t *tail = json_array_get(rows, json_array_size(rows) - 1);
	*last = (int64_t)json_integer_value(json_object_get(tail, "id"));
	if (search_extend_pg(db, *last) < 0) {
		json_decref(rows);
		return DB_ERROR;
	}
	struct db_stmt *up = rows_prepare_json(db, "INSERT INTO search_fts(rowid, title, body, place, internal, tags) "
						   "SELECT id, title, body, place, internal, tags "
						   "FROM json_to_recordset($1::json) AS x(id bigint, title text, body text, "
						   "place text, internal text, tags text) "
						   "ORDER BY id ON CONFLICT (rowid) DO UPDATE SET "
						   "title = excluded.title, body = excluded.body, place = excluded.place, "
						   "internal = excluded.internal, tags = excluded.tags",
					       rows);
	int rc = up ? db_step(up) : DB_ERROR;
	db_done(up);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

/*
 * PostgreSQL: take the oldest `max` queued rows off the queue and index
 * them (inside the caller's transaction), each written whole over what an
 * earlier version left, INDEX_PG_ROWS rows a statement; *n = how many were
 * taken. One statement deletes the rows and reads their items, so exactly
 * the rows read are the rows taken: in READ COMMITTED a queue row another
 * connection committed between a read and a later DELETE up to a bound (an
 * item changed by an officer, a submission of another server) was deleted
 * unindexed. A row queued again while this pass holds it waits for the
 * COMMIT and is queued anew; rows another server's pass holds are skipped.
 * *found_public: set when an item the public may find was indexed.
 */
static int index_rows_pg(struct db *db, int64_t max, int *found_public, int64_t *n, int64_t *last)
{
	struct db_stmt *sel = db_prepare(db, "WITH d AS (DELETE FROM search_pending WHERE id IN (SELECT id "
					     "FROM search_pending ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id) "
					     "SELECT d.id, " FEEDBACK_SRC_COLS ", f.id FROM d LEFT JOIN feedback f "
					     "ON f.id = d.id - " SEARCH_FEEDBACK_BASE_SQL " AND d.id >= " SEARCH_FEEDBACK_BASE_SQL
					     " AND d.id < 2 * " SEARCH_FEEDBACK_BASE_SQL " ORDER BY d.id");
	if (!sel)
		return DB_ERROR;
	json_t *rows = NULL;
	int rc = db_bind_int(sel, 1, max);
	while (rc >= 0 && (rc = db_step(sel)) == DB_ROW) {
		(*n)++;
		if (db_col_is_null(sel, 1 + FEEDBACK_SRC_NCOLS))
			continue; /* not a feedback item's row, or its item is gone */
		struct arena a;
		arena_init(&a, 16384);
		struct folded fo;
		json_t *o = NULL;
		if (!rows)
			rows = json_array();
		if (!rows || fold_feedback(&a, sel, 1, &fo) < 0 ||
		    !(o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s}", "id", (json_int_t)db_col_int(sel, 0), "title",
				    rows_json_text(fo.col[0]), "body", rows_json_text(fo.col[1]), "place",
				    rows_json_text(fo.col[2]), "internal", rows_json_text(fo.col[3]), "tags", fo.tags)) ||
		    json_array_append_new(rows, o) < 0) {
			rc = DB_ERROR;
		} else {
			const char *status = db_col_text(sel, 8);
			if (db_col_int(sel, 7) == 1 && status &&
			    (!strcmp(status, "published") || !strcmp(status, "closed")))
				*found_public = 1;
			if (json_array_size(rows) == INDEX_PG_ROWS) {
				rc = upsert_rows_pg(db, rows, last) < 0 ? DB_ERROR : DB_ROW;
				rows = NULL;
			}
		}
		arena_release(&a);
	}
	db_done(sel);
	if (rc == DB_DONE && rows && json_array_size(rows))
		rc = upsert_rows_pg(db, rows, last) < 0 ? DB_ERROR : DB_DONE;
	else
		json_decref(rows);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

/* The end of index_chunk()'s transaction: COMMIT when all went well,
 * else ROLLBACK and nothing was indexed. */
static int finish_chunk(struct db *db, int rc, int64_t *n)
{
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc < 0) {
		db_rollback(db);
		*n = 0;
	}
	return rc;
}

/* Index the oldest `max` queued rows in one transaction; *n = how many. */
static int index_chunk(struct db *db, int64_t max, int64_t *n)
{
	*n = 0;
	if (db_is_pg(db)) {
		/* without the write lock, beside the writers: the queue's row
		 * locks keep it right (migrations/postgresql/0046) */
		int rc = db_begin_shared(db);
		if (rc < 0)
			return rc;
		int found_public = 0;
		int64_t last = 0;
		rc = finish_chunk(db, index_rows_pg(db, max, &found_public, n, &last), n);
		/* the next partition made ahead, in a transaction of its own: a
		 * pass then seldom makes one inside its own, where it waits
		 * (attaching) for other servers' passes */
		if (rc == DB_OK && last > 0)
			rc = search_extend_pg(db, last + SEARCH_PART_KEYS);
		/* news: bump the public stamp (0024) when an item the public may
		 * find was indexed, as SQLite does below; known here from the rows
		 * just folded (a query over the queue joined to the items was
		 * planned over the public items' index, every one of them: 18 ms
		 * a pass at a few thousand items). After the commit, in a
		 * statement of its own: a change's triggers lock this row before
		 * the queue's, the reverse of the indexer's order. A page cached
		 * meanwhile under the old stamp is dropped by the new one. */
		if (rc == DB_OK && found_public)
			rc = db_run(db, "UPDATE public_versions SET version = version + 1, "
					"at = floor(extract(epoch FROM clock_timestamp()))::bigint WHERE kind = 'feedback'");
		return rc;
	}
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	/* SQLite: BEGIN IMMEDIATE holds the database from the start, so no
	 * other connection queues a row between the bound read here and the
	 * DELETE up to it */
	int64_t bound = 0;
	rc = query_int(db, "SELECT max(id) FROM (SELECT id FROM search_pending ORDER BY id LIMIT $1) AS x", max,
		       &bound);
	/* the same expressions as the triggers of 0004/0006/0012 (rowids of the
	 * feedback kind only; other kinds add their own statement) */
	if (rc == DB_OK && bound)
		rc = run_bound(db,
			       "INSERT INTO search_fts(rowid, title, body, place, internal, tags) "
			       "SELECT p.id, vn_fold(coalesce(f.public_title, f.title)), "
			       "vn_fold(coalesce(f.public_body, f.body)), vn_fold(coalesce(f.public_place, f.place)), "
			       "CASE WHEN f.public_title IS NULL AND f.public_body IS NULL AND f.public_place IS NULL "
			       "THEN NULL WHEN f.public_place IS NULL THEN vn_fold(f.title || ' ' || f.body) "
			       "ELSE vn_fold(f.title || ' ' || f.body || ' ' || coalesce(f.place, '')) END, "
			       "vn_feedback_tags(f.public, f.status, f.unit_id, f.intake_unit_id, f.created_by, "
			       "f.category_id, f.received_at) "
			       "FROM search_pending p JOIN feedback f ON f.id = p.id - " SEARCH_FEEDBACK_BASE_SQL " "
			       "WHERE p.id <= $1 AND p.id >= " SEARCH_FEEDBACK_BASE_SQL " AND p.id < 2 * "
			       SEARCH_FEEDBACK_BASE_SQL " ORDER BY p.id",
			       bound);
	/* news: an item the public may find changes what the cached public
	 * searches answer now that it is indexed, not only when its row changed
	 * (it was unfindable while queued): bump the public stamp (0024) */
	if (rc == DB_OK && bound)
		rc = run_bound(db,
			"UPDATE public_versions SET version = version + 1, at = CAST(strftime('%s', 'now') AS INTEGER) "
			"WHERE kind = 'feedback' AND EXISTS (SELECT 1 FROM search_pending p JOIN feedback f "
			"ON f.id = p.id - " SEARCH_FEEDBACK_BASE_SQL " WHERE p.id <= $1 AND p.id >= " SEARCH_FEEDBACK_BASE_SQL
			" AND p.id < 2 * " SEARCH_FEEDBACK_BASE_SQL " AND f.public = 1 AND f.status IN ('published', 'closed'))",
			bound);
	if (rc == DB_OK && bound) {
		rc = run_bound(db, "DELETE FROM search_pending WHERE id <= $1", bound);
		*n = db_changes(db); /* the rows just indexed */
	}
	return finish_chunk(db, rc, n);
}

int search_index_pending(struct db *db, int64_t max, int64_t *done, int64_t *left)
{
	int64_t total = 0, any = 0;
	int rc = DB_OK;
	for (;;) {
		/* a read first: no write lock when nothing waits */
		rc = query_int(db, "SELECT count(*) FROM (SELECT 1 FROM search_pending LIMIT 1) AS x", -1, &any);
		if (rc < 0 || !any)
			break;
		int64_t want = max > 0 ? max - total : INDEX_CHUNK;
		if (want <= 0)
			break;
		if (want > INDEX_CHUNK)
			want = INDEX_CHUNK;
		int64_t n = 0;
		rc = index_chunk(db, want, &n);
		total += n;
		if (rc < 0 || n == 0)
			break;
	}
	if (done)
		*done = total;
	if (rc == DB_OK && left)
		rc = query_int(db, "SELECT count(*) FROM search_pending", -1, left);
	return rc;
}

int search_merge(struct db *db, int pages, int *worked)
{
	if (worked)
		*worked = 0;
	if (db_is_pg(db))
		return DB_OK; /* GIN merges its pending list itself (autovacuum) */
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	int64_t before = db_total_changes(db);
	struct db_stmt *st = db_prepare(db, "INSERT INTO search_fts(search_fts, rank) VALUES ('merge', $1)");
	if (!st) {
		db_rollback(db);
		return DB_ERROR;
	}
	rc = db_bind_int(st, 1, pages > 0 ? pages : 1);
	if (rc == DB_OK)
		rc = db_step(st);
	db_done(st);
	rc = rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
	/* FTS5: a merge that did something changes two rows or more */
	int did = db_total_changes(db) - before >= 2;
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	if (worked)
		*worked = did;
	return DB_OK;
}

int search_index_folded_pg(struct db *db)
{
	if (!db_is_pg(db))
		return DB_OK;
	/* news: articles are indexed in C, not queued (store/article.h) */
	int rc = db_begin(db);
	if (rc >= 0 && (rc = article_index_all(db)) >= 0)
		rc = db_commit(db);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	/* consultations (kind 3) and meetings (kind 2) are folded in C too */
	rc = consultation_search_reindex(db);
	return rc < 0 ? rc : meeting_search_reindex_pg(db);
}

int search_rebuild(struct db *db)
{
	int pg = db_is_pg(db);
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	/* PostgreSQL: everything is queued and leaves the index, then indexed
	 * in batches below (the invariant holds throughout); the queue's rows
	 * locked first, as a change's triggers do (0046) */
	/* (other kinds' rows, written whole by their own store, stay) */
	rc = db_exec(db, pg ? "INSERT INTO search_pending(id) SELECT " SEARCH_FEEDBACK_BASE_SQL " + id FROM feedback "
			      "ON CONFLICT (id) DO UPDATE SET id = excluded.id; "
			      "DELETE FROM search_fts WHERE rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL
			    : "INSERT INTO search_fts(search_fts) VALUES ('rebuild'); DELETE FROM search_pending");
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	rc = db_commit(db);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	/* the kinds folded in C are written again */
	rc = search_index_folded_pg(db);
	return rc < 0 || !pg ? rc : search_index_pending(db, 0, NULL, NULL);
}

/* PostgreSQL: every item has its row, with the values folded now, and
 * the feedback range of the index holds nothing else. */
static int check_pg(struct db *db)
{
	int64_t orphans = 0;
	/* feedback's range here; news: articles without their row or rows
	 * without their article (store/article.h) */
	int rc = query_int(db, "SELECT count(*) FROM search_fts s WHERE s.rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL
			       " AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.id = s.rowid - "
			       SEARCH_FEEDBACK_BASE_SQL ")", -1, &orphans);
	int64_t news = 0;
	if (rc >= 0)
		rc = query_int(db, "SELECT (SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_fts s "
				   "WHERE s.rowid = a.id + 5 * " SEARCH_FEEDBACK_BASE_SQL ")) + (SELECT count(*) FROM "
				   "search_fts s WHERE s.rowid >= 5 * " SEARCH_FEEDBACK_BASE_SQL " AND s.rowid < 6 * "
				   SEARCH_FEEDBACK_BASE_SQL " AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = "
				   "s.rowid - 5 * " SEARCH_FEEDBACK_BASE_SQL "))", -1, &news);
	orphans += news;
	if (rc < 0)
		return rc;
	if (orphans) {
		fprintf(stderr, "error: search index: %lld rows without their item\n", (long long)orphans);
		return DB_ERROR;
	}
	struct db_stmt *st = db_prepare(db, "SELECT f.id, " FEEDBACK_SRC_COLS ", s.rowid, s.title, s.body, "
					    "s.place, s.internal, s.tags FROM feedback f LEFT JOIN search_fts s "
					    "ON s.rowid = f.id + " SEARCH_FEEDBACK_BASE_SQL " ORDER BY f.id");
	if (!st)
		return DB_ERROR;
	int64_t bad_id = 0;
	while (!bad_id && (rc = db_step(st)) == DB_ROW) {
		struct arena a;
		arena_init(&a, 16384);
		struct folded fo;
		const int c0 = 1 + FEEDBACK_SRC_NCOLS;
		if (fold_feedback(&a, st, 1, &fo) < 0 || db_col_is_null(st, c0))
			bad_id = db_col_int(st, 0);
		for (int c = 0; !bad_id && c < 5; c++) {
			const char *want = c < 4 ? fo.col[c] : fo.tags, *got = db_col_text(st, c0 + 1 + c);
			if (!want != !got || (want && strcmp(want, got)))
				bad_id = db_col_int(st, 0);
		}
		arena_release(&a);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (bad_id) {
		fprintf(stderr, "error: search index: item %lld is not indexed with its current values\n",
			(long long)bad_id);
		return DB_ERROR;
	}
	return DB_OK;
}

int search_check(struct db *db)
{
	if (search_index_pending(db, 0, NULL, NULL) < 0)
		return DB_ERROR;
	if (db_is_pg(db))
		return check_pg(db);
	/* rank = 1: compare with the content (the source rows) too */
	return db_exec(db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)") < 0
		       ? DB_ERROR : DB_OK;
}

int search_count(struct db *db, int kind, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, db_is_pg(db) ? "SELECT count(*) FROM search_fts "
							    "WHERE $1 = 0 OR (rowid >= $2 AND rowid < $3)"
							  : "SELECT count(*) FROM search_fts_docsize "
							    "WHERE $1 = 0 OR (id >= $2 AND id < $3)");
	if (!st)
		return DB_ERROR;
	/* a failed bind makes the step fail (store/db.h) */
	db_bind_int(st, 1, kind);
	db_bind_int(st, 2, SEARCH_ROWID(kind, 0));
	db_bind_int(st, 3, SEARCH_ROWID(kind + 1, 0));
	int rc = rows_one_int(st, n);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}
