/*
 * unit.h - the SQL of the organisation tree: units (table `units`), the
 * history of their names and parents (`unit_versions`), succession edges
 * across reorganisations (`unit_successions`) and role grants per unit
 * (`role_grants`). The rules (validation, one transaction per change, audit
 * entries) live in app/org.h and app/perm.h; call those to change the tree.
 *
 * Time: every date is integer UTC seconds of 00:00 Vietnam time of a day
 * (vn_day_start() in core/timefmt.h). A unit is valid from `valid_from`
 * (first valid day) until `valid_to` (first day no longer valid); an open
 * unit has valid_to == UNIT_OPEN here and NULL in the database. Dates are
 * never in the future (app/org.h refuses them), so "open" and "current" are
 * the same thing.
 *
 * History: each unit has one or more rows in unit_versions, one per period
 * in which its name and parent stayed the same. The periods do not overlap
 * and lie within the unit's validity; the latest one of an open unit is open.
 * The units row always holds the latest name and parent, so current-tree
 * queries never touch unit_versions; queries "as of" a moment use it.
 *
 * Ownership: functions that return units or lists copy every string into
 * the caller's arena; nothing returned needs freeing on its own. Lists are
 * arena arrays too.
 *
 * Errors: functions return DB_OK (0) or a negative enum db_rc (store/db.h):
 * DB_NOTFOUND when the named row does not exist, DB_CONSTRAINT when the
 * database refuses the change (duplicate code, unknown parent, bad kind,
 * duplicate active grant, unknown account), DB_ERROR otherwise (logged; also
 * when an arena allocation fails). Writing functions expect the caller to
 * hold a write transaction (db_begin) and to roll back on failure; they
 * append no audit entry except unit_move_open_work(), which does.
 */
#ifndef DANVAN_STORE_UNIT_H
#define DANVAN_STORE_UNIT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

#define UNIT_OPEN INT64_MAX  /* valid_to of an open unit or version */
#define UNIT_CODE_MAX 32     /* bytes; codes are [A-Za-z0-9._-]{1,32} */
#define UNIT_NAME_MAX 200    /* characters (code points) */
#define UNIT_ROLE_SLOTS 6    /* role filters: up to 6 role names, NULL-padded */

/* The unit kinds the schema accepts, NULL-terminated, in display order. */
extern const char *const unit_kinds[];
/* 1 when kind is one of unit_kinds, else 0. */
int unit_kind_valid(const char *kind);

struct unit {
	int64_t id;
	const char *code;
	const char *name;
	const char *kind;
	int64_t parent_id;         /* 0 for a root */
	const char *parent_code;   /* NULL for a root */
	int64_t valid_from;
	int64_t valid_to;          /* UNIT_OPEN while open */
	int64_t created_at;        /* 0 in "as of" listings */
	int64_t updated_at;        /* 0 in "as of" listings */
};

struct unit_list {
	struct unit *items;
	size_t n;
};

struct unit_version {
	const char *name;
	int64_t parent_id;         /* 0 for a root */
	const char *parent_code;   /* NULL for a root */
	int64_t valid_from;
	int64_t valid_to;          /* UNIT_OPEN for the open version */
};

struct unit_version_list {
	struct unit_version *items;
	size_t n;
};

/* --- units ---------------------------------------------------------------- */

/*
 * Insert a unit (code, name, kind, parent_id, valid_from, valid_to of `u`;
 * id, parent_code and the timestamps are ignored) and its first version
 * covering its whole validity. created_at = updated_at = now. *id_out (may
 * be NULL) receives the new id. DB_CONSTRAINT for a taken code, a bad kind,
 * an unknown parent or valid_to <= valid_from.
 */
int unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id_out);

/* Look a unit up by code or id (open or closed). DB_NOTFOUND if none. */
int unit_get_by_code(struct db *db, struct arena *a, const char *code, struct unit *out);
int unit_get_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out);

#define UNIT_LIST_CLOSED 1u   /* include closed units */

/* Units as they are now, ordered by code: the open ones, and the closed ones
 * too with UNIT_LIST_CLOSED (then with their last name and parent). */
int unit_list(struct db *db, struct arena *a, unsigned flags, struct unit_list *out);

/*
 * The tree as it stood at instant `at` (UTC seconds; pass vn_day_start(day)
 * for a day): every unit valid at `at`, with the name and parent it had
 * then, ordered by code. valid_from/valid_to are the unit's whole validity.
 */
int unit_list_as_of(struct db *db, struct arena *a, int64_t at, struct unit_list *out);

/* Direct sub-units of a unit now (open only unless UNIT_LIST_CLOSED), by code. */
int unit_children(struct db *db, struct arena *a, int64_t id, unsigned flags, struct unit_list *out);
/* The current chain of parents of a unit, nearest first, root last; the
 * unit itself is not included. */
int unit_ancestors(struct db *db, struct arena *a, int64_t id, struct unit_list *out);
/* Every unit below this one in the current tree (not itself), by code;
 * open only unless UNIT_LIST_CLOSED. */
int unit_descendants(struct db *db, struct arena *a, int64_t id, unsigned flags, struct unit_list *out);
/* 1 when `unit` is `ancestor` or lies below it in the current tree, 0 when
 * not, negative on error. */
int unit_is_within(struct db *db, int64_t unit, int64_t ancestor);
/* Number of open direct sub-units. */
int unit_count_open_children(struct db *db, int64_t id, int64_t *n);

/* The periods of a unit's name and parent, oldest first. */
int unit_history(struct db *db, struct arena *a, int64_t id, struct unit_version_list *out);
/* Start of the unit's latest version: no change may take effect before it. */
int unit_version_start(struct db *db, int64_t id, int64_t *start);

/*
 * Give an open unit a new name and parent (parent_id 0 = root) from instant
 * `at` on: the open version ends at `at` and a new one starts there, or, when
 * the open version itself starts at `at`, it is changed in place. Updates the
 * units row (updated_at = now). DB_CONSTRAINT when the unit is closed or `at`
 * is before unit_version_start(). The caller checks that the new parent
 * exists, is open and is not inside the unit (no cycles).
 */
int unit_set_version(struct db *db, int64_t id, const char *name, int64_t parent_id,
		     int64_t at, int64_t now);

/*
 * Close an open unit at `at`: valid_to = at on the unit and its open
 * version (a version that would become empty because it starts at `at` is
 * removed). DB_CONSTRAINT when the unit is already closed, `at` is not after
 * valid_from or is before unit_version_start(). Sub-units, grants and
 * open work are the caller's business (see app/org.h).
 */
int unit_close(struct db *db, int64_t id, int64_t at, int64_t now);

/* --- succession ------------------------------------------------------------ */

struct unit_succession {
	int64_t id;
	int64_t from_id;
	const char *from_code;
	int64_t to_id;
	const char *to_code;
	const char *kind;          /* "merged_into", "split_from" or "renamed_to" */
	int64_t effective_at;
};

struct unit_succession_list {
	struct unit_succession *items;
	size_t n;
};

/*
 * Record an edge. Returns 1 when it was inserted, 0 when the same edge
 * (from, to, kind) already existed (then nothing changes), negative on error
 * (DB_CONSTRAINT for a bad kind, from == to or an unknown unit).
 */
int unit_succession_insert(struct db *db, int64_t from_id, int64_t to_id, const char *kind,
			   int64_t effective_at, int64_t now);
/* Every edge that starts or ends at this unit, by effective_at then id. */
int unit_successions_of(struct db *db, struct arena *a, int64_t unit_id, struct unit_succession_list *out);

/*
 * THE single place where a unit's open work moves to its successor when a
 * merge, split or import closes it. Today: every active role grant of
 * from_unit is revoked (revoked_at = now, revoked_by = actor) and granted
 * again on to_unit (unless the account already holds that role there), with
 * one "role.move" audit entry per grant. Modules that attach open work to
 * units (feedback, ...) add their move here, audited the same way, so every
 * reorganisation path moves everything. *moved (may be NULL) receives the
 * number of items moved. Runs inside the caller's write transaction.
 */
int unit_move_open_work(struct db *db, const struct audit_actor *actor, int64_t from_unit_id,
			int64_t to_unit_id, int64_t now, size_t *moved);

/* --- role grants ---------------------------------------------------------- */

struct unit_grant {
	int64_t id;
	int64_t account_id;
	const char *username;      /* NULL when the accounts row has none */
	int64_t unit_id;
	const char *unit_code;
	const char *unit_name;
	const char *role;          /* "admin", "leader", ... */
	int64_t granted_at;
	int64_t granted_by;        /* 0 for the system / command line */
	int64_t revoked_at;        /* 0 while active */
};

struct unit_grant_list {
	struct unit_grant *items;
	size_t n;
};

/* Insert an active grant. DB_CONSTRAINT when the same active grant exists,
 * or the account or unit does not exist, or the role is not a known role. */
int unit_grant_insert(struct db *db, int64_t account_id, int64_t unit_id, const char *role,
		      int64_t granted_by, int64_t now, int64_t *id_out);
/* The id of the active grant (account, unit, role); DB_NOTFOUND if none. */
int unit_grant_find(struct db *db, int64_t account_id, int64_t unit_id, const char *role, int64_t *id_out);
/* Revoke an active grant by id; DB_NOTFOUND when no active grant has it. */
int unit_grant_revoke(struct db *db, int64_t grant_id, int64_t revoked_by, int64_t now);
/* Active grants of an account (by unit code, role), or held in a unit (by
 * username, role). */
int unit_grants_of_account(struct db *db, struct arena *a, int64_t account_id, struct unit_grant_list *out);
int unit_grants_in_unit(struct db *db, struct arena *a, int64_t unit_id, struct unit_grant_list *out);

/*
 * Whether the account holds one of `roles` (UNIT_ROLE_SLOTS names,
 * NULL-padded) in `unit_id` or any of its current ancestors: 1 yes, 0 no,
 * negative on error. One query: a recursive walk up the parent chain joined
 * with the active grants.
 */
int unit_grant_reaches(struct db *db, int64_t account_id, int64_t unit_id,
		       const char *const roles[UNIT_ROLE_SLOTS]);

/*
 * Which of names[0..n) (n <= 32) the account holds in `unit_id` or any of
 * its current ancestors: *mask gets bit i for names[i]. One query, like
 * unit_grant_reaches().
 */
int unit_grant_roles(struct db *db, int64_t account_id, int64_t unit_id, const char *const *names, size_t n,
		     unsigned *mask);

/*
 * Count the open root units (no parent): *roots, and among them those in
 * which the account holds no active grant of `role`: *lacking. One query
 * over the units(parent_id) index. Returns DB_OK or a negative db_rc.
 */
int unit_roots_lacking_grant(struct db *db, int64_t account_id, const char *role, int64_t *roots,
			     int64_t *lacking);

#define UNIT_REACH_OPEN 1u   /* only open units */

/*
 * Every unit the account reaches with one of `roles`: the units of its
 * active grants and all their descendants in the current tree, as ascending
 * unit ids in an arena array (*ids NULL when *n is 0).
 */
int unit_reach(struct db *db, struct arena *a, int64_t account_id,
	       const char *const roles[UNIT_ROLE_SLOTS], unsigned flags, int64_t **ids, size_t *n);

#endif
