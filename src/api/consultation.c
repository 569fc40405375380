/*
 * consultation.c - the JSON API of consultations on drafts
 * (/api/v1/consultations...): create, list, read, comment, new versions
 * and their diff, replies, moderation, grouping, the report's events, the
 * report as JSON and as XLSX (libxlsxwriter, written row by row). Shapes
 * and error codes are in API.md.
 */
#include <xlsxwriter.h>

#include "api.h"
#include "api/xlsx_file.h"
#include "app/consultation.h"
#include "app/result.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"
#include "web/view_consultation.h"
#include "web/web.h"

static int fail(struct request *req, int rc, const struct app_errors *errs)
{
	return api_fail(req, rc, errs, consult_rc_message);
}

/* A decimal id from a path argument or a JSON string; 0 when not one. */
static int64_t parse_id(const char *s)
{
	long v;
	if (!s || parse_long_str(s, 1, 1000000000000L, &v) < 0)
		return 0;
	return v;
}

static int64_t arg_id(struct request *req, const char *name)
{
	return parse_id(req_arg(req, name));
}

/* An optional id member given as a string (or a number): *id 0 when
 * absent or null; an error under `key` when not an id. */
static void id_member(json_t *in, const char *key, int64_t *id, json_t *errors)
{
	json_t *v = json_object_get(in, key);
	*id = 0;
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v))
		*id = parse_id(json_string_value(v));
	else if (json_is_integer(v) && json_integer_value(v) > 0)
		*id = json_integer_value(v);
	if (!*id)
		json_object_set_new(errors, key, json_string("phải là mã số"));
}

/*
 * An ISO 8601 time: "YYYY-MM-DD" (00:00 Vietnam time), or
 * "YYYY-MM-DDTHH:MM[:SS]" with "Z", "+HH:MM" or "-HH:MM" (none: Vietnam
 * time). 0, or -1 when malformed.
 */
static int parse_time(const char *s, int64_t *out)
{
	const char *p = s, *end = s + strlen(s);
	int64_t y, mo, d, h = 0, mi = 0, sec = 0, off = 7 * 3600;
	if (parse_int(&p, end, &y, 9999) < 0 || p - s != 4 || *p++ != '-' ||
	    parse_int(&p, end, &mo, 12) < 0 || *p++ != '-' || parse_int(&p, end, &d, 31) < 0 || p - s != 10)
		return -1;
	if (y < 1970 || mo < 1 || d < 1 || d > days_in_month((int)y, (int)mo))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		const char *q = p;
		if (parse_int(&p, end, &h, 23) < 0 || p - q != 2 || *p++ != ':')
			return -1;
		q = p;
		if (parse_int(&p, end, &mi, 59) < 0 || p - q != 2)
			return -1;
		if (*p == ':') {
			q = ++p;
			if (parse_int(&p, end, &sec, 60) < 0 || p - q != 2)
				return -1;
		}
		if (*p == 'Z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1;
			int64_t oh, om;
			q = p;
			if (parse_int(&p, end, &oh, 14) < 0 || p - q != 2 || *p++ != ':')
				return -1;
			q = p;
			if (parse_int(&p, end, &om, 59) < 0 || p - q != 2)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	*out = days_from_civil((int)y, (int)mo, (int)d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

static void time_member(json_t *in, const char *key, int64_t *t, json_t *errors)
{
	const char *s = api_str(in, key, errors);
	*t = 0;
	if (s && parse_time(s, t) < 0)
		json_object_set_new(errors, key, json_string("thời điểm ISO 8601, ví dụ 2026-08-30T08:00:00+07:00"));
}

/* --- POST /api/v1/consultations -------------------------------------------------------- */

int api_consultations_create(struct request *req)
{
	static const char *const allowed[] = { "title", "unit", "summary", "text", "opens_at", "closes_at",
					       "audience", "invited", "kind", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct consult_input ci;
	memset(&ci, 0, sizeof(ci));
	ci.title = api_str(in, "title", errors);
	ci.unit = api_str(in, "unit", errors);
	ci.summary = api_str(in, "summary", errors);
	ci.text = api_str(in, "text", errors);
	ci.audience = api_str(in, "audience", errors);
	ci.kind = api_str(in, "kind", errors);
	time_member(in, "opens_at", &ci.opens_at, errors);
	time_member(in, "closes_at", &ci.closes_at, errors);
	json_t *inv = json_object_get(in, "invited");
	if (inv && !json_is_null(inv)) {
		if (!json_is_array(inv) || json_array_size(inv) > 50) {
			json_object_set_new(errors, "invited", json_string("phải là danh sách mã đơn vị"));
		} else {
			const char **codes = arena_alloc(req->arena, (json_array_size(inv) + 1) * sizeof(char *));
			if (!codes)
				return -1;
			size_t i;
			json_t *v;
			json_array_foreach(inv, i, v) {
				if (!json_is_string(v))
					json_object_set_new(errors, "invited", json_string("phải là danh sách mã đơn vị"));
				codes[i] = json_string_value(v);
			}
			ci.invited = codes;
			ci.ninvited = json_array_size(inv);
		}
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	int64_t id;
	int rc = consult_create(&ctx, &ci, &id, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	struct consult_view v;
	rc = consult_get(&ctx, id, 0, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	char loc[64];
	snprintf(loc, sizeof(loc), "/api/v1/consultations/%lld", (long long)id);
	http_header(req, "Location", loc);
	return api_ok(req, 201, view_consultation(req->arena, &v, ctx.now, VIEW_API));
}

/* --- GET /api/v1/consultations ---------------------------------------------------------- */

/* The list's filter from the query (status, q, unit, page, per_page);
 * 0, or -1 with a 422 answered. Shared with the page (same names). */
static int list_filter(struct request *req, struct app_ctx *ctx, struct consultation_filter *f, int64_t *page)
{
	json_t *errors = json_object();
	memset(f, 0, sizeof(*f));
	f->now = ctx->now;
	const char *s = req_query(req, "status");
	if (s && *s) {
		if (!strcmp(s, "upcoming"))
			f->when = CONSULT_UPCOMING;
		else if (!strcmp(s, "open"))
			f->when = CONSULT_OPEN;
		else if (!strcmp(s, "closed"))
			f->when = CONSULT_CLOSED;
		else
			json_object_set_new(errors, "status", json_string("upcoming, open hoặc closed"));
	}
	long pg = 1, per = 20;
	s = req_query(req, "page");
	if (s && parse_long_str(s, 1, 500, &pg) < 0)
		json_object_set_new(errors, "page", json_string("số trang từ 1 đến 500"));
	s = req_query(req, "per_page");
	if (s && parse_long_str(s, 1, 100, &per) < 0)
		json_object_set_new(errors, "per_page", json_string("từ 1 đến 100"));
	s = req_query(req, "q");
	if (s && *s) {
		if (!utf8_valid(s, strlen(s)))
			json_object_set_new(errors, "q", json_string("có ký tự không hợp lệ"));
		f->q = s;
	}
	s = req_query(req, "unit");
	if (s && *s) {
		struct unit u = { .id = 0 };
		int r = unit_get_by_code(ctx->db, req->arena, s, &u);
		if (r != DB_OK && r != DB_NOTFOUND)
			json_object_set_new(errors, "unit", json_string("không đọc được đơn vị"));
		else if (r == DB_NOTFOUND)
			json_object_set_new(errors, "unit", json_string("không có đơn vị này"));
		f->unit_id = u.id;
	}
	/* emulation: opened in [from, to) - days (their start in Vietnam), as the meetings list */
	int64_t day;
	s = req_query(req, "from");
	if (s && *s && parse_date(s, &day) < 0)
		json_object_set_new(errors, "from", json_string("ngày không hợp lệ (YYYY-MM-DD)"));
	else if (s && *s)
		f->opens_from = vn_day_start(day);
	s = req_query(req, "to");
	if (s && *s && parse_date(s, &day) < 0)
		json_object_set_new(errors, "to", json_string("ngày không hợp lệ (YYYY-MM-DD)"));
	else if (s && *s)
		f->opens_to = vn_day_start(day);
	f->limit = per;
	f->offset = (pg - 1) * per;
	*page = pg;
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return -1;
	return 0;
}

int api_consultations_list(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct consultation_filter f;
	int64_t page;
	if (list_filter(req, &ctx, &f, &page) < 0)
		return 0;
	struct consultation *items;
	size_t n;
	int64_t total;
	int rc = consult_list(&ctx, &f, &items, &n, &total);
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, view_consultation_item(&items[i], ctx.now, VIEW_API));
	return api_ok(req, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", list, "page", (json_int_t)page, "per_page",
					  (json_int_t)f.limit, "total", (json_int_t)total));
}

/* --- GET /api/v1/consultations/{id} ------------------------------------------------------ */

int api_consultations_get(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), version = 0;
	if (!id)
		return fail(req, APP_NOT_FOUND, NULL);
	const char *vs = req_query(req, "version");
	if (vs && !(version = parse_id(vs)))
		return fail(req, APP_NOT_FOUND, NULL);
	struct consult_view v;
	int rc = consult_get(&ctx, id, version, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	if (v.drafter) {
		http_header(req, "Cache-Control", "no-store, private");
		if ((rc = consult_audit_names(&ctx, &v)) < 0)
			return fail(req, rc, NULL);
	}
	return api_ok(req, 200, view_consultation(req->arena, &v, ctx.now, VIEW_API));
}

/* --- GET /api/v1/consultations/{id}/diff?from=&to= ---------------------------------------- */

int api_consultations_diff(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id");
	int64_t from = parse_id(req_query(req, "from")), to = parse_id(req_query(req, "to"));
	if (!from || !to)
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.",
					 json_pack("{s:s}", from ? "to" : "from", "số phiên bản"));
	struct consultation_part *parts;
	size_t n;
	int rc = id ? consult_diff(&ctx, id, from, to, &parts, &n) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct consultation_part *p = &parts[i];
		const char *change = !p->in_new ? "removed" : !p->old_text ? "added"
				     : strcmp(p->old_text, p->text ? p->text : "") ? "changed" : "unchanged";
		json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->id, "label", p->label, "change", change);
		json_object_set_new(o, "id", json_sprintf("%lld", (long long)p->id));
		json_object_set_new(o, "old_text", p->old_text ? json_string(p->old_text) : json_null());
		json_object_set_new(o, "new_text", p->in_new && p->text ? json_string(p->text) : json_null());
		json_array_append_new(items, o);
	}
	return api_ok(req, 200, json_pack("{s:I, s:I, s:o}", "from", (json_int_t)from, "to", (json_int_t)to, "parts",
					  items));
}

/* --- POST /api/v1/consultations/{id}/comments ------------------------------------------- */

int api_consultations_comment(struct request *req)
{
	static const char *const allowed[] = { "part", "text", "name", "show_name", "contact", "channel",
					       "organisation", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct consult_comment_input ci;
	memset(&ci, 0, sizeof(ci));
	id_member(in, "part", &ci.part_id, errors);
	ci.text = api_str(in, "text", errors);
	ci.name = api_str(in, "name", errors);
	ci.channel = api_str(in, "channel", errors);
	ci.organisation = api_str(in, "organisation", errors);
	json_t *sn = json_object_get(in, "show_name");
	if (sn && !json_is_null(sn) && !json_is_boolean(sn))
		json_object_set_new(errors, "show_name", json_string("phải là true hoặc false"));
	ci.show_name = json_is_true(sn);
	json_t *contact = json_object_get(in, "contact");
	if (contact && !json_is_null(contact)) {
		if (!json_is_object(contact)) {
			json_object_set_new(errors, "contact", json_string("phải là một đối tượng"));
		} else {
			const char *k;
			json_t *v;
			json_object_foreach(contact, k, v) {
				char key[80];
				snprintf(key, sizeof(key), "contact.%s", k);
				if (strcmp(k, "phone") && strcmp(k, "email") && strcmp(k, "address"))
					json_object_set_new(errors, key, json_string("unknown field"));
				else if (!json_is_string(v) || strlen(json_string_value(v)) > 200)
					json_object_set_new(errors, key, json_string("chuỗi ký tự, tối đa 200"));
			}
			if (json_object_size(contact))
				ci.contact = json_dumps(contact, JSON_COMPACT | JSON_SORT_KEYS);
			if (ci.contact) {
				char *copy = arena_strdup(req->arena, ci.contact);
				free((void *)ci.contact);
				ci.contact = copy;
				if (!copy)
					return -1;
			}
		}
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), cid;
	struct app_errors errs = { 0 };
	int rc = id ? consult_comment(&ctx, id, &ci, &cid, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 201, json_pack("{s:o, s:s}", "id", json_sprintf("%lld", (long long)cid), "status",
					  "received"));
}

/* --- POST /api/v1/consultations/{id}/versions -------------------------------------------- */

int api_consultations_version(struct request *req)
{
	static const char *const allowed[] = { "text", NULL };
	const char *val[1];
	if (!api_strings(req, allowed, val))
		return 0;
	const char *text = val[0];
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), number;
	struct app_errors errs = { 0 };
	int rc = id ? consult_new_version(&ctx, id, text, &number, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	struct consult_view v;
	rc = consult_get(&ctx, id, 0, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 201, view_consultation(req->arena, &v, ctx.now, VIEW_API));
}

/* --- POST …/comments/{cid}/reply, /hide, /group --------------------------------------------- */

int api_consultations_reply(struct request *req)
{
	static const char *const allowed[] = { "decision", "text", "part", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	const char *decision = api_str(in, "decision", errors);
	const char *text = api_str(in, "text", errors);
	int64_t part;
	id_member(in, "part", &part, errors);
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), cid = arg_id(req, "cid");
	struct app_errors errs = { 0 };
	int rc = id && cid ? consult_reply(&ctx, id, cid, decision, text, part, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	return api_ok(req, 200, json_pack("{s:o, s:s}", "id", json_sprintf("%lld", (long long)cid), "decision",
					  decision));
}

int api_consultations_hide(struct request *req)
{
	static const char *const allowed[] = { "reason", NULL };
	const char *val[1];
	if (!api_strings(req, allowed, val))
		return 0;
	const char *reason = val[0];
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), cid = arg_id(req, "cid");
	struct app_errors errs = { 0 };
	int rc = id && cid ? consult_hide(&ctx, id, cid, reason, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	return api_ok(req, 200, json_pack("{s:o, s:b}", "id", json_sprintf("%lld", (long long)cid), "hidden", 1));
}

int api_consultations_group(struct request *req)
{
	static const char *const allowed[] = { "into", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	int64_t into;
	id_member(in, "into", &into, errors);
	if (!into && !json_object_get(errors, "into"))
		json_object_set_new(errors, "into", json_string("bắt buộc"));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), cid = arg_id(req, "cid");
	struct app_errors errs = { 0 };
	int rc = id && cid ? consult_group(&ctx, id, cid, into, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	return api_ok(req, 200, json_pack("{s:o, s:o}", "id", json_sprintf("%lld", (long long)cid), "group",
					  json_sprintf("%lld", (long long)into)));
}

int api_consultations_contact(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id"), cid = arg_id(req, "cid");
	const char *contact = NULL;
	int rc = id && cid ? consult_contact(&ctx, id, cid, &contact) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, NULL);
	http_header(req, "Cache-Control", "no-store, private");
	json_t *c = contact ? json_loads(contact, 0, NULL) : NULL;
	return api_ok(req, 200, json_pack("{s:o}", "contact", c ? c : json_null()));
}

/* --- POST /api/v1/consultations/{id}/events ------------------------------------------------ */

int api_consultations_event(struct request *req)
{
	static const char *const allowed[] = { "type", NULL };
	const char *val[1];
	if (!api_strings(req, allowed, val))
		return 0;
	const char *type = val[0];
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = arg_id(req, "id");
	struct app_errors errs = { 0 };
	int rc = id ? consult_event(&ctx, id, type, &errs) : APP_NOT_FOUND;
	if (rc < 0)
		return fail(req, rc, &errs);
	struct consult_view v;
	rc = consult_get(&ctx, id, 0, &v);
	if (rc < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 200, view_consultation(req->arena, &v, ctx.now, VIEW_API));
}

/* --- GET /api/v1/consultations/{id}/report(.xlsx) ------------------------------------------ */

static int load_report(struct request *req, struct app_ctx *ctx, struct audit_actor *actor, struct consult_report *r)
{
	if (!view_open(req, actor, ctx))
		return 0;
	int64_t id = arg_id(req, "id");
	int rc = id ? consult_report(ctx, id, r) : APP_NOT_FOUND;
	if (rc < 0) {
		fail(req, rc, NULL);
		return 0;
	}
	if (!r->c.report_published_at)
		http_header(req, "Cache-Control", "no-store, private");
	return 1;
}

int api_consultations_report(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct consult_report r;
	if (!load_report(req, &ctx, &actor, &r))
		return 0;
	return api_ok(req, 200, view_consultation_report(&r, VIEW_API));
}

/* Write the report as an XLSX file at `path` (row by row: constant memory). */
static int write_xlsx(const char *path, void *arg)
{
	const struct consult_report *r = arg;
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Bao cao");
	lxw_format *bold = workbook_add_format(wb);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	worksheet_set_column(ws, 0, 0, 22, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_set_column(ws, 2, 2, 28, NULL);
	worksheet_set_column(ws, 3, 3, 20, NULL);
	worksheet_set_column(ws, 4, 4, 60, NULL);
	static const char *const head[] = { "part", "comment", "by", "decision", "reply" };
	lxw_row_t row = 0;
	for (lxw_col_t c = 0; c < 5; c++)
		worksheet_write_string(ws, row, c, head[c], bold);
	for (size_t i = 0; i < r->nrows; i++) {
		row++;
		const struct consult_report_row *w = &r->rows[i];
		worksheet_write_string(ws, row, 0, w->part, wrap);
		worksheet_write_string(ws, row, 1, w->comment, wrap);
		worksheet_write_string(ws, row, 2, w->by, wrap);
		worksheet_write_string(ws, row, 3, w->decision ? w->decision : "", wrap);
		worksheet_write_string(ws, row, 4, w->reply ? w->reply : "", wrap);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int api_consultations_report_xlsx(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct consult_report r;
	if (!load_report(req, &ctx, &actor, &r))
		return 0;
	const char *data;
	size_t len;
	if (xlsx_file_bytes(req->arena, write_xlsx, &r, (size_t)64 * 1024 * 1024, &data, &len) < 0)
		return http_error(req, 500, NULL, NULL);
	char name[64];
	snprintf(name, sizeof(name), "bao-cao-gop-y-%lld.xlsx", (long long)r.c.id);
	return http_attachment(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, data,
			       len);
}
