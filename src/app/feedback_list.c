/*
 * feedback_list.c - lists of items: the public list and the officer's
 * inbox, their filters (category, unit, period, search words) and paging
 * within the depth a list shows.
 */
#include "app/feedback_int.h"
#include "app/search.h"
#include "store/category.h"
#include "store/db.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/timefmt.h"

/* The first `max` code points of s, with "…" when cut. */
static const char *excerpt(struct arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	size_t n = 0, i = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == max)
				return arena_printf(a, "%.*s…", (int)i, s);
			n++;
		}
		i++;
	}
	return s;
}

static int to_summaries(const struct app_ctx *ctx, const struct feedback_row *rows, size_t n,
			int public_view, const struct search_query *sq, struct feedback_page *out)
{
	out->items = n ? arena_zalloc(ctx->arena, n * sizeof(*out->items)) : NULL;
	if (n && !out->items)
		return FEEDBACK_ERROR;
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct feedback_row *r = &rows[i];
		struct feedback_summary *s = &out->items[i];
		s->code = arena_strdup(ctx->arena, r->code);
		s->title = public_view && r->public_title ? r->public_title : r->title;
		const char *body = public_view && r->public_body ? r->public_body : r->body;
		s->excerpt = excerpt(ctx->arena, body, 200);
		if (!s->code || !s->excerpt)
			return FEEDBACK_ERROR;
		if (sq && sq->match) {
			/* only the text this viewer sees is highlighted */
			char *th = NULL, *sn = NULL;
			if (search_highlight_html(ctx->arena, s->title, strlen(s->title), sq, &th) < 0 ||
			    search_snippet_html(ctx->arena, body, strlen(body), sq, SEARCH_SNIPPET_CHARS, &sn, NULL) < 0)
				return FEEDBACK_ERROR;
			s->title_html = th;
			s->snippet_html = sn;
		}
		s->category_code = r->category_code;
		s->category_name = r->category_name;
		s->status = r->status;
		s->channel = r->channel;
		s->public = r->public;
		s->unit_code = r->unit_code;
		s->unit_name = r->unit_name;
		s->place = public_view && r->public_place ? r->public_place : r->place;
		s->received_at = r->received_at;
		s->due_at = r->due_at;
		s->published_at = r->published_at;
		s->overdue = feedback_is_overdue(r, ctx->now);
	}
	return FEEDBACK_OK;
}

/* Resolve the category/unit/search filters shared by both lists; 1 when a
 * filter names something that does not exist, or the search text is not
 * UTF-8 (the page is then empty). The parsed search goes to *sq, which
 * fq->search then points to. */
static int common_filters(const struct app_ctx *ctx, const char *category, const char *unit,
			  const char *q, struct search_query *sq, struct feedback_query *fq)
{
	memset(sq, 0, sizeof(*sq));
	if (!feedback_blank(category)) {
		struct category c;
		int rc = category_get_by_code(ctx->db, category, ctx->arena, &c);
		if (rc == DB_NOTFOUND)
			return 1;
		if (rc < 0)
			return -1;
		fq->category_id = c.id;
	}
	if (!feedback_blank(unit)) {
		struct unit u;
		int rc = unit_get_by_code(ctx->db, ctx->arena, unit, &u);
		if (rc == DB_NOTFOUND)
			return 1;
		if (rc < 0)
			return -1;
		fq->unit_id = u.id;
	}
	if (!feedback_blank(q)) {
		int rc = search_query_parse(ctx->arena, q, strlen(q), sq);
		if (rc == SEARCH_NOMEM)
			return -1;
		if (rc == SEARCH_INVALID_UTF8)
			return 1;
		if (sq->match)
			fq->search = sq;
	}
	return 0;
}

/* A search considers at most SEARCH_MAX_RESULTS items: say so. */
static void cap_total(struct feedback_page *p)
{
	if (p->searched && p->total > SEARCH_MAX_RESULTS) {
		p->total = SEARCH_MAX_RESULTS;
		p->total_capped = 1;
	} else if (!p->searched && p->total > FEEDBACK_COUNT_CAP) {
		p->total = FEEDBACK_COUNT_CAP;
		p->total_capped = 1;
	}
}

/* Received in [from, to): zero bounds are open. */
static void period_filter(int64_t from, int64_t to, struct feedback_query *fq)
{
	fq->received_from = from;
	fq->received_to = to;
}

/* 1 when a page of per_page items starting at `page` begins among a
 * list's first `depth` items (no overflow for any page). */
static int page_reachable(int64_t page, int64_t per_page, int64_t depth)
{
	return page >= 1 && page - 1 < (depth + per_page - 1) / per_page;
}

/* The page asked for, as a query's offset and limit: FEEDBACK_PAGE_RANGE
 * beyond FEEDBACK_LIST_DEPTH (callers check the search's depth again once
 * they know whether there is one). */
static int paging(int64_t page, int64_t per_page, struct feedback_query *fq, struct feedback_page *out)
{
	if (per_page < 1)
		per_page = 20;
	if (per_page > FEEDBACK_PER_PAGE_MAX)
		per_page = FEEDBACK_PER_PAGE_MAX;
	if (page < 1)
		page = 1;
	out->page = page;
	out->per_page = per_page;
	if (!page_reachable(page, per_page, FEEDBACK_LIST_DEPTH))
		return FEEDBACK_PAGE_RANGE;
	fq->limit = per_page;
	fq->offset = (page - 1) * per_page;
	return FEEDBACK_OK;
}

/* A search shows its first SEARCH_MAX_RESULTS items only. */
static int search_paging(const struct feedback_page *p)
{
	return p->searched && !page_reachable(p->page, p->per_page, SEARCH_MAX_RESULTS) ? FEEDBACK_PAGE_RANGE
											   : FEEDBACK_OK;
}

int feedback_list_public(const struct app_ctx *ctx, const struct feedback_public_filter *f,
			 struct feedback_page *out)
{
	memset(out, 0, sizeof(*out));
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	q.public_only = 1;
	q.sort = FB_SORT_PUBLISHED;
	q.now = ctx->now;
	if (paging(f->page, f->per_page, &q, out) < 0)
		return FEEDBACK_PAGE_RANGE;
	if (f->status) {
		int s = f->status - 1;
		if (s != FB_PUBLISHED && s != FB_CLOSED)
			return FEEDBACK_OK;
		q.status_mask = 1u << s;
	}
	struct search_query sq;
	int rc = common_filters(ctx, f->category, f->unit, f->q, &sq, &q);
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (rc == 1)
		return FEEDBACK_OK;
	period_filter(f->received_from, f->received_to, &q);
	if (q.search) {
		q.sort = FB_SORT_RELEVANCE;
		out->searched = 1;
		if (search_paging(out) < 0)
			return FEEDBACK_PAGE_RANGE;
	}
	struct feedback_row *rows = NULL;
	size_t n = 0;
	if (feedback_row_page(ctx->db, &q, ctx->arena, &rows, &n, &out->total) < 0)
		return FEEDBACK_ERROR;
	cap_total(out);
	return to_summaries(ctx, rows, n, 1, q.search, out);
}

/* The officer's scope: units reached with any role, plus what it recorded. */
int feedback_inbox(const struct app_ctx *ctx, const struct feedback_inbox_filter *f,
		   struct feedback_inbox *out)
{
	memset(out, 0, sizeof(*out));
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int rc = feedback_officer_scope(ctx, &q);
	if (rc < 0)
		return rc;
	if (paging(f->page, f->per_page, &q, &out->page) < 0)
		return FEEDBACK_PAGE_RANGE;
	struct feedback_query all = q;
	all.overdue = 1;
	if (!f->skip_overdue && feedback_row_count(ctx->db, &all, &out->overdue) < 0)
		return FEEDBACK_ERROR;
	struct search_query sq;
	rc = common_filters(ctx, f->category, f->unit, f->q, &sq, &q);
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (rc == 1)
		return FEEDBACK_OK;
	period_filter(f->received_from, f->received_to, &q);
	if (f->status > 0 && f->status <= FB_STATUS_COUNT)
		q.status_mask = 1u << (f->status - 1);
	if (f->channel > 0 && f->channel <= FB_CH_COUNT)
		q.channel = f->channel;
	q.overdue = f->overdue ? 1 : 0;
	if (f->due_this_week || f->due_soon) {
		int64_t today = vn_day_of(ctx->now);
		int wd = weekday_from_days(today);
		int64_t week_end = feedback_end_of_day(today + (7 - wd) % 7);
		int64_t soon = feedback_due_soon_limit(ctx);
		q.due_from = ctx->now;
		q.due_to = f->due_this_week && f->due_soon ? (week_end < soon ? week_end : soon)
			   : f->due_this_week ? week_end : soon;
	}
	q.sort = f->sort;
	if (q.search) {
		/* the counts and, without a status filter, the page draw from the
		 * same candidates: searched once (PostgreSQL) */
		if (!(q.memo = feedback_search_memo_new(ctx->arena)))
			return FEEDBACK_ERROR;
		out->page.searched = 1;
		if (search_paging(&out->page) < 0)
			return FEEDBACK_PAGE_RANGE;
		if (q.sort == FB_SORT_NEWEST)
			q.sort = FB_SORT_RELEVANCE;
	}
	if (feedback_row_count_by_status(ctx->db, &q, out->counts) < 0)
		return FEEDBACK_ERROR;
	struct feedback_row *rows = NULL;
	size_t n = 0;
	if (q.search) {
		/* counts and total are of bounded sets of candidates */
		if (feedback_row_page(ctx->db, &q, ctx->arena, &rows, &n, &out->page.total) < 0)
			return FEEDBACK_ERROR;
		cap_total(&out->page);
	} else {
		/* the total is the counts of the statuses asked for: exact when
		 * the tally answered them (store/feedback.h), else capped */
		out->page.total = 0;
		for (int st = 0; st < FB_STATUS_COUNT; st++)
			if (!q.status_mask || (q.status_mask & (1u << st)))
				out->page.total += out->counts[st];
		if (!feedback_tally_covers(&q))
			cap_total(&out->page);
		if (feedback_row_list(ctx->db, &q, ctx->arena, &rows, &n) < 0)
			return FEEDBACK_ERROR;
	}
	return to_summaries(ctx, rows, n, 0, q.search, &out->page);
}
