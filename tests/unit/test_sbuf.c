/* Unit tests for core/sbuf, core/arena and core/parse. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"

static void test_sbuf_bound(void **state)
{
	struct sbuf sb = SBUF_INIT(8);
	assert_string_equal(sb.buf, "");
	assert_int_equal(sbuf_addstr(&sb, "abcd"), 0);
	assert_int_equal(sbuf_addf(&sb, "%d", 1234), 0);
	assert_string_equal(sb.buf, "abcd1234");
	assert_int_equal(sbuf_addch(&sb, 'x'), -1);
	assert_string_equal(sb.buf, "abcd1234");
	assert_false(sbuf_ok(&sb));
	sbuf_release(&sb);
}

static void test_sbuf_escape(void **state)
{
	struct sbuf sb = SBUF_INIT(1000);
	const char *s = "<a href=\"x\">Tô & 'Lịch'</a>";
	assert_int_equal(sbuf_add_html(&sb, s, strlen(s)), 0);
	assert_string_equal(sb.buf, "&lt;a href=&quot;x&quot;&gt;Tô &amp; &#39;Lịch&#39;&lt;/a&gt;");
	sbuf_reset(&sb);
	assert_int_equal(sbuf_add_urlenc(&sb, "hòa bình/1", strlen("hòa bình/1")), 0);
	assert_string_equal(sb.buf, "h%C3%B2a%20b%C3%ACnh%2F1");
	sbuf_reset(&sb);
	assert_int_equal(sbuf_add_json_str(&sb, "a\"b\\\n<\x01", 7), 0);
	assert_string_equal(sb.buf, "\"a\\\"b\\\\\\n\\u003c\\u0001\"");
	sbuf_release(&sb);
}

static void test_arena(void **state)
{
	struct arena a;
	arena_init(&a, 256);
	char *p = arena_strdup(&a, "xin chào");
	assert_string_equal(p, "xin chào");
	for (int i = 0; i < 1000; i++) {
		long *q = arena_alloc(&a, 24);
		assert_non_null(q);
		assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
		*q = i;
	}
	void *big = arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 1, 100000);
	char *f = arena_printf(&a, "%s-%d", "mã", 42);
	assert_string_equal(f, "mã-42");
	struct sbuf *sb = arena_sbuf(&a, 100);
	assert_non_null(sb);
	assert_int_equal(sbuf_addstr(sb, "released with the arena"), 0);
	arena_release(&a);
}

static void test_parse(void **state)
{
	const char *s = "12345abc";
	uint64_t v;
	assert_int_equal(parse_uint(&s, NULL, &v, 100000), 0);
	assert_int_equal(v, 12345);
	assert_string_equal(s, "abc");
	s = "123456";
	assert_int_equal(parse_uint(&s, NULL, &v, 100000), -1);
	assert_string_equal(s, "123456");
	s = "x";
	assert_int_equal(parse_uint(&s, NULL, &v, 10), -1);
	s = "99999999999999999999999";
	assert_int_equal(parse_uint(&s, NULL, &v, UINT64_MAX), -1);
	long l;
	assert_int_equal(parse_long_str("-42", -100, 100, &l), 0);
	assert_int_equal(l, -42);
	assert_int_equal(parse_long_str("42x", -100, 100, &l), -1);
	assert_int_equal(parse_long_str("", -100, 100, &l), -1);
	assert_int_equal(parse_long_str("101", -100, 100, &l), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sbuf_bound),
		cmocka_unit_test(test_sbuf_escape),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
