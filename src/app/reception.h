/*
 * reception.h - citizen reception (tiếp công dân, Law 42/2013 and Law
 * 136/2025): the rules by which a unit's leader receives citizens ("the
 * chairman receives on the 2nd and 4th Thursday, 8:00-11:00"), the
 * sessions generated from them (meetings of kind 'reception'), citizens'
 * bookings without an account, the officers' decisions on them, the
 * petitions raised there (ordinary feedback items linked to the booking)
 * and the leader's count of reception days against the legal minimum.
 * Rows in store/reception.h; rules of use in docs/reception.md.
 *
 * LEGAL FIGURES (group size and representatives, refusal notice, answer
 * period, reception days a chairman owes) are read from legal_rules
 * (store/legal_rule.h) for the day they apply to, never constants.
 *
 * PERMISSIONS. Rules and generation: administrators of the unit (the
 * actor with account_id 0, the command line, is the system). Bookings:
 * officers whose roles reach the session's unit (app/perm.h); no role at
 * all -> NOT_FOUND; only viewer or front -> FORBIDDEN for decisions.
 * Contact data only to RECEPTION_CONTACT_ROLES, each read audited as
 * "view_contact".
 *
 * PRIVACY. A booker's name and phone (and the representatives of a group)
 * are stored apart and never in a public view, JSON, page or audit
 * summary.
 *
 * TRANSACTIONS AND RESULTS: as app/feedback.h - one transaction per
 * change with its audit entry; enum app_rc results; field errors in
 * struct app_errors under the API's JSON names. Any thread, own ctx.
 */
#ifndef DANVAN_APP_RECEPTION_H
#define DANVAN_APP_RECEPTION_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/feedback.h"
#include "app/perm.h"
#include "app/result.h"
#include "app/trackcode.h"
#include "app/workflow.h"
#include "store/reception.h"

#define RECEPTION_NAME_MAX 100
#define RECEPTION_SUBJECT_MIN 5
#define RECEPTION_SUBJECT_MAX 2000
#define RECEPTION_HOST_MAX 100
#define RECEPTION_PLACE_MAX 300
#define RECEPTION_CAPACITY_MAX 1000
#define RECEPTION_PEOPLE_MAX 200
#define RECEPTION_REPS_MAX 10        /* names a form may carry; the law's limit is a legal rule */
#define RECEPTION_REASON_MIN 5
#define RECEPTION_REASON_MAX 2000
#define RECEPTION_GENERATE_MAX_DAYS 400

/* Roles that decide on bookings and read the booker's contact. */
#define RECEPTION_ROLES (ROLE_ADMIN | ROLE_LEADER | ROLE_INTAKE | ROLE_HANDLER)
#define RECEPTION_CONTACT_ROLES RECEPTION_ROLES

/* --- the booking status machine (app/workflow.h) ----------------------------- */

enum reception_status {
	RS_REQUESTED = 0,
	RS_CONFIRMED,
	RS_REFUSED,
	RS_HELD,
	RS_NO_SHOW,
	RS_CANCELLED,
	RS_COUNT
};

enum reception_event {
	RE_CONFIRM = 0,   /* requested -> confirmed */
	RE_REFUSE,        /* requested|confirmed -> refused (reason; places given back) */
	RE_HOLD,          /* requested|confirmed -> held (once the session started; the session is held) */
	RE_NO_SHOW,       /* requested|confirmed -> no_show (once the session started) */
	RE_CANCEL,        /* requested|confirmed -> cancelled by an officer (reason; places given back) */
	RE_COUNT
};

extern const struct wf_domain reception_domain;

/* "requested" <-> RS_REQUESTED; -1 for an unknown name. */
int reception_status_parse(const char *name);
const char *reception_status_name(int status);
/* "Đã đăng ký", "Đã xác nhận", ... */
const char *reception_status_label(const char *name);
int reception_event_parse(const char *name);

/* --- rules and generation ------------------------------------------------------- */

struct reception_rule_input {
	const char *unit;             /* unit code */
	const char *host;             /* "Chủ tịch UBND phường Nguyễn Văn A" */
	int weekday;                  /* 1 = Monday .. 7 = Sunday */
	unsigned weeks;               /* bit 0 = 1st week .. bit 4 = 5th */
	int start_minute, end_minute;
	const char *place;
	int64_t capacity;
};

int reception_rule_create(const struct app_ctx *ctx, const struct reception_rule_input *in, int64_t *id,
			  struct app_errors *errs);

struct reception_generated {
	int created;                  /* new sessions */
	int existing;                 /* already there (generating twice adds nothing) */
	int days_off;                 /* matching days skipped: days off in the calendar */
	int outside_unit;             /* matching days when the unit did not exist */
	int64_t skipped[16];          /* the first skipped days off (day numbers) */
	size_t nskipped;
};

/* Generate the rule's sessions on the matching working days from from_day
 * to to_day (inclusive, at most RECEPTION_GENERATE_MAX_DAYS apart), in one
 * transaction with one "reception.generate" audit entry. */
int reception_generate(const struct app_ctx *ctx, int64_t rule_id, int64_t from_day, int64_t to_day,
		       struct reception_generated *out, struct app_errors *errs);

/* Rules the actor administers (all for the system). */
int reception_rules(const struct app_ctx *ctx, struct reception_rule **out, size_t *n);

/* --- citizens ----------------------------------------------------------------- */

/* Public planned sessions of unit `unit_code` and its sub-units (NULL: all)
 * starting from max(from, now) before `to`. VALIDATION ("unit") for an
 * unknown unit. */
int reception_slots(const struct app_ctx *ctx, const char *unit_code, int64_t from, int64_t to,
		    struct reception_session **out, size_t *n, struct app_errors *errs);

struct reception_booking_input {
	const char *meeting;          /* the session id as text */
	const char *name, *phone, *subject;
	int64_t people;               /* 0: 1 */
	const char *reps[RECEPTION_REPS_MAX];  /* representatives of a group */
	size_t nreps;
	int reps_overflow;            /* more names than RECEPTION_REPS_MAX were sent */
};

struct reception_receipt {
	char code[TRACKCODE_BUFSZ];
	char secret[TRACKCODE_SECRET_BUFSZ];
	struct reception_session session;
	int64_t people;
	int64_t created_at;
};

/* Book places. VALIDATION (fields meeting, name, phone, subject, people,
 * representatives); NOT_FOUND for no such public reception session;
 * CLOSED when it has started or is no longer planned; FULL when the places
 * left are fewer than `people` (decided race-free in the transaction). */
int reception_book(const struct app_ctx *ctx, const struct reception_booking_input *in,
		   struct reception_receipt *out, struct app_errors *errs);

/* A booking as its citizen sees it (code and secret): NOT_FOUND for a
 * malformed or unknown code or a wrong secret. */
int reception_get_public(const struct app_ctx *ctx, const char *code, const char *secret,
			 struct reception_booking *out);

/* The citizen cancels with the secret: NOT_FOUND as above;
 * INVALID_TRANSITION unless requested or confirmed and not yet started. */
int reception_cancel_public(const struct app_ctx *ctx, const char *code, const char *secret);

/* --- officers ----------------------------------------------------------------- */

/* The last day (day number) by which a requested booking must be refused
 * or confirmed (reception.refusal_notice working days after it was made),
 * 0 when the calendar cannot say; and whether that is past. */
int64_t reception_decide_by(const struct app_ctx *ctx, const struct reception_booking *b);
int reception_decision_overdue(const struct app_ctx *ctx, const struct reception_booking *b);

/* Sessions of the units the actor reaches from `from` (NULL ids: all), by
 * time, and bookings likewise. */
int reception_officer_sessions(const struct app_ctx *ctx, int64_t from, int64_t to,
			       struct reception_session **out, size_t *n);
int reception_officer_bookings(const struct app_ctx *ctx, int64_t meeting_id, int64_t from,
			       struct reception_booking **out, size_t *n);
/* One booking for an officer (roles in *roles): NOT_FOUND outside reach. */
int reception_get_officer(const struct app_ctx *ctx, const char *code, struct reception_booking *out,
			  unsigned *roles);

/* An officer's decision (reason for refuse and cancel). */
int reception_apply(const struct app_ctx *ctx, const char *code, int event, const char *reason,
		    struct app_errors *errs);

/* The booker's contact, audited "view_contact": NOT_FOUND outside reach,
 * FORBIDDEN without a contact role. */
int reception_contact(const struct app_ctx *ctx, const char *code, struct reception_contact *out);

/* Turn what was raised at a held booking into a feedback item of channel
 * in_person in the session's unit, with the booker as its sender, linked
 * by feedback.booking_id, due reception.answer working days after today.
 * `in` gives title, body and category (the rest is set here).
 * INVALID_TRANSITION unless the booking is held. */
int reception_petition(const struct app_ctx *ctx, const char *code, const struct feedback_input *in,
		       struct feedback_receipt *out, struct app_errors *errs);
/* The same with the item's tracking code chosen by the caller (canonical
 * "7KQ4-M2XD"; the demo's codes are deterministic, so both engines load the
 * same data); NULL draws one. A taken code is replaced by a new one. */
int reception_petition_coded(const struct app_ctx *ctx, const char *code, const struct feedback_input *in,
			     const char *item_code, struct feedback_receipt *out, struct app_errors *errs);

/* --- the leader's count ------------------------------------------------------------ */

struct reception_month {
	int64_t unit_id;
	const char *unit_code, *unit_name;
	int year, month;
	int held;                     /* distinct days with a held reception session */
	int required;                 /* the legal minimum for the month */
	int64_t amount;               /* the rule: amount per `per` */
	const char *per;              /* "per_week" or "per_month" */
	const char *legal_basis, *note;
	int64_t days[31];
	size_t ndays;
};

/* Held reception days of `unit_id` in the month against the rule
 * reception.chair_days in force on the month's first day (per_week: the
 * amount times the weeks whose Thursday falls in the month). */
int reception_month_summary(const struct app_ctx *ctx, int64_t unit_id, int year, int month,
			    struct reception_month *out);

/* The summaries of the month of `now` for every unit with an active rule
 * the actor reaches. */
int reception_dashboard(const struct app_ctx *ctx, struct reception_month **out, size_t *n);

/* --- demo data (app/reception_demo.c) ---------------------------------------------------- */

/*
 * `danvan demo`: the chairman of phường Hoàn Kiếm (unit 00070) receives
 * citizens on the 2nd and 4th Thursday, 8:00-11:00; its sessions from
 * about eleven months back to two months ahead (none before the ward
 * existed, none on days off), bookings in every status, the past sessions
 * held, and some of what was raised turned into feedback items. Officers'
 * steps are taken as `officer` (a username with a recording role in
 * 00070). Idempotent: nothing is added when the rule's sessions already
 * have bookings. *made: the bookings added. 0, or -1 with a message.
 */
int reception_demo_generate(const struct app_ctx *ctx, const char *officer, int *made, char *err, size_t errlen);

#endif
