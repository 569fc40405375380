/*
 * page_consultation.c - the pages of consultations on drafts: the public
 * list (/gop-y), one draft read part by part with a comment form per part
 * and, once closed and answered, each comment with its reply (/gop-y/{id}),
 * the printable report and the diff between versions; the officers'
 * register (/quan-ly/gop-y): create, new versions, replies, moderation,
 * grouping, recorded comments, publishing and sending to the Front.
 */
#include "pages.h"
#include "web.h"
#include "view.h"
#include "view_consultation.h"
#include "view_article.h"
#include "app/consultation.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"

static int error_page(struct request *req, int rc)
{
	int status = app_rc_http(rc);
	const char *heading = status == 404 ? "Không tìm thấy dự thảo" : status == 403 ? "Không có quyền"
			      : status == 409 ? "Thao tác không thực hiện được" : "Đã có lỗi xảy ra";
	return web_page(req, status, "error", json_pack("{s:i, s:s, s:s}", "status", status, "heading", heading,
							 "message", consult_rc_message(rc)));
}

static int64_t id_of(const char *s)
{
	long v;
	if (!s || parse_long_str(s, 1, 1000000000000L, &v) < 0)
		return 0;
	return v;
}

static json_t *errors_data(const struct app_errors *e, json_t **by)
{
	json_t *list = json_array();
	*by = json_object();
	view_errors(e, NULL, list, *by);
	return list;
}

/* --- GET /gop-y ---------------------------------------------------------------------------- */

int page_consultations(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct consultation_filter f;
	memset(&f, 0, sizeof(f));
	f.now = ctx.now;
	f.limit = 20;
	const char *st = req_query(req, "status");
	st = st ? st : "";
	f.when = !strcmp(st, "upcoming") ? CONSULT_UPCOMING : !strcmp(st, "open") ? CONSULT_OPEN
		 : !strcmp(st, "closed") ? CONSULT_CLOSED : CONSULT_ANY;
	const char *q = web_clip(req, req_query(req, "q"), 200);
	f.q = q;
	long page = 1;
	const char *ps = req_query(req, "page");
	if (ps && parse_long_str(ps, 1, 500, &page) < 0)
		page = 1;
	f.offset = (page - 1) * f.limit;
	struct consultation *items;
	size_t n;
	int64_t total;
	int rc = consult_list(&ctx, &f, &items, &n, &total);
	if (rc < 0)
		return error_page(req, rc);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, view_consultation_item(&items[i], ctx.now, VIEW_PAGE));
	static const char *const sts[][2] = {
		{ "", "Tất cả" }, { "open", "Đang lấy ý kiến" }, { "upcoming", "Sắp lấy ý kiến" }, { "closed", "Đã kết thúc" },
	};
	struct sbuf *qs = arena_sbuf(req->arena, 512);
	if (!qs || sbuf_addstr(qs, "status=") < 0 || sbuf_add_urlenc(qs, st, strlen(st)) < 0 ||
	    sbuf_addstr(qs, "&q=") < 0 || sbuf_add_urlenc(qs, q ? q : "", q ? strlen(q) : 0) < 0)
		return -1;
	json_t *d = json_pack("{s:o, s:I, s:s, s:o, s:b, s:o, s:{s:b}}", "items", list, "total", (json_int_t)total, "q",
			      q ? q : "", "statuses", view_options(sts, 4, st), "filtered", (q && *q) || *st, "pager",
			      view_pager("/gop-y", qs->buf, page, f.limit, total, 0), "nav", "gop_y", 1);
	return web_page(req, 200, "gop-y/danh-sach", d);
}

/* --- GET /gop-y/{id} --------------------------------------------------------------------------- */

static int draft_page(struct request *req, int status, json_t *extra)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	struct consult_view v;
	int rc = id ? consult_get(&ctx, id, 0, &v) : APP_NOT_FOUND;
	if (rc < 0) {
		json_decref(extra);
		return error_page(req, rc);
	}
	/* the public page never shows hidden comments nor undisclosed names,
	 * whoever looks at it: officers have their register */
	v.drafter = 0;
	size_t k = 0;
	for (size_t i = 0; i < v.ncomments; i++) {
		struct consultation_comment *m = &v.comments[i];
		if (m->hidden_reason)
			continue;
		if (!m->show_name)
			m->name = NULL;
		if (v.status != CONSULT_ST_PUBLISHED) {
			m->decision = m->reply = m->reply_part_label = NULL;
			m->reply_part_id = m->replied_at = 0;
		}
		v.comments[k++] = *m;
	}
	v.ncomments = k;
	json_t *d = view_consultation(req->arena, &v, ctx.now, VIEW_PAGE);
	if (!d) {
		json_decref(extra);
		return -1;
	}
	json_object_set_new(d, "consultation_id", json_integer(id));
	json_object_set_new(d, "csrf_form", json_string(web_csrf(req) ? web_csrf(req) : ""));
	json_object_set_new(d, "sent", json_boolean(req_query(req, "da-gui") != NULL));
	json_object_set_new(d, "has_versions", json_boolean(v.c.version > 1));
	json_object_set_new(d, "prev_version", json_integer(v.c.version - 1));
	json_object_set_new(d, "nav", json_pack("{s:b}", "gop_y", 1));
	/* news: the articles linking to this consultation */
	if (view_article_linked(d, ctx.db, req->arena, "consultation", arena_printf(req->arena, "%lld", (long long)id),
				ctx.now) < 0) {
		json_decref(d);
		json_decref(extra);
		return error_page(req, APP_ERROR);
	}
	if (extra)
		json_object_update(d, extra);
	json_decref(extra);
	return web_page(req, status, "gop-y/chi-tiet", d);
}

int page_consultation(struct request *req)
{
	return draft_page(req, 200, NULL);
}

/* POST /gop-y/{id}/y-kien: a comment from the page */
int page_consultation_comment(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	if (!id)
		return error_page(req, APP_NOT_FOUND);
	struct consult_comment_input ci;
	memset(&ci, 0, sizeof(ci));
	const char *part = view_form(req, "part");
	ci.part_id = *part ? id_of(part) : 0;
	if (*part && !ci.part_id)
		ci.part_id = -1;
	ci.text = view_form(req, "text");
	ci.name = view_form(req, "name");
	ci.show_name = *view_form(req, "show_name") != '\0';
	ci.web = 1;
	const char *phone = view_form(req, "phone"), *email = view_form(req, "email");
	if (*phone || *email) {
		json_t *c = json_object();
		if (*phone)
			json_object_set_new(c, "phone", json_string(phone));
		if (*email)
			json_object_set_new(c, "email", json_string(email));
		char *s = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(c);
		ci.contact = s ? arena_strdup(req->arena, s) : NULL;
		free(s);
		if (!ci.contact)
			return error_page(req, APP_VALIDATION);
	}
	struct app_errors errs = { 0 };
	if (strlen(phone) > 30 || strspn(phone, "0123456789 +.-()") != strlen(phone))
		app_errors_add(&errs, "phone", "Số điện thoại chỉ gồm chữ số (tối đa 30 ký tự).");
	if (strlen(email) > 200)
		app_errors_add(&errs, "email", "Địa chỉ thư điện tử quá dài.");
	int64_t cid;
	int rc = ci.part_id < 0 || errs.n ? APP_VALIDATION : consult_comment(&ctx, id, &ci, &cid, &errs);
	if (ci.part_id < 0)
		app_errors_add(&errs, "part", "Phần này không thuộc dự thảo.");
	if (rc == APP_OK) {
		char loc[96];
		if (ci.part_id)
			snprintf(loc, sizeof(loc), "/gop-y/%lld?da-gui=1#p-%lld", (long long)id, (long long)ci.part_id);
		else
			snprintf(loc, sizeof(loc), "/gop-y/%lld?da-gui=1#y-kien-chung", (long long)id);
		return web_see_other(req, loc, NULL);
	}
	if (rc == APP_VALIDATION || rc == APP_CLOSED || rc == APP_FORBIDDEN) {
		json_t *by;
		json_t *list = errors_data(&errs, &by);
		if (rc != APP_VALIDATION) {
			json_array_clear(list);
			json_array_append_new(list, json_pack("{s:s, s:s}", "field", "text", "message", consult_rc_message(rc)));
		}
		json_t *extra = json_pack("{s:o, s:o, s:{s:s, s:s, s:s, s:b}, s:s}", "errors", list, "err", by, "values",
					  "text", ci.text, "name", ci.name, "part", part, "show_name", ci.show_name,
					  "error_part", part);
		return draft_page(req, app_rc_http(rc), extra);
	}
	return error_page(req, rc);
}

/* --- GET /gop-y/{id}/bao-cao ------------------------------------------------------------------- */

int page_consultation_report(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	struct consult_report r;
	int rc = id ? consult_report(&ctx, id, &r) : APP_NOT_FOUND;
	if (rc < 0)
		return error_page(req, rc);
	json_t *d = view_consultation_report(&r, VIEW_PAGE);
	if (!d)
		return -1;
	json_object_set_new(d, "published", json_boolean(r.c.report_published_at != 0));
	json_object_set_new(d, "nav", json_pack("{s:b}", "gop_y", 1));
	return web_page(req, 200, "gop-y/bao-cao", d);
}

/* --- GET /gop-y/{id}/so-sanh?tu=&den= ------------------------------------------------------------ */

int page_consultation_diff(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	int64_t from = id_of(req_query(req, "tu")), to = id_of(req_query(req, "den"));
	struct consultation_part *parts;
	size_t n;
	int rc = id && from && to ? consult_diff(&ctx, id, from, to, &parts, &n) : APP_NOT_FOUND;
	if (rc < 0)
		return error_page(req, rc);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct consultation_part *p = &parts[i];
		const char *change = !p->in_new ? "removed" : !p->old_text ? "added"
				     : strcmp(p->old_text, p->text ? p->text : "") ? "changed" : "unchanged";
		const char *label = !strcmp(change, "removed") ? "Đã bỏ" : !strcmp(change, "added") ? "Mới"
				    : !strcmp(change, "changed") ? "Đã sửa" : "Không đổi";
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)p->id, "label",
						      p->label, "change", change, "change_label", label, "old_text",
						      p->old_text, "new_text", p->in_new ? p->text : NULL));
	}
	return web_page(req, 200, "gop-y/so-sanh",
			json_pack("{s:I, s:I, s:I, s:o, s:{s:b}}", "id", (json_int_t)id, "from", (json_int_t)from, "to",
				  (json_int_t)to, "parts", list, "nav", "gop_y", 1));
}

/* --- officers: /quan-ly/gop-y ------------------------------------------------------------------- */

static int officer_list(struct request *req, int status, json_t *extra)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct consultation_filter f = { .now = ctx.now, .limit = 100 };
	struct consultation *items;
	size_t n;
	int64_t total;
	int rc = consult_list(&ctx, &f, &items, &n, &total);
	if (rc < 0) {
		json_decref(extra);
		return error_page(req, rc);
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, view_consultation_item(&items[i], ctx.now, VIEW_PAGE));
	/* the units where the officer may publish a draft */
	struct perm_grant_list g;
	json_t *units = json_array();
	if (perm_list_grants(ctx.db, req->arena, actor.account_id, &g) == APP_OK)
		for (size_t i = 0; i < g.n; i++)
			if (g.items[i].role & (ROLE_LEADER | ROLE_ADMIN))
				json_array_append_new(units, json_pack("{s:s, s:s}", "value", g.items[i].unit_code, "label",
								       g.items[i].unit_name));
	json_t *d = json_pack("{s:o, s:o, s:{s:b}}", "items", list, "units", units, "nav", "quan_ly", 1);
	if (extra)
		json_object_update(d, extra);
	json_decref(extra);
	return web_page(req, status, "quan-ly/gop-y", d);
}

int page_officer_consultations(struct request *req)
{
	return officer_list(req, 200, NULL);
}

/* POST /quan-ly/gop-y: create */
int page_officer_consultation_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct consult_input ci;
	memset(&ci, 0, sizeof(ci));
	ci.title = view_form(req, "title");
	ci.unit = view_form(req, "unit");
	ci.summary = view_form(req, "summary");
	ci.text = view_form(req, "text");
	ci.audience = *view_form(req, "invited") ? "invited" : "public";
	const char *inv = view_form(req, "invited");
	const char *codes[20];
	size_t ninv = 0;
	for (const char *p = inv; *p && ninv < 20;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t l = strcspn(p, " ,");
		if (!l)
			break;
		codes[ninv++] = arena_strndup(req->arena, p, l);
		p += l;
	}
	ci.invited = codes;
	ci.ninvited = ninv;
	int64_t day;
	struct app_errors errs = { 0 };
	const char *o = view_form(req, "opens_on"), *c = view_form(req, "closes_on");
	if (*o && parse_date(o, &day) == 0)
		ci.opens_at = vn_day_start(day);
	else if (*o)
		app_errors_add(&errs, "opens_at", "Ngày không hợp lệ (dd/mm/yyyy).");
	if (*c && parse_date(c, &day) == 0)
		ci.closes_at = vn_day_start(day + 1) - 1;
	else if (*c)
		app_errors_add(&errs, "closes_at", "Ngày không hợp lệ (dd/mm/yyyy).");
	int64_t id;
	int rc = errs.n ? APP_VALIDATION : consult_create(&ctx, &ci, &id, &errs);
	if (rc == APP_OK) {
		char loc[64];
		snprintf(loc, sizeof(loc), "/quan-ly/gop-y/%lld", (long long)id);
		return web_see_other(req, loc, "saved");
	}
	if (rc == APP_VALIDATION || rc == APP_FORBIDDEN) {
		json_t *by;
		json_t *list = errors_data(&errs, &by);
		return officer_list(req, app_rc_http(rc),
				    json_pack("{s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}}", "errors", list, "err", by,
					      "values", "title", ci.title, "unit", ci.unit, "summary", ci.summary, "text",
					      ci.text, "opens_on", o, "closes_on", c, "invited", inv));
	}
	return error_page(req, rc);
}

static int register_page(struct request *req, int status, json_t *extra)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	struct consult_view v;
	int rc = id ? consult_get(&ctx, id, 0, &v) : APP_NOT_FOUND;
	if (rc < 0) {
		json_decref(extra);
		return error_page(req, rc);
	}
	if (!v.drafter) {
		json_decref(extra);
		return error_page(req, APP_FORBIDDEN);
	}
	if ((rc = consult_audit_names(&ctx, &v)) < 0) {
		json_decref(extra);
		return error_page(req, rc);
	}
	json_t *d = view_consultation(req->arena, &v, ctx.now, VIEW_PAGE);
	json_t *parts = json_array();
	for (size_t i = 0; i < v.nparts; i++)
		json_array_append_new(parts, json_pack("{s:I, s:s}", "value", (json_int_t)v.parts[i].id, "label",
						       v.parts[i].label));
	json_object_set_new(d, "part_options", parts);
	json_object_set_new(d, "consultation_id", json_integer(id));
	json_object_set_new(d, "can_publish", json_boolean(v.leader && v.status == CONSULT_ST_CLOSED));
	json_object_set_new(d, "can_send", json_boolean(v.leader && v.status == CONSULT_ST_PUBLISHED &&
							 !v.c.sent_to_front_at));
	json_object_set_new(d, "frozen", json_boolean(v.status == CONSULT_ST_PUBLISHED));
	json_object_set_new(d, "has_versions", json_boolean(v.c.version > 1));
	json_object_set_new(d, "prev_version", json_integer(v.c.version - 1));
	json_object_set_new(d, "nav", json_pack("{s:b}", "quan_ly", 1));
	if (extra)
		json_object_update(d, extra);
	json_decref(extra);
	return web_page(req, status, "quan-ly/gop-y-chi-tiet", d);
}

int page_officer_consultation(struct request *req)
{
	return register_page(req, 200, NULL);
}

/* POST /quan-ly/gop-y/{id}/thao-tac: action = reply, hide, group, version,
 * record, publish_report, send_to_front */
int page_officer_consultation_action(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	int64_t id = id_of(req_arg(req, "id"));
	if (!id)
		return error_page(req, APP_NOT_FOUND);
	const char *action = view_form(req, "action");
	int64_t cid = id_of(view_form(req, "comment"));
	struct app_errors errs = { 0 };
	int rc;
	const char *anchor = "";
	if (!strcmp(action, "reply")) {
		rc = cid ? consult_reply(&ctx, id, cid, view_form(req, "decision"), view_form(req, "text"),
					 id_of(view_form(req, "part")), &errs)
			 : APP_NOT_FOUND;
		anchor = arena_printf(req->arena, "#y-%lld", (long long)cid);
	} else if (!strcmp(action, "hide")) {
		rc = cid ? consult_hide(&ctx, id, cid, view_form(req, "reason"), &errs) : APP_NOT_FOUND;
		anchor = arena_printf(req->arena, "#y-%lld", (long long)cid);
	} else if (!strcmp(action, "group")) {
		rc = cid ? consult_group(&ctx, id, cid, id_of(view_form(req, "into")), &errs) : APP_NOT_FOUND;
		anchor = arena_printf(req->arena, "#y-%lld", (long long)cid);
	} else if (!strcmp(action, "version")) {
		int64_t number;
		rc = consult_new_version(&ctx, id, view_form(req, "text"), &number, &errs);
	} else if (!strcmp(action, "record")) {
		struct consult_comment_input ci = { 0 };
		ci.part_id = id_of(view_form(req, "part"));
		ci.text = view_form(req, "text");
		ci.name = view_form(req, "name");
		ci.show_name = *view_form(req, "show_name") != '\0';
		ci.channel = view_form(req, "channel");
		ci.organisation = view_form(req, "organisation");
		int64_t newid;
		rc = consult_comment(&ctx, id, &ci, &newid, &errs);
	} else if (!strcmp(action, "publish_report") || !strcmp(action, "send_to_front")) {
		rc = consult_event(&ctx, id, action, &errs);
	} else {
		rc = APP_VALIDATION;
		app_errors_add(&errs, "action", "Thao tác không hợp lệ.");
	}
	if (rc == APP_OK) {
		char loc[128];
		snprintf(loc, sizeof(loc), "/quan-ly/gop-y/%lld%s", (long long)id, anchor ? anchor : "");
		return web_see_other(req, loc, "saved");
	}
	if (rc == APP_ERROR || rc == APP_NOT_FOUND)
		return error_page(req, rc);
	json_t *by;
	json_t *list = errors_data(&errs, &by);
	if (rc != APP_VALIDATION) {
		json_array_clear(list);
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", "action", "message", consult_rc_message(rc)));
	}
	return register_page(req, app_rc_http(rc), json_pack("{s:o, s:o}", "errors", list, "err", by));
}
