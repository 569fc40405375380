/* Unit tests for app/auth with store/account and store/session: passwords,
 * account rules, login results, session lifetimes on a fake clock, CSRF,
 * throttling and its recovery, and the audit entries all of it writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/auth.h"
#include "core/arena.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"
#include "store/session.h"

#define T0 1788000000 /* a fixed "now" (2026-08-29) for the fake clock */
#define PASSWORD "Dân vận khéo 2026"

static const struct audit_actor admin = { 0, "cli:tester", NULL };

/* The context of a change by the administrator at `now`. */
static const struct app_ctx *cx(struct db *db, int64_t now)
{
	static struct app_ctx c;
	c = (struct app_ctx){ .db = db, .actor = &admin, .now = now };
	return &c;
}

struct fixture {
	struct db *db;
	int64_t id; /* account "nguyenvana" with PASSWORD */
	struct arena a;
};

static int setup(void **state)
{
	char err[512];
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->db = testdb_open(":memory:", err, sizeof(err));
	if (!f->db || db_migrate(f->db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	struct app_errors e;
	if (auth_create_account(cx(f->db, T0), "nguyenvana", "Nguyễn Văn A", PASSWORD, &e, &f->id) != 0)
		return -1;
	arena_init(&f->a, 4096);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->a);
	db_close(f->db);
	free(f);
	return 0;
}

static int64_t count_audit(struct db *db, const char *action)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log WHERE action = $1");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, action), 0);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void assert_chain_intact(struct db *db)
{
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_true(count > 0);
}

static void login_ok(struct fixture *f, enum session_kind kind, int64_t now, struct auth_session *s)
{
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "192.0.2.1", "test", kind, now, s), APP_OK);
}

/* --- passwords ----------------------------------------------------------- */

static void test_password_hash_verify(void **state)
{
	char h[ACCOUNT_HASH_MAX];
	assert_int_equal(auth_hash_password(PASSWORD, h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_int_equal(auth_verify_password(h, PASSWORD), 0);
	assert_int_equal(auth_verify_password(h, "Dân vận khéo 2025"), -1);
	assert_int_equal(auth_verify_password(h, ""), -1);
	assert_int_equal(auth_verify_password("not a hash", PASSWORD), -1);
	/* the same password typed decomposed (NFD: a + U+0302 ...) still matches */
	assert_int_equal(auth_verify_password(h, "Da\xcc\x82n va\xcc\xa3\xcc\x82n khe\xcc\x81o 2026"), 0);
	/* two hashes of one password differ (random salt) */
	char h2[ACCOUNT_HASH_MAX];
	assert_int_equal(auth_hash_password(PASSWORD, h2), 0);
	assert_string_not_equal(h, h2);
	/* invalid UTF-8 is refused */
	assert_int_equal(auth_hash_password("abc\xff\xfe defghij", h2), -1);
	/* so is an absurdly long one, before any work */
	char *huge = malloc(5001);
	assert_non_null(huge);
	memset(huge, 'a', 5000);
	huge[5000] = '\0';
	assert_int_equal(auth_verify_password(h, huge), -1);
	assert_int_equal(auth_hash_password(huge, h2), -1);
	struct app_errors e = { 0 };
	assert_int_equal(auth_check_password(huge, NULL, &e), APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu dài quá 256 ký tự");
	huge[257] = '\0';
	app_errors_clear(&e);
	assert_int_equal(auth_check_password(huge, NULL, &e), APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu dài quá 256 ký tự");
	huge[256] = '\0';
	app_errors_clear(&e);
	assert_int_equal(auth_check_password(huge, NULL, &e), 0);
	assert_null(app_errors_get(&e, "password"));
	free(huge);
}

/* --- accounts ------------------------------------------------------------ */

static void test_account_created_and_audited(void **state)
{
	struct fixture *f = *state;
	struct account acc;
	assert_int_equal(account_get(f->db, f->id, &f->a, &acc), 0);
	assert_string_equal(acc.username, "nguyenvana");
	assert_string_equal(acc.display_name, "Nguyễn Văn A");
	assert_int_equal(acc.disabled, 0);
	assert_int_equal(acc.created_at, T0);
	assert_int_equal(count_audit(f->db, "account.create"), 1);
	/* no password or hash in the audit log */
	struct db_stmt *st = db_prepare(f->db, "SELECT count(*) FROM audit_log WHERE summary LIKE '%argon%' "
					       "OR summary LIKE '%Dân vận khéo%'");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);
	assert_chain_intact(f->db);
}

static void test_account_validation(void **state)
{
	struct fixture *f = *state;
	struct app_errors e;
	int64_t id = 0;
	/* every problem at once, nothing written */
	assert_int_equal(auth_create_account(cx(f->db, T0), "ab", "   ", "ngắn", &e, &id), APP_VALIDATION);
	assert_non_null(app_errors_get(&e, "username"));
	assert_non_null(strstr(app_errors_get(&e, "username"), "từ 3 đến 40 ký tự"));
	assert_string_equal(app_errors_get(&e, "display_name"), "Cần nhập họ và tên");
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu cần ít nhất 10 ký tự");
	assert_int_equal(id, 0);

	assert_int_equal(auth_create_account(cx(f->db, T0), "nguyenvana", "Người khác", "mật khẩu khác 123",
					     &e, &id), APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "username"), "Tên đăng nhập đã được dùng");
	assert_null(app_errors_get(&e, "display_name"));
	assert_null(app_errors_get(&e, "password"));
	/* case folds, so this is the same username */
	assert_int_equal(auth_create_account(cx(f->db, T0), "NguyenVanA", "Người khác", "mật khẩu khác 123",
					     &e, &id), APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "username"), "Tên đăng nhập đã được dùng");

	assert_int_equal(auth_create_account(cx(f->db, T0), "", "Tên", "mật khẩu khác 123", &e, &id),
			 APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "username"), "Cần nhập tên đăng nhập");
	const char *bad_names[] = { "nguyễn", "a b c", "x@y.vn", "a", "abcdefghijabcdefghijabcdefghijabcdefghijk", NULL };
	for (int i = 0; bad_names[i]; i++) {
		assert_int_equal(auth_create_account(cx(f->db, T0), bad_names[i], "Tên", "mật khẩu khác 123",
						     &e, &id), APP_VALIDATION);
		assert_non_null(app_errors_get(&e, "username"));
	}
	assert_int_equal(auth_create_account(cx(f->db, T0), "abcdefghij", "Tên", "abcdefghij", &e, &id),
			 APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu không được trùng với tên đăng nhập");
	/* ten characters, not ten bytes: "ắắắắắắắắắ" is 9 characters, 27 bytes */
	assert_int_equal(auth_create_account(cx(f->db, T0), "tran.b", "Trần B", "ắắắắắắắắắ", &e, &id),
			 APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu cần ít nhất 10 ký tự");
	char longname[400];
	memset(longname, 'x', 101);
	longname[101] = '\0';
	assert_int_equal(auth_create_account(cx(f->db, T0), "tran.b", longname, "mật khẩu khác 123", &e, &id),
			 APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "display_name"), "Họ và tên dài quá 100 ký tự");
	assert_int_equal(auth_create_account(cx(f->db, T0), "tran.b", "Tr\xff", "mật khẩu khác 123", &e, &id),
			 APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "display_name"), "Họ và tên có ký tự không hợp lệ");
	assert_int_equal(account_count(f->db), 1);
	assert_int_equal(count_audit(f->db, "account.create"), 1);

	/* a good one: username folded, display name cleaned (NFD -> NFC, spaces) */
	assert_int_equal(auth_create_account(cx(f->db, T0), "Tran.Thi-B_2", "  Tra\xcc\x82\xcc\x80n   Thị B ",
					     "mật khẩu khác 123", &e, &id), 0);
	assert_true(id > f->id);
	struct account acc;
	assert_int_equal(account_get_by_username(f->db, "tran.thi-b_2", &f->a, &acc), 0);
	assert_int_equal(acc.id, id);
	assert_string_equal(acc.display_name, "Trần Thị B");
	assert_int_equal(account_get_by_username(f->db, "khong.co", &f->a, &acc), DB_NOTFOUND);
	assert_int_equal(account_get(f->db, 9999, &f->a, &acc), DB_NOTFOUND);

	struct account *list;
	size_t n;
	assert_int_equal(account_list(f->db, &f->a, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].username, "nguyenvana");
	assert_string_equal(list[1].username, "tran.thi-b_2");
	assert_chain_intact(f->db);
}

static void test_create_in_tx_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct app_errors e;
	int64_t id = 0;
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(auth_create_account_in_tx(cx(f->db, T0), "le.c", "Lê C", "mật khẩu khác 123", &e,
						   &id), 0);
	assert_true(id > 0);
	assert_int_equal(db_rollback(f->db), 0);
	struct account acc;
	assert_int_equal(account_get_by_username(f->db, "le.c", &f->a, &acc), DB_NOTFOUND);
	assert_int_equal(count_audit(f->db, "account.create"), 1);
	assert_chain_intact(f->db);
}

/* --- login and sessions -------------------------------------------------- */

static void test_login_results(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	login_ok(f, SESSION_WEB, T0, &s);
	assert_int_equal(strlen(s.token), AUTH_TOKEN_CHARS);
	assert_int_equal(strlen(s.csrf), AUTH_TOKEN_CHARS);
	assert_string_not_equal(s.token, s.csrf);
	assert_int_equal(s.account_id, f->id);
	assert_int_equal(s.expires_at, T0 + AUTH_WEB_LIFETIME_SECONDS);
	/* the username is case-insensitive */
	assert_int_equal(auth_login(f->db, "NguyenVanA", PASSWORD, NULL, NULL, SESSION_API, T0, &s), APP_OK);
	assert_int_equal(s.csrf[0], '\0');
	assert_int_equal(s.expires_at, T0 + AUTH_API_LIFETIME_SECONDS);

	assert_int_equal(auth_login(f->db, "nguyenvana", "sai mật khẩu rồi", "192.0.2.1", NULL, SESSION_WEB,
				    T0, &s), APP_UNAUTHENTICATED);
	assert_int_equal(s.token[0], '\0');
	assert_int_equal(auth_login(f->db, "khong.co.ai", PASSWORD, "192.0.2.1", NULL, SESSION_WEB, T0, &s),
			 APP_UNAUTHENTICATED);
	assert_int_equal(auth_login(f->db, "bad name!", PASSWORD, "192.0.2.1", NULL, SESSION_WEB, T0, &s),
			 APP_UNAUTHENTICATED);
	assert_int_equal(auth_login(f->db, NULL, NULL, NULL, NULL, SESSION_WEB, T0, &s), APP_UNAUTHENTICATED);
	assert_int_equal(count_audit(f->db, "session.login"), 2);
	assert_int_equal(count_audit(f->db, "session.login_failed"), 4);

	/* the token is stored only as a hash */
	struct db_stmt *st = db_prepare(f->db, "SELECT count(*) FROM sessions WHERE length(token_hash) = 32");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_done(st);
	assert_chain_intact(f->db);
}

static void test_session_lookup_and_logout(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	struct session se;
	login_ok(f, SESSION_WEB, T0, &s);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 1, &f->a, &se), 0);
	assert_int_equal(se.account.id, f->id);
	assert_string_equal(se.account.username, "nguyenvana");
	assert_string_equal(se.account.display_name, "Nguyễn Văn A");
	assert_int_equal(se.kind, SESSION_WEB);
	assert_string_equal(se.csrf, s.csrf);
	assert_int_equal(se.id, s.session_id);

	struct audit_actor act;
	auth_actor(&se, "192.0.2.9", &act);
	assert_int_equal(act.account_id, f->id);
	assert_string_equal(act.name, "nguyenvana");

	/* malformed tokens */
	assert_int_equal(auth_session_from_token(f->db, NULL, T0, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(auth_session_from_token(f->db, "", T0, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(auth_session_from_token(f->db, "abc", T0, &f->a, &se), APP_NOT_FOUND);
	char other[AUTH_TOKEN_CHARS + 2];
	memcpy(other, s.token, sizeof(s.token));
	other[0] = other[0] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_session_from_token(f->db, other, T0, &f->a, &se), APP_NOT_FOUND);
	memcpy(other, s.token, AUTH_TOKEN_CHARS);
	other[AUTH_TOKEN_CHARS] = 'x';
	other[AUTH_TOKEN_CHARS + 1] = '\0';
	assert_int_equal(auth_session_from_token(f->db, other, T0, &f->a, &se), APP_NOT_FOUND);
	memcpy(other, s.token, AUTH_TOKEN_CHARS);
	other[AUTH_TOKEN_CHARS - 1] = '=';
	other[AUTH_TOKEN_CHARS] = '\0';
	assert_int_equal(auth_session_from_token(f->db, other, T0, &f->a, &se), APP_NOT_FOUND);

	assert_int_equal(auth_logout(f->db, s.token, "192.0.2.1"), 0);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 2, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(auth_logout(f->db, s.token, "192.0.2.1"), APP_NOT_FOUND);
	assert_int_equal(auth_logout(f->db, "garbage", NULL), APP_NOT_FOUND);
	assert_int_equal(count_audit(f->db, "session.logout"), 1);
	assert_chain_intact(f->db);
}

static void test_web_session_idle_expiry(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	struct session se;
	login_ok(f, SESSION_WEB, T0, &s);
	/* 29 minutes later: alive, and last_seen_at moves */
	int64_t t = T0 + 29 * 60;
	assert_int_equal(auth_session_from_token(f->db, s.token, t, &f->a, &se), 0);
	assert_int_equal(se.last_seen_at, t);
	/* within a minute, last_seen_at is not written again */
	assert_int_equal(auth_session_from_token(f->db, s.token, t + 30, &f->a, &se), 0);
	assert_int_equal(se.last_seen_at, t);
	/* another 29 minutes after the touch: still alive (58 minutes after login) */
	t += 29 * 60;
	assert_int_equal(auth_session_from_token(f->db, s.token, t, &f->a, &se), 0);
	/* then 30 idle minutes: gone */
	assert_int_equal(auth_session_from_token(f->db, s.token, t + AUTH_WEB_IDLE_SECONDS, &f->a, &se),
			 APP_NOT_FOUND);
	/* and purged */
	int64_t n = 0;
	assert_int_equal(auth_purge_expired(f->db, t + AUTH_WEB_IDLE_SECONDS, &n), 0);
	assert_int_equal(n, 1);
}

static void test_web_session_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	struct session se;
	login_ok(f, SESSION_WEB, T0, &s);
	int64_t t = T0;
	/* busy all day: a request every 20 minutes keeps it alive until 12 h */
	while (t + 20 * 60 < T0 + AUTH_WEB_LIFETIME_SECONDS) {
		t += 20 * 60;
		assert_int_equal(auth_session_from_token(f->db, s.token, t, &f->a, &se), 0);
	}
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + AUTH_WEB_LIFETIME_SECONDS, &f->a, &se),
			 APP_NOT_FOUND);
}

static void test_api_token_lifetime(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	struct session se;
	login_ok(f, SESSION_API, T0, &s);
	/* no idle expiry: first use after 89 days works */
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 89 * 86400, &f->a, &se), 0);
	assert_int_equal(se.kind, SESSION_API);
	assert_null(se.csrf);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 90 * 86400, &f->a, &se), APP_NOT_FOUND);
	/* purging at 30 days leaves it (web idle rules do not apply) */
	int64_t n = -1;
	assert_int_equal(auth_purge_expired(f->db, T0 + 30 * 86400, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 30 * 86400, &f->a, &se), 0);
}

static void test_csrf_check(void **state)
{
	struct fixture *f = *state;
	struct auth_session s, api;
	struct session se, sa;
	login_ok(f, SESSION_WEB, T0, &s);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0, &f->a, &se), 0);
	assert_int_equal(auth_csrf_check(&se, s.csrf), 0);
	char wrong[AUTH_TOKEN_CHARS + 1];
	memcpy(wrong, s.csrf, sizeof(wrong));
	wrong[AUTH_TOKEN_CHARS - 1] = wrong[AUTH_TOKEN_CHARS - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_csrf_check(&se, wrong), -1);
	assert_int_equal(auth_csrf_check(&se, NULL), -1);
	assert_int_equal(auth_csrf_check(&se, ""), -1);
	wrong[10] = '\0';
	assert_int_equal(auth_csrf_check(&se, wrong), -1);
	assert_int_equal(auth_csrf_check(&se, s.token), -1);
	login_ok(f, SESSION_API, T0, &api);
	assert_int_equal(auth_session_from_token(f->db, api.token, T0, &f->a, &sa), 0);
	assert_int_equal(auth_csrf_check(&sa, s.csrf), -1);
	assert_int_equal(auth_csrf_check(NULL, s.csrf), -1);
}

static void test_disable_and_reset_end_sessions(void **state)
{
	struct fixture *f = *state;
	struct auth_session s, api;
	struct session se;
	struct app_errors e;
	login_ok(f, SESSION_WEB, T0, &s);
	login_ok(f, SESSION_API, T0, &api);
	assert_int_equal(session_count_account(f->db, f->id, T0, AUTH_WEB_IDLE_SECONDS), 2);

	assert_int_equal(auth_set_disabled(cx(f->db, T0 + 10), f->id, 1), 0);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 11, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(auth_session_from_token(f->db, api.token, T0 + 11, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(session_count_account(f->db, f->id, T0 + 11, AUTH_WEB_IDLE_SECONDS), 0);
	/* right password on a disabled account: DISABLED; wrong one: BAD_CREDENTIALS */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, NULL, NULL, SESSION_WEB, T0 + 12, &s),
			 APP_FORBIDDEN);
	assert_int_equal(auth_login(f->db, "nguyenvana", "sai mật khẩu rồi", NULL, NULL, SESSION_WEB, T0 + 12,
				    &s), APP_UNAUTHENTICATED);
	assert_int_equal(count_audit(f->db, "account.disable"), 1);

	assert_int_equal(auth_set_disabled(cx(f->db, T0 + 20), f->id, 0), 0);
	login_ok(f, SESSION_WEB, T0 + 21, &s);
	assert_int_equal(count_audit(f->db, "account.enable"), 1);
	assert_int_equal(auth_set_disabled(cx(f->db, T0), 9999, 1), APP_NOT_FOUND);

	/* an administrator's reset: sessions end, only the new password works */
	assert_int_equal(auth_set_password(cx(f->db, T0 + 30), f->id, "ngắn", &e), APP_VALIDATION);
	assert_string_equal(app_errors_get(&e, "password"), "Mật khẩu cần ít nhất 10 ký tự");
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 31, &f->a, &se), 0);
	assert_int_equal(auth_set_password(cx(f->db, T0 + 30), f->id, "mật khẩu mới 2026", &e), 0);
	assert_int_equal(auth_session_from_token(f->db, s.token, T0 + 31, &f->a, &se), APP_NOT_FOUND);
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, NULL, NULL, SESSION_WEB, T0 + 32, &s),
			 APP_UNAUTHENTICATED);
	assert_int_equal(auth_login(f->db, "nguyenvana", "mật khẩu mới 2026", NULL, NULL, SESSION_WEB, T0 + 33,
				    &s), APP_OK);
	struct account acc;
	assert_int_equal(account_get(f->db, f->id, &f->a, &acc), 0);
	assert_int_equal(acc.password_changed_at, T0 + 30);
	assert_int_equal(auth_set_password(cx(f->db, T0), 9999, "mật khẩu mới 2026", &e), APP_NOT_FOUND);
	assert_int_equal(count_audit(f->db, "account.password_reset"), 1);
	assert_chain_intact(f->db);
}

/* --- throttling ---------------------------------------------------------- */

static void test_throttle_rule(void **state)
{
	assert_int_equal(auth_throttle_slow_delay(0), 0);
	assert_int_equal(auth_throttle_slow_delay(AUTH_ACCOUNT_SLOW - 1), 0);
	assert_int_equal(auth_throttle_slow_delay(AUTH_ACCOUNT_SLOW), 1);
	assert_int_equal(auth_throttle_slow_delay(AUTH_ACCOUNT_SLOW + 1), 2);
	assert_int_equal(auth_throttle_slow_delay(AUTH_ACCOUNT_SLOW + 5), 32);
	assert_int_equal(auth_throttle_slow_delay(AUTH_ACCOUNT_SLOW + 10), AUTH_LOCKOUT_SECONDS);
	assert_int_equal(auth_throttle_slow_delay(UINT32_MAX), AUTH_LOCKOUT_SECONDS);
}

#define ADDR_A "192.0.2.10"
#define ADDR_B "192.0.2.11"

static void test_throttle_pair(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	int64_t t = T0;
	for (int i = 0; i < AUTH_PAIR_FAILURES; i++)
		assert_int_equal(auth_login(f->db, "nguyenvana", "sai mật khẩu rồi", ADDR_A, NULL, SESSION_WEB,
					    t + i, &s), APP_UNAUTHENTICATED);
	int64_t last = t + AUTH_PAIR_FAILURES - 1;
	/* from that address even the right password is refused, with the wait */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_A, NULL, SESSION_WEB, last + 60, &s),
			 APP_RATE_LIMITED);
	assert_int_equal(s.retry_after, AUTH_LOCKOUT_SECONDS - 60);
	assert_int_equal(s.token[0], '\0');
	/* refused attempts are not counted or audited */
	assert_int_equal(count_audit(f->db, "session.login_failed"), AUTH_PAIR_FAILURES);
	int64_t wait = 0;
	assert_int_equal(auth_throttle_check(f->db, "NGUYENVANA", ADDR_A, last + 60, &wait), 0);
	assert_int_equal(wait, AUTH_LOCKOUT_SECONDS - 60);
	/* the stranger did not lock the owner out: another address logs in */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_B, NULL, SESSION_WEB, last + 61, &s),
			 APP_OK);
	/* and the attacking address may still try other accounts (until its own limit) */
	assert_int_equal(auth_throttle_check(f->db, "tran.b", ADDR_A, last + 60, &wait), 0);
	assert_int_equal(wait, 0);
	/* after the lockout: allowed again */
	int64_t after = last + AUTH_LOCKOUT_SECONDS;
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_A, NULL, SESSION_WEB, after, &s), APP_OK);
	/* success cleared the pair: four more failures do not lock */
	for (int i = 0; i < AUTH_PAIR_FAILURES - 1; i++)
		assert_int_equal(auth_login(f->db, "nguyenvana", "sai", ADDR_A, NULL, SESSION_WEB, after + 1 + i, &s),
				 APP_UNAUTHENTICATED);
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_A, NULL, SESSION_WEB, after + 10, &s),
			 APP_OK);
	/* unknown usernames are counted as well */
	for (int i = 0; i < AUTH_PAIR_FAILURES; i++)
		assert_int_equal(auth_login(f->db, "khong.co.ai", "x", ADDR_B, NULL, SESSION_WEB, T0 + i, &s),
				 APP_UNAUTHENTICATED);
	assert_int_equal(auth_login(f->db, "khong.co.ai", "x", ADDR_B, NULL, SESSION_WEB, T0 + 10, &s),
			 APP_RATE_LIMITED);
	assert_chain_intact(f->db);
}

static void test_throttle_address(void **state)
{
	struct fixture *f = *state;
	struct auth_session s;
	char user[32];
	/* twenty different usernames from one address */
	for (int i = 0; i < AUTH_ADDR_FAILURES; i++) {
		snprintf(user, sizeof(user), "user%02d", i);
		assert_int_equal(auth_login(f->db, user, "sai mật khẩu rồi", "198.51.100.7", NULL, SESSION_WEB, T0 + i,
					    &s), APP_UNAUTHENTICATED);
	}
	int64_t last = T0 + AUTH_ADDR_FAILURES - 1;
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "198.51.100.7", NULL, SESSION_WEB, last + 1, &s),
			 APP_RATE_LIMITED);
	assert_int_equal(s.retry_after, AUTH_LOCKOUT_SECONDS - 1);
	/* the same account from another address is fine */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "198.51.100.8", NULL, SESSION_WEB, last + 1, &s),
			 APP_OK);
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "198.51.100.7", NULL, SESSION_WEB,
				    last + AUTH_LOCKOUT_SECONDS, &s), APP_OK);
}

static void test_throttle_ipv6_prefix(void **state)
{
	/* IPv6 addresses count by their /64: changing the low bits does not help */
	struct fixture *f = *state;
	struct auth_session s;
	char addr[64];
	for (int i = 0; i < AUTH_PAIR_FAILURES; i++) {
		snprintf(addr, sizeof(addr), "2001:db8:1:2::%x", i + 1);
		assert_int_equal(auth_login(f->db, "nguyenvana", "sai", addr, NULL, SESSION_WEB, T0 + i, &s),
				 APP_UNAUTHENTICATED);
	}
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "2001:db8:1:2:aaaa::1", NULL, SESSION_WEB,
				    T0 + 10, &s), APP_RATE_LIMITED);
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "2001:db8:1:3::1", NULL, SESSION_WEB, T0 + 10,
				    &s), APP_OK);
}

static void test_throttle_distributed(void **state)
{
	/* one account attacked from many addresses, one failure each */
	struct fixture *f = *state;
	struct auth_session s;
	char addr[32];
	int64_t t = T0;
	int n = AUTH_ACCOUNT_SLOW + 6;
	for (int i = 0; i < n; i++) {
		snprintf(addr, sizeof(addr), "203.0.113.%d", i + 1);
		assert_int_equal(auth_login(f->db, "nguyenvana", "đoán mò", addr, NULL, SESSION_WEB, t, &s),
				 APP_UNAUTHENTICATED);
	}
	/* an address that failed must now wait the account's delay, even with
	 * fewer than AUTH_PAIR_FAILURES failures of its own */
	int64_t d = auth_throttle_slow_delay((uint32_t)n);
	assert_int_equal(d, 64);
	assert_int_equal(auth_login(f->db, "nguyenvana", "đoán mò 2", "203.0.113.1", NULL, SESSION_WEB, t + 1, &s),
			 APP_RATE_LIMITED);
	assert_int_equal(s.retry_after, d - 1);
	/* the owner, from an address with no failure on it, logs in */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, "192.0.2.200", NULL, SESSION_WEB, t + 1, &s),
			 APP_OK);
	/* after the delay the failed address is checked again */
	assert_int_equal(auth_login(f->db, "nguyenvana", "đoán mò 3", "203.0.113.1", NULL, SESSION_WEB, t + d, &s),
			 APP_UNAUTHENTICATED);
	/* ...and the delay has doubled */
	assert_int_equal(auth_login(f->db, "nguyenvana", "đoán mò 4", "203.0.113.2", NULL, SESSION_WEB, t + d + 1,
				    &s), APP_RATE_LIMITED);
	assert_int_equal(s.retry_after, 2 * d - 1);
	/* other accounts are not slowed down */
	assert_int_equal(auth_throttle_check(f->db, "tran.b", "203.0.113.2", t + d + 1, &s.retry_after), 0);
	assert_int_equal(s.retry_after, 0);
}

static int64_t count_rows(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static void test_throttle_in_database(void **state)
{
	/* the counters are rows of login_throttle, so every server on the
	 * database reads them; stale ones are deleted by the housekeeping */
	struct fixture *f = *state;
	struct auth_session s;
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle"), 0);
	for (int i = 0; i < AUTH_PAIR_FAILURES; i++)
		assert_int_equal(auth_login(f->db, "nguyenvana", "sai", ADDR_A, NULL, SESSION_WEB, T0 + i, &s),
				 APP_UNAUTHENTICATED);
	/* address, (username, address) and username; nothing in clear */
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle"), 3);
	assert_int_equal(count_rows(f->db, "SELECT max(count) FROM login_throttle"), AUTH_PAIR_FAILURES);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle WHERE length(key) = 16"), 3);
	/* a refused attempt writes nothing */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_A, NULL, SESSION_WEB, T0 + 10, &s),
			 APP_RATE_LIMITED);
	assert_int_equal(count_rows(f->db, "SELECT sum(count) FROM login_throttle"), 3 * AUTH_PAIR_FAILURES);
	/* the right password from another address: counted, then taken back */
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_B, NULL, SESSION_WEB, T0 + 11, &s), APP_OK);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle"), 3);
	/* still throttled until the lockout ends; kept while it may matter */
	int64_t last = T0 + AUTH_PAIR_FAILURES - 1, n = 0;
	assert_int_equal(auth_purge_expired(f->db, last + AUTH_LOCKOUT_SECONDS, &n), APP_OK);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle"), 3);
	/* stale counters go */
	assert_int_equal(auth_purge_expired(f->db, last + AUTH_FAILURE_WINDOW + AUTH_LOCKOUT_SECONDS, &n), APP_OK);
	assert_int_equal(count_rows(f->db, "SELECT count(*) FROM login_throttle"), 0);
	assert_int_equal(auth_login(f->db, "nguyenvana", PASSWORD, ADDR_A, NULL, SESSION_WEB,
				    last + AUTH_FAILURE_WINDOW + AUTH_LOCKOUT_SECONDS, &s), APP_OK);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	/* cheap argon2id parameters for the test build (see app/auth.h) */
	setenv("DANVAN_PWHASH_FAST", "1", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_throttle_rule),
		cmocka_unit_test_setup_teardown(test_account_created_and_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_in_tx_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_lookup_and_logout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web_session_idle_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_web_session_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_token_lifetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csrf_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_and_reset_end_sessions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_ipv6_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_distributed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_throttle_in_database, setup, teardown),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
