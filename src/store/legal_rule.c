/*
 * legal_rule.c - reading the effective-dated legal rules (legal_rule.h).
 */
#include "legal_rule.h"
#include "db.h"
#include "rows.h"

#define COLS "id, key, amount, unit, valid_from, valid_to, legal_basis, note"

static int read_rule(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct legal_rule *r = item;
	int failed = 0;
	r->id = db_col_int(st, 0);
	r->key = rows_text_or_empty(st, 1, a, &failed);
	r->amount = db_col_int(st, 2);
	r->unit = rows_text_or_empty(st, 3, a, &failed);
	r->valid_from = (int32_t)db_col_int(st, 4);
	r->valid_to = (int32_t)rows_int_or(st, 5, LEGAL_RULE_OPEN);
	r->legal_basis = rows_text_or_empty(st, 6, a, &failed);
	r->note = rows_text_or_empty(st, 7, a, &failed);
	return failed ? -1 : 0;
}

int legal_rule_get(struct db *db, struct arena *a, const char *key, int32_t day, struct legal_rule *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM legal_rules WHERE key = $1 AND valid_from <= $2 "
					    "AND (valid_to IS NULL OR valid_to >= $2) ORDER BY valid_from DESC LIMIT 1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, day);
	struct legal_rule *rules = NULL;
	size_t n = 0;
	int rc = rows_collect(st, a, sizeof(*rules), 1, read_rule, NULL, (void **)&rules, &n);
	if (rc != DB_OK)
		return rc;
	if (n == 0)
		return DB_NOTFOUND;
	*out = rules[0];
	return DB_OK;
}

int64_t legal_rule_amount(struct db *db, const char *key, int32_t day, int64_t dflt)
{
	struct db_stmt *st = db_prepare(db, "SELECT amount FROM legal_rules WHERE key = $1 AND valid_from <= $2 "
					    "AND (valid_to IS NULL OR valid_to >= $2) ORDER BY valid_from DESC LIMIT 1");
	if (!st)
		return dflt;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, day);
	int64_t v = dflt;
	if (rows_one_int(st, &v) != DB_OK)
		return dflt;
	return v;
}

int legal_rule_list(struct db *db, struct arena *a, struct legal_rule **rules, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM legal_rules ORDER BY key, valid_from");
	if (!st)
		return DB_ERROR;
	*rules = NULL;
	*n = 0;
	return rows_collect(st, a, sizeof(**rules), 0, read_rule, NULL, (void **)rules, n);
}
