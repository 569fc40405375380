/* Unit tests for app/fbstate: every cell of the status machine and of the
 * role table, written out independently of the implementation's layout. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/fbstate.h"
#include "app/workflow.h"

/* The allowed transitions as the documentation lists them. */
static const struct {
	const char *status, *event, *next;
} allowed[] = {
	{ "received", "assign", "assigned" },
	{ "assigned", "transfer", "assigned" },
	{ "received", "reject", "rejected" },
	{ "assigned", "reject", "rejected" },
	{ "received", "note", "received" },
	{ "assigned", "note", "assigned" },
	{ "answered", "note", "answered" },
	{ "published", "note", "published" },
	{ "closed", "note", "closed" },
	{ "rejected", "note", "rejected" },
	{ "merged", "note", "merged" },
	{ "assigned", "answer", "answered" },
	{ "answered", "answer", "answered" },
	{ "answered", "publish", "published" },
	{ "received", "extend", "received" },
	{ "assigned", "extend", "assigned" },
	{ "received", "merge", "merged" },
	{ "assigned", "merge", "merged" },
	{ "answered", "reopen", "assigned" },
	{ "published", "reopen", "assigned" },
	{ "closed", "reopen", "assigned" },
	{ "rejected", "reopen", "assigned" },
	{ "merged", "reopen", "assigned" },
	{ "published", "close", "closed" },
	{ "received", "redact", "received" },
	{ "assigned", "redact", "assigned" },
	{ "answered", "redact", "answered" },
	{ "published", "redact", "published" },
	{ "closed", "redact", "closed" },
	{ "rejected", "redact", "rejected" },
	{ "merged", "redact", "merged" },
	{ "published", "rate", "published" },
	{ "closed", "rate", "closed" },
};

static const struct {
	const char *event, *roles;
} who[] = {
	{ "assign", "intake,leader,admin" },
	{ "transfer", "handler,leader,admin" },
	{ "reject", "intake,leader,admin" },
	{ "note", "intake,handler,leader,admin" },
	{ "answer", "handler,leader" },
	{ "publish", "leader" },
	{ "extend", "leader" },
	{ "merge", "intake,leader,admin" },
	{ "reopen", "leader" },
	{ "close", "leader" },
	{ "redact", "leader,admin" },
};

static void test_whole_table(void **state)
{
	int cells = 0, yes = 0;
	for (int s = 0; s < FB_STATUS_COUNT; s++)
		for (int e = 0; e < FB_EV_COUNT; e++) {
			const char *sn = feedback_status_name((enum feedback_status)s);
			const char *en = feedback_event_name((enum feedback_event_type)e);
			const char *expect = NULL;
			for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
				if (!strcmp(allowed[i].status, sn) && !strcmp(allowed[i].event, en))
					expect = allowed[i].next;
			enum feedback_status next = FB_STATUS_COUNT;
			int rc = fbstate_next((enum feedback_status)s, (enum feedback_event_type)e, &next);
			cells++;
			if (expect) {
				yes++;
				assert_int_equal(rc, 0);
				assert_string_equal(feedback_status_name(next), expect);
			} else {
				assert_int_equal(rc, -1);
				assert_int_equal(next, FB_STATUS_COUNT); /* untouched */
			}
		}
	assert_int_equal(cells, FB_STATUS_COUNT * FB_EV_COUNT);
	assert_int_equal(yes, (int)(sizeof(allowed) / sizeof(allowed[0])));
}

static void test_terminal_and_path(void **state)
{
	/* the main path */
	enum feedback_status s = FB_RECEIVED;
	const enum feedback_event_type path[] = { FB_EV_ASSIGN, FB_EV_ANSWER, FB_EV_PUBLISH, FB_EV_CLOSE };
	const enum feedback_status want[] = { FB_ASSIGNED, FB_ANSWERED, FB_PUBLISHED, FB_CLOSED };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(fbstate_next(s, path[i], &s), 0);
		assert_int_equal(s, want[i]);
	}
	/* rejected and merged: only note, redact and reopen */
	const enum feedback_status terminal[] = { FB_REJECTED, FB_MERGED };
	for (int t = 0; t < 2; t++)
		for (int e = 0; e < FB_EV_COUNT; e++) {
			enum feedback_status n;
			int ok = fbstate_next(terminal[t], (enum feedback_event_type)e, &n) == 0;
			assert_int_equal(ok, e == FB_EV_NOTE || e == FB_EV_REDACT || e == FB_EV_REOPEN);
		}
	/* out of range and timeline-only */
	enum feedback_status n = FB_RECEIVED;
	assert_int_equal(fbstate_next(FB_STATUS_COUNT, FB_EV_NOTE, &n), -1);
	assert_int_equal(fbstate_next(FB_RECEIVED, FB_EV_COUNT, &n), -1);
	assert_int_equal(fbstate_next(FB_RECEIVED, FB_EV_SUBMIT, &n), -1);
	assert_int_equal(fbstate_next(FB_ASSIGNED, FB_EV_ATTACH, &n), -1);
	assert_int_equal(fbstate_next((enum feedback_status)-1, FB_EV_NOTE, &n), -1);
}

static void test_roles(void **state)
{
	for (int e = 0; e < FB_EV_COUNT; e++) {
		const char *en = feedback_event_name((enum feedback_event_type)e);
		unsigned expect = 0;
		for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++)
			if (!strcmp(who[i].event, en))
				assert_int_equal(role_mask_parse(who[i].roles, &expect), 0);
		assert_int_equal(fbstate_roles((enum feedback_event_type)e), expect);
	}
	/* viewer and front cause nothing */
	for (int s = 0; s < FB_STATUS_COUNT; s++) {
		assert_int_equal(fbstate_allowed((enum feedback_status)s, ROLE_VIEWER | ROLE_FRONT), 0);
	}
	/* rate is for the sender only */
	assert_false(fbstate_may(FB_PUBLISHED, FB_EV_RATE, ROLE_ALL));
	/* a handler can draft but not publish */
	assert_true(fbstate_may(FB_ASSIGNED, FB_EV_ANSWER, ROLE_HANDLER));
	assert_false(fbstate_may(FB_ANSWERED, FB_EV_PUBLISH, ROLE_HANDLER));
	assert_true(fbstate_may(FB_ANSWERED, FB_EV_PUBLISH, ROLE_LEADER));
	/* right role, wrong status */
	assert_false(fbstate_may(FB_RECEIVED, FB_EV_PUBLISH, ROLE_LEADER));
	/* allowed() agrees with may() everywhere */
	for (int s = 0; s < FB_STATUS_COUNT; s++)
		for (unsigned r = 0; r <= ROLE_ALL; r++) {
			unsigned m = fbstate_allowed((enum feedback_status)s, r);
			for (int e = 0; e < FB_EV_COUNT; e++)
				assert_int_equal((m >> e) & 1u,
						 (unsigned)fbstate_may((enum feedback_status)s, (enum feedback_event_type)e, r));
		}
	assert_int_equal(fbstate_allowed(FB_RECEIVED, ROLE_INTAKE),
			 (1u << FB_EV_ASSIGN) | (1u << FB_EV_REJECT) | (1u << FB_EV_NOTE) | (1u << FB_EV_MERGE));
	assert_true((FBSTATE_CONTACT_ROLES & ROLE_VIEWER) == 0);
	assert_true((FBSTATE_CONTACT_ROLES & ROLE_FRONT) == 0);
}

static void test_public_events(void **state)
{
	const char *pub[] = { "submit", "assign", "transfer", "reject", "publish", "extend",
			      "merge", "reopen", "close", "rate" };
	for (int e = 0; e < FB_EV_COUNT; e++) {
		int expect = 0;
		for (size_t i = 0; i < sizeof(pub) / sizeof(pub[0]); i++)
			if (!strcmp(pub[i], feedback_event_name((enum feedback_event_type)e)))
				expect = 1;
		assert_int_equal(fbstate_event_public((enum feedback_event_type)e), expect);
	}
	assert_int_equal(fbstate_event_public(FB_EV_COUNT), 0);
}

/* The table itself (app/workflow.h), as wf_apply() reads it: names, the
 * cells through wf_* directly, and which events have an effect of their
 * own beyond the status. */
static void test_domain(void **state)
{
	const struct wf_domain *d = &fbstate_domain;
	assert_string_equal(d->name, "feedback");
	assert_int_equal(d->nstatuses, FB_STATUS_COUNT);
	assert_int_equal(d->nevents, FB_EV_COUNT);
	assert_non_null(d->check);
	assert_non_null(d->load);
	assert_non_null(d->save);
	for (int s = 0; s < FB_STATUS_COUNT; s++)
		assert_string_equal(d->statuses[s], feedback_status_name((enum feedback_status)s));
	const char *effect[] = { "assign", "transfer", "answer", "publish", "extend", "merge",
				 "reopen", "close", "redact" };
	for (int e = 0; e < FB_EV_COUNT; e++) {
		const char *en = feedback_event_name((enum feedback_event_type)e);
		assert_string_equal(d->events[e].name, en);
		assert_int_equal(wf_event_parse(d, en), e);
		int has = 0;
		for (size_t i = 0; i < sizeof(effect) / sizeof(effect[0]); i++)
			has |= !strcmp(effect[i], en);
		assert_int_equal(d->events[e].apply != NULL, has);
		for (int s = 0; s < FB_STATUS_COUNT; s++) {
			const char *expect = NULL;
			for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
				if (!strcmp(allowed[i].status, d->statuses[s]) && !strcmp(allowed[i].event, en))
					expect = allowed[i].next;
			int next = -1;
			assert_int_equal(wf_next(d, s, e, &next), expect ? 0 : -1);
			if (expect)
				assert_string_equal(d->statuses[next], expect);
		}
	}
	/* timeline-only events apply in no status and no officer causes them */
	assert_int_equal(d->events[FB_EV_SUBMIT].from, 0);
	assert_int_equal(d->events[FB_EV_ATTACH].from, 0);
	assert_int_equal(wf_roles(d, FB_EV_RATE) | wf_roles(d, FB_EV_SUBMIT) | wf_roles(d, FB_EV_ATTACH), 0);
	assert_int_equal(wf_event_parse(d, "nothing"), -1);
}

static void test_names(void **state)
{
	for (int s = 0; s < FB_STATUS_COUNT; s++) {
		enum feedback_status back;
		assert_int_equal(feedback_status_parse(feedback_status_name((enum feedback_status)s), &back), 0);
		assert_int_equal(back, s);
		assert_true(feedback_status_label((enum feedback_status)s)[0] != '\0');
	}
	for (int e = 0; e < FB_EV_COUNT; e++) {
		enum feedback_event_type back;
		assert_int_equal(feedback_event_parse(feedback_event_name((enum feedback_event_type)e), &back), 0);
		assert_int_equal(back, e);
	}
	for (int c = 0; c < FB_CH_COUNT; c++) {
		enum feedback_channel back;
		assert_int_equal(feedback_channel_parse(feedback_channel_name((enum feedback_channel)c), &back), 0);
		assert_int_equal(back, c);
	}
	enum feedback_status s;
	assert_int_equal(feedback_status_parse("Received", &s), -1);
	assert_int_equal(feedback_status_parse(NULL, &s), -1);
	assert_null(feedback_status_name(FB_STATUS_COUNT));
	assert_null(feedback_event_name(FB_EV_COUNT));
	assert_null(feedback_channel_name(FB_CH_COUNT));
	assert_string_equal(feedback_channel_name(FB_CH_VOTER_MEETING), "voter_meeting");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_table),
		cmocka_unit_test(test_terminal_and_path),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_public_events),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
