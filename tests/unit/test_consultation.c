/*
 * Unit tests for app/consultation and store/consultation on a real SQLite
 * database: the minimum period from the legal rule, versions keeping part
 * ids, the report's totals, and the search index (kind 3) kept in step:
 * the list's q= finds a draft by folded words and FTS5's integrity check
 * against the content view passes, also after a rebuild.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "app/consultation.h"
#include "app/org.h"
#include "core/arena.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/search.h"

static const struct audit_actor sys = { 0, "test", NULL };
#define DAY 86400

struct fx {
	char path[64];
	struct db *db;
	struct arena a;
	struct app_ctx ctx;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/danvan-consult-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	f->db = db_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, err, sizeof(err)), DB_OK);
	arena_init(&f->a, 65536);
	f->ctx = (struct app_ctx){ .db = f->db, .arena = &f->a, .actor = &sys, .now = 1780000000 };
	struct org_unit_input w = { "W1", "Phường Thử", "government", NULL };
	struct org_unit_input mt = { "W1-MT", "Mặt trận phường Thử", "front", "W1" };
	assert_int_equal(org_create(&f->ctx, &w, 20000, NULL, NULL), APP_OK);
	assert_int_equal(org_create(&f->ctx, &mt, 20000, NULL, NULL), APP_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_release(&f->a);
	db_close(f->db);
	char p[96];
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

static const char draft[] = "Điều 1. Vỉa hè\n1. Dành 1,5 m cho người đi bộ.\n2. Phần còn lại cho hộ kinh doanh.\n"
			    "Điều 2. Hiệu lực\n";

static int64_t create(struct fx *f, const char *title, int64_t days)
{
	struct consult_input in = { .title = title, .unit = "W1", .summary = "Lấy ý kiến về vỉa hè", .text = draft,
				    .opens_at = f->ctx.now - 3600, .closes_at = f->ctx.now - 3600 + days * DAY };
	struct app_errors errs = { 0 };
	int64_t id = 0;
	int rc = consult_create(&f->ctx, &in, &id, &errs);
	return rc == APP_OK ? id : rc;
}

static void test_minimum_period(void **state)
{
	struct fx *f = *state;
	struct consult_input in = { .title = "Ngắn", .unit = "W1", .text = draft, .opens_at = f->ctx.now,
				    .closes_at = f->ctx.now + 19 * DAY };
	struct app_errors errs = { 0 };
	int64_t id;
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_VALIDATION);
	assert_non_null(app_errors_get(&errs, "closes_at"));
	assert_true(create(f, "Đủ hai mươi ngày", 20) > 0);
}

/* A kind with its own minimum (data), and a rule changed from a date:
 * the rule in force on the opening day applies. */
static void test_kind_and_dated_rule(void **state)
{
	struct fx *f = *state;
	int64_t open_day = f->ctx.now / DAY; /* a day number near now (UTC is fine here) */
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO legal_rules(key, amount, unit, valid_from, valid_to, legal_basis, note) VALUES "
		 "('consultation.min_open_plan', 30, 'calendar_day', 19539, NULL, 'Thử', 'Kế hoạch: 30 ngày'), "
		 "('consultation.min_open', 25, 'calendar_day', %lld, NULL, 'Luật giả định', '25 ngày');"
		 "UPDATE legal_rules SET valid_to = %lld WHERE key = 'consultation.min_open' AND valid_from = 19539;"
		 "INSERT INTO consultation_kinds(code, name, rule_key) VALUES ('plan', 'Kế hoạch', "
		 "'consultation.min_open_plan');",
		 (long long)open_day + 10, (long long)open_day + 9);
	assert_int_equal(db_exec(f->db, sql), DB_OK);
	struct app_errors errs = { 0 };
	int64_t id;
	struct consult_input in = { .title = "Kế hoạch", .unit = "W1", .text = draft, .kind = "plan",
				    .opens_at = f->ctx.now, .closes_at = f->ctx.now + 25 * DAY };
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_VALIDATION);
	assert_non_null(strstr(app_errors_get(&errs, "closes_at"), "30"));
	in.closes_at = f->ctx.now + 30 * DAY;
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_OK);
	in.kind = "no_such_kind";
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_VALIDATION);
	/* the community kind: 20 days before the change, 25 from it */
	in.kind = NULL;
	in.closes_at = in.opens_at + 21 * DAY;
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_OK);
	in.opens_at = f->ctx.now + 12 * DAY;
	in.closes_at = in.opens_at + 21 * DAY;
	app_errors_clear(&errs);
	assert_int_equal(consult_create(&f->ctx, &in, &id, &errs), APP_VALIDATION);
	assert_non_null(strstr(app_errors_get(&errs, "closes_at"), "25"));
}

static void test_versions_and_report(void **state)
{
	struct fx *f = *state;
	int64_t id = create(f, "Kế hoạch vỉa hè", 25);
	assert_true(id > 0);
	struct consult_view v;
	assert_int_equal(consult_get(&f->ctx, id, 0, &v), APP_OK);
	assert_int_equal(v.nparts, 4);
	int64_t k1 = v.parts[1].id;
	assert_string_equal(v.parts[1].label, "Điều 1, khoản 1");
	struct consult_comment_input ci = { .part_id = k1, .text = "Nên dành 2 m.", .web = 1 };
	struct app_errors errs = { 0 };
	int64_t c1, c2, number;
	assert_int_equal(consult_comment(&f->ctx, id, &ci, &c1, &errs), APP_OK);
	ci.part_id = 0;
	ci.text = "Ý kiến chung";
	assert_int_equal(consult_comment(&f->ctx, id, &ci, &c2, &errs), APP_OK);
	assert_int_equal(consult_new_version(&f->ctx, id, "Điều 1. Vỉa hè\n1. Dành 2 m cho người đi bộ.\n", &number, &errs),
			 APP_OK);
	assert_int_equal(number, 2);
	assert_int_equal(consult_get(&f->ctx, id, 0, &v), APP_OK);
	assert_int_equal(v.nparts, 2);
	assert_int_equal(v.parts[1].id, k1);
	assert_int_equal(v.parts[1].comments, 1);
	assert_int_equal(consult_reply(&f->ctx, id, c1, "not_accepted", "", 0, &errs), APP_VALIDATION);
	assert_int_equal(consult_reply(&f->ctx, id, c1, "accepted", "Đã sửa.", k1, &errs), APP_OK);
	struct consult_report r;
	assert_int_equal(consult_report(&f->ctx, id, &r), APP_OK);
	assert_int_equal(r.comments, 2);
	assert_int_equal(r.nrows, 2);
	assert_int_equal(r.accepted, 1);
	assert_int_equal(r.unanswered, 1);
	assert_string_equal(r.rows[0].part, "Toàn bộ dự thảo");
	assert_string_equal(r.rows[1].changed_part, "Điều 1, khoản 1");
	/* publishing: not before closing, not while unanswered */
	assert_int_equal(consult_event(&f->ctx, id, "publish_report", &errs), APP_INVALID_TRANSITION);
	struct app_ctx later = f->ctx;
	later.now += 30 * DAY;
	assert_int_equal(consult_event(&later, id, "publish_report", &errs), APP_UNANSWERED);
	assert_int_equal(consult_reply(&later, id, c2, "noted", "", 0, &errs), APP_OK);
	assert_int_equal(consult_event(&later, id, "publish_report", &errs), APP_OK);
	assert_int_equal(consult_comment(&later, id, &ci, &c2, &errs), APP_CLOSED);
}

static void test_search_index(void **state)
{
	struct fx *f = *state;
	int64_t id = create(f, "Quy chế phối hợp với Mặt trận", 21);
	assert_true(id > 0);
	assert_true(create(f, "Kế hoạch chiếu sáng", 21) > 0);
	struct consultation_filter flt = { .now = f->ctx.now, .limit = 10, .q = "quy che phoi hop" };
	struct consultation *items;
	size_t n;
	int64_t total;
	assert_int_equal(consult_list(&f->ctx, &flt, &items, &n, &total), APP_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, id);
	flt.q = "VỈA HÈ"; /* the summary of both, folded */
	assert_int_equal(consult_list(&f->ctx, &flt, &items, &n, &total), APP_OK);
	assert_int_equal(total, 2);
	flt.q = "không có từ này";
	assert_int_equal(consult_list(&f->ctx, &flt, &items, &n, &total), APP_OK);
	assert_int_equal(total, 0);
	flt.q = "***";
	assert_int_equal(consult_list(&f->ctx, &flt, &items, &n, &total), APP_OK);
	assert_int_equal(total, 2);
	int64_t count = 0;
	assert_int_equal(search_count(f->db, SEARCH_KIND_CONSULTATION, &count), DB_OK);
	assert_int_equal(count, 2);
	assert_int_equal(search_check(f->db), DB_OK);
	assert_int_equal(search_rebuild(f->db), DB_OK);
	assert_int_equal(search_check(f->db), DB_OK);
	assert_int_equal(search_count(f->db, SEARCH_KIND_CONSULTATION, &count), DB_OK);
	assert_int_equal(count, 2);
}

int main(void)
{
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 });
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_minimum_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_and_dated_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions_and_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
