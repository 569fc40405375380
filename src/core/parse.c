/*
 * parse.c - bounded integer parsing over (pointer, end) ranges.
 */
#include "parse.h"

int parse_uint(const char **p, const char *end, uint64_t *out, uint64_t max)
{
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;
	while ((!end || s < end) && *s >= '0' && *s <= '9') {
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
		s++;
		digits++;
	}
	if (!digits)
		return -1;
	*out = v;
	*p = s;
	return 0;
}

int parse_int(const char **p, const char *end, int64_t *out, int64_t max)
{
	const char *s = *p;
	int neg = 0;
	uint64_t v;
	if ((!end || s < end) && *s == '-') {
		neg = 1;
		s++;
	}
	if (max < 0 || parse_uint(&s, end, &v, (uint64_t)max) < 0)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	*p = s;
	return 0;
}

int parse_long_str(const char *s, long min, long max, long *out)
{
	const char *p = s;
	int64_t v;
	int64_t bound = max > -min ? max : -min;
	if (!s || parse_int(&p, NULL, &v, bound) < 0 || *p)
		return -1;
	if (v < min || v > max)
		return -1;
	*out = (long)v;
	return 0;
}
