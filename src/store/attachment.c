/*
 * attachment.c - file storage for every domain: type sniffing from magic
 * bytes, safe display names, and the SQL of stored bytes (deduplicated by
 * an internal content hash) and of their links to (owner_kind, owner_id).
 */
#include "store/attachment.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "core/vntext.h"

#include <sodium.h>

const char *attachment_sniff(const void *bytes, size_t len)
{
	const unsigned char *b = bytes;
	if (!b)
		return NULL;
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (len >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6)))
		return "image/gif";
	if (len >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		return "image/webp";
	if (len >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}

int attachment_check(const void *bytes, size_t len, const char **mime)
{
	if (len == 0)
		return ATTACHMENT_EMPTY;
	if (len > ATTACHMENT_MAX_BYTES)
		return ATTACHMENT_TOO_LARGE;
	const char *m = attachment_sniff(bytes, len);
	if (!m)
		return ATTACHMENT_UNSUPPORTED;
	*mime = m;
	return ATTACHMENT_OK;
}

/* The static string of a known mime type, so pointers stay valid. */
static const char *mime_static(const char *m)
{
	static const char *const known[] = { "image/jpeg", "image/png", "image/webp", "image/gif",
					     "application/pdf" };
	for (size_t i = 0; m && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(m, known[i]))
			return known[i];
	return "application/octet-stream";
}

const char *attachment_ext(const char *mime)
{
	if (!mime)
		return NULL;
	if (!strcmp(mime, "image/jpeg"))
		return "jpg";
	if (!strcmp(mime, "image/png"))
		return "png";
	if (!strcmp(mime, "image/webp"))
		return "webp";
	if (!strcmp(mime, "image/gif"))
		return "gif";
	if (!strcmp(mime, "application/pdf"))
		return "pdf";
	return NULL;
}

char *attachment_clean_name(struct arena *a, const char *declared, const char *mime)
{
	const char *ext = attachment_ext(mime);
	if (!ext)
		ext = "bin";
	const char *base = declared ? declared : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *clean = NULL;
	size_t clen = 0;
	if (vntext_clean(a, base, strlen(base), VNTEXT_SINGLELINE, &clean, &clen) < 0) {
		clean = NULL;
		clen = 0;
	}
	struct sbuf sb = SBUF_INIT(ATTACHMENT_NAME_MAX + 1);
	/* the stem: up to the last dot, without quotes, controls, ':' or ';' */
	size_t stem_len = clen;
	if (clean) {
		char *dot = strrchr(clean, '.');
		if (dot)
			stem_len = (size_t)(dot - clean);
	}
	size_t room = ATTACHMENT_NAME_MAX - 1 - strlen(ext);
	for (size_t i = 0; i < stem_len; i++) {
		unsigned char c = (unsigned char)clean[i];
		if (c < 0x20 || c == 0x7f || c == '"' || c == ':' || c == ';' || c == '*' || c == '?' ||
		    c == '<' || c == '>' || c == '|')
			continue;
		if (sb.len >= room)
			break;
		if (sbuf_addch(&sb, c) < 0)
			break;
	}
	/* never end inside a UTF-8 sequence: drop a truncated tail */
	size_t n = sb.len;
	if (n) {
		size_t start = n;
		while (start > 0 && ((unsigned char)sb.buf[start - 1] & 0xC0) == 0x80)
			start--;
		if (start > 0) {
			unsigned char lead = (unsigned char)sb.buf[start - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (n - (start - 1) < need)
				sbuf_setlen(&sb, start - 1);
		}
	}
	while (sb.len && (sb.buf[sb.len - 1] == ' ' || sb.buf[sb.len - 1] == '.'))
		sbuf_setlen(&sb, sb.len - 1);
	char *out = arena_printf(a, "%s.%s", sb.len ? sb.buf : "tep", ext);
	sbuf_release(&sb);
	return out;
}

int attachment_blob_init(struct attachment_blob *b, const void *bytes, size_t len)
{
	const char *m = NULL;
	int rc = attachment_check(bytes, len, &m);
	if (rc < 0)
		return rc;
	if (sodium_init() < 0)
		BUG("libsodium cannot start");
	b->bytes = bytes;
	b->len = len;
	b->mime = m;
	crypto_generichash(b->hash, sizeof(b->hash), bytes, len, NULL, 0);
	return ATTACHMENT_OK;
}

int attachment_blob_same(const struct attachment_blob *x, const struct attachment_blob *y)
{
	return x->len == y->len && sodium_memcmp(x->hash, y->hash, sizeof(x->hash)) == 0;
}

/* The id of the stored bytes with this hash (hex, as the column holds it):
 * DB_OK, DB_NOTFOUND or an error. */
static int find_by_hash(struct db *db, const char *hex, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM attachments WHERE hash = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, hex);
	return rows_one_int(st, id);
}

/* The id of the stored bytes of `b`, written (and audited) if new. */
static int put_blob(struct db *db, const struct audit_actor *actor, const struct attachment_blob *b, int64_t now,
		    int64_t *id)
{
	char hex[2 * ATTACHMENT_HASH_BYTES + 1];
	sodium_bin2hex(hex, sizeof(hex), b->hash, sizeof(b->hash));
	int rc = find_by_hash(db, hex, id);
	if (rc != DB_NOTFOUND)
		return rc;
	struct db_stmt *st = db_prepare(db, "INSERT INTO attachments(hash, size, mime, bytes, created_at) "
					    "VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, hex);
	db_bind_int(st, 2, (int64_t)b->len);
	db_bind_text(st, 3, b->mime);
	db_bind_blob(st, 4, b->bytes, b->len);
	db_bind_int(st, 5, now);
	if ((rc = rows_one_int(st, id)) < 0)
		return rc;
	/* the audit names the row, never the hash: it is an internal key */
	char idtext[AUDIT_ID_CHARS];
	return audit_append_json_new(db, actor, "attachment.store", "attachment", audit_id(*id, idtext),
				     json_pack("{s:I, s:s}", "size", (json_int_t)b->len, "mime", b->mime));
}

int attachment_store(struct db *db, const struct audit_actor *actor, const char *owner_kind, int64_t owner_id,
		     const struct attachment_blob *b, const char *filename, enum attachment_kind kind,
		     int64_t added_by, int64_t now, int64_t *file_id)
{
	if (!db_in_transaction(db))
		BUG("attachment_store outside a transaction");
	int64_t blob = 0;
	int rc = put_blob(db, actor, b, now, &blob);
	if (rc < 0)
		return rc;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO attachment_links(owner_kind, owner_id, attachment_id, filename, kind, added_at, added_by) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, blob);
	db_bind_text(st, 4, filename);
	db_bind_text(st, 5, kind == ATTACHMENT_EVIDENCE ? "evidence" : "submission");
	db_bind_int(st, 6, now);
	if (added_by > 0)
		db_bind_int(st, 7, added_by);
	else
		db_bind_null(st, 7);
	rc = rows_one_int(st, file_id);
	return rc == DB_NOTFOUND ? DB_ERROR : rc;
}

int attachment_count(struct db *db, const char *owner_kind, int64_t owner_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM attachment_links "
					    "WHERE owner_kind = $1 AND owner_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	int rc = db_step(st);
	int n = rc == DB_ROW ? (int)db_col_int(st, 0) : (rc < 0 ? rc : DB_ERROR);
	db_done(st);
	return n;
}

static int read_meta(struct db_stmt *st, struct arena *a, struct attachment *out)
{
	int failed = 0;
	memset(out, 0, sizeof(*out));
	out->id = db_col_int(st, 0);
	out->size = (size_t)db_col_int(st, 1);
	out->mime = mime_static(db_col_text(st, 2));
	out->filename = rows_text_or_empty(st, 3, a, &failed);
	const char *k = db_col_text(st, 4);
	out->kind = k && !strcmp(k, "evidence") ? ATTACHMENT_EVIDENCE : ATTACHMENT_SUBMISSION;
	out->added_at = db_col_int(st, 5);
	return failed ? DB_ERROR : DB_OK;
}

static int read_meta_row(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)arg;
	return read_meta(st, a, item) < 0 ? -1 : 0;
}

int attachment_list(struct db *db, const char *owner_kind, int64_t owner_id, int with_evidence,
		    struct arena *a, struct attachment **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT l.id, a.size, a.mime, l.filename, l.kind, l.added_at "
		"FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id "
		"WHERE l.owner_kind = $1 AND l.owner_id = $2 AND ($3 = 1 OR l.kind = 'submission') "
		"ORDER BY l.added_at, l.id");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, with_evidence ? 1 : 0);
	void *arr = NULL;
	size_t len = 0;
	int rc = rows_collect(st, a, sizeof(struct attachment), 0, read_meta_row, NULL, &arr, &len);
	if (rc < 0)
		return rc;
	*items = arr;
	*n = len;
	return DB_OK;
}

int attachment_get(struct db *db, const char *owner_kind, int64_t owner_id, int64_t file_id,
		   struct arena *a, struct attachment *out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT l.id, a.size, a.mime, l.filename, l.kind, l.added_at, a.bytes "
		"FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id "
		"WHERE l.id = $3 AND l.owner_kind = $1 AND l.owner_id = $2");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, owner_kind);
	db_bind_int(st, 2, owner_id);
	db_bind_int(st, 3, file_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		rc = read_meta(st, a, out);
		size_t len = 0;
		const void *b = db_col_blob(st, 6, &len);
		void *copy = arena_alloc(a, len ? len : 1);
		if (rc == DB_OK && copy) {
			if (len)
				memcpy(copy, b, len);
			out->bytes = copy;
			out->size = len;
		} else {
			rc = DB_ERROR;
		}
	} else if (rc == DB_DONE) {
		rc = DB_NOTFOUND;
	}
	db_done(st);
	return rc;
}

int attachment_gc(struct db *db, const struct audit_actor *actor, int64_t *deleted)
{
	int rc = db_begin(db);
	if (rc < 0)
		return rc;
	struct db_stmt *st = db_prepare(db,
		"DELETE FROM attachments WHERE NOT EXISTS "
		"(SELECT 1 FROM attachment_links l WHERE l.attachment_id = attachments.id)");
	if (!st) {
		rc = DB_ERROR;
		goto fail;
	}
	rc = db_step(st);
	int64_t n = db_changes(db);
	db_done(st);
	if (rc < 0)
		goto fail;
	if (n > 0 && (rc = audit_append_json_new(db, actor, "attachment.gc", "attachment", NULL,
						  json_pack("{s:I}", "deleted", (json_int_t)n))) < 0)
		goto fail;
	if ((rc = db_commit(db)) < 0)
		goto fail;
	if (deleted)
		*deleted = n;
	return DB_OK;
fail:
	db_rollback(db);
	return rc;
}
