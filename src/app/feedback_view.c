/*
 * feedback_view.c - one item as its viewer may see it: the public view
 * (the sender with the secret, anyone for a public item), the officer view
 * with its audited contact reads, and the items a merge joins.
 */
#include "app/feedback_int.h"
#include "app/fbstate.h"
#include "store/category.h"
#include "store/db.h"
#include "core/arena.h"

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
	if (feedback_roles(ctx, t, &roles) < 0)
		return -1;
	return roles || (feedback_account(ctx) && t->created_by == feedback_account(ctx));
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
	v->meeting_id = r->meeting_id;
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
	v->overdue = feedback_is_overdue(r, ctx->now);
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
		if (attachment_list(ctx->db, FEEDBACK_OWNER, r->id, officer, a, &v->files, &v->nfiles) < 0)
			return FEEDBACK_ERROR;
	}
	return FEEDBACK_OK;
}
int feedback_get_public(const struct app_ctx *ctx, const char *code, const char *secret,
			struct feedback_view *out)
{
	struct feedback_row r;
	int rc = feedback_load(ctx, code, &r);
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
	return feedback_audit(ctx->db, feedback_actor(ctx), "view_contact", code,
			      json_pack("{s:s}", "viewed_from", from));
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
		if (has < 0 || !m->code || feedback_roles(ctx, &rows[i], &mroles) < 0)
			return FEEDBACK_ERROR;
		int created = feedback_account(ctx) && rows[i].created_by == feedback_account(ctx);
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

/* The officer view of r for a viewer holding `roles` over it; with
 * `contact`, inside the caller's transaction, the contact data too. */
static int officer_view(const struct app_ctx *ctx, const struct feedback_row *r, unsigned roles, int contact,
			struct feedback_view *out)
{
	int rc = view_common(ctx, r, 1, out);
	if (rc < 0)
		return rc;
	out->officer = 1;
	out->roles = roles;
	out->allowed_events = fbstate_allowed(r->status, roles);
	out->intake_unit_code = r->intake_unit_code;
	out->intake_unit_name = r->intake_unit_name;
	out->created_by = r->created_by;
	rc = feedback_answer_latest(ctx->db, r->id, 0, ctx->arena, &out->draft);
	if (rc == DB_OK && !out->draft.published_at)
		out->has_draft = 1;
	else if (rc < 0 && rc != DB_NOTFOUND)
		return FEEDBACK_ERROR;
	int has = feedback_contact_exists(ctx->db, r->id);
	if (has < 0)
		return FEEDBACK_ERROR;
	out->has_contact = has;
	if (has && contact) {
		if (audit_contact_view(ctx, r->code, r->code) < 0 ||
		    feedback_contact_get(ctx->db, r->id, ctx->arena, &out->contact) < 0)
			return FEEDBACK_ERROR;
		out->contact_shown = 1;
	}
	return load_merged(ctx, r, contact, out);
}

int feedback_get_for_officer(const struct app_ctx *ctx, const char *code, int with_contact,
			     struct feedback_view *out)
{
	struct feedback_row r;
	unsigned roles;
	int rc = feedback_load_roles(ctx, code, &r, &roles);
	if (rc < 0)
		return rc;
	int creator = feedback_account(ctx) && r.created_by == feedback_account(ctx);
	if (!roles && !creator)
		return r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
	int contact = with_contact && (roles & FBSTATE_CONTACT_ROLES);
	if (!contact)
		rc = officer_view(ctx, &r, roles, 0, out);
	else if (db_begin(ctx->db) < 0) /* the audit entries of the contact reads commit with the reads */
		rc = FEEDBACK_ERROR;
	else
		rc = feedback_finish(ctx->db, officer_view(ctx, &r, roles, 1, out));
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int feedback_get(const struct app_ctx *ctx, const char *code, const char *secret,
		 int with_contact, struct feedback_view *out)
{
	if (feedback_account(ctx)) {
		int rc = feedback_get_for_officer(ctx, code, with_contact, out);
		if (rc != FEEDBACK_FORBIDDEN && rc != FEEDBACK_NOT_FOUND)
			return rc;
	}
	return feedback_get_public(ctx, code, secret, out);
}
