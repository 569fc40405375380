/*
 * page_home.c - the public home page (/), the portal's front door: what
 * people can do here, the latest published answers and news, and the
 * upcoming meetings and reception days, open consultations and honoured
 * models of the domains this database has; and the officer area's start
 * page (/quan-ly).
 */
#include "pages.h"
#include "web.h"
#include "view_feedback.h"
#include "cache.h"
#include "app/article.h"
#include "app/feedback.h"
#include "app/perm.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/portal.h"
#include "store/stamp.h"
#include "store/unit.h"

#define HOME_LATEST 5

/* A portal list as page data: [{id, title, kind, place, unit_name, at}]. */
static json_t *portal_json(const struct portal_list *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < l->n; i++) {
		const struct portal_item *p = &l->items[i];
		json_t *o = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)p->id, "title", p->title ? p->title : "", "at",
				      (json_int_t)p->at);
		view_set_str(o, "kind", p->kind);
		view_set_str(o, "place", p->place);
		view_set_str(o, "unit_name", p->unit_name);
		if (p->kind && !strcmp(p->kind, "reception"))
			json_object_set_new(o, "reception", json_true());
		json_array_append_new(arr, o);
	}
	return arr;
}

static int home_page(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct unit_list units;
	if (unit_list(db, req->arena, 0, &units) < 0)
		return http_error(req, 503, "unavailable", NULL);
	/* the latest public answers */
	struct feedback_public_filter f = { .page = 1, .per_page = HOME_LATEST };
	struct feedback_page page;
	if (feedback_list_public(&ctx, &f, &page) < 0)
		return http_error(req, 503, "unavailable", NULL);
	json_t *latest = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(latest, view_feedback_summary(&page.items[i], VIEW_PAGE, 0));
	json_t *d = json_pack("{s:{s:I, s:I}, s:o, s:{s:b}}", "stats", "units", (json_int_t)units.n, "published",
			      (json_int_t)page.total, "latest", latest, "nav", "home", 1);
	/* the portal: latest news, and the other domains' short lists */
	struct article_query nq = { .page = 1, .per_page = HOME_LATEST };
	struct article_page news;
	struct portal_list meetings, consultations, models;
	if (article_find(&ctx, &nq, &news) < 0 || portal_meetings(db, req->arena, ctx.now, HOME_LATEST, &meetings) < 0 ||
	    portal_consultations(db, req->arena, ctx.now, HOME_LATEST, &consultations) < 0 ||
	    portal_models(db, req->arena, HOME_LATEST, &models) < 0) {
		json_decref(d);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_t *nl = json_array();
	for (size_t i = 0; nl && i < news.list.n; i++) {
		const struct article *a = &news.list.items[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "slug", a->slug, "title", a->title, "unit_name",
				      a->unit_name ? a->unit_name : "", "published_at", (json_int_t)a->publish_at);
		json_array_append_new(nl, o);
	}
	json_object_set_new(d, "news", nl);
	json_object_set_new(d, "meetings", portal_json(&meetings));
	json_object_set_new(d, "consultations", portal_json(&consultations));
	json_object_set_new(d, "models", portal_json(&models));
	json_object_set_new(d, "feed", json_string("/tin-tuc/rss.xml"));
	return web_page(req, 200, "home", d);
}

/* The anonymous home page comes from the response cache while no public
 * kind changed (store/stamp.h stamp_public_all: feedback, meetings,
 * consultations, models) and the news stamp, in the key, is the same. What
 * changes without a write (a meeting passing its time, a consultation
 * closing) is bounded by the cache's TTL. */
int page_home(struct request *req)
{
	if (req->session || req_cookie(req, "flash"))
		return home_page(req);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	int64_t stamp, news;
	if (stamp_public_all(db, &stamp) < 0 || article_stamp(db, time(NULL), &news) < 0)
		return home_page(req);
	return cache_respond(req, arena_printf(req->arena, "home:%lld", (long long)news), stamp_later(stamp, news),
			     "text/html; charset=utf-8", home_page, 0);
}

int page_officer_home(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const struct session *s = req->session;
	struct perm_grant_list g;
	if (perm_list_grants(db, req->arena, s->account.id, &g) < 0)
		return http_error(req, 503, "unavailable", NULL);
	unsigned held = 0;
	json_t *grants = json_array();
	for (size_t i = 0; i < g.n; i++) {
		held |= g.items[i].role;
		json_array_append_new(grants, json_pack("{s:s, s:s, s:s}", "role_label", g.items[i].role_label,
							"unit_name", g.items[i].unit_name, "unit_code",
							g.items[i].unit_code));
	}
	json_t *d = json_pack("{s:o, s:b, s:b, s:b}", "grants", grants,
			      "can_inbox", (held & (ROLE_ALL & ~ROLE_ADMIN)) != 0,
			      "can_dashboard", (held & (ROLE_LEADER | ROLE_ADMIN | ROLE_VIEWER)) != 0,
			      "is_admin", (held & ROLE_ADMIN) != 0);
	return web_page(req, 200, "quan-ly/index", d);
}
