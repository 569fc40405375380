/*
 * router.h - the route table type and the matcher behind it, plus the
 * decoding and validation of request paths.
 *
 * The application has ONE table, an array of `struct route` (like Redis's
 * command table), written by web/ and api/:
 *
 *   static const struct route routes[] = {
 *       { "GET",  "/",                 page_home,     ROUTE_HTML, 0, "home" },
 *       { "GET",  "/phan-anh/{code}",  page_feedback, ROUTE_HTML, 0, "feedback" },
 *       { "POST", "/phan-anh/gui",     page_submit,   ROUTE_CSRF | ROUTE_UPLOAD, 0, "submit" },
 *       { "POST", "/api/v1/feedback",  api_submit,    ROUTE_JSON, 0, "api_submit" },
 *       { "GET",  "/static/{path*}",   static_serve,  0, 0, "static" },
 *       { "GET",  "/metrics",          metrics_serve, 0, 0, "metrics" },
 *   };
 *
 * Patterns: literal segments and `{name}` segments, each matching exactly
 * one non-empty path segment (after percent-decoding; it never holds '/').
 * A last segment `{name*}` matches one or more remaining segments joined
 * by '/'. Literal segments compare exactly (case-sensitive). A path that
 * ends in '/' does not match a pattern without one.
 *
 * When several routes match a path and method, the one with the most
 * literal segments wins ("/phan-anh/gui" beats "/phan-anh/{code}"), then
 * the earlier one in the table. A GET route also answers HEAD. When the
 * path matches but no route has the method, the result is 405 with the
 * `Allow` list of the methods that would match.
 *
 * Ownership: the router keeps a pointer to the table (which must outlive
 * it) and an xmalloc'd compiled form freed by router_release(). Matching
 * is read-only and thread-safe.
 */
#ifndef DANVAN_HTTP_ROUTER_H
#define DANVAN_HTTP_ROUTER_H

#include <stddef.h>

#include "http/form.h"

struct arena;
struct request;

/* Route flags. Bits 16..31 are free for upper layers (ROUTE_APP(n)). */
enum route_flags {
	ROUTE_HTML = 0,        /* errors as an HTML page (the default) */
	ROUTE_JSON = 1 << 0,   /* errors as {"error":{...}} JSON */
	ROUTE_LOGIN = 1 << 1,  /* needs a logged-in officer: enforced by the before hook */
	ROUTE_CSRF = 1 << 2,   /* check the CSRF token: enforced by the before hook */
	ROUTE_UPLOAD = 1 << 3, /* body limit is http_config.max_upload, not max_body */
	ROUTE_RAW = 1 << 4,    /* do not parse urlencoded/multipart bodies */
	ROUTE_NOLOG = 1 << 5,  /* leave out of the access log (still counted) */
	/* operations only (/metrics): answered to a loopback client whose
	 * request no proxy forwarded (no X-Forwarded-For, Forwarded or
	 * X-Real-IP header), or, when http_config.metrics_token is set, only
	 * to a request with `Authorization: Bearer TOKEN`, from anywhere;
	 * everyone else gets 404 */
	ROUTE_PRIVATE = 1 << 6,
};
#define ROUTE_APP(n) (1u << (16 + (n)))

struct route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE", ... */
	const char *pattern; /* "/phan-anh/{code}" */
	/* Returns 0 when it set a response, <0 on failure: the server then
	 * answers 500 unless a response was set. */
	int (*handler)(struct request *req);
	unsigned flags;      /* enum route_flags | ROUTE_APP(n) */
	size_t max_body;     /* bytes; 0 = the config default (see ROUTE_UPLOAD) */
	const char *name;    /* metrics and log label; NULL = the pattern */
	const void *data;    /* free for upper layers, e.g. a required permission */
};

#define ROUTER_MAX_ARGS 8
#define ROUTER_MAX_SEGMENTS 32

struct route_arg {
	const char *name;
	const char *value; /* decoded, valid UTF-8, arena string */
};

struct router_entry;

struct router {
	const struct route *routes;
	size_t n;
	struct router_entry *compiled;
};

/*
 * Compile the table. Returns 0, or -1 after printing
 * "error: route 'PATTERN': ..." to stderr for a bad pattern (not starting
 * with '/', an unclosed or empty '{', more than ROUTER_MAX_ARGS arguments,
 * '{x*}' not last, a NULL method or handler).
 */
int router_init(struct router *r, const struct route *routes, size_t n);
void router_release(struct router *r);

enum router_result {
	ROUTER_FOUND = 0,
	ROUTER_NOT_FOUND = 1,
	ROUTER_BAD_METHOD = 2, /* path known, method not: see `allow` */
	ROUTER_NOMEM = -1,
};

struct router_match {
	const struct route *route; /* set when FOUND */
	size_t index;              /* its index in the table */
	struct route_arg args[ROUTER_MAX_ARGS];
	size_t nargs;
	const char *allow;         /* "GET, HEAD, POST" when BAD_METHOD (arena) */
};

/* Match a decoded path (from router_decode_path) and a method. */
enum router_result router_match(const struct router *r, struct arena *a,
				const char *method, const char *path,
				struct router_match *m);

/*
 * Decode and validate the path part of a request target (raw[0..len),
 * without the query): it must start with '/'; percent escapes must be
 * well formed (else FORM_MALFORMED); an escaped '/' ("%2F") and "." or
 * ".." segments, literal or escaped, and control characters (%0A...) are
 * FORM_MALFORMED; the decoded path must be UTF-8 without NUL
 * (FORM_BAD_UTF8).
 * '+' is kept as it is. *out is an arena string.
 */
enum form_status router_decode_path(struct arena *a, const char *raw, size_t len,
				    char **out);

#endif
