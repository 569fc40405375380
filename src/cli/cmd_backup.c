/*
 * cmd_backup.c - 'danvan backup': a consistent copy of the live database
 * into a new file (SQLite online backup), safe while the server runs, and
 * a reminder that the audit key is not in it.
 */
#include "cli.h"
#include "store/db.h"

#include <errno.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: danvan backup --to FILE [--data DIR] [--database URL] [--audit-key FILE]\n"
	"\n"
	"Write a consistent copy of the database into FILE, a new file (an\n"
	"existing one is never overwritten). Safe while 'danvan serve' runs:\n"
	"the copy is the database as it was at one moment. The copy is a\n"
	"self-contained SQLite file readable only by its owner (mode 0600); it\n"
	"holds password hashes and citizens' personal data, so store it as\n"
	"carefully as the data directory. To restore, stop the server and put\n"
	"the copy in place of DIR/danvan.db.\n"
	"\n"
	"The audit key (DIR/audit.key, or --audit-key / DANVAN_AUDIT_KEY) is not\n"
	"in the copy, on purpose: whoever holds both could rewrite the audit log.\n"
	"It never changes, so back it up once, somewhere else than the database\n"
	"copies (e.g. printed in a safe, or on a separate medium), and restore it\n"
	"beside a restored database: without it 'danvan serve' refuses to start\n"
	"and the log cannot be checked. 'danvan backup' works without the key.\n"
	"\n"
	"options:\n"
	"  --to FILE         the file to create (required)\n"
	"  --data DIR        data directory (default ./data)\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --audit-key FILE  where the audit key is, for the reminder (default DIR/audit.key)\n"
	"  --help            this help\n"
	"\n"
	"example:\n"
	"  danvan backup --data /var/lib/danvan --to /backup/danvan-$(date +%F).db\n";

int cmd_backup(int argc, char **argv)
{
	struct cli_common c;
	const char *to = NULL;
	const struct cli_opt opts[] = {
		{ "--to", &to, NULL },
		{ 0 },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	if (!to || !*to) {
		fprintf(stderr, "danvan backup: missing '--to FILE'; see 'danvan backup --help'\n");
		return 2;
	}
	struct stat st;
	if (stat(to, &st) == 0) {
		fprintf(stderr, "danvan backup: '%s' already exists; choose a new file name\n", to);
		return 1;
	}
	struct db *db = cli_open_db(&c, 0);
	if (!db)
		return 1;
	char err[1024];
	umask(077);
	rc = db_backup(db, to, err, sizeof(err));
	db_global_shutdown();
	if (rc != DB_OK) {
		fprintf(stderr, "danvan backup: %s\n", err);
		return 1;
	}
	if (stat(to, &st) != 0) {
		fprintf(stderr, "danvan backup: cannot find '%s' after writing it: %s\n", to, strerror(errno));
		return 1;
	}
	double kib = (double)st.st_size / 1024.0;
	if (kib < 1024.0)
		printf("wrote %s (%lld bytes, %.1f KiB)\n", to, (long long)st.st_size, kib);
	else
		printf("wrote %s (%lld bytes, %.1f MiB)\n", to, (long long)st.st_size, kib / 1024.0);
	char kpath[4096];
	const char *kp = cli_audit_key_path(&c, kpath, sizeof(kpath));
	if (stat(kp, &st) == 0)
		printf("the audit key %s is not in the copy: keep one copy of it apart from the backups "
		       "(it never changes)\n", kp);
	else
		fprintf(stderr, "warning: no audit key at %s: the audit log cannot be checked without it; "
				"find the key (--audit-key FILE) or restore it from a backup\n", kp);
	return 0;
}
