/*
 * cli.c - the command dispatcher, the shared option parser and help texts
 * of the danvan command line.
 */
#include "cli.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/rollup.h"

#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create the data directory and database, or migrate an existing one" },
	{ "demo", cmd_demo, "load the demo organisation, categories, accounts and sample content" },
	{ "serve", cmd_serve, "serve the web site and the JSON API over HTTP" },
	{ "user", cmd_user, "manage officer accounts (user add)" },
	{ "unit", cmd_unit, "manage the organisation tree (unit import FILE.csv)" },
	{ "audit", cmd_audit, "check the audit log's keyed hash chain (audit verify, audit head)" },
	{ "backup", cmd_backup, "write a consistent copy of the live database" },
	{ "migrate", cmd_migrate, "copy the whole installation into a new database (SQLite <-> PostgreSQL)" },
	/* reports */
	{ "report", cmd_report, "a review report of a unit over any period (json, xlsx, md)" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int main_usage(FILE *f)
{
	fprintf(f, "usage: danvan COMMAND [OPTIONS]\n\n"
		   "danvan - nền tảng công tác dân vận: phản ánh, kiến nghị và trả lời người dân.\n\n"
		   "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-8s %s\n", "help", "show help for a command (danvan help COMMAND)");
	fprintf(f, "\ncommon options:\n"
		   "  --data DIR        data directory (default ./data; database DIR/danvan.db)\n"
		   "  --database URL    database to use instead (also DANVAN_DATABASE)\n"
		   "  --audit-key FILE  the audit log's key (also DANVAN_AUDIT_KEY; default DIR/audit.key)\n"
		   "  --help            help for the command\n\n"
		   "exit codes: 0 success, 1 failure (the message says why), 2 bad usage\n"
		   "start here: danvan init --data ./data && danvan demo --data ./data && danvan serve --data ./data\n");
	return 0;
}

int cli_usage(const char *text)
{
	fputs(text, stdout);
	return 0;
}

int cli_main(int argc, char **argv)
{
	if (argc < 2) {
		main_usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
		if (argc >= 3 && strcmp(name, "help") == 0) {
			for (size_t i = 0; i < NCOMMANDS; i++) {
				if (!strcmp(commands[i].name, argv[2])) {
					char *hargv[] = { argv[2], (char *)"--help", NULL };
					return commands[i].fn(2, hargv);
				}
			}
			fprintf(stderr, "danvan: no command '%s'; run 'danvan help' for the list\n", argv[2]);
			return 2;
		}
		return main_usage(stdout);
	}
	if (!strcmp(name, "--version") || !strcmp(name, "version")) {
		printf("danvan 0.1\n");
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "danvan: '%s' is not a command; run 'danvan help' for the list\n", name);
	return 2;
}

int cli_parse(int argc, char **argv, struct cli_common *c, const struct cli_opt *opts)
{
	c->data = "./data";
	c->database = getenv("DANVAN_DATABASE");
	if (c->database && !*c->database)
		c->database = NULL;
	c->audit_key = getenv("DANVAN_AUDIT_KEY");
	if (c->audit_key && !*c->audit_key)
		c->audit_key = NULL;
	c->help = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *eq = strchr(a, '=');
		size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
		const char *val = eq ? eq + 1 : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			c->help = 1;
			continue;
		}
		const char **dst = NULL;
		int *flag = NULL;
		if (nlen == 6 && !strncmp(a, "--data", nlen))
			dst = &c->data;
		else if (nlen == 10 && !strncmp(a, "--database", nlen))
			dst = &c->database;
		else if (nlen == 11 && !strncmp(a, "--audit-key", nlen))
			dst = &c->audit_key;
		for (const struct cli_opt *o = opts; !dst && !flag && o && o->name; o++) {
			if (strlen(o->name) == nlen && !strncmp(a, o->name, nlen)) {
				dst = o->value;
				flag = o->flag;
			}
		}
		if (flag) {
			if (val) {
				fprintf(stderr, "danvan %s: option '%.*s' takes no value\n", argv[0], (int)nlen, a);
				return 2;
			}
			*flag = 1;
			continue;
		}
		if (!dst) {
			fprintf(stderr, "danvan %s: unknown option '%s'; see 'danvan %s --help'\n", argv[0], a, argv[0]);
			return 2;
		}
		if (!val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "danvan %s: option '%s' needs a value\n", argv[0], a);
				return 2;
			}
			val = argv[++i];
		}
		*dst = val;
	}
	return 0;
}

const char *cli_db_url(const struct cli_common *c, char *buf, size_t buflen)
{
	if (c->database)
		return c->database;
	snprintf(buf, buflen, "%s/danvan.db", c->data);
	return buf;
}

const char *cli_audit_key_path(const struct cli_common *c, char *buf, size_t buflen)
{
	if (c->audit_key)
		return c->audit_key;
	snprintf(buf, buflen, "%s/audit.key", c->data);
	return buf;
}

int cli_load_audit_key(const struct cli_common *c, const char *cmd)
{
	char path[4096], err[1024];
	unsigned char key[AUDIT_KEY_BYTES];
	const char *kp = cli_audit_key_path(c, path, sizeof(path));
	int rc = audit_key_load(kp, key, err, sizeof(err));
	if (rc == AUDIT_KEY_MISSING) {
		fprintf(stderr, "%s%s: no audit key at '%s': the audit log cannot be written or checked "
				"without it.\n"
				"  if this database has been used before, restore '%s' from your backup\n"
				"  (a new key would make the whole log fail 'danvan audit verify');\n"
				"  for a database from an older danvan, run 'danvan init' once to create it;\n"
				"  if the key is kept elsewhere, say where: --audit-key FILE or DANVAN_AUDIT_KEY\n",
			cmd ? "danvan " : "", cmd ? cmd : "error", kp, kp);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, "%s%s: %s\n", cmd ? "danvan " : "", cmd ? cmd : "error", err);
		return -1;
	}
	audit_set_key(key);
	sodium_memzero(key, sizeof(key));
	return 0;
}

struct db *cli_open_existing(const struct cli_common *c)
{
	return cli_open_db(c, 1);
}

struct db *cli_open_db(const struct cli_common *c, int need_key)
{
	char path[4096], err[1024];
	const char *url = cli_db_url(c, path, sizeof(path));
	if (!c->database) {
		struct stat st;
		if (stat(path, &st) != 0) {
			fprintf(stderr, "no database in %s: run 'danvan init --data %s' first\n", c->data, c->data);
			return NULL;
		}
	}
	if (db_global_init(url, err, sizeof(err)) < 0) {
		fprintf(stderr, "error: %s\n", err);
		return NULL;
	}
	struct db *db = db_thread();
	if (!db)
		return NULL; /* db_thread() said why, naming the URL without its password */
	int rc = db_migrate(db, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "error: %s\n", err);
		return NULL;
	}
	if (need_key && cli_load_audit_key(c, NULL) < 0)
		return NULL;
	return db;
}

int cli_begin(int argc, char **argv, struct cli_common *c, const struct cli_opt *opts, const char *usage)
{
	int rc = cli_parse(argc, argv, c, opts);
	if (rc)
		return rc;
	if (c->help)
		return cli_usage(usage);
	return -1;
}

void cli_actor(struct audit_actor *actor, char *buf, size_t len)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *who = pw && pw->pw_name ? pw->pw_name : getenv("USER");
	snprintf(buf, len, "cli:%s", who && *who ? who : "unknown");
	actor->account_id = 0;
	actor->name = buf;
	actor->addr = NULL;
}

void cli_rollup_sync(struct db *db, const struct calendar *cal, const char *cmd)
{
	char err[512];
	if (rollup_sync(db, cal, err, sizeof(err)) < 0)
		fprintf(stderr, "warning: %s: the report roll-ups: %s (reports read the daily figures)\n", cmd, err);
}
