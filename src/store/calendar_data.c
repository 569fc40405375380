/*
 * calendar_data.c - SQL for the announced per-year days off and swapped
 * working days, and their loading into the computed calendar.
 */
#include "store/calendar_data.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"
#include "core/arena.h"
#include "core/timefmt.h"

const char *calendar_data_kind_name(enum cal_kind kind)
{
	if (kind == CAL_DAY_OFF)
		return "day_off";
	if (kind == CAL_WORKING)
		return "working";
	return NULL;
}

static int kind_parse(const char *s, enum cal_kind *kind)
{
	if (s && !strcmp(s, "day_off")) {
		*kind = CAL_DAY_OFF;
		return 0;
	}
	if (s && !strcmp(s, "working")) {
		*kind = CAL_WORKING;
		return 0;
	}
	return -1;
}

int calendar_data_check(int year, const struct cal_entry *entries, size_t n, long *bad)
{
	*bad = -1;
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX || n > CAL_ENTRIES_MAX)
		return -1;
	int64_t first = days_from_civil(year, 1, 1), last = days_from_civil(year, 12, 31);
	for (size_t i = 0; i < n; i++) {
		const struct cal_entry *e = &entries[i];
		size_t nl = e->name ? strlen(e->name) : 0;
		int wd = weekday_from_days(e->day);
		int ok = e->day >= first && e->day <= last && calendar_data_kind_name(e->kind) &&
			 nl >= 1 && nl <= CAL_NAME_MAX &&
			 (e->kind != CAL_WORKING || wd == 0 || wd == 6);
		for (size_t j = 0; ok && j < i; j++)
			if (entries[j].day == e->day)
				ok = 0;
		if (!ok) {
			*bad = (long)i;
			return -1;
		}
	}
	return 0;
}

static int read_entry(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct cal_entry *e = item;
	int failed = 0;
	e->day = db_col_int(st, 0);
	if (kind_parse(db_col_text(st, 1), &e->kind) < 0)
		e->kind = CAL_DAY_OFF;
	e->name = rows_text_or_empty(st, 2, a, &failed);
	return failed ? -1 : 0;
}

static int read_year(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	*(int *)item = (int)db_col_int(st, 0);
	return 0;
}

int calendar_data_list(struct db *db, int year, struct arena *a, struct cal_entry **items,
		       size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT day, kind, name FROM calendar_days "
					    "WHERE year = $1 ORDER BY day");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, year);
	void *arr;
	int rc = rows_collect(st, a, sizeof(struct cal_entry), 0, read_entry, NULL, &arr, n);
	if (rc < 0)
		return rc;
	*items = arr;
	return DB_OK;
}

int calendar_data_years(struct db *db, struct arena *a, int **years, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT year FROM calendar_days ORDER BY year");
	if (!st)
		return DB_ERROR;
	void *arr;
	size_t len;
	int rc = rows_collect(st, a, sizeof(int), 0, read_year, NULL, &arr, &len);
	if (rc < 0)
		return rc;
	*years = arr;
	*n = len;
	return DB_OK;
}

static int delete_year(struct db *db, int year)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM calendar_days WHERE year = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, year);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int calendar_data_set_year(struct db *db, const struct audit_actor *actor, int year,
			   const struct cal_entry *entries, size_t n)
{
	long bad;
	if (n == 0 || calendar_data_check(year, entries, n, &bad) < 0)
		return DB_CONSTRAINT;
	json_t *days = json_array();
	json_t *sum = json_pack("{s:i, s:o}", "year", year, "days", days);
	if (!sum)
		return DB_ERROR;
	int rc = db_begin(db);
	if (rc < 0)
		goto done;
	if ((rc = delete_year(db, year)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO calendar_days(day, year, kind, name) "
						    "VALUES ($1, $2, $3, $4)");
		if (!st) {
			rc = DB_ERROR;
			goto fail;
		}
		db_bind_int(st, 1, entries[i].day);
		db_bind_int(st, 2, year);
		db_bind_text(st, 3, calendar_data_kind_name(entries[i].kind));
		db_bind_text(st, 4, entries[i].name);
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			goto fail;
		char ymd[11];
		if (json_array_append_new(days, json_pack("[s, s, s]", fmt_ymd(entries[i].day, ymd),
							  calendar_data_kind_name(entries[i].kind),
							  entries[i].name)) < 0) {
			rc = DB_ERROR;
			goto fail;
		}
	}
	char ytext[AUDIT_ID_CHARS];
	if ((rc = audit_append_json(db, actor, "calendar.set_year", "calendar", audit_id(year, ytext), sum)) < 0)
		goto fail;
	if ((rc = db_commit(db)) < 0)
		goto fail;
	goto done;
fail:
	db_rollback(db);
done:
	json_decref(sum);
	return rc < 0 ? rc : DB_OK;
}

int calendar_data_clear_year(struct db *db, const struct audit_actor *actor, int year)
{
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	char ytext[AUDIT_ID_CHARS];
	if ((rc = delete_year(db, year)) < 0 ||
	    (rc = audit_append(db, actor, "calendar.clear_year", "calendar", audit_id(year, ytext), NULL)) < 0 ||
	    (rc = db_commit(db)) < 0) {
		db_rollback(db);
		return rc;
	}
	return DB_OK;
}

int calendar_data_load(struct db *db, struct calendar *cal)
{
	struct arena a;
	arena_init(&a, 16384);
	int *years = NULL;
	size_t ny = 0;
	int rc = calendar_data_years(db, &a, &years, &ny);
	for (size_t i = 0; rc == DB_OK && i < ny; i++) {
		struct cal_entry *e = NULL;
		size_t n = 0;
		if ((rc = calendar_data_list(db, years[i], &a, &e, &n)) < 0)
			break;
		if (calendar_set_year(cal, years[i], e, n) < 0)
			fprintf(stderr, "warning: calendar: the announced days of %d are not valid; "
					"using the forecast for that year\n", years[i]);
	}
	arena_release(&a);
	return rc;
}
