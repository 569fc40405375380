/*
 * cmd_report.c - 'danvan report': a review report (sơ kết, tổng kết) of a
 * unit and its sub-units over any period, from the records, as JSON (the
 * API's summary), XLSX or Markdown. The same figures as the API and the
 * page (app/report.h, api/report_out.h).
 */
#include "cli.h"
#include "api/report_out.h"
#include "app/report.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/sbuf.h"
#include "store/audit.h"
#include "store/calendar_data.h"
#include "store/db.h"

#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: danvan report --unit CODE --from DATE --to DATE [--tree then|now]\n"
	"                     [--format json|xlsx|md] [--out FILE] [--data DIR] [--database URL]\n"
	"                     [--audit-key FILE]\n"
	"\n"
	"Write the review report (sơ kết, tổng kết) of a unit and all its sub-units\n"
	"for the days DATE to DATE (both included; YYYY-MM-DD or DD/MM/YYYY): every\n"
	"figure of the indicator catalogue (feedback received, answered, on time,\n"
	"overdue, mean working days, satisfied; meetings held by kind, voter\n"
	"petitions, dialogues against the yearly requirement, citizens received),\n"
	"with the previous period of the same length, the same period a year before,\n"
	"and the figures by sub-unit and by period (months, quarters or years).\n"
	"\n"
	"  --tree then   units as they stood: records stay with the unit that held\n"
	"                them, closed units appear as such (default)\n"
	"  --tree now    units as they are now: units closed by a merger or renaming\n"
	"                are counted in their successor, which is labelled so\n"
	"\n"
	"options:\n"
	"  --unit CODE       the unit reported on (required)\n"
	"  --from DATE       first day (required)\n"
	"  --to DATE         last day, included (required)\n"
	"  --tree then|now   see above (default then)\n"
	"  --format FMT      json (default: the API's summary), md (Markdown tables)\n"
	"                    or xlsx (a workbook; needs --out)\n"
	"  --out FILE        write there instead of standard output (xlsx: required)\n"
	"  --data DIR        data directory (default ./data)\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --audit-key FILE  the audit key (also DANVAN_AUDIT_KEY; default DIR/audit.key):\n"
	"                    every command that opens the database checks it\n"
	"  --help            this help\n"
	"\n"
	"examples:\n"
	"  danvan report --unit 00070 --from 2016-01-01 --to 2025-12-31 --tree now --format md\n"
	"  danvan report --unit 01 --from 2025-01-01 --to 2025-12-31 --format xlsx --out bc-2025.xlsx\n";

int cmd_report(int argc, char **argv)
{
	struct cli_common c;
	const char *unit = NULL, *from = NULL, *to = NULL, *tree = NULL, *format = NULL, *out_path = NULL;
	const struct cli_opt opts[] = {
		{ "--unit", &unit, NULL },   { "--from", &from, NULL },     { "--to", &to, NULL },
		{ "--tree", &tree, NULL },   { "--format", &format, NULL }, { "--out", &out_path, NULL },
		{ NULL, NULL, NULL },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	if (!format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "xlsx") && strcmp(format, "md")) {
		fprintf(stderr, "danvan report: --format must be json, xlsx or md; see 'danvan report --help'\n");
		return 2;
	}
	if (!strcmp(format, "xlsx") && (!out_path || !*out_path)) {
		fprintf(stderr, "danvan report: --format xlsx needs '--out FILE'\n");
		return 2;
	}
	if (!unit || !from || !to) {
		fprintf(stderr, "danvan report: '--unit', '--from' and '--to' are required; see 'danvan report --help'\n");
		return 2;
	}
	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	struct audit_actor actor = { .account_id = 0, .name = "cli:report", .addr = NULL };
	struct arena a;
	arena_init(&a, 1 << 20);
	struct calendar *cal = calendar_new();
	rc = 1;
	if (!cal || calendar_data_load(db, cal) < 0) {
		fprintf(stderr, "danvan report: cannot load the calendar\n");
		goto out;
	}
	cli_rollup_sync(db, cal, "report");
	struct app_ctx ctx = { .db = db, .cal = cal, .arena = &a, .actor = &actor, .now = (int64_t)time(NULL) };
	struct report_request rq = { .unit = unit, .from = from, .to = to, .tree = tree, .system = 1 };
	struct report r;
	struct app_errors errs = { 0 };
	int x = report_build(&ctx, &rq, &r, &errs);
	if (x == APP_NOT_FOUND) {
		fprintf(stderr, "danvan report: no unit '%s'\n", unit);
		goto out;
	}
	if (x == APP_VALIDATION) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "danvan report: --%s: %s\n", errs.items[i].field, errs.items[i].message);
		rc = 2;
		goto out;
	}
	if (x < 0) {
		fprintf(stderr, "danvan report: the report could not be made (database error)\n");
		goto out;
	}
	if (!strcmp(format, "xlsx")) {
		if (report_xlsx(&a, &r, out_path) < 0) {
			fprintf(stderr, "danvan report: cannot write '%s'\n", out_path);
			goto out;
		}
		rc = 0;
		goto out;
	}
	const char *text = NULL;
	if (!strcmp(format, "json")) {
		json_t *j = report_json(&a, &r);
		char *s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
		json_decref(j);
		if (s) {
			text = arena_strdup(&a, s);
			free(s);
		}
	} else {
		struct sbuf *sb = arena_sbuf(&a, 64 * 1024 * 1024);
		if (sb && report_markdown(&a, &r, sb) == 0)
			text = sb->buf;
	}
	if (!text) {
		fprintf(stderr, "danvan report: out of memory\n");
		goto out;
	}
	FILE *f = out_path && *out_path ? fopen(out_path, "w") : stdout;
	if (!f) {
		fprintf(stderr, "danvan report: cannot write '%s'\n", out_path);
		goto out;
	}
	fputs(text, f);
	fputc('\n', f);
	rc = (f == stdout ? fflush(f) : fclose(f)) == 0 ? 0 : 1;
out:
	calendar_free(cal);
	arena_release(&a);
	db_close(db);
	return rc;
}
