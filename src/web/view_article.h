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

#endif
