/*
 * view.c - the request-to-app glue every domain's pages and API share
 * (view.h): the app context, field tables turned into JSON, field errors,
 * form fields, options and the pager.
 */
#include "web/view.h"
#include "web/web.h"
#include "app/ctx.h"
#include "app/result.h"
#include "core/timefmt.h"
#include "http/params.h"
#include "store/audit.h"

#include <time.h>

/* --- the app context ----------------------------------------------------------- */

void view_ctx(struct request *req, struct db *db, struct audit_actor *actor, struct app_ctx *ctx)
{
	web_actor(req, actor);
	ctx->db = db;
	ctx->cal = web_state.cal;
	ctx->arena = req->arena;
	ctx->actor = actor;
	ctx->now = (int64_t)time(NULL);
}

struct db *view_open(struct request *req, struct audit_actor *actor, struct app_ctx *ctx)
{
	struct db *db = web_db(req);
	if (db)
		view_ctx(req, db, actor, ctx);
	return db;
}

/* --- one record, two outputs ----------------------------------------------------- */

void view_set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

void view_set_time(json_t *o, const char *key, int64_t t, enum view_dialect d)
{
	char buf[32];
	if (!t)
		return;
	if (d == VIEW_API)
		json_object_set_new(o, key, json_string(fmt_iso8601_vn(t, buf)));
	else
		json_object_set_new(o, key, json_integer((json_int_t)t));
}

int view_fields(json_t *o, const void *rec, const struct view_field *tab, size_t n, enum view_dialect d,
		unsigned who)
{
	const char *base = rec;
	for (size_t i = 0; i < n; i++) {
		const struct view_field *f = &tab[i];
		const char *key = d == VIEW_API ? f->api : f->page;
		unsigned need = d == VIEW_API ? f->api_who : f->page_who;
		if (!key || (need & ~who))
			continue;
		const void *p = base + f->offset;
		json_t *v = NULL;
		switch (f->type) {
		case VIEW_STR:
		case VIEW_NONEMPTY: {
			const char *s = *(const char *const *)p;
			if (!s || (f->type == VIEW_NONEMPTY && !*s))
				continue;
			v = json_string(s);
			break;
		}
		case VIEW_TIME:
			view_set_time(o, key, *(const int64_t *)p, d);
			continue;
		case VIEW_BOOL:
			v = json_boolean(*(const int *)p);
			break;
		case VIEW_INT:
			v = json_integer(*(const int *)p);
			break;
		}
		if (!v || json_object_set_new(o, key, v) < 0)
			return -1;
	}
	return 0;
}

/* --- pages --------------------------------------------------------------------- */

const char *view_form(struct request *req, const char *name)
{
	const char *v = req_form(req, name);
	return v ? v : "";
}

int view_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int view_errors(const struct app_errors *e, const char *prefix, json_t *list, json_t *by_field)
{
	for (size_t i = 0; i < e->n; i++) {
		const char *f = e->items[i].field ? e->items[i].field : "";
		if (!strncmp(f, "contact.", 8))
			f += 8;
		char id[96];
		snprintf(id, sizeof(id), "%s%s", prefix ? prefix : "", f);
		if (!json_object_get(by_field, f))
			json_object_set_new(by_field, f, json_string(e->items[i].message));
		if (json_array_append_new(list, json_pack("{s:s, s:s}", "field", id, "message",
							  e->items[i].message)) < 0)
			return -1;
	}
	return 0;
}

void view_merge_errors(json_t *own, json_t *list, json_t *by_field)
{
	const char *k;
	json_t *v;
	json_object_foreach(own, k, v) {
		if (json_object_get(by_field, k))
			continue;
		json_object_set(by_field, k, v);
		json_array_append_new(list, json_pack("{s:s, s:O}", "field", k, "message", v));
	}
}

json_t *view_form_field(const char *name, const char *label, const char *value, json_t *errs)
{
	json_t *f = json_pack("{s:s, s:s, s:s}", "name", name, "label", label, "value", value ? value : "");
	json_t *e = errs ? json_object_get(errs, name) : NULL;
	if (f && e)
		json_object_set(f, "error", e);
	return f;
}

json_t *view_options(const char *const (*tab)[2], size_t n, const char *selected)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", tab[i][0], "label", tab[i][1],
						      "selected", selected ? !strcmp(selected, tab[i][0]) : !*tab[i][0]));
	return list;
}

json_t *view_param_options(const struct param *p, const char *(*label)(int i), int value, const char *all)
{
	json_t *list = json_pack("[{s:s, s:s, s:b}]", "value", "", "label", all, "selected", value == (int)p->dflt);
	for (int i = 0; list && i < p->count; i++)
		if (!p->allow || (p->allow & (1u << i)))
			json_array_append_new(list, json_pack("{s:s?, s:s?, s:b}", "value", p->name_of(i), "label",
							      label(i), "selected", value == p->base + i));
	return list;
}

json_t *view_pager(const char *path, const char *query, int64_t page, int64_t per_page, int64_t total,
		   int64_t depth)
{
	int64_t pages = per_page > 0 ? (total + per_page - 1) / per_page : 0;
	/* no link past what the list shows */
	int64_t reach = per_page > 0 && depth > 0 ? (depth + per_page - 1) / per_page : pages;
	if (pages > reach)
		pages = reach;
	json_t *o = json_pack("{s:I, s:I, s:I}", "page", (json_int_t)page, "pages", (json_int_t)pages, "total",
			      (json_int_t)total);
	if (!o)
		return NULL;
	const char *q = query ? query : "", *sep = *q ? "&" : "";
	if (page > 1)
		json_object_set_new(o, "prev", json_sprintf("%s?%s%spage=%lld", path, q, sep,
							    (long long)(page - 1 <= pages ? page - 1
											 : pages > 0 ? pages : 1)));
	if (page < pages)
		json_object_set_new(o, "next", json_sprintf("%s?%s%spage=%lld", path, q, sep, (long long)(page + 1)));
	return o;
}
