/* Unit tests for app/emulation: the prize arithmetic (multiplier × recipient
 * factor × base salary, rounded up to 10,000 đồng) checked against cases
 * worked by hand, and the lifecycle tables of models and commendations
 * checked cell by cell against an independent table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/emulation.h"
#include "app/perm.h"
#include "app/workflow.h"

static void test_prize(void **state)
{
	(void)state;
	/* LĐTT decided on 01/08/2026: 0.3 × 2,530,000 = 759,000 -> 760,000 */
	assert_int_equal(emul_prize_vnd(300, 1000, 2530000), 760000);
	/* the same on 30/06/2026: 0.3 × 2,340,000 = 702,000 -> 710,000 */
	assert_int_equal(emul_prize_vnd(300, 1000, 2340000), 710000);
	/* a collective's Giấy khen: 0.3 × 2 × 2,530,000 = 1,518,000 -> 1,520,000 */
	assert_int_equal(emul_prize_vnd(300, 2000, 2530000), 1520000);
	/* a household's: 0.3 × 1.5 × 2,530,000 = 1,138,500 -> 1,140,000 */
	assert_int_equal(emul_prize_vnd(300, 1500, 2530000), 1140000);
	/* Giấy khen under NĐ 98/2023: 0.15 × 2,340,000 = 351,000 -> 360,000 */
	assert_int_equal(emul_prize_vnd(150, 1000, 2340000), 360000);
	/* exact multiples stay: 1.0 × 2,340,000; 4.5 × 2,000,000 */
	assert_int_equal(emul_prize_vnd(1000, 1000, 2340000), 2340000);
	assert_int_equal(emul_prize_vnd(4500, 1000, 2000000), 9000000);
	/* one đồng above a multiple goes up a whole step */
	assert_int_equal(emul_prize_vnd(1000, 1000, 2340001), 2350000);
	/* Cờ thi đua của Chính phủ: 12 × 2,530,000 = 30,360,000 */
	assert_int_equal(emul_prize_vnd(12000, 1000, 2530000), 30360000);
	/* no multiplier, no prize; nonsense refused */
	assert_int_equal(emul_prize_vnd(0, 1000, 2530000), 0);
	assert_int_equal(emul_prize_vnd(-1, 1000, 2530000), -1);
	assert_int_equal(emul_prize_vnd(300, 1000, -5), -1);
	/* the largest accepted inputs do not overflow */
	assert_true(emul_prize_vnd(1000000, 10000, 1000000000) > 0);
	assert_int_equal(emul_prize_vnd(1000001, 1000, 1), -1);
}

/* expected next status of (status, event) for models; -1: not allowed */
static void test_model_table(void **state)
{
	(void)state;
	enum { R = EM_REGISTERED, I = EM_IMPLEMENTING, S = EM_SELF_ASSESSED, E = EM_EVALUATED, G = EM_RECOGNISED,
	       X = EM_EXEMPLARY, C = EM_COMMENDED, D = EM_DISCONTINUED };
	static const int want[EM_STATUS_COUNT][EMV_COUNT] = {
		/*        implement self_assess evaluate recognise exemplary discontinue */
		[R] = { I, -1, -1, -1, -1, D },
		[I] = { -1, S, -1, -1, -1, D },
		[S] = { -1, -1, S, -1, -1, D },
		[E] = { -1, -1, E, G, -1, D },
		[G] = { -1, -1, -1, -1, X, D },
		[X] = { -1, -1, -1, -1, -1, D },
		[C] = { -1, -1, -1, -1, -1, -1 },
		[D] = { -1, -1, -1, -1, -1, -1 },
	};
	for (int s = 0; s < EM_STATUS_COUNT; s++)
		for (int e = 0; e < EMV_COUNT; e++) {
			int next = -2;
			int rc = wf_next(&emul_model_domain, s, e, &next);
			if (want[s][e] < 0) {
				assert_int_equal(rc, -1);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want[s][e]);
			}
		}
	/* only leaders recognise; a viewer does nothing but (as a council member) score */
	assert_false(wf_may(&emul_model_domain, EM_EVALUATED, EMV_RECOGNISE, ROLE_HANDLER | ROLE_FRONT));
	assert_true(wf_may(&emul_model_domain, EM_EVALUATED, EMV_RECOGNISE, ROLE_LEADER));
	assert_int_equal(wf_allowed(&emul_model_domain, EM_REGISTERED, ROLE_VIEWER), 0);
	assert_int_equal(wf_event_parse(&emul_model_domain, "select_exemplary"), EMV_SELECT_EXEMPLARY);
	assert_int_equal(wf_event_parse(&emul_model_domain, "commend"), -1);
}

static void test_commendation_table(void **state)
{
	(void)state;
	enum { P = EC_PROPOSED, O = EC_POSTED, A = EC_APPROVED, Q = EC_DECIDED, J = EC_REJECTED };
	static const int want[EC_STATUS_COUNT][ECV_COUNT] = {
		/*      post approve decide reject */
		[P] = { O, A, -1, J },
		[O] = { -1, A, -1, J },
		[A] = { -1, -1, Q, J },
		[Q] = { -1, -1, -1, -1 },
		[J] = { -1, -1, -1, -1 },
	};
	for (int s = 0; s < EC_STATUS_COUNT; s++)
		for (int e = 0; e < ECV_COUNT; e++) {
			int next = -2;
			int rc = wf_next(&emul_commendation_domain, s, e, &next);
			if (want[s][e] < 0) {
				assert_int_equal(rc, -1);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want[s][e]);
			}
		}
	assert_false(wf_may(&emul_commendation_domain, EC_APPROVED, ECV_DECIDE, ROLE_HANDLER));
	assert_true(wf_may(&emul_commendation_domain, EC_APPROVED, ECV_DECIDE, ROLE_LEADER));
	assert_true(wf_public(&emul_commendation_domain, ECV_DECIDE));
	assert_false(wf_public(&emul_commendation_domain, ECV_APPROVE));
}

static void test_labels(void **state)
{
	(void)state;
	assert_string_equal(emul_field_label("political_system"), "Xây dựng hệ thống chính trị");
	assert_string_equal(emul_field_label("nope"), "");
	assert_true(emul_model_public("recognised") && emul_model_public("commended"));
	assert_false(emul_model_public("evaluated") || emul_model_public(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prize),
		cmocka_unit_test(test_model_table),
		cmocka_unit_test(test_commendation_table),
		cmocka_unit_test(test_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
