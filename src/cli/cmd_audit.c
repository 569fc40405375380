/*
 * cmd_audit.c - 'danvan audit verify' recomputes the audit log's keyed hash
 * chain (optionally against an anchored head) and names the first bad
 * entry; 'danvan audit head' prints the head to anchor elsewhere.
 */
#include "cli.h"
#include "store/audit.h"
#include "store/db.h"

static const char usage[] =
	"usage: danvan audit verify [--head ID:HASH] [--data DIR] [--database URL] [--audit-key FILE]\n"
	"       danvan audit head [--data DIR] [--database URL] [--audit-key FILE]\n"
	"\n"
	"verify: check that the audit log is whole. Every entry's hash is keyed\n"
	"with the audit key (DIR/audit.key, kept outside the database) and must\n"
	"match its contents and link to the entry before it, so an edited,\n"
	"deleted, inserted or reordered entry is found, and so is a chain\n"
	"recomputed by someone without the key. Exits 0 and prints\n"
	"\"audit log intact: N entries\", or exits 1 and prints\n"
	"\"audit log broken at entry #ID: ...\" naming the first bad entry.\n"
	"Entries cut from the very end leave no trace in the chain itself: with\n"
	"--head, the entry the head names must still be there with that hash.\n"
	"\n"
	"head: print the current head, \"ID:HASH\" (the last entry's id and hash),\n"
	"on one line. Keep it somewhere the server cannot write (a ticket, a\n"
	"mail, another machine), e.g. daily from cron, and check later with\n"
	"'danvan audit verify --head ID:HASH'.\n"
	"\n"
	"options:\n"
	"  --head ID:HASH    verify: a head printed earlier by 'danvan audit head'\n"
	"  --data DIR        data directory (default ./data)\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --audit-key FILE  the audit key (also DANVAN_AUDIT_KEY; default DIR/audit.key)\n"
	"  --help            this help\n"
	"\n"
	"example:\n"
	"  danvan audit head --data /var/lib/danvan >> /mnt/elsewhere/danvan-heads.txt\n"
	"  danvan audit verify --data /var/lib/danvan --head \"$(tail -n1 /mnt/elsewhere/danvan-heads.txt)\"\n";

static int audit_verify_cmd(int argc, char **argv)
{
	struct cli_common c;
	const char *head = NULL;
	const struct cli_opt opts[] = { { "--head", &head, NULL }, { 0 } };
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	struct audit_head anchor;
	if (head && audit_head_parse(head, &anchor) < 0) {
		fprintf(stderr, "danvan audit verify: '--head %s' is not a head: give ID:HASH as printed by "
				"'danvan audit head'\n", head);
		return 2;
	}

	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	struct audit_report r;
	rc = audit_check(db, head ? &anchor : NULL, &r);
	db_global_shutdown();
	if (rc < 0) {
		fprintf(stderr, "danvan audit verify: %s\n", r.msg);
		return 1;
	}
	if (rc == 1) {
		/* r.msg is "entry #ID: why" */
		fprintf(stderr, "audit log broken at %s\n", r.msg);
		fprintf(stderr, "keep this database for investigation and compare it with a backup\n");
		return 1;
	}
	printf("audit log intact: %lld %s", (long long)r.count, r.count == 1 ? "entry" : "entries");
	if (r.legacy)
		printf(" (the first %lld from before the audit key, sealed)", (long long)r.legacy);
	if (head)
		printf("; the anchored head #%lld is in it", (long long)anchor.id);
	printf("\n");
	return 0;
}

static int audit_head_cmd(int argc, char **argv)
{
	struct cli_common c;
	const struct cli_opt opts[] = { { 0 } };
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	struct audit_head h;
	char err[512], out[AUDIT_HEAD_CHARS + 1];
	rc = audit_head(db, &h, err, sizeof(err));
	db_global_shutdown();
	if (rc != 0) {
		fprintf(stderr, "danvan audit head: %s\n", err);
		return 1;
	}
	audit_head_format(&h, out);
	printf("%s\n", out);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc < 2) {
			fputs(usage, stderr);
			return 2;
		}
		return cli_usage(usage);
	}
	if (!strcmp(argv[1], "verify")) {
		argv[1] = (char *)"audit verify";
		return audit_verify_cmd(argc - 1, argv + 1);
	}
	if (!strcmp(argv[1], "head")) {
		argv[1] = (char *)"audit head";
		return audit_head_cmd(argc - 1, argv + 1);
	}
	fprintf(stderr, "danvan audit: unknown subcommand '%s'; see 'danvan audit --help'\n", argv[1]);
	return 2;
}
