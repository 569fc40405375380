/*
 * timefmt.h - calendar arithmetic and formatting without the C library's
 * time zone machinery (gmtime/localtime are banned).
 *
 * danvan stores time as integer UTC seconds and shows it in
 * Asia/Ho_Chi_Minh, which is UTC+7 with no daylight saving since 1975, so
 * local time is plain arithmetic. Days are counted from 1970-01-01
 * (proleptic Gregorian calendar; Howard Hinnant's days_from_civil algorithm).
 */
#ifndef DANVAN_TIMEFMT_H
#define DANVAN_TIMEFMT_H

#include <stdint.h>

#define VN_UTC_OFFSET (7 * 3600)

struct civil {
	int year, month, day;       /* month 1..12, day 1..31 */
	int hour, minute, second;
	int wday;                   /* 0 = Sunday .. 6 = Saturday */
};

int64_t days_from_civil(int year, int month, int day);
void civil_from_days(int64_t days, int *year, int *month, int *day);
/* 0 = Sunday .. 6 = Saturday */
int weekday_from_days(int64_t days);
int days_in_month(int year, int month);
/* The first day of the month of day number `days`, or of the month `next`
 * months after it; likewise of its year. */
int64_t month_first_day(int64_t days, int next);
int64_t year_first_day(int64_t days, int next);

/* Split UTC seconds into Vietnam local civil time. */
void time_to_vn(int64_t utc, struct civil *out);
/* The Vietnam-local day number (days since 1970-01-01) of a UTC instant. */
int64_t vn_day_of(int64_t utc);
/* UTC seconds of 00:00 Vietnam time on a local day number. */
int64_t vn_day_start(int64_t days);

/* Formatting into caller buffers; each returns out. */
char *fmt_date_vn(int64_t utc, char out[11]);          /* "30/08/2026" */
char *fmt_datetime_vn(int64_t utc, char out[17]);      /* "30/08/2026 14:00" */
char *fmt_iso8601_vn(int64_t utc, char out[26]);       /* "2026-08-30T14:00:00+07:00" */
char *fmt_ymd(int64_t days, char out[11]);             /* "2026-08-30" from a day number */
char *fmt_dmy(int64_t days, char out[11]);             /* "30/08/2026" from a day number */

/* Parse "YYYY-MM-DD" (exactly) into a day number; -1 on a malformed or
 * impossible date (2026-02-30). Also accepts "DD/MM/YYYY". */
int parse_date(const char *s, int64_t *days);

/* Nanoseconds of a monotonic clock (CLOCK_MONOTONIC): for durations and
 * deadlines only, never a date. */
int64_t mono_ns(void);

#endif
