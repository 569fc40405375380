/* Unit tests for store/audit: appending in transactions, the hash chain, and
 * that audit_verify() names the first entry after any kind of tampering. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/audit.h"
#include "store/db.h"

static const struct audit_actor cli = { 0, "cli:tester", NULL };
static const struct audit_actor officer = { 7, "nguyenvana", "192.0.2.1" };

static int setup(void **state)
{
	char err[512];
	struct db *db = db_open(":memory:", err, sizeof(err));
	if (!db)
		return -1;
	if (db_migrate(db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "%s\n", err);
		db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static int64_t count_rows(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* Five entries, appended two transactions at a time. */
static void fill(struct db *db)
{
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.create", "account", "1",
				      "{\"username\":\"admin\",\"display_name\":\"Quản trị viên\"}"), 0);
	assert_int_equal(audit_append(db, &cli, "role.grant", "account", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "session.login", "session", "1", "{\"kind\":\"web\"}"), 0);
	assert_int_equal(audit_append(db, &officer, "feedback.assign", "feedback", "PA-7K3Q",
				      "{\"unit\":[null,\"P-00001\"]}"), 0);
	assert_int_equal(audit_append(db, &officer, "view_contact", "feedback", "PA-7K3Q", ""), 0);
	assert_int_equal(db_commit(db), DB_OK);
}

static void expect_broken_at(struct db *db, int64_t id)
{
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 1);
	assert_int_equal(bad, id);
	char want[32];
	snprintf(want, sizeof(want), "entry #%lld:", (long long)id);
	assert_non_null(strstr(err, want));
}

static void test_empty_log_is_intact(void **state)
{
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(*state, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 0);
	assert_int_equal(bad, 0);
}

static void test_append_and_verify(void **state)
{
	struct db *db = *state;
	fill(db);
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 5);
	assert_int_equal(bad, 0);

	/* ids are 1..5, the first links to 32 zero bytes, each to the one before */
	struct db_stmt *st = db_prepare(db, "SELECT a.id, a.prev_hash = zeroblob(32), "
					    "a.prev_hash = (SELECT b.hash FROM audit_log b WHERE b.id = a.id - 1), "
					    "a.actor_id IS NULL, a.addr "
					    "FROM audit_log a ORDER BY a.id");
	assert_non_null(st);
	for (int64_t i = 1; i <= 5; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), i);
		if (i == 1)
			assert_int_equal(db_col_int(st, 1), 1);
		else
			assert_int_equal(db_col_int(st, 2), 1);
		/* the CLI actor (account 0) is stored as NULL, officers by id */
		assert_int_equal(db_col_int(st, 3), i <= 2);
		if (i >= 3)
			assert_string_equal(db_col_text(st, 4), "192.0.2.1");
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "79", NULL), 0);
	assert_int_equal(audit_append(db, &officer, "unit.rename", "unit", "79", NULL), 0);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count_rows(db), 5);
	/* and the chain continues from the last committed entry */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "79", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 6);
}

static void test_triggers_refuse_changes(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_true(db_exec(db, "UPDATE audit_log SET summary = 'x' WHERE id = 2") < 0);
	assert_true(db_exec(db, "DELETE FROM audit_log WHERE id = 2") < 0);
	assert_int_equal(count_rows(db), 5);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
}

static void test_edited_summary(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET summary = '{\"unit\":[null,\"P-00002\"]}' "
				     "WHERE id = 4"), DB_OK);
	expect_broken_at(db, 4);
}

static void test_edited_field_boundary(void **state)
{
	/* moving a character from one field into the next changes the hash */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET action = 'session.logi', "
				     "object_type = 'nsession' WHERE id = 3"), DB_OK);
	expect_broken_at(db, 3);
}

static void test_null_differs_from_empty(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET summary = '' WHERE id = 2"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_edited_actor_id(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET actor_id = 8 WHERE id = 5"), DB_OK);
	expect_broken_at(db, 5);
}

static void test_replaced_hash(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET hash = zeroblob(32) WHERE id = 2"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_rehashed_edit_breaks_the_next_link(void **state)
{
	/* A forger who can compute hashes rewrites entry 2 with a valid hash of
	 * its new contents (made here by audit_append itself in a transaction
	 * that is then rolled back): entry 2 checks out, entry 3 does not. */
	struct db *db = *state;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.create", "account", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.disable", "account", "1", "{\"forged\":true}"), 0);
	struct db_stmt *st = db_prepare(db, "SELECT at, hash FROM audit_log WHERE id = 2");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t at = db_col_int(st, 0);
	size_t len = 0;
	const void *h = db_col_blob(st, 1, &len);
	assert_int_equal(len, 32);
	unsigned char forged[32];
	memcpy(forged, h, 32);
	db_done(st);
	assert_int_equal(db_rollback(db), DB_OK);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "role.grant", "account", "1", NULL), 0);
	assert_int_equal(audit_append(db, &officer, "session.login", "session", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);

	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update"), DB_OK);
	st = db_prepare(db, "UPDATE audit_log SET at = $1, action = 'account.disable', "
			    "summary = '{\"forged\":true}', hash = $2 WHERE id = 2");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, at), 0);
	assert_int_equal(db_bind_blob(st, 2, forged, sizeof(forged)), 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	expect_broken_at(db, 3);
}

static void test_deleted_middle_row(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete"), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 3"), DB_OK);
	expect_broken_at(db, 4);
}

static void test_deleted_and_renumbered(void **state)
{
	/* delete entry 3 and renumber the rest so the ids have no gap */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;"
				     "DELETE FROM audit_log WHERE id = 3;"
				     "UPDATE audit_log SET id = id - 1 WHERE id = 4;"
				     "UPDATE audit_log SET id = id - 1 WHERE id = 5;"), DB_OK);
	expect_broken_at(db, 3);
}

static void test_deleted_first_row(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete"), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 1"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_swapped_rows(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update;"
				     "UPDATE audit_log SET id = 100 WHERE id = 2;"
				     "UPDATE audit_log SET id = 2 WHERE id = 3;"
				     "UPDATE audit_log SET id = 3 WHERE id = 100;"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_inserted_row(void **state)
{
	struct db *db = *state;
	fill(db);
	/* a forged row that copies its neighbour's hashes */
	assert_int_equal(db_exec(db, "INSERT INTO audit_log(id, at, actor, action, prev_hash, hash) "
				     "SELECT 6, at, 'admin', 'account.disable', hash, hash FROM audit_log "
				     "WHERE id = 5"), DB_OK);
	expect_broken_at(db, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_is_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_field_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_differs_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_actor_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_edit_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_and_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inserted_row, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
