/*
 * fuzz_vntext.c - libFuzzer target for core/vntext: runs clean (both
 * modes), fold, fold_sbuf and tone_normalize on arbitrary bytes and checks
 * the invariants promised in vntext.h, idempotence among them.
 */
#include <stdint.h>
#include <utf8proc.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/vntext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                     \
			abort();                                               \
		}                                                              \
	} while (0)

/* Every Vietnamese letter: whatever surrounds them, they fold to ASCII. */
static const char vn_letters[] =
	"aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬeèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ"
	"iìíỉĩịIÌÍỈĨỊoòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"
	"uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰyỳýỷỹỵYỲÝỶỸỴđĐ";

static int same(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && memcmp(a, b, an) == 0;
}

static void check_text(const char *s, size_t n)
{
	CHECK(s[n] == '\0');
	CHECK(n == 0 || utf8_valid(s, n));
}

static void check_nfc(const char *s, size_t n)
{
	if (n == 0)
		return;
	char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	CHECK(nfc != NULL);
	CHECK(strcmp(nfc, s) == 0);
	free(nfc);
}

static int forbidden_in_clean(int32_t c)
{
	return (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0xA0) || c == 0xAD ||
	       (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x2028 ||
	       c == 0x2029 || c == 0x3000 || c == 0x2003;
}

static void check_clean(const char *s, size_t n, unsigned flags)
{
	check_text(s, n);
	check_nfc(s, n);
	if (n == 0)
		return;
	CHECK(s[0] != ' ' && s[0] != '\n');
	CHECK(s[n - 1] != ' ' && s[n - 1] != '\n');
	if (flags & VNTEXT_MULTILINE) {
		CHECK(strstr(s, " \n") == NULL);
		CHECK(strstr(s, "\n\n\n\n") == NULL);
	} else {
		CHECK(strchr(s, '\n') == NULL);
		CHECK(strstr(s, "  ") == NULL);
	}
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t i = 0;
	while (i < (utf8proc_ssize_t)n) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)n - i, &c);
		CHECK(k > 0);
		CHECK(!forbidden_in_clean(c));
		i += k;
	}
}

static void check_key(const char *s, size_t n)
{
	check_text(s, n);
	if (n == 0)
		return;
	CHECK(s[0] != ' ' && s[n - 1] != ' ');
	CHECK(strstr(s, "  ") == NULL);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t i = 0;
	while (i < (utf8proc_ssize_t)n) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)n - i, &c);
		CHECK(k > 0);
		if (c < 0x80) {
			CHECK(c == ' ' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
		} else {
			utf8proc_category_t cat = utf8proc_category(c);
			CHECK(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
			CHECK(cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
			      cat != UTF8PROC_CATEGORY_ME);
			CHECK(c != 0x111 && c != 0x110);
		}
		i += k;
	}
}

/* Keep from valid s the ASCII bytes and the Vietnamese letters. */
static size_t only_vietnamese(const char *s, size_t n, char *dst)
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t k = 1;
		while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k++;
		if (k == 1 || memmem(vn_letters, sizeof(vn_letters) - 1, s + i, k)) {
			memcpy(dst + o, s + i, k);
			o += k;
		}
		i += k;
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int valid = size == 0 || utf8_valid(s, size);
	struct arena a;
	arena_init(&a, 4096);
	char *out, *out2;
	size_t n, n2;

	static const unsigned modes[] = { VNTEXT_SINGLELINE, VNTEXT_MULTILINE };
	for (size_t m = 0; m < 2; m++) {
		int rc = vntext_clean(&a, s, size, modes[m], &out, &n);
		if (!valid) {
			CHECK(rc == VNTEXT_INVALID_UTF8);
			continue;
		}
		CHECK(rc == VNTEXT_OK);
		check_clean(out, n, modes[m]);
		CHECK(vntext_clean(&a, out, n, modes[m], &out2, &n2) == VNTEXT_OK);
		CHECK(same(out, n, out2, n2));
		CHECK(vntext_check_length(out, n, 0, n) == VNTEXT_OK);
		CHECK(vntext_codepoints(out, n) <= n);
	}

	int rc = vntext_fold(&a, s, size, &out, &n);
	if (!valid) {
		CHECK(rc == VNTEXT_INVALID_UTF8);
		CHECK(vntext_tone_normalize(&a, s, size, &out, &n) == VNTEXT_INVALID_UTF8);
		arena_release(&a);
		return 0;
	}
	CHECK(rc == VNTEXT_OK);
	check_key(out, n);
	CHECK(vntext_fold(&a, out, n, &out2, &n2) == VNTEXT_OK);
	CHECK(same(out, n, out2, n2));
	char *key = out;
	size_t keylen = n;

	struct sbuf sb = SBUF_INIT(1u << 24);
	CHECK(sbuf_addstr(&sb, "x") == 0);
	CHECK(vntext_fold_sbuf(&sb, s, size) == VNTEXT_OK);
	CHECK(sb.len == keylen + 1 && memcmp(sb.buf + 1, key, keylen) == 0);
	sbuf_release(&sb);

	CHECK(vntext_tone_normalize(&a, s, size, &out, &n) == VNTEXT_OK);
	check_text(out, n);
	check_nfc(out, n);
	for (size_t i = 0; i < n; i++)
		CHECK(!(out[i] >= 'A' && out[i] <= 'Z'));
	CHECK(vntext_tone_normalize(&a, out, n, &out2, &n2) == VNTEXT_OK);
	CHECK(same(out, n, out2, n2));
	/* moving a tone mark never changes the search key */
	CHECK(vntext_fold(&a, out, n, &out2, &n2) == VNTEXT_OK);
	CHECK(same(key, keylen, out2, n2));

	char *vn = arena_alloc(&a, size + 1);
	CHECK(vn != NULL);
	size_t vnlen = only_vietnamese(s, size, vn);
	CHECK(vntext_fold(&a, vn, vnlen, &out, &n) == VNTEXT_OK);
	for (size_t i = 0; i < n; i++)
		CHECK((unsigned char)out[i] < 0x80);

	arena_release(&a);
	return 0;
}
