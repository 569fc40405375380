/*
 * fuzz_batchtab.c - libFuzzer target for core/batchtab (the petitions of a
 * meeting pasted as a table or uploaded as CSV) and for the ISO time parser
 * of meetings (app/meeting.h meeting_time_parse()). Nothing may crash or
 * read out of bounds; every row kept has a line number within the input's
 * lines, at most BATCHTAB_COLS cells, each a NUL-terminated string.
 *
 * fuzz-check-runs: 10000
 */
#include <stdint.h>
#include <string.h>

#include "app/meeting.h"
#include "core/arena.h"
#include "core/batchtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond))                                                     \
			__builtin_trap();                                        \
	} while (0)

static void check_rows(const struct batchtab_row *r, size_t n, size_t lines)
{
	for (size_t i = 0; i < n; i++) {
		CHECK(r[i].line >= 1 && (size_t)r[i].line <= lines);
		CHECK(r[i].ncols >= 1);
		for (int c = 0; c < r[i].ncols && c < BATCHTAB_COLS; c++)
			CHECK(r[i].col[c] && strlen(r[i].col[c]) <= 1u << 20);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const heads[] = { "title", NULL };
	struct batchtab_row rows[16];
	size_t n = 0, lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	struct arena a;
	arena_init(&a, 4096);
	int rc = batchtab_parse_table(&a, (const char *)data, size, rows, 16, &n);
	CHECK(rc == BATCHTAB_OK || rc == BATCHTAB_TOO_MANY);
	check_rows(rows, n, lines);
	rc = batchtab_parse_csv(&a, (const char *)data, size, heads, rows, 16, &n);
	CHECK(rc == BATCHTAB_OK || rc == BATCHTAB_TOO_MANY);
	check_rows(rows, n, lines);
	char s[48];
	size_t k = size < sizeof(s) - 1 ? size : sizeof(s) - 1;
	memcpy(s, data, k);
	s[k] = '\0';
	int64_t t;
	if (meeting_time_parse(s, &t) == 0)
		CHECK(t > 946684800 - 15 * 3600 && t < 4133980800 + 15 * 3600); /* 2000..2100 */
	arena_release(&a);
	return 0;
}
