/*
 * article.c - the SQL of news: articles and what hangs off them (slugs,
 * tags, pins, corrections, images, links, timeline), their lists and the
 * candidates for related articles, on both engines (store/article.h).
 */
#include "store/article.h"
#include "core/arena.h"
#include "core/vntext.h"
#include "store/db.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search.h"
#include "store/stamp.h"
#include "store/stamp_pg.h"

#define ARTICLE_BASE_SQL "5497558138880" /* SEARCH_ROWID(SEARCH_KIND_ARTICLE, 0) */

#define COLS                                                                                               \
	"a.id, a.slug, a.title, a.lead, a.status, a.publish_at, a.unit_id, u.code, u.name, a.author_id, "  \
	"acc.display_name, a.image_id, a.created_at, a.updated_at"
#define JOINS " JOIN units u ON u.id = a.unit_id LEFT JOIN accounts acc ON acc.id = a.author_id "
#define NCOLS 14
/* public at $now: written with the parameter number */
#define PUBLIC_AT(n) "(a.status IN ('published', 'scheduled') AND a.publish_at <= $" #n ")"

static int step_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

static int read_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct article *r = item;
	const int64_t *now = arg;
	int failed = 0;
	r->id = db_col_int(st, 0);
	r->slug = rows_text(st, 1, a, &failed);
	r->title = rows_text(st, 2, a, &failed);
	r->lead = rows_text_or_empty(st, 3, a, &failed);
	r->status = rows_text(st, 4, a, &failed);
	r->publish_at = rows_int_or(st, 5, 0);
	r->unit_id = db_col_int(st, 6);
	r->unit_code = rows_text(st, 7, a, &failed);
	r->unit_name = rows_text(st, 8, a, &failed);
	r->author_id = rows_int_or(st, 9, 0);
	r->author_name = rows_text(st, 10, a, &failed);
	r->image_id = rows_int_or(st, 11, 0);
	r->created_at = db_col_int(st, 12);
	r->updated_at = db_col_int(st, 13);
	r->public_now = (!strcmp(r->status ? r->status : "", "published") ||
			 !strcmp(r->status ? r->status : "", "scheduled")) &&
			r->publish_at && r->publish_at <= *now;
	return failed ? -1 : 0;
}

/* --- writing -------------------------------------------------------------------- */

int article_insert(struct db *db, const struct article *a, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO articles(slug, title, lead, body, unit_id, author_id, status, "
					    "publish_at, image_id, created_at, updated_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, a->slug);
	db_bind_text(st, 2, a->title);
	db_bind_text(st, 3, a->lead ? a->lead : "");
	db_bind_text(st, 4, a->body ? a->body : "");
	db_bind_int(st, 5, a->unit_id);
	db_bind_int_or_null(st, 6, a->author_id);
	db_bind_text(st, 7, a->status ? a->status : "draft");
	db_bind_int_or_null(st, 8, a->publish_at);
	db_bind_int_or_null(st, 9, a->image_id);
	db_bind_int(st, 10, a->created_at ? a->created_at : now);
	int rc = rows_one_int(st, id);
	if (rc == DB_NOTFOUND)
		rc = DB_ERROR;
	return rc < 0 ? rc : article_index(db, *id);
}

int article_update_text(struct db *db, int64_t id, const char *slug, const char *title, const char *lead,
			const char *body, int64_t now)
{
	if (slug) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO article_old_slugs(slug, article_id) "
						    "SELECT slug, id FROM articles WHERE id = $1 AND slug <> $2 "
						    "ON CONFLICT (slug) DO UPDATE SET article_id = excluded.article_id");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, slug);
		int rc = step_done(st);
		if (rc < 0)
			return rc;
		/* a slug the article had before and gets back is current again */
		st = db_prepare(db, "DELETE FROM article_old_slugs WHERE slug = $1");
		if (!st)
			return DB_ERROR;
		db_bind_text(st, 1, slug);
		if ((rc = step_done(st)) < 0)
			return rc;
	}
	struct db_stmt *st = db_prepare(db, "UPDATE articles SET slug = coalesce($2, slug), title = coalesce($3, title), "
					    "lead = coalesce($4, lead), body = coalesce($5, body), updated_at = $6 "
					    "WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, slug);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, lead);
	db_bind_text(st, 5, body);
	db_bind_int(st, 6, now);
	int rc = step_done(st);
	return rc < 0 ? rc : article_index(db, id);
}

int article_set_status(struct db *db, int64_t id, const char *status, int64_t publish_at, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE articles SET status = $2, publish_at = $3, updated_at = $4 "
					    "WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_int_or_null(st, 3, publish_at);
	db_bind_int(st, 4, now);
	int rc = step_done(st);
	return rc < 0 ? rc : article_index(db, id);
}

static int delete_of(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return step_done(st);
}

int article_set_tags(struct db *db, int64_t id, const char *const *slugs, const char *const *names, size_t n)
{
	int rc = delete_of(db, "DELETE FROM article_tags WHERE article_id = $1", id);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO tags(slug, name) VALUES ($1, $2) "
						    "ON CONFLICT (slug) DO NOTHING");
		if (!st)
			return DB_ERROR;
		db_bind_text(st, 1, slugs[i]);
		db_bind_text(st, 2, names[i]);
		if ((rc = step_done(st)) < 0)
			return rc;
		st = db_prepare(db, "INSERT INTO article_tags(article_id, tag_id) SELECT $1, id FROM tags "
				    "WHERE slug = $2 ON CONFLICT DO NOTHING");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, slugs[i]);
		rc = step_done(st);
	}
	return rc;
}

int article_set_pins(struct db *db, int64_t id, const int64_t *related, size_t n)
{
	int rc = delete_of(db, "DELETE FROM article_pins WHERE article_id = $1", id);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO article_pins(article_id, related_id, position) "
						    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, related[i]);
		db_bind_int(st, 3, (int64_t)i);
		rc = step_done(st);
	}
	return rc;
}

int article_set_links(struct db *db, int64_t id, const char *const *kinds, const char *const *refs, size_t n)
{
	int rc = delete_of(db, "DELETE FROM article_links WHERE article_id = $1", id);
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO article_links(article_id, kind, ref) "
						    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, kinds[i]);
		db_bind_text(st, 3, refs[i]);
		rc = step_done(st);
	}
	return rc;
}

int article_correction_insert(struct db *db, int64_t id, int64_t at, int64_t author_id, const char *note,
			      const char *old_title, const char *old_lead, const char *old_body)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO article_corrections(article_id, at, author_id, note, "
					    "old_title, old_lead, old_body) VALUES ($1, $2, $3, $4, $5, $6, $7)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	db_bind_int_or_null(st, 3, author_id);
	db_bind_text(st, 4, note);
	db_bind_text(st, 5, old_title);
	db_bind_text(st, 6, old_lead);
	db_bind_text(st, 7, old_body);
	return step_done(st);
}

int article_event(struct db *db, int64_t id, int64_t at, const char *type, int64_t actor_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO article_events(article_id, at, type, actor_id) "
					    "VALUES ($1, $2, $3, $4)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	db_bind_text(st, 3, type);
	db_bind_int_or_null(st, 4, actor_id);
	return step_done(st);
}

static const char *fold_or_null(struct arena *a, const char *s)
{
	char *out = NULL;
	return s && vntext_fold(a, s, strlen(s), &out, NULL) == VNTEXT_OK ? out : NULL;
}

int article_index(struct db *db, int64_t id)
{
	if (!db_is_pg(db))
		return DB_OK; /* the triggers of 0021_news.sql */
	struct db_stmt *st = db_prepare(db, "SELECT title, lead || ' ' || body, status, unit_id FROM articles "
					    "WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc < 0 ? rc : DB_OK;
	}
	struct arena a;
	arena_init(&a, 16384);
	const char *title = fold_or_null(&a, db_col_text(st, 0));
	const char *body = fold_or_null(&a, db_col_text(st, 1));
	const char *status = db_col_text(st, 2);
	int pub = status && (!strcmp(status, "published") || !strcmp(status, "scheduled"));
	const char *tags = arena_printf(&a, "%ss%s u%lld", pub ? "vpub " : "", status ? status : "",
					(long long)db_col_int(st, 3));
	db_done(st);
	rc = DB_ERROR;
	st = db_prepare(db, "INSERT INTO search_fts(rowid, title, body, place, internal, tags) "
			    "VALUES ($1, $2, $3, NULL, NULL, $4) ON CONFLICT (rowid) DO UPDATE SET "
			    "title = excluded.title, body = excluded.body, place = NULL, internal = NULL, "
			    "tags = excluded.tags");
	if (st && tags) {
		db_bind_int(st, 1, SEARCH_ROWID(SEARCH_KIND_ARTICLE, id));
		db_bind_text(st, 2, title);
		db_bind_text(st, 3, body);
		db_bind_text(st, 4, tags);
		rc = step_done(st);
	} else if (st) {
		db_done(st);
	}
	arena_release(&a);
	return rc;
}

int article_index_all(struct db *db)
{
	if (!db_is_pg(db))
		return DB_OK;
	struct arena a;
	arena_init(&a, 16384);
	struct db_stmt *st = db_prepare(db, "SELECT id FROM articles ORDER BY id");
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = st ? DB_OK : DB_ERROR;
	while (st && (rc = db_step(st)) == DB_ROW) {
		if (rows_grow(&a, (void **)&ids, n, &cap, sizeof(*ids)) < 0) {
			rc = DB_ERROR;
			break;
		}
		ids[n++] = db_col_int(st, 0);
	}
	if (st)
		db_done(st);
	rc = rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
	for (size_t i = 0; rc == DB_OK && i < n; i++)
		rc = article_index(db, ids[i]);
	arena_release(&a);
	return rc;
}

/* --- reading -------------------------------------------------------------------- */

static int get_one(struct db *db, struct arena *a, const char *sql, int64_t id, const char *slug, int64_t now,
		   struct article *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	if (slug)
		db_bind_text(st, 1, slug);
	else
		db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof(*out));
		int failed = 0;
		if (read_row(st, a, out, &now) < 0)
			failed = 1;
		out->body = rows_text_or_empty(st, NCOLS, a, &failed);
		rc = failed ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int article_get_by_slug(struct db *db, struct arena *a, const char *slug, int64_t now, struct article *out)
{
	return get_one(db, a, "SELECT " COLS ", a.body FROM articles a" JOINS "WHERE a.slug = $1", 0, slug, now, out);
}

int article_get_by_id(struct db *db, struct arena *a, int64_t id, int64_t now, struct article *out)
{
	return get_one(db, a, "SELECT " COLS ", a.body FROM articles a" JOINS "WHERE a.id = $1", id, NULL, now, out);
}

int article_slug_moved(struct db *db, struct arena *a, const char *old, const char **current)
{
	struct db_stmt *st = db_prepare(db, "SELECT a.slug FROM article_old_slugs o JOIN articles a "
					    "ON a.id = o.article_id WHERE o.slug = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, old);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int failed = 0;
		*current = rows_text(st, 0, a, &failed);
		rc = failed ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int article_slug_taken(struct db *db, const char *slug, int64_t except_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT (SELECT count(*) FROM articles WHERE slug = $1 AND id <> $2) + "
					    "(SELECT count(*) FROM article_old_slugs WHERE slug = $1 AND article_id <> $2)");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, slug);
	db_bind_int(st, 2, except_id);
	int64_t n = 0;
	int rc = rows_one_int(st, &n);
	return rc < 0 ? rc : n > 0;
}

static int read_tag(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct article_tag *t = item;
	int failed = 0;
	t->slug = rows_text(st, 0, a, &failed);
	t->name = rows_text(st, 1, a, &failed);
	return failed ? -1 : 0;
}

int article_tags(struct db *db, struct arena *a, int64_t id, struct article_tag **tags, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT t.slug, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id "
					    "WHERE x.article_id = $1 ORDER BY t.name, t.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return rows_collect(st, a, sizeof(**tags), 0, read_tag, NULL, (void **)tags, n);
}

int article_tag_name(struct db *db, struct arena *a, const char *slug, const char **name)
{
	struct db_stmt *st = db_prepare(db, "SELECT slug, name FROM tags WHERE slug = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, slug);
	struct article_tag *t = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*t), 1, read_tag, NULL, (void **)&t, &n);
	if (rc < 0)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	*name = t->name;
	return DB_OK;
}

static int read_correction(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct article_correction *c = item;
	int failed = 0;
	c->at = db_col_int(st, 0);
	c->note = rows_text(st, 1, a, &failed);
	c->author_name = rows_text(st, 2, a, &failed);
	return failed ? -1 : 0;
}

int article_corrections(struct db *db, struct arena *a, int64_t id, struct article_correction **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT c.at, c.note, acc.display_name FROM article_corrections c "
					    "LEFT JOIN accounts acc ON acc.id = c.author_id WHERE c.article_id = $1 "
					    "ORDER BY c.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return rows_collect(st, a, sizeof(**out), 0, read_correction, NULL, (void **)out, n);
}

static int read_link(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct article_link *l = item;
	int failed = 0;
	l->kind = rows_text(st, 0, a, &failed);
	l->ref = rows_text(st, 1, a, &failed);
	return failed ? -1 : 0;
}

int article_links(struct db *db, struct arena *a, int64_t id, struct article_link **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT kind, ref FROM article_links WHERE article_id = $1 "
					    "ORDER BY kind, ref");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return rows_collect(st, a, sizeof(**out), 0, read_link, NULL, (void **)out, n);
}

static int collect(struct db_stmt *st, struct arena *a, int64_t now, size_t max, struct article_list *out)
{
	void *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(struct article), max, read_row, &now, &items, &n);
	out->items = items;
	out->n = n;
	out->total = (int64_t)n;
	return rc;
}

int article_linking(struct db *db, struct arena *a, const char *kind, const char *ref, int64_t now, size_t max,
		    struct article_list *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM article_links l JOIN articles a ON a.id = l.article_id"
					JOINS "WHERE l.kind = $1 AND l.ref = $2 AND " PUBLIC_AT(3)
					" ORDER BY a.publish_at DESC, a.id DESC");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, ref);
	db_bind_int(st, 3, now);
	return collect(st, a, now, max, out);
}

int article_pins(struct db *db, struct arena *a, int64_t id, struct article_list *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM article_pins p JOIN articles a ON a.id = p.related_id"
					JOINS "WHERE p.article_id = $1 ORDER BY p.position");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return collect(st, a, 0, 0, out);
}

static void q_ids(struct qbuild *q, const int64_t *ids, size_t n)
{
	q_sql(q, "(");
	for (size_t i = 0; i < n; i++) {
		if (i)
			q_sql(q, ", ");
		q_int(q, ids[i]);
	}
	q_sql(q, ")");
}

/* The WHERE of a list (the alias a is the article; s the index with a match). */
static void list_where(struct qbuild *q, const struct article_filter *f)
{
	q_sql(q, " WHERE ");
	if (f->public_only || !f->nscope) {
		q_sql(q, "(a.status IN ('published', 'scheduled') AND a.publish_at <= ");
		q_int(q, f->now);
		q_sql(q, ")");
	} else {
		q_sql(q, "((a.status IN ('published', 'scheduled') AND a.publish_at <= ");
		q_int(q, f->now);
		q_sql(q, ") OR a.unit_id IN ");
		q_ids(q, f->scope, f->nscope);
		q_sql(q, ")");
	}
	if (f->tag) {
		q_sql(q, " AND a.id IN (SELECT x.article_id FROM article_tags x JOIN tags t ON t.id = x.tag_id "
			 "WHERE t.slug = ");
		q_text(q, f->tag);
		q_sql(q, ")");
	}
	if (f->nunits) {
		q_sql(q, " AND a.unit_id IN ");
		q_ids(q, f->units, f->nunits);
	}
	if (f->status) {
		q_sql(q, " AND a.status = ");
		q_text(q, f->status);
	}
	if (f->nexclude) {
		q_sql(q, " AND a.id NOT IN ");
		q_ids(q, f->exclude, f->nexclude);
	}
}

static int run_count(struct db *db, struct qbuild *q, int64_t *n)
{
	if (q->failed)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(db, q->sql.buf);
	if (!st)
		return DB_ERROR;
	if (q_bind(q, st) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = rows_one_int(st, n);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int article_list(struct db *db, struct arena *a, const struct article_filter *f, struct article_list *out)
{
	memset(out, 0, sizeof(*out));
	int pg = db_is_pg(db);
	int64_t limit = f->limit < 1 ? 20 : f->limit > 100 ? 100 : f->limit;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	struct qbuild q;
	/* the count */
	q_init(&q, a);
	q_sql(&q, "SELECT count(*) FROM articles a");
	if (f->match)
		q_sql(&q, " JOIN search_fts s ON s.rowid = a.id + " ARTICLE_BASE_SQL);
	list_where(&q, f);
	if (f->match) {
		q_sql(&q, pg ? " AND s.doc @@ to_tsquery('simple', " : " AND s.search_fts MATCH ");
		q_text(&q, f->match);
		q_sql(&q, pg ? ")" : "");
		/* the articles' range of rowids: FTS5 then reads only those of the
		 * match instead of every kind's (a million feedback items) */
		q_sql(&q, " AND s.rowid >= " ARTICLE_BASE_SQL " AND s.rowid < " ARTICLE_BASE_SQL " + 1099511627776");
	}
	int64_t total = 0;
	int rc = run_count(db, &q, &total);
	q_release(&q);
	if (rc < 0)
		return rc;
	/* the page */
	q_init(&q, a);
	if (f->match) {
		q_sql(&q, "SELECT " COLS " FROM search_fts s JOIN articles a ON a.id = s.rowid - " ARTICLE_BASE_SQL JOINS);
	} else {
		q_sql(&q, "SELECT " COLS " FROM articles a" JOINS);
	}
	list_where(&q, f);
	if (f->match) {
		q_sql(&q, pg ? " AND s.doc @@ to_tsquery('simple', " : " AND s.search_fts MATCH ");
		q_text(&q, f->match);
		q_sql(&q, pg ? ")" : "");
		q_sql(&q, " AND s.rowid >= " ARTICLE_BASE_SQL " AND s.rowid < " ARTICLE_BASE_SQL " + 1099511627776");
		if (pg) {
			q_sql(&q, " ORDER BY ts_rank('{0.25,0.25,0.5,1}', s.doc, to_tsquery('simple', ");
			q_text(&q, f->match);
			q_sql(&q, "), 1) DESC, a.id DESC");
		} else {
			q_sql(&q, " ORDER BY s.rank, a.id DESC");
		}
	} else {
		q_sql(&q, " ORDER BY a.publish_at IS NULL, a.publish_at DESC, a.id DESC");
	}
	q_sql(&q, " LIMIT ");
	q_int(&q, limit);
	q_sql(&q, " OFFSET ");
	q_int(&q, offset);
	if (q.failed) {
		q_release(&q);
		return DB_ERROR;
	}
	struct db_stmt *st = db_prepare(db, q.sql.buf);
	if (!st || q_bind(&q, st) < 0) {
		if (st)
			db_done(st);
		q_release(&q);
		return DB_ERROR;
	}
	rc = collect(st, a, f->now, 0, out);
	q_release(&q);
	out->total = total;
	return rc;
}

int article_by_shared_tags(struct db *db, struct arena *a, int64_t id, int64_t now, const int64_t *exclude,
			   size_t nexclude, size_t max, struct article_list *out)
{
	struct qbuild q;
	q_init(&q, a);
	q_sql(&q, "SELECT " COLS " FROM (SELECT o.article_id AS aid, count(*) AS shared FROM article_tags m "
		  "JOIN article_tags o ON o.tag_id = m.tag_id AND o.article_id <> m.article_id WHERE m.article_id = ");
	q_int(&q, id);
	q_sql(&q, " GROUP BY o.article_id) AS r JOIN articles a ON a.id = r.aid" JOINS
		  "WHERE a.status IN ('published', 'scheduled') AND a.publish_at <= ");
	q_int(&q, now);
	if (nexclude) {
		q_sql(&q, " AND a.id NOT IN ");
		q_ids(&q, exclude, nexclude);
	}
	q_sql(&q, " ORDER BY r.shared DESC, a.publish_at DESC, a.id DESC LIMIT ");
	q_int(&q, (int64_t)max);
	if (q.failed) {
		q_release(&q);
		return DB_ERROR;
	}
	struct db_stmt *st = db_prepare(db, q.sql.buf);
	if (!st || q_bind(&q, st) < 0) {
		if (st)
			db_done(st);
		q_release(&q);
		return DB_ERROR;
	}
	int rc = collect(st, a, now, max, out);
	q_release(&q);
	return rc;
}

/*
 * The news stamp at `now` from the database. With span (PostgreSQL, to be
 * kept in memory) also the times over which it holds: from the latest
 * publish_at of the scheduled articles due at now (none due: any earlier
 * time) until the earliest publish_at still to come (none: forever), the
 * next time the stamp changes without a write.
 */
static int read_stamp(struct db *db, int64_t now, int64_t *stamp, int64_t span[2])
{
	struct db_stmt *st = db_prepare(db, span ? "SELECT (SELECT coalesce(max(id), 0) FROM article_events), "
						   "coalesce((SELECT at FROM article_events ORDER BY id DESC LIMIT 1), 0), "
						   "count(*), coalesce(max(publish_at), 0), "
						   "(SELECT min(publish_at) FROM articles WHERE status = 'scheduled' "
						   "AND publish_at > $1) FROM articles "
						   "WHERE status = 'scheduled' AND publish_at <= $1"
						 : "SELECT (SELECT coalesce(max(id), 0) FROM article_events), "
						   "coalesce((SELECT at FROM article_events ORDER BY id DESC LIMIT 1), 0), "
						   "count(*), coalesce(max(publish_at), 0) FROM articles "
						   "WHERE status = 'scheduled' AND publish_at <= $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t ev = db_col_int(st, 0), at = db_col_int(st, 1), due = db_col_int(st, 2);
		int64_t due_at = db_col_int(st, 3);
		int64_t t = at > due_at ? at : due_at;
		int64_t version = ((ev << 10) + (due & 1023)) & (((int64_t)1 << (63 - STAMP_TIME_BITS)) - 1);
		*stamp = (version << STAMP_TIME_BITS) | STAMP_TIME(t);
		if (span) {
			span[0] = due > 0 ? due_at : INT64_MIN;
			span[1] = db_col_is_null(st, 4) ? INT64_MAX : db_col_int(st, 4);
		}
		rc = DB_OK;
	} else if (rc >= 0) {
		rc = DB_ERROR;
	}
	db_done(st);
	return rc;
}

/*
 * On PostgreSQL under `danvan serve`, kept in memory as "a:*" (store/
 * stamp_pg.h; announced by migrations/postgresql/0032_news_stamp_notify.sql)
 * for the span of times it holds over, as stamp.c's remembered().
 */
int article_stamp(struct db *db, int64_t now, int64_t *stamp)
{
	uint64_t token = 0;
	int mem = -1;
	if (stamp_mem_enabled() && db_is_pg(db))
		mem = stamp_mem_get_at("a:*", now, stamp, &token);
	if (mem == 1)
		return DB_OK;
	int64_t span[2];
	int rc = read_stamp(db, now, stamp, mem == 0 ? span : NULL);
	if (rc == DB_OK && mem == 0)
		stamp_mem_put_span("a:*", *stamp, span[0], span[1], token);
	return rc;
}

/* --- images ---------------------------------------------------------------------- */

int article_image_insert(struct db *db, int64_t article_id, int64_t unit_id, const char *mime, int64_t width,
			 int64_t height, const char *alt, const void *data, size_t len, int64_t now,
			 int64_t created_by, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO article_images(article_id, unit_id, mime, width, height, alt, "
					    "size, data, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
					    "$9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int_or_null(st, 1, article_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, mime);
	db_bind_int(st, 4, width);
	db_bind_int(st, 5, height);
	db_bind_text(st, 6, alt ? alt : "");
	db_bind_int(st, 7, (int64_t)len);
	db_bind_blob(st, 8, data, len);
	db_bind_int(st, 9, now);
	db_bind_int_or_null(st, 10, created_by);
	int rc = rows_one_int(st, id);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

static int read_image(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct article_image *im = item;
	int failed = 0;
	im->id = db_col_int(st, 0);
	im->mime = rows_text(st, 1, a, &failed);
	im->width = db_col_int(st, 2);
	im->height = db_col_int(st, 3);
	im->size = db_col_int(st, 4);
	im->alt = rows_text_or_empty(st, 5, a, &failed);
	im->created_at = db_col_int(st, 6);
	if (arg) {
		size_t len = 0;
		const void *p = db_col_blob(st, 7, &len);
		void *copy = arena_alloc(a, len ? len : 1);
		if (!copy)
			return -1;
		if (len)
			memcpy(copy, p, len);
		im->data = copy;
		im->size = (int64_t)len;
	}
	return failed ? -1 : 0;
}

int article_image_get(struct db *db, struct arena *a, int64_t id, struct article_image *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, mime, width, height, size, alt, created_at, data "
					    "FROM article_images WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct article_image *im = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*im), 1, read_image, (void *)1, (void **)&im, &n);
	if (rc < 0)
		return rc;
	if (!n)
		return DB_NOTFOUND;
	*out = *im;
	return DB_OK;
}

int article_image_owner(struct db *db, int64_t image_id, int64_t *article_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(article_id, 0) FROM article_images WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, image_id);
	return rows_one_int(st, article_id);
}

int article_images(struct db *db, struct arena *a, int64_t article_id, struct article_image **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, mime, width, height, size, alt, created_at "
					    "FROM article_images WHERE article_id = $1 ORDER BY id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, article_id);
	return rows_collect(st, a, sizeof(**out), 0, read_image, NULL, (void **)out, n);
}

int article_table_exists(struct db *db, const char *name)
{
	struct db_stmt *st = db_prepare(db, db_is_pg(db) ? "SELECT count(*) FROM pg_tables WHERE tablename = $1 "
							   "AND schemaname = current_schema()"
							 : "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
							   "AND name = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, name);
	int64_t n = 0;
	int rc = rows_one_int(st, &n);
	return rc < 0 ? rc : n > 0;
}
