/*
 * article.c - the JSON API of news (/api/v1/articles...): writing a draft,
 * its events (publish, unpublish, edit, correct), the list and one
 * article with its rendered body and related articles. Shapes in API.md
 * "News"; rules in app/article.h.
 */
#include "api.h"
#include "app/article.h"
#include "app/result.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "http/response.h"
#include "store/audit.h"
#include "store/db.h"
#include "web/view_article.h"
#include "web/web.h"

/* n digits at s as a number, -1 when not all digits */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "2026-08-30T14:00:00+07:00" (seconds optional; Z or an offset; no
 * offset: Vietnam time) into UTC seconds. 0, or -1 when malformed. */
static int parse_iso(const char *s, int64_t *out)
{
	size_t len = strlen(s);
	if (len < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2), h = digits(s + 11, 2), mi = digits(s + 14, 2);
	int sec = 0;
	const char *p = s + 16;
	if (*p == ':') {
		sec = digits(p + 1, 2);
		p += 3;
	}
	int off = 7 * 3600;
	if (*p == 'Z') {
		off = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om = p[3] == ':' ? digits(p + 4, 2) : -1;
		if (oh < 0 || om < 0 || oh > 14 || om > 59)
			return -1;
		off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	}
	if (*p || y < 1970 || y > 2400 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

/* A JSON array of strings into an arena array; errors under `key`. */
static const char **str_array(struct request *req, json_t *in, const char *key, size_t *n, int *has,
			      json_t *errors)
{
	json_t *v = json_object_get(in, key);
	*n = 0;
	*has = 0;
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		json_object_set_new(errors, key, json_string("phải là một mảng chuỗi ký tự"));
		return NULL;
	}
	size_t len = json_array_size(v);
	const char **out = arena_zalloc(req->arena, (len + 1) * sizeof(char *));
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e)) {
			json_object_set_new(errors, key, json_string("phải là một mảng chuỗi ký tự"));
			return NULL;
		}
		out[i] = json_string_value(e);
	}
	*n = len;
	*has = 1;
	return out;
}

/* The fields shared by create and the edit/correct events. */
static void read_input(struct request *req, json_t *in, struct article_input *ai, json_t *errors)
{
	ai->title = api_str(in, "title", errors);
	ai->lead = api_str(in, "lead", errors);
	ai->body = api_str(in, "body", errors);
	ai->unit = api_str(in, "unit", errors);
	ai->tags = str_array(req, in, "tags", &ai->ntags, &ai->has_tags, errors);
	ai->related = str_array(req, in, "related", &ai->nrelated, &ai->has_related, errors);
	json_t *links = json_object_get(in, "links");
	if (links && !json_is_null(links)) {
		if (!json_is_array(links)) {
			json_object_set_new(errors, "links", json_string("phải là một mảng {kind, id}"));
			return;
		}
		size_t n = json_array_size(links);
		const char **kinds = arena_zalloc(req->arena, (n + 1) * sizeof(char *));
		const char **refs = arena_zalloc(req->arena, (n + 1) * sizeof(char *));
		if (!kinds || !refs)
			return;
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(links, i);
			json_t *k = json_object_get(e, "kind"), *id = json_object_get(e, "id");
			if (!json_is_object(e) || json_object_size(e) != 2 || !json_is_string(k) || !json_is_string(id)) {
				json_object_set_new(errors, "links", json_string("phải là một mảng {kind, id}"));
				return;
			}
			kinds[i] = json_string_value(k);
			refs[i] = json_string_value(id);
		}
		ai->link_kinds = kinds;
		ai->link_refs = refs;
		ai->nlinks = n;
		ai->has_links = 1;
	}
}

static void set_article_location(struct request *req, const char *slug)
{
	struct sbuf *sb = arena_sbuf(req->arena, 512);
	if (sb && sbuf_addstr(sb, "/api/v1/articles/") == 0 && sbuf_add_urlenc(sb, slug, strlen(slug)) == 0)
		http_header(req, "Location", sb->buf);
}

int api_article_create(struct request *req)
{
	static const char *const allowed[] = { "title", "lead", "body", "tags", "unit", "related", "links", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct article_input ai;
	memset(&ai, 0, sizeof(ai));
	read_input(req, in, &ai, errors);
	if (!ai.unit && !json_object_get(errors, "unit"))
		json_object_set_new(errors, "unit", json_string("Vui lòng chọn đơn vị."));
	if (!ai.title && !json_object_get(errors, "title"))
		json_object_set_new(errors, "title", json_string("Vui lòng nhập tiêu đề."));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	app_errors_clear(&errs);
	const char *slug = NULL;
	int rc = article_create(&ctx, &ai, &slug, &errs);
	if (rc < 0)
		return api_fail(req, rc, &errs, NULL);
	set_article_location(req, slug);
	return api_ok(req, 201, json_pack("{s:s, s:s}", "slug", slug, "status", "draft"));
}

int api_article_event(struct request *req)
{
	static const char *const allowed[] = { "type", "publish_at", "note", "title", "lead", "body", "tags",
					       "related", "links", NULL };
	json_t *in = api_body_utf8(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	struct article_action act;
	memset(&act, 0, sizeof(act));
	const char *type = api_str(in, "type", errors);
	act.note = api_str(in, "note", errors);
	read_input(req, in, &act.in, errors);
	act.in.unit = NULL;
	const char *at = api_str(in, "publish_at", errors);
	if (at && parse_iso(at, &act.publish_at) < 0)
		json_object_set_new(errors, "publish_at", json_string("phải là thời điểm ISO 8601, ví dụ 2026-08-30T14:00:00+07:00"));
	act.type = type ? article_event_parse(type) : -1;
	if (!type && !json_object_get(errors, "type"))
		json_object_set_new(errors, "type", json_string("Vui lòng nêu loại thao tác."));
	else if (type && act.type < 0)
		json_object_set_new(errors, "type", json_string("Loại thao tác không hợp lệ."));
	if (api_invalid(req, errors, "Dữ liệu chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct app_errors errs;
	app_errors_clear(&errs);
	const char *slug = NULL;
	int rc = article_apply(&ctx, req_arg(req, "slug"), &act, &slug, &errs);
	if (rc < 0)
		return api_fail(req, rc, &errs, NULL);
	struct article_full f;
	if ((rc = article_get(&ctx, slug, &f, NULL)) < 0)
		return api_fail(req, rc, NULL, NULL);
	return api_ok(req, 200, view_article_full(&f, VIEW_API));
}

int api_article_get(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct article_full f;
	const char *moved = NULL;
	int rc = article_get(&ctx, req_arg(req, "slug"), &f, &moved);
	if (rc < 0)
		return api_fail(req, rc, NULL, NULL);
	if (moved) {
		struct sbuf *sb = arena_sbuf(req->arena, 512);
		if (!sb || sbuf_addstr(sb, "/api/v1/articles/") < 0 || sbuf_add_urlenc(sb, moved, strlen(moved)) < 0)
			return -1;
		http_redirect(req, 301, sb->buf);
		return 0;
	}
	if (!f.a.public_now)
		http_header(req, "Cache-Control", "no-store, private");
	return api_ok(req, 200, view_article_full(&f, VIEW_API));
}

static const struct param list_params[] = {
	PARAM_PAGE_AT(struct article_query, page),
	PARAM_INT_AT(struct article_query, per_page, "per_page", 1, 100, 20),
	PARAM_TEXT_AT(struct article_query, tag, "tag", 200),
	PARAM_TEXT_AT(struct article_query, unit, "unit", 64),
	PARAM_TEXT_AT(struct article_query, q, "q", 1000),
};

int api_article_list(struct request *req)
{
	struct article_query q;
	memset(&q, 0, sizeof(q));
	json_t *errors = json_object();
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_STRICT, &q, errors) < 0) {
		json_decref(errors);
		return -1;
	}
	const char *status = req_query(req, "status");
	if (status && *status) {
		if (strcmp(status, "draft") && strcmp(status, "scheduled") && strcmp(status, "published") &&
		    strcmp(status, "unpublished"))
			json_object_set_new(errors, "status", json_string("trạng thái không hợp lệ"));
		else
			q.status = status;
	}
	if (api_invalid(req, errors, "Tham số chưa hợp lệ."))
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	q.officer = req->session != NULL;
	struct article_page p;
	int rc = article_find(&ctx, &q, &p);
	if (rc < 0)
		return api_fail(req, rc, NULL, NULL);
	return api_ok(req, 200, view_article_page(&p, VIEW_API, q.officer));
}
