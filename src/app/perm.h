/*
 * perm.h - roles and permission checks.
 *
 * An officer's rights come from role grants: (account, unit, role). A role
 * held in a unit applies to that unit and to every unit below it in the
 * current tree ("inherited down"); it never applies to a unit's parent or
 * siblings. A revoked grant counts for nothing. Grants follow
 * reorganisations: merge and split move the active grants of a closed unit
 * to its successor (store/unit.h, unit_move_open_work), and closing a unit
 * without successor revokes them.
 *
 * Checks are single indexed queries (a recursive walk up the parent chain,
 * a handful of primary-key lookups), cheap enough to run on every officer
 * request; see docs/organisation.md.
 *
 * Return values: perm_has() and the perm_admin_*() checks answer 1/0 and
 * negative (APP_ERROR) on a database error; the other functions return the
 * outcomes of app/result.h: APP_OK or a negative enum app_rc.
 */
#ifndef DANVAN_PERM_H
#define DANVAN_PERM_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"

struct arena;
struct audit_actor;
struct db;

/* One bit per role; a mask is any OR of them. */
enum role {
	ROLE_ADMIN = 1u << 0,    /* "admin":   Quản trị - the tree, accounts, categories */
	ROLE_LEADER = 1u << 1,   /* "leader":  Lãnh đạo - approves and publishes answers */
	ROLE_INTAKE = 1u << 2,   /* "intake":  Tiếp nhận - classifies, assigns, rejects */
	ROLE_HANDLER = 1u << 3,  /* "handler": Xử lý - works cases, drafts answers */
	ROLE_FRONT = 1u << 4,    /* "front":   Mặt trận / đoàn thể - files on behalf of people */
	ROLE_VIEWER = 1u << 5,   /* "viewer":  Theo dõi - reads */
};
#define ROLE_ALL 0x3fu
#define ROLE_COUNT 6

/* "leader" -> ROLE_LEADER; 0 for NULL or an unknown name. */
unsigned role_from_name(const char *name);
/* ROLE_LEADER -> "leader"; NULL unless exactly one known bit is set. */
const char *role_name(unsigned role);
/* ROLE_LEADER -> "Lãnh đạo" (Vietnamese, for pages); NULL like role_name. */
const char *role_label(unsigned role);
/* The role at index 0..ROLE_COUNT-1 in display order (admin first), for
 * forms that list every role; 0 past the end. */
unsigned role_at(size_t i);
/* Parse "leader,handler" (comma-separated names, spaces allowed) into a mask;
 * -1 when a name is unknown or the list is empty. */
int role_mask_parse(const char *list, unsigned *mask);

/*
 * ADMINISTRATION is scoped like every other role, and strictly below the
 * grant: an account administers a unit when it holds `admin` in one of the
 * unit's ancestors (current tree), or in the unit itself when that unit is
 * a root (has no parent). So the administrator of a ward manages the
 * ward's sub-units, the roles granted in them and the accounts whose every
 * active role lies in them; it cannot change the ward itself, grant a role
 * at or above it, or touch an account holding a role anywhere else (its
 * fellow ward administrators and itself included). A "root administrator"
 * holds `admin` in every open root unit: it manages everything, accounts
 * without any role and the global settings (categories, the calendar, new
 * root units) included. The actor with account_id 0 (the command line, the
 * demo loader) is the system and is not checked.
 *
 * perm_admin_unit(), perm_admin_under(), perm_admin_root() and
 * perm_admin_account() answer 1/0, negative on a database error (treat as
 * "no").
 */
/* The account administers `unit_id` (above). */
int perm_admin_unit(struct db *db, int64_t account_id, int64_t unit_id);
/* The account may place a unit under `parent_id` (create or move it
 * there): it holds `admin` in the parent or one of its ancestors; for
 * parent_id 0 (a new root) only a root administrator. */
int perm_admin_under(struct db *db, int64_t account_id, int64_t parent_id);
/* The account holds `admin` in every open root unit (and there is one). */
int perm_admin_root(struct db *db, int64_t account_id);
/* The account may manage account `target_id` (list, edit, reset its
 * password, disable it, grant and revoke its roles): a root administrator
 * always; another administrator when the target holds at least one active
 * grant and it administers the unit of every one. */
int perm_admin_account(struct db *db, int64_t account_id, int64_t target_id);

/*
 * Grant `role` in the open unit `unit_code` to the account, by ctx->actor
 * at ctx->now, with a "role.grant" audit entry, in its own transaction.
 * Granting a role the account already holds there changes nothing and
 * returns APP_OK. An actor with an account must administer both the unit
 * and the account (above). Failures add one static Vietnamese message to
 * errs (may be NULL):
 *   APP_VALIDATION  "unit": an unknown or closed unit ("Đơn vị không tồn
 *                   tại hoặc đã giải thể."); "role": an unknown role
 *   APP_NOT_FOUND   "account": no account with that id
 *   APP_FORBIDDEN   "unit": outside the actor's scope
 *   APP_ERROR       a database error (no message; nothing changed).
 */
int perm_grant(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
	       struct app_errors *errs);
/* The same inside the caller's write transaction (db_begin): on failure
 * the caller rolls back. */
int perm_grant_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		     struct app_errors *errs);
/* The first role of an account the caller created in this same
 * transaction: only the unit is checked against the actor's scope (the
 * new account has no role yet, so perm_admin_account() would refuse it). */
int perm_grant_new_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code,
			 const char *role, struct app_errors *errs);

/*
 * Revoke the account's active grant of `role` in `unit_code` (open or
 * closed unit), with a "role.revoke" audit entry. An actor with an account
 * must administer the account (which covers the unit). Results as
 * perm_grant(), and APP_VALIDATION ("role") when the account holds no such
 * active grant.
 */
int perm_revoke(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		struct app_errors *errs);
int perm_revoke_in_tx(const struct app_ctx *ctx, int64_t account_id, const char *unit_code, const char *role,
		      struct app_errors *errs);

/*
 * 1 when the account holds any role of `role_mask` in `unit_id` or in one
 * of its ancestors (current tree), 0 when not (also for an unknown unit or
 * an empty mask), negative on a database error - treat that as "no".
 */
int perm_has(struct db *db, int64_t account_id, int64_t unit_id, unsigned role_mask);

/*
 * All the ROLE_* bits the account holds in `unit_id` or its ancestors, in
 * one query (0 when none, also for an unknown unit). Returns APP_OK or
 * APP_ERROR (then *mask is 0).
 */
int perm_roles(struct db *db, int64_t account_id, int64_t unit_id, unsigned *mask);

#define PERM_UNITS_OPEN 1u   /* leave closed units out */

/*
 * Every unit the account reaches with a role of `role_mask`: the units of
 * its active grants and all their descendants, as ascending ids in an arena
 * array (*ids is NULL when *n is 0) - the filter for an officer's inbox.
 * Closed units are included unless PERM_UNITS_OPEN (their records stay
 * visible to whoever reaches them). Returns APP_OK or APP_ERROR.
 */
int perm_units(struct db *db, struct arena *a, int64_t account_id, unsigned role_mask,
	       unsigned flags, int64_t **ids, size_t *n);
/* 1 when `unit_id` is in a sorted id list from perm_units(), else 0. */
int perm_units_contain(const int64_t *ids, size_t n, int64_t unit_id);

struct perm_grant_item {
	int64_t id;
	int64_t account_id;
	const char *username;    /* NULL if unknown */
	int64_t unit_id;
	const char *unit_code;
	const char *unit_name;
	unsigned role;           /* one ROLE_* bit */
	const char *role_name;   /* "leader" */
	const char *role_label;  /* "Lãnh đạo" */
	int64_t granted_at;
	int64_t granted_by;      /* account id, 0 for the system / command line */
};

struct perm_grant_list {
	struct perm_grant_item *items;
	size_t n;
};

/* Active grants of an account, by unit code then role (the admin page);
 * strings in the arena. Returns APP_OK or APP_ERROR. */
int perm_list_grants(struct db *db, struct arena *a, int64_t account_id, struct perm_grant_list *out);
/* Active grants held in one unit, by username then role. */
int perm_list_unit_grants(struct db *db, struct arena *a, int64_t unit_id, struct perm_grant_list *out);

#endif
