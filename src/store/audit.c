/*
 * audit.c - the append-only audit log (store/audit.h): each entry's keyed
 * BLAKE2b-256 hash covers the previous hash and a length-prefixed, typed
 * encoding of its own fields; checking walks the chain, accepts the unkeyed
 * entries of older logs only as a sealed prefix, and compares an anchor.
 */
#include "audit.h"
#include "db.h"
#include "rows.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH_BYTES AUDIT_HASH_BYTES
#define DOMAIN_V1 "danvan-audit-v1"     /* unkeyed, before the key */
#define DOMAIN_V2 "danvan-audit-v2"     /* keyed */
#define KEY_FILE_MAX 256                /* bytes read from a key file */

static unsigned char chain_key[AUDIT_KEY_BYTES];
static int chain_has_key;

static void need_sodium(void)
{
	if (sodium_init() < 0)
		BUG("libsodium cannot start");
}

void audit_set_key(const unsigned char key[AUDIT_KEY_BYTES])
{
	memcpy(chain_key, key, AUDIT_KEY_BYTES);
	chain_has_key = 1;
}

void audit_clear_key(void)
{
	sodium_memzero(chain_key, sizeof(chain_key));
	chain_has_key = 0;
}

int audit_has_key(void)
{
	return chain_has_key;
}

/* --- key files ----------------------------------------------------------- */

int audit_key_create(const char *path, unsigned char key[AUDIT_KEY_BYTES], char *err, size_t errlen)
{
	need_sodium();
	char hex[2 * AUDIT_KEY_BYTES + 2];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create the audit key '%s': %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key, AUDIT_KEY_BYTES);
	sodium_bin2hex(hex, sizeof(hex) - 1, key, AUDIT_KEY_BYTES);
	hex[2 * AUDIT_KEY_BYTES] = '\n';
	hex[2 * AUDIT_KEY_BYTES + 1] = '\0';
	size_t len = 2 * AUDIT_KEY_BYTES + 1, off = 0;
	int rc = 0;
	while (off < len) {
		ssize_t w = write(fd, hex + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	if (rc < 0)
		snprintf(err, errlen, "cannot write the audit key '%s': %s", path, strerror(errno));
	close(fd);
	sodium_memzero(hex, sizeof(hex));
	if (rc < 0) {
		unlink(path);
		sodium_memzero(key, AUDIT_KEY_BYTES);
	}
	return rc;
}

int audit_key_load(const char *path, unsigned char key[AUDIT_KEY_BYTES], char *err, size_t errlen)
{
	char buf[KEY_FILE_MAX + 1];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return AUDIT_KEY_MISSING;
		snprintf(err, errlen, "cannot open the audit key '%s': %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && (st.st_mode & 077))
		fprintf(stderr, "warning: other users may read the audit key %s (mode %03o): chmod 600 %s\n",
			path, (unsigned)(st.st_mode & 0777), path);
	size_t n = 0;
	while (n < KEY_FILE_MAX) {
		ssize_t r = read(fd, buf + n, KEY_FILE_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	const char *p = buf;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	size_t h = 0;
	while (isxdigit((unsigned char)p[h]))
		h++;
	const char *rest = p + h;
	while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
		rest++;
	size_t got = 0;
	int rc = -1;
	if (h == 2 * AUDIT_KEY_BYTES && !*rest && n < KEY_FILE_MAX &&
	    sodium_hex2bin(key, AUDIT_KEY_BYTES, p, h, NULL, &got, NULL) == 0 && got == AUDIT_KEY_BYTES)
		rc = 0;
	sodium_memzero(buf, sizeof(buf));
	if (rc < 0) {
		sodium_memzero(key, AUDIT_KEY_BYTES);
		snprintf(err, errlen, "the audit key '%s' is not 64 hexadecimal digits; restore it from your backup",
			 path);
	}
	return rc;
}

/* --- the canonical encoding ---------------------------------------------- */

/*
 * Fed to the hash after the previous hash: the domain string, then each
 * field as a one-byte tag (0 NULL, 1 integer, 2 text) followed, for an
 * integer, by 8 bytes big-endian (two's complement) and, for a text, by its
 * byte length as 8 bytes big-endian and the bytes - all of them, NULs
 * included. No field can run into the next one, and NULL differs from "".
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

/* A text field: bytes and length, or NULL. */
struct text {
	const char *p;
	size_t n;
};

static struct text text_of(const char *s)
{
	struct text t = { s, s ? strlen(s) : 0 };
	return t;
}

static void put_text(crypto_generichash_state *h, struct text t)
{
	if (!t.p) {
		put_tag(h, 0);
		return;
	}
	put_tag(h, 2);
	put_u64(h, t.n);
	crypto_generichash_update(h, (const unsigned char *)t.p, t.n);
}

struct entry {
	int64_t id, at;
	int has_actor_id;
	int64_t actor_id;
	struct text actor, addr, action, object_type, object_id, summary;
};

/* keyed: the v2 hash under the key; otherwise the v1 (unkeyed) hash. */
static void entry_hash(const unsigned char prev[HASH_BYTES], const struct entry *e, int keyed,
		       unsigned char out[HASH_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, keyed ? chain_key : NULL, keyed ? AUDIT_KEY_BYTES : 0, HASH_BYTES);
	crypto_generichash_update(&h, prev, HASH_BYTES);
	put_text(&h, text_of(keyed ? DOMAIN_V2 : DOMAIN_V1));
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

/* --- appending ----------------------------------------------------------- */

/* The last entry's id and hash (0 and zero bytes when empty). */
static int last_link(struct db *db, int64_t *id, unsigned char hash[HASH_BYTES])
{
	memset(hash, 0, HASH_BYTES);
	*id = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		size_t len = 0;
		const void *h = db_col_blob(st, 1, &len);
		*id = db_col_int(st, 0);
		if (!h || len != HASH_BYTES) {
			db_done(st);
			fprintf(stderr, "error: audit: entry #%lld has a malformed hash; run 'danvan audit verify'\n",
				(long long)*id);
			return DB_ERROR;
		}
		memcpy(hash, h, HASH_BYTES);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

#define AUDIT_INSERT                                                                                  \
	"INSERT INTO audit_log(id, at, actor_id, actor, addr, action, object_type, object_id, summary, "  \
	"prev_hash, hash)"

/* One entry to write: its fields and its hash, chained after prev. */
struct link {
	struct entry e;
	const struct audit_actor *actor;
	struct audit_item it;
	unsigned char prev[HASH_BYTES], hash[HASH_BYTES];
};

static void link_make(struct link *l, int64_t id, int64_t at, const unsigned char prev[HASH_BYTES],
		      const struct audit_actor *actor, const struct audit_item *it)
{
	l->e = (struct entry){
		.id = id,
		.at = at,
		.has_actor_id = actor->account_id != 0,
		.actor_id = actor->account_id,
		.actor = text_of(actor->name),
		.addr = text_of(actor->addr),
		.action = text_of(it->action),
		.object_type = text_of(it->object_type),
		.object_id = text_of(it->object_id),
		.summary = text_of(it->summary),
	};
	l->actor = actor;
	l->it = *it;
	memcpy(l->prev, prev, HASH_BYTES);
	entry_hash(prev, &l->e, 1, l->hash);
}

static int bind_link(struct db_stmt *st, int first, size_t row, const void *arg)
{
	const struct link *l = &((const struct link *)arg)[row];
	int b = 0;
	b |= db_bind_int(st, first, l->e.id);
	b |= db_bind_int(st, first + 1, l->e.at);
	b |= l->e.has_actor_id ? db_bind_int(st, first + 2, l->e.actor_id) : db_bind_null(st, first + 2);
	b |= db_bind_text(st, first + 3, l->actor->name);
	b |= db_bind_text(st, first + 4, l->actor->addr);
	b |= db_bind_text(st, first + 5, l->it.action);
	b |= db_bind_text(st, first + 6, l->it.object_type);
	b |= db_bind_text(st, first + 7, l->it.object_id);
	b |= db_bind_text(st, first + 8, l->it.summary);
	b |= db_bind_blob(st, first + 9, l->prev, HASH_BYTES);
	b |= db_bind_blob(st, first + 10, l->hash, HASH_BYTES);
	return b ? DB_ERROR : DB_OK;
}

/* The checks every append makes before it reads the chain's end. */
static int append_ready(struct db *db, const struct audit_actor *actor)
{
	if (!db_in_transaction(db))
		BUG("audit_append outside a transaction");
	if (!actor || !actor->name)
		BUG("audit_append without an actor");
	need_sodium();
	if (!chain_has_key) {
		fprintf(stderr, "error: audit: no audit key loaded; nothing written\n");
		return DB_ERROR;
	}
	return DB_OK;
}

int audit_append(struct db *db, const struct audit_actor *actor, const char *action,
		 const char *object_type, const char *object_id, const char *summary)
{
	if (!action)
		BUG("audit_append without an action");
	int rc = append_ready(db, actor);
	if (rc < 0)
		return rc;
	unsigned char prev[HASH_BYTES];
	int64_t last_id = 0;
	if ((rc = last_link(db, &last_id, prev)) < 0)
		return rc;
	struct audit_item it = { action, object_type, object_id, summary };
	struct link l;
	link_make(&l, last_id + 1, (int64_t)time(NULL), prev, actor, &it);
	struct db_stmt *st = db_prepare(db, AUDIT_INSERT " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
	if (!st)
		return DB_ERROR;
	rc = bind_link(st, 1, 0, &l) < 0 ? DB_ERROR : db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

int audit_append_many(struct db *db, const struct audit_actor *actor, const struct audit_item *items, size_t n)
{
	int rc = append_ready(db, actor);
	if (rc < 0 || n == 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!items[i].action)
			BUG("audit_append_many without an action");
	unsigned char prev[HASH_BYTES];
	int64_t last_id = 0;
	if ((rc = last_link(db, &last_id, prev)) < 0)
		return rc;
	int64_t at = (int64_t)time(NULL);
	struct link *links = xcalloc(n, sizeof(*links));
	for (size_t i = 0; i < n; i++)
		link_make(&links[i], last_id + 1 + (int64_t)i, at, i ? links[i - 1].hash : prev, actor, &items[i]);
	rc = rows_insert_many(db, AUDIT_INSERT, NULL, 11, n, bind_link, links);
	free(links);
	return rc;
}

int audit_append_json(struct db *db, const struct audit_actor *actor, const char *action,
		      const char *object_type, const char *object_id, const json_t *summary)
{
	if (!summary)
		return audit_append(db, actor, action, object_type, object_id, NULL);
	char *text = json_dumps(summary, AUDIT_JSON_FLAGS);
	if (!text)
		return DB_ERROR;
	int rc = audit_append(db, actor, action, object_type, object_id, text);
	free(text);
	return rc;
}

int audit_append_json_new(struct db *db, const struct audit_actor *actor, const char *action,
			  const char *object_type, const char *object_id, json_t *summary)
{
	if (!summary)
		return DB_ERROR;
	int rc = audit_append_json(db, actor, action, object_type, object_id, summary);
	json_decref(summary);
	return rc;
}

static void release_summaries(struct audit_new *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(e[i].summary);
		e[i].summary = NULL;
	}
}

/* link l as an object of audit_append_many_json_new()'s recordset */
static json_t *link_json(const struct link *l)
{
	const struct entry *e = &l->e;
	char prev_hex[2 * HASH_BYTES + 1], hash_hex[2 * HASH_BYTES + 1];
	sodium_bin2hex(prev_hex, sizeof(prev_hex), l->prev, HASH_BYTES);
	sodium_bin2hex(hash_hex, sizeof(hash_hex), l->hash, HASH_BYTES);
	json_t *o = json_object();
	if (!o)
		return NULL;
	int b = 0;
	b |= json_object_set_new(o, "id", json_integer((json_int_t)e->id));
	b |= json_object_set_new(o, "at", json_integer((json_int_t)e->at));
	b |= json_object_set_new(o, "actor_id", e->has_actor_id ? json_integer((json_int_t)e->actor_id) : json_null());
	b |= json_object_set_new(o, "actor", rows_json_text(e->actor.p));
	b |= json_object_set_new(o, "addr", rows_json_text(e->addr.p));
	b |= json_object_set_new(o, "action", rows_json_text(e->action.p));
	b |= json_object_set_new(o, "object_type", rows_json_text(e->object_type.p));
	b |= json_object_set_new(o, "object_id", rows_json_text(e->object_id.p));
	b |= json_object_set_new(o, "summary", rows_json_text(e->summary.p));
	b |= json_object_set_new(o, "prev_hash", json_string(prev_hex));
	b |= json_object_set_new(o, "hash", json_string(hash_hex));
	if (b) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int audit_append_many_json_new(struct db *db, struct audit_new *e, size_t n)
{
	if (!db_in_transaction(db))
		BUG("audit_append_many_json_new outside a transaction");
	if (!db_is_pg(db))
		BUG("audit_append_many_json_new on SQLite");
	for (size_t i = 0; i < n; i++)
		if (!e[i].actor || !e[i].actor->name || !e[i].action)
			BUG("audit_append_many_json_new without an actor or an action");
	for (size_t i = 0; i < n; i++) {
		if (!e[i].summary) {
			release_summaries(e, n);
			return DB_ERROR;
		}
	}
	if (!n)
		return DB_OK;
	int rc = append_ready(db, e[0].actor);
	unsigned char prev[HASH_BYTES];
	int64_t last_id = 0;
	if (rc < 0 || (rc = last_link(db, &last_id, prev)) < 0) {
		release_summaries(e, n);
		return rc;
	}
	/* chained as audit_append_many() chains them, each with its actor */
	int64_t at = (int64_t)time(NULL);
	struct link *links = xcalloc(n, sizeof(*links));
	json_t *all = json_array();
	for (size_t i = 0; all && i < n; i++) {
		char *summary = json_dumps(e[i].summary, AUDIT_JSON_FLAGS);
		struct audit_item it = { e[i].action, e[i].object_type, e[i].object_id, summary };
		link_make(&links[i], last_id + 1 + (int64_t)i, at, i ? links[i - 1].hash : prev, e[i].actor, &it);
		json_t *o = summary ? link_json(&links[i]) : NULL;
		free(summary);
		if (!o || json_array_append_new(all, o) < 0) {
			json_decref(all);
			all = NULL;
		}
	}
	free(links);
	release_summaries(e, n);
	struct db_stmt *st = rows_prepare_json(db, AUDIT_INSERT " SELECT id, at, actor_id, actor, addr, action, "
						   "object_type, object_id, summary, decode(prev_hash, 'hex'), "
						   "decode(hash, 'hex') "
						   "FROM json_to_recordset($1::json) AS x(id bigint, at bigint, "
						   "actor_id bigint, actor text, addr text, action text, object_type text, "
						   "object_id text, summary text, prev_hash text, hash text) ORDER BY id",
					       all);
	if (!st)
		return DB_ERROR;
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

const char *audit_id(int64_t id, char buf[AUDIT_ID_CHARS])
{
	snprintf(buf, AUDIT_ID_CHARS, "%lld", (long long)id);
	return buf;
}

/* --- reading entries ----------------------------------------------------- */

#define ENTRY_COLUMNS "id, at, actor_id, actor, addr, action, object_type, object_id, summary, " \
		      "prev_hash, hash"

/* A text column with its exact byte length (NULs included), or NULL. */
static struct text col_text(struct db_stmt *st, int col)
{
	struct text t = { NULL, 0 };
	if (db_col_is_null(st, col))
		return t;
	t.p = db_col_blob(st, col, &t.n);
	if (!t.p)
		t.p = "";  /* an empty text */
	return t;
}

/* One row of ENTRY_COLUMNS; prev/hash_ok say whether those are 32 bytes. */
struct row {
	struct entry e;
	unsigned char prev[HASH_BYTES], hash[HASH_BYTES];
	int prev_ok, hash_ok;
};

static void read_row(struct db_stmt *st, struct row *r)
{
	r->e = (struct entry){
		.id = db_col_int(st, 0),
		.at = db_col_int(st, 1),
		.has_actor_id = !db_col_is_null(st, 2),
		.actor_id = db_col_int(st, 2),
		.actor = col_text(st, 3),
		.addr = col_text(st, 4),
		.action = col_text(st, 5),
		.object_type = col_text(st, 6),
		.object_id = col_text(st, 7),
		.summary = col_text(st, 8),
	};
	size_t plen = 0, hlen = 0;
	const void *ph = db_col_blob(st, 9, &plen);
	const void *hh = db_col_blob(st, 10, &hlen);
	r->prev_ok = ph && plen == HASH_BYTES;
	r->hash_ok = hh && hlen == HASH_BYTES;
	if (r->prev_ok)
		memcpy(r->prev, ph, HASH_BYTES);
	if (r->hash_ok)
		memcpy(r->hash, hh, HASH_BYTES);
}

/* 1 when the row's stored hash is its keyed (keyed=1) or unkeyed hash. */
static int row_matches(const struct row *r, int keyed)
{
	unsigned char calc[HASH_BYTES];
	entry_hash(r->prev, &r->e, keyed, calc);
	return sodium_memcmp(calc, r->hash, HASH_BYTES) == 0;
}

static int broken(struct audit_report *r, int64_t id, const char *why)
{
	r->bad_id = id;
	snprintf(r->msg, sizeof(r->msg), "entry #%lld: %s", (long long)id, why);
	return 1;
}

/*
 * Walk the chain. With use_key, entries must be keyed, except a prefix of
 * unkeyed ones (counted in r->legacy); without, every entry must be a valid
 * unkeyed one. Checks the anchor when given. Returns 0, 1 (broken) or a
 * negative db_rc.
 */
static int walk(struct db *db, int use_key, const struct audit_head *anchor, struct audit_report *r)
{
	memset(r, 0, sizeof(*r));
	struct db_stmt *st = db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY id");
	if (!st) {
		snprintf(r->msg, sizeof(r->msg), "cannot read the audit log: %s", db_errmsg(db));
		return DB_ERROR;
	}
	unsigned char prev[HASH_BYTES] = { 0 };
	int64_t expect_id = 1;
	int keyed_seen = 0, anchor_seen = 0, result = 0, rc;
	struct row row;
	while ((rc = db_step(st)) == DB_ROW) {
		read_row(st, &row);
		r->count++;
		const struct entry *e = &row.e;
		if (e->id != expect_id) { /* ids only grow, so this is a gap */
			result = broken(r, e->id, "the entry before it is missing (deleted)");
			break;
		}
		if (!row.prev_ok || memcmp(row.prev, prev, HASH_BYTES) != 0) {
			result = broken(r, e->id, "it does not link to the entry before it "
						  "(an entry was deleted, inserted or reordered)");
			break;
		}
		if (!row.hash_ok) {
			result = broken(r, e->id, "its stored hash is malformed");
			break;
		}
		if (use_key && row_matches(&row, 1)) {
			keyed_seen = 1;
		} else if (!keyed_seen && row_matches(&row, 0)) {
			r->legacy++;
		} else {
			result = broken(r, e->id, use_key
				? "its contents do not match its hash under the audit key (the entry was edited, "
				  "the chain was recomputed without the key, or this is not the key the log was "
				  "written with)"
				: "it is not an entry of an unkeyed log from before the audit key (the log is "
				  "keyed, or the entry was edited)");
			break;
		}
		if (anchor && anchor->id == e->id) {
			anchor_seen = 1;
			if (sodium_memcmp(anchor->hash, row.hash, HASH_BYTES) != 0) {
				result = broken(r, e->id, "its hash differs from the anchored head "
							  "(the log was rewritten)");
				break;
			}
		}
		memcpy(prev, row.hash, HASH_BYTES);
		expect_id = e->id + 1;
	}
	db_done(st);
	if (rc < 0) {
		snprintf(r->msg, sizeof(r->msg), "cannot read the audit log: %s", db_errmsg(db));
		return rc;
	}
	if (!result && anchor && anchor->id > 0 && !anchor_seen)
		result = broken(r, anchor->id, "missing, but the anchored head names it "
					       "(entries were cut from the end of the log)");
	return result;
}

int audit_check(struct db *db, const struct audit_head *anchor, struct audit_report *r)
{
	need_sodium();
	if (!chain_has_key) {
		memset(r, 0, sizeof(*r));
		snprintf(r->msg, sizeof(r->msg), "no audit key loaded");
		return DB_ERROR;
	}
	int rc = walk(db, 1, anchor, r);
	if (rc == 0 && r->count > 0 && r->legacy == r->count)
		rc = broken(r, r->count, "no entry up to here is sealed with the audit key (a log from an "
					 "older danvan not yet sealed by 'danvan init', or one recomputed "
					 "without the key)");
	return rc;
}

int audit_verify(struct db *db, int64_t *bad_id, int64_t *count, char *err, size_t errlen)
{
	struct audit_report r;
	int rc = audit_check(db, NULL, &r);
	*bad_id = r.bad_id;
	*count = r.count;
	if (errlen)
		snprintf(err, errlen, "%s", r.msg);
	return rc;
}

int audit_check_unkeyed(struct db *db, struct audit_report *r)
{
	need_sodium();
	return walk(db, 0, NULL, r);
}

/* --- the head ------------------------------------------------------------ */

int audit_head(struct db *db, struct audit_head *out, char *err, size_t errlen)
{
	need_sodium();
	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (!chain_has_key) {
		snprintf(err, errlen, "no audit key loaded");
		return DB_ERROR;
	}
	struct db_stmt *st = db_prepare(db, "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY id DESC LIMIT 1");
	if (!st) {
		snprintf(err, errlen, "cannot read the audit log: %s", db_errmsg(db));
		return DB_ERROR;
	}
	int rc = db_step(st);
	int result = 0;
	if (rc == DB_ROW) {
		struct row row;
		read_row(st, &row);
		out->id = row.e.id;
		if (!row.prev_ok || !row.hash_ok || !row_matches(&row, 1)) {
			snprintf(err, errlen, "entry #%lld: the last entry is not sealed with the audit key; "
					      "run 'danvan audit verify'", (long long)row.e.id);
			result = 1;
		} else {
			memcpy(out->hash, row.hash, HASH_BYTES);
		}
	} else if (rc < 0) {
		snprintf(err, errlen, "cannot read the audit log: %s", db_errmsg(db));
		result = rc;
	}
	db_done(st);
	return result;
}

void audit_head_format(const struct audit_head *h, char out[AUDIT_HEAD_CHARS + 1])
{
	char hex[2 * HASH_BYTES + 1];
	sodium_bin2hex(hex, sizeof(hex), h->hash, HASH_BYTES);
	snprintf(out, AUDIT_HEAD_CHARS + 1, "%lld:%s", (long long)h->id, hex);
}

int audit_head_parse(const char *s, struct audit_head *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	const char *p = s;
	int64_t id = 0;
	int digits = 0;
	while (*p >= '0' && *p <= '9') {
		if (++digits > 18)
			return -1;
		id = id * 10 + (*p - '0');
		p++;
	}
	if (!digits || *p != ':')
		return -1;
	p++;
	size_t n = strlen(p), got = 0;
	if (n != 2 * HASH_BYTES)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)p[i]))
			return -1;
	if (sodium_hex2bin(out->hash, HASH_BYTES, p, n, NULL, &got, NULL) != 0 || got != HASH_BYTES)
		return -1;
	out->id = id;
	return 0;
}

/* --- sealing an older, unkeyed log --------------------------------------- */

int audit_seal_legacy(struct db *db, const struct audit_actor *actor, int64_t *sealed,
		      struct audit_report *r)
{
	need_sodium();
	*sealed = 0;
	memset(r, 0, sizeof(*r));
	if (!chain_has_key) {
		snprintf(r->msg, sizeof(r->msg), "no audit key loaded");
		return DB_ERROR;
	}
	int rc = db_begin(db);
	if (rc < 0) {
		snprintf(r->msg, sizeof(r->msg), "cannot start a transaction: %s", db_errmsg(db));
		return rc;
	}
	struct audit_head head;
	char err[256];
	rc = audit_head(db, &head, err, sizeof(err));
	if (rc < 0) {
		snprintf(r->msg, sizeof(r->msg), "%s", err);
		goto out;
	}
	if (rc == 0) /* empty, or the last entry is keyed: nothing to seal */
		goto out;
	rc = walk(db, 1, NULL, r);
	if (rc != 0)
		goto out;
	if (r->legacy != r->count) { /* cannot be: the last entry would be keyed */
		rc = broken(r, head.id, "the last entry is not sealed with the audit key");
		goto out;
	}
	/* the unkeyed head, as audit_head() would print it */
	struct db_stmt *st = db_prepare(db, "SELECT hash FROM audit_log WHERE id = $1");
	size_t len = 0;
	const void *h = NULL;
	rc = !st ? DB_ERROR : db_bind_int(st, 1, head.id);
	if (rc == 0)
		rc = db_step(st);
	if (rc == DB_ROW && (h = db_col_blob(st, 0, &len)) && len == HASH_BYTES) {
		memcpy(head.hash, h, HASH_BYTES);
		rc = 0;
	} else if (rc >= 0) {
		rc = DB_ERROR;
	}
	if (st)
		db_done(st);
	if (rc < 0) {
		snprintf(r->msg, sizeof(r->msg), "cannot read the audit log: %s", db_errmsg(db));
		goto out;
	}
	char hs[AUDIT_HEAD_CHARS + 1];
	audit_head_format(&head, hs);
	rc = audit_append_json_new(db, actor, "audit.seal", NULL, NULL,
				   json_pack("{s:I, s:s}", "unkeyed_entries", (json_int_t)r->count,
					     "unkeyed_head", hs));
	if (rc < 0)
		snprintf(r->msg, sizeof(r->msg), "cannot append the seal: %s", db_errmsg(db));
	else
		*sealed = r->count;
out:
	if (rc == 0)
		rc = db_commit(db);
	if (rc != 0) {
		db_rollback(db);
		*sealed = 0;
	}
	return rc;
}
