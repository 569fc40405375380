/*
 * feedback_bulk.c - loading many new items without the per-row insert
 * triggers, then counting them with one grouped statement per counter
 * (store/feedback_bulk.h).
 */
#include "store/feedback_bulk.h"
#include "store/db.h"
#include "core/xalloc.h"

/* SQLite: the insert triggers that count an item (dropped, then created
 * again from their own text); PostgreSQL disables those below. */
static const char *const lite_triggers[] = {
	"feedback_tally_insert",       "feedback_tally_day_insert",      "feedback_tally_month_insert",
	"feedback_tally_due_insert",   "report_feedback_tally_insert",   "feedback_public_version_insert",
	"report_feedback_open_insert",
};

/* PostgreSQL: feedback_tally_insert counts into six tables (0030/0031/0034),
 * report_feedback_open_insert into the seventh (0040) */
#define PG_DISABLE                                                                                        \
	"ALTER TABLE feedback DISABLE TRIGGER feedback_tally_insert, "                                    \
	"DISABLE TRIGGER report_feedback_open_insert, "                                                   \
	"DISABLE TRIGGER feedback_public_version_insert; "                                                \
	"ALTER TABLE feedback_events DISABLE TRIGGER feedback_event_stamp_notify"
#define PG_ENABLE                                                                                         \
	"ALTER TABLE feedback ENABLE TRIGGER feedback_tally_insert, "                                     \
	"ENABLE TRIGGER report_feedback_open_insert, "                                                    \
	"ENABLE TRIGGER feedback_public_version_insert; "                                                 \
	"ALTER TABLE feedback_events ENABLE TRIGGER feedback_event_stamp_notify"

/*
 * The new items with the values the insert triggers compute from NEW
 * (SQLite 0007/0013/0028/0040, PostgreSQL 0030/0031/0040): u the scope, h
 * handled, c the creator, rd the day received, lg the days to the answer
 * (-1: none), ot answered on time, ans answered, mon the month received, dd
 * the due day (-1: none), dmon the month due (NULL: none), rated, sat (rated
 * 4 or 5), vt from a voter meeting.
 */
#define BULK_SRC(MONTH, DUE_MONTH)                                                                                    \
	"(SELECT coalesce(f.unit_id, f.intake_unit_id, 0) AS u, "                                        \
	"CASE WHEN f.unit_id IS NULL THEN 0 ELSE 1 END AS h, coalesce(f.created_by, 0) AS c, "           \
	"f.status AS st, f.category_id AS cat, f.channel AS ch, (f.received_at + 25200) / 86400 AS rd, "  \
	"CASE WHEN f.answered_at IS NULL THEN -1 "                                                         \
	"WHEN (f.answered_at + 25200) / 86400 < (f.received_at + 25200) / 86400 THEN 0 "                  \
	"ELSE (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400 END AS lg, "              \
	"CASE WHEN f.answered_at IS NOT NULL AND (f.due_at IS NULL OR f.answered_at <= f.due_at) "        \
	"THEN 1 ELSE 0 END AS ot, CASE WHEN f.answered_at IS NULL THEN 0 ELSE 1 END AS ans, "            \
	MONTH " AS mon, CASE WHEN f.due_at IS NULL THEN -1 ELSE (f.due_at + 25200) / 86400 END AS dd, "   \
	DUE_MONTH " AS dmon, "                                                                             \
	"CASE WHEN f.rating IS NULL THEN 0 ELSE 1 END AS rated, "                                         \
	"CASE WHEN f.rating >= 4 THEN 1 ELSE 0 END AS sat, "                                              \
	"CASE WHEN f.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meetings vm "                       \
	"WHERE vm.id = f.meeting_id AND vm.kind = 'voter_contact') THEN 1 ELSE 0 END AS vt "              \
	"FROM feedback f WHERE f.id > $1) AS s "

#define LITE_MONTH(T)                                                                                     \
	"(CAST(strftime('%Y', " T " + 25200, 'unixepoch') AS INTEGER) * 12 "                             \
	"+ CAST(strftime('%m', " T " + 25200, 'unixepoch') AS INTEGER) - 1)"
#define LITE_SRC BULK_SRC(LITE_MONTH("f.received_at"), LITE_MONTH("f.due_at"))
#define PG_SRC BULK_SRC("vn_month(f.received_at)", "vn_month(f.due_at)")

/* Each counter: its columns, what the new items add, its key. "SRC" is
 * replaced by the engine's BULK_SRC. */
struct fold {
	const char *into, *select, *where, *group, *update;
};

static const struct fold folds[] = {
	{ "feedback_tally(scope_unit_id, status, handled, created_by, n)", "u, st, h, c, count(*)", "",
	  "u, st, h, c", "(scope_unit_id, status, handled, created_by) DO UPDATE SET n = feedback_tally.n + excluded.n" },
	{ "feedback_tally_detail(scope_unit_id, category_id, channel, status, handled, created_by, n)",
	  "u, cat, ch, st, h, c, count(*)", "", "u, cat, ch, st, h, c",
	  "(scope_unit_id, category_id, channel, status, handled, created_by) "
	  "DO UPDATE SET n = feedback_tally_detail.n + excluded.n" },
	{ "feedback_tally_day(scope_unit_id, day, category_id, lag, created_by, n, on_time)",
	  "u, rd, cat, lg, c, count(*), sum(ot)", "", "u, rd, cat, lg, c",
	  "(scope_unit_id, day, category_id, lag, created_by) DO UPDATE SET n = feedback_tally_day.n + excluded.n, "
	  "on_time = feedback_tally_day.on_time + excluded.on_time" },
	{ "feedback_tally_month(scope_unit_id, month, created_by, n, answered, on_time)",
	  "u, mon, c, count(*), sum(ans), sum(ot)", "", "u, mon, c",
	  "(scope_unit_id, month, created_by) DO UPDATE SET n = feedback_tally_month.n + excluded.n, "
	  "answered = feedback_tally_month.answered + excluded.answered, "
	  "on_time = feedback_tally_month.on_time + excluded.on_time" },
	{ "feedback_tally_due(scope_unit_id, category_id, due_day, created_by, n)", "u, cat, dd, c, count(*)",
	  "AND st IN ('received', 'assigned') ", "u, cat, dd, c",
	  "(scope_unit_id, category_id, due_day, created_by) DO UPDATE SET n = feedback_tally_due.n + excluded.n" },
	{ "report_feedback_tally(unit_id, day, lag, n, on_time, rated, satisfied, voter, voter_answered)",
	  "u, rd, lg, count(*), sum(ot), sum(rated), sum(sat), sum(vt), sum(vt * ans)", "", "u, rd, lg",
	  "(unit_id, day, lag) DO UPDATE SET n = report_feedback_tally.n + excluded.n, "
	  "on_time = report_feedback_tally.on_time + excluded.on_time, "
	  "rated = report_feedback_tally.rated + excluded.rated, "
	  "satisfied = report_feedback_tally.satisfied + excluded.satisfied, "
	  "voter = report_feedback_tally.voter + excluded.voter, "
	  "voter_answered = report_feedback_tally.voter_answered + excluded.voter_answered" },
	{ "report_feedback_open(unit_id, month, due_month, n)", "u, mon, dmon, count(*)",
	  "AND st IN ('received', 'assigned') AND dmon IS NOT NULL ", "u, mon, dmon",
	  "(unit_id, month, due_month) DO UPDATE SET n = report_feedback_open.n + excluded.n" },
};

/* The public list's version: one step per new public, published or
 * closed item, as the insert trigger of 0024 takes. */
#define PUBLIC_NEW                                                                                         \
	"(SELECT count(*) FROM feedback WHERE id > $1 AND public = 1 AND status IN ('published', 'closed'))"
#define LITE_PUBLIC                                                                                        \
	"UPDATE public_versions SET version = version + " PUBLIC_NEW ", "                                 \
	"at = CAST(strftime('%s', 'now') AS INTEGER) WHERE kind = 'feedback' AND " PUBLIC_NEW " > 0"
#define PG_PUBLIC                                                                                          \
	"UPDATE public_versions SET version = version + " PUBLIC_NEW ", "                                 \
	"at = extract(epoch FROM clock_timestamp())::bigint WHERE kind = 'feedback' AND " PUBLIC_NEW " > 0"

static int run_with_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

/* Keep the text that makes a schema object again, then drop it. */
static int set_aside(struct db *db, struct feedback_bulk *b, const char *type, const char *name, const char *sql)
{
	if (!sql || b->nsaved >= FEEDBACK_BULK_SAVED)
		return DB_ERROR;
	char drop[160];
	int n = snprintf(drop, sizeof(drop), "DROP %s %s", type, name);
	if (n < 0 || (size_t)n >= sizeof(drop))
		return DB_ERROR;
	b->saved[b->nsaved++] = xstrdup(sql);
	return db_exec(db, drop);
}

/* SQLite: a trigger's or an index's own text from the schema. */
static int lite_set_aside(struct db *db, struct feedback_bulk *b, const char *type, const char *name)
{
	struct db_stmt *st = db_prepare(db, "SELECT sql FROM sqlite_master WHERE type = $1 AND name = $2");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, type);
	db_bind_text(st, 2, name);
	int rc = db_step(st);
	char *sql = rc == DB_ROW && db_col_text(st, 0) ? xstrdup(db_col_text(st, 0)) : NULL;
	db_done(st);
	if (rc == DB_ROW)
		rc = sql ? set_aside(db, b, type, name, sql) : DB_ERROR;
	else if (rc >= 0)
		rc = DB_NOTFOUND; /* not in this schema */
	free(sql);
	return rc;
}

/* The item table's secondary indexes (none that a constraint needs), whose
 * keys the load writes in no order: set aside and built again once,
 * sorted, at the end. */
static int indexes_aside(struct db *db, struct feedback_bulk *b)
{
	char names[FEEDBACK_BULK_SAVED][128];
	char *defs[FEEDBACK_BULK_SAVED] = { 0 };
	int n = 0, pg = db_is_pg(db);
	struct db_stmt *st = db_prepare(db, pg ? "SELECT indexname, indexdef FROM pg_indexes i "
						 "WHERE schemaname = current_schema() AND tablename = 'feedback' "
						 "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
						 "WHERE c.conindid = quote_ident(i.indexname)::regclass) ORDER BY indexname"
					       : "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
						 "AND tbl_name = 'feedback' AND sql IS NOT NULL ORDER BY name");
	if (!st)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0), *def = db_col_text(st, 1);
		if (!name || !def || n + b->nsaved >= FEEDBACK_BULK_SAVED || strlen(name) >= sizeof(names[0])) {
			rc = DB_ERROR;
			break;
		}
		snprintf(names[n], sizeof(names[0]), "%s", name);
		defs[n++] = xstrdup(def);
	}
	db_done(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	else if (rc >= 0)
		rc = DB_ERROR;
	for (int i = 0; i < n; i++) {
		if (rc == DB_OK)
			rc = set_aside(db, b, "INDEX", names[i], defs[i]);
		free(defs[i]);
	}
	return rc;
}

int feedback_bulk_begin(struct db *db, struct feedback_bulk *b)
{
	memset(b, 0, sizeof(*b));
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(id), 0) FROM feedback");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		b->after_id = db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	if (db_is_pg(db))
		rc = db_exec(db, PG_DISABLE);
	for (size_t i = 0; i < sizeof(lite_triggers) / sizeof(lite_triggers[0]) && !db_is_pg(db); i++)
		if ((rc = lite_set_aside(db, b, "trigger", lite_triggers[i])) < 0)
			return rc;
	if (rc >= 0)
		rc = indexes_aside(db, b);
	if (rc >= 0)
		rc = db_bulk_cache(db, 1);
	return rc < 0 ? rc : DB_OK;
}

int feedback_bulk_end(struct db *db, struct feedback_bulk *b)
{
	int pg = db_is_pg(db), rc = DB_OK;
	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]) && rc == DB_OK; i++) {
		const struct fold *f = &folds[i];
		char sql[4096];
		int n = snprintf(sql, sizeof(sql), "INSERT INTO %s SELECT %s FROM %sWHERE 1 = 1 %sGROUP BY %s "
				 "ON CONFLICT %s", f->into, f->select, pg ? PG_SRC : LITE_SRC, f->where, f->group,
				 f->update);
		rc = n < 0 || (size_t)n >= sizeof(sql) ? DB_ERROR : run_with_id(db, sql, b->after_id);
	}
	if (rc == DB_OK)
		rc = run_with_id(db, pg ? PG_PUBLIC : LITE_PUBLIC, b->after_id);
	if (rc == DB_OK && pg)
		rc = db_exec(db, PG_ENABLE);
	/* the indexes first: built once over every row, sorted */
	for (int i = b->nsaved - 1; i >= 0 && rc == DB_OK; i--)
		rc = db_exec(db, b->saved[i]);
	int crc = db_bulk_cache(db, 0);
	if (rc == DB_OK)
		rc = crc;
	feedback_bulk_free(b);
	return rc;
}

void feedback_bulk_free(struct feedback_bulk *b)
{
	for (int i = 0; i < b->nsaved; i++)
		free(b->saved[i]);
	b->nsaved = 0;
}
