/* Unit tests for http/body: bodies in memory within a budget, spooled to
 * unlinked files beyond it, and the budgets given back on release. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http/body.h"

static struct body_budget budget(size_t mem, size_t spool)
{
	const char *t = getenv("TMPDIR");
	struct body_budget b = { .mem_max = mem, .spool_max = spool, .dir = t && *t ? t : "/tmp" };
	return b;
}

static void test_small_in_memory(void **state)
{
	struct body_budget bb = budget(1 << 20, 1 << 20);
	struct body b;
	const char *data;
	size_t len;
	body_init(&b);
	assert_int_equal(body_begin(&b, &bb, 1000, 5), BODY_OK);
	assert_int_equal(body_add(&b, "ab", 2), BODY_OK);
	assert_int_equal(body_add(&b, "cde", 3), BODY_OK);
	assert_int_equal(body_finish(&b, &data, &len), BODY_OK);
	assert_int_equal(len, 5);
	assert_string_equal(data, "abcde");
	assert_false(body_spooled(&b));
	assert_int_equal(bb.mem_used, 6);
	body_release(&b);
	assert_int_equal(bb.mem_used, 0);
	/* an empty body */
	body_init(&b);
	assert_int_equal(body_finish(&b, &data, &len), BODY_OK);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	body_release(&b);
}

static void test_large_spooled(void **state)
{
	struct body_budget bb = budget(1 << 20, 1 << 22);
	struct body b;
	size_t n = BODY_MEM_MAX * 3 + 7;
	char *src = malloc(n);
	for (size_t i = 0; i < n; i++)
		src[i] = (char)('a' + i % 26);
	body_init(&b);
	assert_int_equal(body_begin(&b, &bb, n, n), BODY_OK);
	assert_int_equal(bb.mem_used, 0);
	assert_int_equal(bb.spool_used, n + 1);
	for (size_t off = 0; off < n; off += 1000)
		assert_int_equal(body_add(&b, src + off, n - off < 1000 ? n - off : 1000), BODY_OK);
	const char *data;
	size_t len;
	assert_int_equal(body_finish(&b, &data, &len), BODY_OK);
	assert_true(body_spooled(&b));
	assert_int_equal(len, n);
	assert_memory_equal(data, src, n);
	assert_int_equal(data[n], '\0');
	body_release(&b);
	assert_int_equal(bb.spool_used, 0);
	free(src);
}

static void test_chunked_moves_to_spool(void **state)
{
	struct body_budget bb = budget(1 << 20, 1 << 22);
	struct body b;
	char block[4096];
	memset(block, 'q', sizeof(block));
	body_init(&b);
	assert_int_equal(body_begin(&b, &bb, 1 << 20, BODY_UNKNOWN), BODY_OK);
	size_t total = 0;
	while (total < BODY_MEM_MAX) {
		assert_int_equal(body_add(&b, block, sizeof(block)), BODY_OK);
		total += sizeof(block);
	}
	assert_false(body_spooled(&b)); /* exactly BODY_MEM_MAX still fits */
	assert_int_equal(body_add(&b, "!", 1), BODY_OK);
	total++;
	assert_true(body_spooled(&b));
	assert_int_equal(bb.mem_used, 0); /* the memory went back to the budget */
	const char *data;
	size_t len;
	assert_int_equal(body_finish(&b, &data, &len), BODY_OK);
	assert_int_equal(len, total);
	assert_int_equal(data[0], 'q');
	assert_int_equal(data[total - 1], '!');
	body_release(&b);
	assert_int_equal(bb.spool_used, 0);
}

static void test_limits_and_budgets(void **state)
{
	struct body b;
	/* over the request's limit, announced or grown */
	struct body_budget bb = budget(1 << 20, 1 << 20);
	body_init(&b);
	assert_int_equal(body_begin(&b, &bb, 10, 11), BODY_TOO_LARGE);
	body_release(&b);
	body_init(&b);
	assert_int_equal(body_begin(&b, &bb, 10, BODY_UNKNOWN), BODY_OK);
	assert_int_equal(body_add(&b, "0123456789", 10), BODY_OK);
	assert_int_equal(body_add(&b, "x", 1), BODY_TOO_LARGE);
	body_release(&b);
	assert_int_equal(bb.mem_used, 0);

	/* the memory budget spent: a small body goes to a file instead */
	struct body_budget tiny = budget(100, 1 << 20);
	struct body a;
	body_init(&a);
	body_init(&b);
	assert_int_equal(body_begin(&a, &tiny, 1000, 90), BODY_OK);
	assert_false(body_spooled(&a));
	assert_int_equal(body_begin(&b, &tiny, 1000, 90), BODY_OK);
	assert_true(body_spooled(&b));
	body_release(&a);
	body_release(&b);

	/* the spool budget spent: BODY_BUSY, before any byte is read */
	struct body_budget small = budget(1 << 20, 200000);
	body_init(&a);
	body_init(&b);
	assert_int_equal(body_begin(&a, &small, 1 << 20, 150000), BODY_OK);
	assert_int_equal(body_begin(&b, &small, 1 << 20, 150000), BODY_BUSY);
	body_release(&b);
	body_release(&a);
	assert_int_equal(small.spool_used, 0);
	body_init(&b);
	assert_int_equal(body_begin(&b, &small, 1 << 20, 150000), BODY_OK);
	body_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_in_memory),
		cmocka_unit_test(test_large_spooled),
		cmocka_unit_test(test_chunked_moves_to_spool),
		cmocka_unit_test(test_limits_and_budgets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
