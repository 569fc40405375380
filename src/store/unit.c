/*
 * unit.c - SQL for units, their name/parent history, succession edges and
 * role grants. Tree walks are recursive CTEs (WITH RECURSIVE, portable to
 * PostgreSQL) over the indexed parent_id column; see docs/organisation.md.
 */
#include "unit.h"
#include "store/feedback.h"
#include "audit.h"
#include "db.h"
#include "rows.h"
#include "core/arena.h"

const char *const unit_kinds[] = {
	"party_committee", "party_cell", "government", "agency", "front", "women",
	"youth", "veterans", "farmers", "trade_union", "residential_group", "other", NULL,
};

int unit_kind_valid(const char *kind)
{
	if (!kind)
		return 0;
	for (size_t i = 0; unit_kinds[i]; i++)
		if (!strcmp(unit_kinds[i], kind))
			return 1;
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

static int64_t col_time_or_open(struct db_stmt *st, int col)
{
	return rows_int_or(st, col, UNIT_OPEN);
}

static int bind_opt_time(struct db_stmt *st, int idx, int64_t t)
{
	return t == UNIT_OPEN ? db_bind_null(st, idx) : db_bind_int(st, idx, t);
}

/* Run a prepared, bound statement that returns no rows; always db_done. */
static int run_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

/* Step a bound statement once: 1 when it yields a row, 0 when not, or a
 * negative db_rc; always db_done. */
static int has_row(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : rc == DB_ROW;
}

/* The columns read_unit() expects, for `units u LEFT JOIN units p`. */
#define UNIT_COLS "u.id, u.code, u.name, u.kind, u.parent_id, p.code, u.valid_from, u.valid_to, " \
		  "u.created_at, u.updated_at"

static int read_unit(struct db_stmt *st, struct arena *a, struct unit *u)
{
	int failed = 0;
	memset(u, 0, sizeof(*u));
	u->id = db_col_int(st, 0);
	u->code = rows_text(st, 1, a, &failed);
	u->name = rows_text(st, 2, a, &failed);
	u->kind = rows_text(st, 3, a, &failed);
	u->parent_code = rows_text(st, 5, a, &failed);
	u->parent_id = rows_int_or(st, 4, 0);
	u->valid_from = db_col_int(st, 6);
	u->valid_to = col_time_or_open(st, 7);
	u->created_at = db_col_int(st, 8);
	u->updated_at = db_col_int(st, 9);
	return failed ? DB_ERROR : DB_OK;
}

static int read_unit_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	return read_unit(st, a, item) < 0 ? -1 : 0;
}

/* Step a bound statement to the end, appending every row; always db_done. */
static int collect_units(struct db_stmt *st, struct arena *a, struct unit_list *out)
{
	void *items = NULL;
	int rc = rows_collect(st, a, sizeof(struct unit), 0, read_unit_row, NULL, &items, &out->n);
	out->items = items;
	return rc;
}

/* The rows of `sql`, whose one parameter $1 is `id`, as an arena array of
 * `size`-byte items filled by `read` (rows.h); always db_done. */
static int collect_by_id(struct db *db, struct arena *a, const char *sql, int64_t id, size_t size,
			 rows_read_fn read, void **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return rows_collect(st, a, size, 0, read, NULL, items, n);
}

/* A statement with one integer parameter that lists units. */
static int list_by_id(struct db *db, struct arena *a, const char *sql, int64_t id, struct unit_list *out)
{
	void *items;
	int rc = collect_by_id(db, a, sql, id, sizeof(struct unit), read_unit_row, &items, &out->n);
	out->items = items;
	return rc;
}

/* --- units ---------------------------------------------------------------- */

int unit_insert(struct db *db, const struct unit *u, int64_t now, int64_t *id_out)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO units(code, name, kind, parent_id, valid_from, valid_to, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, u->code);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, u->kind);
	db_bind_int_or_null(st, 4, u->parent_id);
	db_bind_int(st, 5, u->valid_from);
	bind_opt_time(st, 6, u->valid_to);
	db_bind_int(st, 7, now);
	int64_t id = 0;
	int rc = rows_one_int(st, &id);
	if (rc < 0)
		return rc == DB_NOTFOUND ? DB_ERROR : rc;
	st = db_prepare(db, "INSERT INTO unit_versions(unit_id, name, parent_id, valid_from, valid_to) "
			    "VALUES ($1, $2, $3, $4, $5)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, u->name);
	db_bind_int_or_null(st, 3, u->parent_id);
	db_bind_int(st, 4, u->valid_from);
	bind_opt_time(st, 5, u->valid_to);
	rc = run_done(st);
	if (rc < 0)
		return rc;
	if (id_out)
		*id_out = id;
	return DB_OK;
}

/* The one unit of `sql` (UNIT_COLS, one parameter $1: `text`, or `id` when
 * text is NULL): DB_OK, DB_NOTFOUND or an error. */
static int get_one(struct db *db, const char *sql, int64_t id, const char *text, struct arena *a,
		   struct unit *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	if (text)
		db_bind_text(st, 1, text);
	else
		db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_unit(st, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int unit_get_by_code(struct db *db, struct arena *a, const char *code, struct unit *out)
{
	return get_one(db, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id "
		       "WHERE u.code = $1", 0, code ? code : "", a, out);
}

int unit_get_by_id(struct db *db, struct arena *a, int64_t id, struct unit *out)
{
	return get_one(db, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id "
		       "WHERE u.id = $1", id, NULL, a, out);
}

int unit_list(struct db *db, struct arena *a, unsigned flags, struct unit_list *out)
{
	const char *sql = (flags & UNIT_LIST_CLOSED)
		? "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code"
		: "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id "
		  "WHERE u.valid_to IS NULL ORDER BY u.code";
	struct db_stmt *st = db_prepare(db, sql);
	out->items = NULL;
	out->n = 0;
	if (!st)
		return DB_ERROR;
	return collect_units(st, a, out);
}

int unit_list_as_of(struct db *db, struct arena *a, int64_t at, struct unit_list *out)
{
	return list_by_id(db, a,
		"SELECT u.id, u.code, v.name, u.kind, v.parent_id, p.code, u.valid_from, u.valid_to, 0, 0 "
		"FROM unit_versions v JOIN units u ON u.id = v.unit_id "
		"LEFT JOIN units p ON p.id = v.parent_id "
		"WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) ORDER BY u.code",
		at, out);
}

int unit_children(struct db *db, struct arena *a, int64_t id, unsigned flags, struct unit_list *out)
{
	return list_by_id(db, a, (flags & UNIT_LIST_CLOSED)
		? "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id "
		  "WHERE u.parent_id = $1 ORDER BY u.code"
		: "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id "
		  "WHERE u.parent_id = $1 AND u.valid_to IS NULL ORDER BY u.code",
		id, out);
}

/* The depth bounds only guard against a corrupted tree: org.c refuses cycles. */
int unit_ancestors(struct db *db, struct arena *a, int64_t id, struct unit_list *out)
{
	return list_by_id(db, a,
		"WITH RECURSIVE up(id, depth) AS ("
		" SELECT parent_id, 1 FROM units WHERE id = $1 AND parent_id IS NOT NULL"
		" UNION ALL"
		" SELECT x.parent_id, up.depth + 1 FROM units x JOIN up ON x.id = up.id"
		" WHERE x.parent_id IS NOT NULL AND up.depth < 1000) "
		"SELECT " UNIT_COLS " FROM up JOIN units u ON u.id = up.id "
		"LEFT JOIN units p ON p.id = u.parent_id ORDER BY up.depth",
		id, out);
}

int unit_descendants(struct db *db, struct arena *a, int64_t id, unsigned flags, struct unit_list *out)
{
	return list_by_id(db, a, (flags & UNIT_LIST_CLOSED)
		? "WITH RECURSIVE down(id, depth) AS ("
		  " SELECT id, 1 FROM units WHERE parent_id = $1"
		  " UNION ALL"
		  " SELECT x.id, down.depth + 1 FROM units x JOIN down ON x.parent_id = down.id"
		  " WHERE down.depth < 1000) "
		  "SELECT " UNIT_COLS " FROM down JOIN units u ON u.id = down.id "
		  "LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.code"
		: "WITH RECURSIVE down(id, depth) AS ("
		  " SELECT id, 1 FROM units WHERE parent_id = $1"
		  " UNION ALL"
		  " SELECT x.id, down.depth + 1 FROM units x JOIN down ON x.parent_id = down.id"
		  " WHERE down.depth < 1000) "
		  "SELECT " UNIT_COLS " FROM down JOIN units u ON u.id = down.id "
		  "LEFT JOIN units p ON p.id = u.parent_id WHERE u.valid_to IS NULL ORDER BY u.code",
		id, out);
}

int unit_is_within(struct db *db, int64_t unit, int64_t ancestor)
{
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, depth) AS ("
		" SELECT CAST($1 AS BIGINT), 0"
		" UNION ALL"
		" SELECT x.parent_id, up.depth + 1 FROM units x JOIN up ON x.id = up.id"
		" WHERE x.parent_id IS NOT NULL AND up.depth < 1000) "
		"SELECT 1 FROM up WHERE id = $2 LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit);
	db_bind_int(st, 2, ancestor);
	return has_row(st);
}

int unit_count_open_children(struct db *db, int64_t id, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM units WHERE parent_id = $1 AND valid_to IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = rows_one_int(st, n);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

static int read_version(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	struct unit_version *v = item;
	int failed = 0;
	v->name = rows_text(st, 0, a, &failed);
	v->parent_code = rows_text(st, 2, a, &failed);
	v->parent_id = rows_int_or(st, 1, 0);
	v->valid_from = db_col_int(st, 3);
	v->valid_to = col_time_or_open(st, 4);
	return failed ? -1 : 0;
}

int unit_history(struct db *db, struct arena *a, int64_t id, struct unit_version_list *out)
{
	void *items;
	int rc = collect_by_id(db, a,
		"SELECT v.name, v.parent_id, p.code, v.valid_from, v.valid_to FROM unit_versions v "
		"LEFT JOIN units p ON p.id = v.parent_id WHERE v.unit_id = $1 ORDER BY v.valid_from",
		id, sizeof(struct unit_version), read_version, &items, &out->n);
	out->items = items;
	return rc;
}

int unit_version_start(struct db *db, int64_t id, int64_t *start)
{
	/* HAVING: no row (rather than one NULL) for a unit without versions */
	struct db_stmt *st = db_prepare(db, "SELECT max(valid_from) FROM unit_versions WHERE unit_id = $1 "
					    "HAVING count(*) > 0");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return rows_one_int(st, start);
}

/* The open version of an open unit: its id and start. DB_NOTFOUND if none. */
static int open_version(struct db *db, int64_t unit_id, int64_t *vid, int64_t *vstart)
{
	struct db_stmt *st = db_prepare(db, "SELECT v.id, v.valid_from FROM unit_versions v "
					    "JOIN units u ON u.id = v.unit_id "
					    "WHERE v.unit_id = $1 AND v.valid_to IS NULL AND u.valid_to IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, unit_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*vid = db_col_int(st, 0);
		*vstart = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : rc;
}

/* Run a write whose parameters are all integers, $1.. from v[0..n); always
 * db_done. */
static int write_ints(struct db *db, const char *sql, size_t n, const int64_t *v)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	for (size_t i = 0; i < n; i++)
		db_bind_int(st, (int)i + 1, v[i]);
	return run_done(st);
}

#define WRITE_INTS(db, sql, ...) \
	write_ints(db, sql, sizeof((int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t), (int64_t[]){ __VA_ARGS__ })

/* Run a write of a version's name and parent: $1 an id, $2 the name, $3 the
 * parent (0: NULL) and, when with_at, $4 a time; always db_done. */
static int write_named(struct db *db, const char *sql, int64_t id, const char *name, int64_t parent_id,
		       int with_at, int64_t at)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_int_or_null(st, 3, parent_id);
	if (with_at)
		db_bind_int(st, 4, at);
	return run_done(st);
}

/* The open version of unit `id` when a change at `at` may be made to it:
 * DB_CONSTRAINT when there is none or it starts after `at`. */
static int changeable_version(struct db *db, int64_t id, int64_t at, int64_t *vid, int64_t *vstart)
{
	int rc = open_version(db, id, vid, vstart);
	if (rc == DB_NOTFOUND || (rc == DB_OK && at < *vstart))
		return DB_CONSTRAINT;
	return rc;
}

int unit_set_version(struct db *db, int64_t id, const char *name, int64_t parent_id,
		     int64_t at, int64_t now)
{
	int64_t vid, vstart;
	int rc = changeable_version(db, id, at, &vid, &vstart);
	if (rc < 0)
		return rc;
	if (at == vstart)
		rc = write_named(db, "UPDATE unit_versions SET name = $2, parent_id = $3 WHERE id = $1", vid, name,
				 parent_id, 0, 0);
	else if ((rc = WRITE_INTS(db, "UPDATE unit_versions SET valid_to = $2 WHERE id = $1", vid, at)) == DB_OK)
		rc = write_named(db, "INSERT INTO unit_versions(unit_id, name, parent_id, valid_from, valid_to) "
				     "VALUES ($1, $2, $3, $4, NULL)", id, name, parent_id, 1, at);
	if (rc < 0)
		return rc;
	return write_named(db, "UPDATE units SET name = $2, parent_id = $3, updated_at = $4 WHERE id = $1", id, name,
			   parent_id, 1, now);
}

int unit_close(struct db *db, int64_t id, int64_t at, int64_t now)
{
	int64_t vid, vstart;
	int rc = changeable_version(db, id, at, &vid, &vstart);
	if (rc < 0)
		return rc;
	if (at == vstart) {
		/* the open version never took effect: drop it and put the
		 * previous one (which ends at `at`) back into the units row */
		if ((rc = WRITE_INTS(db, "DELETE FROM unit_versions WHERE id = $1", vid)) == DB_OK)
			rc = WRITE_INTS(db, "UPDATE units SET (name, parent_id) = "
					    "(SELECT v.name, v.parent_id FROM unit_versions v "
					    " WHERE v.unit_id = $1 AND v.valid_to = $2) "
					    "WHERE id = $1 AND EXISTS (SELECT 1 FROM unit_versions v "
					    " WHERE v.unit_id = $1 AND v.valid_to = $2)", id, at);
	} else {
		rc = WRITE_INTS(db, "UPDATE unit_versions SET valid_to = $2 WHERE id = $1", vid, at);
	}
	if (rc < 0)
		return rc;
	/* the CHECK (valid_to > valid_from) refuses a close on the first day */
	return WRITE_INTS(db, "UPDATE units SET valid_to = $2, updated_at = $3 WHERE id = $1 AND valid_to IS NULL", id,
			  at, now);
}

/* --- succession ------------------------------------------------------------ */

int unit_succession_insert(struct db *db, int64_t from_id, int64_t to_id, const char *kind,
			   int64_t effective_at, int64_t now)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO unit_successions(from_unit_id, to_unit_id, kind, effective_at, created_at) "
		"VALUES ($1, $2, $3, $4, $5) "
		"ON CONFLICT (from_unit_id, to_unit_id, kind) DO NOTHING RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, from_id);
	db_bind_int(st, 2, to_id);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, effective_at);
	db_bind_int(st, 5, now);
	return has_row(st);
}

static int read_succession(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	struct unit_succession *s = item;
	int failed = 0;
	s->id = db_col_int(st, 0);
	s->from_id = db_col_int(st, 1);
	s->to_id = db_col_int(st, 3);
	s->effective_at = db_col_int(st, 6);
	s->from_code = rows_text(st, 2, a, &failed);
	s->to_code = rows_text(st, 4, a, &failed);
	s->kind = rows_text(st, 5, a, &failed);
	return failed ? -1 : 0;
}

int unit_successions_of(struct db *db, struct arena *a, int64_t unit_id, struct unit_succession_list *out)
{
	void *items;
	int rc = collect_by_id(db, a,
		"SELECT s.id, s.from_unit_id, f.code, s.to_unit_id, t.code, s.kind, s.effective_at "
		"FROM unit_successions s JOIN units f ON f.id = s.from_unit_id "
		"JOIN units t ON t.id = s.to_unit_id "
		"WHERE s.from_unit_id = $1 OR s.to_unit_id = $1 ORDER BY s.effective_at, s.id",
		unit_id, sizeof(struct unit_succession), read_succession, &items, &out->n);
	out->items = items;
	return rc;
}

/* --- role grants ---------------------------------------------------------- */

int unit_grant_insert(struct db *db, int64_t account_id, int64_t unit_id, const char *role,
		      int64_t granted_by, int64_t now, int64_t *id_out)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO role_grants(account_id, unit_id, role, granted_at, granted_by) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, role);
	db_bind_int(st, 4, now);
	db_bind_int_or_null(st, 5, granted_by);
	int rc = rows_one_int(st, id_out);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int unit_grant_find(struct db *db, int64_t account_id, int64_t unit_id, const char *role, int64_t *id_out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM role_grants WHERE account_id = $1 AND unit_id = $2 "
					    "AND role = $3 AND revoked_at IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, unit_id);
	db_bind_text(st, 3, role);
	return rows_one_int(st, id_out);
}

int unit_grant_revoke(struct db *db, int64_t grant_id, int64_t revoked_by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE role_grants SET revoked_at = $2, revoked_by = $3 "
					    "WHERE id = $1 AND revoked_at IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, grant_id);
	db_bind_int(st, 2, now);
	db_bind_int_or_null(st, 3, revoked_by);
	int rc = run_done(st);
	if (rc < 0)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_NOTFOUND;
}

#define GRANT_COLS "g.id, g.account_id, acc.username, g.unit_id, u.code, u.name, g.role, " \
		   "g.granted_at, g.granted_by, g.revoked_at"

static int read_grant(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	struct unit_grant *g = item;
	int failed = 0;
	g->id = db_col_int(st, 0);
	g->account_id = db_col_int(st, 1);
	g->unit_id = db_col_int(st, 3);
	g->granted_at = db_col_int(st, 7);
	g->granted_by = rows_int_or(st, 8, 0);
	g->revoked_at = rows_int_or(st, 9, 0);
	g->username = rows_text(st, 2, a, &failed);
	g->unit_code = rows_text(st, 4, a, &failed);
	g->unit_name = rows_text(st, 5, a, &failed);
	g->role = rows_text(st, 6, a, &failed);
	return failed ? -1 : 0;
}

/* The grants of a statement with one integer parameter. */
static int grants_by_id(struct db *db, struct arena *a, const char *sql, int64_t id, struct unit_grant_list *out)
{
	void *items;
	int rc = collect_by_id(db, a, sql, id, sizeof(struct unit_grant), read_grant, &items, &out->n);
	out->items = items;
	return rc;
}

int unit_grants_of_account(struct db *db, struct arena *a, int64_t account_id, struct unit_grant_list *out)
{
	return grants_by_id(db, a, "SELECT " GRANT_COLS " FROM role_grants g "
			    "JOIN units u ON u.id = g.unit_id "
			    "LEFT JOIN accounts acc ON acc.id = g.account_id "
			    "WHERE g.account_id = $1 AND g.revoked_at IS NULL ORDER BY u.code, g.role",
			    account_id, out);
}

int unit_grants_in_unit(struct db *db, struct arena *a, int64_t unit_id, struct unit_grant_list *out)
{
	return grants_by_id(db, a, "SELECT " GRANT_COLS " FROM role_grants g "
			    "JOIN units u ON u.id = g.unit_id "
			    "LEFT JOIN accounts acc ON acc.id = g.account_id "
			    "WHERE g.unit_id = $1 AND g.revoked_at IS NULL ORDER BY acc.username, g.role",
			    unit_id, out);
}

int unit_roots_lacking_grant(struct db *db, int64_t account_id, const char *role, int64_t *roots,
			     int64_t *lacking)
{
	*roots = *lacking = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT count(*), coalesce(sum(CASE WHEN NOT EXISTS (SELECT 1 FROM role_grants g "
		"WHERE g.unit_id = u.id AND g.account_id = $1 AND g.role = $2 AND g.revoked_at IS NULL) "
		"THEN 1 ELSE 0 END), 0) "
		"FROM units u WHERE u.parent_id IS NULL AND u.valid_to IS NULL");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_text(st, 2, role);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*roots = db_col_int(st, 0);
		*lacking = db_col_int(st, 1);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_ERROR;
	}
	db_done(st);
	return rc;
}

static void bind_roles(struct db_stmt *st, int first, const char *const roles[UNIT_ROLE_SLOTS])
{
	for (int i = 0; i < UNIT_ROLE_SLOTS; i++)
		db_bind_text(st, first + i, roles[i]);
}

int unit_grant_reaches(struct db *db, int64_t account_id, int64_t unit_id,
		       const char *const roles[UNIT_ROLE_SLOTS])
{
	/* UNION ALL with a depth bound is faster than UNION's duplicate check
	 * and still cannot loop on a corrupted tree; CROSS JOIN keeps SQLite
	 * walking up first and then probing role_grants_active by
	 * (account_id, unit_id) for each ancestor */
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, depth) AS ("
		" SELECT CAST($2 AS BIGINT), 0"
		" UNION ALL"
		" SELECT x.parent_id, up.depth + 1 FROM units x JOIN up ON x.id = up.id"
		" WHERE x.parent_id IS NOT NULL AND up.depth < 1000) "
		"SELECT 1 FROM up CROSS JOIN role_grants g "
		"WHERE g.unit_id = up.id AND g.account_id = $1 AND g.revoked_at IS NULL "
		"AND g.role IN ($3, $4, $5, $6, $7, $8) LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, unit_id);
	bind_roles(st, 3, roles);
	return has_row(st);
}

int unit_grant_roles(struct db *db, int64_t account_id, int64_t unit_id, const char *const *names, size_t n,
		     unsigned *mask)
{
	struct db_stmt *st = db_prepare(db,
		"WITH RECURSIVE up(id, depth) AS ("
		" SELECT CAST($2 AS BIGINT), 0"
		" UNION ALL"
		" SELECT x.parent_id, up.depth + 1 FROM units x JOIN up ON x.id = up.id"
		" WHERE x.parent_id IS NOT NULL AND up.depth < 1000) "
		"SELECT DISTINCT g.role FROM up CROSS JOIN role_grants g "
		"WHERE g.unit_id = up.id AND g.account_id = $1 AND g.revoked_at IS NULL");
	int rc;
	*mask = 0;
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, unit_id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *role = db_col_text(st, 0);
		for (size_t i = 0; role && i < n && i < 32; i++)
			if (!strcmp(names[i], role))
				*mask |= 1u << i;
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

static int read_id(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)a;
	(void)arg;
	*(int64_t *)item = db_col_int(st, 0);
	return 0;
}

int unit_reach(struct db *db, struct arena *a, int64_t account_id,
	       const char *const roles[UNIT_ROLE_SLOTS], unsigned flags, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, (flags & UNIT_REACH_OPEN)
		? "WITH RECURSIVE reach(id) AS ("
		  " SELECT unit_id FROM role_grants WHERE account_id = $1 AND revoked_at IS NULL"
		  " AND role IN ($2, $3, $4, $5, $6, $7)"
		  " UNION"
		  " SELECT x.id FROM units x JOIN reach r ON x.parent_id = r.id) "
		  "SELECT r.id FROM reach r JOIN units u ON u.id = r.id WHERE u.valid_to IS NULL ORDER BY r.id"
		: "WITH RECURSIVE reach(id) AS ("
		  " SELECT unit_id FROM role_grants WHERE account_id = $1 AND revoked_at IS NULL"
		  " AND role IN ($2, $3, $4, $5, $6, $7)"
		  " UNION"
		  " SELECT x.id FROM units x JOIN reach r ON x.parent_id = r.id) "
		  "SELECT id FROM reach ORDER BY id");
	*ids = NULL;
	*n = 0;
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	bind_roles(st, 2, roles);
	void *items = NULL;
	int rc = rows_collect(st, a, sizeof(int64_t), 0, read_id, NULL, &items, n);
	*ids = items;
	return rc;
}

/* --- open work -------------------------------------------------------------- */

static int code_of(struct db *db, int64_t id, char *buf, size_t len)
{
	struct db_stmt *st = db_prepare(db, "SELECT code FROM units WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(buf, len, "%s", db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : rc;
}

struct moving_grant {
	int64_t id;
	int64_t account_id;
	const char *role;
};

static int read_moving(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	struct moving_grant *g = item;
	int failed = 0;
	g->id = db_col_int(st, 0);
	g->account_id = db_col_int(st, 1);
	g->role = rows_text_or_empty(st, 2, a, &failed);
	return failed ? -1 : 0;
}

/* Revoke every active grant of `from` and grant it again on `to`. */
static int move_grants(struct db *db, const struct audit_actor *actor, int64_t from, int64_t to,
		       const char *from_code, const char *to_code, int64_t now, size_t *moved)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, account_id, role FROM role_grants "
					    "WHERE unit_id = $1 AND revoked_at IS NULL ORDER BY id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, from);
	struct arena a;
	arena_init(&a, 1024);
	void *items = NULL;
	size_t n = 0;
	int rc = rows_collect(st, &a, sizeof(struct moving_grant), 0, read_moving, NULL, &items, &n);
	struct moving_grant *g = items;
	for (size_t i = 0; rc == DB_OK && i < n; i++) {
		int64_t new_id = 0;
		char object[AUDIT_ID_CHARS];
		rc = unit_grant_revoke(db, g[i].id, actor->account_id, now);
		if (rc < 0)
			break;
		rc = unit_grant_find(db, g[i].account_id, to, g[i].role, &new_id);
		if (rc == DB_NOTFOUND)
			rc = unit_grant_insert(db, g[i].account_id, to, g[i].role, actor->account_id, now, &new_id);
		if (rc < 0)
			break;
		rc = audit_append_json_new(db, actor, "role.move", "role_grant", audit_id(new_id, object),
					   json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "account_id",
						     (json_int_t)g[i].account_id, "role", g[i].role, "from",
						     from_code, "to", to_code, "revoked_grant", (json_int_t)g[i].id,
						     "grant", (json_int_t)new_id));
		if (rc == DB_OK)
			(*moved)++;
	}
	arena_release(&a);
	return rc;
}

int unit_move_open_work(struct db *db, const struct audit_actor *actor, int64_t from_unit_id,
			int64_t to_unit_id, int64_t now, size_t *moved)
{
	char from_code[UNIT_CODE_MAX * 2], to_code[UNIT_CODE_MAX * 2];
	size_t count = 0;
	int rc = code_of(db, from_unit_id, from_code, sizeof(from_code));
	if (rc == DB_OK)
		rc = code_of(db, to_unit_id, to_code, sizeof(to_code));
	if (rc < 0)
		return rc;

	/* 1. role grants: whoever worked for the old unit works for its successor */
	rc = move_grants(db, actor, from_unit_id, to_unit_id, from_code, to_code, now, &count);
	if (rc < 0)
		return rc;

	/*
	 * 2. Open feedback (received, assigned, answered) moves to the
	 * successor, one "feedback.move" audit entry per item. Modules that
	 * attach more open work to units add their move here too: org.c's
	 * merge and split and the CSV import all call this function and
	 * nothing else.
	 */
	size_t items = 0;
	rc = feedback_move_open_work(db, actor, from_unit_id, to_unit_id, now, &items);
	if (rc < 0)
		return rc;
	count += items;

	if (moved)
		*moved = count;
	return DB_OK;
}
