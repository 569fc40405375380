/*
 * db_sqlite.c - the SQLite engine behind store/db.h: per-thread connections
 * in WAL mode with synchronous=FULL, a per-connection prepared-statement
 * cache, write transactions that take the lock up front, migrations and
 * online backup.
 */
#include "db.h"
#include "core/assets.h"
#include "core/parse.h"
#include "core/xalloc.h"
#include "store/search.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_SLOTS 256 /* power of two; statements beyond it are not cached */

struct db_stmt {
	sqlite3_stmt *s;
	struct db *db;
	char *sql;
	uint64_t hash;
	int cached;
	int bind_failed;        /* a bind failed: db_step() fails until db_done() */
};

struct db {
	sqlite3 *h;
	int in_tx;
	struct db_stmt *cache[CACHE_SLOTS];
	struct db *next_global; /* registry of db_thread() connections */
	int64_t wal_pages;      /* db_tune_writer(): the log's size after the last commit */
};

static char *global_url;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *registry;
static _Thread_local struct db *thread_db;
static atomic_uint_fast64_t error_count;

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

static void (*error_hook)(void);

void db_set_error_hook(void (*fn)(void))
{
	error_hook = fn;
}

static int count_error(struct db *db, int rc, const char *what)
{
	atomic_fetch_add(&error_count, 1);
	if (error_hook)
		error_hook();
	int prim = rc & 0xff;
	if (prim == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	fprintf(stderr, "error: database: %s: %s\n", what, db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return DB_BUSY;
	return DB_ERROR;
}

uint64_t db_error_count(void)
{
	return atomic_load(&error_count);
}

const char *db_engine(struct db *db)
{
	return "sqlite";
}

static const char *sqlite_path(const char *url)
{
	if (!strncmp(url, "sqlite://", 9))
		return url + 9;
	if (!strncmp(url, "sqlite:", 7))
		return url + 7;
	return url;
}

/*
 * Process-wide SQLite settings, before SQLite initialises: each connection
 * is used by one thread at a time, so no per-connection mutexes
 * (MULTITHREAD), and no global memory statistics, whose mutex every
 * allocation of every thread would otherwise take.
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

/* DANVAN_SQL_TRACE=1: every statement with its time on stderr (debugging
 * slow pages; never in production). */
static int trace_sql(unsigned type, void *ctx, void *p, void *x)
{
	if (type == SQLITE_TRACE_PROFILE) {
		char *sql = sqlite3_expanded_sql(p);
		fprintf(stderr, "sql %.3f ms: %s\n", (double)*(sqlite3_int64 *)x / 1e6, sql ? sql : "?");
		sqlite3_free(sql);
	}
	return 0;
}

struct db *db_open(const char *url, char *err, size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_setup);
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		snprintf(err, errlen, "PostgreSQL is not supported by this build yet; use a SQLite path");
		return NULL;
	}
	const char *path = sqlite_path(url);
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database '%s': %s", path,
			 h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 10000);
	const char *trace = getenv("DANVAN_SQL_TRACE");
	if (trace && trace[0] == '1')
		sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, trace_sql, NULL);
	char *msg = NULL;
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY;"
			  "PRAGMA cache_size=-20000;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up database '%s': %s", path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close(h);
		return NULL;
	}
	/* the SQL functions of the search index and its triggers (store/search.h) */
	if (search_sqlite_register(h) < 0) {
		snprintf(err, errlen, "cannot set up database '%s': search functions: %s", path, sqlite3_errmsg(h));
		sqlite3_close(h);
		return NULL;
	}
	struct db *db = xcalloc(1, sizeof(*db));
	db->h = h;
	return db;
}

/* After each commit of a tuned writer: remember the log's size instead of
 * checkpointing here (db_checkpoint() does, on another connection). */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	(void)h;
	(void)name;
	((struct db *)arg)->wal_pages = pages;
	return SQLITE_OK;
}

int db_tune_writer(struct db *db)
{
	sqlite3_wal_hook(db->h, wal_hook, db);
	/* a larger cache keeps the hot index pages: fewer pread() calls, which
	 * are dear on a virtual machine. (A memory map of the file measured no
	 * faster and made the process's RSS count every page it touched.) */
	return db_exec(db, "PRAGMA cache_size=-131072");
}

int db_defer_sync(struct db *db)
{
	const char *main_path = sqlite3_db_filename(db->h, "main");
	if (!main_path || !*main_path)
		return -1;
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s-wal", main_path);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	/* the log exists once the connection is in WAL mode (db_open); this
	 * descriptor only ever syncs it (the log takes no POSIX locks that a
	 * close() of it could drop: SQLite locks the database and -shm) */
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (db_exec(db, "PRAGMA synchronous=NORMAL") < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int db_log_sync(int handle)
{
	if (fdatasync(handle) != 0) {
		atomic_fetch_add(&error_count, 1);
		return DB_ERROR;
	}
	return DB_OK;
}

void db_log_close(int handle)
{
	if (handle >= 0)
		close(handle);
}

int64_t db_log_pages(struct db *db)
{
	return db->wal_pages;
}

int db_checkpoint(struct db *db)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
		atomic_fetch_add(&error_count, 1);
		return DB_ERROR;
	}
	return DB_OK;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct db_stmt *st = db->cache[i];
		if (st) {
			sqlite3_finalize(st->s);
			free(st->sql);
			free(st);
		}
	}
	sqlite3_close_v2(db->h);
	free(db);
}

int db_global_init(const char *url, char *err, size_t errlen)
{
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		snprintf(err, errlen, "PostgreSQL is not supported by this build yet; use a SQLite path");
		return DB_ERROR;
	}
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
	char err[512];
	struct db *db = db_open(global_url, err, sizeof(err));
	if (!db) {
		atomic_fetch_add(&error_count, 1);
		if (error_hook)
			error_hook();
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

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	if (fault_db())
		return count_error(db, SQLITE_IOERR, "injected fault");
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int r = count_error(db, rc, msg ? msg : "exec");
		sqlite3_free(msg);
		return r;
	}
	return DB_OK;
}

static uint64_t hash_sql(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * SQLite treats "$1" as a NAMED parameter and numbers named parameters in
 * the order they first appear, so "SET a = $2 WHERE id = $1" would bind
 * index 1 to $2. "?NNN" is SQLite's positional form: rewrite every $NNN
 * outside string literals and quoted identifiers, so $N always means the
 * N-th bound value, as in PostgreSQL. Returns a malloc'd copy.
 */
static char *positional_sql(const char *sql)
{
	char *out = xstrdup(sql);
	char quote = 0;
	for (char *p = out; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			*p = '?';
		}
	}
	return out;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	uint64_t h = hash_sql(sql);
	size_t slot = h & (CACHE_SLOTS - 1);
	for (size_t i = 0; i < 8; i++) {
		struct db_stmt *st = db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!st)
			break;
		if (st->hash == h && !strcmp(st->sql, sql))
			return st;
	}
	sqlite3_stmt *s = NULL;
	char *psql = positional_sql(sql);
	int rc = sqlite3_prepare_v3(db->h, psql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	free(psql);
	if (rc != SQLITE_OK) {
		count_error(db, rc, "prepare");
		fprintf(stderr, "  in: %s\n", sql);
		return NULL;
	}
	struct db_stmt *st = xcalloc(1, sizeof(*st));
	st->s = s;
	st->db = db;
	st->sql = xstrdup(sql);
	st->hash = h;
	for (size_t i = 0; i < 8; i++) {
		struct db_stmt **p = &db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!*p) {
			*p = st;
			st->cached = 1;
			break;
		}
	}
	return st;
}

static int bind_rc(struct db_stmt *st, int rc)
{
	if (rc == SQLITE_OK)
		return DB_OK;
	st->bind_failed = 1;
	return count_error(st->db, rc, "bind");
}

int db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return bind_rc(st, sqlite3_bind_int64(st->s, idx, v));
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		return db_bind_null(st, idx);
	return bind_rc(st, sqlite3_bind_text(st->s, idx, s, -1, SQLITE_TRANSIENT));
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	if (!s)
		return db_bind_null(st, idx);
	return bind_rc(st, sqlite3_bind_text64(st->s, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return bind_rc(st, sqlite3_bind_blob64(st->s, idx, p ? p : "", len, SQLITE_TRANSIENT));
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return bind_rc(st, sqlite3_bind_null(st->s, idx));
}

int db_step(struct db_stmt *st)
{
	if (st->bind_failed)
		return DB_ERROR; /* counted when the bind failed */
	if (fault_db())
		return count_error(st->db, SQLITE_IOERR, "injected fault");
	int rc = sqlite3_step(st->s);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return count_error(st->db, rc, "step");
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->s, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->s, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->s, col);
	*len = (size_t)sqlite3_column_bytes(st->s, col);
	return p;
}

int db_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	st->bind_failed = 0;
	if (!st->cached) {
		sqlite3_finalize(st->s);
		free(st->sql);
		free(st);
	}
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

int db_begin(struct db *db)
{
	if (db->in_tx)
		BUG("nested db_begin");
	int rc = db_run(db, "BEGIN IMMEDIATE");
	if (rc == DB_OK)
		db->in_tx = 1;
	return rc;
}

int db_commit(struct db *db)
{
	if (!db->in_tx)
		BUG("db_commit outside a transaction");
	int rc = db_run(db, "COMMIT");
	if (rc == DB_OK)
		db->in_tx = 0;
	return rc;
}

int db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h)) {
		char *msg = NULL;
		/* not through db_run: a rollback must not be failed by fault injection */
		int rc = sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, &msg);
		sqlite3_free(msg);
		if (rc != SQLITE_OK)
			count_error(db, rc, "rollback");
	}
	db->in_tx = 0;
	return DB_OK;
}

int db_in_transaction(struct db *db)
{
	return db->in_tx;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

int64_t db_total_changes(struct db *db)
{
	return sqlite3_total_changes64(db->h);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

/* --- migrations ---------------------------------------------------------- */

#define MIGRATION_PREFIX "migrations/sqlite/"

static int migration_version(const char *path)
{
	const char *p = path + strlen(MIGRATION_PREFIX);
	uint64_t v;
	if (parse_uint(&p, NULL, &v, 99999) < 0 || *p != '_')
		return -1;
	return (int)v;
}

int db_schema_version(struct db *db)
{
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			"version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)") < 0)
		return DB_ERROR;
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	int v = rc == DB_ROW ? (int)db_col_int(st, 0) : DB_ERROR;
	db_done(st);
	return v;
}

int db_migrate(struct db *db, char *err, size_t errlen)
{
	int have = db_schema_version(db);
	if (have < 0) {
		snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(db));
		return DB_ERROR;
	}
	int known = 0;
	for (const struct asset *a = assets; a->path; a++) {
		if (strncmp(a->path, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)))
			continue;
		int v = migration_version(a->path);
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
		if (strncmp(a->path, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)))
			continue;
		int v = migration_version(a->path);
		if (v < 0) {
			snprintf(err, errlen, "bad migration file name '%s'", a->path);
			return DB_ERROR;
		}
		if (v <= have)
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
		db_bind_text(st, 2, a->path + strlen(MIGRATION_PREFIX));
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

/* --- backup -------------------------------------------------------------- */

int db_backup(struct db *db, const char *to, char *err, size_t errlen)
{
	struct stat stt;
	if (stat(to, &stt) == 0) {
		snprintf(err, errlen, "'%s' already exists; choose a new file name", to);
		return DB_ERROR;
	}
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot create '%s': %s", to, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return DB_ERROR;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (!b) {
		snprintf(err, errlen, "cannot start the backup: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		unlink(to);
		return DB_ERROR;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(to);
		return DB_ERROR;
	}
	/* the copy is a self-contained file, not in WAL mode */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "cannot close '%s'", to);
		return DB_ERROR;
	}
	return DB_OK;
}
