/*
 * indicator.c - the catalogue of report figures (indicators[]) and the two
 * queries every figure goes through: the grouped counts of a source over
 * units and a period, and the records behind one figure. See indicator.h.
 */
#include "store/indicator.h"

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/timefmt.h"
#include "store/db.h"
#include "store/rollup.h"
#include "store/rows.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IND_MAX_UNITS 16384

/* The kinds of record a figure counts: table, unit, date, answer lag and
 * what a line of its records list shows. */
struct ind_source_def {
	const char *from;
	const char *unit;
	const char *date;
	const char *lag;
	const char *kind;
	const char *ref, *title, *status, *id;
};

static const struct ind_source_def sources[IND_SRC_COUNT] = {
	[IND_SRC_FEEDBACK] = {
		.from = "feedback f",
		.unit = "coalesce(f.unit_id, f.intake_unit_id)",
		.date = "f.received_at",
		.lag = "CASE WHEN f.answered_at IS NULL THEN -1 "
		       "ELSE (f.answered_at + 25200) / 86400 - (f.received_at + 25200) / 86400 END",
		.kind = "feedback", .ref = "f.code", .title = "f.title", .status = "f.status", .id = "f.id",
	},
	[IND_SRC_MEETINGS] = {
		.from = "meetings m",
		.unit = "m.unit_id",
		.date = "m.starts_at",
		.lag = "-1",
		.kind = "meeting", .ref = "CAST(m.id AS TEXT)", .title = "m.title", .status = "m.status", .id = "m.id",
	},
	[IND_SRC_BOOKINGS] = {
		.from = "reception_bookings b JOIN meetings m ON m.id = b.meeting_id",
		.unit = "m.unit_id",
		.date = "m.starts_at",
		.lag = "-1",
		.kind = "booking", .ref = "b.code", .title = "b.subject", .status = "b.status", .id = "b.id",
	},
	[IND_SRC_CONSULTATIONS] = {
		.from = "consultations k",
		.unit = "k.unit_id",
		.date = "k.opens_at",
		.lag = "-1",
		.kind = "consultation", .ref = "CAST(k.id AS TEXT)", .title = "k.title",
		.status = "CASE WHEN k.report_published_at IS NOT NULL THEN 'published' WHEN k.opens_at > $3 "
			  "THEN 'upcoming' WHEN k.closes_at > $3 THEN 'open' ELSE 'closed' END",
		.id = "k.id",
	},
	/* a comment grouped with another (group_id) is answered by that one's reply */
	[IND_SRC_COMMENTS] = {
		.from = "consultation_comments c JOIN consultations k ON k.id = c.consultation_id "
			"LEFT JOIN consultation_replies r ON r.comment_id = coalesce(c.group_id, c.id)",
		.unit = "k.unit_id",
		.date = "c.created_at",
		.lag = "-1",
		.kind = "comment", .ref = "CAST(c.id AS TEXT)", .title = "k.title",
		.status = "coalesce(r.decision, 'unanswered')", .id = "c.id",
	},
	/* days (registered_on, decision_date) as the UTC second of their
	 * Vietnam midnight, so that periods and days work as for the others */
	[IND_SRC_MODELS] = {
		.from = "models d",
		.unit = "d.unit_id",
		.date = "(d.registered_on * 86400 - 25200)",
		.lag = "-1",
		.kind = "model", .ref = "CAST(d.id AS TEXT)", .title = "d.title", .status = "d.status", .id = "d.id",
	},
	[IND_SRC_COMMENDATIONS] = {
		.from = "commendations e",
		.unit = "e.recipient_unit_id",
		.date = "(e.decision_date * 86400 - 25200)",
		.lag = "-1",
		.kind = "commendation", .ref = "CAST(e.id AS TEXT)", .title = "e.recipient_name", .status = "e.status",
		.id = "e.id",
	},
};

#define FB_ANSWERED "f.answered_at IS NOT NULL"
#define FB_ON_TIME "f.answered_at IS NOT NULL AND (f.due_at IS NULL OR f.answered_at <= f.due_at)"
#define FB_VOTER "EXISTS (SELECT 1 FROM meetings vm WHERE vm.id = f.meeting_id AND vm.kind = 'voter_contact')"
#define M_HELD "m.status IN ('held', 'closed')"
#define K_HELD "k.opens_at <= $3"
#define C_SHOWN "c.hidden_reason IS NULL"
#define C_ANSWERED C_SHOWN " AND r.decision IS NOT NULL"
#define C_ACCEPTED C_SHOWN " AND r.decision IN ('accepted', 'partly_accepted')"
#define D_RECOGNISED "d.status IN ('recognised', 'exemplary', 'commended')"
#define D_EXEMPLARY "d.status IN ('exemplary', 'commended')"
#define E_DECIDED "e.status = 'decided'"
#define G_CONSULT "Góp ý dự thảo"
#define G_EMUL "Thi đua, khen thưởng"
/* commendations by form: the seeded forms in families (a family's
 * individual, collective and household variants together), and the rest */
#define F_LDTT "'lao_dong_tien_tien', 'tap_the_lao_dong_tien_tien'"
#define F_CSTD "'chien_si_thi_dua_co_so', 'chien_si_thi_dua_tinh', 'chien_si_thi_dua_toan_quoc'"
#define F_TTXS "'tap_the_lao_dong_xuat_sac'"
#define F_CO "'co_thi_dua_tinh', 'co_thi_dua_chinh_phu'"
#define F_VH "'gia_dinh_van_hoa', 'thon_van_hoa', 'xa_tieu_bieu'"
#define F_GK "'giay_khen', 'giay_khen_tap_the', 'giay_khen_ho_gia_dinh'"
#define F_BKT "'bang_khen_tinh', 'bang_khen_tinh_tap_the', 'bang_khen_tinh_ho_gia_dinh'"
#define F_BKTT "'bang_khen_thu_tuong', 'bang_khen_thu_tuong_tap_the', 'bang_khen_thu_tuong_ho_gia_dinh'"
#define F_ALL F_LDTT ", " F_CSTD ", " F_TTXS ", " F_CO ", " F_VH ", " F_GK ", " F_BKT ", " F_BKTT
#define COMMEND_FORM(code, cond, label, forms)                                                                 \
	{ code, "Khen thưởng đã quyết định - " label, "lượt", G_EMUL,                                           \
	  "Số lượt khen thưởng có quyết định trong kỳ theo hình thức: " forms ".", IND_SRC_COMMENDATIONS,        \
	  IND_COUNT, E_DECIDED " AND " cond, NULL, E_DECIDED " AND " cond, "/quan-ly/khen-thuong", NULL }
#define COMMEND_IN(code, list, label, forms) COMMEND_FORM(code, "e.form_code IN (" list ")", label, forms)
#define MODEL_FIELD(code, field, label)                                                                         \
	{ code, "Mô hình \"Dân vận khéo\" đăng ký - " label, "mô hình", G_EMUL,                                  \
	  "Số mô hình, điển hình \"Dân vận khéo\" thuộc lĩnh vực " label " đăng ký trong kỳ.", IND_SRC_MODELS,   \
	  IND_COUNT, "d.field = '" field "'", NULL, "d.field = '" field "'", "/mo-hinh", NULL }

const struct indicator indicators[] = {
	{ "feedback_received", "Phản ánh, kiến nghị tiếp nhận", "phản ánh", "Phản ánh, kiến nghị",
	  "Số phản ánh, kiến nghị nhận trong kỳ (theo ngày tiếp nhận), ở đơn vị xử lý hoặc, khi chưa phân công, "
	  "đơn vị tiếp nhận; kể cả phản ánh đã từ chối hoặc gộp.",
	  IND_SRC_FEEDBACK, IND_COUNT, "1 = 1", NULL, "1 = 1", "/quan-ly/phan-anh", NULL },
	{ "feedback_answered", "Phản ánh đã trả lời", "phản ánh", "Phản ánh, kiến nghị",
	  "Trong số phản ánh nhận trong kỳ, số đã có văn bản trả lời (đến nay).",
	  IND_SRC_FEEDBACK, IND_COUNT, FB_ANSWERED, NULL, FB_ANSWERED, "/quan-ly/phan-anh", NULL },
	{ "feedback_on_time_pct", "Tỷ lệ trả lời đúng hạn", "%", "Phản ánh, kiến nghị",
	  "Trong số phản ánh nhận trong kỳ đã được trả lời, tỷ lệ trả lời không muộn hơn hạn xử lý "
	  "(phản ánh không có hạn tính là đúng hạn). Danh sách: các phản ánh trả lời đúng hạn.",
	  IND_SRC_FEEDBACK, IND_PCT, FB_ON_TIME, FB_ANSWERED, FB_ON_TIME, "/quan-ly/phan-anh", NULL },
	{ "feedback_overdue", "Phản ánh quá hạn chưa trả lời", "phản ánh", "Phản ánh, kiến nghị",
	  "Trong số phản ánh nhận trong kỳ, số hiện còn đang xử lý (tiếp nhận, đã phân công) mà đã quá hạn.",
	  IND_SRC_FEEDBACK, IND_COUNT, "f.status IN ('received', 'assigned') AND f.due_at < $3", NULL,
	  "f.status IN ('received', 'assigned') AND f.due_at < $3", "/quan-ly/phan-anh", NULL },
	{ "feedback_avg_days", "Thời gian trả lời bình quân", "ngày làm việc", "Phản ánh, kiến nghị",
	  "Số ngày làm việc bình quân từ ngày tiếp nhận đến ngày trả lời, theo lịch ngày làm việc đã công bố, "
	  "của các phản ánh nhận trong kỳ đã được trả lời. Danh sách: các phản ánh đó.",
	  IND_SRC_FEEDBACK, IND_AVG_WD, FB_ANSWERED, NULL, FB_ANSWERED, "/quan-ly/phan-anh", NULL },
	{ "feedback_satisfied_pct", "Tỷ lệ người dân hài lòng", "%", "Phản ánh, kiến nghị",
	  "Trong số phản ánh nhận trong kỳ được người gửi đánh giá, tỷ lệ đánh giá 4 hoặc 5 sao. "
	  "Danh sách: các phản ánh được đánh giá hài lòng.",
	  IND_SRC_FEEDBACK, IND_PCT, "f.rating >= 4", "f.rating IS NOT NULL", "f.rating >= 4", "/quan-ly/phan-anh", NULL },
	{ "meetings_held", "Hội nghị, cuộc họp đã tổ chức", "cuộc", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số cuộc tiếp xúc cử tri, đối thoại, buổi tiếp công dân và hội nghị bắt đầu trong kỳ đã được tổ chức "
	  "(trạng thái đã tổ chức hoặc đã duyệt biên bản).",
	  IND_SRC_MEETINGS, IND_COUNT, M_HELD, NULL, M_HELD, "/hoi-nghi", NULL },
	{ "meetings_voter_contact", "Cuộc tiếp xúc cử tri", "cuộc", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số cuộc tiếp xúc cử tri bắt đầu trong kỳ đã được tổ chức.",
	  IND_SRC_MEETINGS, IND_COUNT, M_HELD " AND m.kind = 'voter_contact'", NULL,
	  M_HELD " AND m.kind = 'voter_contact'", "/hoi-nghi", NULL },
	{ "dialogues_held", "Cuộc đối thoại với Nhân dân", "cuộc", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân bắt đầu trong kỳ đã được tổ chức "
	  "(Luật 10/2022/QH15, Điều 32).",
	  IND_SRC_MEETINGS, IND_COUNT, M_HELD " AND m.kind = 'dialogue'", NULL, M_HELD " AND m.kind = 'dialogue'",
	  "/hoi-nghi", NULL },
	{ "dialogues_required", "Số cuộc đối thoại phải tổ chức", "cuộc", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số cuộc đối thoại tối thiểu theo quy định (quy tắc dialogue.per_year đang có hiệu lực) cho mỗi năm "
	  "dương lịch mà kỳ báo cáo chạm tới, của đơn vị báo cáo.",
	  IND_SRC_NONE, IND_REQUIRED, NULL, NULL, NULL, "/quan-ly/quy-dinh", NULL },
	{ "meetings_reception", "Buổi tiếp công dân", "buổi", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số buổi tiếp công dân bắt đầu trong kỳ đã được tổ chức.",
	  IND_SRC_MEETINGS, IND_COUNT, M_HELD " AND m.kind = 'reception'", NULL, M_HELD " AND m.kind = 'reception'",
	  "/hoi-nghi", NULL },
	{ "meetings_conference", "Hội nghị", "cuộc", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số hội nghị (sơ kết, tổng kết, tập huấn...) bắt đầu trong kỳ đã được tổ chức.",
	  IND_SRC_MEETINGS, IND_COUNT, M_HELD " AND m.kind = 'conference'", NULL, M_HELD " AND m.kind = 'conference'",
	  "/hoi-nghi", NULL },
	{ "voter_petitions", "Kiến nghị của cử tri", "kiến nghị", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số kiến nghị nêu tại các cuộc tiếp xúc cử tri, nhận trong kỳ (phản ánh gắn với một cuộc tiếp xúc cử tri).",
	  IND_SRC_FEEDBACK, IND_COUNT, FB_VOTER, NULL, FB_VOTER, "/quan-ly/phan-anh", NULL },
	{ "voter_petitions_answered", "Kiến nghị cử tri đã được trả lời", "kiến nghị",
	  "Tiếp xúc, đối thoại, tiếp công dân",
	  "Trong số kiến nghị của cử tri nhận trong kỳ, số đã có văn bản trả lời.",
	  IND_SRC_FEEDBACK, IND_COUNT, FB_VOTER " AND " FB_ANSWERED, NULL, FB_VOTER " AND " FB_ANSWERED,
	  "/quan-ly/phan-anh", NULL },
	{ "citizens_received", "Lượt công dân được tiếp", "lượt", "Tiếp xúc, đối thoại, tiếp công dân",
	  "Số lượt đặt lịch tiếp công dân đã được tiếp, ở các buổi tiếp bắt đầu trong kỳ.",
	  IND_SRC_BOOKINGS, IND_COUNT, "b.status = 'held'", NULL, "b.status = 'held'", "/tiep-cong-dan", NULL },
	{ "consultations", "Dự thảo đưa ra lấy ý kiến", "dự thảo", G_CONSULT,
	  "Số dự thảo đưa ra lấy ý kiến Nhân dân bắt đầu trong kỳ (theo ngày mở lấy ý kiến, đã mở đến nay), "
	  "của đơn vị chủ trì soạn thảo.",
	  IND_SRC_CONSULTATIONS, IND_COUNT, K_HELD, NULL, K_HELD, "/quan-ly/gop-y", NULL },
	{ "consultation_comments", "Ý kiến góp ý nhận được", "ý kiến", G_CONSULT,
	  "Số ý kiến góp ý vào các dự thảo nhận trong kỳ (theo ngày góp ý), ở đơn vị chủ trì dự thảo; "
	  "không tính ý kiến đã ẩn.",
	  IND_SRC_COMMENTS, IND_COUNT, C_SHOWN, NULL, C_SHOWN, "/gop-y", NULL },
	{ "comments_accepted_pct", "Tỷ lệ ý kiến được tiếp thu", "%", G_CONSULT,
	  "Trong số ý kiến nhận trong kỳ đã được giải trình, tiếp thu (ý kiến gộp theo ý kiến chung của nhóm), "
	  "tỷ lệ được tiếp thu hoặc tiếp thu một phần. Danh sách: các ý kiến được tiếp thu.",
	  IND_SRC_COMMENTS, IND_PCT, C_ACCEPTED, C_ANSWERED, C_ACCEPTED, "/gop-y", NULL },
	{ "models_registered", "Mô hình \"Dân vận khéo\" đăng ký", "mô hình", G_EMUL,
	  "Số mô hình, điển hình \"Dân vận khéo\" đăng ký trong kỳ (theo ngày đăng ký), ở đơn vị xây dựng; "
	  "kể cả mô hình đã dừng.",
	  IND_SRC_MODELS, IND_COUNT, "1 = 1", NULL, "1 = 1", "/mo-hinh", NULL },
	{ "models_recognised", "Mô hình được công nhận", "mô hình", G_EMUL,
	  "Trong số mô hình đăng ký trong kỳ, số đã được công nhận (công nhận, điển hình hoặc đã khen thưởng).",
	  IND_SRC_MODELS, IND_COUNT, D_RECOGNISED, NULL, D_RECOGNISED, "/mo-hinh", NULL },
	{ "models_exemplary", "Mô hình điển hình", "mô hình", G_EMUL,
	  "Trong số mô hình đăng ký trong kỳ, số được chọn làm điển hình (điển hình hoặc đã khen thưởng).",
	  IND_SRC_MODELS, IND_COUNT, D_EXEMPLARY, NULL, D_EXEMPLARY, "/mo-hinh", NULL },
	MODEL_FIELD("models_economy", "economy", "kinh tế"),
	MODEL_FIELD("models_culture_society", "culture_society", "văn hóa - xã hội"),
	MODEL_FIELD("models_defence_security", "defence_security", "quốc phòng - an ninh"),
	MODEL_FIELD("models_political_system", "political_system", "xây dựng hệ thống chính trị"),
	{ "commendations", "Khen thưởng đã quyết định", "lượt", G_EMUL,
	  "Số lượt khen thưởng (danh hiệu, hình thức) có quyết định trong kỳ (theo ngày quyết định), "
	  "ở đơn vị của người, hộ hoặc tập thể được khen.",
	  IND_SRC_COMMENDATIONS, IND_COUNT, E_DECIDED, NULL, E_DECIDED, "/quan-ly/khen-thuong", NULL },
	COMMEND_IN("commendations_lao_dong_tien_tien", F_LDTT, "Lao động tiên tiến",
		   "danh hiệu Lao động tiên tiến, Tập thể lao động tiên tiến"),
	COMMEND_IN("commendations_chien_si_thi_dua", F_CSTD, "Chiến sĩ thi đua",
		   "Chiến sĩ thi đua cơ sở, cấp tỉnh, toàn quốc"),
	COMMEND_IN("commendations_tap_the_xuat_sac", F_TTXS, "Tập thể lao động xuất sắc",
		   "danh hiệu Tập thể lao động xuất sắc"),
	COMMEND_IN("commendations_co_thi_dua", F_CO, "Cờ thi đua", "Cờ thi đua cấp tỉnh, Cờ thi đua của Chính phủ"),
	COMMEND_IN("commendations_van_hoa", F_VH, "Gia đình, thôn, xã văn hóa, tiêu biểu",
		   "Gia đình văn hóa, Thôn, tổ dân phố văn hóa, Xã tiêu biểu"),
	COMMEND_IN("commendations_giay_khen", F_GK, "Giấy khen", "Giấy khen (cá nhân, tập thể, hộ gia đình)"),
	COMMEND_IN("commendations_bang_khen_tinh", F_BKT, "Bằng khen cấp tỉnh",
		   "Bằng khen của Chủ tịch UBND cấp tỉnh (cá nhân, tập thể, hộ gia đình)"),
	COMMEND_IN("commendations_bang_khen_thu_tuong", F_BKTT, "Bằng khen của Thủ tướng",
		   "Bằng khen của Thủ tướng Chính phủ (cá nhân, tập thể, hộ gia đình)"),
	COMMEND_FORM("commendations_other_forms", "e.form_code NOT IN (" F_ALL ")", "hình thức khác",
		     "mọi hình thức không thuộc các nhóm trên (hình thức thêm sau, như Huân chương)"),
	{ "prize_total_vnd", "Tổng tiền thưởng", "đồng", G_EMUL,
	  "Tổng tiền thưởng của các khen thưởng có quyết định trong kỳ, theo số tiền ghi trong quyết định "
	  "(hệ số × mức lương cơ sở tại ngày quyết định). Danh sách: các khen thưởng đó.",
	  IND_SRC_COMMENDATIONS, IND_SUM, E_DECIDED, NULL, E_DECIDED, "/quan-ly/khen-thuong", "e.prize_vnd" },
};
const size_t indicators_count = sizeof(indicators) / sizeof(indicators[0]);

const struct indicator *indicator_find(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < indicators_count; i++)
		if (!strcmp(indicators[i].code, code))
			return &indicators[i];
	return NULL;
}

/* " AND unit IN ($4, ...)": one parameter per unit, their number rounded
 * up to a power of two (the last repeated) so that the statement cache
 * holds one statement per size class, never one per set of units; *bucket
 * is that number. (Not "IN (SELECT id FROM units)" for a whole tree:
 * SQLite seeks an index on an expression, the items' unit, only for given
 * values, and would scan it.) On PostgreSQL one parameter, an array of the
 * units: planning a list of 3,000 parameters took 10 ms a statement, and
 * the custom plan of each execution sees the array as a constant (an index
 * condition, a hashed lookup). Returns 0, or -1 when the SQL did not fit. */
static int add_units(struct db *db, struct sbuf *sql, const char *unit_expr, size_t nunits, size_t *bucket)
{
	*bucket = 0;
	if (db_is_pg(db)) {
		if (sbuf_addf(sql, " AND %s IN (SELECT unnest($4::bigint[]))", unit_expr) < 0)
			return -1;
		*bucket = 1;
		return 0;
	}
	size_t n = 1;
	while (n < nunits)
		n *= 2;
	if (sbuf_addf(sql, " AND %s IN (", unit_expr) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (sbuf_addstr(sql, i ? ", $" : "$") < 0 || sbuf_add_int(sql, (long long)(i + 4)) < 0)
			return -1;
	if (sbuf_addch(sql, ')') < 0)
		return -1;
	*bucket = n;
	return 0;
}

/* Binds $1 to $3 and the units as add_units() wrote them. Returns 0, or -1
 * when the array of units did not fit in the arena. */
static int bind_common(struct db *db, struct db_stmt *st, struct arena *a, int64_t from, int64_t to,
		       int64_t now, const int64_t *units, size_t nunits, size_t bucket)
{
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, now);
	if (db_is_pg(db)) {
		struct sbuf *arr = arena_sbuf(a, 24 * nunits + 8);
		if (!arr || sbuf_addch(arr, '{') < 0)
			return -1;
		for (size_t i = 0; i < nunits; i++)
			if ((i && sbuf_addch(arr, ',') < 0) || sbuf_add_int(arr, (long long)units[i]) < 0)
				return -1;
		if (sbuf_addch(arr, '}') < 0 || !sbuf_ok(arr))
			return -1;
		db_bind_text(st, 4, arr->buf);
		return 0;
	}
	for (size_t i = 0; i < bucket; i++)
		db_bind_int(st, (int)(i + 4), units[i < nunits ? i : nunits - 1]);
	return 0;
}

/* Feedback figures read from the roll-ups: report_feedback_tally (migration
 * 0028, per unit, day and answer lag) and report_feedback_month and
 * report_feedback_year (0033, per unit and month or year, with the working
 * days to the answers added up), all kept by triggers in the same
 * transaction as every write of an item. Per indicator, what to add for
 * its numerator and denominator from a row t (unit_id, day, lag, n,
 * answered, on_time, rated, satisfied, voter, voter_answered, wd): the day
 * table is read through DAY_ROWS, which gives it the same columns. The
 * others (overdue, which depends on the time of reading) are counted from
 * the items, through feedback_scope_due. Each expression equals the
 * indicator's `num` / `den` summed over the items of the row
 * (tests/http/test_reports.py compares every figure with a direct count of
 * the items). */
static const struct ind_roll {
	const char *code, *num, *den;
} fb_roll[] = {
	{ "feedback_received", "t.n", NULL },
	{ "feedback_answered", "t.answered", NULL },
	{ "feedback_on_time_pct", "t.on_time", "t.answered" },
	{ "feedback_avg_days", "t.answered", NULL },
	{ "feedback_satisfied_pct", "t.satisfied", "t.rated" },
	{ "voter_petitions", "t.voter", NULL },
	{ "voter_petitions_answered", "t.voter_answered", NULL },
};
#define DAY_ROWS                                                                                               \
	"(SELECT unit_id, day, lag, n, CASE WHEN lag >= 0 THEN n ELSE 0 END AS answered, on_time, rated, "   \
	"satisfied, voter, voter_answered, 0 AS wd FROM report_feedback_tally) t"

/* Meetings, bookings and comments from report_record_month (migration
 * 0036: per source, unit and month, kept by triggers) and
 * report_record_year (0041, the same by year): a, b, c, d as 0036 says. Every indicator of those sources has its expression. */
static const struct ind_roll rec_roll[] = {
	{ "meetings_held", "t.a + t.b + t.c + t.d", NULL },
	{ "meetings_voter_contact", "t.a", NULL },
	{ "dialogues_held", "t.b", NULL },
	{ "meetings_reception", "t.c", NULL },
	{ "meetings_conference", "t.d", NULL },
	{ "citizens_received", "t.a", NULL },
	{ "consultation_comments", "t.a", NULL },
	{ "comments_accepted_pct", "t.c", "t.b" },
};

static const struct ind_roll *roll_in(const struct ind_roll *list, const struct indicator *ind)
{
	for (; list->code; list++)
		if (!strcmp(list->code, ind->code))
			return list;
	return NULL;
}

static const struct ind_roll *roll_of(const struct indicator *ind)
{
	const struct ind_roll *t = ind->source == IND_SRC_FEEDBACK ? fb_roll : rec_roll;
	size_t n = ind->source == IND_SRC_FEEDBACK ? sizeof(fb_roll) / sizeof(fb_roll[0])
						   : sizeof(rec_roll) / sizeof(rec_roll[0]);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].code, ind->code))
			return &t[i];
	return NULL;
}

/* A roll-up as tally_run() reads it: the table (as t, with a day column),
 * a condition on it, the lag and the working days of its rows. Or (weight
 * set) a table that looks like the source's records to its grouped query,
 * each row counting `weight` records. */
struct roll_table {
	const char *from, *where, *lag, *wd, *weight;
	/* the indicators it has (NULL: the source's fb_roll or rec_roll); and
	 * whether its rows are keyed by month number (year * 12 + month - 1)
	 * in t.month rather than by day in t.day */
	const struct ind_roll *rolls;
	int by_month;
	/* a look-alike roll-up (weight set): the key columns besides unit and
	 * date, which are all its indicators' conditions read (tally_classes()),
	 * and its date column, a Vietnam day number (compared as it is, so
	 * that its key (unit, date, ...) serves the range) */
	const char *cls1, *cls2, *day;
	/* its rows count records whether or not they fall before the time of
	 * reading, where the indicators count only those that do (drafts
	 * opened by now): read for whole months before the current one only */
	int until_now;
};
static const struct roll_table fb_tables[] = {
	{ DAY_ROWS, "", "t.lag", "t.wd", NULL, NULL, 0, NULL, NULL, NULL, 0 },
	{ "report_feedback_month t", "", "-2", "t.wd", NULL, NULL, 0, NULL, NULL, NULL, 0 },
	{ "report_feedback_year t", "", "-2", "t.wd", NULL, NULL, 0, NULL, NULL, NULL, 0 },
};

/* Overdue from report_feedback_open (migration 0040: the open items with a
 * due date per unit, month received and month due). Read for whole months
 * received, with the months due before the current one: those items are
 * past due at any time of this month. The items due in the current month,
 * and the odd days' items, are read from the items (see tally_overdue()). */
static const struct ind_roll open_roll[] = {
	{ "feedback_overdue", "t.n", NULL },
	{ NULL, NULL, NULL },
};
static const struct roll_table open_table = { "report_feedback_open t", "", "-1", "0", NULL, open_roll, 1, NULL, NULL, NULL, 0 };
/* Consultations from report_consult_month and report_consult_year (0043:
 * the drafts by unit and month or year of their opening). */
static const struct ind_roll consult_roll[] = {
	{ "consultations", "t.n", NULL },
	{ NULL, NULL, NULL },
};
/* The other sources' roll-ups: [0] by month, [1] by year (0041: the month
 * tables added up by year, kept by triggers on them). */
static const struct roll_table rec_tables[2][IND_SRC_COUNT] = {
	{
		[IND_SRC_MEETINGS] = { "report_record_month t", " AND t.source = 'meeting'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		[IND_SRC_BOOKINGS] = { "report_record_month t", " AND t.source = 'booking'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		[IND_SRC_COMMENTS] = { "report_record_month t", " AND t.source = 'comment'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		/* models and commendations (migration 0037): their months keyed and
		 * named as the records' columns, so the records' own query runs over
		 * them */
		[IND_SRC_MODELS] = { "report_model_month d", NULL, NULL, NULL, "d.n", NULL, 0, "status", "field", "d.registered_on" },
		[IND_SRC_COMMENDATIONS] = { "report_commend_month e", NULL, NULL, NULL, "e.n", NULL, 0, "status", "form_code", "e.decision_date" },
		[IND_SRC_CONSULTATIONS] = { "report_consult_month t", "", "-1", "0", NULL, consult_roll, 0, NULL, NULL, NULL, 1 },
	},
	{
		[IND_SRC_MEETINGS] = { "report_record_year t", " AND t.source = 'meeting'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		[IND_SRC_BOOKINGS] = { "report_record_year t", " AND t.source = 'booking'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		[IND_SRC_COMMENTS] = { "report_record_year t", " AND t.source = 'comment'", "-1", "0", NULL, NULL, 0, NULL, NULL },
		[IND_SRC_MODELS] = { "report_model_year d", NULL, NULL, NULL, "d.n", NULL, 0, "status", "field", "d.registered_on" },
		[IND_SRC_COMMENDATIONS] = { "report_commend_year e", NULL, NULL, NULL, "e.n", NULL, 0, "status", "form_code", "e.decision_date" },
		[IND_SRC_CONSULTATIONS] = { "report_consult_year t", "", "-1", "0", NULL, consult_roll, 0, NULL, NULL, NULL, 1 },
	},
};

enum tally_mode {
	TALLY_ALL,  /* every indicator of the source, from its records */
	TALLY_ROLL, /* those with a roll-up, from it */
	TALLY_RAW,  /* those without, from the records, only the records some count */
};

/* A condition more on a tally_run() query: `cond` followed by a parameter
 * bound to `val` (" AND f.due_at <" and the start of this month). */
struct tally_cut {
	const char *cond;
	int64_t val;
};

/*
 * A look-alike roll-up (models' and commendations' months and years) has a
 * row per unit, date and class (status and field, or status and form):
 * 42,781 rows of commendations' years for a city's ten years, where the
 * grouped query of tally_run() evaluated two dozen CASE conditions on each
 * (90-160 ms). Here the rows are read plain and added up by the caller's
 * fn (which adds, so rows need no grouping), and the indicators'
 * conditions, which read the class columns alone, are evaluated by the
 * database once per class the first time it is seen: a pure function of
 * the class's values, kept for the process (class_cache; a class too long
 * to keep is evaluated again in each report that meets it).
 */
struct tally_class {
	const char *c1, *c2; /* NULL for SQL NULL */
	uint64_t h;          /* class_hash() of the two */
	uint64_t num, den;   /* bit i: indicators[i] counts the row's weight */
};

struct class_set {
	struct tally_class *v;
	size_t n, cap;
};

#define CLASS_CACHE_TABLES 8
#define CLASS_CACHE_MAX 256
#define CLASS_TEXT 64

/* Per roll-up, the classes evaluated so far: each class's c1 and c2 point
 * into its own text (or are NULL); entries are added, never changed. */
static struct {
	const struct roll_table *rt;
	struct tally_class v[CLASS_CACHE_MAX];
	char text[CLASS_CACHE_MAX][2][CLASS_TEXT];
	size_t n;
} class_cache[CLASS_CACHE_TABLES];
static pthread_mutex_t class_lock = PTHREAD_MUTEX_INITIALIZER;

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* FNV-1a over the two texts (a NULL apart from ""): rows are compared by
 * it before their texts, since a unit's year has a row per class in turn */
static uint64_t class_hash(const char *c1, const char *c2)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (int j = 0; j < 2; j++) {
		const unsigned char *p = (const unsigned char *)(j ? c2 : c1);
		h = (h ^ (p ? 0x100u : 0x200u)) * UINT64_C(1099511628211);
		for (; p && *p; p++)
			h = (h ^ *p) * UINT64_C(1099511628211);
	}
	return h;
}

static int class_is(const struct tally_class *c, uint64_t h, const char *c1, const char *c2)
{
	return c->h == h && same_text(c->c1, c1) && same_text(c->c2, c2);
}

static const struct tally_class *class_find(const struct tally_class *v, size_t n, uint64_t h, const char *c1,
					    const char *c2)
{
	for (size_t k = 0; k < n; k++)
		if (class_is(&v[k], h, c1, c2))
			return &v[k];
	return NULL;
}

static int class_add(struct arena *a, struct class_set *cs, const char *c1, const char *c2, uint64_t num,
		     uint64_t den)
{
	void *grown = cs->v;
	if (rows_grow(a, &grown, cs->n, &cs->cap, sizeof(*cs->v)) < 0)
		return -1;
	cs->v = grown;
	struct tally_class *c = &cs->v[cs->n];
	c->c1 = c1 ? arena_strdup(a, c1) : NULL;
	c->c2 = c2 ? arena_strdup(a, c2) : NULL;
	if ((c1 && !c->c1) || (c2 && !c->c2))
		return -1;
	c->h = class_hash(c1, c2);
	c->num = num;
	c->den = den;
	cs->n++;
	return 0;
}

/* rt's entry of class_cache (taken for it when new), or CLASS_CACHE_TABLES
 * when they are all taken; under class_lock. */
static size_t cache_slot(const struct roll_table *rt)
{
	size_t t = 0;
	while (t < CLASS_CACHE_TABLES && class_cache[t].rt && class_cache[t].rt != rt)
		t++;
	if (t < CLASS_CACHE_TABLES)
		class_cache[t].rt = rt;
	return t;
}

/* The classes of rt known to the process, into cs. */
static int classes_cached(struct arena *a, const struct roll_table *rt, struct class_set *cs)
{
	int rc = 0;
	pthread_mutex_lock(&class_lock);
	size_t t = cache_slot(rt);
	for (size_t k = 0; t < CLASS_CACHE_TABLES && rc == 0 && k < class_cache[t].n; k++) {
		const struct tally_class *c = &class_cache[t].v[k];
		rc = class_add(a, cs, c->c1, c->c2, c->num, c->den);
	}
	pthread_mutex_unlock(&class_lock);
	return rc;
}

static void class_keep(const struct roll_table *rt, const struct tally_class *c)
{
	if ((c->c1 && strlen(c->c1) >= CLASS_TEXT) || (c->c2 && strlen(c->c2) >= CLASS_TEXT))
		return;
	pthread_mutex_lock(&class_lock);
	size_t t = cache_slot(rt);
	if (t < CLASS_CACHE_TABLES && class_cache[t].n < CLASS_CACHE_MAX &&
	    !class_find(class_cache[t].v, class_cache[t].n, c->h, c->c1, c->c2)) {
		size_t k = class_cache[t].n++;
		struct tally_class *kept = &class_cache[t].v[k];
		*kept = *c;
		for (int j = 0; j < 2; j++) {
			const char *from = j ? c->c2 : c->c1;
			if (from)
				snprintf(class_cache[t].text[k][j], CLASS_TEXT, "%s", from);
		}
		kept->c1 = c->c1 ? class_cache[t].text[k][0] : NULL;
		kept->c2 = c->c2 ? class_cache[t].text[k][1] : NULL;
	}
	pthread_mutex_unlock(&class_lock);
}

/* The class (c1, c2) of rt evaluated by the database: the conditions of
 * its source's indicators (idx[0..nidx)) over a row holding just those
 * values. */
static const struct tally_class *class_eval(struct db *db, struct arena *a, const size_t *idx, size_t nidx,
					    const struct roll_table *rt, struct class_set *cs, const char *c1,
					    const char *c2)
{
	const char *sp = strrchr(rt->from, ' ');
	struct sbuf *sql = sp ? arena_sbuf(a, 64 * 1024) : NULL;
	if (!sql)
		return NULL;
	int bad = sbuf_addstr(sql, "SELECT 0") < 0;
	for (size_t j = 0; j < nidx; j++) {
		const struct indicator *ind = &indicators[idx[j]];
		bad |= sbuf_addf(sql, ", CASE WHEN %s THEN 1 ELSE 0 END, CASE WHEN %s THEN 1 ELSE 0 END", ind->num,
				 ind->kind == IND_SUM ? ind->num : ind->den ? ind->den : "1 = 0") < 0;
	}
	bad |= sbuf_addf(sql, " FROM (SELECT CAST($1 AS TEXT) AS %s, CAST($2 AS TEXT) AS %s) AS %s", rt->cls1,
			 rt->cls2, sp + 1) < 0;
	if (bad || !sbuf_ok(sql))
		return NULL;
	struct db_stmt *st = db_prepare(db, sql->buf);
	if (!st)
		return NULL;
	db_bind_text(st, 1, c1);
	db_bind_text(st, 2, c2);
	uint64_t num = 0, den = 0;
	int rc = db_step(st);
	if (rc == DB_ROW)
		for (size_t j = 0; j < nidx; j++) {
			num |= db_col_int(st, 1 + 2 * (int)j) ? UINT64_C(1) << idx[j] : 0;
			den |= db_col_int(st, 2 + 2 * (int)j) ? UINT64_C(1) << idx[j] : 0;
		}
	db_done(st);
	if (rc != DB_ROW || class_add(a, cs, c1, c2, num, den) < 0)
		return NULL;
	class_keep(rt, &cs->v[cs->n - 1]);
	return &cs->v[cs->n - 1];
}

/* " AND <cut's condition> $N" after the units' parameters, when there is
 * a cut (tally_prepare() binds it). */
static int add_cut(struct sbuf *sql, const struct tally_cut *cut, size_t bucket)
{
	return cut ? sbuf_addf(sql, "%s $%zu", cut->cond, bucket + 4) : 0;
}

/* A tally's statement: sql prepared, $1 to $3, the units and the cut (if
 * any, written by add_cut()) bound; NULL when it failed or `bad`. */
static struct db_stmt *tally_prepare(struct db *db, struct arena *a, const struct sbuf *sql, int bad,
				     const struct tally_cut *cut, int64_t from, int64_t to, int64_t now,
				     const int64_t *units, size_t nunits, size_t bucket)
{
	if (bad || !sbuf_ok(sql))
		return NULL;
	struct db_stmt *st = db_prepare(db, sql->buf);
	if (!st)
		return NULL;
	if (bind_common(db, st, a, from, to, now, units, nunits, bucket) < 0) {
		db_done(st);
		return NULL;
	}
	if (cut)
		db_bind_int(st, (int)(bucket + 4), cut->val);
	return st;
}

long indicator_source_indexes(enum ind_source source, size_t idx[IND_MAX_INDICATORS])
{
	if (indicators_count > IND_MAX_INDICATORS)
		return -1;
	long n = 0;
	for (size_t i = 0; i < indicators_count; i++)
		if (indicators[i].source == source)
			idx[n++] = i;
	return n;
}

static int tally_classes(struct db *db, struct arena *a, enum ind_source source, const struct roll_table *rt,
			 const struct tally_cut *cut, const int64_t *units, size_t nunits, int64_t from, int64_t to,
			 int64_t now, struct ind_row *r, ind_row_fn fn, void *arg)
{
	const struct ind_source_def *s = &sources[source];
	size_t idx[IND_MAX_INDICATORS];
	long nidx = indicator_source_indexes(source, idx);
	if (nidx < 0)
		return DB_ERROR;
	struct class_set cs = { NULL, 0, 0 };
	if (classes_cached(a, rt, &cs) < 0)
		return DB_ERROR;
	struct sbuf *sql = arena_sbuf(a, 256 * 1024);
	if (!sql)
		return DB_ERROR;
	/* its rows by their day, [from, to) as days */
	int bad = sbuf_addf(sql, "SELECT %s, %s, %s, %s, %s", s->unit, rt->day, rt->cls1, rt->cls2, rt->weight) < 0;
	for (size_t i = 0; i < indicators_count; i++)
		if (indicators[i].source == source && indicators[i].kind == IND_SUM)
			bad |= sbuf_addf(sql, ", coalesce(%s, 0)", indicators[i].sum) < 0;
	bad |= sbuf_addf(sql, " FROM %s WHERE %s >= $1 AND %s < $2 AND $3 = $3", rt->from, rt->day, rt->day) < 0;
	size_t bucket;
	bad |= add_units(db, sql, s->unit, nunits, &bucket) < 0 || add_cut(sql, cut, bucket) < 0;
	struct db_stmt *st = tally_prepare(db, a, sql, bad, cut, vn_day_of(from), vn_day_of(to), now, units, nunits,
					   bucket);
	if (!st)
		return DB_ERROR;
	/* consecutive rows of one unit and day (the table's order: unit, date,
	 * class) go to fn as one: a city's ten years of commendations are
	 * 42,781 rows and 5,519 units and years */
	int rc, pending = 0;
	const struct tally_class *last = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *c1 = db_col_text(st, 2), *c2 = db_col_text(st, 3);
		uint64_t h = class_hash(c1, c2);
		const struct tally_class *c = last && class_is(last, h, c1, c2) ? last : class_find(cs.v, cs.n, h, c1, c2);
		if (!c && !(c = class_eval(db, a, idx, (size_t)nidx, rt, &cs, c1, c2))) {
			db_done(st);
			return DB_ERROR;
		}
		last = c;
		int64_t unit = db_col_int(st, 0), day = db_col_int(st, 1);
		if (pending && (unit != r->unit_id || day != r->day)) {
			if (fn(r, arg) < 0) {
				db_done(st);
				return DB_ERROR;
			}
			pending = 0;
		}
		if (!pending) {
			r->unit_id = unit;
			r->day = day;
			r->lag = -1;
			r->wd = 0;
			for (long j = 0; j < nidx; j++)
				r->num[idx[j]] = r->den[idx[j]] = 0;
			pending = 1;
		}
		int64_t n = db_col_int(st, 4);
		int col = 5;
		for (long j = 0; j < nidx; j++) {
			size_t i = idx[j];
			int in_num = (c->num >> i) & 1, in_den = (c->den >> i) & 1;
			if (indicators[i].kind == IND_SUM) {
				int64_t sum = db_col_int(st, col++);
				r->num[i] += in_num ? sum : 0;
				r->den[i] += in_den ? n : 0;
			} else {
				r->num[i] += in_num ? n : 0;
				r->den[i] += in_den ? n : 0;
			}
		}
	}
	db_done(st);
	if (rc != DB_DONE)
		return DB_ERROR;
	return pending && fn(r, arg) < 0 ? DB_ERROR : DB_OK;
}

/* Run one grouped query and pass its rows to fn. TALLY_ROLL reads the
 * roll-up `rt` (the feedback's day, month or year table, the records'
 * months, or the open items' months) over the Vietnam days [from, to), or
 * with rt->by_month the month numbers [from, to); the others read the
 * records over the instants [from, to). `cut`, if any, adds its condition. */
static int tally_run(struct db *db, struct arena *a, enum ind_source source, enum tally_mode mode,
		     const struct roll_table *rt, const struct tally_cut *cut, const int64_t *units, size_t nunits,
		     int64_t from, int64_t to, int64_t now, struct ind_row *r, ind_row_fn fn, void *arg)
{
	if (mode == TALLY_ALL && rt && rt->cls1)
		return tally_classes(db, a, source, rt, cut, units, nunits, from, to, now, r, fn, arg);
	const struct ind_source_def *s = &sources[source];
	struct sbuf *sql = arena_sbuf(a, 256 * 1024);
	if (!sql)
		return DB_ERROR;
	/* TALLY_ALL over a look-alike roll-up: its rows count `weight` records */
	const char *weight = mode == TALLY_ALL && rt ? rt->weight : "1";
	const char *records = mode == TALLY_ALL && rt ? rt->from : s->from;
	const char *key = mode == TALLY_ROLL && rt->by_month ? "t.month" : "t.day";
	/* the records of the other sources are few per unit and day (a city's
	 * 61,202 consultations of ten years fall on 61,202 of them): their rows
	 * go to fn as they are, which adds them up, without the sort a GROUP BY
	 * makes (6 ms instead of 37-50) */
	int grouped = !(mode == TALLY_ALL && !rt && source != IND_SRC_FEEDBACK);
	const char *agg = grouped ? "sum(" : "(";
	int bad = mode == TALLY_ROLL ? sbuf_addf(sql, "SELECT t.unit_id, %s, %s", key, rt->lag) < 0
		: sbuf_addf(sql, "SELECT %s, (%s + 25200) / 86400, %s", s->unit, s->date,
			    mode == TALLY_RAW ? "-1" : s->lag) < 0;
	int any = 0;
	for (size_t i = 0; i < indicators_count; i++) {
		const struct indicator *ind = &indicators[i];
		if (ind->source != source)
			continue;
		const struct ind_roll *roll = mode == TALLY_ROLL && rt->rolls ? roll_in(rt->rolls, ind) : roll_of(ind);
		if ((mode == TALLY_ROLL && !roll) || (mode == TALLY_RAW && roll)) {
			bad |= sbuf_addstr(sql, ", 0, 0") < 0;
			continue;
		}
		any = 1;
		if (mode == TALLY_ROLL) {
			/* one row per (unit, day, lag) already: no grouping */
			bad |= sbuf_addf(sql, ", %s, %s", roll->num, roll->den ? roll->den : "0") < 0;
			continue;
		}
		if (ind->kind == IND_SUM) {
			/* the total, and the number of records it adds */
			bad |= sbuf_addf(sql, ", %sCASE WHEN %s THEN coalesce(%s, 0) ELSE 0 END)", agg, ind->num,
					 ind->sum) < 0;
			bad |= sbuf_addf(sql, ", %sCASE WHEN %s THEN %s ELSE 0 END)", agg, ind->num, weight) < 0;
			continue;
		}
		bad |= sbuf_addf(sql, ", %sCASE WHEN %s THEN %s ELSE 0 END)", agg, ind->num, weight) < 0;
		bad |= sbuf_addf(sql, ", %sCASE WHEN %s THEN %s ELSE 0 END)", agg, ind->den ? ind->den : "1 = 0",
				 weight) < 0;
	}
	if (!any)
		return DB_OK;
	size_t bucket;
	if (mode == TALLY_ROLL) {
		/* $1, $2: the Vietnam days (or months) of the period's bounds */
		bad |= sbuf_addf(sql, ", %s FROM %s WHERE %s >= $1 AND %s < $2 AND $3 = $3%s", rt->wd, rt->from, key,
				 key, rt->where) < 0;
		bad |= add_units(db, sql, "t.unit_id", nunits, &bucket) < 0;
	} else {
		bad |= sbuf_addf(sql, " FROM %s WHERE %s >= $1 AND %s < $2 AND $3 = $3", records, s->date, s->date) < 0;
		bad |= add_units(db, sql, s->unit, nunits, &bucket) < 0;
		if (mode == TALLY_RAW) {
			/* only the records one of them counts, so an index can serve it */
			const char *sep = " AND (";
			for (size_t i = 0; i < indicators_count; i++)
				if (indicators[i].source == source && !roll_of(&indicators[i])) {
					bad |= sbuf_addf(sql, "%s(%s)", sep, indicators[i].num) < 0;
					sep = " OR ";
				}
			bad |= sbuf_addch(sql, ')') < 0;
		}
	}
	bad |= add_cut(sql, cut, bucket) < 0;
	bad |= (mode != TALLY_ROLL && grouped && sbuf_addstr(sql, " GROUP BY 1, 2, 3") < 0);
	size_t idx[IND_MAX_INDICATORS];
	long nidx = indicator_source_indexes(source, idx);
	struct db_stmt *st = tally_prepare(db, a, sql, bad || nidx < 0, cut, from, to, now, units, nunits, bucket);
	if (!st)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		r->unit_id = db_col_int(st, 0);
		r->day = db_col_int(st, 1);
		if (mode == TALLY_ROLL && rt->by_month) /* the month's first day */
			r->day = days_from_civil((int)(r->day / 12), (int)(r->day % 12) + 1, 1);
		r->lag = db_col_int(st, 2);
		if (r->lag < -1 && r->lag != IND_LAG_SUMMED)
			r->lag = 0; /* answered, backdated before receipt */
		int col = 3;
		for (long j = 0; j < nidx; j++) {
			r->num[idx[j]] = db_col_int(st, col++);
			r->den[idx[j]] = db_col_int(st, col++);
		}
		r->wd = mode == TALLY_ROLL ? db_col_int(st, col) : 0;
		if (fn(r, arg) < 0) {
			db_done(st);
			return DB_ERROR;
		}
	}
	db_done(st);
	return rc == DB_DONE ? DB_OK : DB_ERROR;
}

/* Where the roll-ups are read: a run of days [from, to) read from one table. */
enum roll_level { ROLL_DAY, ROLL_MONTH, ROLL_YEAR };
struct roll_run {
	enum roll_level level;
	int64_t from, to;
};

static int cmp_day(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Split the days [lo, hi) into runs of whole years, whole months and odd
 * days, none crossing a cut, each level's consecutive blocks in one run
 * but across `stop` (INT64_MAX: none), where a run always ends. Returns
 * the number of runs, or -1. */
static long roll_plan(struct arena *a, int64_t lo, int64_t hi, const struct ind_cuts *cuts, int64_t stop,
		      struct roll_run **out)
{
	size_t nb = 0;
	int64_t *b = arena_alloc(a, (cuts->n + 3) * sizeof(*b));
	if (!b)
		return -1;
	b[nb++] = lo;
	for (size_t i = 0; i < cuts->n; i++)
		if (cuts->days[i] > lo && cuts->days[i] < hi)
			b[nb++] = cuts->days[i];
	if (stop > lo && stop < hi)
		b[nb++] = stop;
	b[nb++] = hi;
	qsort(b, nb, sizeof(*b), cmp_day);
	/* at most five runs a segment: days, months, years, months, days */
	struct roll_run *run = arena_alloc(a, 5 * nb * sizeof(*run));
	if (!run)
		return -1;
	long n = 0;
	for (size_t k = 0; k + 1 < nb; k++) {
		int64_t e = b[k + 1];
		for (int64_t d = b[k]; d < e;) {
			enum roll_level lv = ROLL_DAY;
			int64_t end = e;
			if (d >= 0 && d < ROLLUP_DAY_END) {
				int64_t ny = year_first_day(d, 1), nm = month_first_day(d, 1);
				if (d == year_first_day(d, 0) && ny <= e && ny <= ROLLUP_DAY_END) {
					lv = ROLL_YEAR;
					end = ny;
				} else if (d == month_first_day(d, 0) && nm <= e && nm <= ROLLUP_DAY_END) {
					lv = ROLL_MONTH;
					end = nm;
				} else if (nm < e) {
					end = nm;
				}
			} else if (d < 0 && e > 0) {
				end = 0;
			}
			if (n && run[n - 1].level == lv && run[n - 1].to == d && d != stop)
				run[n - 1].to = end;
			else
				run[n++] = (struct roll_run){ lv, d, end };
			d = end;
		}
	}
	*out = run;
	return n;
}

/* Whether every indicator of a source other than feedback has its
 * expression in its roll-up's list, or rec_roll[] (then its months and
 * years come from rec_tables[]). */
static int source_rolls(enum ind_source source)
{
	const struct roll_table *rt = &rec_tables[0][source];
	if (!rt->from)
		return 0;
	if (rt->weight)
		return 1; /* the records' own query: every indicator */
	for (size_t i = 0; i < indicators_count; i++)
		if (indicators[i].source == source &&
		    !(rt->rolls ? roll_in(rt->rolls, &indicators[i]) : roll_of(&indicators[i])))
			return 0;
	return 1;
}

/* Whether every feedback indicator counted from the items is in open_roll[]
 * (then overdue comes from report_feedback_open for whole months). */
static int open_rolls(void)
{
	for (size_t i = 0; i < indicators_count; i++)
		if (indicators[i].source == IND_SRC_FEEDBACK && !roll_of(&indicators[i]) &&
		    !roll_in(open_roll, &indicators[i]))
			return 0;
	return 1;
}

/*
 * The feedback figures counted from the items (overdue: open and due
 * before now) over the runs of the period. Split by due date at the start
 * of this Vietnam month: the items due before it are read from
 * report_feedback_open for the whole months received and from the items
 * for the odd days; those due since, from the items over the whole period
 * (the open items' index, by unit and due date, holds them together).
 */
static int tally_overdue(struct db *db, struct arena *a, const int64_t *units, size_t nunits, int64_t from,
			 int64_t to, int64_t now, const struct roll_run *run, long nrun, struct ind_row *r,
			 ind_row_fn fn, void *arg)
{
	int64_t month = month_first_day(vn_day_of(now), 0);
	int y, m, d;
	civil_from_days(month, &y, &m, &d);
	const struct tally_cut due_month_before = { " AND t.due_month <", (int64_t)y * 12 + m - 1 };
	const struct tally_cut due_before = { " AND f.due_at <", vn_day_start(month) };
	const struct tally_cut due_since = { " AND f.due_at >=", vn_day_start(month) };
	int rc = DB_OK;
	for (long k = 0; k < nrun && rc == DB_OK; k++) {
		if (run[k].level == ROLL_DAY) {
			rc = tally_run(db, a, IND_SRC_FEEDBACK, TALLY_RAW, NULL, &due_before, units, nunits,
				       vn_day_start(run[k].from), vn_day_start(run[k].to), now, r, fn, arg);
			continue;
		}
		int fy, fm, ty, tm;
		civil_from_days(run[k].from, &fy, &fm, &d);
		civil_from_days(run[k].to, &ty, &tm, &d);
		rc = tally_run(db, a, IND_SRC_FEEDBACK, TALLY_ROLL, &open_table, &due_month_before, units, nunits,
			       (int64_t)fy * 12 + fm - 1, (int64_t)ty * 12 + tm - 1, now, r, fn, arg);
	}
	if (rc == DB_OK)
		rc = tally_run(db, a, IND_SRC_FEEDBACK, TALLY_RAW, NULL, &due_since, units, nunits, from, to, now, r,
			       fn, arg);
	return rc;
}

int indicator_tally(struct db *db, struct arena *a, enum ind_source source, const int64_t *units,
		    size_t nunits, int64_t from, int64_t to, int64_t now, const struct ind_cuts *cuts,
		    ind_row_fn fn, void *arg)
{
	if (source >= IND_SRC_COUNT || nunits > IND_MAX_UNITS)
		return DB_ERROR;
	if (!nunits)
		return DB_OK;
	/* one row, reused: the sums of the other sources' indicators stay 0 */
	struct ind_row r = { 0 };
	r.num = arena_zalloc(a, indicators_count * sizeof(int64_t));
	r.den = arena_zalloc(a, indicators_count * sizeof(int64_t));
	if (!r.num || !r.den)
		return DB_ERROR;
	int fb = source == IND_SRC_FEEDBACK;
	if (!fb && !(cuts && cuts->months && source_rolls(source)))
		return tally_run(db, a, source, TALLY_ALL, NULL, NULL, units, nunits, from, to, now, &r, fn, arg);
	int64_t lo = (from + 25200) / 86400, hi = (to + 25200) / 86400;
	struct roll_run whole = { ROLL_DAY, lo, hi }, *run = &whole, *plan = NULL;
	long nrun = 1, nplan = 0;
	/* a roll-up that counts records not yet reached (drafts opening later)
	 * serves the months before the current one: the runs stop there, and
	 * from it on are read from the records */
	int64_t records_from = !fb && rec_tables[0][source].until_now ? month_first_day(vn_day_of(now), 0)
								       : INT64_MAX;
	/* the runs of whole years, months and odd days: the month and year
	 * roll-ups need the calendar they were made with (cuts->months); the
	 * open items' months do not */
	if (cuts && (nplan = roll_plan(a, lo, hi, cuts, records_from, &plan)) < 0)
		return DB_ERROR;
	if (cuts && cuts->months) {
		run = plan;
		nrun = nplan;
	}
	int rc = DB_OK;
	for (long k = 0; k < nrun && rc == DB_OK; k++) {
		if (fb)
			rc = tally_run(db, a, source, TALLY_ROLL, &fb_tables[run[k].level], NULL, units, nunits,
				       run[k].from, run[k].to, now, &r, fn, arg);
		else if (run[k].level == ROLL_DAY || run[k].from >= records_from) /* odd days: from the records */
			rc = tally_run(db, a, source, TALLY_ALL, NULL, NULL, units, nunits, vn_day_start(run[k].from),
				       vn_day_start(run[k].to), now, &r, fn, arg);
		else if (rec_tables[0][source].weight) /* whole months or years: the look-alike tables */
			rc = tally_run(db, a, source, TALLY_ALL, &rec_tables[run[k].level == ROLL_YEAR][source], NULL,
				       units, nunits, vn_day_start(run[k].from), vn_day_start(run[k].to), now, &r, fn,
				       arg);
		else /* whole months or years */
			rc = tally_run(db, a, source, TALLY_ROLL, &rec_tables[run[k].level == ROLL_YEAR][source], NULL,
				       units, nunits, run[k].from, run[k].to, now, &r, fn, arg);
	}
	if (rc == DB_OK && fb) {
		memset(r.num, 0, indicators_count * sizeof(int64_t));
		memset(r.den, 0, indicators_count * sizeof(int64_t));
		r.wd = 0;
		if (plan && open_rolls())
			rc = tally_overdue(db, a, units, nunits, from, to, now, plan, nplan, &r, fn, arg);
		else
			rc = tally_run(db, a, source, TALLY_RAW, NULL, NULL, units, nunits, from, to, now, &r, fn, arg);
	}
	return rc;
}

static int read_record(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	struct ind_record *r = item;
	r->kind = arg;
	int failed = 0;
	r->ref = rows_text_or_empty(st, 0, a, &failed);
	r->title = rows_text_or_empty(st, 1, a, &failed);
	r->status = rows_text_or_empty(st, 2, a, &failed);
	r->unit_id = db_col_int(st, 3);
	r->at = db_col_int(st, 4);
	return failed ? -1 : 0;
}

int indicator_records(struct db *db, struct arena *a, const struct indicator *ind, const int64_t *units,
		      size_t nunits, int64_t from, int64_t to, int64_t now, int64_t offset, int64_t limit,
		      struct ind_record **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	if (!ind || ind->source >= IND_SRC_COUNT || nunits > IND_MAX_UNITS)
		return DB_ERROR;
	if (!nunits)
		return DB_OK;
	const struct ind_source_def *s = &sources[ind->source];
	for (int pass = 0; pass < 2; pass++) {
		struct sbuf *sql = arena_sbuf(a, 256 * 1024);
		if (!sql)
			return DB_ERROR;
		int bad;
		if (pass == 0)
			bad = sbuf_addf(sql, "SELECT count(*) FROM %s WHERE %s >= $1 AND %s < $2 AND $3 = $3 AND (%s)",
					s->from, s->date, s->date, ind->list) < 0;
		else
			bad = sbuf_addf(sql, "SELECT %s, %s, %s, %s, %s FROM %s WHERE %s >= $1 AND %s < $2 AND $3 = $3 "
					"AND (%s)", s->ref, s->title, s->status, s->unit, s->date, s->from, s->date,
					s->date, ind->list) < 0;
		size_t bucket;
		bad |= add_units(db, sql, s->unit, nunits, &bucket) < 0;
		/* paging bound too, so every page shares one statement */
		if (pass == 1)
			bad |= sbuf_addf(sql, " ORDER BY %s DESC, %s DESC LIMIT $%zu OFFSET $%zu", s->date, s->id,
					 bucket + 4, bucket + 5) < 0;
		struct db_stmt *st = tally_prepare(db, a, sql, bad, NULL, from, to, now, units, nunits, bucket);
		if (!st)
			return DB_ERROR;
		if (pass == 1) {
			db_bind_int(st, (int)(bucket + 4), limit);
			db_bind_int(st, (int)(bucket + 5), offset);
		}
		int rc;
		if (pass == 0) {
			rc = rows_one_int(st, total);
		} else {
			void *got = NULL;
			rc = rows_collect(st, a, sizeof(**items), 0, read_record, (void *)s->kind, &got, n);
			*items = got;
		}
		if (rc < 0)
			return rc;
		if (pass == 0 && (*total <= offset))
			return DB_OK;
	}
	return DB_OK;
}

static int read_edge(struct db_stmt *st, struct arena *a, void *item, void *arg)
{
	(void)a;
	(void)arg;
	int64_t *p = item;
	p[0] = db_col_int(st, 0);
	p[1] = db_col_int(st, 1);
	return 0;
}

int indicator_fold_edges(struct db *db, struct arena *a, int64_t **pairs, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT from_unit_id, to_unit_id FROM unit_successions "
					    "WHERE kind IN ('merged_into', 'renamed_to') ORDER BY effective_at, id");
	if (!st)
		return DB_ERROR;
	void *got = NULL;
	int rc = rows_collect(st, a, 2 * sizeof(int64_t), 0, read_edge, NULL, &got, n);
	*pairs = got;
	return rc < 0 ? rc : DB_OK;
}
