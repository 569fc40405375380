/*
 * answer.h - structured answers of any domain (table `answers`): a draft
 * with an outcome, the text, its legal basis and the next steps, then
 * approved and published by a leader. Feedback answers (owner kind
 * "feedback") are the first user; consultation replies reuse it with their
 * own owner kind. An owner may have several answers (every redraft is a
 * new row); the latest is the current draft, the latest published one is
 * what the public sees.
 *
 * The owner is (owner_kind, owner_id): owner_kind a short constant of the
 * domain (1..32 bytes, e.g. "feedback"), never text from a client;
 * owner_id the record's id in its domain. No foreign key ties an answer to
 * its owner: the domain loads the owner in the transaction that writes the
 * answer. `result` is the domain's outcome name (feedback:
 * feedback_result_name()); the domain validates it, the schema checks
 * feedback's four values.
 *
 * Ownership: reads copy strings into the caller's arena. Writes must run
 * inside a transaction the caller holds (a BUG otherwise), together with
 * the domain's timeline event and audit entry. Errors: DB_OK (0) or a
 * negative enum db_rc (store/db.h): DB_NOTFOUND when there is no such
 * answer, DB_CONSTRAINT when the database refuses a value (a CHECK),
 * DB_ERROR otherwise (also when an arena allocation fails).
 */
#ifndef DANVAN_STORE_ANSWER_H
#define DANVAN_STORE_ANSWER_H

#include <stdint.h>

struct arena;
struct db;

#define ANSWER_OWNER_KIND_MAX 32      /* bytes of an owner kind */

struct answer {
	int64_t id;
	const char *owner_kind;             /* the domain: "feedback", ... */
	int64_t owner_id;
	int64_t unit_id;                    /* the answering unit; 0 when none */
	const char *unit_code, *unit_name;  /* joined (reads); NULL when no unit */
	const char *result;                 /* the domain's outcome name */
	const char *basis;                  /* law or decision; NULL when none */
	const char *next_steps;             /* NULL when none */
	const char *text;
	int64_t drafted_by, drafted_at;     /* drafted_by 0: nobody signed in */
	int64_t approved_by, published_at;  /* 0 while a draft */
};

/* Insert an answer as given (a draft when published_at is 0; demo data may
 * insert a published one). *id receives the new id (may be NULL). */
int answer_insert(struct db *db, const struct answer *ans, int64_t *id);

/* The latest answer of an owner; with published_only the latest published
 * one. DB_NOTFOUND when there is none. */
int answer_latest(struct db *db, const char *owner_kind, int64_t owner_id, int published_only,
		  struct arena *a, struct answer *out);

/* Approve and publish the latest answer of an owner, when it is still a
 * draft: stamps approved_by (0: nobody) and published_at = at; *out
 * receives the published answer (read in the same transaction; may be
 * NULL). DB_NOTFOUND when the owner has no answer or its latest one is
 * already published. */
int answer_publish_latest(struct db *db, const char *owner_kind, int64_t owner_id, int64_t approved_by,
			  int64_t at, struct arena *a, struct answer *out);

/* Approve and publish one answer of an owner by its id (a draft or not).
 * DB_NOTFOUND when the owner has no answer with that id. */
int answer_publish(struct db *db, const char *owner_kind, int64_t owner_id, int64_t answer_id,
		   int64_t approved_by, int64_t at);

#endif
