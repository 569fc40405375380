/*
 * xlsx.c - a one-sheet .xlsx workbook (core/xlsx.h): the sheet's XML with
 * inline strings, the package's fixed parts, and a zip archive of stored
 * entries around them.
 */
#include "core/xlsx.h"

#include <stdio.h>
#include <string.h>

void xlsx_init(struct xlsx *x, size_t max)
{
	memset(x, 0, sizeof(*x));
	sbuf_init(&x->sheet, max);
}

void xlsx_release(struct xlsx *x)
{
	sbuf_release(&x->sheet);
}

static int fail(struct xlsx *x)
{
	x->failed = 1;
	return -1;
}

int xlsx_row(struct xlsx *x)
{
	if (x->failed)
		return -1;
	if (x->row && sbuf_addstr(&x->sheet, "</row>") < 0)
		return fail(x);
	x->row++;
	x->col = 0;
	return sbuf_addf(&x->sheet, "<row r=\"%d\">", x->row) < 0 ? fail(x) : 0;
}

/* "A1"-style reference of the next cell. */
static int ref(struct xlsx *x, char out[16])
{
	char letters[8];
	int n = 0, c = x->col + 1;
	while (c > 0 && n < 7) {
		letters[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	int j = 0;
	while (n > 0)
		out[j++] = letters[--n];
	snprintf(out + j, (size_t)(16 - j), "%d", x->row);
	x->col++;
	return 0;
}

int xlsx_text(struct xlsx *x, const char *s)
{
	if (x->failed || !x->row)
		return fail(x);
	char r[16];
	ref(x, r);
	if (!s || !*s)
		return 0; /* an empty cell: its column is skipped */
	if (sbuf_addf(&x->sheet, "<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", r) < 0)
		return fail(x);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int rc;
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			continue;
		switch (*p) {
		case '&': rc = sbuf_addstr(&x->sheet, "&amp;"); break;
		case '<': rc = sbuf_addstr(&x->sheet, "&lt;"); break;
		case '>': rc = sbuf_addstr(&x->sheet, "&gt;"); break;
		case '"': rc = sbuf_addstr(&x->sheet, "&quot;"); break;
		default: rc = sbuf_addch(&x->sheet, *p);
		}
		if (rc < 0)
			return fail(x);
	}
	return sbuf_addstr(&x->sheet, "</t></is></c>") < 0 ? fail(x) : 0;
}

int xlsx_int(struct xlsx *x, int64_t v)
{
	if (x->failed || !x->row)
		return fail(x);
	char r[16];
	ref(x, r);
	return sbuf_addf(&x->sheet, "<c r=\"%s\"><v>%lld</v></c>", r, (long long)v) < 0 ? fail(x) : 0;
}

uint32_t xlsx_crc32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static int le16(struct sbuf *sb, unsigned v)
{
	return sbuf_addch(sb, (int)(v & 0xff)) < 0 || sbuf_addch(sb, (int)((v >> 8) & 0xff)) < 0 ? -1 : 0;
}

static int le32(struct sbuf *sb, uint32_t v)
{
	return le16(sb, v & 0xffff) < 0 || le16(sb, v >> 16) < 0 ? -1 : 0;
}

struct entry {
	const char *name;
	const char *data;
	size_t len;
	uint32_t crc;
	uint32_t offset;
};

/* A local file header and its data; the fixed date is 1980-01-01 00:00. */
static int local(struct sbuf *out, struct entry *e, size_t base)
{
	e->crc = xlsx_crc32(e->data, e->len);
	e->offset = (uint32_t)(out->len - base);
	size_t nl = strlen(e->name);
	if (le32(out, 0x04034b50u) < 0 || le16(out, 20) < 0 || le16(out, 0) < 0 || le16(out, 0) < 0 ||
	    le16(out, 0) < 0 || le16(out, 0x21) < 0 || le32(out, e->crc) < 0 || le32(out, (uint32_t)e->len) < 0 ||
	    le32(out, (uint32_t)e->len) < 0 || le16(out, (unsigned)nl) < 0 || le16(out, 0) < 0 ||
	    sbuf_add(out, e->name, nl) < 0 || sbuf_add(out, e->data, e->len) < 0)
		return -1;
	return 0;
}

static int central(struct sbuf *out, const struct entry *e)
{
	size_t nl = strlen(e->name);
	if (le32(out, 0x02014b50u) < 0 || le16(out, 20) < 0 || le16(out, 20) < 0 || le16(out, 0) < 0 ||
	    le16(out, 0) < 0 || le16(out, 0) < 0 || le16(out, 0x21) < 0 || le32(out, e->crc) < 0 ||
	    le32(out, (uint32_t)e->len) < 0 || le32(out, (uint32_t)e->len) < 0 || le16(out, (unsigned)nl) < 0 ||
	    le16(out, 0) < 0 || le16(out, 0) < 0 || le16(out, 0) < 0 || le16(out, 0) < 0 || le32(out, 0) < 0 ||
	    le32(out, e->offset) < 0 || sbuf_add(out, e->name, nl) < 0)
		return -1;
	return 0;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"</Types>";
static const char root_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"xl/workbook.xml\"/></Relationships>";
static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/></Relationships>";

int xlsx_finish(struct xlsx *x, const char *name, struct sbuf *out)
{
	if (x->failed || (x->row && sbuf_addstr(&x->sheet, "</row>") < 0))
		return fail(x);
	char workbook[512];
	int n = snprintf(workbook, sizeof(workbook),
			 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			 "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
			 "<sheets><sheet name=\"%.31s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
			 name);
	if (n < 0 || (size_t)n >= sizeof(workbook))
		return fail(x);
	struct sbuf sheet = SBUF_INIT(x->sheet.max + 512);
	if (sbuf_addstr(&sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
				"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
				"<sheetData>") < 0 ||
	    sbuf_add(&sheet, x->sheet.buf, x->sheet.len) < 0 || sbuf_addstr(&sheet, "</sheetData></worksheet>") < 0) {
		sbuf_release(&sheet);
		return fail(x);
	}
	struct entry e[] = {
		{ "[Content_Types].xml", content_types, sizeof(content_types) - 1, 0, 0 },
		{ "_rels/.rels", root_rels, sizeof(root_rels) - 1, 0, 0 },
		{ "xl/workbook.xml", workbook, (size_t)n, 0, 0 },
		{ "xl/_rels/workbook.xml.rels", workbook_rels, sizeof(workbook_rels) - 1, 0, 0 },
		{ "xl/worksheets/sheet1.xml", sheet.buf, sheet.len, 0, 0 },
	};
	const size_t ne = sizeof(e) / sizeof(e[0]);
	size_t base = out->len;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ne; i++)
		rc = local(out, &e[i], base);
	size_t cd = out->len - base;
	for (size_t i = 0; rc == 0 && i < ne; i++)
		rc = central(out, &e[i]);
	size_t cd_len = out->len - base - cd;
	if (rc == 0 && (le32(out, 0x06054b50u) < 0 || le16(out, 0) < 0 || le16(out, 0) < 0 ||
			le16(out, (unsigned)ne) < 0 || le16(out, (unsigned)ne) < 0 || le32(out, (uint32_t)cd_len) < 0 ||
			le32(out, (uint32_t)cd) < 0 || le16(out, 0) < 0))
		rc = -1;
	sbuf_release(&sheet);
	if (rc < 0 || out->len - base > 0xffffffffu)
		return fail(x);
	return 0;
}
