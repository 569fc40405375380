/*
 * search.h - the one full-text index of danvan and its query language.
 *
 * THE INDEX (SQLite FTS5, migrations/sqlite/0004_search.sql, docs/search.md)
 * is the virtual table `search_fts` with four columns of folded text
 * (core/vntext.h vntext_fold): title, body, place, internal, and a fifth,
 * `tags`, of facet tokens for filtering inside the index (below). Every
 * kind of content is a range of its rowid: rowid = SEARCH_ROWID(kind, id),
 * where id is the row's id in the kind's own table. Triggers on the kind's
 * table keep the index in step: an update or deletion in the same
 * transaction; a NEW row is queued (table search_pending, same transaction,
 * migrations/sqlite/0006_search_queue.sql) and indexed in batches by
 * search_index_pending(), because FTS5 pays a segment write and merges per
 * transaction (a batch of a thousand costs a fraction of a thousand small
 * ones). Until then the row is in every list but not in search results;
 * whoever inserts decides when to index: the submission writer
 * (app/submit.h) soon after, the direct paths at once. `internal` holds text only
 * officers may search (the original of a redacted item): public searches
 * use search_query.match_public, which never looks at it.
 *
 * VISIBILITY stays in SQL: a query for one kind joins its table by primary
 * key and applies that kind's rules there (the index holds private items
 * too): see feedback_row_list() in store/feedback.h. The facet tokens only
 * narrow the candidates inside FTS5 before that join (an officer of one
 * ward searching a common word must not join half a million rows), so a
 * wrong token could hide an item but never show one.
 *
 * FACETS of a feedback item (tags column, written by the SQL function
 * vn_feedback_tags() that search_sqlite_register() installs):
 *   vpub       public and published or closed (what the public list shows)
 *   s<status>  "sreceived", "spublished", ... (store/feedback.h names)
 *   u<id>      the unit whose scope it is in: handling unit, else intake unit
 *   h<id>      the handling unit
 *   a<id>      the account that recorded it
 *   c<id>      the category
 *   m<yyyymm>  the month it was received, Vietnam time ("m202603")
 *
 * RESULTS are bounded: a query considers at most SEARCH_MAX_RESULTS
 * matching items, the most recent ones (highest ids) first, and ranks
 * those. A precise query (fewer matches) is ranked in full; a query that
 * matches a large part of the database ("tại", "đường") answers in bounded
 * time with the best of its most recent matches and a total of "more than
 * SEARCH_MAX_RESULTS". The rank, vn_rank(), is BM25 without its IDF
 * factor: every result holds every query word, and the IDF needs a scan of
 * each word's whole posting list (150 ms for a common word over a million
 * items); what remains is term frequency saturated and normalised by field
 * length, weighted title 4, place 2, body 1, internal 1, tags 0. Lower is
 * better (ORDER BY rank).
 *
 * THE QUERY LANGUAGE. search_query_parse() turns whatever a person typed
 * into a MATCH expression that is always valid FTS5 syntax and can only
 * mean "all these words": each word is folded like the index and written as
 * an FTS5 string ("word"), so FTS5 operators typed by a person (OR, NOT,
 * NEAR, AND, *, ^, :, parentheses, column names) are plain words or
 * nothing. Words in double quotes (also “ ” „ « » and the fullwidth ＂) stay
 * together as a phrase; an unbalanced quote is ignored. The last word is a
 * prefix ("dan van kh" finds "Dân vận khéo") when the text does not end
 * with a space or punctuation and it has SEARCH_MIN_PREFIX to
 * SEARCH_MAX_PREFIX letters (folded). A longer last word is matched whole:
 * FTS5 answers a prefix longer than its prefix indexes by merging the
 * posting lists of every word that starts with it (55 ms for "duong*" over
 * a million items), while a Vietnamese syllable folds to at most 7 letters,
 * so one of 5 or more typed is nearly always complete. Only the first
 * SEARCH_MAX_INPUT bytes and SEARCH_MAX_TERMS words are used; a repeated
 * word counts once.
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
#define SEARCH_KIND_MEETING 2
#define SEARCH_KIND_CONSULTATION 3
#define SEARCH_KIND_MODEL 4
#define SEARCH_KIND_ARTICLE 5
#define SEARCH_KIND_SHIFT 40
#define SEARCH_ROWID(kind, id) (((int64_t)(kind) << SEARCH_KIND_SHIFT) + (int64_t)(id))
/* The same as SQL text, for queries: rowid - SEARCH_FEEDBACK_BASE_SQL = id. */
#define SEARCH_FEEDBACK_BASE_SQL "1099511627776"

/* PostgreSQL: the feedback kind's rows of the index are kept in partitions
 * of this many keys each (migrations/postgresql/0049) */
#define SEARCH_PART_KEYS 65536
#define SEARCH_MAX_RESULTS 1000 /* matching items a query considers (most recent first) */
#define SEARCH_MAX_INPUT 1000  /* bytes of the typed text that are read */
#define SEARCH_MAX_TERMS 16    /* words used, phrase words included */
#define SEARCH_MIN_PREFIX 2    /* shortest last word (bytes, folded) made a prefix */
#define SEARCH_MAX_PREFIX 4    /* longest: the index has prefix indexes of 2, 3 and 4 */

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
	const char *match;         /* FTS5 MATCH over the text columns (internal too);
	                              NULL when the text held no word (then search
	                              nothing: list as usual) */
	const char *match_public;  /* the same over title, body and place only */
	const char *tsquery;       /* the same words as PostgreSQL to_tsquery('simple', ...)
	                              text over search_fts.doc: quoted lexemes joined by &,
	                              a phrase's words by <->, the prefix as :* */
	const char *tsquery_public; /* the same, each lexeme restricted to the weights of
	                              title, place and body (:ABC) */
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

/* --- facets ------------------------------------------------------------------ */

struct sbuf;

/* The syntax facet conditions are written in. */
enum search_syntax {
	SEARCH_FTS5 = 0,    /* SQLite: appended to the MATCH expression */
	SEARCH_TSQUERY = 1, /* PostgreSQL: a tsquery of its own over search_fts.facets */
};

/*
 * Append a facet condition. FTS5: to a MATCH expression being built in sb
 * (which already holds the text part): begin writes ' AND tags : (', each
 * add one token ("u5", "spublished"; ' OR ' between them), end the ')'.
 * TSQUERY: to a tsquery over the facets alone (sb starts empty): begin
 * writes '(' (' & (' after a group), add one quoted token (' | ' between
 * them), end ')'. An empty group (begin then end) matches nothing: callers
 * add at least one token. _months appends a whole group: every m<yyyymm>
 * of the Vietnam-time months that [from, to) touches, when both are set
 * and it spans at most 48 months (else nothing: the SQL filter alone
 * applies). All return 0, or -1 when sb is full.
 */
int search_facet_begin_syn(struct sbuf *sb, enum search_syntax syn);
int search_facet_add_int_syn(struct sbuf *sb, enum search_syntax syn, const char *prefix, int64_t v);
int search_facet_add_str_syn(struct sbuf *sb, enum search_syntax syn, const char *prefix, const char *s);
int search_facet_end(struct sbuf *sb);
int search_facet_months_syn(struct sbuf *sb, enum search_syntax syn, int64_t from, int64_t to);
/* The same in FTS5 syntax (SQLite). */
int search_facet_begin(struct sbuf *sb);
int search_facet_add_int(struct sbuf *sb, const char *prefix, int64_t v);
int search_facet_add_str(struct sbuf *sb, const char *prefix, const char *s);
int search_facet_months(struct sbuf *sb, int64_t from, int64_t to);

/*
 * The facet tokens of a feedback item (above), space-separated, into buf
 * (at least SEARCH_TAGS_MAX bytes): public is 0/1, status the status name,
 * and each id 0 when NULL. What vn_feedback_tags() gives on SQLite and
 * search_index_pending() stores on PostgreSQL. Returns the length.
 */
#define SEARCH_TAGS_MAX 256
size_t search_feedback_tags(char *buf, int pub, const char *status, int64_t unit_id, int64_t intake_unit_id,
			    int64_t created_by, int64_t category_id, int64_t received_at, int has_received);

/* --- engine ------------------------------------------------------------------- */

struct sqlite3;

/*
 * Install on a new SQLite connection what the index and its triggers need:
 * vn_fold(text) (vntext_fold; NULL for NULL, and for text that is not
 * UTF-8, which is then not indexed rather than failing the write),
 * vn_feedback_tags(public, status, unit_id, intake_unit_id, created_by,
 * category_id, received_at) (the facet tokens above) and the FTS5 ranking
 * function vn_rank(). Called by store/db_sqlite.c db_open(). Returns 0, or
 * -1 (the connection is then unusable for search and writes to items).
 */
int search_sqlite_register(struct sqlite3 *h);

/* --- maintenance ------------------------------------------------------------ */

/*
 * Index up to `max` queued rows (max <= 0: all of them), oldest first, in
 * one transaction of its own (so not inside one): the rows are read as they
 * are now, inserted into search_fts, and leave the queue in the same
 * transaction. *done (may be NULL) is the number indexed; *left (may be
 * NULL) is how many still wait. Cheap when the queue is empty (no write
 * transaction is started). Returns DB_OK or a negative enum db_rc; on
 * failure nothing changed and the rows stay queued.
 */
int search_index_pending(struct db *db, int64_t max, int64_t *done, int64_t *left);

/*
 * Merge the index's segments, at most about `pages` pages of work, in a
 * transaction of its own (FTS5 'merge'): levels holding `usermerge` (4)
 * segments or more are merged, which the automatic merging of new data
 * (automerge 16, 0006_search_queue.sql) leaves to idle moments. *worked
 * (may be NULL) is 1 when there was something to merge, 0 when the index
 * is as merged as it gets. Returns DB_OK or a negative enum db_rc.
 */
int search_merge(struct db *db, int pages, int *worked);

/*
 * Rebuild the whole index from the source rows (after a change of
 * vntext_fold, or to repair): one transaction of its own, so not inside
 * one. Returns DB_OK or a negative enum db_rc.
 */
int search_rebuild(struct db *db);

/*
 * PostgreSQL: write again the index rows of the kinds whose text is folded
 * in C when they are written (articles, consultations, meetings), for rows
 * written without their store (search_rebuild(), a bulk demo). SQLite's
 * triggers keep those: DB_OK. Transactions of its own, so not inside one.
 */
int search_index_folded_pg(struct db *db);

/*
 * Index what is queued (search_index_pending), then check the index,
 * including that it matches the source rows: DB_OK, or
 * DB_ERROR when it does not (the cause is logged; search_rebuild()
 * repairs it).
 */
int search_check(struct db *db);

/* Number of indexed documents of a kind (0 = every kind); queued rows are
 * not counted. */
int search_count(struct db *db, int kind, int64_t *n);

#endif
