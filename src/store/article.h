/*
 * article.h - the SQL of news (tin tức): articles, their slugs (current
 * and old), tags, pinned related articles, corrections, images, links to
 * other records, the news version stamp and the articles' rows of the
 * search index (kind SEARCH_KIND_ARTICLE). Schema:
 * migrations/sqlite/0021_news.sql. This layer stores what it is given;
 * the rules (who may write, slugs, statuses) are app/article.h's.
 *
 * VISIBILITY. An article is public when its status is "published" or
 * "scheduled" and publish_at <= now: a scheduled article becomes public at
 * its time without any write. Lists take `now` and a flag for that rule.
 *
 * SEARCH. SQLite: triggers keep search_fts in step inside each writing
 * transaction. PostgreSQL: every function below that changes an indexed
 * column (title, lead, body, status, unit) rewrites the article's row of
 * search_fts, folded in C, in the caller's transaction (article_index()).
 *
 * OWNERSHIP. Strings and arrays are copied into the caller's arena.
 * FAILURE. Functions return DB_OK, DB_NOTFOUND where a row is looked up,
 * or a negative enum db_rc (DB_CONSTRAINT for a slug or tag taken). Write
 * functions must run inside the caller's transaction (db_begin), which
 * also appends the audit entry. Any thread with its own connection.
 */
#ifndef DANVAN_STORE_ARTICLE_H
#define DANVAN_STORE_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define ARTICLE_SLUG_MAX 100

struct article {
	int64_t id;
	const char *slug;
	const char *title;
	const char *lead;
	const char *body;              /* NULL in lists */
	const char *status;            /* "draft", "scheduled", "published", "unpublished" */
	int64_t publish_at;            /* 0 while a draft never published */
	int64_t unit_id;
	const char *unit_code, *unit_name;
	int64_t author_id;             /* 0: the system */
	const char *author_name;       /* display name, NULL for the system */
	int64_t image_id;              /* 0: none */
	int64_t created_at, updated_at;
	int public_now;                /* set by lists and gets: public at their `now` */
};

struct article_list {
	struct article *items;
	size_t n;
	int64_t total;                 /* matching rows (all pages) */
};

/* --- writing (inside a transaction) ------------------------------------------ */

/* Insert a new article (a->id ignored); *id the new id. */
int article_insert(struct db *db, const struct article *a, int64_t now, int64_t *id);
/* Change title, lead, body (NULL: keep) and the slug (NULL: keep). A
 * changed slug moves the old one to article_old_slugs. */
int article_update_text(struct db *db, int64_t id, const char *slug, const char *title, const char *lead,
			const char *body, int64_t now);
/* Set status and publish_at (0: NULL). */
int article_set_status(struct db *db, int64_t id, const char *status, int64_t publish_at, int64_t now);
/* Replace the tags: each name's slug (folded, '-' separated) is looked up
 * or created. slugs[i] and names[i]. */
int article_set_tags(struct db *db, int64_t id, const char *const *slugs, const char *const *names, size_t n);
/* Replace the pinned related articles, in order. */
int article_set_pins(struct db *db, int64_t id, const int64_t *related, size_t n);
/* Replace the links to records: kinds[i] ("meeting", "consultation",
 * "model", "feedback") and refs[i]. */
int article_set_links(struct db *db, int64_t id, const char *const *kinds, const char *const *refs, size_t n);
/* Log a correction with the text as it was before. */
int article_correction_insert(struct db *db, int64_t id, int64_t at, int64_t author_id, const char *note,
			      const char *old_title, const char *old_lead, const char *old_body);
/* Append to the article's timeline (the news stamp). */
int article_event(struct db *db, int64_t id, int64_t at, const char *type, int64_t actor_id);
/* PostgreSQL: write the article's search row from its current values
 * (nothing on SQLite, where triggers do it). */
int article_index(struct db *db, int64_t id);

/* PostgreSQL: write the search rows of every article (search_rebuild(),
 * inside its transaction); nothing on SQLite. */
int article_index_all(struct db *db);

/* --- reading ------------------------------------------------------------------ */

/* By current slug (DB_NOTFOUND when none), with body. */
int article_get_by_slug(struct db *db, struct arena *a, const char *slug, int64_t now, struct article *out);
int article_get_by_id(struct db *db, struct arena *a, int64_t id, int64_t now, struct article *out);
/* The current slug of the article that once had `old` (DB_NOTFOUND). */
int article_slug_moved(struct db *db, struct arena *a, const char *old, const char **current);
/* 1 when `slug` is some article's current or old slug other than
 * `except_id`'s (0: none), 0 when free, negative on error. */
int article_slug_taken(struct db *db, const char *slug, int64_t except_id);

struct article_tag {
	const char *slug, *name;
};
int article_tags(struct db *db, struct arena *a, int64_t id, struct article_tag **tags, size_t *n);
/* A tag's name by slug (DB_NOTFOUND). */
int article_tag_name(struct db *db, struct arena *a, const char *slug, const char **name);

struct article_correction {
	int64_t at;
	const char *note;
	const char *author_name;
};
int article_corrections(struct db *db, struct arena *a, int64_t id, struct article_correction **out, size_t *n);

struct article_link {
	const char *kind, *ref;
};
int article_links(struct db *db, struct arena *a, int64_t id, struct article_link **out, size_t *n);
/* Public articles linking to a record (kind, ref): for the record's page. */
int article_linking(struct db *db, struct arena *a, const char *kind, const char *ref, int64_t now,
		    size_t max, struct article_list *out);

/* Pinned related article ids of an article, in order. */
int article_pins(struct db *db, struct arena *a, int64_t id, struct article_list *out);

struct article_filter {
	int64_t now;
	int public_only;               /* only articles public at now */
	const int64_t *scope;          /* else: public ones plus any in these units */
	size_t nscope;
	const char *tag;               /* tag slug */
	const int64_t *units;          /* only these units (a unit and its descendants) */
	size_t nunits;
	const char *status;            /* only this status */
	const char *match;             /* FTS5 MATCH (SQLite) or tsquery text (PostgreSQL) over
	                                  the article range; results ranked best first */
	const int64_t *exclude;        /* leave these ids out */
	size_t nexclude;
	int64_t offset, limit;         /* limit 1..100 */
};
/* A page of articles, newest first (best first with a match). */
int article_list(struct db *db, struct arena *a, const struct article_filter *f, struct article_list *out);

/*
 * Candidates for "Có thể bạn quan tâm", public at now, never the article
 * itself nor `exclude`: by shared tags (most shared first, then newest),
 * or by units (the article's unit and its ancestors: ids in `units`,
 * newest first). At most max.
 */
int article_by_shared_tags(struct db *db, struct arena *a, int64_t id, int64_t now, const int64_t *exclude,
			   size_t nexclude, size_t max, struct article_list *out);

/*
 * The news version stamp (web/cache.h, store/stamp.h layout): the latest
 * article event's id and time, changed also when a scheduled article
 * becomes due (the number of due scheduled articles and the latest due
 * time count in it). Never negative. On PostgreSQL under `danvan serve`
 * kept in memory (store/stamp_pg.h, key "a:*", announced by
 * migrations/postgresql/0032_news_stamp_notify.sql) until the next
 * scheduled publish_at.
 */
int article_stamp(struct db *db, int64_t now, int64_t *stamp);

/* --- images -------------------------------------------------------------------- */

struct article_image {
	int64_t id;
	const char *mime;
	int64_t width, height, size;
	const char *alt;
	const void *data;              /* NULL in lists */
	int64_t created_at;
};
int article_image_insert(struct db *db, int64_t article_id, int64_t unit_id, const char *mime, int64_t width,
			 int64_t height, const char *alt, const void *data, size_t len, int64_t now,
			 int64_t created_by, int64_t *id);
/* With data (copied to the arena). */
int article_image_get(struct db *db, struct arena *a, int64_t id, struct article_image *out);
/* The article an image belongs to (0: none). */
int article_image_owner(struct db *db, int64_t image_id, int64_t *article_id);
int article_images(struct db *db, struct arena *a, int64_t article_id, struct article_image **out, size_t *n);

/* --- tables that may exist ------------------------------------------------------ */

/* 1 when a table of that name exists (other domains' tables, for the home
 * page), 0 when not, negative on error. */
int article_table_exists(struct db *db, const char *name);

#endif
