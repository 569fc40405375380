/*
 * org_import.c - the CSV import of the organisation tree (app/org.h,
 * org_import_csv): a small RFC 4180 reader with line numbers, then one
 * unit per record, checked in full before anything of it is written, all
 * accepted lines in one transaction. The writes are org.c's
 * (org_internal.h), so an imported unit is audited like a typed one.
 */
#include "org.h"
#include "org_internal.h"
#include "app/perm.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/utf8.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/unit.h"

#include <stdarg.h>

/* --- CSV reading ------------------------------------------------------------------ */

#define CSV_MAX_FIELDS 16
#define CSV_MAX_FIELD 4096

struct csv {
	const char *p, *end;
	long line;            /* line number at p */
};

struct csv_record {
	long line;            /* where the record starts */
	size_t n;             /* fields found (may exceed CSV_MAX_FIELDS) */
	char *f[CSV_MAX_FIELDS];
	const char *raw;      /* the record's bytes, without the line end */
	size_t rawlen;
	const char *error;    /* a structural problem, or NULL */
};

static int is_eol(const struct csv *c)
{
	return c->p < c->end && (*c->p == '\n' || *c->p == '\r');
}

static void skip_eol(struct csv *c)
{
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	c->line++;
}

/* Skip to the start of the next physical line. */
static void skip_line(struct csv *c)
{
	while (c->p < c->end && !is_eol(c))
		c->p++;
	if (c->p < c->end)
		skip_eol(c);
}

/* Trim spaces and tabs in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Read one field starting at c->p into the arena; sets r->error on a problem. */
static char *csv_field(struct csv *c, struct arena *a, struct csv_record *r)
{
	if (c->p < c->end && *c->p == '"') {
		const char *q = ++c->p;
		size_t n = 0;
		long lines = 0;
		/* first pass: find the closing quote and the unescaped length */
		for (;;) {
			if (q >= c->end) {
				r->error = "unterminated quoted field";
				return NULL;
			}
			if (*q == '"') {
				if (q + 1 < c->end && q[1] == '"') {
					q += 2;
					n++;
					continue;
				}
				break;
			}
			if (*q == '\n')
				lines++;
			q++;
			n++;
		}
		c->line += lines;
		if (n > CSV_MAX_FIELD) {
			r->error = "field longer than 4096 bytes";
			c->p = q + 1;
			return NULL;
		}
		char *out = arena_alloc(a, n + 1), *w = out;
		if (!out) {
			r->error = "out of memory";
			return NULL;
		}
		while (c->p < q) {
			if (*c->p == '"')
				c->p++;   /* the first of a doubled quote */
			*w++ = *c->p++;
		}
		*w = '\0';
		c->p = q + 1;
		if (c->p < c->end && *c->p != ',' && !is_eol(c)) {
			r->error = "unexpected text after a closing quote";
			return NULL;
		}
		return out;
	}
	const char *start = c->p;
	while (c->p < c->end && *c->p != ',' && !is_eol(c)) {
		if (*c->p == '"') {
			r->error = "quote inside an unquoted field (quote the whole field and double the quote)";
			return NULL;
		}
		c->p++;
	}
	if ((size_t)(c->p - start) > CSV_MAX_FIELD) {
		r->error = "field longer than 4096 bytes";
		return NULL;
	}
	char *out = arena_strndup(a, start, (size_t)(c->p - start));
	if (!out)
		r->error = "out of memory";
	return out;
}

/* The next record: 1, or 0 at the end. Blank and '#' lines are skipped. */
static int csv_next(struct csv *c, struct arena *a, struct csv_record *r)
{
	for (;;) {
		if (c->p >= c->end)
			return 0;
		if (is_eol(c)) {
			skip_eol(c);
			continue;
		}
		if (*c->p == '#') {
			skip_line(c);
			continue;
		}
		break;
	}
	memset(r, 0, sizeof(*r));
	r->line = c->line;
	r->raw = c->p;
	for (;;) {
		char *f = csv_field(c, a, r);
		if (r->error) {
			/* give up on this record: resume at the next line */
			while (c->p < c->end && !is_eol(c))
				c->p++;
			r->rawlen = (size_t)(c->p - r->raw);
			if (c->p < c->end)
				skip_eol(c);
			return 1;
		}
		if (r->n < CSV_MAX_FIELDS)
			r->f[r->n] = trim(f);
		r->n++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		break;
	}
	r->rawlen = (size_t)(c->p - r->raw);
	if (c->p < c->end)
		skip_eol(c);
	return 1;
}

/* --- CSV import --------------------------------------------------------------------- */

enum col { COL_CODE, COL_NAME, COL_KIND, COL_PARENT, COL_FROM, COL_TO, COL_SUCC, NCOLS };

static const char *const col_names[NCOLS] = {
	"code", "name", "kind", "parent", "valid_from", "valid_to", "succession",
};

struct seen_code {
	const char *code;
	long line;
};

struct pred {
	const char *kind;     /* merged_from, split_from, renamed_from */
	const char *code;
};

#define MAX_PREDS 64

struct import {
	struct org_run run;   /* the context; run.a is ctx->arena */
	struct db *db;
	struct arena *a;
	struct org_import_report *rep;
	size_t rej_cap;
	int64_t today;        /* the start of the current Vietnam day */
	int col[NCOLS];       /* field index of each column, -1 if absent */
	size_t ncols;
	struct seen_code *seen;  /* open addressing, power-of-two size */
	size_t seen_cap, seen_n;
	int64_t *closed;      /* units this import closed */
	size_t nclosed, closed_cap;
};

/* Add a rejected line; -1 when out of memory. */
__attribute__((format(printf, 3, 4)))
static int reject(struct import *im, long line, const char *fmt, ...)
{
	struct org_import_report *rep = im->rep;
	void *items = rep->rejected;
	if (rows_grow(im->a, &items, rep->nrejected, &im->rej_cap, sizeof(*rep->rejected)) < 0)
		return -1;
	rep->rejected = items;
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* a long quoted field may have been cut inside a character: drop the
	 * partial sequence (the line itself was checked to be UTF-8) */
	if (len >= (int)sizeof(buf))
		for (size_t n = sizeof(buf) - 1; n && !utf8_valid(buf, n); n--)
			buf[n - 1] = '\0';
	const char *reason = arena_strdup(im->a, buf);
	if (!reason)
		return -1;
	rep->rejected[rep->nrejected].line = line;
	rep->rejected[rep->nrejected].reason = reason;
	rep->nrejected++;
	return 0;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The line that first used `code` in this file (0 if none), recording it
 * for `line` when new. -1 when out of memory. */
static long seen_code(struct import *im, const char *code, long line)
{
	if (im->seen_n * 2 >= im->seen_cap) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 256;
		struct seen_code *t = arena_zalloc(im->a, cap * sizeof(*t));
		if (!t)
			return -1;
		for (size_t i = 0; i < im->seen_cap; i++) {
			if (!im->seen[i].code)
				continue;
			size_t k = hash_str(im->seen[i].code) & (cap - 1);
			while (t[k].code)
				k = (k + 1) & (cap - 1);
			t[k] = im->seen[i];
		}
		im->seen = t;
		im->seen_cap = cap;
	}
	size_t k = hash_str(code) & (im->seen_cap - 1);
	while (im->seen[k].code) {
		if (!strcmp(im->seen[k].code, code))
			return im->seen[k].line;
		k = (k + 1) & (im->seen_cap - 1);
	}
	im->seen[k].code = code;
	im->seen[k].line = line;
	im->seen_n++;
	return 0;
}

/* Parse "merged_from:A B; split_from:C" into preds; -1 on bad syntax. */
static int parse_succession(struct arena *a, const char *s, struct pred *preds, size_t *n)
{
	*n = 0;
	char *copy = arena_strdup(a, s), *p = copy;
	if (!copy)
		return -1;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (!*p)
			break;
		char *item = p;
		while (*p && *p != ';')
			p++;
		if (*p)
			*p++ = '\0';
		char *colon = strchr(item, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		const char *kind = trim(item);
		if (strcmp(kind, "merged_from") && strcmp(kind, "split_from") && strcmp(kind, "renamed_from"))
			return -1;
		char *codes = colon + 1;
		size_t before = *n;
		while (*codes) {
			while (*codes == ' ' || *codes == ',' || *codes == '\t')
				codes++;
			if (!*codes)
				break;
			char *code = codes;
			while (*codes && *codes != ' ' && *codes != ',' && *codes != '\t')
				codes++;
			if (*codes)
				*codes++ = '\0';
			if (!org_code_valid(code) || *n >= MAX_PREDS)
				return -1;
			preds[*n].kind = kind;
			preds[(*n)++].code = code;
		}
		if (*n == before)
			return -1;
	}
	return 0;
}

/* A date column: 0 with *at set (UNIT_OPEN when empty), -1 when malformed. */
static int parse_at(const char *s, int64_t *at)
{
	int64_t day;
	if (!*s) {
		*at = UNIT_OPEN;
		return 0;
	}
	if (parse_date(s, &day) < 0 || day < days_from_civil(1900, 1, 1))
		return -1;
	*at = vn_day_start(day);
	return 0;
}

static const char *ymd(int64_t at, char buf[11])
{
	return fmt_ymd(vn_day_of(at), buf);
}

static int read_header(struct import *im, struct csv_record *r)
{
	for (int i = 0; i < NCOLS; i++)
		im->col[i] = -1;
	if (r->error)
		return reject(im, r->line, "bad header: %s", r->error) < 0 ? APP_ERROR : APP_VALIDATION;
	if (!utf8_valid(r->raw, r->rawlen))
		return reject(im, r->line, "bad header: invalid UTF-8") < 0 ? APP_ERROR : APP_VALIDATION;
	if (r->n > NCOLS)
		return reject(im, r->line, "bad header: %zu columns, expected "
			      "code,name,kind,parent,valid_from,valid_to[,succession]", r->n) < 0 ? APP_ERROR : APP_VALIDATION;
	for (size_t i = 0; i < r->n; i++) {
		for (char *p = r->f[i]; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		int k;
		for (k = 0; k < NCOLS; k++)
			if (!strcmp(r->f[i], col_names[k]))
				break;
		if (k == NCOLS)
			return reject(im, r->line, "bad header: unknown column '%s' (expected "
				      "code,name,kind,parent,valid_from,valid_to[,succession])", r->f[i]) < 0
				? APP_ERROR : APP_VALIDATION;
		if (im->col[k] >= 0)
			return reject(im, r->line, "bad header: column '%s' appears twice", r->f[i]) < 0
				? APP_ERROR : APP_VALIDATION;
		im->col[k] = (int)i;
	}
	for (int k = 0; k < COL_SUCC; k++)
		if (im->col[k] < 0)
			return reject(im, r->line, "bad header: missing column '%s'", col_names[k]) < 0
				? APP_ERROR : APP_VALIDATION;
	im->ncols = r->n;
	return APP_OK;
}

static const char *field(const struct import *im, const struct csv_record *r, enum col c)
{
	return im->col[c] >= 0 ? r->f[im->col[c]] : "";
}

/* Remember a unit this import closed, for the final grant sweep. */
static int note_closed(struct import *im, int64_t id)
{
	void *items = im->closed;
	if (rows_grow(im->a, &items, im->nclosed, &im->closed_cap, sizeof(*im->closed)) < 0)
		return -1;
	im->closed = items;
	im->closed[im->nclosed++] = id;
	return 0;
}

/* REJECT(fmt, ...): list the line as rejected and go on with the next one. */
#define REJECT(...) return reject(im, r->line, __VA_ARGS__) < 0 ? APP_ERROR : APP_OK

/*
 * One unit line: validate everything first, then write. Returns APP_OK
 * (whether the line was accepted or rejected) or APP_ERROR.
 */
static int import_line(struct import *im, struct csv_record *r)
{
	struct db *db = im->db;
	struct arena *a = im->a;
	char b1[11], b2[11];
	struct unit existing, parent, u;
	struct pred preds[MAX_PREDS];
	struct unit pred_units[MAX_PREDS];
	size_t npreds = 0;
	int problem, have_existing, have_parent;
	int64_t vf, vt;

	im->rep->units++;
	if (r->error)
		REJECT("%s", r->error);
	if (!utf8_valid(r->raw, r->rawlen))
		REJECT("invalid UTF-8");
	if (r->n != im->ncols)
		REJECT("expected %zu fields, found %zu", im->ncols, r->n);

	const char *code = field(im, r, COL_CODE);
	if (!*code)
		REJECT("missing code");
	if (!org_code_valid(code))
		REJECT("invalid code '%s': use 1 to 32 letters, digits, '.', '_' or '-'", code);
	long first = seen_code(im, code, r->line);
	if (first < 0)
		return APP_ERROR;
	if (first)
		REJECT("duplicate code '%s' (already on line %ld)", code, first);

	const char *name = org_clean_name(a, field(im, r, COL_NAME), &problem);
	if (problem == ORG_NAME_EMPTY)
		REJECT("missing name");
	if (problem == ORG_NAME_LONG)
		REJECT("name longer than %d characters", UNIT_NAME_MAX);
	if (problem == ORG_NAME_BAD)
		REJECT("name contains control characters");
	if (problem == ORG_NAME_NOMEM)
		return APP_ERROR;

	const char *kind = field(im, r, COL_KIND);
	if (!unit_kind_valid(kind))
		REJECT("unknown kind '%s' (use party_committee, party_cell, government, agency, front, women, "
		       "youth, veterans, farmers, trade_union, residential_group or other)", kind);

	const char *sfrom = field(im, r, COL_FROM), *sto = field(im, r, COL_TO);
	if (parse_at(sfrom, &vf) < 0)
		REJECT("bad date '%s' in valid_from: use YYYY-MM-DD or DD/MM/YYYY", sfrom);
	if (parse_at(sto, &vt) < 0)
		REJECT("bad date '%s' in valid_to: use YYYY-MM-DD or DD/MM/YYYY", sto);
	if (vf != UNIT_OPEN && vf > im->today)
		REJECT("valid_from %s is in the future", ymd(vf, b1));
	if (vt != UNIT_OPEN && vt > im->today)
		REJECT("valid_to %s is in the future", ymd(vt, b1));
	if (vf != UNIT_OPEN && vt != UNIT_OPEN && vt <= vf)
		REJECT("valid_to must be after valid_from");

	const char *succ = field(im, r, COL_SUCC);
	if (*succ && parse_succession(a, succ, preds, &npreds) < 0)
		REJECT("bad succession '%s': use merged_from:CODE, split_from:CODE or renamed_from:CODE, "
		       "several separated by ';'", succ);

	const char *pcode = field(im, r, COL_PARENT);
	have_parent = *pcode != '\0';
	if (have_parent) {
		if (!strcmp(pcode, code))
			REJECT("a unit cannot be its own parent");
		int rc = org_code_valid(pcode) ? unit_get_by_code(db, a, pcode, &parent) : DB_NOTFOUND;
		if (rc == DB_NOTFOUND)
			REJECT("unknown parent '%s' (a parent must exist or come earlier in the file)", pcode);
		if (rc < 0)
			return APP_ERROR;
	}

	int rc = unit_get_by_code(db, a, code, &existing);
	if (rc < 0 && rc != DB_NOTFOUND)
		return APP_ERROR;
	have_existing = rc == DB_OK;

	int rename = 0, move = 0, close = 0;
	int64_t start;   /* the unit's first day, for the succession check */
	if (!have_existing) {
		if (vf == UNIT_OPEN)
			vf = im->today;
		if (vt != UNIT_OPEN && vt <= vf)
			REJECT("valid_to must be after valid_from (%s)", ymd(vf, b1));
		if (have_parent && parent.valid_from > vf)
			REJECT("parent '%s' starts on %s, after this unit", pcode, ymd(parent.valid_from, b1));
		if (have_parent && parent.valid_to != UNIT_OPEN && (vt == UNIT_OPEN || vt > parent.valid_to))
			REJECT("parent '%s' closed on %s: this unit must close by then too", pcode,
			       ymd(parent.valid_to, b1));
		start = vf;
	} else {
		if (strcmp(existing.kind, kind))
			REJECT("kind differs from the database ('%s'); a unit's kind cannot change", existing.kind);
		if (vf != UNIT_OPEN && vf != existing.valid_from)
			REJECT("valid_from differs from the database (%s)", ymd(existing.valid_from, b1));
		int64_t pid = have_parent ? parent.id : 0;
		if (existing.valid_to != UNIT_OPEN) {
			if (vt == UNIT_OPEN)
				REJECT("unit was closed on %s; a closed unit cannot be reopened",
				       ymd(existing.valid_to, b1));
			if (vt != existing.valid_to)
				REJECT("valid_to differs from the database (%s)", ymd(existing.valid_to, b1));
			if (strcmp(name, existing.name) || pid != existing.parent_id)
				REJECT("unit is closed; its name and parent can no longer change");
		} else {
			rename = strcmp(name, existing.name) != 0;
			move = pid != existing.parent_id;
			close = vt != UNIT_OPEN;
			if (close && (rename || move))
				REJECT("cannot rename or move a unit on the line that closes it");
			if (move && have_parent) {
				if (parent.valid_to != UNIT_OPEN)
					REJECT("parent '%s' is closed", pcode);
				int within = unit_is_within(db, parent.id, existing.id);
				if (within < 0)
					return APP_ERROR;
				if (within)
					REJECT("moving under '%s' would put the unit inside itself", pcode);
			}
			if (close) {
				int64_t kids, vstart;
				if (vt <= existing.valid_from)
					REJECT("valid_to must be after valid_from (%s)", ymd(existing.valid_from, b1));
				if (unit_version_start(db, existing.id, &vstart) < 0 ||
				    unit_count_open_children(db, existing.id, &kids) < 0)
					return APP_ERROR;
				if (vt < vstart)
					REJECT("valid_to %s is before the unit's latest change (%s)", ymd(vt, b1),
					       ymd(vstart, b2));
				if (kids)
					REJECT("unit has %lld open sub-units: close or move them first "
					       "(on earlier lines)", (long long)kids);
			}
		}
		start = existing.valid_from;
	}

	for (size_t i = 0; i < npreds; i++) {
		if (!strcmp(preds[i].code, code))
			REJECT("a unit cannot succeed itself");
		rc = unit_get_by_code(db, a, preds[i].code, &pred_units[i]);
		if (rc == DB_NOTFOUND)
			REJECT("unknown predecessor '%s' (it must exist or come earlier in the file)", preds[i].code);
		if (rc < 0)
			return APP_ERROR;
		if (pred_units[i].valid_to != start)
			REJECT("predecessor '%s' must close on %s, the day this unit starts (%s)", preds[i].code,
			       ymd(start, b1), pred_units[i].valid_to == UNIT_OPEN ? "it is still open"
			       : ymd(pred_units[i].valid_to, b2));
	}

	/* everything checked: write */
	int changed = 0;
	if (!have_existing) {
		memset(&u, 0, sizeof(u));
		u.code = code;
		u.name = name;
		u.kind = kind;
		u.parent_id = have_parent ? parent.id : 0;
		u.parent_code = have_parent ? parent.code : NULL;
		u.valid_from = vf;
		u.valid_to = vt;
		if (org_insert_unit(&im->run, &u, "import") < 0)
			return APP_ERROR;
		im->rep->created++;
	} else {
		u = existing;
		if (rename || move) {
			if (org_change_unit(&im->run, &existing, name, have_parent ? &parent : NULL, im->today,
					    "import") < 0)
				return APP_ERROR;
			changed = 1;
		}
		if (close) {
			if (unit_close(db, existing.id, vt, im->run.ctx->now) < 0 || note_closed(im, existing.id) < 0 ||
			    org_audit_unit(&im->run, "unit.close", code,
					   json_pack("{s:o, s:s}", "date", org_date_json(vt), "source", "import")) < 0)
				return APP_ERROR;
			u.valid_to = vt;
			changed = 1;
		}
	}
	for (size_t i = 0; i < npreds; i++) {
		const struct unit *p = &pred_units[i];
		int split = !strcmp(preds[i].kind, "split_from");
		const char *edge = split ? "split_from" : !strcmp(preds[i].kind, "merged_from")
			? "merged_into" : "renamed_to";
		int64_t now = im->run.ctx->now;
		int ins = split ? unit_succession_insert(db, u.id, p->id, edge, start, now)
				: unit_succession_insert(db, p->id, u.id, edge, start, now);
		if (ins < 0)
			return APP_ERROR;
		if (!ins)
			continue;
		if (org_audit_unit(&im->run, "unit.succession", u.code,
				   json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", split ? u.code : p->code, "to",
					     split ? p->code : u.code, "kind", edge, "date", org_date_json(start),
					     "source", "import")) < 0)
			return APP_ERROR;
		im->rep->successions++;
		if (u.valid_to == UNIT_OPEN) {
			size_t moved = 0;
			if (unit_move_open_work(db, im->run.ctx->actor, p->id, u.id, now, &moved) < 0)
				return APP_ERROR;
			im->rep->moved += moved;
		}
		changed = 1;
	}
	if (have_existing) {
		if (changed)
			im->rep->updated++;
		else
			im->rep->unchanged++;
	}
	return APP_OK;
}

#undef REJECT

int org_import_csv(const struct app_ctx *ctx, const char *text, size_t len, unsigned flags,
		   struct org_import_report *rep)
{
	struct import im;
	struct csv c;
	struct csv_record r;
	struct db *db = ctx->db;
	struct arena *a = ctx->arena;
	int rc = APP_OK;
	memset(rep, 0, sizeof(*rep));
	memset(&im, 0, sizeof(im));
	im.run.ctx = ctx;
	im.run.a = a;
	im.db = db;
	im.a = a;
	im.rep = rep;
	im.today = vn_day_start(vn_day_of(ctx->now));
	c.p = text;
	c.end = text + len;
	c.line = 1;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.p += 3;
	if (ctx->actor->account_id) {
		int root = perm_admin_root(db, ctx->actor->account_id);
		if (root != 1) {
			rep->rolled_back = 1;
			if (root < 0)
				return APP_ERROR;
			return reject(&im, 1, "only a root administrator may import the tree") < 0 ? APP_ERROR
												   : APP_FORBIDDEN;
		}
	}
	if (!csv_next(&c, a, &r)) {
		rep->rolled_back = 1;
		return reject(&im, 1, "empty file: expected the header code,name,kind,parent,valid_from,valid_to")
			< 0 ? APP_ERROR : APP_VALIDATION;
	}
	if ((rc = read_header(&im, &r)) != APP_OK) {
		rep->rolled_back = 1;
		return rc;
	}
	if (db_begin(db) < 0)
		return APP_ERROR;
	while (rc == APP_OK && csv_next(&c, a, &r))
		rc = import_line(&im, &r);
	for (size_t i = 0; rc == APP_OK && i < im.nclosed; i++)
		rc = org_revoke_unit_grants(&im.run, im.closed[i], &rep->revoked);
	if (rc == APP_OK && rep->nrejected && (flags & ORG_IMPORT_STRICT))
		rc = APP_VALIDATION;
	if (rc != APP_OK) {
		db_rollback(db);
		rep->rolled_back = 1;
		return rc;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		rep->rolled_back = 1;
		return APP_ERROR;
	}
	return APP_OK;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

void org_import_summary(const struct org_import_report *rep, char *buf, size_t len)
{
	size_t good = rep->units - rep->nrejected;
	if (rep->rolled_back && !rep->units)
		snprintf(buf, len, "nothing imported");
	else if (rep->rolled_back)
		snprintf(buf, len, "nothing imported (all or nothing: %zu of %zu line%s accepted)", good,
			 rep->units, plural(rep->units));
	else if (!rep->created && !rep->updated && !rep->successions)
		snprintf(buf, len, "unchanged: %s%zu unit%s already match%s the database", good == 1 ? "" : "all ",
			 good, plural(good), good == 1 ? "es" : "");
	else
		snprintf(buf, len, "imported %zu unit%s (%zu new, %zu updated, %zu unchanged), %zu succession link%s",
			 rep->created + rep->updated, plural(rep->created + rep->updated), rep->created,
			 rep->updated, rep->unchanged, rep->successions, plural(rep->successions));
}
