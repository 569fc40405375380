/*
 * meeting.h - meetings with the people: voter contact meetings (tiếp xúc
 * cử tri), dialogues (đối thoại), citizen reception sessions (tiếp công
 * dân) and conferences (hội nghị). Planning one, its lifecycle on the
 * workflow engine (app/workflow.h), its minutes, the petitions raised
 * there (ordinary feedback items linked by feedback.meeting_id), the
 * figures of its results and the legal timing warnings (legal_rules, read
 * through store/legal_rule.h). The rules are in docs/meetings.md.
 *
 * STATUSES: planned -> held (attendance) -> closed (minutes approved by a
 * leader); planned -> cancelled (reason). A postponement keeps the meeting
 * planned with its new time (postponed_from keeps the first start).
 *
 * VISIBILITY: a public meeting is seen by everyone; an internal one only by
 * officers whose roles reach its unit (others get APP_NOT_FOUND). Petitions
 * shown to the public are the public items only, with their public titles;
 * the speaker's name and phone are the item's contact data and never leave
 * the feedback officer view.
 *
 * Every write is one transaction with its timeline event and its audit
 * entry ("meeting.create", "meeting.<event>", "meeting.petition").
 * Functions return APP_OK or a negative enum app_rc (app/result.h).
 */
#ifndef DANVAN_APP_MEETING_H
#define DANVAN_APP_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/feedback.h"
#include "app/result.h"
#include "app/workflow.h"
#include "store/attachment.h"
#include "store/meeting.h"

#define MEETING_TITLE_MIN 5
#define MEETING_TITLE_MAX 200
#define MEETING_PLACE_MAX 300
#define MEETING_URL_MAX 500
#define MEETING_HOSTS_MAX 10
#define MEETING_HOST_MAX 100
#define MEETING_REASON_MIN 5
#define MEETING_REASON_MAX 2000
#define MEETING_MINUTES_MIN 10
#define MEETING_MINUTES_MAX 50000
#define MEETING_LENGTH_MAX (7 * 86400)  /* a meeting lasts at most a week */
#define MEETING_BATCH_MAX 200           /* petitions in one batch */
#define MEETING_PER_PAGE_MAX 100
#define MEETING_WARNINGS_MAX 8

enum meeting_status {
	MT_PLANNED = 0,
	MT_HELD,
	MT_CLOSED,
	MT_CANCELLED,
	MT_STATUS_COUNT
};

enum meeting_event_type {
	MT_EV_HOLD = 0,       /* "hold": attendance */
	MT_EV_MINUTES,        /* "minutes": the draft text */
	MT_EV_APPROVE,        /* "approve_minutes": a leader; closes the meeting */
	MT_EV_POSTPONE,       /* "postpone": new time and reason */
	MT_EV_CANCEL,         /* "cancel": reason */
	MT_EV_PUBLISH,        /* "publish_results": the results were made public */
	MT_EV_COUNT
};

extern const struct wf_domain meeting_domain;

/* "voter_contact" ... -> 0..3, -1 unknown; names and Vietnamese labels. */
int meeting_kind_valid(const char *kind);
const char *meeting_kind_label(const char *kind);
const char *meeting_status_label(const char *status);
/* The feedback channel of petitions raised at a meeting of `kind`. */
enum feedback_channel meeting_kind_channel(const char *kind);
int meeting_status_parse(const char *name);
const char *meeting_status_name(int status);

struct meeting_input {
	const char *kind, *title, *unit;
	int64_t starts_at, ends_at;   /* 0: missing (the caller reports a bad format itself) */
	const char *place, *online_url;
	const char *const *hosts;
	size_t nhosts;
	int is_internal;              /* API "public": false */
	int64_t capacity;             /* 0: none */
};

int meeting_create(const struct app_ctx *ctx, const struct meeting_input *in, int64_t *id,
		   struct app_errors *errs);

struct meeting_action {
	int type;                     /* enum meeting_event_type */
	int has_attendance;
	int64_t attendance;
	const char *text;             /* minutes text, or a reason */
	int64_t starts_at, ends_at;   /* postpone */
};

/* An event on meeting `id` (decimal text): wf_apply() with meeting_domain. */
int meeting_apply_event(const struct app_ctx *ctx, const char *id, const struct meeting_action *act,
			struct app_errors *errs);

struct meeting_warning {
	const char *key;              /* the legal rule's key */
	const char *text;             /* a Vietnamese sentence */
	const char *basis;            /* the legal basis */
};

struct meeting_view {
	struct meeting_row m;
	int64_t now;                  /* the ctx clock (overdue petitions) */
	const char **hosts;
	size_t nhosts;
	int officer;                  /* the viewer's roles reach the meeting's unit */
	unsigned roles;
	unsigned allowed;             /* bit (1u << event): what the viewer may do now */
	int may_record;               /* may record petitions now */
	struct meeting_petition_row *petitions;
	size_t npetitions;
	struct meeting_results results;
	struct meeting_event_row *events;
	size_t nevents;
	struct meeting_warning warnings[MEETING_WARNINGS_MAX];
	size_t nwarnings;             /* officers only */
	struct attachment *files;     /* the minutes' files the viewer may see (no bytes) */
	size_t nfiles;
};

int meeting_get_view(const struct app_ctx *ctx, const char *id, struct meeting_view *out);

struct meeting_filter {
	const char *unit, *kind, *q;
	int64_t from, to;             /* starts in [from, to); 0: open */
	int held;                     /* 1: only meetings held (held or closed) */
	int64_t page, per_page;
};

struct meeting_page {
	struct meeting_row *items;
	size_t n;
	int64_t page, per_page, total;
};

/* Public meetings; an officer (ctx->actor->account_id) also its units'. */
int meeting_list(const struct app_ctx *ctx, const struct meeting_filter *f, struct meeting_page *out);

/* How many legal timing warnings meeting_get_view() would show the actor
 * for row m (0 when its roles do not reach the meeting's unit). */
int meeting_row_warnings(const struct app_ctx *ctx, const struct meeting_row *m, size_t *n);

/* A meeting found by words, for the search over every kind (app/find.h). */
struct meeting_hit {
	int64_t id;
	const char *title;            /* plain */
	const char *title_html;       /* escaped, the words found in <mark> */
	const char *snippet_html;     /* place and hosts, escaped and marked */
	const char *url;              /* "/hoi-nghi/ID" */
	int64_t at;                   /* its start */
};

/*
 * Page `page` (from 1) of per_page meetings matching q, with the list's
 * visibility: the public's, or with officer also the internal meetings of
 * ctx->actor's units; *total their count. No word in q: nothing (n 0).
 * APP_OK or APP_ERROR. The row of find_kinds[] for "meeting" calls it.
 */
int meeting_find(const struct app_ctx *ctx, const char *q, int officer, int64_t page, int64_t per_page,
		 struct meeting_hit **hits, size_t *n, int64_t *total);

/* Warnings that concern no single meeting: each commune (an open
 * government unit right under a root) the officer's roles reach that has
 * held no dialogue this year. */
int meeting_unit_warnings(const struct app_ctx *ctx, struct meeting_warning *w, size_t max, size_t *n);

/* Petitions: feedback inputs whose channel and unit are set here (from the
 * meeting); contact_name/contact_phone carry the speaker. All or nothing:
 * on a validation error of any item, errs names "petitions.N.field"
 * (N from 1) with batch, the item's own fields without, and nothing is
 * written. codes[] receives each new code; a code already in codes[i]
 * (TRACKCODE_LEN characters, e.g. trackcode_seeded()) is used as it is,
 * otherwise codes[i] must be "" and a new one is drawn. */
int meeting_add_petitions(const struct app_ctx *ctx, const char *id, struct feedback_input *items, size_t n,
			  int batch, char (*codes)[TRACKCODE_BUFSZ], struct app_errors *errs);

/* Files of the minutes (the signed scan: PDF or an image; store/attachment.h,
 * owner "meeting"): an officer with a leading, front, admin or intake role
 * of the unit adds one to a held or closed meeting (at most
 * ATTACHMENT_MAX_PER_ITEM: CONFLICT; TOO_LARGE, UNSUPPORTED for the bytes;
 * INVALID_TRANSITION before it is held), in one transaction with a timeline
 * event and the audit entry "meeting.attach". Officers of the unit see the
 * files; the public, of a public meeting, once the minutes are approved. */
int meeting_attach(const struct app_ctx *ctx, const char *id, const void *data, size_t len, const char *filename,
		   struct app_errors *errs);
/* The files of a meeting read by meeting_get_view() as its viewer may see them. */
int meeting_files(const struct app_ctx *ctx, const struct meeting_view *v, struct attachment **items, size_t *n);
/* One file with its bytes: NOT_FOUND when the viewer may not see it. */
int meeting_file_get(const struct app_ctx *ctx, const char *id, int64_t file_id, struct attachment *out);

/* The hosts array of a row as strings (arena). */
int meeting_hosts(struct arena *a, const char *json, const char ***hosts, size_t *n);

/* An ISO 8601 time "2026-08-30T14:00:00+07:00" (also Z, no seconds, or no
 * offset: Vietnam time, as a form's datetime-local sends) into UTC
 * seconds: 0, or -1 when it is not one (years 2000-2100). */
int meeting_time_parse(const char *s, int64_t *out);

/* Parse an id as text: 0 with *id, -1 when it is not a positive decimal. */
int meeting_id_parse(const char *s, int64_t *id);

#endif
