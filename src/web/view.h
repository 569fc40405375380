/*
 * view.h - what the HTML pages (web/page_NAME.c) and the JSON API (api/NAME.c)
 * of every domain share between a request and an app/ call: the app
 * context of a request, records turned into JSON by one field table for
 * both outputs, field errors as page data, the pager, form fields and
 * options. Domain views (web/view_feedback.h) build on it; api/ includes
 * these view headers, never a page header (scripts/checksrc).
 *
 * OWNERSHIP. JSON values returned are new references the caller owns;
 * strings put in them are copied. Functions taking a request allocate only
 * in its arena. Any worker thread.
 *
 * FAILURE. JSON builders return NULL when out of memory; functions
 * returning int give 0 or -1 (out of memory).
 */
#ifndef DANVAN_WEB_VIEW_H
#define DANVAN_WEB_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "http/request.h"

struct app_ctx;
struct app_errors;
struct audit_actor;
struct db;
struct param;

/* --- the app context ----------------------------------------------------------- */

/*
 * Fill an app_ctx for this request: the thread's database `db`, the
 * server's calendar, the request arena, the viewer as audit actor (written
 * into *actor, which must live as long as ctx) and the clock.
 */
void view_ctx(struct request *req, struct db *db, struct audit_actor *actor, struct app_ctx *ctx);

/* The thread's database and view_ctx() over it; NULL when the database
 * cannot be opened (503 already answered: `return 0`). */
struct db *view_open(struct request *req, struct audit_actor *actor, struct app_ctx *ctx);

/* --- one record, two outputs ----------------------------------------------------- */

/* Who reads the JSON: the API (API.md shapes, ISO 8601 times) or a
 * template (its own names, times as UTC seconds for the time filters). */
enum view_dialect {
	VIEW_API,
	VIEW_PAGE,
};

/* The viewer, for the fields only some may see (bits; 0: everyone). */
enum {
	VIEW_OFFICER = 1u << 0,       /* an officer's view of the record */
	VIEW_SENDER = 1u << 1,        /* the sender, who gave the record's secret */
};

enum view_type {
	VIEW_STR,                     /* const char *: left out when NULL */
	VIEW_NONEMPTY,                /* const char *: left out when NULL or "" */
	VIEW_TIME,                    /* int64_t UTC seconds: left out when 0 */
	VIEW_BOOL,                    /* int: true or false */
	VIEW_INT,                     /* int: a number */
};

/*
 * One plain field of a record: its name in each output (NULL: not in that
 * output), its type and place in the struct, and who sees it in each.
 */
struct view_field {
	const char *api, *page;
	enum view_type type;
	size_t offset;
	unsigned api_who, page_who;   /* VIEW_OFFICER, VIEW_SENDER bits required */
};

#define VIEW_FIELD(stype, member, api_name, page_name, vtype, awho, pwho) \
	{ (api_name), (page_name), (vtype), offsetof(stype, member), (awho), (pwho) }

/*
 * Set in `o` the fields of tab[0..n) that dialect `d` has and viewer `who`
 * (VIEW_* bits) may see, read from the record `rec`. 0, or -1 when out of
 * memory.
 */
int view_fields(json_t *o, const void *rec, const struct view_field *tab, size_t n, enum view_dialect d,
		unsigned who);

/* A time in dialect d (nothing when t is 0): an ISO 8601 string with the
 * +07:00 offset for the API, seconds for templates. */
void view_set_time(json_t *o, const char *key, int64_t t, enum view_dialect d);
/* A string member, nothing when v is NULL. */
void view_set_str(json_t *o, const char *key, const char *v);

/* --- pages --------------------------------------------------------------------- */

/* A form value as typed: "" when absent (never NULL). */
const char *view_form(struct request *req, const char *name);
/* 1 when s is NULL or only spaces, tabs and line breaks. */
int view_blank(const char *s);

/*
 * Field errors as page data: a list [{field, message}] for the error
 * summary (fields prefixed with `prefix`, so the links reach
 * "#f-PREFIXfield"; "contact.x" becomes "x") into *list and an object
 * {field: message} into *by_field (keys without the prefix).
 */
int view_errors(const struct app_errors *e, const char *prefix, json_t *list, json_t *by_field);
/* Add the web layer's own errors (object {field: message}, borrowed) to
 * the list and map of view_errors(); fields already there are kept. */
void view_merge_errors(json_t *own, json_t *list, json_t *by_field);

/* A form field object for partials/field: {name, label, value, error?}
 * (`errs`: {field: message}, borrowed, may be NULL). */
json_t *view_form_field(const char *name, const char *label, const char *value, json_t *errs);

/* Select options from a table of {value, label} pairs; the selected one
 * is `selected`, or the one with value "" when selected is NULL. */
json_t *view_options(const char *const (*tab)[2], size_t n, const char *selected);

/*
 * Select options for the PARAM_ENUM row `p` of a list's parameter table
 * (http/params.h): a first option "" labelled `all`, then each allowed
 * value by its name, labelled label(index); the one whose stored value is
 * `value` (the filter's) is selected. NULL when out of memory.
 */
json_t *view_param_options(const struct param *p, const char *(*label)(int i), int value, const char *all);

/*
 * The pagination partial's object {page, pages, total, prev?, next?} for
 * `path` with the query string `query` (already encoded "a=1&b=2", may be
 * "" or NULL) and "page=N" appended. No link goes past the page holding
 * item number `depth` (the list's reach; 0: no limit).
 */
json_t *view_pager(const char *path, const char *query, int64_t page, int64_t per_page, int64_t total,
		   int64_t depth);

#endif
