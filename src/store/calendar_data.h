/*
 * calendar_data.h - the announced working-day calendar (table
 * `calendar_days`): for each year the government has announced, its days
 * off (Tết, National Day, compensatory days) and its swapped working
 * weekend days, as an administrator enters them. core/calendar.h forecasts
 * the years nobody has entered; calendar_data_load() puts the announced
 * years into a `struct calendar`.
 *
 * A year is "announced" when it has at least one row: the calendar then
 * counts only these rows (and weekends) for that year, so enter the whole
 * year's list, including 1/1, 30/4, 1/5 and Giỗ Tổ Hùng Vương.
 *
 * Writes open and commit their own transaction and append an audit entry
 * ("calendar.set_year", "calendar.clear_year") to it; the caller then
 * rebuilds its calendar (calendar_new + calendar_data_load) and swaps it in.
 * Reads copy names into the caller's arena. Errors: the negative enum db_rc
 * of store/db.h; DB_CONSTRAINT for entries that break the rules below
 * (nothing is then written).
 */
#ifndef DANVAN_CALENDAR_DATA_H
#define DANVAN_CALENDAR_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

struct arena;
struct audit_actor;
struct db;

/* "day_off" / "working"; NULL for another value. */
const char *calendar_data_kind_name(enum cal_kind kind);

/*
 * 0 when `entries` would be accepted for `year` (the rules of
 * calendar_set_year(): every day within the year and unique, a known
 * kind, a name of 1..CAL_NAME_MAX bytes, CAL_WORKING only on a Saturday
 * or Sunday, at most CAL_ENTRIES_MAX entries, year within
 * CAL_YEAR_MIN..CAL_YEAR_MAX); otherwise -1 with the index of the first
 * bad entry in *bad (-1 for the year or the count).
 */
int calendar_data_check(int year, const struct cal_entry *entries, size_t n, long *bad);

/* The announced entries of `year` ordered by day: an arena array of *n in
 * *items (NULL and 0 for a year not announced). */
int calendar_data_list(struct db *db, int year, struct arena *a, struct cal_entry **items,
		       size_t *n);

/* The announced years, ascending: an arena array of *n in *years. */
int calendar_data_years(struct db *db, struct arena *a, int **years, size_t *n);

/* Replace the entries of `year` by `entries` (n >= 1). DB_CONSTRAINT when
 * calendar_data_check() refuses them. */
int calendar_data_set_year(struct db *db, const struct audit_actor *actor, int year,
			   const struct cal_entry *entries, size_t n);

/* Delete the entries of `year`, so that it is forecast again. */
int calendar_data_clear_year(struct db *db, const struct audit_actor *actor, int year);

/*
 * Apply every announced year of the database to `cal` (calendar_set_year()
 * per year). Years whose rows the calendar refuses (edited behind danvan's
 * back) are skipped with a message on stderr. Returns 0 or a negative
 * db_rc; the calendar must not be in use by readers while this runs.
 */
int calendar_data_load(struct db *db, struct calendar *cal);

#endif
