/*
 * view_meeting.c - meetings as JSON for the API and the pages
 * (view_meeting.h).
 */
#include "web/view_meeting.h"

#include <string.h>

#include "app/fbstate.h"
#include "core/timefmt.h"
#include "store/feedback.h"

static void set_bool(json_t *o, const char *k, int v)
{
	json_object_set_new(o, k, json_boolean(v));
}

json_t *view_meeting_summary(const struct meeting_row *m, enum view_dialect d)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "kind", m->kind, "title",
			      m->title, "unit", m->unit_code, "unit_name", m->unit_name, "place", m->place, "public",
			      m->public, "status", m->status);
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_sprintf("%lld", (long long)m->id));
	view_set_time(o, "starts_at", m->starts_at, d);
	view_set_time(o, "ends_at", m->ends_at, d);
	view_set_str(o, "online_url", m->online_url);
	json_t *hosts = m->hosts ? json_loads(m->hosts, 0, NULL) : NULL;
	json_object_set_new(o, "hosts", json_is_array(hosts) ? hosts : json_array());
	if (!json_is_array(hosts))
		json_decref(hosts);
	if (m->capacity) {
		json_object_set_new(o, "capacity", json_integer(m->capacity));
		json_object_set_new(o, "booked", json_integer(m->booked));
	}
	set_bool(o, "postponed", m->postponed_from != 0);
	view_set_time(o, "postponed_from", m->postponed_from, d);
	view_set_str(o, "postpone_reason", m->postpone_reason);
	view_set_str(o, "cancel_reason", m->cancel_reason);
	view_set_time(o, "announced_at", m->announced_at, d);
	json_object_set_new(o, "url", json_sprintf("/hoi-nghi/%lld", (long long)m->id));
	if (d == VIEW_PAGE) {
		view_set_str(o, "kind_label", meeting_kind_label(m->kind));
		view_set_str(o, "status_label",
			     m->postponed_from && !strcmp(m->status, "planned") ? "Hoãn" : meeting_status_label(m->status));
		/* the same day: "14:00–16:30"; else the end in full */
		json_object_set_new(o, "same_day", json_boolean(vn_day_of(m->starts_at) == vn_day_of(m->ends_at)));
	}
	return o;
}

static const char *const event_labels[][2] = {
	{ "create", "Lên kế hoạch" },  { "hold", "Đã tổ chức" },      { "minutes", "Ghi biên bản" },
	{ "approve_minutes", "Duyệt biên bản" }, { "postpone", "Hoãn" }, { "cancel", "Hủy" },
	{ "publish_results", "Công khai kết quả" }, { "petition", "Ghi nhận kiến nghị" },
};

static const char *event_label(const char *type)
{
	for (size_t i = 0; i < sizeof(event_labels) / sizeof(event_labels[0]); i++)
		if (!strcmp(type, event_labels[i][0]))
			return event_labels[i][1];
	return type;
}

json_t *view_meeting_item(const struct meeting_view *v, enum view_dialect d)
{
	const struct meeting_row *m = &v->m;
	json_t *o = view_meeting_summary(m, d);
	if (!o)
		return NULL;
	if (m->attendance >= 0)
		json_object_set_new(o, "attendance", json_integer(m->attendance));
	/* the minutes: the public reads them once approved */
	if (m->minutes_text && (v->officer || m->minutes_approved_at))
		view_set_str(o, "minutes", m->minutes_text);
	view_set_time(o, "minutes_approved_at", m->minutes_approved_at, d);
	view_set_time(o, "results_published_at", m->results_published_at, d);
	json_t *files = json_array();
	for (size_t i = 0; i < v->nfiles; i++) {
		json_t *x = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)v->files[i].id, "filename",
				      v->files[i].filename ? v->files[i].filename : "", "mime", v->files[i].mime,
				      "size", (json_int_t)v->files[i].size);
		json_object_set_new(x, "url", json_sprintf("/hoi-nghi/%lld/tep/%lld", (long long)m->id,
							  (long long)v->files[i].id));
		json_array_append_new(files, x);
	}
	json_object_set_new(o, "files", files);
	json_t *pets = json_array();
	for (size_t i = 0; i < v->npetitions; i++) {
		const struct meeting_petition_row *p = &v->petitions[i];
		json_t *x = json_pack("{s:s, s:s, s:s}", "code", p->code, "title", p->title, "status", p->status);
		if (x && d == VIEW_PAGE) {
			enum feedback_status st;
			if (feedback_status_parse(p->status, &st) == 0)
				view_set_str(x, "status_label", feedback_status_label(st));
			view_set_time(x, "due_at", p->due_at, d);
			set_bool(x, "overdue", (!strcmp(p->status, "received") || !strcmp(p->status, "assigned")) &&
						       p->due_at && p->due_at < v->now);
			set_bool(x, "private", !p->public);
		}
		json_array_append_new(pets, x);
	}
	json_object_set_new(o, "petitions", pets);
	json_object_set_new(o, "results", json_pack("{s:I, s:I, s:I, s:I}", "petitions",
						    (json_int_t)v->results.petitions, "answered",
						    (json_int_t)v->results.answered, "published",
						    (json_int_t)v->results.published, "overdue",
						    (json_int_t)v->results.overdue));
	if (v->officer) {
		json_t *evs = json_array();
		for (size_t i = 0; i < v->nevents; i++) {
			const struct meeting_event_row *e = &v->events[i];
			json_t *x = json_pack("{s:s, s:b}", "type", e->type, "public", e->public);
			view_set_time(x, "at", e->at, d);
			view_set_str(x, "text", e->text);
			view_set_str(x, "actor", e->actor_name);
			if (d == VIEW_PAGE)
				view_set_str(x, "label", event_label(e->type));
			json_array_append_new(evs, x);
		}
		json_object_set_new(o, "events", evs);
		json_t *ws = json_array();
		for (size_t i = 0; i < v->nwarnings; i++)
			json_array_append_new(ws, json_pack("{s:s, s:s, s:s}", "rule", v->warnings[i].key, "text",
							    v->warnings[i].text, "legal_basis", v->warnings[i].basis));
		json_object_set_new(o, "warnings", ws);
		json_t *allowed = json_array();
		for (int e = 0; e < MT_EV_COUNT; e++)
			if (v->allowed & (1u << e))
				json_array_append_new(allowed, json_string(meeting_domain.events[e].name));
		json_object_set_new(o, "allowed", allowed);
		set_bool(o, "may_record", v->may_record);
	} else if (d == VIEW_PAGE) {
		/* the public timeline: what happened, not who */
		json_t *evs = json_array();
		for (size_t i = 0; i < v->nevents; i++) {
			json_t *x = json_pack("{s:s, s:s}", "type", v->events[i].type, "label",
					      event_label(v->events[i].type));
			view_set_time(x, "at", v->events[i].at, d);
			json_array_append_new(evs, x);
		}
		json_object_set_new(o, "events", evs);
	}
	return o;
}
