/*
 * auth.c - officer authentication (app/auth.h): argon2id passwords, account
 * rules with Vietnamese field messages, random session/API/CSRF tokens
 * stored by hash, all audited in the same transaction, and login throttling
 * in a bounded table in memory.
 */
#include "auth.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "core/xalloc.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/throttle.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <sodium.h>
#include <utf8proc.h>

#define RAW_TOKEN_BYTES 32
/* Longer input is refused before any work: AUTH_PASSWORD_MAX characters of
 * up to 4 bytes. */
#define PASSWORD_BYTES_MAX (AUTH_PASSWORD_MAX * 4)

#define MSG_USERNAME_EMPTY "Cần nhập tên đăng nhập"
#define MSG_USERNAME_RULE "Tên đăng nhập cần từ 3 đến 40 ký tự, chỉ gồm chữ thường không dấu (a–z), " \
			  "chữ số, dấu chấm, dấu gạch dưới hoặc dấu gạch ngang"
#define MSG_USERNAME_TAKEN "Tên đăng nhập đã được dùng"
#define MSG_NAME_EMPTY "Cần nhập họ và tên"
#define MSG_NAME_BAD "Họ và tên có ký tự không hợp lệ"
#define MSG_NAME_LONG "Họ và tên dài quá 100 ký tự"
#define MSG_PASSWORD_SHORT "Mật khẩu cần ít nhất 10 ký tự"
#define MSG_PASSWORD_LONG "Mật khẩu dài quá 256 ký tự"
#define MSG_PASSWORD_BAD "Mật khẩu có ký tự không hợp lệ"
#define MSG_PASSWORD_USERNAME "Mật khẩu không được trùng với tên đăng nhập"

static void need_sodium(void)
{
	if (sodium_init() < 0)
		BUG("libsodium cannot start");
}

/* --- text helpers -------------------------------------------------------- */

/* A malloc'd NFC copy of s; NULL when s is not valid UTF-8, longer than
 * PASSWORD_BYTES_MAX (only passwords come here), or there is no memory. */
static char *password_nfc(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strnlen(s, PASSWORD_BYTES_MAX + 1);
	if (n > PASSWORD_BYTES_MAX || !utf8_valid(s, n))
		return NULL;
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

static void free_secret(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

/* ASCII-fold a username into out[AUTH_USERNAME_MAX + 1]; -1 when too long. */
static int fold_username(const char *in, char out[AUTH_USERNAME_MAX + 1])
{
	size_t i = 0;
	for (; in[i]; i++) {
		if (i >= AUTH_USERNAME_MAX)
			return -1;
		char c = in[i];
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[i] = '\0';
	return 0;
}

int auth_username_valid(const char *u)
{
	size_t n = 0;
	for (; u[n]; n++) {
		char c = u[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return n >= AUTH_USERNAME_MIN && n <= AUTH_USERNAME_MAX;
}

/*
 * Clean a display name as all stored text is cleaned (core/vntext.h: NFC,
 * controls removed, spaces collapsed and trimmed) and check its length.
 * Returns the clean copy in arena `a`, or NULL with *msg set.
 */
static const char *clean_display_name(struct arena *a, const char *in, const char **msg)
{
	char *out = NULL;
	*msg = NULL;
	int rc = vntext_clean(a, in ? in : "", in ? strlen(in) : 0, VNTEXT_SINGLELINE, &out, NULL);
	if (rc == VNTEXT_INVALID_UTF8)
		*msg = MSG_NAME_BAD;
	else if (rc < 0)
		return NULL; /* out of memory: the caller answers DB_ERROR */
	else if (!*out)
		*msg = MSG_NAME_EMPTY;
	else if (vntext_check_length(out, strlen(out), 1, AUTH_DISPLAY_NAME_MAX) != VNTEXT_OK)
		*msg = MSG_NAME_LONG;
	return *msg ? NULL : out;
}

/* --- passwords ----------------------------------------------------------- */

static void pwhash_limits(unsigned long long *ops, size_t *mem)
{
	*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
#ifdef DANVAN_TESTING
	const char *fast = getenv("DANVAN_PWHASH_FAST");
	if (fast && !strcmp(fast, "1")) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	}
#endif
}

int auth_hash_password(const char *password, char out[ACCOUNT_HASH_MAX])
{
	need_sodium();
	out[0] = '\0';
	char *p = password_nfc(password);
	if (!p)
		return -1;
	unsigned long long ops;
	size_t mem;
	pwhash_limits(&ops, &mem);
	char buf[crypto_pwhash_STRBYTES];
	int rc = crypto_pwhash_str(buf, p, strlen(p), ops, mem);
	free_secret(p);
	if (rc != 0 || strlen(buf) >= ACCOUNT_HASH_MAX)
		return -1;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

int auth_verify_password(const char *hash, const char *password)
{
	need_sodium();
	if (!hash || !*hash)
		return -1;
	char *p = password_nfc(password);
	if (!p)
		return -1;
	int rc = crypto_pwhash_str_verify(hash, p, strlen(p));
	free_secret(p);
	return rc == 0 ? 0 : -1;
}

/* A hash nobody's password matches, checked for unknown usernames so that
 * they take as long as known ones. */
static char dummy_hash[ACCOUNT_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	unsigned char r[16];
	char pw[sizeof(r) * 2 + 1];
	need_sodium();
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
	if (auth_hash_password(pw, dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

int auth_check_password(const char *password, const char *username, struct app_errors *errs)
{
	char *p = password_nfc(password ? password : "");
	const char *msg = NULL;
	if (!p && password && strnlen(password, PASSWORD_BYTES_MAX + 1) > PASSWORD_BYTES_MAX)
		msg = MSG_PASSWORD_LONG;
	else if (!p)
		msg = MSG_PASSWORD_BAD;
	else if (vntext_codepoints(p, strlen(p)) < AUTH_PASSWORD_MIN)
		msg = MSG_PASSWORD_SHORT;
	else if (vntext_codepoints(p, strlen(p)) > AUTH_PASSWORD_MAX)
		msg = MSG_PASSWORD_LONG;
	else if (username && !strcmp(p, username))
		msg = MSG_PASSWORD_USERNAME;
	free_secret(p);
	if (msg) {
		app_errors_add(errs, "password", msg);
		return APP_VALIDATION;
	}
	return APP_OK;
}

/* --- accounts ------------------------------------------------------------ */

/* 1 when the username is taken, 0 when free, negative on error. */
static int username_taken(struct db *db, const char *u)
{
	struct arena a;
	struct account acc;
	arena_init(&a, 512);
	int rc = account_get_by_username(db, u, &a, &acc);
	arena_release(&a);
	if (rc == DB_NOTFOUND)
		return 0;
	return rc < 0 ? rc : 1;
}

/* A store result as an outcome: DB_NOTFOUND is APP_NOT_FOUND, any other
 * failure APP_ERROR. */
static int app_of(int rc)
{
	return rc == DB_NOTFOUND ? APP_NOT_FOUND : rc < 0 ? APP_ERROR : APP_OK;
}

/*
 * Everything auth_create_account*() checks before writing: fills errs,
 * folds the username into user and puts the clean display name (in arena
 * a) in *name. Returns APP_OK, APP_VALIDATION or APP_ERROR.
 */
static int check_account(struct db *db, struct arena *a, const char *username,
			 const char *display_name, const char *password, struct app_errors *errs,
			 char user[AUTH_USERNAME_MAX + 1], const char **name)
{
	const char *bad_user = NULL, *bad_name = NULL;
	int bad = 0;
	app_errors_clear(errs);
	user[0] = '\0';
	if (!username || !*username)
		bad_user = MSG_USERNAME_EMPTY;
	else if (fold_username(username, user) < 0 || !auth_username_valid(user))
		bad_user = MSG_USERNAME_RULE;
	*name = clean_display_name(a, display_name, &bad_name);
	if (!*name && !bad_name)
		return APP_ERROR;
	if (!bad_user) {
		int t = username_taken(db, user);
		if (t < 0)
			return APP_ERROR;
		if (t)
			bad_user = MSG_USERNAME_TAKEN;
	}
	if (bad_user) {
		app_errors_add(errs, "username", bad_user);
		bad = 1;
	}
	if (bad_name) {
		app_errors_add(errs, "display_name", bad_name);
		bad = 1;
	}
	if (auth_check_password(password, bad_user ? NULL : user, errs) != APP_OK)
		bad = 1;
	return bad ? APP_VALIDATION : APP_OK;
}

/* The insert itself, inside a transaction; a lost race on the username is
 * APP_VALIDATION like a taken one. */
static int insert_account(const struct app_ctx *ctx, const char *user, const char *name, const char *hash,
			  struct app_errors *errs, int64_t *id)
{
	int t = username_taken(ctx->db, user);
	if (t < 0)
		return APP_ERROR;
	int rc = t ? DB_CONSTRAINT : account_create(ctx->db, ctx->actor, user, name, hash, ctx->now, id);
	if (rc == DB_CONSTRAINT) {
		app_errors_add(errs, "username", MSG_USERNAME_TAKEN);
		return APP_VALIDATION;
	}
	return app_of(rc);
}

/* Check and hash a new account (before any transaction: hashing takes a
 * while); the folded username into user, the hash into hash. */
static int prepare_account(const struct app_ctx *ctx, struct arena *a, const char *username,
			   const char *display_name, const char *password, struct app_errors *errs,
			   char user[AUTH_USERNAME_MAX + 1], const char **name, char hash[ACCOUNT_HASH_MAX])
{
	hash[0] = '\0';
	int rc = check_account(ctx->db, a, username, display_name, password, errs, user, name);
	if (rc == APP_OK && auth_hash_password(password, hash) < 0)
		rc = APP_ERROR;
	return rc;
}

/* The account in the caller's transaction (own_tx 0) or in one of its own. */
static int create_account(const struct app_ctx *ctx, const char *username, const char *display_name,
			  const char *password, struct app_errors *errs, int64_t *id, int own_tx)
{
	char user[AUTH_USERNAME_MAX + 1];
	char hash[ACCOUNT_HASH_MAX];
	const char *name = NULL;
	struct arena a;
	arena_init(&a, 1024);
	int rc = prepare_account(ctx, &a, username, display_name, password, errs, user, &name, hash);
	if (rc == APP_OK && own_tx && db_begin(ctx->db) < 0)
		rc = APP_ERROR;
	else if (rc == APP_OK) {
		rc = insert_account(ctx, user, name, hash, errs, id);
		if (own_tx && rc == APP_OK && db_commit(ctx->db) < 0)
			rc = APP_ERROR;
		if (own_tx && rc != APP_OK)
			db_rollback(ctx->db);
	}
	arena_release(&a);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int auth_create_account_in_tx(const struct app_ctx *ctx, const char *username, const char *display_name,
			      const char *password, struct app_errors *errs, int64_t *id)
{
	return create_account(ctx, username, display_name, password, errs, id, 0);
}

int auth_create_account(const struct app_ctx *ctx, const char *username, const char *display_name,
			const char *password, struct app_errors *errs, int64_t *id)
{
	return create_account(ctx, username, display_name, password, errs, id, 1);
}

/* Run the account change `fn` and end the account's sessions, in one
 * transaction. */
static int change_and_end_sessions(const struct app_ctx *ctx, int64_t account_id, int end_sessions,
				   int (*fn)(const struct app_ctx *, int64_t, const void *), const void *arg)
{
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int rc = fn(ctx, account_id, arg);
	if (rc == DB_OK && end_sessions)
		rc = session_delete_account(ctx->db, account_id, NULL);
	if (rc == DB_OK)
		rc = db_commit(ctx->db);
	if (rc < 0)
		db_rollback(ctx->db);
	return app_of(rc);
}

static int write_hash(const struct app_ctx *ctx, int64_t account_id, const void *hash)
{
	return account_set_password_hash(ctx->db, ctx->actor, account_id, hash, ctx->now);
}

static int write_disabled(const struct app_ctx *ctx, int64_t account_id, const void *disabled)
{
	return account_set_disabled(ctx->db, ctx->actor, account_id, *(const int *)disabled, ctx->now);
}

int auth_set_password(const struct app_ctx *ctx, int64_t account_id, const char *password,
		      struct app_errors *errs)
{
	struct arena a;
	struct account acc;
	char hash[ACCOUNT_HASH_MAX];
	app_errors_clear(errs);
	hash[0] = '\0';
	arena_init(&a, 512);
	int rc = app_of(account_get(ctx->db, account_id, &a, &acc));
	if (rc == APP_OK)
		rc = auth_check_password(password, acc.username, errs);
	if (rc == APP_OK && auth_hash_password(password, hash) < 0)
		rc = APP_ERROR;
	if (rc == APP_OK)
		rc = change_and_end_sessions(ctx, account_id, 1, write_hash, hash);
	sodium_memzero(hash, sizeof(hash));
	arena_release(&a);
	return rc;
}

int auth_set_disabled(const struct app_ctx *ctx, int64_t account_id, int disabled)
{
	return change_and_end_sessions(ctx, account_id, disabled, write_disabled, &disabled);
}

/* --- tokens -------------------------------------------------------------- */

static void token_hash(const unsigned char raw[RAW_TOKEN_BYTES], unsigned char out[SESSION_HASH_BYTES])
{
	crypto_generichash(out, SESSION_HASH_BYTES, raw, RAW_TOKEN_BYTES, NULL, 0);
}

/* New random token: its text in text[AUTH_TOKEN_CHARS + 1], its raw bytes in raw. */
static void token_new(char text[AUTH_TOKEN_CHARS + 1], unsigned char raw[RAW_TOKEN_BYTES])
{
	randombytes_buf(raw, RAW_TOKEN_BYTES);
	sodium_bin2base64(text, AUTH_TOKEN_CHARS + 1, raw, RAW_TOKEN_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int token_decode(const char *token, unsigned char raw[RAW_TOKEN_BYTES])
{
	if (!token || strnlen(token, AUTH_TOKEN_CHARS + 1) != AUTH_TOKEN_CHARS)
		return -1;
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(raw, RAW_TOKEN_BYTES, token, AUTH_TOKEN_CHARS, NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	return len == RAW_TOKEN_BYTES && end == token + AUTH_TOKEN_CHARS ? 0 : -1;
}

/* The hash the database keeps of a token a client sent: 0, or -1 when the
 * token is malformed. */
static int token_stored_hash(const char *token, unsigned char hash[SESSION_HASH_BYTES])
{
	unsigned char raw[RAW_TOKEN_BYTES];
	need_sodium();
	if (token_decode(token, raw) < 0)
		return -1;
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

/* --- throttling ---------------------------------------------------------- */

/*
 * The counters are rows of login_throttle (store/throttle.h), shared by
 * every server on the database. A counter is named by the BLAKE2b-128 of
 * its kind and strings, so the table holds no address or typed username in
 * clear. A counter silently expires STALE_SECONDS after its last failure
 * (it is then read as none, and deleted by auth_purge_expired()).
 */
#define STALE_SECONDS (AUTH_FAILURE_WINDOW + AUTH_LOCKOUT_SECONDS)

enum slot_kind { SLOT_ADDR = 'a', SLOT_PAIR = 'p', SLOT_ACCOUNT = 'u' };

static void slot_key(enum slot_kind kind, const char *a, const char *b, unsigned char out[THROTTLE_KEY_BYTES])
{
	crypto_generichash_state h;
	unsigned char k = (unsigned char)kind, zero = 0;
	need_sodium();
	crypto_generichash_init(&h, NULL, 0, THROTTLE_KEY_BYTES);
	crypto_generichash_update(&h, &k, 1);
	crypto_generichash_update(&h, (const unsigned char *)a, strlen(a));
	crypto_generichash_update(&h, &zero, 1);
	if (b)
		crypto_generichash_update(&h, (const unsigned char *)b, strlen(b));
	crypto_generichash_final(&h, out, THROTTLE_KEY_BYTES);
}

/* The live counter (zeroed when there is none or it is stale). */
static int slot_get(struct db *db, enum slot_kind kind, const char *a, const char *b, int64_t now,
		    struct throttle_row *out)
{
	unsigned char key[THROTTLE_KEY_BYTES];
	slot_key(kind, a, b, key);
	int rc = throttle_get(db, key, out);
	if (rc == DB_NOTFOUND || (rc == 0 && (now - out->last_at >= STALE_SECONDS || now < out->first_at))) {
		memset(out, 0, sizeof(*out));
		rc = 0;
	}
	return rc;
}

/*
 * Count a failure. Address and (account, address) counters count failures
 * within AUTH_FAILURE_WINDOW of the first one; an account's counter counts
 * until it has been quiet for AUTH_FAILURE_WINDOW.
 */
static int slot_fail(struct db *db, enum slot_kind kind, const char *a, const char *b, int64_t now)
{
	unsigned char key[THROTTLE_KEY_BYTES];
	slot_key(kind, a, b, key);
	return throttle_fail(db, key, now, AUTH_FAILURE_WINDOW, kind == SLOT_ACCOUNT, STALE_SECONDS);
}

int64_t auth_throttle_slow_delay(uint32_t failures)
{
	if (failures < AUTH_ACCOUNT_SLOW)
		return 0;
	uint32_t step = failures - AUTH_ACCOUNT_SLOW;
	if (step >= 20)
		return AUTH_LOCKOUT_SECONDS;
	int64_t d = (int64_t)1 << step;
	return d < AUTH_LOCKOUT_SECONDS ? d : AUTH_LOCKOUT_SECONDS;
}

/*
 * The address as throttling counts it: an IPv6 address by its /64 (what
 * one subscriber usually holds), an IPv4 or IPv4-mapped one as it is.
 */
static void addr_key(const char *addr, char out[INET6_ADDRSTRLEN])
{
	unsigned char b[sizeof(struct in6_addr)];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (addr && strchr(addr, ':') && inet_pton(AF_INET6, addr, b) == 1) {
		if (memcmp(b, mapped, sizeof(mapped)) != 0)
			memset(b + 8, 0, 8);
		if (inet_ntop(AF_INET6, b, out, INET6_ADDRSTRLEN))
			return;
	}
	snprintf(out, INET6_ADDRSTRLEN, "%.*s", INET6_ADDRSTRLEN - 1, addr ? addr : "");
}

/* The three live counters of an attempt (pair and account zeroed without a user). */
struct counters {
	struct throttle_row addr, pair, account;
};

static int counters_get(struct db *db, const char *user, const char *addr, int64_t now, struct counters *c)
{
	memset(c, 0, sizeof(*c));
	int rc = slot_get(db, SLOT_ADDR, addr, NULL, now, &c->addr);
	if (rc == 0 && user)
		rc = slot_get(db, SLOT_PAIR, user, addr, now, &c->pair);
	if (rc == 0 && user)
		rc = slot_get(db, SLOT_ACCOUNT, user, NULL, now, &c->account);
	return rc;
}

static uint32_t count32(int64_t n)
{
	return n < 0 ? 0 : n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* The wait the counters impose; user is a folded, well-formed username or NULL. */
static int64_t throttle_wait(const char *user, const struct counters *c, int64_t now)
{
	int64_t wait = 0;
	const struct throttle_row *s = &c->addr, *pair = &c->pair, *acc = &c->account;
	if (s->count >= AUTH_ADDR_FAILURES && now < s->last_at + AUTH_LOCKOUT_SECONDS)
		wait = s->last_at + AUTH_LOCKOUT_SECONDS - now;
	if (!user)
		return wait;
	if (pair->count >= AUTH_PAIR_FAILURES && now < pair->last_at + AUTH_LOCKOUT_SECONDS &&
	    pair->last_at + AUTH_LOCKOUT_SECONDS - now > wait)
		wait = pair->last_at + AUTH_LOCKOUT_SECONDS - now;
	/* an account under attack from many addresses: those that have failed
	 * on it lately wait a growing delay; a clean address never does */
	if (pair->count > 0 && now - pair->last_at < AUTH_FAILURE_WINDOW) {
		int64_t d = auth_throttle_slow_delay(count32(acc->count));
		if (d > 0 && now < acc->last_at + d && acc->last_at + d - now > wait)
			wait = acc->last_at + d - now;
	}
	return wait;
}

int auth_throttle_check(struct db *db, const char *username, const char *addr, int64_t now,
			int64_t *retry_after)
{
	char user[AUTH_USERNAME_MAX + 1], a[INET6_ADDRSTRLEN];
	int well_formed = username && fold_username(username, user) == 0 && auth_username_valid(user);
	struct counters c;
	*retry_after = 0;
	addr_key(addr, a);
	if (counters_get(db, well_formed ? user : NULL, a, now, &c) < 0)
		return APP_ERROR;
	*retry_after = throttle_wait(well_formed ? user : NULL, &c, now);
	return APP_OK;
}

/* What a reservation changed: the counters' last failures before it. */
struct reservation {
	int64_t addr_last, pair_last, account_last;
};

/*
 * Check and count in one step, in one transaction (one writer at a time,
 * on every server): when the attempt is allowed, it is counted as a
 * failure at once (before the slow password check), so many attempts sent
 * in parallel, to one server or several, cannot all pass the check before
 * the first failure is counted; throttle_release() takes the count back
 * when the password was right. Sets *wait (0: allowed and counted);
 * returns 0, or a negative enum db_rc (nothing counted). user (folded,
 * well-formed) may be NULL.
 */
static int throttle_reserve(struct db *db, const char *user, const char *addr, int64_t now,
			    struct reservation *r, int64_t *wait)
{
	char a[INET6_ADDRSTRLEN];
	struct counters c;
	addr_key(addr, a);
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	rc = counters_get(db, user, a, now, &c);
	if (rc == 0)
		*wait = throttle_wait(user, &c, now);
	if (rc == 0 && *wait == 0) {
		r->addr_last = c.addr.last_at;
		r->pair_last = c.pair.last_at;
		r->account_last = c.account.last_at;
		rc = slot_fail(db, SLOT_ADDR, a, NULL, now);
		if (rc == 0 && user)
			rc = slot_fail(db, SLOT_PAIR, user, a, now);
		if (rc == 0 && user)
			rc = slot_fail(db, SLOT_ACCOUNT, user, NULL, now);
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

/* Undo one counted failure made at `now`; the counter's last failure goes
 * back to `last` unless a later one came since. */
static int slot_unfail(struct db *db, enum slot_kind kind, const char *a, const char *b, int64_t last,
		       int64_t now)
{
	unsigned char key[THROTTLE_KEY_BYTES];
	slot_key(kind, a, b, key);
	return throttle_unfail(db, key, last, now);
}

/*
 * Take back a reservation: the password was right (forget_pair: also
 * forget the failures of this account from this address) or was never
 * checked (a database error). user may be NULL. Best effort: a failure is
 * logged by the store, and leaves one failure counted too many.
 */
static void throttle_release(struct db *db, const char *user, const char *addr, const struct reservation *r,
			     int forget_pair, int64_t now)
{
	char a[INET6_ADDRSTRLEN];
	unsigned char key[THROTTLE_KEY_BYTES];
	addr_key(addr, a);
	int rc = db_begin(db);
	if (rc == 0)
		rc = slot_unfail(db, SLOT_ADDR, a, NULL, r->addr_last, now);
	if (rc == 0 && user)
		rc = slot_unfail(db, SLOT_ACCOUNT, user, NULL, r->account_last, now);
	if (rc == 0 && user) {
		slot_key(SLOT_PAIR, user, a, key);
		rc = forget_pair ? throttle_forget(db, key) : slot_unfail(db, SLOT_PAIR, user, a, r->pair_last, now);
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
}

/* --- sessions ------------------------------------------------------------ */

/* Audit a failed attempt (throttle_reserve() has counted it already). */
static int record_failure(struct db *db, const char *user, const struct account *acc,
			  const char *addr, const char *reason)
{
	char idbuf[AUDIT_ID_CHARS];
	struct audit_actor actor = { 0, "anonymous", addr };
	if (acc && !strcmp(reason, "disabled")) {
		/* the password was right: the person is who they say */
		actor.account_id = acc->id;
		actor.name = acc->username;
	}
	json_t *sum = user ? json_pack("{s:s, s:s}", "username", user, "reason", reason)
			   : json_pack("{s:s}", "reason", reason);
	int rc = db_begin(db);
	if (rc == 0)
		rc = audit_append_json_new(db, &actor, "session.login_failed", acc ? "account" : NULL,
					   acc ? audit_id(acc->id, idbuf) : NULL, sum);
	else
		json_decref(sum);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

/* Create the session row and audit it, in one transaction. */
static int open_session(struct db *db, const struct account *acc, const char *addr,
			const char *user_agent, enum session_kind kind, int64_t now,
			struct auth_session *out)
{
	unsigned char raw[RAW_TOKEN_BYTES], hash[SESSION_HASH_BYTES];
	char idbuf[AUDIT_ID_CHARS];
	token_new(out->token, raw);
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	if (kind == SESSION_WEB) {
		token_new(out->csrf, raw);
		sodium_memzero(raw, sizeof(raw));
	}
	out->account_id = acc->id;
	out->expires_at = now + (kind == SESSION_WEB ? AUTH_WEB_LIFETIME_SECONDS : AUTH_API_LIFETIME_SECONDS);

	struct audit_actor actor = { acc->id, acc->username, addr };
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	rc = session_insert(db, hash, acc->id, kind, kind == SESSION_WEB ? out->csrf : NULL, now,
			    out->expires_at, addr, user_agent, &out->session_id);
	if (rc == 0)
		rc = audit_append_json_new(db, &actor, "session.login", "session", audit_id(out->session_id, idbuf),
					   json_pack("{s:s}", "kind", kind == SESSION_WEB ? "web" : "api"));
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

int auth_login(struct db *db, const char *username, const char *password, const char *addr,
	       const char *user_agent, enum session_kind kind, int64_t now, struct auth_session *out)
{
	need_sodium();
	memset(out, 0, sizeof(*out));
	char user[AUTH_USERNAME_MAX + 1];
	char hash[ACCOUNT_HASH_MAX];
	int well_formed = username && fold_username(username, user) == 0 && auth_username_valid(user);
	int res = APP_ERROR;
	struct arena a;
	struct account acc;
	int found = 0;
	arena_init(&a, 1024);
	hash[0] = '\0';

	struct reservation resv = { 0 };
	int64_t wait = 0;
	if (throttle_reserve(db, well_formed ? user : NULL, addr, now, &resv, &wait) < 0)
		goto out;
	if (wait > 0) {
		out->retry_after = wait;
		res = APP_RATE_LIMITED;
		goto out;
	}
	if (well_formed) {
		int rc = account_get_credentials(db, user, &a, &acc, hash, sizeof(hash));
		if (rc < 0 && rc != DB_NOTFOUND) {
			throttle_release(db, user, addr, &resv, 0, now);
			goto out;
		}
		found = rc == 0;
	}
	if (!found) {
		pthread_once(&dummy_once, make_dummy_hash);
		auth_verify_password(dummy_hash, password ? password : "");
		if (record_failure(db, well_formed ? user : NULL, NULL, addr, "bad_credentials") == 0)
			res = APP_UNAUTHENTICATED;
		goto out;
	}
	if (auth_verify_password(hash, password ? password : "") != 0) {
		if (record_failure(db, user, &acc, addr, "bad_credentials") == 0)
			res = APP_UNAUTHENTICATED;
		goto out;
	}
	/* the right password: not a failure */
	throttle_release(db, user, addr, &resv, 1, now);
	if (acc.disabled) {
		if (record_failure(db, user, &acc, addr, "disabled") == 0)
			res = APP_FORBIDDEN;
		goto out;
	}
	if (open_session(db, &acc, addr, user_agent, kind, now, out) == 0)
		res = APP_OK;
	else
		memset(out, 0, sizeof(*out));
out:
	sodium_memzero(hash, sizeof(hash));
	arena_release(&a);
	return res;
}

int auth_session_from_token(struct db *db, const char *token, int64_t now, struct arena *a,
			    struct session *out)
{
	unsigned char hash[SESSION_HASH_BYTES];
	if (token_stored_hash(token, hash) < 0)
		return APP_NOT_FOUND;
	int rc = session_find(db, hash, now, AUTH_WEB_IDLE_SECONDS, a, out);
	if (rc < 0)
		return app_of(rc);
	if (now - out->last_seen_at >= AUTH_TOUCH_SECONDS) {
		/* best effort: a failure is logged by the store and costs only idle time */
		if (session_touch(db, out->id, now) == 0)
			out->last_seen_at = now;
	}
	return APP_OK;
}

int auth_logout(struct db *db, const char *token, const char *addr)
{
	unsigned char hash[SESSION_HASH_BYTES];
	if (token_stored_hash(token, hash) < 0)
		return APP_NOT_FOUND;

	struct arena a;
	struct account acc;
	int64_t sid = 0, aid = 0;
	char idbuf[AUDIT_ID_CHARS];
	arena_init(&a, 512);
	int rc = db_begin(db);
	if (rc < 0)
		goto out;
	rc = session_delete(db, hash, &sid, &aid);
	if (rc == 0)
		rc = account_get(db, aid, &a, &acc);
	if (rc == 0) {
		struct audit_actor actor = { acc.id, acc.username, addr };
		rc = audit_append(db, &actor, "session.logout", "session", audit_id(sid, idbuf), NULL);
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
out:
	arena_release(&a);
	return app_of(rc);
}

int auth_csrf_check(const struct session *s, const char *token)
{
	if (!s || s->kind != SESSION_WEB || !s->csrf || !token)
		return -1;
	if (strnlen(token, AUTH_TOKEN_CHARS + 1) != AUTH_TOKEN_CHARS ||
	    strnlen(s->csrf, AUTH_TOKEN_CHARS + 1) != AUTH_TOKEN_CHARS)
		return -1;
	return sodium_memcmp(s->csrf, token, AUTH_TOKEN_CHARS) == 0 ? 0 : -1;
}

void auth_actor(const struct session *s, const char *addr, struct audit_actor *out)
{
	out->account_id = s->account.id;
	out->name = s->account.username;
	out->addr = addr;
}

int auth_purge_expired(struct db *db, int64_t now, int64_t *n)
{
	int rc = session_purge_expired(db, now, AUTH_WEB_IDLE_SECONDS, n);
	if (rc == 0)
		rc = throttle_purge(db, now - STALE_SECONDS, NULL);
	return app_of(rc);
}
