/*
 * page_report.c - the review report page (/quan-ly/bao-cao): presets
 * (tháng, quý, 6 tháng, 9 tháng, năm, 5 năm, 10 năm, tùy chọn), a unit
 * picker, the tree as it stood or as it is now, the figures in the usual
 * structure (results, then the sections the officer writes), SVG charts
 * with their data tables by sub-unit and by period, printable; and the
 * list of records behind one figure (/quan-ly/bao-cao/ho-so).
 */
#include "pages.h"

#include "app/perm.h"
#include "app/report.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "http/response.h"
#include "api/report_out.h"
#include "store/audit.h"
#include "store/unit.h"
#include "view.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>

static const char *const preset_tab[][2] = {
	{ "thang", "Tháng này" },      { "quy", "Quý này" },          { "6thang", "6 tháng đầu năm" },
	{ "9thang", "9 tháng đầu năm" }, { "nam", "Cả năm" },           { "5nam", "5 năm" },
	{ "10nam", "10 năm" },          { "tuy-chon", "Tùy chọn (nhập ngày)" },
};
static const char *const tree_tab[][2] = {
	{ "then", "Như khi đó (đơn vị đã sáp nhập hiện riêng)" },
	{ "now", "Như hiện nay (gộp đơn vị cũ vào đơn vị kế thừa)" },
};
/* the figures shown per sub-unit and per period (all are in the XLSX) */
static const char *const table_codes[] = { "feedback_received", "feedback_answered", "feedback_on_time_pct",
					   "feedback_overdue", "meetings_held", "dialogues_held",
					   "voter_petitions", "citizens_received" };
#define NTABLE (sizeof(table_codes) / sizeof(table_codes[0]))
/* the sections the officer writes: query name, heading, hint */
static const char *const sections[][3] = {
	{ "han_che", "Hạn chế, nguyên nhân", "Những hạn chế, yếu kém và nguyên nhân." },
	{ "bai_hoc", "Bài học kinh nghiệm", "Những bài học rút ra trong kỳ." },
	{ "phuong_huong", "Phương hướng, nhiệm vụ", "Phương hướng, nhiệm vụ kỳ tới." },
	{ "kien_nghi", "Kiến nghị, đề xuất", "Kiến nghị với cấp trên." },
};

/* The period of a preset for year `y` and today: 0, or -1 for an unknown preset. */
static int preset_days(const char *p, int y, int64_t today, int64_t *from, int64_t *to)
{
	int ty, tm, td;
	civil_from_days(today, &ty, &tm, &td);
	if (!strcmp(p, "thang")) {
		*from = days_from_civil(ty, tm, 1);
		*to = (tm == 12 ? days_from_civil(ty + 1, 1, 1) : days_from_civil(ty, tm + 1, 1)) - 1;
	} else if (!strcmp(p, "quy")) {
		int qm = (tm - 1) / 3 * 3 + 1;
		*from = days_from_civil(ty, qm, 1);
		*to = (qm == 10 ? days_from_civil(ty + 1, 1, 1) : days_from_civil(ty, qm + 3, 1)) - 1;
	} else if (!strcmp(p, "6thang") || !strcmp(p, "9thang")) {
		*from = days_from_civil(y, 1, 1);
		*to = days_from_civil(y, p[0] == '6' ? 7 : 10, 1) - 1;
	} else if (!strcmp(p, "nam") || !strcmp(p, "5nam") || !strcmp(p, "10nam")) {
		int span = p[0] == 'n' ? 1 : p[0] == '5' ? 5 : 10;
		*from = days_from_civil(y - span + 1, 1, 1);
		*to = days_from_civil(y, 12, 31);
	} else {
		return -1;
	}
	return 0;
}

static json_t *cell(struct arena *a, const struct indicator *ind, const struct report_value *v, const char *link)
{
	/* a link to the records counted, when there are any (an empty list says nothing more) */
	return json_pack("{s:s, s:s?}", "text", report_value_text(a, ind, v), "link",
			 ind->source < IND_SRC_COUNT && v->has_value && v->num > 0 ? link : NULL);
}

static const char *records_page(struct arena *a, const struct report *r, const struct indicator *ind,
				const char *unit, int64_t from, int64_t to, int direct)
{
	char f[11], t[11];
	/* relative to /quan-ly/bao-cao (and to itself), and "then" is the
	 * default tree: a ten-year report holds hundreds of these links */
	return arena_printf(a, "bao-cao/ho-so?indicator=%s&unit=%s&from=%s&to=%s%s%s", ind->code, unit,
			    fmt_ymd(from, f), fmt_ymd(to, t), r->tree_now ? "&tree=now" : "", direct ? "&direct=1" : "");
}

/* A horizontal bar chart of one figure over rows (sub-units or periods). */
static int svg_bars(struct sbuf *sb, const char *id, const char *title, const char **labels, const double *vals,
		    const char **texts, size_t n)
{
	const int w = 640, label_w = 230, row = 28, top = 8, bar_w = 330;
	int h = top * 2 + (int)(n ? n : 1) * row;
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (vals[i] > max)
			max = vals[i];
	if (max <= 0)
		max = 1;
	int r = sbuf_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
			  "viewBox=\"0 0 %d %d\" aria-labelledby=\"%s-t\"><title id=\"%s-t\">", w, h, id, id) < 0;
	r = r || sbuf_add_html(sb, title, strlen(title)) < 0 || sbuf_addstr(sb, "</title>") < 0;
	for (size_t i = 0; !r && i < n; i++) {
		int y = top + (int)i * row;
		int bw = (int)(vals[i] / max * bar_w + 0.5);
		/* long names are cut for the chart; the table below has them whole */
		char lab[96];
		size_t len = strlen(labels[i]);
		if (len > 60) {
			size_t cut = 57;
			while (cut && ((unsigned char)labels[i][cut] & 0xC0) == 0x80)
				cut--;
			snprintf(lab, sizeof(lab), "%.*s…", (int)cut, labels[i]);
		} else {
			snprintf(lab, sizeof(lab), "%s", labels[i]);
		}
		r = sbuf_addf(sb, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">",
			      label_w - 8, y + 19) < 0 ||
		    sbuf_add_html(sb, lab, strlen(lab)) < 0 ||
		    sbuf_addf(sb, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"#0b4ea2\"/>"
			      "<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#1b1b1b\">", label_w, y + 5, bw,
			      label_w + bw + 6, y + 19) < 0 ||
		    sbuf_add_html(sb, texts[i], strlen(texts[i])) < 0 || sbuf_addstr(sb, "</text>") < 0;
	}
	return r || sbuf_addstr(sb, "</svg>") < 0 ? -1 : 0;
}

/* The table and chart data of rows by sub-unit (which = 0) or by period (1). */
static int rows_json(struct arena *a, const struct report *r, int which, json_t *d)
{
	size_t n = which ? r->nperiods : r->nbuckets;
	json_t *rows = json_array();
	const char **labels = arena_zalloc(a, (n ? n : 1) * sizeof(char *));
	const char **texts = arena_zalloc(a, (n ? n : 1) * sizeof(char *));
	double *vals = arena_zalloc(a, (n ? n : 1) * sizeof(double));
	if (!rows || !labels || !texts || !vals)
		return -1;
	const struct indicator *first = indicator_find(table_codes[0]);
	size_t fi = (size_t)(first - indicators);
	for (size_t k = 0; k < n; k++) {
		const struct report_value *v;
		const char *name, *note = NULL, *unit = r->unit.code;
		int64_t from = r->from_day, to = r->to_day;
		int direct = 0;
		if (which) {
			v = r->by_period[k].v;
			name = r->by_period[k].label;
			from = r->by_period[k].from_day;
			to = r->by_period[k].to_day;
		} else {
			const struct report_bucket *b = &r->by_unit[k];
			v = b->v;
			name = b->self ? arena_printf(a, "%s (trực tiếp)", b->name) : b->name;
			unit = b->code;
			direct = b->self;
			char cd[11];
			note = b->folded ? arena_printf(a, "Gồm cả đơn vị trước đây: %s", b->folded)
			     : b->closed ? arena_printf(a, "Không còn tồn tại từ %s", fmt_dmy(vn_day_of(b->valid_to), cd))
					 : NULL;
		}
		json_t *cells = json_array();
		for (size_t c = 0; cells && c < NTABLE; c++) {
			const struct indicator *ind = indicator_find(table_codes[c]);
			size_t i = (size_t)(ind - indicators);
			json_array_append_new(cells, cell(a, ind, &v[i], records_page(a, r, ind, unit, from, to, direct)));
		}
		labels[k] = name;
		vals[k] = (double)v[fi].num;
		texts[k] = report_value_text(a, first, &v[fi]);
		if (!cells || json_array_append_new(rows, json_pack("{s:s, s:s?, s:o}", "name", name, "note", note,
								    "cells", cells)) < 0)
			return -1;
	}
	struct sbuf *svg = arena_sbuf(a, 256 * 1024);
	const char *title = which ? "Phản ánh, kiến nghị tiếp nhận theo kỳ" : "Phản ánh, kiến nghị tiếp nhận theo đơn vị";
	if (!svg || svg_bars(svg, which ? "bc-ky" : "bc-dv", title, labels, vals, texts, n) < 0)
		return -1;
	json_object_set_new(d, which ? "by_period" : "by_unit", rows);
	json_object_set_new(d, which ? "chart_period" : "chart_unit", json_string(svg->buf));
	return 0;
}

static json_t *report_data(struct arena *a, const struct report *r)
{
	char f[11], t[11], pf[11], pt[11], yf[11], yt[11];
	json_t *groups = json_array();
	json_t *cur = NULL;
	const char *cur_name = NULL;
	for (size_t i = 0; groups && i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		if (!cur_name || strcmp(cur_name, ind->group)) {
			cur = json_array();
			cur_name = ind->group;
			json_array_append_new(groups, json_pack("{s:s, s:o}", "name", ind->group, "rows", cur));
		}
		const char *link = records_page(a, r, ind, r->unit.code, r->from_day, r->to_day, 0);
		json_array_append_new(cur, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "name", ind->name, "unit",
						     ind->unit, "definition", ind->definition, "value",
						     cell(a, ind, &r->total[i], link), "previous",
						     cell(a, ind, &r->previous[i], records_page(a, r, ind, r->unit.code,
											  r->prev_from_day,
											  r->prev_to_day, 0)),
						     "year_before",
						     cell(a, ind, &r->year_before[i],
							  records_page(a, r, ind, r->unit.code, r->ya_from_day,
								       r->ya_to_day, 0))));
	}
	json_t *heads = json_array();
	for (size_t c = 0; heads && c < NTABLE; c++) {
		const struct indicator *ind = indicator_find(table_codes[c]);
		json_array_append_new(heads, json_pack("{s:s, s:s}", "name", ind->name, "unit", ind->unit));
	}
	json_t *d = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I}", "unit_name",
			      r->unit.name, "unit_code", r->unit.code, "tree_now", r->tree_now, "from",
			      fmt_dmy(r->from_day, f), "to", fmt_dmy(r->to_day, t), "prev_from", fmt_dmy(r->prev_from_day, pf),
			      "prev_to", fmt_dmy(r->prev_to_day, pt), "ya_from", fmt_dmy(r->ya_from_day, yf), "ya_to",
			      fmt_dmy(r->ya_to_day, yt), "groups", groups, "heads", heads, "units_counted",
			      (json_int_t)r->nscope, "elapsed_ms", (json_int_t)(r->elapsed_us / 1000));
	if (!d || rows_json(a, r, 0, d) < 0 || rows_json(a, r, 1, d) < 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int page_report(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct arena *a = req->arena;

	/* the units the officer may report on: those of its grants and below */
	int64_t *ids = NULL;
	size_t nids = 0;
	if (perm_units(db, a, actor.account_id, ROLE_ALL, 0, &ids, &nids) < 0)
		return -1;
	struct perm_grant_list grants;
	if (perm_list_grants(db, a, actor.account_id, &grants) < 0)
		return -1;
	const char *unit = req_query(req, "don_vi");
	if ((!unit || !*unit) && grants.n)
		unit = grants.items[0].unit_code;
	struct unit_list ul;
	if (unit_list(db, a, UNIT_LIST_CLOSED, &ul) < 0)
		return -1;
	json_t *unit_opts = json_array();
	for (size_t i = 0; i < ul.n; i++) {
		if (!perm_units_contain(ids, nids, ul.items[i].id))
			continue;
		const char *label = ul.items[i].valid_to == UNIT_OPEN ? ul.items[i].name
			: arena_printf(a, "%s (không còn tồn tại)", ul.items[i].name);
		json_array_append_new(unit_opts, json_pack("{s:s, s:s, s:b}", "value", ul.items[i].code, "label", label,
							   "selected", unit && !strcmp(unit, ul.items[i].code)));
	}

	int64_t today = vn_day_of(ctx.now);
	int ty, tm, td;
	civil_from_days(today, &ty, &tm, &td);
	const char *preset = req_query(req, "ky");
	if (!preset || !*preset)
		preset = "nam";
	long year = ty;
	const char *ys = req_query(req, "nam");
	if (ys && *ys) {
		long v = 0;
		int okd = 1;
		for (const char *p = ys; *p; p++)
			if (*p < '0' || *p > '9' || (v = v * 10 + (*p - '0')) > 9999)
				okd = 0;
		if (okd && v >= 1990 && v <= ty)
			year = v;
	}
	const char *tree = req_query(req, "co_cau");
	if (!tree || (strcmp(tree, "then") && strcmp(tree, "now")))
		tree = !strcmp(preset, "10nam") ? "now" : "then";
	int64_t fd = 0, tdd = 0;
	char fbuf[11], tbuf[11];
	const char *from = req_query(req, "tu"), *to = req_query(req, "den");
	int custom = !strcmp(preset, "tuy-chon");
	if (!custom) {
		if (preset_days(preset, (int)year, today, &fd, &tdd) < 0) {
			preset = "nam";
			preset_days(preset, (int)year, today, &fd, &tdd);
		}
		from = fmt_ymd(fd, fbuf);
		to = fmt_ymd(tdd, tbuf);
	}

	json_t *years = json_array();
	for (long y = ty; y >= ty - 15; y--)
		json_array_append_new(years, json_pack("{s:I, s:b}", "value", (json_int_t)y, "selected", y == year));
	json_t *d = json_pack("{s:o, s:o, s:o, s:o, s:s?, s:s?, s:b, s:s?, s:{s:b}}", "units", unit_opts, "presets",
			      view_options(preset_tab, sizeof(preset_tab) / sizeof(preset_tab[0]), preset), "years",
			      years, "trees", view_options(tree_tab, 2, tree), "from", from, "to", to, "custom", custom,
			      "unit", unit, "nav", "quan_ly", 1);
	if (!d)
		return -1;
	json_t *texts = json_array();
	for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
		const char *v = req_query(req, sections[s][0]);
		static const char *const nums[] = { "II", "III", "IV", "V" };
		json_array_append_new(texts, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", sections[s][0], "num",
						       nums[s], "title", sections[s][1], "hint", sections[s][2], "text",
						       v ? v : ""));
	}
	json_object_set_new(d, "sections", texts);

	if (unit && *unit) {
		struct report_request rq = { .unit = unit, .from = from, .to = to, .tree = tree };
		struct report r;
		struct app_errors errs = { 0 };
		int rc = report_build(&ctx, &rq, &r, &errs);
		if (rc == APP_NOT_FOUND || rc == APP_FORBIDDEN || rc == APP_ERROR)
			json_decref(d);
		if (rc == APP_NOT_FOUND)
			return http_error(req, 404, "not_found", "Không tìm thấy đơn vị.");
		if (rc == APP_FORBIDDEN)
			return http_error(req, 403, "forbidden", "Bạn không có vai trò ở đơn vị này.");
		if (rc == APP_VALIDATION) {
			json_t *el = json_array();
			for (size_t i = 0; i < errs.n; i++)
				json_array_append_new(el, json_pack("{s:s, s:s}", "field",
								    !strcmp(errs.items[i].field, "from") ? "tu"
								    : !strcmp(errs.items[i].field, "to") ? "den"
								    : !strcmp(errs.items[i].field, "tree") ? "co_cau"
													  : "don_vi",
								    "message", errs.items[i].message));
			json_object_set_new(d, "errors", el);
			return web_page(req, 422, "quan-ly/bao-cao", d);
		}
		if (rc < 0)
			return -1;
		json_t *rd = report_data(a, &r);
		if (!rd) {
			json_decref(d);
			return -1;
		}
		const char *q = arena_printf(a, "unit=%s&from=%s&to=%s&tree=%s", r.unit.code, fmt_ymd(r.from_day, fbuf),
					     fmt_ymd(r.to_day, tbuf), r.tree_now ? "now" : "then");
		json_object_set_new(rd, "xlsx", json_string(arena_printf(a, "/api/v1/reports/summary.xlsx?%s", q)));
		json_object_set_new(rd, "ten_years", json_string(arena_printf(a, "/quan-ly/bao-cao?don_vi=%s&ky=10nam&co_cau=now",
									       r.unit.code)));
		json_object_set_new(rd, "query_from", json_string(fmt_ymd(r.from_day, fbuf)));
		json_object_set_new(rd, "query_to", json_string(fmt_ymd(r.to_day, tbuf)));
		json_object_set_new(rd, "title_suggested",
				    json_string(arena_printf(a, "Báo cáo %s từ %s đến %s", r.unit.name,
							     fmt_dmy(r.from_day, fbuf), fmt_dmy(r.to_day, tbuf))));
		json_object_set_new(d, "report", rd);
		struct saved_report *sv = NULL;
		size_t nsv = 0;
		if (saved_report_list(db, a, r.unit.id, 20, &sv, &nsv) < 0) {
			json_decref(d);
			return -1;
		}
		json_t *saved = json_array();
		for (size_t i = 0; i < nsv; i++)
			json_array_append_new(saved, json_pack("{s:s, s:s, s:I, s:s?}", "title", sv[i].title, "url",
							       arena_printf(a, "/quan-ly/bao-cao/da-luu/%lld",
									    (long long)sv[i].id),
							       "at", (json_int_t)sv[i].created_at, "by",
							       sv[i].created_by_name));
		json_object_set_new(d, "saved", saved);
	}
	return web_page(req, 200, "quan-ly/bao-cao", d);
}

int page_report_records(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct arena *a = req->arena;
	struct report_request rq = { .unit = req_query(req, "unit"), .from = req_query(req, "from"),
				     .to = req_query(req, "to"), .tree = req_query(req, "tree") };
	const char *direct = req_query(req, "direct");
	const char *ps = req_query(req, "page");
	int64_t page = 1;
	if (ps && *ps) {
		page = 0;
		for (const char *p = ps; *p && page < 100000; p++)
			page = *p >= '0' && *p <= '9' ? page * 10 + (*p - '0') : 100000;
		if (page < 1 || page >= 100000)
			return http_error(req, 404, "not_found", "Không có trang này.");
	}
	struct app_errors errs = { 0 };
	struct report_records out;
	int rc = report_records(&ctx, &rq, req_query(req, "indicator"), direct && !strcmp(direct, "1"), page, 50, &out,
				&errs);
	if (rc == APP_FORBIDDEN)
		return http_error(req, 403, "forbidden", "Bạn không có vai trò ở đơn vị này.");
	if (rc == APP_VALIDATION)
		return http_error(req, 400, "bad_request", errs.n ? errs.items[0].message : "Tham số chưa hợp lệ.");
	if (rc < 0)
		return rc == APP_NOT_FOUND ? http_error(req, 404, "not_found", "Không tìm thấy đơn vị.") : -1;
	json_t *items = json_array();
	for (size_t i = 0; i < out.n; i++) {
		const struct ind_record *x = &out.items[i];
		const char *url = !strcmp(x->kind, "feedback") ? arena_printf(a, "/quan-ly/phan-anh/%s", x->ref)
			: !strcmp(x->kind, "meeting") ? arena_printf(a, "/hoi-nghi/%s", x->ref) : NULL;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s?}", "ref", x->ref, "title",
						       x->title, "status", x->status, "unit", out.unit_codes[i], "at",
						       (json_int_t)x->at, "url", url));
	}
	int64_t pages = (out.total + out.per_page - 1) / out.per_page;
	const char *base = arena_printf(a, "/quan-ly/bao-cao/ho-so?indicator=%s&unit=%s&from=%s&to=%s&tree=%s%s",
					out.ind->code, rq.unit, rq.from, rq.to, rq.tree ? rq.tree : "then",
					direct && !strcmp(direct, "1") ? "&direct=1" : "");
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:s?, s:s?, s:{s:b}}", "name",
			      out.ind->name, "definition", out.ind->definition, "unit", rq.unit, "from", rq.from, "to",
			      rq.to, "items", items, "total", (json_int_t)out.total, "page", (json_int_t)out.page, "pages",
			      (json_int_t)pages, "prev",
			      out.page > 1 ? arena_printf(a, "%s&page=%lld", base, (long long)(out.page - 1)) : NULL,
			      "next", out.page < pages ? arena_printf(a, "%s&page=%lld", base, (long long)(out.page + 1))
						       : NULL,
			      "nav", "quan_ly", 1);
	if (!d)
		return -1;
	return web_page(req, 200, "quan-ly/bao-cao-ho-so", d);
}

/* POST /quan-ly/bao-cao/luu: freeze the report shown, with the officer's sections */
int page_report_save(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct arena *a = req->arena;
	struct report_request rq = { .unit = req_form(req, "don_vi"), .from = req_form(req, "tu"),
				     .to = req_form(req, "den"), .tree = req_form(req, "co_cau") };
	const char *written[REPORT_SECTIONS];
	for (size_t i = 0; i < REPORT_SECTIONS; i++)
		written[i] = req_form(req, report_section_names[i]);
	struct app_errors errs = { 0 };
	struct report r;
	int rc = report_build(&ctx, &rq, &r, &errs);
	const char *figures = NULL;
	int64_t id = 0;
	if (rc == APP_OK) {
		json_t *fig = report_json(a, &r);
		char *text = fig ? json_dumps(fig, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(fig);
		figures = text ? arena_strdup(a, text) : NULL;
		free(text);
		if (!figures)
			return -1;
		rc = report_save(&ctx, &r, req_form(req, "title"), written, figures, &id, &errs);
	}
	if (rc == APP_NOT_FOUND)
		return http_error(req, 404, "not_found", "Không tìm thấy đơn vị.");
	if (rc == APP_FORBIDDEN)
		return http_error(req, 403, "forbidden", errs.n ? errs.items[0].message
							  : "Bạn không có vai trò ở đơn vị này.");
	if (rc == APP_VALIDATION)
		return http_error(req, 422, "validation_failed", errs.n ? errs.items[0].message : "Dữ liệu chưa hợp lệ.");
	if (rc < 0)
		return -1;
	return web_see_other(req, arena_printf(a, "/quan-ly/bao-cao/da-luu/%lld", (long long)id),
			     "Đã lưu báo cáo: số liệu được giữ nguyên như lúc lưu.");
}

/* A figure of a summary JSON as the page prints it: 1.234, 87,5 or -. */
static const char *number_text(struct arena *a, const json_t *v)
{
	struct report_value x = { .has_value = json_is_number(v) };
	static const struct indicator count = { .kind = IND_COUNT }, share = { .kind = IND_PCT };
	if (json_is_integer(v)) {
		x.num = (int64_t)json_integer_value(v);
		return report_value_text(a, &count, &x);
	}
	x.value = json_is_number(v) ? json_number_value(v) : 0;
	return report_value_text(a, &share, &x);
}

/* GET /quan-ly/bao-cao/da-luu/{id}: a frozen report and where today's figures differ */
int page_report_saved(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	if (!view_open(req, &actor, &ctx))
		return 0;
	struct arena *a = req->arena;
	const char *ids = req_arg(req, "id");
	int64_t id = 0;
	for (const char *p = ids ? ids : ""; *p && id < 1000000000000LL; p++)
		id = *p >= '0' && *p <= '9' ? id * 10 + (*p - '0') : -1000000000000000LL;
	struct saved_report sv;
	int hash_ok = 0;
	if (id <= 0 || report_saved_get(&ctx, id, &sv, &hash_ok) < 0)
		return http_error(req, 404, "not_found", "Không tìm thấy báo cáo đã lưu.");
	json_t *frozen = json_loads(sv.figures, 0, NULL);
	json_t *sec = json_loads(sv.sections, 0, NULL);
	struct report_request rq;
	struct report r;
	struct app_errors errs = { 0 };
	json_t *today = NULL;
	if (report_saved_request(a, &sv, &rq) == 0 && report_build(&ctx, &rq, &r, &errs) == APP_OK)
		today = report_json(a, &r);
	json_t *rows = json_array();
	size_t i;
	json_t *fi;
	int nchanged = 0;
	json_array_foreach(json_object_get(frozen, "indicators"), i, fi) {
		const char *code = json_string_value(json_object_get(fi, "code"));
		json_t *fv = json_object_get(fi, "value"), *tv = NULL;
		size_t k;
		json_t *ti;
		json_array_foreach(json_object_get(today, "indicators"), k, ti) {
			const char *tc = json_string_value(json_object_get(ti, "code"));
			if (code && tc && !strcmp(code, tc))
				tv = json_object_get(ti, "value");
		}
		int changed = today && !(json_is_number(fv) && json_is_number(tv)
						 ? json_number_value(fv) == json_number_value(tv) : json_equal(fv, tv));
		nchanged += changed;
		json_array_append_new(rows, json_pack("{s:s?, s:O?, s:s, s:s, s:b}", "code", code, "name",
						      json_object_get(fi, "name"), "frozen", number_text(a, fv), "today",
						      today ? number_text(a, tv) : "-", "changed", changed));
	}
	json_t *texts = json_array();
	static const char *const heads[REPORT_SECTIONS] = { "Hạn chế, nguyên nhân", "Bài học kinh nghiệm",
							    "Phương hướng, nhiệm vụ", "Kiến nghị, đề xuất" };
	for (size_t s = 0; s < REPORT_SECTIONS; s++)
	{
		const char *v = json_string_value(json_object_get(sec, report_section_names[s]));
		json_array_append_new(texts, json_pack("{s:s, s:s}", "title", heads[s], "text", v ? v : ""));
	}
	json_t *diff = today ? report_diff(frozen, today) : NULL;
	char f[11], t[11];
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:s?, s:o, s:o, s:b, s:i, s:O?, s:s, s:{s:b}}",
			      "report_title", sv.title, "unit_name", sv.unit_name, "unit_code", sv.unit_code, "from",
			      fmt_dmy(sv.from_day, f), "to", fmt_dmy(sv.to_day, t), "hash", sv.hash, "hash_ok", hash_ok,
			      "created_at", (json_int_t)sv.created_at, "created_by", sv.created_by_name, "rows", rows,
			      "sections", texts, "tree_now", !strcmp(sv.tree, "now"), "nchanged", nchanged,
			      "changed_units", diff ? json_object_get(diff, "by_unit") : NULL, "live",
			      arena_printf(a, "/quan-ly/bao-cao?don_vi=%s&ky=tuy-chon&tu=%s&den=%s&co_cau=%s",
					   sv.unit_code, rq.from ? rq.from : "", rq.to ? rq.to : "", sv.tree),
			      "nav", "quan_ly", 1);
	json_decref(diff);
	json_decref(frozen);
	json_decref(sec);
	json_decref(today);
	if (!d)
		return -1;
	return web_page(req, 200, "quan-ly/bao-cao-da-luu", d);
}
