/*
 * page_auth.c - officer log in (/dang-nhap) and log out (/dang-xuat); the
 * session cookie is set only on a response that is sure to be sent.
 */
#include "pages.h"
#include "web.h"
#include "app/auth.h"
#include "store/db.h"

#include <sodium.h>

#define NEXT_MAX 2048

/*
 * Only local paths are followed after log in: "/" then printable ASCII
 * (what a path and query look like once percent-encoded), no "//host" nor
 * a backslash, which browsers read as "/". Anything else - control
 * characters, spaces, other bytes, too long - goes to the inbox.
 */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/')
		return "/quan-ly";
	size_t i = 0;
	for (; next[i]; i++) {
		unsigned char c = (unsigned char)next[i];
		if (c <= 0x20 || c >= 0x7f || c == '\\' || i >= NEXT_MAX)
			return "/quan-ly";
	}
	return next;
}

static int login_page(struct request *req, int status, const char *username, const char *next,
		      const char *error)
{
	json_t *d = json_pack("{s:s, s:s}", "username", username ? username : "", "next", safe_next(next));
	if (d && error)
		json_object_set_new(d, "error", json_string(error));
	return web_page(req, status, "dang-nhap", d);
}

int page_login_form(struct request *req)
{
	if (req->session)
		return http_redirect(req, 303, safe_next(req_query(req, "next")));
	return login_page(req, 200, NULL, req_query(req, "next"), NULL);
}

int page_login(struct request *req)
{
	const char *user = req_form(req, "username");
	const char *pass = req_form(req, "password");
	const char *next = req_form(req, "next");
	if (!user || !*user || !pass || !*pass)
		return login_page(req, 422, user, next, "Vui lòng nhập tên đăng nhập và mật khẩu.");
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct auth_session s;
	int r = auth_login(db, user, pass, req->client, req_header(req, "User-Agent"), SESSION_WEB,
			   (int64_t)time(NULL), &s);
	int rc;
	switch (r) {
	case APP_OK:
		/* the redirect first, the session cookie last: if anything fails,
		 * the session is ended and no cookie goes out */
		rc = http_redirect(req, 303, safe_next(next));
		if (rc == 0)
			rc = http_set_cookie(req, "sid", s.token, -1, 0);
		if (rc < 0) {
			(void)auth_logout(db, s.token, req->client);
			rc = http_error(req, 500, "internal_error", NULL);
			break;
		}
		(void)http_set_cookie(req, "csrf", "", 0, 0);
		web_flash(req, "logged_in");
		break;
	case APP_UNAUTHENTICATED:
		rc = login_page(req, app_rc_http(r), user, next, app_rc_message(r));
		break;
	case APP_FORBIDDEN:
		rc = login_page(req, app_rc_http(r), user, next,
				"Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị viên.");
		break;
	case APP_RATE_LIMITED: {
		char ra[24], msg[200];
		long mins = (long)((s.retry_after + 59) / 60);
		snprintf(ra, sizeof(ra), "%lld", (long long)s.retry_after);
		snprintf(msg, sizeof(msg), "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau %ld phút.", mins);
		http_header(req, "Retry-After", ra);
		rc = login_page(req, app_rc_http(r), user, next, msg);
		break;
	}
	default:
		rc = http_error(req, 503, "unavailable", NULL);
	}
	sodium_memzero(&s, sizeof(s));
	return rc;
}

int page_logout(struct request *req)
{
	const char *sid = req_cookie(req, "sid");
	struct db *db = web_db(req);
	if (!db)
		return 0;
	if (sid && auth_logout(db, sid, req->client) < 0) {
		/* already ended: nothing to undo */
	}
	(void)http_set_cookie(req, "sid", "", 0, 0);
	return web_see_other(req, "/", "logged_out");
}
