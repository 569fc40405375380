/*
 * arena.h - a per-request memory pool (nginx's request pool, h2o's
 * req->pool).
 *
 * Everything a request allocates comes from its arena and is freed at once by
 * arena_release(). Allocation returns NULL on exhaustion (or when fault
 * injection says so, see xalloc.h); callers answer 500 and unwind. Cleanup
 * hooks run in reverse order of registration at release, before the memory
 * goes: use them to finalise statements, close files or release sbufs.
 * Allocations are aligned for any object type. An arena is not thread-safe;
 * one request is served by one thread.
 */
#ifndef DANVAN_ARENA_H
#define DANVAN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf;
struct arena_block;
struct arena_cleanup;

struct arena {
	struct arena_block *head;
	struct arena_cleanup *cleanups;
	size_t block_size;
	size_t total; /* bytes taken from malloc, for limits and metrics */
};

void arena_init(struct arena *a, size_t block_size);
/* Run cleanups, free every block; the arena can be reused after arena_init. */
void arena_release(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Register fn(data) to run at release. Returns -1 when out of memory (fn
 * is then called at once, so nothing leaks). */
int arena_defer(struct arena *a, void (*fn)(void *), void *data);

/* An sbuf owned by the arena (released with it); NULL when out of memory. */
struct sbuf *arena_sbuf(struct arena *a, size_t max);

#endif
