/*
 * fuzz_search.c - libFuzzer target for search: the bytes up to the first
 * NUL are what a person typed (store/search.h search_query_parse), the
 * rest a stored text to highlight (app/search.h). Checks that a parsed
 * query is always accepted by FTS5 (run against an in-memory index with
 * the real columns: never a syntax error), holds nothing but quoted folded
 * words, and that highlighting always yields valid UTF-8 HTML whose only
 * tags are <mark> and </mark>.
 *
 * fuzz-check-runs: 5000
 */
#include <stdint.h>
#include <sqlite3.h>

#include "app/search.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "store/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                     \
			abort();                                               \
		}                                                              \
	} while (0)

static sqlite3 *db;
static sqlite3_stmt *match;

static void setup(void)
{
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db,
			   "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, place, internal, tags, "
			   "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4');"
			   "INSERT INTO search_fts VALUES ('dan van kheo', 'khoa hoc', 'hoa binh', NULL, 'vpub u1');",
			   NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1", -1, &match,
				 NULL) == SQLITE_OK);
}

static void check_match(const char *m)
{
	sqlite3_bind_text(match, 1, m, -1, SQLITE_STATIC);
	int rc = sqlite3_step(match);
	if (rc != SQLITE_ROW)
		fprintf(stderr, "FTS5 refused: %s: %s\n", m, sqlite3_errmsg(db));
	CHECK(rc == SQLITE_ROW);
	sqlite3_reset(match);
	/* after the column filter: quoted strings, spaces, stars, one ')' */
	const char *p = strstr(m, " : (");
	CHECK(p);
	int in_str = 0;
	for (p += 4; p[1]; p++) {
		if (*p == '"')
			in_str = !in_str;
		else if (!in_str)
			CHECK(*p == ' ' || *p == '*');
	}
	CHECK(!in_str && *p == ')');
}

static void check_html(const char *h)
{
	size_t n = strlen(h);
	CHECK(n == 0 || utf8_valid(h, n));
	for (const char *p = h; *p; p++) {
		if (*p == '<') {
			CHECK(!strncmp(p, "<mark>", 6) || !strncmp(p, "</mark>", 7));
			p = strchr(p, '>');
			CHECK(p);
		} else {
			CHECK(*p != '>' && *p != '"' && *p != '\'');
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	const char *s = (const char *)data;
	const char *nul = memchr(s, '\0', size);
	size_t qlen = nul ? (size_t)(nul - s) : size;
	const char *text = nul ? nul + 1 : "";
	size_t tlen = nul ? size - qlen - 1 : 0;

	struct arena a;
	arena_init(&a, 4096);
	struct search_query q;
	int rc = search_query_parse(&a, s, qlen, &q);
	CHECK(rc == SEARCH_OK || rc == SEARCH_INVALID_UTF8);
	if (rc == SEARCH_OK && q.match) {
		CHECK(q.nterms >= 1 && q.nterms <= SEARCH_MAX_TERMS);
		for (size_t i = 0; i < q.nterms; i++) {
			CHECK(q.terms[i].len == strlen(q.terms[i].word) && q.terms[i].len > 0);
			CHECK(!strpbrk(q.terms[i].word, " \"*"));
		}
		check_match(q.match);
		check_match(q.match_public);
	} else {
		CHECK(!q.match && !q.nterms);
	}
	char *h = NULL;
	CHECK(search_highlight_html(&a, text, tlen, rc == SEARCH_OK ? &q : NULL, &h) == 0);
	check_html(h);
	int marked = 0;
	CHECK(search_snippet_html(&a, text, tlen, rc == SEARCH_OK ? &q : NULL, 80, &h, &marked) == 0);
	check_html(h);
	CHECK(marked == (strstr(h, "<mark>") != NULL));
	arena_release(&a);
	return 0;
}
