/*
 * feedback_timeline.c - SQL for what hangs off a feedback item: the
 * sender's contact, the timeline of events, the answers, and the move of
 * open work on a reorganisation.
 */
#include "store/feedback.h"
#include "store/feedback_int.h"
#include "store/answer.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search.h"
#include "store/stamp.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>

/* --- contacts ------------------------------------------------------------- */

#define CONTACT_INSERT "INSERT INTO feedback_contacts(feedback_id, name, phone, email)"

static int bind_contact(struct db_stmt *st, int first, int64_t feedback_id, const struct feedback_contact *c)
{
	int b = db_bind_int(st, first, feedback_id);
	b |= db_bind_text(st, first + 1, c->name);
	b |= db_bind_text(st, first + 2, c->phone);
	b |= db_bind_text(st, first + 3, c->email);
	return b ? DB_ERROR : DB_OK;
}

int feedback_contact_insert(struct db *db, int64_t feedback_id, const struct feedback_contact *c)
{
	if (!db_in_transaction(db))
		BUG("feedback_contact_insert outside a transaction");
	struct db_stmt *st = db_prepare(db, CONTACT_INSERT " VALUES ($1, $2, $3, $4)");
	if (!st)
		return DB_ERROR;
	bind_contact(st, 1, feedback_id, c); /* a failed bind fails the step */
	return fbs_run_done(st);
}

static int bind_contact_row(struct db_stmt *st, int first, size_t row, const void *arg)
{
	const struct feedback_contact_row *c = &((const struct feedback_contact_row *)arg)[row];
	return bind_contact(st, first, c->feedback_id, &c->c);
}

int feedback_contacts_insert_many(struct db *db, const struct feedback_contact_row *c, size_t n)
{
	if (!db_in_transaction(db))
		BUG("feedback_contacts_insert_many outside a transaction");
	return rows_insert_many(db, CONTACT_INSERT, NULL, 4, n, bind_contact_row, c);
}

int feedback_contact_get(struct db *db, int64_t feedback_id, struct arena *a,
			 struct feedback_contact *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT name, phone, email FROM feedback_contacts "
					    "WHERE feedback_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int bad = 0;
		out->name = rows_text(st, 0, a, &bad);
		out->phone = rows_text(st, 1, a, &bad);
		out->email = rows_text(st, 2, a, &bad);
		rc = bad ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int feedback_contact_exists(struct db *db, int64_t feedback_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM feedback_contacts WHERE feedback_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW;
}

/* --- timeline ------------------------------------------------------------- */

/* An event's ten values from parameter number `first` (feedback_id, at,
 * type, actor_id, unit_id, public, status_before, status_after, text,
 * extra). */
static int bind_event(struct db_stmt *st, int first, const struct feedback_event *e)
{
	int b = 0;
	b |= db_bind_int(st, first, e->feedback_id);
	b |= db_bind_int(st, first + 1, e->at);
	b |= db_bind_text(st, first + 2, feedback_event_name(e->type));
	b |= db_bind_int_or_null(st, first + 3, e->actor_id);
	b |= db_bind_int_or_null(st, first + 4, e->unit_id);
	b |= db_bind_int(st, first + 5, e->public ? 1 : 0);
	b |= db_bind_text(st, first + 6, feedback_status_name(e->status_before));
	b |= db_bind_text(st, first + 7, feedback_status_name(e->status_after));
	b |= db_bind_text(st, first + 8, e->text);
	b |= db_bind_text(st, first + 9, e->extra);
	return b ? DB_ERROR : DB_OK;
}

#define EVENT_INSERT                                                                                   \
	"INSERT INTO feedback_events(feedback_id, at, type, actor_id, unit_id, public, status_before, " \
	"status_after, text, extra)"

int feedback_event_insert(struct db *db, const struct feedback_event *e, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("feedback_event_insert outside a transaction");
	struct db_stmt *st = db_prepare(db, EVENT_INSERT " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (!st)
		return DB_ERROR;
	if (bind_event(st, 1, e) < 0) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = db_step(st);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

static int bind_event_row(struct db_stmt *st, int first, size_t row, const void *arg)
{
	return bind_event(st, first, &((const struct feedback_event *)arg)[row]);
}

int feedback_events_insert_many(struct db *db, const struct feedback_event *e, size_t n)
{
	if (!db_in_transaction(db))
		BUG("feedback_events_insert_many outside a transaction");
	return rows_insert_many(db, EVENT_INSERT, NULL, 10, n, bind_event_row, e);
}

static int read_event(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct feedback_event *e = item;
	e->id = db_col_int(st, 0);
	e->feedback_id = db_col_int(st, 1);
	e->at = db_col_int(st, 2);
	if (feedback_event_parse(db_col_text(st, 3), &e->type) < 0)
		e->type = FB_EV_NOTE;
	e->actor_id = rows_int_or(st, 4, 0);
	int bad = 0;
	e->actor_name = rows_text(st, 5, a, &bad);
	e->unit_id = rows_int_or(st, 6, 0);
	e->unit_code = rows_text(st, 7, a, &bad);
	e->unit_name = rows_text(st, 8, a, &bad);
	e->public = (int)db_col_int(st, 9);
	if (feedback_status_parse(db_col_text(st, 10), &e->status_before) < 0)
		e->status_before = FB_RECEIVED;
	if (feedback_status_parse(db_col_text(st, 11), &e->status_after) < 0)
		e->status_after = FB_RECEIVED;
	e->text = rows_text(st, 12, a, &bad);
	e->extra = rows_text(st, 13, a, &bad);
	return bad ? -1 : 0;
}

int feedback_event_list(struct db *db, int64_t feedback_id, int public_only, struct arena *a,
			struct feedback_event **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT e.id, e.feedback_id, e.at, e.type, e.actor_id, ac.display_name, e.unit_id, u.code, "
		"u.name, e.public, e.status_before, e.status_after, e.text, e.extra "
		"FROM feedback_events e LEFT JOIN accounts ac ON ac.id = e.actor_id "
		"LEFT JOIN units u ON u.id = e.unit_id "
		"WHERE e.feedback_id = $1 AND (e.public = 1 OR $2 = 0) ORDER BY e.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, feedback_id);
	db_bind_int(st, 2, public_only ? 1 : 0);
	void *arr;
	int rc = rows_collect(st, a, sizeof(**items), 0, read_event, NULL, &arr, n);
	*items = rc < 0 ? NULL : arr;
	return rc;
}

/* --- answers: store/answer.h with owner FEEDBACK_OWNER ------------------- */

int feedback_answer_insert(struct db *db, const struct feedback_answer *ans, int64_t *id)
{
	struct answer g = {
		.owner_kind = FEEDBACK_OWNER,
		.owner_id = ans->feedback_id,
		.unit_id = ans->unit_id,
		.result = feedback_result_name(ans->result),
		.basis = ans->basis,
		.next_steps = ans->next_steps,
		.text = ans->text,
		.drafted_by = ans->drafted_by,
		.drafted_at = ans->drafted_at,
		.approved_by = ans->approved_by,
		.published_at = ans->published_at,
	};
	return answer_insert(db, &g, id);
}

int feedback_answer_latest(struct db *db, int64_t feedback_id, int published_only, struct arena *a,
			   struct feedback_answer *out)
{
	struct answer g;
	int rc = answer_latest(db, FEEDBACK_OWNER, feedback_id, published_only, a, &g);
	if (rc < 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = g.id;
	out->feedback_id = g.owner_id;
	out->unit_id = g.unit_id;
	out->unit_code = g.unit_code;
	out->unit_name = g.unit_name;
	if (feedback_result_parse(g.result, &out->result) < 0)
		out->result = FB_RESULT_EXPLAINED;
	out->basis = g.basis;
	out->next_steps = g.next_steps;
	out->text = g.text;
	out->drafted_by = g.drafted_by;
	out->drafted_at = g.drafted_at;
	out->approved_by = g.approved_by;
	out->published_at = g.published_at;
	return DB_OK;
}

/* The default unit as a process keeps it for feedback_default_unit() (every
 * submission without a unit asks), with the 'unit' stamp it was read
 * under (migration 0044). */
static struct {
	int64_t stamp, unit_id;
	int valid;
} root_cache;
static pthread_mutex_t root_lock = PTHREAD_MUTEX_INITIALIZER;

int feedback_default_unit(struct db *db, int64_t *unit_id)
{
	int64_t stamp;
	int stamped = stamp_for_cache(db, "unit", &stamp) == 1;
	if (stamped) {
		pthread_mutex_lock(&root_lock);
		int hit = root_cache.valid && root_cache.stamp == stamp;
		if (hit)
			*unit_id = root_cache.unit_id;
		pthread_mutex_unlock(&root_lock);
		if (hit)
			return DB_OK;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id FROM units WHERE parent_id IS NULL AND "
					    "valid_to IS NULL ORDER BY id LIMIT 1");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*unit_id = db_col_int(st, 0);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	if (rc == DB_OK && stamped) {
		pthread_mutex_lock(&root_lock);
		root_cache.stamp = stamp;
		root_cache.unit_id = *unit_id;
		root_cache.valid = 1;
		pthread_mutex_unlock(&root_lock);
	}
	return rc;
}

/* --- reorganisation ------------------------------------------------------- */

int feedback_move_open_work(struct db *db, const struct audit_actor *actor, int64_t from_unit_id,
			    int64_t to_unit_id, int64_t now, size_t *moved)
{
	if (!db_in_transaction(db))
		BUG("feedback_move_open_work outside a transaction");
	if (from_unit_id == to_unit_id)
		return DB_OK;
	struct arena a;
	arena_init(&a, 16384);
	int rc;
	struct moved_item {
		int64_t id;
		const char *code;
		enum feedback_status status;
		int handling; /* 1: unit_id moves; 0: only the intake desk */
	} *items = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, code, status, unit_id FROM feedback WHERE "
		"(unit_id = $1 AND status IN ('received', 'assigned', 'answered')) OR "
		"(unit_id IS NULL AND intake_unit_id = $1 AND status = 'received') ORDER BY id");
	if (!st) {
		rc = DB_ERROR;
		goto out;
	}
	db_bind_int(st, 1, from_unit_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(&a, (void **)&items, n, &cap, sizeof(*items)) < 0) {
			rc = DB_ERROR;
			break;
		}
		items[n].id = db_col_int(st, 0);
		items[n].code = arena_strdup(&a, db_col_text(st, 1));
		if (feedback_status_parse(db_col_text(st, 2), &items[n].status) < 0)
			items[n].status = FB_RECEIVED;
		items[n].handling = !db_col_is_null(st, 3);
		if (!items[n].code) {
			rc = DB_ERROR;
			break;
		}
		n++;
	}
	db_done(st);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		st = db_prepare(db, items[i].handling
			? "UPDATE feedback SET unit_id = $2, updated_at = $3 WHERE id = $1"
			: "UPDATE feedback SET intake_unit_id = $2, updated_at = $3 WHERE id = $1");
		if (!st) {
			rc = DB_ERROR;
			goto out;
		}
		db_bind_int(st, 1, items[i].id);
		db_bind_int(st, 2, to_unit_id);
		db_bind_int(st, 3, now);
		if ((rc = fbs_run_done(st)) < 0)
			goto out;
		char extra[96];
		snprintf(extra, sizeof(extra), "{\"from_unit_id\":%lld,\"reorganisation\":true}",
			 (long long)from_unit_id);
		struct feedback_event e = {
			.feedback_id = items[i].id,
			.at = now,
			.type = FB_EV_TRANSFER,
			.actor_id = actor ? actor->account_id : 0,
			.unit_id = to_unit_id,
			.public = 1,
			.status_before = items[i].status,
			.status_after = items[i].status,
			.text = "Chuyển sang đơn vị kế thừa do sắp xếp tổ chức bộ máy",
			.extra = extra,
		};
		if ((rc = feedback_event_insert(db, &e, NULL)) < 0)
			goto out;
		char summary[128];
		snprintf(summary, sizeof(summary), "{\"from\":%lld,\"to\":%lld,\"field\":\"%s\"}",
			 (long long)from_unit_id, (long long)to_unit_id,
			 items[i].handling ? "unit_id" : "intake_unit_id");
		if ((rc = audit_append(db, actor, "feedback.move", "feedback", items[i].code, summary)) < 0)
			goto out;
	}
	if (moved)
		*moved += n;
	rc = DB_OK;
out:
	arena_release(&a);
	return rc;
}
