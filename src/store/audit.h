/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * Every change in danvan (who, when, what, a before/after summary) is
 * appended here IN THE SAME TRANSACTION as the change itself: call
 * audit_append() between db_begin() and db_commit(); if the change rolls
 * back, so does its entry. Views of citizens' personal data are appended too
 * (action "view_contact").
 *
 * Each entry stores hash = BLAKE2b-256 (libsodium crypto_generichash) over the
 * previous entry's hash and a canonical encoding of this entry's fields (id,
 * at, actor id, actor name, address, action, object type, object id,
 * summary), so editing, deleting or reordering any row breaks the chain from
 * that row on. The first entry chains from 32 zero bytes.
 */
#ifndef DANVAN_AUDIT_H
#define DANVAN_AUDIT_H

#include <stdint.h>
#include <stddef.h>

struct db;

struct audit_actor {
	int64_t account_id;  /* 0 for the system / command line */
	const char *name;    /* username, or "system", "cli:<user>", "citizen" */
	const char *addr;    /* client address, or NULL */
};

/*
 * Append an entry. `action` is a stable verb such as "unit.create",
 * "unit.merge", "account.create", "role.grant", "session.login",
 * "feedback.assign", "view_contact". `summary` is a short JSON text (before
 * and after values) or NULL. The caller holds a write transaction
 * (BUG otherwise). Returns 0, or a negative db_rc.
 */
int audit_append(struct db *db, const struct audit_actor *actor, const char *action,
		 const char *object_type, const char *object_id, const char *summary);

/*
 * Walk the whole chain. Returns 0 when intact; 1 when broken, with *bad_id
 * set to the first entry whose stored hash or link does not match and a
 * message in err; negative on a database error. *count receives the number
 * of entries checked.
 */
int audit_verify(struct db *db, int64_t *bad_id, int64_t *count, char *err, size_t errlen);

#endif
