/*
 * lunar.c - Vietnam's lunisolar calendar from new moons and solar terms
 * (Meeus, "Astronomical Algorithms", 2nd ed., chapters 10, 25 and 49),
 * reckoned in Vietnam time (UTC+7). Pure arithmetic, no tables, no state.
 */
#include "core/lunar.h"

#include <math.h>

#include "core/timefmt.h"
#include "core/xalloc.h"

#define DEG (M_PI / 180.0)
#define SYNODIC_MONTH 29.530588861
/* Julian Day of 1970-01-01 00:00 UT; day number d starts at JD_UNIX + d. */
#define JD_UNIX 2440587.5
#define VN_DAY_FRACTION (7.0 / 24.0)

/*
 * A "suì": the months from the start of month 11 that holds one December
 * solstice to the start of the month 11 that holds the next. start[] has
 * n + 1 entries, the last being the next month 11.
 */
struct sui {
	int n;                 /* 12 or 13 */
	int64_t start[14];
	int month[13];
	int leap[13];
	int year[13];          /* lunar year each month belongs to */
};

/* ΔT = TT - UT in seconds (Espenak and Meeus polynomials, NASA 2006). */
static double delta_t(double y)
{
	double t;
	if (y < 1860) {
		t = y - 1800;
		return 13.72 - 0.332447 * t + 0.0068612 * t * t + 0.0041116 * pow(t, 3)
			- 0.00037436 * pow(t, 4) + 0.0000121272 * pow(t, 5)
			- 0.0000001699 * pow(t, 6) + 0.000000000875 * pow(t, 7);
	}
	if (y < 1900) {
		t = y - 1860;
		return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * pow(t, 3)
			- 0.0004473624 * pow(t, 4) + pow(t, 5) / 233174;
	}
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * pow(t, 3)
			- 0.000197 * pow(t, 4);
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * pow(t, 3);
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + pow(t, 3) / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - pow(t, 3) / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * pow(t, 3)
			+ 0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5);
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	double u = (y - 1820) / 100;
	if (y < 2150)
		return -20 + 32 * u * u - 0.5628 * (2150 - y);
	return -20 + 32 * u * u;
}

static double year_of_jd(double jd)
{
	return 2000.0 + (jd - 2451545.0) / 365.25;
}

/* Sine of an angle in degrees, reduced first to keep precision. */
static double sind(double deg)
{
	return sin(fmod(deg, 360.0) * DEG);
}

/*
 * Julian Ephemeris Day (TT) of new moon number k (k = 0 is the new moon of
 * 2000-01-06): Meeus chapter 49, mean phase plus the periodic terms of
 * Table 49.A and the fourteen planetary arguments.
 */
static double new_moon_jde(long k)
{
	double kk = (double)k;
	double t = kk / 1236.85;
	double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = 2451550.09766 + SYNODIC_MONTH * kk + 0.00015437 * t2
		- 0.000000150 * t3 + 0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;
	double mp = 201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3
		- 0.000000058 * t4;
	double f = 160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3
		+ 0.000000011 * t4;
	double om = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;

	double c = -0.40720 * sind(mp)
		+ 0.17241 * e * sind(m)
		+ 0.01608 * sind(2 * mp)
		+ 0.01039 * sind(2 * f)
		+ 0.00739 * e * sind(mp - m)
		- 0.00514 * e * sind(mp + m)
		+ 0.00208 * e * e * sind(2 * m)
		- 0.00111 * sind(mp - 2 * f)
		- 0.00057 * sind(mp + 2 * f)
		+ 0.00056 * e * sind(2 * mp + m)
		- 0.00042 * sind(3 * mp)
		+ 0.00042 * e * sind(m + 2 * f)
		+ 0.00038 * e * sind(m - 2 * f)
		- 0.00024 * e * sind(2 * mp - m)
		- 0.00017 * sind(om)
		- 0.00007 * sind(mp + 2 * m)
		+ 0.00004 * sind(2 * mp - 2 * f)
		+ 0.00004 * sind(3 * m)
		+ 0.00003 * sind(mp + m - 2 * f)
		+ 0.00003 * sind(2 * mp + 2 * f)
		- 0.00003 * sind(mp + m + 2 * f)
		+ 0.00003 * sind(mp - m + 2 * f)
		- 0.00002 * sind(mp - m - 2 * f)
		- 0.00002 * sind(3 * mp + m)
		+ 0.00002 * sind(4 * mp);

	/* Planetary arguments A1..A14 and their coefficients. */
	static const double pa[14][3] = {
		{ 299.77, 0.107408, 0.000325 }, { 251.88, 0.016321, 0.000165 },
		{ 251.83, 26.651886, 0.000164 }, { 349.42, 36.412478, 0.000126 },
		{ 84.66, 18.206239, 0.000110 }, { 141.74, 53.303771, 0.000062 },
		{ 207.14, 2.453732, 0.000060 }, { 154.84, 7.306860, 0.000056 },
		{ 34.52, 27.261239, 0.000047 }, { 207.19, 0.121824, 0.000042 },
		{ 291.34, 1.844379, 0.000040 }, { 161.72, 24.198154, 0.000037 },
		{ 239.56, 25.513099, 0.000035 }, { 331.55, 3.592518, 0.000023 },
	};
	double w = 0;
	for (int i = 0; i < 14; i++) {
		double a = pa[i][0] + pa[i][1] * kk;
		if (i == 0)
			a -= 0.009173 * t2;
		w += pa[i][2] * sind(a);
	}
	return jde + c + w;
}

/* The Vietnam-local day number on which new moon k falls. */
static int64_t new_moon_day(long k)
{
	double jde = new_moon_jde(k);
	double jd = jde - delta_t(year_of_jd(jde)) / 86400.0;
	return (int64_t)floor(jd - JD_UNIX + VN_DAY_FRACTION);
}

/*
 * The sun's apparent geocentric longitude in degrees [0, 360) at 00:00
 * Vietnam time of day number `day` (Meeus chapter 25, the low-accuracy
 * method: error about 0.01°, some 15 minutes of time).
 */
static double sun_longitude(int64_t day)
{
	double jd = JD_UNIX + (double)day - VN_DAY_FRACTION;
	double jde = jd + delta_t(year_of_jd(jd)) / 86400.0;
	double t = (jde - 2451545.0) / 36525.0;
	double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
	double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
	double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sind(m)
		+ (0.019993 - 0.000101 * t) * sind(2 * m)
		+ 0.000289 * sind(3 * m);
	double om = 125.04 - 1934.136 * t;
	double lambda = l0 + c - 0.00569 - 0.00478 * sind(om);
	lambda = fmod(lambda, 360.0);
	if (lambda < 0)
		lambda += 360.0;
	return lambda;
}

/* Index 0..11 of the last major solar term passed at the start of `day`. */
static int major_term(int64_t day)
{
	int i = (int)(sun_longitude(day) / 30.0);
	return i > 11 ? 11 : i;
}

/* New moon number k nearest to day number `day`. */
static long new_moon_near(int64_t day)
{
	double jd = JD_UNIX + (double)day;
	return lround((jd - 2451550.09766) / SYNODIC_MONTH);
}

/*
 * Number k of the new moon that starts month 11 of Gregorian year g: the
 * month whose first day begins before the December solstice (270°) and
 * whose successor begins after it. Near December the longitude lies far
 * from the 0/360 wrap, so plain comparison is safe.
 */
static long month11_k(int g)
{
	long k = new_moon_near(days_from_civil(g, 12, 21));
	for (int i = 0; i < 4 && sun_longitude(new_moon_day(k)) >= 270.0; i++)
		k--;
	for (int i = 0; i < 4 && sun_longitude(new_moon_day(k + 1)) < 270.0; i++)
		k++;
	return k;
}

/* Build the suì that starts with month 11 of Gregorian year g. */
static void sui_build(int g, struct sui *s)
{
	long k0 = month11_k(g);
	long k1 = month11_k(g + 1);
	int n = (int)(k1 - k0);
	if (n < 12 || n > 13)
		BUG("lunar: a year between two solstices must hold 12 or 13 months");
	s->n = n;
	int term[14];
	for (int i = 0; i <= n; i++) {
		s->start[i] = new_moon_day(k0 + i);
		term[i] = major_term(s->start[i]);
	}
	int leap = -1;
	if (n == 13) {
		for (int i = 1; i < n && leap < 0; i++)
			if (term[i] == term[i + 1])
				leap = i;
		if (leap < 0)
			BUG("lunar: a 13-month year without a month lacking a major term");
	}
	int m = 11, y = g;
	s->month[0] = 11;
	s->leap[0] = 0;
	s->year[0] = g;
	for (int i = 1; i < n; i++) {
		if (i == leap) {
			s->leap[i] = 1;
		} else {
			s->leap[i] = 0;
			m = m % 12 + 1;
			if (m == 1)
				y = g + 1;
		}
		s->month[i] = m;
		s->year[i] = y;
	}
}

static int year_ok(int year)
{
	return year >= LUNAR_YEAR_MIN && year <= LUNAR_YEAR_MAX;
}

/* Index in s of lunar month (year, month, leap); -1 when absent. */
static int sui_find(const struct sui *s, int year, int month, int leap)
{
	for (int i = 0; i < s->n; i++)
		if (s->year[i] == year && s->month[i] == month && s->leap[i] == leap)
			return i;
	return -1;
}

int64_t lunar_new_year(int year)
{
	if (!year_ok(year))
		return INT64_MIN;
	struct sui s;
	sui_build(year - 1, &s);
	int i = sui_find(&s, year, 1, 0);
	if (i < 0)
		BUG("lunar: no month 1 after month 11");
	return s.start[i];
}

int lunar_year_get(int year, struct lunar_year *out)
{
	if (!year_ok(year))
		return -1;
	struct sui a, b;
	sui_build(year - 1, &a);
	sui_build(year, &b);
	struct lunar_year ly = { .year = year };
	const struct sui *parts[2] = { &a, &b };
	for (int p = 0; p < 2; p++) {
		const struct sui *s = parts[p];
		for (int i = 0; i < s->n; i++) {
			if (s->year[i] != year)
				continue;
			if (ly.nmonths == 13)
				BUG("lunar: more than 13 months in a lunar year");
			struct lunar_month *lm = &ly.months[ly.nmonths++];
			lm->start = s->start[i];
			lm->month = s->month[i];
			lm->leap = s->leap[i];
			lm->days = (int)(s->start[i + 1] - s->start[i]);
			if (lm->leap)
				ly.leap_month = lm->month;
		}
	}
	int i = sui_find(&b, year + 1, 1, 0);
	if (i < 0 || ly.nmonths < 12 || ly.months[0].month != 1)
		BUG("lunar: malformed lunar year");
	ly.next_new_year = b.start[i];
	*out = ly;
	return 0;
}

int lunar_to_solar(int lyear, int lmonth, int lday, int leap, int64_t *days)
{
	if (!year_ok(lyear) || lmonth < 1 || lmonth > 12 || lday < 1 || lday > 30
	    || (leap != 0 && leap != 1))
		return -1;
	struct sui s;
	/* Months 11 and 12 open the suì of their own Gregorian year. */
	sui_build(lmonth >= 11 ? lyear : lyear - 1, &s);
	int i = sui_find(&s, lyear, lmonth, leap);
	if (i < 0 || lday > s.start[i + 1] - s.start[i])
		return -1;
	*days = s.start[i] + lday - 1;
	return 0;
}

int solar_to_lunar(int64_t days, struct lunar_date *out)
{
	int gy, gm, gd;
	*out = (struct lunar_date){ 0 };
	if (days < days_from_civil(LUNAR_YEAR_MIN, 1, 1)
	    || days > days_from_civil(LUNAR_YEAR_MAX + 1, 12, 31))
		return -1;
	civil_from_days(days, &gy, &gm, &gd);
	struct sui s;
	sui_build(gy, &s);
	if (days < s.start[0])
		sui_build(gy - 1, &s);
	int i = s.n - 1;
	while (i > 0 && s.start[i] > days)
		i--;
	if (!year_ok(s.year[i]))
		return -1;
	out->year = s.year[i];
	out->month = s.month[i];
	out->day = (int)(days - s.start[i]) + 1;
	out->leap = s.leap[i];
	return 0;
}
