/*
 * search.c - GET /api/v1/search?q=&kind=&page=&per_page=: one search over
 * every kind of record (app/find.h), with each kind's visibility: the
 * public's, or an officer token's own. Shape in API.md "Search across kinds".
 */
#include "api.h"
#include "app/find.h"
#include "http/params.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/article.h"
#include "store/stamp.h"
#include "web/cache.h"
#include "web/view.h"
#include "web/web.h"

struct search_params {
	const char *q, *kind;
	int64_t page, per_page;
};

static const struct param params[] = {
	PARAM_PAGE_AT(struct search_params, page),
	PARAM_INT_AT(struct search_params, per_page, "per_page", 1, 50, 10),
	PARAM_TEXT_AT(struct search_params, q, "q", 1000),
	PARAM_TEXT_AT(struct search_params, kind, "kind", 32),
};

static int search_answer(struct request *req)
{
	struct search_params p;
	memset(&p, 0, sizeof(p));
	json_t *errors = json_object();
	if (params_from_query(req, params, PARAMS_COUNT(params), PARAMS_STRICT, &p, errors) < 0) {
		json_decref(errors);
		return -1;
	}
	const struct find_kind *kind = NULL;
	if (p.kind && !(kind = find_kind_by_name(p.kind)))
		json_object_set_new(errors, "kind", json_string("loại hồ sơ không hợp lệ"));
	if (p.page > 50 && !json_object_get(errors, "page"))
		json_object_set_new(errors, "page", json_string("phải là số nguyên từ 1 đến 50"));
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct find_result r;
	if (find_search(&ctx, p.q, kind, req->session != NULL, p.page, p.per_page, &r) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *items = json_array();
	for (size_t i = 0; items && i < r.n; i++) {
		const struct find_item *it = &r.items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", it->kind, "id", it->id, "title",
				      it->title, "title_html", it->title_html, "snippet", it->snippet_html, "url", it->url);
		if (o && it->at)
			view_set_time(o, "date", it->at, VIEW_API);
		json_array_append_new(items, o);
	}
	return api_ok(req, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)p.page,
					  "per_page", (json_int_t)p.per_page, "total", (json_int_t)r.total));
}

/*
 * The anonymous search: from the response cache (web/cache.h) under the
 * canonical query while no kind the public can find changed (as /tim-kiem,
 * web/page_search.c). A query that is not valid is answered (422) uncached.
 */
int api_search(struct request *req)
{
	if (req->session)
		return search_answer(req);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct search_params p;
	memset(&p, 0, sizeof(p));
	int64_t stamp, news;
	struct sbuf *key = arena_sbuf(req->arena, CACHE_KEY_MAX + 64);
	if (params_from_query(req, params, PARAMS_COUNT(params), PARAMS_STRICT, &p, NULL) < 0 || !key ||
	    stamp_public_all(db, &stamp) < 0 || article_stamp(db, time(NULL), &news) < 0 ||
	    sbuf_addf(key, "api-find:%lld:", (long long)news) < 0 ||
	    params_query(key, params, PARAMS_COUNT(params), &p, NULL) < 0 ||
	    sbuf_addf(key, "#page=%lld&per_page=%lld", (long long)p.page, (long long)p.per_page) < 0)
		return search_answer(req);
	return cache_respond(req, key->buf, stamp_later(stamp, news), "application/json; charset=utf-8",
			     search_answer, CACHE_TTL_LONG);
}
