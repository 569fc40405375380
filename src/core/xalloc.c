/*
 * xalloc.c - allocation that aborts on exhaustion, and the fault-injection
 * counter used by torture tests.
 */
#include "xalloc.h"

#include <stdatomic.h>

static _Noreturn void oom(size_t n)
{
	fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static atomic_long fail_at = -1; /* -1: not read yet, 0: off */
static atomic_long alloc_count;
static int fail_sticky;

int fault_alloc_should_fail(void)
{
	long at = atomic_load(&fail_at);
	if (at < 0) {
		const char *e = getenv("DANVAN_FAIL_ALLOC");
		long v = 0;
		if (e) {
			char *end;
			v = strtol(e, &end, 10);
			if (*end || v < 0)
				v = 0;
		}
		const char *s = getenv("DANVAN_FAIL_ALLOC_STICKY");
		fail_sticky = s && s[0] == '1';
		atomic_store(&fail_at, v);
		at = v;
	}
	if (at == 0)
		return 0;
	long n = atomic_fetch_add(&alloc_count, 1) + 1;
	return n == at || (fail_sticky && n > at);
}

_Noreturn void die_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "BUG: %s:%d: %s\n", file, line, msg);
	abort();
}
