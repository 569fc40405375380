/* Unit tests for http/request and http/response without a server: the
 * request accessors, error styles, redirects, headers, cookies and the
 * way a handler can be tested by calling it on a hand-made request. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include "http/response.h"

static const struct http_hooks no_hooks = { 0 };
static const struct http_env env = {
	.hooks = &no_hooks, .json_prefix = "/api/", .max_response = 64,
};
static const struct http_env env_tls = {
	.hooks = &no_hooks, .json_prefix = "/api/", .max_response = 1 << 16, .secure_cookies = 1,
};

static const char *resp_header(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->priv.resp_headers.n; i++)
		if (!strcmp(req->priv.resp_headers.v[i].name, name))
			return req->priv.resp_headers.v[i].value;
	return NULL;
}

static void test_target_and_accessors(void **state)
{
	struct request *req = request_create(&env);
	assert_non_null(req);
	assert_string_equal(req->method, "GET");
	assert_int_equal(request_set_target(req, "/t%C3%ACm?q=h%C3%B2a+b%C3%ACnh&page=2&page=3"), FORM_OK);
	assert_string_equal(req->path, "/tìm");
	assert_string_equal(req->query, "q=h%C3%B2a+b%C3%ACnh&page=2&page=3");
	assert_string_equal(req_query(req, "q"), "hòa bình");
	const char *pages[3];
	assert_int_equal(req_query_values(req, "page", pages, 3), 2);
	assert_string_equal(pages[1], "3");
	assert_null(req_query(req, "none"));
	assert_int_equal(request_set_cookies(req, "sid=abc; x=1"), FORM_OK);
	assert_string_equal(req_cookie(req, "sid"), "abc");
	assert_int_equal(request_add_header(req, "Content-Type", "text/plain"), 0);
	assert_string_equal(req_header(req, "content-type"), "text/plain");
	assert_null(req_header(req, "Accept"));
	assert_null(req_arg(req, "code"));
	assert_null(req_arg_at(req, 0));
	assert_null(req_file(req, "f"));
	assert_int_equal(req_form_fields(req)->n, 0);
	request_free(req);

	req = request_create(&env);
	assert_int_equal(request_set_target(req, "/a%FF"), FORM_BAD_UTF8);
	assert_int_equal(request_set_target(req, "/a/../b"), FORM_MALFORMED);
	assert_int_equal(request_set_target(req, "/ok?x=%"), FORM_MALFORMED);
	request_free(req);
	request_free(NULL);
}

static void test_body_parsing(void **state)
{
	struct request *req = request_create(&env);
	req->content_type = "application/x-www-form-urlencoded; charset=UTF-8";
	req->body = "title=T%C3%AAn&tag=a&tag=b";
	req->body_len = strlen(req->body);
	assert_int_equal(request_parse_body(req), FORM_OK);
	assert_string_equal(req_form(req, "title"), "Tên");
	assert_int_equal(req_form_values(req, "tag", NULL, 0), 2);
	request_free(req);

	req = request_create(&env);
	req->content_type = "multipart/form-data; boundary=b";
	req->body = "--b\r\nContent-Disposition: form-data; name=f; filename=x.txt\r\n\r\nhi\r\n"
		    "--b\r\nContent-Disposition: form-data; name=f; filename=y.txt\r\n\r\nyo\r\n--b--";
	req->body_len = strlen(req->body);
	assert_int_equal(request_parse_body(req), FORM_OK);
	const struct http_file *files[2];
	assert_int_equal(req_files(req, "f", files, 2), 2);
	assert_string_equal(files[1]->filename, "y.txt");
	assert_memory_equal(req_file(req, "f")->data, "hi", 2);
	request_free(req);

	req = request_create(&env);
	req->content_type = "multipart/form-data";
	req->body = "x";
	req->body_len = 1;
	assert_int_equal(request_parse_body(req), FORM_MALFORMED);
	req->content_type = "application/json";
	assert_int_equal(request_parse_body(req), FORM_OK); /* left alone */
	request_free(req);
}

static void test_json_body(void **state)
{
	struct request *req = request_create(&env);
	assert_int_equal(request_set_target(req, "/api/v1/x"), FORM_OK);
	req->content_type = "application/json";
	req->body = "{\"a\":[1,2]}";
	req->body_len = strlen(req->body);
	json_t *v = req_json(req);
	assert_non_null(v);
	assert_ptr_equal(req_json(req), v); /* parsed once */
	assert_int_equal(json_array_size(json_object_get(v, "a")), 2);
	assert_false(http_responded(req));
	request_free(req); /* releases v */

	req = request_create(&env_tls);
	assert_int_equal(request_set_target(req, "/api/v1/x"), FORM_OK);
	req->content_type = "application/json";
	req->body = "{\"a\":1,\"a\":2}";
	req->body_len = strlen(req->body);
	assert_null(req_json(req));
	assert_int_equal(http_status(req), 400);
	assert_non_null(strstr(req->out->buf, "\"malformed_json\""));
	request_free(req);
}

static void test_errors(void **state)
{
	struct request *req = request_create(&env_tls);
	assert_int_equal(request_set_target(req, "/api/v1/feedback"), FORM_OK);
	assert_true(req_wants_json(req));
	assert_int_equal(http_error(req, 404, NULL, NULL), 0);
	assert_int_equal(http_status(req), 404);
	assert_string_equal(req->priv.type, "application/json; charset=utf-8");
	assert_string_equal(req->out->buf,
			    "{\"error\":{\"code\":\"not_found\",\"message\":\"Không tìm thấy trang\"}}\n");
	assert_int_equal(http_error(req, 409, "invalid_transition", "Không thể chuyển trạng thái"), 0);
	assert_string_equal(req->out->buf, "{\"error\":{\"code\":\"invalid_transition\","
			    "\"message\":\"Không thể chuyển trạng thái\"}}\n");
	request_free(req);

	req = request_create(&env_tls);
	assert_int_equal(request_set_target(req, "/phan-anh"), FORM_OK);
	assert_false(req_wants_json(req));
	assert_int_equal(http_error(req, 413, NULL, "Tệp <b> quá lớn"), 0);
	assert_string_equal(req->priv.type, "text/html; charset=utf-8");
	assert_non_null(strstr(req->out->buf, "<h1>Nội dung gửi lên quá lớn</h1>"));
	assert_non_null(strstr(req->out->buf, "<p>Tệp &lt;b&gt; quá lớn</p>"));
	request_free(req);

	assert_string_equal(http_status_message(401), "Bạn cần đăng nhập để tiếp tục");
	assert_string_equal(http_status_message(418), "Yêu cầu không hợp lệ");
	assert_string_equal(http_status_message(502), "Đã có lỗi xảy ra");
}

static void test_out_bound(void **state)
{
	struct request *req = request_create(&env); /* out is bounded to 64 bytes */
	for (int i = 0; i < 10; i++)
		(void)!sbuf_addstr(req->out, "0123456789");
	assert_false(sbuf_ok(req->out));
	assert_int_equal(http_html(req, 200, NULL), 0);
	assert_int_equal(http_status(req), 500);
	assert_int_equal(http_json(req, 200, NULL), 0);
	assert_int_equal(http_status(req), 500);
	/* a JSON body too big for out falls back to a fixed 500 */
	json_t *big = json_pack("{s:s}", "k", "0123456789012345678901234567890123456789012345678901234567890123456789");
	assert_int_equal(http_json(req, 200, big), 0);
	assert_int_equal(http_status(req), 500);
	assert_int_equal(req->priv.kind, RESP_BYTES);
	request_free(req);
}

static void test_headers_redirects_cookies(void **state)
{
	struct request *req = request_create(&env_tls);
	assert_int_equal(http_header(req, "X-Ok", "yes"), 0);
	assert_int_equal(http_header(req, "X Bad", "v"), -1);
	assert_int_equal(http_header(req, "X-Bad", "a\r\nSet-Cookie: x=1"), -1);
	assert_int_equal(http_header(req, "X-Bad", "a\nb"), -1);
	assert_string_equal(resp_header(req, "X-Ok"), "yes");
	assert_null(resp_header(req, "X-Bad"));

	assert_int_equal(http_redirect(req, 200, "/"), -1);
	assert_int_equal(http_redirect(req, 303, ""), -1);
	assert_int_equal(http_redirect(req, 303, "/x\r\n"), -1);
	assert_false(http_responded(req));
	assert_int_equal(http_redirect(req, 303, "/dang-nhap?next=%2Fquan-ly"), 0);
	assert_int_equal(http_status(req), 303);
	assert_string_equal(resp_header(req, "Location"), "/dang-nhap?next=%2Fquan-ly");

	assert_int_equal(http_set_cookie(req, "sid", "abc", 60, 0), 0);
	assert_string_equal(resp_header(req, "Set-Cookie"), "sid=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
	assert_int_equal(http_set_cookie(req, "sid", "a b", 60, 0), -1);

	assert_int_equal(http_bytes(req, 200, "image/png\r\nX: y", "x", 1), -1);
	assert_int_equal(http_status(req), 303); /* the earlier response stays */
	assert_int_equal(http_bytes(req, 204, NULL, "", 0), 0);
	assert_null(req->priv.type);
	request_free(req);
}

static int render(struct request *req, int status, const char *code, const char *message)
{
	/* calling http_error from the hook must not recurse */
	http_error(req, 500, NULL, NULL);
	if (!http_responded(req) || http_status(req) != 500)
		return -1;
	sbuf_reset(req->out);
	if (sbuf_addf(req->out, "custom %d %s", status, code) < 0)
		return -1;
	return http_html(req, status, NULL);
}

static int render_fail(struct request *req, int status, const char *code, const char *message)
{
	return -1;
}

static void test_render_error_hook(void **state)
{
	struct http_hooks hooks = { .render_error = render };
	struct http_env e = { .hooks = &hooks, .json_prefix = "/api/", .max_response = 4096 };
	struct request *req = request_create(&e);
	assert_int_equal(http_error(req, 403, "csrf_failed", NULL), 0);
	assert_int_equal(http_status(req), 403);
	assert_string_equal(req->out->buf, "custom 403 csrf_failed");
	request_free(req);

	hooks.render_error = render_fail;
	req = request_create(&e);
	assert_int_equal(http_error(req, 403, NULL, NULL), 0);
	assert_non_null(strstr(req->out->buf, "Bạn không có quyền thực hiện thao tác này"));
	request_free(req);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_and_accessors),
		cmocka_unit_test(test_body_parsing),
		cmocka_unit_test(test_json_body),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_out_bound),
		cmocka_unit_test(test_headers_redirects_cookies),
		cmocka_unit_test(test_render_error_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
