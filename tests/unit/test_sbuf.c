/* Unit tests for core/sbuf, core/arena and core/parse. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* sbuf_addf formats into the spare room at once: what does not fit, or
 * passes the bound, leaves the contents and their terminator as they were */
static void test_sbuf_addf_room(void **state)
{
	struct sbuf sb = SBUF_INIT(20);
	assert_int_equal(sbuf_addstr(&sb, "ab"), 0); /* 64 bytes allocated: room to spare */
	assert_int_equal(sbuf_addf(&sb, "%s-%d", "cd", 42), 0);
	assert_string_equal(sb.buf, "abcd-42");
	assert_int_equal(sbuf_addf(&sb, "%s", "0123456789abcdef"), -1); /* fits the room, not the bound */
	assert_string_equal(sb.buf, "abcd-42");
	assert_int_equal((int)sb.len, 7);
	sbuf_release(&sb);
	struct sbuf big = SBUF_INIT(1000);
	assert_int_equal(sbuf_addstr(&big, "x"), 0);
	assert_int_equal(sbuf_addf(&big, "%0100d|", 7), 0); /* more than the room: grown, then written */
	assert_int_equal((int)big.len, 102);
	assert_int_equal(big.buf[100], '7');
	assert_string_equal(big.buf + 101, "|");
	sbuf_reset(&big);
	long long v[] = { 0, 7, -7, 1234567890123LL, -9223372036854775807LL - 1, 9223372036854775807LL };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char want[32];
		snprintf(want, sizeof(want), "%lld", v[i]);
		sbuf_reset(&big);
		assert_int_equal(sbuf_add_int(&big, v[i]), 0);
		assert_string_equal(big.buf, want);
	}
	sbuf_release(&big);
	struct sbuf tiny = SBUF_INIT(3);
	assert_int_equal(sbuf_add_int(&tiny, 1234), -1);
	assert_string_equal(tiny.buf, "");
	sbuf_release(&tiny);
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
	/* formatted in the block's room, or in a new block when longer than
	 * it; what follows stays aligned and apart */
	char *g = arena_printf(&a, "%0300d", 5);
	assert_int_equal((int)strlen(g), 300);
	long *after = arena_alloc(&a, sizeof(long));
	assert_int_equal((uintptr_t)after % _Alignof(max_align_t), 0);
	*after = -1;
	assert_string_equal(f, "mã-42");
	assert_int_equal(g[299], '5');
	assert_int_equal(g[300], '\0');
	arena_release(&a);
	arena_init(&a, 100); /* a block size not a multiple of the alignment */
	char *h[12];
	for (int i = 0; i < 12; i++)
		h[i] = arena_printf(&a, "%0*d", 5 + i * 3, i);
	for (int i = 0; i < 12; i++) {
		assert_int_equal((int)strlen(h[i]), 5 + i * 3);
		assert_int_equal(h[i][4 + i * 3], '0' + i % 10);
		assert_int_equal((uintptr_t)h[i] % _Alignof(max_align_t), 0);
	}
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
		cmocka_unit_test(test_sbuf_addf_room),
		cmocka_unit_test(test_sbuf_escape),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
