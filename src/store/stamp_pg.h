/*
 * stamp_pg.h - on PostgreSQL, the version stamps of store/stamp.h kept in
 * this process's memory and forgotten when the database announces a change
 * (migrations/postgresql/0029_stamp_notify.sql: NOTIFY 'f:CODE' for an
 * item, 'p:KIND' for a kind's public lists; 0032: 'a:*' for the news stamp,
 * which also expires at the next scheduled publication), so that a cached
 * page costs no round trip to the database. docs/postgresql.md "Version
 * stamps".
 *
 * Rules that keep it right:
 * - One listener connection per process (stamp_listen_start(), `danvan
 *   serve` only) LISTENs on 'danvan_stamp' in a thread of its own; each
 *   announcement forgets that stamp. Another server's change is seen here
 *   after the notification's delay (milliseconds).
 * - The server that makes a change forgets the stamp before it answers: each
 *   of its database connections LISTENs on a channel of its own, to which
 *   the triggers also announce (store/db_pg.c), and PostgreSQL delivers a
 *   session's own notifications with its COMMIT.
 * - The stamps in memory are trusted only while the listener is connected
 *   and answered a ping within the last STAMP_LEASE_MS; otherwise (not yet
 *   connected, lost, stuck) every stamp is read from the database, as on
 *   SQLite. Each (re)connection forgets every stamp (notifications may have
 *   been missed meanwhile).
 * - A stamp read from the database is kept only if nothing announced a
 *   change to it (nor the listener reconnected) since before that read.
 * - Bounded: STAMP_SLOTS direct-mapped entries; a new one replaces the old.
 *   A stamp is read again after STAMP_MAX_AGE_MS whatever was announced, so
 *   that a notification lost where none can be (a pooler that drops LISTEN)
 *   shows old pages for that long at most, as web/cache.h's CACHE_TTL.
 */
#ifndef DANVAN_STAMP_PG_H
#define DANVAN_STAMP_PG_H

#include <stddef.h>
#include <stdint.h>

#define STAMP_SLOTS 16384      /* power of two */
#define STAMP_KEY_MAX 24       /* longer keys ("f:CODE", "p:KIND", "a:*") are not kept */
#define STAMP_PING_MS 1000     /* the listener pings its connection this often */
#define STAMP_PING_TIMEOUT_MS 3000
#define STAMP_LEASE_MS 5000
#define STAMP_MAX_AGE_MS 30000 /* then read again, announced or not */
#define STAMP_CHANNEL "danvan_stamp"

/*
 * Start the listener thread on the PostgreSQL database at `url` (it keeps
 * reconnecting: first after DANVAN_STAMP_RETRY_MS, default 1000 ms, then
 * doubling up to 30 s) and trust stamps in memory while it is connected.
 * Its connection's application_name is "danvan-stamp-PID". 0, or -1 with
 * a message in err when the thread cannot start.
 */
int stamp_listen_start(const char *url, char *err, size_t errlen);

/* Stop the listener (and forget every stamp); safe when never started. */
void stamp_listen_stop(void);

/* 1 while stamps in memory are in use (the listener is started). */
int stamp_mem_enabled(void);

/* A change was announced: forget the stamp with this key ("f:CODE"). */
void stamp_forget(const char *key);

/*
 * For store/stamp.c. stamp_mem_get(): 1 and *stamp when `key` has a trusted
 * stamp in memory; 0 and a *token to pass to stamp_mem_put() after reading
 * the stamp from the database; -1 when memory is not to be trusted (read
 * from the database and keep nothing).
 */
int stamp_mem_get(const char *key, int64_t *stamp, uint64_t *token);
void stamp_mem_put(const char *key, int64_t stamp, uint64_t token);

/*
 * The same for a stamp that also depends on the time (the news stamp,
 * store/article.c: scheduled articles come due with no write to announce
 * it): kept with the span of times [from, until) (UTC seconds) over which
 * it holds, and answered only for a time `at` within it; outside, a miss
 * (0 and a token), as for an announced change. stamp_mem_get() and
 * stamp_mem_put() are these with every time.
 */
int stamp_mem_get_at(const char *key, int64_t at, int64_t *stamp, uint64_t *token);
void stamp_mem_put_span(const char *key, int64_t stamp, int64_t from, int64_t until, uint64_t token);

/* For /metrics. */
struct stamp_stats {
	uint64_t hits;     /* stamps answered from memory */
	uint64_t reads;    /* stamps read from the database (misses and fallback) */
	uint64_t notes;    /* announcements received (own and others') */
	uint64_t losses;   /* times the listener connection was lost */
	int enabled;       /* the listener is started */
	int up;            /* the stamps in memory are trusted now */
};
void stamp_get_stats(struct stamp_stats *s);

#endif
