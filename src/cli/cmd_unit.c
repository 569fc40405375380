/*
 * cmd_unit.c - the 'danvan unit' command: import the organisation tree from
 * CSV (unit import) and print it as it stands now or stood on a date
 * (unit list).
 */
#include "cli.h"
#include "app/org.h"
#include "core/arena.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/unit.h"

#include <errno.h>

#define IMPORT_MAX_BYTES (64u << 20)

static const char usage[] =
	"usage: danvan unit import FILE.csv [--strict] [--data DIR]\n"
	"       danvan unit list [--date YYYY-MM-DD] [--all] [--data DIR]\n"
	"\n"
	"unit import reads the organisation tree from a CSV file (UTF-8, comma-separated,\n"
	"RFC 4180 quoting: \"a, b\" and \"\" for a quote; a BOM is fine). The first line is the\n"
	"header; blank lines and lines starting with # are skipped:\n"
	"\n"
	"  code,name,kind,parent,valid_from,valid_to,succession\n"
	"  01,Thành phố Hà Nội,government,,2008-08-01,,\n"
	"  00061,Phường Hàng Bạc,government,002,2008-08-01,2025-07-01,\n"
	"  00070,Phường Hoàn Kiếm,government,01,2025-07-01,,merged_from:00061 00049\n"
	"\n"
	"  code        1-32 of A-Z a-z 0-9 . _ -; never reused (official codes: province 2\n"
	"              digits, commune 5 digits)\n"
	"  name        1-200 characters\n"
	"  kind        party_committee, party_cell, government, agency, front, women, youth,\n"
	"              veterans, farmers, trade_union, residential_group or other\n"
	"  parent      code of the parent unit, earlier in the file or already in the\n"
	"              database; empty for a root\n"
	"  valid_from  first valid day, YYYY-MM-DD or DD/MM/YYYY (empty: today for a new unit)\n"
	"  valid_to    first day no longer valid; empty while the unit exists\n"
	"  succession  optional column, on the successor's line: merged_from:CODE...,\n"
	"              split_from:CODE or renamed_from:CODE, several separated by ';'. Each\n"
	"              predecessor must close (valid_to) on the day this unit starts; its open\n"
	"              work and role grants move to this unit\n"
	"\n"
	"Lines are taken in order. A code already in the database is compared: an equal line\n"
	"is unchanged; a new name or parent takes effect today (history kept); a valid_to\n"
	"closes the unit (list its sub-units' closing lines first). Kind and valid_from never\n"
	"change, and a closed unit is never reopened.\n"
	"\n"
	"Every accepted line is written in one transaction and the report lists each rejected\n"
	"line with the reason; the exit status is 1 if any line was rejected. With --strict\n"
	"nothing is written unless every line is accepted. Importing the same file again\n"
	"changes nothing (\"unchanged\").\n"
	"\n"
	"unit list prints the tree of open units, with --all also the closed ones, or with\n"
	"--date the tree as it stood on that day (names and parents of the time).\n";

/* Split argv[1..] into one positional argument (FILE) and the options. */
static int split_args(int argc, char **argv, char **av, int *ac, const char **positional)
{
	static const char *const with_value[] = { "--data", "--database", "--date", NULL };
	*ac = 0;
	av[(*ac)++] = !strcmp(argv[0], "import") ? (char *)"unit import" : (char *)"unit list";
	*positional = NULL;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (s[0] == '-') {
			av[(*ac)++] = argv[i];
			for (size_t k = 0; with_value[k]; k++)
				if (!strcmp(s, with_value[k]) && i + 1 < argc)
					av[(*ac)++] = argv[++i];
			continue;
		}
		if (*positional) {
			fprintf(stderr, "danvan %s: unexpected argument '%s'; see 'danvan unit --help'\n", av[0], s);
			return 2;
		}
		*positional = s;
	}
	av[*ac] = NULL;
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "danvan unit import: cannot open '%s': %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap >= IMPORT_MAX_BYTES) {
				fprintf(stderr, "danvan unit import: '%s' is larger than %u MiB\n", path,
					IMPORT_MAX_BYTES >> 20);
				free(buf);
				fclose(f);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "danvan unit import: cannot read '%s': %s\n", path, strerror(errno));
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The start of a subcommand: split_args(), then cli_begin(). Returns -1
 * when it goes on, else its exit code. */
static int unit_begin(int argc, char **argv, struct cli_common *c, const struct cli_opt *opts,
		      const char **positional)
{
	char *av[64];
	int ac;
	if (argc > 60) {
		fprintf(stderr, "danvan unit %s: too many arguments\n", !strcmp(argv[0], "import") ? "import" : "list");
		return 2;
	}
	int rc = split_args(argc, argv, av, &ac, positional);
	if (rc)
		return rc;
	return cli_begin(ac, av, c, opts, usage);
}

static int unit_import(int argc, char **argv)
{
	char actor_name[96];
	int strict = 0;
	const char *file;
	struct cli_common c;
	const struct cli_opt opts[] = { { "--strict", NULL, &strict }, { NULL, NULL, NULL } };
	int rc = unit_begin(argc, argv, &c, opts, &file);
	if (rc >= 0)
		return rc;
	if (!file) {
		fprintf(stderr, "danvan unit import: name the CSV file: danvan unit import FILE.csv\n");
		return 2;
	}
	size_t len;
	char *text = read_file(file, &len);
	if (!text)
		return 1;
	struct db *db = cli_open_existing(&c);
	if (!db) {
		free(text);
		return 1;
	}
	struct audit_actor actor;
	struct arena a;
	struct org_import_report rep;
	char summary[256];
	cli_actor(&actor, actor_name, sizeof(actor_name));
	arena_init(&a, 65536);
	struct app_ctx ctx = { .db = db, .arena = &a, .actor = &actor, .now = (int64_t)time(NULL) };
	rc = org_import_csv(&ctx, text, len, strict ? ORG_IMPORT_STRICT : 0, &rep);
	free(text);
	if (rc == APP_ERROR) {
		fprintf(stderr, "error: the import failed on a database error; nothing was imported\n");
		arena_release(&a);
		db_global_shutdown();
		return 1;
	}
	org_import_summary(&rep, summary, sizeof(summary));
	if (rep.nrejected)
		printf("%s; rejected %zu line%s:\n", summary, rep.nrejected, rep.nrejected == 1 ? "" : "s");
	else
		printf("%s\n", summary);
	for (size_t i = 0; i < rep.nrejected; i++)
		printf("  line %ld: %s\n", rep.rejected[i].line, rep.rejected[i].reason);
	arena_release(&a);
	db_global_shutdown();
	return rep.nrejected || rc != APP_OK ? 1 : 0;
}

/* --- unit list ------------------------------------------------------------- */

struct tree {
	const struct unit_list *l;
	size_t *order;   /* indices sorted by parent_id, then code */
};

static const struct unit_list *sort_list;

static int by_parent(const void *x, const void *y)
{
	const struct unit *a = &sort_list->items[*(const size_t *)x];
	const struct unit *b = &sort_list->items[*(const size_t *)y];
	if (a->parent_id != b->parent_id)
		return a->parent_id < b->parent_id ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* First index in t->order whose unit has this parent id. */
static size_t first_child(const struct tree *t, int64_t parent_id)
{
	size_t lo = 0, hi = t->l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->l->items[t->order[mid]].parent_id < parent_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void print_unit(const struct unit *u, int depth)
{
	char from[11], to[11];
	printf("%*s%s  %s  (%s, %s - %s)\n", depth * 2, "", u->code, u->name, u->kind,
	       fmt_date_vn(u->valid_from, from), u->valid_to == UNIT_OPEN ? "" : fmt_date_vn(u->valid_to, to));
}

static void print_subtree(const struct tree *t, int64_t parent_id, int depth)
{
	if (depth > 64)
		return;
	for (size_t i = first_child(t, parent_id); i < t->l->n; i++) {
		const struct unit *u = &t->l->items[t->order[i]];
		if (u->parent_id != parent_id)
			break;
		print_unit(u, depth);
		print_subtree(t, u->id, depth + 1);
	}
}

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

static int unit_list_cmd(int argc, char **argv)
{
	int all = 0;
	const char *date = NULL, *extra;
	struct cli_common c;
	const struct cli_opt opts[] = { { "--date", &date, NULL }, { "--all", NULL, &all }, { NULL, NULL, NULL } };
	int rc = unit_begin(argc, argv, &c, opts, &extra);
	if (rc >= 0)
		return rc;
	if (extra) {
		fprintf(stderr, "danvan unit list: unexpected argument '%s'\n", extra);
		return 2;
	}
	int64_t day = 0;
	if (date && parse_date(date, &day) < 0) {
		fprintf(stderr, "danvan unit list: bad date '%s': use YYYY-MM-DD or DD/MM/YYYY\n", date);
		return 2;
	}
	struct db *db = cli_open_existing(&c);
	if (!db)
		return 1;
	struct arena a;
	struct unit_list l;
	arena_init(&a, 65536);
	rc = date ? unit_list_as_of(db, &a, vn_day_start(day), &l)
		  : unit_list(db, &a, all ? UNIT_LIST_CLOSED : 0, &l);
	if (rc < 0) {
		fprintf(stderr, "error: cannot read the units\n");
		arena_release(&a);
		db_global_shutdown();
		return 1;
	}
	struct tree t = { &l, xcalloc(l.n ? l.n : 1, sizeof(size_t)) };
	for (size_t i = 0; i < l.n; i++)
		t.order[i] = i;
	sort_list = &l;
	qsort(t.order, l.n, sizeof(size_t), by_parent);
	int64_t *ids = xcalloc(l.n ? l.n : 1, sizeof(int64_t));
	for (size_t i = 0; i < l.n; i++)
		ids[i] = l.items[i].id;
	qsort(ids, l.n, sizeof(int64_t), cmp_id);
	/* roots, and units whose parent is not in the list (closed parents) */
	for (size_t i = 0; i < l.n; i++) {
		const struct unit *u = &l.items[t.order[i]];
		if (u->parent_id && bsearch(&u->parent_id, ids, l.n, sizeof(int64_t), cmp_id))
			continue;
		print_unit(u, 0);
		print_subtree(&t, u->id, 1);
	}
	printf("%zu units\n", l.n);
	free(ids);
	free(t.order);
	arena_release(&a);
	db_global_shutdown();
	return 0;
}

int cmd_unit(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(usage);
	if (!strcmp(argv[1], "import"))
		return unit_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return unit_list_cmd(argc - 1, argv + 1);
	fprintf(stderr, "danvan unit: unknown subcommand '%s'; see 'danvan unit --help'\n", argv[1]);
	return 2;
}
