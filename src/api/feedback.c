/*
 * feedback.c - the JSON API of feedback (/api/v1/feedback...): the
 * categories, sending an item, one item as the caller may see it, the
 * public list (the inbox for an officer's token), the sender's rating and
 * the officers' workflow events. Shapes and error codes are in API.md.
 */
#include "api.h"
#include "app/submit.h"
#include "app/fbstate.h"
#include "app/feedback.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "web/pages.h"
#include "web/web.h"
#include "web/cache.h"
#include "store/stamp.h"

#include <limits.h>
#include <math.h>
#include <strings.h>

/* --- helpers ------------------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static void set_time(json_t *o, const char *k, int64_t t)
{
	char buf[26];
	if (t)
		json_object_set_new(o, k, json_string(fmt_iso8601_vn(t, buf)));
}

/* Answer a failed feedback call with its API status and code. */
static int fail(struct request *req, int rc, const struct feedback_errors *errs)
{
	if (rc == FEEDBACK_VALIDATION && errs) {
		json_t *fields = json_object();
		for (size_t i = 0; i < errs->n; i++)
			if (!json_object_get(fields, errs->items[i].field))
				json_object_set_new(fields, errs->items[i].field, json_string(errs->items[i].message));
		return http_error_fields(req, 422, "validation_failed", "Dữ liệu chưa hợp lệ.", fields);
	}
	if (rc == FEEDBACK_CONFLICT && errs && errs->n)
		return http_error(req, 409, "conflict", errs->items[0].message);
	if (rc == FEEDBACK_FORBIDDEN && errs && errs->n)
		return http_error_fields(req, 403, "forbidden", errs->items[0].message,
					 json_pack("{s:s}", errs->items[0].field, errs->items[0].message));
	if (rc == FEEDBACK_ERROR)
		return http_error(req, 500, NULL, NULL);
	if (rc == FEEDBACK_PAGE_RANGE) {
		json_t *fields = json_pack("{s:s}", "page", "trang nằm ngoài danh sách: (page - 1) × per_page phải nhỏ "
					   "hơn 10000 (1000 khi tìm kiếm)");
		return http_error_fields(req, 422, feedback_rc_code(rc), feedback_rc_message(rc), fields);
	}
	return http_error(req, feedback_rc_http(rc), feedback_rc_code(rc), feedback_rc_message(rc));
}

/* 400 invalid_utf8 for a JSON body that is not UTF-8 (jansson would call
 * it malformed): 1 when answered. */
static int body_not_utf8(struct request *req)
{
	if (strncasecmp(req->content_type, "application/json", 16) || !req->body_len ||
	    utf8_valid(req->body, req->body_len))
		return 0;
	http_error(req, 400, "invalid_utf8", "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.");
	return 1;
}

static json_t *answer_json(const struct feedback_answer *a)
{
	json_t *o = json_object();
	set_str(o, "text", a->text);
	set_str(o, "result", feedback_result_name(a->result));
	set_str(o, "basis", a->basis);
	set_str(o, "next_steps", a->next_steps);
	set_str(o, "unit", a->unit_code);
	set_str(o, "unit_name", a->unit_name);
	set_time(o, "drafted_at", a->drafted_at);
	set_time(o, "published_at", a->published_at);
	return o;
}

/* An item as the caller may see it (API.md): the public view, plus for
 * officers contact (when read), events, notes and the workflow state. */
static json_t *view_json(struct request *req, const struct feedback_view *v, const char *secret)
{
	json_t *o = json_object();
	set_str(o, "code", v->code);
	set_str(o, "title", v->title);
	set_str(o, "body", v->body);
	set_str(o, "category", v->category_code);
	set_str(o, "category_name", v->category_name);
	set_str(o, "status", feedback_status_name(v->status));
	set_time(o, "received_at", v->received_at);
	set_str(o, "unit", v->unit_code);
	set_str(o, "unit_name", v->unit_name);
	set_time(o, "due_at", v->due_at);
	set_str(o, "place", v->place);
	if (v->has_geo) {
		json_object_set_new(o, "lat", json_real(v->lat));
		json_object_set_new(o, "lon", json_real(v->lon));
	}
	set_str(o, "merged_into", v->merged_into_code);
	if (v->merged_hidden) {
		/* followed at an item the caller may not see: no code, no answer */
		json_object_set_new(o, "merged_into_hidden", json_true());
		json_object_set_new(o, "merged_answered", json_boolean(v->merged_answered));
	}
	if (v->has_answer)
		json_object_set_new(o, "answer", answer_json(&v->answer));
	json_t *files = json_array();
	for (size_t i = 0; i < v->nfiles; i++) {
		const struct attachment *f = &v->files[i];
		json_t *fj = json_pack("{s:I, s:s?, s:s?, s:I, s:s}", "id", (json_int_t)f->id, "filename", f->filename,
				       "mime", f->mime, "size", (json_int_t)f->size, "kind",
				       f->kind == ATTACHMENT_EVIDENCE ? "evidence" : "submission");
		if (!fj)
			continue;
		json_object_set_new(fj, "url", secret && v->is_sender
			? json_sprintf("/phan-anh/%s/tep/%lld?secret=%s", v->code, (long long)f->id, secret)
			: json_sprintf("/phan-anh/%s/tep/%lld", v->code, (long long)f->id));
		json_array_append_new(files, fj);
	}
	json_object_set_new(o, "files", files);
	if (v->is_sender) {
		json_object_set_new(o, "can_rate", json_boolean(v->can_rate));
		if (v->rating) {
			json_t *r = json_pack("{s:i, s:s?}", "score", v->rating, "comment", v->rating_comment);
			set_time(r, "rated_at", v->rated_at);
			json_object_set_new(o, "rating", r);
		}
	}
	if (!v->officer)
		return o;

	json_object_set_new(o, "public", json_boolean(v->public));
	set_str(o, "channel", feedback_channel_name(v->channel));
	set_str(o, "intake_unit", v->intake_unit_code);
	json_object_set_new(o, "due_extended", json_boolean(v->due_extended));
	json_object_set_new(o, "overdue", json_boolean(v->overdue));
	set_time(o, "answered_at", v->answered_at);
	set_time(o, "published_at", v->published_at);
	set_time(o, "closed_at", v->closed_at);
	if (v->redacted_title || v->redacted_body || v->redacted_place) {
		json_t *r = json_object();
		set_str(r, "title", v->redacted_title);
		set_str(r, "body", v->redacted_body);
		set_str(r, "place", v->redacted_place);
		json_object_set_new(o, "public_version", r);
	}
	if (v->rating) {
		json_t *r = json_pack("{s:i, s:s?}", "score", v->rating, "comment", v->rating_comment);
		set_time(r, "rated_at", v->rated_at);
		json_object_set_new(o, "rating", r);
	}
	if (v->has_draft)
		json_object_set_new(o, "draft", answer_json(&v->draft));
	json_object_set_new(o, "has_contact", json_boolean(v->has_contact));
	if (v->contact_shown)
		json_object_set_new(o, "contact", page_feedback_contact_json(&v->contact));
	json_t *events = json_array(), *notes = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const struct feedback_event *e = &v->events[i];
		json_t *ev = json_pack("{s:s, s:s?, s:b, s:s?, s:s?}", "type", feedback_event_name(e->type), "actor",
				       e->actor_name, "public", e->public, "status_before",
				       feedback_status_name(e->status_before), "status_after",
				       feedback_status_name(e->status_after));
		if (!ev)
			continue;
		set_time(ev, "at", e->at);
		set_str(ev, "unit", e->unit_code);
		set_str(ev, "text", e->text);
		if (e->extra) {
			json_t *x = json_loads(e->extra, 0, NULL);
			if (x)
				json_object_set_new(ev, "extra", x);
		}
		if (e->type == FB_EV_NOTE) {
			json_t *n = json_pack("{s:s?, s:s?}", "actor", e->actor_name, "text", e->text);
			set_time(n, "at", e->at);
			json_array_append_new(notes, n);
		}
		json_array_append_new(events, ev);
	}
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "notes", notes);
	json_t *allowed = json_array();
	for (int t = 0; t < FB_EV_ACTION_COUNT; t++)
		if (v->allowed_events & (1u << t))
			json_array_append_new(allowed, json_string(feedback_event_name((enum feedback_event_type)t)));
	json_object_set_new(o, "allowed_events", allowed);
	json_t *merged = json_array();
	for (size_t i = 0; i < v->nmerged; i++) {
		json_t *m = json_pack("{s:s?, s:s?, s:b}", "code", v->merged[i].code, "title", v->merged[i].title,
				      "has_contact", v->merged[i].has_contact);
		if (!m)
			continue;
		set_time(m, "received_at", v->merged[i].received_at);
		if (v->merged[i].contact_shown)
			json_object_set_new(m, "contact", page_feedback_contact_json(&v->merged[i].contact));
		json_array_append_new(merged, m);
	}
	json_object_set_new(o, "merged", merged);
	(void)req;
	return o;
}

static json_t *summary_json(const struct feedback_summary *s, int officer)
{
	json_t *o = json_object();
	set_str(o, "code", s->code);
	set_str(o, "title", s->title);
	set_str(o, "category", s->category_code);
	set_str(o, "category_name", s->category_name);
	set_str(o, "status", feedback_status_name(s->status));
	set_time(o, "received_at", s->received_at);
	set_str(o, "unit", s->unit_code);
	set_str(o, "unit_name", s->unit_name);
	set_time(o, "due_at", s->due_at);
	set_time(o, "published_at", s->published_at);
	if (officer) {
		json_object_set_new(o, "public", json_boolean(s->public));
		set_str(o, "channel", feedback_channel_name(s->channel));
		json_object_set_new(o, "overdue", json_boolean(s->overdue));
	}
	return o;
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
	set_time(out, "received_at", r->received_at);
	set_time(out, "due_at", r->due_at);
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
	if (body_not_utf8(req))
		return 0;
	json_t *in = api_body(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct feedback_input fi;
	memset(&fi, 0, sizeof(fi));
	fi.title = api_str(in, "title", errors);
	fi.body = api_str(in, "body", errors);
	fi.category = api_str(in, "category", errors);
	fi.place = api_str(in, "place", errors);
	fi.unit = api_str(in, "unit", errors);
	json_t *lat = json_object_get(in, "lat"), *lon = json_object_get(in, "lon");
	if (lat && !json_is_null(lat) && !json_is_number(lat))
		json_object_set_new(errors, "lat", json_string("phải là số"));
	if (lon && !json_is_null(lon) && !json_is_number(lon))
		json_object_set_new(errors, "lon", json_string("phải là số"));
	int has_lat = json_is_number(lat), has_lon = json_is_number(lon);
	if (has_lat != has_lon && !json_object_get(errors, has_lat ? "lon" : "lat"))
		json_object_set_new(errors, has_lat ? "lon" : "lat", json_string("cần cả lat và lon"));
	if (has_lat && has_lon) {
		fi.has_geo = 1;
		fi.lat = json_number_value(lat);
		fi.lon = json_number_value(lon);
	}
	json_t *pub = json_object_get(in, "public");
	if (pub && !json_is_null(pub) && !json_is_boolean(pub))
		json_object_set_new(errors, "public", json_string("phải là true hoặc false"));
	fi.is_private = json_is_false(pub);
	json_t *contact = json_object_get(in, "contact");
	if (contact && !json_is_null(contact)) {
		if (!json_is_object(contact)) {
			json_object_set_new(errors, "contact", json_string("phải là một đối tượng"));
		} else {
			const char *k;
			json_t *v;
			json_object_foreach(contact, k, v) {
				if (strcmp(k, "name") && strcmp(k, "phone") && strcmp(k, "email")) {
					char key[80];
					snprintf(key, sizeof(key), "contact.%s", k);
					json_object_set_new(errors, key, json_string("unknown field"));
				} else if (!json_is_string(v) && !json_is_null(v)) {
					char key[32];
					snprintf(key, sizeof(key), "contact.%s", k);
					json_object_set_new(errors, key, json_string("phải là chuỗi ký tự"));
				}
			}
			fi.contact_name = json_string_value(json_object_get(contact, "name"));
			fi.contact_phone = json_string_value(json_object_get(contact, "phone"));
			fi.contact_email = json_string_value(json_object_get(contact, "email"));
		}
	}
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "Dữ liệu chưa hợp lệ.", errors);
	json_decref(errors);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	fi.channel = FB_CH_API;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	struct feedback_errors errs;
	if (!page_submit_queue) {
		struct feedback_receipt r;
		int rc = page_feedback_submit_item(&ctx, &fi, &r, &errs);
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
	rc = submit_prepared_async(page_submit_queue, &pd->actor, &pd->p, &pd->r, committed, pd);
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
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
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
	rc = api_ok(req, 200, view_json(req, &v, secret));
	if (cacheable && !v.is_sender && !v.contact_shown && http_status(req) == 200)
		cache_put(key, stamp, req->out->buf, req->out->len);
	return rc;
}

/* --- GET /api/v1/feedback --------------------------------------------------------- */

/* A whole-number query parameter in [min, max]: 0 (absent: *out = def),
 * -1 with a field error. */
static int query_int(struct request *req, const char *name, long min, long max, long def, long *out,
		     json_t *errors)
{
	const char *s = req_query(req, name);
	*out = def;
	if (!s)
		return 0;
	if (parse_long_str(s, min, max, out) < 0) {
		json_object_set_new(errors, name, json_sprintf("phải là số nguyên từ %ld đến %ld", min, max));
		return -1;
	}
	return 0;
}

int api_feedback_list(struct request *req)
{
	json_t *errors = json_object();
	long page, per_page;
	/* any page number; one beyond the list's depth is page_out_of_range
	 * (app/feedback.h FEEDBACK_LIST_DEPTH), even one too long for a long */
	const char *ps = req_query(req, "page");
	size_t digits = ps ? strspn(ps, "0123456789") : 0;
	if (ps && digits > 18 && !ps[digits] && strspn(ps, "0") < digits)
		page = LONG_MAX;
	else
		query_int(req, "page", 1, LONG_MAX, 1, &page, errors);
	query_int(req, "per_page", 1, FEEDBACK_PER_PAGE_MAX, 20, &per_page, errors);
	const char *st = req_query(req, "status"), *cat = req_query(req, "category");
	const char *unit = req_query(req, "unit"), *q = web_clip(req, req_query(req, "q"), 1000);
	enum feedback_status s = FB_RECEIVED;
	if (st && *st && feedback_status_parse(st, &s) < 0)
		json_object_set_new(errors, "status", json_string("trạng thái không hợp lệ"));
	const struct session *sess = req->session;
	enum feedback_channel ch = FB_CH_WEB;
	const char *chs = req_query(req, "channel");
	if (sess && chs && *chs && feedback_channel_parse(chs, &ch) < 0)
		json_object_set_new(errors, "channel", json_string("kênh không hợp lệ"));
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.", errors);
	json_decref(errors);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	struct feedback_page pg;
	int rc;
	if (sess) {
		struct feedback_inbox_filter f = { 0 };
		f.status = st && *st ? 1 + (int)s : 0;
		f.category = cat && *cat ? cat : NULL;
		f.unit = unit && *unit ? unit : NULL;
		f.q = q && *q ? q : NULL;
		f.channel = chs && *chs ? 1 + (int)ch : 0;
		const char *ov = req_query(req, "overdue");
		f.overdue = ov && !strcmp(ov, "true");
		f.page = page;
		f.per_page = per_page;
		f.skip_overdue = 1; /* not part of the API's answer */
		struct feedback_inbox box;
		rc = feedback_inbox(&ctx, &f, &box);
		pg = box.page;
	} else {
		struct feedback_public_filter f = { 0 };
		/* a status other than published/closed: an empty page (the
		 * list's depth still applies) */
		if (st && *st)
			f.status = 1 + (int)s;
		f.category = cat && *cat ? cat : NULL;
		f.unit = unit && *unit ? unit : NULL;
		f.q = q && *q ? q : NULL;
		f.page = page;
		f.per_page = per_page;
		rc = feedback_list_public(&ctx, &f, &pg);
	}
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++)
		json_array_append_new(items, summary_json(&pg.items[i], sess != NULL));
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
	if (body_not_utf8(req))
		return 0;
	json_t *in = api_body(req, allowed);
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
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "Dữ liệu chưa hợp lệ.", errors);
	json_decref(errors);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	actor.account_id = 0; /* the sender, whoever's token this is */
	actor.name = "citizen";
	struct feedback_errors errs;
	const char *code = req_arg(req, "code");
	int rc = feedback_rate(&ctx, code, secret, (int)json_integer_value(score), comment, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct feedback_view v;
	if ((rc = feedback_get_public(&ctx, code, secret, &v)) < 0)
		return fail(req, rc, NULL);
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, view_json(req, &v, secret));
}

/* --- POST /api/v1/feedback/{code}/events ------------------------------------------- */

int api_feedback_event(struct request *req)
{
	static const char *const allowed[] = { "type", "unit", "reason", "text", "into", "days", "result",
					       "basis", "next_steps", "title", "body", "place", NULL };
	if (body_not_utf8(req))
		return 0;
	json_t *in = api_body(req, allowed);
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
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "Dữ liệu chưa hợp lệ.", errors);
	json_decref(errors);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	struct feedback_errors errs;
	const char *code = req_arg(req, "code");
	int rc = feedback_apply_event(&ctx, code, &a, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct feedback_view v;
	if ((rc = feedback_get(&ctx, code, NULL, 0, &v)) < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 200, view_json(req, &v, NULL));
}
