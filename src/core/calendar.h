/*
 * calendar.h - Vietnam's working days and legal deadlines (hạn xử lý).
 *
 * Days are day numbers as in core/timefmt.h (days since 1970-01-01, the
 * Vietnam-local civil day); instants are UTC seconds. The rules, the
 * forecast choices and the sources are in docs/calendar.md.
 *
 * Days off (ngày nghỉ) in a year are:
 *   - every Saturday and Sunday (ngày nghỉ hằng tuần), and
 *   - for a year with no announced data, the holidays of the Labour Code,
 *     Art. 112, as forecast here: 1/1; Tết Nguyên đán, the last day of the
 *     old lunar year and 1-4 of the new one; Giỗ Tổ Hùng Vương, 10/3 lunar;
 *     30/4; 1/5; 2/9 with 1/9 or 3/9 (rule in docs/calendar.md); and, for
 *     each holiday falling on a Saturday, a Sunday or another holiday, a
 *     compensatory day (nghỉ bù) on the next working day (Art. 111(3));
 *   - for a year with announced data (calendar_set_year), only the
 *     announced entries: its computed holidays are ignored entirely, days
 *     marked CAL_DAY_OFF are off and weekend days marked CAL_WORKING
 *     (ngày làm bù) are working days.
 *
 * Lifecycle and threads: calendar_init() computes every year of
 * CAL_YEAR_MIN..CAL_YEAR_MAX at once (a few milliseconds); then the owner
 * applies announced years with calendar_set_year() / calendar_clear_year().
 * Those three are writers and must not run while anyone reads. Every other
 * function takes a const calendar, allocates nothing and is safe for any
 * number of concurrent readers. To change announced data while serving,
 * build a new calendar (calendar_new) and swap the pointer, freeing the old
 * one when its readers are done.
 *
 * Range: days in CAL_YEAR_MIN..CAL_YEAR_MAX. calendar_is_working_day()
 * answers for any day (outside the range, Monday-Friday are working days);
 * the deadline functions fail with -1 when they would leave the range.
 */
#ifndef DANVAN_CALENDAR_H
#define DANVAN_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#define CAL_YEAR_MIN 1970
#define CAL_YEAR_MAX 2199
/* Largest amount accepted by the deadline functions (days or hours). */
#define CAL_AMOUNT_MAX 3650
/* Longest name of an announced entry, in bytes. */
#define CAL_NAME_MAX 200
/* Most announced entries in one year. */
#define CAL_ENTRIES_MAX 366

/* Working hours, Vietnam local time, in seconds after midnight:
 * 08:00-12:00 and 13:00-17:00 on working days. */
#define CAL_MORNING_START (8 * 3600)
#define CAL_MORNING_END (12 * 3600)
#define CAL_AFTERNOON_START (13 * 3600)
#define CAL_AFTERNOON_END (17 * 3600)

enum cal_kind {
	CAL_DAY_OFF = 1,    /* a day off: holiday, Tết, swapped-out day */
	CAL_WORKING = 2,    /* a Saturday or Sunday worked (ngày làm bù) */
};

enum cal_unit {
	CAL_WORKING_DAY = 1,
	CAL_CALENDAR_DAY = 2,
	CAL_WORKING_HOUR = 3,
};

/* One announced entry, as an administrator enters it (input only). */
struct cal_entry {
	int64_t day;
	enum cal_kind kind;
	const char *name;   /* e.g. "Tết Nguyên đán", "Làm bù cho ngày 02/05" */
};

/* One dated, named day in a year's list (output; owned by the calendar). */
struct cal_day {
	int64_t day;
	const char *name;
};

/* A year as GET /api/v1/calendar/{year} shows it. Pointers are owned by the
 * calendar and stay valid until calendar_release() or until that year is
 * set or cleared again. Lists are sorted by day. */
struct cal_year {
	int year;
	int announced;                  /* 1 when from announced data */
	int64_t lunar_new_year;         /* Tết, 1/1 lunar (always computed) */
	int64_t hung_kings;             /* 10/3 lunar (always computed) */
	const struct cal_day *days_off; /* holidays and compensatory days,
	                                   weekends only when named in them */
	size_t ndays_off;
	const struct cal_day *working;  /* weekend days worked */
	size_t nworking;
};

struct cal_yeardata;

/* Members are private; use the functions. */
struct calendar {
	int64_t first_day;              /* 1/1/CAL_YEAR_MIN */
	int64_t last_day;               /* 31/12/CAL_YEAR_MAX */
	unsigned char *off;             /* bit per day: 1 = day off */
	struct cal_yeardata *years;     /* one per year of the range */
};

/* Compute the forecast for every year of the range. Aborts on out of
 * memory (xmalloc); cannot otherwise fail. */
void calendar_init(struct calendar *cal);
/* Free what the calendar holds; it may be initialised again. */
void calendar_release(struct calendar *cal);
/* calendar_init() on a new heap calendar / calendar_release() and free. */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *cal);

/*
 * Replace the days of `year` by an announced table of n entries (n may be
 * 0: only weekends are then off). The entries are copied; the caller keeps
 * its array and names. Returns 0, or -1 (calendar unchanged) when the year
 * is outside the range, n > CAL_ENTRIES_MAX, an entry's day is not in that
 * year, two entries share a day, the kind is unknown, a name is NULL,
 * empty or longer than CAL_NAME_MAX, or a CAL_WORKING entry is not a
 * Saturday or Sunday.
 */
int calendar_set_year(struct calendar *cal, int year,
		      const struct cal_entry *entries, size_t n);
/* Go back to the forecast for `year`. Returns 0, or -1 if out of range. */
int calendar_clear_year(struct calendar *cal, int year);

/* 1 when `day` is a working day, 0 when it is a day off. */
int calendar_is_working_day(const struct calendar *cal, int64_t day);

/* A 64-bit hash of which days of the range are off (FNV-1a over the day
 * bits): two calendars with the same days off have the same fingerprint.
 * Cheap (the bits of 230 years are 10 KB); store/rollup.c keys the
 * reports' working-day sums by it. */
uint64_t calendar_fingerprint(const struct calendar *cal);

/* The name of a day off in the year's list ("Tết Nguyên đán", "Nghỉ bù
 * Quốc khánh"), or NULL for a working day or a plain weekend day. The
 * string is owned by the calendar. */
const char *calendar_day_name(const struct calendar *cal, int64_t day);

/* Describe `year` into *out. Returns 0, or -1 when out of range. */
int calendar_year(const struct calendar *cal, int year, struct cal_year *out);

/*
 * The last day of a period of `amount` days starting on from_day, counted
 * as the Civil Code does (Art. 147-148): from_day itself is not counted.
 *   CAL_WORKING_DAY:  the amount-th working day after from_day;
 *   CAL_CALENDAR_DAY: from_day + amount, moved to the next working day when
 *                     that is a day off.
 * The period ends at the end (24:00) of *due_day. amount 0 gives from_day,
 * or the next working day when from_day is a day off. Returns 0, or -1
 * when amount is negative or above CAL_AMOUNT_MAX, the unit is not one of
 * the two above (use calendar_due_hours), or a day outside the range
 * would be needed.
 */
int calendar_due_day(const struct calendar *cal, int64_t from_day, int amount,
		     enum cal_unit unit, int64_t *due_day);

/*
 * The instant (UTC seconds) at which `hours` working hours counted from
 * from_utc have elapsed. Working time is CAL_MORNING_START..END and
 * CAL_AFTERNOON_START..END Vietnam time on working days; time outside it
 * does not count, so 2 hours from Friday 16:00 end on Monday 09:00 (if
 * Monday is a working day), and a period that fills a morning ends at
 * 12:00, not 13:00. hours 0 gives from_utc. Returns 0, or -1 when hours is
 * negative or above CAL_AMOUNT_MAX or the range would be left.
 */
int calendar_due_hours(const struct calendar *cal, int64_t from_utc, int hours,
		       int64_t *due_utc);

/*
 * The number of working days d with from_day < d <= to_day (so that
 * calendar_due_day(from, n, CAL_WORKING_DAY) = to gives n), 0 when
 * to_day <= from_day, -1 when either day is outside the range.
 */
int calendar_working_days_between(const struct calendar *cal, int64_t from_day,
				  int64_t to_day);

#endif
