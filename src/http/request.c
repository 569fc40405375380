/*
 * request.c - the request object: creation and release, decoding of the
 * target, cookies and form bodies into the request's arena, and the
 * accessors handlers use.
 */
#include "http/request.h"
#include "http/cookie.h"
#include "http/response.h"
#include "core/xalloc.h"

#include <jansson.h>
#include <microhttpd.h>
#include <strings.h>

#define REQUEST_ARENA_BLOCK 8192
#define REQUEST_MAX_HEADERS 100

struct request *request_create(const struct http_env *env)
{
	if (fault_alloc_should_fail())
		return NULL;
	struct request *req = calloc(1, sizeof(*req));
	if (!req)
		return NULL;
	arena_init(&req->priv.arena, REQUEST_ARENA_BLOCK);
	sbuf_init(&req->priv.out, env->max_response);
	body_init(&req->priv.body);
	form_params_init(&req->priv.query, FORM_MAX_FIELDS);
	form_params_init(&req->priv.form, FORM_MAX_FIELDS);
	form_params_init(&req->priv.cookies, COOKIE_MAX);
	form_params_init(&req->priv.headers, REQUEST_MAX_HEADERS);
	form_params_init(&req->priv.resp_headers, REQUEST_MAX_HEADERS);
	req->priv.files.max = MULTIPART_MAX_FILES;
	req->priv.env = env;
	req->arena = &req->priv.arena;
	req->out = &req->priv.out;
	req->app = env->hooks ? env->hooks->ctx : NULL;
	req->method = "GET";
	req->path = "/";
	req->query = "";
	req->content_type = "";
	req->body = "";
	req->client = "";
	return req;
}

void request_free(struct request *req)
{
	if (!req)
		return;
	arena_release(&req->priv.arena);
	sbuf_release(&req->priv.out);
	body_release(&req->priv.body);
	free(req);
}

enum form_status request_set_target(struct request *req, const char *raw)
{
	/* the server hands over its own copy; others are copied here */
	const char *target = raw == req->priv.target ? raw : arena_strdup(req->arena, raw);
	if (!target)
		return FORM_NOMEM;
	req->priv.target = target;
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	char *path;
	enum form_status st = router_decode_path(req->arena, target, plen, &path);
	if (st != FORM_OK)
		return st;
	req->path = path;
	if (!q)
		return FORM_OK;
	req->query = q + 1;
	return form_parse_urlencoded(req->arena, req->query, strlen(req->query), &req->priv.query);
}

enum form_status request_set_cookies(struct request *req, const char *header)
{
	return cookie_parse(req->arena, header, strlen(header), &req->priv.cookies);
}

/* Does the Content-Type's media type (before ';') equal `type`? */
static int media_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, type, n))
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

enum form_status request_parse_body(struct request *req)
{
	if (media_type_is(req->content_type, "application/x-www-form-urlencoded"))
		return form_parse_urlencoded(req->arena, req->body, req->body_len, &req->priv.form);
	if (!media_type_is(req->content_type, "multipart/form-data"))
		return FORM_OK;
	const char *boundary;
	if (multipart_boundary(req->arena, req->content_type, &boundary) < 0)
		return FORM_MALFORMED;
	return multipart_parse(req->arena, req->body, req->body_len, boundary,
			       &req->priv.form, &req->priv.files);
}

int request_add_header(struct request *req, const char *name, const char *value)
{
	return form_params_add(req->arena, &req->priv.headers, name, value, strlen(value));
}

const char *req_query(const struct request *req, const char *name)
{
	return form_params_get(&req->priv.query, name);
}

size_t req_query_values(const struct request *req, const char *name,
			const char **out, size_t max)
{
	return form_params_values(&req->priv.query, name, out, max);
}

const char *req_form(const struct request *req, const char *name)
{
	return form_params_get(&req->priv.form, name);
}

size_t req_form_values(const struct request *req, const char *name,
		       const char **out, size_t max)
{
	return form_params_values(&req->priv.form, name, out, max);
}

const struct form_params *req_form_fields(const struct request *req)
{
	return &req->priv.form;
}

const struct http_file *req_file(const struct request *req, const char *field)
{
	return multipart_file(&req->priv.files, field);
}

size_t req_files(const struct request *req, const char *field,
		 const struct http_file **out, size_t max)
{
	size_t count = 0;
	for (size_t i = 0; i < req->priv.files.n; i++) {
		if (strcmp(req->priv.files.v[i].field, field))
			continue;
		if (count < max)
			out[count] = &req->priv.files.v[i];
		count++;
	}
	return count;
}

const char *req_header(const struct request *req, const char *name)
{
	if (req->priv.conn)
		return MHD_lookup_connection_value(req->priv.conn, MHD_HEADER_KIND, name);
	for (size_t i = 0; i < req->priv.headers.n; i++)
		if (!strcasecmp(req->priv.headers.v[i].name, name))
			return req->priv.headers.v[i].value;
	return NULL;
}

const char *req_cookie(const struct request *req, const char *name)
{
	return form_params_get(&req->priv.cookies, name);
}

const char *req_arg(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->priv.nargs; i++)
		if (!strcmp(req->priv.args[i].name, name))
			return req->priv.args[i].value;
	return NULL;
}

const char *req_arg_at(const struct request *req, size_t i)
{
	return i < req->priv.nargs ? req->priv.args[i].value : NULL;
}

int req_wants_json(const struct request *req)
{
	if (req->route)
		return (req->route->flags & ROUTE_JSON) != 0;
	const char *prefix = req->priv.env->json_prefix;
	const char *target = req->priv.target ? req->priv.target : req->path;
	if (prefix && *prefix && !strncmp(target, prefix, strlen(prefix)))
		return 1;
	const char *accept = req_header(req, "Accept");
	return accept && strstr(accept, "application/json") && !strstr(accept, "text/html");
}

static void json_release(void *p)
{
	json_decref(p);
}

void *req_json(struct request *req)
{
	if (req->priv.json)
		return req->priv.json;
	if (!media_type_is(req->content_type, "application/json")) {
		http_error(req, 415, "unsupported_media_type",
			   "Dữ liệu gửi lên phải ở dạng JSON (application/json).");
		return NULL;
	}
	json_error_t err;
	json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	if (!v) {
		http_error(req, 400, "malformed_json", "Dữ liệu JSON không hợp lệ.");
		return NULL;
	}
	if (arena_defer(req->arena, json_release, v) < 0) {
		http_error(req, 500, NULL, NULL);
		return NULL;
	}
	req->priv.json = v;
	return v;
}
