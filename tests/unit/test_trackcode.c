/* Unit tests for app/trackcode: code shape, check character, tolerant
 * parsing, and secrets stored as hashes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/trackcode.h"

static int in_alphabet(char c)
{
	return c && strchr(TRACKCODE_ALPHABET, c) != NULL;
}

static void test_new_shape(void **state)
{
	char code[TRACKCODE_BUFSZ], back[TRACKCODE_BUFSZ];
	for (int i = 0; i < 2000; i++) {
		trackcode_new(code);
		assert_int_equal(strlen(code), TRACKCODE_LEN);
		assert_int_equal(code[4], '-');
		for (int j = 0; j < TRACKCODE_LEN; j++)
			if (j != 4)
				assert_true(in_alphabet(code[j]));
		assert_int_equal(trackcode_parse(code, back), TRACKCODE_OK);
		assert_string_equal(code, back);
	}
	/* no ambiguous character in the alphabet */
	for (const char *p = "01OILSZ"; *p; p++)
		assert_false(in_alphabet(*p));
	assert_int_equal(strlen(TRACKCODE_ALPHABET), 29);
}

static void test_random(void **state)
{
	char a[TRACKCODE_BUFSZ], b[TRACKCODE_BUFSZ];
	int same = 0;
	for (int i = 0; i < 100; i++) {
		trackcode_new(a);
		trackcode_new(b);
		same += !strcmp(a, b);
	}
	assert_true(same < 2);
}

static void test_parse_tolerant(void **state)
{
	char code[TRACKCODE_BUFSZ], out[TRACKCODE_BUFSZ];
	trackcode_new(code);
	char lower[16], spaced[32], prefixed[32];
	for (int i = 0; code[i]; i++)
		lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ? code[i] + 32 : code[i]);
	lower[TRACKCODE_LEN] = '\0';
	assert_int_equal(trackcode_parse(lower, out), TRACKCODE_OK);
	assert_string_equal(out, code);
	snprintf(spaced, sizeof(spaced), " %.2s %.2s-%.2s %.2s ", code, code + 2, code + 5, code + 7);
	assert_int_equal(trackcode_parse(spaced, out), TRACKCODE_OK);
	assert_string_equal(out, code);
	snprintf(prefixed, sizeof(prefixed), "pa-%s", lower);
	assert_int_equal(trackcode_parse(prefixed, out), TRACKCODE_OK);
	assert_string_equal(out, code);
	snprintf(prefixed, sizeof(prefixed), "%.4s%.4s", code, code + 5);
	assert_int_equal(trackcode_parse(prefixed, out), TRACKCODE_OK);
	assert_string_equal(out, code);

	assert_int_equal(trackcode_parse("", out), TRACKCODE_MALFORMED);
	assert_string_equal(out, "");
	assert_int_equal(trackcode_parse("ABCD-EFG", out), TRACKCODE_MALFORMED);
	assert_int_equal(trackcode_parse("ABCD-EFGHJ", out), TRACKCODE_MALFORMED);
	assert_int_equal(trackcode_parse("ABCD-EFG0", out), TRACKCODE_MALFORMED);
	assert_int_equal(trackcode_parse("ABCD-EFGÀ", out), TRACKCODE_MALFORMED);
	assert_int_equal(trackcode_parse("XXABCDEFGHJKMNPQ", out), TRACKCODE_MALFORMED);
}

static void test_check_catches_typos(void **state)
{
	const char *alpha = TRACKCODE_ALPHABET;
	char code[TRACKCODE_BUFSZ], raw[9], typo[9], out[TRACKCODE_BUFSZ];
	for (int round = 0; round < 50; round++) {
		trackcode_new(code);
		memcpy(raw, code, 4);
		memcpy(raw + 4, code + 5, 4);
		raw[8] = '\0';
		/* every single substitution */
		for (int i = 0; i < 8; i++)
			for (int k = 0; k < 29; k++) {
				if (alpha[k] == raw[i])
					continue;
				memcpy(typo, raw, 9);
				typo[i] = alpha[k];
				assert_int_equal(trackcode_parse(typo, out), TRACKCODE_BAD_CHECK);
			}
		/* every swap of two different characters */
		for (int i = 0; i < 8; i++)
			for (int j = i + 1; j < 8; j++) {
				if (raw[i] == raw[j])
					continue;
				memcpy(typo, raw, 9);
				typo[i] = raw[j];
				typo[j] = raw[i];
				assert_int_equal(trackcode_parse(typo, out), TRACKCODE_BAD_CHECK);
			}
	}
	assert_int_equal(trackcode_check_char("ABC0EFG"), '\0');
}

static void test_secret(void **state)
{
	char s[TRACKCODE_SECRET_BUFSZ], t[TRACKCODE_SECRET_BUFSZ];
	unsigned char h[TRACKCODE_HASH_BYTES], h2[TRACKCODE_HASH_BYTES];
	trackcode_secret_new(s);
	trackcode_secret_new(t);
	assert_int_equal(strlen(s), TRACKCODE_SECRET_LEN);
	assert_string_not_equal(s, t);
	for (const char *p = s; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7'));
	assert_int_equal(trackcode_secret_hash(s, h), 0);
	assert_true(trackcode_secret_check(s, h, sizeof(h)));
	assert_false(trackcode_secret_check(t, h, sizeof(h)));
	assert_false(trackcode_secret_check(NULL, h, sizeof(h)));
	assert_false(trackcode_secret_check("", h, sizeof(h)));
	assert_false(trackcode_secret_check(s, h, 16));
	/* typed back in upper case with spaces */
	char typed[64];
	size_t n = 0;
	for (int i = 0; s[i]; i++) {
		if (i && i % 4 == 0)
			typed[n++] = ' ';
		typed[n++] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	}
	typed[n] = '\0';
	assert_true(trackcode_secret_check(typed, h, sizeof(h)));
	assert_int_equal(trackcode_secret_hash(typed, h2), 0);
	assert_memory_equal(h, h2, sizeof(h));
	/* one character off */
	memcpy(typed, s, sizeof(s));
	typed[3] = typed[3] == 'a' ? 'b' : 'a';
	assert_false(trackcode_secret_check(typed, h, sizeof(h)));
	assert_int_equal(trackcode_secret_hash("tooshort", h2), -1);
	assert_int_equal(trackcode_secret_hash("abcdefghijklmnopqrstuvwxy1", h2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_shape),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_parse_tolerant),
		cmocka_unit_test(test_check_catches_typos),
		cmocka_unit_test(test_secret),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
