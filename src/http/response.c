/*
 * response.c - setting a request's response: bodies, JSON, Vietnamese
 * error pages and API errors, redirects, downloads, headers and cookies.
 * The server (server.c) turns what is set here into a libmicrohttpd
 * response after the handler returns.
 */
#include "http/response.h"
#include "http/cookie.h"

#include <strings.h>

struct status_text {
	int status;
	const char *code;
	const char *message;
};

static const struct status_text status_texts[] = {
	{ 400, "bad_request", "Yêu cầu không hợp lệ" },
	{ 401, "unauthenticated", "Bạn cần đăng nhập để tiếp tục" },
	{ 403, "forbidden", "Bạn không có quyền thực hiện thao tác này" },
	{ 404, "not_found", "Không tìm thấy trang" },
	{ 405, "method_not_allowed", "Phương thức không được hỗ trợ" },
	{ 409, "conflict", "Yêu cầu xung đột với trạng thái hiện tại" },
	{ 413, "too_large", "Nội dung gửi lên quá lớn" },
	{ 414, "uri_too_long", "Địa chỉ yêu cầu quá dài" },
	{ 415, "unsupported_media_type", "Định dạng dữ liệu không được hỗ trợ" },
	{ 422, "validation_failed", "Dữ liệu chưa hợp lệ, vui lòng kiểm tra lại" },
	{ 429, "rate_limited", "Bạn đã gửi quá nhiều yêu cầu, vui lòng thử lại sau" },
	{ 431, "headers_too_large", "Phần đầu của yêu cầu quá lớn" },
	{ 500, "internal_error", "Đã có lỗi xảy ra" },
	{ 501, "not_implemented", "Máy chủ không hỗ trợ yêu cầu này" },
	{ 503, "unavailable", "Hệ thống tạm thời gián đoạn, vui lòng thử lại sau" },
};

static const struct status_text *status_lookup(int status)
{
	for (size_t i = 0; i < sizeof(status_texts) / sizeof(status_texts[0]); i++)
		if (status_texts[i].status == status)
			return &status_texts[i];
	return status_lookup(status >= 500 ? 500 : 400);
}

const char *http_status_message(int status)
{
	return status_lookup(status)->message;
}

static void set_response(struct request *req, int status, enum resp_kind kind,
			 const char *type)
{
	req->priv.status = status;
	req->priv.kind = kind;
	req->priv.type = type;
}

int http_responded(const struct request *req)
{
	return req->priv.kind != RESP_NONE;
}

int http_status(const struct request *req)
{
	return req->priv.kind != RESP_NONE ? req->priv.status : 0;
}

/* Last resort when even an error body cannot be built. */
static int fail_500(struct request *req)
{
	static const char body[] = "{\"error\":{\"code\":\"internal_error\","
		"\"message\":\"Đã có lỗi xảy ra\"}}\n";
	static const char page[] = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\">"
		"<title>Đã có lỗi xảy ra</title><h1>Đã có lỗi xảy ra</h1></html>\n";
	sbuf_reset(req->out);
	if (req_wants_json(req)) {
		set_response(req, 500, RESP_BYTES, "application/json; charset=utf-8");
		req->priv.bytes = body;
		req->priv.nbytes = sizeof(body) - 1;
	} else {
		set_response(req, 500, RESP_BYTES, "text/html; charset=utf-8");
		req->priv.bytes = page;
		req->priv.nbytes = sizeof(page) - 1;
	}
	return 0;
}

int http_send(struct request *req, int status, const char *content_type)
{
	if (!sbuf_ok(req->out))
		return http_error(req, 500, NULL, NULL);
	char *type = arena_strdup(req->arena, content_type);
	if (!type)
		return fail_500(req);
	set_response(req, status, RESP_OUT, type);
	return 0;
}

static int send_str(struct request *req, int status, const char *type, const char *s)
{
	if (s) {
		sbuf_reset(req->out);
		if (sbuf_addstr(req->out, s) < 0)
			return http_error(req, 500, NULL, NULL);
	}
	if (!sbuf_ok(req->out))
		return http_error(req, 500, NULL, NULL);
	set_response(req, status, RESP_OUT, type);
	return 0;
}

int http_html(struct request *req, int status, const char *html)
{
	return send_str(req, status, "text/html; charset=utf-8", html);
}

int http_text(struct request *req, int status, const char *text)
{
	return send_str(req, status, "text/plain; charset=utf-8", text);
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return sbuf_add(data, buf, size);
}

int http_json(struct request *req, int status, json_t *v)
{
	if (!v)
		return fail_500(req);
	sbuf_reset(req->out);
	int r = json_dump_callback(v, dump_cb, req->out, JSON_COMPACT);
	json_decref(v);
	/* jansson ignores a failed write of an object key, so check the
	 * buffer's sticky failure flag too, not only the result */
	if (r < 0 || !sbuf_ok(req->out) || sbuf_addch(req->out, '\n') < 0)
		return fail_500(req);
	set_response(req, status, RESP_OUT, "application/json; charset=utf-8");
	return 0;
}

static int has_resp_header(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->priv.resp_headers.n; i++)
		if (!strcasecmp(req->priv.resp_headers.v[i].name, name))
			return 1;
	return 0;
}

static int builtin_page(struct request *req, int status, const char *message)
{
	const char *title = http_status_message(status);
	struct sbuf *sb = req->out;
	sbuf_reset(sb);
	int r = sbuf_addf(sb, "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			  "<title>%d – ", status);
	r = r || sbuf_add_html(sb, title, strlen(title));
	r = r || sbuf_addstr(sb, "</title>\n</head>\n<body>\n<main>\n<h1>");
	r = r || sbuf_add_html(sb, title, strlen(title));
	r = r || sbuf_addstr(sb, "</h1>\n");
	if (message && strcmp(message, title)) {
		r = r || sbuf_addstr(sb, "<p>");
		r = r || sbuf_add_html(sb, message, strlen(message));
		r = r || sbuf_addstr(sb, "</p>\n");
	}
	r = r || sbuf_addstr(sb, "<p><a href=\"/\">Về trang chủ</a></p>\n</main>\n</body>\n</html>\n");
	if (r)
		return fail_500(req);
	set_response(req, status, RESP_OUT, "text/html; charset=utf-8");
	return 0;
}

int http_error_fields(struct request *req, int status, const char *code,
		      const char *message, json_t *fields)
{
	const struct status_text *st = status_lookup(status);
	if (!code)
		code = st->code;
	if (!message)
		message = st->message;
	if (status == 429 && !has_resp_header(req, "Retry-After"))
		http_header(req, "Retry-After", "60");
	if (req_wants_json(req)) {
		json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
		if (err && fields)
			json_object_set(err, "fields", fields);
		json_decref(fields);
		return http_json(req, status, err ? json_pack("{s:o}", "error", err) : NULL);
	}
	json_decref(fields);
	const struct http_hooks *h = req->priv.env->hooks;
	if (h && h->render_error && !req->priv.in_render_error) {
		req->priv.in_render_error = 1;
		req->priv.kind = RESP_NONE;
		int r = h->render_error(req, status, code, message);
		req->priv.in_render_error = 0;
		if (r == 0 && http_responded(req))
			return 0;
	}
	return builtin_page(req, status, message);
}

int http_error(struct request *req, int status, const char *code, const char *message)
{
	return http_error_fields(req, status, code, message, NULL);
}

int http_parse_error(struct request *req, enum form_status st)
{
	switch (st) {
	case FORM_OK:
		return 0;
	case FORM_BAD_UTF8:
		return http_error(req, 400, "invalid_utf8",
				  "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ");
	case FORM_NOMEM:
		return http_error(req, 500, NULL, NULL);
	case FORM_TOO_MANY:
		return http_error(req, 400, "bad_request", "Yêu cầu có quá nhiều trường dữ liệu");
	case FORM_MALFORMED:
		break;
	}
	return http_error(req, 400, "bad_request", NULL);
}

static int value_ok(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return 1;
}

int http_header(struct request *req, const char *name, const char *value)
{
	if (!cookie_name_valid(name) || !value_ok(value))
		return -1;
	char *n = arena_strdup(req->arena, name);
	char *v = arena_strdup(req->arena, value);
	if (!n || !v)
		return -1;
	return form_params_add(req->arena, &req->priv.resp_headers, n, v, strlen(v)) ? -1 : 0;
}

int http_redirect(struct request *req, int status, const char *location)
{
	if ((status != 301 && status != 302 && status != 303 && status != 307 && status != 308) ||
	    !*location || !value_ok(location) || strchr(location, '\t'))
		return -1;
	if (http_header(req, "Location", location) < 0)
		return -1;
	sbuf_reset(req->out);
	set_response(req, status, RESP_OUT, "text/plain; charset=utf-8");
	return 0;
}

int http_bytes(struct request *req, int status, const char *content_type,
	       const void *data, size_t len)
{
	char *type = NULL;
	if (content_type) {
		if (!value_ok(content_type) || !(type = arena_strdup(req->arena, content_type)))
			return -1;
	}
	set_response(req, status, RESP_BYTES, type);
	req->priv.bytes = data;
	req->priv.nbytes = len;
	return 0;
}

int http_attachment(struct request *req, const char *content_type, const char *filename,
		    const void *data, size_t len)
{
	struct sbuf sb = SBUF_INIT(4096);
	size_t n = strlen(filename);
	int r = sbuf_addstr(&sb, "attachment; filename=\"");
	for (size_t i = 0; i < n && r == 0; i++) {
		unsigned char c = (unsigned char)filename[i];
		int plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';';
		r = sbuf_addch(&sb, plain ? c : '_');
	}
	r = r || sbuf_addstr(&sb, "\"; filename*=UTF-8''");
	r = r || sbuf_add_urlenc(&sb, filename, n);
	char *disp = r ? NULL : arena_strdup(req->arena, sb.buf);
	sbuf_release(&sb);
	if (!disp || http_header(req, "Content-Disposition", disp) < 0)
		return -1;
	return http_bytes(req, 200, content_type, data, len);
}

int http_set_cookie(struct request *req, const char *name, const char *value,
		    long max_age, unsigned flags)
{
	struct sbuf sb = SBUF_INIT(4096);
	if (req->priv.env->secure_cookies)
		flags |= COOKIE_SECURE;
	int r = cookie_format(&sb, name, value, max_age, flags);
	if (r == 0)
		r = http_header(req, "Set-Cookie", sb.buf);
	sbuf_release(&sb);
	return r;
}
