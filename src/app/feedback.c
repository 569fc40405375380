/*
 * feedback.c - the feedback workflow: validation of submissions, due dates
 * from the working-day calendar, the status machine applied with
 * permissions and audit in one transaction, public and officer views,
 * lists, the dashboard, attachments and the demo data generator.
 */
#include "app/feedback.h"
#include "app/fbstate.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/search.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "core/xalloc.h"

#include <math.h>

static const struct audit_actor citizen_actor = { 0, "citizen", NULL };

/* --- results and errors ------------------------------------------------------ */

const char *feedback_rc_code(int rc)
{
	return app_rc_code(rc);
}

int feedback_rc_http(int rc)
{
	return app_rc_http(rc);
}

const char *feedback_rc_message(int rc)
{
	switch (rc) {
	case FEEDBACK_NOT_FOUND: return "Không tìm thấy phản ánh.";
	case FEEDBACK_INVALID_TRANSITION: return "Không thể thực hiện thao tác này ở trạng thái hiện tại của phản ánh.";
	case FEEDBACK_PAGE_RANGE:
		return "Trang này nằm ngoài danh sách: danh sách chỉ hiển thị 10.000 phản ánh đầu tiên "
		       "(1.000 kết quả tìm kiếm); vui lòng thu hẹp bộ lọc.";
	default: return app_rc_message(rc);
	}
}

const char *feedback_errors_get(const struct feedback_errors *e, const char *field)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

static void err_clear(struct feedback_errors *e)
{
	if (e)
		e->n = 0;
}

/* Record a message for a field (the first one per field wins). */
static void err_add(struct feedback_errors *e, const char *field, const char *message)
{
	if (!e || feedback_errors_get(e, field) || e->n == FEEDBACK_MAX_ERRORS)
		return;
	e->items[e->n].field = field;
	e->items[e->n].message = message;
	e->n++;
}

/* The message for a file attachment_blob_init() refused. */
static const char *file_refused(int rc)
{
	return rc == ATTACHMENT_TOO_LARGE ? "Mỗi tệp đính kèm không quá 10 MB."
	       : "Tệp đính kèm phải là ảnh (JPEG, PNG, WebP, GIF) hoặc PDF.";
}

static const struct audit_actor *actor_of(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor : &citizen_actor;
}

static int64_t account_of(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor->account_id : 0;
}

/* --- small helpers ---------------------------------------------------------- */

static int is_blank(const char *s)
{
	return !s || !*s;
}

/*
 * Clean a text field and check its length. Returns 1 when the field is
 * absent or blank after cleaning (*out NULL), 0 when present and valid, -1
 * when an error was recorded, -2 when out of memory.
 */
static int clean_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
		       struct feedback_errors *errs, const char *field, const char *msg_short,
		       const char *msg_long, const char **out)
{
	*out = NULL;
	if (is_blank(in))
		return 1;
	char *clean = NULL;
	size_t len = 0;
	int rc = vntext_clean(a, in, strlen(in), flags, &clean, &len);
	if (rc == VNTEXT_NOMEM)
		return -2;
	if (rc == VNTEXT_INVALID_UTF8) {
		err_add(errs, field, "Nội dung có ký tự không hợp lệ.");
		return -1;
	}
	if (len == 0)
		return 1;
	rc = vntext_check_length(clean, len, min, max);
	if (rc == VNTEXT_TOO_SHORT) {
		err_add(errs, field, msg_short);
		return -1;
	}
	if (rc == VNTEXT_TOO_LONG) {
		err_add(errs, field, msg_long);
		return -1;
	}
	*out = clean;
	return 0;
}

/* A required field: blank records msg_missing. Same returns as clean_field
 * except that blank gives -1. */
static int require_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
			 struct feedback_errors *errs, const char *field, const char *msg_missing,
			 const char *msg_short, const char *msg_long, const char **out)
{
	int rc = clean_field(a, in, flags, min, max, errs, field, msg_short, msg_long, out);
	if (rc == 1) {
		err_add(errs, field, msg_missing);
		return -1;
	}
	return rc;
}

/* The unit whose roles decide over an item: the handling unit, else the
 * intake desk. */
static int64_t scope_unit(const struct feedback_row *r)
{
	return r->unit_id ? r->unit_id : r->intake_unit_id;
}

/* The ROLE_* bits the actor holds in `unit_id` or an ancestor. */
static int roles_in(const struct app_ctx *ctx, int64_t unit_id, unsigned *roles)
{
	*roles = 0;
	int64_t acct = account_of(ctx);
	if (!acct || !unit_id)
		return 0;
	int any = perm_has(ctx->db, acct, unit_id, ROLE_ALL);
	if (any < 0)
		return -1;
	if (!any)
		return 0;
	for (size_t i = 0; i < ROLE_COUNT; i++) {
		unsigned r = role_at(i);
		int has = perm_has(ctx->db, acct, unit_id, r);
		if (has < 0)
			return -1;
		if (has)
			*roles |= r;
	}
	return 0;
}

/* The end (23:59:59 Vietnam time) of a local day. */
static int64_t end_of_day(int64_t day)
{
	return vn_day_start(day + 1) - 1;
}

/* The due instant of an item received at `from` under category `c`; 0
 * when the calendar cannot say (out of its range). */
static int64_t due_for(const struct calendar *cal, const struct category *c, int64_t from)
{
	if (!cal)
		return 0;
	if (c->deadline_unit == CAL_WORKING_HOUR) {
		int64_t due;
		if (calendar_due_hours(cal, from, c->deadline_amount, &due) < 0)
			return 0;
		return due;
	}
	int64_t day;
	if (calendar_due_day(cal, vn_day_of(from), c->deadline_amount, c->deadline_unit, &day) < 0)
		return 0;
	return end_of_day(day);
}

static int is_overdue(const struct feedback_row *r, int64_t now)
{
	return feedback_status_open(r->status) && r->due_at && now > r->due_at;
}

/* The first `max` code points of s, with "…" when cut. */
static const char *excerpt(struct arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	size_t n = 0, i = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == max)
				return arena_printf(a, "%.*s…", (int)i, s);
			n++;
		}
		i++;
	}
	return s;
}

int feedback_phone_normalise(const char *in, char out[16])
{
	char d[32];
	size_t n = 0;
	out[0] = '\0';
	if (!in)
		return -1;
	const char *p = in;
	while (*p == ' ')
		p++;
	int plus = 0;
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n == sizeof(d) - 1)
				return -1;
			d[n++] = *p;
		} else if (*p != ' ' && *p != '.' && *p != '-' && *p != '(' && *p != ')') {
			return -1;
		}
	}
	d[n] = '\0';
	const char *digits = d;
	char buf[32];
	if (plus || (n >= 11 && d[0] == '8' && d[1] == '4')) {
		/* +84 912 345 678 -> 0912345678 */
		if (n < 3 || d[0] != '8' || d[1] != '4')
			return -1;
		snprintf(buf, sizeof(buf), "0%s", d + 2 + (d[2] == '0'));
		digits = buf;
	}
	size_t len = strlen(digits);
	if (digits[0] != '0' || len < 10 || len > 11 || digits[1] == '0')
		return -1;
	memcpy(out, digits, len + 1);
	return 0;
}

int feedback_email_valid(const char *email)
{
	if (!email)
		return 0;
	size_t n = strlen(email);
	if (n < 3 || n > FEEDBACK_EMAIL_MAX)
		return 0;
	const char *at = strchr(email, '@');
	if (!at || at == email || strchr(at + 1, '@') || at - email > 64)
		return 0;
	for (const char *p = email; p < at; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return 0;
	}
	if (email[0] == '.' || at[-1] == '.' || strstr(email, ".."))
		return 0;
	const char *dom = at + 1;
	size_t label = 0, labels = 0;
	for (const char *p = dom;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.' || c == '\0') {
			if (label == 0 || p[-1] == '-')
				return 0;
			labels++;
			label = 0;
			if (c == '\0')
				break;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return 0;
		if (label == 0 && c == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return labels >= 2;
}

/* Append `"key":"value"` (JSON-escaped) with a leading comma when needed. */
static int json_kv(struct sbuf *sb, const char *key, const char *value)
{
	if (sb->len > 1 && sbuf_addch(sb, ',') < 0)
		return -1;
	if (sbuf_addf(sb, "\"%s\":", key) < 0)
		return -1;
	if (!value)
		return sbuf_addstr(sb, "null");
	return sbuf_add_json_str(sb, value, strlen(value));
}

static int json_ki(struct sbuf *sb, const char *key, int64_t value)
{
	if (sb->len > 1 && sbuf_addch(sb, ',') < 0)
		return -1;
	return sbuf_addf(sb, "\"%s\":%lld", key, (long long)value);
}

/* --- sending ------------------------------------------------------------ */

static int channel_is_online(enum feedback_channel c)
{
	return c == FB_CH_WEB || c == FB_CH_API;
}

#define NOT_RECEIVING "Đơn vị này không tiếp nhận phản ánh (chi bộ, tổ dân phố...): hãy chọn cơ quan, chính quyền hoặc Mặt trận."

/* Resolve an open unit that receives feedback (org_kind_receives_feedback)
 * by code into *id; 0, 1 when absent/closed, 2 when its kind receives no
 * feedback (a Party cell, a residential group), -1 on error. */
static int open_unit(const struct app_ctx *ctx, const char *code, int64_t *id,
		     const char **ucode)
{
	struct unit u;
	int rc = unit_get_by_code(ctx->db, ctx->arena, code, &u);
	if (rc == DB_NOTFOUND)
		return 1;
	if (rc < 0)
		return -1;
	if (u.valid_to != UNIT_OPEN)
		return 1;
	if (!org_kind_receives_feedback(u.kind))
		return 2;
	*id = u.id;
	if (ucode)
		*ucode = u.code;
	return 0;
}

int feedback_prepare(const struct app_ctx *ctx, const struct feedback_input *in,
		     struct feedback_prepared *out, struct feedback_errors *errs)
{
	struct arena *a = ctx->arena;
	struct feedback_errors local;
	if (!errs)
		errs = &local;
	err_clear(errs);
	memset(out, 0, sizeof(*out));
	struct feedback_row *r = &out->row;
	int64_t acct = account_of(ctx);
	int nomem = 0, rc;

	rc = require_field(a, in->title, VNTEXT_SINGLELINE, FEEDBACK_TITLE_MIN, FEEDBACK_TITLE_MAX, errs,
			   "title", "Vui lòng nhập tiêu đề.", "Tiêu đề cần ít nhất 5 ký tự.",
			   "Tiêu đề tối đa 200 ký tự.", &r->title);
	nomem |= rc == -2;
	rc = require_field(a, in->body, VNTEXT_MULTILINE, FEEDBACK_BODY_MIN, FEEDBACK_BODY_MAX, errs,
			   "body", "Vui lòng nhập nội dung phản ánh.", "Nội dung cần ít nhất 10 ký tự.",
			   "Nội dung tối đa 10.000 ký tự.", &r->body);
	nomem |= rc == -2;
	rc = clean_field(a, in->place, VNTEXT_SINGLELINE, 1, FEEDBACK_PLACE_MAX, errs, "place", "",
			 "Địa điểm tối đa 300 ký tự.", &r->place);
	nomem |= rc == -2;

	/* category */
	struct category cat;
	memset(&cat, 0, sizeof(cat));
	if (is_blank(in->category)) {
		err_add(errs, "category", "Vui lòng chọn lĩnh vực.");
	} else {
		rc = category_get_by_code(ctx->db, in->category, a, &cat);
		if (rc == DB_NOTFOUND || (rc == DB_OK && !cat.active))
			err_add(errs, "category", "Lĩnh vực không hợp lệ.");
		else if (rc < 0)
			return FEEDBACK_ERROR;
		else
			r->category_id = cat.id;
	}

	/* coordinates */
	if (in->has_geo) {
		int ok = 1;
		if (!isfinite(in->lat) || in->lat < -90.0 || in->lat > 90.0) {
			err_add(errs, "lat", "Vĩ độ không hợp lệ (từ -90 đến 90).");
			ok = 0;
		}
		if (!isfinite(in->lon) || in->lon < -180.0 || in->lon > 180.0) {
			err_add(errs, "lon", "Kinh độ không hợp lệ (từ -180 đến 180).");
			ok = 0;
		}
		if (ok) {
			r->has_geo = 1;
			r->lat_e6 = (int64_t)llround(in->lat * 1e6);
			r->lon_e6 = (int64_t)llround(in->lon * 1e6);
		}
	}

	/* contact */
	const char *name = NULL, *email = NULL;
	rc = clean_field(a, in->contact_name, VNTEXT_SINGLELINE, 1, FEEDBACK_NAME_MAX, errs,
			 "contact.name", "", "Họ tên tối đa 100 ký tự.", &name);
	nomem |= rc == -2;
	char phone[16] = "";
	if (!is_blank(in->contact_phone) && feedback_phone_normalise(in->contact_phone, phone) < 0)
		err_add(errs, "contact.phone", "Số điện thoại không hợp lệ (ví dụ: 0912 345 678).");
	if (!is_blank(in->contact_email)) {
		const char *e = in->contact_email;
		while (*e == ' ')
			e++;
		char *trim = arena_strdup(a, e);
		if (!trim)
			return FEEDBACK_ERROR;
		size_t tl = strlen(trim);
		while (tl && trim[tl - 1] == ' ')
			trim[--tl] = '\0';
		if (!feedback_email_valid(trim)) {
			err_add(errs, "contact.email", "Địa chỉ email không hợp lệ.");
		} else {
			/* the domain is case-insensitive: store it lower-case */
			for (char *p = strchr(trim, '@'); *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p + ('a' - 'A'));
			email = trim;
		}
	}
	if (name || phone[0] || email) {
		out->has_contact = 1;
		out->contact.name = name;
		out->contact.phone = phone[0] ? arena_strdup(a, phone) : NULL;
		out->contact.email = email;
		if (phone[0] && !out->contact.phone)
			return FEEDBACK_ERROR;
	}

	/* channel, receiving unit, who records it */
	if ((unsigned)in->channel >= FB_CH_COUNT || (!channel_is_online(in->channel) && !acct)) {
		err_add(errs, "channel", "Kênh tiếp nhận không hợp lệ.");
	}
	r->channel = (unsigned)in->channel < FB_CH_COUNT ? in->channel : FB_CH_WEB;
	int offline = !channel_is_online(r->channel);
	if (!is_blank(in->unit)) {
		rc = open_unit(ctx, in->unit, &r->intake_unit_id, NULL);
		if (rc < 0)
			return FEEDBACK_ERROR;
		if (rc == 1)
			err_add(errs, "unit", "Đơn vị không tồn tại hoặc đã giải thể.");
		if (rc == 2)
			err_add(errs, "unit", NOT_RECEIVING);
	} else {
		if (acct && offline) {
			int64_t *ids = NULL;
			size_t n = 0;
			if (perm_units(ctx->db, a, acct, FBSTATE_RECORD_ROLES, PERM_UNITS_OPEN, &ids, &n) < 0)
				return FEEDBACK_ERROR;
			/* the first of its units that receives feedback */
			for (size_t i = 0; i < n && !r->intake_unit_id; i++) {
				struct unit u;
				if (unit_get_by_id(ctx->db, a, ids[i], &u) < 0)
					return FEEDBACK_ERROR;
				if (org_kind_receives_feedback(u.kind))
					r->intake_unit_id = u.id;
			}
		}
		if (!r->intake_unit_id) {
			rc = feedback_default_unit(ctx->db, &r->intake_unit_id);
			if (rc < 0 && rc != DB_NOTFOUND)
				return FEEDBACK_ERROR;
		}
	}

	/* when it was received */
	r->received_at = ctx->now;
	if (in->received_at && acct) {
		if (in->received_at > ctx->now || in->received_at < ctx->now - FEEDBACK_BACKDATE_MAX)
			err_add(errs, "received_at", "Thời điểm tiếp nhận phải trong vòng một năm trở lại đây.");
		else
			r->received_at = in->received_at;
	}

	/* files: checked and hashed here, stored only with the item */
	if (in->nfiles > ATTACHMENT_MAX_PER_ITEM) {
		err_add(errs, "files", "Tối đa 5 tệp đính kèm.");
	} else {
		for (size_t i = 0; i < in->nfiles; i++) {
			struct attachment_blob *b = &out->files[out->nfiles];
			rc = attachment_blob_init(b, in->files[i].data, in->files[i].len);
			if (rc < 0) {
				err_add(errs, "files", file_refused(rc));
				break;
			}
			int dup = 0;
			for (size_t j = 0; j < out->nfiles; j++)
				dup |= attachment_blob_same(&out->files[j], b);
			if (dup)
				continue;
			out->file_names[out->nfiles] = attachment_clean_name(a, in->files[i].filename, b->mime);
			if (!out->file_names[out->nfiles])
				return FEEDBACK_ERROR;
			out->nfiles++;
		}
	}
	if (nomem)
		return FEEDBACK_ERROR;
	if (errs->n)
		return FEEDBACK_VALIDATION;

	/* an off-line channel needs a recording role where it is received */
	if (offline) {
		int has = r->intake_unit_id ? perm_has(ctx->db, acct, r->intake_unit_id, FBSTATE_RECORD_ROLES) : 0;
		if (has < 0)
			return FEEDBACK_ERROR;
		if (!has)
			return FEEDBACK_FORBIDDEN;
		out->intake_roles = FBSTATE_RECORD_ROLES;
	}
	r->created_by = acct;
	r->public = in->is_private ? 0 : 1;
	r->status = FB_RECEIVED;
	r->due_at = due_for(ctx->cal, &cat, r->received_at);
	r->updated_at = ctx->now;
	r->category_code = cat.code;
	r->category_name = cat.name;

	/* the search index follows the row by itself (store/search.h) */

	trackcode_new(r->code);
	trackcode_secret_new(out->secret);
	if (trackcode_secret_hash(out->secret, r->secret_hash) < 0)
		return FEEDBACK_ERROR;
	return FEEDBACK_OK;
}

int feedback_insert_prepared(struct db *db, const struct audit_actor *actor,
			     struct feedback_prepared *p, struct feedback_receipt *out)
{
	struct feedback_row *r = &p->row;
	if (!actor)
		actor = &citizen_actor;
	int64_t id = 0;
	int rc;
	for (int attempt = 0;; attempt++) {
		rc = feedback_row_insert(db, r, &id);
		if (rc != DB_CONSTRAINT || attempt == 8)
			break;
		/* a taken tracking code? draw another; any other constraint is a failure */
		struct db_stmt *st = db_prepare(db, "SELECT 1 FROM feedback WHERE code = $1");
		if (!st)
			return FEEDBACK_ERROR;
		db_bind_text(st, 1, r->code);
		int taken = db_step(st) == DB_ROW;
		db_done(st);
		if (!taken)
			break;
		trackcode_new(r->code);
	}
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (p->has_contact && feedback_contact_insert(db, id, &p->contact) < 0)
		return FEEDBACK_ERROR;
	for (size_t i = 0; i < p->nfiles; i++)
		if (attachment_store(db, actor, id, &p->files[i], p->file_names[i], ATTACHMENT_SUBMISSION,
				     r->created_by, r->received_at, NULL) < 0)
			return FEEDBACK_ERROR;
	char extra[128];
	snprintf(extra, sizeof(extra), "{\"channel\":\"%s\",\"files\":%zu}", feedback_channel_name(r->channel),
		 p->nfiles);
	struct feedback_event ev = {
		.feedback_id = id,
		.at = r->received_at,
		.type = FB_EV_SUBMIT,
		.actor_id = r->created_by,
		.unit_id = r->intake_unit_id,
		.public = 1,
		.status_before = FB_RECEIVED,
		.status_after = FB_RECEIVED,
		.extra = extra,
	};
	if (feedback_event_insert(db, &ev, NULL) < 0)
		return FEEDBACK_ERROR;
	char summary[256];
	snprintf(summary, sizeof(summary),
		 "{\"category\":\"%s\",\"channel\":\"%s\",\"public\":%s,\"intake_unit_id\":%lld,"
		 "\"files\":%zu,\"contact\":%s,\"received_at\":%lld}",
		 r->category_code ? r->category_code : "", feedback_channel_name(r->channel),
		 r->public ? "true" : "false", (long long)r->intake_unit_id, p->nfiles,
		 p->has_contact ? "true" : "false", (long long)r->received_at);
	if (audit_append(db, actor, "feedback.submit", "feedback", r->code, summary) < 0)
		return FEEDBACK_ERROR;
	r->id = id;
	if (out) {
		out->id = id;
		memcpy(out->code, r->code, sizeof(out->code));
		memcpy(out->secret, p->secret, sizeof(out->secret));
		out->received_at = r->received_at;
		out->due_at = r->due_at;
	}
	return FEEDBACK_OK;
}

int feedback_submit(const struct app_ctx *ctx, const struct feedback_input *in,
		    struct feedback_receipt *out, struct feedback_errors *errs)
{
	struct feedback_prepared p;
	int rc = feedback_prepare(ctx, in, &p, errs);
	if (rc < 0)
		return rc;
	if (db_begin(ctx->db) < 0)
		return FEEDBACK_ERROR;
	rc = feedback_insert_prepared(ctx->db, actor_of(ctx), &p, out);
	if (rc == FEEDBACK_OK && db_commit(ctx->db) < 0)
		rc = FEEDBACK_ERROR;
	if (rc < 0) {
		db_rollback(ctx->db);
		return rc;
	}
	/* the direct path indexes its item at once (store/search.h); should
	 * that fail, the item stays queued for the next pass and is saved */
	(void)search_index_pending(ctx->db, 0, NULL, NULL);
	return rc;
}

/* --- reading one item ------------------------------------------------------ */

/* 1 when this viewer may see item `t` (its code, text, answer) from another
 * item's view: a public item, or for an officer view one its roles reach or
 * it recorded; 0 when not, -1 on a database error. */
static int other_visible(const struct app_ctx *ctx, const struct feedback_row *t, int officer)
{
	if (t->public)
		return 1;
	if (!officer)
		return 0;
	unsigned roles;
	if (roles_in(ctx, scope_unit(t), &roles) < 0)
		return -1;
	return roles || (account_of(ctx) && t->created_by == account_of(ctx));
}

/* The merge events of a view name other items in their `extra`
 * ({"into":"CODE"} on the duplicate, {"merged_from":"CODE"} on the item
 * followed): a code the viewer may not see becomes null. */
static int scrub_merge_events(const struct app_ctx *ctx, struct feedback_view *v, int officer)
{
	static const char *const keys[] = { "{\"into\":\"", "{\"merged_from\":\"" };
	for (size_t i = 0; i < v->nevents; i++) {
		struct feedback_event *e = &v->events[i];
		if (e->type != FB_EV_MERGE || !e->extra)
			continue;
		for (size_t k = 0; k < 2; k++) {
			size_t kl = strlen(keys[k]);
			if (strncmp(e->extra, keys[k], kl))
				continue;
			char code[TRACKCODE_BUFSZ];
			const char *p = e->extra + kl, *q = strchr(p, '"');
			if (!q || (size_t)(q - p) >= sizeof(code))
				break;
			memcpy(code, p, (size_t)(q - p));
			code[q - p] = '\0';
			struct feedback_row t;
			int rc = feedback_row_get_by_code(ctx->db, code, ctx->arena, &t);
			int vis = rc == DB_OK ? other_visible(ctx, &t, officer) : rc == DB_NOTFOUND ? 0 : -1;
			if (vis < 0)
				return FEEDBACK_ERROR;
			if (!vis)
				e->extra = k == 0 ? "{\"into\":null}" : "{\"merged_from\":null}";
			break;
		}
	}
	return FEEDBACK_OK;
}

/* Fill the parts of a view that public and officer views share. */
static int view_common(const struct app_ctx *ctx, const struct feedback_row *r, int officer,
		       struct feedback_view *v)
{
	struct arena *a = ctx->arena;
	memset(v, 0, sizeof(*v));
	v->id = r->id;
	v->code = arena_strdup(a, r->code);
	if (!v->code)
		return FEEDBACK_ERROR;
	int redacted = r->public_title || r->public_body || r->public_place;
	if (officer) {
		v->title = r->title;
		v->body = r->body;
		v->redacted_title = r->public_title;
		v->redacted_body = r->public_body;
		v->redacted_place = r->public_place;
	} else {
		v->title = r->public_title ? r->public_title : r->title;
		v->body = r->public_body ? r->public_body : r->body;
	}
	v->category_code = r->category_code;
	v->category_name = r->category_name;
	struct category cat;
	if (category_get(ctx->db, r->category_id, a, &cat) == DB_OK) {
		v->legal_basis = cat.legal_basis;
		v->deadline_amount = cat.deadline_amount;
		v->deadline_unit = cat.deadline_unit;
	}
	v->status = r->status;
	v->channel = r->channel;
	v->public = r->public;
	/* a redacted place hides the map point from the public too */
	v->place = !officer && r->public_place ? r->public_place : r->place;
	v->has_geo = r->has_geo && (officer || !r->public_place);
	v->lat = (double)r->lat_e6 / 1e6;
	v->lon = (double)r->lon_e6 / 1e6;
	v->received_at = r->received_at;
	v->due_at = r->due_at;
	v->answered_at = r->answered_at;
	v->published_at = r->published_at;
	v->closed_at = r->closed_at;
	v->due_extended = r->due_extended;
	v->overdue = is_overdue(r, ctx->now);
	v->unit_code = r->unit_code;
	v->unit_name = r->unit_name;
	v->rating = r->rating;
	v->rating_comment = r->rating_comment;
	v->rated_at = r->rated_at;

	/* the answer: a merged item follows the chain to the item it joined */
	struct feedback_row target = *r;
	for (int depth = 0; target.status == FB_MERGED && target.merged_into_id &&
			    depth < FEEDBACK_MERGE_DEPTH; depth++) {
		struct feedback_row next;
		if (feedback_row_get(ctx->db, target.merged_into_id, a, &next) < 0)
			return FEEDBACK_ERROR;
		target = next;
	}
	int hidden = 0;
	if (target.id != r->id) {
		/* a private item followed is never shown to whom may not see it
		 * (a public duplicate merged into it must not reveal it) */
		int vis = other_visible(ctx, &target, officer);
		if (vis < 0)
			return FEEDBACK_ERROR;
		hidden = !vis;
		v->merged_hidden = hidden;
		if (!hidden && !(v->merged_into_code = arena_strdup(a, target.code)))
			return FEEDBACK_ERROR;
	}
	struct feedback_answer ans;
	int rc = feedback_answer_latest(ctx->db, target.id, 1, a, &ans);
	if (rc == DB_OK && hidden) {
		v->merged_answered = 1;
	} else if (rc == DB_OK) {
		v->answer = ans;
		v->has_answer = 1;
	} else if (rc != DB_NOTFOUND) {
		return FEEDBACK_ERROR;
	}

	if (feedback_event_list(ctx->db, r->id, !officer, a, &v->events, &v->nevents) < 0 ||
	    scrub_merge_events(ctx, v, officer) < 0)
		return FEEDBACK_ERROR;
	if (!officer)
		for (size_t i = 0; i < v->nevents; i++) {
			v->events[i].actor_id = 0;
			v->events[i].actor_name = NULL;
		}
	if (officer || !redacted) {
		if (attachment_list(ctx->db, r->id, officer, a, &v->files, &v->nfiles) < 0)
			return FEEDBACK_ERROR;
	}
	return FEEDBACK_OK;
}

static int load_item(const struct app_ctx *ctx, const char *code_in, struct feedback_row *r)
{
	char code[TRACKCODE_BUFSZ];
	if (!code_in || trackcode_parse(code_in, code) != TRACKCODE_OK)
		return FEEDBACK_NOT_FOUND;
	int rc = feedback_row_get_by_code(ctx->db, code, ctx->arena, r);
	if (rc == DB_NOTFOUND)
		return FEEDBACK_NOT_FOUND;
	return rc < 0 ? FEEDBACK_ERROR : FEEDBACK_OK;
}

int feedback_get_public(const struct app_ctx *ctx, const char *code, const char *secret,
			struct feedback_view *out)
{
	struct feedback_row r;
	int rc = load_item(ctx, code, &r);
	if (rc < 0)
		return rc;
	int sender = trackcode_secret_check(secret, r.secret_hash, sizeof(r.secret_hash));
	if (!r.public && !sender)
		return FEEDBACK_NOT_FOUND;
	rc = view_common(ctx, &r, 0, out);
	if (rc < 0)
		return rc;
	out->is_sender = sender;
	enum feedback_status next;
	out->can_rate = sender && !r.rating && fbstate_next(r.status, FB_EV_RATE, &next) == 0;
	if (!sender)
		out->rating_comment = NULL;
	return FEEDBACK_OK;
}

/* One "view_contact" audit entry: `code`'s contact read from `from`'s view. */
static int audit_contact_view(const struct app_ctx *ctx, const char *code, const char *from)
{
	char summary[64];
	snprintf(summary, sizeof(summary), "{\"viewed_from\":\"%s\"}", from);
	return audit_append(ctx->db, actor_of(ctx), "view_contact", "feedback", code, summary) < 0
		? FEEDBACK_ERROR : FEEDBACK_OK;
}

/* The items merged into r. Each one's title only when the viewer may see
 * that item, and its contact only when `contact` (the caller holds the
 * transaction) and the viewer holds a contact role in ITS unit: merging
 * never widens who reads a sender's contact. Each contact read is audited. */
static int load_merged(const struct app_ctx *ctx, const struct feedback_row *r, int contact,
		       struct feedback_view *v)
{
	struct feedback_row *rows = NULL;
	size_t n = 0;
	if (feedback_row_merged_into(ctx->db, r->id, ctx->arena, &rows, &n) < 0)
		return FEEDBACK_ERROR;
	if (!n)
		return FEEDBACK_OK;
	v->merged = arena_zalloc(ctx->arena, n * sizeof(*v->merged));
	if (!v->merged)
		return FEEDBACK_ERROR;
	v->nmerged = n;
	for (size_t i = 0; i < n; i++) {
		struct feedback_related *m = &v->merged[i];
		unsigned mroles;
		m->code = arena_strdup(ctx->arena, rows[i].code);
		m->received_at = rows[i].received_at;
		int has = feedback_contact_exists(ctx->db, rows[i].id);
		if (has < 0 || !m->code || roles_in(ctx, scope_unit(&rows[i]), &mroles) < 0)
			return FEEDBACK_ERROR;
		int created = account_of(ctx) && rows[i].created_by == account_of(ctx);
		if (rows[i].public || mroles || created)
			m->title = rows[i].public && !mroles && !created && rows[i].public_title
				? rows[i].public_title : rows[i].title;
		m->has_contact = has;
		if (has && contact && (mroles & FBSTATE_CONTACT_ROLES)) {
			if (audit_contact_view(ctx, rows[i].code, r->code) < 0 ||
			    feedback_contact_get(ctx->db, rows[i].id, ctx->arena, &m->contact) < 0)
				return FEEDBACK_ERROR;
			m->contact_shown = 1;
		}
	}
	return FEEDBACK_OK;
}

int feedback_get_for_officer(const struct app_ctx *ctx, const char *code, int with_contact,
			     struct feedback_view *out)
{
	struct feedback_row r;
	int rc = load_item(ctx, code, &r);
	if (rc < 0)
		return rc;
	unsigned roles;
	if (roles_in(ctx, scope_unit(&r), &roles) < 0)
		return FEEDBACK_ERROR;
	int creator = account_of(ctx) && r.created_by == account_of(ctx);
	if (!roles && !creator)
		return r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
	int contact = with_contact && (roles & FBSTATE_CONTACT_ROLES);
	int in_tx = 0;
	if (contact) {
		/* the audit entries of the contact reads commit with the reads */
		if (db_begin(ctx->db) < 0)
			return FEEDBACK_ERROR;
		in_tx = 1;
	}
	if ((rc = view_common(ctx, &r, 1, out)) < 0)
		goto fail;
	out->officer = 1;
	out->roles = roles;
	out->allowed_events = fbstate_allowed(r.status, roles);
	out->intake_unit_code = r.intake_unit_code;
	out->intake_unit_name = r.intake_unit_name;
	out->created_by = r.created_by;
	rc = feedback_answer_latest(ctx->db, r.id, 0, ctx->arena, &out->draft);
	if (rc == DB_OK && !out->draft.published_at)
		out->has_draft = 1;
	else if (rc < 0 && rc != DB_NOTFOUND)
		goto fail_db;
	int has = feedback_contact_exists(ctx->db, r.id);
	if (has < 0)
		goto fail_db;
	out->has_contact = has;
	if (has && contact) {
		if (audit_contact_view(ctx, r.code, r.code) < 0 ||
		    feedback_contact_get(ctx->db, r.id, ctx->arena, &out->contact) < 0)
			goto fail_db;
		out->contact_shown = 1;
	}
	if ((rc = load_merged(ctx, &r, contact, out)) < 0)
		goto fail;
	if (in_tx && db_commit(ctx->db) < 0)
		goto fail_db;
	return FEEDBACK_OK;
fail_db:
	rc = FEEDBACK_ERROR;
fail:
	if (in_tx)
		db_rollback(ctx->db);
	memset(out, 0, sizeof(*out));
	return rc;
}

int feedback_get(const struct app_ctx *ctx, const char *code, const char *secret,
		 int with_contact, struct feedback_view *out)
{
	if (account_of(ctx)) {
		int rc = feedback_get_for_officer(ctx, code, with_contact, out);
		if (rc != FEEDBACK_FORBIDDEN && rc != FEEDBACK_NOT_FOUND)
			return rc;
	}
	return feedback_get_public(ctx, code, secret, out);
}

/* --- the workflow ------------------------------------------------------- */

/* Field values of an action after cleaning, before the transaction. */
struct action_fields {
	const char *text;
	const char *title, *body, *place;
	const char *basis, *next_steps;
	enum feedback_result result;
	char into[TRACKCODE_BUFSZ];
	int into_ok;
};

static int clean_action(const struct app_ctx *ctx, const struct feedback_action *act,
			struct action_fields *f, struct feedback_errors *errs)
{
	struct arena *a = ctx->arena;
	int rc = 0, nomem = 0;
	memset(f, 0, sizeof(*f));
	f->result = FB_RESULT_EXPLAINED;
	switch (act->type) {
	case FB_EV_ASSIGN:
	case FB_EV_TRANSFER:
		if (is_blank(act->unit))
			err_add(errs, "unit", "Vui lòng chọn đơn vị xử lý.");
		rc = clean_field(a, act->text, VNTEXT_MULTILINE, 1, FEEDBACK_REASON_MAX, errs, "text", "",
				 "Nội dung tối đa 2.000 ký tự.", &f->text);
		break;
	case FB_EV_REJECT:
		rc = require_field(a, act->text, VNTEXT_MULTILINE, FEEDBACK_REASON_MIN, FEEDBACK_REASON_MAX,
				   errs, "text", "Vui lòng nêu lý do không thụ lý.",
				   "Lý do cần ít nhất 5 ký tự.", "Lý do tối đa 2.000 ký tự.", &f->text);
		break;
	case FB_EV_NOTE:
		rc = require_field(a, act->text, VNTEXT_MULTILINE, 1, FEEDBACK_NOTE_MAX, errs, "text",
				   "Vui lòng nhập nội dung ghi chú.", "", "Ghi chú tối đa 5.000 ký tự.", &f->text);
		break;
	case FB_EV_ANSWER:
		rc = require_field(a, act->text, VNTEXT_MULTILINE, FEEDBACK_ANSWER_MIN, FEEDBACK_ANSWER_MAX,
				   errs, "text", "Vui lòng nhập nội dung trả lời.",
				   "Nội dung trả lời cần ít nhất 10 ký tự.",
				   "Nội dung trả lời tối đa 10.000 ký tự.", &f->text);
		nomem |= rc == -2;
		if (!is_blank(act->result) && feedback_result_parse(act->result, &f->result) < 0)
			err_add(errs, "result", "Kết quả giải quyết không hợp lệ.");
		rc = clean_field(a, act->basis, VNTEXT_MULTILINE, 1, FEEDBACK_BASIS_MAX, errs, "basis", "",
				 "Căn cứ tối đa 1.000 ký tự.", &f->basis);
		nomem |= rc == -2;
		rc = clean_field(a, act->next_steps, VNTEXT_MULTILINE, 1, FEEDBACK_REASON_MAX, errs,
				 "next_steps", "", "Nội dung tối đa 2.000 ký tự.", &f->next_steps);
		break;
	case FB_EV_EXTEND:
		if (act->days < 1 || act->days > FEEDBACK_EXTEND_MAX)
			err_add(errs, "days", "Số ngày gia hạn phải từ 1 đến 30 ngày làm việc.");
		rc = require_field(a, act->text, VNTEXT_MULTILINE, FEEDBACK_REASON_MIN, FEEDBACK_REASON_MAX,
				   errs, "text", "Vui lòng nêu lý do gia hạn.", "Lý do cần ít nhất 5 ký tự.",
				   "Lý do tối đa 2.000 ký tự.", &f->text);
		break;
	case FB_EV_MERGE:
		if (is_blank(act->into))
			err_add(errs, "into", "Vui lòng nhập mã phản ánh cần gộp vào.");
		else if (trackcode_parse(act->into, f->into) != TRACKCODE_OK)
			err_add(errs, "into", "Mã phản ánh không hợp lệ.");
		else
			f->into_ok = 1;
		break;
	case FB_EV_REOPEN:
		rc = require_field(a, act->text, VNTEXT_MULTILINE, FEEDBACK_REASON_MIN, FEEDBACK_REASON_MAX,
				   errs, "text", "Vui lòng nêu lý do mở lại.", "Lý do cần ít nhất 5 ký tự.",
				   "Lý do tối đa 2.000 ký tự.", &f->text);
		break;
	case FB_EV_CLOSE:
		rc = clean_field(a, act->text, VNTEXT_MULTILINE, 1, FEEDBACK_REASON_MAX, errs, "text", "",
				 "Nội dung tối đa 2.000 ký tự.", &f->text);
		break;
	case FB_EV_REDACT:
		rc = require_field(a, act->text, VNTEXT_MULTILINE, FEEDBACK_REASON_MIN, FEEDBACK_REASON_MAX,
				   errs, "text", "Vui lòng nêu lý do biên tập.", "Lý do cần ít nhất 5 ký tự.",
				   "Lý do tối đa 2.000 ký tự.", &f->text);
		nomem |= rc == -2;
		rc = clean_field(a, act->title, VNTEXT_SINGLELINE, FEEDBACK_TITLE_MIN, FEEDBACK_TITLE_MAX,
				 errs, "title", "Tiêu đề cần ít nhất 5 ký tự.", "Tiêu đề tối đa 200 ký tự.",
				 &f->title);
		nomem |= rc == -2;
		rc = clean_field(a, act->body, VNTEXT_MULTILINE, FEEDBACK_BODY_MIN, FEEDBACK_BODY_MAX, errs,
				 "body", "Nội dung cần ít nhất 10 ký tự.", "Nội dung tối đa 10.000 ký tự.",
				 &f->body);
		nomem |= rc == -2;
		rc = clean_field(a, act->place, VNTEXT_SINGLELINE, 1, FEEDBACK_PLACE_MAX, errs, "place", "",
				 "Địa điểm tối đa 300 ký tự.", &f->place);
		nomem |= rc == -2;
		if (!f->title && !f->body && !f->place && !feedback_errors_get(errs, "title") &&
		    !feedback_errors_get(errs, "body") && !feedback_errors_get(errs, "place"))
			err_add(errs, "title", "Vui lòng nhập tiêu đề, nội dung hoặc địa điểm công khai đã biên tập.");
		break;
	default:
		break;
	}
	nomem |= rc == -2;
	return nomem ? -1 : 0;
}

/* Builds the audit summary: {"status":["a","b"],"event_id":N, ...}. */
static int summary_start(struct sbuf *sb, enum feedback_status before, enum feedback_status after)
{
	return sbuf_addf(sb, "{\"status\":[\"%s\",\"%s\"]", feedback_status_name(before),
			 feedback_status_name(after));
}

int feedback_apply_event(const struct app_ctx *ctx, const char *code,
			 const struct feedback_action *act, struct feedback_errors *errs)
{
	struct feedback_errors local, pending;
	if (!errs)
		errs = &local;
	err_clear(errs);
	err_clear(&pending);
	struct arena *a = ctx->arena;
	struct db *db = ctx->db;
	int64_t acct = account_of(ctx);
	if (!acct)
		return FEEDBACK_FORBIDDEN;
	if ((unsigned)act->type >= FB_EV_ACTION_COUNT) {
		err_add(errs, "type", "Loại thao tác không hợp lệ.");
		return FEEDBACK_VALIDATION;
	}
	struct action_fields f;
	if (clean_action(ctx, act, &f, &pending) < 0)
		return FEEDBACK_ERROR;

	struct sbuf summary = SBUF_INIT(4096);
	struct sbuf extra = SBUF_INIT(1024);
	int rc = FEEDBACK_ERROR;
	struct feedback_row r;
	if (db_begin(db) < 0)
		goto out_release;
	rc = load_item(ctx, code, &r);
	if (rc < 0)
		goto fail;
	unsigned roles;
	if (roles_in(ctx, scope_unit(&r), &roles) < 0) {
		rc = FEEDBACK_ERROR;
		goto fail;
	}
	if (!roles) {
		rc = r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
		goto fail;
	}
	if (!(fbstate_roles(act->type) & roles)) {
		rc = FEEDBACK_FORBIDDEN;
		goto fail;
	}
	enum feedback_status before = r.status, next;
	if (fbstate_next(r.status, act->type, &next) < 0) {
		rc = FEEDBACK_INVALID_TRANSITION;
		goto fail;
	}
	if (pending.n) {
		*errs = pending;
		rc = FEEDBACK_VALIDATION;
		goto fail;
	}

	struct feedback_event ev = {
		.feedback_id = r.id,
		.at = ctx->now,
		.type = act->type,
		.actor_id = acct,
		.unit_id = r.unit_id,
		.public = fbstate_event_public(act->type),
		.status_before = before,
		.status_after = next,
		.text = f.text,
	};
	if (summary_start(&summary, before, next) < 0)
		goto fail_err;
	struct feedback_row target;
	int64_t answer_id = 0;
	const char *ucode = NULL;
	switch (act->type) {
	case FB_EV_ASSIGN:
	case FB_EV_TRANSFER: {
		int64_t uid = 0;
		int u = open_unit(ctx, act->unit, &uid, &ucode);
		if (u < 0)
			goto fail_err;
		if (u > 0) {
			err_add(errs, "unit", u == 2 ? NOT_RECEIVING : "Đơn vị không tồn tại hoặc đã giải thể.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		if (act->type == FB_EV_TRANSFER && uid == r.unit_id) {
			err_add(errs, "unit", "Phản ánh đang do đơn vị này xử lý.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		if (act->type == FB_EV_TRANSFER &&
		    (sbuf_addch(&extra, '{') < 0 || json_ki(&extra, "from_unit_id", r.unit_id) < 0 ||
		     json_kv(&extra, "from_unit", r.unit_code) < 0 || sbuf_addch(&extra, '}') < 0))
			goto fail_err;
		r.unit_id = uid;
		ev.unit_id = uid;
		if (json_kv(&summary, "unit", ucode) < 0)
			goto fail_err;
		break;
	}
	case FB_EV_REJECT:
	case FB_EV_NOTE:
		break;
	case FB_EV_ANSWER: {
		struct feedback_answer ans = {
			.feedback_id = r.id,
			.unit_id = r.unit_id,
			.result = f.result,
			.basis = f.basis,
			.next_steps = f.next_steps,
			.text = f.text,
			.drafted_by = acct,
			.drafted_at = ctx->now,
		};
		if (feedback_answer_insert(db, &ans, &answer_id) < 0)
			goto fail_err;
		r.answered_at = ctx->now;
		ev.text = NULL; /* the draft lives in feedback_answers */
		break;
	}
	case FB_EV_PUBLISH: {
		struct feedback_answer ans;
		int x = feedback_answer_latest(db, r.id, 0, a, &ans);
		if (x == DB_NOTFOUND || (x == DB_OK && ans.published_at)) {
			rc = FEEDBACK_INVALID_TRANSITION;
			goto fail;
		}
		if (x < 0 || feedback_answer_publish(db, ans.id, acct, ctx->now) < 0)
			goto fail_err;
		answer_id = ans.id;
		r.published_at = ctx->now;
		if (!r.answered_at)
			r.answered_at = ans.drafted_at;
		break;
	}
	case FB_EV_EXTEND: {
		if (r.due_extended) {
			err_add(errs, "days", "Phản ánh này đã được gia hạn một lần.");
			rc = FEEDBACK_CONFLICT;
			goto fail;
		}
		int64_t base = r.due_at ? vn_day_of(r.due_at) : vn_day_of(ctx->now), day;
		if (!ctx->cal || calendar_due_day(ctx->cal, base, act->days, CAL_WORKING_DAY, &day) < 0) {
			err_add(errs, "days", "Không tính được hạn mới theo lịch làm việc.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		char d1[11] = "", d2[11];
		if (r.due_at)
			fmt_ymd(vn_day_of(r.due_at), d1);
		fmt_ymd(day, d2);
		if (sbuf_addch(&extra, '{') < 0 || json_kv(&extra, "due_before", r.due_at ? d1 : NULL) < 0 ||
		    json_kv(&extra, "due_after", d2) < 0 || json_ki(&extra, "days", act->days) < 0 ||
		    sbuf_addch(&extra, '}') < 0 || json_kv(&summary, "due_after", d2) < 0 ||
		    json_ki(&summary, "days", act->days) < 0)
			goto fail_err;
		r.due_at = end_of_day(day);
		r.due_extended = 1;
		break;
	}
	case FB_EV_MERGE: {
		int x = feedback_row_get_by_code(db, f.into, a, &target);
		unsigned troles = 0;
		if (x < 0 && x != DB_NOTFOUND)
			goto fail_err;
		if (x == DB_OK && roles_in(ctx, scope_unit(&target), &troles) < 0)
			goto fail_err;
		if (x == DB_NOTFOUND || (!troles && !target.public)) {
			err_add(errs, "into", "Không tìm thấy phản ánh có mã này.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		/* both items' units: merging moves the duplicate (its text and its
		 * sender) into the other unit's case */
		if (!(troles & fbstate_roles(FB_EV_MERGE))) {
			err_add(errs, "into", "Bạn không có quyền gộp vào phản ánh của đơn vị này.");
			rc = FEEDBACK_FORBIDDEN;
			goto fail;
		}
		if (target.id == r.id) {
			err_add(errs, "into", "Không thể gộp phản ánh vào chính nó.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		if (target.status == FB_CLOSED || target.status == FB_REJECTED || target.status == FB_MERGED) {
			err_add(errs, "into", "Phản ánh này đã kết thúc hoặc đã được gộp, không thể gộp vào.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		r.merged_into_id = target.id;
		if (sbuf_addch(&extra, '{') < 0 || json_kv(&extra, "into", target.code) < 0 ||
		    sbuf_addch(&extra, '}') < 0 || json_kv(&summary, "into", target.code) < 0)
			goto fail_err;
		/* the item followed shows the merge on its own timeline */
		char textra[48];
		snprintf(textra, sizeof(textra), "{\"merged_from\":\"%s\"}", r.code);
		struct feedback_event tev = {
			.feedback_id = target.id,
			.at = ctx->now,
			.type = FB_EV_MERGE,
			.actor_id = acct,
			.unit_id = target.unit_id,
			.public = 1,
			.status_before = target.status,
			.status_after = target.status,
			.extra = textra,
		};
		if (feedback_event_insert(db, &tev, NULL) < 0)
			goto fail_err;
		break;
	}
	case FB_EV_REOPEN: {
		int64_t uid = r.unit_id ? r.unit_id : r.intake_unit_id;
		if (!is_blank(act->unit)) {
			int u = open_unit(ctx, act->unit, &uid, &ucode);
			if (u < 0)
				goto fail_err;
			if (u > 0) {
				err_add(errs, "unit", u == 2 ? NOT_RECEIVING : "Đơn vị không tồn tại hoặc đã giải thể.");
				rc = FEEDBACK_VALIDATION;
				goto fail;
			}
		}
		if (!uid) {
			err_add(errs, "unit", "Vui lòng chọn đơn vị xử lý.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		struct category cat;
		if (category_get(db, r.category_id, a, &cat) < 0)
			goto fail_err;
		r.unit_id = uid;
		r.merged_into_id = 0;
		r.answered_at = 0;
		r.published_at = 0;
		r.closed_at = 0;
		r.due_at = due_for(ctx->cal, &cat, ctx->now);
		r.due_extended = 0;
		ev.unit_id = uid;
		if (json_ki(&summary, "unit_id", uid) < 0)
			goto fail_err;
		break;
	}
	case FB_EV_CLOSE:
		r.closed_at = ctx->now;
		break;
	case FB_EV_REDACT: {
		if (f.title)
			r.public_title = f.title;
		if (f.body)
			r.public_body = f.body;
		/* the form sends the place as shown: the same text as the
		 * original (and nothing redacted before) is no change */
		int place = f.place && (r.public_place || !r.place || strcmp(f.place, r.place));
		if (place)
			r.public_place = f.place;
		if (!f.title && !f.body && !place) {
			err_add(errs, "place", "Địa điểm công khai trùng với địa điểm gốc: không có gì để biên tập.");
			rc = FEEDBACK_VALIDATION;
			goto fail;
		}
		/* the index now gives the public the redacted text only and keeps the
		 * original for officers (store/search.h: triggers, this transaction) */
		char what[24];
		snprintf(what, sizeof(what), "%s%s%s%s%s", f.title ? "title" : "", f.title && (f.body || place) ? "," : "",
			 f.body ? "body" : "", f.body && place ? "," : "", place ? "place" : "");
		if (json_kv(&summary, "redacted", what) < 0)
			goto fail_err;
		break;
	}
	default:
		rc = FEEDBACK_INVALID_TRANSITION;
		goto fail;
	}
	if (answer_id) {
		if (sbuf_addf(&extra, "{\"answer_id\":%lld}", (long long)answer_id) < 0 ||
		    json_ki(&summary, "answer_id", answer_id) < 0)
			goto fail_err;
	}
	ev.extra = extra.len ? extra.buf : NULL;
	r.status = next;
	r.updated_at = ctx->now;
	int64_t event_id = 0;
	if (feedback_row_update(db, &r) < 0 || feedback_event_insert(db, &ev, &event_id) < 0)
		goto fail_err;
	if (json_ki(&summary, "event_id", event_id) < 0 || sbuf_addch(&summary, '}') < 0)
		goto fail_err;
	char action[32];
	snprintf(action, sizeof(action), "feedback.%s", feedback_event_name(act->type));
	if (audit_append(db, actor_of(ctx), action, "feedback", r.code, summary.buf) < 0)
		goto fail_err;
	if (db_commit(db) < 0)
		goto fail_err;
	rc = FEEDBACK_OK;
	goto out_release;
fail_err:
	rc = FEEDBACK_ERROR;
fail:
	db_rollback(db);
out_release:
	sbuf_release(&summary);
	sbuf_release(&extra);
	return rc;
}

int feedback_rate(const struct app_ctx *ctx, const char *code, const char *secret, int score,
		  const char *comment, struct feedback_errors *errs)
{
	struct feedback_errors local;
	if (!errs)
		errs = &local;
	err_clear(errs);
	const char *clean = NULL;
	struct feedback_errors pending;
	err_clear(&pending);
	if (score < 1 || score > 5)
		err_add(&pending, "score", "Vui lòng chọn mức đánh giá từ 1 đến 5 sao.");
	if (clean_field(ctx->arena, comment, VNTEXT_MULTILINE, 1, FEEDBACK_COMMENT_MAX, &pending,
			"comment", "", "Nhận xét tối đa 1.000 ký tự.", &clean) == -2)
		return FEEDBACK_ERROR;
	if (db_begin(ctx->db) < 0)
		return FEEDBACK_ERROR;
	struct feedback_row r;
	int rc = load_item(ctx, code, &r);
	if (rc < 0)
		goto fail;
	if (!trackcode_secret_check(secret, r.secret_hash, sizeof(r.secret_hash))) {
		rc = r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
		goto fail;
	}
	enum feedback_status next;
	if (fbstate_next(r.status, FB_EV_RATE, &next) < 0) {
		rc = FEEDBACK_INVALID_TRANSITION;
		goto fail;
	}
	if (r.rating) {
		err_add(errs, "score", "Phản ánh này đã được đánh giá.");
		rc = FEEDBACK_CONFLICT;
		goto fail;
	}
	if (pending.n) {
		*errs = pending;
		rc = FEEDBACK_VALIDATION;
		goto fail;
	}
	r.rating = score;
	r.rating_comment = clean;
	r.rated_at = ctx->now;
	r.updated_at = ctx->now;
	char extra[32], summary[96];
	snprintf(extra, sizeof(extra), "{\"score\":%d}", score);
	struct feedback_event ev = {
		.feedback_id = r.id,
		.at = ctx->now,
		.type = FB_EV_RATE,
		.unit_id = r.unit_id,
		.public = 1,
		.status_before = r.status,
		.status_after = next,
		.extra = extra,
	};
	snprintf(summary, sizeof(summary), "{\"score\":%d,\"comment\":%s}", score, clean ? "true" : "false");
	if (feedback_row_update(ctx->db, &r) < 0 || feedback_event_insert(ctx->db, &ev, NULL) < 0 ||
	    audit_append(ctx->db, actor_of(ctx), "feedback.rate", "feedback", r.code, summary) < 0 ||
	    db_commit(ctx->db) < 0) {
		rc = FEEDBACK_ERROR;
		goto fail;
	}
	return FEEDBACK_OK;
fail:
	db_rollback(ctx->db);
	return rc;
}

/* --- lists ----------------------------------------------------------------- */

static int to_summaries(const struct app_ctx *ctx, const struct feedback_row *rows, size_t n,
			int public_view, const struct search_query *sq, struct feedback_page *out)
{
	out->items = n ? arena_zalloc(ctx->arena, n * sizeof(*out->items)) : NULL;
	if (n && !out->items)
		return FEEDBACK_ERROR;
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct feedback_row *r = &rows[i];
		struct feedback_summary *s = &out->items[i];
		s->code = arena_strdup(ctx->arena, r->code);
		s->title = public_view && r->public_title ? r->public_title : r->title;
		const char *body = public_view && r->public_body ? r->public_body : r->body;
		s->excerpt = excerpt(ctx->arena, body, 200);
		if (!s->code || !s->excerpt)
			return FEEDBACK_ERROR;
		if (sq && sq->match) {
			/* only the text this viewer sees is highlighted */
			char *th = NULL, *sn = NULL;
			if (search_highlight_html(ctx->arena, s->title, strlen(s->title), sq, &th) < 0 ||
			    search_snippet_html(ctx->arena, body, strlen(body), sq, SEARCH_SNIPPET_CHARS, &sn, NULL) < 0)
				return FEEDBACK_ERROR;
			s->title_html = th;
			s->snippet_html = sn;
		}
		s->category_code = r->category_code;
		s->category_name = r->category_name;
		s->status = r->status;
		s->channel = r->channel;
		s->public = r->public;
		s->unit_code = r->unit_code;
		s->unit_name = r->unit_name;
		s->place = public_view && r->public_place ? r->public_place : r->place;
		s->received_at = r->received_at;
		s->due_at = r->due_at;
		s->published_at = r->published_at;
		s->overdue = is_overdue(r, ctx->now);
	}
	return FEEDBACK_OK;
}

/* Resolve the category/unit/search filters shared by both lists; 1 when a
 * filter names something that does not exist, or the search text is not
 * UTF-8 (the page is then empty). The parsed search goes to *sq, which
 * fq->search then points to. */
static int common_filters(const struct app_ctx *ctx, const char *category, const char *unit,
			  const char *q, struct search_query *sq, struct feedback_query *fq)
{
	memset(sq, 0, sizeof(*sq));
	if (!is_blank(category)) {
		struct category c;
		int rc = category_get_by_code(ctx->db, category, ctx->arena, &c);
		if (rc == DB_NOTFOUND)
			return 1;
		if (rc < 0)
			return -1;
		fq->category_id = c.id;
	}
	if (!is_blank(unit)) {
		struct unit u;
		int rc = unit_get_by_code(ctx->db, ctx->arena, unit, &u);
		if (rc == DB_NOTFOUND)
			return 1;
		if (rc < 0)
			return -1;
		fq->unit_id = u.id;
	}
	if (!is_blank(q)) {
		int rc = search_query_parse(ctx->arena, q, strlen(q), sq);
		if (rc == SEARCH_NOMEM)
			return -1;
		if (rc == SEARCH_INVALID_UTF8)
			return 1;
		if (sq->match)
			fq->search = sq;
	}
	return 0;
}

/* A search considers at most SEARCH_MAX_RESULTS items: say so. */
static void cap_total(struct feedback_page *p)
{
	if (p->searched && p->total > SEARCH_MAX_RESULTS) {
		p->total = SEARCH_MAX_RESULTS;
		p->total_capped = 1;
	} else if (!p->searched && p->total > FEEDBACK_COUNT_CAP) {
		p->total = FEEDBACK_COUNT_CAP;
		p->total_capped = 1;
	}
}

/* Received in [from, to): zero bounds are open. */
static void period_filter(int64_t from, int64_t to, struct feedback_query *fq)
{
	fq->received_from = from;
	fq->received_to = to;
}

/* 1 when a page of per_page items starting at `page` begins among a
 * list's first `depth` items (no overflow for any page). */
static int page_reachable(int64_t page, int64_t per_page, int64_t depth)
{
	return page >= 1 && page - 1 < (depth + per_page - 1) / per_page;
}

/* The page asked for, as a query's offset and limit: FEEDBACK_PAGE_RANGE
 * beyond FEEDBACK_LIST_DEPTH (callers check the search's depth again once
 * they know whether there is one). */
static int paging(int64_t page, int64_t per_page, struct feedback_query *fq, struct feedback_page *out)
{
	if (per_page < 1)
		per_page = 20;
	if (per_page > FEEDBACK_PER_PAGE_MAX)
		per_page = FEEDBACK_PER_PAGE_MAX;
	if (page < 1)
		page = 1;
	out->page = page;
	out->per_page = per_page;
	if (!page_reachable(page, per_page, FEEDBACK_LIST_DEPTH))
		return FEEDBACK_PAGE_RANGE;
	fq->limit = per_page;
	fq->offset = (page - 1) * per_page;
	return FEEDBACK_OK;
}

/* A search shows its first SEARCH_MAX_RESULTS items only. */
static int search_paging(const struct feedback_page *p)
{
	return p->searched && !page_reachable(p->page, p->per_page, SEARCH_MAX_RESULTS) ? FEEDBACK_PAGE_RANGE
											   : FEEDBACK_OK;
}

int feedback_list_public(const struct app_ctx *ctx, const struct feedback_public_filter *f,
			 struct feedback_page *out)
{
	memset(out, 0, sizeof(*out));
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	q.public_only = 1;
	q.sort = FB_SORT_PUBLISHED;
	q.now = ctx->now;
	if (paging(f->page, f->per_page, &q, out) < 0)
		return FEEDBACK_PAGE_RANGE;
	if (f->status) {
		int s = f->status - 1;
		if (s != FB_PUBLISHED && s != FB_CLOSED)
			return FEEDBACK_OK;
		q.status_mask = 1u << s;
	}
	struct search_query sq;
	int rc = common_filters(ctx, f->category, f->unit, f->q, &sq, &q);
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (rc == 1)
		return FEEDBACK_OK;
	period_filter(f->received_from, f->received_to, &q);
	if (q.search) {
		q.sort = FB_SORT_RELEVANCE;
		out->searched = 1;
		if (search_paging(out) < 0)
			return FEEDBACK_PAGE_RANGE;
	}
	struct feedback_row *rows = NULL;
	size_t n = 0;
	if (feedback_row_page(ctx->db, &q, ctx->arena, &rows, &n, &out->total) < 0)
		return FEEDBACK_ERROR;
	cap_total(out);
	return to_summaries(ctx, rows, n, 1, q.search, out);
}

/* The officer's scope: units reached with any role, plus what it recorded. */
static int officer_scope(const struct app_ctx *ctx, struct feedback_query *q)
{
	int64_t acct = account_of(ctx);
	if (!acct)
		return FEEDBACK_FORBIDDEN;
	int64_t *ids = NULL;
	size_t n = 0;
	if (perm_units(ctx->db, ctx->arena, acct, ROLE_ALL, 0, &ids, &n) < 0)
		return FEEDBACK_ERROR;
	q->use_scope = 1;
	q->scope = ids;
	q->nscope = n;
	q->scope_creator = acct;
	q->now = ctx->now;
	return FEEDBACK_OK;
}

/* End of the last day of a period of `days` working days from today. */
static int64_t due_soon_limit(const struct app_ctx *ctx)
{
	int64_t day;
	if (!ctx->cal || calendar_due_day(ctx->cal, vn_day_of(ctx->now), FEEDBACK_DUE_SOON_DAYS,
					  CAL_WORKING_DAY, &day) < 0)
		day = vn_day_of(ctx->now) + FEEDBACK_DUE_SOON_DAYS;
	return end_of_day(day);
}

int feedback_inbox(const struct app_ctx *ctx, const struct feedback_inbox_filter *f,
		   struct feedback_inbox *out)
{
	memset(out, 0, sizeof(*out));
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int rc = officer_scope(ctx, &q);
	if (rc < 0)
		return rc;
	if (paging(f->page, f->per_page, &q, &out->page) < 0)
		return FEEDBACK_PAGE_RANGE;
	struct feedback_query all = q;
	all.overdue = 1;
	if (!f->skip_overdue && feedback_row_count(ctx->db, &all, &out->overdue) < 0)
		return FEEDBACK_ERROR;
	struct search_query sq;
	rc = common_filters(ctx, f->category, f->unit, f->q, &sq, &q);
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (rc == 1)
		return FEEDBACK_OK;
	period_filter(f->received_from, f->received_to, &q);
	if (f->status > 0 && f->status <= FB_STATUS_COUNT)
		q.status_mask = 1u << (f->status - 1);
	if (f->channel > 0 && f->channel <= FB_CH_COUNT)
		q.channel = f->channel;
	q.overdue = f->overdue ? 1 : 0;
	if (f->due_this_week || f->due_soon) {
		int64_t today = vn_day_of(ctx->now);
		int wd = weekday_from_days(today);
		int64_t week_end = end_of_day(today + (7 - wd) % 7);
		int64_t soon = due_soon_limit(ctx);
		q.due_from = ctx->now;
		q.due_to = f->due_this_week && f->due_soon ? (week_end < soon ? week_end : soon)
			   : f->due_this_week ? week_end : soon;
	}
	q.sort = f->sort;
	if (q.search) {
		out->page.searched = 1;
		if (search_paging(&out->page) < 0)
			return FEEDBACK_PAGE_RANGE;
		if (q.sort == FB_SORT_NEWEST)
			q.sort = FB_SORT_RELEVANCE;
	}
	if (feedback_row_count_by_status(ctx->db, &q, out->counts) < 0)
		return FEEDBACK_ERROR;
	struct feedback_row *rows = NULL;
	size_t n = 0;
	if (q.search) {
		/* counts and total are of bounded sets of candidates */
		if (feedback_row_page(ctx->db, &q, ctx->arena, &rows, &n, &out->page.total) < 0)
			return FEEDBACK_ERROR;
		cap_total(&out->page);
	} else {
		/* the total is the counts of the statuses asked for: exact when
		 * the tally answered them (store/feedback.h), else capped */
		out->page.total = 0;
		for (int st = 0; st < FB_STATUS_COUNT; st++)
			if (!q.status_mask || (q.status_mask & (1u << st)))
				out->page.total += out->counts[st];
		if (!feedback_tally_covers(&q))
			cap_total(&out->page);
		if (feedback_row_list(ctx->db, &q, ctx->arena, &rows, &n) < 0)
			return FEEDBACK_ERROR;
	}
	return to_summaries(ctx, rows, n, 0, q.search, &out->page);
}

/* --- dashboard ------------------------------------------------------------- */

int feedback_period(const char *name, int64_t now, int64_t *from, int64_t *to)
{
	if (!name)
		return -1;
	int64_t today = vn_day_of(now);
	int y, m, d;
	civil_from_days(today, &y, &m, &d);
	if (!strcmp(name, "week")) {
		int wd = weekday_from_days(today); /* Monday starts the week */
		int64_t monday = today - (wd + 6) % 7;
		*from = vn_day_start(monday);
		*to = vn_day_start(monday + 7);
	} else if (!strcmp(name, "month")) {
		*from = vn_day_start(days_from_civil(y, m, 1));
		*to = vn_day_start(m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1));
	} else if (!strcmp(name, "quarter")) {
		int qm = (m - 1) / 3 * 3 + 1;
		*from = vn_day_start(days_from_civil(y, qm, 1));
		*to = vn_day_start(qm == 10 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, qm + 3, 1));
	} else if (!strcmp(name, "year")) {
		*from = vn_day_start(days_from_civil(y, 1, 1));
		*to = vn_day_start(days_from_civil(y + 1, 1, 1));
	} else if (!strcmp(name, "30d") || !strcmp(name, "90d") || !strcmp(name, "365d")) {
		int days = name[0] == '3' && name[1] == '0' ? 30 : name[0] == '9' ? 90 : 365;
		/* whole days, today the last: what the dashboard's counters keep */
		*from = vn_day_start(today - days + 1);
		*to = vn_day_start(today + 1);
	} else {
		return -1;
	}
	return 0;
}

struct stats_acc {
	int64_t id;
	struct feedback_stats s;
	int64_t days_sum, days_n;
};

/* The accumulator of group `id` in *groups (found or added). */
static struct stats_acc *acc_of(struct arena *a, struct stats_acc **groups, size_t *n, size_t *cap, int64_t id,
				size_t *hint)
{
	if (*hint < *n && (*groups)[*hint].id == id)
		return &(*groups)[*hint];
	for (size_t i = 0; i < *n; i++)
		if ((*groups)[i].id == id) {
			*hint = i;
			return &(*groups)[i];
		}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		struct stats_acc *p = arena_alloc(a, ncap * sizeof(*p));
		if (!p)
			return NULL;
		if (*n)
			memcpy(p, *groups, *n * sizeof(*p));
		*groups = p;
		*cap = ncap;
	}
	struct stats_acc *g = &(*groups)[*n];
	memset(g, 0, sizeof(*g));
	g->id = id;
	*hint = (*n)++;
	return g;
}

/* Period figures of one tally row: n items received that day, answered
 * `lag` days later (-1: not yet), on_time of them in time. */
static void acc_period(struct stats_acc *acc, const struct feedback_day_row *r, int wd)
{
	acc->s.received += r->n;
	if (r->lag < 0)
		return;
	acc->s.answered += r->n;
	acc->s.answered_on_time += r->on_time;
	if (wd >= 0) {
		acc->days_sum += (int64_t)wd * r->n;
		acc->days_n += r->n;
	}
}

static void acc_open(struct stats_acc *acc, const struct feedback_open_row *r)
{
	acc->s.open += r->open;
	acc->s.overdue += r->overdue;
	acc->s.due_soon += r->due_soon;
}

static void acc_finish(struct stats_acc *acc, struct feedback_stats *out)
{
	*out = acc->s;
	out->on_time_pct = acc->s.answered ? 100.0 * (double)acc->s.answered_on_time / (double)acc->s.answered : 0;
	out->avg_days = acc->days_n ? (double)acc->days_sum / (double)acc->days_n : 0;
}

static int cmp_group_code(const void *x, const void *y)
{
	const struct feedback_stats_group *a = x, *b = y;
	return strcmp(a->code, b->code);
}

int feedback_dashboard(const struct app_ctx *ctx, int64_t from, int64_t to,
		       struct feedback_dashboard *out)
{
	struct arena *a = ctx->arena;
	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int rc = officer_scope(ctx, &q);
	if (rc < 0)
		return rc;
	if (feedback_tally_by_status(ctx->db, &q, out->statuses) < 0)
		return FEEDBACK_ERROR;

	/* the period and the last twelve months, as Vietnam days */
	int64_t from_day = from > 0 ? vn_day_of(from) : 0;
	int64_t to_day = to > 0 ? vn_day_of(to - 1) + 1 : INT32_MAX; /* 0: no end */
	int y, m, d;
	civil_from_days(vn_day_of(ctx->now), &y, &m, &d);
	for (int i = 0; i < FEEDBACK_DASHBOARD_MONTHS; i++) {
		int k = m - (FEEDBACK_DASHBOARD_MONTHS - 1) + i, yy = y;
		while (k < 1) {
			k += 12;
			yy--;
		}
		out->months[i].year = yy;
		out->months[i].month = k;
	}
	/* months as year * 12 + month - 1 */
	int64_t m0 = (int64_t)out->months[0].year * 12 + out->months[0].month - 1;

	struct feedback_day_row *days = NULL;
	size_t ndays = 0;
	struct feedback_month_row *mrows = NULL;
	size_t nmrows = 0;
	struct feedback_open_row *open = NULL;
	size_t nopen = 0;
	if (feedback_tally_days(ctx->db, &q, from_day, to_day, a, &days, &ndays) < 0 ||
	    feedback_tally_months(ctx->db, &q, m0, m0 + FEEDBACK_DASHBOARD_MONTHS, a, &mrows, &nmrows) < 0 ||
	    feedback_open_figures(ctx->db, &q, ctx->now, due_soon_limit(ctx), a, &open, &nopen) < 0)
		return FEEDBACK_ERROR;

	struct stats_acc all, mon[FEEDBACK_DASHBOARD_MONTHS];
	memset(&all, 0, sizeof(all));
	memset(mon, 0, sizeof(mon));
	struct stats_acc *units = NULL, *cats = NULL;
	size_t nu = 0, capu = 0, nc = 0, capc = 0, hu = 0, hc = 0;
	for (size_t i = 0; i < ndays; i++) {
		const struct feedback_day_row *r = &days[i];
		int wd = r->lag >= 0 && ctx->cal ? calendar_working_days_between(ctx->cal, r->day, r->day + r->lag) : -1;
		struct stats_acc *gu = acc_of(a, &units, &nu, &capu, r->unit_id, &hu);
		struct stats_acc *gc = acc_of(a, &cats, &nc, &capc, r->category_id, &hc);
		if (!gu || !gc)
			return FEEDBACK_ERROR;
		acc_period(&all, r, wd);
		acc_period(gu, r, wd);
		acc_period(gc, r, wd);
	}
	for (size_t i = 0; i < nopen; i++) {
		struct stats_acc *gu = acc_of(a, &units, &nu, &capu, open[i].unit_id, &hu);
		struct stats_acc *gc = acc_of(a, &cats, &nc, &capc, open[i].category_id, &hc);
		if (!gu || !gc)
			return FEEDBACK_ERROR;
		acc_open(&all, &open[i]);
		acc_open(gu, &open[i]);
		acc_open(gc, &open[i]);
	}
	for (size_t i = 0; i < nmrows; i++) {
		int64_t k = mrows[i].month - m0;
		if (k < 0 || k >= FEEDBACK_DASHBOARD_MONTHS)
			continue;
		mon[k].s.received += mrows[i].n;
		mon[k].s.answered += mrows[i].answered;
		mon[k].s.answered_on_time += mrows[i].on_time;
	}
	acc_finish(&all, &out->all);
	for (int i = 0; i < FEEDBACK_DASHBOARD_MONTHS; i++) {
		acc_finish(&mon[i], &out->months[i].s);
		out->months[i].s.open = out->all.open;
		out->months[i].s.overdue = out->all.overdue;
		out->months[i].s.due_soon = out->all.due_soon;
	}

	/* groups with something to show: items open now or received in the period */
	struct feedback_stats_group *gu = nu ? arena_zalloc(a, nu * sizeof(*gu)) : NULL;
	struct feedback_stats_group *gc = nc ? arena_zalloc(a, nc * sizeof(*gc)) : NULL;
	if ((nu && !gu) || (nc && !gc))
		return FEEDBACK_ERROR;
	for (size_t i = 0; i < nu; i++) {
		if (!units[i].s.open && !units[i].s.received)
			continue;
		struct feedback_stats_group *g = &gu[out->nunits++];
		g->id = units[i].id;
		acc_finish(&units[i], &g->s);
		struct unit u;
		int x = g->id ? unit_get_by_id(ctx->db, a, g->id, &u) : DB_NOTFOUND;
		if (x < 0 && x != DB_NOTFOUND)
			return FEEDBACK_ERROR;
		g->code = x == DB_OK ? u.code : "";
		g->name = x == DB_OK ? u.name : "Chưa phân công";
	}
	if (out->nunits)
		qsort(gu, out->nunits, sizeof(*gu), cmp_group_code);
	out->by_unit = gu;

	/* in the categories' display order, unknown ones last */
	struct category *cl = NULL;
	size_t ncl = 0;
	if (category_list(ctx->db, a, 1, &cl, &ncl) < 0)
		return FEEDBACK_ERROR;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < (pass ? 1 : ncl); c++)
			for (size_t i = 0; i < nc; i++) {
				if (!cats[i].s.open && !cats[i].s.received)
					continue;
				size_t known = ncl;
				for (size_t k = 0; k < ncl; k++)
					if (cl[k].id == cats[i].id)
						known = k;
				if (pass ? known != ncl : known != c)
					continue;
				struct feedback_stats_group *g = &gc[out->ncategories++];
				g->id = cats[i].id;
				acc_finish(&cats[i], &g->s);
				g->code = known < ncl ? cl[known].code : "";
				g->name = known < ncl ? cl[known].name : "";
			}
	out->by_category = gc;
	return FEEDBACK_OK;
}

/* --- attachments ------------------------------------------------------------ */

int feedback_file_check(const struct feedback_file *file)
{
	const char *mime;
	int rc = attachment_check(file ? file->data : NULL, file ? file->len : 0, &mime);
	if (rc == ATTACHMENT_TOO_LARGE)
		return FEEDBACK_TOO_LARGE;
	return rc < 0 ? FEEDBACK_UNSUPPORTED : FEEDBACK_OK;
}

/* Store and link one evidence file with its timeline event and audit entry,
 * inside the caller's transaction: 0, or a feedback_rc with errs filled. */
static int attach_one(const struct app_ctx *ctx, const struct feedback_row *r,
		      const struct attachment_blob *b, const char *declared, struct feedback_errors *errs)
{
	struct db *db = ctx->db;
	const char *name = attachment_clean_name(ctx->arena, declared, b->mime);
	if (!name)
		return FEEDBACK_ERROR;
	int64_t file_id = 0;
	int x = attachment_store(db, actor_of(ctx), r->id, b, name, ATTACHMENT_EVIDENCE, account_of(ctx), ctx->now,
				 &file_id);
	if (x == DB_CONSTRAINT) {
		err_add(errs, "files", "Tệp này đã được đính kèm.");
		return FEEDBACK_CONFLICT;
	}
	if (x < 0)
		return FEEDBACK_ERROR;
	struct sbuf extra = SBUF_INIT(1024);
	int bad = sbuf_addch(&extra, '{') < 0 || json_ki(&extra, "file_id", file_id) < 0 ||
		  json_kv(&extra, "filename", name) < 0 || sbuf_addch(&extra, '}') < 0;
	struct feedback_event ev = {
		.feedback_id = r->id,
		.at = ctx->now,
		.type = FB_EV_ATTACH,
		.actor_id = account_of(ctx),
		.unit_id = r->unit_id,
		.public = 0,
		.status_before = r->status,
		.status_after = r->status,
		.extra = extra.buf,
	};
	char summary[64];
	snprintf(summary, sizeof(summary), "{\"file_id\":%lld}", (long long)file_id);
	bad = bad || feedback_event_insert(db, &ev, NULL) < 0 ||
	      audit_append(db, actor_of(ctx), "feedback.attach", "feedback", r->code, summary) < 0;
	sbuf_release(&extra);
	return bad ? FEEDBACK_ERROR : FEEDBACK_OK;
}

int feedback_attach_evidence(const struct app_ctx *ctx, const char *code,
			     const struct feedback_file *files, size_t n, struct feedback_errors *errs)
{
	struct feedback_errors local;
	if (!errs)
		errs = &local;
	err_clear(errs);
	if (!account_of(ctx))
		return FEEDBACK_FORBIDDEN;
	/* check and hash before taking the write lock */
	struct attachment_blob blobs[ATTACHMENT_MAX_PER_ITEM];
	if (n > ATTACHMENT_MAX_PER_ITEM) {
		err_add(errs, "files", "Tối đa 5 tệp đính kèm.");
		return FEEDBACK_VALIDATION;
	}
	if (!n || !files) {
		err_add(errs, "files", "Vui lòng chọn tệp minh chứng.");
		return FEEDBACK_VALIDATION;
	}
	for (size_t i = 0; i < n; i++) {
		int x = attachment_blob_init(&blobs[i], files[i].data, files[i].len);
		if (x < 0) {
			err_add(errs, "files", file_refused(x));
			return FEEDBACK_VALIDATION;
		}
	}
	struct db *db = ctx->db;
	if (db_begin(db) < 0)
		return FEEDBACK_ERROR;
	struct feedback_row r;
	int rc = load_item(ctx, code, &r);
	if (rc < 0)
		goto fail;
	unsigned roles;
	if (roles_in(ctx, scope_unit(&r), &roles) < 0) {
		rc = FEEDBACK_ERROR;
		goto fail;
	}
	if (!roles) {
		rc = r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
		goto fail;
	}
	if (!(fbstate_roles(FB_EV_NOTE) & roles)) {
		rc = FEEDBACK_FORBIDDEN;
		goto fail;
	}
	int count = attachment_count(db, r.id);
	if (count < 0) {
		rc = FEEDBACK_ERROR;
		goto fail;
	}
	if ((size_t)count + n > ATTACHMENT_MAX_PER_ITEM) {
		err_add(errs, "files", "Tối đa 5 tệp đính kèm.");
		rc = FEEDBACK_VALIDATION;
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = attach_one(ctx, &r, &blobs[i], files[i].filename, errs)) < 0)
			goto fail;
	if (db_commit(db) < 0) {
		rc = FEEDBACK_ERROR;
		goto fail;
	}
	return FEEDBACK_OK;
fail:
	db_rollback(db);
	return rc;
}

int feedback_attachment_get(const struct app_ctx *ctx, const char *code, const char *secret,
			    int64_t file_id, struct attachment *out)
{
	struct feedback_row r;
	int rc = load_item(ctx, code, &r);
	if (rc < 0)
		return rc;
	unsigned roles = 0;
	if (account_of(ctx) && roles_in(ctx, scope_unit(&r), &roles) < 0)
		return FEEDBACK_ERROR;
	int sender = trackcode_secret_check(secret, r.secret_hash, sizeof(r.secret_hash));
	int redacted = r.public_title || r.public_body;
	int may_submission = roles || sender || (r.public && !redacted);
	if (!may_submission)
		return FEEDBACK_NOT_FOUND;
	rc = attachment_get(ctx->db, r.id, file_id, ctx->arena, out);
	if (rc == DB_NOTFOUND)
		return FEEDBACK_NOT_FOUND;
	if (rc < 0)
		return FEEDBACK_ERROR;
	if (out->kind == ATTACHMENT_EVIDENCE && !roles) {
		memset(out, 0, sizeof(*out));
		return FEEDBACK_NOT_FOUND;
	}
	return FEEDBACK_OK;
}

/* --- demo ------------------------------------------------------------------ */

/* splitmix64: a small deterministic generator, so a seed gives one data set. */
struct demo_rng {
	uint64_t s;
};

static uint64_t rng_next(struct demo_rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int rng_below(struct demo_rng *g, int n)
{
	return n > 0 ? (int)(rng_next(g) % (uint64_t)n) : 0;
}

/* 1 with probability pct/100. */
static int rng_pct(struct demo_rng *g, int pct)
{
	return rng_below(g, 100) < pct;
}

#define PICK(g, arr) ((arr)[rng_below((g), (int)(sizeof(arr) / sizeof((arr)[0])))])

struct demo_topic {
	const char *category;
	const char *titles[5];   /* "%s" is the place */
	const char *details[3];
	const char *answers[2];  /* "%s" is the handling unit's name */
};

static const struct demo_topic demo_topics[] = {
	{ "dat-dai",
	  { "Tranh chấp ranh giới đất giữa hai hộ gia đình tại %s",
	    "Chậm cấp giấy chứng nhận quyền sử dụng đất cho hộ dân ở %s",
	    "Lấn chiếm đất công làm nơi tập kết vật liệu tại %s",
	    "Đề nghị công khai phương án bồi thường giải phóng mặt bằng tại %s",
	    "Sử dụng đất nông nghiệp sai mục đích tại %s" },
	  { "Gia đình tôi đã nộp đầy đủ hồ sơ từ nhiều tháng trước nhưng đến nay vẫn chưa nhận được kết quả, cũng không được thông báo lý do.",
	    "Phần đất này trước đây là lối đi chung của các hộ trong ngõ, nay bị một hộ rào lại để sử dụng riêng.",
	    "Người dân chưa được tiếp cận đầy đủ thông tin về diện tích bị thu hồi, đơn giá bồi thường và phương án tái định cư." },
	  { "%s đã phối hợp với Văn phòng đăng ký đất đai kiểm tra hồ sơ, đo đạc hiện trạng và làm việc với các hộ liên quan. Hồ sơ đủ điều kiện đã được chuyển xử lý; phần đất công bị lấn chiếm đã được yêu cầu trả lại hiện trạng.",
	    "Qua kiểm tra, %s xác định nội dung phản ánh có cơ sở một phần. Đơn vị đã tổ chức hòa giải tại cơ sở giữa các hộ; trường hợp không thống nhất, công dân có quyền đề nghị giải quyết tranh chấp theo quy định của Luật Đất đai." } },
	{ "xay-dung-trat-tu-do-thi",
	  { "Công trình xây dựng không phép, vượt số tầng tại %s",
	    "Lấn chiếm vỉa hè để kinh doanh, đỗ xe tại %s",
	    "Công trình thi công gây nứt tường nhà liền kề tại %s",
	    "Vật liệu xây dựng để tràn ra lòng đường tại %s",
	    "Biển quảng cáo lắp đặt không đúng quy định tại %s" },
	  { "Công trình thi công cả vào buổi tối và ngày nghỉ, không có biển báo thông tin giấy phép xây dựng.",
	    "Vỉa hè bị chiếm hết, người đi bộ phải đi xuống lòng đường, rất nguy hiểm, nhất là giờ tan học.",
	    "Nhà tôi đã xuất hiện nhiều vết nứt trên tường và trần từ khi công trình bên cạnh đào móng." },
	  { "%s đã giao Đội quản lý trật tự đô thị kiểm tra thực tế, lập biên bản vi phạm hành chính và yêu cầu chủ công trình khắc phục. Đơn vị sẽ tiếp tục theo dõi, xử lý dứt điểm.",
	    "Sau khi kiểm tra, %s đã yêu cầu chủ đầu tư tạm dừng thi công, phối hợp với các hộ liên quan giám định hiện trạng và thống nhất phương án bồi thường thiệt hại." } },
	{ "moi-truong",
	  { "Rác thải tồn đọng nhiều ngày chưa được thu gom tại %s",
	    "Xưởng sản xuất gây tiếng ồn và khói bụi ban đêm tại %s",
	    "Nước thải chảy tràn, bốc mùi hôi tại %s",
	    "Đốt rác, đốt rơm rạ gây ô nhiễm không khí tại %s",
	    "Cống thoát nước bị tắc gây ngập úng khi mưa tại %s" },
	  { "Mùi hôi bốc lên nồng nặc, nhất là vào buổi trưa, ảnh hưởng đến sức khỏe người già và trẻ nhỏ.",
	    "Mỗi khi trời mưa to, nước ngập sâu cả gang tay, tràn vào nhà dân.",
	    "Tiếng máy chạy kéo dài đến khuya, nhiều hộ không thể ngủ được." },
	  { "%s đã làm việc với đơn vị thu gom, bổ sung lượt thu gom trong ngày và tổ chức nạo vét cống thoát nước. Đơn vị đề nghị người dân bỏ rác đúng giờ, đúng nơi quy định.",
	    "%s đã phối hợp với cơ quan chuyên môn kiểm tra, đo đạc và xử phạt cơ sở vi phạm về bảo vệ môi trường, yêu cầu cơ sở lắp đặt thiết bị giảm tiếng ồn, xử lý khí thải." } },
	{ "giao-thong",
	  { "Mặt đường xuống cấp, nhiều ổ gà nguy hiểm tại %s",
	    "Đèn tín hiệu giao thông bị hỏng tại %s",
	    "Đề nghị lắp gờ giảm tốc trước cổng trường tại %s",
	    "Xe tải trọng lớn thường xuyên đi vào khu dân cư %s",
	    "Đèn chiếu sáng công cộng không hoạt động tại %s" },
	  { "Đã xảy ra một số vụ người đi xe máy bị ngã, nhất là vào buổi tối khi trời tối và mưa.",
	    "Giờ cao điểm phương tiện ùn ứ kéo dài, học sinh qua đường rất nguy hiểm.",
	    "Tình trạng này đã kéo dài nhiều tuần nhưng chưa thấy đơn vị nào khắc phục." },
	  { "%s đã đề nghị đơn vị quản lý đường bộ vá sửa mặt đường và thay thế bóng đèn hỏng. Việc sửa chữa đã hoàn thành; đơn vị cảm ơn người dân đã phản ánh.",
	    "%s đã phối hợp với lực lượng cảnh sát giao thông tăng cường kiểm tra, đồng thời đề xuất cấp có thẩm quyền lắp đặt biển báo và gờ giảm tốc tại vị trí phản ánh." } },
	{ "an-ninh-trat-tu",
	  { "Tụ tập thanh thiếu niên gây mất trật tự ban đêm tại %s",
	    "Nghi vấn hoạt động cho vay nặng lãi tại %s",
	    "Quán karaoke hoạt động quá giờ quy định, gây ồn tại %s",
	    "Trộm cắp xe máy xảy ra nhiều lần tại %s",
	    "Đua xe trái phép vào đêm cuối tuần tại %s" },
	  { "Người dân trong khu vực rất lo lắng, không dám ra đường vào buổi tối.",
	    "Sự việc diễn ra thường xuyên từ khoảng 22 giờ đến 1 giờ sáng.",
	    "Đề nghị lực lượng công an tăng cường tuần tra, kiểm soát vào ban đêm." },
	  { "Công an phường đã tăng cường tuần tra, kiểm soát tại khu vực phản ánh và xử lý các trường hợp vi phạm. %s đề nghị người dân tiếp tục cung cấp thông tin qua đường dây nóng.",
	    "%s đã chỉ đạo lực lượng chức năng xác minh; kết quả đã xử phạt vi phạm hành chính cơ sở kinh doanh hoạt động quá giờ và yêu cầu cam kết chấp hành quy định." } },
	{ "y-te",
	  { "Cơ sở kinh doanh thực phẩm không bảo đảm vệ sinh tại %s",
	    "Đề nghị phun thuốc phòng chống sốt xuất huyết tại %s",
	    "Thời gian chờ khám kéo dài tại trạm y tế gần %s",
	    "Phòng khám tư nhân quảng cáo sai sự thật tại %s",
	    "Đề nghị tổ chức tiêm chủng bổ sung cho trẻ em tại %s" },
	  { "Trong khu vực đã có một số ca sốt xuất huyết, nhiều nơi còn đọng nước, có lăng quăng.",
	    "Nhiều gia đình phải chờ từ sáng đến trưa mới được khám, không có nơi ngồi chờ.",
	    "Thực phẩm được bày bán ngay trên vỉa hè, không che đậy, gần khu vực thu gom rác." },
	  { "%s đã phối hợp với Trạm y tế tổ chức phun hóa chất diệt muỗi, vệ sinh môi trường và hướng dẫn người dân phòng bệnh.",
	    "Đoàn kiểm tra liên ngành của %s đã kiểm tra cơ sở, xử phạt vi phạm và yêu cầu cơ sở khắc phục điều kiện bảo đảm an toàn thực phẩm." } },
	{ "giao-duc",
	  { "Thu các khoản ngoài quy định đầu năm học tại trường gần %s",
	    "Sân trường xuống cấp, mất an toàn cho học sinh tại %s",
	    "Đề nghị bố trí thêm điểm trông giữ trẻ cho con công nhân tại %s",
	    "Tình trạng dạy thêm, học thêm không đúng quy định tại %s",
	    "Thiếu phòng học cho học sinh tiểu học tại %s" },
	  { "Phụ huynh được đề nghị đóng nhiều khoản tiền nhưng không được giải thích rõ mục đích sử dụng.",
	    "Nhiều mảng tường và lan can đã nứt vỡ, các cháu vui chơi rất nguy hiểm.",
	    "Số lượng trẻ trong độ tuổi tăng nhanh nhưng trường lớp chưa đáp ứng." },
	  { "%s đã làm việc với Ban giám hiệu nhà trường, yêu cầu công khai các khoản thu và hoàn trả các khoản thu không đúng quy định.",
	    "%s đã đưa hạng mục sửa chữa vào kế hoạch đầu tư công năm tới; trước mắt nhà trường đã rào chắn khu vực nguy hiểm." } },
	{ "chinh-sach-xa-hoi",
	  { "Chậm chi trả trợ cấp xã hội cho người cao tuổi tại %s",
	    "Đề nghị xem xét hỗ trợ hộ cận nghèo tại %s",
	    "Thắc mắc về mức hưởng trợ cấp người khuyết tật tại %s",
	    "Đề nghị hỗ trợ sửa chữa nhà cho gia đình chính sách tại %s",
	    "Đề nghị giải quyết chế độ cho người có công tại %s" },
	  { "Gia đình có hoàn cảnh đặc biệt khó khăn, người cao tuổi ốm đau thường xuyên.",
	    "Hồ sơ đã được tổ dân phố xác nhận nhưng đến nay chưa được xét duyệt.",
	    "Mức trợ cấp hiện nhận chưa đúng với mức quy định mới." },
	  { "%s đã rà soát hồ sơ, xác định đối tượng đủ điều kiện và đã chi trả đầy đủ khoản trợ cấp còn chậm, kể cả phần truy lĩnh.",
	    "Theo quy định hiện hành, hộ gia đình chưa đủ điều kiện hưởng chính sách. %s đã hướng dẫn gia đình các hồ sơ cần bổ sung khi hoàn cảnh thay đổi." } },
	{ "can-bo-cong-chuc",
	  { "Cán bộ bộ phận một cửa hướng dẫn hồ sơ không rõ ràng tại %s",
	    "Thái độ thiếu tôn trọng của cán bộ khi tiếp công dân tại %s",
	    "Chậm trả kết quả thủ tục đăng ký hộ tịch tại %s",
	    "Đề nghị công khai lịch tiếp công dân của lãnh đạo tại %s",
	    "Yêu cầu nộp giấy tờ không có trong quy định tại %s" },
	  { "Tôi đã phải đi lại nhiều lần, mỗi lần lại được yêu cầu bổ sung một loại giấy tờ khác nhau.",
	    "Kết quả đã quá hẹn ghi trên giấy tiếp nhận nhưng không có thông báo hay lời xin lỗi.",
	    "Mong lãnh đạo quan tâm chấn chỉnh để người dân được phục vụ tốt hơn." },
	  { "%s đã xác minh, tổ chức kiểm điểm cán bộ có liên quan và xin lỗi công dân; hồ sơ đã được giải quyết xong.",
	    "%s đã niêm yết công khai lịch tiếp công dân và danh mục thủ tục hành chính tại trụ sở và trên cổng thông tin điện tử." } },
	{ "gop-y-dang-chinh-quyen",
	  { "Góp ý nâng cao hiệu quả sinh hoạt tổ dân phố tại %s",
	    "Kiến nghị tổ chức đối thoại định kỳ với người dân về quy hoạch tại %s",
	    "Góp ý cải tiến thủ tục hành chính trên cổng dịch vụ công",
	    "Đề nghị tăng cường công khai thu chi các quỹ vận động tại %s",
	    "Góp ý về việc lấy ý kiến nhân dân đối với dự thảo quy hoạch tại %s" },
	  { "Nhiều buổi sinh hoạt chỉ đọc văn bản, ít thời gian để người dân trao đổi, kiến nghị.",
	    "Người dân mong muốn được biết và góp ý sớm hơn đối với những việc liên quan trực tiếp đến đời sống.",
	    "Việc công khai sẽ giúp tăng niềm tin của nhân dân đối với chính quyền." },
	  { "%s tiếp thu ý kiến góp ý và sẽ đưa nội dung đối thoại định kỳ vào kế hoạch công tác dân vận năm tới.",
	    "%s cảm ơn ý kiến đóng góp; nội dung đã được tổng hợp báo cáo cấp ủy và sẽ công khai kết quả tiếp thu tại hội nghị nhân dân." } },
	{ "khac",
	  { "Đề nghị bố trí thêm điểm sinh hoạt cộng đồng cho người cao tuổi tại %s",
	    "Loa phát thanh phát quá sớm buổi sáng tại %s",
	    "Đề nghị lắp camera an ninh tại %s",
	    "Chó thả rông không rọ mõm tại %s",
	    "Cây xanh có nguy cơ gãy đổ trong mùa mưa bão tại %s" },
	  { "Nhiều người dân có nhu cầu nhưng khu vực chưa có địa điểm phù hợp.",
	    "Đã có trường hợp trẻ em bị chó cắn phải đi tiêm phòng.",
	    "Mùa mưa bão sắp đến, người dân rất lo lắng." },
	  { "%s đã tiếp nhận kiến nghị và giao bộ phận chuyên môn kiểm tra, khắc phục; kết quả đã được thông báo tới tổ dân phố.",
	    "%s ghi nhận kiến nghị và sẽ xem xét bố trí kinh phí trong kế hoạch năm sau, đồng thời tuyên truyền người dân chấp hành quy định." } },
};

static const char *const demo_streets[] = {
	"ngõ 12 phố Trần Quang Diệu", "đường Nguyễn Văn Cừ", "phố Lê Thanh Nghị", "ngõ 68 Cầu Giấy",
	"đường Lê Văn Lương", "phố Hàng Bông", "khu tập thể Kim Liên", "đường Láng",
	"khu đô thị Linh Đàm", "phố Minh Khai", "đường Giải Phóng", "ngõ 165 Chùa Bộc",
	"phố Tôn Đức Thắng", "đường Phạm Văn Đồng", "khu dân cư Đồng Tâm", "chợ Hôm",
	"đường Trường Chinh", "phố Kim Mã", "đường Hoàng Quốc Việt", "ngõ 99 Định Công",
	"thôn Đông", "thôn Văn Trì", "xóm Bãi", "đường Âu Cơ", "phố Đội Cấn",
};
static const char *const demo_family[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
	"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};
static const char *const demo_middle[] = {
	"Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Xuân",
};
static const char *const demo_given[] = {
	"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh",
	"Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến",
};
static const char *const demo_openers[] = {
	"Tôi là người dân sinh sống tại %s, xin phản ánh sự việc như sau.",
	"Thay mặt các hộ gia đình ở %s, tôi xin phản ánh tới chính quyền.",
	"Kính gửi chính quyền địa phương. Tại %s đang xảy ra tình trạng cần được quan tâm.",
	"Cử tri khu vực %s kiến nghị như sau.",
};
static const char *const demo_closers[] = {
	"Đề nghị cơ quan chức năng sớm kiểm tra, xử lý dứt điểm.",
	"Rất mong nhận được phản hồi của chính quyền.",
	"Kính đề nghị các cấp có thẩm quyền xem xét, giải quyết.",
	"Xin trân trọng cảm ơn.",
};
static const char *const demo_reject_reasons[] = {
	"Nội dung thuộc quan hệ dân sự giữa các cá nhân, đề nghị công dân liên hệ Tòa án nhân dân để được giải quyết theo thủ tục tố tụng.",
	"Nội dung đã được giải quyết và trả lời tại văn bản trước đây, không có tình tiết mới.",
	"Phản ánh không đủ thông tin về địa điểm, thời gian để xác minh; đề nghị công dân bổ sung khi gửi lại.",
};
static const char *const demo_notes[] = {
	"Đã liên hệ với người phản ánh để xác minh thêm thông tin.",
	"Đã kiểm tra thực địa, chụp ảnh hiện trạng; đang chờ ý kiến của phòng chuyên môn.",
	"Đề nghị phối hợp với công an phường trong quá trình xác minh.",
};
static const char *const demo_comments[] = {
	"Cảm ơn chính quyền đã xử lý nhanh.", "Đã được khắc phục, rất hài lòng.",
	"Xử lý còn chậm nhưng đã có kết quả.", "Chưa giải quyết triệt để, đề nghị tiếp tục theo dõi.",
};

/* An account holding `role`, preferably in `unit`; 0 when none. */
struct demo_grant {
	int64_t account_id, unit_id;
	unsigned role;
};

static int64_t demo_officer(const struct demo_grant *g, size_t n, int64_t unit, unsigned role)
{
	int64_t any = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(g[i].role & role))
			continue;
		if (g[i].unit_id == unit)
			return g[i].account_id;
		if (!any)
			any = g[i].account_id;
	}
	return any;
}

static int64_t demo_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* A time of day during office hours on `day`, not after `limit`. */
static int64_t demo_at(struct demo_rng *g, int64_t day, int64_t limit)
{
	int64_t t = vn_day_start(day) + 8 * 3600 + rng_below(g, 9 * 3600);
	return t < limit ? t : limit;
}

static int64_t demo_workdays(const struct calendar *cal, int64_t day, int n)
{
	int64_t out;
	if (!cal || calendar_due_day(cal, day, n, CAL_WORKING_DAY, &out) < 0)
		return day + n + n / 5 * 2;
	return out;
}

struct demo_item {
	int64_t id;
	char code[TRACKCODE_BUFSZ];
	enum feedback_status status;
	int64_t category_id, unit_id;
	int64_t received_at;
};

static int demo_event(struct db *db, int64_t fid, int64_t at, enum feedback_event_type type,
		      int64_t actor, int64_t unit, enum feedback_status before, enum feedback_status after,
		      const char *text, const char *extra)
{
	struct feedback_event e = {
		.feedback_id = fid, .at = at, .type = type, .actor_id = actor, .unit_id = unit,
		.public = fbstate_event_public(type), .status_before = before, .status_after = after,
		.text = text, .extra = extra,
	};
	return feedback_event_insert(db, &e, NULL);
}

/* The template with its one "%s" replaced by value (templates are data,
 * so they are not printf formats). */
static char *demo_fill(struct arena *a, const char *tmpl, const char *value)
{
	const char *p = strstr(tmpl, "%s");
	if (!p)
		return arena_strdup(a, tmpl);
	return arena_printf(a, "%.*s%s%s", (int)(p - tmpl), tmpl, value, p + 2);
}

/* Pick the final status of an item `age` days old. */
static enum feedback_status demo_status(struct demo_rng *g, int64_t age)
{
	int r = rng_below(g, 100);
	if (age < 3)
		return r < 50 ? FB_RECEIVED : FB_ASSIGNED;
	if (age < 20) {
		if (r < 10) return FB_RECEIVED;
		if (r < 55) return FB_ASSIGNED;
		if (r < 75) return FB_ANSWERED;
		if (r < 95) return FB_PUBLISHED;
		return FB_REJECTED;
	}
	if (r < 45) return FB_PUBLISHED;
	if (r < 80) return FB_CLOSED;
	if (r < 87) return FB_REJECTED;
	if (r < 92) return FB_MERGED;
	if (r < 97) return FB_ASSIGNED;
	return FB_ANSWERED;
}

/* 1 when a unit is one that answers feedback in the demo. */
static int demo_handles(const struct unit *u, int64_t root)
{
	return u->id != root && u->kind && (!strcmp(u->kind, "government") || !strcmp(u->kind, "agency"));
}

/* Generate one item and its history; appends to items[]. */
static int demo_one(const struct app_ctx *ctx, struct demo_rng *g, int index,
		    const struct category *cats, size_t ncats, const struct unit *units, size_t nunits,
		    int64_t root, const struct demo_grant *grants, size_t ngrants,
		    struct demo_item *items, size_t *nitems)
{
	struct arena *a = ctx->arena;
	struct db *db = ctx->db;
	const struct calendar *cal = ctx->cal;
	int64_t now = ctx->now;

	/* category and topic */
	const struct category *cat = &cats[rng_below(g, (int)ncats)];
	const struct demo_topic *topic = &demo_topics[sizeof(demo_topics) / sizeof(demo_topics[0]) - 1];
	for (size_t i = 0; i < sizeof(demo_topics) / sizeof(demo_topics[0]); i++)
		if (!strcmp(demo_topics[i].category, cat->code))
			topic = &demo_topics[i];

	/* when: more items recently; the first seven cover every status */
	double u = (double)(rng_next(g) >> 11) / 9007199254740992.0;
	int64_t age = (int64_t)(1095.0 * pow(u, 1.7));
	enum feedback_status status;
	if (index < FB_STATUS_COUNT) {
		static const int forced_age[FB_STATUS_COUNT] = { 1, 2, 4, 60, 90, 30, 5 };
		status = (enum feedback_status)index;
		age = forced_age[index];
	} else {
		status = demo_status(g, age);
	}
	int64_t received_at = now - age * 86400 - rng_below(g, 12 * 3600);
	int64_t rday = vn_day_of(received_at);

	/* where */
	/* handled by a people's committee or an agency below the root when
	 * there is one (not by a residential group or a mass organisation) */
	const struct unit *hu = NULL;
	int handlers = 0;
	for (size_t i = 0; i < nunits; i++)
		handlers += demo_handles(&units[i], root);
	if (handlers) {
		int k = rng_below(g, handlers);
		for (size_t i = 0; i < nunits && !hu; i++)
			if (demo_handles(&units[i], root) && k-- == 0)
				hu = &units[i];
	} else {
		hu = &units[rng_below(g, (int)nunits)];
	}
	const char *street = PICK(g, demo_streets);
	char place[160];
	if (rng_pct(g, 40) && strncmp(street, "thôn", 5) && strncmp(street, "xóm", 4))
		snprintf(place, sizeof(place), "Tổ dân phố số %d, %s", 1 + rng_below(g, 25), street);
	else if (!strncmp(street, "thôn", 5) || !strncmp(street, "xóm", 4))
		snprintf(place, sizeof(place), "Gần nhà văn hóa %s", street);
	else
		snprintf(place, sizeof(place), "Trước số nhà %d %s", 2 + rng_below(g, 240), street);

	struct feedback_row r;
	memset(&r, 0, sizeof(r));
	const char *title_fmt = topic->titles[rng_below(g, 5)];
	r.title = demo_fill(a, title_fmt, street);
	const char *opener = demo_fill(a, PICK(g, demo_openers), street);
	int k1 = rng_below(g, 3), k2 = (k1 + 1 + rng_below(g, 2)) % 3;
	r.body = arena_printf(a, "%s %s %s\n\n%s", opener ? opener : "", topic->details[k1],
			      topic->details[k2], PICK(g, demo_closers));
	r.place = arena_strdup(a, place);
	if (!r.title || !r.body || !r.place || !opener)
		return FEEDBACK_ERROR;
	r.category_id = cat->id;
	r.category_code = cat->code;
	if (rng_pct(g, 45)) {
		r.has_geo = 1;
		r.lat_e6 = 21000000 + rng_below(g, 60000);
		r.lon_e6 = 105780000 + rng_below(g, 80000);
	}
	r.public = rng_pct(g, 85);
	int ch = rng_below(g, 100);
	r.channel = ch < 55 ? FB_CH_WEB : ch < 65 ? FB_CH_API : ch < 75 ? FB_CH_VOTER_MEETING
		    : ch < 80 ? FB_CH_DIALOGUE : ch < 90 ? FB_CH_IN_PERSON : ch < 97 ? FB_CH_HOTLINE : FB_CH_FRONT;
	r.intake_unit_id = root ? root : hu->id;
	if (!channel_is_online(r.channel))
		r.created_by = demo_officer(grants, ngrants, r.intake_unit_id,
					    r.channel == FB_CH_FRONT ? ROLE_FRONT : ROLE_INTAKE);
	if (!r.created_by && !channel_is_online(r.channel))
		r.channel = FB_CH_WEB;
	r.received_at = received_at;
	r.due_at = due_for(cal, cat, received_at);
	r.status = status;
	r.updated_at = now;

	/* code and secret from the generator, so a seed gives the same codes */
	char raw[8];
	for (int i = 0; i < 7; i++)
		raw[i] = TRACKCODE_ALPHABET[rng_below(g, 29)];
	raw[7] = trackcode_check_char(raw);
	snprintf(r.code, sizeof(r.code), "%.4s-%.4s", raw, raw + 4);
	char secret[TRACKCODE_SECRET_BUFSZ];
	for (int i = 0; i < TRACKCODE_SECRET_LEN; i++)
		secret[i] = "abcdefghijklmnopqrstuvwxyz234567"[rng_below(g, 32)];
	secret[TRACKCODE_SECRET_LEN] = '\0';
	if (trackcode_secret_hash(secret, r.secret_hash) < 0)
		return FEEDBACK_ERROR;

	/* the history, as dates */
	int64_t intake = demo_officer(grants, ngrants, r.intake_unit_id, ROLE_INTAKE);
	int64_t handler = demo_officer(grants, ngrants, hu->id, ROLE_HANDLER);
	int64_t leader = demo_officer(grants, ngrants, hu->id, ROLE_LEADER);
	int64_t limit = now - 60;
	int64_t t_assign = demo_at(g, demo_workdays(cal, rday, 1), limit);
	int64_t due_day = r.due_at ? vn_day_of(r.due_at) : demo_workdays(cal, rday, cat->deadline_amount);
	int extended = status != FB_RECEIVED && status != FB_REJECTED && status != FB_MERGED && rng_pct(g, 10);
	int64_t new_due_day = extended ? demo_workdays(cal, due_day, 10) : due_day;
	int late = rng_pct(g, 18);
	int64_t span = new_due_day - vn_day_of(t_assign);
	int64_t answer_day = late ? demo_workdays(cal, new_due_day, 1 + rng_below(g, 5))
				  : vn_day_of(t_assign) + (span > 0 ? rng_below(g, (int)span + 1) : 0);
	int64_t t_answer = demo_at(g, answer_day, limit);
	if (t_answer < t_assign)
		t_answer = t_assign;
	int64_t t_publish = demo_at(g, demo_workdays(cal, vn_day_of(t_answer), 1), limit);
	int64_t t_close = demo_at(g, vn_day_of(t_publish) + 5 + rng_below(g, 6), limit);
	if (t_publish < t_answer)
		t_publish = t_answer;

	int assigned = status != FB_RECEIVED && !(status == FB_REJECTED && rng_pct(g, 50)) && status != FB_MERGED;
	int answered = status == FB_ANSWERED || status == FB_PUBLISHED || status == FB_CLOSED;
	int published = status == FB_PUBLISHED || status == FB_CLOSED;
	if (assigned)
		r.unit_id = hu->id;
	if (extended) {
		r.due_at = end_of_day(new_due_day);
		r.due_extended = 1;
	}
	if (answered)
		r.answered_at = t_answer;
	if (published)
		r.published_at = t_publish;
	int rated = published && t_publish < now - 86400 && rng_pct(g, 60);
	if (rated) {
		int s = rng_below(g, 100);
		r.rating = s < 35 ? 5 : s < 65 ? 4 : s < 80 ? 3 : s < 90 ? 2 : 1;
		r.rated_at = t_publish + 86400 + rng_below(g, 3 * 86400);
		if (r.rated_at > limit)
			r.rated_at = limit;
		if (rng_pct(g, 50))
			r.rating_comment = PICK(g, demo_comments);
	}
	if (t_close < t_publish)
		t_close = t_publish;
	if (rated && t_close <= r.rated_at)
		t_close = r.rated_at + 30;
	if (status == FB_CLOSED)
		r.closed_at = t_close;
	/* a merged item joins an earlier open item of the same category */
	const struct demo_item *into = NULL;
	if (status == FB_MERGED) {
		for (int pass = 0; pass < 2 && !into; pass++)
			for (size_t i = *nitems; i > 0 && !into; i--) {
				const struct demo_item *c = &items[i - 1];
				if ((pass == 0 && c->category_id != cat->id) || c->received_at >= received_at ||
				    c->status == FB_MERGED || c->status == FB_REJECTED || c->status == FB_CLOSED)
					continue;
				into = c;
			}
		if (!into) {
			status = r.status = FB_REJECTED;
		} else {
			r.merged_into_id = into->id;
		}
	}
	int64_t id;
	for (int attempt = 0;; attempt++) {
		int rc = feedback_row_insert(db, &r, &id);
		if (rc == DB_OK)
			break;
		if (rc != DB_CONSTRAINT || attempt == 8)
			return FEEDBACK_ERROR;
		raw[0] = TRACKCODE_ALPHABET[rng_below(g, 29)];
		raw[7] = trackcode_check_char(raw);
		snprintf(r.code, sizeof(r.code), "%.4s-%.4s", raw, raw + 4);
	}
	if (rng_pct(g, 70)) {
		struct feedback_contact c = { 0 };
		c.name = arena_printf(a, "%s %s %s", PICK(g, demo_family), PICK(g, demo_middle), PICK(g, demo_given));
		c.phone = arena_printf(a, "09%08d", rng_below(g, 100000000));
		if (rng_pct(g, 30))
			c.email = arena_printf(a, "nguoidan%d@example.vn", index + 1);
		if (!c.name || !c.phone || feedback_contact_insert(db, id, &c) < 0)
			return FEEDBACK_ERROR;
	}

	/* the timeline */
	char extra[160];
	snprintf(extra, sizeof(extra), "{\"channel\":\"%s\",\"files\":0}", feedback_channel_name(r.channel));
	int bad = demo_event(db, id, received_at, FB_EV_SUBMIT, r.created_by, r.intake_unit_id, FB_RECEIVED,
			     FB_RECEIVED, NULL, extra) < 0;
	enum feedback_status cur = FB_RECEIVED;
	if (assigned) {
		bad |= demo_event(db, id, t_assign, FB_EV_ASSIGN, intake, hu->id, cur, FB_ASSIGNED, NULL, NULL) < 0;
		cur = FB_ASSIGNED;
		if (rng_pct(g, 30))
			bad |= demo_event(db, id, demo_min(t_assign + 3600, limit), FB_EV_NOTE, handler, hu->id, cur, cur,
					  PICK(g, demo_notes), NULL) < 0;
	}
	if (extended) {
		char d1[11], d2[11];
		snprintf(extra, sizeof(extra), "{\"due_before\":\"%s\",\"due_after\":\"%s\",\"days\":10}",
			 fmt_ymd(due_day, d1), fmt_ymd(new_due_day, d2));
		bad |= demo_event(db, id, demo_min(t_assign + 7200, limit), FB_EV_EXTEND, leader, hu->id, cur, cur,
				  "Vụ việc phức tạp, cần thêm thời gian xác minh và làm việc với các bên liên quan.",
				  extra) < 0;
	}
	if (status == FB_REJECTED) {
		bad |= demo_event(db, id, assigned ? demo_min(t_assign + 86400, limit) : t_assign, FB_EV_REJECT,
				  assigned ? leader : intake, r.unit_id, cur, FB_REJECTED,
				  PICK(g, demo_reject_reasons), NULL) < 0;
	}
	if (status == FB_MERGED && into) {
		snprintf(extra, sizeof(extra), "{\"into\":\"%s\"}", into->code);
		bad |= demo_event(db, id, t_assign, FB_EV_MERGE, intake, 0, cur, FB_MERGED, NULL, extra) < 0;
		snprintf(extra, sizeof(extra), "{\"merged_from\":\"%s\"}", r.code);
		bad |= demo_event(db, into->id, t_assign, FB_EV_MERGE, intake, into->unit_id, into->status,
				  into->status, NULL, extra) < 0;
	}
	if (answered) {
		const char *text = demo_fill(a, topic->answers[rng_below(g, 2)], hu->name);
		int res = rng_below(g, 100);
		struct feedback_answer ans = {
			.feedback_id = id,
			.unit_id = hu->id,
			.result = res < 55 ? FB_RESULT_RESOLVED : res < 75 ? FB_RESULT_PARTLY
				  : res < 95 ? FB_RESULT_EXPLAINED : FB_RESULT_REFERRED,
			.basis = cat->legal_basis[0] ? cat->legal_basis : NULL,
			.next_steps = rng_pct(g, 40) ? "Đơn vị tiếp tục theo dõi, kiểm tra định kỳ và thông báo kết quả tới người dân." : NULL,
			.text = text,
			.drafted_by = handler,
			.drafted_at = t_answer,
			.approved_by = published ? leader : 0,
			.published_at = published ? t_publish : 0,
		};
		int64_t aid = 0;
		if (!text || feedback_answer_insert(db, &ans, &aid) < 0)
			return FEEDBACK_ERROR;
		snprintf(extra, sizeof(extra), "{\"answer_id\":%lld}", (long long)aid);
		bad |= demo_event(db, id, t_answer, FB_EV_ANSWER, handler, hu->id, cur, FB_ANSWERED, NULL, extra) < 0;
		cur = FB_ANSWERED;
		if (published) {
			bad |= demo_event(db, id, t_publish, FB_EV_PUBLISH, leader, hu->id, cur, FB_PUBLISHED, NULL,
					  extra) < 0;
			cur = FB_PUBLISHED;
		}
		if (rated) {
			snprintf(extra, sizeof(extra), "{\"score\":%d}", r.rating);
			bad |= demo_event(db, id, r.rated_at, FB_EV_RATE, 0, hu->id, cur, cur, NULL, extra) < 0;
		}
		if (status == FB_CLOSED)
			bad |= demo_event(db, id, t_close, FB_EV_CLOSE,
					  leader, hu->id, cur, FB_CLOSED, NULL, NULL) < 0;
	}
	if (bad)
		return FEEDBACK_ERROR;
	char summary[160];
	snprintf(summary, sizeof(summary), "{\"demo\":true,\"status\":\"%s\",\"category\":\"%s\",\"channel\":\"%s\"}",
		 feedback_status_name(status), cat->code, feedback_channel_name(r.channel));
	if (audit_append(db, actor_of(ctx), "feedback.demo", "feedback", r.code, summary) < 0)
		return FEEDBACK_ERROR;
	struct demo_item *it = &items[(*nitems)++];
	it->id = id;
	memcpy(it->code, r.code, sizeof(it->code));
	it->status = status;
	it->category_id = cat->id;
	it->unit_id = r.unit_id;
	it->received_at = received_at;
	return FEEDBACK_OK;
}

int feedback_demo_generate(const struct app_ctx *ctx, int n, uint64_t seed, int *made,
			   char *err, size_t errlen)
{
	struct arena *a = ctx->arena;
	struct db *db = ctx->db;
	if (made)
		*made = 0;
	if (n <= 0)
		return FEEDBACK_OK;
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int64_t existing = 0;
	if (feedback_row_count(db, &q, &existing) < 0) {
		snprintf(err, errlen, "cannot count feedback items: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (existing > 0)
		return FEEDBACK_OK;
	struct category *cats = NULL;
	size_t ncats = 0;
	struct unit_list units = { 0 };
	if (category_list(db, a, 0, &cats, &ncats) < 0 || unit_list(db, a, 0, &units) < 0) {
		snprintf(err, errlen, "cannot read categories and units: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (!ncats || !units.n) {
		snprintf(err, errlen, "load the categories and the organisation tree before demo feedback");
		return FEEDBACK_ERROR;
	}
	int64_t root = 0;
	if (feedback_default_unit(db, &root) < 0)
		root = units.items[0].id;
	/* every active grant, to pick officers for the timeline */
	struct demo_grant *grants = NULL;
	size_t ngrants = 0, gcap = 0;
	for (size_t i = 0; i < units.n; i++) {
		struct unit_grant_list gl = { 0 };
		if (unit_grants_in_unit(db, a, units.items[i].id, &gl) < 0) {
			snprintf(err, errlen, "cannot read role grants: %s", db_errmsg(db));
			return FEEDBACK_ERROR;
		}
		for (size_t k = 0; k < gl.n; k++) {
			if (ngrants == gcap) {
				size_t ncap = gcap ? gcap * 2 : 32;
				struct demo_grant *ng = arena_alloc(a, ncap * sizeof(*ng));
				if (!ng)
					return FEEDBACK_ERROR;
				if (ngrants)
					memcpy(ng, grants, ngrants * sizeof(*ng));
				grants = ng;
				gcap = ncap;
			}
			grants[ngrants++] = (struct demo_grant){ gl.items[k].account_id, gl.items[k].unit_id,
								 role_from_name(gl.items[k].role) };
		}
	}
	struct demo_item *items = arena_alloc(a, (size_t)n * sizeof(*items));
	if (!items)
		return FEEDBACK_ERROR;
	size_t nitems = 0;
	struct demo_rng g = { seed ? seed : 1 };
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	for (int i = 0; i < n; i++) {
		if (demo_one(ctx, &g, i, cats, ncats, units.items, units.n, root, grants, ngrants, items,
			     &nitems) < 0) {
			snprintf(err, errlen, "cannot store demo item %d: %s", i + 1, db_errmsg(db));
			db_rollback(db);
			return FEEDBACK_ERROR;
		}
	}
	if (db_commit(db) < 0) {
		snprintf(err, errlen, "cannot commit the demo items: %s", db_errmsg(db));
		db_rollback(db);
		return FEEDBACK_ERROR;
	}
	if (search_index_pending(db, 0, NULL, NULL) < 0) {
		snprintf(err, errlen, "cannot index the demo items for search: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (made)
		*made = (int)nitems;
	return FEEDBACK_OK;
}
