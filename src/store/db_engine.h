/*
 * db_engine.h - what a database engine provides to the dispatch layer of
 * store/db.h (store/db.c), and what that layer shares with the engines.
 * Only store/db.c, store/db_sqlite.c and store/db_pg.c include it; every
 * other module sees the opaque types of store/db.h.
 *
 * Shape: each engine's connection struct starts with `struct db` and each
 * of its statements with `struct db_stmt` (the engine casts back with
 * container_of-style helpers). The dispatch layer owns the fields below:
 * the engine table, the transaction flag, the db_thread() registry link,
 * and the sticky bind mark. It also does, once for both engines, what the
 * interface promises regardless of the engine: fault injection
 * (DANVAN_FAIL_DB), the sticky bind errors, nested-transaction BUGs, the
 * thread connections, the error counter and hook, and the migration loop.
 *
 * Engine functions report errors already counted (db_note_error()) and
 * mapped to enum db_rc; they never see an injected fault.
 */
#ifndef DANVAN_STORE_DB_ENGINE_H
#define DANVAN_STORE_DB_ENGINE_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

struct db_engine;

struct db {
	const struct db_engine *eng;
	int in_tx;              /* between a successful db_begin() and commit/rollback */
	struct db *next_global; /* registry of db_thread() connections */
};

struct db_stmt {
	struct db *db;
	int bind_failed; /* a bind failed: db_step() fails until db_done() */
};

struct db_engine {
	const char *name;           /* "sqlite", "postgresql": db_engine() */
	const char *migrations;     /* "migrations/sqlite/": the embedded asset prefix */
	/* the URL is the engine's (db_engine_for() chose it) */
	struct db *(*open)(const char *url, char *err, size_t errlen);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	int (*bind_int)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s, size_t len);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t len);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	int (*col_is_null)(struct db_stmt *st, int col);
	void (*done)(struct db_stmt *st); /* reset; frees an uncached statement */
	int (*begin)(struct db *db);      /* a write transaction, the lock taken */
	int (*begin_shared)(struct db *db); /* one without the lock (NULL: begin) */
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);  /* only when one may be open; never fails */
	int64_t (*changes)(struct db *db);
	int64_t (*total_changes)(struct db *db);
	const char *(*errmsg)(struct db *db);
	/* the table of applied migrations, created when missing */
	int (*schema_table)(struct db *db);
	/* serialise migrations across processes (NULL: db_begin() is enough) */
	int (*migrate_lock)(struct db *db, char *err, size_t errlen);
	void (*migrate_unlock)(struct db *db);
	/* the SQLite-only operations of store/db.h */
	int (*tune_writer)(struct db *db);
	int (*bulk_cache)(struct db *db, int on);
	int (*bulk_journal)(struct db *db, int on);
	int (*defer_sync)(struct db *db);
	int64_t (*log_pages)(struct db *db);
	int (*checkpoint)(struct db *db);
	int (*backup)(struct db *db, const char *to, char *err, size_t errlen);
};

extern const struct db_engine db_engine_sqlite;
extern const struct db_engine db_engine_pg;

/* Count one database error and call the error hook (store/db.h). */
void db_note_error(void);

#endif
