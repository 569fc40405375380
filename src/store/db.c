/*
 * db.c - the engine-independent half of store/db.h: picks the engine for a
 * URL (SQLite for a path, PostgreSQL for a postgresql:// URL), keeps each
 * thread's connection, and does once for both engines what the interface
 * promises: fault injection, sticky bind errors, the error count and hook,
 * and the migration loop. The engines are store/db_sqlite.c and db_pg.c.
 */
#include "db.h"
#include "core/assets.h"
#include "core/parse.h"
#include "core/xalloc.h"
#include "store/db_engine.h"

#include <pthread.h>
#include <stdatomic.h>

static char *global_url;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *registry;
static _Thread_local struct db *thread_db;
static atomic_uint_fast64_t error_count;
static void (*error_hook)(void);

/* fault injection: DANVAN_FAIL_DB=N */
static atomic_long fail_at = -1;
static atomic_long call_count;
static int fail_sticky;

static int fault_db(void)
{
	long at = atomic_load(&fail_at);
	if (at < 0) {
		const char *e = getenv("DANVAN_FAIL_DB");
		long v = 0;
		if (!e || parse_long_str(e, 0, 1000000000L, &v) < 0)
			v = 0;
		const char *s = getenv("DANVAN_FAIL_DB_STICKY");
		fail_sticky = s && s[0] == '1';
		atomic_store(&fail_at, v);
		at = v;
	}
	if (at == 0)
		return 0;
	long n = atomic_fetch_add(&call_count, 1) + 1;
	return n == at || (fail_sticky && n > at);
}

static int injected(void)
{
	db_note_error();
	fprintf(stderr, "error: database: injected fault\n");
	return DB_ERROR;
}

void db_note_error(void)
{
	atomic_fetch_add(&error_count, 1);
	if (error_hook)
		error_hook();
}

void db_set_error_hook(void (*fn)(void))
{
	error_hook = fn;
}

uint64_t db_error_count(void)
{
	return atomic_load(&error_count);
}

static int is_pg_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

const char *db_url_safe(const char *url, char *buf, size_t buflen)
{
	if (!buflen)
		return "";
	buf[0] = 0;
	if (!is_pg_url(url)) {
		snprintf(buf, buflen, "%s", url);
		return buf;
	}
	/* scheme://[user[:password]@]host...[?...password=...&...] */
	const char *p = strstr(url, "://") + 3;
	const char *end = p + strcspn(p, "/?");
	const char *at = memrchr(p, '@', (size_t)(end - p));
	size_t n = 0;
	int w;
#define PUT(...) (w = snprintf(buf + n, buflen - n, __VA_ARGS__), n += (w > 0 && (size_t)w < buflen - n) ? (size_t)w : 0)
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		PUT("%.*s", (int)((colon ? colon : at) - url), url);
		PUT("%.*s", (int)(end - at), at);
	} else {
		PUT("%.*s", (int)(end - url), url);
	}
	/* the path and the query, without a password parameter */
	const char *q = end;
	if (*q == '/') {
		size_t len = strcspn(q, "?");
		PUT("%.*s", (int)len, q);
		q += len;
	}
	if (*q == '?') {
		char sep = '?';
		q++;
		while (*q) {
			size_t len = strcspn(q, "&");
			if (strncmp(q, "password=", 9)) {
				PUT("%c%.*s", sep, (int)len, q);
				sep = '&';
			}
			q += len;
			if (*q == '&')
				q++;
		}
	}
#undef PUT
	return buf;
}

/* PostgreSQL for its URLs, SQLite for a path (or sqlite:PATH); NULL for
 * another scheme ("mysql://..."), which is no file name anyone meant */
static const struct db_engine *engine_for(const char *url, char *err, size_t errlen)
{
	if (is_pg_url(url))
		return &db_engine_pg;
	const char *sep = strstr(url, "://");
	if (sep && strncmp(url, "sqlite://", 9)) {
		snprintf(err, errlen, "unknown database URL scheme '%.*s': give a file path for SQLite or a "
			 "postgresql:// URL", (int)(sep - url < 20 ? sep - url : 20), url);
		return NULL;
	}
	return &db_engine_sqlite;
}

struct db *db_open(const char *url, char *err, size_t errlen)
{
	const struct db_engine *eng = engine_for(url, err, errlen);
	return eng ? eng->open(url, err, errlen) : NULL;
}

void db_close(struct db *db)
{
	if (db)
		db->eng->close(db);
}

int db_global_init(const char *url, char *err, size_t errlen)
{
	if (!url || !*url) {
		snprintf(err, errlen, "no database given");
		return DB_ERROR;
	}
	if (!engine_for(url, err, errlen))
		return DB_ERROR;
	free(global_url);
	global_url = xstrdup(url);
	return DB_OK;
}

struct db *db_thread(void)
{
	if (thread_db)
		return thread_db;
	if (!global_url) {
		fprintf(stderr, "error: database: db_global_init was not called\n");
		return NULL;
	}
	char err[768];
	struct db *db = db_open(global_url, err, sizeof(err));
	if (!db) {
		db_note_error();
		fprintf(stderr, "error: %s\n", err);
		return NULL;
	}
	pthread_mutex_lock(&registry_lock);
	db->next_global = registry;
	registry = db;
	pthread_mutex_unlock(&registry_lock);
	thread_db = db;
	return db;
}

void db_global_shutdown(void)
{
	pthread_mutex_lock(&registry_lock);
	struct db *db = registry;
	registry = NULL;
	pthread_mutex_unlock(&registry_lock);
	while (db) {
		struct db *next = db->next_global;
		db_close(db);
		db = next;
	}
	thread_db = NULL;
	free(global_url);
	global_url = NULL;
}

const char *db_engine(struct db *db)
{
	return db->eng->name;
}

int db_is_pg(struct db *db)
{
	return db->eng == &db_engine_pg;
}

int db_exec(struct db *db, const char *sql)
{
	if (fault_db())
		return injected();
	return db->eng->exec(db, sql);
}

int db_tune_writer(struct db *db)
{
	return db->eng->tune_writer(db);
}

int db_bulk_cache(struct db *db, int on)
{
	return db->eng->bulk_cache(db, on);
}

int db_bulk_journal(struct db *db, int on)
{
	if (db_in_transaction(db))
		BUG("db_bulk_journal inside a transaction");
	return db->eng->bulk_journal(db, on);
}

int db_defer_sync(struct db *db)
{
	return db->eng->defer_sync(db);
}

int64_t db_log_pages(struct db *db)
{
	return db->eng->log_pages(db);
}

int db_checkpoint(struct db *db)
{
	return db->eng->checkpoint(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	return db->eng->prepare(db, sql);
}

static int bind_rc(struct db_stmt *st, int rc)
{
	if (rc < 0)
		st->bind_failed = 1;
	return rc;
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return bind_rc(st, st->db->eng->bind_int(st, idx, v));
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		return db_bind_null(st, idx);
	return bind_rc(st, st->db->eng->bind_text(st, idx, s, strlen(s)));
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	if (!s)
		return db_bind_null(st, idx);
	return bind_rc(st, st->db->eng->bind_text(st, idx, s, len));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return bind_rc(st, st->db->eng->bind_blob(st, idx, p ? p : "", p ? len : 0));
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return bind_rc(st, st->db->eng->bind_null(st, idx));
}

int db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v)
{
	return v ? db_bind_int(st, idx, v) : db_bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
	if (st->bind_failed)
		return DB_ERROR; /* counted when the bind failed */
	if (fault_db())
		return injected();
	return st->db->eng->step(st);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return st->db->eng->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->db->eng->col_text(st, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->db->eng->col_blob(st, col, len);
}

int db_col_is_null(struct db_stmt *st, int col)
{
	return st->db->eng->col_is_null(st, col);
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	st->bind_failed = 0;
	st->db->eng->done(st);
}

int db_run(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int db_ping(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? DB_OK : DB_ERROR;
}

static int begin_with(struct db *db, int (*begin)(struct db *db))
{
	if (db->in_tx)
		BUG("nested db_begin");
	if (fault_db())
		return injected();
	int rc = begin(db);
	if (rc == DB_OK)
		db->in_tx = 1;
	return rc;
}

int db_begin(struct db *db)
{
	return begin_with(db, db->eng->begin);
}

int db_begin_shared(struct db *db)
{
	return begin_with(db, db->eng->begin_shared ? db->eng->begin_shared : db->eng->begin);
}

int db_commit(struct db *db)
{
	if (!db->in_tx)
		BUG("db_commit outside a transaction");
	if (fault_db())
		return injected();
	int rc = db->eng->commit(db);
	if (rc == DB_OK)
		db->in_tx = 0;
	return rc;
}

int db_rollback(struct db *db)
{
	/* never failed by fault injection: error paths must be able to undo */
	db->eng->rollback(db);
	db->in_tx = 0;
	return DB_OK;
}

int db_in_transaction(struct db *db)
{
	return db->in_tx;
}

int64_t db_changes(struct db *db)
{
	return db->eng->changes(db);
}

int64_t db_total_changes(struct db *db)
{
	return db->eng->total_changes(db);
}

const char *db_errmsg(struct db *db)
{
	return db->eng->errmsg(db);
}

int db_backup(struct db *db, const char *to, char *err, size_t errlen)
{
	return db->eng->backup(db, to, err, errlen);
}

/* --- migrations ---------------------------------------------------------- */

static int migration_version(const char *prefix, const char *path)
{
	const char *p = path + strlen(prefix);
	uint64_t v;
	if (parse_uint(&p, NULL, &v, 99999) < 0 || *p != '_')
		return -1;
	return (int)v;
}

int db_schema_version(struct db *db)
{
	if (db->eng->schema_table(db) < 0)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	int v = rc == DB_ROW ? (int)db_col_int(st, 0) : DB_ERROR;
	db_done(st);
	return v;
}

/* 1 when migration v is recorded in schema_migrations, 0 when not, <0 on error */
static int migration_applied(struct db *db, int v)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM schema_migrations WHERE version = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, v);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : DB_ERROR;
}

static int migrate_locked(struct db *db, char *err, size_t errlen)
{
	const char *prefix = db->eng->migrations;
	size_t plen = strlen(prefix);
	int have = db_schema_version(db);
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
		return DB_ERROR;
	}
	int known = 0;
	for (const struct asset *a = assets; a->path; a++) {
		if (strncmp(a->path, prefix, plen))
			continue;
		int v = migration_version(prefix, a->path);
		if (v > known)
			known = v;
	}
	if (have > known) {
		snprintf(err, errlen,
			 "the database has schema version %d but this danvan knows only up to %d: "
			 "it was written by a newer danvan; upgrade danvan instead of using this one",
			 have, known);
		return DB_NEWER;
	}
	for (const struct asset *a = assets; a->path; a++) {
		if (strncmp(a->path, prefix, plen))
			continue;
		int v = migration_version(prefix, a->path);
		if (v < 0) {
			snprintf(err, errlen, "bad migration file name '%s'", a->path);
			return DB_ERROR;
		}
		/* applied already? Not only "v <= have": a version merged in after
		 * a later one (two branches' migrations) is applied when it comes */
		int applied = v <= have ? migration_applied(db, v) : 0;
		if (applied < 0) {
			snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
			return DB_ERROR;
		}
		if (applied)
			continue;
		if (db_begin(db) < 0)
			goto fail;
		if (db_exec(db, (const char *)a->data) < 0)
			goto fail;
		struct db_stmt *st = db_prepare(db, "INSERT INTO schema_migrations(version, name, applied_at) "
						    "VALUES ($1, $2, $3)");
		if (!st)
			goto fail;
		db_bind_int(st, 1, v);
		db_bind_text(st, 2, a->path + plen);
		db_bind_int(st, 3, (int64_t)time(NULL));
		int rc = db_step(st);
		db_done(st);
		if (rc < 0 || db_commit(db) < 0)
			goto fail;
		continue;
	fail:
		snprintf(err, errlen, "migration '%s' failed: %s", a->path, db_errmsg(db));
		db_rollback(db);
		return DB_ERROR;
	}
	return DB_OK;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	if (db->eng->migrate_lock && db->eng->migrate_lock(db, err, errlen) < 0)
		return DB_ERROR;
	int rc = migrate_locked(db, err, errlen);
	if (db->eng->migrate_unlock)
		db->eng->migrate_unlock(db);
	return rc;
}
