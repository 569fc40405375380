/*
 * fuzz_tmpl.c - libFuzzer target for core/tmpl: compiles arbitrary bytes as
 * a template and renders it, alone and as a page inside a fixed layout, with
 * a fixed JSON context. It must never crash, leak or trip a sanitizer;
 * parse and render errors are expected results.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -std=c17 -D_GNU_SOURCE
 *   -Isrc -include src/core/prelude.h tests/fuzz/fuzz_tmpl.c src/core/tmpl.c
 *   src/core/sbuf.c src/core/arena.c src/core/xalloc.c src/core/timefmt.c
 *   src/core/parse.c src/core/assets.c -ljansson -o build/fuzz_tmpl
 * Run:   build/fuzz_tmpl -max_total_time=30 tests/fuzz/corpus/tmpl
 */
#include <stdint.h>

#include "core/assets.h"
#include "core/sbuf.h"
#include "core/tmpl.h"

/* The fuzzer links no generated asset table; tmpl_set_load reads this one. */
#define LAYOUT "<title>{{title}}</title>{{#with user}}{{.username}}{{/with}}<main>{{raw content}}</main>"
#define PARTIAL "<p>{{.label}}{{#if .error}} {{.error}}{{/if}}</p>{{> partials/p .next}}"
const struct asset assets[] = {
	{ "templates/layout.html", (const unsigned char *)LAYOUT, sizeof(LAYOUT) - 1 },
	{ "templates/partials/p.html", (const unsigned char *)PARTIAL, sizeof(PARTIAL) - 1 },
	{ NULL, NULL, 0 },
};

static const char context[] =
	"{\"title\":\"Tô <b>&\",\"n\":1234567,\"neg\":-1000,\"r\":1234.5,\"z\":0,"
	"\"t\":1767200400,\"s\":\"a\\\"'<>&/?= ü\",\"e\":\"\",\"no\":false,\"yes\":true,"
	"\"nul\":null,\"arr\":[1,\"two\",{\"x\":3,\"arr\":[4,5]},[6],null,true],"
	"\"empty\":[],\"obj\":{\"a\":{\"b\":{\"c\":\"deep\"}},\"n\":-1},"
	"\"user\":{\"username\":\"lan\",\"display_name\":\"Lan\"},\"csrf\":\"tok\","
	"\"field\":{\"label\":\"L\",\"error\":\"E\",\"next\":{\"label\":\"M\"}},"
	"\"big\":9223372036854775807,\"small\":-9223372036854775808,\"huge\":1e300}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tmpl_set *base;
	static json_t *ctx;
	char err[256];
	if (!ctx) {
		ctx = json_loads(context, 0, NULL);
		if (!ctx || tmpl_set_load(&base, err, sizeof(err)))
			abort();
	}
	struct tmpl_set *set = tmpl_set_new();
	if (tmpl_set_parse(set, "layout", LAYOUT, sizeof(LAYOUT) - 1, err, sizeof(err)) ||
	    tmpl_set_parse(set, "partials/p", PARTIAL, sizeof(PARTIAL) - 1, err, sizeof(err)))
		abort();
	if (tmpl_set_parse(set, "fuzz", (const char *)data, size, err, sizeof(err)) == 0) {
		/* half the runs resolve partials up front, half by name at render */
		if (size & 1)
			(void)tmpl_set_check(set, err, sizeof(err));
		struct sbuf out = SBUF_INIT(1 << 16);
		int rc = tmpl_render(set, "fuzz", ctx, &out);
		if (rc == 0 && out.len > out.max)
			abort();
		sbuf_reset(&out);
		rc = tmpl_render_page(set, "fuzz", ctx, &out);
		if (rc != 0 && out.len != 0)
			abort();
		sbuf_release(&out);
		/* a small bound makes the overflow paths run too */
		struct sbuf small = SBUF_INIT(64);
		rc = tmpl_render_page(set, "fuzz", ctx, &small);
		if (rc == TMPL_ETOOBIG && sbuf_ok(&small))
			abort();
		sbuf_release(&small);
	} else if (!memchr(err, '\0', sizeof(err)) || strncmp(err, "template \"fuzz\"", 15)) {
		abort();
	}
	tmpl_set_free(set);
	return 0;
}
