/*
 * form.h - name/value lists and the application/x-www-form-urlencoded
 * parser, used for query strings and urlencoded request bodies; also the
 * result codes shared by every parser of untrusted bytes in src/http
 * (form, multipart, cookie, router).
 *
 * Ownership: every string a parser produces is allocated from the arena it
 * is given and lives as long as that arena (for a request: until the
 * request ends). Nothing here takes a lock or keeps global state.
 *
 * Invariants: every name and value in a `struct form_params` is valid
 * UTF-8 without NUL bytes (core/utf8.h), NUL-terminated, and `len` is the
 * value's length. Order of insertion is kept; duplicate names are kept
 * (multi-valued fields), lookups return the first.
 *
 * Failure: parsers return one of `enum form_status` (0 or negative). On
 * failure the output list may hold the fields parsed before the error;
 * callers answer the request with an error and do not use it.
 */
#ifndef DANVAN_HTTP_FORM_H
#define DANVAN_HTTP_FORM_H

#include <stddef.h>

struct arena;

/* Result of the parsers in src/http. Map to HTTP errors with
 * http_parse_error() (response.h): MALFORMED and TOO_MANY are 400
 * `bad_request`, BAD_UTF8 is 400 `invalid_utf8`, NOMEM is 500. */
enum form_status {
	FORM_OK = 0,
	FORM_MALFORMED = -1, /* bad syntax: a stray '%', a truncated part... */
	FORM_BAD_UTF8 = -2,  /* a decoded text is not UTF-8 or holds a NUL */
	FORM_TOO_MANY = -3,  /* more fields than the list's `max` */
	FORM_NOMEM = -4,     /* the arena is exhausted */
};

/* The most fields one query string or form body may carry by default. */
#define FORM_MAX_FIELDS 1000

struct form_field {
	const char *name;
	const char *value;
	size_t len; /* strlen(value) */
};

/* A growable list in an arena. Initialise with FORM_PARAMS_INIT(max) or
 * form_params_init(); there is nothing to release (the arena owns it). */
struct form_params {
	struct form_field *v;
	size_t n, cap;
	size_t max; /* adding field max+1 fails with FORM_TOO_MANY */
};

#define FORM_PARAMS_INIT(maxn) { .v = NULL, .n = 0, .cap = 0, .max = (maxn) }

void form_params_init(struct form_params *p, size_t max);

/* Append a field; name and value are used as given (not copied), so they
 * must live as long as the list. Does not validate. */
int form_params_add(struct arena *a, struct form_params *p,
		    const char *name, const char *value, size_t len);

/* The first value of `name` (exact, case-sensitive), or NULL. */
const char *form_params_get(const struct form_params *p, const char *name);

/* Store up to `max` values of `name` in out[] in order and return how many
 * there are in all (which may be more than max). out may be NULL when max
 * is 0, to count. */
size_t form_params_values(const struct form_params *p, const char *name,
			  const char **out, size_t max);

/*
 * Percent-decode s[0..len) into out (which must have room for len + 1
 * bytes; the result is never longer) and NUL-terminate it. With
 * `plus_space`, '+' becomes a space (form encoding); otherwise it is kept.
 * Returns the decoded length, or -1 on a '%' not followed by two hex
 * digits. The result is not validated: call utf8_valid() on it.
 */
long form_decode(const char *s, size_t len, int plus_space, char *out);

/*
 * Parse "a=1&b=x+y&c" (a query string without the '?', or an urlencoded
 * body) into `out`, which the caller has initialised. '+' is a space;
 * empty pairs ("&&") and pairs with an empty name are skipped; a name
 * without '=' gets the value "". Names and values are percent-decoded and
 * must then be valid UTF-8 without NUL.
 */
enum form_status form_parse_urlencoded(struct arena *a, const char *s, size_t len,
				       struct form_params *out);

#endif
