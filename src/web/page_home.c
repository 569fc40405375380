/*
 * page_home.c - the public home page (/) with the latest published answers,
 * and the officer area's start page (/quan-ly).
 */
#include "pages.h"
#include "web.h"
#include "view_feedback.h"
#include "app/feedback.h"
#include "app/perm.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#define HOME_LATEST 5

int page_home(struct request *req)
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
	return web_page(req, 200, "home", d);
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
