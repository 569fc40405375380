/*
 * view_consultation.c - consultations as JSON for the API and the pages
 * (view_consultation.h).
 */
#include "view_consultation.h"
#include "core/arena.h"

static json_t *id_json(int64_t id)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)id);
	return json_string(buf);
}

json_t *view_consultation_item(const struct consultation *c, int64_t now, enum view_dialect d)
{
	int st = consult_status_of(c, now);
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", id_json(c->id));
	json_object_set_new(o, "title", json_string(c->title));
	json_object_set_new(o, "unit", json_string(c->unit_code));
	json_object_set_new(o, "unit_name", json_string(c->unit_name));
	json_object_set_new(o, "kind", json_string(c->kind));
	json_object_set_new(o, "audience", json_string(c->audience));
	json_object_set_new(o, "status", json_string(consult_status_name(st)));
	view_set_time(o, "opens_at", c->opens_at, d);
	view_set_time(o, "closes_at", c->closes_at, d);
	view_set_time(o, "report_published_at", c->report_published_at, d);
	view_set_time(o, "sent_to_front_at", c->sent_to_front_at, d);
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "comment_count", json_integer(c->comments));
	if (d == VIEW_PAGE) {
		json_object_set_new(o, "status_label", json_string(consult_status_label(st)));
		json_object_set_new(o, "is_open", json_boolean(st == CONSULT_ST_OPEN));
		json_object_set_new(o, "is_published", json_boolean(st == CONSULT_ST_PUBLISHED));
		json_object_set_new(o, "is_invited", json_boolean(!strcmp(c->audience, "invited")));
		if (st == CONSULT_ST_OPEN) {
			int64_t left = c->closes_at - now;
			json_object_set_new(o, "days_left", json_integer(left / 86400));
			json_object_set_new(o, "hours_left", json_integer((left % 86400) / 3600));
		}
		if (st == CONSULT_ST_UPCOMING)
			json_object_set_new(o, "days_to_open", json_integer((c->opens_at - now + 86399) / 86400));
	}
	return o;
}

static json_t *comment_json(struct arena *a, const struct consultation_comment *m, int drafter, enum view_dialect d)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", id_json(m->id));
	json_object_set_new(o, "part", m->part_id ? id_json(m->part_id) : json_null());
	if (m->part_label)
		json_object_set_new(o, "part_label", json_string(m->part_label));
	json_object_set_new(o, "text", json_string(m->text));
	json_object_set_new(o, "by", json_string(consult_comment_by(a, m)));
	if (m->name && (m->show_name || drafter))
		json_object_set_new(o, "name", json_string(m->name));
	json_object_set_new(o, "channel", json_string(m->channel));
	json_object_set_new(o, "version", json_integer(m->version));
	view_set_time(o, "created_at", m->created_at, d);
	if (drafter) {
		json_object_set_new(o, "show_name", json_boolean(m->show_name));
		if (m->hidden_reason)
			json_object_set_new(o, "hidden_reason", json_string(m->hidden_reason));
		if (m->group_id)
			json_object_set_new(o, "group", id_json(m->group_id));
	}
	if (m->decision) {
		json_t *r = json_object();
		json_object_set_new(r, "decision", json_string(m->decision));
		json_object_set_new(r, "text", json_string(m->reply ? m->reply : ""));
		if (m->reply_part_id)
			json_object_set_new(r, "part", id_json(m->reply_part_id));
		if (m->reply_part_label)
			json_object_set_new(r, "part_label", json_string(m->reply_part_label));
		view_set_time(r, "replied_at", m->replied_at, d);
		if (d == VIEW_PAGE)
			json_object_set_new(r, "decision_label", json_string(consult_decision_label(m->decision)));
		json_object_set_new(o, "reply", r);
	}
	if (d == VIEW_PAGE)
		json_object_set_new(o, "channel_label", json_string(consult_channel_label(m->channel)));
	return o;
}

json_t *view_consultation(struct arena *a, const struct consult_view *v, int64_t now, enum view_dialect d)
{
	json_t *o = view_consultation_item(&v->c, now, d);
	if (!o)
		return NULL;
	json_object_set_new(o, "summary", json_string(v->c.summary));
	json_object_set_new(o, "shown_version", json_integer(v->version));
	json_object_set_new(o, "min_days", json_integer(v->min_days));
	json_t *inv = json_array();
	for (size_t i = 0; i < v->ninvited; i++)
		json_array_append_new(inv, d == VIEW_API ? json_string(v->invited_codes[i])
							 : json_pack("{s:s, s:s}", "code", v->invited_codes[i], "name",
								     v->invited_names[i]));
	json_object_set_new(o, "invited", inv);
	json_t *parts = json_array();
	for (size_t i = 0; i < v->nparts; i++) {
		const struct consultation_part *p = &v->parts[i];
		json_t *po = json_pack("{s:o, s:s, s:s, s:i, s:I}", "id", id_json(p->id), "label", p->label, "text",
				       p->text ? p->text : "", "level", p->level, "comments", (json_int_t)p->comments);
		if (po && d == VIEW_PAGE) {
			json_t *cs = json_array();
			for (size_t j = 0; j < v->ncomments; j++)
				if (v->comments[j].part_id == p->id && !v->comments[j].hidden_reason)
					json_array_append_new(cs, comment_json(a, &v->comments[j], v->drafter, d));
			json_object_set_new(po, "comment_items", cs);
		}
		json_array_append_new(parts, po);
	}
	json_object_set_new(o, "parts", parts);
	json_t *cs = json_array();
	for (size_t j = 0; j < v->ncomments; j++)
		json_array_append_new(cs, comment_json(a, &v->comments[j], v->drafter, d));
	json_object_set_new(o, "comments", cs);
	if (v->drafter)
		json_object_set_new(o, "unanswered", json_integer(v->unanswered));
	if (d == VIEW_PAGE) {
		json_t *whole = json_array();
		for (size_t j = 0; j < v->ncomments; j++)
			if (!v->comments[j].part_id && !v->comments[j].hidden_reason)
				json_array_append_new(whole, comment_json(a, &v->comments[j], v->drafter, d));
		json_object_set_new(o, "whole_comments", whole);
		json_object_set_new(o, "drafter", json_boolean(v->drafter));
		json_object_set_new(o, "leader", json_boolean(v->leader));
	}
	return o;
}

json_t *view_consultation_report(const struct consult_report *r, enum view_dialect d)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < r->nrows; i++) {
		const struct consult_report_row *w = &r->rows[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s}", "part", w->part, "comment", w->comment, "by", w->by,
				      "decision", w->decision ? json_string(w->decision) : json_null(), "reply",
				      w->reply ? w->reply : "");
		if (o && w->changed_part)
			json_object_set_new(o, "changed_part", json_string(w->changed_part));
		if (o && d == VIEW_PAGE)
			json_object_set_new(o, "decision_label",
					    json_string(w->decision ? consult_decision_label(w->decision) : "Chưa trả lời"));
		json_array_append_new(rows, o);
	}
	json_t *out = json_pack("{s:o, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o}", "id", id_json(r->c.id),
				"title", r->c.title, "unit_name", r->c.unit_name, "totals", "comments",
				(json_int_t)r->comments, "accepted", (json_int_t)r->accepted, "partly_accepted",
				(json_int_t)r->partly_accepted, "noted", (json_int_t)r->noted, "not_accepted",
				(json_int_t)r->not_accepted, "unanswered", (json_int_t)r->unanswered, "rows", rows);
	if (out) {
		view_set_time(out, "published_at", r->c.report_published_at, d);
		view_set_time(out, "sent_to_front_at", r->c.sent_to_front_at, d);
		view_set_time(out, "closes_at", r->c.closes_at, d);
	}
	return out;
}
