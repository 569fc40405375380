/*
 * view_feedback.c - feedback items and lists as JSON for the API and the
 * templates from one field table each, and the pieces the feedback pages
 * and the API share: sending, uploads, options, failures, the receipt.
 */
#include "web/view_feedback.h"
#include "web/qr.h"
#include "web/web.h"
#include "app/feedback.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/result.h"
#include "app/submit.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "store/category.h"
#include "store/db.h"
#include "store/unit.h"

struct submit_queue *view_submit_queue;

int view_feedback_submit(const struct app_ctx *ctx, const struct feedback_input *in,
			 struct feedback_receipt *out, struct app_errors *errs)
{
	if (view_submit_queue)
		return submit_feedback(view_submit_queue, ctx, in, out, errs);
	return feedback_submit(ctx, in, out, errs);
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

/* --- the field tables ------------------------------------------------------------ */

#define ITEM(m, api, page, type, awho, pwho) VIEW_FIELD(struct feedback_view, m, api, page, type, awho, pwho)
#define OFFICER VIEW_OFFICER
#define SENDER VIEW_SENDER

/*
 * The plain fields of an item: their names in the API (API.md) and in the
 * templates, and who sees each (0: whoever sees the item). Labels, the
 * answer, files, the timeline and other composed parts follow in
 * view_feedback_item().
 */
static const struct view_field item_fields[] = {
	ITEM(code,             "code",          "code",             VIEW_STR,      0,       0),
	ITEM(title,            "title",         "title",            VIEW_STR,      0,       0),
	ITEM(body,             "body",          "body",             VIEW_STR,      0,       0),
	ITEM(category_code,    "category",      "category_code",    VIEW_STR,      0,       0),
	ITEM(category_name,    "category_name", "category_name",    VIEW_STR,      0,       0),
	ITEM(legal_basis,      NULL,            "legal_basis",      VIEW_NONEMPTY, 0,       0),
	ITEM(received_at,      "received_at",   "received_at",      VIEW_TIME,     0,       0),
	ITEM(unit_code,        "unit",          "unit_code",        VIEW_STR,      0,       0),
	ITEM(unit_name,        "unit_name",     "unit_name",        VIEW_STR,      0,       0),
	ITEM(due_at,           "due_at",        "due_at",           VIEW_TIME,     0,       0),
	ITEM(place,            "place",         "place",            VIEW_STR,      0,       0),
	ITEM(merged_into_code, "merged_into",   "merged_into_code", VIEW_STR,      0,       0),
	ITEM(merged_hidden,    NULL,            "merged_hidden",    VIEW_BOOL,     0,       0),
	ITEM(merged_answered,  NULL,            "merged_answered",  VIEW_BOOL,     0,       0),
	ITEM(public,           "public",        "public",           VIEW_BOOL,     OFFICER, 0),
	ITEM(intake_unit_code, "intake_unit",   "intake_unit_code", VIEW_STR,      OFFICER, OFFICER),
	ITEM(intake_unit_name, NULL,            "intake_unit_name", VIEW_STR,      0,       OFFICER),
	ITEM(due_extended,     "due_extended",  "due_extended",     VIEW_BOOL,     OFFICER, 0),
	ITEM(overdue,          "overdue",       "overdue",          VIEW_BOOL,     OFFICER, 0),
	ITEM(answered_at,      "answered_at",   "answered_at",      VIEW_TIME,     OFFICER, 0),
	ITEM(published_at,     "published_at",  "published_at",     VIEW_TIME,     OFFICER, 0),
	ITEM(closed_at,        "closed_at",     "closed_at",        VIEW_TIME,     OFFICER, 0),
	ITEM(is_sender,        NULL,            "is_sender",        VIEW_BOOL,     0,       0),
	ITEM(can_rate,         "can_rate",      "can_rate",         VIEW_BOOL,     SENDER,  0),
	ITEM(officer,          NULL,            "officer",          VIEW_BOOL,     0,       0),
	ITEM(redacted_title,   NULL,            "redacted_title",   VIEW_STR,      0,       OFFICER),
	ITEM(redacted_body,    NULL,            "redacted_body",    VIEW_STR,      0,       OFFICER),
	ITEM(redacted_place,   NULL,            "redacted_place",   VIEW_STR,      0,       OFFICER),
	ITEM(has_contact,      "has_contact",   "has_contact",      VIEW_BOOL,     OFFICER, OFFICER),
	ITEM(contact_shown,    NULL,            "contact_shown",    VIEW_BOOL,     0,       OFFICER),
};

#define ANSWER(m, api, page, type) VIEW_FIELD(struct feedback_answer, m, api, page, type, 0, 0)

static const struct view_field answer_fields[] = {
	ANSWER(text,         "text",         "text",         VIEW_STR),
	ANSWER(basis,        "basis",        "basis",        VIEW_STR),
	ANSWER(next_steps,   "next_steps",   "next_steps",   VIEW_STR),
	ANSWER(unit_code,    "unit",         "unit_code",    VIEW_STR),
	ANSWER(unit_name,    "unit_name",    "unit_name",    VIEW_STR),
	ANSWER(drafted_at,   "drafted_at",   "drafted_at",   VIEW_TIME),
	ANSWER(published_at, "published_at", "published_at", VIEW_TIME),
};

#define LINE(m, api, page, type, awho) VIEW_FIELD(struct feedback_summary, m, api, page, type, awho, 0)

/* A line of a list; `officer` (the API's inbox) is VIEW_OFFICER. With a
 * search, title_html and snippet_html are escaped HTML whose only tag is
 * <mark> (app/search.h). */
static const struct view_field summary_fields[] = {
	LINE(code,          "code",          "code",          VIEW_STR,  0),
	LINE(title,         "title",         "title",         VIEW_STR,  0),
	LINE(excerpt,       NULL,            "excerpt",       VIEW_STR,  0),
	LINE(title_html,    NULL,            "title_html",    VIEW_STR,  0),
	LINE(snippet_html,  NULL,            "snippet_html",  VIEW_STR,  0),
	LINE(category_code, "category",      "category_code", VIEW_STR,  0),
	LINE(category_name, "category_name", "category_name", VIEW_STR,  0),
	LINE(public,        "public",        "public",        VIEW_BOOL, OFFICER),
	LINE(unit_code,     "unit",          "unit_code",     VIEW_STR,  0),
	LINE(unit_name,     "unit_name",     "unit_name",     VIEW_STR,  0),
	LINE(place,         NULL,            "place",         VIEW_STR,  0),
	LINE(received_at,   "received_at",   "received_at",   VIEW_TIME, 0),
	LINE(due_at,        "due_at",        "due_at",        VIEW_TIME, 0),
	LINE(published_at,  "published_at",  "published_at",  VIEW_TIME, 0),
	LINE(overdue,       "overdue",       "overdue",       VIEW_BOOL, OFFICER),
};

#define COUNT(tab) (sizeof(tab) / sizeof((tab)[0]))

/* --- JSON ---------------------------------------------------------------------- */

json_t *view_feedback_contact(const struct feedback_contact *c)
{
	json_t *o = json_object();
	view_set_str(o, "name", c->name);
	view_set_str(o, "phone", c->phone);
	view_set_str(o, "email", c->email);
	return o;
}

static json_t *answer_json(const struct feedback_answer *a, enum view_dialect d)
{
	json_t *o = json_object();
	if (!o || view_fields(o, a, answer_fields, COUNT(answer_fields), d, 0) < 0) {
		json_decref(o);
		return NULL;
	}
	view_set_str(o, "result", feedback_result_name(a->result));
	if (d == VIEW_PAGE)
		view_set_str(o, "result_label", feedback_result_label(a->result));
	return o;
}

/* A file of the item; `secret` (the sender's, or NULL) goes into its link. */
static json_t *file_json(struct request *req, const char *code, const struct attachment *f, const char *secret,
			 enum view_dialect d)
{
	struct sbuf *url = arena_sbuf(req->arena, 512);
	if (!url || sbuf_addf(url, "/phan-anh/%s/tep/%lld", code, (long long)f->id) < 0 ||
	    (secret && (sbuf_addstr(url, "?secret=") < 0 || sbuf_add_urlenc(url, secret, strlen(secret)) < 0)))
		return d == VIEW_API ? NULL : json_object();
	int evidence = f->kind == ATTACHMENT_EVIDENCE;
	if (d == VIEW_API)
		return json_pack("{s:I, s:s?, s:s?, s:I, s:s, s:s}", "id", (json_int_t)f->id, "filename", f->filename,
				 "mime", f->mime, "size", (json_int_t)f->size, "kind",
				 evidence ? "evidence" : "submission", "url", url->buf);
	/* sizes people read: "850 KB", "2,4 MB" */
	char size[32];
	if (f->size < 1024 * 1024)
		snprintf(size, sizeof(size), "%zu KB", (f->size + 1023) / 1024);
	else
		snprintf(size, sizeof(size), "%zu,%zu MB", f->size / (1024 * 1024),
			 (f->size % (1024 * 1024)) * 10 / (1024 * 1024));
	return json_pack("{s:I, s:s, s:s?, s:s, s:b, s:b, s:s, s:s}", "id", (json_int_t)f->id, "filename",
			 f->filename ? f->filename : "tep", "mime", f->mime, "url", url->buf, "is_image",
			 f->mime && !strncmp(f->mime, "image/", 6), "evidence", evidence, "kind_label",
			 evidence ? "Minh chứng (nội bộ)" : "Người gửi đính kèm", "size", size);
}

/* One entry of the timeline. The API's are the officers' (all events,
 * with the status before and after and the raw `extra`); the templates'
 * carry a label and a detail line, and actor names only for officers. */
static json_t *event_json(struct request *req, const struct feedback_event *e, int officer, enum view_dialect d)
{
	json_t *ev;
	if (d == VIEW_API) {
		ev = json_pack("{s:s, s:s?, s:b, s:s?, s:s?}", "type", feedback_event_name(e->type), "actor",
			       e->actor_name, "public", e->public, "status_before", feedback_status_name(e->status_before),
			       "status_after", feedback_status_name(e->status_after));
		if (!ev)
			return NULL;
		view_set_time(ev, "at", e->at, d);
		view_set_str(ev, "unit", e->unit_code);
		view_set_str(ev, "text", e->text);
		json_t *x = e->extra ? json_loads(e->extra, 0, NULL) : NULL;
		if (x)
			json_object_set_new(ev, "extra", x);
		return ev;
	}
	ev = json_pack("{s:I}", "at", (json_int_t)e->at);
	if (!ev)
		return NULL;
	view_set_str(ev, "type", feedback_event_name(e->type));
	view_set_str(ev, "label", event_label(e->type));
	view_set_str(ev, "text", e->text);
	view_set_str(ev, "detail", event_detail(req, e, officer));
	if (e->type == FB_EV_ASSIGN || e->type == FB_EV_TRANSFER || e->type == FB_EV_REOPEN)
		view_set_str(ev, "unit_name", e->unit_name);
	if (officer) {
		view_set_str(ev, "actor_name", e->actor_name);
		json_object_set_new(ev, "internal", json_boolean(!e->public));
	}
	return ev;
}

/* Append `v` (stolen) to the array, dropping a NULL. */
static void append(json_t *list, json_t *v)
{
	if (v)
		json_array_append_new(list, v);
}

/* The parts only officers see beyond the plain fields. */
static void officer_parts(struct request *req, json_t *o, const struct feedback_view *v, enum view_dialect d)
{
	int redacted = v->redacted_title || v->redacted_body || v->redacted_place;
	if (d == VIEW_API && redacted) {
		json_t *r = json_object();
		view_set_str(r, "title", v->redacted_title);
		view_set_str(r, "body", v->redacted_body);
		view_set_str(r, "place", v->redacted_place);
		json_object_set_new(o, "public_version", r);
	} else if (d == VIEW_PAGE) {
		json_object_set_new(o, "redacted", json_boolean(redacted));
	}
	if (v->has_draft)
		json_object_set_new(o, "draft", answer_json(&v->draft, d));
	if (v->contact_shown)
		json_object_set_new(o, "contact", view_feedback_contact(&v->contact));
	if (d == VIEW_API) {
		json_t *notes = json_array(), *allowed = json_array();
		for (size_t i = 0; i < v->nevents; i++) {
			const struct feedback_event *e = &v->events[i];
			if (e->type != FB_EV_NOTE)
				continue;
			json_t *n = json_pack("{s:s?, s:s?}", "actor", e->actor_name, "text", e->text);
			view_set_time(n, "at", e->at, d);
			append(notes, n);
		}
		json_object_set_new(o, "notes", notes);
		for (int t = 0; t < FB_EV_ACTION_COUNT; t++)
			if (v->allowed_events & (1u << t))
				append(allowed, json_string(feedback_event_name((enum feedback_event_type)t)));
		json_object_set_new(o, "allowed_events", allowed);
	}
	json_t *merged = json_array();
	for (size_t i = 0; i < v->nmerged; i++) {
		const struct feedback_related *m = &v->merged[i];
		json_t *mj = json_pack("{s:s?, s:s?, s:b}", "code", m->code, "title", m->title, "has_contact",
				       m->has_contact);
		if (!mj)
			continue;
		if (d == VIEW_API)
			view_set_time(mj, "received_at", m->received_at, d);
		else
			json_object_set_new(mj, "received_at", json_integer((json_int_t)m->received_at));
		if (m->contact_shown)
			json_object_set_new(mj, "contact", view_feedback_contact(&m->contact));
		json_array_append_new(merged, mj);
	}
	json_object_set_new(o, "merged", merged);
}

json_t *view_feedback_item(struct request *req, const struct feedback_view *v, const char *secret,
			   enum view_dialect d)
{
	unsigned who = (v->officer ? VIEW_OFFICER : 0) | (v->is_sender ? VIEW_SENDER : 0);
	json_t *o = json_object();
	if (!o || view_fields(o, v, item_fields, COUNT(item_fields), d, who) < 0) {
		json_decref(o);
		return NULL;
	}
	view_set_str(o, "status", feedback_status_name(v->status));
	if (d == VIEW_PAGE) {
		view_set_str(o, "status_label",
			     v->officer ? feedback_status_label(v->status) : public_status_label(v->status));
		view_set_str(o, "badge", v->officer || v->status != FB_ANSWERED ? feedback_status_name(v->status)
									       : "assigned");
		json_object_set_new(o, "open", json_boolean(feedback_status_open(v->status)));
		json_object_set_new(o, "rateable",
				    json_boolean((v->status == FB_PUBLISHED || v->status == FB_CLOSED) && !v->rating));
		view_set_str(o, "channel_label", feedback_channel_label(v->channel));
		if (v->deadline_amount)
			json_object_set_new(o, "deadline", json_sprintf("%d %s", v->deadline_amount,
									deadline_unit_label(v->deadline_unit)));
	}
	if (d == VIEW_PAGE || v->officer)
		view_set_str(o, "channel", feedback_channel_name(v->channel));
	if (v->meeting_id)
		json_object_set_new(o, "meeting", json_sprintf("%lld", (long long)v->meeting_id));
	if (v->has_geo && d == VIEW_API) {
		json_object_set_new(o, "lat", json_real(v->lat));
		json_object_set_new(o, "lon", json_real(v->lon));
	} else if (v->has_geo) {
		json_object_set_new(o, "geo", json_sprintf("%.6f, %.6f", v->lat, v->lon));
	}
	if (v->merged_hidden && d == VIEW_API) {
		/* followed at an item the caller may not see: no code, no answer */
		json_object_set_new(o, "merged_into_hidden", json_true());
		json_object_set_new(o, "merged_answered", json_boolean(v->merged_answered));
	}
	if (v->has_answer)
		json_object_set_new(o, "answer", answer_json(&v->answer, d));
	if (v->rating && d == VIEW_PAGE) {
		json_object_set_new(o, "rating", json_integer(v->rating));
		view_set_str(o, "rating_comment", v->rating_comment);
		view_set_time(o, "rated_at", v->rated_at, d);
	} else if (v->rating && (v->is_sender || v->officer)) {
		json_t *r = json_pack("{s:i, s:s?}", "score", v->rating, "comment", v->rating_comment);
		view_set_time(r, "rated_at", v->rated_at, d);
		json_object_set_new(o, "rating", r);
	}
	/* the API's timeline is the officers'; the templates show the public
	 * events to everyone else (the view holds only those) */
	if (d == VIEW_PAGE || v->officer) {
		json_t *events = json_array();
		for (size_t i = 0; i < v->nevents; i++)
			append(events, event_json(req, &v->events[i], v->officer, d));
		json_object_set_new(o, "events", events);
	}
	json_t *files = json_array();
	for (size_t i = 0; i < v->nfiles; i++)
		append(files, file_json(req, v->code, &v->files[i], v->is_sender ? secret : NULL, d));
	json_object_set_new(o, "files", files);
	if (v->officer)
		officer_parts(req, o, v, d);
	return o;
}

json_t *view_feedback_summary(const struct feedback_summary *s, enum view_dialect d, int officer)
{
	json_t *o = json_object();
	if (!o || view_fields(o, s, summary_fields, COUNT(summary_fields), d, officer ? VIEW_OFFICER : 0) < 0) {
		json_decref(o);
		return NULL;
	}
	view_set_str(o, "status", feedback_status_name(s->status));
	if (d == VIEW_PAGE) {
		view_set_str(o, "status_label", feedback_status_label(s->status));
		view_set_str(o, "channel_label", feedback_channel_label(s->channel));
	}
	if (d == VIEW_PAGE || officer)
		view_set_str(o, "channel", feedback_channel_name(s->channel));
	return o;
}

/* --- forms and filters ------------------------------------------------------------ */

const char *view_feedback_status_name(int i)
{
	return feedback_status_name((enum feedback_status)i);
}

const char *view_feedback_channel_name(int i)
{
	return feedback_channel_name((enum feedback_channel)i);
}

const char *view_feedback_status_label(int i)
{
	return feedback_status_label((enum feedback_status)i);
}

const char *view_feedback_channel_label(int i)
{
	return feedback_channel_label((enum feedback_channel)i);
}

const char *view_feedback_sort_name(int i)
{
	static const char *const names[VIEW_FEEDBACK_SORTS] = { "newest", "oldest", "due" };
	_Static_assert(FB_SORT_NEWEST == 0 && FB_SORT_OLDEST == 1 && FB_SORT_DUE == 2, "the order of names[]");
	return i >= 0 && i < VIEW_FEEDBACK_SORTS ? names[i] : NULL;
}

json_t *view_feedback_category_options(struct request *req, struct db *db, const char *selected,
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

json_t *view_feedback_unit_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
				   const char *selected, const char *none)
{
	return unit_options(req, db, ids, nids, selected, none, 0);
}

json_t *view_feedback_receiving_options(struct request *req, struct db *db, const int64_t *ids, size_t nids,
					const char *selected, const char *none)
{
	return unit_options(req, db, ids, nids, selected, none, 1);
}

int view_feedback_uploads(struct request *req, struct feedback_file *files, size_t *nfiles, const char **err,
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

void view_feedback_read_form(struct request *req, struct feedback_input *in)
{
	memset(in, 0, sizeof(*in));
	in->title = view_form(req, "title");
	in->body = view_form(req, "body");
	in->category = view_form(req, "category");
	in->place = view_form(req, "place");
	in->unit = view_form(req, "unit");
	in->contact_name = view_form(req, "name");
	in->contact_phone = view_form(req, "phone");
	in->contact_email = view_form(req, "email");
	const char *pub = req_form(req, "public");
	in->is_private = pub && !strcmp(pub, "0");
}

int view_feedback_form_page(struct request *req, int status, const char *page, const char *nav, json_t *form,
			    json_t *list, json_t *errs, json_t *unsaved)
{
	const char *pub = req_form(req, "public");
	json_t *d = json_pack("{s:o, s:o, s:o, s:b, s:{s:b}}", "form", form, "errors", list ? list : json_array(),
			      "unsaved", unsaved ? unsaved : json_array(), "private", pub && !strcmp(pub, "0"), "nav",
			      nav, 1);
	json_t *fe = json_object_get(errs, "files");
	if (d && fe)
		json_object_set(d, "files_error", fe);
	json_decref(errs);
	return web_page(req, status, page, d);
}

/* --- answers --------------------------------------------------------------------- */

int view_feedback_fail(struct request *req, int rc)
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

int view_feedback_receipt(struct request *req, const struct feedback_receipt *r, const char *category_name,
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
	view_set_str(d, "secret_display", grouped);
	if (r->due_at)
		json_object_set_new(d, "due_at", json_integer((json_int_t)r->due_at));
	if (have_qr)
		view_set_str(d, "qr", svg->buf);
	/* shown once: never stored by a browser or proxy */
	http_header(req, "Cache-Control", "no-store, private");
	return web_page(req, 200, "phan-anh/bien-nhan", d);
}

int view_feedback_send(struct request *req, struct feedback_input *in, const struct app_ctx *ctx,
		       json_t *own_errs, int officer,
		       int (*again)(struct request *, int, json_t *, json_t *, json_t *))
{
	struct feedback_file files[ATTACHMENT_MAX_PER_ITEM];
	size_t nfiles = 0;
	const char *ferr = NULL;
	json_t *unsaved = json_array(); /* files stored only with the item: on errors, to choose again */
	if (view_feedback_uploads(req, files, &nfiles, &ferr, unsaved) < 0) {
		json_decref(unsaved);
		json_decref(own_errs);
		return http_error(req, 503, "unavailable", NULL);
	}
	if (ferr)
		json_object_set_new(own_errs, "files", json_string(ferr));
	in->files = files;
	in->nfiles = nfiles;

	struct app_errors errs = { 0 };
	struct feedback_receipt rc_out;
	int rc;
	if (json_object_size(own_errs)) {
		/* our own errors already: only collect the app's, write nothing */
		struct feedback_prepared p;
		rc = feedback_prepare(ctx, in, &p, &errs);
		if (rc == FEEDBACK_OK)
			rc = FEEDBACK_VALIDATION;
	} else {
		rc = view_feedback_submit(ctx, in, &rc_out, &errs);
	}
	if (rc == FEEDBACK_VALIDATION) {
		json_t *list = json_array(), *by = json_object();
		view_errors(&errs, NULL, list, by);
		view_merge_errors(own_errs, list, by);
		json_decref(own_errs);
		return again(req, 422, list, by, unsaved);
	}
	json_decref(own_errs);
	json_decref(unsaved);
	if (rc < 0)
		return view_feedback_fail(req, rc);
	struct category cat;
	const char *cname = NULL;
	if (category_get_by_code(ctx->db, in->category, req->arena, &cat) == DB_OK)
		cname = cat.name;
	return view_feedback_receipt(req, &rc_out, cname, !in->is_private, officer);
}
