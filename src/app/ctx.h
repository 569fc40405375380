/*
 * ctx.h - the one context every app/ function takes: what the caller (a
 * request handler, the command line, a test) fills per call.
 *
 * OWNERSHIP. Nothing here is owned by the context: the connection is the
 * calling thread's (store/db.h db_thread()), the calendar is shared and read
 * only, the arena receives every string and array a function returns (they
 * live until arena_release()), the actor names who acts (account_id 0 and
 * name "citizen" for people without an account; the system for the command
 * line). `now` is the clock in UTC seconds (time(NULL); tests pass a fake
 * one); audit entries carry the real time of writing.
 */
#ifndef DANVAN_APP_CTX_H
#define DANVAN_APP_CTX_H

#include <stdint.h>

struct arena;
struct audit_actor;
struct calendar;
struct db;

struct app_ctx {
	struct db *db;
	const struct calendar *cal;
	struct arena *arena;
	const struct audit_actor *actor;
	int64_t now;
};

#endif
