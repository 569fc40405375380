/*
 * view_reception.c - sessions and bookings of citizen reception as JSON
 * (view_reception.h).
 */
#include "view_reception.h"
#include "app/ctx.h"
#include "app/reception.h"
#include "core/timefmt.h"

json_t *view_reception_session(const struct reception_session *s, enum view_dialect d)
{
	json_t *hosts = json_loads(s->hosts ? s->hosts : "[]", 0, NULL);
	if (!json_is_array(hosts)) {
		json_decref(hosts);
		hosts = json_array();
	}
	json_t *o = json_pack("{s:s, s:{s:s, s:s}, s:s, s:o, s:s, s:s}", "id", "", "unit", "code", s->unit_code,
			      "name", s->unit_name, "title", s->title, "hosts", hosts, "place", s->place, "status",
			      s->status);
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_sprintf("%lld", (long long)s->id));
	view_set_time(o, "starts_at", s->starts_at, d);
	view_set_time(o, "ends_at", s->ends_at, d);
	if (s->capacity) {
		json_object_set_new(o, "capacity", json_integer((json_int_t)s->capacity));
		int64_t left = s->capacity > s->booked ? s->capacity - s->booked : 0;
		json_object_set_new(o, "places_left", json_integer((json_int_t)left));
	} else {
		json_object_set_new(o, "capacity", json_null());
	}
	json_object_set_new(o, "booked", json_integer((json_int_t)s->booked));
	return o;
}

json_t *view_reception_booking(const struct app_ctx *ctx, const struct reception_booking *b,
			       enum view_dialect d, int officer)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:{s:s, s:{s:s, s:s}, s:s}}", "code", b->code, "status",
			      b->status, "status_label", reception_status_label(b->status), "subject", b->subject,
			      "people", (json_int_t)b->people, "meeting", "id", "", "unit", "code", b->unit_code,
			      "name", b->unit_name, "place", b->place);
	if (!o)
		return NULL;
	json_t *m = json_object_get(o, "meeting");
	json_object_set_new(m, "id", json_sprintf("%lld", (long long)b->meeting_id));
	view_set_time(m, "starts_at", b->starts_at, d);
	view_set_time(m, "ends_at", b->ends_at, d);
	view_set_str(o, "reason", b->reason);
	view_set_time(o, "created_at", b->created_at, d);
	view_set_time(o, "decided_at", b->decided_at, d);
	if (officer) {
		int64_t by = reception_decide_by(ctx, b);
		if (by && !strcmp(b->status, "requested")) {
			char ymd[11];
			json_object_set_new(o, "decide_by", json_string(fmt_ymd(by, ymd)));
		}
		json_object_set_new(o, "decision_overdue", json_boolean(reception_decision_overdue(ctx, b)));
		json_object_set_new(o, "feedback", json_integer((json_int_t)b->feedback_count));
		json_object_set_new(o, "can_decide",
				    json_boolean(!strcmp(b->status, "requested") || !strcmp(b->status, "confirmed")));
		json_object_set_new(o, "started", json_boolean(b->starts_at <= ctx->now));
		json_object_set_new(o, "is_held", json_boolean(!strcmp(b->status, "held")));
	}
	return o;
}

json_t *view_reception_contact(const struct reception_contact *c)
{
	json_t *reps = c->representatives ? json_loads(c->representatives, 0, NULL) : NULL;
	if (!json_is_array(reps)) {
		json_decref(reps);
		reps = json_array();
	}
	return json_pack("{s:s, s:s, s:o}", "name", c->name, "phone", c->phone, "representatives", reps);
}
