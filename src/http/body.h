/*
 * body.h - receiving request bodies with bounded memory.
 *
 * A body of at most BODY_MEM_MAX bytes is kept in memory, charged to a
 * budget shared by every request of the server (`mem_max` bytes in all);
 * a larger body, a body of unknown length that grows past BODY_MEM_MAX,
 * and a small body when the memory budget is spent are written to an
 * unlinked temporary file in `dir` (O_TMPFILE, or mkstemp + unlink) and
 * charged to the spool budget (`spool_max` bytes in all). When the body is
 * complete, body_finish() hands out one pointer and length either way: the
 * file is mapped read-only, so the parsers (form, multipart, JSON) see the
 * same (pointer, length) as for a body in memory, and the heap holds at
 * most mem_max bytes of bodies whatever the clients send. The data is
 * always followed by a NUL byte.
 *
 * Ownership: a `struct body` belongs to one request (one thread at a time);
 * the budget is shared and thread-safe (atomics). body_release() frees the
 * memory, unmaps the file, closes it and returns the reservations; the
 * pointer from body_finish() is valid until then.
 */
#ifndef DANVAN_HTTP_BODY_H
#define DANVAN_HTTP_BODY_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Bodies above this are spooled to a file. */
#define BODY_MEM_MAX (64 * 1024)
/* body_begin's `expected` when the length is not announced (chunked). */
#define BODY_UNKNOWN UINT64_MAX

struct body_budget {
	size_t mem_max;          /* bytes of bodies in memory, all requests */
	size_t spool_max;        /* bytes of bodies in spool files, all requests */
	const char *dir;         /* directory of the spool files */
	_Atomic size_t mem_used;
	_Atomic size_t spool_used;
};

enum body_status {
	BODY_OK = 0,
	BODY_TOO_LARGE = -1, /* over the request's limit */
	BODY_BUSY = -2,      /* the spool budget is spent: try again later (503) */
	BODY_ERROR = -3,     /* out of memory, or the spool file failed */
};

struct body {
	struct body_budget *budget;
	size_t limit;        /* largest body accepted */
	size_t len;          /* bytes received */
	char *mem;           /* in memory: cap bytes, reserved from mem_used */
	size_t cap;
	int fd;              /* spool file, or -1 */
	size_t spooled;      /* bytes reserved from spool_used */
	void *map;           /* after body_finish of a spooled body */
	size_t map_len;
};

/* An empty body (no budget: body_begin must be called before adding). */
void body_init(struct body *b);

/*
 * Start a body of `expected` bytes (BODY_UNKNOWN when chunked) with a
 * limit: BODY_TOO_LARGE when expected > limit, BODY_BUSY when a spool
 * file would be needed and its budget is spent, BODY_ERROR when no file
 * can be made.
 */
enum body_status body_begin(struct body *b, struct body_budget *budget, size_t limit,
			    uint64_t expected);

/* Append n bytes: BODY_TOO_LARGE past the limit (nothing is stored then),
 * BODY_BUSY or BODY_ERROR as for body_begin. */
enum body_status body_add(struct body *b, const void *data, size_t n);

/* The complete body, NUL-terminated (*data is "" for an empty body). */
enum body_status body_finish(struct body *b, const char **data, size_t *len);

/* 1 when the body went to a file (for tests and logs). */
int body_spooled(const struct body *b);

void body_release(struct body *b);

#endif
