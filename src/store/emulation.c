/*
 * emulation.c - the SQL of emulation and commendation (store/emulation.h):
 * generic bind-and-read helpers that answer JSON, and one function per
 * statement of the domain. The same SQL runs on both engines.
 */
#include "store/emulation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "store/db.h"

/* --- the generic helpers ------------------------------------------------------ */

static struct db_stmt *prepare_v(struct db *db, const char *sql, const char *binds, va_list ap)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return NULL;
	for (int i = 0; binds && binds[i]; i++) {
		int idx = i + 1, rc = 0;
		switch (binds[i]) {
		case 'i':
			rc = db_bind_int(st, idx, va_arg(ap, int64_t));
			break;
		case 'n':
			rc = db_bind_int_or_null(st, idx, va_arg(ap, int64_t));
			break;
		case 's':
			rc = db_bind_text(st, idx, va_arg(ap, const char *));
			break;
		default:
			rc = -1;
		}
		if (rc < 0) {
			db_done(st);
			return NULL;
		}
	}
	return st;
}

int emdb_run(struct db *db, int64_t *id, const char *sql, const char *binds, ...)
{
	va_list ap;
	va_start(ap, binds);
	struct db_stmt *st = prepare_v(db, sql, binds, ap);
	va_end(ap);
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW && id)
		*id = db_col_int(st, 0);
	while (rc == DB_ROW)
		rc = db_step(st);
	db_done(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int emdb_int(struct db *db, int64_t *out, const char *sql, const char *binds, ...)
{
	va_list ap;
	va_start(ap, binds);
	struct db_stmt *st = prepare_v(db, sql, binds, ap);
	va_end(ap);
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_col_int(st, 0);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

/* One column of the current row as JSON, by its type letter. */
static json_t *column(struct db_stmt *st, int col, char type)
{
	if (db_col_is_null(st, col))
		return json_null();
	int64_t v = 0;
	if (type != 's' && type != 'j')
		v = db_col_int(st, col);
	switch (type) {
	case 'i':
		return json_integer(v);
	case 'b':
		return json_boolean(v != 0);
	case 'm':
		return json_real((double)v / 1000.0);
	case 'c':
		return json_real((double)v / 100.0);
	case 'd': {
		char buf[11];
		return json_string(fmt_ymd(v, buf));
	}
	case 'j': {
		const char *s = db_col_text(st, col);
		json_t *j = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
		return j ? j : json_null();
	}
	default: {
		const char *s = db_col_text(st, col);
		return s ? json_string(s) : json_null();
	}
	}
}

static json_t *rows_v(struct db *db, const char *cols, const char *sql, const char *binds, va_list ap)
{
	char names[40][40];
	char types[40];
	int ncols = 0;
	for (const char *p = cols; *p && ncols < 40;) {
		const char *colon = strchr(p, ':');
		if (!colon || colon - p >= 40)
			return NULL;
		memcpy(names[ncols], p, (size_t)(colon - p));
		names[ncols][colon - p] = '\0';
		types[ncols] = colon[1];
		ncols++;
		p = colon + 2;
		if (*p == ',')
			p++;
	}
	struct db_stmt *st = prepare_v(db, sql, binds, ap);
	if (!st)
		return NULL;
	json_t *out = json_array();
	int rc;
	while (out && (rc = db_step(st)) == DB_ROW) {
		json_t *o = json_object();
		for (int i = 0; o && i < ncols; i++)
			if (json_object_set_new(o, names[i], column(st, i, types[i])) < 0) {
				json_decref(o);
				o = NULL;
			}
		if (!o || json_array_append_new(out, o) < 0) {
			json_decref(out);
			out = NULL;
		}
	}
	if (out && rc != DB_DONE) {
		json_decref(out);
		out = NULL;
	}
	db_done(st);
	return out;
}

json_t *emdb_rows(struct db *db, const char *cols, const char *sql, const char *binds, ...)
{
	va_list ap;
	va_start(ap, binds);
	json_t *r = rows_v(db, cols, sql, binds, ap);
	va_end(ap);
	return r;
}

/* --- forms, base salary, rules -------------------------------------------------- */

#define FORM_SELECT                                                                                          \
	"SELECT id, code, name, kind, recipient, granted_by, multiplier_milli, recipient_factor_milli, "    \
	"posting_days, posting_unit, effective_from, effective_to, legal_basis, multiplier_milli, "          \
	"recipient_factor_milli FROM commendation_forms "

json_t *emdb_forms(struct db *db, int64_t day)
{
	if (day < 0)
		return emdb_rows(db, EMDB_FORM_COLS, FORM_SELECT "ORDER BY code, effective_from", "");
	return emdb_rows(db, EMDB_FORM_COLS,
			 FORM_SELECT "WHERE effective_from <= $1 AND (effective_to IS NULL OR effective_to >= $1) "
				     "ORDER BY id", "i", day);
}

json_t *emdb_form_on(struct db *db, const char *code, int64_t day)
{
	return emdb_rows(db, EMDB_FORM_COLS,
			 FORM_SELECT "WHERE code = $1 AND effective_from <= $2 AND (effective_to IS NULL OR "
				     "effective_to >= $2) ORDER BY effective_from DESC LIMIT 1", "si", code, day);
}

int emdb_form_exists(struct db *db, const char *code)
{
	int64_t n = 0;
	int rc = emdb_int(db, &n, "SELECT count(*) FROM commendation_forms WHERE code = $1", "s", code);
	return rc < 0 ? rc : n > 0;
}

int emdb_form_add(struct db *db, const char *code, const char *name, const char *kind, const char *recipient,
		  const char *granted_by, int64_t mult_milli, int64_t factor_milli, int64_t posting_days,
		  const char *posting_unit, int64_t from, int64_t to, const char *basis, int64_t *id)
{
	int64_t later = 0;
	int rc = emdb_int(db, &later, "SELECT count(*) FROM commendation_forms WHERE code = $1 AND effective_from >= $2",
			  "si", code, from);
	if (rc < 0)
		return rc;
	if (later)
		return DB_CONSTRAINT;
	rc = emdb_run(db, NULL, "UPDATE commendation_forms SET effective_to = $2 - 1 WHERE code = $1 AND "
				"(effective_to IS NULL OR effective_to >= $2)", "si", code, from);
	if (rc < 0)
		return rc;
	return emdb_run(db, id,
			"INSERT INTO commendation_forms(code, name, kind, recipient, granted_by, multiplier_milli, "
			"recipient_factor_milli, posting_days, posting_unit, effective_from, effective_to, legal_basis) "
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
			"sssssiiisins", code, name, kind, recipient, granted_by, mult_milli, factor_milli, posting_days,
			posting_unit, from, to, basis);
}

json_t *emdb_salaries(struct db *db)
{
	return emdb_rows(db, EMDB_SALARY_COLS,
			 "SELECT id, amount, effective_from, effective_to, legal_basis FROM base_salaries "
			 "ORDER BY effective_from", "");
}

int emdb_salary_on(struct db *db, int64_t day, int64_t *amount)
{
	return emdb_int(db, amount, "SELECT amount FROM base_salaries WHERE effective_from <= $1 AND "
				    "(effective_to IS NULL OR effective_to >= $1) ORDER BY effective_from DESC LIMIT 1",
			"i", day);
}

int emdb_salary_add(struct db *db, int64_t amount, int64_t from, const char *basis, int64_t *id)
{
	int64_t later = 0;
	int rc = emdb_int(db, &later, "SELECT count(*) FROM base_salaries WHERE effective_from >= $1", "i", from);
	if (rc < 0)
		return rc;
	if (later)
		return DB_CONSTRAINT;
	rc = emdb_run(db, NULL, "UPDATE base_salaries SET effective_to = $1 - 1 WHERE effective_to IS NULL OR "
				"effective_to >= $1", "i", from);
	if (rc < 0)
		return rc;
	return emdb_run(db, id, "INSERT INTO base_salaries(amount, effective_from, effective_to, legal_basis) "
				"VALUES ($1, $2, NULL, $3) RETURNING id", "iis", amount, from, basis);
}

json_t *emdb_rules(struct db *db, const char *form, int64_t day)
{
	return emdb_rows(db, "kind:s,requires_form:s,years:i,note:s",
			 "SELECT kind, requires_form, years, note FROM commendation_rules WHERE form_code = $1 AND "
			 "effective_from <= $2 AND (effective_to IS NULL OR effective_to >= $2) ORDER BY id",
			 "si", form, day);
}

int emdb_holds(struct db *db, const char *form, int64_t year, const char *name, int64_t unit_id,
	       const char *person, int64_t *n)
{
	if (person && *person)
		return emdb_int(db, n, "SELECT count(*) FROM commendations WHERE status = 'decided' AND form_code = $1 "
				       "AND year = $2 AND person = $3", "sis", form, year,
				person);
	return emdb_int(db, n, "SELECT count(*) FROM commendations WHERE status = 'decided' AND form_code = $1 AND "
			       "year = $2 AND recipient_name = $3 AND recipient_unit_id = $4", "sisi", form, year, name,
			unit_id);
}

/* --- movements ------------------------------------------------------------------ */

json_t *emdb_default_criteria(struct db *db)
{
	return emdb_rows(db, "code:s,name:s,weight:m",
			 "SELECT i.code, i.name, i.weight_milli FROM criteria_set_items i JOIN criteria_sets s ON "
			 "s.code = i.set_code WHERE s.is_default = 1 ORDER BY i.position", "");
}

int emdb_movement_insert(struct db *db, const char *title, int64_t unit_id, int64_t starts, int64_t ends,
			 int64_t qnum, int64_t qden, int64_t actor, int64_t now, int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO movements(title, unit_id, starts_on, ends_on, quorum_num, quorum_den, created_by, "
			"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
			"siiiiini", title, unit_id, starts, ends, qnum, qden, actor, now);
}

int emdb_criterion_insert(struct db *db, int64_t movement, int64_t pos, const char *code, const char *name,
			  int64_t weight_milli)
{
	return emdb_run(db, NULL, "INSERT INTO movement_criteria(movement_id, position, code, name, weight_milli) "
				  "VALUES ($1, $2, $3, $4, $5)", "iissi", movement, pos, code, name, weight_milli);
}

int emdb_movement_unit_insert(struct db *db, int64_t movement, int64_t unit_id)
{
	return emdb_run(db, NULL, "INSERT INTO movement_units(movement_id, unit_id) VALUES ($1, $2)", "ii", movement,
			unit_id);
}

#define MOVEMENT_COLS "id:i,title:s,unit:s,unit_name:s,unit_id:i,starts_on:d,ends_on:d,quorum_num:i,quorum_den:i"
#define MOVEMENT_SELECT                                                                                     \
	"SELECT m.id, m.title, u.code, u.name, m.unit_id, m.starts_on, m.ends_on, m.quorum_num, m.quorum_den " \
	"FROM movements m JOIN units u ON u.id = m.unit_id "

json_t *emdb_movement(struct db *db, int64_t id)
{
	return emdb_rows(db, MOVEMENT_COLS, MOVEMENT_SELECT "WHERE m.id = $1", "i", id);
}

json_t *emdb_movements(struct db *db, int64_t limit, int64_t offset)
{
	return emdb_rows(db, MOVEMENT_COLS, MOVEMENT_SELECT "ORDER BY m.starts_on DESC, m.id DESC LIMIT $1 OFFSET $2",
			 "ii", limit, offset);
}

int emdb_movement_count(struct db *db, int64_t *n)
{
	return emdb_int(db, n, "SELECT count(*) FROM movements", "");
}

int emdb_movement_titled(struct db *db, const char *title, int64_t *n)
{
	return emdb_int(db, n, "SELECT count(*) FROM movements WHERE title = $1", "s", title);
}

json_t *emdb_criteria(struct db *db, int64_t movement)
{
	return emdb_rows(db, "code:s,name:s,weight:m,weight_milli:i",
			 "SELECT code, name, weight_milli, weight_milli FROM movement_criteria WHERE movement_id = $1 "
			 "ORDER BY position", "i", movement);
}

json_t *emdb_movement_units(struct db *db, int64_t movement)
{
	return emdb_rows(db, "code:s,name:s",
			 "SELECT u.code, u.name FROM movement_units mu JOIN units u ON u.id = mu.unit_id WHERE "
			 "mu.movement_id = $1 ORDER BY u.code", "i", movement);
}

/* The units at or below the roots given by the inner SELECT (current tree). */
#define WITHIN(roots)                                                                            \
	"WITH RECURSIVE sub(id) AS (" roots " UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = " \
	"sub.id) "

int emdb_movement_covers(struct db *db, int64_t movement, int64_t unit_id, int64_t *yes)
{
	return emdb_int(db, yes,
			WITHIN("SELECT unit_id FROM movements WHERE id = $1 UNION SELECT unit_id FROM movement_units "
			       "WHERE movement_id = $1")
			"SELECT count(*) FROM sub WHERE id = $2", "ii", movement, unit_id);
}

int emdb_council_insert(struct db *db, int64_t movement, int64_t account, int64_t unit_id, const char *role,
			int64_t *id)
{
	return emdb_run(db, id, "INSERT INTO council_members(movement_id, account_id, unit_id, role) VALUES ($1, $2, "
				"$3, $4) RETURNING id", "iiis", movement, account, unit_id, role);
}

json_t *emdb_council(struct db *db, int64_t movement)
{
	return emdb_rows(db, "id:i,username:s,display_name:s,unit:s,unit_name:s,role:s,unit_id:i",
			 "SELECT c.id, a.username, a.display_name, u.code, u.name, c.role, c.unit_id FROM council_members c "
			 "JOIN accounts a ON a.id = c.account_id JOIN units u ON u.id = c.unit_id WHERE "
			 "c.movement_id = $1 ORDER BY c.role, c.id", "i", movement);
}

json_t *emdb_council_member(struct db *db, int64_t movement, int64_t account)
{
	return emdb_rows(db, "id:i,unit_id:i",
			 "SELECT id, unit_id FROM council_members WHERE movement_id = $1 AND account_id = $2", "ii",
			 movement, account);
}

/* --- models --------------------------------------------------------------------- */

int emdb_model_insert(struct db *db, int64_t movement, const char *kind, const char *field, const char *title,
		      int64_t unit_id, const char *person, const char *const t[9], int64_t day, int64_t year,
		      int64_t actor, int64_t now, const char *search_key, int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO models(movement_id, kind, field, title, unit_id, person, situation, goals, "
			"description, area, forces, resources, timeframe, results, sustain, registered_on, year, "
			"created_by, created_at, updated_at, search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
			"$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) RETURNING id",
			"isssissssssssssiinis", movement, kind, field, title, unit_id, person, t[0], t[1], t[2], t[3],
			t[4], t[5], t[6], t[7], t[8], day, year, actor, now, search_key);
}

#define MODEL_COLS                                                                                         \
	"id:i,movement:i,movement_title:s,kind:s,field:s,title:s,unit:s,unit_name:s,unit_id:i,person:s,"  \
	"situation:s,goals:s,description:s,area:s,forces:s,resources:s,timeframe:s,results:s,sustain:s,"  \
	"status:s,registered_on:d,year:i,result:c,movement_unit_id:i,quorum_num:i,quorum_den:i"
#define MODEL_SELECT                                                                                        \
	"SELECT o.id, o.movement_id, m.title, o.kind, o.field, o.title, u.code, u.name, o.unit_id, o.person, " \
	"o.situation, o.goals, o.description, o.area, o.forces, o.resources, o.timeframe, o.results, "       \
	"o.sustain, o.status, o.registered_on, o.year, o.result_centi, m.unit_id, m.quorum_num, m.quorum_den " \
	"FROM models o JOIN movements m ON m.id = o.movement_id JOIN units u ON u.id = o.unit_id "

json_t *emdb_model(struct db *db, int64_t id)
{
	return emdb_rows(db, MODEL_COLS, MODEL_SELECT "WHERE o.id = $1", "i", id);
}

/* The models list's WHERE; WORDS is the condition on the search index. */
#define MODELS_WHERE(words)                                                                                  \
	"WHERE ($1 = 0 OR o.movement_id = $1) AND ($2 = '' OR o.field = $2) AND ($3 = 0 OR o.year = $3) "  \
	"AND ($4 = '' OR (',' || $4 || ',') LIKE ('%,' || o.status || ',%')) "                                \
	"AND ($5 = '' OR o.unit_id IN (SELECT id FROM sub)) AND ($6 = '' OR o.id IN (SELECT rowid - "       \
	"4398046511104 FROM search_fts WHERE " words " AND rowid >= 4398046511104 AND rowid < "             \
	"5497558138880)) "
#define MODELS_NO_WORDS                                                                                      \
	"WHERE ($1 = 0 OR o.movement_id = $1) AND ($2 = '' OR o.field = $2) AND ($3 = 0 OR o.year = $3) "  \
	"AND ($4 = '' OR (',' || $4 || ',') LIKE ('%,' || o.status || ',%')) "                                \
	"AND ($5 = '' OR o.unit_id IN (SELECT id FROM sub)) AND ($6 = '') "

json_t *emdb_models(struct db *db, const struct emdb_model_filter *f, int64_t *total)
{
	int pg = db_is_pg(db);
	const char *q = pg ? f->tsquery : f->match;
	const char *where = !q || !*q ? MODELS_NO_WORDS
			    : pg      ? MODELS_WHERE("doc @@ to_tsquery('simple', $6)")
				      : MODELS_WHERE("search_fts MATCH $6");
	char sql[4096];
	const char *unit = f->unit ? f->unit : "";
	const char *field = f->field ? f->field : "";
	const char *st = f->statuses ? f->statuses : "";
	if (!q)
		q = "";
	snprintf(sql, sizeof(sql), WITHIN("SELECT id FROM units WHERE code = $5") "SELECT count(*) FROM models o %s",
		 where);
	int rc = emdb_int(db, total, sql, "isisss", f->movement, field, f->year, st, unit, q);
	if (rc < 0)
		return NULL;
	snprintf(sql, sizeof(sql),
		 WITHIN("SELECT id FROM units WHERE code = $5") MODEL_SELECT "%s ORDER BY o.year DESC, o.id DESC "
									  "LIMIT $7 OFFSET $8",
		 where);
	return emdb_rows(db, MODEL_COLS, sql, "isisssii", f->movement, field, f->year, st, unit, q, f->limit,
			 f->offset);
}

int emdb_model_set(struct db *db, int64_t id, const char *status, int64_t result_centi, int64_t now)
{
	return emdb_run(db, NULL, "UPDATE models SET status = $2, result_centi = $3, updated_at = $4 WHERE id = $1",
			"isni", id, status, result_centi, now);
}

int emdb_model_event(struct db *db, int64_t model, int64_t at, const char *type, int64_t actor, int pub,
		     const char *before, const char *after, const char *text, const char *extra, int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO model_events(model_id, at, type, actor_id, public, status_before, status_after, "
			"text, extra) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			"iisnissss", model, at, type, actor, (int64_t)pub, before, after, text, extra);
}

json_t *emdb_model_events(struct db *db, int64_t model, int public_only)
{
	return emdb_rows(db, "id:i,at:i,type:s,by:s,status_before:s,status_after:s,text:s,extra:j",
			 "SELECT e.id, e.at, e.type, a.display_name, e.status_before, e.status_after, e.text, e.extra "
			 "FROM model_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.model_id = $1 AND "
			 "($2 = 0 OR e.public = 1) ORDER BY e.id", "ii", model, (int64_t)public_only);
}

int emdb_evaluation_insert(struct db *db, int64_t model, int64_t member, int64_t score_centi,
			   const char *comment, int64_t at, int64_t *id)
{
	return emdb_run(db, id, "INSERT INTO model_evaluations(model_id, member_id, score_centi, comment, at) "
				"VALUES ($1, $2, $3, $4, $5) RETURNING id", "iiisi", model, member, score_centi,
			comment, at);
}

int emdb_score_insert(struct db *db, int64_t evaluation, const char *criterion, int64_t score)
{
	return emdb_run(db, NULL, "INSERT INTO model_scores(evaluation_id, criterion, score) VALUES ($1, $2, $3)",
			"isi", evaluation, criterion, score);
}

json_t *emdb_evaluations(struct db *db, int64_t model)
{
	return emdb_rows(db, "member_id:i,unit_id:i,score_centi:i,score:c,member:s,comment:s",
			 "SELECT e.member_id, c.unit_id, e.score_centi, e.score_centi, a.display_name, e.comment FROM "
			 "model_evaluations e JOIN council_members c ON c.id = e.member_id JOIN accounts a ON a.id = "
			 "c.account_id WHERE e.model_id = $1 ORDER BY e.id", "i", model);
}

/* --- commendations ---------------------------------------------------------------- */

int emdb_commendation_insert(struct db *db, const char *form, int64_t year, const char *rkind, const char *rname,
			     int64_t unit_id, const char *person, const char *reason, const char *initiative,
			     int64_t model, int eligible, const char *unmet, int64_t day, int64_t actor,
			     int64_t now, int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO commendations(form_code, year, recipient_kind, recipient_name, recipient_unit_id, "
			"person, reason, initiative, model_id, eligible, unmet, proposed_on, created_by, created_at, "
			"updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
			"RETURNING id",
			"sississsnisini", form, year, rkind, rname, unit_id, person, reason, initiative, model,
			(int64_t)eligible, unmet, day, actor, now);
}

#define COMM_COLS                                                                                           \
	"id:i,form:s,form_name:s,year:i,recipient_kind:s,recipient_name:s,unit:s,unit_name:s,unit_id:i,"   \
	"person:s,reason:s,initiative:s,model:i,model_title:s,model_field:s,eligible:b,unmet:j,"           \
	"override_reason:s,status:s,proposed_on:d,posted_on:d,approved_on:d,decision_number:s,"             \
	"decision_date:d,decision_issuer:s,prize_vnd:i,base_salary:i,certificate_code:s,reject_reason:s,"   \
	"decided_multiplier:m,decided_factor:m,decided_basis:s,posted_day:i"
#define COMM_SELECT                                                                                          \
	"SELECT c.id, c.form_code, (SELECT f.name FROM commendation_forms f WHERE f.code = c.form_code ORDER BY " \
	"f.effective_from DESC LIMIT 1), c.year, c.recipient_kind, c.recipient_name, u.code, u.name, "          \
	"c.recipient_unit_id, c.person, c.reason, c.initiative, c.model_id, o.title, o.field, c.eligible, "    \
	"c.unmet, c.override_reason, c.status, c.proposed_on, c.posted_on, c.approved_on, c.decision_number, " \
	"c.decision_date, c.decision_issuer, c.prize_vnd, c.base_salary, c.certificate_code, c.reject_reason, " \
	"df.multiplier_milli, df.recipient_factor_milli, df.legal_basis, c.posted_on "                         \
	"FROM commendations c JOIN units u ON u.id = c.recipient_unit_id LEFT JOIN models o ON o.id = "         \
	"c.model_id LEFT JOIN commendation_forms df ON df.id = c.decided_form_id "

json_t *emdb_commendation(struct db *db, int64_t id)
{
	return emdb_rows(db, COMM_COLS, COMM_SELECT "WHERE c.id = $1", "i", id);
}

json_t *emdb_commendation_by_code(struct db *db, const char *code)
{
	return emdb_rows(db, COMM_COLS, COMM_SELECT "WHERE c.certificate_code = $1 AND c.status = 'decided'", "s",
			 code);
}

json_t *emdb_commendations(struct db *db, const struct emdb_commendation_filter *f, int64_t *total)
{
	const char *where = "WHERE ($1 = '' OR c.status = $1) AND ($2 = '' OR c.recipient_unit_id IN (SELECT id FROM "
			    "sub)) AND ($3 = '' OR c.form_code = $3) AND ($4 = 0 OR c.year = $4) ";
	char sql[4096];
	const char *status = f->status ? f->status : "", *unit = f->unit ? f->unit : "", *form = f->form ? f->form : "";
	snprintf(sql, sizeof(sql),
		 WITHIN("SELECT id FROM units WHERE code = $2") "SELECT count(*) FROM commendations c %s", where);
	if (emdb_int(db, total, sql, "sssi", status, unit, form, f->year) < 0)
		return NULL;
	snprintf(sql, sizeof(sql),
		 WITHIN("SELECT id FROM units WHERE code = $2") COMM_SELECT "%s ORDER BY c.year DESC, c.id DESC "
									  "LIMIT $5 OFFSET $6",
		 where);
	return emdb_rows(db, COMM_COLS, sql, "sssiii", status, unit, form, f->year, f->limit, f->offset);
}

json_t *emdb_commendations_decided(struct db *db, const char *unit, int64_t from, int64_t to)
{
	return emdb_rows(db, COMM_COLS,
			 WITHIN("SELECT id FROM units WHERE code = $1") COMM_SELECT
			 "WHERE c.status = 'decided' AND c.recipient_unit_id IN (SELECT id FROM sub) AND "
			 "c.decision_date >= $2 AND c.decision_date <= $3 ORDER BY c.decision_date, c.id LIMIT 100000",
			 "sii", unit, from, to);
}

int emdb_commendation_status(struct db *db, int64_t id, const char *status, int64_t now)
{
	return emdb_run(db, NULL, "UPDATE commendations SET status = $2, updated_at = $3 WHERE id = $1", "isi", id,
			status, now);
}

int emdb_commendation_post(struct db *db, int64_t id, int64_t day, int64_t now)
{
	return emdb_run(db, NULL, "UPDATE commendations SET status = 'posted', posted_on = $2, updated_at = $3 WHERE "
				  "id = $1", "iii", id, day, now);
}

int emdb_commendation_approve(struct db *db, int64_t id, int64_t day, const char *override_reason, int64_t now)
{
	return emdb_run(db, NULL, "UPDATE commendations SET status = 'approved', approved_on = $2, override_reason = "
				  "$3, updated_at = $4 WHERE id = $1", "iisi", id, day, override_reason, now);
}

int emdb_commendation_decide(struct db *db, int64_t id, const char *number, int64_t date, const char *issuer,
			     int64_t form_id, int64_t base, int64_t prize, const char *code, int64_t now)
{
	return emdb_run(db, NULL,
			"UPDATE commendations SET status = 'decided', decision_number = $2, decision_date = $3, "
			"decision_issuer = $4, decided_form_id = $5, base_salary = $6, prize_vnd = $7, "
			"certificate_code = $8, updated_at = $9 WHERE id = $1",
			"isisiiisi", id, number, date, issuer, form_id, base, prize, code, now);
}

int emdb_commendation_reject(struct db *db, int64_t id, const char *reason, int64_t now)
{
	return emdb_run(db, NULL, "UPDATE commendations SET status = 'rejected', reject_reason = $2, updated_at = $3 "
				  "WHERE id = $1", "isi", id, reason, now);
}

int emdb_commendation_event(struct db *db, int64_t c, int64_t at, const char *type, int64_t actor, int pub,
			    const char *before, const char *after, const char *text, const char *extra,
			    int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO commendation_events(commendation_id, at, type, actor_id, public, status_before, "
			"status_after, text, extra) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			"iisnissss", c, at, type, actor, (int64_t)pub, before, after, text, extra);
}

json_t *emdb_commendation_events(struct db *db, int64_t c, int public_only)
{
	return emdb_rows(db, "id:i,at:i,type:s,by:s,status_before:s,status_after:s,text:s,extra:j",
			 "SELECT e.id, e.at, e.type, a.display_name, e.status_before, e.status_after, e.text, e.extra "
			 "FROM commendation_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE "
			 "e.commendation_id = $1 AND ($2 = 0 OR e.public = 1) ORDER BY e.id", "ii", c,
			 (int64_t)public_only);
}

json_t *emdb_honours(struct db *db, const char *unit, int64_t year, const char *field, const char *name,
		     int64_t limit)
{
	const char *u = unit ? unit : "", *fl = field ? field : "", *nm = name ? name : "";
	return emdb_rows(
		db, "kind:s,id:i,title:s,recipient:s,unit:s,unit_name:s,year:i,field:s,status:s,decision_number:s,"
		    "decision_date:d,certificate_code:s,form:s",
		WITHIN("SELECT id FROM units WHERE code = $1")
		"SELECT * FROM (SELECT 'commendation' AS kind, c.id AS id, (SELECT f.name FROM commendation_forms f "
		"WHERE f.id = c.decided_form_id) AS title, c.recipient_name AS recipient, u.code AS ucode, u.name AS "
		"uname, c.year AS year, o.field AS field, c.status AS status, c.decision_number AS dn, c.decision_date "
		"AS dd, c.certificate_code AS cc, c.form_code AS form FROM commendations c JOIN units u ON u.id = "
		"c.recipient_unit_id LEFT JOIN models o ON o.id = c.model_id WHERE c.status = 'decided' AND ($1 = '' "
		"OR c.recipient_unit_id IN (SELECT id FROM sub)) AND ($2 = 0 OR c.year = $2) AND ($3 = '' OR o.field = "
		"$3) AND ($5 = '' OR c.recipient_name = $5) "
		"UNION ALL SELECT 'model', o.id, o.title, COALESCE(o.person, u.name), u.code, u.name, o.year, o.field, "
		"o.status, NULL, NULL, NULL, NULL FROM models o JOIN units u ON u.id = o.unit_id WHERE o.status IN "
		"('recognised', 'exemplary', 'commended') AND ($1 = '' OR o.unit_id IN (SELECT id FROM sub)) AND ($2 = "
		"0 OR o.year = $2) AND ($3 = '' OR o.field = $3) AND ($5 = '' OR o.person = $5)) h ORDER BY year DESC, "
		"kind, id DESC LIMIT $4",
		"sisis", u, year, fl, limit, nm);
}

/* --- "Ngày hội" events (0026) ---------------------------------------------------------- */

int emdb_event_insert(struct db *db, int64_t unit_id, const char *title, int64_t day, const char *place,
		      const char *description, int64_t actor, int64_t now, int64_t *id)
{
	return emdb_run(db, id,
			"INSERT INTO emulation_events(unit_id, title, held_on, place, description, created_by, "
			"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
			"isissni", unit_id, title, day, place, description, actor, now);
}

#define EVENT_SELECT                                                                                         \
	"SELECT e.id, e.title, e.held_on, e.place, e.description, u.code, u.name, e.unit_id, "              \
	"(SELECT count(*) FROM emulation_event_models x JOIN models o ON o.id = x.model_id "                \
	"WHERE x.event_id = e.id AND o.status IN ('recognised', 'exemplary', 'commended')) "                \
	"FROM emulation_events e JOIN units u ON u.id = e.unit_id "

json_t *emdb_event(struct db *db, int64_t id)
{
	return emdb_rows(db, EMDB_EVENT_COLS, EVENT_SELECT "WHERE e.id = $1", "i", id);
}

json_t *emdb_events(struct db *db, const char *unit, int64_t year, int64_t limit, int64_t offset, int64_t *total)
{
	const char *u = unit ? unit : "";
	int64_t from = year ? days_from_civil((int)year, 1, 1) : 0, to = year ? days_from_civil((int)year + 1, 1, 1) : 0;
	if (emdb_int(db, total,
		     WITHIN("SELECT id FROM units WHERE code = $1")
		     "SELECT count(*) FROM emulation_events e WHERE ($1 = '' OR e.unit_id IN (SELECT id FROM sub)) "
		     "AND ($2 = 0 OR (e.held_on >= $2 AND e.held_on < $3))",
		     "sii", u, from, to) < 0)
		return NULL;
	return emdb_rows(db, EMDB_EVENT_COLS,
			 WITHIN("SELECT id FROM units WHERE code = $1")
			 EVENT_SELECT "WHERE ($1 = '' OR e.unit_id IN (SELECT id FROM sub)) "
			 "AND ($2 = 0 OR (e.held_on >= $2 AND e.held_on < $3)) ORDER BY e.held_on DESC, e.id DESC "
			 "LIMIT $4 OFFSET $5",
			 "siiii", u, from, to, limit, offset);
}

int emdb_event_model_insert(struct db *db, int64_t event, int64_t model, const char *note, int64_t actor,
			    int64_t now)
{
	return emdb_run(db, NULL,
			"INSERT INTO emulation_event_models(event_id, model_id, note, added_by, added_at) "
			"VALUES ($1, $2, $3, $4, $5)",
			"iisni", event, model, note, actor, now);
}

json_t *emdb_event_models(struct db *db, int64_t event, int public_only)
{
	return emdb_rows(db, "id:i,title:s,kind:s,field:s,person:s,status:s,unit:s,unit_name:s,year:i,note:s",
			 "SELECT o.id, o.title, o.kind, o.field, o.person, o.status, u.code, u.name, o.year, x.note "
			 "FROM emulation_event_models x JOIN models o ON o.id = x.model_id JOIN units u ON u.id = "
			 "o.unit_id WHERE x.event_id = $1 AND ($2 = 0 OR o.status IN ('recognised', 'exemplary', "
			 "'commended')) ORDER BY x.added_at, o.id",
			 "ii", event, (int64_t)public_only);
}

json_t *emdb_model_honoured_at(struct db *db, int64_t model)
{
	return emdb_rows(db, "id:i,title:s,held_on:d,place:s,note:s",
			 "SELECT e.id, e.title, e.held_on, e.place, x.note FROM emulation_event_models x "
			 "JOIN emulation_events e ON e.id = x.event_id WHERE x.model_id = $1 ORDER BY e.held_on, e.id",
			 "i", model);
}

json_t *emdb_event_candidates(struct db *db, int64_t event)
{
	return emdb_rows(db, "id:i,title:s,unit_name:s,status:s",
			 WITHIN("SELECT unit_id FROM emulation_events WHERE id = $1")
			 "SELECT o.id, o.title, u.name, o.status FROM models o JOIN units u ON u.id = o.unit_id "
			 "WHERE (o.unit_id IN (SELECT id FROM sub) OR o.movement_id IN (SELECT m.id FROM movements m "
			 "JOIN emulation_events e ON e.unit_id = m.unit_id WHERE e.id = $1)) "
			 "AND o.status IN ('exemplary', 'commended') "
			 "AND NOT EXISTS (SELECT 1 FROM emulation_event_models x WHERE x.event_id = $1 AND "
			 "x.model_id = o.id) ORDER BY o.title, o.id LIMIT 200",
			 "i", event);
}
