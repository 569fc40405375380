/*
 * submit.c - group commit of feedback submissions: request threads queue
 * prepared items and sleep; one writer thread inserts a batch in one
 * transaction, commits once and wakes them (insert_batch(): a batch whose
 * item fails is run again with one savepoint per item).
 */
#include "app/submit.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/search.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

/*
 * New items are queued for the search index in their own transaction
 * (store/search.h) and indexed here, between batches, many at a time: when
 * SUBMIT_INDEX_AFTER items wait, when the oldest has waited
 * SUBMIT_INDEX_AGE_MS, or when no submission came for SUBMIT_INDEX_IDLE_MS.
 * A pass indexes at most SUBMIT_INDEX_MAX, so submissions wait behind it for
 * tens of milliseconds at most. Every SUBMIT_INDEX_POLL_MS an idle writer
 * also looks for rows queued by other connections (or before a crash).
 */
#define SUBMIT_INDEX_AFTER 1000
#define SUBMIT_INDEX_AGE_MS 250
#define SUBMIT_INDEX_IDLE_MS 5
#define SUBMIT_INDEX_POLL_MS 1000
#define SUBMIT_INDEX_MAX 4000
/*
 * New data is merged into the index lazily under load (automerge 16,
 * 0006_search_queue.sql); once the writer has been idle for
 * SUBMIT_INDEX_POLL_MS it merges the index's segments down, a step of
 * SUBMIT_MERGE_PAGES pages at a time (tens of milliseconds), every
 * SUBMIT_MERGE_GAP_MS while it stays idle, until nothing is left to merge.
 */
#define SUBMIT_MERGE_PAGES 500
#define SUBMIT_MERGE_GAP_MS 10

/*
 * The writer's commits do not copy the write-ahead log back into the
 * database (store/db.h db_tune_writer()); a checkpointer thread with its
 * own connection does, once the log holds SUBMIT_CHECKPOINT_PAGES pages,
 * so the writer goes on with the next batch meanwhile.
 */
#define SUBMIT_CHECKPOINT_PAGES 1000

struct submit_job {
	struct submit_job *next;
	const struct audit_actor *actor;
	struct feedback_prepared *p;
	struct feedback_receipt *out;
	int rc;
	int done;
	/* asynchronous jobs: called once from the writer, then the job is freed */
	void (*callback)(void *arg, int rc);
	void *arg;
};

struct submit_queue {
	pthread_mutex_t lock;
	pthread_cond_t work;     /* the writer waits for jobs */
	pthread_cond_t done;     /* submitters wait for their job */
	struct submit_job *head, *tail;
	size_t queued, max_queue, max_batch;
	int stopping;
	pthread_t thread;
	struct db *db;
	struct submit_stats stats;
	/* the checkpointer: its thread, connection and condition (q->lock) */
	pthread_t ck_thread;
	struct db *ck_db;
	pthread_cond_t ck_work;
	int ck_wanted, ck_stopping;
	/* the syncer (store/db.h db_defer_sync()): committed batches wait in
	 * sync_head..sync_tail until one fdatasync() makes them durable */
	int sync_fd; /* -1: the writer's commits are durable by themselves */
	pthread_t sync_thread;
	pthread_cond_t sync_work;
	struct submit_job *sync_head, *sync_tail;
	int sync_stopping;
	/* writer thread only: items committed since the last index pass, and
	 * when the first of them was (monotonic ms) */
	int64_t unindexed, unindexed_since;
	int merge_due; /* writer thread only: indexed since the index was last fully merged */
	/* PostgreSQL: the indexer, its thread, connection and condition
	 * (q->lock); NULL ix_db: the writer indexes itself */
	struct db *ix_db;
	pthread_t ix_thread;
	pthread_cond_t ix_work;
	int ix_wanted, ix_stopping;
};

static int64_t now_ms(void)
{
	return mono_ns() / 1000000;
}

/* Wait on the work condition until `ms` from now; the lock is held. */
static void wait_work(struct submit_queue *q, int64_t ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&q->work, &q->lock, &ts);
}

/* One merge step, outside the lock; merge_due ends when nothing is left. */
static void merge_step(struct submit_queue *q)
{
	int worked = 0;
	if (search_merge(q->db, SUBMIT_MERGE_PAGES, &worked) < 0)
		fprintf(stderr, "danvan: merging the search index failed: %s\n", db_errmsg(q->db));
	if (!worked)
		q->merge_due = 0;
	pthread_mutex_lock(&q->lock);
	q->stats.merge_steps += (uint64_t)worked;
	pthread_mutex_unlock(&q->lock);
}

/* One index pass on db, outside the lock. A failure leaves the rows queued
 * for the next pass (and the items are in the database either way).
 * Returns how many rows it indexed. */
static int64_t index_rows(struct submit_queue *q, struct db *db)
{
	int64_t done = 0;
	if (search_index_pending(db, SUBMIT_INDEX_MAX, &done, NULL) < 0)
		fprintf(stderr, "danvan: search indexing failed, will retry: %s\n", db_errmsg(db));
	pthread_mutex_lock(&q->lock);
	q->stats.indexed += (uint64_t)done;
	if (done)
		q->stats.index_passes++;
	pthread_mutex_unlock(&q->lock);
	return done;
}

/*
 * What the last batches queued, indexed (the writer thread, outside the
 * lock): on SQLite here, between batches; on PostgreSQL by the indexer
 * thread, asked here, on a connection of its own beside the writer (the
 * index's rows are written without the write lock: db_begin_shared()), so
 * that the submissions' serial path does not carry the index (a fifth of
 * the writer's time at 2,000 items a second).
 */
static void index_pass(struct submit_queue *q)
{
	q->unindexed = 0;
	if (!q->ix_db) {
		if (index_rows(q, q->db))
			q->merge_due = 1;
		return;
	}
	pthread_mutex_lock(&q->lock);
	q->ix_wanted = 1;
	pthread_cond_signal(&q->ix_work);
	pthread_mutex_unlock(&q->lock);
}

static void *indexer_main(void *arg)
{
	struct submit_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->ix_wanted && !q->ix_stopping)
			pthread_cond_wait(&q->ix_work, &q->lock);
		if (!q->ix_wanted)
			break; /* stopping, and nothing asked since the last pass */
		q->ix_wanted = 0;
		pthread_mutex_unlock(&q->lock);
		/* a pass at a time while each one finds a full pass' worth */
		while (index_rows(q, q->ix_db) >= SUBMIT_INDEX_MAX)
			;
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Answer a list of jobs whose commit is over (and durable): callbacks
 * outside the lock, then the threads waiting in submit_prepared(). */
static void answer_jobs(struct submit_queue *q, struct submit_job *list)
{
	struct submit_job *waiting = NULL;
	for (struct submit_job *j = list, *next; j; j = next) {
		next = j->next;
		if (j->callback) {
			j->callback(j->arg, j->rc);
			free(j);
		} else {
			j->next = waiting;
			waiting = j;
		}
	}
	if (!waiting)
		return;
	pthread_mutex_lock(&q->lock);
	for (struct submit_job *j = waiting, *next; j; j = next) {
		next = j->next; /* the owner may free j once done */
		j->done = 1;
	}
	pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->lock);
}

/*
 * insert_batch() unguarded on PostgreSQL, in its open transaction: the
 * whole batch with one statement per table (feedback_insert_prepared_many():
 * each roll-up row is written once per batch, a few round trips in all
 * however many items). Returns like insert_batch().
 */
static long insert_batch_many(struct db *db, struct submit_job *batch)
{
	size_t n = 0;
	for (struct submit_job *j = batch; j; j = j->next)
		n++;
	const struct audit_actor **actors = xcalloc(n, sizeof(*actors));
	struct feedback_prepared **ps = xcalloc(n, sizeof(*ps));
	struct feedback_receipt **outs = xcalloc(n, sizeof(*outs));
	size_t i = 0;
	for (struct submit_job *j = batch; j; j = j->next, i++) {
		actors[i] = j->actor;
		ps[i] = j->p;
		outs[i] = j->out;
	}
	int rc = feedback_insert_prepared_many(db, n, actors, ps, outs);
	free(outs);
	free(ps);
	free(actors);
	if (rc == FEEDBACK_OK && db_commit(db) == DB_OK) {
		for (struct submit_job *j = batch; j; j = j->next)
			j->rc = FEEDBACK_OK;
		return (long)n;
	}
	db_rollback(db);
	for (struct submit_job *j = batch; j; j = j->next)
		j->rc = FEEDBACK_ERROR;
	return -1;
}

/*
 * Insert the batch's jobs in one transaction and commit once. Optimistic
 * first (guarded = 0): no savepoints, as an item prepared and validated
 * before it was queued almost never fails here (a taken tracking code is
 * drawn again without an error); on PostgreSQL the whole batch in a few
 * statements (insert_batch_many()). Should any item fail, that
 * transaction is rolled back and the batch is run again guarded: each
 * item under its own savepoint, so a failing item is undone alone and
 * the others commit. Sets job->rc for every job; returns the number
 * committed, or -1 when an unguarded run failed and committed nothing.
 */
static long insert_batch(struct submit_queue *q, struct submit_job *batch, int guarded)
{
	struct db *db = q->db;
	int ok = db_begin(db) == DB_OK;
	size_t good = 0;
	if (ok && !guarded && db_is_pg(db))
		return insert_batch_many(db, batch);
	for (struct submit_job *j = batch; j; j = j->next) {
		j->rc = FEEDBACK_ERROR;
		if (!ok)
			continue;
		if (guarded && db_run(db, "SAVEPOINT submit_item") < 0) {
			ok = 0;
			continue;
		}
		j->rc = feedback_insert_prepared(db, j->actor, j->p, j->out);
		if (j->rc == FEEDBACK_OK) {
			if (guarded && db_run(db, "RELEASE submit_item") < 0) {
				j->rc = FEEDBACK_ERROR;
				ok = 0;
			} else {
				good++;
			}
			continue;
		}
		if (!guarded) {
			ok = 0;
			break;
		}
		/* undo this item only; if even that fails the transaction is gone */
		if (db_run(db, "ROLLBACK TO submit_item") < 0 || db_run(db, "RELEASE submit_item") < 0)
			ok = 0;
	}
	if (ok && db_commit(db) == DB_OK)
		return (long)good;
	db_rollback(db);
	for (struct submit_job *j = batch; j; j = j->next)
		j->rc = FEEDBACK_ERROR;
	return guarded ? 0 : -1;
}

static size_t run_batch(struct submit_queue *q, struct submit_job *batch)
{
	long good = insert_batch(q, batch, 0);
	if (good < 0)
		good = insert_batch(q, batch, 1);
	return (size_t)good;
}

static void *writer_main(void *arg)
{
	struct submit_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		int merging = 0; /* idle long enough: merge steps */
		while (!q->head && !q->stopping) {
			/* idle: index what the last batches queued, now and then
			 * what other connections did, then merge the index down */
			int64_t wait = q->unindexed ? SUBMIT_INDEX_IDLE_MS
				       : merging ? SUBMIT_MERGE_GAP_MS : SUBMIT_INDEX_POLL_MS;
			wait_work(q, wait);
			if (q->head || q->stopping)
				break;
			pthread_mutex_unlock(&q->lock);
			if (merging && q->merge_due) {
				merge_step(q);
			} else {
				index_pass(q);
				merging = !q->unindexed && q->merge_due && wait == SUBMIT_INDEX_POLL_MS;
			}
			if (!q->merge_due)
				merging = 0;
			pthread_mutex_lock(&q->lock);
		}
		if (!q->head)
			break; /* stopping and drained */
		struct submit_job *batch = q->head, *last = q->head;
		size_t n = 1;
		while (last->next && n < q->max_batch) {
			last = last->next;
			n++;
		}
		q->head = last->next;
		if (!q->head)
			q->tail = NULL;
		last->next = NULL;
		q->queued -= n;
		pthread_mutex_unlock(&q->lock);

		size_t good = run_batch(q, batch);

		pthread_mutex_lock(&q->lock);
		if (good)
			q->stats.batches++;
		q->stats.items += good;
		q->stats.failed += n - good;
		if (n > q->stats.max_batch)
			q->stats.max_batch = n;
		if (q->sync_fd >= 0) {
			/* answered by the syncer once durable; meanwhile the next
			 * batch goes on */
			if (q->sync_tail)
				q->sync_tail->next = batch;
			else
				q->sync_head = batch;
			q->sync_tail = last;
			pthread_cond_signal(&q->sync_work);
		}
		if (good && db_log_pages(q->db) >= SUBMIT_CHECKPOINT_PAGES && q->ck_db) {
			q->ck_wanted = 1;
			pthread_cond_signal(&q->ck_work);
		}
		if (good) {
			if (!q->unindexed)
				q->unindexed_since = now_ms();
			q->unindexed += (int64_t)good;
		}
		if (q->sync_fd < 0) {
			/* durable at COMMIT: answered now, after the batch was
			 * counted, so whoever holds an answer finds it in the
			 * stats (submit_get_stats()) */
			pthread_mutex_unlock(&q->lock);
			answer_jobs(q, batch);
			pthread_mutex_lock(&q->lock);
		}
		/* under steady load the queue is never idle: index by size or age */
		if (q->unindexed >= SUBMIT_INDEX_AFTER ||
		    (q->unindexed && now_ms() - q->unindexed_since >= SUBMIT_INDEX_AGE_MS)) {
			pthread_mutex_unlock(&q->lock);
			index_pass(q);
			pthread_mutex_lock(&q->lock);
		}
	}
	pthread_mutex_unlock(&q->lock);
	/* what the last batches queued, before the connection closes */
	if (q->unindexed)
		index_pass(q);
	return NULL;
}

/* The syncer: one fdatasync() of the log for every batch committed since
 * the last one, then their answers. */
static void *syncer_main(void *arg)
{
	struct submit_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->sync_head && !q->sync_stopping)
			pthread_cond_wait(&q->sync_work, &q->lock);
		struct submit_job *list = q->sync_head;
		q->sync_head = q->sync_tail = NULL;
		if (!list)
			break; /* stopping and drained */
		pthread_mutex_unlock(&q->lock);
		if (db_log_sync(q->sync_fd) < 0) {
			/* not known to be durable: acknowledge none of them */
			fprintf(stderr, "danvan: syncing the write-ahead log failed: %s\n", strerror(errno));
			for (struct submit_job *j = list; j; j = j->next)
				j->rc = FEEDBACK_ERROR;
		}
		answer_jobs(q, list);
		pthread_mutex_lock(&q->lock);
		q->stats.syncs++;
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static void *checkpointer_main(void *arg)
{
	struct submit_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->ck_wanted && !q->ck_stopping)
			pthread_cond_wait(&q->ck_work, &q->lock);
		if (q->ck_stopping)
			break;
		q->ck_wanted = 0;
		pthread_mutex_unlock(&q->lock);
		if (db_checkpoint(q->ck_db) < 0)
			fprintf(stderr, "danvan: checkpoint failed, will retry: %s\n", db_errmsg(q->ck_db));
		pthread_mutex_lock(&q->lock);
		q->stats.checkpoints++;
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Stop the checkpointer, the syncer and the indexer (after the writer, if
 * it ran: the indexer ends with the pass the writer asked last). */
static void stop_helpers(struct submit_queue *q, int syncer, int checkpointer, int indexer)
{
	pthread_mutex_lock(&q->lock);
	q->sync_stopping = 1;
	q->ck_stopping = 1;
	q->ix_stopping = 1;
	pthread_cond_signal(&q->sync_work);
	pthread_cond_signal(&q->ck_work);
	pthread_cond_signal(&q->ix_work);
	pthread_mutex_unlock(&q->lock);
	if (syncer)
		pthread_join(q->sync_thread, NULL);
	if (checkpointer)
		pthread_join(q->ck_thread, NULL);
	if (indexer)
		pthread_join(q->ix_thread, NULL);
}

static void free_queue(struct submit_queue *q)
{
	db_log_close(q->sync_fd);
	db_close(q->ix_db);
	db_close(q->ck_db);
	db_close(q->db);
	pthread_cond_destroy(&q->ix_work);
	pthread_cond_destroy(&q->sync_work);
	pthread_cond_destroy(&q->ck_work);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

struct submit_queue *submit_start(const char *db_url, size_t max_batch, size_t max_queue, char *err,
				  size_t errlen)
{
	struct db *db = db_open(db_url, err, errlen);
	if (!db)
		return NULL;
	struct db *ck_db = db_open(db_url, err, errlen);
	if (!ck_db) {
		db_close(db);
		return NULL;
	}
	struct submit_queue *q = xcalloc(1, sizeof(*q));
	q->db = db;
	q->ck_db = ck_db;
	q->sync_fd = -1;
	q->max_batch = max_batch ? max_batch : SUBMIT_MAX_BATCH;
	q->max_queue = max_queue ? max_queue : SUBMIT_MAX_QUEUE;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->work, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&q->done, NULL);
	pthread_cond_init(&q->ck_work, NULL);
	pthread_cond_init(&q->sync_work, NULL);
	pthread_cond_init(&q->ix_work, NULL);
	int rc = pthread_create(&q->ck_thread, NULL, checkpointer_main, q);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread: %s", strerror(rc));
		free_queue(q);
		return NULL;
	}
	if (db_is_pg(db)) {
		if (!(q->ix_db = db_open(db_url, err, errlen))) {
			stop_helpers(q, 0, 1, 0);
			free_queue(q);
			return NULL;
		}
		if ((rc = pthread_create(&q->ix_thread, NULL, indexer_main, q)) != 0) {
			snprintf(err, errlen, "cannot start the search indexing thread: %s", strerror(rc));
			stop_helpers(q, 0, 1, 0);
			free_queue(q);
			return NULL;
		}
	}
	int ix = q->ix_db != NULL;
	(void)db_tune_writer(db); /* only speed is at stake */
	/* commits that do not wait for the disk, made durable by the syncer
	 * while the next batch runs; without it each commit waits itself */
	q->sync_fd = db_defer_sync(db);
	if (q->sync_fd >= 0 && (rc = pthread_create(&q->sync_thread, NULL, syncer_main, q)) != 0) {
		snprintf(err, errlen, "cannot start the log sync thread: %s", strerror(rc));
		stop_helpers(q, 0, 1, ix);
		free_queue(q);
		return NULL;
	}
	rc = pthread_create(&q->thread, NULL, writer_main, q);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the submission writer thread: %s", strerror(rc));
		stop_helpers(q, q->sync_fd >= 0, 1, ix);
		free_queue(q);
		return NULL;
	}
	return q;
}

void submit_stop(struct submit_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	/* the syncer answers what the writer's last batches committed */
	stop_helpers(q, q->sync_fd >= 0, 1, q->ix_db != NULL);
	(void)db_checkpoint(q->ck_db); /* what the last batches wrote */
	free_queue(q);
}

/* Append a job; the caller holds the lock. 0, or FEEDBACK_BUSY. */
static int enqueue(struct submit_queue *q, struct submit_job *job)
{
	if (q->stopping || q->queued >= q->max_queue)
		return FEEDBACK_BUSY;
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	q->queued++;
	pthread_cond_signal(&q->work);
	return 0;
}

int submit_prepared(struct submit_queue *q, const struct audit_actor *actor,
		    struct feedback_prepared *p, struct feedback_receipt *out)
{
	struct submit_job job = { .actor = actor, .p = p, .out = out, .rc = FEEDBACK_ERROR };
	pthread_mutex_lock(&q->lock);
	if (enqueue(q, &job) < 0) {
		pthread_mutex_unlock(&q->lock);
		return FEEDBACK_BUSY;
	}
	while (!job.done)
		pthread_cond_wait(&q->done, &q->lock);
	pthread_mutex_unlock(&q->lock);
	return job.rc;
}

int submit_prepared_async(struct submit_queue *q, const struct audit_actor *actor,
			  struct feedback_prepared *p, struct feedback_receipt *out,
			  void (*callback)(void *arg, int rc), void *arg)
{
	struct submit_job *job = xcalloc(1, sizeof(*job));
	job->actor = actor;
	job->p = p;
	job->out = out;
	job->rc = FEEDBACK_ERROR;
	job->callback = callback;
	job->arg = arg;
	pthread_mutex_lock(&q->lock);
	int rc = enqueue(q, job);
	pthread_mutex_unlock(&q->lock);
	if (rc < 0) {
		free(job);
		return FEEDBACK_BUSY;
	}
	return FEEDBACK_OK;
}

int submit_feedback(struct submit_queue *q, const struct app_ctx *ctx,
		    const struct feedback_input *in, struct feedback_receipt *out,
		    struct app_errors *errs)
{
	struct feedback_prepared p;
	int rc = feedback_prepare(ctx, in, &p, errs);
	if (rc < 0)
		return rc;
	return submit_prepared(q, ctx->actor, &p, out);
}

void submit_get_stats(struct submit_queue *q, struct submit_stats *out)
{
	pthread_mutex_lock(&q->lock);
	*out = q->stats;
	out->queued = q->queued;
	pthread_mutex_unlock(&q->lock);
}
