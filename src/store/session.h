/*
 * session.h - login sessions and API tokens in the database (table
 * `sessions`). (Failed logins are counted in store/throttle.h.)
 *
 * This is the SQL layer only; app/auth.h makes tokens, decides lifetimes and
 * throttling, and writes the audit entries ("session.login",
 * "session.logout", ...). Nothing here writes to the audit log.
 *
 * Tokens: the client holds a 256-bit random token; the database holds only
 * its 32-byte BLAKE2b hash (SESSION_HASH_BYTES), so every function here
 * takes the hash, never the token. Time is passed in (`now`, UTC seconds) so
 * tests can run a fake clock.
 *
 * Strings returned in a `struct session` are copied into the caller's arena
 * and live as long as it. Functions return 0 (DB_OK), DB_NOTFOUND where
 * documented, or another negative enum db_rc (store/db.h); DB_ERROR also
 * when the arena is exhausted. The write functions may run inside or outside
 * a transaction (outside, each statement commits on its own).
 */
#ifndef DANVAN_SESSION_H
#define DANVAN_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "store/account.h"

struct arena;
struct db;

#define SESSION_HASH_BYTES 32

enum session_kind {
	SESSION_WEB = 0,  /* cookie + CSRF token, idle and absolute expiry */
	SESSION_API = 1,  /* Bearer token, absolute expiry only */
};

struct session {
	int64_t id;
	enum session_kind kind;
	const char *csrf;       /* web: the session's CSRF token; api: NULL */
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;     /* absolute end */
	struct account account; /* the session's account (never disabled here) */
};

/*
 * Insert a session. `csrf` must be non-NULL for SESSION_WEB and NULL for
 * SESSION_API (DB_CONSTRAINT otherwise); `addr` and `user_agent` may be NULL
 * and are cut to at most 64 and 255 bytes, at a UTF-8 character boundary
 * (they are informational). created_at and last_seen_at are `now`. The new
 * id goes to *id when id is not NULL. DB_CONSTRAINT also when the hash is
 * already used or the account does not exist.
 */
int session_insert(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t account_id,
		   enum session_kind kind, const char *csrf, int64_t now, int64_t expires_at,
		   const char *addr, const char *user_agent, int64_t *id);

/*
 * The live session with this token hash, joined with its account, in one
 * indexed lookup. DB_NOTFOUND when there is none, or it has passed its
 * expires_at (expires_at <= now), or it is a web session idle since
 * `idle_seconds` or longer (last_seen_at <= now - idle_seconds), or its
 * account is disabled.
 */
int session_find(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t now,
		 int64_t idle_seconds, struct arena *a, struct session *out);

/* Set last_seen_at = now (the caller does it only when it is stale, see
 * auth_session_from_token()). DB_NOTFOUND when the session is gone. */
int session_touch(struct db *db, int64_t id, int64_t now);

/* Delete the session with this token hash, live or not; its id and its
 * account's id go to *id and *account_id when not NULL. DB_NOTFOUND when
 * there is none. */
int session_delete(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t *id,
		   int64_t *account_id);

/* Delete every session and token of an account (when it is disabled or its
 * password is reset); the number deleted goes to *n when not NULL. */
int session_delete_account(struct db *db, int64_t account_id, int64_t *n);

/* Number of live sessions of an account (same rules as session_find()). */
int64_t session_count_account(struct db *db, int64_t account_id, int64_t now, int64_t idle_seconds);

/*
 * Housekeeping: delete sessions that session_find() would refuse for time
 * reasons (absolute or idle expiry). The number deleted goes to *n when not
 * NULL. Not audited (nothing a person did).
 */
int session_purge_expired(struct db *db, int64_t now, int64_t idle_seconds, int64_t *n);

#endif
