/*
 * search.h - showing what a search found: the words of a query highlighted
 * in the ORIGINAL text, diacritics intact, as safe HTML.
 *
 * The index holds folded text (store/search.h), so FTS5's own snippet()
 * would show "dan van kheo". Instead each word of the stored text is folded
 * here exactly as the index folds it (core/vntext.h vntext_fold: case,
 * diacritics, đ -> d, both tone placements) and compared with the query's
 * folded words: a word matches when its key equals a query word, or starts
 * with a prefix word (the last word being typed). Words of quoted phrases
 * are highlighted one by one. Matched words become <mark>...</mark>;
 * neighbouring matches separated only by spaces share one mark ("<mark>Dân
 * vận</mark>").
 *
 * Safety: the output is HTML in which every byte of the text is escaped
 * (& < > " ' as entities, so it is also safe inside a quoted attribute) and
 * the only tags are <mark> and </mark>; print it unescaped
 * ({{raw ...}}). Only the text passed in can appear in the output, so give
 * it what the viewer may see (the public, redacted text for the public).
 *
 * Input text must be valid UTF-8 (stored text always is); a byte that is
 * not, and a NUL, is shown as U+FFFD "�". Results live in the caller's arena. Returns
 * 0, or -1 when the arena is exhausted. Thread-safe: a read-only table of
 * folded characters is built once (pthread_once).
 */
#ifndef DANVAN_APP_SEARCH_H
#define DANVAN_APP_SEARCH_H

#include <stddef.h>

#include "store/search.h"

struct arena;

/* The default length of a snippet, in characters (code points). */
#define SEARCH_SNIPPET_CHARS 200

/*
 * The whole text, escaped, with its matching words marked (for titles).
 * With no query words (q NULL or q->nterms 0), just the escaped text.
 */
int search_highlight_html(struct arena *a, const char *text, size_t len, const struct search_query *q,
			  char **out);

/*
 * A snippet of at most max_chars characters of the text (plus "…" at
 * either end where it was cut), escaped, its matching words marked: the
 * window starts a little before the first matching word, on a word
 * boundary; with no match it is the beginning of the text. Line breaks and
 * runs of white space become single spaces. *matched (may be NULL) is set
 * to 1 when the snippet holds at least one mark.
 */
int search_snippet_html(struct arena *a, const char *text, size_t len, const struct search_query *q,
			size_t max_chars, char **out, int *matched);

#endif
