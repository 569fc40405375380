/*
 * fuzz_form.c - libFuzzer target for http/form: an application/
 * x-www-form-urlencoded body parsed with a small field limit, then looked
 * up. It must never crash, over-read or trip a sanitizer; every accepted
 * field must be valid UTF-8 with a correct length.
 *
 * Run: scripts/fuzz 20 form   (seeds in tests/fuzz/corpus/form/)
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 512);
	char *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	struct form_params p = FORM_PARAMS_INIT(16);
	enum form_status st = form_parse_urlencoded(&a, buf, size, &p);
	if (p.n > 16 || (st == FORM_TOO_MANY && p.n != 16))
		__builtin_trap();
	for (size_t i = 0; i < p.n; i++) {
		const struct form_field *f = &p.v[i];
		if (!*f->name || strlen(f->value) != f->len || !utf8_valid(f->value, f->len) ||
		    !utf8_valid(f->name, strlen(f->name)))
			__builtin_trap();
		const char *vals[4];
		if (form_params_values(&p, f->name, vals, 4) == 0)
			__builtin_trap();
	}
	/* decoding never grows the text */
	char *out = malloc(size + 1);
	long n = form_decode(buf, size, 1, out);
	if (n > (long)size || (n >= 0 && out[n] != '\0'))
		__builtin_trap();
	free(out);
	free(buf);
	arena_release(&a);
	return 0;
}
