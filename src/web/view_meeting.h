/*
 * view_meeting.h - one meeting (or a line of a list) as JSON, for the API
 * (API.md shapes, ISO 8601 times) and for the pages (integer times and
 * Vietnamese labels), from the same code so the two cannot drift apart.
 * Never any contact data: petitions carry code, title and status only.
 */
#ifndef DANVAN_WEB_VIEW_MEETING_H
#define DANVAN_WEB_VIEW_MEETING_H

#include <jansson.h>

#include "app/meeting.h"
#include "web/view.h"

/* A line of a list (no petitions, results or timeline). */
json_t *view_meeting_summary(const struct meeting_row *m, enum view_dialect d);
/* The whole meeting as its viewer may see it. */
json_t *view_meeting_item(const struct meeting_view *v, enum view_dialect d);

#endif
