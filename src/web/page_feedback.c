/*
 * page_feedback.c - the citizens' pages of feedback (phản ánh, kiến nghị):
 * the form to send one, the receipt with the tracking code, its secret and
 * a QR code, the look-up by code, one item with its timeline and answer
 * (and the sender's rating), its files, and the public list; plus the
 * helpers the officers' pages (page_inbox.c) share, declared in pages.h.
 */
#include "pages.h"
#include "web.h"
#include "cache.h"
#include "store/stamp.h"
#include "qr.h"
#include "app/feedback.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/submit.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "store/unit.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#define PER_PAGE 20

/* --- small JSON helpers ------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static void set_int(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer((json_int_t)v));
}

static void set_time(json_t *o, const char *k, int64_t v)
{
	if (v)
		set_int(o, k, v);
}

static void set_bool(json_t *o, const char *k, int v)
{
	json_object_set_new(o, k, json_boolean(v));
}

/* A form value, trimmed of nothing: what was typed, or "" (never NULL). */
static const char *form_val(struct request *req, const char *name)
{
	const char *v = req_form(req, name);
	return v ? v : "";
}

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

/* --- context and errors ------------------------------------------------------ */

void page_feedback_ctx(struct request *req, struct db *db, struct audit_actor *actor,
		       struct app_ctx *ctx)
{
	web_actor(req, actor);
	ctx->db = db;
	ctx->cal = web_state.cal;
	ctx->arena = req->arena;
	ctx->actor = actor;
	ctx->now = (int64_t)time(NULL);
}

int page_feedback_fail(struct request *req, int rc)
{
	switch (rc) {
	case FEEDBACK_NOT_FOUND:
		return http_error(req, 404, "not_found",
				  "Không tìm thấy phản ánh với mã này. Vui lòng kiểm tra lại mã theo dõi.");
	case FEEDBACK_BUSY:
		return http_error(req, 503, "unavailable", "Hệ thống đang bận, vui lòng thử lại sau ít phút.");
	case FEEDBACK_PAGE_RANGE:
		/* a page beyond what a list shows does not exist */
		return http_error(req, 404, "not_found", feedback_rc_message(rc));
	case FEEDBACK_ERROR:
		return http_error(req, 500, "internal_error", NULL);
	default:
		return http_error(req, feedback_rc_http(rc), feedback_rc_code(rc), feedback_rc_message(rc));
	}
}

int page_feedback_errors(const struct feedback_errors *e, const char *prefix, json_t *list,
			 json_t *by_field)
{
	for (size_t i = 0; i < e->n; i++) {
		const char *f = e->items[i].field ? e->items[i].field : "";
		if (!strncmp(f, "contact.", 8))
			f += 8;
		char id[96];
		snprintf(id, sizeof(id), "%s%s", prefix ? prefix : "", f);
		if (!json_object_get(by_field, f))
			json_object_set_new(by_field, f, json_string(e->items[i].message));
		if (json_array_append_new(list, json_pack("{s:s, s:s}", "field", id, "message",
							  e->items[i].message)) < 0)
			return -1;
	}
	return 0;
}

/* --- labels -------------------------------------------------------------------- */

/* What citizens read for a status: a draft awaiting approval is still
 * "being handled" to them. */
static const char *public_status_label(enum feedback_status s)
{
	return s == FB_ANSWERED ? feedback_status_label(FB_ASSIGNED) : feedback_status_label(s);
}

static const char *event_label(enum feedback_event_type t)
{
	switch (t) {
	case FB_EV_SUBMIT: return "Phản ánh được gửi đến và tiếp nhận";
	case FB_EV_ASSIGN: return "Chuyển đơn vị xử lý";
	case FB_EV_TRANSFER: return "Chuyển sang đơn vị khác xử lý";
	case FB_EV_REJECT: return "Không thụ lý";
	case FB_EV_NOTE: return "Ghi chú nội bộ";
	case FB_EV_ANSWER: return "Dự thảo trả lời";
	case FB_EV_PUBLISH: return "Công bố câu trả lời";
	case FB_EV_EXTEND: return "Gia hạn thời hạn xử lý";
	case FB_EV_MERGE: return "Gộp phản ánh trùng nội dung";
	case FB_EV_REOPEN: return "Mở lại để xử lý tiếp";
	case FB_EV_CLOSE: return "Kết thúc xử lý";
	case FB_EV_REDACT: return "Biên tập nội dung công khai (ẩn thông tin cá nhân)";
	case FB_EV_RATE: return "Người gửi đánh giá câu trả lời";
	case FB_EV_ATTACH: return "Thêm tệp minh chứng";
	default: return "";
	}
}

static const char *deadline_unit_label(enum cal_unit u)
{
	switch (u) {
	case CAL_WORKING_DAY: return "ngày làm việc";
	case CAL_CALENDAR_DAY: return "ngày";
	case CAL_WORKING_HOUR: return "giờ làm việc";
	default: return "";
	}
}

/* "YYYY-MM-DD" -> "DD/MM/YYYY" into out (arena), or NULL. */
static const char *ymd_to_dmy(struct arena *a, const char *ymd)
{
	int64_t day;
	char buf[11];
	if (!ymd || parse_date(ymd, &day) < 0)
		return NULL;
	return arena_strdup(a, fmt_dmy(day, buf));
}

/* The detail line of an event, from its small JSON `extra`. */
static const char *event_detail(struct request *req, const struct feedback_event *e, int officer)
{
	if (!e->extra)
		return NULL;
	json_t *x = json_loads(e->extra, 0, NULL);
	if (!x)
		return NULL;
	const char *out = NULL;
	const char *s;
	if (e->type == FB_EV_EXTEND && (s = json_string_value(json_object_get(x, "due_after")))) {
		const char *d = ymd_to_dmy(req->arena, s);
		if (d)
			out = arena_printf(req->arena, "Hạn mới: %s", d);
	} else if (e->type == FB_EV_MERGE && (s = json_string_value(json_object_get(x, "into")))) {
		out = arena_printf(req->arena, "Theo dõi tiếp tại phản ánh %s", s);
	} else if (e->type == FB_EV_MERGE && json_object_get(x, "into")) {
		/* followed at an item this viewer may not see (app/feedback.c) */
		out = "Được gộp vào một phản ánh khác để theo dõi, trả lời chung";
	} else if (e->type == FB_EV_MERGE && json_object_get(x, "merged_from")) {
		/* the code of the duplicate may belong to a private item: officers only */
		s = json_string_value(json_object_get(x, "merged_from"));
		out = officer && s ? arena_printf(req->arena, "Phản ánh %s được gộp vào đây", s)
				   : "Một phản ánh trùng nội dung được gộp vào đây";
	} else if (e->type == FB_EV_RATE && json_is_integer(json_object_get(x, "score"))) {
		out = arena_printf(req->arena, "%lld/5 sao",
				   (long long)json_integer_value(json_object_get(x, "score")));
	} else if (e->type == FB_EV_ATTACH && (s = json_string_value(json_object_get(x, "filename")))) {
		out = arena_strdup(req->arena, s);
	}
	json_decref(x);
	return out;
}

/* --- item as template data ----------------------------------------------------- */

static json_t *file_json(struct request *req, const char *code, const struct attachment *f,
			 const char *secret)
{
	json_t *o = json_object();
	struct sbuf *url = arena_sbuf(req->arena, 512);
	if (!url || sbuf_addf(url, "/phan-anh/%s/tep/%lld", code, (long long)f->id) < 0)
		return o;
	if (secret && (sbuf_addstr(url, "?secret=") < 0 || sbuf_add_urlenc(url, secret, strlen(secret)) < 0))
		return o;
	set_int(o, "id", f->id);
	set_str(o, "filename", f->filename ? f->filename : "tep");
	set_str(o, "mime", f->mime);
	set_str(o, "url", url->buf);
	set_bool(o, "is_image", f->mime && !strncmp(f->mime, "image/", 6));
	set_bool(o, "evidence", f->kind == ATTACHMENT_EVIDENCE);
	set_str(o, "kind_label", f->kind == ATTACHMENT_EVIDENCE ? "Minh chứng (nội bộ)" : "Người gửi đính kèm");
	/* sizes people read: "850 KB", "2,4 MB" */
	char size[32];
	if (f->size < 1024 * 1024)
		snprintf(size, sizeof(size), "%zu KB", (f->size + 1023) / 1024);
	else
		snprintf(size, sizeof(size), "%zu,%zu MB", f->size / (1024 * 1024),
			 (f->size % (1024 * 1024)) * 10 / (1024 * 1024));
	set_str(o, "size", size);
	return o;
}

static json_t *answer_json(const struct feedback_answer *a)
{
	json_t *o = json_object();
	set_str(o, "result", feedback_result_name(a->result));
	set_str(o, "result_label", feedback_result_label(a->result));
	set_str(o, "text", a->text);
	set_str(o, "basis", a->basis);
	set_str(o, "next_steps", a->next_steps);
	set_str(o, "unit_code", a->unit_code);
	set_str(o, "unit_name", a->unit_name);
	set_time(o, "drafted_at", a->drafted_at);
	set_time(o, "published_at", a->published_at);
	return o;
}

json_t *page_feedback_contact_json(const struct feedback_contact *c)
{
	json_t *o = json_object();
	set_str(o, "name", c->name);
	set_str(o, "phone", c->phone);
	set_str(o, "email", c->email);
	return o;
}

json_t *page_feedback_view_json(struct request *req, const struct feedback_view *v, const char *secret)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	set_str(o, "code", v->code);
	set_str(o, "title", v->title);
	set_str(o, "body", v->body);
	set_str(o, "category_code", v->category_code);
	set_str(o, "category_name", v->category_name);
	set_str(o, "legal_basis", v->legal_basis && *v->legal_basis ? v->legal_basis : NULL);
	if (v->deadline_amount)
		json_object_set_new(o, "deadline", json_sprintf("%d %s", v->deadline_amount,
								deadline_unit_label(v->deadline_unit)));
	set_str(o, "status", feedback_status_name(v->status));
	set_str(o, "status_label", v->officer ? feedback_status_label(v->status) : public_status_label(v->status));
	set_str(o, "badge", v->officer || v->status != FB_ANSWERED ? feedback_status_name(v->status) : "assigned");
	set_str(o, "channel", feedback_channel_name(v->channel));
	set_str(o, "channel_label", feedback_channel_label(v->channel));
	set_bool(o, "public", v->public);
	set_str(o, "place", v->place);
	if (v->has_geo) {
		json_object_set_new(o, "geo", json_sprintf("%.6f, %.6f", v->lat, v->lon));
	}
	set_time(o, "received_at", v->received_at);
	set_time(o, "due_at", v->due_at);
	set_time(o, "answered_at", v->answered_at);
	set_time(o, "published_at", v->published_at);
	set_time(o, "closed_at", v->closed_at);
	set_bool(o, "due_extended", v->due_extended);
	set_bool(o, "overdue", v->overdue);
	set_bool(o, "open", feedback_status_open(v->status));
	set_str(o, "unit_code", v->unit_code);
	set_str(o, "unit_name", v->unit_name);
	set_str(o, "merged_into_code", v->merged_into_code);
	set_bool(o, "merged_hidden", v->merged_hidden);
	set_bool(o, "merged_answered", v->merged_answered);
	if (v->has_answer)
		json_object_set_new(o, "answer", answer_json(&v->answer));
	if (v->rating) {
		set_int(o, "rating", v->rating);
		set_str(o, "rating_comment", v->rating_comment);
		set_time(o, "rated_at", v->rated_at);
	}
	set_bool(o, "is_sender", v->is_sender);
	set_bool(o, "can_rate", v->can_rate);
	set_bool(o, "rateable", (v->status == FB_PUBLISHED || v->status == FB_CLOSED) && !v->rating);
	set_bool(o, "officer", v->officer);

	json_t *events = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const struct feedback_event *e = &v->events[i];
		json_t *ev = json_object();
		set_int(ev, "at", e->at);
		set_str(ev, "type", feedback_event_name(e->type));
		set_str(ev, "label", event_label(e->type));
		set_str(ev, "text", e->text);
		set_str(ev, "detail", event_detail(req, e, v->officer));
		if (e->type == FB_EV_ASSIGN || e->type == FB_EV_TRANSFER || e->type == FB_EV_REOPEN)
			set_str(ev, "unit_name", e->unit_name);
		if (v->officer) {
			set_str(ev, "actor_name", e->actor_name);
			set_bool(ev, "internal", !e->public);
		}
		json_array_append_new(events, ev);
	}
	json_object_set_new(o, "events", events);

	json_t *files = json_array();
	for (size_t i = 0; i < v->nfiles; i++)
		json_array_append_new(files, file_json(req, v->code, &v->files[i], v->is_sender ? secret : NULL));
	json_object_set_new(o, "files", files);

	if (!v->officer)
		return o;
	set_str(o, "redacted_title", v->redacted_title);
	set_str(o, "redacted_body", v->redacted_body);
	set_str(o, "redacted_place", v->redacted_place);
	set_bool(o, "redacted", v->redacted_title || v->redacted_body || v->redacted_place);
	set_str(o, "intake_unit_code", v->intake_unit_code);
	set_str(o, "intake_unit_name", v->intake_unit_name);
	if (v->has_draft)
		json_object_set_new(o, "draft", answer_json(&v->draft));
	set_bool(o, "has_contact", v->has_contact);
	set_bool(o, "contact_shown", v->contact_shown);
	if (v->contact_shown)
		json_object_set_new(o, "contact", page_feedback_contact_json(&v->contact));
	json_t *merged = json_array();
	for (size_t i = 0; i < v->nmerged; i++) {
		const struct feedback_related *m = &v->merged[i];
		json_t *mj = json_pack("{s:s?, s:s?, s:I, s:b}", "code", m->code, "title", m->title, "received_at",
				       (json_int_t)m->received_at, "has_contact", m->has_contact);
		if (mj && m->contact_shown)
			json_object_set_new(mj, "contact", page_feedback_contact_json(&m->contact));
		if (mj)
			json_array_append_new(merged, mj);
	}
	json_object_set_new(o, "merged", merged);
	return o;
}

json_t *page_feedback_summary_json(const struct feedback_summary *s)
{
	json_t *o = json_object();
	set_str(o, "code", s->code);
	set_str(o, "title", s->title);
	set_str(o, "excerpt", s->excerpt);
	/* search results: escaped HTML whose only tag is <mark> (app/search.h) */
	set_str(o, "title_html", s->title_html);
	set_str(o, "snippet_html", s->snippet_html);
	set_str(o, "category_code", s->category_code);
	set_str(o, "category_name", s->category_name);
	set_str(o, "status", feedback_status_name(s->status));
	set_str(o, "status_label", feedback_status_label(s->status));
	set_str(o, "channel", feedback_channel_name(s->channel));
	set_str(o, "channel_label", feedback_channel_label(s->channel));
	set_bool(o, "public", s->public);
	set_str(o, "unit_code", s->unit_code);
	set_str(o, "unit_name", s->unit_name);
	set_str(o, "place", s->place);
	set_time(o, "received_at", s->received_at);
	set_time(o, "due_at", s->due_at);
	set_time(o, "published_at", s->published_at);
	set_bool(o, "overdue", s->overdue);
	return o;
}

json_t *page_feedback_pager(struct request *req, const char *path, const char *query, int64_t page,
			    int64_t per_page, int64_t total)
{
	int64_t pages = per_page > 0 ? (total + per_page - 1) / per_page : 0;
	/* no link past what a list shows (app/feedback.h FEEDBACK_LIST_DEPTH) */
	int64_t reach = per_page > 0 ? (FEEDBACK_LIST_DEPTH + per_page - 1) / per_page : 0;
	if (pages > reach)
		pages = reach;
	json_t *o = json_pack("{s:I, s:I, s:I}", "page", (json_int_t)page, "pages", (json_int_t)pages, "total",
			      (json_int_t)total);
	if (!o)
		return NULL;
	const char *sep = query && *query ? "&" : "";
	if (page > 1 && page - 1 <= pages)
		json_object_set_new(o, "prev", json_sprintf("%s?%s%spage=%lld", path, query ? query : "", sep,
							    (long long)(page - 1)));
	else if (page > 1)
		json_object_set_new(o, "prev", json_sprintf("%s?%s%spage=%lld", path, query ? query : "", sep,
							    (long long)(pages > 0 ? pages : 1)));
	if (page < pages)
		json_object_set_new(o, "next", json_sprintf("%s?%s%spage=%lld", path, query ? query : "", sep,
							    (long long)(page + 1)));
	(void)req;
	return o;
}

json_t *page_feedback_category_options(struct request *req, struct db *db, const char *selected,
				       const char *none)
{
	struct category *items;
	size_t n;
	if (category_list(db, req->arena, 0, &items, &n) < 0)
		return NULL;
	json_t *list = json_array();
	if (none)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", none, "selected",
						      !selected || !*selected));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", items[i].code, "label",
						      items[i].name, "selected",
						      selected && !strcmp(selected, items[i].code)));
	return list;
}

static json_t *unit_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
			    const char *selected, const char *none, int receiving)
{
	struct unit_list units;
	if (unit_list(db, req->arena, 0, &units) < 0)
		return NULL;
	json_t *list = json_array();
	if (none)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", "", "label", none, "selected",
						      !selected || !*selected));
	for (size_t i = 0; i < units.n; i++) {
		const struct unit *u = &units.items[i];
		if ((ids && !perm_units_contain(ids, nids, u->id)) || (receiving && !org_kind_receives_feedback(u->kind)))
			continue;
		json_t *opt = json_pack("{s:s, s:b}", "value", u->code, "selected", selected && !strcmp(selected, u->code));
		json_object_set_new(opt, "label", json_sprintf("%s (%s)", u->name, u->code));
		json_array_append_new(list, opt);
	}
	return list;
}

json_t *page_feedback_unit_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
				   const char *selected, const char *none)
{
	return unit_options(req, db, ids, nids, selected, none, 0);
}

json_t *page_feedback_receiving_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
					const char *selected, const char *none)
{
	return unit_options(req, db, ids, nids, selected, none, 1);
}

/* --- uploads ---------------------------------------------------------------------- */

int page_feedback_uploads(struct request *req, struct feedback_file *files, size_t *nfiles, const char **err,
			  json_t *names)
{
	*nfiles = 0;
	*err = NULL;
	const struct http_file *up[MULTIPART_MAX_FILES];
	size_t nu = req_files(req, "files", up, MULTIPART_MAX_FILES);
	for (size_t i = 0; i < nu; i++) {
		const struct http_file *f = up[i];
		if (*nfiles >= ATTACHMENT_MAX_PER_ITEM) {
			*err = "Mỗi phản ánh gửi kèm tối đa 5 tệp; các tệp vượt quá chưa được nhận.";
			break;
		}
		struct feedback_file file = { .data = f->data, .len = f->len, .filename = f->filename };
		int rc = feedback_file_check(&file);
		if (rc == FEEDBACK_OK) {
			files[(*nfiles)++] = file;
			continue;
		}
		*err = rc == FEEDBACK_TOO_LARGE
			? arena_printf(req->arena, "Tệp “%s” lớn hơn 10 MB nên chưa được nhận.", f->filename)
			: arena_printf(req->arena,
				       "Tệp “%s” không phải ảnh (JPEG, PNG, WebP, GIF) hoặc PDF nên chưa được nhận.",
				       f->filename);
		if (!*err)
			return -1;
	}
	if (names)
		for (size_t i = 0; i < *nfiles; i++)
			json_array_append_new(names, json_pack("{s:s}", "filename",
							       files[i].filename && *files[i].filename ? files[i].filename : "tep"));
	return 0;
}

/* --- sending -------------------------------------------------------------------- */

/* A field object for partials/field. */
static json_t *field(const char *name, const char *label, const char *value, json_t *errs)
{
	json_t *f = json_pack("{s:s, s:s, s:s}", "name", name, "label", label, "value", value ? value : "");
	json_t *e = errs ? json_object_get(errs, name) : NULL;
	if (f && e)
		json_object_set(f, "error", e);
	return f;
}

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
	json_t *cats = page_feedback_category_options(req, db, form_val(req, "category"), "— Chọn lĩnh vực —");
	json_t *desks = desk_options(req, db, form_val(req, "unit"));
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
	x = field("title", "Tiêu đề", form_val(req, "title"), e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_TITLE_MAX));
	json_object_set_new(x, "help", json_string("Nêu ngắn gọn vấn đề, ví dụ: Đèn đường hỏng trên phố Hàng Bạc."));
	json_object_set_new(f, "title", x);
	x = field("body", "Nội dung phản ánh, kiến nghị", form_val(req, "body"), e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "multiline", json_true());
	json_object_set_new(x, "rows", json_integer(8));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_BODY_MAX));
	json_object_set_new(x, "help", json_string("Việc gì, ở đâu, từ khi nào, ảnh hưởng thế nào và bạn đề nghị gì."));
	json_object_set_new(f, "body", x);
	x = field("category", "Lĩnh vực", NULL, e);
	json_object_set_new(x, "required", json_true());
	json_object_set_new(x, "options", cats);
	json_object_set_new(f, "category", x);
	x = field("unit", "Gửi đến phường, xã", NULL, e);
	json_object_set_new(x, "options", desks);
	json_object_set_new(x, "help", json_string("Nơi xảy ra sự việc; nếu chưa rõ, bạn cứ để mặc định."));
	json_object_set_new(f, "unit", x);
	x = field("place", "Địa điểm", form_val(req, "place"), e);
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_PLACE_MAX));
	json_object_set_new(x, "autocomplete", json_string("street-address"));
	json_object_set_new(x, "help", json_string("Số nhà, đường phố, tổ dân phố (nếu có)."));
	json_object_set_new(f, "place", x);
	x = field("lat", "Vĩ độ", form_val(req, "lat"), e);
	json_object_set_new(x, "inputmode", json_string("decimal"));
	json_object_set_new(f, "lat", x);
	x = field("lon", "Kinh độ", form_val(req, "lon"), e);
	json_object_set_new(x, "inputmode", json_string("decimal"));
	json_object_set_new(f, "lon", x);
	x = field("name", "Họ và tên", form_val(req, "name"), e);
	json_object_set_new(x, "autocomplete", json_string("name"));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_NAME_MAX));
	json_object_set_new(f, "name", x);
	x = field("phone", "Số điện thoại", form_val(req, "phone"), e);
	json_object_set_new(x, "type", json_string("tel"));
	json_object_set_new(x, "autocomplete", json_string("tel"));
	json_object_set_new(x, "inputmode", json_string("tel"));
	json_object_set_new(f, "phone", x);
	x = field("email", "Thư điện tử", form_val(req, "email"), e);
	json_object_set_new(x, "type", json_string("email"));
	json_object_set_new(x, "autocomplete", json_string("email"));
	json_object_set_new(x, "maxlength", json_integer(FEEDBACK_EMAIL_MAX));
	json_object_set_new(f, "email", x);

	const char *pub = req_form(req, "public");
	json_t *d = json_pack("{s:o, s:o, s:o, s:b, s:{s:b}}", "form", f, "errors", list ? list : json_array(),
			      "unsaved", unsaved ? unsaved : json_array(), "private", pub && !strcmp(pub, "0"), "nav",
			      "gui", 1);
	json_t *fe = json_object_get(e, "files");
	if (fe)
		json_object_set(d, "files_error", fe);
	json_decref(e);
	return web_page(req, status, "phan-anh/gui", d);
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

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/*
 * Read the send form into `in`; geo problems go to errs (JSON object).
 * Shared with the officers' form, which adds channel, unit and date.
 */
static void read_input(struct request *req, struct feedback_input *in, json_t *errs)
{
	memset(in, 0, sizeof(*in));
	in->title = form_val(req, "title");
	in->body = form_val(req, "body");
	in->category = form_val(req, "category");
	in->place = form_val(req, "place");
	in->unit = form_val(req, "unit");
	in->contact_name = form_val(req, "name");
	in->contact_phone = form_val(req, "phone");
	in->contact_email = form_val(req, "email");
	const char *pub = req_form(req, "public");
	in->is_private = pub && !strcmp(pub, "0");
	const char *lat = form_val(req, "lat"), *lon = form_val(req, "lon");
	if (!blank(lat) || !blank(lon)) {
		if (blank(lat) || blank(lon)) {
			json_object_set_new(errs, blank(lat) ? "lat" : "lon",
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

/* Add the web layer's own errors (object) to the app's list and map. */
static void merge_errors(json_t *own, json_t *list, json_t *by_field)
{
	const char *k;
	json_t *v;
	json_object_foreach(own, k, v) {
		if (json_object_get(by_field, k))
			continue;
		json_object_set(by_field, k, v);
		json_t *item = json_pack("{s:s, s:O}", "field", k, "message", v);
		json_array_append_new(list, item);
	}
}

struct submit_queue *page_submit_queue;

int page_feedback_submit_item(const struct app_ctx *ctx, const struct feedback_input *in,
			      struct feedback_receipt *out, struct feedback_errors *errs)
{
	if (page_submit_queue)
		return submit_feedback(page_submit_queue, ctx, in, out, errs);
	return feedback_submit(ctx, in, out, errs);
}

int page_feedback_send(struct request *req, struct feedback_input *in, const struct app_ctx *ctx,
		       json_t *own_errs, int officer,
		       int (*again)(struct request *, int, json_t *, json_t *, json_t *))
{
	struct feedback_file files[ATTACHMENT_MAX_PER_ITEM];
	size_t nfiles = 0;
	const char *ferr = NULL;
	json_t *unsaved = json_array(); /* files stored only with the item: on errors, to choose again */
	if (page_feedback_uploads(req, files, &nfiles, &ferr, unsaved) < 0) {
		json_decref(unsaved);
		json_decref(own_errs);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (ferr)
		json_object_set_new(own_errs, "files", json_string(ferr));
	in->files = files;
	in->nfiles = nfiles;

	struct feedback_errors errs = { 0 };
	struct feedback_receipt rc_out;
	int rc;
	if (json_object_size(own_errs)) {
		/* our own errors already: only collect the app's, write nothing */
		struct feedback_prepared p;
		rc = feedback_prepare(ctx, in, &p, &errs);
		if (rc == FEEDBACK_OK)
			rc = FEEDBACK_VALIDATION;
	} else {
		rc = page_feedback_submit_item(ctx, in, &rc_out, &errs);
	}
	if (rc == FEEDBACK_VALIDATION) {
		json_t *list = json_array(), *by = json_object();
		page_feedback_errors(&errs, NULL, list, by);
		merge_errors(own_errs, list, by);
		json_decref(own_errs);
		return again(req, 422, list, by, unsaved);
	}
	json_decref(own_errs);
	json_decref(unsaved);
	if (rc < 0)
		return page_feedback_fail(req, rc);
	struct category cat;
	const char *cname = NULL;
	if (category_get_by_code(ctx->db, in->category, req->arena, &cat) == DB_OK)
		cname = cat.name;
	return page_feedback_receipt(req, &rc_out, cname, !in->is_private, officer);
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
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	/* the public form is the citizens' even when an officer is logged in */
	actor.account_id = 0;
	actor.name = "citizen";
	struct feedback_input in;
	json_t *own = json_object();
	read_input(req, &in, own);
	in.channel = FB_CH_WEB;
	return page_feedback_send(req, &in, &ctx, own, 0, citizen_again);
}

/* The absolute tracking link for the QR code, from the Host header when it
 * looks like a host name, else the path alone. */
static const char *tracking_link(struct request *req, const char *code, const char *secret)
{
	const char *host = req_header(req, "Host");
	int ok = host && *host && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']';
	if (ok)
		return arena_printf(req->arena, "%s://%s/phan-anh/%s?secret=%s",
				    web_state.secure_cookies ? "https" : "http", host, code, secret);
	return arena_printf(req->arena, "/phan-anh/%s?secret=%s", code, secret);
}

int page_feedback_receipt(struct request *req, const struct feedback_receipt *r, const char *category_name,
			  int is_public, int officer)
{
	const char *link = tracking_link(req, r->code, r->secret);
	struct sbuf *svg = arena_sbuf(req->arena, 64 * 1024);
	if (!link || !svg)
		return http_error(req, 500, NULL, NULL);
	const char *label = arena_printf(req->arena, "Mã QR mở trang theo dõi phản ánh %s", r->code);
	int have_qr = qr_svg(svg, link, 200, label, "qr-theo-doi") == 0;
	json_t *d = json_pack("{s:s, s:s, s:s, s:s?, s:I, s:b, s:b, s:{s:b}}", "code", r->code, "secret", r->secret,
			      "link", link, "category_name", category_name, "received_at",
			      (json_int_t)r->received_at, "public", is_public, "officer", officer, "nav",
			      officer ? "quan_ly" : "gui", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	json_object_set_new(d, "path", json_sprintf("/phan-anh/%s?secret=%s", r->code, r->secret));
	char grouped[TRACKCODE_SECRET_BUFSZ + TRACKCODE_SECRET_BUFSZ / 4 + 1];
	size_t j = 0;
	for (size_t i = 0; r->secret[i] && j + 2 < sizeof(grouped); i++) {
		if (i && i % 4 == 0)
			grouped[j++] = ' ';
		grouped[j++] = r->secret[i];
	}
	grouped[j] = 0;
	set_str(d, "secret_display", grouped);
	if (r->due_at)
		set_int(d, "due_at", r->due_at);
	if (have_qr)
		set_str(d, "qr", svg->buf);
	/* shown once: never stored by a browser or proxy */
	http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, 200, "phan-anh/bien-nhan", d);
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
	if (blank(code)) {
		msg = "Vui lòng nhập mã theo dõi, ví dụ 7KQ4-M2XD.";
		status = 422;
	} else if (trc == TRACKCODE_BAD_CHECK) {
		msg = "Mã theo dõi có ký tự bị gõ nhầm. Vui lòng kiểm tra lại từng ký tự.";
		status = 422;
	} else if (trc != TRACKCODE_OK) {
		msg = "Mã theo dõi gồm 8 ký tự chữ và số, ví dụ 7KQ4-M2XD.";
		status = 422;
	} else {
		struct db *db = web_db(req);
		if (!db) {
			json_decref(d);
			return 0;
		}
		struct audit_actor actor;
		struct app_ctx ctx;
		struct feedback_view v;
		page_feedback_ctx(req, db, &actor, &ctx);
		int rc = feedback_get_public(&ctx, canon, blank(secret) ? NULL : secret, &v);
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
			return page_feedback_fail(req, rc);
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
	struct db *db = web_db(req);
	if (!db) {
		json_decref(extra);
		return 0;
	}
	struct audit_actor actor;
	struct app_ctx ctx;
	struct feedback_view v;
	page_feedback_ctx(req, db, &actor, &ctx);
	int rc = feedback_get_public(&ctx, code, blank(secret) ? NULL : secret, &v);
	if (rc < 0) {
		json_decref(extra);
		return page_feedback_fail(req, rc);
	}
	json_t *item = page_feedback_view_json(req, &v, secret);
	json_t *d = extra ? extra : json_object();
	json_object_set_new(d, "item", item);
	if (v.is_sender)
		set_str(d, "secret", secret);
	set_bool(d, "wrong_secret", !blank(secret) && !v.is_sender);
	json_object_set_new(d, "nav", json_pack("{s:b}", "tra_cuu", 1));
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
		page_feedback_fail(req, FEEDBACK_NOT_FOUND);
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
	if (req->session || !blank(secret) || req_cookie(req, "flash"))
		return item_page(req, 200, canon, secret, NULL);
	/* the anonymous public view: served from the response cache while the
	 * item's stamp is unchanged (web/cache.h) */
	struct db *db = web_db(req);
	int64_t stamp;
	if (!db)
		return 0;
	if (stamp_feedback(db, canon, &stamp) < 0)
		return item_page(req, 200, canon, NULL, NULL);
	char key[TRACKCODE_BUFSZ + 8];
	const void *data;
	size_t len;
	snprintf(key, sizeof(key), "html:%s", canon);
	if (cache_get(key, stamp, req->arena, &data, &len))
		return http_bytes(req, 200, "text/html; charset=utf-8", data, len);
	int rc = item_page(req, 200, canon, NULL, NULL);
	if (http_status(req) == 200)
		cache_put(key, stamp, req->out->buf, req->out->len);
	return rc;
}

int page_feedback_rate(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const char *code = req_arg(req, "code");
	const char *secret = clean_secret(req, form_val(req, "secret"));
	if (!secret)
		secret = "";
	const char *score_s = form_val(req, "score");
	const char *comment = form_val(req, "comment");
	long score = 0;
	if (*score_s && parse_long_str(score_s, 1, 5, &score) < 0)
		score = 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	actor.account_id = 0;
	actor.name = "citizen";
	struct feedback_errors errs;
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
			return page_feedback_fail(req, FEEDBACK_NOT_FOUND);
		json_t *list = json_array(), *by = json_object();
		if (rc == FEEDBACK_VALIDATION) {
			page_feedback_errors(&errs, NULL, list, by);
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
	return page_feedback_fail(req, rc);
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
	struct db *db = web_db(req);
	if (!db)
		return 0;
	const char *ids = req_arg(req, "id");
	long id;
	if (!ids || parse_long_str(ids, 1, INT32_MAX, &id) < 0)
		return page_feedback_fail(req, FEEDBACK_NOT_FOUND);
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	struct attachment a;
	int rc = feedback_attachment_get(&ctx, req_arg(req, "code"), clean_secret(req, req_query(req, "secret")), id,
					 &a);
	if (rc < 0)
		return page_feedback_fail(req, rc);
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

/* Append "&key=value" (URL-encoded) when value is not blank. */
static int query_add(struct sbuf *q, const char *key, const char *value)
{
	if (blank(value))
		return 0;
	if ((q->len && sbuf_addch(q, '&') < 0) || sbuf_addstr(q, key) < 0 || sbuf_addch(q, '=') < 0 ||
	    sbuf_add_urlenc(q, value, strlen(value)) < 0)
		return -1;
	return 0;
}

int64_t page_feedback_query_page(struct request *req)
{
	const char *p = req_query(req, "page");
	long n;
	if (!p || !*p)
		return 1;
	if (parse_long_str(p, 1, LONG_MAX, &n) == 0)
		return n;
	/* all digits, yet no long: a page far beyond any list */
	size_t digits = strspn(p, "0123456789");
	return digits && !p[digits] && strspn(p, "0") < digits ? INT64_MAX : 1;
}

int page_feedback_list(struct request *req)
{
	struct db *db = web_db(req);
	if (!db)
		return 0;
	struct audit_actor actor;
	struct app_ctx ctx;
	page_feedback_ctx(req, db, &actor, &ctx);
	const char *q = web_clip(req, req_query(req, "q"), 1000), *cat = req_query(req, "category"),
		   *unit = req_query(req, "unit");
	const char *st = req_query(req, "status");
	struct feedback_public_filter f = { 0 };
	enum feedback_status s;
	if (st && feedback_status_parse(st, &s) == 0 && (s == FB_PUBLISHED || s == FB_CLOSED))
		f.status = 1 + (int)s;
	f.category = blank(cat) ? NULL : cat;
	f.unit = blank(unit) ? NULL : unit;
	f.q = blank(q) ? NULL : q;
	f.page = page_feedback_query_page(req);
	f.per_page = PER_PAGE;
	struct feedback_page page;
	int rc = feedback_list_public(&ctx, &f, &page);
	if (rc < 0)
		return page_feedback_fail(req, rc);
	json_t *items = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(items, page_feedback_summary_json(&page.items[i]));
	struct sbuf *qs = arena_sbuf(req->arena, 16384);
	if (!qs || query_add(qs, "q", q) < 0 || query_add(qs, "category", cat) < 0 ||
	    query_add(qs, "unit", unit) < 0 || query_add(qs, "status", f.status ? st : NULL) < 0) {
		json_decref(items);
		return -1;
	}
	json_t *cats = page_feedback_category_options(req, db, cat, "Tất cả lĩnh vực");
	json_t *units = page_feedback_unit_options(req, db, NULL, 0, unit, "Tất cả đơn vị");
	json_t *statuses = json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}]",
				     "value", "", "label", "Đã trả lời và đã kết thúc", "selected", f.status == 0,
				     "value", "published", "label", feedback_status_label(FB_PUBLISHED), "selected",
				     f.status == 1 + FB_PUBLISHED, "value", "closed", "label",
				     feedback_status_label(FB_CLOSED), "selected", f.status == 1 + FB_CLOSED);
	json_t *d = json_pack("{s:o, s:I, s:s, s:o?, s:o?, s:o?, s:o?, s:b, s:{s:b}}", "items", items, "total",
			      (json_int_t)page.total, "q", q ? q : "", "categories", cats, "units", units,
			      "statuses", statuses, "pager",
			      page_feedback_pager(req, "/phan-anh", qs->buf, page.page, page.per_page, page.total),
			      "filtered", qs->len > 0, "nav", "phan_anh", 1);
	if (!d)
		return http_error(req, 500, NULL, NULL);
	return web_page(req, 200, "phan-anh/danh-sach", d);
}
