/*
 * response.h - how a handler answers: HTML, JSON, errors, redirects,
 * files, headers and cookies.
 *
 * A handler sets exactly one response before it returns 0, usually as its
 * last statement: `return http_html(req, 200, NULL);`. Setting another one
 * replaces the status and body (so an error after a half-built page is
 * fine); headers and cookies added with http_header()/http_set_cookie()
 * accumulate and are all sent. Nothing is written to the network until the
 * handler and the after hook have returned.
 *
 * Every response - pages, JSON, errors, redirects, static files, the
 * server's own 404/405/413 - carries the security headers below, and
 * `Cache-Control: no-store` unless the handler set a Cache-Control header
 * itself (static_serve does).
 *
 * Return values: 0 when the response is set, -1 when it could not be (a
 * header value with CR/LF, an invalid cookie, out of memory); a failed
 * function leaves any earlier response in place. A handler may simply
 * `return http_...(...)`: if nothing was set the server answers 500.
 *
 * Strings passed in are copied (into the arena or req->out) unless said
 * otherwise; http_bytes() and http_attachment() keep the pointer.
 */
#ifndef DANVAN_HTTP_RESPONSE_H
#define DANVAN_HTTP_RESPONSE_H

#include <stddef.h>

#include <jansson.h>

#include "http/form.h"
#include "http/request.h"

#define HTTP_CSP "default-src 'self'; img-src 'self' data:; style-src 'self'; " \
	"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; " \
	"frame-ancestors 'none'"
#define HTTP_REFERRER_POLICY "same-origin"

/*
 * text/html; charset=utf-8. With html == NULL the body is req->out as the
 * handler (or the template engine) built it; otherwise req->out is
 * replaced by a copy of html. If req->out overflowed its bound, the
 * response becomes a 500 instead.
 */
int http_html(struct request *req, int status, const char *html);

/* text/plain; charset=utf-8, with the same rules as http_html(). */
int http_text(struct request *req, int status, const char *text);

/* req->out as the body, with any Content-Type (e.g. "text/csv; charset=utf-8"). */
int http_send(struct request *req, int status, const char *content_type);

/*
 * application/json; charset=utf-8. Takes the reference to v (like
 * json_object_set_new), so `http_json(req, 200, json_pack(...))` leaks
 * nothing; v == NULL (a failed json_pack) answers 500.
 */
int http_json(struct request *req, int status, json_t *v);

/*
 * An error. On JSON routes the body is
 *   {"error":{"code":CODE,"message":MESSAGE}}
 * (API.md); on HTML routes it is the hooks->render_error page or the
 * built-in Vietnamese page. code NULL means the usual one for the status
 * (400 bad_request, 401 unauthenticated, 403 forbidden, 404 not_found,
 * 405 method_not_allowed, 409 conflict, 413 too_large, 415
 * unsupported_media_type, 422 validation_failed, 429 rate_limited, 500
 * internal_error, 503 unavailable); message NULL means
 * http_status_message(status). A 429 without a Retry-After header set
 * gets "Retry-After: 60". Never put internal details in `message`.
 */
int http_error(struct request *req, int status, const char *code, const char *message);

/* As http_error, with "fields": {"title": "Vui lòng nhập tiêu đề", ...}
 * added to the JSON error (422 validation_failed). Takes the reference to
 * `fields` (may be NULL); HTML routes do not show it. */
int http_error_fields(struct request *req, int status, const char *code,
		      const char *message, json_t *fields);

/* The error for a failed parser result: FORM_BAD_UTF8 -> 400
 * invalid_utf8, FORM_NOMEM -> 500, others -> 400 bad_request. */
int http_parse_error(struct request *req, enum form_status st);

/* The default Vietnamese text for a status ("Không tìm thấy trang" for 404). */
const char *http_status_message(int status);

/* A redirect (301, 302, 303, 307 or 308) to `location`, a path such as
 * "/phan-anh/ABC123" or an absolute URL; -1 for another status or a
 * location with control characters. After a POST use 303. */
int http_redirect(struct request *req, int status, const char *location);

/*
 * Bytes as the body without copying: `data` must stay valid until the
 * request ends (memory from req->arena, a static table, an asset).
 * content_type is sent as given (exactly, e.g. "application/pdf"); NULL
 * sends none (for 304 and 204).
 */
int http_bytes(struct request *req, int status, const char *content_type,
	       const void *data, size_t len);

/*
 * A download: 200, the exact content_type, "Content-Disposition:
 * attachment; filename=ASCII; filename*=UTF-8''PERCENT-ENCODED" (the
 * ASCII fallback replaces other bytes by '_'), data kept as http_bytes().
 * Browsers never sniff or render it in the page.
 */
int http_attachment(struct request *req, const char *content_type, const char *filename,
		    const void *data, size_t len);

/* Add a response header (copied). The name must be a token and the value
 * must have no control characters. Content-Type, Content-Length and the
 * security headers are the server's; do not set them here. */
int http_header(struct request *req, const char *name, const char *value);

/*
 * Set-Cookie with Path=/, HttpOnly and SameSite=Lax (see cookie.h for
 * `flags`), plus Secure when the server runs behind TLS. max_age in
 * seconds; <0 for a browser-session cookie, 0 to delete. The name must be
 * a token and the value cookie-octets (hex or base64url tokens are fine).
 */
int http_set_cookie(struct request *req, const char *name, const char *value,
		    long max_age, unsigned flags);

/* 1 when a response has been set. */
int http_responded(const struct request *req);
/* The status set so far, 0 when none. */
int http_status(const struct request *req);

#endif
