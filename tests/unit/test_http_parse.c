/* Unit tests for the parsers of http/: query and urlencoded forms, cookies,
 * multipart bodies, with malformed and hostile inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"

static int setup(void **state)
{
	struct arena *a = malloc(sizeof(*a));
	arena_init(a, 1024);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena_release(*state);
	free(*state);
	return 0;
}

static enum form_status parse_form(struct arena *a, const char *s, struct form_params *p)
{
	form_params_init(p, FORM_MAX_FIELDS);
	return form_parse_urlencoded(a, s, strlen(s), p);
}

static void test_form_basic(void **state)
{
	struct form_params p;
	assert_int_equal(parse_form(*state, "page=2&q=d%C3%A2n+v%E1%BA%ADn&empty=&flag&&=x", &p), FORM_OK);
	assert_int_equal(p.n, 4);
	assert_string_equal(form_params_get(&p, "page"), "2");
	assert_string_equal(form_params_get(&p, "q"), "dân vận");
	assert_int_equal(p.v[1].len, strlen("dân vận"));
	assert_string_equal(form_params_get(&p, "empty"), "");
	assert_string_equal(form_params_get(&p, "flag"), "");
	assert_null(form_params_get(&p, "missing"));
	assert_null(form_params_get(&p, ""));
}

static void test_form_multi(void **state)
{
	struct form_params p;
	const char *vals[2];
	assert_int_equal(parse_form(*state, "unit=01&unit=02&unit=03&x=1", &p), FORM_OK);
	assert_string_equal(form_params_get(&p, "unit"), "01");
	assert_int_equal(form_params_values(&p, "unit", vals, 2), 3);
	assert_string_equal(vals[0], "01");
	assert_string_equal(vals[1], "02");
	assert_int_equal(form_params_values(&p, "x", NULL, 0), 1);
	/* encoded names decode too */
	assert_int_equal(parse_form(*state, "t%C3%AAn=An&a+b=c", &p), FORM_OK);
	assert_string_equal(form_params_get(&p, "tên"), "An");
	assert_string_equal(form_params_get(&p, "a b"), "c");
}

static void test_form_bad(void **state)
{
	struct form_params p;
	assert_int_equal(parse_form(*state, "a=%", &p), FORM_MALFORMED);
	assert_int_equal(parse_form(*state, "a=%4", &p), FORM_MALFORMED);
	assert_int_equal(parse_form(*state, "a=%zz", &p), FORM_MALFORMED);
	assert_int_equal(parse_form(*state, "%g1=b", &p), FORM_MALFORMED);
	assert_int_equal(parse_form(*state, "a=%FF", &p), FORM_BAD_UTF8);
	assert_int_equal(parse_form(*state, "a=%C0%AF", &p), FORM_BAD_UTF8);   /* overlong '/' */
	assert_int_equal(parse_form(*state, "a=%ED%A0%80", &p), FORM_BAD_UTF8); /* surrogate */
	assert_int_equal(parse_form(*state, "a=x%00y", &p), FORM_BAD_UTF8);
	assert_int_equal(parse_form(*state, "a=\xff", &p), FORM_BAD_UTF8);
	assert_int_equal(parse_form(*state, "%FF=1", &p), FORM_BAD_UTF8);
	/* a raw NUL inside the bounded input is rejected, not a terminator */
	form_params_init(&p, 10);
	assert_int_equal(form_parse_urlencoded(*state, "a=1\0b", 5, &p), FORM_BAD_UTF8);
}

static void test_form_limits(void **state)
{
	struct form_params p;
	form_params_init(&p, 3);
	const char *s = "a=1&b=2&c=3&d=4";
	assert_int_equal(form_parse_urlencoded(*state, s, strlen(s), &p), FORM_TOO_MANY);
	form_params_init(&p, 4);
	assert_int_equal(form_parse_urlencoded(*state, s, strlen(s), &p), FORM_OK);
	assert_int_equal(p.n, 4);
	/* only the given length is read */
	form_params_init(&p, 4);
	assert_int_equal(form_parse_urlencoded(*state, "a=12345", 4, &p), FORM_OK);
	assert_string_equal(form_params_get(&p, "a"), "12");
	/* a long value */
	size_t n = 200000;
	char *big = malloc(n + 3);
	memcpy(big, "v=", 2);
	memset(big + 2, 'x', n);
	big[n + 2] = '\0';
	assert_int_equal(parse_form(*state, big, &p), FORM_OK);
	assert_int_equal(p.v[0].len, n);
	free(big);
}

static void test_decode(void **state)
{
	char out[32];
	assert_int_equal(form_decode("a+b%20c", 7, 1, out), 5);
	assert_string_equal(out, "a b c");
	assert_int_equal(form_decode("a+b", 3, 0, out), 3);
	assert_string_equal(out, "a+b");
	assert_int_equal(form_decode("%2", 2, 0, out), -1);
	assert_int_equal(form_decode("%%41", 4, 0, out), -1);
	assert_int_equal(form_decode("%41%4a%4A", 9, 0, out), 3);
	assert_string_equal(out, "AJJ");
}

static void test_cookie_parse(void **state)
{
	struct form_params p = FORM_PARAMS_INIT(COOKIE_MAX);
	const char *h = "sid=abc123; theme=\"dark\";  lang = vi ;=novalue; noeq; bad name=1; "
			"ctl=a\x01" "b; sid=second; utf=t%C3%AA; last=";
	assert_int_equal(cookie_parse(*state, h, strlen(h), &p), FORM_OK);
	assert_string_equal(form_params_get(&p, "sid"), "abc123");
	assert_string_equal(form_params_get(&p, "theme"), "dark");
	assert_string_equal(form_params_get(&p, "lang"), "vi");
	assert_string_equal(form_params_get(&p, "utf"), "t%C3%AA"); /* not decoded */
	assert_string_equal(form_params_get(&p, "last"), "");
	assert_null(form_params_get(&p, "noeq"));
	assert_null(form_params_get(&p, "ctl"));
	assert_null(form_params_get(&p, "bad name"));
	assert_null(form_params_get(&p, ""));
	const char *vals[4];
	assert_int_equal(form_params_values(&p, "sid", vals, 4), 2);
	assert_string_equal(vals[1], "second");
	/* invalid UTF-8 values are dropped, the rest kept */
	struct form_params q = FORM_PARAMS_INIT(COOKIE_MAX);
	const char *h2 = "x=\xc3\x28; y=ok";
	assert_int_equal(cookie_parse(*state, h2, strlen(h2), &q), FORM_OK);
	assert_null(form_params_get(&q, "x"));
	assert_string_equal(form_params_get(&q, "y"), "ok");
	/* the count is bounded */
	struct form_params r = FORM_PARAMS_INIT(2);
	const char *h3 = "a=1; b=2; c=3";
	assert_int_equal(cookie_parse(*state, h3, strlen(h3), &r), FORM_OK);
	assert_int_equal(r.n, 2);
	/* empty and separator-only headers */
	struct form_params e = FORM_PARAMS_INIT(4);
	assert_int_equal(cookie_parse(*state, ";;; ;", 5, &e), FORM_OK);
	assert_int_equal(e.n, 0);
	assert_int_equal(cookie_parse(*state, "", 0, &e), FORM_OK);
}

static void test_cookie_format(void **state)
{
	struct sbuf sb = SBUF_INIT(512);
	assert_int_equal(cookie_format(&sb, "sid", "abcDEF-_09", 3600, 0), 0);
	assert_string_equal(sb.buf, "sid=abcDEF-_09; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
	sbuf_reset(&sb);
	assert_int_equal(cookie_format(&sb, "sid", "", 0, COOKIE_SECURE | COOKIE_STRICT), 0);
	assert_string_equal(sb.buf, "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; "
			    "HttpOnly; SameSite=Strict; Secure");
	sbuf_reset(&sb);
	assert_int_equal(cookie_format(&sb, "csrf", "t", -1, COOKIE_READABLE), 0);
	assert_string_equal(sb.buf, "csrf=t; Path=/; SameSite=Lax");
	sbuf_reset(&sb);
	/* attribute injection is impossible */
	assert_int_equal(cookie_format(&sb, "sid", "x; Domain=evil", 1, 0), -1);
	assert_int_equal(cookie_format(&sb, "sid", "a\r\nSet-Cookie: b", 1, 0), -1);
	assert_int_equal(cookie_format(&sb, "s id", "x", 1, 0), -1);
	assert_int_equal(cookie_format(&sb, "", "x", 1, 0), -1);
	assert_int_equal(cookie_format(&sb, "a=b", "x", 1, 0), -1);
	assert_int_equal(cookie_format(&sb, "sid", "dấu", 1, 0), -1);
	assert_string_equal(sb.buf, "");
	/* a full buffer fails and keeps the contents */
	struct sbuf small = SBUF_INIT(10);
	assert_int_equal(sbuf_addstr(&small, "keep"), 0);
	assert_int_equal(cookie_format(&small, "sid", "abc", 10, 0), -1);
	assert_string_equal(small.buf, "keep");
	sbuf_release(&small);
	sbuf_release(&sb);
}

#define CRLF "\r\n"

static enum form_status parse_mp(struct arena *a, const char *ct, const char *body, size_t len,
				 struct form_params *f, struct http_files *files)
{
	const char *b;
	form_params_init(f, FORM_MAX_FIELDS);
	files->v = NULL;
	files->n = files->cap = 0;
	files->max = MULTIPART_MAX_FILES;
	if (multipart_boundary(a, ct, &b) < 0)
		return FORM_MALFORMED;
	return multipart_parse(a, body, len, b, f, files);
}

static void test_multipart_ok(void **state)
{
	static const char body[] =
		"preamble to ignore" CRLF
		"--XyZ" CRLF
		"Content-Disposition: form-data; name=\"title\"" CRLF
		CRLF
		"Đường hỏng" CRLF
		"--XyZ" CRLF
		"content-disposition: form-data; name=\"tag\"" CRLF
		CRLF
		"a" CRLF
		"--XyZ" CRLF
		"Content-Disposition: form-data; name=\"tag\"" CRLF
		CRLF
		"b" CRLF
		"--XyZ" CRLF
		"Content-Disposition: form-data; name=\"file\"; filename=\"C:\\tmp\\ảnh 1.png\"" CRLF
		"Content-Type: image/png" CRLF
		CRLF
		"\x89PNG\r\n\0\x01binary--XyZnot-a-delimiter" CRLF
		"--XyZ" CRLF
		"Content-Disposition: form-data; name=\"file\"; filename=\"b.bin\"" CRLF
		CRLF
		"" CRLF
		"--XyZ" CRLF
		"Content-Disposition: form-data; name=\"empty\"; filename=\"\"" CRLF
		"Content-Type: application/octet-stream" CRLF
		CRLF
		CRLF
		"--XyZ--" CRLF
		"epilogue";
	struct form_params f;
	struct http_files files;
	assert_int_equal(parse_mp(*state, "multipart/form-data; boundary=XyZ", body, sizeof(body) - 1,
				  &f, &files), FORM_OK);
	assert_string_equal(form_params_get(&f, "title"), "Đường hỏng");
	assert_int_equal(form_params_values(&f, "tag", NULL, 0), 2);
	assert_int_equal(files.n, 2);
	const struct http_file *p = multipart_file(&files, "file");
	assert_non_null(p);
	assert_string_equal(p->filename, "ảnh 1.png");
	assert_string_equal(p->content_type, "image/png");
	const char want[] = "\x89PNG\r\n\0\x01binary--XyZnot-a-delimiter";
	assert_int_equal(p->len, sizeof(want) - 1);
	assert_memory_equal(p->data, want, sizeof(want) - 1);
	assert_string_equal(files.v[1].filename, "b.bin");
	assert_string_equal(files.v[1].content_type, "application/octet-stream");
	assert_int_equal(files.v[1].len, 0);
	assert_null(multipart_file(&files, "empty")); /* empty file input dropped */
}

static void test_multipart_boundary(void **state)
{
	const char *b;
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=abc", &b), 0);
	assert_string_equal(b, "abc");
	assert_int_equal(multipart_boundary(*state,
		"Multipart/Form-Data ; charset=utf-8; boundary=\"a b:c\"", &b), 0);
	assert_string_equal(b, "a b:c");
	assert_int_equal(multipart_boundary(*state, "multipart/form-data", &b), -1);
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=", &b), -1);
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=\"abc", &b), -1);
	assert_int_equal(multipart_boundary(*state, "multipart/mixed; boundary=abc", &b), -1);
	assert_int_equal(multipart_boundary(*state, "text/plain", &b), -1);
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=a;b", &b), 0);
	assert_string_equal(b, "a");
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=\"a\x01\"", &b), -1);
	assert_int_equal(multipart_boundary(*state, "multipart/form-data; boundary=\"ends \"", &b), -1);
	char longb[128] = "multipart/form-data; boundary=";
	memset(longb + strlen(longb), 'x', 71);
	assert_int_equal(multipart_boundary(*state, longb, &b), -1);
}

static void test_multipart_bad(void **state)
{
	const char *ct = "multipart/form-data; boundary=B";
	struct form_params f;
	struct http_files files;
	struct {
		const char *body;
		enum form_status want;
	} cases[] = {
		{ "", FORM_MALFORMED },
		{ "no boundary here", FORM_MALFORMED },
		{ "--B", FORM_MALFORMED },
		{ "--B" CRLF, FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "value", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "v" CRLF "--B", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"a\"", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: attachment; name=\"a\"" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"\"" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"a" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF "no colon line" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--Bjunk" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "v" CRLF "--B--", FORM_MALFORMED },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "\xff" CRLF "--B--", FORM_BAD_UTF8 },
		{ "--B" CRLF "Content-Disposition: form-data; name=\"\xc3\"" CRLF CRLF "v" CRLF "--B--", FORM_BAD_UTF8 },
		{ "--B" CRLF "Content-Disposition: form-data; name=a; filename=\"\xe1\x80\"" CRLF CRLF "v" CRLF "--B--", FORM_BAD_UTF8 },
		{ "--B" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "v" CRLF "--B--", FORM_OK },
		{ "--B--", FORM_OK },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum form_status st = parse_mp(*state, ct, cases[i].body, strlen(cases[i].body), &f, &files);
		if (st != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, st, cases[i].want);
	}
	/* a NUL in a text value is rejected */
	static const char nul[] = "--B" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "x\0y" CRLF "--B--";
	assert_int_equal(parse_mp(*state, ct, nul, sizeof(nul) - 1, &f, &files), FORM_BAD_UTF8);
	/* oversized part headers */
	size_t n = MULTIPART_MAX_PART_HEADERS + 100;
	char *big = malloc(n + 64);
	int len = snprintf(big, n + 64, "--B" CRLF "X-Pad: ");
	memset(big + len, 'p', n);
	memcpy(big + len + n, CRLF CRLF "v" CRLF "--B--", 12);
	assert_int_equal(parse_mp(*state, ct, big, (size_t)len + n + 12, &f, &files), FORM_MALFORMED);
	free(big);
}

static void test_multipart_limits(void **state)
{
	const char *ct = "multipart/form-data; boundary=B";
	struct sbuf sb = SBUF_INIT(1 << 20);
	for (int i = 0; i < MULTIPART_MAX_FILES + 1; i++)
		assert_int_equal(sbuf_addf(&sb, "--B" CRLF "Content-Disposition: form-data; name=f; "
					   "filename=\"%d.txt\"" CRLF CRLF "x" CRLF, i), 0);
	assert_int_equal(sbuf_addstr(&sb, "--B--"), 0);
	struct form_params f;
	struct http_files files;
	assert_int_equal(parse_mp(*state, ct, sb.buf, sb.len, &f, &files), FORM_TOO_MANY);
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_form_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_limits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
