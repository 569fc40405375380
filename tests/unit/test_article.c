/* Unit tests for news: markdown is rendered safely (no script, no raw
 * HTML, no javascript: links, huge documents bounded), slugs, the status
 * table cell by cell, and image sizes read from their headers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/article.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/markdown.h"

static char *md(struct arena *a, const char *s)
{
	char *out = NULL;
	assert_int_equal(markdown_html(a, s, strlen(s), &out), 0);
	return out;
}

static void test_markdown_basic(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	char *h = md(&a, "# Tiêu đề\n\nMột *đoạn* với [liên kết](https://example.vn/a?b=1&c=2).\n");
	assert_non_null(strstr(h, "<h1>Tiêu đề</h1>"));
	assert_non_null(strstr(h, "<em>đoạn</em>"));
	assert_non_null(strstr(h, "<a href=\"https://example.vn/a?b=1&amp;c=2\">liên kết</a>"));
	arena_release(&a);
}

static void test_markdown_no_raw_html(void **state)
{
	static const char *const evil[] = {
		"<script>alert(1)</script>",
		"a <script>alert(1)</script> b",
		"<iframe src=\"https://evil.example\"></iframe>",
		"<img src=x onerror=alert(1)>",
		"text <b onclick=\"alert(1)\">bold</b>",
		"<div>\n<script>alert(1)</script>\n</div>",
		"<!-- comment --><style>body{display:none}</style>",
		"<a href=\"javascript:alert(1)\">x</a>",
	};
	struct arena a;
	arena_init(&a, 4096);
	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		char *h = md(&a, evil[i]);
		assert_null(strstr(h, "<script"));
		assert_null(strstr(h, "<iframe"));
		assert_null(strstr(h, "<style"));
		assert_null(strstr(h, "<img src=x"));
		assert_null(strstr(h, "<b "));
		assert_null(strstr(h, "<div"));
		assert_null(strstr(h, "javascript:"));
		assert_null(strstr(h, "onerror="));
	}
	arena_release(&a);
}

static void test_markdown_unsafe_links(void **state)
{
	static const char *const evil[] = {
		"[x](javascript:alert(1))",
		"[x](JavaScript:alert(1))",
		"[x](  javascript:alert(1) )",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"![x](javascript:alert(1))",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"[x](file:///etc/passwd)",
	};
	struct arena a;
	arena_init(&a, 4096);
	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		char *h = md(&a, evil[i]);
		char *low = arena_strdup(&a, h);
		for (char *p = low; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		assert_null(strstr(low, "href=\"javascript"));
		assert_null(strstr(low, "src=\"javascript"));
		assert_null(strstr(low, "href=\"vbscript"));
		assert_null(strstr(low, "href=\"data:"));
		assert_null(strstr(low, "href=\"file:"));
	}
	arena_release(&a);
}

static void test_markdown_huge(void **state)
{
	struct arena a;
	arena_init(&a, 65536);
	size_t n = MARKDOWN_MAX_INPUT * 2;
	char *big = malloc(n + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 2) ? '>' : '*'; /* deep nesting of quotes and emphasis */
	big[n] = 0;
	char *h = NULL;
	assert_int_equal(markdown_html(&a, big, n, &h), 0);
	assert_non_null(h);
	free(big);
	char *t = NULL;
	const char *doc = "# Hội nghị\n\nỞ **phường** <b>x</b> ![ảnh](/a.png) và tiếp tục dài dòng";
	assert_int_equal(markdown_text(&a, doc, strlen(doc), 30, &t), 0);
	assert_true(strlen(t) <= 30);
	assert_null(strstr(t, "<b>"));
	assert_null(strstr(t, "ảnh"));
	arena_release(&a);
}

static void test_slug(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	char *s = NULL;
	assert_int_equal(article_slugify(&a, "Hội nghị tổng kết 10 năm Nghị quyết 25 và Quyết định 218", &s), 0);
	assert_string_equal(s, "hoi-nghi-tong-ket-10-nam-nghi-quyet-25-va-quyet-dinh-218");
	assert_int_equal(article_slugify(&a, "  Đường   Đinh Tiên Hoàng — sáng, xanh!  ", &s), 0);
	assert_string_equal(s, "duong-dinh-tien-hoang-sang-xanh");
	assert_int_equal(article_slugify(&a, "Hòa hoà HOÀ thuỷ thủy", &s), 0);
	assert_string_equal(s, "hoa-hoa-hoa-thuy-thuy");
	assert_int_equal(article_slugify(&a, "!!!", &s), 0);
	assert_string_equal(s, "");
	char longt[400];
	memset(longt, 0, sizeof(longt));
	for (int i = 0; i < 60; i++)
		memcpy(longt + i * 5, "abcd ", 5);
	assert_int_equal(article_slugify(&a, longt, &s), 0);
	assert_true(strlen(s) <= ARTICLE_SLUG_MAX);
	assert_true(s[strlen(s) - 1] != '-');
	arena_release(&a);
}

static void test_status_table(void **state)
{
	static const char *const statuses[] = { "draft", "scheduled", "published", "unpublished" };
	static const struct {
		const char *from, *ev, *to;
	} allowed[] = {
		{ "draft", "publish", "published" },
		{ "unpublished", "publish", "published" },
		{ "scheduled", "publish", "published" },
		{ "published", "unpublish", "unpublished" },
		{ "scheduled", "unpublish", "unpublished" },
		{ "draft", "edit", "draft" },
		{ "unpublished", "edit", "unpublished" },
		{ "published", "correct", "published" },
		{ "scheduled", "correct", "scheduled" },
	};
	for (int ev = 0; ev < ART_EV_COUNT; ev++)
		for (size_t s = 0; s < 4; s++) {
			const char *want = NULL;
			for (size_t k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
				if (!strcmp(allowed[k].from, statuses[s]) && !strcmp(allowed[k].ev, article_event_name(ev)))
					want = allowed[k].to;
			const char *got = article_next_status(statuses[s], ev);
			if (want)
				assert_string_equal(got, want);
			else
				assert_null(got);
		}
	assert_int_equal(article_event_roles(ART_EV_PUBLISH), ROLE_LEADER);
	assert_int_equal(article_event_roles(ART_EV_UNPUBLISH), ROLE_LEADER);
	assert_int_equal(article_event_roles(ART_EV_CORRECT), ROLE_LEADER);
	assert_int_equal(article_event_roles(ART_EV_EDIT), ROLE_LEADER | ROLE_HANDLER);
	assert_int_equal(article_event_parse("publish"), ART_EV_PUBLISH);
	assert_int_equal(article_event_parse("delete"), -1);
}

static void test_image_size(void **state)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					     0, 0, 0x03, 0x20, 0, 0, 0x02, 0x58, 8, 2, 0, 0, 0 };
	int64_t w, h;
	assert_int_equal(article_image_size(png, sizeof(png), "image/png", &w, &h), 0);
	assert_int_equal(w, 800);
	assert_int_equal(h, 600);
	static const unsigned char gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0x40, 0x01, 0xf0, 0x00, 0 };
	assert_int_equal(article_image_size(gif, sizeof(gif), "image/gif", &w, &h), 0);
	assert_int_equal(w, 320);
	assert_int_equal(h, 240);
	static const unsigned char jpg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F', 0xFF, 0xC0, 0x00, 0x11, 0x08,
					     0x01, 0xE0, 0x02, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0 };
	assert_int_equal(article_image_size(jpg, sizeof(jpg), "image/jpeg", &w, &h), 0);
	assert_int_equal(w, 640);
	assert_int_equal(h, 480);
	assert_int_equal(article_image_size(png, 10, "image/png", &w, &h), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown_basic),   cmocka_unit_test(test_markdown_no_raw_html),
		cmocka_unit_test(test_markdown_unsafe_links), cmocka_unit_test(test_markdown_huge),
		cmocka_unit_test(test_slug),             cmocka_unit_test(test_status_table),
		cmocka_unit_test(test_image_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
