/*
 * cmd_user.c - 'danvan user': create officer accounts with their first role
 * (in one transaction), reset a password, disable or enable an account, all
 * from the command line and audited as "cli:<login name>".
 */
#include "cli.h"
#include "app/auth.h"
#include "app/ctx.h"
#include "app/perm.h"
#include "core/arena.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#include <errno.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>

/* A password line: AUTH_PASSWORD_MAX characters of up to 4 bytes, newline, NUL. */
#define LINE_MAX_BYTES (AUTH_PASSWORD_MAX * 4 + 2)

static const char usage[] =
	"usage: danvan user add --username U --role ROLE --unit CODE [--name \"Họ và tên\"]\n"
	"       danvan user passwd --username U\n"
	"       danvan user disable --username U\n"
	"       danvan user enable --username U\n"
	"       (each also takes --data DIR or --database URL)\n"
	"\n"
	"add      create an officer account and grant it ROLE in unit CODE, together\n"
	"         (if the grant fails, no account is created)\n"
	"passwd   set a new password (an administrator's reset); ends the account's\n"
	"         sessions and API tokens\n"
	"disable  stop an account from logging in and end its sessions; enable undoes it\n"
	"\n"
	"The password is read from standard input: the first line, without its line\n"
	"end. When standard input is a terminal it is asked for twice, not echoed.\n"
	"It needs at least 10 characters.\n"
	"\n"
	"options:\n"
	"  --username U      lower-case letters a-z, digits, '.', '_', '-'; 3 to 40 characters\n"
	"  --role ROLE       admin, leader, intake, handler, front or viewer\n"
	"  --unit CODE       code of an open unit in the organisation tree\n"
	"  --name TEXT       display name (default: the username)\n"
	"  --data DIR        data directory (default ./data)\n"
	"  --database URL    use this database instead (also DANVAN_DATABASE)\n"
	"  --help            this help\n"
	"\n"
	"examples:\n"
	"  danvan user add --data ./data --username admin --role admin --unit 01 \\\n"
	"                  --name \"Quản trị hệ thống\"\n"
	"  printf '%s\\n' \"$PASSWORD\" | danvan user add --username nguyenvana \\\n"
	"                  --role handler --unit 00070 --name \"Nguyễn Văn A\"\n"
	"  danvan user disable --username nguyenvana\n";

/* Read one line from f into buf; strip the line end. -1 at EOF before any
 * byte, -2 when the line does not fit. */
static int read_line(FILE *f, char *buf, size_t len)
{
	if (!fgets(buf, (int)len, f))
		return -1;
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return -2;
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return 0;
}

/* Prompt on the terminal with echo off. */
static int prompt_hidden(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	int have_tc = tcgetattr(STDIN_FILENO, &old) == 0;
	fputs(prompt, stderr);
	fflush(stderr);
	if (have_tc) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	int rc = read_line(stdin, buf, len);
	if (have_tc)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The new password into buf[LINE_MAX_BYTES]; 0, or 1 after a message. */
static int read_password(const char *cmd, const char *username, char *buf)
{
	if (isatty(STDIN_FILENO)) {
		char again[LINE_MAX_BYTES];
		char prompt[128];
		snprintf(prompt, sizeof(prompt), "new password for '%s': ", username);
		int rc = prompt_hidden(prompt, buf, LINE_MAX_BYTES);
		if (rc == 0)
			rc = prompt_hidden("the same password again: ", again, sizeof(again));
		int same = rc == 0 && strcmp(buf, again) == 0;
		sodium_memzero(again, sizeof(again));
		if (rc == -2) {
			fprintf(stderr, "danvan %s: the password is too long (at most %d characters)\n", cmd,
				AUTH_PASSWORD_MAX);
			return 1;
		}
		if (rc < 0) {
			fprintf(stderr, "danvan %s: no password given\n", cmd);
			return 1;
		}
		if (!same) {
			fprintf(stderr, "danvan %s: the two passwords differ; nothing changed\n", cmd);
			return 1;
		}
	} else {
		int rc = read_line(stdin, buf, LINE_MAX_BYTES);
		if (rc == -2) {
			fprintf(stderr, "danvan %s: the password is too long (at most %d characters)\n", cmd,
				AUTH_PASSWORD_MAX);
			return 1;
		}
		if (rc < 0 || !*buf) {
			fprintf(stderr, "danvan %s: no password on standard input: give it as the first line, "
					"e.g. printf '%%s\\n' \"$PASSWORD\" | danvan %s ...\n", cmd, cmd);
			return 1;
		}
	}
	return 0;
}

static int need(const char *cmd, const char *opt, const char *value)
{
	if (value && *value)
		return 0;
	fprintf(stderr, "danvan %s: missing '%s'; see 'danvan user --help'\n", cmd, opt);
	return 2;
}

/* Print each field message of errs; returns 1. */
static int print_errors(const char *cmd, const struct app_errors *e)
{
	static const char *const fields[][2] = {
		{ "username", "username" }, { "display_name", "name" }, { "password", "password" },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *msg = app_errors_get(e, fields[i][0]);
		if (msg)
			fprintf(stderr, "danvan %s: %s: %s\n", cmd, fields[i][1], msg);
	}
	return 1;
}

/* Fold a username as auth does (ASCII lower case) into out. */
static void fold(const char *in, char *out, size_t len)
{
	size_t i = 0;
	for (; in[i] && i + 1 < len; i++)
		out[i] = in[i] >= 'A' && in[i] <= 'Z' ? (char)(in[i] - 'A' + 'a') : in[i];
	out[i] = '\0';
}

/* What both subcommands start from after their options: the database,
 * the account named by --username (folded into user[AUTH_USERNAME_MAX +
 * 2]), the command line's actor and a context. */
struct user_cmd {
	struct db *db;
	struct arena a;
	struct audit_actor actor;
	char actor_name[128];
	struct app_ctx ctx;
	char user[AUTH_USERNAME_MAX + 2];
	struct account acc;
	int found;    /* 1 when the account exists, 0 when not */
};

/* 0, or 1 after a message (the database is then closed). */
static int user_open(const char *cmd, const struct cli_common *c, const char *username, struct user_cmd *u)
{
	fold(username, u->user, sizeof(u->user));
	if (!(u->db = cli_open_existing(c)))
		return 1;
	arena_init(&u->a, 4096);
	cli_actor(&u->actor, u->actor_name, sizeof(u->actor_name));
	u->ctx = (struct app_ctx){ .db = u->db, .arena = &u->a, .actor = &u->actor, .now = (int64_t)time(NULL) };
	int r = account_get_by_username(u->db, u->user, &u->a, &u->acc);
	u->found = r == 0;
	if (r == 0 || r == DB_NOTFOUND)
		return 0;
	fprintf(stderr, "danvan %s: database error: %s; nothing changed\n", cmd, db_errmsg(u->db));
	arena_release(&u->a);
	db_global_shutdown();
	return 1;
}

static int user_close(struct user_cmd *u, char *password, int rc)
{
	sodium_memzero(password, LINE_MAX_BYTES);
	arena_release(&u->a);
	db_global_shutdown();
	return rc;
}

static int user_add(int argc, char **argv)
{
	const char *cmd = "user add";
	struct cli_common c;
	const char *username = NULL, *role = NULL, *unit_code = NULL, *name = NULL;
	const struct cli_opt opts[] = {
		{ "--username", &username, NULL },
		{ "--role", &role, NULL },
		{ "--unit", &unit_code, NULL },
		{ "--name", &name, NULL },
		{ 0 },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	if ((rc = need(cmd, "--username U", username)) || (rc = need(cmd, "--role ROLE", role)) ||
	    (rc = need(cmd, "--unit CODE", unit_code)))
		return rc;
	if (!role_from_name(role)) {
		fprintf(stderr, "danvan %s: unknown role '%s'; use one of admin, leader, intake, handler, "
				"front, viewer\n", cmd, role);
		return 2;
	}
	struct user_cmd uc;
	char folded[AUTH_USERNAME_MAX + 2];
	fold(username, folded, sizeof(folded));
	if (!auth_username_valid(folded)) {
		fprintf(stderr, "danvan %s: username '%s': lower-case letters a-z, digits, '.', '_' or '-', "
				"3 to 40 characters\n", cmd, username);
		return 2;
	}
	if (user_open(cmd, &c, username, &uc))
		return 1;
	struct db *db = uc.db;
	const char *user = uc.user;
	char password[LINE_MAX_BYTES];
	password[0] = '\0';
	rc = 1;

	/* fail before asking for a password when we already know it will not work */
	if (uc.found) {
		fprintf(stderr, "danvan %s: there is already an account '%s'\n", cmd, user);
		goto out;
	}
	struct unit u;
	int r = unit_get_by_code(db, &uc.a, unit_code, &u);
	if (r == DB_NOTFOUND || (r == 0 && u.valid_to != UNIT_OPEN)) {
		fprintf(stderr, "danvan %s: no open unit with code '%s'; see the organisation tree "
				"(danvan demo loads a sample one, danvan unit import FILE.csv your own)\n",
			cmd, unit_code);
		goto out;
	}
	if (r < 0)
		goto db_fail;

	if (read_password(cmd, user, password))
		goto out;
	struct app_errors errs = { 0 };
	if (auth_check_password(password, user, &errs) != APP_OK) {
		print_errors(cmd, &errs);
		goto out;
	}

	int64_t id = 0;
	if (db_begin(db) < 0)
		goto db_fail;
	r = auth_create_account_in_tx(&uc.ctx, user, name ? name : user, password, &errs, &id);
	if (r == APP_VALIDATION) {
		db_rollback(db);
		print_errors(cmd, &errs);
		goto out;
	}
	if (r < 0) {
		db_rollback(db);
		goto db_fail;
	}
	r = perm_grant_in_tx(&uc.ctx, id, unit_code, role, &errs);
	if (r < 0) {
		db_rollback(db);
		if (app_errors_get(&errs, "unit") && r != APP_FORBIDDEN)
			fprintf(stderr, "danvan %s: no open unit with code '%s'; no account created\n", cmd,
				unit_code);
		else if (app_errors_get(&errs, "role"))
			fprintf(stderr, "danvan %s: unknown role '%s'; no account created\n", cmd, role);
		else
			fprintf(stderr, "danvan %s: cannot grant the role; no account created\n", cmd);
		goto out;
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		goto db_fail;
	}
	printf("created account '%s' (id %lld) with role %s in unit %s (%s)\n", user, (long long)id, role,
	       u.code, u.name);
	rc = 0;
	goto out;
db_fail:
	fprintf(stderr, "danvan %s: database error: %s; nothing changed\n", cmd, db_errmsg(db));
out:
	return user_close(&uc, password, rc);
}

/* passwd, disable, enable: one account named by --username. */
static int user_change(int argc, char **argv, const char *what)
{
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "user %s", what);
	struct cli_common c;
	const char *username = NULL;
	const struct cli_opt opts[] = {
		{ "--username", &username, NULL },
		{ 0 },
	};
	int rc = cli_begin(argc, argv, &c, opts, usage);
	if (rc >= 0)
		return rc;
	if ((rc = need(cmd, "--username U", username)))
		return rc;
	struct user_cmd uc;
	if (user_open(cmd, &c, username, &uc))
		return 1;
	const char *user = uc.user;
	char password[LINE_MAX_BYTES];
	password[0] = '\0';
	rc = 1;
	if (!uc.found) {
		fprintf(stderr, "danvan %s: no account '%s'\n", cmd, user);
		goto out;
	}
	int r;
	if (!strcmp(what, "passwd")) {
		if (read_password(cmd, user, password))
			goto out;
		struct app_errors errs = { 0 };
		r = auth_set_password(&uc.ctx, uc.acc.id, password, &errs);
		if (r == APP_VALIDATION) {
			print_errors(cmd, &errs);
			goto out;
		}
		if (r < 0)
			goto db_fail;
		printf("new password set for '%s'; its sessions and API tokens have ended\n", user);
	} else {
		int disable = !strcmp(what, "disable");
		r = auth_set_disabled(&uc.ctx, uc.acc.id, disable);
		if (r < 0)
			goto db_fail;
		printf(disable ? "disabled account '%s'; its sessions and API tokens have ended\n"
			       : "enabled account '%s'\n", user);
	}
	rc = 0;
	goto out;
db_fail:
	fprintf(stderr, "danvan %s: database error: %s; nothing changed\n", cmd, db_errmsg(uc.db));
out:
	return user_close(&uc, password, rc);
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h"))
		return cli_usage(usage);
	static const char *const subs[][2] = {
		{ "add", "user add" },
		{ "passwd", "user passwd" },
		{ "disable", "user disable" },
		{ "enable", "user enable" },
	};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(sub, subs[i][0]) != 0)
			continue;
		/* so that cli_parse() names "danvan user add" in its messages */
		argv[1] = (char *)subs[i][1];
		if (i == 0)
			return user_add(argc - 1, argv + 1);
		return user_change(argc - 1, argv + 1, subs[i][0]);
	}
	fprintf(stderr, "danvan user: unknown subcommand '%s'; use add, passwd, disable or enable "
			"(see 'danvan user --help')\n", sub);
	return 2;
}
