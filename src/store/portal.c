/*
 * portal.c - the home page's short lists of other domains, each read only
 * where its table exists (store/portal.h).
 */
#include "store/portal.h"
#include "store/article.h"
#include "store/db.h"
#include "store/rows.h"

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
