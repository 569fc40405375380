/*
 * xlsx.h - a one-sheet Office Open XML workbook (.xlsx), as the forms units
 * send upward are kept: rows of text and integer cells written into an
 * sbuf, then packed as a zip archive of stored (uncompressed) entries with
 * their CRC-32, which every spreadsheet program opens.
 *
 * OWNERSHIP. struct xlsx is the caller's (xlsx_init / xlsx_release); the
 * sheet's XML grows in its own sbuf, bounded by `max` bytes. xlsx_finish()
 * appends the whole file to the caller's sbuf.
 *
 * FAILURE. Every function returns 0, or -1 when a buffer is full (the
 * error is sticky: a failed append makes xlsx_finish() fail too). Text must
 * be valid UTF-8 (stored text is, core/vntext.h); control characters other
 * than tab and line breaks are dropped, since XML cannot carry them. Any
 * thread, one struct per thread.
 */
#ifndef DANVAN_CORE_XLSX_H
#define DANVAN_CORE_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"

struct xlsx {
	struct sbuf sheet;   /* <sheetData> rows so far */
	int row;             /* rows begun (1-based number of the current one) */
	int col;             /* cells in the current row */
	int failed;
};

void xlsx_init(struct xlsx *x, size_t max);
void xlsx_release(struct xlsx *x);
/* Start the next row. */
int xlsx_row(struct xlsx *x);
/* Append a cell to the current row: text (NULL: an empty cell) or an integer. */
int xlsx_text(struct xlsx *x, const char *s);
int xlsx_int(struct xlsx *x, int64_t v);
/* Append the workbook (sheet `name`, plain ASCII or UTF-8 without XML
 * special characters, at most 31 characters) to `out`. */
int xlsx_finish(struct xlsx *x, const char *name, struct sbuf *out);

/* CRC-32 (IEEE 802.3) of len bytes, as zip stores it. */
uint32_t xlsx_crc32(const void *data, size_t len);

#endif
