/* Unit tests for core/timefmt: day arithmetic and Vietnam-time formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/timefmt.h"

static void test_days(void **state)
{
	assert_int_equal(days_from_civil(1970, 1, 1), 0);
	assert_int_equal(days_from_civil(2000, 3, 1), 11017);
	int y, m, d;
	for (int64_t z = -800000; z < 800000; z += 37) {
		civil_from_days(z, &y, &m, &d);
		assert_int_equal(days_from_civil(y, m, d), z);
	}
	civil_from_days(days_from_civil(2024, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
	assert_int_equal(weekday_from_days(0), 4); /* Thursday */
	assert_int_equal(weekday_from_days(days_from_civil(2026, 11, 30)), 1);
	assert_int_equal(weekday_from_days(days_from_civil(1900, 1, 1)), 1);
}

static void test_format(void **state)
{
	char b[32];
	/* 2026-08-30T07:00:00Z is 14:00 in Hanoi */
	int64_t t = vn_day_start(days_from_civil(2026, 8, 30)) + 14 * 3600;
	assert_string_equal(fmt_iso8601_vn(t, b), "2026-08-30T14:00:00+07:00");
	assert_string_equal(fmt_date_vn(t, b), "30/08/2026");
	assert_string_equal(fmt_datetime_vn(t, b), "30/08/2026 14:00");
	/* 23:30 UTC on 31/12 is already 1/1 in Vietnam */
	int64_t nye = days_from_civil(2025, 12, 31) * 86400 + 23 * 3600 + 1800;
	assert_string_equal(fmt_date_vn(nye, b), "01/01/2026");
	assert_string_equal(fmt_ymd(days_from_civil(1985, 1, 21), b), "1985-01-21");
}

static void test_parse_date(void **state)
{
	int64_t d;
	assert_int_equal(parse_date("2025-07-01", &d), 0);
	assert_int_equal(d, days_from_civil(2025, 7, 1));
	assert_int_equal(parse_date("01/07/2025", &d), 0);
	assert_int_equal(d, days_from_civil(2025, 7, 1));
	assert_int_equal(parse_date("2026-02-29", &d), -1);
	assert_int_equal(parse_date("2024-02-29", &d), 0);
	assert_int_equal(parse_date("2024-13-01", &d), -1);
	assert_int_equal(parse_date("2024-1-01", &d), -1);
	assert_int_equal(parse_date("2024-01-01x", &d), -1);
	assert_int_equal(parse_date("", &d), -1);
	assert_int_equal(parse_date("+024-01-01", &d), -1);
}

/* First days of months and years, across a year's end and a leap day. */
static void test_month_year_first(void **state)
{
	(void)state;
	int64_t d = days_from_civil(2024, 2, 29);
	assert_int_equal(month_first_day(d, 0), days_from_civil(2024, 2, 1));
	assert_int_equal(month_first_day(d, 1), days_from_civil(2024, 3, 1));
	assert_int_equal(month_first_day(days_from_civil(2025, 12, 31), 1), days_from_civil(2026, 1, 1));
	assert_int_equal(month_first_day(days_from_civil(2025, 1, 15), 25), days_from_civil(2027, 2, 1));
	assert_int_equal(year_first_day(d, 0), days_from_civil(2024, 1, 1));
	assert_int_equal(year_first_day(d, 1), days_from_civil(2025, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_month_year_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
