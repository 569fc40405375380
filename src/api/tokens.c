/*
 * tokens.c - POST /api/v1/tokens (log in, get a Bearer token) and
 * DELETE /api/v1/tokens/current (revoke the token in use).
 */
#include "api.h"
#include "app/auth.h"
#include "http/response.h"
#include "store/db.h"
#include "core/timefmt.h"
#include "web/web.h"

#include <sodium.h>
#include <strings.h>

int api_tokens_create(struct request *req)
{
	static const char *const allowed[] = { "username", "password", NULL };
	json_t *in = api_body(req, allowed);
	if (!in)
		return 0;
	json_t *errors = json_object();
	const char *user = api_str(in, "username", errors);
	const char *pass = api_str(in, "password", errors);
	if (!user && !json_object_get(errors, "username"))
		json_object_set_new(errors, "username", json_string("Vui lòng nhập tên đăng nhập"));
	if (!pass && !json_object_get(errors, "password"))
		json_object_set_new(errors, "password", json_string("Vui lòng nhập mật khẩu"));
	if (json_object_size(errors))
		return http_error_fields(req, 422, "validation_failed", "username and password are required", errors);
	json_decref(errors);
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct auth_session s;
	int r = auth_login(db, user, pass, req->client, req_header(req, "User-Agent"), SESSION_API,
			   (int64_t)time(NULL), &s);
	int rc;
	switch (r) {
	case APP_OK: {
		char exp[26];
		rc = http_json(req, 201, json_pack("{s:s, s:s}", "token", s.token, "expires_at",
						   fmt_iso8601_vn(s.expires_at, exp)));
		if (rc < 0 || http_status(req) != 201) /* the token cannot be handed out: end it */
			(void)auth_logout(db, s.token, req->client);
		break;
	}
	case APP_UNAUTHENTICATED:
		rc = http_error(req, app_rc_http(r), app_rc_code(r), app_rc_message(r));
		break;
	case APP_FORBIDDEN:
		rc = http_error(req, app_rc_http(r), app_rc_code(r), "Tài khoản đã bị khoá.");
		break;
	case APP_RATE_LIMITED: {
		char ra[24];
		snprintf(ra, sizeof(ra), "%lld", (long long)s.retry_after);
		http_header(req, "Retry-After", ra);
		rc = http_error(req, app_rc_http(r), app_rc_code(r), "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.");
		break;
	}
	default:
		rc = http_error(req, 503, "unavailable", NULL);
	}
	sodium_memzero(&s, sizeof(s));
	return rc;
}

int api_tokens_delete(struct request *req)
{
	const char *h = req_header(req, "Authorization");
	struct db *db = web_db(req);
	if (!db)
		return 0;
	if (!h || strncasecmp(h, "Bearer ", 7))
		return http_error(req, 401, "unauthenticated", NULL);
	int rc = auth_logout(db, h + 7, req->client);
	if (rc < 0 && rc != APP_NOT_FOUND)
		return http_error(req, 503, "unavailable", NULL);
	return http_bytes(req, 204, NULL, "", 0);
}
