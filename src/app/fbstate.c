/*
 * fbstate.c - the feedback status machine and its role table (see
 * fbstate.h and docs/feedback.md for the reasons behind each cell).
 */
#include "app/fbstate.h"

#define NO (-1)
#define SAME (-2)

/* next[event][status]: NO, SAME or the following status */
static const signed char next_table[FB_EV_ACTION_COUNT][FB_STATUS_COUNT] = {
	/*                received     assigned     answered      published     closed        rejected      merged */
	[FB_EV_ASSIGN]   = { FB_ASSIGNED, NO,          NO,           NO,           NO,           NO,           NO },
	[FB_EV_TRANSFER] = { NO,          SAME,        NO,           NO,           NO,           NO,           NO },
	[FB_EV_REJECT]   = { FB_REJECTED, FB_REJECTED, NO,           NO,           NO,           NO,           NO },
	[FB_EV_NOTE]     = { SAME,        SAME,        SAME,         SAME,         SAME,         SAME,         SAME },
	[FB_EV_ANSWER]   = { NO,          FB_ANSWERED, FB_ANSWERED,  NO,           NO,           NO,           NO },
	[FB_EV_PUBLISH]  = { NO,          NO,          FB_PUBLISHED, NO,           NO,           NO,           NO },
	[FB_EV_EXTEND]   = { SAME,        SAME,        NO,           NO,           NO,           NO,           NO },
	[FB_EV_MERGE]    = { FB_MERGED,   FB_MERGED,   NO,           NO,           NO,           NO,           NO },
	[FB_EV_REOPEN]   = { NO,          NO,          FB_ASSIGNED,  FB_ASSIGNED,  FB_ASSIGNED,  FB_ASSIGNED,  FB_ASSIGNED },
	[FB_EV_CLOSE]    = { NO,          NO,          NO,           FB_CLOSED,    NO,           NO,           NO },
	[FB_EV_REDACT]   = { SAME,        SAME,        SAME,         SAME,         SAME,         SAME,         SAME },
	[FB_EV_RATE]     = { NO,          NO,          NO,           SAME,         SAME,         NO,           NO },
};

static const unsigned roles_table[FB_EV_ACTION_COUNT] = {
	[FB_EV_ASSIGN] = ROLE_INTAKE | ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_TRANSFER] = ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_REJECT] = ROLE_INTAKE | ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_NOTE] = ROLE_INTAKE | ROLE_HANDLER | ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_ANSWER] = ROLE_HANDLER | ROLE_LEADER,
	[FB_EV_PUBLISH] = ROLE_LEADER,
	[FB_EV_EXTEND] = ROLE_LEADER,
	[FB_EV_MERGE] = ROLE_INTAKE | ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_REOPEN] = ROLE_LEADER,
	[FB_EV_CLOSE] = ROLE_LEADER,
	[FB_EV_REDACT] = ROLE_LEADER | ROLE_ADMIN,
	[FB_EV_RATE] = 0,
};

static const unsigned char public_table[FB_EV_COUNT] = {
	[FB_EV_ASSIGN] = 1, [FB_EV_TRANSFER] = 1, [FB_EV_REJECT] = 1, [FB_EV_NOTE] = 0,
	[FB_EV_ANSWER] = 0, [FB_EV_PUBLISH] = 1,  [FB_EV_EXTEND] = 1, [FB_EV_MERGE] = 1,
	[FB_EV_REOPEN] = 1, [FB_EV_CLOSE] = 1,    [FB_EV_REDACT] = 0, [FB_EV_RATE] = 1,
	[FB_EV_SUBMIT] = 1, [FB_EV_ATTACH] = 0,
};

int fbstate_next(enum feedback_status status, enum feedback_event_type event,
		 enum feedback_status *next)
{
	if ((unsigned)status >= FB_STATUS_COUNT || (unsigned)event >= FB_EV_ACTION_COUNT)
		return -1;
	int v = next_table[event][status];
	if (v == NO)
		return -1;
	*next = v == SAME ? status : (enum feedback_status)v;
	return 0;
}

unsigned fbstate_roles(enum feedback_event_type event)
{
	if ((unsigned)event >= FB_EV_ACTION_COUNT)
		return 0;
	return roles_table[event];
}

int fbstate_may(enum feedback_status status, enum feedback_event_type event, unsigned roles)
{
	enum feedback_status next;
	return fbstate_next(status, event, &next) == 0 && (fbstate_roles(event) & roles) != 0;
}

unsigned fbstate_allowed(enum feedback_status status, unsigned roles)
{
	unsigned mask = 0;
	for (int e = 0; e < FB_EV_ACTION_COUNT; e++)
		if (fbstate_may(status, (enum feedback_event_type)e, roles))
			mask |= 1u << e;
	return mask;
}

int fbstate_event_public(enum feedback_event_type event)
{
	if ((unsigned)event >= FB_EV_COUNT)
		return 0;
	return public_table[event];
}
