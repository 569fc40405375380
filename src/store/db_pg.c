/*
 * db_pg.c - the PostgreSQL engine behind store/db.h (chosen by store/db.c
 * for a postgresql:// URL), over libpq: one server connection per struct db,
 * statements prepared on the server once per connection and cached by their
 * SQL text, whole results read row by row, write transactions serialised by
 * an advisory lock, and a lost connection re-opened on the next call.
 * docs/postgresql.md explains the choices.
 */
#include "db.h"
#include "core/xalloc.h"
#include "store/db_engine.h"
#include "store/stamp_pg.h"

#include <libpq-fe.h>
#include <stddef.h>

#define CACHE_SLOTS 256 /* power of two; statements beyond it are not cached */
#define MAX_PARAMS 32766 /* as SQLite's default limit (the protocol allows 65,535): a report binds every unit of a city */

/* the Oids of the parameter types we declare (pg_type.dat) */
#define OID_BYTEA 17
#define OID_INT8 20

/*
 * Advisory lock keys (one 64-bit namespace per database, shared with any
 * other application using advisory locks there: ours spell "danvan" and a
 * purpose). WRITE_LOCK is taken, transaction-scoped, by every db_begin()
 * of every danvan process: write transactions run one at a time, as on
 * SQLite, so read-then-write sequences (the audit chain's next id and hash,
 * a counter read and bumped) need no retry loop. MIGRATE_LOCK is held,
 * session-scoped, while db_migrate() runs, so that servers starting
 * together migrate once.
 */
#define WRITE_LOCK "7233183931253522433"   /* 0x64616e76616e0001: "danvan" 0 1 */
#define MIGRATE_LOCK "7233183931253522434" /* 0x64616e76616e0002: "danvan" 0 2 */
/* 0x64616e76616e0003 ("danvan" 0 3): search_fts_extend(), migrations/postgresql/0049 */

/* A lock wait longer than this fails with DB_BUSY, as SQLite's busy
 * timeout (db_sqlite.c). Every execution of a prepared statement is
 * planned for its values (force_custom_plan): after five runs PostgreSQL
 * may otherwise keep a generic plan, blind to how many items a search's
 * words or a list's filters match (a public search went from 0.3 s to
 * 5 s on a million items); planning costs a fraction of a millisecond.
 * No JIT: PostgreSQL compiles a plan's expressions once its estimated cost
 * passes jit_above_cost, and the inbox's walks per unit and status or a
 * search's candidates are estimated that high for a few milliseconds of
 * work: a ward intake desk's inbox filtered by channel spent 60 to 90 ms a
 * request compiling (82 ms of 179; 7 ms without JIT), at every request. */
#define SESSION_SETUP                             \
	"SET client_encoding = 'UTF8';"            \
	"SET client_min_messages = warning;"       \
	"SET bytea_output = 'hex';"                \
	"SET synchronous_commit = on;"             \
	"SET plan_cache_mode = force_custom_plan;" \
	"SET jit = off;"                           \
	"SET lock_timeout = '10s';"

struct pg_stmt {
	struct db_stmt base;
	char *sql;
	uint64_t hash;
	int cached;
	char name[24];       /* the server-side name of a cached statement */
	uint64_t prepared;   /* the connection generation it was prepared in; 0: not */
	int nparams;
	char **vals;         /* nparams bound values (malloc'd), NULL for SQL NULL */
	int *lens;
	int *fmts;           /* 1 for a binary (bytea) value */
	Oid *types;          /* Oid declared at the first execution; 0: inferred */
	PGresult *res;       /* the whole result of the current execution */
	int row, nrows;
	unsigned char **blobs; /* decoded bytea of the current row, per column */
	size_t *bloblens;
	int ncols;
};

struct pg {
	struct db base;
	PGconn *conn;
	char *url;
	char *safe_url;      /* the URL without its password, for messages */
	uint64_t gen;        /* bumped on every (re)connection: statements are gone */
	uint64_t self_gen;   /* the generation whose session LISTENs on its own stamp channel */
	int broken;          /* the connection was lost: re-open on the next call */
	int lost_tx;         /* a transaction died with it: fail until db_rollback() */
	unsigned next_name;
	struct pg_stmt *cache[CACHE_SLOTS];
	int64_t changes, total_changes;
	char errmsg[512];
};

static struct pg *P(struct db *db)
{
	return (struct pg *)((char *)db - offsetof(struct pg, base));
}

static struct pg_stmt *PS(struct db_stmt *st)
{
	return (struct pg_stmt *)((char *)st - offsetof(struct pg_stmt, base));
}

/* the first line of a libpq message, without "ERROR:  " and trailing space */
static void first_line(char *dst, size_t len, const char *msg)
{
	if (!msg)
		msg = "";
	size_t n = strcspn(msg, "\n");
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '\r' || msg[n - 1] == '\t'))
		n--;
	snprintf(dst, len, "%.*s", (int)n, msg);
}

static void set_errmsg(struct pg *db, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	first_line(db->errmsg, sizeof(db->errmsg), m ? m : PQerrorMessage(db->conn));
	if (!db->errmsg[0])
		snprintf(db->errmsg, sizeof(db->errmsg), "unknown error");
}

/*
 * Count and map an error from `res` (or the connection): SQLSTATE class 23
 * (integrity constraint) is DB_CONSTRAINT and is not logged, as on SQLite;
 * serialization failures, deadlocks and lock timeouts are DB_BUSY; a lost
 * connection marks the connection for re-opening and is DB_ERROR.
 */
static int count_error(struct pg *db, const PGresult *res, const char *what, const char *sql)
{
	db_note_error();
	set_errmsg(db, res);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db->broken = 1;
		if (db->base.in_tx)
			db->lost_tx = 1;
		fprintf(stderr, "error: database: %s: lost the connection to '%s': %s\n", what, db->safe_url,
			db->errmsg);
		return DB_ERROR;
	}
	fprintf(stderr, "error: database: %s: %s%s%s\n", what, db->errmsg, state ? " SQLSTATE " : "",
		state ? state : "");
	if (sql)
		fprintf(stderr, "  in: %s\n", sql);
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return DB_BUSY;
	return DB_ERROR;
}

/* only warnings reach stderr (SET client_min_messages keeps notices away) */
static void notice(void *arg, const char *msg)
{
	if (!strncmp(msg, "WARNING", 7)) {
		char line[512];
		first_line(line, sizeof(line), msg);
		fprintf(stderr, "warning: database: %s\n", line);
	}
}

static int setup_session(struct pg *db)
{
	PQsetNoticeProcessor(db->conn, notice, NULL);
	PGresult *res = PQexec(db->conn, SESSION_SETUP);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		set_errmsg(db, res);
	PQclear(res);
	return ok ? 0 : -1;
}

static PGconn *connect_url(const char *url)
{
	/* later entries override what the URL (expanded from dbname) says, so
	 * the defaults come first */
	const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *vals[] = { "10", "danvan", url, NULL };
	return PQconnectdbParams(keys, vals, 1);
}

/*
 * libpq quotes a URL it cannot parse in its message: show the safe form
 * instead, and never a password (as user:PASSWORD@ or password=PASSWORD).
 */
static void scrub(char *msg, size_t cap, const char *url, const char *safe);

/* replace msg[at, at+cut) with ins, truncating to the buffer */
static void splice(char *msg, size_t cap, size_t at, size_t cut, const char *ins)
{
	size_t len = strlen(msg), n = strlen(ins);
	size_t tail = len - at - cut;
	if (at + n >= cap)
		n = cap - 1 - at;
	if (at + n + tail >= cap)
		tail = cap - 1 - at - n;
	memmove(msg + at + n, msg + at + cut, tail);
	memcpy(msg + at, ins, n);
	msg[at + n + tail] = 0;
}

static void scrub(char *msg, size_t cap, const char *url, const char *safe)
{
	const char *hit = strstr(msg, url);
	if (hit)
		splice(msg, cap, (size_t)(hit - msg), strlen(url), safe);
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t auth = strcspn(p, "/?");
	const char *at = memrchr(p, '@', auth);
	const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
	const char *pw[2] = { NULL, NULL };
	size_t pwlen[2] = { 0, 0 };
	if (colon && at - colon > 1) {
		pw[0] = colon + 1;
		pwlen[0] = (size_t)(at - colon - 1);
	}
	const char *q = strstr(url, "password=");
	if (q) {
		pw[1] = q + 9;
		pwlen[1] = strcspn(pw[1], "&");
	}
	for (int i = 0; i < 2; i++) {
		if (!pw[i] || !pwlen[i])
			continue;
		char *m;
		while ((m = memmem(msg, strlen(msg), pw[i], pwlen[i])) != NULL)
			splice(msg, cap, (size_t)(m - msg), pwlen[i], "***");
	}
}

static struct db *pg_open(const char *url, char *err, size_t errlen)
{
	char safe[1024], msg[512];
	db_url_safe(url, safe, sizeof(safe));
	PGconn *conn = connect_url(url);
	if (!conn) {
		snprintf(err, errlen, "cannot connect to the database '%s': out of memory", safe);
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		first_line(msg, sizeof(msg), PQerrorMessage(conn));
		scrub(msg, sizeof(msg), url, safe);
		snprintf(err, errlen, "cannot connect to the database '%s': %s", safe, msg);
		PQfinish(conn);
		return NULL;
	}
	struct pg *db = xcalloc(1, sizeof(*db));
	db->base.eng = &db_engine_pg;
	db->conn = conn;
	db->url = xstrdup(url);
	db->safe_url = xstrdup(safe);
	db->gen = 1;
	if (setup_session(db) < 0) {
		snprintf(err, errlen, "cannot set up the database connection '%s': %s", safe, db->errmsg);
		PQfinish(conn);
		free(db->url);
		free(db->safe_url);
		free(db);
		return NULL;
	}
	return &db->base;
}

/* Stamps this connection's own transactions changed (see self_listen()),
 * announced to it with its COMMIT: forget them before the caller answers. */
static void take_notes(struct pg *db)
{
	PGnotify *n;
	while ((n = PQnotifies(db->conn)) != NULL) {
		stamp_forget(n->extra);
		PQfreemem(n);
	}
}

/*
 * Where stamps are kept in memory (store/stamp_pg.h, `danvan serve`), the
 * session LISTENs on a channel of its own, named in danvan.stamp_self, to
 * which the triggers of migrations/postgresql/0029_stamp_notify.sql
 * announce every stamp it changes: PostgreSQL delivers them with the
 * COMMIT, so this server forgets those stamps before it answers, without
 * waiting for its listener. Done outside transactions (LISTEN and SET would
 * wait for, or roll back with, the transaction): on the first idle call.
 */
static int self_listen(struct pg *db)
{
	if (db->self_gen == db->gen || !stamp_mem_enabled() || PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		return DB_OK;
	char sql[160];
	int pid = PQbackendPID(db->conn);
	snprintf(sql, sizeof(sql), "LISTEN danvan_stamp_self_%d; SET danvan.stamp_self = 'danvan_stamp_self_%d'",
		 pid, pid);
	PGresult *res = PQexec(db->conn, sql);
	int rc = DB_OK;
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		db->self_gen = db->gen;
	else
		rc = count_error(db, res, "listen", NULL);
	PQclear(res);
	return rc;
}

/*
 * Before any call that talks to the server: re-open a connection that was
 * lost (the call that found it lost has failed already). A transaction lost
 * with it keeps failing calls until the caller's db_rollback().
 */
static int ensure_conn(struct pg *db)
{
	if (db->lost_tx) {
		db_note_error();
		snprintf(db->errmsg, sizeof(db->errmsg), "the connection was lost inside a transaction");
		return DB_ERROR;
	}
	if (!db->broken && PQstatus(db->conn) == CONNECTION_OK)
		return self_listen(db);
	PQreset(db->conn);
	db->gen++;
	if (PQstatus(db->conn) != CONNECTION_OK || setup_session(db) < 0) {
		db_note_error();
		if (PQstatus(db->conn) != CONNECTION_OK)
			first_line(db->errmsg, sizeof(db->errmsg), PQerrorMessage(db->conn));
		fprintf(stderr, "error: database: cannot reconnect to '%s': %s\n", db->safe_url, db->errmsg);
		db->broken = 1;
		return DB_ERROR;
	}
	db->broken = 0;
	return self_listen(db);
}

static void note_changes(struct pg *db, PGresult *res)
{
	const char *cmd = PQcmdStatus(res);
	if (strncmp(cmd, "INSERT", 6) && strncmp(cmd, "UPDATE", 6) && strncmp(cmd, "DELETE", 6) &&
	    strncmp(cmd, "MERGE", 5))
		return;
	const char *n = PQcmdTuples(res);
	db->changes = *n ? strtoll(n, NULL, 10) : 0;
	db->total_changes += db->changes;
}

static int pg_exec(struct db *d, const char *sql)
{
	struct pg *db = P(d);
	if (ensure_conn(db) < 0)
		return DB_ERROR;
	PGresult *res = PQexec(db->conn, sql);
	take_notes(db);
	ExecStatusType s = PQresultStatus(res);
	int rc = DB_OK;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY)
		note_changes(db, res);
	else
		rc = count_error(db, res, "exec", NULL);
	PQclear(res);
	return rc;
}

static uint64_t hash_sql(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The highest $N outside literals, quoted identifiers and comments: the
 * number of parameters the statement takes; -1 when N is out of range. */
static int count_params(const char *sql)
{
	int max = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p && *p != q; p++)
				;
			if (!*p)
				break;
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
			if (!*p)
				break;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			if (!e)
				break;
			p = e + 1;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			long n = 0;
			for (p++; *p >= '0' && *p <= '9'; p++)
				if ((n = n * 10 + (*p - '0')) > MAX_PARAMS)
					return -1;
			p--;
			if (n > max)
				max = (int)n;
		}
	}
	return max;
}

static struct db_stmt *pg_prepare(struct db *d, const char *sql)
{
	struct pg *db = P(d);
	uint64_t h = hash_sql(sql);
	size_t slot = h & (CACHE_SLOTS - 1);
	for (size_t i = 0; i < 8; i++) {
		struct pg_stmt *st = db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!st)
			break;
		if (st->hash == h && !strcmp(st->sql, sql))
			return &st->base;
	}
	int n = count_params(sql);
	if (n < 0) {
		db_note_error();
		snprintf(db->errmsg, sizeof(db->errmsg), "a parameter number is above %d", MAX_PARAMS);
		fprintf(stderr, "error: database: prepare: %s\n  in: %s\n", db->errmsg, sql);
		return NULL;
	}
	/* The statement is prepared on the server at its first db_step(), when
	 * the types of its bound values are known (a bound integer declares its
	 * parameter bigint, a blob bytea; text and NULL let the server infer). */
	struct pg_stmt *st = xcalloc(1, sizeof(*st));
	st->base.db = d;
	st->sql = xstrdup(sql);
	st->hash = h;
	st->nparams = n;
	if (n) {
		st->vals = xcalloc((size_t)n, sizeof(*st->vals));
		st->lens = xcalloc((size_t)n, sizeof(*st->lens));
		st->fmts = xcalloc((size_t)n, sizeof(*st->fmts));
		st->types = xcalloc((size_t)n, sizeof(*st->types));
	}
	for (size_t i = 0; i < 8; i++) {
		struct pg_stmt **p = &db->cache[(slot + i) & (CACHE_SLOTS - 1)];
		if (!*p) {
			*p = st;
			st->cached = 1;
			snprintf(st->name, sizeof(st->name), "danvan_%u", ++db->next_name);
			break;
		}
	}
	return &st->base;
}

static int bind_check(struct pg_stmt *st, int idx)
{
	if (idx >= 1 && idx <= st->nparams) {
		free(st->vals[idx - 1]);
		st->vals[idx - 1] = NULL;
		st->lens[idx - 1] = 0;
		st->fmts[idx - 1] = 0;
		return 0;
	}
	struct pg *db = P(st->base.db);
	db_note_error();
	snprintf(db->errmsg, sizeof(db->errmsg), "bind: parameter $%d out of range (the statement has %d)", idx,
		 st->nparams);
	fprintf(stderr, "error: database: %s\n  in: %s\n", db->errmsg, st->sql);
	return -1;
}

/* the type a parameter is declared with, from its first bound value */
static void bind_type(struct pg_stmt *st, int idx, Oid oid)
{
	if (!st->prepared)
		st->types[idx - 1] = oid;
}

static int pg_bind_int(struct db_stmt *s, int idx, int64_t v)
{
	struct pg_stmt *st = PS(s);
	if (bind_check(st, idx) < 0)
		return DB_ERROR;
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
	st->vals[idx - 1] = xstrndup(buf, (size_t)n);
	st->lens[idx - 1] = n;
	bind_type(st, idx, OID_INT8);
	return DB_OK;
}

static int pg_bind_text(struct db_stmt *s, int idx, const char *p, size_t len)
{
	struct pg_stmt *st = PS(s);
	if (bind_check(st, idx) < 0)
		return DB_ERROR;
	if (memchr(p, 0, len)) { /* text format ends at a NUL; SQLite would keep it */
		struct pg *db = P(s->db);
		db_note_error();
		snprintf(db->errmsg, sizeof(db->errmsg), "bind: text parameter $%d holds a NUL byte", idx);
		fprintf(stderr, "error: database: %s\n", db->errmsg);
		return DB_ERROR;
	}
	st->vals[idx - 1] = xstrndup(p, len);
	st->lens[idx - 1] = (int)len;
	bind_type(st, idx, 0);
	return DB_OK;
}

static int pg_bind_blob(struct db_stmt *s, int idx, const void *p, size_t len)
{
	struct pg_stmt *st = PS(s);
	if (bind_check(st, idx) < 0)
		return DB_ERROR;
	if (len > INT32_MAX) {
		db_note_error();
		return DB_ERROR;
	}
	st->vals[idx - 1] = xmalloc(len ? len : 1);
	memcpy(st->vals[idx - 1], p, len);
	st->lens[idx - 1] = (int)len;
	st->fmts[idx - 1] = 1;
	bind_type(st, idx, OID_BYTEA);
	return DB_OK;
}

static int pg_bind_null(struct db_stmt *s, int idx)
{
	struct pg_stmt *st = PS(s);
	if (bind_check(st, idx) < 0)
		return DB_ERROR;
	bind_type(st, idx, 0);
	return DB_OK;
}

static void clear_blobs(struct pg_stmt *st)
{
	for (int i = 0; i < st->ncols; i++) {
		free(st->blobs[i]);
		st->blobs[i] = NULL;
	}
}

static void clear_result(struct pg_stmt *st)
{
	clear_blobs(st);
	free(st->blobs);
	free(st->bloblens);
	st->blobs = NULL;
	st->bloblens = NULL;
	st->ncols = 0;
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
}

/* Run the statement with its bound values; the whole result is kept. */
static int execute(struct pg_stmt *st)
{
	struct pg *db = P(st->base.db);
	if (ensure_conn(db) < 0)
		return DB_ERROR;
	const char *const *vals = (const char *const *)st->vals;
	PGresult *res;
	if (st->cached) {
		if (st->prepared != db->gen) {
			res = PQprepare(db->conn, st->name, st->sql, st->nparams, st->types);
			if (PQresultStatus(res) != PGRES_COMMAND_OK) {
				int rc = count_error(db, res, "prepare", st->sql);
				PQclear(res);
				return rc;
			}
			PQclear(res);
			st->prepared = db->gen;
		}
		res = PQexecPrepared(db->conn, st->name, st->nparams, vals, st->lens, st->fmts, 0);
	} else {
		res = PQexecParams(db->conn, st->sql, st->nparams, st->types, vals, st->lens, st->fmts, 0);
	}
	take_notes(db);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		int rc = count_error(db, res, "step", st->sql);
		PQclear(res);
		return rc;
	}
	note_changes(db, res);
	st->res = res;
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	st->row = -1;
	st->ncols = PQnfields(res);
	if (st->ncols) {
		st->blobs = xcalloc((size_t)st->ncols, sizeof(*st->blobs));
		st->bloblens = xcalloc((size_t)st->ncols, sizeof(*st->bloblens));
	}
	return DB_OK;
}

static int pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = PS(s);
	if (!st->res) {
		int rc = execute(st);
		if (rc < 0)
			return rc;
	}
	clear_blobs(st);
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

/* the current row's value of `col`, NULL for SQL NULL or no such column */
static const char *value(struct pg_stmt *st, int col)
{
	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 || col >= st->ncols ||
	    PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int(struct db_stmt *s, int col)
{
	const char *v = value(PS(s), col);
	if (!v)
		return 0;
	if (v[0] == 't' && !v[1]) /* a boolean: 1 and 0, as SQLite gives */
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
	return value(PS(s), col);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A bytea comes in text results as "\x" and hex digits: decoded once per
 * row and column, kept until the next step. Any other column's text is
 * given as it is. */
static const void *pg_col_blob(struct db_stmt *s, int col, size_t *len)
{
	struct pg_stmt *st = PS(s);
	*len = 0;
	const char *v = value(st, col);
	if (!v)
		return NULL;
	size_t n = (size_t)PQgetlength(st->res, st->row, col);
	if (PQftype(st->res, col) != OID_BYTEA || n < 2 || v[0] != '\\' || v[1] != 'x') {
		*len = n;
		return n ? v : NULL;
	}
	if (!st->blobs[col]) {
		size_t m = (n - 2) / 2;
		unsigned char *b = xmalloc(m ? m : 1);
		for (size_t i = 0; i < m; i++) {
			int hi = hexval((unsigned char)v[2 + 2 * i]), lo = hexval((unsigned char)v[3 + 2 * i]);
			b[i] = (unsigned char)((hi < 0 ? 0 : hi) << 4 | (lo < 0 ? 0 : lo));
		}
		st->blobs[col] = b;
		st->bloblens[col] = m;
	}
	*len = st->bloblens[col];
	return *len ? st->blobs[col] : NULL;
}

static int pg_col_is_null(struct db_stmt *s, int col)
{
	return value(PS(s), col) == NULL;
}

static void free_stmt(struct pg_stmt *st)
{
	clear_result(st);
	for (int i = 0; i < st->nparams; i++)
		free(st->vals[i]);
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st->types);
	free(st->sql);
	free(st);
}

static void pg_done(struct db_stmt *s)
{
	struct pg_stmt *st = PS(s);
	if (!st->cached) {
		free_stmt(st);
		return;
	}
	clear_result(st);
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->lens[i] = 0;
		st->fmts[i] = 0;
	}
}

static void pg_close(struct db *d)
{
	struct pg *db = P(d);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i])
			free_stmt(db->cache[i]);
	PQfinish(db->conn);
	free(db->url);
	free(db->safe_url);
	free(db);
}

/* the connection's own state, also after an error (never fault-injected) */
static void pg_rollback(struct db *d)
{
	struct pg *db = P(d);
	db->lost_tx = 0;
	if (db->broken || PQstatus(db->conn) != CONNECTION_OK)
		return;
	PGTransactionStatusType t = PQtransactionStatus(db->conn);
	if (t != PQTRANS_INTRANS && t != PQTRANS_INERROR)
		return;
	PGresult *res = PQexec(db->conn, "ROLLBACK");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		count_error(db, res, "rollback", NULL);
	PQclear(res);
}

/* BEGIN (and whatever `sql` adds) in one round trip; `ok`: its last
 * result's status. */
static int begin_sql(struct db *d, const char *sql, ExecStatusType ok)
{
	struct pg *db = P(d);
	if (ensure_conn(db) < 0)
		return DB_ERROR;
	PGresult *res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != ok) {
		int rc = count_error(db, res, "begin", NULL);
		PQclear(res);
		pg_rollback(d);
		return rc;
	}
	PQclear(res);
	return DB_OK;
}

static int pg_begin(struct db *d)
{
	/* One round trip: the transaction and the write lock (see WRITE_LOCK).
	 * READ COMMITTED, whatever the server's default: each statement sees
	 * what was committed before it began, so the first read after the lock
	 * sees the previous writer's commit (under REPEATABLE READ the snapshot
	 * would predate the lock wait). */
	return begin_sql(d, "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")",
			 PGRES_TUPLES_OK);
}

static int pg_begin_shared(struct db *d)
{
	return begin_sql(d, "BEGIN ISOLATION LEVEL READ COMMITTED", PGRES_COMMAND_OK);
}

static int pg_commit(struct db *d)
{
	struct pg *db = P(d);
	if (ensure_conn(db) < 0)
		return DB_ERROR;
	PGresult *res = PQexec(db->conn, "COMMIT");
	take_notes(db);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = count_error(db, res, "commit", NULL);
		PQclear(res);
		pg_rollback(d);
		return rc;
	}
	/* COMMIT of a transaction spoilt by an earlier error rolls it back and
	 * says so only in its command tag */
	int rolled_back = strcmp(PQcmdStatus(res), "COMMIT") != 0;
	PQclear(res);
	if (rolled_back) {
		db_note_error();
		snprintf(db->errmsg, sizeof(db->errmsg),
			 "the transaction was rolled back: a statement in it had failed");
		fprintf(stderr, "error: database: commit: %s\n", db->errmsg);
		return DB_ERROR;
	}
	return DB_OK;
}

static int64_t pg_changes(struct db *d)
{
	return P(d)->changes;
}

static int64_t pg_total_changes(struct db *d)
{
	return P(d)->total_changes;
}

static const char *pg_errmsg(struct db *d)
{
	return P(d)->errmsg;
}

#define SCHEMA_TABLE                                                                \
	"CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, " \
	"name text NOT NULL, applied_at bigint NOT NULL)"

static int pg_schema_table(struct db *d)
{
	if (d->in_tx)
		return db_exec(d, SCHEMA_TABLE);
	/* two servers creating it at once would collide: under the lock */
	int rc = db_exec(d, "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATE_LOCK "); " SCHEMA_TABLE "; COMMIT");
	if (rc < 0)
		pg_rollback(d);
	return rc;
}

static int pg_migrate_lock(struct db *d, char *err, size_t errlen)
{
	struct pg *db = P(d);
	if (ensure_conn(db) < 0) {
		snprintf(err, errlen, "cannot lock for migrations: %s", db->errmsg);
		return DB_ERROR;
	}
	/* waits for another server's migrations however long they take */
	PGresult *res = PQexec(db->conn, "SET lock_timeout = 0; SELECT pg_advisory_lock(" MIGRATE_LOCK ")");
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		count_error(db, res, "migration lock", NULL);
	PQclear(res);
	res = PQexec(db->conn, "SET lock_timeout = '10s'");
	PQclear(res);
	if (!ok) {
		snprintf(err, errlen, "cannot lock for migrations: %s", db->errmsg);
		return DB_ERROR;
	}
	return DB_OK;
}

static void pg_migrate_unlock(struct db *d)
{
	struct pg *db = P(d);
	if (db->broken || PQstatus(db->conn) != CONNECTION_OK)
		return; /* a session lock ends with its session */
	PGresult *res = PQexec(db->conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")");
	PQclear(res);
}

/* --- what only SQLite does ----------------------------------------------- */

/* The server sizes its own caches. The writer's statements are short and
 * many, and none is a search or a list that a generic plan could get wrong
 * (SESSION_SETUP): its plans are cached as PostgreSQL chooses, which also
 * spares the foreign key checks of every row their planning (a quarter of
 * the writer's time went to planning, most of it theirs); no parallel
 * workers (the index pass's read of the queue was planned over stale
 * statistics with two workers, 20 to 50 ms a pass to start them); no JIT,
 * as on every connection (SESSION_SETUP). */
static int pg_tune_writer(struct db *d)
{
	return pg_exec(d, "SET plan_cache_mode = auto; SET max_parallel_workers_per_gather = 0");
}

static int pg_bulk_journal(struct db *d, int on)
{
	return DB_OK; /* one log, the server's */
}

static int pg_bulk_cache(struct db *d, int on)
{
	return DB_OK; /* the server sizes its own caches */
}

static int pg_defer_sync(struct db *d)
{
	return -1; /* commits stay durable by themselves (synchronous_commit=on) */
}

static int64_t pg_log_pages(struct db *d)
{
	return 0;
}

static int pg_checkpoint(struct db *d)
{
	return DB_OK; /* the server checkpoints its write-ahead log itself */
}

static int pg_backup(struct db *d, const char *to, char *err, size_t errlen)
{
	snprintf(err, errlen,
		 "a PostgreSQL database is not copied by danvan: use pg_dump "
		 "(pg_dump --format=custom --file='%s' URL) or the server's continuous archiving "
		 "(docs/postgresql.md)",
		 to);
	return DB_ERROR;
}

const struct db_engine db_engine_pg = {
	.name = "postgresql",
	.migrations = "migrations/postgresql/",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_is_null = pg_col_is_null,
	.done = pg_done,
	.begin = pg_begin,
	.begin_shared = pg_begin_shared,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.changes = pg_changes,
	.total_changes = pg_total_changes,
	.errmsg = pg_errmsg,
	.schema_table = pg_schema_table,
	.migrate_lock = pg_migrate_lock,
	.migrate_unlock = pg_migrate_unlock,
	.tune_writer = pg_tune_writer,
	.bulk_cache = pg_bulk_cache,
	.bulk_journal = pg_bulk_journal,
	.defer_sync = pg_defer_sync,
	.log_pages = pg_log_pages,
	.checkpoint = pg_checkpoint,
	.backup = pg_backup,
};
