/*
 * cmd_serve.c - `danvan serve`: open (and migrate) the database, load the
 * templates and the working-day calendar, start the group-commit writer of
 * feedback submissions and a housekeeping thread (expired sessions, stored
 * files linked to no item), and serve HTTP until SIGTERM or SIGINT; then finish
 * requests in flight, drain the writer and close the database.
 */
#include "cli.h"
#include "app/auth.h"
#include "app/submit.h"
#include "core/calendar.h"
#include "core/parse.h"
#include "core/tmpl.h"
#include "http/metrics.h"
#include "http/server.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/calendar_data.h"
#include "store/db.h"
#include "store/stamp_pg.h"
#include "web/view_feedback.h"
#include "web/routes.h"
#include "web/web.h"
#include "web/cache.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>

#define HOUSEKEEPING_SECONDS 3600       /* how often */

/* The housekeeping thread: runs once at start, then every
 * HOUSEKEEPING_SECONDS, until stopped. */
struct housekeeping {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
};

static void housekeeping_once(void)
{
	struct db *db = db_thread();
	if (!db)
		return;
	int64_t now = (int64_t)time(NULL), n = 0;
	if (auth_purge_expired(db, now, &n) < 0)
		fprintf(stderr, "warning: cannot purge expired sessions\n");
	struct audit_actor system = { .account_id = 0, .name = "system", .addr = NULL };
	/* files are stored with their item, so any unlinked one is a left-over */
	if (attachment_gc(db, &system, &n) < 0)
		fprintf(stderr, "warning: cannot remove stored files linked to no item\n");
}

static void *housekeeping_main(void *arg)
{
	struct housekeeping *h = arg;
	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		pthread_mutex_unlock(&h->lock);
		housekeeping_once();
		pthread_mutex_lock(&h->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += HOUSEKEEPING_SECONDS;
		while (!h->stop && pthread_cond_timedwait(&h->wake, &h->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static int housekeeping_start(struct housekeeping *h)
{
	h->stop = 0;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->wake, NULL);
	if (pthread_create(&h->thread, NULL, housekeeping_main, h) != 0) {
		pthread_cond_destroy(&h->wake);
		pthread_mutex_destroy(&h->lock);
		return -1;
	}
	return 0;
}

static void housekeeping_stop(struct housekeeping *h)
{
	pthread_mutex_lock(&h->lock);
	h->stop = 1;
	pthread_cond_signal(&h->wake);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_cond_destroy(&h->wake);
	pthread_mutex_destroy(&h->lock);
}

static const char usage[] =
	"usage: danvan serve [--data DIR] [--listen HOST:PORT] [options]\n\n"
	"Serve the web site and the JSON API over HTTP until SIGTERM or Ctrl+C,\n"
	"then finish the requests in flight and close the database.\n\n"
	"options:\n"
	"  --data DIR             data directory (default ./data)\n"
	"  --database URL         database instead of DIR/danvan.db (also DANVAN_DATABASE)\n"
	"  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080;\n"
	"                         ':8080' listens on every interface)\n"
	"  --threads N            worker threads (default: one per CPU core)\n"
	"  --max-connections N    simultaneous connections (default 1000)\n"
	"  --per-address-limit N  simultaneous connections from one address (an IPv6\n"
	"                         /64 counts as one; default 32, 0 = no limit; with\n"
	"                         --trust-proxy the default is no limit, as every\n"
	"                         connection then comes from the proxy)\n"
	"  --header-timeout S     seconds a client has to send a request's line and\n"
	"                         headers before the connection is closed (default 10)\n"
	"  --body-min-rate B      bytes per second a request body must average after\n"
	"                         its first 10 seconds, or the connection is closed\n"
	"                         (default 1024, 0 = no minimum)\n"
	"  --metrics-token TOKEN  serve /metrics to any address that sends\n"
	"                         'Authorization: Bearer TOKEN', and only to it (also\n"
	"                         DANVAN_METRICS_TOKEN, which keeps it out of 'ps');\n"
	"                         without a token /metrics answers loopback clients only\n"
	"  --behind-tls           a TLS proxy is in front: cookies get the Secure flag\n"
	"  --trust-proxy          take the client address from the last X-Forwarded-For\n"
	"                         entry: only when every request comes through one\n"
	"                         reverse proxy that appends it (otherwise clients could\n"
	"                         claim any address and escape login throttling)\n"
	"  --audit-key FILE       the audit key (default DIR/audit.key; DANVAN_AUDIT_KEY)\n"
	"  --quiet                no access log\n\n"
	"Request bodies over 64 KiB are spooled to DIR/tmp, in unlinked files.\n"
	"On PostgreSQL one more connection LISTENs for changes, so version stamps\n"
	"stay in memory (docs/postgresql.md); DANVAN_STAMP_LISTEN=off reads them\n"
	"from the database instead (a pooler that cannot pass LISTEN through).\n\n"
	"example:\n"
	"  danvan serve --data ./data --listen 127.0.0.1:8080\n";

static int parse_number(const char *name, const char *s, unsigned min, unsigned max, unsigned *out)
{
	long v;
	if (!s)
		return 0;
	if (parse_long_str(s, (long)min, (long)max, &v) < 0) {
		fprintf(stderr, "danvan serve: %s must be a number from %u to %u\n", name, min, max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int parse_count(const char *name, const char *s, unsigned max, unsigned *out)
{
	return parse_number(name, s, 1, max, out);
}

/* DATA/tmp for request bodies spooled to disk (NULL: the server's default). */
static const char *spool_dir(const struct cli_common *c, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s/tmp", c->data) >= len)
		return NULL;
	if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "warning: cannot create '%s' (%s): request bodies go to $TMPDIR\n", buf,
			strerror(errno));
		return NULL;
	}
	return buf;
}

int cmd_serve(int argc, char **argv)
{
	struct cli_common c;
	const char *listen = NULL, *threads = NULL, *maxconn = NULL, *per_address = NULL;
	const char *header_timeout = NULL, *body_rate = NULL, *metrics_token = NULL;
	int quiet = 0, behind_tls = 0, trust_proxy = 0;
	const struct cli_opt opts[] = {
		{ "--listen", &listen, NULL },
		{ "--threads", &threads, NULL },
		{ "--max-connections", &maxconn, NULL },
		{ "--per-address-limit", &per_address, NULL },
		{ "--header-timeout", &header_timeout, NULL },
		{ "--body-min-rate", &body_rate, NULL },
		{ "--metrics-token", &metrics_token, NULL },
		{ "--quiet", NULL, &quiet },
		{ "--behind-tls", NULL, &behind_tls },
		{ "--trust-proxy", NULL, &trust_proxy },
		{ NULL, NULL, NULL },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	struct http_config cfg = { 0 };
	cfg.listen = listen ? listen : HTTP_DEFAULT_LISTEN;
	cfg.quiet = quiet;
	cfg.behind_tls = behind_tls;
	cfg.trust_proxy = trust_proxy;
	unsigned per_addr = trust_proxy ? 0 : 32, rate = 1024;
	if (parse_count("--threads", threads, 256, &cfg.threads) < 0 ||
	    parse_count("--max-connections", maxconn, 100000, &cfg.max_connections) < 0 ||
	    parse_number("--per-address-limit", per_address, 0, 100000, &per_addr) < 0 ||
	    parse_number("--header-timeout", header_timeout, 1, 3600, &cfg.header_timeout) < 0 ||
	    parse_number("--body-min-rate", body_rate, 0, 1u << 30, &rate) < 0)
		return 2;
	cfg.per_address_limit = per_addr ? per_addr : HTTP_NO_LIMIT;
	cfg.body_min_rate = rate ? rate : HTTP_NO_LIMIT;
	if (!metrics_token)
		metrics_token = getenv("DANVAN_METRICS_TOKEN");
	if (metrics_token && *metrics_token && strlen(metrics_token) < 16) {
		fprintf(stderr, "danvan serve: the metrics token must be at least 16 characters\n");
		return 2;
	}
	cfg.metrics_token = metrics_token;
	struct sockaddr_storage ss;
	socklen_t sl;
	if (http_parse_listen(cfg.listen, &ss, &sl) < 0) {
		fprintf(stderr, "danvan serve: '%s' is not an address: use HOST:PORT, e.g. 127.0.0.1:8080\n",
			cfg.listen);
		return 2;
	}

	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	char spool[4096];
	cfg.spool_dir = spool_dir(&c, spool, sizeof(spool));
	db_set_error_hook(metrics_count_db_error);
	char err[1024];
	struct tmpl_set *tmpl = NULL;
	if (tmpl_set_load(&tmpl, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: %s\n", err);
		db_global_shutdown();
		return 1;
	}
	struct calendar *cal = calendar_new();
	if (calendar_data_load(db, cal) < 0) {
		fprintf(stderr, "error: cannot load the announced calendar from the database\n");
		calendar_free(cal);
		tmpl_set_free(tmpl);
		db_global_shutdown();
		return 1;
	}
	cli_rollup_sync(db, cal, "serve");
	web_state.tmpl = tmpl;
	web_state.cal = cal;
	web_state.secure_cookies = behind_tls;

	char urlbuf[4096];
	struct submit_queue *queue = submit_start(cli_db_url(&c, urlbuf, sizeof(urlbuf)), 0, 0, err, sizeof(err));
	if (!queue) {
		fprintf(stderr, "error: cannot start the submission writer: %s\n", err);
		web_state.tmpl = NULL;
		web_state.cal = NULL;
		calendar_free(cal);
		tmpl_set_free(tmpl);
		db_global_shutdown();
		return 1;
	}
	view_submit_queue = queue;
	/* pgstamp: on PostgreSQL, version stamps kept in memory and forgotten on
	 * the database's NOTIFY (store/stamp_pg.h); without the listener they
	 * are read from the database, as before (DANVAN_STAMP_LISTEN=off: always,
	 * e.g. behind a pooler that cannot pass LISTEN through) */
	const char *listen_env = getenv("DANVAN_STAMP_LISTEN");
	if (db_is_pg(db) && !(listen_env && !strcmp(listen_env, "off")) &&
	    stamp_listen_start(cli_db_url(&c, urlbuf, sizeof(urlbuf)), err, sizeof(err)) < 0)
		fprintf(stderr, "warning: %s: version stamps are read from the database\n", err);
	struct housekeeping hk;
	int hk_running = housekeeping_start(&hk) == 0;
	if (!hk_running)
		fprintf(stderr, "warning: no housekeeping thread: expired sessions stay until the next start\n");

	struct http_server *srv;
	if (http_server_start(&srv, &cfg, routes, nroutes, &web_hooks) < 0) {
		rc = 1;
	} else {
		printf("danvan: serving on %s (Ctrl+C to stop)\n", http_server_url(srv));
		fflush(stdout);
		http_server_wait(srv);
		http_server_stop(srv);
		printf("danvan: stopped\n");
		rc = 0;
	}
	if (hk_running)
		housekeeping_stop(&hk);
	view_submit_queue = NULL;
	stamp_listen_stop(); /* pgstamp */
	submit_stop(queue);
	web_state.tmpl = NULL;
	web_state.cal = NULL;
	cache_clear();
	tmpl_set_free(tmpl);
	calendar_free(cal);
	db_global_shutdown();
	return rc;
}
