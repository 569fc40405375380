/*
 * submit.c - group commit of feedback submissions: request threads queue
 * prepared items and sleep; one writer thread inserts a batch in one
 * transaction, one savepoint per item, commits once and wakes them.
 */
#include "app/submit.h"
#include "store/audit.h"
#include "store/db.h"
#include "core/xalloc.h"

#include <pthread.h>

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
};

/* Insert each job of the batch under its own savepoint, then commit once.
 * Sets job->rc for every job; returns the number committed. */
static size_t run_batch(struct submit_queue *q, struct submit_job *batch)
{
	struct db *db = q->db;
	int ok = db_begin(db) == DB_OK;
	size_t good = 0;
	for (struct submit_job *j = batch; j; j = j->next) {
		j->rc = FEEDBACK_ERROR;
		if (!ok)
			continue;
		if (db_run(db, "SAVEPOINT submit_item") < 0) {
			ok = 0;
			continue;
		}
		j->rc = feedback_insert_prepared(db, j->actor, j->p, j->out);
		if (j->rc == FEEDBACK_OK) {
			if (db_run(db, "RELEASE submit_item") < 0) {
				j->rc = FEEDBACK_ERROR;
				ok = 0;
			} else {
				good++;
			}
			continue;
		}
		/* undo this item only; if even that fails the transaction is gone */
		if (db_run(db, "ROLLBACK TO submit_item") < 0 || db_run(db, "RELEASE submit_item") < 0)
			ok = 0;
	}
	if (ok && db_commit(db) == DB_OK)
		return good;
	db_rollback(db);
	for (struct submit_job *j = batch; j; j = j->next)
		j->rc = FEEDBACK_ERROR;
	return 0;
}

static void *writer_main(void *arg)
{
	struct submit_queue *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->head && !q->stopping)
			pthread_cond_wait(&q->work, &q->lock);
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

		/* asynchronous jobs are answered outside the lock */
		int any_sync = 0;
		for (struct submit_job *j = batch, *next; j; j = next) {
			next = j->next;
			if (j->callback) {
				j->callback(j->arg, j->rc);
				free(j);
			} else {
				any_sync = 1;
			}
		}

		pthread_mutex_lock(&q->lock);
		if (good)
			q->stats.batches++;
		q->stats.items += good;
		q->stats.failed += n - good;
		if (n > q->stats.max_batch)
			q->stats.max_batch = n;
		if (any_sync) {
			for (struct submit_job *j = batch; j;) {
				struct submit_job *next = j->next; /* the owner may free j once done */
				if (!j->callback)
					j->done = 1;
				j = next;
			}
			pthread_cond_broadcast(&q->done);
		}
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct submit_queue *submit_start(const char *db_url, size_t max_batch, size_t max_queue, char *err,
				  size_t errlen)
{
	struct db *db = db_open(db_url, err, errlen);
	if (!db)
		return NULL;
	struct submit_queue *q = xcalloc(1, sizeof(*q));
	q->db = db;
	q->max_batch = max_batch ? max_batch : SUBMIT_MAX_BATCH;
	q->max_queue = max_queue ? max_queue : SUBMIT_MAX_QUEUE;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->done, NULL);
	int rc = pthread_create(&q->thread, NULL, writer_main, q);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the submission writer thread: %s", strerror(rc));
		pthread_cond_destroy(&q->done);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->lock);
		db_close(db);
		free(q);
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
	db_close(q->db);
	pthread_cond_destroy(&q->done);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->lock);
	free(q);
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

int submit_feedback(struct submit_queue *q, const struct feedback_ctx *ctx,
		    const struct feedback_input *in, struct feedback_receipt *out,
		    struct feedback_errors *errs)
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
