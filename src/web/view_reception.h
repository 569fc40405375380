/*
 * view_reception.h - citizen reception between a request and
 * app/reception.h, shared by the pages (page_reception.c) and the JSON API
 * (api/reception.c): a session and a booking as JSON in either dialect.
 * A booking's JSON never carries the booker's name or phone: the contact
 * is a separate, audited read (view_reception_contact).
 *
 * OWNERSHIP and FAILURE as in web/view.h.
 */
#ifndef DANVAN_WEB_VIEW_RECEPTION_H
#define DANVAN_WEB_VIEW_RECEPTION_H

#include <jansson.h>

#include "web/view.h"

struct app_ctx;
struct reception_booking;
struct reception_contact;
struct reception_session;

/* {id, unit:{code,name}, title, hosts[], place, starts_at, ends_at,
 * capacity, booked, places_left, status} */
json_t *view_reception_session(const struct reception_session *s, enum view_dialect d);

/* {code, status, status_label, reason?, subject, people, created_at,
 * meeting:{id, unit, starts_at, ends_at, place}}; officers also get
 * decide_by, decision_overdue and feedback (the count of items raised). */
json_t *view_reception_booking(const struct app_ctx *ctx, const struct reception_booking *b,
			       enum view_dialect d, int officer);

/* {name, phone, representatives[]} */
json_t *view_reception_contact(const struct reception_contact *c);

#endif
