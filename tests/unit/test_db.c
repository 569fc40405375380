/* Unit tests for store/db_sqlite: positional parameters, the statement
 * cache, transactions, migrations and backup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "store/db.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positional),
		cmocka_unit_test(test_cache_and_constraint),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_migrate_and_backup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
