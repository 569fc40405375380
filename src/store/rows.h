/*
 * rows.h - reading query results into arena arrays: one loop that steps a
 * bound statement to its end and appends each row, and column helpers for
 * the optional text and integer columns every store/ module reads.
 *
 * OWNERSHIP. Arrays and strings are allocated in the caller's arena and
 * live until arena_release(); nothing is freed piecemeal. Text columns are
 * copied (the engine's pointer dies at the next db_step()).
 *
 * FAILURE. rows_collect() always calls db_done() on the statement, also on
 * failure; it returns DB_OK, the engine's negative enum db_rc, or DB_ERROR
 * when the arena is exhausted or `read` failed. On failure *items and *n
 * still describe the rows read so far (callers normally discard them).
 * Thread-safe as far as the statement and arena are the caller's own.
 */
#ifndef DANVAN_STORE_ROWS_H
#define DANVAN_STORE_ROWS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_stmt;

/*
 * Reads the current row of `st` into `item` (zeroed, `size` bytes, in the
 * arena `a`): 0, or -1 to stop with DB_ERROR (e.g. the arena is
 * exhausted). `arg` is rows_collect()'s.
 */
typedef int (*rows_read_fn)(struct db_stmt *st, struct arena *a, void *item, void *arg);

/*
 * Step `st` to the end (or until `max` rows when max > 0: the rest are
 * not read), appending each row to an arena array of `size`-byte items
 * filled by `read`. *items is NULL and *n 0 when there are no rows.
 */
int rows_collect(struct db_stmt *st, struct arena *a, size_t size, size_t max, rows_read_fn read,
		 void *arg, void **items, size_t *n);

/*
 * Make room for one more item in an arena array of `size`-byte items
 * holding *n of *cap: 0 (the array may have moved: *items is updated), or
 * -1 when the arena is exhausted or the size would overflow. For callers
 * that build arrays without a statement.
 */
int rows_grow(struct arena *a, void **items, size_t n, size_t *cap, size_t size);

/* An arena copy of a text column, NULL for SQL NULL. Sets *failed to 1
 * (and returns NULL) when the arena is exhausted, so a reader can copy
 * several columns and check once. */
const char *rows_text(struct db_stmt *st, int col, struct arena *a, int *failed);
/* As rows_text(), with "" for SQL NULL. */
const char *rows_text_or_empty(struct db_stmt *st, int col, struct arena *a, int *failed);
/* An integer column, or `dflt` for SQL NULL. */
int64_t rows_int_or(struct db_stmt *st, int col, int64_t dflt);

/*
 * Step a bound statement that yields at most one row and read its first
 * column as an integer: a lookup of an id, a count, or an INSERT ...
 * RETURNING id (stepped to its end, so the write completes). DB_OK with
 * *v set (v may be NULL: only whether there is a row counts); DB_NOTFOUND
 * when there is no row (*v untouched); or a negative db_rc. Always calls
 * db_done().
 */
int rows_one_int(struct db_stmt *st, int64_t *v);

/*
 * Prepare `sql` with `rows` (a JSON array, STOLEN: released here, on
 * failure too) bound as its text parameter $1, for the statements that
 * write many rows at once on PostgreSQL through json_to_recordset($1::json).
 * NULL on failure (also for NULL rows, as from a failed json_pack()).
 */
struct db_stmt *rows_prepare_json(struct db *db, const char *sql, json_t *rows);
/* A text member of such rows: the string, or JSON null for NULL. */
json_t *rows_json_text(const char *s);

/*
 * Insert n rows with multi-row statements: `head` is "INSERT INTO t(a, b)",
 * `tail` what follows the rows ("ON CONFLICT ...", or NULL), and each row has `ncols` parameters, bound by bind(st, first, row, arg)
 * from parameter number `first` (0, or a negative enum db_rc). Rows go in
 * their order (identity columns number them as n single inserts would),
 * at most ROWS_PER_INSERT (and ROWS_MAX_PARAMS parameters) a statement; a rest goes in statements of
 * 128, 64 ... 1 rows, so few statement texts are ever prepared. Inside
 * the caller's transaction; DB_OK or a negative enum db_rc.
 */
#define ROWS_PER_INSERT 256
#define ROWS_MAX_PARAMS 999 /* both engines take as many (store/db_pg.c) */
typedef int rows_bind_fn(struct db_stmt *st, int first, size_t row, const void *arg);
int rows_insert_many(struct db *db, const char *head, const char *tail, int ncols, size_t n, rows_bind_fn *bind,
		     const void *arg);

#endif
