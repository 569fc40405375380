/*
 * server.h - the HTTP server: libmicrohttpd with an internal epoll thread
 * pool (one thread per core), keep-alive, per-request arenas, limits,
 * security headers, access log, metrics and graceful shutdown.
 *
 * Two ways to run it:
 *
 *   http_serve(&cfg, routes, n, &hooks);   // blocks until SIGTERM/SIGINT
 *
 * or, step by step (tests, or to print the URL yourself):
 *
 *   struct http_server *srv;
 *   if (http_server_start(&srv, &cfg, routes, n, &hooks) < 0)
 *           return 1;
 *   printf("listening on %s\n", http_server_url(srv));
 *   http_server_wait(srv);   // until SIGTERM/SIGINT or http_server_wake()
 *   http_server_stop(srv);   // drains in-flight requests, frees srv
 *   ... close the database ...
 *
 * Limits, all from `struct http_config` (a zero field means the default):
 * request line + headers are bounded by header_limit (libmicrohttpd itself
 * answers 431/414 beyond it, without our security headers); the query
 * string is parsed by us (at most FORM_MAX_FIELDS parameters, else 400),
 * never in libmicrohttpd's pool; two Content-Length headers, or one with
 * Transfer-Encoding, are 400 and a transfer coding other than chunked is
 * 501, both with the connection closed; a body whose Content-Length is
 * over the route's limit is answered 413 `too_large` at once, before any
 * of it is read, and the connection is closed; so is a request the
 * before_body hook refuses (login); a chunked body that grows past the
 * limit is not stored from there on and is answered 413 at its end
 * (libmicrohttpd 0.9.75 cannot answer in the middle of a body), or the
 * connection is cut once 1 MiB more has arrived. Bodies are held as
 * http/body.h says: at most body_memory bytes of bodies in memory in all,
 * larger ones in unlinked files in spool_dir (body_spool bytes in all,
 * beyond which 503). Connections beyond max_connections are refused, and
 * beyond per_address_limit from one address; a request's line and headers
 * must arrive within header_timeout seconds and a body at body_min_rate
 * bytes a second or more after body_grace seconds (http/guard.h);
 * connections idle for idle_timeout seconds are closed.
 *
 * Every response carries Content-Security-Policy (HTTP_CSP),
 * X-Content-Type-Options: nosniff, Referrer-Policy: same-origin,
 * X-Frame-Options: DENY, and Cache-Control: no-store unless the handler
 * set a Cache-Control. One access-log line per request goes to cfg.log:
 *   2026-08-30T14:00:00+07:00 127.0.0.1 GET /phan-anh/ABC 200 5120 734us
 * (the query string is never logged: it may carry secrets).
 */
#ifndef DANVAN_HTTP_SERVER_H
#define DANVAN_HTTP_SERVER_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "core/assets.h"
#include "http/request.h"
#include "http/router.h"

#define HTTP_DEFAULT_LISTEN "127.0.0.1:8080"
/* For per_address_limit and body_min_rate: no limit at all. */
#define HTTP_NO_LIMIT UINT_MAX

struct http_config {
	const char *listen;         /* "HOST:PORT", "[::1]:8080", ":8080"; port 0 = any;
	                               NULL = HTTP_DEFAULT_LISTEN */
	unsigned threads;           /* 0 = number of online CPUs */
	unsigned max_connections;   /* 0 = 1000 */
	unsigned idle_timeout;      /* seconds; 0 = 60 */
	unsigned drain_timeout;     /* seconds http_server_stop waits for requests; 0 = 10 */
	size_t header_limit;        /* bytes per connection for request line + headers; 0 = 16 KiB (each connection holds a pool of this size: it bounds the memory of idle keep-alive connections) */
	size_t max_body;            /* body limit of routes without max_body; 0 = 1 MiB */
	size_t max_upload;          /* body limit of ROUTE_UPLOAD routes; 0 = 60 MiB */
	size_t max_response;        /* bound of req->out; 0 = 16 MiB */
	const char *json_prefix;    /* unrouted paths with JSON errors; NULL = "/api/" */
	int behind_tls;             /* cookies get Secure (TLS ends at a proxy) */
	int trust_proxy;            /* client address from the last X-Forwarded-For entry */
	unsigned per_address_limit; /* connections per client address (IPv6: per /64);
	                               0 = 32, HTTP_NO_LIMIT = off (behind a proxy) */
	unsigned header_timeout;    /* seconds for a request's line and headers; 0 = 10 */
	unsigned body_min_rate;     /* bytes/s a body must average; 0 = 1024, HTTP_NO_LIMIT = off */
	unsigned body_grace;        /* seconds of a body before its rate counts; 0 = 10 */
	size_t body_memory;         /* bytes of request bodies in memory, all requests; 0 = 64 MiB */
	size_t body_spool;          /* bytes of bodies in spool files, all requests; 0 = 2 GiB */
	const char *spool_dir;      /* directory for spool files; NULL = $TMPDIR or /tmp */
	const char *metrics_token;  /* ROUTE_PRIVATE routes need "Authorization: Bearer" it;
	                               NULL or "" = loopback clients only */
	int quiet;                  /* no access log and no libmicrohttpd messages */
	FILE *log;                  /* access log and server messages; NULL = stderr */
	const struct asset *assets; /* for static_serve; NULL = the embedded table */
};

struct http_server;

/*
 * Parse "HOST:PORT" into a socket address: an IPv4 address, "[IPv6]",
 * "localhost" (127.0.0.1), or an empty host or "*" (0.0.0.0, every
 * interface). The port (0..65535) is required. Returns 0 or -1.
 */
int http_parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len);

/*
 * Compile the routes (which must outlive the server, like hooks), index the
 * static files, bind and start serving. On success *out is the running
 * server and 0 is returned; on failure (bad listen address, bad route
 * pattern, address in use) a message "error: ..." goes to cfg->log and -1
 * is returned. hooks may be NULL.
 */
int http_server_start(struct http_server **out, const struct http_config *cfg,
		      const struct route *routes, size_t n, const struct http_hooks *hooks);

/* The bound port (the real one when cfg.listen asked for port 0). */
unsigned http_server_port(const struct http_server *srv);
/* "http://127.0.0.1:8080" - the address as bound, for messages and tests. */
const char *http_server_url(const struct http_server *srv);
/* The server's counters (for tests and for the app's own pages). */
struct metrics *http_server_metrics(const struct http_server *srv);

/*
 * Block until SIGTERM or SIGINT arrives (handlers are installed for the
 * duration of the call and the previous ones restored after) or until
 * http_server_wake() is called. Returns the signal number, or 0 when
 * woken. Only one thread may wait on a server.
 */
int http_server_wait(struct http_server *srv);
/* Make http_server_wait() return; async-signal-safe and thread-safe. */
void http_server_wake(struct http_server *srv);

/*
 * Graceful stop: stop accepting connections, wait up to drain_timeout for
 * requests in flight to finish, then close every connection, join the
 * threads and free srv. Safe with NULL.
 */
void http_server_stop(struct http_server *srv);

/*
 * start + "listening on URL" on the log + wait + stop. Returns 0 after a
 * clean stop on SIGTERM/SIGINT, -1 when the server could not start. The
 * caller then closes the database.
 */
int http_serve(const struct http_config *cfg, const struct route *routes, size_t n,
	       const struct http_hooks *hooks);

#endif
