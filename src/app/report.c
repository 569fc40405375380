/*
 * report.c - review reports: the request checked, the units counted (the
 * tree as it stood or as it is now), the figures of the indicator
 * catalogue summed per sub-unit and per period from one grouped query per
 * kind of record, the comparisons, and the records behind one figure.
 */
#include "app/report.h"

#include "app/perm.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/legal_rule.h"
#include "store/rollup.h"
#include "store/rows.h"
#include "store/stamp.h"

#include <sodium.h>
#include <jansson.h>
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_DEPTH 64

/* The organisation, loaded once per report: every unit (open and closed),
 * by id, with its parent's index and where its records are counted. */
struct id_index {
	int64_t id;
	size_t i;
};

struct org {
	struct unit *u;
	size_t n;
	struct id_index *by_id; /* (id, index in u[]) sorted by id */
	long *parent;       /* index of the parent, -1 for a root or an unknown parent */
	long *fold;         /* tree now: the open unit its records go to, -1: none; -2 not yet known */
	long *edge_to;      /* a merged_into/renamed_to successor's index, -1 none */
	long *bucket;       /* the by_unit row of each unit, -1: not counted */
};

static int cmp_by_id(const void *x, const void *y)
{
	int64_t a = ((const struct id_index *)x)->id, b = ((const struct id_index *)y)->id;
	return a < b ? -1 : a > b;
}

static long org_find(const struct org *o, int64_t id)
{
	size_t lo = 0, hi = o->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int64_t v = o->by_id[mid].id;
		if (v == id)
			return (long)o->by_id[mid].i;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * The tree itself (every unit ever, by id, parents and successors) read
 * once per version of the 'unit' stamp (migration 0044: every change to a
 * unit or a succession bumps it in the same transaction) and shared by the
 * process's requests: a city's 3,263 units and their successions took 8-10
 * ms of a ward's month on PostgreSQL. Read only once made; a request holds
 * a reference until its arena is released, so a newer tree can replace it
 * meanwhile.
 */
struct org_snap {
	struct arena arena;
	int64_t stamp;
	unsigned refs; /* the requests holding it, and the cache's own */
	struct unit *u;
	size_t n;
	struct id_index *by_id;
	long *parent, *edge_to;
};
static struct org_snap *org_cached;
static pthread_mutex_t org_lock = PTHREAD_MUTEX_INITIALIZER;

static void org_snap_put(void *data)
{
	struct org_snap *s = data;
	pthread_mutex_lock(&org_lock);
	int last = --s->refs == 0;
	pthread_mutex_unlock(&org_lock);
	if (last) {
		arena_release(&s->arena);
		free(s);
	}
}

static int org_snap_read(struct db *db, struct org_snap *s)
{
	struct arena *a = &s->arena;
	struct unit_list ul;
	if (unit_list(db, a, UNIT_LIST_CLOSED, &ul) < 0)
		return APP_ERROR;
	s->u = ul.items;
	s->n = ul.n;
	size_t n = s->n ? s->n : 1;
	s->by_id = arena_alloc(a, n * sizeof(struct id_index));
	s->parent = arena_alloc(a, n * sizeof(long));
	s->edge_to = arena_alloc(a, n * sizeof(long));
	if (!s->by_id || !s->parent || !s->edge_to)
		return APP_ERROR;
	for (size_t i = 0; i < s->n; i++) {
		s->by_id[i].id = s->u[i].id;
		s->by_id[i].i = i;
	}
	qsort(s->by_id, s->n, sizeof(struct id_index), cmp_by_id);
	struct org o = { s->u, s->n, s->by_id, NULL, NULL, NULL, NULL };
	for (size_t i = 0; i < s->n; i++) {
		s->parent[i] = s->u[i].parent_id ? org_find(&o, s->u[i].parent_id) : -1;
		s->edge_to[i] = -1;
	}
	int64_t *pairs = NULL;
	size_t np = 0;
	if (indicator_fold_edges(db, a, &pairs, &np) < 0)
		return APP_ERROR;
	for (size_t i = 0; i < np; i++) {
		long f = org_find(&o, pairs[2 * i]), t = org_find(&o, pairs[2 * i + 1]);
		if (f >= 0 && t >= 0 && s->edge_to[f] < 0)
			s->edge_to[f] = t;
	}
	return APP_OK;
}

/* The tree of the current stamp: the cached one, or read and cached; a
 * reference held by the request's arena. NULL on failure. */
static struct org_snap *org_snap_get(const struct app_ctx *ctx)
{
	int64_t stamp = 0;
	int known = stamp_for_cache(ctx->db, "unit", &stamp);
	if (known < 0)
		return NULL;
	struct org_snap *s = NULL;
	pthread_mutex_lock(&org_lock);
	if (known && org_cached && org_cached->stamp == stamp) {
		s = org_cached;
		s->refs++;
	}
	pthread_mutex_unlock(&org_lock);
	if (!s) {
		if (!(s = calloc(1, sizeof(*s))))
			return NULL;
		arena_init(&s->arena, 64 * 1024);
		s->stamp = stamp;
		s->refs = 1;
		if (org_snap_read(ctx->db, s) != APP_OK) {
			org_snap_put(s);
			return NULL;
		}
		struct org_snap *old = NULL;
		pthread_mutex_lock(&org_lock);
		if (known) {
			old = org_cached;
			org_cached = s;
			s->refs++;
		}
		pthread_mutex_unlock(&org_lock);
		if (old)
			org_snap_put(old);
	}
	return arena_defer(ctx->arena, org_snap_put, s) < 0 ? NULL : s;
}

static int org_load(const struct app_ctx *ctx, struct org *o)
{
	struct org_snap *s = org_snap_get(ctx);
	if (!s)
		return APP_ERROR;
	o->u = s->u;
	o->n = s->n;
	o->by_id = s->by_id;
	o->parent = s->parent;
	o->edge_to = s->edge_to;
	size_t n = o->n ? o->n : 1;
	o->fold = arena_alloc(ctx->arena, n * sizeof(long));
	o->bucket = arena_alloc(ctx->arena, n * sizeof(long));
	if (!o->fold || !o->bucket)
		return APP_ERROR;
	for (size_t i = 0; i < o->n; i++) {
		o->fold[i] = -2;
		o->bucket[i] = -1;
	}
	return APP_OK;
}

/* Tree now: the open unit a unit's records belong to today: itself when
 * open; else its successor's (merged into, renamed to); else its
 * parent's; -1 when the chain ends nowhere open. */
static long org_fold(struct org *o, long i)
{
	long path[FOLD_DEPTH];
	size_t np = 0;
	long cur = i, res = -1;
	while (cur >= 0 && np < FOLD_DEPTH) {
		if (o->fold[cur] != -2) {
			res = o->fold[cur];
			break;
		}
		path[np++] = cur;
		if (o->u[cur].valid_to == UNIT_OPEN) {
			res = cur;
			break;
		}
		cur = o->edge_to[cur] >= 0 ? o->edge_to[cur] : o->parent[cur];
	}
	for (size_t k = 0; k < np; k++)
		o->fold[path[k]] = res;
	return res;
}

/* The child of `top` on the way up from `i` (or top itself when i == top);
 * -1 when `top` is not above `i`. */
static long org_below(const struct org *o, long i, long top)
{
	long prev = -1, cur = i;
	for (int depth = 0; cur >= 0 && depth < FOLD_DEPTH; depth++) {
		if (cur == top)
			return prev >= 0 ? prev : top;
		prev = cur;
		cur = o->parent[cur];
	}
	return -1;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* --- the request ------------------------------------------------------------- */

struct scope {
	struct org org;
	long top;
	int tree_now;
	int64_t from_day, to_day;
	struct report_bucket *b;
	size_t nb;
	long *bucket_of_unit;   /* per org index: row in b[], -1 */
	int64_t *ids;
	size_t nids;
};

static int valid_day(const char *s, int64_t *day)
{
	return s && *s && parse_date(s, day) == 0;
}

static int scope_build(const struct app_ctx *ctx, const struct report_request *rq, struct scope *sc,
		       struct app_errors *errs)
{
	struct arena *a = ctx->arena;
	memset(sc, 0, sizeof(*sc));
	app_errors_clear(errs);
	if (!rq->unit || !*rq->unit)
		app_errors_add(errs, "unit", "Vui lòng chọn đơn vị.");
	if (!rq->from || !*rq->from)
		app_errors_add(errs, "from", "Vui lòng nhập ngày bắt đầu.");
	else if (!valid_day(rq->from, &sc->from_day))
		app_errors_add(errs, "from", "Ngày bắt đầu không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).");
	if (!rq->to || !*rq->to)
		app_errors_add(errs, "to", "Vui lòng nhập ngày kết thúc.");
	else if (!valid_day(rq->to, &sc->to_day))
		app_errors_add(errs, "to", "Ngày kết thúc không hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).");
	else if (!app_errors_get(errs, "from") && sc->to_day < sc->from_day)
		app_errors_add(errs, "to", "Ngày kết thúc phải không trước ngày bắt đầu.");
	else if (!app_errors_get(errs, "from") && sc->to_day - sc->from_day >= REPORT_MAX_DAYS)
		app_errors_add(errs, "to", "Kỳ báo cáo dài nhất là 40 năm.");
	if (rq->tree && *rq->tree && strcmp(rq->tree, "then") && strcmp(rq->tree, "now"))
		app_errors_add(errs, "tree", "Cơ cấu phải là then (như khi đó) hoặc now (như hiện nay).");
	sc->tree_now = rq->tree && !strcmp(rq->tree, "now");
	if (errs->n)
		return APP_VALIDATION;

	if (org_load(ctx, &sc->org) < 0)
		return APP_ERROR;
	struct org *o = &sc->org;
	sc->top = -1;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->u[i].code, rq->unit))
			sc->top = (long)i;
	if (sc->top < 0)
		return APP_NOT_FOUND;
	const struct unit *top = &o->u[sc->top];
	if (sc->tree_now && top->valid_to != UNIT_OPEN) {
		app_errors_add(errs, "tree", "Đơn vị này không còn tồn tại: chỉ xem được theo cơ cấu khi đó (then).");
		return APP_VALIDATION;
	}
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	int reach = rq->system ? 1 : acct ? perm_has(ctx->db, acct, top->id, ROLE_ALL) : 0;
	if (reach < 0)
		return APP_ERROR;
	if (!reach && acct && top->valid_to != UNIT_OPEN) {
		long f = org_fold(o, sc->top);
		reach = f >= 0 ? perm_has(ctx->db, acct, o->u[f].id, ROLE_ALL) : 0;
		if (reach < 0)
			return APP_ERROR;
	}
	if (!reach)
		return APP_FORBIDDEN;

	/* the rows: the unit itself, then its sub-units (as they stood: every
	 * child ever; now: the open ones), by code (units are listed by code) */
	sc->bucket_of_unit = arena_alloc(a, (o->n ? o->n : 1) * sizeof(long));
	sc->b = arena_zalloc(a, (o->n + 1) * sizeof(*sc->b));
	sc->ids = arena_alloc(a, (o->n ? o->n : 1) * sizeof(int64_t));
	if (!sc->bucket_of_unit || !sc->b || !sc->ids)
		return APP_ERROR;
	long *row_of = sc->bucket_of_unit;
	for (size_t i = 0; i < o->n; i++)
		row_of[i] = -1;
	struct report_bucket *self = &sc->b[sc->nb++];
	self->unit_id = top->id;
	self->code = top->code;
	self->name = top->name;
	self->self = 1;
	self->closed = top->valid_to != UNIT_OPEN;
	self->valid_to = self->closed ? top->valid_to : 0;
	long *child_row = arena_alloc(a, (o->n ? o->n : 1) * sizeof(long));
	if (!child_row)
		return APP_ERROR;
	for (size_t i = 0; i < o->n; i++) {
		child_row[i] = -1;
		if (o->parent[i] != sc->top)
			continue;
		int open = o->u[i].valid_to == UNIT_OPEN;
		if (sc->tree_now && !open)
			continue;
		/* as it stood: only sub-units that existed at some time of the period */
		if (!sc->tree_now && (vn_day_of(o->u[i].valid_from) > sc->to_day ||
				      (!open && vn_day_of(o->u[i].valid_to) <= sc->from_day)))
			continue;
		struct report_bucket *b = &sc->b[sc->nb];
		child_row[i] = (long)sc->nb++;
		b->unit_id = o->u[i].id;
		b->code = o->u[i].code;
		b->name = o->u[i].name;
		b->closed = !open;
		b->valid_to = open ? 0 : o->u[i].valid_to;
	}

	/* where each unit's records go */
	struct sbuf **folded = arena_zalloc(a, (sc->nb ? sc->nb : 1) * sizeof(*folded));
	if (!folded)
		return APP_ERROR;
	for (size_t i = 0; i < o->n; i++) {
		long home = (long)i;
		if (sc->tree_now) {
			home = org_fold(o, (long)i);
			if (home < 0)
				continue;
		}
		long below = org_below(o, home, sc->top);
		if (below < 0)
			continue;
		long row = below == sc->top ? 0 : child_row[below];
		if (row < 0)
			continue; /* tree then: a sub-unit outside the period, and all below it */
		row_of[i] = row;
		sc->ids[sc->nids++] = o->u[i].id;
		/* label the rows with what was folded into them by a merger or renaming */
		if (sc->tree_now && home != (long)i && o->edge_to[i] >= 0) {
			if (!folded[row] && !(folded[row] = arena_sbuf(a, 16 * 1024)))
				return APP_ERROR;
			if ((folded[row]->len && sbuf_addstr(folded[row], ", ") < 0) ||
			    sbuf_addstr(folded[row], o->u[i].name) < 0)
				return APP_ERROR;
		}
	}
	for (size_t r = 0; r < sc->nb; r++)
		if (folded[r] && sbuf_ok(folded[r]))
			sc->b[r].folded = folded[r]->buf;
	qsort(sc->ids, sc->nids, sizeof(int64_t), cmp_i64);
	return APP_OK;
}

/* --- counting ------------------------------------------------------------------ */

static struct report_value *values_new(struct arena *a)
{
	return arena_zalloc(a, indicators_count * sizeof(struct report_value));
}

/* Working days from day to day + lag: the announced calendar, else Monday
 * to Friday for days it does not cover. */
static int64_t working_days(const struct calendar *cal, int64_t day, int64_t lag)
{
	int wd = cal ? calendar_working_days_between(cal, day, day + lag) : -1;
	if (wd >= 0)
		return wd;
	int64_t n = 0;
	for (int64_t d = day + 1; d <= day + lag; d++) {
		int w = weekday_from_days(d);
		n += w >= 1 && w <= 5;
	}
	return n;
}

static void value_add(struct report_value *v, const struct ind_row *r, size_t i, int64_t wd)
{
	v[i].num += r->num[i];
	v[i].den += r->den[i];
	if (indicators[i].kind == IND_AVG_WD && r->lag >= 0)
		v[i].wd_sum += r->num[i] * wd;
	else if (indicators[i].kind == IND_AVG_WD && r->lag == IND_LAG_SUMMED)
		v[i].wd_sum += r->wd; /* a month or year of the roll-ups: added up already */
}

/* Dialogues required: for each calendar year the period touches, the
 * per-year rule in force on its last day within the period. */
static int64_t dialogues_required(struct db *db, int64_t from_day, int64_t to_day)
{
	int y0, y1, m, d;
	civil_from_days(from_day, &y0, &m, &d);
	civil_from_days(to_day, &y1, &m, &d);
	int64_t sum = 0;
	for (int y = y0; y <= y1; y++) {
		int64_t last = days_from_civil(y, 12, 31);
		if (last > to_day)
			last = to_day;
		sum += legal_rule_amount(db, "dialogue.per_year", (int32_t)last, 0);
	}
	return sum;
}

static void values_finish(struct db *db, struct report_value *v, int64_t from_day, int64_t to_day, int required)
{
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		struct report_value *x = &v[i];
		switch (ind->kind) {
		case IND_COUNT:
		case IND_SUM:
			x->has_value = 1;
			x->value = (double)x->num;
			break;
		case IND_PCT:
			x->has_value = x->den > 0;
			x->value = x->den ? 100.0 * (double)x->num / (double)x->den : 0;
			break;
		case IND_AVG_WD:
			x->has_value = x->num > 0;
			x->value = x->num ? (double)x->wd_sum / (double)x->num : 0;
			break;
		case IND_REQUIRED:
			x->has_value = required;
			x->num = required ? dialogues_required(db, from_day, to_day) : 0;
			x->value = (double)x->num;
			break;
		}
	}
}

/* Which by_period row a day falls in. */
static size_t period_of(const struct report *r, int64_t day)
{
	for (size_t p = 0; p < r->nperiods; p++)
		if (day >= r->by_period[p].from_day && day <= r->by_period[p].to_day)
			return p;
	return r->nperiods;
}

static const char *const roman[] = { "I", "II", "III", "IV" };

static int periods_build(struct arena *a, struct report *r)
{
	int64_t span = r->to_day - r->from_day + 1;
	int step = span <= 366 ? 1 : span <= 3 * 366 ? 3 : 12;
	r->granularity = step == 1 ? "month" : step == 3 ? "quarter" : "year";
	int y, m, d;
	civil_from_days(r->from_day, &y, &m, &d);
	m = (m - 1) / step * step + 1;
	size_t cap = (size_t)(span / 28 / step + 3);
	r->by_period = arena_zalloc(a, cap * sizeof(*r->by_period));
	if (!r->by_period)
		return -1;
	for (;;) {
		int64_t start = days_from_civil(y, m, 1);
		if (start > r->to_day || r->nperiods >= cap)
			break;
		int ny = y, nm = m + step;
		if (nm > 12) {
			nm -= 12;
			ny++;
		}
		int64_t end = days_from_civil(ny, nm, 1) - 1;
		struct report_period *p = &r->by_period[r->nperiods++];
		p->from_day = start < r->from_day ? r->from_day : start;
		p->to_day = end > r->to_day ? r->to_day : end;
		p->label = step == 1 ? arena_printf(a, "Tháng %d/%d", m, y)
			   : step == 3 ? arena_printf(a, "Quý %s/%d", roman[(m - 1) / 3], y)
				       : arena_printf(a, "Năm %d", y);
		if (!(p->v = values_new(a)) || !p->label)
			return -1;
		y = ny;
		m = nm;
	}
	return 0;
}

/* Where the groups of one pass go: up to three periods (the report's,
 * the previous one, the year before), the first with its rows by unit and
 * by period. */
struct count_target {
	int64_t from_day, to_day;
	struct report_value *v;
	struct report *r; /* the rows by unit and by period, or NULL */
};

struct count_pass {
	const struct app_ctx *ctx;
	const struct scope *sc;
	const struct count_target *t;
	size_t nt;
	/* the source's indicators (indexes in indicators[]), and the bucket of
	 * the last row's unit: rows come by unit (tens of thousands of them
	 * for a city's ten years) */
	size_t idx[IND_MAX_INDICATORS], nidx;
	int64_t last_unit;
	long last_b;
};

static int count_row(const struct ind_row *row, void *arg)
{
	struct count_pass *cp = arg;
	int any = 0;
	for (size_t j = 0; j < cp->nidx && !any; j++)
		any = row->num[cp->idx[j]] || row->den[cp->idx[j]];
	if (!any)
		return 0; /* a row nothing counts (a class no figure reads) */
	int64_t wd = -1;
	for (size_t k = 0; k < cp->nt; k++) {
		const struct count_target *t = &cp->t[k];
		if (row->day < t->from_day || row->day > t->to_day)
			continue;
		if (wd < 0)
			wd = row->lag >= 0 ? working_days(cp->ctx->cal, row->day, row->lag) : 0;
		long b = -1;
		size_t p = 0;
		if (t->r) {
			if (row->unit_id != cp->last_unit) {
				long ui = org_find(&cp->sc->org, row->unit_id);
				cp->last_unit = row->unit_id;
				cp->last_b = ui >= 0 ? cp->sc->bucket_of_unit[ui] : -1;
			}
			b = cp->last_b;
			p = period_of(t->r, row->day);
		}
		for (size_t j = 0; j < cp->nidx; j++) {
			size_t i = cp->idx[j];
			value_add(t->v, row, i, wd);
			if (t->r && b >= 0)
				value_add(t->r->by_unit[b].v, row, i, wd);
			if (t->r && p < t->r->nperiods)
				value_add(t->r->by_period[p].v, row, i, wd);
		}
	}
	return 0;
}

/* Sum every source's groups over the targets' days: one query per source
 * over the span of all of them when that span is no longer than their
 * lengths added (a 10-year review and the 10 years before it), else one per
 * target (a month, the month before and the same month a year before). */
static int count_into(const struct app_ctx *ctx, const struct scope *sc, const struct count_target *t, size_t nt)
{
	/* where a summed row of the roll-ups must not straddle: the targets'
	 * bounds and the first day of each period of the rows by period */
	struct ind_cuts cuts = { NULL, 0, 0 };
	size_t cap = 2 * nt;
	for (size_t k = 0; k < nt; k++)
		cap += t[k].r ? t[k].r->nperiods : 0;
	int64_t *cut = arena_alloc(ctx->arena, cap * sizeof(*cut));
	if (!cut)
		return APP_ERROR;
	for (size_t k = 0; k < nt; k++) {
		cut[cuts.n++] = t[k].from_day;
		cut[cuts.n++] = t[k].to_day + 1;
		for (size_t p = 0; t[k].r && p < t[k].r->nperiods; p++)
			cut[cuts.n++] = t[k].r->by_period[p].from_day;
	}
	cuts.days = cut;
	int ready = rollup_ready(ctx->db, ctx->cal);
	if (ready < 0)
		return APP_ERROR;
	cuts.months = ready;
	int64_t lo = t[0].from_day, hi = t[0].to_day, sum = 0;
	for (size_t k = 0; k < nt; k++) {
		lo = t[k].from_day < lo ? t[k].from_day : lo;
		hi = t[k].to_day > hi ? t[k].to_day : hi;
		sum += t[k].to_day - t[k].from_day + 1;
	}
	int one = hi - lo + 1 <= sum;
	for (int s = 0; s < IND_SRC_COUNT; s++) {
		for (size_t k = 0; k < (one ? 1 : nt); k++) {
			struct count_pass cp = { ctx, sc, one ? t : &t[k], one ? nt : 1, { 0 }, 0, INT64_MIN, -1 };
			long nidx = indicator_source_indexes((enum ind_source)s, cp.idx);
			if (nidx < 0)
				return APP_ERROR;
			cp.nidx = (size_t)nidx;
			int64_t f = one ? lo : t[k].from_day, e = one ? hi : t[k].to_day;
			if (indicator_tally(ctx->db, ctx->arena, (enum ind_source)s, sc->ids, sc->nids,
					    vn_day_start(f), vn_day_start(e + 1), ctx->now, &cuts, count_row, &cp) < 0)
				return APP_ERROR;
		}
	}
	return APP_OK;
}

static int64_t minus_year(int64_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return days_from_civil(y - 1, m, d);
}

int report_build(const struct app_ctx *ctx, const struct report_request *rq, struct report *out,
		 struct app_errors *errs)
{
	struct arena *a = ctx->arena;
	memset(out, 0, sizeof(*out));
	int64_t t0 = mono_ns();
	struct scope sc;
	int rc = scope_build(ctx, rq, &sc, errs);
	if (rc < 0)
		return rc;
	out->unit = sc.org.u[sc.top];
	out->tree_now = sc.tree_now;
	out->from_day = sc.from_day;
	out->to_day = sc.to_day;
	out->by_unit = sc.b;
	out->nbuckets = sc.nb;
	out->scope = sc.ids;
	out->nscope = sc.nids;
	/* the previous period: as many whole months before when the period is
	 * whole months (a quarter, a year, five years), else as many days */
	int fy, fm, fd, ty, tm, td;
	civil_from_days(sc.from_day, &fy, &fm, &fd);
	civil_from_days(sc.to_day + 1, &ty, &tm, &td);
	if (fd == 1 && td == 1) {
		int months = (ty * 12 + tm) - (fy * 12 + fm);
		int pm = fy * 12 + (fm - 1) - months;
		out->prev_from_day = days_from_civil(pm / 12, pm % 12 + 1, 1);
	} else {
		out->prev_from_day = sc.from_day - (sc.to_day - sc.from_day + 1);
	}
	out->prev_to_day = sc.from_day - 1;
	out->ya_from_day = minus_year(sc.from_day);
	out->ya_to_day = minus_year(sc.to_day);
	if (!(out->total = values_new(a)) || !(out->previous = values_new(a)) ||
	    !(out->year_before = values_new(a)) || periods_build(a, out) < 0)
		return APP_ERROR;
	for (size_t b = 0; b < sc.nb; b++)
		if (!(sc.b[b].v = values_new(a)))
			return APP_ERROR;
	const struct count_target targets[] = {
		{ sc.from_day, sc.to_day, out->total, out },
		{ out->prev_from_day, out->prev_to_day, out->previous, NULL },
		{ out->ya_from_day, out->ya_to_day, out->year_before, NULL },
	};
	if (count_into(ctx, &sc, targets, 3) < 0)
		return APP_ERROR;
	values_finish(ctx->db, out->total, out->from_day, out->to_day, 1);
	values_finish(ctx->db, out->previous, out->prev_from_day, out->prev_to_day, 1);
	values_finish(ctx->db, out->year_before, out->ya_from_day, out->ya_to_day, 1);
	for (size_t b = 0; b < sc.nb; b++)
		values_finish(ctx->db, sc.b[b].v, out->from_day, out->to_day, 0);
	int yearly = !strcmp(out->granularity, "year");
	for (size_t p = 0; p < out->nperiods; p++)
		values_finish(ctx->db, out->by_period[p].v, out->by_period[p].from_day, out->by_period[p].to_day,
			      yearly);
	out->elapsed_us = (mono_ns() - t0) / 1000;
	return APP_OK;
}

int report_records(const struct app_ctx *ctx, const struct report_request *rq, const char *indicator,
		   int direct, int64_t page, int64_t per_page, struct report_records *out, struct app_errors *errs)
{
	struct arena *a = ctx->arena;
	memset(out, 0, sizeof(*out));
	const struct indicator *ind = indicator_find(indicator);
	struct scope sc;
	int rc = scope_build(ctx, rq, &sc, errs);
	if (rc == APP_VALIDATION || rc == APP_OK) {
		if (!ind || ind->source >= IND_SRC_COUNT) {
			app_errors_add(errs, "indicator", "Chỉ tiêu không có hoặc không có danh sách hồ sơ.");
			return APP_VALIDATION;
		}
	}
	if (rc < 0)
		return rc;
	if (direct) {
		size_t k = 0;
		for (size_t i = 0; i < sc.nids; i++) {
			long ui = org_find(&sc.org, sc.ids[i]);
			if (ui >= 0 && sc.bucket_of_unit[ui] == 0)
				sc.ids[k++] = sc.ids[i];
		}
		sc.nids = k;
	}
	out->ind = ind;
	out->page = page < 1 ? 1 : page;
	out->per_page = per_page < 1 ? 20 : per_page;
	if (out->page > INT64_MAX / out->per_page)
		return APP_PAGE_RANGE;
	if (indicator_records(ctx->db, a, ind, sc.ids, sc.nids, vn_day_start(sc.from_day),
			      vn_day_start(sc.to_day + 1), ctx->now, (out->page - 1) * out->per_page, out->per_page,
			      &out->items, &out->n, &out->total) < 0)
		return APP_ERROR;
	out->unit_codes = arena_zalloc(a, (out->n ? out->n : 1) * sizeof(char *));
	if (!out->unit_codes)
		return APP_ERROR;
	for (size_t i = 0; i < out->n; i++) {
		long ui = org_find(&sc.org, out->items[i].unit_id);
		out->unit_codes[i] = ui >= 0 ? sc.org.u[ui].code : "";
	}
	return APP_OK;
}

const char *report_value_text(struct arena *a, const struct indicator *ind, const struct report_value *v)
{
	if (!v->has_value)
		return "-";
	if (ind->kind == IND_COUNT || ind->kind == IND_REQUIRED || ind->kind == IND_SUM) {
		/* 1.234.567: Vietnamese thousands */
		char digits[32], out[48];
		int len = snprintf(digits, sizeof(digits), "%lld", (long long)v->num);
		size_t o = 0;
		for (int i = 0; i < len && o + 2 < sizeof(out); i++) {
			if (i && (len - i) % 3 == 0 && digits[0] != '-')
				out[o++] = '.';
			out[o++] = digits[i];
		}
		out[o] = 0;
		return arena_strdup(a, out);
	}
	char buf[32];
	snprintf(buf, sizeof(buf), "%.1f", v->value);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	return arena_strdup(a, buf);
}

const char *report_ymd(struct arena *a, int64_t day)
{
	char buf[11];
	return arena_strdup(a, fmt_ymd(day, buf));
}

/* --- saved reports --------------------------------------------------------------- */

const char *const report_section_names[REPORT_SECTIONS] = { "han_che", "bai_hoc", "phuong_huong", "kien_nghi" };

/* hex BLAKE2b-256 of query, figures and sections, NUL-separated */
static void report_hash(const char *query, const char *figures, const char *sections, char out[65])
{
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)query, strlen(query) + 1);
	crypto_generichash_update(&st, (const unsigned char *)figures, strlen(figures) + 1);
	crypto_generichash_update(&st, (const unsigned char *)sections, strlen(sections));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int report_save(const struct app_ctx *ctx, const struct report *r, const char *title,
		const char *const sections[REPORT_SECTIONS], const char *figures, int64_t *id,
		struct app_errors *errs)
{
	struct arena *a = ctx->arena;
	app_errors_clear(errs);
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	int reach = acct ? perm_has(ctx->db, acct, r->unit.id, ROLE_LEADER | ROLE_FRONT | ROLE_ADMIN) : 0;
	if (reach < 0)
		return APP_ERROR;
	if (!reach) {
		app_errors_add(errs, "unit", "Chỉ lãnh đạo, Mặt trận hoặc quản trị của đơn vị được lưu báo cáo.");
		return APP_FORBIDDEN;
	}
	size_t tl = title ? strlen(title) : 0;
	while (tl && (title[tl - 1] == ' ' || title[tl - 1] == '\n' || title[tl - 1] == '\r' || title[tl - 1] == '\t'))
		tl--;
	if (!tl)
		app_errors_add(errs, "title", "Vui lòng đặt tên cho báo cáo.");
	else if (tl > REPORT_TITLE_MAX)
		app_errors_add(errs, "title", "Tên báo cáo quá dài.");
	json_t *sec = json_object();
	if (!sec)
		return APP_ERROR;
	for (size_t i = 0; i < REPORT_SECTIONS; i++) {
		const char *v = sections && sections[i] ? sections[i] : "";
		if (strlen(v) > REPORT_SECTION_MAX)
			app_errors_add(errs, report_section_names[i], "Nội dung quá dài.");
		json_object_set_new(sec, report_section_names[i], json_string(v));
	}
	if (errs->n) {
		json_decref(sec);
		return APP_VALIDATION;
	}
	char *sec_text = json_dumps(sec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(sec);
	const char *sections_json = sec_text ? arena_strdup(a, sec_text) : NULL;
	free(sec_text);
	char f[11], t[11];
	const char *query = arena_printf(a, "unit=%s&from=%s&to=%s&tree=%s", r->unit.code, fmt_ymd(r->from_day, f),
					 fmt_ymd(r->to_day, t), r->tree_now ? "now" : "then");
	const char *tcopy = arena_strndup(a, title, tl);
	if (!sections_json || !query || !tcopy || !figures)
		return APP_ERROR;
	char hash[65];
	report_hash(query, figures, sections_json, hash);
	struct saved_report row = {
		.unit_id = r->unit.id, .from_day = r->from_day, .to_day = r->to_day,
		.tree = r->tree_now ? "now" : "then", .title = tcopy, .query = query, .figures = figures,
		.sections = sections_json, .hash = hash, .created_by = acct, .created_at = ctx->now,
	};
	if (db_begin(ctx->db) < 0)
		return APP_ERROR;
	char idbuf[24];
	if (saved_report_insert(ctx->db, &row, id) < 0)
		goto fail;
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)*id);
	json_t *summary = json_pack("{s:s, s:s, s:s, s:s, s:s}", "unit", r->unit.code, "from", f, "to", t, "tree",
				    row.tree, "hash", hash);
	int arc = summary ? audit_append_json(ctx->db, ctx->actor, "report.save", "saved_report", idbuf, summary) : -1;
	json_decref(summary);
	if (arc < 0 || db_commit(ctx->db) < 0)
		goto fail;
	return APP_OK;
fail:
	db_rollback(ctx->db);
	return APP_ERROR;
}

int report_saved_get(const struct app_ctx *ctx, int64_t id, struct saved_report *out, int *hash_ok)
{
	int rc = saved_report_get(ctx->db, ctx->arena, id, out);
	if (rc == DB_NOTFOUND)
		return APP_NOT_FOUND;
	if (rc < 0)
		return APP_ERROR;
	int64_t acct = ctx->actor ? ctx->actor->account_id : 0;
	int reach = acct ? perm_has(ctx->db, acct, out->unit_id, ROLE_ALL) : 0;
	if (reach < 0)
		return APP_ERROR;
	if (!reach)
		return APP_NOT_FOUND;
	char hash[65];
	report_hash(out->query, out->figures, out->sections, hash);
	*hash_ok = !strcmp(hash, out->hash);
	return APP_OK;
}

int report_saved_request(struct arena *a, const struct saved_report *s, struct report_request *rq)
{
	char f[11], t[11];
	memset(rq, 0, sizeof(*rq));
	rq->unit = s->unit_code;
	rq->from = arena_strdup(a, fmt_ymd(s->from_day, f));
	rq->to = arena_strdup(a, fmt_ymd(s->to_day, t));
	rq->tree = s->tree;
	return rq->from && rq->to ? 0 : -1;
}
