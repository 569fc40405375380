/*
 * result.h - one vocabulary of outcomes for every app/ module: an enum
 * whose zero is success, one table that maps each outcome to its HTTP
 * status, its stable API error code and a Vietnamese sentence for pages,
 * and one container of field errors for forms and the JSON "fields" object.
 *
 * Domains return these values (their own enums, where they still have
 * one, use the same numbers: FEEDBACK_NOT_FOUND == APP_NOT_FOUND), and the
 * web and API layers turn them into answers through app_result() alone, so
 * a 404 means the same thing in every domain. Pure tables: any thread.
 */
#ifndef DANVAN_APP_RESULT_H
#define DANVAN_APP_RESULT_H

#include <stddef.h>

struct arena;

enum app_rc {
	APP_OK = 0,
	APP_ERROR = -1,              /* database or internal failure, logged (500 internal) */
	APP_NOT_FOUND = -2,          /* 404 not_found: no such record, or one the caller may not see */
	APP_FORBIDDEN = -3,          /* 403 forbidden: seen, but the caller's roles do not allow it */
	APP_INVALID_TRANSITION = -4, /* 409 invalid_transition: the status does not allow the event */
	APP_VALIDATION = -5,         /* 422 validation_failed, with field errors */
	APP_CONFLICT = -6,           /* 409 conflict: already done, a code taken, ... */
	APP_TOO_LARGE = -7,          /* 413 too_large */
	APP_UNSUPPORTED = -8,        /* 415 unsupported_media_type */
	APP_BUSY = -9,               /* 503 unavailable: a queue is full or the server is stopping */
	APP_CLOSED = -10,            /* 409 closed: the record (a unit, a consultation) is closed */
	APP_PAGE_RANGE = -11,        /* 422 page_out_of_range: a page beyond what a list shows
	                                (HTML lists answer 404 instead) */
	APP_UNAUTHENTICATED = -12,   /* 401 unauthenticated: unknown username or wrong password */
	APP_RATE_LIMITED = -13,      /* 429 rate_limited: too many attempts, retry later */
	APP_FULL = -14,              /* 409 full: no place left (a reception session) */
	APP_UNANSWERED = -15,        /* 409 unanswered_comments: a comment still has no reply */
};

#define APP_RC_COUNT 16

struct app_result_info {
	int rc;
	int http;                    /* HTTP status */
	const char *code;            /* API error code; NULL for APP_OK */
	const char *message;         /* a Vietnamese sentence, for pages */
};

/* The row of `rc`; the APP_ERROR row for any value outside the enum. */
const struct app_result_info *app_result(int rc);
static inline int app_rc_http(int rc) { return app_result(rc)->http; }
static inline const char *app_rc_code(int rc) { return app_result(rc)->code; }
static inline const char *app_rc_message(int rc) { return app_result(rc)->message; }

#define APP_MAX_ERRORS 16

/*
 * Field -> message pairs. Fields are the API's JSON names ("title",
 * "contact.phone", "parts.2.code"); messages are Vietnamese sentences that
 * must outlive the container (static strings, or the request's arena).
 * The first message given for a field is kept; past APP_MAX_ERRORS fields
 * more are dropped (a form rarely has more). Zero-initialised is empty.
 */
struct app_errors {
	size_t n;
	struct {
		const char *field;
		const char *message;
	} items[APP_MAX_ERRORS];
};

void app_errors_clear(struct app_errors *e);
/* Add a pair (nothing when e is NULL, the field already has a message, or
 * the container is full). */
void app_errors_add(struct app_errors *e, const char *field, const char *message);
/* The message for a field, or NULL. */
const char *app_errors_get(const struct app_errors *e, const char *field);

/*
 * As app_errors_add(), for messages that name what is wrong ("Không tìm
 * thấy đơn vị 'X1'"): the message is formatted printf-style and it and the
 * field are copied into arena `a`, so both may be the caller's temporary
 * buffers. Nothing is added when e is NULL, or when `a` is NULL or
 * exhausted (the caller's result code still says what failed).
 */
__attribute__((format(printf, 4, 5)))
void app_errors_addf(struct app_errors *e, struct arena *a, const char *field, const char *fmt, ...);

#endif
