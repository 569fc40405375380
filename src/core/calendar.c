/*
 * calendar.c - days off and legal deadlines: the Labour Code's holidays
 * forecast from the lunar calendar, overridden per year by announced data,
 * kept as one bit per day so that readers only look bits up.
 */
#include "core/calendar.h"

#include "core/lunar.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

struct cal_yeardata {
	int announced;
	int64_t tet, hung;
	struct cal_day *off;
	size_t noff;
	struct cal_day *work;
	size_t nwork;
	char *names;            /* announced names, one block; NULL otherwise */
};

/* The holidays of Labour Code Art. 112(1), in the statute's order. */
enum holiday {
	H_NEW_YEAR, H_TET, H_HUNG_KINGS, H_VICTORY, H_LABOUR, H_NATIONAL, H_COUNT
};

static const char *const holiday_name[H_COUNT] = {
	[H_NEW_YEAR] = "Tết Dương lịch",
	[H_TET] = "Tết Nguyên đán",
	[H_HUNG_KINGS] = "Giỗ Tổ Hùng Vương",
	[H_VICTORY] = "Ngày Chiến thắng",
	[H_LABOUR] = "Ngày Quốc tế Lao động",
	[H_NATIONAL] = "Quốc khánh",
};

static const char *const compensation_name[H_COUNT] = {
	[H_NEW_YEAR] = "Nghỉ bù Tết Dương lịch",
	[H_TET] = "Nghỉ bù Tết Nguyên đán",
	[H_HUNG_KINGS] = "Nghỉ bù Giỗ Tổ Hùng Vương",
	[H_VICTORY] = "Nghỉ bù Ngày Chiến thắng",
	[H_LABOUR] = "Nghỉ bù Ngày Quốc tế Lao động",
	[H_NATIONAL] = "Nghỉ bù Quốc khánh",
};

/* At most 11 holiday days plus one compensatory day for each. */
#define FORECAST_MAX 22

static int is_weekend(int64_t day)
{
	int w = weekday_from_days(day);
	return w == 0 || w == 6;
}

static int in_range(const struct calendar *cal, int64_t day)
{
	return day >= cal->first_day && day <= cal->last_day;
}

static void bit_set(struct calendar *cal, int64_t day, int off)
{
	int64_t i = day - cal->first_day;
	unsigned char mask = (unsigned char)(1u << (i & 7));
	if (off)
		cal->off[i >> 3] |= mask;
	else
		cal->off[i >> 3] &= (unsigned char)~mask;
}

static int bit_get(const struct calendar *cal, int64_t day)
{
	int64_t i = day - cal->first_day;
	return (cal->off[i >> 3] >> (i & 7)) & 1;
}

static struct cal_yeardata *year_data(const struct calendar *cal, int year)
{
	return &cal->years[year - CAL_YEAR_MIN];
}

static void yeardata_release(struct cal_yeardata *yd)
{
	free(yd->off);
	free(yd->work);
	free(yd->names);
	yd->off = yd->work = NULL;
	yd->names = NULL;
	yd->noff = yd->nwork = 0;
	yd->announced = 0;
}

static int contains(const int64_t *days, size_t n, int64_t day)
{
	for (size_t i = 0; i < n; i++)
		if (days[i] == day)
			return 1;
	return 0;
}

/*
 * The day that joins 2 September for National Day (Art. 112(1)(đ)): an
 * adjacent Monday-Friday; when both are (2/9 on Tuesday, Wednesday or
 * Thursday), the one next to a weekend, and on Wednesday the day before.
 */
static int64_t national_day_partner(int64_t sep2)
{
	switch (weekday_from_days(sep2)) {
	case 1: /* Monday: 1/9 is a Sunday */
	case 4: /* Thursday: 3/9 is a Friday, four days with the weekend */
	case 0: /* Sunday: 1/9 is a Saturday */
		return sep2 + 1;
	default: /* Tuesday (1/9 Monday), Wednesday, Friday, Saturday */
		return sep2 - 1;
	}
}

/* Write the computed holidays of `year` into yd (forecast). */
static void forecast_year(int year, struct cal_yeardata *yd)
{
	int64_t day[FORECAST_MAX];
	enum holiday kind[FORECAST_MAX];
	size_t n = 0;

	day[n] = days_from_civil(year, 1, 1);
	kind[n++] = H_NEW_YEAR;
	for (int i = -1; i <= 3; i++) {
		day[n] = yd->tet + i;
		kind[n++] = H_TET;
	}
	day[n] = yd->hung;
	kind[n++] = H_HUNG_KINGS;
	day[n] = days_from_civil(year, 4, 30);
	kind[n++] = H_VICTORY;
	day[n] = days_from_civil(year, 5, 1);
	kind[n++] = H_LABOUR;
	int64_t sep2 = days_from_civil(year, 9, 2);
	int64_t partner = national_day_partner(sep2);
	day[n] = partner < sep2 ? partner : sep2;
	kind[n++] = H_NATIONAL;
	day[n] = partner < sep2 ? sep2 : partner;
	kind[n++] = H_NATIONAL;

	/* Sort by day, stable, so that a shared day keeps the statute's
	 * first holiday. */
	for (size_t i = 1; i < n; i++) {
		for (size_t j = i; j > 0 && day[j - 1] > day[j]; j--) {
			int64_t td = day[j];
			enum holiday tk = kind[j];
			day[j] = day[j - 1];
			kind[j] = kind[j - 1];
			day[j - 1] = td;
			kind[j - 1] = tk;
		}
	}

	/* Art. 111(3): a holiday on a weekend day (or on another holiday)
	 * gives a day off on the next working day. */
	size_t nholidays = n;
	for (size_t i = 0; i < nholidays; i++) {
		if (!is_weekend(day[i]) && !(i > 0 && day[i - 1] == day[i]))
			continue;
		int64_t d = day[i] + 1;
		while (is_weekend(d) || contains(day, n, d))
			d++;
		day[n] = d;
		kind[n++] = kind[i];
	}

	yd->off = xmalloc(n * sizeof(*yd->off));
	yd->noff = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && i < nholidays && day[i - 1] == day[i])
			continue;
		yd->off[yd->noff].day = day[i];
		yd->off[yd->noff].name = i < nholidays ? holiday_name[kind[i]]
						     : compensation_name[kind[i]];
		yd->noff++;
	}
	/* Compensatory days were appended after the holidays; sort all. */
	for (size_t i = 1; i < yd->noff; i++) {
		for (size_t j = i; j > 0 && yd->off[j - 1].day > yd->off[j].day; j--) {
			struct cal_day t = yd->off[j];
			yd->off[j] = yd->off[j - 1];
			yd->off[j - 1] = t;
		}
	}
}

/* Recompute the bits of `year` from its weekends and its lists. */
static void year_bits(struct calendar *cal, int year)
{
	const struct cal_yeardata *yd = year_data(cal, year);
	int64_t first = days_from_civil(year, 1, 1);
	int64_t last = days_from_civil(year, 12, 31);
	for (int64_t d = first; d <= last; d++)
		bit_set(cal, d, is_weekend(d));
	for (size_t i = 0; i < yd->noff; i++)
		bit_set(cal, yd->off[i].day, 1);
	for (size_t i = 0; i < yd->nwork; i++)
		bit_set(cal, yd->work[i].day, 0);
}

static void year_compute(struct calendar *cal, int year)
{
	struct cal_yeardata *yd = year_data(cal, year);
	struct lunar_year ly;
	yeardata_release(yd);
	if (lunar_year_get(year, &ly) < 0)
		BUG("calendar: year outside the lunar calendar's range");
	yd->tet = ly.months[0].start;
	for (int i = 0; i < ly.nmonths; i++)
		if (ly.months[i].month == 3 && !ly.months[i].leap)
			yd->hung = ly.months[i].start + 9;
	forecast_year(year, yd);
	year_bits(cal, year);
}

void calendar_init(struct calendar *cal)
{
	size_t nyears = CAL_YEAR_MAX - CAL_YEAR_MIN + 1;
	cal->first_day = days_from_civil(CAL_YEAR_MIN, 1, 1);
	cal->last_day = days_from_civil(CAL_YEAR_MAX, 12, 31);
	size_t ndays = (size_t)(cal->last_day - cal->first_day + 1);
	cal->off = xcalloc((ndays + 7) / 8, 1);
	cal->years = xcalloc(nyears, sizeof(*cal->years));
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++)
		year_compute(cal, y);
}

void calendar_release(struct calendar *cal)
{
	if (cal->years) {
		for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++)
			yeardata_release(year_data(cal, y));
	}
	free(cal->years);
	free(cal->off);
	cal->years = NULL;
	cal->off = NULL;
}

struct calendar *calendar_new(void)
{
	struct calendar *cal = xmalloc(sizeof(*cal));
	calendar_init(cal);
	return cal;
}

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	calendar_release(cal);
	free(cal);
}

static int cmp_cal_day(const void *a, const void *b)
{
	const struct cal_day *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

int calendar_set_year(struct calendar *cal, int year,
		      const struct cal_entry *entries, size_t n)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX || n > CAL_ENTRIES_MAX
	    || (n > 0 && !entries))
		return -1;
	int64_t first = days_from_civil(year, 1, 1);
	int64_t last = days_from_civil(year, 12, 31);
	size_t names_len = 0, noff = 0, nwork = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cal_entry *e = &entries[i];
		if (e->day < first || e->day > last || !e->name)
			return -1;
		size_t len = strnlen(e->name, CAL_NAME_MAX + 1);
		if (len == 0 || len > CAL_NAME_MAX)
			return -1;
		if (e->kind == CAL_DAY_OFF)
			noff++;
		else if (e->kind == CAL_WORKING && is_weekend(e->day))
			nwork++;
		else
			return -1;
		names_len += len + 1;
	}

	struct cal_day *off = xmalloc((noff ? noff : 1) * sizeof(*off));
	struct cal_day *work = xmalloc((nwork ? nwork : 1) * sizeof(*work));
	char *names = xmalloc(names_len ? names_len : 1);
	size_t io = 0, iw = 0, pos = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(entries[i].name);
		memcpy(names + pos, entries[i].name, len + 1);
		struct cal_day cd = { .day = entries[i].day, .name = names + pos };
		pos += len + 1;
		if (entries[i].kind == CAL_DAY_OFF)
			off[io++] = cd;
		else
			work[iw++] = cd;
	}
	qsort(off, noff, sizeof(*off), cmp_cal_day);
	qsort(work, nwork, sizeof(*work), cmp_cal_day);

	/* No day twice, within or across the two lists. */
	int dup = 0;
	for (size_t i = 1; i < noff; i++)
		dup |= off[i - 1].day == off[i].day;
	for (size_t i = 1; i < nwork; i++)
		dup |= work[i - 1].day == work[i].day;
	for (size_t i = 0, j = 0; i < noff && j < nwork && !dup;) {
		if (off[i].day == work[j].day)
			dup = 1;
		else if (off[i].day < work[j].day)
			i++;
		else
			j++;
	}
	if (dup) {
		free(off);
		free(work);
		free(names);
		return -1;
	}

	struct cal_yeardata *yd = year_data(cal, year);
	int64_t tet = yd->tet, hung = yd->hung;
	yeardata_release(yd);
	yd->announced = 1;
	yd->tet = tet;
	yd->hung = hung;
	yd->off = off;
	yd->noff = noff;
	yd->work = work;
	yd->nwork = nwork;
	yd->names = names;
	year_bits(cal, year);
	return 0;
}

int calendar_clear_year(struct calendar *cal, int year)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return -1;
	year_compute(cal, year);
	return 0;
}

uint64_t calendar_fingerprint(const struct calendar *cal)
{
	size_t n = (size_t)(cal->last_day - cal->first_day + 1 + 7) / 8;
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= cal->off[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int calendar_is_working_day(const struct calendar *cal, int64_t day)
{
	if (!in_range(cal, day))
		return !is_weekend(day);
	return !bit_get(cal, day);
}

const char *calendar_day_name(const struct calendar *cal, int64_t day)
{
	if (!in_range(cal, day))
		return NULL;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	const struct cal_yeardata *yd = year_data(cal, y);
	size_t lo = 0, hi = yd->noff;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (yd->off[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < yd->noff && yd->off[lo].day == day ? yd->off[lo].name : NULL;
}

int calendar_year(const struct calendar *cal, int year, struct cal_year *out)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return -1;
	const struct cal_yeardata *yd = year_data(cal, year);
	*out = (struct cal_year){
		.year = year,
		.announced = yd->announced,
		.lunar_new_year = yd->tet,
		.hung_kings = yd->hung,
		.days_off = yd->off,
		.ndays_off = yd->noff,
		.working = yd->work,
		.nworking = yd->nwork,
	};
	return 0;
}

/* First working day on or after `day` within the range, or -1. */
static int next_working(const struct calendar *cal, int64_t day, int64_t *out)
{
	for (; in_range(cal, day); day++) {
		if (!bit_get(cal, day)) {
			*out = day;
			return 0;
		}
	}
	return -1;
}

int calendar_due_day(const struct calendar *cal, int64_t from_day, int amount,
		     enum cal_unit unit, int64_t *due_day)
{
	if (amount < 0 || amount > CAL_AMOUNT_MAX || !in_range(cal, from_day))
		return -1;
	int64_t d = from_day;
	switch (unit) {
	case CAL_WORKING_DAY:
		if (amount == 0)
			return next_working(cal, from_day, due_day);
		for (int i = 0; i < amount; i++)
			if (next_working(cal, d + 1, &d) < 0)
				return -1;
		*due_day = d;
		return 0;
	case CAL_CALENDAR_DAY:
		return next_working(cal, from_day + amount, due_day);
	case CAL_WORKING_HOUR:
	default:
		return -1;
	}
}

int calendar_due_hours(const struct calendar *cal, int64_t from_utc, int hours,
		       int64_t *due_utc)
{
	static const int64_t window[2][2] = {
		{ CAL_MORNING_START, CAL_MORNING_END },
		{ CAL_AFTERNOON_START, CAL_AFTERNOON_END },
	};
	if (hours < 0 || hours > CAL_AMOUNT_MAX
	    || from_utc < vn_day_start(cal->first_day)
	    || from_utc >= vn_day_start(cal->last_day + 1))
		return -1;
	if (hours == 0) {
		*due_utc = from_utc;
		return 0;
	}
	int64_t t = from_utc + VN_UTC_OFFSET;    /* local seconds */
	int64_t left = (int64_t)hours * 3600;
	for (int64_t d = vn_day_of(from_utc); d <= cal->last_day; d++) {
		if (bit_get(cal, d))
			continue;
		for (int w = 0; w < 2; w++) {
			int64_t a = d * 86400 + window[w][0];
			int64_t b = d * 86400 + window[w][1];
			int64_t s = t > a ? t : a;
			if (s >= b)
				continue;
			if (left <= b - s) {
				*due_utc = s + left - VN_UTC_OFFSET;
				return 0;
			}
			left -= b - s;
		}
	}
	return -1;
}

int calendar_working_days_between(const struct calendar *cal, int64_t from_day,
				  int64_t to_day)
{
	if (!in_range(cal, from_day) || !in_range(cal, to_day))
		return -1;
	int n = 0;
	for (int64_t d = from_day + 1; d <= to_day; d++)
		n += !bit_get(cal, d);
	return n;
}
