/*
 * emulation_int.h - what the files of app/emulation*.c share: reading and
 * cleaning the fields of a JSON input into field errors, units by code,
 * the caller's roles, today's day number and the audit entry.
 */
#ifndef DANVAN_APP_EMULATION_INT_H
#define DANVAN_APP_EMULATION_INT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "app/ctx.h"
#include "app/emulation.h"
#include "app/result.h"
#include "store/unit.h"

/* A text field cleaned (vntext_clean) into ctx's arena: NULL when absent,
 * null or blank (with `missing` under key when given), or wrong (an error
 * under key). max: characters. */
const char *em_text(const struct app_ctx *ctx, json_t *in, const char *key, const char *missing, size_t max,
		    int multiline, struct app_errors *e);
/* An integer field in lo..hi: 1 set, 0 absent (with `missing` when given), -1 wrong. */
int em_int(json_t *in, const char *key, int64_t lo, int64_t hi, const char *missing, int64_t *out,
	   struct app_errors *e);
/* A number field (multiplier, weight) in thousandths, lo..hi thousandths. */
int em_milli(json_t *in, const char *key, int64_t lo, int64_t hi, const char *missing, int64_t *out,
	     struct app_errors *e);
/* A "YYYY-MM-DD" field as a day number. */
int em_day(json_t *in, const char *key, const char *missing, int64_t *out, struct app_errors *e);
/* One of the NULL-terminated names: the name, NULL (error) otherwise. */
const char *em_enum(json_t *in, const char *key, const char *const *names, const char *missing,
		    struct app_errors *e);
/* The unit of `code` that exists on `day` (else a field error, -1). */
int em_unit_on(const struct app_ctx *ctx, const char *code, int64_t day, const char *key, struct unit *u,
	       struct app_errors *e);
/* Today, Vietnam time, as a day number. */
int64_t em_today(const struct app_ctx *ctx);
/* The actor's roles in unit_id (0 for citizens). APP_OK or APP_ERROR. */
int em_roles(const struct app_ctx *ctx, int64_t unit_id, unsigned *roles);
/* Commit when rc is APP_OK, else (or when the commit fails) roll back; the outcome. */
int em_finish(const struct app_ctx *ctx, int rc);
/* An audit entry (summary stolen). APP_OK or APP_ERROR. */
int em_audit(const struct app_ctx *ctx, const char *action, const char *type, int64_t id, json_t *summary);
/* The first object of a store array (borrowed from it), or NULL. */
json_t *em_first(json_t *rows);
/* A decimal id key for wf_apply. */
const char *em_key(const struct app_ctx *ctx, int64_t id);
/* The id of a key, 0 when not a positive decimal. */
int64_t em_id(const char *key);

#endif
