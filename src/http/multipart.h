/*
 * multipart.h - multipart/form-data bodies (RFC 7578), parsed after the
 * whole body has been received into one buffer (its size is bounded by the
 * route's body limit before any byte is stored).
 *
 * Text fields go into a `struct form_params` like urlencoded fields (copied
 * into the arena, NUL-terminated, valid UTF-8). Parts with a `filename`
 * parameter are files: their bytes are NOT copied, `data` points into the
 * body buffer, which lives as long as the request. A file part with an
 * empty filename and no bytes (what a browser sends for an empty file
 * input) is dropped. Any path in a filename is cut to its last component
 * ("C:\\tmp\\a.pdf" -> "a.pdf"); filenames must be valid UTF-8.
 *
 * Failure: FORM_MALFORMED for a missing or bad boundary, a truncated part,
 * a part without `Content-Disposition: form-data; name=...`, oversized
 * part headers; FORM_BAD_UTF8 for a field name, filename or text value
 * that is not UTF-8; FORM_TOO_MANY beyond the lists' `max`; FORM_NOMEM.
 */
#ifndef DANVAN_HTTP_MULTIPART_H
#define DANVAN_HTTP_MULTIPART_H

#include <stddef.h>

#include "http/form.h"

struct arena;

#define MULTIPART_MAX_FILES 32
#define MULTIPART_MAX_BOUNDARY 70     /* RFC 2046 */
#define MULTIPART_MAX_PART_HEADERS 8192

/* One uploaded file. Strings are arena copies; data points into the body. */
struct http_file {
	const char *field;        /* the form field name */
	const char *filename;     /* last path component, UTF-8, may be "" */
	const char *content_type; /* as declared; "application/octet-stream" if absent */
	const unsigned char *data;
	size_t len;
};

/* A growable list in an arena, like struct form_params. */
struct http_files {
	struct http_file *v;
	size_t n, cap, max;
};

#define HTTP_FILES_INIT(maxn) { .v = NULL, .n = 0, .cap = 0, .max = (maxn) }

/*
 * Find the boundary in a Content-Type value such as
 * `multipart/form-data; boundary="abc"`. On success *boundary points to an
 * arena copy (1..70 bytes) and 0 is returned; -1 when the type is not
 * multipart/form-data or the boundary is missing or invalid.
 */
int multipart_boundary(struct arena *a, const char *content_type,
		       const char **boundary);

/* Parse body[0..len) delimited by `boundary` (as from multipart_boundary). */
enum form_status multipart_parse(struct arena *a, const char *body, size_t len,
				 const char *boundary, struct form_params *fields,
				 struct http_files *files);

/* The first file uploaded under `field`, or NULL. */
const struct http_file *multipart_file(const struct http_files *files, const char *field);

#endif
