/*
 * emulation_demo.c - the demo's "Dân vận khéo" (danvan demo): a district
 * movement of Quận Hoàn Kiếm 2021-2025 with models of its wards, and the
 * movement of phường Hoàn Kiếm from 1/7/2025, with models in all four
 * fields at every stage, councils and their scores, and commendations
 * decided under NĐ 98/2023 and under NĐ 152/2025 with their prizes. Every
 * record is written through app/emulation.h at its own date (ctx->now),
 * by an officer whose unit existed then, so the rules apply as they stood.
 * Idempotent: nothing is written when the first movement exists.
 */
#include "app/emulation.h"
#include "app/emulation_int.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/timefmt.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/emulation.h"

#define DISTRICT_TITLE "Dân vận khéo quận Hoàn Kiếm giai đoạn 2021–2025"

struct demo {
	struct app_ctx ctx;
	struct audit_actor actor;
	char *err;
	size_t errlen;
	int made;
	int64_t district_mv, m1, m2;  /* for the district's fair, made after the ward's models (ids kept) */
};

/* Act as `user` ("" for the system) at 9:00 on `ymd`. */
static int at(struct demo *d, const char *ymd, const char *user)
{
	int64_t day;
	if (parse_date(ymd, &day) < 0)
		return -1;
	d->ctx.now = vn_day_start(day) + 9 * 3600;
	d->actor.account_id = 0;
	d->actor.name = "cli:demo";
	if (*user) {
		struct account acc;
		if (account_get_by_username(d->ctx.db, user, d->ctx.arena, &acc) != DB_OK) {
			snprintf(d->err, d->errlen, "no demo account %s", user);
			return -1;
		}
		d->actor.account_id = acc.id;
		d->actor.name = acc.username;
	}
	return 0;
}

/* Report a failed call; -1. */
static int failed(struct demo *d, const char *what, int rc, const struct app_errors *e)
{
	snprintf(d->err, d->errlen, "%s: %s%s%s%s", what, app_rc_code(rc) ? app_rc_code(rc) : "error",
		 e && e->n ? " (" : "", e && e->n ? e->items[0].message : "", e && e->n ? ")" : "");
	return -1;
}

static int64_t movement(struct demo *d, json_t *in)
{
	struct app_errors e;
	int64_t id = 0;
	int rc = emul_movement_create(&d->ctx, in, &e, &id);
	json_decref(in);
	if (rc < 0)
		return failed(d, "movement", rc, &e);
	d->made++;
	return id;
}

static int council(struct demo *d, int64_t mv, const char *user, const char *unit, const char *role)
{
	struct app_errors e;
	json_t *in = json_pack("{s:s, s:s, s:s}", "username", user, "unit", unit, "role", role);
	int rc = emul_council_add(&d->ctx, mv, in, &e);
	json_decref(in);
	return rc < 0 ? failed(d, "council", rc, &e) : 0;
}

static int64_t model(struct demo *d, int64_t mv, const char *unit, const char *kind, const char *field,
		     const char *title, const char *person, const char *desc, const char *goals, const char *results,
		     const char *forces)
{
	char mvs[24];
	snprintf(mvs, sizeof(mvs), "%lld", (long long)mv);
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s}", "movement", mvs, "unit", unit,
			       "kind", kind, "field", field, "title", title, "person", person, "description", desc,
			       "goals", goals, "results", results, "forces", forces, "sustain",
			       "Đưa vào quy chế hoạt động của đơn vị, sơ kết hằng năm và nhân rộng ra các tổ dân phố.");
	struct app_errors e;
	int64_t id = 0;
	int rc = emul_model_register(&d->ctx, in, &e, &id);
	json_decref(in);
	if (rc < 0)
		return failed(d, title, rc, &e);
	d->made++;
	return id;
}

static int event(struct demo *d, int64_t id, json_t *in)
{
	struct app_errors e;
	int rc = emul_model_event(&d->ctx, id, in, &e);
	const char *type = json_string_value(json_object_get(in, "type"));
	char what[64];
	snprintf(what, sizeof(what), "model %lld %s", (long long)id, type ? type : "?");
	json_decref(in);
	return rc < 0 ? failed(d, what, rc, &e) : 0;
}

/* Each criterion of the movement scored `base`, one of them `best`. */
static int score(struct demo *d, int64_t id, int64_t mv, int base, int best, const char *comment)
{
	json_t *crit = emdb_criteria(d->ctx.db, mv);
	if (!crit)
		return -1;
	json_t *scores = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(crit, i, v)
		json_object_set_new(scores, json_string_value(json_object_get(v, "code")),
				    json_integer(i % 3 == 0 ? best : base));
	json_decref(crit);
	return event(d, id, json_pack("{s:s, s:o, s:s}", "type", "evaluate", "scores", scores, "comment", comment));
}

static int simple(struct demo *d, int64_t id, const char *type, const char *text)
{
	return event(d, id, json_pack("{s:s, s:s?}", "type", type, !strcmp(type, "discontinue") ? "reason" : "comment",
				      text));
}

static int64_t propose(struct demo *d, const char *form, int year, const char *kind, const char *name,
		       const char *unit, const char *reason, int64_t model_id)
{
	json_t *in = json_pack("{s:s, s:i, s:{s:s, s:s, s:s}, s:s}", "form", form, "year", year, "recipient", "kind",
			       kind, "name", name, "unit", unit, "reason", reason);
	if (model_id) {
		char ms[24];
		snprintf(ms, sizeof(ms), "%lld", (long long)model_id);
		json_object_set_new(in, "model", json_string(ms));
	}
	struct app_errors e;
	json_t *out = NULL;
	int rc = emul_commendation_propose(&d->ctx, in, &e, &out);
	json_decref(in);
	if (rc < 0)
		return failed(d, name, rc, &e);
	int64_t id = em_id(json_string_value(json_object_get(out, "id")));
	json_decref(out);
	d->made++;
	return id;
}

static int comm(struct demo *d, int64_t id, json_t *in)
{
	struct app_errors e;
	int rc = emul_commendation_event(&d->ctx, id, in, &e);
	json_decref(in);
	return rc < 0 ? failed(d, "commendation event", rc, &e) : 0;
}

/* Approve on `approve_on` and decide on `date` (number, issuer). */
static int decide(struct demo *d, int64_t id, const char *user, const char *approve_on, const char *date,
		  const char *number, const char *issuer)
{
	if (at(d, approve_on, user) < 0 || comm(d, id, json_pack("{s:s}", "type", "approve")) < 0 ||
	    at(d, date, user) < 0)
		return -1;
	return comm(d, id, json_pack("{s:s, s:s, s:s, s:s}", "type", "decide", "number", number, "date", date,
				     "issuer", issuer));
}

/* --- the district's movement, 2021-2025 ------------------------------------------------- */

/* The district's "Ngày hội" of 2025, before the wards merged: a reading
 * corner selected as exemplary with the mediation team, then the event
 * honouring them and the commended night market. */
static int district_fair(struct demo *d, int64_t mv, int64_t m1, int64_t m2)
{
	const char *A = "quantri";
	if (at(d, "2023-02-10", A) < 0)
		return -1;
	int64_t m11 = model(d, mv, "HK-HANGTRONG", "model", "culture_society", "Tủ sách cộng đồng trong ngõ phố cổ",
			    NULL, "Người dân góp sách, tổ dân phố trông coi tủ sách đặt ở đầu ngõ, mở cửa cả ngày.",
			    "Mỗi tổ dân phố có một tủ sách; thiếu nhi đọc sách mỗi cuối tuần.",
			    "12 tủ sách, 3.400 cuốn; 150 em đọc thường xuyên.", "Tổ dân phố, Đoàn Thanh niên, Hội Khuyến học");
	if (m11 < 0 || at(d, "2023-03-01", A) < 0 || simple(d, m11, "implement", NULL) < 0 ||
	    at(d, "2023-11-20", A) < 0 || simple(d, m11, "self_assess", "Đạt mục tiêu.") < 0 ||
	    at(d, "2023-12-05", A) < 0 || score(d, m11, mv, 8, 10, "Dễ nhân rộng.") < 0 ||
	    at(d, "2023-12-20", A) < 0 || simple(d, m11, "recognise", NULL) < 0 || at(d, "2025-03-01", A) < 0 ||
	    simple(d, m11, "select_exemplary", NULL) < 0 || simple(d, m2, "select_exemplary", NULL) < 0)
		return -1;
	if (at(d, "2025-05-10", A) < 0)
		return -1;
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", "Ngày hội Dân vận khéo quận Hoàn Kiếm năm 2025",
			       "unit", "002-QU", "date", "2025-05-20", "place", "Cung Văn hóa Hữu nghị, 91 Trần Hưng Đạo",
			       "description",
			       "Tổng kết phong trào “Dân vận khéo” giai đoạn 2021–2025 và tôn vinh các mô hình tiêu biểu.");
	struct app_errors e;
	int64_t ev = 0;
	int rc = emul_event_create(&d->ctx, in, &e, &ev);
	json_decref(in);
	if (rc < 0)
		return failed(d, "ngày hội 2025", rc, &e);
	d->made++;
	const int64_t models[3] = { m1, m2, m11 };
	const char *notes[3] = { "Mô hình tiêu biểu, đã được tặng Giấy khen", "Mô hình tiêu biểu",
				 "Mô hình tiêu biểu" };
	for (int i = 0; i < 3; i++) {
		in = json_pack("{s:I, s:s}", "model", (json_int_t)models[i], "note", notes[i]);
		rc = emul_event_attach(&d->ctx, ev, in, &e);
		json_decref(in);
		if (rc < 0)
			return failed(d, "ngày hội 2025: mô hình", rc, &e);
	}
	return 0;
}

static int district(struct demo *d)
{
	const char *A = "quantri";
	if (at(d, "2021-01-05", A) < 0)
		return -1;
	int64_t mv = movement(d, json_pack("{s:s, s:s, s:s, s:s, s:[sssss]}", "title", DISTRICT_TITLE, "unit",
					   "002-QU", "starts_on", "2021-01-01", "ends_on", "2025-06-30", "units",
					   "00061", "HK-HANGTRONG", "00049", "00079", "00052"));
	if (mv < 0 || council(d, mv, A, "002-QU", "chair") < 0)
		return -1;
	/* 1. economy: registered 2021, exemplary, commended in 2024 (NĐ 98/2023) */
	if (at(d, "2021-03-15", A) < 0)
		return -1;
	int64_t m1 = model(d, mv, "00061", "model", "economy", "Chợ đêm Hàng Bạc văn minh, an toàn", NULL,
			   "Ban quản lý chợ cùng các hộ kinh doanh ký cam kết giữ vệ sinh, niêm yết giá, không lấn chiếm.",
			   "100% hộ kinh doanh ký cam kết; không còn phản ánh về chèo kéo khách.",
			   "212 hộ ký cam kết; phản ánh về chợ đêm giảm từ 37 (2020) xuống 4 (2021).",
			   "Mặt trận, Hội Phụ nữ, Công an phường, Ban quản lý chợ");
	if (m1 < 0 || at(d, "2021-04-01", A) < 0 || simple(d, m1, "implement", NULL) < 0 ||
	    at(d, "2021-11-15", A) < 0 || simple(d, m1, "self_assess", "Đạt và vượt các mục tiêu đăng ký.") < 0 ||
	    at(d, "2021-12-01", A) < 0 || score(d, m1, mv, 8, 10, "Hiệu quả rõ, có thể nhân rộng.") < 0 ||
	    at(d, "2021-12-10", A) < 0 || simple(d, m1, "recognise", NULL) < 0 || at(d, "2022-01-10", A) < 0 ||
	    simple(d, m1, "select_exemplary", NULL) < 0)
		return -1;
	/* 2. political system: recognised in 2022 */
	if (at(d, "2022-02-20", A) < 0)
		return -1;
	int64_t m2 = model(d, mv, "HK-HANGTRONG", "model", "political_system", "Tổ hòa giải “Ba cùng” phường Hàng Trống",
			   NULL, "Tổ hòa giải cùng nghe, cùng bàn, cùng làm với người dân ngay tại tổ dân phố.",
			   "Hòa giải thành trên 90% vụ việc ở cơ sở.", "41 vụ việc, 38 hòa giải thành (93%).",
			   "Chi bộ, Mặt trận, tổ hòa giải, người có uy tín");
	if (m2 < 0 || at(d, "2022-03-01", A) < 0 || simple(d, m2, "implement", NULL) < 0 ||
	    at(d, "2022-11-20", A) < 0 || simple(d, m2, "self_assess", "Hoàn thành mục tiêu.") < 0 ||
	    at(d, "2022-12-05", A) < 0 || score(d, m2, mv, 8, 9, "Tốt.") < 0 || at(d, "2022-12-15", A) < 0 ||
	    simple(d, m2, "recognise", NULL) < 0)
		return -1;
	/* 3. defence and security: evaluated, waiting for recognition */
	if (at(d, "2023-03-01", A) < 0)
		return -1;
	int64_t m3 = model(d, mv, "00049", "model", "defence_security", "Camera an ninh do người dân cùng góp",
			   NULL, "Các hộ trong ngõ cùng góp lắp camera, kết nối với Công an phường.",
			   "Mỗi ngõ có ít nhất một camera; giảm trộm cắp vặt.", "64 camera ở 23 ngõ; trộm cắp giảm 40%.",
			   "Công an phường, tổ dân phố, Hội Cựu chiến binh");
	if (m3 < 0 || at(d, "2023-03-10", A) < 0 || simple(d, m3, "implement", NULL) < 0 ||
	    at(d, "2023-11-20", A) < 0 || simple(d, m3, "self_assess", "Đạt mục tiêu.") < 0 ||
	    at(d, "2023-12-01", A) < 0 || score(d, m3, mv, 7, 8, "Cần thêm số liệu đối chứng.") < 0)
		return -1;
	/* 4. culture and society: implementing */
	if (at(d, "2024-02-15", A) < 0)
		return -1;
	int64_t m4 = model(d, mv, "00079", "model", "culture_society", "Lớp tiếng Anh miễn phí cho con em hộ nghèo",
			   NULL, "Đoàn viên, sinh viên tình nguyện dạy tiếng Anh các tối cuối tuần tại nhà văn hóa.",
			   "Mỗi năm 60 em được học.", "Khóa đầu: 48 em theo học đủ.", "Đoàn Thanh niên, Hội Khuyến học");
	if (m4 < 0 || at(d, "2024-03-01", A) < 0 || simple(d, m4, "implement", NULL) < 0)
		return -1;
	/* 5. economy: discontinued */
	if (at(d, "2022-04-01", A) < 0)
		return -1;
	int64_t m5 = model(d, mv, "00052", "model", "economy", "Vỉa hè thông thoáng, kinh doanh có trật tự", NULL,
			   "Các hộ kinh doanh tự sắp xếp lại vỉa hè theo vạch sơn.", "Dành 1,5 m vỉa hè cho người đi bộ.",
			   "Ba tuyến phố thực hiện.", "Tổ dân phố, hộ kinh doanh");
	if (m5 < 0 || at(d, "2023-05-01", A) < 0 ||
	    simple(d, m5, "discontinue", "Tuyến phố được thành phố cải tạo, mô hình không còn phù hợp.") < 0)
		return -1;
	/* commendations decided under NĐ 98/2023 */
	if (at(d, "2024-03-01", A) < 0)
		return -1;
	int64_t c1 = propose(d, "giay_khen_tap_the", 2023, "collective", "Ban quản lý chợ đêm Hàng Bạc", "00061",
			     "Xây dựng mô hình “Chợ đêm Hàng Bạc văn minh, an toàn” tiêu biểu.", m1);
	if (c1 < 0 || decide(d, c1, A, "2024-03-10", "2024-03-20", "215/QĐ-UBND", "Chủ tịch UBND quận Hoàn Kiếm") < 0)
		return -1;
	if (at(d, "2024-12-05", A) < 0)
		return -1;
	int64_t c2 = propose(d, "lao_dong_tien_tien", 2024, "individual", "Trần Văn Hùng", "00061",
			     "Hoàn thành tốt nhiệm vụ năm 2024.", 0);
	if (c2 < 0 || decide(d, c2, A, "2024-12-12", "2024-12-20", "1480/QĐ-UBND", "Chủ tịch UBND quận Hoàn Kiếm") < 0)
		return -1;
	d->district_mv = mv;
	d->m1 = m1;
	d->m2 = m2;
	return 0;
}

/* --- the ward's movement, from 1/7/2025 ------------------------------------------------- */

static int ward(struct demo *d)
{
	const char *L = "lanhdao.hoankiem", *F = "mattran.hoankiem", *H = "xuly.hoankiem", *V = "theodoi.hoankiem";
	if (at(d, "2025-07-15", L) < 0)
		return -1;
	int64_t mv = movement(d, json_pack("{s:s, s:s, s:s, s:s, s:[ssssss]}", "title",
					   "Dân vận khéo phường Hoàn Kiếm 2025–2026", "unit", "00070", "starts_on",
					   "2025-07-01", "ends_on", "2026-12-31", "units", "00070-MTTQ", "00070-PN",
					   "00070-DTN", "00070-CCB", "00070-TDP01", "00070-TDP04"));
	if (mv < 0 || council(d, mv, L, "00070", "chair") < 0 || council(d, mv, F, "00070-MTTQ", "member") < 0 ||
	    council(d, mv, H, "00070-UBND", "member") < 0 || council(d, mv, V, "00070", "member") < 0)
		return -1;
	/* 6. culture and society: exemplary, then commended (Giấy khen tập thể, NĐ 152/2025) */
	if (at(d, "2025-08-01", F) < 0)
		return -1;
	int64_t m6 = model(d, mv, "00070-DTN", "model", "culture_society", "Phố đi bộ Hồ Gươm xanh – sạch – đẹp", NULL,
			   "Đoàn viên thanh niên cùng người dân giữ vệ sinh, hướng dẫn du khách mỗi tối cuối tuần.",
			   "Không còn rác trên các tuyến phố đi bộ sau mỗi buổi tối.",
			   "104 buổi ra quân, 2.300 lượt đoàn viên; phản ánh về rác giảm 70%.",
			   "Đoàn Thanh niên, Hội Phụ nữ, tổ dân phố, hộ kinh doanh");
	if (m6 < 0 || at(d, "2025-08-05", F) < 0 || simple(d, m6, "implement", NULL) < 0 ||
	    at(d, "2026-03-01", F) < 0 || simple(d, m6, "self_assess", "Vượt mục tiêu về số buổi ra quân.") < 0 ||
	    at(d, "2026-03-10", L) < 0 || score(d, m6, mv, 9, 10, "Mô hình lan tỏa mạnh.") < 0 ||
	    at(d, "2026-03-11", H) < 0 || score(d, m6, mv, 8, 9, "Hiệu quả đo đếm được.") < 0 ||
	    at(d, "2026-03-12", V) < 0 || score(d, m6, mv, 8, 10, "Đồng tình.") < 0 || at(d, "2026-04-01", L) < 0 ||
	    simple(d, m6, "recognise", NULL) < 0 || at(d, "2026-06-01", L) < 0 ||
	    simple(d, m6, "select_exemplary", NULL) < 0)
		return -1;
	/* 7. economy: recognised */
	if (at(d, "2025-09-10", F) < 0)
		return -1;
	int64_t m7 = model(d, mv, "00070-PN", "model", "economy", "Tổ phụ nữ khởi nghiệp phố cổ", NULL,
			   "Hội Phụ nữ kết nối vốn vay ưu đãi và dạy bán hàng trực tuyến cho hội viên.",
			   "30 hội viên có thêm thu nhập ổn định.", "27 hội viên mở gian hàng trực tuyến; dư nợ 1,2 tỷ đồng.",
			   "Hội Phụ nữ, Ngân hàng Chính sách xã hội, Đoàn Thanh niên");
	if (m7 < 0 || at(d, "2025-09-15", F) < 0 || simple(d, m7, "implement", NULL) < 0 ||
	    at(d, "2026-02-20", F) < 0 || simple(d, m7, "self_assess", "Đạt mục tiêu.") < 0 ||
	    at(d, "2026-03-02", L) < 0 || score(d, m7, mv, 8, 9, "Tốt.") < 0 || at(d, "2026-03-03", H) < 0 ||
	    score(d, m7, mv, 7, 9, "Đạt.") < 0 || at(d, "2026-03-04", V) < 0 || score(d, m7, mv, 8, 8, "Đạt.") < 0 ||
	    at(d, "2026-04-01", L) < 0 || simple(d, m7, "recognise", NULL) < 0)
		return -1;
	/* 8. defence and security: self-assessed, one council score in (no quorum yet) */
	if (at(d, "2025-10-01", F) < 0)
		return -1;
	int64_t m8 = model(d, mv, "00070-CCB", "model", "defence_security",
			   "Cựu chiến binh cùng giữ gìn an ninh trật tự khu phố cổ", NULL,
			   "Hội viên cựu chiến binh tuần tra cùng Công an phường vào các dịp lễ hội.",
			   "Không để xảy ra điểm nóng về an ninh trật tự.", "36 buổi tuần tra; 12 vụ việc được phát hiện sớm.",
			   "Hội Cựu chiến binh, Công an phường");
	if (m8 < 0 || at(d, "2025-10-05", F) < 0 || simple(d, m8, "implement", NULL) < 0 ||
	    at(d, "2026-09-20", F) < 0 || simple(d, m8, "self_assess", "Đạt mục tiêu.") < 0 ||
	    at(d, "2026-10-01", L) < 0 || score(d, m8, mv, 8, 9, "Tốt.") < 0)
		return -1;
	/* 9. political system: registered (by the ward, for its residential group) */
	if (at(d, "2026-05-05", L) < 0)
		return -1;
	int64_t m9 = model(d, mv, "00070-TDP01", "model", "political_system",
			   "Chi bộ gắn với tổ dân phố: nghe dân nói mỗi tối thứ Sáu", NULL,
			   "Bí thư chi bộ và tổ trưởng tổ dân phố tiếp người dân tại nhà văn hóa mỗi tối thứ Sáu.",
			   "Mọi ý kiến được trả lời trong 10 ngày làm việc.", "Đang triển khai.", "Chi bộ, tổ dân phố, Mặt trận");
	if (m9 < 0)
		return -1;
	/* 10. an exemplar (a person): recognised */
	if (at(d, "2025-11-01", L) < 0)
		return -1;
	int64_t m10 = model(d, mv, "00070-TDP04", "exemplar", "culture_society",
			    "Tổ trưởng tổ dân phố gần dân, sát dân", "Bà Nguyễn Thị Mai",
			    "Vận động các hộ giữ nếp sống văn minh, hòa giải mâu thuẫn ngay từ cơ sở.",
			    "Tổ dân phố đạt danh hiệu văn hóa.", "100% hộ đạt gia đình văn hóa; 6 vụ hòa giải thành.",
			    "Tổ dân phố, Chi hội Phụ nữ");
	if (m10 < 0 || at(d, "2025-11-02", L) < 0 || simple(d, m10, "implement", NULL) < 0 ||
	    at(d, "2026-02-25", L) < 0 || simple(d, m10, "self_assess", "Đạt.") < 0 || at(d, "2026-03-05", L) < 0 ||
	    score(d, m10, mv, 9, 9, "Tiêu biểu.") < 0 || at(d, "2026-03-06", H) < 0 ||
	    score(d, m10, mv, 8, 10, "Tiêu biểu.") < 0 || at(d, "2026-03-07", V) < 0 ||
	    score(d, m10, mv, 9, 10, "Đồng tình.") < 0 || at(d, "2026-04-02", L) < 0 ||
	    simple(d, m10, "recognise", NULL) < 0)
		return -1;
	/* commendations under NĐ 152/2025 */
	const char *chair = "Chủ tịch UBND phường Hoàn Kiếm";
	if (at(d, "2025-12-10", L) < 0)
		return -1;
	int64_t c3 = propose(d, "lao_dong_tien_tien", 2025, "individual", "Phạm Quốc Việt", "00070-MTTQ",
			     "Hoàn thành tốt nhiệm vụ năm 2025.", 0);
	if (c3 < 0 || decide(d, c3, L, "2025-12-15", "2025-12-20", "88/QĐ-UBND", chair) < 0 || at(d, "2026-07-10", L) < 0)
		return -1;
	int64_t c4 = propose(d, "giay_khen_tap_the", 2026, "collective", "Đoàn Thanh niên phường Hoàn Kiếm", "00070-DTN",
			     "Xây dựng mô hình “Phố đi bộ Hồ Gươm xanh – sạch – đẹp” tiêu biểu.", m6);
	if (c4 < 0 || decide(d, c4, L, "2026-07-20", "2026-08-01", "412/QĐ-UBND", chair) < 0 || at(d, "2026-07-10", L) < 0)
		return -1;
	int64_t c5 = propose(d, "giay_khen_ho_gia_dinh", 2026, "household", "Hộ ông Lê Văn Cường", "00070-TDP04",
			     "Gương mẫu hiến đất mở rộng ngõ.", 0);
	if (c5 < 0 || decide(d, c5, L, "2026-07-20", "2026-08-01", "413/QĐ-UBND", chair) < 0)
		return -1;
	/* a higher award waiting out its public posting */
	if (at(d, "2026-09-01", L) < 0)
		return -1;
	int64_t c6 = propose(d, "bang_khen_tinh", 2026, "individual", "Nguyễn Thị Mai", "00070-TDP04",
			     "Điển hình “Tổ trưởng tổ dân phố gần dân, sát dân”.", m10);
	if (c6 < 0 || at(d, "2026-09-02", L) < 0 || comm(d, c6, json_pack("{s:s}", "type", "post")) < 0)
		return -1;
	return 0;
}

int emul_demo_generate(const struct app_ctx *base, int *made, char *err, size_t errlen)
{
	struct demo d = { .ctx = *base, .err = err, .errlen = errlen };
	d.ctx.actor = &d.actor;
	d.actor.name = "cli:demo";
	*made = 0;
	int64_t n = 0;
	if (emdb_movement_titled(base->db, DISTRICT_TITLE, &n) < 0) {
		snprintf(err, errlen, "cannot read the movements");
		return -1;
	}
	if (n)
		return 0;
	int rc = district(&d) < 0 || ward(&d) < 0 || district_fair(&d, d.district_mv, d.m1, d.m2) < 0 ? -1 : 0;
	*made = d.made;
	return rc;
}
