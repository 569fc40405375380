/*
 * view_article.h - articles as JSON for both outputs (the API's shapes of
 * API.md "News", and the templates' data): a summary in a list, a whole
 * article with its tags, corrections, related and latest articles.
 *
 * OWNERSHIP. New references the caller owns; strings copied. Any worker
 * thread. NULL when out of memory.
 */
#ifndef DANVAN_WEB_VIEW_ARTICLE_H
#define DANVAN_WEB_VIEW_ARTICLE_H

#include <jansson.h>

#include "app/article.h"
#include "web/view.h"

/* One article in a list; title_html/snippet_html (may be NULL) when it is
 * a search result. Officers (`officer`) also see its status. */
json_t *view_article_summary(const struct article *a, enum view_dialect d, const char *title_html,
			     const char *snippet_html, int officer);
/* A page of articles: {"items", "page", "per_page", "total"}. */
json_t *view_article_page(const struct article_page *p, enum view_dialect d, int officer);
/* The whole article as its viewer may see it. */
json_t *view_article_full(const struct article_full *f, enum view_dialect d);

/* At most this many articles in a record's "Bài viết liên quan". */
#define VIEW_ARTICLE_LINKED_MAX 5

struct db;
struct arena;

/*
 * "Bài viết liên quan" of a danvan record's public page: sets d["news_links"]
 * to [{slug, title, published_at}] of the articles public at `now` that link
 * to (kind, ref) (store/article.h article_linking(), newest first), and sets
 * nothing when there are none; templates/partials/news_links.html renders
 * it. kind: "meeting", "consultation", "model" or "feedback"; ref: the
 * record's public id (a decimal id, a canonical tracking code). A page that
 * caches its HTML must key it by the news stamp too (article_stamp()), as
 * publishing, unpublishing or correcting a linked article changes the block.
 * Returns 0, or -1 on a database error or out of memory (d unchanged).
 */
int view_article_linked(json_t *d, struct db *db, struct arena *a, const char *kind, const char *ref, int64_t now);

#endif
