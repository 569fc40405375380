/*
 * view_article.c - articles as JSON for the API and the templates
 * (web/view_article.h).
 */
#include "web/view_article.h"
#include "store/article.h"

json_t *view_article_summary(const struct article *a, enum view_dialect d, const char *title_html,
			     const char *snippet_html, int officer)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	view_set_str(o, "slug", a->slug);
	view_set_str(o, "title", a->title);
	view_set_str(o, "lead", a->lead);
	view_set_str(o, "unit", a->unit_code);
	view_set_str(o, "unit_name", a->unit_name);
	if (a->public_now || d == VIEW_PAGE)
		view_set_time(o, "published_at", a->public_now ? a->publish_at : 0, d);
	if (officer || !a->public_now) {
		view_set_str(o, "status", a->public_now ? "published" : a->status);
		if (d == VIEW_PAGE)
			view_set_str(o, "status_label", article_status_label(a->public_now ? "published" : a->status));
		if (!a->public_now && a->publish_at)
			view_set_time(o, "publish_at", a->publish_at, d);
	}
	if (a->image_id && d == VIEW_PAGE)
		json_object_set_new(o, "image_id", json_integer(a->image_id));
	view_set_str(o, "title_html", title_html);
	view_set_str(o, "snippet_html", snippet_html);
	return o;
}

static json_t *list_of(const struct article_list *l, enum view_dialect d, int brief)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < l->n; i++) {
		json_t *o = brief ? json_pack("{s:s, s:s}", "slug", l->items[i].slug, "title", l->items[i].title)
				  : view_article_summary(&l->items[i], d, NULL, NULL, 0);
		if (o && brief && d == VIEW_PAGE)
			view_set_time(o, "published_at", l->items[i].publish_at, d);
		if (o && brief && d == VIEW_PAGE && l->items[i].image_id)
			json_object_set_new(o, "image_id", json_integer(l->items[i].image_id));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *view_article_page(const struct article_page *p, enum view_dialect d, int officer)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < p->list.n; i++)
		json_array_append_new(items, view_article_summary(&p->list.items[i], d,
								  p->title_html ? p->title_html[i] : NULL,
								  p->snippet_html ? p->snippet_html[i] : NULL, officer));
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "page", (json_int_t)p->page, "per_page",
			 (json_int_t)p->per_page, "total", (json_int_t)p->list.total);
}

json_t *view_article_full(const struct article_full *f, enum view_dialect d)
{
	const struct article *a = &f->a;
	json_t *o = view_article_summary(a, d, NULL, NULL, f->officer_view);
	if (!o)
		return NULL;
	view_set_str(o, "body_html", f->body_html);
	view_set_str(o, "description", f->description);
	json_t *tags = json_array();
	for (size_t i = 0; tags && i < f->ntags; i++)
		json_array_append_new(tags, d == VIEW_API ? json_string(f->tags[i].name)
							  : json_pack("{s:s, s:s}", "slug", f->tags[i].slug, "name",
								      f->tags[i].name));
	json_object_set_new(o, "tags", tags);
	json_t *corr = json_array();
	for (size_t i = 0; corr && i < f->ncorrections; i++) {
		json_t *c = json_object();
		view_set_time(c, "at", f->corrections[i].at, d);
		view_set_str(c, "note", f->corrections[i].note);
		json_array_append_new(corr, c);
	}
	json_object_set_new(o, "corrections", corr);
	json_t *links = json_array();
	for (size_t i = 0; links && i < f->nlinks; i++)
		json_array_append_new(links, json_pack("{s:s, s:s}", "kind", f->links[i].kind, "id", f->links[i].ref));
	json_object_set_new(o, "links", links);
	json_object_set_new(o, "related", list_of(&f->related, d, 1));
	json_object_set_new(o, "latest", list_of(&f->latest, d, 1));
	if (f->officer_view) {
		json_t *pins = json_array();
		for (size_t i = 0; pins && i < f->pins.n; i++)
			json_array_append_new(pins, json_string(f->pins.items[i].slug));
		json_object_set_new(o, "pinned", pins);
		view_set_time(o, "updated_at", a->updated_at, d);
		if (a->author_name)
			view_set_str(o, "author", a->author_name);
	}
	if (f->image.id) {
		json_t *im = json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)f->image.id, "width",
				       (json_int_t)f->image.width, "height", (json_int_t)f->image.height, "alt",
				       f->image.alt ? f->image.alt : "");
		json_object_set_new(o, "image", im);
	}
	if (d == VIEW_PAGE) {
		json_t *ims = json_array();
		for (size_t i = 0; ims && i < f->nimages; i++)
			json_array_append_new(ims, json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)f->images[i].id,
							     "width", (json_int_t)f->images[i].width, "height",
							     (json_int_t)f->images[i].height, "alt",
							     f->images[i].alt ? f->images[i].alt : ""));
		json_object_set_new(o, "images", ims);
	}
	return o;
}

int view_article_linked(json_t *d, struct db *db, struct arena *a, const char *kind, const char *ref, int64_t now)
{
	struct article_list l;
	if (!ref || article_linking(db, a, kind, ref, now, VIEW_ARTICLE_LINKED_MAX, &l) < 0)
		return -1;
	if (!l.n)
		return 0;
	json_t *arr = list_of(&l, VIEW_PAGE, 1);
	if (!arr || json_array_size(arr) != l.n) {
		json_decref(arr);
		return -1;
	}
	return json_object_set_new(d, "news_links", arr) < 0 ? -1 : 0;
}
