/*
 * page_accounts.c - administration of officer accounts (/quan-ly/tai-khoan):
 * list, create, disable/enable, reset password, grant and revoke roles, each
 * within the acting administrator's scope (app/perm.h: perm_admin_account,
 * perm_admin_unit).
 */
#include "pages.h"
#include "web.h"
#include "view.h"
#include "app/auth.h"
#include "app/ctx.h"
#include "app/perm.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

/* The first message of a failed grant or revocation, shown by the role
 * field of the forms. */
static json_t *grant_errors(const struct app_errors *e)
{
	return json_pack("{s:s}", "role", e->n ? e->items[0].message : app_rc_message(APP_VALIDATION));
}

/* The errors of the account fields, by field. */
static json_t *fields_json(const struct app_errors *e)
{
	json_t *o = json_object();
	for (size_t i = 0; i < e->n; i++)
		json_object_set_new(o, e->items[i].field, json_string(e->items[i].message));
	return o;
}

/* The status of a failed change: app_result()'s, except that a grant to
 * an account that vanished is a form error like the others. */
static int fail_status(int rc)
{
	return rc == APP_NOT_FOUND ? 422 : app_rc_http(rc);
}

static int64_t viewer_id(const struct request *req)
{
	return web_session(req) ? web_session(req)->account.id : 0;
}

/* The roles, for a <select>. */
static json_t *roles_json(void)
{
	json_t *roles = json_array();
	for (size_t i = 0; role_at(i); i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "value", role_name(role_at(i)), "label",
						       role_label(role_at(i))));
	return roles;
}

/* The open units in which this administrator may grant roles, for a
 * <select>: all of them for a root administrator, else those strictly below
 * its admin grants. NULL on a database error. */
static json_t *admin_units_json(struct request *req, struct db *db, int64_t me, int root)
{
	struct unit_list units;
	int64_t *scope = NULL;
	size_t nscope = 0;
	if (unit_list(db, req->arena, 0, &units) < 0 ||
	    (!root && perm_units(db, req->arena, me, ROLE_ADMIN, PERM_UNITS_OPEN, &scope, &nscope) < 0))
		return NULL;
	json_t *ul = json_array();
	for (size_t i = 0; i < units.n; i++) {
		if (!root) {
			if (!perm_units_contain(scope, nscope, units.items[i].id))
				continue;
			int ok = perm_admin_unit(db, me, units.items[i].id);
			if (ok < 0) {
				json_decref(ul);
				return NULL;
			}
			if (!ok)
				continue;
		}
		json_array_append_new(ul, json_pack("{s:s, s:s}", "code", units.items[i].code, "name",
						    units.items[i].name));
	}
	return ul;
}

static int accounts_page(struct request *req, int status, json_t *errors, json_t *values)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct account *items;
	size_t n, shown = 0;
	int64_t me = viewer_id(req);
	int root = perm_admin_root(db, me);
	if (root < 0 || account_list(db, req->arena, &items, &n) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		/* only the accounts this administrator manages */
		int mine = root || perm_admin_account(db, me, items[i].id);
		if (mine < 0) {
			json_decref(list);
			json_decref(errors);
			json_decref(values);
			return http_error(req, 503, "unavailable", NULL);
		}
		if (!mine)
			continue;
		shown++;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "username", items[i].username,
						      "display_name", items[i].display_name, "disabled",
						      items[i].disabled));
	}
	json_t *units = admin_units_json(req, db, me, root);
	if (!units) {
		json_decref(list);
		json_decref(errors);
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_t *d = json_pack("{s:o, s:i, s:o, s:o, s:b}", "accounts", list, "accounts_count", (json_int_t)shown,
			      "roles", roles_json(), "units", units, "role_required", !root);
	if (errors)
		json_object_set_new(d, "errors", errors);
	json_object_set_new(d, "values", values ? values : json_object());
	return web_page(req, status, "quan-ly/tai-khoan", d);
}

int page_accounts(struct request *req)
{
	return accounts_page(req, 200, NULL, NULL);
}

int page_account_create(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const char *username = req_form(req, "username");
	const char *name = req_form(req, "display_name");
	const char *password = req_form(req, "password");
	const char *role = req_form(req, "role"), *unit = req_form(req, "unit");
	int has_role = (role && *role) || (unit && *unit);
	struct audit_actor actor;
	struct app_ctx ctx;
	struct app_errors errs = { 0 };
	view_ctx(req, db, &actor, &ctx);
	int root = perm_admin_root(db, actor.account_id);
	if (root < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *values = json_pack("{s:s, s:s, s:s, s:s}", "username", username ? username : "", "display_name",
				   name ? name : "", "role", role ? role : "", "unit", unit ? unit : "");
	/* an administrator below the root creates an account together with its
	 * first role in its scope, so that the account is in its scope at all */
	if (!root && !has_role)
		return accounts_page(req, 422, json_pack("{s:s}", "role", "Vui lòng giao một vai trò tại đơn vị "
							 "bạn quản trị cho tài khoản mới."), values);
	if (db_begin(db) < 0) {
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	int64_t id = 0;
	int rc = auth_create_account_in_tx(&ctx, username ? username : "", name ? name : "",
					   password ? password : "", &errs, &id);
	if (rc == APP_VALIDATION) {
		db_rollback(db);
		return accounts_page(req, app_rc_http(rc), fields_json(&errs), values);
	}
	if (rc == APP_OK && has_role)
		rc = perm_grant_new_in_tx(&ctx, id, unit ? unit : "", role ? role : "", &errs);
	if (rc == APP_ERROR) {
		db_rollback(db);
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (rc < 0) {
		/* nothing of the account stays without its role */
		db_rollback(db);
		return accounts_page(req, fail_status(rc), grant_errors(&errs), values);
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		json_decref(values);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_decref(values);
	struct sbuf *loc = arena_sbuf(req->arena, 512);
	if (!loc || sbuf_addstr(loc, "/quan-ly/tai-khoan/") < 0)
		return -1;
	/* the account service folds the username to lower case */
	for (const char *p = username; *p; p++)
		if (sbuf_addch(loc, *p >= 'A' && *p <= 'Z' ? *p + 32 : *p) < 0)
			return -1;
	return web_see_other(req, loc->buf, "account_created");
}

/* The account named by the path, or NULL with a 404 set, or a 403 when
 * the viewer does not administer it (app/perm.h perm_admin_account: it
 * holds a role outside the viewer's scope, or no role at all). */
static struct account *path_account(struct request *req, struct db *db)
{
	struct account *a = arena_zalloc(req->arena, sizeof(*a));
	if (!a)
		return NULL;
	const char *u = req_arg(req, "username");
	if (!u || account_get_by_username(db, u, req->arena, a) < 0) {
		http_error(req, 404, "not_found", "Không có tài khoản này.");
		return NULL;
	}
	int mine = perm_admin_account(db, viewer_id(req), a->id);
	if (mine < 0) {
		http_error(req, 503, "unavailable", NULL);
		return NULL;
	}
	if (!mine) {
		http_error(req, 403, "forbidden", "Tài khoản này có vai trò ngoài phạm vi quản trị của bạn.");
		return NULL;
	}
	return a;
}

static int account_page(struct request *req, int status, struct account *a, json_t *errors)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct perm_grant_list g;
	int64_t me = viewer_id(req);
	int root = perm_admin_root(db, me);
	json_t *ul = root < 0 ? NULL : admin_units_json(req, db, me, root);
	if (!ul || perm_list_grants(db, req->arena, a->id, &g) < 0) {
		json_decref(ul);
		json_decref(errors);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_t *grants = json_array();
	for (size_t i = 0; i < g.n; i++)
		json_array_append_new(grants, json_pack("{s:s, s:s, s:s, s:s}", "role", g.items[i].role_name,
							"role_label", g.items[i].role_label, "unit_code",
							g.items[i].unit_code, "unit_name", g.items[i].unit_name));
	json_t *roles = roles_json();
	json_t *d = json_pack("{s:{s:s, s:s, s:b}, s:s, s:o, s:o, s:o}", "account", "username", a->username,
			      "display_name", a->display_name, "disabled", a->disabled, "username", a->username,
			      "grants", grants, "roles", roles, "units", ul);
	if (errors)
		json_object_set_new(d, "errors", errors);
	return web_page(req, status, "quan-ly/tai-khoan-chi-tiet", d);
}

int page_account(struct request *req)
{
	struct db *db = web_db(req);
	struct account *a;
	if (!db || !(a = path_account(req, db)))
		return 0;
	return account_page(req, 200, a, NULL);
}

static int back_to(struct request *req, struct account *a, const char *flash)
{
	struct sbuf *loc = arena_sbuf(req->arena, 512);
	if (!loc || sbuf_addstr(loc, "/quan-ly/tai-khoan/") < 0 ||
	    sbuf_add_urlenc(loc, a->username, strlen(a->username)) < 0)
		return -1;
	return web_see_other(req, loc->buf, flash);
}

/* What every form of one account's page starts from: the account named by
 * the path (that the viewer administers), the context, room for errors. */
struct account_form {
	struct account *a;
	struct audit_actor actor;
	struct app_ctx ctx;
	struct app_errors errs;
};

/* 0 when the answer is already set (no database, 404, 403). */
static int account_form(struct request *req, struct account_form *f)
{
	struct db *db = web_db(req);
	if (!db || !(f->a = path_account(req, db)))
		return 0;
	view_ctx(req, db, &f->actor, &f->ctx);
	app_errors_clear(&f->errs);
	return 1;
}

/* A grant (grant 1) or a revocation of the form's role and unit. */
static int grant_form(struct request *req, int grant)
{
	struct account_form f;
	if (!account_form(req, &f))
		return 0;
	const char *role = req_form(req, "role"), *unit = req_form(req, "unit");
	int rc = (grant ? perm_grant : perm_revoke)(&f.ctx, f.a->id, unit ? unit : "", role ? role : "", &f.errs);
	if (rc == APP_ERROR)
		return http_error(req, 503, "unavailable", NULL);
	if (rc < 0)
		return account_page(req, fail_status(rc), f.a, grant_errors(&f.errs));
	return back_to(req, f.a, grant ? "role_granted" : "role_revoked");
}

int page_account_grant(struct request *req)
{
	return grant_form(req, 1);
}

int page_account_revoke(struct request *req)
{
	return grant_form(req, 0);
}

int page_account_password(struct request *req)
{
	struct account_form f;
	if (!account_form(req, &f))
		return 0;
	const char *pw = req_form(req, "password");
	int rc = auth_set_password(&f.ctx, f.a->id, pw ? pw : "", &f.errs);
	if (rc == APP_VALIDATION) {
		const char *msg = app_errors_get(&f.errs, "password");
		return account_page(req, app_rc_http(rc), f.a,
				    json_pack("{s:s}", "password", msg ? msg : "Mật khẩu không hợp lệ."));
	}
	if (rc < 0)
		return http_error(req, 503, "unavailable", NULL);
	return back_to(req, f.a, "password_reset");
}

static int set_disabled(struct request *req, int disabled)
{
	struct account_form f;
	if (!account_form(req, &f))
		return 0;
	const struct session *s = req->session;
	if (disabled && s && s->account.id == f.a->id)
		return account_page(req, 422, f.a, json_pack("{s:s}", "account", "Bạn không thể tự khoá tài khoản của mình."));
	if (auth_set_disabled(&f.ctx, f.a->id, disabled) < 0)
		return http_error(req, 503, "unavailable", NULL);
	return back_to(req, f.a, disabled ? "account_disabled" : "account_enabled");
}

int page_account_disable(struct request *req)
{
	return set_disabled(req, 1);
}

int page_account_enable(struct request *req)
{
	return set_disabled(req, 0);
}
