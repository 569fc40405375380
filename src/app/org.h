/*
 * org.h - the rules of the organisation tree: creating, renaming, moving and
 * closing units, merging and splitting them on a date, and importing the
 * tree from CSV. See docs/organisation.md for the model. The tree changes
 * live in org.c, the CSV import in org_import.c.
 *
 * Context (app/ctx.h): every change takes the caller's struct app_ctx:
 * ctx->db, ctx->actor (never NULL: who makes the change, as recorded in the
 * audit log), ctx->now (the clock: "today" and the times written) and
 * ctx->arena (field messages, and the import's report, are formatted into
 * it; it may be NULL only when no errors are asked for). ctx->cal is not
 * used.
 *
 * Every change runs in ONE transaction of its own (db_begin ... db_commit)
 * together with its audit entries ("unit.create", "unit.rename",
 * "unit.move", "unit.close", "unit.merge", "unit.split",
 * "unit.succession", "role.move", "role.revoke"); on any failure nothing is
 * written. Do not call these inside a transaction (db_begin would BUG).
 *
 * Scope: an actor with an account (actor->account_id != 0) changes only
 * what it administers (app/perm.h, perm_admin_unit): every unit it renames,
 * moves, closes, merges (old units and an existing successor) or splits,
 * and the parent of every unit it creates or moves (perm_admin_under: a new
 * root needs a root administrator); the CSV import needs a root
 * administrator. Otherwise APP_FORBIDDEN, with the field named in `errs`.
 * The system actor (account 0: the command line) is not checked.
 *
 * Dates: `day` arguments are Vietnam-local day numbers (days since
 * 1970-01-01, as parse_date() and vn_day_of() in core/timefmt.h give);
 * the change takes effect at 00:00 Vietnam time that day. Dates after today
 * are refused, so a unit is open exactly when its valid_to is empty. A change
 * may not take effect before the unit's latest recorded change.
 *
 * Results (app/result.h): APP_OK (0) or a negative enum app_rc -
 *   APP_VALIDATION  a field is missing or malformed, or names no unit (422)
 *   APP_CONFLICT    the code is taken (codes are never reused), the change
 *                   would put a unit inside itself, the unit still has open
 *                   sub-units, or the date conflicts with the history (409)
 *   APP_CLOSED      the unit, parent or successor is closed (409)
 *   APP_FORBIDDEN   outside the acting administrator's scope (403)
 *   APP_ERROR       database error, logged; nothing changed.
 * The first failure found decides, except that APP_ERROR, then
 * APP_FORBIDDEN, outrank the others. For every failure except APP_ERROR,
 * `errs` (may be NULL) receives one or more field -> message pairs,
 * messages in Vietnamese for the web forms ("Mã đơn vị đã tồn tại",
 * "Không thể chuyển đơn vị vào chính đơn vị con của nó"), in ctx->arena.
 * Field names: "code", "name", "kind", "parent", "date", "from", "into",
 * "heir", and "parts.N.code" etc. for the N-th (0-based) new unit of a split.
 */
#ifndef DANVAN_ORG_H
#define DANVAN_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"

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
int org_create(const struct app_ctx *ctx, const struct org_unit_input *in, int64_t day, int64_t *id_out,
	       struct app_errors *errs);

/* Rename an open unit from `day` on; the old name stays in its history.
 * Renaming to the same name changes nothing. */
int org_rename(const struct app_ctx *ctx, const char *code, const char *name, int64_t day,
	       struct app_errors *errs);

/* Move an open unit under another open unit (NULL/"" = make it a root)
 * from `day` on, keeping history. Moving a unit under itself or under one
 * of its own descendants is refused (APP_CONFLICT). */
int org_move(const struct app_ctx *ctx, const char *code, const char *parent_code, int64_t day,
	     struct app_errors *errs);

/*
 * Close (dissolve) an open unit on `day` (its valid_to): refused with
 * APP_CONFLICT while it has open sub-units - close or move them first,
 * or use org_merge/org_split, which carry them over. Its active role
 * grants are revoked. There is no successor; to hand work over, merge it
 * into another unit instead.
 */
int org_close(const struct app_ctx *ctx, const char *code, int64_t day, struct app_errors *errs);

/*
 * Merge the open units from_codes[0..nfrom) into a successor on `day`: the
 * existing open unit `into_code`, or a new unit `new_unit` created valid
 * from `day` (exactly one of the two). Each old unit is closed with
 * valid_to = day, a `merged_into` edge old -> successor is recorded, its open
 * work and active role grants move to the successor (unit_move_open_work),
 * and its open sub-units move under the successor from `day` on. The
 * successor may not lie inside one of the old units (APP_CONFLICT).
 */
int org_merge(const struct app_ctx *ctx, const char *const *from_codes, size_t nfrom, const char *into_code,
	      const struct org_unit_input *new_unit, int64_t day, struct app_errors *errs);

/*
 * Split the open unit `from_code` into nparts >= 2 new units created valid
 * from `day` (a part's parent_code NULL/"" means the old unit's parent):
 * the old unit is closed with valid_to = day, a `split_from` edge
 * part -> old is recorded for each part, and open work, active role grants
 * and open sub-units go to parts[heir] (re-assign them afterwards as
 * needed).
 */
int org_split(const struct app_ctx *ctx, const char *from_code, const struct org_unit_input *parts,
	      size_t nparts, size_t heir, int64_t day, struct app_errors *errs);

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
 * Returns APP_OK when the import was written (even with rejected lines:
 * check rep->nrejected); APP_VALIDATION when nothing was written because of
 * a whole-file problem (empty file, or a bad header: reported as rejected
 * on the header's line) or because of rejected lines under
 * ORG_IMPORT_STRICT; APP_FORBIDDEN when the actor is not a root
 * administrator; APP_ERROR on a database error (nothing written). The
 * import works in ctx->arena (never NULL here), where the report's strings
 * live.
 */
int org_import_csv(const struct app_ctx *ctx, const char *text, size_t len, unsigned flags,
		   struct org_import_report *rep);

/* One line summing up a report, without a newline, e.g. "imported 5 units
 * (5 new, 0 updated, 2 unchanged), 3 succession links" or "unchanged: all
 * 7 units already match the database". */
void org_import_summary(const struct org_import_report *rep, char *buf, size_t len);

#endif
