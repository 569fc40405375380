/*
 * portal.c - the home page's short lists of other domains, each read only
 * where its table exists (store/portal.h).
 */
#include "store/portal.h"
#include "store/article.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/stamp.h"

static int read_item(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct portal_item *p = item;
	int failed = 0;
	p->id = db_col_int(st, 0);
	p->title = rows_text(st, 1, a, &failed);
	p->kind = rows_text(st, 2, a, &failed);
	p->place = rows_text(st, 3, a, &failed);
	p->unit_name = rows_text(st, 4, a, &failed);
	p->at = rows_int_or(st, 5, 0);
	return failed ? -1 : 0;
}

/* Run `sql` ($1 = now, $2 = max) when `table` exists. */
static int run(struct db *db, struct arena *a, const char *table, const char *sql, int64_t now, size_t max,
	       struct portal_list *out)
{
	memset(out, 0, sizeof(*out));
	int has = article_table_exists(db, table);
	if (has < 0)
		return has;
	if (!has)
		return DB_OK;
	out->present = 1;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st) {
		/* another shape of the table than this list knows: no list */
		fprintf(stderr, "warning: home page: cannot read '%s'\n", table);
		return DB_OK;
	}
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (int64_t)max);
	void *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(struct portal_item), max, read_item, NULL, &items, &n);
	out->items = items;
	out->n = n;
	return rc;
}

int portal_meetings(struct db *db, struct arena *a, int64_t now, size_t max, struct portal_list *out)
{
	return run(db, a, "meetings",
		   "SELECT m.id, m.title, m.kind, m.place, u.name, m.starts_at FROM meetings m "
		   "JOIN units u ON u.id = m.unit_id WHERE m.public = 1 AND m.status = 'planned' "
		   "AND m.ends_at > $1 ORDER BY m.starts_at, m.id LIMIT $2",
		   now, max, out);
}

int portal_consultations(struct db *db, struct arena *a, int64_t now, size_t max, struct portal_list *out)
{
	return run(db, a, "consultations",
		   "SELECT c.id, c.title, NULL, NULL, u.name, c.closes_at FROM consultations c "
		   "JOIN units u ON u.id = c.unit_id WHERE c.audience = 'public' AND c.opens_at <= $1 "
		   "AND c.closes_at > $1 ORDER BY c.closes_at, c.id LIMIT $2",
		   now, max, out);
}

int portal_models(struct db *db, struct arena *a, size_t max, struct portal_list *out)
{
	return run(db, a, "models",
		   "SELECT m.id, m.title, m.field, NULL, u.name, m.updated_at FROM models m "
		   "JOIN units u ON u.id = m.unit_id WHERE m.status IN ('recognised', 'exemplary', 'commended') "
		   "AND $1 = $1 ORDER BY m.updated_at DESC, m.id DESC LIMIT $2",
		   0, max, out);
}

/* The id and time of the latest row of an event table (0, 0 when empty). */
static int latest_event(struct db *db, const char *sql, int64_t *id, int64_t *at)
{
	*id = *at = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		*at = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

int portal_stamp(struct db *db, int64_t now, int64_t *stamp)
{
	int64_t news = 0, fid = 0, fat = 0, mid = 0, mat = 0;
	int rc = article_stamp(db, now, &news);
	if (rc >= 0)
		rc = latest_event(db, "SELECT id, at FROM feedback_events ORDER BY id DESC LIMIT 1", &fid, &fat);
	int has = rc >= 0 ? article_table_exists(db, "meeting_events") : 0;
	if (has < 0)
		rc = has;
	if (rc >= 0 && has)
		rc = latest_event(db, "SELECT id, at FROM meeting_events ORDER BY id DESC LIMIT 1", &mid, &mat);
	if (rc < 0)
		return rc;
	/* a sum of counters that only grow changes whenever one of them does */
	int64_t version = ((news >> STAMP_TIME_BITS) + fid + mid) & (((int64_t)1 << (63 - STAMP_TIME_BITS)) - 1);
	int64_t t = STAMP_TIME(news);
	if (fat > t)
		t = fat;
	if (mat > t)
		t = mat;
	*stamp = (version << STAMP_TIME_BITS) | STAMP_TIME(t);
	return DB_OK;
}
