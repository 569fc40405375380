/*
 * consultation.c - the rules of consultations on drafts (consultation.h):
 * who may create, comment, reply, moderate and publish, the legal minimum
 * period, versions that keep part ids, and the report. One transaction
 * and one audit entry per write.
 */
#include "consultation.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/draftparts.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "core/vntext.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/legal_rule.h"
#include "store/unit.h"

#define DRAFTER_ROLES (ROLE_LEADER | ROLE_ADMIN | ROLE_HANDLER)

static const char *const status_names[CONSULT_ST_COUNT] = { "upcoming", "open", "closed", "report_published" };
static const char *const status_labels[CONSULT_ST_COUNT] = {
	"Sắp lấy ý kiến", "Đang lấy ý kiến", "Đã hết hạn góp ý", "Đã công khai kết quả tiếp thu",
};

const char *consult_status_name(int st)
{
	return st >= 0 && st < CONSULT_ST_COUNT ? status_names[st] : NULL;
}

const char *consult_status_label(int st)
{
	return st >= 0 && st < CONSULT_ST_COUNT ? status_labels[st] : NULL;
}

int consult_status_of(const struct consultation *c, int64_t now)
{
	if (c->report_published_at)
		return CONSULT_ST_PUBLISHED;
	if (now < c->opens_at)
		return CONSULT_ST_UPCOMING;
	if (now < c->closes_at)
		return CONSULT_ST_OPEN;
	return CONSULT_ST_CLOSED;
}

static const char *const decisions[][2] = {
	{ "accepted", "Tiếp thu" },
	{ "partly_accepted", "Tiếp thu một phần" },
	{ "noted", "Ghi nhận" },
	{ "not_accepted", "Không tiếp thu (giải trình)" },
};

const char *consult_decision_label(const char *d)
{
	for (size_t i = 0; d && i < sizeof(decisions) / sizeof(decisions[0]); i++)
		if (!strcmp(decisions[i][0], d))
			return decisions[i][1];
	return NULL;
}

static const char *const channels[][2] = {
	{ "web", "Trang góp ý" },
	{ "api", "Ứng dụng" },
	{ "conference", "Hội nghị" },
	{ "writing", "Văn bản" },
	{ "letter", "Thư" },
};

const char *consult_channel_label(const char *c)
{
	for (size_t i = 0; c && i < sizeof(channels) / sizeof(channels[0]); i++)
		if (!strcmp(channels[i][0], c))
			return channels[i][1];
	return NULL;
}

const char *consult_rc_message(int rc)
{
	switch (rc) {
	case APP_NOT_FOUND: return "Không tìm thấy dự thảo hoặc ý kiến này.";
	case APP_FORBIDDEN: return "Bạn không có quyền thực hiện thao tác này với dự thảo.";
	case APP_CLOSED: return "Dự thảo không trong thời gian lấy ý kiến.";
	case APP_UNANSWERED: return "Còn ý kiến chưa được trả lời: chưa thể công khai báo cáo.";
	case APP_INVALID_TRANSITION: return "Trạng thái của dự thảo không cho phép thao tác này.";
	case APP_CONFLICT: return "Ý kiến này đã được gộp với ý kiến khác; hãy trả lời ý kiến chính.";
	default: return app_rc_message(rc);
	}
}

/* --- callers and roles -------------------------------------------------------------- */

static int64_t account_of(const struct app_ctx *ctx)
{
	return ctx->actor ? ctx->actor->account_id : 0;
}

/* The command line and the demo loader act as the system: not checked. */
static int is_system(const struct app_ctx *ctx)
{
	return ctx->actor && ctx->actor->account_id == 0 && ctx->actor->name && strcmp(ctx->actor->name, "citizen");
}

/* 1 when the caller holds a role of `mask` in the unit (or is the system). */
static int holds(const struct app_ctx *ctx, int64_t unit_id, unsigned mask)
{
	if (is_system(ctx))
		return 1;
	if (!account_of(ctx))
		return 0;
	return perm_has(ctx->db, account_of(ctx), unit_id, mask) > 0;
}

static int is_org_kind(const char *kind)
{
	static const char *const k[] = { "front", "women", "youth", "veterans", "farmers", "trade_union" };
	for (size_t i = 0; kind && i < sizeof(k) / sizeof(k[0]); i++)
		if (!strcmp(kind, k[i]))
			return 1;
	return 0;
}

/* The organisation the caller comments for: the open unit of org kind
 * with code `code` among its grants (or the first one when code is NULL).
 * *unit_id 0 when it holds none. APP_VALIDATION when code is not one. */
static int caller_org(const struct app_ctx *ctx, const char *code, int64_t *unit_id, struct app_errors *errs)
{
	*unit_id = 0;
	if (!account_of(ctx)) {
		if (code) {
			app_errors_add(errs, "organisation", "Chỉ cán bộ của tổ chức mới góp ý nhân danh tổ chức.");
			return APP_VALIDATION;
		}
		return APP_OK;
	}
	struct perm_grant_list g;
	if (perm_list_grants(ctx->db, ctx->arena, account_of(ctx), &g) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < g.n; i++) {
		struct unit u;
		if (unit_get_by_id(ctx->db, ctx->arena, g.items[i].unit_id, &u) != DB_OK)
			continue;
		if (!is_org_kind(u.kind) || u.valid_to != UNIT_OPEN)
			continue;
		if (!code || !strcmp(code, u.code)) {
			*unit_id = u.id;
			return APP_OK;
		}
	}
	if (code) {
		app_errors_add(errs, "organisation", "Bạn không phải cán bộ của tổ chức này.");
		return APP_VALIDATION;
	}
	return APP_OK;
}

/* --- text ----------------------------------------------------------------------------- */

/* Clean a text field; 1 when blank (then *out is NULL), 0, or -1 with an error. */
static int clean(const struct app_ctx *ctx, const char *in, unsigned flags, size_t max, const char *field,
		 struct app_errors *errs, const char **out)
{
	*out = NULL;
	if (!in || !*in)
		return 1;
	char *c = NULL;
	size_t len = 0;
	int rc = vntext_clean(ctx->arena, in, strlen(in), flags, &c, &len);
	if (rc == VNTEXT_NOMEM)
		return -2;
	if (rc == VNTEXT_INVALID_UTF8) {
		app_errors_add(errs, field, "Nội dung có ký tự không hợp lệ.");
		return -1;
	}
	if (len == 0)
		return 1;
	if (vntext_check_length(c, len, 1, max) != VNTEXT_OK) {
		app_errors_addf(errs, ctx->arena, field, "Tối đa %zu ký tự.", max);
		return -1;
	}
	*out = c;
	return 0;
}

/* Split and store a version's text (inside the caller's transaction). */
static int store_version(const struct app_ctx *ctx, int64_t id, int64_t number, const char *text,
			 const struct draft_part *parts, size_t n)
{
	int64_t vid;
	if (consultation_version_insert(ctx->db, id, number, text, account_of(ctx), ctx->now, &vid) != DB_OK)
		return APP_ERROR;
	for (size_t i = 0; i < n; i++) {
		int64_t pid;
		if (consultation_part_ensure(ctx->db, id, parts[i].label, &pid) != DB_OK ||
		    consultation_part_text_insert(ctx->db, vid, pid, (int64_t)i, (int)parts[i].level, parts[i].text) != DB_OK)
			return APP_ERROR;
	}
	return APP_OK;
}

/* The draft text cleaned and split; APP_VALIDATION on "text". */
static int split_text(const struct app_ctx *ctx, const char *in, const char **text, struct draft_part **parts,
		      size_t *n, struct app_errors *errs)
{
	if (in && strlen(in) > CONSULT_TEXT_MAX) {
		app_errors_add(errs, "text", "Dự thảo quá dài (tối đa 200.000 byte).");
		return APP_VALIDATION;
	}
	int r = clean(ctx, in, VNTEXT_MULTILINE, CONSULT_TEXT_MAX, "text", errs, text);
	if (r == -2)
		return APP_ERROR;
	if (r == 1)
		app_errors_add(errs, "text", "Hãy nhập nội dung dự thảo.");
	if (r != 0)
		return APP_VALIDATION;
	int rc = draftparts_split(ctx->arena, *text, strlen(*text), parts, n);
	if (rc == DRAFT_NOMEM)
		return APP_ERROR;
	if (rc == DRAFT_TOO_MANY || *n == 0) {
		app_errors_add(errs, "text", "Dự thảo có quá nhiều phần (tối đa 2.000).");
		return APP_VALIDATION;
	}
	return APP_OK;
}

static int commit_or_fail(struct db *db)
{
	if (db_commit(db) != DB_OK) {
		db_rollback(db);
		return APP_ERROR;
	}
	return APP_OK;
}

static int fail_tx(struct db *db, int rc)
{
	db_rollback(db);
	return rc;
}

static const char *idstr(const struct app_ctx *ctx, int64_t id)
{
	return arena_printf(ctx->arena, "%lld", (long long)id);
}

/* --- create ------------------------------------------------------------------------------ */

int consult_create(const struct app_ctx *ctx, const struct consult_input *in, int64_t *id, struct app_errors *errs)
{
	struct consultation c;
	memset(&c, 0, sizeof(c));
	const char *text = NULL;
	struct draft_part *parts = NULL;
	size_t nparts = 0;
	int r, invalid = 0;

	struct unit u;
	if (!in->unit || !*in->unit) {
		app_errors_add(errs, "unit", "Hãy chọn đơn vị soạn thảo.");
		invalid = 1;
	} else {
		r = unit_get_by_code(ctx->db, ctx->arena, in->unit, &u);
		if (r == DB_NOTFOUND || (r == DB_OK && u.valid_to != UNIT_OPEN)) {
			app_errors_add(errs, "unit", "Đơn vị không tồn tại hoặc đã giải thể.");
			invalid = 1;
		} else if (r != DB_OK) {
			return APP_ERROR;
		} else if (!holds(ctx, u.id, ROLE_LEADER | ROLE_ADMIN)) {
			app_errors_add(errs, "unit", "Chỉ lãnh đạo hoặc quản trị của đơn vị mới đăng dự thảo.");
			return APP_FORBIDDEN;
		}
	}
	r = clean(ctx, in->title, VNTEXT_SINGLELINE, 300, "title", errs, &c.title);
	if (r == -2)
		return APP_ERROR;
	if (r == 1)
		app_errors_add(errs, "title", "Hãy nhập tên dự thảo.");
	invalid |= r != 0;
	r = clean(ctx, in->summary, VNTEXT_MULTILINE, 3000, "summary", errs, &c.summary);
	if (r == -2)
		return APP_ERROR;
	invalid |= r < 0;
	r = split_text(ctx, in->text, &text, &parts, &nparts, errs);
	if (r == APP_ERROR)
		return r;
	invalid |= r != APP_OK;

	c.kind = in->kind ? in->kind : "community";
	struct legal_rule rule = { .amount = 0 };
	const char *rule_key = NULL;
	{
		struct db_stmt *st = db_prepare(ctx->db, "SELECT rule_key FROM consultation_kinds WHERE code = $1");
		if (!st)
			return APP_ERROR;
		db_bind_text(st, 1, c.kind);
		int s = db_step(st);
		if (s == DB_ROW)
			rule_key = arena_strdup(ctx->arena, db_col_text(st, 0) ? db_col_text(st, 0) : "");
		db_done(st);
		if (s < 0)
			return APP_ERROR;
		if (!rule_key) {
			app_errors_add(errs, "kind", "Loại dự thảo không hợp lệ.");
			invalid = 1;
		}
	}
	c.audience = in->audience ? in->audience : "public";
	if (strcmp(c.audience, "public") && strcmp(c.audience, "invited")) {
		app_errors_add(errs, "audience", "Đối tượng phải là public hoặc invited.");
		invalid = 1;
	}
	int64_t *inv = NULL;
	if (in->ninvited) {
		inv = arena_alloc(ctx->arena, in->ninvited * sizeof(*inv));
		if (!inv)
			return APP_ERROR;
	}
	for (size_t i = 0; i < in->ninvited; i++) {
		struct unit iu;
		r = unit_get_by_code(ctx->db, ctx->arena, in->invited[i] ? in->invited[i] : "", &iu);
		if (r == DB_OK && iu.valid_to == UNIT_OPEN) {
			inv[i] = iu.id;
		} else if (r == DB_OK || r == DB_NOTFOUND) {
			app_errors_addf(errs, ctx->arena, "invited", "Không tìm thấy đơn vị '%s'.",
					in->invited[i] ? in->invited[i] : "");
			invalid = 1;
		} else {
			return APP_ERROR;
		}
	}
	if (!strcmp(c.audience, "public") && in->ninvited) {
		app_errors_add(errs, "invited", "Chỉ dự thảo dành cho tổ chức được mời (audience invited) mới có danh sách mời.");
		invalid = 1;
	}
	if (!strcmp(c.audience, "invited") && in->ninvited == 0) {
		app_errors_add(errs, "invited", "Hãy chọn các tổ chức được mời góp ý.");
		invalid = 1;
	}
	if (!in->opens_at) {
		app_errors_add(errs, "opens_at", "Hãy nhập thời điểm bắt đầu lấy ý kiến.");
		invalid = 1;
	}
	if (!in->closes_at) {
		app_errors_add(errs, "closes_at", "Hãy nhập thời điểm kết thúc lấy ý kiến.");
		invalid = 1;
	}
	if (in->opens_at && in->closes_at && rule_key) {
		int32_t day = (int32_t)vn_day_of(in->opens_at);
		r = legal_rule_get(ctx->db, ctx->arena, rule_key, day, &rule);
		if (r != DB_OK && r != DB_NOTFOUND)
			return APP_ERROR;
		if (in->closes_at <= in->opens_at) {
			app_errors_add(errs, "closes_at", "Thời điểm kết thúc phải sau thời điểm bắt đầu.");
			invalid = 1;
		} else if (r == DB_OK && in->closes_at - in->opens_at < rule.amount * 86400) {
			app_errors_addf(errs, ctx->arena, "closes_at",
					"Thời gian lấy ý kiến phải ít nhất %lld ngày (%s).", (long long)rule.amount,
					rule.legal_basis);
			invalid = 1;
		}
	}
	if (invalid)
		return APP_VALIDATION;

	c.unit_id = u.id;
	c.opens_at = in->opens_at;
	c.closes_at = in->closes_at;
	c.created_by = account_of(ctx);
	char *key = NULL;
	const char *both = arena_printf(ctx->arena, "%s %s", c.title, c.summary ? c.summary : "");
	if (!both || vntext_fold(ctx->arena, both, strlen(both), &key, NULL) != VNTEXT_OK)
		return APP_ERROR;
	c.search_key = key;

	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (consultation_insert(ctx->db, &c, ctx->now, id) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	for (size_t i = 0; i < in->ninvited; i++)
		if (consultation_invite(ctx->db, *id, inv[i]) != DB_OK)
			return fail_tx(ctx->db, APP_ERROR);
	if (store_version(ctx, *id, 1, text, parts, nparts) != APP_OK ||
	    consultation_search_index(ctx->db, *id) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.create", "consultation", idstr(ctx, *id),
				  json_pack("{s:s, s:s, s:s, s:I, s:I, s:i}", "title", c.title, "unit", u.code,
					    "audience", c.audience, "opens_at", (json_int_t)c.opens_at, "closes_at",
					    (json_int_t)c.closes_at, "parts", (int)nparts)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

/* --- reading -------------------------------------------------------------------------------- */

/* The consultation, its status and the caller's standing in it. */
static int load(const struct app_ctx *ctx, int64_t id, struct consultation *c, int *status, int *drafter, int *leader)
{
	int r = consultation_get(ctx->db, ctx->arena, id, c);
	if (r == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (r != DB_OK)
		return APP_ERROR;
	*status = consult_status_of(c, ctx->now);
	if (drafter)
		*drafter = holds(ctx, c->unit_id, DRAFTER_ROLES);
	if (leader)
		*leader = holds(ctx, c->unit_id, ROLE_LEADER);
	return APP_OK;
}

int consult_get(const struct app_ctx *ctx, int64_t id, int64_t version, struct consult_view *out)
{
	memset(out, 0, sizeof(*out));
	int rc = load(ctx, id, &out->c, &out->status, &out->drafter, &out->leader);
	if (rc != APP_OK)
		return rc;
	out->version = version ? version : out->c.version;
	if (out->version < 1 || out->version > out->c.version)
		return APP_NOT_FOUND;
	if (consultation_parts(ctx->db, ctx->arena, id, out->version, &out->parts, &out->nparts) != DB_OK)
		return APP_ERROR;
	if (consultation_comments(ctx->db, ctx->arena, id, out->drafter, &out->comments, &out->ncomments) != DB_OK)
		return APP_ERROR;
	if (!out->drafter) {
		for (size_t i = 0; i < out->ncomments; i++) {
			struct consultation_comment *m = &out->comments[i];
			if (!m->show_name)
				m->name = NULL;
			if (out->status != CONSULT_ST_PUBLISHED) {
				m->decision = m->reply = m->reply_part_label = NULL;
				m->reply_part_id = m->replied_at = 0;
			}
		}
	} else if (consultation_unanswered(ctx->db, id, &out->unanswered) != DB_OK) {
		return APP_ERROR;
	}
	if (consultation_invited(ctx->db, ctx->arena, id, &out->invited_codes, &out->invited_names, &out->ninvited) !=
	    DB_OK)
		return APP_ERROR;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT rule_key FROM consultation_kinds WHERE code = $1");
	if (!st)
		return APP_ERROR;
	db_bind_text(st, 1, out->c.kind);
	const char *key = NULL;
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		key = arena_strdup(ctx->arena, db_col_text(st, 0));
	db_done(st);
	if (key)
		out->min_days = legal_rule_amount(ctx->db, key, (int32_t)vn_day_of(out->c.opens_at), 0);
	return APP_OK;
}

int consult_audit_names(const struct app_ctx *ctx, const struct consult_view *v)
{
	int64_t names = 0;
	for (size_t i = 0; v->drafter && i < v->ncomments; i++)
		if (v->comments[i].name && !v->comments[i].show_name)
			names++;
	if (!names || is_system(ctx))
		return APP_OK;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (audit_append_json_new(ctx->db, ctx->actor, "view_contact", "consultation", idstr(ctx, v->c.id),
				  json_pack("{s:I}", "names", (json_int_t)names)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

int consult_list(const struct app_ctx *ctx, const struct consultation_filter *f, struct consultation **items,
		 size_t *n, int64_t *total)
{
	return consultation_list(ctx->db, ctx->arena, f, items, n, total) == DB_OK ? APP_OK : APP_ERROR;
}

int consult_diff(const struct app_ctx *ctx, int64_t id, int64_t from, int64_t to, struct consultation_part **parts,
		 size_t *n)
{
	struct consultation c;
	int st;
	int rc = load(ctx, id, &c, &st, NULL, NULL);
	if (rc != APP_OK)
		return rc;
	if (from < 1 || to < 1 || from > c.version || to > c.version)
		return APP_NOT_FOUND;
	return consultation_parts_diff(ctx->db, ctx->arena, id, from, to, parts, n) == DB_OK ? APP_OK : APP_ERROR;
}

/* --- versions ---------------------------------------------------------------------------- */

int consult_new_version(const struct app_ctx *ctx, int64_t id, const char *in, int64_t *number,
			struct app_errors *errs)
{
	struct consultation c;
	int st, drafter;
	int rc = load(ctx, id, &c, &st, &drafter, NULL);
	if (rc != APP_OK)
		return rc;
	if (!drafter)
		return APP_FORBIDDEN;
	if (st == CONSULT_ST_PUBLISHED)
		return APP_INVALID_TRANSITION;
	const char *text;
	struct draft_part *parts;
	size_t n;
	rc = split_text(ctx, in, &text, &parts, &n, errs);
	if (rc != APP_OK)
		return rc;
	*number = c.version + 1;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (store_version(ctx, id, *number, text, parts, n) != APP_OK ||
	    consultation_set_version(ctx->db, id, *number, ctx->now) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.version", "consultation", idstr(ctx, id),
				  json_pack("{s:I, s:i}", "version", (json_int_t)*number, "parts", (int)n)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

/* --- comments ------------------------------------------------------------------------------- */

int consult_comment(const struct app_ctx *ctx, int64_t id, const struct consult_comment_input *in, int64_t *cid,
		    struct app_errors *errs)
{
	struct consultation c;
	int st, drafter;
	int rc = load(ctx, id, &c, &st, &drafter, NULL);
	if (rc != APP_OK)
		return rc;
	struct consultation_comment m;
	memset(&m, 0, sizeof(m));
	m.consultation_id = id;
	m.version = c.version;
	m.created_at = ctx->now;
	int recorded = in->channel && *in->channel && strcmp(in->channel, "web") && strcmp(in->channel, "api");
	if (recorded) {
		if (!consult_channel_label(in->channel)) {
			app_errors_add(errs, "channel", "Kênh phải là conference, writing hoặc letter.");
			return APP_VALIDATION;
		}
		if (!drafter) {
			app_errors_add(errs, "channel", "Chỉ cán bộ của đơn vị soạn thảo mới ghi nhận ý kiến.");
			return APP_FORBIDDEN;
		}
		m.channel = in->channel;
		m.recorded_by = account_of(ctx);
		if (in->organisation && *in->organisation) {
			struct unit ou;
			int r = unit_get_by_code(ctx->db, ctx->arena, in->organisation, &ou);
			if (r == DB_OK && is_org_kind(ou.kind)) {
				m.org_unit_id = ou.id;
			} else if (r == DB_OK || r == DB_NOTFOUND) {
				app_errors_add(errs, "organisation", "Không phải một tổ chức (Mặt trận, đoàn thể).");
				return APP_VALIDATION;
			} else {
				return APP_ERROR;
			}
		}
	} else {
		m.channel = in->web ? "web" : "api";
		rc = caller_org(ctx, in->organisation && *in->organisation ? in->organisation : NULL, &m.org_unit_id,
				errs);
		if (rc != APP_OK)
			return rc;
	}
	int invalid = 0;
	int r = clean(ctx, in->text, VNTEXT_MULTILINE, CONSULT_COMMENT_MAX, "text", errs, &m.text);
	if (r == -2)
		return APP_ERROR;
	if (r == 1)
		app_errors_add(errs, "text", "Hãy nhập ý kiến góp ý.");
	invalid |= r != 0;
	r = clean(ctx, in->name, VNTEXT_SINGLELINE, 100, "name", errs, &m.name);
	if (r == -2)
		return APP_ERROR;
	invalid |= r < 0;
	m.show_name = in->show_name && m.name;
	if (in->part_id) {
		r = consultation_part_of(ctx->db, id, in->part_id);
		if (r < 0)
			return APP_ERROR;
		if (!r) {
			app_errors_add(errs, "part", "Phần này không thuộc dự thảo.");
			invalid = 1;
		}
		m.part_id = in->part_id;
	}
	if (in->contact && !utf8_valid(in->contact, strlen(in->contact))) {
		app_errors_add(errs, "contact", "Nội dung có ký tự không hợp lệ.");
		invalid = 1;
	}
	m.contact = in->contact;
	if (invalid)
		return APP_VALIDATION;
	if (st != CONSULT_ST_OPEN)
		return APP_CLOSED;
	if (!strcmp(c.audience, "invited") && !recorded) {
		int ok = 0;
		if (m.org_unit_id) {
			ok = consultation_is_invited(ctx->db, id, m.org_unit_id);
			if (ok < 0)
				return APP_ERROR;
		}
		if (!ok) {
			app_errors_add(errs, "organisation", "Dự thảo chỉ lấy ý kiến các tổ chức được mời.");
			return APP_FORBIDDEN;
		}
	}
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (consultation_comment_insert(ctx->db, &m, cid) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.comment", "consultation_comment",
				  idstr(ctx, *cid),
				  json_pack("{s:I, s:I, s:s, s:b, s:b}", "consultation", (json_int_t)id, "part",
					    (json_int_t)m.part_id, "channel", m.channel, "organisation",
					    m.org_unit_id != 0, "contact", m.contact != NULL)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

/* The consultation and comment for a drafting-unit action. */
static int load_comment(const struct app_ctx *ctx, int64_t id, int64_t cid, struct consultation *c, int *st,
			struct consultation_comment *m)
{
	int drafter;
	int rc = load(ctx, id, c, st, &drafter, NULL);
	if (rc != APP_OK)
		return rc;
	int r = consultation_comment_get(ctx->db, ctx->arena, id, cid, m);
	if (r == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (r != DB_OK)
		return APP_ERROR;
	return drafter ? APP_OK : APP_FORBIDDEN;
}

int consult_reply(const struct app_ctx *ctx, int64_t id, int64_t cid, const char *decision, const char *in,
		  int64_t part_id, struct app_errors *errs)
{
	struct consultation c;
	struct consultation_comment m;
	int st;
	int rc = load_comment(ctx, id, cid, &c, &st, &m);
	if (rc != APP_OK)
		return rc;
	int invalid = 0;
	if (!consult_decision_label(decision)) {
		app_errors_add(errs, "decision", "Hãy chọn: accepted, partly_accepted, noted hoặc not_accepted.");
		invalid = 1;
	}
	const char *text;
	int r = clean(ctx, in, VNTEXT_MULTILINE, CONSULT_COMMENT_MAX, "text", errs, &text);
	if (r == -2)
		return APP_ERROR;
	invalid |= r < 0;
	if (r == 1 && decision && !strcmp(decision, "not_accepted")) {
		app_errors_add(errs, "text", "Không tiếp thu thì phải giải trình lý do.");
		invalid = 1;
	}
	if (part_id) {
		r = consultation_part_of(ctx->db, id, part_id);
		if (r < 0)
			return APP_ERROR;
		if (!r) {
			app_errors_add(errs, "part", "Phần này không thuộc dự thảo.");
			invalid = 1;
		}
	}
	if (invalid)
		return APP_VALIDATION;
	if (st == CONSULT_ST_PUBLISHED)
		return APP_INVALID_TRANSITION;
	if (m.group_id)
		return APP_CONFLICT;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (consultation_reply_set(ctx->db, cid, decision, text, part_id, account_of(ctx), ctx->now) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.reply", "consultation_comment", idstr(ctx, cid),
				  json_pack("{s:I, s:s, s:I}", "consultation", (json_int_t)id, "decision", decision,
					    "part", (json_int_t)part_id)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

int consult_hide(const struct app_ctx *ctx, int64_t id, int64_t cid, const char *in, struct app_errors *errs)
{
	struct consultation c;
	struct consultation_comment m;
	int st;
	int rc = load_comment(ctx, id, cid, &c, &st, &m);
	if (rc != APP_OK)
		return rc;
	const char *reason;
	int r = clean(ctx, in, VNTEXT_SINGLELINE, 500, "reason", errs, &reason);
	if (r == -2)
		return APP_ERROR;
	if (r == 1)
		app_errors_add(errs, "reason", "Hãy ghi lý do ẩn ý kiến.");
	if (r != 0)
		return APP_VALIDATION;
	if (m.hidden_reason)
		return APP_INVALID_TRANSITION;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (consultation_comment_hide(ctx->db, cid, reason, account_of(ctx), ctx->now) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.hide", "consultation_comment", idstr(ctx, cid),
				  json_pack("{s:I, s:s}", "consultation", (json_int_t)id, "reason", reason)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

int consult_group(const struct app_ctx *ctx, int64_t id, int64_t cid, int64_t into, struct app_errors *errs)
{
	struct consultation c;
	struct consultation_comment m, lead;
	int st;
	int rc = load_comment(ctx, id, cid, &c, &st, &m);
	if (rc != APP_OK)
		return rc;
	int r = into ? consultation_comment_get(ctx->db, ctx->arena, id, into, &lead) : DB_NOTFOUND;
	if (r != DB_OK && r != DB_NOTFOUND)
		return APP_ERROR;
	if (r == DB_NOTFOUND || into == cid || lead.group_id) {
		app_errors_add(errs, "into", "Hãy chọn một ý kiến chính khác của cùng dự thảo.");
		return APP_VALIDATION;
	}
	if (st == CONSULT_ST_PUBLISHED)
		return APP_INVALID_TRANSITION;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	/* the comments grouped under cid follow it to its new lead */
	struct db_stmt *s = db_prepare(ctx->db, "UPDATE consultation_comments SET group_id = $2 WHERE group_id = $1");
	if (!s)
		return fail_tx(ctx->db, APP_ERROR);
	db_bind_int(s, 1, cid);
	db_bind_int(s, 2, into);
	int sr = db_step(s);
	db_done(s);
	if (sr < 0 || consultation_comment_group(ctx->db, cid, into) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (audit_append_json_new(ctx->db, ctx->actor, "consultation.group", "consultation_comment", idstr(ctx, cid),
				  json_pack("{s:I, s:I}", "consultation", (json_int_t)id, "into", (json_int_t)into)) !=
	    DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

int consult_event(const struct app_ctx *ctx, int64_t id, const char *type, struct app_errors *errs)
{
	struct consultation c;
	int st, leader;
	int rc = load(ctx, id, &c, &st, NULL, &leader);
	if (rc != APP_OK)
		return rc;
	int publish = type && !strcmp(type, "publish_report");
	int send = type && !strcmp(type, "send_to_front");
	if (!publish && !send) {
		app_errors_add(errs, "type", "Thao tác phải là publish_report hoặc send_to_front.");
		return APP_VALIDATION;
	}
	if (!leader)
		return APP_FORBIDDEN;
	if (publish && st != CONSULT_ST_CLOSED)
		return APP_INVALID_TRANSITION;
	if (send && (st != CONSULT_ST_PUBLISHED || c.sent_to_front_at))
		return APP_INVALID_TRANSITION;
	int64_t unanswered = 0;
	if (publish) {
		if (consultation_unanswered(ctx->db, id, &unanswered) != DB_OK)
			return APP_ERROR;
		if (unanswered)
			return APP_UNANSWERED;
	}
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	int r = publish ? consultation_set_published(ctx->db, id, account_of(ctx), ctx->now)
			: consultation_set_sent(ctx->db, id, account_of(ctx), ctx->now);
	if (r == DB_NOTFOUND)
		return fail_tx(ctx->db, APP_INVALID_TRANSITION);
	if (r != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (publish && consultation_unanswered(ctx->db, id, &unanswered) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	if (unanswered)
		return fail_tx(ctx->db, APP_UNANSWERED);
	if (audit_append_json_new(ctx->db, ctx->actor, publish ? "consultation.publish_report" : "consultation.send_to_front",
				  "consultation", idstr(ctx, id), json_pack("{s:s}", "type", type)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

int consult_contact(const struct app_ctx *ctx, int64_t id, int64_t cid, const char **contact)
{
	struct consultation c;
	struct consultation_comment m;
	int st;
	*contact = NULL;
	int rc = load_comment(ctx, id, cid, &c, &st, &m);
	if (rc != APP_OK)
		return rc == APP_FORBIDDEN ? APP_NOT_FOUND : rc;
	int r = consultation_comment_contact(ctx->db, ctx->arena, cid, contact);
	if (r == DB_NOTFOUND)
		return APP_OK;
	if (r != DB_OK)
		return APP_ERROR;
	if (db_begin(ctx->db) != DB_OK)
		return APP_ERROR;
	if (audit_append_json_new(ctx->db, ctx->actor, "view_contact", "consultation_comment", idstr(ctx, cid),
				  json_pack("{s:I}", "consultation", (json_int_t)id)) != DB_OK)
		return fail_tx(ctx->db, APP_ERROR);
	return commit_or_fail(ctx->db);
}

/* --- the report ------------------------------------------------------------------------------ */

const char *consult_comment_by(struct arena *a, const struct consultation_comment *m)
{
	const char *who = m->org_name ? m->org_name : (m->show_name && m->name) ? m->name : "Người dân";
	if (strcmp(m->channel, "web") && strcmp(m->channel, "api"))
		return arena_printf(a, "%s (%s)", who, consult_channel_label(m->channel));
	return who;
}

int consult_report(const struct app_ctx *ctx, int64_t id, struct consult_report *out)
{
	memset(out, 0, sizeof(*out));
	int st, drafter;
	int rc = load(ctx, id, &out->c, &st, &drafter, NULL);
	if (rc != APP_OK)
		return rc;
	if (st != CONSULT_ST_PUBLISHED && !drafter)
		return APP_NOT_FOUND;
	struct consultation_comment *m;
	size_t n;
	struct consultation_part *parts;
	size_t np;
	if (consultation_comments(ctx->db, ctx->arena, id, 0, &m, &n) != DB_OK ||
	    consultation_parts(ctx->db, ctx->arena, id, out->c.version, &parts, &np) != DB_OK)
		return APP_ERROR;
	out->rows = n ? arena_zalloc(ctx->arena, n * sizeof(*out->rows)) : NULL;
	if (n && !out->rows)
		return APP_ERROR;
	/* rows in part order: the whole draft first, then the current
	 * version's parts, then parts no longer in it */
	size_t k = 0;
	for (size_t pass = 0; pass <= np + 1; pass++) {
		for (size_t i = 0; i < n; i++) {
			int in_pass;
			if (pass == 0) {
				in_pass = m[i].part_id == 0;
			} else if (pass <= np) {
				in_pass = m[i].part_id == parts[pass - 1].id;
			} else {
				in_pass = m[i].part_id != 0;
				for (size_t j = 0; j < np && in_pass; j++)
					if (parts[j].id == m[i].part_id)
						in_pass = 0;
			}
			if (!in_pass)
				continue;
			struct consult_report_row *row = &out->rows[k++];
			row->comment_id = m[i].id;
			row->part = m[i].part_label ? m[i].part_label : "Toàn bộ dự thảo";
			row->comment = m[i].text;
			row->by = consult_comment_by(ctx->arena, &m[i]);
			row->decision = m[i].decision;
			row->reply = m[i].reply;
			row->changed_part = m[i].reply_part_label;
			out->comments++;
			if (!m[i].decision)
				out->unanswered++;
			else if (!strcmp(m[i].decision, "accepted"))
				out->accepted++;
			else if (!strcmp(m[i].decision, "partly_accepted"))
				out->partly_accepted++;
			else if (!strcmp(m[i].decision, "noted"))
				out->noted++;
			else
				out->not_accepted++;
		}
	}
	out->nrows = k;
	return APP_OK;
}
