/*
 * answer.c - the SQL of structured answers (store/answer.h): drafts,
 * the latest (published) answer of an owner, and publishing.
 */
#include "store/answer.h"
#include "store/db.h"
#include "store/rows.h"
#include "core/arena.h"
#include "core/xalloc.h"

int answer_insert(struct db *db, const struct answer *ans, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("answer_insert outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO answers(owner_kind, owner_id, unit_id, result, basis, next_steps, text, "
		"drafted_by, drafted_at, approved_by, published_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, ans->owner_kind);
	db_bind_int(st, 2, ans->owner_id);
	db_bind_int_or_null(st, 3, ans->unit_id);
	db_bind_text(st, 4, ans->result);
	db_bind_text(st, 5, ans->basis);
	db_bind_text(st, 6, ans->next_steps);
	db_bind_text(st, 7, ans->text);
	db_bind_int_or_null(st, 8, ans->drafted_by);
	db_bind_int(st, 9, ans->drafted_at);
	db_bind_int_or_null(st, 10, ans->approved_by);
	db_bind_int_or_null(st, 11, ans->published_at);
	int64_t got = 0;
	int rc = rows_one_int(st, &got);
	if (rc == DB_NOTFOUND)
		return DB_ERROR;
	if (rc == DB_OK && id)
		*id = got;
	return rc;
}

int answer_latest(struct db *db, const char *owner_kind, int64_t owner_id, int published_only,
		  struct arena *a, struct answer *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT an.id, an.owner_kind, an.owner_id, an.unit_id, u.code, u.name, an.result, an.basis, "
		"an.next_steps, an.text, an.drafted_by, an.drafted_at, an.approved_by, an.published_at "
		"FROM answers an LEFT JOIN units u ON u.id = an.unit_id "
		"WHERE an.owner_kind = $1 AND an.owner_id = $2 AND ($3 = 0 OR an.published_at IS NOT NULL) "
		"ORDER BY an.id DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, published_only ? 1 : 0);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int failed = 0;
		memset(out, 0, sizeof(*out));
		out->id = db_col_int(st, 0);
		out->owner_kind = rows_text_or_empty(st, 1, a, &failed);
		out->owner_id = db_col_int(st, 2);
		out->unit_id = rows_int_or(st, 3, 0);
		out->unit_code = rows_text(st, 4, a, &failed);
		out->unit_name = rows_text(st, 5, a, &failed);
		out->result = rows_text_or_empty(st, 6, a, &failed);
		out->basis = rows_text(st, 7, a, &failed);
		out->next_steps = rows_text(st, 8, a, &failed);
		out->text = rows_text_or_empty(st, 9, a, &failed);
		out->drafted_by = rows_int_or(st, 10, 0);
		out->drafted_at = db_col_int(st, 11);
		out->approved_by = rows_int_or(st, 12, 0);
		out->published_at = rows_int_or(st, 13, 0);
		rc = failed ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int answer_publish(struct db *db, const char *owner_kind, int64_t owner_id, int64_t answer_id,
		   int64_t approved_by, int64_t at)
{
	if (!db_in_transaction(db))
		BUG("answer_publish outside a transaction");
	struct db_stmt *st = db_prepare(db, "UPDATE answers SET approved_by = $4, published_at = $5 "
					    "WHERE id = $3 AND owner_kind = $1 AND owner_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, answer_id);
	db_bind_int_or_null(st, 4, approved_by);
	db_bind_int(st, 5, at);
	int rc = db_step(st);
	int64_t n = db_changes(db);
	db_done(st);
	if (rc < 0)
		return rc;
	return n == 1 ? DB_OK : DB_NOTFOUND;
}

int answer_publish_latest(struct db *db, const char *owner_kind, int64_t owner_id, int64_t approved_by,
			  int64_t at, struct arena *a, struct answer *out)
{
	if (!db_in_transaction(db))
		BUG("answer_publish_latest outside a transaction");
	struct answer ans;
	int rc = answer_latest(db, owner_kind, owner_id, 0, a, &ans);
	if (rc < 0)
		return rc;
	if (ans.published_at)
		return DB_NOTFOUND;
	if ((rc = answer_publish(db, owner_kind, owner_id, ans.id, approved_by, at)) < 0)
		return rc;
	ans.approved_by = approved_by;
	ans.published_at = at;
	if (out)
		*out = ans;
	return DB_OK;
}
