/*
 * portal.h - the short lists of other domains that the home page shows:
 * upcoming public meetings and reception days, open consultations and
 * recently honoured models. Each list reads its domain's table only when
 * that table exists (article_table_exists()), so the home page works
 * whatever domains this database has; a table whose columns are not the
 * ones read here gives an empty list (logged), never a failed page.
 *
 * OWNERSHIP. Strings in the caller's arena. Returns DB_OK or a negative
 * enum db_rc (a database failure other than a missing table or column).
 */
#ifndef DANVAN_STORE_PORTAL_H
#define DANVAN_STORE_PORTAL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct portal_item {
	int64_t id;
	const char *title;
	const char *kind;          /* meetings: voter_contact, dialogue, reception, conference */
	const char *place;         /* meetings: where; else NULL */
	const char *unit_name;
	int64_t at;                /* meetings: start; consultations: closing; models: when honoured */
};

struct portal_list {
	struct portal_item *items;
	size_t n;
	int present;               /* the domain's table exists here */
};

/* Public meetings planned from now on, soonest first (reception sessions
 * included: `kind`). */
int portal_meetings(struct db *db, struct arena *a, int64_t now, size_t max, struct portal_list *out);
/* Public consultations open at now, closing soonest first. */
int portal_consultations(struct db *db, struct arena *a, int64_t now, size_t max, struct portal_list *out);
/* Recognised, exemplary or commended models, latest first. */
int portal_models(struct db *db, struct arena *a, size_t max, struct portal_list *out);

#endif
