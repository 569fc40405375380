/* Unit tests for core/batchtab: a pasted table (| or tab), a CSV file
 * (quotes, "" in quotes, line breaks in quotes, ; as separator, BOM, CRLF,
 * a heading), blank lines, line numbers, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/batchtab.h"

static struct arena a;

static int setup(void **state)
{
	(void)state;
	arena_init(&a, 4096);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&a);
	return 0;
}

static void test_table(void **state)
{
	(void)state;
	struct batchtab_row r[8];
	size_t n = 0;
	const char *t = "  Tiêu đề một | Nội dung một | Lê Thị Mai | 0912345678 \r\n\n   \nHai\tNội dung hai\n| | |\nBa|x|y|z|w";
	assert_int_equal(batchtab_parse_table(&a, t, strlen(t), r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].line, 1);
	assert_int_equal(r[0].ncols, 4);
	assert_string_equal(r[0].col[0], "Tiêu đề một");
	assert_string_equal(r[0].col[3], "0912345678");
	assert_int_equal(r[1].line, 4);
	assert_int_equal(r[1].ncols, 2);
	assert_string_equal(r[1].col[1], "Nội dung hai");
	assert_int_equal(r[2].line, 6);
	assert_int_equal(r[2].ncols, 5);
	assert_int_equal(batchtab_parse_table(&a, t, strlen(t), r, 2, &n), BATCHTAB_TOO_MANY);
	assert_int_equal(n, 2);
	assert_int_equal(batchtab_parse_table(&a, "", 0, r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 0);
}

static void test_csv(void **state)
{
	(void)state;
	static const char *const heads[] = { "title", NULL };
	struct batchtab_row r[8];
	size_t n = 0;
	const char *c = "\xEF\xBB\xBFTitle,Content\r\n\"Cây đổ, chắn lối\",\"Dòng một\nDòng \"\"hai\"\"\"\r\n\r\nBa,bốn,\n";
	assert_int_equal(batchtab_parse_csv(&a, c, strlen(c), heads, r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].col[0], "Cây đổ, chắn lối");
	assert_string_equal(r[0].col[1], "Dòng một\nDòng \"hai\"");
	assert_int_equal(r[0].line, 2);
	assert_int_equal(r[1].line, 5);
	assert_int_equal(r[1].ncols, 3);
	assert_string_equal(r[1].col[2], "");
	/* without the heading list the first line is a row */
	assert_int_equal(batchtab_parse_csv(&a, c, strlen(c), NULL, r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 3);
	/* ; as Excel writes it in some locales */
	const char *s = "a;b;c\nd;e";
	assert_int_equal(batchtab_parse_csv(&a, s, strlen(s), NULL, r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].ncols, 3);
	assert_string_equal(r[1].col[1], "e");
	/* an unclosed quote runs to the end, nothing breaks */
	const char *u = "\"abc,def\nx";
	assert_int_equal(batchtab_parse_csv(&a, u, strlen(u), NULL, r, 8, &n), BATCHTAB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].col[0], "abc,def\nx");
	/* the limit */
	const char *m = "1\n2\n3\n";
	assert_int_equal(batchtab_parse_csv(&a, m, strlen(m), NULL, r, 2, &n), BATCHTAB_TOO_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
