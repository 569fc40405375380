/*
 * feedback_workflow.c - officers' events on an item, run by wf_apply()
 * (app/workflow.h) over the table of app/fbstate.c: the checks of each
 * event's fields, loading and saving the item, each event's own effect,
 * and the sender's rating of the answer.
 */
#include "app/feedback_int.h"
#include "app/fbstate.h"
#include "app/workflow.h"
#include "store/answer.h"
#include "store/category.h"
#include "store/db.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/vntext.h"

/* What an event carries from check() to save() (wf_call.scratch): the
 * cleaned fields, and the timeline event's text and extra. */
struct event_fields {
	const char *text;             /* the timeline event's text (an answer's lives in store/answer.h) */
	const char *title, *body, *place;
	const char *basis, *next_steps;
	enum feedback_result result;
	char into[TRACKCODE_BUFSZ];
	json_t *extra;                /* the timeline event's extra, or NULL; feedback_apply_event() frees it */
};

#define REASON_SHORT "Lý do cần ít nhất 5 ký tự."
#define REASON_LONG "Lý do tối đa 2.000 ký tự."
#define TEXT_LONG "Nội dung tối đa 2.000 ký tự."

/* A required reason of FEEDBACK_REASON_MIN..MAX characters in f->text. */
static int reason(struct wf_call *c, const char *text, const char *missing, struct event_fields *f)
{
	return feedback_require_field(c->ctx->arena, text, VNTEXT_MULTILINE, FEEDBACK_REASON_MIN, FEEDBACK_REASON_MAX,
				      c->errs, "text", missing, REASON_SHORT, REASON_LONG, &f->text);
}

/* An optional text of up to FEEDBACK_REASON_MAX characters. */
static int optional(struct wf_call *c, const char *text, const char *field, const char **out)
{
	return feedback_clean_field(c->ctx->arena, text, VNTEXT_MULTILINE, 1, FEEDBACK_REASON_MAX, c->errs, field,
				    "", TEXT_LONG, out);
}

/* The redact fields: the public title, body and place, at least one. */
static int check_redact(struct wf_call *c, const struct feedback_action *act, struct event_fields *f)
{
	struct arena *a = c->ctx->arena;
	int nomem = reason(c, act->text, "Vui lòng nêu lý do biên tập.", f) == -2;
	nomem |= feedback_clean_field(a, act->title, VNTEXT_SINGLELINE, FEEDBACK_TITLE_MIN, FEEDBACK_TITLE_MAX,
				      c->errs, "title", "Tiêu đề cần ít nhất 5 ký tự.", "Tiêu đề tối đa 200 ký tự.",
				      &f->title) == -2;
	nomem |= feedback_clean_field(a, act->body, VNTEXT_MULTILINE, FEEDBACK_BODY_MIN, FEEDBACK_BODY_MAX, c->errs,
				      "body", "Nội dung cần ít nhất 10 ký tự.", "Nội dung tối đa 10.000 ký tự.",
				      &f->body) == -2;
	nomem |= feedback_clean_field(a, act->place, VNTEXT_SINGLELINE, 1, FEEDBACK_PLACE_MAX, c->errs, "place", "",
				      "Địa điểm tối đa 300 ký tự.", &f->place) == -2;
	if (!f->title && !f->body && !f->place && !app_errors_get(c->errs, "title") &&
	    !app_errors_get(c->errs, "body") && !app_errors_get(c->errs, "place"))
		app_errors_add(c->errs, "title", "Vui lòng nhập tiêu đề, nội dung hoặc địa điểm công khai đã biên tập.");
	return nomem ? -2 : 0;
}

/* The answer fields: text, result, basis, next steps. */
static int check_answer(struct wf_call *c, const struct feedback_action *act, struct event_fields *f)
{
	int nomem = feedback_require_field(c->ctx->arena, act->text, VNTEXT_MULTILINE, FEEDBACK_ANSWER_MIN,
					   FEEDBACK_ANSWER_MAX, c->errs, "text", "Vui lòng nhập nội dung trả lời.",
					   "Nội dung trả lời cần ít nhất 10 ký tự.",
					   "Nội dung trả lời tối đa 10.000 ký tự.", &f->text) == -2;
	if (!feedback_blank(act->result) && feedback_result_parse(act->result, &f->result) < 0)
		app_errors_add(c->errs, "result", "Kết quả giải quyết không hợp lệ.");
	nomem |= feedback_clean_field(c->ctx->arena, act->basis, VNTEXT_MULTILINE, 1, FEEDBACK_BASIS_MAX, c->errs,
				      "basis", "", "Căn cứ tối đa 1.000 ký tự.", &f->basis) == -2;
	nomem |= optional(c, act->next_steps, "next_steps", &f->next_steps) == -2;
	return nomem ? -2 : 0;
}

/* The fields each event reads (feedback.h), cleaned before the
 * transaction; their messages wait in c->errs until the scope, role and
 * status checks have passed. */
int feedback_wf_check(struct wf_call *c)
{
	const struct feedback_action *act = c->input;
	struct event_fields *f = c->scratch;
	int rc = 0;
	f->result = FB_RESULT_EXPLAINED;
	switch (act->type) {
	case FB_EV_ASSIGN:
	case FB_EV_TRANSFER:
		if (feedback_blank(act->unit))
			app_errors_add(c->errs, "unit", "Vui lòng chọn đơn vị xử lý.");
		rc = optional(c, act->text, "text", &f->text);
		break;
	case FB_EV_REJECT:
		rc = reason(c, act->text, "Vui lòng nêu lý do không thụ lý.", f);
		break;
	case FB_EV_NOTE:
		rc = feedback_require_field(c->ctx->arena, act->text, VNTEXT_MULTILINE, 1, FEEDBACK_NOTE_MAX, c->errs,
					    "text", "Vui lòng nhập nội dung ghi chú.", "", "Ghi chú tối đa 5.000 ký tự.",
					    &f->text);
		break;
	case FB_EV_ANSWER:
		rc = check_answer(c, act, f);
		break;
	case FB_EV_EXTEND:
		if (act->days < 1 || act->days > FEEDBACK_EXTEND_MAX)
			app_errors_add(c->errs, "days", "Số ngày gia hạn phải từ 1 đến 30 ngày làm việc.");
		rc = reason(c, act->text, "Vui lòng nêu lý do gia hạn.", f);
		break;
	case FB_EV_MERGE:
		if (feedback_blank(act->into))
			app_errors_add(c->errs, "into", "Vui lòng nhập mã phản ánh cần gộp vào.");
		else if (trackcode_parse(act->into, f->into) != TRACKCODE_OK)
			app_errors_add(c->errs, "into", "Mã phản ánh không hợp lệ.");
		break;
	case FB_EV_REOPEN:
		rc = reason(c, act->text, "Vui lòng nêu lý do mở lại.", f);
		break;
	case FB_EV_CLOSE:
		rc = optional(c, act->text, "text", &f->text);
		break;
	case FB_EV_REDACT:
		rc = check_redact(c, act, f);
		break;
	default:
		break;
	}
	return rc == -2 ? APP_ERROR : APP_OK;
}

int feedback_wf_load(struct wf_call *c, const char *key)
{
	struct feedback_row *r = arena_alloc(c->ctx->arena, sizeof(*r));
	if (!r)
		return APP_ERROR;
	int rc = feedback_load(c->ctx, key, r);
	if (rc != FEEDBACK_OK)
		return rc;
	c->record = r;
	c->object = r->code;
	c->status = r->status;
	c->scope_unit = feedback_scope_unit(r);
	c->is_public = r->public;
	return APP_OK;
}

/* The item with its new status, and the event on its timeline (public
 * per the table's row). */
int feedback_wf_save(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	const char *extra = NULL;
	if (f->extra) {
		extra = feedback_json(c->ctx->arena, f->extra);
		f->extra = NULL;
		if (!extra)
			return APP_ERROR;
	}
	struct feedback_event ev = {
		.feedback_id = r->id,
		.at = c->ctx->now,
		.type = (enum feedback_event_type)c->event,
		.actor_id = feedback_account(c->ctx),
		.unit_id = r->unit_id,
		.public = c->ev->public,
		.status_before = (enum feedback_status)c->status,
		.status_after = (enum feedback_status)c->next,
		.text = f->text,
		.extra = extra,
	};
	r->status = (enum feedback_status)c->next;
	r->updated_at = c->ctx->now;
	if (feedback_row_update(c->ctx->db, r) < 0 || feedback_event_insert(c->ctx->db, &ev, &c->event_id) < 0)
		return APP_ERROR;
	return APP_OK;
}

/* --- each event's own effect ------------------------------------------------ */

/* Add `key` to the audit summary (v NULL: out of memory). */
static int summary_set(struct wf_call *c, const char *key, json_t *v)
{
	return v && json_object_set_new(c->summary, key, v) == 0 ? APP_OK : APP_ERROR;
}

/* A JSON string, or null for NULL. */
static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A message for `field`, and the outcome `rc`. */
static int refuse(struct wf_call *c, const char *field, const char *message, int rc)
{
	app_errors_add(c->errs, field, message);
	return rc;
}

/* The answer an event drafted or published: in its extra and the summary. */
static int with_answer(struct wf_call *c, int64_t answer_id)
{
	struct event_fields *f = c->scratch;
	f->extra = json_pack("{s:I}", "answer_id", (json_int_t)answer_id);
	return f->extra ? summary_set(c, "answer_id", json_integer(answer_id)) : APP_ERROR;
}

/* The handling unit named in the action (assign, transfer, reopen): 0
 * with its id, or an outcome with the message for "unit". */
static int unit_of(struct wf_call *c, int64_t *uid, const char **ucode)
{
	const struct feedback_action *act = c->input;
	int u = feedback_open_unit(c->ctx, act->unit, uid, ucode);
	if (u < 0)
		return APP_ERROR;
	if (u > 0)
		return refuse(c, "unit", u == 2 ? FEEDBACK_NOT_RECEIVING : FEEDBACK_NO_UNIT, APP_VALIDATION);
	return APP_OK;
}

/* assign and transfer: the new handling unit (a transfer's extra names the
 * one before). */
int feedback_wf_assign(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	int64_t uid = 0;
	const char *ucode = NULL;
	int rc = unit_of(c, &uid, &ucode);
	if (rc != APP_OK)
		return rc;
	if (c->event == FB_EV_TRANSFER) {
		if (uid == r->unit_id)
			return refuse(c, "unit", "Phản ánh đang do đơn vị này xử lý.", APP_VALIDATION);
		f->extra = json_pack("{s:I, s:s?}", "from_unit_id", (json_int_t)r->unit_id, "from_unit", r->unit_code);
		if (!f->extra)
			return APP_ERROR;
	}
	r->unit_id = uid;
	return summary_set(c, "unit", text_or_null(ucode));
}

/* A new draft of the answer (the event keeps no text: the draft is a row
 * of store/answer.h, owner FEEDBACK_OWNER). */
int feedback_wf_answer(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	struct answer ans = {
		.owner_kind = FEEDBACK_OWNER,
		.owner_id = r->id,
		.unit_id = r->unit_id,
		.result = feedback_result_name(f->result),
		.basis = f->basis,
		.next_steps = f->next_steps,
		.text = f->text,
		.drafted_by = feedback_account(c->ctx),
		.drafted_at = c->ctx->now,
	};
	int64_t answer_id = 0;
	if (answer_insert(c->ctx->db, &ans, &answer_id) < 0)
		return APP_ERROR;
	r->answered_at = c->ctx->now;
	f->text = NULL;
	return with_answer(c, answer_id);
}

/* The latest draft becomes the published answer. */
int feedback_wf_publish(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct answer ans;
	int x = answer_publish_latest(c->ctx->db, FEEDBACK_OWNER, r->id, feedback_account(c->ctx), c->ctx->now,
				      c->ctx->arena, &ans);
	if (x == DB_NOTFOUND)
		return APP_INVALID_TRANSITION;
	if (x < 0)
		return APP_ERROR;
	r->published_at = c->ctx->now;
	if (!r->answered_at)
		r->answered_at = ans.drafted_at;
	return with_answer(c, ans.id);
}

/* Once per item: the due date moves by `days` working days. */
int feedback_wf_extend(struct wf_call *c)
{
	const struct feedback_action *act = c->input;
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	if (r->due_extended)
		return refuse(c, "days", "Phản ánh này đã được gia hạn một lần.", APP_CONFLICT);
	int64_t base = r->due_at ? vn_day_of(r->due_at) : vn_day_of(c->ctx->now), day;
	if (!c->ctx->cal || calendar_due_day(c->ctx->cal, base, act->days, CAL_WORKING_DAY, &day) < 0)
		return refuse(c, "days", "Không tính được hạn mới theo lịch làm việc.", APP_VALIDATION);
	char d1[11] = "", d2[11];
	if (r->due_at)
		fmt_ymd(vn_day_of(r->due_at), d1);
	fmt_ymd(day, d2);
	f->extra = json_pack("{s:s?, s:s, s:i}", "due_before", r->due_at ? d1 : NULL, "due_after", d2, "days",
			     act->days);
	if (!f->extra || summary_set(c, "due_after", json_string(d2)) < 0 ||
	    summary_set(c, "days", json_integer(act->days)) < 0)
		return APP_ERROR;
	r->due_at = feedback_end_of_day(day);
	r->due_extended = 1;
	return APP_OK;
}

/* Into another open item the actor may merge into; that item shows the
 * merge on its own timeline too. */
int feedback_wf_merge(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	struct feedback_row target;
	int x = feedback_row_get_by_code(c->ctx->db, f->into, c->ctx->arena, &target);
	unsigned troles = 0;
	if (x < 0 && x != DB_NOTFOUND)
		return APP_ERROR;
	if (x == DB_OK && feedback_roles(c->ctx, &target, &troles) < 0)
		return APP_ERROR;
	if (x == DB_NOTFOUND || (!troles && !target.public))
		return refuse(c, "into", "Không tìm thấy phản ánh có mã này.", APP_VALIDATION);
	/* both items' units: merging moves the duplicate (its text and its
	 * sender) into the other unit's case */
	if (!(troles & fbstate_roles(FB_EV_MERGE)))
		return refuse(c, "into", "Bạn không có quyền gộp vào phản ánh của đơn vị này.", APP_FORBIDDEN);
	if (target.id == r->id)
		return refuse(c, "into", "Không thể gộp phản ánh vào chính nó.", APP_VALIDATION);
	if (target.status == FB_CLOSED || target.status == FB_REJECTED || target.status == FB_MERGED)
		return refuse(c, "into", "Phản ánh này đã kết thúc hoặc đã được gộp, không thể gộp vào.",
			      APP_VALIDATION);
	r->merged_into_id = target.id;
	f->extra = json_pack("{s:s}", "into", target.code);
	if (!f->extra || summary_set(c, "into", json_string(target.code)) < 0)
		return APP_ERROR;
	struct feedback_event tev = {
		.feedback_id = target.id,
		.at = c->ctx->now,
		.type = FB_EV_MERGE,
		.actor_id = feedback_account(c->ctx),
		.unit_id = target.unit_id,
		.public = 1,
		.status_before = target.status,
		.status_after = target.status,
		.extra = feedback_json(c->ctx->arena, json_pack("{s:s}", "merged_from", r->code)),
	};
	if (!tev.extra || feedback_event_insert(c->ctx->db, &tev, NULL) < 0)
		return APP_ERROR;
	return APP_OK;
}

/* Back to a handling unit (the one named, else the last one, else the
 * intake desk) with a new due date from today. */
int feedback_wf_reopen(struct wf_call *c)
{
	const struct feedback_action *act = c->input;
	struct feedback_row *r = c->record;
	int64_t uid = r->unit_id ? r->unit_id : r->intake_unit_id;
	if (!feedback_blank(act->unit)) {
		int rc = unit_of(c, &uid, NULL);
		if (rc != APP_OK)
			return rc;
	}
	if (!uid)
		return refuse(c, "unit", "Vui lòng chọn đơn vị xử lý.", APP_VALIDATION);
	struct category cat;
	if (category_get(c->ctx->db, r->category_id, c->ctx->arena, &cat) < 0)
		return APP_ERROR;
	r->unit_id = uid;
	r->merged_into_id = 0;
	r->answered_at = 0;
	r->published_at = 0;
	r->closed_at = 0;
	r->due_at = feedback_due_for(c->ctx->cal, &cat, c->ctx->now);
	r->due_extended = 0;
	return summary_set(c, "unit_id", json_integer(uid));
}

int feedback_wf_close(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	r->closed_at = c->ctx->now;
	return APP_OK;
}

/* The public versions of the title, body and place. */
int feedback_wf_redact(struct wf_call *c)
{
	struct feedback_row *r = c->record;
	struct event_fields *f = c->scratch;
	if (f->title)
		r->public_title = f->title;
	if (f->body)
		r->public_body = f->body;
	/* the form sends the place as shown: the same text as the original
	 * (and nothing redacted before) is no change */
	int place = f->place && (r->public_place || !r->place || strcmp(f->place, r->place));
	if (place)
		r->public_place = f->place;
	if (!f->title && !f->body && !place)
		return refuse(c, "place", "Địa điểm công khai trùng với địa điểm gốc: không có gì để biên tập.",
			      APP_VALIDATION);
	/* the index now gives the public the redacted text only and keeps the
	 * original for officers (store/search.h: triggers, this transaction) */
	char what[24];
	snprintf(what, sizeof(what), "%s%s%s%s%s", f->title ? "title" : "", f->title && (f->body || place) ? "," : "",
		 f->body ? "body" : "", f->body && place ? "," : "", place ? "place" : "");
	return summary_set(c, "redacted", json_string(what));
}

/* --- the public entry points ---------------------------------------------------- */

int feedback_apply_event(const struct app_ctx *ctx, const char *code,
			 const struct feedback_action *act, struct app_errors *errs)
{
	struct app_errors e = { 0 };
	struct event_fields f = { 0 };
	int rc;
	if (!feedback_account(ctx)) {
		rc = FEEDBACK_FORBIDDEN;
	} else if ((unsigned)act->type >= FB_EV_ACTION_COUNT) {
		/* submit and attach are on the timeline only */
		app_errors_add(&e, "type", "Loại thao tác không hợp lệ.");
		rc = FEEDBACK_VALIDATION;
	} else {
		rc = wf_apply(ctx, &fbstate_domain, code, (int)act->type, act, &f, &e);
	}
	json_decref(f.extra);
	feedback_errors_export(errs, &e);
	return rc;
}

/* The checks and writes of feedback_rate() inside its transaction. */
static int rate(const struct app_ctx *ctx, const char *code, const char *secret, int score,
		const char *comment, const struct app_errors *pending, struct app_errors *errs)
{
	struct feedback_row r;
	int rc = feedback_load(ctx, code, &r);
	if (rc < 0)
		return rc;
	if (!trackcode_secret_check(secret, r.secret_hash, sizeof(r.secret_hash)))
		return r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
	enum feedback_status next;
	if (fbstate_next(r.status, FB_EV_RATE, &next) < 0)
		return FEEDBACK_INVALID_TRANSITION;
	if (r.rating) {
		app_errors_add(errs, "score", "Phản ánh này đã được đánh giá.");
		return FEEDBACK_CONFLICT;
	}
	if (pending->n) {
		*errs = *pending;
		return FEEDBACK_VALIDATION;
	}
	r.rating = score;
	r.rating_comment = comment;
	r.rated_at = ctx->now;
	r.updated_at = ctx->now;
	struct feedback_event ev = {
		.feedback_id = r.id,
		.at = ctx->now,
		.type = FB_EV_RATE,
		.unit_id = r.unit_id,
		.public = fbstate_event_public(FB_EV_RATE),
		.status_before = r.status,
		.status_after = next,
		.extra = feedback_json(ctx->arena, json_pack("{s:i}", "score", score)),
	};
	if (!ev.extra || feedback_row_update(ctx->db, &r) < 0 || feedback_event_insert(ctx->db, &ev, NULL) < 0)
		return FEEDBACK_ERROR;
	return feedback_audit(ctx->db, feedback_actor(ctx), "feedback.rate", r.code,
			      json_pack("{s:i, s:b}", "score", score, "comment", comment != NULL));
}

int feedback_rate(const struct app_ctx *ctx, const char *code, const char *secret, int score,
		  const char *comment, struct app_errors *errs)
{
	struct app_errors e = { 0 }, pending = { 0 };
	const char *clean = NULL;
	if (score < 1 || score > 5)
		app_errors_add(&pending, "score", "Vui lòng chọn mức đánh giá từ 1 đến 5 sao.");
	int rc = FEEDBACK_ERROR;
	if (feedback_clean_field(ctx->arena, comment, VNTEXT_MULTILINE, 1, FEEDBACK_COMMENT_MAX, &pending,
				 "comment", "", "Nhận xét tối đa 1.000 ký tự.", &clean) != -2 &&
	    db_begin(ctx->db) == 0)
		rc = feedback_finish(ctx->db, rate(ctx, code, secret, score, clean, &pending, &e));
	feedback_errors_export(errs, &e);
	return rc;
}
