/*
 * category.c - SQL for the feedback taxonomy and its CSV loader (the demo's
 * demo/categories.csv and an administrator's upload use the same one).
 */
#include "store/category.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/stamp.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "core/utf8.h"
#include "core/vntext.h"

#include <pthread.h>

#define COLS "id, code, name, deadline_amount, deadline_unit, legal_basis, active, sort"

static const char *const unit_names[] = {
	[CAL_WORKING_DAY] = "working_day",
	[CAL_CALENDAR_DAY] = "calendar_day",
	[CAL_WORKING_HOUR] = "working_hour",
};

const char *category_unit_name(enum cal_unit unit)
{
	if (unit < CAL_WORKING_DAY || unit > CAL_WORKING_HOUR)
		return NULL;
	return unit_names[unit];
}

int category_unit_parse(const char *name, enum cal_unit *unit)
{
	for (int u = CAL_WORKING_DAY; u <= CAL_WORKING_HOUR; u++)
		if (name && !strcmp(name, unit_names[u])) {
			*unit = (enum cal_unit)u;
			return 0;
		}
	return -1;
}

int category_code_valid(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > CATEGORY_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

static int read_row(struct db_stmt *st, struct arena *a, struct category *out)
{
	out->id = db_col_int(st, 0);
	out->code = arena_strdup(a, db_col_text(st, 1));
	out->name = arena_strdup(a, db_col_text(st, 2));
	out->deadline_amount = (int)db_col_int(st, 3);
	if (category_unit_parse(db_col_text(st, 4), &out->deadline_unit) < 0)
		out->deadline_unit = CAL_WORKING_DAY;
	const char *basis = db_col_text(st, 5);
	out->legal_basis = arena_strdup(a, basis ? basis : "");
	out->active = (int)db_col_int(st, 6);
	out->sort = (int)db_col_int(st, 7);
	return out->code && out->name && out->legal_basis ? DB_OK : DB_ERROR;
}

/* rows_collect() reader over read_row(). */
static int read_item(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	return read_row(st, a, item) < 0 ? -1 : 0;
}

static int get_one(struct db_stmt *st, struct arena *a, struct category *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_row(st, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int category_get(struct db *db, int64_t id, struct arena *a, struct category *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM categories WHERE id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return get_one(st, a, out);
}

/*
 * The categories as a process keeps them for category_get_by_code() (every
 * submission looks its category up): all of them, read again when the
 * 'category' stamp changed (migration 0047: every change to the table bumps
 * it in the same transaction; on PostgreSQL a server learns it from the
 * database's announcement, so a cached lookup costs no round trip).
 */
static struct {
	int64_t stamp;
	int valid;
	struct arena arena;
	struct category *v;
	size_t n;
} cat_cache;
static pthread_mutex_t cat_lock = PTHREAD_MUTEX_INITIALIZER;

static int copy_category(struct arena *a, const struct category *c, struct category *out)
{
	*out = *c;
	out->code = arena_strdup(a, c->code);
	out->name = arena_strdup(a, c->name);
	out->legal_basis = arena_strdup(a, c->legal_basis);
	return out->code && out->name && out->legal_basis ? DB_OK : DB_ERROR;
}

/* From the kept categories: DB_OK, DB_NOTFOUND, or 1 when they are not
 * those of `stamp`; under cat_lock. */
static int cached_by_code(int64_t stamp, const char *code, struct arena *a, struct category *out)
{
	if (!cat_cache.valid || cat_cache.stamp != stamp)
		return 1;
	for (size_t i = 0; i < cat_cache.n; i++)
		if (!strcmp(cat_cache.v[i].code, code))
			return copy_category(a, &cat_cache.v[i], out);
	return DB_NOTFOUND;
}

int category_get_by_code(struct db *db, const char *code, struct arena *a, struct category *out)
{
	code = code ? code : "";
	int64_t stamp;
	if (stamp_for_cache(db, "category", &stamp) == 1) {
		pthread_mutex_lock(&cat_lock);
		int rc = cached_by_code(stamp, code, a, out);
		pthread_mutex_unlock(&cat_lock);
		if (rc != 1)
			return rc;
		struct arena fresh;
		arena_init(&fresh, 4096);
		struct category *v = NULL;
		size_t n = 0;
		rc = category_list(db, &fresh, 1, &v, &n);
		if (rc < 0) {
			arena_release(&fresh);
			return rc;
		}
		pthread_mutex_lock(&cat_lock);
		if (cat_cache.valid)
			arena_release(&cat_cache.arena);
		cat_cache.arena = fresh;
		cat_cache.v = v;
		cat_cache.n = n;
		cat_cache.stamp = stamp;
		cat_cache.valid = 1;
		rc = cached_by_code(stamp, code, a, out);
		pthread_mutex_unlock(&cat_lock);
		return rc;
	}
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM categories WHERE code = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, code);
	return get_one(st, a, out);
}

int category_list(struct db *db, struct arena *a, int include_inactive, struct category **items,
		  size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM categories "
					    "WHERE active = 1 OR $1 = 1 ORDER BY sort, name, id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, include_inactive ? 1 : 0);
	void *arr;
	int rc = rows_collect(st, a, sizeof(struct category), 0, read_item, NULL, &arr, n);
	if (rc < 0)
		return rc;
	*items = arr;
	return DB_OK;
}

/* {"code":..,"name":..,"deadline":"5 working_day","active":1,"legal_basis":..} */
static json_t *summary_json(const struct category *c)
{
	char deadline[48];
	snprintf(deadline, sizeof(deadline), "%d %s", c->deadline_amount, category_unit_name(c->deadline_unit));
	return json_pack("{s:s, s:s, s:s, s:i, s:s}", "code", c->code, "name", c->name, "deadline", deadline,
			 "active", c->active ? 1 : 0, "legal_basis", c->legal_basis ? c->legal_basis : "");
}

int category_upsert(struct db *db, const struct audit_actor *actor, const struct category *in,
		    int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("category_upsert outside a transaction");
	if (!category_code_valid(in->code) || !in->name || !category_unit_name(in->deadline_unit))
		return DB_CONSTRAINT;
	const char *basis = in->legal_basis ? in->legal_basis : "";
	struct arena a;
	arena_init(&a, 2048);
	struct category old;
	int rc = category_get_by_code(db, in->code, &a, &old);
	int exists = rc == DB_OK;
	if (rc < 0 && rc != DB_NOTFOUND)
		goto out;
	if (exists && !strcmp(old.name, in->name) && old.deadline_amount == in->deadline_amount &&
	    old.deadline_unit == in->deadline_unit && !strcmp(old.legal_basis, basis) &&
	    old.active == (in->active ? 1 : 0) && old.sort == in->sort) {
		if (id)
			*id = old.id;
		rc = DB_OK;
		goto out;
	}
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO categories(code, name, deadline_amount, deadline_unit, legal_basis, active, sort) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) "
		"ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
		"deadline_amount = excluded.deadline_amount, deadline_unit = excluded.deadline_unit, "
		"legal_basis = excluded.legal_basis, active = excluded.active, sort = excluded.sort "
		"RETURNING id");
	if (!st) {
		rc = DB_ERROR;
		goto out;
	}
	db_bind_text(st, 1, in->code);
	db_bind_text(st, 2, in->name);
	db_bind_int(st, 3, in->deadline_amount);
	db_bind_text(st, 4, category_unit_name(in->deadline_unit));
	db_bind_text(st, 5, basis);
	db_bind_int(st, 6, in->active ? 1 : 0);
	db_bind_int(st, 7, in->sort);
	rc = db_step(st);
	int64_t newid = rc == DB_ROW ? db_col_int(st, 0) : 0;
	if (rc == DB_ROW)
		rc = db_step(st);
	db_done(st);
	if (rc < 0)
		goto out;
	char idtext[AUDIT_ID_CHARS];
	struct category norm = *in;
	norm.legal_basis = basis;
	rc = audit_append_json_new(db, actor, exists ? "category.update" : "category.create", "category",
				   audit_id(newid, idtext), summary_json(&norm));
	if (rc == DB_OK && id)
		*id = newid;
out:
	arena_release(&a);
	return rc < 0 ? rc : DB_OK;
}

/* --- CSV ----------------------------------------------------------------- */

#define CSV_FIELDS 6

struct csv {
	const char *p, *end;
	int line;
};

/*
 * Read one record into fields (arena strings). Returns the number of fields
 * (0 at the end of the text), or -1 for a malformed record (a quote left
 * open, text after a closing quote, too many fields).
 */
static int csv_record(struct csv *c, struct arena *a, char **fields)
{
	if (c->p >= c->end)
		return 0;
	int nf = 0;
	struct sbuf sb = SBUF_INIT(64 * 1024);
	int rc = -1;
	for (;;) {
		sbuf_reset(&sb);
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					goto out;
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						if (sbuf_addch(&sb, '"') < 0)
							goto out;
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				if (sbuf_addch(&sb, *c->p++) < 0)
					goto out;
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				goto out;
		} else {
			const char *s = c->p;
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				c->p++;
			if (memchr(s, '"', (size_t)(c->p - s)))
				goto out;
			if (sbuf_add(&sb, s, (size_t)(c->p - s)) < 0)
				goto out;
		}
		if (nf == CSV_FIELDS)
			goto out;
		fields[nf] = arena_strndup(a, sb.buf, sb.len);
		if (!fields[nf])
			goto out;
		nf++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		break;
	}
	rc = nf;
out:
	sbuf_release(&sb);
	return rc;
}

static int row_error(char *err, size_t errlen, int line, const char *what, const char *value)
{
	if (value)
		snprintf(err, errlen, "line %d: %s '%s'", line, what, value);
	else
		snprintf(err, errlen, "line %d: %s", line, what);
	return DB_ERROR;
}

static int parse_row(struct arena *a, char **f, int nf, int line, struct category *out,
		     char *err, size_t errlen)
{
	if (nf < 5)
		return row_error(err, errlen, line, "expected 5 or 6 fields", NULL);
	for (int i = 0; i < nf; i++)
		if (!utf8_valid(f[i], strlen(f[i])))
			return row_error(err, errlen, line, "invalid UTF-8", NULL);
	memset(out, 0, sizeof(*out));
	if (!category_code_valid(f[0]))
		return row_error(err, errlen, line, "code must be 1-40 characters of a-z, 0-9 and '-':", f[0]);
	out->code = f[0];
	char *name = NULL, *basis = NULL;
	if (vntext_clean(a, f[1], strlen(f[1]), VNTEXT_SINGLELINE, &name, NULL) < 0 ||
	    vntext_check_length(name, strlen(name), 1, CATEGORY_NAME_MAX) != VNTEXT_OK)
		return row_error(err, errlen, line, "name must be 1-200 characters:", f[1]);
	out->name = name;
	long amount;
	if (parse_long_str(f[2], 1, 365, &amount) < 0)
		return row_error(err, errlen, line, "deadline_amount must be 1-365, not", f[2]);
	out->deadline_amount = (int)amount;
	if (category_unit_parse(f[3], &out->deadline_unit) < 0)
		return row_error(err, errlen, line,
				 "deadline_unit is not working_day, calendar_day or working_hour:", f[3]);
	if (vntext_clean(a, f[4], strlen(f[4]), VNTEXT_SINGLELINE, &basis, NULL) < 0 ||
	    vntext_check_length(basis, strlen(basis), 0, CATEGORY_BASIS_MAX) != VNTEXT_OK)
		return row_error(err, errlen, line, "legal_basis is too long or malformed", NULL);
	out->legal_basis = basis;
	out->active = 1;
	if (nf == 6) {
		if (!strcmp(f[5], "1") || !f[5][0])
			out->active = 1;
		else if (!strcmp(f[5], "0"))
			out->active = 0;
		else
			return row_error(err, errlen, line, "active must be 1 or 0, not", f[5]);
	}
	return DB_OK;
}

int category_import_csv(struct db *db, const struct audit_actor *actor, const char *text,
			size_t len, int *count, char *err, size_t errlen)
{
	struct arena a;
	arena_init(&a, 16384);
	struct csv c = { .p = text, .end = text + len, .line = 1 };
	char *f[CSV_FIELDS];
	int rows = 0, rc;
	/* skip a UTF-8 byte-order mark that spreadsheet programs like to add */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.p += 3;
	int line = c.line;
	int nf = csv_record(&c, &a, f);
	if (nf < 5 || strcmp(f[0], "code") || strcmp(f[1], "name") || strcmp(f[2], "deadline_amount") ||
	    strcmp(f[3], "deadline_unit") || strcmp(f[4], "legal_basis") ||
	    (nf == 6 && strcmp(f[5], "active"))) {
		arena_release(&a);
		return row_error(err, errlen, line,
				 "the header must be code,name,deadline_amount,deadline_unit,legal_basis[,active]",
				 NULL);
	}
	if ((rc = db_begin(db)) < 0) {
		snprintf(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		arena_release(&a);
		return rc;
	}
	for (;;) {
		line = c.line;
		nf = csv_record(&c, &a, f);
		if (nf == 0)
			break;
		if (nf < 0) {
			rc = row_error(err, errlen, line, "malformed CSV record (quotes or too many fields)", NULL);
			goto fail;
		}
		if (nf == 1 && !f[0][0])
			continue; /* blank line */
		struct category cat;
		if ((rc = parse_row(&a, f, nf, line, &cat, err, errlen)) < 0)
			goto fail;
		cat.sort = ++rows;
		if ((rc = category_upsert(db, actor, &cat, NULL)) < 0) {
			snprintf(err, errlen, "line %d: cannot store category '%s': %s", line, cat.code,
				 db_errmsg(db));
			goto fail;
		}
	}
	if ((rc = db_commit(db)) < 0) {
		snprintf(err, errlen, "cannot commit the categories: %s", db_errmsg(db));
		goto fail;
	}
	arena_release(&a);
	if (count)
		*count = rows;
	return DB_OK;
fail:
	db_rollback(db);
	arena_release(&a);
	return rc;
}

int category_import_demo(struct db *db, const struct audit_actor *actor, int *count, char *err,
			 size_t errlen)
{
	const struct asset *as = asset_find("demo/categories.csv");
	if (!as) {
		snprintf(err, errlen, "'demo/categories.csv' is not embedded in this build");
		return DB_ERROR;
	}
	return category_import_csv(db, actor, (const char *)as->data, as->len, count, err, errlen);
}
