/*
 * stamp.c - the version stamps behind web/cache.c.
 */
#include "stamp.h"
#include "db.h"

int stamp_feedback(struct db *db, const char *code, int64_t *updated_at)
{
	struct db_stmt *st = db_prepare(db, "SELECT updated_at FROM feedback WHERE code = $1");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_text(st, 1, code);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		*updated_at = db_col_int(st, 0);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}
