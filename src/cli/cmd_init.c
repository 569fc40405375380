/*
 * cmd_init.c - 'danvan init': create the data directory (mode 0700), the
 * database and the audit key, or bring an existing database up to the
 * current schema (and seal an older, unkeyed audit log) without touching
 * its data.
 */
#include "cli.h"
#include "core/calendar.h"
#include "store/audit.h"
#include "store/calendar_data.h"
#include "store/db.h"

#include <sodium.h>

#include <errno.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: danvan init [--data DIR] [--database URL] [--audit-key FILE]\n"
	"\n"
	"Create the data directory and an empty database in it, or, when the\n"
	"database already exists, migrate it to this version of danvan. Nothing\n"
	"is ever wiped: running it twice is safe.\n"
	"\n"
	"It also creates the audit key, DIR/audit.key (mode 0600), when there is\n"
	"none: a random secret that seals the audit log's hash chain, kept outside\n"
	"the database so that whoever can write the database cannot rewrite the\n"
	"log. Back it up once, apart from the database backups: without it the\n"
	"log cannot be checked nor written, and every danvan command that uses the\n"
	"database refuses to start. A database whose log is already keyed is\n"
	"never given a new key (restore the old one). An audit log from an older\n"
	"danvan (unkeyed) is checked and sealed with one keyed \"audit.seal\" entry.\n"
	"\n"
	"options:\n"
	"  --data DIR        data directory (default ./data), created with mode 0700;\n"
	"                    the database is DIR/danvan.db\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --audit-key FILE  the audit key (also DANVAN_AUDIT_KEY; default DIR/audit.key)\n"
	"  --help            this help\n"
	"\n"
	"example:\n"
	"  danvan init --data /var/lib/danvan\n"
	"  danvan demo --data /var/lib/danvan      # optional sample content\n"
	"  danvan serve --data /var/lib/danvan\n";

/* mkdir -p: parents 0755 (as umask allows), the directory itself 0700.
 * Sets *created when the last component was made here. */
static int make_dir(const char *dir, int *created)
{
	char path[4096];
	struct stat st;
	*created = 0;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "danvan init: '%s' exists and is not a directory\n", dir);
			return -1;
		}
		return 0;
	}
	int n = snprintf(path, sizeof(path), "%s", dir);
	if (n <= 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "danvan init: data directory name too long\n");
		return -1;
	}
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "danvan init: cannot create '%s': %s\n", path, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "danvan init: cannot create '%s': %s\n", path, strerror(errno));
		return -1;
	}
	*created = 1;
	return 0;
}

/*
 * Load the audit key, or create it when there is none and the log can take
 * a new one (empty, or unkeyed from an older danvan); then seal an unkeyed
 * log. Returns 0 or -1 (message printed).
 */
static int init_audit_key(struct db *db, const struct cli_common *c, const char *url)
{
	char path[4096], err[1024];
	unsigned char key[AUDIT_KEY_BYTES];
	const char *kp = cli_audit_key_path(c, path, sizeof(path));
	int rc = audit_key_load(kp, key, err, sizeof(err));
	if (rc == AUDIT_KEY_MISSING) {
		struct audit_report r;
		rc = audit_check_unkeyed(db, &r);
		if (rc < 0) {
			fprintf(stderr, "danvan init: %s\n", r.msg);
			return -1;
		}
		if (rc == 1) {
			fprintf(stderr, "danvan init: the audit log in %s is keyed (or broken at %s) but there is no "
					"audit key at '%s': restore the key from your backup (a new key would make the "
					"log fail every check), or say where it is with --audit-key FILE\n",
				url, r.msg, kp);
			return -1;
		}
		if (audit_key_create(kp, key, err, sizeof(err)) < 0) {
			fprintf(stderr, "danvan init: %s\n", err);
			return -1;
		}
		printf("created audit key %s (mode 0600): back it up once, apart from the database; "
		       "see 'danvan backup --help'\n", kp);
	} else if (rc < 0) {
		fprintf(stderr, "danvan init: %s\n", err);
		return -1;
	}
	audit_set_key(key);
	sodium_memzero(key, sizeof(key));

	struct audit_actor actor = { .account_id = 0, .name = "cli:init", .addr = NULL };
	struct audit_report r;
	int64_t sealed = 0;
	rc = audit_seal_legacy(db, &actor, &sealed, &r);
	if (rc != 0) {
		fprintf(stderr, "danvan init: cannot seal the audit log: %s%s\n", rc == 1 ? "broken at " : "",
			r.msg);
		return -1;
	}
	if (sealed > 0)
		printf("sealed the %lld audit log entries from before the audit key with a keyed entry\n",
		       (long long)sealed);
	return 0;
}

/* How many migrations the database records (a version merged in below the
 * highest one is applied without raising it). */
static int migrations_applied(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM schema_migrations");
	if (!st)
		return -1;
	int n = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

int cmd_init(int argc, char **argv)
{
	struct cli_common c;
	const struct cli_opt opts[] = { { 0 } };
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;

	char path[4096], err[1024], shown[1024];
	const char *url = cli_db_url(&c, path, sizeof(path));
	db_url_safe(url, shown, sizeof(shown)); /* what is printed: no password */
	int existed = 1;
	if (!c.database) {
		int created;
		if (make_dir(c.data, &created) < 0)
			return 1;
		if (created) {
			printf("created data directory %s (mode 0700)\n", c.data);
		} else {
			struct stat ds;
			if (stat(c.data, &ds) == 0 && (ds.st_mode & 077))
				fprintf(stderr, "warning: other users can reach %s (mode %03o); it holds password "
						"hashes and personal data: chmod 700 %s\n",
					c.data, (unsigned)(ds.st_mode & 0777), c.data);
		}
		struct stat st;
		existed = stat(path, &st) == 0;
	}
	/* the database and its WAL files hold password hashes and personal data */
	umask(077);
	struct db *db = db_open(url, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "danvan init: %s\n", err);
		return 1;
	}
	/* with a database server, the data directory still holds the audit
	 * key and the server's spool (DIR/tmp) */
	int made;
	if (c.database && make_dir(c.data, &made) < 0) {
		db_close(db);
		return 1;
	}
	int before = db_schema_version(db), applied_before = migrations_applied(db);
	if (before < 0) {
		fprintf(stderr, "danvan init: cannot read '%s': %s\n", shown, db_errmsg(db));
		db_close(db);
		return 1;
	}
	rc = db_migrate(db, err, sizeof(err));
	int after = rc == DB_OK ? db_schema_version(db) : -1, applied_after = migrations_applied(db);
	if (rc != DB_OK || after < 0) {
		db_close(db);
		fprintf(stderr, "danvan init: %s\n", rc != DB_OK ? err : "cannot read the schema version");
		return 1;
	}
	rc = init_audit_key(db, &c, url);
	if (rc == 0) {
		/* reports: the working-day calendar of the roll-ups (store/rollup.h) */
		struct calendar *cal = calendar_new();
		if (cal && calendar_data_load(db, cal) == 0)
			cli_rollup_sync(db, cal, "init");
		calendar_free(cal);
	}
	db_close(db);
	if (rc < 0)
		return 1;
	if (!existed || before == 0)
		printf("created database %s (schema version %d)\n", shown, after);
	else if (after > before || applied_after > applied_before)
		printf("migrated database %s from schema version %d to %d; data kept\n", shown, before, after);
	else
		printf("database %s is up to date (schema version %d); nothing to do\n", shown, after);
	if (c.database)
		printf("next: danvan demo --database URL, then danvan serve --database URL\n");
	else
		printf("next: danvan demo --data %s, then danvan serve --data %s\n", c.data, c.data);
	return 0;
}
