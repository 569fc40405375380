/*
 * find.c - one search over every kind of record: the table of kinds and
 * the search of each (app/find.h).
 */
#include "app/find.h"
#include "app/article.h"
#include "app/feedback.h"
#include "app/search.h"
#include "core/arena.h"
#include "store/search.h"

/* Escaped HTML of plain text (when a kind gave no highlighted version). */
static const char *escaped(const struct app_ctx *ctx, const char *s)
{
	char *out = NULL;
	if (!s)
		return "";
	return search_highlight_html(ctx->arena, s, strlen(s), NULL, &out) < 0 ? NULL : out;
}

static int find_feedback(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
			 struct find_result *out, int64_t *total)
{
	struct feedback_page pg;
	int rc;
	if (officer) {
		struct feedback_inbox_filter f = { .q = q, .page = page, .per_page = per_page, .skip_overdue = 1 };
		struct feedback_inbox box;
		rc = feedback_inbox(ctx, &f, &box);
		pg = box.page;
	} else {
		struct feedback_public_filter f = { .q = q, .page = page, .per_page = per_page };
		rc = feedback_list_public(ctx, &f, &pg);
	}
	if (rc == APP_PAGE_RANGE) {
		*total = 0;
		return APP_OK;
	}
	if (rc < 0)
		return APP_ERROR;
	for (size_t i = 0; i < pg.n; i++) {
		const struct feedback_summary *s = &pg.items[i];
		struct find_item *it = &out->items[out->n++];
		it->kind = "feedback";
		it->id = s->code;
		it->title = s->title;
		it->title_html = s->title_html ? s->title_html : escaped(ctx, s->title);
		it->snippet_html = s->snippet_html ? s->snippet_html : "";
		it->url = arena_printf(ctx->arena, officer ? "/quan-ly/phan-anh/%s" : "/phan-anh/%s", s->code);
		it->at = s->published_at ? s->published_at : s->received_at;
		if (!it->url || !it->title_html)
			return APP_ERROR;
	}
	*total = pg.total;
	return APP_OK;
}

static int find_article(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
			struct find_result *out, int64_t *total)
{
	struct article_query f = { .q = q, .page = page, .per_page = per_page, .officer = officer };
	struct article_page pg;
	int rc = article_find(ctx, &f, &pg);
	if (rc == APP_PAGE_RANGE) {
		*total = 0;
		return APP_OK;
	}
	if (rc < 0)
		return APP_ERROR;
	for (size_t i = 0; i < pg.list.n; i++) {
		const struct article *a = &pg.list.items[i];
		struct find_item *it = &out->items[out->n++];
		it->kind = "article";
		it->id = a->slug;
		it->title = a->title;
		it->title_html = pg.title_html ? pg.title_html[i] : escaped(ctx, a->title);
		it->snippet_html = pg.snippet_html ? pg.snippet_html[i] : "";
		it->url = arena_printf(ctx->arena, officer && !a->public_now ? "/quan-ly/tin-tuc/%s" : "/tin-tuc/%s",
				       a->slug);
		it->at = a->publish_at;
		if (!it->url || !it->title_html)
			return APP_ERROR;
	}
	*total = pg.list.total;
	return APP_OK;
}

/* The kinds, in the order a search over all of them lists them. Meetings,
 * consultations and models add their row here (docs/search.md). */
const struct find_kind find_kinds[] = {
	{ "feedback", "Phản ánh, kiến nghị", find_feedback },
	{ "article", "Tin tức", find_article },
};
const size_t find_nkinds = sizeof(find_kinds) / sizeof(find_kinds[0]);

const struct find_kind *find_kind_by_name(const char *name)
{
	for (size_t i = 0; name && i < find_nkinds; i++)
		if (!strcmp(find_kinds[i].name, name))
			return &find_kinds[i];
	return NULL;
}

int find_search(const struct app_ctx *ctx, const char *q, const struct find_kind *kind, int officer, int64_t page,
		int64_t per_page, struct find_result *out)
{
	memset(out, 0, sizeof(*out));
	struct search_query sq;
	if (!q || search_query_parse(ctx->arena, q, strlen(q), &sq) != SEARCH_OK || !sq.match)
		return APP_OK; /* nothing to search: no results (not "everything") */
	out->searched = 1;
	size_t nk = kind ? 1 : find_nkinds;
	out->items = arena_zalloc(ctx->arena, (nk * (size_t)per_page + 1) * sizeof(struct find_item));
	if (!out->items)
		return APP_ERROR;
	for (size_t k = 0; k < nk; k++) {
		const struct find_kind *fk = kind ? kind : &find_kinds[k];
		int64_t t = 0;
		if (fk->run(ctx, q, officer, page, per_page, out, &t) < 0)
			return APP_ERROR;
		out->total += t;
	}
	return APP_OK;
}
