/*
 * feedback_bulk.h - loading many new feedback items at once (`danvan demo
 * --items N`, app/feedback_demo.c) without the per-row work of the insert
 * triggers, ending with exactly what those triggers would have left.
 *
 * Inside the caller's write transaction:
 *   feedback_bulk_begin()  notes the largest item id so far, sets the
 *                          triggers that count a new item aside (the five
 *                          tallies of 0007/0013, the reports' roll-up of
 *                          0028, the public list's version of 0024) and the
 *                          item table's secondary indexes (built again,
 *                          sorted, at the end), and gives the connection a
 *                          large page cache (db_bulk_cache, SQLite);
 *   ... feedback_row_insert() etc. of new items only (no update or
 *       deletion of an item: nothing would count it) ...
 *   feedback_bulk_end()    adds the new items (id above the one noted) to
 *                          every counter with one grouped statement each,
 *                          the same keys and values the triggers compute
 *                          row by row, bumps the public version by as many
 *                          as the triggers would have, and puts the
 *                          triggers and indexes back.
 * Then the caller commits. On any error the caller rolls back (DDL is
 * transactional on both engines: the triggers come back with it) and
 * calls feedback_bulk_free(). The search queue's insert trigger stays: the
 * caller indexes the queue afterwards as always (search_index_pending).
 *
 * PostgreSQL: the triggers are disabled (ALTER TABLE ... DISABLE TRIGGER,
 * which holds a lock on the table until the commit: other writers of
 * items wait), and feedback_event_stamp_notify (0029) as well: new items
 * have no stamp any server could hold.
 */
#ifndef DANVAN_STORE_FEEDBACK_BULK_H
#define DANVAN_STORE_FEEDBACK_BULK_H

#include <stdint.h>

struct db;

#define FEEDBACK_BULK_SAVED 24

struct feedback_bulk {
	int64_t after_id;                     /* items above it are the load's */
	int nsaved;                           /* DDL to run again at the end */
	char *saved[FEEDBACK_BULK_SAVED];
};

/* DB_OK or a negative enum db_rc; b is set even on error (free it). */
int feedback_bulk_begin(struct db *db, struct feedback_bulk *b);
/* DB_OK or a negative enum db_rc; frees b's copies either way. */
int feedback_bulk_end(struct db *db, struct feedback_bulk *b);
/* Free what begin kept (after a rollback); safe to call twice. */
void feedback_bulk_free(struct feedback_bulk *b);

#endif
