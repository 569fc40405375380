/*
 * city_demo.c - the rest of Hà Nội for a city-scale demo (city_demo.h).
 *
 * The districts are real (official codes and names); the wards and
 * communes in them are not: a district has CITY_DEMO_WARDS numbered ones
 * with local codes (D001W01: district 001, ward 1) and names that say
 * "dữ liệu thử" (test data), so nobody mistakes them for the real list.
 * On 1/7/2025 the districts close and every CITY_DEMO_MERGE of their wards
 * merge into a new ward under the city (D001N1, ...), as the real
 * reorganisation did on a larger scale (demo/units.csv has the real one
 * for Hoàn Kiếm).
 */
#include "app/city_demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/org.h"
#include "core/sbuf.h"

#define CITY_BEFORE "2008-08-01"
#define CITY_REFORM "2025-07-01"

/* kind: 'q' quận (wards: phường), 'h' huyện (communes: xã), 't' thị xã */
static const struct city_district {
	const char *code, *name;
	char kind;
} city_districts[] = {
	{ "001", "Ba Đình", 'q' },     { "003", "Tây Hồ", 'q' },      { "004", "Long Biên", 'q' },
	{ "005", "Cầu Giấy", 'q' },    { "006", "Đống Đa", 'q' },     { "007", "Hai Bà Trưng", 'q' },
	{ "008", "Hoàng Mai", 'q' },   { "009", "Thanh Xuân", 'q' },  { "016", "Sóc Sơn", 'h' },
	{ "017", "Đông Anh", 'h' },    { "018", "Gia Lâm", 'h' },     { "019", "Nam Từ Liêm", 'q' },
	{ "020", "Thanh Trì", 'h' },   { "021", "Bắc Từ Liêm", 'q' }, { "250", "Mê Linh", 'h' },
	{ "268", "Hà Đông", 'q' },     { "269", "Sơn Tây", 't' },     { "271", "Ba Vì", 'h' },
	{ "272", "Phúc Thọ", 'h' },    { "273", "Đan Phượng", 'h' },  { "274", "Hoài Đức", 'h' },
	{ "275", "Quốc Oai", 'h' },    { "276", "Thạch Thất", 'h' },  { "277", "Chương Mỹ", 'h' },
	{ "278", "Thanh Oai", 'h' },   { "279", "Thường Tín", 'h' },  { "280", "Phú Xuyên", 'h' },
	{ "281", "Ứng Hòa", 'h' },     { "282", "Mỹ Đức", 'h' },
};

#define CITY_NDISTRICTS (sizeof(city_districts) / sizeof(city_districts[0]))

/* The bodies of a territorial unit: code suffix, name prefix, kind. */
static const struct city_body {
	const char *suffix, *prefix, *kind;
} city_bodies[] = {
	{ "UBND", "Ủy ban nhân dân", "government" },
	{ "DU", "Đảng ủy", "party_committee" },
	{ "MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front" },
	{ "TDP01", "Tổ dân phố số 1", "residential_group" },
};

/* "quận" / "huyện" / "thị xã" (capitalised first), and what a ward of it
 * is called */
static const char *district_word(char kind, int capital)
{
	if (kind == 'q')
		return capital ? "Quận" : "quận";
	return kind == 'h' ? (capital ? "Huyện" : "huyện") : (capital ? "Thị xã" : "thị xã");
}

static const char *ward_word(char kind, int capital)
{
	if (kind == 'h')
		return capital ? "Xã" : "xã";
	return capital ? "Phường" : "phường";
}

/* One line of the CSV. */
static void line(struct sbuf *sb, const char *code, const char *name, const char *kind, const char *parent,
		 const char *from, const char *to, const char *succession)
{
	/* a failure is kept in sb (sbuf_ok()) and checked once at the end */
	if (sbuf_addf(sb, "%s,%s,%s,%s,%s,%s,%s\n", code, name, kind, parent, from, to, succession) < 0)
		return;
}

/* A territorial unit's bodies; `of` is its name after the body's prefix. */
static void bodies(struct sbuf *sb, const char *code, const char *of, const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof(city_bodies) / sizeof(city_bodies[0]); i++) {
		char bcode[48], bname[200];
		snprintf(bcode, sizeof(bcode), "%s-%s", code, city_bodies[i].suffix);
		snprintf(bname, sizeof(bname), "%s %s", city_bodies[i].prefix, of);
		line(sb, bcode, bname, city_bodies[i].kind, code, from, to, "");
	}
}

/* The CSV of the synthetic city (the header and one line per unit) in a
 * buffer the caller frees, its length in *len; NULL when out of memory. */
static char *city_demo_csv(size_t *len)
{
	struct sbuf sb = SBUF_INIT(4u << 20);
	if (sbuf_addstr(&sb, "code,name,kind,parent,valid_from,valid_to,succession\n") < 0)
		return NULL;
	for (size_t d = 0; d < CITY_NDISTRICTS; d++) {
		const struct city_district *cd = &city_districts[d];
		char name[160], of[160];
		snprintf(name, sizeof(name), "%s %s", district_word(cd->kind, 1), cd->name);
		line(&sb, cd->code, name, "government", "01", CITY_BEFORE, CITY_REFORM, "");
		snprintf(of, sizeof(of), "%s %s", district_word(cd->kind, 0), cd->name);
		bodies(&sb, cd->code, of, CITY_BEFORE, CITY_REFORM);
		for (int w = 1; w <= CITY_DEMO_WARDS; w++) {
			char code[24];
			snprintf(code, sizeof(code), "D%sW%02d", cd->code, w);
			snprintf(name, sizeof(name), "%s số %d %s %s (dữ liệu thử)", ward_word(cd->kind, 1), w,
				 district_word(cd->kind, 0), cd->name);
			line(&sb, code, name, "government", cd->code, CITY_BEFORE, CITY_REFORM, "");
			snprintf(of, sizeof(of), "%s số %d %s %s", ward_word(cd->kind, 0), w, district_word(cd->kind, 0),
				 cd->name);
			bodies(&sb, code, of, CITY_BEFORE, CITY_REFORM);
		}
		/* the new wards: every CITY_DEMO_MERGE old ones merged into one */
		for (int first = 1, n = 1; first <= CITY_DEMO_WARDS; first += CITY_DEMO_MERGE, n++) {
			char code[24], succ[256] = "merged_from:";
			snprintf(code, sizeof(code), "D%sN%d", cd->code, n);
			for (int w = first; w < first + CITY_DEMO_MERGE && w <= CITY_DEMO_WARDS; w++) {
				size_t used = strlen(succ);
				snprintf(succ + used, sizeof(succ) - used, "%sD%sW%02d", w == first ? "" : " ", cd->code, w);
			}
			snprintf(name, sizeof(name), "%s %s %d (dữ liệu thử)", ward_word(cd->kind, 1), cd->name, n);
			line(&sb, code, name, "government", "01", CITY_REFORM, "", succ);
			snprintf(of, sizeof(of), "%s %s %d", ward_word(cd->kind, 0), cd->name, n);
			bodies(&sb, code, of, CITY_REFORM, "");
		}
	}
	if (!sbuf_ok(&sb)) {
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb, len);
}

int city_demo_generate(const struct app_ctx *ctx, long *units, char *err, size_t errlen)
{
	size_t len = 0;
	char *csv = city_demo_csv(&len);
	if (!csv) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	struct org_import_report rep;
	int rc = org_import_csv(ctx, csv, len, 0, &rep);
	free(csv);
	if (rc < 0 || rep.nrejected) {
		if (rep.nrejected)
			snprintf(err, errlen, "line %ld: %s", rep.rejected[0].line, rep.rejected[0].reason);
		else
			snprintf(err, errlen, "the import failed (%d)", rc);
		return -1;
	}
	*units = (long)rep.units;
	return 0;
}
