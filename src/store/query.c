/*
 * query.c - the SQL builder of query.h: text and numbered parameters
 * appended in order, bound in one pass.
 */
#include "store/query.h"
#include "store/db.h"
#include "store/rows.h"

void q_init(struct qbuild *q, struct arena *a)
{
	sbuf_init(&q->sql, QUERY_SQL_MAX);
	q->p = NULL;
	q->n = q->cap = 0;
	q->a = a;
	q->failed = 0;
	q->mark = 0;
}

void q_release(struct qbuild *q)
{
	sbuf_release(&q->sql);
}

/* Keep a value and write its placeholder. */
static void q_param(struct qbuild *q, struct qparam v)
{
	if (q->failed || rows_grow(q->a, (void **)&q->p, q->n, &q->cap, sizeof(*q->p)) < 0) {
		q->failed = 1;
		return;
	}
	q->p[q->n++] = v;
	if (sbuf_addf(&q->sql, "$%zu", q->n) < 0)
		q->failed = 1;
}

void q_int(struct qbuild *q, int64_t v)
{
	q_param(q, (struct qparam){ .is_text = 0, .i = v });
}

void q_text(struct qbuild *q, const char *s)
{
	q_param(q, (struct qparam){ .is_text = 1, .s = s });
}

void q_sql(struct qbuild *q, const char *s)
{
	if (sbuf_addstr(&q->sql, s) < 0)
		q->failed = 1;
}

int q_bind(struct qbuild *q, struct db_stmt *st)
{
	for (size_t i = 0; i < q->n; i++) {
		int rc = q->p[i].is_text ? db_bind_text(st, (int)i + 1, q->p[i].s)
					 : db_bind_int(st, (int)i + 1, q->p[i].i);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}
