/* Unit tests for the modules that any domain's records own: stored files
 * (store/attachment.h) and structured answers (store/answer.h), keyed by
 * (owner_kind, owner_id). They use an owner kind other than feedback
 * ("consultation", as consultation replies will) next to "feedback" with
 * the same owner id, and check that owners never see each other's rows,
 * that a link's id is new per owner, that stored bytes are shared inside
 * and collected once no owner links them, and an answer's draft, publish
 * and redraft. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <unistd.h>

#include "core/arena.h"
#include "store/answer.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/db.h"
#include "testdb.h"

static const struct audit_actor sys = { 0, "test", NULL };

#define NOW 1772420400
#define OTHER "consultation"

static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
static const char pdf[] = "%PDF-1.4\n%%EOF\n";

struct fx {
	char path[64];
	struct db *db;
	struct arena a;
};

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/danvan-owned-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	f->db = testdb_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, err, sizeof(err)), DB_OK);
	return f;
}

static void fx_free(struct fx *f)
{
	arena_release(&f->a);
	db_close(f->db);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
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

static void test_attachments_by_owner(void **state)
{
	(void)state;
	struct fx *f = fx_new();
	struct attachment_blob b, p;
	assert_int_equal(attachment_blob_init(&b, png, sizeof(png)), ATTACHMENT_OK);
	assert_int_equal(attachment_blob_init(&p, pdf, sizeof(pdf) - 1), ATTACHMENT_OK);

	/* the same bytes for two owners with the same id: two links, one blob */
	int64_t lo = 0, lf = 0, le = 0, dup = 0;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, OTHER, 5, &b, "a.png", ATTACHMENT_SUBMISSION, 0, NOW, &lo),
			 DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, "feedback", 5, &b, "b.png", ATTACHMENT_SUBMISSION, 0, NOW,
					  &lf), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, OTHER, 5, &p, "c.pdf", ATTACHMENT_EVIDENCE, 0, NOW + 1, &le),
			 DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_true(lo > 0 && lf > 0 && le > 0 && lo != lf && lf != le);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachment_links WHERE owner_kind = 'consultation'"), 2);
	/* the compatibility view shows feedback's links only */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_attachments"), 1);

	/* an owner holds given bytes once */
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, OTHER, 5, &b, "again.png", ATTACHMENT_SUBMISSION, 0, NOW,
					  &dup), DB_CONSTRAINT);
	db_rollback(f->db);

	assert_int_equal(attachment_count(f->db, OTHER, 5), 2);
	assert_int_equal(attachment_count(f->db, "feedback", 5), 1);
	assert_int_equal(attachment_count(f->db, OTHER, 6), 0);

	struct attachment *items = NULL;
	size_t n = 0;
	assert_int_equal(attachment_list(f->db, OTHER, 5, 0, &f->a, &items, &n), DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, lo);
	assert_string_equal(items[0].filename, "a.png");
	assert_int_equal(attachment_list(f->db, OTHER, 5, 1, &f->a, &items, &n), DB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].id, le);
	assert_int_equal(items[1].kind, ATTACHMENT_EVIDENCE);
	assert_string_equal(items[1].mime, "application/pdf");

	/* a link id names a file of its own owner only */
	struct attachment got;
	assert_int_equal(attachment_get(f->db, OTHER, 5, lo, &f->a, &got), DB_OK);
	assert_memory_equal(got.bytes, png, sizeof(png));
	assert_int_equal(got.size, sizeof(png));
	assert_int_equal(attachment_get(f->db, "feedback", 5, lo, &f->a, &got), DB_NOTFOUND);
	assert_int_equal(attachment_get(f->db, OTHER, 6, lo, &f->a, &got), DB_NOTFOUND);
	assert_int_equal(attachment_get(f->db, OTHER, 5, lf, &f->a, &got), DB_NOTFOUND);

	/* bytes stay while any owner links them */
	int64_t gone = -1;
	assert_int_equal(db_run(f->db, "DELETE FROM attachment_links WHERE owner_kind = 'feedback'"), DB_OK);
	assert_int_equal(attachment_gc(f->db, &sys, &gone), DB_OK);
	assert_int_equal(gone, 0);
	assert_int_equal(db_run(f->db, "DELETE FROM attachment_links WHERE kind = 'evidence'"), DB_OK);
	assert_int_equal(attachment_gc(f->db, &sys, &gone), DB_OK);
	assert_int_equal(gone, 1);
	assert_int_equal(attachment_get(f->db, OTHER, 5, lo, &f->a, &got), DB_OK);
	fx_free(f);
}

static int64_t draft(struct fx *f, const char *kind, int64_t owner, const char *result, const char *text,
		     int64_t at, int expect)
{
	struct answer ans = {
		.owner_kind = kind,
		.owner_id = owner,
		.result = result,
		.basis = "Luật 2024",
		.text = text,
		.drafted_at = at,
	};
	int64_t id = 0;
	assert_int_equal(db_begin(f->db), DB_OK);
	int rc = answer_insert(f->db, &ans, &id);
	assert_int_equal(rc, expect);
	if (rc == DB_OK)
		assert_int_equal(db_commit(f->db), DB_OK);
	else
		db_rollback(f->db);
	return id;
}

static void test_answers_by_owner(void **state)
{
	(void)state;
	struct fx *f = fx_new();
	struct answer a;
	assert_int_equal(answer_latest(f->db, OTHER, 3, 0, &f->a, &a), DB_NOTFOUND);

	/* a domain's own outcome words; feedback's are checked by the schema */
	int64_t d1 = draft(f, OTHER, 3, "accepted", "Tiếp thu ý kiến", NOW, DB_OK);
	draft(f, "feedback", 3, "accepted", "x", NOW, DB_CONSTRAINT);
	int64_t fb = draft(f, "feedback", 3, "resolved", "Đã sửa", NOW, DB_OK);
	assert_true(d1 > 0 && fb > d1);

	assert_int_equal(answer_latest(f->db, OTHER, 3, 0, &f->a, &a), DB_OK);
	assert_int_equal(a.id, d1);
	assert_string_equal(a.owner_kind, OTHER);
	assert_int_equal(a.owner_id, 3);
	assert_string_equal(a.result, "accepted");
	assert_string_equal(a.text, "Tiếp thu ý kiến");
	assert_string_equal(a.basis, "Luật 2024");
	assert_null(a.next_steps);
	assert_null(a.unit_code);
	assert_int_equal(a.published_at, 0);
	assert_int_equal(answer_latest(f->db, OTHER, 3, 1, &f->a, &a), DB_NOTFOUND);
	assert_int_equal(answer_latest(f->db, OTHER, 4, 0, &f->a, &a), DB_NOTFOUND);

	/* publish: the latest draft of this owner only */
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(answer_publish(f->db, "feedback", 3, d1, 0, NOW + 5), DB_NOTFOUND);
	assert_int_equal(answer_publish_latest(f->db, OTHER, 3, 0, NOW + 10, &f->a, &a), DB_OK);
	assert_int_equal(a.id, d1);
	assert_int_equal(a.published_at, NOW + 10);
	assert_int_equal(answer_publish_latest(f->db, OTHER, 3, 0, NOW + 11, &f->a, &a), DB_NOTFOUND);
	assert_int_equal(answer_publish_latest(f->db, OTHER, 9, 0, NOW + 11, &f->a, NULL), DB_NOTFOUND);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(answer_latest(f->db, OTHER, 3, 1, &f->a, &a), DB_OK);
	assert_int_equal(a.id, d1);
	assert_int_equal(answer_latest(f->db, "feedback", 3, 1, &f->a, &a), DB_NOTFOUND);
	assert_int_equal(answer_latest(f->db, "feedback", 3, 0, &f->a, &a), DB_OK);
	assert_int_equal(a.id, fb);

	/* a redraft is the current draft; the public still sees the published one */
	int64_t d2 = draft(f, OTHER, 3, "partly_accepted", "Bản sửa", NOW + 20, DB_OK);
	assert_int_equal(answer_latest(f->db, OTHER, 3, 0, &f->a, &a), DB_OK);
	assert_int_equal(a.id, d2);
	assert_int_equal(a.published_at, 0);
	assert_int_equal(answer_latest(f->db, OTHER, 3, 1, &f->a, &a), DB_OK);
	assert_int_equal(a.id, d1);
	/* feedback's view holds feedback's answers only */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_answers"), 1);
	fx_free(f);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attachments_by_owner),
		cmocka_unit_test(test_answers_by_owner),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
