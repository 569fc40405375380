/*
 * parse.h - bounded number parsing that advances a pointer (curl's
 * strparse, OpenBSD's strtonum). Use instead of atoi/strtol at call sites.
 *
 * Each function reads from *p, never past `end` when given, stores the value
 * and advances *p past what it consumed. It returns 0 on success and -1 when
 * there is no digit, or the value is above `max`; *p and *out are then
 * unchanged.
 */
#ifndef DANVAN_PARSE_H
#define DANVAN_PARSE_H

#include <stddef.h>
#include <stdint.h>

int parse_uint(const char **p, const char *end, uint64_t *out, uint64_t max);
/* Optional leading '-' allowed; |value| bounded by max. */
int parse_int(const char **p, const char *end, int64_t *out, int64_t max);
/* A whole NUL-terminated string that must be a number in [min, max]. */
int parse_long_str(const char *s, long min, long max, long *out);

#endif
