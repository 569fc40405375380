/*
 * category.h - the feedback taxonomy (table `categories`): each category
 * carries the legal deadline of its items, (amount, unit, legal basis),
 * from which app/feedback computes an item's due date.
 *
 * Reads fill `struct category` with strings copied into the caller's arena
 * (they live as long as it); they return DB_NOTFOUND when there is no such
 * row and DB_ERROR when the arena is exhausted. Writes must run inside a
 * write transaction the caller holds (db_begin(); a BUG otherwise) and
 * append their own audit entry to it; category_import_csv() and
 * category_import_demo() open and commit their own. Errors are the
 * negative enum db_rc of store/db.h.
 */
#ifndef DANVAN_CATEGORY_H
#define DANVAN_CATEGORY_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

struct arena;
struct audit_actor;
struct db;

#define CATEGORY_CODE_MAX 40     /* bytes: a-z, 0-9 and '-' */
#define CATEGORY_NAME_MAX 200    /* code points */
#define CATEGORY_BASIS_MAX 1000  /* code points */

struct category {
	int64_t id;
	const char *code;            /* "dat-dai" */
	const char *name;            /* "Đất đai" */
	int deadline_amount;         /* 1..365 */
	enum cal_unit deadline_unit; /* CAL_WORKING_DAY, CAL_CALENDAR_DAY, CAL_WORKING_HOUR */
	const char *legal_basis;     /* "Luật Tiếp công dân 2013; ..." (may be "") */
	int active;                  /* inactive ones are kept for old items but not offered */
	int sort;                    /* display order, then name */
};

/* "working_day", "calendar_day", "working_hour"; NULL for anything else. */
const char *category_unit_name(enum cal_unit unit);
/* The reverse; 0 or -1 when the name is unknown. */
int category_unit_parse(const char *name, enum cal_unit *unit);

/* 1 when `code` is 1-40 characters of a-z, 0-9 and '-'. */
int category_code_valid(const char *code);

int category_get(struct db *db, int64_t id, struct arena *a, struct category *out);
int category_get_by_code(struct db *db, const char *code, struct arena *a, struct category *out);

/* Categories ordered by sort then name, only the active ones unless
 * include_inactive: an arena array of *n in *items (NULL when *n is 0). */
int category_list(struct db *db, struct arena *a, int include_inactive, struct category **items,
		  size_t *n);

/*
 * Insert a category, or update the one with the same code (in->id is
 * ignored). Audited as "category.create" or "category.update" with the
 * values; nothing is written (and no entry) when the stored row already has
 * these values. *id (if not NULL) receives the row id. Returns
 * DB_CONSTRAINT when a value breaks the table's CHECKs (validate first).
 */
int category_upsert(struct db *db, const struct audit_actor *actor, const struct category *in,
		    int64_t *id);

/*
 * Load categories from CSV text (RFC 4180: comma-separated, fields may be
 * "quoted" with "" for a quote, CRLF or LF line ends, UTF-8 NFC) with the
 * header line
 *     code,name,deadline_amount,deadline_unit,legal_basis
 * and optionally a sixth column `active` (1/0). Rows are upserted in file
 * order (sort = row number) in one transaction of its own: all or nothing.
 * Idempotent. *count (if not NULL) receives the number of rows read. On a
 * malformed file returns DB_ERROR with err naming the line, e.g.
 * "line 4: deadline_unit 'weeks' is not working_day, calendar_day or
 * working_hour"; on a database error a negative db_rc with a message.
 */
int category_import_csv(struct db *db, const struct audit_actor *actor, const char *text,
			size_t len, int *count, char *err, size_t errlen);

/* category_import_csv() of the embedded asset "demo/categories.csv";
 * DB_ERROR with a message when the asset is not in this build. */
int category_import_demo(struct db *db, const struct audit_actor *actor, int *count, char *err,
			 size_t errlen);

#endif
