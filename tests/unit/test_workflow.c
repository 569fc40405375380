/* Unit tests for app/workflow: the table lookups of a small domain checked
 * cell by cell against an independent table, and wf_apply()'s order of
 * checks, its audit entry and its all-or-nothing transaction, on a real
 * SQLite database with a real organisation tree and grants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "app/ctx.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/workflow.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"

/* A small domain: draft -> open -> closed, with an internal note, a
 * close that needs a reason, and an event whose effect fails after it
 * wrote something (to prove the rollback). */
enum { T_DRAFT, T_OPEN, T_CLOSED, T_NSTATUS };
enum { E_OPEN, E_NOTE, E_CLOSE, E_BREAK, E_HOLE, E_NEVENTS };

struct thing_input {
	const char *reason;
};

struct thing {
	int64_t id;
	const char *code;
	int status;
};

static int apply_close(struct wf_call *c)
{
	const struct thing_input *in = c->input;
	if (!in || !in->reason || !*in->reason) {
		app_errors_add(c->errs, "reason", "Vui lòng nêu lý do.");
		return APP_VALIDATION;
	}
	json_object_set_new(c->summary, "reason_len", json_integer((json_int_t)strlen(in->reason)));
	return APP_OK;
}

static int apply_break(struct wf_call *c)
{
	struct thing *t = c->record;
	struct db_stmt *st = db_prepare(c->ctx->db, "UPDATE things SET status = 99 WHERE id = $1");
	db_bind_int(st, 1, t->id);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	return APP_CONFLICT;
}

static int check_thing(struct wf_call *c)
{
	const struct thing_input *in = c->input;
	if (c->event == E_NOTE && (!in || !in->reason))
		app_errors_add(c->errs, "text", "Vui lòng nhập nội dung.");
	return APP_OK;
}

static int load_thing(struct wf_call *c, const char *key)
{
	struct db_stmt *st = db_prepare(c->ctx->db, "SELECT id, code, status, unit_id, public FROM things WHERE code = $1");
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_done(st);
		return rc == DB_DONE ? APP_NOT_FOUND : APP_ERROR;
	}
	struct thing *t = arena_zalloc(c->ctx->arena, sizeof(*t));
	t->id = db_col_int(st, 0);
	t->code = arena_strdup(c->ctx->arena, db_col_text(st, 1));
	t->status = (int)db_col_int(st, 2);
	c->record = t;
	c->object = t->code;
	c->status = t->status;
	c->scope_unit = db_col_int(st, 3);
	c->is_public = (int)db_col_int(st, 4);
	db_done(st);
	return APP_OK;
}

static int save_thing(struct wf_call *c)
{
	struct thing *t = c->record;
	struct db_stmt *st = db_prepare(c->ctx->db, "UPDATE things SET status = $2 WHERE id = $1");
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, c->next);
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return APP_ERROR;
	st = db_prepare(c->ctx->db, "INSERT INTO thing_events(thing_id, event, public) VALUES ($1, $2, $3) RETURNING id");
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, c->event);
	db_bind_int(st, 3, c->ev->public);
	rc = db_step(st);
	if (rc == DB_ROW)
		c->event_id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? APP_OK : APP_ERROR;
}

static const char *const statuses[T_NSTATUS] = {"draft", "open", "closed"};

static const struct wf_event events[E_NEVENTS] = {
	[E_OPEN] = {"open", ROLE_LEADER, WF_BIT(T_DRAFT), T_OPEN, 1, NULL},
	[E_NOTE] = {"note", ROLE_HANDLER | ROLE_LEADER, WF_BIT(T_DRAFT) | WF_BIT(T_OPEN) | WF_BIT(T_CLOSED),
		    WF_SAME, 0, NULL},
	[E_CLOSE] = {"close", ROLE_LEADER | ROLE_ADMIN, WF_BIT(T_OPEN), T_CLOSED, 1, apply_close},
	[E_BREAK] = {"break", ROLE_LEADER, WF_BIT(T_OPEN), T_CLOSED, 1, apply_break},
	[E_HOLE] = {NULL, 0, 0, 0, 0, NULL},
};

static const struct wf_domain things = {
	.name = "thing",
	.statuses = statuses,
	.nstatuses = T_NSTATUS,
	.events = events,
	.nevents = E_NEVENTS,
	.check = check_thing,
	.load = load_thing,
	.save = save_thing,
};

/* The same machine written out independently: next status (-1: not
 * allowed) per [event][status], and the roles per event. */
static const int want_next[E_NEVENTS][T_NSTATUS] = {
	[E_OPEN] = {T_OPEN, -1, -1},
	[E_NOTE] = {T_DRAFT, T_OPEN, T_CLOSED},
	[E_CLOSE] = {-1, T_CLOSED, -1},
	[E_BREAK] = {-1, T_CLOSED, -1},
	[E_HOLE] = {-1, -1, -1},
};
static const unsigned want_roles[E_NEVENTS] = {
	[E_OPEN] = ROLE_LEADER,
	[E_NOTE] = ROLE_HANDLER | ROLE_LEADER,
	[E_CLOSE] = ROLE_LEADER | ROLE_ADMIN,
	[E_BREAK] = ROLE_LEADER,
	[E_HOLE] = 0,
};

static void test_table(void **state)
{
	for (int e = -1; e <= E_NEVENTS; e++) {
		for (int s = -1; s <= T_NSTATUS; s++) {
			int want = (e >= 0 && e < E_NEVENTS && s >= 0 && s < T_NSTATUS) ? want_next[e][s] : -1;
			int next = 12345;
			int rc = wf_next(&things, s, e, &next);
			if (want < 0) {
				assert_int_equal(rc, -1);
				assert_int_equal(next, 12345);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want);
			}
			for (size_t i = 0; i < ROLE_COUNT; i++) {
				unsigned r = role_at(i);
				unsigned wr = (e >= 0 && e < E_NEVENTS) ? want_roles[e] : 0;
				assert_int_equal(wf_may(&things, s, e, r), want >= 0 && (wr & r) != 0);
			}
		}
	}
	assert_int_equal(wf_allowed(&things, T_OPEN, ROLE_LEADER),
			 (1u << E_NOTE) | (1u << E_CLOSE) | (1u << E_BREAK));
	assert_int_equal(wf_allowed(&things, T_OPEN, ROLE_HANDLER), 1u << E_NOTE);
	assert_int_equal(wf_allowed(&things, T_CLOSED, ROLE_VIEWER), 0);
	assert_int_equal(wf_public(&things, E_OPEN), 1);
	assert_int_equal(wf_public(&things, E_NOTE), 0);
	assert_int_equal(wf_public(&things, E_HOLE), 0);
	assert_int_equal(wf_public(&things, 99), 0);
	assert_int_equal(wf_event_parse(&things, "close"), E_CLOSE);
	assert_int_equal(wf_event_parse(&things, "Close"), -1);
	assert_int_equal(wf_event_parse(&things, NULL), -1);
}

/* --- wf_apply on a database ------------------------------------------------ */

static const struct audit_actor system_actor = {0, "test", NULL};

static struct db *db;
static struct arena arena;
static int64_t leader_id, handler_id, stranger_id;

static int64_t add_account(const char *username)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO accounts(username, display_name, password_hash, "
					    "created_at, updated_at, password_changed_at) "
					    "VALUES ($1, $1, 'x', 0, 0, 0) RETURNING id");
	db_bind_text(st, 1, username);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static int64_t scalar(const char *sql, const char *arg)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	if (arg)
		db_bind_text(st, 1, arg);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t v = db_col_int(st, 0);
	db_done(st);
	return v;
}

static void unit(const char *code, const char *parent)
{
	int64_t d;
	assert_int_equal(parse_date("2020-01-01", &d), 0);
	struct org_unit_input in = {code, code, "government", parent};
	assert_int_equal(org_create(&(struct app_ctx){ .db = db, .actor = &system_actor, .now = time(NULL) },
					    &in, d, NULL, NULL), APP_OK);
}

static void thing(const char *code, const char *unit_code, int status, int public)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO things(code, status, unit_id, public) "
					    "SELECT $1, $2, id, $3 FROM units WHERE code = $4");
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, status);
	db_bind_int(st, 3, public);
	db_bind_text(st, 4, unit_code);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static int setup(void **state)
{
	char err[512];
	db = testdb_open(":memory:", err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_migrate(db, err, sizeof(err)), DB_OK);
	assert_int_equal(db_exec(db, "CREATE TABLE things(" TESTDB_ID ", code TEXT UNIQUE, "
				     "status INTEGER, unit_id INTEGER, public INTEGER);"
				     "CREATE TABLE thing_events(" TESTDB_ID ", thing_id INTEGER, "
				     "event INTEGER, public INTEGER);"),
			 0);
	unit("HN", NULL);
	unit("W1", "HN");
	unit("W2", "HN");
	unit("T1", "W1");
	leader_id = add_account("leader");
	handler_id = add_account("handler");
	stranger_id = add_account("stranger");
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = db, .actor = &system_actor, .now = time(NULL) },
				    leader_id, "W1", "leader", NULL), 0);
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = db, .actor = &system_actor, .now = time(NULL) },
				    handler_id, "W1", "handler", NULL), 0);
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = db, .actor = &system_actor, .now = time(NULL) },
				    stranger_id, "W2", "leader", NULL), 0);
	thing("PUB", "T1", T_DRAFT, 1);   /* in a sub-unit of W1: roles are inherited */
	thing("PRIV", "T1", T_OPEN, 0);
	arena_init(&arena, 4096);
	return 0;
}

static int teardown(void **state)
{
	arena_release(&arena);
	db_close(db);
	return 0;
}

static int apply(int64_t account, const char *key, int event, const char *reason, struct app_errors *errs)
{
	struct audit_actor actor = {account, "someone", NULL};
	struct app_ctx ctx = {.db = db, .arena = &arena, .actor = &actor, .now = 1700000000};
	struct thing_input in = {reason};
	return wf_apply(&ctx, &things, key, event, &in, NULL, errs);
}

static int64_t audits(void)
{
	return scalar("SELECT count(*) FROM audit_log", NULL);
}

static int status_of(const char *code)
{
	return (int)scalar("SELECT status FROM things WHERE code = $1", code);
}

static void test_apply(void **state)
{
	struct app_errors errs;
	int64_t a0 = audits();

	/* unknown record, unknown event */
	assert_int_equal(apply(leader_id, "NONE", E_OPEN, NULL, &errs), APP_NOT_FOUND);
	assert_int_equal(apply(leader_id, "PUB", E_HOLE, NULL, &errs), APP_VALIDATION);
	assert_string_equal(app_errors_get(&errs, "type"), "Loại thao tác không hợp lệ.");
	assert_int_equal(apply(leader_id, "PUB", 77, NULL, &errs), APP_VALIDATION);

	/* no role in scope: a private record does not exist for you, a public
	 * one is forbidden; the held field errors are never the answer first */
	assert_int_equal(apply(stranger_id, "PRIV", E_NOTE, NULL, &errs), APP_NOT_FOUND);
	assert_int_equal(apply(stranger_id, "PUB", E_NOTE, NULL, &errs), APP_FORBIDDEN);
	assert_int_equal(apply(0, "PUB", E_NOTE, "x", &errs), APP_FORBIDDEN);
	/* a role in scope that the event does not allow */
	assert_int_equal(apply(handler_id, "PUB", E_OPEN, NULL, &errs), APP_FORBIDDEN);
	/* the status does not allow it, before the field errors */
	assert_int_equal(apply(leader_id, "PUB", E_CLOSE, NULL, &errs), APP_INVALID_TRANSITION);
	/* everything allowed but the input: the held errors */
	assert_int_equal(apply(handler_id, "PUB", E_NOTE, NULL, &errs), APP_VALIDATION);
	assert_string_equal(app_errors_get(&errs, "text"), "Vui lòng nhập nội dung.");
	assert_int_equal(audits(), a0);
	assert_int_equal(scalar("SELECT count(*) FROM thing_events", NULL), 0);

	/* a good event: status, timeline and audit together */
	assert_int_equal(apply(leader_id, "PUB", E_OPEN, NULL, &errs), APP_OK);
	assert_int_equal(status_of("PUB"), T_OPEN);
	assert_int_equal(audits(), a0 + 1);
	int64_t ev = scalar("SELECT max(id) FROM thing_events", NULL);
	struct db_stmt *st = db_prepare(db, "SELECT action, object_type, object_id, summary, actor_id "
					    "FROM audit_log ORDER BY id DESC LIMIT 1");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "thing.open");
	assert_string_equal(db_col_text(st, 1), "thing");
	assert_string_equal(db_col_text(st, 2), "PUB");
	char want[128];
	snprintf(want, sizeof(want), "{\"status\":[\"draft\",\"open\"],\"event_id\":%lld}", (long long)ev);
	assert_string_equal(db_col_text(st, 3), want);
	assert_int_equal(db_col_int(st, 4), leader_id);
	db_done(st);

	/* apply() refuses: nothing of the event is written */
	assert_int_equal(apply(leader_id, "PUB", E_CLOSE, "", &errs), APP_VALIDATION);
	assert_string_equal(app_errors_get(&errs, "reason"), "Vui lòng nêu lý do.");
	assert_int_equal(apply(leader_id, "PUB", E_BREAK, NULL, &errs), APP_CONFLICT);
	assert_int_equal(status_of("PUB"), T_OPEN); /* apply_break's UPDATE was rolled back */
	assert_int_equal(audits(), a0 + 1);
	assert_int_equal(db_in_transaction(db), 0);

	/* a status-keeping event, then the close with its own summary key */
	assert_int_equal(apply(handler_id, "PUB", E_NOTE, "ghi chú", &errs), APP_OK);
	assert_int_equal(status_of("PUB"), T_OPEN);
	assert_int_equal(apply(leader_id, "PUB", E_CLOSE, "đã xong", &errs), APP_OK);
	assert_int_equal(status_of("PUB"), T_CLOSED);
	st = db_prepare(db, "SELECT summary FROM audit_log ORDER BY id DESC LIMIT 1");
	assert_int_equal(db_step(st), DB_ROW);
	assert_non_null(strstr(db_col_text(st, 0), "{\"status\":[\"open\",\"closed\"],\"reason_len\":"));
	db_done(st);
	assert_int_equal(scalar("SELECT count(*) FROM thing_events WHERE public = 1", NULL), 2);
	assert_int_equal(scalar("SELECT count(*) FROM thing_events WHERE public = 0", NULL), 1);
	assert_int_equal(audits(), a0 + 3);

	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_apply, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
