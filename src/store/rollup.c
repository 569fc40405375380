/*
 * rollup.c - the working-day calendar in the database, and the month and
 * year roll-ups rebuilt when it changes. See rollup.h.
 */
#include "store/rollup.h"

#include "core/calendar.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows of workday_index written by one INSERT. */
#define ROLLUP_ROWS_PER_INSERT 1000

static int working(const struct calendar *cal, int64_t day)
{
	if (cal)
		return calendar_is_working_day(cal, day);
	int w = weekday_from_days(day);
	return w >= 1 && w <= 5;
}

/* Which calendar the sums were made with: "w2-" and its fingerprint
 * (core/calendar.h), or "w2-weekdays" without one (Monday to Friday). */
static void calendar_key(const struct calendar *cal, char key[32])
{
	if (cal)
		snprintf(key, 32, "w2-%016llx", (unsigned long long)calendar_fingerprint(cal));
	else
		snprintf(key, 32, "w2-weekdays");
}

/* W(d) for every day: the working days from day 0 to d. */
static int32_t *working_index(const struct calendar *cal)
{
	int32_t *w = malloc(ROLLUP_DAY_END * sizeof(*w));
	if (!w)
		return NULL;
	int32_t sum = 0;
	for (int64_t d = 0; d < ROLLUP_DAY_END; d++) {
		sum += working(cal, d);
		w[d] = sum;
	}
	return w;
}

/* The stored hash into buf ("" when none); 0, or -1. */
static int stored_hash(struct db *db, char *buf, size_t len)
{
	buf[0] = '\0';
	struct db_stmt *st = db_prepare(db, "SELECT calendar_hash FROM report_rollup_state WHERE id = 1");
	if (!st)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *s = db_col_text(st, 0);
		snprintf(buf, len, "%s", s ? s : "");
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int rollup_ready(struct db *db, const struct calendar *cal)
{
	char want[32], have[64];
	calendar_key(cal, want);
	if (stored_hash(db, have, sizeof(have)) < 0)
		return -1;
	return !strcmp(want, have);
}

/* The first day whose stored W differs from w (ROLLUP_DAY_END when none). */
static int64_t first_difference(struct db *db, const int32_t *w)
{
	struct db_stmt *st = db_prepare(db, "SELECT day, w FROM workday_index ORDER BY day");
	if (!st)
		return -1;
	int64_t expect = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t day = db_col_int(st, 0);
		if (day != expect || day >= ROLLUP_DAY_END || db_col_int(st, 1) != w[day])
			break;
		expect++;
	}
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	return expect;
}

static int write_days(struct db *db, const int32_t *w, int64_t from)
{
	char del[96];
	snprintf(del, sizeof(del), "DELETE FROM workday_index WHERE day >= %lld", (long long)from);
	if (db_exec(db, del) < 0)
		return -1;
	struct sbuf sql = SBUF_INIT(1 << 20);
	int rc = 0;
	for (int64_t d = from; d < ROLLUP_DAY_END && rc == 0;) {
		sbuf_reset(&sql);
		int bad = sbuf_addstr(&sql, "INSERT INTO workday_index(day, w, month_day, year_day) VALUES ") < 0;
		for (int k = 0; k < ROLLUP_ROWS_PER_INSERT && d < ROLLUP_DAY_END; k++, d++)
			bad |= sbuf_addf(&sql, "%s(%lld, %ld, %lld, %lld)", k ? ", " : "", (long long)d, (long)w[d],
					 (long long)month_first_day(d, 0), (long long)year_first_day(d, 0)) < 0;
		rc = bad || !sbuf_ok(&sql) || db_exec(db, sql.buf) < 0 ? -1 : 0;
	}
	sbuf_release(&sql);
	return rc;
}

/* Rebuild one roll-up table (day column from workday_index.`col`) for its
 * rows from `from` on, out of the day table. */
static int rebuild(struct db *db, const char *table, const char *col, int64_t from)
{
	char sql[1024];
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE day >= %lld", table, (long long)from);
	if (db_exec(db, sql) < 0)
		return -1;
	int n = snprintf(sql, sizeof(sql),
			 "INSERT INTO %s(unit_id, day, n, answered, on_time, rated, satisfied, voter, voter_answered, wd) "
			 "SELECT t.unit_id, c.%s, sum(t.n), sum(CASE WHEN t.lag >= 0 THEN t.n ELSE 0 END), sum(t.on_time), "
			 "sum(t.rated), sum(t.satisfied), sum(t.voter), sum(t.voter_answered), "
			 "sum(CASE WHEN t.lag > 0 THEN t.n * (coalesce(e.w, c.w) - c.w) ELSE 0 END) "
			 "FROM report_feedback_tally t JOIN workday_index c ON c.day = t.day "
			 "LEFT JOIN workday_index e ON t.lag > 0 AND e.day = t.day + t.lag "
			 "WHERE t.day >= %lld GROUP BY t.unit_id, c.%s",
			 table, col, (long long)from, col);
	if (n < 0 || (size_t)n >= sizeof(sql))
		return -1;
	return db_exec(db, sql) < 0 ? -1 : 0;
}

static int sync_locked(struct db *db, const int32_t *w, const char *hash, char *err, size_t errlen)
{
	char have[64];
	if (stored_hash(db, have, sizeof(have)) < 0) {
		snprintf(err, errlen, "cannot read report_rollup_state: %s", db_errmsg(db));
		return -1;
	}
	if (!strcmp(have, hash))
		return 0; /* another server did it meanwhile */
	/* never synced: the roll-ups may lack rows written before workday_index
	 * had their days, so all of it; else from the first day that differs */
	int64_t d0 = have[0] ? first_difference(db, w) : 0;
	if (d0 < 0) {
		snprintf(err, errlen, "cannot read workday_index: %s", db_errmsg(db));
		return -1;
	}
	if (d0 >= ROLLUP_DAY_END)
		d0 = 0; /* the same days under another hash: start over */
	int64_t maxlag = 0;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(lag), 0) FROM report_feedback_tally");
	if (!st || db_step(st) != DB_ROW) {
		if (st)
			db_done(st);
		snprintf(err, errlen, "cannot read report_feedback_tally: %s", db_errmsg(db));
		return -1;
	}
	maxlag = db_col_int(st, 0);
	db_done(st);
	int64_t lo = d0 - (maxlag > 0 ? maxlag : 0);
	if (lo < 0)
		lo = 0;
	if (write_days(db, w, d0) < 0 || rebuild(db, "report_feedback_month", "month_day", month_first_day(lo, 0)) < 0 ||
	    rebuild(db, "report_feedback_year", "year_day", year_first_day(lo, 0)) < 0) {
		snprintf(err, errlen, "cannot rebuild the report roll-ups: %s", db_errmsg(db));
		return -1;
	}
	st = db_prepare(db, "INSERT INTO report_rollup_state(id, calendar_hash) VALUES (1, $1) "
			    "ON CONFLICT (id) DO UPDATE SET calendar_hash = excluded.calendar_hash");
	if (!st || db_bind_text(st, 1, hash) < 0 || db_step(st) != DB_DONE) {
		if (st)
			db_done(st);
		snprintf(err, errlen, "cannot write report_rollup_state: %s", db_errmsg(db));
		return -1;
	}
	db_done(st);
	return 0;
}

int rollup_sync(struct db *db, const struct calendar *cal, char *err, size_t errlen)
{
	char hash[32], have[64];
	calendar_key(cal, hash);
	/* the usual case, outside any transaction: one query */
	if (stored_hash(db, have, sizeof(have)) < 0) {
		snprintf(err, errlen, "cannot read report_rollup_state: %s", db_errmsg(db));
		return -1;
	}
	if (!strcmp(have, hash))
		return 0;
	int32_t *w = working_index(cal);
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = db_begin(db);
	/* PostgreSQL: writers of the day table wait, so that no item counts
	 * its working days with the old W after the rebuild (SQLite has one
	 * writer, and db_begin takes it) */
	if (rc == 0 && db_is_pg(db) &&
	    db_exec(db, "LOCK TABLE report_feedback_tally, workday_index IN SHARE ROW EXCLUSIVE MODE") < 0)
		rc = -1;
	if (rc < 0)
		snprintf(err, errlen, "cannot begin: %s", db_errmsg(db));
	else
		rc = sync_locked(db, w, hash, err, errlen);
	if (rc == 0 && db_commit(db) < 0) {
		snprintf(err, errlen, "cannot commit the report roll-ups: %s", db_errmsg(db));
		rc = -1;
	}
	if (rc < 0)
		db_rollback(db);
	free(w);
	return rc;
}

int rollup_compact(struct db *db)
{
	if (!db_is_pg(db))
		return DB_OK;
	return db_exec(db, "VACUUM (FULL, ANALYZE) report_feedback_tally, report_feedback_month, "
			   "report_feedback_year, report_feedback_open, report_record_month, report_record_year, "
			   "report_model_month, report_model_year, report_commend_month, report_commend_year, "
			   "report_consult_month, report_consult_year") == DB_OK
		? DB_OK
		: DB_ERROR;
}
