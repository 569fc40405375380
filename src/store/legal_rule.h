/*
 * legal_rule.h - the legal rules of every domain as effective-dated data
 * (table legal_rules, migrations/{sqlite,postgresql}/0016_meetings.sql): "a dialogue is
 * announced at least 7 calendar days ahead", "the chairman receives
 * citizens 2 days a month". A decree that changes a rule closes its row
 * (valid_to) and adds one; code asks for the row in force on the day the
 * rule applies to, never for a constant.
 *
 * Days are day numbers (days since 1970-01-01, Vietnam local), both ends
 * inclusive. Strings live in the caller's arena. Thread-safe as far as
 * the db handle is the caller's.
 */
#ifndef DANVAN_STORE_LEGAL_RULE_H
#define DANVAN_STORE_LEGAL_RULE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define LEGAL_RULE_KEY_MAX 64

struct legal_rule {
	int64_t id;
	const char *key;         /* "dialogue.notice" */
	int64_t amount;          /* 7 */
	const char *unit;        /* working_day, calendar_day, per_week, per_month, per_year, people, percent */
	int32_t valid_from;      /* day number */
	int32_t valid_to;        /* day number, or LEGAL_RULE_OPEN when still in force */
	const char *legal_basis; /* "Luật 10/2022/QH15, Điều 32" */
	const char *note;        /* the rule in a Vietnamese sentence */
};

#define LEGAL_RULE_OPEN INT32_MAX

/* The row of `key` in force on `day`: DB_OK, DB_NOTFOUND when no row
 * covers that day, or a negative db_rc. */
int legal_rule_get(struct db *db, struct arena *a, const char *key, int32_t day, struct legal_rule *out);

/* Just the amount of `key` on `day`; `dflt` when no row covers the day
 * or the database fails (callers that can do without the rule). */
int64_t legal_rule_amount(struct db *db, const char *key, int32_t day, int64_t dflt);

/* Every row, by key then valid_from (the rules page and its API):
 * DB_OK with *rules an arena array of *n, or a negative db_rc. */
int legal_rule_list(struct db *db, struct arena *a, struct legal_rule **rules, size_t *n);

#endif
