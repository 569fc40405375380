/*
 * fuzz_path.c - libFuzzer target for routing: a request target goes through
 * request_set_target() (split, path decoding, query parsing) and the decoded
 * path through router_match() against a copy of danvan's route patterns.
 * A match must rebuild the path exactly from the pattern and its arguments;
 * a 405 must list methods that do match; nothing may crash or leak.
 *
 * Input: byte 0 picks the method; the rest is the request target as it
 * comes after the method on the request line.
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/request.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                       \
			abort();                                                 \
		}                                                                \
	} while (0)

static int h(struct request *req)
{
	return 0;
}

/* The patterns of web/routes.c, plus the planned feedback routes. */
static const struct route routes[] = {
	{ "GET", "/", h, 0, 0, "home", NULL },
	{ "GET", "/dang-nhap", h, 0, 0, NULL, NULL },
	{ "POST", "/dang-nhap", h, 0, 0, NULL, NULL },
	{ "POST", "/dang-xuat", h, 0, 0, NULL, NULL },
	{ "GET", "/quan-ly", h, 0, 0, NULL, NULL },
	{ "GET", "/quan-ly/don-vi", h, 0, 0, NULL, NULL },
	{ "POST", "/quan-ly/don-vi", h, 0, 0, NULL, NULL },
	{ "GET", "/quan-ly/don-vi/{code}", h, 0, 0, NULL, NULL },
	{ "POST", "/quan-ly/don-vi/{code}/doi-ten", h, 0, 0, NULL, NULL },
	{ "POST", "/quan-ly/don-vi/{code}/sap-nhap", h, 0, 0, NULL, NULL },
	{ "GET", "/quan-ly/tai-khoan/{username}", h, 0, 0, NULL, NULL },
	{ "POST", "/quan-ly/tai-khoan/{username}/giao", h, 0, 0, NULL, NULL },
	{ "GET", "/phan-anh", h, 0, 0, NULL, NULL },
	{ "GET", "/phan-anh/gui", h, 0, 0, NULL, NULL },
	{ "POST", "/phan-anh/gui", h, 0, 0, NULL, NULL },
	{ "GET", "/phan-anh/{code}", h, 0, 0, NULL, NULL },
	{ "POST", "/phan-anh/{code}/danh-gia", h, 0, 0, NULL, NULL },
	{ "GET", "/api/v1/units", h, ROUTE_JSON, 0, NULL, NULL },
	{ "POST", "/api/v1/tokens", h, ROUTE_JSON, 0, NULL, NULL },
	{ "DELETE", "/api/v1/tokens/current", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/calendar/due", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/calendar/{year}", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/feedback", h, ROUTE_JSON, 0, NULL, NULL },
	{ "POST", "/api/v1/feedback", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/feedback/{code}", h, ROUTE_JSON, 0, NULL, NULL },
	{ "POST", "/api/v1/feedback/{code}/events", h, ROUTE_JSON, 0, NULL, NULL },
	{ "POST", "/api/v1/feedback/{code}/rating", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/a/{x}/{y}/{z}/{w}/{v}/{u}/{t}/{s}", h, 0, 0, NULL, NULL },
	{ "GET", "/healthz", h, ROUTE_JSON, 0, NULL, NULL },
	{ "GET", "/static/{path*}", h, 0, 0, NULL, NULL },
	{ "PUT", "/static/{path*}", h, 0, 0, NULL, NULL },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get",
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

static struct router router;
static const struct http_hooks hooks = { 0 };
static const struct http_env env = { .hooks = &hooks, .json_prefix = "/api/", .max_response = 1 << 16 };

/* The pattern with each {arg} replaced by its value: must equal the path. */
static void check_rebuild(const struct route *r, const struct router_match *m, const char *path)
{
	struct sbuf sb = SBUF_INIT(1 << 20);
	size_t k = 0;
	for (const char *p = r->pattern; *p;) {
		if (*p != '{') {
			CHECK(sbuf_addch(&sb, *p++) == 0);
			continue;
		}
		const char *close = strchr(p, '}');
		CHECK(close != NULL && k < m->nargs);
		size_t nlen = (size_t)(close - p - 1);
		int star = nlen && p[nlen] == '*';
		if (star)
			nlen--;
		CHECK(strlen(m->args[k].name) == nlen && !memcmp(m->args[k].name, p + 1, nlen));
		const char *v = m->args[k].value;
		CHECK(*v && utf8_valid(v, strlen(v)));
		CHECK(star || !strchr(v, '/'));
		CHECK(sbuf_add(&sb, v, strlen(v)) == 0);
		k++;
		p = close + 1;
	}
	CHECK(k == m->nargs);
	CHECK(!strcmp(sb.buf, path));
	sbuf_release(&sb);
}

/* Does `method` appear in the ", "-separated Allow list? */
static int in_allow(const char *allow, const char *method)
{
	size_t n = strlen(method);
	for (const char *p = allow; (p = strstr(p, method)); p += n)
		if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!router.compiled && router_init(&router, routes, NROUTES) < 0)
		abort();
	if (size == 0)
		return 0;
	const char *method = methods[data[0] % NMETHODS];
	/* the server gets the target as a C string: it ends at a NUL */
	char *target = malloc(size);
	memcpy(target, data + 1, size - 1);
	target[size - 1] = '\0';

	struct request *req = request_create(&env);
	CHECK(req != NULL);
	enum form_status st = request_set_target(req, target);
	if (st == FORM_OK) {
		const char *path = req->path;
		size_t len = strlen(path);
		CHECK(path[0] == '/' && utf8_valid(path, len));
		CHECK(!strstr(path, "/../") && !strstr(path, "/./") && !strstr(path, "//../"));
		CHECK(!(len >= 3 && !strcmp(path + len - 3, "/..")));
		CHECK(!(len >= 2 && !strcmp(path + len - 2, "/.")));
		for (size_t i = 0; i < len; i++)
			CHECK((unsigned char)path[i] >= 0x20 && path[i] != 0x7f);
		const char *q = strchr(target, '?');
		CHECK(!strcmp(req->query, q ? q + 1 : ""));

		struct router_match m;
		enum router_result rr = router_match(&router, req->arena, method, path, &m);
		CHECK(rr == ROUTER_FOUND || rr == ROUTER_NOT_FOUND || rr == ROUTER_BAD_METHOD);
		if (rr == ROUTER_FOUND) {
			const struct route *r = m.route;
			CHECK(r == &routes[m.index] && m.nargs <= ROUTER_MAX_ARGS);
			CHECK(!strcmp(r->method, method) ||
			      (!strcmp(method, "HEAD") && !strcmp(r->method, "GET")));
			check_rebuild(r, &m, path);
		} else if (rr == ROUTER_BAD_METHOD) {
			CHECK(m.allow && *m.allow && !in_allow(m.allow, method));
			for (size_t i = 0; i < NMETHODS; i++) {
				struct router_match m2;
				enum router_result r2 = router_match(&router, req->arena, methods[i], path, &m2);
				CHECK(r2 != ROUTER_NOT_FOUND);
				CHECK((r2 == ROUTER_FOUND) == in_allow(m.allow, methods[i]));
			}
		} else {
			for (size_t i = 0; i < NMETHODS; i++) {
				struct router_match m2;
				CHECK(router_match(&router, req->arena, methods[i], path, &m2) == ROUTER_NOT_FOUND);
			}
		}
	} else {
		CHECK(st == FORM_MALFORMED || st == FORM_BAD_UTF8 || st == FORM_TOO_MANY);
	}
	request_free(req);
	free(target);
	return 0;
}
