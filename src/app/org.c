/*
 * org.c - the rules of the organisation tree: validation with Vietnamese
 * field messages, create/rename/move/close, merge and split on a date, and
 * the CSV import. Each public change is one transaction with its audit
 * entries; SQL lives in store/unit.c.
 */
#include "org.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#include <stdarg.h>

/* --- results and messages -------------------------------------------------- */

const char *org_rc_code(int rc)
{
	switch (rc) {
	case ORG_OK:
		return NULL;
	case ORG_INVALID:
		return "validation_failed";
	case ORG_NOT_FOUND:
		return "not_found";
	case ORG_FORBIDDEN:
		return "forbidden";
	case ORG_DB:
		return "internal";
	default:
		return "conflict";
	}
}

const char *org_errors_get(const struct org_errors *e, const char *field)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (!strcmp(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

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

/*
 * Record an error. The first error decides the result, except that a
 * database error always wins. With errs NULL only the result is kept.
 */
__attribute__((format(printf, 5, 6)))
static void fail(struct org_errors *e, int *rc, int code, const char *field, const char *fmt, ...)
{
	/* the first failure decides, except that a database error, then a
	 * refusal of scope, outranks the others */
	if (*rc == ORG_OK || code == ORG_DB || (code == ORG_FORBIDDEN && *rc != ORG_DB))
		*rc = code;
	if (!e || e->n >= ORG_MAX_ERRORS || code == ORG_DB)
		return;
	struct org_error *it = &e->items[e->n++];
	snprintf(it->field, sizeof(it->field), "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
}

/* "30/06/2025" for an instant at the start of a Vietnam day. */
static const char *dmy(int64_t at, char buf[11])
{
	return fmt_dmy(vn_day_of(at), buf);
}

/* --- validation shared by the forms and the import -------------------------- */

static int code_valid(const char *s)
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

enum name_problem { NAME_OK, NAME_EMPTY, NAME_LONG, NAME_BAD, NAME_NOMEM };

/* Trim spaces, check (valid UTF-8, no controls) and clean a name as all
 * stored text is cleaned (vntext_clean) into the arena. */
static const char *clean_name(struct arena *a, const char *s, int *problem)
{
	if (!s) {
		*problem = NAME_EMPTY;
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
		*problem = NAME_EMPTY;
		return NULL;
	}
	if (len > UNIT_NAME_MAX * 4 + 64) {
		*problem = NAME_LONG;
		return NULL;
	}
	if (!utf8_valid(s, len)) {
		*problem = NAME_BAD;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			*problem = NAME_BAD;
			return NULL;
		}
	}
	/* as all stored text (core/vntext.h): NFC, invisible and bidi
	 * characters removed, runs of spaces collapsed */
	char *out = NULL;
	size_t outlen = 0;
	int rc = vntext_clean(a, s, len, VNTEXT_SINGLELINE, &out, &outlen);
	if (rc == VNTEXT_NOMEM) {
		*problem = NAME_NOMEM;
		return NULL;
	}
	if (rc != VNTEXT_OK) {
		*problem = NAME_BAD;
		return NULL;
	}
	if (!outlen) {
		*problem = NAME_EMPTY;
		return NULL;
	}
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if ((*p & 0xC0) != 0x80)
			chars++;
	if (chars > UNIT_NAME_MAX) {
		*problem = NAME_LONG;
		return NULL;
	}
	*problem = NAME_OK;
	return out;
}

/* --- a small JSON object builder for audit summaries ------------------------ */

struct jobj {
	struct sbuf *sb;
	int err;
	int n;
};

static void jo_begin(struct jobj *j, struct arena *a)
{
	j->n = 0;
	j->sb = arena_sbuf(a, 16384);
	j->err = !j->sb;
	if (!j->err)
		j->err |= sbuf_addch(j->sb, '{');
}

static void jo_key(struct jobj *j, const char *k)
{
	if (j->err)
		return;
	j->err |= sbuf_addstr(j->sb, j->n++ ? ",\"" : "\"");
	j->err |= sbuf_addstr(j->sb, k);
	j->err |= sbuf_addstr(j->sb, "\":");
}

static void jo_str(struct jobj *j, const char *k, const char *v)
{
	jo_key(j, k);
	if (j->err)
		return;
	if (v)
		j->err |= sbuf_add_json_str(j->sb, v, strlen(v));
	else
		j->err |= sbuf_addstr(j->sb, "null");
}

static void jo_int(struct jobj *j, const char *k, long long v)
{
	jo_key(j, k);
	if (!j->err)
		j->err |= sbuf_addf(j->sb, "%lld", v);
}

/* A date as "YYYY-MM-DD", or null for UNIT_OPEN. */
static void jo_date(struct jobj *j, const char *k, int64_t at)
{
	char buf[11];
	jo_str(j, k, at == UNIT_OPEN ? NULL : fmt_ymd(vn_day_of(at), buf));
}

/* A JSON array of strings. */
static void jo_strs(struct jobj *j, const char *k, const char *const *v, size_t n)
{
	jo_key(j, k);
	if (j->err)
		return;
	j->err |= sbuf_addch(j->sb, '[');
	for (size_t i = 0; i < n && !j->err; i++) {
		if (i)
			j->err |= sbuf_addch(j->sb, ',');
		j->err |= sbuf_add_json_str(j->sb, v[i], strlen(v[i]));
	}
	j->err |= sbuf_addch(j->sb, ']');
}

static const char *jo_end(struct jobj *j)
{
	if (!j->err)
		j->err |= sbuf_addch(j->sb, '}');
	return j->err ? NULL : j->sb->buf;
}

static int audit(struct db *db, const struct audit_actor *actor, const char *action, const char *code,
		 struct jobj *j)
{
	const char *summary = jo_end(j);
	if (!summary)
		return ORG_DB;
	return audit_append(db, actor, action, "unit", code, summary) < 0 ? ORG_DB : ORG_OK;
}

/* --- writing helpers (inside a transaction) --------------------------------- */

/* Insert a validated unit with its "unit.create" entry. */
static int insert_unit(struct db *db, const struct audit_actor *actor, struct arena *a, struct unit *u,
		       const char *source, int64_t now)
{
	if (unit_insert(db, u, now, &u->id) < 0)
		return ORG_DB;
	struct jobj j;
	jo_begin(&j, a);
	jo_str(&j, "name", u->name);
	jo_str(&j, "kind", u->kind);
	jo_str(&j, "parent", u->parent_code);
	jo_date(&j, "valid_from", u->valid_from);
	if (u->valid_to != UNIT_OPEN)
		jo_date(&j, "valid_to", u->valid_to);
	if (source)
		jo_str(&j, "source", source);
	return audit(db, actor, "unit.create", u->code, &j);
}

/* Give a unit a new name/parent from `at` with a "unit.rename"/"unit.move" entry. */
static int change_unit(struct db *db, const struct audit_actor *actor, struct arena *a, const struct unit *u,
		       const char *name, const struct unit *parent, int64_t at, const char *source, int64_t now)
{
	int64_t parent_id = parent ? parent->id : 0;
	if (unit_set_version(db, u->id, name, parent_id, at, now) < 0)
		return ORG_DB;
	struct jobj j;
	jo_begin(&j, a);
	int renamed = strcmp(name, u->name) != 0;
	if (renamed) {
		jo_str(&j, "before", u->name);
		jo_str(&j, "after", name);
	}
	if (parent_id != u->parent_id) {
		jo_str(&j, renamed ? "parent_before" : "before", u->parent_code);
		jo_str(&j, renamed ? "parent_after" : "after", parent ? parent->code : NULL);
	}
	jo_date(&j, "date", at);
	if (source)
		jo_str(&j, "source", source);
	return audit(db, actor, renamed ? "unit.rename" : "unit.move", u->code, &j);
}

/* Revoke every active grant held in a unit, one "role.revoke" entry each. */
static int revoke_unit_grants(struct db *db, const struct audit_actor *actor, struct arena *a,
			      int64_t unit_id, int64_t now, size_t *count)
{
	struct unit_grant_list g;
	if (unit_grants_in_unit(db, a, unit_id, &g) < 0)
		return ORG_DB;
	for (size_t i = 0; i < g.n; i++) {
		if (unit_grant_revoke(db, g.items[i].id, actor->account_id, now) < 0)
			return ORG_DB;
		struct jobj j;
		jo_begin(&j, a);
		jo_int(&j, "account_id", g.items[i].account_id);
		jo_str(&j, "unit", g.items[i].unit_code);
		jo_str(&j, "role", g.items[i].role);
		jo_str(&j, "reason", "unit_closed");
		const char *summary = jo_end(&j);
		char object[32];
		snprintf(object, sizeof(object), "%lld", (long long)g.items[i].id);
		if (!summary || audit_append(db, actor, "role.revoke", "role_grant", object, summary) < 0)
			return ORG_DB;
		(*count)++;
	}
	return ORG_OK;
}

/* Move the open sub-units of `from` under `to` from `at` on (or from their
 * latest change, if later). */
static int move_children(struct db *db, const struct audit_actor *actor, struct arena *a,
			 const struct unit *from, const struct unit *to, int64_t at, int64_t now)
{
	struct unit_list kids;
	if (unit_children(db, a, from->id, 0, &kids) < 0)
		return ORG_DB;
	for (size_t i = 0; i < kids.n; i++) {
		int64_t start;
		if (unit_version_start(db, kids.items[i].id, &start) < 0)
			return ORG_DB;
		int rc = change_unit(db, actor, a, &kids.items[i], kids.items[i].name, to,
				     start > at ? start : at, NULL, now);
		if (rc < 0)
			return rc;
	}
	return ORG_OK;
}

/* --- loading and checking units by code ------------------------------------- */

/* Look up a unit named in `field`; records NOT_FOUND, and CLOSED unless
 * closed units are fine. Returns 0 when found (and acceptable). */
static int load_unit(struct db *db, struct arena *a, const char *code, const char *field, int want_open,
		     struct unit *u, struct org_errors *errs, int *rc)
{
	char buf[11];
	if (!code || !*code) {
		fail(errs, rc, ORG_INVALID, field, "Vui lòng chọn đơn vị");
		return -1;
	}
	if (!code_valid(code)) {
		fail(errs, rc, ORG_NOT_FOUND, field, "Không tìm thấy đơn vị có mã này");
		return -1;
	}
	int r = unit_get_by_code(db, a, code, u);
	if (r == DB_NOTFOUND) {
		fail(errs, rc, ORG_NOT_FOUND, field, "Không tìm thấy đơn vị '%s'", code);
		return -1;
	}
	if (r < 0) {
		fail(errs, rc, ORG_DB, field, "database");
		return -1;
	}
	if (want_open && u->valid_to != UNIT_OPEN) {
		fail(errs, rc, ORG_CLOSED, field, "Đơn vị '%s' đã ngừng hoạt động từ ngày %s", code,
		     dmy(u->valid_to, buf));
		return -1;
	}
	return 0;
}

/* A change date must be a real day and not after today. */
static int check_day(int64_t day, struct org_errors *errs, int *rc)
{
	if (day < days_from_civil(1900, 1, 1) || day > org_today()) {
		fail(errs, rc, ORG_INVALID, "date", day > org_today()
		     ? "Ngày hiệu lực không được sau ngày hôm nay" : "Ngày hiệu lực không hợp lệ");
		return -1;
	}
	return 0;
}

/* A change of `u` at `at` must not precede its latest recorded change;
 * closing (strict) must also be after its first day. */
static int check_after_history(struct db *db, const struct unit *u, int64_t at, int closing,
			       struct org_errors *errs, int *rc)
{
	char buf[11];
	int64_t start;
	if (closing && at <= u->valid_from) {
		fail(errs, rc, ORG_DATE, "date", "Ngày ngừng hoạt động của '%s' phải sau ngày bắt đầu (%s)",
		     u->code, dmy(u->valid_from, buf));
		return -1;
	}
	if (unit_version_start(db, u->id, &start) < 0) {
		fail(errs, rc, ORG_DB, "date", "database");
		return -1;
	}
	if (at < start) {
		fail(errs, rc, ORG_DATE, "date",
		     "Ngày hiệu lực phải từ %s trở đi (lần thay đổi gần nhất của đơn vị '%s')",
		     dmy(start, buf), u->code);
		return -1;
	}
	return 0;
}

/*
 * Validate a new unit starting at `at` into *u (strings in the arena).
 * `prefix` is prepended to field names ("" or "parts.1.").
 * default_parent is used when in->parent_code is NULL/"" (NULL = root).
 */
static void check_new_unit(struct db *db, struct arena *a, const struct org_unit_input *in, const char *prefix,
			   const struct unit *default_parent, int64_t at, struct unit *u, struct unit *parent,
			   struct org_errors *errs, int *rc)
{
	char field[32], buf[11];
	struct unit existing;
	int problem;
	memset(u, 0, sizeof(*u));
	u->valid_from = at;
	u->valid_to = UNIT_OPEN;

	snprintf(field, sizeof(field), "%scode", prefix);
	if (!in->code || !*in->code) {
		fail(errs, rc, ORG_INVALID, field, "Vui lòng nhập mã đơn vị");
	} else if (!code_valid(in->code)) {
		fail(errs, rc, ORG_INVALID, field, "Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, dấu chấm, "
		     "gạch dưới hoặc gạch ngang, tối đa %d ký tự", UNIT_CODE_MAX);
	} else {
		int r = unit_get_by_code(db, a, in->code, &existing);
		if (r == DB_OK)
			fail(errs, rc, ORG_EXISTS, field, "Mã đơn vị đã tồn tại: '%s' "
			     "(mã đã dùng không được dùng lại)", in->code);
		else if (r != DB_NOTFOUND)
			fail(errs, rc, ORG_DB, field, "database");
		u->code = arena_strdup(a, in->code);
		if (!u->code)
			fail(errs, rc, ORG_DB, field, "memory");
	}

	snprintf(field, sizeof(field), "%sname", prefix);
	u->name = clean_name(a, in->name, &problem);
	if (problem == NAME_EMPTY)
		fail(errs, rc, ORG_INVALID, field, "Vui lòng nhập tên đơn vị");
	else if (problem == NAME_LONG)
		fail(errs, rc, ORG_INVALID, field, "Tên đơn vị dài tối đa %d ký tự", UNIT_NAME_MAX);
	else if (problem == NAME_BAD)
		fail(errs, rc, ORG_INVALID, field, "Tên đơn vị chứa ký tự không hợp lệ");
	else if (problem == NAME_NOMEM)
		fail(errs, rc, ORG_DB, field, "memory");

	snprintf(field, sizeof(field), "%skind", prefix);
	if (!unit_kind_valid(in->kind))
		fail(errs, rc, ORG_INVALID, field, "Loại đơn vị không hợp lệ");
	else
		u->kind = in->kind;

	snprintf(field, sizeof(field), "%sparent", prefix);
	if (in->parent_code && *in->parent_code) {
		if (load_unit(db, a, in->parent_code, field, 1, parent, errs, rc) == 0) {
			if (parent->valid_from > at)
				fail(errs, rc, ORG_DATE, field, "Đơn vị cấp trên '%s' bắt đầu hoạt động từ ngày %s, "
				     "sau ngày hiệu lực", parent->code, dmy(parent->valid_from, buf));
			u->parent_id = parent->id;
			u->parent_code = parent->code;
		}
	} else if (default_parent) {
		*parent = *default_parent;
		if (parent->valid_to != UNIT_OPEN)
			fail(errs, rc, ORG_CLOSED, field, "Đơn vị cấp trên '%s' đã ngừng hoạt động", parent->code);
		u->parent_id = parent->id;
		u->parent_code = parent->code;
	}
}

/* --- the administrator's scope (app/perm.h) ------------------------------------ */

/* The actor administers `u` (the system always). Records ORG_FORBIDDEN on
 * `field` when not; returns 0 when allowed. */
static int check_admin(struct db *db, const struct audit_actor *actor, const struct unit *u, const char *field,
		       struct org_errors *errs, int *rc)
{
	if (!actor->account_id)
		return 0;
	int ok = perm_admin_unit(db, actor->account_id, u->id);
	if (ok < 0)
		fail(errs, rc, ORG_DB, field, "database");
	else if (!ok)
		fail(errs, rc, ORG_FORBIDDEN, field, "Đơn vị '%s' nằm ngoài phạm vi quản trị của bạn", u->code);
	return ok == 1 ? 0 : -1;
}

/* The actor may place a unit under `parent` (NULL: a root). */
static int check_admin_under(struct db *db, const struct audit_actor *actor, const struct unit *parent,
			     const char *field, struct org_errors *errs, int *rc)
{
	if (!actor->account_id)
		return 0;
	int ok = perm_admin_under(db, actor->account_id, parent ? parent->id : 0);
	if (ok < 0)
		fail(errs, rc, ORG_DB, field, "database");
	else if (!ok && parent)
		fail(errs, rc, ORG_FORBIDDEN, field, "Đơn vị cấp trên '%s' nằm ngoài phạm vi quản trị của bạn",
		     parent->code);
	else if (!ok)
		fail(errs, rc, ORG_FORBIDDEN, field, "Chỉ quản trị viên cấp cao nhất được tạo đơn vị gốc");
	return ok == 1 ? 0 : -1;
}

/* --- transactions ------------------------------------------------------------ */

/* Finish a change: commit when rc is ORG_OK, roll back otherwise. */
static int finish(struct db *db, int rc)
{
	if (rc == ORG_OK) {
		if (db_commit(db) == DB_OK)
			return ORG_OK;
		rc = ORG_DB;
	}
	db_rollback(db);
	return rc;
}

static void errs_clear(struct org_errors *errs)
{
	if (errs)
		errs->n = 0;
}

/* --- create, rename, move, close --------------------------------------------- */

int org_create(struct db *db, const struct audit_actor *actor, const struct org_unit_input *in,
	       int64_t day, int64_t *id_out, struct org_errors *errs)
{
	struct arena a;
	struct unit u, parent;
	int rc = ORG_OK;
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 4096);
	check_day(day, errs, &rc);
	check_new_unit(db, &a, in, "", NULL, vn_day_start(day), &u, &parent, errs, &rc);
	if (rc == ORG_OK)
		check_admin_under(db, actor, u.parent_id ? &parent : NULL, "parent", errs, &rc);
	if (rc == ORG_OK)
		rc = insert_unit(db, actor, &a, &u, NULL, (int64_t)time(NULL));
	if (rc == ORG_OK && id_out)
		*id_out = u.id;
	arena_release(&a);
	return finish(db, rc);
}

int org_rename(struct db *db, const struct audit_actor *actor, const char *code, const char *name,
	       int64_t day, struct org_errors *errs)
{
	struct arena a;
	struct unit u;
	int rc = ORG_OK, problem;
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 4096);
	int64_t at = vn_day_start(day);
	const char *clean = clean_name(&a, name, &problem);
	if (problem == NAME_EMPTY)
		fail(errs, &rc, ORG_INVALID, "name", "Vui lòng nhập tên đơn vị");
	else if (problem == NAME_LONG)
		fail(errs, &rc, ORG_INVALID, "name", "Tên đơn vị dài tối đa %d ký tự", UNIT_NAME_MAX);
	else if (problem != NAME_OK)
		fail(errs, &rc, problem == NAME_NOMEM ? ORG_DB : ORG_INVALID, "name",
		     "Tên đơn vị chứa ký tự không hợp lệ");
	if (check_day(day, errs, &rc) == 0 && load_unit(db, &a, code, "code", 1, &u, errs, &rc) == 0 &&
	    check_admin(db, actor, &u, "code", errs, &rc) == 0)
		check_after_history(db, &u, at, 0, errs, &rc);
	if (rc == ORG_OK && strcmp(clean, u.name) != 0) {
		struct unit parent, *pp = NULL;
		if (u.parent_id) {
			memset(&parent, 0, sizeof(parent));
			parent.id = u.parent_id;
			parent.code = u.parent_code;
			pp = &parent;
		}
		rc = change_unit(db, actor, &a, &u, clean, pp, at, NULL, (int64_t)time(NULL));
	}
	arena_release(&a);
	return finish(db, rc);
}

int org_move(struct db *db, const struct audit_actor *actor, const char *code, const char *parent_code,
	     int64_t day, struct org_errors *errs)
{
	struct arena a;
	struct unit u, parent;
	int rc = ORG_OK, have_parent = parent_code && *parent_code;
	char buf[11];
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 4096);
	int64_t at = vn_day_start(day);
	if (check_day(day, errs, &rc) < 0 || load_unit(db, &a, code, "code", 1, &u, errs, &rc) < 0)
		goto out;
	if (have_parent && load_unit(db, &a, parent_code, "parent", 1, &parent, errs, &rc) < 0)
		goto out;
	if (check_admin(db, actor, &u, "code", errs, &rc) < 0 ||
	    check_admin_under(db, actor, have_parent ? &parent : NULL, "parent", errs, &rc) < 0)
		goto out;
	if (have_parent) {
		int within = unit_is_within(db, parent.id, u.id);
		if (within < 0)
			fail(errs, &rc, ORG_DB, "parent", "database");
		else if (parent.id == u.id)
			fail(errs, &rc, ORG_CYCLE, "parent", "Không thể chuyển đơn vị vào chính nó");
		else if (within)
			fail(errs, &rc, ORG_CYCLE, "parent", "Không thể chuyển đơn vị vào chính đơn vị con của nó");
		else if (parent.valid_from > at)
			fail(errs, &rc, ORG_DATE, "date", "Đơn vị cấp trên '%s' bắt đầu hoạt động từ ngày %s, "
			     "sau ngày hiệu lực", parent.code, dmy(parent.valid_from, buf));
	}
	if (rc == ORG_OK)
		check_after_history(db, &u, at, 0, errs, &rc);
	if (rc == ORG_OK && (have_parent ? parent.id : 0) != u.parent_id)
		rc = change_unit(db, actor, &a, &u, u.name, have_parent ? &parent : NULL, at, NULL,
				 (int64_t)time(NULL));
out:
	arena_release(&a);
	return finish(db, rc);
}

int org_close(struct db *db, const struct audit_actor *actor, const char *code, int64_t day,
	      struct org_errors *errs)
{
	struct arena a;
	struct unit u;
	int rc = ORG_OK;
	int64_t kids = 0, now = (int64_t)time(NULL);
	size_t revoked = 0;
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 4096);
	int64_t at = vn_day_start(day);
	if (check_day(day, errs, &rc) < 0 || load_unit(db, &a, code, "code", 1, &u, errs, &rc) < 0 ||
	    check_admin(db, actor, &u, "code", errs, &rc) < 0 || check_after_history(db, &u, at, 1, errs, &rc) < 0)
		goto out;
	if (unit_count_open_children(db, u.id, &kids) < 0) {
		rc = ORG_DB;
		goto out;
	}
	if (kids) {
		fail(errs, &rc, ORG_HAS_CHILDREN, "code", "Đơn vị '%s' còn %lld đơn vị trực thuộc đang hoạt động: "
		     "hãy chuyển hoặc cho ngừng hoạt động các đơn vị đó trước", u.code, (long long)kids);
		goto out;
	}
	rc = revoke_unit_grants(db, actor, &a, u.id, now, &revoked);
	if (rc == ORG_OK && unit_close(db, u.id, at, now) < 0)
		rc = ORG_DB;
	if (rc == ORG_OK) {
		struct jobj j;
		jo_begin(&j, &a);
		jo_date(&j, "date", at);
		jo_int(&j, "revoked_grants", (long long)revoked);
		rc = audit(db, actor, "unit.close", u.code, &j);
	}
out:
	arena_release(&a);
	return finish(db, rc);
}

/* --- merge and split ------------------------------------------------------------ */

/* Close `old`, record the edge, move its work and open sub-units to `succ`. */
static int hand_over(struct db *db, const struct audit_actor *actor, struct arena *a, const struct unit *old,
		     const struct unit *succ, int64_t at, int64_t now)
{
	size_t moved = 0;
	if (unit_move_open_work(db, actor, old->id, succ->id, now, &moved) < 0)
		return ORG_DB;
	return move_children(db, actor, a, old, succ, at, now);
}

int org_merge(struct db *db, const struct audit_actor *actor, const char *const *from_codes, size_t nfrom,
	      const char *into_code, const struct org_unit_input *new_unit, int64_t day,
	      struct org_errors *errs)
{
	struct arena a;
	struct unit succ, parent, *olds = NULL;
	int rc = ORG_OK;
	int64_t now = (int64_t)time(NULL), at = vn_day_start(day);
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 8192);
	check_day(day, errs, &rc);
	if (!nfrom || nfrom > 10000) {
		fail(errs, &rc, ORG_INVALID, "from", "Chọn ít nhất một đơn vị để sáp nhập");
		goto out;
	}
	if (!(into_code && *into_code) == !new_unit) {
		fail(errs, &rc, ORG_INVALID, "into", "Chọn một đơn vị tiếp nhận đang hoạt động hoặc nhập đơn vị mới");
		goto out;
	}
	if (actor->account_id && into_code && *into_code) {
		/* scope first: nothing else is said about a successor outside it */
		if (load_unit(db, &a, into_code, "into", 1, &succ, errs, &rc) < 0 ||
		    check_admin(db, actor, &succ, "into", errs, &rc) < 0)
			goto out;
	}
	olds = arena_zalloc(&a, nfrom * sizeof(*olds));
	if (!olds) {
		rc = ORG_DB;
		goto out;
	}
	for (size_t i = 0; i < nfrom; i++) {
		if (load_unit(db, &a, from_codes[i], "from", 1, &olds[i], errs, &rc) < 0 ||
		    check_admin(db, actor, &olds[i], "from", errs, &rc) < 0)
			continue;
		for (size_t k = 0; k < i; k++)
			if (olds[k].id == olds[i].id)
				fail(errs, &rc, ORG_INVALID, "from", "Đơn vị '%s' được chọn hai lần", olds[i].code);
		check_after_history(db, &olds[i], at, 1, errs, &rc);
	}
	if (rc != ORG_OK)
		goto out;
	if (new_unit) {
		check_new_unit(db, &a, new_unit, "", NULL, at, &succ, &parent, errs, &rc);
		if (rc == ORG_OK)
			check_admin_under(db, actor, succ.parent_id ? &parent : NULL, "parent", errs, &rc);
	} else if (load_unit(db, &a, into_code, "into", 1, &succ, errs, &rc) == 0 &&
		   check_admin(db, actor, &succ, "into", errs, &rc) == 0 && succ.valid_from > at) {
		char buf[11];
		fail(errs, &rc, ORG_DATE, "into", "Đơn vị tiếp nhận '%s' bắt đầu hoạt động từ ngày %s, sau ngày sáp nhập",
		     succ.code, dmy(succ.valid_from, buf));
	}
	if (rc != ORG_OK)
		goto out;
	/* the successor (or the new one's parent) may not sit inside an old unit */
	int64_t anchor = new_unit ? succ.parent_id : succ.id;
	for (size_t i = 0; anchor && i < nfrom && rc == ORG_OK; i++) {
		int within = unit_is_within(db, anchor, olds[i].id);
		if (within < 0)
			rc = ORG_DB;
		else if (within && !new_unit && anchor == olds[i].id)
			fail(errs, &rc, ORG_INVALID, "into", "Đơn vị tiếp nhận không được nằm trong danh sách sáp nhập");
		else if (within)
			fail(errs, &rc, ORG_CYCLE, new_unit ? "parent" : "into",
			     "Không thể sáp nhập vào đơn vị trực thuộc của đơn vị bị sáp nhập '%s'", olds[i].code);
	}
	if (rc != ORG_OK)
		goto out;

	if (new_unit && (rc = insert_unit(db, actor, &a, &succ, NULL, now)) < 0)
		goto out;
	for (size_t i = 0; i < nfrom; i++) {
		if (unit_close(db, olds[i].id, at, now) < 0 ||
		    unit_succession_insert(db, olds[i].id, succ.id, "merged_into", at, now) < 0) {
			rc = ORG_DB;
			goto out;
		}
	}
	for (size_t i = 0; i < nfrom; i++) {
		if ((rc = hand_over(db, actor, &a, &olds[i], &succ, at, now)) < 0)
			goto out;
		struct jobj j;
		jo_begin(&j, &a);
		jo_str(&j, "into", succ.code);
		jo_date(&j, "date", at);
		if ((rc = audit(db, actor, "unit.merge", olds[i].code, &j)) < 0)
			goto out;
	}
out:
	arena_release(&a);
	return finish(db, rc);
}

int org_split(struct db *db, const struct audit_actor *actor, const char *from_code,
	      const struct org_unit_input *parts, size_t nparts, size_t heir, int64_t day,
	      struct org_errors *errs)
{
	struct arena a;
	struct unit old, *news = NULL, old_parent;
	int rc = ORG_OK;
	int64_t now = (int64_t)time(NULL), at = vn_day_start(day);
	errs_clear(errs);
	if (db_begin(db) < 0)
		return ORG_DB;
	arena_init(&a, 8192);
	check_day(day, errs, &rc);
	if (load_unit(db, &a, from_code, "from", 1, &old, errs, &rc) < 0 ||
	    check_admin(db, actor, &old, "from", errs, &rc) < 0)
		goto out;
	check_after_history(db, &old, at, 1, errs, &rc);
	if (nparts < 2 || nparts > 1000) {
		fail(errs, &rc, ORG_INVALID, "parts", "Cần ít nhất hai đơn vị mới khi chia tách");
		goto out;
	}
	if (heir >= nparts)
		fail(errs, &rc, ORG_INVALID, "heir", "Chọn đơn vị kế thừa trong số các đơn vị mới");
	memset(&old_parent, 0, sizeof(old_parent));
	if (old.parent_id && unit_get_by_id(db, &a, old.parent_id, &old_parent) < 0) {
		rc = ORG_DB;
		goto out;
	}
	news = arena_zalloc(&a, nparts * sizeof(*news));
	if (!news) {
		rc = ORG_DB;
		goto out;
	}
	for (size_t i = 0; i < nparts; i++) {
		char prefix[24], field[32];
		struct unit parent;
		snprintf(prefix, sizeof(prefix), "parts.%zu.", i);
		check_new_unit(db, &a, &parts[i], prefix, old.parent_id ? &old_parent : NULL, at, &news[i],
			       &parent, errs, &rc);
		snprintf(field, sizeof(field), "parts.%zu.parent", i);
		if (rc == ORG_OK)
			check_admin_under(db, actor, news[i].parent_id ? &parent : NULL, field, errs, &rc);
		snprintf(field, sizeof(field), "parts.%zu.code", i);
		for (size_t k = 0; k < i && news[i].code; k++)
			if (news[k].code && !strcmp(news[k].code, news[i].code))
				fail(errs, &rc, ORG_EXISTS, field, "Mã đơn vị '%s' bị trùng", news[i].code);
		if (news[i].parent_id) {
			int within = unit_is_within(db, news[i].parent_id, old.id);
			snprintf(field, sizeof(field), "parts.%zu.parent", i);
			if (within < 0)
				rc = ORG_DB;
			else if (within)
				fail(errs, &rc, ORG_CYCLE, field, "Đơn vị mới không thể trực thuộc đơn vị bị chia tách");
		}
	}
	if (rc != ORG_OK)
		goto out;

	const char **codes = arena_alloc(&a, nparts * sizeof(*codes));
	if (!codes) {
		rc = ORG_DB;
		goto out;
	}
	for (size_t i = 0; i < nparts; i++) {
		if ((rc = insert_unit(db, actor, &a, &news[i], NULL, now)) < 0)
			goto out;
		codes[i] = news[i].code;
	}
	if (unit_close(db, old.id, at, now) < 0) {
		rc = ORG_DB;
		goto out;
	}
	for (size_t i = 0; i < nparts; i++) {
		if (unit_succession_insert(db, news[i].id, old.id, "split_from", at, now) < 0) {
			rc = ORG_DB;
			goto out;
		}
	}
	if ((rc = hand_over(db, actor, &a, &old, &news[heir], at, now)) < 0)
		goto out;
	struct jobj j;
	jo_begin(&j, &a);
	jo_strs(&j, "into", codes, nparts);
	jo_str(&j, "heir", news[heir].code);
	jo_date(&j, "date", at);
	rc = audit(db, actor, "unit.split", old.code, &j);
out:
	arena_release(&a);
	return finish(db, rc);
}

/* --- CSV reading ------------------------------------------------------------------ */

#define CSV_MAX_FIELDS 16
#define CSV_MAX_FIELD 4096

struct csv {
	const char *p, *end;
	long line;            /* line number at p */
};

struct csv_record {
	long line;            /* where the record starts */
	size_t n;             /* fields found (may exceed CSV_MAX_FIELDS) */
	char *f[CSV_MAX_FIELDS];
	const char *raw;      /* the record's bytes, without the line end */
	size_t rawlen;
	const char *error;    /* a structural problem, or NULL */
};

static int is_eol(const struct csv *c)
{
	return c->p < c->end && (*c->p == '\n' || *c->p == '\r');
}

static void skip_eol(struct csv *c)
{
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	c->line++;
}

/* Skip to the start of the next physical line. */
static void skip_line(struct csv *c)
{
	while (c->p < c->end && !is_eol(c))
		c->p++;
	if (c->p < c->end)
		skip_eol(c);
}

/* Trim spaces and tabs in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Read one field starting at c->p into the arena; sets r->error on a problem. */
static char *csv_field(struct csv *c, struct arena *a, struct csv_record *r)
{
	if (c->p < c->end && *c->p == '"') {
		const char *q = ++c->p;
		size_t n = 0;
		long lines = 0;
		/* first pass: find the closing quote and the unescaped length */
		for (;;) {
			if (q >= c->end) {
				r->error = "unterminated quoted field";
				return NULL;
			}
			if (*q == '"') {
				if (q + 1 < c->end && q[1] == '"') {
					q += 2;
					n++;
					continue;
				}
				break;
			}
			if (*q == '\n')
				lines++;
			q++;
			n++;
		}
		c->line += lines;
		if (n > CSV_MAX_FIELD) {
			r->error = "field longer than 4096 bytes";
			c->p = q + 1;
			return NULL;
		}
		char *out = arena_alloc(a, n + 1), *w = out;
		if (!out) {
			r->error = "out of memory";
			return NULL;
		}
		while (c->p < q) {
			if (*c->p == '"')
				c->p++;   /* the first of a doubled quote */
			*w++ = *c->p++;
		}
		*w = '\0';
		c->p = q + 1;
		if (c->p < c->end && *c->p != ',' && !is_eol(c)) {
			r->error = "unexpected text after a closing quote";
			return NULL;
		}
		return out;
	}
	const char *start = c->p;
	while (c->p < c->end && *c->p != ',' && !is_eol(c)) {
		if (*c->p == '"') {
			r->error = "quote inside an unquoted field (quote the whole field and double the quote)";
			return NULL;
		}
		c->p++;
	}
	if ((size_t)(c->p - start) > CSV_MAX_FIELD) {
		r->error = "field longer than 4096 bytes";
		return NULL;
	}
	char *out = arena_strndup(a, start, (size_t)(c->p - start));
	if (!out)
		r->error = "out of memory";
	return out;
}

/* The next record: 1, or 0 at the end. Blank and '#' lines are skipped. */
static int csv_next(struct csv *c, struct arena *a, struct csv_record *r)
{
	for (;;) {
		if (c->p >= c->end)
			return 0;
		if (is_eol(c)) {
			skip_eol(c);
			continue;
		}
		if (*c->p == '#') {
			skip_line(c);
			continue;
		}
		break;
	}
	memset(r, 0, sizeof(*r));
	r->line = c->line;
	r->raw = c->p;
	for (;;) {
		char *f = csv_field(c, a, r);
		if (r->error) {
			/* give up on this record: resume at the next line */
			while (c->p < c->end && !is_eol(c))
				c->p++;
			r->rawlen = (size_t)(c->p - r->raw);
			if (c->p < c->end)
				skip_eol(c);
			return 1;
		}
		if (r->n < CSV_MAX_FIELDS)
			r->f[r->n] = trim(f);
		r->n++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		break;
	}
	r->rawlen = (size_t)(c->p - r->raw);
	if (c->p < c->end)
		skip_eol(c);
	return 1;
}

/* --- CSV import --------------------------------------------------------------------- */

enum col { COL_CODE, COL_NAME, COL_KIND, COL_PARENT, COL_FROM, COL_TO, COL_SUCC, NCOLS };

static const char *const col_names[NCOLS] = {
	"code", "name", "kind", "parent", "valid_from", "valid_to", "succession",
};

struct seen_code {
	const char *code;
	long line;
};

struct pred {
	const char *kind;     /* merged_from, split_from, renamed_from */
	const char *code;
};

#define MAX_PREDS 64

struct import {
	struct db *db;
	const struct audit_actor *actor;
	struct arena *a;
	struct org_import_report *rep;
	size_t rej_cap;
	int64_t now, today;   /* today: start of the current Vietnam day */
	int col[NCOLS];       /* field index of each column, -1 if absent */
	size_t ncols;
	struct seen_code *seen;  /* open addressing, power-of-two size */
	size_t seen_cap, seen_n;
	int64_t *closed;      /* units this import closed */
	size_t nclosed, closed_cap;
};

/* Add a rejected line; -1 when out of memory. */
__attribute__((format(printf, 3, 4)))
static int reject(struct import *im, long line, const char *fmt, ...)
{
	struct org_import_report *rep = im->rep;
	if (rep->nrejected == im->rej_cap) {
		size_t cap = im->rej_cap ? im->rej_cap * 2 : 16;
		struct org_import_reject *p = arena_alloc(im->a, cap * sizeof(*p));
		if (!p)
			return -1;
		if (rep->nrejected)
			memcpy(p, rep->rejected, rep->nrejected * sizeof(*p));
		rep->rejected = p;
		im->rej_cap = cap;
	}
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* a long quoted field may have been cut inside a character: drop the
	 * partial sequence (the line itself was checked to be UTF-8) */
	if (len >= (int)sizeof(buf))
		for (size_t n = sizeof(buf) - 1; n && !utf8_valid(buf, n); n--)
			buf[n - 1] = '\0';
	const char *reason = arena_strdup(im->a, buf);
	if (!reason)
		return -1;
	rep->rejected[rep->nrejected].line = line;
	rep->rejected[rep->nrejected].reason = reason;
	rep->nrejected++;
	return 0;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The line that first used `code` in this file (0 if none), recording it
 * for `line` when new. -1 when out of memory. */
static long seen_code(struct import *im, const char *code, long line)
{
	if (im->seen_n * 2 >= im->seen_cap) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 256;
		struct seen_code *t = arena_zalloc(im->a, cap * sizeof(*t));
		if (!t)
			return -1;
		for (size_t i = 0; i < im->seen_cap; i++) {
			if (!im->seen[i].code)
				continue;
			size_t k = hash_str(im->seen[i].code) & (cap - 1);
			while (t[k].code)
				k = (k + 1) & (cap - 1);
			t[k] = im->seen[i];
		}
		im->seen = t;
		im->seen_cap = cap;
	}
	size_t k = hash_str(code) & (im->seen_cap - 1);
	while (im->seen[k].code) {
		if (!strcmp(im->seen[k].code, code))
			return im->seen[k].line;
		k = (k + 1) & (im->seen_cap - 1);
	}
	im->seen[k].code = code;
	im->seen[k].line = line;
	im->seen_n++;
	return 0;
}

/* Parse "merged_from:A B; split_from:C" into preds; -1 on bad syntax. */
static int parse_succession(struct arena *a, const char *s, struct pred *preds, size_t *n)
{
	*n = 0;
	char *copy = arena_strdup(a, s), *p = copy;
	if (!copy)
		return -1;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!*p)
			break;
		char *item = p;
		while (*p && *p != ';')
			p++;
		if (*p)
			*p++ = '\0';
		char *colon = strchr(item, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		const char *kind = trim(item);
		if (strcmp(kind, "merged_from") && strcmp(kind, "split_from") && strcmp(kind, "renamed_from"))
			return -1;
		char *codes = colon + 1;
		size_t before = *n;
		while (*codes) {
			while (*codes == ' ' || *codes == ',' || *codes == '\t')
				codes++;
			if (!*codes)
				break;
			char *code = codes;
			while (*codes && *codes != ' ' && *codes != ',' && *codes != '\t')
				codes++;
			if (*codes)
				*codes++ = '\0';
			if (!code_valid(code) || *n >= MAX_PREDS)
				return -1;
			preds[*n].kind = kind;
			preds[(*n)++].code = code;
		}
		if (*n == before)
			return -1;
	}
	return 0;
}

/* A date column: 0 with *at set (UNIT_OPEN when empty), -1 when malformed. */
static int parse_at(const char *s, int64_t *at)
{
	int64_t day;
	if (!*s) {
		*at = UNIT_OPEN;
		return 0;
	}
	if (parse_date(s, &day) < 0 || day < days_from_civil(1900, 1, 1))
		return -1;
	*at = vn_day_start(day);
	return 0;
}

static const char *ymd(int64_t at, char buf[11])
{
	return fmt_ymd(vn_day_of(at), buf);
}

static int read_header(struct import *im, struct csv_record *r)
{
	for (int i = 0; i < NCOLS; i++)
		im->col[i] = -1;
	if (r->error)
		return reject(im, r->line, "bad header: %s", r->error) < 0 ? ORG_DB : ORG_INVALID;
	if (!utf8_valid(r->raw, r->rawlen))
		return reject(im, r->line, "bad header: invalid UTF-8") < 0 ? ORG_DB : ORG_INVALID;
	if (r->n > NCOLS)
		return reject(im, r->line, "bad header: %zu columns, expected "
			      "code,name,kind,parent,valid_from,valid_to[,succession]", r->n) < 0 ? ORG_DB : ORG_INVALID;
	for (size_t i = 0; i < r->n; i++) {
		for (char *p = r->f[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		int k;
		for (k = 0; k < NCOLS; k++)
			if (!strcmp(r->f[i], col_names[k]))
				break;
		if (k == NCOLS)
			return reject(im, r->line, "bad header: unknown column '%s' (expected "
				      "code,name,kind,parent,valid_from,valid_to[,succession])", r->f[i]) < 0
				? ORG_DB : ORG_INVALID;
		if (im->col[k] >= 0)
			return reject(im, r->line, "bad header: column '%s' appears twice", r->f[i]) < 0
				? ORG_DB : ORG_INVALID;
		im->col[k] = (int)i;
	}
	for (int k = 0; k < COL_SUCC; k++)
		if (im->col[k] < 0)
			return reject(im, r->line, "bad header: missing column '%s'", col_names[k]) < 0
				? ORG_DB : ORG_INVALID;
	im->ncols = r->n;
	return ORG_OK;
}

static const char *field(const struct import *im, const struct csv_record *r, enum col c)
{
	return im->col[c] >= 0 ? r->f[im->col[c]] : "";
}

/* Remember a unit this import closed, for the final grant sweep. */
static int note_closed(struct import *im, int64_t id)
{
	if (im->nclosed == im->closed_cap) {
		size_t cap = im->closed_cap ? im->closed_cap * 2 : 16;
		int64_t *p = arena_alloc(im->a, cap * sizeof(*p));
		if (!p)
			return -1;
		if (im->nclosed)
			memcpy(p, im->closed, im->nclosed * sizeof(*p));
		im->closed = p;
		im->closed_cap = cap;
	}
	im->closed[im->nclosed++] = id;
	return 0;
}

/* REJECT(fmt, ...): list the line as rejected and go on with the next one. */
#define REJECT(...) return reject(im, r->line, __VA_ARGS__) < 0 ? ORG_DB : ORG_OK

/*
 * One unit line: validate everything first, then write. Returns ORG_OK
 * (whether the line was accepted or rejected) or ORG_DB.
 */
static int import_line(struct import *im, struct csv_record *r)
{
	struct db *db = im->db;
	struct arena *a = im->a;
	char b1[11], b2[11];
	struct unit existing, parent, u;
	struct pred preds[MAX_PREDS];
	struct unit pred_units[MAX_PREDS];
	size_t npreds = 0;
	int problem, have_existing, have_parent;
	int64_t vf, vt;

	im->rep->units++;
	if (r->error)
		REJECT("%s", r->error);
	if (!utf8_valid(r->raw, r->rawlen))
		REJECT("invalid UTF-8");
	if (r->n != im->ncols)
		REJECT("expected %zu fields, found %zu", im->ncols, r->n);

	const char *code = field(im, r, COL_CODE);
	if (!*code)
		REJECT("missing code");
	if (!code_valid(code))
		REJECT("invalid code '%s': use 1 to 32 letters, digits, '.', '_' or '-'", code);
	long first = seen_code(im, code, r->line);
	if (first < 0)
		return ORG_DB;
	if (first)
		REJECT("duplicate code '%s' (already on line %ld)", code, first);

	const char *name = clean_name(a, field(im, r, COL_NAME), &problem);
	if (problem == NAME_EMPTY)
		REJECT("missing name");
	if (problem == NAME_LONG)
		REJECT("name longer than %d characters", UNIT_NAME_MAX);
	if (problem == NAME_BAD)
		REJECT("name contains control characters");
	if (problem == NAME_NOMEM)
		return ORG_DB;

	const char *kind = field(im, r, COL_KIND);
	if (!unit_kind_valid(kind))
		REJECT("unknown kind '%s' (use party_committee, party_cell, government, agency, front, women, "
		       "youth, veterans, farmers, trade_union, residential_group or other)", kind);

	const char *sfrom = field(im, r, COL_FROM), *sto = field(im, r, COL_TO);
	if (parse_at(sfrom, &vf) < 0)
		REJECT("bad date '%s' in valid_from: use YYYY-MM-DD or DD/MM/YYYY", sfrom);
	if (parse_at(sto, &vt) < 0)
		REJECT("bad date '%s' in valid_to: use YYYY-MM-DD or DD/MM/YYYY", sto);
	if (vf != UNIT_OPEN && vf > im->today)
		REJECT("valid_from %s is in the future", ymd(vf, b1));
	if (vt != UNIT_OPEN && vt > im->today)
		REJECT("valid_to %s is in the future", ymd(vt, b1));
	if (vf != UNIT_OPEN && vt != UNIT_OPEN && vt <= vf)
		REJECT("valid_to must be after valid_from");

	const char *succ = field(im, r, COL_SUCC);
	if (*succ && parse_succession(a, succ, preds, &npreds) < 0)
		REJECT("bad succession '%s': use merged_from:CODE, split_from:CODE or renamed_from:CODE, "
		       "several separated by ';'", succ);

	const char *pcode = field(im, r, COL_PARENT);
	have_parent = *pcode != '\0';
	if (have_parent) {
		if (!strcmp(pcode, code))
			REJECT("a unit cannot be its own parent");
		int rc = code_valid(pcode) ? unit_get_by_code(db, a, pcode, &parent) : DB_NOTFOUND;
		if (rc == DB_NOTFOUND)
			REJECT("unknown parent '%s' (a parent must exist or come earlier in the file)", pcode);
		if (rc < 0)
			return ORG_DB;
	}

	int rc = unit_get_by_code(db, a, code, &existing);
	if (rc < 0 && rc != DB_NOTFOUND)
		return ORG_DB;
	have_existing = rc == DB_OK;

	int rename = 0, move = 0, close = 0;
	int64_t start;   /* the unit's first day, for the succession check */
	if (!have_existing) {
		if (vf == UNIT_OPEN)
			vf = im->today;
		if (vt != UNIT_OPEN && vt <= vf)
			REJECT("valid_to must be after valid_from (%s)", ymd(vf, b1));
		if (have_parent && parent.valid_from > vf)
			REJECT("parent '%s' starts on %s, after this unit", pcode, ymd(parent.valid_from, b1));
		if (have_parent && parent.valid_to != UNIT_OPEN && (vt == UNIT_OPEN || vt > parent.valid_to))
			REJECT("parent '%s' closed on %s: this unit must close by then too", pcode,
			       ymd(parent.valid_to, b1));
		start = vf;
	} else {
		if (strcmp(existing.kind, kind))
			REJECT("kind differs from the database ('%s'); a unit's kind cannot change", existing.kind);
		if (vf != UNIT_OPEN && vf != existing.valid_from)
			REJECT("valid_from differs from the database (%s)", ymd(existing.valid_from, b1));
		int64_t pid = have_parent ? parent.id : 0;
		if (existing.valid_to != UNIT_OPEN) {
			if (vt == UNIT_OPEN)
				REJECT("unit was closed on %s; a closed unit cannot be reopened",
				       ymd(existing.valid_to, b1));
			if (vt != existing.valid_to)
				REJECT("valid_to differs from the database (%s)", ymd(existing.valid_to, b1));
			if (strcmp(name, existing.name) || pid != existing.parent_id)
				REJECT("unit is closed; its name and parent can no longer change");
		} else {
			rename = strcmp(name, existing.name) != 0;
			move = pid != existing.parent_id;
			close = vt != UNIT_OPEN;
			if (close && (rename || move))
				REJECT("cannot rename or move a unit on the line that closes it");
			if (move && have_parent) {
				if (parent.valid_to != UNIT_OPEN)
					REJECT("parent '%s' is closed", pcode);
				int within = unit_is_within(db, parent.id, existing.id);
				if (within < 0)
					return ORG_DB;
				if (within)
					REJECT("moving under '%s' would put the unit inside itself", pcode);
			}
			if (close) {
				int64_t kids, vstart;
				if (vt <= existing.valid_from)
					REJECT("valid_to must be after valid_from (%s)", ymd(existing.valid_from, b1));
				if (unit_version_start(db, existing.id, &vstart) < 0 ||
				    unit_count_open_children(db, existing.id, &kids) < 0)
					return ORG_DB;
				if (vt < vstart)
					REJECT("valid_to %s is before the unit's latest change (%s)", ymd(vt, b1),
					       ymd(vstart, b2));
				if (kids)
					REJECT("unit has %lld open sub-units: close or move them first "
					       "(on earlier lines)", (long long)kids);
			}
		}
		start = existing.valid_from;
	}

	for (size_t i = 0; i < npreds; i++) {
		if (!strcmp(preds[i].code, code))
			REJECT("a unit cannot succeed itself");
		rc = unit_get_by_code(db, a, preds[i].code, &pred_units[i]);
		if (rc == DB_NOTFOUND)
			REJECT("unknown predecessor '%s' (it must exist or come earlier in the file)", preds[i].code);
		if (rc < 0)
			return ORG_DB;
		if (pred_units[i].valid_to != start)
			REJECT("predecessor '%s' must close on %s, the day this unit starts (%s)", preds[i].code,
			       ymd(start, b1), pred_units[i].valid_to == UNIT_OPEN ? "it is still open"
			       : ymd(pred_units[i].valid_to, b2));
	}

	/* everything checked: write */
	int changed = 0;
	if (!have_existing) {
		memset(&u, 0, sizeof(u));
		u.code = code;
		u.name = name;
		u.kind = kind;
		u.parent_id = have_parent ? parent.id : 0;
		u.parent_code = have_parent ? parent.code : NULL;
		u.valid_from = vf;
		u.valid_to = vt;
		if (insert_unit(db, im->actor, a, &u, "import", im->now) < 0)
			return ORG_DB;
		im->rep->created++;
	} else {
		u = existing;
		if (rename || move) {
			if (change_unit(db, im->actor, a, &existing, name, have_parent ? &parent : NULL, im->today,
					"import", im->now) < 0)
				return ORG_DB;
			changed = 1;
		}
		if (close) {
			if (unit_close(db, existing.id, vt, im->now) < 0 || note_closed(im, existing.id) < 0)
				return ORG_DB;
			struct jobj j;
			jo_begin(&j, a);
			jo_date(&j, "date", vt);
			jo_str(&j, "source", "import");
			if (audit(db, im->actor, "unit.close", code, &j) < 0)
				return ORG_DB;
			u.valid_to = vt;
			changed = 1;
		}
	}
	for (size_t i = 0; i < npreds; i++) {
		const struct unit *p = &pred_units[i];
		int split = !strcmp(preds[i].kind, "split_from");
		const char *edge = split ? "split_from" : !strcmp(preds[i].kind, "merged_from")
			? "merged_into" : "renamed_to";
		int ins = split ? unit_succession_insert(db, u.id, p->id, edge, start, im->now)
				: unit_succession_insert(db, p->id, u.id, edge, start, im->now);
		if (ins < 0)
			return ORG_DB;
		if (!ins)
			continue;
		struct jobj j;
		jo_begin(&j, a);
		jo_str(&j, "from", split ? u.code : p->code);
		jo_str(&j, "to", split ? p->code : u.code);
		jo_str(&j, "kind", edge);
		jo_date(&j, "date", start);
		jo_str(&j, "source", "import");
		if (audit(db, im->actor, "unit.succession", u.code, &j) < 0)
			return ORG_DB;
		im->rep->successions++;
		if (u.valid_to == UNIT_OPEN) {
			size_t moved = 0;
			if (unit_move_open_work(db, im->actor, p->id, u.id, im->now, &moved) < 0)
				return ORG_DB;
			im->rep->moved += moved;
		}
		changed = 1;
	}
	if (have_existing) {
		if (changed)
			im->rep->updated++;
		else
			im->rep->unchanged++;
	}
	return ORG_OK;
}

#undef REJECT

int org_import_csv(struct db *db, const struct audit_actor *actor, struct arena *a, const char *text,
		   size_t len, unsigned flags, struct org_import_report *rep)
{
	struct import im;
	struct csv c;
	struct csv_record r;
	int rc = ORG_OK;
	memset(rep, 0, sizeof(*rep));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.actor = actor;
	im.a = a;
	im.rep = rep;
	im.now = (int64_t)time(NULL);
	im.today = vn_day_start(vn_day_of(im.now));
	c.p = text;
	c.end = text + len;
	c.line = 1;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.p += 3;
	if (actor->account_id) {
		int root = perm_admin_root(db, actor->account_id);
		if (root != 1) {
			rep->rolled_back = 1;
			if (root < 0)
				return ORG_DB;
			return reject(&im, 1, "only a root administrator may import the tree") < 0 ? ORG_DB
												   : ORG_FORBIDDEN;
		}
	}
	if (!csv_next(&c, a, &r)) {
		rep->rolled_back = 1;
		return reject(&im, 1, "empty file: expected the header code,name,kind,parent,valid_from,valid_to")
			< 0 ? ORG_DB : ORG_INVALID;
	}
	if ((rc = read_header(&im, &r)) != ORG_OK) {
		rep->rolled_back = 1;
		return rc;
	}
	if (db_begin(db) < 0)
		return ORG_DB;
	while (rc == ORG_OK && csv_next(&c, a, &r))
		rc = import_line(&im, &r);
	for (size_t i = 0; rc == ORG_OK && i < im.nclosed; i++)
		rc = revoke_unit_grants(db, actor, a, im.closed[i], im.now, &rep->revoked);
	if (rc == ORG_OK && rep->nrejected && (flags & ORG_IMPORT_STRICT))
		rc = ORG_INVALID;
	if (rc != ORG_OK) {
		db_rollback(db);
		rep->rolled_back = 1;
		return rc;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		rep->rolled_back = 1;
		return ORG_DB;
	}
	return ORG_OK;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void org_import_summary(const struct org_import_report *rep, char *buf, size_t len)
{
	size_t good = rep->units - rep->nrejected;
	if (rep->rolled_back && !rep->units)
		snprintf(buf, len, "nothing imported");
	else if (rep->rolled_back)
		snprintf(buf, len, "nothing imported (all or nothing: %zu of %zu line%s accepted)", good,
			 rep->units, plural(rep->units));
	else if (!rep->created && !rep->updated && !rep->successions)
		snprintf(buf, len, "unchanged: %s%zu unit%s already match%s the database", good == 1 ? "" : "all ",
			 good, plural(good), good == 1 ? "es" : "");
	else
		snprintf(buf, len, "imported %zu unit%s (%zu new, %zu updated, %zu unchanged), %zu succession link%s",
			 rep->created + rep->updated, plural(rep->created + rep->updated), rep->created,
			 rep->updated, rep->unchanged, rep->successions, plural(rep->successions));
}
