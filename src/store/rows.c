/*
 * rows.c - the one loop that reads a statement's rows into an arena array,
 * and the column helpers (see rows.h).
 */
#include "store/rows.h"

#include <string.h>

#include "core/arena.h"
#include "store/db.h"
#include "core/xalloc.h"

#include <jansson.h>
#include <stdlib.h>

int rows_grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 16;
	if (size == 0 || ncap > SIZE_MAX / size)
		return -1;
	void *p = arena_alloc(a, ncap * size);
	if (!p)
		return -1;
	if (n)
		memcpy(p, *items, n * size);
	*items = p;
	*cap = ncap;
	return 0;
}

int rows_collect(struct db_stmt *st, struct arena *a, size_t size, size_t max, rows_read_fn read,
		 void *arg, void **items, size_t *n)
{
	size_t cap = 0;
	int rc = DB_DONE;
	*items = NULL;
	*n = 0;
	while ((max == 0 || *n < max) && (rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, items, *n, &cap, size) < 0) {
			rc = DB_ERROR;
			break;
		}
		void *item = (char *)*items + *n * size;
		memset(item, 0, size);
		if (read(st, a, item, arg) < 0) {
			rc = DB_ERROR;
			break;
		}
		(*n)++;
	}
	if (max != 0 && *n == max)
		rc = DB_DONE;
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

const char *rows_text(struct db_stmt *st, int col, struct arena *a, int *failed)
{
	const char *s = db_col_text(st, col);
	if (!s)
		return NULL;
	char *copy = arena_strdup(a, s);
	if (!copy)
		*failed = 1;
	return copy;
}

const char *rows_text_or_empty(struct db_stmt *st, int col, struct arena *a, int *failed)
{
	const char *s = rows_text(st, col, a, failed);
	return s ? s : "";
}

int64_t rows_int_or(struct db_stmt *st, int col, int64_t dflt)
{
	return db_col_is_null(st, col) ? dflt : db_col_int(st, col);
}

int rows_one_int(struct db_stmt *st, int64_t *v)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (v)
			*v = db_col_int(st, 0);
		rc = db_step(st);
		if (rc == DB_ROW || rc == DB_DONE)
			rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

json_t *rows_json_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

struct db_stmt *rows_prepare_json(struct db *db, const char *sql, json_t *rows)
{
	if (!rows)
		return NULL;
	char *text = json_dumps(rows, JSON_COMPACT);
	json_decref(rows);
	if (!text)
		return NULL;
	struct db_stmt *st = db_prepare(db, sql);
	if (st && db_bind_text(st, 1, text) < 0) {
		db_done(st);
		st = NULL;
	}
	free(text);
	return st;
}

int rows_insert_many(struct db *db, const char *head, const char *tail, int ncols, size_t n, rows_bind_fn *bind,
		     const void *arg)
{
	if (ncols <= 0 || ncols > 64)
		return DB_ERROR;
	size_t done = 0;
	while (done < n) {
		size_t k = ROWS_PER_INSERT;
		while (k > n - done || k * (size_t)ncols > ROWS_MAX_PARAMS)
			k /= 2;
		/* "($1, ..., $64), " is at most 64 * 8 + 4 bytes a row */
		size_t cap = strlen(head) + (tail ? strlen(tail) : 0) + 16 + k * ((size_t)ncols * 8 + 4);
		char *sql = xmalloc(cap);
		size_t len = (size_t)snprintf(sql, cap, "%s VALUES ", head);
		int p = 1;
		for (size_t r = 0; r < k; r++) {
			len += (size_t)snprintf(sql + len, cap - len, r ? ", (" : "(");
			for (int c = 0; c < ncols; c++)
				len += (size_t)snprintf(sql + len, cap - len, c ? ", $%d" : "$%d", p++);
			len += (size_t)snprintf(sql + len, cap - len, ")");
		}
		if (tail)
			snprintf(sql + len, cap - len, " %s", tail);
		struct db_stmt *st = db_prepare(db, sql);
		free(sql);
		if (!st)
			return DB_ERROR;
		int rc = DB_OK;
		for (size_t r = 0; r < k && rc == DB_OK; r++)
			rc = bind(st, 1 + (int)r * ncols, done + r, arg);
		if (rc == DB_OK)
			rc = db_step(st);
		db_done(st);
		if (rc < 0)
			return rc;
		if (rc != DB_DONE)
			return DB_ERROR;
		done += k;
	}
	return DB_OK;
}
