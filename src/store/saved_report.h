/*
 * saved_report.h - the SQL of saved (frozen) review reports (table
 * saved_reports, migrations/{sqlite,postgresql}/0023_reports.sql): insert
 * one, read one, list a unit's. Rows are never changed. The rules (who may
 * save, the hash) are in app/report.h. Strings live in the caller's arena;
 * functions return DB_OK, DB_NOTFOUND or a negative db_rc.
 */
#ifndef DANVAN_STORE_SAVED_REPORT_H
#define DANVAN_STORE_SAVED_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct saved_report {
	int64_t id;
	int64_t unit_id;
	const char *unit_code, *unit_name;   /* read back with the unit */
	int64_t from_day, to_day;
	const char *tree;        /* "then" or "now" */
	const char *title;
	const char *query;       /* unit=...&from=...&to=...&tree=... */
	const char *figures;     /* the summary JSON when saved */
	const char *sections;    /* JSON object of the officer's texts */
	const char *hash;        /* 64 hex digits */
	int64_t created_by;
	const char *created_by_name;
	int64_t created_at;
};

/* Insert (id, unit_code, unit_name, created_by_name ignored); the caller
 * holds a write transaction. *id receives the new id. */
int saved_report_insert(struct db *db, const struct saved_report *r, int64_t *id);
int saved_report_get(struct db *db, struct arena *a, int64_t id, struct saved_report *out);
/* The saved reports of a unit, newest first, at most `limit` (figures and
 * sections not read: NULL). */
int saved_report_list(struct db *db, struct arena *a, int64_t unit_id, size_t limit, struct saved_report **items,
		      size_t *n);

#endif
