/*
 * account.h - officer accounts in the database (table `accounts`).
 *
 * This is the SQL layer only: it stores what it is given. The rules (what a
 * valid username, display name or password is, hashing passwords, ending
 * sessions when an account is disabled) live in app/auth.h, which is what
 * the rest of danvan should call. Accounts are never deleted, only disabled,
 * because the audit log and the records refer to them.
 *
 * Writes: account_create(), account_set_password_hash() and
 * account_set_disabled() must be called inside a write transaction the
 * caller holds (db_begin()), and they append their own audit entry
 * ("account.create", "account.password_reset", "account.disable" /
 * "account.enable") to it through store/audit.h, so the change and its
 * record commit or roll back together. Calling them outside a transaction is
 * a BUG. Password hashes never appear in the audit log.
 *
 * Reads fill a `struct account` whose strings are copied into a caller's
 * arena (core/arena.h) and live as long as it; they return DB_NOTFOUND when
 * there is no such row and DB_ERROR when the arena is exhausted.
 *
 * Errors are the negative enum db_rc of store/db.h.
 */
#ifndef DANVAN_ACCOUNT_H
#define DANVAN_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

/* Enough for any libsodium crypto_pwhash_str() string (128 bytes). */
#define ACCOUNT_HASH_MAX 128

struct account {
	int64_t id;
	const char *username;      /* lower-case ASCII, 3-40 characters */
	const char *display_name;  /* NFC UTF-8, e.g. "Nguyễn Thị Hoà" */
	int disabled;              /* 0 or 1 */
	int64_t created_at;        /* UTC seconds */
	int64_t updated_at;
	int64_t password_changed_at;
};

/*
 * Insert an account (enabled) with the given already-validated username,
 * display name and crypto_pwhash_str() hash; created_at, updated_at and
 * password_changed_at are `now`. Stores the new id in *id when id is not
 * NULL. Returns DB_CONSTRAINT when the username is taken or breaks the
 * table's CHECK (callers check first, see auth_create_account()). Audited as
 * "account.create" with object_id the new id and the username and display
 * name in the summary.
 */
int account_create(struct db *db, const struct audit_actor *actor, const char *username,
		   const char *display_name, const char *password_hash, int64_t now, int64_t *id);

/* Fetch one account by id or by exact username. */
int account_get(struct db *db, int64_t id, struct arena *a, struct account *out);
int account_get_by_username(struct db *db, const char *username, struct arena *a,
			    struct account *out);

/*
 * For logging in: the account with this username and its password hash,
 * copied into hash[hashlen] (DB_ERROR if it does not fit; use
 * ACCOUNT_HASH_MAX). Disabled accounts are returned too (out->disabled), so
 * the caller can tell a right password on a disabled account from a wrong
 * one.
 */
int account_get_credentials(struct db *db, const char *username, struct arena *a,
			    struct account *out, char *hash, size_t hashlen);

/*
 * All accounts ordered by username, for the administration pages: an array
 * of *n accounts in the arena stored in *items (NULL when *n is 0).
 */
int account_list(struct db *db, struct arena *a, struct account **items, size_t *n);

/* Number of accounts (0 in a fresh database); negative on error. */
int64_t account_count(struct db *db);

/*
 * Replace the password hash; password_changed_at and updated_at become
 * `now`. Audited as "account.password_reset". DB_NOTFOUND when no such
 * account. Does not end sessions: auth_set_password() does both.
 */
int account_set_password_hash(struct db *db, const struct audit_actor *actor, int64_t id,
			      const char *password_hash, int64_t now);

/*
 * Enable (disabled 0) or disable (1) an account; updated_at becomes `now`.
 * Audited as "account.disable" / "account.enable" with the before and after
 * values, even when nothing changed. DB_NOTFOUND when no such account.
 * Does not end sessions: auth_set_disabled() does both.
 */
int account_set_disabled(struct db *db, const struct audit_actor *actor, int64_t id, int disabled,
			 int64_t now);

#endif
