/*
 * feedback_int.h - what the three files of store/feedback share (feedback.c:
 * items and lists; feedback_tally.c: counters; feedback_timeline.c:
 * contacts, events, answers). Not for use outside store/feedback*.c.
 */
#ifndef DANVAN_STORE_FEEDBACK_INT_H
#define DANVAN_STORE_FEEDBACK_INT_H

#include <stdint.h>

#include "store/feedback.h"

struct arena;
struct db;
struct db_stmt;
struct qbuild;

/* Scopes longer than this are not written into a query as a list. */
#define MAX_SCOPE 16384

/* Step a statement without rows, then db_done(). (Columns are read with
 * store/rows.h, optional integers bound with db_bind_int_or_null().) */
int fbs_run_done(struct db_stmt *st);

/* The query's words make it a search. */
int fbs_searching(const struct feedback_query *f);
/* FROM with the joins a list needs; the search's candidates; the WHERE of
 * the filters (with or without the status filter; pg: PostgreSQL's
 * spelling). */
void fbs_q_from(struct qbuild *q, const struct feedback_query *f, const char *joins);
void fbs_q_candidates(struct qbuild *q, const struct feedback_query *f, int64_t cap);
void fbs_q_where(struct qbuild *q, const struct feedback_query *f, int with_status, int pg);
/* PostgreSQL: the counts per status (counts, or NULL) and the number
 * (total, or NULL) of a search's candidates (feedback.c pg_candidates()). */
int fbs_pg_search_count(struct db *db, const struct feedback_query *f, int with_status,
			int64_t counts[FB_STATUS_COUNT], int64_t *total);

/* The tally table a query's filters can be counted from, the channel
 * filter it needs, and the WHERE of those filters over it. */
const char *fbs_channel_filter(const struct feedback_query *f);
const char *fbs_tally_table(const struct feedback_query *f);
void fbs_tally_filters(struct qbuild *q, const struct feedback_query *f);
void fbs_tally_filters_creator(struct qbuild *q, const struct feedback_query *f);

#endif
