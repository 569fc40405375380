/*
 * emulation_out.h - the commendations of a period (app/emulation.h
 * emul_commendations_export) written as an XLSX workbook by libxlsxwriter,
 * in the layout units send upward: a title, the unit and the period, a
 * header row, one row per decided commendation (STT, name, recipient kind,
 * unit, award, year, decision number and date, signer, legal basis, prize)
 * and a total. Used by the API download and the officers' page alike.
 */
#ifndef DANVAN_API_EMULATION_OUT_H
#define DANVAN_API_EMULATION_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct arena;

/* The workbook's bytes, copied into `a` (api/xlsx_file.h): 0 or -1. */
int emul_commendations_xlsx_bytes(struct arena *a, const json_t *export, int64_t from, int64_t to,
				  const char **data, size_t *len);

#endif
