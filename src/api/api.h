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

/*
 * A body whose members are all strings: each name of `allowed` (NULL-
 * terminated) read into vals[i], NULL when absent or null. Returns 1, or 0
 * when the request has been answered (a bad body; 422 with an error per
 * member that is not a string). vals has one slot per name.
 */
int api_strings(struct request *req, const char *const *allowed, const char **vals);

/*
 * An object member whose keys are all in `keys`: NULL when absent or null;
 * errors recorded under "name" (not an object) or "name.key" (an unknown
 * key, or a value that is not a string).
 */
json_t *api_sub_object(json_t *in, const char *name, const char *const *keys, json_t *errors);

/*
 * The members of a feedback item that every endpoint taking one reads the
 * same way: title, body, category, place, lat and lon (numbers, both or
 * neither), public (boolean: false makes it private) and contact {name,
 * phone, email}. Members the endpoint's body does not allow are absent and
 * stay unset. Errors go to `errors` per member.
 */
struct feedback_input;
void api_feedback_fields(json_t *in, struct feedback_input *fi, json_t *errors);

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
/* news (api/article.c) */
int api_article_create(struct request *req);    /* POST /api/v1/articles */
int api_article_list(struct request *req);      /* GET  /api/v1/articles */
int api_article_get(struct request *req);       /* GET  /api/v1/articles/{slug} */
int api_article_event(struct request *req);     /* POST /api/v1/articles/{slug}/events */
int api_search(struct request *req);            /* GET  /api/v1/search (api/search.c) */

/* citizen reception (api/reception.c) */
int api_reception_slots(struct request *req);        /* GET  /api/v1/reception/slots */
int api_reception_book(struct request *req);         /* POST /api/v1/reception/bookings */
int api_reception_bookings(struct request *req);     /* GET  /api/v1/reception/bookings (officer) */
int api_reception_booking(struct request *req);      /* GET  /api/v1/reception/bookings/{code} */
int api_reception_cancel(struct request *req);       /* POST /api/v1/reception/bookings/{code}/cancel */
int api_reception_event(struct request *req);        /* POST /api/v1/reception/bookings/{code}/events */
int api_reception_contact(struct request *req);      /* GET  /api/v1/reception/bookings/{code}/contact */
int api_reception_petition(struct request *req);     /* POST /api/v1/reception/bookings/{code}/petitions */
int api_reception_rules(struct request *req);        /* GET  /api/v1/reception/rules */
int api_reception_rule_create(struct request *req);  /* POST /api/v1/reception/rules */
int api_reception_generate(struct request *req);     /* POST /api/v1/reception/rules/{id}/generate */
int api_reception_summary(struct request *req);      /* GET  /api/v1/reception/summary */
/* consultations on drafts (api/consultation.c) */
int api_consultations_create(struct request *req);      /* POST /api/v1/consultations */
int api_consultations_list(struct request *req);        /* GET  /api/v1/consultations */
int api_consultations_get(struct request *req);         /* GET  /api/v1/consultations/{id} */
int api_consultations_diff(struct request *req);        /* GET  …/{id}/diff?from=&to= */
int api_consultations_comment(struct request *req);     /* POST …/{id}/comments */
int api_consultations_version(struct request *req);     /* POST …/{id}/versions */
int api_consultations_reply(struct request *req);       /* POST …/{id}/comments/{cid}/reply */
int api_consultations_hide(struct request *req);        /* POST …/{id}/comments/{cid}/hide */
int api_consultations_group(struct request *req);       /* POST …/{id}/comments/{cid}/group */
int api_consultations_contact(struct request *req);     /* GET  …/{id}/comments/{cid}/contact */
int api_consultations_event(struct request *req);       /* POST …/{id}/events */
int api_consultations_report(struct request *req);      /* GET  …/{id}/report */
int api_consultations_report_xlsx(struct request *req); /* GET  …/{id}/report.xlsx */

/* emulation and commendation (api/emulation.c) */
int api_emul_forms(struct request *req);          /* GET  /api/v1/emulation/forms?date= */
int api_emul_form_add(struct request *req);       /* POST /api/v1/emulation/forms */
int api_emul_salaries(struct request *req);       /* GET  /api/v1/emulation/base-salaries */
int api_emul_salary_add(struct request *req);     /* POST /api/v1/emulation/base-salaries */
int api_movements(struct request *req);           /* GET  /api/v1/movements */
int api_movement_create(struct request *req);     /* POST /api/v1/movements */
int api_movement_get(struct request *req);        /* GET  /api/v1/movements/{id} */
int api_movement_council(struct request *req);    /* POST /api/v1/movements/{id}/council */
int api_models(struct request *req);              /* GET  /api/v1/models */
int api_model_create(struct request *req);        /* POST /api/v1/models */
int api_model_get(struct request *req);           /* GET  /api/v1/models/{id} */
int api_model_event(struct request *req);         /* POST /api/v1/models/{id}/events */
int api_commendations(struct request *req);       /* GET  /api/v1/commendations */
int api_commendation_create(struct request *req); /* POST /api/v1/commendations */
int api_commendation_get(struct request *req);    /* GET  /api/v1/commendations/{id} */
int api_commendation_event(struct request *req);  /* POST /api/v1/commendations/{id}/events */
int api_certificate(struct request *req);         /* GET  /api/v1/certificates/{code} */
int api_honours(struct request *req);             /* GET  /api/v1/honours */
/* emulation: "Ngày hội" events */
int api_emul_event_create(struct request *req);   /* POST /api/v1/emulation/events */
int api_emul_events(struct request *req);         /* GET  /api/v1/emulation/events?unit=&year= */
int api_emul_event_get(struct request *req);      /* GET  /api/v1/emulation/events/{id} */
int api_emul_event_attach(struct request *req);   /* POST /api/v1/emulation/events/{id}/models */
int api_commendations_xlsx(struct request *req);  /* GET  /api/v1/commendations.xlsx */

/* reports (api/report.c) */
int api_reports_summary(struct request *req);      /* GET /api/v1/reports/summary */
int api_reports_summary_xlsx(struct request *req); /* GET /api/v1/reports/summary.xlsx */
int api_reports_records(struct request *req);      /* GET /api/v1/reports/records */
int api_reports_save(struct request *req);         /* POST /api/v1/reports/saved */
int api_reports_saved(struct request *req);        /* GET /api/v1/reports/saved/{id} */

/* meetings (api/meeting.c) */
int api_meeting_create(struct request *req);    /* POST /api/v1/meetings */
int api_meeting_list(struct request *req);      /* GET  /api/v1/meetings */
int api_meeting_ics(struct request *req);       /* GET  /api/v1/meetings.ics?unit=CODE */
int api_meeting_get(struct request *req);       /* GET  /api/v1/meetings/{id} */
int api_meeting_event(struct request *req);     /* POST /api/v1/meetings/{id}/events */
int api_meeting_petition(struct request *req);  /* POST /api/v1/meetings/{id}/petitions */

#endif
