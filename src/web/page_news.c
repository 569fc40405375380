/*
 * page_news.c - the pages of news: the public list (/tin-tuc, per tag),
 * one article with its corrections, related and latest articles and its
 * Open Graph / Twitter card meta, the RSS 2.0 feeds, the sitemap, article
 * images, and the officers' pages to write, preview, publish and correct
 * (/quan-ly/tin-tuc). Anonymous public pages are served from the response
 * cache while the news stamp is unchanged (web/cache.h, store/article.h).
 */
#include "pages.h"
#include "web.h"
#include "view.h"
#include "view_article.h"
#include "cache.h"
#include "app/article.h"
#include "app/perm.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#define NEWS_PER_PAGE 12
#define FEED_ITEMS 30

/* --- shared ------------------------------------------------------------------------ */

/* "http(s)://host" from the Host header when it looks like a host name,
 * else "" (links stay relative). */
static const char *site_origin(struct request *req)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		     *p == '-' || *p == ':' || *p == '[' || *p == ']';
	if (!ok)
		return "";
	const char *o = arena_printf(req->arena, "%s://%s", web_state.secure_cookies ? "https" : "http", host);
	return o ? o : "";
}

static int fail_page(struct request *req, int rc)
{
	if (rc == APP_NOT_FOUND)
		return http_error(req, 404, "not_found", NULL);
	return http_error(req, app_rc_http(rc), app_rc_code(rc), app_rc_message(rc));
}

/*
 * Serve an anonymous public response from the cache while the news stamp
 * is the one it was built under; else build it with `build` and keep it.
 * The key is the path and query (and the origin, which is in the page).
 */
static int cached(struct request *req, const char *ctype, int (*build)(struct request *req))
{
	if (req->session || req_cookie(req, "flash"))
		return build(req);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	int64_t stamp = 0;
	if (article_stamp(db, time(NULL), &stamp) < 0)
		return build(req);
	const char *key = arena_printf(req->arena, "news:%s?%s#%s", req->path, req->query, site_origin(req));
	return cache_respond(req, key, stamp, ctype, build, 0);
}

/* --- the public list ------------------------------------------------------------------- */

static const struct param list_params[] = {
	PARAM_PAGE_AT(struct article_query, page),
	PARAM_TEXT_AT(struct article_query, q, "q", 200),
	PARAM_TEXT_AT(struct article_query, unit, "unit", 64),
	PARAM_TEXT_AT(struct article_query, tag, "tag", 200),
};

static int list_page(struct request *req, const char *tag)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct article_query q;
	memset(&q, 0, sizeof(q));
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_LENIENT, &q, NULL) < 0)
		return -1;
	const char *tag_name = NULL;
	if (tag) {
		q.tag = tag;
		if (article_tag_name(db, req->arena, tag, &tag_name) < 0)
			return http_error(req, 404, "not_found", NULL);
	}
	q.per_page = NEWS_PER_PAGE;
	struct article_page p;
	int rc = article_find(&ctx, &q, &p);
	if (rc < 0)
		return fail_page(req, rc == APP_PAGE_RANGE ? APP_NOT_FOUND : rc);
	if (p.page > 1 && !p.list.n)
		return http_error(req, 404, "not_found", NULL);
	json_t *d = view_article_page(&p, VIEW_PAGE, 0);
	struct sbuf *qs = arena_sbuf(req->arena, 4096);
	if (!d || !qs || params_query(qs, list_params, PARAMS_COUNT(list_params), &q, tag ? "tag" : NULL) < 0)
		return -1;
	const char *path = tag ? arena_printf(req->arena, "/tin-tuc/the/%s", tag) : "/tin-tuc";
	json_object_set_new(d, "pager", view_pager(path, qs->buf, p.page, p.per_page, p.list.total, 0));
	json_object_set_new(d, "q", json_string(q.q ? q.q : ""));
	json_object_set_new(d, "filtered", json_boolean(qs->len > 0));
	json_object_set_new(d, "searched", json_boolean(p.searched));
	if (tag_name) {
		json_object_set_new(d, "tag", json_pack("{s:s, s:s}", "slug", tag, "name", tag_name));
		json_object_set_new(d, "feed", json_sprintf("/tin-tuc/the/%s/rss.xml", tag));
	} else {
		json_object_set_new(d, "feed", json_string("/tin-tuc/rss.xml"));
	}
	json_object_set_new(d, "meta", json_pack("{s:s, s:s, s:s, s:s}", "canonical",
						  arena_printf(req->arena, "%s%s", site_origin(req), path), "type", "website",
						  "title", tag_name ? tag_name : "Tin tức", "description",
						  "Tin tức, tuyên truyền của các đơn vị trên Cổng dân vận."));
	json_object_set_new(d, "nav", json_pack("{s:b}", "tin_tuc", 1));
	return web_page(req, 200, "tin-tuc/danh-sach", d);
}

static int build_list(struct request *req)
{
	return list_page(req, NULL);
}

int page_news_list(struct request *req)
{
	return cached(req, "text/html; charset=utf-8", build_list);
}

static int build_tag(struct request *req)
{
	return list_page(req, req_arg(req, "tag"));
}

int page_news_tag(struct request *req)
{
	return cached(req, "text/html; charset=utf-8", build_tag);
}

/* --- one article ----------------------------------------------------------------------------- */

static int redirect_slug(struct request *req, const char *prefix, const char *slug, int status)
{
	struct sbuf *sb = arena_sbuf(req->arena, 1024);
	if (!sb || sbuf_addstr(sb, prefix) < 0 || sbuf_add_urlenc(sb, slug, strlen(slug)) < 0)
		return -1;
	return http_redirect(req, status, sb->buf) < 0 ? -1 : 0;
}

static int build_article(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct article_full f;
	const char *moved = NULL;
	int rc = article_get(&ctx, req_arg(req, "slug"), &f, &moved);
	if (rc < 0)
		return fail_page(req, rc);
	if (moved)
		return redirect_slug(req, "/tin-tuc/", moved, 301);
	json_t *d = view_article_full(&f, VIEW_PAGE);
	if (!d)
		return -1;
	const char *origin = site_origin(req);
	const char *canonical = arena_printf(req->arena, "%s/tin-tuc/%s", origin, f.a.slug);
	json_t *meta = json_pack("{s:s, s:s, s:s, s:s, s:s}", "canonical", canonical ? canonical : "", "type", "article",
				 "title", f.a.title, "description", f.description ? f.description : "", "site",
				 "Cổng dân vận");
	if (meta && f.image.id) {
		json_object_set_new(meta, "image", json_sprintf("%s/tin-tuc/anh/%lld", origin, (long long)f.image.id));
		json_object_set_new(meta, "image_width", json_integer(f.image.width));
		json_object_set_new(meta, "image_height", json_integer(f.image.height));
	}
	if (meta && f.a.public_now)
		json_object_set_new(meta, "published", json_integer(f.a.publish_at));
	json_object_set_new(d, "meta", meta);
	json_object_set_new(d, "feed", json_string("/tin-tuc/rss.xml"));
	json_object_set_new(d, "officer", json_boolean(f.officer_view));
	json_object_set_new(d, "nav", json_pack("{s:b}", "tin_tuc", 1));
	if (!f.a.public_now)
		http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, 200, "tin-tuc/bai-viet", d);
}

int page_news_article(struct request *req)
{
	return cached(req, "text/html; charset=utf-8", build_article);
}

/* --- RSS 2.0 and the sitemap ---------------------------------------------------------------------- */

/* RFC 822 date, Vietnam time: "Sun, 06 Dec 2026 18:00:00 +0700" */
static int add_rfc822(struct sbuf *sb, int64_t t)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct civil c;
	time_to_vn(t, &c);
	return sbuf_addf(sb, "%s, %02d %s %04d %02d:%02d:%02d +0700", wd[c.wday], c.day, mo[c.month - 1], c.year,
			 c.hour, c.minute, c.second);
}

static int add_xml(struct sbuf *sb, const char *s)
{
	return sbuf_add_html(sb, s ? s : "", s ? strlen(s) : 0);
}

static int feed(struct request *req, const char *tag)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *tag_name = NULL;
	if (tag && article_tag_name(db, req->arena, tag, &tag_name) < 0)
		return http_error(req, 404, "not_found", NULL);
	struct article_query q = { .tag = tag, .page = 1, .per_page = FEED_ITEMS };
	struct article_page p;
	int rc = article_find(&ctx, &q, &p);
	if (rc < 0)
		return fail_page(req, rc);
	const char *origin = site_origin(req);
	struct sbuf *sb = arena_sbuf(req->arena, 4 * 1024 * 1024);
	if (!sb)
		return -1;
	int ok = sbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>") == 0;
	ok = ok && add_xml(sb, tag_name ? arena_printf(req->arena, "Tin tức: %s – Cổng dân vận", tag_name)
					: "Tin tức – Cổng dân vận") == 0;
	const char *self = tag ? arena_printf(req->arena, "%s/tin-tuc/the/%s/rss.xml", origin, tag)
			       : arena_printf(req->arena, "%s/tin-tuc/rss.xml", origin);
	const char *home = tag ? arena_printf(req->arena, "%s/tin-tuc/the/%s", origin, tag)
			       : arena_printf(req->arena, "%s/tin-tuc", origin);
	ok = ok && sbuf_addstr(sb, "</title>\n<link>") == 0 && add_xml(sb, home) == 0 &&
	     sbuf_addstr(sb, "</link>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"") == 0 &&
	     add_xml(sb, self) == 0 &&
	     sbuf_addstr(sb, "\"/>\n<description>Tin tức, tuyên truyền của các đơn vị trên Cổng dân vận</description>\n"
			     "<language>vi</language>\n") == 0;
	if (ok && p.list.n) {
		ok = sbuf_addstr(sb, "<lastBuildDate>") == 0 && add_rfc822(sb, p.list.items[0].publish_at) == 0 &&
		     sbuf_addstr(sb, "</lastBuildDate>\n") == 0;
	}
	for (size_t i = 0; ok && i < p.list.n; i++) {
		const struct article *a = &p.list.items[i];
		const char *link = arena_printf(req->arena, "%s/tin-tuc/%s", origin, a->slug);
		struct article_tag *tags = NULL;
		size_t nt = 0;
		if (article_tags(db, req->arena, a->id, &tags, &nt) < 0)
			return http_error(req, 503, "unavailable", NULL);
		ok = sbuf_addstr(sb, "<item>\n<title>") == 0 && add_xml(sb, a->title) == 0 &&
		     sbuf_addstr(sb, "</title>\n<link>") == 0 && add_xml(sb, link) == 0 &&
		     sbuf_addstr(sb, "</link>\n<guid isPermaLink=\"true\">") == 0 && add_xml(sb, link) == 0 &&
		     sbuf_addstr(sb, "</guid>\n<pubDate>") == 0 && add_rfc822(sb, a->publish_at) == 0 &&
		     sbuf_addstr(sb, "</pubDate>\n<description>") == 0 && add_xml(sb, a->lead) == 0 &&
		     sbuf_addstr(sb, "</description>\n") == 0;
		for (size_t t = 0; ok && t < nt; t++)
			ok = sbuf_addstr(sb, "<category>") == 0 && add_xml(sb, tags[t].name) == 0 &&
			     sbuf_addstr(sb, "</category>\n") == 0;
		ok = ok && sbuf_addstr(sb, "</item>\n") == 0;
	}
	ok = ok && sbuf_addstr(sb, "</channel>\n</rss>\n") == 0;
	if (!ok)
		return http_error(req, 500, NULL, NULL);
	return http_bytes(req, 200, "application/rss+xml; charset=utf-8", sb->buf, sb->len);
}

static int build_rss(struct request *req)
{
	return feed(req, NULL);
}

int page_news_rss(struct request *req)
{
	return cached(req, "application/rss+xml; charset=utf-8", build_rss);
}

static int build_tag_rss(struct request *req)
{
	return feed(req, req_arg(req, "tag"));
}

int page_news_tag_rss(struct request *req)
{
	return cached(req, "application/rss+xml; charset=utf-8", build_tag_rss);
}

static int build_sitemap(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *origin = site_origin(req);
	struct sbuf *sb = arena_sbuf(req->arena, 16 * 1024 * 1024);
	if (!sb)
		return -1;
	static const char *const fixed[] = { "/", "/tin-tuc", "/phan-anh", "/phan-anh/gui", "/tra-cuu", "/tim-kiem" };
	int ok = sbuf_addstr(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n") == 0;
	for (size_t i = 0; ok && i < sizeof(fixed) / sizeof(fixed[0]); i++)
		ok = sbuf_addstr(sb, "<url><loc>") == 0 && add_xml(sb, origin) == 0 && add_xml(sb, fixed[i]) == 0 &&
		     sbuf_addstr(sb, "</loc></url>\n") == 0;
	/* every public article (a sitemap holds at most 50,000 URLs) */
	for (int64_t page = 1; ok && page <= 400; page++) {
		struct article_query q = { .page = page, .per_page = 100 };
		struct article_page p;
		if (article_find(&ctx, &q, &p) < 0)
			return http_error(req, 503, "unavailable", NULL);
		for (size_t i = 0; ok && i < p.list.n; i++) {
			char ymd[11];
			const struct article *a = &p.list.items[i];
			int64_t t = a->updated_at > a->publish_at ? a->updated_at : a->publish_at;
			ok = sbuf_addstr(sb, "<url><loc>") == 0 && add_xml(sb, origin) == 0 &&
			     sbuf_addstr(sb, "/tin-tuc/") == 0 && sbuf_add_urlenc(sb, a->slug, strlen(a->slug)) == 0 &&
			     sbuf_addf(sb, "</loc><lastmod>%s</lastmod></url>\n", fmt_ymd(vn_day_of(t), ymd)) == 0;
		}
		if ((int64_t)p.list.n < p.per_page)
			break;
	}
	ok = ok && sbuf_addstr(sb, "</urlset>\n") == 0;
	if (!ok)
		return http_error(req, 500, NULL, NULL);
	return http_bytes(req, 200, "application/xml; charset=utf-8", sb->buf, sb->len);
}

int page_sitemap(struct request *req)
{
	return cached(req, "application/xml; charset=utf-8", build_sitemap);
}

/* --- images ------------------------------------------------------------------------------------------- */

int page_news_image(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *s = req_arg(req, "id");
	int64_t id = 0;
	for (const char *p = s; p && *p; p++) {
		if (*p < '0' || *p > '9' || id > 1000000000000LL)
			return http_error(req, 404, "not_found", NULL);
		id = id * 10 + (*p - '0');
	}
	struct article_image im;
	int rc = article_image_read(&ctx, id, &im);
	if (rc < 0)
		return fail_page(req, rc);
	/* stored as uploaded and never changed: cache for a year (only the
	 * browser's own cache for an officer, who may see a draft's images) */
	http_header(req, "Cache-Control", req->session ? "private, max-age=31536000"
						       : "public, max-age=31536000, immutable");
	char dim[48];
	snprintf(dim, sizeof(dim), "%lldx%lld", (long long)im.width, (long long)im.height);
	http_header(req, "X-Image-Size", dim);
	return http_bytes(req, 200, im.mime, im.data, (size_t)im.size);
}

/* --- officers -------------------------------------------------------------------------------------------- */

/* The units where the officer may write (handler or leader), as options. */
static json_t *writable_units(struct request *req, const struct app_ctx *ctx, const char *selected)
{
	int64_t *ids = NULL;
	size_t n = 0;
	json_t *opts = json_array();
	if (!opts || perm_units(ctx->db, req->arena, ctx->actor->account_id, ROLE_HANDLER | ROLE_LEADER, PERM_UNITS_OPEN,
				&ids, &n) < 0)
		return opts;
	for (size_t i = 0; i < n && i < 300; i++) {
		struct unit u;
		if (unit_get_by_id(ctx->db, req->arena, ids[i], &u) < 0)
			continue;
		json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", u.code, "label", u.name, "selected",
						      selected && !strcmp(selected, u.code)));
	}
	return opts;
}

/* Split "a, b, c" into trimmed names (arena). */
static const char **split_tags(struct request *req, const char *s, size_t *n)
{
	*n = 0;
	const char **out = arena_zalloc(req->arena, (ARTICLE_TAGS_MAX + 2) * sizeof(char *));
	if (!out || !s)
		return out;
	while (*s && *n < ARTICLE_TAGS_MAX + 1) {
		while (*s == ' ' || *s == ',')
			s++;
		const char *e = s;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > s && t[-1] == ' ')
			t--;
		if (t > s)
			out[(*n)++] = arena_strndup(req->arena, s, (size_t)(t - s));
		s = e;
	}
	return out;
}

static int officer_list(struct request *req, int status, json_t *form, json_t *errs)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct article_query q = { .page = 1, .per_page = 50, .officer = 1 };
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_LENIENT, &q, NULL) < 0)
		return -1;
	q.per_page = 50;
	struct article_page p;
	int rc = article_find(&ctx, &q, &p);
	if (rc < 0)
		return fail_page(req, rc == APP_PAGE_RANGE ? APP_NOT_FOUND : rc);
	json_t *d = view_article_page(&p, VIEW_PAGE, 1);
	if (!d)
		return -1;
	json_t *units = writable_units(req, &ctx, form ? json_string_value(json_object_get(form, "unit")) : NULL);
	json_object_set_new(d, "can_write", json_boolean(json_array_size(units) > 0));
	json_object_set_new(d, "units", units);
	json_object_set_new(d, "form", form ? form : json_object());
	json_object_set_new(d, "pager", view_pager("/quan-ly/tin-tuc", "", p.page, p.per_page, p.list.total, 0));
	if (errs) {
		json_t *list = json_array(), *by = json_object();
		view_merge_errors(errs, list, by);
		json_object_set_new(d, "errors", list);
		json_object_set_new(d, "field_errors", by);
		json_decref(errs);
	}
	json_object_set_new(d, "nav", json_pack("{s:b}", "quan_ly", 1));
	return web_page(req, status, "quan-ly/tin-tuc", d);
}

int page_officer_news(struct request *req)
{
	return officer_list(req, 200, NULL, NULL);
}

static json_t *errors_json(const struct app_errors *e)
{
	json_t *o = json_object();
	for (size_t i = 0; o && e && i < e->n; i++)
		if (!json_object_get(o, e->items[i].field))
			json_object_set_new(o, e->items[i].field, json_string(e->items[i].message));
	return o;
}

int page_officer_news_create(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct article_input in;
	memset(&in, 0, sizeof(in));
	in.title = view_form(req, "title");
	in.lead = view_form(req, "lead");
	in.body = view_form(req, "body");
	in.unit = view_form(req, "unit");
	in.tags = split_tags(req, view_form(req, "tags"), &in.ntags);
	in.has_tags = 1;
	struct app_errors errs;
	app_errors_clear(&errs);
	const char *slug = NULL;
	int rc = article_create(&ctx, &in, &slug, &errs);
	if (rc == APP_VALIDATION || rc == APP_FORBIDDEN) {
		json_t *form = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", in.title, "lead", in.lead, "body", in.body,
					 "unit", in.unit, "tags", view_form(req, "tags"));
		return officer_list(req, rc == APP_FORBIDDEN ? 403 : 422, form, errors_json(&errs));
	}
	if (rc < 0)
		return fail_page(req, rc);
	struct sbuf *sb = arena_sbuf(req->arena, 1024);
	if (!sb || sbuf_addstr(sb, "/quan-ly/tin-tuc/") < 0 || sbuf_add_urlenc(sb, slug, strlen(slug)) < 0)
		return -1;
	return web_see_other(req, sb->buf, "saved");
}

static int officer_article(struct request *req, const char *slug, int status, json_t *form, json_t *errs)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct article_full f;
	const char *moved = NULL;
	int rc = article_get(&ctx, slug, &f, &moved);
	if (rc < 0)
		return fail_page(req, rc);
	if (moved)
		return redirect_slug(req, "/quan-ly/tin-tuc/", moved, 301);
	if (!f.officer_view)
		return http_error(req, 404, "not_found", NULL);
	json_t *d = view_article_full(&f, VIEW_PAGE);
	if (!d)
		return -1;
	const char *st = f.a.status;
	json_object_set_new(d, "raw_status", json_string(st));
	json_object_set_new(d, "body", json_string(f.a.body));
	json_t *tags = json_array();
	struct sbuf *tl = arena_sbuf(req->arena, 4096);
	for (size_t i = 0; tl && i < f.ntags; i++)
		if ((i && sbuf_addstr(tl, ", ") < 0) || sbuf_addstr(tl, f.tags[i].name) < 0)
			break;
	json_decref(tags);
	json_object_set_new(d, "tags_text", json_string(tl ? tl->buf : ""));
	struct sbuf *pl = arena_sbuf(req->arena, 8192);
	for (size_t i = 0; pl && i < f.pins.n; i++)
		if ((i && sbuf_addstr(pl, ", ") < 0) || sbuf_addstr(pl, f.pins.items[i].slug) < 0)
			break;
	json_object_set_new(d, "pins_text", json_string(pl ? pl->buf : ""));
	unsigned roles = f.roles;
	json_object_set_new(d, "can_edit", json_boolean(article_next_status(st, ART_EV_EDIT) &&
							(roles & article_event_roles(ART_EV_EDIT))));
	json_object_set_new(d, "can_publish", json_boolean(article_next_status(st, ART_EV_PUBLISH) &&
							   (roles & article_event_roles(ART_EV_PUBLISH))));
	json_object_set_new(d, "can_unpublish", json_boolean(article_next_status(st, ART_EV_UNPUBLISH) &&
							     (roles & article_event_roles(ART_EV_UNPUBLISH))));
	json_object_set_new(d, "can_correct", json_boolean(article_next_status(st, ART_EV_CORRECT) &&
							   (roles & article_event_roles(ART_EV_CORRECT))));
	json_object_set_new(d, "can_image", json_boolean((roles & (ROLE_HANDLER | ROLE_LEADER)) != 0));
	json_object_set_new(d, "form", form ? form : json_object());
	if (errs) {
		json_t *list = json_array(), *by = json_object();
		view_merge_errors(errs, list, by);
		json_object_set_new(d, "errors", list);
		json_object_set_new(d, "field_errors", by);
		json_decref(errs);
	}
	json_object_set_new(d, "nav", json_pack("{s:b}", "quan_ly", 1));
	http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, status, "quan-ly/tin-tuc-bai", d);
}

int page_officer_article(struct request *req)
{
	return officer_article(req, req_arg(req, "slug"), 200, NULL, NULL);
}

/* "2026-08-30T14:00" (datetime-local, Vietnam time) into UTC seconds. */
static int parse_local(const char *s, int64_t *out)
{
	int64_t day = 0;
	char date[11];
	if (!s || strlen(s) < 16 || s[10] != 'T' || s[13] != ':')
		return -1;
	memcpy(date, s, 10);
	date[10] = 0;
	if (parse_date(date, &day) < 0)
		return -1;
	int h = (s[11] - '0') * 10 + (s[12] - '0'), m = (s[14] - '0') * 10 + (s[15] - '0');
	if (s[11] < '0' || s[11] > '9' || s[12] < '0' || s[12] > '9' || s[14] < '0' || s[14] > '9' || s[15] < '0' ||
	    s[15] > '9' || h > 23 || m > 59)
		return -1;
	*out = vn_day_start(day) + h * 3600 + m * 60;
	return 0;
}

int page_officer_article_action(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *slug = req_arg(req, "slug");
	struct article_action act;
	memset(&act, 0, sizeof(act));
	act.type = article_event_parse(view_form(req, "type"));
	struct app_errors errs;
	app_errors_clear(&errs);
	if (act.type == ART_EV_EDIT || act.type == ART_EV_CORRECT) {
		act.in.title = view_form(req, "title");
		act.in.lead = view_form(req, "lead");
		act.in.body = view_form(req, "body");
		act.in.tags = split_tags(req, view_form(req, "tags"), &act.in.ntags);
		act.in.has_tags = 1;
		if (req_form(req, "related")) { /* pinned related articles: slugs, comma-separated */
			act.in.related = split_tags(req, view_form(req, "related"), &act.in.nrelated);
			act.in.has_related = 1;
		}
		act.note = view_form(req, "note");
	}
	const char *at = view_form(req, "publish_at");
	if (act.type == ART_EV_PUBLISH && *at && parse_local(at, &act.publish_at) < 0) {
		app_errors_add(&errs, "publish_at", "Thời điểm đăng không hợp lệ.");
		return officer_article(req, slug, 422, json_pack("{s:s}", "publish_at", at), errors_json(&errs));
	}
	const char *new_slug = NULL;
	int rc = article_apply(&ctx, slug, &act, &new_slug, &errs);
	if (rc == APP_VALIDATION || rc == APP_FORBIDDEN || rc == APP_INVALID_TRANSITION) {
		if (rc == APP_INVALID_TRANSITION)
			app_errors_add(&errs, "type", "Trạng thái hiện tại của bài không cho phép thao tác này.");
		json_t *form = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", view_form(req, "title"), "lead",
					 view_form(req, "lead"), "body", view_form(req, "body"), "tags",
					 view_form(req, "tags"), "note", view_form(req, "note"));
		return officer_article(req, slug, app_rc_http(rc), form, errors_json(&errs));
	}
	if (rc < 0)
		return fail_page(req, rc);
	struct sbuf *sb = arena_sbuf(req->arena, 1024);
	if (!sb || sbuf_addstr(sb, "/quan-ly/tin-tuc/") < 0 || sbuf_add_urlenc(sb, new_slug, strlen(new_slug)) < 0)
		return -1;
	return web_see_other(req, sb->buf, "event_done");
}

int page_officer_article_image(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	const char *slug = req_arg(req, "slug");
	const struct http_file *file = req_file(req, "image");
	struct app_errors errs;
	app_errors_clear(&errs);
	int64_t id = 0;
	int rc = article_image_add(&ctx, slug, file ? file->data : NULL, file ? file->len : 0, view_form(req, "alt"),
				   &id, &errs);
	if (rc == APP_VALIDATION || rc == APP_UNSUPPORTED || rc == APP_TOO_LARGE) {
		if (!errs.n)
			app_errors_add(&errs, "image", app_rc_message(rc));
		return officer_article(req, slug, app_rc_http(rc), NULL, errors_json(&errs));
	}
	if (rc < 0)
		return fail_page(req, rc);
	struct sbuf *sb = arena_sbuf(req->arena, 1024);
	if (!sb || sbuf_addstr(sb, "/quan-ly/tin-tuc/") < 0 || sbuf_add_urlenc(sb, slug, strlen(slug)) < 0)
		return -1;
	return web_see_other(req, sb->buf, "saved");
}
