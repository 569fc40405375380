/*
 * rollup.h - the month and year roll-ups of the review reports' feedback
 * figures (migration 0033, docs/reports.md "Speed").
 *
 * The database keeps, by triggers, the feedback figures per unit and month
 * and per unit and year, with the working days to each answer added up.
 * Those sums need the working-day calendar, which only the application
 * knows (lunar holidays, announced years): workday_index holds W(d), the
 * working days from 1970-01-01 to d, for every day of ROLLUP_DAY_END days,
 * and report_rollup_state the fingerprint of the calendar they were made
 * with (calendar_fingerprint()).
 *
 * rollup_sync() makes the database agree with `cal`: when the hash differs
 * it rewrites W from the first day that differs and rebuilds the months
 * and years from there (less the longest answer) out of the day table, in
 * one transaction (on PostgreSQL holding off writers of the day table).
 * Every command that serves, reports or writes items runs it at start; it
 * costs one query when nothing changed.
 *
 * rollup_ready() tells a reader whether the roll-ups were made with its
 * calendar; when not (a server started before another changed the
 * calendar, a database never synced), the reader reads the day table and
 * counts the working days itself, as before.
 */
#ifndef DANVAN_ROLLUP_H
#define DANVAN_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct calendar;

/* Days 0 (1970-01-01) .. ROLLUP_DAY_END - 1 (2199-12-31) are in workday_index. */
#define ROLLUP_DAY_END 84006

/* 0 done (or nothing to do), -1 error (message in err). */
int rollup_sync(struct db *db, const struct calendar *cal, char *err, size_t errlen);

/*
 * After a bulk load (danvan demo) on PostgreSQL: rewrite the reports'
 * roll-up tables compactly (VACUUM FULL, ANALYZE). The load adds each batch
 * to every month and year row it touches, and a year row is rewritten once
 * for every day row of the batch that feeds it, so its live rows end up one
 * to a page (report_feedback_year: 11,182 rows in 91 MB at a million items,
 * 1.2 MB after) and a city's report read 9,000 pages for them. Outside a
 * transaction; takes each table's exclusive lock for the moment of its
 * rewrite. SQLite: nothing. Returns DB_OK or DB_ERROR.
 */
int rollup_compact(struct db *db);

/* 1 the roll-ups agree with cal, 0 not, -1 database error. */
int rollup_ready(struct db *db, const struct calendar *cal);

#endif
