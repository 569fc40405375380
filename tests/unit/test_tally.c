/* Unit tests for the tally of migrations/sqlite/0007_tally.sql: after random
 * workflows (inserts, events, unit changes, moves of open work, merges,
 * deletes) the counts per status from the counters must equal a GROUP BY
 * over the items, for many scopes and filters; filters the tally does not
 * keep must take the capped path; the migration must count existing items;
 * the officer inbox must report exact counts past FEEDBACK_COUNT_CAP. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "app/feedback.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/trackcode.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/calendar.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "testdb.h"

/* The SQL of the checks below that differs per engine: the Vietnam month
 * of received_at and of due_at (PostgreSQL: the vn_month() of its 0013), the larger of
 * two values, a code from a number, 32 zero bytes. */
#if TESTDB_IS_PG
#define VN_MONTH "vn_month(received_at)"
#define VN_DUE_MONTH "vn_month(due_at)"
#define GREATEST "greatest"
#define CODE_OF_I "lpad(CAST(i / 10000 AS text), 4, '0') || '-' || lpad(CAST(i % 10000 AS text), 4, '0')"
#define ZERO32 "decode(repeat('00', 32), 'hex')"
#define MIGRATIONS "migrations/postgresql/"
#else
#define VN_MONTH "CAST(strftime('%Y', received_at + 25200, 'unixepoch') AS INTEGER) * 12 + " \
	"CAST(strftime('%m', received_at + 25200, 'unixepoch') AS INTEGER) - 1"
#define VN_DUE_MONTH "CAST(strftime('%Y', due_at + 25200, 'unixepoch') AS INTEGER) * 12 + " \
	"CAST(strftime('%m', due_at + 25200, 'unixepoch') AS INTEGER) - 1"
#define GREATEST "max"
#define CODE_OF_I "printf('%04d-%04d', i / 10000, i % 10000)"
#define ZERO32 "zeroblob(32)"
#define MIGRATIONS "migrations/sqlite/"
#endif
#include "store/feedback.h"
#include "store/feedback_bulk.h"
#include "store/search.h"

static const struct audit_actor sys = { 0, "test", NULL };

/* --- fixture ------------------------------------------------------------------ */

#define NUNITS 5
#define NACCTS 4   /* slot 0 is "no account" (a citizen's item) */
#define NCATS 4    /* the first few categories: few enough to collide */
#define NOW 1772420400 /* 2026-03-02 10:00 Vietnam time */

static const char *const unit_codes[NUNITS] = { "HN", "W1", "W2", "G1", "G2" };

struct fx {
	char path[64];
	struct db *db;
	struct calendar *cal;
	int64_t unit[NUNITS];
	int64_t acct[NACCTS];           /* 0, front at W1, intake at W2, no role */
	struct audit_actor actor[NACCTS];
	int64_t boss;                   /* leader at HN: may do every event */
	struct audit_actor boss_actor;
	int64_t cat[NCATS];
	uint64_t rng;
};

static uint64_t rnd(struct fx *f)
{
	/* xorshift64*: deterministic per seed */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 2685821657736338717ull;
}

static size_t pick(struct fx *f, size_t n)
{
	return (size_t)(rnd(f) >> 33) % n;
}

static int64_t count_sql(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* The rows of a counter table that count and a GROUP BY of the items are
 * the same set: nothing in one that is not in the other. */
static void assert_same_rows(struct db *db, const char *rows, const char *keys)
{
	size_t len = strlen(rows) + strlen(keys) + 64;
	char *sql = malloc(len);
	assert_non_null(sql);
	snprintf(sql, len, "SELECT count(*) FROM (%s EXCEPT %s) AS x", rows, keys);
	assert_int_equal(count_sql(db, sql), 0);
	snprintf(sql, len, "SELECT count(*) FROM (%s EXCEPT %s) AS x", keys, rows);
	assert_int_equal(count_sql(db, sql), 0);
	free(sql);
}

static void exec_ok(struct db *db, const char *sql)
{
	assert_int_equal(db_exec(db, sql), DB_OK);
}

static int64_t add_account(struct db *db, const char *username)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO accounts(username, display_name, password_hash, "
					    "created_at, updated_at, password_changed_at) "
					    "VALUES ($1, $1, 'x', 0, 0, 0) RETURNING id");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, username), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t unit_id_of(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM units WHERE code = $1");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, 1, code), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

/* HN (root) -> W1 -> G1, HN -> W2 -> G2 */
static struct fx *fx_new(uint64_t seed)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->rng = seed * 0x9E3779B97F4A7C15ull + 1;
	snprintf(f->path, sizeof(f->path), "/tmp/danvan-tally-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	f->db = testdb_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, err, sizeof(err)), DB_OK);
	int n = 0;
	assert_int_equal(category_import_demo(f->db, &sys, &n, err, sizeof(err)), DB_OK);
	const char *parents[NUNITS] = { NULL, "HN", "HN", "W1", "W2" };
	for (int i = 0; i < NUNITS; i++) {
		struct org_unit_input in = { unit_codes[i], unit_codes[i], i < 3 ? "government" : "residential_group",
					     parents[i] };
		int64_t day;
		assert_int_equal(parse_date("2020-01-01", &day), 0);
		assert_int_equal(org_create(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
						    &in, day, NULL, NULL), APP_OK);
		f->unit[i] = unit_id_of(f->db, unit_codes[i]);
	}
	f->acct[1] = add_account(f->db, "front1");
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
				    f->acct[1], "W1", "front", NULL), 0);
	f->acct[2] = add_account(f->db, "intake2");
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
				    f->acct[2], "W2", "intake", NULL), 0);
	f->acct[3] = add_account(f->db, "norole");
	f->boss = add_account(f->db, "boss");
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
				    f->boss, "HN", "leader", NULL), 0);
	f->boss_actor = (struct audit_actor){ f->boss, "boss", NULL };
	static const char *const names[NACCTS] = { "citizen", "front1", "intake2", "norole" };
	for (int i = 0; i < NACCTS; i++)
		f->actor[i] = (struct audit_actor){ f->acct[i], names[i], NULL };
	struct db_stmt *st = db_prepare(f->db, "SELECT id FROM categories ORDER BY id LIMIT 4");
	assert_non_null(st);
	for (int i = 0; i < NCATS; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		f->cat[i] = db_col_int(st, 0);
	}
	db_done(st);
	f->cal = calendar_new();
	return f;
}

static void fx_free(struct fx *f)
{
	calendar_free(f->cal);
	db_close(f->db);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
}

/* --- what the truth is -------------------------------------------------------- */

/* Counts per status of the items matching q, by a GROUP BY over the items
 * written here independently of store/feedback.c (status_mask ignored). */
static void direct_counts(struct fx *f, const struct feedback_query *q, int64_t out[FB_STATUS_COUNT])
{
	struct sbuf sb;
	sbuf_init(&sb, 16384);
	int bad = sbuf_addstr(&sb, "SELECT status, count(*) FROM feedback f WHERE 1 = 1") < 0;
	if (q->use_scope) {
		bad |= sbuf_addstr(&sb, " AND (1 = 0") < 0;
		if (q->nscope) {
			bad |= sbuf_addstr(&sb, " OR coalesce(f.unit_id, f.intake_unit_id) IN (") < 0;
			for (size_t i = 0; i < q->nscope; i++)
				bad |= sbuf_addf(&sb, "%s%lld", i ? ", " : "", (long long)q->scope[i]) < 0;
			bad |= sbuf_addstr(&sb, ")") < 0;
		}
		if (q->scope_creator)
			bad |= sbuf_addf(&sb, " OR f.created_by = %lld", (long long)q->scope_creator) < 0;
		bad |= sbuf_addstr(&sb, ")") < 0;
	}
	if (q->unit_id)
		bad |= sbuf_addf(&sb, " AND f.unit_id = %lld", (long long)q->unit_id) < 0;
	if (q->category_id)
		bad |= sbuf_addf(&sb, " AND f.category_id = %lld", (long long)q->category_id) < 0;
	if (q->channel)
		bad |= sbuf_addf(&sb, " AND f.channel = '%s'",
				 feedback_channel_name((enum feedback_channel)(q->channel - 1))) < 0;
	if (q->received_from)
		bad |= sbuf_addf(&sb, " AND f.received_at >= %lld", (long long)q->received_from) < 0;
	if (q->overdue)
		bad |= sbuf_addf(&sb, " AND f.status IN ('received', 'assigned') AND f.due_at < %lld",
				 (long long)q->now) < 0;
	bad |= sbuf_addstr(&sb, " GROUP BY status") < 0;
	assert_false(bad);
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		out[i] = 0;
	struct db_stmt *st = db_prepare(f->db, sb.buf);
	assert_non_null(st);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		enum feedback_status s;
		assert_int_equal(feedback_status_parse(db_col_text(st, 0), &s), 0);
		out[s] = db_col_int(st, 1);
	}
	assert_int_equal(rc, DB_DONE);
	db_done(st);
	sbuf_release(&sb);
}

static void assert_counts_equal(const int64_t *got, const int64_t *want, const char *what)
{
	for (int i = 0; i < FB_STATUS_COUNT; i++) {
		if (got[i] != want[i])
			fprintf(stderr, "# %s: status %s: %lld, expected %lld\n", what,
				feedback_status_name((enum feedback_status)i), (long long)got[i], (long long)want[i]);
		assert_int_equal(got[i], want[i]);
	}
}

/* The counters themselves: their non-zero rows are exactly the GROUP BY of
 * the items on their keys, and none is negative. */
static void check_tables(struct fx *f)
{
	assert_same_rows(f->db, "SELECT scope_unit_id, status, handled, created_by, n FROM feedback_tally WHERE n <> 0",
			 "SELECT coalesce(unit_id, intake_unit_id, 0), status, CASE WHEN unit_id IS NOT NULL THEN 1 "
			 "ELSE 0 END, coalesce(created_by, 0), count(*) FROM feedback GROUP BY 1, 2, 3, 4");
	assert_same_rows(f->db, "SELECT scope_unit_id, category_id, channel, status, handled, created_by, n "
				"FROM feedback_tally_detail WHERE n <> 0",
			 "SELECT coalesce(unit_id, intake_unit_id, 0), category_id, channel, status, "
			 "CASE WHEN unit_id IS NOT NULL THEN 1 ELSE 0 END, coalesce(created_by, 0), count(*) FROM feedback "
			 "GROUP BY 1, 2, 3, 4, 5, 6");
	assert_int_equal(count_sql(f->db, "SELECT (SELECT count(*) FROM feedback_tally WHERE n < 0) + "
					  "(SELECT count(*) FROM feedback_tally_detail WHERE n < 0)"), 0);
	/* the dashboard's period counters (0013_tally_period.sql) */
#define DAY_KEYS                                                                                  \
	"SELECT coalesce(unit_id, intake_unit_id, 0), (received_at + 25200) / 86400, category_id, "      \
	"CASE WHEN answered_at IS NULL THEN -1 ELSE " GREATEST "(0, (answered_at + 25200) / 86400 - "         \
	"(received_at + 25200) / 86400) END, coalesce(created_by, 0), count(*), "                     \
	"sum(CASE WHEN answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at) THEN 1 ELSE 0 END) "\
	"FROM feedback "   \
	"GROUP BY 1, 2, 3, 4, 5"
	assert_same_rows(f->db, "SELECT scope_unit_id, day, category_id, lag, created_by, n, on_time "
				"FROM feedback_tally_day WHERE n <> 0", DAY_KEYS);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_tally_day WHERE n < 0 OR on_time < 0 "
					  "OR (n = 0 AND on_time <> 0)"),
			 0);
#undef DAY_KEYS
#define MONTH_KEYS                                                                                \
	"SELECT coalesce(unit_id, intake_unit_id, 0), " VN_MONTH ", "                                 \
	"coalesce(created_by, 0), count(*), count(answered_at), "                                      \
	"sum(CASE WHEN answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at) THEN 1 ELSE 0 END) "\
	"FROM feedback "   \
	"GROUP BY 1, 2, 3"
	assert_same_rows(f->db, "SELECT scope_unit_id, month, created_by, n, answered, on_time "
				"FROM feedback_tally_month WHERE n <> 0", MONTH_KEYS);
#undef MONTH_KEYS
#define DUE_KEYS                                                                                  \
	"SELECT coalesce(unit_id, intake_unit_id, 0), category_id, CASE WHEN due_at IS NULL THEN -1 "   \
	"ELSE (due_at + 25200) / 86400 END, coalesce(created_by, 0), count(*) FROM feedback "          \
	"WHERE status IN ('received', 'assigned') GROUP BY 1, 2, 3, 4"
	assert_same_rows(f->db, "SELECT scope_unit_id, category_id, due_day, created_by, n "
				"FROM feedback_tally_due WHERE n <> 0", DUE_KEYS);
#undef DUE_KEYS
}

/* Every scope x recording account x filter: the tally, and the count
 * function the inbox calls, against the GROUP BY. Returns the number of
 * queries checked. */
/*
 * The inbox walk (store/feedback.c pairs_page(): per (unit, status) and
 * (account, status) index walks, pairs pruned by the tally) must give the
 * very page the general query gives, for every status set, order, page and
 * due-date filter.
 */
static int compare_walk(struct fx *f, const struct feedback_query *base)
{
	static const unsigned masks[] = { 0, 1u << FB_ASSIGNED, (1u << FB_RECEIVED) | (1u << FB_CLOSED) };
	static const int64_t pages[][2] = { { 0, 5 }, { 3, 4 }, { 0, 500 } };
	static const enum feedback_sort sorts[] = { FB_SORT_NEWEST, FB_SORT_OLDEST, FB_SORT_DUE };
	/* some items without a due date: "due first" puts them last */
	exec_ok(f->db, "UPDATE feedback SET due_at = NULL WHERE id % 7 = 3");
	struct arena a;
	arena_init(&a, 65536);
	int compared = 0;
	for (size_t mi = 0; mi < sizeof(masks) / sizeof(masks[0]); mi++)
		for (size_t so = 0; so < sizeof(sorts) / sizeof(sorts[0]); so++)
			for (size_t pi = 0; pi < sizeof(pages) / sizeof(pages[0]); pi++)
				for (int late = 0; late <= 1; late++) {
					struct feedback_query q = *base;
					q.status_mask = masks[mi];
					q.sort = sorts[so];
					q.offset = pages[pi][0];
					q.limit = pages[pi][1];
					q.overdue = late;
					q.now = NOW - 30 * 86400;
					struct feedback_row *walked = NULL, *plain = NULL;
					size_t nw = 0, np = 0;
					assert_int_equal(feedback_row_list(f->db, &q, &a, &walked, &nw), DB_OK);
					q.no_walk = 1;
					assert_int_equal(feedback_row_list(f->db, &q, &a, &plain, &np), DB_OK);
					assert_int_equal(nw, np);
					for (size_t i = 0; i < nw; i++) {
						assert_int_equal(walked[i].id, plain[i].id);
						assert_string_equal(walked[i].code, plain[i].code);
					}
					compared++;
				}
	arena_release(&a);
	return compared;
}

static int check_counts(struct fx *f)
{
	int64_t *u = f->unit;
	const int64_t s_all[] = { u[0], u[1], u[2], u[3], u[4] }, s_w1[] = { u[1], u[3] }, s_w2[] = { u[2] },
		      s_mix[] = { u[4], u[0] };
	const struct {
		const int64_t *ids;
		size_t n;
	} scopes[] = { { NULL, 0 }, { s_all, 5 }, { s_w1, 2 }, { s_w2, 1 }, { s_mix, 2 } };
	struct {
		int64_t unit, cat;
		int channel;
	} filters[] = {
		{ 0, 0, 0 },
		{ u[1], 0, 0 },
		{ u[4], 0, 0 },
		{ 0, f->cat[0], 0 },
		{ 0, 0, 1 + FB_CH_WEB },
		{ 0, f->cat[1], 1 + FB_CH_HOTLINE },
		{ u[1], f->cat[2], 0 },
		{ u[2], 0, 1 + FB_CH_FRONT },
	};
	int checked = 0;
	for (size_t fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++) {
		for (int use = 0; use <= 1; use++) {
			for (size_t si = 0; si < (use ? sizeof(scopes) / sizeof(scopes[0]) : 1); si++) {
				for (int ci = 0; ci < (use ? NACCTS : 1); ci++) {
					struct feedback_query q;
					memset(&q, 0, sizeof(q));
					q.use_scope = use;
					q.scope = scopes[si].ids;
					q.nscope = scopes[si].n;
					q.scope_creator = f->acct[ci];
					q.unit_id = filters[fi].unit;
					q.category_id = filters[fi].cat;
					q.channel = filters[fi].channel;
					q.status_mask = 1u << FB_ASSIGNED; /* ignored by counts per status */
					q.now = NOW;
					int64_t want[FB_STATUS_COUNT], got[FB_STATUS_COUNT];
					direct_counts(f, &q, want);
					assert_true(feedback_tally_covers(&q));
					assert_int_equal(feedback_tally_by_status(f->db, &q, got), DB_OK);
					assert_counts_equal(got, want, "tally");
					assert_int_equal(feedback_row_count_by_status(f->db, &q, got), DB_OK);
					assert_counts_equal(got, want, "count_by_status");
					/* the capped path (below its cap here) agrees: a
					 * received period that holds every item */
					struct feedback_query all = q;
					all.received_from = 1;
					assert_false(feedback_tally_covers(&all));
					assert_int_equal(feedback_row_count_by_status(f->db, &all, got), DB_OK);
					assert_counts_equal(got, want, "capped count_by_status");
					/* and the overdue count the inbox shows */
					struct feedback_query late = q;
					late.overdue = 1;
					late.status_mask = 0; /* as the inbox asks it */
					late.now = NOW - 30 * 86400;
					direct_counts(f, &late, want);
					int64_t total;
					assert_int_equal(feedback_row_count(f->db, &late, &total), DB_OK);
					assert_int_equal(total, want[FB_RECEIVED] + want[FB_ASSIGNED]);
					if (use && (si == 1 || si == 4))
						assert_int_equal(compare_walk(f, &q), 54);
					checked++;
				}
			}
		}
	}
	return checked;
}

/* The inbox of real officers (scope from their roles) against the truth. */
static void check_inbox(struct fx *f, const struct audit_actor *who)
{
	struct arena a;
	arena_init(&a, 16384);
	struct app_ctx ctx = { f->db, f->cal, &a, who, NOW };
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(perm_units(f->db, &a, who->account_id, ROLE_ALL, 0, &ids, &n), 0);
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	q.use_scope = 1;
	q.scope = ids;
	q.nscope = n;
	q.scope_creator = who->account_id;
	int64_t want[FB_STATUS_COUNT];
	direct_counts(f, &q, want);
	int64_t all = 0;
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		all += want[i];
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
	assert_counts_equal(box.counts, want, "inbox");
	assert_int_equal(box.page.total, all);
	assert_int_equal(box.page.total_capped, 0);
	for (int s = 0; s < FB_STATUS_COUNT; s++) {
		flt.status = 1 + s;
		assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
		assert_int_equal(box.page.total, want[s]);
		assert_int_equal(box.page.n, want[s] < 20 ? want[s] : 20);
	}
	arena_release(&a);
}

/* --- random workflows ----------------------------------------------------------- */

static int64_t random_item(struct fx *f)
{
	int64_t n = count_sql(f->db, "SELECT count(*) FROM feedback");
	if (!n)
		return 0;
	struct db_stmt *st = db_prepare(f->db, "SELECT id FROM feedback ORDER BY id LIMIT 1 OFFSET $1");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, (int64_t)pick(f, (size_t)n)), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static void insert_item(struct fx *f)
{
	struct feedback_row r;
	memset(&r, 0, sizeof(r));
	trackcode_new(r.code);
	memset(r.secret_hash, 0x5a, sizeof(r.secret_hash));
	r.title = "Đèn đường hỏng";
	r.body = "Đèn đường trước số 5 không sáng từ tuần trước.";
	r.category_id = f->cat[pick(f, NCATS)];
	r.public = (int)pick(f, 2);
	static const enum feedback_channel chans[] = { FB_CH_WEB, FB_CH_HOTLINE, FB_CH_FRONT };
	r.channel = chans[pick(f, 3)];
	/* mostly received at an intake desk; sometimes recorded already
	 * assigned; rarely with no unit at all (only its recorder reaches it) */
	size_t shape = pick(f, 10);
	r.intake_unit_id = shape == 9 ? 0 : f->unit[pick(f, NUNITS)];
	r.status = FB_RECEIVED;
	if (shape >= 7 && shape < 9) {
		r.status = FB_ASSIGNED;
		r.unit_id = f->unit[pick(f, NUNITS)];
	}
	r.created_by = f->acct[pick(f, NACCTS)];
	r.received_at = NOW - (int64_t)pick(f, 90) * 86400;
	r.due_at = r.received_at + 15 * 86400;
	r.updated_at = r.received_at;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_row_insert(f->db, &r, NULL), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
}

/* An event through the workflow, by the city's leader; refusals (a status
 * that does not allow it) are part of the game. */
static void random_event(struct fx *f)
{
	int64_t id = random_item(f), other = random_item(f);
	if (!id)
		return;
	struct arena a;
	arena_init(&a, 4096);
	struct feedback_row r, o;
	assert_int_equal(feedback_row_get(f->db, id, &a, &r), DB_OK);
	assert_int_equal(feedback_row_get(f->db, other, &a, &o), DB_OK);
	struct feedback_action act;
	memset(&act, 0, sizeof(act));
	static const enum feedback_event_type types[] = { FB_EV_ASSIGN, FB_EV_ASSIGN, FB_EV_TRANSFER, FB_EV_REJECT,
							  FB_EV_ANSWER, FB_EV_PUBLISH, FB_EV_CLOSE, FB_EV_REOPEN,
							  FB_EV_MERGE, FB_EV_NOTE };
	act.type = types[pick(f, sizeof(types) / sizeof(types[0]))];
	act.unit = unit_codes[pick(f, NUNITS)];
	act.text = "Đã kiểm tra thực tế và xử lý theo quy định hiện hành.";
	act.into = o.code;
	struct app_ctx ctx = { f->db, f->cal, &a, &f->boss_actor, NOW };
	int rc = feedback_apply_event(&ctx, r.code, &act, NULL);
	assert_true(rc != FEEDBACK_ERROR);
	arena_release(&a);
}

/* A change written straight to the row (what a future code path or an
 * administrator's fix could do): status and handling unit together. */
static void random_store_update(struct fx *f)
{
	int64_t id = random_item(f);
	if (!id)
		return;
	struct arena a;
	arena_init(&a, 4096);
	struct feedback_row r;
	assert_int_equal(feedback_row_get(f->db, id, &a, &r), DB_OK);
	if (r.status == FB_MERGED) {
		arena_release(&a);
		return;
	}
	static const enum feedback_status sts[] = { FB_RECEIVED, FB_ASSIGNED, FB_ANSWERED, FB_PUBLISHED,
						    FB_CLOSED, FB_REJECTED };
	if ((r.status == FB_RECEIVED || r.status == FB_REJECTED) && r.intake_unit_id && pick(f, 2)) {
		/* only "handled" changes: same status, same scope unit */
		r.unit_id = r.unit_id ? 0 : r.intake_unit_id;
	} else {
		r.status = sts[pick(f, sizeof(sts) / sizeof(sts[0]))];
		if (r.status == FB_RECEIVED || (r.status == FB_REJECTED && pick(f, 2)))
			r.unit_id = 0;
		else
			r.unit_id = f->unit[pick(f, NUNITS)];
	}
	/* the answer and the due date, which the period counters key on */
	if (!pick(f, 3))
		r.answered_at = pick(f, 3) ? r.received_at + (int64_t)pick(f, 40) * 43200 : 0;
	if (!pick(f, 4))
		r.due_at = pick(f, 3) ? r.received_at + (int64_t)pick(f, 30) * 86400 : 0;
	r.updated_at = NOW;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_row_update(f->db, &r), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	arena_release(&a);
}

/* Columns no workflow changes today but the tally keys on. */
static void random_sql_update(struct fx *f)
{
	int64_t id = random_item(f);
	if (!id)
		return;
	struct db_stmt *st;
	switch (pick(f, 6)) {
	case 0:
		st = db_prepare(f->db, "UPDATE feedback SET category_id = $2 WHERE id = $1");
		assert_non_null(st);
		assert_int_equal(db_bind_int(st, 2, f->cat[pick(f, NCATS)]), DB_OK);
		break;
	case 1:
		st = db_prepare(f->db, "UPDATE feedback SET channel = $2 WHERE id = $1");
		assert_non_null(st);
		assert_int_equal(db_bind_text(st, 2, pick(f, 2) ? "web" : "front"), DB_OK);
		break;
	case 2: {
		st = db_prepare(f->db, "UPDATE feedback SET created_by = $2 WHERE id = $1");
		assert_non_null(st);
		int64_t c = f->acct[pick(f, NACCTS)];
		assert_int_equal(c ? db_bind_int(st, 2, c) : db_bind_null(st, 2), DB_OK);
		break;
	}
	case 3: {
		st = db_prepare(f->db, "UPDATE feedback SET intake_unit_id = $2 WHERE id = $1");
		assert_non_null(st);
		size_t k = pick(f, NUNITS + 1);
		assert_int_equal(k == NUNITS ? db_bind_null(st, 2) : db_bind_int(st, 2, f->unit[k]), DB_OK);
		break;
	}
	case 4:
		st = db_prepare(f->db, "UPDATE feedback SET received_at = received_at - $2 WHERE id = $1");
		assert_non_null(st);
		assert_int_equal(db_bind_int(st, 2, (int64_t)pick(f, 5) * 40000), DB_OK);
		break;
	default:
		/* many rows in one statement: the triggers run per row */
		st = db_prepare(f->db, "UPDATE feedback SET status = 'closed', closed_at = $2 "
				       "WHERE status = 'published' AND id % 3 = $1 % 3");
		assert_non_null(st);
		assert_int_equal(db_bind_int(st, 2, NOW), DB_OK);
		break;
	}
	assert_int_equal(db_bind_int(st, 1, id), DB_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(db_commit(f->db), DB_OK);
}

static void random_move(struct fx *f)
{
	size_t from = pick(f, NUNITS), to = pick(f, NUNITS);
	if (from == to)
		return;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_move_open_work(f->db, &sys, f->unit[from], f->unit[to], NOW, NULL), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
}

/* Delete an item and what hangs from it, unless another item is merged
 * into it. */
static void random_delete(struct fx *f)
{
	int64_t id = random_item(f);
	if (!id)
		return;
	static const char *const sql[] = {
		"DELETE FROM feedback_events WHERE feedback_id = $1",
		"DELETE FROM feedback_answers WHERE feedback_id = $1",
		"DELETE FROM feedback_contacts WHERE feedback_id = $1",
		"DELETE FROM feedback_attachments WHERE feedback_id = $1",
		"DELETE FROM feedback WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM feedback m WHERE m.merged_into_id = $1)",
	};
	assert_int_equal(db_begin(f->db), DB_OK);
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		struct db_stmt *st = db_prepare(f->db, sql[i]);
		assert_non_null(st);
		assert_int_equal(db_bind_int(st, 1, id), DB_OK);
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
	}
	assert_int_equal(db_commit(f->db), DB_OK);
}

static void random_steps(struct fx *f, int steps)
{
	for (int i = 0; i < steps; i++) {
		size_t k = pick(f, 20);
		if (k < 7)
			insert_item(f);
		else if (k < 13)
			random_event(f);
		else if (k < 15)
			random_store_update(f);
		else if (k < 17)
			random_sql_update(f);
		else if (k < 18)
			random_move(f);
		else
			random_delete(f);
	}
}

/* the review reports' roll-ups against the items (below, with the bulk load) */
static void check_report_tally(struct fx *f);

static void test_random_workflows(void **state)
{
	(void)state;
	/* one seed on PostgreSQL, where each check's queries cost more */
	for (uint64_t seed = 1; seed <= (TESTDB_IS_PG ? 1 : 3); seed++) {
		struct fx *f = fx_new(seed);
		for (int round = 0; round < 4; round++) {
			random_steps(f, 120);
			check_tables(f);
			assert_int_equal(check_counts(f), 8 * (1 + 5 * NACCTS));
		}
		/* the workflows did reach every kind of state */
		assert_true(count_sql(f->db, "SELECT count(DISTINCT status) FROM feedback") >= 6);
		assert_true(count_sql(f->db, "SELECT count(*) FROM feedback WHERE created_by IS NOT NULL") > 0);
		assert_true(count_sql(f->db, "SELECT count(*) FROM feedback_events WHERE type = 'transfer'") > 0);
		assert_true(count_sql(f->db, "SELECT count(*) FROM feedback WHERE status = 'merged'") > 0);
		check_report_tally(f);
		check_inbox(f, &f->boss_actor);
		check_inbox(f, &f->actor[1]);
		check_inbox(f, &f->actor[2]);
		check_inbox(f, &f->actor[3]);
		fx_free(f);
	}
}

/* --- a bulk load counts its items once, as the triggers would ---------------------- */

/* The roll-up of the review reports (0028), against its GROUP BY. */
static void check_report_tally(struct fx *f)
{
#define REPORT_KEYS                                                                                \
	"SELECT coalesce(unit_id, intake_unit_id, 0), (received_at + 25200) / 86400, "                 \
	"CASE WHEN answered_at IS NULL THEN -1 ELSE " GREATEST "(0, (answered_at + 25200) / 86400 - "  \
	"(received_at + 25200) / 86400) END, count(*), "                                               \
	"sum(CASE WHEN answered_at IS NOT NULL AND (due_at IS NULL OR answered_at <= due_at) THEN 1 ELSE 0 END), " \
	"count(rating), sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) FROM feedback GROUP BY 1, 2, 3"
	assert_same_rows(f->db, "SELECT unit_id, day, lag, n, on_time, rated, satisfied "
				"FROM report_feedback_tally WHERE n <> 0", REPORT_KEYS);
#undef REPORT_KEYS
	/* the open items by month received and month due (0040): only rows that count */
#define OPEN_KEYS                                                                                  \
	"SELECT coalesce(unit_id, intake_unit_id, 0), " VN_MONTH ", " VN_DUE_MONTH ", count(*) "        \
	"FROM feedback WHERE status IN ('received', 'assigned') AND due_at IS NOT NULL GROUP BY 1, 2, 3"
	assert_same_rows(f->db, "SELECT unit_id, month, due_month, n FROM report_feedback_open", OPEN_KEYS);
#undef OPEN_KEYS
}

/* An item as a demo loads it: any final status, answered, published,
 * rated, late or on time. */
static void bulk_item(struct fx *f)
{
	static const enum feedback_status statuses[] = { FB_RECEIVED, FB_ASSIGNED, FB_ANSWERED, FB_PUBLISHED,
							 FB_CLOSED, FB_REJECTED };
	struct feedback_row r;
	memset(&r, 0, sizeof(r));
	trackcode_new(r.code);
	memset(r.secret_hash, 0x5a, sizeof(r.secret_hash));
	r.title = "Rác thải tồn đọng";
	r.body = "Rác thải tồn đọng nhiều ngày chưa được thu gom.";
	r.category_id = f->cat[pick(f, NCATS)];
	r.public = (int)pick(f, 2);
	r.channel = pick(f, 2) ? FB_CH_WEB : FB_CH_HOTLINE;
	r.intake_unit_id = f->unit[pick(f, NUNITS)];
	r.status = statuses[pick(f, 6)];
	if (r.status != FB_RECEIVED && (r.status != FB_REJECTED || pick(f, 2)))
		r.unit_id = f->unit[pick(f, NUNITS)];
	r.created_by = pick(f, 3) ? f->acct[pick(f, NACCTS)] : 0;
	r.received_at = NOW - (int64_t)pick(f, 400) * 86400 - (int64_t)pick(f, 86400);
	r.due_at = pick(f, 5) ? r.received_at + 15 * 86400 : 0;
	if (r.status == FB_ANSWERED || r.status == FB_PUBLISHED || r.status == FB_CLOSED)
		r.answered_at = r.received_at + (int64_t)pick(f, 30) * 86400;
	if (r.status == FB_PUBLISHED || r.status == FB_CLOSED) {
		r.published_at = r.answered_at + 3600;
		if (pick(f, 2)) {
			r.rating = 1 + (int)pick(f, 5);
			r.rated_at = r.published_at + 86400;
		}
	}
	r.updated_at = NOW;
	assert_int_equal(feedback_row_insert(f->db, &r, NULL), DB_OK);
}

/* How many triggers are on (0), or indexes there are (1). */
static int64_t schema_count(struct fx *f, int indexes)
{
	if (TESTDB_IS_PG)
		return count_sql(f->db, indexes ? "SELECT count(*) FROM pg_indexes WHERE tablename = 'feedback'"
						: "SELECT count(*) FROM pg_trigger WHERE tgenabled = 'O'");
	return count_sql(f->db, indexes ? "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
					: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
}

static void test_bulk_load(void **state)
{
	(void)state;
	struct fx *f = fx_new(11);
	random_steps(f, 60); /* items and counters from before the load */
	int64_t version = count_sql(f->db, "SELECT version FROM public_versions WHERE kind = 'feedback'");
	int64_t triggers = schema_count(f, 0);
	int64_t indexes = schema_count(f, 1);
	int64_t before = count_sql(f->db, "SELECT coalesce(max(id), 0) FROM feedback");
	struct feedback_bulk b;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_bulk_begin(f->db, &b), DB_OK);
	assert_int_equal(b.after_id, before);
	for (int i = 0; i < 300; i++)
		bulk_item(f);
	assert_int_equal(feedback_bulk_end(f->db, &b), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	check_tables(f);
	check_report_tally(f);
	/* the public list's version moved once per new public, published or closed item */
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM feedback WHERE public = 1 AND status IN ('published', 'closed') "
		 "AND id > %lld", (long long)before);
	int64_t public_new = count_sql(f->db, sql);
	assert_true(public_new > 0);
	assert_int_equal(count_sql(f->db, "SELECT version FROM public_versions WHERE kind = 'feedback'"),
			 version + public_new);
	/* the triggers and indexes are back: the next items count by themselves */
	assert_int_equal(schema_count(f, 0), triggers);
	assert_int_equal(schema_count(f, 1), indexes);
	random_steps(f, 60);
	check_tables(f);
	check_report_tally(f);

	/* a load that fails part way leaves nothing: triggers, indexes, counters as before */
	int64_t n = count_sql(f->db, "SELECT count(*) FROM feedback");
	int64_t tallied = count_sql(f->db, "SELECT sum(n) FROM feedback_tally");
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_bulk_begin(f->db, &b), DB_OK);
	bulk_item(f);
	db_rollback(f->db);
	feedback_bulk_free(&b);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), n);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally"), tallied);
	assert_int_equal(schema_count(f, 0), triggers);
	random_steps(f, 30);
	check_tables(f);
	fx_free(f);
}

/* --- the migration counts the items that were there before it ---------------------- */

static void test_migration_populates(void **state)
{
	(void)state;
	struct fx *f = fx_new(7);
	random_steps(f, 200);
	int64_t items = count_sql(f->db, "SELECT count(*) FROM feedback");
	assert_true(items > 20);
	/* back to the schema before 0007, with the items as they are */
	exec_ok(f->db, TESTDB_IS_PG
		/* 0030/0031/0034: one insert trigger counts every tally; gone with it */
		? "BEGIN; DROP FUNCTION feedback_tally_all_on_insert_rows, feedback_tally_on_insert, feedback_tally_on_update, "
		  "feedback_tally_detail_on_update, feedback_tally_on_delete CASCADE; "
		  "DROP FUNCTION feedback_tally_add, feedback_tally_detail_add; "
		  "DROP TABLE feedback_tally; DROP TABLE feedback_tally_detail; "
		  /* and 0050's sums of what each officer recorded */
		  "DROP FUNCTION feedback_tally_recorded_keep CASCADE; DROP TABLE feedback_tally_recorded; COMMIT"
		: "BEGIN; DROP TRIGGER feedback_tally_insert; DROP TRIGGER feedback_tally_update; "
		  "DROP TRIGGER feedback_tally_detail_update; DROP TRIGGER feedback_tally_delete; "
		  "DROP TABLE feedback_tally; DROP TABLE feedback_tally_detail; "
		  "DROP TABLE feedback_tally_recorded; COMMIT");
	/* items written meanwhile are not counted by anyone */
	random_steps(f, 60);
	/* the migration's own text, as db_migrate() runs it */
	const struct asset *mig = asset_find(MIGRATIONS "0007_tally.sql");
	assert_non_null(mig);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, (const char *)mig->data), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	mig = asset_find(MIGRATIONS "0050_tally_recorded.sql");
	assert_non_null(mig);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, (const char *)mig->data), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_recorded"),
			 count_sql(f->db, "SELECT count(*) FROM feedback WHERE created_by IS NOT NULL AND created_by <> 0"));
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally"),
			 count_sql(f->db, "SELECT count(*) FROM feedback"));
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_detail"),
			 count_sql(f->db, "SELECT count(*) FROM feedback"));
	/* 0013's period counters likewise */
	exec_ok(f->db, TESTDB_IS_PG
		/* the reports' roll-up (0028) calls feedback_on_time(): its
		 * triggers go too (this test does not count it) */
		? "BEGIN; DROP FUNCTION report_feedback_tally_on_update, report_feedback_tally_on_delete CASCADE; "
		  /* and the open items' (0040) calls vn_month() */
		  "DROP FUNCTION report_feedback_open_on_change, report_feedback_open_on_insert_rows CASCADE; "
		  "DROP FUNCTION feedback_tally_period_on_insert, feedback_tally_day_on_update, "
		  "feedback_tally_month_on_update, feedback_tally_due_on_update, feedback_tally_period_on_delete "
		  "CASCADE; DROP FUNCTION feedback_tally_day_add, feedback_tally_month_add, feedback_tally_due_add; "
		  "DROP FUNCTION feedback_on_time, vn_month; "
		  "DROP TABLE feedback_tally_day, feedback_tally_month, feedback_tally_due; COMMIT"
		: "BEGIN; DROP TRIGGER feedback_tally_day_insert; DROP TRIGGER feedback_tally_day_update; "
		  "DROP TRIGGER feedback_tally_day_delete; DROP TABLE feedback_tally_day; "
		  "DROP TRIGGER feedback_tally_month_insert; DROP TRIGGER feedback_tally_month_update; "
		  "DROP TRIGGER feedback_tally_month_delete; DROP TABLE feedback_tally_month; "
		  "DROP TRIGGER feedback_tally_due_insert; DROP TRIGGER feedback_tally_due_update; "
		  "DROP TRIGGER feedback_tally_due_delete; DROP TABLE feedback_tally_due; COMMIT");
	random_steps(f, 30);
	const struct asset *mig13 = asset_find(MIGRATIONS "0013_tally_period.sql");
	assert_non_null(mig13);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_exec(f->db, (const char *)mig13->data), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	check_tables(f);
	check_counts(f);
	/* and its triggers keep them from there */
	random_steps(f, 100);
	check_tables(f);
	check_counts(f);
	fx_free(f);
}

/* --- what the tally does not answer ---------------------------------------------------- */

static void test_fallback(void **state)
{
	(void)state;
	struct fx *f = fx_new(11);
	random_steps(f, 150);
	int64_t scope[] = { f->unit[0], f->unit[1], f->unit[2], f->unit[3], f->unit[4] };
	struct feedback_query base;
	memset(&base, 0, sizeof(base));
	base.use_scope = 1;
	base.scope = scope;
	base.nscope = 5;
	base.scope_creator = f->acct[1];
	base.now = NOW;
	assert_true(feedback_tally_covers(&base));

	/* filters without a column in the tally */
	struct search_query sq;
	memset(&sq, 0, sizeof(sq));
	sq.match = "den";
	sq.match_public = "den";
	struct feedback_query unfit[6];
	for (int i = 0; i < 6; i++)
		unfit[i] = base;
	unfit[0].search = &sq;
	unfit[1].public_only = 1;
	unfit[2].overdue = 1;
	unfit[3].due_from = NOW;
	unfit[3].due_to = NOW + 30 * 86400;
	unfit[4].received_from = 1;
	unfit[5].received_to = NOW + 86400;
	for (int i = 0; i < 6; i++) {
		assert_false(feedback_tally_covers(&unfit[i]));
		int64_t counts[FB_STATUS_COUNT] = { -7, -7, -7, -7, -7, -7, -7 };
		assert_int_equal(feedback_tally_by_status(f->db, &unfit[i], counts), FEEDBACK_TALLY_CANNOT);
		assert_int_equal(counts[0], -7); /* untouched */
	}
	/* a search text with no word in it is no search: covered */
	struct search_query empty;
	memset(&empty, 0, sizeof(empty));
	struct feedback_query nosearch = base;
	nosearch.search = &empty;
	assert_true(feedback_tally_covers(&nosearch));

	/* Which path answers: put 1000 phantom items into the counters. A
	 * covered query shows them (the tally answered); a query with a
	 * received period that holds every item does not (the items were
	 * counted), and equals the truth. */
	int64_t want[FB_STATUS_COUNT], got[FB_STATUS_COUNT];
	direct_counts(f, &base, want);
	exec_ok(f->db, "UPDATE feedback_tally SET n = n + 1000 WHERE status = 'received'");
	assert_int_equal(feedback_row_count_by_status(f->db, &base, got), DB_OK);
	int64_t reached = count_sql(f->db, "SELECT count(*) FROM feedback_tally WHERE status = 'received'");
	assert_true(got[FB_RECEIVED] > want[FB_RECEIVED]);
	assert_true(got[FB_RECEIVED] <= want[FB_RECEIVED] + 1000 * reached);
	struct feedback_query period = unfit[4];
	assert_int_equal(feedback_row_count_by_status(f->db, &period, got), DB_OK);
	assert_counts_equal(got, want, "fallback");
	exec_ok(f->db, "UPDATE feedback_tally SET n = n - 1000 WHERE status = 'received'");
	check_tables(f);

	/* a scope with neither units nor an account reaches nothing */
	struct feedback_query none = base;
	none.nscope = 0;
	none.scope_creator = 0;
	assert_int_equal(feedback_tally_by_status(f->db, &none, got), DB_OK);
	for (int i = 0; i < FB_STATUS_COUNT; i++)
		assert_int_equal(got[i], 0);
	fx_free(f);
}

/* --- exact past the cap ------------------------------------------------------------------- */

static void test_inbox_exact_past_cap(void **state)
{
	(void)state;
	struct fx *f = fx_new(13);
	/* 10,050 received items at W1's desk, 3 assigned to G1 that W1's front
	 * officer recorded, in one go */
	struct db_stmt *st = db_prepare(f->db,
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 10053) "
		"INSERT INTO feedback(code, secret_hash, title, body, category_id, channel, status, "
		"intake_unit_id, unit_id, received_at, due_at, updated_at, created_by) "
		"SELECT " CODE_OF_I ", " ZERO32 ", 'Rác thải', 'Rác chưa thu gom.', "
		"$1, 'web', CASE WHEN i > 10050 THEN 'assigned' ELSE 'received' END, $2, "
		"CASE WHEN i > 10050 THEN $3 END, $4 - i, $4 + 86400 * 15, $4, "
		"CASE WHEN i > 10050 THEN $5 END FROM k");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, f->cat[0]), DB_OK);
	assert_int_equal(db_bind_int(st, 2, f->unit[1]), DB_OK);
	assert_int_equal(db_bind_int(st, 3, f->unit[3]), DB_OK);
	assert_int_equal(db_bind_int(st, 4, NOW), DB_OK);
	assert_int_equal(db_bind_int(st, 5, f->acct[1]), DB_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(db_commit(f->db), DB_OK);

	struct arena a;
	arena_init(&a, 16384);
	struct app_ctx ctx = { f->db, f->cal, &a, &f->boss_actor, NOW };
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.counts[FB_RECEIVED], 10050);
	assert_int_equal(box.counts[FB_ASSIGNED], 3);
	assert_int_equal(box.page.total, 10053);
	assert_int_equal(box.page.total_capped, 0);
	flt.status = 1 + FB_RECEIVED;
	flt.page = 500;
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 10050);
	assert_int_equal(box.page.n, 20); /* the last page a list shows: items 9,981..10,000 */
	/* the total is exact, but no list goes past FEEDBACK_LIST_DEPTH items */
	flt.page = 501;
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_PAGE_RANGE);
	flt.page = 500;
	flt.category = "khong-co";
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 0);
	/* W1's front officer reaches W1 and G1, and recorded the 3 (counted once) */
	struct app_ctx fctx = { f->db, f->cal, &a, &f->actor[1], NOW };
	memset(&flt, 0, sizeof(flt));
	flt.unit = "G1";
	assert_int_equal(feedback_inbox(&fctx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.counts[FB_RECEIVED], 0);
	assert_int_equal(box.counts[FB_ASSIGNED], 3);
	assert_int_equal(box.page.total, 3);
	/* the intake officer of W2 reaches none of them */
	struct app_ctx ictx = { f->db, f->cal, &a, &f->actor[2], NOW };
	memset(&flt, 0, sizeof(flt));
	assert_int_equal(feedback_inbox(&ictx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 0);

	/* a filter the tally does not keep: counted from the items, capped */
	memset(&flt, 0, sizeof(flt));
	flt.received_from = 1;
	assert_int_equal(feedback_inbox(&ctx, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.counts[FB_RECEIVED], FEEDBACK_COUNT_CAP + 1);
	assert_int_equal(box.counts[FB_ASSIGNED], 3);
	assert_int_equal(box.page.total, FEEDBACK_COUNT_CAP);
	assert_int_equal(box.page.total_capped, 1);

	/* the capped count of "units OR recorded": two branches, summed, capped */
	int64_t w1 = f->unit[1], g1 = f->unit[3], total;
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	q.use_scope = 1;
	q.scope = &w1;
	q.nscope = 1;
	q.scope_creator = f->acct[1];
	assert_int_equal(feedback_row_count(f->db, &q, &total), DB_OK);
	assert_int_equal(total, FEEDBACK_COUNT_CAP + 1);
	q.status_mask = 1u << FB_ASSIGNED;
	assert_int_equal(feedback_row_count(f->db, &q, &total), DB_OK);
	assert_int_equal(total, 3); /* at G1, outside the scope: the account's branch */
	q.scope = &g1;
	q.status_mask = 0;
	assert_int_equal(feedback_row_count(f->db, &q, &total), DB_OK);
	assert_int_equal(total, 3); /* inside it: not twice */
	arena_release(&a);
	fx_free(f);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_workflows),
		cmocka_unit_test(test_bulk_load),
		cmocka_unit_test(test_migration_populates),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_inbox_exact_past_cap),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
