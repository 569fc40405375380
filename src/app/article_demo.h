/*
 * article_demo.h - the demo's news: thirty-odd articles of the Hoàn Kiếm
 * units from 2019 to 2026, each written by a unit that existed on its day
 * (the district and its wards before 1/7/2025, phường Hoàn Kiếm after),
 * through app/article.h (drafted, then published on their date), among
 * them the ward's conference reviewing 10 years of Resolution 25 and
 * Decision 218 with its related articles pinned and tagged.
 */
#ifndef DANVAN_APP_ARTICLE_DEMO_H
#define DANVAN_APP_ARTICLE_DEMO_H

#include "app/ctx.h"

/* Load them unless articles exist already (idempotent). *made: how many.
 * 0, or -1 with a message in err. */
int article_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen);

/*
 * Link some of those articles to the records they tell of (the models of
 * the emulation demo, the ward's reception days from 1/7/2026), so that the
 * records' pages show them under "Bài viết liên quan". Run after the
 * emulation and meeting demos made those records; a record that is not
 * there is left out. Idempotent (an article's links are replaced). 0, or
 * -1 with a message in err.
 */
int article_demo_links(const struct app_ctx *ctx, char *err, size_t errlen);

#endif
