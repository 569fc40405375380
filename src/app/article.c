/*
 * article.c - the rules of news: statuses as a table, roles, slugs,
 * validation, the writes (each one transaction with its audit entry), one
 * article as its viewer may see it, related articles and lists
 * (app/article.h).
 */
#include "app/article.h"
#include "app/perm.h"
#include "app/search.h"
#include "app/trackcode.h"
#include "app/workflow.h"
#include "core/arena.h"
#include "core/markdown.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/vntext.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/search.h"
#include "store/unit.h"

#include <jansson.h>
#include <limits.h>

/* --- the status machine (app/workflow.h) ----------------------------------------- */

enum { ART_DRAFT, ART_SCHEDULED, ART_PUBLISHED, ART_UNPUBLISHED, ART_NSTATUS };
static const char *const art_statuses[ART_NSTATUS] = { "draft", "scheduled", "published", "unpublished" };

static int art_publish(struct wf_call *c);
static int art_text(struct wf_call *c);

/* per event: roles, the statuses it applies in, the next status, public */
static const struct wf_event art_events[ART_EV_COUNT] = {
	[ART_EV_PUBLISH] = { "publish", ROLE_LEADER,
			     WF_BIT(ART_DRAFT) | WF_BIT(ART_UNPUBLISHED) | WF_BIT(ART_SCHEDULED), ART_PUBLISHED, 1,
			     art_publish },
	[ART_EV_UNPUBLISH] = { "unpublish", ROLE_LEADER, WF_BIT(ART_PUBLISHED) | WF_BIT(ART_SCHEDULED),
			       ART_UNPUBLISHED, 1, NULL },
	[ART_EV_EDIT] = { "edit", ROLE_LEADER | ROLE_HANDLER, WF_BIT(ART_DRAFT) | WF_BIT(ART_UNPUBLISHED), WF_SAME, 0,
			  art_text },
	[ART_EV_CORRECT] = { "correct", ROLE_LEADER, WF_BIT(ART_PUBLISHED) | WF_BIT(ART_SCHEDULED), WF_SAME, 1,
			     art_text },
};

static int art_check(struct wf_call *c);
static int art_load(struct wf_call *c, const char *key);
static int art_save(struct wf_call *c);

static const struct wf_domain art_domain = {
	.name = "article",
	.statuses = art_statuses,
	.nstatuses = ART_NSTATUS,
	.events = art_events,
	.nevents = ART_EV_COUNT,
	.check = art_check,
	.load = art_load,
	.save = art_save,
};

static int status_index(const char *status)
{
	for (int i = 0; status && i < ART_NSTATUS; i++)
		if (!strcmp(art_statuses[i], status))
			return i;
	return -1;
}

int article_event_parse(const char *name)
{
	return wf_event_parse(&art_domain, name);
}

const char *article_event_name(int ev)
{
	return ev >= 0 && ev < ART_EV_COUNT ? art_events[ev].name : NULL;
}

const char *article_next_status(const char *status, int ev)
{
	int next = 0, st = status_index(status);
	return st >= 0 && wf_next(&art_domain, st, ev, &next) == 0 ? art_statuses[next] : NULL;
}

unsigned article_event_roles(int ev)
{
	return wf_roles(&art_domain, ev);
}

const char *article_status_label(const char *status)
{
	if (!status)
		return "";
	if (!strcmp(status, "draft"))
		return "Bản nháp";
	if (!strcmp(status, "scheduled"))
		return "Hẹn giờ đăng";
	if (!strcmp(status, "published"))
		return "Đã đăng";
	if (!strcmp(status, "unpublished"))
		return "Đã gỡ";
	return status;
}

/* --- slugs ------------------------------------------------------------------------ */

int article_slugify(struct arena *a, const char *title, char **slug)
{
	char *key = NULL;
	size_t n = 0;
	if (vntext_fold(a, title ? title : "", title ? strlen(title) : 0, &key, &n) != VNTEXT_OK)
		return -1;
	/* words are ASCII letters and digits separated by single spaces */
	if (n > ARTICLE_SLUG_MAX) {
		n = ARTICLE_SLUG_MAX;
		while (n > 0 && key[n] != ' ')
			n--;
		if (n == 0)
			n = ARTICLE_SLUG_MAX;
	}
	key[n] = 0;
	for (size_t i = 0; i < n; i++)
		if (key[i] == ' ')
			key[i] = '-';
	*slug = key;
	return 0;
}

/* A free slug for `title` (the article `self` may keep its own). */
static int unique_slug(const struct app_ctx *ctx, const char *title, int64_t self, const char **out)
{
	char *base = NULL;
	if (article_slugify(ctx->arena, title, &base) < 0)
		return APP_ERROR;
	if (!*base)
		base = "bai-viet";
	for (int i = 1; i < 1000; i++) {
		const char *s = i == 1 ? base : arena_printf(ctx->arena, "%s-%d", base, i);
		if (!s)
			return APP_ERROR;
		int taken = article_slug_taken(ctx->db, s, self);
		if (taken < 0)
			return APP_ERROR;
		if (!taken) {
			*out = s;
			return APP_OK;
		}
	}
	return APP_CONFLICT;
}

/* --- roles ------------------------------------------------------------------------- */

unsigned article_roles(const struct app_ctx *ctx, int64_t unit_id)
{
	if (!ctx->actor || ctx->actor->account_id == 0)
		return ctx->actor && !strcmp(ctx->actor->name ? ctx->actor->name : "", "citizen") ? 0 : ROLE_ALL;
	unsigned mask = 0;
	if (perm_roles(ctx->db, ctx->actor->account_id, unit_id, &mask) < 0)
		return 0;
	return mask;
}

/* --- validation --------------------------------------------------------------------- */

/* Clean a text field; NULL stays NULL. Adds an error for bad input. */
static const char *clean(const struct app_ctx *ctx, const char *s, unsigned flags, size_t min, size_t max,
			 const char *field, const char *msg, struct app_errors *errs)
{
	if (!s)
		return NULL;
	char *out = NULL;
	size_t len = 0;
	int rc = vntext_clean(ctx->arena, s, strlen(s), flags, &out, &len);
	if (rc == VNTEXT_INVALID_UTF8) {
		app_errors_add(errs, field, "Nội dung có ký tự không hợp lệ.");
		return NULL;
	}
	if (rc != VNTEXT_OK)
		return NULL;
	if (vntext_check_length(out, len, min, max) != VNTEXT_OK) {
		app_errors_add(errs, field, msg);
		return NULL;
	}
	return out;
}

struct checked {
	const char *title, *lead, *body;
	const char **tag_slugs, **tag_names;
	size_t ntags;
	int64_t *pins;
	size_t npins;
};

static int is_link_kind(const char *k)
{
	return k && (!strcmp(k, "meeting") || !strcmp(k, "consultation") || !strcmp(k, "model") ||
		     !strcmp(k, "feedback"));
}

static int check_input(const struct app_ctx *ctx, const struct article_input *in, int64_t self, int creating,
		       struct checked *c, struct app_errors *errs)
{
	memset(c, 0, sizeof(*c));
	size_t before = errs ? errs->n : 0;
	if (creating && (!in->title || !in->title[strspn(in->title, " \t\r\n")]))
		app_errors_add(errs, "title", "Vui lòng nhập tiêu đề.");
	c->title = clean(ctx, in->title, VNTEXT_SINGLELINE, 5, ARTICLE_TITLE_MAX, "title",
			 "Tiêu đề từ 5 đến 200 ký tự.", errs);
	c->lead = clean(ctx, in->lead, VNTEXT_SINGLELINE, 0, ARTICLE_LEAD_MAX, "lead", "Sapo tối đa 600 ký tự.", errs);
	c->body = clean(ctx, in->body, VNTEXT_MULTILINE, 0, ARTICLE_BODY_MAX, "body",
			"Nội dung tối đa 100.000 ký tự.", errs);
	if (creating && !c->lead && !app_errors_get(errs, "lead"))
		c->lead = "";
	if (creating && !c->body && !app_errors_get(errs, "body"))
		c->body = "";
	if (in->has_tags) {
		if (in->ntags > ARTICLE_TAGS_MAX) {
			app_errors_add(errs, "tags", "Tối đa 10 thẻ.");
		} else {
			c->tag_slugs = arena_zalloc(ctx->arena, (in->ntags + 1) * sizeof(char *));
			c->tag_names = arena_zalloc(ctx->arena, (in->ntags + 1) * sizeof(char *));
			if (!c->tag_slugs || !c->tag_names)
				return APP_ERROR;
			for (size_t i = 0; i < in->ntags; i++) {
				const char *name = clean(ctx, in->tags[i], VNTEXT_SINGLELINE, 2, 60, "tags",
							 "Mỗi thẻ từ 2 đến 60 ký tự.", errs);
				char *slug = NULL;
				if (!name)
					continue;
				if (article_slugify(ctx->arena, name, &slug) < 0)
					return APP_ERROR;
				if (!*slug) {
					app_errors_add(errs, "tags", "Thẻ phải có chữ hoặc số.");
					continue;
				}
				int dup = 0;
				for (size_t j = 0; j < c->ntags; j++)
					dup |= !strcmp(c->tag_slugs[j], slug);
				if (dup)
					continue;
				c->tag_slugs[c->ntags] = slug;
				c->tag_names[c->ntags++] = name;
			}
		}
	}
	if (in->has_related) {
		if (in->nrelated > ARTICLE_PINS_MAX) {
			app_errors_add(errs, "related", "Tối đa 10 bài liên quan.");
		} else {
			c->pins = arena_zalloc(ctx->arena, (in->nrelated + 1) * sizeof(int64_t));
			if (!c->pins)
				return APP_ERROR;
			for (size_t i = 0; i < in->nrelated; i++) {
				struct article r;
				int rc = in->related[i] ? article_get_by_slug(ctx->db, ctx->arena, in->related[i], ctx->now, &r)
							: DB_NOTFOUND;
				if (rc == DB_NOTFOUND || (rc == DB_OK && r.id == self)) {
					app_errors_addf(errs, ctx->arena, "related", "Không tìm thấy bài viết '%s'.",
							in->related[i] ? in->related[i] : "");
					continue;
				}
				if (rc < 0)
					return APP_ERROR;
				c->pins[c->npins++] = r.id;
			}
		}
	}
	if (in->has_links) {
		if (in->nlinks > ARTICLE_LINKS_MAX)
			app_errors_add(errs, "links", "Tối đa 20 liên kết.");
		for (size_t i = 0; i < in->nlinks && i < ARTICLE_LINKS_MAX; i++) {
			const char *r = in->link_refs[i];
			if (!is_link_kind(in->link_kinds[i]))
				app_errors_add(errs, "links", "Loại hồ sơ phải là meeting, consultation, model hoặc feedback.");
			else if (!r || !*r || strlen(r) > 64 || vntext_check_length(r, strlen(r), 1, 64) != VNTEXT_OK)
				app_errors_add(errs, "links", "Mã hồ sơ không hợp lệ.");
		}
	}
	return (errs ? errs->n : 0) > before ? APP_VALIDATION : APP_OK;
}

/* A link's ref as the record's page looks it up (view_article_linked()):
 * a feedback code in its canonical form, an id without leading zeros; else
 * as typed. NULL when out of memory. */
static const char *link_ref(const struct app_ctx *ctx, const char *kind, const char *ref)
{
	if (!strcmp(kind, "feedback")) {
		char canon[TRACKCODE_BUFSZ];
		return trackcode_parse(ref, canon) == TRACKCODE_OK ? arena_printf(ctx->arena, "%s", canon) : ref;
	}
	long v;
	if (parse_long_str(ref, 1, LONG_MAX, &v) == 0)
		return arena_printf(ctx->arena, "%ld", v);
	return ref;
}

/* Write tags, pins and links of a checked input (inside the transaction). */
static int write_extras(const struct app_ctx *ctx, int64_t id, const struct article_input *in, const struct checked *c)
{
	int rc = DB_OK;
	if (in->has_tags)
		rc = article_set_tags(ctx->db, id, c->tag_slugs, c->tag_names, c->ntags);
	if (rc >= 0 && in->has_related)
		rc = article_set_pins(ctx->db, id, c->pins, c->npins);
	if (rc >= 0 && in->has_links) {
		size_t n = in->nlinks > ARTICLE_LINKS_MAX ? ARTICLE_LINKS_MAX : in->nlinks;
		const char **refs = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*refs));
		for (size_t i = 0; refs && i < n; i++)
			if (!(refs[i] = link_ref(ctx, in->link_kinds[i], in->link_refs[i])))
				refs = NULL;
		rc = refs ? article_set_links(ctx->db, id, in->link_kinds, refs, n) : DB_ERROR;
	}
	return rc;
}

static int finish(const struct app_ctx *ctx, int rc)
{
	if (rc < 0) {
		db_rollback(ctx->db);
		return rc == DB_CONSTRAINT ? APP_CONFLICT : APP_ERROR;
	}
	if (db_commit(ctx->db) < 0) {
		db_rollback(ctx->db);
		return APP_ERROR;
	}
	return APP_OK;
}

/* --- create ------------------------------------------------------------------------ */

int article_create(const struct app_ctx *ctx, const struct article_input *in, const char **slug,
		   struct app_errors *errs)
{
	struct checked c;
	int rc = check_input(ctx, in, 0, 1, &c, errs);
	if (rc == APP_ERROR)
		return rc;
	struct unit u;
	int urc = in->unit ? unit_get_by_code(ctx->db, ctx->arena, in->unit, &u) : DB_NOTFOUND;
	/* the unit must exist on the article's day (the demo writes the past) */
	if (urc == DB_NOTFOUND || (urc == DB_OK && (ctx->now < u.valid_from || ctx->now >= u.valid_to))) {
		app_errors_add(errs, "unit", in->unit ? "Đơn vị không tồn tại hoặc đã giải thể." : "Vui lòng chọn đơn vị.");
		return APP_VALIDATION;
	}
	if (urc < 0)
		return APP_ERROR;
	if (rc < 0)
		return rc;
	if (!(article_roles(ctx, u.id) & (ROLE_HANDLER | ROLE_LEADER))) {
		app_errors_add(errs, "unit", "Chỉ cán bộ xử lý hoặc lãnh đạo của đơn vị được viết tin.");
		return APP_FORBIDDEN;
	}
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	struct article a = { 0 };
	rc = unique_slug(ctx, c.title, 0, &a.slug);
	if (rc < 0) {
		db_rollback(ctx->db);
		return rc;
	}
	a.title = c.title;
	a.lead = c.lead;
	a.body = c.body;
	a.unit_id = u.id;
	a.author_id = ctx->actor ? ctx->actor->account_id : 0;
	a.status = "draft";
	a.created_at = ctx->now;
	int64_t id = 0;
	rc = article_insert(ctx->db, &a, ctx->now, &id);
	if (rc >= 0)
		rc = write_extras(ctx, id, in, &c);
	if (rc >= 0)
		rc = article_event(ctx->db, id, ctx->now, "create", a.author_id);
	if (rc >= 0) {
		char idb[AUDIT_ID_CHARS];
		rc = audit_append_json_new(ctx->db, ctx->actor, "article.create", "article", audit_id(id, idb),
					   json_pack("{s:s, s:s, s:s}", "slug", a.slug, "title", a.title, "unit", u.code));
	}
	rc = finish(ctx, rc);
	if (rc == APP_OK && slug)
		*slug = a.slug;
	return rc;
}

/* --- events (wf_apply) ---------------------------------------------------------------- */

struct art_scratch {
	struct checked c;
	const char *note;            /* correct: the cleaned note */
	const char *slug_after;      /* the slug after the event */
	int64_t publish_at;          /* save(): the record's publish_at afterwards */
};

/* Before the transaction: the fields of edit and correct, the note. */
static int art_check(struct wf_call *c)
{
	const struct article_action *act = c->input;
	struct art_scratch *sc = c->scratch;
	if (c->event != ART_EV_EDIT && c->event != ART_EV_CORRECT)
		return APP_OK;
	int rc = check_input(c->ctx, &act->in, 0, 0, &sc->c, c->errs);
	if (rc == APP_ERROR)
		return rc;
	if (c->event == ART_EV_CORRECT) {
		sc->note = clean(c->ctx, act->note ? act->note : "", VNTEXT_MULTILINE, 5, 2000, "note",
				 "Vui lòng nêu nội dung đính chính (5-2.000 ký tự).", c->errs);
		if (!sc->note && !app_errors_get(c->errs, "note"))
			return APP_ERROR;
	}
	return APP_OK;
}

static int art_load(struct wf_call *c, const char *key)
{
	struct article *a = arena_alloc(c->ctx->arena, sizeof(*a));
	char idb[AUDIT_ID_CHARS];
	if (!a)
		return APP_ERROR;
	int rc = key ? article_get_by_slug(c->ctx->db, c->ctx->arena, key, c->ctx->now, a) : DB_NOTFOUND;
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0 || (c->status = status_index(a->status)) < 0)
		return APP_ERROR;
	c->record = a;
	c->scope_unit = a->unit_id;
	c->is_public = a->public_now;
	c->object = arena_strdup(c->ctx->arena, audit_id(a->id, idb));
	struct art_scratch *sc = c->scratch;
	sc->slug_after = a->slug;
	sc->publish_at = a->publish_at;
	return c->object ? APP_OK : APP_ERROR;
}

/* publish: now, or at a later time (then the article is scheduled). */
static int art_publish(struct wf_call *c)
{
	const struct article_action *act = c->input;
	struct art_scratch *sc = c->scratch;
	int64_t now = c->ctx->now;
	sc->publish_at = act->publish_at > now ? act->publish_at : now;
	if (sc->publish_at > now) {
		c->next = ART_SCHEDULED;
		json_t *st = json_pack("[ss]", art_statuses[c->status], art_statuses[c->next]);
		if (!st || json_object_set_new(c->summary, "status", st) < 0)
			return APP_ERROR;
	}
	return json_object_set_new(c->summary, "publish_at", json_integer(sc->publish_at)) < 0 ? APP_ERROR : APP_OK;
}

/* edit and correct: the text (a new title moves the slug), tags, pins,
 * links; correct also logs the correction with the text before. */
static int art_text(struct wf_call *c)
{
	const struct app_ctx *ctx = c->ctx;
	const struct article_action *act = c->input;
	struct art_scratch *sc = c->scratch;
	const struct article *a = c->record;
	for (size_t i = 0; i < sc->c.npins; i++)
		if (sc->c.pins[i] == a->id) {
			app_errors_add(c->errs, "related", "Bài viết không thể liên quan đến chính nó.");
			return APP_VALIDATION;
		}
	const char *ns = NULL;
	if (sc->c.title && strcmp(sc->c.title, a->title)) {
		int rc = unique_slug(ctx, sc->c.title, a->id, &ns);
		if (rc < 0)
			return rc;
		if (!strcmp(ns, a->slug))
			ns = NULL;
	}
	int rc = DB_OK;
	if (c->event == ART_EV_CORRECT) {
		rc = article_correction_insert(ctx->db, a->id, ctx->now, ctx->actor ? ctx->actor->account_id : 0, sc->note,
					       sc->c.title ? a->title : NULL, sc->c.lead ? a->lead : NULL,
					       sc->c.body ? a->body : NULL);
		if (rc >= 0 && json_object_set_new(c->summary, "note", json_string(sc->note)) < 0)
			rc = DB_ERROR;
	}
	if (rc >= 0)
		rc = article_update_text(ctx->db, a->id, ns, sc->c.title, sc->c.lead, sc->c.body, ctx->now);
	if (rc >= 0)
		rc = write_extras(ctx, a->id, &act->in, &sc->c);
	if (rc >= 0 && ns) {
		sc->slug_after = ns;
		if (json_object_set_new(c->summary, "slug", json_pack("[ss]", a->slug, ns)) < 0)
			rc = DB_ERROR;
	}
	return rc < 0 ? (rc == DB_CONSTRAINT ? APP_CONFLICT : APP_ERROR) : APP_OK;
}

static int art_save(struct wf_call *c)
{
	const struct article *a = c->record;
	const struct art_scratch *sc = c->scratch;
	int rc = article_set_status(c->ctx->db, a->id, art_statuses[c->next], sc->publish_at, c->ctx->now);
	if (rc >= 0)
		rc = article_event(c->ctx->db, a->id, c->ctx->now, c->ev->name,
				   c->ctx->actor ? c->ctx->actor->account_id : 0);
	return rc < 0 ? APP_ERROR : APP_OK;
}

int article_apply(const struct app_ctx *ctx, const char *slug, const struct article_action *act,
		  const char **new_slug, struct app_errors *errs)
{
	struct art_scratch sc;
	memset(&sc, 0, sizeof(sc));
	int rc = wf_apply(ctx, &art_domain, slug, act->type, act, &sc, errs);
	if (rc == APP_OK && new_slug)
		*new_slug = sc.slug_after;
	return rc;
}

/* Images of the article in the HTML get their width and height: cmark's
 * safe output writes every image as <img src="URL" alt="..." />, and the
 * text of the document can never produce "<img" itself (it is escaped). */
static const char *size_images(const struct app_ctx *ctx, const char *html, const struct article_image *im, size_t n)
{
	if (!n)
		return html;
	struct sbuf *sb = arena_sbuf(ctx->arena, 4 * strlen(html) + 4096);
	if (!sb)
		return html;
	static const char pat[] = "<img src=\"/tin-tuc/anh/";
	const char *p = html;
	int ok = 1;
	while (ok) {
		const char *m = strstr(p, pat);
		if (!m) {
			ok = sbuf_addstr(sb, p) == 0;
			break;
		}
		const char *d = m + sizeof(pat) - 1;
		int64_t id = 0;
		const char *e = d;
		while (*e >= '0' && *e <= '9' && e - d < 18)
			id = id * 10 + (*e++ - '0');
		ok = sbuf_add(sb, p, (size_t)(e - p)) == 0;
		p = e;
		if (!ok || *e != '"')
			continue;
		for (size_t i = 0; i < n; i++)
			if (im[i].id == id) {
				ok = sbuf_addf(sb, "\" width=\"%lld\" height=\"%lld\" loading=\"lazy", (long long)im[i].width,
					       (long long)im[i].height) == 0;
				break;
			}
	}
	return ok && sbuf_ok(sb) ? sb->buf : html;
}

int article_get(const struct app_ctx *ctx, const char *slug, struct article_full *out, const char **moved_to)
{
	memset(out, 0, sizeof(*out));
	if (moved_to)
		*moved_to = NULL;
	int rc = slug ? article_get_by_slug(ctx->db, ctx->arena, slug, ctx->now, &out->a) : DB_NOTFOUND;
	if (rc == DB_NOTFOUND && slug) {
		const char *cur = NULL;
		rc = article_slug_moved(ctx->db, ctx->arena, slug, &cur);
		if (rc == DB_OK && moved_to) {
			*moved_to = cur;
			return APP_OK;
		}
		return rc == DB_NOTFOUND ? APP_NOT_FOUND : APP_ERROR;
	}
	if (rc < 0)
		return APP_ERROR;
	struct article *a = &out->a;
	out->roles = ctx->actor && ctx->actor->account_id ? article_roles(ctx, a->unit_id) : 0;
	out->officer_view = out->roles != 0;
	if (!a->public_now && !out->officer_view)
		return APP_NOT_FOUND;
	if (article_tags(ctx->db, ctx->arena, a->id, &out->tags, &out->ntags) < 0 ||
	    article_corrections(ctx->db, ctx->arena, a->id, &out->corrections, &out->ncorrections) < 0 ||
	    article_links(ctx->db, ctx->arena, a->id, &out->links, &out->nlinks) < 0 ||
	    article_images(ctx->db, ctx->arena, a->id, &out->images, &out->nimages) < 0 ||
	    article_pins(ctx->db, ctx->arena, a->id, &out->pins) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < out->nimages; i++)
		if (out->images[i].id == a->image_id)
			out->image = out->images[i];
	char *html = NULL;
	if (markdown_html(ctx->arena, a->body, strlen(a->body), &html) < 0)
		return APP_ERROR;
	out->body_html = size_images(ctx, html, out->images, out->nimages);
	if (a->lead && *a->lead) {
		out->description = a->lead;
	} else {
		char *t = NULL;
		if (markdown_text(ctx->arena, a->body, strlen(a->body), 300, &t) < 0)
			return APP_ERROR;
		out->description = t;
	}
	if (article_related(ctx, a, ARTICLE_RELATED, &out->related) < 0)
		return APP_ERROR;
	/* "Tin khác": the unit's latest, other than this one and the related */
	int64_t *ex = arena_alloc(ctx->arena, (out->related.n + 1) * sizeof(int64_t));
	if (!ex)
		return APP_ERROR;
	ex[0] = a->id;
	for (size_t i = 0; i < out->related.n; i++)
		ex[i + 1] = out->related.items[i].id;
	struct article_filter f = { .now = ctx->now, .public_only = 1, .units = &a->unit_id, .nunits = 1,
				    .exclude = ex, .nexclude = out->related.n + 1, .limit = ARTICLE_LATEST };
	if (article_list(ctx->db, ctx->arena, &f, &out->latest) < 0)
		return APP_ERROR;
	return APP_OK;
}

/* --- related -------------------------------------------------------------------------------- */

static const char *const stop[] = { "va", "cua", "cac", "la", "cho", "tai", "voi", "trong", "nhung", "duoc",
				    "mot", "nay", "tu", "den", "ve", "de", "co", "khong", "nam", "ngay", "thi",
				    "o", "do", "the", "nhu", "theo", "sau", "truoc", "tren", "duoi", NULL };

static int is_stop(const char *w, size_t n)
{
	for (size_t i = 0; stop[i]; i++)
		if (strlen(stop[i]) == n && !memcmp(stop[i], w, n))
			return 1;
	return 0;
}

#define MAX_BIGRAMS 24

struct bigrams {
	const char *w[MAX_BIGRAMS][2];
	size_t len[MAX_BIGRAMS][2];
	size_t n;
};

/* The two-word phrases of a folded text (both words not stop words). */
static void bigrams_of(const char *key, struct bigrams *b)
{
	b->n = 0;
	const char *prev = NULL;
	size_t plen = 0;
	const char *p = key;
	while (*p && b->n < MAX_BIGRAMS) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			break;
		if (prev && !(is_stop(prev, plen) && is_stop(w, n)) && !is_stop(prev, plen) && !is_stop(w, n)) {
			int dup = 0;
			for (size_t i = 0; i < b->n; i++)
				dup |= b->len[i][0] == plen && b->len[i][1] == n && !memcmp(b->w[i][0], prev, plen) &&
				       !memcmp(b->w[i][1], w, n);
			if (!dup) {
				b->w[b->n][0] = prev;
				b->len[b->n][0] = plen;
				b->w[b->n][1] = w;
				b->len[b->n][1] = n;
				b->n++;
			}
		}
		prev = w;
		plen = n;
	}
}

/* How many of b's phrases occur in the folded text `key`. */
static size_t shared(const struct bigrams *b, const char *key)
{
	struct bigrams o;
	bigrams_of(key, &o);
	size_t n = 0;
	for (size_t i = 0; i < b->n; i++)
		for (size_t j = 0; j < o.n; j++)
			if (b->len[i][0] == o.len[j][0] && b->len[i][1] == o.len[j][1] &&
			    !memcmp(b->w[i][0], o.w[j][0], o.len[j][0]) && !memcmp(b->w[i][1], o.w[j][1], o.len[j][1])) {
				n++;
				break;
			}
	return n;
}

static int add_unique(struct article_list *out, size_t max, const struct article *r, int64_t self)
{
	if (out->n >= max || r->id == self || !r->public_now)
		return 0;
	for (size_t i = 0; i < out->n; i++)
		if (out->items[i].id == r->id)
			return 0;
	out->items[out->n++] = *r;
	return 1;
}

static int64_t *ids_of(struct arena *a, const struct article_list *l, int64_t self, size_t *n)
{
	int64_t *ids = arena_alloc(a, (l->n + 1) * sizeof(int64_t));
	if (!ids)
		return NULL;
	ids[0] = self;
	for (size_t i = 0; i < l->n; i++)
		ids[i + 1] = l->items[i].id;
	*n = l->n + 1;
	return ids;
}

/* Text similarity: candidates from the index sharing a phrase of the
 * title, kept when they share at least two (title and lead). */
static int by_text(const struct app_ctx *ctx, const struct article *art, size_t max, struct article_list *out)
{
	char *key = NULL;
	const char *src = arena_printf(ctx->arena, "%s %s", art->title, art->lead ? art->lead : "");
	if (!src || vntext_fold(ctx->arena, src, strlen(src), &key, NULL) != VNTEXT_OK)
		return APP_ERROR;
	struct bigrams b;
	bigrams_of(key, &b);
	if (b.n < 2)
		return APP_OK;
	int pg = db_is_pg(ctx->db);
	struct sbuf *m = arena_sbuf(ctx->arena, 4096);
	if (!m)
		return APP_ERROR;
	int ok = sbuf_addstr(m, pg ? "" : "{title body} : (") == 0;
	for (size_t i = 0; ok && i < b.n; i++)
		ok = (pg ? sbuf_addf(m, "%s'%.*s' <-> '%.*s'", i ? " | " : "", (int)b.len[i][0], b.w[i][0],
				     (int)b.len[i][1], b.w[i][1])
			 : sbuf_addf(m, "%s\"%.*s %.*s\"", i ? " OR " : "", (int)b.len[i][0], b.w[i][0],
				     (int)b.len[i][1], b.w[i][1])) == 0;
	if (ok && !pg)
		ok = sbuf_addstr(m, ")") == 0;
	if (!ok)
		return APP_ERROR;
	size_t nex = 0;
	int64_t *ex = ids_of(ctx->arena, out, art->id, &nex);
	if (!ex)
		return APP_ERROR;
	struct article_filter f = { .now = ctx->now, .public_only = 1, .match = m->buf, .exclude = ex,
				    .nexclude = nex, .limit = 50 };
	struct article_list cand;
	if (article_list(ctx->db, ctx->arena, &f, &cand) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < cand.n && out->n < max; i++) {
		char *ck = NULL;
		const char *t = arena_printf(ctx->arena, "%s %s", cand.items[i].title, cand.items[i].lead);
		if (!t || vntext_fold(ctx->arena, t, strlen(t), &ck, NULL) != VNTEXT_OK)
			return APP_ERROR;
		if (shared(&b, ck) >= 2)
			add_unique(out, max, &cand.items[i], art->id);
	}
	return APP_OK;
}

int article_related(const struct app_ctx *ctx, const struct article *art, size_t max, struct article_list *out)
{
	memset(out, 0, sizeof(*out));
	out->items = arena_zalloc(ctx->arena, (max + 1) * sizeof(struct article));
	if (!out->items)
		return APP_ERROR;
	/* 1. pinned by an editor */
	struct article_list l;
	if (article_pins(ctx->db, ctx->arena, art->id, &l) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < l.n; i++) {
		struct article *r = &l.items[i];
		r->public_now = (!strcmp(r->status, "published") || !strcmp(r->status, "scheduled")) &&
				r->publish_at && r->publish_at <= ctx->now;
		add_unique(out, max, r, art->id);
	}
	/* 2. sharing tags */
	size_t nex = 0;
	int64_t *ex;
	if (out->n < max) {
		if (!(ex = ids_of(ctx->arena, out, art->id, &nex)) ||
		    article_by_shared_tags(ctx->db, ctx->arena, art->id, ctx->now, ex, nex, max - out->n, &l) < 0)
			return APP_ERROR;
		for (size_t i = 0; i < l.n; i++)
			add_unique(out, max, &l.items[i], art->id);
	}
	/* 3. the same unit and its parents */
	if (out->n < max) {
		struct unit_list anc;
		if (unit_ancestors(ctx->db, ctx->arena, art->unit_id, &anc) < 0)
			return APP_ERROR;
		int64_t *units = arena_alloc(ctx->arena, (anc.n + 1) * sizeof(int64_t));
		if (!units || !(ex = ids_of(ctx->arena, out, art->id, &nex)))
			return APP_ERROR;
		units[0] = art->unit_id;
		for (size_t i = 0; i < anc.n; i++)
			units[i + 1] = anc.items[i].id;
		struct article_filter f = { .now = ctx->now, .public_only = 1, .units = units, .nunits = anc.n + 1,
					    .exclude = ex, .nexclude = nex, .limit = (int64_t)(max - out->n) };
		if (article_list(ctx->db, ctx->arena, &f, &l) < 0)
			return APP_ERROR;
		for (size_t i = 0; i < l.n; i++)
			add_unique(out, max, &l.items[i], art->id);
	}
	/* 4. similar text */
	if (out->n < max && by_text(ctx, art, max, out) < 0)
		return APP_ERROR;
	out->total = (int64_t)out->n;
	return APP_OK;
}

/* --- lists --------------------------------------------------------------------------------- */

int article_find(const struct app_ctx *ctx, const struct article_query *q, struct article_page *out)
{
	memset(out, 0, sizeof(*out));
	out->page = q->page > 0 ? q->page : 1;
	out->per_page = q->per_page > 0 ? (q->per_page > 100 ? 100 : q->per_page) : 20;
	struct article_filter f = { .now = ctx->now, .public_only = 1, .tag = q->tag, .status = q->status,
				    .offset = (out->page - 1) * out->per_page, .limit = out->per_page };
	if (out->page > 1000)
		return APP_PAGE_RANGE;
	int64_t *scope = NULL;
	size_t nscope = 0;
	if (q->officer && ctx->actor && ctx->actor->account_id) {
		if (perm_units(ctx->db, ctx->arena, ctx->actor->account_id, ROLE_ALL, 0, &scope, &nscope) < 0)
			return APP_ERROR;
		if (nscope) {
			f.public_only = 0;
			f.scope = scope;
			f.nscope = nscope;
		}
	}
	if (q->unit && *q->unit) {
		struct unit u;
		int rc = unit_get_by_code(ctx->db, ctx->arena, q->unit, &u);
		if (rc == DB_NOTFOUND)
			return APP_OK;
		if (rc < 0)
			return APP_ERROR;
		struct unit_list d;
		if (unit_descendants(ctx->db, ctx->arena, u.id, 0, &d) < 0)
			return APP_ERROR;
		int64_t *ids = arena_alloc(ctx->arena, (d.n + 1) * sizeof(int64_t));
		if (!ids)
			return APP_ERROR;
		ids[0] = u.id;
		size_t n = 1;
		for (size_t i = 0; i < d.n; i++)
			if (d.items[i].id != u.id)
				ids[n++] = d.items[i].id;
		f.units = ids;
		f.nunits = n;
	}
	struct search_query sq = { 0 };
	if (q->q && *q->q) {
		if (search_query_parse(ctx->arena, q->q, strlen(q->q), &sq) == SEARCH_NOMEM)
			return APP_ERROR;
		if (sq.match) {
			f.match = db_is_pg(ctx->db) ? sq.tsquery_public : sq.match_public;
			out->searched = 1;
		}
	}
	if (article_list(ctx->db, ctx->arena, &f, &out->list) < 0)
		return APP_ERROR;
	if (out->searched) {
		out->title_html = arena_zalloc(ctx->arena, (out->list.n + 1) * sizeof(char *));
		out->snippet_html = arena_zalloc(ctx->arena, (out->list.n + 1) * sizeof(char *));
		if (!out->title_html || !out->snippet_html)
			return APP_ERROR;
		for (size_t i = 0; i < out->list.n; i++) {
			const struct article *r = &out->list.items[i];
			char *t = NULL, *s = NULL;
			if (search_highlight_html(ctx->arena, r->title, strlen(r->title), &sq, &t) < 0 ||
			    search_snippet_html(ctx->arena, r->lead, strlen(r->lead), &sq, SEARCH_SNIPPET_CHARS, &s,
						NULL) < 0)
				return APP_ERROR;
			out->title_html[i] = t;
			out->snippet_html[i] = s;
		}
	}
	return APP_OK;
}

/* --- images -------------------------------------------------------------------------------- */

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) { return be16(p) << 16 | be16(p + 2); }
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t le24(const unsigned char *p) { return (uint32_t)p[2] << 16 | le16(p); }

int article_image_size(const void *data, size_t len, const char *mime, int64_t *w, int64_t *h)
{
	const unsigned char *p = data;
	*w = *h = 0;
	if (!mime)
		return -1;
	if (!strcmp(mime, "image/png") && len >= 24 && !memcmp(p + 12, "IHDR", 4)) {
		*w = be32(p + 16);
		*h = be32(p + 20);
	} else if (!strcmp(mime, "image/gif") && len >= 10) {
		*w = le16(p + 6);
		*h = le16(p + 8);
	} else if (!strcmp(mime, "image/webp") && len >= 30) {
		if (!memcmp(p + 12, "VP8 ", 4) && len >= 30) {
			*w = le16(p + 26) & 0x3fff;
			*h = le16(p + 28) & 0x3fff;
		} else if (!memcmp(p + 12, "VP8L", 4) && len >= 25) {
			uint32_t b = (uint32_t)p[21] | (uint32_t)p[22] << 8 | (uint32_t)p[23] << 16 | (uint32_t)p[24] << 24;
			*w = (b & 0x3fff) + 1;
			*h = ((b >> 14) & 0x3fff) + 1;
		} else if (!memcmp(p + 12, "VP8X", 4)) {
			*w = le24(p + 24) + 1;
			*h = le24(p + 27) + 1;
		}
	} else if (!strcmp(mime, "image/jpeg")) {
		size_t i = 2;
		while (i + 9 < len) {
			if (p[i] != 0xFF) {
				i++;
				continue;
			}
			unsigned m = p[i + 1];
			if (m == 0xFF) {
				i++;
				continue;
			}
			if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
				i += 2;
				continue;
			}
			uint32_t seg = be16(p + i + 2);
			if ((m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				*h = be16(p + i + 5);
				*w = be16(p + i + 7);
				break;
			}
			if (seg < 2)
				break;
			i += 2 + seg;
		}
	}
	return *w > 0 && *h > 0 && *w <= 100000 && *h <= 100000 ? 0 : -1;
}

int article_image_add(const struct app_ctx *ctx, const char *slug, const void *data, size_t len,
		      const char *alt, int64_t *id, struct app_errors *errs)
{
	struct article a;
	int rc = slug ? article_get_by_slug(ctx->db, ctx->arena, slug, ctx->now, &a) : DB_NOTFOUND;
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	unsigned roles = article_roles(ctx, a.unit_id);
	if (!roles && !a.public_now)
		return APP_NOT_FOUND;
	if (!(roles & (ROLE_HANDLER | ROLE_LEADER)))
		return APP_FORBIDDEN;
	if (!len) {
		app_errors_add(errs, "image", "Vui lòng chọn ảnh.");
		return APP_VALIDATION;
	}
	if (len > ARTICLE_IMAGE_MAX)
		return APP_TOO_LARGE;
	const char *mime = attachment_sniff(data, len);
	if (!mime || strncmp(mime, "image/", 6)) {
		app_errors_add(errs, "image", "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.");
		return APP_UNSUPPORTED;
	}
	int64_t w = 0, h = 0;
	if (article_image_size(data, len, mime, &w, &h) < 0) {
		app_errors_add(errs, "image", "Không đọc được kích thước ảnh.");
		return APP_VALIDATION;
	}
	const char *alt_c = clean(ctx, alt ? alt : "", VNTEXT_SINGLELINE, 0, 200, "alt", "Mô tả ảnh tối đa 200 ký tự.", errs);
	if (!alt_c)
		return app_errors_get(errs, "alt") ? APP_VALIDATION : APP_ERROR;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	rc = article_image_insert(ctx->db, a.id, a.unit_id, mime, w, h, alt_c, data, len, ctx->now,
				  ctx->actor ? ctx->actor->account_id : 0, id);
	/* the first image becomes the article's lead image */
	if (rc >= 0 && !a.image_id) {
		struct db_stmt *st = db_prepare(ctx->db, "UPDATE articles SET image_id = $2 WHERE id = $1");
		rc = st ? DB_OK : DB_ERROR;
		if (st) {
			db_bind_int(st, 1, a.id);
			db_bind_int(st, 2, *id);
			rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
			db_done(st);
		}
	}
	if (rc >= 0)
		rc = article_event(ctx->db, a.id, ctx->now, "image", ctx->actor ? ctx->actor->account_id : 0);
	if (rc >= 0) {
		char idb[AUDIT_ID_CHARS];
		rc = audit_append_json_new(ctx->db, ctx->actor, "article.image", "article", audit_id(a.id, idb),
					   json_pack("{s:I, s:s, s:I, s:I, s:I}", "image", (json_int_t)*id, "mime", mime,
						     "width", (json_int_t)w, "height", (json_int_t)h, "size", (json_int_t)len));
	}
	return finish(ctx, rc);
}

int article_image_read(const struct app_ctx *ctx, int64_t id, struct article_image *out)
{
	int64_t owner = 0;
	int rc = article_image_owner(ctx->db, id, &owner);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !owner))
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	struct article a;
	rc = article_get_by_id(ctx->db, ctx->arena, owner, ctx->now, &a);
	if (rc < 0)
		return rc == DB_NOTFOUND ? APP_NOT_FOUND : APP_ERROR;
	if (!a.public_now && !(ctx->actor && ctx->actor->account_id && article_roles(ctx, a.unit_id)))
		return APP_NOT_FOUND;
	rc = article_image_get(ctx->db, ctx->arena, id, out);
	return rc == DB_NOTFOUND ? APP_NOT_FOUND : rc < 0 ? APP_ERROR : APP_OK;
}
