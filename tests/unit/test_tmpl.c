/* Unit tests for core/tmpl: syntax, escaping, sections, partials, layout,
 * filters, parse errors, limits, and the real embedded templates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/tmpl.h"

/* Render `text` as template "t" with `json` (NULL: no data); returns the
 * output (caller frees) or NULL on a render error, stored in *rc. */
static char *render_rc(const char *text, const char *json, int *rc)
{
	char err[256] = "";
	struct tmpl_set *set = tmpl_set_new();
	int prc = tmpl_set_parse(set, "t", text, strlen(text), err, sizeof(err));
	if (prc)
		print_error("parse: %s\n", err);
	assert_int_equal(prc, 0);
	json_t *data = NULL;
	if (json) {
		json_error_t jerr;
		data = json_loads(json, 0, &jerr);
		assert_non_null(data);
	}
	struct sbuf sb = SBUF_INIT(1 << 16);
	*rc = tmpl_render(set, "t", data, &sb);
	char *res = *rc ? NULL : sbuf_detach(&sb, NULL);
	sbuf_release(&sb);
	json_decref(data);
	tmpl_set_free(set);
	return res;
}

static void check(const char *text, const char *json, const char *want)
{
	int rc;
	char *got = render_rc(text, json, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

/* Parsing `text` fails and the message contains `want`. */
static void check_parse_error(const char *text, const char *want)
{
	char err[256] = "";
	struct tmpl_set *set = tmpl_set_new();
	assert_int_equal(tmpl_set_parse(set, "bad", text, strlen(text), err, sizeof(err)),
			 TMPL_EPARSE);
	if (!strstr(err, want))
		print_error("message \"%s\" lacks \"%s\"\n", err, want);
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, "template \"bad\""));
	assert_false(tmpl_exists(set, "bad"));
	tmpl_set_free(set);
}

static void test_escaping(void **state)
{
	check("<p>{{title}}</p>", "{\"title\":\"<b>Tô & 'Lịch'</b>\"}",
	      "<p>&lt;b&gt;Tô &amp; &#39;Lịch&#39;&lt;/b&gt;</p>");
	/* attribute context: a quote cannot end the attribute */
	check("<input value=\"{{v}}\" title='{{v}}'>", "{\"v\":\"x\\\" onfocus=\\\"alert(1)' y\"}",
	      "<input value=\"x&quot; onfocus=&quot;alert(1)&#39; y\" title='x&quot; onfocus=&quot;alert(1)&#39; y'>");
	check("{{raw html}}|{{ html }}", "{\"html\":\"<em>a&amp;b</em>\"}",
	      "<em>a&amp;b</em>|&lt;em&gt;a&amp;amp;b&lt;/em&gt;");
	/* scalars and non-scalars */
	check("{{i}} {{r}} {{t}} {{f}} [{{n}}] [{{o}}] [{{a}}] [{{missing}}]",
	      "{\"i\":-42,\"r\":1.5,\"t\":true,\"f\":false,\"n\":null,\"o\":{\"x\":1},\"a\":[1]}",
	      "-42 1.5 true false [] [] [] []");
	check("{{raw}} {{rawx}}", "{\"raw\":\"R\",\"rawx\":\"X\"}", "R X");
	check("no tags at all\n", NULL, "no tags at all\n");
	check("{{! a comment {with braces} }}x", NULL, "x");
}

static void test_paths(void **state)
{
	const char *d = "{\"user\":{\"name\":\"Lan\",\"unit\":{\"code\":\"00001\"}},"
			"\"items\":[{\"t\":\"a\"},{\"t\":\"b\"}],\"name\":\"root\"}";
	check("{{user.name}} {{user.unit.code}} {{items.1.t}} {{items.9.t}} {{user.nope.x}}",
	      d, "Lan 00001 b  ");
	/* lookups walk up the context stack; `.` is the current context */
	check("{{#with user}}{{name}}/{{unit.code}}/{{items.0.t}}{{/with}}", d, "Lan/00001/a");
	check("{{#each items}}{{t}}{{name}}{{/each}}", d, "arootbroot");
	check("{{#with user.unit}}{{#with .}}{{code}}{{/with}}{{/with}}", d, "00001");
	/* a dotted path resolves its first part only: no fall-through */
	check("{{#with user}}[{{unit.t}}]{{/with}}", d, "[]");
	/* ".name" stays in the current context */
	check("{{#with user}}[{{.name}}][{{.items}}][{{.unit.code}}]{{/with}}[{{.name}}]",
	      d, "[Lan][][00001][root]");
	check("{{#each items}}{{.t}}{{.name}}{{/each}}", d, "ab");
}

static void test_sections(void **state)
{
	const char *t = "{{#if v}}T{{else}}F{{/if}}";
	const char *falsy[] = { "false", "null", "\"\"", "0", "0.0", "[]" };
	const char *truthy[] = { "true", "\"0\"", "1", "-1", "0.5", "[0]", "{}", "\" \"" };
	char json[64];
	for (size_t i = 0; i < sizeof(falsy) / sizeof(*falsy); i++) {
		snprintf(json, sizeof(json), "{\"v\":%s}", falsy[i]);
		check(t, json, "F");
		check("{{#unless v}}U{{/unless}}", json, "U");
	}
	for (size_t i = 0; i < sizeof(truthy) / sizeof(*truthy); i++) {
		snprintf(json, sizeof(json), "{\"v\":%s}", truthy[i]);
		check(t, json, "T");
		check("{{#unless v}}U{{else}}N{{/unless}}", json, "N");
	}
	check(t, "{}", "F");
	check(t, NULL, "F");
	check("{{#with u}}{{n}}{{else}}none{{/with}}", "{\"u\":null}", "none");
	check("{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}-{{/if}}", "{\"a\":1,\"b\":0}", "a");
}

static void test_each(void **state)
{
	const char *t = "{{#each xs}}{{@index}}:{{.}}{{#if @first}}(first){{/if}}"
			"{{#if @last}}(last){{/if}}{{#unless @last}}, {{/unless}}{{/each}}";
	check(t, "{\"xs\":[\"a\",\"b\",\"c\"]}", "1:a(first), 2:b, 3:c(last)");
	check(t, "{\"xs\":[\"solo\"]}", "1:solo(first)(last)");
	check("{{#each xs}}x{{else}}empty{{/each}}", "{\"xs\":[]}", "empty");
	check("{{#each xs}}x{{else}}empty{{/each}}", "{\"xs\":{\"a\":1}}", "empty");
	check("{{#each xs}}x{{else}}empty{{/each}}", "{}", "empty");
	/* nested: @index is the innermost loop's; outer names still visible */
	check("{{#each rows}}{{#each cells}}{{name}}{{@index}}{{.}};{{/each}}|{{/each}}",
	      "{\"name\":\"r\",\"rows\":[{\"cells\":[7,8]},{\"name\":\"s\",\"cells\":[9]}]}",
	      "r17;r28;|s19;|");
	check("{{@index}}{{#if @first}}x{{/if}}", "{}", "");
	check("{{#each xs}}{{@index|num}}{{/each}}", "{\"xs\":[0,0]}", "12");
}

static void test_standalone(void **state)
{
	check("<ul>\n  {{#each xs}}\n  <li>{{.}}</li>\n  {{/each}}\n</ul>\n",
	      "{\"xs\":[1,2]}", "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	check("a\n{{! note }}\nb {{#if x}}y{{/if}}\n", "{\"x\":1}", "a\nb y\n");
	check("{{#if x}}\r\nyes\r\n{{else}}\r\nno\r\n{{/if}}", "{}", "no\r\n");
	/* a variable tag alone on its line keeps the line */
	check("a\n{{v}}\nb", "{\"v\":\"V\"}", "a\nV\nb");
}

static void test_partials(void **state)
{
	char err[256] = "";
	struct tmpl_set *set = tmpl_set_new();
	const char *page = "<form>\n{{> partials/field form.title}}\n{{> partials/field form.body}}\n"
			   "{{> note}}</form>";
	const char *field = "<label for=\"{{name}}\">{{label}}</label>"
			    "{{#if error}}<p id=\"{{name}}-err\">{{error}}</p>{{/if}}\n";
	assert_int_equal(tmpl_set_parse(set, "page", page, strlen(page), err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_parse(set, "partials/field", field, strlen(field), err, sizeof(err)), 0);
	/* unresolved until "note" exists */
	assert_int_equal(tmpl_set_check(set, err, sizeof(err)), TMPL_ENOTFOUND);
	assert_string_equal(err, "template \"page\" line 4: unknown partial \"note\"");
	assert_int_equal(tmpl_set_parse(set, "note", "{{site}}", 8, err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_check(set, err, sizeof(err)), 0);
	/* names are unique */
	assert_int_equal(tmpl_set_parse(set, "note", "x", 1, err, sizeof(err)), TMPL_EPARSE);

	json_t *d = json_pack("{s:s, s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}}}", "site", "DV",
			      "form", "title", "name", "title", "label", "Tiêu đề",
			      "body", "name", "body", "label", "Nội dung", "error", "Bắt buộc <nhập>");
	assert_non_null(d);
	struct sbuf sb = SBUF_INIT(4096);
	assert_int_equal(tmpl_render(set, "page", d, &sb), 0);
	assert_string_equal(sb.buf,
			    "<form>\n<label for=\"title\">Tiêu đề</label>\n"
			    "<label for=\"body\">Nội dung</label><p id=\"body-err\">Bắt buộc &lt;nhập&gt;</p>\n"
			    "DV</form>");
	sbuf_reset(&sb);
	assert_int_equal(tmpl_render(set, "nope", d, &sb), TMPL_ENOTFOUND);
	sbuf_release(&sb);
	json_decref(d);
	tmpl_set_free(set);

	/* a partial that includes itself stops at the depth limit */
	int rc;
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_parse(set, "loop", "x{{> loop}}", 11, err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_check(set, err, sizeof(err)), 0);
	struct sbuf sb2 = SBUF_INIT(4096);
	assert_int_equal(sbuf_addstr(&sb2, "keep"), 0);
	rc = tmpl_render(set, "loop", NULL, &sb2);
	assert_int_equal(rc, TMPL_ELIMIT);
	assert_string_equal(sb2.buf, "keep");
	sbuf_release(&sb2);
	tmpl_set_free(set);
}

static void test_layout(void **state)
{
	char err[256] = "";
	struct tmpl_set *set = tmpl_set_new();
	const char *layout = "<title>{{#if title}}{{title}} - {{/if}}Site</title>"
			     "<main>{{raw content}}</main>{{#if user}}[{{user.name}}]{{/if}}";
	const char *page = "{{#set title}}Phản ánh {{code}} & <xong>{{/set}}"
			   "<h1>{{title}}</h1><p>{{code}}</p>";
	const char *plain = "<p>plain</p>";
	assert_int_equal(tmpl_set_parse(set, "layout", layout, strlen(layout), err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_parse(set, "page", page, strlen(page), err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_parse(set, "plain", plain, strlen(plain), err, sizeof(err)), 0);
	assert_int_equal(tmpl_set_check(set, err, sizeof(err)), 0);

	json_t *d = json_pack("{s:s, s:s, s:{s:s}}", "code", "A<1", "title", "ignored",
			      "user", "name", "lan");
	struct sbuf sb = SBUF_INIT(4096);
	assert_int_equal(tmpl_render_page(set, "page", d, &sb), 0);
	/* the page's {{#set}} text is escaped exactly once where printed */
	assert_string_equal(sb.buf,
			    "<title>Phản ánh A&lt;1 &amp; &lt;xong&gt; - Site</title>"
			    "<main><h1>Phản ánh A&lt;1 &amp; &lt;xong&gt;</h1><p>A&lt;1</p></main>[lan]");
	sbuf_reset(&sb);
	/* without {{#set}} the layout sees the data's title */
	assert_int_equal(tmpl_render_page(set, "plain", d, &sb), 0);
	assert_string_equal(sb.buf, "<title>ignored - Site</title><main><p>plain</p></main>[lan]");
	sbuf_reset(&sb);
	assert_int_equal(tmpl_render_page(set, "plain", NULL, &sb), 0);
	assert_string_equal(sb.buf, "<title>Site</title><main><p>plain</p></main>");
	sbuf_reset(&sb);
	assert_int_equal(tmpl_render_page(set, "missing", d, &sb), TMPL_ENOTFOUND);
	sbuf_release(&sb);
	json_decref(d);
	tmpl_set_free(set);

	/* no layout template: a page cannot be rendered */
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_parse(set, "plain", plain, strlen(plain), err, sizeof(err)), 0);
	struct sbuf sb2 = SBUF_INIT(4096);
	assert_int_equal(tmpl_render_page(set, "plain", NULL, &sb2), TMPL_ENOTFOUND);
	assert_string_equal(sb2.buf, "");
	sbuf_release(&sb2);
	tmpl_set_free(set);
}

static void test_filter_dates(void **state)
{
	/* 2025-12-31 16:59:59 UTC is 23:59:59 in Vietnam; one second later it
	 * is 1 January 2026 there while still 31 December in UTC */
	int64_t t = days_from_civil(2025, 12, 31) * 86400 + 16 * 3600 + 59 * 60 + 59;
	char json[160];
	snprintf(json, sizeof(json), "{\"a\":%lld,\"b\":%lld,\"r\":%lld.7}",
		 (long long)t, (long long)t + 1, (long long)t);
	check("{{a|date}} {{b|date}} {{a|datetime}} {{b|datetime}} {{r|date}}", json,
	      "31/12/2025 01/01/2026 31/12/2025 23:59 01/01/2026 00:00 31/12/2025");
	check("{{a|iso}} {{b|iso}}", json,
	      "2025-12-31T23:59:59+07:00 2026-01-01T00:00:00+07:00");
	check("{{z|date}} {{z|datetime}}", "{\"z\":0}", "01/01/1970 01/01/1970 07:00");
	/* values the filter cannot use render as they are */
	check("[{{s|date}}] [{{m|date}}] [{{n|iso}}] [{{big|date}}]",
	      "{\"s\":\"hôm qua\",\"n\":null,\"big\":9223372036854775807}",
	      "[hôm qua] [] [] [9223372036854775807]");
}

static void test_filter_num(void **state)
{
	check("{{a|num}} {{b|num}} {{c|num}} {{d|num}} {{e|num}} {{f|num}} {{g|num}}",
	      "{\"a\":0,\"b\":999,\"c\":1000,\"d\":1234567,\"e\":-1234567,\"f\":-999,\"g\":100000}",
	      "0 999 1.000 1.234.567 -1.234.567 -999 100.000");
	check("{{a|num}} {{b|num}}",
	      "{\"a\":9223372036854775807,\"b\":-9223372036854775808}",
	      "9.223.372.036.854.775.807 -9.223.372.036.854.775.808");
	check("{{a|num}} {{b|num}} {{c|num}} {{d|num}} {{e|num}} {{f|num}}",
	      "{\"a\":1234.5,\"b\":0.25,\"c\":-1234.567,\"d\":2.0,\"e\":-0.001,\"f\":999.999}",
	      "1.234,5 0,25 -1.234,57 2 0 1.000");
	check("[{{s|num}}] [{{m|num}}]", "{\"s\":\"<x>\"}", "[&lt;x&gt;] []");
}

static void test_filter_url_json(void **state)
{
	check("<a href=\"/tra-cuu?q={{q|urlenc}}&amp;p={{p|urlenc}}\">",
	      "{\"q\":\"hòa bình & \\\"x\\\"/1\",\"p\":2}",
	      "<a href=\"/tra-cuu?q=h%C3%B2a%20b%C3%ACnh%20%26%20%22x%22%2F1&amp;p=2\">");
	check("<div data-x=\"{{o|json}}\">{{raw o|json}}|{{m|json}}|{{s|json}}",
	      "{\"o\":{\"a\":\"<'\\\"&>\",\"n\":[1,true,null]},\"s\":\"x\"}",
	      "<div data-x=\"{&quot;a&quot;:&quot;&lt;&#39;\\&quot;&amp;&gt;&quot;,&quot;n&quot;:[1,true,null]}\">"
	      "{\"a\":\"<'\\\"&>\",\"n\":[1,true,null]}|null|&quot;x&quot;");
	check("{{#each xs}}{{@first|json}}{{/each}}", "{\"xs\":[1,2]}", "truefalse");
}

static void test_parse_errors(void **state)
{
	check_parse_error("a\nb\n{{#if x}}\nc", "line 3: unclosed \"{{#if}}\"");
	check_parse_error("{{#each xs}}\n{{#if y}}\n{{/each}}\n{{/if}}",
			  "line 3: \"{{/each}}\" does not close \"{{#if}}\" opened at line 2");
	check_parse_error("x\n\n{{/with}}", "line 3: \"{{/with}}\" with no open section");
	check_parse_error("\n{{v|upper}}", "line 2: unknown filter \"upper\"");
	check_parse_error("ok\n{{ok}}\n<p>{{title</p>\n", "line 3: unterminated tag");
	check_parse_error("{{}}", "line 1: empty tag");
	check_parse_error("{{#loop xs}}{{/loop}}", "unknown section \"{{#loop xs}}\"");
	check_parse_error("{{#if}}{{/if}}", "\"{{#if}}\" needs a name");
	check_parse_error("{{a b}}", "bad variable \"a b\"");
	check_parse_error("{{a.}}", "bad variable \"a.\"");
	check_parse_error("{{..a}}", "bad variable \"..a\"");
	check_parse_error("{{.a..b}}", "bad variable \".a..b\"");
	check_parse_error("{{{x}}}", "bad variable \"{x\"");
	check_parse_error("{{x|}}", "unknown filter \"\"");
	check_parse_error("{{else}}", "\"{{else}}\" outside a section");
	check_parse_error("{{#if a}}{{else}}{{else}}{{/if}}", "second \"{{else}}\"");
	check_parse_error("{{#set t}}a{{else}}b{{/set}}", "\"{{else}}\" inside \"{{#set}}\"");
	check_parse_error("{{#set a.b}}{{/set}}", "bad name \"a.b\"");
	check_parse_error("{{> }}", "needs a template name");
	check_parse_error("{{> a%b}}", "bad partial name");
	check_parse_error("{{#with a}}\n{{! multi\nline }}\n{{/each}}", "line 4:");
	struct sbuf deep = SBUF_INIT(4096);
	for (int i = 0; i <= TMPL_MAX_NEST; i++)
		assert_int_equal(sbuf_addstr(&deep, "{{#if a}}"), 0);
	check_parse_error(deep.buf, "line 1: sections nested deeper than 32");
	sbuf_release(&deep);
	/* an error leaves the set usable and without the template */
	struct tmpl_set *set = tmpl_set_new();
	char err[8];
	assert_int_equal(tmpl_set_parse(set, "x", "{{#if", 5, err, sizeof(err)), TMPL_EPARSE);
	assert_int_equal(strlen(err), 7); /* truncated, terminated */
	assert_int_equal(tmpl_set_parse(set, "x", "ok", 2, NULL, 0), 0);
	assert_true(tmpl_exists(set, "x"));
	tmpl_set_free(set);
}

static void test_bound(void **state)
{
	char err[128];
	struct tmpl_set *set = tmpl_set_new();
	const char *t = "{{#each xs}}<li>{{.}}</li>{{/each}}";
	assert_int_equal(tmpl_set_parse(set, "t", t, strlen(t), err, sizeof(err)), 0);
	json_t *d = json_pack("{s:[s,s,s]}", "xs", "một", "hai", "<ba>");
	struct sbuf sb = SBUF_INIT(40);
	assert_int_equal(sbuf_addstr(&sb, "pre:"), 0);
	assert_int_equal(tmpl_render(set, "t", d, &sb), TMPL_ETOOBIG);
	assert_string_equal(sb.buf, "pre:");
	assert_false(sbuf_ok(&sb));
	sbuf_release(&sb);
	struct sbuf big = SBUF_INIT(60);
	assert_int_equal(tmpl_render(set, "t", d, &big), 0);
	assert_string_equal(big.buf, "<li>một</li><li>hai</li><li>&lt;ba&gt;</li>");
	sbuf_release(&big);
	json_decref(d);
	tmpl_set_free(set);
	assert_string_equal(tmpl_strerror(TMPL_ETOOBIG), "output too large");

	/* step limit: exponential nesting without output stops */
	int rc;
	struct sbuf text = SBUF_INIT(4096);
	for (int i = 0; i < 24; i++)
		assert_int_equal(sbuf_addstr(&text, "{{#each x}}"), 0);
	for (int i = 0; i < 24; i++)
		assert_int_equal(sbuf_addstr(&text, "{{/each}}"), 0);
	char *out = render_rc(text.buf, "{\"x\":[1,2,3,4]}", &rc);
	assert_null(out);
	assert_int_equal(rc, TMPL_ELIMIT);
	/* {{#set}} limit: TMPL_MAX_SETS names work, one more fails */
	sbuf_reset(&text);
	for (int i = 0; i < TMPL_MAX_SETS; i++)
		assert_int_equal(sbuf_addf(&text, "{{#set s%d}}%d{{/set}}", i, i), 0);
	assert_int_equal(sbuf_addstr(&text, "{{s0}}{{s7}}"), 0);
	check(text.buf, NULL, "07");
	assert_int_equal(sbuf_addstr(&text, "{{#set s8}}x{{/set}}"), 0);
	out = render_rc(text.buf, NULL, &rc);
	assert_null(out);
	assert_int_equal(rc, TMPL_ELIMIT);
	sbuf_release(&text);
}

/* The real templates embedded from templates/. */
static void test_embedded(void **state)
{
	char err[256] = "";
	struct tmpl_set *set = NULL;
	int rc = tmpl_set_load(&set, err, sizeof(err));
	if (rc)
		print_error("load: %s\n", err);
	assert_int_equal(rc, 0);
	assert_non_null(set);
	assert_true(tmpl_exists(set, "layout"));
	assert_true(tmpl_exists(set, "error"));

	json_t *d = json_pack("{s:i, s:s, s:s, s:n, s:s}", "status", 404,
			      "heading", "Không tìm thấy trang",
			      "message", "Trang <bạn> tìm không có.", "user", "csrf", "tok");
	struct sbuf sb = SBUF_INIT(1 << 16);
	assert_int_equal(tmpl_render_page(set, "error", d, &sb), 0);
	assert_non_null(strstr(sb.buf, "<html lang=\"vi\">"));
	assert_non_null(strstr(sb.buf, "<title>Không tìm thấy trang"));
	assert_non_null(strstr(sb.buf, "Trang &lt;bạn&gt; tìm không có."));
	assert_non_null(strstr(sb.buf, "404"));
	assert_non_null(strstr(sb.buf, "<main id=\"main\""));
	assert_non_null(strstr(sb.buf, "href=\"#main\""));
	assert_non_null(strstr(sb.buf, "/static/app.css"));
	assert_null(strstr(sb.buf, "Đăng xuất"));
	assert_null(strstr(sb.buf, "style="));
	assert_null(strstr(sb.buf, "<script"));
	sbuf_reset(&sb);

	/* a logged-in officer gets the log-out form with the CSRF token */
	json_object_set_new(d, "user", json_pack("{s:s, s:s}", "username", "lan.nt",
						  "display_name", "Nguyễn Thị Lan"));
	json_object_set_new(d, "csrf", json_string("t\"k"));
	json_object_set_new(d, "flash", json_string("Đã lưu."));
	assert_int_equal(tmpl_render_page(set, "error", d, &sb), 0);
	assert_non_null(strstr(sb.buf, "action=\"/dang-xuat\""));
	assert_non_null(strstr(sb.buf, "method=\"post\""));
	assert_non_null(strstr(sb.buf, "name=\"csrf\" value=\"t&quot;k\""));
	assert_non_null(strstr(sb.buf, "Đăng xuất"));
	assert_non_null(strstr(sb.buf, "Quản lý"));
	assert_non_null(strstr(sb.buf, "Nguyễn Thị Lan"));
	assert_non_null(strstr(sb.buf, "role=\"status\""));
	assert_non_null(strstr(sb.buf, "Đã lưu."));
	sbuf_release(&sb);
	json_decref(d);
	tmpl_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_standalone),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_filter_dates),
		cmocka_unit_test(test_filter_num),
		cmocka_unit_test(test_filter_url_json),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_embedded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
