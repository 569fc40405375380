/*
 * feedback_stats.c - the dashboard: named periods, and the figures over the
 * items an officer reaches (period, current, per unit, per category, per
 * status and month), from the counters the database keeps.
 */
#include "app/feedback_int.h"
#include "store/category.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/timefmt.h"

int feedback_period(const char *name, int64_t now, int64_t *from, int64_t *to)
{
	if (!name)
		return -1;
	int64_t today = vn_day_of(now);
	int y, m, d;
	civil_from_days(today, &y, &m, &d);
	if (!strcmp(name, "week")) {
		int wd = weekday_from_days(today); /* Monday starts the week */
		int64_t monday = today - (wd + 6) % 7;
		*from = vn_day_start(monday);
		*to = vn_day_start(monday + 7);
	} else if (!strcmp(name, "month")) {
		*from = vn_day_start(days_from_civil(y, m, 1));
		*to = vn_day_start(m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1));
	} else if (!strcmp(name, "quarter")) {
		int qm = (m - 1) / 3 * 3 + 1;
		*from = vn_day_start(days_from_civil(y, qm, 1));
		*to = vn_day_start(qm == 10 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, qm + 3, 1));
	} else if (!strcmp(name, "year")) {
		*from = vn_day_start(days_from_civil(y, 1, 1));
		*to = vn_day_start(days_from_civil(y + 1, 1, 1));
	} else if (!strcmp(name, "30d") || !strcmp(name, "90d") || !strcmp(name, "365d")) {
		int days = name[0] == '3' && name[1] == '0' ? 30 : name[0] == '9' ? 90 : 365;
		/* whole days, today the last: what the dashboard's counters keep */
		*from = vn_day_start(today - days + 1);
		*to = vn_day_start(today + 1);
	} else {
		return -1;
	}
	return 0;
}

struct stats_acc {
	int64_t id;
	struct feedback_stats s;
	int64_t days_sum, days_n;
};

/* The accumulator of group `id` in *groups (found or added). */
static struct stats_acc *acc_of(struct arena *a, struct stats_acc **groups, size_t *n, size_t *cap, int64_t id,
				size_t *hint)
{
	if (*hint < *n && (*groups)[*hint].id == id)
		return &(*groups)[*hint];
	for (size_t i = 0; i < *n; i++)
		if ((*groups)[i].id == id) {
			*hint = i;
			return &(*groups)[i];
		}
	void *grown = *groups;
	if (rows_grow(a, &grown, *n, cap, sizeof(**groups)) < 0)
		return NULL;
	*groups = grown;
	struct stats_acc *g = &(*groups)[*n];
	memset(g, 0, sizeof(*g));
	g->id = id;
	*hint = (*n)++;
	return g;
}

/* Period figures of one tally row: n items received that day, answered
 * `lag` days later (-1: not yet), on_time of them in time. */
static void acc_period(struct stats_acc *acc, const struct feedback_day_row *r, int wd)
{
	acc->s.received += r->n;
	if (r->lag < 0)
		return;
	acc->s.answered += r->n;
	acc->s.answered_on_time += r->on_time;
	if (wd >= 0) {
		acc->days_sum += (int64_t)wd * r->n;
		acc->days_n += r->n;
	}
}

static void acc_open(struct stats_acc *acc, const struct feedback_open_row *r)
{
	acc->s.open += r->open;
	acc->s.overdue += r->overdue;
	acc->s.due_soon += r->due_soon;
}

static void acc_finish(struct stats_acc *acc, struct feedback_stats *out)
{
	*out = acc->s;
	out->on_time_pct = acc->s.answered ? 100.0 * (double)acc->s.answered_on_time / (double)acc->s.answered : 0;
	out->avg_days = acc->days_n ? (double)acc->days_sum / (double)acc->days_n : 0;
}

static int cmp_group_code(const void *x, const void *y)
{
	const struct feedback_stats_group *a = x, *b = y;
	return strcmp(a->code, b->code);
}

int feedback_dashboard(const struct app_ctx *ctx, int64_t from, int64_t to,
		       struct feedback_dashboard *out)
{
	struct arena *a = ctx->arena;
	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int rc = feedback_officer_scope(ctx, &q);
	if (rc < 0)
		return rc;
	if (feedback_tally_by_status(ctx->db, &q, out->statuses) < 0)
		return FEEDBACK_ERROR;

	/* the period and the last twelve months, as Vietnam days */
	int64_t from_day = from > 0 ? vn_day_of(from) : 0;
	int64_t to_day = to > 0 ? vn_day_of(to - 1) + 1 : INT32_MAX; /* 0: no end */
	int y, m, d;
	civil_from_days(vn_day_of(ctx->now), &y, &m, &d);
	for (int i = 0; i < FEEDBACK_DASHBOARD_MONTHS; i++) {
		int k = m - (FEEDBACK_DASHBOARD_MONTHS - 1) + i, yy = y;
		while (k < 1) {
			k += 12;
			yy--;
		}
		out->months[i].year = yy;
		out->months[i].month = k;
	}
	/* months as year * 12 + month - 1 */
	int64_t m0 = (int64_t)out->months[0].year * 12 + out->months[0].month - 1;

	struct feedback_day_row *days = NULL;
	size_t ndays = 0;
	struct feedback_month_row *mrows = NULL;
	size_t nmrows = 0;
	struct feedback_open_row *open = NULL;
	size_t nopen = 0;
	if (feedback_tally_days(ctx->db, &q, from_day, to_day, a, &days, &ndays) < 0 ||
	    feedback_tally_months(ctx->db, &q, m0, m0 + FEEDBACK_DASHBOARD_MONTHS, a, &mrows, &nmrows) < 0 ||
	    feedback_open_figures(ctx->db, &q, ctx->now, feedback_due_soon_limit(ctx), a, &open, &nopen) < 0)
		return FEEDBACK_ERROR;

	struct stats_acc all, mon[FEEDBACK_DASHBOARD_MONTHS];
	memset(&all, 0, sizeof(all));
	memset(mon, 0, sizeof(mon));
	struct stats_acc *units = NULL, *cats = NULL;
	size_t nu = 0, capu = 0, nc = 0, capc = 0, hu = 0, hc = 0;
	for (size_t i = 0; i < ndays; i++) {
		const struct feedback_day_row *r = &days[i];
		int wd = r->lag >= 0 && ctx->cal ? calendar_working_days_between(ctx->cal, r->day, r->day + r->lag) : -1;
		struct stats_acc *gu = acc_of(a, &units, &nu, &capu, r->unit_id, &hu);
		struct stats_acc *gc = acc_of(a, &cats, &nc, &capc, r->category_id, &hc);
		if (!gu || !gc)
			return FEEDBACK_ERROR;
		acc_period(&all, r, wd);
		acc_period(gu, r, wd);
		acc_period(gc, r, wd);
	}
	for (size_t i = 0; i < nopen; i++) {
		struct stats_acc *gu = acc_of(a, &units, &nu, &capu, open[i].unit_id, &hu);
		struct stats_acc *gc = acc_of(a, &cats, &nc, &capc, open[i].category_id, &hc);
		if (!gu || !gc)
			return FEEDBACK_ERROR;
		acc_open(&all, &open[i]);
		acc_open(gu, &open[i]);
		acc_open(gc, &open[i]);
	}
	for (size_t i = 0; i < nmrows; i++) {
		int64_t k = mrows[i].month - m0;
		if (k < 0 || k >= FEEDBACK_DASHBOARD_MONTHS)
			continue;
		mon[k].s.received += mrows[i].n;
		mon[k].s.answered += mrows[i].answered;
		mon[k].s.answered_on_time += mrows[i].on_time;
	}
	acc_finish(&all, &out->all);
	for (int i = 0; i < FEEDBACK_DASHBOARD_MONTHS; i++) {
		acc_finish(&mon[i], &out->months[i].s);
		out->months[i].s.open = out->all.open;
		out->months[i].s.overdue = out->all.overdue;
		out->months[i].s.due_soon = out->all.due_soon;
	}

	/* groups with something to show: items open now or received in the period */
	struct feedback_stats_group *gu = nu ? arena_zalloc(a, nu * sizeof(*gu)) : NULL;
	struct feedback_stats_group *gc = nc ? arena_zalloc(a, nc * sizeof(*gc)) : NULL;
	if ((nu && !gu) || (nc && !gc))
		return FEEDBACK_ERROR;
	for (size_t i = 0; i < nu; i++) {
		if (!units[i].s.open && !units[i].s.received)
			continue;
		struct feedback_stats_group *g = &gu[out->nunits++];
		g->id = units[i].id;
		acc_finish(&units[i], &g->s);
		struct unit u;
		int x = g->id ? unit_get_by_id(ctx->db, a, g->id, &u) : DB_NOTFOUND;
		if (x < 0 && x != DB_NOTFOUND)
			return FEEDBACK_ERROR;
		g->code = x == DB_OK ? u.code : "";
		g->name = x == DB_OK ? u.name : "Chưa phân công";
	}
	if (out->nunits)
		qsort(gu, out->nunits, sizeof(*gu), cmp_group_code);
	out->by_unit = gu;

	/* in the categories' display order, unknown ones last */
	struct category *cl = NULL;
	size_t ncl = 0;
	if (category_list(ctx->db, a, 1, &cl, &ncl) < 0)
		return FEEDBACK_ERROR;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t c = 0; c < (pass ? 1 : ncl); c++)
			for (size_t i = 0; i < nc; i++) {
				if (!cats[i].s.open && !cats[i].s.received)
					continue;
				size_t known = ncl;
				for (size_t k = 0; k < ncl; k++)
					if (cl[k].id == cats[i].id)
						known = k;
				if (pass ? known != ncl : known != c)
					continue;
				struct feedback_stats_group *g = &gc[out->ncategories++];
				g->id = cats[i].id;
				acc_finish(&cats[i], &g->s);
				g->code = known < ncl ? cl[known].code : "";
				g->name = known < ncl ? cl[known].name : "";
			}
	out->by_category = gc;
	return FEEDBACK_OK;
}
