/*
 * article_demo.c - the demo's news articles (app/article_demo.h): a table
 * of articles with their day, unit, tags and text, written through
 * article_create() and published with article_apply() on their own day.
 */
#include "app/article_demo.h"
#include "app/article.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/article.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rows.h"

#include <jansson.h>

struct demo_article {
	const char *date;      /* YYYY-MM-DD, published at 08:30 Vietnam time */
	const char *unit;
	const char *title;
	const char *lead;
	const char *body;
	const char *tags;      /* '|'-separated */
	const char *pins;      /* '|'-separated titles of earlier articles pinned as related */
};

#define NQ25 "Nghị quyết 25"
#define QD218 "Quyết định 218"

static const struct demo_article demo[] = {
	{ "2019-03-12", "002-QU", "Quận ủy Hoàn Kiếm triển khai phong trào thi đua Dân vận khéo năm 2019",
	  "Quận ủy Hoàn Kiếm phát động phong trào thi đua Dân vận khéo, gắn với xây dựng tuyến phố văn minh đô thị.",
	  "## Nội dung chính\n\nNăm 2019, mỗi phường đăng ký ít nhất **một mô hình Dân vận khéo** trên các lĩnh vực kinh tế, "
	  "văn hóa - xã hội, quốc phòng - an ninh và xây dựng hệ thống chính trị.\n\n"
	  "Ban Dân vận Quận ủy hướng dẫn các phường xây dựng tiêu chí, đánh giá định kỳ sáu tháng một lần.",
	  "Dân vận khéo|Thi đua", NULL },
	{ "2019-06-20", "00061", "Phường Hàng Bạc ra mắt mô hình tuyến phố văn minh Hàng Bạc",
	  "Tuyến phố Hàng Bạc được công nhận là tuyến phố văn minh đô thị sau sáu tháng người dân cùng chung tay.",
	  "Các hộ kinh doanh cam kết không lấn chiếm vỉa hè, giữ vệ sinh chung và niêm yết giá.\n\n"
	  "Tổ dân phố số 1 và số 2 phân công người theo dõi, nhắc nhở hằng tuần.",
	  "Dân vận khéo|Văn minh đô thị", NULL },
	{ "2019-09-05", "HK-HANGTRONG", "Phường Hàng Trống đối thoại với nhân dân về chỉnh trang ngõ nhỏ",
	  "Chủ tịch UBND phường Hàng Trống đối thoại trực tiếp với gần 100 người dân về kế hoạch chỉnh trang ngõ.",
	  "Người dân đề nghị lắp thêm đèn chiếu sáng, cải tạo rãnh thoát nước. Phường tiếp thu và đưa vào kế hoạch năm 2020.",
	  "Đối thoại|Chỉnh trang đô thị", NULL },
	{ "2020-01-10", "002-MTTQ", "Mặt trận quận Hoàn Kiếm tổng kết công tác giám sát năm 2019",
	  "Ủy ban Mặt trận Tổ quốc quận tổng kết công tác giám sát và phản biện xã hội theo Quyết định 217-QĐ/TW.",
	  "Năm 2019, Mặt trận quận chủ trì 12 cuộc giám sát, tập trung vào trật tự đô thị và an toàn thực phẩm.",
	  "Mặt trận|Giám sát", NULL },
	{ "2020-04-15", "002-UBND", "Hoàn Kiếm hỗ trợ người dân gặp khó khăn do dịch COVID-19",
	  "UBND quận Hoàn Kiếm phối hợp các đoàn thể trao hỗ trợ cho người lao động tự do bị ảnh hưởng bởi dịch.",
	  "Các phường lập danh sách công khai, niêm yết tại tổ dân phố để người dân giám sát.",
	  "An sinh xã hội|Mặt trận", NULL },
	{ "2020-07-22", "00049", "Phường Hàng Đào phát huy vai trò tổ dân phố trong phòng chống dịch",
	  "Các tổ dân phố phường Hàng Đào thành lập tổ COVID cộng đồng, nắm từng hộ gia đình.",
	  "Mô hình được Quận ủy đánh giá là một mô hình **Dân vận khéo** tiêu biểu năm 2020.",
	  "Dân vận khéo|Tổ dân phố", NULL },
	{ "2020-11-18", "002-MTTQ", "Ngày hội Đại đoàn kết toàn dân tộc tại các khu dân cư quận Hoàn Kiếm",
	  "Ngày hội Đại đoàn kết được tổ chức tại 100% khu dân cư, biểu dương các gia đình văn hóa tiêu biểu.",
	  "Ngày hội năm nay tổ chức gọn nhẹ, bảo đảm an toàn phòng dịch.",
	  "Mặt trận|Đại đoàn kết", NULL },
	{ "2021-03-03", "002-QU", "Quận ủy Hoàn Kiếm lấy ý kiến nhân dân góp ý xây dựng Đảng theo Quyết định 218",
	  "Quận ủy tổ chức hội nghị để Mặt trận, các đoàn thể và nhân dân góp ý xây dựng Đảng, xây dựng chính quyền.",
	  "Theo **Quyết định 218-QĐ/TW**, ý kiến góp ý của nhân dân được tổng hợp, trả lời công khai.\n\n"
	  "Hội nghị nhận 27 ý kiến, tập trung vào cải cách thủ tục hành chính và tác phong cán bộ.",
	  QD218 "|Mặt trận|Góp ý xây dựng Đảng", NULL },
	{ "2021-06-09", "00061", "Hàng Bạc: người dân góp ý dự thảo quy chế quản lý tuyến phố",
	  "Phường Hàng Bạc lấy ý kiến người dân về dự thảo quy chế quản lý tuyến phố đi bộ cuối tuần.",
	  "Ý kiến đóng góp được tiếp thu, giải trình công khai tại trụ sở phường.",
	  "Góp ý dự thảo|Văn minh đô thị", NULL },
	{ "2021-10-12", "002-UBND", "Hoàn Kiếm đẩy mạnh chuyển đổi số trong tiếp nhận phản ánh của người dân",
	  "Người dân có thể gửi phản ánh qua điện thoại và theo dõi việc xử lý bằng mã tra cứu.",
	  "UBND quận yêu cầu các phường trả lời phản ánh đúng hạn và công khai kết quả.",
	  "Chuyển đổi số|Phản ánh kiến nghị", NULL },
	{ "2022-02-16", "002-QU", "Hoàn Kiếm sơ kết phong trào Dân vận khéo giai đoạn 2019-2021",
	  "Toàn quận có 54 mô hình Dân vận khéo được công nhận, trong đó 12 mô hình tiêu biểu.",
	  "## Kết quả\n\nCác mô hình tập trung vào văn minh đô thị, an sinh xã hội và cải cách hành chính.\n\n"
	  "## Nhiệm vụ\n\nNhân rộng mô hình hiệu quả, gắn với thực hiện **Nghị quyết 25-NQ/TW**.",
	  "Dân vận khéo|Thi đua|" NQ25, NULL },
	{ "2022-05-19", "HK-HANGTRONG", "Phường Hàng Trống biểu dương gia đình văn hóa tiêu biểu",
	  "Phường Hàng Trống biểu dương 35 gia đình văn hóa tiêu biểu giai đoạn 2020-2022.",
	  "Các gia đình được tặng Giấy khen của Chủ tịch UBND phường.",
	  "Thi đua|Gia đình văn hóa", NULL },
	{ "2022-09-07", "002-MTTQ", "Mặt trận quận giám sát việc giải quyết kiến nghị cử tri",
	  "Ban Thường trực Ủy ban MTTQ quận giám sát việc trả lời kiến nghị cử tri sau kỳ họp.",
	  "Kết quả giám sát được gửi UBND quận và công khai với cử tri.",
	  "Mặt trận|Giám sát|Tiếp xúc cử tri", NULL },
	{ "2023-03-21", "002-QU", "Quận ủy Hoàn Kiếm hướng dẫn tổng kết 10 năm Nghị quyết 25-NQ/TW",
	  "Quận ủy ban hành kế hoạch tổng kết 10 năm thực hiện Nghị quyết 25-NQ/TW và Quyết định 217, 218-QĐ/TW.",
	  "Các đảng ủy phường tổ chức tổng kết trước ngày 30/6/2023, đánh giá kết quả công tác dân vận "
	  "và việc phát huy vai trò của Mặt trận, đoàn thể trong giám sát, phản biện, góp ý xây dựng Đảng.",
	  NQ25 "|" QD218 "|Tổng kết", NULL },
	{ "2023-05-10", "00061-DU", "Đảng ủy phường Hàng Bạc tổ chức tọa đàm về công tác dân vận trong tình hình mới",
	  "Tọa đàm lắng nghe ý kiến của bí thư chi bộ, tổ trưởng tổ dân phố về đổi mới công tác dân vận.",
	  "Nhiều ý kiến đề nghị cán bộ sâu sát cơ sở hơn, trả lời kiến nghị của người dân nhanh hơn.",
	  NQ25 "|Dân vận khéo", NULL },
	{ "2023-06-14", "00061-DU",
	  "Phường Hàng Bạc tổng kết 10 năm thực hiện Nghị quyết 25-NQ/TW và Quyết định 218-QĐ/TW",
	  "Đảng ủy phường Hàng Bạc tổ chức hội nghị tổng kết 10 năm thực hiện Nghị quyết 25-NQ/TW về tăng cường "
	  "và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận và Quyết định 218-QĐ/TW về việc Mặt trận, "
	  "các đoàn thể và nhân dân tham gia góp ý xây dựng Đảng, xây dựng chính quyền.",
	  "## Kết quả 10 năm\n\n"
	  "Sau 10 năm, công tác dân vận của phường có nhiều chuyển biến: cấp ủy quan tâm lãnh đạo, chính quyền "
	  "đối thoại định kỳ với nhân dân, Mặt trận và các đoàn thể chủ động giám sát, góp ý.\n\n"
	  "- 18 mô hình **Dân vận khéo** được công nhận, 4 mô hình tiêu biểu cấp quận;\n"
	  "- 40 hội nghị lấy ý kiến nhân dân góp ý xây dựng Đảng, xây dựng chính quyền theo Quyết định 218;\n"
	  "- 96% kiến nghị của cử tri được trả lời đúng hạn.\n\n"
	  "## Hạn chế\n\n"
	  "Một số chi bộ chưa thường xuyên lắng nghe ý kiến nhân dân; việc trả lời góp ý có lúc còn chậm.\n\n"
	  "## Phương hướng\n\n"
	  "Tiếp tục thực hiện Kết luận 43-KL/TW, phát huy vai trò chủ thể của nhân dân, nâng cao chất lượng "
	  "phong trào thi đua Dân vận khéo.\n\n"
	  "Tại hội nghị, Đảng ủy phường khen thưởng 6 tập thể và 10 cá nhân có thành tích xuất sắc.",
	  NQ25 "|" QD218 "|Tổng kết|Dân vận khéo|Góp ý xây dựng Đảng",
	  "Quận ủy Hoàn Kiếm hướng dẫn tổng kết 10 năm Nghị quyết 25-NQ/TW|"
	  "Quận ủy Hoàn Kiếm lấy ý kiến nhân dân góp ý xây dựng Đảng theo Quyết định 218" },
	{ "2023-06-28", "002-QU", "Quận Hoàn Kiếm tổng kết 10 năm thực hiện Nghị quyết 25-NQ/TW",
	  "Hội nghị tổng kết cấp quận đánh giá 10 năm đổi mới công tác dân vận, biểu dương 20 tập thể, 30 cá nhân.",
	  "Quận ủy ghi nhận cách làm của các phường Hàng Bạc, Hàng Trống, Hàng Đào trong lấy ý kiến nhân dân "
	  "và nhân rộng mô hình Dân vận khéo.",
	  NQ25 "|" QD218 "|Tổng kết", NULL },
	{ "2023-08-30", "00061", "Hàng Bạc tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân",
	  "Cử tri phường Hàng Bạc kiến nghị về trật tự vỉa hè, phòng cháy chữa cháy tại nhà cổ.",
	  "Các kiến nghị được tổng hợp, theo dõi đến khi có trả lời.",
	  "Tiếp xúc cử tri|Phản ánh kiến nghị", NULL },
	{ "2023-12-05", "002-MTTQ", "Mặt trận quận Hoàn Kiếm phản biện dự thảo đề án chỉnh trang phố cổ",
	  "Ủy ban MTTQ quận tổ chức hội nghị phản biện xã hội đối với dự thảo đề án chỉnh trang phố cổ.",
	  "Các nhà khoa học, người dân khu phố cổ góp nhiều ý kiến về bảo tồn kiến trúc và sinh kế.",
	  "Mặt trận|Góp ý dự thảo|Chỉnh trang đô thị", NULL },
	{ "2024-03-08", "00049", "Phụ nữ phường Hàng Đào với mô hình nói không với túi ni lông",
	  "Hội Phụ nữ phường vận động các hộ kinh doanh chợ Hàng Đào giảm túi ni lông khó phân hủy.",
	  "Sau ba tháng, 80% hộ kinh doanh tham gia. Mô hình đăng ký phong trào Dân vận khéo năm 2024.",
	  "Dân vận khéo|Môi trường", NULL },
	{ "2024-06-18", "002-QU", "Hoàn Kiếm sơ kết một năm thực hiện Kết luận 43-KL/TW về công tác dân vận",
	  "Quận ủy sơ kết một năm thực hiện Kết luận 43-KL/TW tiếp tục thực hiện Nghị quyết 25-NQ/TW.",
	  "Các phường tiếp tục đối thoại định kỳ và công khai kết quả giải quyết kiến nghị của người dân.",
	  NQ25 "|Tổng kết", NULL },
	{ "2024-09-25", "HK-HANGTRONG", "Hàng Trống: người dân góp ý dự thảo phương án sắp xếp tổ dân phố",
	  "Phường Hàng Trống lấy ý kiến người dân về phương án sắp xếp, sáp nhập tổ dân phố.",
	  "Đa số ý kiến đồng thuận; các ý kiến khác được giải trình tại hội nghị.",
	  "Góp ý dự thảo|Tổ dân phố", NULL },
	{ "2025-01-14", "002-UBND", "Hoàn Kiếm lấy ý kiến nhân dân về sắp xếp đơn vị hành chính cấp xã",
	  "UBND quận tổ chức lấy ý kiến cử tri về đề án sắp xếp đơn vị hành chính cấp xã năm 2025.",
	  "Tỷ lệ cử tri đồng ý đạt trên 97%. Kết quả được công khai tại các khu dân cư.",
	  "Sắp xếp đơn vị hành chính|Góp ý dự thảo", NULL },
	{ "2025-04-22", "002-QU", "Hoàn Kiếm tổng kết phong trào Dân vận khéo giai đoạn 2021-2025",
	  "Quận ủy tổng kết phong trào Dân vận khéo, biểu dương 25 mô hình tiêu biểu trước khi kết thúc hoạt động cấp quận.",
	  "Các mô hình sẽ được các phường mới tiếp tục duy trì và nhân rộng.",
	  "Dân vận khéo|Thi đua|Tổng kết", NULL },
	{ "2025-07-01", "00070", "Phường Hoàn Kiếm chính thức đi vào hoạt động",
	  "Từ ngày 1/7/2025, phường Hoàn Kiếm mới được thành lập trên cơ sở sáp nhập các phường của quận Hoàn Kiếm cũ.",
	  "Đảng ủy, HĐND, UBND và Ủy ban MTTQ phường ra mắt. Người dân tiếp tục gửi phản ánh qua cổng dân vận.",
	  "Sắp xếp đơn vị hành chính|Chính quyền hai cấp", NULL },
	{ "2025-07-15", "00070-UBND", "UBND phường Hoàn Kiếm công bố lịch tiếp công dân",
	  "Chủ tịch UBND phường tiếp công dân định kỳ vào thứ Năm hằng tuần tại trụ sở phường.",
	  "Người dân có thể đăng ký trước qua cổng dân vận hoặc đến trực tiếp.",
	  "Tiếp công dân|Chính quyền hai cấp", NULL },
	{ "2025-08-20", "00070-MTTQ", "Mặt trận phường Hoàn Kiếm ra mắt ban công tác Mặt trận các tổ dân phố",
	  "Ủy ban MTTQ phường kiện toàn ban công tác Mặt trận tại các tổ dân phố sau sắp xếp.",
	  "Ban công tác Mặt trận là cầu nối lắng nghe ý kiến, kiến nghị của người dân.",
	  "Mặt trận|Tổ dân phố", NULL },
	{ "2025-10-10", "00070-DTN", "Đoàn Thanh niên phường Hoàn Kiếm hướng dẫn người cao tuổi dùng dịch vụ công trực tuyến",
	  "Đoàn viên thanh niên hỗ trợ người cao tuổi cài đặt ứng dụng và nộp hồ sơ trực tuyến.",
	  "Mô hình \"Tổ công nghệ số cộng đồng\" đăng ký phong trào Dân vận khéo năm 2025.",
	  "Dân vận khéo|Chuyển đổi số", NULL },
	{ "2025-11-18", "00070-MTTQ", "Ngày hội Đại đoàn kết toàn dân tộc đầu tiên của phường Hoàn Kiếm",
	  "Ngày hội Đại đoàn kết năm 2025 lần đầu được tổ chức tại các khu dân cư của phường mới.",
	  "Ngày hội biểu dương các gia đình văn hóa và các mô hình tự quản hiệu quả.",
	  "Mặt trận|Đại đoàn kết", NULL },
	{ "2026-01-08", "00070-DU", "Đảng ủy phường Hoàn Kiếm lấy ý kiến nhân dân góp ý xây dựng Đảng năm 2026",
	  "Thực hiện Quyết định 218-QĐ/TW, Đảng ủy phường tổ chức hội nghị để nhân dân góp ý xây dựng Đảng, chính quyền.",
	  "Các ý kiến được tổng hợp và trả lời công khai trong 30 ngày.",
	  QD218 "|Góp ý xây dựng Đảng", NULL },
	{ "2026-03-26", "00070-DTN", "Tuổi trẻ phường Hoàn Kiếm ra quân Tháng Thanh niên 2026",
	  "Đoàn Thanh niên phường ra quân làm sạch ngõ phố, hỗ trợ người dân dùng dịch vụ công trực tuyến.",
	  "Hơn 200 đoàn viên tham gia các hoạt động tình nguyện trong tháng.",
	  "Chuyển đổi số|Thanh niên", NULL },
	{ "2026-05-12", "00070-PN", "Hội Phụ nữ phường Hoàn Kiếm nhân rộng mô hình chợ không túi ni lông",
	  "Mô hình của phụ nữ Hàng Đào trước đây được nhân rộng ra các chợ trên địa bàn phường mới.",
	  "Hội Phụ nữ đề nghị công nhận mô hình Dân vận khéo cấp phường.",
	  "Dân vận khéo|Môi trường", NULL },
	{ "2026-07-02", "00070-UBND", "Từ 1/7/2026, Chủ tịch UBND phường tiếp công dân ít nhất hai ngày mỗi tháng",
	  "Theo Luật Tiếp công dân sửa đổi, lịch tiếp công dân của phường Hoàn Kiếm được điều chỉnh.",
	  "Lịch cụ thể được công bố trên cổng dân vận; người dân có thể đăng ký trước.",
	  "Tiếp công dân", NULL },
	{ "2026-09-15", "00070-CCB", "Cựu chiến binh phường Hoàn Kiếm tham gia hòa giải ở cơ sở",
	  "Hội Cựu chiến binh phường có 12 hội viên là thành viên tổ hòa giải tại các tổ dân phố.",
	  "Nhiều mâu thuẫn nhỏ giữa hàng xóm được hòa giải thành ngay tại cơ sở.",
	  "Dân vận khéo|Hòa giải", NULL },
};

/*
 * Publish a demo article on its day as the command line (the system):
 * app/article.h's events act for officers with roles (wf_apply()), and the
 * demo's units of past years have none, so the same writes are made here,
 * in one transaction with the audit entry "article.publish".
 */
static int publish_demo(const struct app_ctx *ctx, const char *slug)
{
	struct article a;
	if (article_get_by_slug(ctx->db, ctx->arena, slug, ctx->now, &a) < 0 || db_begin(ctx->db) < 0)
		return -1;
	char idb[AUDIT_ID_CHARS];
	int rc = article_set_status(ctx->db, a.id, "published", ctx->now, ctx->now);
	if (rc >= 0)
		rc = article_event(ctx->db, a.id, ctx->now, "publish", 0);
	if (rc >= 0)
		rc = audit_append_json_new(ctx->db, ctx->actor, "article.publish", "article", audit_id(a.id, idb),
					   json_pack("{s:[ss], s:I}", "status", a.status, "published", "publish_at",
						     (json_int_t)ctx->now));
	if (rc >= 0 && db_commit(ctx->db) >= 0)
		return 0;
	db_rollback(ctx->db);
	return -1;
}

/* Split "a|b|c" into arena strings; *n how many (at most max). */
static const char **split(struct arena *a, const char *s, size_t max, size_t *n)
{
	*n = 0;
	const char **out = arena_zalloc(a, (max + 1) * sizeof(char *));
	while (out && s && *s && *n < max) {
		const char *e = strchr(s, '|');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		out[(*n)++] = arena_strndup(a, s, len);
		s = e ? e + 1 : s + len;
	}
	return out;
}

int article_demo_generate(const struct app_ctx *ctx, int *made, char *err, size_t errlen)
{
	*made = 0;
	struct article_filter f = { .now = INT64_MAX / 2, .public_only = 1, .limit = 1 };
	struct article_list l;
	if (article_list(ctx->db, ctx->arena, &f, &l) < 0) {
		snprintf(err, errlen, "cannot read the articles");
		return -1;
	}
	if (l.total > 0)
		return 0;
	size_t n = sizeof(demo) / sizeof(demo[0]);
	const char **slugs = arena_zalloc(ctx->arena, n * sizeof(char *));
	if (!slugs)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct demo_article *d = &demo[i];
		int64_t day = 0;
		if (parse_date(d->date, &day) < 0) {
			snprintf(err, errlen, "bad date '%s'", d->date);
			return -1;
		}
		struct app_ctx c = *ctx;
		c.now = vn_day_start(day) + 8 * 3600 + 30 * 60;
		struct article_input in = { .title = d->title, .lead = d->lead, .body = d->body, .unit = d->unit,
					    .has_tags = 1 };
		in.tags = split(ctx->arena, d->tags, ARTICLE_TAGS_MAX, &in.ntags);
		const char **pins = NULL;
		size_t npins = 0;
		if (d->pins) {
			const char **titles = split(ctx->arena, d->pins, ARTICLE_PINS_MAX, &npins);
			pins = arena_zalloc(ctx->arena, (npins + 1) * sizeof(char *));
			for (size_t p = 0; titles && pins && p < npins; p++)
				for (size_t j = 0; j < i; j++)
					if (!strcmp(demo[j].title, titles[p]))
						pins[p] = slugs[j];
			in.related = pins;
			in.nrelated = npins;
			in.has_related = 1;
		}
		struct app_errors errs;
		app_errors_clear(&errs);
		const char *slug = NULL;
		int rc = article_create(&c, &in, &slug, &errs);
		if (rc < 0) {
			snprintf(err, errlen, "article '%s': %s%s%s", d->title, app_rc_message(rc),
				 errs.n ? " " : "", errs.n ? errs.items[0].message : "");
			return -1;
		}
		slugs[i] = slug;
		c.now += 30 * 60;
		if (publish_demo(&c, slug) < 0) {
			snprintf(err, errlen, "publish '%s': failed", d->title);
			return -1;
		}
		(*made)++;
	}
	return 0;
}

/* --- links to the records the articles tell of ------------------------------------ */

struct demo_link {
	const char *article; /* title */
	const char *kind;    /* "model" or "meeting" */
	const char *sql;     /* the record's id, by its title or day */
};

#define MODEL_TITLED(t) "SELECT id FROM models WHERE title = '" t "' ORDER BY id LIMIT 1"

static const struct demo_link demo_links[] = {
	{ "Phường Hàng Bạc ra mắt mô hình tuyến phố văn minh Hàng Bạc", "model",
	  MODEL_TITLED("Chợ đêm Hàng Bạc văn minh, an toàn") },
	{ "Hoàn Kiếm tổng kết phong trào Dân vận khéo giai đoạn 2021-2025", "model",
	  MODEL_TITLED("Chợ đêm Hàng Bạc văn minh, an toàn") },
	{ "Hoàn Kiếm tổng kết phong trào Dân vận khéo giai đoạn 2021-2025", "model",
	  MODEL_TITLED("Phố đi bộ Hồ Gươm xanh – sạch – đẹp") },
	{ "Cựu chiến binh phường Hoàn Kiếm tham gia hòa giải ở cơ sở", "model",
	  MODEL_TITLED("Cựu chiến binh cùng giữ gìn an ninh trật tự khu phố cổ") },
	{ "Cựu chiến binh phường Hoàn Kiếm tham gia hòa giải ở cơ sở", "model",
	  MODEL_TITLED("Tổ hòa giải “Ba cùng” phường Hàng Trống") },
	/* the first reception day under the new rule (1/7/2026 = 1782838800 UTC
	 * at 00:00 Vietnam time) */
	{ "Từ 1/7/2026, Chủ tịch UBND phường tiếp công dân ít nhất hai ngày mỗi tháng", "meeting",
	  "SELECT id FROM meetings WHERE kind = 'reception' AND public = 1 AND starts_at >= 1782838800 "
	  "ORDER BY starts_at, id LIMIT 1" },
};

static int one_id(struct db *db, const char *sql, const char *param, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return DB_ERROR;
	if (param)
		db_bind_text(st, 1, param);
	return rows_one_int(st, id);
}

int article_demo_links(const struct app_ctx *ctx, char *err, size_t errlen)
{
	size_t n = sizeof(demo_links) / sizeof(demo_links[0]);
	if (db_begin(ctx->db) < 0) {
		snprintf(err, errlen, "cannot begin a transaction");
		return -1;
	}
	for (size_t i = 0; i < n;) {
		/* the links of one article: consecutive rows with its title */
		size_t end = i;
		while (end < n && !strcmp(demo_links[end].article, demo_links[i].article))
			end++;
		int64_t aid = 0;
		int rc = one_id(ctx->db, "SELECT id FROM articles WHERE title = $1 ORDER BY id LIMIT 1",
				demo_links[i].article, &aid);
		const char *kinds[8], *refs[8];
		size_t k = 0;
		int failed = rc < 0 && rc != DB_NOTFOUND;
		for (size_t j = i; !failed && j < end && k < 8; j++) {
			int64_t rid = 0;
			int r = one_id(ctx->db, demo_links[j].sql, NULL, &rid);
			if (r < 0 && r != DB_NOTFOUND) {
				failed = 1;
				break;
			}
			if (r != DB_OK)
				continue;
			kinds[k] = demo_links[j].kind;
			refs[k] = arena_printf(ctx->arena, "%lld", (long long)rid);
			if (!refs[k]) {
				failed = 1;
				break;
			}
			k++;
		}
		if (!failed && rc == DB_OK && k && article_set_links(ctx->db, aid, kinds, refs, k) < 0)
			failed = 1;
		if (failed) {
			db_rollback(ctx->db);
			snprintf(err, errlen, "links of '%s': %s", demo_links[i].article, db_errmsg(ctx->db));
			return -1;
		}
		i = end;
	}
	if (db_commit(ctx->db) < 0) {
		snprintf(err, errlen, "cannot commit the articles' links");
		return -1;
	}
	return 0;
}