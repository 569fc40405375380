/*
 * fuzz_cookie.c - libFuzzer target for http/cookie: a Cookie header value
 * is parsed, and every pair kept is formatted back as a Set-Cookie value
 * when its value is made of cookie-octets. It must never crash, over-read
 * or trip a sanitizer, and a formatted header must never carry a CR, LF or
 * an injected attribute.
 *
 * Run: scripts/fuzz 20 cookie   (seeds in tests/fuzz/corpus/cookie/)
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "http/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 1024);
	char *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	struct form_params p = FORM_PARAMS_INIT(COOKIE_MAX);
	if (cookie_parse(&a, buf, size, &p) != FORM_OK || p.n > COOKIE_MAX)
		__builtin_trap();
	struct sbuf sb = SBUF_INIT(8192);
	for (size_t i = 0; i < p.n; i++) {
		const struct form_field *f = &p.v[i];
		if (!cookie_name_valid(f->name) || strchr(f->value, ';') ||
		    strlen(f->value) != f->len || !utf8_valid(f->value, f->len))
			__builtin_trap();
		sbuf_reset(&sb);
		int r = cookie_format(&sb, f->name, f->value, (long)i - 1, (unsigned)i & 7);
		if (cookie_value_valid(f->value) != (r == 0))
			__builtin_trap();
		if (r == 0) {
			/* exactly the attributes we wrote, nothing injected */
			const char *semi = strchr(sb.buf, ';');
			if (!semi || strncmp(semi, "; Path=/", 8) || strpbrk(sb.buf, "\r\n") ||
			    (size_t)(semi - sb.buf) != strlen(f->name) + 1 + f->len)
				__builtin_trap();
		}
	}
	sbuf_release(&sb);
	free(buf);
	arena_release(&a);
	return 0;
}
