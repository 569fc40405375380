/*
 * db.h - the database interface every store/ module writes its SQL against.
 *
 * Two engines implement it in one binary: SQLite (store/db_sqlite.c) for a
 * file path, PostgreSQL over libpq (store/db_pg.c) for a postgresql:// or
 * postgres:// URL; store/db.c picks one per URL and holds what both share
 * (docs/postgresql.md). SQL written against this interface is portable:
 * parameters are written $1, $2, ... (both engines take them by number);
 * time is integer UTC seconds; use RETURNING and ON CONFLICT, never
 * SQLite-only functions, rowid tricks or PRAGMAs outside the engine file.
 *
 * Connections: a `struct db` is one connection, used by one thread at a time.
 * db_thread() gives the calling thread its own connection (opened on first
 * use from the URL given to db_global_init) - server worker threads and the
 * command line both use it. Statements are prepared once per connection and
 * cached by their SQL text: db_prepare() returns a ready statement; the
 * caller binds, steps and finally calls db_done(), which resets it for the
 * next user. Text and blob columns are valid until the next db_step() or
 * db_done() on that statement; copy what must live longer (into an arena).
 *
 * Errors: functions return DB_OK (0), DB_ROW/DB_DONE from db_step(), or a
 * negative enum db_rc. DB_CONSTRAINT means a UNIQUE/FOREIGN KEY/CHECK
 * violation (the caller usually answers 409 or 422). db_errmsg() has the
 * engine's text for logs, never for users. Every error is counted
 * (db_error_count(), shown in /metrics).
 *
 * Transactions: db_begin() starts a write transaction that takes the write
 * lock at once (SQLite BEGIN IMMEDIATE; PostgreSQL BEGIN plus one
 * transaction-scoped advisory lock that every db_begin() of every server
 * takes), so read-then-write sequences such as appending to the audit chain
 * are serialised. db_commit() makes the change durable before it returns
 * (synchronous=FULL; synchronous_commit=on). Nested db_begin() is a BUG. A
 * connection still inside a transaction when db_done() of a write fails
 * stays in it; the caller must db_rollback(). On PostgreSQL a failed
 * statement also spoils the rest of its transaction (every later statement
 * and the commit fail): after an error inside a transaction, roll back,
 * or run the statement inside SAVEPOINT / ROLLBACK TO / RELEASE (portable);
 * write "insert unless taken" as ON CONFLICT, not as a retry after
 * DB_CONSTRAINT.
 *
 * Sticky bind errors: a db_bind_*() that fails (an index out of range, no
 * memory) returns its error AND marks the statement, so the next db_step()
 * returns DB_ERROR without running it; db_done() clears the mark. So a
 * caller may bind several values and check only db_step()'s result: a
 * statement never runs with a parameter silently left NULL.
 *
 * Fault injection: DANVAN_FAIL_DB=N makes the Nth db_step()/db_commit() of
 * the process fail with DB_ERROR (and all later ones with
 * DANVAN_FAIL_DB_STICKY=1), to test that no error path leaves half a record.
 */
#ifndef DANVAN_DB_H
#define DANVAN_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,
	DB_DONE = 2,
	DB_ERROR = -1,
	DB_CONSTRAINT = -2,
	DB_BUSY = -3,
	DB_NOTFOUND = -4,  /* for store functions: no such row */
	DB_NEWER = -5,     /* db_migrate: the database is from a newer danvan */
};

/* Set the database every db_thread() connection opens: a file path for
 * SQLite ("./data/danvan.db", also "sqlite:PATH"), or a "postgresql://" /
 * "postgres://" URL (libpq's URI syntax). Nothing is opened yet: a bad URL
 * or an unreachable server is reported by the first db_thread(). Call once
 * at start-up. */
int db_global_init(const char *url, char *err, size_t errlen);
/* Close every connection opened by db_thread(); call at shutdown when no
 * other thread uses the database any more. */
void db_global_shutdown(void);

/* The calling thread's connection, opened on first use; NULL on failure
 * (the reason is logged to stderr). */
struct db *db_thread(void);

/* Open/close a private connection (the command line, backup, tests). On
 * failure NULL and a one-line message in err that names the database
 * without its password (db_url_safe()). */
struct db *db_open(const char *url, char *err, size_t errlen);
void db_close(struct db *db);

/* The URL as it may be shown or logged: a PostgreSQL URL without its
 * password (in the user part or a password= parameter); a path unchanged.
 * Writes into buf (truncated to buflen) and returns buf. */
const char *db_url_safe(const char *url, char *buf, size_t buflen);

/* Run SQL text with no parameters, possibly several statements. */
int db_exec(struct db *db, const char *sql);

/*
 * Tune a connection that does most of the writing (the submission writer,
 * app/submit.h): a larger page cache, and its commits never copy the write-ahead
 * log back into the database (a checkpoint): they only note the log's size
 * (db_log_pages()), and whoever owns the connection must have
 * db_checkpoint() run on another connection, or the log grows without
 * end. Only for a long-lived connection. DB_OK or a negative enum db_rc.
 * PostgreSQL: DB_OK and nothing changes (the server manages its log).
 */
int db_tune_writer(struct db *db);

/*
 * A bulk load on this connection (`danvan demo --items N`,
 * store/feedback_bulk.h): on = 1 gives SQLite a page cache of up to 1 GiB
 * (memory is taken only as pages are read or written), so a load of
 * millions of rows in one transaction keeps its index pages in memory
 * instead of spilling them to the log and reading them back; on = 0 puts
 * the usual cache back. The database file is the same either way.
 * PostgreSQL: DB_OK and nothing changes. DB_OK or a negative enum db_rc.
 */
int db_bulk_cache(struct db *db, int on);

/*
 * Around a bulk load, outside any transaction: on = 1 has SQLite keep its
 * rollback journal instead of the write-ahead log for this connection's
 * next transactions (PRAGMA journal_mode=DELETE), on = 0 goes back to the
 * log. A transaction of millions of rows in the log made every page read
 * that missed the cache search the log's index, which grows with it: at
 * 17 GB of log 86 % of the load's time went to sqlite3WalFindFrame. With
 * the journal, new pages go to the database file and the journal holds
 * only the few pages the load changed. Another connection to the database
 * (a running server) keeps it in the log: on = 1 then leaves the mode as it
 * is, at once, and gives DB_OK. PostgreSQL: DB_OK and nothing changes.
 * DB_OK or a negative enum db_rc.
 */
int db_bulk_journal(struct db *db, int on);

/*
 * Pipelined durability for a writer (app/submit.h): from now on this
 * connection's db_commit() hands its changes to the operating system
 * without waiting for the disk (SQLite WAL with synchronous=NORMAL: the
 * commit is complete and visible, and a crash of the process loses
 * nothing, but a power cut could), and the caller makes everything
 * committed so far durable with db_log_sync() on the returned handle,
 * possibly on another thread while the next transaction runs. Nothing
 * may be reported durable before a db_log_sync() that started after its
 * commit returned. Returns the handle (>= 0), or -1 when the engine
 * cannot do this: then commits stay durable by themselves, as before.
 */
int db_defer_sync(struct db *db);
/* Make every commit before this call durable: DB_OK or DB_ERROR (a failed
 * sync proves nothing about what was written: report no commit since the
 * last successful sync as durable). Thread-safe. */
int db_log_sync(int handle);
/* Release the handle (after the connection's last db_log_sync()). */
void db_log_close(int handle);

/* A tuned writer's log size in pages after its last commit (0 when not
 * known, and always on PostgreSQL). Read it on the thread that uses the
 * connection. */
int64_t db_log_pages(struct db *db);

/*
 * Copy what the write-ahead log holds back into the database, as far as
 * readers allow, without blocking writers (SQLite PASSIVE checkpoint); the
 * log restarts from its beginning once all of it was copied. DB_OK (also
 * when another checkpoint was running, and on PostgreSQL, where the server
 * checkpoints by itself), or DB_ERROR.
 */
int db_checkpoint(struct db *db);

/* A cached prepared statement for this SQL text; NULL on error (logged). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
int db_bind_int(struct db_stmt *st, int idx, int64_t v);          /* idx from 1 */
int db_bind_text(struct db_stmt *st, int idx, const char *s);     /* NULL binds NULL */
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
int db_bind_null(struct db_stmt *st, int idx);
/* An optional id or time: 0 binds NULL, anything else the integer. */
int db_bind_int_or_null(struct db_stmt *st, int idx, int64_t v);
/* DB_ROW when a row is ready, DB_DONE when finished, negative on error. */
int db_step(struct db_stmt *st);
int64_t db_col_int(struct db_stmt *st, int col);                  /* col from 0 */
const char *db_col_text(struct db_stmt *st, int col);             /* NULL if NULL */
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
int db_col_is_null(struct db_stmt *st, int col);
/* Reset and unbind; the statement goes back to the cache. Always call it. */
void db_done(struct db_stmt *st);

/* Convenience: prepare+bind nothing+step once for statements without rows. */
int db_run(struct db *db, const char *sql);

int db_begin(struct db *db);
/* A write transaction that does not take the write lock on PostgreSQL
 * (SQLite: db_begin()): for writes that meet db_begin() writers only
 * through row locks taken in an order that cannot deadlock, and read
 * nothing a db_begin() writer must have serialised (the search index:
 * migrations/postgresql/0046). */
int db_begin_shared(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);   /* safe to call when no transaction is open */
int db_in_transaction(struct db *db);
/* Rows changed by the last statement. */
int64_t db_changes(struct db *db);
/* Rows changed on this connection since it opened (every statement,
 * triggers and virtual tables included on SQLite; on PostgreSQL the sum of
 * the statements' own counts, triggers not included); a difference tells
 * whether something did any work. */
int64_t db_total_changes(struct db *db);
const char *db_errmsg(struct db *db);
/* "sqlite" or "postgresql" - for the few places (migrations, search) that differ. */
const char *db_engine(struct db *db);
/* 1 on PostgreSQL, 0 on SQLite: for SQL that must differ (engine branches). */
int db_is_pg(struct db *db);

/* Apply numbered migrations embedded from migrations/<engine>/NNNN_name.sql
 * that the database has not seen, each in its own transaction, recording the
 * version in schema_migrations. Returns DB_NEWER when the database carries a
 * version this build does not know (with a message in err), DB_OK else. */
int db_migrate(struct db *db, char *err, size_t errlen);
/* Highest version applied (0 for an empty database); negative on error. */
int db_schema_version(struct db *db);

/* SQLite online backup of the live database into a new file `to`
 * (refuses to overwrite an existing file). On PostgreSQL DB_ERROR with a
 * message saying to use pg_dump. */
int db_backup(struct db *db, const char *to, char *err, size_t errlen);

/* 0 when the database answers a trivial query (for /healthz). */
int db_ping(struct db *db);

/* Process-wide count of database errors, for /metrics. */
uint64_t db_error_count(void);
/* Call fn() on every database error from now on (the server points it at
 * its metrics counter); set once at start-up, before other threads run. */
void db_set_error_hook(void (*fn)(void));

#endif
