/*
 * fuzz_csv.c - libFuzzer target for the unit CSV import (app/org.c,
 * `danvan unit import`): the bytes are imported into a fresh in-memory
 * database that already holds a small tree, then imported again. Nothing
 * may crash, leak or fail with a database error; a rolled-back import
 * changes nothing; a committed one keeps the audit chain intact, and
 * importing again a file that had no rejected line changes nothing.
 *
 * Input: a CSV file. A first line "#strict" (a comment to the parser)
 * selects ORG_IMPORT_STRICT.
 *
 * The engine file is included (not linked) to reach the SQLite handle: the
 * migrated database with the tree is built once and copied in per input.
 *
 * fuzz-check-runs: 1000
 */
#include <stdint.h>

#include "app/org.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/db_sqlite.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #cond, \
				__LINE__);                                       \
			abort();                                                 \
		}                                                                \
	} while (0)

static const struct audit_actor actor = { 0, "fuzz", NULL };

/* What every input starts from: open, closed and merged units. */
static const char base[] =
	"code,name,kind,parent,valid_from,valid_to,succession\n"
	"01,Thành phố Hà Nội,government,,2008-08-01,,\n"
	"01-MTTQ,Ủy ban MTTQ Việt Nam Thành phố Hà Nội,front,01,2008-08-01,,\n"
	"002,Quận Hoàn Kiếm,government,01,2008-08-01,2025-07-01,\n"
	"00061,Phường Hàng Bạc,government,002,2008-08-01,2025-07-01,\n"
	"00049,Phường Hàng Đào,government,002,2008-08-01,2025-07-01,\n"
	"00070,Phường Hoàn Kiếm,government,01,2025-07-01,,merged_from:00061 00049\n"
	"00070-TDP01,Tổ dân phố số 1,residential_group,00070,2025-07-01,,\n";

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	CHECK(st != NULL);
	CHECK(db_step(st) == DB_ROW);
	int64_t n = db_col_int(st, 0);
	db_done(st);
	return n;
}

struct snapshot {
	int64_t units, versions, successions, audit;
};

static void snap(struct db *db, struct snapshot *s)
{
	s->units = count(db, "SELECT count(*) FROM units");
	s->versions = count(db, "SELECT count(*) FROM unit_versions");
	s->successions = count(db, "SELECT count(*) FROM unit_successions");
	s->audit = count(db, "SELECT count(*) FROM audit_log");
}

static int same(const struct snapshot *a, const struct snapshot *b)
{
	return a->units == b->units && a->versions == b->versions &&
	       a->successions == b->successions && a->audit == b->audit;
}

static void check_report(const struct org_import_report *rep, int rc)
{
	CHECK(rc == APP_OK || rc == APP_VALIDATION);
	CHECK(rep->nrejected <= rep->units + 1);
	CHECK(rep->created + rep->updated + rep->unchanged + rep->nrejected >= rep->units);
	long prev = 0;
	for (size_t i = 0; i < rep->nrejected; i++) {
		const struct org_import_reject *r = &rep->rejected[i];
		CHECK(r->line >= 1 && r->line >= prev);
		CHECK(r->reason && *r->reason && utf8_valid(r->reason, strlen(r->reason)));
		prev = r->line;
	}
	CHECK((rc == APP_VALIDATION) == (rep->rolled_back != 0));
	char buf[256];
	org_import_summary(rep, buf, sizeof(buf));
	CHECK(*buf);
}

static void check_audit(struct db *db)
{
	int64_t bad = 0, n = 0;
	char err[256];
	CHECK(audit_verify(db, &bad, &n, err, sizeof(err)) == 0);
}

static unsigned char *image; /* the migrated database holding `base` */
static sqlite3_int64 image_len;

static void make_image(void)
{
	char err[256];
	audit_set_key((const unsigned char[AUDIT_KEY_BYTES]){ 7 }); /* the chain needs a key */
	struct db *db = db_open(":memory:", err, sizeof(err));
	CHECK(db != NULL);
	CHECK(db_migrate(db, err, sizeof(err)) == DB_OK);
	struct arena a;
	arena_init(&a, 4096);
	struct org_import_report rep;
	CHECK(org_import_csv(&(struct app_ctx){ .db = db, .arena = &a, .actor = &actor, .now = time(NULL) }, base, sizeof(base) - 1, ORG_IMPORT_STRICT, &rep) == APP_OK);
	CHECK(rep.created == 7 && rep.nrejected == 0);
	image = sqlite3_serialize(L(db)->h, "main", &image_len, 0);
	CHECK(image != NULL);
	arena_release(&a);
	db_close(db);
}

/* A fresh private copy of the image. */
static struct db *fresh_db(void)
{
	char err[256];
	struct db *db = db_open(":memory:", err, sizeof(err));
	CHECK(db != NULL);
	unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)image_len);
	CHECK(copy != NULL);
	memcpy(copy, image, (size_t)image_len);
	CHECK(sqlite3_deserialize(L(db)->h, "main", copy, image_len, image_len,
				  SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!image)
		make_image();
	struct db *db = fresh_db();
	struct arena a;
	arena_init(&a, 4096);
	struct org_import_report rep;

	/* an exact-size copy, so ASan sees any read past the end */
	char *text = malloc(size ? size : 1);
	memcpy(text, data, size);
	unsigned flags = size >= 7 && !memcmp(text, "#strict", 7) ? ORG_IMPORT_STRICT : 0;

	struct snapshot before, after, again;
	snap(db, &before);
	int rc = org_import_csv(&(struct app_ctx){ .db = db, .arena = &a, .actor = &actor, .now = time(NULL) }, text, size, flags, &rep);
	check_report(&rep, rc);
	CHECK(!db_in_transaction(db));
	snap(db, &after);
	if (rep.rolled_back) {
		CHECK(same(&before, &after));
	} else {
		CHECK(after.units == before.units + (int64_t)rep.created);
		CHECK(!(flags & ORG_IMPORT_STRICT) || rep.nrejected == 0);
		check_audit(db);
	}
	if (!rep.rolled_back && rep.nrejected == 0) {
		/* importing the same file again changes nothing (with rejected
		 * lines it may: a line whose parent came later is then taken) */
		struct org_import_report rep2;
		int rc2 = org_import_csv(&(struct app_ctx){ .db = db, .arena = &a, .actor = &actor, .now = time(NULL) }, text, size, flags, &rep2);
		check_report(&rep2, rc2);
		CHECK(rep2.created == 0 && rep2.updated == 0 && rep2.successions == 0);
		snap(db, &again);
		CHECK(same(&again, &after));
	}
	free(text);
	arena_release(&a);
	db_close(db);
	return 0;
}
