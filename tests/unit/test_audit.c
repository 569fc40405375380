/* Unit tests for store/audit: appending in transactions, the keyed hash
 * chain, that audit_verify() names the first entry after any kind of
 * tampering (NUL padding, a wrong key, a cut tail against an anchor), the
 * sealing of an unkeyed log from before the key, and key files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"

/* What the tampering below writes differently per engine: PostgreSQL names
 * a trigger's table when dropping it, and has no zeroblob(). */
#if TESTDB_IS_PG
#define ON_LOG " ON audit_log"
#define ZERO32 "decode(repeat('00', 32), 'hex')"
#else
#define ON_LOG ""
#define ZERO32 "zeroblob(32)"
#endif

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct audit_actor cli = { 0, "cli:tester", NULL };
static const struct audit_actor officer = { 7, "nguyenvana", "192.0.2.1" };

static int setup(void **state)
{
	char err[512];
	struct db *db = testdb_open(":memory:", err, sizeof(err));
	if (!db)
		return -1;
	if (db_migrate(db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "%s\n", err);
		db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

static int64_t count_rows(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM audit_log");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* Five entries, appended two transactions at a time. */
static void fill(struct db *db)
{
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.create", "account", "1",
				      "{\"username\":\"admin\",\"display_name\":\"Quản trị viên\"}"), 0);
	assert_int_equal(audit_append(db, &cli, "role.grant", "account", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "session.login", "session", "1", "{\"kind\":\"web\"}"), 0);
	assert_int_equal(audit_append(db, &officer, "feedback.assign", "feedback", "PA-7K3Q",
				      "{\"unit\":[null,\"P-00001\"]}"), 0);
	assert_int_equal(audit_append(db, &officer, "view_contact", "feedback", "PA-7K3Q", ""), 0);
	assert_int_equal(db_commit(db), DB_OK);
}

static void expect_broken_at(struct db *db, int64_t id)
{
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 1);
	assert_int_equal(bad, id);
	char want[32];
	snprintf(want, sizeof(want), "entry #%lld:", (long long)id);
	assert_non_null(strstr(err, want));
}

/* The summary text of entry `id`. */
static char *summary_of(struct db *db, int64_t id, char *buf, size_t len)
{
	struct db_stmt *st = db_prepare(db, "SELECT summary FROM audit_log WHERE id = $1");
	assert_non_null(st);
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	const char *t = db_col_text(st, 0);
	snprintf(buf, len, "%s", t ? t : "(null)");
	db_done(st);
	return buf;
}

/* audit_append_json(): compact, keys in insertion order, UTF-8 kept as it
 * is, the same text the hand-written writers produced; a summary that
 * could not be built is an error and writes nothing. */
static void test_append_json(void **state)
{
	struct db *db = *state;
	char buf[512], id[AUDIT_ID_CHARS];
	assert_int_equal(db_begin(db), DB_OK);
	json_t *o = json_pack("{s:s, s:[b, b], s:n, s:I}", "username", "hoà.nguyễn", "disabled", 0, 1, "parent",
			      "n", (json_int_t)-42);
	assert_non_null(o);
	assert_int_equal(audit_append_json(db, &cli, "account.disable", "account", audit_id(12, id), o), 0);
	json_decref(o);
	assert_string_equal(id, "12");
	assert_int_equal(audit_append_json_new(db, &cli, "unit.split", "unit", "X",
					       json_pack("{s:[s, s], s:s, s:s}", "into", "Y1", "Y2", "heir", "Y1",
							 "date", "2025-07-01")), 0);
	assert_int_equal(audit_append_json(db, &cli, "calendar.clear_year", "calendar", "2026", NULL), 0);
	assert_int_equal(audit_append_json_new(db, &cli, "unit.create", "unit", "Z", NULL), DB_ERROR);
	assert_int_equal(db_commit(db), DB_OK);
	assert_string_equal(summary_of(db, 1, buf, sizeof(buf)),
			    "{\"username\":\"hoà.nguyễn\",\"disabled\":[false,true],\"parent\":null,\"n\":-42}");
	assert_string_equal(summary_of(db, 2, buf, sizeof(buf)),
			    "{\"into\":[\"Y1\",\"Y2\"],\"heir\":\"Y1\",\"date\":\"2025-07-01\"}");
	assert_string_equal(summary_of(db, 3, buf, sizeof(buf)), "(null)");
	assert_int_equal(count_rows(db), 3);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 3);
}

static void test_empty_log_is_intact(void **state)
{
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(*state, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 0);
	assert_int_equal(bad, 0);
}

static void test_append_and_verify(void **state)
{
	struct db *db = *state;
	fill(db);
	int64_t bad = -1, count = -1;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 5);
	assert_int_equal(bad, 0);

	/* ids are 1..5, the first links to 32 zero bytes, each to the one before */
	struct db_stmt *st = db_prepare(db, "SELECT a.id, a.prev_hash = " ZERO32 ", "
					    "a.prev_hash = (SELECT b.hash FROM audit_log b WHERE b.id = a.id - 1), "
					    "a.actor_id IS NULL, a.addr "
					    "FROM audit_log a ORDER BY a.id");
	assert_non_null(st);
	for (int64_t i = 1; i <= 5; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_col_int(st, 0), i);
		if (i == 1)
			assert_int_equal(db_col_int(st, 1), 1);
		else
			assert_int_equal(db_col_int(st, 2), 1);
		/* the CLI actor (account 0) is stored as NULL, officers by id */
		assert_int_equal(db_col_int(st, 3), i <= 2);
		if (i >= 3)
			assert_string_equal(db_col_text(st, 4), "192.0.2.1");
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "79", NULL), 0);
	assert_int_equal(audit_append(db, &officer, "unit.rename", "unit", "79", NULL), 0);
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(count_rows(db), 5);
	/* and the chain continues from the last committed entry */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "79", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
	assert_int_equal(count, 6);
}

static void test_triggers_refuse_changes(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_true(db_exec(db, "UPDATE audit_log SET summary = 'x' WHERE id = 2") < 0);
	assert_true(db_exec(db, "DELETE FROM audit_log WHERE id = 2") < 0);
	assert_int_equal(count_rows(db), 5);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);
}

static void test_edited_summary(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET summary = '{\"unit\":[null,\"P-00002\"]}' "
				     "WHERE id = 4"), DB_OK);
	expect_broken_at(db, 4);
}

static void test_edited_field_boundary(void **state)
{
	/* moving a character from one field into the next changes the hash */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET action = 'session.logi', "
				     "object_type = 'nsession' WHERE id = 3"), DB_OK);
	expect_broken_at(db, 3);
}

static void test_null_differs_from_empty(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET summary = '' WHERE id = 2"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_edited_actor_id(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET actor_id = 8 WHERE id = 5"), DB_OK);
	expect_broken_at(db, 5);
}

static void test_replaced_hash(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET hash = " ZERO32 " WHERE id = 2"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_rehashed_edit_breaks_the_next_link(void **state)
{
	/* A forger who can compute hashes rewrites entry 2 with a valid hash of
	 * its new contents (made here by audit_append itself in a transaction
	 * that is then rolled back): entry 2 checks out, entry 3 does not. */
	struct db *db = *state;
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.create", "account", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "account.disable", "account", "1", "{\"forged\":true}"), 0);
	struct db_stmt *st = db_prepare(db, "SELECT at, hash FROM audit_log WHERE id = 2");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t at = db_col_int(st, 0);
	size_t len = 0;
	const void *h = db_col_blob(st, 1, &len);
	assert_int_equal(len, 32);
	unsigned char forged[32];
	memcpy(forged, h, 32);
	db_done(st);
	assert_int_equal(db_rollback(db), DB_OK);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &cli, "role.grant", "account", "1", NULL), 0);
	assert_int_equal(audit_append(db, &officer, "session.login", "session", "1", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	int64_t bad, count;
	char err[256];
	assert_int_equal(audit_verify(db, &bad, &count, err, sizeof(err)), 0);

	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	st = db_prepare(db, "UPDATE audit_log SET at = $1, action = 'account.disable', "
			    "summary = '{\"forged\":true}', hash = $2 WHERE id = 2");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, at), 0);
	assert_int_equal(db_bind_blob(st, 2, forged, sizeof(forged)), 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	expect_broken_at(db, 3);
}

static void test_deleted_middle_row(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 3"), DB_OK);
	expect_broken_at(db, 4);
}

static void test_deleted_and_renumbered(void **state)
{
	/* delete entry 3 and renumber the rest so the ids have no gap */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete" ON_LOG "; DROP TRIGGER audit_log_no_update" ON_LOG ";"
				     "DELETE FROM audit_log WHERE id = 3;"
				     "UPDATE audit_log SET id = id - 1 WHERE id = 4;"
				     "UPDATE audit_log SET id = id - 1 WHERE id = 5;"), DB_OK);
	expect_broken_at(db, 3);
}

static void test_deleted_first_row(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id = 1"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_swapped_rows(void **state)
{
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG ";"
				     "UPDATE audit_log SET id = 100 WHERE id = 2;"
				     "UPDATE audit_log SET id = 2 WHERE id = 3;"
				     "UPDATE audit_log SET id = 3 WHERE id = 100;"), DB_OK);
	expect_broken_at(db, 2);
}

static void test_inserted_row(void **state)
{
	struct db *db = *state;
	fill(db);
	/* a forged row that copies its neighbour's hashes */
	assert_int_equal(db_exec(db, "INSERT INTO audit_log(id, at, actor, action, prev_hash, hash) "
				     "SELECT 6, at, 'admin', 'account.disable', hash, hash FROM audit_log "
				     "WHERE id = 5"), DB_OK);
	expect_broken_at(db, 6);
}


#if !TESTDB_IS_PG /* PostgreSQL text cannot hold a NUL byte */
static void test_nul_padded_field(void **state)
{
	/* bytes after a NUL inside a text field are hashed too */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "UPDATE audit_log SET summary = summary || char(0) || 'forged' "
				     "WHERE id = 4"), DB_OK);
	expect_broken_at(db, 4);
}
#endif

static void test_wrong_key(void **state)
{
	/* a log written (or recomputed) under another key does not verify */
	struct db *db = *state;
	static const unsigned char other[AUDIT_KEY_BYTES] = { 8 };
	audit_set_key(other);
	fill(db);
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 });
	expect_broken_at(db, 1);
}

static void test_append_needs_a_key(void **state)
{
	struct db *db = *state;
	audit_clear_key();
	assert_false(audit_has_key());
	assert_int_equal(db_begin(db), DB_OK);
	assert_true(audit_append(db, &cli, "unit.create", "unit", "1", NULL) < 0);
	assert_int_equal(db_rollback(db), DB_OK);
	struct audit_report r;
	assert_true(audit_check(db, NULL, &r) < 0);
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 });
	assert_int_equal(count_rows(db), 0);
}

static void test_head_and_anchor(void **state)
{
	struct db *db = *state;
	struct audit_head h, p;
	char err[256], text[AUDIT_HEAD_CHARS + 1];
	assert_int_equal(audit_head(db, &h, err, sizeof(err)), 0);
	assert_int_equal(h.id, 0);
	fill(db);
	assert_int_equal(audit_head(db, &h, err, sizeof(err)), 0);
	assert_int_equal(h.id, 5);
	audit_head_format(&h, text);
	assert_int_equal(strlen(text), 2 + 64);
	assert_int_equal(audit_head_parse(text, &p), 0);
	assert_int_equal(p.id, 5);
	assert_memory_equal(p.hash, h.hash, 32);
	assert_int_equal(audit_head_parse("5:abc", &p), -1);
	assert_int_equal(audit_head_parse("x5:0000000000000000000000000000000000000000000000000000000000000000", &p), -1);
	assert_int_equal(audit_head_parse(NULL, &p), -1);

	/* more entries after the anchor: still intact */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "80", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	struct audit_report r;
	assert_int_equal(audit_check(db, &h, &r), 0);
	assert_int_equal(r.count, 6);

	/* an anchor with another hash: rewritten */
	p = h;
	p.hash[0] ^= 1;
	assert_int_equal(audit_check(db, &p, &r), 1);
	assert_int_equal(r.bad_id, 5);

	/* cut the tail back to entry 4: the chain alone is fine, the anchor is not */
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_delete" ON_LOG), DB_OK);
	assert_int_equal(db_exec(db, "DELETE FROM audit_log WHERE id >= 5"), DB_OK);
	assert_int_equal(audit_check(db, NULL, &r), 0);
	assert_int_equal(audit_check(db, &h, &r), 1);
	assert_int_equal(r.bad_id, 5);
	assert_non_null(strstr(r.msg, "cut from the end"));
}

/* --- an unkeyed log from before the key ---------------------------------- */

/* The v1 encoding written out independently: plain BLAKE2b-256 over prev,
 * then tagged, length-prefixed fields. */
static void v1_text(crypto_generichash_state *h, const char *s)
{
	unsigned char tag = s ? 2 : 0, len[8];
	crypto_generichash_update(h, &tag, 1);
	if (!s)
		return;
	uint64_t n = strlen(s);
	for (int i = 7; i >= 0; i--, n >>= 8)
		len[i] = (unsigned char)(n & 0xff);
	crypto_generichash_update(h, len, 8);
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

static void v1_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[9] = { 1 };
	uint64_t u = (uint64_t)v;
	for (int i = 8; i >= 1; i--, u >>= 8)
		b[i] = (unsigned char)(u & 0xff);
	crypto_generichash_update(h, b, 9);
}

/* Append an unkeyed (v1) entry by hand, as danvan before the key did. */
static void v1_append(struct db *db, int64_t id, const char *action, const char *summary)
{
	unsigned char prev[32] = { 0 }, hash[32];
	struct db_stmt *st = db_prepare(db, "SELECT hash FROM audit_log WHERE id = $1");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, id - 1), 0);
	if (db_step(st) == DB_ROW) {
		size_t len = 0;
		memcpy(prev, db_col_blob(st, 0, &len), 32);
	}
	db_done(st);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, prev, 32);
	v1_text(&h, "danvan-audit-v1");
	v1_int(&h, id);
	v1_int(&h, 1700000000 + id);
	unsigned char null_tag = 0;
	crypto_generichash_update(&h, &null_tag, 1); /* actor id NULL */
	v1_text(&h, "cli:old");
	v1_text(&h, NULL);
	v1_text(&h, action);
	v1_text(&h, NULL);
	v1_text(&h, NULL);
	v1_text(&h, summary);
	crypto_generichash_final(&h, hash, 32);
	st = db_prepare(db, "INSERT INTO audit_log(id, at, actor_id, actor, addr, action, "
			    "object_type, object_id, summary, prev_hash, hash) "
			    "VALUES ($1, $2, NULL, 'cli:old', NULL, $3, NULL, NULL, $4, $5, $6) "
			    "ON CONFLICT (id) DO UPDATE SET at = excluded.at, actor_id = NULL, actor = excluded.actor, "
			    "addr = NULL, action = excluded.action, object_type = NULL, object_id = NULL, "
			    "summary = excluded.summary, prev_hash = excluded.prev_hash, hash = excluded.hash");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, 1, id) | db_bind_int(st, 2, 1700000000 + id) |
			 db_bind_text(st, 3, action) | db_bind_text(st, 4, summary) |
			 db_bind_blob(st, 5, prev, 32) | db_bind_blob(st, 6, hash, 32), 0);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

static void test_unkeyed_log_is_sealed(void **state)
{
	struct db *db = *state;
	for (int64_t i = 1; i <= 3; i++)
		v1_append(db, i, "account.create", "{\"old\":true}");
	struct audit_report r;
	/* unkeyed only: readable without a key, not accepted as sealed */
	assert_int_equal(audit_check_unkeyed(db, &r), 0);
	assert_int_equal(r.count, 3);
	assert_int_equal(audit_check(db, NULL, &r), 1);
	assert_int_equal(r.bad_id, 3);
	struct audit_head h;
	char err[256];
	assert_int_equal(audit_head(db, &h, err, sizeof(err)), 1);

	int64_t sealed = -1;
	assert_int_equal(audit_seal_legacy(db, &cli, &sealed, &r), 0);
	assert_int_equal(sealed, 3);
	assert_int_equal(audit_check(db, NULL, &r), 0);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.legacy, 3);
	/* sealing again does nothing */
	assert_int_equal(audit_seal_legacy(db, &cli, &sealed, &r), 0);
	assert_int_equal(sealed, 0);
	assert_int_equal(count_rows(db), 4);
	/* the keyed log is not an unkeyed one */
	assert_int_equal(audit_check_unkeyed(db, &r), 1);
	assert_int_equal(r.bad_id, 4);
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(audit_append(db, &officer, "unit.create", "unit", "80", NULL), 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(audit_check(db, NULL, &r), 0);
	assert_int_equal(r.count, 5);
}

static void test_unkeyed_rewrite_after_seal(void **state)
{
	/* rewriting an unkeyed entry (with valid unkeyed hashes) breaks the seal */
	struct db *db = *state;
	for (int64_t i = 1; i <= 3; i++)
		v1_append(db, i, "account.create", NULL);
	struct audit_report r;
	int64_t sealed = 0;
	assert_int_equal(audit_seal_legacy(db, &cli, &sealed, &r), 0);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG), DB_OK);
	v1_append(db, 2, "account.disable", NULL);
	v1_append(db, 3, "account.create", NULL);
	assert_int_equal(audit_check(db, NULL, &r), 1);
	assert_int_equal(r.bad_id, 4);
}

static void test_unkeyed_entry_after_keyed(void **state)
{
	/* a chain recomputed without the key from entry 3 on, with plain
	 * (unkeyed) hashes: not accepted after a keyed entry */
	struct db *db = *state;
	fill(db);
	assert_int_equal(db_exec(db, "DROP TRIGGER audit_log_no_update" ON_LOG "; DROP TRIGGER audit_log_no_delete" ON_LOG ";"
				     "DELETE FROM audit_log WHERE id >= 3"), DB_OK);
	v1_append(db, 3, "account.disable", NULL);
	v1_append(db, 4, "account.disable", NULL);
	expect_broken_at(db, 3);
	/* and a whole log recomputed that way is not sealed */
	assert_int_equal(db_exec(db, "DELETE FROM audit_log"), DB_OK);
	for (int64_t i = 1; i <= 4; i++)
		v1_append(db, i, "account.disable", NULL);
	expect_broken_at(db, 4);
	/* sealing an unkeyed log that is itself broken appends nothing */
	assert_int_equal(db_exec(db, "UPDATE audit_log SET action = 'x' WHERE id = 2"), DB_OK);
	struct audit_report r;
	int64_t sealed = -1;
	assert_int_equal(audit_seal_legacy(db, &cli, &sealed, &r), 1);
	assert_int_equal(sealed, 0);
	assert_int_equal(r.bad_id, 2);
	assert_int_equal(count_rows(db), 4);
}

/* --- key files ----------------------------------------------------------- */

static void test_key_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/danvan-audit-key-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], err[256];
	snprintf(path, sizeof(path), "%s/audit.key", dir);
	unsigned char k1[AUDIT_KEY_BYTES], k2[AUDIT_KEY_BYTES];
	assert_int_equal(audit_key_load(path, k1, err, sizeof(err)), AUDIT_KEY_MISSING);
	assert_int_equal(audit_key_create(path, k1, err, sizeof(err)), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	assert_int_equal(audit_key_load(path, k2, err, sizeof(err)), 0);
	assert_memory_equal(k1, k2, AUDIT_KEY_BYTES);
	/* never overwritten */
	assert_int_equal(audit_key_create(path, k2, err, sizeof(err)), -1);
	assert_int_equal(audit_key_load(path, k2, err, sizeof(err)), 0);
	assert_memory_equal(k1, k2, AUDIT_KEY_BYTES);
	/* a damaged file is refused */
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("0123456789abcdef\n", f);
	fclose(f);
	assert_int_equal(audit_key_load(path, k2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "64 hexadecimal digits"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_is_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_field_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_differs_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_actor_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_edit_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_and_renumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inserted_row, setup, teardown),
#if !TESTDB_IS_PG
		cmocka_unit_test_setup_teardown(test_nul_padded_field, setup, teardown),
#endif
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_needs_a_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_and_anchor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unkeyed_log_is_sealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unkeyed_rewrite_after_seal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unkeyed_entry_after_keyed, setup, teardown),
		cmocka_unit_test(test_key_files),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
