/*
 * session.c - SQL for login sessions and API tokens stored by token hash
 * (store/session.h).
 */
#include "session.h"
#include "db.h"
#include "rows.h"
#include "core/arena.h"

#define ADDR_MAX 64
#define USER_AGENT_MAX 255

static const char *kind_name(enum session_kind k)
{
	return k == SESSION_API ? "api" : "web";
}

/* Length of s cut to at most max bytes without splitting a UTF-8 sequence. */
static size_t cut_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static int bind_cut(struct db_stmt *st, int idx, const char *s, size_t max)
{
	if (!s)
		return db_bind_null(st, idx);
	return db_bind_textn(st, idx, s, cut_utf8(s, max));
}

int session_insert(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t account_id,
		   enum session_kind kind, const char *csrf, int64_t now, int64_t expires_at,
		   const char *addr, const char *user_agent, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO sessions(token_hash, account_id, kind, csrf, "
					    "created_at, last_seen_at, expires_at, addr, user_agent) "
					    "VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) RETURNING id");
	if (!st)
		return DB_ERROR;
	/* bind errors are sticky (store/db.h): the step fails */
	db_bind_blob(st, 1, hash, SESSION_HASH_BYTES);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, kind_name(kind));
	db_bind_text(st, 4, csrf);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, expires_at);
	bind_cut(st, 7, addr, ADDR_MAX);
	bind_cut(st, 8, user_agent, USER_AGENT_MAX);
	int rc = rows_one_int(st, id);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int session_find(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t now,
		 int64_t idle_seconds, struct arena *a, struct session *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT s.id, s.kind, s.csrf, s.created_at, s.last_seen_at, s.expires_at, "
		"a.id, a.username, a.display_name, a.disabled, a.created_at, a.updated_at, "
		"a.password_changed_at "
		"FROM sessions s JOIN accounts a ON a.id = s.account_id "
		"WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled = 0 "
		"AND (s.kind = 'api' OR s.last_seen_at > $3)");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_blob(st, 1, hash, SESSION_HASH_BYTES) | db_bind_int(st, 2, now) |
		 db_bind_int(st, 3, now - idle_seconds);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		int failed = 0;
		const char *kind = db_col_text(st, 1);
		out->id = db_col_int(st, 0);
		out->kind = kind && !strcmp(kind, "api") ? SESSION_API : SESSION_WEB;
		out->csrf = rows_text(st, 2, a, &failed);
		out->created_at = db_col_int(st, 3);
		out->last_seen_at = db_col_int(st, 4);
		out->expires_at = db_col_int(st, 5);
		out->account.id = db_col_int(st, 6);
		out->account.username = rows_text_or_empty(st, 7, a, &failed);
		out->account.display_name = rows_text_or_empty(st, 8, a, &failed);
		out->account.disabled = db_col_int(st, 9) != 0;
		out->account.created_at = db_col_int(st, 10);
		out->account.updated_at = db_col_int(st, 11);
		out->account.password_changed_at = db_col_int(st, 12);
		rc = failed ? DB_ERROR : DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int session_touch(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int(st, 1, now) | db_bind_int(st, 2, id);
	rc = rc ? DB_ERROR : db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	return db_changes(db) > 0 ? DB_OK : DB_NOTFOUND;
}

int session_delete(struct db *db, const unsigned char hash[SESSION_HASH_BYTES], int64_t *id,
		   int64_t *account_id)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1 "
					    "RETURNING id, account_id");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_blob(st, 1, hash, SESSION_HASH_BYTES);
	if (rc == DB_OK)
		rc = db_step(st);
	int found = rc == DB_ROW;
	if (found) {
		if (id)
			*id = db_col_int(st, 0);
		if (account_id)
			*account_id = db_col_int(st, 1);
		rc = db_step(st);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return found ? DB_OK : DB_NOTFOUND;
}

/* Run a bound DELETE; the rows it removed go to *n when not NULL. */
static int delete_rows(struct db *db, struct db_stmt *st, int64_t *n)
{
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if (n)
		*n = db_changes(db);
	return DB_OK;
}

int session_delete_account(struct db *db, int64_t account_id, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE account_id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	return delete_rows(db, st, n);
}

int64_t session_count_account(struct db *db, int64_t account_id, int64_t now, int64_t idle_seconds)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM sessions WHERE account_id = $1 "
					    "AND expires_at > $2 AND (kind = 'api' OR last_seen_at > $3)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now - idle_seconds);
	int64_t v = 0;
	int rc = rows_one_int(st, &v);
	return rc == DB_OK ? v : rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int session_purge_expired(struct db *db, int64_t now, int64_t idle_seconds, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE expires_at <= $1 "
					    "OR (kind = 'web' AND last_seen_at <= $2)");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now - idle_seconds);
	return delete_rows(db, st, n);
}
