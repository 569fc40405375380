/* Unit tests for http/params: one table read strictly (the API) and
 * leniently (pages), defaults, bounds, enums, flags, cut text, page
 * numbers beyond int64_t, and the query string rebuilt from the table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/params.h"

struct filter {
	const char *q, *unit;
	int status, color, mine;
	int64_t per_page, page;
};

static const char *status_name(int i)
{
	static const char *const names[] = { "new", "open", "done", "gone" };
	return i >= 0 && i < 4 ? names[i] : NULL;
}

static const char *color_name(int i)
{
	static const char *const names[] = { "red", "green", "blue" };
	return i >= 0 && i < 3 ? names[i] : NULL;
}

static const struct param tab[] = {
	PARAM_TEXT_AT(struct filter, q, "q", 7),
	PARAM_TEXT_AT(struct filter, unit, "unit", 0),
	PARAM_ENUM_AT(struct filter, status, "status", status_name, 4, 1, (1u << 1) | (1u << 2), "bad status"),
	PARAM_ENUM_AT(struct filter, color, "color", color_name, 3, 0, 0, "bad color"),
	PARAM_FLAG_AT(struct filter, mine, "mine", "1"),
	PARAM_INT_AT(struct filter, per_page, "per_page", 1, 100, 20),
	PARAM_PAGE_AT(struct filter, page),
};

/* "name=value" pairs of a NULL-terminated list */
static const char *get(void *arg, const char *name)
{
	const char *const *kv = arg;
	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static int readq(const char *const *kv, enum params_mode mode, struct arena *a, struct filter *f, json_t *errs)
{
	memset(f, 0x5a, sizeof(*f)); /* every field must be set */
	return params_read(tab, PARAMS_COUNT(tab), mode, get, (void *)kv, a, f, errs);
}

static void test_defaults(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct filter f;
	static const char *const none[] = { "other", "x", NULL };
	assert_int_equal(readq(none, PARAMS_STRICT, &a, &f, NULL), 0);
	assert_null(f.q);
	assert_null(f.unit);
	assert_int_equal(f.status, 0);
	assert_int_equal(f.color, 0);
	assert_int_equal(f.mine, 0);
	assert_int_equal(f.per_page, 20);
	assert_int_equal(f.page, 1);
	struct sbuf sb = SBUF_INIT(1024);
	assert_int_equal(params_query(&sb, tab, PARAMS_COUNT(tab), &f, NULL), 0);
	assert_string_equal(sb.buf, "");
	sbuf_release(&sb);
	arena_release(&a);
}

static void test_good_values(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct filter f;
	static const char *const kv[] = { "q", "đèn đường", "unit", "HK 1", "status", "done", "color", "blue",
					  "mine", "1", "per_page", "100", "page", "7", NULL };
	json_t *errs = json_object();
	assert_int_equal(readq(kv, PARAMS_STRICT, &a, &f, errs), 0);
	assert_int_equal(json_object_size(errs), 0);
	assert_string_equal(f.q, "đèn "); /* 7 bytes: cut back to the start of "đ" */
	assert_string_equal(f.unit, "HK 1");
	assert_int_equal(f.status, 1 + 2);
	assert_int_equal(f.color, 2);
	assert_int_equal(f.mine, 1);
	assert_int_equal(f.per_page, 100);
	assert_int_equal(f.page, 7);
	/* links: table order, URL-encoded, no page; `skip` leaves one out */
	struct sbuf sb = SBUF_INIT(1024);
	assert_int_equal(params_query(&sb, tab, PARAMS_COUNT(tab), &f, NULL), 0);
	assert_string_equal(sb.buf, "q=%C4%91%C3%A8n%20&unit=HK%201&status=done&color=blue&mine=1&per_page=100");
	sbuf_reset(&sb);
	assert_int_equal(sbuf_addstr(&sb, "x=1"), 0);
	assert_int_equal(params_query(&sb, tab, PARAMS_COUNT(tab), &f, "status"), 0);
	assert_string_equal(sb.buf, "x=1&q=%C4%91%C3%A8n%20&unit=HK%201&color=blue&mine=1&per_page=100");
	sbuf_release(&sb);
	json_decref(errs);
	arena_release(&a);
}

static void test_bad_values(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct filter f;
	/* "new" is a name, but not an allowed one; "gone" too */
	static const char *const kv[] = { "status", "new", "color", "pink", "mine", "yes", "per_page", "101",
					  "page", "0", "unit", "  ", NULL };
	json_t *errs = json_object();
	assert_int_equal(readq(kv, PARAMS_STRICT, &a, &f, errs), 4);
	assert_string_equal(json_string_value(json_object_get(errs, "status")), "bad status");
	assert_string_equal(json_string_value(json_object_get(errs, "color")), "bad color");
	assert_string_equal(json_string_value(json_object_get(errs, "per_page")), "phải là số nguyên từ 1 đến 100");
	assert_string_equal(json_string_value(json_object_get(errs, "page")),
			    "phải là số nguyên từ 1 đến 9223372036854775807");
	assert_null(json_object_get(errs, "mine")); /* a flag is set or not */
	assert_string_equal(f.unit, "  ");          /* strict: only empty text is absent */
	json_decref(errs);

	/* lenient: the same values fall back to the defaults, no errors */
	assert_int_equal(readq(kv, PARAMS_LENIENT, &a, &f, NULL), 4);
	assert_int_equal(f.status, 0);
	assert_int_equal(f.color, 0);
	assert_int_equal(f.mine, 0);
	assert_int_equal(f.per_page, 20);
	assert_int_equal(f.page, 1);
	assert_null(f.unit);                        /* lenient: blank text is absent */

	/* empty numbers: an error when strict, the default when lenient */
	static const char *const empty[] = { "per_page", "", "page", "", "status", "", NULL };
	errs = json_object();
	assert_int_equal(readq(empty, PARAMS_STRICT, &a, &f, errs), 2);
	assert_int_equal(f.status, 0);
	json_decref(errs);
	assert_int_equal(readq(empty, PARAMS_LENIENT, &a, &f, NULL), 0);
	assert_int_equal(f.page, 1);
	arena_release(&a);
}

static void test_pages(void **state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct filter f;
	static const char *const huge[] = { "page", "99999999999999999999999", "per_page", "99999999999999999999999",
					    NULL };
	json_t *errs = json_object();
	/* a page beyond int64_t is the largest page (refused by the list as
	 * beyond its depth), in both modes; an INT parameter is just bad */
	assert_int_equal(readq(huge, PARAMS_STRICT, &a, &f, errs), 1);
	assert_int_equal(f.page, INT64_MAX);
	assert_non_null(json_object_get(errs, "per_page"));
	assert_null(json_object_get(errs, "page"));
	json_decref(errs);
	assert_int_equal(readq(huge, PARAMS_LENIENT, &a, &f, NULL), 1);
	assert_int_equal(f.page, INT64_MAX);
	assert_int_equal(f.per_page, 20);
	static const char *const others[][3] = {
		{ "page", "-3", NULL }, { "page", "abc", NULL }, { "page", "00", NULL }, { "page", "1e3", NULL },
	};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		assert_int_equal(readq(others[i], PARAMS_LENIENT, &a, &f, NULL), 1);
		assert_int_equal(f.page, 1);
	}
	static const char *const exact[] = { "page", "9223372036854775807", NULL };
	assert_int_equal(readq(exact, PARAMS_STRICT, &a, &f, NULL), 0);
	assert_int_equal(f.page, INT64_MAX);
	arena_release(&a);
}

static void test_query_full(void **state)
{
	/* a builder that is full fails, and stays failed */
	struct filter f = { .q = "một hai ba", .status = 2, .per_page = 20, .page = 3 };
	struct sbuf sb = SBUF_INIT(8);
	assert_int_equal(params_query(&sb, tab, PARAMS_COUNT(tab), &f, NULL), -1);
	assert_false(sbuf_ok(&sb));
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_query_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
