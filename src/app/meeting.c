/*
 * meeting.c - planning meetings, their lifecycle on the workflow engine,
 * reading them as the viewer may, their petitions and the legal timing
 * warnings (meeting.h).
 */
#include "app/meeting.h"

#include <jansson.h>
#include <string.h>

#include "app/fbstate.h"
#include "app/perm.h"
#include "app/search.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/legal_rule.h"
#include "store/search.h"
#include "store/unit.h"

#define MANAGE (ROLE_LEADER | ROLE_FRONT | ROLE_ADMIN)
#define IN(s) WF_BIT(s)

static const char *const statuses[MT_STATUS_COUNT] = { "planned", "held", "closed", "cancelled" };
static const char *const status_labels[MT_STATUS_COUNT] = { "Sắp diễn ra", "Đã tổ chức", "Đã kết thúc",
							    "Đã hủy" };
static const char *const kinds[][2] = {
	{ "voter_contact", "Tiếp xúc cử tri" },
	{ "dialogue", "Đối thoại với Nhân dân" },
	{ "reception", "Tiếp công dân" },
	{ "conference", "Hội nghị" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

int meeting_kind_valid(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (!strcmp(kind, kinds[i][0]))
			return (int)i;
	return -1;
}

const char *meeting_kind_label(const char *kind)
{
	int k = meeting_kind_valid(kind);
	return k < 0 ? "" : kinds[k][1];
}

int meeting_status_parse(const char *name)
{
	for (int i = 0; name && i < MT_STATUS_COUNT; i++)
		if (!strcmp(name, statuses[i]))
			return i;
	return -1;
}

const char *meeting_status_name(int status)
{
	return status >= 0 && status < MT_STATUS_COUNT ? statuses[status] : "";
}

const char *meeting_status_label(const char *status)
{
	int s = meeting_status_parse(status);
	return s < 0 ? "" : status_labels[s];
}

enum feedback_channel meeting_kind_channel(const char *kind)
{
	switch (meeting_kind_valid(kind)) {
	case 0:
		return FB_CH_VOTER_MEETING;
	case 1:
		return FB_CH_DIALOGUE;
	case 2:
		return FB_CH_IN_PERSON;
	default:
		return FB_CH_FRONT; /* a conference: raised through the Front and the mass organisations */
	}
}

int meeting_id_parse(const char *s, int64_t *id)
{
	int64_t v = 0;
	if (!s || !*s || strlen(s) > 15)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return -1;
	*id = v;
	return 0;
}

int meeting_hosts(struct arena *a, const char *text, const char ***hosts, size_t *n)
{
	*hosts = NULL;
	*n = 0;
	json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_array(arr)) {
		json_decref(arr);
		return 0;
	}
	size_t cnt = json_array_size(arr);
	const char **out = cnt ? arena_alloc(a, cnt * sizeof(*out)) : NULL;
	if (cnt && !out) {
		json_decref(arr);
		return -1;
	}
	for (size_t i = 0; i < cnt; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (s && !(out[(*n)++] = arena_strdup(a, s))) {
			json_decref(arr);
			return -1;
		}
	}
	json_decref(arr);
	*hosts = out;
	return 0;
}

/* Clean a text field: 0 with *out (NULL when blank and min is 0), -1 with
 * a message for `field`, -2 out of memory. */
static int clean(struct arena *a, const char *in, unsigned flags, size_t min, size_t max, struct app_errors *errs,
		 const char *field, const char *missing, const char *bad, const char **out)
{
	*out = NULL;
	char *s = NULL;
	size_t len = 0;
	if (!in || !*in) {
		if (min) {
			app_errors_add(errs, field, missing);
			return -1;
		}
		return 0;
	}
	int rc = vntext_clean(a, in, strlen(in), flags, &s, &len);
	if (rc == VNTEXT_NOMEM)
		return -2;
	if (rc != VNTEXT_OK) {
		app_errors_add(errs, field, vntext_strerror(rc));
		return -1;
	}
	if (!len) {
		if (min) {
			app_errors_add(errs, field, missing);
			return -1;
		}
		return 0;
	}
	if (vntext_check_length(s, len, min, max) != VNTEXT_OK) {
		app_errors_add(errs, field, bad);
		return -1;
	}
	*out = s;
	return 0;
}

static int64_t account(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor->account_id : 0;
}

/* The folded title, place and hosts. */
static const char *search_key(struct arena *a, const char *title, const char *place, const char *hosts)
{
	const char *all = arena_printf(a, "%s %s %s", title ? title : "", place ? place : "", hosts ? hosts : "");
	char *key = NULL;
	size_t len = 0;
	if (!all || vntext_fold(a, all, strlen(all), &key, &len) != VNTEXT_OK)
		return NULL;
	return key;
}

static int times_ok(int64_t starts, int64_t ends, struct app_errors *errs)
{
	if (!starts)
		app_errors_add(errs, "starts_at", "Vui lòng nhập thời gian bắt đầu.");
	if (!ends)
		app_errors_add(errs, "ends_at", "Vui lòng nhập thời gian kết thúc.");
	if (starts && ends && ends <= starts)
		app_errors_add(errs, "ends_at", "Thời gian kết thúc phải sau thời gian bắt đầu.");
	else if (starts && ends && ends - starts > MEETING_LENGTH_MAX)
		app_errors_add(errs, "ends_at", "Một cuộc họp kéo dài tối đa 7 ngày.");
	return starts && ends && ends > starts && ends - starts <= MEETING_LENGTH_MAX;
}

/* --- create --------------------------------------------------------------- */

static int create_tx(const struct app_ctx *ctx, struct meeting_row *m, int64_t *id)
{
	if (meeting_insert(ctx->db, m, id) < 0)
		return APP_ERROR;
	struct meeting_event_row ev = {
		.meeting_id = *id, .at = ctx->now, .type = "create", .actor_id = account(ctx),
		.public = 1, .status_before = "planned", .status_after = "planned",
	};
	if (meeting_event_insert(ctx->db, &ev, NULL) < 0)
		return APP_ERROR;
	char oid[AUDIT_ID_CHARS];
	json_t *sum = json_pack("{s:s, s:I, s:b, s:I}", "kind", m->kind, "unit_id", (json_int_t)m->unit_id, "public",
				m->public, "starts_at", (json_int_t)m->starts_at);
	if (audit_append_json_new(ctx->db, ctx->actor, "meeting.create", "meeting", audit_id(*id, oid), sum) < 0)
		return APP_ERROR;
	return APP_OK;
}

int meeting_create(const struct app_ctx *ctx, const struct meeting_input *in, int64_t *id,
		   struct app_errors *errs)
{
	struct app_errors e = { 0 };
	struct arena *a = ctx->arena;
	struct meeting_row m = { 0 };
	int nomem = 0;
	if (!account(ctx)) {
		app_errors_clear(errs);
		return APP_FORBIDDEN;
	}
	if (!in->kind || !*in->kind)
		app_errors_add(&e, "kind", "Vui lòng chọn loại hội nghị.");
	else if (meeting_kind_valid(in->kind) < 0)
		app_errors_add(&e, "kind", "Loại hội nghị không hợp lệ.");
	m.kind = in->kind;
	nomem |= clean(a, in->title, VNTEXT_SINGLELINE, MEETING_TITLE_MIN, MEETING_TITLE_MAX, &e, "title",
		       "Vui lòng nhập tên hội nghị.", "Tên hội nghị từ 5 đến 200 ký tự.", &m.title) == -2;
	nomem |= clean(a, in->place, VNTEXT_SINGLELINE, 1, MEETING_PLACE_MAX, &e, "place",
		       "Vui lòng nhập địa điểm.", "Địa điểm tối đa 300 ký tự.", &m.place) == -2;
	nomem |= clean(a, in->online_url, VNTEXT_SINGLELINE, 0, MEETING_URL_MAX, &e, "online_url", "",
		       "Đường dẫn trực tuyến tối đa 500 ký tự.", &m.online_url) == -2;
	if (m.online_url && strncmp(m.online_url, "https://", 8) && strncmp(m.online_url, "http://", 7))
		app_errors_add(&e, "online_url", "Đường dẫn trực tuyến phải bắt đầu bằng https://");
	if (m.online_url && strpbrk(m.online_url, " \"<>"))
		app_errors_add(&e, "online_url", "Đường dẫn trực tuyến không hợp lệ.");
	json_t *hosts = json_array();
	if (!hosts)
		return APP_ERROR;
	if (in->nhosts > MEETING_HOSTS_MAX)
		app_errors_add(&e, "hosts", "Tối đa 10 người chủ trì.");
	for (size_t i = 0; i < in->nhosts && i < MEETING_HOSTS_MAX; i++) {
		const char *h = NULL;
		nomem |= clean(a, in->hosts[i], VNTEXT_SINGLELINE, 1, MEETING_HOST_MAX, &e, "hosts",
			       "Tên người chủ trì không được để trống.", "Tên người chủ trì tối đa 100 ký tự.",
			       &h) == -2;
		if (h)
			json_array_append_new(hosts, json_string(h));
	}
	m.hosts = json_dumps(hosts, JSON_COMPACT);
	json_decref(hosts);
	if (!m.hosts)
		return APP_ERROR;
	{
		const char *tmp = arena_strdup(a, m.hosts);
		free((void *)m.hosts);
		m.hosts = tmp;
		if (!tmp)
			return APP_ERROR;
	}
	if (in->capacity && (in->capacity < 1 || in->capacity > 100000))
		app_errors_add(&e, "capacity", "Số chỗ từ 1 đến 100.000.");
	m.capacity = in->capacity;
	times_ok(in->starts_at, in->ends_at, &e);
	m.starts_at = in->starts_at;
	m.ends_at = in->ends_at;
	/* the unit: open, and the actor leads, fronts or administers it */
	struct unit u;
	int rc = APP_OK;
	if (!in->unit || !*in->unit) {
		app_errors_add(&e, "unit", "Vui lòng chọn đơn vị tổ chức.");
	} else {
		int x = unit_get_by_code(ctx->db, a, in->unit, &u);
		if (x < 0 && x != DB_NOTFOUND)
			return APP_ERROR;
		if (x == DB_NOTFOUND || u.valid_to != UNIT_OPEN) {
			app_errors_add(&e, "unit", "Không tìm thấy đơn vị đang hoạt động có mã này.");
		} else {
			unsigned roles = 0;
			if (perm_roles(ctx->db, account(ctx), u.id, &roles) < 0)
				return APP_ERROR;
			if (!(roles & MANAGE))
				rc = APP_FORBIDDEN;
			m.unit_id = u.id;
		}
	}
	if (nomem)
		return APP_ERROR;
	if (rc == APP_OK && e.n)
		rc = APP_VALIDATION;
	if (rc != APP_OK) {
		if (errs)
			*errs = rc == APP_VALIDATION ? e : (struct app_errors){ 0 };
		return rc;
	}
	m.public = !in->is_internal;
	m.status = "planned";
	m.announced_at = ctx->now;
	m.created_by = account(ctx);
	m.created_at = m.updated_at = ctx->now;
	m.search_key = search_key(a, m.title, m.place, m.hosts);
	if (!m.search_key)
		return APP_ERROR;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	rc = create_tx(ctx, &m, id);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	return rc;
}

/* --- the workflow ------------------------------------------------------------ */

struct mt_fields {
	const char *text;
	char oid[AUDIT_ID_CHARS];
};

static int wf_check(struct wf_call *c)
{
	const struct meeting_action *act = c->input;
	struct mt_fields *f = c->scratch;
	struct arena *a = c->ctx->arena;
	int rc = 0;
	switch (c->event) {
	case MT_EV_HOLD:
		if (!act->has_attendance)
			app_errors_add(c->errs, "attendance", "Vui lòng nhập số người tham dự.");
		else if (act->attendance < 0 || act->attendance > 1000000)
			app_errors_add(c->errs, "attendance", "Số người tham dự không hợp lệ.");
		break;
	case MT_EV_MINUTES:
		rc = clean(a, act->text, VNTEXT_MULTILINE, MEETING_MINUTES_MIN, MEETING_MINUTES_MAX, c->errs, "text",
			   "Vui lòng nhập nội dung biên bản.", "Biên bản từ 10 đến 50.000 ký tự.", &f->text);
		break;
	case MT_EV_POSTPONE:
		times_ok(act->starts_at, act->ends_at, c->errs);
		if (act->starts_at && act->starts_at <= c->ctx->now)
			app_errors_add(c->errs, "starts_at", "Thời gian mới phải ở tương lai.");
		__attribute__((fallthrough)); /* and a reason */
	case MT_EV_CANCEL:
		rc = clean(a, act->text, VNTEXT_MULTILINE, MEETING_REASON_MIN, MEETING_REASON_MAX, c->errs, "reason",
			   "Vui lòng nêu lý do.", "Lý do từ 5 đến 2.000 ký tự.", &f->text);
		break;
	default:
		break;
	}
	return rc == -2 ? APP_ERROR : APP_OK;
}

/* The meeting a URL names: APP_NOT_FOUND for a bad key or none. */
static int load(const struct app_ctx *ctx, const char *key, struct meeting_row *m)
{
	int64_t id;
	if (meeting_id_parse(key, &id) < 0)
		return APP_NOT_FOUND;
	int rc = meeting_get(ctx->db, ctx->arena, id, m);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	return rc < 0 ? APP_ERROR : APP_OK;
}

/* load() for an officer's write: *roles over the meeting's unit; someone
 * holding none gets 403 on a public meeting and 404 on an internal one. */
static int load_officer(const struct app_ctx *ctx, const char *key, struct meeting_row *m, unsigned *roles)
{
	*roles = 0;
	int rc = load(ctx, key, m);
	if (rc != APP_OK)
		return rc;
	if (account(ctx) && perm_roles(ctx->db, account(ctx), m->unit_id, roles) < 0)
		return APP_ERROR;
	if (!*roles)
		return m->public ? APP_FORBIDDEN : APP_NOT_FOUND;
	return APP_OK;
}

static int wf_load(struct wf_call *c, const char *key)
{
	struct meeting_row *m = arena_alloc(c->ctx->arena, sizeof(*m));
	struct mt_fields *f = c->scratch;
	if (!m)
		return APP_ERROR;
	int rc = load(c->ctx, key, m);
	if (rc != APP_OK)
		return rc;
	c->record = m;
	c->object = audit_id(m->id, f->oid);
	c->status = meeting_status_parse(m->status);
	c->scope_unit = m->unit_id;
	c->is_public = m->public;
	return APP_OK;
}

static int wf_save(struct wf_call *c)
{
	struct meeting_row *m = c->record;
	struct mt_fields *f = c->scratch;
	const char *before = m->status;
	m->status = meeting_status_name(c->next);
	m->updated_at = c->ctx->now;
	struct meeting_event_row ev = {
		.meeting_id = m->id, .at = c->ctx->now, .type = c->ev->name, .actor_id = account(c->ctx),
		.public = c->ev->public, .status_before = before, .status_after = m->status,
		.text = c->event == MT_EV_MINUTES ? NULL : f->text,
	};
	if (meeting_update(c->ctx->db, m) < 0 || meeting_event_insert(c->ctx->db, &ev, &c->event_id) < 0)
		return APP_ERROR;
	return APP_OK;
}

static int ap_hold(struct wf_call *c)
{
	const struct meeting_action *act = c->input;
	struct meeting_row *m = c->record;
	m->attendance = act->attendance;
	return json_object_set_new(c->summary, "attendance", json_integer(act->attendance)) ? APP_ERROR : APP_OK;
}

static int ap_minutes(struct wf_call *c)
{
	struct meeting_row *m = c->record;
	struct mt_fields *f = c->scratch;
	m->minutes_text = f->text;
	m->minutes_by = account(c->ctx);
	m->minutes_at = c->ctx->now;
	return APP_OK;
}

static int ap_approve(struct wf_call *c)
{
	struct meeting_row *m = c->record;
	if (!m->minutes_text)
		return APP_INVALID_TRANSITION; /* nothing drafted to approve */
	m->minutes_approved_by = account(c->ctx);
	m->minutes_approved_at = c->ctx->now;
	return APP_OK;
}

static int ap_postpone(struct wf_call *c)
{
	const struct meeting_action *act = c->input;
	struct meeting_row *m = c->record;
	struct mt_fields *f = c->scratch;
	char was[26], now[26];
	fmt_iso8601_vn(m->starts_at, was);
	fmt_iso8601_vn(act->starts_at, now);
	if (!m->postponed_from)
		m->postponed_from = m->starts_at;
	m->starts_at = act->starts_at;
	m->ends_at = act->ends_at;
	m->postpone_reason = f->text;
	if (json_object_set_new(c->summary, "starts_at", json_pack("[ss]", was, now)))
		return APP_ERROR;
	return APP_OK;
}

static int ap_cancel(struct wf_call *c)
{
	struct meeting_row *m = c->record;
	struct mt_fields *f = c->scratch;
	m->cancel_reason = f->text;
	return APP_OK;
}

static int ap_publish(struct wf_call *c)
{
	struct meeting_row *m = c->record;
	if (m->results_published_at) {
		app_errors_add(c->errs, "type", "Kết quả đã được công khai.");
		return APP_CONFLICT;
	}
	m->results_published_at = c->ctx->now;
	return APP_OK;
}

static const struct wf_event events[MT_EV_COUNT] = {
	/*                 name               roles                  in                             next          public apply */
	[MT_EV_HOLD]     = { "hold",            MANAGE,                IN(MT_PLANNED),                MT_HELD,      1, ap_hold },
	[MT_EV_MINUTES]  = { "minutes",         MANAGE | ROLE_INTAKE,  IN(MT_HELD),                   WF_SAME,      0, ap_minutes },
	[MT_EV_APPROVE]  = { "approve_minutes", ROLE_LEADER,           IN(MT_HELD),                   MT_CLOSED,    1, ap_approve },
	[MT_EV_POSTPONE] = { "postpone",        MANAGE,                IN(MT_PLANNED),                WF_SAME,      1, ap_postpone },
	[MT_EV_CANCEL]   = { "cancel",          MANAGE,                IN(MT_PLANNED),                MT_CANCELLED, 1, ap_cancel },
	[MT_EV_PUBLISH]  = { "publish_results", ROLE_LEADER,           IN(MT_HELD) | IN(MT_CLOSED),   WF_SAME,      1, ap_publish },
};

const struct wf_domain meeting_domain = {
	.name = "meeting",
	.statuses = statuses, .nstatuses = MT_STATUS_COUNT,
	.events = events, .nevents = MT_EV_COUNT,
	.check = wf_check, .load = wf_load, .save = wf_save,
};

int meeting_apply_event(const struct app_ctx *ctx, const char *id, const struct meeting_action *act,
			struct app_errors *errs)
{
	struct mt_fields f = { 0 };
	if (!account(ctx))
		return APP_FORBIDDEN;
	return wf_apply(ctx, &meeting_domain, id, act->type, act, &f, errs);
}

/* --- warnings ------------------------------------------------------------------ */

static void warn(struct meeting_view *v, const char *key, const char *text, const char *basis)
{
	if (v->nwarnings < MEETING_WARNINGS_MAX && text)
		v->warnings[v->nwarnings++] = (struct meeting_warning){ key, text, basis };
}

static int warnings(const struct app_ctx *ctx, struct meeting_view *v)
{
	const struct meeting_row *m = &v->m;
	struct arena *a = ctx->arena;
	struct legal_rule r;
	int64_t start = vn_day_of(m->starts_at), ann = vn_day_of(m->announced_at);
	int kind = meeting_kind_valid(m->kind);
	if (!strcmp(m->status, "cancelled"))
		return APP_OK;
	if (kind == 0) {
		int x = legal_rule_get(ctx->db, a, "voter_contact.notice", (int32_t)start, &r);
		if (x < 0 && x != DB_NOTFOUND)
			return APP_ERROR;
		if (x == DB_OK && ctx->cal) {
			int wd = start - 1 > ann ? calendar_working_days_between(ctx->cal, ann, start - 1) : 0;
			if (wd >= 0 && wd < r.amount)
				warn(v, r.key,
				     arena_printf(a, "Kế hoạch tiếp xúc cử tri được công bố trước %d ngày làm việc, "
						  "ít hơn %d ngày làm việc theo quy định.", wd, (int)r.amount),
				     r.legal_basis);
		}
	}
	if (kind == 1) {
		int x = legal_rule_get(ctx->db, a, "dialogue.notice", (int32_t)start, &r);
		if (x < 0 && x != DB_NOTFOUND)
			return APP_ERROR;
		if (x == DB_OK && start - ann < r.amount)
			warn(v, r.key,
			     arena_printf(a, "Cuộc đối thoại được thông báo trước %d ngày, ít hơn %d ngày theo quy định.",
					  (int)(start - ann), (int)r.amount),
			     r.legal_basis);
		int64_t end = vn_day_of(m->ends_at);
		x = legal_rule_get(ctx->db, a, "dialogue.results", (int32_t)end, &r);
		if (x < 0 && x != DB_NOTFOUND)
			return APP_ERROR;
		if (x == DB_OK && strcmp(m->status, "planned")) {
			int64_t due = end + r.amount;
			if (m->results_published_at && vn_day_of(m->results_published_at) > due)
				warn(v, r.key,
				     arena_printf(a, "Kết quả đối thoại được công khai muộn, quá %d ngày sau cuộc đối thoại.",
						  (int)r.amount),
				     r.legal_basis);
			else if (!m->results_published_at && vn_day_of(ctx->now) > due)
				warn(v, r.key,
				     arena_printf(a, "Kết quả đối thoại chưa được công khai sau %d ngày.", (int)r.amount),
				     r.legal_basis);
		}
	}
	return APP_OK;
}

int meeting_row_warnings(const struct app_ctx *ctx, const struct meeting_row *m, size_t *n)
{
	*n = 0;
	unsigned roles = 0;
	if (!account(ctx))
		return APP_OK;
	if (perm_roles(ctx->db, account(ctx), m->unit_id, &roles) < 0)
		return APP_ERROR;
	if (!roles)
		return APP_OK;
	struct meeting_view *v = arena_zalloc(ctx->arena, sizeof(*v));
	if (!v)
		return APP_ERROR;
	v->m = *m;
	v->now = ctx->now;
	if (warnings(ctx, v) < 0)
		return APP_ERROR;
	*n = v->nwarnings;
	return APP_OK;
}

int meeting_unit_warnings(const struct app_ctx *ctx, struct meeting_warning *w, size_t max, size_t *n)
{
	*n = 0;
	int64_t acct = account(ctx);
	if (!acct)
		return APP_OK;
	int64_t *ids = NULL;
	size_t nids = 0;
	if (perm_units(ctx->db, ctx->arena, acct, ROLE_ALL, PERM_UNITS_OPEN, &ids, &nids) < 0)
		return APP_ERROR;
	int64_t today = vn_day_of(ctx->now);
	int y, mo, d;
	civil_from_days(today, &y, &mo, &d);
	int64_t from = vn_day_start(days_from_civil(y, 1, 1)), to = vn_day_start(days_from_civil(y + 1, 1, 1));
	for (size_t i = 0; i < nids && *n < max; i++) {
		struct unit u, parent;
		if (unit_get_by_id(ctx->db, ctx->arena, ids[i], &u) < 0)
			return APP_ERROR;
		if (strcmp(u.kind, "government") || !u.parent_id)
			continue;
		if (unit_get_by_id(ctx->db, ctx->arena, u.parent_id, &parent) < 0)
			return APP_ERROR;
		if (parent.parent_id)
			continue; /* not right under a province: not a commune */
		struct legal_rule r;
		int x = legal_rule_get(ctx->db, ctx->arena, "dialogue.per_year", (int32_t)today, &r);
		if (x == DB_NOTFOUND)
			continue;
		if (x < 0)
			return APP_ERROR;
		int64_t held = 0;
		if (meeting_count_in(ctx->db, u.id, "dialogue", from, to, &held) < 0)
			return APP_ERROR;
		if (held < r.amount)
			w[(*n)++] = (struct meeting_warning){
				r.key,
				arena_printf(ctx->arena, "%s chưa có cuộc đối thoại với Nhân dân nào trong năm %d "
					     "(tối thiểu %d cuộc mỗi năm).", u.name, y, (int)r.amount),
				r.legal_basis,
			};
	}
	return APP_OK;
}

/* --- reading ------------------------------------------------------------------ */

int meeting_get_view(const struct app_ctx *ctx, const char *key, struct meeting_view *v)
{
	memset(v, 0, sizeof(*v));
	v->now = ctx->now;
	int rc = load(ctx, key, &v->m);
	if (rc != APP_OK)
		return rc;
	int64_t id = v->m.id;
	if (account(ctx) && perm_roles(ctx->db, account(ctx), v->m.unit_id, &v->roles) < 0)
		return APP_ERROR;
	v->officer = v->roles != 0;
	if (!v->m.public && !v->officer)
		return APP_NOT_FOUND;
	int status = meeting_status_parse(v->m.status);
	v->allowed = wf_allowed(&meeting_domain, status, v->roles);
	v->may_record = (v->roles & FBSTATE_RECORD_ROLES) && status != MT_CANCELLED;
	if (meeting_hosts(ctx->arena, v->m.hosts, &v->hosts, &v->nhosts) < 0 ||
	    meeting_petitions(ctx->db, ctx->arena, id, !v->officer, &v->petitions, &v->npetitions) < 0 ||
	    meeting_results_get(ctx->db, id, ctx->now, &v->results) < 0 ||
	    meeting_events(ctx->db, ctx->arena, id, !v->officer, &v->events, &v->nevents) < 0)
		return APP_ERROR;
	if (v->officer && warnings(ctx, v) < 0)
		return APP_ERROR;
	return meeting_files(ctx, v, &v->files, &v->nfiles);
}

int meeting_list(const struct app_ctx *ctx, const struct meeting_filter *f, struct meeting_page *out)
{
	memset(out, 0, sizeof(*out));
	out->page = f->page > 0 ? f->page : 1;
	out->per_page = f->per_page > 0 && f->per_page <= MEETING_PER_PAGE_MAX ? f->per_page : 20;
	if (out->page > 100000)
		return APP_PAGE_RANGE;
	struct meeting_query q = {
		.viewer = account(ctx), .unit = f->unit && *f->unit ? f->unit : NULL,
		.kind = f->kind && *f->kind ? f->kind : NULL, .from = f->from, .to = f->to, .now = ctx->now,
		.held = f->held,
		.limit = out->per_page, .offset = (out->page - 1) * out->per_page,
	};
	if (f->q && *f->q) {
		struct search_query sq;
		int rc = search_query_parse(ctx->arena, f->q, strlen(f->q), &sq);
		if (rc == SEARCH_NOMEM)
			return APP_ERROR;
		if (rc == SEARCH_INVALID_UTF8)
			return APP_OK; /* not UTF-8: nothing matches */
		q.match = db_is_pg(ctx->db) ? sq.tsquery_public : sq.match_public;
	}
	if (meeting_row_list(ctx->db, ctx->arena, &q, &out->items, &out->n, &out->total) < 0)
		return APP_ERROR;
	return APP_OK;
}

/* --- petitions ------------------------------------------------------------------ */

/* Copy the errors of item i into errs: "petitions.I.field" (I from 1) in
 * a batch, the speaker's contact fields as "speaker" and "phone". */
static void item_errors(struct arena *a, struct app_errors *errs, const struct app_errors *e, size_t i, int batch)
{
	for (size_t k = 0; k < e->n; k++) {
		const char *field = e->items[k].field;
		if (!batch) {
			app_errors_add(errs, field, e->items[k].message);
			continue;
		}
		if (!strcmp(field, "contact.phone"))
			field = "phone";
		else if (!strcmp(field, "contact.name"))
			field = "speaker";
		else if (!strncmp(field, "contact.", 8))
			field += 8;
		const char *f = arena_printf(a, "petitions.%zu.%s", i + 1, field);
		if (f)
			app_errors_add(errs, f, e->items[k].message);
	}
}

static int petitions_tx(const struct app_ctx *ctx, int64_t id, struct feedback_prepared *p, size_t n,
			char (*codes)[TRACKCODE_BUFSZ])
{
	struct meeting_row m;
	int rc = meeting_get(ctx->db, ctx->arena, id, &m);
	if (rc < 0)
		return APP_ERROR;
	if (!strcmp(m.status, "cancelled"))
		return APP_INVALID_TRANSITION;
	char oid[AUDIT_ID_CHARS];
	audit_id(id, oid);
	for (size_t i = 0; i < n; i++) {
		struct feedback_receipt r;
		p[i].row.meeting_id = id;
		if (feedback_insert_prepared(ctx->db, ctx->actor, &p[i], &r) < 0)
			return APP_ERROR;
		snprintf(codes[i], TRACKCODE_BUFSZ, "%s", r.code);
		struct meeting_event_row ev = {
			.meeting_id = id, .at = ctx->now, .type = "petition", .actor_id = account(ctx),
			.public = 0, .status_before = m.status, .status_after = m.status, .text = r.code,
		};
		if (meeting_event_insert(ctx->db, &ev, NULL) < 0 ||
		    audit_append_json_new(ctx->db, ctx->actor, "meeting.petition", "meeting", oid,
					  json_pack("{s:s}", "code", r.code)) < 0)
			return APP_ERROR;
	}
	return APP_OK;
}

int meeting_add_petitions(const struct app_ctx *ctx, const char *key, struct feedback_input *items, size_t n,
			  int batch, char (*codes)[TRACKCODE_BUFSZ], struct app_errors *errs)
{
	app_errors_clear(errs);
	struct meeting_row m;
	unsigned roles;
	int rc = load_officer(ctx, key, &m, &roles);
	if (rc != APP_OK)
		return rc;
	if (!(roles & FBSTATE_RECORD_ROLES))
		return APP_FORBIDDEN;
	if (!strcmp(m.status, "cancelled"))
		return APP_INVALID_TRANSITION;
	if (n == 0) {
		app_errors_add(errs, "petitions", "Chưa có kiến nghị nào để ghi nhận.");
		return APP_VALIDATION;
	}
	if (n > MEETING_BATCH_MAX) {
		app_errors_add(errs, "petitions", "Tối đa 200 kiến nghị mỗi lần.");
		return APP_VALIDATION;
	}
	struct feedback_prepared *p = arena_zalloc(ctx->arena, n * sizeof(*p));
	if (!p)
		return APP_ERROR;
	/* petitions count from the meeting when it has begun (within the
	 * backdating an officer may do), else from now */
	int64_t at = m.starts_at < ctx->now && m.starts_at > ctx->now - FEEDBACK_BACKDATE_MAX ? m.starts_at : 0;
	int invalid = 0;
	for (size_t i = 0; i < n; i++) {
		struct app_errors e = { 0 };
		items[i].channel = meeting_kind_channel(m.kind);
		items[i].unit = m.unit_code;
		items[i].received_at = at;
		items[i].meeting_id = m.id;
		rc = feedback_prepare(ctx, &items[i], &p[i], &e);
		/* a code chosen by the caller (the demo's, the same on both engines) */
		if (rc == APP_OK && strlen(codes[i]) == TRACKCODE_LEN)
			memcpy(p[i].row.code, codes[i], TRACKCODE_BUFSZ);
		if (rc == APP_VALIDATION) {
			item_errors(ctx->arena, errs, &e, i, batch);
			invalid = 1;
		} else if (rc < 0) {
			if (rc == APP_FORBIDDEN)
				app_errors_clear(errs);
			return rc;
		}
	}
	if (invalid)
		return APP_VALIDATION;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	rc = petitions_tx(ctx, m.id, p, n, codes);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	(void)search_index_pending(ctx->db, 0, NULL, NULL);
	return APP_OK;
}

/* --- times ------------------------------------------------------------------------ */

/* n digits at *p: 0 with the value, -1 otherwise. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int meeting_time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0, oh = 7, om = 0, sign = 1;
	const char *p = s;
	if (!s || strlen(s) > 32)
		return -1;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d) ||
	    (*p != 'T' && *p != ' '))
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return -1;
	}
	if (*p == 'Z') {
		oh = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) || oh > 14 || om > 59)
			return -1;
	} /* no offset: Vietnam time (a form's datetime-local) */
	if (*p || y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - sign * (oh * 3600 + om * 60);
	return 0;
}

/* --- files of the minutes ------------------------------------------------------------- */

#define MEETING_OWNER "meeting"

static int attach_tx(const struct app_ctx *ctx, int64_t id, const struct attachment_blob *b, const char *name,
		     int64_t *file_id)
{
	struct meeting_row m;
	int rc = meeting_get(ctx->db, ctx->arena, id, &m);
	if (rc < 0)
		return APP_ERROR;
	if (strcmp(m.status, "held") && strcmp(m.status, "closed"))
		return APP_INVALID_TRANSITION;
	int n = attachment_count(ctx->db, MEETING_OWNER, id);
	if (n < 0)
		return APP_ERROR;
	if (n >= ATTACHMENT_MAX_PER_ITEM)
		return APP_CONFLICT;
	if (attachment_store(ctx->db, ctx->actor, MEETING_OWNER, id, b, name, ATTACHMENT_SUBMISSION, account(ctx),
			     ctx->now, file_id) < 0)
		return APP_ERROR;
	char oid[AUDIT_ID_CHARS];
	struct meeting_event_row ev = {
		.meeting_id = id, .at = ctx->now, .type = "attach", .actor_id = account(ctx), .public = 0,
		.status_before = m.status, .status_after = m.status, .text = name,
	};
	if (meeting_event_insert(ctx->db, &ev, NULL) < 0 ||
	    audit_append_json_new(ctx->db, ctx->actor, "meeting.attach", "meeting", audit_id(id, oid),
				  json_pack("{s:I, s:I}", "file_id", (json_int_t)*file_id, "size", (json_int_t)b->len)) < 0)
		return APP_ERROR;
	return APP_OK;
}

int meeting_attach(const struct app_ctx *ctx, const char *key, const void *data, size_t len, const char *filename,
		   struct app_errors *errs)
{
	app_errors_clear(errs);
	struct meeting_row m;
	unsigned roles;
	int rc = load_officer(ctx, key, &m, &roles);
	if (rc != APP_OK)
		return rc;
	if (!(roles & (MANAGE | ROLE_INTAKE)))
		return APP_FORBIDDEN;
	if (!data || !len) {
		app_errors_add(errs, "file", "Vui lòng chọn tệp biên bản (PDF hoặc ảnh chụp).");
		return APP_VALIDATION;
	}
	struct attachment_blob b;
	rc = attachment_blob_init(&b, data, len);
	if (rc == ATTACHMENT_TOO_LARGE)
		return APP_TOO_LARGE;
	if (rc < 0) {
		app_errors_add(errs, "file", "Chỉ nhận tệp PDF, JPEG, PNG, WebP hoặc GIF.");
		return APP_UNSUPPORTED;
	}
	const char *name = attachment_clean_name(ctx->arena, filename, b.mime);
	if (!name)
		return APP_ERROR;
	int64_t file_id = 0;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	rc = attach_tx(ctx, m.id, &b, name, &file_id);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	if (rc == APP_CONFLICT)
		app_errors_add(errs, "file", "Mỗi hội nghị có tối đa 5 tệp biên bản.");
	return rc;
}

/* The files are the minutes': officers of the unit see them; the public once
 * the minutes are approved, as the text. */
static int files_visible(const struct app_ctx *ctx, const struct meeting_row *m, int *officer)
{
	unsigned roles = 0;
	if (account(ctx) && perm_roles(ctx->db, account(ctx), m->unit_id, &roles) < 0)
		return APP_ERROR;
	*officer = roles != 0;
	if (!*officer && (!m->public || !m->minutes_approved_at))
		return APP_NOT_FOUND;
	return APP_OK;
}

int meeting_files(const struct app_ctx *ctx, const struct meeting_view *v, struct attachment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (!v->officer && !v->m.minutes_approved_at)
		return APP_OK;
	return attachment_list(ctx->db, MEETING_OWNER, v->m.id, 0, ctx->arena, items, n) < 0 ? APP_ERROR : APP_OK;
}

int meeting_file_get(const struct app_ctx *ctx, const char *key, int64_t file_id, struct attachment *out)
{
	struct meeting_row m;
	int rc = load(ctx, key, &m);
	if (rc != APP_OK)
		return rc;
	int officer = 0;
	if ((rc = files_visible(ctx, &m, &officer)) != APP_OK)
		return rc;
	rc = attachment_get(ctx->db, MEETING_OWNER, m.id, file_id, ctx->arena, out);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	return rc < 0 ? APP_ERROR : APP_OK;
}

/* --- the search over every kind -------------------------------------------------------- */

int meeting_find(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
		 struct meeting_hit **hits, size_t *n, int64_t *total)
{
	*hits = NULL;
	*n = 0;
	*total = 0;
	struct search_query sq;
	int rc = search_query_parse(ctx->arena, q ? q : "", q ? strlen(q) : 0, &sq);
	if (rc == SEARCH_NOMEM)
		return APP_ERROR;
	if (rc != SEARCH_OK || !sq.match_public)
		return APP_OK;
	struct audit_actor anon = { .account_id = 0, .name = "citizen" };
	struct app_ctx c = *ctx;
	if (!officer)
		c.actor = &anon;
	struct meeting_filter f = { .q = q, .page = page, .per_page = per_page };
	struct meeting_page pg;
	if ((rc = meeting_list(&c, &f, &pg)) < 0)
		return rc;
	*total = pg.total;
	if (!pg.n)
		return APP_OK;
	struct meeting_hit *out = arena_zalloc(ctx->arena, pg.n * sizeof(*out));
	if (!out)
		return APP_ERROR;
	for (size_t i = 0; i < pg.n; i++) {
		const struct meeting_row *m = &pg.items[i];
		const char **hosts;
		size_t nh;
		if (meeting_hosts(ctx->arena, m->hosts, &hosts, &nh) < 0)
			return APP_ERROR;
		struct sbuf *sb = arena_sbuf(ctx->arena, 4096);
		if (!sb || sbuf_addstr(sb, m->place) < 0)
			return APP_ERROR;
		for (size_t h = 0; h < nh; h++)
			if (sbuf_addf(sb, "%s%s", h ? ", " : " — ", hosts[h]) < 0)
				return APP_ERROR;
		char *th = NULL, *sn = NULL;
		if (search_highlight_html(ctx->arena, m->title, strlen(m->title), &sq, &th) < 0 ||
		    search_snippet_html(ctx->arena, sb->buf, sb->len, &sq, SEARCH_SNIPPET_CHARS, &sn, NULL) < 0)
			return APP_ERROR;
		out[i] = (struct meeting_hit){
			.id = m->id, .title = m->title, .title_html = th, .snippet_html = sn,
			.url = arena_printf(ctx->arena, "/hoi-nghi/%lld", (long long)m->id), .at = m->starts_at,
		};
		if (!out[i].url)
			return APP_ERROR;
	}
	*hits = out;
	*n = pg.n;
	return APP_OK;
}
