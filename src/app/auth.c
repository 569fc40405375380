/*
 * auth.c - officer authentication (app/auth.h): argon2id passwords, account
 * rules with Vietnamese field messages, random session/API/CSRF tokens
 * stored by hash, login throttling, all audited in the same transaction.
 */
#include "auth.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "core/xalloc.h"
#include "store/audit.h"
#include "store/db.h"

#include <pthread.h>
#include <sodium.h>
#include <utf8proc.h>

#define RAW_TOKEN_BYTES 32
#define KEY_MAX 80                      /* "user:" or "addr:" + at most 64 bytes */
#define FAILURE_KEEP_SECONDS 86400      /* login failures kept this long */
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

int auth_check_password(const char *password, const char *username, struct auth_errors *errs)
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
		errs->password = msg;
		return AUTH_INVALID;
	}
	return 0;
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

/*
 * Everything auth_create_account*() checks before writing: fills errs,
 * folds the username into user and puts the clean display name (in arena
 * a) in *name. Returns 0, AUTH_INVALID, or a negative db_rc.
 */
static int check_account(struct db *db, struct arena *a, const char *username,
			 const char *display_name, const char *password, struct auth_errors *errs,
			 char user[AUTH_USERNAME_MAX + 1], const char **name)
{
	memset(errs, 0, sizeof(*errs));
	user[0] = '\0';
	if (!username || !*username)
		errs->username = MSG_USERNAME_EMPTY;
	else if (fold_username(username, user) < 0 || !auth_username_valid(user))
		errs->username = MSG_USERNAME_RULE;
	*name = clean_display_name(a, display_name, &errs->display_name);
	if (!*name && !errs->display_name)
		return DB_ERROR;
	(void)auth_check_password(password, errs->username ? NULL : user, errs);
	if (!errs->username) {
		int t = username_taken(db, user);
		if (t < 0)
			return t;
		if (t)
			errs->username = MSG_USERNAME_TAKEN;
	}
	if (errs->username || errs->display_name || errs->password)
		return AUTH_INVALID;
	return 0;
}

/* The insert itself, inside a transaction; maps a lost race on the
 * username to AUTH_INVALID. */
static int insert_account(struct db *db, const struct audit_actor *actor, const char *user,
			  const char *name, const char *hash, int64_t now, struct auth_errors *errs,
			  int64_t *id)
{
	int t = username_taken(db, user);
	if (t < 0)
		return t;
	if (t) {
		errs->username = MSG_USERNAME_TAKEN;
		return AUTH_INVALID;
	}
	int rc = account_create(db, actor, user, name, hash, now, id);
	if (rc == DB_CONSTRAINT) {
		errs->username = MSG_USERNAME_TAKEN;
		return AUTH_INVALID;
	}
	return rc;
}

int auth_create_account_in_tx(struct db *db, const struct audit_actor *actor, const char *username,
			      const char *display_name, const char *password, int64_t now,
			      struct auth_errors *errs, int64_t *id)
{
	char user[AUTH_USERNAME_MAX + 1];
	char hash[ACCOUNT_HASH_MAX];
	const char *name = NULL;
	struct arena a;
	arena_init(&a, 1024);
	hash[0] = '\0';
	int rc = check_account(db, &a, username, display_name, password, errs, user, &name);
	if (rc < 0)
		goto out;
	if (auth_hash_password(password, hash) < 0) {
		rc = DB_ERROR;
		goto out;
	}
	rc = insert_account(db, actor, user, name, hash, now, errs, id);
out:
	arena_release(&a);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int auth_create_account(struct db *db, const struct audit_actor *actor, const char *username,
			const char *display_name, const char *password, int64_t now,
			struct auth_errors *errs, int64_t *id)
{
	char user[AUTH_USERNAME_MAX + 1];
	char hash[ACCOUNT_HASH_MAX];
	const char *name = NULL;
	struct arena a;
	arena_init(&a, 1024);
	hash[0] = '\0';
	int rc = check_account(db, &a, username, display_name, password, errs, user, &name);
	if (rc < 0)
		goto out;
	/* hash before taking the write lock: it takes a while */
	if (auth_hash_password(password, hash) < 0) {
		rc = DB_ERROR;
		goto out;
	}
	rc = db_begin(db);
	if (rc < 0)
		goto out;
	rc = insert_account(db, actor, user, name, hash, now, errs, id);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
out:
	arena_release(&a);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int auth_set_password(struct db *db, const struct audit_actor *actor, int64_t account_id,
		      const char *password, int64_t now, struct auth_errors *errs)
{
	memset(errs, 0, sizeof(*errs));
	struct arena a;
	struct account acc;
	char hash[ACCOUNT_HASH_MAX];
	arena_init(&a, 512);
	int rc = account_get(db, account_id, &a, &acc);
	if (rc < 0)
		goto out;
	rc = auth_check_password(password, acc.username, errs);
	if (rc < 0)
		goto out;
	if (auth_hash_password(password, hash) < 0) {
		rc = DB_ERROR;
		goto out;
	}
	rc = db_begin(db);
	if (rc < 0)
		goto out;
	rc = account_set_password_hash(db, actor, account_id, hash, now);
	if (rc == 0)
		rc = session_delete_account(db, account_id, NULL);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
out:
	sodium_memzero(hash, sizeof(hash));
	arena_release(&a);
	return rc;
}

int auth_set_disabled(struct db *db, const struct audit_actor *actor, int64_t account_id,
		      int disabled, int64_t now)
{
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	rc = account_set_disabled(db, actor, account_id, disabled, now);
	if (rc == 0 && disabled)
		rc = session_delete_account(db, account_id, NULL);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
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

/* --- throttling ---------------------------------------------------------- */

int64_t auth_throttle_wait(const int64_t *ats, int n, int limit, int64_t window, int64_t lockout,
			   int64_t now)
{
	if (limit <= 0 || n < limit)
		return 0;
	if (ats[0] - ats[limit - 1] >= window)
		return 0;
	int64_t until = ats[0] + lockout;
	return now < until ? until - now : 0;
}

static void make_key(char out[KEY_MAX], const char *prefix, const char *s)
{
	snprintf(out, KEY_MAX, "%s:%.64s", prefix, s);
}

static int key_wait(struct db *db, const char *key, int limit, int64_t now, int64_t *wait)
{
	int64_t ats[AUTH_ADDR_FAILURES > AUTH_USER_FAILURES ? AUTH_ADDR_FAILURES : AUTH_USER_FAILURES];
	int n = 0;
	int rc = session_failure_recent(db, key, now - AUTH_LOCKOUT_SECONDS - AUTH_FAILURE_WINDOW, ats,
					limit, &n);
	if (rc < 0)
		return rc;
	*wait = auth_throttle_wait(ats, n, limit, AUTH_FAILURE_WINDOW, AUTH_LOCKOUT_SECONDS, now);
	return 0;
}

int auth_throttle_check(struct db *db, const char *username, const char *addr, int64_t now,
			int64_t *retry_after)
{
	char key[KEY_MAX], user[AUTH_USERNAME_MAX + 1];
	int64_t w = 0, wait = 0;
	*retry_after = 0;
	if (username && fold_username(username, user) == 0 && auth_username_valid(user)) {
		make_key(key, "user", user);
		int rc = key_wait(db, key, AUTH_USER_FAILURES, now, &w);
		if (rc < 0)
			return rc;
		wait = w;
	}
	if (addr && *addr) {
		make_key(key, "addr", addr);
		int rc = key_wait(db, key, AUTH_ADDR_FAILURES, now, &w);
		if (rc < 0)
			return rc;
		if (w > wait)
			wait = w;
	}
	*retry_after = wait;
	return 0;
}

/* --- sessions ------------------------------------------------------------ */

/* Record a failed attempt (throttling counters and audit) in one transaction. */
static int record_failure(struct db *db, const char *user, const struct account *acc,
			  const char *addr, const char *reason, int count_it, int64_t now)
{
	char key[KEY_MAX], idbuf[24];
	struct sbuf sum = SBUF_INIT(256);
	struct audit_actor actor = { 0, "anonymous", addr };
	if (acc && !strcmp(reason, "disabled")) {
		/* the password was right: the person is who they say */
		actor.account_id = acc->id;
		actor.name = acc->username;
	}
	if (acc)
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)acc->id);
	int rc = DB_ERROR;
	if (sbuf_addstr(&sum, "{") < 0)
		goto out;
	if (user && (sbuf_addstr(&sum, "\"username\":") < 0 || sbuf_add_json_str(&sum, user, strlen(user)) < 0 ||
		     sbuf_addch(&sum, ',') < 0))
		goto out;
	if (sbuf_addf(&sum, "\"reason\":\"%s\"}", reason) < 0)
		goto out;

	rc = db_begin(db);
	if (rc < 0)
		goto out;
	if (count_it && user) {
		make_key(key, "user", user);
		rc = session_failure_add(db, key, now);
	}
	if (rc == 0 && count_it && addr && *addr) {
		make_key(key, "addr", addr);
		rc = session_failure_add(db, key, now);
	}
	if (rc == 0)
		rc = audit_append(db, &actor, "session.login_failed", acc ? "account" : NULL,
				  acc ? idbuf : NULL, sum.buf);
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
out:
	sbuf_release(&sum);
	return rc;
}

/* Create the session row, clear the username's failures, audit; one transaction. */
static int open_session(struct db *db, const struct account *acc, const char *addr,
			const char *user_agent, enum session_kind kind, int64_t now,
			struct auth_session *out)
{
	unsigned char raw[RAW_TOKEN_BYTES], hash[SESSION_HASH_BYTES];
	char key[KEY_MAX], idbuf[24];
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
	if (rc == 0) {
		make_key(key, "user", acc->username);
		rc = session_failure_clear(db, key);
	}
	if (rc == 0) {
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)out->session_id);
		rc = audit_append(db, &actor, "session.login", "session", idbuf,
				  kind == SESSION_WEB ? "{\"kind\":\"web\"}" : "{\"kind\":\"api\"}");
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

enum auth_result auth_login(struct db *db, const char *username, const char *password,
			    const char *addr, const char *user_agent, enum session_kind kind,
			    int64_t now, struct auth_session *out)
{
	need_sodium();
	memset(out, 0, sizeof(*out));
	char user[AUTH_USERNAME_MAX + 1];
	char hash[ACCOUNT_HASH_MAX];
	int well_formed = username && fold_username(username, user) == 0 && auth_username_valid(user);
	enum auth_result res = AUTH_ERROR;
	struct arena a;
	struct account acc;
	int found = 0;
	arena_init(&a, 1024);
	hash[0] = '\0';

	int64_t wait = 0;
	if (auth_throttle_check(db, well_formed ? user : NULL, addr, now, &wait) < 0)
		goto out;
	if (wait > 0) {
		out->retry_after = wait;
		res = AUTH_THROTTLED;
		goto out;
	}
	if (well_formed) {
		int rc = account_get_credentials(db, user, &a, &acc, hash, sizeof(hash));
		if (rc < 0 && rc != DB_NOTFOUND)
			goto out;
		found = rc == 0;
	}
	if (!found) {
		pthread_once(&dummy_once, make_dummy_hash);
		auth_verify_password(dummy_hash, password ? password : "");
		if (record_failure(db, well_formed ? user : NULL, NULL, addr, "bad_credentials", 1, now) == 0)
			res = AUTH_BAD_CREDENTIALS;
		goto out;
	}
	if (auth_verify_password(hash, password ? password : "") != 0) {
		if (record_failure(db, user, &acc, addr, "bad_credentials", 1, now) == 0)
			res = AUTH_BAD_CREDENTIALS;
		goto out;
	}
	if (acc.disabled) {
		if (record_failure(db, user, &acc, addr, "disabled", 0, now) == 0)
			res = AUTH_DISABLED;
		goto out;
	}
	if (open_session(db, &acc, addr, user_agent, kind, now, out) == 0)
		res = AUTH_OK;
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
	unsigned char raw[RAW_TOKEN_BYTES], hash[SESSION_HASH_BYTES];
	need_sodium();
	if (token_decode(token, raw) < 0)
		return DB_NOTFOUND;
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	int rc = session_find(db, hash, now, AUTH_WEB_IDLE_SECONDS, a, out);
	if (rc < 0)
		return rc;
	if (now - out->last_seen_at >= AUTH_TOUCH_SECONDS) {
		/* best effort: a failure is logged by the store and costs only idle time */
		if (session_touch(db, out->id, now) == 0)
			out->last_seen_at = now;
	}
	return 0;
}

int auth_logout(struct db *db, const char *token, const char *addr)
{
	unsigned char raw[RAW_TOKEN_BYTES], hash[SESSION_HASH_BYTES];
	need_sodium();
	if (token_decode(token, raw) < 0)
		return DB_NOTFOUND;
	token_hash(raw, hash);
	sodium_memzero(raw, sizeof(raw));

	struct arena a;
	struct account acc;
	int64_t sid = 0, aid = 0;
	char idbuf[24];
	arena_init(&a, 512);
	int rc = db_begin(db);
	if (rc < 0)
		goto out;
	rc = session_delete(db, hash, &sid, &aid);
	if (rc == 0)
		rc = account_get(db, aid, &a, &acc);
	if (rc == 0) {
		struct audit_actor actor = { acc.id, acc.username, addr };
		snprintf(idbuf, sizeof(idbuf), "%lld", (long long)sid);
		rc = audit_append(db, &actor, "session.logout", "session", idbuf, NULL);
	}
	if (rc == 0)
		rc = db_commit(db);
	if (rc < 0)
		db_rollback(db);
out:
	arena_release(&a);
	return rc;
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
	return session_purge_expired(db, now, AUTH_WEB_IDLE_SECONDS, now - FAILURE_KEEP_SECONDS, n);
}
