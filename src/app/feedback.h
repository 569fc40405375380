/*
 * feedback.h - the workflow of citizens' feedback and petitions (phản ánh,
 * kiến nghị): what the web pages and the JSON API call. Sending an item,
 * looking it up as a citizen or as an officer, moving it through the status
 * machine (app/fbstate.h), rating the answer, the public list, the officer
 * inbox, the dashboard and attachments. The rules are in docs/feedback.md;
 * the implementation is split by concern (app/feedback_*.c, sharing the
 * internal app/feedback_int.h, which callers never include).
 *
 * CONTEXT. Every call takes the `struct app_ctx` of app/ctx.h that the
 * caller fills per request: the database connection, the working-day
 * calendar (read only), an arena that receives every string and array of
 * the results (they live until arena_release), the audit actor (account_id
 * 0 and name "citizen" for people without an account) and the clock `now`
 * (UTC seconds; pass time(NULL); tests pass a fake one). Audit entries
 * carry the real time of writing.
 *
 * TRANSACTIONS. Every change is ONE transaction of its own: the change, its
 * timeline event and its audit entry commit together or not at all, and
 * the function returns only after the commit (durable: synchronous=FULL).
 * So do not call these inside a transaction. Reads run without one, except
 * feedback_get_for_officer() with contact data, which writes its
 * "view_contact" audit entry.
 *
 * RESULTS. Functions return FEEDBACK_OK (0) or a negative enum feedback_rc,
 * each with a stable API code and HTTP status (feedback_rc_code(),
 * feedback_rc_http()). FEEDBACK_VALIDATION fills `struct app_errors`
 * with field -> Vietnamese message pairs ready for the form or the JSON
 * "fields" object; on any failure nothing was written.
 *
 * PRIVACY. Public views never contain contact data, internal notes, drafts,
 * evidence files or who did what; a private item (public = 0) answers
 * FEEDBACK_NOT_FOUND to anyone who is neither its sender (with the secret)
 * nor an officer whose role reaches it, so its existence is not revealed.
 * Contact data is read only by officers holding FBSTATE_CONTACT_ROLES in the
 * handling unit or an ancestor, only on request, and every read is audited
 * as "view_contact".
 *
 * THREADS. Functions share no state: any number of threads may call them,
 * each with its own ctx (its own connection and arena).
 */
#ifndef DANVAN_APP_FEEDBACK_H
#define DANVAN_APP_FEEDBACK_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"
#include "app/trackcode.h"
#include "core/calendar.h"
#include "store/attachment.h"
#include "store/feedback.h"

struct arena;
struct audit_actor;
struct calendar;
struct db;

/* Field limits, in characters (code points of the NFC text). */
#define FEEDBACK_TITLE_MIN 5
#define FEEDBACK_TITLE_MAX 200
#define FEEDBACK_BODY_MIN 10
#define FEEDBACK_BODY_MAX 10000
#define FEEDBACK_PLACE_MAX 300
#define FEEDBACK_NAME_MAX 100
#define FEEDBACK_EMAIL_MAX 254
#define FEEDBACK_NOTE_MAX 5000
#define FEEDBACK_REASON_MIN 5
#define FEEDBACK_REASON_MAX 2000
#define FEEDBACK_ANSWER_MIN 10
#define FEEDBACK_ANSWER_MAX 10000
#define FEEDBACK_BASIS_MAX 1000
#define FEEDBACK_COMMENT_MAX 1000
#define FEEDBACK_EXTEND_MAX 30      /* working days one extension may add */
#define FEEDBACK_BACKDATE_MAX (366 * 86400) /* how far back an officer may date a recorded item */
#define FEEDBACK_DUE_SOON_DAYS 3    /* "due soon": within this many working days */
#define FEEDBACK_PER_PAGE_MAX 100
/* How deep a list goes: a page must start among its first
 * FEEDBACK_LIST_DEPTH items (the unsearched counts' cap, store/feedback.h),
 * or among the first SEARCH_MAX_RESULTS with a search (store/search.h);
 * a page starting beyond is refused with FEEDBACK_PAGE_RANGE, so that no
 * request makes the database skip more entries than a list can show.
 * With per_page 20 the last page is 500, with 100 it is 100. */
#define FEEDBACK_LIST_DEPTH FEEDBACK_COUNT_CAP
#define FEEDBACK_MERGE_DEPTH 16     /* longest chain of merges followed */

/* The outcomes of app/result.h, under the names this domain has used. */
enum feedback_rc {
	FEEDBACK_OK = APP_OK,
	FEEDBACK_ERROR = APP_ERROR,                           /* 500 internal, logged */
	FEEDBACK_NOT_FOUND = APP_NOT_FOUND,                   /* 404: no such item, or one the caller may not see */
	FEEDBACK_FORBIDDEN = APP_FORBIDDEN,                   /* 403: seen, but the caller's roles do not allow it */
	FEEDBACK_INVALID_TRANSITION = APP_INVALID_TRANSITION, /* 409: the status does not allow the event */
	FEEDBACK_VALIDATION = APP_VALIDATION,                 /* 422 validation_failed, with fields */
	FEEDBACK_CONFLICT = APP_CONFLICT,                     /* 409: already rated, already extended... */
	FEEDBACK_TOO_LARGE = APP_TOO_LARGE,                   /* 413: a file above ATTACHMENT_MAX_BYTES */
	FEEDBACK_UNSUPPORTED = APP_UNSUPPORTED,               /* 415: not JPEG/PNG/WebP/GIF/PDF */
	FEEDBACK_BUSY = APP_BUSY,                             /* 503: the submission queue is full or stopping */
	FEEDBACK_PAGE_RANGE = APP_PAGE_RANGE,                 /* 422 page_out_of_range: beyond what the list shows
	                                                         (FEEDBACK_LIST_DEPTH); pages answer 404 */
};

/* "not_found", "forbidden", "invalid_transition", "validation_failed",
 * "conflict", "too_large", "unsupported_media_type", "unavailable",
 * "page_out_of_range", "internal"; NULL for FEEDBACK_OK. */
const char *feedback_rc_code(int rc);
/* 200, 404, 403, 409, 422, 413, 415, 503 or 500 (page_out_of_range: 422). */
int feedback_rc_http(int rc);
/* A Vietnamese sentence for a page ("Không tìm thấy phản ánh."). */
const char *feedback_rc_message(int rc);

/* Field errors are the app/result.h container (struct app_errors): field ->
 * message pairs, fields the API's JSON names ("title", "contact.phone",
 * "unit", "into", "score", ...), messages static Vietnamese sentences. */

/* --- sending ------------------------------------------------------------ */

/* A file sent with an item, or as evidence: its bytes as received (borrowed:
 * they must stay valid until the item is inserted or the call returns) and
 * the name the sender declared (cleaned when stored, may be NULL). Files are
 * stored only with the item or the evidence that carries them; there is no
 * separate upload, and no token a client could use to name stored bytes. */
struct feedback_file {
	const void *data;
	size_t len;
	const char *filename;
};

/*
 * What a sender fills in. Strings are NUL-terminated UTF-8 as received
 * (they are validated and cleaned here); NULL or "" means not given.
 */
struct feedback_input {
	const char *title;           /* required, FEEDBACK_TITLE_MIN..MAX characters */
	const char *body;            /* required, FEEDBACK_BODY_MIN..MAX */
	const char *category;        /* required: the code of an active category */
	const char *place;           /* optional, up to FEEDBACK_PLACE_MAX */
	int has_geo;                 /* lat/lon given: both, in range */
	double lat, lon;
	int is_private;              /* 1: only the sender and the officers see it (API "public": false) */
	enum feedback_channel channel; /* web/api for everyone; the others only for officers
	                                  holding FBSTATE_RECORD_ROLES in the receiving unit */
	const char *unit;            /* optional: code of the unit whose desk receives it; default:
	                                an officer's first unit with a recording role, else the root */
	const char *contact_name;    /* optional, up to FEEDBACK_NAME_MAX */
	const char *contact_phone;   /* optional: Vietnamese number, stored as 0 and 9 digits */
	const char *contact_email;   /* optional */
	const struct feedback_file *files; /* up to ATTACHMENT_MAX_PER_ITEM */
	size_t nfiles;
	int64_t received_at;         /* officers recording an off-line petition: when it was
	                                received (0 = now; at most FEEDBACK_BACKDATE_MAX back) */
	int64_t meeting_id;          /* raised at this meeting (app/meeting.h sets it), 0: none */
	int64_t booking_id;          /* raised at this reception booking, 0: none */
};

/* What the sender gets back: the tracking code and the secret (shown once,
 * never stored in clear). */
struct feedback_receipt {
	int64_t id;
	char code[TRACKCODE_BUFSZ];
	char secret[TRACKCODE_SECRET_BUFSZ];
	int64_t received_at;
	int64_t due_at;              /* 0 when the calendar cannot say */
};

/*
 * A validated submission ready to insert: the output of
 * feedback_prepare(), the input of feedback_insert_prepared(). Strings
 * point into the ctx arena of feedback_prepare().
 */
struct feedback_prepared {
	struct feedback_row row;
	int has_contact;
	struct feedback_contact contact;
	size_t nfiles;                /* distinct files (the same bytes twice are kept once) */
	struct attachment_blob files[ATTACHMENT_MAX_PER_ITEM]; /* checked and hashed; bytes borrowed
	                                 from the input until feedback_insert_prepared() */
	const char *file_names[ATTACHMENT_MAX_PER_ITEM];
	char secret[TRACKCODE_SECRET_BUFSZ];
	unsigned intake_roles;       /* the recording officer's roles (for the audit summary) */
};

/*
 * Validate and clean a submission (reads the database, writes nothing):
 * texts cleaned (core/vntext.h), the category, unit and files resolved,
 * the due date computed from the category's deadline with the calendar
 * (received day + N working days, the first day not counted; see
 * docs/feedback.md), a new tracking code and secret drawn. Returns
 * FEEDBACK_OK, FEEDBACK_VALIDATION (all problems at once in *errs),
 * FEEDBACK_FORBIDDEN (an off-line channel without a recording role) or
 * FEEDBACK_ERROR.
 */
int feedback_prepare(const struct app_ctx *ctx, const struct feedback_input *in,
		     struct feedback_prepared *out, struct app_errors *errs);

/*
 * Insert a prepared submission inside the caller's write transaction: the
 * item, its contact, its files, the "submit" timeline event and the audit
 * entry "feedback.submit" (no personal data in it). A tracking code that is
 * already taken is replaced by a new one (p->row.code changes). Fills
 * *out. Returns FEEDBACK_OK or FEEDBACK_ERROR (the caller rolls back, to a
 * savepoint in app/submit).
 */
int feedback_insert_prepared(struct db *db, const struct audit_actor *actor,
			     struct feedback_prepared *p, struct feedback_receipt *out);

/*
 * PostgreSQL only: feedback_insert_prepared() of n submissions in their
 * order with two statements (the items with their events and contacts,
 * then their audit entries) and the files' own writes; actors[i] NULL is
 * the citizen, outs[i] may be NULL.
 * Nothing is retried: a taken tracking code or any other failure returns
 * FEEDBACK_ERROR, and the caller rolls the transaction back and inserts
 * them one by one (app/submit.c). FEEDBACK_ERROR on SQLite.
 */
int feedback_insert_prepared_many(struct db *db, size_t n, const struct audit_actor *const *actors,
				  struct feedback_prepared *const *ps, struct feedback_receipt *const *outs);

/*
 * Send an item: feedback_prepare() then feedback_insert_prepared() in one
 * transaction, committed before returning. The synchronous path for the
 * command line and the demo; the server uses submit_feedback() of
 * app/submit.h, which does the same with group commit.
 */
int feedback_submit(const struct app_ctx *ctx, const struct feedback_input *in,
		    struct feedback_receipt *out, struct app_errors *errs);

/* Validate and normalise a Vietnamese phone number ("0912 345 678",
 * "+84 912.345.678" -> "0912345678"): 0 with the number in out, -1 when it
 * is not 10 or 11 digits starting with 0 (after +84 -> 0). */
int feedback_phone_normalise(const char *in, char out[16]);
/* 1 when `email` looks like a deliverable address (one '@', a dotted
 * domain, no spaces, at most FEEDBACK_EMAIL_MAX bytes), else 0. */
int feedback_email_valid(const char *email);

/* --- reading one item ------------------------------------------------------ */

/* Another item merged into the one viewed (officer view). Its title only
 * when it is public or the viewer's roles reach it; its contact only when
 * asked for and the viewer holds FBSTATE_CONTACT_ROLES in ITS unit (each
 * such read audited as "view_contact"). */
struct feedback_related {
	const char *code;
	const char *title;            /* NULL when the viewer may not see it */
	int64_t received_at;
	int has_contact;
	int contact_shown;
	struct feedback_contact contact;
};

/*
 * One item as its viewer may see it. Absent values are NULL or 0.
 */
struct feedback_view {
	int64_t id;
	const char *code;
	const char *title, *body;     /* public view: the redacted text when redacted;
	                                 officer view: the original */
	const char *category_code, *category_name, *legal_basis;
	int deadline_amount;
	enum cal_unit deadline_unit;
	enum feedback_status status;
	enum feedback_channel channel;
	int public;
	int64_t meeting_id;           /* raised at this meeting (app/meeting.h), 0: none */
	const char *place;            /* public view: the redacted place when redacted */
	int has_geo;                  /* public view: 0 when the place is redacted */
	double lat, lon;
	int64_t received_at, due_at, answered_at, published_at, closed_at;
	int due_extended;
	int overdue;                  /* received/assigned and now > due_at */
	const char *unit_code, *unit_name;   /* handling unit */
	const char *merged_into_code; /* merged: the item followed instead (end of the chain),
	                                 NULL when merged_hidden */
	int merged_hidden;            /* merged into an item this viewer may not see (private,
	                                 and no role reaching it): neither its code, text nor
	                                 answer is in the view */
	int merged_answered;          /* merged_hidden and that item has a published answer */
	int has_answer;               /* the latest published answer (a merged item shows
	                                 the one of the item it follows, unless merged_hidden) */
	struct feedback_answer answer;
	int rating;                   /* 1..5, 0 when not rated */
	const char *rating_comment;
	int64_t rated_at;
	int is_sender;                /* the right secret was given */
	int can_rate;                 /* is_sender, published or closed, not rated yet */
	struct feedback_event *events; /* public view: public events only, without actor
	                                  names; officer view: all */
	size_t nevents;
	struct attachment *files;     /* public view: submission files (none when redacted);
	                                 officer view: all; bytes not loaded */
	size_t nfiles;

	/* officer view only (officer = 1) */
	int officer;
	unsigned roles;               /* the viewer's ROLE_* reaching the item */
	unsigned allowed_events;      /* bit (1u << event): what the viewer may do now */
	const char *redacted_title, *redacted_body; /* the public versions, when redacted */
	const char *redacted_place;   /* the public place, when redacted (the public view then
	                                 shows it instead of the place, and no map point) */
	const char *intake_unit_code, *intake_unit_name;
	int64_t created_by;
	int has_draft;                /* the latest answer when not yet published */
	struct feedback_answer draft;
	int has_contact;              /* the sender left contact data */
	int contact_shown;            /* it is in `contact` (asked for, allowed, audited) */
	struct feedback_contact contact;
	struct feedback_related *merged; /* items merged into this one */
	size_t nmerged;
};

/*
 * The public view of an item by code (as typed: trackcode_parse()
 * rules) and optional secret. NOT_FOUND for a malformed or unknown code,
 * and for a private item without the right secret.
 */
int feedback_get_public(const struct app_ctx *ctx, const char *code, const char *secret,
			struct feedback_view *out);

/*
 * The officer view, for ctx->actor->account_id. NOT_FOUND when there is
 * no such item, or it is private and no role of the account reaches it;
 * FORBIDDEN when it is public but no role reaches it (callers then show
 * feedback_get_public()). The creator of an item it recorded gets the
 * officer view without contact data even outside the unit. With
 * with_contact and a role in FBSTATE_CONTACT_ROLES, the contact data of
 * the item, and of each item merged into it whose own unit the viewer
 * holds such a role in, is read, with one "view_contact" audit entry per
 * item shown, committed with the read (FEEDBACK_ERROR if that fails: no
 * audit, no data).
 */
int feedback_get_for_officer(const struct app_ctx *ctx, const char *code, int with_contact,
			     struct feedback_view *out);

/*
 * What GET /api/v1/feedback/{code} answers: for an officer
 * (actor->account_id != 0) the officer view when a role reaches the item,
 * else (and for citizens) the public view with `secret`.
 */
int feedback_get(const struct app_ctx *ctx, const char *code, const char *secret,
		 int with_contact, struct feedback_view *out);

/* --- the workflow ------------------------------------------------------- */

/*
 * An officer's event on an item (POST /api/v1/feedback/{code}/events).
 * Which fields each type reads:
 *   assign    unit (required), text (optional note)
 *   transfer  unit (required, another unit), text (optional reason)
 *   reject    text: the reason (required, shown to the sender)
 *   note      text (required, internal)
 *   answer    text (required), result ("resolved", "partly_resolved",
 *             "explained" (default), "referred"), basis, next_steps
 *   publish   -
 *   extend    days (1..FEEDBACK_EXTEND_MAX working days), text: the reason
 *             (required); once per item
 *   merge     into: the code of the item to follow (required); the actor
 *             needs a merging role (fbstate_roles(FB_EV_MERGE)) over the
 *             followed item's unit too (else FORBIDDEN, field "into")
 *   reopen    text: the reason (required), unit (optional: else the
 *             handling unit, else the intake unit)
 *   close     text (optional)
 *   redact    title, body and/or place: the public versions (a place equal
 *             to the original is no change); text: the reason (required).
 *             A redacted place also hides the map point from the public
 *   rate      never: use feedback_rate()
 * In the JSON API the reason of reject, extend and reopen is sent as
 * "reason" and the text of note and answer as "text": both go to `text`.
 */
struct feedback_action {
	enum feedback_event_type type;
	const char *unit;
	const char *text;
	const char *into;
	int days;
	const char *result, *basis, *next_steps;
	const char *title, *body;
	const char *place;            /* redact: the public place */
};

/*
 * Apply an event for ctx->actor. Checks, in order: the item exists and the
 * actor's roles reach it (NOT_FOUND, or FORBIDDEN for a public item);
 * the actor holds a role that may cause the event (FORBIDDEN); the status
 * allows it (INVALID_TRANSITION); the fields (VALIDATION, or CONFLICT for
 * a second extension). Then, in one transaction: the item's new state, a
 * timeline event (public or internal per fbstate_event_public()), an audit
 * entry "feedback.<event>" with the status before and after. On any
 * failure nothing changed. Effects beyond the status are in
 * docs/feedback.md (due dates on extend and reopen, merge chains, ...).
 */
int feedback_apply_event(const struct app_ctx *ctx, const char *code,
			 const struct feedback_action *act, struct app_errors *errs);

/*
 * The sender rates the answer: score 1..5, optional comment. NOT_FOUND for
 * an unknown code or (private item) a wrong secret; FORBIDDEN for a public
 * item with a wrong or missing secret; INVALID_TRANSITION unless published
 * or closed; CONFLICT when already rated (once only); VALIDATION for the
 * score or comment.
 */
int feedback_rate(const struct app_ctx *ctx, const char *code, const char *secret, int score,
		  const char *comment, struct app_errors *errs);

/* --- lists ----------------------------------------------------------------- */

/* One line of a list. title is the public (redacted) text in public lists. */
struct feedback_summary {
	const char *code;
	const char *title;
	const char *excerpt;          /* the first ~200 characters of the body */
	const char *category_code, *category_name;
	enum feedback_status status;
	enum feedback_channel channel;
	int public;
	const char *unit_code, *unit_name;
	const char *place;
	int64_t received_at, due_at, published_at;
	int overdue;
	/* With a search (feedback_page.searched), the title and a snippet of the
	 * body as HTML with the matched words in <mark>, diacritics intact,
	 * every character escaped (app/search.h): print them raw, instead of
	 * title and excerpt. NULL without a search. */
	const char *title_html;
	const char *snippet_html;
};

struct feedback_page {
	struct feedback_summary *items;
	size_t n;
	int64_t page, per_page, total;
	int searched;                 /* q held words: items are search results, best first */
	int total_capped;             /* a search matched more than SEARCH_MAX_RESULTS items
	                                 (store/search.h), or a list more than
	                                 FEEDBACK_COUNT_CAP (store/feedback.h): total is that
	                                 bound ("hơn 1.000"), and pages go no further */
};

/* Filters of the public list; zero values mean "any". Unknown codes give
 * an empty page. */
struct feedback_public_filter {
	int status;                   /* 1 + FB_PUBLISHED or FB_CLOSED; 0 = both */
	const char *category;         /* category code */
	const char *unit;             /* handling unit code */
	const char *q;                /* what a person typed (store/search.h): all its words,
	                                 case, accents, đ and tone placement ignored,
	                                 "quoted phrases", the last word a prefix. Results
	                                 are then ranked best first (bm25, then id). Text
	                                 with no word in it means no search; text that is
	                                 not UTF-8 gives an empty page. */
	int64_t received_from;        /* received in [received_from, received_to) (UTC */
	int64_t received_to;          /* seconds; 0 = open; feedback_period() gives them) */
	int64_t page;                 /* from 1; a page beyond FEEDBACK_LIST_DEPTH items
	                                 (SEARCH_MAX_RESULTS with words in q) gives
	                                 FEEDBACK_PAGE_RANGE */
	int64_t per_page;             /* 1..FEEDBACK_PER_PAGE_MAX, default 20 */
};

/* Public, published or closed items, newest answer first (ties by id, so
 * pages are stable), or with words in q the matching ones, best match
 * first (ties by id); with the total. Search sees only the public text (the
 * redacted version of a redacted item), never contact data.
 * FEEDBACK_PAGE_RANGE for a page beyond the list's depth (nothing read). */
int feedback_list_public(const struct app_ctx *ctx, const struct feedback_public_filter *f,
			 struct feedback_page *out);

struct feedback_inbox_filter {
	int status;                   /* 1 + enum feedback_status; 0 = any */
	const char *category;
	const char *unit;             /* handling unit code */
	int channel;                  /* 1 + enum feedback_channel; 0 = any */
	int overdue;                  /* only overdue items */
	int due_this_week;            /* only open items due from now to Sunday 24:00 */
	int due_soon;                 /* only open items due within FEEDBACK_DUE_SOON_DAYS working days */
	enum feedback_sort sort;      /* default FB_SORT_NEWEST; with words in q the default
	                                 becomes FB_SORT_RELEVANCE (best match first) */
	const char *q;                /* as in feedback_public_filter; officers' searches
	                                 also find the original words of redacted items */
	int64_t received_from;        /* received in [received_from, received_to); 0 = open */
	int64_t received_to;
	int64_t page, per_page;       /* as in feedback_public_filter (FEEDBACK_PAGE_RANGE) */
	int skip_overdue;             /* 1: leave feedback_inbox.overdue 0 (a caller that does
	                                 not show it saves a count of up to 10,001 entries) */
};

struct feedback_inbox {
	struct feedback_page page;
	int64_t counts[FB_STATUS_COUNT]; /* per status, other filters applied */
	int64_t overdue;                 /* overdue items in scope (other filters ignored) */
};

/*
 * The officer's inbox: items whose handling unit (or, unassigned, intake
 * unit) is one the account's roles reach (app/perm.h perm_units, closed
 * units included), plus the items it recorded itself.
 */
int feedback_inbox(const struct app_ctx *ctx, const struct feedback_inbox_filter *f,
		   struct feedback_inbox *out);

/* --- dashboard ------------------------------------------------------------- */

struct feedback_stats {
	int64_t received;             /* items received in the period */
	int64_t open;                 /* now received or assigned (any period) */
	int64_t overdue;              /* open and past due now */
	int64_t due_soon;             /* open, due within FEEDBACK_DUE_SOON_DAYS working days */
	int64_t answered;             /* received in the period and answered */
	int64_t answered_on_time;     /* ... with answered_at <= due_at */
	double on_time_pct;           /* 100 * answered_on_time / answered; 0 when none */
	double avg_days;              /* mean working days from receipt to answer; 0 when none */
};

struct feedback_stats_group {
	int64_t id;
	const char *code, *name;
	struct feedback_stats s;
};

#define FEEDBACK_DASHBOARD_MONTHS 12

struct feedback_dashboard_month {
	int year, month;
	struct feedback_stats s;      /* received, answered, answered_on_time and on_time_pct
	                                 of the items received that month (avg_days is 0: the
	                                 chart does not show it); current figures as `all` */
};

struct feedback_dashboard {
	int64_t from, to;
	struct feedback_stats all;
	struct feedback_stats_group *by_unit;      /* sorted by code; units with items open or
	                                              received in the period */
	size_t nunits;
	struct feedback_stats_group *by_category;  /* sorted by the category order */
	size_t ncategories;
	int64_t statuses[FB_STATUS_COUNT];         /* items in reach per status, now */
	struct feedback_dashboard_month months[FEEDBACK_DASHBOARD_MONTHS]; /* the last twelve
	                                              calendar months (Vietnam), oldest first,
	                                              the current one last */
};

/* The period [from, to) named "week", "month", "quarter", "year" (the
 * current one, Vietnam time) or "30d", "90d", "365d" (that many Vietnam
 * days, today the last). Bounds are the starts of Vietnam days. 0 or -1
 * for an unknown name. */
int feedback_period(const char *name, int64_t now, int64_t *from, int64_t *to);

/*
 * Figures over the items the account's roles reach: period figures over
 * items received in [from, to) (whole Vietnam days: from the day of `from`
 * up to the day before the one `to` falls in, when `to` starts a day; 0 for
 * `from`: since the beginning), current ones (open, overdue, due soon)
 * over all; grouped by handling unit (else intake unit) and by category;
 * the count per status and the last twelve months. All exact, from
 * counters kept by triggers (0007_tally.sql, 0013_tally_period.sql) and
 * the due-order index; the cost does not grow with the number of items
 * (store/feedback.h feedback_tally_days, feedback_open_figures).
 */
int feedback_dashboard(const struct app_ctx *ctx, int64_t from, int64_t to,
		       struct feedback_dashboard *out);

/* --- attachments ------------------------------------------------------------ */

/*
 * Check one file before anything is stored: FEEDBACK_OK, FEEDBACK_TOO_LARGE
 * (above ATTACHMENT_MAX_BYTES) or FEEDBACK_UNSUPPORTED (empty, or not JPEG,
 * PNG, WebP, GIF or PDF by its bytes). Pure; feedback_prepare() and
 * feedback_attach_evidence() check again, so this is for early messages.
 */
int feedback_file_check(const struct feedback_file *file);

/* An officer adds `n` evidence files (internal) to an item, all or none,
 * stored in one transaction with their timeline events: needs a role that
 * may add notes; FORBIDDEN/NOT_FOUND as feedback_apply_event(); VALIDATION
 * ("files") for no file, a refused file (type, size) or more than
 * ATTACHMENT_MAX_PER_ITEM files on the item in all; CONFLICT when the item
 * already holds one of these files. Audited "feedback.attach" per file. */
int feedback_attach_evidence(const struct app_ctx *ctx, const char *code,
			     const struct feedback_file *files, size_t n, struct app_errors *errs);

/*
 * One file of an item with its bytes, if the viewer may see it: officers
 * whose roles reach the item see every file; the sender (right secret) the
 * submission files; anyone the submission files of a public item that is
 * not redacted. Otherwise NOT_FOUND.
 */
int feedback_attachment_get(const struct app_ctx *ctx, const char *code, const char *secret,
			    int64_t file_id, struct attachment *out);

/* --- demo ------------------------------------------------------------------ */

/*
 * Generate n realistic items for `danvan demo`, deterministically from
 * `seed`: spread over the last three years before ctx->now, over the open
 * units of the tree and the active categories, in every status (with
 * assignments, drafts, published answers, extensions, merges, rejections
 * and ratings on the timeline), Vietnamese titles, bodies and places.
 * Requires categories and at least one unit; uses accounts holding roles
 * as the officers acting. Idempotent: does nothing when the database
 * already holds items. One transaction (on PostgreSQL one per 2,000 items), audited per item. *made (may be
 * NULL) receives the number inserted. Returns 0, or a negative
 * feedback_rc with a message in err.
 */
int feedback_demo_generate(const struct app_ctx *ctx, int n, uint64_t seed, int *made,
			   char *err, size_t errlen);

#endif
