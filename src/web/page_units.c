/*
 * page_units.c - the organisation tree pages (/quan-ly/don-vi): the tree now
 * or as it stood on a date, one unit with its history and successions, and
 * the administrator's changes (add, rename, move, merge, split, close).
 */
#include "pages.h"
#include "web.h"
#include "view.h"
#include "app/ctx.h"
#include "app/org.h"
#include "app/perm.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

static json_t *errors_json(const struct app_errors *e)
{
	json_t *o = json_object();
	for (size_t i = 0; i < e->n; i++)
		json_object_set_new(o, e->items[i].field, json_string(e->items[i].message));
	return o;
}

static const char *day_label(struct arena *a, int64_t utc)
{
	char b[11];
	return arena_strdup(a, fmt_date_vn(utc, b));
}

/* The label of the last valid day of a closed unit (valid_to is exclusive). */
static const char *last_day_label(struct arena *a, int64_t valid_to)
{
	char b[11];
	return arena_strdup(a, fmt_dmy(vn_day_of(valid_to) - 1, b));
}

static json_t *unit_node(struct arena *a, const struct unit *u)
{
	json_t *n = json_pack("{s:s, s:s, s:s, s:s, s:b, s:[]}", "code", u->code, "name", u->name, "kind", u->kind,
			      "kind_label", org_kind_label(u->kind) ? org_kind_label(u->kind) : u->kind,
			      "closed", u->valid_to != UNIT_OPEN, "children");
	if (u->valid_to != UNIT_OPEN)
		json_object_set_new(n, "valid_to_label", json_string(last_day_label(a, u->valid_to)));
	return n;
}

/* Nest a flat list (ordered by code) into a tree of json nodes. */
static json_t *build_tree(struct arena *a, const struct unit_list *l)
{
	json_t *byid = json_object();
	json_t *roots = json_array();
	char key[24];
	for (size_t i = 0; i < l->n; i++) {
		snprintf(key, sizeof(key), "%lld", (long long)l->items[i].id);
		json_object_set_new(byid, key, unit_node(a, &l->items[i]));
	}
	for (size_t i = 0; i < l->n; i++) {
		snprintf(key, sizeof(key), "%lld", (long long)l->items[i].id);
		json_t *node = json_object_get(byid, key);
		json_t *parent = NULL;
		if (l->items[i].parent_id) {
			snprintf(key, sizeof(key), "%lld", (long long)l->items[i].parent_id);
			parent = json_object_get(byid, key);
		}
		json_array_append(parent ? json_object_get(parent, "children") : roots, node);
	}
	json_decref(byid);
	return json_pack("{s:o}", "children", roots);
}

static json_t *kind_options(const char *selected)
{
	json_t *a = json_array();
	for (size_t i = 0; unit_kinds[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", unit_kinds[i], "label",
						   org_kind_label(unit_kinds[i]), "selected",
						   selected && !strcmp(selected, unit_kinds[i])));
	return a;
}

static int units_page(struct request *req, int status, json_t *errors, json_t *values)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const char *date = req_query(req, "ngay");
	struct unit_list l, open;
	int64_t day = 0;
	int as_of = date && *date;
	if (as_of && parse_date(date, &day) < 0)
		return http_error(req, 400, "bad_request", "Ngày không hợp lệ. Hãy chọn ngày theo dạng ngày/tháng/năm.");
	if ((as_of ? unit_list_as_of(db, req->arena, vn_day_start(day), &l) : unit_list(db, req->arena, 0, &l)) < 0 ||
	    unit_list(db, req->arena, 0, &open) < 0)
		return http_error(req, 503, "unavailable", NULL);
	/* the create form offers the parents this administrator may use: every
	 * open unit for a root administrator, else those its admin grants reach */
	int64_t *scope = NULL;
	size_t nscope = 0;
	int64_t me = web_session(req) ? web_session(req)->account.id : 0;
	int root = perm_admin_root(db, me);
	if (root < 0 || (!root && perm_units(db, req->arena, me, ROLE_ADMIN, PERM_UNITS_OPEN, &scope, &nscope) < 0))
		return http_error(req, 503, "unavailable", NULL);
	json_t *parents = json_array();
	const char *sel = values ? json_string_value(json_object_get(values, "parent")) : NULL;
	for (size_t i = 0; i < open.n; i++)
		if (root || perm_units_contain(scope, nscope, open.items[i].id))
			json_array_append_new(parents, json_pack("{s:s, s:s, s:b}", "code", open.items[i].code, "name",
							 open.items[i].name, "selected",
							 sel && !strcmp(sel, open.items[i].code)));
	char ymd[11], dmy[11];
	json_t *d = json_pack("{s:o, s:i, s:o, s:o, s:b, s:s}", "tree", build_tree(req->arena, &l), "count",
			      (json_int_t)l.n, "parents", parents, "kinds",
			      kind_options(values ? json_string_value(json_object_get(values, "kind")) : NULL),
			      "can_edit", web_has_role_anywhere(req, "admin") > 0, "date", as_of ? fmt_ymd(day, ymd) : "");
	json_object_set_new(d, "can_root", json_boolean(root));
	if (as_of)
		json_object_set_new(d, "as_of", json_string(fmt_dmy(day, dmy)));
	if (errors)
		json_object_set_new(d, "errors", errors);
	json_object_set_new(d, "values", values ? values : json_object());
	return web_page(req, status, "quan-ly/don-vi", d);
}

int page_units(struct request *req)
{
	return units_page(req, 200, NULL, NULL);
}

/* A form date (YYYY-MM-DD or DD/MM/YYYY) or today when empty; -1 if bad. */
static int form_day(const char *s, int64_t *day)
{
	if (!s || !*s) {
		*day = org_today();
		return 0;
	}
	return parse_date(s, day);
}

static int unit_location(struct request *req, const char *code, const char *flash)
{
	struct sbuf *loc = arena_sbuf(req->arena, 512);
	if (!loc || sbuf_addstr(loc, "/quan-ly/don-vi/") < 0 || sbuf_add_urlenc(loc, code, strlen(code)) < 0)
		return -1;
	return web_see_other(req, loc->buf, flash);
}

int page_unit_create(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct org_unit_input in = {
		.code = req_form(req, "code"),
		.name = req_form(req, "name"),
		.kind = req_form(req, "kind"),
		.parent_code = req_form(req, "parent"),
	};
	const char *from = req_form(req, "valid_from");
	json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", in.code ? in.code : "", "name",
				   in.name ? in.name : "", "kind", in.kind ? in.kind : "", "parent",
				   in.parent_code ? in.parent_code : "", "valid_from", from ? from : "");
	int64_t day;
	if (form_day(from, &day) < 0)
		return units_page(req, 422, json_pack("{s:s}", "valid_from", "Ngày không hợp lệ."), values);
	struct audit_actor actor;
	struct app_ctx ctx;
	struct app_errors errs = { 0 };
	view_ctx(req, db, &actor, &ctx);
	int rc = org_create(&ctx, &in, day, NULL, &errs);
	if (rc == APP_ERROR) {
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (rc < 0) {
		json_t *e = errors_json(&errs);
		if (json_object_get(e, "date")) {
			json_object_set(e, "valid_from", json_object_get(e, "date"));
			json_object_del(e, "date");
		}
		return units_page(req, app_rc_http(rc), e, values);
	}
	json_decref(values);
	return unit_location(req, in.code, "unit_created");
}

/* The unit page, with errors of a failed action and that action's form open. */
static int unit_page(struct request *req, int status, const char *open_form, json_t *errors)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct unit u;
	const char *code = req_arg(req, "code");
	if (!code || unit_get_by_code(db, req->arena, code, &u) < 0)
		return http_error(req, 404, "not_found", "Không có đơn vị với mã này.");
	struct unit_list anc, children, open;
	struct unit_version_list hist;
	struct unit_succession_list succ;
	if (unit_ancestors(db, req->arena, u.id, &anc) < 0 ||
	    unit_children(db, req->arena, u.id, UNIT_LIST_CLOSED, &children) < 0 ||
	    unit_history(db, req->arena, u.id, &hist) < 0 || unit_successions_of(db, req->arena, u.id, &succ) < 0 ||
	    unit_list(db, req->arena, 0, &open) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *ja = json_array();
	for (size_t i = anc.n; i-- > 0;)
		json_array_append_new(ja, json_pack("{s:s, s:s}", "code", anc.items[i].code, "name", anc.items[i].name));
	json_t *jc = json_array();
	for (size_t i = 0; i < children.n; i++)
		json_array_append_new(jc, unit_node(req->arena, &children.items[i]));
	json_t *jh = json_array();
	if (hist.n > 1) {
		for (size_t i = 0; i < hist.n; i++) {
			const struct unit_version *v = &hist.items[i];
			struct unit p;
			const char *pname = "(đơn vị gốc)";
			if (v->parent_id && unit_get_by_id(db, req->arena, v->parent_id, &p) == 0)
				pname = p.name;
			json_array_append_new(jh, json_pack("{s:s, s:s, s:s, s:s}", "from",
							    day_label(req->arena, v->valid_from), "to",
							    v->valid_to == UNIT_OPEN ? "nay" : last_day_label(req->arena, v->valid_to),
							    "name", v->name, "parent_name", pname));
		}
	}
	json_t *js = json_array();
	for (size_t i = 0; i < succ.n; i++) {
		const struct unit_succession *s = &succ.items[i];
		int outgoing = s->from_id == u.id;
		const char *other = outgoing ? s->to_code : s->from_code;
		struct unit o;
		const char *oname = other;
		if (unit_get_by_code(db, req->arena, other, &o) == 0)
			oname = o.name;
		const char *label;
		if (!strcmp(s->kind, "merged_into"))
			label = outgoing ? "Đã sáp nhập vào" : "Tiếp nhận khi sáp nhập";
		else if (!strcmp(s->kind, "split_from"))
			label = outgoing ? "Được chia tách từ" : "Đã chia tách thành";
		else
			label = outgoing ? "Đã đổi tên thành" : "Tên cũ là";
		json_array_append_new(js, json_pack("{s:s, s:s, s:s, s:s}", "label", label, "other_code", other,
						    "other_name", oname, "date", day_label(req->arena, s->effective_at)));
	}
	json_t *jo = json_array(), *jm = json_array();
	for (size_t i = 0; i < open.n; i++) {
		if (open.items[i].id == u.id)
			continue;
		json_array_append_new(jo, json_pack("{s:s, s:s, s:b}", "code", open.items[i].code, "name",
						    open.items[i].name, "selected", open.items[i].id == u.parent_id));
		json_array_append_new(jm, json_pack("{s:s, s:s}", "code", open.items[i].code, "name", open.items[i].name));
	}
	json_t *parent = json_null();
	if (u.parent_id) {
		struct unit p;
		if (unit_get_by_id(db, req->arena, u.parent_id, &p) == 0)
			parent = json_pack("{s:s, s:s}", "code", p.code, "name", p.name);
	}
	json_t *d = json_pack("{s:{s:s, s:s, s:s, s:s, s:b, s:s}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			      "unit", "code", u.code, "name", u.name, "kind_label",
			      org_kind_label(u.kind) ? org_kind_label(u.kind) : u.kind, "valid_from_label",
			      day_label(req->arena, u.valid_from), "closed", u.valid_to != UNIT_OPEN,
			      "valid_to_label", u.valid_to != UNIT_OPEN ? last_day_label(req->arena, u.valid_to) : "",
			      "parent", parent, "ancestors", ja, "children", jc, "history", jh, "successions", js,
			      "open_units", jo, "merge_candidates", jm, "can_edit",
			      web_session(req) && perm_admin_unit(db, web_session(req)->account.id, u.id) > 0);
	if (open_form)
		json_object_set_new(d, open_form, json_true());
	if (errors)
		json_object_set_new(d, "errors", errors);
	return web_page(req, status, "quan-ly/don-vi-chi-tiet", d);
}

int page_unit(struct request *req)
{
	return unit_page(req, 200, NULL, NULL);
}

/* Answer an org_* result for the unit page's action forms: the status of
 * app_result(), except that a database failure answers 503 as every page
 * does. */
static int action_result(struct request *req, int rc, const struct app_errors *errs, const char *form,
			 const char *go_code, const char *flash)
{
	if (rc == APP_OK)
		return unit_location(req, go_code, flash);
	if (rc == APP_ERROR)
		return http_error(req, 503, "unavailable", NULL);
	return unit_page(req, app_rc_http(rc), form, errors_json(errs));
}

static int bad_date(struct request *req, const char *form)
{
	return unit_page(req, 422, form, json_pack("{s:s}", "date", "Vui lòng chọn ngày hợp lệ."));
}

/* What every action form of the unit page starts from: the context, the
 * unit's code from the path and room for the field errors. */
struct org_form {
	struct audit_actor actor;
	struct app_ctx ctx;
	struct app_errors errs;
	const char *code;
};

/* 0 when there is no database (the answer is already set). */
static int org_form(struct request *req, struct org_form *f)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	view_ctx(req, db, &f->actor, &f->ctx);
	app_errors_clear(&f->errs);
	f->code = req_arg(req, "code");
	return 1;
}

enum unit_action { ACT_RENAME, ACT_MOVE, ACT_CLOSE };

/* The unit page's one-unit forms: rename, move, close (each on a date,
 * today when left empty). */
static int unit_action(struct request *req, enum unit_action act)
{
	static const struct {
		const char *form, *flash;
	} acts[] = {
		[ACT_RENAME] = { "open_rename", "unit_renamed" },
		[ACT_MOVE] = { "open_move", "unit_moved" },
		[ACT_CLOSE] = { "open_close", "unit_closed" },
	};
	struct org_form f;
	if (!org_form(req, &f))
		return 0;
	int64_t day;
	if (form_day(req_form(req, "date"), &day) < 0)
		return bad_date(req, acts[act].form);
	int rc;
	switch (act) {
	case ACT_RENAME:
		rc = org_rename(&f.ctx, f.code, req_form(req, "name"), day, &f.errs);
		break;
	case ACT_MOVE:
		rc = org_move(&f.ctx, f.code, req_form(req, "parent"), day, &f.errs);
		break;
	default:
		rc = org_close(&f.ctx, f.code, day, &f.errs);
		break;
	}
	return action_result(req, rc, &f.errs, acts[act].form, f.code, acts[act].flash);
}

int page_unit_rename(struct request *req)
{
	return unit_action(req, ACT_RENAME);
}

int page_unit_move(struct request *req)
{
	return unit_action(req, ACT_MOVE);
}

int page_unit_close(struct request *req)
{
	return unit_action(req, ACT_CLOSE);
}

int page_unit_merge(struct request *req)
{
	struct org_form f;
	if (!org_form(req, &f))
		return 0;
	const char *from[64];
	size_t n = req_form_values(req, "from", from, 64);
	if (n > 64)
		return unit_page(req, 422, "open_merge", json_pack("{s:s}", "from", "Chọn tối đa 64 đơn vị."));
	if (n == 0)
		return unit_page(req, 422, "open_merge", json_pack("{s:s}", "from", "Chọn ít nhất một đơn vị để sáp nhập."));
	int64_t day;
	if (form_day(req_form(req, "date"), &day) < 0)
		return bad_date(req, "open_merge");
	int rc = org_merge(&f.ctx, from, n, f.code, NULL, day, &f.errs);
	return action_result(req, rc, &f.errs, "open_merge", f.code, "unit_merged");
}

int page_unit_split(struct request *req)
{
	struct org_form f;
	if (!org_form(req, &f))
		return 0;
	const char *code = f.code;
	struct unit u;
	if (!code || unit_get_by_code(f.ctx.db, req->arena, code, &u) < 0)
		return http_error(req, 404, "not_found", "Không có đơn vị với mã này.");
	struct org_unit_input parts[3];
	size_t n = 0;
	for (int i = 1; i <= 3; i++) {
		char kc[16], kn[16];
		snprintf(kc, sizeof(kc), "code%d", i);
		snprintf(kn, sizeof(kn), "name%d", i);
		const char *c = req_form(req, kc), *nm = req_form(req, kn);
		if (i == 3 && (!c || !*c) && (!nm || !*nm))
			break;
		parts[n].code = c;
		parts[n].name = nm;
		parts[n].kind = u.kind;
		parts[n].parent_code = NULL;
		n++;
	}
	int64_t day;
	if (form_day(req_form(req, "date"), &day) < 0)
		return bad_date(req, "open_split");
	int rc = org_split(&f.ctx, code, parts, n, 0, day, &f.errs);
	return action_result(req, rc, &f.errs, "open_split", rc == APP_OK ? parts[0].code : code, "unit_split");
}
