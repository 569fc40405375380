/*
 * report_demo.c - ten years of meetings, consultations, models,
 * commendations and news for a large demo (see report_demo.h). Written
 * straight into the tables with prepared statements (the roll-ups, and on
 * SQLite the search index, follow through their triggers; on PostgreSQL
 * the search rows are written from C at the end), a few thousand rows per
 * transaction, so a million-item demo adds them in seconds on both engines.
 *
 * Every record takes a date first, then a unit among the territorial units
 * (the city, the districts, the wards: kind government, a code without a
 * '-') valid at that date: a meeting of 2024 goes to a ward before the
 * 1/7/2025 merger, never to the ward that replaced it.
 */
#include "app/report_demo.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/timefmt.h"
#include "store/db.h"
#include "store/search.h"
#include "store/unit.h"

#define RD_BATCH 5000
#define RD_SINCE_YEAR 2016
#define RD_MARK "tin-co-so-1"

struct rd_consult {
	int64_t id, opens, closes;
};

struct rd {
	const struct app_ctx *ctx;
	struct db *db;
	uint64_t rng;
	int64_t since, now;
	const struct unit **hosts;
	size_t nhosts;
	long pending; /* rows written in the open transaction */
	int meeting_kind; /* index in rd_kinds[] of the meetings being written */
	long meetings;
	struct rd_consult *consults; /* the consultations written, for their comments */
	size_t nconsults, consult_cap;
	char *err;
	size_t errlen;
};

static uint64_t rd_next(struct rd *r)
{
	uint64_t x = r->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	r->rng = x;
	return x * UINT64_C(2685821657736338717);
}

/* 0..n-1 (0 when n <= 0) */
static int64_t rd_below(struct rd *r, int64_t n)
{
	return n > 0 ? (int64_t)(rd_next(r) % (uint64_t)n) : 0;
}

static int rd_fail(struct rd *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s: %s", what, db_errmsg(r->db));
	db_rollback(r->db);
	return -1;
}

/* One more row: commit every RD_BATCH rows (PostgreSQL keeps every version
 * of the roll-ups a transaction changes until it ends). */
static int rd_row(struct rd *r)
{
	if (++r->pending < RD_BATCH)
		return 0;
	r->pending = 0;
	if (db_commit(r->db) < 0 || db_begin(r->db) < 0)
		return rd_fail(r, "cannot commit demo records");
	return 0;
}

/* Step a bound INSERT of one demo record: counted in *count and in the
 * batch (rd_row()), or -1 with `what` in the error. */
static int rd_store(struct rd *r, struct db_stmt *st, const char *what, long *count)
{
	int rc = db_step(st);
	db_done(st);
	if (rc != DB_DONE)
		return rd_fail(r, what);
	(*count)++;
	return rd_row(r);
}

static int rd_valid(const struct unit *u, int64_t at)
{
	return u->valid_from <= at && at < u->valid_to;
}

/* A host valid at `at`, or NULL (the first of a random start that is). */
static const struct unit *rd_host_at(struct rd *r, int64_t at)
{
	size_t k = (size_t)rd_below(r, (int64_t)r->nhosts);
	for (size_t i = 0; i < r->nhosts; i++) {
		const struct unit *u = r->hosts[(k + i) % r->nhosts];
		if (rd_valid(u, at))
			return u;
	}
	return NULL;
}

/* A random time in [since, now) with a host valid at it. */
static const struct unit *rd_when_where(struct rd *r, int64_t *at)
{
	for (int tries = 0; tries < 64; tries++) {
		*at = r->since + rd_below(r, r->now - r->since);
		const struct unit *u = rd_host_at(r, *at);
		if (u)
			return u;
	}
	return NULL;
}

static int64_t rd_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t rd_max(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* `per_year` records of one kind for host u in year y, scaled by the part
 * of the year u existed (and that has begun), at random times in it, each
 * one calling fn. */
typedef int (*rd_fn)(struct rd *r, const struct unit *u, int64_t at, int64_t lo, int64_t hi, long n);

static int rd_per_year(struct rd *r, long per_year, rd_fn fn)
{
	for (size_t h = 0; h < r->nhosts; h++) {
		const struct unit *u = r->hosts[h];
		int y_end;
		int mo, d;
		civil_from_days(vn_day_of(r->now), &y_end, &mo, &d);
		for (int y = RD_SINCE_YEAR; y <= y_end; y++) {
			int64_t ys = vn_day_start(days_from_civil(y, 1, 1));
			int64_t ye = vn_day_start(days_from_civil(y + 1, 1, 1));
			int64_t lo = rd_max(ys, u->valid_from), hi = rd_min(ye, u->valid_to);
			if (hi - lo < 7 * 86400)
				continue;
			/* the year's share, rounded at random; at least one in a
			 * whole year the unit existed */
			int64_t scaled = per_year * (hi - lo);
			long n = (long)(scaled / (ye - ys));
			if (rd_below(r, ye - ys) < scaled % (ye - ys))
				n++;
			for (long i = 0; i < n; i++) {
				int64_t at = lo + rd_below(r, hi - lo);
				if (fn(r, u, at, lo, hi, i) < 0)
					return -1;
			}
		}
	}
	return 0;
}

/* --- meetings ---------------------------------------------------------- */

static const char *const rd_kind_title[] = { "Tiếp xúc cử tri", "Đối thoại với Nhân dân", "Tiếp công dân định kỳ",
					     "Hội nghị sơ kết công tác dân vận" };
static const char *const rd_kinds[] = { "voter_contact", "dialogue", "reception", "conference" };

static int rd_meeting(struct rd *r, const struct unit *u, int64_t at, int64_t lo, int64_t hi, long i)
{
	(void)lo;
	(void)i;
	/* at 8:00 or 14:00 Vietnam time of its day, 2 hours, within the unit's life */
	int64_t start = vn_day_start(vn_day_of(at)) + (rd_below(r, 2) ? 8 : 14) * 3600;
	if (start < u->valid_from || start + 7200 > hi)
		return 0;
	const char *status;
	int64_t roll = rd_below(r, 100);
	if (start > r->now)
		status = "planned";
	else
		status = roll < 8 ? "cancelled" : roll < 40 ? "closed" : "held";
	struct db_stmt *st = db_prepare(r->db,
		"INSERT INTO meetings(kind, title, unit_id, starts_at, ends_at, place, status, attendance, cancel_reason, "
		"minutes_approved_at, announced_at, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)");
	if (!st)
		return rd_fail(r, "cannot store a demo meeting");
	char title[200];
	snprintf(title, sizeof(title), "%s - %s", rd_kind_title[r->meeting_kind], u->name);
	db_bind_text(st, 1, rd_kinds[r->meeting_kind]);
	db_bind_text(st, 2, title);
	db_bind_int(st, 3, u->id);
	db_bind_int(st, 4, start);
	db_bind_int(st, 5, start + 7200);
	db_bind_text(st, 6, "Hội trường trụ sở");
	db_bind_text(st, 7, status);
	if (!strcmp(status, "held") || !strcmp(status, "closed"))
		db_bind_int(st, 8, 20 + rd_below(r, 180));
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, !strcmp(status, "cancelled") ? "Hoãn do trùng lịch công tác" : NULL);
	db_bind_int_or_null(st, 10, !strcmp(status, "closed") ? start + 3 * 86400 : 0);
	db_bind_int(st, 11, start - 10 * 86400);
	return rd_store(r, st, "cannot store a demo meeting", &r->meetings);
}

/* --- consultations and their comments ------------------------------------ */

static int rd_consultation(struct rd *r, const struct unit *u, int64_t at, int64_t lo, int64_t hi, long i)
{
	(void)lo;
	/* open for 30 days, or until the unit closed */
	int64_t opens = at, closes = rd_min(at + 30 * 86400, hi - 1);
	if (closes - opens < 86400 || r->nconsults >= r->consult_cap)
		return 0;
	struct db_stmt *st = db_prepare(r->db,
		"INSERT INTO consultations(unit_id, title, summary, opens_at, closes_at, report_published_at, "
		"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	if (!st)
		return rd_fail(r, "cannot store a demo consultation");
	static const char *const drafts[] = { "Dự thảo quy ước khu dân cư", "Dự thảo phương án chỉnh trang vỉa hè",
					      "Dự thảo kế hoạch phòng chống ngập úng", "Dự thảo quy chế dân chủ ở cơ sở" };
	char title[240];
	snprintf(title, sizeof(title), "%s (%s, số %ld)", drafts[rd_below(r, 4)], u->name, i + 1);
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, "Lấy ý kiến Nhân dân về dự thảo.");
	db_bind_int(st, 4, opens);
	db_bind_int(st, 5, closes);
	db_bind_int_or_null(st, 6, closes + 20 * 86400 < r->now && rd_below(r, 2) ? closes + 20 * 86400 : 0);
	db_bind_int(st, 7, opens - 86400);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (!id)
		return rd_fail(r, "cannot store a demo consultation");
	r->consults[r->nconsults++] = (struct rd_consult){ id, opens, closes };
	return rd_row(r);
}

static const char *const rd_decisions[] = { "accepted", "accepted", "partly_accepted", "noted", "not_accepted" };

static int rd_comments(struct rd *r, long n, long *made)
{
	static const char *const texts[] = { "Đề nghị bổ sung quy định về giờ giữ trật tự.",
					      "Nên lấy thêm ý kiến người cao tuổi trong khu dân cư.",
					      "Đồng ý với dự thảo.",
					      "Đề nghị làm rõ kinh phí thực hiện." };
	for (long i = 0; i < n && r->nconsults; i++) {
		const struct rd_consult *k = &r->consults[rd_below(r, (int64_t)r->nconsults)];
		int64_t at = k->opens + rd_below(r, k->closes - k->opens);
		if (at >= r->now)
			continue;
		struct db_stmt *st = db_prepare(r->db,
			"INSERT INTO consultation_comments(consultation_id, version, text, hidden_reason, created_at) "
			"VALUES ($1, 1, $2, $3, $4) RETURNING id");
		if (!st)
			return rd_fail(r, "cannot store a demo comment");
		int hidden = rd_below(r, 100) < 3;
		db_bind_int(st, 1, k->id);
		db_bind_text(st, 2, texts[rd_below(r, 4)]);
		db_bind_text(st, 3, hidden ? "Nội dung không liên quan" : NULL);
		db_bind_int(st, 4, at);
		int rc = db_step(st);
		int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (!id)
			return rd_fail(r, "cannot store a demo comment");
		(*made)++;
		if (rd_row(r) < 0)
			return -1;
		if (hidden || rd_below(r, 100) >= 70 || at + 5 * 86400 >= r->now)
			continue;
		st = db_prepare(r->db, "INSERT INTO consultation_replies(comment_id, decision, text, replied_at) "
				       "VALUES ($1, $2, $3, $4)");
		if (!st)
			return rd_fail(r, "cannot store a demo reply");
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, rd_decisions[rd_below(r, 5)]);
		db_bind_text(st, 3, "Ban soạn thảo đã nghiên cứu, giải trình.");
		db_bind_int(st, 4, at + 5 * 86400);
		rc = db_step(st);
		db_done(st);
		if (rc != DB_DONE)
			return rd_fail(r, "cannot store a demo reply");
	}
	return 0;
}

/* --- models, commendations, articles -------------------------------------- */

static int rd_models(struct rd *r, long n, long *made)
{
	static const char *const fields[] = { "economy", "culture_society", "defence_security", "political_system" };
	static const char *const statuses[] = { "registered", "implementing", "self_assessed", "evaluated",
						"recognised", "recognised", "exemplary", "commended", "discontinued" };
	static const char *const titles[] = { "Tổ dân phố sạch, đẹp, văn minh", "Camera an ninh khu dân cư",
					      "Phụ nữ tiết kiệm giúp nhau làm kinh tế", "Dân vận khéo trong giải phóng mặt bằng",
					      "Chi bộ gương mẫu, Nhân dân đồng thuận" };
	struct db_stmt *mv = db_prepare(r->db, "SELECT min(id) FROM movements");
	int64_t movement = mv && db_step(mv) == DB_ROW ? db_col_int(mv, 0) : 0;
	if (mv)
		db_done(mv);
	if (!movement)
		return 0; /* no movement to register models under */
	for (long i = 0; i < n; i++) {
		int64_t at;
		const struct unit *u = rd_when_where(r, &at);
		if (!u)
			continue;
		int64_t day = vn_day_of(at);
		int y, mo, d;
		civil_from_days(day, &y, &mo, &d);
		struct db_stmt *st = db_prepare(r->db,
			"INSERT INTO models(movement_id, kind, field, title, unit_id, status, registered_on, year, "
			"created_at, updated_at) VALUES ($1, 'model', $2, $3, $4, $5, $6, $7, $8, $8)");
		if (!st)
			return rd_fail(r, "cannot store a demo model");
		char title[240];
		snprintf(title, sizeof(title), "%s - %s", titles[rd_below(r, 5)], u->name);
		db_bind_int(st, 1, movement);
		db_bind_text(st, 2, fields[rd_below(r, 4)]);
		db_bind_text(st, 3, title);
		db_bind_int(st, 4, u->id);
		db_bind_text(st, 5, statuses[rd_below(r, 9)]);
		db_bind_int(st, 6, day);
		db_bind_int(st, 7, y);
		db_bind_int(st, 8, at);
		if (rd_store(r, st, "cannot store a demo model", made) < 0)
			return -1;
	}
	return 0;
}

/* the forms a unit's people, households and collectives get most, with
 * their coefficients (thousandths of the base salary) */
static const struct rd_form {
	const char *code, *kind;
	int mult, factor;
} rd_forms[] = {
	{ "giay_khen", "individual", 300, 1000 },
	{ "giay_khen", "individual", 300, 1000 },
	{ "giay_khen_tap_the", "collective", 300, 2000 },
	{ "giay_khen_ho_gia_dinh", "household", 300, 1500 },
	{ "lao_dong_tien_tien", "individual", 300, 1000 },
	{ "lao_dong_tien_tien", "individual", 300, 1000 },
	{ "tap_the_lao_dong_tien_tien", "collective", 800, 1000 },
	{ "chien_si_thi_dua_co_so", "individual", 1000, 1000 },
	{ "gia_dinh_van_hoa", "household", 0, 1000 },
	{ "thon_van_hoa", "collective", 1500, 1000 },
	{ "bang_khen_tinh", "individual", 1500, 1000 },
	{ "bang_khen_tinh_tap_the", "collective", 1500, 2000 },
	{ "tap_the_lao_dong_xuat_sac", "collective", 1500, 1000 },
	{ "bang_khen_thu_tuong", "individual", 3500, 1000 },
	{ "co_thi_dua_tinh", "collective", 8000, 1000 },
};

/* the base salary (mức lương cơ sở) in force on a day */
static int64_t rd_base_salary(int64_t day)
{
	if (day >= days_from_civil(2024, 7, 1))
		return 2340000;
	if (day >= days_from_civil(2023, 7, 1))
		return 1800000;
	if (day >= days_from_civil(2019, 7, 1))
		return 1490000;
	if (day >= days_from_civil(2018, 7, 1))
		return 1390000;
	return 1300000;
}

static int rd_commendations(struct rd *r, long n, long *made)
{
	static const char *const family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi" };
	static const char *const given[] = { "Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thu Hà", "Quốc Huy" };
	for (long i = 0; i < n; i++) {
		int64_t at;
		const struct unit *u = rd_when_where(r, &at);
		if (!u)
			continue;
		int64_t day = vn_day_of(at);
		int y, mo, d;
		civil_from_days(day, &y, &mo, &d);
		const struct rd_form *f = &rd_forms[rd_below(r, (int64_t)(sizeof(rd_forms) / sizeof(rd_forms[0])))];
		int64_t roll = rd_below(r, 100);
		const char *status = roll < 85 ? "decided" : roll < 95 ? "proposed" : "rejected";
		int decided = !strcmp(status, "decided");
		char name[200], number[40], cert[40];
		if (!strcmp(f->kind, "individual"))
			snprintf(name, sizeof(name), "%s %s", family[rd_below(r, 8)], given[rd_below(r, 6)]);
		else if (!strcmp(f->kind, "household"))
			snprintf(name, sizeof(name), "Hộ gia đình ông %s %s", family[rd_below(r, 8)], given[rd_below(r, 6)]);
		else
			snprintf(name, sizeof(name), "Tổ dân phố số %d, %s", 1 + (int)rd_below(r, 30), u->name);
		snprintf(number, sizeof(number), "%ld/QĐ-KT", i + 1);
		snprintf(cert, sizeof(cert), "KT-CS-%d-%07ld", y, i + 1);
		int64_t prize = (int64_t)f->mult * f->factor / 1000 * rd_base_salary(day) / 1000;
		struct db_stmt *st = db_prepare(r->db,
			"INSERT INTO commendations(form_code, year, recipient_kind, recipient_name, recipient_unit_id, "
			"reason, eligible, status, proposed_on, decision_number, decision_date, decision_issuer, "
			"base_salary, prize_vnd, certificate_code, reject_reason, created_at, updated_at) "
			"VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)");
		if (!st)
			return rd_fail(r, "cannot store a demo commendation");
		db_bind_text(st, 1, f->code);
		db_bind_int(st, 2, y);
		db_bind_text(st, 3, f->kind);
		db_bind_text(st, 4, name);
		db_bind_int(st, 5, u->id);
		db_bind_text(st, 6, "Có thành tích xuất sắc trong phong trào thi đua \"Dân vận khéo\"");
		db_bind_text(st, 7, status);
		db_bind_int(st, 8, day - 30);
		db_bind_text(st, 9, decided ? number : NULL);
		db_bind_int_or_null(st, 10, decided ? day : 0);
		db_bind_text(st, 11, decided ? "Chủ tịch Ủy ban nhân dân" : NULL);
		db_bind_int_or_null(st, 12, decided ? rd_base_salary(day) : 0);
		if (decided)
			db_bind_int(st, 13, prize);
		else
			db_bind_null(st, 13);
		db_bind_text(st, 14, decided ? cert : NULL);
		db_bind_text(st, 15, !strcmp(status, "rejected") ? "Chưa đủ tiêu chuẩn" : NULL);
		db_bind_int(st, 16, at - 30 * 86400);
		if (rd_store(r, st, "cannot store a demo commendation", made) < 0)
			return -1;
	}
	return 0;
}

static int rd_articles(struct rd *r, long n, long *made)
{
	static const char *const heads[] = { "Ra mắt mô hình \"Dân vận khéo\"", "Hội nghị đối thoại với Nhân dân",
					     "Tiếp xúc cử tri trước kỳ họp", "Lấy ý kiến Nhân dân về dự thảo",
					     "Khen thưởng tập thể, cá nhân tiêu biểu" };
	for (long i = 0; i < n; i++) {
		int64_t at;
		const struct unit *u = rd_when_where(r, &at);
		if (!u)
			continue;
		char slug[64], title[240];
		snprintf(slug, sizeof(slug), "tin-co-so-%ld", i + 1);
		int k = (int)rd_below(r, 5);
		snprintf(title, sizeof(title), "%s tại %s", heads[k], u->name);
		struct db_stmt *st = db_prepare(r->db,
			"INSERT INTO articles(slug, title, lead, body, unit_id, status, publish_at, created_at, updated_at) "
			"VALUES ($1, $2, $3, $4, $5, 'published', $6, $6, $6)");
		if (!st)
			return rd_fail(r, "cannot store a demo article");
		db_bind_text(st, 1, slug);
		db_bind_text(st, 2, title);
		db_bind_text(st, 3, heads[k]);
		db_bind_text(st, 4, "Tin hoạt động của cơ sở trong công tác dân vận.");
		db_bind_int(st, 5, u->id);
		db_bind_int(st, 6, at);
		if (rd_store(r, st, "cannot store a demo article", made) < 0)
			return -1;
	}
	return 0;
}

/* PostgreSQL cannot fold text in SQL: the search rows of the meetings,
 * consultations and articles written here come from C, once for all. */
static int rd_index_pg(struct rd *r)
{
	return search_index_folded_pg(r->db) < 0 ? rd_fail(r, "cannot index the demo records for search") : 0;
}

static int rd_generate(const struct app_ctx *ctx, long items, struct report_demo_made *made, char *err,
		       size_t errlen)
{
	memset(made, 0, sizeof(*made));
	if (items <= REPORT_DEMO_MIN)
		return 0;
	struct db *db = ctx->db;
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM articles WHERE slug = '" RD_MARK "'");
	int64_t done = st && db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
	if (st)
		db_done(st);
	if (done < 0) {
		snprintf(err, errlen, "cannot read the articles: %s", db_errmsg(db));
		return -1;
	}
	if (done)
		return 0;
	struct unit_list ul = { 0 };
	if (unit_list(db, ctx->arena, UNIT_LIST_CLOSED, &ul) < 0) {
		snprintf(err, errlen, "cannot read the units: %s", db_errmsg(db));
		return -1;
	}
	struct rd r = { .ctx = ctx, .db = db, .rng = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)items,
			.since = vn_day_start(days_from_civil(RD_SINCE_YEAR, 1, 1)), .now = ctx->now,
			.err = err, .errlen = errlen };
	r.hosts = arena_alloc(ctx->arena, (ul.n + 1) * sizeof(*r.hosts));
	if (!r.hosts)
		return -1;
	for (size_t i = 0; i < ul.n; i++)
		if (ul.items[i].kind && !strcmp(ul.items[i].kind, "government") && !strchr(ul.items[i].code, '-'))
			r.hosts[r.nhosts++] = &ul.items[i];
	if (!r.nhosts)
		return 0;
	/* per host and year, at a million items: 2 voter contacts, 1 dialogue
	 * (the law's minimum) and 1 more per 2 million items, 12 receptions,
	 * 2 conferences, 2 consultations; then more per million */
	long m = items / 1000000L;
	const long per_year[4] = { 2 + 2 * m, 1 + items / 2000000L, 12 + 6 * m, 2 + m };
	r.consult_cap = r.nhosts * 12 * (size_t)(3 + m) + 16;
	r.consults = arena_alloc(ctx->arena, r.consult_cap * sizeof(*r.consults));
	if (!r.consults)
		return -1;
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		return -1;
	}
	for (r.meeting_kind = 0; r.meeting_kind < 4; r.meeting_kind++)
		if (rd_per_year(&r, per_year[r.meeting_kind], rd_meeting) < 0)
			return -1;
	made->meetings = r.meetings;
	if (rd_per_year(&r, 2 + m, rd_consultation) < 0)
		return -1;
	made->consultations = (long)r.nconsults;
	long per_m_comments = items / 1000 * REPORT_DEMO_COMMENTS_PER_M / 1000;
	if (rd_comments(&r, per_m_comments, &made->comments) < 0 ||
	    rd_models(&r, items / 1000 * REPORT_DEMO_MODELS_PER_M / 1000, &made->models) < 0 ||
	    rd_commendations(&r, items / 1000 * REPORT_DEMO_COMMENDATIONS_PER_M / 1000, &made->commendations) < 0 ||
	    rd_articles(&r, items / 1000 * REPORT_DEMO_ARTICLES_PER_M / 1000, &made->articles) < 0)
		return -1;
	if (db_commit(db) < 0)
		return rd_fail(&r, "cannot commit demo records");
	return rd_index_pg(&r);
}

int report_demo_generate(const struct app_ctx *ctx, long items, struct report_demo_made *made, char *err,
			 size_t errlen)
{
	/* the rollback journal, as for the items (store/db.h) */
	if (db_bulk_journal(ctx->db, 1) < 0) {
		snprintf(err, errlen, "cannot leave the write-ahead log: %s", db_errmsg(ctx->db));
		return -1;
	}
	int rc = rd_generate(ctx, items, made, err, errlen);
	if (db_in_transaction(ctx->db))
		db_rollback(ctx->db);
	if (db_bulk_journal(ctx->db, 0) < 0 && rc == 0) {
		snprintf(err, errlen, "cannot go back to the write-ahead log: %s", db_errmsg(ctx->db));
		rc = -1;
	}
	return rc;
}
