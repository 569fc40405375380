/*
 * feedback.c - what every file of the feedback domain shares
 * (feedback_int.h): results and field errors, field cleaning, units, scope
 * and roles of an item, due dates and the JSON text of audit summaries.
 */
#include "app/feedback_int.h"
#include "app/org.h"
#include "app/perm.h"
#include "store/audit.h"
#include "store/category.h"
#include "store/db.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/vntext.h"

const struct audit_actor feedback_citizen = { 0, "citizen", NULL };

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

void feedback_errors_export(struct app_errors *dst, const struct app_errors *src)
{
	if (dst && dst != src)
		*dst = *src;
}

const char *feedback_file_refused(int rc)
{
	return rc == ATTACHMENT_TOO_LARGE ? "Mỗi tệp đính kèm không quá 10 MB."
	       : "Tệp đính kèm phải là ảnh (JPEG, PNG, WebP, GIF) hoặc PDF.";
}

const struct audit_actor *feedback_actor(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor : &feedback_citizen;
}

int64_t feedback_account(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor->account_id : 0;
}

/* --- fields ----------------------------------------------------------------- */

int feedback_blank(const char *s)
{
	return !s || !*s;
}

int feedback_clean_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
			 struct app_errors *errs, const char *field, const char *msg_short,
			 const char *msg_long, const char **out)
{
	*out = NULL;
	if (feedback_blank(in))
		return 1;
	char *clean = NULL;
	size_t len = 0;
	int rc = vntext_clean(a, in, strlen(in), flags, &clean, &len);
	if (rc == VNTEXT_NOMEM)
		return -2;
	if (rc == VNTEXT_INVALID_UTF8) {
		app_errors_add(errs, field, "Nội dung có ký tự không hợp lệ.");
		return -1;
	}
	if (len == 0)
		return 1;
	rc = vntext_check_length(clean, len, min, max);
	if (rc == VNTEXT_TOO_SHORT || rc == VNTEXT_TOO_LONG) {
		app_errors_add(errs, field, rc == VNTEXT_TOO_SHORT ? msg_short : msg_long);
		return -1;
	}
	*out = clean;
	return 0;
}

int feedback_require_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
			   struct app_errors *errs, const char *field, const char *msg_missing,
			   const char *msg_short, const char *msg_long, const char **out)
{
	int rc = feedback_clean_field(a, in, flags, min, max, errs, field, msg_short, msg_long, out);
	if (rc == 1) {
		app_errors_add(errs, field, msg_missing);
		return -1;
	}
	return rc;
}

/* --- units, scope and roles --------------------------------------------------- */

int feedback_channel_online(enum feedback_channel c)
{
	return c == FB_CH_WEB || c == FB_CH_API;
}

int feedback_open_unit(const struct app_ctx *ctx, const char *code, int64_t *id, const char **ucode)
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

int64_t feedback_scope_unit(const struct feedback_row *r)
{
	return r->unit_id ? r->unit_id : r->intake_unit_id;
}

int feedback_roles(const struct app_ctx *ctx, const struct feedback_row *r, unsigned *roles)
{
	*roles = 0;
	int64_t acct = feedback_account(ctx), unit = feedback_scope_unit(r);
	if (!acct || !unit)
		return 0;
	return perm_roles(ctx->db, acct, unit, roles) < 0 ? -1 : 0;
}

int feedback_load(const struct app_ctx *ctx, const char *code_in, struct feedback_row *r)
{
	char code[TRACKCODE_BUFSZ];
	if (!code_in || trackcode_parse(code_in, code) != TRACKCODE_OK)
		return FEEDBACK_NOT_FOUND;
	int rc = feedback_row_get_by_code(ctx->db, code, ctx->arena, r);
	if (rc == DB_NOTFOUND)
		return FEEDBACK_NOT_FOUND;
	return rc < 0 ? FEEDBACK_ERROR : FEEDBACK_OK;
}

int feedback_load_roles(const struct app_ctx *ctx, const char *code, struct feedback_row *r, unsigned *roles)
{
	*roles = 0;
	int rc = feedback_load(ctx, code, r);
	if (rc < 0)
		return rc;
	return feedback_roles(ctx, r, roles) < 0 ? FEEDBACK_ERROR : FEEDBACK_OK;
}

int feedback_finish(struct db *db, int rc)
{
	if (rc == FEEDBACK_OK && db_commit(db) < 0)
		rc = FEEDBACK_ERROR;
	if (rc != FEEDBACK_OK)
		db_rollback(db);
	return rc;
}

int feedback_officer_scope(const struct app_ctx *ctx, struct feedback_query *q)
{
	int64_t acct = feedback_account(ctx);
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

/* --- time ------------------------------------------------------------------- */

int64_t feedback_end_of_day(int64_t day)
{
	return vn_day_start(day + 1) - 1;
}

int64_t feedback_due_for(const struct calendar *cal, const struct category *c, int64_t from)
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
	return feedback_end_of_day(day);
}

int feedback_is_overdue(const struct feedback_row *r, int64_t now)
{
	return feedback_status_open(r->status) && r->due_at && now > r->due_at;
}

int64_t feedback_due_soon_limit(const struct app_ctx *ctx)
{
	int64_t day;
	if (!ctx->cal || calendar_due_day(ctx->cal, vn_day_of(ctx->now), FEEDBACK_DUE_SOON_DAYS,
					  CAL_WORKING_DAY, &day) < 0)
		day = vn_day_of(ctx->now) + FEEDBACK_DUE_SOON_DAYS;
	return feedback_end_of_day(day);
}

/* --- JSON text ---------------------------------------------------------------- */

const char *feedback_json(struct arena *a, json_t *j)
{
	if (!j)
		return NULL;
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text)
		return NULL;
	const char *copy = arena_strdup(a, text);
	free(text);
	return copy;
}

int feedback_audit(struct db *db, const struct audit_actor *actor, const char *action, const char *code,
		   json_t *summary)
{
	/* takes the summary; NULL (building it failed) is an error */
	return audit_append_json_new(db, actor, action, "feedback", code, summary) == 0 ? FEEDBACK_OK
											 : FEEDBACK_ERROR;
}
