/*
 * report_out.h - a review report (app/report.h) written out: as the JSON
 * of GET /api/v1/reports/summary, as an XLSX workbook (libxlsxwriter,
 * constant memory: rows are written one by one and flushed), and as
 * Markdown for `danvan report --format md`. One writer per format, used by
 * the API, the page's download link and the command line alike.
 */
#ifndef DANVAN_API_REPORT_OUT_H
#define DANVAN_API_REPORT_OUT_H

#include <jansson.h>

#include "app/report.h"

struct sbuf;

/* The query string naming a report's unit, period and tree
 * ("unit=00070&from=2021-01-01&to=2025-12-31&tree=now"), in the arena. */
const char *report_query(struct arena *a, const struct report *r, const char *unit_code, int64_t from_day,
			 int64_t to_day);

/* The summary as JSON (API.md "Review reports"); NULL when out of memory. */
json_t *report_json(struct arena *a, const struct report *r);

/* The same document written into `out` (the API's answer: no tree of
 * objects built and walked); equal to report_json()'s once parsed. 0, or -1
 * (out of memory, or out's bound). */
int report_json_write(struct arena *a, const struct report *r, struct sbuf *out);

/* Where today's summary differs from a frozen one: {"indicators":
 * [{"code","name","frozen","today"}], "by_unit": [{"unit","code","frozen",
 * "today"}]} (units and figures in both, by code), or NULL. */
json_t *report_diff(const json_t *frozen, const json_t *today);

/* Write the workbook to `path` (a new file): sheet "Tổng hợp" (figures,
 * previous period, a year before), "Theo đơn vị", "Theo kỳ" and "Định
 * nghĩa" (every indicator's definition and its records list). 0 or -1. */
int report_xlsx(struct arena *a, const struct report *r, const char *path);

/* The report as Markdown tables; 0 or -1 (the sbuf's sticky failure). */
int report_markdown(struct arena *a, const struct report *r, struct sbuf *out);

/* The XLSX bytes of a report, through a temporary file that is removed:
 * an arena copy in *data, 0 or -1. */
int report_xlsx_bytes(struct arena *a, const struct report *r, const char **data, size_t *len);

#endif
