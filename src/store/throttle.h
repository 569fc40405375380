/*
 * throttle.h - failed-login counters in the database (table login_throttle,
 * migration 0017), shared by every server on the database so that they
 * count together. This is the SQL layer only: app/auth.c names the
 * counters (a 16-byte key per address, username and address, username),
 * decides the windows and when a login waits.
 *
 * A counter is (first_at, last_at, count): `count` failures since first_at,
 * the last at last_at (UTC seconds, passed in so tests run a fake clock).
 * throttle_fail() counts one failure in one statement (INSERT ... ON
 * CONFLICT DO UPDATE on both engines), so failures counted at once by
 * several servers all count. Callers that must check and count in one step
 * run both in one transaction (db_begin(): one writer at a time, on
 * PostgreSQL across servers too).
 *
 * Functions return 0 (DB_OK), DB_NOTFOUND where documented, or another
 * negative enum db_rc (store/db.h).
 */
#ifndef DANVAN_THROTTLE_H
#define DANVAN_THROTTLE_H

#include <stdint.h>

struct db;

#define THROTTLE_KEY_BYTES 16

struct throttle_row {
	int64_t first_at; /* first failure of the current window */
	int64_t last_at;  /* last failure */
	int64_t count;    /* failures in the current window */
};

/* The counter for key: DB_OK with *out, or DB_NOTFOUND (*out zeroed). */
int throttle_get(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], struct throttle_row *out);

/*
 * Count one failure at `now`. The counter starts again at 1 (first_at =
 * now) when it is new or empty, when `now` is before its first_at or
 * `stale` seconds or more after its last_at, or when its window is over:
 * `window` seconds or more since its first failure, or, with from_last,
 * since its last one.
 */
int throttle_fail(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], int64_t now, int64_t window,
		  int from_last, int64_t stale);

/*
 * Take back one failure counted at `now`: count goes down by one, and
 * last_at goes back to `last` when it is still `now` (no later failure
 * came since). A counter left at 0 is deleted. No counter: DB_OK.
 */
int throttle_unfail(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES], int64_t last, int64_t now);

/* Delete the counter for key (none: DB_OK). */
int throttle_forget(struct db *db, const unsigned char key[THROTTLE_KEY_BYTES]);

/* Delete every counter whose last failure is at or before `before`; the
 * number deleted goes to *n when not NULL. */
int throttle_purge(struct db *db, int64_t before, int64_t *n);

#endif
