/* Unit tests for app/reception: the booking status machine checked cell
 * by cell against an independent table, who may cause each event, the
 * names; and on a real SQLite database the generation of sessions from a
 * rule (weekday, weeks of the month, days off skipped, idempotent) and
 * the last place (the conditional UPDATE and the CHECK on booked). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/ctx.h"
#include "app/reception.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

/* The law's lifecycle, written out independently of the table:
 * expected[status][event] = the next status, or -1. */
static const int expected[RS_COUNT][RE_COUNT] = {
	/*                confirm       refuse       held     no_show     cancel */
	[RS_REQUESTED] = { RS_CONFIRMED, RS_REFUSED, RS_HELD, RS_NO_SHOW, RS_CANCELLED },
	[RS_CONFIRMED] = { -1, RS_REFUSED, RS_HELD, RS_NO_SHOW, RS_CANCELLED },
	[RS_REFUSED] = { -1, -1, -1, -1, -1 },
	[RS_HELD] = { -1, -1, -1, -1, -1 },
	[RS_NO_SHOW] = { -1, -1, -1, -1, -1 },
	[RS_CANCELLED] = { -1, -1, -1, -1, -1 },
};

static void test_whole_table(void **state)
{
	(void)state;
	for (int s = 0; s < RS_COUNT; s++)
		for (int e = 0; e < RE_COUNT; e++) {
			int next = -7;
			int rc = wf_next(&reception_domain, s, e, &next);
			if (expected[s][e] < 0) {
				assert_int_equal(rc, -1);
				assert_int_equal(next, -7);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, expected[s][e]);
			}
		}
	/* out of range */
	int next;
	assert_int_equal(wf_next(&reception_domain, RS_COUNT, RE_CONFIRM, &next), -1);
	assert_int_equal(wf_next(&reception_domain, RS_REQUESTED, RE_COUNT, &next), -1);
}

static void test_roles(void **state)
{
	(void)state;
	for (int e = 0; e < RE_COUNT; e++) {
		assert_true(wf_may(&reception_domain, RS_REQUESTED, e, ROLE_INTAKE));
		assert_true(wf_may(&reception_domain, RS_REQUESTED, e, ROLE_LEADER));
		assert_true(wf_may(&reception_domain, RS_REQUESTED, e, ROLE_HANDLER));
		assert_false(wf_may(&reception_domain, RS_REQUESTED, e, ROLE_VIEWER));
		assert_false(wf_may(&reception_domain, RS_REQUESTED, e, ROLE_FRONT));
		assert_false(wf_may(&reception_domain, RS_HELD, e, ROLE_ALL));
	}
	assert_int_equal(wf_allowed(&reception_domain, RS_CONFIRMED, ROLE_INTAKE),
			 (1u << RE_REFUSE) | (1u << RE_HOLD) | (1u << RE_NO_SHOW) | (1u << RE_CANCEL));
}

static void test_names(void **state)
{
	(void)state;
	const char *names[] = { "requested", "confirmed", "refused", "held", "no_show", "cancelled" };
	for (int s = 0; s < RS_COUNT; s++) {
		assert_string_equal(reception_status_name(s), names[s]);
		assert_int_equal(reception_status_parse(names[s]), s);
		assert_true(strlen(reception_status_label(names[s])) > 0);
	}
	assert_int_equal(reception_status_parse("Held"), -1);
	assert_int_equal(reception_status_parse(NULL), -1);
	assert_null(reception_status_name(RS_COUNT));
	assert_string_equal(reception_status_label("nope"), "");
	const char *events[] = { "confirm", "refuse", "held", "no_show", "cancel" };
	for (int e = 0; e < RE_COUNT; e++)
		assert_int_equal(reception_event_parse(events[e]), e);
	assert_int_equal(reception_event_parse("approve"), -1);
}

static void test_generate_and_last_place(void **state)
{
	(void)state;
	char err[256];
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 9 });
	struct db *db = db_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	struct arena a;
	arena_init(&a, 65536);
	struct calendar *cal = calendar_new();
	assert_non_null(cal);
	struct audit_actor sys = { .account_id = 0, .name = "system", .addr = NULL };
	struct app_ctx ctx = { .db = db, .cal = cal, .arena = &a, .actor = &sys,
			       .now = vn_day_start(days_from_civil(2026, 3, 1)) };
	struct unit u = { .code = "X1", .name = "Phường Thử", .kind = "government",
			  .valid_from = vn_day_start(days_from_civil(2025, 7, 1)), .valid_to = UNIT_OPEN };
	int64_t uid;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(unit_insert(db, &u, ctx.now, &uid), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);

	/* 2nd and 4th Thursday, 8:00-11:00, 2 places */
	struct reception_rule_input in = { .unit = "X1", .host = "Chủ tịch UBND phường", .weekday = 4,
					   .weeks = (1u << 1) | (1u << 3), .start_minute = 480, .end_minute = 660,
					   .capacity = 2, .place = "Trụ sở" };
	struct app_errors errs = { 0 };
	int64_t rid;
	assert_int_equal(reception_rule_create(&ctx, &in, &rid, &errs), APP_OK);
	struct reception_generated g;
	/* April 2026: Thursdays 2, 9, 16, 23, 30; the 2nd week's is the 9th, the 4th week's the 23rd */
	assert_int_equal(reception_generate(&ctx, rid, days_from_civil(2026, 4, 1), days_from_civil(2026, 4, 30), &g,
					    &errs), APP_OK);
	assert_int_equal(g.created, 2);
	assert_int_equal(g.days_off, 0);
	/* the 5th week of April 2026 holds 30/4, a day off: with every week, it is skipped */
	struct reception_rule_input all = in;
	all.weeks = 31;
	int64_t rid2;
	assert_int_equal(reception_rule_create(&ctx, &all, &rid2, &errs), APP_OK);
	assert_int_equal(reception_generate(&ctx, rid2, days_from_civil(2026, 4, 1), days_from_civil(2026, 4, 30), &g,
					    &errs), APP_OK);
	assert_int_equal(g.created, 4);
	assert_int_equal(g.days_off, 1);
	assert_int_equal(g.skipped[0], days_from_civil(2026, 4, 30));
	/* idempotent */
	assert_int_equal(reception_generate(&ctx, rid, days_from_civil(2026, 4, 1), days_from_civil(2026, 4, 30), &g,
					    &errs), APP_OK);
	assert_int_equal(g.created, 0);
	assert_int_equal(g.existing, 2);
	/* not before the unit existed */
	assert_int_equal(reception_generate(&ctx, rid, days_from_civil(2025, 6, 1), days_from_civil(2025, 6, 30), &g,
					    &errs), APP_OK);
	assert_int_equal(g.created, 0);
	assert_int_equal(g.outside_unit, 2);

	struct reception_session *s;
	size_t n;
	assert_int_equal(reception_session_list(db, &a, &uid, 1, 0, INT64_MAX, 1, 1, 0, &s, &n), DB_OK);
	assert_int_equal(n, 6);
	struct civil c;
	time_to_vn(s[0].starts_at, &c);
	assert_int_equal(c.wday, 4);
	assert_int_equal(c.hour, 8);

	/* the last place: the conditional UPDATE takes it once */
	int64_t m = s[0].id;
	int taken;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(reception_take_places(db, m, 1, ctx.now, &taken), DB_OK);
	assert_int_equal(taken, 1);
	assert_int_equal(reception_take_places(db, m, 2, ctx.now, &taken), DB_OK);
	assert_int_equal(taken, 0);
	assert_int_equal(reception_take_places(db, m, 1, ctx.now, &taken), DB_OK);
	assert_int_equal(taken, 1);
	assert_int_equal(reception_take_places(db, m, 1, ctx.now, &taken), DB_OK);
	assert_int_equal(taken, 0);
	/* and the database itself refuses an overbooking */
	struct db_stmt *st = db_prepare(db, "UPDATE meetings SET booked = booked + 1 WHERE id = $1");
	db_bind_int(st, 1, m);
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_done(st);
	assert_int_equal(db_rollback(db), DB_OK);

	/* the group rules come from legal_rules: 6 people need a representative */
	struct reception_booking_input bi = { .meeting = "", .name = "Nguyễn Văn A", .phone = "0912345678",
					      .subject = "Đề nghị giải quyết", .people = 6 };
	char mid[24];
	snprintf(mid, sizeof(mid), "%lld", (long long)m);
	bi.meeting = mid;
	struct reception_receipt r;
	app_errors_clear(&errs);
	assert_int_equal(reception_book(&ctx, &bi, &r, &errs), APP_VALIDATION);
	assert_non_null(app_errors_get(&errs, "representatives"));
	bi.people = 1;
	app_errors_clear(&errs);
	assert_int_equal(reception_book(&ctx, &bi, &r, &errs), APP_OK);
	assert_int_equal(reception_book(&ctx, &bi, &r, &errs), APP_OK);
	assert_int_equal(reception_book(&ctx, &bi, &r, &errs), APP_FULL);
	/* a session already started is closed */
	ctx.now = s[1].starts_at + 60;
	snprintf(mid, sizeof(mid), "%lld", (long long)s[1].id);
	assert_int_equal(reception_book(&ctx, &bi, &r, &errs), APP_CLOSED);

	calendar_free(cal);
	arena_release(&a);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_table),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_generate_and_last_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
