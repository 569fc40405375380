/*
 * meeting_demo.h - the demo's meetings (`danvan demo`): a year of voter
 * contact meetings, dialogues and conferences in phường Hoàn Kiếm with
 * petitions in every status (app/meeting_demo.c).
 */
#ifndef DANVAN_APP_MEETING_DEMO_H
#define DANVAN_APP_MEETING_DEMO_H

#include <stddef.h>

#include "app/ctx.h"

/* Create them unless the database already holds meetings (idempotent).
 * ctx needs the calendar; *made counts the meetings created. 0, or -1
 * with a message in err. */
int meeting_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen);

#endif
