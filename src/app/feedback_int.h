/*
 * feedback_int.h - what the files of the feedback domain share and nothing
 * outside them may include: the citizen actor, field cleaning, due dates,
 * the scope and roles of an item, loading an item by code, the JSON text of
 * audit summaries and timeline extras, and the list scope of an officer.
 *
 * The domain's files (app/feedback_*.c) are split by concern: submit (new
 * items), view (one item), workflow (events and rating; the table is in
 * app/fbstate.c), list (public list, inbox), stats (dashboard), files
 * (attachments) and demo (the generator). feedback.h stays the one public
 * interface; callers never include this header.
 *
 * OWNERSHIP and FAILURE follow feedback.h: strings and arrays come from
 * ctx->arena; functions returning int answer FEEDBACK_OK (0) or a negative
 * enum feedback_rc unless they say otherwise. No state: any thread.
 */
#ifndef DANVAN_APP_FEEDBACK_INT_H
#define DANVAN_APP_FEEDBACK_INT_H

#include <jansson.h>

#include "app/feedback.h"
#include "app/result.h"
#include "store/audit.h"

struct category;
struct feedback_query;
struct wf_call;

/* The message of a unit whose kind receives no feedback. */
#define FEEDBACK_NOT_RECEIVING \
	"Đơn vị này không tiếp nhận phản ánh (chi bộ, tổ dân phố...): hãy chọn cơ quan, chính quyền hoặc Mặt trận."
/* The message of an unknown or closed unit. */
#define FEEDBACK_NO_UNIT "Đơn vị không tồn tại hoặc đã giải thể."
/* The message of more files than an item may hold. */
#define FEEDBACK_TOO_MANY_FILES "Tối đa 5 tệp đính kèm."

/* --- actors and errors ---------------------------------------------------- */

/* The audit actor of people without an account (account 0, "citizen"). */
extern const struct audit_actor feedback_citizen;
/* ctx->actor, or the citizen actor (account 0, "citizen") when NULL. */
const struct audit_actor *feedback_actor(const struct app_ctx *ctx);
/* The acting account, 0 for citizens. */
int64_t feedback_account(const struct app_ctx *ctx);

/* Hand the errors gathered in a local container to the caller's `dst`
 * (which may be NULL: the caller does not want them). */
void feedback_errors_export(struct app_errors *dst, const struct app_errors *src);

/* The message for a file attachment_blob_init() refused (rc). */
const char *feedback_file_refused(int rc);

/* --- fields --------------------------------------------------------------- */

/* 1 for NULL or "". */
int feedback_blank(const char *s);

/*
 * Clean a text field (core/vntext.h `flags`) and check its length in
 * characters. Returns 1 when the field is absent or blank after cleaning
 * (*out NULL), 0 when present and valid (*out in the arena), -1 when a
 * message was added to errs for `field`, -2 when out of memory.
 */
int feedback_clean_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
			 struct app_errors *errs, const char *field, const char *msg_short,
			 const char *msg_long, const char **out);
/* A required field: as feedback_clean_field(), but blank adds msg_missing
 * and gives -1. */
int feedback_require_field(struct arena *a, const char *in, unsigned flags, size_t min, size_t max,
			   struct app_errors *errs, const char *field, const char *msg_missing,
			   const char *msg_short, const char *msg_long, const char **out);

/* --- units, scope and roles ----------------------------------------------- */

/* 1 for the channels anyone may use (web, api). */
int feedback_channel_online(enum feedback_channel c);

/*
 * Resolve an open unit that receives feedback (org_kind_receives_feedback)
 * by code: 0 with its id in *id (and its code in *ucode when not NULL), 1
 * when unknown or closed, 2 when its kind receives no feedback (a Party
 * cell, a residential group), -1 on a database error.
 */
int feedback_open_unit(const struct app_ctx *ctx, const char *code, int64_t *id, const char **ucode);

/* The unit whose roles decide over an item: the handling unit, else the
 * intake desk. */
int64_t feedback_scope_unit(const struct feedback_row *r);

/* The ROLE_* bits ctx's account holds over item r: in its scope unit or
 * an ancestor (0 for citizens): 0, or -1 on a database error (*roles 0). */
int feedback_roles(const struct app_ctx *ctx, const struct feedback_row *r, unsigned *roles);

/* The item with this code (as typed: trackcode_parse() rules) into *r:
 * FEEDBACK_OK, FEEDBACK_NOT_FOUND (also for a malformed code) or
 * FEEDBACK_ERROR. */
int feedback_load(const struct app_ctx *ctx, const char *code, struct feedback_row *r);
/* The end of a write transaction the caller began: commit when rc is
 * FEEDBACK_OK (FEEDBACK_ERROR if that fails), else roll back. Returns the
 * outcome. */
int feedback_finish(struct db *db, int rc);

/* feedback_load(), then feedback_roles() of the item into *roles. */
int feedback_load_roles(const struct app_ctx *ctx, const char *code, struct feedback_row *r, unsigned *roles);

/* The officer's list scope into q: the units its roles reach, plus what it
 * recorded; FEEDBACK_FORBIDDEN without an account. */
int feedback_officer_scope(const struct app_ctx *ctx, struct feedback_query *q);

/* --- time ----------------------------------------------------------------- */

/* The end (23:59:59 Vietnam time) of a local day. */
int64_t feedback_end_of_day(int64_t day);
/* The due instant of an item received at `from` under category `c`; 0
 * when the calendar cannot say (none, or out of its range). */
int64_t feedback_due_for(const struct calendar *cal, const struct category *c, int64_t from);
/* Received or assigned, with a due date before now. */
int feedback_is_overdue(const struct feedback_row *r, int64_t now);
/* The end of the day FEEDBACK_DUE_SOON_DAYS working days from today. */
int64_t feedback_due_soon_limit(const struct app_ctx *ctx);

/* --- JSON text ------------------------------------------------------------ */

/*
 * The compact JSON text of `j` (keys in insertion order, as jansson keeps
 * them) copied into the arena: audit summaries and timeline extras. Takes
 * the reference (decrefs j), so json_pack() can be passed directly; NULL
 * when j is NULL or memory ran out.
 */
const char *feedback_json(struct arena *a, json_t *j);

/*
 * Append the audit entry `action` on item `code` with `summary` as its
 * compact JSON text (never personal data), inside the caller's write
 * transaction. Takes the reference of summary (decrefs it; NULL counts as
 * out of memory). FEEDBACK_OK or FEEDBACK_ERROR.
 */
int feedback_audit(struct db *db, const struct audit_actor *actor, const char *action, const char *code,
		   json_t *summary);

/* --- the workflow (feedback_workflow.c; the table is app/fbstate.c) -------- */

/* The wf_domain callbacks and the apply functions of fbstate_domain's
 * rows (app/workflow.h). */
int feedback_wf_check(struct wf_call *c);
int feedback_wf_load(struct wf_call *c, const char *key);
int feedback_wf_save(struct wf_call *c);
int feedback_wf_assign(struct wf_call *c);    /* assign and transfer */
int feedback_wf_answer(struct wf_call *c);
int feedback_wf_publish(struct wf_call *c);
int feedback_wf_extend(struct wf_call *c);
int feedback_wf_merge(struct wf_call *c);
int feedback_wf_reopen(struct wf_call *c);
int feedback_wf_close(struct wf_call *c);
int feedback_wf_redact(struct wf_call *c);

#endif
