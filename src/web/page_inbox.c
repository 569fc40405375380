/*
 * page_inbox.c - the officers' pages of feedback (/quan-ly/phan-anh): the
 * inbox over the units their roles reach, the case page with the sender's
 * contact on request and the actions the status and roles allow, the form
 * to record an item received off-line, and the leader's dashboard with
 * server-drawn SVG charts beside their tables.
 */
#include "pages.h"
#include "web.h"
#include "view_feedback.h"
#include "http/params.h"
#include "app/fbstate.h"
#include "app/feedback.h"
#include "app/perm.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"

#define PER_PAGE 25

/* The roles the officer holds anywhere (OR of its grants). */
static unsigned roles_anywhere(struct request *req, struct db *db)
{
	const struct session *s = req->session;
	struct perm_grant_list g;
	unsigned held = 0;
	if (!s || perm_list_grants(db, req->arena, s->account.id, &g) < 0)
		return 0;
	for (size_t i = 0; i < g.n; i++)
		held |= g.items[i].role;
	return held;
}

/* --- the inbox --------------------------------------------------------------- */

static const char *const sort_tab[][2] = {
	{ "newest", "Mới tiếp nhận trước" },
	{ "oldest", "Tiếp nhận lâu nhất trước" },
	{ "due", "Hạn gần nhất trước" },
};

/*
 * The inbox's query parameters, in the order its links carry them. Bad
 * values are ignored (the inbox without that filter or order).
 */
static const struct param inbox_params[] = {
	PARAM_TEXT_AT(struct feedback_inbox_filter, category, "category", 0),
	PARAM_TEXT_AT(struct feedback_inbox_filter, unit, "unit", 0),
	PARAM_ENUM_AT(struct feedback_inbox_filter, channel, "channel", view_feedback_channel_name, FB_CH_COUNT, 1, 0,
		      NULL),
	PARAM_TEXT_AT(struct feedback_inbox_filter, q, "q", 1000),
	PARAM_FLAG_AT(struct feedback_inbox_filter, overdue, "overdue", "1"),
	PARAM_FLAG_AT(struct feedback_inbox_filter, due_this_week, "week", "1"),
	PARAM_FLAG_AT(struct feedback_inbox_filter, due_soon, "soon", "1"),
	PARAM_ENUM_AT(struct feedback_inbox_filter, sort, "sort", view_feedback_sort_name, VIEW_FEEDBACK_SORTS, 0, 0,
		      NULL),
	PARAM_ENUM_AT(struct feedback_inbox_filter, status, "status", view_feedback_status_name, FB_STATUS_COUNT, 1,
		      0, NULL),
	PARAM_PAGE_AT(struct feedback_inbox_filter, page),
};
_Static_assert(sizeof(enum feedback_sort) == sizeof(int), "PARAM_ENUM fills an int");

int page_inbox(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct feedback_inbox_filter f = { 0 };
	if (params_from_query(req, inbox_params, PARAMS_COUNT(inbox_params), PARAMS_LENIENT, &f, NULL) < 0)
		return -1;
	f.per_page = PER_PAGE;

	struct feedback_inbox box;
	int rc = feedback_inbox(&ctx, &f, &box);
	if (rc < 0)
		return view_feedback_fail(req, rc);

	/* the query without status and page, for the status links; with the
	 * status for the pager */
	struct sbuf *base = arena_sbuf(req->arena, 16384), *full = arena_sbuf(req->arena, 16384);
	if (!base || !full || params_query(base, inbox_params, PARAMS_COUNT(inbox_params), &f, "status") < 0 ||
	    params_query(full, inbox_params, PARAMS_COUNT(inbox_params), &f, NULL) < 0)
		return -1;

	json_t *counts = json_array();
	int64_t all = 0;
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		all += box.counts[i];
	json_t *first = json_pack("{s:s, s:I, s:b}", "label", "Tất cả", "count", (json_int_t)all, "current", !f.status);
	json_object_set_new(first, "url", json_sprintf("/quan-ly/phan-anh%s%s", base->len ? "?" : "", base->buf));
	json_array_append_new(counts, first);
	for (int i = 0; i < FB_STATUS_COUNT; i++) {
		const char *name = feedback_status_name((enum feedback_status)i);
		json_t *o = json_pack("{s:s, s:s, s:I, s:b}", "status", name, "label",
				      feedback_status_label((enum feedback_status)i), "count", (json_int_t)box.counts[i],
				      "current", f.status == i + 1);
		json_object_set_new(o, "url", json_sprintf("/quan-ly/phan-anh?%s%sstatus=%s", base->buf,
							   base->len ? "&" : "", name));
		json_array_append_new(counts, o);
	}

	json_t *items = json_array();
	for (size_t i = 0; i < box.page.n; i++)
		json_array_append_new(items, view_feedback_summary(&box.page.items[i], VIEW_PAGE, 0));

	const struct param *sp = params_find(inbox_params, PARAMS_COUNT(inbox_params), "status");
	const struct param *cp = params_find(inbox_params, PARAMS_COUNT(inbox_params), "channel");
	json_t *status_opts = view_param_options(sp, view_feedback_status_label, f.status, "Tất cả");
	json_t *channel_opts = view_param_options(cp, view_feedback_channel_label, f.channel, "Tất cả");
	int64_t *ids = NULL;
	size_t nids = 0;
	const struct session *sess = req->session;
	if (perm_units(db, req->arena, sess->account.id, ROLE_ALL, PERM_UNITS_OPEN, &ids, &nids) < 0)
		return http_error(req, 503, "unavailable", NULL);
	unsigned held = roles_anywhere(req, db);
	json_t *d = json_pack("{s:o, s:o, s:I, s:I, s:s, s:o?, s:o?, s:o, s:o, s:o, s:b, s:b, s:b, s:b, s:b, s:o?, s:{s:b}}",
			      "items", items, "counts", counts, "total", (json_int_t)box.page.total, "overdue_total",
			      (json_int_t)box.overdue, "q", f.q ? f.q : "", "categories",
			      view_feedback_category_options(req, db, f.category, "Tất cả"), "units",
			      view_feedback_unit_options(req, db, ids, nids, f.unit, "Tất cả"), "statuses", status_opts,
			      "channels", channel_opts, "sorts",
			      view_options(sort_tab, sizeof(sort_tab) / sizeof(sort_tab[0]), view_feedback_sort_name((int)f.sort)),
			      "overdue", f.overdue, "week", f.due_this_week, "soon", f.due_soon, "filtered",
			      full->len > 0, "can_record", (held & FBSTATE_RECORD_ROLES) != 0, "pager",
			      view_pager("/quan-ly/phan-anh", full->buf, box.page.page, box.page.per_page, box.page.total,
					 FEEDBACK_LIST_DEPTH),
			      "nav", "quan_ly", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	json_object_set_new(d, "overdue_url", json_string("/quan-ly/phan-anh?overdue=1&sort=due"));
	return web_page(req, 200, "quan-ly/phan-anh", d);
}

/* --- recording an item received off-line ----------------------------------------- */

static const char *const channel_tab[][2] = {
	{ "in_person", "Tiếp công dân trực tiếp" },
	{ "hotline", "Đường dây nóng" },
	{ "voter_meeting", "Tiếp xúc cử tri" },
	{ "dialogue", "Đối thoại" },
	{ "front", "Mặt trận Tổ quốc chuyển đến" },
};

static void field_opt(json_t *f, const char *k, json_t *v)
{
	json_object_set_new(f, k, v);
}

static int record_page(struct request *req, int status, json_t *list, json_t *errs, json_t *kept)
{
	struct db *db = web_db(req);
	json_t *e = errs ? errs : json_object();
	if (!db) {
		json_decref(e);
		json_decref(list);
		json_decref(kept);
		return 0;
	}
	const struct session *s = req->session;
	int64_t *ids = NULL;
	size_t nids = 0;
	if (perm_units(db, req->arena, s->account.id, FBSTATE_RECORD_ROLES, PERM_UNITS_OPEN, &ids, &nids) < 0) {
		json_decref(e);
		json_decref(list);
		json_decref(kept);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (!nids) {
		json_decref(e);
		json_decref(list);
		json_decref(kept);
		return http_error(req, 403, "forbidden",
				  "Chỉ lãnh đạo, cán bộ tiếp nhận và cán bộ Mặt trận, đoàn thể được ghi nhận phản ánh.");
	}
	json_t *fm = json_object(), *x;
	const char *chv = req_form(req, "channel");
	x = view_form_field("channel", "Kênh tiếp nhận", NULL, e);
	field_opt(x, "required", json_true());
	field_opt(x, "options", view_options(channel_tab, sizeof(channel_tab) / sizeof(channel_tab[0]), chv ? chv : "in_person"));
	json_object_set_new(fm, "channel", x);
	x = view_form_field("unit", "Đơn vị tiếp nhận", NULL, e);
	field_opt(x, "required", json_true());
	field_opt(x, "options", view_feedback_receiving_options(req, db, ids, nids, view_form(req, "unit"), NULL));
	json_object_set_new(fm, "unit", x);
	char today[11];
	x = view_form_field("received_at", "Ngày tiếp nhận", req_form(req, "received_at") ? view_form(req, "received_at")
						       : fmt_ymd(vn_day_of((int64_t)time(NULL)), today), e);
	field_opt(x, "type", json_string("date"));
	field_opt(x, "help", json_string("Ngày người dân nêu phản ánh, kiến nghị (không quá một năm trước)."));
	json_object_set_new(fm, "received_at", x);
	x = view_form_field("title", "Tiêu đề", view_form(req, "title"), e);
	field_opt(x, "required", json_true());
	field_opt(x, "maxlength", json_integer(FEEDBACK_TITLE_MAX));
	json_object_set_new(fm, "title", x);
	x = view_form_field("body", "Nội dung phản ánh, kiến nghị", view_form(req, "body"), e);
	field_opt(x, "required", json_true());
	field_opt(x, "multiline", json_true());
	field_opt(x, "rows", json_integer(8));
	field_opt(x, "help", json_string("Ghi đúng ý kiến người dân đã nêu; với tiếp xúc cử tri, ghi cả tên hội nghị."));
	json_object_set_new(fm, "body", x);
	x = view_form_field("category", "Lĩnh vực", NULL, e);
	field_opt(x, "required", json_true());
	field_opt(x, "options", view_feedback_category_options(req, db, view_form(req, "category"), "— Chọn lĩnh vực —"));
	json_object_set_new(fm, "category", x);
	x = view_form_field("place", "Địa điểm", view_form(req, "place"), e);
	json_object_set_new(fm, "place", x);
	x = view_form_field("name", "Họ và tên người nêu", view_form(req, "name"), e);
	json_object_set_new(fm, "name", x);
	x = view_form_field("phone", "Số điện thoại", view_form(req, "phone"), e);
	field_opt(x, "type", json_string("tel"));
	field_opt(x, "inputmode", json_string("tel"));
	json_object_set_new(fm, "phone", x);
	x = view_form_field("email", "Thư điện tử", view_form(req, "email"), e);
	field_opt(x, "type", json_string("email"));
	json_object_set_new(fm, "email", x);
	return view_feedback_form_page(req, status, "quan-ly/phan-anh-moi", "quan_ly", fm, list, e, kept);
}

int page_inbox_new_form(struct request *req)
{
	return record_page(req, 200, NULL, NULL, NULL);
}

int page_inbox_new(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	json_t *own = json_object();
	struct feedback_input in;
	view_feedback_read_form(req, &in);
	enum feedback_channel ch;
	const char *chs = view_form(req, "channel");
	if (feedback_channel_parse(chs, &ch) < 0 || ch == FB_CH_WEB || ch == FB_CH_API) {
		json_object_set_new(own, "channel", json_string("Vui lòng chọn kênh tiếp nhận."));
		ch = FB_CH_IN_PERSON;
	}
	in.channel = ch;
	const char *date = view_form(req, "received_at");
	if (!view_blank(date)) {
		int64_t day, today = vn_day_of(ctx.now);
		if (parse_date(date, &day) < 0)
			json_object_set_new(own, "received_at", json_string("Ngày tiếp nhận không hợp lệ (ngày/tháng/năm)."));
		else if (day > today)
			json_object_set_new(own, "received_at", json_string("Ngày tiếp nhận không được ở tương lai."));
		else if (day < today)
			in.received_at = vn_day_start(day) + 8 * 3600; /* the start of office hours */
	}
	return view_feedback_send(req, &in, &ctx, own, 1, record_page);
}

/* --- the case page -------------------------------------------------------------- */

static const char *const result_tab[][2] = {
	{ "resolved", "Đã giải quyết" },
	{ "partly_resolved", "Giải quyết một phần" },
	{ "explained", "Giải thích, trả lời" },
	{ "referred", "Hướng dẫn gửi cơ quan có thẩm quyền" },
};

/* The actions of the case page, in the order shown. */
static const enum feedback_event_type action_order[] = {
	FB_EV_ASSIGN, FB_EV_TRANSFER, FB_EV_ANSWER, FB_EV_PUBLISH, FB_EV_EXTEND, FB_EV_REJECT,
	FB_EV_MERGE, FB_EV_NOTE, FB_EV_REOPEN, FB_EV_CLOSE, FB_EV_REDACT,
};

/*
 * Render the case page. with_contact: read (and audit) the contact data.
 * failed: the action whose form is shown again with `err` (field ->
 * message), `values` (what was typed) and `list` (the summary); message:
 * a sentence for a refused action. All JSON arguments are stolen.
 */
static int case_page(struct request *req, int status, int with_contact, const char *failed, json_t *err,
		     json_t *values, json_t *list, const char *message)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db) {
		json_decref(err);
		json_decref(values);
		json_decref(list);
		return 0;
	}
	const char *code = req_arg(req, "code");
	struct feedback_view v;
	int rc = feedback_get_for_officer(&ctx, code, with_contact, &v);
	if (rc < 0) {
		json_decref(err);
		json_decref(values);
		json_decref(list);
		if (rc == FEEDBACK_FORBIDDEN) {
			/* a public item outside the officer's units: the citizens' page */
			char canon[TRACKCODE_BUFSZ];
			if (trackcode_parse(code, canon) != TRACKCODE_OK)
				return view_feedback_fail(req, FEEDBACK_NOT_FOUND);
			struct sbuf *loc = arena_sbuf(req->arena, 128);
			if (!loc || sbuf_addf(loc, "/phan-anh/%s", canon) < 0)
				return -1;
			return http_redirect(req, 303, loc->buf);
		}
		return view_feedback_fail(req, rc);
	}
	json_t *item = view_feedback_item(req, &v, NULL, VIEW_PAGE);
	json_t *act = json_object();
	int64_t *ids = NULL;
	size_t nids = 0;
	const struct session *s = req->session;
	if (perm_units(db, req->arena, s->account.id, ROLE_ALL, PERM_UNITS_OPEN, &ids, &nids) < 0) {
		json_decref(item);
		json_decref(act);
		json_decref(err);
		json_decref(values);
		json_decref(list);
		return http_error(req, 503, "unavailable", NULL);
	}
	for (size_t i = 0; i < sizeof(action_order) / sizeof(action_order[0]); i++) {
		enum feedback_event_type t = action_order[i];
		if (!(v.allowed_events & (1u << t)))
			continue;
		const char *name = feedback_event_name(t);
		int is_failed = failed && !strcmp(failed, name);
		json_t *a = json_pack("{s:b}", "open", is_failed);
		json_t *vals = is_failed && values ? json_incref(values) : json_object();
		if (t == FB_EV_ANSWER && !is_failed && v.has_draft) {
			view_set_str(vals, "text", v.draft.text);
			view_set_str(vals, "basis", v.draft.basis);
			view_set_str(vals, "next_steps", v.draft.next_steps);
			view_set_str(vals, "result", feedback_result_name(v.draft.result));
		}
		if (t == FB_EV_REDACT && !is_failed) {
			view_set_str(vals, "title", v.redacted_title ? v.redacted_title : v.title);
			view_set_str(vals, "body", v.redacted_body ? v.redacted_body : v.body);
			view_set_str(vals, "place", v.redacted_place ? v.redacted_place : v.place);
		}
		if (t == FB_EV_ASSIGN || t == FB_EV_TRANSFER || t == FB_EV_REOPEN) {
			const char *sel = json_string_value(json_object_get(vals, "unit"));
			json_object_set_new(a, "units", view_feedback_receiving_options(req, db, ids, nids, sel,
				t == FB_EV_REOPEN ? "Đơn vị đã xử lý trước đây" : "— Chọn đơn vị —"));
		}
		if (t == FB_EV_ANSWER) {
			const char *sel = json_string_value(json_object_get(vals, "result"));
			json_object_set_new(a, "results", view_options(result_tab, 4, sel ? sel : "explained"));
		}
		json_object_set_new(a, "v", vals);
		if (is_failed && err)
			json_object_set(a, "err", err);
		json_object_set_new(act, name, a);
	}
	/* evidence files can be added by whoever may add notes */
	if (v.allowed_events & (1u << FB_EV_NOTE)) {
		int is_failed = failed && !strcmp(failed, "attach");
		json_t *a = json_pack("{s:b}", "open", is_failed);
		if (is_failed && err)
			json_object_set(a, "err", err);
		json_object_set_new(act, "attach", a);
	}
	json_t *d = json_pack("{s:o, s:o, s:o, s:b, s:s?, s:{s:b}}", "item", item, "act", act, "errors",
			      list ? list : json_array(), "contact_allowed", (v.roles & FBSTATE_CONTACT_ROLES) != 0,
			      "message", message, "nav", "quan_ly", 1);
	json_decref(err);
	json_decref(values);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	json_object_set_new(d, "any_action", json_boolean(json_object_size(act) > 0));
	if (v.contact_shown)
		http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, status, "quan-ly/phan-anh-chi-tiet", d);
}

int page_case(struct request *req)
{
	return case_page(req, 200, 0, NULL, NULL, NULL, NULL, NULL);
}

int page_case_contact(struct request *req)
{
	return case_page(req, 200, 1, NULL, NULL, NULL, NULL, NULL);
}

static int back_to_case(struct request *req, const char *code)
{
	char canon[TRACKCODE_BUFSZ];
	struct sbuf *loc = arena_sbuf(req->arena, 128);
	if (trackcode_parse(code, canon) != TRACKCODE_OK || !loc ||
	    sbuf_addf(loc, "/quan-ly/phan-anh/%s", canon) < 0)
		return -1;
	return web_see_other(req, loc->buf, "event_done");
}

int page_case_action(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *code = req_arg(req, "code");
	const char *type = view_form(req, "type");

	/* what was typed, to show again */
	static const char *const keys[] = { "unit", "text", "into", "days", "result", "basis", "next_steps",
					    "title", "body", NULL };
	json_t *values = json_object();
	for (const char *const *k = keys; *k; k++)
		if (req_form(req, *k))
			json_object_set_new(values, *k, json_string(req_form(req, *k)));

	enum feedback_event_type t = FB_EV_NOTE;
	int attach_only = !strcmp(type, "attach");
	if (!attach_only && (feedback_event_parse(type, &t) < 0 || t >= FB_EV_RATE)) {
		json_decref(values);
		return http_error(req, 400, "bad_request", "Thao tác không hợp lệ.");
	}
	struct feedback_file files[ATTACHMENT_MAX_PER_ITEM];
	size_t nfiles = 0;
	const char *ferr = NULL;
	if ((attach_only || t == FB_EV_ANSWER) && view_feedback_uploads(req, files, &nfiles, &ferr, NULL) < 0) {
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (!ferr && attach_only && !nfiles)
		ferr = "Vui lòng chọn tệp minh chứng.";
	if (ferr) {
		json_t *err = json_pack("{s:s}", "files", ferr);
		json_t *list = json_pack("[{s:s, s:s}]", "field", attach_only ? "attach-files" : "answer-files",
					 "message", ferr);
		return case_page(req, 422, 0, attach_only ? "attach" : type, err, values, list, NULL);
	}
	struct app_errors errs = { 0 };
	int rc;
	if (attach_only) {
		rc = feedback_attach_evidence(&ctx, code, files, nfiles, &errs);
	} else {
		struct feedback_action a = { 0 };
		a.type = t;
		a.unit = view_blank(req_form(req, "unit")) ? NULL : req_form(req, "unit");
		a.text = req_form(req, "text");
		a.into = req_form(req, "into");
		a.result = req_form(req, "result");
		a.basis = req_form(req, "basis");
		a.next_steps = req_form(req, "next_steps");
		a.title = req_form(req, "title");
		a.body = req_form(req, "body");
		a.place = req_form(req, "place");
		const char *days = view_form(req, "days");
		long dl;
		a.days = parse_long_str(days, 0, 1000, &dl) == 0 ? (int)dl : 0;
		rc = feedback_apply_event(&ctx, code, &a, &errs);
		if (rc == FEEDBACK_OK && t == FB_EV_ANSWER && nfiles)
			rc = feedback_attach_evidence(&ctx, code, files, nfiles, &errs);
	}
	if (rc == FEEDBACK_OK) {
		json_decref(values);
		return back_to_case(req, code);
	}
	if (rc == FEEDBACK_VALIDATION) {
		json_t *list = json_array(), *by = json_object();
		char prefix[32];
		snprintf(prefix, sizeof(prefix), "%s-", type);
		view_errors(&errs, prefix, list, by);
		return case_page(req, 422, 0, type, by, values, list, NULL);
	}
	if (rc == FEEDBACK_INVALID_TRANSITION || rc == FEEDBACK_CONFLICT || rc == FEEDBACK_FORBIDDEN) {
		const char *m = rc == FEEDBACK_INVALID_TRANSITION
			? "Không thực hiện được thao tác này ở tình trạng hiện tại của phản ánh. Trang đã được tải lại với tình trạng mới nhất."
			: rc == FEEDBACK_FORBIDDEN ? "Vai trò của bạn không cho phép thao tác này."
			: errs.n ? errs.items[0].message : feedback_rc_message(rc);
		return case_page(req, feedback_rc_http(rc), 0, NULL, NULL, values, NULL, m);
	}
	json_decref(values);
	return view_feedback_fail(req, rc);
}

/* --- the dashboard ---------------------------------------------------------------- */

static const char *const period_tab[][2] = {
	{ "week", "Tuần này" },
	{ "month", "Tháng này" },
	{ "quarter", "Quý này" },
	{ "year", "Năm nay" },
	{ "30d", "30 ngày qua" },
	{ "90d", "90 ngày qua" },
	{ "365d", "12 tháng qua" },
};

/* An integer with "." between thousands ("12.345"). */
static const char *fmt_int(struct arena *a, int64_t v)
{
	char digits[32], out[48];
	snprintf(digits, sizeof(digits), "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(digits), j = 0;
	if (v < 0)
		out[j++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[j++] = '.';
		out[j++] = digits[i];
	}
	out[j] = 0;
	return arena_strdup(a, out);
}

/* A percentage or a mean with one decimal and a comma ("87,5"). */
static const char *fmt_dec(struct arena *a, double v)
{
	long long t = (long long)(v * 10 + (v >= 0 ? 0.5 : -0.5));
	return arena_printf(a, "%s%lld,%lld", t < 0 ? "-" : "", (t < 0 ? -t : t) / 10, (t < 0 ? -t : t) % 10);
}

static double round1(double v)
{
	return (double)(long long)(v * 10 + 0.5) / 10;
}

struct bar {
	const char *label;
	double value[2];
	const char *text[2];     /* the value as printed */
};

/* The opening of a chart: the <svg> element w x h, labelled by its
 * title and description (ids "ID-t", "ID-d"). 0, or -1 when sb is full. */
static int svg_open(struct sbuf *sb, const char *id, const char *title, const char *desc, int w, int h)
{
	int r = sbuf_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
			  "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">", w, h, id, id, id);
	r = r || sbuf_add_html(sb, title, strlen(title)) || sbuf_addf(sb, "</title><desc id=\"%s-d\">", id) ||
	    sbuf_add_html(sb, desc, strlen(desc)) || sbuf_addstr(sb, "</desc>");
	return r ? -1 : 0;
}

/*
 * A horizontal bar chart (one series): labels on the left, bars scaled to
 * the largest value (or to `max` when > 0), the value printed after each
 * bar. `id` names the title and desc elements.
 */
static int svg_hbars(struct sbuf *sb, const char *id, const char *title, const char *desc,
		     const struct bar *bars, size_t n, double max, const char *fill)
{
	const int w = 640, label_w = 200, row = 30, top = 8, bar_w = 360;
	int h = top * 2 + (int)n * row;
	if (max <= 0)
		for (size_t i = 0; i < n; i++)
			if (bars[i].value[0] > max)
				max = bars[i].value[0];
	if (max <= 0)
		max = 1;
	int r = svg_open(sb, id, title, desc, w, h);
	for (size_t i = 0; !r && i < n; i++) {
		int y = top + (int)i * row;
		int bw = (int)(bars[i].value[0] / max * bar_w + 0.5);
		r = sbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"14\" fill=\"#1b1b1b\">",
			      label_w - 8, y + 20) ||
		    sbuf_add_html(sb, bars[i].label, strlen(bars[i].label)) ||
		    sbuf_addf(sb, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"%s\"/>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#1b1b1b\">%s</text>",
			      label_w, y + 5, bw, fill, label_w + bw + 6, y + 20, bars[i].text[0]);
	}
	return r || sbuf_addstr(sb, "</svg>") ? -1 : 0;
}

/*
 * A vertical bar chart of `nseries` (1 or 2) series per group (months),
 * scaled to the largest value or `max`, with a legend for two series.
 */
static int svg_vbars(struct sbuf *sb, const char *id, const char *title, const char *desc,
		     const struct bar *bars, size_t n, int nseries, double max, const char *const *names,
		     const char *const *fills)
{
	const int w = 640, left = 40, bottom = 40, top = nseries > 1 ? 34 : 14, plot_h = 200;
	int h = top + plot_h + bottom;
	int group = n ? (w - left - 10) / (int)n : 1;
	int bw = (group - 6) / nseries;
	if (max <= 0)
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < nseries; k++)
				if (bars[i].value[k] > max)
					max = bars[i].value[k];
	if (max <= 0)
		max = 1;
	int r = svg_open(sb, id, title, desc, w, h);
	r = r || sbuf_addf(sb, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#4f4f4f\"/>", left, top + plot_h,
			   w - 4, top + plot_h);
	for (int k = 0; !r && nseries > 1 && k < nseries; k++)
		r = sbuf_addf(sb, "<rect x=\"%d\" y=\"8\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			      "<text x=\"%d\" y=\"20\" font-size=\"14\" fill=\"#1b1b1b\">%s</text>",
			      left + k * 200, fills[k], left + k * 200 + 20, names[k]);
	for (size_t i = 0; !r && i < n; i++) {
		int gx = left + (int)i * group + 3;
		for (int k = 0; !r && k < nseries; k++) {
			int bh = (int)(bars[i].value[k] / max * plot_h + 0.5);
			int x = gx + k * bw;
			r = sbuf_addf(sb, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x,
				      top + plot_h - bh, bw - 1, bh, fills[k]);
			if (!r && n <= 12)
				r = sbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1b1b1b\">%s</text>",
					      x + bw / 2, top + plot_h - bh - 3, bars[i].text[k]);
		}
		if (!r)
			r = sbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1b1b1b\">",
				      gx + group / 2 - 3, top + plot_h + 18) ||
			    sbuf_add_html(sb, bars[i].label, strlen(bars[i].label)) || sbuf_addstr(sb, "</text>");
	}
	return r || sbuf_addstr(sb, "</svg>") ? -1 : 0;
}

static json_t *stats_json(struct arena *a, const struct feedback_stats *s)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:f}", "received", (json_int_t)s->received,
			      "open", (json_int_t)s->open, "overdue", (json_int_t)s->overdue, "due_soon",
			      (json_int_t)s->due_soon, "answered", (json_int_t)s->answered, "on_time",
			      (json_int_t)s->answered_on_time, "on_time_pct", round1(s->on_time_pct), "avg_days",
			      round1(s->avg_days));
	if (o) {
		json_object_set_new(o, "on_time_text", json_string(s->answered ? fmt_dec(a, s->on_time_pct) : "—"));
		json_object_set_new(o, "avg_text", json_string(s->answered ? fmt_dec(a, s->avg_days) : "—"));
	}
	return o;
}

static json_t *groups_json(struct arena *a, const struct feedback_stats_group *g, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = stats_json(a, &g[i].s);
		view_set_str(o, "code", g[i].code);
		view_set_str(o, "name", g[i].name);
		json_array_append_new(list, o);
	}
	return list;
}

int page_dashboard(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	unsigned held = roles_anywhere(req, db);
	if (!(held & (ROLE_LEADER | ROLE_ADMIN | ROLE_VIEWER)))
		return http_error(req, 403, "forbidden",
				  "Trang tổng hợp dành cho lãnh đạo, quản trị viên và cán bộ theo dõi.");
	struct arena *a = req->arena;
	const char *period = req_query(req, "ky");
	int64_t from, to;
	if (!period || feedback_period(period, ctx.now, &from, &to) < 0) {
		period = "month";
		feedback_period(period, ctx.now, &from, &to);
	}
	struct feedback_dashboard dash;
	int rc = feedback_dashboard(&ctx, from, to, &dash);
	if (rc < 0)
		return view_feedback_fail(req, rc);

	/* status counts over everything in scope */
	struct bar sbars[FB_STATUS_COUNT];
	json_t *status_rows = json_array();
	struct sbuf *desc = arena_sbuf(a, 4096);
	if (!desc)
		return -1;
	for (int i = 0; i < FB_STATUS_COUNT; i++) {
		sbars[i].label = feedback_status_label((enum feedback_status)i);
		sbars[i].value[0] = (double)dash.statuses[i];
		sbars[i].text[0] = fmt_int(a, dash.statuses[i]);
		json_array_append_new(status_rows, json_pack("{s:s, s:s, s:I}", "status",
							     feedback_status_name((enum feedback_status)i), "label",
							     sbars[i].label, "count", (json_int_t)dash.statuses[i]));
		if (sbuf_addf(desc, "%s%s: %s", i ? "; " : "", sbars[i].label, sbars[i].text[0]) < 0)
			return -1;
	}
	struct sbuf *svg1 = arena_sbuf(a, 64 * 1024), *svg2 = arena_sbuf(a, 64 * 1024), *svg3 = arena_sbuf(a, 64 * 1024);
	if (!svg1 || !svg2 || !svg3 ||
	    svg_hbars(svg1, "bd-tinh-trang", "Số phản ánh theo tình trạng", desc->buf, sbars, FB_STATUS_COUNT, 0,
		      "#0b4ea2") < 0)
		return -1;

	/* the last 12 months: received (and of those, answered; answered on time) */
	enum { MONTHS = FEEDBACK_DASHBOARD_MONTHS };
	struct bar mbars[MONTHS], pbars[MONTHS];
	json_t *months = json_array();
	sbuf_reset(desc);
	struct sbuf *desc2 = arena_sbuf(a, 4096);
	if (!desc2)
		return -1;
	for (int i = 0; i < MONTHS; i++) {
		int yy = dash.months[i].year, mm = dash.months[i].month;
		const struct feedback_stats *ms = &dash.months[i].s;
		const char *label = arena_printf(a, "%d/%d", mm, yy % 100);
		mbars[i].label = pbars[i].label = label;
		mbars[i].value[0] = (double)ms->received;
		mbars[i].value[1] = (double)ms->answered;
		mbars[i].text[0] = fmt_int(a, ms->received);
		mbars[i].text[1] = fmt_int(a, ms->answered);
		pbars[i].value[0] = ms->on_time_pct;
		pbars[i].text[0] = ms->answered ? fmt_dec(a, ms->on_time_pct) : "—";
		json_t *row = stats_json(a, ms);
		json_object_set_new(row, "month", json_sprintf("%02d/%d", mm, yy));
		json_array_append_new(months, row);
		if (sbuf_addf(desc, "%s%02d/%d: tiếp nhận %s, đã trả lời %s", i ? "; " : "", mm, yy, mbars[i].text[0],
			      mbars[i].text[1]) < 0 ||
		    sbuf_addf(desc2, "%s%02d/%d: %s%s", i ? "; " : "", mm, yy, pbars[i].text[0],
			      ms->answered ? "%" : " (chưa có câu trả lời)") < 0)
			return -1;
	}
	static const char *const mnames[2] = { "Tiếp nhận", "Đã trả lời" };
	static const char *const mfills[2] = { "#0b4ea2", "#1e6b34" };
	static const char *const pfills[1] = { "#7a4f00" };
	if (svg_vbars(svg2, "bd-theo-thang", "Phản ánh tiếp nhận và đã trả lời theo tháng", desc->buf, mbars, MONTHS, 2,
		      0, mnames, mfills) < 0 ||
	    svg_vbars(svg3, "bd-dung-han", "Tỷ lệ trả lời đúng hạn theo tháng (%)", desc2->buf, pbars, MONTHS, 1, 100,
		      NULL, pfills) < 0)
		return -1;

	char fromd[11], tod[11];
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:{s:b}}",
			      "all", stats_json(a, &dash.all), "by_unit", groups_json(a, dash.by_unit, dash.nunits),
			      "by_category", groups_json(a, dash.by_category, dash.ncategories), "statuses", status_rows,
			      "months", months, "periods",
			      view_options(period_tab, sizeof(period_tab) / sizeof(period_tab[0]), period), "from",
			      fmt_date_vn(from, fromd), "to", fmt_date_vn(to - 1, tod), "chart_status", svg1->buf,
			      "chart_months", svg2->buf, "chart_on_time", svg3->buf, "nav", "quan_ly", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	json_object_set_new(d, "due_soon_days", json_integer(FEEDBACK_DUE_SOON_DAYS));
	return web_page(req, 200, "quan-ly/tong-hop", d);
}
