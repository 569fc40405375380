/*
 * workflow.h - the status machine every domain with a lifecycle declares as
 * a table (feedback items, meetings, commendation proposals, articles), and
 * wf_apply(), the one sequence that applies an event: begin, load, scope and
 * role check, status check, the event's own effect, the timeline event and
 * the audit entry, commit - or roll back and change nothing.
 *
 * A DOMAIN is a `struct wf_domain`: its name ("feedback": audit actions are
 * "feedback.<event>"), its status names, one `struct wf_event` per event
 * (indexed by the domain's event number), and three callbacks: `load` reads
 * the record inside the transaction, `save` writes the record with its new
 * status and its timeline event, and optional `check` validates the input
 * before the transaction. Like Redis's command table, a row says everything
 * the engine needs: who (roles), when (the statuses it applies in), what
 * follows (the next status, or WF_SAME), whether the public sees it, and
 * the function for the rest.
 *
 * ORDER OF CHECKS (so that no answer says more than the caller may know):
 *   1. the event number is one of the domain's actions (else VALIDATION,
 *      field "type");
 *   2. check() runs, before any transaction; the field errors it leaves are
 *      held back until 5;
 *   3. begin; load() (NOT_FOUND for an unknown key);
 *   4. the actor's roles in the record's scope unit (app/perm.h, inherited
 *      down the tree): none at all -> NOT_FOUND for a private record,
 *      FORBIDDEN for a public one; none that the event allows -> FORBIDDEN;
 *   5. the record's status allows the event (INVALID_TRANSITION); the held
 *      field errors (VALIDATION);
 *   6. apply() (may fail with any enum app_rc, filling errs), save(), the
 *      audit entry "<domain>.<event>" with the summary JSON, commit.
 * Any failure rolls back: nothing of the event is written.
 *
 * AUDIT SUMMARY. The engine starts a JSON object {"status": [before, after]}
 * (jansson, keys in insertion order); apply() and save() add their keys to
 * call->summary; the engine adds "event_id" when save() set one. Never put
 * personal data in it.
 *
 * THREADS. The tables are read-only; wf_apply() uses only the ctx it is
 * given (its connection and arena). Any number of threads.
 */
#ifndef DANVAN_APP_WORKFLOW_H
#define DANVAN_APP_WORKFLOW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/result.h"

struct app_ctx;
struct wf_call;

#define WF_SAME (-1)      /* wf_event.next: the status does not change */
#define WF_MAX_STATUS 32  /* statuses are 0..WF_MAX_STATUS-1 (bits of wf_event.from) */

#define WF_BIT(status) (1u << (status))

struct wf_event {
	const char *name;        /* "assign": the API name and the audit verb; NULL: not an action */
	unsigned roles;          /* ROLE_* (app/perm.h) that may cause it; 0: no officer may */
	uint32_t from;           /* WF_BIT() of every status it applies in */
	int next;                /* the following status, or WF_SAME */
	int public;              /* 1: on the public timeline */
	/* The event's effect beyond the status, inside the transaction: change
	 * call->record, write what else the event writes, add to
	 * call->summary. APP_OK, or any enum app_rc (with errs filled for
	 * VALIDATION / CONFLICT). NULL: nothing beyond the status. */
	int (*apply)(struct wf_call *call);
};

struct wf_domain {
	const char *name;               /* "feedback" */
	const char *const *statuses;    /* status names ("received", ...) */
	int nstatuses;                  /* <= WF_MAX_STATUS */
	const struct wf_event *events;  /* indexed by event number */
	int nevents;
	/* Validate call->input before the transaction; add field errors to
	 * call->errs (reported only after the scope, role and status checks).
	 * APP_OK or APP_ERROR. NULL: nothing to check. */
	int (*check)(struct wf_call *call);
	/* Read the record named `key` inside the transaction into
	 * call->record (arena memory) and set call->status, call->scope_unit,
	 * call->is_public and call->object (the audit object id). APP_OK,
	 * APP_NOT_FOUND or APP_ERROR. */
	int (*load)(struct wf_call *call, const char *key);
	/* Write call->record with status call->next and its timeline event
	 * (public per the event row); set call->event_id. APP_OK or APP_ERROR. */
	int (*save)(struct wf_call *call);
};

/* What one wf_apply() carries from step to step; the domain's callbacks
 * read and write it. Lives on wf_apply()'s stack. */
struct wf_call {
	const struct app_ctx *ctx;
	const struct wf_domain *domain;
	int event;                      /* the event number */
	const struct wf_event *ev;      /* its row */
	const void *input;              /* the domain's action (fields of the form or JSON) */
	void *scratch;                  /* for check() to hand cleaned input to apply() */
	void *record;                   /* load(): the domain's row */
	const char *object;             /* load(): audit object id (the record's code) */
	int status;                     /* load(): the status before */
	int next;                       /* the status after (apply() may read it) */
	int64_t scope_unit;             /* load(): the unit whose roles decide */
	int is_public;                  /* load(): a public record (403 rather than 404) */
	unsigned roles;                 /* the actor's ROLE_* in scope_unit */
	json_t *summary;                /* the audit summary object */
	struct app_errors *errs;
	int64_t event_id;               /* save(): the timeline event's id, 0 if none */
};

/*
 * Apply `event` to the record `key` for ctx->actor: the sequence above.
 * errs may be NULL. Returns APP_OK or a negative enum app_rc; on failure
 * nothing was written. Must not be called inside a transaction.
 */
int wf_apply(const struct app_ctx *ctx, const struct wf_domain *d, const char *key, int event,
	     const void *input, void *scratch, struct app_errors *errs);

/* --- the table alone (no I/O) --------------------------------------------- */

/* 0 with the following status in *next when `event` applies in `status`
 * (the same status for WF_SAME), -1 otherwise (also out of range and for
 * rows without a name); *next untouched then. */
int wf_next(const struct wf_domain *d, int status, int event, int *next);
/* The ROLE_* mask of `event` (0 out of range). */
unsigned wf_roles(const struct wf_domain *d, int event);
/* 1 when an actor with `roles` may cause `event` in `status`. */
int wf_may(const struct wf_domain *d, int status, int event, unsigned roles);
/* Bits (1u << event) of what an actor with `roles` may do in `status`. */
unsigned wf_allowed(const struct wf_domain *d, int status, unsigned roles);
/* 1 when the event is shown on public timelines (0 out of range). */
int wf_public(const struct wf_domain *d, int event);
/* The event number named `name`, or -1. */
int wf_event_parse(const struct wf_domain *d, const char *name);

#endif
