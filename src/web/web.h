/*
 * web.h - what every page and API handler shares: the application state
 * (templates, calendar), the logged-in viewer, the before/after hooks that
 * load sessions and enforce ROUTE_LOGIN / ROUTE_CSRF, page rendering into
 * the layout, CSRF tokens for anonymous forms, and one-shot flash notices.
 *
 * Sessions: HTML routes read the "sid" cookie (a web session with a CSRF
 * token); JSON routes read only "Authorization: Bearer TOKEN" (API tokens),
 * so a browser's ambient cookie never authenticates an API call and API
 * calls need no CSRF token. Anonymous forms (log in, send feedback) are
 * protected by a double-submit token: a random "csrf" cookie set when the
 * form is shown, which the form echoes in its hidden "csrf" field.
 */
#ifndef DANVAN_WEB_H
#define DANVAN_WEB_H

#include <stdint.h>
#include <jansson.h>

#include "http/request.h"
#include "http/response.h"
#include "store/session.h"

struct tmpl_set;
struct calendar;
struct db;
struct audit_actor;

/* Route flag: only for accounts holding the admin role somewhere. */
#define ROUTE_ADMIN ROUTE_APP(0)

struct web_state {
	struct tmpl_set *tmpl;
	struct calendar *cal;   /* read-only while serving */
	int secure_cookies;
};

/* Set once by `danvan serve` before the server starts; read-only after. */
extern struct web_state web_state;

/* The hooks to hand to the HTTP server. */
extern const struct http_hooks web_hooks;

/* The logged-in officer of this request, or NULL (req->session). */
static inline struct session *web_session(const struct request *req)
{
	return req->session;
}

/* This thread's database connection; answers 503 and returns NULL when the
 * database cannot be opened (handlers: `if (!(db = web_db(req))) return 0;`). */
struct db *web_db(struct request *req);

/* The audit actor for this request: the officer, or "citizen" when anonymous. */
void web_actor(const struct request *req, struct audit_actor *out);

/*
 * The CSRF token to put in a form's hidden "csrf" field: the session's,
 * or for an anonymous visitor the double-submit cookie (created and set
 * now when absent). NULL only when out of memory.
 */
const char *web_csrf(struct request *req);

/* Set a one-shot notice shown on the next page (a key of the flash table,
 * e.g. "saved"); unknown keys are ignored. */
void web_flash(struct request *req, const char *key);

/*
 * Render `page` (a template name) inside the layout with `data` (stolen:
 * the reference is released here) plus the layout's variables (user, csrf,
 * flash, title), and answer with `status`. Returns 0 when a response is
 * set (a 500 page if rendering failed).
 */
int web_page(struct request *req, int status, const char *page, json_t *data);

/* Redirect after a POST (303), with an optional flash key. */
int web_see_other(struct request *req, const char *location, const char *flash);

/* 1 when the viewer holds `role` (a role name) in any unit, 0 when not
 * (or nobody is logged in), negative on a database error. */
int web_has_role_anywhere(struct request *req, const char *role);

/* Form-error helpers: json {field: message} plus the ordered list the
 * error summary shows. `fields` is borrowed. */
json_t *web_error_list(json_t *fields);

/* s cut to at most max bytes on a UTF-8 character boundary (an arena copy
 * when cut; s itself otherwise; NULL stays NULL). For search words and
 * other free text echoed back into links. */
const char *web_clip(struct request *req, const char *s, size_t max);

/* A JSON string or null from a C string (NULL -> null). */
json_t *web_str(const char *s);

#endif
