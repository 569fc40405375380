/*
 * auth.h - officer authentication: passwords, accounts, login sessions, API
 * tokens, CSRF tokens and login throttling. The web and API layers call
 * these; nothing above app/ touches store/account.h or store/session.h
 * directly for writes.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
 * INTERACTIVE limits: about 64 MiB and a fraction of a second per hash, so
 * the HTTP layer should not run many logins at once). Before hashing or
 * checking, a password is normalised to NFC, so the same password typed on
 * keyboards that compose Vietnamese differently still matches. Test builds
 * (compiled with DANVAN_TESTING, i.e. build/asan) honour the environment
 * variable DANVAN_PWHASH_FAST=1, which uses the MIN limits instead so test
 * suites stay fast; release builds ignore it. Checking always uses the
 * parameters stored in the hash.
 *
 * Tokens: a session or API token is 256 random bits given to the client as
 * 43 base64url characters (no padding); the database keeps only its
 * BLAKE2b-256 hash. Web sessions also get a CSRF token of the same form.
 * Lifetimes (constants below): a web session ends after AUTH_WEB_IDLE_SECONDS
 * without a request or AUTH_WEB_LIFETIME_SECONDS after login, whichever
 * comes first; an API token ends AUTH_API_LIFETIME_SECONDS after it was
 * issued and has no idle expiry (scripts may run monthly). Disabling an
 * account or resetting its password ends all its sessions and tokens.
 *
 * Throttling (in the database, shared by every server on it; see
 * docs/security.md). A failed
 * password is counted three ways: for the address, for the (username,
 * address) pair and for the username. Addresses are counted as the HTTP
 * layer gives them (req->client: the peer, or the last X-Forwarded-For
 * entry with --trust-proxy); IPv6 addresses by their /64.
 *  - AUTH_ADDR_FAILURES failures from one address within AUTH_FAILURE_WINDOW
 *    seconds refuse every login from it until AUTH_LOCKOUT_SECONDS after
 *    the last one;
 *  - AUTH_PAIR_FAILURES failures for one username from one address refuse
 *    that username from that address, the same way. Other addresses are
 *    not affected, so a stranger cannot lock an officer out;
 *  - an account that has failed AUTH_ACCOUNT_SLOW times or more (from any
 *    addresses, counted until it has been quiet for AUTH_FAILURE_WINDOW)
 *    is under attack: an address that has itself failed on it within
 *    AUTH_FAILURE_WINDOW must then wait auth_throttle_slow_delay(failures)
 *    after the account's last failure (1 s, doubling with every failure, at
 *    most AUTH_LOCKOUT_SECONDS). An address with no recent failure on the
 *    account is never refused by this rule, so its owner's right password
 *    from a clean address always works, while an attacker gets about one
 *    guess per fresh address.
 * An allowed attempt is counted as a failure before its password is checked
 * (and taken back when the password is right), so attempts sent in
 * parallel cannot all slip in before the first failure is counted.
 * A refused attempt is not checked, counted nor written anywhere, so an
 * attacker cannot grow the database or the audit log by hammering;
 * auth_login() answers APP_RATE_LIMITED with the seconds to wait (the HTTP
 * layer answers 429 with Retry-After). A successful login forgets the
 * pair's failures. Well-formed usernames without an account are counted
 * like real ones and cost the same time to check, so neither reveals which
 * accounts exist; malformed ones count only against the address. The
 * counters are rows of login_throttle (store/throttle.h), one per address,
 * (username, address) pair and username, named by a hash of them; an
 * attempt is checked and counted in one write transaction, so several
 * servers on one database count together and a login throttled on one is
 * throttled on all. Counters survive a restart; a counter quiet for
 * AUTH_FAILURE_WINDOW + AUTH_LOCKOUT_SECONDS is forgotten, and deleted by
 * auth_purge_expired(), so the table holds only recent attackers (each
 * counted failure cost them an argon2 check).
 *
 * Time: every function that needs the clock takes `now` (UTC seconds; pass
 * time(NULL)), so tests can run a fake clock. Audit entries carry the real
 * time of writing.
 *
 * Audit: every change is audited in the same transaction: "account.create",
 * "account.password_reset", "account.disable"/"account.enable" (through
 * store/account.h), "session.login", "session.login_failed" (without the
 * password; with the username only when it is a well-formed one),
 * "session.logout". Passwords and tokens are never logged or audited.
 *
 * Text in and out is UTF-8. Results are the outcomes of app/result.h:
 * APP_OK; APP_VALIDATION for input the person must fix, with field
 * messages (static Vietnamese sentences with full diacritics, ready to show
 * next to the form field, under "username", "display_name", "password") in
 * the struct app_errors given; APP_NOT_FOUND where documented; APP_ERROR
 * for database failures (logged). Functions that open their own
 * transaction roll it back on any failure, so nothing half-done remains.
 * The account functions take the caller's struct app_ctx (app/ctx.h):
 * ctx->db, ctx->actor (who acts, for the audit log) and ctx->now.
 */
#ifndef DANVAN_AUTH_H
#define DANVAN_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"
#include "store/account.h"
#include "store/session.h"

struct arena;
struct audit_actor;
struct db;

#define AUTH_WEB_IDLE_SECONDS (30 * 60)
#define AUTH_WEB_LIFETIME_SECONDS (12 * 3600)
#define AUTH_API_LIFETIME_SECONDS (90 * 86400)
/* A session's last_seen_at is written at most once per this many seconds. */
#define AUTH_TOUCH_SECONDS 60

#define AUTH_PAIR_FAILURES 5           /* one username from one address */
#define AUTH_ADDR_FAILURES 20          /* one address, any usernames */
#define AUTH_ACCOUNT_SLOW 10           /* one username, any addresses: slow down */
#define AUTH_FAILURE_WINDOW (15 * 60)
#define AUTH_LOCKOUT_SECONDS (15 * 60)

#define AUTH_TOKEN_CHARS 43        /* base64url of 32 bytes, no padding */
#define AUTH_USERNAME_MIN 3
#define AUTH_USERNAME_MAX 40
#define AUTH_PASSWORD_MIN 10       /* characters (Unicode code points) */
#define AUTH_PASSWORD_MAX 256      /* characters */
#define AUTH_DISPLAY_NAME_MAX 100  /* characters */

/* What auth_login() hands back. Wipe it (sodium_memzero) when done. */
struct auth_session {
	char token[AUTH_TOKEN_CHARS + 1];  /* the session cookie / Bearer token */
	char csrf[AUTH_TOKEN_CHARS + 1];   /* web: the CSRF token; api: "" */
	int64_t session_id;
	int64_t account_id;
	int64_t expires_at;                /* absolute end (UTC seconds) */
	int64_t retry_after;               /* APP_RATE_LIMITED: seconds to wait (>= 1) */
};

/* --- passwords ----------------------------------------------------------- */

/*
 * Hash a password (NFC-normalised first) into out[ACCOUNT_HASH_MAX] as a
 * crypto_pwhash_str() string. Does not check the password rules (see
 * auth_check_password()). Returns 0, or -1 when the password is not valid
 * UTF-8, is longer than 4 * AUTH_PASSWORD_MAX bytes, or hashing fails (out
 * of memory).
 */
int auth_hash_password(const char *password, char out[ACCOUNT_HASH_MAX]);

/* 0 when `password` matches `hash`, -1 otherwise (also for a malformed
 * hash, or a password over 4 * AUTH_PASSWORD_MAX bytes, refused at once).
 * Takes the time the hash's parameters ask for. */
int auth_verify_password(const char *hash, const char *password);

/* --- validation ---------------------------------------------------------- */

/* 1 when u is a well-formed username (lower-case ASCII letters, digits,
 * '.', '_', '-', AUTH_USERNAME_MIN..AUTH_USERNAME_MAX bytes), else 0. */
int auth_username_valid(const char *u);

/*
 * Check a new password against the rules (valid UTF-8, AUTH_PASSWORD_MIN to
 * AUTH_PASSWORD_MAX characters, not the username itself when `username` is
 * not NULL). Returns APP_OK, or APP_VALIDATION with a "password" message
 * added to errs (e.g. "Mật khẩu cần ít nhất 10 ký tự").
 */
int auth_check_password(const char *password, const char *username, struct app_errors *errs);

/* --- accounts ------------------------------------------------------------ */

/*
 * Create an enabled account after checking every field; all problems are
 * reported at once in *errs (cleared first). The username is folded to
 * lower case (ASCII) before checking, so "NguyenVanA" becomes "nguyenvana";
 * the display name is trimmed of surrounding white space and normalised to
 * NFC. Returns APP_OK with the new id in *id (when not NULL);
 * APP_VALIDATION with messages in *errs (the username is taken ("Tên đăng
 * nhập đã được dùng"), malformed, the password too short, ...) and nothing
 * written; or APP_ERROR. auth_create_account() runs its own transaction;
 * auth_create_account_in_tx() runs inside one the caller holds (so a first
 * role grant can commit with it): on APP_VALIDATION it has written nothing,
 * on APP_ERROR the caller must roll back.
 */
int auth_create_account(const struct app_ctx *ctx, const char *username, const char *display_name,
			const char *password, struct app_errors *errs, int64_t *id);
int auth_create_account_in_tx(const struct app_ctx *ctx, const char *username, const char *display_name,
			      const char *password, struct app_errors *errs, int64_t *id);

/*
 * Set a new password for an account (an administrator's reset) and end all
 * its sessions and API tokens, in one transaction. Returns APP_OK,
 * APP_VALIDATION (a "password" message in errs), APP_NOT_FOUND (no such
 * account) or APP_ERROR.
 */
int auth_set_password(const struct app_ctx *ctx, int64_t account_id, const char *password,
		      struct app_errors *errs);

/*
 * Disable (1) or enable (0) an account, in one transaction; disabling also
 * ends all its sessions and API tokens. Returns APP_OK, APP_NOT_FOUND or
 * APP_ERROR.
 */
int auth_set_disabled(const struct app_ctx *ctx, int64_t account_id, int disabled);

/* --- sessions ------------------------------------------------------------ */

/*
 * Log in: check throttling, then the username (folded to lower case) and
 * password, then create a web session or an API token for the account.
 * `addr` (client address) and `user_agent` may be NULL. Returns APP_OK
 * (*out has the plaintext token, and the CSRF token for SESSION_WEB);
 * APP_UNAUTHENTICATED for an unknown username or a wrong password;
 * APP_FORBIDDEN for the right password of a disabled account;
 * APP_RATE_LIMITED when throttled, refused without checking
 * (out->retry_after); APP_ERROR. *out is zeroed first in every case.
 * Failures of the password are recorded for throttling and audited.
 */
int auth_login(struct db *db, const char *username, const char *password, const char *addr,
	       const char *user_agent, enum session_kind kind, int64_t now, struct auth_session *out);

/*
 * The live session for a token sent by a client (cookie or Bearer), with
 * its account, strings in arena `a`. One indexed lookup; when the session's
 * last_seen_at is AUTH_TOUCH_SECONDS old or more it is updated to `now`
 * (one small write, at most once a minute per session; a failure to write
 * it is logged and ignored). Returns APP_OK, APP_NOT_FOUND (malformed,
 * unknown, expired or idle token, or disabled account), or APP_ERROR.
 */
int auth_session_from_token(struct db *db, const char *token, int64_t now, struct arena *a,
			    struct session *out);

/*
 * End the session or API token `token` (log out / DELETE
 * /api/v1/tokens/current), audited as "session.logout" with `addr`.
 * Returns APP_OK, APP_NOT_FOUND (no such session: already ended) or
 * APP_ERROR.
 */
int auth_logout(struct db *db, const char *token, const char *addr);

/*
 * Compare the CSRF token a form sent with the session's, in constant time.
 * Returns 0 when they match; -1 when they differ, either is missing, or the
 * session is an API session (which has none: API requests authenticate with
 * a Bearer header, which a browser never sends by itself).
 */
int auth_csrf_check(const struct session *s, const char *token);

/* The audit actor for requests made in a session (name and id of its
 * account, the given client address). */
void auth_actor(const struct session *s, const char *addr, struct audit_actor *out);

/*
 * Delete expired and idle sessions, and stale throttling counters (the
 * server calls it now and then). The number of sessions removed goes to *n
 * when not NULL. Returns APP_OK or APP_ERROR.
 */
int auth_purge_expired(struct db *db, int64_t now, int64_t *n);

/* --- throttling ---------------------------------------------------------- */

/* The delay an account with `failures` recent failures imposes on the
 * addresses that failed on it: 0 below AUTH_ACCOUNT_SLOW, then 1, 2, 4, ...
 * seconds, at most AUTH_LOCKOUT_SECONDS. */
int64_t auth_throttle_slow_delay(uint32_t failures);

/*
 * The seconds a login for `username` from `addr` (either may be NULL) must
 * wait at `now` by the rules above, 0 when allowed. Reads only. Returns
 * APP_OK, or APP_ERROR (*retry_after 0) when the database fails.
 */
int auth_throttle_check(struct db *db, const char *username, const char *addr, int64_t now,
			int64_t *retry_after);

#endif
