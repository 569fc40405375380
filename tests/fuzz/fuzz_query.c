/*
 * fuzz_query.c - libFuzzer target for the request-target decoding of
 * http/: the bytes are taken as a request target, split at the first '?',
 * the path decoded and validated (router_decode_path) and the query parsed
 * (form_parse_urlencoded). It must never crash, over-read or trip a
 * sanitizer, and whatever it accepts must keep the documented invariants.
 *
 * Run: scripts/fuzz 20 query   (seeds in tests/fuzz/corpus/query/)
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/form.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_params(const struct form_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct form_field *f = &p->v[i];
		if (!*f->name || !utf8_valid(f->name, strlen(f->name)) ||
		    strlen(f->value) != f->len || !utf8_valid(f->value, f->len))
			__builtin_trap();
		if (form_params_get(p, f->name) == NULL)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1024);
	/* an exact-size copy, so ASan sees any read past the end */
	char *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	const char *q = memchr(buf, '?', size);
	size_t plen = q ? (size_t)(q - buf) : size;
	char *path;
	if (router_decode_path(&a, buf, plen, &path) == FORM_OK) {
		size_t len = strlen(path);
		if (path[0] != '/' || !utf8_valid(path, len) || strstr(path, "/../") ||
		    strstr(path, "/./") || (len >= 3 && !strcmp(path + len - 3, "/..")))
			__builtin_trap();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)path[i] < 0x20)
				__builtin_trap();
	}
	if (q) {
		struct form_params p = FORM_PARAMS_INIT(FORM_MAX_FIELDS);
		if (form_parse_urlencoded(&a, q + 1, size - plen - 1, &p) == FORM_OK)
			check_params(&p);
		else if (p.n > FORM_MAX_FIELDS)
			__builtin_trap();
	}
	free(buf);
	arena_release(&a);
	return 0;
}
