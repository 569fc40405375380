/*
 * reception.c - the SQL of citizen reception (reception.h): rules,
 * generated sessions, bookings and their contact, for both engines.
 */
#include "reception.h"
#include "meeting.h"
#include "core/arena.h"
#include "db.h"
#include "query.h"
#include "rows.h"

/* --- rules ---------------------------------------------------------------- */

#define RULE_COLS                                                                                          \
	"r.id, r.unit_id, u.code, u.name, r.host, r.weekday, r.weeks, r.start_minute, r.end_minute, r.place, " \
	"r.capacity, r.active, r.created_by, r.created_at"
#define RULE_FROM " FROM reception_rules r JOIN units u ON u.id = r.unit_id"

static int read_rule(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct reception_rule *r = item;
	int failed = 0;
	r->id = db_col_int(st, 0);
	r->unit_id = db_col_int(st, 1);
	r->unit_code = rows_text_or_empty(st, 2, a, &failed);
	r->unit_name = rows_text_or_empty(st, 3, a, &failed);
	r->host = rows_text_or_empty(st, 4, a, &failed);
	r->weekday = (int)db_col_int(st, 5);
	r->weeks = (unsigned)db_col_int(st, 6);
	r->start_minute = (int)db_col_int(st, 7);
	r->end_minute = (int)db_col_int(st, 8);
	r->place = rows_text_or_empty(st, 9, a, &failed);
	r->capacity = db_col_int(st, 10);
	r->active = (int)db_col_int(st, 11);
	r->created_by = rows_int_or(st, 12, 0);
	r->created_at = db_col_int(st, 13);
	return failed ? -1 : 0;
}

int reception_rule_insert(struct db *db, const struct reception_rule *r, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO reception_rules(unit_id, host, weekday, weeks, start_minute, "
					    "end_minute, place, capacity, created_by, created_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, r->unit_id);
	db_bind_text(st, 2, r->host);
	db_bind_int(st, 3, r->weekday);
	db_bind_int(st, 4, r->weeks);
	db_bind_int(st, 5, r->start_minute);
	db_bind_int(st, 6, r->end_minute);
	db_bind_text(st, 7, r->place ? r->place : "");
	db_bind_int(st, 8, r->capacity);
	db_bind_int_or_null(st, 9, r->created_by);
	db_bind_int(st, 10, now);
	return rows_one_int(st, id);
}

int reception_rule_get(struct db *db, struct arena *a, int64_t id, struct reception_rule *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " RULE_COLS RULE_FROM " WHERE r.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct reception_rule *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_rule, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	*out = items[0];
	return DB_OK;
}

/* " AND col IN ($..)" for ids[0..n); nothing when ids is NULL; a false
 * condition for an empty list. */
static void in_ids(struct qbuild *q, const char *col, const int64_t *ids, size_t n)
{
	if (!ids)
		return;
	if (!n) {
		q_sql(q, " AND 1 = 0");
		return;
	}
	q_sql(q, " AND ");
	q_sql(q, col);
	q_sql(q, " IN (");
	for (size_t i = 0; i < n; i++) {
		if (i)
			q_sql(q, ", ");
		q_int(q, ids[i]);
	}
	q_sql(q, ")");
}

/* Prepare the built statement and bind it; NULL on failure. */
static struct db_stmt *q_ready(struct db *db, struct qbuild *q)
{
	if (q->failed)
		return NULL;
	struct db_stmt *st = db_prepare(db, q->sql.buf);
	if (st && q_bind(q, st) != DB_OK) {
		db_done(st);
		return NULL;
	}
	return st;
}

int reception_rule_list(struct db *db, struct arena *a, const int64_t *ids, size_t n,
			struct reception_rule **out, size_t *nout)
{
	struct qbuild q;
	q_init(&q, a);
	q_sql(&q, "SELECT " RULE_COLS RULE_FROM " WHERE r.active = 1");
	in_ids(&q, "r.unit_id", ids, n);
	q_sql(&q, " ORDER BY u.code, r.weekday, r.id");
	struct db_stmt *st = q_ready(db, &q);
	q_release(&q);
	*out = NULL;
	*nout = 0;
	if (!st)
		return DB_ERROR;
	return rows_collect(st, a, sizeof(**out), 0, read_rule, NULL, (void **)out, nout);
}

/* --- sessions ----------------------------------------------------------- */

#define SESSION_COLS                                                                                            \
	"m.id, m.unit_id, u.code, u.name, m.title, m.hosts, m.place, m.starts_at, m.ends_at, m.capacity, m.booked, " \
	"m.status, m.public, m.rule_id"
#define SESSION_FROM " FROM meetings m JOIN units u ON u.id = m.unit_id"

static int read_session(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct reception_session *s = item;
	int failed = 0;
	s->id = db_col_int(st, 0);
	s->unit_id = db_col_int(st, 1);
	s->unit_code = rows_text_or_empty(st, 2, a, &failed);
	s->unit_name = rows_text_or_empty(st, 3, a, &failed);
	s->title = rows_text_or_empty(st, 4, a, &failed);
	s->hosts = rows_text_or_empty(st, 5, a, &failed);
	s->place = rows_text_or_empty(st, 6, a, &failed);
	s->starts_at = db_col_int(st, 7);
	s->ends_at = db_col_int(st, 8);
	s->capacity = rows_int_or(st, 9, 0);
	s->booked = db_col_int(st, 10);
	s->status = rows_text_or_empty(st, 11, a, &failed);
	s->public = (int)db_col_int(st, 12);
	s->rule_id = rows_int_or(st, 13, 0);
	return failed ? -1 : 0;
}

int reception_session_insert(struct db *db, const struct reception_rule *r, const char *title,
			     const char *hosts_json, int64_t starts_at, int64_t ends_at, int64_t actor,
			     int64_t now, int *made, int64_t *id)
{
	struct db_stmt *st = db_prepare(
		db, "INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, place, hosts, public, capacity, "
		    "booked, status, rule_id, announced_at, created_by, created_at, updated_at, search_key) "
		    "VALUES ('reception', $1, $2, $3, $4, $5, $6, 1, $7, 0, 'planned', $8, $9, $10, $9, $9, $11) "
		    "ON CONFLICT (rule_id, starts_at) DO NOTHING RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, title);
	db_bind_int(st, 2, r->unit_id);
	db_bind_int(st, 3, starts_at);
	db_bind_int(st, 4, ends_at);
	db_bind_text(st, 5, r->place ? r->place : "");
	db_bind_text(st, 6, hosts_json);
	db_bind_int(st, 7, r->capacity);
	db_bind_int(st, 8, r->id);
	db_bind_int(st, 9, now);
	db_bind_int_or_null(st, 10, actor);
	db_bind_text(st, 11, "");
	int64_t v = 0;
	int rc = rows_one_int(st, &v);
	*made = rc == DB_OK;
	if (id)
		*id = v;
	/* the search index: SQLite's trigger folds in SQL, PostgreSQL's row
	 * is written in C as for every meeting (store/meeting.h) */
	if (rc == DB_OK && db_is_pg(db)) {
		struct meeting_row m = { .title = title, .hosts = hosts_json, .place = r->place, .public = 1 };
		rc = meeting_index_pg(db, &m, v);
	}
	return rc == DB_NOTFOUND ? DB_OK : rc;
}

int reception_session_get(struct db *db, struct arena *a, int64_t id, struct reception_session *out)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT " SESSION_COLS SESSION_FROM " WHERE m.id = $1 AND m.kind = 'reception'");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct reception_session *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_session, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	*out = items[0];
	return DB_OK;
}

int reception_session_list(struct db *db, struct arena *a, const int64_t *ids, size_t n, int64_t from,
			   int64_t to, int public_only, int planned_only, size_t limit,
			   struct reception_session **out, size_t *nout)
{
	struct qbuild q;
	q_init(&q, a);
	q_sql(&q, "SELECT " SESSION_COLS SESSION_FROM " WHERE m.kind = 'reception' AND m.starts_at >= ");
	q_int(&q, from);
	q_sql(&q, " AND m.starts_at < ");
	q_int(&q, to);
	if (public_only)
		q_sql(&q, " AND m.public = 1");
	if (planned_only)
		q_sql(&q, " AND m.status = 'planned'");
	in_ids(&q, "m.unit_id", ids, n);
	q_sql(&q, " ORDER BY m.starts_at, m.id LIMIT ");
	q_int(&q, limit ? (int64_t)limit : 500);
	struct db_stmt *st = q_ready(db, &q);
	q_release(&q);
	*out = NULL;
	*nout = 0;
	if (!st)
		return DB_ERROR;
	return rows_collect(st, a, sizeof(**out), 0, read_session, NULL, (void **)out, nout);
}

int reception_take_places(struct db *db, int64_t meeting_id, int64_t people, int64_t now, int *taken)
{
	struct db_stmt *st = db_prepare(db, "UPDATE meetings SET booked = booked + $2, updated_at = $3 "
					    "WHERE id = $1 AND kind = 'reception' AND status = 'planned' "
					    "AND (capacity IS NULL OR booked + $2 <= capacity)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, people);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*taken = db_changes(db) == 1;
	return DB_OK;
}

int reception_release_places(struct db *db, int64_t meeting_id, int64_t people, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE meetings SET booked = CASE WHEN booked >= $2 THEN booked - $2 "
					    "ELSE 0 END, updated_at = $3 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, people);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int reception_session_mark_held(struct db *db, int64_t meeting_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE meetings SET status = 'held', updated_at = $2 "
					    "WHERE id = $1 AND status = 'planned'");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, meeting_id);
	db_bind_int(st, 2, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int reception_held_days(struct db *db, int64_t unit_id, int64_t from, int64_t to, int64_t *days,
			size_t max, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT (starts_at + 25200) / 86400 AS d FROM meetings "
					    "WHERE kind = 'reception' AND unit_id = $1 AND status IN ('held', 'closed') "
					    "AND starts_at >= $2 AND starts_at < $3 ORDER BY d");
	*n = 0;
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit_id);
	db_bind_int(st, 2, from * 86400 - 25200);
	db_bind_int(st, 3, (to + 1) * 86400 - 25200);
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		if (*n < max)
			days[(*n)++] = db_col_int(st, 0);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* --- bookings ------------------------------------------------------------- */

#define BOOKING_COLS                                                                                             \
	"b.id, b.code, b.secret_hash, b.meeting_id, b.subject, b.people, b.status, b.reason, b.decided_by, "         \
	"b.decided_at, b.created_at, b.updated_at, m.unit_id, u.code, u.name, m.starts_at, m.ends_at, m.place, " \
	"(SELECT COUNT(*) FROM feedback f WHERE f.booking_id = b.id)"
#define BOOKING_FROM " FROM reception_bookings b JOIN meetings m ON m.id = b.meeting_id JOIN units u ON u.id = m.unit_id"

static int read_booking(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct reception_booking *b = item;
	int failed = 0;
	b->id = db_col_int(st, 0);
	const char *code = db_col_text(st, 1);
	snprintf(b->code, sizeof(b->code), "%s", code ? code : "");
	size_t hl = 0;
	const void *h = db_col_blob(st, 2, &hl);
	if (h && hl == sizeof(b->secret_hash))
		memcpy(b->secret_hash, h, hl);
	b->meeting_id = db_col_int(st, 3);
	b->subject = rows_text_or_empty(st, 4, a, &failed);
	b->people = db_col_int(st, 5);
	b->status = rows_text_or_empty(st, 6, a, &failed);
	b->reason = rows_text(st, 7, a, &failed);
	b->decided_by = rows_int_or(st, 8, 0);
	b->decided_at = rows_int_or(st, 9, 0);
	b->created_at = db_col_int(st, 10);
	b->updated_at = db_col_int(st, 11);
	b->unit_id = db_col_int(st, 12);
	b->unit_code = rows_text_or_empty(st, 13, a, &failed);
	b->unit_name = rows_text_or_empty(st, 14, a, &failed);
	b->starts_at = db_col_int(st, 15);
	b->ends_at = db_col_int(st, 16);
	b->place = rows_text_or_empty(st, 17, a, &failed);
	b->feedback_count = db_col_int(st, 18);
	return failed ? -1 : 0;
}

int reception_booking_insert(struct db *db, struct reception_booking *b, const struct reception_contact *c,
			     int *code_taken)
{
	*code_taken = 0;
	struct db_stmt *st = db_prepare(db, "INSERT INTO reception_bookings(code, secret_hash, meeting_id, subject, "
					    "people, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
					    "'requested', $6, $6) ON CONFLICT (code) DO NOTHING RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, b->code);
	db_bind_blob(st, 2, b->secret_hash, sizeof(b->secret_hash));
	db_bind_int(st, 3, b->meeting_id);
	db_bind_text(st, 4, b->subject);
	db_bind_int(st, 5, b->people);
	db_bind_int(st, 6, b->created_at);
	int rc = rows_one_int(st, &b->id);
	if (rc == DB_NOTFOUND) {
		*code_taken = 1;
		return DB_CONSTRAINT;
	}
	if (rc != DB_OK)
		return rc;
	st = db_prepare(db, "INSERT INTO reception_booking_contacts(booking_id, name, phone, representatives) "
			    "VALUES ($1, $2, $3, $4)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, b->id);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->phone);
	db_bind_text(st, 4, c->representatives);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int reception_booking_get(struct db *db, struct arena *a, const char *code, struct reception_booking *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " BOOKING_COLS BOOKING_FROM " WHERE b.code = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, code);
	struct reception_booking *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_booking, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	*out = items[0];
	return DB_OK;
}

int reception_booking_list(struct db *db, struct arena *a, int64_t meeting_id, const int64_t *ids, size_t n,
			   int64_t from, size_t limit, struct reception_booking **out, size_t *nout)
{
	struct qbuild q;
	q_init(&q, a);
	q_sql(&q, "SELECT " BOOKING_COLS BOOKING_FROM " WHERE 1 = 1");
	if (meeting_id) {
		q_sql(&q, " AND b.meeting_id = ");
		q_int(&q, meeting_id);
	} else {
		in_ids(&q, "m.unit_id", ids, n);
		q_sql(&q, " AND m.starts_at >= ");
		q_int(&q, from);
	}
	q_sql(&q, " ORDER BY m.starts_at, b.id LIMIT ");
	q_int(&q, limit ? (int64_t)limit : 500);
	struct db_stmt *st = q_ready(db, &q);
	q_release(&q);
	*out = NULL;
	*nout = 0;
	if (!st)
		return DB_ERROR;
	return rows_collect(st, a, sizeof(**out), 0, read_booking, NULL, (void **)out, nout);
}

int reception_booking_set_status(struct db *db, int64_t id, const char *from, const char *to,
				 const char *reason, int64_t decided_by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE reception_bookings SET status = $3, reason = $4, "
					    "decided_by = $5, decided_at = $6, updated_at = $6 "
					    "WHERE id = $1 AND status = $2");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, reason);
	db_bind_int_or_null(st, 5, decided_by);
	db_bind_int(st, 6, now);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_NOTFOUND;
}

int reception_contact_get(struct db *db, struct arena *a, int64_t booking_id, struct reception_contact *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT name, phone, representatives FROM reception_booking_contacts "
					    "WHERE booking_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, booking_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int failed = 0;
		out->name = rows_text_or_empty(st, 0, a, &failed);
		out->phone = rows_text_or_empty(st, 1, a, &failed);
		out->representatives = rows_text(st, 2, a, &failed);
		db_done(st);
		return failed ? DB_ERROR : DB_OK;
	}
	db_done(st);
	return rc == DB_DONE ? DB_NOTFOUND : rc;
}

int reception_link_feedback(struct db *db, int64_t feedback_id, int64_t booking_id, int64_t meeting_id,
			    int64_t due_at)
{
	struct db_stmt *st = db_prepare(db, "UPDATE feedback SET booking_id = $2, meeting_id = $3, "
					    "due_at = CASE WHEN $4 > 0 THEN $4 ELSE due_at END WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	db_bind_int(st, 2, booking_id);
	db_bind_int(st, 3, meeting_id);
	db_bind_int(st, 4, due_at);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_NOTFOUND;
}
