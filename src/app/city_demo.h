/*
 * city_demo.h - the rest of Hà Nội for a city-scale demo (`danvan demo
 * --city`): the 29 other districts of the city (real names and codes) with
 * synthetic wards and communes (local codes, names saying they are test
 * data), each with its people's committee, party committee, front
 * committee and a residential group, until 1/7/2025; then the new wards
 * that absorbed them (merged_from), with the same bodies. About 3,300
 * units in all with the Hoàn Kiếm slice: the size the review reports'
 * speed targets are stated for (issue 17). Imported through the same
 * checked CSV import as `danvan unit import`; idempotent.
 */
#ifndef DANVAN_APP_CITY_DEMO_H
#define DANVAN_APP_CITY_DEMO_H

#include <stddef.h>

#include "app/ctx.h"

/* Synthetic wards per district before 1/7/2025, and how many of them one
 * new ward absorbed. */
#define CITY_DEMO_WARDS 17
#define CITY_DEMO_MERGE 5

/* Import the synthetic city; *units = how many units its lines hold. 0, or -1 with a
 * message in err (the import's first rejected line). */
int city_demo_generate(const struct app_ctx *ctx, long *units, char *err, size_t errlen);

#endif
