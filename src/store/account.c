/*
 * account.c - SQL for officer accounts (store/account.h): insert, look up,
 * list, change the password hash or the disabled flag, each write with its
 * audit entry in the caller's transaction.
 */
#include "account.h"
#include "audit.h"
#include "db.h"
#include "rows.h"
#include "core/arena.h"
#include "core/xalloc.h"

#define ACCOUNT_COLS "id, username, display_name, disabled, created_at, updated_at, password_changed_at"

/* Copy the ACCOUNT_COLS columns starting at `col` into out (strings into a). */
static int read_account(struct db_stmt *st, int col, struct arena *a, struct account *out)
{
	int failed = 0;
	out->id = db_col_int(st, col);
	out->username = rows_text_or_empty(st, col + 1, a, &failed);
	out->display_name = rows_text_or_empty(st, col + 2, a, &failed);
	out->disabled = db_col_int(st, col + 3) != 0;
	out->created_at = db_col_int(st, col + 4);
	out->updated_at = db_col_int(st, col + 5);
	out->password_changed_at = db_col_int(st, col + 6);
	return failed ? DB_ERROR : DB_OK;
}

static void need_tx(struct db *db, const char *fn)
{
	if (!db_in_transaction(db))
		BUG(fn);
}

/* The audit entry of a change to account `id`; takes the summary (NULL:
 * it could not be built). */
static int audit_account(struct db *db, const struct audit_actor *actor, const char *action,
			 int64_t id, json_t *summary)
{
	char idbuf[AUDIT_ID_CHARS];
	return audit_append_json_new(db, actor, action, "account", audit_id(id, idbuf), summary);
}

int account_create(struct db *db, const struct audit_actor *actor, const char *username,
		   const char *display_name, const char *password_hash, int64_t now, int64_t *id)
{
	need_tx(db, "account_create outside a transaction");
	struct db_stmt *st = db_prepare(db, "INSERT INTO accounts(username, display_name, password_hash, "
					    "disabled, created_at, updated_at, password_changed_at) "
					    "VALUES ($1, $2, $3, 0, $4, $4, $4) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, username);
	db_bind_text(st, 2, display_name);
	db_bind_text(st, 3, password_hash);
	db_bind_int(st, 4, now);
	int64_t new_id = 0;
	int rc = rows_one_int(st, &new_id);
	if (rc < 0 && rc != DB_NOTFOUND)
		return rc;
	if (rc == DB_NOTFOUND || new_id <= 0)
		return DB_ERROR;

	rc = audit_account(db, actor, "account.create", new_id,
			   json_pack("{s:s, s:s}", "username", username ? username : "", "display_name",
				     display_name));
	if (rc < 0)
		return rc;
	if (id)
		*id = new_id;
	return DB_OK;
}

/* One account by a prepared "... WHERE key = $1" statement, bound here. */
static int get_one(struct db_stmt *st, int64_t id, const char *text, struct arena *a, struct account *out)
{
	if (!st)
		return DB_ERROR;
	int rc = text ? db_bind_text(st, 1, text) : db_bind_int(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_account(st, 0, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int account_get(struct db *db, int64_t id, struct arena *a, struct account *out)
{
	return get_one(db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1"), id, NULL, a, out);
}

int account_get_by_username(struct db *db, const char *username, struct arena *a,
			    struct account *out)
{
	return get_one(db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE username = $1"), 0,
		       username ? username : "", a, out);
}

int account_get_credentials(struct db *db, const char *username, struct arena *a,
			    struct account *out, char *hash, size_t hashlen)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS ", password_hash FROM accounts "
					    "WHERE username = $1");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_text(st, 1, username);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		rc = read_account(st, 0, a, out);
		const char *h = db_col_text(st, 7);
		size_t n = h ? strlen(h) : 0;
		if (rc == DB_OK && (!h || n >= hashlen))
			rc = DB_ERROR;
		if (rc == DB_OK)
			memcpy(hash, h, n + 1);
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

static int read_list_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	return read_account(st, 0, a, item) < 0 ? -1 : 0;
}

int account_list(struct db *db, struct arena *a, struct account **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY username");
	if (!st)
		return DB_ERROR;
	void *arr = NULL;
	size_t len = 0;
	int rc = rows_collect(st, a, sizeof(struct account), 0, read_list_row, NULL, &arr, &len);
	if (rc < 0)
		return rc;
	*items = arr;
	*n = len;
	return DB_OK;
}

int64_t account_count(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM accounts");
	if (!st)
		return DB_ERROR;
	int64_t v = 0;
	int rc = rows_one_int(st, &v);
	return rc == DB_OK ? v : rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int account_set_password_hash(struct db *db, const struct audit_actor *actor, int64_t id,
			      const char *password_hash, int64_t now)
{
	need_tx(db, "account_set_password_hash outside a transaction");
	struct db_stmt *st = db_prepare(db, "UPDATE accounts SET password_hash = $1, password_changed_at = $2, "
					    "updated_at = $2 WHERE id = $3 RETURNING username");
	if (!st)
		return DB_ERROR;
	int b = db_bind_text(st, 1, password_hash) | db_bind_int(st, 2, now) | db_bind_int(st, 3, id);
	int rc = b ? DB_ERROR : db_step(st);
	json_t *sum = NULL;
	if (rc == DB_ROW) {
		const char *u = db_col_text(st, 0);
		sum = json_pack("{s:s}", "username", u ? u : "");
		rc = db_step(st);
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	if (rc == DB_DONE)
		return audit_account(db, actor, "account.password_reset", id, sum);
	json_decref(sum);
	return rc < 0 ? rc : DB_OK;
}

int account_set_disabled(struct db *db, const struct audit_actor *actor, int64_t id, int disabled,
			 int64_t now)
{
	need_tx(db, "account_set_disabled outside a transaction");
	disabled = disabled != 0;
	struct db_stmt *st = db_prepare(db, "SELECT disabled, username FROM accounts WHERE id = $1");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	json_t *sum = NULL;
	if (rc == DB_ROW) {
		const char *u = db_col_text(st, 1);
		int before = db_col_int(st, 0) != 0;
		sum = json_pack("{s:s, s:[b, b]}", "username", u ? u : "", "disabled", before, disabled);
		rc = sum ? DB_OK : DB_ERROR;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	if (rc < 0)
		goto out;

	st = db_prepare(db, "UPDATE accounts SET disabled = $1, updated_at = $2 WHERE id = $3");
	if (!st) {
		rc = DB_ERROR;
		goto out;
	}
	int b = db_bind_int(st, 1, disabled) | db_bind_int(st, 2, now) | db_bind_int(st, 3, id);
	rc = b ? DB_ERROR : db_step(st);
	db_done(st);
	if (rc < 0)
		goto out;
	rc = audit_account(db, actor, disabled ? "account.disable" : "account.enable", id, sum);
	sum = NULL;
out:
	json_decref(sum);
	return rc < 0 ? rc : DB_OK;
}
