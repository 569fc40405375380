/*
 * emulation_commend.c - commendation proposals (app/emulation.h): the
 * check against the rules in force, the workflow table run by wf_apply()
 * (post, approve, decide, reject), the prize and certificate of a
 * decision, and the views of a commendation (public once decided).
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/perm.h"
#include "app/trackcode.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"
#include "store/unit.h"

static const char *const statuses[EC_STATUS_COUNT] = { "proposed", "posted", "approved", "decided", "rejected" };

#define OFFICERS (ROLE_LEADER | ROLE_HANDLER | ROLE_INTAKE | ROLE_FRONT | ROLE_ADMIN)

/* --- the proposal ------------------------------------------------------------------- */

static const char *const recipient_kinds[] = { "individual", "collective", "household", NULL };

/* The rules of the form in force on `day` checked for the recipient: the
 * unmet notes appended to `unmet`. */
static int check_rules(const struct app_ctx *ctx, const char *form, int64_t day, int64_t year, const char *name,
		       int64_t unit_id, const char *person, const char *initiative, json_t *unmet)
{
	json_t *rules = emdb_rules(ctx->db, form, day);
	if (!rules)
		return APP_ERROR;
	size_t i;
	json_t *r;
	int rc = APP_OK;
	json_array_foreach(rules, i, r) {
		const char *kind = json_string_value(json_object_get(r, "kind"));
		const char *req = json_string_value(json_object_get(r, "requires_form"));
		int64_t years = json_integer_value(json_object_get(r, "years"));
		int met = 1;
		if (!strcmp(kind, "initiative")) {
			met = initiative && *initiative;
		} else {
			int64_t first = !strcmp(kind, "same_year") ? year : year - years + 1;
			for (int64_t y = first; met && y <= year; y++) {
				int64_t n = 0;
				if (emdb_holds(ctx->db, req, y, name, unit_id, person, &n) < 0) {
					rc = APP_ERROR;
					break;
				}
				met = n > 0;
			}
		}
		if (!met)
			json_array_append(unmet, json_object_get(r, "note"));
	}
	json_decref(rules);
	return rc;
}

int emul_commendation_propose(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out)
{
	app_errors_clear(errs);
	int64_t today = em_today(ctx), year = 0, model = 0;
	const char *form = em_text(ctx, in, "form", "Vui lòng chọn danh hiệu, hình thức khen thưởng.", 64, 0, errs);
	em_int(in, "year", 1945, 2200, "Vui lòng nhập năm.", &year, errs);
	const char *reason = em_text(ctx, in, "reason", "Vui lòng nêu thành tích.", 5000, 1, errs);
	const char *initiative = em_text(ctx, in, "initiative", NULL, 2000, 1, errs);
	json_t *rec = json_object_get(in, "recipient");
	const char *rkind = NULL, *rname = NULL, *rcode = NULL, *person = NULL;
	if (!json_is_object(rec)) {
		app_errors_add(errs, "recipient", "Vui lòng nêu đối tượng khen thưởng {kind, name, unit}.");
	} else {
		struct app_errors sub = { 0 };
		const char *k;
		json_t *v;
		json_object_foreach(rec, k, v)
			if (strcmp(k, "kind") && strcmp(k, "name") && strcmp(k, "unit") && strcmp(k, "person")) {
				char key[80];
				snprintf(key, sizeof(key), "recipient.%.60s", k);
				app_errors_addf(errs, ctx->arena, key, "unknown field");
			}
		rkind = em_enum(rec, "kind", recipient_kinds, "Vui lòng chọn cá nhân, tập thể hoặc hộ gia đình.", &sub);
		rname = em_text(ctx, rec, "name", "Vui lòng nhập tên.", 200, 0, &sub);
		rcode = em_text(ctx, rec, "unit", "Vui lòng chọn đơn vị.", 64, 0, &sub);
		person = em_text(ctx, rec, "person", NULL, 64, 0, &sub);
		for (size_t i = 0; i < sub.n; i++) {
			char key[80];
			snprintf(key, sizeof(key), "recipient.%s", sub.items[i].field);
			app_errors_addf(errs, ctx->arena, key, "%s", sub.items[i].message);
		}
	}
	json_t *mv = json_object_get(in, "model");
	if (mv && !json_is_null(mv)) {
		model = json_is_string(mv) ? em_id(json_string_value(mv)) : json_is_integer(mv) ? json_integer_value(mv) : 0;
		json_t *rows = model > 0 ? emdb_model(ctx->db, model) : json_array();
		if (!rows)
			return APP_ERROR;
		const char *st = json_string_value(json_object_get(em_first(rows), "status"));
		if (!st)
			app_errors_add(errs, "model", "Không có mô hình này.");
		else if (!emul_model_public(st))
			app_errors_add(errs, "model", "Mô hình chưa được công nhận.");
		json_decref(rows);
	}
	json_t *frow = NULL;
	if (form) {
		json_t *rows = emdb_form_on(ctx->db, form, today);
		if (!rows)
			return APP_ERROR;
		frow = json_incref(em_first(rows));
		json_decref(rows);
		if (!frow) {
			int ex = emdb_form_exists(ctx->db, form);
			if (ex < 0)
				return APP_ERROR;
			app_errors_add(errs, "form", ex ? "Hình thức này không còn hiệu lực vào ngày đề nghị."
							: "Không có danh hiệu, hình thức khen thưởng này.");
		} else if (rkind && strcmp(rkind, json_string_value(json_object_get(frow, "recipient")))) {
			app_errors_addf(errs, ctx->arena, "recipient.kind", "Hình thức này dành cho đối tượng: %s.",
					emul_recipient_label(json_string_value(json_object_get(frow, "recipient"))));
		}
	}
	struct unit u = { 0 };
	if (rcode && em_unit_on(ctx, rcode, today, "recipient.unit", &u, errs) == -2) {
		json_decref(frow);
		return APP_ERROR;
	}
	json_decref(frow);
	if (errs->n)
		return APP_VALIDATION;
	unsigned roles;
	if (em_roles(ctx, u.id, &roles) < 0)
		return APP_ERROR;
	if (ctx->actor && ctx->actor->account_id && !(roles & OFFICERS)) {
		app_errors_add(errs, "recipient.unit", "Bạn không có quyền đề nghị khen thưởng cho đơn vị này.");
		return APP_FORBIDDEN;
	}
	json_t *unmet = json_array(), *warnings = json_array();
	int rc = check_rules(ctx, form, today, year, rname, u.id, person, initiative, unmet);
	int64_t dup = 0;
	if (rc == APP_OK && emdb_holds(ctx->db, form, year, rname, u.id, person, &dup) < 0)
		rc = APP_ERROR;
	if (dup) {
		char w[160];
		snprintf(w, sizeof(w), "Đối tượng này đã được khen thưởng cùng hình thức trong năm %lld.", (long long)year);
		json_array_append_new(warnings, json_string(w));
	}
	char *unmet_s = rc == APP_OK ? json_dumps(unmet, JSON_COMPACT) : NULL;
	int eligible = json_array_size(unmet) == 0;
	int64_t id = 0;
	if (rc == APP_OK && (!unmet_s || db_begin(ctx->db) < 0))
		rc = APP_ERROR;
	if (rc == APP_OK) {
		int64_t actor = ctx->actor ? ctx->actor->account_id : 0;
		if (emdb_commendation_insert(ctx->db, form, year, rkind, rname, u.id, person, reason, initiative, model,
					     eligible, unmet_s, today, actor, ctx->now, &id) < 0 ||
		    emdb_commendation_event(ctx->db, id, ctx->now, "propose", actor, 0, "proposed", "proposed", NULL,
					    unmet_s, NULL) < 0)
			rc = APP_ERROR;
		else
			rc = em_audit(ctx, "commendation.propose", "commendation", id,
				      json_pack("{s:s, s:I, s:s, s:s, s:b}", "form", form, "year", (json_int_t)year,
						"recipient_kind", rkind, "unit", u.code, "eligible", eligible));
		if (rc == APP_OK && db_commit(ctx->db) < 0)
			rc = APP_ERROR;
		if (rc != APP_OK)
			db_rollback(ctx->db);
	}
	free(unmet_s);
	if (rc != APP_OK) {
		json_decref(unmet);
		json_decref(warnings);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:b, s:o, s:o}", "id", em_key(ctx, id), "status", "proposed", "eligible", eligible,
			 "unmet", unmet, "warnings", warnings);
	return *out ? APP_OK : APP_ERROR;
}

/* --- the workflow ----------------------------------------------------------------------- */

struct comm_rec {
	int64_t id, unit_id, model;
	int eligible;
	int64_t posted_on;              /* day number, -1 none */
	const char *form, *recipient_kind;
	const char *text;               /* reason, decision number ... */
	const char *number, *issuer;
	int64_t date;
	const char *override_reason;
	json_t *extra;
};

#define IN(s) WF_BIT(EC_##s)

static int apply_post(struct wf_call *c);
static int apply_approve(struct wf_call *c);
/* The level that grants the form decides it: a leader (or administrator)
 * of the root of the recipient's tree for the province and above, of the
 * unit just below the root for the district; any leader reaching the
 * recipient for the commune (the engine checked that). */
static int check_authority(struct wf_call *c, const char *granted_by)
{
	const struct app_ctx *ctx = c->ctx;
	struct comm_rec *r = c->record;
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	if (!acct || !granted_by || !strcmp(granted_by, "commune"))
		return APP_OK;
	struct unit_list up;
	if (unit_ancestors(ctx->db, ctx->arena, r->unit_id, &up) < 0)
		return APP_ERROR;
	int64_t need = r->unit_id; /* the chain: the unit, then its ancestors, root last */
	if (up.n)
		need = up.items[up.n - 1].id;
	if (!strcmp(granted_by, "district") && up.n >= 2)
		need = up.items[up.n - 2].id;
	else if (!strcmp(granted_by, "district") && up.n == 1)
		need = r->unit_id;
	unsigned roles = 0;
	if (perm_roles(ctx->db, acct, need, &roles) < 0)
		return APP_ERROR;
	if (!(roles & (ROLE_LEADER | ROLE_ADMIN))) {
		app_errors_add(c->errs, "type", !strcmp(granted_by, "district")
			       ? "Hình thức này do cấp huyện quyết định: cần lãnh đạo cấp đó ghi nhận quyết định."
			       : "Hình thức này do cấp tỉnh trở lên quyết định: cần lãnh đạo cấp tỉnh ghi nhận quyết định.");
		return APP_FORBIDDEN;
	}
	return APP_OK;
}

static int apply_decide(struct wf_call *c);

static const struct wf_event events[ECV_COUNT] = {
	/*                 name       roles                                   in                                     next         public apply */
	[ECV_POST]    = { "post",    OFFICERS,                                IN(PROPOSED),                          EC_POSTED,   1, apply_post },
	[ECV_APPROVE] = { "approve", ROLE_LEADER | ROLE_ADMIN,                IN(PROPOSED) | IN(POSTED),             EC_APPROVED, 0, apply_approve },
	[ECV_DECIDE]  = { "decide",  ROLE_LEADER | ROLE_ADMIN,                IN(APPROVED),                          EC_DECIDED,  1, apply_decide },
	[ECV_REJECT]  = { "reject",  ROLE_LEADER | ROLE_ADMIN,                IN(PROPOSED) | IN(POSTED) | IN(APPROVED), EC_REJECTED, 0, NULL },
};

static int comm_check(struct wf_call *c)
{
	json_t *in = (json_t *)c->input;
	struct comm_rec *r = c->scratch;
	const struct app_ctx *ctx = c->ctx;
	switch (c->event) {
	case ECV_REJECT:
		r->text = em_text(ctx, in, "reason", "Vui lòng nêu lý do.", 2000, 1, c->errs);
		break;
	case ECV_APPROVE:
		r->override_reason = em_text(ctx, in, "reason", NULL, 2000, 1, c->errs);
		break;
	case ECV_DECIDE:
		r->number = em_text(ctx, in, "number", "Vui lòng nhập số quyết định.", 64, 0, c->errs);
		r->issuer = em_text(ctx, in, "issuer", "Vui lòng nhập cơ quan, người ký quyết định.", 200, 0, c->errs);
		if (em_day(in, "date", "Vui lòng nhập ngày quyết định.", &r->date, c->errs) == 1 && r->date > em_today(ctx))
			app_errors_add(c->errs, "date", "Ngày quyết định không được sau hôm nay.");
		break;
	default:
		r->text = em_text(ctx, in, "text", NULL, 2000, 1, c->errs);
	}
	return APP_OK;
}

static int comm_load(struct wf_call *c, const char *key)
{
	int64_t id = em_id(key);
	json_t *rows = id ? emdb_commendation(c->ctx->db, id) : json_array();
	if (!rows)
		return APP_ERROR;
	json_t *m = em_first(rows);
	if (!m) {
		json_decref(rows);
		return APP_NOT_FOUND;
	}
	struct comm_rec *r = c->scratch;
	r->id = id;
	r->unit_id = json_integer_value(json_object_get(m, "unit_id"));
	r->model = json_integer_value(json_object_get(m, "model"));
	r->eligible = json_is_true(json_object_get(m, "eligible"));
	json_t *pd = json_object_get(m, "posted_day");
	r->posted_on = json_is_integer(pd) ? json_integer_value(pd) : -1;
	r->form = arena_strdup(c->ctx->arena, json_string_value(json_object_get(m, "form")));
	r->recipient_kind = arena_strdup(c->ctx->arena, json_string_value(json_object_get(m, "recipient_kind")));
	const char *st = json_string_value(json_object_get(m, "status"));
	c->status = -1;
	for (int i = 0; st && i < EC_STATUS_COUNT; i++)
		if (!strcmp(statuses[i], st))
			c->status = i;
	c->is_public = c->status == EC_DECIDED;
	json_decref(rows);
	c->record = r;
	c->object = key;
	c->scope_unit = r->unit_id;
	return c->status < 0 || !r->form ? APP_ERROR : APP_OK;
}

static int apply_post(struct wf_call *c)
{
	return APP_OK;
}

/* The end of the public notice (day number) of a form posted on `posted`. */
static int notice_end(const struct app_ctx *ctx, json_t *form, int64_t posted, int64_t *end)
{
	int64_t days = json_integer_value(json_object_get(form, "posting_days"));
	const char *unit = json_string_value(json_object_get(form, "posting_unit"));
	int working = unit && !strcmp(unit, "working_day");
	if (!ctx->cal || !working) {
		*end = posted + days;
		return 0;
	}
	return calendar_due_day(ctx->cal, posted, (int)days, CAL_WORKING_DAY, end);
}

static int apply_approve(struct wf_call *c)
{
	struct comm_rec *r = c->record;
	const struct app_ctx *ctx = c->ctx;
	int64_t today = em_today(ctx);
	json_t *rows = emdb_form_on(ctx->db, r->form, today);
	if (!rows)
		return APP_ERROR;
	json_t *f = em_first(rows);
	int64_t pdays = f ? json_integer_value(json_object_get(f, "posting_days")) : 0;
	int rc = APP_OK;
	if (pdays > 0) {
		int64_t end = 0;
		if (c->status != EC_POSTED) {
			app_errors_add(c->errs, "type", "Hình thức này phải niêm yết công khai trước khi xét.");
			rc = APP_INVALID_TRANSITION;
		} else if (notice_end(ctx, f, r->posted_on, &end) < 0) {
			rc = APP_ERROR;
		} else if (today <= end) {
			char d[11];
			app_errors_addf(c->errs, ctx->arena, "type", "Chưa đủ thời gian niêm yết công khai: đến hết ngày %s.",
					fmt_dmy(end, d));
			rc = APP_CONFLICT;
		}
	}
	json_decref(rows);
	if (rc != APP_OK)
		return rc;
	if (!r->eligible && !r->override_reason) {
		app_errors_add(c->errs, "reason",
			       "Đề nghị chưa đủ điều kiện theo quy định: lãnh đạo cần nêu lý do để trình tiếp.");
		return APP_VALIDATION;
	}
	r->text = r->override_reason;
	if (emdb_commendation_approve(ctx->db, r->id, today, r->override_reason, ctx->now) < 0)
		return APP_ERROR;
	if (r->override_reason)
		json_object_set_new(c->summary, "override", json_true());
	return APP_OK;
}

static int apply_decide(struct wf_call *c)
{
	struct comm_rec *r = c->record;
	const struct app_ctx *ctx = c->ctx;
	json_t *rows = emdb_form_on(ctx->db, r->form, r->date);
	if (!rows)
		return APP_ERROR;
	json_t *f = em_first(rows);
	int64_t base = 0;
	int src = emdb_salary_on(ctx->db, r->date, &base);
	if (src < 0 && src != DB_NOTFOUND) {
		json_decref(rows);
		return APP_ERROR;
	}
	if (!f || src == DB_NOTFOUND) {
		json_decref(rows);
		app_errors_add(c->errs, "date", !f ? "Hình thức khen thưởng này không có hiệu lực vào ngày quyết định."
						   : "Chưa có mức lương cơ sở cho ngày quyết định.");
		return APP_VALIDATION;
	}
	int arc = check_authority(c, json_string_value(json_object_get(f, "granted_by")));
	if (arc != APP_OK) {
		json_decref(rows);
		return arc;
	}
	int64_t form_id = json_integer_value(json_object_get(f, "id"));
	int64_t mult = json_integer_value(json_object_get(f, "multiplier_milli"));
	int64_t factor = json_integer_value(json_object_get(f, "recipient_factor_milli"));
	json_decref(rows);
	int64_t prize = emul_prize_vnd(mult, factor, base);
	if (prize < 0)
		return APP_ERROR;
	char code[TRACKCODE_BUFSZ];
	trackcode_new(code);
	int rc = emdb_commendation_decide(ctx->db, r->id, r->number, r->date, r->issuer, form_id, base, prize, code,
					  ctx->now);
	if (rc < 0)
		return APP_ERROR;
	char d[11];
	r->text = r->number;
	r->extra = json_pack("{s:s, s:s, s:s, s:I, s:I}", "number", r->number, "date", fmt_ymd(r->date, d), "issuer",
			     r->issuer, "prize_vnd", (json_int_t)prize, "base_salary", (json_int_t)base);
	json_object_set_new(c->summary, "prize_vnd", json_integer(prize));
	json_object_set_new(c->summary, "certificate", json_string(code));
	/* the model it honours is now commended */
	if (r->model) {
		json_t *mrows = emdb_model(ctx->db, r->model);
		if (!mrows)
			return APP_ERROR;
		const char *st = json_string_value(json_object_get(em_first(mrows), "status"));
		if (st && (!strcmp(st, "recognised") || !strcmp(st, "exemplary"))) {
			json_t *res = json_object_get(em_first(mrows), "result");
			int64_t centi = json_is_number(res) ? (int64_t)(json_number_value(res) * 100.0 + 0.5) : 0;
			char *before = arena_strdup(ctx->arena, st);
			if (emdb_model_set(ctx->db, r->model, "commended", centi, ctx->now) < 0 ||
			    emdb_model_event(ctx->db, r->model, ctx->now, "commend", ctx->actor ? ctx->actor->account_id : 0,
					     1, before, "commended", r->number, NULL, NULL) < 0) {
				json_decref(mrows);
				return APP_ERROR;
			}
		}
		json_decref(mrows);
	}
	return APP_OK;
}

static int comm_save(struct wf_call *c)
{
	struct comm_rec *r = c->record;
	const struct app_ctx *ctx = c->ctx;
	int rc = 0;
	if (c->event == ECV_POST)
		rc = emdb_commendation_post(ctx->db, r->id, em_today(ctx), ctx->now);
	else if (c->event == ECV_REJECT)
		rc = emdb_commendation_reject(ctx->db, r->id, r->text, ctx->now);
	if (rc < 0)
		return APP_ERROR;
	char *extra = r->extra ? json_dumps(r->extra, JSON_COMPACT) : NULL;
	rc = emdb_commendation_event(ctx->db, r->id, ctx->now, c->ev->name, ctx->actor ? ctx->actor->account_id : 0,
				     c->ev->public, statuses[c->status], statuses[c->next], r->text, extra, &c->event_id);
	free(extra);
	return rc < 0 ? APP_ERROR : APP_OK;
}

const struct wf_domain emul_commendation_domain = {
	.name = "commendation",
	.statuses = statuses, .nstatuses = EC_STATUS_COUNT,
	.events = events, .nevents = ECV_COUNT,
	.check = comm_check, .load = comm_load, .save = comm_save,
};

int emul_commendation_event(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs)
{
	struct comm_rec scratch = { .posted_on = -1 };
	const char *type = json_string_value(json_object_get(in, "type"));
	int ev = type ? wf_event_parse(&emul_commendation_domain, type) : -1;
	if (ev < 0) {
		app_errors_clear(errs);
		app_errors_add(errs, "type", "Loại thao tác không hợp lệ.");
		return APP_VALIDATION;
	}
	int rc = wf_apply(ctx, &emul_commendation_domain, em_key(ctx, id), ev, in, &scratch, errs);
	json_decref(scratch.extra);
	return rc;
}

/* --- reading ------------------------------------------------------------------------------ */

/* The commendation row as its viewer may see it (officer: everything). */
static json_t *shape(const struct app_ctx *ctx, json_t *m, int officer)
{
	int64_t id = json_integer_value(json_object_get(m, "id"));
	const char *status = json_string_value(json_object_get(m, "status"));
	json_t *o = json_pack("{s:s, s:O, s:O, s:O, s:{s:O, s:O, s:O, s:O, s:s}, s:O, s:O, s:s}", "id", em_key(ctx, id),
			      "form", json_object_get(m, "form"), "form_name", json_object_get(m, "form_name"), "year",
			      json_object_get(m, "year"), "recipient", "kind", json_object_get(m, "recipient_kind"),
			      "name", json_object_get(m, "recipient_name"), "unit", json_object_get(m, "unit"),
			      "unit_name", json_object_get(m, "unit_name"), "kind_label",
			      emul_recipient_label(json_string_value(json_object_get(m, "recipient_kind"))), "reason",
			      json_object_get(m, "reason"), "status", json_object_get(m, "status"), "status_label",
			      emul_commendation_status_label(status));
	if (!o)
		return NULL;
	json_int_t model = json_integer_value(json_object_get(m, "model"));
	if (model) {
		json_object_set_new(o, "model", json_string(em_key(ctx, model)));
		json_object_set(o, "model_title", json_object_get(m, "model_title"));
	}
	if (status && !strcmp(status, "decided")) {
		const char *code = json_string_value(json_object_get(m, "certificate_code"));
		char url[48];
		snprintf(url, sizeof(url), "/xac-minh/%s", code ? code : "");
		json_object_set(o, "prize_vnd", json_object_get(m, "prize_vnd"));
		json_object_set_new(o, "certificate", json_pack("{s:s?, s:s}", "code", code, "url", url));
		json_object_set_new(o, "decision", json_pack("{s:O, s:O, s:O}", "number", json_object_get(m, "decision_number"),
							     "date", json_object_get(m, "decision_date"), "issuer",
							     json_object_get(m, "decision_issuer")));
		json_object_set(o, "base_salary", json_object_get(m, "base_salary"));
		json_object_set(o, "multiplier", json_object_get(m, "decided_multiplier"));
		json_object_set(o, "recipient_factor", json_object_get(m, "decided_factor"));
		json_object_set(o, "legal_basis", json_object_get(m, "decided_basis"));
	}
	if (officer) {
		json_object_set(json_object_get(o, "recipient"), "person", json_object_get(m, "person"));
		json_object_set(o, "eligible", json_object_get(m, "eligible"));
		json_object_set(o, "unmet", json_object_get(m, "unmet"));
		json_object_set(o, "initiative", json_object_get(m, "initiative"));
		json_object_set(o, "override_reason", json_object_get(m, "override_reason"));
		json_object_set(o, "proposed_on", json_object_get(m, "proposed_on"));
		json_object_set(o, "posted_on", json_object_get(m, "posted_on"));
		json_object_set(o, "approved_on", json_object_get(m, "approved_on"));
		json_object_set(o, "reject_reason", json_object_get(m, "reject_reason"));
	}
	return o;
}

int emul_commendation_get(const struct app_ctx *ctx, int64_t id, json_t **out)
{
	json_t *rows = emdb_commendation(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *m = em_first(rows);
	if (!m) {
		json_decref(rows);
		return APP_NOT_FOUND;
	}
	unsigned roles = 0;
	if (em_roles(ctx, json_integer_value(json_object_get(m, "unit_id")), &roles) < 0) {
		json_decref(rows);
		return APP_ERROR;
	}
	const char *status = json_string_value(json_object_get(m, "status"));
	int officer = roles != 0;
	if (!officer && strcmp(status, "decided")) {
		json_decref(rows);
		return APP_NOT_FOUND;
	}
	json_t *o = shape(ctx, m, officer);
	json_t *timeline = emdb_commendation_events(ctx->db, id, !officer);
	int st = -1;
	for (int i = 0; i < EC_STATUS_COUNT; i++)
		if (!strcmp(statuses[i], status))
			st = i;
	json_decref(rows);
	if (!o || !timeline) {
		json_decref(o);
		json_decref(timeline);
		return APP_ERROR;
	}
	json_object_set_new(o, "events", timeline);
	if (officer) {
		json_t *acts = json_array();
		unsigned mask = wf_allowed(&emul_commendation_domain, st, roles);
		for (int e = 0; e < ECV_COUNT; e++)
			if (mask & (1u << e))
				json_array_append_new(acts, json_string(events[e].name));
		json_object_set_new(o, "actions", acts);
	}
	*out = o;
	return APP_OK;
}

int emul_commendations(const struct app_ctx *ctx, const struct emul_commendation_query *q, json_t **out)
{
	struct emdb_commendation_filter f = {
		.status = "decided", .unit = q->unit, .form = q->form, .year = q->year,
		.limit = q->per_page, .offset = (q->page - 1) * q->per_page,
	};
	int officer = 0;
	if (q->unit && *q->unit && ctx->actor && ctx->actor->account_id) {
		struct unit u;
		int rc = unit_get_by_code(ctx->db, ctx->arena, q->unit, &u);
		if (rc < 0 && rc != DB_NOTFOUND)
			return APP_ERROR;
		unsigned roles = 0;
		if (rc == DB_OK && em_roles(ctx, u.id, &roles) < 0)
			return APP_ERROR;
		officer = roles != 0;
	}
	if (officer)
		f.status = q->status;
	else if (q->status && *q->status && strcmp(q->status, "decided"))
		f.status = "none";
	int64_t total = 0;
	json_t *rows = emdb_commendations(ctx->db, &f, &total);
	if (!rows)
		return APP_ERROR;
	json_t *items = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
		json_array_append_new(items, shape(ctx, v, officer));
	json_decref(rows);
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)q->page, "per_page",
			 (json_int_t)q->per_page, "total", (json_int_t)total);
	return *out ? APP_OK : APP_ERROR;
}

int emul_commendations_export(const struct app_ctx *ctx, const char *unit, int64_t from, int64_t to,
			      json_t **out)
{
	struct unit u;
	int rc = unit ? unit_get_by_code(ctx->db, ctx->arena, unit, &u) : DB_NOTFOUND;
	if (rc == DB_NOTFOUND)
		return APP_VALIDATION;
	if (rc < 0)
		return APP_ERROR;
	unsigned roles = 0;
	if (em_roles(ctx, u.id, &roles) < 0)
		return APP_ERROR;
	if (ctx->actor && ctx->actor->account_id && !roles)
		return APP_FORBIDDEN;
	json_t *rows = emdb_commendations_decided(ctx->db, u.code, from, to);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
		json_object_set_new(v, "recipient_label",
				    json_string(emul_recipient_label(json_string_value(json_object_get(v, "recipient_kind")))));
	*out = json_pack("{s:s, s:s, s:o}", "unit", u.code, "unit_name", u.name, "rows", rows);
	return *out ? APP_OK : APP_ERROR;
}

int emul_certificate(const struct app_ctx *ctx, const char *code, json_t **out)
{
	char norm[TRACKCODE_BUFSZ];
	if (!code || trackcode_parse(code, norm) != TRACKCODE_OK)
		return APP_NOT_FOUND;
	json_t *rows = emdb_commendation_by_code(ctx->db, norm);
	if (!rows)
		return APP_ERROR;
	json_t *m = em_first(rows);
	*out = m ? shape(ctx, m, 0) : NULL;
	json_decref(rows);
	return m ? (*out ? APP_OK : APP_ERROR) : APP_NOT_FOUND;
}
