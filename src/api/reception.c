/*
 * reception.c - the JSON API of citizen reception (/api/v1/reception/...):
 * the public slots, booking without an account, the citizen's status and
 * cancellation with the secret; officers' lists, decisions, the audited
 * contact, petitions turned into feedback items; administrators' rules
 * and the generation of sessions; the monthly count. Shapes in API.md
 * and docs/reception.md.
 */
#include "api.h"
#include "app/reception.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"
#include "web/view_reception.h"
#include "web/web.h"

static int fail(struct request *req, int rc, const struct app_errors *errs)
{
	if (rc == APP_CLOSED)
		return http_error(req, 409, "closed", "Buổi tiếp công dân đã diễn ra hoặc không còn nhận đăng ký.");
	if (rc == APP_FULL)
		return http_error(req, 409, "full", "Buổi tiếp công dân đã hết chỗ.");
	if (rc == APP_INVALID_TRANSITION && errs && errs->n)
		return http_error(req, 409, "invalid_transition", errs->items[0].message);
	return api_fail(req, rc, errs, NULL);
}

/* An integer member: `dflt` when absent or null; an error under `key`
 * when present but not an integer in [min, max]. */
static int64_t int_member(json_t *in, const char *key, int64_t min, int64_t max, int64_t dflt, json_t *errors)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v))
		return dflt;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		json_object_set_new(errors, key, json_sprintf("phải là số nguyên từ %lld đến %lld", (long long)min,
							      (long long)max));
		return dflt;
	}
	return json_integer_value(v);
}

/* "HH:MM" -> minutes, -1 when malformed. */
static int hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

/* --- GET /api/v1/reception/slots ------------------------------------------------ */

int api_reception_slots(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *errors = json_object();
	const char *f = req_query(req, "from"), *t = req_query(req, "to");
	int64_t from = vn_day_of(ctx.now), to = from + 90;
	if (f && parse_date(f, &from) < 0)
		json_object_set_new(errors, "from", json_string("phải là ngày YYYY-MM-DD"));
	if (t && parse_date(t, &to) < 0)
		json_object_set_new(errors, "to", json_string("phải là ngày YYYY-MM-DD"));
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct reception_session *s;
	size_t n;
	struct app_errors errs = { 0 };
	int rc = reception_slots(&ctx, req_query(req, "unit"), vn_day_start(from), vn_day_start(to + 1), &s, &n,
				 &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, view_reception_session(&s[i], VIEW_API));
	return api_ok(req, 200, json_pack("{s:o, s:i, s:i, s:I}", "items", items, "page", 1, "per_page", 200,
					  "total", (json_int_t)n));
}

/* --- POST /api/v1/reception/bookings ---------------------------------------------- */

int api_reception_book(struct request *req)
{
	static const char *const allowed[] = { "meeting", "name", "phone", "subject", "people", "representatives",
					       NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct reception_booking_input bi;
	memset(&bi, 0, sizeof(bi));
	json_t *m = json_object_get(in, "meeting");
	if (json_is_integer(m))
		bi.meeting = arena_printf(req->arena, "%lld", (long long)json_integer_value(m));
	else
		bi.meeting = api_str(in, "meeting", errors);
	bi.name = api_str(in, "name", errors);
	bi.phone = api_str(in, "phone", errors);
	bi.subject = api_str(in, "subject", errors);
	bi.people = int_member(in, "people", 1, RECEPTION_PEOPLE_MAX, 1, errors);
	json_t *reps = json_object_get(in, "representatives");
	if (reps && !json_is_null(reps)) {
		size_t i;
		json_t *v;
		if (!json_is_array(reps))
			json_object_set_new(errors, "representatives", json_string("phải là danh sách tên"));
		json_array_foreach(reps, i, v) {
			if (!json_is_string(v)) {
				json_object_set_new(errors, "representatives", json_string("phải là danh sách tên"));
				break;
			}
			if (bi.nreps < RECEPTION_REPS_MAX)
				bi.reps[bi.nreps++] = json_string_value(v);
			else
				bi.reps_overflow = 1;
		}
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_receipt r;
	struct app_errors errs = { 0 };
	int rc = reception_book(&ctx, &bi, &r, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	char loc[64];
	snprintf(loc, sizeof(loc), "/api/v1/reception/bookings/%s", r.code);
	http_header(req, "Location", loc);
	http_header(req, "Cache-Control", "no-store, private");
	json_t *out = json_pack("{s:s, s:s, s:s, s:I, s:o}", "code", r.code, "secret", r.secret, "status",
				"requested", "people", (json_int_t)r.people, "meeting",
				view_reception_session(&r.session, VIEW_API));
	return api_ok(req, 201, out);
}

/* --- GET /api/v1/reception/bookings/{code} ----------------------------------------- */

int api_reception_booking(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *code = req_arg(req, "code");
	struct reception_booking b;
	http_header(req, "Cache-Control", "no-store, private");
	if (actor.account_id) {
		unsigned roles;
		int rc = reception_get_officer(&ctx, code, &b, &roles);
		if (rc == APP_OK)
			return api_ok(req, 200, view_reception_booking(&ctx, &b, VIEW_API, 1));
		if (rc != APP_NOT_FOUND)
			return fail(req, rc, NULL);
	}
	int rc = reception_get_public(&ctx, code, req_query(req, "secret"), &b);
	if (rc < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 200, view_reception_booking(&ctx, &b, VIEW_API, 0));
}

/* --- POST /api/v1/reception/bookings/{code}/cancel ------------------------------------ */

int api_reception_cancel(struct request *req)
{
	static const char *const allowed[] = { "secret", NULL };
	const char *val[1];
	if (!api_strings(req, allowed, val))
		return 0;
	const char *secret = val[0];
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int rc = reception_cancel_public(&ctx, req_arg(req, "code"), secret);
	if (rc < 0)
		return fail(req, rc, NULL);
	struct reception_booking b;
	if (reception_get_public(&ctx, req_arg(req, "code"), secret, &b) < 0)
		return http_error(req, 500, NULL, NULL);
	return api_ok(req, 200, view_reception_booking(&ctx, &b, VIEW_API, 0));
}

/* --- officers ------------------------------------------------------------------------ */

/* GET /api/v1/reception/bookings?meeting=&from= */
int api_reception_bookings(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *errors = json_object();
	const char *ms = req_query(req, "meeting"), *f = req_query(req, "from");
	int64_t meeting = 0, from = vn_day_of(ctx.now) - 31;
	if (ms) {
		char *end = NULL;
		long long v = strtoll(ms, &end, 10);
		if (!*ms || *end || v <= 0)
			json_object_set_new(errors, "meeting", json_string("phải là mã số buổi tiếp"));
		else
			meeting = v;
	}
	if (f && parse_date(f, &from) < 0)
		json_object_set_new(errors, "from", json_string("phải là ngày YYYY-MM-DD"));
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct reception_booking *b;
	size_t n;
	int rc = reception_officer_bookings(&ctx, meeting, vn_day_start(from), &b, &n);
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, view_reception_booking(&ctx, &b[i], VIEW_API, 1));
	return api_ok(req, 200, json_pack("{s:o, s:i, s:i, s:I}", "items", items, "page", 1, "per_page", 500,
					  "total", (json_int_t)n));
}

/* POST /api/v1/reception/bookings/{code}/events {type, reason?} */
int api_reception_event(struct request *req)
{
	static const char *const allowed[] = { "type", "reason", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	const char *type = api_str(in, "type", errors);
	const char *reason = api_str(in, "reason", errors);
	int ev = reception_event_parse(type);
	if (ev < 0 && !json_object_get(errors, "type"))
		json_object_set_new(errors, "type", json_string("phải là confirm, refuse, held, no_show hoặc cancel"));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	int rc = reception_apply(&ctx, req_arg(req, "code"), ev, reason, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct reception_booking b;
	unsigned roles;
	if (reception_get_officer(&ctx, req_arg(req, "code"), &b, &roles) < 0)
		return http_error(req, 500, NULL, NULL);
	return api_ok(req, 200, view_reception_booking(&ctx, &b, VIEW_API, 1));
}

/* GET /api/v1/reception/bookings/{code}/contact */
int api_reception_contact(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_contact c;
	int rc = reception_contact(&ctx, req_arg(req, "code"), &c);
	if (rc < 0)
		return fail(req, rc, NULL);
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, view_reception_contact(&c));
}

/* POST /api/v1/reception/bookings/{code}/petitions {title, body, category} */
int api_reception_petition(struct request *req)
{
	static const char *const allowed[] = { "title", "body", "category", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct feedback_input fi;
	memset(&fi, 0, sizeof(fi));
	api_feedback_fields(in, &fi, errors);
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct feedback_receipt r;
	struct app_errors errs = { 0 };
	int rc = reception_petition(&ctx, req_arg(req, "code"), &fi, &r, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *out = json_pack("{s:s, s:s, s:s}", "code", r.code, "status", "received", "booking",
				req_arg(req, "code"));
	view_set_time(out, "due_at", r.due_at, VIEW_API);
	return api_ok(req, 201, out);
}

/* --- administrators ------------------------------------------------------------------ */

static json_t *rule_json(const struct reception_rule *r)
{
	json_t *weeks = json_array();
	for (int i = 0; i < 5; i++)
		if (r->weeks & (1u << i))
			json_array_append_new(weeks, json_integer(i + 1));
	json_t *o = json_pack("{s:s, s:{s:s, s:s}, s:s, s:i, s:o, s:s, s:s, s:s, s:I}", "id", "", "unit", "code",
			      r->unit_code, "name", r->unit_name, "host", r->host, "weekday", r->weekday, "weeks",
			      weeks, "start", "", "end", "", "place", r->place, "capacity", (json_int_t)r->capacity);
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_sprintf("%lld", (long long)r->id));
	json_object_set_new(o, "start", json_sprintf("%02d:%02d", r->start_minute / 60, r->start_minute % 60));
	json_object_set_new(o, "end", json_sprintf("%02d:%02d", r->end_minute / 60, r->end_minute % 60));
	return o;
}

/* POST /api/v1/reception/rules */
int api_reception_rule_create(struct request *req)
{
	static const char *const allowed[] = { "unit", "host", "weekday", "weeks", "start", "end", "place",
					       "capacity", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct reception_rule_input ri;
	memset(&ri, 0, sizeof(ri));
	ri.unit = api_str(in, "unit", errors);
	ri.host = api_str(in, "host", errors);
	ri.place = api_str(in, "place", errors);
	ri.weekday = (int)int_member(in, "weekday", 1, 7, 0, errors);
	ri.capacity = int_member(in, "capacity", 1, RECEPTION_CAPACITY_MAX, 0, errors);
	json_t *w = json_object_get(in, "weeks");
	size_t i;
	json_t *v;
	if (!json_is_array(w) || !json_array_size(w))
		json_object_set_new(errors, "weeks", json_string("phải là danh sách các tuần trong tháng, từ 1 đến 5"));
	json_array_foreach(w, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
			json_object_set_new(errors, "weeks", json_string("phải là danh sách các tuần trong tháng, từ 1 đến 5"));
			break;
		}
		ri.weeks |= 1u << (json_integer_value(v) - 1);
	}
	const char *s = api_str(in, "start", errors), *e = api_str(in, "end", errors);
	ri.start_minute = hhmm(s);
	ri.end_minute = hhmm(e);
	if (ri.start_minute < 0 && !json_object_get(errors, "start"))
		json_object_set_new(errors, "start", json_string("phải là giờ HH:MM"));
	if (ri.end_minute < 0 && !json_object_get(errors, "end"))
		json_object_set_new(errors, "end", json_string("phải là giờ HH:MM"));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	int64_t id;
	int rc = reception_rule_create(&ctx, &ri, &id, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct reception_rule r;
	if (reception_rule_get(ctx.db, req->arena, id, &r) != DB_OK)
		return http_error(req, 500, NULL, NULL);
	return api_ok(req, 201, rule_json(&r));
}

/* GET /api/v1/reception/rules */
int api_reception_rules(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_rule *r;
	size_t n;
	if (reception_rules(&ctx, &r, &n) < 0)
		return http_error(req, 500, NULL, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, rule_json(&r[i]));
	return api_ok(req, 200, json_pack("{s:o, s:i, s:i, s:I}", "items", items, "page", 1, "per_page", 500,
					  "total", (json_int_t)n));
}

/* POST /api/v1/reception/rules/{id}/generate {from, to} */
int api_reception_generate(struct request *req)
{
	static const char *const allowed[] = { "from", "to", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	const char *f = api_str(in, "from", errors), *t = api_str(in, "to", errors);
	int64_t from = 0, to = 0;
	if (!json_object_get(errors, "from") && (!f || parse_date(f, &from) < 0))
		json_object_set_new(errors, "from", json_string("phải là ngày YYYY-MM-DD"));
	if (!json_object_get(errors, "to") && (!t || parse_date(t, &to) < 0))
		json_object_set_new(errors, "to", json_string("phải là ngày YYYY-MM-DD"));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	const char *ids = req_arg(req, "id");
	char *end = NULL;
	long long id = ids ? strtoll(ids, &end, 10) : 0;
	if (!ids || !*ids || *end || id <= 0)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_generated g;
	struct app_errors errs = { 0 };
	int rc = reception_generate(&ctx, id, from, to, &g, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *skipped = json_array();
	char ymd[11];
	for (size_t i = 0; i < g.nskipped; i++)
		json_array_append_new(skipped, json_string(fmt_ymd(g.skipped[i], ymd)));
	return api_ok(req, 200, json_pack("{s:i, s:i, s:i, s:i, s:o}", "created", g.created, "existing", g.existing,
					  "days_off", g.days_off, "outside_unit", g.outside_unit, "skipped", skipped));
}

/* GET /api/v1/reception/summary?unit=&month=YYYY-MM */
int api_reception_summary(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *code = req_query(req, "unit"), *month = req_query(req, "month");
	struct civil c;
	time_to_vn(ctx.now, &c);
	int y = c.year, m = c.month;
	json_t *errors = json_object();
	if (month) {
		int64_t d;
		char buf[16];
		if (strlen(month) != 7 || snprintf(buf, sizeof(buf), "%s-01", month) >= (int)sizeof(buf) ||
		    parse_date(buf, &d) < 0)
			json_object_set_new(errors, "month", json_string("phải là tháng YYYY-MM"));
		else
			civil_from_days(d, &y, &m, &(int){ 0 });
	}
	struct unit u;
	if (!code || unit_get_by_code(ctx.db, req->arena, code, &u) != DB_OK)
		json_object_set_new(errors, "unit", json_string("không tìm thấy đơn vị"));
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct reception_month s;
	if (reception_month_summary(&ctx, u.id, y, m, &s) < 0)
		return http_error(req, 500, NULL, NULL);
	json_t *days = json_array();
	char ymd[11];
	for (size_t i = 0; i < s.ndays; i++)
		json_array_append_new(days, json_string(fmt_ymd(s.days[i], ymd)));
	json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:o}", "unit", s.unit_code, "month", "", "held", s.held, "required",
			      s.required, "days", days);
	json_object_set_new(o, "month", json_sprintf("%04d-%02d", y, m));
	if (s.per)
		json_object_set_new(o, "rule", json_pack("{s:I, s:s, s:s}", "amount", (json_int_t)s.amount, "unit",
							 s.per, "legal_basis", s.legal_basis));
	return api_ok(req, 200, o);
}
