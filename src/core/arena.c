/*
 * arena.c - chained-block bump allocator with cleanup hooks, one per request.
 */
#include "arena.h"
#include "sbuf.h"
#include "xalloc.h"

#include <stdalign.h>
#include <stdint.h>

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *data;
};

void arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->cleanups = NULL;
	a->block_size = block_size ? block_size : 8192;
	a->total = 0;
}

void arena_release(struct arena *a)
{
	while (a->cleanups) {
		struct arena_cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->data);
	}
	while (a->head) {
		struct arena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > a->block_size / 4 ? n : a->block_size;
		if (fault_alloc_should_fail())
			return NULL;
		struct arena_block *nb = malloc(sizeof(*nb) + size);
		if (!nb)
			return NULL;
		nb->size = size;
		nb->used = 0;
		a->total += size;
		if (b && size == n && b->size - b->used >= align * 8) {
			/* a large one-off: keep the current block first */
			nb->next = b->next;
			b->next = nb;
			nb->used = n;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	va_start(ap, fmt);
	/* formatted once into the current block when it fits there */
	struct arena_block *b = a->head;
	size_t room = b ? b->size - b->used : 0;
	va_copy(cp, ap);
	int n = vsnprintf(room ? (char *)b->data + b->used : NULL, room, fmt, cp);
	va_end(cp);
	char *p = NULL;
	if (n >= 0 && (size_t)n < room) {
		const size_t align = alignof(max_align_t);
		size_t take = ((size_t)n + align) & ~(align - 1);
		p = (char *)b->data + b->used;
		b->used += take < room ? take : room;
	} else if (n >= 0 && (p = arena_alloc(a, (size_t)n + 1))) {
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	}
	va_end(ap);
	return p;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *data)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
	if (!c) {
		fn(data);
		return -1;
	}
	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
	return 0;
}

static void release_sbuf(void *p)
{
	sbuf_release(p);
}

struct sbuf *arena_sbuf(struct arena *a, size_t max)
{
	struct sbuf *sb = arena_alloc(a, sizeof(*sb));
	if (!sb)
		return NULL;
	sbuf_init(sb, max);
	if (arena_defer(a, release_sbuf, sb) < 0)
		return NULL;
	return sb;
}
