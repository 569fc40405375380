/*
 * fbstate.h - the status machine of feedback items, as one table of
 * app/workflow.h (fbstate_domain, which feedback_apply_event() runs through
 * wf_apply()): which event may happen in which status and what status
 * follows, which roles may cause each event, and which events the sender
 * sees on the timeline. The fbstate_* functions are table lookups without
 * I/O or state, safe from any thread.
 *
 *   received --assign--> assigned --answer--> answered --publish--> published --close--> closed
 *   received/assigned --reject--> rejected      received/assigned --merge--> merged
 *   answered/published/closed/rejected/merged --reopen--> assigned
 *
 * Events that do not change the status: note and redact (any status),
 * transfer (assigned, to another unit), answer again (answered: a new
 * draft), extend (received, assigned: moves the due date), rate
 * (published, closed: by the sender, with the secret). "reopen" from
 * answered sends a draft back to the handler. The whole table, with the
 * reasons, is in docs/feedback.md; tests/unit/test_fbstate.c checks every
 * cell.
 *
 * Roles (app/perm.h) that may cause each event, when held in the unit that
 * handles the item (or, while it is unassigned, the unit whose intake desk
 * received it) or in one of its ancestors:
 *
 *   event     intake  handler  leader  admin  front  viewer
 *   assign      x                x       x
 *   transfer            x        x       x
 *   reject      x                x       x
 *   note        x       x        x       x
 *   answer              x        x
 *   publish                      x
 *   extend                       x
 *   merge       x                x       x
 *   reopen                       x
 *   close                        x
 *   redact                       x       x
 *   rate      (no officer: only the sender, with the secret)
 *
 * front records items on behalf of people (FBSTATE_RECORD_ROLES); viewer
 * only reads. Every role may read the officer view of an item it reaches;
 * only FBSTATE_CONTACT_ROLES see the sender's contact data.
 */
#ifndef DANVAN_FBSTATE_H
#define DANVAN_FBSTATE_H

#include "app/perm.h"
#include "store/feedback.h"

/* Roles that may read an item's officer view (timeline with notes). */
#define FBSTATE_VIEW_ROLES ROLE_ALL
/* Roles that may see the sender's contact data (each view audited). */
#define FBSTATE_CONTACT_ROLES (ROLE_ADMIN | ROLE_LEADER | ROLE_INTAKE | ROLE_HANDLER)
/* Roles that may record an item received off-line (voter meeting, hotline,
 * in person, forwarded by the Front), in the unit whose desk receives it. */
#define FBSTATE_RECORD_ROLES (ROLE_LEADER | ROLE_INTAKE | ROLE_FRONT)

struct wf_domain;

/* The table: statuses are enum feedback_status, events enum
 * feedback_event_type (all FB_EV_COUNT; submit and attach apply in no
 * status), audit actions "feedback.<event>". Read only. */
extern const struct wf_domain fbstate_domain;

/*
 * Whether `event` may happen in `status`: 0 with the following status in
 * *next (the same status for events that do not change it), or -1 when it
 * may not (also for out-of-range values and the timeline-only events
 * submit and attach); *next is then untouched.
 */
int fbstate_next(enum feedback_status status, enum feedback_event_type event,
		 enum feedback_status *next);

/* The ROLE_* mask that may cause `event` (0 for rate, submit, attach and
 * out-of-range values: no officer causes those). */
unsigned fbstate_roles(enum feedback_event_type event);

/* 1 when an officer holding any role of `roles` may cause `event` in
 * `status` (both tables agree), else 0. */
int fbstate_may(enum feedback_status status, enum feedback_event_type event, unsigned roles);

/* The events (bit 1u << event) an officer with `roles` may cause in
 * `status`: what the item page offers as buttons. */
unsigned fbstate_allowed(enum feedback_status status, unsigned roles);

/* 1 when events of this type are shown to the sender and on public pages
 * (submit, assign, transfer, reject, publish, extend, merge, reopen,
 * close, rate); 0 for internal ones (note, answer drafts, redact, attach). */
int fbstate_event_public(enum feedback_event_type event);

#endif
