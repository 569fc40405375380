/* Unit tests for core/draftparts: decree-style text split into labelled parts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/draftparts.h"

static struct arena a;

static int setup(void **state)
{
	arena_init(&a, 4096);
	return 0;
}

static int teardown(void **state)
{
	arena_release(&a);
	return 0;
}

static size_t split(const char *text, struct draft_part **p)
{
	size_t n = 99;
	assert_int_equal(draftparts_split(&a, text, strlen(text), p, &n), DRAFT_OK);
	return n;
}

/* A decree in the usual shape: chương, điều, khoản, điểm. */
static const char decree[] =
	"QUY CHẾ\n"
	"Quản lý, sử dụng vỉa hè trên địa bàn phường Hoàn Kiếm\n"
	"\n"
	"Chương I\n"
	"QUY ĐỊNH CHUNG\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Quy chế này quy định việc sử dụng tạm thời một phần vỉa hè.\n"
	"Điều 2. Đối tượng áp dụng\n"
	"1. Hộ gia đình, cá nhân kinh doanh trên địa bàn phường.\n"
	"2. Cơ quan, tổ chức có liên quan, gồm:\n"
	"a) Tổ dân phố;\n"
	"b) Ban công tác Mặt trận;\n"
	"đ) Các hội đoàn thể.\n"
	"Chương II\n"
	"Mục 1. SỬ DỤNG VỈA HÈ\n"
	"   Điều 3. Điều kiện   \r\n"
	"1. Phần vỉa hè còn lại dành cho người đi bộ rộng tối thiểu 1,5 m.\r\n"
	"\r\n"
	"2. Mức thu 1.000 đồng/m2/ngày.\n"
	"1.000 đồng là mức tối đa.\n";

static void test_decree(void **state)
{
	struct draft_part *p;
	size_t n = split(decree, &p);
	const char *labels[] = {
		"Phần mở đầu", "Chương I", "Điều 1", "Điều 2", "Điều 2, khoản 1", "Điều 2, khoản 2",
		"Điều 2, khoản 2, điểm a", "Điều 2, khoản 2, điểm b", "Điều 2, khoản 2, điểm đ",
		"Chương II", "Chương II, Mục 1", "Điều 3", "Điều 3, khoản 1", "Điều 3, khoản 2",
	};
	assert_int_equal(n, sizeof(labels) / sizeof(labels[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p[i].label, labels[i]);
	assert_int_equal(p[0].level, DRAFT_PREAMBLE);
	assert_string_equal(p[0].text, "QUY CHẾ\nQuản lý, sử dụng vỉa hè trên địa bàn phường Hoàn Kiếm");
	assert_string_equal(p[1].text, "Chương I\nQUY ĐỊNH CHUNG");
	assert_int_equal(p[1].level, DRAFT_CHUONG);
	assert_int_equal(p[10].level, DRAFT_MUC);
	assert_int_equal(p[11].level, DRAFT_DIEU);
	/* leading spaces, line-end spaces and \r go; inner lines stay */
	assert_string_equal(p[11].text, "Điều 3. Điều kiện");
	assert_string_equal(p[12].text, "1. Phần vỉa hè còn lại dành cho người đi bộ rộng tối thiểu 1,5 m.");
	/* "1.000 đồng" is not a khoản */
	assert_string_equal(p[13].text, "2. Mức thu 1.000 đồng/m2/ngày.\n1.000 đồng là mức tối đa.");
	assert_int_equal(p[13].len, strlen(p[13].text));
	assert_int_equal(p[13].level, DRAFT_KHOAN);
	assert_int_equal(p[8].level, DRAFT_DIEM);
}

/* A plan without Điều: khoản and điểm on their own, upper-case headings. */
static void test_plan(void **state)
{
	struct draft_part *p;
	size_t n = split("1. Mục đích\na) Lấy ý kiến\n2. Yêu cầu\nCHƯƠNG III\n1. Tổ chức\nĐIỀU 7: Hiệu lực\nb) x", &p);
	assert_int_equal(n, 7);
	assert_string_equal(p[0].label, "Khoản 1");
	assert_string_equal(p[1].label, "Khoản 1, điểm a");
	assert_string_equal(p[2].label, "Khoản 2");
	assert_string_equal(p[3].label, "Chương III");
	assert_string_equal(p[4].label, "Chương III, khoản 1");
	assert_string_equal(p[5].label, "Điều 7");
	assert_string_equal(p[5].text, "ĐIỀU 7: Hiệu lực");
	assert_string_equal(p[6].label, "Điều 7, điểm b");
}

/* Not headings: words that only start like them. */
static void test_not_headings(void **state)
{
	struct draft_part *p;
	size_t n = split("Chương trình hành động\nĐiều kiện chung\nMục tiêu\n12.5 ha\nab) x\n1234. y\nĐiều 5 không chấm", &p);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].label, "Phần mở đầu");
}

/* Repeated labels stay unique; blank text has no part. */
static void test_unique_and_blank(void **state)
{
	struct draft_part *p;
	size_t n = split("Điều 1. A\nĐiều 1. B\nĐiều 1. C\n", &p);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].label, "Điều 1");
	assert_string_equal(p[1].label, "Điều 1 (2)");
	assert_string_equal(p[2].label, "Điều 1 (3)");
	n = split(" \n\r\n\t\n", &p);
	assert_int_equal(n, 0);
	assert_null(p);
}

/* More parts than the limit is an error, not a crash. */
static void test_too_many(void **state)
{
	size_t len = (DRAFT_MAX_PARTS + 5) * 3;
	char *t = arena_alloc(&a, len + 1);
	assert_non_null(t);
	for (size_t i = 0; i + 3 <= len; i += 3)
		memcpy(t + i, "a)\n", 3);
	struct draft_part *p;
	size_t n;
	assert_int_equal(draftparts_split(&a, t, len, &p, &n), DRAFT_TOO_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_headings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique_and_blank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
