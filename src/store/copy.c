/*
 * copy.c - copy_database(): a whole danvan database into an empty one of
 * either engine, tables and columns read from the schema (copy.h).
 */
#include "copy.h"
#include "audit.h"
#include "db.h"
#include "rows.h"
#include "search.h"

#include <stdarg.h>

#define MAX_COLS 64
#define SQL_MAX 8192

enum kind { K_INT, K_TEXT, K_BLOB };

struct cols {
	int n;
	char name[MAX_COLS][COPY_NAME];
	enum kind kind[MAX_COLS];
};

static void say(struct copy_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

/* names we put into SQL text: lower-case letters, digits, '_' only */
static int plain_name(const char *s)
{
	if (!s || !*s || strlen(s) >= COPY_NAME)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* 0: copy; 1: derived tally (compare); -1: skip */
/* Tables the migrations seed with data (rules in force, award tables):
 * a fresh target holds the seed, the source its own edited rows, so the
 * copy replaces the target's seed rather than refusing a non-empty target.
 * A new domain with seeded data adds its table here. */
static const char *const copy_seeded_tables[] = {"legal_rules",
	/* consultations (0020) */
	"consultation_kinds",
	/* emulation (0022) */
	"commendation_forms", "base_salaries", "commendation_rules", "criteria_sets", "criteria_set_items",
	NULL};

/* The tables the target's triggers fill as the records go in (the inbox
 * tallies, the reports' roll-ups: 0028, 0036, 0037, 0040, 0041, 0043), with the
 * condition of their rows that count: a copy compares those with the
 * source's (a row added up to 0 may stay in one and not the other). */
static const struct {
	const char *name, *counts;
} derived_tables[] = {
	{ "report_feedback_tally", "n <> 0" },
	{ "report_feedback_open", "n <> 0" },
	{ "report_record_month", "a <> 0 OR b <> 0 OR c <> 0 OR d <> 0" },
	{ "report_record_year", "a <> 0 OR b <> 0 OR c <> 0 OR d <> 0" },
	{ "report_model_month", "n <> 0" },
	{ "report_model_year", "n <> 0" },
	{ "report_commend_month", "n <> 0 OR prize_vnd <> 0" },
	{ "report_commend_year", "n <> 0 OR prize_vnd <> 0" },
	{ "report_consult_month", "n <> 0" },
	{ "report_consult_year", "n <> 0" },
};

/* the condition of a derived table's rows that count, or NULL */
static const char *derived_counts(const char *name)
{
	if (starts(name, "feedback_tally"))
		return "n <> 0";
	for (size_t i = 0; i < sizeof(derived_tables) / sizeof(derived_tables[0]); i++)
		if (!strcmp(name, derived_tables[i].name))
			return derived_tables[i].counts;
	return NULL;
}

/* -1 not copied (bookkeeping, the search index), 1 derived by the
 * target's triggers, 2 seeded by the migrations, 0 copied as it is. */
static int table_class(const char *name)
{
	if (!strcmp(name, "schema_migrations") || starts(name, "sqlite_") || starts(name, "search_") ||
	    !strcmp(name, "public_versions"))
		return -1;
	if (derived_counts(name))
		return 1;
	/* reports: the month and year roll-ups and the working-day index (0033)
	 * are the target's own: its triggers fill them from its index, and its
	 * next start rebuilds them if the calendar copied over differs
	 * (store/rollup.h) */
	if (!strcmp(name, "workday_index") || !strcmp(name, "report_rollup_state") ||
	    !strcmp(name, "report_feedback_month") || !strcmp(name, "report_feedback_year"))
		return -1;
	for (const char *const *t = copy_seeded_tables; *t; t++)
		if (!strcmp(name, *t))
			return 2;
	return 0;
}

/* The base tables of db's schema, sorted by name. */
static int list_tables(struct db *db, char names[][COPY_NAME], int *n, struct copy_report *r)
{
	const char *sql = db_is_pg(db)
		? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
		  "AND table_type = 'BASE TABLE' ORDER BY table_name"
		: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
	struct db_stmt *st = db_prepare(db, sql);
	if (!st) {
		say(r, "cannot list the tables of the %s database: %s", db_engine(db), db_errmsg(db));
		return COPY_ERROR;
	}
	int rc;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0);
		if (!t || starts(t, "sqlite_"))
			continue;
		if (*n >= COPY_MAX_TABLES) {
			db_done(st);
			say(r, "more than %d tables in the %s database", COPY_MAX_TABLES, db_engine(db));
			return COPY_ERROR;
		}
		snprintf(names[*n], COPY_NAME, "%s", t);
		(*n)++;
	}
	db_done(st);
	if (rc != DB_DONE) {
		say(r, "cannot list the tables of the %s database: %s", db_engine(db), db_errmsg(db));
		return COPY_ERROR;
	}
	return COPY_OK;
}

/* The columns of a table as the target declares them (generated ones left out). */
static int list_cols(struct db *db, const char *table, struct cols *c, struct copy_report *r)
{
	const char *sql = db_is_pg(db)
		? "SELECT column_name, data_type FROM information_schema.columns "
		  "WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' "
		  "ORDER BY ordinal_position"
		: "SELECT name, type FROM pragma_table_info($1) ORDER BY cid";
	struct db_stmt *st = db_prepare(db, sql);
	if (!st) {
		say(r, "cannot read the columns of %s: %s", table, db_errmsg(db));
		return COPY_ERROR;
	}
	db_bind_text(st, 1, table);
	int rc;
	c->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		const char *type = db_col_text(st, 1);
		if (!plain_name(name) || c->n >= MAX_COLS) {
			db_done(st);
			say(r, "table %s: a column this copy cannot name (%s)", table, name ? name : "NULL");
			return COPY_ERROR;
		}
		snprintf(c->name[c->n], COPY_NAME, "%s", name);
		if (type && (strcasestr(type, "blob") || strcasestr(type, "bytea")))
			c->kind[c->n] = K_BLOB;
		else if (type && strcasestr(type, "int"))
			c->kind[c->n] = K_INT;
		else
			c->kind[c->n] = K_TEXT;
		c->n++;
	}
	db_done(st);
	if (rc != DB_DONE || c->n == 0) {
		say(r, "cannot read the columns of %s: %s", table, db_errmsg(db));
		return COPY_ERROR;
	}
	return COPY_OK;
}

/* Does `table` (in db) have a foreign key to `parent`? */
static int refers_to(struct db *db, const char *table, const char *parent)
{
	const char *sql = db_is_pg(db)
		? "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = to_regclass($1) "
		  "AND confrelid = to_regclass($2)"
		: "SELECT 1 FROM pragma_foreign_key_list($1) WHERE \"table\" = $2";
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return 0;
	db_bind_text(st, 1, table);
	db_bind_text(st, 2, parent);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}

/* Order tables so that every parent comes before its children (self
 * references aside: those rows go in key order). No cycle is expected; if
 * there is one, the rest keep their order and the target's constraints say
 * so. */
static void order_tables(struct db *db, char names[][COPY_NAME], int n)
{
	static char out[COPY_MAX_TABLES][COPY_NAME];
	int done[COPY_MAX_TABLES] = { 0 };
	int k = 0;
	while (k < n) {
		int progress = 0;
		for (int i = 0; i < n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			for (int j = 0; j < n && ready; j++)
				if (j != i && !done[j] && refers_to(db, names[i], names[j]))
					ready = 0;
			if (ready) {
				memcpy(out[k++], names[i], COPY_NAME);
				done[i] = 1;
				progress = 1;
			}
		}
		if (!progress) {
			for (int i = 0; i < n; i++)
				if (!done[i]) {
					memcpy(out[k++], names[i], COPY_NAME);
					done[i] = 1;
				}
		}
	}
	memcpy(names, out, (size_t)n * COPY_NAME);
}

static int count_rows(struct db *db, const char *table, const char *where, int64_t *n)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"%s%s", table, where ? " WHERE " : "",
		 where ? where : "");
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc = rows_one_int(st, n);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

static void col_list(char *buf, size_t len, const struct cols *c)
{
	size_t at = 0;
	buf[0] = 0;
	for (int i = 0; i < c->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s\"%s\"", i ? ", " : "", c->name[i]);
}

/* A foreign key of `table` to itself (units.parent_id, feedback.merged_into_id):
 * 1 and its column and the referenced one, 0 when none. */
static int self_ref(struct db *db, const char *table, char from[COPY_NAME], char to[COPY_NAME])
{
	const char *sql = db_is_pg(db)
		? "SELECT a.attname, b.attname FROM pg_constraint c "
		  "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
		  "JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1] "
		  "WHERE c.contype = 'f' AND c.conrelid = to_regclass($1) AND c.confrelid = c.conrelid"
		: "SELECT \"from\", coalesce(\"to\", 'id') FROM pragma_foreign_key_list($1) WHERE \"table\" = $1";
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return 0;
	db_bind_text(st, 1, table);
	int found = 0;
	if (db_step(st) == DB_ROW && plain_name(db_col_text(st, 0)) && plain_name(db_col_text(st, 1))) {
		snprintf(from, COPY_NAME, "%s", db_col_text(st, 0));
		snprintf(to, COPY_NAME, "%s", db_col_text(st, 1));
		found = 1;
	}
	db_done(st);
	return found;
}

static int copy_table(struct db *src, struct db *dst, const char *table, int64_t *rows,
		      struct copy_report *r)
{
	struct cols c;
	if (list_cols(dst, table, &c, r) < 0)
		return COPY_ERROR;
	char names[SQL_MAX / 2], sel[SQL_MAX], ins[SQL_MAX];
	col_list(names, sizeof(names), &c);
	/* key order: the first column is the id (or the natural key) of every
	 * table; a row that refers to another of its table comes after it
	 * (depth from the rows that refer to none), as PostgreSQL checks each
	 * row at once */
	char from[COPY_NAME], to[COPY_NAME];
	if (self_ref(dst, table, from, to))
		snprintf(sel, sizeof(sel),
			 "WITH RECURSIVE d(k, depth) AS (SELECT \"%.63s\", 0 FROM \"%.63s\" WHERE \"%.63s\" IS NULL "
			 "UNION ALL SELECT x.\"%.63s\", d.depth + 1 FROM \"%.63s\" AS x JOIN d ON x.\"%.63s\" = d.k) "
			 "SELECT %s FROM (SELECT t.*, d.depth AS copy_depth FROM \"%.63s\" AS t JOIN d ON t.\"%.63s\" = d.k) "
			 "AS y ORDER BY copy_depth, \"%.63s\"",
			 to, table, from, to, table, from, names, table, to, c.name[0]);
	else
		snprintf(sel, sizeof(sel), "SELECT %s FROM \"%.63s\" ORDER BY 1", names, table);
	size_t at = (size_t)snprintf(ins, sizeof(ins), "INSERT INTO \"%.63s\" (%s) VALUES (", table, names);
	for (int i = 0; i < c.n && at < sizeof(ins); i++)
		at += (size_t)snprintf(ins + at, sizeof(ins) - at, "%s$%d", i ? ", " : "", i + 1);
	if (at + 2 >= sizeof(ins)) {
		say(r, "table %s: too many columns", table);
		return COPY_ERROR;
	}
	memcpy(ins + at, ")", 2);

	struct db_stmt *in = db_prepare(src, sel);
	if (!in) {
		say(r, "cannot read %s from the source (does it have every column the target has?): %s",
		    table, db_errmsg(src));
		return COPY_ERROR;
	}
	int rc;
	*rows = 0;
	while ((rc = db_step(in)) == DB_ROW) {
		struct db_stmt *out = db_prepare(dst, ins);
		if (!out) {
			db_done(in);
			say(r, "cannot write %s: %s", table, db_errmsg(dst));
			return COPY_ERROR;
		}
		for (int i = 0; i < c.n; i++) {
			if (db_col_is_null(in, i)) {
				db_bind_null(out, i + 1);
			} else if (c.kind[i] == K_INT) {
				db_bind_int(out, i + 1, db_col_int(in, i));
			} else if (c.kind[i] == K_BLOB) {
				size_t len = 0;
				const void *p = db_col_blob(in, i, &len);
				db_bind_blob(out, i + 1, p ? p : "", len);
			} else {
				db_bind_text(out, i + 1, db_col_text(in, i));
			}
		}
		int wrc = db_step(out);
		db_done(out);
		if (wrc != DB_DONE) {
			db_done(in);
			say(r, "cannot write row %lld of %s: %s", (long long)(*rows + 1), table, db_errmsg(dst));
			return COPY_ERROR;
		}
		(*rows)++;
	}
	db_done(in);
	if (rc != DB_DONE) {
		say(r, "cannot read %s from the source: %s", table, db_errmsg(src));
		return COPY_ERROR;
	}
	return COPY_OK;
}

/* PostgreSQL: every identity sequence of `table` continues after its max. */
static int set_sequences(struct db *dst, const char *table, struct copy_report *r)
{
	struct db_stmt *st = db_prepare(dst,
		"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
		"AND table_name = $1 AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')");
	if (!st) {
		say(r, "cannot list the sequences of %s: %s", table, db_errmsg(dst));
		return COPY_ERROR;
	}
	db_bind_text(st, 1, table);
	char cols[8][COPY_NAME];
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (n < 8 && plain_name(name))
			snprintf(cols[n++], COPY_NAME, "%s", name);
	}
	db_done(st);
	if (rc != DB_DONE) {
		say(r, "cannot list the sequences of %s: %s", table, db_errmsg(dst));
		return COPY_ERROR;
	}
	for (int i = 0; i < n; i++) {
		char sql[SQL_MAX];
		snprintf(sql, sizeof(sql),
			 "SELECT setval(pg_get_serial_sequence('\"%.63s\"', '%.63s'), m) "
			 "FROM (SELECT max(\"%.63s\") AS m FROM \"%.63s\") AS x WHERE m IS NOT NULL",
			 table, cols[i], cols[i], table);
		struct db_stmt *sv = db_prepare(dst, sql);
		rc = sv ? db_step(sv) : DB_ERROR;
		if (sv)
			db_done(sv);
		if (rc != DB_ROW && rc != DB_DONE) {
			say(r, "cannot set the sequence of %s.%s: %s", table, cols[i], db_errmsg(dst));
			return COPY_ERROR;
		}
	}
	return COPY_OK;
}

/* An order-free digest of a derived table's rows that count: the sum of a
 * hash of each row's text (FNV-1a), and their number. */
static int tally_digest(struct db *db, const char *table, const struct cols *c, uint64_t *sum,
			int64_t *count)
{
	char names[SQL_MAX / 2], sql[SQL_MAX];
	col_list(names, sizeof(names), c);
	snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\" WHERE %s", names, table, derived_counts(table));
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc;
	*sum = 0;
	*count = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		uint64_t h = 1469598103934665603ULL;
		for (int i = 0; i < c->n; i++) {
			const char *t = db_col_text(st, i);
			for (const char *p = t ? t : "\x01NULL"; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ULL;
			h = (h ^ 0x1f) * 1099511628211ULL;
		}
		*sum += h;
		(*count)++;
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : DB_ERROR;
}

static int check_tally(struct db *src, struct db *dst, const char *table, int64_t *rows,
		       struct copy_report *r)
{
	struct cols c;
	if (list_cols(dst, table, &c, r) < 0)
		return COPY_ERROR;
	uint64_t hs, hd;
	int64_t ns, nd;
	if (tally_digest(src, table, &c, &hs, &ns) < 0 || tally_digest(dst, table, &c, &hd, &nd) < 0) {
		say(r, "cannot read the tally %s: %s / %s", table, db_errmsg(src), db_errmsg(dst));
		return COPY_ERROR;
	}
	if (hs != hd || ns != nd) {
		say(r, "the counters of %s made by the target's triggers differ from the source's "
		       "(%lld and %lld non-zero rows): nothing was copied", table, (long long)nd, (long long)ns);
		return COPY_ERROR;
	}
	*rows = nd;
	return COPY_OK;
}

static int copy_in_tx(struct db *src, struct db *dst, char names[][COPY_NAME], int n,
		      struct copy_report *r)
{
	if (!db_is_pg(dst) && db_exec(dst, "PRAGMA defer_foreign_keys = ON") != DB_OK) {
		say(r, "cannot defer foreign keys: %s", db_errmsg(dst));
		return COPY_ERROR;
	}
	for (int i = 0; i < n; i++) {
		int cls = table_class(names[i]);
		if (cls != 0 && cls != 2)
			continue;
		if (cls == 2) {
			char sql[COPY_NAME + 16];
			snprintf(sql, sizeof(sql), "DELETE FROM %.63s", names[i]); /* a plain_name() */
			if (db_exec(dst, sql) != DB_OK) {
				say(r, "cannot replace the seeded rows of %s: %s", names[i], db_errmsg(dst));
				return COPY_ERROR;
			}
		}
		struct copy_table *t = &r->tables[r->ntables++];
		memcpy(t->name, names[i], sizeof(t->name)); /* both COPY_NAME bytes, NUL-terminated */
		if (copy_table(src, dst, names[i], &t->rows, r) < 0)
			return COPY_ERROR;
		if (db_is_pg(dst) && set_sequences(dst, names[i], r) < 0)
			return COPY_ERROR;
	}
	/* row counts, both sides */
	for (int i = 0; i < r->ntables; i++) {
		struct copy_table *t = &r->tables[i];
		int64_t ns = -1, nd = -1;
		if (count_rows(src, t->name, NULL, &ns) < 0 || count_rows(dst, t->name, NULL, &nd) < 0) {
			say(r, "cannot count the rows of %s", t->name);
			return COPY_ERROR;
		}
		if (ns != nd || nd != t->rows) {
			say(r, "%s: %lld rows in the source, %lld in the target after copying %lld",
			    t->name, (long long)ns, (long long)nd, (long long)t->rows);
			return COPY_ERROR;
		}
	}
	/* the derived tallies, made by the target's triggers as the items went in */
	for (int i = 0; i < n; i++) {
		if (table_class(names[i]) != 1)
			continue;
		struct copy_table *t = &r->tables[r->ntables++];
		memcpy(t->name, names[i], sizeof(t->name)); /* both COPY_NAME bytes, NUL-terminated */
		t->derived = 1;
		if (check_tally(src, dst, names[i], &t->rows, r) < 0)
			return COPY_ERROR;
	}
	struct audit_report ar;
	int arc = audit_check(dst, NULL, &ar);
	if (arc != 0) {
		say(r, "the audit chain does not verify on the target%s: %s",
		    arc > 0 ? " (is this the source's audit key?)" : "", ar.msg);
		return COPY_ERROR;
	}
	r->audit_entries = ar.count;
	return COPY_OK;
}

int copy_database(struct db *src, struct db *dst, struct copy_report *r)
{
	memset(r, 0, sizeof(*r));
	int vs = db_schema_version(src), vd = db_schema_version(dst);
	if (vs < 0 || vd < 0) {
		say(r, "cannot read the schema version: %s", db_errmsg(vs < 0 ? src : dst));
		return COPY_ERROR;
	}
	if (vs != vd) {
		say(r, "the source is at schema version %d, the target at %d: bring both to the same "
		       "version with this danvan ('danvan init') first", vs, vd);
		return COPY_VERSION;
	}
	r->version = vs;

	static char names[COPY_MAX_TABLES][COPY_NAME], snames[COPY_MAX_TABLES][COPY_NAME];
	int n = 0, ns = 0;
	if (list_tables(dst, names, &n, r) < 0 || list_tables(src, snames, &ns, r) < 0)
		return COPY_ERROR;
	/* same tables on both sides (the index and bookkeeping aside) */
	for (int pass = 0; pass < 2; pass++) {
		char (*a)[COPY_NAME] = pass ? snames : names, (*b)[COPY_NAME] = pass ? names : snames;
		int na = pass ? ns : n, nb = pass ? n : ns;
		for (int i = 0; i < na; i++) {
			if (table_class(a[i]) < 0)
				continue;
			int found = 0;
			for (int j = 0; j < nb && !found; j++)
				found = !strcmp(a[i], b[j]);
			if (!found) {
				say(r, "table %s is in the %s but not in the %s", a[i], pass ? "source" : "target",
				    pass ? "target" : "source");
				return COPY_ERROR;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		if (table_class(names[i]) < 0)
			continue;
		if (!plain_name(names[i])) {
			say(r, "a table this copy cannot name: %s", names[i]);
			return COPY_ERROR;
		}
		int64_t rows = 0;
		if (count_rows(dst, names[i], NULL, &rows) < 0) {
			say(r, "cannot count the rows of %s in the target: %s", names[i], db_errmsg(dst));
			return COPY_ERROR;
		}
		if (rows && table_class(names[i]) != 2) {
			say(r, "the target is not empty: table %s has %lld rows; migrate only into a new, "
			       "empty database", names[i], (long long)rows);
			return COPY_NOT_EMPTY;
		}
	}
	order_tables(dst, names, n);

	/* one snapshot of the source, one transaction on the target */
	if (db_exec(src, db_is_pg(src) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN") != DB_OK) {
		say(r, "cannot start reading the source: %s", db_errmsg(src));
		return COPY_ERROR;
	}
	if (db_begin(dst) != DB_OK) {
		say(r, "cannot start a transaction on the target: %s", db_errmsg(dst));
		db_exec(src, "ROLLBACK");
		return COPY_ERROR;
	}
	int rc = copy_in_tx(src, dst, names, n, r);
	if (rc == COPY_OK && db_commit(dst) != DB_OK) {
		say(r, "the target refused the commit: %s", db_errmsg(dst));
		rc = COPY_ERROR;
	}
	if (rc != COPY_OK)
		db_rollback(dst);
	db_exec(src, "ROLLBACK");
	if (rc != COPY_OK)
		return rc;

	/* the search index, rebuilt from the copied items */
	if (search_rebuild(dst) != DB_OK) {
		say(r, "the data is copied, but rebuilding the search index failed: %s", db_errmsg(dst));
		return COPY_INDEX;
	}
	int64_t left = 1;
	for (int i = 0; left > 0 && i < 1000000; i++) {
		int64_t done = 0;
		if (search_index_pending(dst, 1000, &done, &left) != DB_OK) {
			say(r, "the data is copied, but indexing it for search failed: %s", db_errmsg(dst));
			return COPY_INDEX;
		}
		if (done == 0)
			break;
	}
	if (search_count(dst, 0, &r->indexed) != DB_OK) {
		say(r, "the data is copied, but the search index cannot be counted: %s", db_errmsg(dst));
		return COPY_INDEX;
	}
	return COPY_OK;
}
