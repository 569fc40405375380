/*
 * search.h - the one full-text index of danvan and its query language.
 *
 * THE INDEX (SQLite FTS5, migrations/sqlite/0004_search.sql, docs/search.md)
 * is the virtual table `search_fts` with four columns of folded text
 * (core/vntext.h vntext_fold): title, body, place, internal. Every kind of
 * content is a range of its rowid: rowid = SEARCH_ROWID(kind, id), where id
 * is the row's id in the kind's own table. Triggers on the kind's table keep
 * the index in the same transaction as every write, so nothing here needs
 * calling on insert or update. A query for one kind joins its table by
 * primary key and applies that kind's visibility rules itself (the index
 * holds private items too): see feedback_row_list() in store/feedback.h.
 * `internal` holds text only officers may search (the original of a
 * redacted item): public searches use search_query.match_public, which
 * never looks at it.
 *
 * THE QUERY LANGUAGE. search_query_parse() turns whatever a person typed
 * into a MATCH expression that is always valid FTS5 syntax and can only
 * mean "all these words": each word is folded like the index and written as
 * an FTS5 string ("word"), so FTS5 operators typed by a person (OR, NOT,
 * NEAR, AND, *, ^, :, parentheses, column names) are plain words or
 * nothing. Words in double quotes (also “ ” „ « » and the fullwidth ＂) stay
 * together as a phrase; an unbalanced quote is ignored. The last word is a
 * prefix ("dan van kh" finds "Dân vận khéo") when the text does not end
 * with a space or punctuation and it has at least SEARCH_MIN_PREFIX
 * characters. Only the first SEARCH_MAX_INPUT bytes and SEARCH_MAX_TERMS
 * words are used; a repeated word counts once.
 *
 * Ownership: every string and array of a struct search_query lives in the
 * caller's arena. Thread-safe (no state).
 */
#ifndef DANVAN_STORE_SEARCH_H
#define DANVAN_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* Kinds of content: the rowid range of search_fts. Never reuse a number. */
#define SEARCH_KIND_FEEDBACK 1
#define SEARCH_KIND_SHIFT 40
#define SEARCH_ROWID(kind, id) (((int64_t)(kind) << SEARCH_KIND_SHIFT) + (int64_t)(id))
/* The same as SQL text, for queries: rowid - SEARCH_FEEDBACK_BASE_SQL = id. */
#define SEARCH_FEEDBACK_BASE_SQL "1099511627776"

#define SEARCH_MAX_INPUT 1000  /* bytes of the typed text that are read */
#define SEARCH_MAX_TERMS 16    /* words used, phrase words included */
#define SEARCH_MIN_PREFIX 2    /* shortest last word (bytes, folded) made a prefix */

enum search_rc {
	SEARCH_OK = 0,
	SEARCH_NOMEM = -1,         /* the arena is exhausted */
	SEARCH_INVALID_UTF8 = -2,  /* the typed text is not UTF-8 (nothing to search) */
};

/* One word of a query, folded: lower-case letters and digits only (ASCII for
 * Vietnamese), never empty, never a space or a quote. */
struct search_term {
	const char *word;
	size_t len;
	int prefix;                /* 1: also matches any word that starts with it */
	int phrase;                /* 1: part of a quoted phrase of several words */
};

struct search_query {
	const char *match;         /* FTS5 MATCH over every column; NULL when the text
	                              held no word (then search nothing: list as usual) */
	const char *match_public;  /* the same over title, body and place only */
	struct search_term *terms; /* distinct words in the order typed, for highlighting */
	size_t nterms;
	int truncated;             /* text or words beyond the limits were dropped */
};

/*
 * Parse typed text (len bytes; NUL not needed). On SEARCH_OK, out->match
 * is NULL when nothing searchable remains ("", "***", "OR (", emoji only).
 * SEARCH_INVALID_UTF8 when the first SEARCH_MAX_INPUT bytes are not valid
 * UTF-8 (out is then empty, as for no words); SEARCH_NOMEM when the arena
 * is exhausted.
 */
int search_query_parse(struct arena *a, const char *typed, size_t len, struct search_query *out);

/* --- maintenance ------------------------------------------------------------ */

/*
 * Rebuild the whole index from the source rows (after a change of
 * vntext_fold, or to repair): one transaction of its own, so not inside
 * one. Returns DB_OK or a negative enum db_rc.
 */
int search_rebuild(struct db *db);

/*
 * Check the index, including that it matches the source rows: DB_OK, or
 * DB_ERROR when it does not (the cause is logged; search_rebuild()
 * repairs it).
 */
int search_check(struct db *db);

/* Number of indexed documents of a kind (0 = every kind). */
int search_count(struct db *db, int kind, int64_t *n);

#endif
