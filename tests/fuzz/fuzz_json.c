/*
 * fuzz_json.c - libFuzzer target for JSON request bodies: the bytes go
 * through req_json() and api_body() exactly as a POST to /api/v1/... does,
 * then through api_str() and back out through http_json(). Errors must be
 * well-formed JSON in the API's shape, and what is accepted must keep the
 * documented invariants; nothing may crash, leak or trip a sanitizer.
 *
 * Input: byte 0 picks the field list (the body shapes of API.md) and the
 * Content-Type; the rest is the body.
 */
#include <stdint.h>

#include "api/api.h"
#include "core/assets.h"
#include "http/response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* db_sqlite.c is linked only because api.c answers /healthz; no migrations. */
const struct asset assets[] = { { NULL, NULL, 0 } };

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                       \
			abort();                                                 \
		}                                                                \
	} while (0)

static const char *const tokens_fields[] = { "username", "password", NULL };
static const char *const feedback_fields[] = {
	"title", "body", "category", "place", "lat", "lon", "public", "contact", NULL,
};
static const char *const event_fields[] = {
	"type", "unit", "reason", "text", "days", "into", NULL,
};
static const char *const rating_fields[] = { "secret", "score", "comment", NULL };
static const char *const none_fields[] = { NULL };

static const char *const *const shapes[] = {
	tokens_fields, feedback_fields, event_fields, rating_fields, none_fields,
};

static const char *const content_types[] = {
	"application/json",
	"application/json; charset=utf-8",
	" Application/JSON ;charset=UTF-8",
	"text/plain",
};

static const struct http_hooks hooks = { 0 };
static const struct http_env env = {
	.hooks = &hooks,
	.json_prefix = "/api/",
	.max_response = 4u << 20,
};
static int dummy_handler(struct request *req)
{
	return 0;
}
static const struct route api_route = {
	"POST", "/api/v1/x", dummy_handler, ROUTE_JSON, 0, "x", NULL,
};

static int allowed(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (!strcmp(*list, key))
			return 1;
	return 0;
}

/* The response body as JSON: an object {"error":{"code","message"}}. */
static json_t *error_body(struct request *req, int status)
{
	CHECK(http_status(req) == status);
	json_error_t e;
	json_t *v = json_loadb(req->out->buf, req->out->len, 0, &e);
	CHECK(v != NULL);
	json_t *err = json_object_get(v, "error");
	CHECK(json_is_object(err));
	CHECK(json_is_string(json_object_get(err, "code")));
	CHECK(json_is_string(json_object_get(err, "message")));
	return v;
}

static void check_rejected(struct request *req, const char *const *list)
{
	int status = http_status(req);
	CHECK(status == 400 || status == 415 || status == 422);
	json_t *v = error_body(req, status);
	json_t *err = json_object_get(v, "error");
	const char *code = json_string_value(json_object_get(err, "code"));
	json_t *in = req->priv.json;
	if (status == 415) {
		CHECK(!strcmp(code, "unsupported_media_type") && in == NULL);
	} else if (status == 400) {
		CHECK(!strcmp(code, "malformed_json") || !strcmp(code, "bad_request"));
		CHECK(in == NULL || !json_is_object(in));
	} else {
		/* 422: every unknown key of the body is named, and only those */
		CHECK(!strcmp(code, "validation_failed") && json_is_object(in));
		json_t *fields = json_object_get(err, "fields");
		CHECK(json_is_object(fields) && json_object_size(fields) > 0);
		const char *k;
		json_t *x;
		json_object_foreach(in, k, x)
			CHECK(allowed(list, k) == (json_object_get(fields, k) == NULL));
		json_object_foreach(fields, k, x)
			CHECK(json_object_get(in, k) != NULL);
	}
	json_decref(v);
}

static void check_accepted(struct request *req, json_t *in, const char *const *list)
{
	CHECK(json_is_object(in) && in == req->priv.json);
	const char *k;
	json_t *x;
	json_object_foreach(in, k, x)
		CHECK(allowed(list, k));
	/* api_str: a string, or NULL and an error exactly when it is present
	 * and neither a string nor null */
	json_t *errors = json_object();
	for (const char *const *f = list; *f; f++) {
		json_t *v = json_object_get(in, *f);
		const char *s = api_str(in, *f, errors);
		CHECK((s != NULL) == json_is_string(v));
		if (s)
			CHECK(strlen(s) == json_string_length(v));
		int bad = v && !json_is_null(v) && !json_is_string(v);
		CHECK((json_object_get(errors, *f) != NULL) == bad);
	}
	json_decref(errors);
	/* our JSON output of what was read parses back to the same value */
	CHECK(http_json(req, 200, json_incref(in)) == 0);
	CHECK(http_status(req) == 200);
	json_error_t e;
	json_t *back = json_loadb(req->out->buf, req->out->len, JSON_REJECT_DUPLICATES, &e);
	CHECK(back != NULL);
	CHECK(json_equal(back, in));
	json_decref(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned sel = data[0];
	const char *const *list = shapes[sel % (sizeof(shapes) / sizeof(shapes[0]))];
	/* text/plain only for one selector value in 32 */
	const char *ct = content_types[(sel >> 3) % 32 == 31 ? 3 : (sel >> 3) % 3];
	struct request *req = request_create(&env);
	CHECK(req != NULL);
	/* an exact-size copy plus the NUL the request contract promises */
	char *body = malloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	req->method = "POST";
	req->path = "/api/v1/x";
	req->route = &api_route;
	req->content_type = ct;
	req->body = body;
	req->body_len = size - 1;

	json_t *in = api_body(req, list);
	if (in)
		check_accepted(req, in, list);
	else
		check_rejected(req, list);
	/* a second call gives the same answer from the cached parse */
	if (in)
		CHECK(api_body(req, list) == in);

	request_free(req);
	free(body);
	return 0;
}
