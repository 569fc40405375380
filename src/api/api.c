/*
 * api.c - JSON body checking shared by the API handlers, and /healthz.
 */
#include "api.h"
#include "http/response.h"
#include "store/db.h"

json_t *api_body(struct request *req, const char *const *allowed)
{
	json_t *in = req_json(req);
	if (!in)
		return NULL;
	if (!json_is_object(in)) {
		http_error(req, 400, "bad_request", "the body must be a JSON object");
		return NULL;
	}
	json_t *unknown = NULL;
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, k))
				ok = 1;
		if (!ok) {
			if (!unknown)
				unknown = json_object();
			json_object_set_new(unknown, k, json_string("unknown field"));
		}
	}
	if (unknown) {
		http_error_fields(req, 422, "validation_failed", "the body has unknown fields", unknown);
		return NULL;
	}
	return in;
}

const char *api_str(json_t *obj, const char *key, json_t *errors)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		json_object_set_new(errors, key, json_string("phải là chuỗi ký tự"));
		return NULL;
	}
	return json_string_value(v);
}

int api_ok(struct request *req, int status, json_t *body)
{
	return http_json(req, status, body);
}

int api_healthz(struct request *req)
{
	struct db *db = db_thread();
	if (!db || db_ping(db) < 0)
		return http_error(req, 503, "unavailable", "the database does not answer");
	return api_ok(req, 200, json_pack("{s:s}", "status", "ok"));
}
