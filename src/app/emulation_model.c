/*
 * emulation_model.c - models and exemplars of a movement (app/emulation.h):
 * registration, the lifecycle table run by wf_apply() (app/workflow.h),
 * the council's scoring with recusal and quorum, one model as its viewer
 * may see it, and the filtered list.
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/consultation.h"
#include "app/feedback.h"
#include "app/meeting.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"
#include "store/search.h"

static const char *const statuses[EM_STATUS_COUNT] = {
	"registered", "implementing", "self_assessed", "evaluated", "recognised", "exemplary", "commended",
	"discontinued",
};

struct model_rec {
	int64_t id, unit_id, movement, movement_unit;
	int64_t qnum, qden;
	int64_t result_centi;           /* -1: none */
	const char *text;               /* the timeline event's text */
	json_t *extra;                  /* the timeline event's extra (stolen by save) */
};

/* --- the table ---------------------------------------------------------------------- */

#define IN(s) WF_BIT(EM_##s)
#define OFFICERS (ROLE_LEADER | ROLE_HANDLER | ROLE_FRONT | ROLE_ADMIN)

static int apply_evaluate(struct wf_call *c);
static int apply_text(struct wf_call *c);

static const struct wf_event events[EMV_COUNT] = {
	/*                          name                roles                     in                                   next             public apply */
	[EMV_IMPLEMENT]        = { "implement",        OFFICERS,                 IN(REGISTERED),                      EM_IMPLEMENTING, 1, apply_text },
	[EMV_SELF_ASSESS]      = { "self_assess",      OFFICERS,                 IN(IMPLEMENTING),                    EM_SELF_ASSESSED, 1, apply_text },
	[EMV_EVALUATE]         = { "evaluate",         ROLE_ALL,                 IN(SELF_ASSESSED) | IN(EVALUATED),   WF_SAME,         0, apply_evaluate },
	[EMV_RECOGNISE]        = { "recognise",        ROLE_LEADER | ROLE_ADMIN, IN(EVALUATED),                       EM_RECOGNISED,   1, apply_text },
	[EMV_SELECT_EXEMPLARY] = { "select_exemplary", ROLE_LEADER | ROLE_ADMIN, IN(RECOGNISED),                      EM_EXEMPLARY,    1, apply_text },
	[EMV_DISCONTINUE]      = { "discontinue",      ROLE_LEADER | ROLE_ADMIN,
				   IN(REGISTERED) | IN(IMPLEMENTING) | IN(SELF_ASSESSED) | IN(EVALUATED) | IN(RECOGNISED) | IN(EXEMPLARY),
				   EM_DISCONTINUED, 1, apply_text },
};

/* The text each event reads: required for self_assess and discontinue. */
static int model_check(struct wf_call *c)
{
	json_t *in = (json_t *)c->input;
	struct model_rec *scratch = c->scratch;
	const char *missing = NULL;
	if (c->event == EMV_SELF_ASSESS)
		missing = "Vui lòng nhập nội dung tự đánh giá.";
	else if (c->event == EMV_DISCONTINUE)
		missing = "Vui lòng nêu lý do dừng.";
	const char *key = json_object_get(in, "reason") ? "reason" : "comment";
	scratch->text = em_text(c->ctx, in, key, missing, 5000, 1, c->errs);
	if (c->event == EMV_EVALUATE) {
		json_t *s = json_object_get(in, "scores");
		if (!json_is_object(s) || !json_object_size(s))
			app_errors_add(c->errs, "scores", "Vui lòng chấm điểm từng tiêu chí (0 đến 10).");
	}
	return APP_OK;
}

static int find_status(const char *name)
{
	for (int i = 0; name && i < EM_STATUS_COUNT; i++)
		if (!strcmp(statuses[i], name))
			return i;
	return -1;
}

static int model_load(struct wf_call *c, const char *key)
{
	int64_t id = em_id(key);
	json_t *rows = id ? emdb_model(c->ctx->db, id) : json_array();
	if (!rows)
		return APP_ERROR;
	json_t *m = em_first(rows);
	if (!m) {
		json_decref(rows);
		return APP_NOT_FOUND;
	}
	struct model_rec *r = c->scratch;
	r->id = id;
	r->unit_id = json_integer_value(json_object_get(m, "unit_id"));
	r->movement = json_integer_value(json_object_get(m, "movement"));
	r->movement_unit = json_integer_value(json_object_get(m, "movement_unit_id"));
	r->qnum = json_integer_value(json_object_get(m, "quorum_num"));
	r->qden = json_integer_value(json_object_get(m, "quorum_den"));
	json_t *res = json_object_get(m, "result");
	r->result_centi = json_is_number(res) ? (int64_t)(json_number_value(res) * 100.0 + 0.5) : -1;
	const char *st = json_string_value(json_object_get(m, "status"));
	c->status = find_status(st);
	c->is_public = emul_model_public(st);
	json_decref(rows);
	c->record = r;
	c->object = key;
	c->scope_unit = r->unit_id;
	if (c->event == EMV_RECOGNISE || c->event == EMV_SELECT_EXEMPLARY) {
		/* the organising unit decides; the model's own unit sees it (403) */
		unsigned own = 0;
		if (em_roles(c->ctx, r->unit_id, &own) < 0)
			return APP_ERROR;
		c->is_public |= own != 0;
		c->scope_unit = r->movement_unit;
	}
	if (c->event == EMV_EVALUATE && c->ctx->actor && c->ctx->actor->account_id) {
		json_t *mem = emdb_council_member(c->ctx->db, r->movement, c->ctx->actor->account_id);
		if (!mem)
			return APP_ERROR;
		if (em_first(mem)) {
			/* a council member acts from the unit it sits for */
			c->scope_unit = json_integer_value(json_object_get(em_first(mem), "unit_id"));
			c->is_public = 1;
		}
		json_decref(mem);
	}
	return c->status < 0 ? APP_ERROR : APP_OK;
}

static int apply_text(struct wf_call *c)
{
	return APP_OK;
}

/* A council member scores every criterion; recusal; quorum; the result. */
static int apply_evaluate(struct wf_call *c)
{
	struct model_rec *r = c->record;
	const struct app_ctx *ctx = c->ctx;
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	json_t *mem = emdb_council_member(ctx->db, r->movement, acct);
	if (!mem)
		return APP_ERROR;
	json_t *me = em_first(mem);
	int64_t member = me ? json_integer_value(json_object_get(me, "id")) : 0;
	int64_t member_unit = me ? json_integer_value(json_object_get(me, "unit_id")) : 0;
	json_decref(mem);
	if (!member) {
		app_errors_add(c->errs, "scores", "Chỉ thành viên hội đồng thẩm định của phong trào được chấm điểm.");
		return APP_FORBIDDEN;
	}
	int within = unit_is_within(ctx->db, member_unit, r->unit_id);
	if (within < 0)
		return APP_ERROR;
	if (within) {
		app_errors_add(c->errs, "scores",
			       "Thành viên hội đồng thuộc đơn vị có mô hình không được chấm điểm mô hình này (tránh xung "
			       "đột lợi ích).");
		return APP_FORBIDDEN;
	}
	json_t *in = (json_t *)c->input;
	json_t *scores = json_object_get(in, "scores");
	json_t *crit = emdb_criteria(ctx->db, r->movement);
	if (!crit)
		return APP_ERROR;
	int64_t wsum = 0, total = 0;
	size_t i;
	json_t *v;
	json_array_foreach(crit, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		int64_t w = json_integer_value(json_object_get(v, "weight_milli"));
		json_t *s = json_object_get(scores, code);
		char key[96];
		snprintf(key, sizeof(key), "scores.%s", code);
		if (!json_is_integer(s) || json_integer_value(s) < 0 || json_integer_value(s) > 10) {
			app_errors_addf(c->errs, ctx->arena, key, "Điểm tiêu chí phải là số nguyên từ 0 đến 10.");
			continue;
		}
		wsum += w;
		total += w * json_integer_value(s);
	}
	const char *k;
	json_object_foreach(scores, k, v) {
		int known = 0;
		json_array_foreach(crit, i, v)
			known |= !strcmp(json_string_value(json_object_get(v, "code")), k);
		if (!known)
			app_errors_addf(c->errs, ctx->arena, "scores", "Tiêu chí '%.40s' không thuộc phong trào.", k);
	}
	if (c->errs && c->errs->n) {
		json_decref(crit);
		return APP_VALIDATION;
	}
	int64_t centi = wsum ? (total * 100 + wsum / 2) / wsum : 0;
	int64_t eval_id = 0;
	int rc = emdb_evaluation_insert(ctx->db, r->id, member, centi, r->text ? r->text : "", ctx->now, &eval_id);
	if (rc == DB_CONSTRAINT) {
		json_decref(crit);
		app_errors_add(c->errs, "scores", "Thành viên này đã chấm điểm mô hình.");
		return APP_CONFLICT;
	}
	json_array_foreach(crit, i, v) {
		if (rc < 0)
			break;
		const char *code = json_string_value(json_object_get(v, "code"));
		rc = emdb_score_insert(ctx->db, eval_id, code, json_integer_value(json_object_get(scores, code)));
	}
	json_decref(crit);
	if (rc < 0)
		return APP_ERROR;
	/* the quorum counts the members who may score this model */
	json_t *council = emdb_council(ctx->db, r->movement);
	json_t *evals = emdb_evaluations(ctx->db, r->id);
	if (!council || !evals) {
		json_decref(council);
		json_decref(evals);
		return APP_ERROR;
	}
	int64_t eligible = 0, scored = (int64_t)json_array_size(evals), sum = 0;
	json_array_foreach(council, i, v) {
		int w = unit_is_within(ctx->db, json_integer_value(json_object_get(v, "unit_id")), r->unit_id);
		if (w < 0)
			rc = -1;
		eligible += w == 0;
	}
	json_array_foreach(evals, i, v)
		sum += json_integer_value(json_object_get(v, "score_centi"));
	json_decref(council);
	json_decref(evals);
	if (rc < 0)
		return APP_ERROR;
	int quorum = scored * r->qden >= eligible * r->qnum;
	if (quorum) {
		c->next = EM_EVALUATED;
		r->result_centi = (sum + scored / 2) / scored;
	}
	r->extra = json_pack("{s:f, s:I, s:I, s:b}", "score", (double)centi / 100.0, "scored", (json_int_t)scored,
			     "members", (json_int_t)eligible, "quorum", quorum);
	json_object_set_new(c->summary, "scored", json_integer(scored));
	json_object_set_new(c->summary, "quorum", json_boolean(quorum));
	return APP_OK;
}

static int model_save(struct wf_call *c)
{
	struct model_rec *r = c->record;
	const struct app_ctx *ctx = c->ctx;
	if (emdb_model_set(ctx->db, r->id, statuses[c->next], r->result_centi >= 0 ? r->result_centi : 0, ctx->now) < 0)
		return APP_ERROR;
	if (r->result_centi < 0 &&
	    emdb_run(ctx->db, NULL, "UPDATE models SET result_centi = NULL WHERE id = $1", "i", r->id) < 0)
		return APP_ERROR;
	char *extra = r->extra ? json_dumps(r->extra, JSON_COMPACT) : NULL;
	json_decref(r->extra);
	r->extra = NULL;
	int rc = emdb_model_event(ctx->db, r->id, ctx->now, c->ev->name, ctx->actor ? ctx->actor->account_id : 0,
				  c->ev->public, statuses[c->status], statuses[c->next], r->text, extra, &c->event_id);
	free(extra);
	return rc < 0 ? APP_ERROR : APP_OK;
}

const struct wf_domain emul_model_domain = {
	.name = "model",
	.statuses = statuses, .nstatuses = EM_STATUS_COUNT,
	.events = events, .nevents = EMV_COUNT,
	.check = model_check, .load = model_load, .save = model_save,
};

int emul_model_event(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs)
{
	struct model_rec scratch = { .result_centi = -1 };
	const char *type = json_string_value(json_object_get(in, "type"));
	int ev = type ? wf_event_parse(&emul_model_domain, type) : -1;
	if (ev < 0) {
		app_errors_clear(errs);
		app_errors_add(errs, "type", "Loại thao tác không hợp lệ.");
		return APP_VALIDATION;
	}
	int rc = wf_apply(ctx, &emul_model_domain, em_key(ctx, id), ev, in, &scratch, errs);
	json_decref(scratch.extra);
	return rc;
}

/* --- registration -------------------------------------------------------------------- */

static const char *const model_kinds[] = { "model", "exemplar", NULL };
static const char *const model_fields[] = { "economy", "culture_society", "defence_security", "political_system",
					    NULL };
/* the registration fields beyond title (DESIGN.md), in the store's order */
static const char *const texts[9] = { "situation", "goals", "description", "area", "forces",
				      "resources", "timeframe", "results", "sustain" };

int emul_model_register(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id)
{
	app_errors_clear(errs);
	int64_t today = em_today(ctx), movement = 0;
	json_t *mv = json_object_get(in, "movement");
	if (json_is_string(mv))
		movement = em_id(json_string_value(mv));
	else if (json_is_integer(mv))
		movement = json_integer_value(mv);
	json_t *mrow = NULL;
	if (!mv || json_is_null(mv)) {
		app_errors_add(errs, "movement", "Vui lòng chọn phong trào.");
	} else {
		json_t *rows = movement > 0 ? emdb_movement(ctx->db, movement) : json_array();
		if (!rows)
			return APP_ERROR;
		mrow = json_incref(em_first(rows));
		json_decref(rows);
		if (!mrow)
			app_errors_add(errs, "movement", "Không có phong trào này.");
	}
	const char *title = em_text(ctx, in, "title", "Vui lòng nhập tên mô hình.", 300, 0, errs);
	const char *ucode = em_text(ctx, in, "unit", "Vui lòng chọn đơn vị đăng ký.", 64, 0, errs);
	const char *kind = em_enum(in, "kind", model_kinds, "Vui lòng chọn mô hình hoặc điển hình.", errs);
	const char *field = em_enum(in, "field", model_fields, "Vui lòng chọn lĩnh vực.", errs);
	const char *person = em_text(ctx, in, "person", NULL, 200, 0, errs);
	const char *t[9];
	for (int i = 0; i < 9; i++) {
		const char *missing = NULL;
		if (!strcmp(texts[i], "description"))
			missing = "Vui lòng nêu nội dung, cách làm.";
		else if (!strcmp(texts[i], "goals"))
			missing = "Vui lòng nêu mục tiêu, tiêu chí.";
		else if (!strcmp(texts[i], "results"))
			missing = "Vui lòng nêu kết quả, sản phẩm kiểm chứng được.";
		t[i] = em_text(ctx, in, texts[i], missing, 10000, 1, errs);
		if (!t[i])
			t[i] = "";
	}
	struct unit u = { 0 };
	int urc = ucode ? em_unit_on(ctx, ucode, today, "unit", &u, errs) : -1;
	if (urc == -2) {
		json_decref(mrow);
		return APP_ERROR;
	}
	if (mrow) {
		int64_t yes = 0;
		char a[11], b[11];
		json_t *so = json_object_get(mrow, "starts_on"), *eo = json_object_get(mrow, "ends_on");
		if (fmt_ymd(today, a) && (strcmp(a, json_string_value(so)) < 0 || strcmp(a, json_string_value(eo)) > 0))
			app_errors_addf(errs, ctx->arena, "movement", "Phong trào diễn ra từ %s đến %s.",
					json_string_value(so), json_string_value(eo));
		(void)b;
		if (!urc && emdb_movement_covers(ctx->db, movement, u.id, &yes) < 0) {
			json_decref(mrow);
			return APP_ERROR;
		}
		if (!urc && !yes)
			app_errors_add(errs, "unit", "Đơn vị không tham gia phong trào này.");
	}
	json_decref(mrow);
	if (errs->n)
		return APP_VALIDATION;
	unsigned roles;
	if (em_roles(ctx, u.id, &roles) < 0)
		return APP_ERROR;
	if (ctx->actor && ctx->actor->account_id && !(roles & OFFICERS)) {
		app_errors_add(errs, "unit", "Bạn không có quyền đăng ký mô hình cho đơn vị này.");
		return APP_FORBIDDEN;
	}
	int y, mo, d;
	civil_from_days(today, &y, &mo, &d);
	struct sbuf sb;
	sbuf_init(&sb, 65536);
	const char *parts[] = { title, person ? person : "", u.name, t[2], t[7] };
	int rc = APP_OK;
	for (size_t i = 0; i < 5 && rc == APP_OK; i++) {
		if (vntext_fold_sbuf(&sb, parts[i], strlen(parts[i])) != VNTEXT_OK || sbuf_addch(&sb, ' ') < 0)
			rc = APP_ERROR;
	}
	if (rc == APP_OK && db_begin(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc == APP_OK) {
		int64_t actor = ctx->actor ? ctx->actor->account_id : 0;
		if (emdb_model_insert(ctx->db, movement, kind, field, title, u.id, person, t, today, y, actor, ctx->now,
				      sb.buf, id) < 0 ||
		    emdb_model_event(ctx->db, *id, ctx->now, "register", actor, 1, "registered", "registered", NULL,
				     NULL, NULL) < 0)
			rc = APP_ERROR;
		else
			rc = em_audit(ctx, "model.register", "model", *id,
				      json_pack("{s:I, s:s, s:s, s:s}", "movement", (json_int_t)movement, "unit", u.code,
						"field", field, "kind", kind));
		if (rc == APP_OK && db_commit(ctx->db) < 0)
			rc = APP_ERROR;
		if (rc != APP_OK)
			db_rollback(ctx->db);
	}
	sbuf_release(&sb);
	return rc;
}

/* --- measured outcomes ------------------------------------------------------------------ */

/*
 * What the model's unit did on danvan's own records during the movement
 * (days from..to, inclusive), counted by the public lists themselves so a
 * number always equals the list its link opens (as the public sees both):
 * feedback items it handled, received in the period and answered
 * publicly (GET /api/v1/feedback?unit=&from=&to=), meetings of it and the
 * units below it held in the period (GET /api/v1/meetings?unit=&from=&to=
 * &status=held), consultations it opened in the period (GET
 * /api/v1/consultations?unit=&from=&to=). `to` in the links is the day
 * after the period (the lists take [from, to)).
 */
static int model_outcomes(const struct app_ctx *ctx, const char *code, int64_t unit_id, int64_t from, int64_t to,
			  json_t **out)
{
	struct audit_actor anon = { .account_id = 0, .name = "public" };
	struct app_ctx pub = *ctx;
	pub.actor = &anon;
	int64_t start = vn_day_start(from), end = vn_day_start(to + 1);
	struct feedback_public_filter ff = { .unit = code, .received_from = start, .received_to = end, .page = 1,
					     .per_page = 1 };
	struct feedback_page fp;
	if (feedback_list_public(&pub, &ff, &fp) < 0)
		return APP_ERROR;
	struct meeting_filter mf = { .unit = code, .from = start, .to = end, .held = 1, .page = 1, .per_page = 1 };
	struct meeting_page mp;
	if (meeting_list(&pub, &mf, &mp) < 0)
		return APP_ERROR;
	struct consultation_filter cf = { .when = CONSULT_ANY, .now = ctx->now, .unit_id = unit_id,
					  .opens_from = start, .opens_to = end, .limit = 1 };
	struct consultation *citems;
	size_t cn;
	int64_t ctotal = 0;
	if (consult_list(&pub, &cf, &citems, &cn, &ctotal) < 0)
		return APP_ERROR;
	char a[11], b[11], c[11];
	if (!fmt_ymd(from, a) || !fmt_ymd(to, b) || !fmt_ymd(to + 1, c))
		return APP_ERROR;
	const char *q = arena_printf(ctx->arena, "unit=%s&from=%s&to=%s", code, a, c);
	if (!q)
		return APP_ERROR;
	*out = json_pack("{s:s, s:s, s:I, s:I, s:I, s:{s:s, s:s, s:s}}", "from", a, "to", b, "feedback_resolved",
			 (json_int_t)fp.total, "meetings_held", (json_int_t)mp.total, "consultations",
			 (json_int_t)ctotal, "links", "feedback", arena_printf(ctx->arena, "/api/v1/feedback?%s", q),
			 "meetings", arena_printf(ctx->arena, "/api/v1/meetings?%s&status=held", q), "consultations",
			 arena_printf(ctx->arena, "/api/v1/consultations?%s", q));
	return *out ? APP_OK : APP_ERROR;
}

/* --- reading ------------------------------------------------------------------------- */

/* Decorate a model row for both outputs: the id as a string, labels, url. */
static void decorate(const struct app_ctx *ctx, json_t *m)
{
	int64_t id = json_integer_value(json_object_get(m, "id"));
	char url[40];
	snprintf(url, sizeof(url), "/mo-hinh/%lld", (long long)id);
	json_object_set_new(m, "id", json_string(em_key(ctx, id)));
	json_object_set_new(m, "movement", json_string(em_key(ctx, json_integer_value(json_object_get(m, "movement")))));
	json_object_set_new(m, "url", json_string(url));
	json_object_set_new(m, "field_label", json_string(emul_field_label(json_string_value(json_object_get(m, "field")))));
	json_object_set_new(m, "status_label",
			    json_string(emul_model_status_label(json_string_value(json_object_get(m, "status")))));
	json_object_del(m, "unit_id");
	json_object_del(m, "movement_unit_id");
	json_object_del(m, "quorum_num");
	json_object_del(m, "quorum_den");
}

int emul_model_get(const struct app_ctx *ctx, int64_t id, json_t **out)
{
	json_t *rows = emdb_model(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *m = json_incref(em_first(rows));
	json_decref(rows);
	if (!m)
		return APP_NOT_FOUND;
	int64_t unit_id = json_integer_value(json_object_get(m, "unit_id"));
	int64_t movement = json_integer_value(json_object_get(m, "movement"));
	int64_t munit = json_integer_value(json_object_get(m, "movement_unit_id"));
	const char *status = json_string_value(json_object_get(m, "status"));
	unsigned roles = 0, mroles = 0;
	int64_t member = 0, member_unit = 0;
	if (em_roles(ctx, unit_id, &roles) < 0 || em_roles(ctx, munit, &mroles) < 0)
		goto fail;
	if (ctx->actor && ctx->actor->account_id) {
		json_t *mem = emdb_council_member(ctx->db, movement, ctx->actor->account_id);
		if (!mem)
			goto fail;
		member = json_integer_value(json_object_get(em_first(mem), "id"));
		member_unit = json_integer_value(json_object_get(em_first(mem), "unit_id"));
		json_decref(mem);
	}
	int officer = roles || mroles || member;
	if (!officer && !emul_model_public(status)) {
		json_decref(m);
		return APP_NOT_FOUND;
	}
	int st = find_status(status);
	json_t *crit = emdb_criteria(ctx->db, movement);
	json_t *timeline = emdb_model_events(ctx->db, id, !officer);
	if (!crit || !timeline) {
		json_decref(crit);
		json_decref(timeline);
		goto fail;
	}
	json_object_set_new(m, "criteria", crit);
	json_object_set_new(m, "events", timeline);
	if (officer) {
		json_t *evals = emdb_evaluations(ctx->db, id);
		if (!evals)
			goto fail;
		json_object_set_new(m, "evaluations", evals);
		json_t *allowed = json_array();
		unsigned mask = wf_allowed(&emul_model_domain, st, roles | mroles);
		for (int e = 0; e < EMV_COUNT; e++)
			if (e != EMV_EVALUATE && (mask & (1u << e)) &&
			    (e == EMV_RECOGNISE || e == EMV_SELECT_EXEMPLARY ? (mroles & (ROLE_LEADER | ROLE_ADMIN)) : 1))
				json_array_append_new(allowed, json_string(events[e].name));
		json_object_set_new(m, "actions", allowed);
		int may_score = member && (st == EM_SELF_ASSESSED || st == EM_EVALUATED);
		int recused = 0;
		if (member) {
			int w = unit_is_within(ctx->db, member_unit, unit_id);
			if (w < 0)
				goto fail;
			recused = w;
		}
		json_object_set_new(m, "may_attach", json_boolean((roles & OFFICERS) && st != EM_DISCONTINUED));
		json_object_set_new(m, "council_member", json_boolean(member != 0));
		json_object_set_new(m, "may_score", json_boolean(may_score && !recused));
		json_object_set_new(m, "recused", json_boolean(recused));
	}
	/* measured outcomes on danvan's own records during the movement */
	json_t *mrows = emdb_movement(ctx->db, movement);
	json_t *mv = em_first(mrows);
	int64_t from = 0, to = 0;
	if (!mv || parse_date(json_string_value(json_object_get(mv, "starts_on")), &from) < 0 ||
	    parse_date(json_string_value(json_object_get(mv, "ends_on")), &to) < 0) {
		json_decref(mrows);
		goto fail;
	}
	json_t *outcomes = NULL;
	int orc = model_outcomes(ctx, json_string_value(json_object_get(m, "unit")), unit_id, from, to, &outcomes);
	json_decref(mrows);
	if (orc < 0)
		goto fail;
	json_object_set_new(m, "outcomes", outcomes);
	json_t *files = NULL, *honoured = NULL;
	if (emul_model_files(ctx, id, &files) < 0)
		goto fail;
	json_object_set_new(m, "files", files);
	if (emul_model_honoured_at(ctx, id, &honoured) < 0)
		goto fail;
	json_object_set_new(m, "honoured_at", honoured);
	json_object_set_new(m, "officer_view", json_boolean(officer));
	decorate(ctx, m);
	*out = m;
	return APP_OK;
fail:
	json_decref(m);
	return APP_ERROR;
}

int emul_models(const struct app_ctx *ctx, const struct emul_model_query *q, json_t **out)
{
	struct emdb_model_filter f = {
		.movement = q->movement, .field = q->field, .unit = q->unit, .year = q->year,
		.statuses = "recognised,exemplary,commended",
		.limit = q->per_page, .offset = (q->page - 1) * q->per_page,
	};
	if (q->movement && ctx->actor && ctx->actor->account_id) {
		json_t *rows = emdb_movement(ctx->db, q->movement);
		if (!rows)
			return APP_ERROR;
		unsigned roles = 0;
		int64_t munit = json_integer_value(json_object_get(em_first(rows), "unit_id"));
		json_decref(rows);
		if (munit && em_roles(ctx, munit, &roles) < 0)
			return APP_ERROR;
		if (roles)
			f.statuses = NULL; /* the organising unit's officers follow every model */
	}
	if (q->status && *q->status) {
		if (f.statuses && !emul_model_public(q->status)) {
			*out = json_pack("{s:[], s:I, s:I, s:i}", "items", "page", (json_int_t)q->page, "per_page",
					 (json_int_t)q->per_page, "total", 0);
			return *out ? APP_OK : APP_ERROR;
		}
		f.statuses = q->status;
	}
	if (q->q && *q->q) {
		struct search_query sq;
		int src = search_query_parse(ctx->arena, q->q, strlen(q->q), &sq);
		if (src == SEARCH_NOMEM)
			return APP_ERROR;
		f.match = sq.match_public;
		f.tsquery = sq.tsquery_public;
	}
	int64_t total = 0;
	json_t *rows = emdb_models(ctx->db, &f, &total);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v) {
		decorate(ctx, v);
		json_object_del(v, "situation");
		json_object_del(v, "forces");
		json_object_del(v, "resources");
		json_object_del(v, "sustain");
		json_object_del(v, "area");
		json_object_del(v, "timeframe");
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", rows, "page", (json_int_t)q->page, "per_page",
			 (json_int_t)q->per_page, "total", (json_int_t)total);
	return *out ? APP_OK : APP_ERROR;
}
