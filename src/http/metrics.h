/*
 * metrics.h - request counters and latency histograms, rendered for
 * Prometheus at GET /metrics (text exposition format 0.0.4, every name
 * prefixed danvan_).
 *
 * Series:
 *   danvan_http_requests_total{route,status}          counter
 *   danvan_http_request_duration_seconds{route}       histogram (request
 *       line received -> response sent)
 *   danvan_http_response_bytes_total{route}           counter (body bytes)
 *   danvan_http_open_connections                      gauge
 *   danvan_http_requests_in_flight                    gauge
 *   danvan_http_connections_cut_total{reason}         counter (http/guard.h:
 *       per_address_limit, header_timeout, body_too_slow)
 *   danvan_db_errors_total                            counter (metrics_count_db_error)
 *   danvan_process_start_time_seconds                 gauge
 * `route` is the route's name (routes sharing a name share series);
 * requests that matched no route count as route="unmatched". `status` is
 * the code, or "other" for codes outside the usual set.
 *
 * Concurrency: all counters are relaxed atomics, updated without a lock
 * from any server thread; rendering reads them without stopping writers,
 * so a scrape is a near-instant, not a snapshot. A `struct metrics`
 * belongs to one server (metrics_create / metrics_free); the database
 * error counter is process-wide so store/ and app/ can bump it without a
 * server at hand.
 */
#ifndef DANVAN_HTTP_METRICS_H
#define DANVAN_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"
#include "http/router.h"

struct metrics;
struct request;

/* Counters for a route table of n routes, plus the "unmatched" slot
 * (index n). Aborts on exhaustion (start-up only); free with metrics_free. */
struct metrics *metrics_create(const struct route *routes, size_t n);
void metrics_free(struct metrics *m);

/* Count one finished request: route_index in 0..n (n = unmatched). */
void metrics_observe(struct metrics *m, size_t route_index, int status,
		     uint64_t usec, uint64_t bytes);

/* Gauges: +1 / -1 as connections open and close, requests start and end. */
void metrics_connection(struct metrics *m, int delta);
void metrics_in_flight(struct metrics *m, int delta);
long metrics_in_flight_count(const struct metrics *m);

/* Count a connection the guard shut down (http/guard.h). */
enum { METRICS_GUARD_PER_ADDRESS = 1, METRICS_GUARD_HEADER = 2, METRICS_GUARD_BODY_RATE = 3 };
void metrics_guard(struct metrics *m, int why);

/* Count a database error (thread-safe, lock-free, process-wide). */
void metrics_count_db_error(void);

/* Append the exposition text to out; -1 when out is full. */
SBUF_WUR int metrics_render(const struct metrics *m, struct sbuf *out);

/* Route handler for GET /metrics: the server's metrics and whatever
 * hooks->metrics appends, as text/plain; version=0.0.4. */
int metrics_serve(struct request *req);

#endif
