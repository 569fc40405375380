/*
 * audit.h - the append-only, keyed hash chain of the audit log.
 *
 * Every change in danvan (who, when, what, a before/after summary) is
 * appended here IN THE SAME TRANSACTION as the change itself: call
 * audit_append() between db_begin() and db_commit(); if the change rolls
 * back, so does its entry. Views of citizens' personal data are appended too
 * (action "view_contact").
 *
 * The chain. Each entry stores hash = keyed BLAKE2b-256 (libsodium
 * crypto_generichash with the 32-byte audit key) over the previous entry's
 * hash and a canonical encoding of this entry's fields (id, at, actor id,
 * actor name, address, action, object type, object id, summary): a domain
 * string, then every field as a type tag and, for text, its exact byte
 * length and bytes, so a NUL inside a field, a moved field boundary or NULL
 * versus "" all change the hash. The first entry chains from 32 zero bytes.
 * Editing, deleting, inserting or reordering any row breaks the chain from
 * that row on, and without the key nobody can compute a valid replacement.
 * Cutting entries off the end leaves the rest valid: print the head
 * (audit_head()) now and then, keep it somewhere else, and check against it
 * (audit_check() with an anchor).
 *
 * The key is not in the database. It lives in a file (danvan init creates
 * DIR/audit.key, mode 0600, 64 hex digits; audit_key_create() and
 * audit_key_load()) and is handed to this module once per process with
 * audit_set_key(), before any thread appends or checks. audit_append()
 * without a key fails (DB_ERROR, logged) rather than write an entry that
 * cannot be verified.
 *
 * Older logs. danvan before the key chained with plain (unkeyed) BLAKE2b,
 * domain "danvan-audit-v1". Such entries are accepted only as a prefix of
 * the log, and only when a keyed entry follows them: 'danvan init' checks
 * the old chain and appends a keyed "audit.seal" entry naming the old head
 * (audit_seal_legacy()). A log made only of unkeyed entries, or with an
 * unkeyed entry after a keyed one, is reported as broken, so recomputing
 * the chain with plain BLAKE2b does not pass either.
 */
#ifndef DANVAN_AUDIT_H
#define DANVAN_AUDIT_H

#include <stdint.h>
#include <stddef.h>

#include <jansson.h>

struct db;

#define AUDIT_KEY_BYTES 32
#define AUDIT_HASH_BYTES 32
/* "ID:" + 64 hex digits, ID up to 19 digits */
#define AUDIT_HEAD_CHARS (19 + 1 + 2 * AUDIT_HASH_BYTES)

struct audit_actor {
	int64_t account_id;  /* 0 for the system / command line */
	const char *name;    /* username, or "system", "cli:<user>", "citizen" */
	const char *addr;    /* client address, or NULL */
};

/* --- the key ------------------------------------------------------------- */

/* Use `key` (copied) for every later append and check in this process.
 * Call before starting threads; not thread-safe against concurrent use. */
void audit_set_key(const unsigned char key[AUDIT_KEY_BYTES]);
/* Forget the key (wiped). */
void audit_clear_key(void);
/* 1 when a key has been set. */
int audit_has_key(void);

/* audit_key_load() result when the file does not exist. */
#define AUDIT_KEY_MISSING (-2)

/*
 * Create a new random key in a new file `path` (never overwritten: fails
 * when it exists), mode 0600, written as 64 lower-case hex digits and a
 * newline and synced to disk. The key also goes to `key`. Returns 0, or -1
 * with a message in err.
 */
int audit_key_create(const char *path, unsigned char key[AUDIT_KEY_BYTES], char *err, size_t errlen);

/*
 * Read the key file `path` into `key`. Returns 0; AUDIT_KEY_MISSING when
 * there is no such file; -1 with a message in err when it cannot be read
 * or does not hold exactly 64 hex digits (surrounding white space allowed).
 * A file other users may read is accepted with a warning on stderr.
 */
int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_BYTES], char *err, size_t errlen);

/* --- appending ----------------------------------------------------------- */

/*
 * Append an entry. `action` is a stable verb such as "unit.create",
 * "unit.merge", "account.create", "role.grant", "session.login",
 * "feedback.assign", "view_contact". `summary` is a short JSON text (before
 * and after values) or NULL. The caller holds a write transaction
 * (BUG otherwise). Returns 0, or a negative db_rc (DB_ERROR also when no
 * key is set).
 */
int audit_append(struct db *db, const struct audit_actor *actor, const char *action,
		 const char *object_type, const char *object_id, const char *summary);

/* Many entries chained in their order, as n audit_append() would write
 * them (one actor, the time of the call), with multi-row statements: a
 * bulk load (app/feedback_demo.c). */
/* how audit_append_json() serialises a summary */
#define AUDIT_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)
struct audit_item {
	const char *action, *object_type, *object_id, *summary;
};
int audit_append_many(struct db *db, const struct audit_actor *actor, const struct audit_item *items, size_t n);

/*
 * The one writer of audit summaries: audit_append() with `summary`, a
 * jansson object (or NULL: no summary), serialised compact with its keys in
 * insertion order and UTF-8 kept as it is (not escaped to \uXXXX), e.g.
 * {"username":"hoa","disabled":[false,true]}. The summary is borrowed: the
 * caller still owns its reference. DB_ERROR when it cannot be serialised;
 * otherwise returns like audit_append().
 */
int audit_append_json(struct db *db, const struct audit_actor *actor, const char *action,
		      const char *object_type, const char *object_id, const json_t *summary);

/*
 * As audit_append_json(), but the summary is STOLEN (released here, on
 * failure too) and NULL means that building it failed (DB_ERROR), so a
 * json_pack() can be passed straight in:
 *   audit_append_json_new(db, actor, "role.grant", "role_grant", id,
 *                         json_pack("{s:s}", "role", role));
 */
int audit_append_json_new(struct db *db, const struct audit_actor *actor, const char *action,
			  const char *object_type, const char *object_id, json_t *summary);

/*
 * PostgreSQL only: n entries appended with one statement, chained one after
 * another in their order exactly as n calls of audit_append_json_new()
 * would (one read of the chain's head, the hashes computed here). Each
 * summary is STOLEN (all released here, on failure too); a NULL one fails
 * (DB_ERROR) and nothing is written. Returns like audit_append().
 */
struct audit_new {
	const struct audit_actor *actor;
	const char *action, *object_type, *object_id;
	json_t *summary;
};
int audit_append_many_json_new(struct db *db, struct audit_new *e, size_t n);

/* An integer object id as text, for the object_id argument. */
#define AUDIT_ID_CHARS 24
const char *audit_id(int64_t id, char buf[AUDIT_ID_CHARS]);

/* --- the head and checking ----------------------------------------------- */

/* The last entry: its id and stored hash (id 0 and zero bytes when the log
 * is empty). */
struct audit_head {
	int64_t id;
	unsigned char hash[AUDIT_HASH_BYTES];
};

/*
 * The current head. Checks that the last entry's own hash matches its
 * contents under the key (not the whole chain: see audit_check()).
 * Returns 0; 1 when it does not match (message in err); a negative db_rc.
 */
int audit_head(struct db *db, struct audit_head *out, char *err, size_t errlen);

/* Write a head as "ID:HEX" into out[AUDIT_HEAD_CHARS + 1]. */
void audit_head_format(const struct audit_head *h, char out[AUDIT_HEAD_CHARS + 1]);

/* Parse "ID:HEX" (64 hex digits, either case). 0, or -1 when malformed. */
int audit_head_parse(const char *s, struct audit_head *out);

struct audit_report {
	int64_t count;    /* entries checked */
	int64_t legacy;   /* of which unkeyed entries from before the key */
	int64_t bad_id;   /* broken: the first bad entry (or the missing anchored one) */
	char msg[256];    /* broken: "entry #ID: why"; database error: what failed */
};

/*
 * Walk the whole chain under the key. When `anchor` is not NULL and its id
 * is not 0, the entry anchor->id must exist and carry anchor->hash (so
 * cutting the tail, or rewriting the log up to and past the anchor, is
 * found). Returns 0 when intact; 1 when broken (r->bad_id, r->msg);
 * negative on a database error or when no key is set (r->msg).
 */
int audit_check(struct db *db, const struct audit_head *anchor, struct audit_report *r);

/* audit_check() without an anchor, in the older shape: *bad_id, *count and
 * the message in err. */
int audit_verify(struct db *db, int64_t *bad_id, int64_t *count, char *err, size_t errlen);

/*
 * Seal an unkeyed log from before the key (see above): in one transaction,
 * when the log is not empty and its last entry is not keyed, check the
 * chain (every entry must be a valid unkeyed one) and append a keyed
 * "audit.seal" entry by `actor` whose summary names the unkeyed head. Sets
 * *sealed to the number of unkeyed entries sealed (0 when there was nothing
 * to do). Returns 0; 1 when the chain is broken, nothing appended (message
 * in r); a negative db_rc.
 */
int audit_seal_legacy(struct db *db, const struct audit_actor *actor, int64_t *sealed,
		      struct audit_report *r);

/*
 * Check, without any key, whether the log is empty or made only of valid
 * unkeyed entries (what 'danvan init' asks before it creates a key for an
 * existing database). Returns 0 when so; 1 when not (a keyed log whose key
 * is missing, or a broken one: message in r); a negative db_rc.
 */
int audit_check_unkeyed(struct db *db, struct audit_report *r);

#endif
