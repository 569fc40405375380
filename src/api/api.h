/*
 * api.h - helpers shared by the JSON API handlers (/api/v1/...): reading a
 * JSON body with a fixed set of known fields, typed field access, and the
 * handlers themselves, which web/routes.c puts in the route table.
 *
 * Every handler answers JSON in the shapes of docs/API.md; errors go
 * through http_error()/http_error_fields() with the stable codes there.
 */
#ifndef DANVAN_API_H
#define DANVAN_API_H

#include <jansson.h>

#include "http/request.h"

struct app_errors;

/*
 * The request body as a JSON object whose keys are all in `allowed`
 * (NULL-terminated). On failure the error response is set and NULL is
 * returned: 415/400 from req_json, 400 bad_request when it is not an
 * object, 422 validation_failed with "fields" naming each unknown key.
 * The object is owned by the request.
 */
json_t *api_body(struct request *req, const char *const *allowed);

/* api_body() after a check that a JSON body is UTF-8: 400 invalid_utf8
 * (jansson would call it malformed) and NULL when it is not. */
json_t *api_body_utf8(struct request *req, const char *const *allowed);

/*
 * A string member: NULL when absent or null; when present but not a
 * string, records "phải là chuỗi ký tự" in `errors` under `key` and
 * returns NULL.
 */
const char *api_str(json_t *obj, const char *key, json_t *errors);

/*
 * When `errors` (a JSON object {field: message}, stolen) is not empty,
 * answer 422 validation_failed with them as "fields" and `message` (a
 * sentence) and return 1; else release it and return 0:
 *   if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ.")) return 0;
 */
int api_invalid(struct request *req, json_t *errors, const char *message);

/*
 * Answer a failed app call (enum app_rc) with its status and code from
 * app/result.h: APP_VALIDATION with the fields of `errs` (may be NULL);
 * APP_CONFLICT with the first error's message, APP_FORBIDDEN with the
 * first error as a field, when `errs` has one; APP_PAGE_RANGE with a
 * "page" field saying how deep lists go; APP_ERROR 500. Other messages
 * come from `message` (the domain's sentences; NULL: app_rc_message).
 * Returns 0 (a response is set).
 */
int api_fail(struct request *req, int rc, const struct app_errors *errs, const char *(*message)(int rc));

/* Respond 200/201 with `body` (stolen). */
int api_ok(struct request *req, int status, json_t *body);

int api_healthz(struct request *req);
int api_tokens_create(struct request *req);
int api_tokens_delete(struct request *req);
int api_units(struct request *req);
int api_calendar_year(struct request *req);
int api_calendar_due(struct request *req);

/* feedback (api/feedback.c) */
int api_categories(struct request *req);        /* GET  /api/v1/categories */
int api_feedback_create(struct request *req);   /* POST /api/v1/feedback */
int api_feedback_list(struct request *req);     /* GET  /api/v1/feedback */
int api_feedback_get(struct request *req);      /* GET  /api/v1/feedback/{code} */
int api_feedback_rate(struct request *req);     /* POST /api/v1/feedback/{code}/rating */
int api_feedback_event(struct request *req);    /* POST /api/v1/feedback/{code}/events */

/* meetings (api/meeting.c) */
int api_meeting_create(struct request *req);    /* POST /api/v1/meetings */
int api_meeting_list(struct request *req);      /* GET  /api/v1/meetings */
int api_meeting_ics(struct request *req);       /* GET  /api/v1/meetings.ics?unit=CODE */
int api_meeting_get(struct request *req);       /* GET  /api/v1/meetings/{id} */
int api_meeting_event(struct request *req);     /* POST /api/v1/meetings/{id}/events */
int api_meeting_petition(struct request *req);  /* POST /api/v1/meetings/{id}/petitions */

#endif
