/* Unit tests for core/utf8: strict validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/utf8.h"

#define V(s) utf8_valid((s), sizeof(s) - 1)

static void test_valid(void **state)
{
	assert_true(V(""));
	assert_true(V("Dân vận khéo"));
	assert_true(V("Đảng ủy phường Hoàn Kiếm"));
	assert_true(V("\xF0\x9F\x98\x80")); /* emoji */
	assert_true(V("\xEF\xBF\xBD"));
	assert_true(V("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
}

static void test_invalid(void **state)
{
	assert_false(V("\xC0\x80"));        /* overlong NUL */
	assert_false(V("\xE0\x80\xAF"));    /* overlong */
	assert_false(V("\xED\xA0\x80"));    /* surrogate */
	assert_false(V("\xF4\x90\x80\x80")); /* above U+10FFFF */
	assert_false(V("\xC3"));            /* truncated */
	assert_false(V("ab\xE1\xBA"));      /* truncated at end */
	assert_false(V("\x80"));            /* lone continuation */
	assert_false(V("\xFF"));
	assert_false(V("a\0b"));
	assert_false(V("D\xE2n"));          /* Latin-1 "â" */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
