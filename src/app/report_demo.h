/*
 * report_demo.h - the history a large demo needs for review reports
 * (`danvan demo --items N` with N > REPORT_DEMO_MIN): meetings,
 * consultations with comments and replies, "Dân vận khéo" models,
 * commendations and news articles over 2016 to today, in proportion to N,
 * each at a territorial unit (the city, its districts and wards) that was
 * valid at the record's date (app/report_demo.c). The hand-written demo of
 * phường Hoàn Kiếm (the other *_demo.c) is left as it is and comes first.
 */
#ifndef DANVAN_APP_REPORT_DEMO_H
#define DANVAN_APP_REPORT_DEMO_H

#include "app/ctx.h"

/* Below this many items the demo is the hand-written one only. */
#define REPORT_DEMO_MIN 10000L

/* Per million items (about, over ten years): */
#define REPORT_DEMO_ARTICLES_PER_M 10000L
#define REPORT_DEMO_COMMENTS_PER_M 50000L
#define REPORT_DEMO_MODELS_PER_M 5000L
#define REPORT_DEMO_COMMENDATIONS_PER_M 10000L

struct report_demo_made {
	long meetings, consultations, comments, models, commendations, articles;
};

/* Write them for `items` feedback items, in transactions of a few thousand
 * rows, unless done before (idempotent: the first generated article marks
 * it) or items <= REPORT_DEMO_MIN. 0, or -1 with a message in err. */
int report_demo_generate(const struct app_ctx *ctx, long items, struct report_demo_made *made, char *err,
			 size_t errlen);

#endif
