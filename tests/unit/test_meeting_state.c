/* Unit tests for the meetings' status machine (app/meeting.c): every
 * (status, event) cell and the roles of each event, written out
 * independently of the table's layout; the ISO time parser; and the
 * meetings' rows in the search index (kind 2), which search_check() and
 * search_rebuild() keep consistent on SQLite. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/meeting.h"
#include "app/perm.h"
#include "app/workflow.h"
#include "core/arena.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/meeting.h"
#include "store/search.h"

/* The allowed transitions as docs/meetings.md lists them. */
static const struct {
	const char *status, *event, *next;
} allowed[] = {
	{ "planned", "hold", "held" },
	{ "held", "minutes", "held" },
	{ "held", "approve_minutes", "closed" },
	{ "planned", "postpone", "planned" },
	{ "planned", "cancel", "cancelled" },
	{ "held", "publish_results", "held" },
	{ "closed", "publish_results", "closed" },
};

static const char *const statuses[] = { "planned", "held", "closed", "cancelled" };
static const char *const events[] = { "hold", "minutes", "approve_minutes", "postpone", "cancel",
				       "publish_results" };

static const char *expected(const char *status, const char *event)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (!strcmp(allowed[i].status, status) && !strcmp(allowed[i].event, event))
			return allowed[i].next;
	return NULL;
}

static void test_every_cell(void **state)
{
	(void)state;
	for (size_t s = 0; s < 4; s++) {
		for (size_t e = 0; e < 6; e++) {
			int st = meeting_status_parse(statuses[s]);
			int ev = wf_event_parse(&meeting_domain, events[e]);
			assert_true(st >= 0);
			assert_true(ev >= 0);
			int next = -1;
			const char *want = expected(statuses[s], events[e]);
			int rc = wf_next(&meeting_domain, st, ev, &next);
			if (want) {
				assert_int_equal(rc, 0);
				assert_string_equal(meeting_status_name(next), want);
			} else {
				assert_int_equal(rc, -1);
			}
		}
	}
}

static void test_roles(void **state)
{
	(void)state;
	int approve = wf_event_parse(&meeting_domain, "approve_minutes");
	int hold = wf_event_parse(&meeting_domain, "hold");
	int cancel = wf_event_parse(&meeting_domain, "cancel");
	int held = meeting_status_parse("held"), planned = meeting_status_parse("planned");
	/* only a leader approves the minutes */
	assert_true(wf_may(&meeting_domain, held, approve, ROLE_LEADER));
	assert_false(wf_may(&meeting_domain, held, approve, ROLE_FRONT | ROLE_ADMIN | ROLE_INTAKE | ROLE_HANDLER));
	/* leader, front and admin run the meeting; handlers and viewers do not */
	assert_true(wf_may(&meeting_domain, planned, hold, ROLE_FRONT));
	assert_true(wf_may(&meeting_domain, planned, cancel, ROLE_ADMIN));
	assert_false(wf_may(&meeting_domain, planned, hold, ROLE_HANDLER | ROLE_VIEWER));
	/* the unknown */
	assert_int_equal(wf_event_parse(&meeting_domain, "reopen"), -1);
	assert_int_equal(meeting_status_parse("postponed"), -1);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(meeting_kind_channel("voter_contact"), FB_CH_VOTER_MEETING);
	assert_int_equal(meeting_kind_channel("dialogue"), FB_CH_DIALOGUE);
	assert_int_equal(meeting_kind_channel("reception"), FB_CH_IN_PERSON);
	assert_int_equal(meeting_kind_channel("conference"), FB_CH_FRONT);
	assert_int_equal(meeting_kind_valid("party"), -1);
	int64_t id = 0;
	assert_int_equal(meeting_id_parse("42", &id), 0);
	assert_int_equal(id, 42);
	assert_int_equal(meeting_id_parse("0", &id), -1);
	assert_int_equal(meeting_id_parse("4x", &id), -1);
	assert_int_equal(meeting_id_parse("", &id), -1);
	assert_int_equal(meeting_id_parse("9999999999999999", &id), -1);
}

static void test_time_parse(void **state)
{
	(void)state;
	int64_t t = 0;
	assert_int_equal(meeting_time_parse("2026-08-30T14:00:00+07:00", &t), 0);
	assert_int_equal(t, 1788073200);
	assert_int_equal(meeting_time_parse("2026-08-30T07:00:00Z", &t), 0);
	assert_int_equal(t, 1788073200);
	assert_int_equal(meeting_time_parse("2026-08-30T14:00", &t), 0); /* a form's local time */
	assert_int_equal(t, 1788073200);
	assert_int_equal(meeting_time_parse("2026-02-30T14:00", &t), -1);
	assert_int_equal(meeting_time_parse("2026-08-30T24:00", &t), -1);
	assert_int_equal(meeting_time_parse("2026-08-30", &t), -1);
	assert_int_equal(meeting_time_parse("2026-08-30T14:00+7", &t), -1);
	assert_int_equal(meeting_time_parse("mai", &t), -1);
}

static void test_search_index(void **state)
{
	(void)state;
	char path[64], err[512];
	snprintf(path, sizeof(path), "/tmp/danvan-meeting-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct db *db = db_open(path, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO units(id, code, name, kind, valid_from, created_at, updated_at) "
				     "VALUES (1, 'W1', 'Phường Một', 'government', 0, 0, 0)"), DB_OK);
	struct meeting_row m = { .kind = "dialogue", .title = "Đối thoại về bãi gửi xe", .unit_id = 1,
				 .starts_at = 2000000000, .ends_at = 2000003600, .place = "Hội trường",
				 .hosts = "[\"Nguyễn Thị Hoà\"]", .public = 1, .status = "planned",
				 .announced_at = 1999000000, .created_at = 1999000000, .updated_at = 1999000000 };
	int64_t id = 0;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(meeting_insert(db, &m, &id), DB_OK);
	m.public = 0;
	m.title = "Hội nghị nội bộ";
	assert_int_equal(meeting_insert(db, &m, &id), DB_OK);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t n = 0;
	assert_int_equal(search_count(db, SEARCH_KIND_MEETING, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(search_check(db), DB_OK);
	assert_int_equal(search_rebuild(db), DB_OK);
	assert_int_equal(search_check(db), DB_OK);
	assert_int_equal(search_count(db, SEARCH_KIND_MEETING, &n), DB_OK);
	assert_int_equal(n, 2);
	/* the search over every kind: the public finds the public meeting only,
	 * with the words marked */
	struct arena ar;
	arena_init(&ar, 65536);
	struct audit_actor anon = { .account_id = 0, .name = "citizen" };
	struct app_ctx ctx = { .db = db, .arena = &ar, .actor = &anon, .now = 1999500000 };
	struct meeting_hit *hits;
	size_t nh;
	int64_t total;
	assert_int_equal(meeting_find(&ctx, "bai gui xe", 0, 1, 10, &hits, &nh, &total), APP_OK);
	assert_int_equal(nh, 1);
	assert_int_equal(total, 1);
	assert_string_equal(hits[0].url, "/hoi-nghi/1");
	assert_string_equal(hits[0].title_html, "Đối thoại về <mark>bãi gửi xe</mark>");
	assert_non_null(strstr(hits[0].snippet_html, "Nguyễn Thị Hoà"));
	assert_int_equal(meeting_find(&ctx, "noi bo", 0, 1, 10, &hits, &nh, &total), APP_OK);
	assert_int_equal(nh, 0);
	assert_int_equal(meeting_find(&ctx, "  ", 0, 1, 10, &hits, &nh, &total), APP_OK);
	assert_int_equal(nh, 0);
	arena_release(&ar);
	db_close(db);
	unlink(path);
	char p[96];
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_search_index),
		cmocka_unit_test(test_every_cell),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
