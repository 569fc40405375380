/* Unit tests for core/lunar: Vietnam's lunisolar calendar (UTC+7). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/lunar.h"
#include "core/timefmt.h"

static int64_t ymd(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

static void test_tet(void **state)
{
	/* 1985, 2007 and 2030 differ from China's calendar (UTC+8):
	 * 20/2/1985, 18/2/2007, 3/2/2030 there. */
	assert_int_equal(lunar_new_year(1985), ymd(1985, 1, 21));
	assert_int_equal(lunar_new_year(2007), ymd(2007, 2, 17));
	assert_int_equal(lunar_new_year(2024), ymd(2024, 2, 10));
	assert_int_equal(lunar_new_year(2025), ymd(2025, 1, 29));
	assert_int_equal(lunar_new_year(2026), ymd(2026, 2, 17));
	assert_int_equal(lunar_new_year(2027), ymd(2027, 2, 6));
	assert_int_equal(lunar_new_year(2030), ymd(2030, 2, 2));
	/* Tết Mậu Thân, the first under Hanoi's UTC+7 calendar. */
	assert_int_equal(lunar_new_year(1968), ymd(1968, 1, 29));
	assert_int_equal(lunar_new_year(LUNAR_YEAR_MIN - 1), INT64_MIN);
	assert_int_equal(lunar_new_year(LUNAR_YEAR_MAX + 1), INT64_MIN);
}

/* Tết 1900..2100 as month * 100 + day, from Hồ Ngọc Đức's Vietnamese
 * calendar tables (an independent computation, also for UTC+7). */
static const short tet_1900[] = {
	131, 219, 208, 128, 216, 204, 125, 213, 202, 122, 210, 130,
	218, 206, 126, 214, 203, 123, 211, 201, 220, 208, 128, 216,
	205, 124, 213, 202, 123, 210, 130, 217, 206, 126, 214, 203,
	124, 211, 131, 219, 208, 127, 215, 205, 125, 213, 202, 122,
	210, 129, 217, 206, 127, 214, 203, 124, 212, 131, 218, 208,
	128, 215, 205, 125, 213, 201, 121, 209, 129, 216, 206, 127,
	215, 203, 123, 211, 131, 218, 207, 128, 216, 205, 125, 213,
	202, 121, 209, 129, 217, 206, 127, 215, 204, 123, 210, 131,
	219, 207, 128, 216, 205, 124, 212, 201, 122, 209, 129, 217,
	207, 126, 214, 203, 123, 210, 131, 219, 208, 128, 216, 205,
	125, 212, 201, 122, 210, 129, 217, 206, 126, 213, 202, 123,
	211, 131, 219, 208, 128, 215, 204, 124, 212, 201, 122, 210,
	130, 217, 206, 126, 214, 202, 123, 211, 201, 218, 208, 128,
	215, 204, 124, 212, 202, 121, 209, 129, 217, 205, 126, 214,
	203, 123, 211, 131, 219, 207, 127, 215, 205, 124, 212, 202,
	122, 209, 129, 217, 206, 126, 214, 203, 124, 210, 130, 218,
	207, 127, 215, 205, 125, 212, 201, 121, 209,
};

/* Lunar years 1900..2100 with a leap month, and its number (same source). */
static const short leap_1900[][2] = {
	{ 1900, 8 }, { 1903, 5 }, { 1906, 4 }, { 1909, 2 }, { 1911, 6 },
	{ 1914, 5 }, { 1917, 3 }, { 1919, 7 }, { 1922, 6 }, { 1925, 4 },
	{ 1928, 2 }, { 1930, 6 }, { 1933, 5 }, { 1936, 3 }, { 1938, 8 },
	{ 1941, 6 }, { 1944, 4 }, { 1947, 2 }, { 1949, 7 }, { 1952, 5 },
	{ 1955, 3 }, { 1957, 8 }, { 1960, 6 }, { 1963, 4 }, { 1966, 3 },
	{ 1968, 7 }, { 1971, 5 }, { 1974, 4 }, { 1976, 8 }, { 1979, 6 },
	{ 1982, 4 }, { 1985, 2 }, { 1987, 7 }, { 1990, 5 }, { 1993, 3 },
	{ 1995, 8 }, { 1998, 5 }, { 2001, 4 }, { 2004, 2 }, { 2006, 7 },
	{ 2009, 5 }, { 2012, 4 }, { 2014, 9 }, { 2017, 6 }, { 2020, 4 },
	{ 2023, 2 }, { 2025, 6 }, { 2028, 5 }, { 2031, 3 }, { 2033, 11 },
	{ 2036, 6 }, { 2039, 5 }, { 2042, 2 }, { 2044, 7 }, { 2047, 5 },
	{ 2050, 3 }, { 2052, 8 }, { 2055, 6 }, { 2058, 4 }, { 2061, 3 },
	{ 2063, 7 }, { 2066, 5 }, { 2069, 4 }, { 2071, 8 }, { 2074, 6 },
	{ 2077, 4 }, { 2080, 3 }, { 2082, 7 }, { 2085, 5 }, { 2088, 4 },
	{ 2090, 8 }, { 2093, 6 }, { 2096, 4 }, { 2099, 2 },
};

static void test_years_1900_2100(void **state)
{
	size_t nleap = sizeof(leap_1900) / sizeof(leap_1900[0]), li = 0;
	assert_int_equal(sizeof(tet_1900) / sizeof(tet_1900[0]), 201);
	for (int y = 1900; y <= 2100; y++) {
		int md = tet_1900[y - 1900];
		struct lunar_year ly;
		assert_int_equal(lunar_year_get(y, &ly), 0);
		assert_int_equal(ly.year, y);
		assert_int_equal(ly.months[0].start, ymd(y, md / 100, md % 100));
		assert_int_equal(lunar_new_year(y), ly.months[0].start);
		int leap = 0;
		if (li < nleap && leap_1900[li][0] == y)
			leap = leap_1900[li++][1];
		assert_int_equal(ly.leap_month, leap);
		assert_int_equal(ly.nmonths, leap ? 13 : 12);
		/* Months follow each other, 29 or 30 days, numbered in order
		 * with the leap month after its namesake. */
		int64_t d = ly.months[0].start;
		int expect = 1;
		for (int i = 0; i < ly.nmonths; i++) {
			const struct lunar_month *m = &ly.months[i];
			assert_int_equal(m->start, d);
			assert_true(m->days == 29 || m->days == 30);
			if (m->leap) {
				assert_int_equal(m->month, leap);
				assert_int_equal(ly.months[i - 1].month, leap);
			} else {
				assert_int_equal(m->month, expect++);
			}
			d += m->days;
		}
		assert_int_equal(expect, 13);
		assert_int_equal(d, ly.next_new_year);
	}
	assert_int_equal(li, nleap);
}

static void test_hung_kings(void **state)
{
	int64_t d;
	assert_int_equal(lunar_to_solar(2024, 3, 10, 0, &d), 0);
	assert_int_equal(d, ymd(2024, 4, 18));
	assert_int_equal(lunar_to_solar(2025, 3, 10, 0, &d), 0);
	assert_int_equal(d, ymd(2025, 4, 7));
	assert_int_equal(lunar_to_solar(2026, 3, 10, 0, &d), 0);
	assert_int_equal(d, ymd(2026, 4, 26));
	/* 2023 has a leap 2nd month, which pushes 10/3 to 29 April. */
	assert_int_equal(lunar_to_solar(2023, 3, 10, 0, &d), 0);
	assert_int_equal(d, ymd(2023, 4, 29));
}

static void test_leap_months(void **state)
{
	int64_t d = 0;
	struct lunar_date l;
	/* 2023: leap 2nd month from 22/3/2023. */
	assert_int_equal(lunar_to_solar(2023, 2, 1, 1, &d), 0);
	assert_int_equal(d, ymd(2023, 3, 22));
	assert_int_equal(solar_to_lunar(ymd(2023, 3, 21), &l), 0);
	assert_int_equal(l.month, 2);
	assert_int_equal(l.leap, 0);
	assert_int_equal(solar_to_lunar(ymd(2023, 3, 22), &l), 0);
	assert_int_equal(l.year, 2023);
	assert_int_equal(l.month, 2);
	assert_int_equal(l.day, 1);
	assert_int_equal(l.leap, 1);
	/* 2025: leap 6th month from 25/7/2025, 29 days. */
	assert_int_equal(lunar_to_solar(2025, 6, 1, 1, &d), 0);
	assert_int_equal(d, ymd(2025, 7, 25));
	assert_int_equal(lunar_to_solar(2025, 6, 29, 1, &d), 0);
	assert_int_equal(d, ymd(2025, 8, 22));
	d = 42;
	assert_int_equal(lunar_to_solar(2025, 6, 30, 1, &d), -1);
	assert_int_equal(d, 42);
	/* 2033: the leap 11th month, in December, belongs to lunar 2033. */
	assert_int_equal(lunar_to_solar(2033, 11, 1, 1, &d), 0);
	assert_int_equal(d, ymd(2033, 12, 22));
	assert_int_equal(solar_to_lunar(ymd(2034, 1, 20), &l), 0);
	assert_int_equal(l.year, 2033);
	assert_int_equal(l.month, 12);
	assert_int_equal(l.day, 1);
	assert_int_equal(l.leap, 0);
	/* No leap month in 2024; 2025 has none but the 6th. */
	assert_int_equal(lunar_to_solar(2024, 6, 1, 1, &d), -1);
	assert_int_equal(lunar_to_solar(2025, 5, 1, 1, &d), -1);
}

static void test_solar_to_lunar(void **state)
{
	struct lunar_date l;
	/* 9/2/2024 was "30 Tết", the last day of lunar 2023. */
	assert_int_equal(solar_to_lunar(ymd(2024, 2, 9), &l), 0);
	assert_int_equal(l.year, 2023);
	assert_int_equal(l.month, 12);
	assert_int_equal(l.day, 30);
	assert_int_equal(solar_to_lunar(ymd(2024, 2, 10), &l), 0);
	assert_int_equal(l.year, 2024);
	assert_int_equal(l.month, 1);
	assert_int_equal(l.day, 1);
	/* 1/1/2026 is in lunar 2025, month 11. */
	assert_int_equal(solar_to_lunar(ymd(2026, 1, 1), &l), 0);
	assert_int_equal(l.year, 2025);
	assert_int_equal(l.month, 11);
	assert_int_equal(l.day, 13);
	assert_int_equal(solar_to_lunar(ymd(1700, 1, 1), &l), -1);
	assert_int_equal(l.year, 0);
	assert_int_equal(solar_to_lunar(ymd(2300, 1, 1), &l), -1);
}

static void test_bad_input(void **state)
{
	int64_t d = 7;
	assert_int_equal(lunar_to_solar(2025, 0, 1, 0, &d), -1);
	assert_int_equal(lunar_to_solar(2025, 13, 1, 0, &d), -1);
	assert_int_equal(lunar_to_solar(2025, 1, 0, 0, &d), -1);
	assert_int_equal(lunar_to_solar(2025, 1, 31, 0, &d), -1);
	assert_int_equal(lunar_to_solar(2025, 1, 1, 2, &d), -1);
	assert_int_equal(lunar_to_solar(LUNAR_YEAR_MAX + 1, 1, 1, 0, &d), -1);
	assert_int_equal(d, 7);
	struct lunar_year ly;
	assert_int_equal(lunar_year_get(LUNAR_YEAR_MIN - 1, &ly), -1);
}

/* solar -> lunar -> solar over 1900..2100 (every third day, so that
 * every day of the month and every weekday is hit). */
static void test_round_trip(void **state)
{
	for (int64_t z = ymd(1900, 1, 31); z <= ymd(2101, 1, 1); z += 3) {
		struct lunar_date l;
		int64_t back, first;
		assert_int_equal(solar_to_lunar(z, &l), 0);
		assert_true(l.year >= 1900 && l.year <= 2100);
		assert_true(l.month >= 1 && l.month <= 12);
		assert_true(l.day >= 1 && l.day <= 30);
		assert_int_equal(lunar_to_solar(l.year, l.month, l.day, l.leap, &back), 0);
		assert_int_equal(back, z);
		assert_int_equal(lunar_to_solar(l.year, l.month, 1, l.leap, &first), 0);
		assert_int_equal(first, z - l.day + 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tet),
		cmocka_unit_test(test_years_1900_2100),
		cmocka_unit_test(test_hung_kings),
		cmocka_unit_test(test_leap_months),
		cmocka_unit_test(test_solar_to_lunar),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
