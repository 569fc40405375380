/*
 * feedback_files.c - the files of an item: the early check of one file,
 * officers' evidence added in one transaction with its timeline events,
 * and one file read back by a viewer allowed to see it.
 */
#include "app/feedback_int.h"
#include "app/fbstate.h"
#include "store/db.h"
#include "core/arena.h"

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
		      const struct attachment_blob *b, const char *declared, struct app_errors *errs)
{
	struct db *db = ctx->db;
	const char *name = attachment_clean_name(ctx->arena, declared, b->mime);
	if (!name)
		return FEEDBACK_ERROR;
	int64_t file_id = 0;
	int x = attachment_store(db, feedback_actor(ctx), FEEDBACK_OWNER, r->id, b, name, ATTACHMENT_EVIDENCE,
				 feedback_account(ctx), ctx->now, &file_id);
	if (x == DB_CONSTRAINT) {
		app_errors_add(errs, "files", "Tệp này đã được đính kèm.");
		return FEEDBACK_CONFLICT;
	}
	if (x < 0)
		return FEEDBACK_ERROR;
	const char *extra = feedback_json(ctx->arena, json_pack("{s:I, s:s}", "file_id", (json_int_t)file_id,
								"filename", name));
	if (!extra)
		return FEEDBACK_ERROR;
	struct feedback_event ev = {
		.feedback_id = r->id,
		.at = ctx->now,
		.type = FB_EV_ATTACH,
		.actor_id = feedback_account(ctx),
		.unit_id = r->unit_id,
		.public = 0,
		.status_before = r->status,
		.status_after = r->status,
		.extra = extra,
	};
	if (feedback_event_insert(db, &ev, NULL) < 0)
		return FEEDBACK_ERROR;
	return feedback_audit(db, feedback_actor(ctx), "feedback.attach", r->code,
			      json_pack("{s:I}", "file_id", (json_int_t)file_id));
}

/* The checks and writes of feedback_attach_evidence() inside its
 * transaction: the item, the actor's roles over it, the room left. */
static int attach_all(const struct app_ctx *ctx, const char *code, const struct attachment_blob *blobs,
		      const struct feedback_file *files, size_t n, struct app_errors *errs)
{
	struct feedback_row r;
	unsigned roles;
	int rc = feedback_load_roles(ctx, code, &r, &roles);
	if (rc < 0)
		return rc;
	if (!roles)
		return r.public ? FEEDBACK_FORBIDDEN : FEEDBACK_NOT_FOUND;
	if (!(fbstate_roles(FB_EV_NOTE) & roles))
		return FEEDBACK_FORBIDDEN;
	int count = attachment_count(ctx->db, FEEDBACK_OWNER, r.id);
	if (count < 0)
		return FEEDBACK_ERROR;
	if ((size_t)count + n > ATTACHMENT_MAX_PER_ITEM) {
		app_errors_add(errs, "files", FEEDBACK_TOO_MANY_FILES);
		return FEEDBACK_VALIDATION;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = attach_one(ctx, &r, &blobs[i], files[i].filename, errs)) < 0)
			return rc;
	return FEEDBACK_OK;
}

/* feedback_attach_evidence() with the domain's error container. */
static int attach_evidence(const struct app_ctx *ctx, const char *code, const struct feedback_file *files,
			   size_t n, struct app_errors *errs)
{
	if (!feedback_account(ctx))
		return FEEDBACK_FORBIDDEN;
	/* check and hash before taking the write lock */
	struct attachment_blob blobs[ATTACHMENT_MAX_PER_ITEM];
	if (n > ATTACHMENT_MAX_PER_ITEM) {
		app_errors_add(errs, "files", FEEDBACK_TOO_MANY_FILES);
		return FEEDBACK_VALIDATION;
	}
	if (!n || !files) {
		app_errors_add(errs, "files", "Vui lòng chọn tệp minh chứng.");
		return FEEDBACK_VALIDATION;
	}
	for (size_t i = 0; i < n; i++) {
		int x = attachment_blob_init(&blobs[i], files[i].data, files[i].len);
		if (x < 0) {
			app_errors_add(errs, "files", feedback_file_refused(x));
			return FEEDBACK_VALIDATION;
		}
	}
	if (db_begin(ctx->db) < 0)
		return FEEDBACK_ERROR;
	return feedback_finish(ctx->db, attach_all(ctx, code, blobs, files, n, errs));
}

int feedback_attach_evidence(const struct app_ctx *ctx, const char *code,
			     const struct feedback_file *files, size_t n, struct app_errors *errs)
{
	struct app_errors e = { 0 };
	int rc = attach_evidence(ctx, code, files, n, &e);
	feedback_errors_export(errs, &e);
	return rc;
}

int feedback_attachment_get(const struct app_ctx *ctx, const char *code, const char *secret,
			    int64_t file_id, struct attachment *out)
{
	struct feedback_row r;
	unsigned roles;
	int rc = feedback_load_roles(ctx, code, &r, &roles);
	if (rc < 0)
		return rc;
	int sender = trackcode_secret_check(secret, r.secret_hash, sizeof(r.secret_hash));
	int redacted = r.public_title || r.public_body;
	int may_submission = roles || sender || (r.public && !redacted);
	if (!may_submission)
		return FEEDBACK_NOT_FOUND;
	rc = attachment_get(ctx->db, FEEDBACK_OWNER, r.id, file_id, ctx->arena, out);
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
