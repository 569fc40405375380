/*
 * api.c - JSON body checking shared by the API handlers, and /healthz.
 */
#include "api.h"
#include "app/feedback.h"
#include "app/result.h"
#include "core/utf8.h"
#include "http/response.h"
#include "store/db.h"

#include <strings.h>

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

json_t *api_body_utf8(struct request *req, const char *const *allowed)
{
	if (!strncasecmp(req->content_type, "application/json", 16) && req->body_len &&
	    !utf8_valid(req->body, req->body_len)) {
		http_error(req, 400, "invalid_utf8", "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.");
		return NULL;
	}
	return api_body(req, allowed);
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

int api_invalid(struct request *req, json_t *errors, const char *message)
{
	if (json_object_size(errors)) {
		http_error_fields(req, 422, "validation_failed", message, errors);
		return 1;
	}
	json_decref(errors);
	return 0;
}

int api_fail(struct request *req, int rc, const struct app_errors *errs, const char *(*message)(int rc))
{
	const char *msg = message ? message(rc) : app_rc_message(rc);
	if (rc == APP_VALIDATION && errs) {
		json_t *fields = json_object();
		for (size_t i = 0; i < errs->n; i++)
			if (!json_object_get(fields, errs->items[i].field))
				json_object_set_new(fields, errs->items[i].field, json_string(errs->items[i].message));
		return http_error_fields(req, 422, "validation_failed", "Dữ liệu chưa hợp lệ.", fields);
	}
	if (rc == APP_CONFLICT && errs && errs->n)
		return http_error(req, 409, "conflict", errs->items[0].message);
	if (rc == APP_FORBIDDEN && errs && errs->n)
		return http_error_fields(req, 403, "forbidden", errs->items[0].message,
					 json_pack("{s:s}", errs->items[0].field, errs->items[0].message));
	if (rc == APP_ERROR)
		return http_error(req, 500, NULL, NULL);
	if (rc == APP_PAGE_RANGE) {
		/* the lists' depth: app/feedback.h FEEDBACK_LIST_DEPTH, store/search.h */
		json_t *fields = json_pack("{s:s}", "page", "trang nằm ngoài danh sách: (page - 1) × per_page phải nhỏ "
					   "hơn 10000 (1000 khi tìm kiếm)");
		return http_error_fields(req, 422, app_rc_code(rc), msg, fields);
	}
	return http_error(req, app_rc_http(rc), app_rc_code(rc), msg);
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

int api_strings(struct request *req, const char *const *allowed, const char **vals)
{
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	for (size_t i = 0; allowed[i]; i++)
		vals[i] = api_str(in, allowed[i], errors);
	return !api_invalid(req, errors, "Dữ liệu chưa hợp lệ.");
}

json_t *api_sub_object(json_t *in, const char *name, const char *const *keys, json_t *errors)
{
	json_t *o = json_object_get(in, name);
	if (!o || json_is_null(o))
		return NULL;
	if (!json_is_object(o)) {
		json_object_set_new(errors, name, json_string("phải là một đối tượng"));
		return NULL;
	}
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int ok = 0;
		for (const char *const *x = keys; *x; x++)
			ok |= !strcmp(*x, k);
		char key[80];
		snprintf(key, sizeof(key), "%s.%s", name, k);
		if (!ok)
			json_object_set_new(errors, key, json_string("unknown field"));
		else if (!json_is_string(v) && !json_is_null(v))
			json_object_set_new(errors, key, json_string("phải là chuỗi ký tự"));
	}
	return o;
}

void api_feedback_fields(json_t *in, struct feedback_input *fi, json_t *errors)
{
	static const char *const contact_keys[] = { "name", "phone", "email", NULL };
	fi->title = api_str(in, "title", errors);
	fi->body = api_str(in, "body", errors);
	fi->category = api_str(in, "category", errors);
	fi->place = api_str(in, "place", errors);
	json_t *lat = json_object_get(in, "lat"), *lon = json_object_get(in, "lon");
	if (lat && !json_is_null(lat) && !json_is_number(lat))
		json_object_set_new(errors, "lat", json_string("phải là số"));
	if (lon && !json_is_null(lon) && !json_is_number(lon))
		json_object_set_new(errors, "lon", json_string("phải là số"));
	int has_lat = json_is_number(lat), has_lon = json_is_number(lon);
	if (has_lat != has_lon && !json_object_get(errors, has_lat ? "lon" : "lat"))
		json_object_set_new(errors, has_lat ? "lon" : "lat", json_string("cần cả lat và lon"));
	if (has_lat && has_lon) {
		fi->has_geo = 1;
		fi->lat = json_number_value(lat);
		fi->lon = json_number_value(lon);
	}
	json_t *pub = json_object_get(in, "public");
	if (pub && !json_is_null(pub) && !json_is_boolean(pub))
		json_object_set_new(errors, "public", json_string("phải là true hoặc false"));
	fi->is_private = json_is_false(pub);
	json_t *contact = api_sub_object(in, "contact", contact_keys, errors);
	fi->contact_name = json_string_value(json_object_get(contact, "name"));
	fi->contact_phone = json_string_value(json_object_get(contact, "phone"));
	fi->contact_email = json_string_value(json_object_get(contact, "email"));
}
