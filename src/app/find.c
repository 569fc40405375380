/*
 * find.c - one search over every kind of record: the table of kinds and
 * the search of each (app/find.h).
 */
#include "app/find.h"
#include "app/article.h"
#include "app/feedback.h"
#include "app/consultation.h"
#include "app/emulation.h"
#include "app/meeting.h"
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

static int find_meeting(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
			struct find_result *out, int64_t *total)
{
	struct meeting_hit *hits;
	size_t n;
	if (meeting_find(ctx, q, officer, page, per_page, &hits, &n, total) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < n; i++) {
		struct find_item *it = &out->items[out->n++];
		it->kind = "meeting";
		it->id = arena_printf(ctx->arena, "%lld", (long long)hits[i].id);
		it->title = hits[i].title;
		it->title_html = hits[i].title_html;
		it->snippet_html = hits[i].snippet_html ? hits[i].snippet_html : "";
		it->url = hits[i].url;
		it->at = hits[i].at;
		if (!it->id || !it->title_html || !it->url)
			return APP_ERROR;
	}
	return APP_OK;
}

/* Title and snippet of a kind read from its own rows, marked with q. */
static int mark(const struct app_ctx *ctx, const struct search_query *sq, struct find_item *it, const char *title,
		const char *body)
{
	char *t = NULL, *b = NULL;
	it->title = title ? title : "";
	if (search_highlight_html(ctx->arena, it->title, strlen(it->title), sq, &t) < 0 ||
	    search_snippet_html(ctx->arena, body ? body : "", body ? strlen(body) : 0, sq, SEARCH_SNIPPET_CHARS, &b,
				NULL) < 0)
		return APP_ERROR;
	it->title_html = t;
	it->snippet_html = b ? b : "";
	return APP_OK;
}

/* Consultations are public whatever their audience (an invited-only draft
 * is read by everyone, commented on by the invited). */
static int find_consultation(const struct app_ctx *ctx, const char *q, int officer, int64_t page,
			     int64_t per_page, struct find_result *out, int64_t *total)
{
	struct search_query sq;
	if (search_query_parse(ctx->arena, q, strlen(q), &sq) == SEARCH_NOMEM)
		return APP_ERROR;
	struct consultation_filter f = { .when = CONSULT_ANY, .now = ctx->now, .q = q, .limit = per_page,
					 .offset = (page - 1) * per_page };
	struct consultation *items;
	size_t n;
	if (consult_list(ctx, &f, &items, &n, total) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < n; i++) {
		struct find_item *it = &out->items[out->n++];
		it->kind = "consultation";
		it->id = arena_printf(ctx->arena, "%lld", (long long)items[i].id);
		it->url = arena_printf(ctx->arena, "/gop-y/%lld", (long long)items[i].id);
		it->at = items[i].opens_at;
		if (!it->id || !it->url || mark(ctx, &sq, it, items[i].title, items[i].summary) < 0)
			return APP_ERROR;
	}
	return APP_OK;
}

/* Models: the public's (recognised and after) as the models list shows them. */
static int find_model(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
		      struct find_result *out, int64_t *total)
{
	struct search_query sq;
	if (search_query_parse(ctx->arena, q, strlen(q), &sq) == SEARCH_NOMEM)
		return APP_ERROR;
	struct emul_model_query mq = { .page = page, .per_page = per_page, .q = q };
	json_t *res = NULL;
	if (emul_models(ctx, &mq, &res) < 0)
		return APP_ERROR;
	int rc = APP_OK;
	json_t *items = json_object_get(res, "items"), *v;
	size_t i;
	*total = json_integer_value(json_object_get(res, "total"));
	json_array_foreach(items, i, v) {
		struct find_item *it = &out->items[out->n++];
		const char *id = json_string_value(json_object_get(v, "id"));
		const char *url = json_string_value(json_object_get(v, "url"));
		const char *title = json_string_value(json_object_get(v, "title"));
		const char *desc = json_string_value(json_object_get(v, "description"));
		it->kind = "model";
		it->id = arena_printf(ctx->arena, "%s", id ? id : "");
		it->url = arena_printf(ctx->arena, "%s", url ? url : "/mo-hinh");
		/* the JSON dies below: copy what the item keeps */
		title = title ? arena_printf(ctx->arena, "%s", title) : "";
		desc = desc ? arena_printf(ctx->arena, "%s", desc) : "";
		if (!it->id || !it->url || !title || !desc || mark(ctx, &sq, it, title, desc) < 0) {
			rc = APP_ERROR;
			break;
		}
	}
	json_decref(res);
	return rc;
}

/* The kinds, in the order a search over all of them lists them. Meetings,
 * consultations and models add their row here (docs/search.md). */
const struct find_kind find_kinds[] = {
	{ "feedback", "Phản ánh, kiến nghị", find_feedback },
	{ "article", "Tin tức", find_article },
	{ "meeting", "Hội nghị, đối thoại, tiếp công dân", find_meeting },
	{ "consultation", "Góp ý dự thảo", find_consultation },
	{ "model", "Mô hình, điển hình", find_model },
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
