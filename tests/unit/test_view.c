/* Unit tests for web/view: one field table read in both dialects and for
 * each viewer, and the pager's links (none past the list's reach). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "web/view.h"

struct rec {
	const char *code, *note, *basis;
	int64_t at, gone;
	int flag, n;
};

static const struct view_field fields[] = {
	VIEW_FIELD(struct rec, code, "code", "code", VIEW_STR, 0, 0),
	VIEW_FIELD(struct rec, note, "note", "note_text", VIEW_STR, VIEW_OFFICER, 0),
	VIEW_FIELD(struct rec, basis, NULL, "basis", VIEW_NONEMPTY, 0, 0),
	VIEW_FIELD(struct rec, at, "at", "at", VIEW_TIME, 0, 0),
	VIEW_FIELD(struct rec, gone, "gone", "gone", VIEW_TIME, 0, 0),
	VIEW_FIELD(struct rec, flag, "flag", NULL, VIEW_BOOL, VIEW_SENDER, 0),
	VIEW_FIELD(struct rec, n, NULL, "n", VIEW_INT, 0, VIEW_OFFICER | VIEW_SENDER),
};

static void test_fields(void **state)
{
	/* 2026-08-30 14:00 in Hà Nội */
	struct rec r = { .code = "7KQ4-M2XD", .note = "nội bộ", .basis = "", .at = 1788073200, .flag = 1, .n = 3 };
	json_t *o = json_object();
	assert_int_equal(view_fields(o, &r, fields, 7, VIEW_API, 0), 0);
	assert_string_equal(json_string_value(json_object_get(o, "code")), "7KQ4-M2XD");
	assert_null(json_object_get(o, "note"));                /* officers only */
	assert_null(json_object_get(o, "basis"));               /* not in the API */
	assert_string_equal(json_string_value(json_object_get(o, "at")), "2026-08-30T14:00:00+07:00");
	assert_null(json_object_get(o, "gone"));                /* time 0: left out */
	assert_null(json_object_get(o, "flag"));                /* the sender only */
	assert_int_equal(json_object_size(o), 2);
	json_decref(o);

	o = json_object();
	assert_int_equal(view_fields(o, &r, fields, 7, VIEW_API, VIEW_OFFICER | VIEW_SENDER), 0);
	assert_string_equal(json_string_value(json_object_get(o, "note")), "nội bộ");
	assert_true(json_is_true(json_object_get(o, "flag")));
	assert_null(json_object_get(o, "n"));
	json_decref(o);

	o = json_object();
	assert_int_equal(view_fields(o, &r, fields, 7, VIEW_PAGE, VIEW_OFFICER), 0);
	assert_string_equal(json_string_value(json_object_get(o, "note_text")), "nội bộ");
	assert_null(json_object_get(o, "basis"));               /* "" counts as absent */
	assert_int_equal(json_integer_value(json_object_get(o, "at")), 1788073200); /* seconds */
	assert_null(json_object_get(o, "n"));                   /* needs both bits */
	json_decref(o);

	o = json_object();
	r.basis = "Luật Tiếp công dân";
	assert_int_equal(view_fields(o, &r, fields, 7, VIEW_PAGE, VIEW_OFFICER | VIEW_SENDER), 0);
	assert_string_equal(json_string_value(json_object_get(o, "basis")), "Luật Tiếp công dân");
	assert_int_equal(json_integer_value(json_object_get(o, "n")), 3);
	json_decref(o);
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void test_pager(void **state)
{
	json_t *p = view_pager("/phan-anh", "q=x", 2, 20, 45, 0);
	assert_int_equal(json_integer_value(json_object_get(p, "pages")), 3);
	assert_string_equal(str(p, "prev"), "/phan-anh?q=x&page=1");
	assert_string_equal(str(p, "next"), "/phan-anh?q=x&page=3");
	json_decref(p);

	p = view_pager("/phan-anh", NULL, 1, 20, 45, 0);
	assert_null(json_object_get(p, "prev"));
	assert_string_equal(str(p, "next"), "/phan-anh?page=2");
	json_decref(p);

	/* 10,000 items reachable: 500 pages of 20, whatever the total */
	p = view_pager("/l", "", 500, 20, 20000, 10000);
	assert_int_equal(json_integer_value(json_object_get(p, "pages")), 500);
	assert_int_equal(json_integer_value(json_object_get(p, "total")), 20000);
	assert_null(json_object_get(p, "next"));
	json_decref(p);

	/* a page past the end links back to the last one */
	p = view_pager("/l", "", 9, 20, 45, 0);
	assert_string_equal(str(p, "prev"), "/l?page=3");
	json_decref(p);
	p = view_pager("/l", "", 4, 20, 0, 0);
	assert_string_equal(str(p, "prev"), "/l?page=1");
	json_decref(p);
}

static void test_helpers(void **state)
{
	assert_true(view_blank(NULL));
	assert_true(view_blank(" \t\r\n"));
	assert_false(view_blank(" a "));
	static const char *const tab[][2] = { { "", "Tất cả" }, { "due", "Hạn gần nhất" } };
	json_t *o = view_options(tab, 2, NULL);
	assert_true(json_is_true(json_object_get(json_array_get(o, 0), "selected")));
	json_decref(o);
	o = view_options(tab, 2, "due");
	assert_true(json_is_false(json_object_get(json_array_get(o, 0), "selected")));
	assert_true(json_is_true(json_object_get(json_array_get(o, 1), "selected")));
	json_decref(o);
	json_t *errs = json_pack("{s:s}", "title", "Vui lòng nhập tiêu đề.");
	json_t *f = view_form_field("title", "Tiêu đề", NULL, errs);
	assert_string_equal(str(f, "value"), "");
	assert_string_equal(str(f, "error"), "Vui lòng nhập tiêu đề.");
	json_decref(f);
	json_decref(errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_pager),
		cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
