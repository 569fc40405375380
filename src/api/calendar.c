/*
 * calendar.c - GET /api/v1/calendar/{year} (the year's days off as the
 * deadline rules count them) and GET /api/v1/calendar/due (a due date).
 */
#include "api.h"
#include "core/calendar.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "web/web.h"

static json_t *day_list(const struct cal_day *d, size_t n)
{
	json_t *a = json_array();
	char ymd[11];
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "date", fmt_ymd(d[i].day, ymd), "name",
						   d[i].name ? d[i].name : ""));
	return a;
}

int api_calendar_year(struct request *req)
{
	long year;
	struct cal_year y;
	if (parse_long_str(req_arg(req, "year"), CAL_YEAR_MIN, CAL_YEAR_MAX, &year) < 0)
		return http_error(req, 404, "not_found", "the year must be a number between 1970 and 2199");
	if (calendar_year(web_state.cal, (int)year, &y) < 0)
		return http_error(req, 404, "not_found", NULL);
	char tet[11], hung[11];
	return http_json(req, 200, json_pack("{s:i, s:s, s:s, s:b, s:o, s:o}", "year", (int)year,
					     "lunar_new_year", fmt_ymd(y.lunar_new_year, tet),
					     "hung_kings", fmt_ymd(y.hung_kings, hung),
					     "announced", y.announced,
					     "days_off", day_list(y.days_off, y.ndays_off),
					     "working_days_swapped", day_list(y.working, y.nworking)));
}

int api_calendar_due(struct request *req)
{
	const char *from = req_query(req, "from");
	const char *amount_s = req_query(req, "amount");
	const char *unit = req_query(req, "unit");
	json_t *errors = json_object();
	long amount = 0;
	enum cal_unit u = CAL_WORKING_DAY;
	if (!unit || !strcmp(unit, "working_day"))
		u = CAL_WORKING_DAY;
	else if (!strcmp(unit, "calendar_day"))
		u = CAL_CALENDAR_DAY;
	else if (!strcmp(unit, "working_hour"))
		u = CAL_WORKING_HOUR;
	else
		json_object_set_new(errors, "unit", json_string("must be working_day, calendar_day or working_hour"));
	if (!amount_s || parse_long_str(amount_s, 0, CAL_AMOUNT_MAX, &amount) < 0)
		json_object_set_new(errors, "amount", json_string("must be a whole number from 0 to 3650"));
	int64_t day = 0, instant = 0;
	if (u == CAL_WORKING_HOUR) {
		/* YYYY-MM-DDTHH:MM[:SS] in Vietnam time, optionally with +07:00 */
		char d[11];
		uint64_t hh, mm, ss = 0;
		const char *p = from ? from + 11 : NULL;
		int ok = from && strlen(from) >= 16 && from[10] == 'T';
		if (ok) {
			memcpy(d, from, 10);
			d[10] = '\0';
			ok = parse_date(d, &day) == 0 && parse_uint(&p, NULL, &hh, 23) == 0 && *p++ == ':' &&
			     parse_uint(&p, NULL, &mm, 59) == 0;
			if (ok && *p == ':') {
				p++;
				ok = parse_uint(&p, NULL, &ss, 59) == 0;
			}
			if (ok && *p && strcmp(p, "+07:00"))
				ok = 0;
		}
		if (!ok)
			json_object_set_new(errors, "from", json_string("must be YYYY-MM-DDTHH:MM in Vietnam time"));
		else
			instant = vn_day_start(day) + (int64_t)(hh * 3600 + mm * 60 + ss);
	} else if (!from || parse_date(from, &day) < 0) {
		json_object_set_new(errors, "from", json_string("must be a date YYYY-MM-DD"));
	}
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "check the query parameters", errors);
	json_decref(errors);
	if (u == CAL_WORKING_HOUR) {
		int64_t due;
		char iso[26];
		if (calendar_due_hours(web_state.cal, instant, (int)amount, &due) < 0)
			return http_error(req, 422, "validation_failed", "the period leaves the supported years");
		return http_json(req, 200, json_pack("{s:s}", "due", fmt_iso8601_vn(due, iso)));
	}
	int64_t due;
	char ymd[11];
	if (calendar_due_day(web_state.cal, day, (int)amount, u, &due) < 0)
		return http_error(req, 422, "validation_failed", "the period leaves the supported years");
	return http_json(req, 200, json_pack("{s:s}", "due", fmt_ymd(due, ymd)));
}
