/*
 * copy.h - copy a whole danvan database into an empty one of either engine
 * (SQLite -> PostgreSQL and back), for 'danvan migrate' (docs/deploy.md).
 *
 * copy_database() reads the source in one consistent snapshot and writes
 * the target in one transaction: every table the target's schema lists
 * (sqlite_master / information_schema), columns by name, parents before
 * children (foreign keys), rows in key order (a row that refers to its own
 * table after the row it names), blobs as blobs, except
 *   - schema_migrations (both must already be at the same version),
 *   - the search index (search_*): rebuilt on the target after the commit
 *     (search_rebuild() + search_index_pending()),
 *   - the tally tables (feedback_tally*, report_feedback_tally): not copied, but made by the
 *     target's own triggers as the items go in, then compared with the
 *     source's (rows with a count of 0 aside: the source keeps them, a
 *     fresh count has none) before the commit.
 * On PostgreSQL every identity sequence is then set to its column's max.
 * Before the commit the row count of every copied table is compared with
 * the source's and the audit chain is checked on the target (the caller
 * must have set the audit key: audit_set_key()); any difference rolls the
 * target back. The source is never written.
 *
 * Failure: a negative enum copy_rc with a one-line message in r->msg
 * (never holding a password); the target is as before (the transaction
 * rolled back) except for COPY_INDEX, where the data is committed and only
 * the search index failed ('danvan migrate' says how to repair it).
 */
#ifndef DANVAN_STORE_COPY_H
#define DANVAN_STORE_COPY_H

#include <stdint.h>

struct db;

enum copy_rc {
	COPY_OK = 0,
	COPY_ERROR = -1,     /* a database error or a difference after copying */
	COPY_VERSION = -2,   /* the schema versions differ */
	COPY_NOT_EMPTY = -3, /* the target holds data (r->msg names the table) */
	COPY_INDEX = -4,     /* copied and committed; the search index failed */
};

#define COPY_MAX_TABLES 256
#define COPY_NAME 64

struct copy_table {
	char name[COPY_NAME];
	int64_t rows;       /* copied (= the source's and the target's count) */
	int derived;        /* 1: a tally table, rebuilt by triggers and compared */
};

struct copy_report {
	int version;                       /* the schema version of both */
	int ntables;
	struct copy_table tables[COPY_MAX_TABLES];
	int64_t audit_entries;             /* entries of the verified chain */
	int64_t indexed;                   /* documents in the rebuilt search index */
	char msg[512];
};

int copy_database(struct db *src, struct db *dst, struct copy_report *r);

#endif
