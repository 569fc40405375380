/*
 * attachment.h - files attached to records of any domain (photos of the
 * pothole on a feedback item, a scan of a decision on a consultation
 * reply): the bytes are stored once per content in table `attachments`
 * (deduplicated by their BLAKE2b-256), and each use of them by an owner is
 * a row of `attachment_links` with its own id, the owner (owner_kind, e.g.
 * "feedback", and owner_id, the record's id in its domain), a file name
 * and a kind.
 *
 * The content hash is internal: nothing here looks a file up by a hash a
 * client could send, and nothing read from here carries it. A client names
 * a file only as (owner, link id), and the link id of a new link is new
 * even when the bytes were stored before, so ids say nothing about what
 * else is stored. Files are stored only together with the record or
 * evidence that carries them, in the same transaction (attachment_store()),
 * so a refused request stores nothing; attachment_gc() removes whatever is
 * left unlinked (e.g. from older versions). No foreign key ties a link to
 * its owner (owners live in different tables): the caller loads the owner
 * in the transaction that links to it.
 *
 * The type is decided from the bytes, never from the declared name: JPEG,
 * PNG, WebP, GIF and PDF are accepted, anything else is refused, so a file
 * is always served with the Content-Type of what it really is. A file is at
 * most ATTACHMENT_MAX_BYTES; an owner has at most ATTACHMENT_MAX_PER_ITEM
 * (the domain enforces the count, this module the size and type).
 *
 * Who may see a file is decided by the owner's domain (app/feedback:
 * feedback_attachment_get()); this module does no permission checks.
 * owner_kind is a short constant of the domain (1..32 bytes, e.g.
 * "feedback"), never text from a client. Writes marked "in a transaction"
 * must run between db_begin() and db_commit() of the caller (BUG
 * otherwise). Strings and bytes of reads are copied into the caller's arena.
 * Errors: the negative enum db_rc of store/db.h, or the negative enum
 * attachment_rc below for refused content.
 */
#ifndef DANVAN_ATTACHMENT_H
#define DANVAN_ATTACHMENT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct audit_actor;
struct db;

#define ATTACHMENT_MAX_BYTES (10u * 1024u * 1024u)
#define ATTACHMENT_MAX_PER_ITEM 5
#define ATTACHMENT_NAME_MAX 255   /* bytes of a stored file name */
#define ATTACHMENT_HASH_BYTES 32  /* BLAKE2b-256 of the bytes: internal, never shown */

enum attachment_rc {
	ATTACHMENT_OK = 0,
	ATTACHMENT_EMPTY = -20,       /* zero bytes */
	ATTACHMENT_TOO_LARGE = -21,   /* more than ATTACHMENT_MAX_BYTES (HTTP 413) */
	ATTACHMENT_UNSUPPORTED = -22, /* not JPEG, PNG, WebP, GIF or PDF (HTTP 415) */
};

enum attachment_kind {
	ATTACHMENT_SUBMISSION = 0,    /* sent with the item: visible as the item is */
	ATTACHMENT_EVIDENCE = 1,      /* added by officers: internal */
};

/* A file as an owner shows it: one link of stored bytes to one owner. */
struct attachment {
	int64_t id;                   /* the link's id, unique over all owners (not the blob's) */
	size_t size;
	const char *mime;             /* static string: "image/jpeg", ... */
	const char *filename;         /* of the link */
	enum attachment_kind kind;
	int64_t added_at;
	const void *bytes;            /* only from attachment_get(); arena memory */
};

/*
 * The MIME type of `bytes` from its magic numbers: "image/jpeg" (FF D8 FF),
 * "image/png" (the 8-byte PNG signature), "image/gif" (GIF87a/GIF89a),
 * "image/webp" (RIFF....WEBP), "application/pdf" (%PDF-); NULL otherwise.
 * Pure; for any len.
 */
const char *attachment_sniff(const void *bytes, size_t len);

/* ATTACHMENT_OK with *mime set, or ATTACHMENT_EMPTY / TOO_LARGE / UNSUPPORTED. */
int attachment_check(const void *bytes, size_t len, const char **mime);

/* The usual file extension for a mime type from attachment_sniff() ("jpg",
 * "png", "webp", "gif", "pdf"), or NULL. */
const char *attachment_ext(const char *mime);

/*
 * A safe file name for display and Content-Disposition, made from what the
 * sender declared (may be NULL): the part after the last '/' or '\',
 * cleaned as a single line of text (core/vntext.h), quotes and control
 * characters removed, at most ATTACHMENT_NAME_MAX bytes (cut at a character
 * boundary), with its extension replaced by the one of the real type
 * ("anh.exe" holding a JPEG becomes "anh.jpg"); "tep.<ext>" when nothing
 * is left. Arena string; NULL only when the arena is exhausted.
 */
char *attachment_clean_name(struct arena *a, const char *declared, const char *mime);

/*
 * Bytes checked and hashed, ready for attachment_store(): the checking and
 * hashing (a few tens of milliseconds for ATTACHMENT_MAX_BYTES) happen where
 * attachment_blob_init() is called, so a writer thread only writes. `bytes`
 * is borrowed: it must stay valid until the blob is stored.
 */
struct attachment_blob {
	const void *bytes;
	size_t len;
	const char *mime;             /* static string from attachment_sniff() */
	unsigned char hash[ATTACHMENT_HASH_BYTES];
};

/* Check (attachment_check()) and hash `bytes`: ATTACHMENT_OK, or
 * ATTACHMENT_EMPTY / TOO_LARGE / UNSUPPORTED with *b untouched. */
int attachment_blob_init(struct attachment_blob *b, const void *bytes, size_t len);

/* 1 when two blobs hold the same bytes (their hashes match), else 0. */
int attachment_blob_same(const struct attachment_blob *x, const struct attachment_blob *y);

/*
 * Store a blob for an owner (in a transaction): the bytes are written
 * unless the same bytes are stored already (audited as "attachment.store"
 * with size and mime when written), then linked to (owner_kind, owner_id)
 * under `filename` (1..ATTACHMENT_NAME_MAX bytes, e.g. from
 * attachment_clean_name()) and `kind`, by `added_by` (0: nobody signed
 * in). *file_id receives the new link's id (may be NULL). DB_CONSTRAINT
 * when the owner already has a file with these bytes; the caller rolls
 * back and audits the change of the owner.
 */
int attachment_store(struct db *db, const struct audit_actor *actor, const char *owner_kind, int64_t owner_id,
		     const struct attachment_blob *b, const char *filename, enum attachment_kind kind,
		     int64_t added_by, int64_t now, int64_t *file_id);

/* Number of files linked to an owner (of both kinds); negative on error. */
int attachment_count(struct db *db, const char *owner_kind, int64_t owner_id);

/* The files of an owner without their bytes, in the order added; evidence
 * files only when with_evidence. Arena array of *n in *items. */
int attachment_list(struct db *db, const char *owner_kind, int64_t owner_id, int with_evidence,
		    struct arena *a, struct attachment **items, size_t *n);

/* One file of an owner with its bytes, by its link id (struct
 * attachment.id). DB_NOTFOUND when the owner has no file with that id
 * (a link of another owner, of any kind, is not found). */
int attachment_get(struct db *db, const char *owner_kind, int64_t owner_id, int64_t file_id,
		   struct arena *a, struct attachment *out);

/* Delete every stored file linked to no owner (files are linked in the
 * transaction that stores them, so these are left-overs: of older versions,
 * or of links removed by hand); *deleted receives the count (may be NULL).
 * Runs in its own transaction, audited as "attachment.gc" when it deleted
 * any. */
int attachment_gc(struct db *db, const struct audit_actor *actor, int64_t *deleted);

#endif
