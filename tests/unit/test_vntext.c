/* Unit tests for core/vntext: cleaning, search folding, tone placement and
 * length checks of Vietnamese text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/vntext.h"

/* Fold s (NUL-terminated) with the arena; fails the test on error. */
static const char *fold(struct arena *a, const char *s)
{
	char *out = NULL;
	size_t n = 99;
	assert_int_equal(vntext_fold(a, s, strlen(s), &out, &n), VNTEXT_OK);
	assert_non_null(out);
	assert_int_equal(n, strlen(out));
	return out;
}

static const char *clean(struct arena *a, const char *s, unsigned flags)
{
	char *out = NULL;
	size_t n = 99;
	assert_int_equal(vntext_clean(a, s, strlen(s), flags, &out, &n), VNTEXT_OK);
	assert_non_null(out);
	assert_int_equal(n, strlen(out));
	return out;
}

static const char *tone(struct arena *a, const char *s)
{
	char *out = NULL;
	size_t n = 99;
	assert_int_equal(vntext_tone_normalize(a, s, strlen(s), &out, &n), VNTEXT_OK);
	assert_non_null(out);
	assert_int_equal(n, strlen(out));
	return out;
}

/* Pairs that must give the same search key. */
static const char *const same[][2] = {
	{ "ma", "mà" },
	{ "Đà Nẵng", "da nang" },
	{ "HOÀ BÌNH", "hòa bình" },
	{ "Nguye\u0302\u0303n", "Nguyễn" },           /* NFD vs NFC */
	{ "Ho\u0300a Bi\u0300nh", "HOÀ BÌNH" },
	{ "thuỷ", "thủy" },
	{ "khoẻ", "khỏe" },
	{ "uý", "úy" },
	{ "Nguyễn", "nguyen" },
	{ "Quốc", "QUOC" },
	{ "ĐẢNG", "dang" },
	{ "Dân vận khéo", "dan van kheo" },
	{ "Khóa", "Khoá" },
	{ "Hoà", "hòa" },
	{ "Thuý", "thúy" },
	{ "Phường Hoàn Kiếm", "phuong hoan kiem" },
	{ "Ủy ban nhân dân", "uy ban nhan dan" },
	{ "Uỷ ban", "UY BAN" },
	{ "  Dân   vận  ", "dan van" },
	{ "Dân-vận", "dan van" },
	{ "Dân, vận; khéo!!", "dan van kheo" },
	{ "ễ", "e" },
	{ "ộ", "o" },
	{ "Ễ", "E" },
	{ "E\u0302\u0303", "e" },
	{ "o\u0323\u0302", "ộ" },
	{ "Trường", "truong" },
	{ "người", "NGUOI" },
	{ "Đắk Lắk", "dak lak" },
	{ "Bà Rịa – Vũng Tàu", "ba ria vung tau" },
	{ "\uFB01le", "file" },                         /* ﬁ ligature */
	{ "\uFF21\uFF22\uFF23\uFF11\uFF12", "abc12" },  /* fullwidth */
	{ "Dân\u00ADvận", "danvan" },                  /* soft hyphen */
	{ "Dân\u200Bvận", "DANVAN" },                  /* zero-width space */
	{ "\u00D0\u00E0 N\u1EB5ng", "Đà Nẵng" },       /* eth typed for Đ */
	{ "x²", "x2" },
	{ "Hà Nội\n\tThủ đô", "ha noi thu do" },
	{ "Hồ Chí Minh", "ho chi minh" },
	{ "Thừa Thiên Huế", "thua thien hue" },
	{ "Cần Thơ", "can tho" },
	{ "Quảng Ngãi", "quang ngai" },
	{ "Hải Phòng", "hai phong" },
	{ "nghiêng", "NGHIENG" },
	{ "ưu tiên", "uu tien" },
	{ "Giữ gìn", "giu gin" },
	{ "quý", "QÚY" },
	{ "Mỹ", "MY" },
	{ "Hòa\u00A0Bình", "hoa binh" },               /* NBSP */
	{ "ĐOÀN THANH NIÊN", "đoàn thanh niên" },
	{ "Hội Liên hiệp Phụ nữ", "hoi lien hiep phu nu" },
	{ "Mặt trận Tổ quốc", "mat tran to quoc" },
	{ "straße", "STRASSE" },
	{ "\u0130stanbul", "istanbul" },
	{ "\u216B", "xii" },                             /* Roman numeral twelve */
	{ "khuỷu", "KHUYU" },
	{ "xoáy", "xóay" },
	{ "ngoài", "ngòai" },
	{ "đựơc", "được" },
	{ "\t(Số 12/2024)\n", "so 12 2024" },
	{ "Ông", "ong" },
	{ "ĂN", "ăn" },
};

/* Pairs that must not. */
static const char *const differ[][2] = {
	{ "ma", "me" },
	{ "dan", "dam" },
	{ "hoa", "hoan" },
	{ "mà", "mai" },
	{ "bàn", "bàng" },
	{ "Nguyễn", "Nguyệt" },
	{ "Hà Nội", "Hanoi" },
	{ "cần", "càng" },
	{ "a", "b" },
	{ "ti", "ty" },
	{ "quy", "qui" },
	{ "2024", "2025" },
	{ "phường 1", "phường 11" },
	{ "Đà", "Đá Nẵng" },
	{ "H'Mông", "Hmông" },
	{ "thuỷ", "thuỳ tiên" },
	{ "ư", "ươ" },
};

static void test_fold_pairs(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		const char *x = fold(a, same[i][0]), *y = fold(a, same[i][1]);
		if (strcmp(x, y) != 0)
			fail_msg("'%s' -> '%s' but '%s' -> '%s'", same[i][0], x,
				 same[i][1], y);
	}
	for (size_t i = 0; i < sizeof(differ) / sizeof(differ[0]); i++) {
		const char *x = fold(a, differ[i][0]), *y = fold(a, differ[i][1]);
		if (strcmp(x, y) == 0)
			fail_msg("'%s' and '%s' both fold to '%s'", differ[i][0],
				 differ[i][1], x);
	}
	assert_true(sizeof(same) / sizeof(same[0]) >= 50);
	assert_true(sizeof(differ) / sizeof(differ[0]) >= 15);
}

static void test_fold_exact(void **state)
{
	struct arena *a = *state;
	assert_string_equal(fold(a, "  Dân vận   KHÉO!! "), "dan van kheo");
	assert_string_equal(fold(a, ""), "");
	assert_string_equal(fold(a, " !?… \n"), "");
	assert_string_equal(fold(a, "Привет, МИР"), "привет мир");
	assert_string_equal(fold(a, "ΣΊΣΥΦΟΣ"), "σισυφοσ");
	assert_string_equal(fold(a, "東京 2024"), "東京 2024");
	assert_string_equal(fold(a, "Œuvre Æsir Łódź Øre"), "oeuvre aesir lodz ore");
	/* keys longer than their input: ½ -> "1 2", U+FDFA -> 18 letters */
	assert_string_equal(fold(a, "½"), "1 2");
	assert_string_equal(fold(a, "a½b"), "a1 2b");
	const char *k = fold(a, "\uFDFA");
	assert_true(strlen(k) > 30);
	assert_true(utf8_valid(k, strlen(k)));
	/* idempotent */
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		const char *x = fold(a, same[i][0]);
		assert_string_equal(fold(a, x), x);
	}
}

/* Every Vietnamese letter, both cases, folds to its ASCII base letter. */
static void test_fold_letters(void **state)
{
	static const struct {
		char base;
		const char *letters;
	} rows[] = {
		{ 'a', "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ" },
		{ 'e', "eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ" },
		{ 'i', "iìíỉĩịIÌÍỈĨỊ" },
		{ 'o', "oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ" },
		{ 'u', "uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ" },
		{ 'y', "yỳýỷỹỵYỲÝỶỸỴ" },
		{ 'd', "dđDĐ" },
	};
	struct arena *a = *state;
	size_t total = 0;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const char *p = rows[r].letters, *end = p + strlen(p);
		while (p < end) {
			size_t k = 1;
			while (p + k < end && ((unsigned char)p[k] & 0xC0) == 0x80)
				k++;
			char *out;
			size_t n;
			assert_int_equal(vntext_fold(a, p, k, &out, &n), VNTEXT_OK);
			if (n != 1 || out[0] != rows[r].base)
				fail_msg("'%.*s' folds to '%s'", (int)k, p, out);
			/* and so does its NFD spelling */
			char one[8] = { 0 };
			memcpy(one, p, k);
			char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)one);
			assert_non_null(nfd);
			assert_int_equal(vntext_fold(a, nfd, strlen(nfd), &out, &n), VNTEXT_OK);
			free(nfd);
			if (n != 1 || out[0] != rows[r].base)
				fail_msg("NFD of '%.*s' folds to '%s'", (int)k, p, out);
			total++;
			p += k;
		}
	}
	assert_int_equal(total, 2 * 72 + 4); /* 72 vowel letters a case, d, đ */
}

static void test_fold_sbuf(void **state)
{
	struct sbuf sb = SBUF_INIT(64);
	assert_int_equal(vntext_fold_sbuf(&sb, "Dân vận", strlen("Dân vận")), VNTEXT_OK);
	assert_int_equal(sbuf_addch(&sb, ' '), 0);
	assert_int_equal(vntext_fold_sbuf(&sb, "½ KHÉO", strlen("½ KHÉO")), VNTEXT_OK);
	assert_string_equal(sb.buf, "dan van 1 2 kheo");
	assert_int_equal(vntext_fold_sbuf(&sb, "", 0), VNTEXT_OK);
	assert_int_equal(vntext_fold_sbuf(&sb, "D\xE2n", 3), VNTEXT_INVALID_UTF8);
	assert_string_equal(sb.buf, "dan van 1 2 kheo");
	sbuf_release(&sb);

	struct sbuf small = SBUF_INIT(6);
	assert_int_equal(sbuf_addstr(&small, "ab"), 0);
	assert_int_equal(vntext_fold_sbuf(&small, "Dân vận khéo", strlen("Dân vận khéo")),
			 VNTEXT_NOMEM);
	assert_string_equal(small.buf, "ab");
	assert_int_equal(small.len, 2);
	sbuf_release(&small);
}

static void test_invalid(void **state)
{
	static const char *const bad[] = {
		"\xC0\xAF",         /* overlong "/" */
		"\xE0\x80\xAF",     /* overlong, 3 bytes */
		"ab\xE1\xBA",       /* truncated "ạ" */
		"\xC3",             /* truncated */
		"\xED\xA0\x80",     /* surrogate U+D800 */
		"\xED\xBF\xBF",     /* surrogate U+DFFF */
		"D\xE2n v\xE2n",    /* Latin-1 "Dân vân" */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\x80",             /* lone continuation */
		"\xFE\xFF",
	};
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i];
		char *out = (char *)"untouched";
		size_t n = 7;
		assert_int_equal(vntext_clean(a, s, strlen(s), 0, &out, &n), VNTEXT_INVALID_UTF8);
		assert_int_equal(vntext_clean(a, s, strlen(s), VNTEXT_MULTILINE, &out, &n),
				 VNTEXT_INVALID_UTF8);
		assert_int_equal(vntext_fold(a, s, strlen(s), &out, &n), VNTEXT_INVALID_UTF8);
		assert_int_equal(vntext_tone_normalize(a, s, strlen(s), &out, &n),
				 VNTEXT_INVALID_UTF8);
		assert_int_equal(vntext_check_length(s, strlen(s), 0, 100), VNTEXT_INVALID_UTF8);
		assert_string_equal(out, "untouched");
		assert_int_equal(n, 7);
	}
	/* an embedded NUL is rejected too */
	char *out = NULL;
	assert_int_equal(vntext_clean(a, "a\0b", 3, 0, &out, NULL), VNTEXT_INVALID_UTF8);
	assert_null(out);
}

static void test_clean_nfc(void **state)
{
	struct arena *a = *state;
	/* NFD input is stored exactly as the NFC literal, marks kept */
	assert_string_equal(clean(a, "Nguye\u0302\u0303n Va\u0306n A", 0), "Nguyễn Văn A");
	assert_string_equal(clean(a, "Ho\u0300a Bi\u0300nh", 0), "Hòa Bình");
	assert_string_equal(clean(a, "HO\u0300A", 0), "HÒA");
	assert_string_equal(clean(a, "o\u0302\u0323", 0), "ộ");  /* marks out of order */
	assert_string_equal(clean(a, "Dân vận khéo", 0), "Dân vận khéo");
	/* both tone placements are kept as typed: only search folds them */
	assert_string_equal(clean(a, "hòa hoà", 0), "hòa hoà");
	/* a zero-width space between letter and mark does not block NFC */
	assert_string_equal(clean(a, "e\u200B\u0302", 0), "ê");
	assert_string_equal(clean(a, "", 0), "");
	assert_string_equal(clean(a, "\u00A0 \t\u3000", 0), "");
	assert_string_equal(clean(a, "\n\n \r\n", VNTEXT_MULTILINE), "");
}

static void test_clean_controls(void **state)
{
	struct arena *a = *state;
	assert_string_equal(clean(a, "abc\u202Edef\u200Bg\u2066h\u2069\uFEFF", 0),
			    "abcdefgh");
	assert_string_equal(clean(a, "\uFEFFDân\x01\x1B vận\x7F", 0), "Dân vận");
	assert_string_equal(clean(a, "a\xC2\x80" "b\xC2\x9F" "c", 0), "abc"); /* C1 */
	assert_string_equal(clean(a, "x\u200E\u200Fy\u202A\u202Bz\u061C", 0), "xyz");
	assert_string_equal(clean(a, "so\u00ADft\uFFFE", 0), "soft");
	assert_string_equal(clean(a, "\xF0\x9F\x98\x80 ok", 0), "\xF0\x9F\x98\x80 ok");
}

static void test_clean_whitespace(void **state)
{
	struct arena *a = *state;
	assert_string_equal(clean(a, "  \u00A0Dân  vận\u3000 ", 0), "Dân vận");
	assert_string_equal(clean(a, "Dân \t\r\n  vận\u2028khéo\xC2\x85" "x", 0),
			    "Dân vận khéo x");
	assert_string_equal(clean(a, "a\u2003\u202F\u205Fb", 0), "a b");
	/* multi-line: CRLF/CR to LF, trailing spaces go, 3+ blank lines to 2,
	 * indentation stays, tabs become spaces */
	assert_string_equal(
		clean(a, "\n  Dòng 1  \r\nDòng 2\r\rDòng 3\n\n\n\n\n\nDòng 4\n\tthụt lề \t\n\n",
		      VNTEXT_MULTILINE),
		"Dòng 1\nDòng 2\n\nDòng 3\n\n\nDòng 4\n thụt lề");
	assert_string_equal(clean(a, "a\n \n\t\n \n \nb", VNTEXT_MULTILINE), "a\n\n\nb");
	assert_string_equal(clean(a, "a  b\u2029c", VNTEXT_MULTILINE), "a  b\nc");
	/* idempotent */
	const char *x = clean(a, " Hoà\u00A0 \n\n\n\nbình ", VNTEXT_MULTILINE);
	assert_string_equal(clean(a, x, VNTEXT_MULTILINE), x);
	x = clean(a, " Ho\u0300a\t\tbình ", 0);
	assert_string_equal(x, "Hòa bình");
	assert_string_equal(clean(a, x, 0), x);
}

static void test_tone(void **state)
{
	static const char *const cases[][2] = {
		{ "hòa", "hoà" },
		{ "hoà", "hoà" },
		{ "HÒA", "hoà" },
		{ "Ho\u0300a", "hoà" },
		{ "khỏe", "khoẻ" },
		{ "khoẻ", "khoẻ" },
		{ "thủy", "thuỷ" },
		{ "thuỷ", "thuỷ" },
		{ "úy", "uý" },
		{ "Ủy ban", "uỷ ban" },
		{ "họa", "hoạ" },
		{ "ụy", "uỵ" },
		{ "Khóa", "khoá" },
		{ "quý", "quý" },
		{ "qúy", "quý" },
		{ "quà", "quà" },
		{ "qùa", "quà" },
		{ "Quỳnh", "quỳnh" },
		{ "quốc", "quốc" },
		{ "giá", "giá" },
		{ "gía", "giá" },
		{ "giữ gìn", "giữ gìn" },
		{ "hoàn", "hoàn" },
		{ "hòan", "hoàn" },
		{ "tòan", "toàn" },
		{ "huỳnh", "huỳnh" },
		{ "hủynh", "huỷnh" },
		{ "người", "người" },
		{ "ngừơi", "người" },
		{ "đựơc", "được" },
		{ "xụân", "xuận" },
		{ "của mùa kìa", "của mùa kìa" },
		{ "mái", "mái" },
		{ "ngòai", "ngoài" },
		{ "xóay", "xoáy" },
		{ "khủyu", "khuỷu" },
		{ "hoặc", "hoặc" },
		{ "Thủy Tiên, HÒA-BÌNH 2024!", "thuỷ tiên, hoà-bình 2024!" },
		{ "café fòa hòà", "café fòa hòà" }, /* not Vietnamese syllables */
		{ "", "" },
	};
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *x = tone(a, cases[i][0]);
		if (strcmp(x, cases[i][1]) != 0)
			fail_msg("'%s' -> '%s', want '%s'", cases[i][0], x, cases[i][1]);
		assert_string_equal(tone(a, x), x);
		/* tone normalisation never changes the search key */
		assert_string_equal(fold(a, x), fold(a, cases[i][0]));
	}
	/* old and new placements meet */
	assert_string_equal(tone(a, "Hòa Bình, khỏe, thúy"), tone(a, "HOÀ BÌNH, KHOẺ, THUÝ"));
	assert_string_not_equal(tone(a, "hòa"), tone(a, "hoa"));
	assert_string_not_equal(tone(a, "hòa"), tone(a, "hóa"));
}

static void test_length(void **state)
{
	assert_int_equal(vntext_codepoints("Nguyễn", strlen("Nguyễn")), 6);
	assert_int_equal(vntext_codepoints("", 0), 0);
	assert_int_equal(vntext_codepoints("\xF0\x9F\x98\x80", 4), 1);
	assert_int_equal(vntext_check_length("Nguyễn", strlen("Nguyễn"), 1, 6), VNTEXT_OK);
	assert_int_equal(vntext_check_length("Nguyễn", strlen("Nguyễn"), 1, 5), VNTEXT_TOO_LONG);
	assert_int_equal(vntext_check_length("Nguyễn", strlen("Nguyễn"), 7, 10), VNTEXT_TOO_SHORT);
	assert_int_equal(vntext_check_length("", 0, 1, 200), VNTEXT_TOO_SHORT);
	/* "tối đa 200 ký tự": 200 three-byte letters fit, 201 do not */
	char buf[3 * 201 + 1];
	for (int i = 0; i < 201; i++)
		memcpy(buf + 3 * i, "ễ", 3);
	assert_int_equal(vntext_check_length(buf, 600, 1, 200), VNTEXT_OK);
	assert_int_equal(vntext_check_length(buf, 603, 1, 200), VNTEXT_TOO_LONG);
	assert_string_equal(vntext_strerror(VNTEXT_TOO_LONG), "Nội dung quá dài.");
	assert_string_equal(vntext_strerror(12345), "Nội dung không hợp lệ.");
	assert_true(strstr(vntext_strerror(VNTEXT_INVALID_UTF8), "không hợp lệ") != NULL);
}

static int arena_setup(void **state)
{
	struct arena *a = malloc(sizeof(*a));
	if (!a)
		return -1;
	arena_init(a, 0);
	*state = a;
	return 0;
}

static int arena_teardown(void **state)
{
	arena_release(*state);
	free(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fold_pairs, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fold_exact, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fold_letters, arena_setup, arena_teardown),
		cmocka_unit_test(test_fold_sbuf),
		cmocka_unit_test_setup_teardown(test_invalid, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_clean_nfc, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_clean_controls, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_clean_whitespace, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_tone, arena_setup, arena_teardown),
		cmocka_unit_test(test_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
