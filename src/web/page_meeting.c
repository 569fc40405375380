/*
 * page_meeting.c - the pages of meetings: the public schedule (/hoi-nghi)
 * and one meeting (/hoi-nghi/{id}); the officers' list with the planning
 * form (/quan-ly/hoi-nghi) and a meeting's page with its events, minutes
 * and petitions recorded one by one or as a batch (a pasted table or a CSV
 * file) (/quan-ly/hoi-nghi/{id}). Rules live in app/meeting.h.
 */
#include <string.h>

#include "app/meeting.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/batchtab.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "pages.h"
#include "store/audit.h"
#include "store/db.h"
#include "view.h"
#include "view_feedback.h"
#include "view_meeting.h"
#include "view_article.h"
#include "web.h"

#define PER_PAGE 20
#define MANAGE (ROLE_LEADER | ROLE_FRONT | ROLE_ADMIN)

static const char *const kind_tab[][2] = {
	{ "", "Tất cả loại" },
	{ "voter_contact", "Tiếp xúc cử tri" },
	{ "dialogue", "Đối thoại với Nhân dân" },
	{ "reception", "Tiếp công dân" },
	{ "conference", "Hội nghị" },
};

static int fail(struct request *req, int rc)
{
	if (rc == APP_ERROR)
		return http_error(req, 500, "internal_error", NULL);
	return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
}

/* --- lists ------------------------------------------------------------------- */

struct list_q {
	const char *unit, *kind, *q;
	int64_t page;
};

static const struct param list_params[] = {
	PARAM_TEXT_AT(struct list_q, unit, "unit", 0),
	PARAM_TEXT_AT(struct list_q, kind, "kind", 0),
	PARAM_TEXT_AT(struct list_q, q, "q", 200),
	PARAM_PAGE_AT(struct list_q, page),
};

/* The list data shared by the public and the officers' list. */
static json_t *list_data(struct request *req, const struct app_ctx *ctx, const char *path, int officer, int *rc_out)
{
	struct list_q p = { 0 };
	*rc_out = APP_OK;
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_LENIENT, &p, NULL) < 0) {
		*rc_out = APP_ERROR;
		return NULL;
	}
	if (p.kind && meeting_kind_valid(p.kind) < 0)
		p.kind = NULL; /* an unknown kind: unfiltered */
	struct meeting_filter f = { .unit = p.unit, .kind = p.kind, .q = p.q, .page = p.page, .per_page = PER_PAGE };
	struct meeting_page pg;
	int rc = meeting_list(ctx, &f, &pg);
	if (rc < 0) {
		*rc_out = rc;
		return NULL;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < pg.n; i++) {
		json_t *o = view_meeting_summary(&pg.items[i], VIEW_PAGE);
		json_object_set_new(o, "upcoming", json_boolean(pg.items[i].ends_at >= ctx->now));
		size_t nw = 0;
		if (officer && meeting_row_warnings(ctx, &pg.items[i], &nw) < 0) {
			json_decref(o);
			json_decref(items);
			*rc_out = APP_ERROR;
			return NULL;
		}
		if (nw)
			json_object_set_new(o, "warnings", json_integer((json_int_t)nw));
		json_array_append_new(items, o);
	}
	struct sbuf *qs = arena_sbuf(req->arena, 4096);
	if (!qs || params_query(qs, list_params, PARAMS_COUNT(list_params), &p, "page") < 0) {
		json_decref(items);
		*rc_out = APP_ERROR;
		return NULL;
	}
	return json_pack("{s:o, s:I, s:s, s:s, s:o?, s:o?, s:o?, s:b}", "items", items, "total", (json_int_t)pg.total,
			 "q", p.q ? p.q : "", "unit", p.unit ? p.unit : "", "kinds", view_options(kind_tab, 5, p.kind),
			 "units", view_feedback_unit_options(req, ctx->db, NULL, 0, p.unit, "Tất cả đơn vị"), "pager",
			 view_pager(path, qs->buf, pg.page, pg.per_page, pg.total, 0), "filtered", qs->len > 0);
}

int page_meetings(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	/* the public schedule is the public's: an officer's internal meetings
	 * are on /quan-ly/hoi-nghi */
	struct audit_actor anon = { .account_id = 0, .name = "citizen" };
	ctx.actor = &anon;
	int rc;
	json_t *d = list_data(req, &ctx, "/hoi-nghi", 0, &rc);
	if (!d)
		return fail(req, rc);
	json_object_set_new(d, "nav", json_pack("{s:b}", "hoi_nghi", 1));
	return web_page(req, 200, "hoi-nghi/danh-sach", d);
}

int page_meeting(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct audit_actor anon = { .account_id = 0, .name = "citizen" };
	ctx.actor = &anon;
	struct meeting_view v;
	int rc = meeting_get_view(&ctx, req_arg(req, "id"), &v);
	if (rc < 0)
		return fail(req, rc);
	json_t *d = json_pack("{s:o, s:{s:b}}", "m", view_meeting_item(&v, VIEW_PAGE), "nav", "hoi_nghi", 1);
	unsigned roles = 0;
	if (req->session && perm_roles(ctx.db, ((const struct session *)req->session)->account.id, v.m.unit_id, &roles) == 0 && roles)
		json_object_set_new(d, "manage_url", json_sprintf("/quan-ly/hoi-nghi/%lld", (long long)v.m.id));
	/* news: the articles linking to this meeting */
	if (view_article_linked(d, ctx.db, req->arena, "meeting", arena_printf(req->arena, "%lld", (long long)v.m.id),
				ctx.now) < 0) {
		json_decref(d);
		return fail(req, APP_ERROR);
	}
	return web_page(req, 200, "hoi-nghi/chi-tiet", d);
}

/* --- the officers' list and the planning form ------------------------------------ */

/* The form's values and errors, and the units the officer may plan for. */
static int officer_list(struct request *req, int status, json_t *vals, json_t *errs, json_t *list)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db) {
		json_decref(vals);
		json_decref(errs);
		json_decref(list);
		return 0;
	}
	int rc;
	json_t *d = list_data(req, &ctx, "/quan-ly/hoi-nghi", 1, &rc);
	if (!d) {
		json_decref(vals);
		json_decref(errs);
		json_decref(list);
		return fail(req, rc);
	}
	int64_t *ids = NULL;
	size_t nids = 0;
	if (perm_units(db, req->arena, ((const struct session *)req->session)->account.id, MANAGE, PERM_UNITS_OPEN, &ids, &nids) < 0) {
		json_decref(d);
		json_decref(vals);
		json_decref(errs);
		json_decref(list);
		return fail(req, APP_ERROR);
	}
	struct meeting_warning w[8];
	size_t nw = 0;
	if (meeting_unit_warnings(&ctx, w, 8, &nw) < 0) {
		json_decref(d);
		json_decref(vals);
		json_decref(errs);
		json_decref(list);
		return fail(req, APP_ERROR);
	}
	json_t *ws = json_array();
	for (size_t i = 0; i < nw; i++)
		json_array_append_new(ws, json_pack("{s:s, s:s}", "text", w[i].text, "legal_basis", w[i].basis));
	if (!vals)
		vals = json_pack("{s:b}", "public", 1);
	json_object_set_new(d, "warnings", ws);
	json_object_set_new(d, "may_plan", json_boolean(nids > 0));
	json_object_set_new(d, "form_kinds", view_options(kind_tab + 1, 4, json_string_value(json_object_get(vals, "kind"))));
	json_object_set_new(d, "form_units", view_feedback_unit_options(req, db, ids, nids,
									  json_string_value(json_object_get(vals, "unit")),
									  "Chọn đơn vị"));
	json_object_set_new(d, "v", vals);
	json_object_set_new(d, "err", errs ? errs : json_object());
	json_object_set_new(d, "errors", list ? list : json_array());
	json_object_set_new(d, "nav", json_pack("{s:b}", "quan_ly", 1));
	return web_page(req, status, "quan-ly/hoi-nghi", d);
}

int page_officer_meetings(struct request *req)
{
	return officer_list(req, 200, NULL, NULL, NULL);
}

/* A datetime-local value ("2026-08-30T14:00"): 0 when blank, -1 when bad. */
static int form_time(struct request *req, const char *name, int64_t *out, json_t *own)
{
	const char *s = view_form(req, name);
	*out = 0;
	if (view_blank(s))
		return 0;
	if (meeting_time_parse(s, out) < 0) {
		json_object_set_new(own, name, json_string("Thời gian không hợp lệ (ngày/tháng/năm giờ:phút)."));
		return -1;
	}
	return 0;
}

int page_meeting_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *own = json_object();
	struct meeting_input mi = { 0 };
	mi.kind = view_form(req, "kind");
	mi.title = view_form(req, "title");
	mi.unit = view_form(req, "unit");
	mi.place = view_form(req, "place");
	mi.online_url = view_form(req, "online_url");
	form_time(req, "starts_at", &mi.starts_at, own);
	form_time(req, "ends_at", &mi.ends_at, own);
	mi.is_internal = !*view_form(req, "public");
	const char *cap = view_form(req, "capacity");
	long c = 0;
	if (!view_blank(cap) && parse_long_str(cap, 1, 100000, &c) < 0)
		json_object_set_new(own, "capacity", json_string("Số chỗ từ 1 đến 100.000."));
	mi.capacity = c;
	/* hosts: one name a line */
	const char *names[MEETING_HOSTS_MAX + 1];
	char *hosts = arena_strdup(req->arena, view_form(req, "hosts"));
	for (char *line = hosts, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (!view_blank(line) && mi.nhosts <= MEETING_HOSTS_MAX)
			names[mi.nhosts++] = line;
	}
	mi.hosts = names;
	struct app_errors errs = { 0 };
	int64_t id = 0;
	int rc = json_object_size(own) ? APP_VALIDATION : meeting_create(&ctx, &mi, &id, &errs);
	if (rc == APP_OK) {
		json_decref(own);
		char loc[64];
		snprintf(loc, sizeof(loc), "/quan-ly/hoi-nghi/%lld", (long long)id);
		return web_see_other(req, loc, "saved");
	}
	if (rc != APP_VALIDATION && rc != APP_FORBIDDEN) {
		json_decref(own);
		return fail(req, rc);
	}
	if (rc == APP_FORBIDDEN)
		json_object_set_new(own, "unit", json_string("Bạn không có quyền tổ chức hội nghị của đơn vị này."));
	json_t *list = json_array(), *by = json_object();
	view_errors(&errs, "", list, by);
	view_merge_errors(own, list, by);
	json_decref(own);
	json_t *vals = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "kind", mi.kind, "title",
				 mi.title, "unit", mi.unit, "place", mi.place, "online_url", mi.online_url, "starts_at",
				 view_form(req, "starts_at"), "ends_at", view_form(req, "ends_at"), "hosts",
				 view_form(req, "hosts"), "capacity", cap, "public", !mi.is_internal);
	return officer_list(req, rc == APP_FORBIDDEN ? 403 : 422, vals, by, list);
}

/* --- one meeting for officers --------------------------------------------------- */

/* datetime-local value of a time, for re-filling a form. */
static json_t *local_value(int64_t t)
{
	struct civil c;
	time_to_vn(t, &c);
	return json_sprintf("%04d-%02d-%02dT%02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
}

static int officer_page(struct request *req, int status, const char *message, json_t *errs, json_t *list,
			json_t *vals)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db) {
		json_decref(errs);
		json_decref(list);
		json_decref(vals);
		return 0;
	}
	struct meeting_view v;
	int rc = meeting_get_view(&ctx, req_arg(req, "id"), &v);
	if (rc == APP_OK && !v.officer) {
		/* a public meeting outside the officer's units: the public page */
		json_decref(errs);
		json_decref(list);
		json_decref(vals);
		char loc[64];
		snprintf(loc, sizeof(loc), "/hoi-nghi/%lld", (long long)v.m.id);
		return http_redirect(req, 303, loc);
	}
	if (rc < 0) {
		json_decref(errs);
		json_decref(list);
		json_decref(vals);
		return fail(req, rc);
	}
	json_t *m = view_meeting_item(&v, VIEW_PAGE);
	json_t *can = json_object();
	for (int e = 0; e < MT_EV_COUNT; e++)
		if (v.allowed & (1u << e))
			json_object_set_new(can, meeting_domain.events[e].name, json_true());
	if (!vals)
		vals = json_object();
	if (!json_object_get(vals, "starts_at"))
		json_object_set_new(vals, "starts_at", local_value(v.m.starts_at + 7 * 86400));
	if (!json_object_get(vals, "ends_at"))
		json_object_set_new(vals, "ends_at", local_value(v.m.ends_at + 7 * 86400));
	if (!json_object_get(vals, "text") && v.m.minutes_text)
		json_object_set_new(vals, "text", json_string(v.m.minutes_text));
	if (!json_object_get(vals, "public"))
		json_object_set_new(vals, "public", json_true());
	int st = meeting_status_parse(v.m.status);
	int may_attach = (st == MT_HELD || st == MT_CLOSED) && (v.roles & (MANAGE | ROLE_INTAKE));
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:o, s:s?, s:o?, s:b, s:{s:b}}", "m", m, "can", can, "v", vals, "err",
			      errs ? errs : json_object(), "errors", list ? list : json_array(), "message", message,
			      "categories", view_feedback_category_options(req, db, json_string_value(json_object_get(vals, "category")),
									"Chọn lĩnh vực"),
			      "may_attach", may_attach, "nav", "quan_ly", 1);
	return web_page(req, status, "quan-ly/hoi-nghi-chi-tiet", d);
}

int page_officer_meeting(struct request *req)
{
	return officer_page(req, 200, NULL, NULL, NULL, NULL);
}

static int back(struct request *req)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/quan-ly/hoi-nghi/%s", req_arg(req, "id"));
	return web_see_other(req, loc, "event_done");
}

/* Re-show the page after a refused form: 422 with the fields, or the
 * outcome's status with its sentence. */
static int refused(struct request *req, int rc, const struct app_errors *errs, json_t *own, json_t *vals)
{
	if (rc == APP_ERROR) {
		json_decref(own);
		json_decref(vals);
		return fail(req, rc);
	}
	if (rc == APP_NOT_FOUND) {
		json_decref(own);
		json_decref(vals);
		return fail(req, rc);
	}
	json_t *list = json_array(), *by = json_object();
	if (errs)
		view_errors(errs, "", list, by);
	if (own)
		view_merge_errors(own, list, by);
	json_decref(own);
	const char *msg = rc == APP_VALIDATION ? NULL
			: errs && errs->n ? errs->items[0].message
					  : app_rc_message(rc);
	return officer_page(req, app_rc_http(rc), msg, by, list, vals);
}

int page_meeting_action(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	json_t *own = json_object();
	struct meeting_action a = { 0 };
	a.type = wf_event_parse(&meeting_domain, view_form(req, "type"));
	const char *att = view_form(req, "attendance");
	long n = 0;
	if (!view_blank(att)) {
		if (parse_long_str(att, 0, 1000000, &n) < 0)
			json_object_set_new(own, "attendance", json_string("Số người tham dự không hợp lệ."));
		else
			a.has_attendance = 1;
	}
	a.attendance = n;
	a.text = view_form(req, a.type == MT_EV_MINUTES ? "text" : "reason");
	form_time(req, "starts_at", &a.starts_at, own);
	form_time(req, "ends_at", &a.ends_at, own);
	json_t *vals = json_pack("{s:s, s:s, s:s, s:s, s:s}", "attendance", att, "text", view_form(req, "text"),
				 "reason", view_form(req, "reason"), "starts_at", view_form(req, "starts_at"), "ends_at",
				 view_form(req, "ends_at"));
	struct app_errors errs = { 0 };
	int rc;
	if (a.type < 0) {
		app_errors_add(&errs, "type", "Loại thao tác không hợp lệ.");
		rc = APP_VALIDATION;
	} else if (json_object_size(own)) {
		rc = APP_VALIDATION;
	} else {
		rc = meeting_apply_event(&ctx, req_arg(req, "id"), &a, &errs);
	}
	if (rc == APP_OK) {
		json_decref(own);
		json_decref(vals);
		return back(req);
	}
	return refused(req, rc, &errs, own, vals);
}

int page_meeting_petition(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct feedback_input fi;
	memset(&fi, 0, sizeof(fi));
	fi.title = view_form(req, "title");
	fi.body = view_form(req, "body");
	fi.category = view_form(req, "category");
	fi.place = view_form(req, "place");
	fi.contact_name = view_form(req, "speaker_name");
	fi.contact_phone = view_form(req, "speaker_phone");
	fi.is_private = !*view_form(req, "public");
	struct app_errors errs = { 0 }, e2 = { 0 };
	char codes[1][TRACKCODE_BUFSZ] = { "" };
	int rc = meeting_add_petitions(&ctx, req_arg(req, "id"), &fi, 1, 0, codes, &errs);
	if (rc == APP_OK)
		return back(req);
	/* the form's names: the speaker is the contact */
	for (size_t i = 0; i < errs.n; i++) {
		const char *f = errs.items[i].field;
		f = !strcmp(f, "contact.name") ? "speaker_name" : !strcmp(f, "contact.phone") ? "speaker_phone" : f;
		app_errors_add(&e2, f, errs.items[i].message);
	}
	json_t *vals = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "title", fi.title, "body", fi.body, "category",
				 fi.category, "place", fi.place, "speaker_name", fi.contact_name, "speaker_phone",
				 fi.contact_phone, "public", !fi.is_private);
	return refused(req, rc, &e2, NULL, vals);
}

/* --- batches ------------------------------------------------------------------------ */

#define BATCH_COLS 4 /* title, content, speaker, phone */

static const char *const headings[] = { "title", "tiêu đề", "Tiêu đề", "TIÊU ĐỀ", NULL };

int page_meeting_batch(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct arena *a = req->arena;
	json_t *own = json_object();
	const char *category = view_form(req, "category");
	int is_private = !*view_form(req, "public");
	const char *text = view_form(req, "batch");
	const struct http_file *file = req_file(req, "file");
	struct batchtab_row *lines = arena_zalloc(a, (MEETING_BATCH_MAX + 1) * sizeof(*lines));
	size_t n = 0;
	if (!lines) {
		json_decref(own);
		return fail(req, APP_ERROR);
	}
	int prc = BATCHTAB_OK;
	if (file && file->len)
		prc = batchtab_parse_csv(a, (const char *)file->data, file->len, headings, lines, MEETING_BATCH_MAX, &n);
	else if (!view_blank(text))
		prc = batchtab_parse_table(a, text, strlen(text), lines, MEETING_BATCH_MAX, &n);
	if (prc == BATCHTAB_NOMEM) {
		json_decref(own);
		return fail(req, APP_ERROR);
	}
	int too_many = prc == BATCHTAB_TOO_MANY;
	json_t *vals = json_pack("{s:s, s:s, s:b}", "batch", text, "category", category, "public", !is_private);
	if (too_many)
		json_object_set_new(own, "batch", json_string("Tối đa 200 kiến nghị mỗi lần."));
	else if (!n)
		json_object_set_new(own, "batch", json_string("Vui lòng dán bảng kiến nghị hoặc chọn tệp CSV."));
	struct feedback_input *items = n ? arena_zalloc(a, n * sizeof(*items)) : NULL;
	if (n && !items) {
		json_decref(own);
		json_decref(vals);
		return fail(req, APP_ERROR);
	}
	for (size_t i = 0; i < n && !too_many; i++) {
		const struct batchtab_row *b = &lines[i];
		if (b->ncols < 2 || b->ncols > BATCH_COLS) {
			const char *msg = arena_printf(a, "Dòng %d: cần 2 đến 4 cột (tiêu đề | nội dung | người phát biểu | "
						       "điện thoại), có %d cột.", b->line, b->ncols);
			if (msg && !json_object_get(own, "batch"))
				json_object_set_new(own, "batch", json_string(msg));
			continue;
		}
		items[i].title = b->col[0];
		items[i].body = b->col[1];
		items[i].contact_name = b->ncols > 2 ? b->col[2] : NULL;
		items[i].contact_phone = b->ncols > 3 ? b->col[3] : NULL;
		items[i].category = category;
		items[i].is_private = is_private;
	}
	struct app_errors errs = { 0 }, lined = { 0 };
	int rc = APP_VALIDATION;
	char(*codes)[TRACKCODE_BUFSZ] = n ? arena_zalloc(a, n * sizeof(*codes)) : NULL;
	if (!json_object_size(own)) {
		if (!codes) {
			json_decref(own);
			json_decref(vals);
			return fail(req, APP_ERROR);
		}
		rc = meeting_add_petitions(&ctx, req_arg(req, "id"), items, n, 1, codes, &errs);
	}
	if (rc == APP_OK) {
		json_decref(own);
		json_decref(vals);
		return back(req);
	}
	/* "petitions.I.field": the line of item I, on the batch field (the
	 * category's error on the category) */
	for (size_t k = 0; k < errs.n; k++) {
		size_t idx = 0;
		const char *f = errs.items[k].field, *rest = NULL;
		if (!strncmp(f, "petitions.", 10)) {
			const char *p = f + 10;
			while (*p >= '0' && *p <= '9')
				idx = idx * 10 + (size_t)(*p++ - '0');
			rest = *p == '.' ? p + 1 : p;
		}
		if (rest && !strcmp(rest, "category")) {
			app_errors_add(&lined, "category", errs.items[k].message);
		} else if (rest && idx >= 1 && idx <= n) {
			const char *m = arena_printf(a, "Dòng %d: %s", lines[idx - 1].line, errs.items[k].message);
			const char *key = arena_printf(a, "batch.%zu", k);
			if (m && key)
				app_errors_add(&lined, key, m);
		} else {
			app_errors_add(&lined, f, errs.items[k].message);
		}
	}
	/* each line's message points at the batch field */
	json_t *list = json_array(), *by = json_object();
	for (size_t k = 0; k < lined.n; k++) {
		const char *f = lined.items[k].field;
		const char *target = !strncmp(f, "batch", 5) ? "batch" : f;
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", target, "message", lined.items[k].message));
		if (!json_object_get(by, target))
			json_object_set_new(by, target, json_string(lined.items[k].message));
	}
	view_merge_errors(own, list, by);
	json_decref(own);
	if (rc != APP_VALIDATION) {
		json_decref(list);
		json_decref(by);
		return refused(req, rc, &errs, NULL, vals);
	}
	return officer_page(req, 422, NULL, by, list, vals);
}

/* --- files of the minutes ----------------------------------------------------------- */

int page_meeting_attach(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const struct http_file *f = req_file(req, "file");
	struct app_errors errs = { 0 };
	int rc = meeting_attach(&ctx, req_arg(req, "id"), f ? f->data : NULL, f ? f->len : 0, f ? f->filename : NULL,
				&errs);
	if (rc == APP_OK)
		return back(req);
	if (rc == APP_UNSUPPORTED || rc == APP_TOO_LARGE || rc == APP_CONFLICT || rc == APP_VALIDATION) {
		/* the form's field (the batch form has its own "file") */
		struct app_errors e = { 0 };
		app_errors_add(&e, "minutes_file", errs.n ? errs.items[0].message : app_rc_message(rc));
		json_t *list = json_array(), *by = json_object();
		view_errors(&e, "", list, by);
		return officer_page(req, app_rc_http(rc), NULL, by, list, NULL);
	}
	return refused(req, rc, &errs, NULL, NULL);
}

int page_meeting_file(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *ids = req_arg(req, "fid");
	long fid;
	if (!ids || parse_long_str(ids, 1, INT32_MAX, &fid) < 0)
		return fail(req, APP_NOT_FOUND);
	struct attachment a;
	int rc = meeting_file_get(&ctx, req_arg(req, "id"), fid, &a);
	if (rc < 0)
		return fail(req, rc);
	http_header(req, "Cache-Control", "private, no-store");
	return http_attachment(req, a.mime, a.filename ? a.filename : "bien-ban", a.bytes, a.size);
}
