/*
 * feedback.c - SQL for feedback items and the filtered lists behind the
 * public list and the officer inbox (the tally counts are in
 * feedback_tally.c; contacts, timeline, answers and the move of open work in
 * feedback_timeline.c).
 */
#include "store/feedback.h"
#include "store/feedback_int.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/search.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <errno.h>
#include <sodium.h>

/* --- names ---------------------------------------------------------------- */

static const char *const status_names[FB_STATUS_COUNT] = {
	"received", "assigned", "answered", "published", "closed", "rejected", "merged",
};
static const char *const status_labels[FB_STATUS_COUNT] = {
	"Đã tiếp nhận", "Đang xử lý", "Đã có dự thảo trả lời", "Đã trả lời", "Đã kết thúc",
	"Không thụ lý", "Đã gộp",
};
static const char *const event_names[FB_EV_COUNT] = {
	"assign", "transfer", "reject", "note", "answer", "publish", "extend",
	"merge", "reopen", "close", "redact", "rate", "submit", "attach",
};
static const char *const channel_names[FB_CH_COUNT] = {
	"web", "api", "voter_meeting", "dialogue", "in_person", "hotline", "front",
};
static const char *const channel_labels[FB_CH_COUNT] = {
	"Cổng thông tin", "Ứng dụng", "Tiếp xúc cử tri", "Đối thoại", "Tiếp công dân trực tiếp",
	"Đường dây nóng", "Mặt trận Tổ quốc chuyển đến",
};
static const char *const result_names[FB_RESULT_COUNT] = {
	"resolved", "partly_resolved", "explained", "referred",
};
static const char *const result_labels[FB_RESULT_COUNT] = {
	"Đã giải quyết", "Giải quyết một phần", "Giải thích, trả lời",
	"Hướng dẫn gửi cơ quan có thẩm quyền",
};

static int parse_name(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* name() and parse() of one enum over its names[] table */
#define NAMED_ENUM(prefix, type, names, count)                                      \
	const char *prefix##_name(type v)                                           \
	{                                                                           \
		return (unsigned)v < (count) ? names[v] : NULL;                     \
	}                                                                           \
	int prefix##_parse(const char *name, type *out)                             \
	{                                                                           \
		int i = parse_name(names, (count), name);                           \
		if (i < 0)                                                          \
			return -1;                                                  \
		*out = (type)i;                                                     \
		return 0;                                                           \
	}

NAMED_ENUM(feedback_status, enum feedback_status, status_names, FB_STATUS_COUNT)
NAMED_ENUM(feedback_event, enum feedback_event_type, event_names, FB_EV_COUNT)
NAMED_ENUM(feedback_channel, enum feedback_channel, channel_names, FB_CH_COUNT)
NAMED_ENUM(feedback_result, enum feedback_result, result_names, FB_RESULT_COUNT)

const char *feedback_status_label(enum feedback_status s)
{
	return (unsigned)s < FB_STATUS_COUNT ? status_labels[s] : "";
}

int feedback_status_open(enum feedback_status s)
{
	return s == FB_RECEIVED || s == FB_ASSIGNED;
}

const char *feedback_channel_label(enum feedback_channel c)
{
	return (unsigned)c < FB_CH_COUNT ? channel_labels[c] : "";
}

const char *feedback_result_label(enum feedback_result r)
{
	return (unsigned)r < FB_RESULT_COUNT ? result_labels[r] : "";
}

/* --- helpers -------------------------------------------------------------- */

/* Copy a nullable text column; -1 when the arena is exhausted. */
int fbs_run_done(struct db_stmt *st)
{
	int rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

/* --- items ---------------------------------------------------------------- */

#define ROW_COLS                                                                                  \
	"f.id, f.code, f.secret_hash, f.title, f.body, f.category_id, f.place, f.lat_e6, f.lon_e6, " \
	"f.public, f.channel, f.status, f.intake_unit_id, f.unit_id, f.received_at, f.due_at, "     \
	"f.due_extended, f.answered_at, f.published_at, f.closed_at, f.merged_into_id, "            \
	"f.created_by, f.public_title, f.public_body, f.rating, f.rating_comment, f.rated_at, "     \
	"f.updated_at, c.code, c.name, u.code, u.name, iu.code, iu.name, f.public_place, "    \
	"f.meeting_id, f.booking_id "
#define ROW_JOINS                                                                                 \
	"JOIN categories c ON c.id = f.category_id "                                                \
	"LEFT JOIN units u ON u.id = f.unit_id LEFT JOIN units iu ON iu.id = f.intake_unit_id "
#define ROW_FROM "FROM feedback f " ROW_JOINS
/* With a search: the index (store/search.h) drives, each match joins its
 * item by primary key; fbs_q_where() adds the MATCH and the feedback rowid range,
 * fbs_q_candidates() the bound on the matches considered. */
#define SEARCH_FROM "FROM search_fts s JOIN feedback f ON f.id = s.rowid - " SEARCH_FEEDBACK_BASE_SQL " "

/* the number of columns of ROW_COLS */
#define ROW_NCOLS 37

static int read_row(struct db_stmt *st, struct arena *a, struct feedback_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(st, 0);
	const char *code = db_col_text(st, 1);
	snprintf(r->code, sizeof(r->code), "%s", code ? code : "");
	size_t hl = 0;
	const void *h = db_col_blob(st, 2, &hl);
	if (h && hl == sizeof(r->secret_hash))
		memcpy(r->secret_hash, h, hl);
	int bad = 0;
	r->title = rows_text(st, 3, a, &bad);
	r->body = rows_text(st, 4, a, &bad);
	r->category_id = db_col_int(st, 5);
	r->place = rows_text(st, 6, a, &bad);
	r->has_geo = !db_col_is_null(st, 7) && !db_col_is_null(st, 8);
	r->lat_e6 = rows_int_or(st, 7, 0);
	r->lon_e6 = rows_int_or(st, 8, 0);
	r->public = (int)db_col_int(st, 9);
	if (feedback_channel_parse(db_col_text(st, 10), &r->channel) < 0)
		r->channel = FB_CH_WEB;
	if (feedback_status_parse(db_col_text(st, 11), &r->status) < 0)
		r->status = FB_RECEIVED;
	r->intake_unit_id = rows_int_or(st, 12, 0);
	r->unit_id = rows_int_or(st, 13, 0);
	r->received_at = db_col_int(st, 14);
	r->due_at = rows_int_or(st, 15, 0);
	r->due_extended = (int)db_col_int(st, 16);
	r->answered_at = rows_int_or(st, 17, 0);
	r->published_at = rows_int_or(st, 18, 0);
	r->closed_at = rows_int_or(st, 19, 0);
	r->merged_into_id = rows_int_or(st, 20, 0);
	r->created_by = rows_int_or(st, 21, 0);
	r->public_title = rows_text(st, 22, a, &bad);
	r->public_body = rows_text(st, 23, a, &bad);
	r->rating = (int)rows_int_or(st, 24, 0);
	r->rating_comment = rows_text(st, 25, a, &bad);
	r->rated_at = rows_int_or(st, 26, 0);
	r->updated_at = db_col_int(st, 27);
	r->category_code = rows_text(st, 28, a, &bad);
	r->category_name = rows_text(st, 29, a, &bad);
	r->unit_code = rows_text(st, 30, a, &bad);
	r->unit_name = rows_text(st, 31, a, &bad);
	r->intake_unit_code = rows_text(st, 32, a, &bad);
	r->intake_unit_name = rows_text(st, 33, a, &bad);
	r->public_place = rows_text(st, 34, a, &bad);
	r->meeting_id = rows_int_or(st, 35, 0);
	r->booking_id = rows_int_or(st, 36, 0);
	return bad ? DB_ERROR : DB_OK;
}

/* rows_collect() reader over read_row(). */
static int read_item(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	return read_row(st, a, item) < 0 ? -1 : 0;
}

int feedback_row_insert(struct db *db, const struct feedback_row *r, int64_t *id)
{
	if (!db_in_transaction(db))
		BUG("feedback_row_insert outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO feedback(code, secret_hash, title, body, category_id, place, lat_e6, lon_e6, "
		"public, channel, status, intake_unit_id, unit_id, received_at, due_at, due_extended, "
		"answered_at, published_at, closed_at, merged_into_id, created_by, public_title, "
		"public_body, rating, rating_comment, rated_at, updated_at, public_place, meeting_id, booking_id) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
		"$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30) ON CONFLICT (code) DO NOTHING RETURNING id");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_text(st, 1, r->code);
	b |= db_bind_blob(st, 2, r->secret_hash, sizeof(r->secret_hash));
	b |= db_bind_text(st, 3, r->title);
	b |= db_bind_text(st, 4, r->body);
	b |= db_bind_int(st, 5, r->category_id);
	b |= db_bind_text(st, 6, r->place);
	b |= r->has_geo ? db_bind_int(st, 7, r->lat_e6) : db_bind_null(st, 7);
	b |= r->has_geo ? db_bind_int(st, 8, r->lon_e6) : db_bind_null(st, 8);
	b |= db_bind_int(st, 9, r->public ? 1 : 0);
	b |= db_bind_text(st, 10, feedback_channel_name(r->channel));
	b |= db_bind_text(st, 11, feedback_status_name(r->status));
	b |= db_bind_int_or_null(st, 12, r->intake_unit_id);
	b |= db_bind_int_or_null(st, 13, r->unit_id);
	b |= db_bind_int(st, 14, r->received_at);
	b |= db_bind_int_or_null(st, 15, r->due_at);
	b |= db_bind_int(st, 16, r->due_extended ? 1 : 0);
	b |= db_bind_int_or_null(st, 17, r->answered_at);
	b |= db_bind_int_or_null(st, 18, r->published_at);
	b |= db_bind_int_or_null(st, 19, r->closed_at);
	b |= db_bind_int_or_null(st, 20, r->merged_into_id);
	b |= db_bind_int_or_null(st, 21, r->created_by);
	b |= db_bind_text(st, 22, r->public_title);
	b |= db_bind_text(st, 23, r->public_body);
	b |= db_bind_int_or_null(st, 24, r->rating);
	b |= db_bind_text(st, 25, r->rating_comment);
	b |= db_bind_int_or_null(st, 26, r->rated_at);
	b |= db_bind_int(st, 27, r->updated_at);
	b |= db_bind_text(st, 28, r->public_place);
	b |= db_bind_int_or_null(st, 29, r->meeting_id);
	b |= db_bind_int_or_null(st, 30, r->booking_id);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	/* a taken code inserts nothing, and no error spoils the caller's
	 * transaction on PostgreSQL: it may draw another code and retry */
	int rc = db_step(st);
	if (rc == DB_DONE) {
		rc = DB_CONSTRAINT;
	} else if (rc == DB_ROW) {
		if (id)
			*id = db_col_int(st, 0);
		rc = db_step(st);
	}
	db_done(st);
	return rc < 0 ? rc : DB_OK;
}

/* an optional id or time: JSON null for 0, as db_bind_int_or_null() */
static json_t *json_int_or_null(int64_t v)
{
	return v ? json_integer((json_int_t)v) : json_null();
}

/* One item as an object of feedback_row_insert_many()'s recordset. */
static json_t *row_json(const struct feedback_row *r)
{
	char hash[2 * sizeof(r->secret_hash) + 1];
	sodium_bin2hex(hash, sizeof(hash), r->secret_hash, sizeof(r->secret_hash));
	json_t *o = json_object();
	if (!o)
		return NULL;
	int b = 0;
	b |= json_object_set_new(o, "code", json_string(r->code));
	b |= json_object_set_new(o, "secret_hash", json_string(hash));
	b |= json_object_set_new(o, "title", rows_json_text(r->title));
	b |= json_object_set_new(o, "body", rows_json_text(r->body));
	b |= json_object_set_new(o, "category_id", json_integer((json_int_t)r->category_id));
	b |= json_object_set_new(o, "place", rows_json_text(r->place));
	b |= json_object_set_new(o, "lat_e6", r->has_geo ? json_integer((json_int_t)r->lat_e6) : json_null());
	b |= json_object_set_new(o, "lon_e6", r->has_geo ? json_integer((json_int_t)r->lon_e6) : json_null());
	b |= json_object_set_new(o, "public", json_integer(r->public ? 1 : 0));
	b |= json_object_set_new(o, "channel", json_string(feedback_channel_name(r->channel)));
	b |= json_object_set_new(o, "status", json_string(feedback_status_name(r->status)));
	b |= json_object_set_new(o, "intake_unit_id", json_int_or_null(r->intake_unit_id));
	b |= json_object_set_new(o, "unit_id", json_int_or_null(r->unit_id));
	b |= json_object_set_new(o, "received_at", json_integer((json_int_t)r->received_at));
	b |= json_object_set_new(o, "due_at", json_int_or_null(r->due_at));
	b |= json_object_set_new(o, "due_extended", json_integer(r->due_extended ? 1 : 0));
	b |= json_object_set_new(o, "answered_at", json_int_or_null(r->answered_at));
	b |= json_object_set_new(o, "published_at", json_int_or_null(r->published_at));
	b |= json_object_set_new(o, "closed_at", json_int_or_null(r->closed_at));
	b |= json_object_set_new(o, "merged_into_id", json_int_or_null(r->merged_into_id));
	b |= json_object_set_new(o, "created_by", json_int_or_null(r->created_by));
	b |= json_object_set_new(o, "public_title", rows_json_text(r->public_title));
	b |= json_object_set_new(o, "public_body", rows_json_text(r->public_body));
	b |= json_object_set_new(o, "rating", json_int_or_null(r->rating));
	b |= json_object_set_new(o, "rating_comment", rows_json_text(r->rating_comment));
	b |= json_object_set_new(o, "rated_at", json_int_or_null(r->rated_at));
	b |= json_object_set_new(o, "updated_at", json_integer((json_int_t)r->updated_at));
	b |= json_object_set_new(o, "public_place", rows_json_text(r->public_place));
	b |= json_object_set_new(o, "meeting_id", json_int_or_null(r->meeting_id));
	b |= json_object_set_new(o, "booking_id", json_int_or_null(r->booking_id));
	if (b) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The contact and first event of a new item, added to its object. */
static int new_json(json_t *o, const struct feedback_new *it)
{
	const struct feedback_contact *c = it->contact;
	const struct feedback_event *e = it->event;
	int b = 0;
	b |= json_object_set_new(o, "c_name", rows_json_text(c ? c->name : NULL));
	b |= json_object_set_new(o, "c_phone", rows_json_text(c ? c->phone : NULL));
	b |= json_object_set_new(o, "c_email", rows_json_text(c ? c->email : NULL));
	b |= json_object_set_new(o, "has_contact", json_integer(c ? 1 : 0));
	b |= json_object_set_new(o, "e_at", json_integer((json_int_t)e->at));
	b |= json_object_set_new(o, "e_type", json_string(feedback_event_name(e->type)));
	b |= json_object_set_new(o, "e_actor_id", json_int_or_null(e->actor_id));
	b |= json_object_set_new(o, "e_unit_id", json_int_or_null(e->unit_id));
	b |= json_object_set_new(o, "e_public", json_integer(e->public ? 1 : 0));
	b |= json_object_set_new(o, "e_before", json_string(feedback_status_name(e->status_before)));
	b |= json_object_set_new(o, "e_after", json_string(feedback_status_name(e->status_after)));
	b |= json_object_set_new(o, "e_text", rows_json_text(e->text));
	b |= json_object_set_new(o, "e_extra", rows_json_text(e->extra));
	return b ? -1 : 0;
}

int feedback_row_insert_many(struct db *db, const struct feedback_new *items, size_t n, int64_t *ids)
{
	if (!db_in_transaction(db))
		BUG("feedback_row_insert_many outside a transaction");
	if (!db_is_pg(db))
		BUG("feedback_row_insert_many on SQLite");
	if (!n)
		return DB_OK;
	json_t *all = json_array();
	for (size_t i = 0; all && i < n; i++) {
		json_t *o = row_json(items[i].row);
		if (!o || new_json(o, &items[i]) < 0 || json_object_set_new(o, "i", json_integer((json_int_t)i)) < 0 ||
		    json_array_append_new(all, o) < 0) {
			json_decref(o);
			json_decref(all);
			all = NULL;
		}
	}
	/* one round trip: the items in the array's order (their ids ascend
	 * with it), then their events in the same order and their contacts;
	 * the foreign keys of these to the new items are checked at the end
	 * of the statement, when the items are there */
	struct db_stmt *st = rows_prepare_json(db,
		"WITH x AS MATERIALIZED (SELECT * FROM json_to_recordset($1::json) AS x(i bigint, code text, "
		"secret_hash text, title text, body text, category_id bigint, place text, lat_e6 bigint, "
		"lon_e6 bigint, public bigint, channel text, status text, intake_unit_id bigint, unit_id bigint, "
		"received_at bigint, due_at bigint, due_extended bigint, answered_at bigint, published_at bigint, "
		"closed_at bigint, merged_into_id bigint, created_by bigint, public_title text, public_body text, "
		"rating bigint, rating_comment text, rated_at bigint, updated_at bigint, public_place text, "
		"meeting_id bigint, booking_id bigint, c_name text, c_phone text, c_email text, has_contact bigint, "
		"e_at bigint, e_type text, e_actor_id bigint, e_unit_id bigint, e_public bigint, e_before text, "
		"e_after text, e_text text, e_extra text)), "
		"ins AS (INSERT INTO feedback(code, secret_hash, title, body, category_id, place, lat_e6, lon_e6, "
		"public, channel, status, intake_unit_id, unit_id, received_at, due_at, due_extended, "
		"answered_at, published_at, closed_at, merged_into_id, created_by, public_title, "
		"public_body, rating, rating_comment, rated_at, updated_at, public_place, meeting_id, booking_id) "
		"SELECT code, decode(secret_hash, 'hex'), title, body, category_id, place, lat_e6, lon_e6, "
		"public, channel, status, intake_unit_id, unit_id, received_at, due_at, due_extended, "
		"answered_at, published_at, closed_at, merged_into_id, created_by, public_title, "
		"public_body, rating, rating_comment, rated_at, updated_at, public_place, meeting_id, booking_id "
		"FROM x ORDER BY i ON CONFLICT (code) DO NOTHING RETURNING id, code), "
		"ev AS (INSERT INTO feedback_events(feedback_id, at, type, actor_id, unit_id, public, "
		"status_before, status_after, text, extra) "
		"SELECT ins.id, e_at, e_type, e_actor_id, e_unit_id, e_public, e_before, e_after, e_text, e_extra "
		"FROM ins JOIN x ON x.code = ins.code ORDER BY x.i), "
		"ct AS (INSERT INTO feedback_contacts(feedback_id, name, phone, email) "
		"SELECT ins.id, c_name, c_phone, c_email FROM ins JOIN x ON x.code = ins.code "
		"WHERE has_contact = 1 ORDER BY x.i) "
		"SELECT id, code FROM ins", all);
	if (!st)
		return DB_ERROR;
	for (size_t i = 0; i < n; i++)
		ids[i] = 0;
	size_t got = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 1);
		/* each code once: a code drawn twice in the batch inserts once */
		for (size_t i = 0; code && i < n; i++) {
			if (!ids[i] && strcmp(items[i].row->code, code) == 0) {
				ids[i] = db_col_int(st, 0);
				got++;
				break;
			}
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	return got == n ? DB_OK : DB_CONSTRAINT;
}

static int get_row(struct db_stmt *st, struct arena *a, struct feedback_row *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_row(st, a, out);
	else if (rc == DB_DONE)
		rc = DB_NOTFOUND;
	db_done(st);
	return rc;
}

int feedback_row_get(struct db *db, int64_t id, struct arena *a, struct feedback_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM "WHERE f.id = $1");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return get_row(st, a, out);
}

int feedback_row_get_by_code(struct db *db, const char *code, struct arena *a,
			     struct feedback_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM "WHERE f.code = $1");
	if (!st)
		return DB_ERROR;
	db_bind_text(st, 1, code ? code : "");
	return get_row(st, a, out);
}

int feedback_row_update(struct db *db, const struct feedback_row *r)
{
	if (!db_in_transaction(db))
		BUG("feedback_row_update outside a transaction");
	struct db_stmt *st = db_prepare(db,
		"UPDATE feedback SET status = $2, unit_id = $3, due_at = $4, due_extended = $5, "
		"answered_at = $6, published_at = $7, closed_at = $8, merged_into_id = $9, "
		"public_title = $10, public_body = $11, rating = $12, rating_comment = $13, "
		"rated_at = $14, updated_at = $15, public_place = $16 WHERE id = $1");
	if (!st)
		return DB_ERROR;
	int b = 0;
	b |= db_bind_int(st, 1, r->id);
	b |= db_bind_text(st, 2, feedback_status_name(r->status));
	b |= db_bind_int_or_null(st, 3, r->unit_id);
	b |= db_bind_int_or_null(st, 4, r->due_at);
	b |= db_bind_int(st, 5, r->due_extended ? 1 : 0);
	b |= db_bind_int_or_null(st, 6, r->answered_at);
	b |= db_bind_int_or_null(st, 7, r->published_at);
	b |= db_bind_int_or_null(st, 8, r->closed_at);
	b |= db_bind_int_or_null(st, 9, r->merged_into_id);
	b |= db_bind_text(st, 10, r->public_title);
	b |= db_bind_text(st, 11, r->public_body);
	b |= db_bind_int_or_null(st, 12, r->rating);
	b |= db_bind_text(st, 13, r->rating_comment);
	b |= db_bind_int_or_null(st, 14, r->rated_at);
	b |= db_bind_int(st, 15, r->updated_at);
	b |= db_bind_text(st, 16, r->public_place);
	if (b) {
		db_done(st);
		return DB_ERROR;
	}
	int rc = db_step(st);
	int64_t n = db_changes(db);
	db_done(st);
	if (rc < 0)
		return rc;
	return n == 1 ? DB_OK : DB_NOTFOUND;
}

/* --- queries -------------------------------------------------------------- */


int fbs_searching(const struct feedback_query *f)
{
	return f->search && f->search->match && f->search->match_public;
}

/* FROM: the items, or the search index joined to them. */
void fbs_q_from(struct qbuild *q, const struct feedback_query *f, const char *joins)
{
	q_sql(q, !fbs_searching(f) ? "FROM feedback f " : f->search_bare ? "FROM search_fts s " : SEARCH_FROM);
	q_sql(q, joins);
}

/* With a search, after the WHERE: the most recent `cap` matches only
 * (FTS5 walks its posting lists backwards and stops there). */
void fbs_q_candidates(struct qbuild *q, const struct feedback_query *f, int64_t cap)
{
	if (!fbs_searching(f))
		return;
	q_sql(q, " ORDER BY s.rowid DESC LIMIT ");
	q_int(q, cap);
}

/*
 * The MATCH of a search: what was typed (the public's text columns or the
 * officers'), AND the facet tokens (store/search.h) of the filters that
 * are selective enough to matter, so that FTS5 intersects them before any
 * item is joined. The SQL filters of fbs_q_where() still decide; facets only
 * narrow the candidates. On PostgreSQL (pg = 1) the typed words are a
 * tsquery over search_fts.doc and the facets another over
 * search_fts.facets: the first is returned, the second goes to *facets
 * (NULL when no filter adds one).
 */
static const char *search_match(struct qbuild *q, const struct feedback_query *f, int with_status, int pg,
				const char **facets)
{
	enum search_syntax syn = pg ? SEARCH_TSQUERY : SEARCH_FTS5;
	struct sbuf *m = arena_sbuf(q->a, 64 * 1024);
	if (!m)
		return NULL;
	const char *text = pg ? (f->public_only ? f->search->tsquery_public : f->search->tsquery)
			      : (f->public_only ? f->search->match_public : f->search->match);
	if (!text)
		return NULL;
	int bad = !pg && sbuf_addstr(m, text) < 0;
	/* on PostgreSQL fbs_q_where() tests "vpub" apart, as a filter */
	if (f->public_only && !pg)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_str_syn(m, syn, "", "vpub") < 0 ||
		       search_facet_end(m) < 0;
	if (with_status && f->status_mask && f->status_mask < (1u << FB_STATUS_COUNT)) {
		bad |= search_facet_begin_syn(m, syn) < 0;
		for (int st = 0; st < FB_STATUS_COUNT; st++)
			if (f->status_mask & (1u << st))
				bad |= search_facet_add_str_syn(m, syn, "s", status_names[st]) < 0;
		bad |= search_facet_end(m) < 0;
	}
	/* a scope of many units is not selective: leave it to SQL */
	if (f->use_scope && f->nscope <= 64 && (f->nscope || f->scope_creator)) {
		bad |= search_facet_begin_syn(m, syn) < 0;
		for (size_t i = 0; i < f->nscope; i++)
			bad |= search_facet_add_int_syn(m, syn, "u", f->scope[i]) < 0;
		if (f->scope_creator)
			bad |= search_facet_add_int_syn(m, syn, "a", f->scope_creator) < 0;
		bad |= search_facet_end(m) < 0;
	}
	if (f->category_id)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_int_syn(m, syn, "c", f->category_id) < 0 ||
		       search_facet_end(m) < 0;
	if (f->unit_id)
		bad |= search_facet_begin_syn(m, syn) < 0 || search_facet_add_int_syn(m, syn, "h", f->unit_id) < 0 ||
		       search_facet_end(m) < 0;
	if (f->received_from && f->received_to)
		bad |= search_facet_months_syn(m, syn, f->received_from, f->received_to) < 0;
	if (bad || !sbuf_ok(m))
		return NULL;
	if (pg) {
		*facets = m->len ? m->buf : NULL;
		return text;
	}
	return m->buf;
}

/*
 * The WHERE clause of a query. The SQL text depends on which filters are
 * set and on the number of scope units (rounded up to a power of two) and
 * of statuses, never on their values, so the statement cache holds one
 * statement per combination in use.
 */
void fbs_q_where(struct qbuild *q, const struct feedback_query *f, int with_status, int pg)
{
	q_sql(q, "WHERE 1 = 1");
	if (f->public_only && !f->search_bare)
		q_sql(q, " AND f.public = 1 AND f.status IN ('published', 'closed')");
	if (f->use_scope) {
		q_sql(q, " AND (");
		if (f->nscope > MAX_SCOPE) {
			q->failed = 1;
			return;
		}
		if (f->nscope) {
			size_t bucket = 1;
			while (bucket < f->nscope)
				bucket *= 2;
			q_sql(q, "coalesce(f.unit_id, f.intake_unit_id) IN (");
			for (size_t i = 0; i < bucket; i++) {
				if (i)
					q_sql(q, ", ");
				q_int(q, f->scope[i < f->nscope ? i : f->nscope - 1]);
			}
			q_sql(q, ")");
		}
		/* the OR branch only when it can match: written always, it would
		 * keep SQLite from reading the scope index alone (0005_inbox.sql) */
		if (f->scope_creator) {
			q_sql(q, f->nscope ? " OR f.created_by = " : "f.created_by = ");
			q_int(q, f->scope_creator);
		} else if (!f->nscope) {
			q_sql(q, "1 = 0");
		}
		q_sql(q, ")");
	}
	if (with_status && f->status_mask) {
		q_sql(q, " AND f.status IN (");
		int first = 1;
		for (int s = 0; s < FB_STATUS_COUNT; s++) {
			if (!(f->status_mask & (1u << s)))
				continue;
			if (!first)
				q_sql(q, ", ");
			first = 0;
			q_text(q, status_names[s]);
		}
		q_sql(q, ")");
	}
	/* Filters are written only when set: a neutral "$n = 0 OR ..." would
	 * hide from the planner that the partial index feedback_public_list
	 * covers a public count, and that the scope index (unit, status,
	 * due_at) serves the due-date filters. */
	if (f->category_id) {
		q_sql(q, " AND f.category_id = ");
		q_int(q, f->category_id);
	}
	if (f->unit_id) {
		q_sql(q, " AND f.unit_id = ");
		q_int(q, f->unit_id);
	}
	const char *ch = f->channel > 0 ? feedback_channel_name((enum feedback_channel)(f->channel - 1)) : NULL;
	if (ch) {
		q_sql(q, " AND f.channel = ");
		q_text(q, ch);
	}
	if (f->overdue) {
		q_sql(q, " AND f.status IN ('received', 'assigned') AND f.due_at < ");
		q_int(q, f->now);
	}
	if (f->due_to) {
		q_sql(q, " AND f.status IN ('received', 'assigned') AND f.due_at >= ");
		q_int(q, f->due_from);
		q_sql(q, " AND f.due_at <= ");
		q_int(q, f->due_to);
	}
	if (f->received_from) {
		q_sql(q, " AND f.received_at >= ");
		q_int(q, f->received_from);
	}
	if (f->received_to) {
		q_sql(q, " AND f.received_at < ");
		q_int(q, f->received_to);
	}
	if (fbs_searching(f)) {
		const char *facets = NULL;
		const char *m = search_match(q, f, with_status, pg, &facets);
		if (!m) {
			q->failed = 1;
			return;
		}
		q_sql(q, !pg ? " AND s.search_fts MATCH "
			     : f->search_doc_filter ? " AND ts_match_vq(s.doc, to_tsquery('simple', "
						    : " AND s.doc @@ to_tsquery('simple', ");
		q_text(q, m);
		if (pg)
			q_sql(q, f->search_doc_filter ? "))" : ")");
		if (facets) {
			q_sql(q, " AND s.facets @@ to_tsquery('simple', ");
			q_text(q, facets);
			q_sql(q, ")");
		}
		/* "vpub" (public, published or closed) as a filter, never from the
		 * index: its GIN entry lists most of the table, a bitmap the
		 * planner underrates (45 ms) and would AND with the words' */
		if (pg && f->public_only)
			q_sql(q, " AND ts_match_vq(s.facets, 'vpub'::tsquery)");
		q_sql(q, " AND s.rowid >= " SEARCH_FEEDBACK_BASE_SQL " AND s.rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL);
	}
}

/* --- PostgreSQL: a search's candidates, window by window ---------------- */

/*
 * FTS5 walks its posting lists from the newest item and stops at the
 * SEARCH_MAX_RESULTS + 1-th match. A GIN index cannot: it returns every
 * match as a bitmap, 100,000 of them for a common word (40 ms before a row
 * is read), and a prefix costs more. Walking the key backwards and testing
 * each row stops early, but reads every row on its way: fast for a common
 * word, the whole table for a rare one. So the candidates are collected by
 * windows of the key, newest first: the first holds the newest
 * CAND_FIRST_WINDOW rows; each next one is sized from the density of
 * matches found so far to hold what is still needed, half as much again
 * (eight times the last while nothing matched), and none goes past the
 * first key of its partition (migrations/postgresql/0049: 65,536 items
 * each, with their own GIN entries). For each window the planner chooses,
 * seeing its bounds (plan_cache_mode force_custom_plan), between the walk
 * and the GIN bitmap of its partition ANDed with the key's range, whose
 * rows are then only the window's. Consecutive windows, newest first, cut
 * at the cap, are exactly the cap newest matches: the candidates FTS5
 * gives. Each comes
 * with its status (counts per status) and its rank (ts_rank with vn_rank's
 * weights: internal, body, place, title as 1, 1, 2, 4, scaled to at most
 * 1), computed for the rows a window returns.
 */
#define CAND_FIRST_WINDOW 4096
#define SEARCH_FEEDBACK_BASE SEARCH_ROWID(SEARCH_KIND_FEEDBACK, 0)

struct fbs_cand {
	int64_t rowid;
	double score;  /* -ts_rank: the best first */
	int status;
};

struct feedback_search_memo {
	struct arena *a;     /* the request's: what the memo keeps lives there */
	const char *key;     /* the window query's text and values, and the cap */
	struct fbs_cand *c;
	size_t n;
	/* words_estimate(): -2 not asked yet; the least of the words'
	 * estimated rows, their sum, the index's rows */
	double matches, entries, rows, whole;
	int common;
	const char *sample;  /* plan_sample(): the partitions estimated over, */
	double sample_scale; /* and the factor from their rows to the whole */
	const char *facets;  /* facets_rows(): its last facets, and their estimate */
	double facet_rows;
};

struct feedback_search_memo *feedback_search_memo_new(struct arena *a)
{
	struct feedback_search_memo *m = arena_zalloc(a, sizeof(*m));
	if (m) {
		m->a = a;
		m->matches = -2;
	}
	return m;
}

/* The text and values of q, and the cap: two queries with the same key
 * find the same candidates. NULL when the arena is exhausted. */
static const char *cand_key(struct arena *a, const struct qbuild *q, int64_t cap)
{
	struct sbuf k;
	sbuf_init(&k, 256 * 1024);
	int bad = sbuf_addstr(&k, q->sql.buf) < 0 || sbuf_addf(&k, "\x1f%lld", (long long)cap) < 0;
	for (size_t i = 0; i < q->n; i++)
		bad |= (q->p[i].is_text ? sbuf_addf(&k, "\x1f%s", q->p[i].s ? q->p[i].s : "")
					: sbuf_addf(&k, "\x1f%lld", (long long)q->p[i].i)) < 0;
	const char *key = bad || !sbuf_ok(&k) ? NULL : arena_strdup(a, k.buf);
	sbuf_release(&k);
	return key;
}

/* The planner's estimate of the rows of the search index (the feedback
 * kind's) whose `column` matches the tsquery text q, over the memo's
 * sample of partitions scaled to the whole (plan_sample()); -1 unknown. */
static double plan_rows(struct db *db, const char *column, const char *q, const struct feedback_search_memo *m)
{
	char sql[512];
	if ((size_t)snprintf(sql, sizeof(sql), "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_fts s WHERE s.%s @@ "
				 "to_tsquery('simple', $1) AND %s", column,
				 m->sample ? m->sample : "s.rowid >= " SEARCH_FEEDBACK_BASE_SQL
							 " AND s.rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL) >= sizeof(sql))
		return -1;
	struct db_stmt *st = db_prepare(db, sql);
	double rows = -1;
	if (st && db_bind_text(st, 1, q) == DB_OK && db_step(st) == DB_ROW) {
		const char *j = db_col_text(st, 0), *r = j ? strstr(j, "\"Plan Rows\":") : NULL;
		if (r)
			rows = strtod(r + 12, NULL) * m->sample_scale;
	}
	db_done(st);
	return rows;
}

/*
 * The rows of the index (its partitions': a partitioned table has none
 * itself) into m->rows, and the sample plan_rows() estimates over: three
 * partitions of the feedback kind (migrations/postgresql/0049), the one
 * before the newest, the middle one and the first, with the scale from
 * their rows to the whole. The planner plans a statement over every
 * partition it may touch, its GIN index's pages read for each: 2-3 ms an
 * estimate over 23 partitions, 0.3 over one. Without statistics yet (a
 * new database) the whole is estimated, scale 1.
 */
static void plan_sample(struct db *db, struct feedback_search_memo *m)
{
	m->rows = -1;
	m->sample = NULL;
	m->sample_scale = 1;
	struct db_stmt *st = db_prepare(db, "WITH p AS (SELECT c.relname, c.reltuples AS n FROM pg_inherits i "
					    "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = "
					    "CAST('search_fts' AS regclass) AND c.reltuples > 0), "
					    "f AS (SELECT CAST(substr(relname, 13) AS bigint) AS k, n FROM p "
					    "WHERE relname ~ '^search_fts_f[0-9]+$') "
					    "SELECT (SELECT sum(n) FROM p), k, n FROM f WHERE k IN ((SELECT max(k) - 1 FROM f), "
					    "(SELECT max(k) / 2 FROM f), 0) ORDER BY k");
	struct sbuf q;
	sbuf_init(&q, 512);
	double in = 0;
	int n = 0;
	while (st && db_step(st) == DB_ROW) {
		const char *t = db_col_text(st, 0), *r = db_col_text(st, 2);
		int64_t lo = SEARCH_FEEDBACK_BASE + db_col_int(st, 1) * SEARCH_PART_KEYS;
		m->rows = t ? strtod(t, NULL) : -1;
		in += r ? strtod(r, NULL) : 0;
		if (sbuf_addf(&q, "%ss.rowid >= %lld AND s.rowid < %lld", n++ ? " OR " : "(", (long long)lo,
			      (long long)(lo + SEARCH_PART_KEYS)) < 0)
			break;
	}
	db_done(st);
	if (n && in > 0 && m->rows > 0 && sbuf_addstr(&q, ")") >= 0 && sbuf_ok(&q) &&
	    (m->sample = arena_strdup(m->a, q.buf)))
		m->sample_scale = m->rows / in;
	sbuf_release(&q);
}

/*
 * What the planner expects of the words, into the memo: `common`, when it
 * expects the query in more than CAND_COMMON_PCT % of the rows (then the
 * words are tested on each row a window reads, never read from the GIN
 * index: the planner's estimate of one word is good, from the column's
 * statistics, its cost of the index is not: it ANDs a bitmap of 107,000
 * entries ("duong", 45 ms) with a scope's facets of 12,000 that would do
 * alone); and, for walk_window(), each word's estimate apart (the words
 * of its top-level AND): the least of them bounds the matches (the
 * planner's estimate of the AND assumes independent words, 1,429 rows for
 * "thu gom rác" where 78,752 match), their sum is what a GIN bitmap
 * decodes. Returns 0, or -1 when nothing could be estimated.
 */
#define CAND_COMMON_PCT 20

static int words_estimate(struct db *db, const char *tsq, struct feedback_search_memo *m)
{
	if (m->matches > -2)
		return m->matches >= 0 ? 0 : -1;
	m->matches = -1;
	plan_sample(db, m);
	double whole = plan_rows(db, "doc", tsq, m);
	m->whole = whole;
	m->common = whole >= 0 && m->rows > 0 && whole * 100 > m->rows * CAND_COMMON_PCT;
	/* the top-level terms: split at " & " outside parentheses (a phrase) */
	double least = -1, sum = 0;
	const char *p = tsq, *start = tsq;
	int depth = 0, terms = 0;
	for (;; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		int end = !*p || (depth == 0 && !strncmp(p, " & ", 3));
		if (!end)
			continue;
		size_t len = (size_t)(p - start);
		char *term = len ? arena_strndup(m->a, start, len) : NULL;
		double r = !term ? -1 : *p || terms ? plan_rows(db, "doc", term, m) : whole;
		if (r < 0)
			return -1;
		least = least < 0 || r < least ? r : least;
		sum += r;
		terms++;
		if (!*p)
			break;
		p += 2;
		start = p + 1;
	}
	m->matches = least;
	m->entries = sum;
	return least >= 0 ? 0 : -1;
}

/* The planner's estimate of the rows whose facets match (-1 unknown). */
static double facets_rows(struct db *db, const char *facets, struct feedback_search_memo *memo)
{
	if (memo->facets && !strcmp(memo->facets, facets))
		return memo->facet_rows;
	double rows = plan_rows(db, "facets", facets, memo);
	if ((memo->facets = arena_strdup(memo->a, facets)))
		memo->facet_rows = rows;
	return rows;
}

/*
 * Whether a window of w rows is walked (each row read and tested, newest
 * first, until `need` matches are found) rather than left to the planner,
 * which takes the GIN bitmap for all but the commonest words. The bitmap
 * decodes the words' entries in the window's partition whatever share of
 * it the window is (about 0.5 us an entry); a walk reads rows until it has
 * what it needs or the window ends (about 1.2 us a row: the first window
 * of 4,096 in 5 ms), which at the words' density (`seen`, matches a key,
 * once a window found some; else from the estimates) is need / density.
 * A public search walks only the public rows (0048).
 */
static int walk_window(int64_t w, int64_t need, double seen, const struct feedback_search_memo *m)
{
	if (m->matches <= 0 || m->rows <= 0)
		return 0;
	/* the density the windows before found, when they found any: the
	 * estimates of the words apart say nothing of how often they go
	 * together (the public's "đèn tín hiệu": 2 % of the rows, where the
	 * least of its words is in 10 %; a walk of 30,745 rows, 32 ms,
	 * where the bitmap took 13) */
	double walked = seen > 0 ? (double)need / seen : (double)need * m->rows / m->matches;
	if (walked > (double)w)
		walked = (double)w;
	/* a window stays in one partition (0049): its bitmap decodes that
	 * partition's share of the entries */
	double entries = m->entries;
	if (m->rows > SEARCH_PART_KEYS)
		entries = entries * SEARCH_PART_KEYS / m->rows;
	return walked * 12 < entries * 5;
}

/* The first key of the index's partition (migrations/postgresql/0049)
 * that holds key r. */
static int64_t part_lo(int64_t r)
{
	return SEARCH_FEEDBACK_BASE + (r - SEARCH_FEEDBACK_BASE) / SEARCH_PART_KEYS * SEARCH_PART_KEYS;
}

/* The planner's settings for the windows (pg_candidates()), set before
 * and reset after: the first for every search, the rest when facets
 * drive (no walk of the key, and the items joined by their key, not hashed
 * or merged whole). */
static const char *const window_plan[][2] = {
	{ "SET max_parallel_workers_per_gather = 0", "RESET max_parallel_workers_per_gather" },
	{ "SET enable_indexscan = off", "RESET enable_indexscan" },
	{ "SET enable_hashjoin = off", "RESET enable_hashjoin" },
	{ "SET enable_mergejoin = off", "RESET enable_mergejoin" },
};
#define WINDOW_PLAN_ALL (sizeof(window_plan) / sizeof(*window_plan))

/* Set window_plan's rows from *set up to `to`, *set counting those set. */
static int window_plan_set(struct db *db, size_t *set, size_t to)
{
	for (; *set < to; (*set)++) {
		int rc = db_run(db, window_plan[*set][0]);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

/* The cap newest matches of f's search (the status filter only when
 * with_status), newest first: an array of *n in *out. */
static int pg_candidates(struct db *db, const struct feedback_query *fq, int with_status, int64_t cap,
			 struct arena *a, struct fbs_cand **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const char *tsq = fq->public_only ? fq->search->tsquery_public : fq->search->tsquery;
	struct feedback_search_memo own = { .a = a, .matches = -2 };
	struct feedback_search_memo *em = fq->memo ? fq->memo : &own;
	int estimated = tsq && words_estimate(db, tsq, em) == 0;
	int common = estimated && em->common;
	/* facets (a scope of units, a category...) estimated at half the
	 * entries the words' bitmap would decode or fewer (the sum of the
	 * words' estimates apart): the words are tested on the rows the
	 * facets' GIN entries give (a district's 172 rows a partition) rather
	 * than read from the index themselves (all of 'den & duong', 98 ms).
	 * A row read and tested costs about six entries decoded, but the
	 * planner's estimate of an OR of units it has no statistics for is
	 * high (44,000 rows for a district's 3,400), and its estimate of the
	 * words' AND far too low for words that go together (110 rows a
	 * partition for "thu gom rác" where 5,250 match): it ANDed their
	 * bitmap (3 ms a partition) with the district's. A district's "rác"
	 * 47 -> 13 ms, "hoàn kiếm" 57 -> 12. */
	const char *facets = NULL;
	int facets_drive = 0;
	struct qbuild fq_tmp;
	q_init(&fq_tmp, a);
	if (estimated && em->matches > 0 && search_match(&fq_tmp, fq, with_status, 1, &facets) && facets) {
		double fr = facets_rows(db, facets, em);
		facets_drive = fr >= 0 && fr * 2 < em->entries;
		common |= facets_drive;
	}
	sbuf_release(&fq_tmp.sql);
	struct arena *keep = em->a;
	/* [0]: the words from the index or walked, as the planner chooses (or
	 * always walked when common); [1]: walked (walk_window()) */
	struct qbuild qs[2];
	const char *key = NULL;
	/* the public's search without other filters reads the search rows
	 * alone: their "vpub" is the item's public flag and status
	 * (search_feedback_tags()), current as every search row is (a change
	 * takes the row out as it queues the item), and the join to the items
	 * cost 3-13 us a candidate, 1,001 of them */
	int bare = fq->public_only && !fq->use_scope && !(with_status && fq->status_mask) && !fq->category_id &&
		   !fq->unit_id && fq->channel <= 0 && !fq->overdue && !fq->due_to && !fq->received_from &&
		   !fq->received_to;
	for (int k = 0; k < 2; k++) {
		struct feedback_query copy = *fq;
		copy.search_doc_filter = k || common;
		copy.search_bare = bare;
		struct qbuild *q = &qs[k];
		q_init(q, a);
		/* the rank of the rows a window returns only, not of every
		 * match it reads (about 10 us a row: 1,031 ranked for 698) */
		q_sql(q, "SELECT x.r, x.st, -ts_rank('{0.25,0.25,0.5,1}', x.doc, to_tsquery('simple', ");
		q_text(q, tsq ? tsq : "");
		q_sql(q, bare ? "), 1) FROM (SELECT s.rowid AS r, CASE WHEN ts_match_vq(s.facets, 'sclosed'::tsquery) "
				"THEN 'closed' ELSE 'published' END AS st, s.doc "
			      : "), 1) FROM (SELECT s.rowid AS r, f.status AS st, s.doc ");
		fbs_q_from(q, &copy, "");
		fbs_q_where(q, &copy, with_status, 1);
		if (!k)
			key = q->failed || !tsq ? NULL : cand_key(keep, q, cap);
		q_sql(q, " AND s.rowid >= ");
		q_int(q, 0);
		q_sql(q, " AND s.rowid < ");
		q_int(q, 0);
		q_sql(q, " ORDER BY s.rowid DESC LIMIT ");
		q_int(q, 0);
		q_sql(q, ") AS x ORDER BY x.r DESC");
	}
	const struct feedback_query *f = fq;
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	struct fbs_cand *c = NULL;
	size_t len = 0, ccap = 0;
	size_t planned = 0; /* window_plan's rows set */
	if (!key || qs[0].failed || qs[1].failed)
		goto out;
	if (f->memo && f->memo->key && !strcmp(f->memo->key, key)) {
		*out = f->memo->c;
		*n = f->memo->n;
		rc = DB_OK;
		goto out;
	}
	/* no parallel workers for the windows: on two cores, starting them
	 * and gathering their rows cost more than they save (the public's
	 * "rác" 38 -> 21 ms p50, "đèn tín hiệu" 125 -> 49) */
	if ((rc = window_plan_set(db, &planned, 1)) < 0)
		goto out;
	/* the newest row a search may find: the public's from the key of
	 * the public rows (0048), not behind every newer row not public */
	int64_t top = 0;
	st = db_prepare(db, fq->public_only ? "SELECT max(rowid) FROM search_fts WHERE ts_match_vq(facets, 'vpub'::tsquery) "
					      "AND rowid >= " SEARCH_FEEDBACK_BASE_SQL " AND rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL
					    : "SELECT max(rowid) FROM search_fts WHERE rowid >= " SEARCH_FEEDBACK_BASE_SQL
					      " AND rowid < 2 * " SEARCH_FEEDBACK_BASE_SQL);
	if (!st)
		goto out;
	rc = db_step(st);
	if (rc == DB_ROW && !db_col_is_null(st, 0))
		top = db_col_int(st, 0);
	db_done(st);
	st = NULL;
	if (rc < 0)
		goto out;
	rc = DB_OK;
	/* facets that drive take their GIN bitmap, never a walk of the key
	 * (the planner, which prices a GIN scan of fifteen units' entries
	 * high and expects matches where there are none, walked a partition
	 * of 32,768 rows none of which was in the scope: 56 ms for what the
	 * bitmap answered in 0.25); set after the newest row was found by
	 * the key */
	if (facets_drive && (rc = window_plan_set(db, &planned, WINDOW_PLAN_ALL)) < 0)
		goto out;
	int64_t hi = top ? top + 1 : SEARCH_FEEDBACK_BASE, need = cap, scanned = 0;
	int64_t w = CAND_FIRST_WINDOW;
#ifdef DANVAN_TESTING
	/* tests/http/test_engines.py: windows of a few items over the demo's */
	const char *tw = getenv("DANVAN_TEST_SEARCH_WINDOW");
	if (tw && *tw && strtoll(tw, NULL, 10) > 0)
		w = strtoll(tw, NULL, 10);
#endif
	while (need > 0 && hi > SEARCH_FEEDBACK_BASE) {
		/* never past its partition's first key: a window that takes
		 * the GIN bitmap decodes the entries of each partition it
		 * touches, whatever share of it the window is; but a window of
		 * half the rest or more takes the rest, every partition whole,
		 * in one statement planned once (a district's 230 "rác" had
		 * taken twenty windows of 3.5 ms each) */
		int64_t lo = w >= (hi - SEARCH_FEEDBACK_BASE) / 2 ? SEARCH_FEEDBACK_BASE
			     : hi - w < part_lo(hi - 1)		  ? part_lo(hi - 1)
									  : hi - w;
		struct qbuild *q = &qs[common || walk_window(hi - lo, need, len ? (double)len / (double)scanned : -1, em)];
		q->p[q->n - 3].i = lo;
		q->p[q->n - 2].i = hi;
		q->p[q->n - 1].i = need;
		if (!(st = db_prepare(db, q->sql.buf)) || q_bind(q, st) < 0) {
			rc = DB_ERROR;
			goto out;
		}
		while ((rc = db_step(st)) == DB_ROW) {
			if (rows_grow(keep, (void **)&c, len, &ccap, sizeof(*c)) < 0) {
				rc = DB_ERROR;
				break;
			}
			enum feedback_status fs;
			const char *score = db_col_text(st, 2);
			c[len].rowid = db_col_int(st, 0);
			c[len].status = feedback_status_parse(db_col_text(st, 1), &fs) < 0 ? -1 : (int)fs;
			c[len].score = score ? strtod(score, NULL) : 0;
			len++;
			need--;
		}
		db_done(st);
		st = NULL;
		if (rc < 0)
			goto out;
		rc = DB_OK;
		scanned += hi - lo;
		hi = lo;
		if (len == 0)
			w *= 8;
		else
			w = (int64_t)((double)need * (double)scanned / (double)len * 1.5) + CAND_FIRST_WINDOW;
	}
	*out = c;
	*n = len;
	if (f->memo) {
		f->memo->key = key;
		f->memo->c = c;
		f->memo->n = len;
	}
out:
	db_done(st);
	for (size_t i = 0; i < planned; i++)
		if (db_run(db, window_plan[i][1]) < 0 && rc >= 0)
			rc = DB_ERROR;
	sbuf_release(&qs[0].sql);
	sbuf_release(&qs[1].sql);
	return rc;
}

static int cmp_cand_rank(const void *x, const void *y)
{
	const struct fbs_cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->rowid < b->rowid ? -1 : a->rowid > b->rowid;
}

/* A searched page on PostgreSQL: the candidates ranked here (by score,
 * then id, as ORDER BY m.score, f.id), then only the page's rows read. */
static int pg_search_page(struct db *db, const struct feedback_query *f, struct arena *a, int64_t offset,
			  int64_t limit, struct feedback_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	struct fbs_cand *c;
	size_t nc;
	int rc = pg_candidates(db, f, 1, SEARCH_MAX_RESULTS + 1, a, &c, &nc);
	if (rc < 0)
		return rc;
	if (total)
		*total = (int64_t)nc;
	/* the page never goes past the SEARCH_MAX_RESULTS-th */
	int64_t end = offset + limit;
	if (end > SEARCH_MAX_RESULTS)
		end = SEARCH_MAX_RESULTS;
	if (end > (int64_t)nc)
		end = (int64_t)nc;
	if (offset >= end)
		return DB_OK;
	struct fbs_cand *r = arena_alloc(a, nc * sizeof(*r));
	if (!r)
		return DB_ERROR;
	memcpy(r, c, nc * sizeof(*r));
	qsort(r, nc, sizeof(*r), cmp_cand_rank);
	struct sbuf ids;
	sbuf_init(&ids, 64 * 1024);
	int bad = sbuf_addstr(&ids, "{") < 0;
	for (int64_t i = offset; i < end; i++)
		bad |= sbuf_addf(&ids, "%s%lld", i > offset ? "," : "",
				 (long long)(r[i].rowid - SEARCH_FEEDBACK_BASE)) < 0;
	bad |= sbuf_addstr(&ids, "}") < 0 || !sbuf_ok(&ids);
	struct db_stmt *st = bad ? NULL : db_prepare(db, "SELECT " ROW_COLS ROW_FROM
						     "WHERE f.id = ANY (CAST($1 AS bigint[]))");
	rc = !st ? DB_ERROR : db_bind_text(st, 1, ids.buf);
	size_t want = (size_t)(end - offset);
	struct feedback_row *arr = rc < 0 ? NULL : arena_zalloc(a, want * sizeof(*arr));
	unsigned char *got = rc < 0 ? NULL : arena_zalloc(a, want);
	if (!arr || !got)
		rc = DB_ERROR;
	/* each row to its place in the ranked page */
	while (rc >= 0 && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		size_t at = want;
		for (size_t i = 0; i < want; i++)
			if (r[offset + (int64_t)i].rowid - SEARCH_FEEDBACK_BASE == id) {
				at = i;
				break;
			}
		if (at == want || got[at])
			continue;
		if ((rc = read_row(st, a, &arr[at])) < 0)
			break;
		got[at] = 1;
	}
	db_done(st);
	sbuf_release(&ids);
	if (rc < 0)
		return rc;
	/* an item deleted since its candidate was read leaves no gap */
	size_t len = 0;
	for (size_t i = 0; i < want; i++)
		if (got[i])
			arr[len++] = arr[i];
	*items = len ? arr : NULL;
	*n = len;
	return DB_OK;
}

int fbs_pg_search_count(struct db *db, const struct feedback_query *f, int with_status,
			int64_t counts[FB_STATUS_COUNT], int64_t *total)
{
	struct arena a;
	arena_init(&a, 4096);
	struct fbs_cand *c;
	size_t nc;
	int rc = pg_candidates(db, f, with_status, SEARCH_MAX_RESULTS + 1, &a, &c, &nc);
	if (rc >= 0) {
		if (total)
			*total = (int64_t)nc;
		if (counts) {
			for (int i = 0; i < FB_STATUS_COUNT; i++)
				counts[i] = 0;
			for (size_t i = 0; i < nc; i++)
				if (c[i].status >= 0 && c[i].status < FB_STATUS_COUNT)
					counts[c[i].status]++;
		}
	}
	arena_release(&a);
	return rc < 0 ? rc : DB_OK;
}

/*
 * A page of items. With a search, the bounded candidates are ranked in a
 * materialised CTE and, when `total` is given, counted in the same pass
 * (one more column after ROW_COLS): *total is then the number of
 * candidates, at most SEARCH_MAX_RESULTS + 1, or -1 when the page came out
 * empty (the count is not known then).
 */
/* An unsearched list over both branches of an officer's scope, sorted by
 * when items were received: the shape row_list() answers from the indexes. */
static int two_branch_scope(const struct feedback_query *f)
{
	enum feedback_sort s = f->sort == FB_SORT_RELEVANCE ? FB_SORT_NEWEST : f->sort;
	return !fbs_searching(f) && f->use_scope && f->nscope && f->scope_creator &&
	       (s == FB_SORT_NEWEST || s == FB_SORT_OLDEST);
}

/*
 * THE INBOX WALK. An officer's page without a search, newest, oldest or
 * due first, whatever the other filters: for each (scope unit, status) and
 * each (recording account, status) the covering indexes of
 * 0008_inbox_walk.sql (received order) or 0009_inbox_due.sql (due order)
 * are read in that order and each walk stops after offset + limit
 * matching entries; the page's ids are picked from their union here and
 * only those rows are read. A page costs (units x statuses) short index
 * walks instead of a sort of everything in reach. With a category, channel
 * or unit filter the (unit, status) pairs come from the tally
 * (0007_tally.sql), so ranges holding no match are not walked at all.
 * Every page a list shows (app/feedback.h: at most FEEDBACK_COUNT_CAP
 * items deep, plus one page of at most 500) takes the walk; deeper pages
 * (callers that bypass the app's bound) take the general query.
 */
#define PAIRS_MAX_DEPTH (FEEDBACK_COUNT_CAP + 500)

static int pairs_applies(const struct feedback_query *f, int64_t offset, int64_t limit)
{
	enum feedback_sort s = f->sort == FB_SORT_RELEVANCE ? FB_SORT_NEWEST : f->sort;
	return !f->no_walk && !fbs_searching(f) && !f->public_only && f->use_scope && (f->nscope || f->scope_creator) &&
	       f->nscope <= MAX_SCOPE && (s == FB_SORT_NEWEST || s == FB_SORT_OLDEST || s == FB_SORT_DUE) &&
	       offset + limit <= PAIRS_MAX_DEPTH;
}


/* The WHERE of one walk: the filters, then the pair's range. */
static void pairs_where(struct qbuild *q, const struct feedback_query *f, int mine, const char *extra, int pg)
{
	struct feedback_query inner = *f;
	inner.use_scope = 0;
	inner.status_mask = 0;
	fbs_q_where(q, &inner, 0, pg);
	if (mine) {
		q_sql(q, " AND f.created_by = ");
		q_int(q, f->scope_creator);
	} else {
		q_sql(q, " AND coalesce(f.unit_id, f.intake_unit_id) = p.u");
	}
	q_sql(q, " AND f.status = p.s");
	q_sql(q, extra);
}

/*
 * One branch: per pair of p, the walk's keys as text, "k1 id k1 id ...":
 * k1 is received_at, or for FB_SORT_DUE due_at (a range read in due order
 * from feedback_scope / feedback_inbox_mine_due, then the items without a
 * due date in id order, keyed INT64_MAX so that they sort last).
 * PostgreSQL spells group_concat string_agg.
 */
static void pairs_branch(struct qbuild *q, const struct feedback_query *f, int mine, int64_t depth, int pg)
{
	q_sql(q, pg ? "SELECT (SELECT string_agg(k, ' ') FROM (" : "SELECT (SELECT group_concat(k, ' ') FROM (");
	if (f->sort == FB_SORT_DUE) {
		q_sql(q, "SELECT k FROM (SELECT f.due_at || ' ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, " AND f.due_at IS NOT NULL ORDER BY f.due_at, f.id LIMIT ", pg);
		q_int(q, depth);
		q_sql(q, ") AS d UNION ALL SELECT k FROM (SELECT '9223372036854775807 ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, " AND f.due_at IS NULL ORDER BY f.id LIMIT ", pg);
		q_int(q, depth);
		q_sql(q, ") AS n");
	} else {
		int desc = f->sort != FB_SORT_OLDEST;
		q_sql(q, "SELECT f.received_at || ' ' || f.id AS k FROM feedback f ");
		pairs_where(q, f, mine, desc ? " ORDER BY f.received_at DESC, f.id DESC LIMIT "
					     : " ORDER BY f.received_at, f.id LIMIT ", pg);
		q_int(q, depth);
	}
	q_sql(q, ") AS w) FROM ");
}

/*
 * A list of values bound as one parameter (the scope's units, the
 * statuses, a page's ids: thousands at times, beyond what parameters one
 * by one would allow): SQLite reads a JSON array with json_each(), whose
 * column is `value`; PostgreSQL an array literal with unnest(), its
 * column named `value` too. `list` holds the values separated by commas;
 * `as` names the set in a FROM clause (NULL: a scalar subquery's set, for
 * IN). Text values are status names: quoted ("received") for JSON, bare
 * in the array literal.
 */
static void q_list(struct qbuild *q, int pg, const char *list, int text, const char *as)
{
	const char *v = arena_printf(q->a, pg ? "{%s}" : "[%s]", list);
	if (!v) {
		q->failed = 1;
		return;
	}
	if (!as)
		q_sql(q, "(SELECT value FROM ");
	q_sql(q, pg ? "unnest(CAST(" : "json_each(");
	q_text(q, v);
	q_sql(q, pg ? (text ? " AS text[]))" : " AS bigint[]))") : ")");
	q_sql(q, " AS ");
	q_sql(q, as ? as : "l");
	if (pg)
		q_sql(q, "(value)");
	if (!as)
		q_sql(q, ")");
}

struct walk_key {
	int64_t ra, id;
};

static int cmp_key_desc(const void *x, const void *y)
{
	const struct walk_key *a = x, *b = y;
	if (a->ra != b->ra)
		return a->ra < b->ra ? 1 : -1;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int cmp_key_asc(const void *x, const void *y)
{
	return cmp_key_desc(y, x);
}

/* "ra id ra id ..." appended to keys; -1 on a malformed list. */
static int parse_keys(struct arena *a, const char *s, struct walk_key **keys, size_t *n, size_t *cap)
{
	while (s && *s) {
		char *end;
		errno = 0;
		long long ra = strtoll(s, &end, 10);
		if (end == s || *end != ' ' || errno)
			return -1;
		s = end + 1;
		long long id = strtoll(s, &end, 10);
		if (end == s || (*end && *end != ' ') || errno)
			return -1;
		s = *end ? end + 1 : end;
		if (rows_grow(a, (void **)keys, *n, cap, sizeof(**keys)) < 0)
			return -1;
		(*keys)[(*n)++] = (struct walk_key){ ra, id };
	}
	return 0;
}

static int pairs_page(struct db *db, const struct feedback_query *f, struct arena *a, int64_t offset,
		      int64_t limit, struct feedback_row **items, size_t *n)
{
	/* keys sort descending for the newest first, ascending otherwise */
	int desc = f->sort != FB_SORT_OLDEST && f->sort != FB_SORT_DUE;
	int64_t depth = offset + limit;
	/* the statuses walked: those asked for, and only open ones for the
	 * due-date filters (a closed range would be walked to its end) */
	unsigned mask = f->status_mask ? f->status_mask : (1u << FB_STATUS_COUNT) - 1;
	if (f->overdue || f->due_to)
		mask &= (1u << FB_RECEIVED) | (1u << FB_ASSIGNED);
	int pg = db_is_pg(db);
	struct sbuf units, statuses;
	sbuf_init(&units, 256 * 1024);
	sbuf_init(&statuses, 1024);
	int bad = 0;
	for (size_t i = 0; i < f->nscope; i++)
		bad |= sbuf_addf(&units, "%s%lld", i ? "," : "", (long long)f->scope[i]) < 0;
	int first = 1;
	for (int st = 0; st < FB_STATUS_COUNT; st++)
		if (mask & (1u << st)) {
			bad |= sbuf_addf(&statuses, pg ? "%s%s" : "%s\"%s\"", first ? "" : ",", status_names[st]) < 0;
			first = 0;
		}
	bad |= !sbuf_ok(&units) || !sbuf_ok(&statuses);
	struct qbuild q;
	q_init(&q, a);
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	struct walk_key *keys = NULL;
	size_t nkeys = 0, cap = 0;
	*items = NULL;
	*n = 0;
	if (bad)
		goto out;
	if (!mask) {
		rc = DB_OK;
		goto out;
	}
	/* with a filter the tally answers, only the ranges holding a match */
	int tally_prunes = (f->category_id || fbs_channel_filter(f) || f->unit_id) && feedback_tally_covers(f);
	if (f->nscope) {
		pairs_branch(&q, f, 0, depth, pg);
		if (tally_prunes) {
			/* "+ 0", "|| ''": values without the columns' affinity, or
			 * SQLite will not compare them with the expression index */
			q_sql(&q, "(SELECT DISTINCT t.scope_unit_id + 0 AS u, t.status || '' AS s FROM ");
			q_sql(&q, fbs_tally_table(f));
			q_sql(&q, " WHERE t.scope_unit_id IN ");
			q_list(&q, pg, units.buf, 0, NULL);
			q_sql(&q, " AND t.status IN ");
			q_list(&q, pg, statuses.buf, 1, NULL);
			q_sql(&q, " AND t.n > 0");
			fbs_tally_filters(&q, f);
			q_sql(&q, ") p");
		} else {
			q_sql(&q, "(SELECT u.value AS u, s.value AS s FROM ");
			q_list(&q, pg, units.buf, 0, "u");
			q_sql(&q, ", ");
			q_list(&q, pg, statuses.buf, 1, "s");
			q_sql(&q, ") p");
		}
	}
	if (f->scope_creator) {
		if (f->nscope)
			q_sql(&q, " UNION ALL ");
		pairs_branch(&q, f, 1, depth, pg);
		if (tally_prunes) {
			/* the statuses that have a match: the first row of each
			 * (the account's rows can be tens of thousands, by unit
			 * and category) */
			q_sql(&q, "(SELECT s.value AS s FROM ");
			q_list(&q, pg, statuses.buf, 1, "s");
			q_sql(&q, " WHERE EXISTS (SELECT 1 FROM ");
			q_sql(&q, fbs_tally_table(f));
			q_sql(&q, " WHERE t.created_by = ");
			q_int(&q, f->scope_creator);
			q_sql(&q, " AND t.created_by <> 0 AND t.status = s.value AND t.n > 0");
			fbs_tally_filters_creator(&q, f);
			q_sql(&q, ")) p");
		} else {
			q_sql(&q, "(SELECT s.value AS s FROM ");
			q_list(&q, pg, statuses.buf, 1, "s");
			q_sql(&q, ") p");
		}
	}
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	while ((rc = db_step(st)) == DB_ROW)
		if (parse_keys(a, db_col_text(st, 0), &keys, &nkeys, &cap) < 0) {
			rc = DB_ERROR;
			break;
		}
	db_done(st);
	st = NULL;
	if (rc < 0)
		goto out;
	if (nkeys)
		qsort(keys, nkeys, sizeof(*keys), desc ? cmp_key_desc : cmp_key_asc);
	/* the page: an item recorded by the officer in a unit of its scope
	 * came from both branches, next to itself after the sort */
	struct sbuf ids;
	sbuf_init(&ids, 64 * 1024);
	bad = sbuf_addstr(&ids, pg ? "{" : "[") < 0;
	int64_t seen = 0, taken = 0;
	for (size_t i = 0; i < nkeys && taken < limit; i++) {
		if (i && keys[i].id == keys[i - 1].id)
			continue;
		if (seen++ < offset)
			continue;
		bad |= sbuf_addf(&ids, "%s%lld", taken ? "," : "", (long long)keys[i].id) < 0;
		taken++;
	}
	bad |= sbuf_addstr(&ids, pg ? "}" : "]") < 0;
	if (!taken) {
		sbuf_release(&ids);
		rc = DB_OK;
		goto out;
	}
	/* the ids as one parameter: a JSON array, or a PostgreSQL array literal */
#define IDS_SQLITE "WHERE f.id IN (SELECT value FROM json_each($1)) "
#define IDS_PG "WHERE f.id = ANY (CAST($1 AS bigint[])) "
	const char *sql;
	if (f->sort == FB_SORT_DUE)
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.due_at IS NULL, f.due_at, f.id"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.due_at IS NULL, f.due_at, f.id";
	else if (desc)
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.received_at DESC, f.id DESC"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.received_at DESC, f.id DESC";
	else
		sql = pg ? "SELECT " ROW_COLS ROW_FROM IDS_PG "ORDER BY f.received_at, f.id"
			 : "SELECT " ROW_COLS ROW_FROM IDS_SQLITE "ORDER BY f.received_at, f.id";
#undef IDS_SQLITE
#undef IDS_PG
	st = db_prepare(db, sql);
	rc = !st || bad ? DB_ERROR : db_bind_text(st, 1, ids.buf);
	struct feedback_row *arr = NULL;
	size_t len = 0, rcap = 0;
	while (rc >= 0 && (rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &rcap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = read_row(st, a, &arr[len])) < 0)
			break;
		len++;
	}
	sbuf_release(&ids);
	if (rc >= 0) {
		rc = DB_OK;
		*items = len ? arr : NULL;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	sbuf_release(&units);
	sbuf_release(&statuses);
	return rc;
}

static int row_list(struct db *db, const struct feedback_query *f, struct arena *a,
		    struct feedback_row **items, size_t *n, int64_t *total)
{
	struct qbuild q;
	q_init(&q, a);
	int pg = db_is_pg(db);
	int64_t limit = f->limit > 0 ? (f->limit > 500 ? 500 : f->limit) : 20;
	int64_t offset = f->offset > 0 ? f->offset : 0;
	if (pairs_applies(f, offset, limit)) {
		sbuf_release(&q.sql);
		if (total)
			*total = -1;
		return pairs_page(db, f, a, offset, limit, items, n);
	}
	if (fbs_searching(f) && pg) {
		sbuf_release(&q.sql);
		if (total)
			*total = -1;
		return pg_search_page(db, f, a, offset, limit, items, n, total);
	}
	if (fbs_searching(f)) {
		/* SQLite: rank the bounded candidates, then read the page's rows;
		 * the page never goes past the SEARCH_MAX_RESULTS-th */
		q_sql(&q, "WITH m AS MATERIALIZED (SELECT s.rowid AS sid, s.rank AS score ");
		fbs_q_from(&q, f, "");
		fbs_q_where(&q, f, 1, pg);
		fbs_q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") SELECT " ROW_COLS ", (SELECT count(*) FROM m) FROM m JOIN feedback f ON f.id = m.sid - "
			  SEARCH_FEEDBACK_BASE_SQL " " ROW_JOINS);
		limit = offset >= SEARCH_MAX_RESULTS ? 0
			: (limit < SEARCH_MAX_RESULTS - offset ? limit : SEARCH_MAX_RESULTS - offset);
	} else if (two_branch_scope(f)) {
		/*
		 * An officer's scope is "items of my units OR items I recorded".
		 * Written as one OR, SQLite must read every item in reach from
		 * the table to sort it; instead each branch picks (id, received_at)
		 * from its own index (0005_inbox.sql), the page's ids are chosen
		 * from their union, and only those rows are read.
		 */
		struct feedback_query units_only = *f, mine_only = *f;
		units_only.scope_creator = 0;
		mine_only.nscope = 0;
		const char *dir = f->sort == FB_SORT_OLDEST ? "" : " DESC";
		/* each branch keeps only its first offset + limit (a bounded
		 * top-N sort over index entries), then the union is ordered */
		q_sql(&q, "SELECT " ROW_COLS ROW_FROM "WHERE f.id IN (SELECT id FROM ("
			  "SELECT * FROM (SELECT f.id AS id, f.received_at AS ra FROM feedback f ");
		fbs_q_where(&q, &units_only, 1, pg);
		q_sql(&q, " ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, offset + limit);
		q_sql(&q, ") AS a UNION SELECT * FROM (SELECT f.id AS id, f.received_at AS ra FROM feedback f ");
		fbs_q_where(&q, &mine_only, 1, pg);
		q_sql(&q, " ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, offset + limit);
		q_sql(&q, ") AS b) AS c ORDER BY ra");
		q_sql(&q, dir);
		q_sql(&q, ", id");
		q_sql(&q, dir);
		q_sql(&q, " LIMIT ");
		q_int(&q, limit);
		q_sql(&q, " OFFSET ");
		q_int(&q, offset);
		q_sql(&q, ")");
		offset = 0; /* applied inside */
	} else {
		q_sql(&q, "SELECT " ROW_COLS ROW_FROM);
		fbs_q_where(&q, f, 1, pg);
	}
	switch (f->sort == FB_SORT_RELEVANCE && !fbs_searching(f) ? FB_SORT_NEWEST : f->sort) {
	case FB_SORT_RELEVANCE:
		q_sql(&q, " ORDER BY m.score, f.id");
		break;
	case FB_SORT_OLDEST:
		q_sql(&q, " ORDER BY f.received_at, f.id");
		break;
	case FB_SORT_DUE:
		q_sql(&q, " ORDER BY f.due_at IS NULL, f.due_at, f.id");
		break;
	case FB_SORT_PUBLISHED:
		/* NULL last, SQLite's order for DESC */
		q_sql(&q, pg ? " ORDER BY f.published_at DESC NULLS LAST, f.id DESC"
			     : " ORDER BY f.published_at DESC, f.id DESC");
		break;
	case FB_SORT_NEWEST:
	default:
		q_sql(&q, " ORDER BY f.received_at DESC, f.id DESC");
		break;
	}
	q_sql(&q, " LIMIT ");
	q_int(&q, limit);
	q_sql(&q, " OFFSET ");
	q_int(&q, offset);
	if (total)
		*total = -1;
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	struct feedback_row *arr = NULL;
	size_t len = 0, cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (rows_grow(a, (void **)&arr, len, &cap, sizeof(*arr)) < 0) {
			rc = DB_ERROR;
			break;
		}
		if ((rc = read_row(st, a, &arr[len])) < 0)
			break;
		if (total && fbs_searching(f))
			*total = db_col_int(st, ROW_NCOLS);
		len++;
	}
	if (rc >= 0) {
		rc = DB_OK;
		*items = len ? arr : NULL;
		*n = len;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	return rc;
}

int feedback_row_list(struct db *db, const struct feedback_query *f, struct arena *a,
		      struct feedback_row **items, size_t *n)
{
	return row_list(db, f, a, items, n, NULL);
}

int feedback_row_page(struct db *db, const struct feedback_query *f, struct arena *a,
		      struct feedback_row **items, size_t *n, int64_t *total)
{
	int rc = row_list(db, f, a, items, n, total);
	if (rc < 0)
		return rc;
	/* no search, or an empty page: count apart */
	if (*total < 0)
		return feedback_row_count(db, f, total);
	return DB_OK;
}

/* An unsearched count over both branches of an officer's scope, small
 * enough that the units' ids can be written twice (SQLite takes at most
 * 32,766 parameters). */
static int two_branch_count(const struct feedback_query *f)
{
	return !fbs_searching(f) && f->use_scope && f->nscope && f->nscope <= 4096 && f->scope_creator;
}

int feedback_row_count(struct db *db, const struct feedback_query *f, int64_t *total)
{
	struct arena a;
	arena_init(&a, 4096);
	struct qbuild q;
	q_init(&q, &a);
	int pg = db_is_pg(db);
	if (fbs_searching(f) && pg) {
		sbuf_release(&q.sql);
		arena_release(&a);
		return fbs_pg_search_count(db, f, 1, NULL, total);
	}
	if (fbs_searching(f)) {
		q_sql(&q, "SELECT count(*) FROM (SELECT 1 ");
		fbs_q_from(&q, f, "");
		fbs_q_where(&q, f, 1, pg);
		fbs_q_candidates(&q, f, SEARCH_MAX_RESULTS + 1);
		q_sql(&q, ") AS x");
	} else if (two_branch_count(f)) {
		/*
		 * An officer's scope "my units OR what I recorded" written as one
		 * OR makes SQLite gather both branches' rowids and read the rows.
		 * As two disjoint capped counts, the units' is an index range
		 * (from the scope index alone for status and due-date filters)
		 * and the account's a short one; *total is their sum, capped.
		 */
		struct feedback_query units_only = *f, mine_only = *f;
		units_only.scope_creator = 0;
		mine_only.nscope = 0;
		q_sql(&q, "SELECT (SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		fbs_q_where(&q, &units_only, 1, pg);
		q_sql(&q, " LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS u), (SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		fbs_q_where(&q, &mine_only, 1, pg);
		/* not already counted with the units (0: neither unit set) */
		q_sql(&q, " AND coalesce(f.unit_id, f.intake_unit_id, 0) NOT IN (");
		size_t bucket = 1;
		while (bucket < f->nscope)
			bucket *= 2;
		for (size_t i = 0; i < bucket; i++) {
			if (i)
				q_sql(&q, ", ");
			q_int(&q, f->scope[i < f->nscope ? i : f->nscope - 1]);
		}
		q_sql(&q, ") LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS m)");
	} else {
		/* capped: a count stops at FEEDBACK_COUNT_CAP + 1 rows, so a list
		 * over a million items costs a bounded index walk, not a scan */
		q_sql(&q, "SELECT count(*) FROM (SELECT 1 FROM feedback f ");
		fbs_q_where(&q, f, 1, pg);
		q_sql(&q, " LIMIT ");
		q_int(&q, FEEDBACK_COUNT_CAP + 1);
		q_sql(&q, ") AS x");
	}
	int rc = DB_ERROR;
	struct db_stmt *st = NULL;
	if (q.failed || !(st = db_prepare(db, q.sql.buf)) || q_bind(&q, st) < 0)
		goto out;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_col_int(st, 0);
		if (two_branch_count(f)) {
			*total += db_col_int(st, 1);
			if (*total > FEEDBACK_COUNT_CAP + 1)
				*total = FEEDBACK_COUNT_CAP + 1;
		}
		rc = DB_OK;
	} else if (rc >= 0) {
		rc = DB_ERROR;
	}
out:
	db_done(st);
	sbuf_release(&q.sql);
	arena_release(&a);
	return rc;
}

int feedback_row_merged_into(struct db *db, int64_t id, struct arena *a, struct feedback_row **items,
			     size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ROW_COLS ROW_FROM
					    "WHERE f.merged_into_id = $1 ORDER BY f.id");
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	void *arr;
	int rc = rows_collect(st, a, sizeof(**items), 0, read_item, NULL, &arr, n);
	*items = rc < 0 ? NULL : arr;
	return rc;
}
