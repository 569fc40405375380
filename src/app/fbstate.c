/*
 * fbstate.c - the feedback status machine as one app/workflow.h table: per
 * event, the roles that may cause it, the statuses it applies in, the
 * status that follows, whether the public sees it and its own effect
 * (feedback_workflow.c). See fbstate.h and docs/feedback.md for the reasons
 * behind each cell; tests/unit/test_fbstate.c checks every one.
 */
#include "app/fbstate.h"
#include "app/feedback_int.h"
#include "app/workflow.h"

static const char *const statuses[FB_STATUS_COUNT] = {
	[FB_RECEIVED] = "received", [FB_ASSIGNED] = "assigned", [FB_ANSWERED] = "answered",
	[FB_PUBLISHED] = "published", [FB_CLOSED] = "closed", [FB_REJECTED] = "rejected",
	[FB_MERGED] = "merged",
};

#define IN(s) WF_BIT(FB_##s)
#define ANY (WF_BIT(FB_STATUS_COUNT) - 1)
#define OPEN (IN(RECEIVED) | IN(ASSIGNED))
#define ENDED (IN(ANSWERED) | IN(PUBLISHED) | IN(CLOSED) | IN(REJECTED) | IN(MERGED))

#define INTAKE ROLE_INTAKE
#define HANDLER ROLE_HANDLER
#define LEADER ROLE_LEADER
#define ADMIN ROLE_ADMIN

/*
 * Rate is the sender's, with the secret (feedback_rate(), no officer
 * role); submit and attach are timeline events only (feedback_submit(),
 * feedback_attach_evidence()): they apply in no status, and
 * feedback_apply_event() refuses them as it refuses unknown types.
 */
static const struct wf_event events[FB_EV_COUNT] = {
	/*                 name        roles                              in                          next          public  apply */
	[FB_EV_ASSIGN]   = { "assign",   INTAKE | LEADER | ADMIN,           IN(RECEIVED),               FB_ASSIGNED,  1, feedback_wf_assign },
	[FB_EV_TRANSFER] = { "transfer", HANDLER | LEADER | ADMIN,          IN(ASSIGNED),               WF_SAME,      1, feedback_wf_assign },
	[FB_EV_REJECT]   = { "reject",   INTAKE | LEADER | ADMIN,           OPEN,                       FB_REJECTED,  1, NULL },
	[FB_EV_NOTE]     = { "note",     INTAKE | HANDLER | LEADER | ADMIN, ANY,                        WF_SAME,      0, NULL },
	[FB_EV_ANSWER]   = { "answer",   HANDLER | LEADER,                  IN(ASSIGNED) | IN(ANSWERED), FB_ANSWERED, 0, feedback_wf_answer },
	[FB_EV_PUBLISH]  = { "publish",  LEADER,                            IN(ANSWERED),               FB_PUBLISHED, 1, feedback_wf_publish },
	[FB_EV_EXTEND]   = { "extend",   LEADER,                            OPEN,                       WF_SAME,      1, feedback_wf_extend },
	[FB_EV_MERGE]    = { "merge",    INTAKE | LEADER | ADMIN,           OPEN,                       FB_MERGED,    1, feedback_wf_merge },
	[FB_EV_REOPEN]   = { "reopen",   LEADER,                            ENDED,                      FB_ASSIGNED,  1, feedback_wf_reopen },
	[FB_EV_CLOSE]    = { "close",    LEADER,                            IN(PUBLISHED),              FB_CLOSED,    1, feedback_wf_close },
	[FB_EV_REDACT]   = { "redact",   LEADER | ADMIN,                    ANY,                        WF_SAME,      0, feedback_wf_redact },
	[FB_EV_RATE]     = { "rate",     0,                                 IN(PUBLISHED) | IN(CLOSED), WF_SAME,      1, NULL },
	[FB_EV_SUBMIT]   = { "submit",   0,                                 0,                          WF_SAME,      1, NULL },
	[FB_EV_ATTACH]   = { "attach",   0,                                 0,                          WF_SAME,      0, NULL },
};

const struct wf_domain fbstate_domain = {
	.name = "feedback",
	.statuses = statuses, .nstatuses = FB_STATUS_COUNT,
	.events = events, .nevents = FB_EV_COUNT,
	.check = feedback_wf_check, .load = feedback_wf_load, .save = feedback_wf_save,
};

int fbstate_next(enum feedback_status status, enum feedback_event_type event,
		 enum feedback_status *next)
{
	int n;
	if (wf_next(&fbstate_domain, (int)status, (int)event, &n) < 0)
		return -1;
	*next = (enum feedback_status)n;
	return 0;
}

unsigned fbstate_roles(enum feedback_event_type event)
{
	return wf_roles(&fbstate_domain, (int)event);
}

int fbstate_may(enum feedback_status status, enum feedback_event_type event, unsigned roles)
{
	return wf_may(&fbstate_domain, (int)status, (int)event, roles);
}

unsigned fbstate_allowed(enum feedback_status status, unsigned roles)
{
	return wf_allowed(&fbstate_domain, (int)status, roles);
}

int fbstate_event_public(enum feedback_event_type event)
{
	return wf_public(&fbstate_domain, (int)event);
}
