/*
 * consultation.h - the SQL of consultations on drafts (tables of
 * migrations/{sqlite,postgresql}/0020_consultations.sql): consultations,
 * their versions and parts, comments with their contacts kept apart,
 * replies, and the report's events. No rules here (app/consultation.h
 * checks roles, periods and transitions); writes run inside the caller's
 * transaction.
 * OWNERSHIP. Strings and arrays are allocated in the caller's arena.
 * FAILURE. DB_OK, DB_NOTFOUND for a missing row, or a negative enum db_rc.
 * Thread-safe as far as the db handle is the caller's.
 */
#ifndef DANVAN_STORE_CONSULTATION_H
#define DANVAN_STORE_CONSULTATION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

struct consultation {
	int64_t id;
	int64_t unit_id;
	const char *unit_code, *unit_name;
	const char *kind;
	const char *title, *summary;
	const char *audience;          /* "public" or "invited" */
	int64_t opens_at, closes_at;
	int64_t version;               /* the current version's number */
	int64_t report_published_at;   /* 0: not published */
	int64_t sent_to_front_at;      /* 0: not sent */
	int64_t created_at;
	int64_t comments;              /* comments not hidden */
	const char *search_key;        /* insert only */
	int64_t created_by;            /* insert only */
};

/* --- consultations ------------------------------------------------------------ */

int consultation_insert(struct db *db, const struct consultation *c, int64_t now, int64_t *id);
int consultation_get(struct db *db, struct arena *a, int64_t id, struct consultation *out);

enum consultation_when {
	CONSULT_ANY = 0,
	CONSULT_UPCOMING,   /* opens_at > now */
	CONSULT_OPEN,       /* opens_at <= now < closes_at */
	CONSULT_CLOSED,     /* closes_at <= now (report published or not) */
};

struct consultation_filter {
	enum consultation_when when;
	int64_t now;
	const char *q;          /* typed words, searched in the index (store/search.h); NULL: all */
	int64_t unit_id;        /* 0: every unit */
	int64_t opens_from;     /* opens_at >= (UTC seconds; 0: open) - emulation: a model's outcomes */
	int64_t opens_to;       /* opens_at < (0: open) */
	int64_t limit, offset;
};

/* A page of consultations, newest opening first, and the total. */
int consultation_list(struct db *db, struct arena *a, const struct consultation_filter *f,
		      struct consultation **items, size_t *n, int64_t *total);

/* The consultation of unit_id titled `title` (the demo's idempotence): DB_NOTFOUND when none. */
int consultation_find(struct db *db, int64_t unit_id, const char *title, int64_t *id);

/*
 * The search index (store/search.h, kind SEARCH_KIND_CONSULTATION): on
 * PostgreSQL write consultation id's row (folded title and summary) inside
 * the caller's transaction; on SQLite the triggers of 0020 do it and this
 * does nothing. consultation_search_reindex() writes every row again
 * (PostgreSQL's search_rebuild()).
 */
int consultation_search_index(struct db *db, int64_t id);
int consultation_search_reindex(struct db *db);

int consultation_set_version(struct db *db, int64_t id, int64_t version, int64_t now);
int consultation_set_published(struct db *db, int64_t id, int64_t by, int64_t now);
int consultation_set_sent(struct db *db, int64_t id, int64_t by, int64_t now);

int consultation_invite(struct db *db, int64_t id, int64_t unit_id);
/* 1 when unit_id is invited, 0 when not, negative on error. */
int consultation_is_invited(struct db *db, int64_t id, int64_t unit_id);
/* The invited units' codes and names (arena arrays of *n). */
int consultation_invited(struct db *db, struct arena *a, int64_t id, const char ***codes, const char ***names,
			 size_t *n);

/* --- versions and parts -------------------------------------------------------- */

int consultation_version_insert(struct db *db, int64_t cid, int64_t number, const char *text, int64_t by,
				int64_t now, int64_t *version_id);
/* The part with this label, created when new: *part_id. */
int consultation_part_ensure(struct db *db, int64_t cid, const char *label, int64_t *part_id);
int consultation_part_text_insert(struct db *db, int64_t version_id, int64_t part_id, int64_t position,
				  int level, const char *text);

struct consultation_part {
	int64_t id;
	const char *label;
	const char *text;        /* in the version asked for */
	int level;
	int64_t comments;        /* comments not hidden */
	const char *old_text;    /* diff only: the text in the earlier version, NULL when absent */
	int in_new;              /* diff only: present in the later version */
};

/* The parts of version `number` in order, with their comment counts. */
int consultation_parts(struct db *db, struct arena *a, int64_t cid, int64_t number,
		       struct consultation_part **items, size_t *n);
/* Every part of version `from` or `to`, in the order of `to` then the
 * removed ones: text (to's), old_text (from's), in_new. */
int consultation_parts_diff(struct db *db, struct arena *a, int64_t cid, int64_t from, int64_t to,
			    struct consultation_part **items, size_t *n);
/* 1 when part_id is a part of consultation cid, 0 when not, negative on error. */
int consultation_part_of(struct db *db, int64_t cid, int64_t part_id);

/* --- comments and replies -------------------------------------------------------- */

struct consultation_comment {
	int64_t id;
	int64_t consultation_id;
	int64_t part_id;             /* 0: the whole draft */
	const char *part_label;
	int64_t version;
	const char *text;
	const char *name;            /* personal data unless show_name */
	int show_name;
	int64_t org_unit_id;
	const char *org_name;
	const char *channel;
	int64_t recorded_by;
	int64_t group_id;            /* 0: answered on its own */
	const char *hidden_reason;   /* NULL: shown */
	int64_t created_at;
	const char *contact;         /* insert only (JSON text), or NULL */
	/* the reply that answers it (its own, or its group's), decision NULL when none */
	const char *decision;
	const char *reply;
	int64_t reply_part_id;
	const char *reply_part_label;
	int64_t replied_at;
};

int consultation_comment_insert(struct db *db, const struct consultation_comment *c, int64_t *id);
int consultation_comment_get(struct db *db, struct arena *a, int64_t cid, int64_t id,
			     struct consultation_comment *out);
/* Comments of a consultation by id; hidden ones only when with_hidden. */
int consultation_comments(struct db *db, struct arena *a, int64_t cid, int with_hidden,
			  struct consultation_comment **items, size_t *n);
/* The stored contact (JSON text) of a comment: DB_NOTFOUND when none. */
int consultation_comment_contact(struct db *db, struct arena *a, int64_t id, const char **contact);
int consultation_comment_hide(struct db *db, int64_t id, const char *reason, int64_t by, int64_t now);
int consultation_comment_group(struct db *db, int64_t id, int64_t group_id);
/* Insert or replace the reply to comment `id`. */
int consultation_reply_set(struct db *db, int64_t id, const char *decision, const char *text, int64_t part_id,
			   int64_t by, int64_t now);
/* Comments not hidden that no reply answers (their own or their group's). */
int consultation_unanswered(struct db *db, int64_t cid, int64_t *n);

#endif
