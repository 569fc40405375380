/* Unit tests for http/router: pattern compilation, matching, 404/405 with
 * Allow, HEAD, path arguments, and path decoding and validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "http/router.h"

static int h_any(struct request *req)
{
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/", h_any, 0, 0, "home", NULL },
	{ "GET", "/phan-anh/{code}", h_any, 0, 0, "feedback", NULL },
	{ "GET", "/phan-anh/gui", h_any, 0, 0, "form", NULL },
	{ "POST", "/phan-anh/gui", h_any, 0, 0, "submit", NULL },
	{ "POST", "/phan-anh/{code}/danh-gia", h_any, 0, 0, "rate", NULL },
	{ "DELETE", "/api/v1/tokens/current", h_any, ROUTE_JSON, 0, "revoke", NULL },
	{ "GET", "/static/{path*}", h_any, 0, 0, "static", NULL },
	{ "GET", "/a/{x}/{y}", h_any, 0, 0, "two", NULL },
	{ "PUT", "/a/{x}/{y}", h_any, 0, 0, "two_put", NULL },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct fixture {
	struct arena a;
	struct router r;
};

static int setup(void **state)
{
	struct fixture *f = malloc(sizeof(*f));
	arena_init(&f->a, 1024);
	if (router_init(&f->r, routes, NROUTES) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	router_release(&f->r);
	arena_release(&f->a);
	free(f);
	return 0;
}

static enum router_result match(void **state, const char *method, const char *path,
				struct router_match *m)
{
	struct fixture *f = *state;
	return router_match(&f->r, &f->a, method, path, m);
}

static void test_literal_and_args(void **state)
{
	struct router_match m;
	assert_int_equal(match(state, "GET", "/", &m), ROUTER_FOUND);
	assert_string_equal(m.route->name, "home");
	assert_int_equal(m.nargs, 0);
	assert_int_equal(match(state, "GET", "/phan-anh/ABC123", &m), ROUTER_FOUND);
	assert_string_equal(m.route->name, "feedback");
	assert_int_equal(m.index, 1);
	assert_int_equal(m.nargs, 1);
	assert_string_equal(m.args[0].name, "code");
	assert_string_equal(m.args[0].value, "ABC123");
	/* the literal route wins over the earlier {code} route */
	assert_int_equal(match(state, "GET", "/phan-anh/gui", &m), ROUTER_FOUND);
	assert_string_equal(m.route->name, "form");
	assert_int_equal(match(state, "POST", "/phan-anh/gui", &m), ROUTER_FOUND);
	assert_string_equal(m.route->name, "submit");
	assert_int_equal(match(state, "POST", "/phan-anh/X9/danh-gia", &m), ROUTER_FOUND);
	assert_string_equal(m.args[0].value, "X9");
	assert_int_equal(match(state, "GET", "/a/mot/hai", &m), ROUTER_FOUND);
	assert_int_equal(m.nargs, 2);
	assert_string_equal(m.args[0].name, "x");
	assert_string_equal(m.args[1].name, "y");
	assert_string_equal(m.args[1].value, "hai");
	/* UTF-8 arguments */
	assert_int_equal(match(state, "GET", "/phan-anh/Đà-Nẵng", &m), ROUTER_FOUND);
	assert_string_equal(m.args[0].value, "Đà-Nẵng");
}

static void test_rest(void **state)
{
	struct router_match m;
	assert_int_equal(match(state, "GET", "/static/app.css", &m), ROUTER_FOUND);
	assert_string_equal(m.args[0].name, "path");
	assert_string_equal(m.args[0].value, "app.css");
	assert_int_equal(match(state, "GET", "/static/img/logo.svg", &m), ROUTER_FOUND);
	assert_string_equal(m.args[0].value, "img/logo.svg");
	assert_int_equal(match(state, "GET", "/static/", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "/static", &m), ROUTER_NOT_FOUND);
}

static void test_not_found(void **state)
{
	struct router_match m;
	assert_int_equal(match(state, "GET", "/khong-co", &m), ROUTER_NOT_FOUND);
	assert_null(m.route);
	assert_int_equal(match(state, "GET", "/phan-anh/", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "/phan-anh", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "/phan-anh/a/b", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "/Phan-Anh/gui", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "//", &m), ROUTER_NOT_FOUND);
	assert_int_equal(match(state, "GET", "/a//b", &m), ROUTER_NOT_FOUND);
	/* more segments than the matcher holds */
	char deep[200] = "";
	for (int i = 0; i < 40; i++)
		memcpy(deep + i * 2, "/x", 3);
	assert_int_equal(match(state, "GET", deep, &m), ROUTER_NOT_FOUND);
}

static void test_method(void **state)
{
	struct router_match m;
	assert_int_equal(match(state, "HEAD", "/phan-anh/ABC", &m), ROUTER_FOUND);
	assert_string_equal(m.route->method, "GET");
	assert_int_equal(match(state, "DELETE", "/phan-anh/gui", &m), ROUTER_BAD_METHOD);
	assert_string_equal(m.allow, "GET, HEAD, POST");
	assert_int_equal(match(state, "POST", "/", &m), ROUTER_BAD_METHOD);
	assert_string_equal(m.allow, "GET, HEAD");
	assert_int_equal(match(state, "GET", "/api/v1/tokens/current", &m), ROUTER_BAD_METHOD);
	assert_string_equal(m.allow, "DELETE");
	assert_int_equal(match(state, "DELETE", "/a/1/2", &m), ROUTER_BAD_METHOD);
	assert_string_equal(m.allow, "GET, HEAD, PUT");
	assert_int_equal(match(state, "get", "/", &m), ROUTER_BAD_METHOD);
}

static void test_bad_patterns(void **state)
{
	static const struct route bad[][1] = {
		{ { "GET", "no-slash", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/{", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/{}", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/{a*}/b", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/x{a}", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/{a{b}", h_any, 0, 0, NULL, NULL } },
		{ { NULL, "/", h_any, 0, 0, NULL, NULL } },
		{ { "GET", "/", NULL, 0, 0, NULL, NULL } },
		{ { "GET", "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}", h_any, 0, 0, NULL, NULL } },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct router r;
		if (router_init(&r, bad[i], 1) == 0)
			fail_msg("pattern %zu accepted", i);
	}
	struct router r;
	assert_int_equal(router_init(&r, routes, 0), 0);
	struct router_match m;
	struct fixture *f = *state;
	assert_int_equal(router_match(&r, &f->a, "GET", "/", &m), ROUTER_NOT_FOUND);
	router_release(&r);
}

static enum form_status decode(void **state, const char *raw, char **out)
{
	struct fixture *f = *state;
	return router_decode_path(&f->a, raw, strlen(raw), out);
}

static void test_decode_path(void **state)
{
	char *p;
	assert_int_equal(decode(state, "/phan-anh/%C4%90%C3%A0%20N%E1%BA%B5ng", &p), FORM_OK);
	assert_string_equal(p, "/phan-anh/Đà Nẵng");
	assert_int_equal(decode(state, "/a+b", &p), FORM_OK);
	assert_string_equal(p, "/a+b");
	assert_int_equal(decode(state, "/", &p), FORM_OK);
	assert_string_equal(p, "/");
	assert_int_equal(decode(state, "/a/...b/.c", &p), FORM_OK);
	assert_int_equal(decode(state, "", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "a/b", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "http://x/", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "*", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/%", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/%e", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/%xy", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a/../b", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a/..", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/..", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/./a", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a/%2e%2E/b", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a%2Fb", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a%2fb", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a%0Ab", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a%7F", &p), FORM_MALFORMED);
	assert_int_equal(decode(state, "/a%00b", &p), FORM_BAD_UTF8);
	assert_int_equal(decode(state, "/%FF", &p), FORM_BAD_UTF8);
	assert_int_equal(decode(state, "/%C3", &p), FORM_BAD_UTF8);
	assert_int_equal(decode(state, "/\xc3\xa0", &p), FORM_OK);
	assert_int_equal(decode(state, "/\xe0\x80\xaf", &p), FORM_BAD_UTF8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literal_and_args, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_patterns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decode_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
