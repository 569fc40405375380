/* Unit tests for store/query: placeholders in order, binding on a real
 * statement, the sticky failure and a parameter referred to again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "store/db.h"
#include "testdb.h"
#include "store/query.h"

static struct db *open_db(void)
{
	char err[256];
	struct db *db = testdb_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER);"
				     "INSERT INTO t(id, a, b) VALUES (1, 'x', 1), (2, 'y', 2), (3, 'x', 3), (4, NULL, 4)"), 0);
	return db;
}

static void test_placeholders(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	q_sql(&q, "SELECT count(*) FROM t WHERE a = ");
	q_text(&q, "x");
	q_sql(&q, " AND b > ");
	q_int(&q, 1);
	assert_false(q.failed);
	assert_string_equal(q.sql.buf, "SELECT count(*) FROM t WHERE a = $1 AND b > $2");
	assert_int_equal(q.n, 2);
	assert_true(q.p[0].is_text);
	assert_string_equal(q.p[0].s, "x");
	assert_false(q.p[1].is_text);
	assert_int_equal(q.p[1].i, 1);
	q_release(&q);
	arena_release(&a);
}

static void test_bind_and_run(void **state)
{
	struct db *db = open_db();
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	/* more parameters than the first growth step, to move the array */
	q_sql(&q, "SELECT count(*) FROM t WHERE b IN (");
	for (int i = 0; i < 40; i++) {
		if (i)
			q_sql(&q, ", ");
		q_int(&q, i);
	}
	q_sql(&q, ") AND (a = ");
	q_text(&q, "x");
	q.mark = q.n;
	/* the same value once more, by its number */
	char again[32];
	snprintf(again, sizeof(again), " OR a || 'z' = $%zu || 'z')", q.mark);
	q_sql(&q, again);
	assert_false(q.failed);
	struct db_stmt *st = db_prepare(db, q.sql.buf);
	assert_non_null(st);
	assert_int_equal(q_bind(&q, st), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);

	/* NULL text binds SQL NULL */
	q_release(&q);
	q_init(&q, &a);
	q_sql(&q, "SELECT count(*) FROM t WHERE a IS NOT DISTINCT FROM ");
	q_text(&q, NULL);
	st = db_prepare(db, q.sql.buf);
	assert_non_null(st);
	assert_int_equal(q_bind(&q, st), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	q_release(&q);
	arena_release(&a);
	db_close(db);
}

static void test_sticky_failure(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	static char big[QUERY_SQL_MAX];
	memset(big, ' ', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	q_sql(&q, "SELECT ");
	q_sql(&q, big);
	assert_true(q.failed);
	size_t n = q.n;
	q_int(&q, 5);
	q_text(&q, "y");
	assert_true(q.failed);
	assert_int_equal(q.n, n); /* nothing kept after the failure */
	q_release(&q);
	arena_release(&a);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_bind_and_run),
		cmocka_unit_test(test_sticky_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
