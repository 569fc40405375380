/*
 * view_feedback.h - feedback between a request and app/feedback.h, shared
 * by the citizens' pages (page_feedback.c), the officers' pages
 * (page_inbox.c, page_home.c) and the JSON API (api/feedback.c): an item
 * and a list line as JSON for either output (one field table each), the
 * contact, sending through the group-commit writer, checked uploads, the
 * options of the filters and forms, the failure pages, the send form's end
 * and the receipt.
 *
 * OWNERSHIP and FAILURE as in web/view.h: JSON returned is the caller's
 * (NULL when out of memory); functions answering a request return 0 when
 * a response is set, -1 when none could be.
 */
#ifndef DANVAN_WEB_VIEW_FEEDBACK_H
#define DANVAN_WEB_VIEW_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "http/request.h"
#include "web/view.h"

struct app_ctx;
struct app_errors;
struct db;
struct feedback_contact;
struct app_errors;
struct feedback_file;
struct feedback_input;
struct feedback_receipt;
struct feedback_summary;
struct feedback_view;
struct submit_queue;

/*
 * The group-commit writer of app/submit.h through which the pages and the
 * API send items, set by `danvan serve` before the server starts and
 * cleared after it stopped; read-only while serving. NULL: items are sent
 * with feedback_submit(), one transaction each.
 */
extern struct submit_queue *view_submit_queue;

/* Send an item durably (the writer above, else feedback_submit()); the
 * results of feedback_submit(). */
int view_feedback_submit(const struct app_ctx *ctx, const struct feedback_input *in,
			 struct feedback_receipt *out, struct app_errors *errs);

/* --- JSON ---------------------------------------------------------------------- */

/* A sender's contact (name, phone, e-mail): only for views that
 * feedback_get_for_officer() filled, which audits each read. */
json_t *view_feedback_contact(const struct feedback_contact *c);

/*
 * An item as the viewer may see it, in one of two shapes:
 * VIEW_API: the shape of API.md (public view; the sender's rating; for
 *   officers contact when read, events, notes, allowed events, merged
 *   items and the workflow state);
 * VIEW_PAGE: the template data, with labels, the timeline with detail
 *   lines, file sizes people read; officer views add the officer-only parts.
 * File links carry `secret` when the viewer is the sender, so a sender can
 * open the files of a private item.
 */
json_t *view_feedback_item(struct request *req, const struct feedback_view *v, const char *secret,
			   enum view_dialect d);

/* One line of a list. `officer`: the API's inbox adds public, channel
 * and overdue (templates always have them). */
json_t *view_feedback_summary(const struct feedback_summary *s, enum view_dialect d, int officer);

/* --- forms and filters ------------------------------------------------------------ */

/* The names of statuses, channels and inbox orders by number, for the
 * PARAM_ENUM rows of the lists' parameter tables (http/params.h); NULL
 * past the last. */
const char *view_feedback_status_name(int i);
const char *view_feedback_channel_name(int i);
const char *view_feedback_sort_name(int i);
/* Their labels by number, for view_param_options(). */
const char *view_feedback_status_label(int i);
const char *view_feedback_channel_label(int i);   /* "newest", "oldest", "due" (FB_SORT_NEWEST...) */
#define VIEW_FEEDBACK_SORTS 3

/* Category options for a select (value, label, selected), active ones,
 * with a first empty option labelled `none` (NULL: none). NULL on error. */
json_t *view_feedback_category_options(struct request *req, struct db *db, const char *selected,
				       const char *none);

/* Unit options: open units, by code, labelled "name (code)"; when `ids` is
 * not NULL only those (sorted ids as perm_units gives). First option
 * empty and labelled `none` when not NULL. NULL on error. */
json_t *view_feedback_unit_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
				   const char *selected, const char *none);
/* The same, only units that receive feedback (app/org.h
 * org_kind_receives_feedback): for choosing a receiving or handling unit. */
json_t *view_feedback_receiving_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
					const char *selected, const char *none);

/*
 * The files of the request (form field "files"), checked but not stored:
 * they are stored only with the item or evidence that carries them, so a
 * form refused for any reason stores nothing (there is no file token to
 * carry to a retry). At most ATTACHMENT_MAX_PER_ITEM are taken; refused
 * files are left out and a Vietnamese message goes to *err (NULL when every
 * file was taken). files[] borrows the request's body. `names` (may be
 * NULL) receives a JSON list [{filename}] of the files taken, for a form
 * shown again to list those the sender must choose again. Returns 0, or -1
 * when out of memory.
 */
int view_feedback_uploads(struct request *req, struct feedback_file *files, size_t *nfiles, const char **err,
			  json_t *names);

/* Read the fields both send forms have (the citizens' and the officers'
 * record form) into `in`, zeroed first: title, body, category, place,
 * unit, name, phone, email (as typed, "" when absent) and public ("0":
 * private). Values borrow the request's body. */
void view_feedback_read_form(struct request *req, struct feedback_input *in);

/*
 * Render a send form: template `page` with the layout's `nav` entry, the
 * fields `form`, the error summary `list` (NULL: none), the field errors
 * `errs` (their "files" message is shown beside the file input) and the
 * files to choose again `unsaved` (NULL: none). Takes the four references;
 * "private" echoes the form's public=0.
 */
int view_feedback_form_page(struct request *req, int status, const char *page, const char *nav, json_t *form,
			    json_t *list, json_t *errs, json_t *unsaved);

/* --- answers --------------------------------------------------------------------- */

/* The page for a failed feedback call (404 not found, 403, 503...). */
int view_feedback_fail(struct request *req, int rc);

/*
 * The receipt page after an item was sent: code, secret, the tracking
 * link and its QR code. `officer` adds the link to the case page (an item
 * recorded at a desk). Not cacheable; the secret is shown only here.
 */
int view_feedback_receipt(struct request *req, const struct feedback_receipt *r, const char *category_name,
			  int is_public, int officer);

/*
 * Finish a send form (citizens' or officers'): check the uploaded files,
 * validate, send durably with the files, and answer with the receipt; on
 * errors nothing is stored and `again(req, status, list, by_field,
 * unsaved)` shows the form again (it takes the three JSON references;
 * `unsaved` lists [{filename}] the files to choose again). `own_errs`
 * (stolen) holds the web layer's own field errors (coordinates, dates...):
 * when not empty nothing is sent and the app's errors are added to them.
 */
int view_feedback_send(struct request *req, struct feedback_input *in, const struct app_ctx *ctx,
		       json_t *own_errs, int officer,
		       int (*again)(struct request *req, int status, json_t *list, json_t *by_field,
				    json_t *unsaved));

#endif
