/*
 * db_sqlite.c - the SQLite engine behind store/db.h (chosen by store/db.c
 * for a file path): connections in WAL mode with synchronous=FULL, a
 * per-connection prepared-statement cache, write transactions that take the
 * lock up front, the writer's deferred log sync, and online backup.
 */
#include "db.h"
#include "core/xalloc.h"
#include "store/db_engine.h"
#include "store/search.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_SLOTS 256 /* power of two; statements beyond it are not cached */

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *s;
	char *sql;
	uint64_t hash;
	int cached;
};

struct lite {
	struct db base;
	sqlite3 *h;
	struct lite_stmt *cache[CACHE_SLOTS];
	int64_t wal_pages;      /* db_tune_writer(): the log's size after the last commit */
};

static struct lite *L(struct db *db)
{
	return (struct lite *)((char *)db - offsetof(struct lite, base));
}

static struct lite_stmt *LS(struct db_stmt *st)
{
	return (struct lite_stmt *)((char *)st - offsetof(struct lite_stmt, base));
}

static int count_error(struct lite *db, int rc, const char *what)
{
	db_note_error();
	int prim = rc & 0xff;
	if (prim == SQLITE_CONSTRAINT)
		return DB_CONSTRAINT;
	fprintf(stderr, "error: database: %s: %s\n", what, db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return DB_BUSY;
	return DB_ERROR;
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

/* the page cache of a connection (in KiB when negative), and of a bulk
 * load (db_bulk_cache) */
#define LITE_CACHE_SIZE "-20000"
/* how long a statement waits for another connection's lock */
#define LITE_BUSY_MS 10000
#define LITE_BULK_CACHE_SIZE "-1048576"

static struct db *lite_open(const char *url, char *err, size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_setup);
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
	sqlite3_busy_timeout(h, LITE_BUSY_MS);
	const char *trace = getenv("DANVAN_SQL_TRACE");
	if (trace && trace[0] == '1')
		sqlite3_trace_v2(h, SQLITE_TRACE_PROFILE, trace_sql, NULL);
	char *msg = NULL;
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY;"
			  "PRAGMA cache_size=" LITE_CACHE_SIZE ";",
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
	struct lite *db = xcalloc(1, sizeof(*db));
	db->base.eng = &db_engine_sqlite;
	db->h = h;
	return &db->base;
}

/* After each commit of a tuned writer: remember the log's size instead of
 * checkpointing here (db_checkpoint() does, on another connection). */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	(void)h;
	(void)name;
	((struct lite *)arg)->wal_pages = pages;
	return SQLITE_OK;
}

static int lite_exec(struct db *d, const char *sql)
{
	struct lite *db = L(d);
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int r = count_error(db, rc, msg ? msg : "exec");
		sqlite3_free(msg);
		return r;
	}
	return DB_OK;
}

static int lite_tune_writer(struct db *d)
{
	sqlite3_wal_hook(L(d)->h, wal_hook, L(d));
	/* a larger cache keeps the hot index pages: fewer pread() calls, which
	 * are dear on a virtual machine. (A memory map of the file measured no
	 * faster and made the process's RSS count every page it touched.) */
	return db_exec(d, "PRAGMA cache_size=-131072");
}

static int lite_bulk_cache(struct db *d, int on)
{
	return db_exec(d, on ? "PRAGMA cache_size=" LITE_BULK_CACHE_SIZE : "PRAGMA cache_size=" LITE_CACHE_SIZE);
}

/* Leaving the log needs the database to itself: with another connection
 * open (a running server) SQLite refuses at once, without the busy wait,
 * and the load stays in the log, which is no error. */
static int lite_bulk_journal(struct db *d, int on)
{
	struct lite *db = L(d);
	if (!on)
		return db_exec(d, "PRAGMA journal_mode=WAL");
	sqlite3_busy_timeout(db->h, 0);
	int rc = sqlite3_exec(db->h, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_busy_timeout(db->h, LITE_BUSY_MS);
	int prim = rc & 0xff;
	if (rc == SQLITE_OK || prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return DB_OK;
	return count_error(db, rc, "PRAGMA journal_mode");
}

static int lite_defer_sync(struct db *d)
{
	const char *main_path = sqlite3_db_filename(L(d)->h, "main");
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
	if (db_exec(d, "PRAGMA synchronous=NORMAL") < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* the handle is only ever a descriptor from lite_defer_sync(): the
 * PostgreSQL engine hands out none */
int db_log_sync(int handle)
{
	if (fdatasync(handle) != 0) {
		db_note_error();
		return DB_ERROR;
	}
	return DB_OK;
}

void db_log_close(int handle)
{
	if (handle >= 0)
		close(handle);
}

static int64_t lite_log_pages(struct db *d)
{
	return L(d)->wal_pages;
}

static int lite_checkpoint(struct db *d)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(L(d)->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
		db_note_error();
		return DB_ERROR;
	}
	return DB_OK;
}

static void lite_close(struct db *d)
{
	struct lite *db = L(d);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct lite_stmt *st = db->cache[i];
		if (st) {
			sqlite3_finalize(st->s);
			free(st->sql);
			free(st);
		}
	}
	sqlite3_close_v2(db->h);
	free(db);
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
 * N-th bound value, as in PostgreSQL. Where N is the next number (one more
 * than the largest so far) it becomes a bare "?", which means the same:
 * SQLite looks every "?NNN" up in a list of the statement's parameters
 * while preparing it, which made a list of 3,000 units (a city's report)
 * cost 20 ms to prepare; a bare "?" is not looked up. Returns a malloc'd
 * copy (never longer than sql).
 */
static char *positional_sql(const char *sql)
{
	char *out = xstrdup(sql);
	char *w = out;
	char quote = 0;
	long top = 0; /* the largest parameter number so far */
	for (const char *p = sql; *p;) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			const char *d = p + 1;
			long n = 0;
			while (*d >= '0' && *d <= '9') {
				if (n < 1000000)
					n = n * 10 + (*d - '0');
				d++;
			}
			*w++ = '?';
			if (n == top + 1) {
				p = d; /* a bare "?": the next number */
			} else {
				p++; /* "?NNN": copy the digits */
			}
			if (n > top)
				top = n;
			continue;
		}
		*w++ = *p++;
	}
	*w = 0;
	return out;
}

static struct db_stmt *lite_prepare(struct db *d, const char *sql)
{
	struct lite *db = L(d);
	uint64_t h = hash_sql(sql);
	size_t slot = h & (CACHE_SLOTS - 1);
	for (size_t i = 0; i < 8; i++) {
		struct lite_stmt *st = db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!st)
			break;
		if (st->hash == h && !strcmp(st->sql, sql))
			return &st->base;
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
	struct lite_stmt *st = xcalloc(1, sizeof(*st));
	st->base.db = d;
	st->s = s;
	st->sql = xstrdup(sql);
	st->hash = h;
	for (size_t i = 0; i < 8; i++) {
		struct lite_stmt **p = &db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!*p) {
			*p = st;
			st->cached = 1;
			break;
		}
	}
	return &st->base;
}

static int bind_rc(struct db_stmt *st, int rc)
{
	if (rc == SQLITE_OK)
		return DB_OK;
	return count_error(L(st->db), rc, "bind");
}

static int lite_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	return bind_rc(st, sqlite3_bind_int64(LS(st)->s, idx, v));
}

static int lite_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return bind_rc(st, sqlite3_bind_text64(LS(st)->s, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int lite_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	return bind_rc(st, sqlite3_bind_blob64(LS(st)->s, idx, p, len, SQLITE_TRANSIENT));
}

static int lite_bind_null(struct db_stmt *st, int idx)
{
	return bind_rc(st, sqlite3_bind_null(LS(st)->s, idx));
}

static int lite_step(struct db_stmt *st)
{
	int rc = sqlite3_step(LS(st)->s);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return count_error(L(st->db), rc, "step");
}

static int64_t lite_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(LS(st)->s, col);
}

static const char *lite_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(LS(st)->s, col);
}

static const void *lite_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(LS(st)->s, col);
	*len = (size_t)sqlite3_column_bytes(LS(st)->s, col);
	return p;
}

static int lite_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(LS(st)->s, col) == SQLITE_NULL;
}

static void lite_done(struct db_stmt *s)
{
	struct lite_stmt *st = LS(s);
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	if (!st->cached) {
		sqlite3_finalize(st->s);
		free(st->sql);
		free(st);
	}
}

/* BEGIN and COMMIT without db_run(): db.c counted the call for fault
 * injection already */
static int run_raw(struct db *d, const char *sql)
{
	struct db_stmt *st = lite_prepare(d, sql);
	if (!st)
		return DB_ERROR;
	int rc = lite_step(st);
	lite_done(st);
	return rc < 0 ? rc : DB_OK;
}

static int lite_begin(struct db *d)
{
	return run_raw(d, "BEGIN IMMEDIATE");
}

static int lite_commit(struct db *d)
{
	return run_raw(d, "COMMIT");
}

static void lite_rollback(struct db *d)
{
	struct lite *db = L(d);
	if (!sqlite3_get_autocommit(db->h)) {
		char *msg = NULL;
		int rc = sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, &msg);
		sqlite3_free(msg);
		if (rc != SQLITE_OK)
			count_error(db, rc, "rollback");
	}
}

static int64_t lite_changes(struct db *d)
{
	return sqlite3_changes64(L(d)->h);
}

static int64_t lite_total_changes(struct db *d)
{
	return sqlite3_total_changes64(L(d)->h);
}

static const char *lite_errmsg(struct db *d)
{
	return sqlite3_errmsg(L(d)->h);
}

static int lite_schema_table(struct db *d)
{
	return db_exec(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
}

/* --- backup -------------------------------------------------------------- */

static int lite_backup(struct db *d, const char *to, char *err, size_t errlen)
{
	struct lite *db = L(d);
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

const struct db_engine db_engine_sqlite = {
	.name = "sqlite",
	.migrations = "migrations/sqlite/",
	.open = lite_open,
	.close = lite_close,
	.exec = lite_exec,
	.prepare = lite_prepare,
	.bind_int = lite_bind_int,
	.bind_text = lite_bind_text,
	.bind_blob = lite_bind_blob,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.col_int = lite_col_int,
	.col_text = lite_col_text,
	.col_blob = lite_col_blob,
	.col_is_null = lite_col_is_null,
	.done = lite_done,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.changes = lite_changes,
	.total_changes = lite_total_changes,
	.errmsg = lite_errmsg,
	.schema_table = lite_schema_table,
	.tune_writer = lite_tune_writer,
	.bulk_cache = lite_bulk_cache,
	.bulk_journal = lite_bulk_journal,
	.defer_sync = lite_defer_sync,
	.log_pages = lite_log_pages,
	.checkpoint = lite_checkpoint,
	.backup = lite_backup,
};
