/* Unit tests for core/calendar: days off, announced years and deadlines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/timefmt.h"

static struct calendar cal;

static int setup(void **state)
{
	calendar_init(&cal);
	return 0;
}

static int teardown(void **state)
{
	calendar_release(&cal);
	return 0;
}

static int64_t ymd(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

/* UTC instant of a Vietnam-local date and time. */
static int64_t vn(int y, int mo, int d, int h, int mi)
{
	return vn_day_start(ymd(y, mo, d)) + h * 3600 + mi * 60;
}

static int working(int y, int m, int d)
{
	return calendar_is_working_day(&cal, ymd(y, m, d));
}

static void test_weekends(void **state)
{
	assert_true(working(2026, 3, 6));   /* Friday */
	assert_false(working(2026, 3, 7));  /* Saturday */
	assert_false(working(2026, 3, 8));  /* Sunday */
	assert_true(working(2026, 3, 9));   /* Monday */
	/* Outside the range only the weekly rule applies. */
	assert_true(calendar_is_working_day(&cal, ymd(1960, 1, 1)));   /* Friday */
	assert_false(calendar_is_working_day(&cal, ymd(2300, 1, 6)));  /* Saturday */
	assert_true(calendar_is_working_day(&cal, ymd(2300, 1, 1)));   /* Monday */
}

static void test_tet_forecast(void **state)
{
	/* Tết 2026 is Tuesday 17/2: 16/2 (the old year's last day) .. 20/2. */
	assert_true(working(2026, 2, 13));
	for (int d = 16; d <= 20; d++) {
		assert_false(working(2026, 2, d));
		assert_string_equal(calendar_day_name(&cal, ymd(2026, 2, d)),
				    "Tết Nguyên đán");
	}
	assert_true(working(2026, 2, 23));
	/* Tết 2024 is Saturday 10/2: 9/2..13/2, and the Saturday and
	 * Sunday inside give 14/2 and 15/2 off (Art. 111(3)). */
	assert_true(working(2024, 2, 8));
	for (int d = 9; d <= 15; d++)
		assert_false(working(2024, 2, d));
	assert_string_equal(calendar_day_name(&cal, ymd(2024, 2, 15)),
			    "Nghỉ bù Tết Nguyên đán");
	assert_true(working(2024, 2, 16));
	assert_null(calendar_day_name(&cal, ymd(2024, 2, 17)));  /* plain Saturday */
	assert_null(calendar_day_name(&cal, ymd(2024, 2, 16)));
}

static void test_hung_kings_and_may(void **state)
{
	/* Giỗ Tổ Hùng Vương: Thursday 18/4/2024, Monday 7/4/2025. */
	assert_false(working(2024, 4, 18));
	assert_string_equal(calendar_day_name(&cal, ymd(2024, 4, 18)),
			    "Giỗ Tổ Hùng Vương");
	assert_false(working(2025, 4, 7));
	/* 26/4/2026 is a Sunday: compensated on Monday 27/4. */
	assert_false(working(2026, 4, 27));
	assert_string_equal(calendar_day_name(&cal, ymd(2026, 4, 27)),
			    "Nghỉ bù Giỗ Tổ Hùng Vương");
	/* 2022: 30/4 Saturday and 1/5 Sunday, so 2/5 and 3/5 are off. */
	assert_false(working(2022, 5, 2));
	assert_false(working(2022, 5, 3));
	assert_true(working(2022, 5, 4));
	assert_string_equal(calendar_day_name(&cal, ymd(2022, 4, 30)), "Ngày Chiến thắng");
	assert_string_equal(calendar_day_name(&cal, ymd(2022, 5, 1)), "Ngày Quốc tế Lao động");
	assert_string_equal(calendar_day_name(&cal, ymd(2022, 5, 2)), "Nghỉ bù Ngày Chiến thắng");
	assert_string_equal(calendar_day_name(&cal, ymd(2022, 5, 3)),
			    "Nghỉ bù Ngày Quốc tế Lao động");
	/* 2023: Hùng Kings on Saturday 29/4 next to 30/4 and 1/5: off from
	 * 29/4 to 3/5, as was announced. */
	for (int d = 29; d <= 30; d++)
		assert_false(working(2023, 4, d));
	for (int d = 1; d <= 3; d++)
		assert_false(working(2023, 5, d));
	assert_true(working(2023, 5, 4));
	/* 1/1/2022 a Saturday: Monday 3/1 off. */
	assert_false(working(2022, 1, 3));
	assert_true(working(2022, 1, 4));
}

static void test_national_day(void **state)
{
	/* The adjacent day, as chosen in the years since the 2019 code. */
	assert_false(working(2021, 9, 3));  /* Thu 2/9 + Fri 3/9 */
	assert_true(working(2021, 9, 1));
	assert_false(working(2022, 9, 1));  /* Fri 2/9 + Thu 1/9 */
	assert_false(working(2023, 9, 1));  /* Sat 2/9 + Fri 1/9, Mon 4/9 in lieu */
	assert_false(working(2023, 9, 4));
	assert_true(working(2023, 9, 5));
	assert_false(working(2024, 9, 3));  /* Mon 2/9 + Tue 3/9 */
	assert_true(working(2024, 9, 4));
	assert_false(working(2025, 9, 1));  /* Tue 2/9 + Mon 1/9 */
	assert_true(working(2025, 9, 3));
	assert_false(working(2026, 9, 1));  /* Wed 2/9: the day before */
	assert_true(working(2026, 9, 3));
}

static void test_year_listing(void **state)
{
	struct cal_year y;
	assert_int_equal(calendar_year(&cal, 2026, &y), 0);
	assert_int_equal(y.year, 2026);
	assert_false(y.announced);
	assert_int_equal(y.lunar_new_year, ymd(2026, 2, 17));
	assert_int_equal(y.hung_kings, ymd(2026, 4, 26));
	assert_int_equal(y.nworking, 0);
	/* 1/1; Tết 16-20/2; 26/4 + 27/4 in lieu; 30/4; 1/5; 1/9; 2/9. */
	assert_int_equal(y.ndays_off, 12);
	assert_int_equal(y.days_off[0].day, ymd(2026, 1, 1));
	assert_string_equal(y.days_off[0].name, "Tết Dương lịch");
	assert_int_equal(y.days_off[11].day, ymd(2026, 9, 2));
	assert_string_equal(y.days_off[11].name, "Quốc khánh");
	for (size_t i = 1; i < y.ndays_off; i++)
		assert_true(y.days_off[i - 1].day < y.days_off[i].day);
	assert_int_equal(calendar_year(&cal, CAL_YEAR_MAX + 1, &y), -1);
	assert_int_equal(calendar_year(&cal, CAL_YEAR_MIN - 1, &y), -1);
	/* Every forecast year holds 11 holidays and lists each day once. */
	for (int year = CAL_YEAR_MIN; year <= CAL_YEAR_MAX; year++) {
		assert_int_equal(calendar_year(&cal, year, &y), 0);
		assert_true(y.ndays_off >= 11);
		for (size_t i = 0; i < y.ndays_off; i++) {
			int yy, mm, dd;
			civil_from_days(y.days_off[i].day, &yy, &mm, &dd);
			assert_int_equal(yy, year);
			assert_false(calendar_is_working_day(&cal, y.days_off[i].day));
			if (i > 0)
				assert_true(y.days_off[i - 1].day < y.days_off[i].day);
		}
	}
}

/* 2025 as announced: Tết off Saturday 25/1 .. Sunday 2/2 with Monday 27/1
 * swapped for Saturday 8/2; 30/4, 1/5 and Friday 2/5 (swapped for
 * Saturday 26/4); 1/9 and 2/9. */
static const struct cal_entry announced_2025[] = {
	{ 0, CAL_DAY_OFF, "Tết Dương lịch" },
	{ 1, CAL_DAY_OFF, "Tết Nguyên đán" },
	{ 2, CAL_WORKING, "Làm bù cho ngày 27/01" },
	{ 3, CAL_DAY_OFF, "Giỗ Tổ Hùng Vương" },
	{ 4, CAL_WORKING, "Làm bù cho ngày 02/05" },
	{ 5, CAL_DAY_OFF, "Ngày Chiến thắng" },
	{ 6, CAL_DAY_OFF, "Ngày Quốc tế Lao động" },
	{ 7, CAL_DAY_OFF, "Nghỉ hoán đổi" },
	{ 8, CAL_DAY_OFF, "Quốc khánh" },
	{ 9, CAL_DAY_OFF, "Quốc khánh" },
};

static size_t entries_2025(struct cal_entry *e)
{
	static const int md[] = { 101, 0, 208, 407, 426, 430, 501, 502, 901, 902 };
	size_t n = 0;
	for (size_t i = 0; i < 10; i++) {
		if (i == 1) {
			/* Tết: 25/1 .. 2/2, one entry per day */
			for (int64_t d = ymd(2025, 1, 25); d <= ymd(2025, 2, 2); d++) {
				e[n] = announced_2025[1];
				e[n++].day = d;
			}
			continue;
		}
		e[n] = announced_2025[i];
		e[n++].day = ymd(2025, md[i] / 100, md[i] % 100);
	}
	return n;
}

static void test_announced_override(void **state)
{
	struct cal_entry e[32];
	size_t n = entries_2025(e);
	/* The forecast for 2025: Tết 28/1 .. 1/2, 1/2 a Saturday so 3/2 off. */
	assert_true(working(2025, 1, 27));
	assert_false(working(2025, 2, 3));
	assert_true(working(2025, 5, 2));

	assert_int_equal(calendar_set_year(&cal, 2025, e, n), 0);
	/* The names were copied: scribbling on the input changes nothing. */
	e[0].name = "x";
	for (int d = 25; d <= 31; d++)
		assert_false(working(2025, 1, d));
	assert_false(working(2025, 2, 1));
	assert_false(working(2025, 2, 2));
	assert_true(working(2025, 2, 3));    /* no computed compensation */
	assert_true(working(2025, 2, 8));    /* Saturday worked */
	assert_true(working(2025, 4, 26));   /* Saturday worked */
	assert_false(working(2025, 5, 2));
	assert_false(working(2025, 4, 7));
	assert_false(working(2025, 9, 1));
	assert_true(working(2025, 9, 3));
	assert_false(working(2025, 2, 9));   /* an ordinary Sunday */
	assert_string_equal(calendar_day_name(&cal, ymd(2025, 1, 1)), "Tết Dương lịch");
	assert_string_equal(calendar_day_name(&cal, ymd(2025, 5, 2)), "Nghỉ hoán đổi");

	struct cal_year y;
	assert_int_equal(calendar_year(&cal, 2025, &y), 0);
	assert_true(y.announced);
	assert_int_equal(y.lunar_new_year, ymd(2025, 1, 29));
	assert_int_equal(y.hung_kings, ymd(2025, 4, 7));
	assert_int_equal(y.ndays_off, 16);
	assert_int_equal(y.nworking, 2);
	assert_int_equal(y.working[0].day, ymd(2025, 2, 8));
	assert_string_equal(y.working[0].name, "Làm bù cho ngày 27/01");
	assert_int_equal(y.working[1].day, ymd(2025, 4, 26));
	assert_int_equal(y.days_off[0].day, ymd(2025, 1, 1));
	assert_int_equal(y.days_off[15].day, ymd(2025, 9, 2));

	/* Deadlines follow the announced year: 1 working day from Friday
	 * 24/1 is Monday 3/2, not Monday 27/1. */
	int64_t due;
	assert_int_equal(calendar_due_day(&cal, ymd(2025, 1, 24), 1, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2025, 2, 3));
	/* ... and a Saturday worked counts: 1 working day from 25/4 is 26/4. */
	assert_int_equal(calendar_due_day(&cal, ymd(2025, 4, 25), 1, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2025, 4, 26));

	/* Other years are untouched; clearing goes back to the forecast. */
	assert_false(working(2026, 2, 17));
	assert_int_equal(calendar_clear_year(&cal, 2025), 0);
	assert_true(working(2025, 1, 27));
	assert_false(working(2025, 2, 3));
	assert_int_equal(calendar_year(&cal, 2025, &y), 0);
	assert_false(y.announced);
	assert_int_equal(y.nworking, 0);

	/* An announced year with no entries: only weekends are off. */
	assert_int_equal(calendar_set_year(&cal, 2030, NULL, 0), 0);
	assert_true(working(2030, 1, 1));
	assert_true(working(2030, 2, 4));    /* Tết 2030 (Saturday 2/2) week */
	assert_int_equal(calendar_clear_year(&cal, 2030), 0);
	assert_false(working(2030, 1, 1));
}

/* The fingerprint follows the days off: an announced year changes it, going
 * back to the forecast restores it, and a fresh calendar has the same one. */
static void test_fingerprint(void **state)
{
	(void)state;
	struct calendar *a = calendar_new(), *b = calendar_new();
	uint64_t f0 = calendar_fingerprint(a);
	assert_true(f0 == calendar_fingerprint(b));
	struct cal_entry one = { days_from_civil(2031, 1, 1), CAL_DAY_OFF, "Tết Dương lịch" };
	assert_int_equal(calendar_set_year(a, 2031, &one, 1), 0);
	uint64_t f1 = calendar_fingerprint(a);
	assert_true(f1 != f0);
	one.day = days_from_civil(2031, 1, 2);
	assert_int_equal(calendar_set_year(b, 2031, &one, 1), 0);
	assert_true(calendar_fingerprint(b) != f1); /* another day off, another print */
	assert_int_equal(calendar_clear_year(a, 2031), 0);
	assert_true(calendar_fingerprint(a) == f0);
	calendar_free(a);
	calendar_free(b);
}

static void test_announced_rejects(void **state)
{
	struct cal_entry e[2] = {
		{ ymd(2027, 1, 1), CAL_DAY_OFF, "Tết Dương lịch" },
		{ ymd(2027, 1, 2), CAL_WORKING, "Làm bù" },  /* a Saturday */
	};
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), 0);
	assert_int_equal(calendar_clear_year(&cal, 2027), 0);

	e[1].day = ymd(2027, 1, 4);                  /* a Monday "worked" */
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	e[1].day = ymd(2026, 12, 26);                /* another year */
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	e[1] = e[0];                                  /* the same day twice */
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	e[1].day = ymd(2027, 1, 2);
	e[1].name = "";
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	e[1].name = NULL;
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	e[1].name = "x";
	e[1].kind = (enum cal_kind)7;
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	char longname[CAL_NAME_MAX + 2];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	e[1].kind = CAL_DAY_OFF;
	e[1].name = longname;
	assert_int_equal(calendar_set_year(&cal, 2027, e, 2), -1);
	assert_int_equal(calendar_set_year(&cal, CAL_YEAR_MAX + 1, e, 1), -1);
	assert_int_equal(calendar_set_year(&cal, 2027, NULL, 1), -1);
	assert_int_equal(calendar_clear_year(&cal, CAL_YEAR_MIN - 1), -1);
	/* Every rejection left the forecast in place. */
	struct cal_year y;
	assert_int_equal(calendar_year(&cal, 2027, &y), 0);
	assert_false(y.announced);
	assert_false(working(2027, 2, 6));            /* Tết 2027 */
}

static void test_due_working_days(void **state)
{
	int64_t due;
	/* Thursday 5/3/2026 + 3 working days: Fri, Mon, Tue 10/3. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 5), 3, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 10));
	/* The first day is not counted even when it is a day off. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 7), 1, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 9));
	/* Across Tết 2026 (16..20/2): Friday 13/2 + 1 is Monday 23/2. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 2, 13), 1, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 2, 23));
	/* 2 working days (personal-data requests) from Wednesday 29/4/2026:
	 * 30/4, 1/5 and the weekend are off, so Monday 4/5 and Tuesday 5/5. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 4, 29), 2, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 5, 5));
	/* 0: the day itself, or the next working day. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 5), 0, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 5));
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 7), 0, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 9));
	/* Counting back agrees with counting forward. */
	for (int64_t from = ymd(2023, 12, 20); from < ymd(2025, 1, 10); from += 3) {
		for (int n = 0; n <= 40; n += 7) {
			assert_int_equal(calendar_due_day(&cal, from, n, CAL_WORKING_DAY, &due), 0);
			if (n > 0)
				assert_int_equal(calendar_working_days_between(&cal, from, due), n);
			assert_true(calendar_is_working_day(&cal, due));
		}
	}
}

static void test_due_calendar_days(void **state)
{
	int64_t due;
	/* Wednesday 4/3/2026 + 4 days is Sunday 8/3: ends Monday 9/3. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 4), 4, CAL_CALENDAR_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 9));
	/* + 6 is Tuesday 10/3, a working day: unchanged. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 3, 4), 6, CAL_CALENDAR_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 10));
	/* 10 days from 20/4/2026 is 30/4: holiday, 1/5 too, then a
	 * weekend, so Monday 4/5. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 4, 20), 10, CAL_CALENDAR_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 5, 4));
	/* 15 days over Tết 2026 end inside it: moved to Monday 23/2. */
	assert_int_equal(calendar_due_day(&cal, ymd(2026, 2, 3), 15, CAL_CALENDAR_DAY, &due), 0);
	assert_int_equal(due, ymd(2026, 2, 23));
}

static void test_due_hours(void **state)
{
	int64_t due;
	/* Monday 9/3/2026 10:00 + 3 h: 10-12, 13-14. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 10, 0), 3, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 14, 0));
	/* Filling the morning ends at 12:00, not 13:00. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 7, 0), 4, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 12, 0));
	/* During lunch the clock waits until 13:00. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 12, 30), 1, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 14, 0));
	/* iHanoi's "8 working hours" from Monday 08:00 is Monday 17:00. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 8, 0), 8, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 17, 0));
	/* Nights: Monday 16:30 + 1 h is Tuesday 08:30; 18:00 + 1 is 09:00. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 16, 30), 1, &due), 0);
	assert_int_equal(due, vn(2026, 3, 10, 8, 30));
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 18, 0), 1, &due), 0);
	assert_int_equal(due, vn(2026, 3, 10, 9, 0));
	/* Friday 16:00 + 2 h is Monday 09:00; from Saturday, Monday. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 6, 16, 0), 2, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 9, 0));
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 7, 9, 0), 8, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 17, 0));
	/* Over Tết 2026: Friday 13/2 15:00 + 4 h is Monday 23/2 10:00. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 2, 13, 15, 0), 4, &due), 0);
	assert_int_equal(due, vn(2026, 2, 23, 10, 0));
	/* Minutes are kept. */
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 9, 17), 1, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 10, 17));
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 9, 9, 17), 0, &due), 0);
	assert_int_equal(due, vn(2026, 3, 9, 9, 17));
}

static void test_bad_amounts(void **state)
{
	int64_t due = 99;
	int64_t d = ymd(2026, 3, 5);
	assert_int_equal(calendar_due_day(&cal, d, -1, CAL_WORKING_DAY, &due), -1);
	assert_int_equal(calendar_due_day(&cal, d, CAL_AMOUNT_MAX + 1, CAL_CALENDAR_DAY, &due), -1);
	assert_int_equal(calendar_due_day(&cal, d, 3, CAL_WORKING_HOUR, &due), -1);
	assert_int_equal(calendar_due_day(&cal, d, 3, (enum cal_unit)0, &due), -1);
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 5, 9, 0), -2, &due), -1);
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 5, 9, 0), 3651, &due), -1);
	assert_int_equal(due, 99);
	/* The largest amount is fine; leaving the range is not. */
	assert_int_equal(calendar_due_day(&cal, d, CAL_AMOUNT_MAX, CAL_WORKING_DAY, &due), 0);
	assert_int_equal(calendar_working_days_between(&cal, d, due), CAL_AMOUNT_MAX);
	assert_int_equal(calendar_due_hours(&cal, vn(2026, 3, 5, 9, 0), CAL_AMOUNT_MAX, &due), 0);
	assert_true(due > vn(2026, 3, 5, 9, 0));
	assert_int_equal(calendar_due_day(&cal, ymd(CAL_YEAR_MAX, 12, 1), 100, CAL_WORKING_DAY, &due), -1);
	assert_int_equal(calendar_due_day(&cal, ymd(CAL_YEAR_MIN - 1, 6, 1), 1, CAL_WORKING_DAY, &due), -1);
	assert_int_equal(calendar_due_hours(&cal, INT64_MAX, 1, &due), -1);
	assert_int_equal(calendar_due_hours(&cal, INT64_MIN, 1, &due), -1);
	assert_int_equal(calendar_working_days_between(&cal, INT64_MIN, d), -1);
	assert_int_equal(calendar_working_days_between(&cal, d, d - 10), 0);
}

static void test_between(void **state)
{
	/* March 2026: 22 weekdays, none a holiday. */
	assert_int_equal(calendar_working_days_between(&cal, ymd(2026, 2, 28), ymd(2026, 3, 31)), 22);
	/* February 2026 loses Tết's five days: 20 weekdays - 5 = 15. */
	assert_int_equal(calendar_working_days_between(&cal, ymd(2026, 1, 31), ymd(2026, 2, 28)), 15);
}

static void test_new_free(void **state)
{
	struct calendar *c = calendar_new();
	assert_false(calendar_is_working_day(c, ymd(2027, 2, 6)));
	/* Tết 2027 is a Saturday: 10/2 and 11/2 in lieu, 12/2 worked. */
	assert_false(calendar_is_working_day(c, ymd(2027, 2, 11)));
	assert_true(calendar_is_working_day(c, ymd(2027, 2, 12)));
	calendar_free(c);
	calendar_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekends),
		cmocka_unit_test(test_tet_forecast),
		cmocka_unit_test(test_hung_kings_and_may),
		cmocka_unit_test(test_national_day),
		cmocka_unit_test(test_year_listing),
		cmocka_unit_test(test_announced_override),
		cmocka_unit_test(test_announced_rejects),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_due_working_days),
		cmocka_unit_test(test_due_calendar_days),
		cmocka_unit_test(test_due_hours),
		cmocka_unit_test(test_bad_amounts),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_new_free),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
