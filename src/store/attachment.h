/*
 * attachment.h - files attached to feedback (photos of the pothole, a scan
 * of a decision): stored once per content in table `attachments`, keyed by
 * the hex BLAKE2b-256 of the bytes, and linked to items with a file name and
 * a kind in `feedback_attachments`.
 *
 * The type is decided from the bytes, never from the declared name: JPEG,
 * PNG, WebP, GIF and PDF are accepted, anything else is refused, so a file
 * is always served with the Content-Type of what it really is. A file is at
 * most ATTACHMENT_MAX_BYTES; an item has at most ATTACHMENT_MAX_PER_ITEM
 * (app/feedback enforces the count, this module the size and type).
 *
 * Who may see a file is decided in app/feedback (feedback_attachment_get());
 * this module does no permission checks. Writes marked "in a transaction"
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
#define ATTACHMENT_HASH_HEX 64

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

struct attachment {
	int64_t id;
	char hash[ATTACHMENT_HASH_HEX + 1];
	size_t size;
	const char *mime;             /* static string: "image/jpeg", ... */
	const char *filename;         /* of the link; NULL when read without one */
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
 * Store bytes (content-addressed: storing the same bytes again returns the
 * existing row). Checks them first and returns an attachment_rc when
 * refused. When no transaction is open it runs in one of its own; inside
 * the caller's it joins it. Audited as "attachment.store" (hash, size, mime)
 * when a new row is written. Fills out->id, hash, size and mime (filename
 * NULL, bytes NULL).
 */
int attachment_put(struct db *db, const struct audit_actor *actor, const void *bytes, size_t len,
		   int64_t now, struct attachment *out);

/* The stored file with this hex hash (64 lower-case hex digits), without
 * its bytes or a file name. DB_NOTFOUND when there is none (also for a
 * malformed hash). */
int attachment_find(struct db *db, const char *hash, struct attachment *out);

/* Link an attachment to an item (in a transaction; the caller audits the
 * change of the item). DB_CONSTRAINT when it is already linked or either id
 * does not exist. */
int attachment_link(struct db *db, int64_t feedback_id, int64_t attachment_id, const char *filename,
		    enum attachment_kind kind, int64_t added_by, int64_t now);

/* Number of files linked to an item (of both kinds); negative on error. */
int attachment_count(struct db *db, int64_t feedback_id);

/* The files of an item without their bytes, in the order added; evidence
 * files only when with_evidence. Arena array of *n in *items. */
int attachment_list(struct db *db, int64_t feedback_id, int with_evidence, struct arena *a,
		    struct attachment **items, size_t *n);

/* One linked file with its bytes. DB_NOTFOUND when the attachment is not
 * linked to that item. */
int attachment_get(struct db *db, int64_t feedback_id, int64_t attachment_id, struct arena *a,
		   struct attachment *out);

/* Delete stored files linked to no item and created before `before`
 * (uploads whose submission never came); *deleted receives the count.
 * Runs in its own transaction, audited as "attachment.gc". */
int attachment_gc(struct db *db, const struct audit_actor *actor, int64_t before, int64_t *deleted);

#endif
