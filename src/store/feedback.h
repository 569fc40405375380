/*
 * feedback.h - the SQL of citizens' feedback and petitions (phản ánh, kiến
 * nghị): items (table `feedback`), their senders' contact data
 * (`feedback_contacts`), the timeline (`feedback_events`) and the answers
 * (store/answer.h, owner kind FEEDBACK_OWNER). This layer stores what it is given; the rules
 * (validation, the status machine, permissions, deadlines, audit) live in
 * app/fbstate.h and app/feedback.h, which is what the web and API layers
 * call. The status, event and channel names below are the stable words of
 * the API (docs/feedback.md).
 *
 * Ownership: reads copy every string into the caller's arena; nothing
 * returned needs freeing on its own. Lists are arena arrays.
 *
 * Transactions: every write must run inside a write transaction the caller
 * holds (db_begin(); a BUG otherwise), together with the audit entry the
 * caller appends (store/audit.h), so that an item, its timeline and its
 * audit trail commit or roll back together. The exception is
 * feedback_move_open_work(), which appends its own audit entries.
 *
 * Errors: DB_OK (0) or a negative enum db_rc (store/db.h): DB_NOTFOUND when
 * there is no such row, DB_CONSTRAINT when the database refuses a write (a
 * tracking code already taken, a CHECK), DB_ERROR otherwise (also when an
 * arena allocation fails).
 */
#ifndef DANVAN_STORE_FEEDBACK_H
#define DANVAN_STORE_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct feedback_search_memo;
struct audit_actor;
struct db;
struct search_query;

/* The owner kind of an item's files and answers (store/attachment.h,
 * store/answer.h). */
#define FEEDBACK_OWNER "feedback"

enum feedback_status {
	FB_RECEIVED = 0,   /* "received": sent, not yet assigned to a unit */
	FB_ASSIGNED,       /* "assigned": a unit works on it */
	FB_ANSWERED,       /* "answered": an answer is drafted, awaiting approval */
	FB_PUBLISHED,      /* "published": a leader approved and published the answer */
	FB_CLOSED,         /* "closed" */
	FB_REJECTED,       /* "rejected": out of scope, with a reason */
	FB_MERGED,         /* "merged": a duplicate, followed through another item */
	FB_STATUS_COUNT
};

enum feedback_event_type {
	FB_EV_ASSIGN = 0,  /* "assign": received -> assigned to a unit */
	FB_EV_TRANSFER,    /* "transfer": to another unit */
	FB_EV_REJECT,      /* "reject": with a reason */
	FB_EV_NOTE,        /* "note": internal note */
	FB_EV_ANSWER,      /* "answer": draft an answer */
	FB_EV_PUBLISH,     /* "publish": approve and publish the latest draft */
	FB_EV_EXTEND,      /* "extend": move the due date, with a reason */
	FB_EV_MERGE,       /* "merge": into another item */
	FB_EV_REOPEN,      /* "reopen": back to assigned */
	FB_EV_CLOSE,       /* "close" */
	FB_EV_REDACT,      /* "redact": replace the public title/body */
	FB_EV_RATE,        /* "rate": the sender rates the answer */
	FB_EV_SUBMIT,      /* "submit": timeline only, the item arrived */
	FB_EV_ATTACH,      /* "attach": timeline only, an officer added a file */
	FB_EV_COUNT
};
/* Events that feedback_apply_event() accepts are FB_EV_ASSIGN..FB_EV_RATE. */
#define FB_EV_ACTION_COUNT (FB_EV_RATE + 1)

enum feedback_channel {
	FB_CH_WEB = 0,        /* "web" */
	FB_CH_API,            /* "api" */
	FB_CH_VOTER_MEETING,  /* "voter_meeting": tiếp xúc cử tri */
	FB_CH_DIALOGUE,       /* "dialogue": đối thoại */
	FB_CH_IN_PERSON,      /* "in_person": tiếp công dân */
	FB_CH_HOTLINE,        /* "hotline": đường dây nóng */
	FB_CH_FRONT,          /* "front": forwarded by the Fatherland Front or a mass organisation */
	FB_CH_COUNT
};

/* The stable API word of a value ("received", "assign", "voter_meeting"),
 * or NULL when out of range; _parse is the reverse (0 or -1). */
const char *feedback_status_name(enum feedback_status s);
int feedback_status_parse(const char *name, enum feedback_status *out);
const char *feedback_event_name(enum feedback_event_type t);
int feedback_event_parse(const char *name, enum feedback_event_type *out);
const char *feedback_channel_name(enum feedback_channel c);
int feedback_channel_parse(const char *name, enum feedback_channel *out);
/* Vietnamese labels for pages: "Đã tiếp nhận", "Đang xử lý", ...;
 * "Cử tri kiến nghị", ...; never NULL ("" when out of range). */
const char *feedback_status_label(enum feedback_status s);
const char *feedback_channel_label(enum feedback_channel c);

/* 1 for the statuses in which work is still due (received, assigned). */
int feedback_status_open(enum feedback_status s);

/*
 * One item. Times are UTC seconds, 0 when not set (due_at, answered_at,
 * ...); ids are 0 when NULL (unit_id before assignment, created_by for a
 * citizen's item). Joined for convenience (reads only, ignored by writes):
 * the category's code and name, and code and name of the handling and
 * intake units.
 */
struct feedback_row {
	int64_t id;
	char code[10];                    /* canonical tracking code "7KQ4-M2XD" */
	unsigned char secret_hash[32];
	const char *title, *body;
	int64_t category_id;
	const char *place;                /* NULL when not given */
	int has_geo;
	int64_t lat_e6, lon_e6;           /* micro-degrees, when has_geo */
	int public;
	enum feedback_channel channel;
	enum feedback_status status;
	int64_t intake_unit_id, unit_id;
	int64_t received_at, due_at;
	int due_extended;
	int64_t answered_at, published_at, closed_at;
	int64_t merged_into_id;
	int64_t created_by;
	const char *public_title, *public_body; /* redacted versions, NULL when not redacted */
	const char *public_place;         /* redacted place, NULL when not redacted */
	int rating;                       /* 1..5, 0 when not rated */
	const char *rating_comment;
	int64_t rated_at;
	int64_t updated_at;
	int64_t meeting_id;               /* raised at this meeting (app/meeting.h), 0: none */
	int64_t booking_id;               /* from this reception booking, 0: none */
	/* joined */
	const char *category_code, *category_name;
	const char *unit_code, *unit_name;
	const char *intake_unit_code, *intake_unit_name;
};

/* Insert a new item from every stored field of `r` (id ignored);
 * *id receives the new id. DB_CONSTRAINT when the code is taken: then
 * nothing was written and the transaction goes on (ON CONFLICT, so no
 * failed statement spoils it on PostgreSQL); another constraint fails
 * with DB_CONSTRAINT from the engine. */
int feedback_row_insert(struct db *db, const struct feedback_row *r, int64_t *id);


/* Read one item by id or canonical code. */
int feedback_row_get(struct db *db, int64_t id, struct arena *a, struct feedback_row *out);
int feedback_row_get_by_code(struct db *db, const char *code, struct arena *a,
			     struct feedback_row *out);

/*
 * Write the mutable fields of r back to row r->id: status, unit_id,
 * due_at, due_extended, answered_at, published_at, closed_at,
 * merged_into_id, public_title, public_body, public_place, rating, rating_comment,
 * rated_at and updated_at. DB_NOTFOUND when there is no such row.
 *
 * The search index (store/search.h) follows the title, body, place and
 * public_title/public_body/public_place of every insert and update by itself (triggers,
 * same transaction): nothing to do here.
 */
int feedback_row_update(struct db *db, const struct feedback_row *r);

/* --- queries -------------------------------------------------------------- */

enum feedback_sort {
	FB_SORT_NEWEST = 0,   /* received_at descending, then id descending */
	FB_SORT_OLDEST,       /* received_at ascending, then id */
	FB_SORT_DUE,          /* due_at ascending (none last), then id */
	FB_SORT_PUBLISHED,    /* published_at descending, then id descending */
	FB_SORT_RELEVANCE,    /* with a search: bm25 rank (best first), then id; without
	                         one: as FB_SORT_NEWEST */
};

/*
 * A filter over items. Zero values mean "no restriction". Every order is
 * total (ties broken by id), so pages are stable.
 */
struct feedback_query {
	int public_only;             /* public = 1 and status published or closed */
	const int64_t *scope;        /* only items whose unit_id, or intake_unit_id while
	                                unassigned, is one of these ... */
	size_t nscope;
	int64_t scope_creator;       /* ... or that this account recorded (0 = none) */
	int use_scope;               /* 1: apply scope/scope_creator (empty scope = nothing) */
	unsigned status_mask;        /* bit (1u << status); 0 = any */
	int64_t category_id;
	int64_t unit_id;             /* handling unit */
	int channel;                 /* 1 + enum feedback_channel; 0 = any */
	int overdue;                 /* received/assigned and due_at < now */
	int64_t due_from, due_to;    /* received/assigned and due_from <= due_at <= due_to
	                                (when due_to != 0) */
	int64_t received_from;       /* received_at >= (when != 0) */
	int64_t received_to;         /* received_at < (when != 0) */
	int64_t now;                 /* for overdue */
	const struct search_query *search; /* store/search.h: when search->match is not NULL,
	                                only items matching it (all its words, in the title,
	                                body or place; officers' queries, without
	                                public_only, also in the original of redacted
	                                items); NULL or no match: no search */
	enum feedback_sort sort;
	int64_t offset, limit;       /* limit 0 = 20; at most 500 */
	int no_walk;                 /* 1: never the inbox walk of store/feedback.c (the same
	                                page by the general query; tests compare the two) */
	int search_doc_filter;       /* store-internal (PostgreSQL): the words tested on each
	                                row, not read from their GIN index */
	int search_bare;             /* store-internal (PostgreSQL): the public's search
	                                rows alone, their "vpub" facet for the items' public
	                                and status (pg_candidates()) */
	struct feedback_search_memo *memo; /* NULL, or from feedback_search_memo_new(): calls
	                                with this query (or a copy) that need the same
	                                search candidates find them there instead of
	                                searching again (PostgreSQL; one request's arena) */
};

/* An empty memo for feedback_query.memo, in the arena; NULL when exhausted. */
struct feedback_search_memo *feedback_search_memo_new(struct arena *a);

/*
 * WITH A SEARCH (q->search with a match) every function below considers
 * only the SEARCH_MAX_RESULTS most recent matching items (highest ids; see
 * store/search.h): lists are drawn from them (FB_SORT_RELEVANCE ranks them
 * by vn_rank, then id), feedback_row_count() and
 * feedback_row_count_by_status() count up to SEARCH_MAX_RESULTS + 1 of
 * them (more than SEARCH_MAX_RESULTS means "more than a search
 * considers").
 */

/* Items matching q (title, body and joined names included), in q's order:
 * an arena array of *n in *items. */
int feedback_row_list(struct db *db, const struct feedback_query *q, struct arena *a,
		      struct feedback_row **items, size_t *n);
/* The number of items matching q (paging ignored). */
int feedback_row_count(struct db *db, const struct feedback_query *q, int64_t *total);
/* feedback_row_list() and feedback_row_count() together; with a search in
 * one pass over the index (the page never goes past the
 * SEARCH_MAX_RESULTS-th item, *total is at most SEARCH_MAX_RESULTS + 1). */
int feedback_row_page(struct db *db, const struct feedback_query *q, struct arena *a,
		      struct feedback_row **items, size_t *n, int64_t *total);
/* Counts per status of the items matching q with its status_mask ignored:
 * exact when feedback_tally_covers(q) (from the tally, below); otherwise
 * unsearched counts are capped like feedback_row_count (FEEDBACK_COUNT_CAP)
 * and searched ones bounded as said above. */
int feedback_row_count_by_status(struct db *db, const struct feedback_query *q,
				 int64_t counts[FB_STATUS_COUNT]);

/*
 * The tally (migrations/sqlite/0007_tally.sql): counters kept by triggers
 * on `feedback`, in the same transaction as every write, of the items per
 * (coalesce(unit_id, intake_unit_id), unit_id set or not, created_by,
 * status) and per the same with category and channel. From them a count
 * per status costs a SUM over a few rows per scope unit, and is exact.
 *
 * feedback_tally_covers() is 1 when the tally answers q: any scope (units
 * and/or recording account, up to the list functions' limit), category_id,
 * unit_id, channel, status_mask (ignored by counts per status); 0 when q
 * has a filter it does not keep: a search with a match, public_only,
 * overdue, a due-date window (due_to), received_from/received_to. Sort
 * and paging never matter.
 *
 * feedback_tally_by_status() fills counts[] with the exact number of items
 * matching q per status (status_mask ignored) and returns DB_OK; it
 * returns FEEDBACK_TALLY_CANNOT (positive, counts[] untouched) when
 * !feedback_tally_covers(q), a negative enum db_rc on error (counts[] then
 * zero). Scope unit ids are positive, as unit ids are.
 */
#define FEEDBACK_TALLY_CANNOT 1
int feedback_tally_covers(const struct feedback_query *q);
int feedback_tally_by_status(struct db *db, const struct feedback_query *q,
			     int64_t counts[FB_STATUS_COUNT]);

/*
 * THE DASHBOARD'S COUNTERS. Both functions below read only q's scope
 * (use_scope, scope, nscope, scope_creator: items of those units, or
 * recorded by that account; use_scope 0: every item); every other filter
 * of q is ignored. Rows are an arena array in no particular order, and a
 * key may come more than once (from the units' branch and the recording
 * account's, or per recording account): callers add them up.
 *
 * feedback_tally_days(): from the tally of migrations/sqlite/0013 (exact,
 * kept by triggers), the items received on the Vietnam days
 * [from_day, to_day) per (scope unit, category, day, lag), lag being the
 * days from receipt to the answer (-1 while unanswered), with how many of
 * them were answered on time (no due date, or answered_at <= due_at). Cost:
 * the rows of those days, a few per unit and day, however many items.
 */
struct feedback_day_row {
	int64_t unit_id;              /* coalesce(unit_id, intake_unit_id); 0 for neither */
	int64_t category_id;
	int64_t day;                  /* Vietnam day of receipt (core/timefmt.h vn_day_of) */
	int lag;                      /* answer day - day (0 when earlier); -1: not answered */
	int64_t n, on_time;
};
int feedback_tally_days(struct db *db, const struct feedback_query *q, int64_t from_day, int64_t to_day,
			struct arena *a, struct feedback_day_row **rows, size_t *n);

/*
 * feedback_tally_months(): from the same migration's monthly counters,
 * the items received in the Vietnam months [from_month, to_month)
 * (year * 12 + month - 1) per scope unit and month: received, answered and
 * answered on time. A few rows per unit and month.
 */
struct feedback_month_row {
	int64_t unit_id;
	int64_t month;                /* year * 12 + month - 1 */
	int64_t n, answered, on_time;
};
int feedback_tally_months(struct db *db, const struct feedback_query *q, int64_t from_month, int64_t to_month,
			  struct arena *a, struct feedback_month_row **rows, size_t *n);

/*
 * feedback_open_figures(): the open items (received or assigned) per
 * (scope unit, category), exact: `open` from the tally of 0007_tally.sql,
 * `overdue` (due_at < now) and `due_soon` (now <= due_at <= soon) from the
 * due tally of 0013 (open items per due day) for the days before and after
 * today, and from the due-order index (0009_inbox_due.sql) for the items
 * due today. `soon` must be the last second of a Vietnam day (as the
 * dashboard's "due within N working days" is). Cost: the tally rows of the
 * scope (units x categories x due days) and one day of due items; no
 * item is read.
 */
struct feedback_open_row {
	int64_t unit_id, category_id;
	int64_t open, overdue, due_soon;
};
int feedback_open_figures(struct db *db, const struct feedback_query *q, int64_t now, int64_t soon,
			  struct arena *a, struct feedback_open_row **rows, size_t *n);

/* The items merged into `id`: an arena array of their rows. */
int feedback_row_merged_into(struct db *db, int64_t id, struct arena *a, struct feedback_row **items,
			     size_t *n);

/* --- contacts ------------------------------------------------------------- */

struct feedback_contact {
	const char *name, *phone, *email;  /* NULL when not given */
};

/* Store the contact of an item (at least one field). */
int feedback_contact_insert(struct db *db, int64_t feedback_id, const struct feedback_contact *c);
/* Many contacts with multi-row statements (a bulk load: app/feedback_demo.c). */
struct feedback_contact_row {
	int64_t feedback_id;
	struct feedback_contact c;
};
int feedback_contacts_insert_many(struct db *db, const struct feedback_contact_row *c, size_t n);
/* DB_NOTFOUND when the item has no contact. */
int feedback_contact_get(struct db *db, int64_t feedback_id, struct arena *a,
			 struct feedback_contact *out);
/* 1 when the item has contact data, 0 when not, negative on error. */
int feedback_contact_exists(struct db *db, int64_t feedback_id);

/* --- timeline ------------------------------------------------------------- */

struct feedback_event {
	int64_t id, feedback_id, at;
	enum feedback_event_type type;
	int64_t actor_id;                  /* 0 for a citizen or the system */
	const char *actor_name;            /* display name (reads), NULL for none */
	int64_t unit_id;                   /* the unit concerned (new unit of an assign...) */
	const char *unit_code, *unit_name; /* joined (reads) */
	int public;
	enum feedback_status status_before, status_after;
	const char *text;                  /* reason, note... or NULL */
	const char *extra;                 /* small JSON object or NULL */
};

int feedback_event_insert(struct db *db, const struct feedback_event *e, int64_t *id);

/*
 * PostgreSQL only: n new items written with one statement, each with its
 * contact (NULL: none) and its first timeline event (its feedback_id is
 * the new item's), as feedback_row_insert(), feedback_contact_insert() and
 * feedback_event_insert() would; the roll-ups count them once per
 * statement (migrations/postgresql/0034). ids[i] receives the id of
 * items[i]; ids and event ids ascend in the items' order. DB_OK;
 * DB_CONSTRAINT when a code was taken (by an item or by another of them):
 * then not all are written and the caller rolls back; DB_ERROR.
 */
struct feedback_new {
	const struct feedback_row *row;
	const struct feedback_contact *contact;
	const struct feedback_event *event;
};
int feedback_row_insert_many(struct db *db, const struct feedback_new *items, size_t n, int64_t *ids);
/* Many events in their order (their ids as n feedback_event_insert() would
 * give), with multi-row statements: a bulk load (app/feedback_demo.c). */
int feedback_events_insert_many(struct db *db, const struct feedback_event *e, size_t n);
/* The timeline of an item, oldest first; only public events when
 * public_only. */
int feedback_event_list(struct db *db, int64_t feedback_id, int public_only, struct arena *a,
			struct feedback_event **items, size_t *n);

/* --- answers -------------------------------------------------------------- */

enum feedback_result {
	FB_RESULT_RESOLVED = 0,       /* "resolved": đã giải quyết */
	FB_RESULT_PARTLY,             /* "partly_resolved": giải quyết một phần */
	FB_RESULT_EXPLAINED,          /* "explained": giải thích, trả lời */
	FB_RESULT_REFERRED,           /* "referred": hướng dẫn gửi cơ quan có thẩm quyền */
	FB_RESULT_COUNT
};
const char *feedback_result_name(enum feedback_result r);
int feedback_result_parse(const char *name, enum feedback_result *out);
const char *feedback_result_label(enum feedback_result r);

struct feedback_answer {
	int64_t id, feedback_id, unit_id;
	const char *unit_code, *unit_name;  /* joined (reads) */
	enum feedback_result result;
	const char *basis;                  /* law or decision; NULL when none */
	const char *next_steps;             /* NULL when none */
	const char *text;
	int64_t drafted_by, drafted_at;
	int64_t approved_by, published_at;  /* 0 while a draft */
};

/* An item's answers are store/answer.h rows of owner FEEDBACK_OWNER;
 * these two read and write them with feedback's result enum. */
int feedback_answer_insert(struct db *db, const struct feedback_answer *ans, int64_t *id);
/* The latest answer of an item; with published_only the latest published
 * one. DB_NOTFOUND when there is none. */
int feedback_answer_latest(struct db *db, int64_t feedback_id, int published_only, struct arena *a,
			   struct feedback_answer *out);

/* The default intake desk for items that name no unit: the open root unit
 * of the tree (the lowest id when there are several). DB_NOTFOUND when the
 * tree is empty. */
int feedback_default_unit(struct db *db, int64_t *unit_id);

/* --- reorganisation ------------------------------------------------------- */

/*
 * Move the open work of a unit that a merge, split or import closes to its
 * successor: items being handled by from_unit (status received, assigned or
 * answered) get unit_id = to_unit, and received items waiting at its intake
 * desk get intake_unit_id = to_unit. Each item moved gets a public
 * "transfer" event and an audit entry "feedback.move" (object the item's
 * code, summary {"from":..,"to":..}). Published, closed, rejected and merged
 * items stay with the unit that handled them, so reports over past periods
 * still add up. Adds the number of items moved to *moved (when not NULL).
 * Runs inside the caller's write transaction; called from
 * unit_move_open_work() in store/unit.c.
 */
int feedback_move_open_work(struct db *db, const struct audit_actor *actor, int64_t from_unit_id,
			    int64_t to_unit_id, int64_t now, size_t *moved);

/* Counts of unsearched lists (feedback_row_count) are exact up to this
 * many; beyond it they answer FEEDBACK_COUNT_CAP + 1, meaning "more". */
#define FEEDBACK_COUNT_CAP 10000

#endif
