/*
 * page_search.c - /tim-kiem: one search box over every kind of record
 * (app/find.h), the public's view (an officer logged in sees what their
 * roles reach), with a filter by kind and highlighted results.
 */
#include "pages.h"
#include "web.h"
#include "view.h"
#include "app/find.h"
#include "http/params.h"
#include "store/audit.h"
#include "store/article.h"
#include "store/stamp.h"
#include "cache.h"

#define SEARCH_PAGE_PER_KIND 10

struct page_params {
	const char *q, *kind;
	int64_t page;
};

static const struct param params[] = {
	PARAM_PAGE_AT(struct page_params, page),
	PARAM_TEXT_AT(struct page_params, q, "q", 200),
	PARAM_TEXT_AT(struct page_params, kind, "kind", 32),
};

static int search_page(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct page_params p;
	memset(&p, 0, sizeof(p));
	if (params_from_query(req, params, PARAMS_COUNT(params), PARAMS_LENIENT, &p, NULL) < 0)
		return -1;
	const struct find_kind *kind = find_kind_by_name(p.kind);
	if (p.page > 50)
		return http_error(req, 404, "not_found", NULL);
	struct find_result r;
	if (find_search(&ctx, p.q, kind, req->session != NULL, p.page, SEARCH_PAGE_PER_KIND, &r) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *items = json_array();
	for (size_t i = 0; items && i < r.n; i++) {
		const struct find_item *it = &r.items[i];
		const struct find_kind *k = find_kind_by_name(it->kind);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", it->kind, "kind_label", k ? k->label : "",
				      "title_html", it->title_html, "snippet_html", it->snippet_html, "url", it->url, "id",
				      it->id);
		if (o && it->at)
			json_object_set_new(o, "at", json_integer(it->at));
		json_array_append_new(items, o);
	}
	json_t *kinds = json_array();
	json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", "", "label", "Tất cả", "selected", !kind));
	for (size_t i = 0; i < find_nkinds; i++)
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", find_kinds[i].name, "label",
						       find_kinds[i].label, "selected", kind == &find_kinds[i]));
	struct sbuf *qs = arena_sbuf(req->arena, 4096);
	if (!qs || params_query(qs, params, PARAMS_COUNT(params), &p, NULL) < 0)
		return -1;
	json_t *d = json_pack("{s:o, s:o, s:s, s:I, s:b, s:{s:b}}", "items", items, "kinds", kinds, "q", p.q ? p.q : "",
			      "total", (json_int_t)r.total, "searched", r.searched, "nav", "tim_kiem", 1);
	if (!d)
		return -1;
	if (kind)
		json_object_set_new(d, "pager", view_pager("/tim-kiem", qs->buf, p.page, SEARCH_PAGE_PER_KIND, r.total,
							   50 * SEARCH_PAGE_PER_KIND));
	return web_page(req, 200, "tim-kiem", d);
}

/*
 * The anonymous search: from the response cache (web/cache.h) under the
 * canonical query while no kind the public can find changed: the stamp of
 * every public kind (stamp_public_all) and the news stamp (in the key).
 */
int page_search(struct request *req)
{
	if (req->session || req_cookie(req, "flash"))
		return search_page(req);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	int64_t stamp, news;
	struct page_params p;
	memset(&p, 0, sizeof(p));
	if (params_from_query(req, params, PARAMS_COUNT(params), PARAMS_LENIENT, &p, NULL) < 0)
		return -1;
	struct sbuf *key = arena_sbuf(req->arena, CACHE_KEY_MAX + 64);
	if (!key || stamp_public_all(db, &stamp) < 0 || article_stamp(db, time(NULL), &news) < 0 ||
	    sbuf_addf(key, "find:%lld:", (long long)news) < 0 ||
	    params_query(key, params, PARAMS_COUNT(params), &p, NULL) < 0 ||
	    sbuf_addf(key, "#page=%lld", (long long)p.page) < 0) /* params_query() leaves pages out */
		return search_page(req);
	return cache_respond(req, key->buf, stamp_later(stamp, news), "text/html; charset=utf-8", search_page,
			     CACHE_TTL_LONG);
}
