/* Unit tests for web/qr: the SVG is well-formed, labelled, has no style
 * attribute, and its modules decode back to the libqrencode matrix. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <qrencode.h>
#include <string.h>

#include "core/sbuf.h"
#include "web/qr.h"

static void test_qr_svg_shape(void **state)
{
	struct sbuf sb = SBUF_INIT(1 << 20);
	assert_int_equal(qr_svg(&sb, "http://127.0.0.1:8080/phan-anh/7KQ4-M2XD?secret=abc", 200,
				"Mã QR <liên kết>", "qr-1"), 0);
	assert_true(!strncmp(sb.buf, "<svg ", 5));
	assert_non_null(strstr(sb.buf, "role=\"img\""));
	assert_non_null(strstr(sb.buf, "aria-labelledby=\"qr-1-title\""));
	assert_non_null(strstr(sb.buf, "<title id=\"qr-1-title\">Mã QR &lt;liên kết&gt;</title>"));
	assert_null(strstr(sb.buf, "style"));
	assert_non_null(strstr(sb.buf, "width=\"200\""));
	size_t n = strlen(sb.buf);
	assert_string_equal(sb.buf + n - 6, "</svg>");
	sbuf_release(&sb);
}

/* Paint the path back into a grid and compare it with the matrix. */
static void test_qr_svg_modules(void **state)
{
	const char *text = "https://example.vn/phan-anh/ABCD-EFGH?secret=aaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct sbuf sb = SBUF_INIT(1 << 20);
	assert_int_equal(qr_svg(&sb, text, 100, NULL, NULL), 0);
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	assert_non_null(qr);
	int w = qr->width, n = w + 8;
	unsigned char *grid = calloc((size_t)n * (size_t)n, 1);
	assert_non_null(grid);
	const char *p = strstr(sb.buf, " d=\"");
	assert_non_null(p);
	p += 4;
	int x, y, len, len2, used;
	while (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &len, &len2, &used) == 4) {
		assert_int_equal(len, len2);
		assert_true(x >= 4 && y >= 4 && x + len <= w + 4 && y < w + 4);
		for (int i = 0; i < len; i++)
			grid[y * n + x + i] = 1;
		p += used;
	}
	assert_int_equal(*p, '"');
	for (int yy = 0; yy < w; yy++)
		for (int xx = 0; xx < w; xx++)
			assert_int_equal(grid[(yy + 4) * n + xx + 4], qr->data[yy * w + xx] & 1);
	free(grid);
	QRcode_free(qr);
	assert_non_null(strstr(sb.buf, "<title>Mã QR</title>"));
	sbuf_release(&sb);
}

static void test_qr_svg_refuses(void **state)
{
	struct sbuf sb = SBUF_INIT(64);
	assert_int_equal(qr_svg(&sb, "", 100, NULL, NULL), -1);
	/* too small a buffer: nothing is left behind */
	assert_int_equal(sbuf_addstr(&sb, "x"), 0);
	assert_int_equal(qr_svg(&sb, "hello", 100, NULL, NULL), -1);
	assert_string_equal(sb.buf, "x");
	char big[QR_TEXT_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	struct sbuf sb2 = SBUF_INIT(1 << 20);
	assert_int_equal(qr_svg(&sb2, big, 100, NULL, NULL), -1);
	assert_int_equal(sb2.len, 0);
	sbuf_release(&sb);
	sbuf_release(&sb2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr_svg_shape),
		cmocka_unit_test(test_qr_svg_modules),
		cmocka_unit_test(test_qr_svg_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
