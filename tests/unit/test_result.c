/* Unit tests for app/result: every outcome's HTTP status, API code and
 * message against an independent table, and the field-errors container. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/feedback.h"
#include "app/result.h"

static const struct {
	int rc, http;
	const char *code;
} expect[] = {
	{0, 200, NULL},
	{-1, 500, "internal"},
	{-2, 404, "not_found"},
	{-3, 403, "forbidden"},
	{-4, 409, "invalid_transition"},
	{-5, 422, "validation_failed"},
	{-6, 409, "conflict"},
	{-7, 413, "too_large"},
	{-8, 415, "unsupported_media_type"},
	{-9, 503, "unavailable"},
	{-10, 409, "closed"},
	{-11, 422, "page_out_of_range"},
	{-12, 401, "unauthenticated"},
	{-13, 429, "rate_limited"},
	{-14, 409, "full"},
	{-15, 409, "unanswered_comments"},
};

static void test_table(void **state)
{
	assert_int_equal(sizeof(expect) / sizeof(expect[0]), APP_RC_COUNT);
	for (size_t i = 0; i < APP_RC_COUNT; i++) {
		const struct app_result_info *r = app_result(expect[i].rc);
		assert_int_equal(r->rc, expect[i].rc);
		assert_int_equal(r->http, expect[i].http);
		assert_int_equal(app_rc_http(expect[i].rc), expect[i].http);
		if (expect[i].code)
			assert_string_equal(r->code, expect[i].code);
		else
			assert_null(r->code);
		assert_non_null(r->message);
		assert_true(strlen(r->message) > 5);
	}
	/* anything else is an internal error, never a crash or a 200 */
	int odd[] = {1, 7, -16, -1000, 1 << 30};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		assert_int_equal(app_rc_http(odd[i]), 500);
		assert_string_equal(app_rc_code(odd[i]), "internal");
	}
}

static void test_feedback_agrees(void **state)
{
	/* the feedback domain speaks the same vocabulary */
	int rcs[] = {FEEDBACK_OK, FEEDBACK_ERROR, FEEDBACK_NOT_FOUND, FEEDBACK_FORBIDDEN,
		     FEEDBACK_INVALID_TRANSITION, FEEDBACK_VALIDATION, FEEDBACK_CONFLICT,
		     FEEDBACK_TOO_LARGE, FEEDBACK_UNSUPPORTED, FEEDBACK_BUSY, FEEDBACK_PAGE_RANGE};
	for (size_t i = 0; i < sizeof(rcs) / sizeof(rcs[0]); i++) {
		assert_int_equal(feedback_rc_http(rcs[i]), app_rc_http(rcs[i]));
		if (rcs[i])
			assert_string_equal(feedback_rc_code(rcs[i]), app_rc_code(rcs[i]));
	}
}

static void test_errors(void **state)
{
	struct app_errors e = {0};
	assert_null(app_errors_get(&e, "title"));
	app_errors_add(&e, "title", "một");
	app_errors_add(&e, "title", "hai");
	assert_string_equal(app_errors_get(&e, "title"), "một");
	char name[APP_MAX_ERRORS + 4][16];
	for (int i = 0; i < APP_MAX_ERRORS + 4; i++) {
		snprintf(name[i], sizeof(name[i]), "f%d", i);
		app_errors_add(&e, name[i], "x");
	}
	assert_int_equal(e.n, APP_MAX_ERRORS);
	app_errors_add(NULL, "x", "y");
	app_errors_clear(&e);
	assert_int_equal(e.n, 0);
	assert_null(app_errors_get(NULL, "title"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_feedback_agrees),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
