/*
 * params.c - one reader for the query parameters of every list, driven by
 * the table of params.h, and the query string rebuilt from the same table.
 */
#include "http/params.h"
#include "http/request.h"
#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"

#include <inttypes.h>

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* s cut to at most max bytes on a UTF-8 character boundary: s itself when
 * short enough, else an arena copy (NULL when out of memory). */
static const char *clip(struct arena *a, const char *s, size_t max)
{
	size_t len = strlen(s);
	if (!max || len <= max)
		return s;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* s[n] would start the cut: step back to a character start */
	return arena_strndup(a, s, n);
}

/* A whole number in [min, max]: 0; -1 when not; 1 when all digits (not all
 * zeros) but beyond int64_t. */
static int whole(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long v;
	if (parse_long_str(s, (long)min, (long)max, &v) == 0) {
		*out = v;
		return 0;
	}
	size_t digits = strspn(s, "0123456789");
	if (digits && !s[digits] && strspn(s, "0") < digits) {
		/* all digits: beyond max, or beyond a long */
		const char *p = s;
		uint64_t u;
		if (parse_uint(&p, NULL, &u, INT64_MAX) < 0)
			return 1;
	}
	return -1;
}

static int bad(const struct param *p, enum params_mode mode, json_t *errors)
{
	if (mode != PARAMS_STRICT || !errors)
		return 1;
	json_t *m = p->type == PARAM_INT || p->type == PARAM_PAGE
		? json_sprintf("phải là số nguyên từ %" PRId64 " đến %" PRId64, p->min, p->max)
		: json_string(p->message ? p->message : "giá trị không hợp lệ");
	if (!m || json_object_set_new(errors, p->name, m) < 0)
		return -1;
	return 1;
}

/* Read one parameter into its field: 0, 1 when bad, -1 out of memory. */
static int read_one(const struct param *p, enum params_mode mode, const char *s, struct arena *a,
		    char *base, json_t *errors)
{
	void *field = base + p->offset;
	switch (p->type) {
	case PARAM_TEXT:
		*(const char **)field = NULL;
		if (!s || !*s || (mode == PARAMS_LENIENT && blank(s)))
			return 0;
		if (!(*(const char **)field = clip(a, s, (size_t)p->max)))
			return -1;
		return 0;
	case PARAM_INT:
	case PARAM_PAGE: {
		int64_t v;
		*(int64_t *)field = p->dflt;
		if (!s || (mode == PARAMS_LENIENT && !*s))
			return 0;
		int rc = whole(s, p->min, p->max, &v);
		if (rc == 0) {
			*(int64_t *)field = v;
			return 0;
		}
		if (rc == 1 && p->type == PARAM_PAGE) {
			*(int64_t *)field = INT64_MAX;
			return 0;
		}
		return bad(p, mode, errors);
	}
	case PARAM_ENUM:
		*(int *)field = (int)p->dflt;
		if (!s || !*s)
			return 0;
		for (int i = 0; i < p->count; i++) {
			const char *name = p->name_of(i);
			if (name && !strcmp(name, s)) {
				if (p->allow && !(p->allow & (1u << i)))
					break;
				*(int *)field = p->base + i;
				return 0;
			}
		}
		return bad(p, mode, errors);
	case PARAM_FLAG:
		*(int *)field = s && p->on && !strcmp(s, p->on);
		return 0;
	}
	return 0;
}

int params_read(const struct param *tab, size_t n, enum params_mode mode, params_get_fn get, void *arg,
		struct arena *a, void *filter, json_t *errors)
{
	int nbad = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = read_one(&tab[i], mode, get(arg, tab[i].name), a, filter, errors);
		if (rc < 0)
			return -1;
		nbad += rc;
	}
	return nbad;
}

static const char *query_get(void *arg, const char *name)
{
	return req_query(arg, name);
}

int params_from_query(struct request *req, const struct param *tab, size_t n, enum params_mode mode,
		      void *filter, json_t *errors)
{
	return params_read(tab, n, mode, query_get, req, req->arena, filter, errors);
}

const struct param *params_find(const struct param *tab, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name))
			return &tab[i];
	return NULL;
}

/* The value of a parameter as it goes into a link; NULL at its default. */
static const char *link_value(const struct param *p, const char *base, char *buf, size_t bufsz)
{
	const void *field = base + p->offset;
	switch (p->type) {
	case PARAM_TEXT:
		return *(const char *const *)field;
	case PARAM_INT: {
		int64_t v = *(const int64_t *)field;
		if (v == p->dflt)
			return NULL;
		snprintf(buf, bufsz, "%" PRId64, v);
		return buf;
	}
	case PARAM_ENUM: {
		int v = *(const int *)field;
		return v == (int)p->dflt || v - p->base < 0 || v - p->base >= p->count ? NULL : p->name_of(v - p->base);
	}
	case PARAM_FLAG:
		return *(const int *)field ? p->on : NULL;
	case PARAM_PAGE:
		return NULL;
	}
	return NULL;
}

int params_query(struct sbuf *out, const struct param *tab, size_t n, const void *filter, const char *skip)
{
	for (size_t i = 0; i < n; i++) {
		char num[24];
		if (skip && !strcmp(tab[i].name, skip))
			continue;
		const char *v = link_value(&tab[i], filter, num, sizeof(num));
		if (!v)
			continue;
		if ((out->len && sbuf_addch(out, '&') < 0) || sbuf_addstr(out, tab[i].name) < 0 ||
		    sbuf_addch(out, '=') < 0 || sbuf_add_urlenc(out, v, strlen(v)) < 0)
			return -1;
	}
	return 0;
}
