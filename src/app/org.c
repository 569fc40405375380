/*
 * org.c - the rules of the organisation tree: validation with Vietnamese
 * field messages, create/rename/move/close, and merge and split on a date.
 * Each public change is one transaction with its audit entries; SQL lives
 * in store/unit.c, the CSV import in org_import.c.
 */
#include "org.h"
#include "org_internal.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#include <stdarg.h>

/* --- kinds ------------------------------------------------------------------ */

static const struct {
	const char *kind;
	const char *label;
} kind_labels[] = {
	{ "party_committee", "Cấp ủy Đảng" },
	{ "party_cell", "Chi bộ" },
	{ "government", "Chính quyền" },
	{ "agency", "Cơ quan, ban, ngành" },
	{ "front", "Mặt trận Tổ quốc" },
	{ "women", "Hội Liên hiệp Phụ nữ" },
	{ "youth", "Đoàn Thanh niên" },
	{ "veterans", "Hội Cựu chiến binh" },
	{ "farmers", "Hội Nông dân" },
	{ "trade_union", "Công đoàn" },
	{ "residential_group", "Tổ dân phố, thôn" },
	{ "other", "Khác" },
};

int org_kind_receives_feedback(const char *kind)
{
	static const char *const receiving[] = { "government", "agency", "party_committee", "front", "women",
						  "youth", "veterans", "farmers", "trade_union" };
	for (size_t i = 0; kind && i < sizeof(receiving) / sizeof(receiving[0]); i++)
		if (!strcmp(kind, receiving[i]))
			return 1;
	return 0;
}

const char *org_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kind_labels) / sizeof(kind_labels[0]); i++)
		if (!strcmp(kind_labels[i].kind, kind))
			return kind_labels[i].label;
	return NULL;
}

int64_t org_today(void)
{
	return vn_day_of((int64_t)time(NULL));
}

/* --- recording failures -------------------------------------------------------- */

void org_fail(struct org_run *r, int code, const char *field, const char *fmt, ...)
{
	/* the first failure decides, except that a database error, then a
	 * refusal of scope, outranks the others */
	if (r->rc == APP_OK || code == APP_ERROR || (code == APP_FORBIDDEN && r->rc != APP_ERROR))
		r->rc = code;
	if (!r->errs || code == APP_ERROR)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	app_errors_addf(r->errs, r->ctx->arena, field, "%s", msg);
}

/* "30/06/2025" for an instant at the start of a Vietnam day. */
static const char *dmy(int64_t at, char buf[11])
{
	return fmt_dmy(vn_day_of(at), buf);
}

/* Today's Vietnam day by the context's clock. */
static int64_t today(const struct org_run *r)
{
	return vn_day_of(r->ctx->now);
}

/* --- validation shared by the forms and the import -------------------------- */

int org_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > UNIT_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Trim spaces, check (valid UTF-8, no controls) and clean a name as all
 * stored text is cleaned (vntext_clean) into the arena. */
const char *org_clean_name(struct arena *a, const char *s, int *problem)
{
	if (!s) {
		*problem = ORG_NAME_EMPTY;
		return NULL;
	}
	size_t len = strlen(s);
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len) {
		*problem = ORG_NAME_EMPTY;
		return NULL;
	}
	if (len > UNIT_NAME_MAX * 4 + 64) {
		*problem = ORG_NAME_LONG;
		return NULL;
	}
	if (!utf8_valid(s, len)) {
		*problem = ORG_NAME_BAD;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			*problem = ORG_NAME_BAD;
			return NULL;
		}
	}
	/* as all stored text (core/vntext.h): NFC, invisible and bidi
	 * characters removed, runs of spaces collapsed */
	char *out = NULL;
	size_t outlen = 0;
	int rc = vntext_clean(a, s, len, VNTEXT_SINGLELINE, &out, &outlen);
	if (rc == VNTEXT_NOMEM) {
		*problem = ORG_NAME_NOMEM;
		return NULL;
	}
	if (rc != VNTEXT_OK) {
		*problem = ORG_NAME_BAD;
		return NULL;
	}
	if (!outlen) {
		*problem = ORG_NAME_EMPTY;
		return NULL;
	}
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if ((*p & 0xC0) != 0x80)
			chars++;
	if (chars > UNIT_NAME_MAX) {
		*problem = ORG_NAME_LONG;
		return NULL;
	}
	*problem = ORG_NAME_OK;
	return out;
}

/* --- audited writes (inside the transaction) ---------------------------------- */

json_t *org_date_json(int64_t at)
{
	char buf[11];
	return at == UNIT_OPEN ? json_null() : json_string(fmt_ymd(vn_day_of(at), buf));
}

int org_audit_unit(struct org_run *r, const char *action, const char *code, json_t *summary)
{
	return audit_append_json_new(r->ctx->db, r->ctx->actor, action, "unit", code, summary) < 0 ? APP_ERROR
												    : APP_OK;
}

/* Set key to a string, or to null for NULL. */
static void set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

int org_insert_unit(struct org_run *r, struct unit *u, const char *source)
{
	if (unit_insert(r->ctx->db, u, r->ctx->now, &u->id) < 0)
		return APP_ERROR;
	json_t *j = json_object();
	set_str(j, "name", u->name);
	set_str(j, "kind", u->kind);
	set_str(j, "parent", u->parent_code);
	json_object_set_new(j, "valid_from", org_date_json(u->valid_from));
	if (u->valid_to != UNIT_OPEN)
		json_object_set_new(j, "valid_to", org_date_json(u->valid_to));
	if (source)
		set_str(j, "source", source);
	return org_audit_unit(r, "unit.create", u->code, j);
}

int org_change_unit(struct org_run *r, const struct unit *u, const char *name, const struct unit *parent,
		    int64_t at, const char *source)
{
	int64_t parent_id = parent ? parent->id : 0;
	if (unit_set_version(r->ctx->db, u->id, name, parent_id, at, r->ctx->now) < 0)
		return APP_ERROR;
	json_t *j = json_object();
	int renamed = strcmp(name, u->name) != 0;
	if (renamed) {
		set_str(j, "before", u->name);
		set_str(j, "after", name);
	}
	if (parent_id != u->parent_id) {
		set_str(j, renamed ? "parent_before" : "before", u->parent_code);
		set_str(j, renamed ? "parent_after" : "after", parent ? parent->code : NULL);
	}
	json_object_set_new(j, "date", org_date_json(at));
	if (source)
		set_str(j, "source", source);
	return org_audit_unit(r, renamed ? "unit.rename" : "unit.move", u->code, j);
}

int org_revoke_unit_grants(struct org_run *r, int64_t unit_id, size_t *count)
{
	struct db *db = r->ctx->db;
	const struct audit_actor *actor = r->ctx->actor;
	struct unit_grant_list g;
	if (unit_grants_in_unit(db, r->a, unit_id, &g) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < g.n; i++) {
		char object[AUDIT_ID_CHARS];
		if (unit_grant_revoke(db, g.items[i].id, actor->account_id, r->ctx->now) < 0 ||
		    audit_append_json_new(db, actor, "role.revoke", "role_grant", audit_id(g.items[i].id, object),
					  json_pack("{s:I, s:s, s:s, s:s}", "account_id",
						    (json_int_t)g.items[i].account_id, "unit", g.items[i].unit_code,
						    "role", g.items[i].role, "reason", "unit_closed")) < 0)
			return APP_ERROR;
		(*count)++;
	}
	return APP_OK;
}

/* Move the open sub-units of `from` under `to` from `at` on (or from their
 * latest change, if later). */
static int move_children(struct org_run *r, const struct unit *from, const struct unit *to, int64_t at)
{
	struct unit_list kids;
	if (unit_children(r->ctx->db, r->a, from->id, 0, &kids) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < kids.n; i++) {
		int64_t start;
		if (unit_version_start(r->ctx->db, kids.items[i].id, &start) < 0)
			return APP_ERROR;
		int rc = org_change_unit(r, &kids.items[i], kids.items[i].name, to, start > at ? start : at, NULL);
		if (rc < 0)
			return rc;
	}
	return APP_OK;
}

/* --- loading and checking units by code ------------------------------------- */

/* Look up a unit named in `field`; records a validation failure when there
 * is none, and APP_CLOSED unless closed units are fine. Returns 0 when
 * found (and acceptable). */
static int load_unit(struct org_run *r, const char *code, const char *field, int want_open, struct unit *u)
{
	char buf[11];
	if (!code || !*code) {
		org_fail(r, APP_VALIDATION, field, "Vui lòng chọn đơn vị");
		return -1;
	}
	if (!org_code_valid(code)) {
		org_fail(r, APP_VALIDATION, field, "Không tìm thấy đơn vị có mã này");
		return -1;
	}
	int rc = unit_get_by_code(r->ctx->db, r->a, code, u);
	if (rc == DB_NOTFOUND) {
		org_fail(r, APP_VALIDATION, field, "Không tìm thấy đơn vị '%s'", code);
		return -1;
	}
	if (rc < 0) {
		org_fail(r, APP_ERROR, field, "database");
		return -1;
	}
	if (want_open && u->valid_to != UNIT_OPEN) {
		org_fail(r, APP_CLOSED, field, "Đơn vị '%s' đã ngừng hoạt động từ ngày %s", code,
			 dmy(u->valid_to, buf));
		return -1;
	}
	return 0;
}

/* A change date must be a real day and not after today. */
static int check_day(struct org_run *r, int64_t day)
{
	if (day < days_from_civil(1900, 1, 1) || day > today(r)) {
		org_fail(r, APP_VALIDATION, "date", "%s", day > today(r)
			 ? "Ngày hiệu lực không được sau ngày hôm nay" : "Ngày hiệu lực không hợp lệ");
		return -1;
	}
	return 0;
}

/* A change of `u` at `at` must not precede its latest recorded change;
 * closing (strict) must also be after its first day. */
static int check_after_history(struct org_run *r, const struct unit *u, int64_t at, int closing)
{
	char buf[11];
	int64_t start;
	if (closing && at <= u->valid_from) {
		org_fail(r, APP_CONFLICT, "date", "Ngày ngừng hoạt động của '%s' phải sau ngày bắt đầu (%s)",
			 u->code, dmy(u->valid_from, buf));
		return -1;
	}
	if (unit_version_start(r->ctx->db, u->id, &start) < 0) {
		org_fail(r, APP_ERROR, "date", "database");
		return -1;
	}
	if (at < start) {
		org_fail(r, APP_CONFLICT, "date",
			 "Ngày hiệu lực phải từ %s trở đi (lần thay đổi gần nhất của đơn vị '%s')",
			 dmy(start, buf), u->code);
		return -1;
	}
	return 0;
}

/* The message of a name problem (ORG_NAME_NOMEM is a database error). */
static void name_failed(struct org_run *r, int problem, const char *field)
{
	if (problem == ORG_NAME_EMPTY)
		org_fail(r, APP_VALIDATION, field, "Vui lòng nhập tên đơn vị");
	else if (problem == ORG_NAME_LONG)
		org_fail(r, APP_VALIDATION, field, "Tên đơn vị dài tối đa %d ký tự", UNIT_NAME_MAX);
	else if (problem == ORG_NAME_BAD)
		org_fail(r, APP_VALIDATION, field, "Tên đơn vị chứa ký tự không hợp lệ");
	else if (problem == ORG_NAME_NOMEM)
		org_fail(r, APP_ERROR, field, "memory");
}

/*
 * Validate a new unit starting at `at` into *u (strings in the arena).
 * `prefix` is prepended to field names ("" or "parts.1.").
 * default_parent is used when in->parent_code is NULL/"" (NULL = root).
 */
static void check_new_unit(struct org_run *r, const struct org_unit_input *in, const char *prefix,
			   const struct unit *default_parent, int64_t at, struct unit *u, struct unit *parent)
{
	char field[32], buf[11];
	struct unit existing;
	int problem;
	memset(u, 0, sizeof(*u));
	u->valid_from = at;
	u->valid_to = UNIT_OPEN;

	snprintf(field, sizeof(field), "%scode", prefix);
	if (!in->code || !*in->code) {
		org_fail(r, APP_VALIDATION, field, "Vui lòng nhập mã đơn vị");
	} else if (!org_code_valid(in->code)) {
		org_fail(r, APP_VALIDATION, field, "Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, dấu chấm, "
			 "gạch dưới hoặc gạch ngang, tối đa %d ký tự", UNIT_CODE_MAX);
	} else {
		int rc = unit_get_by_code(r->ctx->db, r->a, in->code, &existing);
		if (rc == DB_OK)
			org_fail(r, APP_CONFLICT, field, "Mã đơn vị đã tồn tại: '%s' "
				 "(mã đã dùng không được dùng lại)", in->code);
		else if (rc != DB_NOTFOUND)
			org_fail(r, APP_ERROR, field, "database");
		u->code = arena_strdup(r->a, in->code);
		if (!u->code)
			org_fail(r, APP_ERROR, field, "memory");
	}

	snprintf(field, sizeof(field), "%sname", prefix);
	u->name = org_clean_name(r->a, in->name, &problem);
	name_failed(r, problem, field);

	snprintf(field, sizeof(field), "%skind", prefix);
	if (!unit_kind_valid(in->kind))
		org_fail(r, APP_VALIDATION, field, "Loại đơn vị không hợp lệ");
	else
		u->kind = in->kind;

	snprintf(field, sizeof(field), "%sparent", prefix);
	if (in->parent_code && *in->parent_code) {
		if (load_unit(r, in->parent_code, field, 1, parent) == 0) {
			if (parent->valid_from > at)
				org_fail(r, APP_CONFLICT, field, "Đơn vị cấp trên '%s' bắt đầu hoạt động từ ngày %s, "
					 "sau ngày hiệu lực", parent->code, dmy(parent->valid_from, buf));
			u->parent_id = parent->id;
			u->parent_code = parent->code;
		}
	} else if (default_parent) {
		*parent = *default_parent;
		if (parent->valid_to != UNIT_OPEN)
			org_fail(r, APP_CLOSED, field, "Đơn vị cấp trên '%s' đã ngừng hoạt động", parent->code);
		u->parent_id = parent->id;
		u->parent_code = parent->code;
	}
}

/* --- the administrator's scope (app/perm.h) ------------------------------------ */

/* The actor administers `u` (the system always). Records APP_FORBIDDEN on
 * `field` when not; returns 0 when allowed. */
static int check_admin(struct org_run *r, const struct unit *u, const char *field)
{
	int64_t me = r->ctx->actor->account_id;
	if (!me)
		return 0;
	int ok = perm_admin_unit(r->ctx->db, me, u->id);
	if (ok < 0)
		org_fail(r, APP_ERROR, field, "database");
	else if (!ok)
		org_fail(r, APP_FORBIDDEN, field, "Đơn vị '%s' nằm ngoài phạm vi quản trị của bạn", u->code);
	return ok == 1 ? 0 : -1;
}

/* The actor may place a unit under `parent` (NULL: a root). */
static int check_admin_under(struct org_run *r, const struct unit *parent, const char *field)
{
	int64_t me = r->ctx->actor->account_id;
	if (!me)
		return 0;
	int ok = perm_admin_under(r->ctx->db, me, parent ? parent->id : 0);
	if (ok < 0)
		org_fail(r, APP_ERROR, field, "database");
	else if (!ok && parent)
		org_fail(r, APP_FORBIDDEN, field, "Đơn vị cấp trên '%s' nằm ngoài phạm vi quản trị của bạn",
			 parent->code);
	else if (!ok)
		org_fail(r, APP_FORBIDDEN, field, "Chỉ quản trị viên cấp cao nhất được tạo đơn vị gốc");
	return ok == 1 ? 0 : -1;
}

/* --- transactions ------------------------------------------------------------ */

/* Start a change: its transaction and working arena. -1 (nothing to undo)
 * when the transaction cannot start. */
static int begin(struct org_run *r, struct arena *a, const struct app_ctx *ctx, struct app_errors *errs)
{
	app_errors_clear(errs);
	r->ctx = ctx;
	r->a = a;
	r->errs = errs;
	r->rc = APP_OK;
	if (db_begin(ctx->db) < 0)
		return -1;
	arena_init(a, 8192);
	return 0;
}

/* Finish a change: commit when r->rc is APP_OK, roll back otherwise. */
static int finish(struct org_run *r)
{
	arena_release(r->a);
	if (r->rc == APP_OK) {
		if (db_commit(r->ctx->db) == DB_OK)
			return APP_OK;
		r->rc = APP_ERROR;
	}
	db_rollback(r->ctx->db);
	return r->rc;
}

/* The units a merge or split fills in: r->rc becomes APP_ERROR when the
 * arena is exhausted. */
static struct unit *units_alloc(struct org_run *r, size_t n)
{
	struct unit *u = arena_zalloc(r->a, n * sizeof(*u));
	if (!u)
		r->rc = APP_ERROR;
	return u;
}

/* --- create, rename, move, close --------------------------------------------- */

int org_create(const struct app_ctx *ctx, const struct org_unit_input *in, int64_t day, int64_t *id_out,
	       struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit u, parent;
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	check_day(&r, day);
	check_new_unit(&r, in, "", NULL, vn_day_start(day), &u, &parent);
	if (r.rc == APP_OK)
		check_admin_under(&r, u.parent_id ? &parent : NULL, "parent");
	if (r.rc == APP_OK)
		r.rc = org_insert_unit(&r, &u, NULL);
	if (r.rc == APP_OK && id_out)
		*id_out = u.id;
	return finish(&r);
}

/* The parent of `u` as a unit with only its id and code, or NULL for a root. */
static const struct unit *parent_of(const struct unit *u, struct unit *buf)
{
	if (!u->parent_id)
		return NULL;
	memset(buf, 0, sizeof(*buf));
	buf->id = u->parent_id;
	buf->code = u->parent_code;
	return buf;
}

int org_rename(const struct app_ctx *ctx, const char *code, const char *name, int64_t day,
	       struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit u, parent;
	int problem;
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	int64_t at = vn_day_start(day);
	const char *clean = org_clean_name(&a, name, &problem);
	name_failed(&r, problem, "name");
	if (check_day(&r, day) == 0 && load_unit(&r, code, "code", 1, &u) == 0 && check_admin(&r, &u, "code") == 0)
		check_after_history(&r, &u, at, 0);
	if (r.rc == APP_OK && strcmp(clean, u.name) != 0)
		r.rc = org_change_unit(&r, &u, clean, parent_of(&u, &parent), at, NULL);
	return finish(&r);
}

int org_move(const struct app_ctx *ctx, const char *code, const char *parent_code, int64_t day,
	     struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit u, parent;
	int have_parent = parent_code && *parent_code;
	char buf[11];
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	int64_t at = vn_day_start(day);
	if (check_day(&r, day) < 0 || load_unit(&r, code, "code", 1, &u) < 0)
		goto out;
	if (have_parent && load_unit(&r, parent_code, "parent", 1, &parent) < 0)
		goto out;
	if (check_admin(&r, &u, "code") < 0 || check_admin_under(&r, have_parent ? &parent : NULL, "parent") < 0)
		goto out;
	if (have_parent) {
		int within = unit_is_within(ctx->db, parent.id, u.id);
		if (within < 0)
			org_fail(&r, APP_ERROR, "parent", "database");
		else if (parent.id == u.id)
			org_fail(&r, APP_CONFLICT, "parent", "Không thể chuyển đơn vị vào chính nó");
		else if (within)
			org_fail(&r, APP_CONFLICT, "parent", "Không thể chuyển đơn vị vào chính đơn vị con của nó");
		else if (parent.valid_from > at)
			org_fail(&r, APP_CONFLICT, "date", "Đơn vị cấp trên '%s' bắt đầu hoạt động từ ngày %s, "
				 "sau ngày hiệu lực", parent.code, dmy(parent.valid_from, buf));
	}
	if (r.rc == APP_OK)
		check_after_history(&r, &u, at, 0);
	if (r.rc == APP_OK && (have_parent ? parent.id : 0) != u.parent_id)
		r.rc = org_change_unit(&r, &u, u.name, have_parent ? &parent : NULL, at, NULL);
out:
	return finish(&r);
}

int org_close(const struct app_ctx *ctx, const char *code, int64_t day, struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit u;
	int64_t kids = 0;
	size_t revoked = 0;
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	int64_t at = vn_day_start(day);
	if (check_day(&r, day) < 0 || load_unit(&r, code, "code", 1, &u) < 0 || check_admin(&r, &u, "code") < 0 ||
	    check_after_history(&r, &u, at, 1) < 0)
		goto out;
	if (unit_count_open_children(ctx->db, u.id, &kids) < 0) {
		r.rc = APP_ERROR;
		goto out;
	}
	if (kids) {
		org_fail(&r, APP_CONFLICT, "code", "Đơn vị '%s' còn %lld đơn vị trực thuộc đang hoạt động: "
			 "hãy chuyển hoặc cho ngừng hoạt động các đơn vị đó trước", u.code, (long long)kids);
		goto out;
	}
	r.rc = org_revoke_unit_grants(&r, u.id, &revoked);
	if (r.rc == APP_OK && unit_close(ctx->db, u.id, at, ctx->now) < 0)
		r.rc = APP_ERROR;
	if (r.rc == APP_OK)
		r.rc = org_audit_unit(&r, "unit.close", u.code,
				      json_pack("{s:o, s:I}", "date", org_date_json(at), "revoked_grants",
						(json_int_t)revoked));
out:
	return finish(&r);
}

/* --- merge and split ------------------------------------------------------------ */

/* Move the work and open sub-units of the closed `old` to `succ`. */
static int hand_over(struct org_run *r, const struct unit *old, const struct unit *succ, int64_t at)
{
	size_t moved = 0;
	if (unit_move_open_work(r->ctx->db, r->ctx->actor, old->id, succ->id, r->ctx->now, &moved) < 0)
		return APP_ERROR;
	return move_children(r, old, succ, at);
}

/* The checks of a merge before anything is written: the old units into
 * olds[], the successor into *succ (and its parent, for a new one). */
static void check_merge(struct org_run *r, const char *const *from_codes, size_t nfrom, const char *into_code,
			const struct org_unit_input *new_unit, int64_t at, struct unit *olds, struct unit *succ,
			struct unit *parent)
{
	for (size_t i = 0; i < nfrom; i++) {
		if (load_unit(r, from_codes[i], "from", 1, &olds[i]) < 0 || check_admin(r, &olds[i], "from") < 0)
			continue;
		for (size_t k = 0; k < i; k++)
			if (olds[k].id == olds[i].id)
				org_fail(r, APP_VALIDATION, "from", "Đơn vị '%s' được chọn hai lần", olds[i].code);
		check_after_history(r, &olds[i], at, 1);
	}
	if (r->rc != APP_OK)
		return;
	if (new_unit) {
		check_new_unit(r, new_unit, "", NULL, at, succ, parent);
		if (r->rc == APP_OK)
			check_admin_under(r, succ->parent_id ? parent : NULL, "parent");
	} else if (load_unit(r, into_code, "into", 1, succ) == 0 && check_admin(r, succ, "into") == 0 &&
		   succ->valid_from > at) {
		char buf[11];
		org_fail(r, APP_CONFLICT, "into", "Đơn vị tiếp nhận '%s' bắt đầu hoạt động từ ngày %s, sau ngày sáp nhập",
			 succ->code, dmy(succ->valid_from, buf));
	}
	if (r->rc != APP_OK)
		return;
	/* the successor (or the new one's parent) may not sit inside an old unit */
	int64_t anchor = new_unit ? succ->parent_id : succ->id;
	for (size_t i = 0; anchor && i < nfrom && r->rc == APP_OK; i++) {
		int within = unit_is_within(r->ctx->db, anchor, olds[i].id);
		if (within < 0)
			r->rc = APP_ERROR;
		else if (within && !new_unit && anchor == olds[i].id)
			org_fail(r, APP_VALIDATION, "into", "Đơn vị tiếp nhận không được nằm trong danh sách sáp nhập");
		else if (within)
			org_fail(r, APP_CONFLICT, new_unit ? "parent" : "into",
				 "Không thể sáp nhập vào đơn vị trực thuộc của đơn vị bị sáp nhập '%s'", olds[i].code);
	}
}

int org_merge(const struct app_ctx *ctx, const char *const *from_codes, size_t nfrom, const char *into_code,
	      const struct org_unit_input *new_unit, int64_t day, struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit succ, parent, *olds = NULL;
	int64_t at = vn_day_start(day);
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	check_day(&r, day);
	if (!nfrom || nfrom > 10000) {
		org_fail(&r, APP_VALIDATION, "from", "Chọn ít nhất một đơn vị để sáp nhập");
		goto out;
	}
	if (!(into_code && *into_code) == !new_unit) {
		org_fail(&r, APP_VALIDATION, "into", "Chọn một đơn vị tiếp nhận đang hoạt động hoặc nhập đơn vị mới");
		goto out;
	}
	/* scope first: nothing else is said about a successor outside it */
	if (ctx->actor->account_id && into_code && *into_code &&
	    (load_unit(&r, into_code, "into", 1, &succ) < 0 || check_admin(&r, &succ, "into") < 0))
		goto out;
	if (!(olds = units_alloc(&r, nfrom)))
		goto out;
	check_merge(&r, from_codes, nfrom, into_code, new_unit, at, olds, &succ, &parent);
	if (r.rc != APP_OK)
		goto out;

	if (new_unit && (r.rc = org_insert_unit(&r, &succ, NULL)) < 0)
		goto out;
	for (size_t i = 0; i < nfrom; i++) {
		if (unit_close(ctx->db, olds[i].id, at, ctx->now) < 0 ||
		    unit_succession_insert(ctx->db, olds[i].id, succ.id, "merged_into", at, ctx->now) < 0) {
			r.rc = APP_ERROR;
			goto out;
		}
	}
	for (size_t i = 0; i < nfrom && r.rc == APP_OK; i++) {
		if ((r.rc = hand_over(&r, &olds[i], &succ, at)) == APP_OK)
			r.rc = org_audit_unit(&r, "unit.merge", olds[i].code,
					      json_pack("{s:s, s:o}", "into", succ.code, "date", org_date_json(at)));
	}
out:
	return finish(&r);
}

/* The checks of a split's new units before anything is written. */
static void check_parts(struct org_run *r, const struct unit *old, const struct unit *old_parent,
			const struct org_unit_input *parts, size_t nparts, int64_t at, struct unit *news)
{
	for (size_t i = 0; i < nparts; i++) {
		char prefix[24], field[32];
		struct unit parent;
		snprintf(prefix, sizeof(prefix), "parts.%zu.", i);
		check_new_unit(r, &parts[i], prefix, old->parent_id ? old_parent : NULL, at, &news[i], &parent);
		snprintf(field, sizeof(field), "parts.%zu.parent", i);
		if (r->rc == APP_OK)
			check_admin_under(r, news[i].parent_id ? &parent : NULL, field);
		snprintf(field, sizeof(field), "parts.%zu.code", i);
		for (size_t k = 0; k < i && news[i].code; k++)
			if (news[k].code && !strcmp(news[k].code, news[i].code))
				org_fail(r, APP_CONFLICT, field, "Mã đơn vị '%s' bị trùng", news[i].code);
		if (news[i].parent_id) {
			int within = unit_is_within(r->ctx->db, news[i].parent_id, old->id);
			snprintf(field, sizeof(field), "parts.%zu.parent", i);
			if (within < 0)
				r->rc = APP_ERROR;
			else if (within)
				org_fail(r, APP_CONFLICT, field, "Đơn vị mới không thể trực thuộc đơn vị bị chia tách");
		}
	}
}

int org_split(const struct app_ctx *ctx, const char *from_code, const struct org_unit_input *parts,
	      size_t nparts, size_t heir, int64_t day, struct app_errors *errs)
{
	struct org_run r;
	struct arena a;
	struct unit old, *news = NULL, old_parent;
	int64_t at = vn_day_start(day);
	if (begin(&r, &a, ctx, errs) < 0)
		return APP_ERROR;
	check_day(&r, day);
	if (load_unit(&r, from_code, "from", 1, &old) < 0 || check_admin(&r, &old, "from") < 0)
		goto out;
	check_after_history(&r, &old, at, 1);
	if (nparts < 2 || nparts > 1000) {
		org_fail(&r, APP_VALIDATION, "parts", "Cần ít nhất hai đơn vị mới khi chia tách");
		goto out;
	}
	if (heir >= nparts)
		org_fail(&r, APP_VALIDATION, "heir", "Chọn đơn vị kế thừa trong số các đơn vị mới");
	memset(&old_parent, 0, sizeof(old_parent));
	if (old.parent_id && unit_get_by_id(ctx->db, &a, old.parent_id, &old_parent) < 0)
		r.rc = APP_ERROR;
	if (r.rc == APP_ERROR || !(news = units_alloc(&r, nparts)))
		goto out;
	check_parts(&r, &old, &old_parent, parts, nparts, at, news);
	if (r.rc != APP_OK)
		goto out;

	json_t *codes = json_array();
	for (size_t i = 0; i < nparts && r.rc == APP_OK; i++) {
		r.rc = org_insert_unit(&r, &news[i], NULL);
		json_array_append_new(codes, json_string(news[i].code));
	}
	if (r.rc == APP_OK && unit_close(ctx->db, old.id, at, ctx->now) < 0)
		r.rc = APP_ERROR;
	for (size_t i = 0; i < nparts && r.rc == APP_OK; i++)
		if (unit_succession_insert(ctx->db, news[i].id, old.id, "split_from", at, ctx->now) < 0)
			r.rc = APP_ERROR;
	if (r.rc == APP_OK)
		r.rc = hand_over(&r, &old, &news[heir], at);
	if (r.rc == APP_OK)
		r.rc = org_audit_unit(&r, "unit.split", old.code,
				      json_pack("{s:O, s:s, s:o}", "into", codes, "heir", news[heir].code, "date",
						org_date_json(at)));
	json_decref(codes);
out:
	return finish(&r);
}
