/*
 * emulation.h - emulation and commendation (thi đua, khen thưởng): the
 * rules of the domain over store/emulation.h.
 *
 *   - Forms of commendation and the base salary are effective-dated data;
 *     a root administrator adds a row when a decree changes (the open row
 *     of the same code is closed the day before).
 *   - Movements (organising unit, period, participating units, criteria
 *     with weights - the default set when none is given - and a council).
 *   - Models and exemplars on the workflow engine (emul_model_domain):
 *     registered -> implementing -> self_assessed -> evaluated ->
 *     recognised -> exemplary -> commended; discontinued. Council members
 *     score every criterion 0..10; a member of the model's unit (or a unit
 *     below it) may not (403, recusal); the result is the weighted average
 *     once quorum_num/quorum_den of the members who may score have scored.
 *   - Commendations (emul_commendation_domain): proposed -> posted ->
 *     approved -> decided | rejected, checked against the rules in force
 *     (eligible + unmet); an ineligible proposal is approved only with a
 *     leader's reason. The prize: emul_prize_vnd() with the form row and
 *     the base salary in force on the decision date.
 *
 * Inputs are JSON objects (the API body, or a page's form turned into
 * one); field errors go to errs under the JSON names. Outputs are new JSON
 * references the caller owns. Every write runs in its own transaction with
 * its audit entry. Returns APP_OK or a negative enum app_rc (app/result.h).
 * Any thread, with the ctx's connection.
 */
#ifndef DANVAN_APP_EMULATION_H
#define DANVAN_APP_EMULATION_H

#include <stdint.h>
#include <jansson.h>

#include "app/ctx.h"
#include "app/result.h"
#include "app/workflow.h"

/* The prize in đồng: multiplier × recipient factor × base salary (both in
 * thousandths), rounded UP to a multiple of 10,000 đồng. 0 for a
 * multiplier of 0; -1 on overflow or a negative input. */
int64_t emul_prize_vnd(int64_t multiplier_milli, int64_t factor_milli, int64_t base_salary);

enum emul_model_status {
	EM_REGISTERED, EM_IMPLEMENTING, EM_SELF_ASSESSED, EM_EVALUATED, EM_RECOGNISED, EM_EXEMPLARY,
	EM_COMMENDED, EM_DISCONTINUED, EM_STATUS_COUNT
};
enum emul_model_event {
	EMV_IMPLEMENT, EMV_SELF_ASSESS, EMV_EVALUATE, EMV_RECOGNISE, EMV_SELECT_EXEMPLARY, EMV_DISCONTINUE,
	EMV_COUNT
};
extern const struct wf_domain emul_model_domain;

enum emul_commendation_status { EC_PROPOSED, EC_POSTED, EC_APPROVED, EC_DECIDED, EC_REJECTED, EC_STATUS_COUNT };
enum emul_commendation_event { ECV_POST, ECV_APPROVE, ECV_DECIDE, ECV_REJECT, ECV_COUNT };
extern const struct wf_domain emul_commendation_domain;

/* 1 when a model in `status` ("recognised") is public. */
int emul_model_public(const char *status);
/* Vietnamese labels for pages ("" for an unknown name). */
const char *emul_field_label(const char *field);
const char *emul_model_status_label(const char *status);
const char *emul_commendation_status_label(const char *status);
const char *emul_recipient_label(const char *kind);

/* --- forms and base salary ------------------------------------------------- */

/* The forms in force on `day` (day number; < 0: every row): {"items"}. */
int emul_forms(const struct app_ctx *ctx, int64_t day, json_t **out);
/* Add a form row (root administrator): code, name, kind, recipient,
 * granted_by, multiplier, recipient_factor?, posting_days?, posting_unit?,
 * effective_from, effective_to?, legal_basis?. *out: the row. */
int emul_form_add(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out);
/* Every base salary row: {"items"}. */
int emul_salaries(const struct app_ctx *ctx, json_t **out);
/* Add a base salary row (root administrator): amount, effective_from, legal_basis?. */
int emul_salary_add(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out);

/* --- movements --------------------------------------------------------------- */

/* title, unit, starts_on, ends_on, criteria?: [{code,name,weight}],
 * units?: [codes], quorum?: {num, den}; a leader (or admin) of unit. */
int emul_movement_create(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id);
/* The movement with its criteria, units, council and model counts. */
int emul_movement_get(const struct app_ctx *ctx, int64_t id, json_t **out);
int emul_movements(const struct app_ctx *ctx, int64_t page, int64_t per_page, json_t **out);
/* Add a council member: {username, unit, role?}; a leader of the
 * movement's unit; the account must hold a role reaching `unit`. */
int emul_council_add(const struct app_ctx *ctx, int64_t movement, json_t *in, struct app_errors *errs);

/* --- models ------------------------------------------------------------------- */

int emul_model_register(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id);
/* One model as the caller may see it (NOT_FOUND for a private one),
 * with its criteria, evaluations (officers) and timeline. */
int emul_model_get(const struct app_ctx *ctx, int64_t id, json_t **out);
struct emul_model_query {
	int64_t movement, year, page, per_page;
	const char *field, *unit, *q, *status;
};
/* A page of models: public ones; for an officer also every model of the
 * movement named whose unit it reaches. {"items","page","per_page","total"}. */
int emul_models(const struct app_ctx *ctx, const struct emul_model_query *q, json_t **out);
/* An event {"type", ...} on a model (wf_apply). */
int emul_model_event(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs);

/* --- commendations -------------------------------------------------------------- */

/* {form, year, recipient: {kind, name, unit, person?}, reason, model?,
 * initiative?} -> *out {id, status, eligible, unmet, warnings}. */
int emul_commendation_propose(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, json_t **out);
int emul_commendation_get(const struct app_ctx *ctx, int64_t id, json_t **out);
struct emul_commendation_query {
	int64_t year, page, per_page;
	const char *status, *unit, *form;
};
int emul_commendations(const struct app_ctx *ctx, const struct emul_commendation_query *q, json_t **out);
int emul_commendation_event(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs);
/* The decided commendations of `unit` (and the units below it) with a
 * decision date in from..to (day numbers, inclusive), for the export in the
 * layout units send upward (api/emulation_out.h writes the workbook):
 * *out {"unit","unit_name","rows": [{recipient_name, recipient_kind,
 * recipient_label, unit_name, form_name, year, decision_number,
 * decision_date, decision_issuer, decided_basis, prize_vnd}]}. Officers
 * with a role reaching the unit only (APP_FORBIDDEN otherwise,
 * APP_VALIDATION for an unknown unit). */
int emul_commendations_export(const struct app_ctx *ctx, const char *unit, int64_t from, int64_t to,
			      json_t **out);
/* The decision behind a certificate code (public; NOT_FOUND otherwise). */
int emul_certificate(const struct app_ctx *ctx, const char *code, json_t **out);
/* The honour roll: {"items"}; name: one person's or collective's history. */
int emul_honours(const struct app_ctx *ctx, const char *unit, int64_t year, const char *field, const char *name,
		 json_t **out);

/* --- "Ngày hội" events (app/emulation_event.c) ------------------------------------------ */

/* {title, unit, date, place, description?}: a leader (or admin) of unit
 * (APP_FORBIDDEN otherwise); audited "emulation.event_create". */
int emul_event_create(const struct app_ctx *ctx, json_t *in, struct app_errors *errs, int64_t *id);
/* One event with its public models; for its unit's leaders also
 * "candidates" (the models they may still attach) and may_manage. */
int emul_event_get(const struct app_ctx *ctx, int64_t id, json_t **out);
/* The events of `unit` (and the units below; NULL: all), held in `year` (0: any). */
int emul_events(const struct app_ctx *ctx, const char *unit, int64_t year, int64_t page, int64_t per_page,
		json_t **out);
/* {model, note?}: attach an exemplary or commended model of the event's
 * unit (or below) or of a movement the unit organises - 409 invalid_transition for another status, 409
 * conflict when attached already, 422 for a model elsewhere; audited
 * "emulation.event_attach". */
int emul_event_attach(const struct app_ctx *ctx, int64_t id, json_t *in, struct app_errors *errs);
/* The events a model was honoured at: [{id, title, date, place, note, url}]. */
int emul_model_honoured_at(const struct app_ctx *ctx, int64_t model, json_t **out);

/* --- evidence files of a model (app/emulation_files.c) ---------------------------------- */

struct attachment;
/* Add an evidence file (PDF or an image, typed from its bytes; at most
 * ATTACHMENT_MAX_PER_ITEM): officers (leader, handler, front, admin) of
 * the model's unit; APP_FORBIDDEN for others who may see the model
 * (APP_NOT_FOUND otherwise), APP_INVALID_TRANSITION once discontinued,
 * APP_TOO_LARGE, APP_UNSUPPORTED, APP_CONFLICT (full, or the same bytes
 * twice); audited "model.attach". Errors under "file". */
int emul_model_attach(const struct app_ctx *ctx, int64_t id, const void *data, size_t len, const char *filename,
		      struct app_errors *errs, int64_t *file_id);
/* The files of a model (the caller checked it may see it):
 * [{id, filename, mime, size, url}]. */
int emul_model_files(const struct app_ctx *ctx, int64_t id, json_t **out);
/* One file with its bytes, for whoever may see the model (NOT_FOUND otherwise). */
int emul_model_file_get(const struct app_ctx *ctx, int64_t id, int64_t file_id, struct attachment *out);

/* --- the demo (app/emulation_demo.c) ------------------------------------------------ */

/* The Hoàn Kiếm demo's movements, models, evaluations and commendations
 * (idempotent); *made counts the records written. 0, or -1 with err set.
 * ctx->cal is needed for public posting. */
int emul_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen);

#endif
