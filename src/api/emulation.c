/*
 * emulation.c - the JSON API of emulation and commendation (API.md,
 * "Emulation and commendation"): forms and base salary by date,
 * movements and their councils, models and their events, commendations
 * and their events, certificates and the honour roll.
 */
#include "api.h"
#include "api/emulation_out.h"
#include "app/emulation.h"
#include "app/result.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "store/audit.h"
#include "web/view.h"

#include <stdio.h>
#include <string.h>

static int fail(struct request *req, int rc, const struct app_errors *errs)
{
	return api_fail(req, rc, errs, NULL);
}

/* An integer query parameter in lo..hi (default dflt); -1 with a field
 * error in `errors` when malformed. */
static int64_t qint(struct request *req, const char *name, int64_t lo, int64_t hi, int64_t dflt, json_t *errors)
{
	const char *s = req_query(req, name);
	if (!s || !*s)
		return dflt;
	long v;
	if (parse_long_str(s, (long)lo, (long)hi, &v) < 0) {
		json_object_set_new(errors, name, json_string("giá trị không hợp lệ"));
		return dflt;
	}
	return v;
}

/* The {id} of the path, 0 when it is not one (the caller answers 404). */
static int64_t path_id(struct request *req)
{
	const char *s = req_arg(req, "id");
	long v;
	if (!s || parse_long_str(s, 1, INT64_MAX, &v) < 0)
		return 0;
	return v;
}

static const char *const fields[] = { "economy", "culture_society", "defence_security", "political_system", NULL };

static const char *qenum(struct request *req, const char *name, const char *const *names, json_t *errors)
{
	const char *s = req_query(req, name);
	if (!s || !*s)
		return NULL;
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return names[i];
	json_object_set_new(errors, name, json_string("giá trị không hợp lệ"));
	return NULL;
}

/* --- forms and base salary ------------------------------------------------------- */

int api_emul_forms(struct request *req)
{
	const char *date = req_query(req, "date");
	int64_t day = -1;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	if (date && !strcmp(date, "all"))
		day = -1;
	else if (date && *date && parse_date(date, &day) < 0)
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.",
					 json_pack("{s:s}", "date", "ngày không hợp lệ (YYYY-MM-DD)"));
	else if (!date || !*date)
		day = vn_day_of(ctx.now);
	json_t *out;
	int rc = emul_forms(&ctx, day, &out);
	if (rc < 0)
		return fail(req, rc, NULL);
	/* the store's internal thousandths stay out of the contract */
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(out, "items"), i, v) {
		json_object_del(v, "multiplier_milli");
		json_object_del(v, "recipient_factor_milli");
		json_object_del(v, "id");
		if (json_is_null(json_object_get(v, "effective_to")))
			json_object_del(v, "effective_to");
	}
	return api_ok(req, 200, out);
}

int api_emul_form_add(struct request *req)
{
	static const char *const allowed[] = { "code", "name", "kind", "recipient", "granted_by", "multiplier",
					       "recipient_factor", "posting_days", "posting_unit", "effective_from",
					       "effective_to", "legal_basis", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_form_add(&ctx, in, &errs, &out);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_object_del(out, "multiplier_milli");
	json_object_del(out, "recipient_factor_milli");
	json_object_del(out, "id");
	return api_ok(req, 201, out);
}

int api_emul_salaries(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_salaries(&ctx, &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_emul_salary_add(struct request *req)
{
	static const char *const allowed[] = { "amount", "effective_from", "legal_basis", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_salary_add(&ctx, in, &errs, &out);
	return rc < 0 ? fail(req, rc, &errs) : api_ok(req, 201, out);
}

/* --- movements --------------------------------------------------------------------- */

int api_movement_create(struct request *req)
{
	static const char *const allowed[] = { "title", "unit", "starts_on", "ends_on", "criteria", "units", "quorum",
					       NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_movement_create(&ctx, in, &errs, &id);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *out;
	if ((rc = emul_movement_get(&ctx, id, &out)) < 0)
		return fail(req, rc, NULL);
	return api_ok(req, 201, out);
}

int api_movements(struct request *req)
{
	json_t *errors = json_object();
	int64_t page = qint(req, "page", 1, 10000, 1, errors), per = qint(req, "per_page", 1, 100, 20, errors);
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_movements(&ctx, page, per, &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

/*
 * GET …/{id}: the record as `get` reads it; with no_store, a signed-in
 * reader's copy (it may show what the public does not) is not cached.
 */
static int read_by_id(struct request *req, int (*get)(const struct app_ctx *, int64_t, json_t **), int no_store)
{
	int64_t id = path_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = get(&ctx, id, &out);
	if (rc == APP_OK && no_store && req->session)
		http_header(req, "Cache-Control", "no-store, private");
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_movement_get(struct request *req)
{
	return read_by_id(req, emul_movement_get, 0);
}

/*
 * POST …/{id}/… whose body the app function reads itself: `act` on the
 * record of the path's id, then answer `status` with the record as `get`
 * reads it (a movement's council member, a model's or a commendation's
 * event, a model attached to an event).
 */
static int act_then_get(struct request *req, const char *const *allowed,
			int (*act)(const struct app_ctx *, int64_t, json_t *, struct app_errors *),
			int (*get)(const struct app_ctx *, int64_t, json_t **), int status)
{
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	int64_t id = path_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	int rc = act(&ctx, id, in, &errs);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *out;
	if ((rc = get(&ctx, id, &out)) < 0)
		return fail(req, rc, NULL);
	return api_ok(req, status, out);
}

int api_movement_council(struct request *req)
{
	static const char *const allowed[] = { "username", "unit", "role", NULL };
	return act_then_get(req, allowed, emul_council_add, emul_movement_get, 201);
}

/* --- models ---------------------------------------------------------------------------- */

int api_model_create(struct request *req)
{
	static const char *const allowed[] = { "movement", "title", "unit", "kind", "field", "person", "description",
					       "goals", "results", "situation", "area", "forces", "resources",
					       "timeframe", "sustain", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_model_register(&ctx, in, &errs, &id);
	if (rc < 0)
		return fail(req, rc, &errs);
	char sid[24], loc[48];
	snprintf(sid, sizeof(sid), "%lld", (long long)id);
	snprintf(loc, sizeof(loc), "/api/v1/models/%lld", (long long)id);
	http_header(req, "Location", loc);
	return api_ok(req, 201, json_pack("{s:s, s:s}", "id", sid, "status", "registered"));
}

int api_models(struct request *req)
{
	json_t *errors = json_object();
	struct emul_model_query q = {
		.movement = qint(req, "movement", 1, INT64_MAX, 0, errors),
		.year = qint(req, "year", 1945, 2200, 0, errors),
		.page = qint(req, "page", 1, 10000, 1, errors),
		.per_page = qint(req, "per_page", 1, 100, 20, errors),
		.field = qenum(req, "field", fields, errors),
		.unit = req_query(req, "unit"),
		.q = req_query(req, "q"),
		.status = req_query(req, "status"),
	};
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_models(&ctx, &q, &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_model_get(struct request *req)
{
	return read_by_id(req, emul_model_get, 1);
}

int api_model_event(struct request *req)
{
	static const char *const allowed[] = { "type", "scores", "comment", "reason", NULL };
	return act_then_get(req, allowed, emul_model_event, emul_model_get, 200);
}

/* --- commendations ------------------------------------------------------------------------ */

int api_commendation_create(struct request *req)
{
	static const char *const allowed[] = { "form", "year", "recipient", "reason", "model", "initiative", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_commendation_propose(&ctx, in, &errs, &out);
	if (rc < 0)
		return fail(req, rc, &errs);
	return api_ok(req, 201, out);
}

static const char *const comm_statuses[] = { "proposed", "posted", "approved", "decided", "rejected", NULL };

int api_commendations(struct request *req)
{
	json_t *errors = json_object();
	struct emul_commendation_query q = {
		.year = qint(req, "year", 1945, 2200, 0, errors),
		.page = qint(req, "page", 1, 10000, 1, errors),
		.per_page = qint(req, "per_page", 1, 100, 20, errors),
		.status = qenum(req, "status", comm_statuses, errors),
		.unit = req_query(req, "unit"),
		.form = req_query(req, "form"),
	};
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_commendations(&ctx, &q, &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_commendation_get(struct request *req)
{
	return read_by_id(req, emul_commendation_get, 1);
}

int api_commendation_event(struct request *req)
{
	static const char *const allowed[] = { "type", "reason", "number", "date", "issuer", "text", NULL };
	return act_then_get(req, allowed, emul_commendation_event, emul_commendation_get, 200);
}

/* The period of an export: from..to, default the year so far. */
static int export_period(const char *from_s, const char *to_s, int64_t today, int64_t *from, int64_t *to)
{
	int y, m, d;
	civil_from_days(today, &y, &m, &d);
	*from = days_from_civil(y, 1, 1);
	*to = today;
	if (from_s && *from_s && parse_date(from_s, from) < 0)
		return -1;
	if (to_s && *to_s && parse_date(to_s, to) < 0)
		return -1;
	return *to < *from ? -1 : 0;
}

int api_commendations_xlsx(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t from, to;
	const char *unit = req_query(req, "unit");
	if (export_period(req_query(req, "from"), req_query(req, "to"), vn_day_of(ctx.now), &from, &to) < 0)
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.",
					 json_pack("{s:s}", "from", "khoảng ngày không hợp lệ (YYYY-MM-DD)"));
	json_t *ex = NULL;
	int rc = emul_commendations_export(&ctx, unit, from, to, &ex);
	if (rc == APP_VALIDATION)
		return http_error_fields(req, 422, "validation_failed", "Tham số chưa hợp lệ.",
					 json_pack("{s:s}", "unit", "không có đơn vị này"));
	if (rc < 0)
		return fail(req, rc, NULL);
	const char *data;
	size_t len;
	rc = emul_commendations_xlsx_bytes(req->arena, ex, from, to, &data, &len);
	json_decref(ex);
	if (rc < 0)
		return http_error(req, 500, NULL, NULL);
	return http_attachment(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			       "khen-thuong.xlsx", data, len);
}

int api_certificate(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_certificate(&ctx, req_arg(req, "code"), &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_honours(struct request *req)
{
	json_t *errors = json_object();
	int64_t year = qint(req, "year", 1945, 2200, 0, errors);
	const char *field = qenum(req, "field", fields, errors);
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_honours(&ctx, req_query(req, "unit"), year, field, req_query(req, "name"), &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

/* --- "Ngày hội" events ------------------------------------------------------------------------ */

int api_emul_event_create(struct request *req)
{
	static const char *const allowed[] = { "title", "unit", "date", "place", "description", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_event_create(&ctx, in, &errs, &id);
	if (rc < 0)
		return fail(req, rc, &errs);
	json_t *out;
	if ((rc = emul_event_get(&ctx, id, &out)) < 0)
		return fail(req, rc, NULL);
	char loc[64];
	snprintf(loc, sizeof(loc), "/api/v1/emulation/events/%lld", (long long)id);
	http_header(req, "Location", loc);
	return api_ok(req, 201, out);
}

int api_emul_events(struct request *req)
{
	json_t *errors = json_object();
	int64_t year = qint(req, "year", 1945, 2200, 0, errors);
	int64_t page = qint(req, "page", 1, 10000, 1, errors);
	int64_t per = qint(req, "per_page", 1, 100, 20, errors);
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *out;
	int rc = emul_events(&ctx, req_query(req, "unit"), year, page, per, &out);
	return rc < 0 ? fail(req, rc, NULL) : api_ok(req, 200, out);
}

int api_emul_event_get(struct request *req)
{
	return read_by_id(req, emul_event_get, 1);
}

int api_emul_event_attach(struct request *req)
{
	static const char *const allowed[] = { "model", "note", NULL };
	return act_then_get(req, allowed, emul_event_attach, emul_event_get, 201);
}
