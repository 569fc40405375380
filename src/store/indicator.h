/*
 * indicator.h - the catalogue of the figures that review reports (sơ kết,
 * tổng kết) quote, each defined ONCE: its code, Vietnamese name, definition
 * in words, the SQL that counts it and the list of records behind it. The
 * report API, its page, the XLSX export and `danvan report` all read this
 * table; the records list (GET /api/v1/reports/records) runs the same SQL
 * condition, so a figure and its list cannot disagree.
 *
 * A SOURCE is one kind of record with a unit and a date: feedback items
 * (the unit is the handling unit, else the intake desk; the date is the
 * receipt), meetings (their unit, their start), reception bookings (the
 * session's unit and start), consultations (their unit, their opening),
 * their comments (the consultation's unit, the comment's date), models
 * (their unit, their registration day) and commendations (the recipient
 * unit, the decision day). An INDICATOR is a condition over one source
 * (`num`), and for a share or a mean a second one (`den`):
 *   IND_COUNT    the number of records of the source matching num
 *   IND_PCT      100 * count(num) / count(den)
 *   IND_AVG_WD   the mean working days from receipt to answer over the
 *                records matching num (the calendar is the reader's)
 *   IND_REQUIRED not counted from records: computed by app/report.c from
 *                the legal rules (dialogues required per year)
 *   IND_SUM      the total of the expression `sum` over the records matching
 *                num (the prizes of the decided commendations)
 * Conditions are SQL expressions over the source's alias (f, m, b, k, c, r,
 * d, e) and may
 * use $3, the current time (overdue). Adding a figure is adding one row to
 * indicators[] in indicator.c (and, for a new kind of record, one source);
 * docs/reports.md says how.
 *
 * Counting: indicator_tally() runs a few queries per source over the given
 * units and period, grouped by (unit, Vietnam day, answer lag), with one
 * pair of sums per indicator of that source; for feedback, the figures the
 * roll-ups keep (migrations 0028 by day, 0033 by month and year) are read
 * from them and overdue from the open items' roll-up (0040) plus the items
 * due in the current month; meetings, bookings, comments, models and
 * commendations come from their roll-ups by month (0036, 0037) and year
 * (0041) for whole months and years, and from the records for the odd days
 * (docs/reports.md, "Speed"). The unit list is bound as parameters (on
 * PostgreSQL one array), so the query seeks the units' index entries. Strings and arrays live in the caller's arena.
 */
#ifndef DANVAN_STORE_INDICATOR_H
#define DANVAN_STORE_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

enum ind_source {
	IND_SRC_FEEDBACK = 0,
	IND_SRC_MEETINGS,
	IND_SRC_BOOKINGS,
	IND_SRC_CONSULTATIONS,
	IND_SRC_COMMENTS,
	IND_SRC_MODELS,
	IND_SRC_COMMENDATIONS,
	IND_SRC_NONE,          /* not counted from records (IND_REQUIRED) */
	IND_SRC_COUNT = IND_SRC_NONE,
};

enum ind_kind { IND_COUNT, IND_PCT, IND_AVG_WD, IND_REQUIRED, IND_SUM };

struct indicator {
	const char *code;        /* "feedback_received" */
	const char *name;        /* "Phản ánh, kiến nghị tiếp nhận" */
	const char *unit;        /* what the value counts: "phản ánh", "%", "ngày làm việc" */
	const char *group;       /* the section of the report: "Phản ánh, kiến nghị", ... */
	const char *definition;  /* in words, for the definitions sheet and the page */
	enum ind_source source;
	enum ind_kind kind;
	const char *num;         /* SQL condition counted (IND_COUNT), the numerator (IND_PCT)
	                            or the records averaged (IND_AVG_WD) */
	const char *den;         /* IND_PCT: the denominator's condition; else NULL */
	const char *list;        /* the condition of the records behind it (the link) */
	const char *page;        /* the officers' page listing the same kind of record */
	const char *sum;         /* IND_SUM: the expression added over the records matching num
	                            (the den column then counts them); else NULL */
};

extern const struct indicator indicators[];
extern const size_t indicators_count;

/* The indicator of `code`, or NULL. */
const struct indicator *indicator_find(const char *code);

/* ind_row.lag of a row that adds up a whole month or year of feedback */
#define IND_LAG_SUMMED (-2)

/* One row of indicator_tally(): the sums of one (unit, day, lag) group. */
struct ind_row {
	int64_t unit_id;
	int64_t day;             /* Vietnam day of the record's date; of a summed row the
	                            first day of its month or year */
	int64_t lag;             /* feedback: answer day - receipt day (0 when earlier), -1
	                            when unanswered, IND_LAG_SUMMED for a month or year of
	                            the roll-ups; other sources -1 */
	int64_t wd;              /* IND_LAG_SUMMED: the working days to the answers of the
	                            row's answered items, added up; else 0 */
	int64_t *num, *den;      /* per indicator index (indicators[i]); 0 for other sources */
};

/* Where the caller's buckets begin (periods, comparison periods), so that a
 * summed row never straddles two; and whether the month and year roll-ups
 * agree with the caller's calendar (rollup_ready(), store/rollup.h). With
 * NULL, or months 0, feedback is read by day. */
struct ind_cuts {
	const int64_t *days;     /* Vietnam days, any order */
	size_t n;
	int months;
};

/* At most this many indicators in all (a source's are kept as bits of a
 * 64-bit word and in fixed arrays). */
#define IND_MAX_INDICATORS 64

/* The indexes in indicators[] of `source`'s indicators, in order, into
 * idx: their number, or -1 when indicators_count passes
 * IND_MAX_INDICATORS. */
long indicator_source_indexes(enum ind_source source, size_t idx[IND_MAX_INDICATORS]);

/* Called with each group of indicator_tally(); the row is reused for the
 * next (copy what you keep). Non-zero stops the walk with an error. */
typedef int (*ind_row_fn)(const struct ind_row *row, void *arg);

/*
 * The groups of `source`'s records whose unit is one of units[0..nunits)
 * and whose date is in [from, to) (UTC seconds), each passed to fn. A
 * (unit, day, lag) may come in more than one group (feedback: the roll-up's
 * figures, then those counted from the items); the caller adds them up.
 * With cuts->months, feedback's whole years and months between two cuts
 * come as one summed row each (lag IND_LAG_SUMMED) from the roll-ups of
 * migration 0033, the other days by day.
 * Returns DB_OK or a negative db_rc. nunits 0 gives no rows.
 */
int indicator_tally(struct db *db, struct arena *a, enum ind_source source, const int64_t *units,
		    size_t nunits, int64_t from, int64_t to, int64_t now, const struct ind_cuts *cuts,
		    ind_row_fn fn, void *arg);

/* One record behind an indicator, for its list. */
struct ind_record {
	const char *kind;        /* "feedback", "meeting", "booking", "consultation", "comment",
	                            "model", "commendation" */
	const char *ref;         /* tracking code, meeting id, booking code */
	const char *title;
	const char *status;
	int64_t unit_id;
	int64_t at;              /* the record's date (UTC seconds) */
};

/*
 * The records `ind->list` selects among the same units and period, newest
 * first (ties by id), `limit` from `offset`, and their exact *total.
 */
int indicator_records(struct db *db, struct arena *a, const struct indicator *ind, const int64_t *units,
		      size_t nunits, int64_t from, int64_t to, int64_t now, int64_t offset, int64_t limit,
		      struct ind_record **items, size_t *n, int64_t *total);

/* Every succession edge that folds a unit into another (merged_into,
 * renamed_to), as (from, to) pairs in an arena array of 2 * *n ids. */
int indicator_fold_edges(struct db *db, struct arena *a, int64_t **pairs, size_t *n);

#endif
