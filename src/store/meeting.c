/*
 * meeting.c - the SQL of meetings, their timeline, petitions and results
 * (meeting.h); the same statements on SQLite and PostgreSQL.
 */
#include "meeting.h"

#include <string.h>

#include "core/arena.h"
#include "core/vntext.h"
#include "db.h"
#include "rows.h"
#include "search.h"

#define MEETING_BASE_SQL "2199023255552" /* SEARCH_ROWID(SEARCH_KIND_MEETING, 0) */
#define MEETING_END_SQL "3298534883328"  /* SEARCH_ROWID(SEARCH_KIND_MEETING + 1, 0): consultations' */

#define COLS                                                                                        \
	"m.id, m.kind, m.title, m.unit_id, m.starts_at, m.ends_at, m.place, m.online_url, m.hosts, "  \
	"m.public, m.capacity, m.booked, m.status, m.attendance, m.postponed_from, m.postpone_reason, " \
	"m.cancel_reason, m.minutes_text, m.minutes_by, m.minutes_at, m.minutes_approved_by, "         \
	"m.minutes_approved_at, m.results_published_at, m.announced_at, m.created_by, m.created_at, "  \
	"m.updated_at, m.search_key, u.code, u.name, u.kind "
#define FROM "FROM meetings m JOIN units u ON u.id = m.unit_id "

static int read_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct meeting_row *m = item;
	int bad = 0;
	memset(m, 0, sizeof(*m));
	m->id = db_col_int(st, 0);
	m->kind = rows_text_or_empty(st, 1, a, &bad);
	m->title = rows_text_or_empty(st, 2, a, &bad);
	m->unit_id = db_col_int(st, 3);
	m->starts_at = db_col_int(st, 4);
	m->ends_at = db_col_int(st, 5);
	m->place = rows_text_or_empty(st, 6, a, &bad);
	m->online_url = rows_text(st, 7, a, &bad);
	m->hosts = rows_text_or_empty(st, 8, a, &bad);
	m->public = (int)db_col_int(st, 9);
	m->capacity = rows_int_or(st, 10, 0);
	m->booked = db_col_int(st, 11);
	m->status = rows_text_or_empty(st, 12, a, &bad);
	m->attendance = rows_int_or(st, 13, -1);
	m->postponed_from = rows_int_or(st, 14, 0);
	m->postpone_reason = rows_text(st, 15, a, &bad);
	m->cancel_reason = rows_text(st, 16, a, &bad);
	m->minutes_text = rows_text(st, 17, a, &bad);
	m->minutes_by = rows_int_or(st, 18, 0);
	m->minutes_at = rows_int_or(st, 19, 0);
	m->minutes_approved_by = rows_int_or(st, 20, 0);
	m->minutes_approved_at = rows_int_or(st, 21, 0);
	m->results_published_at = rows_int_or(st, 22, 0);
	m->announced_at = db_col_int(st, 23);
	m->created_by = rows_int_or(st, 24, 0);
	m->created_at = db_col_int(st, 25);
	m->updated_at = db_col_int(st, 26);
	m->search_key = rows_text_or_empty(st, 27, a, &bad);
	m->unit_code = rows_text_or_empty(st, 28, a, &bad);
	m->unit_name = rows_text_or_empty(st, 29, a, &bad);
	m->unit_kind = rows_text_or_empty(st, 30, a, &bad);
	return bad ? -1 : 0;
}

/* A text folded as vn_fold() does in SQL (NULL stays NULL). */
static const char *fold(struct arena *a, const char *s)
{
	char *out = NULL;
	return s && vntext_fold(a, s, strlen(s), &out, NULL) == VNTEXT_OK ? out : NULL;
}

int meeting_index_pg(struct db *db, const struct meeting_row *m, int64_t id)
{
	struct arena a;
	arena_init(&a, 4096);
	struct db_stmt *st = db_prepare(db, "INSERT INTO search_fts(rowid, title, body, place, internal, tags) "
					    "VALUES ($1, $2, $3, $4, NULL, $5)");
	int rc = DB_ERROR;
	if (st) {
		db_bind_int(st, 1, SEARCH_ROWID(SEARCH_KIND_MEETING, id));
		db_bind_text(st, 2, fold(&a, m->title));
		db_bind_text(st, 3, fold(&a, m->hosts ? m->hosts : "[]"));
		db_bind_text(st, 4, fold(&a, m->place ? m->place : ""));
		db_bind_text(st, 5, m->public ? "vpub" : "");
		rc = db_step(st);
		db_done(st);
		rc = rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
	}
	arena_release(&a);
	return rc;
}

int meeting_search_reindex_pg(struct db *db)
{
	if (!db_is_pg(db))
		return DB_OK;
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	rc = db_exec(db, "DELETE FROM search_fts WHERE rowid > " MEETING_BASE_SQL " AND rowid < " MEETING_END_SQL);
	struct arena a;
	arena_init(&a, 65536);
	struct db_stmt *st = rc < 0 ? NULL : db_prepare(db, "SELECT id, title, hosts, place, public FROM meetings ORDER BY id");
	struct meeting_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (rc >= 0 && !st)
		rc = DB_ERROR;
	while (st && rc >= 0 && (rc = db_step(st)) == DB_ROW) {
		int bad = 0;
		if (rows_grow(&a, (void **)&rows, n, &cap, sizeof(*rows)) < 0) {
			rc = DB_ERROR;
			break;
		}
		struct meeting_row *m = &rows[n++];
		memset(m, 0, sizeof(*m));
		m->id = db_col_int(st, 0);
		m->title = rows_text_or_empty(st, 1, &a, &bad);
		m->hosts = rows_text_or_empty(st, 2, &a, &bad);
		m->place = rows_text_or_empty(st, 3, &a, &bad);
		m->public = (int)db_col_int(st, 4);
		if (bad)
			rc = DB_ERROR;
	}
	if (st)
		db_done(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	for (size_t i = 0; rc == DB_OK && i < n; i++)
		rc = meeting_index_pg(db, &rows[i], rows[i].id);
	arena_release(&a);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

int meeting_insert(struct db *db, const struct meeting_row *m, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, place, online_url, hosts, public, "
		"capacity, status, announced_at, created_by, created_at, updated_at, search_key) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, m->kind);
	db_bind_text(st, 2, m->title);
	db_bind_int(st, 3, m->unit_id);
	db_bind_int(st, 4, m->starts_at);
	db_bind_int(st, 5, m->ends_at);
	db_bind_text(st, 6, m->place ? m->place : "");
	db_bind_text(st, 7, m->online_url);
	db_bind_text(st, 8, m->hosts ? m->hosts : "[]");
	db_bind_int(st, 9, m->public ? 1 : 0);
	db_bind_int_or_null(st, 10, m->capacity);
	db_bind_text(st, 11, m->status ? m->status : "planned");
	db_bind_int(st, 12, m->announced_at);
	db_bind_int_or_null(st, 13, m->created_by);
	db_bind_int(st, 14, m->created_at);
	db_bind_int(st, 15, m->updated_at);
	db_bind_text(st, 16, m->search_key ? m->search_key : "");
	int rc = rows_one_int(st, id);
	/* the search index: SQLite's trigger (0018_meeting_search.sql) folds
	 * in SQL; PostgreSQL cannot, so the same row is written here */
	if (rc == DB_OK && db_is_pg(db))
		rc = meeting_index_pg(db, m, *id);
	return rc;
}

int meeting_update(struct db *db, const struct meeting_row *m)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE meetings SET status = $2, starts_at = $3, ends_at = $4, attendance = $5, "
		"postponed_from = $6, postpone_reason = $7, cancel_reason = $8, minutes_text = $9, "
		"minutes_by = $10, minutes_at = $11, minutes_approved_by = $12, minutes_approved_at = $13, "
		"results_published_at = $14, updated_at = $15 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, m->id);
	db_bind_text(st, 2, m->status);
	db_bind_int(st, 3, m->starts_at);
	db_bind_int(st, 4, m->ends_at);
	if (m->attendance >= 0)
		db_bind_int(st, 5, m->attendance);
	else
		db_bind_null(st, 5);
	db_bind_int_or_null(st, 6, m->postponed_from);
	db_bind_text(st, 7, m->postpone_reason);
	db_bind_text(st, 8, m->cancel_reason);
	db_bind_text(st, 9, m->minutes_text);
	db_bind_int_or_null(st, 10, m->minutes_by);
	db_bind_int_or_null(st, 11, m->minutes_at);
	db_bind_int_or_null(st, 12, m->minutes_approved_by);
	db_bind_int_or_null(st, 13, m->minutes_approved_at);
	db_bind_int_or_null(st, 14, m->results_published_at);
	db_bind_int(st, 15, m->updated_at);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int meeting_get(struct db *db, struct arena *a, int64_t id, struct meeting_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS FROM "WHERE m.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_row(st, a, out, NULL) < 0 ? DB_ERROR : DB_OK;
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

/* The units an account's active grants reach (inherited down the tree),
 * and the unit named by code with every unit below it. */
#define LIST_WITH                                                                                       \
	"WITH RECURSIVE reach(id) AS (SELECT unit_id FROM role_grants WHERE account_id = $1 "            \
	"AND revoked_at IS NULL UNION SELECT c.id FROM units c JOIN reach r ON c.parent_id = r.id), "     \
	"sub(id) AS (SELECT id FROM units WHERE code = $2 "                                               \
	"UNION SELECT c.id FROM units c JOIN sub s ON c.parent_id = s.id) "
#define LIST_WHERE                                                                                      \
	"WHERE (m.public = 1 OR m.unit_id IN (SELECT id FROM reach)) "                                    \
	"AND ($3 = '' OR m.unit_id IN (SELECT id FROM sub)) AND ($4 = '' OR m.kind = $4) "                \
	"AND m.starts_at >= $5 AND m.starts_at < $6 AND CAST($7 AS TEXT) IS NOT NULL "
/* the words of a search: the meeting's document matches (its rowid range) */
#define SEARCH_SQLITE                                                                                   \
	"AND m.id IN (SELECT rowid - " MEETING_BASE_SQL " FROM search_fts WHERE search_fts MATCH $7 "      \
	"AND rowid > " MEETING_BASE_SQL " AND rowid < " MEETING_END_SQL ") "
#define SEARCH_PG                                                                                       \
	"AND m.id IN (SELECT rowid - " MEETING_BASE_SQL " FROM search_fts WHERE doc @@ to_tsquery('simple', $7) " \
	"AND rowid > " MEETING_BASE_SQL " AND rowid < " MEETING_END_SQL ") "

static void bind_query(struct db_stmt *st, const struct meeting_query *q)
{
	db_bind_int(st, 1, q->viewer);
	db_bind_text(st, 2, q->unit ? q->unit : "");
	db_bind_text(st, 3, q->unit ? q->unit : "");
	db_bind_text(st, 4, q->kind ? q->kind : "");
	db_bind_int(st, 5, q->from ? q->from : INT64_MIN / 2);
	db_bind_int(st, 6, q->to ? q->to : INT64_MAX / 2);
	db_bind_text(st, 7, q->match ? q->match : "");
}

int meeting_row_list(struct db *db, struct arena *a, const struct meeting_query *q, struct meeting_row **items,
		 size_t *n, int64_t *total)
{
#define LIST_ORDER                                                                                      \
	"ORDER BY CASE WHEN m.ends_at >= $8 THEN 0 ELSE 1 END, "                                        \
	"CASE WHEN m.ends_at >= $8 THEN m.starts_at ELSE -m.starts_at END, m.id LIMIT $9 OFFSET $10"
	int pg = db_is_pg(db), s = q->match != NULL;
	/* emulation: only the meetings held (a constant condition, no parameter) */
	const char *held = q->held ? "AND m.status IN ('held', 'closed') " : "";
	const char *search = !s ? "" : pg ? SEARCH_PG : SEARCH_SQLITE;
	char sql[4096];
	if (snprintf(sql, sizeof(sql), "%s%s%s", LIST_WITH "SELECT count(*) " FROM LIST_WHERE, held, search) >=
	    (int)sizeof(sql))
		return DB_ERROR;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	bind_query(st, q);
	int rc = rows_one_int(st, total);
	if (rc < 0)
		return rc;
	if (snprintf(sql, sizeof(sql), "%s%s%s%s", LIST_WITH "SELECT " COLS FROM LIST_WHERE, held, search, LIST_ORDER) >=
	    (int)sizeof(sql))
		return DB_ERROR;
	st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	bind_query(st, q);
	db_bind_int(st, 8, q->now);
	db_bind_int(st, 9, q->limit > 0 ? q->limit : 20);
	db_bind_int(st, 10, q->offset);
	void *out = NULL;
	rc = rows_collect(st, a, sizeof(struct meeting_row), 0, read_row, NULL, &out, n);
	*items = out;
	return rc;
}

int meeting_event_insert(struct db *db, const struct meeting_event_row *e, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO meeting_events(meeting_id, at, type, actor_id, public, status_before, status_after, "
		"text, extra) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, e->meeting_id);
	db_bind_int(st, 2, e->at);
	db_bind_text(st, 3, e->type);
	db_bind_int_or_null(st, 4, e->actor_id);
	db_bind_int(st, 5, e->public ? 1 : 0);
	db_bind_text(st, 6, e->status_before);
	db_bind_text(st, 7, e->status_after);
	db_bind_text(st, 8, e->text);
	db_bind_text(st, 9, e->extra);
	int64_t x = 0;
	int rc = rows_one_int(st, &x);
	if (id)
		*id = x;
	return rc;
}

static int read_event(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct meeting_event_row *e = item;
	int bad = 0;
	e->id = db_col_int(st, 0);
	e->meeting_id = db_col_int(st, 1);
	e->at = db_col_int(st, 2);
	e->type = rows_text_or_empty(st, 3, a, &bad);
	e->actor_id = rows_int_or(st, 4, 0);
	e->public = (int)db_col_int(st, 5);
	e->status_before = rows_text_or_empty(st, 6, a, &bad);
	e->status_after = rows_text_or_empty(st, 7, a, &bad);
	e->text = rows_text(st, 8, a, &bad);
	e->extra = rows_text(st, 9, a, &bad);
	e->actor_name = rows_text(st, 10, a, &bad);
	return bad ? -1 : 0;
}

int meeting_events(struct db *db, struct arena *a, int64_t meeting_id, int public_only,
		   struct meeting_event_row **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT e.id, e.meeting_id, e.at, e.type, e.actor_id, e.public, e.status_before, e.status_after, "
		"e.text, e.extra, ac.display_name FROM meeting_events e LEFT JOIN accounts ac ON ac.id = e.actor_id "
		"WHERE e.meeting_id = $1 AND (e.public = 1 OR $2 = 0) ORDER BY e.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, public_only ? 1 : 0);
	void *out = NULL;
	int rc = rows_collect(st, a, sizeof(struct meeting_event_row), 0, read_event, NULL, &out, n);
	*items = out;
	return rc;
}

static int read_petition(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct meeting_petition_row *p = item;
	int bad = 0;
	p->code = rows_text_or_empty(st, 0, a, &bad);
	p->title = rows_text_or_empty(st, 1, a, &bad);
	p->status = rows_text_or_empty(st, 2, a, &bad);
	p->public = (int)db_col_int(st, 3);
	p->received_at = db_col_int(st, 4);
	p->due_at = rows_int_or(st, 5, 0);
	return bad ? -1 : 0;
}

int meeting_petitions(struct db *db, struct arena *a, int64_t meeting_id, int public_only,
		      struct meeting_petition_row **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT f.code, CASE WHEN $2 = 1 THEN coalesce(f.public_title, f.title) ELSE f.title END, "
		"f.status, f.public, f.received_at, f.due_at FROM feedback f "
		"WHERE f.meeting_id = $1 AND (f.public = 1 OR $2 = 0) ORDER BY f.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, public_only ? 1 : 0);
	void *out = NULL;
	int rc = rows_collect(st, a, sizeof(struct meeting_petition_row), 0, read_petition, NULL, &out, n);
	*items = out;
	return rc;
}

int meeting_results_get(struct db *db, int64_t meeting_id, int64_t now, struct meeting_results *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT count(*), "
		"coalesce(sum(CASE WHEN f.status IN ('answered', 'published', 'closed') THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN f.status IN ('published', 'closed') THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN f.status IN ('received', 'assigned') AND f.due_at < $2 THEN 1 ELSE 0 END), 0) "
		"FROM feedback f WHERE f.meeting_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, now);
	memset(out, 0, sizeof(*out));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->petitions = db_col_int(st, 0);
		out->answered = db_col_int(st, 1);
		out->published = db_col_int(st, 2);
		out->overdue = db_col_int(st, 3);
		rc = DB_OK;
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int meeting_count_in(struct db *db, int64_t unit_id, const char *kind, int64_t from, int64_t to, int64_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE sub(id) AS (SELECT CAST($1 AS bigint) UNION SELECT c.id FROM units c JOIN sub s ON c.parent_id = s.id) "
		"SELECT count(*) FROM meetings m WHERE m.unit_id IN (SELECT id FROM sub) AND m.kind = $2 "
		"AND m.status <> 'cancelled' AND m.starts_at >= $3 AND m.starts_at < $4");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	return rows_one_int(st, n);
}
