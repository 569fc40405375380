/*
 * routes.h - the one route table of danvan (pages, JSON API, static files,
 * health and metrics), in web/routes.c.
 */
#ifndef DANVAN_ROUTES_H
#define DANVAN_ROUTES_H

#include <stddef.h>

#include "http/router.h"

extern const struct route routes[];
extern const size_t nroutes;

#endif
