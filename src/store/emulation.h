/*
 * emulation.h - the SQL of emulation and commendation (migrations 0022):
 * commendation forms and base salaries by date, eligibility rules,
 * criteria sets, movements, councils, models with their timeline and
 * scores, commendations with their timeline, the honour roll. Both
 * engines.
 *
 * SHAPE. The domain's records go to the API and the pages as JSON, so the
 * readers here answer jansson arrays of objects directly: each query names
 * its columns in a spec ("id:i,title:s,starts_on:d"), types
 *   i integer (SQL NULL -> null)     s text (NULL -> null)
 *   d day number -> "YYYY-MM-DD"     m thousandths -> a number (300 -> 0.3)
 *   b 0/1 -> false/true              c hundredths -> a number (875 -> 8.75)
 *   j JSON text -> its value
 * Parameters are bound by a spec too: 'i' int64_t, 'n' int64_t with 0 as
 * NULL, 's' const char * (NULL binds NULL).
 *
 * RETURNS. int functions: DB_OK, DB_NOTFOUND (a lookup found nothing) or
 * a negative enum db_rc. JSON readers: a new array, NULL on failure.
 * The caller's connection; any thread.
 */
#ifndef DANVAN_STORE_EMULATION_H
#define DANVAN_STORE_EMULATION_H

#include <stdint.h>
#include <jansson.h>

struct db;

/* --- the generic helpers ------------------------------------------------------ */

/* Run one statement (an INSERT ... RETURNING id, when id is not NULL). */
int emdb_run(struct db *db, int64_t *id, const char *sql, const char *binds, ...);
/* The first column of the first row as an integer (DB_NOTFOUND: no row). */
int emdb_int(struct db *db, int64_t *out, const char *sql, const char *binds, ...);
/* Every row as an object named by `cols`. */
json_t *emdb_rows(struct db *db, const char *cols, const char *sql, const char *binds, ...);

/* --- forms, base salary, rules -------------------------------------------------- */

#define EMDB_FORM_COLS                                                                                     \
	"id:i,code:s,name:s,kind:s,recipient:s,granted_by:s,multiplier:m,recipient_factor:m,posting_days:i," \
	"posting_unit:s,effective_from:d,effective_to:d,legal_basis:s,multiplier_milli:i,recipient_factor_milli:i"

/* The forms in force on `day` (every row when day < 0), by code. */
json_t *emdb_forms(struct db *db, int64_t day);
/* The row of `code` in force on `day` (an array of 0 or 1). */
json_t *emdb_form_on(struct db *db, const char *code, int64_t day);
/* The rows of `code` whatever their dates (to check a code exists). */
int emdb_form_exists(struct db *db, const char *code);
/* Add a form row from effective_from, closing the open row of its code
 * the day before when it started earlier; DB_CONSTRAINT when a row of the
 * code starts on or after that day. */
int emdb_form_add(struct db *db, const char *code, const char *name, const char *kind, const char *recipient,
		  const char *granted_by, int64_t mult_milli, int64_t factor_milli, int64_t posting_days,
		  const char *posting_unit, int64_t from, int64_t to, const char *basis, int64_t *id);

#define EMDB_SALARY_COLS "id:i,amount:i,effective_from:d,effective_to:d,legal_basis:s"
json_t *emdb_salaries(struct db *db);
/* The base salary in force on `day`, DB_NOTFOUND when no row covers it. */
int emdb_salary_on(struct db *db, int64_t day, int64_t *amount);
int emdb_salary_add(struct db *db, int64_t amount, int64_t from, const char *basis, int64_t *id);

/* The rules of `form` in force on `day`: kind, requires_form, years, note. */
json_t *emdb_rules(struct db *db, const char *form, int64_t day);
/* Decided commendations of `form` in `year` held by the recipient
 * (matched on person when given, else on name and unit), in *n. */
int emdb_holds(struct db *db, const char *form, int64_t year, const char *name, int64_t unit_id,
	       const char *person, int64_t *n);

/* --- movements ------------------------------------------------------------------ */

json_t *emdb_default_criteria(struct db *db);
int emdb_movement_insert(struct db *db, const char *title, int64_t unit_id, int64_t starts, int64_t ends,
			 int64_t qnum, int64_t qden, int64_t actor, int64_t now, int64_t *id);
int emdb_criterion_insert(struct db *db, int64_t movement, int64_t pos, const char *code, const char *name,
			  int64_t weight_milli);
int emdb_movement_unit_insert(struct db *db, int64_t movement, int64_t unit_id);
/* One movement with its unit (code, name): an array of 0 or 1. */
json_t *emdb_movement(struct db *db, int64_t id);
json_t *emdb_movements(struct db *db, int64_t limit, int64_t offset);
int emdb_movement_count(struct db *db, int64_t *n);
/* The number of movements titled `title` (the demo's idempotence). */
int emdb_movement_titled(struct db *db, const char *title, int64_t *n);
json_t *emdb_criteria(struct db *db, int64_t movement);
json_t *emdb_movement_units(struct db *db, int64_t movement);
/* 1 when unit_id lies within (or is) the movement's unit or one of its
 * participating units, in *yes. */
int emdb_movement_covers(struct db *db, int64_t movement, int64_t unit_id, int64_t *yes);

int emdb_council_insert(struct db *db, int64_t movement, int64_t account, int64_t unit_id, const char *role,
			int64_t *id);
json_t *emdb_council(struct db *db, int64_t movement);
/* The account's council membership of the movement: id and unit_id (0 or 1 rows). */
json_t *emdb_council_member(struct db *db, int64_t movement, int64_t account);

/* --- models --------------------------------------------------------------------- */

int emdb_model_insert(struct db *db, int64_t movement, const char *kind, const char *field, const char *title,
		      int64_t unit_id, const char *person, const char *const texts[9], int64_t day, int64_t year,
		      int64_t actor, int64_t now, const char *search_key, int64_t *id);
/* One model with its unit and movement (0 or 1 rows). */
json_t *emdb_model(struct db *db, int64_t id);
/* Models filtered: movement (0 any), field, unit code (with the units
 * below it), year (0 any), status list ("recognised,exemplary,commended"
 * or NULL), the words to find through the search index (store/search.h
 * search_query_parse: match for SQLite, tsquery for PostgreSQL; NULL:
 * none), page. */
struct emdb_model_filter {
	int64_t movement;
	const char *field, *unit, *statuses;
	const char *match, *tsquery;
	int64_t year;
	int64_t limit, offset;
};
json_t *emdb_models(struct db *db, const struct emdb_model_filter *f, int64_t *total);
int emdb_model_set(struct db *db, int64_t id, const char *status, int64_t result_centi, int64_t now);
int emdb_model_event(struct db *db, int64_t model, int64_t at, const char *type, int64_t actor, int pub,
		     const char *before, const char *after, const char *text, const char *extra, int64_t *id);
json_t *emdb_model_events(struct db *db, int64_t model, int public_only);
int emdb_evaluation_insert(struct db *db, int64_t model, int64_t member, int64_t score_centi,
			   const char *comment, int64_t at, int64_t *id);
int emdb_score_insert(struct db *db, int64_t evaluation, const char *criterion, int64_t score);
/* The evaluations of a model: member_id, unit_id, score_centi. */
json_t *emdb_evaluations(struct db *db, int64_t model);

/* --- commendations ---------------------------------------------------------------- */

int emdb_commendation_insert(struct db *db, const char *form, int64_t year, const char *rkind, const char *rname,
			     int64_t unit_id, const char *person, const char *reason, const char *initiative,
			     int64_t model, int eligible, const char *unmet, int64_t day, int64_t actor,
			     int64_t now, int64_t *id);
json_t *emdb_commendation(struct db *db, int64_t id);
json_t *emdb_commendation_by_code(struct db *db, const char *code);
struct emdb_commendation_filter {
	const char *status, *unit, *form;
	int64_t year;
	int64_t limit, offset;
};
json_t *emdb_commendations(struct db *db, const struct emdb_commendation_filter *f, int64_t *total);
/* Decided commendations of the units at or below `unit` whose decision
 * date is in from..to (day numbers, both inclusive), by date. */
json_t *emdb_commendations_decided(struct db *db, const char *unit, int64_t from, int64_t to);
int emdb_commendation_status(struct db *db, int64_t id, const char *status, int64_t now);
int emdb_commendation_post(struct db *db, int64_t id, int64_t day, int64_t now);
int emdb_commendation_approve(struct db *db, int64_t id, int64_t day, const char *override_reason, int64_t now);
int emdb_commendation_decide(struct db *db, int64_t id, const char *number, int64_t date, const char *issuer,
			     int64_t form_id, int64_t base, int64_t prize, const char *code, int64_t now);
int emdb_commendation_reject(struct db *db, int64_t id, const char *reason, int64_t now);
int emdb_commendation_event(struct db *db, int64_t c, int64_t at, const char *type, int64_t actor, int pub,
			    const char *before, const char *after, const char *text, const char *extra,
			    int64_t *id);
json_t *emdb_commendation_events(struct db *db, int64_t c, int public_only);

/* The honour roll: decided commendations (kind "commendation") and
 * recognised, exemplary or commended models (kind "model"), newest first;
 * unit code (with the units below), year, field, and the recipient's or
 * exemplar's name (a person's history; exact) may be NULL/0. */
json_t *emdb_honours(struct db *db, const char *unit, int64_t year, const char *field, const char *name,
		     int64_t limit);

/* --- "Ngày hội" events (0026) ------------------------------------------------------- */

#define EMDB_EVENT_COLS "id:i,title:s,held_on:d,place:s,description:s,unit:s,unit_name:s,unit_id:i,models:i"
int emdb_event_insert(struct db *db, int64_t unit_id, const char *title, int64_t day, const char *place,
		      const char *description, int64_t actor, int64_t now, int64_t *id);
/* One event (0 or 1 rows); `models` counts its public models. */
json_t *emdb_event(struct db *db, int64_t id);
/* Events of `unit` (code, with the units below it; NULL: all) held in
 * `year` (0: any), newest first, with their number in *total. */
json_t *emdb_events(struct db *db, const char *unit, int64_t year, int64_t limit, int64_t offset, int64_t *total);
/* Attach a model (DB_CONSTRAINT when it is attached already). */
int emdb_event_model_insert(struct db *db, int64_t event, int64_t model, const char *note, int64_t actor,
			    int64_t now);
/* The models honoured at an event (public ones only when public_only). */
json_t *emdb_event_models(struct db *db, int64_t event, int public_only);
/* The events a model was honoured at, oldest first. */
json_t *emdb_model_honoured_at(struct db *db, int64_t model);
/* The exemplary or commended models of the event's unit (and below) or of
 * the movements it organises, not yet attached. */
json_t *emdb_event_candidates(struct db *db, int64_t event);

#endif
