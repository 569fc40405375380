/*
 * emulation_files.c - evidence files of a model (minh chứng; app/emulation.h):
 * PDF or images typed from their bytes (store/attachment.h, owner "model"),
 * added by the officers of the model's unit, seen by whoever may see the
 * model (the public once it is recognised).
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <string.h>

#include "app/perm.h"
#include "core/arena.h"
#include "store/attachment.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"

#define MODEL_OWNER "model"
#define UPLOADERS (ROLE_LEADER | ROLE_HANDLER | ROLE_FRONT | ROLE_ADMIN)

int emul_model_attach(const struct app_ctx *ctx, int64_t id, const void *data, size_t len, const char *filename,
		      struct app_errors *errs, int64_t *file_id)
{
	app_errors_clear(errs);
	json_t *rows = emdb_model(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *m = em_first(rows);
	int64_t unit_id = m ? json_integer_value(json_object_get(m, "unit_id")) : 0;
	int discontinued = m && !strcmp(json_string_value(json_object_get(m, "status")), "discontinued");
	int pub = m && emul_model_public(json_string_value(json_object_get(m, "status")));
	json_decref(rows);
	if (!unit_id)
		return APP_NOT_FOUND;
	unsigned roles = 0;
	if (em_roles(ctx, unit_id, &roles) < 0)
		return APP_ERROR;
	if (ctx->actor && ctx->actor->account_id && !(roles & UPLOADERS)) {
		/* a model the caller may not see stays unseen */
		json_t *view = NULL;
		int rc = emul_model_get(ctx, id, &view);
		json_decref(view);
		if (rc == APP_ERROR)
			return APP_ERROR;
		if (rc == APP_NOT_FOUND && !pub)
			return APP_NOT_FOUND;
		app_errors_add(errs, "file", "Chỉ cán bộ của đơn vị có mô hình được thêm minh chứng.");
		return APP_FORBIDDEN;
	}
	if (discontinued) {
		app_errors_add(errs, "file", "Mô hình đã dừng thực hiện.");
		return APP_INVALID_TRANSITION;
	}
	if (!data || !len) {
		app_errors_add(errs, "file", "Vui lòng chọn tệp minh chứng (PDF hoặc ảnh).");
		return APP_VALIDATION;
	}
	struct attachment_blob b;
	int rc = attachment_blob_init(&b, data, len);
	if (rc == ATTACHMENT_TOO_LARGE) {
		app_errors_add(errs, "file", "Tệp quá lớn (tối đa 10 MB).");
		return APP_TOO_LARGE;
	}
	if (rc < 0) {
		app_errors_add(errs, "file", "Chỉ nhận tệp PDF, JPEG, PNG, WebP hoặc GIF.");
		return APP_UNSUPPORTED;
	}
	const char *name = attachment_clean_name(ctx->arena, filename, b.mime);
	if (!name)
		return APP_ERROR;
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int n = attachment_count(ctx->db, MODEL_OWNER, id);
	int64_t fid = 0;
	if (n < 0) {
		rc = APP_ERROR;
	} else if (n >= ATTACHMENT_MAX_PER_ITEM) {
		app_errors_add(errs, "file", "Mỗi mô hình có tối đa 5 tệp minh chứng.");
		rc = APP_CONFLICT;
	} else {
		rc = attachment_store(ctx->db, ctx->actor, MODEL_OWNER, id, &b, name, ATTACHMENT_SUBMISSION,
				      ctx->actor ? ctx->actor->account_id : 0, ctx->now, &fid);
		if (rc == DB_CONSTRAINT) {
			app_errors_add(errs, "file", "Tệp này đã có trong minh chứng của mô hình.");
			rc = APP_CONFLICT;
		} else if (rc < 0) {
			rc = APP_ERROR;
		} else {
			rc = em_audit(ctx, "model.attach", "model", id,
				      json_pack("{s:I, s:I, s:s}", "file_id", (json_int_t)fid, "size", (json_int_t)len,
						"mime", b.mime));
		}
	}
	rc = em_finish(ctx, rc);
	if (rc == APP_OK && file_id)
		*file_id = fid;
	return rc;
}

int emul_model_files(const struct app_ctx *ctx, int64_t id, json_t **out)
{
	struct attachment *items = NULL;
	size_t n = 0;
	if (attachment_list(ctx->db, MODEL_OWNER, id, 0, ctx->arena, &items, &n) < 0)
		return APP_ERROR;
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++) {
		char url[64];
		snprintf(url, sizeof(url), "/mo-hinh/%lld/tep/%lld", (long long)id, (long long)items[i].id);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)items[i].id,
						      "filename", items[i].filename, "mime", items[i].mime, "size",
						      (json_int_t)items[i].size, "url", url));
	}
	*out = list;
	return list ? APP_OK : APP_ERROR;
}

int emul_model_file_get(const struct app_ctx *ctx, int64_t id, int64_t file_id, struct attachment *out)
{
	/* the files are seen by whoever may see the model */
	json_t *view = NULL;
	int rc = emul_model_get(ctx, id, &view);
	json_decref(view);
	if (rc < 0)
		return rc;
	rc = attachment_get(ctx->db, MODEL_OWNER, id, file_id, ctx->arena, out);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	return rc < 0 ? APP_ERROR : APP_OK;
}
