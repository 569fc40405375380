/*
 * server.c - libmicrohttpd glue: request set-up on the request line, the
 * framing, route, ROUTE_PRIVATE and login checks from the headers alone,
 * body intake with limits (http/body.h), dispatch on the final call of the
 * access handler (never the first, so keep-alive connections stay open),
 * response assembly with the security headers, access log, metrics, the
 * connection guard (http/guard.h), signals and graceful shutdown.
 */
#include "http/server.h"
#include "http/guard.h"
#include "http/metrics.h"
#include "http/response.h"
#include "http/static.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <strings.h>
#include <unistd.h>

enum stage { STAGE_NEW = 0, STAGE_BODY = 1 };
/* req->priv.susp_state: see http_suspend() */
enum susp_state { SUSP_NONE = 0, SUSP_WANTED, SUSP_SUSPENDED, SUSP_RESUMING };

/* Body bytes read and dropped after an error, before the connection is cut. */
#define HTTP_DISCARD_MAX (1024 * 1024)

struct http_server {
	struct http_config cfg; /* defaults resolved */
	struct router router;
	struct metrics *metrics;
	struct http_hooks hooks;
	struct http_env env;
	struct MHD_Daemon *daemon;
	struct guard *guard;
	struct body_budget bodies;
	FILE *log;
	unsigned port;
	char url[96];
	int wake[2];
	atomic_int draining; /* http_server_stop: new connections are closed at accept */
};

static uint64_t now_ns(void)
{
	return (uint64_t)mono_ns();
}

static void log_msg(const struct http_server *srv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void log_msg(const struct http_server *srv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(srv->log, fmt, ap);
	va_end(ap);
}

/* ---- listen address ---- */

int http_parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *port_str;
	memset(ss, 0, sizeof(*ss));
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof(host))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(close - listen - 1), listen + 1);
		port_str = close + 2;
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return -1;
		s6->sin6_family = AF_INET6;
		*len = sizeof(*s6);
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof(host))
			return -1;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
		port_str = colon + 1;
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		if (!strcmp(host, "localhost"))
			snprintf(host, sizeof(host), "127.0.0.1");
		if (!host[0] || !strcmp(host, "*"))
			s4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return -1;
		s4->sin_family = AF_INET;
		*len = sizeof(*s4);
	}
	long port;
	if (parse_long_str(port_str, 0, 65535, &port) < 0)
		return -1;
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	return 0;
}

/* ---- per-request set-up (first call of the access handler) ---- */

static const char *client_address(struct request *req)
{
	char buf[INET6_ADDRSTRLEN];
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->priv.conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *addr = "";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			addr = inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			addr = inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
		if (!addr)
			addr = "";
	}
	if (req->priv.env->trust_proxy) {
		const char *xff = req_header(req, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ' || *last == '\t')
				last++;
			char ip[INET6_ADDRSTRLEN];
			size_t n = strcspn(last, " \t");
			unsigned char tmp[sizeof(struct in6_addr)];
			if (n < sizeof(ip)) {
				memcpy(ip, last, n);
				ip[n] = '\0';
				if (inet_pton(AF_INET, ip, tmp) == 1 || inet_pton(AF_INET6, ip, tmp) == 1)
					return arena_strdup(req->arena, ip);
			}
		}
	}
	return arena_strdup(req->arena, addr);
}

static int has_body(struct request *req)
{
	const char *cl = req_header(req, "Content-Length");
	if (req_header(req, "Transfer-Encoding"))
		return 1;
	return cl && strcmp(cl, "0") != 0;
}

/* The connection's guard record (NULL once it is closed). */
static struct guard_conn *conn_guard(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* ---- framing: how long the body is, said once ---- */

struct framing {
	unsigned n_length, n_coding;
	const char *length, *coding;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind,
				     const char *key, const char *value)
{
	struct framing *f = cls;
	if (!key)
		return MHD_YES;
	if (!strcasecmp(key, "Content-Length")) {
		f->n_length++;
		f->length = value ? value : "";
	} else if (!strcasecmp(key, "Transfer-Encoding")) {
		f->n_coding++;
		f->coding = value ? value : "";
	}
	return MHD_YES;
}

/* Is s, without surrounding blanks, "chunked" (any case)? */
static int is_chunked(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncasecmp(s, "chunked", 7))
		return 0;
	for (s += 7; *s == ' ' || *s == '\t'; s++)
		;
	return *s == '\0';
}

/*
 * Refuse a request whose body length is ambiguous (request smuggling: a
 * proxy in front may take the other reading): two Content-Length headers
 * (even equal ones), Content-Length with Transfer-Encoding, more than one
 * Transfer-Encoding, a Content-Length that is not digits, and any
 * transfer coding but chunked (501: "chunked, identity" would otherwise
 * be read to the end of the connection). On refusal the response is set
 * and the connection is to be closed; *length is the announced length,
 * or BODY_UNKNOWN for chunked, 0 without a body.
 */
static int check_framing(struct request *req, uint64_t *length)
{
	struct framing f = { 0 };
	*length = 0;
	if (req->priv.conn)
		MHD_get_connection_values(req->priv.conn, MHD_HEADER_KIND, count_framing, &f);
	if (f.n_length > 1 || f.n_coding > 1 || (f.n_length && f.n_coding)) {
		http_error(req, 400, "bad_request", "Độ dài nội dung của yêu cầu không rõ ràng");
		return -1;
	}
	if (f.n_coding) {
		if (!is_chunked(f.coding)) {
			http_error(req, 501, "not_implemented",
				   "Máy chủ chỉ nhận nội dung gửi lên theo Transfer-Encoding: chunked");
			return -1;
		}
		*length = BODY_UNKNOWN;
		return 0;
	}
	if (f.n_length) {
		const char *p = f.length;
		uint64_t n;
		if (parse_uint(&p, p + strlen(p), &n, UINT64_MAX - 1) < 0 || *p) {
			http_error(req, 400, NULL, NULL);
			return -1;
		}
		*length = n;
	}
	return 0;
}

/* ---- ROUTE_PRIVATE ---- */

static int is_loopback(const struct sockaddr *sa)
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

/* Equal strings, in time independent of where they differ and of their
 * lengths (both are hashed first). */
static int token_equal(const char *a, const char *b)
{
	unsigned char ha[32], hb[32];
	crypto_generichash(ha, sizeof(ha), (const unsigned char *)a, strlen(a), NULL, 0);
	crypto_generichash(hb, sizeof(hb), (const unsigned char *)b, strlen(b), NULL, 0);
	return sodium_memcmp(ha, hb, sizeof(ha)) == 0;
}

/* May this request see a ROUTE_PRIVATE route? See router.h. */
static int private_allowed(const struct http_server *srv, struct request *req)
{
	const char *token = srv->cfg.metrics_token;
	if (token && *token) {
		const char *h = req_header(req, "Authorization");
		return h && !strncasecmp(h, "Bearer ", 7) && token_equal(h + 7, token);
	}
	/* a local reverse proxy connects from loopback for anyone: a request
	 * it forwarded is not local, whether or not --trust-proxy is on */
	if (req_header(req, "X-Forwarded-For") || req_header(req, "Forwarded") ||
	    req_header(req, "X-Real-IP"))
		return 0;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->priv.conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	return ci && is_loopback(ci->client_addr);
}

static enum MHD_Result collect_cookie(void *cls, enum MHD_ValueKind kind,
				      const char *key, const char *value)
{
	struct request *req = cls;
	if (key && value && !strcasecmp(key, "Cookie"))
		return request_set_cookies(req, value) == FORM_OK ? MHD_YES : MHD_NO;
	return MHD_YES;
}

static void begin(struct http_server *srv, struct request *req, const char *method)
{
	const char *s;
	if (!(s = arena_strdup(req->arena, method)) || !(req->client = client_address(req))) {
		http_error(req, 500, NULL, NULL);
		return;
	}
	req->method = s;
	if (!utf8_valid(req->method, strlen(req->method))) {
		http_error(req, 400, NULL, NULL);
		return;
	}
	uint64_t length;
	if (check_framing(req, &length) < 0) {
		req->priv.close = 1;
		return;
	}
	enum form_status st = request_set_target(req, req->priv.target ? req->priv.target : "");
	if (st != FORM_OK) {
		http_parse_error(req, st);
		return;
	}
	/* cookies first, so that even a 404 page may show who is logged in */
	MHD_get_connection_values(req->priv.conn, MHD_HEADER_KIND, collect_cookie, req);
	struct router_match m;
	switch (router_match(&srv->router, req->arena, req->method, req->path, &m)) {
	case ROUTER_FOUND:
		break;
	case ROUTER_NOT_FOUND:
		http_error(req, 404, NULL, NULL);
		return;
	case ROUTER_BAD_METHOD:
		if (http_header(req, "Allow", m.allow) < 0)
			http_error(req, 500, NULL, NULL);
		else
			http_error(req, 405, NULL, NULL);
		return;
	case ROUTER_NOMEM:
		http_error(req, 500, NULL, NULL);
		return;
	}
	req->route = m.route;
	req->priv.route_index = m.index;
	memcpy(req->priv.args, m.args, m.nargs * sizeof(m.args[0]));
	req->priv.nargs = m.nargs;
	const struct route *rt = m.route;
	if ((rt->flags & ROUTE_PRIVATE) && !private_allowed(srv, req)) {
		http_error(req, 404, NULL, NULL);
		return;
	}
	req->priv.max_body = rt->max_body ? rt->max_body :
		(rt->flags & ROUTE_UPLOAD) ? srv->cfg.max_upload : srv->cfg.max_body;
	if ((s = req_header(req, "Content-Type")))
		req->content_type = s;
	if (length != BODY_UNKNOWN && length > req->priv.max_body) {
		http_error(req, 413, NULL, NULL);
		return;
	}
	/* login and permissions from the headers, before reading a byte of the body */
	const struct http_hooks *h = &srv->hooks;
	if (h->before_body && h->before_body(req, rt) != 0) {
		if (!http_responded(req))
			http_error(req, 500, NULL, NULL);
		if (h->after)
			h->after(req, rt);
		return;
	}
	if (!length)
		return;
	switch (body_begin(&req->priv.body, &srv->bodies, req->priv.max_body, length)) {
	case BODY_OK:
		break;
	case BODY_TOO_LARGE:
		http_error(req, 413, NULL, NULL);
		break;
	case BODY_BUSY:
		(void)http_header(req, "Retry-After", "10");
		http_error(req, 503, NULL, NULL);
		break;
	case BODY_ERROR:
		log_msg(srv, "error: cannot keep a request body in '%s': %s\n", srv->bodies.dir,
			strerror(errno));
		http_error(req, 500, NULL, NULL);
		break;
	}
}

/* ---- dispatch (final call) ---- */

static void dispatch(struct http_server *srv, struct request *req)
{
	const struct route *rt = req->route;
	if (body_finish(&req->priv.body, &req->body, &req->body_len) != BODY_OK) {
		log_msg(srv, "error: cannot map a request body: %s\n", strerror(errno));
		http_error(req, 500, NULL, NULL);
		return;
	}
	if (!(rt->flags & ROUTE_RAW)) {
		enum form_status st = request_parse_body(req);
		if (st != FORM_OK) {
			http_parse_error(req, st);
			return;
		}
	}
	const struct http_hooks *h = &srv->hooks;
	int r = 0;
	if (h->before)
		r = h->before(req, rt);
	if (r == 0) {
		r = rt->handler(req);
		if (req->priv.susp_state == SUSP_WANTED && !http_responded(req) && r >= 0)
			return; /* answered later: see finish() */
		if (req->priv.susp_state == SUSP_WANTED)
			http_suspend_cancel(req);
		if (!http_responded(req)) {
			if (r >= 0)
				log_msg(srv, "error: handler of route '%s' set no response\n",
					rt->name ? rt->name : rt->pattern);
			http_error(req, 500, NULL, NULL);
		}
	} else if (!http_responded(req)) {
		http_error(req, 500, NULL, NULL);
	}
	if (h->after)
		h->after(req, rt);
}

/* ---- suspension ---- */

static void destroy_mutex(void *m)
{
	pthread_mutex_destroy(m);
}

int http_suspend(struct request *req, int (*then)(struct request *req))
{
	pthread_mutex_t *m = arena_alloc(req->arena, sizeof(*m));
	if (!m || pthread_mutex_init(m, NULL) != 0)
		return -1;
	if (arena_defer(req->arena, destroy_mutex, m) < 0)
		return -1;
	req->priv.susp_lock = m;
	req->priv.then = then;
	req->priv.resumed_early = 0;
	req->priv.susp_state = SUSP_WANTED;
	return 0;
}

void http_suspend_cancel(struct request *req)
{
	req->priv.susp_state = SUSP_NONE;
	req->priv.then = NULL;
}

void http_resume(struct request *req)
{
	pthread_mutex_t *m = req->priv.susp_lock;
	struct MHD_Connection *conn = req->priv.conn;
	pthread_mutex_lock(m);
	int suspended = req->priv.susp_state == SUSP_SUSPENDED;
	if (suspended)
		req->priv.susp_state = SUSP_RESUMING;
	else
		req->priv.resumed_early = 1;
	pthread_mutex_unlock(m);
	/*
	 * Resume only after letting go of the lock and never touch req again:
	 * once resumed, a worker thread may answer, complete and free the
	 * request (its arena holds the lock) at any moment. Resumed while
	 * still holding the lock, the unlock could land on freed memory (seen
	 * as heap corruption under thousands of submissions a second).
	 */
	if (suspended)
		MHD_resume_connection(conn);
}

/* Called on the worker thread after the handler asked for suspension:
 * suspend the connection unless the answer is already there. Returns 1
 * when suspended (queue nothing now), 0 when then() ran and a response is
 * set. */
static int suspend_or_continue(struct request *req)
{
	pthread_mutex_t *m = req->priv.susp_lock;
	pthread_mutex_lock(m);
	if (!req->priv.resumed_early) {
		req->priv.susp_state = SUSP_SUSPENDED;
		MHD_suspend_connection(req->priv.conn);
		pthread_mutex_unlock(m);
		return 1;
	}
	req->priv.susp_state = SUSP_RESUMING;
	pthread_mutex_unlock(m);
	return 0;
}

static void run_then(struct request *req)
{
	int (*then)(struct request *) = req->priv.then;
	req->priv.then = NULL;
	req->priv.susp_state = SUSP_NONE;
	if ((then(req) < 0 || !http_responded(req)) && !http_responded(req))
		http_error(req, 500, NULL, NULL);
}

/* ---- response ---- */

static int add_headers(struct request *req, struct MHD_Response *resp)
{
	static const char *const security[][2] = {
		{ "Content-Security-Policy", HTTP_CSP },
		{ "X-Content-Type-Options", "nosniff" },
		{ "Referrer-Policy", HTTP_REFERRER_POLICY },
		{ "X-Frame-Options", "DENY" },
	};
	int cache = 0;
	for (size_t i = 0; i < sizeof(security) / sizeof(security[0]); i++)
		if (MHD_add_response_header(resp, security[i][0], security[i][1]) != MHD_YES)
			return -1;
	if (req->priv.type &&
	    MHD_add_response_header(resp, "Content-Type", req->priv.type) != MHD_YES)
		return -1;
	for (size_t i = 0; i < req->priv.resp_headers.n; i++) {
		const struct form_field *f = &req->priv.resp_headers.v[i];
		if (!strcasecmp(f->name, "Cache-Control"))
			cache = 1;
		if (MHD_add_response_header(resp, f->name, f->value) != MHD_YES)
			return -1;
	}
	if (!cache && MHD_add_response_header(resp, "Cache-Control", "no-store") != MHD_YES)
		return -1;
	if (req->priv.close && MHD_add_response_header(resp, "Connection", "close") != MHD_YES)
		return -1;
	return 0;
}

static enum MHD_Result queue(struct request *req)
{
	struct MHD_Response *resp = NULL;
	size_t len;
	if (!http_responded(req))
		http_error(req, 500, NULL, NULL);
	if (req->priv.kind == RESP_OUT && req->priv.out.len > 0) {
		char *buf = sbuf_detach(&req->priv.out, &len);
		resp = MHD_create_response_from_buffer_with_free_callback(len, buf, free);
		if (!resp)
			free(buf);
	} else {
		const void *data = req->priv.kind == RESP_BYTES ? req->priv.bytes : "";
		len = req->priv.kind == RESP_BYTES ? req->priv.nbytes : 0;
		resp = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	enum MHD_Result ok = MHD_NO;
	if (add_headers(req, resp) == 0)
		ok = MHD_queue_response(req->priv.conn, (unsigned)req->priv.status, resp);
	MHD_destroy_response(resp);
	req->priv.sent_len = len;
	return ok;
}

static enum MHD_Result finish(struct http_server *srv, struct request *req)
{
	if (req->priv.susp_state == SUSP_RESUMING) {
		/* called again after http_resume(): build the answer now */
		run_then(req);
		if (srv->hooks.after)
			srv->hooks.after(req, req->route);
		return queue(req);
	}
	if (!http_responded(req)) {
		dispatch(srv, req);
		if (req->priv.susp_state == SUSP_WANTED) {
			if (suspend_or_continue(req))
				return MHD_YES;
			run_then(req);
			if (srv->hooks.after)
				srv->hooks.after(req, req->route);
		}
	}
	return queue(req);
}

/* ---- libmicrohttpd callbacks ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *srv = cls;
	struct request *req = request_create(&srv->env);
	if (!req)
		return NULL;
	req->priv.start_ns = now_ns();
	req->priv.conn = conn;
	req->priv.route_index = srv->router.n;
	req->priv.target = arena_strdup(req->arena, uri ? uri : "");
	if (!req->priv.target) {
		/* answered 500 by queue_oom, as when the request was not created */
		request_free(req);
		return NULL;
	}
	/*
	 * libmicrohttpd 0.9.75 next splits the query into its own list of
	 * arguments in the connection's pool (header_limit bytes): a few
	 * hundred parameters exhaust it, and the 431 it then means to send is
	 * lost - its state machine goes on waiting for headers it no longer
	 * reads, and the request hangs until the idle timeout. We parse the
	 * query ourselves, from the copy above, so the query it is about to
	 * parse is cut right after the '?': it finds no arguments. uri points
	 * into the connection's read buffer, which libmicrohttpd itself
	 * rewrites in place at this step ('?' becomes NUL).
	 */
	char *q = uri ? strchr(uri, '?') : NULL;
	if (q && q[1])
		q[1] = '\0';
	guard_request_line(conn_guard(conn));
	metrics_in_flight(srv->metrics, 1);
	return req;
}

/* A 500 without a request object: JSON under the JSON prefix (API.md's
 * error shape), plain text elsewhere. */
/* Accept policy: every connection, except while stopping. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *srv = cls;
	return atomic_load(&srv->draining) ? MHD_NO : MHD_YES;
}

static enum MHD_Result queue_oom(struct http_server *srv, struct MHD_Connection *conn, const char *url)
{
	static const char text[] = "Đã có lỗi xảy ra\n";
	static const char json[] = "{\"error\":{\"code\":\"internal_error\",\"message\":\"Đã có lỗi xảy ra.\"}}\n";
	const char *prefix = srv->env.json_prefix;
	int is_json = prefix && *prefix && url && !strncmp(url, prefix, strlen(prefix));
	const char *body = is_json ? json : text;
	size_t len = is_json ? sizeof(json) - 1 : sizeof(text) - 1;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
				is_json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result r = MHD_queue_response(conn, 500, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version,
				 const char *upload, size_t *upload_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	if (!req)
		return queue_oom(srv, conn, url);
	if (req->priv.stage == STAGE_NEW) {
		req->priv.stage = STAGE_BODY;
		begin(srv, req, method);
		int body = has_body(req);
		if (http_responded(req) && (body || req->priv.close)) {
			/* answer now and read nothing more of the body */
			req->priv.close = 1;
			guard_busy(conn_guard(conn));
			return queue(req);
		}
		guard_headers(conn_guard(conn), body && !http_responded(req));
		return MHD_YES;
	}
	if (*upload_size) {
		/*
		 * libmicrohttpd 0.9.75 cannot queue a response in the middle of
		 * a body, so an error found here (a chunked body growing past
		 * the limit) is answered at the end of the body; what arrives
		 * meanwhile is counted and dropped, and past HTTP_DISCARD_MAX
		 * the connection is cut instead.
		 */
		size_t n = *upload_size;
		*upload_size = 0;
		guard_body_bytes(conn_guard(conn), n);
		if (http_responded(req)) {
			req->priv.discarded += n;
			return req->priv.discarded > HTTP_DISCARD_MAX ? MHD_NO : MHD_YES;
		}
		enum body_status st = req->priv.body.budget ? body_add(&req->priv.body, upload, n) :
			BODY_ERROR; /* a body nobody announced */
		if (st != BODY_OK) {
			if (st == BODY_TOO_LARGE) {
				http_error(req, 413, NULL, NULL);
			} else if (st == BODY_BUSY) {
				(void)http_header(req, "Retry-After", "10");
				http_error(req, 503, NULL, NULL);
			} else {
				if (req->priv.body.budget)
					log_msg(srv, "error: cannot keep a request body in '%s': %s\n",
						srv->bodies.dir, strerror(errno));
				http_error(req, req->priv.body.budget ? 500 : 400, NULL, NULL);
			}
			req->priv.close = 1;
			req->priv.discarded = n;
			body_release(&req->priv.body);
		}
		return MHD_YES;
	}
	guard_busy(conn_guard(conn));
	return finish(srv, req);
}

/* Append s[0..len) to a log line: controls, quotes, backslashes, and
 * every non-ASCII byte when the text is not UTF-8, become \xNN. */
static int log_escaped(struct sbuf *sb, const char *s, size_t len)
{
	int utf8 = utf8_valid(s, len);
	int r = 0;
	for (size_t i = 0; i < len && !r; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c == 0x7f || c == '"' || c == '\\' || (c >= 0x80 && !utf8))
			r = sbuf_addf(sb, "\\x%02x", c);
		else
			r = sbuf_addch(sb, c);
	}
	return r;
}

static void access_log(struct http_server *srv, struct request *req, uint64_t usec, int aborted)
{
	char when[26];
	struct sbuf sb = SBUF_INIT(4096);
	const char *target = req->priv.target ? req->priv.target : "";
	size_t plen = strcspn(target, "?");
	/* a request libmicrohttpd refused itself (431, 414...) never reached
	 * begin(): its method and status are unknown here */
	int known = req->priv.stage != STAGE_NEW;
	int r = sbuf_addf(&sb, "%s %s %s ", fmt_iso8601_vn((int64_t)time(NULL), when),
			  *req->client ? req->client : "-", known ? req->method : "-");
	r = r || log_escaped(&sb, target, plen);
	if (known)
		r = r || sbuf_addf(&sb, " %d", req->priv.status);
	else
		r = r || sbuf_addstr(&sb, " -");
	r = r || sbuf_addf(&sb, " %zu %lluus%s\n", req->priv.sent_len, (unsigned long long)usec,
			   aborted ? " aborted" : "");
	if (!r)
		fwrite(sb.buf, 1, sb.len, srv->log);
	sbuf_release(&sb);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct request *req = *con_cls;
	if (!req)
		return;
	uint64_t usec = (now_ns() - req->priv.start_ns) / 1000;
	if (req->priv.stage != STAGE_NEW)
		metrics_observe(srv->metrics, req->priv.route_index, req->priv.status, usec,
				req->priv.sent_len);
	if (!srv->cfg.quiet && !(req->route && (req->route->flags & ROUTE_NOLOG)))
		access_log(srv, req, usec, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
	metrics_in_flight(srv->metrics, -1);
	request_free(req);
	*con_cls = NULL;
	guard_idle(conn_guard(conn));
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		metrics_connection(srv->metrics, 1);
		const union MHD_ConnectionInfo *fd =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (fd)
			*socket_context = guard_add(srv->guard, fd->connect_fd, ad ? ad->client_addr : NULL);
	} else {
		metrics_connection(srv->metrics, -1);
		/* before libmicrohttpd closes the descriptor: see guard.c */
		guard_remove(srv->guard, *socket_context);
		*socket_context = NULL;
	}
}

static size_t no_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	return strlen(s); /* we decode the raw target ourselves */
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct http_server *srv = cls;
	fputs("libmicrohttpd: ", srv->log);
	vfprintf(srv->log, fmt, ap);
}

/* ---- start, wait, stop ---- */

static void resolve_defaults(struct http_config *c)
{
	if (!c->listen)
		c->listen = HTTP_DEFAULT_LISTEN;
	if (!c->threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		c->threads = n > 0 && n < 1024 ? (unsigned)n : 1;
	}
	if (!c->max_connections)
		c->max_connections = 1000;
	if (!c->idle_timeout)
		c->idle_timeout = 60;
	if (!c->drain_timeout)
		c->drain_timeout = 10;
	if (!c->header_limit)
		c->header_limit = 16 * 1024;
	if (!c->max_body)
		c->max_body = 1024 * 1024;
	if (!c->max_upload)
		c->max_upload = 60 * 1024 * 1024;
	if (!c->max_response)
		c->max_response = 16 * 1024 * 1024;
	if (!c->per_address_limit)
		c->per_address_limit = 32;
	if (!c->header_timeout)
		c->header_timeout = 10;
	if (!c->body_min_rate)
		c->body_min_rate = 1024;
	if (!c->body_grace)
		c->body_grace = 10;
	if (!c->body_memory)
		c->body_memory = 64 * 1024 * 1024;
	if (!c->body_spool)
		c->body_spool = (size_t)2 * 1024 * 1024 * 1024;
	if (!c->spool_dir || !*c->spool_dir) {
		const char *t = getenv("TMPDIR");
		c->spool_dir = t && *t ? t : "/tmp";
	}
	if (!c->json_prefix)
		c->json_prefix = "/api/";
	if (!c->log)
		c->log = stderr;
}

static void server_free(struct http_server *srv)
{
	guard_free(srv->guard);
	router_release(&srv->router);
	metrics_free(srv->metrics);
	if (srv->wake[0] >= 0)
		close(srv->wake[0]);
	if (srv->wake[1] >= 0)
		close(srv->wake[1]);
	free(srv);
}

int http_server_start(struct http_server **out, const struct http_config *cfg,
		      const struct route *routes, size_t n, const struct http_hooks *hooks)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_storage ss;
	socklen_t sslen;
	srv->cfg = *cfg;
	resolve_defaults(&srv->cfg);
	srv->log = srv->cfg.log;
	srv->wake[0] = srv->wake[1] = -1;
	if (hooks)
		srv->hooks = *hooks;
	if (http_parse_listen(srv->cfg.listen, &ss, &sslen) < 0) {
		log_msg(srv, "error: cannot parse listen address '%s' (want HOST:PORT)\n", srv->cfg.listen);
		free(srv);
		return -1;
	}
	if (router_init(&srv->router, routes, n) < 0) {
		free(srv);
		return -1;
	}
	if (static_init(srv->cfg.assets) < 0) {
		log_msg(srv, "error: cannot initialise libsodium\n");
		router_release(&srv->router);
		free(srv);
		return -1;
	}
	srv->metrics = metrics_create(routes, n);
	srv->env.hooks = &srv->hooks;
	srv->env.metrics = srv->metrics;
	srv->env.json_prefix = srv->cfg.json_prefix;
	srv->env.max_response = srv->cfg.max_response;
	srv->env.secure_cookies = srv->cfg.behind_tls;
	srv->env.trust_proxy = srv->cfg.trust_proxy;
	srv->bodies.mem_max = srv->cfg.body_memory;
	srv->bodies.spool_max = srv->cfg.body_spool;
	srv->bodies.dir = srv->cfg.spool_dir;
	struct guard_limits lim = {
		.per_address = srv->cfg.per_address_limit == HTTP_NO_LIMIT ? 0 : srv->cfg.per_address_limit,
		.header_timeout = srv->cfg.header_timeout,
		.idle_timeout = srv->cfg.idle_timeout,
		.body_min_rate = srv->cfg.body_min_rate == HTTP_NO_LIMIT ? 0 : srv->cfg.body_min_rate,
		.body_grace = srv->cfg.body_grace,
	};
	if (!(srv->guard = guard_start(&lim, srv->metrics))) {
		log_msg(srv, "error: cannot start the connection guard thread\n");
		srv->wake[0] = srv->wake[1] = -1;
		server_free(srv);
		return -1;
	}
	if (pipe2(srv->wake, O_CLOEXEC) < 0) {
		log_msg(srv, "error: cannot create a pipe: %s\n", strerror(errno));
		srv->wake[0] = srv->wake[1] = -1;
		server_free(srv);
		return -1;
	}
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	if (!srv->cfg.quiet)
		flags |= MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = MHD_start_daemon(flags, 0, on_accept, srv, on_access, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, srv, /* first, as libmicrohttpd asks */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->cfg.header_limit,
		MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.idle_timeout,
		MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
		/* no SO_REUSEPORT: a second server on the same address must fail,
		 * not silently take half of the connections (to another
		 * database); libmicrohttpd's default SO_REUSEADDR still lets a
		 * restart bind at once */
		MHD_OPTION_END);
	if (!srv->daemon) {
		log_msg(srv, "error: cannot listen on '%s': %s\n", srv->cfg.listen,
			errno ? strerror(errno) : "libmicrohttpd failed to start");
		server_free(srv);
		return -1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	char host[INET6_ADDRSTRLEN] = "0.0.0.0";
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
		snprintf(srv->url, sizeof(srv->url), "http://[%s]:%u", host, srv->port);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
		snprintf(srv->url, sizeof(srv->url), "http://%s:%u", host, srv->port);
	}
	*out = srv;
	return 0;
}

unsigned http_server_port(const struct http_server *srv)
{
	return srv->port;
}

const char *http_server_url(const struct http_server *srv)
{
	return srv->url;
}

struct metrics *http_server_metrics(const struct http_server *srv)
{
	return srv->metrics;
}

static volatile sig_atomic_t signal_fd = -1;

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (signal_fd >= 0) {
		ssize_t r = write(signal_fd, &c, 1);
		(void)r;
	}
	errno = saved;
}

int http_server_wait(struct http_server *srv)
{
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	signal_fd = srv->wake[1];
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	unsigned char c = 0;
	for (;;) {
		ssize_t r = read(srv->wake[0], &c, 1);
		if (r == 1 || (r < 0 && errno != EINTR) || r == 0)
			break;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	signal_fd = -1;
	return c;
}

void http_server_wake(struct http_server *srv)
{
	unsigned char c = 0;
	ssize_t r = write(srv->wake[1], &c, 1);
	(void)r;
}

void http_server_stop(struct http_server *srv)
{
	if (!srv)
		return;
	/*
	 * Refuse new connections (closed at accept, see on_accept) while the
	 * requests in flight finish. Not MHD_quiesce_daemon(): with an epoll
	 * thread pool, libmicrohttpd 0.9.75 can race on the listening socket
	 * there and abort the process.
	 */
	atomic_store(&srv->draining, 1);
	uint64_t deadline = now_ns() + (uint64_t)srv->cfg.drain_timeout * 1000000000u;
	while (metrics_in_flight_count(srv->metrics) > 0 && now_ns() < deadline) {
		struct timespec ts = { 0, 5 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	server_free(srv);
}

int http_serve(const struct http_config *cfg, const struct route *routes, size_t n,
	       const struct http_hooks *hooks)
{
	struct http_server *srv;
	if (http_server_start(&srv, cfg, routes, n, hooks) < 0)
		return -1;
	FILE *log = srv->log;
	fprintf(log, "listening on %s\n", http_server_url(srv));
	fflush(log);
	int sig = http_server_wait(srv);
	fprintf(log, "stopping (%s): finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "asked");
	http_server_stop(srv);
	fprintf(log, "stopped\n");
	return 0;
}
