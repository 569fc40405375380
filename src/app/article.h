/*
 * article.h - the rules of news (tin tức): who writes and publishes
 * articles, their statuses, Vietnamese slugs, corrections, related
 * articles, images. SQL in store/article.h; docs/news.md.
 *
 * STATUSES (the wf_domain table art_events in app/article.c, applied by
 * wf_apply() of app/workflow.h; checked by tests/unit/test_article.c):
 *   draft --publish--> published (publish_at <= now) | scheduled (later)
 *   published/scheduled --unpublish--> unpublished --publish--> ...
 *   scheduled --publish--> published/scheduled (a new time)
 *   draft/unpublished --edit--> the same (free edits before publication)
 *   published/scheduled --correct--> the same, logged as "Đính chính"
 * Anything else is APP_INVALID_TRANSITION. The public sees an article
 * whose status is published or scheduled once publish_at has come.
 *
 * ROLES. Creating and editing: handler or leader of the article's unit (or
 * an ancestor of it); publish, unpublish and correct: leader. An officer
 * with any role in reach of the unit sees drafts (404 for others, 403 for
 * what is seen but not allowed). The system actor (account 0: the command
 * line, the demo) is not checked.
 *
 * SLUGS. The title folded (core/vntext.h: no case, no diacritics, đ -> d),
 * words joined by '-', at most ARTICLE_SLUG_MAX bytes at a word boundary,
 * "-2", "-3"... when taken. A new title gives a new slug; the old one keeps
 * answering (app: article_get() reports `moved_to`, pages answer 301).
 *
 * Every write is one transaction with its audit entry ("article.create",
 * "article.publish", ...). Strings returned live in ctx->arena.
 */
#ifndef DANVAN_APP_ARTICLE_H
#define DANVAN_APP_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"
#include "store/article.h"

#define ARTICLE_TITLE_MAX 200
#define ARTICLE_LEAD_MAX 600
#define ARTICLE_BODY_MAX 100000
#define ARTICLE_TAGS_MAX 10
#define ARTICLE_PINS_MAX 10
#define ARTICLE_LINKS_MAX 20
#define ARTICLE_RELATED 5
#define ARTICLE_LATEST 5
#define ARTICLE_IMAGE_MAX (5 * 1024 * 1024)

struct article_input {
	const char *title, *lead, *body;   /* body: CommonMark */
	const char *unit;                  /* unit code (create only) */
	const char *const *tags;           /* tag names; NULL with has_tags 0: keep */
	size_t ntags;
	int has_tags;
	const char *const *related;        /* slugs of pinned related articles */
	size_t nrelated;
	int has_related;
	const char *const *link_kinds;     /* "meeting", "consultation", "model", "feedback" */
	const char *const *link_refs;
	size_t nlinks;
	int has_links;
};

enum article_event {
	ART_EV_PUBLISH,
	ART_EV_UNPUBLISH,
	ART_EV_EDIT,
	ART_EV_CORRECT,
	ART_EV_COUNT
};
/* "publish" -> ART_EV_PUBLISH; -1 when unknown. */
int article_event_parse(const char *name);
const char *article_event_name(int ev);
/* The next status of `status` under `ev`, or NULL when not allowed
 * (publish answers "published"; the caller makes it "scheduled" for a
 * later time). */
const char *article_next_status(const char *status, int ev);
/* The role bits an event needs (app/perm.h). */
unsigned article_event_roles(int ev);
/* Vietnamese label of a status ("Bản nháp", "Đã đăng"...). */
const char *article_status_label(const char *status);

/* The slug of a title into the arena ("" when nothing is left). */
int article_slugify(struct arena *a, const char *title, char **slug);

/*
 * Create a draft. Validation (APP_VALIDATION, field errors): title 5-200
 * characters, lead up to 600, body up to 100,000 (CommonMark), unit an
 * unit that exists at ctx->now, tags at most 10 of 2-60 characters, related slugs of
 * existing articles, links of known kinds. APP_FORBIDDEN ("unit") when the
 * actor is not handler or leader there. *slug the new slug.
 */
int article_create(const struct app_ctx *ctx, const struct article_input *in, const char **slug,
		   struct app_errors *errs);

struct article_action {
	int type;                          /* enum article_event */
	int64_t publish_at;                /* publish: 0 = now */
	const char *note;                  /* correct: what was wrong (required) */
	struct article_input in;           /* edit, correct: fields to change (NULL: keep) */
};
/*
 * Apply an event to the article with this slug (current slug only), by
 * wf_apply(): the checks in its order (app/workflow.h), one transaction
 * with the article_events row and the audit entry "article.<event>".
 * APP_NOT_FOUND, APP_FORBIDDEN, APP_INVALID_TRANSITION, APP_VALIDATION.
 * Officers only: the system actor holds no role (the demo publishes by
 * its own means, app/article_demo.c).
 * *slug (may be NULL) is the slug afterwards (a new title moves it).
 */
int article_apply(const struct app_ctx *ctx, const char *slug, const struct article_action *act,
		  const char **new_slug, struct app_errors *errs);

/* What may the actor do with an article: ROLE_* bits held in its unit. */
unsigned article_roles(const struct app_ctx *ctx, int64_t unit_id);

struct article_full {
	struct article a;
	const char *body_html;             /* safe HTML (core/markdown.h), images with sizes */
	const char *description;           /* lead, or the body's first words, as text */
	struct article_tag *tags;
	size_t ntags;
	struct article_correction *corrections;
	size_t ncorrections;
	struct article_link *links;
	size_t nlinks;
	struct article_list pins;          /* pinned (slugs), for editors */
	struct article_list related;       /* "Có thể bạn quan tâm" */
	struct article_list latest;        /* "Tin khác": the unit's latest */
	struct article_image image;        /* the lead image (id 0: none) */
	struct article_image *images;      /* every image of the article */
	size_t nimages;
	unsigned roles;                    /* the viewer's roles in the unit */
	int officer_view;                  /* the viewer may see it unpublished */
};

/*
 * One article as the caller may see it: the public sees it only while
 * public; officers in reach also as a draft or unpublished. An old slug:
 * APP_OK with *moved_to the current slug (and nothing else filled).
 * APP_NOT_FOUND otherwise.
 */
int article_get(const struct app_ctx *ctx, const char *slug, struct article_full *out, const char **moved_to);

/*
 * "Có thể bạn quan tâm", at most max, public ones only, in this order:
 * pinned by an editor, sharing tags (most shared first), of the same unit
 * or one of its parents (newest first), then similar by text (the search
 * index: articles sharing at least two two-word phrases of the title).
 * Never padded with unrelated articles: fewer when there are no more.
 */
int article_related(const struct app_ctx *ctx, const struct article *art, size_t max, struct article_list *out);

struct article_query {
	const char *tag, *unit, *q, *status;
	int64_t page, per_page;
	int officer;                       /* include what the actor's roles reach */
};
struct article_page {
	struct article_list list;
	int64_t page, per_page;
	const char **title_html;           /* with q: highlighted titles (n of them) */
	const char **snippet_html;         /* with q: highlighted snippets */
	int searched;
};
/* A page of articles, newest first (best first with q). Unknown tag or
 * unit: an empty page. */
int article_find(const struct app_ctx *ctx, const struct article_query *f, struct article_page *out);

/*
 * Store an image for an article (or for the unit, article NULL): the type
 * comes from the bytes (JPEG, PNG, WebP, GIF; APP_UNSUPPORTED otherwise),
 * width and height from its header (APP_VALIDATION "image" when they
 * cannot be read), at most ARTICLE_IMAGE_MAX bytes (APP_TOO_LARGE).
 * Handler or leader of the article's unit. *id the new image's id.
 */
int article_image_add(const struct app_ctx *ctx, const char *slug, const void *data, size_t len,
		      const char *alt, int64_t *id, struct app_errors *errs);
/* Width and height of a JPEG, PNG, GIF or WebP: 0, or -1 when unreadable. */
int article_image_size(const void *data, size_t len, const char *mime, int64_t *w, int64_t *h);
/* An image for serving: public when its article is public now (or an
 * officer in reach asks). APP_NOT_FOUND otherwise. */
int article_image_read(const struct app_ctx *ctx, int64_t id, struct article_image *out);

#endif
