/*
 * params.h - the query parameters of a list, declared once as a table
 * (name, type, bounds, allowed values, the field of the filter struct it
 * fills) and read by one function: the JSON API answers 422
 * validation_failed with a message per bad parameter; pages ignore bad
 * values and keep the defaults. The same table rebuilds the query string
 * of the list's links (pager, status tabs), so a filter survives paging.
 *
 * A table for the officers' inbox (web/page_inbox.c) reads, e.g.:
 *
 *   static const struct param inbox_params[] = {
 *       PARAM_TEXT_AT(struct feedback_inbox_filter, category, "category", 0),
 *       PARAM_ENUM_AT(struct feedback_inbox_filter, status, "status", status_name,
 *                     FB_STATUS_COUNT, 1, 0, "trạng thái không hợp lệ"),
 *       PARAM_FLAG_AT(struct feedback_inbox_filter, overdue, "overdue", "1"),
 *       PARAM_PAGE_AT(struct feedback_inbox_filter, page),
 *   };
 *
 * TYPES of the target fields: PARAM_TEXT a `const char *`, PARAM_INT and
 * PARAM_PAGE an `int64_t`, PARAM_ENUM and PARAM_FLAG an `int` (or an enum
 * of int's size).
 *
 * OWNERSHIP. Tables are static and read-only. Text values point into the
 * request's query (or, when cut, into the arena given): they live as long
 * as the request. Any thread.
 *
 * FAILURE. params_read() returns the number of bad parameters (each named
 * in `errors` when strict) or -1 when out of memory; params_query() returns
 * 0 or -1 when the string builder is full (sticky, core/sbuf.h).
 */
#ifndef DANVAN_HTTP_PARAMS_H
#define DANVAN_HTTP_PARAMS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct arena;
struct request;
struct sbuf;

enum param_type {
	PARAM_TEXT,   /* free text; absent when empty (strict) or blank (lenient); cut to at
	                 most `max` bytes on a UTF-8 character boundary when max > 0 */
	PARAM_INT,    /* a whole number in [min, max]; absent: dflt */
	PARAM_PAGE,   /* a page number from 1 (absent: 1); all digits but too large for
	                 int64_t gives INT64_MAX, so the list refuses it as beyond its depth
	                 (422 page_out_of_range, 404 on pages) instead of showing page 1 */
	PARAM_ENUM,   /* one of the names name_of(0..count-1), stored as base + index;
	                 `allow` (bit i for index i, 0: all) narrows them; absent: dflt */
	PARAM_FLAG,   /* the value `on` ("1", "true") sets 1; any other value leaves 0 */
};

/* How bad values are met: the API refuses them, pages drop them. */
enum params_mode {
	PARAMS_STRICT,   /* a bad value is a field error (message in `errors`) */
	PARAMS_LENIENT,  /* a bad value is as if absent */
};

struct param {
	const char *name;             /* the query parameter */
	enum param_type type;
	size_t offset;                /* of the target field in the filter struct */
	int64_t min, max;             /* PARAM_INT bounds; PARAM_TEXT: max bytes (0: no cut) */
	int64_t dflt;                 /* PARAM_INT, PARAM_ENUM: the value when absent */
	const char *(*name_of)(int i);/* PARAM_ENUM: the name of index i */
	int count;                    /* PARAM_ENUM: indices 0..count-1 */
	int base;                     /* PARAM_ENUM: stored value = base + index */
	unsigned allow;               /* PARAM_ENUM: bit i allows index i; 0 allows all */
	const char *on;               /* PARAM_FLAG: the value that sets it */
	const char *message;          /* the error of a bad value (PARAM_ENUM); PARAM_INT and
	                                 PARAM_PAGE say "phải là số nguyên từ MIN đến MAX" */
};

#define PARAM_TEXT_AT(ftype, field, qname, maxbytes) \
	{ .name = (qname), .type = PARAM_TEXT, .offset = offsetof(ftype, field), .max = (maxbytes) }
#define PARAM_INT_AT(ftype, field, qname, lo, hi, def) \
	{ .name = (qname), .type = PARAM_INT, .offset = offsetof(ftype, field), .min = (lo), .max = (hi), \
	  .dflt = (def) }
#define PARAM_PAGE_AT(ftype, field) \
	{ .name = "page", .type = PARAM_PAGE, .offset = offsetof(ftype, field), .min = 1, .max = INT64_MAX, \
	  .dflt = 1 }
#define PARAM_ENUM_AT(ftype, field, qname, namefn, n, b, allowed, msg) \
	{ .name = (qname), .type = PARAM_ENUM, .offset = offsetof(ftype, field), .name_of = (namefn), \
	  .count = (n), .base = (b), .allow = (allowed), .message = (msg) }
#define PARAM_FLAG_AT(ftype, field, qname, onval) \
	{ .name = (qname), .type = PARAM_FLAG, .offset = offsetof(ftype, field), .on = (onval) }

#define PARAMS_COUNT(tab) (sizeof(tab) / sizeof((tab)[0]))

/* Where values come from: the value of `name`, or NULL when absent. */
typedef const char *(*params_get_fn)(void *arg, const char *name);

/*
 * Fill the fields of `filter` named by tab[0..n): each gets its default
 * first (NULL, 0, dflt, page 1), then the value given, when it is good.
 * Strict: each bad parameter adds {name: message} to `errors` (a JSON
 * object; may be NULL when lenient). Parameters not in the table are not
 * looked at. `a` receives cut texts.
 */
int params_read(const struct param *tab, size_t n, enum params_mode mode, params_get_fn get, void *arg,
		struct arena *a, void *filter, json_t *errors);

/* params_read() over the request's query string, into the request's arena. */
int params_from_query(struct request *req, const struct param *tab, size_t n, enum params_mode mode,
		      void *filter, json_t *errors);

/* The row of `name` in tab[0..n), or NULL. */
const struct param *params_find(const struct param *tab, size_t n, const char *name);

/*
 * Append the filter's values as a query string ("a=1&b=x%20y", no "?"), in
 * table order, "&"-joined to what `out` already holds: every parameter
 * that is not at its default (absent text, flag 0, dflt), except page
 * numbers and the parameter named `skip` (may be NULL). Values are
 * URL-encoded; enum values by their names.
 */
int params_query(struct sbuf *out, const struct param *tab, size_t n, const void *filter, const char *skip);

#endif
