/*
 * report.h - review reports (sơ kết, tổng kết): the figures of the
 * indicator catalogue (store/indicator.h) over a period and a unit with
 * its sub-units, as the tree stood (tree "then") or as it is now (tree
 * "now": the units closed by a merger or a renaming folded into their
 * successors, labelled), with the breakdown by sub-unit and by period,
 * the previous period of the same length and the same period a year
 * before, and the records behind any figure. Used alike by the API, the
 * page, the XLSX export and `danvan report`. Rules: docs/reports.md.
 *
 * PERMISSIONS. The caller (ctx->actor->account_id) must hold a role in the
 * unit or an ancestor (app/perm.h); for a closed unit, also a role over
 * the unit it was folded into. APP_NOT_FOUND for an unknown unit,
 * APP_FORBIDDEN for a unit out of reach, APP_VALIDATION (fields "from",
 * "to", "tree", "indicator") for bad input. Reads only; no transaction.
 * Everything returned lives in ctx->arena.
 */
#ifndef DANVAN_APP_REPORT_H
#define DANVAN_APP_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/result.h"
#include "store/indicator.h"
#include "store/saved_report.h"
#include "store/unit.h"

#define REPORT_MAX_DAYS (40 * 366)   /* longest period: forty years */

/* What was asked: texts as typed (NULL = absent). */
struct report_request {
	const char *unit;      /* unit code (required) */
	const char *from;      /* YYYY-MM-DD or DD/MM/YYYY, first day (required) */
	const char *to;        /* last day, inclusive (required) */
	const char *tree;      /* "then" (default) or "now" */
	int system;            /* 1: the command line, which reads the whole database anyway */
};

/* One figure: the sums behind it and, when it has one, its value. */
struct report_value {
	int64_t num, den;      /* count / numerator; denominator (IND_PCT) */
	int64_t wd_sum;        /* IND_AVG_WD: working days summed over num records */
	int has_value;         /* 0: nothing to divide by (shown "-") */
	double value;          /* the figure: count, percent (one decimal) or mean days */
};

/* A row of the breakdown by sub-unit. */
struct report_bucket {
	int64_t unit_id;
	const char *code, *name;
	int self;              /* 1: the report's unit itself (its own records, not its sub-units') */
	int closed;            /* tree then: a unit closed since */
	int64_t valid_to;      /* closed: the first day it no longer existed (UTC seconds) */
	const char *folded;    /* tree now: "Phường Hàng Bạc, Phường Hàng Đào" folded into it; or NULL */
	struct report_value *v; /* [indicators_count] */
};

/* A row of the breakdown by period. */
struct report_period {
	int64_t from_day, to_day;  /* inclusive day numbers */
	const char *label;         /* "Tháng 3/2025", "Quý II/2025", "Năm 2025" */
	struct report_value *v;
};

struct report {
	struct unit unit;
	int tree_now;
	int64_t from_day, to_day;  /* inclusive day numbers */
	const char *granularity;   /* "month", "quarter" or "year" (by_period) */
	struct report_value *total;       /* [indicators_count] */
	int64_t prev_from_day, prev_to_day;
	struct report_value *previous;    /* the period of the same length just before */
	int64_t ya_from_day, ya_to_day;
	struct report_value *year_before; /* the same period a year before */
	struct report_bucket *by_unit;
	size_t nbuckets;
	struct report_period *by_period;
	size_t nperiods;
	int64_t *scope;                   /* every unit counted, ascending ids */
	size_t nscope;
	int64_t elapsed_us;               /* time taken (logged, shown on the page) */
};

/* Validate a request (fields "unit", "from", "to", "tree" into *errs). */
int report_build(const struct app_ctx *ctx, const struct report_request *rq, struct report *out,
		 struct app_errors *errs);

/* The records behind one indicator for the same request, `direct` 1: only
 * the report unit's own records (its "self" row). Newest first. */
struct report_records {
	const struct indicator *ind;
	struct ind_record *items;
	const char **unit_codes;   /* per item */
	size_t n;
	int64_t page, per_page, total;
};
int report_records(const struct app_ctx *ctx, const struct report_request *rq, const char *indicator,
		   int direct, int64_t page, int64_t per_page, struct report_records *out, struct app_errors *errs);

/* --- saved (frozen) reports ------------------------------------------------- */

#define REPORT_SECTIONS 4
#define REPORT_TITLE_MAX 900        /* bytes */
#define REPORT_SECTION_MAX 60000    /* bytes, each */
/* "han_che", "bai_hoc", "phuong_huong", "kien_nghi": limitations and their
 * causes, lessons, directions and tasks, recommendations */
extern const char *const report_section_names[REPORT_SECTIONS];

/*
 * Freeze a report: its query (r's unit, period and tree), `figures` (the
 * summary JSON text, api/report_out.h, as the caller shows it), the
 * officer's sections (NULL or text each) and the BLAKE2b-256 hash of the
 * three, in one transaction with its audit entry "report.save". Needs a
 * leader, front or admin role reaching the unit (APP_FORBIDDEN);
 * APP_VALIDATION for a missing or long title ("title") or a long section.
 */
int report_save(const struct app_ctx *ctx, const struct report *r, const char *title,
		const char *const sections[REPORT_SECTIONS], const char *figures, int64_t *id,
		struct app_errors *errs);

/* A saved report, for an officer whose roles reach its unit (else, and for
 * an unknown id, APP_NOT_FOUND). *hash_ok: 1 when the stored hash still
 * matches what is stored. */
int report_saved_get(const struct app_ctx *ctx, int64_t id, struct saved_report *out, int *hash_ok);

/* The query of a saved report as a request (texts in the arena). */
int report_saved_request(struct arena *a, const struct saved_report *s, struct report_request *rq);

/* The value of a figure as text ("1.234", "87,5", "-"), in the arena. */
const char *report_value_text(struct arena *a, const struct indicator *ind, const struct report_value *v);

/* "2025-07-01" of a day number, in the arena. */
const char *report_ymd(struct arena *a, int64_t day);

#endif
