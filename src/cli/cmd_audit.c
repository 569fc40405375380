/*
 * cmd_audit.c - 'danvan audit verify': recompute the audit log's hash chain
 * and say whether it is intact or name the first entry that is not.
 */
#include "cli.h"
#include "store/audit.h"
#include "store/db.h"

static const char usage[] =
	"usage: danvan audit verify [--data DIR] [--database URL]\n"
	"\n"
	"Check that the audit log is whole: every entry's hash must match its\n"
	"contents and link to the entry before it, so an edited, deleted,\n"
	"inserted or reordered entry is found. Exits 0 and prints\n"
	"\"audit log intact: N entries\", or exits 1 and prints\n"
	"\"audit log broken at entry #ID: ...\" naming the first bad entry.\n"
	"(Entries cut from the very end leave no trace in the chain itself; keep\n"
	"backups, see 'danvan backup', to compare against.)\n"
	"\n"
	"options:\n"
	"  --data DIR        data directory (default ./data)\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --help            this help\n"
	"\n"
	"example:\n"
	"  danvan audit verify --data /var/lib/danvan\n";

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2) {
			fputs(usage, stderr);
			return 2;
		}
		return cli_usage(usage);
	}
	if (strcmp(argv[1], "verify") != 0) {
		fprintf(stderr, "danvan audit: unknown subcommand '%s'; see 'danvan audit --help'\n", argv[1]);
		return 2;
	}
	argv[1] = (char *)"audit verify";
	struct cli_common c;
	const struct cli_opt opts[] = { { 0 } };
	int rc = cli_parse(argc - 1, argv + 1, &c, opts);
	if (rc)
		return rc;
	if (c.help)
		return cli_usage(usage);

	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	int64_t bad = 0, count = 0;
	char err[512];
	rc = audit_verify(db, &bad, &count, err, sizeof(err));
	db_global_shutdown();
	if (rc < 0) {
		fprintf(stderr, "danvan audit verify: %s\n", err);
		return 1;
	}
	if (rc == 1) {
		/* err is "entry #ID: why" */
		fprintf(stderr, "audit log broken at %s\n", err);
		fprintf(stderr, "entries before #%lld are intact; keep this database for investigation "
				"and compare it with a backup\n", (long long)bad);
		return 1;
	}
	printf("audit log intact: %lld %s\n", (long long)count, count == 1 ? "entry" : "entries");
	return 0;
}
