/*
 * meeting.h - the SQL of meetings (table meetings and meeting_events of
 * migrations/{sqlite,postgresql}/0016_meetings.sql): voter contact
 * meetings, dialogues, reception sessions and conferences, their
 * timeline, their petitions (feedback items with feedback.meeting_id) and
 * the figures of their results. The rules (who may do what, which status
 * follows) are in app/meeting.h; this layer only reads and writes rows.
 *
 * Meetings are in the search index as kind SEARCH_KIND_MEETING (title,
 * hosts, place; "vpub" when public): SQLite's triggers of
 * 0018_meeting_search.sql write it, on PostgreSQL meeting_insert() does.
 *
 * Strings live in the caller's arena. Functions return DB_OK, DB_NOTFOUND
 * or a negative db_rc; writes expect the caller's transaction.
 */
#ifndef DANVAN_STORE_MEETING_H
#define DANVAN_STORE_MEETING_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct meeting_row {
	int64_t id;
	const char *kind;             /* voter_contact, dialogue, reception, conference */
	const char *title;
	int64_t unit_id;
	int64_t starts_at, ends_at;   /* UTC seconds */
	const char *place;
	const char *online_url;       /* NULL when none */
	const char *hosts;            /* JSON array of names */
	int public;
	int64_t capacity;             /* 0: none */
	int64_t booked;
	const char *status;           /* planned, held, closed, cancelled */
	int64_t attendance;           /* -1: not recorded */
	int64_t postponed_from;       /* 0: never postponed */
	const char *postpone_reason, *cancel_reason, *minutes_text;
	int64_t minutes_by, minutes_at, minutes_approved_by, minutes_approved_at;
	int64_t results_published_at;
	int64_t announced_at, created_by, created_at, updated_at;
	const char *search_key;       /* folded title, place and hosts */
	/* joined (reads only) */
	const char *unit_code, *unit_name, *unit_kind;
};

/* Insert (id ignored); *id the new id. */
int meeting_insert(struct db *db, const struct meeting_row *m, int64_t *id);
/* PostgreSQL: write every meeting's row of the search index again (after
 * search_rebuild(), which requeues feedback only); DB_OK at once on
 * SQLite, whose rebuild reads meetings from the view search_src. Its own
 * transaction. */
int meeting_search_reindex_pg(struct db *db);
/* PostgreSQL: write the search index row of meeting `id` from m's title,
 * hosts, place and public (meeting_insert() does; a store that inserts
 * meetings itself, store/reception.c, calls it in its transaction). */
int meeting_index_pg(struct db *db, const struct meeting_row *m, int64_t id);

/* Write every changing column of m (by m->id). */
int meeting_update(struct db *db, const struct meeting_row *m);
int meeting_get(struct db *db, struct arena *a, int64_t id, struct meeting_row *out);

/* What a list asks for; zero values mean "any". */
struct meeting_query {
	int64_t viewer;               /* account id: its units' internal meetings too; 0: public only */
	const char *unit;             /* a unit code: that unit and every unit below it */
	const char *kind;
	int64_t from, to;             /* starts in [from, to) (UTC seconds) */
	const char *match;            /* words to search (store/search.h search_query_parse()):
	                                 match_public on SQLite, tsquery_public on PostgreSQL;
	                                 NULL: no search */
	int64_t now;                  /* upcoming (ends >= now) first by start, then the past, latest first */
	int held;                     /* 1: only meetings held (status held or closed) - emulation */
	int64_t limit, offset;
};

int meeting_row_list(struct db *db, struct arena *a, const struct meeting_query *q, struct meeting_row **items,
		 size_t *n, int64_t *total);

/* One timeline event. */
struct meeting_event_row {
	int64_t id;
	int64_t meeting_id;
	int64_t at;
	const char *type;
	int64_t actor_id;
	const char *actor_name;       /* joined: the account's display name, NULL for none */
	int public;
	const char *status_before, *status_after;
	const char *text, *extra;
};

int meeting_event_insert(struct db *db, const struct meeting_event_row *e, int64_t *id);
/* The timeline, oldest first; public_only: the public events only. */
int meeting_events(struct db *db, struct arena *a, int64_t meeting_id, int public_only,
		   struct meeting_event_row **items, size_t *n);

/* A petition as lists show it. */
struct meeting_petition_row {
	const char *code;
	const char *title;            /* the public (redacted) title when public_only */
	const char *status;
	int public;
	int64_t received_at, due_at;
};

/* The petitions of a meeting, oldest first (public_only: public items). */
int meeting_petitions(struct db *db, struct arena *a, int64_t meeting_id, int public_only,
		      struct meeting_petition_row **items, size_t *n);

struct meeting_results {
	int64_t petitions;            /* every item raised (merged ones too) */
	int64_t answered;             /* answered, published or closed */
	int64_t published;            /* published or closed */
	int64_t overdue;              /* still received or assigned and past due at `now` */
};

int meeting_results_get(struct db *db, int64_t meeting_id, int64_t now, struct meeting_results *out);

/* Meetings of `kind`, not cancelled, of the unit or below it, starting in
 * [from, to): *n. */
int meeting_count_in(struct db *db, int64_t unit_id, const char *kind, int64_t from, int64_t to, int64_t *n);

#endif
