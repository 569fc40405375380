/* Unit tests for store/legal_rule: the row in force on a day, the change
 * of a rule by a later row, days no row covers, and the list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "store/db.h"
#include "testdb.h"
#include "store/legal_rule.h"

static struct db *migrated(void)
{
	char err[256];
	struct db *db = testdb_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	return db;
}

static void test_in_force(void **state)
{
	struct db *db = migrated();
	struct arena a;
	arena_init(&a, 4096);
	struct legal_rule r;
	/* Law 42/2013 until 2026-06-30 (day 20634): one day a week */
	assert_int_equal(legal_rule_get(db, &a, "reception.chair_days", 20634, &r), DB_OK);
	assert_int_equal(r.amount, 1);
	assert_string_equal(r.unit, "per_week");
	assert_int_equal(r.valid_to, 20634);
	/* Law 136/2025 from 2026-07-01: two days a month, still in force */
	assert_int_equal(legal_rule_get(db, &a, "reception.chair_days", 20635, &r), DB_OK);
	assert_int_equal(r.amount, 2);
	assert_string_equal(r.unit, "per_month");
	assert_int_equal(r.valid_to, LEGAL_RULE_OPEN);
	assert_true(strstr(r.legal_basis, "136/2025") != NULL);
	/* before any law: no row */
	assert_int_equal(legal_rule_get(db, &a, "reception.chair_days", 10000, &r), DB_NOTFOUND);
	assert_int_equal(legal_rule_get(db, &a, "no.such_rule", 20635, &r), DB_NOTFOUND);
	assert_int_equal(legal_rule_amount(db, "dialogue.notice", 20635, -1), 7);
	assert_int_equal(legal_rule_amount(db, "dialogue.notice", 100, -1), -1);
	/* an administrator's new row changes the answer from its day on */
	assert_int_equal(db_exec(db, "UPDATE legal_rules SET valid_to = 21000 WHERE key = 'dialogue.notice'"), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO legal_rules(key, amount, unit, valid_from) "
				     "VALUES ('dialogue.notice', 10, 'calendar_day', 21001)"), DB_OK);
	assert_int_equal(legal_rule_amount(db, "dialogue.notice", 21000, -1), 7);
	assert_int_equal(legal_rule_amount(db, "dialogue.notice", 21001, -1), 10);
	arena_release(&a);
	db_close(db);
}

static void test_list(void **state)
{
	struct db *db = migrated();
	struct arena a;
	arena_init(&a, 4096);
	struct legal_rule *rules;
	size_t n;
	assert_int_equal(legal_rule_list(db, &a, &rules, &n), DB_OK);
	assert_true(n >= 14);
	for (size_t i = 1; i < n; i++) {
		int c = strcmp(rules[i - 1].key, rules[i].key);
		assert_true(c < 0 || (c == 0 && rules[i - 1].valid_from < rules[i].valid_from));
	}
	arena_release(&a);
	db_close(db);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_force),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
