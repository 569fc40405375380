/*
 * request.h - what a handler sees of one HTTP request, and the hooks
 * through which upper layers (web/, api/, app/) plug into the server.
 *
 * Lifetime and ownership: the server creates a `struct request` when the
 * request line arrives and frees it when the response has been sent (or the
 * connection dropped). Everything reachable from it - strings, parsed
 * fields, files, path arguments, the JSON body - lives in `req->arena` and
 * is valid until then, never after: copy what must outlive the request.
 * Handlers allocate their own request work from `req->arena` too. One
 * request is handled by one thread at a time; no locking is needed.
 *
 * Text guarantees: method, path, query values, form values, file names,
 * cookies and path arguments are valid UTF-8 without NUL (core/utf8.h).
 * The server answers 400 `invalid_utf8` (or `bad_request` for broken
 * syntax) before any hook or handler runs when the path, the query string
 * or an urlencoded/multipart body does not decode; bad cookie pairs are
 * dropped instead. Header values and the raw body are as received.
 *
 * Order of events for a routed request:
 *   1. the request line and headers arrive; the framing is checked (400
 *      for two Content-Length headers or one with Transfer-Encoding, 501
 *      for a transfer coding other than chunked); the path and query are
 *      decoded and the route is looked up (404 / 405 answered here);
 *      ROUTE_PRIVATE is enforced (404); a Content-Length over the route's
 *      limit is answered 413 `too_large`;
 *   2. hooks->before_body(req, route): login and permissions, decided from
 *      the headers alone; a request it stops has its body never read;
 *   3. the body is received up to the route's limit (413 `too_large`
 *      answered as soon as it is exceeded, and the rest is not read), in
 *      memory or in a spool file (http/body.h);
 *   4. urlencoded and multipart bodies are parsed (unless ROUTE_RAW);
 *   5. hooks->before(req, route), then route->handler(req), then
 *      hooks->after(req, route);
 *   6. the response is sent with the security headers, then logged and
 *      counted.
 */
#ifndef DANVAN_HTTP_REQUEST_H
#define DANVAN_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/body.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/router.h"

struct MHD_Connection;
struct metrics;
struct request;

/*
 * Hooks set by the application; any may be NULL. They are called on the
 * thread serving the request and must be thread-safe among themselves.
 */
struct http_hooks {
	void *ctx; /* handed to handlers as req->app (e.g. the application state) */

	/*
	 * Called when the request line and headers are in, before any of the
	 * body is read (and for requests without a body too). This is where
	 * the app loads the session (from req_cookie(req, "sid") or an
	 * Authorization header) into req->session / req->user, and enforces
	 * what the headers decide:
	 *   ROUTE_LOGIN without a logged-in officer -> on an HTML route
	 *     http_redirect(req, 303, "/dang-nhap?next=..."), on a JSON route
	 *     http_error(req, 401, "unauthenticated", NULL);
	 *   a permission the officer lacks -> 403.
	 * Return 0 to go on (read the body). Return nonzero to stop: the
	 * response the hook set is sent (500 when it set none), the body is
	 * not read and the connection is closed if one was announced;
	 * hooks->after still runs. req->body is still empty here.
	 */
	int (*before_body)(struct request *req, const struct route *route);

	/*
	 * Called after the body is parsed and before route->handler, for what
	 * needs the body:
	 *   ROUTE_CSRF with a bad or missing token -> http_error(req, 403,
	 *     "csrf_failed", NULL).
	 * Return 0 to go on to the handler. Return nonzero to stop: the
	 * response the hook set is sent (500 when it set none).
	 */
	int (*before)(struct request *req, const struct route *route);

	/* Called after the handler (also when it failed or the before hook
	 * stopped), with the response already set; it may still add headers
	 * or cookies (e.g. refresh the session cookie). */
	void (*after)(struct request *req, const struct route *route);

	/*
	 * Render an HTML error page (status 4xx/5xx, a stable code and a
	 * Vietnamese message) into req->out and send it with
	 * http_html(req, status). Return 0 when done; on <0 (or when no
	 * response was set) the built-in plain page is used. An http_error()
	 * called from inside the hook also gets the built-in page. Called only
	 * for HTML-style errors, possibly before any route matched (404, 405)
	 * and then with req->route NULL and no session loaded.
	 */
	int (*render_error)(struct request *req, int status, const char *code,
			    const char *message);

	/* Append more Prometheus text to GET /metrics (e.g. gauges the app
	 * keeps). Return <0 on failure (the page then answers 500). */
	int (*metrics)(struct sbuf *out, void *ctx);
};

/* Per-server state a request refers to; read-only while serving. */
struct http_env {
	const struct http_hooks *hooks; /* never NULL */
	struct metrics *metrics;        /* NULL: metrics_serve answers 404 */
	const char *json_prefix;        /* unrouted paths under it get JSON errors ("/api/") */
	size_t max_response;            /* bound of req->out */
	int secure_cookies;             /* add Secure to every cookie (behind TLS) */
	int trust_proxy;                /* take req->client from X-Forwarded-For */
};

/* How the response body is held (private to src/http). */
enum resp_kind { RESP_NONE, RESP_OUT, RESP_BYTES };

struct request {
	/* ---- set by the server; read-only for handlers ---- */
	const char *method;       /* "GET", "HEAD", "POST"...; HEAD runs GET routes */
	const char *path;         /* percent-decoded, validated, starts with '/' */
	const char *query;        /* raw query string without '?', "" when none */
	const char *content_type; /* the Content-Type header, "" when none */
	const char *body;         /* raw body, NUL-terminated, body_len bytes ("" when none) */
	size_t body_len;
	const char *client;       /* client IP address as text ("127.0.0.1", "::1") */
	const struct route *route; /* NULL until routed, and for 404/405 */
	struct arena *arena;      /* request memory, freed when the request ends */
	struct sbuf *out;         /* the response body being built (bounded, see http_config) */
	void *app;                /* hooks->ctx */

	/* ---- free for upper layers (NULL at start, never touched by http/) ---- */
	void *user;
	void *session;

	/* ---- private to src/http: use the functions below ---- */
	struct {
		const struct http_env *env;
		struct MHD_Connection *conn;
		const char *target;    /* the raw request target, for logs and error style */
		struct arena arena;
		struct sbuf out;
		struct body body;      /* http/body.h: memory or a spool file */
		struct form_params query, form, cookies, headers;
		struct form_params resp_headers; /* set by http_header() */
		struct http_files files;
		struct route_arg args[ROUTER_MAX_ARGS];
		size_t nargs;
		void *json;            /* json_t *, parsed once by req_json */
		int stage;             /* server.c's progress through the MHD calls */
		size_t route_index;
		size_t max_body;
		size_t discarded;
		uint64_t start_ns;
		/* the response */
		int status;
		enum resp_kind kind;
		const char *type;      /* Content-Type */
		const void *bytes;     /* RESP_BYTES data, alive until the request ends */
		size_t nbytes;
		size_t sent_len;       /* body length as queued, for log and metrics */
		int in_render_error;
		int close;             /* ask for Connection: close */
		/* suspension (http_suspend/http_resume), guarded by susp_lock */
		int (*then)(struct request *req);
		int susp_state;        /* enum in server.c */
		int resumed_early;
		void *susp_lock;       /* pthread_mutex_t *, from the arena */
	} priv;
};

/*
 * Answer later without holding a worker thread (e.g. a submission waiting
 * for its group commit). A handler calls http_suspend(req, then) and
 * returns 0 without setting a response; some other thread later calls
 * http_resume(req) exactly once, and the server then calls then(req) on a
 * worker thread to set the response, which is sent as usual. http_resume
 * may come before the handler has returned (it is remembered). Between
 * the two the request must not be touched by the other thread except
 * through data it owns and then() reads. Returns 0, or -1 when out of
 * memory (answer synchronously then). http_suspend_cancel() withdraws a
 * suspension the handler decided against before returning.
 */
int http_suspend(struct request *req, int (*then)(struct request *req));
void http_suspend_cancel(struct request *req);
void http_resume(struct request *req);

/* ---- reading the request ---- */

/* First value of a query parameter, or NULL. */
const char *req_query(const struct request *req, const char *name);
/* All values of a query parameter (see form_params_values). */
size_t req_query_values(const struct request *req, const char *name,
			const char **out, size_t max);

/* First value of a form field (urlencoded or multipart text), or NULL. */
const char *req_form(const struct request *req, const char *name);
size_t req_form_values(const struct request *req, const char *name,
		       const char **out, size_t max);
/* Every form field in order, for forms with generated names. */
const struct form_params *req_form_fields(const struct request *req);

/* First file uploaded under `field`, or NULL (an empty file input sends none). */
const struct http_file *req_file(const struct request *req, const char *field);
/* All files of `field` (multiple), as req_form_values. */
size_t req_files(const struct request *req, const char *field,
		 const struct http_file **out, size_t max);

/* A request header (name case-insensitive), as received, or NULL. */
const char *req_header(const struct request *req, const char *name);

/* A cookie value, or NULL. */
const char *req_cookie(const struct request *req, const char *name);

/* A path argument by name ("code" for "/phan-anh/{code}") or by position
 * (0-based); NULL when absent. */
const char *req_arg(const struct request *req, const char *name);
const char *req_arg_at(const struct request *req, size_t i);

/*
 * The body parsed as JSON (jansson, duplicate keys rejected), owned by the
 * request: do not json_decref it (json_incref what you keep). On failure
 * the error response is already set and NULL is returned, so a handler
 * writes `if (!(in = req_json(req))) return 0;`:
 *   415 `unsupported_media_type` when Content-Type is not application/json,
 *   400 `malformed_json` for an empty, invalid or non-UTF-8 body.
 * The result type is void * so this header does not need jansson.h;
 * assign it to a json_t *.
 */
void *req_json(struct request *req);

/* 1 when errors for this request are answered as JSON (ROUTE_JSON, or an
 * unrouted path under the JSON prefix, or an Accept asking for JSON). */
int req_wants_json(const struct request *req);

/* ---- lifecycle: for server.c, and for tests that call handlers directly ---- */

/*
 * Allocate a request bound to env (malloc; NULL on exhaustion). Fields
 * start empty: method "GET", path "/", query "", body "", client "".
 * request_free() releases the arena (running its cleanups) and the struct.
 */
struct request *request_create(const struct http_env *env);
void request_free(struct request *req);

/* Split a raw request target ("/a%20b?x=1", copied) into req->path
 * (decoded, see router_decode_path) and req->query, and parse the query. */
enum form_status request_set_target(struct request *req, const char *target);

/* Parse a Cookie header value into the request's cookies. */
enum form_status request_set_cookies(struct request *req, const char *header);

/* Parse req->body by req->content_type when it is urlencoded or
 * multipart/form-data (a multipart body without a valid boundary is
 * FORM_MALFORMED); other types are left alone. */
enum form_status request_parse_body(struct request *req);

/* Add a request header by hand, for tests without a connection (with a
 * connection, headers come from it). name and value must outlive req. */
int request_add_header(struct request *req, const char *name, const char *value);

#endif
