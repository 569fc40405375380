/*
 * emulation_event.c - "Ngày hội" events (app/emulation.h): an honouring
 * event of a unit (title, day, place) and the models honoured there. A
 * leader (or administrator) of the unit creates the event and attaches
 * its models - those of the unit or a unit below it, or of a movement the
 * unit organises, that were selected as exemplary or commended; anyone reads the events, which show only public
 * models.
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <string.h>

#include "app/perm.h"
#include "core/arena.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"

#define MANAGERS (ROLE_LEADER | ROLE_ADMIN)

/* 1 when the actor may manage events of unit_id (the system may); -1 on error. */
static int may_manage(const struct app_ctx *ctx, int64_t unit_id)
{
	if (!ctx->actor || !ctx->actor->account_id)
		return 1;
	unsigned roles = 0;
	if (em_roles(ctx, unit_id, &roles) < 0)
		return -1;
	return (roles & MANAGERS) != 0;
}

int emul_event_create(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id)
{
	app_errors_clear(errs);
	const char *title = em_text(ctx, in, "title", "Vui lòng nhập tên ngày hội.", 300, 0, errs);
	const char *ucode = em_text(ctx, in, "unit", "Vui lòng chọn đơn vị tổ chức.", 64, 0, errs);
	const char *place = em_text(ctx, in, "place", "Vui lòng nhập địa điểm.", 300, 0, errs);
	const char *desc = em_text(ctx, in, "description", NULL, 5000, 1, errs);
	int64_t day = 0;
	int have_day = em_day(in, "date", "Vui lòng nhập ngày tổ chức.", &day, errs);
	size_t chars = 0;
	for (const char *p = title; p && *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (title && chars < 5)
		app_errors_add(errs, "title", "Tên ngày hội cần ít nhất 5 ký tự.");
	if (have_day == 1 && day > em_today(ctx) + 366)
		app_errors_add(errs, "date", "Ngày tổ chức không quá một năm kể từ hôm nay.");
	struct unit u = { 0 };
	int urc = ucode && have_day == 1 ? em_unit_on(ctx, ucode, day, "unit", &u, errs) : -1;
	if (urc == -2)
		return APP_ERROR;
	if (errs->n)
		return APP_VALIDATION;
	int ok = may_manage(ctx, u.id);
	if (ok < 0)
		return APP_ERROR;
	if (!ok) {
		app_errors_add(errs, "unit", "Chỉ lãnh đạo đơn vị tổ chức được tạo ngày hội.");
		return APP_FORBIDDEN;
	}
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int64_t actor = ctx->actor ? ctx->actor->account_id : 0;
	int rc = emdb_event_insert(ctx->db, u.id, title, day, place, desc ? desc : "", actor, ctx->now, id) < 0
			 ? APP_ERROR
			 : em_audit(ctx, "emulation.event_create", "emulation_event", *id,
				    json_pack("{s:s, s:I}", "unit", u.code, "day", (json_int_t)day));
	return em_finish(ctx, rc);
}

/* An id of `kind`'s page ("/ngay-hoi", "/mo-hinh") as a string with its url. */
static void with_url(const struct app_ctx *ctx, json_t *v, const char *base)
{
	int64_t id = json_integer_value(json_object_get(v, "id"));
	char url[48];
	snprintf(url, sizeof(url), "%s/%lld", base, (long long)id);
	json_object_set_new(v, "id", json_string(em_key(ctx, id)));
	json_object_set_new(v, "url", json_string(url));
}

/* Decorate an event row (or a model's event): id, url, its day as "date". */
static void decorate_event(const struct app_ctx *ctx, json_t *e)
{
	with_url(ctx, e, "/ngay-hoi");
	json_object_set_new(e, "date", json_incref(json_object_get(e, "held_on")));
	json_object_del(e, "held_on");
	json_object_del(e, "unit_id");
}

int emul_event_get(const struct app_ctx *ctx, int64_t id, json_t **out)
{
	json_t *rows = emdb_event(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *e = json_incref(em_first(rows));
	json_decref(rows);
	if (!e)
		return APP_NOT_FOUND;
	int64_t unit_id = json_integer_value(json_object_get(e, "unit_id"));
	int manage = ctx->actor && ctx->actor->account_id ? may_manage(ctx, unit_id) : 0;
	json_t *models = emdb_event_models(ctx->db, id, 1);
	json_t *cand = manage == 1 ? emdb_event_candidates(ctx->db, id) : json_array();
	if (manage < 0 || !models || !cand) {
		json_decref(models);
		json_decref(cand);
		json_decref(e);
		return APP_ERROR;
	}
	size_t i;
	json_t *v;
	json_array_foreach(models, i, v) {
		with_url(ctx, v, "/mo-hinh");
		json_object_set_new(v, "field_label", json_string(emul_field_label(json_string_value(json_object_get(v, "field")))));
		json_object_set_new(v, "status_label",
				    json_string(emul_model_status_label(json_string_value(json_object_get(v, "status")))));
		if (json_is_null(json_object_get(v, "person")))
			json_object_del(v, "person");
	}
	json_array_foreach(cand, i, v) {
		json_object_set_new(v, "id", json_string(em_key(ctx, json_integer_value(json_object_get(v, "id")))));
		json_object_set_new(v, "status_label",
				    json_string(emul_model_status_label(json_string_value(json_object_get(v, "status")))));
	}
	json_object_set_new(e, "models", models);
	json_object_set_new(e, "may_manage", json_boolean(manage == 1));
	if (manage == 1)
		json_object_set_new(e, "candidates", cand);
	else
		json_decref(cand);
	decorate_event(ctx, e);
	*out = e;
	return APP_OK;
}

int emul_events(const struct app_ctx *ctx, const char *unit, int64_t year, int64_t page, int64_t per_page,
		json_t **out)
{
	int64_t total = 0;
	json_t *rows = emdb_events(ctx->db, unit && *unit ? unit : NULL, year, per_page, (page - 1) * per_page, &total);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
		decorate_event(ctx, v);
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", rows, "page", (json_int_t)page, "per_page",
			 (json_int_t)per_page, "total", (json_int_t)total);
	return *out ? APP_OK : APP_ERROR;
}

int emul_event_attach(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs)
{
	app_errors_clear(errs);
	json_t *rows = emdb_event(ctx->db, id);
	if (!rows)
		return APP_ERROR;
	json_t *e = em_first(rows);
	int64_t unit_id = e ? json_integer_value(json_object_get(e, "unit_id")) : 0;
	json_decref(rows);
	if (!unit_id)
		return APP_NOT_FOUND;
	int ok = may_manage(ctx, unit_id);
	if (ok < 0)
		return APP_ERROR;
	if (!ok) {
		app_errors_add(errs, "model", "Chỉ lãnh đạo đơn vị tổ chức được thêm mô hình vào ngày hội.");
		return APP_FORBIDDEN;
	}
	json_t *mv = json_object_get(in, "model");
	int64_t model = json_is_integer(mv) ? json_integer_value(mv) : json_is_string(mv) ? em_id(json_string_value(mv)) : 0;
	const char *note = em_text(ctx, in, "note", NULL, 300, 0, errs);
	if (!mv || json_is_null(mv) || (json_is_string(mv) && !json_string_length(mv)))
		app_errors_add(errs, "model", "Vui lòng chọn mô hình.");
	else if (model <= 0)
		app_errors_add(errs, "model", "Mã mô hình không hợp lệ.");
	if (errs->n)
		return APP_VALIDATION;
	json_t *mrows = emdb_model(ctx->db, model);
	if (!mrows)
		return APP_ERROR;
	json_t *m = em_first(mrows);
	int64_t munit = m ? json_integer_value(json_object_get(m, "unit_id")) : 0;
	int64_t organiser = m ? json_integer_value(json_object_get(m, "movement_unit_id")) : 0;
	char status[32] = "";
	if (m)
		snprintf(status, sizeof(status), "%s", json_string_value(json_object_get(m, "status")));
	json_decref(mrows);
	if (!munit) {
		app_errors_add(errs, "model", "Không có mô hình này.");
		return APP_VALIDATION;
	}
	/* the event's unit holds the model, or organises its movement */
	int within = organiser == unit_id ? 1 : unit_is_within(ctx->db, munit, unit_id);
	if (within < 0)
		return APP_ERROR;
	if (!within) {
		app_errors_add(errs, "model", "Mô hình không thuộc đơn vị tổ chức ngày hội, đơn vị trực thuộc hay phong trào do đơn vị tổ chức.");
		return APP_VALIDATION;
	}
	if (strcmp(status, "exemplary") && strcmp(status, "commended")) {
		app_errors_add(errs, "model", "Chỉ vinh danh mô hình đã được chọn làm điển hình hoặc đã được khen thưởng.");
		return APP_INVALID_TRANSITION;
	}
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int64_t actor = ctx->actor ? ctx->actor->account_id : 0;
	int rc = emdb_event_model_insert(ctx->db, id, model, note ? note : "", actor, ctx->now);
	if (rc == DB_CONSTRAINT) {
		db_rollback(ctx->db);
		app_errors_add(errs, "model", "Mô hình đã có trong ngày hội này.");
		return APP_CONFLICT;
	}
	rc = rc < 0 ? APP_ERROR
		    : em_audit(ctx, "emulation.event_attach", "emulation_event", id,
			       json_pack("{s:I}", "model", (json_int_t)model));
	return em_finish(ctx, rc);
}

int emul_model_honoured_at(const struct app_ctx *ctx, int64_t model, json_t **out)
{
	json_t *rows = emdb_model_honoured_at(ctx->db, model);
	if (!rows)
		return APP_ERROR;
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
		decorate_event(ctx, v);
	*out = rows;
	return APP_OK;
}
