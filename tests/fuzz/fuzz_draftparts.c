/*
 * fuzz_draftparts.c - libFuzzer target for core/draftparts: splits arbitrary
 * bytes (a draft typed or pasted by an officer) and checks what
 * draftparts.h promises: every label unique, non-empty and within
 * DRAFT_LABEL_MAX, every text NUL-terminated at its length with no "\r"
 * before a line end and no trailing blank, at most DRAFT_MAX_PARTS parts,
 * and splitting the parts' texts joined again gives the same labels.
 */
#include <stdint.h>

#include "core/arena.h"
#include "core/draftparts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                     \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct arena a;
	arena_init(&a, 8192);
	struct draft_part *p;
	size_t n;
	int rc = draftparts_split(&a, (const char *)data, size, &p, &n);
	CHECK(rc == DRAFT_OK || rc == DRAFT_TOO_MANY);
	if (rc == DRAFT_OK) {
		CHECK(n <= DRAFT_MAX_PARTS);
		CHECK((n == 0) == (p == NULL));
		size_t total = 0;
		for (size_t i = 0; i < n; i++) {
			size_t ll = strlen(p[i].label);
			CHECK(ll > 0 && ll <= DRAFT_LABEL_MAX);
			CHECK(p[i].text[p[i].len] == '\0');
			CHECK(p[i].len > 0 || p[i].level != DRAFT_PREAMBLE);
			if (p[i].len) {
				char last = p[i].text[p[i].len - 1];
				CHECK(last != '\n' && last != ' ' && last != '\t' && last != '\r');
			}
			CHECK(!memmem(p[i].text, p[i].len, "\r\n", 2));
			for (size_t j = 0; j < i; j++)
				CHECK(strcmp(p[i].label, p[j].label) != 0);
			total += p[i].len + 1;
		}
		/* the parts joined again split into the same labels */
		char *joined = arena_alloc(&a, total + 1);
		CHECK(joined);
		size_t o = 0;
		for (size_t i = 0; i < n; i++) {
			memcpy(joined + o, p[i].text, p[i].len);
			o += p[i].len;
			joined[o++] = '\n';
		}
		struct draft_part *q;
		size_t m;
		CHECK(draftparts_split(&a, joined, o, &q, &m) == DRAFT_OK);
		CHECK(m == n);
		for (size_t i = 0; i < n; i++)
			CHECK(!strcmp(p[i].label, q[i].label));
	}
	arena_release(&a);
	return 0;
}
