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

static int grant_summary(char *buf, size_t len, int64_t account_id, const char *code, const char *role)
{
	int n = snprintf(buf, len, "{\"account_id\":%lld,\"unit\":\"%s\",\"role\":\"%s\"}",
			 (long long)account_id, code, role);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

int perm_admin_root(struct db *db, int64_t account_id)
{
	int64_t roots = 0, lacking = 0;
	if (!account_id)
		return 0;
	if (unit_roots_lacking_grant(db, account_id, "admin", &roots, &lacking) < 0)
		return PERM_DB;
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
		return PERM_DB;
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
	rc = unit_grants_of_account(db, &a, target_id, &g) < 0 ? PERM_DB : g.n > 0;
	for (size_t i = 0; rc == 1 && i < g.n; i++)
		rc = perm_admin_unit(db, account_id, g.items[i].unit_id);
	arena_release(&a);
	return rc;
}

/* The scope checks of a grant or revocation by an account (the system,
 * account 0, is not checked). */
static int check_scope(struct db *db, const struct audit_actor *actor, int64_t account_id, int64_t unit_id,
		       int new_account)
{
	if (!actor->account_id)
		return PERM_OK;
	int rc = perm_admin_unit(db, actor->account_id, unit_id);
	if (rc == 1 && !new_account)
		rc = perm_admin_account(db, actor->account_id, account_id);
	return rc < 0 ? PERM_DB : rc ? PERM_OK : PERM_FORBIDDEN;
}

static int grant(struct db *db, const struct audit_actor *actor, int64_t account_id,
		 const char *unit_code, const char *role, int new_account)
{
	struct arena a;
	struct unit u;
	int64_t id = 0;
	int ret;
	if (!role_from_name(role))
		return PERM_NO_ROLE;
	if (!unit_code || strlen(unit_code) > UNIT_CODE_MAX)
		return PERM_NO_UNIT;
	arena_init(&a, 1024);
	int rc = unit_get_by_code(db, &a, unit_code, &u);
	if (rc == DB_NOTFOUND || (rc == DB_OK && u.valid_to != UNIT_OPEN)) {
		ret = PERM_NO_UNIT;
		goto out;
	}
	if (rc < 0) {
		ret = PERM_DB;
		goto out;
	}
	if ((ret = check_scope(db, actor, account_id, u.id, new_account)) < 0)
		goto out;
	rc = unit_grant_find(db, account_id, u.id, role, NULL);
	if (rc == DB_OK) {
		ret = PERM_OK;   /* already held: nothing to do */
		goto out;
	}
	if (rc != DB_NOTFOUND) {
		ret = PERM_DB;
		goto out;
	}
	rc = unit_grant_insert(db, account_id, u.id, role, actor->account_id, (int64_t)time(NULL), &id);
	if (rc == DB_CONSTRAINT) {
		/* the role and unit are known and no active grant exists: the
		 * foreign key on accounts refused it */
		ret = PERM_NO_ACCOUNT;
		goto out;
	}
	if (rc < 0) {
		ret = PERM_DB;
		goto out;
	}
	char summary[200], object[32];
	snprintf(object, sizeof(object), "%lld", (long long)id);
	if (grant_summary(summary, sizeof(summary), account_id, u.code, role) < 0 ||
	    audit_append(db, actor, "role.grant", "role_grant", object, summary) < 0) {
		ret = PERM_DB;
		goto out;
	}
	ret = PERM_OK;
out:
	arena_release(&a);
	return ret;
}

int perm_grant_in_tx(struct db *db, const struct audit_actor *actor, int64_t account_id,
		     const char *unit_code, const char *role)
{
	return grant(db, actor, account_id, unit_code, role, 0);
}

int perm_grant_new_in_tx(struct db *db, const struct audit_actor *actor, int64_t account_id,
			 const char *unit_code, const char *role)
{
	return grant(db, actor, account_id, unit_code, role, 1);
}

int perm_revoke_in_tx(struct db *db, const struct audit_actor *actor, int64_t account_id,
		      const char *unit_code, const char *role)
{
	int64_t unit_id = 0, grant_id = 0;
	char code[UNIT_CODE_MAX + 1];
	if (!role_from_name(role))
		return PERM_NO_ROLE;
	if (!unit_code || strlen(unit_code) > UNIT_CODE_MAX)
		return PERM_NO_UNIT;
	{
		struct arena a;
		struct unit u;
		arena_init(&a, 1024);
		int rc = unit_get_by_code(db, &a, unit_code, &u);
		if (rc == DB_OK)
			unit_id = u.id;
		arena_release(&a);
		if (rc == DB_NOTFOUND)
			return PERM_NO_UNIT;
		if (rc < 0)
			return PERM_DB;
	}
	int scope = check_scope(db, actor, account_id, unit_id, 0);
	if (scope < 0)
		return scope;
	snprintf(code, sizeof(code), "%s", unit_code);
	int rc = unit_grant_find(db, account_id, unit_id, role, &grant_id);
	if (rc == DB_NOTFOUND)
		return PERM_NO_GRANT;
	if (rc < 0)
		return PERM_DB;
	if (unit_grant_revoke(db, grant_id, actor->account_id, (int64_t)time(NULL)) < 0)
		return PERM_DB;
	char summary[200], object[32];
	snprintf(object, sizeof(object), "%lld", (long long)grant_id);
	if (grant_summary(summary, sizeof(summary), account_id, code, role) < 0 ||
	    audit_append(db, actor, "role.revoke", "role_grant", object, summary) < 0)
		return PERM_DB;
	return PERM_OK;
}

/* Run one of the *_in_tx functions in its own transaction. */
static int in_own_tx(int (*fn)(struct db *, const struct audit_actor *, int64_t, const char *, const char *),
		     struct db *db, const struct audit_actor *actor, int64_t account_id,
		     const char *unit_code, const char *role)
{
	if (db_begin(db) < 0)
		return PERM_DB;
	int rc = fn(db, actor, account_id, unit_code, role);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		return PERM_DB;
	}
	return PERM_OK;
}

int perm_grant(struct db *db, const struct audit_actor *actor, int64_t account_id,
	       const char *unit_code, const char *role)
{
	return in_own_tx(perm_grant_in_tx, db, actor, account_id, unit_code, role);
}

int perm_revoke(struct db *db, const struct audit_actor *actor, int64_t account_id,
		const char *unit_code, const char *role)
{
	return in_own_tx(perm_revoke_in_tx, db, actor, account_id, unit_code, role);
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
		return PERM_DB;
	for (size_t i = 0; i < ROLE_COUNT; i++)
		if (got & (1u << i))
			*mask |= roles[i].bit;
	return PERM_OK;
}

int perm_units(struct db *db, struct arena *a, int64_t account_id, unsigned role_mask,
	       unsigned flags, int64_t **ids, size_t *n)
{
	const char *names[UNIT_ROLE_SLOTS];
	*ids = NULL;
	*n = 0;
	if (!(role_mask & ROLE_ALL))
		return PERM_OK;
	mask_names(role_mask, names);
	int rc = unit_reach(db, a, account_id, names, (flags & PERM_UNITS_OPEN) ? UNIT_REACH_OPEN : 0, ids, n);
	return rc < 0 ? PERM_DB : PERM_OK;
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
		return PERM_OK;
	out->items = arena_zalloc(a, g->n * sizeof(*out->items));
	if (!out->items)
		return PERM_DB;
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
	return PERM_OK;
}

int perm_list_grants(struct db *db, struct arena *a, int64_t account_id, struct perm_grant_list *out)
{
	struct unit_grant_list g;
	out->items = NULL;
	out->n = 0;
	if (unit_grants_of_account(db, a, account_id, &g) < 0)
		return PERM_DB;
	return to_items(a, &g, out);
}

int perm_list_unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct perm_grant_list *out)
{
	struct unit_grant_list g;
	out->items = NULL;
	out->n = 0;
	if (unit_grants_in_unit(db, a, unit_id, &g) < 0)
		return PERM_DB;
	return to_items(a, &g, out);
}
