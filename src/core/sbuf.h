/*
 * sbuf.h - the one string builder of danvan (after git's strbuf and curl's
 * dynbuf).
 *
 * Invariants: `buf` is always NUL-terminated (it points at a static "" until
 * the first append), `len` is the length without the NUL, and `len` never
 * exceeds `max`, the bound given at init. An append that would pass the bound
 * or cannot allocate returns -1, leaves the contents as they were, and sets
 * the sticky `failed` flag, so a caller may do a series of appends and check
 * once with sbuf_ok() when it is easier. Memory is from malloc and is freed
 * by sbuf_release(); sbuf_detach() hands it over to the caller.
 */
#ifndef DANVAN_SBUF_H
#define DANVAN_SBUF_H

#include <stdarg.h>
#include <stddef.h>

#define SBUF_WUR __attribute__((warn_unused_result))

struct sbuf {
	char *buf;
	size_t len;
	size_t alloc; /* 0 while buf points at the shared empty string */
	size_t max;
	int failed;
};

#define SBUF_INIT(maxlen) { .buf = (char *)sbuf_empty, .len = 0, .alloc = 0, .max = (maxlen), .failed = 0 }
extern const char sbuf_empty[1];

void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_release(struct sbuf *sb);
/* Return the malloc'd buffer (never NULL) and reset sb; caller frees. */
char *sbuf_detach(struct sbuf *sb, size_t *len);
void sbuf_reset(struct sbuf *sb);
/* Shorten to len (len <= sb->len). */
void sbuf_setlen(struct sbuf *sb, size_t len);
static inline int sbuf_ok(const struct sbuf *sb) { return !sb->failed; }

SBUF_WUR int sbuf_grow(struct sbuf *sb, size_t extra);
SBUF_WUR int sbuf_add(struct sbuf *sb, const void *data, size_t len);
SBUF_WUR int sbuf_addstr(struct sbuf *sb, const char *s);
SBUF_WUR int sbuf_addch(struct sbuf *sb, int c);
SBUF_WUR int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
SBUF_WUR int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The decimal digits of v (as "%lld", without printf). */
SBUF_WUR int sbuf_add_int(struct sbuf *sb, long long v);

/* Escaping appends: HTML text and attribute values (& < > " ' escaped). */
SBUF_WUR int sbuf_add_html(struct sbuf *sb, const char *s, size_t len);
/* Percent-encode for a URL query value or path segment (RFC 3986 unreserved kept). */
SBUF_WUR int sbuf_add_urlenc(struct sbuf *sb, const char *s, size_t len);
/* A JSON string literal with quotes; s must be valid UTF-8. */
SBUF_WUR int sbuf_add_json_str(struct sbuf *sb, const char *s, size_t len);

#endif
