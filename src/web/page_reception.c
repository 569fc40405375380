/*
 * page_reception.c - the pages of citizen reception: /tiep-cong-dan (the
 * upcoming sessions by unit with the places left, the booking form, the
 * receipt with code, secret and QR code, looking a booking up and
 * cancelling it), and /quan-ly/tiep-cong-dan (the officers' sessions and
 * bookings, decisions, the audited contact, petitions turned into feedback
 * items, the administrators' rules and generation, the monthly count).
 */
#include "pages.h"
#include "app/reception.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/db.h"
#include "web/qr.h"
#include "web/view_feedback.h"
#include "web/view_reception.h"
#include "web/web.h"

static const char *const weekday_names[8] = { "", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
					      "Thứ Sáu", "Thứ Bảy", "Chủ nhật" };

/* "Thứ Năm 10/12/2026, 08:00–11:00" */
static const char *session_when(struct request *req, const struct reception_session *s)
{
	struct civil a, b;
	time_to_vn(s->starts_at, &a);
	time_to_vn(s->ends_at, &b);
	int wd = a.wday == 0 ? 7 : a.wday;
	return arena_printf(req->arena, "%s %02d/%02d/%04d, %02d:%02d–%02d:%02d", weekday_names[wd], a.day, a.month,
			    a.year, a.hour, a.minute, b.hour, b.minute);
}

/* The page JSON of a session, with its `when` and places left. */
static json_t *session_page(struct request *req, const struct reception_session *s, const char *selected)
{
	json_t *o = view_reception_session(s, VIEW_PAGE);
	if (!o)
		return NULL;
	view_set_str(o, "when", session_when(req, s));
	json_t *left = json_object_get(o, "places_left");
	json_object_set_new(o, "full", json_boolean(left && json_integer_value(left) == 0));
	json_object_set_new(o, "selected", json_boolean(selected && !strcmp(json_string_value(json_object_get(o, "id")),
									  selected)));
	return o;
}

/* --- the public page --------------------------------------------------------------- */

static json_t *field(const char *name, const char *label, const char *value, json_t *e, int required,
		     const char *help)
{
	json_t *x = view_form_field(name, label, value, e);
	if (required)
		json_object_set_new(x, "required", json_true());
	if (help)
		json_object_set_new(x, "help", json_string(help));
	return x;
}

/* The public page: sessions by unit, the booking form (with errors), the lookup. */
static int public_page(struct request *req, int status, json_t *list, json_t *e)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(list);
		json_decref(e);
		return 0;
	}
	if (!e)
		e = json_object();
	const char *chosen = view_form(req, "meeting");
	if (!*chosen && req_query(req, "buoi"))
		chosen = req_query(req, "buoi");
	struct reception_session *s;
	size_t n;
	struct app_errors errs = { 0 };
	int rc = reception_slots(&ctx, NULL, ctx.now, ctx.now + 120 * 86400, &s, &n, &errs);
	if (rc < 0) {
		json_decref(list);
		json_decref(e);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_t *units = json_array(), *options = json_array();
	json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", "", "label", "— Chọn buổi tiếp —",
						 "selected", !*chosen));
	json_t *cur = NULL;
	int64_t cur_unit = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *o = session_page(req, &s[i], chosen);
		if (!o)
			continue;
		if (!cur || s[i].unit_id != cur_unit) {
			cur = json_array();
			cur_unit = s[i].unit_id;
			json_array_append_new(units, json_pack("{s:s, s:s, s:o}", "code", s[i].unit_code, "name",
							       s[i].unit_name, "sessions", cur));
		}
		int full = json_is_true(json_object_get(o, "full"));
		const char *label = arena_printf(req->arena, "%s – %s (%s)", session_when(req, &s[i]), s[i].unit_name,
						 full ? "hết chỗ"
						      : arena_printf(req->arena, "còn %lld chỗ",
								     (long long)json_integer_value(
									     json_object_get(o, "places_left"))));
		json_array_append_new(options, json_pack("{s:O, s:s, s:O}", "value", json_object_get(o, "id"), "label",
							 label ? label : "", "selected", json_object_get(o, "selected")));
		json_array_append(cur, o);
		json_decref(o);
	}
	json_t *f = json_object();
	json_t *x = field("meeting", "Buổi tiếp công dân", NULL, e, 1,
			  "Chọn ngày, giờ và nơi tiếp. Số chỗ còn lại ghi trong ngoặc.");
	json_object_set_new(x, "options", options);
	json_object_set_new(f, "meeting", x);
	x = field("name", "Họ và tên", view_form(req, "name"), e, 1, NULL);
	json_object_set_new(x, "autocomplete", json_string("name"));
	json_object_set_new(x, "maxlength", json_integer(RECEPTION_NAME_MAX));
	json_object_set_new(f, "name", x);
	x = field("phone", "Số điện thoại", view_form(req, "phone"), e, 1,
		  "Để cơ quan báo lịch tiếp hoặc lý do từ chối, ví dụ 0912 345 678.");
	json_object_set_new(x, "type", json_string("tel"));
	json_object_set_new(x, "autocomplete", json_string("tel"));
	json_object_set_new(x, "inputmode", json_string("tel"));
	json_object_set_new(f, "phone", x);
	x = field("subject", "Nội dung cần trình bày", view_form(req, "subject"), e, 1,
		  "Tóm tắt việc bạn muốn khiếu nại, tố cáo, kiến nghị hoặc phản ánh.");
	json_object_set_new(x, "multiline", json_true());
	json_object_set_new(x, "rows", json_integer(5));
	json_object_set_new(x, "maxlength", json_integer(RECEPTION_SUBJECT_MAX));
	json_object_set_new(f, "subject", x);
	const char *people = view_form(req, "people");
	x = field("people", "Số người cùng đến", *people ? people : "1", e, 1,
		  "Nhóm từ 5 người trở lên cần cử người đại diện.");
	json_object_set_new(x, "type", json_string("number"));
	json_object_set_new(x, "inputmode", json_string("numeric"));
	json_object_set_new(f, "people", x);
	x = field("representatives", "Người đại diện của nhóm", view_form(req, "representatives"), e, 0,
		  "Mỗi dòng một họ tên. Nhóm 5–10 người cử 1–2 người, nhóm trên 10 người cử không quá 5 người.");
	json_object_set_new(x, "multiline", json_true());
	json_object_set_new(x, "rows", json_integer(3));
	json_object_set_new(f, "representatives", x);
	json_decref(e);
	json_t *d = json_pack("{s:o, s:o, s:o, s:b, s:{s:b}}", "units", units, "form", f, "errors",
			      list ? list : json_array(), "any", n > 0, "nav", "tiep_cong_dan", 1);
	/* an anonymous POST form: the double-submit token (web/web.h) */
	if (d && n)
		view_set_str(d, "csrf", web_csrf(req));
	return web_page(req, status, "tiep-cong-dan/index", d);
}

int page_reception(struct request *req)
{
	return public_page(req, 200, NULL, NULL);
}

/* The tracking link of a booking (QR code), from the Host header when it
 * looks like a host name, else the path alone. */
static const char *booking_link(struct request *req, const char *code, const char *secret)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']';
	if (ok)
		return arena_printf(req->arena, "%s://%s/tiep-cong-dan/tra-cuu?code=%s&secret=%s",
				    web_state.secure_cookies ? "https" : "http", host, code, secret);
	return arena_printf(req->arena, "/tiep-cong-dan/tra-cuu?code=%s&secret=%s", code, secret);
}

static int receipt(struct request *req, const struct reception_receipt *r)
{
	const char *link = booking_link(req, r->code, r->secret);
	struct sbuf *svg = arena_sbuf(req->arena, 64 * 1024);
	const char *label = arena_printf(req->arena, "Mã QR mở trang theo dõi lịch tiếp %s", r->code);
	if (!link || !svg || !label)
		return http_error(req, 500, NULL, NULL);
	int have_qr = qr_svg(svg, link, 200, label, "qr-lich-tiep") == 0;
	char grouped[TRACKCODE_SECRET_BUFSZ + TRACKCODE_SECRET_BUFSZ / 4 + 1];
	size_t j = 0;
	for (size_t i = 0; r->secret[i] && j + 2 < sizeof(grouped); i++) {
		if (i && i % 4 == 0)
			grouped[j++] = ' ';
		grouped[j++] = r->secret[i];
	}
	grouped[j] = 0;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:{s:b}}", "code", r->code, "secret",
			      r->secret, "secret_display", grouped, "link", link, "when",
			      session_when(req, &r->session), "unit_name", r->session.unit_name, "place",
			      r->session.place, "people", (json_int_t)r->people, "nav", "tiep_cong_dan", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	json_object_set_new(d, "path", json_sprintf("/tiep-cong-dan/tra-cuu?code=%s&secret=%s", r->code, r->secret));
	if (have_qr)
		view_set_str(d, "qr", svg->buf);
	http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, 201, "tiep-cong-dan/bien-nhan", d);
}

int page_reception_book(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	/* the public form is the citizens' even when an officer is logged in */
	actor.account_id = 0;
	actor.name = "citizen";
	struct reception_booking_input in;
	memset(&in, 0, sizeof(in));
	in.meeting = view_form(req, "meeting");
	in.name = view_form(req, "name");
	in.phone = view_form(req, "phone");
	in.subject = view_form(req, "subject");
	json_t *own = json_object();
	const char *people = view_form(req, "people");
	char *end = NULL;
	long long p = strtoll(people, &end, 10);
	if (!*people)
		in.people = 1;
	else if (*end || p < 1 || p > RECEPTION_PEOPLE_MAX)
		json_object_set_new(own, "people", json_string("Số người là số từ 1 đến 200."));
	else
		in.people = p;
	char *reps = arena_strdup(req->arena, view_form(req, "representatives"));
	for (char *line = reps, *next; line; line = next) {
		next = strpbrk(line, "\r\n");
		if (next)
			*next++ = '\0';
		if (view_blank(line))
			continue;
		if (in.nreps < RECEPTION_REPS_MAX)
			in.reps[in.nreps++] = line;
		else
			in.reps_overflow = 1;
	}
	struct reception_receipt r;
	struct app_errors errs = { 0 };
	int rc = APP_VALIDATION;
	if (!json_object_size(own))
		rc = reception_book(&ctx, &in, &r, &errs);
	if (rc == APP_OK) {
		json_decref(own);
		return receipt(req, &r);
	}
	int status = 422;
	if (rc == APP_FULL || rc == APP_CLOSED || rc == APP_NOT_FOUND) {
		status = rc == APP_NOT_FOUND ? 422 : 409;
		app_errors_add(&errs, "meeting",
			       rc == APP_FULL ? "Buổi tiếp này đã hết chỗ. Vui lòng chọn buổi khác."
			       : rc == APP_CLOSED ? "Buổi tiếp này đã diễn ra hoặc không còn nhận đăng ký."
						  : "Không tìm thấy buổi tiếp công dân này.");
	} else if (rc != APP_VALIDATION) {
		json_decref(own);
		return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
	}
	json_t *list = json_array(), *by = json_object();
	view_errors(&errs, "", list, by);
	view_merge_errors(own, list, by);
	json_decref(own);
	return public_page(req, status, list, by);
}

/* The status page of a booking, with `message` (may be NULL). */
static int status_page(struct request *req, int status, const char *code, const char *secret, const char *error,
		       const char *message)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *d = json_pack("{s:s, s:s, s:{s:b}}", "code", code ? code : "", "secret", secret ? secret : "", "nav",
			      "tiep_cong_dan", 1);
	struct reception_booking b;
	if (!error && code) {
		int rc = reception_get_public(&ctx, code, secret, &b);
		if (rc == APP_NOT_FOUND) {
			error = "Không tìm thấy lịch đăng ký với mã và mã bí mật này. Vui lòng kiểm tra lại.";
			status = 404;
		} else if (rc < 0) {
			json_decref(d);
			return http_error(req, 500, NULL, NULL);
		} else {
			json_t *bo = view_reception_booking(&ctx, &b, VIEW_PAGE, 0);
			struct reception_session s = { .starts_at = b.starts_at, .ends_at = b.ends_at };
			view_set_str(bo, "when", session_when(req, &s));
			json_object_set_new(bo, "can_cancel",
					    json_boolean((!strcmp(b.status, "requested") || !strcmp(b.status, "confirmed")) &&
							 b.starts_at > ctx.now));
			json_object_set_new(d, "booking", bo);
			if (json_is_true(json_object_get(bo, "can_cancel")))
				view_set_str(d, "csrf", web_csrf(req));
			json_object_set_new(d, "code", json_string(b.code));
			http_header(req, "Cache-Control", "no-store, private");
		}
	}
	view_set_str(d, "error", error);
	view_set_str(d, "message", message);
	return web_page(req, status, "tiep-cong-dan/tra-cuu", d);
}

int page_reception_lookup(struct request *req)
{
	const char *code = req_query(req, "code"), *secret = req_query(req, "secret");
	if (!code)
		return status_page(req, 200, NULL, NULL, NULL, NULL);
	if (view_blank(code) || view_blank(secret))
		return status_page(req, 422, code, secret, "Vui lòng nhập cả mã đăng ký và mã bí mật ghi trên biên nhận.",
				   NULL);
	return status_page(req, 200, code, secret, NULL, NULL);
}

int page_reception_cancel(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	actor.account_id = 0;
	actor.name = "citizen";
	const char *code = view_form(req, "code"), *secret = view_form(req, "secret");
	int rc = reception_cancel_public(&ctx, code, secret);
	if (rc == APP_OK)
		return status_page(req, 200, code, secret, NULL, "Đã huỷ lịch đăng ký. Chỗ của bạn đã được trả lại.");
	if (rc == APP_INVALID_TRANSITION)
		return status_page(req, 409, code, secret, NULL, "Lịch này không thể huỷ nữa.");
	if (rc == APP_NOT_FOUND)
		return status_page(req, 404, code, secret, NULL, NULL);
	return http_error(req, 500, NULL, NULL);
}

/* --- officers ------------------------------------------------------------------------ */

static json_t *booking_page(struct request *req, const struct app_ctx *ctx, const struct reception_booking *b)
{
	json_t *o = view_reception_booking(ctx, b, VIEW_PAGE, 1);
	struct reception_session s = { .starts_at = b->starts_at, .ends_at = b->ends_at };
	view_set_str(o, "when", session_when(req, &s));
	int64_t by = reception_decide_by(ctx, b);
	if (by && !strcmp(b->status, "requested"))
		json_object_set_new(o, "decide_by_at", json_integer((json_int_t)vn_day_start(by)));
	return o;
}

int page_reception_officer(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_session *s;
	struct reception_booking *b;
	struct reception_rule *rules;
	struct reception_month *months;
	size_t ns, nb, nr, nm;
	int64_t from = vn_day_start(vn_day_of(ctx.now) - 31);
	if (reception_officer_sessions(&ctx, from, ctx.now + 62 * 86400, &s, &ns) < 0 ||
	    reception_officer_bookings(&ctx, 0, from, &b, &nb) < 0 || reception_rules(&ctx, &rules, &nr) < 0 ||
	    reception_dashboard(&ctx, &months, &nm) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *sessions = json_array(), *bookings = json_array(), *rl = json_array(), *ml = json_array();
	for (size_t i = 0; i < ns; i++)
		json_array_append_new(sessions, session_page(req, &s[i], NULL));
	int overdue = 0;
	for (size_t i = 0; i < nb; i++) {
		json_t *o = booking_page(req, &ctx, &b[i]);
		overdue += json_is_true(json_object_get(o, "decision_overdue"));
		json_array_append_new(bookings, o);
	}
	for (size_t i = 0; i < nr; i++) {
		unsigned w = rules[i].weeks;
		struct sbuf *wk = arena_sbuf(req->arena, 64);
		for (int k = 0; wk && k < 5; k++)
			if (w & (1u << k))
				(void)!sbuf_addf(wk, "%s%d", wk->len ? ", " : "", k + 1);
		json_array_append_new(
			rl, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)rules[i].id, "unit",
				      rules[i].unit_name, "host", rules[i].host, "weekday",
				      weekday_names[rules[i].weekday], "weeks", wk ? wk->buf : "", "hours",
				      arena_printf(req->arena, "%02d:%02d–%02d:%02d", rules[i].start_minute / 60,
						   rules[i].start_minute % 60, rules[i].end_minute / 60,
						   rules[i].end_minute % 60),
				      "capacity", (json_int_t)rules[i].capacity, "place", rules[i].place));
	}
	for (size_t i = 0; i < nm; i++)
		json_array_append_new(ml, json_pack("{s:s, s:i, s:i, s:i, s:i, s:b, s:s?, s:s?}", "unit",
						    months[i].unit_name, "held", months[i].held, "required",
						    months[i].required, "month", months[i].month, "year", months[i].year,
						    "short", months[i].held < months[i].required, "legal_basis",
						    months[i].legal_basis, "note", months[i].note));
	int admin = web_has_role_anywhere(req, "admin") > 0;
	json_t *units = admin ? view_feedback_receiving_options(req, ctx.db, NULL, 0, NULL, NULL) : NULL;
	struct civil c;
	time_to_vn(ctx.now, &c);
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:b, s:i, s:s, s:s, s:{s:b}}", "sessions", sessions, "bookings",
			      bookings, "rules", rl, "months", ml, "admin", admin, "overdue", overdue, "gen_from",
			      arena_printf(req->arena, "%04d-%02d-%02d", c.year, c.month, c.day), "gen_to",
			      arena_printf(req->arena, "%04d-12-31", c.year), "nav", "quan_ly", 1);
	if (d && units)
		json_object_set_new(d, "units", units);
	return web_page(req, 200, "quan-ly/tiep-cong-dan", d);
}

/* A decision failed or done: back to the booking page (errors as text). */
static int booking_officer_page(struct request *req, int status, const char *code, const char *error,
				json_t *contact, json_t *pet_errors, json_t *pet_list)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(contact);
		json_decref(pet_errors);
		json_decref(pet_list);
		return 0;
	}
	struct reception_booking b;
	unsigned roles;
	int rc = reception_get_officer(&ctx, code, &b, &roles);
	if (rc < 0) {
		json_decref(contact);
		json_decref(pet_errors);
		json_decref(pet_list);
		return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
	}
	json_t *e = pet_errors ? pet_errors : json_object();
	json_t *cats = view_feedback_category_options(req, ctx.db, view_form(req, "category"), "— Chọn lĩnh vực —");
	json_t *f = json_object();
	json_t *x = field("title", "Tiêu đề", view_form(req, "title"), e, 1, NULL);
	json_object_set_new(f, "title", x);
	x = field("body", "Nội dung công dân trình bày", view_form(req, "body"), e, 1, NULL);
	json_object_set_new(x, "multiline", json_true());
	json_object_set_new(f, "body", x);
	x = field("category", "Lĩnh vực", NULL, e, 1, NULL);
	json_object_set_new(x, "options", cats ? cats : json_array());
	json_object_set_new(f, "category", x);
	json_decref(e);
	json_t *d = json_pack("{s:o, s:o, s:o, s:b, s:b, s:{s:b}}", "booking", booking_page(req, &ctx, &b), "form", f,
			      "errors", pet_list ? pet_list : json_array(), "may_decide", (roles & RECEPTION_ROLES) != 0,
			      "may_contact", (roles & RECEPTION_CONTACT_ROLES) != 0, "nav", "quan_ly", 1);
	view_set_str(d, "error", error);
	if (contact) {
		json_object_set_new(d, "contact", contact);
		http_header(req, "Cache-Control", "no-store, private");
	}
	return web_page(req, status, "quan-ly/tiep-cong-dan-chi-tiet", d);
}

int page_reception_booking(struct request *req)
{
	return booking_officer_page(req, 200, req_arg(req, "code"), NULL, NULL, NULL, NULL);
}

int page_reception_action(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *code = req_arg(req, "code");
	struct app_errors errs = { 0 };
	int rc = reception_apply(&ctx, code, reception_event_parse(view_form(req, "type")), view_form(req, "reason"),
				 &errs);
	if (rc == APP_OK) {
		const char *loc = arena_printf(req->arena, "/quan-ly/tiep-cong-dan/%s", code);
		return web_see_other(req, loc ? loc : "/quan-ly/tiep-cong-dan", "event_done");
	}
	if (rc == APP_NOT_FOUND || rc == APP_ERROR)
		return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
	const char *msg = errs.n ? errs.items[0].message : app_rc_message(rc);
	return booking_officer_page(req, app_rc_http(rc), code, msg, NULL, NULL, NULL);
}

int page_reception_contact(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_contact c;
	int rc = reception_contact(&ctx, req_arg(req, "code"), &c);
	if (rc == APP_FORBIDDEN)
		return booking_officer_page(req, 403, req_arg(req, "code"), "Bạn không có quyền xem thông tin liên hệ.",
					    NULL, NULL, NULL);
	if (rc < 0)
		return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
	return booking_officer_page(req, 200, req_arg(req, "code"), NULL, view_reception_contact(&c), NULL, NULL);
}

int page_reception_petition(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	in.title = view_form(req, "title");
	in.body = view_form(req, "body");
	in.category = view_form(req, "category");
	struct feedback_receipt r;
	struct app_errors errs = { 0 };
	const char *code = req_arg(req, "code");
	int rc = reception_petition(&ctx, code, &in, &r, &errs);
	if (rc == APP_OK) {
		const char *loc = arena_printf(req->arena, "/quan-ly/phan-anh/%s", r.code);
		return web_see_other(req, loc ? loc : "/quan-ly/phan-anh", "saved");
	}
	if (rc == APP_VALIDATION) {
		json_t *list = json_array(), *by = json_object();
		view_errors(&errs, "", list, by);
		return booking_officer_page(req, 422, code, NULL, NULL, by, list);
	}
	if (rc == APP_NOT_FOUND || rc == APP_ERROR)
		return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
	return booking_officer_page(req, app_rc_http(rc), code,
				    rc == APP_INVALID_TRANSITION ? "Chỉ ghi kiến nghị cho lượt đã tiếp."
								 : app_rc_message(rc),
				    NULL, NULL, NULL);
}

/* POST /quan-ly/tiep-cong-dan/quy-tac: a rule from the form. */
int page_reception_rule_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct reception_rule_input in;
	memset(&in, 0, sizeof(in));
	in.unit = view_form(req, "unit");
	in.host = view_form(req, "host");
	in.place = view_form(req, "place");
	in.weekday = (int)strtol(view_form(req, "weekday"), NULL, 10);
	in.capacity = strtoll(view_form(req, "capacity"), NULL, 10);
	const char *wv[8];
	size_t nw = req_form_values(req, "weeks", wv, 8);
	for (size_t i = 0; i < nw; i++) {
		long k = strtol(wv[i], NULL, 10);
		if (k >= 1 && k <= 5)
			in.weeks |= 1u << (k - 1);
	}
	const char *st = view_form(req, "start"), *en = view_form(req, "end");
	in.start_minute = strlen(st) == 5 ? (int)(strtol(st, NULL, 10) * 60 + strtol(st + 3, NULL, 10)) : -1;
	in.end_minute = strlen(en) == 5 ? (int)(strtol(en, NULL, 10) * 60 + strtol(en + 3, NULL, 10)) : -1;
	struct app_errors errs = { 0 };
	int64_t id;
	int rc = reception_rule_create(&ctx, &in, &id, &errs);
	if (rc == APP_OK)
		return web_see_other(req, "/quan-ly/tiep-cong-dan", "saved");
	const char *msg = errs.n ? arena_printf(req->arena, "Chưa lưu được quy tắc: %s", errs.items[0].message)
				 : app_rc_message(rc);
	return http_error(req, app_rc_http(rc), app_rc_code(rc), msg);
}

/* POST /quan-ly/tiep-cong-dan/quy-tac/{id}/tao-lich */
int page_reception_generate(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t from, to;
	long long id = strtoll(req_arg(req, "id"), NULL, 10);
	if (parse_date(view_form(req, "from"), &from) < 0 || parse_date(view_form(req, "to"), &to) < 0)
		return http_error(req, 422, "validation_failed", "Ngày bắt đầu và kết thúc phải có dạng YYYY-MM-DD.");
	struct reception_generated g;
	struct app_errors errs = { 0 };
	int rc = reception_generate(&ctx, id, from, to, &g, &errs);
	if (rc == APP_OK)
		return web_see_other(req, "/quan-ly/tiep-cong-dan", "saved");
	return http_error(req, app_rc_http(rc), app_rc_code(rc), errs.n ? errs.items[0].message : app_rc_message(rc));
}
