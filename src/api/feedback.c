/*
 * feedback.c - the JSON API of feedback (/api/v1/feedback...): the
 * categories, sending an item, one item as the caller may see it, the
 * public list (the inbox for an officer's token), the sender's rating and
 * the officers' workflow events. Shapes and error codes are in API.md.
 */
#include "api.h"
#include "core/timefmt.h"
#include "app/feedback.h"
#include "app/result.h"
#include "app/submit.h"
#include "http/params.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "store/stamp.h"
#include "web/cache.h"
#include "web/view_feedback.h"
#include "web/web.h"


/* Answer a failed feedback call with its API status and code (api_fail),
 * with feedback's sentences. */
static int fail(struct request *req, int rc, const struct app_errors *errs)
{
	return api_fail(req, rc, errs, feedback_rc_message);
}

/* --- GET /api/v1/categories --------------------------------------------------- */

int api_categories(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct category *items;
	size_t n;
	if (category_list(db, req->arena, 0, &items, &n) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:{s:i, s:s?, s:s}}", "code", items[i].code, "name",
						      items[i].name, "deadline", "amount", items[i].deadline_amount,
						      "unit", category_unit_name(items[i].deadline_unit), "legal_basis",
						      items[i].legal_basis ? items[i].legal_basis : ""));
	return api_ok(req, 200, json_pack("{s:o}", "items", list));
}

/* --- POST /api/v1/feedback ------------------------------------------------------ */

/* A submission waiting for its group commit (in the request's arena). */
struct pending_submit {
	struct request *req;
	struct audit_actor actor;
	struct feedback_prepared p;
	struct feedback_receipt r;
	int rc;
};

static int created(struct request *req, const struct feedback_receipt *r)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/api/v1/feedback/%s", r->code);
	http_header(req, "Location", loc);
	http_header(req, "Cache-Control", "no-store, private");
	json_t *out = json_pack("{s:s, s:s, s:s}", "code", r->code, "secret", r->secret, "status", "received");
	view_set_time(out, "received_at", r->received_at, VIEW_API);
	view_set_time(out, "due_at", r->due_at, VIEW_API);
	return api_ok(req, 201, out);
}

/* Writer thread: the batch is committed (or failed); wake the request. */
static void committed(void *arg, int rc)
{
	struct pending_submit *pd = arg;
	pd->rc = rc;
	http_resume(pd->req);
}

/* Worker thread, after the resume: answer. */
static int created_later(struct request *req)
{
	struct pending_submit *pd = req->user;
	req->user = NULL;
	if (pd->rc < 0)
		return fail(req, pd->rc, NULL);
	return created(req, &pd->r);
}

int api_feedback_create(struct request *req)
{
	static const char *const allowed[] = { "title", "body", "category", "place", "lat", "lon", "public",
					       "contact", "unit", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct feedback_input fi;
	memset(&fi, 0, sizeof(fi));
	api_feedback_fields(in, &fi, errors);
	fi.unit = api_str(in, "unit", errors);
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	fi.channel = FB_CH_API;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	if (!view_submit_queue) {
		struct feedback_receipt r;
		int rc = view_feedback_submit(&ctx, &fi, &r, &errs);
		if (rc < 0)
			return fail(req, rc, &errs);
		return created(req, &r);
	}
	/*
	 * The group-commit path: validate and prepare here, queue the item for
	 * the writer thread and suspend the request, so this worker thread
	 * serves other connections meanwhile; the 201 goes out only after the
	 * batch holding the item has committed (durable).
	 */
	struct pending_submit *pd = arena_zalloc(req->arena, sizeof(*pd));
	if (!pd)
		return -1;
	pd->req = req;
	pd->actor = actor;
	pd->rc = FEEDBACK_ERROR;
	int rc = feedback_prepare(&ctx, &fi, &pd->p, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	req->user = pd;
	if (http_suspend(req, created_later) < 0)
		return -1;
	rc = submit_prepared_async(view_submit_queue, &pd->actor, &pd->p, &pd->r, committed, pd);
	if (rc < 0) {
		http_suspend_cancel(req);
		req->user = NULL;
		return fail(req, rc, NULL);
	}
	return 0;
}

/* --- GET /api/v1/feedback/{code} ------------------------------------------------ */

int api_feedback_get(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *secret = req_query(req, "secret");
	const char *c = req_query(req, "contact");
	int with_contact = !(c && !strcmp(c, "0"));
	const char *code = req_arg(req, "code");
	/* the anonymous public view: from the response cache while the
	 * item's stamp is unchanged (web/cache.h) */
	int cacheable = !req->session && !secret && code && strlen(code) < 32;
	char key[48];
	int64_t stamp = 0;
	if (cacheable && stamp_feedback(db, code, &stamp) == 0) {
		const void *data;
		size_t len;
		snprintf(key, sizeof(key), "json:%s", code);
		if (cache_get(key, stamp, req->arena, &data, &len))
			return http_bytes(req, 200, "application/json; charset=utf-8", data, len);
	} else {
		cacheable = 0;
	}
	struct feedback_view v;
	int rc = feedback_get(&ctx, code, secret, with_contact, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	if (v.is_sender || v.contact_shown)
		http_header(req, "Cache-Control", "no-store, private");
	rc = api_ok(req, 200, view_feedback_item(req, &v, secret, VIEW_API));
	if (cacheable && !v.is_sender && !v.contact_shown && http_status(req) == 200)
		cache_put(key, stamp, req->out->buf, req->out->len);
	return rc;
}

/* --- GET /api/v1/feedback --------------------------------------------------------- */

/*
 * The list's query parameters (API.md): the public list for anyone, the
 * inbox for an officer's token (with channel and overdue). Bad values are
 * 422 validation_failed naming each; any page number is taken, and one
 * beyond the list's depth is page_out_of_range (app/feedback.h
 * FEEDBACK_LIST_DEPTH), even one too long for int64_t. A status other than
 * published or closed gives the public list an empty page.
 */
static const struct param public_params[] = {
	PARAM_PAGE_AT(struct feedback_public_filter, page),
	PARAM_INT_AT(struct feedback_public_filter, per_page, "per_page", 1, FEEDBACK_PER_PAGE_MAX, 20),
	PARAM_ENUM_AT(struct feedback_public_filter, status, "status", view_feedback_status_name, FB_STATUS_COUNT, 1,
		      0, "trạng thái không hợp lệ"),
	PARAM_TEXT_AT(struct feedback_public_filter, category, "category", 0),
	PARAM_TEXT_AT(struct feedback_public_filter, unit, "unit", 0),
	PARAM_TEXT_AT(struct feedback_public_filter, q, "q", 1000),
};

static const struct param inbox_params[] = {
	PARAM_PAGE_AT(struct feedback_inbox_filter, page),
	PARAM_INT_AT(struct feedback_inbox_filter, per_page, "per_page", 1, FEEDBACK_PER_PAGE_MAX, 20),
	PARAM_ENUM_AT(struct feedback_inbox_filter, status, "status", view_feedback_status_name, FB_STATUS_COUNT, 1,
		      0, "trạng thái không hợp lệ"),
	PARAM_ENUM_AT(struct feedback_inbox_filter, channel, "channel", view_feedback_channel_name, FB_CH_COUNT, 1, 0,
		      "kênh không hợp lệ"),
	PARAM_TEXT_AT(struct feedback_inbox_filter, category, "category", 0),
	PARAM_TEXT_AT(struct feedback_inbox_filter, unit, "unit", 0),
	PARAM_TEXT_AT(struct feedback_inbox_filter, q, "q", 1000),
	PARAM_FLAG_AT(struct feedback_inbox_filter, overdue, "overdue", "true"),
};

int api_feedback_list(struct request *req)
{
	const struct session *sess = req->session;
	struct feedback_public_filter pf = { 0 };
	struct feedback_inbox_filter f = { 0 };
	json_t *errors = json_object();
	int bad = sess ? params_from_query(req, inbox_params, PARAMS_COUNT(inbox_params), PARAMS_STRICT, &f, errors)
		       : params_from_query(req, public_params, PARAMS_COUNT(public_params), PARAMS_STRICT, &pf, errors);
	if (bad < 0) {
		json_decref(errors);
		return -1;
	}
	/* emulation: received in [from, to) - days (their start in Vietnam), as the meetings list */
	static const char *const period[2] = { "from", "to" };
	for (int k = 0; k < 2; k++) {
		const char *s = req_query(req, period[k]);
		int64_t day;
		if (!s || !*s)
			continue;
		if (parse_date(s, &day) < 0) {
			json_object_set_new(errors, period[k], json_string("ngày không hợp lệ (YYYY-MM-DD)"));
			continue;
		}
		int64_t at = vn_day_start(day);
		*(k ? &pf.received_to : &pf.received_from) = at;
		*(k ? &f.received_to : &f.received_from) = at;
	}
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct feedback_page pg;
	int rc;
	if (sess) {
		f.skip_overdue = 1; /* not part of the API's answer */
		struct feedback_inbox box;
		rc = feedback_inbox(&ctx, &f, &box);
		pg = box.page;
	} else {
		rc = feedback_list_public(&ctx, &pf, &pg);
	}
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, view_feedback_summary(&pg.items[i], VIEW_API, sess != NULL));
	json_t *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)pg.page, "per_page",
				(json_int_t)pg.per_page, "total", (json_int_t)pg.total);
	/* API.md: a total that stopped counting says so */
	if (out && pg.total_capped && json_object_set_new(out, "total_capped", json_true()) < 0) {
		json_decref(out);
		out = NULL;
	}
	return api_ok(req, 200, out);
}

/* --- POST /api/v1/feedback/{code}/rating ------------------------------------------- */

int api_feedback_rate(struct request *req)
{
	static const char *const allowed[] = { "secret", "score", "comment", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	const char *secret = api_str(in, "secret", errors);
	const char *comment = api_str(in, "comment", errors);
	json_t *score = json_object_get(in, "score");
	if (!score || json_is_null(score))
		json_object_set_new(errors, "score", json_string("Vui lòng chọn mức đánh giá từ 1 đến 5 sao."));
	else if (!json_is_integer(score) || json_integer_value(score) < 1 || json_integer_value(score) > 5)
		json_object_set_new(errors, "score", json_string("phải là số nguyên từ 1 đến 5"));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	actor.account_id = 0; /* the sender, whoever's token this is */
	actor.name = "citizen";
	struct app_errors errs;
	const char *code = req_arg(req, "code");
	int rc = feedback_rate(&ctx, code, secret, (int)json_integer_value(score), comment, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct feedback_view v;
	if ((rc = feedback_get_public(&ctx, code, secret, &v)) < 0)
		return fail(req, rc, NULL);
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, view_feedback_item(req, &v, secret, VIEW_API));
}

/* --- POST /api/v1/feedback/{code}/events ------------------------------------------- */

int api_feedback_event(struct request *req)
{
	static const char *const allowed[] = { "type", "unit", "reason", "text", "into", "days", "result",
					       "basis", "next_steps", "title", "body", "place", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct feedback_action a;
	memset(&a, 0, sizeof(a));
	const char *type = api_str(in, "type", errors);
	a.unit = api_str(in, "unit", errors);
	const char *reason = api_str(in, "reason", errors);
	const char *text = api_str(in, "text", errors);
	a.text = text ? text : reason;
	a.into = api_str(in, "into", errors);
	a.result = api_str(in, "result", errors);
	a.basis = api_str(in, "basis", errors);
	a.next_steps = api_str(in, "next_steps", errors);
	a.title = api_str(in, "title", errors);
	a.body = api_str(in, "body", errors);
	a.place = api_str(in, "place", errors);
	json_t *days = json_object_get(in, "days");
	if (days && !json_is_null(days)) {
		if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 1000)
			json_object_set_new(errors, "days", json_string("Số ngày gia hạn phải từ 1 đến 30 ngày làm việc."));
		else
			a.days = (int)json_integer_value(days);
	}
	if (!type && !json_object_get(errors, "type"))
		json_object_set_new(errors, "type", json_string("Vui lòng nêu loại thao tác."));
	else if (type && (feedback_event_parse(type, &a.type) < 0 || a.type >= FB_EV_RATE))
		json_object_set_new(errors, "type", json_string("Loại thao tác không hợp lệ."));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	const char *code = req_arg(req, "code");
	int rc = feedback_apply_event(&ctx, code, &a, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct feedback_view v;
	if ((rc = feedback_get(&ctx, code, NULL, 0, &v)) < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 200, view_feedback_item(req, &v, NULL, VIEW_API));
}
