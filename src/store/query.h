/*
 * query.h - building one SQL statement piece by piece with its parameters:
 * text goes in with q_sql(), each value with q_int()/q_text(), which write
 * its placeholder ("$1", "$2", ...: both engines read them) and keep the
 * value to bind; q_bind() binds them all to the prepared statement. The
 * lists of store/feedback.c (public list, inbox, tallies) are built so, and
 * so are the lists of every domain that filters by what a person chose.
 *
 * OWNERSHIP. The SQL text is in q->sql (a struct sbuf the builder owns:
 * q_release() frees it); the parameter array is in the caller's arena and
 * text values are borrowed, so they must outlive q_bind(). Never put
 * user text in the SQL itself: only in parameters.
 *
 * FAILURE. Sticky, as in core/sbuf.h: an append that fails (the SQL
 * passed its bound of QUERY_SQL_MAX bytes, the arena is exhausted) sets
 * q->failed and later appends do nothing; check q->failed once before
 * preparing. Callers may also set q->failed themselves. Any thread, one
 * builder per thread.
 */
#ifndef DANVAN_STORE_QUERY_H
#define DANVAN_STORE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"

struct arena;
struct db_stmt;

#define QUERY_SQL_MAX (1024 * 1024)

struct qparam {
	int is_text;
	int64_t i;
	const char *s;
};

struct qbuild {
	struct sbuf sql;              /* the statement so far, NUL-terminated */
	struct qparam *p;             /* p[0..n): the values of $1..$n */
	size_t n, cap;
	struct arena *a;
	int failed;                   /* sticky: an append failed */
	size_t mark;                  /* free for the caller: e.g. the number of a parameter
	                                 later parts refer to again ("$%zu") */
};

/* An empty statement whose parameters go to the arena `a`. */
void q_init(struct qbuild *q, struct arena *a);
/* Free the SQL text (the parameters go with the arena). */
void q_release(struct qbuild *q);

/* Append SQL text (never user text). */
void q_sql(struct qbuild *q, const char *s);
/* Append a parameter's placeholder "$n" and keep its value. `s` is
 * borrowed; NULL binds SQL NULL. */
void q_int(struct qbuild *q, int64_t v);
void q_text(struct qbuild *q, const char *s);

/* Bind $1..$n to `st`: DB_OK, or the first bind's negative enum db_rc. */
int q_bind(struct qbuild *q, struct db_stmt *st);

#endif
