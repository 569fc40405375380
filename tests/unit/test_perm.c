/* Unit tests for app/perm: role names, granting and revoking, and
 * permissions inherited down the organisation tree (real SQLite database). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/org.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"
#include "store/unit.h"

static const struct audit_actor actor = { 0, "test", NULL };
static struct arena msgs;   /* field messages of every test; lives to the end */

/* The context of a change by `who` now. */
static const struct app_ctx *cx(struct db *db, const struct audit_actor *who)
{
	static struct app_ctx c;
	c = (struct app_ctx){ .db = db, .arena = &msgs, .actor = who, .now = time(NULL) };
	return &c;
}

/* The one message a refused grant or revocation gives for `field`. */
static struct app_errors why;

static struct db *open_db(void)
{
	char err[512];
	struct db *db = testdb_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	return db;
}

static int64_t day(const char *ymd)
{
	int64_t d;
	assert_int_equal(parse_date(ymd, &d), 0);
	return d;
}

static int64_t add_account(struct db *db, const char *username)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO accounts(username, display_name, password_hash, "
					    "created_at, updated_at, password_changed_at) "
					    "VALUES ($1, $1, 'x', 0, 0, 0) RETURNING id");
	assert_non_null(st);
	db_bind_text(st, 1, username);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t count_sql(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void create(struct db *db, const char *code, const char *kind, const char *parent)
{
	struct org_unit_input in = { code, code, kind, parent };
	assert_int_equal(org_create(cx(db, &actor), &in, day("2020-01-01"), NULL, NULL), APP_OK);
}

static int64_t id_of(struct db *db, const char *code)
{
	struct arena a;
	struct unit u;
	arena_init(&a, 1024);
	assert_int_equal(unit_get_by_code(db, &a, code, &u), DB_OK);
	arena_release(&a);
	return u.id;
}

/* city -> ward W1 -> group T1 and its cell C1; city -> ward W2 -> group T2 */
static struct db *tree(void)
{
	struct db *db = open_db();
	create(db, "HN", "government", NULL);
	create(db, "W1", "government", "HN");
	create(db, "W2", "government", "HN");
	create(db, "T1", "residential_group", "W1");
	create(db, "C1", "party_cell", "T1");
	create(db, "T2", "residential_group", "W2");
	return db;
}

/* Administration is scoped strictly below the grant (issue 10): a ward's
 * administrator manages its sub-units and their accounts, never its ward,
 * the city, the other ward or accounts with a role there. */
static void test_admin_scope(void **state)
{
	(void)state;
	struct db *db = tree();
	int64_t root = add_account(db, "root"), ward = add_account(db, "ward"), peer = add_account(db, "peer");
	int64_t inside = add_account(db, "inside"), mixed = add_account(db, "mixed"), none = add_account(db, "none");
	assert_int_equal(perm_grant(cx(db, &actor), root, "HN", "admin", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), ward, "W1", "admin", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), peer, "W1", "leader", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), inside, "T1", "handler", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), mixed, "T1", "handler", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), mixed, "T2", "viewer", NULL), 0);

	assert_int_equal(perm_admin_root(db, root), 1);
	assert_int_equal(perm_admin_root(db, ward), 0);
	assert_int_equal(perm_admin_unit(db, root, id_of(db, "HN")), 1);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "HN")), 0);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "W1")), 0);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "W2")), 0);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "T1")), 1);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "C1")), 1);
	assert_int_equal(perm_admin_unit(db, ward, id_of(db, "T2")), 0);
	assert_int_equal(perm_admin_under(db, ward, id_of(db, "W1")), 1);
	assert_int_equal(perm_admin_under(db, ward, 0), 0);
	assert_int_equal(perm_admin_under(db, root, 0), 1);

	assert_int_equal(perm_admin_account(db, ward, inside), 1);
	assert_int_equal(perm_admin_account(db, ward, mixed), 0);
	assert_int_equal(perm_admin_account(db, ward, peer), 0);
	assert_int_equal(perm_admin_account(db, ward, ward), 0);
	assert_int_equal(perm_admin_account(db, ward, root), 0);
	assert_int_equal(perm_admin_account(db, ward, none), 0);
	assert_int_equal(perm_admin_account(db, root, none), 1);
	assert_int_equal(perm_admin_account(db, root, mixed), 1);

	/* grants and revocations by the ward's administrator */
	const struct audit_actor wa = { ward, "ward", NULL };
	assert_int_equal(perm_grant(cx(db, &wa), ward, "HN", "admin", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant(cx(db, &wa), inside, "W1", "leader", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant(cx(db, &wa), inside, "T2", "leader", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant(cx(db, &wa), mixed, "T1", "leader", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant(cx(db, &wa), none, "T1", "leader", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_revoke(cx(db, &wa), mixed, "T1", "handler", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant(cx(db, &wa), inside, "C1", "viewer", NULL), 0);
	assert_int_equal(perm_revoke(cx(db, &wa), inside, "C1", "viewer", NULL), 0);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(perm_grant_new_in_tx(cx(db, &wa), none, "T2", "viewer", NULL), APP_FORBIDDEN);
	assert_int_equal(perm_grant_new_in_tx(cx(db, &wa), none, "T1", "viewer", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(perm_admin_account(db, ward, none), 1);

	/* the tree: only below W1 */
	struct org_unit_input in = { "T3", "T3", "residential_group", "W2" };
	assert_int_equal(org_create(cx(db, &wa), &in, day("2021-01-01"), NULL, NULL), APP_FORBIDDEN);
	in.parent_code = NULL;
	assert_int_equal(org_create(cx(db, &wa), &in, day("2021-01-01"), NULL, NULL), APP_FORBIDDEN);
	in.parent_code = "W1";
	assert_int_equal(org_create(cx(db, &wa), &in, day("2021-01-01"), NULL, NULL), APP_OK);
	assert_int_equal(org_rename(cx(db, &wa), "W1", "Phường khác", day("2021-01-01"), NULL), APP_FORBIDDEN);
	assert_int_equal(org_rename(cx(db, &wa), "HN", "Khác", day("2021-01-01"), NULL), APP_FORBIDDEN);
	assert_int_equal(org_move(cx(db, &wa), "T3", "W2", day("2021-01-01"), NULL), APP_FORBIDDEN);
	assert_int_equal(org_close(cx(db, &wa), "T2", day("2021-01-01"), NULL), APP_FORBIDDEN);
	const char *from[] = { "T3" };
	assert_int_equal(org_merge(cx(db, &wa), from, 1, "T2", NULL, day("2021-01-01"), NULL), APP_FORBIDDEN);
	assert_int_equal(org_close(cx(db, &wa), "T3", day("2021-02-01"), NULL), APP_OK);
	assert_int_equal(org_rename(cx(db, &actor), "HN", "HN", day("2021-01-01"), NULL), APP_OK);
	db_close(db);
}

static void test_roles(void **state)
{
	assert_int_equal(role_from_name("leader"), ROLE_LEADER);
	assert_int_equal(role_from_name("viewer"), ROLE_VIEWER);
	assert_int_equal(role_from_name("Leader"), 0);
	assert_int_equal(role_from_name(NULL), 0);
	assert_string_equal(role_name(ROLE_INTAKE), "intake");
	assert_null(role_name(ROLE_INTAKE | ROLE_ADMIN));
	assert_string_equal(role_label(ROLE_ADMIN), "Quản trị");
	assert_string_equal(role_label(ROLE_LEADER), "Lãnh đạo");
	assert_string_equal(role_label(ROLE_INTAKE), "Tiếp nhận");
	assert_string_equal(role_label(ROLE_HANDLER), "Xử lý");
	assert_string_equal(role_label(ROLE_FRONT), "Mặt trận / đoàn thể");
	assert_string_equal(role_label(ROLE_VIEWER), "Theo dõi");
	unsigned all = 0;
	for (size_t i = 0; role_at(i); i++)
		all |= role_at(i);
	assert_int_equal(all, ROLE_ALL);
	unsigned m = 0;
	assert_int_equal(role_mask_parse("leader, handler", &m), 0);
	assert_int_equal(m, ROLE_LEADER | ROLE_HANDLER);
	assert_int_equal(role_mask_parse("leader,boss", &m), -1);
	assert_int_equal(role_mask_parse("", &m), -1);
}

static void test_grant_errors(void **state)
{
	struct db *db = tree();
	struct app_errors e;
	int64_t lan = add_account(db, "lan");
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W1", "leader", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W1", "leader", NULL), 0);   /* idempotent */
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants"), 1);
	assert_int_equal(perm_grant(cx(db, &actor), lan, "NOPE", "leader", &why), APP_VALIDATION);
	assert_string_equal(app_errors_get(&why, "unit"), "Đơn vị không tồn tại hoặc đã giải thể.");
	app_errors_clear(&why);
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W1", "boss", &why), APP_VALIDATION);
	assert_string_equal(app_errors_get(&why, "role"), "Vai trò không hợp lệ.");
	app_errors_clear(&why);
	assert_int_equal(perm_grant(cx(db, &actor), 9999, "W1", "leader", &why), APP_NOT_FOUND);
	assert_non_null(app_errors_get(&why, "account"));
	app_errors_clear(&why);
	assert_int_equal(org_close(cx(db, &actor), "T2", day("2024-01-01"), &e), APP_OK);
	assert_int_equal(perm_grant(cx(db, &actor), lan, "T2", "viewer", &why), APP_VALIDATION);
	assert_non_null(app_errors_get(&why, "unit"));
	app_errors_clear(&why);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'role.grant'"), 1);

	/* inside the caller's transaction: rolled back with it */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(perm_grant_in_tx(cx(db, &actor), lan, "W2", "handler", NULL), 0);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants"), 2);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants"), 1);

	assert_int_equal(perm_revoke(cx(db, &actor), lan, "W1", "leader", NULL), 0);
	assert_int_equal(perm_revoke(cx(db, &actor), lan, "W1", "leader", &why), APP_VALIDATION);
	assert_string_equal(app_errors_get(&why, "role"), "Tài khoản không có vai trò này tại đơn vị đó.");
	app_errors_clear(&why);
	assert_int_equal(perm_revoke(cx(db, &actor), lan, "W1", "boss", &why), APP_VALIDATION);
	assert_string_equal(app_errors_get(&why, "role"), "Vai trò không hợp lệ.");
	app_errors_clear(&why);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'role.revoke'"), 1);
	db_close(db);
}

static void test_inheritance(void **state)
{
	struct db *db = tree();
	struct arena a;
	int64_t *ids;
	size_t n;
	arena_init(&a, 4096);
	int64_t lan = add_account(db, "lan"), minh = add_account(db, "minh");
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W1", "leader", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), minh, "HN", "viewer", NULL), 0);

	/* a leader of the ward reaches its groups and cells, not the neighbour */
	assert_int_equal(perm_has(db, lan, id_of(db, "W1"), ROLE_LEADER), 1);
	assert_int_equal(perm_has(db, lan, id_of(db, "T1"), ROLE_LEADER), 1);
	assert_int_equal(perm_has(db, lan, id_of(db, "C1"), ROLE_LEADER), 1);
	assert_int_equal(perm_has(db, lan, id_of(db, "T2"), ROLE_LEADER), 0);
	assert_int_equal(perm_has(db, lan, id_of(db, "W2"), ROLE_LEADER), 0);
	assert_int_equal(perm_has(db, lan, id_of(db, "HN"), ROLE_LEADER), 0);   /* never upwards */
	/* the role must be in the mask */
	assert_int_equal(perm_has(db, lan, id_of(db, "T1"), ROLE_HANDLER), 0);
	assert_int_equal(perm_has(db, lan, id_of(db, "T1"), ROLE_HANDLER | ROLE_LEADER), 1);
	assert_int_equal(perm_has(db, lan, id_of(db, "T1"), 0), 0);
	assert_int_equal(perm_has(db, lan, 99999, ROLE_ALL), 0);
	/* all roles at once */
	unsigned mask = 99;
	assert_int_equal(perm_grant(cx(db, &actor), lan, "T1", "handler", NULL), 0);
	assert_int_equal(perm_roles(db, lan, id_of(db, "C1"), &mask), 0);
	assert_int_equal(mask, ROLE_LEADER | ROLE_HANDLER);
	assert_int_equal(perm_roles(db, lan, id_of(db, "W1"), &mask), 0);
	assert_int_equal(mask, ROLE_LEADER);
	assert_int_equal(perm_roles(db, lan, id_of(db, "W2"), &mask), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(perm_revoke(cx(db, &actor), lan, "T1", "handler", NULL), 0);
	/* the city's viewer sees everything */
	assert_int_equal(perm_has(db, minh, id_of(db, "T2"), ROLE_VIEWER), 1);
	assert_int_equal(perm_has(db, minh, id_of(db, "C1"), ROLE_VIEWER | ROLE_ADMIN), 1);

	assert_int_equal(perm_units(db, &a, lan, ROLE_LEADER, 0, &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_true(perm_units_contain(ids, n, id_of(db, "W1")));
	assert_true(perm_units_contain(ids, n, id_of(db, "T1")));
	assert_true(perm_units_contain(ids, n, id_of(db, "C1")));
	assert_false(perm_units_contain(ids, n, id_of(db, "W2")));
	for (size_t i = 1; i < n; i++)
		assert_true(ids[i - 1] < ids[i]);
	assert_int_equal(perm_units(db, &a, lan, ROLE_VIEWER, 0, &ids, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(perm_units(db, &a, minh, ROLE_VIEWER, 0, &ids, &n), 0);
	assert_int_equal(n, 6);

	/* closed units: reachable for their records unless PERM_UNITS_OPEN */
	struct app_errors e;
	assert_int_equal(org_close(cx(db, &actor), "C1", day("2024-01-01"), &e), APP_OK);
	assert_int_equal(perm_units(db, &a, lan, ROLE_LEADER, 0, &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(perm_units(db, &a, lan, ROLE_LEADER, PERM_UNITS_OPEN, &ids, &n), 0);
	assert_int_equal(n, 2);

	/* moving a unit moves the rights over it */
	assert_int_equal(org_move(cx(db, &actor), "T2", "W1", day("2024-06-01"), &e), APP_OK);
	assert_int_equal(perm_has(db, lan, id_of(db, "T2"), ROLE_LEADER), 1);

	/* a revoked grant no longer counts */
	assert_int_equal(perm_revoke(cx(db, &actor), lan, "W1", "leader", NULL), 0);
	assert_int_equal(perm_has(db, lan, id_of(db, "T1"), ROLE_LEADER), 0);
	assert_int_equal(perm_units(db, &a, lan, ROLE_ALL, 0, &ids, &n), 0);
	assert_int_equal(n, 0);
	arena_release(&a);
	db_close(db);
}

static void test_grants_follow_merge(void **state)
{
	struct db *db = tree();
	struct arena a;
	struct app_errors e;
	struct perm_grant_list g;
	arena_init(&a, 4096);
	int64_t lan = add_account(db, "lan"), hoa = add_account(db, "hoa");
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W1", "leader", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), hoa, "W2", "handler", NULL), 0);
	assert_int_equal(perm_grant(cx(db, &actor), hoa, "W1", "handler", NULL), 0);

	const char *olds[] = { "W1", "W2" };
	struct org_unit_input w3 = { "W3", "Phường Mới", "government", "HN" };
	assert_int_equal(org_merge(cx(db, &actor), olds, 2, NULL, &w3, day("2025-07-01"), &e), APP_OK);
	int64_t w3id = id_of(db, "W3");
	assert_int_equal(perm_has(db, lan, w3id, ROLE_LEADER), 1);
	/* both former wards' groups are now under W3 and reached from there */
	assert_int_equal(perm_has(db, lan, id_of(db, "T2"), ROLE_LEADER), 1);
	assert_int_equal(perm_has(db, hoa, id_of(db, "T1"), ROLE_HANDLER), 1);
	assert_int_equal(perm_list_grants(db, &a, lan, &g), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.items[0].unit_code, "W3");
	assert_string_equal(g.items[0].role_label, "Lãnh đạo");
	/* hoa held handler in both: one grant on the successor */
	assert_int_equal(perm_list_grants(db, &a, hoa, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(perm_list_unit_grants(db, &a, w3id, &g), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.items[0].username, "hoa");
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants WHERE revoked_at IS NULL"), 2);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants WHERE unit_id IN "
				   "(SELECT id FROM units WHERE code IN ('W1', 'W2')) AND revoked_at IS NULL"), 0);

	/* closing without successor revokes */
	create(db, "W9", "government", "HN");
	assert_int_equal(perm_grant(cx(db, &actor), lan, "W9", "intake", NULL), 0);
	assert_int_equal(org_close(cx(db, &actor), "W9", org_today(), &e), APP_OK);
	assert_int_equal(perm_has(db, lan, id_of(db, "W9"), ROLE_INTAKE), 0);

	int64_t bad = 0, count = 0;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	arena_release(&a);
	db_close(db);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_grant_errors),
		cmocka_unit_test(test_inheritance),
		cmocka_unit_test(test_grants_follow_merge),
		cmocka_unit_test(test_admin_scope),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
