/*
 * feedback.c - SQL for feedback items, their contacts, timeline and answers,
 * the filtered lists behind the public list, the officer inbox and the
 * dashboard, and the move of open work on a reorganisation.
 */
#include "store/feedback.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <errno.h>

/* --- names ---------------------------------------------------------------- */

static const char *const status_names[FB_STATUS_COUNT] = {
	"received", "assigned", "answered", "published", "closed", "rejected", "merged",
};
static const char *const status_labels[FB_STATUS_COUNT] = {
	"Đã tiếp nhận", "Đang xử lý", "Đã có dự thảo trả lời", "Đã trả lời", "Đã kết thúc",
	"Không thụ lý", "Đã gộp",
};
static const char *const event_names[FB_EV_COUNT] = {
	"assign", "transfer", "reject", "note", "answer", "publish", "extend",
	"merge", "reopen", "close", "redact", "rate", "submit", "attach",
};
static const char *const channel_names[FB_CH_COUNT] = {
	"web", "api", "voter_meeting", "dialogue", "in_person", "hotline", "front",
};
static const char *const channel_labels[FB_CH_COUNT] = {
	"Cổng thông tin", "Ứng dụng", "Tiếp xúc cử tri", "Đối thoại", "Tiếp công dân trực tiếp",
	"Đường dây nóng", "Mặt trận Tổ quốc chuyển đến",
};
static const char *const result_names[FB_RESULT_COUNT] = {
	"resolved", "partly_resolved", "explained", "referred",
};
static const char *const result_labels[FB_RESULT_COUNT] = {
	"Đã giải quyết", "Giải quyết một phần", "Giải thích, trả lời",
	"Hướng dẫn gửi cơ quan có thẩm quyền",
};

static int parse_name(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

const char *feedback_status_name(enum feedback_status s)
{
	return (unsigned)s < FB_STATUS_COUNT ? status_names[s] : NULL;
}

int feedback_status_parse(const char *name, enum feedback_status *out)
{
	int i = parse_name(status_names, FB_STATUS_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum feedback_status)i;
	return 0;
}

const char *feedback_status_label(enum feedback_status s)
{
	return (unsigned)s < FB_STATUS_COUNT ? status_labels[s] : "";
}

int feedback_status_open(enum feedback_status s)
{
	return s == FB_RECEIVED || s == FB_ASSIGNED;
}

const char *feedback_event_name(enum feedback_event_type t)
{
	return (unsigned)t < FB_EV_COUNT ? event_names[t] : NULL;
}

int feedback_event_parse(const char *name, enum feedback_event_type *out)
{
	int i = parse_name(event_names, FB_EV_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum feedback_event_type)i;
	return 0;
}

const char *feedback_channel_name(enum feedback_channel c)
{
	return (unsigned)c < FB_CH_COUNT ? channel_names[c] : NULL;
}

int feedback_channel_parse(const char *name, enum feedback_channel *out)
{
	int i = parse_name(channel_names, FB_CH_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum feedback_channel)i;
	return 0;
}

const char *feedback_channel_label(enum feedback_channel c)
{
	return (unsigned)c < FB_CH_COUNT ? channel_labels[c] : "";
}

const char *feedback_result_name(enum feedback_result r)
{
	return (unsigned)r < FB_RESULT_COUNT ? result_names[r] : NULL;
}

int feedback_result_parse(const char *name, enum feedback_result *out)
{
	int i = parse_name(result_names, FB_RESULT_COUNT, name);
	if (i < 0)
		return -1;
	*out = (enum feedback_result)i;
	return 0;
}

const char *feedback_result_label(enum feedback_result r)
{
	return (unsigned)r < FB_RESULT_COUNT ? result_labels[r] : "";
}

/* --- helpers -------------------------------------------------------------- */

/* Copy a nullable text column; -1 when the arena is exhausted. */
static int dup_col(struct arena *a, struct db_stmt *st, int col, const char **out)
{
	const char *s = db_col_text(st, col);
	if (!s) {
		*out = NULL;
		return 0;
	}
	*out = arena_strdup(a, s);
	return *out ? 0 : -1;
}

static int64_t col_opt(struct db_stmt *st, int col)
{
	return db_col_is_null(st, col) ? 0 : db_col_int(st, col);
}

static int bind_opt_int(struct db_stmt *st, int idx, int64_t v)
{
	return v ? db_bind_int(st, idx, v) : db_bind_null(st, idx);
}

static int run_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

/* --- items ---------------------------------------------------------------- */

#define ROW_COLS                                                                                  \
	"f.id, f.code, f.secret_hash, f.title, f.body, f.category_id, f.place, f.lat_e6, f.lon_e6, " \
	"f.public, f.channel, f.status, f.intake_unit_id, f.unit_id, f.received_at, f.due_at, "     \
	"f.due_extended, f.answered_at, f.published_at, f.closed_at, f.merged_into_id, "            \
	"f.created_by, f.public_title, f.public_body, f.rating, f.rating_comment, f.rated_at, "     \
	"f.updated_at, c.code, c.name, u.code, u.name, iu.code, iu.name, f.public_place "
#define ROW_JOINS                                                                                 \
	"JOIN categories c ON c.id = f.category_id "                                                \
	"LEFT JOIN units u ON u.id = f.unit_id LEFT JOIN units iu ON iu.id = f.intake_unit_id "
#define ROW_FROM "FROM feedback f " ROW_JOINS
/* With a search: the index (store/search.h) drives, each match joins its
 * item by primary key; q_where() adds the MATCH and the feedback rowid range,
 * q_candidates() the bound on the matches considered. */
#define SEARCH_FROM "FROM search_fts s JOIN feedback f ON f.id = s.rowid - " SEARCH_FEEDBACK_BASE_SQL " "

/* the number of columns of ROW_COLS */
#define ROW_NCOLS 35

static int read_row(struct db_stmt *st, struct arena *a, struct feedback_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	const char *code = db_col_text(st, 1);
	snprintf(r->code, sizeof(r->code), "%s", code ? code : "");
	size_t hl = 0;
	const void *h = db_col_blob(st, 2, &hl);
	if (h && hl == sizeof(r->secret_hash))
		memcpy(r->secret_hash, h, hl);
	int bad = 0;
	bad |= dup_col(a, st, 3, &r->title);
	bad |= dup_col(a, st, 4, &r->body);
	r->category_id = db_col_int(st, 5);
	bad |= dup_col(a, st, 6, &r->place);
	r->has_geo = !db_col_is_null(st, 7) && !db_col_is_null(st, 8);
	r->lat_e6 = col_opt(st, 7);
	r->lon_e6 = col_opt(st, 8);
	r->public = (int)db_col_int(st, 9);
	if (feedback_channel_parse(db_col_text(st, 10), &r->channel) < 0)
		r->channel = FB_CH_WEB;
	if (feedback_status_parse(db_col_text(st, 11), &r->status) < 0)
		r->status = FB_RECEIVED;
	r->intake_unit_id = col_opt(st, 12);
	r->unit_id = col_opt(st, 13);
	r->received_at = db_col_int(st, 14);
	r->due_at = col_opt(st, 15);
	r->due_extended = (int)db_col_int(st, 16);
	r->answered_at = col_opt(st, 17);
	r->published_at = col_opt(st, 18);
	r->closed_at = col_opt(st, 19);
	r->merged_into_id = col_opt(st, 20);
	r->created_by = col_opt(st, 21);
	bad |= dup_col(a, st, 22, &r->public_title);
	bad |= dup_col(a, st, 23, &r->public_body);
	r->rating = (int)col_opt(st, 24);
	bad |= dup_col(a, st, 25, &r->rating_comment);
	r->rated_at = col_opt(st, 26);
	r->updated_at = db_col_int(st, 27);
	bad |= dup_col(a, st, 28, &r->category_code);
	bad |= dup_col(a, st, 29, &r->category_name);
	bad |= dup_col(a, st, 30, &r->unit_code);
	bad |= dup_col(a, st, 31, &r->unit_name);
	bad |= dup_col(a, st, 32, &r->intake_unit_code);
	bad |= dup_col(a, st, 33, &r->intake_unit_name);
	bad |= dup_col(a, st, 34, &r->public_place);
	return bad ? DB_ERROR : DB_OK;
}

int feedback_row_insert(struct db *db, const struct feedback_row *r, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("feedback_row_insert outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO feedback(code, secret_hash, title, body, category_id, place, lat_e6, lon_e6, "
		"public, channel, status, intake_unit_id, unit_id, received_at, due_at, due_extended, "
		"answered_at, published_at, closed_at, merged_into_id, created_by, public_title, "
		"public_body, rating, rating_comment, rated_at, updated_at, public_place) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
		"$19, $20, $21, $22, $23, $24, $25, $26, $27, $28) ON CONFLICT (code) DO NOTHING RETURNING id");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_text(st, 1, r->code);
	b |= db_bind_blob(st, 2, r->secret_hash, sizeof(r->secret_hash));
	b |= db_bind_text(st, 3, r->title);
	b |= db_bind_text(st, 4, r->body);
	b |= db_bind_int(st, 5, r->category_id);
	b |= db_bind_text(st, 6, r->place);
	b |= r->has_geo ? db_bind_int(st, 7, r->lat_e6) : db_bind_null(st, 7);
	b |= r->has_geo ? db_bind_int(st, 8, r->lon_e6) : db_bind_null(st, 8);
	b |= db_bind_int(st, 9, r->public ? 1 : 0);
	b |= db_bind_text(st, 10, feedback_channel_name(r->channel));
	b |= db_bind_text(st, 11, feedback_status_name(r->status));
	b |= bind_opt_int(st, 12, r->intake_unit_id);
	b |= bind_opt_int(st, 13, r->unit_id);
	b |= db_bind_int(st, 14, r->received_at);
	b |= bind_opt_int(st, 15, r->due_at);
	b |= db_bind_int(st, 16, r->due_extended ? 1 : 0);
	b |= bind_opt_int(st, 17, r->answered_at);
	b |= bind_opt_int(st, 18, r->published_at);
	b |= bind_opt_int(st, 19, r->closed_at);
	b |= bind_opt_int(st, 20, r->merged_into_id);
	b |= bind_opt_int(st, 21, r->created_by);
	b |= db_bind_text(st, 22, r->public_title);
	b |= db_bind_text(st, 23, r->public_body);
	b |= bind_opt_int(st, 24, r->rating);
	b |= db_bind_text(st, 25, r->rating_comment);
	b |= bind_opt_int(st, 26, r->rated_at);
	b |= db_bind_int(st, 27, r->updated_at);
	b |= db_bind_text(st, 28, r->public_place);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	/* a taken code inserts nothing, and no error spoils the caller's
	 * transaction on PostgreSQL: it may draw another code and retry */
	int rc = db_step(st);
	if (rc == DB_DONE) {
		rc = DB_CONSTRAINT;
	} else if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = db_step(st);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

static int get_row(struct db_stmt *st, struct arena *a, struct feedback_row *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_row(st, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int feedback_row_get(struct db *db, int64_t id, struct arena *a, struct feedback_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM "WHERE f.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return get_row(st, a, out);
}

int feedback_row_get_by_code(struct db *db, const char *code, struct arena *a,
			     struct feedback_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM "WHERE f.code = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, code ? code : "");
	return get_row(st, a, out);
}

int feedback_row_update(struct db *db, const struct feedback_row *r)
{
	if (!db_in_transaction(db))
		BUG("feedback_row_update outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"UPDATE feedback SET status = $2, unit_id = $3, due_at = $4, due_extended = $5, "
		"answered_at = $6, published_at = $7, closed_at = $8, merged_into_id = $9, "
		"public_title = $10, public_body = $11, rating = $12, rating_comment = $13, "
		"rated_at = $14, updated_at = $15, public_place = $16 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_int(st, 1, r->id);
	b |= db_bind_text(st, 2, feedback_status_name(r->status));
	b |= bind_opt_int(st, 3, r->unit_id);
	b |= bind_opt_int(st, 4, r->due_at);
	b |= db_bind_int(st, 5, r->due_extended ? 1 : 0);
	b |= bind_opt_int(st, 6, r->answered_at);
	b |= bind_opt_int(st, 7, r->published_at);
	b |= bind_opt_int(st, 8, r->closed_at);
	b |= bind_opt_int(st, 9, r->merged_into_id);
	b |= db_bind_text(st, 10, r->public_title);
	b |= db_bind_text(st, 11, r->public_body);
	b |= bind_opt_int(st, 12, r->rating);
	b |= db_bind_text(st, 13, r->rating_comment);
	b |= bind_opt_int(st, 14, r->rated_at);
	b |= db_bind_int(st, 15, r->updated_at);
	b |= db_bind_text(st, 16, r->public_place);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = db_changes(db);
	db_done(st);
	if (rc < 0)
		return rc;
	return n == 1 ? DB_OK : DB_NOTFOUND;
}

/* --- queries -------------------------------------------------------------- */

#define MAX_SCOPE 16384

static int searching(const struct feedback_query *f)
{
	return f->search && f->search->match && f->search->match_public;
}

/* FROM: the items, or the search index joined to them. */
static void q_from(struct qbuild *q, const struct feedback_query *f, const char *joins)
{
	q_sql(q, searching(f) ? SEARCH_FROM : "FROM feedback f ");
	q_sql(q, joins);
}

/* With a search, after the WHERE: the most recent `cap` matches only
 * (FTS5 walks its posting lists backwards and stops there). */
static void q_candidates(struct qbuild *q, const struct feedback_query *f, int64_t cap)
{
	if (!searching(f))
		return;
	q_sql(q, " ORDER BY s.rowid DESC LIMIT ");
	q_int(q, cap);
}

/*
 * The MATCH of a search: what was typed (the public's text columns or the
 * officers'), AND the facet tokens (store/search.h) of the filters that
 * are selective enough to matter, so that FTS5 intersects them before any
 * item is joined. The SQL filters of q_where() still decide; facets only
 * narrow the candidates. On PostgreSQL (pg = 1) the typed words are a
 * tsquery over search_fts.doc and the facets another over
 * search_fts.facets: the first is returned, the second goes to *facets
 * (NULL when no filter adds one).
 */
static const char *search_match(struct qbuild *q, const struct feedback_query *f, int with_status, int pg,
				const char **facets)
{
	enum search_syntax syn = pg ? SEARCH_TSQUERY : SEARCH_FTS5;
	struct sbuf *m = arena_sbuf(q->a, 64 * 1024);
	if (!m)
		return NULL;
	const char *text = pg ? (f->public_only ? f->search->tsquery_public : f->search->tsquery)
			      : (f->public_only ? f->search->match_public : f->search->match);
	if (!text)
		return NULL;
	int bad = !pg && sbuf_addstr(m, text) < 0;
	if (f->public_only)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_str_syn(m, syn, "", "vpub") < 0 ||
		       search_facet_end(m) < 0;
	if (with_status && f->status_mask && f->status_mask < (1u << FB_STATUS_COUNT)) {
		bad |= search_facet_begin_syn(m, syn) < 0;
		for (int st = 0; st < FB_STATUS_COUNT; st++)
			if (f->status_mask & (1u << st))
				bad |= search_facet_add_str_syn(m, syn, "s", status_names[st]) < 0;
		bad |= search_facet_end(m) < 0;
	}
	/* a scope of many units is not selective: leave it to SQL */
	if (f->use_scope && f->nscope <= 64 && (f->nscope || f->scope_creator)) {
		bad |= search_facet_begin_syn(m, syn) < 0;
		for (size_t i = 0; i < f->nscope; i++)
			bad |= search_facet_add_int_syn(m, syn, "u", f->scope[i]) < 0;
		if (f->scope_creator)
			bad |= search_facet_add_int_syn(m, syn, "a", f->scope_creator) < 0;
		bad |= search_facet_end(m) < 0;
	}
	if (f->category_id)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_int_syn(m, syn, "c", f->category_id) < 0 ||
		       search_facet_end(m) < 0;
	if (f->unit_id)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_int_syn(m, syn, "h", f->unit_id) < 0 ||
		       search_facet_end(m) < 0;
	if (f->received_from && f->received_to)
		bad |= search_facet_months_syn(m, syn, f->received_from, f->received_to) < 0;
	if (bad || !sbuf_ok(m))
		return NULL;
	if (pg) {
		*facets = m->len ? m->buf : NULL;
		return text;
	}
	return m->buf;
}

/*
 * The WHERE clause of a query. The SQL text depends on which filters are
 * set and on the number of scope units (rounded up to a power of two) and
 * of statuses, never on their values, so the statement cache holds one
 * statement per combination in use.
 */
static void q_where(struct qbuild *q, const struct feedback_query *f, int with_status, int pg)
{
	q_sql(q, "WHERE 1 = 1");
	if (f->public_only)
		q_sql(q, " AND f.public = 1 AND f.status IN ('published', 'closed')");
	if (f->use_scope) {
		q_sql(q, " AND (");
		if (f->nscope > MAX_SCOPE) {
			q->failed = 1;
			return;
		}
		if (f->nscope) {
			size_t bucket = 1;
			while (bucket < f->nscope)
				bucket *= 2;
			q_sql(q, "coalesce(f.unit_id, f.intake_unit_id) IN (");
			for (size_t i = 0; i < bucket; i++) {
				if (i)
					q_sql(q, ", ");
				q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
			}
			q_sql(q, ")");
		}
		/* the OR branch only when it can match: written always, it would
		 * keep SQLite from reading the scope index alone (0005_inbox.sql) */
		if (f->scope_creator) {
			q_sql(q, f->nscope ? " OR f.created_by = " : "f.created_by = ");
			q_int(q, f->scope_creator);
		} else if (!f->nscope) {
			q_sql(q, "1 = 0");
		}
		q_sql(q, ")");
	}
	if (with_status && f->status_mask) {
		q_sql(q, " AND f.status IN (");
		int first = 1;
		for (int s = 0; s < FB_STATUS_COUNT; s++) {
			if (!(f->status_mask & (1u << s)))
				continue;
			if (!first)
				q_sql(q, ", ");
			first = 0;
			q_text(q, status_names[s]);
		}
		q_sql(q, ")");
	}
	/* Filters are written only when set: a neutral "$n = 0 OR ..." would
	 * hide from the planner that the partial index feedback_public_list
	 * covers a public count, and that the scope index (unit, status,
	 * due_at) serves the due-date filters. */
	if (f->category_id) {
		q_sql(q, " AND f.category_id = ");
		q_int(q, f->category_id);
	}
	if (f->unit_id) {
		q_sql(q, " AND f.unit_id = ");
		q_int(q, f->unit_id);
	}
	const char *ch = f->channel > 0 ? feedback_channel_name((enum feedback_channel)(f->channel - 1)) : NULL;
	if (ch) {
		q_sql(q, " AND f.channel = ");
		q_text(q, ch);
	}
	if (f->overdue) {
		q_sql(q, " AND f.status IN ('received', 'assigned') AND f.due_at < ");
		q_int(q, f->now);
	}
	if (f->due_to) {
		q_sql(q, " AND f.status IN ('received', 'assigned') AND f.due_at >= ");
		q_int(q, f->due_from);
		q_sql(q, " AND f.due_at <= ");
		q_int(q, f->due_to);
	}
	if (f->received_from) {
		q_sql(q, " AND f.received_at >= ");
		q_int(q, f->received_from);
	}
	if (f->received_to) {
		q_sql(q, " AND f.received_at < ");
		q_int(q, f->received_to);
	}
	if (searching(f)) {
		const char *facets = NULL;
		const char *m = search_match(q, f, with_status, pg, &facets);
		if (!m) {
			q->failed = 1;
			return;
		}
		q_sql(q, pg ? " AND s.doc @@ to_tsquery('simple', " : " AND s.search_fts MATCH ");
		q_text(q, m);
		if (pg)
			q_sql(q, ")");
		if (facets) {
			q_sql(q, " AND s.facets @@ to_tsquery('simple', ");
			q_text(q, facets);
			q_sql(q, ")");
		}
		q_sql(q, " AND s.rowid >= " SEARCH_FEEDBACK_BASE_SQL " AND s.rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL);
	}
}

/*
 * A page of items. With a search, the bounded candidates are ranked in a
 * materialised CTE and, when `total` is given, counted in the same pass
 * (one more column after ROW_COLS): *total is then the number of
 * candidates, at most SEARCH_MAX_RESULTS + 1, or -1 when the page came out
 * empty (the count is not known then).
 */
/* An unsearched list over both branches of an officer's scope, sorted by
 * when items were received: the shape row_list() answers from the indexes. */
static int two_branch_scope(const struct feedback_query *f)
{
	enum feedback_sort s = f->sort == FB_SORT_RELEVANCE ? FB_SORT_NEWEST : f->sort;
	return !searching(f) && f->use_scope && f->nscope && f->scope_creator &&
	       (s == FB_SORT_NEWEST || s == FB_SORT_OLDEST);
}

/*
 * THE INBOX WALK. An officer's page without a search, newest, oldest or
 * due first, whatever the other filters: for each (scope unit, status) and
 * each (recording account, status) the covering indexes of
 * 0008_inbox_walk.sql (received order) or 0009_inbox_due.sql (due order)
 * are read in that order and each walk stops after offset + limit
 * matching entries; the page's ids are picked from their union here and
 * only those rows are read. A page costs (units x statuses) short index
 * walks instead of a sort of everything in reach. With a category, channel
 * or unit filter the (unit, status) pairs come from the tally
 * (0007_tally.sql), so ranges holding no match are not walked at all.
 * Every page a list shows (app/feedback.h: at most FEEDBACK_COUNT_CAP
 * items deep, plus one page of at most 500) takes the walk; deeper pages
 * (callers that bypass the app's bound) take the general query.
 */
#define PAIRS_MAX_DEPTH (FEEDBACK_COUNT_CAP + 500)

static int pairs_applies(const struct feedback_query *f, int64_t offset, int64_t limit)
{
	enum feedback_sort s = f->sort == FB_SORT_RELEVANCE ? FB_SORT_NEWEST : f->sort;
	return !f->no_walk && !searching(f) && !f->public_only && f->use_scope && (f->nscope || f->scope_creator) &&
	       f->nscope <= MAX_SCOPE && (s == FB_SORT_NEWEST || s == FB_SORT_OLDEST || s == FB_SORT_DUE) &&
	       offset + limit <= PAIRS_MAX_DEPTH;
}

static const char *channel_filter(const struct feedback_query *f);
static const char *tally_table(const struct feedback_query *f);
static void tally_filters(struct qbuild *q, const struct feedback_query *f);

/* The WHERE of one walk: the filters, then the pair's range. */
static void pairs_where(struct qbuild *q, const struct feedback_query *f, int mine, const char *extra, int pg)
{
	struct feedback_query inner = *f;
	inner.use_scope = 0;
	inner.status_mask = 0;
	q_where(q, &inner, 0, pg);
	if (mine) {
		q_sql(q, " AND f.created_by = ");
		q_int(q, f->scope_creator);
	} else {
		q_sql(q, " AND coalesce(f.unit_id, f.intake_unit_id) = p.u");
	}
	q_sql(q, " AND f.status = p.s");
	q_sql(q, extra);
}

/*
 * One branch: per pair of p, the walk's keys as text, "k1 id k1 id ...":
 * k1 is received_at, or for FB_SORT_DUE due_at (a range read in due order
 * from feedback_scope / feedback_inbox_mine_due, then the items without a
 * due date in id order, keyed INT64_MAX so that they sort last).
 * PostgreSQL spells group_concat string_agg.
 */
static void pairs_branch(struct qbuild *q, const struct feedback_query *f, int mine, int64_t depth, int pg)
{
	q_sql(q, pg ? "SELECT (SELECT string_agg(k, ' ') FROM (" : "SELECT (SELECT group_concat(k, ' ') FROM (");
	if (f->sort == FB_SORT_DUE) {
		q_sql(q, "SELECT k FROM (SELECT f.due_at || ' ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, " AND f.due_at IS NOT NULL ORDER BY f.due_at, f.id LIMIT ", pg);
		q_int(q, depth);
		q_sql(q, ") AS d UNION ALL SELECT k FROM (SELECT '9223372036854775807 ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, " AND f.due_at IS NULL ORDER BY f.id LIMIT ", pg);
		q_int(q, depth);
		q_sql(q, ") AS n");
	} else {
		int desc = f->sort != FB_SORT_OLDEST;
		q_sql(q, "SELECT f.received_at || ' ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, desc ? " ORDER BY f.received_at DESC, f.id DESC LIMIT "
					     : " ORDER BY f.received_at, f.id LIMIT ", pg);
		q_int(q, depth);
	}
	q_sql(q, ") AS w) FROM ");
}

/*
 * A list of values bound as one parameter (the scope's units, the
 * statuses, a page's ids: thousands at times, beyond what parameters one
 * by one would allow): SQLite reads a JSON array with json_each(), whose
 * column is `value`; PostgreSQL an array literal with unnest(), its
 * column named `value` too. `list` holds the values separated by commas;
 * `as` names the set in a FROM clause (NULL: a scalar subquery's set, for
 * IN). Text values are status names: quoted ("received") for JSON, bare
 * in the array literal.
 */
static void q_list(struct qbuild *q, int pg, const char *list, int text, const char *as)
{
	const char *v = arena_printf(q->a, pg ? "{%s}" : "[%s]", list);
	if (!v) {
		q->failed = 1;
		return;
	}
	if (!as)
		q_sql(q, "(SELECT value FROM ");
	q_sql(q, pg ? "unnest(CAST(" : "json_each(");
	q_text(q, v);
	q_sql(q, pg ? (text ? " AS text[]))" : " AS bigint[]))") : ")");
	q_sql(q, " AS ");
	q_sql(q, as ? as : "l");
	if (pg)
		q_sql(q, "(value)");
	if (!as)
		q_sql(q, ")");
}

struct walk_key {
	int64_t ra, id;
};

static int cmp_key_desc(const void *x, const void *y)
{
	const struct walk_key *a = x, *b = y;
	if (a->ra != b->ra)
		return a->ra < b->ra ? 1 : -1;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int cmp_key_asc(const void *x, const void *y)
{
	return cmp_key_desc(y, x);
}

/* "ra id ra id ..." appended to keys; -1 on a malformed list. */
static int parse_keys(struct arena *a, const char *s, struct walk_key **keys, size_t *n, size_t *cap)
{
	while (s && *s) {
		char *end;
		errno = 0;
		long long ra = strtoll(s, &end, 10);
		if (end == s || *end != ' ' || errno)
			return -1;
		s = end + 1;
		long long id = strtoll(s, &end, 10);
		if (end == s || (*end && *end != ' ') || errno)
			return -1;
		s = *end ? end + 1 : end;
		if (rows_grow(a, (void **)keys, *n, cap, sizeof(**keys)) < 0)
			return -1;
		(*keys)[(*n)++] = (struct walk_key){ ra, id };
	}
	return 0;
}

static int pairs_page(struct db *db, const struct feedback_query *f, struct arena *a, int64_t offset,
		      int64_t limit, struct feedback_row **items, size_t *n)
{
	/* keys sort descending for the newest first, ascending otherwise */
	int desc = f->sort != FB_SORT_OLDEST && f->sort != FB_SORT_DUE;
	int64_t depth = offset + limit;
	/* the statuses walked: those asked for, and only open ones for the
	 * due-date filters (a closed range would be walked to its end) */
	unsigned mask = f->status_mask ? f->status_mask : (1u << FB_STATUS_COUNT) - 1;
	if (f->overdue || f->due_to)
		mask &= (1u << FB_RECEIVED) | (1u << FB_ASSIGNED);
	int pg = db_is_pg(db);
	struct sbuf units, statuses;
	sbuf_init(&units, 256 * 1024);
	sbuf_init(&statuses, 1024);
	int bad = 0;
	for (size_t i = 0; i < f->nscope; i++)
		bad |= sbuf_addf(&units, "%s%lld", i ? "," : "", (long long)f->scope[i]) < 0;
	int first = 1;
	for (int st = 0; st < FB_STATUS_COUNT; st++)
		if (mask & (1u << st)) {
			bad |= sbuf_addf(&statuses, pg ? "%s%s" : "%s\"%s\"", first ? "" : ",", status_names[st]) < 0;
			first = 0;
		}
	bad |= !sbuf_ok(&units) || !sbuf_ok(&statuses);
	struct qbuild q;
	q_init(&q, a);
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	struct walk_key *keys = NULL;
	size_t nkeys = 0, cap = 0;
	*items = NULL;
	*n = 0;
	if (bad)
		goto out;
	if (!mask) {
		rc = DB_OK;
		goto out;
	}
	/* with a filter the tally answers, only the ranges holding a match */
	int tally_prunes = (f->category_id || channel_filter(f) || f->unit_id) && feedback_tally_covers(f);
	if (f->nscope) {
		pairs_branch(&q, f, 0, depth, pg);
		if (tally_prunes) {
			/* "+ 0", "|| ''": values without the columns' affinity, or
			 * SQLite will not compare them with the expression index */
			q_sql(&q, "(SELECT DISTINCT t.scope_unit_id + 0 AS u, t.status || '' AS s FROM ");
			q_sql(&q, tally_table(f));
			q_sql(&q, " WHERE t.scope_unit_id IN ");
			q_list(&q, pg, units.buf, 0, NULL);
			q_sql(&q, " AND t.status IN ");
			q_list(&q, pg, statuses.buf, 1, NULL);
			q_sql(&q, " AND t.n > 0");
			tally_filters(&q, f);
			q_sql(&q, ") p");
		} else {
			q_sql(&q, "(SELECT u.value AS u, s.value AS s FROM ");
			q_list(&q, pg, units.buf, 0, "u");
			q_sql(&q, ", ");
			q_list(&q, pg, statuses.buf, 1, "s");
			q_sql(&q, ") p");
		}
	}
	if (f->scope_creator) {
		if (f->nscope)
			q_sql(&q, " UNION ALL ");
		pairs_branch(&q, f, 1, depth, pg);
		if (tally_prunes) {
			q_sql(&q, "(SELECT DISTINCT t.status || '' AS s FROM ");
			q_sql(&q, tally_table(f));
			q_sql(&q, " WHERE t.created_by = ");
			q_int(&q, f->scope_creator);
			q_sql(&q, " AND t.created_by <> 0 AND t.status IN ");
			q_list(&q, pg, statuses.buf, 1, NULL);
			q_sql(&q, " AND t.n > 0");
			tally_filters(&q, f);
			q_sql(&q, ") p");
		} else {
			q_sql(&q, "(SELECT s.value AS s FROM ");
			q_list(&q, pg, statuses.buf, 1, "s");
			q_sql(&q, ") p");
		}
	}
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	while ((rc = db_step(st)) == DB_ROW)
		if (parse_keys(a, db_col_text(st, 0), &keys, &nkeys, &cap) < 0) {
			rc = DB_ERROR;
			break;
		}
	db_done(st);
	st = NULL;
	if (rc < 0)
		goto out;
	if (nkeys)
		qsort(keys, nkeys, sizeof(*keys), desc ? cmp_key_desc : cmp_key_asc);
	/* the page: an item recorded by the officer in a unit of its scope
	 * came from both branches, next to itself after the sort */
	struct sbuf ids;
	sbuf_init(&ids, 64 * 1024);
	bad = sbuf_addstr(&ids, pg ? "{" : "[") < 0;
	int64_t seen = 0, taken = 0;
	for (size_t i = 0; i < nkeys && taken < limit; i++) {
		if (i && keys[i].id == keys[i - 1].id)
			continue;
		if (seen++ < offset)
			continue;
		bad |= sbuf_addf(&ids, "%s%lld", taken ? "," : "", (long long)keys[i].id) < 0;
		taken++;
	}
	bad |= sbuf_addstr(&ids, pg ? "}" : "]") < 0;
	if (!taken) {
		sbuf_release(&ids);
		rc = DB_OK;
		goto out;
	}
	/* the ids as one parameter: a JSON array, or a PostgreSQL array literal */
#define IDS_SQLITE "WHERE f.id IN (SELECT value FROM json_each($1)) "
#define IDS_PG "WHERE f.id = ANY (CAST($1 AS bigint[])) "
	const char *sql;
	if (f->sort == FB_SORT_DUE)
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.due_at IS NULL, f.due_at, f.id"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.due_at IS NULL, f.due_at, f.id";
	else if (desc)
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.received_at DESC, f.id DESC"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.received_at DESC, f.id DESC";
	else
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.received_at, f.id"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.received_at, f.id";
#undef IDS_SQLITE
#undef IDS_PG
	st = db_prepare(db, sql);
	rc = !st || bad ? DB_ERROR : db_bind_text(st, 1, ids.buf);
	struct feedback_row *arr = NULL;
	size_t len = 0, rcap = 0;
	while (rc >= 0 && (rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &rcap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = read_row(st, a, &arr[len])) < 0)
			break;
		len++;
	}
	sbuf_release(&ids);
	if (rc >= 0) {
		rc = DB_OK;
		*items = len ? arr : NULL;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	sbuf_release(&units);
	sbuf_release(&statuses);
	return rc;
}

static int row_list(struct db *db, const struct feedback_query *f, struct arena *a,
		    struct feedback_row **items, size_t *n, int64_t *total)
{
	struct qbuild q;
	q_init(&q, a);
	int pg = db_is_pg(db);
	int64_t limit = f->limit > 0 ? (f->limit > 500 ? 500 : f->limit) : 20;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	if (pairs_applies(f, offset, limit)) {
		sbuf_release(&q.sql);
		if (total)
			*total = -1;
		return pairs_page(db, f, a, offset, limit, items, n);
	}
	if (searching(f)) {
		/* rank the bounded candidates, then read the page's rows; the page
		 * never goes past the SEARCH_MAX_RESULTS-th */
		if (pg) {
			/* ts_rank's weights are D, C, B, A: internal, body, place,
			 * title as 1, 1, 2, 4 (vn_rank on SQLite), scaled to at most 1 */
			const char *tsq = f->public_only ? f->search->tsquery_public : f->search->tsquery;
			q_sql(&q, "WITH m AS MATERIALIZED (SELECT s.rowid AS sid, "
				  "-ts_rank('{0.25,0.25,0.5,1}', s.doc, to_tsquery('simple', ");
			if (tsq)
				q_text(&q, tsq);
			else
				q.failed = 1;
			q_sql(&q, "), 1) AS score ");
		} else {
			q_sql(&q, "WITH m AS MATERIALIZED (SELECT s.rowid AS sid, s.rank AS score ");
		}
		q_from(&q, f, "");
		q_where(&q, f, 1, pg);
		q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") SELECT " ROW_COLS ", (SELECT count(*) FROM m) FROM m JOIN feedback f ON f.id = m.sid - "
			  SEARCH_FEEDBACK_BASE_SQL " " ROW_JOINS);
		limit = offset >= SEARCH_MAX_RESULTS ? 0
			: (limit < SEARCH_MAX_RESULTS - offset ? limit : SEARCH_MAX_RESULTS - offset);
	} else if (two_branch_scope(f)) {
		/*
		 * An officer's scope is "items of my units OR items I recorded".
		 * Written as one OR, SQLite must read every item in reach from
		 * the table to sort it; instead each branch picks (id, received_at)
		 * from its own index (0005_inbox.sql), the page's ids are chosen
		 * from their union, and only those rows are read.
		 */
		struct feedback_query units_only = *f, mine_only = *f;
		units_only.scope_creator = 0;
		mine_only.nscope = 0;
		const char *dir = f->sort == FB_SORT_OLDEST ? "" : " DESC";
		/* each branch keeps only its first offset + limit (a bounded
		 * top-N sort over index entries), then the union is ordered */
		q_sql(&q, "SELECT " ROW_COLS ROW_FROM "WHERE f.id IN (SELECT id FROM ("
			  "SELECT * FROM (SELECT f.id AS id, f.received_at AS ra FROM feedback f ");
		q_where(&q, &units_only, 1, pg);
		q_sql(&q, " ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, offset + limit);
		q_sql(&q, ") AS a UNION SELECT * FROM (SELECT f.id AS id, f.received_at AS ra FROM feedback f ");
		q_where(&q, &mine_only, 1, pg);
		q_sql(&q, " ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, offset + limit);
		q_sql(&q, ") AS b) AS c ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, limit);
		q_sql(&q, " OFFSET ");
		q_int(&q, offset);
		q_sql(&q, ")");
		offset = 0; /* applied inside */
	} else {
		q_sql(&q, "SELECT " ROW_COLS ROW_FROM);
		q_where(&q, f, 1, pg);
	}
	switch (f->sort == FB_SORT_RELEVANCE && !searching(f) ? FB_SORT_NEWEST : f->sort) {
	case FB_SORT_RELEVANCE:
		q_sql(&q, " ORDER BY m.score, f.id");
		break;
	case FB_SORT_OLDEST:
		q_sql(&q, " ORDER BY f.received_at, f.id");
		break;
	case FB_SORT_DUE:
		q_sql(&q, " ORDER BY f.due_at IS NULL, f.due_at, f.id");
		break;
	case FB_SORT_PUBLISHED:
		/* NULL last, SQLite's order for DESC */
		q_sql(&q, pg ? " ORDER BY f.published_at DESC NULLS LAST, f.id DESC"
			     : " ORDER BY f.published_at DESC, f.id DESC");
		break;
	case FB_SORT_NEWEST:
	default:
		q_sql(&q, " ORDER BY f.received_at DESC, f.id DESC");
		break;
	}
	q_sql(&q, " LIMIT ");
	q_int(&q, limit);
	q_sql(&q, " OFFSET ");
	q_int(&q, offset);
	if (total)
		*total = -1;
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_row *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = read_row(st, a, &arr[len])) < 0)
			break;
		if (total && searching(f))
			*total = db_col_int(st, ROW_NCOLS);
		len++;
	}
	if (rc >= 0) {
		rc = DB_OK;
		*items = len ? arr : NULL;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

int feedback_row_list(struct db *db, const struct feedback_query *f, struct arena *a,
		      struct feedback_row **items, size_t *n)
{
	return row_list(db, f, a, items, n, NULL);
}

int feedback_row_page(struct db *db, const struct feedback_query *f, struct arena *a,
		      struct feedback_row **items, size_t *n, int64_t *total)
{
	int rc = row_list(db, f, a, items, n, total);
	if (rc < 0)
		return rc;
	/* no search, or an empty page: count apart */
	if (*total < 0)
		return feedback_row_count(db, f, total);
	return DB_OK;
}

/* An unsearched count over both branches of an officer's scope, small
 * enough that the units' ids can be written twice (SQLite takes at most
 * 32,766 parameters). */
static int two_branch_count(const struct feedback_query *f)
{
	return !searching(f) && f->use_scope && f->nscope && f->nscope <= 4096 && f->scope_creator;
}

int feedback_row_count(struct db *db, const struct feedback_query *f, int64_t *total)
{
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	int pg = db_is_pg(db);
	if (searching(f)) {
		q_sql(&q, "SELECT count(*) FROM (SELECT 1 ");
		q_from(&q, f, "");
		q_where(&q, f, 1, pg);
		q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") AS x");
	} else if (two_branch_count(f)) {
		/*
		 * An officer's scope "my units OR what I recorded" written as one
		 * OR makes SQLite gather both branches' rowids and read the rows.
		 * As two disjoint capped counts, the units' is an index range
		 * (from the scope index alone for status and due-date filters)
		 * and the account's a short one; *total is their sum, capped.
		 */
		struct feedback_query units_only = *f, mine_only = *f;
		units_only.scope_creator = 0;
		mine_only.nscope = 0;
		q_sql(&q, "SELECT (SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		q_where(&q, &units_only, 1, pg);
		q_sql(&q, " LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS u), (SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		q_where(&q, &mine_only, 1, pg);
		/* not already counted with the units (0: neither unit set) */
		q_sql(&q, " AND coalesce(f.unit_id, f.intake_unit_id, 0) NOT IN (");
		size_t bucket = 1;
		while (bucket < f->nscope)
			bucket *= 2;
		for (size_t i = 0; i < bucket; i++) {
			if (i)
				q_sql(&q, ", ");
			q_int(&q, f->scope[i < f->nscope ? i : f->nscope - 1]);
		}
		q_sql(&q, ") LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS m)");
	} else {
		/* capped: a count stops at FEEDBACK_COUNT_CAP + 1 rows, so a list
		 * over a million items costs a bounded index walk, not a scan */
		q_sql(&q, "SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		q_where(&q, f, 1, pg);
		q_sql(&q, " LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS x");
	}
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_col_int(st, 0);
		if (two_branch_count(f)) {
			*total += db_col_int(st, 1);
			if (*total > FEEDBACK_COUNT_CAP + 1)
				*total = FEEDBACK_COUNT_CAP + 1;
		}
		rc = DB_OK;
	} else if (rc >= 0) {
		rc = DB_ERROR;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	arena_release(&a);
	return rc;
}

/* --- counts per status from the tally (0007_tally.sql) --------------------- */

/* The channel filter as q_where() applies it: NULL when none. */
static const char *channel_filter(const struct feedback_query *f)
{
	return f->channel > 0 ? feedback_channel_name((enum feedback_channel)(f->channel - 1)) : NULL;
}

int feedback_tally_covers(const struct feedback_query *f)
{
	/* exactly the filters q_where() writes that the tally has no column for */
	return !searching(f) && !f->public_only && !f->overdue && !f->due_to && !f->received_from &&
	       !f->received_to && (!f->use_scope || f->nscope <= MAX_SCOPE);
}

/* The tally table for q's filters: by category and channel only when
 * they are asked for (the coarse table has fewer rows to sum). */
static const char *tally_table(const struct feedback_query *f)
{
	return f->category_id || channel_filter(f) ? "feedback_tally_detail t" : "feedback_tally t";
}

/* " AND ..." for the filters the tally's columns answer. */
static void tally_filters(struct qbuild *q, const struct feedback_query *f)
{
	if (f->unit_id) {
		/* unit_id = X: handled, and then the scope unit is unit_id */
		q_sql(q, " AND t.handled = 1 AND t.scope_unit_id = ");
		q_int(q, f->unit_id);
	}
	if (f->category_id) {
		q_sql(q, " AND t.category_id = ");
		q_int(q, f->category_id);
	}
	const char *ch = channel_filter(f);
	if (ch) {
		q_sql(q, " AND t.channel = ");
		q_text(q, ch);
	}
}

/*
 * The SQL of a count per status from the tally: the scope's units, plus
 * what the account recorded outside them, as two index ranges whose rows
 * are disjoint (UNION ALL; the second branch repeats the first one's
 * parameters by number). Like q_where(), the text depends only on which
 * filters are set and on the scope's size rounded up to a power of two.
 */
static void tally_sql(struct qbuild *q, const struct feedback_query *f)
{
	const char *table = tally_table(f);
	q_sql(q, "SELECT x.status, sum(x.n) FROM (");
	if (!f->use_scope) {
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE 1 = 1");
		tally_filters(q, f);
		q_sql(q, ") AS x GROUP BY x.status");
		return;
	}
	size_t bucket = 0, first = 0;
	if (f->nscope) {
		bucket = 1;
		while (bucket < f->nscope)
			bucket *= 2;
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE t.scope_unit_id IN (");
		first = q->n + 1;
		for (size_t i = 0; i < bucket; i++) {
			if (i)
				q_sql(q, ", ");
			q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
		}
		q_sql(q, ")");
		tally_filters(q, f);
	}
	if (f->scope_creator) {
		if (f->nscope)
			q_sql(q, " UNION ALL ");
		/* created_by <> 0 lets SQLite use the partial creator index */
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE t.created_by = ");
		q_int(q, f->scope_creator);
		q_sql(q, " AND t.created_by <> 0");
		if (f->nscope) {
			q_sql(q, " AND t.scope_unit_id NOT IN (");
			for (size_t i = 0; i < bucket; i++)
				if (sbuf_addf(&q->sql, "%s$%zu", i ? ", " : "", first + i) < 0)
					q->failed = 1;
			q_sql(q, ")");
		}
		tally_filters(q, f);
	}
	q_sql(q, ") AS x GROUP BY x.status");
}

/* Run q, a query of (status, count) rows, into counts (zeroed first by
 * the caller); releases q's SQL. */
static int status_counts(struct db *db, struct qbuild *q, int64_t counts[FB_STATUS_COUNT])
{
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (!q->failed && (st = db_prepare(db, q->sql.buf)) && q_bind(q, st) == DB_OK) {
		while ((rc = db_step(st)) == DB_ROW) {
			enum feedback_status s;
			if (feedback_status_parse(db_col_text(st, 0), &s) == 0)
				counts[s] = db_col_int(st, 1);
		}
		if (rc >= 0)
			rc = DB_OK;
	}
	db_done(st);
	sbuf_release(&q->sql);
	return rc;
}

int feedback_tally_by_status(struct db *db, const struct feedback_query *f, int64_t counts[FB_STATUS_COUNT])
{
	if (!feedback_tally_covers(f))
		return FEEDBACK_TALLY_CANNOT;
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		counts[i] = 0;
	/* a scope with no unit and no account reaches nothing */
	if (f->use_scope && !f->nscope && !f->scope_creator)
		return DB_OK;
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	tally_sql(&q, f);
	int rc = status_counts(db, &q, counts);
	arena_release(&a);
	return rc;
}

int feedback_row_count_by_status(struct db *db, const struct feedback_query *f,
				 int64_t counts[FB_STATUS_COUNT])
{
	/* exact, from the counters, whenever they answer q */
	int trc = feedback_tally_by_status(db, f, counts);
	if (trc != FEEDBACK_TALLY_CANNOT)
		return trc;
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	if (searching(f)) {
		q_sql(&q, "SELECT st, count(*) FROM (SELECT f.status AS st ");
		q_from(&q, f, "");
		q_where(&q, f, 0, db_is_pg(db));
		q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") AS x GROUP BY st");
	} else {
		/* one capped count per status (feedback_row_count): a bounded
		 * index range each, however many items the officer reaches */
		sbuf_release(&q.sql);
		arena_release(&a);
		for (int i = 0; i < FB_STATUS_COUNT; i++) {
			struct feedback_query one = *f;
			one.status_mask = 1u << i;
			int rc = feedback_row_count(db, &one, &counts[i]);
			if (rc < 0)
				return rc;
		}
		return DB_OK;
	}
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		counts[i] = 0;
	int rc = status_counts(db, &q, counts);
	arena_release(&a);
	return rc;
}

/* --- the dashboard's counters ------------------------------------------------ */

/* " IN ($a, ...)" of the scope's units, rounded up to a power of two like
 * q_where(); *first receives the first parameter's number, *bucket their
 * count, for scope_not_in(). */
static void scope_in(struct qbuild *q, const struct feedback_query *f, size_t *first, size_t *bucket)
{
	size_t b = 1;
	while (b < f->nscope)
		b *= 2;
	q_sql(q, " IN (");
	*first = q->n + 1;
	if (!q->mark)
		q->mark = *first;
	for (size_t i = 0; i < b; i++) {
		if (i)
			q_sql(q, ", ");
		q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
	}
	q_sql(q, ")");
	*bucket = b;
}

/* " NOT IN (...)" repeating the parameters of scope_in() by number. */
static void scope_not_in(struct qbuild *q, size_t first, size_t bucket)
{
	q_sql(q, " NOT IN (");
	for (size_t i = 0; i < bucket; i++)
		if (sbuf_addf(&q->sql, "%s$%zu", i ? ", " : "", first + i) < 0)
			q->failed = 1;
	q_sql(q, ")");
}

/* Build the query of `branch` for each branch of q's scope, joined by
 * UNION ALL: branch(q, f, mine, first, bucket, arg) writes one SELECT;
 * for mine = 1 it excludes the units' branch with scope_not_in(). 1 when
 * the scope reaches nothing (no SQL written). */
typedef void scope_branch_fn(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			     size_t bucket, const void *arg);

static int scope_union(struct qbuild *q, const struct feedback_query *f, scope_branch_fn *branch, const void *arg)
{
	if (!f->use_scope) {
		branch(q, f, -1, 0, 0, arg);
		return 0;
	}
	if (!f->nscope && !f->scope_creator)
		return 1;
	if (f->nscope > MAX_SCOPE) {
		q->failed = 1;
		return 0;
	}
	size_t first = 0, bucket = 0;
	if (f->nscope)
		branch(q, f, 0, 0, 0, arg);
	if (f->scope_creator) {
		if (f->nscope) {
			q_sql(q, " UNION ALL ");
			/* the units' parameters, as the first scope_in() wrote them */
			first = q->mark;
			bucket = 1;
			while (bucket < f->nscope)
				bucket *= 2;
		}
		branch(q, f, 1, first, bucket, arg);
	}
	return 0;
}

struct day_range {
	int64_t from, to;
};

static void days_branch(struct qbuild *q, const struct feedback_query *f, int mine, size_t first, size_t bucket,
			const void *arg)
{
	const struct day_range *r = arg;
	size_t f1, b1;
	q_sql(q, "SELECT t.scope_unit_id, t.category_id, t.day, t.lag, t.n, t.on_time FROM feedback_tally_day t WHERE ");
	if (mine == 0) {
		q_sql(q, "t.scope_unit_id");
		scope_in(q, f, &f1, &b1);
		q_sql(q, " AND ");
	} else if (mine == 1) {
		q_sql(q, "t.created_by = ");
		q_int(q, f->scope_creator);
		q_sql(q, " AND t.created_by <> 0 AND ");
	}
	q_sql(q, "t.day >= ");
	q_int(q, r->from);
	q_sql(q, " AND t.day < ");
	q_int(q, r->to);
	q_sql(q, " AND t.n > 0");
	if (mine == 1 && bucket) {
		q_sql(q, " AND t.scope_unit_id");
		scope_not_in(q, first, bucket);
	}
}

int feedback_tally_days(struct db *db, const struct feedback_query *f, int64_t from_day, int64_t to_day,
			struct arena *a, struct feedback_day_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (from_day >= to_day)
		return DB_OK;
	struct qbuild q;
	q_init(&q, a);
	struct day_range r = { from_day, to_day };
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (scope_union(&q, f, days_branch, &r)) {
		rc = DB_OK;
		goto out;
	}
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_day_row *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		arr[len++] = (struct feedback_day_row){ .unit_id = db_col_int(st, 0), .category_id = db_col_int(st, 1),
							.day = db_col_int(st, 2), .lag = (int)db_col_int(st, 3),
							.n = db_col_int(st, 4), .on_time = db_col_int(st, 5) };
	}
	if (rc >= 0) {
		rc = DB_OK;
		*rows = arr;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

static void months_branch(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			  size_t bucket, const void *arg)
{
	const struct day_range *r = arg;
	size_t f1, b1;
	q_sql(q, "SELECT t.scope_unit_id, t.month, t.n, t.answered, t.on_time FROM feedback_tally_month t WHERE ");
	if (mine == 0) {
		q_sql(q, "t.scope_unit_id");
		scope_in(q, f, &f1, &b1);
		q_sql(q, " AND ");
	} else if (mine == 1) {
		q_sql(q, "t.created_by = ");
		q_int(q, f->scope_creator);
		q_sql(q, " AND t.created_by <> 0 AND ");
	}
	q_sql(q, "t.month >= ");
	q_int(q, r->from);
	q_sql(q, " AND t.month < ");
	q_int(q, r->to);
	q_sql(q, " AND t.n > 0");
	if (mine == 1 && bucket) {
		q_sql(q, " AND t.scope_unit_id");
		scope_not_in(q, first, bucket);
	}
}

int feedback_tally_months(struct db *db, const struct feedback_query *f, int64_t from_month, int64_t to_month,
			  struct arena *a, struct feedback_month_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (from_month >= to_month)
		return DB_OK;
	struct qbuild q;
	q_init(&q, a);
	struct day_range r = { from_month, to_month };
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (scope_union(&q, f, months_branch, &r)) {
		rc = DB_OK;
		goto out;
	}
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_month_row *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		arr[len++] = (struct feedback_month_row){ .unit_id = db_col_int(st, 0), .month = db_col_int(st, 1),
							  .n = db_col_int(st, 2), .answered = db_col_int(st, 3),
							  .on_time = db_col_int(st, 4) };
	}
	if (rc >= 0) {
		rc = DB_OK;
		*rows = arr;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

struct due_bounds {
	int64_t now, soon;
	int64_t today, soon_day;      /* their Vietnam days */
};

/* The open items per (unit, category): "u, c, open, overdue, soon" rows
 * from the tally of 0007 (open), the due tally of 0013 (days before today
 * and after it), and the due-order index for today's due items. */
static void open_branches(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			  size_t bucket, const void *arg)
{
	const struct due_bounds *b = arg;
	size_t f1, b1;
	for (int part = 0; part < 3; part++) {
		if (part)
			q_sql(q, " UNION ALL ");
		if (part == 0) {
			q_sql(q, "SELECT t.scope_unit_id AS u, t.category_id AS c, t.n AS n, 0 AS od, 0 AS ds "
				 "FROM feedback_tally_detail t WHERE ");
		} else if (part == 1) {
			q_sql(q, "SELECT t.scope_unit_id AS u, t.category_id AS c, 0 AS n, "
				 "CASE WHEN t.due_day >= 0 AND t.due_day < ");
			q_int(q, b->today);
			q_sql(q, " THEN t.n ELSE 0 END AS od, CASE WHEN t.due_day > ");
			q_int(q, b->today);
			q_sql(q, " AND t.due_day <= ");
			q_int(q, b->soon_day);
			q_sql(q, " THEN t.n ELSE 0 END AS ds FROM feedback_tally_due t WHERE ");
		} else {
			/* 1/0 written out: a comparison is a boolean on PostgreSQL */
			q_sql(q, "SELECT coalesce(f.unit_id, f.intake_unit_id, 0) AS u, f.category_id AS c, 0 AS n, "
				 "CASE WHEN f.due_at < ");
			q_int(q, b->now);
			q_sql(q, " THEN 1 ELSE 0 END AS od, CASE WHEN f.due_at >= ");
			q_int(q, b->now);
			q_sql(q, " AND f.due_at <= ");
			q_int(q, b->soon);
			q_sql(q, " THEN 1 ELSE 0 END AS ds FROM feedback f WHERE ");
		}
		const char *unit_col = part == 2 ? "coalesce(f.unit_id, f.intake_unit_id)" : "t.scope_unit_id";
		if (mine == 0) {
			q_sql(q, unit_col);
			scope_in(q, f, &f1, &b1);
			q_sql(q, " AND ");
		} else if (mine == 1) {
			q_sql(q, part == 2 ? "f.created_by = " : "t.created_by = ");
			q_int(q, f->scope_creator);
			q_sql(q, part == 2 ? " AND " : " AND t.created_by <> 0 AND ");
		}
		if (part == 0) {
			q_sql(q, "t.status IN ('received', 'assigned') AND t.n > 0");
		} else if (part == 1) {
			q_sql(q, "t.n > 0");
		} else {
			/* today's due items, one day of the index */
			q_sql(q, "f.status IN ('received', 'assigned') AND f.due_at >= ");
			q_int(q, vn_day_start(b->today));
			q_sql(q, " AND f.due_at < ");
			q_int(q, vn_day_start(b->today + 1));
		}
		if (mine == 1 && bucket) {
			q_sql(q, part == 2 ? " AND coalesce(f.unit_id, f.intake_unit_id, 0)" : " AND t.scope_unit_id");
			scope_not_in(q, first, bucket);
		}
	}
}

int feedback_open_figures(struct db *db, const struct feedback_query *f, int64_t now, int64_t soon,
			  struct arena *a, struct feedback_open_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	struct qbuild q;
	q_init(&q, a);
	struct due_bounds b = { now, soon, vn_day_of(now), vn_day_of(soon) };
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	q_sql(&q, "SELECT u, c, sum(n), sum(od), sum(ds) FROM (");
	if (scope_union(&q, f, open_branches, &b)) {
		rc = DB_OK;
		goto out;
	}
	q_sql(&q, ") AS x GROUP BY u, c");
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_open_row *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		arr[len++] = (struct feedback_open_row){ .unit_id = db_col_int(st, 0), .category_id = db_col_int(st, 1),
							 .open = db_col_int(st, 2), .overdue = db_col_int(st, 3),
							 .due_soon = db_col_int(st, 4) };
	}
	if (rc >= 0) {
		rc = DB_OK;
		*rows = arr;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

int feedback_facts(struct db *db, const struct feedback_query *f, size_t max, struct arena *a,
		   struct feedback_fact **items, size_t *n)
{
	struct qbuild q;
	q_init(&q, a);
	q_sql(&q, "SELECT f.id, coalesce(f.unit_id, f.intake_unit_id, 0), f.category_id, f.status, "
		  "f.received_at, f.due_at, f.answered_at, f.published_at ");
	q_from(&q, f, "");
	q_where(&q, f, 1, db_is_pg(db));
	q_candidates(&q, f, SEARCH_MAX_RESULTS);
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_fact *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (len == max || rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct feedback_fact *x = &arr[len++];
		x->id = db_col_int(st, 0);
		x->unit_id = db_col_int(st, 1);
		x->category_id = db_col_int(st, 2);
		if (feedback_status_parse(db_col_text(st, 3), &x->status) < 0)
			x->status = FB_RECEIVED;
		x->received_at = db_col_int(st, 4);
		x->due_at = col_opt(st, 5);
		x->answered_at = col_opt(st, 6);
		x->published_at = col_opt(st, 7);
	}
	if (rc >= 0) {
		rc = DB_OK;
		*items = len ? arr : NULL;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

int feedback_row_merged_into(struct db *db, int64_t id, struct arena *a, struct feedback_row **items,
			     size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM
					    "WHERE f.merged_into_id = $1 ORDER BY f.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct feedback_row *arr = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = read_row(st, a, &arr[len])) < 0)
			break;
		len++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = len ? arr : NULL;
	*n = len;
	return DB_OK;
}

/* --- contacts ------------------------------------------------------------- */

int feedback_contact_insert(struct db *db, int64_t feedback_id, const struct feedback_contact *c)
{
	if (!db_in_transaction(db))
		BUG("feedback_contact_insert outside a transaction");
	struct db_stmt *st = db_prepare(db, "INSERT INTO feedback_contacts(feedback_id, name, phone, email) "
					    "VALUES ($1, $2, $3, $4)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->phone);
	db_bind_text(st, 4, c->email);
	return run_done(st);
}

int feedback_contact_get(struct db *db, int64_t feedback_id, struct arena *a,
			 struct feedback_contact *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT name, phone, email FROM feedback_contacts "
					    "WHERE feedback_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int bad = dup_col(a, st, 0, &out->name) | dup_col(a, st, 1, &out->phone) |
			  dup_col(a, st, 2, &out->email);
		rc = bad ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int feedback_contact_exists(struct db *db, int64_t feedback_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM feedback_contacts WHERE feedback_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW;
}

/* --- timeline ------------------------------------------------------------- */

int feedback_event_insert(struct db *db, const struct feedback_event *e, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("feedback_event_insert outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO feedback_events(feedback_id, at, type, actor_id, unit_id, public, "
		"status_before, status_after, text, extra) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_int(st, 1, e->feedback_id);
	b |= db_bind_int(st, 2, e->at);
	b |= db_bind_text(st, 3, feedback_event_name(e->type));
	b |= bind_opt_int(st, 4, e->actor_id);
	b |= bind_opt_int(st, 5, e->unit_id);
	b |= db_bind_int(st, 6, e->public ? 1 : 0);
	b |= db_bind_text(st, 7, feedback_status_name(e->status_before));
	b |= db_bind_text(st, 8, feedback_status_name(e->status_after));
	b |= db_bind_text(st, 9, e->text);
	b |= db_bind_text(st, 10, e->extra);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = db_step(st);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int feedback_event_list(struct db *db, int64_t feedback_id, int public_only, struct arena *a,
			struct feedback_event **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT e.id, e.feedback_id, e.at, e.type, e.actor_id, ac.display_name, e.unit_id, u.code, "
		"u.name, e.public, e.status_before, e.status_after, e.text, e.extra "
		"FROM feedback_events e LEFT JOIN accounts ac ON ac.id = e.actor_id "
		"LEFT JOIN units u ON u.id = e.unit_id "
		"WHERE e.feedback_id = $1 AND (e.public = 1 OR $2 = 0) ORDER BY e.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	db_bind_int(st, 2, public_only ? 1 : 0);
	struct feedback_event *arr = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct feedback_event *e = &arr[len];
		memset(e, 0, sizeof(*e));
		e->id = db_col_int(st, 0);
		e->feedback_id = db_col_int(st, 1);
		e->at = db_col_int(st, 2);
		if (feedback_event_parse(db_col_text(st, 3), &e->type) < 0)
			e->type = FB_EV_NOTE;
		e->actor_id = col_opt(st, 4);
		int bad = dup_col(a, st, 5, &e->actor_name);
		e->unit_id = col_opt(st, 6);
		bad |= dup_col(a, st, 7, &e->unit_code);
		bad |= dup_col(a, st, 8, &e->unit_name);
		e->public = (int)db_col_int(st, 9);
		if (feedback_status_parse(db_col_text(st, 10), &e->status_before) < 0)
			e->status_before = FB_RECEIVED;
		if (feedback_status_parse(db_col_text(st, 11), &e->status_after) < 0)
			e->status_after = FB_RECEIVED;
		bad |= dup_col(a, st, 12, &e->text);
		bad |= dup_col(a, st, 13, &e->extra);
		if (bad) {
			rc = DB_ERROR;
			break;
		}
		len++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = len ? arr : NULL;
	*n = len;
	return DB_OK;
}

/* --- answers -------------------------------------------------------------- */

int feedback_answer_insert(struct db *db, const struct feedback_answer *ans, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("feedback_answer_insert outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO feedback_answers(feedback_id, unit_id, result, basis, next_steps, text, "
		"drafted_by, drafted_at, approved_by, published_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_int(st, 1, ans->feedback_id);
	b |= bind_opt_int(st, 2, ans->unit_id);
	b |= db_bind_text(st, 3, feedback_result_name(ans->result));
	b |= db_bind_text(st, 4, ans->basis);
	b |= db_bind_text(st, 5, ans->next_steps);
	b |= db_bind_text(st, 6, ans->text);
	b |= bind_opt_int(st, 7, ans->drafted_by);
	b |= db_bind_int(st, 8, ans->drafted_at);
	b |= bind_opt_int(st, 9, ans->approved_by);
	b |= bind_opt_int(st, 10, ans->published_at);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = db_step(st);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int feedback_answer_latest(struct db *db, int64_t feedback_id, int published_only, struct arena *a,
			   struct feedback_answer *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT fa.id, fa.feedback_id, fa.unit_id, u.code, u.name, fa.result, fa.basis, "
		"fa.next_steps, fa.text, fa.drafted_by, fa.drafted_at, fa.approved_by, fa.published_at "
		"FROM feedback_answers fa LEFT JOIN units u ON u.id = fa.unit_id "
		"WHERE fa.feedback_id = $1 AND ($2 = 0 OR fa.published_at IS NOT NULL) "
		"ORDER BY fa.id DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	db_bind_int(st, 2, published_only ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = db_col_int(st, 0);
		out->feedback_id = db_col_int(st, 1);
		out->unit_id = col_opt(st, 2);
		int bad = dup_col(a, st, 3, &out->unit_code) | dup_col(a, st, 4, &out->unit_name);
		if (feedback_result_parse(db_col_text(st, 5), &out->result) < 0)
			out->result = FB_RESULT_EXPLAINED;
		bad |= dup_col(a, st, 6, &out->basis) | dup_col(a, st, 7, &out->next_steps) |
		       dup_col(a, st, 8, &out->text);
		out->drafted_by = col_opt(st, 9);
		out->drafted_at = db_col_int(st, 10);
		out->approved_by = col_opt(st, 11);
		out->published_at = col_opt(st, 12);
		rc = bad ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int feedback_answer_publish(struct db *db, int64_t answer_id, int64_t approved_by, int64_t at)
{
	if (!db_in_transaction(db))
		BUG("feedback_answer_publish outside a transaction");
	struct db_stmt *st = db_prepare(db, "UPDATE feedback_answers SET approved_by = $2, published_at = $3 "
					    "WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, answer_id);
	bind_opt_int(st, 2, approved_by);
	db_bind_int(st, 3, at);
	int rc = db_step(st);
	int64_t n = db_changes(db);
	db_done(st);
	if (rc < 0)
		return rc;
	return n == 1 ? DB_OK : DB_NOTFOUND;
}

int feedback_default_unit(struct db *db, int64_t *unit_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM units WHERE parent_id IS NULL AND "
					    "valid_to IS NULL ORDER BY id LIMIT 1");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*unit_id = db_col_int(st, 0);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

/* --- reorganisation ------------------------------------------------------- */

int feedback_move_open_work(struct db *db, const struct audit_actor *actor, int64_t from_unit_id,
			    int64_t to_unit_id, int64_t now, size_t *moved)
{
	if (!db_in_transaction(db))
		BUG("feedback_move_open_work outside a transaction");
	if (from_unit_id == to_unit_id)
		return DB_OK;
	struct arena a;
	arena_init(&a, 16384);
	int rc;
	struct moved_item {
		int64_t id;
		const char *code;
		enum feedback_status status;
		int handling; /* 1: unit_id moves; 0: only the intake desk */
	} *items = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, code, status, unit_id FROM feedback WHERE "
		"(unit_id = $1 AND status IN ('received', 'assigned', 'answered')) OR "
		"(unit_id IS NULL AND intake_unit_id = $1 AND status = 'received') ORDER BY id");
	if (!st) {
		rc = DB_ERROR;
		goto out;
	}
	db_bind_int(st, 1, from_unit_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(&a, (void **)&items, n, &cap, sizeof(*items)) < 0) {
			rc = DB_ERROR;
			break;
		}
		items[n].id = db_col_int(st, 0);
		items[n].code = arena_strdup(&a, db_col_text(st, 1));
		if (feedback_status_parse(db_col_text(st, 2), &items[n].status) < 0)
			items[n].status = FB_RECEIVED;
		items[n].handling = !db_col_is_null(st, 3);
		if (!items[n].code) {
			rc = DB_ERROR;
			break;
		}
		n++;
	}
	db_done(st);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		st = db_prepare(db, items[i].handling
			? "UPDATE feedback SET unit_id = $2, updated_at = $3 WHERE id = $1"
			: "UPDATE feedback SET intake_unit_id = $2, updated_at = $3 WHERE id = $1");
		if (!st) {
			rc = DB_ERROR;
			goto out;
		}
		db_bind_int(st, 1, items[i].id);
		db_bind_int(st, 2, to_unit_id);
		db_bind_int(st, 3, now);
		if ((rc = run_done(st)) < 0)
			goto out;
		char extra[96];
		snprintf(extra, sizeof(extra), "{\"from_unit_id\":%lld,\"reorganisation\":true}",
			 (long long)from_unit_id);
		struct feedback_event e = {
			.feedback_id = items[i].id,
			.at = now,
			.type = FB_EV_TRANSFER,
			.actor_id = actor ? actor->account_id : 0,
			.unit_id = to_unit_id,
			.public = 1,
			.status_before = items[i].status,
			.status_after = items[i].status,
			.text = "Chuyển sang đơn vị kế thừa do sắp xếp tổ chức bộ máy",
			.extra = extra,
		};
		if ((rc = feedback_event_insert(db, &e, NULL)) < 0)
			goto out;
		char summary[128];
		snprintf(summary, sizeof(summary), "{\"from\":%lld,\"to\":%lld,\"field\":\"%s\"}",
			 (long long)from_unit_id, (long long)to_unit_id,
			 items[i].handling ? "unit_id" : "intake_unit_id");
		if ((rc = audit_append(db, actor, "feedback.move", "feedback", items[i].code, summary)) < 0)
			goto out;
	}
	if (moved)
		*moved += n;
	rc = DB_OK;
out:
	arena_release(&a);
	return rc;
}
