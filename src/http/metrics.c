/*
 * metrics.c - lock-free per-route counters and latency histograms, and
 * their Prometheus text rendering.
 */
#include "http/metrics.h"
#include "http/response.h"
#include "core/xalloc.h"

#include <stdatomic.h>

static const int statuses[] = {
	200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405,
	409, 413, 414, 415, 422, 429, 431, 500, 501, 503,
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds of the latency buckets, in microseconds. */
static const uint64_t bucket_usec[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
#define NBUCKET (sizeof(bucket_usec) / sizeof(bucket_usec[0]))

struct metrics_slot {
	const char *name;
	_Atomic uint64_t status[NSTATUS + 1]; /* last: other */
	_Atomic uint64_t bucket[NBUCKET + 1]; /* last: above the largest */
	_Atomic uint64_t usec_sum;
	_Atomic uint64_t bytes;
};

struct metrics {
	size_t nroutes;
	size_t *slot_of;   /* route index (0..nroutes) -> slot */
	struct metrics_slot *slots;
	size_t nslots;
	_Atomic long connections;
	_Atomic long in_flight;
	_Atomic uint64_t guard[METRICS_GUARD_BODY_RATE + 1];
	int64_t start_time;
};

static _Atomic uint64_t db_errors;

struct metrics *metrics_create(const struct route *routes, size_t n)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	m->nroutes = n;
	m->slot_of = xcalloc(n + 1, sizeof(*m->slot_of));
	m->slots = xcalloc(n + 1, sizeof(*m->slots));
	for (size_t i = 0; i <= n; i++) {
		const char *name = i == n ? "unmatched" :
			routes[i].name ? routes[i].name : routes[i].pattern;
		size_t s;
		for (s = 0; s < m->nslots; s++)
			if (!strcmp(m->slots[s].name, name))
				break;
		if (s == m->nslots)
			m->slots[m->nslots++].name = name;
		m->slot_of[i] = s;
	}
	m->start_time = (int64_t)time(NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->slot_of);
	free(m->slots);
	free(m);
}

void metrics_observe(struct metrics *m, size_t route_index, int status,
		     uint64_t usec, uint64_t bytes)
{
	if (route_index > m->nroutes)
		route_index = m->nroutes;
	struct metrics_slot *s = &m->slots[m->slot_of[route_index]];
	size_t si = NSTATUS, bi = NBUCKET;
	for (size_t i = 0; i < NSTATUS; i++)
		if (statuses[i] == status) {
			si = i;
			break;
		}
	for (size_t i = 0; i < NBUCKET; i++)
		if (usec <= bucket_usec[i]) {
			bi = i;
			break;
		}
	atomic_fetch_add_explicit(&s->status[si], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->bucket[bi], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->usec_sum, usec, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->bytes, bytes, memory_order_relaxed);
}

void metrics_connection(struct metrics *m, int delta)
{
	atomic_fetch_add_explicit(&m->connections, delta, memory_order_relaxed);
}

void metrics_in_flight(struct metrics *m, int delta)
{
	atomic_fetch_add_explicit(&m->in_flight, delta, memory_order_relaxed);
}

void metrics_guard(struct metrics *m, int why)
{
	if (why >= METRICS_GUARD_PER_ADDRESS && why <= METRICS_GUARD_BODY_RATE)
		atomic_fetch_add_explicit(&m->guard[why], 1, memory_order_relaxed);
}

long metrics_in_flight_count(const struct metrics *m)
{
	return atomic_load_explicit(&m->in_flight, memory_order_relaxed);
}

void metrics_count_db_error(void)
{
	atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed);
}

static uint64_t load(const _Atomic uint64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

/* Append a label value with Prometheus escaping (\\, \", \n). */
static int add_label(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		int r;
		if (*s == '\\' || *s == '"')
			r = sbuf_addch(out, '\\') || sbuf_addch(out, *s);
		else if (*s == '\n')
			r = sbuf_addstr(out, "\\n");
		else
			r = sbuf_addch(out, *s);
		if (r)
			return -1;
	}
	return 0;
}

static int render_slot(const struct metrics_slot *s, struct sbuf *out, int part)
{
	int r = 0;
	if (part == 0) {
		for (size_t i = 0; i <= NSTATUS && !r; i++) {
			uint64_t v = load(&s->status[i]);
			if (!v)
				continue;
			r = sbuf_addstr(out, "danvan_http_requests_total{route=\"") || add_label(out, s->name);
			if (i < NSTATUS)
				r = r || sbuf_addf(out, "\",status=\"%d\"} %llu\n", statuses[i],
						   (unsigned long long)v);
			else
				r = r || sbuf_addf(out, "\",status=\"other\"} %llu\n", (unsigned long long)v);
		}
	} else if (part == 1) {
		uint64_t cum = 0;
		for (size_t i = 0; i <= NBUCKET && !r; i++) {
			cum += load(&s->bucket[i]);
			r = sbuf_addstr(out, "danvan_http_request_duration_seconds_bucket{route=\"") ||
			    add_label(out, s->name);
			if (i < NBUCKET)
				r = r || sbuf_addf(out, "\",le=\"%g\"} %llu\n", (double)bucket_usec[i] / 1e6,
						   (unsigned long long)cum);
			else
				r = r || sbuf_addf(out, "\",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
		}
		r = r || sbuf_addstr(out, "danvan_http_request_duration_seconds_sum{route=\"") ||
		    add_label(out, s->name) ||
		    sbuf_addf(out, "\"} %.6f\n", (double)load(&s->usec_sum) / 1e6) ||
		    sbuf_addstr(out, "danvan_http_request_duration_seconds_count{route=\"") ||
		    add_label(out, s->name) || sbuf_addf(out, "\"} %llu\n", (unsigned long long)cum);
	} else {
		r = sbuf_addstr(out, "danvan_http_response_bytes_total{route=\"") ||
		    add_label(out, s->name) ||
		    sbuf_addf(out, "\"} %llu\n", (unsigned long long)load(&s->bytes));
	}
	return r ? -1 : 0;
}

static uint64_t slot_total(const struct metrics_slot *s)
{
	uint64_t n = 0;
	for (size_t i = 0; i <= NBUCKET; i++)
		n += load(&s->bucket[i]);
	return n;
}

int metrics_render(const struct metrics *m, struct sbuf *out)
{
	static const char *const heads[] = {
		"# HELP danvan_http_requests_total HTTP requests answered, by route and status.\n"
		"# TYPE danvan_http_requests_total counter\n",
		"# HELP danvan_http_request_duration_seconds Time from request line to response sent.\n"
		"# TYPE danvan_http_request_duration_seconds histogram\n",
		"# HELP danvan_http_response_bytes_total Response body bytes sent.\n"
		"# TYPE danvan_http_response_bytes_total counter\n",
	};
	for (int part = 0; part < 3; part++) {
		if (sbuf_addstr(out, heads[part]) < 0)
			return -1;
		for (size_t i = 0; i < m->nslots; i++)
			if (slot_total(&m->slots[i]) && render_slot(&m->slots[i], out, part) < 0)
				return -1;
	}
	int r = sbuf_addf(out,
		"# HELP danvan_http_open_connections Open client connections.\n"
		"# TYPE danvan_http_open_connections gauge\n"
		"danvan_http_open_connections %ld\n"
		"# HELP danvan_http_requests_in_flight Requests being received or answered.\n"
		"# TYPE danvan_http_requests_in_flight gauge\n"
		"danvan_http_requests_in_flight %ld\n"
		"# HELP danvan_http_connections_cut_total Connections shut down by the server's guard, by reason.\n"
		"# TYPE danvan_http_connections_cut_total counter\n"
		"danvan_http_connections_cut_total{reason=\"per_address_limit\"} %llu\n"
		"danvan_http_connections_cut_total{reason=\"header_timeout\"} %llu\n"
		"danvan_http_connections_cut_total{reason=\"body_too_slow\"} %llu\n"
		"# HELP danvan_db_errors_total Database errors reported by the application.\n"
		"# TYPE danvan_db_errors_total counter\n"
		"danvan_db_errors_total %llu\n"
		"# HELP danvan_process_start_time_seconds Start time of the server, Unix seconds.\n"
		"# TYPE danvan_process_start_time_seconds gauge\n"
		"danvan_process_start_time_seconds %lld\n",
		atomic_load_explicit(&m->connections, memory_order_relaxed),
		atomic_load_explicit(&m->in_flight, memory_order_relaxed),
		(unsigned long long)load(&m->guard[METRICS_GUARD_PER_ADDRESS]),
		(unsigned long long)load(&m->guard[METRICS_GUARD_HEADER]),
		(unsigned long long)load(&m->guard[METRICS_GUARD_BODY_RATE]),
		(unsigned long long)load(&db_errors), (long long)m->start_time);
	return r;
}

int metrics_serve(struct request *req)
{
	const struct http_env *env = req->priv.env;
	if (!env->metrics)
		return http_error(req, 404, NULL, NULL);
	sbuf_reset(req->out);
	if (metrics_render(env->metrics, req->out) < 0)
		return -1;
	if (env->hooks && env->hooks->metrics && env->hooks->metrics(req->out, env->hooks->ctx) < 0)
		return -1;
	return http_send(req, 200, "text/plain; version=0.0.4; charset=utf-8");
}
