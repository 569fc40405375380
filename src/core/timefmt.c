/*
 * timefmt.c - Gregorian day arithmetic and Vietnam-time formatting.
 */
#include "timefmt.h"
#include "parse.h"

#include <time.h>

int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(y + (m <= 2));
	*month = m;
	*day = d;
}

int weekday_from_days(int64_t z)
{
	return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

int days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return m >= 1 && m <= 12 ? n[m - 1] : 0;
}

int64_t month_first_day(int64_t days, int next)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int k = y * 12 + (m - 1) + next;
	return days_from_civil(k / 12, k % 12 + 1, 1);
}

int64_t year_first_day(int64_t days, int next)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	return days_from_civil(y + next, 1, 1);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t vn_day_of(int64_t utc)
{
	return floor_div(utc + VN_UTC_OFFSET, 86400);
}

int64_t vn_day_start(int64_t days)
{
	return days * 86400 - VN_UTC_OFFSET;
}

void time_to_vn(int64_t utc, struct civil *c)
{
	int64_t local = utc + VN_UTC_OFFSET;
	int64_t days = floor_div(local, 86400);
	int64_t secs = local - days * 86400;
	civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(secs / 3600);
	c->minute = (int)(secs / 60 % 60);
	c->second = (int)(secs % 60);
	c->wday = weekday_from_days(days);
}

/* Write v as exactly `width` decimal digits (v is clamped to be >= 0). */
static char *put_digits(char *p, int v, int width)
{
	unsigned u = v < 0 ? 0u : (unsigned)v;
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + u % 10);
		u /= 10;
	}
	return p + width;
}

char *fmt_date_vn(int64_t utc, char out[11])
{
	return fmt_dmy(vn_day_of(utc), out);
}

char *fmt_datetime_vn(int64_t utc, char out[17])
{
	struct civil c;
	time_to_vn(utc, &c);
	fmt_dmy(vn_day_of(utc), out);
	char *p = out + 10;
	*p++ = ' ';
	p = put_digits(p, c.hour, 2);
	*p++ = ':';
	p = put_digits(p, c.minute, 2);
	*p = '\0';
	return out;
}

char *fmt_iso8601_vn(int64_t utc, char out[26])
{
	struct civil c;
	time_to_vn(utc, &c);
	fmt_ymd(vn_day_of(utc), out);
	char *p = out + 10;
	*p++ = 'T';
	p = put_digits(p, c.hour, 2);
	*p++ = ':';
	p = put_digits(p, c.minute, 2);
	*p++ = ':';
	p = put_digits(p, c.second, 2);
	memcpy(p, "+07:00", 7);
	return out;
}

char *fmt_ymd(int64_t days, char out[11])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	char *p = put_digits(out, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
	return out;
}

char *fmt_dmy(int64_t days, char out[11])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	char *p = put_digits(out, d, 2);
	*p++ = '/';
	p = put_digits(p, m, 2);
	*p++ = '/';
	p = put_digits(p, y, 4);
	*p = '\0';
	return out;
}

static int take(const char **p, int width, uint64_t max, uint64_t *v)
{
	const char *s = *p;
	if (parse_uint(p, s + width, v, max) < 0 || *p != s + width)
		return -1;
	return 0;
}

int parse_date(const char *s, int64_t *days)
{
	uint64_t y, m, d;
	const char *p = s;
	if (!s)
		return -1;
	if (strlen(s) != 10)
		return -1;
	if (s[4] == '-' && s[7] == '-') {
		if (take(&p, 4, 9999, &y) || *p++ != '-' || take(&p, 2, 12, &m) ||
		    *p++ != '-' || take(&p, 2, 31, &d))
			return -1;
	} else if (s[2] == '/' && s[5] == '/') {
		if (take(&p, 2, 31, &d) || *p++ != '/' || take(&p, 2, 12, &m) ||
		    *p++ != '/' || take(&p, 4, 9999, &y))
			return -1;
	} else {
		return -1;
	}
	if (y < 1 || m < 1 || d < 1 || (int)d > days_in_month((int)y, (int)m))
		return -1;
	*days = days_from_civil((int)y, (int)m, (int)d);
	return 0;
}

int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
