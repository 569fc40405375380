/*
 * consultation.c - the SQL of consultations on drafts (consultation.h):
 * portable statements over the tables of 0020_consultations.sql, run the
 * same on SQLite and PostgreSQL.
 */
#include "consultation.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "db.h"
#include "rows.h"
#include "search.h"
#include "core/vntext.h"

/* --- consultations ---------------------------------------------------------------- */

int consultation_insert(struct db *db, const struct consultation *c, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO consultations(unit_id, kind, title, summary, audience, opens_at, closes_at, version, "
		"created_by, created_at, updated_at, search_key) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, c->unit_id);
	db_bind_text(st, 2, c->kind);
	db_bind_text(st, 3, c->title);
	db_bind_text(st, 4, c->summary ? c->summary : "");
	db_bind_text(st, 5, c->audience);
	db_bind_int(st, 6, c->opens_at);
	db_bind_int(st, 7, c->closes_at);
	db_bind_int_or_null(st, 8, c->created_by);
	db_bind_int(st, 9, now);
	db_bind_text(st, 10, c->search_key ? c->search_key : "");
	return rows_one_int(st, id);
}

#define C_COLS "c.id, c.unit_id, u.code, u.name, c.kind, c.title, c.summary, c.audience, c.opens_at, " \
	"c.closes_at, c.version, c.report_published_at, c.sent_to_front_at, c.created_at, " \
	"(SELECT count(*) FROM consultation_comments m WHERE m.consultation_id = c.id AND m.hidden_reason IS NULL)"
#define C_FROM " FROM consultations c JOIN units u ON u.id = c.unit_id"

static int read_consultation(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct consultation *c = item;
	int failed = 0;
	c->id = db_col_int(st, 0);
	c->unit_id = db_col_int(st, 1);
	c->unit_code = rows_text_or_empty(st, 2, a, &failed);
	c->unit_name = rows_text_or_empty(st, 3, a, &failed);
	c->kind = rows_text_or_empty(st, 4, a, &failed);
	c->title = rows_text_or_empty(st, 5, a, &failed);
	c->summary = rows_text_or_empty(st, 6, a, &failed);
	c->audience = rows_text_or_empty(st, 7, a, &failed);
	c->opens_at = db_col_int(st, 8);
	c->closes_at = db_col_int(st, 9);
	c->version = db_col_int(st, 10);
	c->report_published_at = rows_int_or(st, 11, 0);
	c->sent_to_front_at = rows_int_or(st, 12, 0);
	c->created_at = db_col_int(st, 13);
	c->comments = db_col_int(st, 14);
	return failed ? -1 : 0;
}

int consultation_get(struct db *db, struct arena *a, int64_t id, struct consultation *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " C_COLS C_FROM " WHERE c.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct consultation *items;
	size_t n;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_consultation, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = items[0];
	return DB_OK;
}

#define BASE_SQL "3298534883328" /* SEARCH_ROWID(SEARCH_KIND_CONSULTATION, 0) */
#define NEXT_SQL "4398046511104" /* SEARCH_ROWID(SEARCH_KIND_CONSULTATION + 1, 0) */

/* The WHERE clause of a list (parameters: $1 now, $2 unit, $3 the match
 * or "" (every parameter is used, as PostgreSQL wants); the page adds $4
 * LIMIT and $5 OFFSET)
 * and the match text (NULL when q holds no searchable word). */
static int list_where(struct db *db, struct sbuf *sb, struct arena *a, const struct consultation_filter *f,
		      const char **match)
{
	int r = sbuf_addstr(sb, " WHERE $1 = $1");
	switch (f->when) {
	case CONSULT_UPCOMING: r |= sbuf_addstr(sb, " AND c.opens_at > $1"); break;
	case CONSULT_OPEN: r |= sbuf_addstr(sb, " AND c.opens_at <= $1 AND c.closes_at > $1"); break;
	case CONSULT_CLOSED: r |= sbuf_addstr(sb, " AND c.closes_at <= $1"); break;
	case CONSULT_ANY: break;
	}
	r |= sbuf_addstr(sb, f->unit_id ? " AND c.unit_id = $2" : " AND $2 = $2");
	/* the period (integers the server parsed, written as literals) */
	if (f->opens_from)
		r |= sbuf_addf(sb, " AND c.opens_at >= %lld", (long long)f->opens_from);
	if (f->opens_to)
		r |= sbuf_addf(sb, " AND c.opens_at < %lld", (long long)f->opens_to);
	*match = NULL;
	if (f->q && *f->q) {
		struct search_query sq;
		int rc = search_query_parse(a, f->q, strlen(f->q), &sq);
		if (rc == SEARCH_NOMEM)
			return -1;
		*match = db_is_pg(db) ? sq.tsquery_public : sq.match_public;
	}
	if (*match)
		r |= sbuf_addstr(sb, db_is_pg(db)
			? " AND c.id IN (SELECT rowid - " BASE_SQL " FROM search_fts WHERE doc @@ to_tsquery('simple', $3) "
			  "AND rowid >= " BASE_SQL " AND rowid < " NEXT_SQL ")"
			: " AND c.id IN (SELECT rowid - " BASE_SQL " FROM search_fts WHERE search_fts MATCH $3 "
			  "AND rowid >= " BASE_SQL " AND rowid < " NEXT_SQL ")");
	else
		r |= sbuf_addstr(sb, " AND $3 = $3");
	return r ? -1 : 0;
}

int consultation_list(struct db *db, struct arena *a, const struct consultation_filter *f,
		      struct consultation **items, size_t *n, int64_t *total)
{
	struct sbuf where = SBUF_INIT(1024), sql = SBUF_INIT(4096);
	const char *match;
	int rc = DB_ERROR;
	*items = NULL;
	*n = 0;
	*total = 0;
	if (list_where(db, &where, a, f, &match) < 0)
		goto out;
	for (int pass = 0; pass < 2; pass++) {
		sbuf_reset(&sql);
		if (pass == 0 ? sbuf_addf(&sql, "SELECT count(*)" C_FROM "%s", where.buf)
			      : sbuf_addf(&sql, "SELECT " C_COLS C_FROM "%s ORDER BY c.opens_at DESC, c.id DESC "
						"LIMIT $4 OFFSET $5", where.buf))
			goto out;
		struct db_stmt *st = db_prepare(db, sql.buf);
		if (!st)
			goto out;
		db_bind_int(st, 1, f->now);
		db_bind_int(st, 2, f->unit_id);
		db_bind_text(st, 3, match ? match : "");
		if (pass == 1) {
			db_bind_int(st, 4, f->limit);
			db_bind_int(st, 5, f->offset);
		}
		rc = pass == 0 ? rows_one_int(st, total)
			       : rows_collect(st, a, sizeof(**items), 0, read_consultation, NULL, (void **)items, n);
		if (rc != DB_OK)
			goto out;
	}
out:
	sbuf_release(&where);
	sbuf_release(&sql);
	return rc;
}

int consultation_find(struct db *db, int64_t unit_id, const char *title, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM consultations WHERE unit_id = $1 AND title = $2 "
					    "ORDER BY id LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, title);
	return rows_one_int(st, id);
}

/* One row of the PostgreSQL index from the consultation's current values. */
static int index_row(struct db *db, struct arena *a, int64_t id, const char *title, const char *summary)
{
	char *ft = NULL, *fs = NULL;
	if (vntext_fold(a, title, strlen(title), &ft, NULL) != VNTEXT_OK ||
	    vntext_fold(a, summary, strlen(summary), &fs, NULL) != VNTEXT_OK)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(db, "INSERT INTO search_fts(rowid, title, body, place, internal, tags) "
					    "VALUES ($1, $2, $3, NULL, NULL, 'vpub') ON CONFLICT (rowid) DO UPDATE "
					    "SET title = excluded.title, body = excluded.body");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, SEARCH_ROWID(SEARCH_KIND_CONSULTATION, id));
	db_bind_text(st, 2, ft);
	db_bind_text(st, 3, fs);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_search_index(struct db *db, int64_t id)
{
	if (!db_is_pg(db))
		return DB_OK;
	struct arena a;
	arena_init(&a, 8192);
	struct consultation c;
	int rc = consultation_get(db, &a, id, &c);
	if (rc == DB_OK)
		rc = index_row(db, &a, id, c.title, c.summary);
	arena_release(&a);
	return rc;
}

int consultation_search_reindex(struct db *db)
{
	if (!db_is_pg(db))
		return DB_OK;
	struct arena a;
	arena_init(&a, 65536);
	struct db_stmt *st = db_prepare(db, "SELECT id, title, summary FROM consultations ORDER BY id");
	if (!st) {
		arena_release(&a);
		return DB_ERROR;
	}
	struct row {
		int64_t id;
		const char *title, *summary;
	} *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(&a, (void **)&rows, n, &cap, sizeof(*rows)) < 0) {
			rc = DB_ERROR;
			break;
		}
		int failed = 0;
		rows[n].id = db_col_int(st, 0);
		rows[n].title = rows_text_or_empty(st, 1, &a, &failed);
		rows[n].summary = rows_text_or_empty(st, 2, &a, &failed);
		if (failed) {
			rc = DB_ERROR;
			break;
		}
		n++;
	}
	db_done(st);
	if (rc >= 0)
		rc = db_begin(db);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = index_row(db, &a, rows[i].id, rows[i].title, rows[i].summary);
	if (rc >= 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	arena_release(&a);
	return rc < 0 ? rc : DB_OK;
}

static int run_update(struct db *db, const char *sql, int64_t a1, int64_t a2, int64_t a3)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, a1);
	db_bind_int_or_null(st, 2, a2);
	db_bind_int(st, 3, a3);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_NOTFOUND;
}

int consultation_set_version(struct db *db, int64_t id, int64_t version, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE consultations SET version = $2, updated_at = $3 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, version);
	db_bind_int(st, 3, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_set_published(struct db *db, int64_t id, int64_t by, int64_t now)
{
	return run_update(db, "UPDATE consultations SET report_published_at = $3, report_published_by = $2, "
			      "updated_at = $3 WHERE id = $1 AND report_published_at IS NULL", id, by, now);
}

int consultation_set_sent(struct db *db, int64_t id, int64_t by, int64_t now)
{
	return run_update(db, "UPDATE consultations SET sent_to_front_at = $3, sent_to_front_by = $2, "
			      "updated_at = $3 WHERE id = $1 AND sent_to_front_at IS NULL", id, by, now);
}

int consultation_invite(struct db *db, int64_t id, int64_t unit_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO consultation_invited(consultation_id, unit_id) "
					    "VALUES ($1, $2) ON CONFLICT DO NOTHING");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, unit_id);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_is_invited(struct db *db, int64_t id, int64_t unit_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM consultation_invited WHERE consultation_id = $1 "
					    "AND unit_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, unit_id);
	int rc = rows_one_int(st, NULL);
	return rc == DB_OK ? 1 : rc == DB_NOTFOUND ? 0 : rc;
}

struct pair {
	const char *a, *b;
};

static int read_pair(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct pair *p = item;
	int failed = 0;
	p->a = rows_text_or_empty(st, 0, a, &failed);
	p->b = rows_text_or_empty(st, 1, a, &failed);
	return failed ? -1 : 0;
}

int consultation_invited(struct db *db, struct arena *a, int64_t id, const char ***codes, const char ***names,
			 size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT u.code, u.name FROM consultation_invited i "
					    "JOIN units u ON u.id = i.unit_id WHERE i.consultation_id = $1 ORDER BY u.code");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	struct pair *p;
	int rc = rows_collect(st, a, sizeof(*p), 0, read_pair, NULL, (void **)&p, n);
	if (rc != DB_OK)
		return rc;
	*codes = arena_alloc(a, (*n + 1) * sizeof(char *));
	*names = arena_alloc(a, (*n + 1) * sizeof(char *));
	if (!*codes || !*names)
		return DB_ERROR;
	for (size_t i = 0; i < *n; i++) {
		(*codes)[i] = p[i].a;
		(*names)[i] = p[i].b;
	}
	return DB_OK;
}

/* --- versions and parts ------------------------------------------------------------- */

int consultation_version_insert(struct db *db, int64_t cid, int64_t number, const char *text, int64_t by,
				int64_t now, int64_t *version_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO consultation_versions(consultation_id, number, text, "
					    "created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	db_bind_int(st, 2, number);
	db_bind_text(st, 3, text);
	db_bind_int_or_null(st, 4, by);
	db_bind_int(st, 5, now);
	return rows_one_int(st, version_id);
}

int consultation_part_ensure(struct db *db, int64_t cid, const char *label, int64_t *part_id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO consultation_parts(consultation_id, label) VALUES ($1, $2) "
					    "ON CONFLICT (consultation_id, label) DO NOTHING");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	db_bind_text(st, 2, label);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, "SELECT id FROM consultation_parts WHERE consultation_id = $1 AND label = $2");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	db_bind_text(st, 2, label);
	return rows_one_int(st, part_id);
}

int consultation_part_text_insert(struct db *db, int64_t version_id, int64_t part_id, int64_t position,
				  int level, const char *text)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO consultation_part_texts(version_id, part_id, position, "
					    "level, text) VALUES ($1, $2, $3, $4, $5)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, version_id);
	db_bind_int(st, 2, part_id);
	db_bind_int(st, 3, position);
	db_bind_int(st, 4, level);
	db_bind_text(st, 5, text);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

static int read_part(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct consultation_part *p = item;
	int failed = 0;
	p->id = db_col_int(st, 0);
	p->label = rows_text_or_empty(st, 1, a, &failed);
	p->text = rows_text(st, 2, a, &failed);
	p->level = (int)rows_int_or(st, 3, 0);
	p->comments = db_col_int(st, 4);
	p->old_text = rows_text(st, 5, a, &failed);
	p->in_new = (int)db_col_int(st, 6);
	return failed ? -1 : 0;
}

int consultation_parts(struct db *db, struct arena *a, int64_t cid, int64_t number,
		       struct consultation_part **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT p.id, p.label, t.text, t.level, "
		"(SELECT count(*) FROM consultation_comments m WHERE m.part_id = p.id AND m.hidden_reason IS NULL), "
		"NULL, 1 FROM consultation_versions v JOIN consultation_part_texts t ON t.version_id = v.id "
		"JOIN consultation_parts p ON p.id = t.part_id "
		"WHERE v.consultation_id = $1 AND v.number = $2 ORDER BY t.position");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	db_bind_int(st, 2, number);
	return rows_collect(st, a, sizeof(**items), 0, read_part, NULL, (void **)items, n);
}

int consultation_parts_diff(struct db *db, struct arena *a, int64_t cid, int64_t from, int64_t to,
			    struct consultation_part **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT p.id, p.label, tn.text, coalesce(tn.level, tno.level), 0, tno.text, "
		"CASE WHEN tn.part_id IS NULL THEN 0 ELSE 1 END "
		"FROM consultation_parts p "
		"LEFT JOIN consultation_versions vn ON vn.consultation_id = p.consultation_id AND vn.number = $3 "
		"LEFT JOIN consultation_part_texts tn ON tn.version_id = vn.id AND tn.part_id = p.id "
		"LEFT JOIN consultation_versions vo ON vo.consultation_id = p.consultation_id AND vo.number = $2 "
		"LEFT JOIN consultation_part_texts tno ON tno.version_id = vo.id AND tno.part_id = p.id "
		"WHERE p.consultation_id = $1 AND (tn.part_id IS NOT NULL OR tno.part_id IS NOT NULL) "
		"ORDER BY CASE WHEN tn.part_id IS NULL THEN 1 ELSE 0 END, coalesce(tn.position, tno.position), p.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	return rows_collect(st, a, sizeof(**items), 0, read_part, NULL, (void **)items, n);
}

int consultation_part_of(struct db *db, int64_t cid, int64_t part_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM consultation_parts WHERE id = $1 AND consultation_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, part_id);
	db_bind_int(st, 2, cid);
	int rc = rows_one_int(st, NULL);
	return rc == DB_OK ? 1 : rc == DB_NOTFOUND ? 0 : rc;
}

/* --- comments and replies ------------------------------------------------------------- */

int consultation_comment_insert(struct db *db, const struct consultation_comment *c, int64_t *id)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO consultation_comments(consultation_id, part_id, version, text, name, show_name, "
		"org_unit_id, channel, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
		"RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, c->consultation_id);
	db_bind_int_or_null(st, 2, c->part_id);
	db_bind_int(st, 3, c->version);
	db_bind_text(st, 4, c->text);
	db_bind_text(st, 5, c->name);
	db_bind_int(st, 6, c->show_name ? 1 : 0);
	db_bind_int_or_null(st, 7, c->org_unit_id);
	db_bind_text(st, 8, c->channel);
	db_bind_int_or_null(st, 9, c->recorded_by);
	db_bind_int(st, 10, c->created_at);
	int rc = rows_one_int(st, id);
	if (rc != DB_OK || !c->contact)
		return rc;
	st = db_prepare(db, "INSERT INTO consultation_comment_contacts(comment_id, contact) VALUES ($1, $2)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, *id);
	db_bind_text(st, 2, c->contact);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

#define M_COLS "m.id, m.consultation_id, m.part_id, p.label, m.version, m.text, m.name, m.show_name, " \
	"m.org_unit_id, o.name, m.channel, m.recorded_by, m.group_id, m.hidden_reason, m.created_at, " \
	"r.decision, r.text, r.part_id, rp.label, r.replied_at"
#define M_FROM " FROM consultation_comments m LEFT JOIN consultation_parts p ON p.id = m.part_id " \
	"LEFT JOIN units o ON o.id = m.org_unit_id " \
	"LEFT JOIN consultation_replies r ON r.comment_id = coalesce(m.group_id, m.id) " \
	"LEFT JOIN consultation_parts rp ON rp.id = r.part_id"

static int read_comment(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct consultation_comment *c = item;
	int failed = 0;
	c->id = db_col_int(st, 0);
	c->consultation_id = db_col_int(st, 1);
	c->part_id = rows_int_or(st, 2, 0);
	c->part_label = rows_text(st, 3, a, &failed);
	c->version = db_col_int(st, 4);
	c->text = rows_text_or_empty(st, 5, a, &failed);
	c->name = rows_text(st, 6, a, &failed);
	c->show_name = (int)db_col_int(st, 7);
	c->org_unit_id = rows_int_or(st, 8, 0);
	c->org_name = rows_text(st, 9, a, &failed);
	c->channel = rows_text_or_empty(st, 10, a, &failed);
	c->recorded_by = rows_int_or(st, 11, 0);
	c->group_id = rows_int_or(st, 12, 0);
	c->hidden_reason = rows_text(st, 13, a, &failed);
	c->created_at = db_col_int(st, 14);
	c->decision = rows_text(st, 15, a, &failed);
	c->reply = rows_text(st, 16, a, &failed);
	c->reply_part_id = rows_int_or(st, 17, 0);
	c->reply_part_label = rows_text(st, 18, a, &failed);
	c->replied_at = rows_int_or(st, 19, 0);
	return failed ? -1 : 0;
}

int consultation_comment_get(struct db *db, struct arena *a, int64_t cid, int64_t id,
			     struct consultation_comment *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " M_COLS M_FROM " WHERE m.id = $1 AND m.consultation_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, cid);
	struct consultation_comment *items;
	size_t n;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_comment, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = items[0];
	return DB_OK;
}

int consultation_comments(struct db *db, struct arena *a, int64_t cid, int with_hidden,
			  struct consultation_comment **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, with_hidden
		? "SELECT " M_COLS M_FROM " WHERE m.consultation_id = $1 ORDER BY m.id"
		: "SELECT " M_COLS M_FROM " WHERE m.consultation_id = $1 AND m.hidden_reason IS NULL ORDER BY m.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	return rows_collect(st, a, sizeof(**items), 0, read_comment, NULL, (void **)items, n);
}

static int read_text(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	int failed = 0;
	*(const char **)item = rows_text_or_empty(st, 0, a, &failed);
	return failed ? -1 : 0;
}

int consultation_comment_contact(struct db *db, struct arena *a, int64_t id, const char **contact)
{
	struct db_stmt *st = db_prepare(db, "SELECT contact FROM consultation_comment_contacts WHERE comment_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	const char **items;
	size_t n;
	int rc = rows_collect(st, a, sizeof(*items), 1, read_text, NULL, (void **)&items, &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*contact = items[0];
	return DB_OK;
}

int consultation_comment_hide(struct db *db, int64_t id, const char *reason, int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE consultation_comments SET hidden_reason = $2, hidden_by = $3, "
					    "hidden_at = $4 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, reason);
	db_bind_int_or_null(st, 3, by);
	db_bind_int(st, 4, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_comment_group(struct db *db, int64_t id, int64_t group_id)
{
	struct db_stmt *st = db_prepare(db, "UPDATE consultation_comments SET group_id = $2 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, group_id);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_reply_set(struct db *db, int64_t id, const char *decision, const char *text, int64_t part_id,
			   int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO consultation_replies(comment_id, decision, text, part_id, replied_by, replied_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (comment_id) DO UPDATE SET decision = excluded.decision, "
		"text = excluded.text, part_id = excluded.part_id, replied_by = excluded.replied_by, "
		"replied_at = excluded.replied_at");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, decision);
	db_bind_text(st, 3, text ? text : "");
	db_bind_int_or_null(st, 4, part_id);
	db_bind_int_or_null(st, 5, by);
	db_bind_int(st, 6, now);
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int consultation_unanswered(struct db *db, int64_t cid, int64_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT count(*) FROM consultation_comments m "
		"LEFT JOIN consultation_replies r ON r.comment_id = coalesce(m.group_id, m.id) "
		"WHERE m.consultation_id = $1 AND m.hidden_reason IS NULL AND r.comment_id IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, cid);
	return rows_one_int(st, n);
}
