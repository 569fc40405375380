/* Unit tests for store/db_sqlite: positional parameters, the statement
 * cache, sticky bind errors, transactions, migrations and backup; and
 * store/rows: collecting rows into arena arrays. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "core/arena.h"
#include "store/db.h"
#include "store/rows.h"

static struct db *mem(void)
{
	char err[256];
	struct db *db = db_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER UNIQUE)"), 0);
	return db;
}

static void test_positional(void **state)
{
	struct db *db = mem();
	struct db_stmt *st = db_prepare(db, "INSERT INTO t(id, a, b) VALUES ($1, $2, $3)");
	assert_non_null(st);
	db_bind_int(st, 1, 1);
	db_bind_text(st, 2, "một");
	db_bind_int(st, 3, 10);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	/* $2 before $1 in the text must still bind by number */
	st = db_prepare(db, "UPDATE t SET a = $2 WHERE id = $1");
	db_bind_int(st, 1, 1);
	db_bind_text(st, 2, "hai");
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(db_changes(db), 1);
	st = db_prepare(db, "SELECT a, '$1' FROM t WHERE id = $1");
	db_bind_int(st, 1, 1);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "hai");
	assert_string_equal(db_col_text(st, 1), "$1");
	db_done(st);
	db_close(db);
}

static void test_cache_and_constraint(void **state)
{
	struct db *db = mem();
	struct db_stmt *a = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	struct db_stmt *b = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	assert_ptr_equal(a, b);
	db_bind_text(a, 1, "x");
	db_bind_int(a, 2, 5);
	assert_int_equal(db_step(a), DB_DONE);
	db_done(a);
	db_bind_text(a, 1, "y");
	db_bind_int(a, 2, 5);
	assert_int_equal(db_step(a), DB_CONSTRAINT);
	db_done(a);
	db_close(db);
}

static void test_transactions(void **state)
{
	struct db *db = mem();
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('r', 1)"), 0);
	assert_int_equal(db_rollback(db), 0);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM t");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('c', 1)"), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_in_transaction(db), 0);
	assert_int_equal(db_ping(db), 0);
	db_close(db);
}

static void test_migrate_and_backup(void **state)
{
	char dir[] = "/tmp/danvan-dbtest-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], copy[128], err[512];
	snprintf(path, sizeof(path), "%s/db", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	struct db *db = db_open(path, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), 0);
	int v = db_schema_version(db);
	assert_true(v >= 1);
	assert_int_equal(db_migrate(db, err, sizeof(err)), 0); /* idempotent */
	assert_int_equal(db_schema_version(db), v);
	assert_int_equal(db_backup(db, copy, err, sizeof(err)), 0);
	assert_int_equal(db_backup(db, copy, err, sizeof(err)), DB_ERROR); /* refuses to overwrite */
	/* a database from a newer danvan is refused */
	assert_int_equal(db_run(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)"), 0);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_NEWER);
	assert_non_null(strstr(err, "newer danvan"));
	db_close(db);
	struct db *c = db_open(copy, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(db_schema_version(c), v);
	db_close(c);
	unlink(path);
	unlink(copy);
	char wal[160];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-wal", copy);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", copy);
	unlink(wal);
	rmdir(dir);
}

static void test_sticky_bind(void **state)
{
	struct db *db = mem();
	struct db_stmt *st = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, "x"), 0);
	/* $3 does not exist: the bind fails, and so does the step */
	assert_true(db_bind_int(st, 3, 7) < 0);
	assert_int_equal(db_bind_int(st, 2, 7), 0);
	assert_int_equal(db_step(st), DB_ERROR);
	db_done(st);
	st = db_prepare(db, "SELECT count(*) FROM t");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);
	/* db_done() cleared the mark: the cached statement works again */
	st = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	db_bind_text(st, 1, "y");
	db_bind_int(st, 2, 8);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	db_close(db);
}

struct pair {
	int64_t b;
	const char *a;
};

static int read_pair(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct pair *p = item;
	int failed = 0;
	p->b = rows_int_or(st, 1, -1);
	p->a = rows_text(st, 0, a, &failed);
	if (arg && p->b == *(int64_t *)arg)
		return -1;
	return failed ? -1 : 0;
}

static void test_rows_collect(void **state)
{
	struct db *db = mem();
	char sql[128];
	for (int i = 1; i <= 40; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
		snprintf(sql, sizeof(sql), "dòng %d", i);
		if (i == 7)
			db_bind_null(st, 1);
		else
			db_bind_text(st, 1, sql);
		db_bind_int(st, 2, i);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	struct arena a;
	arena_init(&a, 1024);
	void *items;
	size_t n;
	struct db_stmt *st = db_prepare(db, "SELECT a, b FROM t ORDER BY b");
	assert_int_equal(rows_collect(st, &a, sizeof(struct pair), 0, read_pair, NULL, &items, &n), DB_OK);
	assert_int_equal(n, 40); /* past the first growth at 16 and 32 */
	struct pair *p = items;
	assert_int_equal(p[0].b, 1);
	assert_string_equal(p[0].a, "dòng 1");
	assert_null(p[6].a);
	assert_int_equal(p[39].b, 40);
	assert_string_equal(p[39].a, "dòng 40");

	/* max stops early; the statement is reset for the next user */
	st = db_prepare(db, "SELECT a, b FROM t ORDER BY b");
	assert_int_equal(rows_collect(st, &a, sizeof(struct pair), 5, read_pair, NULL, &items, &n), DB_OK);
	assert_int_equal(n, 5);
	st = db_prepare(db, "SELECT a, b FROM t ORDER BY b");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 1), 1);
	db_done(st);

	/* no rows */
	st = db_prepare(db, "SELECT a, b FROM t WHERE b > 100");
	assert_int_equal(rows_collect(st, &a, sizeof(struct pair), 0, read_pair, NULL, &items, &n), DB_OK);
	assert_int_equal(n, 0);
	assert_null(items);

	/* a reader that fails stops the loop with DB_ERROR */
	int64_t stop = 20;
	st = db_prepare(db, "SELECT a, b FROM t ORDER BY b");
	assert_int_equal(rows_collect(st, &a, sizeof(struct pair), 0, read_pair, &stop, &items, &n), DB_ERROR);
	assert_int_equal(n, 19);

	/* a failed bind makes the collection fail, not run unbound */
	st = db_prepare(db, "SELECT a, b FROM t WHERE b > $1");
	assert_true(db_bind_int(st, 2, 0) < 0);
	assert_int_equal(rows_collect(st, &a, sizeof(struct pair), 0, read_pair, NULL, &items, &n), DB_ERROR);
	assert_int_equal(n, 0);
	arena_release(&a);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positional),
		cmocka_unit_test(test_cache_and_constraint),
		cmocka_unit_test(test_sticky_bind),
		cmocka_unit_test(test_rows_collect),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_migrate_and_backup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
