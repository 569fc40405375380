/*
 * stamp.c - the version stamps behind web/cache.c.
 */
#include "stamp.h"
#include "db.h"

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

int stamp_feedback(struct db *db, const char *code, int64_t *stamp)
{
	struct db_stmt *st = db_prepare(db, "SELECT f.updated_at, (SELECT max(e.id) FROM feedback_events e "
					    "WHERE e.feedback_id = f.id) FROM feedback f WHERE f.code = $1");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, db_bind_text(st, 1, code), stamp);
}

int stamp_public_all(struct db *db, int64_t *stamp)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(at), 0), coalesce(sum(version), 0) FROM public_versions");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, DB_OK, stamp);
}

int stamp_public(struct db *db, const char *kind, int64_t *stamp)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, version FROM public_versions WHERE kind = $1");
	if (!st)
		return DB_ERROR;
	return stamp_row(st, db_bind_text(st, 1, kind), stamp);
}
