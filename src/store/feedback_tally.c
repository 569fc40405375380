/*
 * feedback_tally.c - counts read from the counters that triggers keep
 * (0007_tally.sql, 0013_tally_period.sql): the inbox's counts per status and
 * the dashboard's period, month and open-item figures.
 */
#include "store/feedback.h"
#include "store/feedback_int.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <errno.h>

/* --- counts per status from the tally (0007_tally.sql) --------------------- */

/* The channel filter as fbs_q_where() applies it: NULL when none. */
const char *fbs_channel_filter(const struct feedback_query *f)
{
	return f->channel > 0 ? feedback_channel_name((enum feedback_channel)(f->channel - 1)) : NULL;
}

int feedback_tally_covers(const struct feedback_query *f)
{
	/* exactly the filters fbs_q_where() writes that the tally has no column for */
	return !fbs_searching(f) && !f->public_only && !f->overdue && !f->due_to && !f->received_from &&
	       !f->received_to && (!f->use_scope || f->nscope <= MAX_SCOPE);
}

/* The tally table for q's filters: by category and channel only when
 * they are asked for (the coarse table has fewer rows to sum). */
const char *fbs_tally_table(const struct feedback_query *f)
{
	return f->category_id || fbs_channel_filter(f) ? "feedback_tally_detail t" : "feedback_tally t";
}

/* " AND ..." for the filters the tally's columns answer. */
void fbs_tally_filters(struct qbuild *q, const struct feedback_query *f)
{
	if (f->unit_id) {
		/* unit_id = X: handled, and then the scope unit is unit_id */
		q_sql(q, " AND t.handled = 1 AND t.scope_unit_id = ");
		q_int(q, f->unit_id);
	}
	if (f->category_id) {
		q_sql(q, " AND t.category_id = ");
		q_int(q, f->category_id);
	}
	const char *ch = fbs_channel_filter(f);
	if (ch) {
		q_sql(q, " AND t.channel = ");
		q_text(q, ch);
	}
}

/* fbs_tally_filters() for the rows an account recorded, read through the
 * creator index (created_by, channel, category_id, status, ...; 0045): a
 * category without a channel is sought under each channel. */
void fbs_tally_filters_creator(struct qbuild *q, const struct feedback_query *f)
{
	fbs_tally_filters(q, f);
	if (!f->category_id || fbs_channel_filter(f))
		return;
	for (int c = 0; c < FB_CH_COUNT; c++) {
		q_sql(q, c ? "', '" : " AND t.channel IN ('");
		q_sql(q, feedback_channel_name((enum feedback_channel)c));
	}
	q_sql(q, "')");
}

/* ", "-separated references to the n parameters from $first on. */
static void q_params_again(struct qbuild *q, size_t first, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sbuf_addf(&q->sql, "%s$%zu", i ? ", " : "", first + i) < 0)
			q->failed = 1;
}

/* " NOT IN (...)" repeating by number the parameters of a scope's units
 * (scope_in(), tally_sql()). */
static void scope_not_in(struct qbuild *q, size_t first, size_t bucket)
{
	q_sql(q, " NOT IN (");
	q_params_again(q, first, bucket);
	q_sql(q, ")");
}

/*
 * The SQL of a count per status from the tally: the scope's units, plus
 * what the account recorded outside them: its totals over all units
 * (feedback_tally_recorded, 0050) less its rows inside the scope (UNION ALL;
 * the later branches repeat the first one's parameters by number; with a
 * unit filter, its rows outside the scope from the tally itself). Like
 * fbs_q_where(), the text depends only on which filters are set and on the
 * scope's size rounded up to a power of two.
 */
static void tally_sql(struct qbuild *q, const struct feedback_query *f)
{
	const char *table = fbs_tally_table(f);
	q_sql(q, "SELECT x.status, sum(x.n) FROM (");
	if (!f->use_scope) {
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE 1 = 1");
		fbs_tally_filters(q, f);
		q_sql(q, ") AS x GROUP BY x.status");
		return;
	}
	size_t bucket = 0, first = 0;
	if (f->nscope) {
		bucket = 1;
		while (bucket < f->nscope)
			bucket *= 2;
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE t.scope_unit_id IN (");
		first = q->n + 1;
		for (size_t i = 0; i < bucket; i++) {
			if (i)
				q_sql(q, ", ");
			q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
		}
		q_sql(q, ")");
		fbs_tally_filters(q, f);
	}
	if (f->scope_creator && !f->unit_id) {
		/* what the account recorded, from its totals over the units
		 * (0050), less its items inside the scope, which the first
		 * branch counts (the scope's rows again, the account's only) */
		if (f->nscope)
			q_sql(q, " UNION ALL ");
		q_sql(q, "SELECT t.status, t.n FROM feedback_tally_recorded t WHERE t.created_by = ");
		q_int(q, f->scope_creator);
		size_t creator = q->n;
		fbs_tally_filters(q, f);
		if (f->nscope) {
			q_sql(q, " UNION ALL SELECT t.status, -t.n FROM ");
			q_sql(q, table);
			q_sql(q, " WHERE t.scope_unit_id IN (");
			q_params_again(q, first, bucket);
			q_sql(q, ") AND t.created_by = ");
			q_params_again(q, creator, 1);
			fbs_tally_filters(q, f);
		}
	} else if (f->scope_creator) {
		if (f->nscope)
			q_sql(q, " UNION ALL ");
		/* created_by <> 0 lets SQLite use the partial creator index */
		q_sql(q, "SELECT t.status, t.n FROM ");
		q_sql(q, table);
		q_sql(q, " WHERE t.created_by = ");
		q_int(q, f->scope_creator);
		q_sql(q, " AND t.created_by <> 0");
		if (f->nscope) {
			q_sql(q, " AND t.scope_unit_id");
			scope_not_in(q, first, bucket);
		}
		fbs_tally_filters_creator(q, f);
	}
	q_sql(q, ") AS x GROUP BY x.status");
}

/* Run q, a query of (status, count) rows, into counts (zeroed first by
 * the caller); releases q's SQL. */
static int status_counts(struct db *db, struct qbuild *q, int64_t counts[FB_STATUS_COUNT])
{
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (!q->failed && (st = db_prepare(db, q->sql.buf)) && q_bind(q, st) == DB_OK) {
		while ((rc = db_step(st)) == DB_ROW) {
			enum feedback_status s;
			if (feedback_status_parse(db_col_text(st, 0), &s) == 0)
				counts[s] = db_col_int(st, 1);
		}
		if (rc >= 0)
			rc = DB_OK;
	}
	db_done(st);
	sbuf_release(&q->sql);
	return rc;
}

int feedback_tally_by_status(struct db *db, const struct feedback_query *f, int64_t counts[FB_STATUS_COUNT])
{
	if (!feedback_tally_covers(f))
		return FEEDBACK_TALLY_CANNOT;
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		counts[i] = 0;
	/* a scope with no unit and no account reaches nothing */
	if (f->use_scope && !f->nscope && !f->scope_creator)
		return DB_OK;
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	tally_sql(&q, f);
	int rc = status_counts(db, &q, counts);
	arena_release(&a);
	return rc;
}

int feedback_row_count_by_status(struct db *db, const struct feedback_query *f,
				 int64_t counts[FB_STATUS_COUNT])
{
	/* exact, from the counters, whenever they answer q */
	int trc = feedback_tally_by_status(db, f, counts);
	if (trc != FEEDBACK_TALLY_CANNOT)
		return trc;
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	if (fbs_searching(f) && db_is_pg(db)) {
		sbuf_release(&q.sql);
		arena_release(&a);
		return fbs_pg_search_count(db, f, 0, counts, NULL);
	}
	if (fbs_searching(f)) {
		q_sql(&q, "SELECT st, count(*) FROM (SELECT f.status AS st ");
		fbs_q_from(&q, f, "");
		fbs_q_where(&q, f, 0, db_is_pg(db));
		fbs_q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") AS x GROUP BY st");
	} else {
		/* one capped count per status (feedback_row_count): a bounded
		 * index range each, however many items the officer reaches */
		sbuf_release(&q.sql);
		arena_release(&a);
		/* the due-date filters match open items only (fbs_q_where()):
		 * the other statuses count 0 without a query */
		unsigned open = (1u << FB_RECEIVED) | (1u << FB_ASSIGNED);
		for (int i = 0; i < FB_STATUS_COUNT; i++) {
			counts[i] = 0;
			if ((f->overdue || f->due_to) && !(open & (1u << i)))
				continue;
			struct feedback_query one = *f;
			one.status_mask = 1u << i;
			int rc = feedback_row_count(db, &one, &counts[i]);
			if (rc < 0)
				return rc;
		}
		return DB_OK;
	}
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		counts[i] = 0;
	int rc = status_counts(db, &q, counts);
	arena_release(&a);
	return rc;
}

/* --- the dashboard's counters ------------------------------------------------ */

/* " IN ($a, ...)" of the scope's units, rounded up to a power of two like
 * fbs_q_where(); *first receives the first parameter's number, *bucket their
 * count, for scope_not_in(). */
static void scope_in(struct qbuild *q, const struct feedback_query *f, size_t *first, size_t *bucket)
{
	size_t b = 1;
	while (b < f->nscope)
		b *= 2;
	q_sql(q, " IN (");
	*first = q->n + 1;
	if (!q->mark)
		q->mark = *first;
	for (size_t i = 0; i < b; i++) {
		if (i)
			q_sql(q, ", ");
		q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
	}
	q_sql(q, ")");
	*bucket = b;
}

/* Build the query of `branch` for each branch of q's scope, joined by
 * UNION ALL: branch(q, f, mine, first, bucket, arg) writes one SELECT;
 * for mine = 1 it excludes the units' branch with scope_not_in(). 1 when
 * the scope reaches nothing (no SQL written). */
typedef void scope_branch_fn(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			     size_t bucket, const void *arg);

static int scope_union(struct qbuild *q, const struct feedback_query *f, scope_branch_fn *branch, const void *arg)
{
	if (!f->use_scope) {
		branch(q, f, -1, 0, 0, arg);
		return 0;
	}
	if (!f->nscope && !f->scope_creator)
		return 1;
	if (f->nscope > MAX_SCOPE) {
		q->failed = 1;
		return 0;
	}
	size_t first = 0, bucket = 0;
	if (f->nscope)
		branch(q, f, 0, 0, 0, arg);
	if (f->scope_creator) {
		if (f->nscope) {
			q_sql(q, " UNION ALL ");
			/* the units' parameters, as the first scope_in() wrote them */
			first = q->mark;
			bucket = 1;
			while (bucket < f->nscope)
				bucket *= 2;
		}
		branch(q, f, 1, first, bucket, arg);
	}
	return 0;
}

/* One tally table read over a range of its key (days or months). */
struct tally_range {
	const char *cols;  /* "t.a, t.b, ..." */
	const char *table;
	const char *key;   /* "t.day" */
	int64_t from, to;
};

static void range_branch(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			 size_t bucket, const void *arg)
{
	const struct tally_range *r = arg;
	size_t f1, b1;
	q_sql(q, "SELECT ");
	q_sql(q, r->cols);
	q_sql(q, " FROM ");
	q_sql(q, r->table);
	q_sql(q, " t WHERE ");
	if (mine == 0) {
		q_sql(q, "t.scope_unit_id");
		scope_in(q, f, &f1, &b1);
		q_sql(q, " AND ");
	} else if (mine == 1) {
		q_sql(q, "t.created_by = ");
		q_int(q, f->scope_creator);
		q_sql(q, " AND t.created_by <> 0 AND ");
	}
	q_sql(q, r->key);
	q_sql(q, " >= ");
	q_int(q, r->from);
	q_sql(q, " AND ");
	q_sql(q, r->key);
	q_sql(q, " < ");
	q_int(q, r->to);
	q_sql(q, " AND t.n > 0");
	if (mine == 1 && bucket) {
		q_sql(q, " AND t.scope_unit_id");
		scope_not_in(q, first, bucket);
	}
}

/* The rows of one tally range in the query's scope, read by `read`. */
static int range_rows(struct db *db, const struct feedback_query *f, const struct tally_range *r,
		      struct arena *a, size_t size, rows_read_fn read, void **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	if (r->from >= r->to)
		return DB_OK;
	struct qbuild q;
	q_init(&q, a);
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (scope_union(&q, f, range_branch, r)) {
		rc = DB_OK;
		goto out;
	}
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	rc = rows_collect(st, a, size, 0, read, NULL, rows, n);
	st = NULL; /* rows_collect() is done with it */
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

static int read_day(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	*(struct feedback_day_row *)item = (struct feedback_day_row){
		.unit_id = db_col_int(st, 0), .category_id = db_col_int(st, 1), .day = db_col_int(st, 2),
		.lag = (int)db_col_int(st, 3), .n = db_col_int(st, 4), .on_time = db_col_int(st, 5) };
	return 0;
}

int feedback_tally_days(struct db *db, const struct feedback_query *f, int64_t from_day, int64_t to_day,
			struct arena *a, struct feedback_day_row **rows, size_t *n)
{
	struct tally_range r = { "t.scope_unit_id, t.category_id, t.day, t.lag, t.n, t.on_time",
				 "feedback_tally_day", "t.day", from_day, to_day };
	void *items;
	int rc = range_rows(db, f, &r, a, sizeof(**rows), read_day, &items, n);
	*rows = items;
	return rc;
}

static int read_month(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	*(struct feedback_month_row *)item = (struct feedback_month_row){
		.unit_id = db_col_int(st, 0), .month = db_col_int(st, 1), .n = db_col_int(st, 2),
		.answered = db_col_int(st, 3), .on_time = db_col_int(st, 4) };
	return 0;
}

int feedback_tally_months(struct db *db, const struct feedback_query *f, int64_t from_month, int64_t to_month,
			  struct arena *a, struct feedback_month_row **rows, size_t *n)
{
	struct tally_range r = { "t.scope_unit_id, t.month, t.n, t.answered, t.on_time", "feedback_tally_month",
				 "t.month", from_month, to_month };
	void *items;
	int rc = range_rows(db, f, &r, a, sizeof(**rows), read_month, &items, n);
	*rows = items;
	return rc;
}

struct due_bounds {
	int64_t now, soon;
	int64_t today, soon_day;      /* their Vietnam days */
};

/* The open items per (unit, category): "u, c, open, overdue, soon" rows
 * from the tally of 0007 (open), the due tally of 0013 (days before today
 * and after it), and the due-order index for today's due items. */
static void open_branches(struct qbuild *q, const struct feedback_query *f, int mine, size_t first,
			  size_t bucket, const void *arg)
{
	const struct due_bounds *b = arg;
	size_t f1, b1;
	for (int part = 0; part < 3; part++) {
		if (part)
			q_sql(q, " UNION ALL ");
		if (part == 0) {
			q_sql(q, "SELECT t.scope_unit_id AS u, t.category_id AS c, t.n AS n, 0 AS od, 0 AS ds "
				 "FROM feedback_tally_detail t WHERE ");
		} else if (part == 1) {
			q_sql(q, "SELECT t.scope_unit_id AS u, t.category_id AS c, 0 AS n, "
				 "CASE WHEN t.due_day >= 0 AND t.due_day < ");
			q_int(q, b->today);
			q_sql(q, " THEN t.n ELSE 0 END AS od, CASE WHEN t.due_day > ");
			q_int(q, b->today);
			q_sql(q, " AND t.due_day <= ");
			q_int(q, b->soon_day);
			q_sql(q, " THEN t.n ELSE 0 END AS ds FROM feedback_tally_due t WHERE ");
		} else {
			/* 1/0 written out: a comparison is a boolean on PostgreSQL */
			q_sql(q, "SELECT coalesce(f.unit_id, f.intake_unit_id, 0) AS u, f.category_id AS c, 0 AS n, "
				 "CASE WHEN f.due_at < ");
			q_int(q, b->now);
			q_sql(q, " THEN 1 ELSE 0 END AS od, CASE WHEN f.due_at >= ");
			q_int(q, b->now);
			q_sql(q, " AND f.due_at <= ");
			q_int(q, b->soon);
			q_sql(q, " THEN 1 ELSE 0 END AS ds FROM feedback f WHERE ");
		}
		const char *unit_col = part == 2 ? "coalesce(f.unit_id, f.intake_unit_id)" : "t.scope_unit_id";
		if (mine == 0) {
			q_sql(q, unit_col);
			scope_in(q, f, &f1, &b1);
			q_sql(q, " AND ");
		} else if (mine == 1) {
			q_sql(q, part == 2 ? "f.created_by = " : "t.created_by = ");
			q_int(q, f->scope_creator);
			q_sql(q, part == 2 ? " AND " : " AND t.created_by <> 0 AND ");
		}
		if (part == 0) {
			q_sql(q, "t.status IN ('received', 'assigned') AND t.n > 0");
		} else if (part == 1) {
			q_sql(q, "t.n > 0");
		} else {
			/* today's due items, one day of the index */
			q_sql(q, "f.status IN ('received', 'assigned') AND f.due_at >= ");
			q_int(q, vn_day_start(b->today));
			q_sql(q, " AND f.due_at < ");
			q_int(q, vn_day_start(b->today + 1));
		}
		if (mine == 1 && bucket) {
			q_sql(q, part == 2 ? " AND coalesce(f.unit_id, f.intake_unit_id, 0)" : " AND t.scope_unit_id");
			scope_not_in(q, first, bucket);
		}
	}
}

static int read_open(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	*(struct feedback_open_row *)item = (struct feedback_open_row){
		.unit_id = db_col_int(st, 0), .category_id = db_col_int(st, 1), .open = db_col_int(st, 2),
		.overdue = db_col_int(st, 3), .due_soon = db_col_int(st, 4) };
	return 0;
}

int feedback_open_figures(struct db *db, const struct feedback_query *f, int64_t now, int64_t soon,
			  struct arena *a, struct feedback_open_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	struct qbuild q;
	q_init(&q, a);
	struct due_bounds b = { now, soon, vn_day_of(now), vn_day_of(soon) };
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	q_sql(&q, "SELECT u, c, sum(n), sum(od), sum(ds) FROM (");
	if (scope_union(&q, f, open_branches, &b)) {
		rc = DB_OK;
		goto out;
	}
	q_sql(&q, ") AS x GROUP BY u, c");
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	void *arr;
	rc = rows_collect(st, a, sizeof(**rows), 0, read_open, NULL, &arr, n);
	st = NULL; /* rows_collect() is done with it */
	*rows = rc < 0 ? NULL : arr;
	if (rc < 0)
		*n = 0;
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}
