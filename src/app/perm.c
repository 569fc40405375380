/*
 * perm.c - role names and labels, granting and revoking roles (one audited
 * transaction each), and the permission checks built on store/unit.h.
 */
#include "perm.h"
#include "core/arena.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

static const struct {
	unsigned bit;
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	{ ROLE_ADMIN, "admin", "Quản trị" },
	{ ROLE_LEADER, "leader", "Lãnh đạo" },
	{ ROLE_INTAKE, "intake", "Tiếp nhận" },
	{ ROLE_HANDLER, "handler", "Xử lý" },
	{ ROLE_FRONT, "front", "Mặt trận / đoàn thể" },
	{ ROLE_VIEWER, "viewer", "Theo dõi" },
};

unsigned role_from_name(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return roles[i].bit;
	return 0;
}

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return NULL;
}

const char *role_label(unsigned role)
{
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (roles[i].bit == role)
			return roles[i].label;
	return NULL;
}

unsigned role_at(size_t i)
{
	return i < ROLE_COUNT ? roles[i].bit : 0;
}

int role_mask_parse(const char *list, unsigned *mask)
{
	unsigned m = 0;
	const char *p = list;
	if (!list)
		return -1;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *start = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		size_t len = (size_t)(p - start);
		if (!len)
			break;
		char name[16];
		if (len >= sizeof(name))
			return -1;
		memcpy(name, start, len);
		name[len] = '\0';
		unsigned bit = role_from_name(name);
		if (!bit)
			return -1;
		m |= bit;
	}
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

/* The role names of a mask, NULL-padded, for the store's IN (...) filter. */
static void mask_names(unsigned mask, const char *names[UNIT_ROLE_SLOTS])
{
	size_t n = 0;
	for (size_t i = 0; i < UNIT_ROLE_SLOTS; i++)
		names[i] = NULL;
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (mask & roles[i].bit)
			names[n++] = roles[i].name;
}

int perm_admin_root(struct db *db, int64_t account_id)
{
	int64_t roots = 0, lacking = 0;
	if (!account_id)
		return 0;
	if (unit_roots_lacking_grant(db, account_id, "admin", &roots, &lacking) < 0)
		return APP_ERROR;
	return roots > 0 && lacking == 0;
}

int perm_admin_unit(struct db *db, int64_t account_id, int64_t unit_id)
{
	struct arena a;
	struct unit u;
	if (!account_id || !unit_id)
		return 0;
	arena_init(&a, 1024);
	int rc = unit_get_by_id(db, &a, unit_id, &u);
	arena_release(&a);
	if (rc == DB_NOTFOUND)
		return 0;
	if (rc < 0)
		return APP_ERROR;
	/* strictly below the grant, except that a root's administrator also
	 * administers the root */
	return perm_has(db, account_id, u.parent_id ? u.parent_id : u.id, ROLE_ADMIN);
}

int perm_admin_under(struct db *db, int64_t account_id, int64_t parent_id)
{
	if (!account_id)
		return 0;
	if (!parent_id)
		return perm_admin_root(db, account_id);
	return perm_has(db, account_id, parent_id, ROLE_ADMIN);
}

int perm_admin_account(struct db *db, int64_t account_id, int64_t target_id)
{
	struct arena a;
	struct unit_grant_list g;
	if (!account_id)
		return 0;
	int rc = perm_admin_root(db, account_id);
	if (rc != 0)
		return rc;
	arena_init(&a, 4096);
	rc = unit_grants_of_account(db, &a, target_id, &g) < 0 ? APP_ERROR : g.n > 0;
	for (size_t i = 0; rc == 1 && i < g.n; i++)
		rc = perm_admin_unit(db, account_id, g.items[i].unit_id);
	arena_release(&a);
	return rc;
}

#define MSG_NO_UNIT "Đơn vị không tồn tại hoặc đã giải thể."
#define MSG_NO_ROLE "Vai trò không hợp lệ."
#define MSG_NO_GRANT "Tài khoản không có vai trò này tại đơn vị đó."
#define MSG_NO_ACCOUNT "Không có tài khoản này."
#define MSG_FORBIDDEN "Bạn chỉ được giao, thu hồi vai trò tại các đơn vị trực thuộc đơn vị bạn quản trị."

/* Record a failure of a grant or revocation: its message under `field`. */
static int refuse(struct app_errors *errs, int rc, const char *field, const char *msg)
{
	app_errors_add(errs, field, msg);
	return rc;
}

/* The scope checks of a grant or revocation by an account (the system,
 * account 0, is not checked). */
static int check_scope(const struct app_ctx *ctx, int64_t account_id, int64_t unit_id, int new_account,
		       struct app_errors *errs)
{
	int64_t me = ctx->actor->account_id;
	if (!me)
		return APP_OK;
	int rc = perm_admin_unit(ctx->db, me, unit_id);
	if (rc == 1 && !new_account)
		rc = perm_admin_account(ctx->db, me, account_id);
	if (rc < 0)
		return APP_ERROR;
	return rc ? APP_OK : refuse(errs, APP_FORBIDDEN, "unit", MSG_FORBIDDEN);
}

/*
 * What a grant and a revocation both check first: the role and the unit
 * (open when `want_open`) into *u, strings in `a`, then the actor's scope.
 */
static int check_grant(const struct app_ctx *ctx, struct arena *a, int64_t account_id, const char *unit_code,
		       const char *role, int want_open, int new_account, struct unit *u, struct app_errors *errs)
{
	if (!role_from_name(role))
		return refuse(errs, APP_VALIDATION, "role", MSG_NO_ROLE);
	if (!unit_code || strlen(unit_code) > UNIT_CODE_MAX)
		return refuse(errs, APP_VALIDATION, "unit", MSG_NO_UNIT);
	int rc = unit_get_by_code(ctx->db, a, unit_code, u);
	if (rc == DB_NOTFOUND || (rc == DB_OK && want_open && u->valid_to != UNIT_OPEN))
		return refuse(errs, APP_VALIDATION, "unit", MSG_NO_UNIT);
	if (rc < 0)
		return APP_ERROR;
	return check_scope(ctx, account_id, u->id, new_account, errs);
}

/* The "role.grant" / "role.revoke" entry of grant `id`. */
static int audit_grant(const struct app_ctx *ctx, const char *action, int64_t id, int64_t account_id,
		       const char *unit_code, const char *role)
{
	char object[AUDIT_ID_CHARS];
	return audit_append_json_new(ctx->db, ctx->actor, action, "role_grant", audit_id(id, object),
				     json_pack("{s:I, s:s, s:s}", "account_id", (json_int_t)account_id, "unit",
					       unit_code, "role", role)) < 0 ? APP_ERROR : APP_OK;
}

static int grant(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		 int new_account, struct app_errors *errs)
{
	struct arena a;
	struct unit u;
	int64_t id = 0;
	arena_init(&a, 1024);
	int rc = check_grant(ctx, &a, account_id, unit_code, role, 1, new_account, &u, errs);
	if (rc == APP_OK) {
		int found = unit_grant_find(ctx->db, account_id, u.id, role, NULL);
		if (found == DB_NOTFOUND)
			found = unit_grant_insert(ctx->db, account_id, u.id, role, ctx->actor->account_id, ctx->now,
						  &id);
		else if (found == DB_OK)
			found = 1;   /* already held: nothing to do */
		/* the role and unit are known and no active grant exists: the
		 * foreign key on accounts refused it */
		if (found == DB_CONSTRAINT)
			rc = refuse(errs, APP_NOT_FOUND, "account", MSG_NO_ACCOUNT);
		else if (found < 0)
			rc = APP_ERROR;
		else if (found == DB_OK)
			rc = audit_grant(ctx, "role.grant", id, account_id, u.code, role);
	}
	arena_release(&a);
	return rc;
}

int perm_grant_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		     struct app_errors *errs)
{
	return grant(ctx, account_id, unit_code, role, 0, errs);
}

int perm_grant_new_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code,
			 const char *role, struct app_errors *errs)
{
	return grant(ctx, account_id, unit_code, role, 1, errs);
}

int perm_revoke_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		      struct app_errors *errs)
{
	struct arena a;
	struct unit u;
	int64_t grant_id = 0;
	arena_init(&a, 1024);
	int rc = check_grant(ctx, &a, account_id, unit_code, role, 0, 0, &u, errs);
	if (rc == APP_OK) {
		int found = unit_grant_find(ctx->db, account_id, u.id, role, &grant_id);
		if (found == DB_NOTFOUND)
			rc = refuse(errs, APP_VALIDATION, "role", MSG_NO_GRANT);
		else if (found < 0 || unit_grant_revoke(ctx->db, grant_id, ctx->actor->account_id, ctx->now) < 0)
			rc = APP_ERROR;
		else
			rc = audit_grant(ctx, "role.revoke", grant_id, account_id, u.code, role);
	}
	arena_release(&a);
	return rc;
}

/* Run one of the *_in_tx functions in its own transaction. */
static int in_own_tx(int (*fn)(const struct app_ctx *, int64_t, const char *, const char *, struct app_errors *),
		     const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		     struct app_errors *errs)
{
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int rc = fn(ctx, account_id, unit_code, role, errs);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	return rc;
}

int perm_grant(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
	       struct app_errors *errs)
{
	return in_own_tx(perm_grant_in_tx, ctx, account_id, unit_code, role, errs);
}

int perm_revoke(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		struct app_errors *errs)
{
	return in_own_tx(perm_revoke_in_tx, ctx, account_id, unit_code, role, errs);
}

int perm_has(struct db *db, int64_t account_id, int64_t unit_id, unsigned role_mask)
{
	const char *names[UNIT_ROLE_SLOTS];
	if (!(role_mask & ROLE_ALL))
		return 0;
	mask_names(role_mask, names);
	return unit_grant_reaches(db, account_id, unit_id, names);
}

int perm_roles(struct db *db, int64_t account_id, int64_t unit_id, unsigned *mask)
{
	const char *names[ROLE_COUNT];
	unsigned got = 0;
	*mask = 0;
	for (size_t i = 0; i < ROLE_COUNT; i++)
		names[i] = roles[i].name;
	if (unit_grant_roles(db, account_id, unit_id, names, ROLE_COUNT, &got) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (got & (1u << i))
			*mask |= roles[i].bit;
	return APP_OK;
}

int perm_units(struct db *db, struct arena *a, int64_t account_id, unsigned role_mask,
	       unsigned flags, int64_t **ids, size_t *n)
{
	const char *names[UNIT_ROLE_SLOTS];
	*ids = NULL;
	*n = 0;
	if (!(role_mask & ROLE_ALL))
		return APP_OK;
	mask_names(role_mask, names);
	int rc = unit_reach(db, a, account_id, names, (flags & PERM_UNITS_OPEN) ? UNIT_REACH_OPEN : 0, ids, n);
	return rc < 0 ? APP_ERROR : APP_OK;
}

int perm_units_contain(const int64_t *ids, size_t n, int64_t unit_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == unit_id)
			return 1;
		if (ids[mid] < unit_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int to_items(struct arena *a, const struct unit_grant_list *g, struct perm_grant_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (!g->n)
		return APP_OK;
	out->items = arena_zalloc(a, g->n * sizeof(*out->items));
	if (!out->items)
		return APP_ERROR;
	for (size_t i = 0; i < g->n; i++) {
		struct perm_grant_item *it = &out->items[i];
		it->id = g->items[i].id;
		it->account_id = g->items[i].account_id;
		it->username = g->items[i].username;
		it->unit_id = g->items[i].unit_id;
		it->unit_code = g->items[i].unit_code;
		it->unit_name = g->items[i].unit_name;
		it->role = role_from_name(g->items[i].role);
		it->role_name = role_name(it->role);
		it->role_label = role_label(it->role);
		it->granted_at = g->items[i].granted_at;
		it->granted_by = g->items[i].granted_by;
	}
	out->n = g->n;
	return APP_OK;
}

/* Active grants by one of the store's listings, as perm_grant_items. */
static int list_grants(struct db *db, struct arena *a, int64_t id, struct perm_grant_list *out,
		       int (*list)(struct db *, struct arena *, int64_t, struct unit_grant_list *))
{
	struct unit_grant_list g;
	out->items = NULL;
	out->n = 0;
	if (list(db, a, id, &g) < 0)
		return APP_ERROR;
	return to_items(a, &g, out);
}

int perm_list_grants(struct db *db, struct arena *a, int64_t account_id, struct perm_grant_list *out)
{
	return list_grants(db, a, account_id, out, unit_grants_of_account);
}

int perm_list_unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct perm_grant_list *out)
{
	return list_grants(db, a, unit_id, out, unit_grants_in_unit);
}
