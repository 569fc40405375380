/* Unit tests for store/stamp_pg.c, on PostgreSQL only (DANVAN_TEST_PG_URL,
 * tests/pg_test.sh; without it one skipped test): stamps kept in memory
 * while the listener is up; a stamp read before an announcement is not
 * kept after it; an announcement on 'danvan_stamp' forgets the stamp (after
 * the listener hears it); a session's own announcement is taken with the
 * statement that made it (no waiting); the listener's backend terminated:
 * memory is not trusted, then the listener reconnects and everything kept
 * before is forgotten. The news stamp (store/article.c article_stamp(),
 * kept as "a:*" for the span of times it holds over): answered from memory
 * until the next scheduled publish_at and from it, not before the latest
 * one come due; forgotten by any statement on articles or article_events
 * (migrations/postgresql/0032_news_stamp_notify.sql), at once for the
 * session that made it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define TESTDB_PG 1
#include "testdb.h"
#include "store/article.h"
#include "store/stamp.h"
#include "store/stamp_pg.h"

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(void)
{
	struct timespec ts = { 0, 20 * 1000000 };
	nanosleep(&ts, NULL);
}

/* wait (up to 20 s) until memory is trusted (up) or not */
static int wait_up(int want)
{
	int64_t end = mono_ms() + 20000;
	struct stamp_stats s;
	for (;;) {
		stamp_get_stats(&s);
		if (s.up == want || mono_ms() > end)
			return s.up == want;
		nap();
	}
}

/* the stamp of key kept in memory: 1 and *stamp, 0 when not kept (and
 * *token for a put), -1 when memory is not trusted */
static int get(const char *key, int64_t *stamp, uint64_t *token)
{
	int64_t s = -1;
	uint64_t t = 0;
	int rc = stamp_mem_get(key, &s, &t);
	if (stamp)
		*stamp = s;
	if (token)
		*token = t;
	return rc;
}

/* a stamp kept: read "from the database" (here: given) after a miss */
static void keep(const char *key, int64_t stamp)
{
	uint64_t token;
	assert_int_equal(get(key, NULL, &token), 0);
	stamp_mem_put(key, stamp, token);
}

static void test_stamps_in_memory(void **state)
{
	(void)state;
	char err[256];
	struct db *db = testdb_open(NULL, err, sizeof(err));
	assert_non_null(db);
	uint64_t token;
	int64_t stamp;
	/* before the listener: nothing is trusted */
	assert_int_equal(get("f:AAAA-AAAA", NULL, NULL), -1);
	setenv("DANVAN_STAMP_RETRY_MS", "100", 1);
	assert_int_equal(stamp_listen_start(testdb_url(), err, sizeof(err)), 0);
	assert_true(stamp_mem_enabled());
	assert_true(wait_up(1));

	/* kept, then answered from memory */
	keep("f:AAAA-AAAA", 41);
	assert_int_equal(get("f:AAAA-AAAA", &stamp, NULL), 1);
	assert_int_equal(stamp, 41);
	/* a key too long for a slot is never kept */
	assert_int_equal(get("f:0123456789012345678901234567890", NULL, NULL), -1);

	/* read, then announced, then put: the old stamp is not kept */
	assert_int_equal(get("f:BBBB-BBBB", NULL, &token), 0);
	stamp_forget("f:BBBB-BBBB");
	stamp_mem_put("f:BBBB-BBBB", 7, token);
	assert_int_equal(get("f:BBBB-BBBB", NULL, NULL), 0);

	/* another session announces on danvan_stamp: the listener forgets it */
	struct db *other = testdb_connect(NULL, err, sizeof(err));
	assert_non_null(other);
	assert_int_equal(db_exec(other, "NOTIFY danvan_stamp, 'f:AAAA-AAAA'"), DB_OK);
	int64_t end = mono_ms() + 10000;
	while (get("f:AAAA-AAAA", NULL, NULL) == 1 && mono_ms() < end)
		nap();
	assert_int_equal(get("f:AAAA-AAAA", NULL, NULL), 0);

	/* a session's own announcement (its channel, danvan.stamp_self, set up
	 * by db_pg.c once stamps are kept) is taken with its statement: the
	 * stamp is gone when db_exec() returns, without the listener */
	keep("f:CCCC-CCCC", 9);
	assert_int_equal(db_exec(other, "SELECT 1"), DB_OK); /* sets up the channel */
	assert_int_equal(db_exec(other, "SELECT pg_notify(current_setting('danvan.stamp_self'), 'f:CCCC-CCCC')"),
			 DB_OK);
	assert_int_equal(get("f:CCCC-CCCC", NULL, NULL), 0);
	/* ... and with a COMMIT */
	keep("f:DDDD-DDDD", 10);
	assert_int_equal(db_begin(other), DB_OK);
	assert_int_equal(db_exec(other, "SELECT pg_notify(current_setting('danvan.stamp_self'), 'f:DDDD-DDDD')"),
			 DB_OK);
	assert_int_equal(get("f:DDDD-DDDD", NULL, NULL), 1); /* not before the commit */
	assert_int_equal(db_commit(other), DB_OK);
	assert_int_equal(get("f:DDDD-DDDD", NULL, NULL), 0);
	/* ... and nothing with a rollback */
	keep("f:EEEE-EEEE", 11);
	assert_int_equal(db_begin(other), DB_OK);
	assert_int_equal(db_exec(other, "SELECT pg_notify(current_setting('danvan.stamp_self'), 'f:EEEE-EEEE')"),
			 DB_OK);
	db_rollback(other);
	assert_int_equal(get("f:EEEE-EEEE", NULL, NULL), 1);

	/* the listener's backend terminated: not trusted; then it reconnects
	 * and what was kept before is forgotten */
	keep("f:FFFF-FFFF", 12);
	struct stamp_stats s0, s1;
	stamp_get_stats(&s0);
	char sql[200];
	snprintf(sql, sizeof(sql),
		 "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'danvan-stamp-%ld'",
		 (long)getpid());
	assert_int_equal(db_exec(other, sql), DB_OK);
	end = mono_ms() + 10000;
	do {
		stamp_get_stats(&s1);
		nap();
	} while (s1.losses == s0.losses && mono_ms() < end);
	assert_true(s1.losses > s0.losses);
	assert_true(wait_up(1));
	assert_int_equal(get("f:FFFF-FFFF", NULL, NULL), 0);

	stamp_listen_stop();
	assert_false(stamp_mem_enabled());
	assert_int_equal(get("f:FFFF-FFFF", NULL, NULL), -1);
	db_close(other);
	db_close(db);
}

/* the news stamp at `now`: 1 when it came from memory, 0 from the database */
static int news(struct db *db, int64_t now, int64_t *stamp)
{
	struct stamp_stats s0, s1;
	stamp_get_stats(&s0);
	assert_int_equal(article_stamp(db, now, stamp), DB_OK);
	stamp_get_stats(&s1);
	assert_true(s1.hits + s1.reads == s0.hits + s0.reads + 1);
	return s1.hits > s0.hits;
}

/* the number of announcements taken so far */
static uint64_t notes(void)
{
	struct stamp_stats s;
	stamp_get_stats(&s);
	return s.notes;
}

/* wait (up to 10 s) until n announcements were taken: a change reaches this
 * process twice, by the writer's own channel and by the listener, and a
 * stamp read before the second is rightly not kept */
static void wait_notes(uint64_t n)
{
	int64_t end = mono_ms() + 10000;
	while (notes() < n && mono_ms() < end)
		nap();
	assert_true(notes() >= n);
}

static void test_news_stamp(void **state)
{
	(void)state;
	char err[512];
	struct db *db = testdb_open(NULL, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	const int64_t T = 2000000000;
	char sql[600];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO units(id, code, name, kind, valid_from, created_at, updated_at) "
		 "VALUES (1, 'W1', 'Phường Một', 'government', 0, 0, 0); "
		 "INSERT INTO articles(id, slug, title, unit_id, status, publish_at, created_at, updated_at) VALUES "
		 "(1, 'mot', 'Một', 1, 'published', %lld, 0, 0), (2, 'hai', 'Hai', 1, 'scheduled', %lld, 0, 0), "
		 "(3, 'ba', 'Ba', 1, 'scheduled', %lld, 0, 0); "
		 "INSERT INTO article_events(article_id, at, type) VALUES (1, %lld, 'publish')",
		 (long long)(T - 100), (long long)(T + 10), (long long)(T + 20), (long long)(T - 100));
	assert_int_equal(db_exec(db, sql), DB_OK);
	int64_t s0, s, s1;
	/* no listener: read every time, as on SQLite */
	assert_int_equal(article_stamp(db, T, &s0), DB_OK);
	assert_true(s0 > 0 && STAMP_TIME(s0) == T - 100);

	setenv("DANVAN_STAMP_RETRY_MS", "100", 1);
	assert_int_equal(stamp_listen_start(testdb_url(), err, sizeof(err)), 0);
	assert_true(wait_up(1));
	assert_int_equal(news(db, T, &s), 0);
	assert_true(s == s0);
	assert_int_equal(news(db, T + 9, &s), 1); /* kept until article 2 comes due */
	assert_true(s == s0);
	assert_int_equal(news(db, T + 10, &s1), 0); /* due: read again, changed */
	assert_true(s1 != s0 && STAMP_TIME(s1) == T + 10);
	assert_int_equal(news(db, T + 19, &s), 1);
	assert_true(s == s1);
	assert_int_equal(news(db, T + 9, &s), 0); /* before it came due: not that stamp */
	assert_true(s == s0);
	assert_int_equal(news(db, T + 5, &s), 1); /* nothing due at T + 9: holds from any time before */
	assert_true(s == s0);

	/* a write by this server's own session: forgotten when it returns,
	 * without the listener; any statement on the two tables counts */
	assert_int_equal(db_exec(db, "SELECT 1"), DB_OK); /* sets up its channel */
	uint64_t n0 = notes();
	uint64_t token;
	assert_int_equal(db_exec(db, "UPDATE articles SET title = 'Một (sửa)' WHERE id = 1"), DB_OK);
	assert_int_equal(stamp_mem_get_at("a:*", T + 5, &s, &token), 0);
	wait_notes(n0 + 2);
	assert_int_equal(news(db, T + 5, &s), 0);
	assert_true(s == s0); /* the stamp itself counts only events */
	assert_int_equal(news(db, T + 5, &s), 1);
	n0 = notes();
	assert_int_equal(db_exec(db, "INSERT INTO article_events(article_id, at, type) VALUES (1, 2000000001, 'correct')"),
			 DB_OK);
	assert_int_equal(stamp_mem_get_at("a:*", T + 5, &s, &token), 0);
	wait_notes(n0 + 2);
	assert_int_equal(news(db, T + 5, &s), 0);
	assert_true(s != s0 && STAMP_TIME(s) == T + 1);
	assert_int_equal(news(db, T + 5, &s), 1);

	/* another session's write: forgotten once the listener hears it */
	struct db *other = testdb_connect(NULL, err, sizeof(err));
	assert_non_null(other);
	assert_int_equal(db_exec(other, "SELECT 1"), DB_OK);
	n0 = notes();
	assert_int_equal(db_exec(other, "UPDATE articles SET publish_at = 2000000030 WHERE id = 3"), DB_OK);
	wait_notes(n0 + 2);
	assert_int_equal(news(db, T + 5, &s), 0);
	assert_int_equal(news(db, T + 25, &s1), 0); /* article 3 moved past it: only 2 due */
	assert_int_equal(news(db, T + 29, &s), 1);
	assert_true(s == s1);
	assert_int_equal(news(db, T + 30, &s), 0);
	assert_true(s != s1 && STAMP_TIME(s) == T + 30);
	/* a read that began before a change is not kept after it */
	assert_int_equal(stamp_mem_get_at("a:*", T + 40, &s, &token), 1);
	assert_int_equal(stamp_mem_get_at("a:*", T - 1, &s, &token), 0);
	stamp_forget("a:*");
	stamp_mem_put_span("a:*", 5, INT64_MIN, INT64_MAX, token);
	assert_int_equal(stamp_mem_get_at("a:*", T + 40, &s, &token), 0);

	stamp_listen_stop();
	assert_int_equal(article_stamp(db, T + 40, &s1), DB_OK);
	assert_true(s1 == s);
	db_close(other);
	db_close(db);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stamps_in_memory),
		cmocka_unit_test(test_news_stamp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
