/*
 * reception_demo.c - `danvan demo`: a year of citizen reception in phường
 * Hoàn Kiếm (reception.h reception_demo_generate): the chairman's rule,
 * twice-monthly sessions, bookings in every status, petitions turned into
 * feedback items. Deterministic: the same day gives the same data.
 */
#include "app/reception.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#define DEMO_UNIT "00070"
#define DEMO_HOST "Chủ tịch UBND phường Hoàn Kiếm"

static const char *const names[] = {
	"Nguyễn Văn Thành", "Trần Thị Mai", "Lê Quang Huy", "Phạm Thị Hạnh", "Hoàng Văn Nam",
	"Vũ Thị Lan", "Đặng Minh Tuấn", "Bùi Thị Ngọc", "Đỗ Văn Hùng", "Ngô Thị Thu",
};

static const struct {
	const char *subject, *title, *category;
} topics[] = {
	{ "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho nhà số 12 ngõ Hàng Bông.",
	  "Chậm cấp giấy chứng nhận quyền sử dụng đất ngõ Hàng Bông", "dat-dai" },
	{ "Phản ánh công trình xây dựng trái phép tại phố Hàng Gai, gây nứt tường nhà bên cạnh.",
	  "Công trình xây dựng gây nứt tường nhà phố Hàng Gai", "xay-dung-trat-tu-do-thi" },
	{ "Kiến nghị về tiếng ồn của quán karaoke trên phố Lò Sũ sau 22 giờ.",
	  "Tiếng ồn quán karaoke phố Lò Sũ sau 22 giờ", "an-ninh-trat-tu" },
	{ "Đề nghị giải quyết chế độ trợ cấp cho người cao tuổi neo đơn tại tổ dân phố số 5.",
	  "Trợ cấp cho người cao tuổi neo đơn tổ dân phố số 5", "chinh-sach-xa-hoi" },
	{ "Phản ánh rác thải tồn đọng tại điểm tập kết đầu ngõ Tạm Thương.",
	  "Rác thải tồn đọng đầu ngõ Tạm Thương", "moi-truong" },
	{ "Khiếu nại về việc thu hồi một phần diện tích đất để mở rộng ngõ.",
	  "Thu hồi đất mở rộng ngõ chưa thoả đáng", "dat-dai" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A deterministic tracking code for the n-th demo petition, so SQLite
 * and PostgreSQL load the same items. */
static void demo_code(uint64_t n, char out[TRACKCODE_BUFSZ])
{
	trackcode_seeded(0x5EC3F71ULL, n, out);
}

int reception_demo_generate(const struct app_ctx *ctx, const char *officer, int *made, char *err, size_t errlen)
{
	*made = 0;
	struct account acc;
	if (account_get_by_username(ctx->db, officer, ctx->arena, &acc) != DB_OK) {
		snprintf(err, errlen, "no account '%s'", officer);
		return -1;
	}
	/* the officer's account (its roles decide), named as the demo loader in the audit log */
	const char *who = arena_printf(ctx->arena, "cli:demo:%s", officer);
	struct audit_actor off_actor = { .account_id = acc.id, .name = who ? who : "cli:demo", .addr = NULL };
	struct audit_actor citizen = { .account_id = 0, .name = "citizen", .addr = NULL };
	struct unit u;
	if (unit_get_by_code(ctx->db, ctx->arena, DEMO_UNIT, &u) != DB_OK) {
		snprintf(err, errlen, "no unit %s", DEMO_UNIT);
		return -1;
	}
	/* the rule: reuse the demo's when it is there */
	struct reception_rule *rules;
	size_t nr;
	int64_t rule_id = 0;
	if (reception_rule_list(ctx->db, ctx->arena, &u.id, 1, &rules, &nr) != DB_OK) {
		snprintf(err, errlen, "cannot read the reception rules");
		return -1;
	}
	for (size_t i = 0; i < nr && !rule_id; i++)
		if (!strcmp(rules[i].host, DEMO_HOST))
			rule_id = rules[i].id;
	struct app_errors errs = { 0 };
	if (!rule_id) {
		struct reception_rule_input in = { .unit = DEMO_UNIT, .host = DEMO_HOST, .weekday = 4,
						   .weeks = (1u << 1) | (1u << 3), .start_minute = 8 * 60,
						   .end_minute = 11 * 60, .capacity = 20,
						   .place = "Trụ sở UBND phường Hoàn Kiếm, phòng tiếp công dân" };
		if (reception_rule_create(ctx, &in, &rule_id, &errs) != APP_OK) {
			snprintf(err, errlen, "cannot create the reception rule: %s",
				 errs.n ? errs.items[0].message : "database error");
			return -1;
		}
	}
	int64_t today = vn_day_of(ctx->now);
	struct reception_generated g;
	if (reception_generate(ctx, rule_id, today - 330, today + 60, &g, &errs) != APP_OK) {
		snprintf(err, errlen, "cannot generate the reception sessions");
		return -1;
	}
	struct reception_session *s;
	size_t ns;
	if (reception_session_list(ctx->db, ctx->arena, &u.id, 1, vn_day_start(today - 331), vn_day_start(today + 61),
				   0, 0, 200, &s, &ns) != DB_OK) {
		snprintf(err, errlen, "cannot list the reception sessions");
		return -1;
	}
	/* idempotent: the demo's sessions already have their bookings */
	for (size_t i = 0; i < ns; i++)
		if (s[i].rule_id == rule_id && s[i].booked > 0)
			return 0;
	struct app_ctx cc = *ctx, oc = *ctx;
	cc.actor = &citizen;
	oc.actor = &off_actor;
	size_t k = 0;
	for (size_t i = 0; i < ns; i++) {
		if (s[i].rule_id != rule_id)
			continue;
		int past = s[i].starts_at < ctx->now;
		int nb = 3 + (int)(i % 2);
		struct reception_receipt r[4];
		for (int j = 0; j < nb; j++, k++) {
			char phone[16];
			snprintf(phone, sizeof(phone), "09%08u", (unsigned)(12345678 + k * 7919) % 100000000u);
			struct reception_booking_input in = { 0 };
			in.meeting = arena_printf(ctx->arena, "%lld", (long long)s[i].id);
			in.name = names[k % N(names)];
			in.phone = phone;
			in.subject = topics[k % N(topics)].subject;
			in.people = j == 2 && i % 3 == 0 ? 6 : 1;
			if (in.people > 1) {
				in.reps[0] = names[(k + 3) % N(names)];
				in.nreps = 1;
			}
			cc.now = s[i].starts_at - (int64_t)(3 + j) * 86400;
			if (!in.meeting || reception_book(&cc, &in, &r[j], &errs) != APP_OK) {
				snprintf(err, errlen, "cannot book a demo reception (%s)",
					 errs.n ? errs.items[0].message : "database error");
				return -1;
			}
			(*made)++;
		}
		if (past) {
			/* decided within the notice, then the day itself */
			oc.now = s[i].starts_at - 2 * 86400;
			int rc = reception_apply(&oc, r[0].code, RE_CONFIRM, NULL, &errs);
			if (rc == APP_OK && nb > 3)
				rc = reception_apply(&oc, r[3].code, RE_REFUSE,
						     "Nội dung đã được giải quyết đúng pháp luật, không tiếp lại.", &errs);
			oc.now = s[i].starts_at + 3600;
			if (rc == APP_OK)
				rc = reception_apply(&oc, r[0].code, RE_HOLD, NULL, &errs);
			if (rc == APP_OK)
				rc = reception_apply(&oc, r[1].code, RE_HOLD, NULL, &errs);
			if (rc == APP_OK)
				rc = reception_apply(&oc, r[2].code, RE_NO_SHOW, NULL, &errs);
			if (rc == APP_OK && i % 2 == 0) {
				struct feedback_input fi = { 0 };
				size_t t = (k + i) % N(topics);
				fi.title = topics[t].title;
				fi.body = topics[t].subject;
				fi.category = topics[t].category;
				struct feedback_receipt fr;
				oc.now = s[i].starts_at + 2 * 3600;
				char item[TRACKCODE_BUFSZ];
				demo_code((uint64_t)i, item);
				rc = reception_petition_coded(&oc, r[0].code, &fi, item, &fr, &errs);
			}
			if (rc != APP_OK) {
				snprintf(err, errlen, "cannot hold a demo reception (%d: %s)", rc,
					 errs.n ? errs.items[0].message : "database error");
				return -1;
			}
		} else {
			oc.now = ctx->now;
			int rc = reception_apply(&oc, r[0].code, RE_CONFIRM, NULL, &errs);
			cc.now = ctx->now;
			if (rc == APP_OK)
				rc = reception_cancel_public(&cc, r[2].code, r[2].secret);
			if (rc != APP_OK) {
				snprintf(err, errlen, "cannot decide a demo booking (%d)", rc);
				return -1;
			}
		}
	}
	return 0;
}
