/*
 * reception.c - citizen reception (reception.h): rules and the generation
 * of sessions, citizens' bookings, officers' decisions through the
 * workflow engine, petitions turned into feedback items, the leader's
 * count of reception days.
 */
#include "app/reception.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/timefmt.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/legal_rule.h"
#include "store/unit.h"

#include <jansson.h>

static const char *const status_names[RS_COUNT] = { "requested", "confirmed", "refused",
						    "held",      "no_show",   "cancelled" };
static const char *const status_labels[RS_COUNT] = { "Đã đăng ký",     "Đã xác nhận",   "Bị từ chối",
						     "Đã tiếp",        "Không đến",     "Đã huỷ" };

int reception_status_parse(const char *name)
{
	for (int i = 0; name && i < RS_COUNT; i++)
		if (!strcmp(name, status_names[i]))
			return i;
	return -1;
}

const char *reception_status_name(int status)
{
	return status >= 0 && status < RS_COUNT ? status_names[status] : NULL;
}

const char *reception_status_label(const char *name)
{
	int s = reception_status_parse(name);
	return s < 0 ? "" : status_labels[s];
}

int reception_event_parse(const char *name)
{
	for (int i = 0; name && i < RE_COUNT; i++)
		if (!strcmp(name, reception_domain.events[i].name))
			return i;
	return -1;
}

/* A single-line (or multi-line) field cleaned into *out and checked for
 * length; errors under `field`. 0, or -1 out of memory. */
static int clean(struct arena *a, const char *in, unsigned flags, size_t min, size_t max, struct app_errors *errs,
		 const char *field, const char *missing, const char *bad, const char **out)
{
	*out = NULL;
	if (!in || !*in) {
		if (min)
			app_errors_add(errs, field, missing);
		return 0;
	}
	char *s;
	size_t len;
	int rc = vntext_clean(a, in, strlen(in), flags, &s, &len);
	if (rc == VNTEXT_NOMEM)
		return -1;
	if (rc != VNTEXT_OK) {
		app_errors_add(errs, field, "Nội dung có ký tự không hợp lệ.");
		return 0;
	}
	if (len == 0 && min) {
		app_errors_add(errs, field, missing);
		return 0;
	}
	if (vntext_check_length(s, len, min, max) != VNTEXT_OK) {
		app_errors_add(errs, field, bad);
		return 0;
	}
	*out = s;
	return 0;
}

static int64_t end_of_day(int64_t day)
{
	return vn_day_start(day + 1) - 1;
}

/* --- rules and generation ---------------------------------------------------------- */

/* The actor may administer reception in the unit. 1/0, negative on error. */
static int may_admin(const struct app_ctx *ctx, int64_t unit_id)
{
	if (!ctx->actor->account_id)
		return 1;
	return perm_has(ctx->db, ctx->actor->account_id, unit_id, ROLE_ADMIN);
}

int reception_rule_create(const struct app_ctx *ctx, const struct reception_rule_input *in, int64_t *id,
			  struct app_errors *errs)
{
	struct reception_rule r;
	memset(&r, 0, sizeof(r));
	struct unit u;
	int have_unit = 0;
	if (!in->unit || !*in->unit) {
		app_errors_add(errs, "unit", "Vui lòng chọn đơn vị.");
	} else {
		int rc = unit_get_by_code(ctx->db, ctx->arena, in->unit, &u);
		if (rc == DB_NOTFOUND || (rc == DB_OK && u.valid_to != UNIT_OPEN))
			app_errors_add(errs, "unit", "Đơn vị không tồn tại hoặc đã giải thể.");
		else if (rc < 0)
			return APP_ERROR;
		else
			have_unit = 1;
	}
	if (clean(ctx->arena, in->host, VNTEXT_SINGLELINE, 2, RECEPTION_HOST_MAX, errs, "host",
		  "Vui lòng nhập người chủ trì tiếp công dân.", "Người chủ trì từ 2 đến 100 ký tự.", &r.host) < 0 ||
	    clean(ctx->arena, in->place, VNTEXT_SINGLELINE, 0, RECEPTION_PLACE_MAX, errs, "place", "",
		  "Địa điểm tối đa 300 ký tự.", &r.place) < 0)
		return APP_ERROR;
	if (in->weekday < 1 || in->weekday > 7)
		app_errors_add(errs, "weekday", "Thứ trong tuần phải từ 1 (thứ Hai) đến 7 (Chủ nhật).");
	if (in->weeks < 1 || in->weeks > 31)
		app_errors_add(errs, "weeks", "Chọn ít nhất một tuần trong tháng (1 đến 5).");
	if (in->start_minute < 0 || in->start_minute > 1439)
		app_errors_add(errs, "start", "Giờ bắt đầu không hợp lệ (HH:MM).");
	if (in->end_minute <= in->start_minute || in->end_minute > 1440)
		app_errors_add(errs, "end", "Giờ kết thúc phải sau giờ bắt đầu.");
	if (in->capacity < 1 || in->capacity > RECEPTION_CAPACITY_MAX)
		app_errors_add(errs, "capacity", "Số chỗ phải từ 1 đến 1000.");
	if (have_unit) {
		int ok = may_admin(ctx, u.id);
		if (ok < 0)
			return APP_ERROR;
		if (!ok) {
			app_errors_add(errs, "unit", "Bạn không quản trị đơn vị này.");
			return APP_FORBIDDEN;
		}
	}
	if (errs && errs->n)
		return APP_VALIDATION;
	r.unit_id = u.id;
	r.weekday = in->weekday;
	r.weeks = in->weeks;
	r.start_minute = in->start_minute;
	r.end_minute = in->end_minute;
	r.capacity = in->capacity;
	r.created_by = ctx->actor->account_id;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	char ids[AUDIT_ID_CHARS];
	if (reception_rule_insert(ctx->db, &r, ctx->now, id) != DB_OK ||
	    audit_append_json_new(ctx->db, ctx->actor, "reception.rule", "reception_rule", audit_id(*id, ids),
				  json_pack("{s:s, s:i, s:i, s:i, s:i, s:I}", "unit", u.code, "weekday", r.weekday,
					    "weeks", (int)r.weeks, "start", r.start_minute, "end", r.end_minute,
					    "capacity", (json_int_t)r.capacity)) < 0 ||
	    db_commit(ctx->db) < 0) {
		db_rollback(ctx->db);
		return APP_ERROR;
	}
	return APP_OK;
}

int reception_rules(const struct app_ctx *ctx, struct reception_rule **out, size_t *n)
{
	int64_t *ids = NULL;
	size_t nids = 0;
	if (ctx->actor->account_id &&
	    perm_units(ctx->db, ctx->arena, ctx->actor->account_id, RECEPTION_ROLES, 0, &ids, &nids) < 0)
		return APP_ERROR;
	if (ctx->actor->account_id && !ids) {
		static int64_t none;
		ids = &none;
		nids = 0;
	}
	return reception_rule_list(ctx->db, ctx->arena, ids, nids, out, n) == DB_OK ? APP_OK : APP_ERROR;
}

int reception_generate(const struct app_ctx *ctx, int64_t rule_id, int64_t from_day, int64_t to_day,
		       struct reception_generated *out, struct app_errors *errs)
{
	memset(out, 0, sizeof(*out));
	struct reception_rule r;
	int rc = reception_rule_get(ctx->db, ctx->arena, rule_id, &r);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	int ok = may_admin(ctx, r.unit_id);
	if (ok < 0)
		return APP_ERROR;
	if (!ok)
		return APP_FORBIDDEN;
	if (to_day < from_day)
		app_errors_add(errs, "to", "Ngày kết thúc phải từ ngày bắt đầu trở đi.");
	else if (to_day - from_day > RECEPTION_GENERATE_MAX_DAYS)
		app_errors_add(errs, "to", "Mỗi lần tạo lịch tối đa 400 ngày.");
	if (errs && errs->n)
		return APP_VALIDATION;
	if (!ctx->cal)
		return APP_ERROR;
	struct unit u;
	if (unit_get_by_id(ctx->db, ctx->arena, r.unit_id, &u) != DB_OK)
		return APP_ERROR;
	const char *title = arena_printf(ctx->arena, "Tiếp công dân định kỳ – %s", r.host);
	json_t *hosts = json_pack("[s]", r.host);
	char *hosts_json = hosts ? json_dumps(hosts, JSON_COMPACT) : NULL;
	json_decref(hosts);
	if (!title || !hosts_json) {
		free(hosts_json);
		return APP_ERROR;
	}
	if (db_begin(ctx->db) < 0) {
		free(hosts_json);
		return APP_ERROR;
	}
	rc = APP_OK;
	for (int64_t d = from_day; d <= to_day && rc == APP_OK; d++) {
		int wd = weekday_from_days(d);
		if ((wd == 0 ? 7 : wd) != r.weekday)
			continue;
		int y, m, dd;
		civil_from_days(d, &y, &m, &dd);
		if (!(r.weeks & (1u << ((dd - 1) / 7))))
			continue;
		int64_t start = vn_day_start(d) + (int64_t)r.start_minute * 60;
		int64_t end = vn_day_start(d) + (int64_t)r.end_minute * 60;
		if (start < u.valid_from || start >= u.valid_to) {
			out->outside_unit++;
			continue;
		}
		if (!calendar_is_working_day(ctx->cal, d)) {
			if (out->nskipped < sizeof(out->skipped) / sizeof(out->skipped[0]))
				out->skipped[out->nskipped++] = d;
			out->days_off++;
			continue;
		}
		int made = 0;
		if (reception_session_insert(ctx->db, &r, title, hosts_json, start, end, ctx->actor->account_id,
					     ctx->now, &made, NULL) != DB_OK)
			rc = APP_ERROR;
		else if (made)
			out->created++;
		else
			out->existing++;
	}
	free(hosts_json);
	char ids[AUDIT_ID_CHARS], f[11], t[11];
	if (rc == APP_OK && !out->created) {
		/* nothing new: nothing to write or audit */
		db_rollback(ctx->db);
		return APP_OK;
	}
	if (rc == APP_OK &&
	    (audit_append_json_new(ctx->db, ctx->actor, "reception.generate", "reception_rule",
				   audit_id(rule_id, ids),
				   json_pack("{s:s, s:s, s:i, s:i, s:i}", "from", fmt_ymd(from_day, f), "to",
					     fmt_ymd(to_day, t), "created", out->created, "existing", out->existing,
					     "days_off", out->days_off)) < 0 ||
	     db_commit(ctx->db) < 0))
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	return rc;
}

/* --- citizens ----------------------------------------------------------------- */

int reception_slots(const struct app_ctx *ctx, const char *unit_code, int64_t from, int64_t to,
		    struct reception_session **out, size_t *n, struct app_errors *errs)
{
	int64_t *ids = NULL;
	size_t nids = 0;
	if (unit_code && *unit_code) {
		struct unit u;
		int rc = unit_get_by_code(ctx->db, ctx->arena, unit_code, &u);
		if (rc == DB_NOTFOUND) {
			app_errors_add(errs, "unit", "Không tìm thấy đơn vị.");
			return APP_VALIDATION;
		}
		struct unit_list below;
		if (rc < 0 || unit_descendants(ctx->db, ctx->arena, u.id, UNIT_LIST_CLOSED, &below) < 0)
			return APP_ERROR;
		ids = arena_alloc(ctx->arena, (below.n + 1) * sizeof(*ids));
		if (!ids)
			return APP_ERROR;
		ids[nids++] = u.id;
		for (size_t i = 0; i < below.n; i++)
			ids[nids++] = below.items[i].id;
	}
	if (from < ctx->now)
		from = ctx->now;
	return reception_session_list(ctx->db, ctx->arena, ids, nids, from, to, 1, 1, 200, out, n) == DB_OK
		       ? APP_OK
		       : APP_ERROR;
}

/* The group rules of the law on `day`: how many representatives a group
 * of `people` must name (*min..*max; 0..0 when it need not). */
static void group_reps(const struct app_ctx *ctx, int64_t day, int64_t people, int64_t *min, int64_t *max)
{
	int32_t d = (int32_t)day;
	int64_t gmin = legal_rule_amount(ctx->db, "reception.group_min", d, 5);
	int64_t large = legal_rule_amount(ctx->db, "reception.group_large", d, 10);
	*min = *max = 0;
	if (people < gmin)
		return;
	*min = 1;
	*max = people > large ? legal_rule_amount(ctx->db, "reception.group_reps_large", d, 5)
			      : legal_rule_amount(ctx->db, "reception.group_reps_small", d, 2);
}

int reception_book(const struct app_ctx *ctx, const struct reception_booking_input *in,
		   struct reception_receipt *out, struct app_errors *errs)
{
	memset(out, 0, sizeof(*out));
	struct arena *a = ctx->arena;
	int64_t meeting = 0;
	if (!in->meeting || !*in->meeting) {
		app_errors_add(errs, "meeting", "Vui lòng chọn buổi tiếp công dân.");
	} else {
		for (const char *p = in->meeting; *p; p++) {
			if (*p < '0' || *p > '9' || meeting > INT64_MAX / 10 - 10) {
				meeting = -1;
				break;
			}
			meeting = meeting * 10 + (*p - '0');
		}
		if (meeting <= 0)
			app_errors_add(errs, "meeting", "Buổi tiếp công dân không hợp lệ.");
	}
	struct reception_contact c = { 0 };
	const char *subject = NULL;
	if (clean(a, in->name, VNTEXT_SINGLELINE, 2, RECEPTION_NAME_MAX, errs, "name", "Vui lòng nhập họ tên.",
		  "Họ tên từ 2 đến 100 ký tự.", &c.name) < 0 ||
	    clean(a, in->subject, VNTEXT_MULTILINE, RECEPTION_SUBJECT_MIN, RECEPTION_SUBJECT_MAX, errs, "subject",
		  "Vui lòng nêu nội dung cần trình bày.", "Nội dung từ 5 đến 2000 ký tự.", &subject) < 0)
		return APP_ERROR;
	char phone[16] = "";
	if (!in->phone || !*in->phone)
		app_errors_add(errs, "phone", "Vui lòng nhập số điện thoại để cơ quan báo lịch tiếp.");
	else if (feedback_phone_normalise(in->phone, phone) < 0)
		app_errors_add(errs, "phone", "Số điện thoại không hợp lệ (ví dụ: 0912 345 678).");
	c.phone = phone;
	int64_t people = in->people ? in->people : 1;
	if (people < 1 || people > RECEPTION_PEOPLE_MAX)
		app_errors_add(errs, "people", "Số người từ 1 đến 200.");
	/* representatives: cleaned, blanks dropped */
	const char *reps[RECEPTION_REPS_MAX];
	size_t nreps = 0;
	for (size_t i = 0; i < in->nreps && i < RECEPTION_REPS_MAX; i++) {
		const char *s = NULL;
		if (clean(a, in->reps[i], VNTEXT_SINGLELINE, 0, RECEPTION_NAME_MAX, errs, "representatives", "",
			  "Tên người đại diện tối đa 100 ký tự.", &s) < 0)
			return APP_ERROR;
		if (s && *s)
			reps[nreps++] = s;
	}
	struct reception_session s;
	int have_session = 0;
	if (meeting > 0) {
		int rc = reception_session_get(ctx->db, a, meeting, &s);
		if (rc == DB_NOTFOUND || (rc == DB_OK && !s.public))
			return APP_NOT_FOUND;
		if (rc < 0)
			return APP_ERROR;
		have_session = 1;
	}
	if (have_session && people >= 1 && people <= RECEPTION_PEOPLE_MAX) {
		int64_t rmin, rmax;
		group_reps(ctx, vn_day_of(s.starts_at), people, &rmin, &rmax);
		if (in->reps_overflow || (int64_t)nreps > (rmax ? rmax : (int64_t)RECEPTION_REPS_MAX))
			app_errors_addf(errs, a, "representatives", "Nhóm %lld người cử tối đa %lld người đại diện.",
					(long long)people, (long long)rmax);
		else if ((int64_t)nreps < rmin)
			app_errors_addf(errs, a, "representatives",
					"Nhóm từ %lld người trở lên phải cử người đại diện (tối đa %lld người).",
					(long long)people, (long long)rmax);
	}
	if (errs && errs->n)
		return APP_VALIDATION;
	if (!have_session)
		return APP_VALIDATION;
	if (strcmp(s.status, "planned") || s.starts_at <= ctx->now)
		return APP_CLOSED;
	if (nreps) {
		json_t *arr = json_array();
		for (size_t i = 0; i < nreps; i++)
			json_array_append_new(arr, json_string(reps[i]));
		char *txt = json_dumps(arr, JSON_COMPACT);
		json_decref(arr);
		c.representatives = txt ? arena_strdup(a, txt) : NULL;
		free(txt);
		if (!c.representatives)
			return APP_ERROR;
	}
	struct reception_booking b;
	memset(&b, 0, sizeof(b));
	b.meeting_id = s.id;
	b.subject = subject;
	b.people = people;
	b.created_at = ctx->now;
	trackcode_secret_new(out->secret);
	if (trackcode_secret_hash(out->secret, b.secret_hash) < 0)
		return APP_ERROR;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int taken = 0;
	int rc = reception_take_places(ctx->db, s.id, people, ctx->now, &taken) == DB_OK ? APP_OK : APP_ERROR;
	if (rc == APP_OK && !taken)
		rc = APP_FULL;
	for (int tries = 0; rc == APP_OK; tries++) {
		trackcode_new(b.code);
		int code_taken = 0;
		int drc = reception_booking_insert(ctx->db, &b, &c, &code_taken);
		if (drc == DB_OK)
			break;
		if (!code_taken || tries >= 8)
			rc = APP_ERROR;
	}
	char ids[AUDIT_ID_CHARS];
	if (rc == APP_OK &&
	    (audit_append_json_new(ctx->db, ctx->actor, "reception.book", "reception_booking", b.code,
				   json_pack("{s:s, s:I, s:I}", "meeting", audit_id(s.id, ids), "people",
					     (json_int_t)people, "booked", (json_int_t)(s.booked + people))) < 0 ||
	     db_commit(ctx->db) < 0))
		rc = APP_ERROR;
	if (rc != APP_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	memcpy(out->code, b.code, sizeof(out->code));
	out->session = s;
	out->session.booked += people;
	out->people = people;
	out->created_at = ctx->now;
	return APP_OK;
}

/* The booking of a typed code when the secret matches. */
static int public_booking(const struct app_ctx *ctx, const char *code, const char *secret,
			  struct reception_booking *out)
{
	char canon[TRACKCODE_BUFSZ];
	if (!code || trackcode_parse(code, canon) != TRACKCODE_OK)
		return APP_NOT_FOUND;
	int rc = reception_booking_get(ctx->db, ctx->arena, canon, out);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	if (!trackcode_secret_check(secret, out->secret_hash, sizeof(out->secret_hash)))
		return APP_NOT_FOUND;
	return APP_OK;
}

int reception_get_public(const struct app_ctx *ctx, const char *code, const char *secret,
			 struct reception_booking *out)
{
	return public_booking(ctx, code, secret, out);
}

int reception_cancel_public(const struct app_ctx *ctx, const char *code, const char *secret)
{
	struct reception_booking b;
	int rc = public_booking(ctx, code, secret, &b);
	if (rc < 0)
		return rc;
	int st = reception_status_parse(b.status);
	if ((st != RS_REQUESTED && st != RS_CONFIRMED) || b.starts_at <= ctx->now)
		return APP_INVALID_TRANSITION;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int drc = reception_booking_set_status(ctx->db, b.id, b.status, "cancelled", NULL, 0, ctx->now);
	if (drc == DB_NOTFOUND)
		rc = APP_INVALID_TRANSITION;
	else if (drc < 0 || reception_release_places(ctx->db, b.meeting_id, b.people, ctx->now) < 0 ||
		 audit_append_json_new(ctx->db, ctx->actor, "reception.cancel", "reception_booking", b.code,
				       json_pack("{s:[s,s], s:s}", "status", b.status, "cancelled", "by",
						 "citizen")) < 0 ||
		 db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	return rc;
}

/* --- officers: the status machine ------------------------------------------------- */

struct booking_scratch {
	const char *reason;
};

static int wf_check(struct wf_call *call)
{
	struct booking_scratch *sc = call->scratch;
	const char *reason = call->input;
	if (call->event != RE_REFUSE && call->event != RE_CANCEL)
		return APP_OK;
	return clean(call->ctx->arena, reason, VNTEXT_MULTILINE, RECEPTION_REASON_MIN, RECEPTION_REASON_MAX,
		     call->errs, "reason", "Vui lòng nêu lý do.", "Lý do từ 5 đến 2000 ký tự.", &sc->reason) < 0
		       ? APP_ERROR
		       : APP_OK;
}

static int wf_load(struct wf_call *call, const char *key)
{
	struct reception_booking *b = arena_zalloc(call->ctx->arena, sizeof(*b));
	char canon[TRACKCODE_BUFSZ];
	if (!b)
		return APP_ERROR;
	if (!key || trackcode_parse(key, canon) != TRACKCODE_OK)
		return APP_NOT_FOUND;
	int rc = reception_booking_get(call->ctx->db, call->ctx->arena, canon, b);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	call->record = b;
	call->object = b->code;
	call->status = reception_status_parse(b->status);
	call->scope_unit = b->unit_id;
	call->is_public = 0;
	return call->status < 0 ? APP_ERROR : APP_OK;
}

static int wf_save(struct wf_call *call)
{
	struct reception_booking *b = call->record;
	struct booking_scratch *sc = call->scratch;
	int rc = reception_booking_set_status(call->ctx->db, b->id, b->status, reception_status_name(call->next),
					      sc->reason, call->ctx->actor->account_id, call->ctx->now);
	return rc == DB_OK ? APP_OK : APP_ERROR;
}

static int ev_release(struct wf_call *call)
{
	struct reception_booking *b = call->record;
	json_object_set_new(call->summary, "people", json_integer((json_int_t)b->people));
	return reception_release_places(call->ctx->db, b->meeting_id, b->people, call->ctx->now) == DB_OK
		       ? APP_OK
		       : APP_ERROR;
}

static int ev_started(struct wf_call *call)
{
	struct reception_booking *b = call->record;
	if (b->starts_at > call->ctx->now) {
		app_errors_add(call->errs, "type", "Buổi tiếp chưa diễn ra.");
		return APP_INVALID_TRANSITION;
	}
	return APP_OK;
}

static int ev_hold(struct wf_call *call)
{
	int rc = ev_started(call);
	if (rc != APP_OK)
		return rc;
	struct reception_booking *b = call->record;
	return reception_session_mark_held(call->ctx->db, b->meeting_id, call->ctx->now) == DB_OK ? APP_OK
												 : APP_ERROR;
}

#define LIVE (WF_BIT(RS_REQUESTED) | WF_BIT(RS_CONFIRMED))

static const struct wf_event booking_events[RE_COUNT] = {
	[RE_CONFIRM] = { "confirm", RECEPTION_ROLES, WF_BIT(RS_REQUESTED), RS_CONFIRMED, 0, NULL },
	[RE_REFUSE] = { "refuse", RECEPTION_ROLES, LIVE, RS_REFUSED, 0, ev_release },
	[RE_HOLD] = { "held", RECEPTION_ROLES, LIVE, RS_HELD, 0, ev_hold },
	[RE_NO_SHOW] = { "no_show", RECEPTION_ROLES, LIVE, RS_NO_SHOW, 0, ev_started },
	[RE_CANCEL] = { "cancel", RECEPTION_ROLES, LIVE, RS_CANCELLED, 0, ev_release },
};

const struct wf_domain reception_domain = {
	.name = "reception",
	.statuses = status_names,
	.nstatuses = RS_COUNT,
	.events = booking_events,
	.nevents = RE_COUNT,
	.check = wf_check,
	.load = wf_load,
	.save = wf_save,
};

int reception_apply(const struct app_ctx *ctx, const char *code, int event, const char *reason,
		    struct app_errors *errs)
{
	struct booking_scratch sc = { 0 };
	if (event < 0 || event >= RE_COUNT) {
		app_errors_add(errs, "type", "Thao tác không hợp lệ.");
		return APP_VALIDATION;
	}
	return wf_apply(ctx, &reception_domain, code, event, reason, &sc, errs);
}

int64_t reception_decide_by(const struct app_ctx *ctx, const struct reception_booking *b)
{
	int64_t day = vn_day_of(b->created_at), due;
	int64_t n = legal_rule_amount(ctx->db, "reception.refusal_notice", (int32_t)day, 3);
	if (!ctx->cal || calendar_due_day(ctx->cal, day, (int)n, CAL_WORKING_DAY, &due) < 0)
		return 0;
	return due;
}

int reception_decision_overdue(const struct app_ctx *ctx, const struct reception_booking *b)
{
	if (strcmp(b->status, "requested"))
		return 0;
	int64_t due = reception_decide_by(ctx, b);
	return due && vn_day_of(ctx->now) > due;
}

/* The unit ids the actor reaches with any role; NULL for the system. */
static int reach(const struct app_ctx *ctx, int64_t **ids, size_t *n)
{
	static int64_t none;
	*ids = NULL;
	*n = 0;
	if (!ctx->actor->account_id)
		return APP_OK;
	if (perm_units(ctx->db, ctx->arena, ctx->actor->account_id, ROLE_ALL, 0, ids, n) < 0)
		return APP_ERROR;
	if (!*ids)
		*ids = &none;
	return APP_OK;
}

int reception_officer_sessions(const struct app_ctx *ctx, int64_t from, int64_t to,
			       struct reception_session **out, size_t *n)
{
	int64_t *ids;
	size_t nids;
	if (reach(ctx, &ids, &nids) < 0)
		return APP_ERROR;
	return reception_session_list(ctx->db, ctx->arena, ids, nids, from, to, 0, 0, 200, out, n) == DB_OK
		       ? APP_OK
		       : APP_ERROR;
}

int reception_officer_bookings(const struct app_ctx *ctx, int64_t meeting_id, int64_t from,
			       struct reception_booking **out, size_t *n)
{
	int64_t *ids;
	size_t nids;
	if (reach(ctx, &ids, &nids) < 0)
		return APP_ERROR;
	if (meeting_id) {
		struct reception_session s;
		int rc = reception_session_get(ctx->db, ctx->arena, meeting_id, &s);
		if (rc == DB_NOTFOUND || (rc == DB_OK && ctx->actor->account_id && !perm_units_contain(ids, nids, s.unit_id)))
			return APP_NOT_FOUND;
		if (rc < 0)
			return APP_ERROR;
	}
	return reception_booking_list(ctx->db, ctx->arena, meeting_id, ids, nids, from, 500, out, n) == DB_OK
		       ? APP_OK
		       : APP_ERROR;
}

int reception_get_officer(const struct app_ctx *ctx, const char *code, struct reception_booking *out,
			  unsigned *roles)
{
	char canon[TRACKCODE_BUFSZ];
	*roles = 0;
	if (!code || trackcode_parse(code, canon) != TRACKCODE_OK)
		return APP_NOT_FOUND;
	int rc = reception_booking_get(ctx->db, ctx->arena, canon, out);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	if (!ctx->actor->account_id) {
		*roles = ROLE_ALL;
		return APP_OK;
	}
	if (perm_roles(ctx->db, ctx->actor->account_id, out->unit_id, roles) < 0)
		return APP_ERROR;
	return *roles ? APP_OK : APP_NOT_FOUND;
}

int reception_contact(const struct app_ctx *ctx, const char *code, struct reception_contact *out)
{
	struct reception_booking b;
	unsigned roles;
	int rc = reception_get_officer(ctx, code, &b, &roles);
	if (rc < 0)
		return rc;
	if (!(roles & RECEPTION_CONTACT_ROLES))
		return APP_FORBIDDEN;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int drc = reception_contact_get(ctx->db, ctx->arena, b.id, out);
	if (drc != DB_OK ||
	    audit_append_json_new(ctx->db, ctx->actor, "view_contact", "reception_booking", b.code,
				  json_pack("{s:s}", "viewed_from", "reception")) < 0 ||
	    db_commit(ctx->db) < 0) {
		db_rollback(ctx->db);
		return drc == DB_NOTFOUND ? APP_NOT_FOUND : APP_ERROR;
	}
	return APP_OK;
}

int reception_petition(const struct app_ctx *ctx, const char *code, const struct feedback_input *in,
		       struct feedback_receipt *out, struct app_errors *errs)
{
	return reception_petition_coded(ctx, code, in, NULL, out, errs);
}

int reception_petition_coded(const struct app_ctx *ctx, const char *code, const struct feedback_input *in,
			     const char *item_code, struct feedback_receipt *out, struct app_errors *errs)
{
	struct reception_booking b;
	unsigned roles;
	int rc = reception_get_officer(ctx, code, &b, &roles);
	if (rc < 0)
		return rc;
	if (strcmp(b.status, "held"))
		return APP_INVALID_TRANSITION;
	struct reception_contact c;
	if (reception_contact_get(ctx->db, ctx->arena, b.id, &c) != DB_OK)
		return APP_ERROR;
	struct feedback_input fi = *in;
	fi.channel = FB_CH_IN_PERSON;
	fi.unit = b.unit_code;
	fi.contact_name = c.name;
	fi.contact_phone = c.phone;
	fi.contact_email = NULL;
	fi.received_at = 0;
	fi.is_private = 1;
	struct feedback_prepared *p = arena_zalloc(ctx->arena, sizeof(*p));
	if (!p)
		return APP_ERROR;
	rc = feedback_prepare(ctx, &fi, p, errs);
	if (rc < 0)
		return rc;
	if (item_code && strlen(item_code) == TRACKCODE_LEN)
		memcpy(p->row.code, item_code, TRACKCODE_BUFSZ);
	int64_t today = vn_day_of(ctx->now), due_day = 0;
	int64_t n = legal_rule_amount(ctx->db, "reception.answer", (int32_t)today, 10);
	int64_t due = 0;
	if (ctx->cal && calendar_due_day(ctx->cal, today, (int)n, CAL_WORKING_DAY, &due_day) == 0)
		due = end_of_day(due_day);
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	rc = feedback_insert_prepared(ctx->db, ctx->actor, p, out) == FEEDBACK_OK ? APP_OK : APP_ERROR;
	if (rc == APP_OK && reception_link_feedback(ctx->db, out->id, b.id, b.meeting_id, due) != DB_OK)
		rc = APP_ERROR;
	if (rc == APP_OK &&
	    (audit_append_json_new(ctx->db, ctx->actor, "reception.petition", "reception_booking", b.code,
				   json_pack("{s:s}", "feedback", out->code)) < 0 ||
	     db_commit(ctx->db) < 0))
		rc = APP_ERROR;
	if (rc != APP_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	if (due)
		out->due_at = due;
	return APP_OK;
}

/* --- the leader's count ------------------------------------------------------------ */

int reception_month_summary(const struct app_ctx *ctx, int64_t unit_id, int year, int month,
			    struct reception_month *out)
{
	memset(out, 0, sizeof(*out));
	struct unit u;
	if (unit_get_by_id(ctx->db, ctx->arena, unit_id, &u) != DB_OK)
		return APP_ERROR;
	out->unit_id = unit_id;
	out->unit_code = u.code;
	out->unit_name = u.name;
	out->year = year;
	out->month = month;
	int64_t first = days_from_civil(year, month, 1);
	int64_t last = first + days_in_month(year, month) - 1;
	struct legal_rule rule;
	int rc = legal_rule_get(ctx->db, ctx->arena, "reception.chair_days", (int32_t)first, &rule);
	if (rc == DB_OK) {
		out->amount = rule.amount;
		out->per = rule.unit;
		out->legal_basis = rule.legal_basis;
		out->note = rule.note;
		if (!strcmp(rule.unit, "per_week")) {
			int weeks = 0;
			for (int64_t d = first; d <= last; d++)
				weeks += weekday_from_days(d) == 4;
			out->required = (int)rule.amount * weeks;
		} else {
			out->required = (int)rule.amount;
		}
	} else if (rc != DB_NOTFOUND) {
		return APP_ERROR;
	}
	if (reception_held_days(ctx->db, unit_id, first, last, out->days, 31, &out->ndays) != DB_OK)
		return APP_ERROR;
	out->held = (int)out->ndays;
	return APP_OK;
}

int reception_dashboard(const struct app_ctx *ctx, struct reception_month **out, size_t *n)
{
	struct reception_rule *rules;
	size_t nr;
	*out = NULL;
	*n = 0;
	int64_t *ids;
	size_t nids;
	if (reach(ctx, &ids, &nids) < 0 || reception_rule_list(ctx->db, ctx->arena, ids, nids, &rules, &nr) != DB_OK)
		return APP_ERROR;
	if (!nr)
		return APP_OK;
	*out = arena_zalloc(ctx->arena, nr * sizeof(**out));
	if (!*out)
		return APP_ERROR;
	struct civil c;
	time_to_vn(ctx->now, &c);
	for (size_t i = 0; i < nr; i++) {
		int seen = 0;
		for (size_t j = 0; j < *n; j++)
			seen |= (*out)[j].unit_id == rules[i].unit_id;
		if (seen)
			continue;
		if (reception_month_summary(ctx, rules[i].unit_id, c.year, c.month, &(*out)[*n]) < 0)
			return APP_ERROR;
		(*n)++;
	}
	return APP_OK;
}
