/* Unit tests for store/db_pg.c: the contract tests of test_db.c run on
 * PostgreSQL (DANVAN_TEST_PG_URL, a throwaway cluster started by
 * tests/pg_test.sh; without it every test is skipped), and what only this
 * engine does: the write lock of db_begin() across connections, a lost
 * connection re-opened on the next call, a transaction spoilt by a failed
 * statement, and connection errors that name the URL without its password. */
#include <pthread.h>
#include <time.h>

static void test_pg_begin_serialises(void **state);
static void test_pg_reconnect(void **state);
static void test_pg_spoilt_transaction(void **state);
static void test_pg_connect_errors(void **state);
#define TEST_DB_PG_TESTS                                 \
	cmocka_unit_test(test_pg_begin_serialises),      \
	cmocka_unit_test(test_pg_reconnect),             \
	cmocka_unit_test(test_pg_spoilt_transaction),    \
	cmocka_unit_test(test_pg_connect_errors),

#define TEST_DB_PG 1
#include "test_db.c"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct second_writer {
	int64_t began_ms; /* when its db_begin() returned */
	int64_t seen;     /* rows it counted once inside */
	int rc;
};

/* opens its own connection, as another server would, and appends after
 * reading the count: the read-then-write of the audit chain */
static void *second(void *arg)
{
	struct second_writer *w = arg;
	char err[512];
	struct db *db = db_open(pg_url, err, sizeof(err));
	if (!db) {
		w->rc = -1;
		return NULL;
	}
	w->rc = db_begin(db);
	w->began_ms = now_ms();
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM t");
	if (db_step(st) == DB_ROW)
		w->seen = db_col_int(st, 0);
	db_done(st);
	st = db_prepare(db, "INSERT INTO t(a, b) VALUES ('second', $1)");
	db_bind_int(st, 1, 100 + w->seen);
	if (db_step(st) != DB_DONE)
		w->rc = -1;
	db_done(st);
	if (w->rc == 0)
		w->rc = db_commit(db);
	db_close(db);
	return NULL;
}

static void test_pg_begin_serialises(void **state)
{
	struct db *db = mem();
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('first', 1)"), 0);
	struct second_writer w = { 0 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, second, &w), 0);
	usleep(300 * 1000);
	int64_t committed = now_ms();
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(w.rc, 0);
	/* the second waited for the first, and then saw its row */
	assert_true(w.began_ms >= committed);
	assert_int_equal(w.seen, 1);
	struct db_stmt *st = db_prepare(db, "SELECT b FROM t WHERE a = 'second'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 101);
	db_done(st);
	db_close(db);
}

static int64_t backend_pid(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT pg_backend_pid()");
	assert_int_equal(db_step(st), DB_ROW);
	int64_t pid = db_col_int(st, 0);
	db_done(st);
	return pid;
}

static void kill_backend(int64_t pid)
{
	char err[512];
	struct db *k = db_open(pg_url, err, sizeof(err));
	assert_non_null(k);
	/* a bound integer is a bigint: CAST (portable) for an int parameter */
	struct db_stmt *st = db_prepare(k, "SELECT pg_terminate_backend(CAST($1 AS INTEGER))");
	db_bind_int(st, 1, pid);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	db_close(k);
	usleep(100 * 1000);
}

static void test_pg_reconnect(void **state)
{
	struct db *db = mem();
	struct db_stmt *st = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	db_bind_text(st, 1, "before");
	db_bind_int(st, 2, 1);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	uint64_t errors = db_error_count();
	kill_backend(backend_pid(db));
	/* the call that finds the connection lost fails... */
	assert_int_equal(db_ping(db), DB_ERROR);
	assert_true(db_error_count() > errors);
	/* ...the next one reconnects; cached statements are prepared again */
	assert_int_equal(db_ping(db), 0);
	st = db_prepare(db, "INSERT INTO t(a, b) VALUES ($1, $2)");
	db_bind_text(st, 1, "after");
	db_bind_int(st, 2, 2);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);

	/* lost inside a transaction: every call fails until db_rollback() */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('lost', 3)"), 0);
	kill_backend(backend_pid(db));
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('lost', 4)"), DB_ERROR);
	assert_int_equal(db_ping(db), DB_ERROR);
	assert_int_equal(db_commit(db), DB_ERROR);
	assert_int_equal(db_rollback(db), 0);
	st = db_prepare(db, "SELECT count(*), sum(b) FROM t");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	assert_int_equal(db_col_int(st, 1), 3);
	db_done(st);
	db_close(db);
}

static void test_pg_spoilt_transaction(void **state)
{
	struct db *db = mem();
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('x', 1)"), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('y', 2)"), 0);
	assert_int_equal(db_run(db, "INSERT INTO t(a, b) VALUES ('dup', 1)"), DB_CONSTRAINT);
	/* PostgreSQL aborts the whole transaction: later statements fail, and
	 * the commit is reported as the failure it is, not as a success */
	assert_true(db_run(db, "INSERT INTO t(a, b) VALUES ('z', 3)") < 0);
	assert_int_equal(db_commit(db), DB_ERROR);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_rollback(db), 0);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM t");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	/* a parameter whose type nothing tells is an error, not a crash */
	st = db_prepare(db, "SELECT $1 IS NULL");
	db_bind_null(st, 1);
	assert_int_equal(db_step(st), DB_ERROR);
	db_done(st);
	/* a text with a NUL byte cannot be sent as text */
	st = db_prepare(db, "SELECT $1");
	assert_true(db_bind_textn(st, 1, "a\0b", 3) < 0);
	assert_int_equal(db_step(st), DB_ERROR);
	db_done(st);
	db_close(db);
}

static void test_pg_connect_errors(void **state)
{
	char err[512];
	/* nothing listens on port 1 */
	struct db *db = db_open("postgresql://danvan:s3cret-pw@127.0.0.1:1/danvan", err, sizeof(err));
	assert_null(db);
	assert_non_null(strstr(err, "postgresql://danvan@127.0.0.1:1/danvan"));
	assert_null(strstr(err, "s3cret-pw"));
	assert_null(strchr(err, '\n'));
	/* a URL libpq cannot parse */
	db = db_open("postgresql://danvan:s3cret-pw@[::1/x", err, sizeof(err));
	assert_null(db);
	assert_null(strstr(err, "s3cret-pw"));
	assert_null(strchr(err, '\n'));
	/* db_global_init() accepts the URL; db_thread() reports the failure */
	assert_int_equal(db_global_init("postgresql://danvan:s3cret-pw@127.0.0.1:1/danvan", err, sizeof(err)), 0);
	assert_null(db_thread());
	db_global_shutdown();
	/* the right URL works through db_thread() */
	assert_int_equal(db_global_init(pg_url, err, sizeof(err)), 0);
	struct db *t = db_thread();
	assert_non_null(t);
	assert_ptr_equal(db_thread(), t);
	assert_string_equal(db_engine(t), "postgresql");
	assert_int_equal(db_ping(t), 0);
	db_global_shutdown();
}
