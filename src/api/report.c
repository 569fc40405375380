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
	json_t *out = report_json(req->arena, &r);
	if (!out)
		return -1;
	http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, out);
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
