/*
 * report_out.c - a review report as JSON, XLSX (libxlsxwriter, constant
 * memory, row by row) and Markdown. See report_out.h.
 */
#include "api/report_out.h"
#include "api/xlsx_file.h"

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"

#include <xlsxwriter.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *report_query(struct arena *a, const struct report *r, const char *unit_code, int64_t from_day,
			 int64_t to_day)
{
	struct sbuf *q = arena_sbuf(a, 1024);
	char f[11], t[11];
	if (!q || sbuf_addstr(q, "unit=") < 0 || sbuf_add_urlenc(q, unit_code, strlen(unit_code)) < 0 ||
	    sbuf_addf(q, "&from=%s&to=%s&tree=%s", fmt_ymd(from_day, f), fmt_ymd(to_day, t),
		      r->tree_now ? "now" : "then") < 0)
		return NULL;
	return q->buf;
}

/* Whether a figure's value is its count (an integer), else a share or a
 * mean rounded to one decimal. */
static int value_counted(const struct indicator *ind)
{
	return ind->kind == IND_COUNT || ind->kind == IND_REQUIRED || ind->kind == IND_SUM;
}

/* Whether a figure is in a row's "values" (a requirement only where one
 * applies). */
static int value_shown(const struct indicator *ind, const struct report_value *v)
{
	return ind->kind != IND_REQUIRED || v->has_value;
}

static json_t *value_json(const struct indicator *ind, const struct report_value *v)
{
	if (!v->has_value)
		return json_null();
	if (value_counted(ind))
		return json_integer((json_int_t)v->num);
	return json_real(round(v->value * 10.0) / 10.0);
}

/* Whether a figure has a list of records to link to. */
static int has_link(const struct indicator *ind, const char *query)
{
	return ind->source < IND_SRC_COUNT && query;
}

/* The link to the records behind a figure, appended to sb (has_link()). */
static int link_add(struct sbuf *sb, const char *base, const struct indicator *ind, const char *query, int direct)
{
	int bad = sbuf_addstr(sb, base) < 0 || sbuf_addstr(sb, "?indicator=") < 0;
	bad |= sbuf_addstr(sb, ind->code) < 0 || sbuf_addch(sb, '&') < 0 || sbuf_addstr(sb, query) < 0;
	bad |= direct && sbuf_addstr(sb, "&direct=1") < 0;
	return bad ? -1 : 0;
}

static const char *link_of(struct arena *a, const char *base, const struct indicator *ind, const char *query,
			   int direct)
{
	if (!has_link(ind, query))
		return NULL;
	struct sbuf sb;
	sbuf_init(&sb, 64 * 1024);
	const char *l = link_add(&sb, base, ind, query, direct) == 0 ? arena_strndup(a, sb.buf, sb.len) : NULL;
	sbuf_release(&sb);
	return l;
}

/* {"code": value, ...} and, for figures with records, {"code": link} */
static int values_json(struct arena *a, const struct report_value *v, const char *query, int direct,
		       json_t **values, json_t **links)
{
	*values = json_object();
	*links = json_object();
	if (!*values || !*links)
		return -1;
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		if (!value_shown(ind, &v[i]))
			continue;
		if (json_object_set_new(*values, ind->code, value_json(ind, &v[i])) < 0)
			return -1;
		const char *l = link_of(a, "/api/v1/reports/records", ind, query, direct);
		if (l && json_object_set_new(*links, ind->code, json_string(l)) < 0)
			return -1;
	}
	return 0;
}

json_t *report_json(struct arena *a, const struct report *r)
{
	char f[11], t[11];
	const char *q = report_query(a, r, r->unit.code, r->from_day, r->to_day);
	if (!q)
		return NULL;
	json_t *inds = json_array();
	for (size_t i = 0; inds && i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		const char *link = link_of(a, "/api/v1/reports/records", ind, q, 0);
		const char *page = link_of(a, "/quan-ly/bao-cao/ho-so", ind, q, 0);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:s}", "code", ind->code,
				      "name", ind->name, "unit", ind->unit, "group", ind->group, "value",
				      value_json(ind, &r->total[i]), "previous", value_json(ind, &r->previous[i]),
				      "year_before", value_json(ind, &r->year_before[i]), "definition", ind->definition,
				      "link", link ? json_string(link) : json_null(), "page",
				      page ? json_string(page) : json_null(), "kind",
				      ind->kind == IND_COUNT ? "count" : ind->kind == IND_PCT ? "percent"
					  : ind->kind == IND_AVG_WD ? "mean" : ind->kind == IND_SUM ? "sum" : "required");
		if (o && ind->kind == IND_PCT) {
			json_object_set_new(o, "numerator", json_integer((json_int_t)r->total[i].num));
			json_object_set_new(o, "denominator", json_integer((json_int_t)r->total[i].den));
		}
		if (!o || json_array_append_new(inds, o) < 0) {
			json_decref(inds);
			return NULL;
		}
	}
	json_t *units = json_array();
	for (size_t b = 0; units && b < r->nbuckets; b++) {
		const struct report_bucket *x = &r->by_unit[b];
		json_t *vals, *links;
		const char *bq = report_query(a, r, x->code, r->from_day, r->to_day);
		if (!bq || values_json(a, x->v, bq, x->self, &vals, &links) < 0) {
			json_decref(units);
			return NULL;
		}
		json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "code", x->code, "name", x->name, "self",
				      x->self, "closed", x->closed, "folded",
				      x->folded ? json_string(x->folded) : json_null(), "values", vals, "links", links);
		if (o && x->closed)
			json_object_set_new(o, "closed_on", json_string(fmt_ymd(vn_day_of(x->valid_to), f)));
		if (!o || json_array_append_new(units, o) < 0) {
			json_decref(units);
			return NULL;
		}
	}
	json_t *periods = json_array();
	for (size_t p = 0; periods && p < r->nperiods; p++) {
		const struct report_period *x = &r->by_period[p];
		json_t *vals, *links;
		const char *pq = report_query(a, r, r->unit.code, x->from_day, x->to_day);
		if (!pq || values_json(a, x->v, pq, 0, &vals, &links) < 0) {
			json_decref(periods);
			return NULL;
		}
		json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "from", fmt_ymd(x->from_day, f), "to",
				      fmt_ymd(x->to_day, t), "label", x->label, "values", vals, "links", links);
		if (!o || json_array_append_new(periods, o) < 0) {
			json_decref(periods);
			return NULL;
		}
	}
	char pf[11], pt[11], yf[11], yt[11];
	json_t *out = json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:o, s:o, s:o, s:I}",
			 "unit", r->unit.code, "unit_name", r->unit.name, "unit_closed", r->unit.valid_to != UNIT_OPEN,
			 "from", fmt_ymd(r->from_day, f), "to", fmt_ymd(r->to_day, t), "tree",
			 r->tree_now ? "now" : "then", "granularity", r->granularity, "previous", "from",
			 fmt_ymd(r->prev_from_day, pf), "to", fmt_ymd(r->prev_to_day, pt), "year_before", "from",
			 fmt_ymd(r->ya_from_day, yf), "to", fmt_ymd(r->ya_to_day, yt), "indicators", inds, "by_unit",
			 units, "by_period", periods, "units_counted", (json_int_t)r->nscope);
	/* how long the figures took (not the output), for the operators */
	if (out && json_object_set_new(out, "elapsed_ms", json_real((double)(r->elapsed_us / 100) / 10.0)) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* --- the same JSON, written straight into a buffer ------------------------------- */

/*
 * report_json() builds a jansson tree, which json_dump_callback() then
 * walks: for a city's report (150 sub-units, 36 figures and a link each,
 * 0.95 MB) a quarter of the request. The API's answer is written here
 * instead, key by key in report_json()'s order; the values are the same
 * once parsed (tests/http/test_reports.py compares the two): strings are
 * escaped by sbuf_add_json_str() (which also escapes '<'), and a figure
 * rounded to one decimal is written with that one decimal ("81.4", where
 * jansson writes 81.400000000000006, the same double).
 */
struct jw {
	struct sbuf *sb;
	int bad;
};

static void jw_raw(struct jw *w, const char *s)
{
	w->bad |= sbuf_addstr(w->sb, s) < 0;
}

static void jw_str(struct jw *w, const char *s)
{
	if (!s)
		jw_raw(w, "null");
	else
		w->bad |= sbuf_add_json_str(w->sb, s, strlen(s)) < 0;
}

/* ,"key": (the comma unless first) */
static void jw_key(struct jw *w, const char *key, int first)
{
	if (!first)
		jw_raw(w, ",");
	jw_str(w, key);
	jw_raw(w, ":");
}

static void jw_int(struct jw *w, int64_t v)
{
	w->bad |= sbuf_add_int(w->sb, (long long)v) < 0;
}

static void jw_bool(struct jw *w, int v)
{
	jw_raw(w, v ? "true" : "false");
}

/* a number with one decimal (value_json()'s rounding) */
static void jw_tenths(struct jw *w, double v)
{
	w->bad |= sbuf_addf(w->sb, "%.1f", round(v * 10.0) / 10.0) < 0;
}

static void jw_value(struct jw *w, const struct indicator *ind, const struct report_value *v)
{
	if (!v->has_value)
		jw_raw(w, "null");
	else if (value_counted(ind))
		jw_int(w, v->num);
	else
		jw_tenths(w, v->value);
}

static void jw_day(struct jw *w, int64_t day)
{
	char d[11];
	jw_str(w, fmt_ymd(day, d));
}

/* link_of()'s text as a JSON string, written in place (link_add()) */
static void jw_link(struct jw *w, const char *base, const struct indicator *ind, const char *query, int direct)
{
	if (!has_link(ind, query)) {
		jw_raw(w, "null");
		return;
	}
	jw_raw(w, "\"");
	w->bad |= link_add(w->sb, base, ind, query, direct) < 0;
	jw_raw(w, "\"");
}

/* "values":{...},"links":{...} as values_json() */
static void jw_values(struct jw *w, const struct report_value *v, const char *query, int direct)
{
	jw_raw(w, "\"values\":{");
	int first = 1;
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		if (!value_shown(ind, &v[i]))
			continue;
		jw_key(w, ind->code, first);
		first = 0;
		jw_value(w, ind, &v[i]);
	}
	jw_raw(w, "},\"links\":{");
	first = 1;
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		if (!value_shown(ind, &v[i]) || !has_link(ind, query))
			continue;
		jw_key(w, ind->code, first);
		first = 0;
		jw_link(w, "/api/v1/reports/records", ind, query, direct);
	}
	jw_raw(w, "}");
}

int report_json_write(struct arena *a, const struct report *r, struct sbuf *out)
{
	struct jw w = { out, 0 };
	const char *q = report_query(a, r, r->unit.code, r->from_day, r->to_day);
	if (!q)
		return -1;
	jw_raw(&w, "{\"unit\":");
	jw_str(&w, r->unit.code);
	jw_key(&w, "unit_name", 0);
	jw_str(&w, r->unit.name);
	jw_key(&w, "unit_closed", 0);
	jw_bool(&w, r->unit.valid_to != UNIT_OPEN);
	jw_key(&w, "from", 0);
	jw_day(&w, r->from_day);
	jw_key(&w, "to", 0);
	jw_day(&w, r->to_day);
	jw_key(&w, "tree", 0);
	jw_str(&w, r->tree_now ? "now" : "then");
	jw_key(&w, "granularity", 0);
	jw_str(&w, r->granularity);
	jw_raw(&w, ",\"previous\":{\"from\":");
	jw_day(&w, r->prev_from_day);
	jw_key(&w, "to", 0);
	jw_day(&w, r->prev_to_day);
	jw_raw(&w, "},\"year_before\":{\"from\":");
	jw_day(&w, r->ya_from_day);
	jw_key(&w, "to", 0);
	jw_day(&w, r->ya_to_day);
	jw_raw(&w, "},\"indicators\":[");
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		jw_raw(&w, i ? ",{\"code\":" : "{\"code\":");
		jw_str(&w, ind->code);
		jw_key(&w, "name", 0);
		jw_str(&w, ind->name);
		jw_key(&w, "unit", 0);
		jw_str(&w, ind->unit);
		jw_key(&w, "group", 0);
		jw_str(&w, ind->group);
		jw_key(&w, "value", 0);
		jw_value(&w, ind, &r->total[i]);
		jw_key(&w, "previous", 0);
		jw_value(&w, ind, &r->previous[i]);
		jw_key(&w, "year_before", 0);
		jw_value(&w, ind, &r->year_before[i]);
		jw_key(&w, "definition", 0);
		jw_str(&w, ind->definition);
		jw_key(&w, "link", 0);
		jw_link(&w, "/api/v1/reports/records", ind, q, 0);
		jw_key(&w, "page", 0);
		jw_link(&w, "/quan-ly/bao-cao/ho-so", ind, q, 0);
		jw_key(&w, "kind", 0);
		jw_str(&w, ind->kind == IND_COUNT ? "count" : ind->kind == IND_PCT ? "percent"
			   : ind->kind == IND_AVG_WD ? "mean" : ind->kind == IND_SUM ? "sum" : "required");
		if (ind->kind == IND_PCT) {
			jw_key(&w, "numerator", 0);
			jw_int(&w, r->total[i].num);
			jw_key(&w, "denominator", 0);
			jw_int(&w, r->total[i].den);
		}
		jw_raw(&w, "}");
	}
	jw_raw(&w, "],\"by_unit\":[");
	for (size_t b = 0; b < r->nbuckets && !w.bad; b++) {
		const struct report_bucket *x = &r->by_unit[b];
		const char *bq = report_query(a, r, x->code, r->from_day, r->to_day);
		if (!bq)
			return -1;
		jw_raw(&w, b ? ",{\"code\":" : "{\"code\":");
		jw_str(&w, x->code);
		jw_key(&w, "name", 0);
		jw_str(&w, x->name);
		jw_key(&w, "self", 0);
		jw_bool(&w, x->self);
		jw_key(&w, "closed", 0);
		jw_bool(&w, x->closed);
		jw_key(&w, "folded", 0);
		jw_str(&w, x->folded);
		jw_raw(&w, ",");
		jw_values(&w, x->v, bq, x->self);
		if (x->closed) {
			jw_key(&w, "closed_on", 0);
			jw_day(&w, vn_day_of(x->valid_to));
		}
		jw_raw(&w, "}");
	}
	jw_raw(&w, "],\"by_period\":[");
	for (size_t p = 0; p < r->nperiods && !w.bad; p++) {
		const struct report_period *x = &r->by_period[p];
		const char *pq = report_query(a, r, r->unit.code, x->from_day, x->to_day);
		if (!pq)
			return -1;
		jw_raw(&w, p ? ",{\"from\":" : "{\"from\":");
		jw_day(&w, x->from_day);
		jw_key(&w, "to", 0);
		jw_day(&w, x->to_day);
		jw_key(&w, "label", 0);
		jw_str(&w, x->label);
		jw_raw(&w, ",");
		jw_values(&w, x->v, pq, 0);
		jw_raw(&w, "}");
	}
	jw_raw(&w, "],\"units_counted\":");
	jw_int(&w, (int64_t)r->nscope);
	jw_key(&w, "elapsed_ms", 0);
	jw_tenths(&w, (double)(r->elapsed_us / 100) / 10.0);
	jw_raw(&w, "}");
	return w.bad || !sbuf_ok(out) ? -1 : 0;
}

/* --- XLSX ---------------------------------------------------------------------- */

static void cell_value(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const struct indicator *ind,
		       const struct report_value *v, lxw_format *pct)
{
	if (!v->has_value)
		worksheet_write_string(ws, row, col, "-", NULL);
	else if (ind->kind == IND_COUNT || ind->kind == IND_REQUIRED || ind->kind == IND_SUM)
		worksheet_write_number(ws, row, col, (double)v->num, NULL);
	else
		worksheet_write_number(ws, row, col, round(v->value * 10.0) / 10.0, pct);
}

int report_xlsx(struct arena *a, const struct report *r, const char *path)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return -1;
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *dec = workbook_add_format(wb);
	format_set_num_format(dec, "0.0");
	char f[11], t[11];

	/* the figures */
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp");
	worksheet_set_column(ws, 0, 0, 44, NULL);
	worksheet_set_column(ws, 1, 4, 16, NULL);
	lxw_row_t row = 0;
	worksheet_write_string(ws, row, 0, "Báo cáo", bold);
	worksheet_write_string(ws, row++, 1, r->unit.name, bold);
	worksheet_write_string(ws, row, 0, "Mã đơn vị", NULL);
	worksheet_write_string(ws, row++, 1, r->unit.code, NULL);
	worksheet_write_string(ws, row, 0, "Từ ngày", NULL);
	worksheet_write_string(ws, row++, 1, fmt_ymd(r->from_day, f), NULL);
	worksheet_write_string(ws, row, 0, "Đến ngày", NULL);
	worksheet_write_string(ws, row++, 1, fmt_ymd(r->to_day, t), NULL);
	worksheet_write_string(ws, row, 0, "Cơ cấu tổ chức", NULL);
	worksheet_write_string(ws, row++, 1, r->tree_now ? "now (như hiện nay)" : "then (như khi đó)", NULL);
	row++;
	static const char *const head[] = { "Chỉ tiêu", "Mã", "Kỳ này", "Kỳ trước", "Cùng kỳ năm trước", "Đơn vị tính" };
	for (lxw_col_t c = 0; c < 6; c++)
		worksheet_write_string(ws, row, c, head[c], bold);
	row++;
	for (size_t i = 0; i < indicators_count; i++, row++) {
		const struct indicator *ind = &indicators[i];
		worksheet_write_string(ws, row, 0, ind->name, NULL);
		worksheet_write_string(ws, row, 1, ind->code, NULL);
		cell_value(ws, row, 2, ind, &r->total[i], dec);
		cell_value(ws, row, 3, ind, &r->previous[i], dec);
		cell_value(ws, row, 4, ind, &r->year_before[i], dec);
		worksheet_write_string(ws, row, 5, ind->unit, NULL);
	}

	/* by sub-unit and by period: one column per indicator */
	for (int sheet = 0; sheet < 2; sheet++) {
		ws = workbook_add_worksheet(wb, sheet ? "Theo kỳ" : "Theo đơn vị");
		worksheet_set_column(ws, 0, 0, 36, NULL);
		worksheet_write_string(ws, 0, 0, sheet ? "Kỳ" : "Đơn vị", bold);
		worksheet_write_string(ws, 0, 1, sheet ? "Từ ngày" : "Mã", bold);
		worksheet_write_string(ws, 0, 2, sheet ? "Đến ngày" : "Ghi chú", bold);
		for (size_t i = 0; i < indicators_count; i++)
			worksheet_write_string(ws, 0, (lxw_col_t)(3 + i), indicators[i].code, bold);
		size_t n = sheet ? r->nperiods : r->nbuckets;
		for (size_t k = 0; k < n; k++) {
			lxw_row_t rr = (lxw_row_t)(k + 1);
			const struct report_value *v;
			if (sheet) {
				const struct report_period *p = &r->by_period[k];
				worksheet_write_string(ws, rr, 0, p->label, NULL);
				worksheet_write_string(ws, rr, 1, fmt_ymd(p->from_day, f), NULL);
				worksheet_write_string(ws, rr, 2, fmt_ymd(p->to_day, t), NULL);
				v = p->v;
			} else {
				const struct report_bucket *b = &r->by_unit[k];
				worksheet_write_string(ws, rr, 0, b->self ? arena_printf(a, "%s (trực tiếp)", b->name)
								  : b->name, NULL);
				worksheet_write_string(ws, rr, 1, b->code, NULL);
				const char *note = b->folded ? arena_printf(a, "gồm cả: %s", b->folded)
					: b->closed ? arena_printf(a, "không còn tồn tại từ %s",
								   fmt_ymd(vn_day_of(b->valid_to), f))
						    : "";
				worksheet_write_string(ws, rr, 2, note ? note : "", NULL);
				v = b->v;
			}
			for (size_t i = 0; i < indicators_count; i++)
				if (indicators[i].kind != IND_REQUIRED || v[i].has_value)
					cell_value(ws, rr, (lxw_col_t)(3 + i), &indicators[i], &v[i], dec);
		}
	}

	/* the definitions */
	ws = workbook_add_worksheet(wb, "Định nghĩa");
	worksheet_set_column(ws, 0, 1, 30, NULL);
	worksheet_set_column(ws, 2, 2, 80, NULL);
	static const char *const dhead[] = { "Mã", "Chỉ tiêu", "Định nghĩa", "Đơn vị tính", "Danh sách hồ sơ" };
	for (lxw_col_t c = 0; c < 5; c++)
		worksheet_write_string(ws, 0, c, dhead[c], bold);
	const char *q = report_query(a, r, r->unit.code, r->from_day, r->to_day);
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		lxw_row_t rr = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, rr, 0, ind->code, NULL);
		worksheet_write_string(ws, rr, 1, ind->name, NULL);
		worksheet_write_string(ws, rr, 2, ind->definition, NULL);
		worksheet_write_string(ws, rr, 3, ind->unit, NULL);
		const char *l = link_of(a, "/api/v1/reports/records", ind, q, 0);
		worksheet_write_string(ws, rr, 4, l ? l : "", NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

struct xlsx_job {
	struct arena *a;
	const struct report *r;
};

static int write_report(const char *path, void *arg)
{
	const struct xlsx_job *j = arg;
	return report_xlsx(j->a, j->r, path);
}

int report_xlsx_bytes(struct arena *a, const struct report *r, const char **data, size_t *len)
{
	struct xlsx_job j = { a, r };
	return xlsx_file_bytes(a, write_report, &j, (size_t)256 * 1024 * 1024, data, len);
}

/* --- Markdown ------------------------------------------------------------------ */

int report_markdown(struct arena *a, const struct report *r, struct sbuf *out)
{
	char f[11], t[11];
	int bad = sbuf_addf(out, "# Báo cáo: %s (%s)\n\nKỳ báo cáo: %s đến %s; cơ cấu tổ chức: %s.\n\n", r->unit.name,
			    r->unit.code, fmt_ymd(r->from_day, f), fmt_ymd(r->to_day, t),
			    r->tree_now ? "như hiện nay (now)" : "như khi đó (then)") < 0;
	bad |= sbuf_addstr(out, "## Kết quả\n\n| Chỉ tiêu | Kỳ này | Kỳ trước | Cùng kỳ năm trước |\n|---|---:|---:|---:|\n") < 0;
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		bad |= sbuf_addf(out, "| %s (%s) | %s | %s | %s |\n", ind->name, ind->unit,
				 report_value_text(a, ind, &r->total[i]), report_value_text(a, ind, &r->previous[i]),
				 report_value_text(a, ind, &r->year_before[i])) < 0;
	}
	for (int sheet = 0; sheet < 2; sheet++) {
		bad |= sbuf_addstr(out, sheet ? "\n## Theo kỳ\n\n| Kỳ |" : "\n## Theo đơn vị\n\n| Đơn vị |") < 0;
		for (size_t i = 0; i < indicators_count; i++)
			if (indicators[i].kind != IND_REQUIRED)
				bad |= sbuf_addf(out, " %s |", indicators[i].code) < 0;
		bad |= sbuf_addstr(out, "\n|---|") < 0;
		for (size_t i = 0; i < indicators_count; i++)
			if (indicators[i].kind != IND_REQUIRED)
				bad |= sbuf_addstr(out, "---:|") < 0;
		bad |= sbuf_addch(out, '\n') < 0;
		size_t n = sheet ? r->nperiods : r->nbuckets;
		for (size_t k = 0; k < n; k++) {
			const struct report_value *v;
			if (sheet) {
				bad |= sbuf_addf(out, "| %s |", r->by_period[k].label) < 0;
				v = r->by_period[k].v;
			} else {
				const struct report_bucket *b = &r->by_unit[k];
				bad |= sbuf_addf(out, "| %s%s%s%s%s |", b->name, b->self ? " (trực tiếp)" : "",
						 b->closed ? " (không còn tồn tại)" : "", b->folded ? "; gồm cả: " : "",
						 b->folded ? b->folded : "") < 0;
				v = b->v;
			}
			for (size_t i = 0; i < indicators_count; i++)
				if (indicators[i].kind != IND_REQUIRED)
					bad |= sbuf_addf(out, " %s |", report_value_text(a, &indicators[i], &v[i])) < 0;
			bad |= sbuf_addch(out, '\n') < 0;
		}
	}
	bad |= sbuf_addstr(out, "\n## Định nghĩa\n\n") < 0;
	for (size_t i = 0; i < indicators_count; i++)
		bad |= sbuf_addf(out, "- **%s** (`%s`): %s\n", indicators[i].name, indicators[i].code,
				 indicators[i].definition) < 0;
	return bad || !sbuf_ok(out) ? -1 : 0;
}

/* --- frozen against today ---------------------------------------------------------- */

static int same_value(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return fabs(json_number_value(a) - json_number_value(b)) < 1e-9;
	return json_equal((json_t *)a, (json_t *)b);
}

json_t *report_diff(const json_t *frozen, const json_t *today)
{
	json_t *inds = json_array(), *units = json_array();
	if (!inds || !units)
		goto fail;
	size_t i, k;
	json_t *fi;
	json_array_foreach(json_object_get(frozen, "indicators"), i, fi) {
		const char *code = json_string_value(json_object_get(fi, "code"));
		json_t *ti;
		json_array_foreach(json_object_get(today, "indicators"), k, ti) {
			const char *tc = json_string_value(json_object_get(ti, "code"));
			if (!code || !tc || strcmp(code, tc))
				continue;
			json_t *fv = json_object_get(fi, "value"), *tv = json_object_get(ti, "value");
			if (!same_value(fv, tv) &&
			    json_array_append_new(inds, json_pack("{s:s, s:O?, s:O?, s:O?}", "code", code, "name",
								  json_object_get(ti, "name"), "frozen", fv, "today",
								  tv)) < 0)
				goto fail;
		}
	}
	json_t *fu;
	json_array_foreach(json_object_get(frozen, "by_unit"), i, fu) {
		const char *uc = json_string_value(json_object_get(fu, "code"));
		json_t *tu;
		json_array_foreach(json_object_get(today, "by_unit"), k, tu) {
			const char *tc = json_string_value(json_object_get(tu, "code"));
			if (!uc || !tc || strcmp(uc, tc))
				continue;
			const char *key;
			json_t *fv;
			json_object_foreach(json_object_get(fu, "values"), key, fv) {
				json_t *tv = json_object_get(json_object_get(tu, "values"), key);
				if (tv && !same_value(fv, tv) &&
				    json_array_append_new(units, json_pack("{s:s, s:O?, s:s, s:O?, s:O?}", "unit", uc,
									   "name", json_object_get(tu, "name"), "code",
									   key, "frozen", fv, "today", tv)) < 0)
					goto fail;
			}
		}
	}
	return json_pack("{s:o, s:o}", "indicators", inds, "by_unit", units);
fail:
	json_decref(inds);
	json_decref(units);
	return NULL;
}
