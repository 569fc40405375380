/*
 * cmd_demo.c - `danvan demo`: load the demo organisation (a slice of Hà Nội
 * before and after 1/7/2025), the feedback categories with their deadlines,
 * one officer account per role, and sample feedback over several years.
 * Idempotent: what is already there is left alone.
 */
#include "cli.h"
#include "app/article_demo.h"
#include "app/city_demo.h"
#include "app/auth.h"
#include "app/consultation.h" /* consultations */
#include "app/emulation.h"
#include "app/feedback.h"
#include "app/meeting_demo.h"
#include "app/org.h"
#include "app/perm.h"
#include "app/reception.h" /* citizen reception */
#include "app/report_demo.h" /* reports: ten years of history for large demos */
#include "core/arena.h"
#include "core/assets.h"
#include "core/calendar.h"
#include "core/parse.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/calendar_data.h"
#include "store/category.h"
#include "store/rollup.h" /* rollup_compact() */
#include "store/db.h"

#define DEMO_PASSWORD "demo-password"

static const char usage[] =
	"usage: danvan demo [--data DIR] [--items N] [--city]\n\n"
	"Load demo data into an initialised database (run 'danvan init' first):\n"
	"the organisation of Hà Nội's Hoàn Kiếm area before and after 1/7/2025,\n"
	"feedback categories with their deadlines, an officer account for every\n"
	"role (password '" DEMO_PASSWORD "'), and sample feedback in every status.\n"
	"Running it again adds nothing that is already there.\n\n"
	"options:\n"
	"  --data DIR     data directory (default ./data)\n"
	"  --items N      number of sample feedback items (default 600; the\n"
	"                 benchmark uses 1000000); above 10000 also meetings,\n"
	"                 consultations and comments, models, commendations and\n"
	"                 news over 2016 to today, in proportion\n"
	"  --city         also the rest of the city, for benchmarks at city scale:\n"
	"                 Hà Nội's 29 other districts (real names) with synthetic\n"
	"                 wards and communes (named 'dữ liệu thử', test data) until\n"
	"                 1/7/2025 and the new wards that absorbed them, each with\n"
	"                 its committees: about 3,300 units in all; the items and\n"
	"                 records spread over them\n";

static const struct demo_account {
	const char *username, *name, *role, *unit;
} demo_accounts[] = {
	{ "quantri", "Quản trị hệ thống", "admin", "01" },
	{ "lanhdao.hoankiem", "Nguyễn Thị Hoà", "leader", "00070" },
	{ "tiepnhan.hoankiem", "Trần Văn Khoa", "intake", "00070" },
	{ "xuly.hoankiem", "Lê Minh Thuỷ", "handler", "00070-UBND" },
	{ "mattran.hoankiem", "Phạm Quốc Việt", "front", "00070-MTTQ" },
	{ "theodoi.hoankiem", "Đỗ Thu Hương", "viewer", "00070" },
	{ "lanhdao.cuanam", "Vũ Đức Thắng", "leader", "00082" },
	{ "xuly.cuanam", "Hoàng Thị Lan", "handler", "00082-UBND" },
};

static int demo_units(const struct app_ctx *ctx)
{
	const struct asset *csv = asset_find("demo/units.csv");
	struct org_import_report rep;
	char line[256];
	if (!csv) {
		fprintf(stderr, "error: this build has no demo/units.csv\n");
		return -1;
	}
	int rc = org_import_csv(ctx, (const char *)csv->data, csv->len, 0, &rep);
	org_import_summary(&rep, line, sizeof(line));
	printf("units: %s\n", line);
	for (size_t i = 0; i < rep.nrejected; i++)
		fprintf(stderr, "  line %ld: %s\n", rep.rejected[i].line, rep.rejected[i].reason);
	return rc < 0 || rep.nrejected ? -1 : 0;
}

static int demo_account(const struct app_ctx *ctx, const struct demo_account *d, int *created)
{
	struct account acc;
	int rc = account_get_by_username(ctx->db, d->username, ctx->arena, &acc);
	if (rc == 0)
		return 0;
	if (rc != DB_NOTFOUND)
		return -1;
	struct app_errors errs = { 0 };
	int64_t id;
	if (db_begin(ctx->db) < 0)
		return -1;
	rc = auth_create_account_in_tx(ctx, d->username, d->name, DEMO_PASSWORD, &errs, &id);
	if (rc == APP_OK)
		rc = perm_grant_in_tx(ctx, id, d->unit, d->role, &errs);
	if (rc == APP_OK && db_commit(ctx->db) < 0)
		rc = APP_ERROR;
	if (rc < 0) {
		db_rollback(ctx->db);
		fprintf(stderr, "error: cannot create the demo account '%s' (%d)\n", d->username, rc);
		return -1;
	}
	(*created)++;
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	struct cli_common c;
	struct calendar *cal = NULL; /* the working-day calendar, loaded below; freed at out */
	const char *items_s = NULL;
	int city = 0;
	const struct cli_opt opts[] = {
		{ "--items", &items_s, NULL },
		{ "--city", NULL, &city },
		{ NULL, NULL, NULL },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	long items = 600;
	const char *small = getenv("DANVAN_DEMO_SMALL");
	if (small && small[0] == '1')
		items = 150;
	if (items_s && parse_long_str(items_s, 0, 100000000L, &items) < 0) {
		fprintf(stderr, "danvan demo: --items must be a number from 0 to 100000000\n");
		return 2;
	}
	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	struct audit_actor actor = { .account_id = 0, .name = "cli:demo", .addr = NULL };
	char err[512];
	int count = 0, created = 0;
	struct arena a;
	arena_init(&a, 65536);
	struct app_ctx ctx = { .db = db, .arena = &a, .actor = &actor, .now = (int64_t)time(NULL) };
	rc = 1;
	if (demo_units(&ctx) < 0)
		goto out;
	long city_units = 0;
	if (city && city_demo_generate(&ctx, &city_units, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: the rest of the city: %s\n", err);
		goto out;
	}
	if (city)
		printf("the rest of the city: %ld units (synthetic wards and communes)\n", city_units);
	if (category_import_demo(db, &actor, &count, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: categories: %s\n", err);
		goto out;
	}
	printf("categories: %d\n", count);
	for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++)
		if (demo_account(&ctx, &demo_accounts[i], &created) < 0)
			goto out;
	printf("accounts: %d new\n", created);

	cal = calendar_new();
	if (calendar_data_load(db, cal) < 0) {
		fprintf(stderr, "error: cannot load the calendar\n");
		goto out;
	}
	ctx.cal = cal;
	cli_rollup_sync(db, cal, "demo"); /* reports: the roll-ups' calendar before the first item */
	int made = 0;
	int frc = feedback_demo_generate(&ctx, (int)items, 20250701, &made, err, sizeof(err));
	if (frc < 0) {
		fprintf(stderr, "error: sample feedback: %s\n", err);
		goto out;
	}
	printf("feedback: %d new items\n", made);
	/* citizen reception (app/reception_demo.c) */
	int rmade = 0;
	frc = reception_demo_generate(&ctx, "tiepnhan.hoankiem", &rmade, err, sizeof(err));
	if (frc < 0) {
		fprintf(stderr, "error: citizen reception: %s\n", err);
		goto out;
	}
	printf("reception: %d new bookings\n", rmade);
	/* consultations on drafts (app/consultation_demo.c) */
	if (consult_demo_generate(&ctx, &made, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: sample consultations: %s\n", err);
		goto out;
	}
	printf("consultations: %d new drafts\n", made);
	/* news: the demo's articles (app/article_demo.h) */
	if (article_demo_generate(&ctx, &made, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: sample news: %s\n", err);
		goto out;
	}
	printf("news: %d new articles\n", made);
	/* emulation and commendation (app/emulation_demo.c) */
	if (emul_demo_generate(&ctx, &made, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: emulation: %s\n", err);
		goto out;
	}
	printf("emulation: %d new records\n", made);
	/* meetings (app/meeting_demo.c) */
	if (meeting_demo_generate(&ctx, &made, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: sample meetings: %s\n", err);
		goto out;
	}
	printf("meetings: %d new\n", made);
	/* news: the articles linked to the models and meetings just made */
	if (article_demo_links(&ctx, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: sample news links: %s\n", err);
		goto out;
	}
	/* reports: above REPORT_DEMO_MIN items, ten years of every kind of record in proportion */
	struct report_demo_made rmd;
	if (report_demo_generate(&ctx, items, &rmd, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: report history: %s\n", err);
		goto out;
	}
	if (rmd.meetings || rmd.articles)
		printf("history: %ld meetings, %ld consultations with %ld comments, %ld models, %ld commendations, "
		       "%ld articles\n", rmd.meetings, rmd.consultations, rmd.comments, rmd.models, rmd.commendations,
		       rmd.articles);
	if (rollup_compact(db) < 0) {
		fprintf(stderr, "error: cannot compact the report roll-ups: %s\n", db_errmsg(db));
		goto out;
	}
	printf("\ndemo logins (password '%s'):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++)
		printf("  %-20s %-8s at %s\n", demo_accounts[i].username, demo_accounts[i].role, demo_accounts[i].unit);
	rc = 0;
out:
	calendar_free(cal);
	arena_release(&a);
	db_global_shutdown();
	return rc;
}
