/*
 * consultation.h - consultations on drafts (góp ý dự thảo): the rules.
 * A drafting unit (leader or admin of the unit) publishes a draft for a
 * period at least as long as its kind's minimum (legal rule in force on
 * the opening day, store/legal_rule.h); the text is split into parts
 * (core/draftparts.h) that keep their ids across versions while their
 * label survives. Citizens comment without an account, organisations
 * (units of kind front, women, youth, veterans, farmers, trade_union)
 * through their officers, and officers of the drafting unit record the
 * comments of conferences, writings and letters. The drafting unit
 * (leader, admin or handler) replies to every comment, may hide one from
 * the public with a reason and group near-duplicates under one reply; a
 * leader publishes the report after closing once every comment has a
 * reply, and records sending it to the Front.
 * STATUS follows the clock: upcoming -> open -> closed; then
 * report_published (the publish_report event).
 * PRIVACY. A commenter's name is public only when show_name; the contact
 * never is (only consult_contact(), audited, to the drafting unit).
 * Every write is audited in its own transaction (nothing half-written).
 * RESULTS are enum app_rc (app/result.h) with field errors in `errs`.
 * OWNERSHIP. Everything returned lives in ctx->arena. Any thread.
 */
#ifndef DANVAN_APP_CONSULTATION_H
#define DANVAN_APP_CONSULTATION_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"
#include "store/consultation.h"

enum consult_status {
	CONSULT_ST_UPCOMING = 0,
	CONSULT_ST_OPEN,
	CONSULT_ST_CLOSED,
	CONSULT_ST_PUBLISHED,
	CONSULT_ST_COUNT,
};

/* "upcoming", "open", "closed", "report_published"; NULL out of range. */
const char *consult_status_name(int st);
/* "Sắp lấy ý kiến", "Đang lấy ý kiến", ... */
const char *consult_status_label(int st);
int consult_status_of(const struct consultation *c, int64_t now);

/* "accepted" -> "Tiếp thu" ...; NULL for an unknown decision. */
const char *consult_decision_label(const char *decision);
/* "conference" -> "Hội nghị" ...; NULL for an unknown channel. */
const char *consult_channel_label(const char *channel);

#define CONSULT_TEXT_MAX 200000   /* bytes of a draft's text */
#define CONSULT_COMMENT_MAX 5000  /* characters of a comment or reply */

struct consult_input {
	const char *title, *unit, *summary, *text;
	const char *kind;             /* NULL: "community" */
	const char *audience;         /* NULL: "public" */
	const char *const *invited;   /* unit codes */
	size_t ninvited;
	int64_t opens_at, closes_at;  /* 0: missing */
};

/* Create a consultation with version 1 of its text (403 unless leader or
 * admin of the unit; 422 with fields). */
int consult_create(const struct app_ctx *ctx, const struct consult_input *in, int64_t *id,
		   struct app_errors *errs);

struct consult_view {
	struct consultation c;
	int status;
	int drafter;                   /* the caller works in the drafting unit */
	int leader;                    /* ... as leader (may publish) */
	int64_t version;               /* the version shown */
	struct consultation_part *parts;
	size_t nparts;
	struct consultation_comment *comments; /* public: not hidden, names only if show_name;
						  drafter: all, names kept */
	size_t ncomments;
	const char **invited_codes, **invited_names;
	size_t ninvited;
	int64_t unanswered;            /* drafter only */
	int64_t min_days;              /* the kind's minimum period on the opening day */
};

/* One consultation as the caller may see it, at `version` (0: current;
 * 404 for a version that does not exist). Replies are in the comments
 * once the report is published, and always for the drafting unit. */
int consult_get(const struct app_ctx *ctx, int64_t id, int64_t version, struct consult_view *out);

/* The drafting unit saw commenters' names that are not public (personal
 * data): one "view_contact" audit entry naming how many, in its own
 * transaction; nothing when the view holds no such name. Call it where
 * the names are shown (the register page, the officer's API read). */
int consult_audit_names(const struct app_ctx *ctx, const struct consult_view *v);

int consult_list(const struct app_ctx *ctx, const struct consultation_filter *f, struct consultation **items,
		 size_t *n, int64_t *total);

/* A new version (drafting unit; 409 invalid_transition once the report
 * is published; 422 on text). */
int consult_new_version(const struct app_ctx *ctx, int64_t id, const char *text, int64_t *number,
			struct app_errors *errs);

/* The parts of two versions side by side (part_id order of `to`). */
int consult_diff(const struct app_ctx *ctx, int64_t id, int64_t from, int64_t to, struct consultation_part **parts,
		 size_t *n);

struct consult_comment_input {
	int64_t part_id;              /* 0: the whole draft */
	const char *text;
	const char *name;
	int show_name;
	const char *contact;          /* JSON object text, or NULL */
	const char *channel;          /* NULL: typed by the commenter ("web" or "api" as web_channel) */
	const char *organisation;     /* unit code of the organisation, or NULL */
	int web;                      /* typed on the web page (channel "web"), else "api" */
};

/* A comment: 409 closed outside the period, 403 for an invited-only
 * draft when the commenter is not invited (or a recorded channel by
 * someone outside the drafting unit), 422 with fields. */
int consult_comment(const struct app_ctx *ctx, int64_t id, const struct consult_comment_input *in, int64_t *cid,
		    struct app_errors *errs);

/* The drafting unit's reply; 422 decision/text/part; 409 invalid_transition
 * once the report is published; 409 conflict for a grouped comment. */
int consult_reply(const struct app_ctx *ctx, int64_t id, int64_t cid, const char *decision, const char *text,
		  int64_t part_id, struct app_errors *errs);
/* Hide a comment from the public with a reason (drafting unit). */
int consult_hide(const struct app_ctx *ctx, int64_t id, int64_t cid, const char *reason, struct app_errors *errs);
/* Answer comment cid with the reply of comment `into` (drafting unit). */
int consult_group(const struct app_ctx *ctx, int64_t id, int64_t cid, int64_t into, struct app_errors *errs);
/* "publish_report" (leader; after closing; 409 unanswered_comments) or
 * "send_to_front" (leader; after publishing). */
int consult_event(const struct app_ctx *ctx, int64_t id, const char *type, struct app_errors *errs);

/* A comment's contact for the drafting unit, with a view_contact audit
 * entry; *contact NULL when it gave none. */
int consult_contact(const struct app_ctx *ctx, int64_t id, int64_t cid, const char **contact);

struct consult_report_row {
	int64_t comment_id;
	const char *part;             /* label, or "Toàn bộ dự thảo" */
	const char *comment;
	const char *by;               /* public wording: organisation, shown name, or "Người dân" */
	const char *decision;         /* NULL: unanswered */
	const char *reply;
	const char *changed_part;     /* label of the part the reply changed, or NULL */
};

struct consult_report {
	struct consultation c;
	int64_t comments, accepted, partly_accepted, noted, not_accepted, unanswered;
	struct consult_report_row *rows;
	size_t nrows;
};

/* The report: public once published (404 before), the drafting unit any
 * time. Rows are the comments not hidden, in part order. */
int consult_report(const struct app_ctx *ctx, int64_t id, struct consult_report *out);

/* The public name of a comment's author (organisation, shown name, or
 * "Người dân", with the channel for recorded ones). */
const char *consult_comment_by(struct arena *a, const struct consultation_comment *c);

/* The demo's three drafts in the Hoàn Kiếm slice (app/consultation_demo.c),
 * as the system actor of ctx; *made counts the new ones. 0, or -1 with a
 * message in err. Idempotent. */
int consult_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen);

/* consultation's sentences for app_rc outcomes (pages and API messages). */
const char *consult_rc_message(int rc);

#endif
