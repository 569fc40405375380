/*
 * org.h - the rules of the organisation tree: creating, renaming, moving and
 * closing units, merging and splitting them on a date, and importing the
 * tree from CSV. See docs/organisation.md for the model.
 *
 * Every change runs in ONE transaction of its own (db_begin ... db_commit)
 * together with its audit entries ("unit.create", "unit.rename",
 * "unit.move", "unit.close", "unit.merge", "unit.split",
 * "unit.succession", "role.move", "role.revoke"); on any failure nothing is
 * written. Do not call these inside a transaction (db_begin would BUG).
 * `actor` (never NULL) is who makes the change, as recorded in the audit log.
 *
 * Scope: an actor with an account (actor->account_id != 0) changes only
 * what it administers (app/perm.h, perm_admin_unit): every unit it renames,
 * moves, closes, merges (old units and an existing successor) or splits,
 * and the parent of every unit it creates or moves (perm_admin_under: a new
 * root needs a root administrator); the CSV import needs a root
 * administrator. Otherwise ORG_FORBIDDEN, with the field named in `errs`.
 * The system actor (account 0: the command line) is not checked.
 *
 * Dates: `day` arguments are Vietnam-local day numbers (days since
 * 1970-01-01, as parse_date() and vn_day_of() in core/timefmt.h give);
 * the change takes effect at 00:00 Vietnam time that day. Dates after today
 * are refused, so a unit is open exactly when its valid_to is empty. A change
 * may not take effect before the unit's latest recorded change.
 *
 * Errors: functions return ORG_OK (0) or a negative enum org_rc. For every
 * failure except ORG_DB, `errs` (may be NULL) receives one or more
 * field -> message pairs, messages in Vietnamese for the web forms ("Mã đơn
 * vị đã tồn tại", "Không thể chuyển đơn vị vào chính đơn vị con của nó").
 * Field names: "code", "name", "kind", "parent", "date", "from", "into",
 * "heir", and "parts.N.code" etc. for the N-th (0-based) new unit of a split.
 */
#ifndef DANVAN_ORG_H
#define DANVAN_ORG_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

enum org_rc {
	ORG_OK = 0,
	ORG_INVALID = -1,       /* a field is missing or malformed (HTTP 422) */
	ORG_NOT_FOUND = -2,     /* a unit named by code does not exist (404/422) */
	ORG_EXISTS = -3,        /* the code is taken; codes are never reused (409) */
	ORG_CLOSED = -4,        /* the unit, parent or successor is closed (409) */
	ORG_CYCLE = -5,         /* the change would put a unit inside itself (409) */
	ORG_HAS_CHILDREN = -6,  /* close refused while open sub-units remain (409) */
	ORG_DATE = -7,          /* the date conflicts with the recorded history (409) */
	ORG_DB = -8,            /* database error, logged; nothing changed (500) */
	ORG_FORBIDDEN = -9,     /* outside the acting administrator's scope (403) */
};

/* The API error code for a result: "validation_failed", "not_found",
 * "conflict", "forbidden" or "internal" (and NULL for ORG_OK). */
const char *org_rc_code(int rc);

#define ORG_MAX_ERRORS 8

struct org_error {
	char field[32];
	char message[256];
};

/* Filled by the functions below; at most ORG_MAX_ERRORS (later ones are
 * dropped). Needs no initialisation and holds no pointers to free. */
struct org_errors {
	size_t n;
	struct org_error items[ORG_MAX_ERRORS];
};

/* The message for `field`, or NULL. */
const char *org_errors_get(const struct org_errors *e, const char *field);

/* The Vietnamese label of a unit kind ("party_cell" -> "Chi bộ"); NULL for
 * an unknown kind. The kinds themselves: unit_kinds[] in store/unit.h. */
const char *org_kind_label(const char *kind);

/*
 * 1 when units of `kind` receive feedback: they may be an item's receiving
 * (intake) unit or be assigned it. These are the bodies that answer to
 * citizens: "government" (territorial units, councils, people's
 * committees), "agency", "party_committee", "front" and the mass
 * organisations under it ("women", "youth", "veterans", "farmers",
 * "trade_union"). Not a "party_cell" (an internal Party body), a
 * "residential_group" (self-managed, not an authority: its people send to
 * the ward) nor "other"; 0 also for NULL or an unknown kind.
 */
int org_kind_receives_feedback(const char *kind);

/* Today's Vietnam-local day number. */
int64_t org_today(void);

/*
 * A new unit. code: [A-Za-z0-9._-]{1,32}, not used by any unit ever (open
 * or closed); name: 1-200 characters, stored trimmed and NFC; kind: one of
 * unit_kinds; parent_code: an open unit that already exists on the start
 * day, or NULL/"" for a root.
 */
struct org_unit_input {
	const char *code;
	const char *name;
	const char *kind;
	const char *parent_code;
};

/* Create a unit valid from `day`. *id_out (may be NULL) gets its id. */
int org_create(struct db *db, const struct audit_actor *actor, const struct org_unit_input *in,
	       int64_t day, int64_t *id_out, struct org_errors *errs);

/* Rename an open unit from `day` on; the old name stays in its history.
 * Renaming to the same name changes nothing. */
int org_rename(struct db *db, const struct audit_actor *actor, const char *code, const char *name,
	       int64_t day, struct org_errors *errs);

/* Move an open unit under another open unit (NULL/"" = make it a root)
 * from `day` on, keeping history. Moving a unit under itself or under one
 * of its own descendants is refused with ORG_CYCLE. */
int org_move(struct db *db, const struct audit_actor *actor, const char *code, const char *parent_code,
	     int64_t day, struct org_errors *errs);

/*
 * Close (dissolve) an open unit on `day` (its valid_to): refused with
 * ORG_HAS_CHILDREN while it has open sub-units - close or move them first,
 * or use org_merge/org_split, which carry them over. Its active role
 * grants are revoked. There is no successor; to hand work over, merge it
 * into another unit instead.
 */
int org_close(struct db *db, const struct audit_actor *actor, const char *code, int64_t day,
	      struct org_errors *errs);

/*
 * Merge the open units from_codes[0..nfrom) into a successor on `day`: the
 * existing open unit `into_code`, or a new unit `new_unit` created valid
 * from `day` (exactly one of the two). Each old unit is closed with
 * valid_to = day, a `merged_into` edge old -> successor is recorded, its open
 * work and active role grants move to the successor (unit_move_open_work),
 * and its open sub-units move under the successor from `day` on. The
 * successor may not lie inside one of the old units (ORG_CYCLE).
 */
int org_merge(struct db *db, const struct audit_actor *actor, const char *const *from_codes, size_t nfrom,
	      const char *into_code, const struct org_unit_input *new_unit, int64_t day,
	      struct org_errors *errs);

/*
 * Split the open unit `from_code` into nparts >= 2 new units created valid
 * from `day` (a part's parent_code NULL/"" means the old unit's parent):
 * the old unit is closed with valid_to = day, a `split_from` edge
 * part -> old is recorded for each part, and open work, active role grants
 * and open sub-units go to parts[heir] (re-assign them afterwards as
 * needed).
 */
int org_split(struct db *db, const struct audit_actor *actor, const char *from_code,
	      const struct org_unit_input *parts, size_t nparts, size_t heir, int64_t day,
	      struct org_errors *errs);

/* --- CSV import ------------------------------------------------------------ */

#define ORG_IMPORT_STRICT 1u  /* all or nothing: any rejected line rolls back everything */

struct org_import_reject {
	long line;            /* 1-based line of the file where the record starts */
	const char *reason;   /* English, lower-case, e.g. "unknown kind 'ward'" */
};

struct org_import_report {
	size_t units;         /* unit lines read (not the header, blanks, comments) */
	size_t created;       /* new units */
	size_t updated;       /* existing units renamed, moved or closed */
	size_t unchanged;     /* lines that matched the database exactly */
	size_t successions;   /* succession links recorded */
	size_t moved;         /* open work items moved to successors */
	size_t revoked;       /* grants revoked on units the import closed */
	size_t nrejected;
	struct org_import_reject *rejected;  /* in the arena, in line order */
	int rolled_back;      /* 1 when nothing was written (strict, or a whole-file error) */
};

/*
 * Import units from CSV text (UTF-8, an optional BOM). The first record is
 * the header: the columns code,name,kind,parent,valid_from,valid_to in any
 * order plus an optional succession column; blank lines and lines starting
 * with '#' are skipped. Each later record describes one unit (format and
 * rules in docs/organisation.md and `danvan unit --help`). Lines are taken
 * in order, so a parent or predecessor must come earlier in the file or
 * already exist. Accepted lines are written in one transaction; a rejected
 * line writes nothing and is listed in the report. Importing the same file
 * again changes nothing (every line counts as unchanged).
 *
 * Returns ORG_OK when the import was written (even with rejected lines:
 * check rep->nrejected); ORG_INVALID when nothing was written because of a
 * whole-file problem (empty file, or a bad header: reported as rejected on
 * the header's line) or
 * because of rejected lines under ORG_IMPORT_STRICT; ORG_DB on a database
 * error (nothing written). Report strings live in `a`.
 */
int org_import_csv(struct db *db, const struct audit_actor *actor, struct arena *a, const char *text,
		   size_t len, unsigned flags, struct org_import_report *rep);

/* One line summing up a report, without a newline, e.g. "imported 5 units
 * (5 new, 0 updated, 2 unchanged), 3 succession links" or "unchanged: all
 * 7 units already match the database". */
void org_import_summary(const struct org_import_report *rep, char *buf, size_t len);

#endif
