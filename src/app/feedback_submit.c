/*
 * feedback_submit.c - sending an item: the submission validated and
 * cleaned (texts, category, unit, contact, files), its due date from the
 * calendar, and its insertion with its timeline event and audit entry.
 */
#include "app/feedback_int.h"
#include "app/fbstate.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/search.h"
#include "store/category.h"
#include "store/db.h"
#include "store/search.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/vntext.h"
#include "core/xalloc.h"

#include <math.h>

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

/* feedback_prepare() with the domain's error container. */
static int prepare(const struct app_ctx *ctx, const struct feedback_input *in, struct feedback_prepared *out,
		   struct app_errors *errs)
{
	struct arena *a = ctx->arena;
	memset(out, 0, sizeof(*out));
	struct feedback_row *r = &out->row;
	int64_t acct = feedback_account(ctx);
	int nomem = 0, rc;

	rc = feedback_require_field(a, in->title, VNTEXT_SINGLELINE, FEEDBACK_TITLE_MIN, FEEDBACK_TITLE_MAX, errs,
			   "title", "Vui lòng nhập tiêu đề.", "Tiêu đề cần ít nhất 5 ký tự.",
			   "Tiêu đề tối đa 200 ký tự.", &r->title);
	nomem |= rc == -2;
	rc = feedback_require_field(a, in->body, VNTEXT_MULTILINE, FEEDBACK_BODY_MIN, FEEDBACK_BODY_MAX, errs,
			   "body", "Vui lòng nhập nội dung phản ánh.", "Nội dung cần ít nhất 10 ký tự.",
			   "Nội dung tối đa 10.000 ký tự.", &r->body);
	nomem |= rc == -2;
	rc = feedback_clean_field(a, in->place, VNTEXT_SINGLELINE, 1, FEEDBACK_PLACE_MAX, errs, "place", "",
			 "Địa điểm tối đa 300 ký tự.", &r->place);
	nomem |= rc == -2;

	/* category */
	struct category cat;
	memset(&cat, 0, sizeof(cat));
	if (feedback_blank(in->category)) {
		app_errors_add(errs, "category", "Vui lòng chọn lĩnh vực.");
	} else {
		rc = category_get_by_code(ctx->db, in->category, a, &cat);
		if (rc == DB_NOTFOUND || (rc == DB_OK && !cat.active))
			app_errors_add(errs, "category", "Lĩnh vực không hợp lệ.");
		else if (rc < 0)
			return FEEDBACK_ERROR;
		else
			r->category_id = cat.id;
	}

	/* coordinates */
	if (in->has_geo) {
		int ok = 1;
		if (!isfinite(in->lat) || in->lat < -90.0 || in->lat > 90.0) {
			app_errors_add(errs, "lat", "Vĩ độ không hợp lệ (từ -90 đến 90).");
			ok = 0;
		}
		if (!isfinite(in->lon) || in->lon < -180.0 || in->lon > 180.0) {
			app_errors_add(errs, "lon", "Kinh độ không hợp lệ (từ -180 đến 180).");
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
	rc = feedback_clean_field(a, in->contact_name, VNTEXT_SINGLELINE, 1, FEEDBACK_NAME_MAX, errs,
			 "contact.name", "", "Họ tên tối đa 100 ký tự.", &name);
	nomem |= rc == -2;
	char phone[16] = "";
	if (!feedback_blank(in->contact_phone) && feedback_phone_normalise(in->contact_phone, phone) < 0)
		app_errors_add(errs, "contact.phone", "Số điện thoại không hợp lệ (ví dụ: 0912 345 678).");
	if (!feedback_blank(in->contact_email)) {
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
			app_errors_add(errs, "contact.email", "Địa chỉ email không hợp lệ.");
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
	if ((unsigned)in->channel >= FB_CH_COUNT || (!feedback_channel_online(in->channel) && !acct)) {
		app_errors_add(errs, "channel", "Kênh tiếp nhận không hợp lệ.");
	}
	r->channel = (unsigned)in->channel < FB_CH_COUNT ? in->channel : FB_CH_WEB;
	int offline = !feedback_channel_online(r->channel);
	if (!feedback_blank(in->unit)) {
		rc = feedback_open_unit(ctx, in->unit, &r->intake_unit_id, NULL);
		if (rc < 0)
			return FEEDBACK_ERROR;
		if (rc == 1)
			app_errors_add(errs, "unit", FEEDBACK_NO_UNIT);
		if (rc == 2)
			app_errors_add(errs, "unit", FEEDBACK_NOT_RECEIVING);
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
			app_errors_add(errs, "received_at", "Thời điểm tiếp nhận phải trong vòng một năm trở lại đây.");
		else
			r->received_at = in->received_at;
	}

	/* files: checked and hashed here, stored only with the item */
	if (in->nfiles > ATTACHMENT_MAX_PER_ITEM) {
		app_errors_add(errs, "files", FEEDBACK_TOO_MANY_FILES);
	} else {
		for (size_t i = 0; i < in->nfiles; i++) {
			struct attachment_blob *b = &out->files[out->nfiles];
			rc = attachment_blob_init(b, in->files[i].data, in->files[i].len);
			if (rc < 0) {
				app_errors_add(errs, "files", feedback_file_refused(rc));
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
	r->meeting_id = in->meeting_id;
	r->booking_id = in->booking_id;
	r->public = in->is_private ? 0 : 1;
	r->status = FB_RECEIVED;
	r->due_at = feedback_due_for(ctx->cal, &cat, r->received_at);
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

int feedback_prepare(const struct app_ctx *ctx, const struct feedback_input *in,
		     struct feedback_prepared *out, struct app_errors *errs)
{
	struct app_errors e = { 0 };
	int rc = prepare(ctx, in, out, &e);
	feedback_errors_export(errs, &e);
	return rc;
}

/* The "submit" timeline event of a new item; `extra` holds its JSON. */
static struct feedback_event submit_event(const struct feedback_prepared *p, int64_t id, char extra[128])
{
	const struct feedback_row *r = &p->row;
	snprintf(extra, 128, "{\"channel\":\"%s\",\"files\":%zu}", feedback_channel_name(r->channel), p->nfiles);
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
	return ev;
}

/* The summary of the "feedback.submit" audit entry (no personal data). */
static json_t *submit_summary(const struct feedback_prepared *p)
{
	const struct feedback_row *r = &p->row;
	return json_pack("{s:s, s:s, s:b, s:I, s:I, s:b, s:I}", "category", r->category_code ? r->category_code : "",
			 "channel", feedback_channel_name(r->channel), "public", r->public, "intake_unit_id",
			 (json_int_t)r->intake_unit_id, "files", (json_int_t)p->nfiles, "contact", p->has_contact,
			 "received_at", (json_int_t)r->received_at);
}

static void fill_receipt(struct feedback_prepared *p, int64_t id, struct feedback_receipt *out)
{
	struct feedback_row *r = &p->row;
	r->id = id;
	if (out) {
		out->id = id;
		memcpy(out->code, r->code, sizeof(out->code));
		memcpy(out->secret, p->secret, sizeof(out->secret));
		out->received_at = r->received_at;
		out->due_at = r->due_at;
	}
}

/* The item's files, once it has its id. */
static int insert_files(struct db *db, const struct audit_actor *actor, struct feedback_prepared *p, int64_t id)
{
	struct feedback_row *r = &p->row;
	for (size_t i = 0; i < p->nfiles; i++)
		if (attachment_store(db, actor, FEEDBACK_OWNER, id, &p->files[i], p->file_names[i], ATTACHMENT_SUBMISSION,
				     r->created_by, r->received_at, NULL) < 0)
			return FEEDBACK_ERROR;
	return FEEDBACK_OK;
}

int feedback_insert_prepared(struct db *db, const struct audit_actor *actor,
			     struct feedback_prepared *p, struct feedback_receipt *out)
{
	struct feedback_row *r = &p->row;
	if (!actor)
		actor = &feedback_citizen;
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
	if (insert_files(db, actor, p, id) < 0)
		return FEEDBACK_ERROR;
	char extra[128];
	struct feedback_event ev = submit_event(p, id, extra);
	if (feedback_event_insert(db, &ev, NULL) < 0)
		return FEEDBACK_ERROR;
	if (feedback_audit(db, actor, "feedback.submit", r->code, submit_summary(p)) < 0)
		return FEEDBACK_ERROR;
	fill_receipt(p, id, out);
	return FEEDBACK_OK;
}

int feedback_insert_prepared_many(struct db *db, size_t n, const struct audit_actor *const *actors,
				  struct feedback_prepared *const *ps, struct feedback_receipt *const *outs)
{
	if (!db_is_pg(db) || n == 0)
		return FEEDBACK_ERROR;
	struct feedback_new *items = xcalloc(n, sizeof(*items));
	int64_t *ids = xcalloc(n, sizeof(*ids));
	struct feedback_event *ev = xcalloc(n, sizeof(*ev));
	char(*extra)[128] = xcalloc(n, sizeof(*extra));
	struct audit_new *au = xcalloc(n, sizeof(*au));
	int rc = FEEDBACK_ERROR;
	for (size_t i = 0; i < n; i++) {
		ev[i] = submit_event(ps[i], 0, extra[i]); /* its item's id comes with the insert */
		items[i] = (struct feedback_new){ .row = &ps[i]->row, .contact = ps[i]->has_contact ? &ps[i]->contact : NULL,
						  .event = &ev[i] };
	}
	if (feedback_row_insert_many(db, items, n, ids) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct audit_actor *actor = actors[i] ? actors[i] : &feedback_citizen;
		if (insert_files(db, actor, ps[i], ids[i]) < 0)
			goto out;
		au[i] = (struct audit_new){ .actor = actor, .action = "feedback.submit", .object_type = "feedback",
					    .object_id = ps[i]->row.code, .summary = submit_summary(ps[i]) };
	}
	if (audit_append_many_json_new(db, au, n) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		fill_receipt(ps[i], ids[i], outs[i]);
	rc = FEEDBACK_OK;
out:
	for (size_t i = 0; i < n; i++)
		json_decref(au[i].summary); /* those not handed over after a failure */
	free(au);
	free(extra);
	free(ev);
	free(ids);
	free(items);
	return rc;
}

int feedback_submit(const struct app_ctx *ctx, const struct feedback_input *in,
		    struct feedback_receipt *out, struct app_errors *errs)
{
	struct feedback_prepared p;
	int rc = feedback_prepare(ctx, in, &p, errs);
	if (rc < 0)
		return rc;
	if (db_begin(ctx->db) < 0)
		return FEEDBACK_ERROR;
	rc = feedback_finish(ctx->db, feedback_insert_prepared(ctx->db, feedback_actor(ctx), &p, out));
	if (rc < 0)
		return rc;
	/* the direct path indexes its item at once (store/search.h); should
	 * that fail, the item stays queued for the next pass and is saved */
	(void)search_index_pending(ctx->db, 0, NULL, NULL);
	return rc;
}
