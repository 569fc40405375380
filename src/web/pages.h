/*
 * pages.h - the HTML page handlers, listed in web/routes.c, and the few
 * helpers the feedback pages share (page_feedback.c for citizens,
 * page_inbox.c for officers).
 */
#ifndef DANVAN_PAGES_H
#define DANVAN_PAGES_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "http/request.h"

struct audit_actor;
struct db;
struct feedback_contact;
struct app_ctx;
struct feedback_errors;
struct feedback_file;
struct feedback_input;
struct feedback_receipt;
struct feedback_summary;
struct feedback_view;
struct submit_queue;

int page_home(struct request *req);
int page_login_form(struct request *req);
int page_login(struct request *req);
int page_logout(struct request *req);
int page_officer_home(struct request *req);

int page_units(struct request *req);
int page_unit_create(struct request *req);
int page_unit(struct request *req);
int page_unit_rename(struct request *req);
int page_unit_move(struct request *req);
int page_unit_merge(struct request *req);
int page_unit_split(struct request *req);
int page_unit_close(struct request *req);

int page_accounts(struct request *req);
int page_account_create(struct request *req);
int page_account(struct request *req);
int page_account_grant(struct request *req);
int page_account_revoke(struct request *req);
int page_account_password(struct request *req);
int page_account_disable(struct request *req);
int page_account_enable(struct request *req);

/* citizens (page_feedback.c) */
int page_feedback_form(struct request *req);    /* GET  /phan-anh/gui */
int page_feedback_submit(struct request *req);  /* POST /phan-anh/gui: the receipt */
int page_lookup(struct request *req);           /* GET  /tra-cuu */
int page_feedback_list(struct request *req);    /* GET  /phan-anh */
int page_feedback_item(struct request *req);    /* GET  /phan-anh/{code} */
int page_feedback_rate(struct request *req);    /* POST /phan-anh/{code}/danh-gia */
int page_feedback_file(struct request *req);    /* GET  /phan-anh/{code}/tep/{id} */

/* officers (page_inbox.c) */
int page_inbox(struct request *req);            /* GET  /quan-ly/phan-anh */
int page_inbox_new_form(struct request *req);   /* GET  /quan-ly/phan-anh/moi */
int page_inbox_new(struct request *req);        /* POST /quan-ly/phan-anh/moi */
int page_case(struct request *req);             /* GET  /quan-ly/phan-anh/{code} */
int page_case_contact(struct request *req);     /* POST /quan-ly/phan-anh/{code}/lien-he */
int page_case_action(struct request *req);      /* POST /quan-ly/phan-anh/{code}/thao-tac */
int page_dashboard(struct request *req);        /* GET  /quan-ly/tong-hop */

/* --- shared by the feedback pages (defined in page_feedback.c) ----------- */

/*
 * The group-commit writer of app/submit.h through which the pages and the
 * API send items, set by `danvan serve` before the server starts and
 * cleared after it stopped; read-only while serving. NULL: items are sent
 * with feedback_submit(), one transaction each.
 */
extern struct submit_queue *page_submit_queue;

/* Send an item durably (the writer above, else feedback_submit()); the
 * results of feedback_submit(). */
int page_feedback_submit_item(const struct app_ctx *ctx, const struct feedback_input *in,
			      struct feedback_receipt *out, struct feedback_errors *errs);

/*
 * Fill an app_ctx for this request: the thread's database `db`, the
 * server's calendar, the request arena, the viewer as audit actor (written
 * into *actor, which must live as long as ctx) and the clock.
 */
/* A sender's contact (name, phone, e-mail) as JSON: only for views that
 * feedback_get_for_officer() filled, which audits each read. */
json_t *page_feedback_contact_json(const struct feedback_contact *c);
void page_feedback_ctx(struct request *req, struct db *db, struct audit_actor *actor,
		       struct app_ctx *ctx);

/*
 * An item as template data: every field of the view the template may
 * show, with labels, the timeline and the files (links carry `secret`
 * when given, so a sender can open the files of a private item). Officer
 * views add the officer-only parts. NULL when out of memory.
 */
json_t *page_feedback_view_json(struct request *req, const struct feedback_view *v, const char *secret);

/* One line of a list as template data. */
json_t *page_feedback_summary_json(const struct feedback_summary *s);

/*
 * The pagination partial's object {page, pages, prev, next} for `path`
 * with the query string `query` (already encoded "a=1&b=2", may be "")
 * and "page=N" appended. NULL when out of memory.
 */
/* The page number of the query ("page"): 1 when absent or not a number;
 * a number too large to parse gives INT64_MAX, so that the list refuses
 * it (FEEDBACK_PAGE_RANGE: 404) instead of showing the first page. */
int64_t page_feedback_query_page(struct request *req);

json_t *page_feedback_pager(struct request *req, const char *path, const char *query, int64_t page,
			    int64_t per_page, int64_t total);

/* Category options for a select (value, label, selected), active ones,
 * with a first empty option labelled `none` (NULL: none). NULL on error. */
json_t *page_feedback_category_options(struct request *req, struct db *db, const char *selected,
				       const char *none);

/* Unit options: open units, by code, labelled "name (code)"; when `ids` is
 * not NULL only those (sorted ids as perm_units gives). First option
 * empty and labelled `none` when not NULL. NULL on error. */
json_t *page_feedback_unit_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
				   const char *selected, const char *none);
/* The same, only units that receive feedback (app/org.h
 * org_kind_receives_feedback): for choosing a receiving or handling unit. */
json_t *page_feedback_receiving_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
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
int page_feedback_uploads(struct request *req, struct feedback_file *files, size_t *nfiles, const char **err,
			  json_t *names);

/*
 * Feedback errors as page data: a list [{field, message}] for the error
 * summary (fields prefixed with `prefix`, so the links reach "#f-PREFIXfield";
 * "contact.x" becomes "x") into *list and an object {field: message}
 * into *by_field (keys without the prefix). Returns 0 or -1.
 */
int page_feedback_errors(const struct feedback_errors *e, const char *prefix, json_t *list,
			 json_t *by_field);

/*
 * The receipt page after an item was sent: code, secret, the tracking
 * link and its QR code. `officer` adds the link to the case page (an item
 * recorded at a desk). Not cacheable; the secret is shown only here.
 */
int page_feedback_receipt(struct request *req, const struct feedback_receipt *r, const char *category_name,
			  int is_public, int officer);

/*
 * Finish a send form (citizens' or officers'): check the uploaded files,
 * validate, send durably with the files, and answer with the receipt; on
 * errors nothing is stored and `again(req, status, list, by_field,
 * unsaved)` shows the form again (it takes the three JSON references;
 * `unsaved` lists [{filename}] the files to choose again). `own_errs` (stolen) holds the web
 * layer's own field errors (coordinates, dates...): when not empty nothing
 * is sent and the app's errors are added to them.
 */
int page_feedback_send(struct request *req, struct feedback_input *in, const struct app_ctx *ctx,
		       json_t *own_errs, int officer,
		       int (*again)(struct request *req, int status, json_t *list, json_t *by_field,
				    json_t *unsaved));

/* The page for a failed feedback call (404 not found, 403, 503...). */
int page_feedback_fail(struct request *req, int rc);

#endif
