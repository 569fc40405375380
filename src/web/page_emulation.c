/*
 * page_emulation.c - the pages of emulation and commendation: movements
 * (/thi-dua), the models list and a model's page (/mo-hinh), the honour
 * roll (/vinh-danh), certificate checks (/xac-minh/{code}), and the
 * officers' pages (/quan-ly/thi-dua, /quan-ly/khen-thuong) with their
 * forms, which go through the same app/emulation.h calls as the API.
 */
#include "pages.h"
#include "qr.h"
#include "view.h"
#include "view_article.h" /* news: the linked articles */
#include "web.h"
#include "api/emulation_out.h"
#include "app/emulation.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#include <stdio.h>
#include <string.h>

static const char *const field_opts[][2] = {
	{ "", "Tất cả lĩnh vực" },
	{ "economy", "Kinh tế" },
	{ "culture_society", "Văn hóa - xã hội" },
	{ "defence_security", "Quốc phòng - an ninh" },
	{ "political_system", "Xây dựng hệ thống chính trị" },
};

static int64_t qnum(struct request *req, const char *name, int64_t lo, int64_t hi, int64_t dflt, int *bad)
{
	const char *s = req_query(req, name);
	long v;
	if (!s || !*s)
		return dflt;
	if (parse_long_str(s, (long)lo, (long)hi, &v) < 0) {
		*bad = 1;
		return dflt;
	}
	return v;
}

static int64_t arg_id(struct request *req)
{
	long v;
	const char *s = req_arg(req, "id");
	return s && parse_long_str(s, 1, INT64_MAX, &v) == 0 ? v : 0;
}

/* Pages show days as dd/mm/yyyy: next to every "YYYY-MM-DD" member named
 * *_on, *_date, date, effective_from, effective_to, from or to, add NAME_vn (the ISO
 * value stays for <time datetime>). Walks objects and arrays. */
static void vn_dates(json_t *v)
{
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			vn_dates(x);
		return;
	}
	if (!json_is_object(v))
		return;
	const char *k;
	json_t *x;
	void *tmp;
	json_t *add = json_object();
	json_object_foreach_safe(v, tmp, k, x) {
		size_t n = strlen(k);
		int dated = (n > 3 && !strcmp(k + n - 3, "_on")) || (n > 5 && !strcmp(k + n - 5, "_date")) ||
			    !strcmp(k, "date") || !strcmp(k, "effective_from") || !strcmp(k, "effective_to") ||
			    !strcmp(k, "from") || !strcmp(k, "to");
		int64_t day;
		if (dated && json_is_string(x) && json_string_length(x) == 10 && parse_date(json_string_value(x), &day) == 0) {
			char buf[11], key[80];
			snprintf(key, sizeof(key), "%s_vn", k);
			json_object_set_new(add, key, json_string(fmt_dmy(day, buf)));
		} else {
			vn_dates(x);
		}
	}
	json_object_update(v, add);
	json_decref(add);
}

static int64_t id_of(const char *s)
{
	long v;
	return s && parse_long_str(s, 1, INT64_MAX, &v) == 0 ? v : 0;
}

static int fail_page(struct request *req, int rc)
{
	return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
}

/* The fields of a form as a JSON object of strings (the app's input). */
static json_t *form_json(struct request *req, const char *const *names)
{
	json_t *o = json_object();
	for (size_t i = 0; o && names[i]; i++) {
		const char *v = view_form(req, names[i]);
		if (*v)
			json_object_set_new(o, names[i], json_string(v));
	}
	return o;
}

/* Page data errors from app errors: {errors: [...], err: {...}}. */
static void set_errors(json_t *d, const struct app_errors *e, int rc)
{
	json_t *list = json_array(), *by = json_object();
	if (e && e->n)
		view_errors(e, "", list, by);
	else
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", "type", "message", app_rc_message(rc)));
	json_object_set_new(d, "errors", list);
	json_object_set_new(d, "err", by);
}

/* --- /thi-dua --------------------------------------------------------------------- */

int page_movements(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *list;
	int rc = emul_movements(&ctx, 1, 50, &list);
	if (rc < 0)
		return fail_page(req, rc);
	json_t *d = json_pack("{s:O, s:{s:b}}", "movements", json_object_get(list, "items"), "nav", "thi_dua", 1);
	json_decref(list);
	vn_dates(d);
	return web_page(req, 200, "thi-dua/danh-sach", d);
}

/* --- /mo-hinh ----------------------------------------------------------------------- */

int page_models(struct request *req)
{
	int bad = 0;
	struct emul_model_query q = {
		.movement = qnum(req, "phong-trao", 1, INT64_MAX, 0, &bad),
		.year = qnum(req, "nam", 1945, 2200, 0, &bad),
		.page = qnum(req, "trang", 1, 1000, 1, &bad),
		.per_page = 20,
		.unit = req_query(req, "don-vi"),
		.q = req_query(req, "q"),
	};
	const char *field = req_query(req, "linh-vuc");
	for (size_t i = 1; field && *field && i < 5; i++)
		if (!strcmp(field, field_opts[i][0]))
			q.field = field_opts[i][0];
	if (bad || (field && *field && !q.field))
		return http_error(req, 400, "bad_request", "Điều kiện lọc không hợp lệ.");
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	actor.account_id = 0; /* the public list, whoever looks */
	json_t *list;
	int rc = emul_models(&ctx, &q, &list);
	if (rc < 0)
		return fail_page(req, rc);
	char query[400];
	snprintf(query, sizeof(query), "linh-vuc=%s&don-vi=%.60s&nam=%lld", q.field ? q.field : "",
		 q.unit ? q.unit : "", (long long)q.year);
	json_t *d = json_pack("{s:O, s:O, s:o, s:s, s:s, s:s, s:b, s:{s:b}}", "items", json_object_get(list, "items"),
			      "total", json_object_get(list, "total"), "fields",
			      view_options(field_opts, 5, q.field ? q.field : ""), "unit", q.unit ? q.unit : "", "q",
			      q.q ? q.q : "", "year", q.year ? arena_printf(req->arena, "%lld", (long long)q.year) : "",
			      "filtered", q.field || (q.unit && *q.unit) || q.year || (q.q && *q.q), "nav", "mo_hinh", 1);
	json_object_set_new(d, "pager", view_pager("/mo-hinh", query, q.page, 20,
						   json_integer_value(json_object_get(list, "total")), 0));
	json_decref(list);
	return web_page(req, 200, "mo-hinh/danh-sach", d);
}

/* One model; for officers with the actions they may take. */
static int show_model(struct request *req, int status, const struct app_errors *errs, int rc_err)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *m;
	int rc = emul_model_get(&ctx, id, &m);
	if (rc < 0)
		return fail_page(req, rc);
	/* labels for the timeline and the score form */
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(m, "events"), i, v)
		json_object_set_new(v, "label", json_string(emul_model_status_label(json_string_value(json_object_get(v, "status_after")))));
	json_t *acts = json_array();
	static const char *const act_labels[][2] = {
		{ "implement", "Bắt đầu triển khai" }, { "self_assess", "Gửi tự đánh giá" },
		{ "recognise", "Công nhận mô hình" },  { "select_exemplary", "Chọn làm điển hình" },
		{ "discontinue", "Dừng thực hiện" },
	};
	json_array_foreach(json_object_get(m, "actions"), i, v)
		for (size_t k = 0; k < 5; k++)
			if (!strcmp(act_labels[k][0], json_string_value(v)))
				json_array_append_new(acts, json_pack("{s:s, s:s, s:b, s:s}", "type", act_labels[k][0],
								      "label", act_labels[k][1], "needs_text",
								      k == 1 || k == 4, "text_name",
								      k == 1 ? "comment" : "reason"));
	json_t *d = json_pack("{s:o, s:o, s:{s:b}}", "m", m, "acts", acts, "nav", "mo_hinh", 1);
	if (status != 200)
		set_errors(d, errs, rc_err);
	if (req->session)
		http_header(req, "Cache-Control", "no-store, private");
	vn_dates(d);
	/* news: the articles linking to this model (web/view_article.h) */
	if (view_article_linked(d, ctx.db, req->arena, "model", arena_printf(req->arena, "%lld", (long long)id),
				ctx.now) < 0) {
		json_decref(d);
		return fail_page(req, APP_ERROR);
	}
	return web_page(req, status, "mo-hinh/chi-tiet", d);
}

int page_model(struct request *req)
{
	return show_model(req, 200, NULL, 0);
}

/* POST /mo-hinh/{id}/thao-tac: an officer's event on the model. */
int page_model_action(struct request *req)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "type", "comment", "reason", NULL };
	json_t *in = form_json(req, names);
	const char *type = view_form(req, "type");
	if (!strcmp(type, "evaluate")) {
		json_t *m;
		int rc = emul_model_get(&ctx, id, &m);
		if (rc < 0) {
			json_decref(in);
			return fail_page(req, rc);
		}
		json_t *scores = json_object();
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(m, "criteria"), i, v) {
			const char *code = json_string_value(json_object_get(v, "code"));
			char name[96];
			snprintf(name, sizeof(name), "diem-%s", code);
			long s;
			const char *val = view_form(req, name);
			if (*val && parse_long_str(val, -1000, 1000, &s) == 0)
				json_object_set_new(scores, code, json_integer(s));
			else if (*val)
				json_object_set_new(scores, code, json_string(val));
		}
		json_decref(m);
		json_object_set_new(in, "scores", scores);
	}
	struct app_errors errs;
	int rc = emul_model_event(&ctx, id, in, &errs);
	json_decref(in);
	if (rc < 0)
		return show_model(req, app_rc_http(rc), &errs, rc);
	char loc[48];
	snprintf(loc, sizeof(loc), "/mo-hinh/%lld", (long long)id);
	return web_see_other(req, loc, "event_done");
}

/* --- /vinh-danh, /xac-minh -------------------------------------------------------------- */

int page_honours(struct request *req)
{
	int bad = 0;
	int64_t year = qnum(req, "nam", 1945, 2200, 0, &bad);
	const char *field = req_query(req, "linh-vuc"), *fv = NULL;
	for (size_t i = 1; field && *field && i < 5; i++)
		if (!strcmp(field, field_opts[i][0]))
			fv = field_opts[i][0];
	if (bad || (field && *field && !fv))
		return http_error(req, 400, "bad_request", "Điều kiện lọc không hợp lệ.");
	const char *unit = req_query(req, "don-vi");
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *list;
	const char *name = req_query(req, "ten");
	int rc = emul_honours(&ctx, unit && *unit ? unit : NULL, year, fv, name && *name ? name : NULL, &list);
	if (rc < 0)
		return fail_page(req, rc);
	json_t *d = json_pack("{s:O, s:o, s:s, s:s, s:s, s:{s:b}}", "items", json_object_get(list, "items"), "fields",
			      view_options(field_opts, 5, fv ? fv : ""), "unit", unit ? unit : "", "name",
			      name ? name : "", "year", year ? arena_printf(req->arena, "%lld", (long long)year) : "",
			      "nav", "vinh_danh", 1);
	json_decref(list);
	vn_dates(d);
	return web_page(req, 200, "vinh-danh", d);
}

int page_certificate(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *c;
	int rc = emul_certificate(&ctx, req_arg(req, "code"), &c);
	if (rc < 0)
		return fail_page(req, rc);
	const char *code = json_string_value(json_object_get(json_object_get(c, "certificate"), "code"));
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		     *p == '-' || *p == ':';
	const char *link = ok ? arena_printf(req->arena, "%s://%s/xac-minh/%s", web_state.secure_cookies ? "https" : "http",
					     host, code)
			      : arena_printf(req->arena, "/xac-minh/%s", code);
	struct sbuf *svg = arena_sbuf(req->arena, 64 * 1024);
	int have_qr = link && svg && qr_svg(svg, link, 160, "Mã QR xác minh giấy khen", "qr-xac-minh") == 0;
	int64_t prize = json_integer_value(json_object_get(c, "prize_vnd"));
	json_t *d = json_pack("{s:o, s:s, s:s?, s:I}", "c", c, "link", link ? link : "", "qr",
			      have_qr ? svg->buf : NULL, "prize", (json_int_t)prize);
	vn_dates(d);
	return web_page(req, 200, "xac-minh", d);
}

/* --- officers: /quan-ly/thi-dua -------------------------------------------------------- */

static const char *const movement_fields[] = { "title", "unit", "starts_on", "ends_on", NULL };
static const char *const model_fields[] = { "movement", "title", "unit", "kind", "field", "person", "description",
					    "goals", "results", "situation", "area", "forces", "resources",
					    "timeframe", "sustain", NULL };
static const char *const council_fields[] = { "username", "unit", "role", NULL };

static int show_officer_movements(struct request *req, int status, const struct app_errors *errs, int rc_err,
				  json_t *values)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(values);
		return 0;
	}
	json_t *list;
	int rc = emul_movements(&ctx, 1, 100, &list);
	if (rc < 0) {
		json_decref(values);
		return fail_page(req, rc);
	}
	/* each movement with every model its officers follow */
	size_t i;
	json_t *mv;
	json_array_foreach(json_object_get(list, "items"), i, mv) {
		struct emul_model_query q = { .movement = id_of(json_string_value(json_object_get(mv, "id"))),
					      .page = 1, .per_page = 100 };
		json_t *models;
		if (emul_models(&ctx, &q, &models) == APP_OK) {
			json_object_set(mv, "models", json_object_get(models, "items"));
			json_decref(models);
		}
	}
	json_t *d = json_pack("{s:O, s:o, s:o, s:{s:b}}", "movements", json_object_get(list, "items"), "v",
			      values ? values : json_object(), "fields", view_options(field_opts + 1, 4, NULL), "nav",
			      "quan_ly", 1);
	json_decref(list);
	if (status != 200)
		set_errors(d, errs, rc_err);
	vn_dates(d);
	return web_page(req, status, "quan-ly/thi-dua", d);
}

int page_officer_movements(struct request *req)
{
	return show_officer_movements(req, 200, NULL, 0, NULL);
}

int page_officer_movement_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *in = form_json(req, movement_fields);
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_movement_create(&ctx, in, &errs, &id);
	if (rc < 0)
		return show_officer_movements(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	return web_see_other(req, "/quan-ly/thi-dua", "saved");
}

int page_officer_model_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *in = form_json(req, model_fields);
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_model_register(&ctx, in, &errs, &id);
	if (rc < 0)
		return show_officer_movements(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	char loc[48];
	snprintf(loc, sizeof(loc), "/mo-hinh/%lld", (long long)id);
	return web_see_other(req, loc, "saved");
}

int page_officer_council_add(struct request *req)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *in = form_json(req, council_fields);
	struct app_errors errs;
	int rc = emul_council_add(&ctx, id, in, &errs);
	if (rc < 0)
		return show_officer_movements(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	return web_see_other(req, "/quan-ly/thi-dua", "saved");
}

/* --- officers: /quan-ly/khen-thuong ------------------------------------------------------ */

static int show_officer_commendations(struct request *req, int status, const struct app_errors *errs, int rc_err,
				      json_t *values)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(values);
		return 0;
	}
	const struct session *s = req->session;
	/* the officer's units: the first grant's unit by default */
	struct perm_grant_list g;
	if (perm_list_grants(ctx.db, req->arena, s->account.id, &g) < 0) {
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	const char *unit = req_query(req, "don-vi");
	if ((!unit || !*unit) && g.n)
		unit = g.items[0].unit_code;
	json_t *units = json_array();
	for (size_t i = 0; i < g.n; i++)
		json_array_append_new(units, json_pack("{s:s, s:s, s:b}", "value", g.items[i].unit_code, "label",
						       g.items[i].unit_name, "selected",
						       unit && !strcmp(unit, g.items[i].unit_code)));
	struct emul_commendation_query q = { .page = 1, .per_page = 100, .unit = unit };
	json_t *list = NULL, *forms = NULL, *salaries = NULL;
	int rc = emul_commendations(&ctx, &q, &list);
	if (rc == APP_OK)
		rc = emul_forms(&ctx, vn_day_of(ctx.now), &forms);
	if (rc == APP_OK)
		rc = emul_salaries(&ctx, &salaries);
	if (rc < 0) {
		json_decref(list);
		json_decref(forms);
		json_decref(values);
		json_decref(units);
		return fail_page(req, rc);
	}
	static const char *const granters[][2] = {
		{ "commune", "Cấp xã" }, { "district", "Cấp huyện" }, { "province", "Cấp tỉnh" },
		{ "prime_minister", "Thủ tướng" }, { "president", "Chủ tịch nước" },
	};
	size_t fi;
	json_t *fv;
	json_array_foreach(json_object_get(forms, "items"), fi, fv) {
		const char *gb = json_string_value(json_object_get(fv, "granted_by"));
		for (size_t k = 0; gb && k < 5; k++)
			if (!strcmp(granters[k][0], gb))
				json_object_set_new(fv, "granted_label", json_string(granters[k][1]));
		json_object_set_new(fv, "recipient_label",
				    json_string(emul_recipient_label(json_string_value(json_object_get(fv, "recipient")))));
	}
	int is_admin = perm_admin_root(ctx.db, s->account.id) == 1;
	json_t *d = json_pack("{s:O, s:O, s:O, s:o, s:o, s:b, s:s, s:{s:b}}", "items", json_object_get(list, "items"),
			      "forms", json_object_get(forms, "items"), "salaries", json_object_get(salaries, "items"),
			      "units", units, "v", values ? values : json_object(), "is_admin", is_admin, "unit",
			      unit ? unit : "", "nav", "quan_ly", 1);
	json_decref(list);
	json_decref(forms);
	json_decref(salaries);
	if (status != 200)
		set_errors(d, errs, rc_err);
	vn_dates(d);
	return web_page(req, status, "quan-ly/khen-thuong", d);
}

int page_officer_commendations(struct request *req)
{
	return show_officer_commendations(req, 200, NULL, 0, NULL);
}

int page_officer_commendation_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "form", "year", "reason", "initiative", "model", NULL };
	json_t *in = form_json(req, names);
	json_t *rec = json_object();
	static const char *const rnames[] = { "kind", "name", "unit", "person", NULL };
	for (size_t i = 0; rnames[i]; i++) {
		char key[32];
		snprintf(key, sizeof(key), "recipient_%s", rnames[i]);
		const char *v = view_form(req, key);
		if (*v)
			json_object_set_new(rec, rnames[i], json_string(v));
		if (*v)
			json_object_set_new(in, key, json_string(v));
	}
	json_t *year = json_object_get(in, "year");
	long y;
	if (year && parse_long_str(json_string_value(year), 0, 100000, &y) == 0)
		json_object_set_new(in, "year", json_integer(y));
	json_t *app_in = json_deep_copy(in);
	json_object_del(app_in, "recipient_kind");
	json_object_del(app_in, "recipient_name");
	json_object_del(app_in, "recipient_unit");
	json_object_del(app_in, "recipient_person");
	json_object_set_new(app_in, "recipient", rec);
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_commendation_propose(&ctx, app_in, &errs, &out);
	json_decref(app_in);
	if (rc < 0)
		return show_officer_commendations(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	char loc[64];
	snprintf(loc, sizeof(loc), "/quan-ly/khen-thuong/%s", json_string_value(json_object_get(out, "id")));
	json_decref(out);
	return web_see_other(req, loc, "saved");
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

int page_officer_commendations_xlsx(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t from, to;
	if (export_period(req_query(req, "tu"), req_query(req, "den"), vn_day_of(ctx.now), &from, &to) < 0)
		return http_error(req, 400, "bad_request", "Khoảng ngày không hợp lệ.");
	json_t *ex = NULL;
	int rc = emul_commendations_export(&ctx, req_query(req, "don-vi"), from, to, &ex);
	if (rc == APP_VALIDATION)
		return http_error(req, 404, "not_found", NULL);
	if (rc < 0)
		return fail_page(req, rc);
	const char *data;
	size_t len;
	rc = emul_commendations_xlsx_bytes(req->arena, ex, from, to, &data, &len);
	json_decref(ex);
	if (rc < 0)
		return http_error(req, 500, NULL, NULL);
	return http_attachment(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			       "khen-thuong.xlsx", data, len);
}

int page_officer_form_add(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "code", "name", "kind", "recipient", "granted_by", "multiplier",
					     "posting_days", "effective_from", "legal_basis", NULL };
	json_t *in = form_json(req, names);
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_form_add(&ctx, in, &errs, &out);
	if (rc < 0)
		return show_officer_commendations(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	json_decref(out);
	return web_see_other(req, "/quan-ly/khen-thuong", "saved");
}

int page_officer_salary_add(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "amount", "effective_from", "legal_basis", NULL };
	json_t *in = form_json(req, names);
	struct app_errors errs;
	json_t *out = NULL;
	int rc = emul_salary_add(&ctx, in, &errs, &out);
	if (rc < 0)
		return show_officer_commendations(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	json_decref(out);
	return web_see_other(req, "/quan-ly/khen-thuong", "saved");
}

static int show_commendation(struct request *req, int status, const struct app_errors *errs, int rc_err)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *c;
	int rc = emul_commendation_get(&ctx, id, &c);
	if (rc < 0)
		return fail_page(req, rc);
	static const char *const labels[][2] = {
		{ "post", "Niêm yết công khai" }, { "approve", "Thông qua" }, { "decide", "Quyết định khen thưởng" },
		{ "reject", "Không khen thưởng" },
	};
	json_t *acts = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(c, "actions"), i, v)
		for (size_t k = 0; k < 4; k++)
			if (!strcmp(labels[k][0], json_string_value(v))) {
				json_object_set_new(c, arena_printf(req->arena, "can_%s", labels[k][0]), json_true());
				json_array_append_new(acts, json_string(labels[k][1]));
			}
	json_array_foreach(json_object_get(c, "events"), i, v)
		json_object_set_new(v, "label", json_string(emul_commendation_status_label(json_string_value(json_object_get(v, "status_after")))));
	json_t *d = json_pack("{s:o, s:o, s:{s:b}}", "c", c, "acts", acts, "nav", "quan_ly", 1);
	if (status != 200)
		set_errors(d, errs, rc_err);
	vn_dates(d);
	return web_page(req, status, "quan-ly/khen-thuong-chi-tiet", d);
}

int page_officer_commendation(struct request *req)
{
	return show_commendation(req, 200, NULL, 0);
}

int page_officer_commendation_action(struct request *req)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "type", "reason", "number", "date", "issuer", NULL };
	json_t *in = form_json(req, names);
	struct app_errors errs;
	int rc = emul_commendation_event(&ctx, id, in, &errs);
	json_decref(in);
	if (rc < 0)
		return show_commendation(req, app_rc_http(rc), &errs, rc);
	char loc[64];
	snprintf(loc, sizeof(loc), "/quan-ly/khen-thuong/%lld", (long long)id);
	return web_see_other(req, loc, "event_done");
}

/* --- evidence files of a model ------------------------------------------------------------- */

/* POST /mo-hinh/{id}/minh-chung: an officer of the model's unit adds a file. */
int page_model_attach(struct request *req)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const struct http_file *f = req_file(req, "file");
	struct app_errors errs = { 0 };
	int rc = emul_model_attach(&ctx, id, f ? f->data : NULL, f ? f->len : 0, f ? f->filename : NULL, &errs, NULL);
	if (rc == APP_NOT_FOUND)
		return fail_page(req, rc);
	if (rc < 0)
		return show_model(req, app_rc_http(rc), &errs, rc);
	char loc[48];
	snprintf(loc, sizeof(loc), "/mo-hinh/%lld", (long long)id);
	return web_see_other(req, loc, "saved");
}

/* GET /mo-hinh/{id}/tep/{fid}: a file, for whoever may see the model. */
int page_model_file(struct request *req)
{
	int64_t id = arg_id(req);
	int64_t fid = id_of(req_arg(req, "fid"));
	if (!id || !fid)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct attachment a;
	int rc = emul_model_file_get(&ctx, id, fid, &a);
	if (rc < 0)
		return fail_page(req, rc);
	if (req->session)
		http_header(req, "Cache-Control", "private, no-store");
	return http_attachment(req, a.mime, a.filename ? a.filename : "minh-chung", a.bytes, a.size);
}

/* --- "Ngày hội" events ------------------------------------------------------------------------ */

int page_emul_events(struct request *req)
{
	int bad = 0;
	int64_t year = qnum(req, "nam", 1945, 2200, 0, &bad);
	int64_t page = qnum(req, "trang", 1, 1000, 1, &bad);
	if (bad)
		return http_error(req, 400, "bad_request", "Điều kiện lọc không hợp lệ.");
	const char *unit = req_query(req, "don-vi");
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *list;
	int rc = emul_events(&ctx, unit && *unit ? unit : NULL, year, page, 20, &list);
	if (rc < 0)
		return fail_page(req, rc);
	char query[200];
	snprintf(query, sizeof(query), "don-vi=%.60s&nam=%lld", unit ? unit : "", (long long)year);
	json_t *d = json_pack("{s:O, s:O, s:s, s:s, s:{s:b}}", "items", json_object_get(list, "items"), "total",
			      json_object_get(list, "total"), "unit", unit ? unit : "", "year",
			      year ? arena_printf(req->arena, "%lld", (long long)year) : "", "nav", "thi_dua", 1);
	json_object_set_new(d, "pager", view_pager("/ngay-hoi", query, page, 20,
						   json_integer_value(json_object_get(list, "total")), 0));
	json_decref(list);
	vn_dates(d);
	return web_page(req, 200, "ngay-hoi/danh-sach", d);
}

static int show_event(struct request *req, int status, const struct app_errors *errs, int rc_err, json_t *values)
{
	int64_t id = arg_id(req);
	if (!id) {
		json_decref(values);
		return http_error(req, 404, "not_found", NULL);
	}
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(values);
		return 0;
	}
	json_t *e;
	int rc = emul_event_get(&ctx, id, &e);
	if (rc < 0) {
		json_decref(values);
		return fail_page(req, rc);
	}
	json_t *d = json_pack("{s:o, s:o, s:{s:b}}", "e", e, "v", values ? values : json_object(), "nav", "thi_dua", 1);
	if (status != 200)
		set_errors(d, errs, rc_err);
	if (req->session)
		http_header(req, "Cache-Control", "no-store, private");
	vn_dates(d);
	return web_page(req, status, "ngay-hoi/chi-tiet", d);
}

int page_emul_event(struct request *req)
{
	return show_event(req, 200, NULL, 0, NULL);
}

/* POST /ngay-hoi/{id}/mo-hinh: a leader of the event's unit attaches a model. */
int page_emul_event_attach(struct request *req)
{
	int64_t id = arg_id(req);
	if (!id)
		return http_error(req, 404, "not_found", NULL);
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	static const char *const names[] = { "model", "note", NULL };
	json_t *in = form_json(req, names);
	struct app_errors errs;
	int rc = emul_event_attach(&ctx, id, in, &errs);
	if (rc == APP_NOT_FOUND) {
		json_decref(in);
		return fail_page(req, rc);
	}
	if (rc < 0)
		return show_event(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	char loc[48];
	snprintf(loc, sizeof(loc), "/ngay-hoi/%lld", (long long)id);
	return web_see_other(req, loc, "saved");
}

static const char *const event_fields[] = { "title", "unit", "date", "place", "description", NULL };

static int show_officer_events(struct request *req, int status, const struct app_errors *errs, int rc_err,
			       json_t *values)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx)) {
		json_decref(values);
		return 0;
	}
	json_t *list;
	int rc = emul_events(&ctx, NULL, 0, 1, 50, &list);
	if (rc < 0) {
		json_decref(values);
		return fail_page(req, rc);
	}
	json_t *d = json_pack("{s:O, s:o, s:{s:b}}", "items", json_object_get(list, "items"), "v",
			      values ? values : json_object(), "nav", "quan_ly", 1);
	json_decref(list);
	if (status != 200)
		set_errors(d, errs, rc_err);
	vn_dates(d);
	return web_page(req, status, "quan-ly/ngay-hoi", d);
}

int page_officer_emul_events(struct request *req)
{
	return show_officer_events(req, 200, NULL, 0, NULL);
}

int page_officer_emul_event_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *in = form_json(req, event_fields);
	struct app_errors errs;
	int64_t id = 0;
	int rc = emul_event_create(&ctx, in, &errs, &id);
	if (rc < 0)
		return show_officer_events(req, app_rc_http(rc), &errs, rc, in);
	json_decref(in);
	char loc[48];
	snprintf(loc, sizeof(loc), "/ngay-hoi/%lld", (long long)id);
	return web_see_other(req, loc, "saved");
}
