/*
 * audit.c - the append-only, hash-chained audit log (store/audit.h): each
 * entry's BLAKE2b-256 hash covers the previous hash and a length-prefixed,
 * typed encoding of its own fields, and audit_verify() recomputes the chain.
 */
#include "audit.h"
#include "db.h"
#include "core/xalloc.h"

#include <sodium.h>

#define HASH_BYTES 32
#define DOMAIN "danvan-audit-v1"

/*
 * The canonical encoding, fed to the hash after the previous hash:
 * the domain string with its length, then each field as a one-byte tag
 * (0 NULL, 1 integer, 2 text) followed, for an integer, by 8 bytes big-endian
 * (two's complement) and, for a text, by its byte length as 8 bytes
 * big-endian and the bytes. No field can run into the next one, and NULL
 * differs from "".
 */
static void put_u64(crypto_generichash_state *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_generichash_update(h, b, sizeof(b));
}

static void put_tag(crypto_generichash_state *h, unsigned char tag)
{
	crypto_generichash_update(h, &tag, 1);
}

static void put_int(crypto_generichash_state *h, int64_t v)
{
	put_tag(h, 1);
	put_u64(h, (uint64_t)v);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
	if (!s) {
		put_tag(h, 0);
		return;
	}
	size_t n = strlen(s);
	put_tag(h, 2);
	put_u64(h, n);
	crypto_generichash_update(h, (const unsigned char *)s, n);
}

struct entry {
	int64_t id, at;
	int has_actor_id;
	int64_t actor_id;
	const char *actor, *addr, *action, *object_type, *object_id, *summary;
};

static void entry_hash(const unsigned char prev[HASH_BYTES], const struct entry *e,
		       unsigned char out[HASH_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, HASH_BYTES);
	crypto_generichash_update(&h, prev, HASH_BYTES);
	put_text(&h, DOMAIN);
	put_int(&h, e->id);
	put_int(&h, e->at);
	if (e->has_actor_id)
		put_int(&h, e->actor_id);
	else
		put_tag(&h, 0);
	put_text(&h, e->actor);
	put_text(&h, e->addr);
	put_text(&h, e->action);
	put_text(&h, e->object_type);
	put_text(&h, e->object_id);
	put_text(&h, e->summary);
	crypto_generichash_final(&h, out, HASH_BYTES);
}

int audit_append(struct db *db, const struct audit_actor *actor, const char *action,
		 const char *object_type, const char *object_id, const char *summary)
{
	if (!db_in_transaction(db))
		BUG("audit_append outside a transaction");
	if (!actor || !actor->name || !action)
		BUG("audit_append without an actor or an action");
	if (sodium_init() < 0)
		BUG("libsodium cannot start");

	unsigned char prev[HASH_BYTES] = { 0 };
	int64_t last_id = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		size_t len = 0;
		const void *h = db_col_blob(st, 1, &len);
		last_id = db_col_int(st, 0);
		if (!h || len != HASH_BYTES) {
			db_done(st);
			fprintf(stderr, "error: audit: entry #%lld has a malformed hash; run 'danvan audit verify'\n",
				(long long)last_id);
			return DB_ERROR;
		}
		memcpy(prev, h, HASH_BYTES);
	}
	db_done(st);
	if (rc < 0)
		return rc;

	struct entry e = {
		.id = last_id + 1,
		.at = (int64_t)time(NULL),
		.has_actor_id = actor->account_id != 0,
		.actor_id = actor->account_id,
		.actor = actor->name,
		.addr = actor->addr,
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.summary = summary,
	};
	unsigned char hash[HASH_BYTES];
	entry_hash(prev, &e, hash);

	st = db_prepare(db, "INSERT INTO audit_log(id, at, actor_id, actor, addr, action, object_type, "
			    "object_id, summary, prev_hash, hash) "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_int(st, 1, e.id);
	b |= db_bind_int(st, 2, e.at);
	b |= e.has_actor_id ? db_bind_int(st, 3, e.actor_id) : db_bind_null(st, 3);
	b |= db_bind_text(st, 4, e.actor);
	b |= db_bind_text(st, 5, e.addr);
	b |= db_bind_text(st, 6, e.action);
	b |= db_bind_text(st, 7, e.object_type);
	b |= db_bind_text(st, 8, e.object_id);
	b |= db_bind_text(st, 9, e.summary);
	b |= db_bind_blob(st, 10, prev, HASH_BYTES);
	b |= db_bind_blob(st, 11, hash, HASH_BYTES);
	rc = b ? DB_ERROR : db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int audit_verify(struct db *db, int64_t *bad_id, int64_t *count, char *err, size_t errlen)
{
	if (sodium_init() < 0)
		BUG("libsodium cannot start");
	*bad_id = 0;
	*count = 0;
	if (errlen)
		err[0] = '\0';
	struct db_stmt *st = db_prepare(db, "SELECT id, at, actor_id, actor, addr, action, object_type, "
					    "object_id, summary, prev_hash, hash FROM audit_log ORDER BY id");
	if (!st)
		return DB_ERROR;
	unsigned char prev[HASH_BYTES] = { 0 };
	int64_t expect_id = 1;
	int result = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct entry e = {
			.id = db_col_int(st, 0),
			.at = db_col_int(st, 1),
			.has_actor_id = !db_col_is_null(st, 2),
			.actor_id = db_col_int(st, 2),
			.actor = db_col_text(st, 3),
			.addr = db_col_text(st, 4),
			.action = db_col_text(st, 5),
			.object_type = db_col_text(st, 6),
			.object_id = db_col_text(st, 7),
			.summary = db_col_text(st, 8),
		};
		size_t plen = 0, hlen = 0;
		const void *ph = db_col_blob(st, 9, &plen);
		unsigned char stored_prev[HASH_BYTES];
		int prev_ok = ph && plen == HASH_BYTES;
		if (prev_ok)
			memcpy(stored_prev, ph, HASH_BYTES);
		const void *hh = db_col_blob(st, 10, &hlen);
		int hash_ok = hh && hlen == HASH_BYTES;
		unsigned char stored[HASH_BYTES];
		if (hash_ok)
			memcpy(stored, hh, HASH_BYTES);
		(*count)++;

		const char *why = NULL;
		if (e.id != expect_id) /* ids only grow, so this is a gap */
			why = "the entry before it is missing (deleted)";
		else if (!prev_ok || memcmp(stored_prev, prev, HASH_BYTES) != 0)
			why = "it does not link to the entry before it (an entry was deleted, inserted or reordered)";
		else if (!hash_ok)
			why = "its stored hash is malformed";
		else {
			unsigned char calc[HASH_BYTES];
			entry_hash(prev, &e, calc);
			if (memcmp(calc, stored, HASH_BYTES) != 0)
				why = "its contents do not match its hash (the entry was edited)";
		}
		if (why) {
			*bad_id = e.id;
			snprintf(err, errlen, "entry #%lld: %s", (long long)e.id, why);
			result = 1;
			break;
		}
		memcpy(prev, stored, HASH_BYTES);
		expect_id = e.id + 1;
	}
	db_done(st);
	if (rc < 0) {
		snprintf(err, errlen, "cannot read the audit log: %s", db_errmsg(db));
		return rc;
	}
	return result;
}
