/* In-process tests of http/server over real sockets: keep-alive, limits,
 * errors in HTML and JSON, security headers, forms, JSON bodies, static
 * files with ETag/304, metrics, hooks, access log and graceful stop. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <jansson.h>

#include "http/metrics.h"
#include "http/response.h"
#include "http/server.h"
#include "http/static.h"

/* ---- a tiny application ---- */

static int h_hello(struct request *req)
{
	return http_html(req, 200, "<p>Xin chào</p>");
}

static int h_echo(struct request *req)
{
	const char *q = req_query(req, "q");
	if (sbuf_addf(req->out, "name=%s q=%s path=%s", req_arg(req, "name"), q ? q : "-", req->path) < 0)
		return -1;
	return http_text(req, 200, NULL);
}

static int h_form(struct request *req)
{
	const struct http_file *f = req_file(req, "file");
	const char *tags[4];
	size_t ntags = req_form_values(req, "tag", tags, 4);
	int r = sbuf_addf(req->out, "title=%s tags=%zu", req_form(req, "title") ? req_form(req, "title") : "-",
			  ntags);
	if (r == 0 && f)
		r = sbuf_addf(req->out, " file=%s type=%s len=%zu", f->filename, f->content_type, f->len);
	if (r < 0)
		return -1;
	return http_text(req, 200, NULL);
}

static int h_json(struct request *req)
{
	json_t *in = req_json(req);
	if (!in)
		return 0;
	json_t *title = json_object_get(in, "title");
	if (!json_is_string(title))
		return http_error_fields(req, 422, NULL, NULL,
					 json_pack("{s:s}", "title", "Vui lòng nhập tiêu đề"));
	return http_json(req, 201, json_pack("{s:O, s:s}", "title", title, "status", "received"));
}

static int h_body_len(struct request *req)
{
	if (sbuf_addf(req->out, "%zu", req->body_len) < 0)
		return -1;
	return http_text(req, 200, NULL);
}

static int h_fail(struct request *req)
{
	if (sbuf_addstr(req->out, "half a page with secret details") < 0)
		return -1;
	return -1;
}

static int h_nothing(struct request *req)
{
	return 0;
}

static int h_cookie(struct request *req)
{
	const char *sid = req_cookie(req, "sid");
	if (http_set_cookie(req, "sid", "tok123", 3600, 0) < 0)
		return -1;
	if (sbuf_addf(req->out, "sid=%s", sid ? sid : "-") < 0)
		return -1;
	return http_text(req, 200, NULL);
}

static int h_forbidden(struct request *req)
{
	return http_error(req, 403, NULL, NULL);
}

static int h_limited(struct request *req)
{
	return http_error(req, 429, NULL, NULL);
}

static int h_download(struct request *req)
{
	static const char data[] = "%PDF-1.4 fake";
	return http_attachment(req, "application/pdf", "Báo cáo \"quý\" 1.pdf", data, sizeof(data) - 1);
}

static int h_redirect(struct request *req)
{
	if (http_redirect(req, 303, "/a\r\nX-Evil: 1") == 0)
		return -1;
	return http_redirect(req, 303, "/hello?da=1");
}

static int h_private(struct request *req)
{
	return http_text(req, 200, req->user ? "officer" : "anonymous");
}

/* suspension: answered from another thread after a delay, or resumed
 * before the handler has even returned */
static int later_then(struct request *req)
{
	return http_text(req, 200, req->user ? "later" : "early");
}

static void *resume_after(void *p)
{
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	http_resume(p);
	return NULL;
}

static int h_later(struct request *req)
{
	pthread_t t;
	req->user = (void *)"x";
	if (http_suspend(req, later_then) < 0)
		return -1;
	if (pthread_create(&t, NULL, resume_after, req) != 0)
		return -1;
	pthread_detach(t);
	return 0;
}

static int h_early(struct request *req)
{
	if (http_suspend(req, later_then) < 0)
		return -1;
	http_resume(req);
	return 0;
}

static const struct route routes[] = {
	{ "GET", "/later", h_later, 0, 0, "later", NULL },
	{ "GET", "/early", h_early, 0, 0, "early", NULL },
	{ "GET", "/hello", h_hello, 0, 0, "hello", NULL },
	{ "GET", "/echo/{name}", h_echo, 0, 0, "echo", NULL },
	{ "POST", "/form", h_form, ROUTE_UPLOAD, 0, "form", NULL },
	{ "POST", "/api/v1/json", h_json, ROUTE_JSON, 0, "json", NULL },
	{ "GET", "/api/v1/json", h_hello, ROUTE_JSON, 0, "json", NULL },
	{ "POST", "/small", h_body_len, 0, 100, "small", NULL },
	{ "POST", "/body", h_body_len, ROUTE_RAW, 0, "body", NULL },
	{ "GET", "/fail", h_fail, 0, 0, "fail", NULL },
	{ "GET", "/api/v1/fail", h_fail, ROUTE_JSON, 0, "api_fail", NULL },
	{ "GET", "/nothing", h_nothing, 0, 0, "nothing", NULL },
	{ "GET", "/cookie", h_cookie, 0, 0, "cookie", NULL },
	{ "GET", "/forbidden", h_forbidden, 0, 0, "forbidden", NULL },
	{ "GET", "/api/v1/limited", h_limited, ROUTE_JSON, 0, "limited", NULL },
	{ "GET", "/download", h_download, 0, 0, "download", NULL },
	{ "GET", "/redirect", h_redirect, 0, 0, "redirect", NULL },
	{ "GET", "/quan-ly", h_private, ROUTE_LOGIN, 0, "private", NULL },
	{ "GET", "/api/v1/private", h_private, ROUTE_LOGIN | ROUTE_JSON, 0, "api_private", NULL },
	{ "GET", "/static/{path*}", static_serve, 0, 0, "static", NULL },
	{ "GET", "/metrics", metrics_serve, 0, 0, "metrics", NULL },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static atomic_int before_calls, after_calls;

static int before(struct request *req, const struct route *route)
{
	atomic_fetch_add(&before_calls, 1);
	assert_ptr_equal(req->app, &before_calls);
	if (route->flags & ROUTE_LOGIN) {
		const char *auth = req_header(req, "Authorization");
		if (auth && !strcmp(auth, "Bearer good")) {
			req->user = req->arena; /* any non-NULL marker */
			return 0;
		}
		if (route->flags & ROUTE_JSON)
			http_error(req, 401, NULL, NULL);
		else
			http_redirect(req, 303, "/dang-nhap");
		return 1;
	}
	return 0;
}

static void after(struct request *req, const struct route *route)
{
	atomic_fetch_add(&after_calls, 1);
	http_header(req, "X-After", route->name);
}

static int render_error(struct request *req, int status, const char *code, const char *message)
{
	if (status != 403)
		return -1;
	/* a nested error gets the built-in page, not a loop */
	http_error(req, 500, NULL, NULL);
	sbuf_reset(req->out);
	if (sbuf_addf(req->out, "<h1>trang lỗi riêng %d %s</h1>", status, code) < 0)
		return -1;
	return http_html(req, status, NULL);
}

static int extra_metrics(struct sbuf *out, void *ctx)
{
	return sbuf_addstr(out, "danvan_test_gauge 7\n");
}

static const struct http_hooks hooks = {
	.ctx = &before_calls,
	.before = before,
	.after = after,
	.render_error = render_error,
	.metrics = extra_metrics,
};

static const unsigned char css[] = "body{color:#123}";
static const struct asset test_assets[] = {
	{ "static/app.css", css, sizeof(css) - 1 },
	{ "static/img/logo.svg", (const unsigned char *)"<svg/>", 6 },
	{ "templates/secret.html", (const unsigned char *)"no", 2 },
	{ NULL, NULL, 0 },
};

struct fixture {
	struct http_server *srv;
	FILE *log;
	unsigned port;
};

static int start(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->log = tmpfile();
	struct http_config cfg = {
		.listen = "127.0.0.1:0",
		.threads = 2,
		.log = f->log,
		.assets = test_assets,
		.max_body = 4096,
		.max_upload = 200000,
		.drain_timeout = 5,
	};
	if (http_server_start(&f->srv, &cfg, routes, NROUTES, &hooks) < 0)
		return -1;
	f->port = http_server_port(f->srv);
	*state = f;
	return 0;
}

static int stop(void **state)
{
	struct fixture *f = *state;
	http_server_stop(f->srv);
	fclose(f->log);
	free(f);
	return 0;
}

/* ---- a minimal HTTP/1.1 client ---- */

struct client {
	int fd;
	char *buf;
	size_t len, cap;
};

struct resp {
	int status;
	char *head; /* status line and headers, NUL-terminated */
	char *body;
	size_t body_len;
};

static void client_open(struct client *c, unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(c->fd >= 0);
	struct timeval tv = { .tv_sec = 10 };
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	c->len = 0;
	c->cap = 1 << 16;
	c->buf = malloc(c->cap);
}

static void client_close(struct client *c)
{
	close(c->fd);
	free(c->buf);
}

static void send_raw(struct client *c, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
		assert_true(n > 0);
		p += n;
		len -= (size_t)n;
	}
}

static void send_str(struct client *c, const char *s)
{
	send_raw(c, s, strlen(s));
}

/* Read more bytes; 0 at EOF or on a reset. */
static size_t fill(struct client *c)
{
	if (c->len == c->cap) {
		c->cap *= 2;
		c->buf = realloc(c->buf, c->cap);
	}
	ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
	if (n <= 0)
		return 0;
	c->len += (size_t)n;
	return (size_t)n;
}

static const char *header(const struct resp *r, const char *name)
{
	static char value[4096];
	size_t n = strlen(name);
	const char *p = strstr(r->head, "\r\n");
	while (p && p[2]) {
		p += 2;
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			size_t vl = strcspn(v, "\r");
			snprintf(value, sizeof(value), "%.*s", (int)vl, v);
			return value;
		}
		p = strstr(p, "\r\n");
	}
	return NULL;
}

static int read_resp(struct client *c, struct resp *r, int head_only)
{
	char *end;
	while (!(end = memmem(c->buf, c->len, "\r\n\r\n", 4)))
		if (!fill(c))
			return -1;
	size_t hlen = (size_t)(end - c->buf) + 2;
	r->head = malloc(hlen + 1);
	memcpy(r->head, c->buf, hlen);
	r->head[hlen] = '\0';
	r->status = (int)strtol(r->head + 9, NULL, 10);
	const char *cl = header(r, "Content-Length");
	size_t blen = cl && !head_only ? (size_t)strtoul(cl, NULL, 10) : 0;
	size_t start = hlen + 2;
	while (c->len - start < blen)
		if (!fill(c))
			return -1;
	r->body = malloc(blen + 1);
	memcpy(r->body, c->buf + start, blen);
	r->body[blen] = '\0';
	r->body_len = blen;
	memmove(c->buf, c->buf + start + blen, c->len - start - blen);
	c->len -= start + blen;
	return 0;
}

static void resp_free(struct resp *r)
{
	free(r->head);
	free(r->body);
}

/* One request on a fresh connection. */
static void get(unsigned port, const char *req_text, struct resp *r)
{
	struct client c;
	client_open(&c, port);
	send_str(&c, req_text);
	assert_int_equal(read_resp(&c, r, !strncmp(req_text, "HEAD ", 5)), 0);
	client_close(&c);
}

static void assert_security_headers(const struct resp *r)
{
	assert_non_null(header(r, "Content-Security-Policy"));
	assert_string_equal(header(r, "Content-Security-Policy"), HTTP_CSP);
	assert_string_equal(header(r, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(header(r, "Referrer-Policy"), "same-origin");
	assert_string_equal(header(r, "X-Frame-Options"), "DENY");
}

/* ---- tests ---- */

static void test_keep_alive(void **state)
{
	struct fixture *f = *state;
	struct client c;
	struct resp r;
	client_open(&c, f->port);
	send_str(&c, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "<p>Xin chào</p>");
	assert_string_equal(header(&r, "Content-Type"), "text/html; charset=utf-8");
	assert_string_equal(header(&r, "Cache-Control"), "no-store");
	assert_null(header(&r, "Connection"));
	assert_security_headers(&r);
	resp_free(&r);
	/* the same connection serves a second and a third (pipelined) request */
	send_str(&c, "GET /echo/b%C3%A0?q=a+b HTTP/1.1\r\nHost: x\r\n\r\n"
		     "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "name=bà q=a b path=/echo/bà");
	resp_free(&r);
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	client_close(&c);
}

static void test_suspend(void **state)
{
	struct fixture *f = *state;
	struct client c;
	struct resp r;
	client_open(&c, f->port);
	for (int i = 0; i < 3; i++) {
		send_str(&c, "GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
		assert_int_equal(read_resp(&c, &r, 0), 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, "later");
		assert_security_headers(&r);
		resp_free(&r);
		/* the connection stays usable after a suspended request */
		send_str(&c, "GET /early HTTP/1.1\r\nHost: x\r\n\r\n");
		assert_int_equal(read_resp(&c, &r, 0), 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, "early");
		resp_free(&r);
	}
	client_close(&c);
}

static void test_head(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Length"), "16");
	assert_int_equal(r.body_len, 0);
	resp_free(&r);
}

static void test_not_found(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "GET /khong-co HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(header(&r, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "<html lang=\"vi\">"));
	assert_non_null(strstr(r.body, "Không tìm thấy trang"));
	assert_security_headers(&r);
	resp_free(&r);

	get(f->port, "GET /api/v1/khong-co HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(header(&r, "Content-Type"), "application/json; charset=utf-8");
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
			    "not_found");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "message")),
			    "Không tìm thấy trang");
	json_decref(j);
	assert_security_headers(&r);
	resp_free(&r);

	/* Accept: application/json makes an unrouted error JSON too */
	get(f->port, "GET /x HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n", &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(header(&r, "Content-Type"), "application/json; charset=utf-8");
	resp_free(&r);
}

static void test_method_not_allowed(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 405);
	assert_string_equal(header(&r, "Allow"), "GET, HEAD");
	assert_non_null(strstr(r.body, "Phương thức không được hỗ trợ"));
	resp_free(&r);
	get(f->port, "PUT /api/v1/json HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", &r);
	assert_int_equal(r.status, 405);
	assert_string_equal(header(&r, "Allow"), "POST, GET, HEAD");
	assert_non_null(strstr(r.body, "\"method_not_allowed\""));
	resp_free(&r);
	/* an error on a request with a body closes the connection unread */
	get(f->port, "PUT /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", &r);
	assert_int_equal(r.status, 405);
	assert_string_equal(header(&r, "Connection"), "close");
	resp_free(&r);
}

static void test_bad_requests(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	static const struct {
		const char *target;
		int status;
		const char *code;
	} cases[] = {
		{ "/echo/%FF", 400, "invalid_utf8" },
		{ "/echo/a%00b", 400, "invalid_utf8" },
		{ "/echo/x?q=%C3", 400, "invalid_utf8" },
		{ "/static/../templates/secret.html", 400, "bad_request" },
		{ "/static/%2e%2e/templates/secret.html", 400, "bad_request" },
		{ "/echo/a%2Fb", 400, "bad_request" },
		{ "/echo/%zz", 400, "bad_request" },
		{ "/echo/x?q=%", 400, "bad_request" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char req[256];
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n",
			 cases[i].target);
		get(f->port, req, &r);
		if (r.status != cases[i].status || !strstr(r.body, cases[i].code))
			fail_msg("%s: %d %s", cases[i].target, r.status, r.body);
		assert_security_headers(&r);
		resp_free(&r);
	}
	/* HTML style by default */
	get(f->port, "GET /echo/%FF HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "Yêu cầu không hợp lệ"));
	resp_free(&r);
}

static void test_too_large(void **state)
{
	struct fixture *f = *state;
	struct client c;
	struct resp r;
	/* Content-Length over the route limit: 413 before any body byte is sent */
	client_open(&c, f->port);
	send_str(&c, "POST /small HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
		     "Content-Length: 101\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(header(&r, "Connection"), "close");
	assert_non_null(strstr(r.body, "Nội dung gửi lên quá lớn"));
	assert_security_headers(&r);
	resp_free(&r);
	assert_int_equal(fill(&c), 0); /* the server closed the connection */
	client_close(&c);

	/* exactly at the limit is fine */
	char body[101];
	memset(body, 'a', 100);
	body[100] = '\0';
	client_open(&c, f->port);
	send_str(&c, "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
	send_str(&c, body);
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "100");
	resp_free(&r);
	client_close(&c);

	/* chunked, no Content-Length: 413 once the bytes received pass it */
	client_open(&c, f->port);
	send_str(&c, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
		     "40\r\n");
	char chunk[0x40 + 2];
	memset(chunk, 'b', 0x40);
	memcpy(chunk + 0x40, "\r\n", 2);
	send_raw(&c, chunk, sizeof(chunk));
	send_str(&c, "40\r\n");
	send_raw(&c, chunk, sizeof(chunk));
	send_str(&c, "0\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(header(&r, "Connection"), "close");
	resp_free(&r);
	client_close(&c);

	/* a chunked flood past the limit is cut off, never buffered */
	client_open(&c, f->port);
	send_str(&c, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
	size_t flood = 64 * 1024;
	char *big = malloc(flood + 16);
	int hl = snprintf(big, 16, "%zx\r\n", flood);
	memset(big + hl, 'f', flood);
	memcpy(big + hl + flood, "\r\n", 2);
	int cut = 0;
	for (int i = 0; i < 64 && !cut; i++)
		if (send(c.fd, big, (size_t)hl + flood + 2, MSG_NOSIGNAL) <= 0)
			cut = 1;
	free(big);
	assert_int_not_equal(read_resp(&c, &r, 0), 0); /* no response, just closed */
	client_close(&c);

	/* the default limit (max_body 4096) applies to routes without one */
	client_open(&c, f->port);
	send_str(&c, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 4097\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 413);
	resp_free(&r);
	client_close(&c);

	/* a JSON route answers 413 in JSON */
	client_open(&c, f->port);
	send_str(&c, "POST /api/v1/json HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "\"too_large\""));
	resp_free(&r);
	client_close(&c);
}

static void test_huge_headers(void **state)
{
	struct fixture *f = *state;
	struct client c;
	struct resp r;
	size_t n = 64 * 1024;
	char *big = malloc(n + 64);
	int len = snprintf(big, n + 64, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(big + len, 'h', n);
	memcpy(big + len + n, "\r\n\r\n", 5);
	client_open(&c, f->port);
	send(c.fd, big, (size_t)len + n + 4, MSG_NOSIGNAL);
	if (read_resp(&c, &r, 0) == 0) {
		assert_true(r.status == 431 || r.status == 413 || r.status == 400);
		resp_free(&r);
	}
	client_close(&c);
	free(big);
	/* the server still answers */
	get(f->port, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);
}

static void post(unsigned port, const char *path, const char *type, const char *body, size_t len,
		 struct resp *r)
{
	struct client c;
	char head[512];
	client_open(&c, port);
	snprintf(head, sizeof(head), "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
		 "Content-Length: %zu\r\n\r\n", path, type, len);
	send_str(&c, head);
	send_raw(&c, body, len);
	assert_int_equal(read_resp(&c, r, 0), 0);
	client_close(&c);
}

static void test_forms(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	const char *form = "title=%C4%90%C6%B0%E1%BB%9Dng+h%E1%BB%8Fng&tag=a&tag=b";
	post(f->port, "/form", "application/x-www-form-urlencoded", form, strlen(form), &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "title=Đường hỏng tags=2");
	assert_string_equal(header(&r, "X-After"), "form");
	resp_free(&r);

	post(f->port, "/form", "application/x-www-form-urlencoded", "title=%FF", 9, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "Yêu cầu không hợp lệ"));
	resp_free(&r);

	static const char mp[] =
		"--zz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nTiêu đề\r\n"
		"--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ảnh.png\"\r\n"
		"Content-Type: image/png\r\n\r\n\x89PNG\0\r\n--zz--\r\n";
	post(f->port, "/form", "multipart/form-data; boundary=zz", mp, sizeof(mp) - 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "title=Tiêu đề tags=0 file=ảnh.png type=image/png len=5");
	resp_free(&r);

	/* a file bigger than one read: the body arrives in many pieces */
	struct sbuf big = SBUF_INIT(200000);
	assert_int_equal(sbuf_addstr(&big, "--zz\r\nContent-Disposition: form-data; name=\"file\"; "
				     "filename=\"big.bin\"\r\n\r\n"), 0);
	for (int i = 0; i < 150000; i++)
		assert_int_equal(sbuf_addch(&big, 'a' + i % 26), 0);
	assert_int_equal(sbuf_addstr(&big, "\r\n--zz--\r\n"), 0);
	post(f->port, "/form", "multipart/form-data; boundary=zz", big.buf, big.len, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "title=- tags=0 file=big.bin type=application/octet-stream len=150000");
	resp_free(&r);
	sbuf_release(&big);

	/* a truncated multipart body */
	post(f->port, "/form", "multipart/form-data; boundary=zz", mp, 60, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	/* a missing boundary */
	post(f->port, "/form", "multipart/form-data", mp, sizeof(mp) - 1, &r);
	assert_int_equal(r.status, 400);
	resp_free(&r);
	/* ROUTE_RAW leaves bodies alone */
	post(f->port, "/body", "application/x-www-form-urlencoded", "a=%FF", 5, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "5");
	resp_free(&r);
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	const char *ok = "{\"title\":\"Đèn đường\"}";
	post(f->port, "/api/v1/json", "application/json; charset=utf-8", ok, strlen(ok), &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(header(&r, "Content-Type"), "application/json; charset=utf-8");
	assert_string_equal(r.body, "{\"title\":\"Đèn đường\",\"status\":\"received\"}\n");
	resp_free(&r);

	post(f->port, "/api/v1/json", "application/json", "{\"title\":", 9, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"malformed_json\""));
	resp_free(&r);

	post(f->port, "/api/v1/json", "application/json", "{\"title\":\"\xff\"}", 12, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "\"malformed_json\""));
	resp_free(&r);

	post(f->port, "/api/v1/json", "text/plain", ok, strlen(ok), &r);
	assert_int_equal(r.status, 415);
	assert_non_null(strstr(r.body, "\"unsupported_media_type\""));
	resp_free(&r);

	post(f->port, "/api/v1/json", "application/json", "{\"x\":1}", 7, &r);
	assert_int_equal(r.status, 422);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	json_t *err = json_object_get(j, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "validation_failed");
	assert_string_equal(json_string_value(json_object_get(json_object_get(err, "fields"), "title")),
			    "Vui lòng nhập tiêu đề");
	json_decref(j);
	resp_free(&r);
}

static void test_handler_failure(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "GET /fail HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.body, "Đã có lỗi xảy ra"));
	assert_null(strstr(r.body, "secret"));
	assert_security_headers(&r);
	resp_free(&r);
	get(f->port, "GET /api/v1/fail HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.body, "\"internal_error\""));
	resp_free(&r);
	get(f->port, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 500);
	resp_free(&r);
}

static void test_hooks(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	int before0 = atomic_load(&before_calls);
	get(f->port, "GET /quan-ly HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 303);
	assert_string_equal(header(&r, "Location"), "/dang-nhap");
	assert_string_equal(header(&r, "X-After"), "private");
	assert_security_headers(&r);
	resp_free(&r);
	get(f->port, "GET /quan-ly HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "officer");
	resp_free(&r);
	get(f->port, "GET /api/v1/private HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"unauthenticated\""));
	resp_free(&r);
	assert_int_equal(atomic_load(&before_calls) - before0, 3);
	/* render_error */
	get(f->port, "GET /forbidden HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(r.body, "<h1>trang lỗi riêng 403 forbidden</h1>");
	resp_free(&r);
	/* 429 gets Retry-After */
	get(f->port, "GET /api/v1/limited HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 429);
	assert_string_equal(header(&r, "Retry-After"), "60");
	assert_non_null(strstr(r.body, "\"rate_limited\""));
	resp_free(&r);
}

static void test_cookies_and_downloads(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "GET /cookie HTTP/1.1\r\nHost: x\r\nCookie: theme=dark; sid=abc\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "sid=abc");
	assert_string_equal(header(&r, "Set-Cookie"), "sid=tok123; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
	resp_free(&r);
	get(f->port, "GET /cookie HTTP/1.1\r\nHost: x\r\nCookie: sid=\xff\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "sid=-");
	resp_free(&r);
	get(f->port, "GET /download HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Type"), "application/pdf");
	assert_string_equal(header(&r, "Content-Disposition"),
			    "attachment; filename=\"B__o c__o _qu___ 1.pdf\"; "
			    "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22%201.pdf");
	assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(r.body, "%PDF-1.4 fake");
	resp_free(&r);
	get(f->port, "GET /redirect HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 303);
	assert_string_equal(header(&r, "Location"), "/hello?da=1");
	assert_null(header(&r, "X-Evil"));
	resp_free(&r);
}

static void test_static(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	char req[256], etag[64];
	get(f->port, "GET /static/app.css HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "body{color:#123}");
	assert_string_equal(header(&r, "Content-Type"), "text/css; charset=utf-8");
	assert_string_equal(header(&r, "Cache-Control"), "public, max-age=86400");
	assert_security_headers(&r);
	snprintf(etag, sizeof(etag), "%s", header(&r, "ETag"));
	assert_int_equal(strlen(etag), 34);
	assert_int_equal(etag[0], '"');
	resp_free(&r);

	snprintf(req, sizeof(req), "GET /static/app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"x\", %s\r\n\r\n",
		 etag);
	get(f->port, req, &r);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	assert_string_equal(header(&r, "ETag"), etag);
	assert_security_headers(&r);
	resp_free(&r);

	get(f->port, "GET /static/app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	const char *v = static_version("app.css");
	assert_non_null(v);
	assert_int_equal(strncmp(etag + 1, v, 16), 0);
	snprintf(req, sizeof(req), "GET /static/app.css?v=%s HTTP/1.1\r\nHost: x\r\n\r\n", v);
	get(f->port, req, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Cache-Control"), "public, max-age=31536000, immutable");
	resp_free(&r);

	get(f->port, "GET /static/img/logo.svg HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Type"), "image/svg+xml; charset=utf-8");
	resp_free(&r);

	get(f->port, "GET /static/missing.css HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	get(f->port, "GET /static/secret.html HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
}

static void test_metrics(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	struct client c;
	for (int i = 0; i < 3; i++) {
		get(f->port, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", &r);
		resp_free(&r);
	}
	get(f->port, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	resp_free(&r);
	metrics_count_db_error();
	/* on_completed runs after the response is sent: let it */
	usleep(100 * 1000);
	client_open(&c, f->port);
	send_str(&c, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	client_close(&c);
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
	assert_non_null(strstr(r.body, "# TYPE danvan_http_requests_total counter\n"));
	assert_non_null(strstr(r.body, "danvan_http_requests_total{route=\"hello\",status=\"200\"} 3\n"));
	assert_non_null(strstr(r.body, "danvan_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
	assert_non_null(strstr(r.body, "# TYPE danvan_http_request_duration_seconds histogram\n"));
	assert_non_null(strstr(r.body, "danvan_http_request_duration_seconds_bucket{route=\"hello\",le=\"+Inf\"} 3\n"));
	assert_non_null(strstr(r.body, "danvan_http_request_duration_seconds_count{route=\"hello\"} 3\n"));
	assert_non_null(strstr(r.body, "danvan_http_response_bytes_total{route=\"hello\"} 48\n"));
	assert_non_null(strstr(r.body, "danvan_http_open_connections 1\n"));
	assert_non_null(strstr(r.body, "danvan_http_requests_in_flight 1\n"));
	assert_non_null(strstr(r.body, "danvan_db_errors_total 1\n"));
	assert_non_null(strstr(r.body, "danvan_test_gauge 7\n"));
	resp_free(&r);
}

static void test_access_log(void **state)
{
	struct fixture *f = *state;
	struct resp r;
	get(f->port, "GET /echo/log%0D?secret=abc HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	resp_free(&r);
	get(f->port, "GET /echo/nh%E1%BA%ADt-k%C3%BD?secret=abc HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	resp_free(&r);
	usleep(100 * 1000);
	fflush(f->log);
	rewind(f->log);
	char line[1024];
	int seen = 0, seen_bad = 0;
	while (fgets(line, sizeof(line), f->log)) {
		if (strstr(line, "secret="))
			fail_msg("log line: %s", line);
		if (!strstr(line, " GET "))
			continue; /* libmicrohttpd's own messages */
		if (strstr(line, " 127.0.0.1 GET /echo/nh%E1%BA%ADt-k%C3%BD 200 "))
			seen = 1;
		if (strstr(line, " 127.0.0.1 GET /echo/log%0D 400 "))
			seen_bad = 1;
		assert_non_null(strstr(line, "us"));
	}
	assert_true(seen);
	assert_true(seen_bad);
}

struct slow_stop {
	struct http_server *srv;
	atomic_int done;
};

static void *stop_thread(void *p)
{
	struct slow_stop *s = p;
	http_server_stop(s->srv);
	atomic_store(&s->done, 1);
	return NULL;
}

static void test_graceful_stop(void **state)
{
	struct http_server *srv;
	struct http_config cfg = { .listen = "127.0.0.1:0", .threads = 1, .quiet = 1,
				   .assets = test_assets, .drain_timeout = 10 };
	assert_int_equal(http_server_start(&srv, &cfg, routes, NROUTES, &hooks), 0);
	unsigned port = http_server_port(srv);
	assert_true(port > 0);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%u", port);
	assert_string_equal(http_server_url(srv), url);

	/* a request in flight: headers and half the body */
	struct client c;
	struct resp r;
	client_open(&c, port);
	send_str(&c, "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
	usleep(100 * 1000);
	struct slow_stop s = { .srv = srv };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, stop_thread, &s), 0);
	usleep(200 * 1000);
	assert_int_equal(atomic_load(&s.done), 0); /* waiting for our request */
	/* new connections are closed unanswered meanwhile */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		char buf[64];
		const char *get = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
		(void)!write(fd, get, strlen(get));
		struct timeval tv = { 2, 0 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		assert_true(read(fd, buf, sizeof(buf)) <= 0);
	}
	close(fd);
	send_str(&c, "67890");
	assert_int_equal(read_resp(&c, &r, 0), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "10");
	resp_free(&r);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&s.done), 1);
	client_close(&c);
}

static atomic_int waiting_done;

static void *signal_thread(void *p)
{
	pthread_t main_thread = *(pthread_t *)p;
	while (!atomic_load(&waiting_done)) {
		pthread_kill(main_thread, SIGTERM);
		usleep(20 * 1000);
	}
	return NULL;
}

static void test_wait_signal(void **state)
{
	struct http_server *srv;
	struct http_config cfg = { .listen = "[::1]:0", .threads = 1, .quiet = 1, .assets = test_assets };
	if (http_server_start(&srv, &cfg, routes, NROUTES, NULL) < 0) {
		/* no IPv6 here: the same on IPv4 */
		cfg.listen = "localhost:0";
		assert_int_equal(http_server_start(&srv, &cfg, routes, NROUTES, NULL), 0);
	}
	/* woken by hand */
	http_server_wake(srv);
	assert_int_equal(http_server_wait(srv), 0);
	/* woken by SIGTERM (ignored until the wait installs its handler) */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGTERM, &ign, &old);
	pthread_t self = pthread_self(), t;
	atomic_store(&waiting_done, 0);
	assert_int_equal(pthread_create(&t, NULL, signal_thread, &self), 0);
	assert_int_equal(http_server_wait(srv), SIGTERM);
	atomic_store(&waiting_done, 1);
	pthread_join(t, NULL);
	sigaction(SIGTERM, &old, NULL);
	http_server_stop(srv);
}

static void test_listen_parse(void **state)
{
	struct sockaddr_storage ss;
	socklen_t len;
	assert_int_equal(http_parse_listen("127.0.0.1:8080", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 8080);
	assert_int_equal(http_parse_listen("[::1]:443", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port), 443);
	assert_int_equal(http_parse_listen(":80", &ss, &len), 0);
	assert_int_equal(((struct sockaddr_in *)&ss)->sin_addr.s_addr, htonl(INADDR_ANY));
	assert_int_equal(http_parse_listen("*:0", &ss, &len), 0);
	assert_int_equal(http_parse_listen("localhost:1", &ss, &len), 0);
	assert_int_equal(http_parse_listen("127.0.0.1", &ss, &len), -1);
	assert_int_equal(http_parse_listen("127.0.0.1:", &ss, &len), -1);
	assert_int_equal(http_parse_listen("127.0.0.1:65536", &ss, &len), -1);
	assert_int_equal(http_parse_listen("127.0.0.1:-1", &ss, &len), -1);
	assert_int_equal(http_parse_listen("127.0.0.1:80x", &ss, &len), -1);
	assert_int_equal(http_parse_listen("300.0.0.1:80", &ss, &len), -1);
	assert_int_equal(http_parse_listen("[::1:80", &ss, &len), -1);
	assert_int_equal(http_parse_listen("::1:80", &ss, &len), -1);
	assert_int_equal(http_parse_listen("example.org:80", &ss, &len), -1);
	/* a bad address or route table fails to start */
	struct http_server *srv;
	struct http_config cfg = { .listen = "nope", .quiet = 1, .log = stderr };
	assert_int_equal(http_server_start(&srv, &cfg, routes, NROUTES, NULL), -1);
	static const struct route bad[] = { { "GET", "x", h_hello, 0, 0, NULL, NULL } };
	cfg.listen = "127.0.0.1:0";
	assert_int_equal(http_server_start(&srv, &cfg, bad, 1, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_suspend),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_method_not_allowed),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_huge_headers),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_handler_failure),
		cmocka_unit_test(test_hooks),
		cmocka_unit_test(test_cookies_and_downloads),
		cmocka_unit_test(test_static),
		cmocka_unit_test(test_access_log),
	};
	const struct CMUnitTest fresh[] = {
		cmocka_unit_test_setup_teardown(test_metrics, start, stop),
		cmocka_unit_test(test_graceful_stop),
		cmocka_unit_test(test_wait_signal),
		cmocka_unit_test(test_listen_parse),
	};
	int failed = cmocka_run_group_tests_name("server", tests, start, stop);
	return failed + cmocka_run_group_tests_name("lifecycle", fresh, NULL, NULL);
}
