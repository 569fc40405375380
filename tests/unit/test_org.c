/* Unit tests for app/org and store/unit: the organisation tree, its history,
 * merge and split, and the CSV import, on a real migrated SQLite database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/org.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"
#include "store/unit.h"

static const struct audit_actor actor = { 0, "test", NULL };
static struct arena msgs;   /* field messages of every test; lives to the end */

/* The context of a change by `actor` now, messages in `a` (msgs when NULL). */
static const struct app_ctx *ctx_a(struct db *db, struct arena *a)
{
	static struct app_ctx c;
	c = (struct app_ctx){ .db = db, .arena = a ? a : &msgs, .actor = &actor, .now = time(NULL) };
	return &c;
}

static const struct app_ctx *ctx(struct db *db)
{
	return ctx_a(db, NULL);
}

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

static int64_t at(const char *ymd)
{
	return vn_day_start(day(ymd));
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

static void create(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
		   const char *from)
{
	struct org_unit_input in = { code, name, kind, parent };
	struct app_errors e;
	int rc = org_create(ctx(db), &in, day(from), NULL, &e);
	if (rc != APP_OK)
		fail_msg("create '%s': %d %s", code, rc, e.n ? e.items[0].message : "");
}

static const struct unit *find(const struct unit_list *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].code, code))
			return &l->items[i];
	return NULL;
}

static struct unit get(struct db *db, struct arena *a, const char *code)
{
	struct unit u;
	assert_int_equal(unit_get_by_code(db, a, code, &u), DB_OK);
	return u;
}

static void assert_chain_ok(struct db *db)
{
	int64_t bad = 0, n = 0;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &n, err, sizeof(err)), 0);
	assert_true(n > 0);
}

/* --- create, rename, move, close ------------------------------------------- */

static void test_create_validation(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct app_errors e;
	arena_init(&a, 4096);
	create(db, "01", "Thành phố Hà Nội", "government", NULL, "2008-08-01");
	create(db, "002", "Quận Hoàn Kiếm", "government", "01", "2008-08-01");

	struct org_unit_input dup = { "002", "Quận khác", "government", "01" };
	assert_int_equal(org_create(ctx(db), &dup, day("2010-01-01"), NULL, &e), APP_CONFLICT);
	assert_non_null(app_errors_get(&e, "code"));
	assert_non_null(strstr(app_errors_get(&e, "code"), "Mã đơn vị đã tồn tại"));

	struct org_unit_input bad = { "a b", "  ", "ward", "zzz" };
	assert_int_equal(org_create(ctx(db), &bad, day("2010-01-01"), NULL, &e), APP_VALIDATION);
	assert_non_null(app_errors_get(&e, "code"));
	assert_string_equal(app_errors_get(&e, "name"), "Vui lòng nhập tên đơn vị");
	assert_string_equal(app_errors_get(&e, "kind"), "Loại đơn vị không hợp lệ");
	assert_non_null(strstr(app_errors_get(&e, "parent"), "Không tìm thấy đơn vị 'zzz'"));
	assert_string_equal(app_rc_code(APP_VALIDATION), "validation_failed");

	char longname[700];
	memset(longname, 'x', 201);
	longname[201] = '\0';
	struct org_unit_input lng = { "X1", longname, "other", "01" };
	assert_int_equal(org_create(ctx(db), &lng, day("2010-01-01"), NULL, &e), APP_VALIDATION);
	assert_non_null(app_errors_get(&e, "name"));
	longname[200] = '\0';
	assert_int_equal(org_create(ctx(db), &lng, day("2010-01-01"), NULL, &e), APP_OK);

	struct org_unit_input fut = { "X2", "Tương lai", "other", "01" };
	assert_int_equal(org_create(ctx(db), &fut, org_today() + 1, NULL, &e), APP_VALIDATION);
	assert_non_null(app_errors_get(&e, "date"));
	/* a child may not start before its parent */
	struct org_unit_input early = { "X3", "Sớm", "other", "01" };
	assert_int_equal(org_create(ctx(db), &early, day("2000-01-01"), NULL, &e), APP_CONFLICT);

	/* names are trimmed and stored NFC: "Phường" written decomposed */
	struct org_unit_input nfd = { "X4", "  Phu\xCC\x9Bo\xCC\x9B\xCC\x80ng  ", "government", "01" };
	assert_int_equal(org_create(ctx(db), &nfd, day("2010-01-01"), NULL, &e), APP_OK);
	assert_string_equal(get(db, &a, "X4").name, "Phường");

	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.create'"), 4);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

static void test_rename_move_close(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct app_errors e;
	struct unit_list l;
	arena_init(&a, 4096);
	create(db, "01", "Thành phố Hà Nội", "government", NULL, "2008-08-01");
	create(db, "002", "Quận Hoàn Kiếm", "government", "01", "2008-08-01");
	create(db, "00061", "Phường Hàng Bạc", "government", "002", "2008-08-01");
	create(db, "00049", "Phường Hàng Đào", "government", "002", "2008-08-01");
	create(db, "T1", "Tổ dân phố số 1", "residential_group", "00061", "2010-01-01");

	/* rename keeps the old name for earlier dates */
	assert_int_equal(org_rename(ctx(db), "00061", "Phường Hàng Bạc (mới)", day("2020-01-01"), &e), APP_OK);
	assert_string_equal(get(db, &a, "00061").name, "Phường Hàng Bạc (mới)");
	assert_int_equal(unit_list_as_of(db, &a, at("2019-12-31"), &l), DB_OK);
	assert_string_equal(find(&l, "00061")->name, "Phường Hàng Bạc");
	assert_int_equal(unit_list_as_of(db, &a, at("2020-01-01"), &l), DB_OK);
	assert_string_equal(find(&l, "00061")->name, "Phường Hàng Bạc (mới)");
	struct unit_version_list h;
	assert_int_equal(unit_history(db, &a, get(db, &a, "00061").id, &h), DB_OK);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.items[0].valid_to, at("2020-01-01"));
	assert_int_equal(h.items[1].valid_to, UNIT_OPEN);
	/* nothing may take effect before the latest change */
	assert_int_equal(org_rename(ctx(db), "00061", "Tên khác", day("2019-06-01"), &e), APP_CONFLICT);
	assert_non_null(app_errors_get(&e, "date"));
	/* same name: nothing happens, no history row */
	assert_int_equal(org_rename(ctx(db), "00061", "Phường Hàng Bạc (mới)", day("2021-01-01"), &e), APP_OK);
	assert_int_equal(unit_history(db, &a, get(db, &a, "00061").id, &h), DB_OK);
	assert_int_equal(h.n, 2);

	/* moves: no cycles */
	assert_int_equal(org_move(ctx(db), "002", "T1", day("2021-01-01"), &e), APP_CONFLICT);
	assert_string_equal(app_errors_get(&e, "parent"), "Không thể chuyển đơn vị vào chính đơn vị con của nó");
	assert_int_equal(org_move(ctx(db), "002", "002", day("2021-01-01"), &e), APP_CONFLICT);
	assert_string_equal(app_errors_get(&e, "parent"), "Không thể chuyển đơn vị vào chính nó");
	assert_int_equal(org_move(ctx(db), "002", "nosuch", day("2021-01-01"), &e), APP_VALIDATION);
	assert_non_null(strstr(app_errors_get(&e, "parent"), "Không tìm thấy đơn vị 'nosuch'"));
	assert_int_equal(org_move(ctx(db), "T1", "00049", day("2021-01-01"), &e), APP_OK);
	assert_string_equal(get(db, &a, "T1").parent_code, "00049");
	assert_int_equal(unit_list_as_of(db, &a, at("2020-12-31"), &l), DB_OK);
	assert_string_equal(find(&l, "T1")->parent_code, "00061");
	assert_int_equal(unit_children(db, &a, get(db, &a, "00049").id, 0, &l), DB_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(unit_ancestors(db, &a, get(db, &a, "T1").id, &l), DB_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].code, "00049");
	assert_string_equal(l.items[2].code, "01");
	assert_int_equal(unit_descendants(db, &a, get(db, &a, "01").id, 0, &l), DB_OK);
	assert_int_equal(l.n, 4);

	/* close: refused while open sub-units remain */
	assert_int_equal(org_close(ctx(db), "00049", day("2024-01-01"), &e), APP_CONFLICT);
	assert_non_null(strstr(app_errors_get(&e, "code"), "đơn vị trực thuộc đang hoạt động"));
	assert_int_equal(org_close(ctx(db), "T1", day("2010-01-01"), &e), APP_CONFLICT);
	assert_non_null(strstr(app_errors_get(&e, "date"), "phải sau ngày bắt đầu"));
	assert_int_equal(org_close(ctx(db), "T1", day("2024-01-01"), &e), APP_OK);
	assert_int_equal(get(db, &a, "T1").valid_to, at("2024-01-01"));
	assert_int_equal(org_close(ctx(db), "00049", day("2024-01-01"), &e), APP_OK);
	assert_int_equal(unit_list(db, &a, 0, &l), DB_OK);
	assert_null(find(&l, "T1"));
	assert_int_equal(unit_list(db, &a, UNIT_LIST_CLOSED, &l), DB_OK);
	assert_non_null(find(&l, "T1"));
	assert_int_equal(unit_list_as_of(db, &a, at("2023-12-31"), &l), DB_OK);
	assert_non_null(find(&l, "T1"));
	assert_string_equal(find(&l, "T1")->parent_code, "00049");
	/* closed units stay closed */
	assert_int_equal(org_rename(ctx(db), "T1", "Khác", day("2024-06-01"), &e), APP_CLOSED);
	struct org_unit_input child = { "T9", "Tổ 9", "residential_group", "00049" };
	assert_int_equal(org_create(ctx(db), &child, day("2024-06-01"), NULL, &e), APP_CLOSED);
	/* a closed code is never reused */
	struct org_unit_input again = { "T1", "Tổ dân phố số 1", "residential_group", "00061" };
	assert_int_equal(org_create(ctx(db), &again, day("2024-06-01"), NULL, &e), APP_CONFLICT);

	/* renamed and closed on the same day: the rename never took effect */
	create(db, "Z", "Tổ Z", "residential_group", "00061", "2010-01-01");
	assert_int_equal(org_rename(ctx(db), "Z", "Tổ Z mới", day("2024-03-01"), &e), APP_OK);
	assert_int_equal(org_close(ctx(db), "Z", day("2024-03-01"), &e), APP_OK);
	assert_string_equal(get(db, &a, "Z").name, "Tổ Z");
	assert_int_equal(unit_history(db, &a, get(db, &a, "Z").id, &h), DB_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.items[0].valid_to, at("2024-03-01"));

	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.rename'"), 2);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.move'"), 1);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.close'"), 3);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

/* --- merge and split ----------------------------------------------------------- */

static void test_merge(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct app_errors e;
	struct unit_list l;
	arena_init(&a, 4096);
	create(db, "01", "Thành phố Hà Nội", "government", NULL, "2008-08-01");
	create(db, "002", "Quận Hoàn Kiếm", "government", "01", "2008-08-01");
	create(db, "00061", "Phường Hàng Bạc", "government", "002", "2008-08-01");
	create(db, "00049", "Phường Hàng Đào", "government", "002", "2008-08-01");
	create(db, "00061-TDP01", "Tổ dân phố số 1", "residential_group", "00061", "2010-01-01");
	create(db, "00049-TDP01", "Tổ dân phố số 1", "residential_group", "00049", "2010-01-01");
	int64_t lan = add_account(db, "lan"), minh = add_account(db, "minh");
	assert_int_equal(perm_grant(ctx(db), lan, "00061", "leader", NULL), 0);
	assert_int_equal(perm_grant(ctx(db), minh, "00049", "handler", NULL), 0);

	/* refusals first: nothing may change */
	const char *bad1[] = { "00061", "00061" };
	assert_int_equal(org_merge(ctx(db), bad1, 2, "01", NULL, day("2025-07-01"), &e), APP_VALIDATION);
	const char *olds[] = { "00061", "00049" };
	assert_int_equal(org_merge(ctx(db), olds, 2, "00061-TDP01", NULL, day("2025-07-01"), &e), APP_CONFLICT);
	assert_int_equal(org_merge(ctx(db), olds, 2, "00049", NULL, day("2025-07-01"), &e), APP_VALIDATION);
	assert_non_null(app_errors_get(&e, "into"));
	struct org_unit_input inside = { "00070", "Phường Hoàn Kiếm", "government", "00049" };
	assert_int_equal(org_merge(ctx(db), olds, 2, NULL, &inside, day("2025-07-01"), &e), APP_CONFLICT);
	assert_int_equal(get(db, &a, "00061").valid_to, UNIT_OPEN);

	struct org_unit_input succ = { "00070", "Phường Hoàn Kiếm", "government", "01" };
	assert_int_equal(org_merge(ctx(db), olds, 2, NULL, &succ, day("2025-07-01"), &e), APP_OK);

	/* the olds are closed on the day, the successor is open */
	struct unit hb = get(db, &a, "00061"), hd = get(db, &a, "00049"), hk = get(db, &a, "00070");
	assert_int_equal(hb.valid_to, at("2025-07-01"));
	assert_int_equal(hd.valid_to, at("2025-07-01"));
	assert_int_equal(hk.valid_to, UNIT_OPEN);
	assert_int_equal(hk.valid_from, at("2025-07-01"));
	/* edges */
	struct unit_succession_list s;
	assert_int_equal(unit_successions_of(db, &a, hk.id, &s), DB_OK);
	assert_int_equal(s.n, 2);
	for (size_t i = 0; i < s.n; i++) {
		assert_string_equal(s.items[i].kind, "merged_into");
		assert_int_equal(s.items[i].to_id, hk.id);
		assert_int_equal(s.items[i].effective_at, at("2025-07-01"));
	}
	/* grants moved */
	struct perm_grant_list g;
	assert_int_equal(perm_list_grants(db, &a, lan, &g), 0);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.items[0].unit_code, "00070");
	assert_int_equal(g.items[0].role, ROLE_LEADER);
	assert_int_equal(perm_has(db, minh, hk.id, ROLE_HANDLER), 1);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM role_grants WHERE revoked_at IS NOT NULL"), 2);
	/* children moved, with history */
	assert_int_equal(unit_children(db, &a, hk.id, 0, &l), DB_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(get(db, &a, "00061-TDP01").parent_code, "00070");

	/* the tree the day before: old units, old names, old parents */
	assert_int_equal(unit_list_as_of(db, &a, at("2025-06-30"), &l), DB_OK);
	assert_non_null(find(&l, "00061"));
	assert_string_equal(find(&l, "00061")->name, "Phường Hàng Bạc");
	assert_string_equal(find(&l, "00061")->parent_code, "002");
	assert_string_equal(find(&l, "00061-TDP01")->parent_code, "00061");
	assert_null(find(&l, "00070"));
	/* and today */
	assert_int_equal(unit_list_as_of(db, &a, vn_day_start(org_today()), &l), DB_OK);
	assert_null(find(&l, "00061"));
	assert_null(find(&l, "00049"));
	assert_non_null(find(&l, "00070"));
	assert_string_equal(find(&l, "00061-TDP01")->parent_code, "00070");

	/* merging into an existing unit */
	create(db, "00082", "Phường Cửa Nam", "government", "01", "2025-07-01");
	const char *more[] = { "00082" };
	assert_int_equal(org_merge(ctx(db), more, 1, "00070", NULL, day("2025-08-01"), &e), APP_OK);
	assert_int_equal(get(db, &a, "00082").valid_to, at("2025-08-01"));
	/* merging a closed unit is refused */
	assert_int_equal(org_merge(ctx(db), more, 1, "00070", NULL, day("2025-09-01"), &e), APP_CLOSED);

	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.merge'"), 3);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'role.move'"), 2);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

static void test_split(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct app_errors e;
	struct unit_list l;
	arena_init(&a, 4096);
	create(db, "01", "Thành phố Hà Nội", "government", NULL, "2008-08-01");
	create(db, "X", "Xã Cũ", "government", "01", "2008-08-01");
	create(db, "X-T1", "Thôn 1", "residential_group", "X", "2008-08-01");
	int64_t hoa = add_account(db, "hoa");
	assert_int_equal(perm_grant(ctx(db), hoa, "X", "intake", NULL), 0);

	struct org_unit_input one[] = { { "Y1", "Xã Mới 1", "government", NULL } };
	assert_int_equal(org_split(ctx(db), "X", one, 1, 0, day("2025-07-01"), &e), APP_VALIDATION);
	struct org_unit_input dup[] = { { "Y1", "Xã Mới 1", "government", NULL },
					{ "Y1", "Xã Mới 2", "government", NULL } };
	assert_int_equal(org_split(ctx(db), "X", dup, 2, 0, day("2025-07-01"), &e), APP_CONFLICT);
	assert_non_null(app_errors_get(&e, "parts.1.code"));
	struct org_unit_input under[] = { { "Y1", "Xã Mới 1", "government", NULL },
					  { "Y2", "Xã Mới 2", "government", "X-T1" } };
	assert_int_equal(org_split(ctx(db), "X", under, 2, 0, day("2025-07-01"), &e), APP_CONFLICT);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM units"), 3);

	struct org_unit_input parts[] = { { "Y1", "Xã Mới 1", "government", NULL },
					  { "Y2", "Xã Mới 2", "government", "01" } };
	assert_int_equal(org_split(ctx(db), "X", parts, 2, 1, day("2025-07-01"), &e), APP_OK);
	struct unit x = get(db, &a, "X"), y1 = get(db, &a, "Y1"), y2 = get(db, &a, "Y2");
	assert_int_equal(x.valid_to, at("2025-07-01"));
	assert_int_equal(y1.valid_from, at("2025-07-01"));
	assert_string_equal(y1.parent_code, "01");   /* the old unit's parent */
	struct unit_succession_list s;
	assert_int_equal(unit_successions_of(db, &a, x.id, &s), DB_OK);
	assert_int_equal(s.n, 2);
	for (size_t i = 0; i < s.n; i++) {
		assert_string_equal(s.items[i].kind, "split_from");
		assert_int_equal(s.items[i].to_id, x.id);
	}
	/* work, grants and sub-units go to the heir (parts[1]) */
	assert_int_equal(perm_has(db, hoa, y2.id, ROLE_INTAKE), 1);
	assert_int_equal(perm_has(db, hoa, y1.id, ROLE_INTAKE), 0);
	assert_string_equal(get(db, &a, "X-T1").parent_code, "Y2");
	assert_int_equal(unit_list_as_of(db, &a, at("2025-06-30"), &l), DB_OK);
	assert_string_equal(find(&l, "X-T1")->parent_code, "X");
	assert_string_equal(find(&l, "X")->name, "Xã Cũ");
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log WHERE action = 'unit.split'"), 1);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

/* --- import ----------------------------------------------------------------------- */

static int import(struct db *db, struct arena *a, const char *text, unsigned flags, struct org_import_report *r)
{
	return org_import_csv(ctx_a(db, a), text, strlen(text), flags, r);
}

/* The reason given for a line, or NULL when the line was not rejected. */
static const char *reason(const struct org_import_report *r, long line)
{
	for (size_t i = 0; i < r->nrejected; i++)
		if (r->rejected[i].line == line)
			return r->rejected[i].reason;
	return NULL;
}

static const char good_csv[] =
	"\xEF\xBB\xBF" "code,name,kind,parent,valid_from,valid_to,succession\r\n"
	"# a comment line\r\n"
	"01,Thành phố Hà Nội,government,,2008-08-01,,\r\n"
	"\r\n"
	"002,Quận Hoàn Kiếm,government,01,01/08/2008,01/07/2025,\r\n"
	"00061,\"Phường Hàng Bạc\",government,002,2008-08-01,2025-07-01,\r\n"
	"00049,Phường Hàng Đào,government,002,2008-08-01,2025-07-01,\r\n"
	"00070,Phường Hoàn Kiếm,government,01,2025-07-01,,merged_from:00061 00049\r\n"
	"00070-T4,\"Tổ dân phố số 4 (Hàng Bạc, \"\"Mã Mây\"\")\",residential_group,00070,2025-07-01,,\r\n";

static void test_import_good(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct org_import_report r;
	struct unit_list l;
	char summary[256];
	arena_init(&a, 4096);
	assert_int_equal(import(db, &a, good_csv, 0, &r), APP_OK);
	assert_int_equal(r.nrejected, 0);
	assert_int_equal(r.units, 6);
	assert_int_equal(r.created, 6);
	assert_int_equal(r.successions, 2);
	assert_string_equal(get(db, &a, "00070-T4").name, "Tổ dân phố số 4 (Hàng Bạc, \"Mã Mây\")");
	assert_int_equal(get(db, &a, "002").valid_to, at("2025-07-01"));
	assert_int_equal(get(db, &a, "002").valid_from, at("2008-08-01"));
	struct unit_succession_list s;
	assert_int_equal(unit_successions_of(db, &a, get(db, &a, "00070").id, &s), DB_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.items[0].kind, "merged_into");
	assert_int_equal(unit_list_as_of(db, &a, at("2025-06-30"), &l), DB_OK);
	assert_int_equal(l.n, 4);
	assert_int_equal(unit_list(db, &a, 0, &l), DB_OK);
	assert_int_equal(l.n, 3);
	org_import_summary(&r, summary, sizeof(summary));
	assert_string_equal(summary, "imported 6 units (6 new, 0 updated, 0 unchanged), 2 succession links");

	/* the same file again changes nothing */
	int64_t entries = count_sql(db, "SELECT count(*) FROM audit_log");
	assert_int_equal(import(db, &a, good_csv, 0, &r), APP_OK);
	assert_int_equal(r.nrejected, 0);
	assert_int_equal(r.created + r.updated + r.successions, 0);
	assert_int_equal(r.unchanged, 6);
	org_import_summary(&r, summary, sizeof(summary));
	assert_string_equal(summary, "unchanged: all 6 units already match the database");
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log"), entries);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

static void test_import_bad_lines(void **state)
{
	static const char csv[] =
		"code,name,kind,parent,valid_from,valid_to\n"          /* 1 */
		"01,Thành phố Hà Nội,government,,2008-08-01,\n"         /* 2 ok */
		"A1,Đơn vị A,ward,01,2008-08-01,\n"                     /* 3 unknown kind */
		"A2,Đơn vị B,agency,NOPE,2008-08-01,\n"                 /* 4 unknown parent */
		"A3,Đơn vị C,agency,01,2008-02-30,\n"                   /* 5 bad date */
		"A4,Đơn vị D,agency,01,2008-08-01,\n"                   /* 6 ok */
		"A4,Đơn vị D lần hai,agency,01,2008-08-01,\n"           /* 7 duplicate */
		"A5,Đơn vị \xC3\x28,agency,01,2008-08-01,\n"            /* 8 invalid UTF-8 */
		"A6,Đơn vị F,agency,01\n"                               /* 9 column count */
		"A7,\"Đơn vị \"G\",agency,01,2008-08-01,\n"             /* 10 bad quoting */
		"A8,Đơn vị H,agency,A1,2008-08-01,\n"                   /* 11 parent was rejected */
		"A9,Đơn vị I,agency,A4,2008-08-01,2007-01-01\n"         /* 12 valid_to before valid_from */
		"bad code,Đơn vị J,agency,01,2008-08-01,\n"             /* 13 bad code */
		"A10,,agency,01,2008-08-01,\n"                          /* 14 missing name */
		"A11,\"Tên\n nhiều dòng\",agency,01,2008-08-01,\n"      /* 15-16 ok (control char rejected) */
		"A12,Đơn vị L,agency,A4,2009-01-01,\n";                 /* 17 ok */
	struct db *db = open_db();
	struct arena a;
	struct org_import_report r;
	arena_init(&a, 4096);
	assert_int_equal(import(db, &a, csv, 0, &r), APP_OK);
	assert_non_null(strstr(reason(&r, 3), "unknown kind 'ward'"));
	assert_non_null(strstr(reason(&r, 4), "unknown parent 'NOPE'"));
	assert_non_null(strstr(reason(&r, 5), "bad date '2008-02-30'"));
	assert_non_null(strstr(reason(&r, 7), "duplicate code 'A4' (already on line 6)"));
	assert_string_equal(reason(&r, 8), "invalid UTF-8");
	assert_string_equal(reason(&r, 9), "expected 6 fields, found 4");
	assert_non_null(reason(&r, 10));
	assert_non_null(strstr(reason(&r, 11), "unknown parent 'A1'"));
	assert_non_null(strstr(reason(&r, 12), "valid_to must be after valid_from"));
	assert_non_null(strstr(reason(&r, 13), "invalid code 'bad code'"));
	assert_string_equal(reason(&r, 14), "missing name");
	assert_string_equal(reason(&r, 15), "name contains control characters");
	assert_null(reason(&r, 2));
	assert_null(reason(&r, 6));
	assert_null(reason(&r, 17));
	assert_int_equal(r.nrejected, 12);
	assert_int_equal(r.created, 3);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM units"), 3);
	assert_int_equal(r.rolled_back, 0);
	arena_release(&a);
	db_close(db);

	/* --strict: all or nothing */
	db = open_db();
	arena_init(&a, 4096);
	assert_int_equal(import(db, &a, csv, ORG_IMPORT_STRICT, &r), APP_VALIDATION);
	assert_int_equal(r.nrejected, 12);
	assert_int_equal(r.rolled_back, 1);
	char summary[256];
	org_import_summary(&r, summary, sizeof(summary));
	assert_string_equal(summary, "nothing imported (all or nothing: 3 of 15 lines accepted)");
	assert_int_equal(count_sql(db, "SELECT count(*) FROM units"), 0);
	assert_int_equal(count_sql(db, "SELECT count(*) FROM audit_log"), 0);

	/* whole-file problems */
	assert_int_equal(import(db, &a, "", 0, &r), APP_VALIDATION);
	assert_int_equal(r.rejected[0].line, 1);
	assert_int_equal(import(db, &a, "code,name,kind,parent,valid_from\n01,x,other,,2008-01-01\n", 0, &r),
			 APP_VALIDATION);
	assert_non_null(strstr(r.rejected[0].reason, "missing column 'valid_to'"));
	assert_int_equal(import(db, &a, "code,name,type,parent,valid_from,valid_to\n", 0, &r), APP_VALIDATION);
	assert_non_null(strstr(r.rejected[0].reason, "unknown column 'type'"));
	/* columns in another order are fine */
	assert_int_equal(import(db, &a, "name,code,valid_to,valid_from,parent,kind\n"
				"Thành phố Hà Nội,01,,2008-08-01,,government\n", 0, &r), APP_OK);
	assert_int_equal(r.created, 1);
	arena_release(&a);
	db_close(db);
}

static void test_import_updates(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct org_import_report r;
	struct unit_list l;
	arena_init(&a, 4096);
	int64_t mai = add_account(db, "mai");
	assert_int_equal(import(db, &a,
				"code,name,kind,parent,valid_from,valid_to\n"
				"01,Thành phố Hà Nội,government,,2008-08-01,\n"
				"W1,Phường Một,government,01,2008-08-01,\n"
				"W2,Phường Hai,government,01,2008-08-01,\n"
				"T1,Tổ 1,residential_group,W1,2008-08-01,\n", 0, &r), APP_OK);
	assert_int_equal(r.created, 4);
	assert_int_equal(perm_grant(ctx(db), mai, "W2", "leader", NULL), 0);

	/* rename W1, move T1 to W2, try to change a kind, try to close W2 with a child */
	assert_int_equal(import(db, &a,
				"code,name,kind,parent,valid_from,valid_to\n"
				"01,Thành phố Hà Nội,government,,2008-08-01,\n"
				"W1,Phường Một Mới,government,01,,\n"
				"T1,Tổ 1,residential_group,W2,2008-08-01,\n"
				"W2,Phường Hai,agency,01,2008-08-01,\n"
				"W2,Phường Hai,government,01,2008-08-01,2020-01-01\n", 0, &r), APP_OK);
	assert_int_equal(r.updated, 2);
	assert_int_equal(r.unchanged, 1);
	assert_non_null(strstr(reason(&r, 5), "kind differs"));
	assert_non_null(strstr(reason(&r, 6), "duplicate code"));
	assert_string_equal(get(db, &a, "W1").name, "Phường Một Mới");
	assert_string_equal(get(db, &a, "T1").parent_code, "W2");
	assert_int_equal(unit_list_as_of(db, &a, at("2020-01-01"), &l), DB_OK);
	assert_string_equal(find(&l, "W1")->name, "Phường Một");
	assert_string_equal(find(&l, "T1")->parent_code, "W1");

	assert_int_equal(import(db, &a,
				"code,name,kind,parent,valid_from,valid_to\n"
				"W2,Phường Hai,government,01,2008-08-01,2025-07-01\n", 0, &r), APP_OK);
	assert_non_null(strstr(reason(&r, 2), "1 open sub-units"));
	/* children first, then the parent; W2's grant is revoked at the end.
	 * T1 moved today, so it can close today at the earliest. */
	char today[11], csv[512];
	fmt_ymd(org_today(), today);
	assert_int_equal(import(db, &a, "code,name,kind,parent,valid_from,valid_to\n"
				"T1,Tổ 1,residential_group,W2,2008-08-01,2025-07-01\n", 0, &r), APP_OK);
	assert_non_null(strstr(reason(&r, 2), "before the unit's latest change"));
	snprintf(csv, sizeof(csv), "code,name,kind,parent,valid_from,valid_to\n"
		 "T1,Tổ 1,residential_group,W2,2008-08-01,%s\n"
		 "W2,Phường Hai,government,01,2008-08-01,%s\n", today, today);
	assert_int_equal(import(db, &a, csv, 0, &r), APP_OK);
	assert_int_equal(r.nrejected, 0);
	assert_int_equal(r.updated, 2);
	assert_int_equal(r.revoked, 1);
	assert_int_equal(perm_has(db, mai, get(db, &a, "W2").id, ROLE_LEADER), 0);
	/* a closed unit is not reopened */
	assert_int_equal(import(db, &a,
				"code,name,kind,parent,valid_from,valid_to\n"
				"W2,Phường Hai,government,01,2008-08-01,\n", 0, &r), APP_OK);
	assert_non_null(strstr(reason(&r, 2), "cannot be reopened"));
	/* a predecessor must close on the successor's first day */
	assert_int_equal(import(db, &a,
				"code,name,kind,parent,valid_from,valid_to,succession\n"
				"W3,Phường Ba,government,01,2025-08-01,,merged_from:W2\n"
				"W4,Phường Bốn,government,01,2025-08-01,,merged_from:W1\n"
				"W5,Phường Năm,government,01,2025-07-01,,merge:W2\n", 0, &r), APP_OK);
	assert_non_null(strstr(reason(&r, 2), "predecessor 'W2' must close on 2025-08-01"));
	assert_non_null(strstr(reason(&r, 3), "it is still open"));
	assert_non_null(strstr(reason(&r, 4), "bad succession"));
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

/* The demo as embedded in the binary, else as the file in the checkout. */
static const char *read_demo(size_t *len)
{
	const struct asset *asset = asset_find("demo/units.csv");
	if (asset) {
		*len = asset->len;
		return (const char *)asset->data;
	}
	FILE *f = fopen("demo/units.csv", "rb");
	assert_non_null(f);
	static char buf[1 << 20];
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void test_import_demo(void **state)
{
	struct db *db = open_db();
	struct arena a;
	struct org_import_report r;
	struct unit_list l;
	size_t len;
	const char *text = read_demo(&len);
	arena_init(&a, 65536);
	assert_int_equal(org_import_csv(ctx_a(db, &a), text, len, ORG_IMPORT_STRICT, &r), APP_OK);
	for (size_t i = 0; i < r.nrejected; i++)
		print_message("line %ld: %s\n", r.rejected[i].line, r.rejected[i].reason);
	assert_int_equal(r.nrejected, 0);
	assert_true(r.created >= 60 && r.created <= 120);
	assert_int_equal(r.created, r.units);

	/* before 1/7/2025: the district and its wards; after: the new wards */
	assert_int_equal(unit_list_as_of(db, &a, at("2025-06-30"), &l), DB_OK);
	assert_string_equal(find(&l, "00061")->name, "Phường Hàng Bạc");
	assert_string_equal(find(&l, "00061")->parent_code, "002");
	assert_non_null(find(&l, "002"));
	assert_null(find(&l, "00070"));
	assert_int_equal(unit_list(db, &a, 0, &l), DB_OK);
	assert_null(find(&l, "002"));
	assert_null(find(&l, "00061"));
	assert_string_equal(find(&l, "00070")->name, "Phường Hoàn Kiếm");
	assert_string_equal(find(&l, "00070")->parent_code, "01");
	assert_non_null(find(&l, "00082"));
	struct unit_succession_list s;
	assert_int_equal(unit_successions_of(db, &a, get(db, &a, "00070").id, &s), DB_OK);
	assert_int_equal(s.n, 11);
	/* every current ward has its Party committee, government and Front */
	static const char *const wards[] = { "00070", "00082", "00097" };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(unit_children(db, &a, get(db, &a, wards[i]).id, 0, &l), DB_OK);
		assert_true(l.n >= 5);
	}

	assert_int_equal(org_import_csv(ctx_a(db, &a), text, len, 0, &r), APP_OK);
	assert_int_equal(r.nrejected, 0);
	assert_int_equal(r.unchanged, r.units);
	assert_chain_ok(db);
	arena_release(&a);
	db_close(db);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_validation),
		cmocka_unit_test(test_rename_move_close),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_import_good),
		cmocka_unit_test(test_import_bad_lines),
		cmocka_unit_test(test_import_updates),
		cmocka_unit_test(test_import_demo),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
