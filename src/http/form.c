/*
 * form.c - arena-backed name/value lists and the urlencoded parser behind
 * query strings and form bodies. Every text is percent-decoded and checked
 * for UTF-8 before it is stored.
 */
#include "http/form.h"
#include "core/arena.h"
#include "core/utf8.h"

void form_params_init(struct form_params *p, size_t max)
{
	p->v = NULL;
	p->n = 0;
	p->cap = 0;
	p->max = max;
}

int form_params_add(struct arena *a, struct form_params *p,
		    const char *name, const char *value, size_t len)
{
	if (p->n >= p->max)
		return FORM_TOO_MANY;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		if (cap > p->max)
			cap = p->max;
		struct form_field *v = arena_alloc(a, cap * sizeof(*v));
		if (!v)
			return FORM_NOMEM;
		if (p->n)
			memcpy(v, p->v, p->n * sizeof(*v));
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].name = name;
	p->v[p->n].value = value;
	p->v[p->n].len = len;
	p->n++;
	return FORM_OK;
}

const char *form_params_get(const struct form_params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return p->v[i].value;
	return NULL;
}

size_t form_params_values(const struct form_params *p, const char *name,
			  const char **out, size_t max)
{
	size_t count = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->v[i].name, name))
			continue;
		if (count < max)
			out[count] = p->v[i].value;
		count++;
	}
	return count;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long form_decode(const char *s, size_t len, int plus_space, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi, lo;
			if (len - i < 3 || (hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0)
				return -1;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			out[o++] = ' ';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return (long)o;
}

/* Decode one name or value into a fresh arena string. */
static enum form_status decode_text(struct arena *a, const char *s, size_t len,
				    char **out, size_t *outlen)
{
	char *buf = arena_alloc(a, len + 1);
	if (!buf)
		return FORM_NOMEM;
	long n = form_decode(s, len, 1, buf);
	if (n < 0)
		return FORM_MALFORMED;
	if (!utf8_valid(buf, (size_t)n))
		return FORM_BAD_UTF8;
	*out = buf;
	*outlen = (size_t)n;
	return FORM_OK;
}

enum form_status form_parse_urlencoded(struct arena *a, const char *s, size_t len,
				       struct form_params *out)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pair_end = amp ? amp : end;
		if (pair_end > p) {
			const char *eq = memchr(p, '=', (size_t)(pair_end - p));
			const char *name_end = eq ? eq : pair_end;
			const char *val = eq ? eq + 1 : pair_end;
			char *name, *value;
			size_t nlen, vlen;
			enum form_status st = decode_text(a, p, (size_t)(name_end - p), &name, &nlen);
			if (st != FORM_OK)
				return st;
			st = decode_text(a, val, (size_t)(pair_end - val), &value, &vlen);
			if (st != FORM_OK)
				return st;
			if (nlen > 0) {
				st = form_params_add(a, out, name, value, vlen);
				if (st != FORM_OK)
					return st;
			}
		}
		p = amp ? amp + 1 : end;
	}
	return FORM_OK;
}
