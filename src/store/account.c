/*
 * account.c - SQL for officer accounts (store/account.h): insert, look up,
 * list, change the password hash or the disabled flag, each write with its
 * audit entry in the caller's transaction.
 */
#include "account.h"
#include "audit.h"
#include "db.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

#define ACCOUNT_COLS "id, username, display_name, disabled, created_at, updated_at, password_changed_at"

/* Copy the ACCOUNT_COLS columns starting at `col` into out (strings into a). */
static int read_account(struct db_stmt *st, int col, struct arena *a, struct account *out)
{
	const char *u = db_col_text(st, col + 1);
	const char *d = db_col_text(st, col + 2);
	out->id = db_col_int(st, col);
	out->username = arena_strdup(a, u ? u : "");
	out->display_name = arena_strdup(a, d ? d : "");
	out->disabled = db_col_int(st, col + 3) != 0;
	out->created_at = db_col_int(st, col + 4);
	out->updated_at = db_col_int(st, col + 5);
	out->password_changed_at = db_col_int(st, col + 6);
	return out->username && out->display_name ? DB_OK : DB_ERROR;
}

static void need_tx(struct db *db, const char *fn)
{
	if (!db_in_transaction(db))
		BUG(fn);
}

/* Write {"username":"u"<tail>} into a summary; -1 when it does not fit. */
static int summary_username(struct sbuf *sb, const char *u, const char *tail)
{
	if (!u)
		u = "";
	if (sbuf_addstr(sb, "{\"username\":") < 0 || sbuf_add_json_str(sb, u, strlen(u)) < 0 ||
	    sbuf_addstr(sb, tail) < 0 || sbuf_addch(sb, '}') < 0)
		return -1;
	return 0;
}

static int audit_account(struct db *db, const struct audit_actor *actor, const char *action,
			 int64_t id, struct sbuf *summary)
{
	char idbuf[24];
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (!sbuf_ok(summary))
		return DB_ERROR;
	return audit_append(db, actor, action, "account", idbuf, summary->buf);
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
	int b = db_bind_text(st, 1, username) | db_bind_text(st, 2, display_name) |
		db_bind_text(st, 3, password_hash) | db_bind_int(st, 4, now);
	int rc = b ? DB_ERROR : db_step(st);
	int64_t new_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	if (rc == DB_ROW)
		rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	if (rc != DB_DONE || new_id <= 0)
		return DB_ERROR;

	struct sbuf sum = SBUF_INIT(4096);
	struct sbuf tail = SBUF_INIT(2048);
	if (sbuf_addstr(&tail, ",\"display_name\":") < 0 ||
	    sbuf_add_json_str(&tail, display_name, strlen(display_name)) < 0 ||
	    summary_username(&sum, username, tail.buf) < 0)
		rc = DB_ERROR;
	else
		rc = audit_account(db, actor, "account.create", new_id, &sum);
	sbuf_release(&tail);
	sbuf_release(&sum);
	if (rc < 0)
		return rc;
	if (id)
		*id = new_id;
	return DB_OK;
}

int account_get(struct db *db, int64_t id, struct arena *a, struct account *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_int(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_account(st, 0, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int account_get_by_username(struct db *db, const char *username, struct arena *a,
			    struct account *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts WHERE username = $1");
	if (!st)
		return DB_ERROR;
	int rc = db_bind_text(st, 1, username);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_account(st, 0, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
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

int account_list(struct db *db, struct arena *a, struct account **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY username");
	if (!st)
		return DB_ERROR;
	struct account *arr = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct account *narr = arena_alloc(a, ncap * sizeof(*narr));
			if (!narr) {
				rc = DB_ERROR;
				break;
			}
			if (len)
				memcpy(narr, arr, len * sizeof(*narr));
			arr = narr;
			cap = ncap;
		}
		rc = read_account(st, 0, a, &arr[len]);
		if (rc < 0)
			break;
		len++;
	}
	db_done(st);
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
	int rc = db_step(st);
	int64_t v = rc == DB_ROW ? db_col_int(st, 0) : (rc < 0 ? rc : DB_ERROR);
	db_done(st);
	return v;
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
	struct sbuf sum = SBUF_INIT(256);
	if (rc == DB_ROW) {
		const char *u = db_col_text(st, 0);
		rc = summary_username(&sum, u, "") < 0 ? DB_ERROR : db_step(st);
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	if (rc == DB_DONE)
		rc = audit_account(db, actor, "account.password_reset", id, &sum);
	sbuf_release(&sum);
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
	int before = 0;
	struct sbuf sum = SBUF_INIT(256);
	if (rc == DB_ROW) {
		const char *u = db_col_text(st, 1);
		before = db_col_int(st, 0) != 0;
		char tail[40];
		snprintf(tail, sizeof(tail), ",\"disabled\":[%s,%s]", before ? "true" : "false",
			 disabled ? "true" : "false");
		rc = summary_username(&sum, u, tail) < 0 ? DB_ERROR : DB_OK;
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
	rc = audit_account(db, actor, disabled ? "account.disable" : "account.enable", id, &sum);
out:
	sbuf_release(&sum);
	return rc < 0 ? rc : DB_OK;
}
