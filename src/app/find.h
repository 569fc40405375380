/*
 * find.h - one search over every kind of record (GET /api/v1/search,
 * /tim-kiem): a small table of kinds, each with the function that searches
 * it with that kind's own visibility rules (feedback: the public list, or
 * an officer's inbox; articles: public ones, or those in reach). Every
 * kind folds and highlights as the feedback search does (store/search.h,
 * app/search.h). A new kind (meeting, consultation, model) is one more row
 * of find_kinds[] in app/find.c and one function (docs/search.md).
 */
#ifndef DANVAN_APP_FIND_H
#define DANVAN_APP_FIND_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"

struct find_item {
	const char *kind;          /* "feedback", "article", ... */
	const char *id;            /* the record's public id (a code, a slug) */
	const char *title;         /* plain */
	const char *title_html;    /* escaped, query words in <mark> */
	const char *snippet_html;  /* escaped, query words in <mark>; may be "" */
	const char *url;           /* its page */
	int64_t at;                /* its date (published, received), 0 when none */
};

struct find_result {
	struct find_item *items;
	size_t n;
	int64_t total;             /* over every kind searched */
	int searched;              /* the text held words */
};

/* One kind: its name in the API, its label for pages and its search. */
struct find_kind {
	const char *name;
	const char *label;
	/* A page (1..) of per_page results of this kind, appended to out
	 * (out->items has room for per_page more); *total its count. */
	int (*run)(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
		   struct find_result *out, int64_t *total);
};

extern const struct find_kind find_kinds[];
extern const size_t find_nkinds;

/* The row of a kind name, or NULL. */
const struct find_kind *find_kind_by_name(const char *name);

/*
 * Search `q` in one kind (kind non-NULL) or in every kind (NULL: page
 * `page` of each kind, up to per_page each, in table order). officer: the
 * actor's own visibility (an officer's token); else the public's. Text with
 * no word: an empty result (searched 0). Returns APP_OK, APP_ERROR.
 */
int find_search(const struct app_ctx *ctx, const char *q, const struct find_kind *kind, int officer, int64_t page,
		int64_t per_page, struct find_result *out);

#endif
