/* Unit tests for the meetings' status machine (app/meeting.c): every
 * (status, event) cell and the roles of each event, written out
 * independently of the table's layout. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "app/meeting.h"
#include "app/perm.h"
#include "app/workflow.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cell),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
