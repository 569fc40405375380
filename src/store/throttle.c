/*
 * throttle.c - SQL for the failed-login counters shared by every server
 * (store/throttle.h).
 */
#include "throttle.h"
#include "db.h"

int throttle_get(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], struct throttle_row *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *st = db_prepare(db, "SELECT first_at, last_at, count FROM login_throttle WHERE key = $1");
	if (!st)
		return DB_ERROR;
	db_bind_blob(st, 1, key, THROTTLE_KEY_BYTES);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->first_at = db_col_int(st, 0);
		out->last_at = db_col_int(st, 1);
		out->count = db_col_int(st, 2);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

/* One statement, so that servers counting at once all count; the SET
 * expressions read the row as it was before this failure. */
#define RESTART "(t.count = 0 OR $2 < t.first_at OR $2 - t.last_at >= $5 " \
		"OR $2 - CASE WHEN $4 = 1 THEN t.last_at ELSE t.first_at END >= $3)"

int throttle_fail(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], int64_t now, int64_t window,
		  int from_last, int64_t stale)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO login_throttle AS t (key, first_at, last_at, count) "
					    "VALUES ($1, $2, $2, 1) ON CONFLICT (key) DO UPDATE SET "
					    "first_at = CASE WHEN " RESTART " THEN $2 ELSE t.first_at END, "
					    "count = CASE WHEN " RESTART " THEN 1 ELSE t.count + 1 END, "
					    "last_at = $2");
	if (!st)
		return DB_ERROR;
	db_bind_blob(st, 1, key, THROTTLE_KEY_BYTES);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, window);
	db_bind_int(st, 4, from_last ? 1 : 0);
	db_bind_int(st, 5, stale);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

static int run_key(struct db *db, const char *sql, const unsigned char key[THROTTLE_KEY_BYTES], int64_t a,
		   int64_t b, int nint)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_blob(st, 1, key, THROTTLE_KEY_BYTES);
	if (nint > 0)
		db_bind_int(st, 2, a);
	if (nint > 1)
		db_bind_int(st, 3, b);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

int throttle_unfail(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], int64_t last, int64_t now)
{
	int rc = run_key(db, "UPDATE login_throttle SET count = count - 1, "
			     "last_at = CASE WHEN last_at = $3 AND $2 <= $3 THEN $2 ELSE last_at END "
			     "WHERE key = $1 AND count > 0", key, last, now, 2);
	if (rc == DB_OK)
		rc = run_key(db, "DELETE FROM login_throttle WHERE key = $1 AND count <= 0", key, 0, 0, 0);
	return rc;
}

int throttle_forget(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES])
{
	return run_key(db, "DELETE FROM login_throttle WHERE key = $1", key, 0, 0, 0);
}

int throttle_purge(struct db *db, int64_t before, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_throttle WHERE last_at <= $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, before);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rc < 0 ? rc : DB_ERROR;
	if (n)
		*n = db_changes(db);
	return DB_OK;
}
