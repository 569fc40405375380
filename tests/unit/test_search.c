/* Unit tests for search: store/search (what people type -> safe FTS5
 * MATCH, facets, the index and its maintenance), app/search (highlighting
 * in the original text, HTML-safe), and search through the feedback lists
 * on a real SQLite database (fold-equivalent spellings, prefixes, phrases,
 * ranking, privacy, redaction, filters, paging, the result bound). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "app/feedback.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/search.h"
#include "app/submit.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "testdb.h"
#include "store/feedback.h"
#include "store/search.h"

/* --- query parsing --------------------------------------------------------------- */

static struct search_query parse_ok(struct arena *a, const char *typed)
{
	struct search_query q;
	assert_int_equal(search_query_parse(a, typed, strlen(typed), &q), SEARCH_OK);
	return q;
}

static void test_parse_words(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	struct search_query q = parse_ok(&a, "Dân vận khéo");
	assert_string_equal(q.match, "{title body place internal} : (\"dan\" \"van\" \"kheo\"*)");
	assert_string_equal(q.match_public, "{title body place} : (\"dan\" \"van\" \"kheo\"*)");
	assert_int_equal(q.nterms, 3);
	assert_string_equal(q.terms[0].word, "dan");
	assert_false(q.terms[0].prefix);
	assert_string_equal(q.terms[2].word, "kheo");
	assert_true(q.terms[2].prefix);
	assert_false(q.truncated);

	/* every spelling gives the same query */
	const char *same[] = { "dan van kheo", "DÂN VẬN KHÉO", "Da\xCC\x82n va\xCC\xA3\xCC\x82n khe\xCC\x81o", /* NFD */
			       "  dân-vận   khéo", "dân,vận;khéo" };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		assert_string_equal(parse_ok(&a, same[i]).match, q.match);
	assert_string_equal(parse_ok(&a, "Khóa").match, parse_ok(&a, "khoá").match);
	assert_string_equal(parse_ok(&a, "Hoà Bình").match, parse_ok(&a, "hòa binh").match);
	assert_string_equal(parse_ok(&a, "thuỷ").match, parse_ok(&a, "THỦY").match);
	assert_string_equal(parse_ok(&a, "Đường").match, parse_ok(&a, "duong").match);

	/* the last word is a prefix only while it is being typed */
	assert_string_equal(parse_ok(&a, "dan van ").match_public, "{title body place} : (\"dan\" \"van\")");
	assert_string_equal(parse_ok(&a, "dan van.").match_public, "{title body place} : (\"dan\" \"van\")");
	assert_string_equal(parse_ok(&a, "dan van kh").match_public, "{title body place} : (\"dan\" \"van\" \"kh\"*)");
	/* one letter: too short; five or more: a whole word (search.h) */
	assert_string_equal(parse_ok(&a, "dan v").match_public, "{title body place} : (\"dan\" \"v\")");
	assert_string_equal(parse_ok(&a, "đèn đường").match_public, "{title body place} : (\"den\" \"duong\")");
	assert_string_equal(parse_ok(&a, "nguy").match_public, "{title body place} : (\"nguy\"*)");

	/* a repeated word counts once */
	q = parse_ok(&a, "rác rác RÁC rac ");
	assert_int_equal(q.nterms, 1);
	assert_string_equal(q.match_public, "{title body place} : (\"rac\")");
	arena_release(&a);
}

static void test_parse_phrases(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	struct search_query q = parse_ok(&a, "\"Dân vận\" khéo");
	assert_string_equal(q.match_public, "{title body place} : (\"dan van\" \"kheo\"*)");
	assert_int_equal(q.nterms, 3);
	assert_true(q.terms[0].phrase);
	assert_true(q.terms[1].phrase);
	assert_false(q.terms[2].phrase);
	/* typographic quotes, as phones type them */
	assert_string_equal(parse_ok(&a, "“dân vận” khéo").match_public, q.match_public);
	assert_string_equal(parse_ok(&a, "«dân vận» khéo").match_public, q.match_public);
	assert_string_equal(parse_ok(&a, "„dân vận“ khéo").match_public, q.match_public);
	/* a quoted phrase at the end is not a prefix */
	assert_string_equal(parse_ok(&a, "khéo \"dân vận\"").match_public,
			    "{title body place} : (\"kheo\" \"dan van\")");
	/* a quoted single word is a word */
	assert_string_equal(parse_ok(&a, "\"rác\" thải").match_public, "{title body place} : (\"rac\" \"thai\"*)");
	/* an unbalanced quote is ignored: loose words, the last a prefix */
	assert_string_equal(parse_ok(&a, "\"dân vận kh").match_public,
			    "{title body place} : (\"dan\" \"van\" \"kh\"*)");
	assert_string_equal(parse_ok(&a, "\"dân vận\" \"khéo").match_public,
			    "{title body place} : (\"dan van\" \"kheo\"*)");
	/* empty quotes add nothing */
	assert_string_equal(parse_ok(&a, "\"\" rác ").match_public, "{title body place} : (\"rac\")");
	arena_release(&a);
}

/* Whatever a person types: a valid query or none, never FTS5 syntax. */
static const char *const hostile[] = {
	"OR (", "*", "NEAR", "NEAR(", "AND OR NOT", "\"", "\"\"\"", "\"a\"b\"c\"d", "'", "''", "\\",
	"a OR b", "-rác", "+rác", "rác*", "^rác", "title:rác", "{title}: rác", "internal : lộ",
	"tags : vpub", "tags:u1", "NEAR(\"a\" \"b\", 1)", "(((", ")))", "a AND (b OR", "; DROP TABLE feedback; --",
	"%", "_", "%%%", "\xF0\x9F\x98\x80\xF0\x9F\x91\x8D", "\xF0\x9F\x98\x80 rác \xF0\x9F\x98\x80", "\xE2\x80\x8B",
	"\xC2\xA0\xC2\xA0", "中文 查询", "Ｒác", "ﬁ", "a\xCC\x81\xCC\x81\xCC\x81", "\t\n\r", "rác\"", "\"rác",
	"0x00", "1e999", "NULL", "null", "*rác*", "r*c", "\"dân vận\"\"", "``", "<script>alert(1)</script>",
};

static void test_parse_hostile(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct search_query q = parse_ok(&a, hostile[i]);
		if (!q.match)
			continue;
		/* nothing but strings of folded words, one column filter, parentheses */
		const char *body = strstr(q.match_public, " : (");
		assert_non_null(body);
		int in_str = 0;
		for (const char *p = body + 4; p[1]; p++) {
			if (*p == '"')
				in_str = !in_str;
			else if (!in_str)
				assert_true(*p == ' ' || *p == '*');
			else
				assert_true(*p != '"');
		}
		assert_false(in_str);
	}
	/* only symbols: no search at all */
	assert_null(parse_ok(&a, "(").match);
	assert_null(parse_ok(&a, "*").match);
	assert_null(parse_ok(&a, "\"\" ( ) * ^ : {}").match);
	assert_null(parse_ok(&a, "\xF0\x9F\x98\x80").match);
	assert_null(parse_ok(&a, "").match);
	/* operators become words */
	assert_string_equal(parse_ok(&a, "a OR b").match_public, "{title body place} : (\"a\" \"or\" \"b\")");
	assert_string_equal(parse_ok(&a, "NEAR").match_public, "{title body place} : (\"near\"*)");
	/* 5,000 characters: the first SEARCH_MAX_INPUT bytes, SEARCH_MAX_TERMS words */
	char *big = malloc(5001);
	assert_non_null(big);
	for (int i = 0; i < 5000; i++)
		big[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 26);
	big[5000] = '\0';
	struct search_query q = parse_ok(&a, big);
	assert_non_null(q.match);
	assert_true(q.truncated);
	assert_true(q.nterms <= SEARCH_MAX_TERMS);
	free(big);
	/* 5,000 bytes of "ễ" (3 bytes each): cut on a character boundary */
	big = malloc(3 * 2000 + 1);
	assert_non_null(big);
	for (int i = 0; i < 2000; i++)
		memcpy(big + 3 * i, "\xE1\xBB\x85", 3);
	big[6000] = '\0';
	q = parse_ok(&a, big);
	assert_true(q.truncated);
	assert_int_equal(q.nterms, 1);
	free(big);
	/* too many words */
	q = parse_ok(&a, "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15 a16 a17 a18 a19 a20");
	assert_int_equal(q.nterms, SEARCH_MAX_TERMS);
	assert_true(q.truncated);
	assert_null(strstr(q.match, "a17"));
	assert_null(strstr(q.match, "*")); /* the word being typed was dropped */
	/* invalid UTF-8 */
	assert_int_equal(search_query_parse(&a, "r\xE1" "c", 3, &q), SEARCH_INVALID_UTF8);
	assert_null(q.match);
	assert_int_equal(search_query_parse(&a, "\xC0\xAF", 2, &q), SEARCH_INVALID_UTF8);
	/* NULL and empty */
	assert_int_equal(search_query_parse(&a, NULL, 0, &q), SEARCH_OK);
	assert_null(q.match);
	arena_release(&a);
}

static void test_facets(void **state)
{
	struct sbuf sb = SBUF_INIT(4096);
	assert_int_equal(search_facet_begin(&sb), 0);
	assert_int_equal(search_facet_add_int(&sb, "u", 5), 0);
	assert_int_equal(search_facet_add_int(&sb, "a", 7), 0);
	assert_int_equal(search_facet_end(&sb), 0);
	assert_string_equal(sb.buf, " AND tags : (\"u5\" OR \"a7\")");
	sbuf_reset(&sb);
	assert_int_equal(search_facet_begin(&sb), 0);
	assert_int_equal(search_facet_add_str(&sb, "s", "published"), 0);
	assert_int_equal(search_facet_end(&sb), 0);
	assert_string_equal(sb.buf, " AND tags : (\"spublished\")");
	/* months in Vietnam time: 31/12/2025 17:00 UTC is 1/1/2026 00:00 there */
	sbuf_reset(&sb);
	int64_t from = vn_day_start(days_from_civil(2026, 1, 1));
	int64_t to = vn_day_start(days_from_civil(2026, 3, 1));
	assert_int_equal(search_facet_months(&sb, from, to), 0);
	assert_string_equal(sb.buf, " AND tags : (\"m202601\" OR \"m202602\")");
	sbuf_reset(&sb);
	assert_int_equal(search_facet_months(&sb, from - 1, to + 1), 0);
	assert_string_equal(sb.buf, " AND tags : (\"m202512\" OR \"m202601\" OR \"m202602\" OR \"m202603\")");
	/* open or too long: no facet (SQL alone) */
	sbuf_reset(&sb);
	assert_int_equal(search_facet_months(&sb, 0, to), 0);
	assert_int_equal(search_facet_months(&sb, from, vn_day_start(days_from_civil(2031, 1, 1))), 0);
	assert_int_equal(sb.len, 0);
	sbuf_release(&sb);
}

/* --- highlighting ------------------------------------------------------------------ */

static const char *hl(struct arena *a, const char *text, const char *typed)
{
	struct search_query q = parse_ok(a, typed);
	char *out = NULL;
	assert_int_equal(search_highlight_html(a, text, strlen(text), &q, &out), 0);
	return out;
}

static void test_highlight(void **state)
{
	struct arena a;
	arena_init(&a, 4096);
	/* marks on the original words, diacritics intact; neighbours share a mark */
	assert_string_equal(hl(&a, "Phong trào Dân vận khéo năm 2026", "dan van kheo"),
			    "Phong trào <mark>Dân vận khéo</mark> năm 2026");
	assert_string_equal(hl(&a, "Khoá học kỹ năng", "Khóa"), "<mark>Khoá</mark> học kỹ năng");
	assert_string_equal(hl(&a, "Đường Hoà Bình ngập nước", "hoa binh"), "Đường <mark>Hoà Bình</mark> ngập nước");
	assert_string_equal(hl(&a, "Nhiễm thuỷ ngân", "thuy"), "Nhiễm <mark>thuỷ</mark> ngân");
	assert_string_equal(hl(&a, "ĐƯỜNG Láng, đường Láng", "duong lang "),
			    "<mark>ĐƯỜNG Láng</mark>, <mark>đường Láng</mark>");
	/* an NFD text keeps its combining marks inside the mark */
	assert_string_equal(hl(&a, "Khe\xCC\x81o tay", "kheo"), "<mark>Khe\xCC\x81o</mark> tay");
	/* prefix: only on the last word, and only at the start of a word */
	assert_string_equal(hl(&a, "Dân vận khéo", "dan van kh"), "<mark>Dân vận khéo</mark>");
	assert_string_equal(hl(&a, "Dân vận khéo", "an"), "Dân vận khéo");
	assert_string_equal(hl(&a, "Dân vận khéo", "van "), "Dân <mark>vận</mark> khéo");
	assert_string_equal(hl(&a, "vận vang", "van "), "<mark>vận</mark> vang");
	/* phrase words are marked */
	assert_string_equal(hl(&a, "khéo dân vận", "\"dân vận\""), "khéo <mark>dân vận</mark>");
	/* HTML is escaped, marks are the only tags */
	assert_string_equal(hl(&a, "<script>alert(\"rác\")</script> & 'rác'", "rac"),
			    "&lt;script&gt;alert(&quot;<mark>rác</mark>&quot;)&lt;/script&gt; &amp; &#39;<mark>rác</mark>&#39;");
	assert_string_equal(hl(&a, "<b>x</b>", "b"), "&lt;<mark>b</mark>&gt;x&lt;/<mark>b</mark>&gt;");
	/* no query: the escaped text */
	char *out = NULL;
	assert_int_equal(search_highlight_html(&a, "a < b", 5, NULL, &out), 0);
	assert_string_equal(out, "a &lt; b");
	/* invalid bytes become U+FFFD, never raw */
	assert_int_equal(search_highlight_html(&a, "r\xE1" "c <", 5, NULL, &out), 0);
	assert_string_equal(out, "r\xEF\xBF\xBD" "c &lt;");
	/* emoji and other scripts pass through */
	assert_string_equal(hl(&a, "\xF0\x9F\x98\x80 rác 中文", "rac"), "\xF0\x9F\x98\x80 <mark>rác</mark> 中文");
	assert_int_equal(search_highlight_html(&a, "", 0, NULL, &out), 0);
	assert_string_equal(out, "");
	arena_release(&a);
}

static void test_snippet(void **state)
{
	struct arena a;
	arena_init(&a, 65536);
	struct search_query q = parse_ok(&a, "khéo");
	/* a long body: the window starts before the match, on a word */
	struct sbuf sb = SBUF_INIT(100000);
	for (int i = 0; i < 100; i++)
		assert_int_equal(sbuf_addstr(&sb, "Người dân phản ánh việc đường sá. "), 0);
	assert_int_equal(sbuf_addstr(&sb, "Mô hình <Dân vận KHÉO> & hay.\n\nCuối cùng "), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(sbuf_addstr(&sb, "nội dung tiếp theo "), 0);
	char *out = NULL;
	int matched = 0;
	assert_int_equal(search_snippet_html(&a, sb.buf, sb.len, &q, 200, &out, &matched), 0);
	assert_true(matched);
	assert_non_null(strstr(out, "&lt;Dân vận <mark>KHÉO</mark>&gt; &amp; hay. Cuối cùng"));
	assert_true(!strncmp(out, "…", strlen("…")));
	assert_true(strlen(out) > 3 && !strcmp(out + strlen(out) - strlen("…"), "…"));
	assert_null(strchr(out, '\n'));
	assert_null(strstr(out, "<script"));
	/* at most ~200 characters of text */
	size_t chars = 0;
	for (const char *p = out; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	assert_true(chars <= 200 + 2 + strlen("<mark></mark>&lt;&gt;&amp;"));
	/* no match: the beginning of the text */
	q = parse_ok(&a, "không có");
	assert_int_equal(search_snippet_html(&a, sb.buf, sb.len, &q, 50, &out, &matched), 0);
	assert_false(matched);
	assert_true(!strncmp(out, "Người dân phản ánh", strlen("Người dân phản ánh")));
	assert_null(strstr(out, "<mark>"));
	/* a short text is whole */
	q = parse_ok(&a, "rac");
	assert_int_equal(search_snippet_html(&a, "Rác thải\nở ngõ", strlen("Rác thải\nở ngõ"), &q, 200, &out, &matched), 0);
	assert_string_equal(out, "<mark>Rác</mark> thải ở ngõ");
	/* no word at all, longer than the window: cut at the window (a fuzzer find) */
	char punct[600];
	memset(punct, '.', sizeof(punct) - 1);
	punct[sizeof(punct) - 1] = '\0';
	assert_int_equal(search_snippet_html(&a, punct, strlen(punct), &q, 50, &out, &matched), 0);
	assert_int_equal(strlen(out), 50 + strlen("…"));
	assert_false(matched);
	/* a match near the start keeps the start */
	q = parse_ok(&a, "dan");
	assert_int_equal(search_snippet_html(&a, sb.buf, sb.len, &q, 200, &out, &matched), 0);
	assert_true(!strncmp(out, "Người <mark>dân</mark>", strlen("Người <mark>dân</mark>")));
	sbuf_release(&sb);
	arena_release(&a);
}

/* --- search through the lists, on a database ------------------------------------------ */

static const struct audit_actor sys = { 0, "test", NULL };
static const struct audit_actor citizen = { 0, "citizen", "203.0.113.5" };

struct fx {
	char path[64];
	struct db *db;
	struct calendar *cal;
	struct arena a;
	struct audit_actor intake, handler1, leader1, handler2;
};

static int64_t day(const char *ymd)
{
	int64_t d;
	assert_int_equal(parse_date(ymd, &d), 0);
	return d;
}

#define NOW (vn_day_start(day("2026-03-02")) + 10 * 3600)

static int64_t count_sql(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

static struct audit_actor grant(struct fx *f, const char *user, const char *unit, const char *role)
{
	struct db_stmt *st = db_prepare(f->db, "INSERT INTO accounts(username, display_name, password_hash, "
					       "created_at, updated_at, password_changed_at) "
					       "VALUES ($1, $1, 'x', 0, 0, 0) RETURNING id");
	assert_non_null(st);
	db_bind_text(st, 1, user);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t id = db_col_int(st, 0);
	db_done(st);
	assert_int_equal(perm_grant(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
				    id, unit, role, NULL), 0);
	return (struct audit_actor){ id, user, NULL };
}

static void create_unit(struct fx *f, const char *code, const char *name, const char *parent)
{
	struct org_unit_input in = { code, name, "government", parent };
	assert_int_equal(org_create(&(struct app_ctx){ .db = f->db, .actor = &sys, .now = time(NULL) },
					    &in, day("2020-01-01"), NULL, NULL), APP_OK);
}

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/danvan-search-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	char err[512];
	f->db = testdb_open(f->path, err, sizeof(err));
	assert_non_null(f->db);
	assert_int_equal(db_migrate(f->db, err, sizeof(err)), DB_OK);
	int n = 0;
	assert_int_equal(category_import_demo(f->db, &sys, &n, err, sizeof(err)), DB_OK);
	create_unit(f, "HN", "Thành phố", NULL);
	create_unit(f, "W1", "Phường Láng", "HN");
	create_unit(f, "W2", "Phường Kim Liên", "HN");
	f->intake = grant(f, "intake", "HN", "intake");
	f->handler1 = grant(f, "handler1", "W1", "handler");
	f->leader1 = grant(f, "leader1", "W1", "leader");
	f->handler2 = grant(f, "handler2", "W2", "handler");
	f->cal = calendar_new();
	arena_init(&f->a, 65536);
	return f;
}

static void fx_free(struct fx *f)
{
	arena_release(&f->a);
	calendar_free(f->cal);
	db_close(f->db);
	char p[96];
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

static int act(struct fx *f, const struct audit_actor *who, const char *code, enum feedback_event_type t,
	       const char *unit, const char *text)
{
	struct feedback_action a;
	memset(&a, 0, sizeof(a));
	a.type = t;
	a.unit = unit;
	a.text = text;
	struct app_ctx c = ctx_of(f, who, NOW + 100);
	return feedback_apply_event(&c, code, &a, NULL);
}

/* On PostgreSQL a changed item is indexed again by the next indexing pass
 * (the server's writer runs it within a second; docs/postgresql.md): the
 * tests that search what they just changed run it first. */
static void index_pass(struct fx *f)
{
	if (TESTDB_IS_PG)
		assert_int_equal(search_index_pending(f->db, 0, NULL, NULL), DB_OK);
}

/*
 * Send an item and take it to `status` in unit `unit` ("W1"/"W2"):
 * published needs assign, answer, publish (by that unit's officers).
 */
static void add_item_(struct fx *f, const char *title, const char *body, const char *category, const char *unit,
		      enum feedback_status status, int private_, int64_t at, char code[TRACKCODE_BUFSZ])
{
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	in.title = title;
	in.body = body;
	in.category = category;
	in.place = "Tổ dân phố số 3";
	in.is_private = private_;
	in.contact_name = "Nguyễn Thị Bí Mật";
	in.contact_phone = "0912345678";
	struct feedback_receipt r;
	struct app_errors e;
	struct app_ctx c = ctx_of(f, &citizen, at);
	int rc = feedback_submit(&c, &in, &r, &e);
	if (rc != FEEDBACK_OK && e.n)
		fprintf(stderr, "# %s: %s\n", e.items[0].field, e.items[0].message);
	assert_int_equal(rc, FEEDBACK_OK);
	memcpy(code, r.code, TRACKCODE_BUFSZ);
	if (status == FB_RECEIVED)
		return;
	assert_int_equal(act(f, &f->intake, code, FB_EV_ASSIGN, unit, NULL), FEEDBACK_OK);
	if (status == FB_ASSIGNED)
		return;
	const struct audit_actor *h = !strcmp(unit, "W1") ? &f->handler1 : &f->handler2;
	assert_int_equal(act(f, h, code, FB_EV_ANSWER, NULL, "Đơn vị đã kiểm tra và xử lý xong."), FEEDBACK_OK);
	assert_true(!strcmp(unit, "W1"));
	assert_int_equal(act(f, &f->leader1, code, FB_EV_PUBLISH, NULL, NULL), FEEDBACK_OK);
}

static void add_item(struct fx *f, const char *title, const char *body, const char *category, const char *unit,
		     enum feedback_status status, int private_, int64_t at, char code[TRACKCODE_BUFSZ])
{
	add_item_(f, title, body, category, unit, status, private_, at, code);
	index_pass(f);
}

static struct feedback_page public_search(struct fx *f, const char *typed)
{
	struct app_ctx c = ctx_of(f, &citizen, NOW + 1000);
	struct feedback_public_filter pf;
	memset(&pf, 0, sizeof(pf));
	pf.q = typed;
	pf.per_page = 100;
	struct feedback_page page;
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, (int64_t)page.n);
	return page;
}

static struct feedback_inbox officer_search(struct fx *f, const struct audit_actor *who, const char *typed)
{
	struct app_ctx c = ctx_of(f, who, NOW + 1000);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.q = typed;
	flt.per_page = 100;
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&c, &flt, &box), FEEDBACK_OK);
	return box;
}

static int has_code(const struct feedback_page *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->items[i].code, code))
			return 1;
	return 0;
}

#define BODY "Người dân trong khu vực đề nghị các cơ quan chức năng sớm kiểm tra, xử lý dứt điểm."

static void test_search_spellings(void **state)
{
	struct fx *f = fx_new();
	char kheo[TRACKCODE_BUFSZ], khoa[TRACKCODE_BUFSZ], hoa[TRACKCODE_BUFSZ], thuy[TRACKCODE_BUFSZ],
		nfd[TRACKCODE_BUFSZ], other[TRACKCODE_BUFSZ];
	add_item(f, "Mô hình Dân vận khéo ở tổ dân phố", BODY, "gop-y-dang-chinh-quyen", "W1", FB_PUBLISHED, 0, NOW, kheo);
	add_item(f, "Đề nghị mở khoá học kỹ năng cho thanh niên", BODY, "giao-duc", "W1", FB_PUBLISHED, 0, NOW + 1, khoa);
	add_item(f, "Đường Hoà Bình ngập nước khi mưa", BODY, "giao-thong", "W1", FB_PUBLISHED, 0, NOW + 2, hoa);
	add_item(f, "Nước giếng nghi nhiễm thuỷ ngân", BODY, "moi-truong", "W1", FB_PUBLISHED, 0, NOW + 3, thuy);
	/* an NFD title is stored NFC and found like the composed one */
	add_item(f, "Ca\xCC\x81n bo\xCC\xA3\xCC\x82 tie\xCC\x82\xCC\x81p da\xCC\x82n nhie\xCC\xA3\xCC\x82t ti\xCC\x80nh", BODY,
		 "can-bo-cong-chuc", "W1", FB_PUBLISHED, 0, NOW + 4, nfd);
	add_item(f, "Rác thải tồn đọng ở chợ", BODY, "moi-truong", "W1", FB_PUBLISHED, 0, NOW + 5, other);

	struct { const char *q, *code; } finds[] = {
		{ "dan van kheo", kheo }, { "Dân vận khéo", kheo }, { "DÂN VẬN KHÉO", kheo }, { "dân vận kh", kheo },
		{ "Khóa", khoa }, { "khoá học", khoa }, { "KHOA HOC", khoa },
		{ "hoa binh", hoa }, { "Hòa Bình", hoa }, { "hoà bình", hoa }, { "duong hoa", hoa },
		{ "thuy ngan", thuy }, { "thủy", thuy }, { "THUỶ", thuy },
		{ "can bo tiep dan nhiet tinh", nfd }, { "cán bộ tiếp dân", nfd },
		{ "Da\xCC\x82n va\xCC\xA3\xCC\x82n", kheo }, /* NFD query */
		{ "\"dân vận\"", kheo }, { "“dân vận” khéo", kheo },
	};
	for (size_t i = 0; i < sizeof(finds) / sizeof(finds[0]); i++) {
		struct feedback_page p = public_search(f, finds[i].q);
		if (!has_code(&p, finds[i].code))
			fail_msg("'%s' does not find %s", finds[i].q, finds[i].code);
		assert_true(p.searched);
		assert_int_equal(p.total, 1); /* and nothing else */
	}
	/* phrases keep their order; all words must be there */
	assert_int_equal(public_search(f, "\"khéo vận\"").total, 0);
	assert_int_equal(public_search(f, "dân vận khéo thuỷ").total, 0);
	/* "ma" and "mà" fold together, "ky"/"ki" do not (docs/text.md) */
	assert_int_equal(public_search(f, "ki nang").total, 0);
	assert_int_equal(public_search(f, "ky nang").total, 1);
	/* the place is searched too: every item is in "Tổ dân phố số 3" */
	assert_int_equal(public_search(f, "to dan pho").total, 6);
	/* no words: no search, the usual list */
	struct feedback_page p = public_search(f, "*** ( \"\"");
	assert_false(p.searched);
	assert_int_equal(p.total, 6);
	/* the results carry highlighted HTML */
	p = public_search(f, "hoa binh");
	assert_string_equal(p.items[0].title_html, "Đường <mark>Hoà Bình</mark> ngập nước khi mưa");
	assert_non_null(p.items[0].snippet_html);
	p = public_search(f, "kiểm tra");
	assert_int_equal(p.total, 6);
	assert_non_null(strstr(p.items[0].snippet_html, "<mark>kiểm tra</mark>"));
	/* without a search there is no HTML */
	p = public_search(f, NULL);
	assert_null(p.items[0].title_html);
	assert_null(p.items[0].snippet_html);
	fx_free(f);
}

static void test_search_hostile(void **state)
{
	struct fx *f = fx_new();
	char code[TRACKCODE_BUFSZ];
	add_item(f, "Rác thải tồn đọng ở chợ Hôm", BODY, "moi-truong", "W1", FB_PUBLISHED, 0, NOW, code);
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		struct feedback_page p = public_search(f, hostile[i]);
		struct feedback_inbox box = officer_search(f, &f->intake, hostile[i]);
		assert_true(p.total <= 1);
		assert_true(box.page.total <= 1);
	}
	/* hostile text around a real word still finds it; operators are words
	 * that must be there too */
	assert_int_equal(public_search(f, "(rác*").total, 1);
	assert_int_equal(public_search(f, "\"rác").total, 1);
	assert_int_equal(public_search(f, "OR (rác*").total, 0);
	assert_int_equal(public_search(f, "NEAR(rác thải)").total, 0);
	assert_int_equal(public_search(f, "{title}: rác").total, 0);
	assert_int_equal(public_search(f, "^rác -thải").total, 1);
	assert_int_equal(public_search(f, "\xF0\x9F\x98\x80 rác \xF0\x9F\x98\x80").total, 1);
	/* words the index holds in its facet column are not searchable */
	assert_int_equal(public_search(f, "vpub").total, 0);
	assert_int_equal(public_search(f, "spublished").total, 0);
	assert_int_equal(officer_search(f, &f->intake, "vpub").page.total, 0);
	/* 5,000 characters */
	char *big = malloc(5001);
	assert_non_null(big);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	assert_int_equal(public_search(f, big).total, 0);
	for (int i = 0; i < 5000; i++)
		big[i] = "rác \"OR (*"[i % 10];
	big[4999] = '\0';
	struct feedback_page p = public_search(f, big);
	assert_true(p.total <= 1);
	free(big);
	/* invalid UTF-8 (the HTTP layer answers 400 first): an empty page */
	struct app_ctx c = ctx_of(f, &citizen, NOW + 1000);
	struct feedback_public_filter pf;
	memset(&pf, 0, sizeof(pf));
	pf.q = "r\xE1" "c";
	assert_int_equal(feedback_list_public(&c, &pf, &p), FEEDBACK_OK);
	assert_int_equal(p.total, 0);
	fx_free(f);
}

static void test_search_privacy(void **state)
{
	struct fx *f = fx_new();
	char pub[TRACKCODE_BUFSZ], priv[TRACKCODE_BUFSZ], w2[TRACKCODE_BUFSZ], open_[TRACKCODE_BUFSZ],
		red[TRACKCODE_BUFSZ];
	add_item(f, "Đèn đường hỏng ở ngõ Văn Chương", BODY, "giao-thong", "W1", FB_PUBLISHED, 0, NOW, pub);
	add_item(f, "Đèn đường hỏng, nhà tôi bị trộm đột nhập", BODY, "giao-thong", "W1", FB_PUBLISHED, 1, NOW + 1, priv);
	add_item(f, "Đèn đường hỏng ở phường Kim Liên", BODY, "giao-thong", "W2", FB_ASSIGNED, 1, NOW + 2, w2);
	add_item(f, "Đèn đường hỏng chưa ai xử lý", BODY, "giao-thong", "W1", FB_ASSIGNED, 0, NOW + 3, open_);
	add_item(f, "Đèn đường hỏng trước nhà ông Trần Văn Tèo", BODY, "giao-thong", "W1", FB_PUBLISHED, 0, NOW + 4, red);

	/* the public: published public items only */
	struct feedback_page p = public_search(f, "đèn đường");
	assert_int_equal(p.total, 2);
	assert_true(has_code(&p, pub));
	assert_true(has_code(&p, red));
	assert_int_equal(public_search(f, "trộm đột nhập").total, 0);
	assert_int_equal(public_search(f, "chưa ai xử lý").total, 0);
	/* contact data is never indexed, for anyone */
	assert_int_equal(public_search(f, "Bí Mật").total, 0);
	assert_int_equal(public_search(f, "0912345678").total, 0);
	assert_int_equal(officer_search(f, &f->intake, "Bí Mật").page.total, 0);
	assert_int_equal(officer_search(f, &f->intake, "0912345678").page.total, 0);

	/* officers: what their roles reach, private items included */
	struct feedback_inbox box = officer_search(f, &f->handler1, "đèn đường");
	assert_int_equal(box.page.total, 4);
	assert_true(has_code(&box.page, priv));
	assert_false(has_code(&box.page, w2));
	box = officer_search(f, &f->handler2, "đèn đường");
	assert_int_equal(box.page.total, 1);
	assert_true(has_code(&box.page, w2));
	assert_int_equal(officer_search(f, &f->handler2, "trộm đột nhập").page.total, 0);
	assert_int_equal(officer_search(f, &f->handler1, "trộm đột nhập").page.total, 1);
	assert_int_equal(officer_search(f, &f->intake, "đèn đường").page.total, 5);

	/* redaction: the public no longer finds (nor sees) the original words */
	struct feedback_action ra;
	memset(&ra, 0, sizeof(ra));
	ra.type = FB_EV_REDACT;
	ra.title = "Đèn đường hỏng trước một nhà dân";
	ra.text = "Tiêu đề có tên người cụ thể.";
	struct app_ctx lc = ctx_of(f, &f->leader1, NOW + 200);
	assert_int_equal(feedback_apply_event(&lc, red, &ra, NULL), FEEDBACK_OK);
	index_pass(f);
	assert_int_equal(public_search(f, "Trần Văn Tèo").total, 0);
	p = public_search(f, "một nhà dân");
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].title, "Đèn đường hỏng trước một nhà dân");
	assert_null(strstr(p.items[0].title_html, "Tèo"));
	p = public_search(f, "đèn đường");
	for (size_t i = 0; i < p.n; i++) {
		assert_null(strstr(p.items[i].title_html, "Tèo"));
		assert_null(strstr(p.items[i].snippet_html, "Tèo"));
		assert_null(strstr(p.items[i].snippet_html, "Bí Mật"));
	}
	/* officers still find it by the original words, and see them */
	box = officer_search(f, &f->handler1, "Trần Văn Tèo");
	assert_int_equal(box.page.total, 1);
	assert_non_null(strstr(box.page.items[0].title_html, "<mark>Trần Văn Tèo</mark>"));

	/* a status change moves an item in and out of the public's results */
	assert_int_equal(act(f, &f->handler1, open_, FB_EV_ANSWER, NULL, "Đã thay bóng đèn mới."), FEEDBACK_OK);
	assert_int_equal(public_search(f, "chưa ai xử lý").total, 0);
	assert_int_equal(act(f, &f->leader1, open_, FB_EV_PUBLISH, NULL, NULL), FEEDBACK_OK);
	index_pass(f);
	assert_int_equal(public_search(f, "chưa ai xử lý").total, 1);
	/* and out at once: reopened, before any indexing pass (on PostgreSQL
	 * the public's search reads the search rows alone, their "vpub") */
	assert_int_equal(public_search(f, "Văn Chương").total, 1);
	assert_int_equal(act(f, &f->leader1, pub, FB_EV_REOPEN, NULL, "Người dân báo đèn lại hỏng."), FEEDBACK_OK);
	assert_int_equal(public_search(f, "Văn Chương").total, 0);
	index_pass(f);
	assert_int_equal(public_search(f, "Văn Chương").total, 0);
	assert_int_equal(officer_search(f, &f->handler1, "Văn Chương").page.total, 1);
	/* the index still matches the items after every change */
	assert_int_equal(search_check(f->db), DB_OK);
	fx_free(f);
}

static void test_search_ranking(void **state)
{
	struct fx *f = fx_new();
	char in_body[TRACKCODE_BUFSZ], in_title[TRACKCODE_BUFSZ], twice[TRACKCODE_BUFSZ];
	add_item(f, "Phản ánh về vệ sinh khu phố", "Cống thoát nước bị tắc nhiều ngày, mùi hôi bốc lên, người dân rất khổ "
		 "vì rác và nước thải.", "moi-truong", "W1", FB_PUBLISHED, 0, NOW, in_body);
	add_item(f, "Cống thoát nước bị tắc", BODY, "moi-truong", "W1", FB_PUBLISHED, 0, NOW + 1, in_title);
	add_item(f, "Cống thoát nước bị tắc, cống ngầm cũng tắc", "Cống bị tắc từ lâu; cống ngầm, cống hộp đều tắc.",
		 "moi-truong", "W1", FB_PUBLISHED, 0, NOW + 2, twice);
	struct feedback_page p = public_search(f, "cống tắc");
	assert_int_equal(p.total, 3);
	/* the words in the title and more often first; body-only last */
	assert_string_equal(p.items[0].code, twice);
	assert_string_equal(p.items[1].code, in_title);
	assert_string_equal(p.items[2].code, in_body);
	fx_free(f);
}

static void test_search_filters_paging(void **state)
{
	struct fx *f = fx_new();
	char codes[24][TRACKCODE_BUFSZ];
	for (int i = 0; i < 24; i++) {
		/* identical texts: the rank ties, id decides */
		add_item(f, i % 2 ? "Đường Láng ngập nước khi mưa" : "Rác thải ở đường Láng", BODY,
			 i % 2 ? "giao-thong" : "moi-truong", "W1", i % 3 ? FB_PUBLISHED : FB_ASSIGNED, 0,
			 NOW - (23 - i) * 86400 * 20, codes[i]);
	}
	struct app_ctx c = ctx_of(f, &citizen, NOW + 1000);
	struct feedback_public_filter pf;
	memset(&pf, 0, sizeof(pf));
	pf.q = "duong lang";
	pf.per_page = 5;
	struct feedback_page page;
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 16);
	/* stable pages: every result once, in the same order twice */
	char seen[16][TRACKCODE_BUFSZ];
	size_t nseen = 0;
	for (int pg = 1; pg <= 4; pg++) {
		pf.page = pg;
		assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
		struct feedback_page again;
		assert_int_equal(feedback_list_public(&c, &pf, &again), FEEDBACK_OK);
		assert_int_equal(page.n, again.n);
		for (size_t i = 0; i < page.n; i++) {
			assert_string_equal(page.items[i].code, again.items[i].code);
			for (size_t k = 0; k < nseen; k++)
				assert_string_not_equal(seen[k], page.items[i].code);
			memcpy(seen[nseen++], page.items[i].code, TRACKCODE_BUFSZ);
		}
	}
	assert_int_equal(nseen, 16);
	/* with filters */
	pf.page = 1;
	pf.per_page = 100;
	pf.category = "giao-thong";
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 8);
	for (size_t i = 0; i < page.n; i++)
		assert_string_equal(page.items[i].category_code, "giao-thong");
	pf.q = "rac duong";
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 0);
	pf.category = NULL;
	pf.unit = "W2";
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 0);
	pf.unit = "W1";
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 8);
	pf.status = 1 + FB_CLOSED;
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 0);
	pf.status = 0;
	/* period: received in the last 99 days (items 19..23, of which 19, 20, 22, 23 published) */
	pf.received_from = NOW - 99 * 86400;
	pf.received_to = NOW + 1;
	pf.q = "duong lang";
	pf.unit = NULL;
	assert_int_equal(feedback_list_public(&c, &pf, &page), FEEDBACK_OK);
	assert_int_equal(page.total, 4);
	/* the inbox: status filter, counts per status, sort */
	struct app_ctx ic = ctx_of(f, &f->intake, NOW + 1000);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.q = "rác";
	flt.per_page = 100;
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 12);
	assert_int_equal(box.counts[FB_ASSIGNED], 4);
	assert_int_equal(box.counts[FB_PUBLISHED], 8);
	flt.status = 1 + FB_ASSIGNED;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 4);
	assert_int_equal(box.counts[FB_PUBLISHED], 8);
	for (size_t i = 0; i < box.page.n; i++)
		assert_int_equal(box.page.items[i].status, FB_ASSIGNED);
	flt.status = 0;
	flt.sort = FB_SORT_OLDEST;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_string_equal(box.page.items[0].code, codes[0]);
	for (size_t i = 1; i < box.page.n; i++)
		assert_true(box.page.items[i - 1].received_at <= box.page.items[i].received_at);
	flt.received_from = NOW - 99 * 86400;
	flt.received_to = NOW + 1;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 2); /* 20 and 22 */
	fx_free(f);
}

/* More matches than a search considers: bounded, said so. */
static void test_search_bound(void **state)
{
	struct fx *f = fx_new();
	struct app_ctx c = ctx_of(f, &sys, NOW);
	char err[256];
	int made = 0;
	int n = SEARCH_MAX_RESULTS + 400;
	assert_int_equal(feedback_demo_generate(&c, n, 42, &made, err, sizeof(err)), FEEDBACK_OK);
	assert_int_equal(made, n);
	int64_t all = count_sql(f->db, "SELECT count(*) FROM feedback");
	int64_t docs = 0;
	assert_int_equal(search_count(f->db, SEARCH_KIND_FEEDBACK, &docs), DB_OK);
	assert_int_equal(docs, all);
	assert_int_equal(search_count(f->db, 0, &docs), DB_OK);
	assert_int_equal(docs, all);
	assert_int_equal(search_count(f->db, 2, &docs), DB_OK);
	assert_int_equal(docs, 0);
	/* more than SEARCH_MAX_RESULTS demo items say "tại" */
	struct app_ctx ic = ctx_of(f, &f->intake, NOW);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.q = "tại";
	flt.per_page = 100;
	flt.page = SEARCH_MAX_RESULTS / 100;
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, SEARCH_MAX_RESULTS);
	assert_true(box.page.total_capped);
	assert_int_equal(box.page.n, 100);
	flt.page++;
	/* no page past the bound: refused (404 on pages, 422 in the API) */
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_PAGE_RANGE);
	/* a precise query is exact */
	flt.page = 1;
	flt.q = "tại zzzz";
	assert_int_equal(feedback_inbox(&ic, &flt, &box), FEEDBACK_OK);
	assert_int_equal(box.page.total, 0);
	assert_false(box.page.total_capped);
	/* the index is rebuilt from the items and checked */
	assert_int_equal(search_check(f->db), DB_OK);
	assert_int_equal(search_rebuild(f->db), DB_OK);
	assert_int_equal(search_check(f->db), DB_OK);
	assert_int_equal(search_count(f->db, SEARCH_KIND_FEEDBACK, &docs), DB_OK);
	assert_int_equal(docs, all);
	/* a damaged index is detected */
	assert_int_equal(db_exec(f->db, TESTDB_IS_PG
				 ? "UPDATE search_fts SET title = 'x' WHERE rowid = (SELECT min(rowid) FROM search_fts)"
				 : "INSERT INTO search_fts(search_fts, rowid, title, body, place, internal, "
				   "tags) VALUES ('delete', 1099511627777, 'x', 'y', 'z', NULL, 'q')"), DB_OK);
	assert_int_equal(search_check(f->db), DB_ERROR);
	assert_int_equal(search_rebuild(f->db), DB_OK);
	assert_int_equal(search_check(f->db), DB_OK);
	fx_free(f);
}

/* Insert an item as the submission writer does (no index pass): queued. */
static void queue_item(struct fx *f, const char *title, char code[TRACKCODE_BUFSZ])
{
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	in.title = title;
	in.body = BODY;
	in.category = "moi-truong";
	struct app_ctx c = ctx_of(f, &citizen, NOW);
	struct feedback_prepared p;
	struct app_errors e;
	struct feedback_receipt r;
	assert_int_equal(feedback_prepare(&c, &in, &p, &e), FEEDBACK_OK);
	assert_int_equal(db_begin(f->db), DB_OK);
	assert_int_equal(feedback_insert_prepared(f->db, &citizen, &p, &r), FEEDBACK_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	memcpy(code, r.code, TRACKCODE_BUFSZ);
}

static int found_by_officer(struct fx *f, const char *typed, const char *code)
{
	struct feedback_inbox box = officer_search(f, &f->intake, typed);
	return has_code(&box.page, code);
}

/* New items wait in search_pending (0006_search_queue.sql) until an index
 * pass; updates and deletions of waiting items keep the index exact. */
static void test_search_queue(void **state)
{
	struct fx *f = fx_new();
	char direct[TRACKCODE_BUFSZ], a[TRACKCODE_BUFSZ], b[TRACKCODE_BUFSZ];
	int64_t docs0 = 0, docs = 0, done = -1, left = -1;
	/* the direct path (command line, tests) indexes at once */
	add_item(f, "Cống thoát nước Khương Trung bị tắc", BODY, "moi-truong", "W1", FB_RECEIVED, 0, NOW, direct);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 0);
	assert_true(found_by_officer(f, "khuong trung", direct));
	assert_int_equal(search_count(f->db, SEARCH_KIND_FEEDBACK, &docs0), DB_OK);

	/* the writer's path: in the lists at once, in search after a pass */
	queue_item(f, "Rác thải ở chợ Phùng Khoang chưa được thu gom", a);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 1);
	assert_false(found_by_officer(f, "phung khoang", a));
	assert_int_equal(search_count(f->db, SEARCH_KIND_FEEDBACK, &docs), DB_OK);
	assert_int_equal(docs, docs0);
	/* changed while waiting: the index is not touched, the pass reads the
	 * current values (the facet of the new status included) */
	assert_int_equal(act(f, &f->intake, a, FB_EV_ASSIGN, "W1", NULL), FEEDBACK_OK);
	assert_int_equal(search_count(f->db, SEARCH_KIND_FEEDBACK, &docs), DB_OK);
	assert_int_equal(docs, docs0);
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 1);
	assert_int_equal(left, 0);
	assert_true(found_by_officer(f, "phùng khoang", a));
	struct app_ctx c = ctx_of(f, &f->intake, NOW + 1000);
	struct feedback_inbox_filter flt;
	memset(&flt, 0, sizeof(flt));
	flt.q = "phung khoang";
	flt.status = FB_ASSIGNED + 1;
	struct feedback_inbox box;
	assert_int_equal(feedback_inbox(&c, &flt, &box), FEEDBACK_OK);
	assert_true(has_code(&box.page, a));
	assert_int_equal(search_check(f->db), DB_OK);
	/* an empty queue: nothing to do, no error */
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 0);

	/* deleted while waiting: the queue entry goes with it, the index was
	 * never touched, and the check still passes */
	queue_item(f, "Đèn chiếu sáng ngõ Thịnh Hào hỏng", b);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 1);
	struct db_stmt *st = db_prepare(f->db, "DELETE FROM feedback_events WHERE feedback_id = "
					       "(SELECT id FROM feedback WHERE code = $1)");
	assert_non_null(st);
	db_bind_text(st, 1, b);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	st = db_prepare(f->db, "DELETE FROM feedback WHERE code = $1");
	assert_non_null(st);
	db_bind_text(st, 1, b);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 0);
	assert_int_equal(search_check(f->db), DB_OK);

	/* a bounded pass takes the oldest first; search_check indexes the rest */
	char q1[TRACKCODE_BUFSZ], q2[TRACKCODE_BUFSZ], q3[TRACKCODE_BUFSZ];
	queue_item(f, "Vỉa hè phố Tô Vĩnh Diện bị lấn chiếm", q1);
	queue_item(f, "Vỉa hè phố Tô Vĩnh Diện lại bị lấn chiếm", q2);
	queue_item(f, "Vỉa hè phố Tô Vĩnh Diện vẫn bị lấn chiếm", q3);
	assert_int_equal(search_index_pending(f->db, 2, &done, &left), DB_OK);
	assert_int_equal(done, 2);
	assert_int_equal(left, 1);
	assert_true(found_by_officer(f, "to vinh dien", q1));
	assert_true(found_by_officer(f, "to vinh dien", q2));
	assert_false(found_by_officer(f, "to vinh dien", q3));
	assert_int_equal(search_check(f->db), DB_OK);
	assert_true(found_by_officer(f, "to vinh dien", q3));
	/* a rebuild empties the queue too */
	queue_item(f, "Tiếng ồn từ quán karaoke ngõ Văn Chương", q1);
	assert_int_equal(search_rebuild(f->db), DB_OK);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 0);
	assert_true(found_by_officer(f, "van chuong", q1));
	assert_int_equal(search_check(f->db), DB_OK);

	/* new data merges lazily (automerge 16); search_merge() merges the
	 * segments down until nothing is left, and the index stays exact */
	if (!TESTDB_IS_PG) /* FTS5's; GIN merges its pending list by itself */
		assert_int_equal(count_sql(f->db, "SELECT v FROM search_fts_config WHERE k = 'automerge'"), 16);
	for (int i = 0; i < 8; i++) {
		char c8[TRACKCODE_BUFSZ];
		queue_item(f, "Cây xanh phố Nguyễn Lương Bằng đổ sau mưa", c8);
		assert_int_equal(search_index_pending(f->db, 0, &done, NULL), DB_OK);
		assert_int_equal(done, 1); /* one pass, one new segment */
	}
	int worked = 1, steps = 0;
	while (worked && steps < 100) {
		assert_int_equal(search_merge(f->db, 50, &worked), DB_OK);
		steps += worked;
	}
	assert_false(worked);
	/* eight one-item segments were there to merge (on PostgreSQL
	 * search_merge() has nothing to do) */
	assert_true(TESTDB_IS_PG ? steps == 0 : steps >= 1);
	assert_int_equal(search_merge(f->db, 50, &worked), DB_OK);
	assert_false(worked);
	assert_int_equal(search_check(f->db), DB_OK);
	assert_true(found_by_officer(f, "nguyen luong bang", q1) == 0);
	struct feedback_inbox nb = officer_search(f, &f->intake, "nguyen luong bang");
	assert_int_equal(nb.page.n, 8);

	/* the submission writer indexes soon after its batches, by itself */
	char err[256];
	struct submit_queue *sq = submit_start(testdb_path(f->path), 0, 0, err, sizeof(err));
	assert_non_null(sq);
	struct feedback_input in;
	memset(&in, 0, sizeof(in));
	in.title = "Nước sinh hoạt ở khu tập thể Kim Liên có mùi lạ";
	in.body = BODY;
	in.category = "moi-truong";
	struct feedback_receipt r;
	struct app_errors e;
	struct app_ctx sc = ctx_of(f, &citizen, NOW);
	assert_int_equal(submit_feedback(sq, &sc, &in, &r, &e), FEEDBACK_OK);
	int waited = 0;
	while (count_sql(f->db, "SELECT count(*) FROM search_pending") > 0 && waited < 5000) {
		usleep(10000);
		waited += 10;
	}
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_pending"), 0);
	assert_true(found_by_officer(f, "kim lien", r.code));
	struct submit_stats stats;
	submit_get_stats(sq, &stats);
	assert_int_equal(stats.indexed, 1);
	submit_stop(sq);
	assert_int_equal(search_check(f->db), DB_OK);
	fx_free(f);
}

#ifdef TESTDB_PG
/*
 * A pass takes off the queue exactly the rows it indexed. danvan's own
 * writers hold the write lock (store/db_pg.c pg_begin()), but a session
 * that does not (psql, a script, a server of another version) may hold or
 * add queued rows meanwhile: a row it holds locked is skipped, not waited
 * for, and indexed by the next pass; nothing queued is dropped unindexed.
 */
static void test_search_queue_concurrent(void **state)
{
	struct fx *f = fx_new();
	char a[TRACKCODE_BUFSZ], b[TRACKCODE_BUFSZ], c[TRACKCODE_BUFSZ];
	queue_item(f, "Nắp cống phố Hàng Chiếu bị vỡ", a);
	queue_item(f, "Nắp cống phố Hàng Chiếu lại bị vỡ", b);
	queue_item(f, "Nắp cống phố Hàng Chiếu vẫn bị vỡ", c);
	char err[256];
	struct db *other = testdb_connect(f->path, err, sizeof(err));
	assert_non_null(other);
	/* the other connection (without the write lock) holds b's queue row */
	assert_int_equal(db_exec(other, "BEGIN"), DB_OK);
	struct db_stmt *st = db_prepare(other, "SELECT p.id FROM search_pending p JOIN feedback f "
					       "ON p.id = " SEARCH_FEEDBACK_BASE_SQL " + f.id WHERE f.code = $1 FOR UPDATE");
	assert_non_null(st);
	db_bind_text(st, 1, b);
	assert_int_equal(db_step(st), DB_ROW);
	db_done(st);
	int64_t done = -1, left = -1;
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 2);
	assert_int_equal(left, 1);
	assert_true(found_by_officer(f, "hang chieu", a));
	assert_false(found_by_officer(f, "hang chieu", b));
	assert_true(found_by_officer(f, "hang chieu", c));
	/* b changes meanwhile on the other connection; the next pass reads
	 * the committed change */
	st = db_prepare(other, "UPDATE feedback SET title = 'Nắp cống phố Mã Mây bị vỡ' WHERE code = $1");
	assert_non_null(st);
	db_bind_text(st, 1, b);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	assert_int_equal(db_exec(other, "COMMIT"), DB_OK);
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 1);
	assert_int_equal(left, 0);
	assert_true(found_by_officer(f, "ma may", b));
	assert_int_equal(search_check(f->db), DB_OK);
	db_close(other);
	fx_free(f);
}

/*
 * The indexer writes without the write lock, beside the writers
 * (migrations/postgresql/0046): a change to an item that waits in the queue
 * locks its queue row until it commits, so a pass meanwhile neither waits
 * for it nor indexes the item's values from before the change (which would
 * leave it indexed stale, its queue row gone); the pass after the commit
 * indexes the new values.
 */
static void test_search_queue_change_locks(void **state)
{
	struct fx *f = fx_new();
	char d[TRACKCODE_BUFSZ];
	queue_item(f, "Biển báo phố Lò Sũ bị che khuất", d);
	char err[256];
	struct db *other = testdb_connect(f->path, err, sizeof(err));
	assert_non_null(other);
	assert_int_equal(db_begin(other), DB_OK);
	struct db_stmt *st = db_prepare(other, "UPDATE feedback SET title = 'Biển báo phố Đào Duy Từ bị che khuất' "
					       "WHERE code = $1");
	assert_non_null(st);
	db_bind_text(st, 1, d);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
	int64_t done = -1, left = -1;
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 0); /* its queue row is the change's until it commits */
	assert_int_equal(db_commit(other), DB_OK);
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(done, 1);
	assert_int_equal(left, 0);
	assert_true(found_by_officer(f, "dao duy tu", d));
	assert_false(found_by_officer(f, "lo su", d));
	assert_int_equal(search_check(f->db), DB_OK);
	db_close(other);
	fx_free(f);
}

/* Items whose keys cross partitions that do not exist yet (0049): the
 * indexing pass makes them (and one ahead, after its commit), each row
 * lands in its own, and a search finds the items of every partition,
 * newest first, as one index. */
static void test_search_partitions(void **state)
{
	struct fx *f = fx_new();
	char old[TRACKCODE_BUFSZ], code[6][TRACKCODE_BUFSZ];
	add_item(f, "Cầu Thê Húc cần sơn lại lan can", BODY, "giao-thong", "W1", FB_PUBLISHED, 0, NOW, old);
	/* the next items get ids 196,606 to 196,611: partition 2 ends at
	 * 196,607, 3 starts at 196,608; the migration made partitions 0 and 1 */
	assert_int_equal(count_sql(f->db, "SELECT (to_regclass('search_fts_f2') IS NULL)::int + "
					  "(to_regclass('search_fts_f3') IS NULL)::int"), 2);
	assert_int_equal(count_sql(f->db, "SELECT setval(pg_get_serial_sequence('feedback', 'id'), 196605)"), 196605);
	for (int i = 0; i < 6; i++)
		add_item_(f, "Cầu thang khu tập thể xuống cấp", BODY, "giao-thong", "W1", FB_PUBLISHED, 0, NOW + 1 + i,
			  code[i]);
	int64_t done = -1, left = -1;
	assert_int_equal(search_index_pending(f->db, 0, &done, &left), DB_OK);
	assert_int_equal(left, 0);
	/* partitions 2 and 3 made by the pass, 4 ahead of it */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM pg_inherits WHERE inhparent = "
					  "CAST('search_fts' AS regclass) AND inhrelid IN (to_regclass('search_fts_f2'), "
					  "to_regclass('search_fts_f3'), to_regclass('search_fts_f4'))"), 3);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_fts_f2"), 2);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_fts_f3"), 4);
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM search_fts_f0"), 1);
	/* the new partition has the table's indexes (the attach made them) */
	assert_int_equal(count_sql(f->db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'search_fts_f3'"), 4);
	struct feedback_page p = public_search(f, "cau");
	assert_int_equal(p.total, 7);
	assert_true(has_code(&p, old));
	for (int i = 0; i < 6; i++)
		assert_true(has_code(&p, code[i]));
	/* one partition's items only: the words of the old item */
	p = public_search(f, "the huc");
	assert_int_equal(p.total, 1);
	assert_true(has_code(&p, old));
	assert_int_equal(search_check(f->db), DB_OK);
	/* made again: nothing to do, nothing broken */
	assert_int_equal(count_sql(f->db, "SELECT search_fts_extend(1099511627776 + 196608)"), 3);
	assert_int_equal(count_sql(f->db, "SELECT search_fts_extend(5)"), -1);
	fx_free(f);
}
#endif

int main(void)
{
	TESTDB_MAIN_SKIP();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_words),
		cmocka_unit_test(test_parse_phrases),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_facets),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_snippet),
		cmocka_unit_test(test_search_spellings),
		cmocka_unit_test(test_search_hostile),
		cmocka_unit_test(test_search_privacy),
		cmocka_unit_test(test_search_ranking),
		cmocka_unit_test(test_search_filters_paging),
		cmocka_unit_test(test_search_bound),
		cmocka_unit_test(test_search_queue),
#ifdef TESTDB_PG
		cmocka_unit_test(test_search_queue_concurrent),
		cmocka_unit_test(test_search_queue_change_locks),
		cmocka_unit_test(test_search_partitions),
#endif
	};
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
