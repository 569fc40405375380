/*
 * cmd_migrate.c - 'danvan migrate --from DIR_OR_URL --to URL': copy a whole
 * installation into a new, empty database of either engine (SQLite ->
 * PostgreSQL and back) with store/copy.h, and print what was copied and
 * checked. The audit key is not copied: both use the same key file.
 */
#include "cli.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/db.h"

#include <errno.h>
#include <sys/stat.h>

static const char usage[] =
	"usage: danvan migrate --from DIR_OR_URL --to URL [--audit-key FILE]\n"
	"\n"
	"Copy a whole installation into a new, empty database: from SQLite to\n"
	"PostgreSQL (a province outgrowing one machine), or back. --from is a\n"
	"data directory (DIR/danvan.db), a SQLite file, or a postgresql:// URL;\n"
	"--to is a postgresql:// URL, a SQLite file (name ending in .db, or\n"
	"sqlite:PATH) or a directory (DIR/danvan.db; created if missing).\n"
	"\n"
	"The target gets this danvan's schema first and must then hold no data\n"
	"(create an empty database; do not run 'danvan init' or 'demo' on it);\n"
	"the source must be at the same schema version (run 'danvan init' on it\n"
	"with this danvan first). The source is only read (stop the servers, or\n"
	"what they write after the copy began is not in it). The copy is one\n"
	"transaction on the target: every table, row counts compared, the\n"
	"inbox counters rebuilt by the target and compared, identity sequences\n"
	"set, and the audit chain verified on the target before the commit; any\n"
	"difference leaves the target as it was. Then the search index is rebuilt.\n"
	"\n"
	"The audit key is not in any database: the target uses the same key file\n"
	"as the source (--audit-key, DANVAN_AUDIT_KEY, or DIR/audit.key of a\n"
	"--from directory, else ./data/audit.key). Keep using that file, or copy\n"
	"it beside a SQLite target as DIR/audit.key.\n"
	"\n"
	"options:\n"
	"  --from DIR_OR_URL  the installation to copy (required)\n"
	"  --to URL           the new database (required)\n"
	"  --audit-key FILE   the audit key of the source (also DANVAN_AUDIT_KEY)\n"
	"  --help             this help\n"
	"\n"
	"example:\n"
	"  createdb --encoding=UTF8 --locale=C --template=template0 danvan\n"
	"  danvan migrate --from /var/lib/danvan --to 'postgresql://danvan@/danvan?host=/run/postgresql'\n"
	"  DANVAN_DATABASE='postgresql://danvan@/danvan?host=/run/postgresql' \\\n"
	"      danvan serve --audit-key /var/lib/danvan/audit.key\n";

static int is_url(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11) ||
	       !strncmp(s, "sqlite:", 7) || strstr(s, "://") != NULL;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static struct db *open_side(const char *what, const char *url)
{
	char err[1024];
	struct db *db = db_open(url, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "danvan migrate: %s: %s\n", what, err);
		return NULL;
	}
	return db;
}

int cmd_migrate(int argc, char **argv)
{
	struct cli_common c;
	const char *from = NULL, *to = NULL;
	const struct cli_opt opts[] = {
		{ "--from", &from, NULL },
		{ "--to", &to, NULL },
		{ 0 },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	if (!from || !*from || !to || !*to) {
		fprintf(stderr, "danvan migrate: give both '--from DIR_OR_URL' and '--to URL'; "
				"see 'danvan migrate --help'\n");
		return 2;
	}

	/* the source: a URL, a SQLite file or a data directory */
	char src_url[4096], dst_url[4096];
	struct stat st;
	struct cli_common keyc = c;
	if (is_url(from)) {
		snprintf(src_url, sizeof(src_url), "%s", from);
	} else if (stat(from, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(src_url, sizeof(src_url), "%s/danvan.db", from);
		keyc.data = from;
		if (stat(src_url, &st) != 0) {
			fprintf(stderr, "danvan migrate: no database in %s (no %s)\n", from, src_url);
			return 1;
		}
	} else if (stat(from, &st) == 0) {
		snprintf(src_url, sizeof(src_url), "%s", from);
	} else {
		fprintf(stderr, "danvan migrate: --from %s: %s\n", from, strerror(errno));
		return 1;
	}

	/* the target: a URL, a SQLite file, or a directory (made if missing) */
	if (is_url(to) || ends_with(to, ".db") || (stat(to, &st) == 0 && !S_ISDIR(st.st_mode))) {
		snprintf(dst_url, sizeof(dst_url), "%s", to);
	} else {
		if (stat(to, &st) != 0 && mkdir(to, 0700) != 0) {
			fprintf(stderr, "danvan migrate: cannot create the directory %s: %s\n", to, strerror(errno));
			return 1;
		}
		snprintf(dst_url, sizeof(dst_url), "%s/danvan.db", to);
	}
	char safe_src[1024], safe_dst[1024];
	db_url_safe(src_url, safe_src, sizeof(safe_src));
	db_url_safe(dst_url, safe_dst, sizeof(safe_dst));
	if (!strcmp(src_url, dst_url)) {
		fprintf(stderr, "danvan migrate: --from and --to name the same database (%s)\n", safe_src);
		return 2;
	}

	if (cli_load_audit_key(&keyc, "migrate") < 0)
		return 1;
	char kbuf[4096];
	const char *keypath = cli_audit_key_path(&keyc, kbuf, sizeof(kbuf));

	struct db *src = open_side("source", src_url);
	if (!src)
		return 1;
	struct db *dst = open_side("target", dst_url);
	if (!dst) {
		db_close(src);
		return 1;
	}
	char err[1024];
	/* the source is read as it is: only its version is compared */
	if (db_migrate(dst, err, sizeof(err)) < 0) {
		fprintf(stderr, "danvan migrate: target %s: %s\n", safe_dst, err);
		db_close(dst);
		db_close(src);
		return 1;
	}

	fprintf(stderr, "copying %s (%s) into %s (%s)...\n", safe_src, db_engine(src), safe_dst, db_engine(dst));
	const char *src_engine = db_is_pg(src) ? "postgresql" : "sqlite";
	const char *dst_engine = db_is_pg(dst) ? "postgresql" : "sqlite";
	struct copy_report r;
	rc = copy_database(src, dst, &r);
	db_close(dst);
	db_close(src);
	if (rc != COPY_OK && rc != COPY_INDEX) {
		fprintf(stderr, "danvan migrate: %s\n", r.msg);
		if (rc == COPY_ERROR)
			fprintf(stderr, "nothing was written to the target\n");
		return 1;
	}

	printf("migrated %s (%s) -> %s (%s), schema version %d\n", safe_src, src_engine, safe_dst,
	       dst_engine, r.version);
	int64_t total = 0;
	for (int i = 0; i < r.ntables; i++) {
		printf("  %-24s %8lld rows%s\n", r.tables[i].name, (long long)r.tables[i].rows,
		       r.tables[i].derived ? " (counters rebuilt by the target, equal to the source's)"
					   : "");
		if (!r.tables[i].derived)
			total += r.tables[i].rows;
	}
	printf("row counts equal in every table (%lld rows); audit log intact on the target: %lld entries\n",
	       (long long)total, (long long)r.audit_entries);
	if (rc == COPY_INDEX) {
		fprintf(stderr, "danvan migrate: %s\n", r.msg);
		fprintf(stderr, "the copied items stay queued for the search index: 'danvan serve' on the "
				"target indexes them as it runs\n");
		return 1;
	}
	printf("search index rebuilt: %lld items\n", (long long)r.indexed);
	printf("the audit key is not in the database: the target uses the same key file, %s\n"
	       "  (serve the target with --audit-key %s, or copy it beside a SQLite target as DIR/audit.key)\n",
	       keypath, keypath);
	return 0;
}
