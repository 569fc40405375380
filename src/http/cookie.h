/*
 * cookie.h - the Cookie request header and the Set-Cookie response header
 * (RFC 6265).
 *
 * Parsing is forgiving the way browsers are: a pair that is malformed (no
 * '=', a name that is not a token, a value that is not UTF-8 or holds
 * control characters) is skipped rather than failing the request, since a
 * stray cookie from another application on the same host must not lock a
 * citizen out. Values are not percent-decoded; one pair of surrounding
 * double quotes is removed.
 *
 * Formatting is strict: a name must be an RFC 7230 token and a value only
 * cookie-octets (printable ASCII without space, '"', ',', ';', '\'), so a
 * caller can never inject attributes. Session tokens (hex, base64url) fit.
 */
#ifndef DANVAN_HTTP_COOKIE_H
#define DANVAN_HTTP_COOKIE_H

#include <stddef.h>

#include "core/sbuf.h"
#include "http/form.h"

struct arena;

/* The most cookies kept from one request; later ones are ignored. */
#define COOKIE_MAX 64

/* Flags for cookie_format() and http_set_cookie(). HttpOnly and
 * SameSite=Lax are the default. */
enum cookie_flags {
	COOKIE_SECURE = 1 << 0,   /* add Secure (the server sets it when behind TLS) */
	COOKIE_STRICT = 1 << 1,   /* SameSite=Strict instead of Lax */
	COOKIE_READABLE = 1 << 2, /* leave out HttpOnly (script may read it) */
};

/*
 * Parse one Cookie header value ("a=1; b=2") and append the valid pairs to
 * `out` (initialised by the caller; names and values are arena strings).
 * Returns FORM_OK, or FORM_NOMEM. Pairs beyond out->max are dropped
 * silently. Duplicate names are kept in order; form_params_get() returns
 * the first, which is the most specific one a browser sends.
 */
enum form_status cookie_parse(struct arena *a, const char *header, size_t len,
			      struct form_params *out);

/* 1 when name is a non-empty RFC 7230 token, value only cookie-octets. */
int cookie_name_valid(const char *name);
int cookie_value_valid(const char *value);

/*
 * Append a Set-Cookie header value to sb:
 *   "name=value; Path=/; Max-Age=N; HttpOnly; SameSite=Lax[; Secure]".
 * max_age < 0 makes a session cookie (no Max-Age); 0 deletes the cookie
 * (Max-Age=0 and an Expires in the past). Returns -1 with sb untouched for
 * an invalid name or value; -1 with sb's contents as before (and its
 * sticky `failed` flag set) when sb is full.
 */
SBUF_WUR int cookie_format(struct sbuf *sb, const char *name, const char *value,
			   long max_age, unsigned flags);

#endif
