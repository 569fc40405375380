/*
 * stamp_pg.c - version stamps in memory, forgotten by PostgreSQL's NOTIFY
 * (the rules are in stamp_pg.h).
 */
#include "stamp_pg.h"
#include "core/timefmt.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOCKS 64 /* power of two, at most STAMP_SLOTS */

struct slot {
	char key[STAMP_KEY_MAX];
	int64_t stamp;
	uint32_t gen;  /* the listener generation it was read under; 0: empty */
	uint32_t seq;  /* bumped by every announcement that maps here */
	int64_t kept_ms; /* monotonic ms when it was read from the database */
	int64_t from, until; /* good for times (UTC s) in [from, until) */
};

static struct slot slots[STAMP_SLOTS];
static pthread_mutex_t locks[LOCKS];
static pthread_once_t locks_once = PTHREAD_ONCE_INIT;

static atomic_int enabled;         /* the listener is started */
static atomic_int up;              /* the listener is connected and listening */
static atomic_uint gen = 1;        /* bumped by every (re)connection and loss */
static atomic_int_fast64_t alive_ms; /* monotonic ms of its last sign of life */
static atomic_uint_fast64_t n_hits, n_reads, n_notes, n_losses;

static void init_locks(void)
{
	for (int i = 0; i < LOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
}

static int64_t now_ms(void)
{
	return mono_ns() / 1000000;
}

static size_t slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29)) & (STAMP_SLOTS - 1);
}

static pthread_mutex_t *lock_of(size_t i)
{
	return &locks[i & (LOCKS - 1)];
}

static int trusted(void)
{
	return atomic_load(&up) && now_ms() - atomic_load(&alive_ms) < STAMP_LEASE_MS;
}

int stamp_mem_enabled(void)
{
	return atomic_load(&enabled);
}

int stamp_mem_get(const char *key, int64_t *stamp, uint64_t *token)
{
	return stamp_mem_get_at(key, 0, stamp, token);
}

int stamp_mem_get_at(const char *key, int64_t at, int64_t *stamp, uint64_t *token)
{
	if (!atomic_load(&enabled) || strlen(key) >= STAMP_KEY_MAX || !trusted()) {
		atomic_fetch_add(&n_reads, 1);
		return -1;
	}
	pthread_once(&locks_once, init_locks);
	size_t i = slot_of(key);
	struct slot *s = &slots[i];
	uint32_t g = atomic_load(&gen);
	int hit = 0;
	pthread_mutex_lock(lock_of(i));
	if (s->gen == g && !strcmp(s->key, key) && now_ms() - s->kept_ms < STAMP_MAX_AGE_MS && at >= s->from &&
	    at < s->until) {
		*stamp = s->stamp;
		hit = 1;
	} else {
		*token = (uint64_t)g << 32 | s->seq;
	}
	pthread_mutex_unlock(lock_of(i));
	atomic_fetch_add(hit ? &n_hits : &n_reads, 1);
	return hit;
}

void stamp_mem_put(const char *key, int64_t stamp, uint64_t token)
{
	stamp_mem_put_span(key, stamp, INT64_MIN, INT64_MAX, token);
}

void stamp_mem_put_span(const char *key, int64_t stamp, int64_t from, int64_t until, uint64_t token)
{
	if (strlen(key) >= STAMP_KEY_MAX)
		return;
	size_t i = slot_of(key);
	struct slot *s = &slots[i];
	uint32_t g = (uint32_t)(token >> 32);
	pthread_mutex_lock(lock_of(i));
	/* nothing announced for this slot, nor a reconnection, since the read
	 * began; and the listener is still there to announce what comes next */
	if (s->seq == (uint32_t)token && atomic_load(&gen) == g && trusted()) {
		memcpy(s->key, key, strlen(key) + 1);
		s->stamp = stamp;
		s->gen = g;
		s->kept_ms = now_ms();
		s->from = from;
		s->until = until;
	}
	pthread_mutex_unlock(lock_of(i));
}

static void forget_one(const char *key)
{
	size_t i = slot_of(key);
	struct slot *s = &slots[i];
	pthread_mutex_lock(lock_of(i));
	s->seq++;
	if (!strcmp(s->key, key))
		s->gen = 0;
	pthread_mutex_unlock(lock_of(i));
}

void stamp_forget(const char *key)
{
	atomic_fetch_add(&n_notes, 1);
	if (!atomic_load(&enabled))
		return;
	pthread_once(&locks_once, init_locks);
	forget_one(key);
	/* one kind's public lists changed: so did every kind's at once
	 * (stamp_public_all(), kept as "p:*") */
	if (!strncmp(key, "p:", 2) && strcmp(key, "p:*"))
		forget_one("p:*");
}

void stamp_get_stats(struct stamp_stats *st)
{
	st->hits = atomic_load(&n_hits);
	st->reads = atomic_load(&n_reads);
	st->notes = atomic_load(&n_notes);
	st->losses = atomic_load(&n_losses);
	st->enabled = atomic_load(&enabled);
	st->up = st->enabled && trusted();
}

/* --- the listener ------------------------------------------------------------------- */

static pthread_t thread;
static int stop_pipe[2] = { -1, -1 };
static char *listen_url;
static int retry_first_ms = 1000;
#ifdef DANVAN_TESTING
static int test_delay_ms; /* DANVAN_TEST_STAMP_DELAY_MS */
#endif

/* Stop trusting memory; every stamp kept so far is forgotten. */
static void distrust(void)
{
	atomic_store(&up, 0);
	atomic_fetch_add(&gen, 1);
}

/* Wait ms, or until asked to stop (1). */
static int pause_ms(int ms)
{
	struct pollfd p = { .fd = stop_pipe[0], .events = POLLIN };
	return poll(&p, 1, ms) > 0;
}

static PGconn *listen_connect(void)
{
	char app[64];
	snprintf(app, sizeof(app), "danvan-stamp-%ld", (long)getpid());
	/* keepalives: a peer gone without a word is noticed by the pings too */
	const char *keys[] = { "connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
			       "keepalives_count", "dbname", "application_name", NULL };
	const char *vals[] = { "5", "1", "5", "2", "2", listen_url, app, NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (c && PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, "LISTEN " STAMP_CHANNEL);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (ok && PQsetnonblocking(c, 1) == 0)
			return c;
	}
	if (c) {
		char line[300];
		const char *m = PQerrorMessage(c);
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(m, "\n"), m);
		fprintf(stderr, "warning: stamp listener: cannot listen on the database: %s\n", line);
		PQfinish(c);
	}
	return NULL;
}

/* Take what arrived: announcements, and the ping's answer. -1: lost. */
static int drain(PGconn *c, int *pinging)
{
	if (!PQconsumeInput(c))
		return -1;
	while (*pinging && !PQisBusy(c)) {
		PGresult *r = PQgetResult(c);
		if (!r) {
			*pinging = 0;
			atomic_store(&alive_ms, now_ms());
			break;
		}
		int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
		if (!ok)
			return -1;
	}
	PGnotify *n = PQnotifies(c); /* it parses what PQconsumeInput() read */
#ifdef DANVAN_TESTING
	/* a slow listener, to show that a server forgets its own changes
	 * without it (tests/http/test_scaleout.py) */
	if (n && test_delay_ms > 0 && pause_ms(test_delay_ms))
		test_delay_ms = 0;
#endif
	for (; n; n = PQnotifies(c)) {
		stamp_forget(n->extra);
		PQfreemem(n);
	}
	return PQstatus(c) == CONNECTION_OK ? 0 : -1;
}

/* Serve one connection until it is lost (0) or we are asked to stop (1). */
static int listen_on(PGconn *c)
{
	int pinging = 0;
	int64_t ping_at = now_ms();
	atomic_store(&alive_ms, ping_at);
	/* LISTEN is in effect: what changes from now on is announced, what
	 * changed before is forgotten with the generation */
	atomic_fetch_add(&gen, 1);
	atomic_store(&up, 1);
	for (;;) {
		int64_t now = now_ms();
		if (!pinging && now - ping_at >= STAMP_PING_MS) {
			if (!PQsendQuery(c, "SELECT 1"))
				return 0;
			pinging = 1;
			ping_at = now;
		}
		if (pinging && now - ping_at > STAMP_PING_TIMEOUT_MS) {
			fprintf(stderr, "warning: stamp listener: no answer from the database for %d ms\n",
				STAMP_PING_TIMEOUT_MS);
			return 0;
		}
		if (PQflush(c) < 0)
			return 0;
		struct pollfd p[2] = { { .fd = PQsocket(c), .events = POLLIN }, { .fd = stop_pipe[0], .events = POLLIN } };
		int wait = (int)(pinging ? ping_at + STAMP_PING_TIMEOUT_MS + 1 - now : ping_at + STAMP_PING_MS - now);
		if (wait < 1)
			wait = 1;
		int rc = poll(p, 2, wait);
		if (rc < 0 && errno != EINTR)
			return 0;
		if (rc > 0 && p[1].revents)
			return 1;
		if (rc > 0 && p[0].revents && drain(c, &pinging) < 0)
			return 0;
	}
}

static void *listener_main(void *arg)
{
	(void)arg;
	int delay = retry_first_ms;
	for (;;) {
		PGconn *c = listen_connect();
		if (c) {
			delay = retry_first_ms;
			int stop = listen_on(c);
			distrust();
			PQfinish(c);
			if (stop)
				return NULL;
			atomic_fetch_add(&n_losses, 1);
			fprintf(stderr, "warning: stamp listener: lost its database connection; stamps are read "
					"from the database until it reconnects\n");
		}
		if (pause_ms(delay))
			return NULL;
		delay = delay < 15000 ? delay * 2 : 30000;
	}
}

int stamp_listen_start(const char *url, char *err, size_t errlen)
{
	if (atomic_load(&enabled))
		return 0;
	pthread_once(&locks_once, init_locks);
	const char *r = getenv("DANVAN_STAMP_RETRY_MS");
	if (r && *r) {
		char *end;
		long v = strtol(r, &end, 10);
		if (!*end && v >= 10 && v <= 600000)
			retry_first_ms = (int)v;
	}
#ifdef DANVAN_TESTING
	const char *d = getenv("DANVAN_TEST_STAMP_DELAY_MS");
	if (d && *d)
		test_delay_ms = (int)strtol(d, NULL, 10);
#endif
	if (pipe(stop_pipe) < 0) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	fcntl(stop_pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(stop_pipe[1], F_SETFD, FD_CLOEXEC);
	listen_url = strdup(url);
	atomic_store(&enabled, 1);
	if (!listen_url || pthread_create(&thread, NULL, listener_main, NULL) != 0) {
		atomic_store(&enabled, 0);
		free(listen_url);
		listen_url = NULL;
		close(stop_pipe[0]);
		close(stop_pipe[1]);
		stop_pipe[0] = stop_pipe[1] = -1;
		snprintf(err, errlen, "cannot start the stamp listener thread");
		return -1;
	}
	return 0;
}

void stamp_listen_stop(void)
{
	if (!atomic_load(&enabled))
		return;
	if (write(stop_pipe[1], "x", 1) < 0)
		fprintf(stderr, "warning: stamp listener: cannot ask it to stop\n");
	pthread_join(thread, NULL);
	distrust();
	atomic_store(&enabled, 0);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	stop_pipe[0] = stop_pipe[1] = -1;
	free(listen_url);
	listen_url = NULL;
}
