/*
 * consultation_demo.c - the demo's consultations on drafts (`danvan demo`):
 * three drafts of Ủy ban nhân dân phường Hoàn Kiếm (a unit since
 * 1/7/2025): an open one on pavement order with comments from citizens
 * and the Front; one closed in 2025 with its report published; and an
 * invited-only one for the mass organisations, closed and awaiting its
 * replies. Everything goes through app/consultation.h with the clock set
 * to the day it happened, so the rules and the audit apply as in use.
 * Idempotent: a draft already there (same unit and title) is left alone.
 */
#include "consultation.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/db.h"
#include "store/unit.h"

#define DEMO_UNIT "00070-UBND"
#define DAY 86400

static const char pavement_title[] = "Kế hoạch sắp xếp trật tự vỉa hè, lòng đường trên địa bàn phường Hoàn Kiếm năm 2026";
static const char pavement_text[] =
	"KẾ HOẠCH\n"
	"Sắp xếp trật tự vỉa hè, lòng đường trên địa bàn phường Hoàn Kiếm năm 2026\n"
	"\n"
	"Chương I\n"
	"MỤC ĐÍCH, YÊU CẦU\n"
	"Điều 1. Mục đích\n"
	"1. Lập lại trật tự vỉa hè, bảo đảm lối đi cho người đi bộ trên các tuyến phố cổ.\n"
	"2. Kết hợp hài hòa giữa sinh kế của hộ kinh doanh và mỹ quan đô thị.\n"
	"Điều 2. Yêu cầu\n"
	"1. Công khai danh sách tuyến phố được sử dụng tạm thời một phần vỉa hè.\n"
	"2. Vận động là chính; chỉ xử lý vi phạm sau khi đã nhắc nhở.\n"
	"Chương II\n"
	"NỘI DUNG THỰC HIỆN\n"
	"Điều 3. Sử dụng tạm thời vỉa hè\n"
	"1. Dành tối thiểu 1,5 m vỉa hè cho người đi bộ.\n"
	"2. Hộ kinh doanh được sử dụng phần còn lại khi:\n"
	"a) Có đăng ký với Ủy ban nhân dân phường;\n"
	"b) Nộp phí sử dụng tạm thời vỉa hè theo quy định của Thành phố;\n"
	"c) Thu dọn sau 22 giờ hằng ngày.\n"
	"Điều 4. Trông giữ xe\n"
	"1. Bố trí điểm trông giữ xe tại các ngõ, bãi đỗ tập trung.\n"
	"2. Không trông giữ xe trên vỉa hè các phố Hàng Đào, Hàng Ngang, Hàng Đường.\n"
	"Chương III\n"
	"TỔ CHỨC THỰC HIỆN\n"
	"Điều 5. Trách nhiệm\n"
	"1. Công an phường chủ trì kiểm tra, xử lý vi phạm.\n"
	"2. Các tổ dân phố phổ biến kế hoạch đến từng hộ gia đình.\n";

static const char hall_title[] = "Quy chế quản lý, sử dụng nhà văn hóa tổ dân phố trên địa bàn phường Hoàn Kiếm";
static const char hall_text[] =
	"QUY CHẾ\n"
	"Quản lý, sử dụng nhà văn hóa tổ dân phố\n"
	"\n"
	"Điều 1. Phạm vi điều chỉnh\n"
	"Quy chế này quy định việc quản lý, sử dụng nhà văn hóa của các tổ dân phố thuộc phường.\n"
	"Điều 2. Giờ mở cửa\n"
	"1. Nhà văn hóa mở cửa từ 7 giờ đến 21 giờ hằng ngày.\n"
	"2. Ngày lễ, Tết do Ban công tác Mặt trận tổ dân phố quyết định.\n"
	"Điều 3. Sử dụng cho việc riêng\n"
	"1. Hộ gia đình được mượn nhà văn hóa để tổ chức việc hiếu.\n"
	"2. Không cho thuê nhà văn hóa để kinh doanh.\n"
	"Điều 4. Kinh phí\n"
	"Kinh phí điện, nước do các hộ trong tổ dân phố đóng góp theo thỏa thuận.\n";

static const char coord_title[] = "Dự thảo Quy chế phối hợp giữa Ủy ban nhân dân phường với Mặt trận Tổ quốc và các đoàn thể";
static const char coord_text[] =
	"QUY CHẾ PHỐI HỢP\n"
	"\n"
	"Điều 1. Nguyên tắc phối hợp\n"
	"1. Tôn trọng chức năng, nhiệm vụ của mỗi bên.\n"
	"2. Thông tin kịp thời, đầy đủ về các chủ trương liên quan đến đời sống Nhân dân.\n"
	"Điều 2. Tiếp nhận phản ánh, kiến nghị\n"
	"1. Ủy ban nhân dân phường trả lời kiến nghị do Mặt trận chuyển đến trong 15 ngày.\n"
	"2. Kết quả giải quyết được gửi Mặt trận để thông tin đến Nhân dân.\n"
	"Điều 3. Giám sát, phản biện\n"
	"Mặt trận và các đoàn thể được mời dự các cuộc họp xây dựng kế hoạch của phường.\n"
	"Điều 4. Chế độ họp\n"
	"Hằng quý, hai bên họp đánh giá việc thực hiện quy chế.\n";

struct demo_comment {
	const char *part;          /* label, or NULL for the whole draft */
	const char *text;
	const char *name;
	int show_name;
	const char *channel;       /* NULL: typed on the web */
	const char *organisation;
	const char *decision;      /* NULL: no reply (yet) */
	const char *reply;
	const char *changed;       /* label of the part the reply changed */
};

static const struct demo_comment pavement_comments[] = {
	{ "Điều 3, khoản 1", "Phố Hàng Bạc đông khách du lịch, đề nghị dành ít nhất 2 m cho người đi bộ.", "Lê Văn Hùng", 1, NULL, NULL, NULL, NULL, NULL },
	{ "Điều 3, khoản 2, điểm c", "Nhiều hộ bán hàng ăn đêm, thu dọn lúc 22 giờ là quá sớm vào cuối tuần.", NULL, 0, NULL, NULL, NULL, NULL, NULL },
	{ "Điều 4, khoản 2", "Cần nêu rõ điểm trông giữ xe thay thế cho khách đến phố Hàng Đào.", "Nguyễn Thị Lan", 0, NULL, NULL, NULL, NULL, NULL },
	{ NULL, "Ủy ban Mặt trận Tổ quốc phường đề nghị tổ chức hội nghị đối thoại với hộ kinh doanh trước khi ban hành kế hoạch.", NULL, 0, "writing", "00070-MTTQ", NULL, NULL, NULL },
	{ "Điều 2, khoản 2", "Hội nghị tổ dân phố số 4 thống nhất phải nhắc nhở ít nhất hai lần trước khi xử lý.", "Tổ dân phố số 4", 1, "conference", NULL, NULL, NULL, NULL },
};

static const struct demo_comment hall_comments[] = {
	{ "Điều 2, khoản 1", "Đề nghị mở cửa đến 22 giờ vào mùa hè để thanh niên sinh hoạt.", "Phạm Minh Đức", 1, NULL, NULL, "accepted", "Tiếp thu: từ tháng 5 đến tháng 8 nhà văn hóa mở cửa đến 22 giờ.", "Điều 2, khoản 1" },
	{ "Điều 3, khoản 1", "Nên cho mượn cả khi tổ chức việc hỷ nếu tổ dân phố đồng ý.", NULL, 0, NULL, NULL, "partly_accepted", "Tiếp thu một phần: việc hỷ được mượn khi Ban công tác Mặt trận tổ dân phố đồng ý bằng văn bản.", "Điều 3, khoản 1" },
	{ "Điều 3, khoản 2", "Đề nghị cho thuê để có kinh phí sửa chữa.", NULL, 0, NULL, NULL, "not_accepted", "Không tiếp thu: nhà văn hóa là tài sản công phục vụ sinh hoạt cộng đồng, không được sử dụng để kinh doanh.", NULL },
	{ "Điều 4", "Hội Cựu chiến binh đề nghị miễn đóng góp cho hộ nghèo, hộ chính sách.", NULL, 0, "writing", "00070-CCB", "accepted", "Tiếp thu: bổ sung miễn đóng góp cho hộ nghèo, hộ cận nghèo và gia đình chính sách.", "Điều 4" },
	{ NULL, "Quy chế cần quy định rõ ai giữ chìa khóa nhà văn hóa.", "Trần Quang Vinh", 0, "conference", NULL, "noted", "Ghi nhận: việc giữ chìa khóa do tổ dân phố phân công, không cần quy định trong quy chế.", NULL },
};

static const struct demo_comment coord_comments[] = {
	{ "Điều 2, khoản 1", "Đề nghị rút thời hạn trả lời kiến nghị xuống 10 ngày làm việc.", NULL, 0, "writing", "00070-MTTQ", "accepted", "Tiếp thu: sửa thời hạn thành 10 ngày làm việc.", "Điều 2, khoản 1" },
	{ "Điều 3", "Hội Liên hiệp Phụ nữ đề nghị được mời dự họp giao ban hằng tháng.", NULL, 0, "writing", "00070-PN", NULL, NULL, NULL },
	{ "Điều 4", "Đoàn Thanh niên đề nghị họp 6 tháng một lần thay vì hằng quý.", NULL, 0, "writing", "00070-DTN", NULL, NULL, NULL },
};

struct demo_draft {
	const char *title, *summary, *text;
	const char *const *invited;
	size_t ninvited;
	int64_t opens_at, closes_at;   /* UTC */
	const struct demo_comment *comments;
	size_t ncomments;
	int publish;
};

/* Create one draft, its comments and replies (and publish its report). */
static int demo_draft(const struct app_ctx *base, const struct demo_draft *d, int *made, char *err, size_t errlen)
{
	struct unit u;
	if (unit_get_by_code(base->db, base->arena, DEMO_UNIT, &u) != DB_OK) {
		snprintf(err, errlen, "no unit %s", DEMO_UNIT);
		return -1;
	}
	int64_t id;
	int r = consultation_find(base->db, u.id, d->title, &id);
	if (r == DB_OK)
		return 0;
	if (r != DB_NOTFOUND) {
		snprintf(err, errlen, "cannot look up '%s'", d->title);
		return -1;
	}
	struct app_ctx ctx = *base;
	struct app_errors errs = { 0 };
	struct consult_input in = { .title = d->title, .unit = DEMO_UNIT, .summary = d->summary, .text = d->text,
				    .audience = d->ninvited ? "invited" : "public", .invited = d->invited,
				    .ninvited = d->ninvited, .opens_at = d->opens_at, .closes_at = d->closes_at };
	ctx.now = d->opens_at - 2 * DAY;
	r = consult_create(&ctx, &in, &id, &errs);
	if (r != APP_OK) {
		snprintf(err, errlen, "draft '%s': %s %s", d->title, app_rc_code(r) ? app_rc_code(r) : "",
			 errs.n ? errs.items[0].message : "");
		return -1;
	}
	struct consult_view v;
	if (consult_get(&ctx, id, 0, &v) != APP_OK)
		return -1;
	int64_t span = d->closes_at - d->opens_at;
	for (size_t i = 0; i < d->ncomments; i++) {
		const struct demo_comment *m = &d->comments[i];
		struct consult_comment_input ci = { .text = m->text, .name = m->name, .show_name = m->show_name,
						    .channel = m->channel, .organisation = m->organisation, .web = 1 };
		for (size_t j = 0; m->part && j < v.nparts; j++)
			if (!strcmp(v.parts[j].label, m->part))
				ci.part_id = v.parts[j].id;
		ctx.now = d->opens_at + span * (int64_t)(i + 1) / (int64_t)(d->ncomments + 2);
		if (ctx.now > base->now)
			ctx.now = base->now - 3600;
		int64_t cid;
		r = consult_comment(&ctx, id, &ci, &cid, &errs);
		if (r != APP_OK) {
			snprintf(err, errlen, "comment %zu on '%s': %s", i, d->title, app_rc_code(r) ? app_rc_code(r) : "");
			return -1;
		}
		if (!m->decision)
			continue;
		int64_t changed = 0;
		for (size_t j = 0; m->changed && j < v.nparts; j++)
			if (!strcmp(v.parts[j].label, m->changed))
				changed = v.parts[j].id;
		ctx.now = d->closes_at + DAY < base->now ? d->closes_at + DAY : ctx.now + 60;
		r = consult_reply(&ctx, id, cid, m->decision, m->reply, changed, &errs);
		if (r != APP_OK) {
			snprintf(err, errlen, "reply %zu on '%s': %s", i, d->title, app_rc_code(r) ? app_rc_code(r) : "");
			return -1;
		}
	}
	if (d->publish) {
		ctx.now = d->closes_at + 5 * DAY;
		if (consult_event(&ctx, id, "publish_report", &errs) != APP_OK ||
		    (ctx.now += DAY, consult_event(&ctx, id, "send_to_front", &errs)) != APP_OK) {
			snprintf(err, errlen, "publishing '%s'", d->title);
			return -1;
		}
	}
	(*made)++;
	return 0;
}

int consult_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen)
{
	static const char *const orgs[] = { "00070-MTTQ", "00070-PN", "00070-DTN", "00070-CCB" };
	int64_t today = vn_day_start(vn_day_of(ctx->now));
	const struct demo_draft drafts[] = {
		{ pavement_title,
		  "Ủy ban nhân dân phường lấy ý kiến Nhân dân, hộ kinh doanh và các tổ chức về kế hoạch sắp xếp "
		  "trật tự vỉa hè, lòng đường năm 2026.",
		  pavement_text, NULL, 0, today - 6 * DAY + 8 * 3600, today + 24 * DAY + 17 * 3600, pavement_comments,
		  sizeof(pavement_comments) / sizeof(pavement_comments[0]), 0 },
		{ hall_title,
		  "Dự thảo quy chế dùng chung cho 12 nhà văn hóa tổ dân phố sau khi sắp xếp đơn vị hành chính.",
		  hall_text, NULL, 0, vn_day_start(days_from_civil(2025, 9, 3)) + 8 * 3600,
		  vn_day_start(days_from_civil(2025, 9, 30)) + 17 * 3600, hall_comments,
		  sizeof(hall_comments) / sizeof(hall_comments[0]), 1 },
		{ coord_title,
		  "Lấy ý kiến Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội phường về quy chế phối hợp.",
		  coord_text, orgs, 4, today - 32 * DAY + 8 * 3600, today - 4 * DAY + 17 * 3600, coord_comments,
		  sizeof(coord_comments) / sizeof(coord_comments[0]), 0 },
	};
	*made = 0;
	for (size_t i = 0; i < sizeof(drafts) / sizeof(drafts[0]); i++)
		if (demo_draft(ctx, &drafts[i], made, err, errlen) < 0)
			return -1;
	return 0;
}
