/*
 * fuzz_multipart.c - libFuzzer target for http/multipart: the first line
 * of the input (up to '\n') is the Content-Type header value, the rest the
 * body. It must never crash, over-read or trip a sanitizer; accepted files
 * must point inside the body, with a filename free of path separators.
 *
 * Run: scripts/fuzz 20 multipart   (seeds in tests/fuzz/corpus/multipart/)
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 256 ? size : 256);
	if (!nl)
		return 0;
	struct arena a;
	arena_init(&a, 1024);
	char *ct = arena_strndup(&a, (const char *)data, (size_t)(nl - data));
	size_t blen = size - (size_t)(nl - data) - 1;
	char *body = malloc(blen ? blen : 1);
	memcpy(body, nl + 1, blen);
	const char *boundary;
	if (ct && multipart_boundary(&a, ct, &boundary) == 0) {
		size_t bl = strlen(boundary);
		if (bl == 0 || bl > MULTIPART_MAX_BOUNDARY)
			__builtin_trap();
		struct form_params fields = FORM_PARAMS_INIT(32);
		struct http_files files = HTTP_FILES_INIT(4);
		if (multipart_parse(&a, body, blen, boundary, &fields, &files) == FORM_OK) {
			for (size_t i = 0; i < fields.n; i++)
				if (strlen(fields.v[i].value) != fields.v[i].len ||
				    !utf8_valid(fields.v[i].value, fields.v[i].len))
					__builtin_trap();
			for (size_t i = 0; i < files.n; i++) {
				const struct http_file *f = &files.v[i];
				if ((const char *)f->data < body ||
				    (const char *)f->data + f->len > body + blen ||
				    strchr(f->filename, '/') || strchr(f->filename, '\\') ||
				    !utf8_valid(f->filename, strlen(f->filename)) || !*f->field)
					__builtin_trap();
				if (multipart_file(&files, f->field) == NULL)
					__builtin_trap();
			}
		}
	}
	free(body);
	arena_release(&a);
	return 0;
}
