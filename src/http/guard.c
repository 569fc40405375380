/*
 * guard.c - per-address connection counts, head deadlines and minimum body
 * rates for the server's connections, enforced by a watchdog thread that
 * shuts down the sockets of connections past their deadline (see guard.h).
 */
#include "http/guard.h"
#include "http/metrics.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>

#define GUARD_BUCKETS 4096
#define GUARD_TICK_MS 250

enum phase { PHASE_HEAD, PHASE_BODY, PHASE_BUSY, PHASE_IDLE };

/* An address as counted: IPv4, or the first 64 bits of IPv6. */
struct addr_key {
	unsigned char family; /* 4, 6, or 0 for anything else (never limited) */
	unsigned char b[8];
};

struct addr_count {
	struct addr_count *next;
	struct addr_key key;
	unsigned n;
};

struct guard_conn {
	struct guard_conn *prev, *next; /* the guard's list, under its lock */
	int fd;
	int counted;                    /* holds one count of key */
	int cut;                        /* already shut down */
	struct addr_key key;
	_Atomic int phase;
	_Atomic int64_t since_ns;       /* start of the phase */
	_Atomic uint64_t body_bytes;
};

struct guard {
	struct guard_limits lim;
	struct metrics *metrics;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int stop;
	struct guard_conn *head;
	struct addr_count *buckets[GUARD_BUCKETS];
};

static void key_of(const struct sockaddr *sa, struct addr_key *k)
{
	memset(k, 0, sizeof(*k));
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		k->family = 4;
		memcpy(k->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (!memcmp(a, mapped, sizeof(mapped))) {
			k->family = 4; /* ::ffff:a.b.c.d is the IPv4 client a.b.c.d */
			memcpy(k->b, a + 12, 4);
		} else {
			k->family = 6;
			memcpy(k->b, a, 8);
		}
	}
}

static size_t key_hash(const struct addr_key *k)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	h = (h ^ k->family) * 1099511628211ull;
	for (size_t i = 0; i < sizeof(k->b); i++)
		h = (h ^ k->b[i]) * 1099511628211ull;
	return (size_t)(h % GUARD_BUCKETS);
}

/* Under the lock: the count of k, created when create is set. */
static struct addr_count *count_of(struct guard *g, const struct addr_key *k, int create)
{
	struct addr_count **p = &g->buckets[key_hash(k)];
	for (; *p; p = &(*p)->next)
		if (!memcmp(&(*p)->key, k, sizeof(*k)))
			return *p;
	if (!create)
		return NULL;
	struct addr_count *c = xcalloc(1, sizeof(*c));
	c->key = *k;
	*p = c;
	return c;
}

static void count_drop(struct guard *g, const struct addr_key *k)
{
	struct addr_count **p = &g->buckets[key_hash(k)];
	for (; *p; p = &(*p)->next)
		if (!memcmp(&(*p)->key, k, sizeof(*k))) {
			struct addr_count *c = *p;
			if (--c->n == 0) {
				*p = c->next;
				free(c);
			}
			return;
		}
}

static void set_phase(struct guard_conn *c, int phase)
{
	atomic_store_explicit(&c->since_ns, mono_ns(), memory_order_relaxed);
	atomic_store_explicit(&c->phase, phase, memory_order_relaxed);
}

struct guard_conn *guard_add(struct guard *g, int fd, const struct sockaddr *addr)
{
	struct guard_conn *c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	key_of(addr, &c->key);
	set_phase(c, PHASE_HEAD);
	pthread_mutex_lock(&g->lock);
	if (g->lim.per_address && c->key.family) {
		struct addr_count *n = count_of(g, &c->key, 1);
		if (n->n >= g->lim.per_address) {
			c->cut = 1;
		} else {
			n->n++;
			c->counted = 1;
		}
	}
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
	pthread_mutex_unlock(&g->lock);
	if (c->cut) {
		shutdown(fd, SHUT_RDWR);
		if (g->metrics)
			metrics_guard(g->metrics, METRICS_GUARD_PER_ADDRESS);
	}
	return c;
}

void guard_remove(struct guard *g, struct guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (c->counted)
		count_drop(g, &c->key);
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void guard_request_line(struct guard_conn *c)
{
	/* a new connection keeps the deadline that started at accept */
	if (c && atomic_load_explicit(&c->phase, memory_order_relaxed) != PHASE_HEAD)
		set_phase(c, PHASE_HEAD);
}

void guard_headers(struct guard_conn *c, int body)
{
	if (!c)
		return;
	atomic_store_explicit(&c->body_bytes, 0, memory_order_relaxed);
	set_phase(c, body ? PHASE_BODY : PHASE_BUSY);
}

void guard_body_bytes(struct guard_conn *c, size_t n)
{
	if (c)
		atomic_fetch_add_explicit(&c->body_bytes, n, memory_order_relaxed);
}

void guard_busy(struct guard_conn *c)
{
	if (c)
		set_phase(c, PHASE_BUSY);
}

void guard_idle(struct guard_conn *c)
{
	if (c)
		set_phase(c, PHASE_IDLE);
}

/* Under the lock: what to do with c now (0 = nothing). */
static int overdue(const struct guard *g, const struct guard_conn *c, int64_t now)
{
	int phase = atomic_load_explicit(&c->phase, memory_order_relaxed);
	int64_t since = atomic_load_explicit(&c->since_ns, memory_order_relaxed);
	int64_t age = now - since;
	const int64_t s = 1000000000;
	switch (phase) {
	case PHASE_HEAD:
		return age > (int64_t)g->lim.header_timeout * s ? METRICS_GUARD_HEADER : 0;
	case PHASE_IDLE:
		/* libmicrohttpd's idle timeout closes quiet connections; this
		 * catches a next request line trickled in byte by byte */
		return age > (int64_t)(g->lim.idle_timeout + g->lim.header_timeout) * s ?
			METRICS_GUARD_HEADER : 0;
	case PHASE_BODY:
		if (!g->lim.body_min_rate || age <= (int64_t)g->lim.body_grace * s)
			return 0;
		{
			uint64_t got = atomic_load_explicit(&c->body_bytes, memory_order_relaxed);
			double want = (double)g->lim.body_min_rate * (double)age / 1e9;
			return (double)got < want ? METRICS_GUARD_BODY_RATE : 0;
		}
	default:
		return 0;
	}
}

static void *watch(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		int64_t now = mono_ns();
		for (struct guard_conn *c = g->head; c; c = c->next) {
			int why;
			if (c->cut || !(why = overdue(g, c, now)))
				continue;
			/* the descriptor is still open: libmicrohttpd closes it only
			 * after guard_remove, which waits for this lock */
			shutdown(c->fd, SHUT_RDWR);
			c->cut = 1;
			if (g->metrics)
				metrics_guard(g->metrics, why);
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += GUARD_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_start(const struct guard_limits *lim, struct metrics *m)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	g->lim = *lim;
	g->metrics = m;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->thread, NULL, watch, g) != 0) {
		pthread_cond_destroy(&g->wake);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return NULL;
	}
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	while (g->head) {
		struct guard_conn *c = g->head;
		g->head = c->next;
		free(c);
	}
	for (size_t i = 0; i < GUARD_BUCKETS; i++)
		while (g->buckets[i]) {
			struct addr_count *c = g->buckets[i];
			g->buckets[i] = c->next;
			free(c);
		}
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
