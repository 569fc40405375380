/*
 * xalloc.h - checked allocation for long-lived state, with fault injection.
 *
 * xmalloc()/xcalloc()/xrealloc()/xstrdup() never return NULL: on exhaustion
 * they print a message and abort (git, Redis). Code that must survive
 * allocation failure (request handling) uses the arena instead, which returns
 * NULL and lets the caller answer 500.
 *
 * Fault injection (curl's torture idea): when the environment variable
 * DANVAN_FAIL_ALLOC=N is set, the Nth call of fault_alloc_should_fail()
 * (counted from process start) reports failure, and every later call too if
 * DANVAN_FAIL_ALLOC_STICKY=1. The arena consults it on each block it takes.
 */
#ifndef DANVAN_XALLOC_H
#define DANVAN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Nonzero when the fault-injection counter says this allocation fails. */
int fault_alloc_should_fail(void);

/* Print "fatal: ..." to stderr and abort; for impossible states. */
_Noreturn void die_bug(const char *file, int line, const char *msg);
#define BUG(msg) die_bug(__FILE__, __LINE__, (msg))

#endif
