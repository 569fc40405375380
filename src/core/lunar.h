/*
 * lunar.h - Vietnam's lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * Dates are day numbers as in core/timefmt.h (days since 1970-01-01, the
 * Vietnam-local civil day). Every value is computed on each call from the
 * astronomical formulas (Meeus, "Astronomical Algorithms": mean new moon
 * with the main periodic terms, the sun's apparent longitude for the solar
 * terms), with no table and no global state: all functions are pure and
 * safe to call from any number of threads.
 *
 * Rules (see docs/calendar.md):
 *   - a lunar month starts on the local (UTC+7) day of a new moon;
 *   - month 11 is the month that contains the December solstice;
 *   - when 13 months lie between two months 11, the first of them with no
 *     major solar term (trung khí, a multiple of 30° of solar longitude) is
 *     the leap month (tháng nhuận) and takes the number of the month before;
 *   - months 11 and 12 belong to the lunar year that began the Tết before,
 *     so lunar year Y runs from Tết in Gregorian year Y to the next Tết.
 *
 * Years LUNAR_YEAR_MIN..LUNAR_YEAR_MAX are accepted; 1900-2100 is checked
 * against published Vietnamese calendars. Vietnam is taken to be on UTC+7
 * for every year (as Hanoi's calendar has been since 1968), so years before
 * 1968 follow the modern rule, not the calendars printed in the south then.
 */
#ifndef DANVAN_LUNAR_H
#define DANVAN_LUNAR_H

#include <stdint.h>

#define LUNAR_YEAR_MIN 1800
#define LUNAR_YEAR_MAX 2199

struct lunar_date {
	int year;   /* lunar year, numbered by the Gregorian year of its Tết */
	int month;  /* 1..12 */
	int day;    /* 1..30 */
	int leap;   /* 1 in a leap month (tháng nhuận), else 0 */
};

struct lunar_month {
	int64_t start;  /* day number of day 1 */
	int month;      /* 1..12 */
	int leap;       /* 1 for the leap month */
	int days;       /* 29 or 30 */
};

/* One lunar year from its Tết to the day before the next Tết. */
struct lunar_year {
	int year;
	int nmonths;                    /* 12, or 13 with a leap month */
	int leap_month;                 /* number of the leap month, 0 if none */
	struct lunar_month months[13];  /* in order; months[0] is month 1 */
	int64_t next_new_year;          /* day number of the next Tết */
};

/* Day number of Tết (1/1 lunar) of the lunar year that starts in Gregorian
 * `year`. Outside LUNAR_YEAR_MIN..LUNAR_YEAR_MAX it returns INT64_MIN. */
int64_t lunar_new_year(int year);

/* Fill *out with the months of lunar year `year`. Returns 0, or -1 when
 * the year is outside LUNAR_YEAR_MIN..LUNAR_YEAR_MAX (*out untouched). */
int lunar_year_get(int year, struct lunar_year *out);

/* The day number of lunar date lday/lmonth/lyear (leap: 1 for the leap
 * month). Returns 0 and stores *days, or -1 when that date does not exist
 * (month 1..12 and day 1..30 outside, a leap month the year does not
 * have, day 30 of a 29-day month, year out of range); *days is then
 * untouched. */
int lunar_to_solar(int lyear, int lmonth, int lday, int leap, int64_t *days);

/* The lunar date of a day number. Returns 0, or -1 when the day lies
 * outside the years supported (then *out is all zero). */
int solar_to_lunar(int64_t days, struct lunar_date *out);

#endif
