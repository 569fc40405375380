/*
 * static.h - serving the embedded files under static/ (core/assets.h) at
 * /static/...: exact Content-Type by extension, a strong ETag computed once
 * at start-up (BLAKE2b of the bytes), 304 on a matching If-None-Match.
 *
 * Caching: "Cache-Control: public, max-age=86400"; when the request
 * carries ?v=VERSION equal to static_version() of the file, the URL is
 * content-addressed and the answer is "public, max-age=31536000,
 * immutable". Templates should link "/static/app.css?v=" + static_version.
 *
 * State: one process-wide table, built by static_init() (the server calls
 * it at start with http_config.assets) before any request is served and
 * read-only afterwards, so lookups need no lock. static_init() itself is
 * not thread-safe; calling it again replaces the table (tests do).
 */
#ifndef DANVAN_HTTP_STATIC_H
#define DANVAN_HTTP_STATIC_H

#include <stddef.h>

#include "core/assets.h"

struct request;

struct static_file {
	const char *path;        /* relative to static/: "app.css", "img/logo.svg" */
	const struct asset *asset;
	const char *type;        /* Content-Type */
	char etag[35];           /* "\"" + 32 hex digits + "\"" */
	char version[17];        /* the first 16 hex digits of the hash */
};

/* Index every asset whose path starts with "static/" in table (NULL: the
 * embedded `assets`). Returns 0, or -1 when libsodium cannot start. */
int static_init(const struct asset *table);
void static_release(void);

/* The file at a path relative to static/, or NULL. */
const struct static_file *static_find(const char *path);

/* The cache-busting version of a static file ("a1b2..."), NULL if absent. */
const char *static_version(const char *path);

/* The Content-Type for a file name by its extension (case-insensitive);
 * text types carry "; charset=utf-8"; unknown ones are
 * "application/octet-stream". */
const char *static_content_type(const char *path);

/* Route handler for "/static/{path*}": serves path argument 0 (404 when
 * there is no such file). It sets its own Cache-Control. */
int static_serve(struct request *req);

#endif
