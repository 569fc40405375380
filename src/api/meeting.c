/*
 * meeting.c - the JSON API of meetings (/api/v1/meetings...): planning a
 * meeting, the list and one meeting as the caller may see them, the
 * workflow events, recording petitions, and the iCalendar feed of a
 * unit's public meetings (libical). Shapes and errors are in API.md.
 */
#include <libical/ical.h>
#include <string.h>

#include "api.h"
#include "app/meeting.h"
#include "app/result.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"
#include "web/view.h"
#include "web/view_meeting.h"
#include "web/web.h"

#define TZID "Asia/Ho_Chi_Minh"

static int fail(struct request *req, int rc, const struct app_errors *errs)
{
	return api_fail(req, rc, errs, NULL);
}

/* A time member: 0 when absent (the app reports it missing), else parsed
 * or an error for `key`. */
static int64_t time_member(json_t *in, const char *key, json_t *errors)
{
	json_t *v = json_object_get(in, key);
	int64_t t = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || meeting_time_parse(json_string_value(v), &t) < 0) {
		json_object_set_new(errors, key, json_string("thời gian ISO 8601, ví dụ 2026-08-30T14:00:00+07:00"));
		return 0;
	}
	return t;
}

/* An integer member in [lo, hi]: *has 1 with *out, or an error. */
static void int_member(json_t *in, const char *key, int64_t lo, int64_t hi, json_t *errors, int *has, int64_t *out)
{
	json_t *v = json_object_get(in, key);
	*has = 0;
	if (!v || json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		json_object_set_new(errors, key, json_sprintf("phải là số nguyên từ %lld đến %lld", (long long)lo,
							      (long long)hi));
		return;
	}
	*has = 1;
	*out = json_integer_value(v);
}

static int answer_meeting(struct request *req, const struct app_ctx *ctx, const char *id, int status)
{
	struct meeting_view v;
	int rc = meeting_get_view(ctx, id, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	if (status == 201) {
		char loc[64];
		snprintf(loc, sizeof(loc), "/api/v1/meetings/%s", id);
		http_header(req, "Location", loc);
	}
	if (v.officer || !v.m.public)
		http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, status, view_meeting_item(&v, VIEW_API));
}

/* --- POST /api/v1/meetings ------------------------------------------------------- */

int api_meeting_create(struct request *req)
{
	static const char *const allowed[] = { "kind", "title", "unit", "starts_at", "ends_at", "place",
					       "online_url", "hosts", "public", "capacity", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct meeting_input mi = { 0 };
	mi.kind = api_str(in, "kind", errors);
	mi.title = api_str(in, "title", errors);
	mi.unit = api_str(in, "unit", errors);
	mi.place = api_str(in, "place", errors);
	mi.online_url = api_str(in, "online_url", errors);
	mi.starts_at = time_member(in, "starts_at", errors);
	mi.ends_at = time_member(in, "ends_at", errors);
	json_t *pub = json_object_get(in, "public");
	if (pub && !json_is_null(pub) && !json_is_boolean(pub))
		json_object_set_new(errors, "public", json_string("phải là true hoặc false"));
	mi.is_internal = json_is_false(pub);
	int has = 0;
	int_member(in, "capacity", 1, 100000, errors, &has, &mi.capacity);
	json_t *hosts = json_object_get(in, "hosts");
	const char *names[MEETING_HOSTS_MAX + 1];
	if (hosts && !json_is_null(hosts)) {
		if (!json_is_array(hosts)) {
			json_object_set_new(errors, "hosts", json_string("phải là một danh sách tên"));
		} else {
			size_t i;
			json_t *h;
			json_array_foreach(hosts, i, h) {
				if (!json_is_string(h)) {
					json_object_set_new(errors, "hosts", json_string("phải là một danh sách tên"));
					break;
				}
				if (i <= MEETING_HOSTS_MAX)
					names[mi.nhosts++] = json_string_value(h);
			}
			mi.hosts = names;
		}
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	int64_t id = 0;
	int rc = meeting_create(&ctx, &mi, &id, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	char ids[AUDIT_ID_CHARS];
	return answer_meeting(req, &ctx, audit_id(id, ids), 201);
}

/* --- GET /api/v1/meetings ---------------------------------------------------------- */

struct list_params {
	const char *unit, *kind, *from, *to, *q, *status;
	int64_t page, per_page;
};

static const struct param list_tab[] = {
	PARAM_PAGE_AT(struct list_params, page),
	PARAM_INT_AT(struct list_params, per_page, "per_page", 1, MEETING_PER_PAGE_MAX, 20),
	PARAM_TEXT_AT(struct list_params, unit, "unit", 0),
	PARAM_TEXT_AT(struct list_params, kind, "kind", 0),
	PARAM_TEXT_AT(struct list_params, from, "from", 0),
	PARAM_TEXT_AT(struct list_params, to, "to", 0),
	PARAM_TEXT_AT(struct list_params, status, "status", 0), /* emulation: "held" */
	PARAM_TEXT_AT(struct list_params, q, "q", 1000),
};

/* A date ("2026-08-30": that day's start in Vietnam) or a time. */
static int bound(const char *s, int64_t *out)
{
	int64_t day;
	if (!s || !*s) {
		*out = 0;
		return 0;
	}
	if (strlen(s) == 10 && parse_date(s, &day) == 0) {
		*out = vn_day_start(day);
		return 0;
	}
	return meeting_time_parse(s, out);
}

int api_meeting_list(struct request *req)
{
	struct list_params p = { 0 };
	json_t *errors = json_object();
	if (params_from_query(req, list_tab, PARAMS_COUNT(list_tab), PARAMS_STRICT, &p, errors) < 0) {
		json_decref(errors);
		return -1;
	}
	struct meeting_filter f = { .unit = p.unit, .kind = p.kind, .q = p.q, .page = p.page, .per_page = p.per_page };
	if (p.kind && *p.kind && meeting_kind_valid(p.kind) < 0)
		json_object_set_new(errors, "kind", json_string("voter_contact, dialogue, reception hoặc conference"));
	if (bound(p.from, &f.from) < 0)
		json_object_set_new(errors, "from", json_string("ngày YYYY-MM-DD hoặc thời gian ISO 8601"));
	if (bound(p.to, &f.to) < 0)
		json_object_set_new(errors, "to", json_string("ngày YYYY-MM-DD hoặc thời gian ISO 8601"));
	if (p.status && *p.status && strcmp(p.status, "held"))
		json_object_set_new(errors, "status", json_string("held"));
	f.held = p.status && *p.status;
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct meeting_page pg;
	int rc = meeting_list(&ctx, &f, &pg);
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, view_meeting_summary(&pg.items[i], VIEW_API));
	if (req->session)
		http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)pg.page,
					  "per_page", (json_int_t)pg.per_page, "total", (json_int_t)pg.total));
}

/* --- GET /api/v1/meetings/{id} ------------------------------------------------------ */

int api_meeting_get(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	return answer_meeting(req, &ctx, req_arg(req, "id"), 200);
}

/* --- POST /api/v1/meetings/{id}/events ----------------------------------------------- */

int api_meeting_event(struct request *req)
{
	static const char *const allowed[] = { "type", "attendance", "text", "reason", "starts_at", "ends_at", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct meeting_action a = { 0 };
	const char *type = api_str(in, "type", errors);
	const char *text = api_str(in, "text", errors);
	const char *reason = api_str(in, "reason", errors);
	a.text = text ? text : reason;
	a.starts_at = time_member(in, "starts_at", errors);
	a.ends_at = time_member(in, "ends_at", errors);
	int_member(in, "attendance", 0, 1000000, errors, &a.has_attendance, &a.attendance);
	a.type = type ? wf_event_parse(&meeting_domain, type) : -1;
	if (!type && !json_object_get(errors, "type"))
		json_object_set_new(errors, "type", json_string("Vui lòng nêu loại thao tác."));
	else if (type && a.type < 0)
		json_object_set_new(errors, "type", json_string("Loại thao tác không hợp lệ."));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	const char *id = req_arg(req, "id");
	int rc = meeting_apply_event(&ctx, id, &a, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	return answer_meeting(req, &ctx, id, 200);
}

/* --- POST /api/v1/meetings/{id}/petitions ---------------------------------------------- */

int api_meeting_petition(struct request *req)
{
	static const char *const allowed[] = { "title", "body", "category", "place", "lat", "lon", "public",
					       "contact", "speaker", NULL };
	static const char *const speaker_keys[] = { "name", "phone", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct feedback_input fi;
	memset(&fi, 0, sizeof(fi));
	api_feedback_fields(in, &fi, errors);
	json_t *speaker = api_sub_object(in, "speaker", speaker_keys, errors);
	if (speaker) {
		/* the speaker is the item's sender */
		fi.contact_name = json_string_value(json_object_get(speaker, "name"));
		if (!fi.contact_name && !json_object_get(errors, "speaker.name"))
			json_object_set_new(errors, "speaker.name", json_string("Vui lòng nhập họ tên người phát biểu."));
		if (json_string_value(json_object_get(speaker, "phone")))
			fi.contact_phone = json_string_value(json_object_get(speaker, "phone"));
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	char codes[1][TRACKCODE_BUFSZ] = { "" };
	int rc = meeting_add_petitions(&ctx, req_arg(req, "id"), &fi, 1, 0, codes, &errs);
	if (rc < 0) {
		/* the item's contact is the speaker here */
		struct app_errors e = { 0 };
		for (size_t i = 0; i < errs.n; i++) {
			const char *f = errs.items[i].field;
			if (speaker && !strcmp(f, "contact.name"))
				f = "speaker.name";
			else if (speaker && !strcmp(f, "contact.phone"))
				f = "speaker.phone";
			app_errors_add(&e, f, errs.items[i].message);
		}
		return fail(req, rc, &e);
	}
	char loc[64];
	snprintf(loc, sizeof(loc), "/api/v1/feedback/%s", codes[0]);
	http_header(req, "Location", loc);
	return api_ok(req, 201, json_pack("{s:s, s:s}", "code", codes[0], "status", "received"));
}

/* --- GET /api/v1/meetings.ics?unit=CODE ------------------------------------------------- */

/* "http://HOST" from the Host header when it looks like a host name, else "". */
static const char *origin(struct request *req)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		     *p == '-' || *p == ':' || *p == '[' || *p == ']';
	if (!ok)
		return "";
	return arena_printf(req->arena, "%s://%s", web_state.secure_cookies ? "https" : "http", host);
}

/* A local (Asia/Ho_Chi_Minh) date-time property value. */
static struct icaltimetype local_time(int64_t utc)
{
	struct civil c;
	time_to_vn(utc, &c);
	struct icaltimetype t = icaltime_null_time();
	t.year = c.year;
	t.month = c.month;
	t.day = c.day;
	t.hour = c.hour;
	t.minute = c.minute;
	t.second = c.second;
	t.is_date = 0;
	return t;
}

static icalproperty *with_tz(icalproperty *p)
{
	icalproperty_add_parameter(p, icalparameter_new_tzid(TZID));
	return p;
}

/* The fixed +07:00 zone, so that every reader knows TZID without a tz database. */
static icalcomponent *vtimezone(void)
{
	icalcomponent *tz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
	icalcomponent *std = icalcomponent_new(ICAL_XSTANDARD_COMPONENT);
	icalcomponent_add_property(tz, icalproperty_new_tzid(TZID));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetfrom(7 * 3600));
	icalcomponent_add_property(std, icalproperty_new_tzoffsetto(7 * 3600));
	icalcomponent_add_property(std, icalproperty_new_tzname("+07"));
	struct icaltimetype t0 = icaltime_null_time();
	t0.year = 1975;
	t0.month = 6;
	t0.day = 13;
	icalcomponent_add_property(std, icalproperty_new_dtstart(t0));
	icalcomponent_add_component(tz, std);
	return tz;
}

static icalcomponent *vevent(struct request *req, const struct meeting_row *m, const char *base, const char *host)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	const char *uid = arena_printf(req->arena, "meeting-%lld@%s", (long long)m->id, *host ? host : "danvan");
	const char *url = arena_printf(req->arena, "%s/hoi-nghi/%lld", base, (long long)m->id);
	if (!uid || !url) {
		icalcomponent_free(ev);
		return NULL;
	}
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		icaltime_from_timet_with_zone((time_t)m->updated_at, 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, with_tz(icalproperty_new_dtstart(local_time(m->starts_at))));
	icalcomponent_add_property(ev, with_tz(icalproperty_new_dtend(local_time(m->ends_at))));
	icalcomponent_add_property(ev, icalproperty_new_summary(m->title));
	if (m->place && *m->place)
		icalcomponent_add_property(ev, icalproperty_new_location(m->place));
	icalcomponent_add_property(ev, icalproperty_new_url(url));
	const char *desc = arena_printf(req->arena, "%s – %s%s%s", meeting_kind_label(m->kind), m->unit_name,
					m->postponed_from ? "\nĐã hoãn: " : "",
					m->postponed_from && m->postpone_reason ? m->postpone_reason : "");
	if (desc)
		icalcomponent_add_property(ev, icalproperty_new_description(desc));
	icalcomponent_add_property(ev, icalproperty_new_categories(meeting_kind_label(m->kind)));
	icalcomponent_add_property(ev, icalproperty_new_status(!strcmp(m->status, "cancelled") ? ICAL_STATUS_CANCELLED
												: ICAL_STATUS_CONFIRMED));
	return ev;
}

#define ICS_MAX 500            /* events in one feed */
#define ICS_PAST (366 * 86400) /* how far back the feed goes */

int api_meeting_ics(struct request *req)
{
	const char *unit = req_query(req, "unit");
	if (!unit || !*unit)
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.",
					 json_pack("{s:s}", "unit", "Vui lòng nêu mã đơn vị (unit=...)."));
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct unit u;
	int rc = unit_get_by_code(db, req->arena, unit, &u);
	if (rc == DB_NOTFOUND)
		return http_error(req, 404, "not_found", "Không tìm thấy đơn vị.");
	if (rc < 0)
		return http_error(req, 500, NULL, NULL);
	int64_t now = (int64_t)time(NULL);
	struct meeting_query q = { .viewer = 0, .unit = u.code, .from = now - ICS_PAST, .now = now, .limit = ICS_MAX };
	struct meeting_row *items;
	size_t n;
	int64_t total;
	if (meeting_row_list(db, req->arena, &q, &items, &n, &total) < 0)
		return http_error(req, 500, NULL, NULL);
	const char *base = origin(req);
	const char *host = *base ? strstr(base, "://") + 3 : "";
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//danvan//Cong dan van//VI"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	const char *name = arena_printf(req->arena, "Lịch hội nghị – %s", u.name);
	if (name) {
		icalproperty *xn = icalproperty_new_x(name);
		icalproperty_set_x_name(xn, "X-WR-CALNAME");
		icalcomponent_add_property(cal, xn);
	}
	icalcomponent_add_component(cal, vtimezone());
	for (size_t i = 0; i < n; i++) {
		icalcomponent *ev = vevent(req, &items[i], base, host);
		if (!ev) {
			icalcomponent_free(cal);
			return http_error(req, 500, NULL, NULL);
		}
		icalcomponent_add_component(cal, ev);
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!text)
		return http_error(req, 500, NULL, NULL);
	const char *copy = arena_strdup(req->arena, text);
	free(text);
	if (!copy)
		return http_error(req, 500, NULL, NULL);
	http_header(req, "Content-Disposition", "inline; filename=\"hoi-nghi.ics\"");
	return http_bytes(req, 200, "text/calendar; charset=utf-8", copy, strlen(copy));
}
