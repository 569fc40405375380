/*
 * page_feedback.c - the citizens' pages of feedback (phản ánh, kiến nghị):
 * the form to send one, the receipt with the tracking code, its secret and
 * a QR code, the look-up by code, one item with its timeline and answer
 * (and the sender's rating), its files, and the public list. What they
 * share with the officers' pages and the API is in view_feedback.c.
 */
#include "pages.h"
#include "web.h"
#include "cache.h"
#include "view_feedback.h"
#include "view_article.h"
#include "app/feedback.h"
#include "core/parse.h"
#include "http/params.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/stamp.h"
#include "store/article.h"
#include "store/unit.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#define PER_PAGE 20

/* A secret as typed (case, spaces and dashes ignored) in its canonical
 * form: lower-case base32 letters and digits only; NULL for NULL or blank. */
static const char *clean_secret(struct request *req, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s), j = 0;
	char *out = arena_alloc(req->arena, n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))
			out[j++] = c;
		else if (c != ' ' && c != '-' && c != '\t')
			out[j++] = '?'; /* keeps a wrong secret wrong */
	}
	out[j] = 0;
	return j ? out : NULL;
}

/* --- sending -------------------------------------------------------------------- */

/* Open units of kind "government" (wards, communes, the city), the desks a
 * citizen may address. */
static json_t *desk_options(struct request *req, struct db *db, const char *selected)
{
	struct unit_list units;
	if (unit_list(db, req->arena, 0, &units) < 0)
		return NULL;
	json_t *list = json_array();
	json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label",
					      "Chưa rõ — cán bộ sẽ chuyển đến đúng nơi", "selected",
					      !selected || !*selected));
	for (size_t i = 0; i < units.n; i++) {
		const struct unit *u = &units.items[i];
		if (strcmp(u->kind, "government") || strchr(u->code, '-'))
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", u->code, "label", u->name,
						      "selected", selected && !strcmp(selected, u->code)));
	}
	return list;
}

/* The send form, with what was typed and the errors (NULL for a new form). */
static int form_page(struct request *req, struct db *db, int status, json_t *list, json_t *errs, json_t *unsaved)
{
	json_t *e = errs ? errs : json_object();
	json_t *cats = view_feedback_category_options(req, db, view_form(req, "category"), "— Chọn lĩnh vực —");
	json_t *desks = desk_options(req, db, view_form(req, "unit"));
	if (!cats || !desks) {
		json_decref(cats);
		json_decref(desks);
		json_decref(e);
		json_decref(list);
		json_decref(unsaved);
		return http_error(req, 503, "unavailable", NULL);
	}
	json_t *f = json_object();
	json_t *x;
	x = view_form_field("title", "Tiêu đề", view_form(req, "title"), e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_TITLE_MAX));
	json_object_set_new(x, "help", json_string("Nêu ngắn gọn vấn đề, ví dụ: Đèn đường hỏng trên phố Hàng Bạc."));
	json_object_set_new(f, "title", x);
	x = view_form_field("body", "Nội dung phản ánh, kiến nghị", view_form(req, "body"), e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "multiline", json_true());
	json_object_set_new(x, "rows", json_integer(8));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_BODY_MAX));
	json_object_set_new(x, "help", json_string("Việc gì, ở đâu, từ khi nào, ảnh hưởng thế nào và bạn đề nghị gì."));
	json_object_set_new(f, "body", x);
	x = view_form_field("category", "Lĩnh vực", NULL, e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "options", cats);
	json_object_set_new(f, "category", x);
	x = view_form_field("unit", "Gửi đến phường, xã", NULL, e);
	json_object_set_new(x, "options", desks);
	json_object_set_new(x, "help", json_string("Nơi xảy ra sự việc; nếu chưa rõ, bạn cứ để mặc định."));
	json_object_set_new(f, "unit", x);
	x = view_form_field("place", "Địa điểm", view_form(req, "place"), e);
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_PLACE_MAX));
	json_object_set_new(x, "autocomplete", json_string("street-address"));
	json_object_set_new(x, "help", json_string("Số nhà, đường phố, tổ dân phố (nếu có)."));
	json_object_set_new(f, "place", x);
	x = view_form_field("lat", "Vĩ độ", view_form(req, "lat"), e);
	json_object_set_new(x, "inputmode", json_string("decimal"));
	json_object_set_new(f, "lat", x);
	x = view_form_field("lon", "Kinh độ", view_form(req, "lon"), e);
	json_object_set_new(x, "inputmode", json_string("decimal"));
	json_object_set_new(f, "lon", x);
	x = view_form_field("name", "Họ và tên", view_form(req, "name"), e);
	json_object_set_new(x, "autocomplete", json_string("name"));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_NAME_MAX));
	json_object_set_new(f, "name", x);
	x = view_form_field("phone", "Số điện thoại", view_form(req, "phone"), e);
	json_object_set_new(x, "type", json_string("tel"));
	json_object_set_new(x, "autocomplete", json_string("tel"));
	json_object_set_new(x, "inputmode", json_string("tel"));
	json_object_set_new(f, "phone", x);
	x = view_form_field("email", "Thư điện tử", view_form(req, "email"), e);
	json_object_set_new(x, "type", json_string("email"));
	json_object_set_new(x, "autocomplete", json_string("email"));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_EMAIL_MAX));
	json_object_set_new(f, "email", x);

	return view_feedback_form_page(req, status, "phan-anh/gui", "gui", f, list, e, unsaved);
}

int page_feedback_form(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	return form_page(req, db, 200, NULL, NULL, NULL);
}

/* A coordinate typed by a person ("21.0285" or "21,0285"): 0, or -1. */
static int parse_coord(struct request *req, const char *s, double *out)
{
	char *t = arena_strdup(req->arena, s);
	if (!t)
		return -1;
	for (char *p = t; *p; p++)
		if (*p == ',')
			*p = '.';
	char *end;
	errno = 0;
	double v = strtod(t, &end);
	while (*end == ' ')
		end++;
	if (end == t || *end || errno || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/*
 * Read the send form into `in`: the fields both send forms have
 * (view_feedback_read_form()) and the map point, whose problems go to
 * errs (JSON object).
 */
static void read_input(struct request *req, struct feedback_input *in, json_t *errs)
{
	view_feedback_read_form(req, in);
	const char *lat = view_form(req, "lat"), *lon = view_form(req, "lon");
	if (!view_blank(lat) || !view_blank(lon)) {
		if (view_blank(lat) || view_blank(lon)) {
			json_object_set_new(errs, view_blank(lat) ? "lat" : "lon",
					    json_string("Vui lòng nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."));
		} else {
			if (parse_coord(req, lat, &in->lat) < 0)
				json_object_set_new(errs, "lat", json_string("Vĩ độ phải là một số, ví dụ 21.0285."));
			if (parse_coord(req, lon, &in->lon) < 0)
				json_object_set_new(errs, "lon", json_string("Kinh độ phải là một số, ví dụ 105.8542."));
			in->has_geo = 1;
		}
	}
}

static int citizen_again(struct request *req, int status, json_t *list, json_t *by, json_t *unsaved)
{
	struct db *db = web_db(req);
	if (!db) {
		json_decref(list);
		json_decref(by);
		json_decref(unsaved);
		return 0;
	}
	return form_page(req, db, status, list, by, unsaved);
}

int page_feedback_submit(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	/* the public form is the citizens' even when an officer is logged in */
	actor.account_id = 0;
	actor.name = "citizen";
	struct feedback_input in;
	json_t *own = json_object();
	read_input(req, &in, own);
	in.channel = FB_CH_WEB;
	return view_feedback_send(req, &in, &ctx, own, 0, citizen_again);
}

/* --- looking up ---------------------------------------------------------------- */

int page_lookup(struct request *req)
{
	const char *code = req_query(req, "code");
	const char *secret = clean_secret(req, req_query(req, "secret"));
	json_t *d = json_pack("{s:s, s:s, s:{s:b}}", "code", code ? code : "", "secret", secret ? secret : "",
			      "nav", "tra_cuu", 1);
	if (!code)
		return web_page(req, 200, "tra-cuu", d);
	char canon[TRACKCODE_BUFSZ];
	int trc = trackcode_parse(code, canon);
	const char *msg = NULL;
	int status = 200;
	if (view_blank(code)) {
		msg = "Vui lòng nhập mã theo dõi, ví dụ 7KQ4-M2XD.";
		status = 422;
	} else if (trc == TRACKCODE_BAD_CHECK) {
		msg = "Mã theo dõi có ký tự bị gõ nhầm. Vui lòng kiểm tra lại từng ký tự.";
		status = 422;
	} else if (trc != TRACKCODE_OK) {
		msg = "Mã theo dõi gồm 8 ký tự chữ và số, ví dụ 7KQ4-M2XD.";
		status = 422;
	} else {
		struct audit_actor actor;
		struct app_ctx ctx;
		struct db *db = view_open(req, &actor, &ctx);
		if (!db) {
			json_decref(d);
			return 0;
		}
		struct feedback_view v;
		int rc = feedback_get_public(&ctx, canon, view_blank(secret) ? NULL : secret, &v);
		if (rc == FEEDBACK_OK) {
			json_decref(d);
			struct sbuf *loc = arena_sbuf(req->arena, 512);
			if (!loc || sbuf_addf(loc, "/phan-anh/%s", canon) < 0)
				return -1;
			if (v.is_sender && (sbuf_addstr(loc, "?secret=") < 0 ||
					    sbuf_add_urlenc(loc, secret, strlen(secret)) < 0))
				return -1;
			return http_redirect(req, 303, loc->buf);
		}
		if (rc != FEEDBACK_NOT_FOUND) {
			json_decref(d);
			return view_feedback_fail(req, rc);
		}
		msg = "Không tìm thấy phản ánh với mã này. Nếu phản ánh của bạn ở chế độ không công khai, "
		      "hãy nhập cả mã bí mật ghi trên biên nhận.";
		status = 404;
	}
	json_object_set_new(d, "error", json_string(msg));
	return web_page(req, status, "tra-cuu", d);
}

/* --- one item ------------------------------------------------------------------- */

/* Render the item page; `extra` (stolen, may be NULL) adds rating errors. */
static int item_page(struct request *req, int status, const char *code, const char *secret, json_t *extra)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db) {
		json_decref(extra);
		return 0;
	}
	struct feedback_view v;
	int rc = feedback_get_public(&ctx, code, view_blank(secret) ? NULL : secret, &v);
	if (rc < 0) {
		json_decref(extra);
		return view_feedback_fail(req, rc);
	}
	json_t *item = view_feedback_item(req, &v, secret, VIEW_PAGE);
	json_t *d = extra ? extra : json_object();
	json_object_set_new(d, "item", item);
	if (v.is_sender)
		view_set_str(d, "secret", secret);
	json_object_set_new(d, "wrong_secret", json_boolean(!view_blank(secret) && !v.is_sender));
	json_object_set_new(d, "nav", json_pack("{s:b}", "tra_cuu", 1));
	/* news: the articles linking to this item (its cached page is keyed
	 * by the news stamp too, page_feedback_item) */
	if (view_article_linked(d, db, req->arena, "feedback", code, ctx.now) < 0) {
		json_decref(d);
		return view_feedback_fail(req, FEEDBACK_ERROR);
	}
	if (v.can_rate) {
		static const char *const labels[5] = {
			"1 sao — Rất không hài lòng", "2 sao — Không hài lòng", "3 sao — Bình thường",
			"4 sao — Hài lòng", "5 sao — Rất hài lòng",
		};
		const char *chosen = json_string_value(json_object_get(json_object_get(d, "values"), "score"));
		json_t *opts = json_array();
		for (int i = 1; i <= 5; i++) {
			char val[2] = { (char)('0' + i), 0 };
			json_t *opt = json_pack("{s:s, s:s, s:b}", "value", val, "label", labels[i - 1], "checked",
						chosen && !strcmp(chosen, val));
			json_object_set_new(opt, "id", i == 1 ? json_string("f-score") : json_sprintf("f-score-%d", i));
			json_array_append_new(opts, opt);
		}
		json_object_set_new(d, "score_options", opts);
	}
	if (v.is_sender)
		http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, status, "phan-anh/chi-tiet", d);
}

/* Canonical code of the path, redirecting typed forms ("7kq4m2xd") to it:
 * 1 when a response is set, 0 with canon filled, -1 on failure. */
static int canonical_code(struct request *req, char canon[TRACKCODE_BUFSZ])
{
	const char *code = req_arg(req, "code");
	if (!code || trackcode_parse(code, canon) != TRACKCODE_OK) {
		view_feedback_fail(req, FEEDBACK_NOT_FOUND);
		return 1;
	}
	if (!strcmp(code, canon))
		return 0;
	struct sbuf *loc = arena_sbuf(req->arena, 1024);
	if (!loc || sbuf_addf(loc, "/phan-anh/%s", canon) < 0)
		return -1;
	/* the query goes along, with any byte that may not stand in a
	 * Location header (controls, spaces, non-ASCII) percent-encoded; one
	 * too long for the bound is dropped */
	int r = 0;
	if (*req->query) {
		static const char hex[] = "0123456789ABCDEF";
		r = sbuf_addch(loc, '?');
		for (const unsigned char *q = (const unsigned char *)req->query; *q && r == 0; q++) {
			if (*q > 0x20 && *q < 0x7f)
				r = sbuf_addch(loc, (char)*q);
			else
				r = sbuf_addf(loc, "%%%c%c", hex[*q >> 4], hex[*q & 15]);
		}
	}
	if (r < 0) {
		sbuf_reset(loc); /* clears the failure too */
		if (sbuf_addf(loc, "/phan-anh/%s", canon) < 0)
			return -1;
	}
	if (http_redirect(req, 301, loc->buf) < 0)
		return -1;
	return 1;
}

int page_feedback_item(struct request *req)
{
	char canon[TRACKCODE_BUFSZ];
	int c = canonical_code(req, canon);
	if (c)
		return c < 0 ? -1 : 0;
	const char *secret = clean_secret(req, req_query(req, "secret"));
	if (req->session || !view_blank(secret) || req_cookie(req, "flash"))
		return item_page(req, 200, canon, secret, NULL);
	/* the anonymous public view: served from the response cache while the
	 * item's stamp and the news stamp (its "Bài viết liên quan") are
	 * unchanged (web/cache.h): the news stamp is in the key, and the later
	 * of the two times is the entry's */
	struct db *db = web_db(req);
	int64_t stamp, news;
	if (!db)
		return 0;
	if (stamp_feedback(db, canon, &stamp) < 0 || article_stamp(db, time(NULL), &news) < 0)
		return item_page(req, 200, canon, NULL, NULL);
	stamp = stamp_later(stamp, news);
	char key[TRACKCODE_BUFSZ + 32];
	const void *data;
	size_t len;
	snprintf(key, sizeof(key), "html:%s:%lld", canon, (long long)news);
	if (cache_get(key, stamp, req->arena, &data, &len))
		return http_bytes(req, 200, "text/html; charset=utf-8", data, len);
	int rc = item_page(req, 200, canon, NULL, NULL);
	if (http_status(req) == 200)
		cache_put(key, stamp, req->out->buf, req->out->len);
	return rc;
}

int page_feedback_rate(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *code = req_arg(req, "code");
	const char *secret = clean_secret(req, view_form(req, "secret"));
	if (!secret)
		secret = "";
	const char *score_s = view_form(req, "score");
	const char *comment = view_form(req, "comment");
	long score = 0;
	if (*score_s && parse_long_str(score_s, 1, 5, &score) < 0)
		score = 0;
	actor.account_id = 0;
	actor.name = "citizen";
	struct app_errors errs;
	int rc = feedback_rate(&ctx, code, secret, (int)score, comment, &errs);
	char canon[TRACKCODE_BUFSZ];
	if (rc == FEEDBACK_OK) {
		struct sbuf *loc = arena_sbuf(req->arena, 512);
		if (trackcode_parse(code, canon) != TRACKCODE_OK || !loc ||
		    sbuf_addf(loc, "/phan-anh/%s?secret=", canon) < 0 ||
		    sbuf_add_urlenc(loc, secret, strlen(secret)) < 0 || sbuf_addstr(loc, "#danh-gia") < 0)
			return -1;
		return web_see_other(req, loc->buf, "rated");
	}
	if (rc == FEEDBACK_VALIDATION || rc == FEEDBACK_CONFLICT || rc == FEEDBACK_INVALID_TRANSITION ||
	    rc == FEEDBACK_FORBIDDEN) {
		if (trackcode_parse(code, canon) != TRACKCODE_OK)
			return view_feedback_fail(req, FEEDBACK_NOT_FOUND);
		json_t *list = json_array(), *by = json_object();
		if (rc == FEEDBACK_VALIDATION) {
			view_errors(&errs, NULL, list, by);
		} else {
			const char *m = rc == FEEDBACK_CONFLICT ? "Phản ánh này đã được đánh giá; mỗi phản ánh chỉ đánh giá một lần."
				      : rc == FEEDBACK_FORBIDDEN ? "Mã bí mật không đúng nên chưa ghi nhận đánh giá."
				      : "Chỉ đánh giá được sau khi phản ánh đã có câu trả lời.";
			json_object_set_new(by, "score", json_string(m));
			json_array_append_new(list, json_pack("{s:s, s:s}", "field", "score", "message", m));
		}
		json_t *d = json_pack("{s:o, s:o, s:{s:s, s:s}}", "errors", list, "err", by, "values", "score",
				      score_s, "comment", comment);
		if (rc != FEEDBACK_VALIDATION)
			json_object_set(d, "rate_message", json_object_get(by, "score"));
		return item_page(req, feedback_rc_http(rc), canon, secret, d);
	}
	return view_feedback_fail(req, rc);
}

/* Content-Disposition for a file shown in the page: inline with both
 * filename forms (ASCII fallback, RFC 5987 UTF-8). */
static int inline_disposition(struct request *req, const char *filename)
{
	struct sbuf *sb = arena_sbuf(req->arena, 2048);
	if (!sb || sbuf_addstr(sb, "inline; filename=\"") < 0)
		return -1;
	for (const char *p = filename; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';';
		if (sbuf_addch(sb, plain ? c : '_') < 0)
			return -1;
	}
	if (sbuf_addstr(sb, "\"; filename*=UTF-8''") < 0 || sbuf_add_urlenc(sb, filename, strlen(filename)) < 0)
		return -1;
	return http_header(req, "Content-Disposition", sb->buf);
}

int page_feedback_file(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	const char *ids = req_arg(req, "id");
	long id;
	if (!ids || parse_long_str(ids, 1, INT32_MAX, &id) < 0)
		return view_feedback_fail(req, FEEDBACK_NOT_FOUND);
	struct attachment a;
	int rc = feedback_attachment_get(&ctx, req_arg(req, "code"), clean_secret(req, req_query(req, "secret")), id,
					 &a);
	if (rc < 0)
		return view_feedback_fail(req, rc);
	const char *name = a.filename ? a.filename : "tep";
	http_header(req, "Cache-Control", "private, no-store");
	if (a.mime && !strncmp(a.mime, "image/", 6)) {
		if (inline_disposition(req, name) < 0)
			return -1;
		return http_bytes(req, 200, a.mime, a.bytes, a.size);
	}
	return http_attachment(req, a.mime, name, a.bytes, a.size);
}

/* --- the public list ----------------------------------------------------------- */

/*
 * The public list's query parameters. Bad values are ignored (the list
 * without that filter); only the statuses the list holds are filters.
 */
static const struct param list_params[] = {
	PARAM_TEXT_AT(struct feedback_public_filter, q, "q", 1000),
	PARAM_TEXT_AT(struct feedback_public_filter, category, "category", 0),
	PARAM_TEXT_AT(struct feedback_public_filter, unit, "unit", 0),
	PARAM_ENUM_AT(struct feedback_public_filter, status, "status", view_feedback_status_name, FB_STATUS_COUNT, 1,
		      (1u << FB_PUBLISHED) | (1u << FB_CLOSED), NULL),
	PARAM_PAGE_AT(struct feedback_public_filter, page),
};

static int list_page(struct request *req)
{
	struct audit_actor actor;
	struct app_ctx ctx;
	struct db *db = view_open(req, &actor, &ctx);
	if (!db)
		return 0;
	struct feedback_public_filter f = { 0 };
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_LENIENT, &f, NULL) < 0)
		return -1;
	f.per_page = PER_PAGE;
	struct feedback_page page;
	int rc = feedback_list_public(&ctx, &f, &page);
	if (rc < 0)
		return view_feedback_fail(req, rc);
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, view_feedback_summary(&page.items[i], VIEW_PAGE, 0));
	struct sbuf *qs = arena_sbuf(req->arena, 16384);
	if (!qs || params_query(qs, list_params, PARAMS_COUNT(list_params), &f, NULL) < 0) {
		json_decref(items);
		return -1;
	}
	json_t *cats = view_feedback_category_options(req, db, f.category, "Tất cả lĩnh vực");
	json_t *units = view_feedback_unit_options(req, db, NULL, 0, f.unit, "Tất cả đơn vị");
	json_t *statuses = view_param_options(params_find(list_params, PARAMS_COUNT(list_params), "status"),
					      view_feedback_status_label, f.status, "Đã trả lời và đã kết thúc");
	json_t *d = json_pack("{s:o, s:I, s:s, s:o?, s:o?, s:o?, s:o?, s:b, s:{s:b}}", "items", items, "total",
			      (json_int_t)page.total, "q", f.q ? f.q : "", "categories", cats, "units", units,
			      "statuses", statuses, "pager",
			      view_pager("/phan-anh", qs->buf, page.page, page.per_page, page.total, FEEDBACK_LIST_DEPTH),
			      "filtered", qs->len > 0, "nav", "phan_anh", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	return web_page(req, 200, "phan-anh/danh-sach", d);
}

int page_feedback_list(struct request *req)
{
	if (req->session || req_cookie(req, "flash"))
		return list_page(req);
	/* the anonymous list and search: served from the response cache while
	 * no public item changed (store/stamp.h stamp_public, web/cache.h),
	 * under the canonical form of the query */
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct feedback_public_filter f = { 0 };
	int64_t stamp;
	if (params_from_query(req, list_params, PARAMS_COUNT(list_params), PARAMS_LENIENT, &f, NULL) < 0)
		return -1;
	/* a query too long for a key is answered without the cache */
	struct sbuf *key = arena_sbuf(req->arena, 16384);
	if (!key || sbuf_addstr(key, "list:") < 0 ||
	    params_query(key, list_params, PARAMS_COUNT(list_params), &f, NULL) < 0 ||
	    sbuf_addf(key, "#page=%lld", (long long)f.page) < 0 || /* params_query() leaves pages out */
	    stamp_public(db, "feedback", &stamp) < 0)
		return list_page(req);
	const void *data;
	size_t len;
	if (cache_get(key->buf, stamp, req->arena, &data, &len))
		return http_bytes(req, 200, "text/html; charset=utf-8", data, len);
	int rc = list_page(req);
	if (http_status(req) == 200)
		cache_put(key->buf, stamp, req->out->buf, req->out->len);
	return rc;
}
