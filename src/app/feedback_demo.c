/*
 * feedback_demo.c - `danvan demo`: realistic Vietnamese feedback items with
 * their whole history (assignments, drafts, answers, extensions, merges,
 * ratings), generated deterministically from a seed.
 */
#include "app/feedback_int.h"
#include "app/fbstate.h"
#include "app/perm.h"
#include "store/category.h"
#include "store/db.h"
#include "store/feedback_bulk.h"
#include "store/rows.h"
#include "store/search.h"
#include "store/unit.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/xalloc.h"

#include <math.h>

/* splitmix64: a small deterministic generator, so a seed gives one data set. */
struct demo_rng {
	uint64_t s;
};

static uint64_t rng_next(struct demo_rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int rng_below(struct demo_rng *g, int n)
{
	return n > 0 ? (int)(rng_next(g) % (uint64_t)n) : 0;
}

/* 1 with probability pct/100. */
static int rng_pct(struct demo_rng *g, int pct)
{
	return rng_below(g, 100) < pct;
}

#define PICK(g, arr) ((arr)[rng_below((g), (int)(sizeof(arr) / sizeof((arr)[0])))])

struct demo_topic {
	const char *category;
	const char *titles[5];   /* "%s" is the place */
	const char *details[3];
	const char *answers[2];  /* "%s" is the handling unit's name */
};

static const struct demo_topic demo_topics[] = {
	{ "dat-dai",
	  { "Tranh chấp ranh giới đất giữa hai hộ gia đình tại %s",
	    "Chậm cấp giấy chứng nhận quyền sử dụng đất cho hộ dân ở %s",
	    "Lấn chiếm đất công làm nơi tập kết vật liệu tại %s",
	    "Đề nghị công khai phương án bồi thường giải phóng mặt bằng tại %s",
	    "Sử dụng đất nông nghiệp sai mục đích tại %s" },
	  { "Gia đình tôi đã nộp đầy đủ hồ sơ từ nhiều tháng trước nhưng đến nay vẫn chưa nhận được kết quả, cũng không được thông báo lý do.",
	    "Phần đất này trước đây là lối đi chung của các hộ trong ngõ, nay bị một hộ rào lại để sử dụng riêng.",
	    "Người dân chưa được tiếp cận đầy đủ thông tin về diện tích bị thu hồi, đơn giá bồi thường và phương án tái định cư." },
	  { "%s đã phối hợp với Văn phòng đăng ký đất đai kiểm tra hồ sơ, đo đạc hiện trạng và làm việc với các hộ liên quan. Hồ sơ đủ điều kiện đã được chuyển xử lý; phần đất công bị lấn chiếm đã được yêu cầu trả lại hiện trạng.",
	    "Qua kiểm tra, %s xác định nội dung phản ánh có cơ sở một phần. Đơn vị đã tổ chức hòa giải tại cơ sở giữa các hộ; trường hợp không thống nhất, công dân có quyền đề nghị giải quyết tranh chấp theo quy định của Luật Đất đai." } },
	{ "xay-dung-trat-tu-do-thi",
	  { "Công trình xây dựng không phép, vượt số tầng tại %s",
	    "Lấn chiếm vỉa hè để kinh doanh, đỗ xe tại %s",
	    "Công trình thi công gây nứt tường nhà liền kề tại %s",
	    "Vật liệu xây dựng để tràn ra lòng đường tại %s",
	    "Biển quảng cáo lắp đặt không đúng quy định tại %s" },
	  { "Công trình thi công cả vào buổi tối và ngày nghỉ, không có biển báo thông tin giấy phép xây dựng.",
	    "Vỉa hè bị chiếm hết, người đi bộ phải đi xuống lòng đường, rất nguy hiểm, nhất là giờ tan học.",
	    "Nhà tôi đã xuất hiện nhiều vết nứt trên tường và trần từ khi công trình bên cạnh đào móng." },
	  { "%s đã giao Đội quản lý trật tự đô thị kiểm tra thực tế, lập biên bản vi phạm hành chính và yêu cầu chủ công trình khắc phục. Đơn vị sẽ tiếp tục theo dõi, xử lý dứt điểm.",
	    "Sau khi kiểm tra, %s đã yêu cầu chủ đầu tư tạm dừng thi công, phối hợp với các hộ liên quan giám định hiện trạng và thống nhất phương án bồi thường thiệt hại." } },
	{ "moi-truong",
	  { "Rác thải tồn đọng nhiều ngày chưa được thu gom tại %s",
	    "Xưởng sản xuất gây tiếng ồn và khói bụi ban đêm tại %s",
	    "Nước thải chảy tràn, bốc mùi hôi tại %s",
	    "Đốt rác, đốt rơm rạ gây ô nhiễm không khí tại %s",
	    "Cống thoát nước bị tắc gây ngập úng khi mưa tại %s" },
	  { "Mùi hôi bốc lên nồng nặc, nhất là vào buổi trưa, ảnh hưởng đến sức khỏe người già và trẻ nhỏ.",
	    "Mỗi khi trời mưa to, nước ngập sâu cả gang tay, tràn vào nhà dân.",
	    "Tiếng máy chạy kéo dài đến khuya, nhiều hộ không thể ngủ được." },
	  { "%s đã làm việc với đơn vị thu gom, bổ sung lượt thu gom trong ngày và tổ chức nạo vét cống thoát nước. Đơn vị đề nghị người dân bỏ rác đúng giờ, đúng nơi quy định.",
	    "%s đã phối hợp với cơ quan chuyên môn kiểm tra, đo đạc và xử phạt cơ sở vi phạm về bảo vệ môi trường, yêu cầu cơ sở lắp đặt thiết bị giảm tiếng ồn, xử lý khí thải." } },
	{ "giao-thong",
	  { "Mặt đường xuống cấp, nhiều ổ gà nguy hiểm tại %s",
	    "Đèn tín hiệu giao thông bị hỏng tại %s",
	    "Đề nghị lắp gờ giảm tốc trước cổng trường tại %s",
	    "Xe tải trọng lớn thường xuyên đi vào khu dân cư %s",
	    "Đèn chiếu sáng công cộng không hoạt động tại %s" },
	  { "Đã xảy ra một số vụ người đi xe máy bị ngã, nhất là vào buổi tối khi trời tối và mưa.",
	    "Giờ cao điểm phương tiện ùn ứ kéo dài, học sinh qua đường rất nguy hiểm.",
	    "Tình trạng này đã kéo dài nhiều tuần nhưng chưa thấy đơn vị nào khắc phục." },
	  { "%s đã đề nghị đơn vị quản lý đường bộ vá sửa mặt đường và thay thế bóng đèn hỏng. Việc sửa chữa đã hoàn thành; đơn vị cảm ơn người dân đã phản ánh.",
	    "%s đã phối hợp với lực lượng cảnh sát giao thông tăng cường kiểm tra, đồng thời đề xuất cấp có thẩm quyền lắp đặt biển báo và gờ giảm tốc tại vị trí phản ánh." } },
	{ "an-ninh-trat-tu",
	  { "Tụ tập thanh thiếu niên gây mất trật tự ban đêm tại %s",
	    "Nghi vấn hoạt động cho vay nặng lãi tại %s",
	    "Quán karaoke hoạt động quá giờ quy định, gây ồn tại %s",
	    "Trộm cắp xe máy xảy ra nhiều lần tại %s",
	    "Đua xe trái phép vào đêm cuối tuần tại %s" },
	  { "Người dân trong khu vực rất lo lắng, không dám ra đường vào buổi tối.",
	    "Sự việc diễn ra thường xuyên từ khoảng 22 giờ đến 1 giờ sáng.",
	    "Đề nghị lực lượng công an tăng cường tuần tra, kiểm soát vào ban đêm." },
	  { "Công an phường đã tăng cường tuần tra, kiểm soát tại khu vực phản ánh và xử lý các trường hợp vi phạm. %s đề nghị người dân tiếp tục cung cấp thông tin qua đường dây nóng.",
	    "%s đã chỉ đạo lực lượng chức năng xác minh; kết quả đã xử phạt vi phạm hành chính cơ sở kinh doanh hoạt động quá giờ và yêu cầu cam kết chấp hành quy định." } },
	{ "y-te",
	  { "Cơ sở kinh doanh thực phẩm không bảo đảm vệ sinh tại %s",
	    "Đề nghị phun thuốc phòng chống sốt xuất huyết tại %s",
	    "Thời gian chờ khám kéo dài tại trạm y tế gần %s",
	    "Phòng khám tư nhân quảng cáo sai sự thật tại %s",
	    "Đề nghị tổ chức tiêm chủng bổ sung cho trẻ em tại %s" },
	  { "Trong khu vực đã có một số ca sốt xuất huyết, nhiều nơi còn đọng nước, có lăng quăng.",
	    "Nhiều gia đình phải chờ từ sáng đến trưa mới được khám, không có nơi ngồi chờ.",
	    "Thực phẩm được bày bán ngay trên vỉa hè, không che đậy, gần khu vực thu gom rác." },
	  { "%s đã phối hợp với Trạm y tế tổ chức phun hóa chất diệt muỗi, vệ sinh môi trường và hướng dẫn người dân phòng bệnh.",
	    "Đoàn kiểm tra liên ngành của %s đã kiểm tra cơ sở, xử phạt vi phạm và yêu cầu cơ sở khắc phục điều kiện bảo đảm an toàn thực phẩm." } },
	{ "giao-duc",
	  { "Thu các khoản ngoài quy định đầu năm học tại trường gần %s",
	    "Sân trường xuống cấp, mất an toàn cho học sinh tại %s",
	    "Đề nghị bố trí thêm điểm trông giữ trẻ cho con công nhân tại %s",
	    "Tình trạng dạy thêm, học thêm không đúng quy định tại %s",
	    "Thiếu phòng học cho học sinh tiểu học tại %s" },
	  { "Phụ huynh được đề nghị đóng nhiều khoản tiền nhưng không được giải thích rõ mục đích sử dụng.",
	    "Nhiều mảng tường và lan can đã nứt vỡ, các cháu vui chơi rất nguy hiểm.",
	    "Số lượng trẻ trong độ tuổi tăng nhanh nhưng trường lớp chưa đáp ứng." },
	  { "%s đã làm việc với Ban giám hiệu nhà trường, yêu cầu công khai các khoản thu và hoàn trả các khoản thu không đúng quy định.",
	    "%s đã đưa hạng mục sửa chữa vào kế hoạch đầu tư công năm tới; trước mắt nhà trường đã rào chắn khu vực nguy hiểm." } },
	{ "chinh-sach-xa-hoi",
	  { "Chậm chi trả trợ cấp xã hội cho người cao tuổi tại %s",
	    "Đề nghị xem xét hỗ trợ hộ cận nghèo tại %s",
	    "Thắc mắc về mức hưởng trợ cấp người khuyết tật tại %s",
	    "Đề nghị hỗ trợ sửa chữa nhà cho gia đình chính sách tại %s",
	    "Đề nghị giải quyết chế độ cho người có công tại %s" },
	  { "Gia đình có hoàn cảnh đặc biệt khó khăn, người cao tuổi ốm đau thường xuyên.",
	    "Hồ sơ đã được tổ dân phố xác nhận nhưng đến nay chưa được xét duyệt.",
	    "Mức trợ cấp hiện nhận chưa đúng với mức quy định mới." },
	  { "%s đã rà soát hồ sơ, xác định đối tượng đủ điều kiện và đã chi trả đầy đủ khoản trợ cấp còn chậm, kể cả phần truy lĩnh.",
	    "Theo quy định hiện hành, hộ gia đình chưa đủ điều kiện hưởng chính sách. %s đã hướng dẫn gia đình các hồ sơ cần bổ sung khi hoàn cảnh thay đổi." } },
	{ "can-bo-cong-chuc",
	  { "Cán bộ bộ phận một cửa hướng dẫn hồ sơ không rõ ràng tại %s",
	    "Thái độ thiếu tôn trọng của cán bộ khi tiếp công dân tại %s",
	    "Chậm trả kết quả thủ tục đăng ký hộ tịch tại %s",
	    "Đề nghị công khai lịch tiếp công dân của lãnh đạo tại %s",
	    "Yêu cầu nộp giấy tờ không có trong quy định tại %s" },
	  { "Tôi đã phải đi lại nhiều lần, mỗi lần lại được yêu cầu bổ sung một loại giấy tờ khác nhau.",
	    "Kết quả đã quá hẹn ghi trên giấy tiếp nhận nhưng không có thông báo hay lời xin lỗi.",
	    "Mong lãnh đạo quan tâm chấn chỉnh để người dân được phục vụ tốt hơn." },
	  { "%s đã xác minh, tổ chức kiểm điểm cán bộ có liên quan và xin lỗi công dân; hồ sơ đã được giải quyết xong.",
	    "%s đã niêm yết công khai lịch tiếp công dân và danh mục thủ tục hành chính tại trụ sở và trên cổng thông tin điện tử." } },
	{ "gop-y-dang-chinh-quyen",
	  { "Góp ý nâng cao hiệu quả sinh hoạt tổ dân phố tại %s",
	    "Kiến nghị tổ chức đối thoại định kỳ với người dân về quy hoạch tại %s",
	    "Góp ý cải tiến thủ tục hành chính trên cổng dịch vụ công",
	    "Đề nghị tăng cường công khai thu chi các quỹ vận động tại %s",
	    "Góp ý về việc lấy ý kiến nhân dân đối với dự thảo quy hoạch tại %s" },
	  { "Nhiều buổi sinh hoạt chỉ đọc văn bản, ít thời gian để người dân trao đổi, kiến nghị.",
	    "Người dân mong muốn được biết và góp ý sớm hơn đối với những việc liên quan trực tiếp đến đời sống.",
	    "Việc công khai sẽ giúp tăng niềm tin của nhân dân đối với chính quyền." },
	  { "%s tiếp thu ý kiến góp ý và sẽ đưa nội dung đối thoại định kỳ vào kế hoạch công tác dân vận năm tới.",
	    "%s cảm ơn ý kiến đóng góp; nội dung đã được tổng hợp báo cáo cấp ủy và sẽ công khai kết quả tiếp thu tại hội nghị nhân dân." } },
	{ "khac",
	  { "Đề nghị bố trí thêm điểm sinh hoạt cộng đồng cho người cao tuổi tại %s",
	    "Loa phát thanh phát quá sớm buổi sáng tại %s",
	    "Đề nghị lắp camera an ninh tại %s",
	    "Chó thả rông không rọ mõm tại %s",
	    "Cây xanh có nguy cơ gãy đổ trong mùa mưa bão tại %s" },
	  { "Nhiều người dân có nhu cầu nhưng khu vực chưa có địa điểm phù hợp.",
	    "Đã có trường hợp trẻ em bị chó cắn phải đi tiêm phòng.",
	    "Mùa mưa bão sắp đến, người dân rất lo lắng." },
	  { "%s đã tiếp nhận kiến nghị và giao bộ phận chuyên môn kiểm tra, khắc phục; kết quả đã được thông báo tới tổ dân phố.",
	    "%s ghi nhận kiến nghị và sẽ xem xét bố trí kinh phí trong kế hoạch năm sau, đồng thời tuyên truyền người dân chấp hành quy định." } },
};

static const char *const demo_streets[] = {
	"ngõ 12 phố Trần Quang Diệu", "đường Nguyễn Văn Cừ", "phố Lê Thanh Nghị", "ngõ 68 Cầu Giấy",
	"đường Lê Văn Lương", "phố Hàng Bông", "khu tập thể Kim Liên", "đường Láng",
	"khu đô thị Linh Đàm", "phố Minh Khai", "đường Giải Phóng", "ngõ 165 Chùa Bộc",
	"phố Tôn Đức Thắng", "đường Phạm Văn Đồng", "khu dân cư Đồng Tâm", "chợ Hôm",
	"đường Trường Chinh", "phố Kim Mã", "đường Hoàng Quốc Việt", "ngõ 99 Định Công",
	"thôn Đông", "thôn Văn Trì", "xóm Bãi", "đường Âu Cơ", "phố Đội Cấn",
};
static const char *const demo_family[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
	"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};
static const char *const demo_middle[] = {
	"Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Xuân",
};
static const char *const demo_given[] = {
	"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh",
	"Long", "Mai", "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến",
};
static const char *const demo_openers[] = {
	"Tôi là người dân sinh sống tại %s, xin phản ánh sự việc như sau.",
	"Thay mặt các hộ gia đình ở %s, tôi xin phản ánh tới chính quyền.",
	"Kính gửi chính quyền địa phương. Tại %s đang xảy ra tình trạng cần được quan tâm.",
	"Cử tri khu vực %s kiến nghị như sau.",
};
static const char *const demo_closers[] = {
	"Đề nghị cơ quan chức năng sớm kiểm tra, xử lý dứt điểm.",
	"Rất mong nhận được phản hồi của chính quyền.",
	"Kính đề nghị các cấp có thẩm quyền xem xét, giải quyết.",
	"Xin trân trọng cảm ơn.",
};
static const char *const demo_reject_reasons[] = {
	"Nội dung thuộc quan hệ dân sự giữa các cá nhân, đề nghị công dân liên hệ Tòa án nhân dân để được giải quyết theo thủ tục tố tụng.",
	"Nội dung đã được giải quyết và trả lời tại văn bản trước đây, không có tình tiết mới.",
	"Phản ánh không đủ thông tin về địa điểm, thời gian để xác minh; đề nghị công dân bổ sung khi gửi lại.",
};
static const char *const demo_notes[] = {
	"Đã liên hệ với người phản ánh để xác minh thêm thông tin.",
	"Đã kiểm tra thực địa, chụp ảnh hiện trạng; đang chờ ý kiến của phòng chuyên môn.",
	"Đề nghị phối hợp với công an phường trong quá trình xác minh.",
};
static const char *const demo_comments[] = {
	"Cảm ơn chính quyền đã xử lý nhanh.", "Đã được khắc phục, rất hài lòng.",
	"Xử lý còn chậm nhưng đã có kết quả.", "Chưa giải quyết triệt để, đề nghị tiếp tục theo dõi.",
};

/* An account holding `role`, preferably in `unit`; 0 when none. */
struct demo_grant {
	int64_t account_id, unit_id;
	unsigned role;
};

static int64_t demo_officer(const struct demo_grant *g, size_t n, int64_t unit, unsigned role)
{
	int64_t any = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(g[i].role & role))
			continue;
		if (g[i].unit_id == unit)
			return g[i].account_id;
		if (!any)
			any = g[i].account_id;
	}
	return any;
}

static int64_t demo_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* A time of day during office hours on `day`, not after `limit`. */
static int64_t demo_at(struct demo_rng *g, int64_t day, int64_t limit)
{
	int64_t t = vn_day_start(day) + 8 * 3600 + rng_below(g, 9 * 3600);
	return t < limit ? t : limit;
}

static int64_t demo_workdays(const struct calendar *cal, int64_t day, int n)
{
	int64_t out;
	if (!cal || calendar_due_day(cal, day, n, CAL_WORKING_DAY, &out) < 0)
		return day + n + n / 5 * 2;
	return out;
}

struct demo_item {
	int64_t id;
	char code[TRACKCODE_BUFSZ];
	enum feedback_status status;
	int64_t category_id, unit_id;
	int64_t received_at;
};

/*
 * What DEMO_FLUSH items add besides their rows and answers (which give the
 * ids the rest refers to): their contacts, events and audit entries, in
 * the order they were made, written with multi-row statements by
 * demo_flush(). Their strings, and the items' own, live in `a`, emptied
 * at each flush.
 */
#define DEMO_FLUSH 1000

struct demo_buf {
	struct arena a;
	struct feedback_contact_row *contacts;
	struct feedback_event *events;
	struct audit_item *audits;
	size_t ncontacts, nevents, naudits, capcontacts, capevents, capaudits;
};

/* Room for one more in a growing array (malloc'd, freed by demo_buf_free). */
static void *demo_more(void *arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return arr;
	*cap = *cap ? *cap * 2 : 1024;
	return xrealloc(arr, *cap * size);
}

static int demo_event(struct demo_buf *b, int64_t fid, int64_t at, enum feedback_event_type type,
		      int64_t actor, int64_t unit, enum feedback_status before, enum feedback_status after,
		      const char *text, const char *extra)
{
	const char *x = extra ? arena_strdup(&b->a, extra) : NULL;
	if (extra && !x)
		return -1;
	b->events = demo_more(b->events, b->nevents, &b->capevents, sizeof(*b->events));
	b->events[b->nevents++] = (struct feedback_event){
		.feedback_id = fid, .at = at, .type = type, .actor_id = actor, .unit_id = unit,
		.public = fbstate_event_public(type), .status_before = before, .status_after = after,
		.text = text, .extra = x,
	};
	return 0;
}

static int demo_flush(struct db *db, const struct audit_actor *actor, struct demo_buf *b)
{
	int rc = feedback_contacts_insert_many(db, b->contacts, b->ncontacts);
	if (rc == DB_OK)
		rc = feedback_events_insert_many(db, b->events, b->nevents);
	if (rc == DB_OK)
		rc = audit_append_many(db, actor, b->audits, b->naudits);
	b->ncontacts = b->nevents = b->naudits = 0;
	arena_release(&b->a);
	arena_init(&b->a, 65536);
	return rc;
}

static void demo_buf_free(struct demo_buf *b)
{
	free(b->contacts);
	free(b->events);
	free(b->audits);
	arena_release(&b->a);
}

/* The template with its one "%s" replaced by value (templates are data,
 * so they are not printf formats). */
static char *demo_fill(struct arena *a, const char *tmpl, const char *value)
{
	const char *p = strstr(tmpl, "%s");
	if (!p)
		return arena_strdup(a, tmpl);
	return arena_printf(a, "%.*s%s%s", (int)(p - tmpl), tmpl, value, p + 2);
}

/* Pick the final status of an item `age` days old. */
static enum feedback_status demo_status(struct demo_rng *g, int64_t age)
{
	int r = rng_below(g, 100);
	if (age < 3)
		return r < 50 ? FB_RECEIVED : FB_ASSIGNED;
	if (age < 20) {
		if (r < 10) return FB_RECEIVED;
		if (r < 55) return FB_ASSIGNED;
		if (r < 75) return FB_ANSWERED;
		if (r < 95) return FB_PUBLISHED;
		return FB_REJECTED;
	}
	if (r < 45) return FB_PUBLISHED;
	if (r < 80) return FB_CLOSED;
	if (r < 87) return FB_REJECTED;
	if (r < 92) return FB_MERGED;
	if (r < 97) return FB_ASSIGNED;
	return FB_ANSWERED;
}

/* 2016-01-01 00:00 Vietnam time: the first day of the demo's history. */
#define DEMO_SINCE INT64_C(1451581200)

/* 1 when a unit is one that answers feedback in the demo and existed at `at`. */
static int demo_handles(const struct unit *u, int64_t root, int64_t at)
{
	return u->id != root && u->kind && (!strcmp(u->kind, "government") || !strcmp(u->kind, "agency")) &&
	       u->valid_from <= at && at < u->valid_to;
}

/*
 * The units that answer feedback (demo_handles()) in each span of time
 * between two dates on which one of them opened or closed, in the order of
 * the unit list: picking the k-th of a span is picking the k-th of those
 * valid at a time in it, without a pass over every unit for every item
 * (a city-scale demo has thousands of units and millions of items).
 */
struct demo_handlers {
	int64_t *from;            /* span i is [from[i], from[i + 1]) */
	const struct unit ***set; /* its handlers */
	size_t *n;
	size_t nspans;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int demo_handlers_init(struct arena *a, const struct unit *units, size_t nunits, int64_t root,
			      struct demo_handlers *h)
{
	memset(h, 0, sizeof(*h));
	int64_t *cuts = arena_alloc(a, (2 * nunits + 2) * sizeof(*cuts));
	if (!cuts)
		return -1;
	size_t nc = 0;
	cuts[nc++] = INT64_MIN;
	for (size_t i = 0; i < nunits; i++) {
		cuts[nc++] = units[i].valid_from;
		cuts[nc++] = units[i].valid_to;
	}
	qsort(cuts, nc, sizeof(*cuts), cmp_i64);
	size_t m = 0;
	for (size_t i = 0; i < nc; i++)
		if (!m || cuts[i] != cuts[m - 1])
			cuts[m++] = cuts[i];
	h->from = cuts;
	h->nspans = m;
	h->set = arena_alloc(a, m * sizeof(*h->set));
	h->n = arena_alloc(a, m * sizeof(*h->n));
	if (!h->set || !h->n)
		return -1;
	for (size_t s = 0; s < m; s++) {
		h->n[s] = 0;
		h->set[s] = arena_alloc(a, (nunits + 1) * sizeof(**h->set));
		if (!h->set[s])
			return -1;
		for (size_t i = 0; i < nunits; i++)
			if (demo_handles(&units[i], root, cuts[s]))
				h->set[s][h->n[s]++] = &units[i];
	}
	return 0;
}

/* The span holding `at`: the last whose start is at or before it. */
static size_t demo_span(const struct demo_handlers *h, int64_t at)
{
	size_t lo = 0, hi = h->nspans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->from[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Generate one item and its history; appends to items[]. */
static int demo_one(const struct app_ctx *ctx, struct demo_rng *g, int index,
		    const struct category *cats, size_t ncats, const struct unit *units, size_t nunits,
		    const struct demo_handlers *hs, int64_t root, const struct demo_grant *grants, size_t ngrants,
		    struct demo_item *items, size_t *nitems, struct demo_buf *buf)
{
	struct arena *a = &buf->a;
	struct db *db = ctx->db;
	const struct calendar *cal = ctx->cal;
	int64_t now = ctx->now;

	/* category and topic */
	const struct category *cat = &cats[rng_below(g, (int)ncats)];
	const struct demo_topic *topic = &demo_topics[sizeof(demo_topics) / sizeof(demo_topics[0]) - 1];
	for (size_t i = 0; i < sizeof(demo_topics) / sizeof(demo_topics[0]); i++)
		if (!strcmp(demo_topics[i].category, cat->code))
			topic = &demo_topics[i];

	/* when: since 2016 (the ten years a review looks back on), more items
	 * recently; the first seven cover every status */
	double u = (double)(rng_next(g) >> 11) / 9007199254740992.0;
	int64_t history = (now - DEMO_SINCE) / 86400;
	int64_t age = (int64_t)((double)(history > 30 ? history : 30) * pow(u, 1.7));
	enum feedback_status status;
	if (index < FB_STATUS_COUNT) {
		static const int forced_age[FB_STATUS_COUNT] = { 1, 2, 4, 60, 90, 30, 5 };
		status = (enum feedback_status)index;
		age = forced_age[index];
	} else {
		status = demo_status(g, age);
	}
	int64_t received_at = now - age * 86400 - rng_below(g, 12 * 3600);
	int64_t rday = vn_day_of(received_at);

	/* where */
	/* handled by a people's committee or an agency below the root when
	 * there is one (not by a residential group or a mass organisation),
	 * among the units that existed the day it was received: an item of
	 * 2024 goes to a ward of before the 1/7/2025 merger, never to the
	 * ward that replaced it */
	const struct unit *hu = NULL;
	size_t hspan = demo_span(hs, received_at);
	int handlers = (int)hs->n[hspan];
	if (handlers) {
		hu = hs->set[hspan][rng_below(g, handlers)];
	} else {
		for (size_t i = 0; i < nunits && !hu; i++)
			if (units[i].valid_from <= received_at && received_at < units[i].valid_to)
				hu = &units[i];
		if (!hu)
			hu = &units[0];
	}
	/* a unit closed since then settled its cases before it went */
	if (hu->valid_to != UNIT_OPEN &&
	    (status == FB_RECEIVED || status == FB_ASSIGNED || status == FB_ANSWERED))
		status = FB_CLOSED;
	const char *street = PICK(g, demo_streets);
	char place[160];
	if (rng_pct(g, 40) && strncmp(street, "thôn", 5) && strncmp(street, "xóm", 4))
		snprintf(place, sizeof(place), "Tổ dân phố số %d, %s", 1 + rng_below(g, 25), street);
	else if (!strncmp(street, "thôn", 5) || !strncmp(street, "xóm", 4))
		snprintf(place, sizeof(place), "Gần nhà văn hóa %s", street);
	else
		snprintf(place, sizeof(place), "Trước số nhà %d %s", 2 + rng_below(g, 240), street);

	struct feedback_row r;
	memset(&r, 0, sizeof(r));
	const char *title_fmt = topic->titles[rng_below(g, 5)];
	r.title = demo_fill(a, title_fmt, street);
	const char *opener = demo_fill(a, PICK(g, demo_openers), street);
	int k1 = rng_below(g, 3), k2 = (k1 + 1 + rng_below(g, 2)) % 3;
	r.body = arena_printf(a, "%s %s %s\n\n%s", opener ? opener : "", topic->details[k1],
			      topic->details[k2], PICK(g, demo_closers));
	r.place = arena_strdup(a, place);
	if (!r.title || !r.body || !r.place || !opener)
		return FEEDBACK_ERROR;
	r.category_id = cat->id;
	r.category_code = cat->code;
	if (rng_pct(g, 45)) {
		r.has_geo = 1;
		r.lat_e6 = 21000000 + rng_below(g, 60000);
		r.lon_e6 = 105780000 + rng_below(g, 80000);
	}
	r.public = rng_pct(g, 85);
	int ch = rng_below(g, 100);
	r.channel = ch < 55 ? FB_CH_WEB : ch < 65 ? FB_CH_API : ch < 75 ? FB_CH_VOTER_MEETING
		    : ch < 80 ? FB_CH_DIALOGUE : ch < 90 ? FB_CH_IN_PERSON : ch < 97 ? FB_CH_HOTLINE : FB_CH_FRONT;
	r.intake_unit_id = root ? root : hu->id;
	if (!feedback_channel_online(r.channel))
		r.created_by = demo_officer(grants, ngrants, r.intake_unit_id,
					    r.channel == FB_CH_FRONT ? ROLE_FRONT : ROLE_INTAKE);
	if (!r.created_by && !feedback_channel_online(r.channel))
		r.channel = FB_CH_WEB;
	r.received_at = received_at;
	r.due_at = feedback_due_for(cal, cat, received_at);
	r.status = status;
	r.updated_at = now;

	/* code and secret from the generator, so a seed gives the same codes */
	char raw[8];
	for (int i = 0; i < 7; i++)
		raw[i] = TRACKCODE_ALPHABET[rng_below(g, 29)];
	raw[7] = trackcode_check_char(raw);
	snprintf(r.code, sizeof(r.code), "%.4s-%.4s", raw, raw + 4);
	char secret[TRACKCODE_SECRET_BUFSZ];
	for (int i = 0; i < TRACKCODE_SECRET_LEN; i++)
		secret[i] = "abcdefghijklmnopqrstuvwxyz234567"[rng_below(g, 32)];
	secret[TRACKCODE_SECRET_LEN] = '\0';
	if (trackcode_secret_hash(secret, r.secret_hash) < 0)
		return FEEDBACK_ERROR;

	/* the history, as dates */
	int64_t intake = demo_officer(grants, ngrants, r.intake_unit_id, ROLE_INTAKE);
	int64_t handler = demo_officer(grants, ngrants, hu->id, ROLE_HANDLER);
	int64_t leader = demo_officer(grants, ngrants, hu->id, ROLE_LEADER);
	int64_t limit = now - 60;
	int64_t t_assign = demo_at(g, demo_workdays(cal, rday, 1), limit);
	int64_t due_day = r.due_at ? vn_day_of(r.due_at) : demo_workdays(cal, rday, cat->deadline_amount);
	int extended = status != FB_RECEIVED && status != FB_REJECTED && status != FB_MERGED && rng_pct(g, 10);
	int64_t new_due_day = extended ? demo_workdays(cal, due_day, 10) : due_day;
	int late = rng_pct(g, 18);
	int64_t span = new_due_day - vn_day_of(t_assign);
	int64_t answer_day = late ? demo_workdays(cal, new_due_day, 1 + rng_below(g, 5))
				  : vn_day_of(t_assign) + (span > 0 ? rng_below(g, (int)span + 1) : 0);
	int64_t t_answer = demo_at(g, answer_day, limit);
	if (t_answer < t_assign)
		t_answer = t_assign;
	int64_t t_publish = demo_at(g, demo_workdays(cal, vn_day_of(t_answer), 1), limit);
	int64_t t_close = demo_at(g, vn_day_of(t_publish) + 5 + rng_below(g, 6), limit);
	if (t_publish < t_answer)
		t_publish = t_answer;

	int assigned = status != FB_RECEIVED && !(status == FB_REJECTED && rng_pct(g, 50)) && status != FB_MERGED;
	int answered = status == FB_ANSWERED || status == FB_PUBLISHED || status == FB_CLOSED;
	int published = status == FB_PUBLISHED || status == FB_CLOSED;
	if (assigned)
		r.unit_id = hu->id;
	if (extended) {
		r.due_at = feedback_end_of_day(new_due_day);
		r.due_extended = 1;
	}
	if (answered)
		r.answered_at = t_answer;
	if (published)
		r.published_at = t_publish;
	int rated = published && t_publish < now - 86400 && rng_pct(g, 60);
	if (rated) {
		int s = rng_below(g, 100);
		r.rating = s < 35 ? 5 : s < 65 ? 4 : s < 80 ? 3 : s < 90 ? 2 : 1;
		r.rated_at = t_publish + 86400 + rng_below(g, 3 * 86400);
		if (r.rated_at > limit)
			r.rated_at = limit;
		if (rng_pct(g, 50))
			r.rating_comment = PICK(g, demo_comments);
	}
	if (t_close < t_publish)
		t_close = t_publish;
	if (rated && t_close <= r.rated_at)
		t_close = r.rated_at + 30;
	if (status == FB_CLOSED)
		r.closed_at = t_close;
	/* a merged item joins an earlier open item of the same category */
	const struct demo_item *into = NULL;
	if (status == FB_MERGED) {
		for (int pass = 0; pass < 2 && !into; pass++)
			for (size_t i = *nitems; i > 0 && !into; i--) {
				const struct demo_item *c = &items[i - 1];
				if ((pass == 0 && c->category_id != cat->id) || c->received_at >= received_at ||
				    c->status == FB_MERGED || c->status == FB_REJECTED || c->status == FB_CLOSED)
					continue;
				into = c;
			}
		if (!into) {
			status = r.status = FB_REJECTED;
		} else {
			r.merged_into_id = into->id;
		}
	}
	int64_t id;
	for (int attempt = 0;; attempt++) {
		int rc = feedback_row_insert(db, &r, &id);
		if (rc == DB_OK)
			break;
		if (rc != DB_CONSTRAINT || attempt == 8)
			return FEEDBACK_ERROR;
		raw[0] = TRACKCODE_ALPHABET[rng_below(g, 29)];
		raw[7] = trackcode_check_char(raw);
		snprintf(r.code, sizeof(r.code), "%.4s-%.4s", raw, raw + 4);
	}
	if (rng_pct(g, 70)) {
		struct feedback_contact c = { 0 };
		c.name = arena_printf(a, "%s %s %s", PICK(g, demo_family), PICK(g, demo_middle), PICK(g, demo_given));
		c.phone = arena_printf(a, "09%08d", rng_below(g, 100000000));
		if (rng_pct(g, 30))
			c.email = arena_printf(a, "nguoidan%d@example.vn", index + 1);
		if (!c.name || !c.phone)
			return FEEDBACK_ERROR;
		buf->contacts = demo_more(buf->contacts, buf->ncontacts, &buf->capcontacts, sizeof(*buf->contacts));
		buf->contacts[buf->ncontacts++] = (struct feedback_contact_row){ id, c };
	}

	/* the timeline */
	char extra[160];
	snprintf(extra, sizeof(extra), "{\"channel\":\"%s\",\"files\":0}", feedback_channel_name(r.channel));
	int bad = demo_event(buf, id, received_at, FB_EV_SUBMIT, r.created_by, r.intake_unit_id, FB_RECEIVED,
			     FB_RECEIVED, NULL, extra) < 0;
	enum feedback_status cur = FB_RECEIVED;
	if (assigned) {
		bad |= demo_event(buf, id, t_assign, FB_EV_ASSIGN, intake, hu->id, cur, FB_ASSIGNED, NULL, NULL) < 0;
		cur = FB_ASSIGNED;
		if (rng_pct(g, 30))
			bad |= demo_event(buf, id, demo_min(t_assign + 3600, limit), FB_EV_NOTE, handler, hu->id, cur, cur,
					  PICK(g, demo_notes), NULL) < 0;
	}
	if (extended) {
		char d1[11], d2[11];
		snprintf(extra, sizeof(extra), "{\"due_before\":\"%s\",\"due_after\":\"%s\",\"days\":10}",
			 fmt_ymd(due_day, d1), fmt_ymd(new_due_day, d2));
		bad |= demo_event(buf, id, demo_min(t_assign + 7200, limit), FB_EV_EXTEND, leader, hu->id, cur, cur,
				  "Vụ việc phức tạp, cần thêm thời gian xác minh và làm việc với các bên liên quan.",
				  extra) < 0;
	}
	if (status == FB_REJECTED) {
		bad |= demo_event(buf, id, assigned ? demo_min(t_assign + 86400, limit) : t_assign, FB_EV_REJECT,
				  assigned ? leader : intake, r.unit_id, cur, FB_REJECTED,
				  PICK(g, demo_reject_reasons), NULL) < 0;
	}
	if (status == FB_MERGED && into) {
		snprintf(extra, sizeof(extra), "{\"into\":\"%s\"}", into->code);
		bad |= demo_event(buf, id, t_assign, FB_EV_MERGE, intake, 0, cur, FB_MERGED, NULL, extra) < 0;
		snprintf(extra, sizeof(extra), "{\"merged_from\":\"%s\"}", r.code);
		bad |= demo_event(buf, into->id, t_assign, FB_EV_MERGE, intake, into->unit_id, into->status,
				  into->status, NULL, extra) < 0;
	}
	if (answered) {
		const char *text = demo_fill(a, topic->answers[rng_below(g, 2)], hu->name);
		int res = rng_below(g, 100);
		struct feedback_answer ans = {
			.feedback_id = id,
			.unit_id = hu->id,
			.result = res < 55 ? FB_RESULT_RESOLVED : res < 75 ? FB_RESULT_PARTLY
				  : res < 95 ? FB_RESULT_EXPLAINED : FB_RESULT_REFERRED,
			.basis = cat->legal_basis[0] ? cat->legal_basis : NULL,
			.next_steps = rng_pct(g, 40) ? "Đơn vị tiếp tục theo dõi, kiểm tra định kỳ và thông báo kết quả tới người dân." : NULL,
			.text = text,
			.drafted_by = handler,
			.drafted_at = t_answer,
			.approved_by = published ? leader : 0,
			.published_at = published ? t_publish : 0,
		};
		int64_t aid = 0;
		if (!text || feedback_answer_insert(db, &ans, &aid) < 0)
			return FEEDBACK_ERROR;
		snprintf(extra, sizeof(extra), "{\"answer_id\":%lld}", (long long)aid);
		bad |= demo_event(buf, id, t_answer, FB_EV_ANSWER, handler, hu->id, cur, FB_ANSWERED, NULL, extra) < 0;
		cur = FB_ANSWERED;
		if (published) {
			bad |= demo_event(buf, id, t_publish, FB_EV_PUBLISH, leader, hu->id, cur, FB_PUBLISHED, NULL,
					  extra) < 0;
			cur = FB_PUBLISHED;
		}
		if (rated) {
			snprintf(extra, sizeof(extra), "{\"score\":%d}", r.rating);
			bad |= demo_event(buf, id, r.rated_at, FB_EV_RATE, 0, hu->id, cur, cur, NULL, extra) < 0;
		}
		if (status == FB_CLOSED)
			bad |= demo_event(buf, id, t_close, FB_EV_CLOSE,
					  leader, hu->id, cur, FB_CLOSED, NULL, NULL) < 0;
	}
	if (bad)
		return FEEDBACK_ERROR;
	json_t *summary = json_pack("{s:b, s:s, s:s, s:s}", "demo", 1, "status", feedback_status_name(status),
				    "category", cat->code, "channel", feedback_channel_name(r.channel));
	char *text = summary ? json_dumps(summary, AUDIT_JSON_FLAGS) : NULL;
	json_decref(summary);
	const char *stext = text ? arena_strdup(a, text) : NULL;
	const char *scode = arena_strdup(a, r.code);
	free(text);
	if (!stext || !scode)
		return FEEDBACK_ERROR;
	buf->audits = demo_more(buf->audits, buf->naudits, &buf->capaudits, sizeof(*buf->audits));
	buf->audits[buf->naudits++] = (struct audit_item){ "feedback.demo", "feedback", scode, stext };
	struct demo_item *it = &items[(*nitems)++];
	it->id = id;
	memcpy(it->code, r.code, sizeof(it->code));
	it->status = status;
	it->category_id = cat->id;
	it->unit_id = r.unit_id;
	it->received_at = received_at;
	return FEEDBACK_OK;
}

int feedback_demo_generate(const struct app_ctx *ctx, int n, uint64_t seed, int *made,
			   char *err, size_t errlen)
{
	struct arena *a = ctx->arena;
	struct db *db = ctx->db;
	if (made)
		*made = 0;
	if (n <= 0)
		return FEEDBACK_OK;
	struct feedback_query q;
	memset(&q, 0, sizeof(q));
	int64_t existing = 0;
	if (feedback_row_count(db, &q, &existing) < 0) {
		snprintf(err, errlen, "cannot count feedback items: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (existing > 0)
		return FEEDBACK_OK;
	struct category *cats = NULL;
	size_t ncats = 0;
	struct unit_list units = { 0 };
	if (category_list(db, a, 0, &cats, &ncats) < 0 || unit_list(db, a, UNIT_LIST_CLOSED, &units) < 0) {
		snprintf(err, errlen, "cannot read categories and units: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (!ncats || !units.n) {
		snprintf(err, errlen, "load the categories and the organisation tree before demo feedback");
		return FEEDBACK_ERROR;
	}
	int64_t root = 0;
	if (feedback_default_unit(db, &root) < 0)
		root = units.items[0].id;
	/* every active grant, to pick officers for the timeline */
	struct demo_grant *grants = NULL;
	size_t ngrants = 0, gcap = 0;
	for (size_t i = 0; i < units.n; i++) {
		struct unit_grant_list gl = { 0 };
		if (unit_grants_in_unit(db, a, units.items[i].id, &gl) < 0) {
			snprintf(err, errlen, "cannot read role grants: %s", db_errmsg(db));
			return FEEDBACK_ERROR;
		}
		for (size_t k = 0; k < gl.n; k++) {
			void *grown = grants;
			if (rows_grow(a, &grown, ngrants, &gcap, sizeof(*grants)) < 0)
				return FEEDBACK_ERROR;
			grants = grown;
			grants[ngrants++] = (struct demo_grant){ gl.items[k].account_id, gl.items[k].unit_id,
								 role_from_name(gl.items[k].role) };
		}
	}
	struct demo_handlers hs;
	if (demo_handlers_init(a, units.items, units.n, root, &hs) < 0)
		return FEEDBACK_ERROR;
	struct demo_item *items = arena_alloc(a, (size_t)n * sizeof(*items));
	if (!items)
		return FEEDBACK_ERROR;
	size_t nitems = 0;
	struct demo_rng g = { seed ? seed : 1 };
	/* one transaction, the counting triggers set aside and the counters
	 * made once at the end (store/feedback_bulk.h): per row they cost more
	 * than the rows, and on PostgreSQL every item would add a version to
	 * the same few counter rows */
	struct feedback_bulk bulk = { 0 };
	struct demo_buf buf = { 0 };
	arena_init(&buf.a, 65536);
	/* the rollback journal for this one large transaction (store/db.h) */
	if (db_bulk_journal(db, 1) < 0 || db_begin(db) < 0) {
		snprintf(err, errlen, "cannot start a transaction: %s", db_errmsg(db));
		(void)db_bulk_journal(db, 0);
		demo_buf_free(&buf);
		return FEEDBACK_ERROR;
	}
	if (feedback_bulk_begin(db, &bulk) < 0) {
		snprintf(err, errlen, "cannot prepare the bulk load: %s", db_errmsg(db));
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		if (demo_one(ctx, &g, i, cats, ncats, units.items, units.n, &hs, root, grants, ngrants, items,
			     &nitems, &buf) < 0) {
			snprintf(err, errlen, "cannot store demo item %d: %s", i + 1, db_errmsg(db));
			goto fail;
		}
		if ((i + 1) % DEMO_FLUSH == 0 || i + 1 == n) {
			if (demo_flush(db, feedback_actor(ctx), &buf) < 0) {
				snprintf(err, errlen, "cannot store demo items up to %d: %s", i + 1, db_errmsg(db));
				goto fail;
			}
		}
	}
	if (feedback_bulk_end(db, &bulk) < 0) {
		snprintf(err, errlen, "cannot count the demo items: %s", db_errmsg(db));
		goto fail;
	}
	if (db_commit(db) < 0) {
		snprintf(err, errlen, "cannot commit the demo items: %s", db_errmsg(db));
		goto fail;
	}
	demo_buf_free(&buf);
	if (db_bulk_journal(db, 0) < 0) {
		snprintf(err, errlen, "cannot go back to the write-ahead log: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (search_index_pending(db, 0, NULL, NULL) < 0) {
		snprintf(err, errlen, "cannot index the demo items for search: %s", db_errmsg(db));
		return FEEDBACK_ERROR;
	}
	if (made)
		*made = (int)nitems;
	return FEEDBACK_OK;
fail:
	db_rollback(db);
	(void)db_bulk_journal(db, 0);
	feedback_bulk_free(&bulk);
	demo_buf_free(&buf);
	return FEEDBACK_ERROR;
}
