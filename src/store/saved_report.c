/*
 * saved_report.c - the SQL of saved review reports (saved_report.h).
 */
#include "store/saved_report.h"

#include "store/db.h"
#include "store/rows.h"

#include <string.h>

int saved_report_insert(struct db *db, const struct saved_report *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO saved_reports(unit_id, from_day, to_day, tree, title, query, "
					    "figures, sections, hash, created_by, created_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, r->unit_id);
	db_bind_int(st, 2, r->from_day);
	db_bind_int(st, 3, r->to_day);
	db_bind_text(st, 4, r->tree);
	db_bind_text(st, 5, r->title);
	db_bind_text(st, 6, r->query);
	db_bind_text(st, 7, r->figures);
	db_bind_text(st, 8, r->sections);
	db_bind_text(st, 9, r->hash);
	db_bind_int_or_null(st, 10, r->created_by);
	db_bind_int(st, 11, r->created_at);
	return rows_one_int(st, id);
}

#define COLS "r.id, r.unit_id, u.code, u.name, r.from_day, r.to_day, r.tree, r.title, r.query, r.hash, " \
	     "r.created_by, a.username, r.created_at"

static int read_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct saved_report *r = item;
	int failed = 0;
	r->id = db_col_int(st, 0);
	r->unit_id = db_col_int(st, 1);
	r->unit_code = rows_text_or_empty(st, 2, a, &failed);
	r->unit_name = rows_text_or_empty(st, 3, a, &failed);
	r->from_day = db_col_int(st, 4);
	r->to_day = db_col_int(st, 5);
	r->tree = rows_text_or_empty(st, 6, a, &failed);
	r->title = rows_text_or_empty(st, 7, a, &failed);
	r->query = rows_text_or_empty(st, 8, a, &failed);
	r->hash = rows_text_or_empty(st, 9, a, &failed);
	r->created_by = rows_int_or(st, 10, 0);
	r->created_by_name = rows_text(st, 11, a, &failed);
	r->created_at = db_col_int(st, 12);
	if (arg) {
		r->figures = rows_text_or_empty(st, 13, a, &failed);
		r->sections = rows_text_or_empty(st, 14, a, &failed);
	}
	return failed ? -1 : 0;
}

int saved_report_get(struct db *db, struct arena *a, int64_t id, struct saved_report *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS ", r.figures, r.sections FROM saved_reports r "
					    "JOIN units u ON u.id = r.unit_id LEFT JOIN accounts a ON a.id = r.created_by "
					    "WHERE r.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	void *got = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*out), 1, read_row, (void *)1, &got, &n);
	if (rc < 0)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	memcpy(out, got, sizeof(*out));
	return DB_OK;
}

int saved_report_list(struct db *db, struct arena *a, int64_t unit_id, size_t limit, struct saved_report **items,
		      size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM saved_reports r JOIN units u ON u.id = r.unit_id "
					    "LEFT JOIN accounts a ON a.id = r.created_by WHERE r.unit_id = $1 "
					    "ORDER BY r.id DESC");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit_id);
	void *got = NULL;
	int rc = rows_collect(st, a, sizeof(**items), limit, read_row, NULL, &got, n);
	*items = got;
	return rc < 0 ? rc : DB_OK;
}
