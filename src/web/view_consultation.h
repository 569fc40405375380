/*
 * view_consultation.h - consultations on drafts as JSON, one builder for
 * both outputs (the API's shapes in API.md, and the pages' data with times
 * as seconds and Vietnamese labels): a list item, one consultation with
 * its parts and comments as its viewer may see them, and the report.
 * OWNERSHIP. Returned values are new references the caller owns (NULL when
 * out of memory); strings are copied. Any worker thread.
 */
#ifndef DANVAN_WEB_VIEW_CONSULTATION_H
#define DANVAN_WEB_VIEW_CONSULTATION_H

#include <jansson.h>

#include "app/consultation.h"
#include "web/view.h"

/* A list item: id, title, unit, status, opens_at, closes_at, comment_count. */
json_t *view_consultation_item(const struct consultation *c, int64_t now, enum view_dialect d);
/* One consultation (consult_get's view): the item plus summary, parts,
 * comments (names only where the view keeps them), invited units. */
json_t *view_consultation(struct arena *a, const struct consult_view *v, int64_t now, enum view_dialect d);
/* The report: {totals, rows, published_at?}. */
json_t *view_consultation_report(const struct consult_report *r, enum view_dialect d);

#endif
