/*
 * guard.h - the connection guard: a limit on simultaneous connections per
 * client address, a deadline for receiving a request's line and headers,
 * and a minimum rate for bodies, enforced by one watchdog thread.
 *
 * libmicrohttpd only knows an idle timeout, which a client resets with
 * every byte: a thousand connections that each send one header line every
 * thirty seconds hold every slot forever (slowloris). The guard closes
 * them instead:
 *
 *   - per address: a connection from an address (IPv4, or the /64 prefix
 *     of an IPv6 address: one host usually has a whole /64) that already
 *     holds `per_address` connections is shut down at once. Behind a
 *     reverse proxy every connection comes from the proxy's address, so
 *     the limit must then be off (or high) and the proxy must limit per
 *     client itself;
 *   - head deadline: a request's line and headers must be complete within
 *     `header_timeout` seconds of the connection being accepted, or of the
 *     request line of a later request on a keep-alive connection; a
 *     keep-alive connection between requests may wait `idle_timeout`;
 *   - body rate: once `body_grace` seconds of a body have passed, a body
 *     that has arrived at less than `body_min_rate` bytes a second on
 *     average is cut off.
 * A connection is "shut down" with shutdown(2): libmicrohttpd then sees the
 * end of the stream and closes it as a client disconnect, from its own
 * thread. The guard never closes a descriptor itself.
 *
 * Threads: guard_add/guard_remove are called from libmicrohttpd's
 * connection notifications, the phase functions from the thread serving
 * the connection; all are thread-safe. guard_start starts the watchdog
 * thread, guard_free stops and joins it (after the daemon has stopped, so
 * that no connection is left).
 */
#ifndef DANVAN_HTTP_GUARD_H
#define DANVAN_HTTP_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct guard;
struct guard_conn;
struct metrics;

struct guard_limits {
	unsigned per_address;   /* connections per address; 0 = no limit */
	unsigned header_timeout; /* seconds for request line + headers (> 0) */
	unsigned idle_timeout;  /* seconds a keep-alive connection may wait (> 0) */
	unsigned body_min_rate; /* bytes per second; 0 = no minimum */
	unsigned body_grace;    /* seconds of a body before the rate is checked */
};

/* Start the watchdog thread. Counts closes in m (may be NULL). Returns
 * NULL when the thread cannot be started. */
struct guard *guard_start(const struct guard_limits *lim, struct metrics *m);
/* Stop and join the thread and free the guard. Safe with NULL. */
void guard_free(struct guard *g);

/*
 * A new connection on socket fd from addr: counted against its address
 * and given the head deadline. When the address is over its limit the
 * socket is shut down at once (and not counted). Never fails: on
 * exhaustion it aborts, like xmalloc. The result is handed to every other
 * call for this connection and released by guard_remove.
 */
struct guard_conn *guard_add(struct guard *g, int fd, const struct sockaddr *addr);
void guard_remove(struct guard *g, struct guard_conn *c);

/* The request line of a request arrived (its headers may not have). */
void guard_request_line(struct guard_conn *c);
/* The headers are complete; a body follows when body is nonzero. */
void guard_headers(struct guard_conn *c, int body);
/* n more body bytes arrived. */
void guard_body_bytes(struct guard_conn *c, size_t n);
/* The request is being answered: no deadline until it completes. */
void guard_busy(struct guard_conn *c);
/* The request completed; the connection may wait for the next one. */
void guard_idle(struct guard_conn *c);

#endif
