/*
 * cli.h - the danvan command line: `danvan COMMAND [OPTIONS]`.
 *
 * cli_main() dispatches to one cmd_*() per command; each returns the process
 * exit code: 0 success, 1 failure the message explains, 2 bad usage. Every
 * command answers --help. Messages go to stderr, start lower-case and say
 * what to do next.
 */
#ifndef DANVAN_CLI_H
#define DANVAN_CLI_H

#include <stddef.h>

struct audit_actor;
struct db;

int cli_main(int argc, char **argv);

/* Commands (argv[0] is the command name; options follow). */
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_report(int argc, char **argv);  /* reports */

/*
 * Options every command shares, read by cli_parse(): --data DIR (default
 * ./data, the database is DIR/danvan.db), --database URL (or the
 * DANVAN_DATABASE environment variable), which wins over --data, and
 * --audit-key FILE (or DANVAN_AUDIT_KEY), the audit log's key, by default
 * DIR/audit.key (see store/audit.h).
 */
struct cli_opt {
	const char *name;     /* "--username" */
	const char **value;   /* receives the argument; NULL for a flag */
	int *flag;            /* set to 1 for a flag */
};

struct cli_common {
	const char *data;      /* data directory */
	const char *database;  /* explicit URL or NULL */
	const char *audit_key; /* --audit-key FILE or $DANVAN_AUDIT_KEY, or NULL */
	int help;
};

/*
 * Parse argv[1..] against the common options plus `opts` (terminated by a
 * zeroed entry). Unknown options or missing values print a message naming
 * them and return 2; otherwise 0. --help / -h sets c->help.
 */
int cli_parse(int argc, char **argv, struct cli_common *c, const struct cli_opt *opts);

/* The database URL for these options: --database, $DANVAN_DATABASE or
 * DATA/danvan.db. Returned string is static or from argv; do not free. */
const char *cli_db_url(const struct cli_common *c, char *buf, size_t buflen);

/* The audit key file for these options: --audit-key, $DANVAN_AUDIT_KEY or
 * DATA/audit.key. Returned string is static, from argv or in buf. */
const char *cli_audit_key_path(const struct cli_common *c, char *buf, size_t buflen);

/*
 * Load the audit key (cli_audit_key_path()) for this process
 * (audit_set_key()). When the file is missing, prints what to do (restore
 * it from a backup, or run 'danvan init' once for a database from an older
 * danvan) and returns -1; -1 also when it cannot be read. Never creates a
 * key: a new key would make the existing log fail every check.
 */
int cli_load_audit_key(const struct cli_common *c, const char *cmd);  /* cmd names it in messages; may be NULL */

/*
 * Open the database for a command that needs an existing one: prints
 * "no database in DIR: run 'danvan init --data DIR' first" and returns NULL
 * when the SQLite file does not exist; migrates it otherwise (refusing a
 * database from a newer danvan); then loads the audit key
 * (cli_load_audit_key(), NULL when that fails). Also makes it the
 * db_thread() database. Close with db_close(). cli_open_db() with
 * need_key 0 skips the key (danvan backup, which must work without it).
 */
struct db *cli_open_existing(const struct cli_common *c);
struct db *cli_open_db(const struct cli_common *c, int need_key);

/* Print `text` (a usage block) to stdout. Returns 0 for convenience. */
int cli_usage(const char *text);

/*
 * The start of every command: cli_parse(), then `usage` for --help.
 * Returns -1 when the command goes on, else its exit code (2 after a
 * usage message, 0 after the help):
 *   int rc = cli_begin(argc, argv, &c, opts, usage);
 *   if (rc >= 0)
 *           return rc;
 */
int cli_begin(int argc, char **argv, struct cli_common *c, const struct cli_opt *opts, const char *usage);

/* The review reports' month and year roll-ups made to agree with cal
 * (store/rollup.h). A failure is only a warning on stderr (naming cmd):
 * reports then read the day table, exact but slower. */
struct calendar;
void cli_rollup_sync(struct db *db, const struct calendar *cal, const char *cmd);

/* The actor of the command line for the audit log: account 0, named
 * "cli:<login name>" (written into buf[len], which must outlive it). */
void cli_actor(struct audit_actor *actor, char *buf, size_t len);

#endif
