/*
 * report.c - the review reports API: GET /api/v1/reports/summary (JSON),
 * GET /api/v1/reports/summary.xlsx (the same figures as a workbook) and
 * GET /api/v1/reports/records (the records behind one figure, whose total
 * equals it). Officers only, within the units their roles reach
 * (app/report.h).
 */
#include "api/api.h"
#include "api/report_out.h"
#include "app/report.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "http/response.h"
#include "store/audit.h"
#include "web/view.h"

#include <stdlib.h>
#include <string.h>

/* Query parameters not in `allowed` are refused (422 with a field each):
 * a misspelt filter must not silently give the whole unit's figures. */
static int unknown_params(struct request *req, const char *const *allowed, json_t *errors)
{
	const char *q = req->query ? req->query : "";
	int bad = 0;
	while (*q) {
		size_t len = strcspn(q, "&");
		size_t nlen = strcspn(q, "=&");
		if (nlen > 0) {
			int known = 0;
			for (size_t i = 0; allowed[i]; i++)
				if (strlen(allowed[i]) == nlen && !memcmp(allowed[i], q, nlen))
					known = 1;
			if (!known) {
				char *name = arena_strndup(req->arena, q, nlen > 64 ? 64 : nlen);
				if (name)
					json_object_set_new(errors, name, json_string("tham số không được hỗ trợ"));
				bad++;
			}
		}
		q += len;
		if (*q == '&')
			q++;
	}
	return bad;
}

struct records_params {
	int64_t page, per_page;
};

static const struct param records_params[] = {
	PARAM_PAGE_AT(struct records_params, page),
	PARAM_INT_AT(struct records_params, per_page, "per_page", 1, 100, 20),
};

/* Read the common parameters; 0 when a response was sent already. */
static int read_request(struct request *req, const char *const *allowed, struct report_request *rq, json_t *errors)
{
	unknown_params(req, allowed, errors);
	rq->unit = req_query(req, "unit");
	rq->from = req_query(req, "from");
	rq->to = req_query(req, "to");
	rq->tree = req_query(req, "tree");
	rq->system = 0;
	return 1;
}

static int build(struct request *req, struct app_ctx *ctx, struct audit_actor *actor, struct report *r)
{
	static const char *const allowed[] = { "unit", "from", "to", "tree", NULL };
	json_t *errors = json_object();
	struct report_request rq;
	read_request(req, allowed, &rq, errors);
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	if (!view_open(req, actor, ctx))
		return 0;
	struct app_errors errs = { 0 };
	int rc = report_build(ctx, &rq, r, &errs);
	if (rc < 0) {
		api_fail(req, rc, &errs, NULL);
		return 0;
	}
	return 1;
}

int api_reports_summary(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct report r;
	if (!build(req, &ctx, &actor, &r))
		return 0;
	/* written straight out (api/report_out.h): a city's is 0.95 MB */
	sbuf_reset(req->out);
	if (report_json_write(req->arena, &r, req->out) < 0 || sbuf_addch(req->out, '\n') < 0)
		return -1;
	http_header(req, "Cache-Control", "no-store, private");
	return http_send(req, 200, "application/json; charset=utf-8");
}

int api_reports_summary_xlsx(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct report r;
	if (!build(req, &ctx, &actor, &r))
		return 0;
	const char *data;
	size_t len;
	if (report_xlsx_bytes(req->arena, &r, &data, &len) < 0)
		return -1;
	char f[11], t[11];
	const char *name = arena_printf(req->arena, "bao-cao-%s-%s-%s.xlsx", r.unit.code, fmt_ymd(r.from_day, f),
					fmt_ymd(r.to_day, t));
	if (!name)
		return -1;
	http_header(req, "Cache-Control", "no-store, private");
	return http_attachment(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, data,
			       len);
}

int api_reports_records(struct request *req)
{
	static const char *const allowed[] = { "unit", "from", "to", "tree", "indicator", "direct", "page",
					       "per_page", NULL };
	json_t *errors = json_object();
	struct report_request rq;
	read_request(req, allowed, &rq, errors);
	struct records_params p;
	if (params_from_query(req, records_params, PARAMS_COUNT(records_params), PARAMS_STRICT, &p, errors) < 0) {
		json_decref(errors);
		return -1;
	}
	const char *direct = req_query(req, "direct");
	if (direct && strcmp(direct, "1") && strcmp(direct, "0"))
		json_object_set_new(errors, "direct", json_string("phải là 0 hoặc 1"));
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	struct report_records out;
	int rc = report_records(&ctx, &rq, req_query(req, "indicator"), direct && !strcmp(direct, "1"), p.page,
				p.per_page, &out, &errs);
	if (rc < 0)
		return api_fail(req, rc, &errs, NULL);
	json_t *items = json_array();
	for (size_t i = 0; items && i < out.n; i++) {
		const struct ind_record *x = &out.items[i];
		char iso[26];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", x->kind, "id", x->ref, "title", x->title,
				      "status", x->status, "unit", out.unit_codes[i], "at", fmt_iso8601_vn(x->at, iso));
		if (o && !strcmp(x->kind, "feedback"))
			json_object_set_new(o, "url", json_string(arena_printf(req->arena, "/quan-ly/phan-anh/%s",
									       x->ref)));
		if (!o || json_array_append_new(items, o) < 0) {
			json_decref(items);
			return -1;
		}
	}
	json_t *body = json_pack("{s:s, s:o, s:I, s:I, s:I}", "indicator", out.ind->code, "items", items, "page",
				 (json_int_t)out.page, "per_page", (json_int_t)out.per_page, "total",
				 (json_int_t)out.total);
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, body);
}

/* --- saved (frozen) reports ------------------------------------------------------ */

static json_t *saved_json(struct request *req, const struct saved_report *s, int hash_ok)
{
	char f[11], t[11], iso[26];
	json_t *fig = json_loads(s->figures, 0, NULL);
	json_t *sec = json_loads(s->sections, 0, NULL);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s?, s:o, s:o}", "id",
			      arena_printf(req->arena, "%lld", (long long)s->id), "title", s->title, "unit", s->unit_code,
			      "unit_name", s->unit_name, "from", fmt_ymd(s->from_day, f), "to", fmt_ymd(s->to_day, t),
			      "tree", s->tree, "hash", s->hash, "hash_ok", hash_ok, "created_at",
			      fmt_iso8601_vn(s->created_at, iso), "created_by", s->created_by_name, "sections",
			      sec ? sec : json_object(), "figures", fig ? fig : json_object());
	return o;
}

/* POST /api/v1/reports/saved */
int api_reports_save(struct request *req)
{
	static const char *const allowed[] = { "unit", "from", "to", "tree", "title", "sections", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct report_request rq = { 0 };
	rq.unit = api_str(in, "unit", errors);
	rq.from = api_str(in, "from", errors);
	rq.to = api_str(in, "to", errors);
	rq.tree = api_str(in, "tree", errors);
	const char *title = api_str(in, "title", errors);
	const char *sections[REPORT_SECTIONS] = { 0 };
	json_t *sec = json_object_get(in, "sections");
	if (sec && !json_is_null(sec)) {
		if (!json_is_object(sec)) {
			json_object_set_new(errors, "sections", json_string("phải là một đối tượng JSON"));
		} else {
			const char *key;
			json_t *v;
			json_object_foreach(sec, key, v) {
				size_t i = 0;
				while (i < REPORT_SECTIONS && strcmp(key, report_section_names[i]))
					i++;
				const char *field = arena_printf(req->arena, "sections.%s", key);
				if (i == REPORT_SECTIONS)
					json_object_set_new(errors, field ? field : "sections",
							    json_string("trường không được hỗ trợ"));
				else if (!json_is_string(v))
					json_object_set_new(errors, field ? field : "sections",
							    json_string("phải là chuỗi"));
				else
					sections[i] = json_string_value(v);
			}
		}
	}
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs = { 0 };
	struct report r;
	int rc = report_build(&ctx, &rq, &r, &errs);
	if (rc < 0)
		return api_fail(req, rc, &errs, NULL);
	json_t *fig = report_json(req->arena, &r);
	char *text = fig ? json_dumps(fig, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(fig);
	const char *figures = text ? arena_strdup(req->arena, text) : NULL;
	free(text);
	if (!figures)
		return -1;
	int64_t id = 0;
	rc = report_save(&ctx, &r, title, sections, figures, &id, &errs);
	if (rc < 0)
		return api_fail(req, rc, &errs, NULL);
	struct saved_report s;
	int hash_ok = 0;
	if (report_saved_get(&ctx, id, &s, &hash_ok) < 0)
		return -1;
	http_header(req, "Location", arena_printf(req->arena, "/api/v1/reports/saved/%lld", (long long)id));
	return api_ok(req, 201, saved_json(req, &s, hash_ok));
}

static int64_t parse_id(const char *s)
{
	int64_t v = 0;
	if (!s || !*s || strlen(s) > 15)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* GET /api/v1/reports/saved/{id}: the frozen report, and where today's figures differ */
int api_reports_saved(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = parse_id(req_arg(req, "id"));
	struct saved_report s;
	int hash_ok = 0;
	int rc = id ? report_saved_get(&ctx, id, &s, &hash_ok) : APP_NOT_FOUND;
	if (rc < 0)
		return api_fail(req, rc, NULL, NULL);
	json_t *out = saved_json(req, &s, hash_ok);
	struct report_request rq;
	struct report r;
	struct app_errors errs = { 0 };
	rq.system = 0;
	if (!out || report_saved_request(req->arena, &s, &rq) < 0) {
		json_decref(out);
		return -1;
	}
	/* today's figures for the same query, if the caller may still see them */
	if (report_build(&ctx, &rq, &r, &errs) == APP_OK) {
		json_t *today = report_json(req->arena, &r);
		json_t *diff = today ? report_diff(json_object_get(out, "figures"), today) : NULL;
		json_decref(today);
		if (diff)
			json_object_set_new(out, "changed", diff);
	}
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, out);
}
