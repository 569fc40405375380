/*
 * web.c - the application side of the HTTP server: session loading,
 * ROUTE_LOGIN / ROUTE_ADMIN / ROUTE_CSRF enforcement, page rendering into
 * the layout, CSRF tokens for anonymous forms and flash notices.
 */
#include "web.h"
#include "cache.h"
#include "pages.h"
#include "view_feedback.h"
#include "app/submit.h"
#include "app/auth.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/tmpl.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/stamp_pg.h"

#include <sodium.h>
#include <stddef.h>
#include <strings.h>

struct web_state web_state;

struct db *web_db(struct request *req)
{
	struct db *db = db_thread();
	if (!db)
		http_error(req, 503, "unavailable", "Hệ thống đang bận, vui lòng thử lại sau ít phút.");
	return db;
}

void web_actor(const struct request *req, struct audit_actor *out)
{
	const struct session *s = req->session;
	if (s) {
		auth_actor(s, req->client, out);
	} else {
		out->account_id = 0;
		out->name = "citizen";
		out->addr = req->client;
	}
}

const char *web_clip(struct request *req, const char *s, size_t max)
{
	if (!s || strlen(s) <= max)
		return s;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* s[n] would start the cut: step back to a character start */
	return arena_strndup(req->arena, s, n);
}

json_t *web_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const struct {
	const char *key, *text;
} flashes[] = {
	{ "logged_in", "Đăng nhập thành công." },
	{ "logged_out", "Bạn đã đăng xuất." },
	{ "saved", "Đã lưu thay đổi." },
	{ "unit_created", "Đã thêm đơn vị." },
	{ "unit_renamed", "Đã đổi tên đơn vị." },
	{ "unit_moved", "Đã chuyển đơn vị sang cấp trên mới." },
	{ "unit_closed", "Đã giải thể đơn vị. Lịch sử của đơn vị vẫn được giữ lại." },
	{ "unit_merged", "Đã sáp nhập. Việc đang xử lý và vai trò đã chuyển về đơn vị này." },
	{ "unit_split", "Đã chia tách đơn vị." },
	{ "account_created", "Đã tạo tài khoản." },
	{ "password_reset", "Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản đã kết thúc." },
	{ "account_disabled", "Đã khoá tài khoản." },
	{ "account_enabled", "Đã mở khoá tài khoản." },
	{ "role_granted", "Đã giao vai trò." },
	{ "role_revoked", "Đã thu hồi vai trò." },
	{ "event_done", "Đã ghi nhận thao tác." },
	{ "rated", "Cảm ơn bạn đã đánh giá câu trả lời." },
};

static const char *flash_text(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < sizeof(flashes) / sizeof(flashes[0]); i++)
		if (!strcmp(flashes[i].key, key))
			return flashes[i].text;
	return NULL;
}

void web_flash(struct request *req, const char *key)
{
	if (flash_text(key))
		(void)http_set_cookie(req, "flash", key, 60, 0);
}

/* 16 random bytes as 32 hex characters, from the arena. */
static char *random_hex(struct arena *a)
{
	unsigned char b[16];
	char *out = arena_alloc(a, 33);
	if (!out)
		return NULL;
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, 33, b, sizeof(b));
	return out;
}

const char *web_csrf(struct request *req)
{
	const struct session *s = req->session;
	if (s && s->csrf)
		return s->csrf;
	const char *c = req_cookie(req, "csrf");
	if (c && strlen(c) == 32)
		return c;
	char *tok = random_hex(req->arena);
	if (!tok)
		return NULL;
	(void)http_set_cookie(req, "csrf", tok, -1, 0);
	return tok;
}

int web_has_role_anywhere(struct request *req, const char *role)
{
	const struct session *s = req->session;
	struct db *db;
	if (!s)
		return 0;
	if (!(db = db_thread()))
		return -1;
	unsigned mask = role_from_name(role);
	struct perm_grant_list g;
	if (!mask)
		return 0;
	if (perm_list_grants(db, req->arena, s->account.id, &g) < 0)
		return -1;
	for (size_t i = 0; i < g.n; i++)
		if (g.items[i].role & mask)
			return 1;
	return 0;
}

json_t *web_error_list(json_t *fields)
{
	json_t *list = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v)
		json_array_append_new(list, json_pack("{s:s, s:O}", "field", k, "message", v));
	return list;
}

/*
 * Whether the page needs a CSRF token: always for an officer (the layout's
 * log-out form), and for an anonymous visitor only on the pages with a
 * POST form for them - the log-in form, the send form, and an item page
 * showing its sender the rating form. Other anonymous pages then need no
 * random token and set no cookie, which keeps the busiest public pages
 * cheap and identical for every visitor.
 */
static int anonymous_form(const struct session *s, const char *page, json_t *data)
{
	if (s)
		return 1;
	if (!strcmp(page, "dang-nhap") || !strcmp(page, "phan-anh/gui"))
		return 1;
	if (!strcmp(page, "phan-anh/chi-tiet"))
		return json_is_true(json_object_get(json_object_get(data, "item"), "can_rate"));
	return 0;
}

int web_page(struct request *req, int status, const char *page, json_t *data)
{
	const struct session *s = req->session;
	if (!data)
		data = json_object();
	if (s)
		json_object_set_new(data, "user", json_pack("{s:s, s:s}", "username", s->account.username,
							    "display_name", s->account.display_name));
	if (!json_object_get(data, "csrf") && anonymous_form(s, page, data)) {
		const char *csrf = web_csrf(req);
		if (csrf)
			json_object_set_new(data, "csrf", json_string(csrf));
	}
	const char *fk = req_cookie(req, "flash");
	const char *ft = flash_text(fk);
	if (ft) {
		json_object_set_new(data, "flash", json_string(ft));
		(void)http_set_cookie(req, "flash", "", 0, 0);
	}
	if (json_object_get(data, "errors") && !json_object_get(data, "error_list"))
		json_object_set_new(data, "error_list", web_error_list(json_object_get(data, "errors")));
	sbuf_reset(req->out);
	int rc = tmpl_render_page(web_state.tmpl, page, data, req->out);
	json_decref(data);
	if (rc < 0) {
		fprintf(stderr, "error: rendering '%s': %s\n", page, tmpl_strerror(rc));
		sbuf_reset(req->out);
		return http_error(req, 500, "internal_error", NULL);
	}
	return http_html(req, status, NULL);
}

int web_see_other(struct request *req, const char *location, const char *flash)
{
	if (flash)
		web_flash(req, flash);
	return http_redirect(req, 303, location);
}

/* --- hooks ---------------------------------------------------------------- */

static int load_session(struct request *req, int json)
{
	const char *token = NULL;
	if (json) {
		const char *h = req_header(req, "Authorization");
		if (h && !strncasecmp(h, "Bearer ", 7))
			token = h + 7;
		else if (h)
			return http_error(req, 401, "unauthenticated", "Authorization must be 'Bearer TOKEN'"), 1;
	} else {
		token = req_cookie(req, "sid");
	}
	if (!token || !*token)
		return 0;
	struct db *db = web_db(req);
	if (!db)
		return 1;
	struct session *s = arena_zalloc(req->arena, sizeof(*s));
	if (!s)
		return -1;
	int rc = auth_session_from_token(db, token, (int64_t)time(NULL), req->arena, s);
	if (rc == 0 && s->kind == (json ? SESSION_API : SESSION_WEB)) {
		req->session = s;
		return 0;
	}
	if (rc < 0 && rc != APP_NOT_FOUND) {
		http_error(req, 503, "unavailable", "Hệ thống đang bận, vui lòng thử lại sau ít phút.");
		return 1;
	}
	if (json) {
		http_error(req, 401, "unauthenticated", "the token is unknown or has expired; ask for a new one at POST /api/v1/tokens");
		return 1;
	}
	(void)http_set_cookie(req, "sid", "", 0, 0); /* stale cookie: drop it */
	return 0;
}

static int csrf_ok(struct request *req)
{
	const char *sent = req_form(req, "csrf");
	if (!sent)
		sent = req_header(req, "X-CSRF-Token");
	if (!sent)
		return 0;
	const struct session *s = req->session;
	if (s)
		return auth_csrf_check(s, sent) == 0;
	const char *c = req_cookie(req, "csrf");
	size_t n = c ? strlen(c) : 0;
	return n == 32 && strlen(sent) == n && sodium_memcmp(c, sent, n) == 0;
}

/* A state-changing request to a ROUTE_CSRF route? */
static int csrf_applies(const struct request *req, const struct route *route)
{
	return (route->flags & ROUTE_CSRF) && strcmp(req->method, "GET") && strcmp(req->method, "HEAD");
}

static int csrf_refuse(struct request *req)
{
	http_error(req, 403, "csrf_failed",
		   "Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.");
	return 1;
}

/*
 * From the headers alone, before the body is read: the session, login,
 * the administrator check, and a CSRF check that cannot pass whatever the
 * body holds (a visitor with neither session nor CSRF cookie). A large
 * body to a route the sender may not use is thus never read.
 */
static int before_body(struct request *req, const struct route *route)
{
	int json = (route->flags & ROUTE_JSON) != 0;
	int rc = load_session(req, json);
	if (rc)
		return rc;
	if ((route->flags & (ROUTE_LOGIN | ROUTE_ADMIN)) && !req->session) {
		if (json) {
			http_error(req, 401, "unauthenticated", "log in first: POST /api/v1/tokens, then send 'Authorization: Bearer TOKEN'");
			return 1;
		}
		struct sbuf *loc = arena_sbuf(req->arena, 4096);
		if (!loc || sbuf_addstr(loc, "/dang-nhap?next=") < 0 ||
		    sbuf_add_urlenc(loc, req->path, strlen(req->path)) < 0)
			return -1;
		http_redirect(req, 303, loc->buf);
		return 1;
	}
	if (route->flags & ROUTE_ADMIN) {
		int admin = web_has_role_anywhere(req, "admin");
		if (admin < 0) {
			http_error(req, 500, NULL, NULL);
			return 1;
		}
		if (!admin) {
			http_error(req, 403, "forbidden", "Chức năng này dành cho quản trị viên.");
			return 1;
		}
	}
	if (csrf_applies(req, route) && !req->session) {
		/* csrf_ok compares an anonymous token with this cookie */
		const char *c = req_cookie(req, "csrf");
		if (!c || strlen(c) != 32)
			return csrf_refuse(req);
	}
	return 0;
}

/* After the body is parsed: the CSRF token (it is a form field). */
static int before(struct request *req, const struct route *route)
{
	if (csrf_applies(req, route) && !csrf_ok(req))
		return csrf_refuse(req);
	return 0;
}

static const char *error_heading(int status)
{
	switch (status) {
	case 400: return "Yêu cầu không hợp lệ";
	case 401: return "Cần đăng nhập";
	case 403: return "Không có quyền truy cập";
	case 404: return "Không tìm thấy trang";
	case 405: return "Phương thức không được hỗ trợ";
	case 409: return "Thao tác không thực hiện được";
	case 413: return "Nội dung gửi lên quá lớn";
	case 414: return "Địa chỉ quá dài";
	case 415: return "Định dạng không được hỗ trợ";
	case 422: return "Dữ liệu chưa hợp lệ";
	case 429: return "Bạn thao tác quá nhanh";
	case 431: return "Yêu cầu quá lớn";
	case 501: return "Chức năng không được hỗ trợ";
	case 503: return "Hệ thống đang bận";
	default: return "Đã có lỗi xảy ra";
	}
}

static int render_error(struct request *req, int status, const char *code, const char *message)
{
	if (!web_state.tmpl)
		return -1;
	json_t *data = json_pack("{s:i, s:s, s:s, s:s}", "status", status, "code", code ? code : "",
				 "heading", error_heading(status), "message", message ? message : "");
	if (!data)
		return -1;
	return web_page(req, status, "error", data);
}

/* The application's own lines of /metrics. */
static int app_metrics(struct sbuf *out, void *ctx)
{
	uint64_t h, m;
	cache_counts(&h, &m);
	if (sbuf_addf(out, "# HELP danvan_cache_hits_total Public views served from the response cache.\n"
			   "# TYPE danvan_cache_hits_total counter\n"
			   "danvan_cache_hits_total %llu\n"
			   "# HELP danvan_cache_misses_total Public views built because the cache had no current copy.\n"
			   "# TYPE danvan_cache_misses_total counter\n"
			   "danvan_cache_misses_total %llu\n",
		      (unsigned long long)h, (unsigned long long)m) < 0)
		return -1;
	/* pgstamp: the version stamps kept in memory on PostgreSQL (store/stamp_pg.h) */
	struct stamp_stats ss;
	stamp_get_stats(&ss);
	if (ss.enabled &&
	    sbuf_addf(out, "# HELP danvan_stamp_listener_up 1 while version stamps in memory are trusted (PostgreSQL).\n"
			   "# TYPE danvan_stamp_listener_up gauge\n"
			   "danvan_stamp_listener_up %d\n"
			   "# HELP danvan_stamp_listener_losses_total Times the stamp listener's connection was lost.\n"
			   "# TYPE danvan_stamp_listener_losses_total counter\n"
			   "danvan_stamp_listener_losses_total %llu\n"
			   "# HELP danvan_stamp_memory_hits_total Version stamps answered from memory.\n"
			   "# TYPE danvan_stamp_memory_hits_total counter\n"
			   "danvan_stamp_memory_hits_total %llu\n"
			   "# HELP danvan_stamp_reads_total Version stamps read from the database.\n"
			   "# TYPE danvan_stamp_reads_total counter\n"
			   "danvan_stamp_reads_total %llu\n"
			   "# HELP danvan_stamp_notes_total Stamp changes announced by the database.\n"
			   "# TYPE danvan_stamp_notes_total counter\n"
			   "danvan_stamp_notes_total %llu\n",
		      ss.up, (unsigned long long)ss.losses, (unsigned long long)ss.hits,
		      (unsigned long long)ss.reads, (unsigned long long)ss.notes) < 0)
		return -1;
	if (!view_submit_queue)
		return 0;
	struct submit_stats st;
	submit_get_stats(view_submit_queue, &st);
	static const struct {
		const char *name, *help;
		size_t off;
	} rows[] = {
		{ "submit_items_total", "Submissions committed and acknowledged.", offsetof(struct submit_stats, items) },
		{ "submit_failed_total", "Submissions answered with an error.", offsetof(struct submit_stats, failed) },
		{ "submit_batches_total", "Group-commit transactions.", offsetof(struct submit_stats, batches) },
		{ "submit_syncs_total", "Log syncs that made batches durable.", offsetof(struct submit_stats, syncs) },
		{ "submit_checkpoints_total", "Checkpoints of the write-ahead log.",
		  offsetof(struct submit_stats, checkpoints) },
		{ "search_indexed_total", "New items added to the search index by the writer.",
		  offsetof(struct submit_stats, indexed) },
		{ "search_merge_steps_total", "Idle-time merge steps of the search index.",
		  offsetof(struct submit_stats, merge_steps) },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t v;
		memcpy(&v, (const char *)&st + rows[i].off, sizeof(v));
		if (sbuf_addf(out, "# HELP danvan_%s %s\n# TYPE danvan_%s counter\ndanvan_%s %llu\n", rows[i].name,
			      rows[i].help, rows[i].name, rows[i].name, (unsigned long long)v) < 0)
			return -1;
	}
	if (sbuf_addf(out, "# HELP danvan_submit_queued Submissions waiting for the writer.\n"
			   "# TYPE danvan_submit_queued gauge\ndanvan_submit_queued %llu\n",
		      (unsigned long long)st.queued) < 0)
		return -1;
	return 0;
}

const struct http_hooks web_hooks = {
	.ctx = &web_state,
	.before_body = before_body,
	.before = before,
	.after = NULL,
	.render_error = render_error,
	.metrics = app_metrics,
};
