/*
 * stamp.c - the version stamps behind web/cache.c.
 */
#include "stamp.h"
#include "db.h"
#include "stamp_pg.h"

#include <stdio.h>

/* Step a bound statement whose row is (time, version) into a stamp. */
static int stamp_row(struct db_stmt *st, int rc, int64_t *stamp)
{
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		uint64_t version = (uint64_t)db_col_int(st, 1) & ((UINT64_C(1) << (63 - STAMP_TIME_BITS)) - 1);
		*stamp = (int64_t)(version << STAMP_TIME_BITS) | STAMP_TIME(db_col_int(st, 0));
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

/*
 * On PostgreSQL under `danvan serve`, the stamp kept in memory (store/
 * stamp_pg.h) while the listener is up; else, or when memory has none, the
 * database's, kept for next time when nothing was announced meanwhile.
 */
static int remembered(struct db *db, const char *kind, const char *id, int64_t *stamp,
		      int (*read)(struct db *db, const char *id, int64_t *stamp))
{
	char key[STAMP_KEY_MAX];
	uint64_t token = 0;
	int mem = -1;
	if (stamp_mem_enabled() && db_is_pg(db) &&
	    (size_t)snprintf(key, sizeof(key), "%s:%s", kind, id) < sizeof(key))
		mem = stamp_mem_get(key, stamp, &token);
	if (mem == 1)
		return DB_OK;
	int rc = read(db, id, stamp);
	if (rc == DB_OK && mem == 0)
		stamp_mem_put(key, *stamp, token);
	return rc;
}

static int read_feedback(struct db *db, const char *code, int64_t *stamp)
{
	struct db_stmt *st = db_prepare(db, "SELECT f.updated_at, (SELECT max(e.id) FROM feedback_events e "
					    "WHERE e.feedback_id = f.id) FROM feedback f WHERE f.code = $1");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, db_bind_text(st, 1, code), stamp);
}

static int read_public(struct db *db, const char *kind, int64_t *stamp)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, version FROM public_versions WHERE kind = $1");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, db_bind_text(st, 1, kind), stamp);
}

int stamp_feedback(struct db *db, const char *code, int64_t *stamp)
{
	return remembered(db, "f", code, stamp, read_feedback);
}

int stamp_public(struct db *db, const char *kind, int64_t *stamp)
{
	return remembered(db, "p", kind, stamp, read_public);
}

int stamp_for_cache(struct db *db, const char *kind, int64_t *stamp)
{
	if (db_in_transaction(db))
		return 0;
	int rc = stamp_public(db, kind, stamp);
	return rc == DB_OK ? 1 : rc == DB_NOTFOUND ? 0 : rc;
}

static int read_public_all(struct db *db, const char *unused, int64_t *stamp)
{
	(void)unused;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(at), 0), coalesce(sum(version), 0) FROM public_versions");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, DB_OK, stamp);
}

/* kept in memory as "p:*", which stamp_forget() drops with any "p:KIND" */
int stamp_public_all(struct db *db, int64_t *stamp)
{
	return remembered(db, "p", "*", stamp, read_public_all);
}
