/*
 * meeting_demo.c - `danvan demo`: a year of meetings in phường Hoàn Kiếm
 * (voter contact before and after the People's Council sessions, dialogues,
 * conferences; some closed with approved minutes, some held, some coming,
 * one postponed, one cancelled, one internal), with petitions followed
 * through every feedback status. Dates are relative to today, so there is
 * always something coming; every unit existed on its meeting's date.
 */
#include "app/meeting_demo.h"

#include <string.h>

#include "app/meeting.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/timefmt.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"

/* Where petitions end up: the feedback events that follow their recording. */
enum fate {
	F_RECEIVED,   /* not yet classified */
	F_ASSIGNED,   /* with the ward's People's Committee */
	F_ANSWERED,   /* a draft answer awaits the leader */
	F_PUBLISHED,  /* answered publicly */
	F_CLOSED,     /* published and closed */
	F_REJECTED,   /* outside the ward's competence */
};

struct demo_petition {
	const char *title, *body, *category;
	enum fate fate;
	int is_private;
};

struct demo_meeting {
	int day;                      /* days from today */
	int hour, minute, hours;      /* local start, length in hours */
	const char *kind, *unit, *title, *place, *hosts;
	int announce;                 /* announced this many days before */
	int is_internal;
	int attendance;               /* > 0: held */
	const char *minutes;          /* drafted minutes */
	int approve;                  /* minutes approved: closed */
	int publish;                  /* results published this many days after (0: no) */
	int postpone_to;              /* > 0: postponed (from day) to this day */
	const char *reason;           /* postponement or cancellation */
	int cancel;
	const struct demo_petition *petitions;
};

static const struct demo_petition vc1[] = {
	{ "Lấn chiếm vỉa hè kinh doanh trên phố Hàng Bạc",
	  "Nhiều hộ kinh doanh bày hàng ra vỉa hè, người đi bộ phải đi xuống lòng đường, nhất là buổi tối cuối tuần.",
	  "xay-dung-trat-tu-do-thi", F_CLOSED, 0 },
	{ "Đề nghị lắp thêm đèn chiếu sáng ngõ Tạm Thương",
	  "Ngõ Tạm Thương buổi tối rất tối, người già và trẻ em đi lại khó khăn, đề nghị lắp thêm đèn chiếu sáng.",
	  "giao-thong", F_PUBLISHED, 0 },
	{ "Tiếng ồn từ quán bar trên phố Tạ Hiện sau 23 giờ",
	  "Các quán bar mở nhạc to sau 23 giờ ảnh hưởng nghỉ ngơi của các hộ dân trong khu phố cổ.",
	  "an-ninh-trat-tu", F_PUBLISHED, 0 },
	{ "Chậm giải quyết hồ sơ cấp đổi giấy chứng nhận nhà đất",
	  "Gia đình tôi nộp hồ sơ cấp đổi giấy chứng nhận từ lâu nhưng chưa có kết quả, đề nghị phường đôn đốc.",
	  "dat-dai", F_CLOSED, 1 },
	{ "Đề nghị nạo vét cống thoát nước phố Hàng Bông",
	  "Mỗi khi mưa lớn, phố Hàng Bông ngập sâu do cống thoát nước bị tắc, đề nghị nạo vét trước mùa mưa.",
	  "moi-truong", F_ANSWERED, 0 },
	{ "Hỗ trợ hộ cận nghèo sửa chữa nhà xuống cấp",
	  "Một số hộ cận nghèo trong tổ dân phố số 3 ở nhà xuống cấp nghiêm trọng, đề nghị có chính sách hỗ trợ sửa chữa.",
	  "chinh-sach-xa-hoi", F_ASSIGNED, 0 },
	{ NULL, NULL, NULL, 0, 0 },
};

static const struct demo_petition dlg[] = {
	{ "Sắp xếp lại điểm trông giữ xe quanh hồ Hoàn Kiếm",
	  "Điểm trông giữ xe tự phát quanh hồ thu phí cao và chiếm lối đi, đề nghị phường sắp xếp lại và công khai giá.",
	  "giao-thong", F_CLOSED, 0 },
	{ "Thời gian thu gom rác trong khu phố cổ",
	  "Xe thu gom rác đến muộn, rác để trên vỉa hè từ chiều đến tối gây mất mỹ quan, đề nghị điều chỉnh giờ thu gom.",
	  "moi-truong", F_PUBLISHED, 0 },
	{ "Công khai quy hoạch cải tạo khu tập thể cũ",
	  "Người dân khu tập thể cũ muốn được biết phương án cải tạo và tiến độ thực hiện để chủ động sắp xếp cuộc sống.",
	  "xay-dung-trat-tu-do-thi", F_PUBLISHED, 0 },
	{ "Đề nghị bổ sung chỗ học cho trẻ mầm non",
	  "Các trường mầm non trên địa bàn quá tải, nhiều gia đình phải gửi con đi xa, đề nghị mở thêm lớp.",
	  "giao-duc", F_REJECTED, 0 },
	{ NULL, NULL, NULL, 0, 0 },
};

static const struct demo_petition vc2[] = {
	{ "Vỉa hè phố Đinh Tiên Hoàng bị hư hỏng sau thi công",
	  "Sau khi thi công cáp ngầm, vỉa hè phố Đinh Tiên Hoàng bị bong gạch nhiều đoạn, chưa được hoàn trả.",
	  "xay-dung-trat-tu-do-thi", F_ASSIGNED, 0 },
	{ "Đề nghị tăng cường tuần tra ban đêm khu phố cổ",
	  "Gần đây xảy ra một số vụ trộm xe máy vào ban đêm, đề nghị công an phường tăng cường tuần tra.",
	  "an-ninh-trat-tu", F_RECEIVED, 0 },
	{ "Khám sức khỏe định kỳ cho người cao tuổi",
	  "Đề nghị trạm y tế phường tổ chức khám sức khỏe định kỳ miễn phí cho người cao tuổi trong năm tới.",
	  "y-te", F_ANSWERED, 0 },
	{ "Cây xanh có nguy cơ gãy đổ trên phố Lý Thái Tổ",
	  "Một số cây xà cừ lớn bị mục gốc, có nguy cơ gãy đổ khi mưa bão, đề nghị kiểm tra và cắt tỉa.",
	  "moi-truong", F_PUBLISHED, 0 },
	{ "Đề nghị công khai các khoản thu đóng góp tự nguyện",
	  "Đề nghị tổ dân phố công khai các khoản thu, chi quỹ đóng góp tự nguyện của người dân hằng năm.",
	  "gop-y-dang-chinh-quyen", F_ASSIGNED, 1 },
	{ NULL, NULL, NULL, 0, 0 },
};

static const struct demo_petition conf1[] = {
	{ "Nhân rộng mô hình tổ dân phố tự quản về vệ sinh môi trường",
	  "Đề nghị phường tổng kết và nhân rộng mô hình tổ dân phố tự quản về vệ sinh môi trường của tổ dân phố số 2.",
	  "gop-y-dang-chinh-quyen", F_CLOSED, 0 },
	{ NULL, NULL, NULL, 0, 0 },
};

#define UBND "Hội trường Ủy ban nhân dân phường Hoàn Kiếm, 126 Hàng Trống"
#define HOSTS_VC "[\"Nguyễn Thị Hoà\",\"Đại biểu HĐND thành phố Trần Văn An\",\"Đại biểu HĐND phường Lê Thị Bình\"]"

static const struct demo_meeting meetings[] = {
	{ -330, 8, 0, 3, "voter_contact", "00070", "Tiếp xúc cử tri trước kỳ họp giữa năm của HĐND thành phố và phường",
	  UBND, HOSTS_VC, 12, 0, 186,
	  "Biên bản hội nghị tiếp xúc cử tri: 186 cử tri dự; 6 ý kiến về trật tự đô thị, chiếu sáng, tiếng ồn, nhà đất, thoát nước và chính sách xã hội. Các ý kiến được tổng hợp gửi Thường trực HĐND.",
	  1, 6, 0, NULL, 0, vc1 },
	{ -300, 14, 0, 2, "conference", "00070-MTTQ", "Hội nghị sơ kết 6 tháng công tác dân vận và phong trào Dân vận khéo",
	  "Nhà văn hóa tổ dân phố số 2", "[\"Phạm Quốc Việt\"]", 10, 0, 64,
	  "Biên bản hội nghị sơ kết: 64 đại biểu; đánh giá kết quả 6 tháng và đề xuất nhân rộng mô hình tự quản.", 1, 0,
	  0, NULL, 0, conf1 },
	{ -200, 8, 30, 3, "dialogue", "00070-UBND", "Đối thoại giữa Chủ tịch UBND phường với Nhân dân về trật tự đô thị và giao thông",
	  UBND, "[\"Chủ tịch UBND phường\",\"Phạm Quốc Việt\"]", 15, 0, 142,
	  "Biên bản đối thoại: 142 người dân dự; 4 nhóm ý kiến về trông giữ xe, thu gom rác, cải tạo khu tập thể và trường mầm non; lãnh đạo phường trả lời trực tiếp 2 ý kiến.",
	  1, 8, 0, NULL, 0, dlg },
	{ -150, 14, 0, 2, "conference", "00070-MTTQ", "Hội nghị đối thoại với đoàn viên thanh niên về khởi nghiệp",
	  "Nhà văn hóa phường", "[\"Bí thư Đoàn phường\"]", 9, 0, 0, NULL, 0, 0, 0,
	  "Trùng lịch kiểm tra công tác của thành phố; sẽ tổ chức lồng ghép vào hội nghị cuối năm.", 1, NULL },
	{ -40, 8, 0, 3, "voter_contact", "00070", "Tiếp xúc cử tri trước kỳ họp thường lệ cuối năm của HĐND thành phố và phường",
	  UBND, HOSTS_VC, 11, 0, 203,
	  "Dự thảo biên bản: 203 cử tri dự; 5 ý kiến về vỉa hè, an ninh, y tế, cây xanh và công khai tài chính.", 0, 0,
	  0, NULL, 0, vc2 },
	{ -10, 14, 0, 2, "conference", "00070", "Hội nghị biểu dương điển hình Dân vận khéo năm nay",
	  UBND, "[\"Nguyễn Thị Hoà\"]", 14, 0, 80, NULL, 0, 0, 0, NULL, 0, NULL },
	{ 5, 8, 0, 3, "voter_contact", "00070", "Tiếp xúc cử tri sau kỳ họp cuối năm: thông báo kết quả kỳ họp",
	  UBND, HOSTS_VC, 3, 0, 0, NULL, 0, 0, 0, NULL, 0, NULL },
	{ 2, 14, 0, 2, "conference", "00070-MTTQ", "Hội nghị lấy ý kiến Nhân dân về chỉnh trang các tuyến phố cổ",
	  "Nhà văn hóa tổ dân phố số 4", "[\"Phạm Quốc Việt\"]", 12, 0, 0, NULL, 0, 0, 12,
	  "Chờ ý kiến của Sở Xây dựng về phương án chỉnh trang.", 0, NULL },
	{ 25, 8, 30, 3, "dialogue", "00070-UBND", "Đối thoại với Nhân dân về chuyển đổi số và dịch vụ công trực tuyến",
	  UBND, "[\"Chủ tịch UBND phường\"]", 30, 0, 0, NULL, 0, 0, 0, NULL, 0, NULL },
	{ 8, 8, 0, 2, "conference", "00070", "Hội nghị giao ban công tác dân vận quý IV",
	  "Phòng họp Đảng ủy phường", "[\"Nguyễn Thị Hoà\"]", 7, 1, 0, NULL, 0, 0, 0, NULL, 0, NULL },
};

static const char *const speakers[] = { "Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Minh", "Phạm Thị Thu",
					"Hoàng Văn Nam", "Vũ Thị Hạnh", "Đặng Văn Tâm", "Bùi Thị Ngọc" };

/* The local time of day `day` (a day number) at hh:mm. */
static int64_t at(int64_t day, int hour, int minute)
{
	return vn_day_start(day) + hour * 3600 + minute * 60;
}

static int64_t account_id(struct db *db, struct arena *a, const char *username)
{
	struct account acc;
	return account_get_by_username(db, username, a, &acc) == 0 ? acc.id : 0;
}

/* The feedback events that bring a petition to its fate, a few days apart. */
static int follow(struct app_ctx *c, const char *code, enum fate fate, int64_t t, const struct audit_actor *intake,
		  const struct audit_actor *handler, const struct audit_actor *leader)
{
	struct app_errors e;
	struct feedback_action act;
	if (fate == F_RECEIVED)
		return 0;
	memset(&act, 0, sizeof(act));
	c->now = t + 86400;
	c->actor = intake;
	if (fate == F_REJECTED) {
		act.type = FB_EV_REJECT;
		act.text = "Nội dung thuộc thẩm quyền của Sở Giáo dục và Đào tạo; đã hướng dẫn người dân gửi kiến nghị đến Sở.";
		return feedback_apply_event(c, code, &act, &e);
	}
	act.type = FB_EV_ASSIGN;
	act.unit = "00070-UBND";
	if (feedback_apply_event(c, code, &act, &e) < 0 || fate == F_ASSIGNED)
		return fate == F_ASSIGNED ? 0 : -1;
	memset(&act, 0, sizeof(act));
	c->now = t + 5 * 86400;
	c->actor = handler;
	act.type = FB_EV_ANSWER;
	act.text = "UBND phường đã tiếp thu, giao bộ phận chuyên môn kiểm tra thực tế và xử lý; kết quả được thông báo đến cử tri qua tổ dân phố.";
	act.result = "resolved";
	if (feedback_apply_event(c, code, &act, &e) < 0 || fate == F_ANSWERED)
		return fate == F_ANSWERED ? 0 : -1;
	memset(&act, 0, sizeof(act));
	c->now = t + 7 * 86400;
	c->actor = leader;
	act.type = FB_EV_PUBLISH;
	if (feedback_apply_event(c, code, &act, &e) < 0 || fate == F_PUBLISHED)
		return fate == F_PUBLISHED ? 0 : -1;
	memset(&act, 0, sizeof(act));
	c->now = t + 20 * 86400;
	act.type = FB_EV_CLOSE;
	return feedback_apply_event(c, code, &act, &e);
}

static int event(struct app_ctx *c, const char *id, int type, int64_t t, const char *text, int64_t attendance,
		 int64_t s, int64_t e)
{
	struct meeting_action act = { .type = type, .text = text, .has_attendance = attendance >= 0,
				      .attendance = attendance, .starts_at = s, .ends_at = e };
	struct app_errors errs;
	c->now = t;
	return meeting_apply_event(c, id, &act, &errs);
}

static int one(struct app_ctx *c, const struct demo_meeting *d, int64_t today, int64_t today_now, int n,
	       const struct audit_actor *leader,
	       const struct audit_actor *intake, const struct audit_actor *handler, char *err, size_t errlen)
{
	int64_t day = today + d->day;
	while (c->cal && calendar_is_working_day(c->cal, day) == 0)
		day++; /* meetings are held on working days */
	int64_t starts = at(day, d->hour, d->minute), ends = starts + d->hours * 3600;
	struct meeting_input in = {
		.kind = d->kind, .title = d->title, .unit = d->unit, .starts_at = starts, .ends_at = ends,
		.place = d->place, .is_internal = d->is_internal,
	};
	const char **hosts;
	size_t nh;
	if (meeting_hosts(c->arena, d->hosts, &hosts, &nh) < 0)
		return -1;
	in.hosts = hosts;
	in.nhosts = nh;
	struct app_errors errs = { 0 };
	int64_t id;
	c->actor = leader;
	c->now = at(day - d->announce, 9, 0);
	/* nothing is written in the future: an announcement still to come is
	 * made an hour before this run */
	if (c->now > today_now - 3600)
		c->now = today_now - 3600;
	int rc = meeting_create(c, &in, &id, &errs);
	if (rc < 0) {
		snprintf(err, errlen, "meeting '%s': %s %s", d->title, app_rc_code(rc),
			 errs.n ? errs.items[0].message : "");
		return -1;
	}
	char ids[AUDIT_ID_CHARS];
	audit_id(id, ids);
	if (d->cancel)
		return event(c, ids, MT_EV_CANCEL, at(day - 3, 10, 0), d->reason, -1, 0, 0);
	if (d->postpone_to) {
		int64_t to = today + d->postpone_to;
		while (c->cal && calendar_is_working_day(c->cal, to) == 0)
			to++;
		int64_t s2 = at(to, d->hour, d->minute);
		if (event(c, ids, MT_EV_POSTPONE, at(day - 4, 10, 0), d->reason, -1, s2, s2 + d->hours * 3600) < 0)
			return -1;
	}
	if (d->attendance <= 0)
		return 0;
	if (event(c, ids, MT_EV_HOLD, ends + 600, NULL, d->attendance, 0, 0) < 0)
		return -1;
	/* petitions, recorded after the meeting, then followed to their fate */
	for (int i = 0; d->petitions && d->petitions[i].title; i++) {
		const struct demo_petition *p = &d->petitions[i];
		struct feedback_input fi;
		memset(&fi, 0, sizeof(fi));
		fi.title = p->title;
		fi.body = p->body;
		fi.category = p->category;
		fi.is_private = p->is_private;
		fi.contact_name = speakers[(n * 3 + i) % (int)(sizeof(speakers) / sizeof(speakers[0]))];
		fi.contact_phone = arena_printf(c->arena, "09%08d", 12345678 + n * 1000 + i * 37);
		char code[1][TRACKCODE_BUFSZ];
		trackcode_seeded(0x4EE71A6ULL, (uint64_t)(n * 64 + i), code[0]); /* the same on both engines */
		c->actor = leader;
		c->now = ends + 3600;
		rc = meeting_add_petitions(c, ids, &fi, 1, 0, code, &errs);
		if (rc < 0) {
			snprintf(err, errlen, "petition '%s': %s %s", p->title, app_rc_code(rc),
				 errs.n ? errs.items[0].field : "");
			return -1;
		}
		if (follow(c, code[0], p->fate, ends, intake, handler, leader) < 0) {
			snprintf(err, errlen, "petition '%s': its events failed", p->title);
			return -1;
		}
	}
	if (d->minutes && event(c, ids, MT_EV_MINUTES, ends + 86400, d->minutes, -1, 0, 0) < 0)
		return -1;
	c->actor = leader;
	if (d->approve && event(c, ids, MT_EV_APPROVE, ends + 2 * 86400, NULL, -1, 0, 0) < 0)
		return -1;
	if (d->publish && event(c, ids, MT_EV_PUBLISH, ends + d->publish * 86400, NULL, -1, 0, 0) < 0)
		return -1;
	return 0;
}

int meeting_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen)
{
	*made = 0;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM meetings WHERE kind <> 'reception'");
	int64_t existing = 0;
	if (!st || rows_one_int(st, &existing) < 0) {
		snprintf(err, errlen, "cannot count meetings");
		return -1;
	}
	if (existing)
		return 0; /* idempotent: the demo's meetings are there (reception days are the reception demo's) */
	struct app_ctx c = *ctx;
	struct audit_actor leader = { .account_id = account_id(ctx->db, ctx->arena, "lanhdao.hoankiem"),
				      .name = "cli:demo" };
	struct audit_actor intake = { .account_id = account_id(ctx->db, ctx->arena, "tiepnhan.hoankiem"),
				      .name = "cli:demo" };
	struct audit_actor handler = { .account_id = account_id(ctx->db, ctx->arena, "xuly.hoankiem"),
				       .name = "cli:demo" };
	if (!leader.account_id || !intake.account_id || !handler.account_id) {
		snprintf(err, errlen, "the demo accounts of phường Hoàn Kiếm are missing");
		return -1;
	}
	int64_t today = vn_day_of(ctx->now);
	int64_t first = days_from_civil(2025, 7, 1); /* phường Hoàn Kiếm exists from this day */
	for (size_t i = 0; i < sizeof(meetings) / sizeof(meetings[0]); i++) {
		if (today + meetings[i].day - meetings[i].announce < first)
			continue;
		if (one(&c, &meetings[i], today, ctx->now, (int)i, &leader, &intake, &handler, err, errlen) < 0)
			return -1;
		(*made)++;
	}
	return 0;
}
