/*
 * body.c - request bodies in memory up to BODY_MEM_MAX within a shared
 * budget, larger ones in unlinked temporary files mapped read-only when
 * complete (see body.h).
 */
#include "http/body.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Take n bytes from a budget of max; 0 on success, -1 when it is spent. */
static int reserve(_Atomic size_t *used, size_t max, size_t n)
{
	size_t cur = atomic_load_explicit(used, memory_order_relaxed);
	do {
		if (n > max || cur > max - n)
			return -1;
	} while (!atomic_compare_exchange_weak_explicit(used, &cur, cur + n, memory_order_relaxed,
							memory_order_relaxed));
	return 0;
}

static void unreserve(_Atomic size_t *used, size_t n)
{
	if (n)
		atomic_fetch_sub_explicit(used, n, memory_order_relaxed);
}

void body_init(struct body *b)
{
	memset(b, 0, sizeof(*b));
	b->fd = -1;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* An unlinked file in the budget's directory, or -1. */
static int spool_open(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* file systems without O_TMPFILE: a named file, unlinked at once */
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/danvan-body-XXXXXX", dir) >= sizeof(path))
		return -1;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -1;
	unlink(path);
	return fd;
}

/* Move the body to a spool file, reserving `reserve_n` bytes of the spool
 * budget (the whole announced length, or what is there so far). */
static enum body_status to_spool(struct body *b, size_t reserve_n)
{
	struct body_budget *bb = b->budget;
	if (reserve(&bb->spool_used, bb->spool_max, reserve_n) < 0)
		return BODY_BUSY;
	b->spooled = reserve_n;
	if ((b->fd = spool_open(bb->dir)) < 0)
		return BODY_ERROR;
	if (b->len && write_all(b->fd, b->mem, b->len) < 0)
		return BODY_ERROR;
	free(b->mem);
	unreserve(&bb->mem_used, b->cap);
	b->mem = NULL;
	b->cap = 0;
	return BODY_OK;
}

enum body_status body_begin(struct body *b, struct body_budget *budget, size_t limit,
			    uint64_t expected)
{
	b->budget = budget;
	b->limit = limit;
	if (expected == BODY_UNKNOWN)
		return BODY_OK; /* grows in body_add */
	if (expected > limit)
		return BODY_TOO_LARGE;
	size_t n = (size_t)expected + 1; /* and the NUL */
	if (expected <= BODY_MEM_MAX && reserve(&budget->mem_used, budget->mem_max, n) == 0) {
		if (!(b->mem = malloc(n))) {
			unreserve(&budget->mem_used, n);
			return BODY_ERROR;
		}
		b->cap = n;
		return BODY_OK;
	}
	return to_spool(b, n);
}

/* Room for n more bytes (and the NUL) in memory, within the budget. */
static int mem_grow(struct body *b, size_t n)
{
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	if (need > BODY_MEM_MAX + 1)
		return -1;
	size_t cap = b->cap ? b->cap : 1024;
	while (cap < need)
		cap *= 2;
	if (cap > BODY_MEM_MAX + 1)
		cap = BODY_MEM_MAX + 1;
	struct body_budget *bb = b->budget;
	if (reserve(&bb->mem_used, bb->mem_max, cap - b->cap) < 0)
		return -1;
	char *m = realloc(b->mem, cap);
	if (!m) {
		unreserve(&bb->mem_used, cap - b->cap);
		return -1;
	}
	b->mem = m;
	b->cap = cap;
	return 0;
}

enum body_status body_add(struct body *b, const void *data, size_t n)
{
	if (n > b->limit - b->len)
		return BODY_TOO_LARGE;
	if (b->fd < 0 && mem_grow(b, n) < 0) {
		enum body_status st = to_spool(b, b->len + 1); /* the NUL, and what is there */
		if (st != BODY_OK)
			return st;
	}
	if (b->fd >= 0) {
		/* a body of unknown length reserves as it grows */
		size_t have = b->len + n + 1;
		if (have > b->spooled) {
			struct body_budget *bb = b->budget;
			if (reserve(&bb->spool_used, bb->spool_max, have - b->spooled) < 0)
				return BODY_BUSY;
			b->spooled = have;
		}
		if (write_all(b->fd, data, n) < 0)
			return BODY_ERROR;
	} else {
		memcpy(b->mem + b->len, data, n);
	}
	b->len += n;
	return BODY_OK;
}

enum body_status body_finish(struct body *b, const char **data, size_t *len)
{
	*len = b->len;
	if (b->map) {
		*data = b->map;
		return BODY_OK;
	}
	if (b->fd < 0) {
		if (!b->mem) {
			*data = "";
			return BODY_OK;
		}
		b->mem[b->len] = '\0';
		*data = b->mem;
		return BODY_OK;
	}
	if (write_all(b->fd, "", 1) < 0)
		return BODY_ERROR;
	void *m = mmap(NULL, b->len + 1, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (m == MAP_FAILED)
		return BODY_ERROR;
	b->map = m;
	b->map_len = b->len + 1;
	close(b->fd);
	b->fd = -1;
	*data = m;
	return BODY_OK;
}

int body_spooled(const struct body *b)
{
	return b->fd >= 0 || b->map != NULL;
}

void body_release(struct body *b)
{
	if (b->budget) {
		unreserve(&b->budget->mem_used, b->cap);
		unreserve(&b->budget->spool_used, b->spooled);
	}
	free(b->mem);
	if (b->map)
		munmap(b->map, b->map_len);
	if (b->fd >= 0)
		close(b->fd);
	body_init(b);
}
