/*
 * emulation.c - emulation and commendation (app/emulation.h): the prize
 * arithmetic, labels, the shared field readers, the forms and base salary
 * tables, movements and their councils.
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <string.h>

#include "app/perm.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/timefmt.h"
#include "core/vntext.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"

/* --- the prize ------------------------------------------------------------------ */

int64_t emul_prize_vnd(int64_t multiplier_milli, int64_t factor_milli, int64_t base_salary)
{
	if (multiplier_milli < 0 || factor_milli < 0 || base_salary < 0)
		return -1;
	if (multiplier_milli > 1000000 || factor_milli > 10000 || base_salary > 1000000000)
		return -1;
	/* đồng × 10^6 (two factors in thousandths): at most 10^6 × 10^4 × 10^9 would
	 * overflow, so divide in two steps, rounding up only at the end */
	__int128 total = (__int128)multiplier_milli * factor_milli * base_salary;
	__int128 unit = (__int128)1000000 * 10000;
	__int128 tens = (total + unit - 1) / unit;
	if (tens > INT64_MAX / 10000)
		return -1;
	return (int64_t)tens * 10000;
}

/* --- labels ------------------------------------------------------------------------ */

static const char *label(const char *const (*tab)[2], size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(tab[i][0], name))
			return tab[i][1];
	return "";
}

#define LABEL(tab, name) label(tab, sizeof(tab) / sizeof(tab[0]), name)

static const char *const fields[][2] = {
	{ "economy", "Kinh tế" },
	{ "culture_society", "Văn hóa - xã hội" },
	{ "defence_security", "Quốc phòng - an ninh" },
	{ "political_system", "Xây dựng hệ thống chính trị" },
};
static const char *const model_statuses[][2] = {
	{ "registered", "Đã đăng ký" },      { "implementing", "Đang triển khai" },
	{ "self_assessed", "Đã tự đánh giá" }, { "evaluated", "Đã thẩm định" },
	{ "recognised", "Được công nhận" },  { "exemplary", "Điển hình tiêu biểu" },
	{ "commended", "Đã khen thưởng" },   { "discontinued", "Dừng thực hiện" },
};
static const char *const comm_statuses[][2] = {
	{ "proposed", "Đề nghị" }, { "posted", "Đang niêm yết" }, { "approved", "Hội đồng thông qua" },
	{ "decided", "Đã quyết định" }, { "rejected", "Không khen thưởng" },
};
static const char *const recipients[][2] = {
	{ "individual", "Cá nhân" }, { "collective", "Tập thể" }, { "household", "Hộ gia đình" },
};

const char *emul_field_label(const char *f) { return LABEL(fields, f); }
const char *emul_model_status_label(const char *s) { return LABEL(model_statuses, s); }
const char *emul_commendation_status_label(const char *s) { return LABEL(comm_statuses, s); }
const char *emul_recipient_label(const char *k) { return LABEL(recipients, k); }

int emul_model_public(const char *status)
{
	return status && (!strcmp(status, "recognised") || !strcmp(status, "exemplary") ||
			  !strcmp(status, "commended"));
}

/* --- the shared field readers -------------------------------------------------------- */

const char *em_text(const struct app_ctx *ctx, json_t *in, const char *key, const char *missing, size_t max,
		    int multiline, struct app_errors *e)
{
	json_t *v = json_object_get(in, key);
	if (v && !json_is_null(v) && !json_is_string(v)) {
		app_errors_add(e, key, "Phải là chuỗi ký tự.");
		return NULL;
	}
	const char *s = json_string_value(v);
	char *out = NULL;
	size_t len = 0;
	if (s) {
		int rc = vntext_clean(ctx->arena, s, json_string_length(v), multiline ? VNTEXT_MULTILINE : VNTEXT_SINGLELINE,
				      &out, &len);
		if (rc != VNTEXT_OK) {
			app_errors_add(e, key, vntext_strerror(rc));
			return NULL;
		}
	}
	if (!out || !len) {
		if (missing)
			app_errors_add(e, key, missing);
		return NULL;
	}
	if (vntext_check_length(out, len, 1, max) != VNTEXT_OK) {
		app_errors_addf(e, ctx->arena, key, "Tối đa %zu ký tự.", max);
		return NULL;
	}
	return out;
}

int em_int(json_t *in, const char *key, int64_t lo, int64_t hi, const char *missing, int64_t *out,
	   struct app_errors *e)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v)) {
		if (missing)
			app_errors_add(e, key, missing);
		return 0;
	}
	int64_t n = 0;
	if (json_is_integer(v)) {
		n = json_integer_value(v);
	} else if (json_is_string(v)) { /* a page's form */
		long l;
		if (parse_long_str(json_string_value(v), (long)lo, (long)hi, &l) < 0) {
			app_errors_add(e, key, "Phải là số nguyên.");
			return -1;
		}
		n = l;
	} else {
		app_errors_add(e, key, "Phải là số nguyên.");
		return -1;
	}
	if (n < lo || n > hi) {
		app_errors_add(e, key, "Giá trị nằm ngoài khoảng cho phép.");
		return -1;
	}
	*out = n;
	return 1;
}

int em_milli(json_t *in, const char *key, int64_t lo, int64_t hi, const char *missing, int64_t *out,
	     struct app_errors *e)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v)) {
		if (missing)
			app_errors_add(e, key, missing);
		return 0;
	}
	double d;
	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v) && json_string_length(v) < 32) {
		char buf[32], *end = NULL;
		snprintf(buf, sizeof(buf), "%s", json_string_value(v));
		for (char *p = buf; *p; p++)
			if (*p == ',')
				*p = '.';
		d = strtod(buf, &end);
		if (!buf[0] || !end || *end) {
			app_errors_add(e, key, "Phải là một số.");
			return -1;
		}
	} else {
		app_errors_add(e, key, "Phải là một số.");
		return -1;
	}
	double m = d * 1000.0;
	int64_t r = (int64_t)(m + (m >= 0 ? 0.5 : -0.5));
	if (!(m >= (double)lo - 0.5 && m <= (double)hi + 0.5) || r < lo || r > hi) {
		app_errors_add(e, key, "Giá trị nằm ngoài khoảng cho phép.");
		return -1;
	}
	if (m - (double)r > 1e-6 || (double)r - m > 1e-6) {
		app_errors_add(e, key, "Tối đa ba chữ số thập phân.");
		return -1;
	}
	*out = r;
	return 1;
}

int em_day(json_t *in, const char *key, const char *missing, int64_t *out, struct app_errors *e)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) {
		if (missing)
			app_errors_add(e, key, missing);
		return 0;
	}
	if (!json_is_string(v) || parse_date(json_string_value(v), out) < 0) {
		app_errors_add(e, key, "Ngày không hợp lệ (YYYY-MM-DD).");
		return -1;
	}
	return 1;
}

const char *em_enum(json_t *in, const char *key, const char *const *names, const char *missing,
		    struct app_errors *e)
{
	json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) {
		if (missing)
			app_errors_add(e, key, missing);
		return NULL;
	}
	const char *s = json_string_value(v);
	for (size_t i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return names[i];
	app_errors_add(e, key, "Giá trị không hợp lệ.");
	return NULL;
}

int em_unit_on(const struct app_ctx *ctx, const char *code, int64_t day, const char *key, struct unit *u,
	       struct app_errors *e)
{
	if (!code)
		return -1;
	int rc = unit_get_by_code(ctx->db, ctx->arena, code, u);
	if (rc == DB_NOTFOUND) {
		app_errors_addf(e, ctx->arena, key, "Không tìm thấy đơn vị '%.40s'.", code);
		return -1;
	}
	if (rc < 0)
		return -2;
	int64_t t = vn_day_start(day);
	if (u->valid_from > t || u->valid_to <= t) {
		app_errors_add(e, key, "Đơn vị không tồn tại vào ngày này.");
		return -1;
	}
	return 0;
}

int64_t em_today(const struct app_ctx *ctx)
{
	return vn_day_of(ctx->now);
}

int em_roles(const struct app_ctx *ctx, int64_t unit_id, unsigned *roles)
{
	*roles = 0;
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	if (!acct)
		return APP_OK;
	return perm_roles(ctx->db, acct, unit_id, roles) < 0 ? APP_ERROR : APP_OK;
}

int em_audit(const struct app_ctx *ctx, const char *action, const char *type, int64_t id, json_t *summary)
{
	char obj[AUDIT_ID_CHARS];
	return audit_append_json_new(ctx->db, ctx->actor, action, type, audit_id(id, obj), summary) < 0 ? APP_ERROR
													 : APP_OK;
}

json_t *em_first(json_t *rows)
{
	return json_array_get(rows, 0);
}

const char *em_key(const struct app_ctx *ctx, int64_t id)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)id);
	return arena_strdup(ctx->arena, buf);
}

int64_t em_id(const char *key)
{
	long v;
	if (!key || parse_long_str(key, 1, INT64_MAX, &v) < 0)
		return 0;
	return v;
}

/* Commit, or roll back on any failure; the outcome. */
int em_finish(const struct app_ctx *ctx, int rc)
{
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	return rc;
}

/* The actor is a root administrator (the system always is). */
static int root_admin(const struct app_ctx *ctx)
{
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	if (!acct)
		return 1;
	return perm_admin_root(ctx->db, acct) == 1;
}

/* --- forms and base salary ---------------------------------------------------------- */

int emul_forms(const struct app_ctx *ctx, int64_t day, json_t **out)
{
	json_t *rows = emdb_forms(ctx->db, day);
	if (!rows)
		return APP_ERROR;
	*out = json_pack("{s:o}", "items", rows);
	return *out ? APP_OK : APP_ERROR;
}

static const char *const form_kinds[] = { "title", "award", NULL };
static const char *const recipient_kinds[] = { "individual", "collective", "household", NULL };
static const char *const granters[] = { "commune", "district", "province", "prime_minister", "president", NULL };
static const char *const posting_units[] = { "working_day", "calendar_day", NULL };

int emul_form_add(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out)
{
	app_errors_clear(errs);
	if (!root_admin(ctx)) {
		app_errors_add(errs, "code", "Chỉ quản trị cấp cao nhất được sửa bảng danh hiệu, hình thức khen thưởng.");
		return APP_FORBIDDEN;
	}
	const char *code = em_text(ctx, in, "code", "Vui lòng nhập mã.", 64, 0, errs);
	if (code)
		for (const char *p = code; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
				app_errors_add(errs, "code", "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.");
				break;
			}
	const char *name = em_text(ctx, in, "name", "Vui lòng nhập tên.", 200, 0, errs);
	const char *kind = em_enum(in, "kind", form_kinds, "Vui lòng chọn loại.", errs);
	const char *rec = em_enum(in, "recipient", recipient_kinds, "Vui lòng chọn đối tượng.", errs);
	const char *by = em_enum(in, "granted_by", granters, "Vui lòng chọn cấp quyết định.", errs);
	const char *pu = em_enum(in, "posting_unit", posting_units, NULL, errs);
	const char *basis = em_text(ctx, in, "legal_basis", NULL, 300, 0, errs);
	int64_t mult = 0, factor = 1000, pdays = 0, from = 0, to = 0;
	em_milli(in, "multiplier", 0, 1000000, "Vui lòng nhập hệ số.", &mult, errs);
	if (!em_milli(in, "recipient_factor", 1, 10000, NULL, &factor, errs) && rec && kind && !strcmp(kind, "award"))
		factor = !strcmp(rec, "collective") ? 2000 : !strcmp(rec, "household") ? 1500 : 1000;
	em_int(in, "posting_days", 0, 100, NULL, &pdays, errs);
	em_day(in, "effective_from", "Vui lòng nhập ngày hiệu lực.", &from, errs);
	if (em_day(in, "effective_to", NULL, &to, errs) == 1 && to < from)
		app_errors_add(errs, "effective_to", "Ngày hết hiệu lực phải sau ngày hiệu lực.");
	if (errs->n)
		return APP_VALIDATION;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int64_t id = 0;
	int rc = emdb_form_add(ctx->db, code, name, kind, rec, by, mult, factor, pdays, pu ? pu : "working_day", from,
			       to, basis ? basis : "", &id);
	if (rc == DB_CONSTRAINT) {
		app_errors_add(errs, "effective_from", "Đã có dòng của mã này hiệu lực từ ngày này trở về sau.");
		db_rollback(ctx->db);
		return APP_CONFLICT;
	}
	rc = rc < 0 ? APP_ERROR : APP_OK;
	if (rc == APP_OK) {
		char d[11];
		rc = em_audit(ctx, "emulation.form_add", "commendation_form", id,
			      json_pack("{s:s, s:I, s:s}", "code", code, "multiplier_milli", (json_int_t)mult,
					"effective_from", fmt_ymd(from, d)));
	}
	if ((rc = em_finish(ctx, rc)) != APP_OK)
		return rc;
	json_t *rows = emdb_form_on(ctx->db, code, from);
	*out = json_incref(em_first(rows));
	json_decref(rows);
	return *out ? APP_OK : APP_ERROR;
}

int emul_salaries(const struct app_ctx *ctx, json_t **out)
{
	json_t *rows = emdb_salaries(ctx->db);
	if (!rows)
		return APP_ERROR;
	*out = json_pack("{s:o}", "items", rows);
	return *out ? APP_OK : APP_ERROR;
}

int emul_salary_add(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out)
{
	app_errors_clear(errs);
	if (!root_admin(ctx)) {
		app_errors_add(errs, "amount", "Chỉ quản trị cấp cao nhất được sửa mức lương cơ sở.");
		return APP_FORBIDDEN;
	}
	int64_t amount = 0, from = 0;
	em_int(in, "amount", 1, 1000000000, "Vui lòng nhập mức lương cơ sở.", &amount, errs);
	em_day(in, "effective_from", "Vui lòng nhập ngày hiệu lực.", &from, errs);
	const char *basis = em_text(ctx, in, "legal_basis", NULL, 300, 0, errs);
	if (errs->n)
		return APP_VALIDATION;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int64_t id = 0;
	int rc = emdb_salary_add(ctx->db, amount, from, basis ? basis : "", &id);
	if (rc == DB_CONSTRAINT) {
		app_errors_add(errs, "effective_from", "Đã có mức lương hiệu lực từ ngày này trở về sau.");
		db_rollback(ctx->db);
		return APP_CONFLICT;
	}
	rc = rc < 0 ? APP_ERROR : APP_OK;
	if (rc == APP_OK) {
		char d[11];
		rc = em_audit(ctx, "emulation.salary_add", "base_salary", id,
			      json_pack("{s:I, s:s}", "amount", (json_int_t)amount, "effective_from", fmt_ymd(from, d)));
	}
	if ((rc = em_finish(ctx, rc)) != APP_OK)
		return rc;
	char d[11];
	*out = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "amount", (json_int_t)amount, "effective_from",
			 fmt_ymd(from, d), "legal_basis", basis ? basis : "");
	return *out ? APP_OK : APP_ERROR;
}

/* --- movements ------------------------------------------------------------------------ */

/* The criteria of a movement input: [{code, name, weight}], or the default set. */
static json_t *criteria_of(const struct app_ctx *ctx, json_t *in, struct app_errors *errs)
{
	json_t *c = json_object_get(in, "criteria");
	if (!c || json_is_null(c))
		return emdb_default_criteria(ctx->db);
	if (!json_is_array(c) || !json_array_size(c) || json_array_size(c) > 50) {
		app_errors_add(errs, "criteria", "Tiêu chí phải là danh sách từ 1 đến 50 mục.");
		return NULL;
	}
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(c, i, v) {
		char key[48];
		snprintf(key, sizeof(key), "criteria.%zu", i);
		struct app_errors one = { 0 };
		if (!json_is_object(v)) {
			app_errors_addf(errs, ctx->arena, key, "Mỗi tiêu chí là một đối tượng {code, name, weight}.");
			continue;
		}
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			if (strcmp(k, "code") && strcmp(k, "name") && strcmp(k, "weight"))
				app_errors_add(&one, "code", "unknown field");
		const char *code = em_text(ctx, v, "code", "Thiếu mã tiêu chí.", 64, 0, &one);
		const char *name = em_text(ctx, v, "name", "Thiếu tên tiêu chí.", 300, 0, &one);
		int64_t w = 0;
		em_milli(v, "weight", 1, 1000000, "Thiếu trọng số.", &w, &one);
		for (size_t j = 0; code && j < json_array_size(out); j++)
			if (!strcmp(json_string_value(json_object_get(json_array_get(out, j), "code")), code))
				app_errors_add(&one, "code", "Mã tiêu chí bị trùng.");
		if (one.n) {
			app_errors_addf(errs, ctx->arena, key, "%s", one.items[0].message);
			continue;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:f}", "code", code, "name", name, "weight",
						     (double)w / 1000.0));
	}
	return out;
}

int emul_movement_create(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id)
{
	app_errors_clear(errs);
	const char *title = em_text(ctx, in, "title", "Vui lòng nhập tên phong trào.", 300, 0, errs);
	const char *ucode = em_text(ctx, in, "unit", "Vui lòng chọn đơn vị phát động.", 64, 0, errs);
	int64_t starts = 0, ends = 0, qnum = 2, qden = 3;
	em_day(in, "starts_on", "Vui lòng nhập ngày bắt đầu.", &starts, errs);
	if (em_day(in, "ends_on", "Vui lòng nhập ngày kết thúc.", &ends, errs) == 1 && ends < starts)
		app_errors_add(errs, "ends_on", "Ngày kết thúc phải sau ngày bắt đầu.");
	json_t *q = json_object_get(in, "quorum");
	if (q && !json_is_null(q)) {
		if (!json_is_object(q) || em_int(q, "num", 1, 100, "x", &qnum, NULL) != 1 ||
		    em_int(q, "den", 1, 100, "x", &qden, NULL) != 1 || qnum > qden)
			app_errors_add(errs, "quorum", "Tỷ lệ túc số là {num, den} với 1 ≤ num ≤ den ≤ 100.");
	}
	struct unit u;
	if (ucode && em_unit_on(ctx, ucode, starts ? starts : em_today(ctx), "unit", &u, errs) == -2)
		return APP_ERROR;
	json_t *units = json_object_get(in, "units");
	if (units && !json_is_null(units) && (!json_is_array(units) || json_array_size(units) > 200))
		app_errors_add(errs, "units", "Đơn vị tham gia là danh sách mã đơn vị.");
	json_t *crit = criteria_of(ctx, in, errs);
	if (!crit && !errs->n)
		return APP_ERROR;
	int64_t uids[200];
	size_t nu = 0;
	if (json_is_array(units)) {
		size_t i;
		json_t *v;
		json_array_foreach(units, i, v) {
			struct unit pu;
			const char *c = json_string_value(v);
			if (!c) {
				app_errors_add(errs, "units", "Đơn vị tham gia là danh sách mã đơn vị.");
				break;
			}
			int r = em_unit_on(ctx, c, starts ? starts : em_today(ctx), "units", &pu, errs);
			if (r == -2) {
				json_decref(crit);
				return APP_ERROR;
			}
			int dup = 0;
			for (size_t j = 0; j < nu; j++)
				dup |= uids[j] == pu.id;
			if (!r && !dup)
				uids[nu++] = pu.id;
		}
	}
	if (errs->n) {
		json_decref(crit);
		return APP_VALIDATION;
	}
	unsigned roles;
	if (em_roles(ctx, u.id, &roles) < 0) {
		json_decref(crit);
		return APP_ERROR;
	}
	if (ctx->actor && ctx->actor->account_id && !(roles & (ROLE_LEADER | ROLE_ADMIN))) {
		json_decref(crit);
		app_errors_add(errs, "unit", "Chỉ lãnh đạo đơn vị phát động được tạo phong trào.");
		return APP_FORBIDDEN;
	}
	if (db_begin(ctx->db) < 0) {
		json_decref(crit);
		return APP_ERROR;
	}
	int rc = emdb_movement_insert(ctx->db, title, u.id, starts, ends, qnum, qden,
				      ctx->actor ? ctx->actor->account_id : 0, ctx->now, id) < 0 ? APP_ERROR : APP_OK;
	size_t i;
	json_t *v;
	json_array_foreach(crit, i, v) {
		if (rc != APP_OK)
			break;
		double w = json_number_value(json_object_get(v, "weight"));
		if (emdb_criterion_insert(ctx->db, *id, (int64_t)i + 1, json_string_value(json_object_get(v, "code")),
					  json_string_value(json_object_get(v, "name")),
					  (int64_t)(w * 1000.0 + 0.5)) < 0)
			rc = APP_ERROR;
	}
	for (size_t j = 0; rc == APP_OK && j < nu; j++)
		if (emdb_movement_unit_insert(ctx->db, *id, uids[j]) < 0)
			rc = APP_ERROR;
	if (rc == APP_OK)
		rc = em_audit(ctx, "emulation.movement_create", "movement", *id,
			      json_pack("{s:s, s:s, s:I, s:I}", "unit", u.code, "title", title, "criteria",
					(json_int_t)json_array_size(crit), "units", (json_int_t)nu));
	json_decref(crit);
	return em_finish(ctx, rc);
}

int emul_movement_get(const struct app_ctx *ctx, int64_t id, json_t **out)
{
	json_t *rows = emdb_movement(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *m = json_incref(em_first(rows));
	json_decref(rows);
	if (!m)
		return APP_NOT_FOUND;
	json_t *crit = emdb_criteria(ctx->db, id), *units = emdb_movement_units(ctx->db, id),
	       *council = emdb_council(ctx->db, id);
	struct emdb_model_filter f = { .movement = id, .statuses = "recognised,exemplary,commended", .limit = 1 };
	int64_t recognised = 0;
	json_t *none = emdb_models(ctx->db, &f, &recognised);
	json_decref(none);
	if (!crit || !units || !council) {
		json_decref(crit);
		json_decref(units);
		json_decref(council);
		json_decref(m);
		return APP_ERROR;
	}
	json_object_set_new(m, "criteria", crit);
	json_object_set_new(m, "units", units);
	json_object_set_new(m, "council", council);
	json_object_set_new(m, "models_recognised", json_integer(recognised));
	char qs[16];
	snprintf(qs, sizeof(qs), "%lld/%lld", (long long)json_integer_value(json_object_get(m, "quorum_num")),
		 (long long)json_integer_value(json_object_get(m, "quorum_den")));
	json_object_set_new(m, "quorum", json_string(qs));
	json_object_set_new(m, "id", json_string(em_key(ctx, id)));
	*out = m;
	return APP_OK;
}

int emul_movements(const struct app_ctx *ctx, int64_t page, int64_t per_page, json_t **out)
{
	int64_t total = 0;
	if (emdb_movement_count(ctx->db, &total) < 0)
		return APP_ERROR;
	json_t *rows = emdb_movements(ctx->db, per_page, (page - 1) * per_page);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
		json_object_set_new(v, "id", json_string(em_key(ctx, json_integer_value(json_object_get(v, "id")))));
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", rows, "page", (json_int_t)page, "per_page",
			 (json_int_t)per_page, "total", (json_int_t)total);
	return *out ? APP_OK : APP_ERROR;
}

static const char *const council_roles[] = { "member", "chair", NULL };

int emul_council_add(const struct app_ctx *ctx, int64_t movement, json_t *in, struct app_errors *errs)
{
	app_errors_clear(errs);
	json_t *rows = emdb_movement(ctx->db, movement);
	if (!rows)
		return APP_ERROR;
	int64_t munit = json_integer_value(json_object_get(em_first(rows), "unit_id"));
	json_decref(rows);
	if (!munit)
		return APP_NOT_FOUND;
	unsigned roles;
	if (em_roles(ctx, munit, &roles) < 0)
		return APP_ERROR;
	if (ctx->actor && ctx->actor->account_id && !(roles & (ROLE_LEADER | ROLE_ADMIN))) {
		app_errors_add(errs, "username", "Chỉ lãnh đạo đơn vị phát động được lập hội đồng.");
		return APP_FORBIDDEN;
	}
	const char *username = em_text(ctx, in, "username", "Vui lòng nhập tài khoản.", 64, 0, errs);
	const char *ucode = em_text(ctx, in, "unit", "Vui lòng chọn đơn vị của thành viên.", 64, 0, errs);
	const char *role = em_enum(in, "role", council_roles, NULL, errs);
	struct account acc;
	struct unit u;
	int rc;
	if (username && (rc = account_get_by_username(ctx->db, username, ctx->arena, &acc)) != DB_OK) {
		if (rc != DB_NOTFOUND)
			return APP_ERROR;
		app_errors_add(errs, "username", "Không có tài khoản này.");
		username = NULL;
	}
	if (ucode && em_unit_on(ctx, ucode, em_today(ctx), "unit", &u, errs) == -2)
		return APP_ERROR;
	if (errs->n)
		return APP_VALIDATION;
	unsigned member_roles = 0;
	if (perm_roles(ctx->db, acc.id, u.id, &member_roles) < 0)
		return APP_ERROR;
	if (!member_roles) {
		app_errors_add(errs, "unit", "Tài khoản không có vai trò nào ở đơn vị này.");
		return APP_VALIDATION;
	}
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int64_t id = 0;
	rc = emdb_council_insert(ctx->db, movement, acc.id, u.id, role ? role : "member", &id);
	if (rc == DB_CONSTRAINT) {
		db_rollback(ctx->db);
		app_errors_add(errs, "username", "Tài khoản đã là thành viên hội đồng.");
		return APP_CONFLICT;
	}
	rc = rc < 0 ? APP_ERROR : em_audit(ctx, "emulation.council_add", "movement", movement,
					   json_pack("{s:s, s:s, s:s}", "username", username, "unit", u.code, "role",
						     role ? role : "member"));
	return em_finish(ctx, rc);
}

/* --- the honour roll and certificates ----------------------------------------------------- */

int emul_honours(const struct app_ctx *ctx, const char *unit, int64_t year, const char *field, const char *name,
		 json_t **out)
{
	json_t *rows = emdb_honours(ctx->db, unit, year, field, name, 500);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v) {
		int64_t id = json_integer_value(json_object_get(v, "id"));
		const char *kind = json_string_value(json_object_get(v, "kind"));
		json_object_set_new(v, "id", json_string(em_key(ctx, id)));
		json_object_set_new(v, "field_label", json_string(emul_field_label(json_string_value(json_object_get(v, "field")))));
		if (kind && !strcmp(kind, "model")) {
			char url[40];
			snprintf(url, sizeof(url), "/mo-hinh/%lld", (long long)id);
			json_object_set_new(v, "url", json_string(url));
			json_object_set_new(v, "status_label",
					    json_string(emul_model_status_label(json_string_value(json_object_get(v, "status")))));
		} else {
			char url[64];
			snprintf(url, sizeof(url), "/xac-minh/%s", json_string_value(json_object_get(v, "certificate_code")));
			json_object_set_new(v, "url", json_string(url));
		}
	}
	*out = json_pack("{s:o}", "items", rows);
	return *out ? APP_OK : APP_ERROR;
}
