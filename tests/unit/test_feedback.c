/* Unit tests for the feedback domain on a real SQLite database: store/
 * category, attachment, calendar_data and feedback, app/feedback (the whole
 * workflow, permissions, privacy, due dates, lists, dashboard, demo data)
 * and app/submit (group commit under concurrency). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <unistd.h>

#include "app/fbstate.h"
#include "app/feedback.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/submit.h"
#include "app/trackcode.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/calendar_data.h"
#include "store/category.h"
#include "store/db.h"
#include "store/search.h"
#include "testdb.h"
#include "store/feedback.h"
#include "store/unit.h"

static const struct audit_actor sys = { 0, "test", NULL };
static const struct audit_actor citizen = { 0, "citizen", "203.0.113.5" };

/* --- fixture ----------------------------------------------------------------- */

struct fx {
	char path[64];
	struct db *db;
	struct calendar *cal;
	struct arena a;
	int64_t intake, handler1, leader1, viewer1, handler2, leader2, front1, admin1, boss;
	struct audit_actor act[9];
};

enum { A_INTAKE, A_HANDLER1, A_LEADER1, A_VIEWER1, A_HANDLER2, A_LEADER2, A_FRONT1, A_ADMIN1, A_BOSS };

static int64_t day(const char *ymd)
{
	int64_t d;
	assert_int_equal(parse_date(ymd, &d), 0);
	return d;
}

/* 10:00 Vietnam time on a day */
static int64_t at10(const char *ymd)
{
	return vn_day_start(day(ymd)) + 10 * 3600;
}

#define NOW at10("2026-03-02") /* a Monday */

static int64_t count_sql(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

/* Items whose public text (title, body, place; or with public 0 the
 * internal text) holds a phrase: FTS5's MATCH on SQLite, the tsvector's
 * weights A-C or D on PostgreSQL, once the queue is indexed (there the
 * index is written by search_index_pending(), docs/postgresql.md). */
static int64_t fts_count(struct db *db, int public, const char *match, const char *tsquery)
{
	char sql[256];
	if (TESTDB_IS_PG) {
		assert_int_equal(search_index_pending(db, 0, NULL, NULL), DB_OK);
		struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM search_fts WHERE doc @@ to_tsquery('simple', $1)");
		assert_non_null(st);
		assert_int_equal(db_bind_text(st, 1, tsquery), DB_OK);
		assert_int_equal(db_step(st), DB_ROW);
		int64_t n = db_col_int(st, 0);
		db_done(st);
		(void)match;
		return n;
	} else {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM search_fts WHERE search_fts MATCH '{%s} : (%s)'",
			 public ? "title body place" : "internal", match);
		(void)tsquery;
	}
	return count_sql(db, sql);
}

static int64_t add_account(struct db *db, const char *username)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO accounts(username, display_name, password_hash, "
					    "created_at, updated_at, password_changed_at) "
					    "VALUES ($1, $1, 'x', 0, 0, 0) RETURNING id");
	assert_non_null(st);
	db_bind_text(st, 1, username);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	return id;
}

static void create_unit(struct db *db, const char *code, const char *name, const char *parent)
{
	struct org_unit_input in = { code, name, "government", parent };
	assert_int_equal(org_create(&(struct app_ctx){ .db = db, .actor = &sys, .now = time(NULL) },
					    &in, day("2020-01-01"), NULL, NULL), APP_OK);
}

static int64_t grant(struct fx *f, const char *user, const char *unit, const char *roles, int slot)
{
	int64_t id = add_account(f->db, user);
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", roles);
	for (char *r = buf, *comma; r; r = comma ? comma + 1 : NULL) {
		comma = strchr(r, ',');
		if (comma)
			*comma = '\0';
		assert_int_equal(perm_grant(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
				    id, unit, r, NULL), 0);
	}
	f->act[slot] = (struct audit_actor){ id, user, NULL };
	return id;
}

/* HN (city, root) -> W1, W2 (wards) */
static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/danvan-fb-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	f->db = testdb_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, err, sizeof(err)), DB_OK);
	int n = 0;
	assert_int_equal(category_import_demo(f->db, &sys, &n, err, sizeof(err)), DB_OK);
	assert_int_equal(n, 11);
	create_unit(f->db, "HN", "Thành phố", NULL);
	create_unit(f->db, "W1", "Phường Láng", "HN");
	create_unit(f->db, "W2", "Phường Kim Liên", "HN");
	f->intake = grant(f, "intake", "HN", "intake", A_INTAKE);
	f->handler1 = grant(f, "handler1", "W1", "handler", A_HANDLER1);
	f->leader1 = grant(f, "leader1", "W1", "leader", A_LEADER1);
	f->viewer1 = grant(f, "viewer1", "W1", "viewer", A_VIEWER1);
	f->handler2 = grant(f, "handler2", "W2", "handler", A_HANDLER2);
	f->leader2 = grant(f, "leader2", "W2", "leader", A_LEADER2);
	f->front1 = grant(f, "front1", "HN", "front", A_FRONT1);
	f->admin1 = grant(f, "admin1", "HN", "admin", A_ADMIN1);
	f->boss = grant(f, "boss", "HN", "leader", A_BOSS);
	f->cal = calendar_new();
	arena_init(&f->a, 16384);
	return f;
}

static void fx_free(struct fx *f)
{
	arena_release(&f->a);
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

static struct app_ctx ctx_of(struct fx *f, const struct audit_actor *who, int64_t now)
{
	struct app_ctx c = { f->db, f->cal, &f->a, who, now };
	return c;
}

static struct feedback_input input(const char *title, const char *category)
{
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	in.title = title;
	in.body = "Mặt đường có nhiều ổ gà, xe máy đi qua rất nguy hiểm vào buổi tối.";
	in.category = category;
	in.place = "Ngõ 12 đường Láng";
	in.channel = FB_CH_WEB;
	return in;
}

static void submit_ok(struct fx *f, struct feedback_input *in, int64_t now, struct feedback_receipt *r)
{
	struct app_ctx c = ctx_of(f, &citizen, now);
	struct app_errors e;
	int rc = feedback_submit(&c, in, r, &e);
	if (rc != FEEDBACK_OK && e.n)
		fprintf(stderr, "# %s: %s\n", e.items[0].field, e.items[0].message);
	assert_int_equal(rc, FEEDBACK_OK);
}

static struct feedback_action action(enum feedback_event_type t)
{
	struct feedback_action a;
	memset(&a, 0, sizeof(a));
	a.type = t;
	return a;
}

static int apply(struct fx *f, int who, const char *code, struct feedback_action *a, int64_t now)
{
	struct app_ctx c = ctx_of(f, &f->act[who], now);
	return feedback_apply_event(&c, code, a, NULL);
}

static enum feedback_status status_of(struct fx *f, const char *code)
{
	struct feedback_row r;
	assert_int_equal(feedback_row_get_by_code(f->db, code, &f->a, &r), DB_OK);
	return r.status;
}

/* --- categories, attachments, calendar data ------------------------------------ */

static void test_categories(void **state)
{
	struct fx *f = fx_new();
	struct category c;
	assert_int_equal(category_get_by_code(f->db, "dat-dai", &f->a, &c), DB_OK);
	assert_string_equal(c.name, "Đất đai");
	assert_int_equal(c.deadline_amount, 15);
	assert_int_equal(c.deadline_unit, CAL_WORKING_DAY);
	assert_non_null(strstr(c.legal_basis, "Luật Tiếp công dân 2013"));
	assert_int_equal(category_get_by_code(f->db, "xay-dung-trat-tu-do-thi", &f->a, &c), DB_OK);
	assert_string_equal(c.name, "Xây dựng – trật tự đô thị");
	struct category *items;
	size_t n;
	assert_int_equal(category_list(f->db, &f->a, 0, &items, &n), DB_OK);
	assert_int_equal(n, 11);
	assert_string_equal(items[0].code, "dat-dai");
	assert_string_equal(items[10].code, "khac");

	/* idempotent: no new audit entries the second time */
	int64_t audits = count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'category.%'");
	assert_int_equal(audits, 11);
	char err[256];
	int cnt;
	assert_int_equal(category_import_demo(f->db, &sys, &cnt, err, sizeof(err)), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'category.%'"), 11);

	/* a change is an update with its own entry */
	const char *csv = "code,name,deadline_amount,deadline_unit,legal_basis,active\r\n"
			  "khac,\"Khác, chưa phân loại\",12,calendar_day,\"Luật \"\"Tiếp\"\" dân\",1\r\n"
			  "\r\n"
			  "gio-lam,Giờ làm,8,working_hour,,0\r\n";
	assert_int_equal(category_import_csv(f->db, &sys, csv, strlen(csv), &cnt, err, sizeof(err)), DB_OK);
	assert_int_equal(cnt, 2);
	assert_int_equal(category_get_by_code(f->db, "khac", &f->a, &c), DB_OK);
	assert_string_equal(c.name, "Khác, chưa phân loại");
	assert_string_equal(c.legal_basis, "Luật \"Tiếp\" dân");
	assert_int_equal(c.deadline_unit, CAL_CALENDAR_DAY);
	assert_int_equal(category_get_by_code(f->db, "gio-lam", &f->a, &c), DB_OK);
	assert_int_equal(c.active, 0);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'category.update'"), 1);

	/* malformed files change nothing and name the line */
	const char *bad[] = {
		"code,name\nx,y\n",
		"code,name,deadline_amount,deadline_unit,legal_basis\nmoi,Mới,10,weeks,\n",
		"code,name,deadline_amount,deadline_unit,legal_basis\nmoi,Mới,10,working_day,\nBAD CODE,X,1,working_day,\n",
		"code,name,deadline_amount,deadline_unit,legal_basis\nmoi,Mới,0,working_day,\n",
		"code,name,deadline_amount,deadline_unit,legal_basis\nmoi,\"Mới,10,working_day,\n",
	};
	int64_t before = count_sql(f->db, "SELECT count(*) FROM categories");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(category_import_csv(f->db, &sys, bad[i], strlen(bad[i]), NULL, err, sizeof(err)),
				 DB_ERROR);
		assert_true(!strncmp(err, "line ", 5));
	}
	assert_non_null(strstr(err, "line 2"));
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM categories"), before);
	assert_int_equal(category_get_by_code(f->db, "moi", &f->a, &c), DB_NOTFOUND);
	fx_free(f);
}

static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
static const unsigned char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";

static void test_attachment_store(void **state)
{
	struct fx *f = fx_new();
	assert_string_equal(attachment_sniff(png, sizeof(png)), "image/png");
	assert_string_equal(attachment_sniff("\xff\xd8\xff\xe0", 4), "image/jpeg");
	assert_string_equal(attachment_sniff("GIF89a....", 10), "image/gif");
	assert_string_equal(attachment_sniff("RIFF\x10\0\0\0WEBPVP8 ", 16), "image/webp");
	assert_string_equal(attachment_sniff(pdf, sizeof(pdf) - 1), "application/pdf");
	assert_null(attachment_sniff("MZ\x90\0", 4));
	assert_null(attachment_sniff("<html>", 6));
	assert_null(attachment_sniff("RIFF\x10\0\0\0WAVE", 12));
	assert_null(attachment_sniff("\xff\xd8", 2));

	char *name = attachment_clean_name(&f->a, "C:\\Users\\an\\ảnh \"mặt\" đường.exe", "image/png");
	assert_string_equal(name, "ảnh mặt đường.png");
	assert_string_equal(attachment_clean_name(&f->a, NULL, "application/pdf"), "tep.pdf");
	assert_string_equal(attachment_clean_name(&f->a, "../../etc/passwd", "image/jpeg"), "passwd.jpg");
	char longname[600];
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 150; i++)
		memcpy(longname + i * 3, "ả", 3); /* U+1EA3: 3 bytes */
	char *ln = attachment_clean_name(&f->a, longname, "image/gif");
	assert_true(strlen(ln) <= ATTACHMENT_NAME_MAX);
	assert_true(utf8_valid(ln, strlen(ln)));

	/* stored only with a link, deduplicated inside, one new link id per use */
	struct attachment_blob b1, b2;
	assert_int_equal(attachment_blob_init(&b1, png, sizeof(png)), ATTACHMENT_OK);
	assert_int_equal(attachment_blob_init(&b2, png, sizeof(png)), ATTACHMENT_OK);
	assert_true(attachment_blob_same(&b1, &b2));
	assert_string_equal(b1.mime, "image/png");
	assert_int_equal(attachment_blob_init(&b2, "hello", 5), ATTACHMENT_UNSUPPORTED);
	assert_int_equal(attachment_blob_init(&b2, "", 0), ATTACHMENT_EMPTY);
	struct feedback_receipt r1, r2;
	struct feedback_input in = input("Ảnh chụp ổ gà trên đường", "giao-thong");
	submit_ok(f, &in, NOW, &r1);
	submit_ok(f, &in, NOW, &r2);
	int64_t l1 = 0, l2 = 0, l3 = 0;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, FEEDBACK_OWNER, r1.id, &b1, "a.png", ATTACHMENT_SUBMISSION, 0, NOW, &l1), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, FEEDBACK_OWNER, r2.id, &b1, "b.png", ATTACHMENT_SUBMISSION, 0, NOW, &l2), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, FEEDBACK_OWNER, r2.id, &b1, "c.png", ATTACHMENT_SUBMISSION, 0, NOW, &l3),
			 DB_CONSTRAINT);
	db_rollback(f->db);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 0); /* nothing half-written */
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, FEEDBACK_OWNER, r1.id, &b1, "a.png", ATTACHMENT_SUBMISSION, 0, NOW, &l1), DB_OK);
	assert_int_equal(attachment_store(f->db, &sys, FEEDBACK_OWNER, r2.id, &b1, "b.png", ATTACHMENT_SUBMISSION, 0, NOW, &l2), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_true(l1 > 0 && l2 > 0 && l1 != l2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'attachment.store'"), 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'attachment.store' "
					  "AND summary LIKE '%hash%'"), 0);
	struct attachment got;
	assert_int_equal(attachment_get(f->db, FEEDBACK_OWNER, r2.id, l2, &f->a, &got), DB_OK);
	assert_string_equal(got.filename, "b.png");
	assert_memory_equal(got.bytes, png, sizeof(png));
	assert_int_equal(attachment_get(f->db, FEEDBACK_OWNER, r2.id, l1, &f->a, &got), DB_NOTFOUND); /* r1's link */
	/* linked: kept; unlinked: collected at once */
	int64_t gone = -1;
	assert_int_equal(attachment_gc(f->db, &sys, &gone), DB_OK);
	assert_int_equal(gone, 0);
	assert_int_equal(db_run(f->db, "DELETE FROM feedback_attachments"), DB_OK);
	assert_int_equal(attachment_gc(f->db, &sys, &gone), DB_OK);
	assert_int_equal(gone, 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 0);
	fx_free(f);
}

static void test_calendar_data(void **state)
{
	struct fx *f = fx_new();
	/* 2026 as announced: Tết 14-22 February, plus the fixed holidays */
	struct cal_entry e[12];
	size_t n = 0;
	for (int d = 14; d <= 22; d++)
		e[n++] = (struct cal_entry){ days_from_civil(2026, 2, d), CAL_DAY_OFF, "Tết Nguyên đán" };
	e[n++] = (struct cal_entry){ day("2026-01-01"), CAL_DAY_OFF, "Tết Dương lịch" };
	e[n++] = (struct cal_entry){ day("2026-01-03"), CAL_WORKING, "Làm bù" }; /* a Saturday */
	assert_int_equal(calendar_data_set_year(f->db, &sys, 2026, e, n), DB_OK);
	struct cal_entry *got;
	size_t ng;
	assert_int_equal(calendar_data_list(f->db, 2026, &f->a, &got, &ng), DB_OK);
	assert_int_equal(ng, n);
	assert_int_equal(got[0].day, day("2026-01-01"));
	assert_int_equal(got[1].kind, CAL_WORKING);
	assert_string_equal(got[2].name, "Tết Nguyên đán");
	int *years;
	size_t ny;
	assert_int_equal(calendar_data_years(f->db, &f->a, &years, &ny), DB_OK);
	assert_int_equal(ny, 1);
	assert_int_equal(years[0], 2026);

	struct calendar *cal = calendar_new();
	assert_true(calendar_is_working_day(cal, day("2026-02-23")));
	assert_int_equal(calendar_data_load(f->db, cal), DB_OK);
	assert_false(calendar_is_working_day(cal, day("2026-02-14")));
	assert_false(calendar_is_working_day(cal, day("2026-02-20")));
	assert_true(calendar_is_working_day(cal, day("2026-01-03")));
	calendar_free(cal);

	/* refused: a weekday marked as a working Saturday, a day of another year, duplicates */
	long bad;
	struct cal_entry w = { day("2026-01-05"), CAL_WORKING, "Không phải thứ Bảy" };
	assert_int_equal(calendar_data_set_year(f->db, &sys, 2026, &w, 1), DB_CONSTRAINT);
	struct cal_entry other = { day("2025-12-31"), CAL_DAY_OFF, "Năm khác" };
	assert_int_equal(calendar_data_check(2026, &other, 1, &bad), -1);
	assert_int_equal(bad, 0);
	struct cal_entry dup[2] = { e[0], e[0] };
	assert_int_equal(calendar_data_check(2026, dup, 2, &bad), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM calendar_days"), (int64_t)n);
	assert_int_equal(calendar_data_clear_year(f->db, &sys, 2026), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM calendar_days"), 0);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'calendar.%'"), 2);
	fx_free(f);
}

/* --- submission --------------------------------------------------------------- */

static void test_submit_validation(void **state)
{
	struct fx *f = fx_new();
	struct app_ctx c = ctx_of(f, &citizen, NOW);
	struct app_errors e;
	struct feedback_receipt r;
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	assert_int_equal(feedback_submit(&c, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_string_equal(app_errors_get(&e, "title"), "Vui lòng nhập tiêu đề.");
	assert_string_equal(app_errors_get(&e, "body"), "Vui lòng nhập nội dung phản ánh.");
	assert_string_equal(app_errors_get(&e, "category"), "Vui lòng chọn lĩnh vực.");

	in = input("Ổ gà", "khong-co");
	in.body = "ngắn";
	in.has_geo = 1;
	in.lat = 91;
	in.lon = 105.8;
	in.contact_phone = "12345";
	in.contact_email = "an@@example";
	in.channel = FB_CH_HOTLINE; /* citizens may not claim an officer's channel */
	assert_int_equal(feedback_submit(&c, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_string_equal(app_errors_get(&e, "title"), "Tiêu đề cần ít nhất 5 ký tự.");
	assert_string_equal(app_errors_get(&e, "body"), "Nội dung cần ít nhất 10 ký tự.");
	assert_string_equal(app_errors_get(&e, "category"), "Lĩnh vực không hợp lệ.");
	assert_non_null(app_errors_get(&e, "lat"));
	assert_null(app_errors_get(&e, "lon"));
	assert_non_null(app_errors_get(&e, "contact.phone"));
	assert_non_null(app_errors_get(&e, "contact.email"));
	assert_non_null(app_errors_get(&e, "channel"));

	char longtitle[700];
	memset(longtitle, 'a', 201);
	longtitle[201] = '\0';
	in = input(longtitle, "giao-thong");
	in.title = longtitle;
	in.place = "\xff\xfe";
	in.unit = "KHONG";
	assert_int_equal(feedback_submit(&c, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_string_equal(app_errors_get(&e, "title"), "Tiêu đề tối đa 200 ký tự.");
	assert_string_equal(app_errors_get(&e, "place"), "Nội dung có ký tự không hợp lệ.");
	assert_non_null(app_errors_get(&e, "unit"));
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), 0);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'feedback.%'"), 0);

	/* phone and e-mail rules */
	char p[16];
	assert_int_equal(feedback_phone_normalise("0912 345 678", p), 0);
	assert_string_equal(p, "0912345678");
	assert_int_equal(feedback_phone_normalise("+84 912.345.678", p), 0);
	assert_string_equal(p, "0912345678");
	assert_int_equal(feedback_phone_normalise("(024) 3825 3535", p), 0);
	assert_string_equal(p, "02438253535");
	assert_int_equal(feedback_phone_normalise("912345678", p), -1);
	assert_int_equal(feedback_phone_normalise("0912a45678", p), -1);
	assert_int_equal(feedback_phone_normalise("0012345678", p), -1);
	assert_true(feedback_email_valid("nguyen.an@hanoi.gov.vn"));
	assert_false(feedback_email_valid("an@localhost"));
	assert_false(feedback_email_valid("an @x.vn"));
	assert_false(feedback_email_valid("an@-x.vn"));
	assert_false(feedback_email_valid(".an@x.vn"));

	/* a good one: NFD input stored NFC, e-mail domain lower-cased, phone normalised */
	in = input("Ổ ga\xcc\x80 trên đường Láng", "giao-thong");
	in.contact_name = "  Nguyễn Văn An ";
	in.contact_phone = "+84 912 345 678";
	in.contact_email = "An@Example.VN";
	submit_ok(f, &in, NOW, &r);
	assert_int_equal(strlen(r.code), TRACKCODE_LEN);
	assert_int_equal(strlen(r.secret), TRACKCODE_SECRET_LEN);
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, r.code, &f->a, &row), DB_OK);
	assert_string_equal(row.title, "Ổ gà trên đường Láng");
	assert_int_equal(row.status, FB_RECEIVED);
	assert_int_equal(row.unit_id, 0);
	assert_true(row.intake_unit_id > 0);
	struct feedback_contact ct;
	assert_int_equal(feedback_contact_get(f->db, row.id, &f->a, &ct), DB_OK);
	assert_string_equal(ct.name, "Nguyễn Văn An");
	assert_string_equal(ct.phone, "0912345678");
	assert_string_equal(ct.email, "An@example.vn");
	/* the secret is stored only hashed */
	assert_true(trackcode_secret_check(r.secret, row.secret_hash, 32));
	/* timeline and audit, without personal data in the audit */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_events WHERE type = 'submit'"), 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'feedback.submit'"), 1);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE summary LIKE '%0912345678%' "
					  "OR summary LIKE '%Nguyễn%'"), 0);

	/* an off-line channel needs a recording role */
	struct app_ctx hc = ctx_of(f, &f->act[A_HANDLER1], NOW);
	in = input("Kiến nghị tại buổi tiếp xúc cử tri", "giao-thong");
	in.channel = FB_CH_VOTER_MEETING;
	assert_int_equal(feedback_submit(&hc, &in, &r, &e), FEEDBACK_FORBIDDEN);
	struct app_ctx fc = ctx_of(f, &f->act[A_FRONT1], NOW);
	in.received_at = NOW - 3 * 86400;
	assert_int_equal(feedback_submit(&fc, &in, &r, &e), FEEDBACK_OK);
	assert_int_equal(feedback_row_get_by_code(f->db, r.code, &f->a, &row), DB_OK);
	assert_int_equal(row.created_by, f->front1);
	assert_int_equal(row.channel, FB_CH_VOTER_MEETING);
	assert_int_equal(row.received_at, NOW - 3 * 86400);
	in.received_at = NOW + 3600;
	assert_int_equal(feedback_submit(&fc, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_non_null(app_errors_get(&e, "received_at"));
	fx_free(f);
}

/* --- the workflow --------------------------------------------------------------- */

static int has_event(const struct feedback_view *v, enum feedback_event_type t)
{
	for (size_t i = 0; i < v->nevents; i++)
		if (v->events[i].type == t)
			return 1;
	return 0;
}

static void test_workflow(void **state)
{
	struct fx *f = fx_new();
	struct feedback_input in = input("Ổ gà nguy hiểm trên đường Láng", "giao-thong");
	in.contact_name = "Trần Thị Bình";
	in.contact_phone = "0987654321";
	struct feedback_receipt r;
	submit_ok(f, &in, NOW, &r);
	const char *code = r.code;

	/* the sender looks it up, typing the code carelessly */
	char typed[32];
	snprintf(typed, sizeof(typed), " %c%c%c%c %c%c%c%c ", code[0] | 0x20, code[1] | 0x20, code[2], code[3],
		 code[5], code[6], code[7], code[8]);
	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	struct feedback_view v;
	assert_int_equal(feedback_get_public(&cc, typed, NULL, &v), FEEDBACK_OK);
	assert_string_equal(v.code, code);
	assert_int_equal(v.status, FB_RECEIVED);
	assert_false(v.is_sender);

	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	/* handler1 holds no role at the intake desk (HN): the public item is forbidden */
	assert_int_equal(apply(f, A_HANDLER1, code, &a, NOW), FEEDBACK_FORBIDDEN);
	assert_int_equal(apply(f, A_INTAKE, code, &a, NOW + 3600), FEEDBACK_OK);
	assert_int_equal(status_of(f, code), FB_ASSIGNED);

	struct feedback_action note = action(FB_EV_NOTE);
	note.text = "Đã gọi điện cho người phản ánh, hẹn kiểm tra thực địa.";
	assert_int_equal(apply(f, A_HANDLER1, code, &note, NOW + 7200), FEEDBACK_OK);
	assert_int_equal(apply(f, A_VIEWER1, code, &note, NOW + 7200), FEEDBACK_FORBIDDEN);

	struct feedback_action ans = action(FB_EV_ANSWER);
	ans.text = "Ngắn";
	assert_int_equal(apply(f, A_HANDLER1, code, &ans, NOW + 86400), FEEDBACK_VALIDATION);
	ans.text = "Đơn vị đã vá sửa mặt đường ngày 03/03/2026. Cảm ơn người dân đã phản ánh.";
	ans.result = "resolved";
	ans.basis = "Luật Trật tự, an toàn giao thông đường bộ 2024";
	assert_int_equal(apply(f, A_HANDLER1, code, &ans, NOW + 86400), FEEDBACK_OK);
	assert_int_equal(status_of(f, code), FB_ANSWERED);

	/* the draft is not public yet */
	assert_int_equal(feedback_get_public(&cc, code, NULL, &v), FEEDBACK_OK);
	assert_false(v.has_answer);
	assert_false(has_event(&v, FB_EV_NOTE));
	assert_false(has_event(&v, FB_EV_ANSWER));
	assert_true(has_event(&v, FB_EV_ASSIGN));

	struct feedback_action pub = action(FB_EV_PUBLISH);
	assert_int_equal(apply(f, A_HANDLER1, code, &pub, NOW + 90000), FEEDBACK_FORBIDDEN);
	assert_int_equal(apply(f, A_LEADER2, code, &pub, NOW + 90000), FEEDBACK_FORBIDDEN);
	assert_int_equal(apply(f, A_LEADER1, code, &pub, NOW + 90000), FEEDBACK_OK);
	assert_int_equal(status_of(f, code), FB_PUBLISHED);

	assert_int_equal(feedback_get_public(&cc, code, r.secret, &v), FEEDBACK_OK);
	assert_true(v.has_answer);
	assert_string_equal(v.answer.text, ans.text);
	assert_int_equal(v.answer.result, FB_RESULT_RESOLVED);
	assert_string_equal(v.unit_code, "W1");
	assert_true(v.is_sender);
	assert_true(v.can_rate);
	assert_true(has_event(&v, FB_EV_PUBLISH));
	for (size_t i = 0; i < v.nevents; i++)
		assert_null(v.events[i].actor_name);

	assert_int_equal(feedback_rate(&cc, code, r.secret, 5, "Rất nhanh, cảm ơn.", NULL), FEEDBACK_OK);
	struct feedback_action close = action(FB_EV_CLOSE);
	assert_int_equal(apply(f, A_LEADER1, code, &close, NOW + 200000), FEEDBACK_OK);
	assert_int_equal(status_of(f, code), FB_CLOSED);

	/* the officer sees everything, in order */
	struct app_ctx lc = ctx_of(f, &f->act[A_LEADER1], NOW + 200000);
	assert_int_equal(feedback_get_for_officer(&lc, code, 0, &v), FEEDBACK_OK);
	assert_true(v.officer);
	const enum feedback_event_type want[] = { FB_EV_SUBMIT, FB_EV_ASSIGN, FB_EV_NOTE, FB_EV_ANSWER,
						  FB_EV_PUBLISH, FB_EV_RATE, FB_EV_CLOSE };
	assert_int_equal(v.nevents, 7);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(v.events[i].type, want[i]);
	assert_string_equal(v.events[2].actor_name, "handler1");
	assert_int_equal(v.rating, 5);
	assert_true(v.allowed_events & (1u << FB_EV_REOPEN));
	assert_false(v.allowed_events & (1u << FB_EV_PUBLISH));

	/* reopen goes back to assigned with a new due date */
	struct feedback_action reopen = action(FB_EV_REOPEN);
	reopen.text = "Mặt đường lại bị hỏng sau mưa lớn.";
	assert_int_equal(apply(f, A_LEADER1, code, &reopen, NOW + 30 * 86400), FEEDBACK_OK);
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, code, &f->a, &row), DB_OK);
	assert_int_equal(row.status, FB_ASSIGNED);
	assert_int_equal(row.closed_at, 0);
	assert_true(row.due_at > NOW + 30 * 86400);

	int64_t bad, checked;
	char err[256];
	assert_int_equal(audit_verify(f->db, &bad, &checked, err, sizeof(err)), 0);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action LIKE 'feedback.%'"), 8);
	fx_free(f);
}

/* --- the texts of audit entries and timeline events ---------------------------- */

/* The text in the first column of the first row of `sql` with `arg` bound
 * to $1, copied to the fixture's arena ("" for NULL). */
static const char *text_sql(struct fx *f, const char *sql, const char *arg)
{
	struct db_stmt *st = db_prepare(f->db, sql);
	assert_non_null(st);
	if (arg)
		db_bind_text(st, 1, arg);
	assert_int_equal(db_step(st), DB_ROW);
	const char *t = db_col_text(st, 0);
	char *copy = arena_strdup(&f->a, t ? t : "");
	db_done(st);
	assert_non_null(copy);
	return copy;
}

/* The summary of the latest audit entry `action`. */
static const char *audit_of(struct fx *f, const char *action)
{
	return text_sql(f, "SELECT summary FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1", action);
}

/* The extra of the latest timeline event of type `type`. */
static const char *extra_of(struct fx *f, const char *type)
{
	return text_sql(f, "SELECT extra FROM feedback_events WHERE type = $1 ORDER BY id DESC LIMIT 1", type);
}

static int64_t last_event(struct fx *f)
{
	return count_sql(f->db, "SELECT max(id) FROM feedback_events");
}

/* The audit summaries and timeline extras keep their keys, in order: the
 * status before and after, what the event changed, the timeline event. */
static void test_audit_texts(void **state)
{
	struct fx *f = fx_new();
	char want[256];
	struct feedback_input in = input("Ổ gà trên đường Láng gây nguy hiểm", "giao-thong");
	in.contact_phone = "0912345678";
	struct feedback_file file = { png, sizeof(png), "ổ gà.png" };
	in.files = &file;
	in.nfiles = 1;
	struct feedback_receipt r, r2;
	submit_ok(f, &in, NOW, &r);
	snprintf(want, sizeof(want),
		 "{\"category\":\"giao-thong\",\"channel\":\"web\",\"public\":true,\"intake_unit_id\":%lld,"
		 "\"files\":1,\"contact\":true,\"received_at\":%lld}",
		 (long long)count_sql(f->db, "SELECT id FROM units WHERE code = 'HN'"), (long long)NOW);
	assert_string_equal(audit_of(f, "feedback.submit"), want);
	assert_string_equal(extra_of(f, "submit"), "{\"channel\":\"web\",\"files\":1}");

	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	snprintf(want, sizeof(want), "{\"status\":[\"received\",\"assigned\"],\"unit\":\"W1\",\"event_id\":%lld}",
		 (long long)last_event(f));
	assert_string_equal(audit_of(f, "feedback.assign"), want);

	a = action(FB_EV_TRANSFER);
	a.unit = "W2";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	snprintf(want, sizeof(want), "{\"from_unit_id\":%lld,\"from_unit\":\"W1\"}",
		 (long long)count_sql(f->db, "SELECT id FROM units WHERE code = 'W1'"));
	assert_string_equal(extra_of(f, "transfer"), want);

	a = action(FB_EV_EXTEND);
	a.days = 5;
	a.text = "Cần thêm thời gian xác minh.";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	const char *extra = extra_of(f, "extend");
	assert_true(!strncmp(extra, "{\"due_before\":\"2026-03-", 23));
	assert_non_null(strstr(extra, "\",\"due_after\":\"2026-03-"));
	assert_non_null(strstr(extra, "\",\"days\":5}"));
	const char *summary = audit_of(f, "feedback.extend");
	assert_true(!strncmp(summary, "{\"status\":[\"assigned\",\"assigned\"],\"due_after\":\"2026-03-", 55));
	snprintf(want, sizeof(want), "\",\"days\":5,\"event_id\":%lld}", (long long)last_event(f));
	assert_non_null(strstr(summary, want));

	a = action(FB_EV_ANSWER);
	a.text = "Đơn vị đã vá sửa mặt đường. Cảm ơn người dân.";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	int64_t answer = count_sql(f->db, "SELECT max(id) FROM feedback_answers");
	snprintf(want, sizeof(want), "{\"answer_id\":%lld}", (long long)answer);
	assert_string_equal(extra_of(f, "answer"), want);
	assert_string_equal(text_sql(f, "SELECT coalesce(text, 'none') FROM feedback_events WHERE type = $1", "answer"),
			    "none");
	a = action(FB_EV_PUBLISH);
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	snprintf(want, sizeof(want), "{\"status\":[\"answered\",\"published\"],\"answer_id\":%lld,\"event_id\":%lld}",
		 (long long)answer, (long long)last_event(f));
	assert_string_equal(audit_of(f, "feedback.publish"), want);

	a = action(FB_EV_REDACT);
	a.text = "Bỏ tên người trong tiêu đề.";
	a.title = "Ổ gà trên một tuyến đường";
	a.place = "Phường Láng";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	snprintf(want, sizeof(want), "{\"status\":[\"published\",\"published\"],\"redacted\":\"title,place\",\"event_id\":%lld}",
		 (long long)last_event(f));
	assert_string_equal(audit_of(f, "feedback.redact"), want);

	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	assert_int_equal(feedback_rate(&cc, r.code, r.secret, 4, NULL, NULL), FEEDBACK_OK);
	assert_string_equal(audit_of(f, "feedback.rate"), "{\"score\":4,\"comment\":false}");
	assert_string_equal(extra_of(f, "rate"), "{\"score\":4}");

	/* a merge names both items, on both timelines */
	in = input("Ổ gà trên đường Láng, phản ánh lần hai", "giao-thong");
	submit_ok(f, &in, NOW, &r2);
	a = action(FB_EV_REOPEN);
	a.text = "Mở lại để gộp phản ánh trùng.";
	assert_int_equal(apply(f, A_BOSS, r.code, &a, NOW), FEEDBACK_OK);
	a = action(FB_EV_MERGE);
	a.into = r.code;
	assert_int_equal(apply(f, A_BOSS, r2.code, &a, NOW), FEEDBACK_OK);
	snprintf(want, sizeof(want), "{\"into\":\"%s\"}", r.code);
	assert_string_equal(extra_of(f, "merge"), want);
	snprintf(want, sizeof(want), "{\"merged_from\":\"%s\"}", r2.code);
	assert_string_equal(text_sql(f, "SELECT extra FROM feedback_events WHERE type = 'merge' ORDER BY id LIMIT 1", NULL),
			    want);
	snprintf(want, sizeof(want), "{\"status\":[\"received\",\"merged\"],\"into\":\"%s\",\"event_id\":%lld}", r.code,
		 (long long)last_event(f));
	assert_string_equal(audit_of(f, "feedback.merge"), want);

	/* evidence, and a contact read */
	struct app_ctx bc = ctx_of(f, &f->act[A_BOSS], NOW);
	struct feedback_file ev = { pdf, sizeof(pdf) - 1, "biên bản.pdf" };
	assert_int_equal(feedback_attach_evidence(&bc, r.code, &ev, 1, NULL), FEEDBACK_OK);
	int64_t file_id = count_sql(f->db, "SELECT max(id) FROM feedback_attachments");
	snprintf(want, sizeof(want), "{\"file_id\":%lld}", (long long)file_id);
	assert_string_equal(audit_of(f, "feedback.attach"), want);
	snprintf(want, sizeof(want), "{\"file_id\":%lld,\"filename\":\"biên bản.pdf\"}", (long long)file_id);
	assert_string_equal(extra_of(f, "attach"), want);
	struct feedback_view v;
	assert_int_equal(feedback_get_for_officer(&bc, r.code, 1, &v), FEEDBACK_OK);
	assert_true(v.contact_shown);
	snprintf(want, sizeof(want), "{\"viewed_from\":\"%s\"}", r.code);
	assert_string_equal(audit_of(f, "view_contact"), want);
	fx_free(f);
}

/* Drive a new item to `want` with the city's leader (who may do everything). */
static void make_item(struct fx *f, enum feedback_status want, const char *other, char code[TRACKCODE_BUFSZ])
{
	struct feedback_input in = input("Phản ánh để kiểm tra trạng thái", "moi-truong");
	struct feedback_receipt r;
	submit_ok(f, &in, NOW, &r);
	memcpy(code, r.code, TRACKCODE_BUFSZ);
	struct feedback_action a;
	if (want == FB_RECEIVED)
		return;
	if (want == FB_REJECTED) {
		a = action(FB_EV_REJECT);
		a.text = "Không thuộc thẩm quyền giải quyết.";
		assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
		return;
	}
	if (want == FB_MERGED) {
		a = action(FB_EV_MERGE);
		a.into = other;
		assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
		return;
	}
	a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
	if (want == FB_ASSIGNED)
		return;
	a = action(FB_EV_ANSWER);
	a.text = "Đã kiểm tra và xử lý xong theo quy định.";
	assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
	if (want == FB_ANSWERED)
		return;
	a = action(FB_EV_PUBLISH);
	assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
	if (want == FB_PUBLISHED)
		return;
	a = action(FB_EV_CLOSE);
	assert_int_equal(apply(f, A_BOSS, code, &a, NOW), FEEDBACK_OK);
}

static int64_t fingerprint(struct fx *f)
{
	return count_sql(f->db, "SELECT (SELECT count(*) FROM feedback_events) * 1000000 + "
				"(SELECT count(*) FROM audit_log) * 1000 + (SELECT count(*) FROM feedback_answers) + "
				"(SELECT coalesce(sum(updated_at), 0) FROM feedback)");
}

static void test_impossible_transitions(void **state)
{
	struct fx *f = fx_new();
	char other[TRACKCODE_BUFSZ], code[FB_STATUS_COUNT][TRACKCODE_BUFSZ];
	make_item(f, FB_RECEIVED, NULL, other);
	for (int s = 0; s < FB_STATUS_COUNT; s++) {
		make_item(f, (enum feedback_status)s, other, code[s]);
		assert_int_equal(status_of(f, code[s]), s);
	}
	int tried = 0;
	for (int s = 0; s < FB_STATUS_COUNT; s++)
		for (int e = 0; e < FB_EV_ACTION_COUNT; e++) {
			enum feedback_status next;
			if (e == FB_EV_RATE || fbstate_next((enum feedback_status)s, (enum feedback_event_type)e, &next) == 0)
				continue;
			struct feedback_action a = action((enum feedback_event_type)e);
			a.unit = "W2";
			a.text = "Lý do đủ dài để hợp lệ.";
			a.into = other;
			a.days = 3;
			a.title = "Tiêu đề đã biên tập";
			int64_t before = fingerprint(f);
			assert_int_equal(apply(f, A_BOSS, code[s], &a, NOW + 1000), FEEDBACK_INVALID_TRANSITION);
			assert_int_equal(fingerprint(f), before);
			assert_int_equal(status_of(f, code[s]), s);
			tried++;
		}
	assert_true(tried > 30);
	/* rating is the sender's: an officer is forbidden, a citizen needs published/closed */
	struct feedback_action rate = action(FB_EV_RATE);
	assert_int_equal(apply(f, A_BOSS, code[FB_PUBLISHED], &rate, NOW), FEEDBACK_FORBIDDEN);
	struct feedback_action bogus = action(FB_EV_SUBMIT);
	assert_int_equal(apply(f, A_BOSS, code[FB_RECEIVED], &bogus, NOW), FEEDBACK_VALIDATION);
	/* the allowed ones do work from each status (spot checks) */
	struct feedback_action reopen = action(FB_EV_REOPEN);
	reopen.text = "Người dân phản ánh lại.";
	assert_int_equal(apply(f, A_BOSS, code[FB_REJECTED], &reopen, NOW), FEEDBACK_OK);
	assert_int_equal(status_of(f, code[FB_REJECTED]), FB_ASSIGNED);
	assert_int_equal(apply(f, A_BOSS, code[FB_MERGED], &reopen, NOW), FEEDBACK_OK);
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, code[FB_MERGED], &f->a, &row), DB_OK);
	assert_int_equal(row.merged_into_id, 0);
	assert_int_equal(row.unit_id, row.intake_unit_id);
	fx_free(f);
}

static void test_privacy(void **state)
{
	struct fx *f = fx_new();
	struct feedback_input in = input("Phản ánh riêng tư về cán bộ phường", "can-bo-cong-chuc");
	in.is_private = 1;
	in.contact_name = "Lê Văn Cường";
	in.contact_email = "cuong@example.vn";
	struct feedback_receipt r;
	submit_ok(f, &in, NOW, &r);
	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	struct feedback_view v;
	assert_int_equal(feedback_get_public(&cc, r.code, NULL, &v), FEEDBACK_NOT_FOUND);
	char wrong[TRACKCODE_SECRET_BUFSZ];
	trackcode_secret_new(wrong);
	assert_int_equal(feedback_get_public(&cc, r.code, wrong, &v), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_get_public(&cc, "ABCD-EFGH", NULL, &v), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_get_public(&cc, r.code, r.secret, &v), FEEDBACK_OK);
	assert_true(v.is_sender);
	assert_false(v.officer);
	assert_false(v.has_contact);
	assert_false(v.contact_shown);
	assert_null(v.contact.name);
	assert_null(v.contact.email);

	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_INTAKE, r.code, &a, NOW), FEEDBACK_OK);

	/* another ward's officer: the private item does not exist for it */
	struct app_ctx h2 = ctx_of(f, &f->act[A_HANDLER2], NOW);
	assert_int_equal(feedback_get_for_officer(&h2, r.code, 1, &v), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_get(&h2, r.code, NULL, 1, &v), FEEDBACK_NOT_FOUND);
	struct feedback_action note = action(FB_EV_NOTE);
	note.text = "Thử ghi chú";
	assert_int_equal(apply(f, A_HANDLER2, r.code, &note, NOW), FEEDBACK_NOT_FOUND);

	/* the handling ward's handler sees the contact, and that is audited */
	int64_t views = count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'");
	struct app_ctx h1 = ctx_of(f, &f->act[A_HANDLER1], NOW);
	assert_int_equal(feedback_get_for_officer(&h1, r.code, 0, &v), FEEDBACK_OK);
	assert_true(v.has_contact);
	assert_false(v.contact_shown);
	assert_null(v.contact.name);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'"), views);
	assert_int_equal(feedback_get(&h1, r.code, NULL, 1, &v), FEEDBACK_OK);
	assert_true(v.officer);
	assert_true(v.contact_shown);
	assert_string_equal(v.contact.name, "Lê Văn Cường");
	assert_string_equal(v.contact.email, "cuong@example.vn");
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact' "
					  "AND actor = 'handler1'"), views + 1);
	/* a viewer of the ward reads the case but not the contact */
	struct app_ctx vc = ctx_of(f, &f->act[A_VIEWER1], NOW);
	assert_int_equal(feedback_get_for_officer(&vc, r.code, 1, &v), FEEDBACK_OK);
	assert_true(v.has_contact);
	assert_false(v.contact_shown);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'"), views + 1);

	/* public items: another unit's officer is forbidden, and gets the public view from feedback_get */
	in = input("Phản ánh công khai về rác thải", "moi-truong");
	in.contact_phone = "0912000111";
	submit_ok(f, &in, NOW, &r);
	assert_int_equal(apply(f, A_INTAKE, r.code, &a, NOW), FEEDBACK_OK);
	assert_int_equal(feedback_get_for_officer(&h2, r.code, 1, &v), FEEDBACK_FORBIDDEN);
	assert_int_equal(feedback_get(&h2, r.code, NULL, 1, &v), FEEDBACK_OK);
	assert_false(v.officer);
	assert_null(v.contact.phone);
	assert_int_equal(apply(f, A_HANDLER2, r.code, &note, NOW), FEEDBACK_FORBIDDEN);

	/* redaction hides the original text from the public, not from officers */
	struct feedback_action red = action(FB_EV_REDACT);
	red.title = "Phản ánh về rác thải (đã biên tập)";
	assert_int_equal(apply(f, A_LEADER1, r.code, &red, NOW), FEEDBACK_VALIDATION);
	red.text = "Tiêu đề có tên người cụ thể.";
	assert_int_equal(apply(f, A_HANDLER1, r.code, &red, NOW), FEEDBACK_FORBIDDEN);
	assert_int_equal(apply(f, A_LEADER1, r.code, &red, NOW), FEEDBACK_OK);
	assert_int_equal(feedback_get_public(&cc, r.code, NULL, &v), FEEDBACK_OK);
	assert_string_equal(v.title, "Phản ánh về rác thải (đã biên tập)");
	assert_int_equal(feedback_get_for_officer(&h1, r.code, 0, &v), FEEDBACK_OK);
	assert_string_equal(v.title, "Phản ánh công khai về rác thải");
	assert_string_equal(v.redacted_title, "Phản ánh về rác thải (đã biên tập)");
	/* the public's search sees the public text, so the original does not leak
	 * through it; officers' search still finds the original (store/search.h) */
	assert_int_equal(fts_count(f->db, 1, "\"cong khai\"", "'cong':ABC <-> 'khai':ABC"), 0);
	assert_int_equal(fts_count(f->db, 1, "\"da bien tap\"", "'da':ABC <-> 'bien':ABC <-> 'tap':ABC"), 1);
	assert_int_equal(fts_count(f->db, 0, "\"cong khai\"", "'cong':D <-> 'khai':D"), 1);
	int64_t bad, checked;
	char err[256];
	assert_int_equal(audit_verify(f->db, &bad, &checked, err, sizeof(err)), 0);
	fx_free(f);
}

/* --- deadlines ------------------------------------------------------------------- */

static void add_category(struct fx *f, const char *code, int amount, enum cal_unit unit)
{
	struct category c = { 0, code, code, amount, unit, "", 1, 99 };
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(category_upsert(f->db, &sys, &c, NULL), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
}

static void test_due_dates(void **state)
{
	struct fx *f = fx_new();
	add_category(f, "nam-ngay", 5, CAL_WORKING_DAY);
	add_category(f, "tam-gio", 8, CAL_WORKING_HOUR);
	add_category(f, "muoi-ngay-lich", 10, CAL_CALENDAR_DAY);
	struct feedback_receipt r;
	char d[11];

	/* Friday 6 March 2026: the first day is not counted; the weekend is skipped */
	struct feedback_input in = input("Hạn xử lý qua cuối tuần", "nam-ngay");
	submit_ok(f, &in, at10("2026-03-06"), &r);
	assert_string_equal(fmt_date_vn(r.due_at, d), "13/03/2026");
	assert_int_equal(r.due_at, vn_day_start(day("2026-03-14")) - 1);

	/* over Tết Bính Ngọ (17/02/2026): 16-20 February are days off */
	assert_false(calendar_is_working_day(f->cal, day("2026-02-16")));
	assert_false(calendar_is_working_day(f->cal, day("2026-02-20")));
	submit_ok(f, &in, at10("2026-02-13"), &r);
	assert_string_equal(fmt_date_vn(r.due_at, d), "27/02/2026");

	/* calendar days: 10 days from Friday 20 March end on Monday 30 March; from
	 * Wednesday 21 January 2026 they would end on Saturday 31 January, so
	 * the period runs to the next working day, Monday 2 February */
	in.category = "muoi-ngay-lich";
	submit_ok(f, &in, at10("2026-03-20"), &r);
	assert_string_equal(fmt_date_vn(r.due_at, d), "30/03/2026");
	submit_ok(f, &in, at10("2026-01-21"), &r);
	assert_string_equal(fmt_date_vn(r.due_at, d), "02/02/2026");

	/* working hours: 8 hours from Friday 16:00 end on Monday 16:00 */
	in.category = "tam-gio";
	submit_ok(f, &in, vn_day_start(day("2026-03-06")) + 16 * 3600, &r);
	assert_int_equal(r.due_at, vn_day_start(day("2026-03-09")) + 16 * 3600);

	/* extension: once, by a leader, by working days from the old due date */
	in.category = "nam-ngay";
	submit_ok(f, &in, at10("2026-03-06"), &r);
	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_INTAKE, r.code, &a, at10("2026-03-09")), FEEDBACK_OK);
	struct feedback_action ext = action(FB_EV_EXTEND);
	ext.days = 3;
	ext.text = "Cần thêm thời gian xác minh.";
	assert_int_equal(apply(f, A_HANDLER1, r.code, &ext, at10("2026-03-10")), FEEDBACK_FORBIDDEN);
	ext.days = 31;
	assert_int_equal(apply(f, A_LEADER1, r.code, &ext, at10("2026-03-10")), FEEDBACK_VALIDATION);
	ext.days = 3;
	assert_int_equal(apply(f, A_LEADER1, r.code, &ext, at10("2026-03-10")), FEEDBACK_OK);
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, r.code, &f->a, &row), DB_OK);
	assert_string_equal(fmt_date_vn(row.due_at, d), "18/03/2026");
	assert_true(row.due_extended);
	assert_int_equal(apply(f, A_LEADER1, r.code, &ext, at10("2026-03-11")), FEEDBACK_CONFLICT);

	/* overdue after the end of the due day */
	struct app_ctx lc = ctx_of(f, &f->act[A_LEADER1], vn_day_start(day("2026-03-18")) + 23 * 3600);
	struct feedback_view v;
	assert_int_equal(feedback_get_for_officer(&lc, r.code, 0, &v), FEEDBACK_OK);
	assert_false(v.overdue);
	lc.now = vn_day_start(day("2026-03-19")) + 60;
	assert_int_equal(feedback_get_for_officer(&lc, r.code, 0, &v), FEEDBACK_OK);
	assert_true(v.overdue);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.overdue = 1;
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&lc, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 1);
	assert_string_equal(box.page.items[0].code, r.code);
	assert_true(box.page.items[0].overdue);
	assert_int_equal(box.overdue, 1);
	/* answering stops the clock */
	struct feedback_action ans = action(FB_EV_ANSWER);
	ans.text = "Đã xử lý xong theo nội dung phản ánh.";
	assert_int_equal(apply(f, A_HANDLER1, r.code, &ans, lc.now), FEEDBACK_OK);
	assert_int_equal(feedback_get_for_officer(&lc, r.code, 0, &v), FEEDBACK_OK);
	assert_false(v.overdue);
	fx_free(f);
}

/* --- rating, merge ------------------------------------------------------------------ */

static void test_rating(void **state)
{
	struct fx *f = fx_new();
	char code[TRACKCODE_BUFSZ];
	struct feedback_input in = input("Đèn chiếu sáng không hoạt động", "giao-thong");
	struct feedback_receipt r;
	submit_ok(f, &in, NOW, &r);
	memcpy(code, r.code, sizeof(code));
	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	struct app_errors e;
	assert_int_equal(feedback_rate(&cc, code, r.secret, 5, NULL, &e), FEEDBACK_INVALID_TRANSITION);
	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_INTAKE, code, &a, NOW), FEEDBACK_OK);
	a = action(FB_EV_ANSWER);
	a.text = "Đã thay bóng đèn, hệ thống hoạt động bình thường.";
	assert_int_equal(apply(f, A_HANDLER1, code, &a, NOW), FEEDBACK_OK);
	a = action(FB_EV_PUBLISH);
	assert_int_equal(apply(f, A_LEADER1, code, &a, NOW), FEEDBACK_OK);
	char wrong[TRACKCODE_SECRET_BUFSZ];
	trackcode_secret_new(wrong);
	assert_int_equal(feedback_rate(&cc, code, NULL, 5, NULL, &e), FEEDBACK_FORBIDDEN);
	assert_int_equal(feedback_rate(&cc, code, wrong, 5, NULL, &e), FEEDBACK_FORBIDDEN);
	assert_int_equal(feedback_rate(&cc, code, r.secret, 0, NULL, &e), FEEDBACK_VALIDATION);
	assert_non_null(app_errors_get(&e, "score"));
	assert_int_equal(feedback_rate(&cc, code, r.secret, 6, NULL, &e), FEEDBACK_VALIDATION);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback WHERE rating IS NOT NULL"), 0);
	assert_int_equal(feedback_rate(&cc, code, r.secret, 4, "Khá tốt", &e), FEEDBACK_OK);
	assert_int_equal(feedback_rate(&cc, code, r.secret, 1, NULL, &e), FEEDBACK_CONFLICT);
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, code, &f->a, &row), DB_OK);
	assert_int_equal(row.rating, 4);
	assert_string_equal(row.rating_comment, "Khá tốt");
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'feedback.rate' "
					  "AND actor = 'citizen'"), 1);
	/* the public sees the score, not the comment */
	struct feedback_view v;
	assert_int_equal(feedback_get_public(&cc, code, NULL, &v), FEEDBACK_OK);
	assert_int_equal(v.rating, 4);
	assert_null(v.rating_comment);
	assert_false(v.can_rate);
	fx_free(f);
}

static void test_merge(void **state)
{
	struct fx *f = fx_new();
	struct feedback_receipt ra, rb;
	struct feedback_input in = input("Rác thải tồn đọng ở chợ Hôm", "moi-truong");
	in.contact_name = "Phạm Thị Lan";
	submit_ok(f, &in, NOW, &ra);
	in.contact_name = "Đỗ Văn Nam";
	in.is_private = 1;
	submit_ok(f, &in, NOW + 60, &rb);
	struct feedback_action m = action(FB_EV_MERGE);
	m.into = rb.code;
	struct feedback_action self = m;
	self.into = ra.code;
	assert_int_equal(apply(f, A_INTAKE, ra.code, &self, NOW), FEEDBACK_VALIDATION);
	m.into = "XXXX";
	assert_int_equal(apply(f, A_INTAKE, rb.code, &m, NOW), FEEDBACK_VALIDATION);
	m.into = ra.code;
	assert_int_equal(apply(f, A_HANDLER1, rb.code, &m, NOW), FEEDBACK_NOT_FOUND);
	assert_int_equal(apply(f, A_INTAKE, rb.code, &m, NOW), FEEDBACK_OK);
	assert_int_equal(status_of(f, rb.code), FB_MERGED);
	/* merging into a merged item is refused */
	struct feedback_receipt rc2;
	submit_ok(f, &in, NOW + 120, &rc2);
	m.into = rb.code;
	assert_int_equal(apply(f, A_INTAKE, rc2.code, &m, NOW), FEEDBACK_VALIDATION);

	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_INTAKE, ra.code, &a, NOW), FEEDBACK_OK);
	static const char answer[] = "Đã bố trí thu gom rác hai lượt mỗi ngày tại khu vực chợ.";
	a = action(FB_EV_ANSWER);
	a.text = answer;
	assert_int_equal(apply(f, A_HANDLER1, ra.code, &a, NOW), FEEDBACK_OK);
	a = action(FB_EV_PUBLISH);
	assert_int_equal(apply(f, A_LEADER1, ra.code, &a, NOW), FEEDBACK_OK);

	/* the merged item's sender sees the answer of the item it follows */
	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	struct feedback_view v;
	assert_int_equal(feedback_get_public(&cc, rb.code, NULL, &v), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_get_public(&cc, rb.code, rb.secret, &v), FEEDBACK_OK);
	assert_int_equal(v.status, FB_MERGED);
	assert_string_equal(v.merged_into_code, ra.code);
	assert_true(v.has_answer);
	assert_string_equal(v.answer.text, answer);
	/* the handler of the target sees that the private duplicate joined, but
	 * neither its title nor its sender: no role of it reaches rb's unit */
	int64_t views = count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'");
	struct app_ctx hc = ctx_of(f, &f->act[A_HANDLER1], NOW);
	assert_int_equal(feedback_get_for_officer(&hc, ra.code, 1, &v), FEEDBACK_OK);
	assert_int_equal(v.nmerged, 1);
	assert_string_equal(v.merged[0].code, rb.code);
	assert_true(v.merged[0].has_contact);
	assert_false(v.merged[0].contact_shown);
	assert_null(v.merged[0].title);
	assert_string_equal(v.contact.name, "Phạm Thị Lan");
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'"), views + 1);
	/* the intake officer reaches both senders, each view audited */
	struct app_ctx ic = ctx_of(f, &f->act[A_INTAKE], NOW);
	assert_int_equal(feedback_get_for_officer(&ic, ra.code, 1, &v), FEEDBACK_OK);
	assert_int_equal(v.nmerged, 1);
	assert_true(v.merged[0].contact_shown);
	assert_string_equal(v.merged[0].contact.name, "Đỗ Văn Nam");
	assert_non_null(v.merged[0].title);
	assert_string_equal(v.contact.name, "Phạm Thị Lan");
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'view_contact'"), views + 3);
	/* the target's timeline shows the merge */
	int merged_from = 0;
	for (size_t i = 0; i < v.nevents; i++)
		if (v.events[i].type == FB_EV_MERGE && v.events[i].extra && strstr(v.events[i].extra, rb.code))
			merged_from = 1;
	assert_true(merged_from);
	fx_free(f);
}

/* --- lists, inbox, dashboard -------------------------------------------------------- */

static void test_lists(void **state)
{
	struct fx *f = fx_new();
	char codes[30][TRACKCODE_BUFSZ];
	for (int i = 0; i < 30; i++) {
		struct feedback_input in = input(i % 2 ? "Đường Láng ngập nước khi mưa" : "Rác thải ở khu tập thể Kim Liên",
						 i % 2 ? "giao-thong" : "moi-truong");
		in.place = i % 2 ? "Ngõ 5 đường Láng" : "Khu tập thể Kim Liên";
		in.is_private = i % 10 == 9;
		struct feedback_receipt r;
		submit_ok(f, &in, NOW + i, &r);
		memcpy(codes[i], r.code, TRACKCODE_BUFSZ);
		struct feedback_action a = action(FB_EV_ASSIGN);
		a.unit = i < 20 ? "W1" : "W2";
		if (i % 3 == 0)
			continue;
		assert_int_equal(apply(f, A_INTAKE, r.code, &a, NOW + 100), FEEDBACK_OK);
		if (i >= 20)
			continue;
		a = action(FB_EV_ANSWER);
		a.text = "Đơn vị đã kiểm tra và xử lý xong.";
		assert_int_equal(apply(f, A_HANDLER1, r.code, &a, NOW + 200), FEEDBACK_OK);
		a = action(FB_EV_PUBLISH);
		assert_int_equal(apply(f, A_LEADER1, r.code, &a, NOW + 300 + i), FEEDBACK_OK);
	}
	/* published: i in 1..19 with i % 3 != 0 -> 13 items, of which i = 19 is private */
	struct app_ctx cc = ctx_of(f, &citizen, NOW + 1000);
	struct feedback_public_filter pf;
	memset(&pf, 0, sizeof(pf));
	pf.per_page = 5;
	struct feedback_page page;
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 12);
	assert_int_equal(page.n, 5);
	assert_string_equal(page.items[0].code, codes[17]); /* newest answer first */
	/* stable pages: all 12 once each */
	char seen[12][TRACKCODE_BUFSZ];
	size_t nseen = 0;
	for (int p = 1; p <= 3; p++) {
		pf.page = p;
		assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
		for (size_t i = 0; i < page.n; i++) {
			for (size_t k = 0; k < nseen; k++)
				assert_string_not_equal(seen[k], page.items[i].code);
			memcpy(seen[nseen++], page.items[i].code, TRACKCODE_BUFSZ);
			assert_int_equal(page.items[i].status, FB_PUBLISHED);
			assert_true(page.items[i].public);
		}
	}
	assert_int_equal(nseen, 12);
	/* accent-insensitive search and filters */
	pf.page = 1;
	pf.per_page = 50;
	pf.q = "duong lang";
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 6);
	pf.q = "KIM LIÊN rác";
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 6);
	pf.q = NULL;
	pf.category = "giao-thong";
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 6);
	pf.category = "khong-co";
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 0);
	pf.category = NULL;
	pf.status = 1 + FB_ASSIGNED;
	assert_int_equal(feedback_list_public(&cc, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 0);

	/* the inbox: W1's handler sees W1's items, W2's handler W2's, the city's intake all */
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.per_page = 100;
	struct feedback_inbox box;
	struct app_ctx h1 = ctx_of(f, &f->act[A_HANDLER1], NOW + 1000);
	assert_int_equal(feedback_inbox(&h1, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 13);
	assert_int_equal(box.counts[FB_PUBLISHED], 13);
	struct app_ctx h2 = ctx_of(f, &f->act[A_HANDLER2], NOW + 1000);
	assert_int_equal(feedback_inbox(&h2, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 7); /* 20..29 without 21, 24, 27 */
	assert_int_equal(box.counts[FB_ASSIGNED], 7);
	struct app_ctx ic = ctx_of(f, &f->act[A_INTAKE], NOW + 1000);
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 30);
	assert_int_equal(box.counts[FB_RECEIVED], 10);
	flt.status = 1 + FB_RECEIVED;
	flt.sort = FB_SORT_OLDEST;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 10);
	assert_string_equal(box.page.items[0].code, codes[0]);
	assert_int_equal(box.counts[FB_PUBLISHED], 13); /* counts ignore the status filter */
	flt.status = 0;
	flt.unit = "W2";
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 7);
	struct app_ctx cit = ctx_of(f, &citizen, NOW);
	assert_int_equal(feedback_inbox(&cit, &flt, &box), FEEDBACK_FORBIDDEN);

	/* the dashboard of the city's leader */
	struct app_ctx bc = ctx_of(f, &f->act[A_BOSS], NOW + 1000);
	struct feedback_dashboard dash;
	int64_t from, to;
	assert_int_equal(feedback_period("month", NOW, &from, &to), 0);
	assert_int_equal(from, vn_day_start(day("2026-03-01")));
	assert_int_equal(to, vn_day_start(day("2026-04-01")));
	assert_int_equal(feedback_period("fortnight", NOW, &from, &to), -1);
	assert_int_equal(feedback_period("month", NOW, &from, &to), 0);
	assert_int_equal(feedback_dashboard(&bc, from, to, &dash), FEEDBACK_OK);
	assert_int_equal(dash.all.received, 30);
	assert_int_equal(dash.all.open, 17);
	assert_int_equal(dash.all.answered, 13);
	assert_int_equal(dash.all.answered_on_time, 13);
	assert_true(dash.all.on_time_pct > 99.9);
	assert_int_equal(dash.nunits, 3); /* HN (unassigned), W1, W2 */
	assert_string_equal(dash.by_unit[0].code, "HN");
	assert_int_equal(dash.by_unit[1].s.answered, 13);
	assert_int_equal(dash.by_unit[2].s.open, 7);
	assert_int_equal(dash.ncategories, 2);
	assert_string_equal(dash.by_category[0].code, "moi-truong"); /* category order */
	struct app_ctx h2d = ctx_of(f, &f->act[A_HANDLER2], NOW + 1000);
	assert_int_equal(feedback_dashboard(&h2d, from, to, &dash), FEEDBACK_OK);
	assert_int_equal(dash.all.received, 7);
	fx_free(f);
}

/* --- attachments through the workflow ------------------------------------------------ */

static void test_attachments(void **state)
{
	struct fx *f = fx_new();
	struct app_ctx cc = ctx_of(f, &citizen, NOW);
	struct feedback_file ok_png = { png, sizeof(png), "ổ gà.jpg" };
	struct feedback_file bad = { "<script>", 8, "a.png" };
	struct feedback_file ok_pdf = { pdf, sizeof(pdf) - 1, "quyet-dinh.pdf" };
	assert_int_equal(feedback_file_check(&ok_png), FEEDBACK_OK);
	assert_int_equal(feedback_file_check(&bad), FEEDBACK_UNSUPPORTED);
	size_t big = ATTACHMENT_MAX_BYTES + 1;
	unsigned char *huge = calloc(1, big);
	assert_non_null(huge);
	memcpy(huge, png, sizeof(png));
	struct feedback_file hf = { huge, big, "to.png" };
	assert_int_equal(feedback_file_check(&hf), FEEDBACK_TOO_LARGE);

	struct feedback_file files[6] = { ok_png, ok_pdf };
	struct feedback_input in = input("Ảnh chụp ổ gà trên đường", "giao-thong");
	in.files = files;
	in.nfiles = 6;
	struct feedback_receipt r;
	struct app_errors e;
	for (int i = 2; i < 6; i++)
		files[i] = files[0];
	assert_int_equal(feedback_submit(&cc, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_non_null(app_errors_get(&e, "files"));
	in.nfiles = 2;
	files[1] = hf;
	assert_int_equal(feedback_submit(&cc, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_non_null(app_errors_get(&e, "files"));
	files[1] = bad;
	assert_int_equal(feedback_submit(&cc, &in, &r, &e), FEEDBACK_VALIDATION);
	free(huge);
	/* a refused submission stores no file */
	in.title = "";
	files[1] = ok_pdf;
	assert_int_equal(feedback_submit(&cc, &in, &r, &e), FEEDBACK_VALIDATION);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 0);
	in.title = "Ảnh chụp ổ gà trên đường";
	in.nfiles = 3; /* the same bytes twice are one file */
	files[2] = ok_png;
	in.is_private = 1;
	submit_ok(f, &in, NOW, &r);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 2);

	struct feedback_view v;
	assert_int_equal(feedback_get_public(&cc, r.code, r.secret, &v), FEEDBACK_OK);
	assert_int_equal(v.nfiles, 2);
	int64_t aid = v.files[0].id;
	struct attachment at;
	assert_int_equal(feedback_attachment_get(&cc, r.code, NULL, aid, &at), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_attachment_get(&cc, r.code, r.secret, aid, &at), FEEDBACK_OK);
	assert_int_equal(at.size, sizeof(png));
	assert_memory_equal(at.bytes, png, sizeof(png));
	assert_string_equal(at.mime, "image/png");
	assert_int_equal(feedback_attachment_get(&cc, r.code, r.secret, aid + 999, &at), FEEDBACK_NOT_FOUND);

	struct feedback_action a = action(FB_EV_ASSIGN);
	a.unit = "W1";
	assert_int_equal(apply(f, A_INTAKE, r.code, &a, NOW), FEEDBACK_OK);
	struct app_ctx h1 = ctx_of(f, &f->act[A_HANDLER1], NOW);
	struct app_ctx h2 = ctx_of(f, &f->act[A_HANDLER2], NOW);
	assert_int_equal(feedback_attachment_get(&h1, r.code, NULL, aid, &at), FEEDBACK_OK);
	assert_int_equal(feedback_attachment_get(&h2, r.code, NULL, aid, &at), FEEDBACK_NOT_FOUND);

	/* evidence: internal */
	static const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F' };
	struct feedback_file evf = { jpg, sizeof(jpg), "hien-truong.jpg" };
	assert_int_equal(feedback_attach_evidence(&h2, r.code, &evf, 1, &e), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_attach_evidence(&h1, r.code, &evf, 0, &e), FEEDBACK_VALIDATION);
	assert_int_equal(feedback_attach_evidence(&h1, r.code, &bad, 1, &e), FEEDBACK_VALIDATION);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 2);
	assert_int_equal(feedback_attach_evidence(&h1, r.code, &evf, 1, &e), FEEDBACK_OK);
	assert_int_equal(feedback_attach_evidence(&h1, r.code, &evf, 1, &e), FEEDBACK_CONFLICT);
	/* more than the item may hold: none of them is stored */
	static const unsigned char gif[] = "GIF89a-1", gif2[] = "GIF89a-2", gif3[] = "GIF89a-3";
	struct feedback_file three[3] = { { gif, 8, "1.gif" }, { gif2, 8, "2.gif" }, { gif3, 8, "3.gif" } };
	assert_int_equal(feedback_attach_evidence(&h1, r.code, three, 3, &e), FEEDBACK_VALIDATION);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM attachments"), 3);
	assert_int_equal(feedback_get_for_officer(&h1, r.code, 0, &v), FEEDBACK_OK);
	assert_int_equal(v.nfiles, 3);
	int64_t eid = v.files[2].id;
	assert_int_equal(v.files[2].kind, ATTACHMENT_EVIDENCE);
	assert_int_equal(feedback_attachment_get(&cc, r.code, r.secret, eid, &at), FEEDBACK_NOT_FOUND);
	assert_int_equal(feedback_attachment_get(&h1, r.code, NULL, eid, &at), FEEDBACK_OK);
	assert_int_equal(feedback_get_public(&cc, r.code, r.secret, &v), FEEDBACK_OK);
	assert_int_equal(v.nfiles, 2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_events WHERE type = 'attach' AND public = 0"), 1);
	fx_free(f);
}

/* --- reorganisation -------------------------------------------------------------- */

static void test_move_open_work(void **state)
{
	struct fx *f = fx_new();
	char open_item[TRACKCODE_BUFSZ], done_item[TRACKCODE_BUFSZ], waiting[TRACKCODE_BUFSZ];
	make_item(f, FB_ASSIGNED, NULL, open_item);
	make_item(f, FB_PUBLISHED, NULL, done_item);
	make_item(f, FB_RECEIVED, NULL, waiting);
	struct arena a;
	arena_init(&a, 1024);
	struct unit w1, w2, hn;
	assert_int_equal(unit_get_by_code(f->db, &a, "W1", &w1), DB_OK);
	assert_int_equal(unit_get_by_code(f->db, &a, "W2", &w2), DB_OK);
	assert_int_equal(unit_get_by_code(f->db, &a, "HN", &hn), DB_OK);
	size_t moved = 2;
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_move_open_work(f->db, &sys, w1.id, w2.id, NOW, &moved), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(moved, 3); /* added to what was there */
	struct feedback_row row;
	assert_int_equal(feedback_row_get_by_code(f->db, open_item, &a, &row), DB_OK);
	assert_int_equal(row.unit_id, w2.id);
	assert_int_equal(feedback_row_get_by_code(f->db, done_item, &a, &row), DB_OK);
	assert_int_equal(row.unit_id, w1.id); /* history stays with the unit that answered */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'feedback.move'"), 1);
	/* the intake desk moves too */
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_move_open_work(f->db, &sys, hn.id, w2.id, NOW, NULL), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	assert_int_equal(feedback_row_get_by_code(f->db, waiting, &a, &row), DB_OK);
	assert_int_equal(row.intake_unit_id, w2.id);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_events WHERE type = 'transfer'"), 2);
	arena_release(&a);
	fx_free(f);
}

/* --- demo data --------------------------------------------------------------------- */

static void demo_codes(int64_t seed, char *out, size_t outlen, int64_t counts[FB_STATUS_COUNT])
{
	struct fx *f = fx_new();
	struct app_ctx c = ctx_of(f, &sys, NOW);
	char err[256];
	int made = 0;
	assert_int_equal(feedback_demo_generate(&c, 300, (uint64_t)seed, &made, err, sizeof(err)), FEEDBACK_OK);
	assert_int_equal(made, 300);
	assert_int_equal(feedback_demo_generate(&c, 300, (uint64_t)seed, &made, err, sizeof(err)), FEEDBACK_OK);
	assert_int_equal(made, 0); /* idempotent */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), 300);
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	assert_int_equal(feedback_row_count_by_status(f->db, &q, counts), DB_OK);
	/* every answered item has its answer; timelines start with the submission */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback f WHERE status IN ('answered', "
					  "'published', 'closed') AND NOT EXISTS (SELECT 1 FROM feedback_answers a "
					  "WHERE a.feedback_id = f.id)"), 0);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback f WHERE (SELECT type FROM "
					  "feedback_events e WHERE e.feedback_id = f.id ORDER BY id LIMIT 1) <> 'submit'"), 0);
	struct db_stmt *late = db_prepare(f->db, "SELECT count(*) FROM feedback_events WHERE at > $1");
	db_bind_int(late, 1, NOW);
	assert_int_equal(db_step(late), DB_ROW);
	assert_int_equal(db_col_int(late, 0), 0); /* nothing happens in the future */
	db_done(late);
	assert_true(count_sql(f->db, "SELECT count(DISTINCT unit_id) FROM feedback") >= 2);
	assert_true(count_sql(f->db, "SELECT max(received_at) - min(received_at) FROM feedback") > 365 * 86400);
	int64_t bad, checked;
	assert_int_equal(audit_verify(f->db, &bad, &checked, err, sizeof(err)), 0);
	struct db_stmt *st = db_prepare(f->db, "SELECT code FROM feedback ORDER BY id LIMIT 20");
	size_t n = 0;
	out[0] = '\0';
	while (db_step(st) == DB_ROW)
		n += (size_t)snprintf(out + n, outlen - n, "%s ", db_col_text(st, 0));
	db_done(st);
	/* the sample items are valid for the workflow too */
	struct app_ctx bc = ctx_of(f, &f->act[A_BOSS], NOW);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&bc, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 300);
	fx_free(f);
}

static void test_demo_generate(void **state)
{
	char a[512], b[512], c[512];
	int64_t counts[FB_STATUS_COUNT], other[FB_STATUS_COUNT];
	demo_codes(42, a, sizeof(a), counts);
	for (int s = 0; s < FB_STATUS_COUNT; s++)
		assert_true(counts[s] > 0);
	assert_true(counts[FB_PUBLISHED] + counts[FB_CLOSED] > 100);
	demo_codes(42, b, sizeof(b), other);
	assert_string_equal(a, b);
	assert_memory_equal(counts, other, sizeof(counts));
	demo_codes(7, c, sizeof(c), other);
	assert_string_not_equal(a, c);
}

/* --- group commit ------------------------------------------------------------------ */

#define THREADS 8
#define PER_THREAD 150

struct worker {
	const char *path;
	struct submit_queue *q;
	int ok, busy, failed;
	char (*codes)[TRACKCODE_BUFSZ];
	char (*secrets)[TRACKCODE_SECRET_BUFSZ];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char err[256];
	struct db *db = testdb_connect(w->path, err, sizeof(err));
	if (!db)
		return NULL;
	struct arena a;
	arena_init(&a, 16384);
	for (int i = 0; i < PER_THREAD; i++) {
		struct app_ctx c = { db, NULL, &a, &citizen, NOW + i };
		struct feedback_input in = input("Phản ánh gửi đồng thời để kiểm tra", "khac");
		in.contact_phone = "0912345678";
		struct feedback_receipt r;
		int rc = submit_feedback(w->q, &c, &in, &r, NULL);
		if (rc == FEEDBACK_OK) {
			memcpy(w->codes[w->ok], r.code, TRACKCODE_BUFSZ);
			memcpy(w->secrets[w->ok], r.secret, TRACKCODE_SECRET_BUFSZ);
			w->ok++;
		} else if (rc == FEEDBACK_BUSY) {
			w->busy++;
		} else {
			w->failed++;
		}
		arena_release(&a);
		arena_init(&a, 16384);
	}
	arena_release(&a);
	db_close(db);
	return NULL;
}

static void *bad_item_main(void *arg)
{
	struct worker *w = arg;
	char err[256];
	struct db *db = testdb_connect(w->path, err, sizeof(err));
	struct arena a;
	arena_init(&a, 8192);
	struct app_ctx c = { db, NULL, &a, &citizen, NOW };
	struct feedback_input in = input("Phản ánh sẽ hỏng khi ghi", "khac");
	struct feedback_prepared p;
	for (int i = 0; i < 20; i++) {
		if (feedback_prepare(&c, &in, &p, NULL) != FEEDBACK_OK)
			break;
		p.row.category_id = 987654; /* breaks the foreign key when inserted */
		struct feedback_receipt r;
		int rc = submit_prepared(w->q, &citizen, &p, &r);
		if (rc == FEEDBACK_ERROR)
			w->failed++;
		else
			w->ok++;
	}
	arena_release(&a);
	db_close(db);
	return NULL;
}

/* records rc + 1, so that 0 means "not called" */
static void async_done(void *arg, int rc)
{
	int *answered = arg;
	*answered = rc + 1;
}

static void test_group_commit(void **state)
{
	struct fx *f = fx_new();
	char err[256];
	struct submit_queue *q = submit_start(testdb_path(f->path), 64, 0, err, sizeof(err));
	assert_non_null(q);
	static char codes[THREADS][PER_THREAD][TRACKCODE_BUFSZ];
	static char secrets[THREADS][PER_THREAD][TRACKCODE_SECRET_BUFSZ];
	struct worker w[THREADS + 1];
	pthread_t t[THREADS + 1];
	memset(w, 0, sizeof(w));
	for (int i = 0; i <= THREADS; i++) {
		w[i].path = f->path;
		w[i].q = q;
		if (i < THREADS) {
			w[i].codes = codes[i];
			w[i].secrets = secrets[i];
		}
		assert_int_equal(pthread_create(&t[i], NULL, i < THREADS ? worker_main : bad_item_main, &w[i]), 0);
	}
	for (int i = 0; i <= THREADS; i++)
		pthread_join(t[i], NULL);
	struct submit_stats st;
	submit_get_stats(q, &st);
	if (TESTDB_IS_PG) {
		/* every COMMIT is durable by itself (synchronous_commit=on): no
		 * syncer, no checkpointer (docs/postgresql.md) */
		assert_int_equal(st.syncs, 0);
		assert_int_equal(st.checkpoints, 0);
		assert_true(st.batches >= 1);
	} else {
		/* the writer's log is copied back by the checkpointer thread once
		 * it holds a thousand pages: 1,200 items write several thousand */
		for (int waited = 0; (st.checkpoints == 0 || st.syncs == 0) && waited < 5000; waited += 10) {
			usleep(10000);
			submit_get_stats(q, &st);
		}
		assert_true(st.checkpoints >= 1);
		/* durability was pipelined: a syncer made batches durable, several
		 * at a time or one each, never more syncs than batches handed over */
		assert_true(st.syncs >= 1);
		assert_true(st.syncs <= st.batches + st.failed);
	}
	submit_stop(q);
	/* the writer indexed every item for search before it stopped */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 0);

	int ok = 0;
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].failed, 0);
		assert_int_equal(w[i].busy, 0);
		ok += w[i].ok;
	}
	assert_int_equal(ok, THREADS * PER_THREAD);
	assert_int_equal(w[THREADS].failed, 20);  /* each bad item failed alone ... */
	assert_int_equal(w[THREADS].ok, 0);
	assert_int_equal(st.items, (uint64_t)ok); /* ... and lost nobody else's */
	assert_int_equal(st.failed, 20);
	assert_true(st.batches < (uint64_t)ok);   /* commits were shared */
	assert_true(st.max_batch > 1);
	assert_true(st.max_batch <= 64);

	/* every acknowledged item is there, with its secret, timeline and audit entry */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), ok);
	assert_int_equal(count_sql(f->db, "SELECT count(DISTINCT code) FROM feedback"), ok);
	/* indexed: FTS5 documents on SQLite, rows of the table on PostgreSQL */
	int64_t indexed = count_sql(f->db, TESTDB_IS_PG ? "SELECT count(*) FROM search_fts"
							: "SELECT count(*) FROM search_fts_docsize");
	if (indexed != ok && TESTDB_IS_PG) {
		/* say which items, and what else they have, should this fail */
		struct db_stmt *miss = db_prepare(f->db,
			"SELECT f.id, f.code, f.received_at, (SELECT count(*) FROM feedback_events e WHERE e.feedback_id = f.id), "
			"(SELECT count(*) FROM audit_log a WHERE a.object_id = f.code), "
			"(SELECT min(g.id) || '-' || max(g.id) FROM feedback g) "
			"FROM feedback f WHERE NOT EXISTS (SELECT 1 FROM search_fts s WHERE s.rowid = "
			SEARCH_FEEDBACK_BASE_SQL " + f.id) ORDER BY f.id");
		while (miss && db_step(miss) == DB_ROW)
			fprintf(stderr, "not indexed: item %lld %s received %lld, %lld events, %lld audit entries (ids %s)\n",
				(long long)db_col_int(miss, 0), db_col_text(miss, 1), (long long)db_col_int(miss, 2),
				(long long)db_col_int(miss, 3), (long long)db_col_int(miss, 4), db_col_text(miss, 5));
		db_done(miss);
	}
	assert_int_equal(indexed, count_sql(f->db, "SELECT count(*) FROM feedback"));
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_contacts"), ok);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_events WHERE type = 'submit'"), ok);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM audit_log WHERE action = 'feedback.submit'"), ok);
	for (int i = 0; i < THREADS; i++)
		for (int k = 0; k < PER_THREAD; k += 37) {
			struct feedback_row row;
			assert_int_equal(feedback_row_get_by_code(f->db, codes[i][k], &f->a, &row), DB_OK);
			assert_true(trackcode_secret_check(secrets[i][k], row.secret_hash, 32));
		}
	int64_t bad, checked;
	assert_int_equal(audit_verify(f->db, &bad, &checked, err, sizeof(err)), 0);
	assert_true(checked > ok);

	/* asynchronous: the callback answers from the writer; stop drains the queue */
	struct submit_queue *qa = submit_start(testdb_path(f->path), 16, 0, err, sizeof(err));
	assert_non_null(qa);
	static struct feedback_prepared ap[100];
	static struct feedback_receipt ar[100];
	static int answered[100];
	struct app_ctx ac = ctx_of(f, &citizen, NOW);
	struct feedback_input ain = input("Phản ánh gửi không chờ", "khac");
	for (int i = 0; i < 100; i++) {
		assert_int_equal(feedback_prepare(&ac, &ain, &ap[i], NULL), FEEDBACK_OK);
		assert_int_equal(submit_prepared_async(qa, &citizen, &ap[i], &ar[i], async_done, &answered[i]),
				 FEEDBACK_OK);
	}
	submit_stop(qa);
	for (int i = 0; i < 100; i++)
		assert_int_equal(answered[i], 1 + FEEDBACK_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), ok + 100);
	struct feedback_row arow;
	assert_int_equal(feedback_row_get_by_code(f->db, ar[99].code, &f->a, &arow), DB_OK);
	ok += 100;

	/* stopped: refused, not lost */
	struct submit_queue *q2 = submit_start(testdb_path(f->path), 0, 1, err, sizeof(err));
	assert_non_null(q2);
	struct app_ctx c = ctx_of(f, &citizen, NOW);
	struct feedback_input in = input("Phản ánh sau khi dừng hàng đợi", "khac");
	struct feedback_receipt r;
	assert_int_equal(submit_feedback(q2, &c, &in, &r, NULL), FEEDBACK_OK);
	struct app_errors e;
	in.title = "";
	assert_int_equal(submit_feedback(q2, &c, &in, &r, &e), FEEDBACK_VALIDATION);
	submit_stop(q2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), ok + 1);
	fx_free(f);
}

/* PostgreSQL: a batch written with one statement per table (app/submit.c)
 * is the same as its items written one by one: ids, events and audit
 * entries in order, contacts, the roll-ups counted exactly, the chain
 * verifying; a code drawn twice fails the whole call, for the writer to
 * redo the batch item by item. */
static void test_insert_many(void **state)
{
	struct fx *f = fx_new();
	struct app_ctx c = ctx_of(f, &citizen, NOW);
	enum { N = 12 };
	static struct feedback_prepared p[N];
	static struct feedback_receipt r[N];
	struct feedback_prepared *ps[N];
	struct feedback_receipt *rs[N];
	const struct audit_actor *actors[N];
	struct feedback_input in = input("Phản ánh gửi theo lô", "giao-thong");
	for (int i = 0; i < N; i++) {
		in.contact_name = i % 3 == 0 ? "Nguyễn Văn An" : NULL;
		in.channel = i % 2 ? FB_CH_API : FB_CH_WEB;
		in.category = i % 4 ? "giao-thong" : "khac";
		assert_int_equal(feedback_prepare(&c, &in, &p[i], NULL), FEEDBACK_OK);
		ps[i] = &p[i];
		rs[i] = &r[i];
		actors[i] = i == 5 ? NULL : &citizen;
	}
	if (!TESTDB_IS_PG) {
		/* SQLite has no batch statement: refused, nothing written (app/submit.c
		 * then inserts the items one by one) */
		assert_int_equal(db_begin(f->db), DB_OK);
		assert_int_equal(feedback_insert_prepared_many(f->db, N, actors, ps, rs), FEEDBACK_ERROR);
		assert_int_equal(db_rollback(f->db), DB_OK);
		assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), 0);
		fx_free(f);
		return;
	}
	/* a code drawn twice: nothing written, the caller rolls back */
	char keep[TRACKCODE_BUFSZ];
	memcpy(keep, p[7].row.code, sizeof(keep));
	memcpy(p[7].row.code, p[2].row.code, sizeof(keep));
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_insert_prepared_many(f->db, N, actors, ps, rs), FEEDBACK_ERROR);
	assert_int_equal(db_rollback(f->db), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback"), 0);
	memcpy(p[7].row.code, keep, sizeof(keep));

	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_insert_prepared_many(f->db, N, actors, ps, rs), FEEDBACK_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	for (int i = 0; i < N; i++) {
		struct feedback_row row;
		assert_int_equal(feedback_row_get_by_code(f->db, r[i].code, &f->a, &row), DB_OK);
		assert_int_equal(row.id, r[i].id);
		assert_true(trackcode_secret_check(r[i].secret, row.secret_hash, 32));
		assert_string_equal(row.title, "Phản ánh gửi theo lô");
		if (i)
			assert_true(r[i].id > r[i - 1].id); /* in the batch's order */
		struct feedback_event *ev = NULL;
		size_t nev = 0;
		assert_int_equal(feedback_event_list(f->db, r[i].id, 0, &f->a, &ev, &nev), DB_OK);
		assert_int_equal(nev, 1);
		assert_int_equal(ev[0].type, FB_EV_SUBMIT);
	}
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_contacts"), 4);
	/* the audit entries follow the items' order, each naming its item */
	struct db_stmt *st = db_prepare(f->db, "SELECT object_id, actor FROM audit_log "
					       "WHERE action = 'feedback.submit' ORDER BY id");
	assert_non_null(st);
	for (int i = 0; i < N; i++) {
		assert_int_equal(db_step(st), DB_ROW);
		assert_string_equal(db_col_text(st, 0), r[i].code);
		assert_string_equal(db_col_text(st, 1), "citizen");
	}
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	char err[256];
	int64_t bad, checked;
	assert_int_equal(audit_verify(f->db, &bad, &checked, err, sizeof(err)), 0);
	/* counted once per statement, exactly */
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally"), N);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_detail WHERE channel = 'api'"), N / 2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM feedback_tally_detail"), 3);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_due"), N);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_day"), N);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM feedback_tally_month"), N);
	assert_int_equal(count_sql(f->db, "SELECT sum(n) FROM report_feedback_tally"), N);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), N);
	assert_int_equal(search_index_pending(f->db, 0, NULL, NULL), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_fts"), N);
	assert_int_equal(fts_count(f->db, 1, "lô", "lo"), N);
	fx_free(f);
}

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_attachment_store),
		cmocka_unit_test(test_calendar_data),
		cmocka_unit_test(test_submit_validation),
		cmocka_unit_test(test_workflow),
		cmocka_unit_test(test_audit_texts),
		cmocka_unit_test(test_impossible_transitions),
		cmocka_unit_test(test_privacy),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_rating),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_move_open_work),
		cmocka_unit_test(test_demo_generate),
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_insert_many),
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
