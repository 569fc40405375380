/*
 * workflow.c - the table lookups of a domain's status machine and
 * wf_apply(), the one transaction sequence of every event (workflow.h).
 */
#include "app/workflow.h"

#include <string.h>

#include "app/ctx.h"
#include "app/perm.h"
#include "store/audit.h"
#include "store/db.h"

static const struct wf_event *row(const struct wf_domain *d, int event)
{
	if (event < 0 || event >= d->nevents || !d->events[event].name)
		return NULL;
	return &d->events[event];
}

int wf_next(const struct wf_domain *d, int status, int event, int *next)
{
	const struct wf_event *ev = row(d, event);
	if (!ev || status < 0 || status >= d->nstatuses || !(ev->from & WF_BIT(status)))
		return -1;
	*next = ev->next == WF_SAME ? status : ev->next;
	return 0;
}

unsigned wf_roles(const struct wf_domain *d, int event)
{
	const struct wf_event *ev = row(d, event);
	return ev ? ev->roles : 0;
}

int wf_may(const struct wf_domain *d, int status, int event, unsigned roles)
{
	int next;
	return wf_next(d, status, event, &next) == 0 && (wf_roles(d, event) & roles) != 0;
}

unsigned wf_allowed(const struct wf_domain *d, int status, unsigned roles)
{
	unsigned mask = 0;
	for (int e = 0; e < d->nevents && e < 32; e++)
		if (wf_may(d, status, e, roles))
			mask |= 1u << e;
	return mask;
}

int wf_public(const struct wf_domain *d, int event)
{
	const struct wf_event *ev = row(d, event);
	return ev ? ev->public : 0;
}

int wf_event_parse(const struct wf_domain *d, const char *name)
{
	for (int e = 0; name && e < d->nevents; e++)
		if (d->events[e].name && !strcmp(d->events[e].name, name))
			return e;
	return -1;
}

static const char *status_name(const struct wf_domain *d, int s)
{
	return s >= 0 && s < d->nstatuses ? d->statuses[s] : "";
}

/* The audit entry of the event: "<domain>.<event>" with the summary. */
static int audit(struct wf_call *c)
{
	if (c->event_id && json_object_set_new(c->summary, "event_id", json_integer(c->event_id)) < 0)
		return APP_ERROR;
	char action[64];
	int n = snprintf(action, sizeof(action), "%s.%s", c->domain->name, c->ev->name);
	if (n <= 0 || (size_t)n >= sizeof(action) ||
	    audit_append_json(c->ctx->db, c->ctx->actor, action, c->domain->name, c->object, c->summary) != 0)
		return APP_ERROR;
	return APP_OK;
}

/* Steps 3 to 6 of workflow.h, inside the transaction; the caller commits
 * on APP_OK and rolls back otherwise. */
static int run(struct wf_call *c, const char *key, const struct app_errors *held)
{
	int rc = c->domain->load(c, key);
	if (rc != APP_OK)
		return rc;
	int64_t acct = c->ctx->actor ? c->ctx->actor->account_id : 0;
	c->roles = 0;
	if (acct && c->scope_unit && perm_roles(c->ctx->db, acct, c->scope_unit, &c->roles) < 0)
		return APP_ERROR;
	if (!c->roles)
		return c->is_public ? APP_FORBIDDEN : APP_NOT_FOUND;
	if (!(c->ev->roles & c->roles))
		return APP_FORBIDDEN;
	if (wf_next(c->domain, c->status, c->event, &c->next) < 0)
		return APP_INVALID_TRANSITION;
	if (held->n) {
		if (c->errs)
			*c->errs = *held;
		return APP_VALIDATION;
	}
	c->summary = json_object();
	json_t *st = json_pack("[ss]", status_name(c->domain, c->status), status_name(c->domain, c->next));
	if (!c->summary || !st || json_object_set_new(c->summary, "status", st) < 0)
		return APP_ERROR;
	if (c->ev->apply && (rc = c->ev->apply(c)) != APP_OK)
		return rc;
	if ((rc = c->domain->save(c)) != APP_OK)
		return rc;
	return audit(c);
}

int wf_apply(const struct app_ctx *ctx, const struct wf_domain *d, const char *key, int event,
	     const void *input, void *scratch, struct app_errors *errs)
{
	struct app_errors held = {0};
	app_errors_clear(errs);
	struct wf_call c = {
		.ctx = ctx,
		.domain = d,
		.event = event,
		.ev = row(d, event),
		.input = input,
		.scratch = scratch,
		.errs = errs,
	};
	if (!c.ev) {
		app_errors_add(errs, "type", "Loại thao tác không hợp lệ.");
		return APP_VALIDATION;
	}
	if (d->check) {
		c.errs = &held;
		int rc = d->check(&c);
		c.errs = errs;
		if (rc != APP_OK)
			return rc;
	}
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	int rc = run(&c, key, &held);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc != APP_OK)
		db_rollback(ctx->db);
	json_decref(c.summary);
	return rc;
}
