/*
 * submit.h - durable, fast acceptance of feedback: GROUP COMMIT.
 *
 * A citizen is told "received, your code is 7KQ4-M2XD" only after the item
 * is committed with synchronous=FULL, so a crash never loses an
 * acknowledged item. One fsync per item would cap the server at a few
 * hundred items per second; instead one writer thread takes the items that
 * request threads have queued, inserts up to `max_batch` of them in ONE
 * transaction (each with its timeline event and audit entry, exactly as
 * feedback_submit() does), commits once, and then wakes every waiting
 * request thread with its own result. While a batch commits, the next one
 * gathers, so the batch size follows the load by itself.
 *
 * Isolation: each item is inserted inside its own SAVEPOINT; an item that
 * fails (a constraint, a bad row) is rolled back to its savepoint and
 * answered FEEDBACK_ERROR while the others of the batch commit. If the
 * commit itself fails, every item of the batch is answered FEEDBACK_ERROR
 * and nothing of it was acknowledged.
 *
 * Validation and the drawing of codes happen in the request thread
 * (feedback_prepare()), so the writer only writes. The writer uses its own
 * database connection, opened by submit_start() from a URL; the database
 * must already be migrated.
 *
 * Threads: submit_feedback() blocks its caller until the commit. An HTTP
 * server with one worker thread per core must not do that (each waiting
 * request would hold a worker and batches would stay tiny): prepare the
 * item, queue it with submit_prepared_async() and suspend the connection
 * (libmicrohttpd MHD_suspend_connection), resuming it from the callback.
 *
 * Search: a new item is queued for the search index in its transaction
 * and the writer indexes the queue between batches, a thousand or so at a
 * time (store/search.h search_index_pending(); within a quarter of a second
 * under load, a few milliseconds after the last submission when idle), and
 * after a second without submissions merges the index's segments down
 * (search_merge()), a few tens of milliseconds at a time.
 *
 * Durability, pipelined: the writer's connection commits without waiting
 * for the disk (store/db.h db_defer_sync(): SQLite's log, synchronous
 * NORMAL) and hands the committed batch to a syncer thread, which runs one
 * fdatasync() of the log for every batch committed since its last one and
 * only then answers their submitters; meanwhile the writer inserts the next
 * batch. So each item is still acknowledged only once it is on disk, and
 * the disk's flush no longer holds up the next batch. Where the engine
 * cannot do that, each commit waits for the disk itself, as before.
 *
 * Checkpoints: the writer's commits only append to SQLite's write-ahead
 * log; a second thread with its own connection copies the log back into
 * the database once it holds a thousand pages (store/db.h
 * db_checkpoint()), while the writer goes on.
 *
 * Lifecycle: submit_start() once at server start, submit_stop() at
 * shutdown: it refuses new items (FEEDBACK_BUSY), lets the writer drain
 * everything already queued, joins it and frees the queue. All other
 * functions are thread-safe. The synchronous path without a queue (command
 * line, demo) is feedback_submit() in app/feedback.h.
 */
#ifndef DANVAN_SUBMIT_H
#define DANVAN_SUBMIT_H

#include <stddef.h>
#include <stdint.h>

#include "app/feedback.h"

struct audit_actor;
struct submit_queue;

#define SUBMIT_MAX_BATCH 256     /* default items per transaction */
#define SUBMIT_MAX_QUEUE 16384   /* default items waiting before FEEDBACK_BUSY */

/*
 * Open a connection to `db_url` and start the writer thread. max_batch and
 * max_queue 0 take the defaults above. Returns NULL with a message in err
 * when the database cannot be opened or the thread cannot start.
 */
struct submit_queue *submit_start(const char *db_url, size_t max_batch, size_t max_queue, char *err,
				  size_t errlen);

/* Refuse new items, drain the queue, stop the writer and free everything.
 * NULL is accepted. */
void submit_stop(struct submit_queue *q);

/*
 * Validate `in` (feedback_prepare() with ctx, in the calling thread), queue
 * it and wait until its batch has committed. Returns what
 * feedback_submit() returns, plus FEEDBACK_BUSY when the queue is full or
 * stopping. *out is valid only on FEEDBACK_OK.
 */
int submit_feedback(struct submit_queue *q, const struct app_ctx *ctx,
		    const struct feedback_input *in, struct feedback_receipt *out,
		    struct app_errors *errs);

/*
 * Queue an already prepared item and wait for its commit (what
 * submit_feedback() does after validation; `p` and `actor` must stay valid
 * until it returns). FEEDBACK_OK, FEEDBACK_ERROR or FEEDBACK_BUSY.
 */
int submit_prepared(struct submit_queue *q, const struct audit_actor *actor,
		    struct feedback_prepared *p, struct feedback_receipt *out);

/*
 * The same without blocking, for an HTTP layer that suspends the
 * connection (libmicrohttpd MHD_suspend_connection) instead of holding one
 * of its few worker threads: queue the item and return at once.
 * FEEDBACK_OK: queued; callback(arg, rc) will be called exactly once, from
 * the writer thread, after the item's batch committed (rc FEEDBACK_OK, *out
 * filled) or failed (FEEDBACK_ERROR); it must be quick and must not call
 * back into this queue. `p`, `out` and `actor` must stay valid until then.
 * FEEDBACK_BUSY: not queued, the callback will not be called.
 */
int submit_prepared_async(struct submit_queue *q, const struct audit_actor *actor,
			  struct feedback_prepared *p, struct feedback_receipt *out,
			  void (*callback)(void *arg, int rc), void *arg);

struct submit_stats {
	uint64_t batches;     /* transactions committed */
	uint64_t items;       /* items committed and acknowledged */
	uint64_t failed;      /* items answered FEEDBACK_ERROR */
	uint64_t max_batch;   /* largest batch so far */
	uint64_t queued;      /* waiting right now */
	uint64_t indexed;     /* rows added to the search index by the writer */
	uint64_t index_passes; /* index transactions that added rows */
	uint64_t checkpoints; /* log copied back by the checkpointer thread */
	uint64_t merge_steps; /* idle-time merge steps of the search index that did work */
	uint64_t syncs;       /* log syncs that made batches durable (pipelined durability) */
};

/* Counters for /metrics. */
void submit_get_stats(struct submit_queue *q, struct submit_stats *out);

#endif
