/*
 * org_internal.h - what the tree changes (org.c) share with the CSV import
 * (org_import.c): the state of one change, how failures are recorded, the
 * checks of codes and names, and the audited writes. Only app/org*.c
 * include it; everyone else uses app/org.h.
 *
 * A `struct org_run` lives for one public call. Its working arena `a`
 * holds the units read and written (released when the call ends); field
 * messages go to ctx->arena, which outlives the call. Writes happen inside
 * the call's transaction; they return APP_OK or APP_ERROR.
 */
#ifndef DANVAN_ORG_INTERNAL_H
#define DANVAN_ORG_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/org.h"

struct unit;

struct org_run {
	const struct app_ctx *ctx;
	struct arena *a;            /* working memory of this call */
	struct app_errors *errs;    /* may be NULL */
	int rc;                     /* APP_OK, or the outcome decided so far */
};

/*
 * Record a failure: `code` becomes r->rc when it is the first one, or
 * outranks it (APP_ERROR, then APP_FORBIDDEN); the formatted message goes
 * to r->errs under `field` (not for APP_ERROR).
 */
__attribute__((format(printf, 4, 5)))
void org_fail(struct org_run *r, int code, const char *field, const char *fmt, ...);

/* 1 when s is a well-formed unit code: [A-Za-z0-9._-]{1,UNIT_CODE_MAX}. */
int org_code_valid(const char *s);

enum org_name_problem { ORG_NAME_OK, ORG_NAME_EMPTY, ORG_NAME_LONG, ORG_NAME_BAD, ORG_NAME_NOMEM };

/* Trim, check (valid UTF-8, no controls) and clean a unit name as all stored
 * text is cleaned (core/vntext.h) into arena `a`; NULL with *problem set. */
const char *org_clean_name(struct arena *a, const char *s, int *problem);

/* A time as "YYYY-MM-DD" (its Vietnam day), JSON null for UNIT_OPEN. */
json_t *org_date_json(int64_t at);

/* The "unit" audit entry `action` of unit `code`; takes the summary. */
int org_audit_unit(struct org_run *r, const char *action, const char *code, json_t *summary);

/* Insert a validated unit with its "unit.create" entry (with "source"
 * when not NULL); sets u->id. */
int org_insert_unit(struct org_run *r, struct unit *u, const char *source);

/* Give a unit a new name and parent (NULL: a root) from `at` on, with a
 * "unit.rename" or "unit.move" entry. */
int org_change_unit(struct org_run *r, const struct unit *u, const char *name, const struct unit *parent,
		    int64_t at, const char *source);

/* Revoke every active grant held in a unit, one "role.revoke" entry each;
 * adds their number to *count. */
int org_revoke_unit_grants(struct org_run *r, int64_t unit_id, size_t *count);

#endif
