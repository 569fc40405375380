/*
 * cache.h - an in-memory cache of whole public responses (the anonymous
 * view of a feedback item, as HTML or JSON; the anonymous public list and
 * search pages), so the busiest pages cost one indexed lookup instead of
 * several queries and a template render. An item's entry carries the item's
 * stamp; a list's entry the stamp of all public items (stamp_public()),
 * which every change to a publicly listed item bumps in its transaction.
 *
 * Correctness: an entry carries the version stamp of what it shows (the
 * item's updated_at and latest event, store/stamp.h, read BEFORE the
 * response was built) and is served only while the database still has
 * that stamp, whichever server wrote it; entries are only stored when the
 * stamp's time is at least two seconds old, so a change in the same second
 * as the render can never hide behind an equal stamp (and the event id
 * tells apart two changes stamped with one second, the second one held up
 * by the write lock). Entries also expire after
 * CACHE_TTL seconds, which bounds how long data that does not touch the
 * item's stamp (a unit renamed, an item crossing its due date) can show
 * old. Only anonymous responses without a secret are ever stored: nothing
 * personal or private goes in.
 *
 * Size: CACHE_SHARDS x CACHE_SLOTS entries of at most CACHE_MAX_BYTES
 * each, in sets of CACHE_WAYS: a key may sit in any entry of its set, and a
 * new key replaces the set's least recently used entry (a direct-mapped
 * cache made two of a hundred busy searches evict each other on every
 * request).
 * Thread-safe (a mutex per shard). Memory is malloc'd and freed by
 * cache_clear() (at shutdown).
 */
#ifndef DANVAN_CACHE_H
#define DANVAN_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define CACHE_SHARDS 16
#define CACHE_SLOTS 128
#define CACHE_WAYS 8
#define CACHE_TTL 30
#define CACHE_MAX_BYTES (256 * 1024)

/* 1 and a copy of the body in `a` when `key` holds an entry with `stamp`
 * that has not expired; 0 otherwise (or when out of memory). */
int cache_get(const char *key, int64_t stamp, struct arena *a, const void **data, size_t *len);

/* Store a copy of data[0..len) under key with stamp, if the rules above
 * allow (stamp old enough, size within bounds); silently does nothing
 * otherwise. */
void cache_put(const char *key, int64_t stamp, const void *data, size_t len);

struct request;

/* The longest key cache_respond() keeps (a longer one is answered without
 * the cache). */
#define CACHE_KEY_MAX 1024

/* The time to live of entries whose content changes with nothing but what
 * their stamp covers (the search across kinds: no result depends on the
 * time of day), for cache_respond(). */
#define CACHE_TTL_LONG 300

/*
 * Answer req with the entry of `key` at `stamp` (body only, as content type
 * ctype), or else with build(req), keeping its body when it answered 200
 * for ttl seconds (0: CACHE_TTL). Only for anonymous responses that depend
 * on nothing but the key and what the stamp covers (the rules above).
 * Returns what build returns, or 0.
 */
int cache_respond(struct request *req, const char *key, int64_t stamp, const char *ctype,
		  int (*build)(struct request *req), int ttl);

/* Hits and misses of cache_get() since start, for /metrics. */
void cache_counts(uint64_t *hits, uint64_t *misses);

/* Drop every entry (shutdown, tests). */
void cache_clear(void);

#endif
