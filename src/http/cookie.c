/*
 * cookie.c - forgiving Cookie header parser and strict Set-Cookie
 * formatter.
 */
#include "http/cookie.h"
#include "core/arena.h"
#include "core/utf8.h"

static int is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a) ||
	       (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

int cookie_name_valid(const char *name)
{
	if (!*name)
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!is_tchar(*p))
			return 0;
	return 1;
}

int cookie_value_valid(const char *value)
{
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (!is_cookie_octet(*p))
			return 0;
	return 1;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Lenient value check for parsing: any UTF-8 without controls or ';'. */
static int value_acceptable(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return utf8_valid(v, len);
}

/* Trim spaces and tabs around s[0..*len); returns the new start. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;
	while (n && is_ows(*s)) {
		s++;
		n--;
	}
	while (n && is_ows(s[n - 1]))
		n--;
	*len = n;
	return s;
}

enum form_status cookie_parse(struct arena *a, const char *header, size_t len,
			      struct form_params *out)
{
	size_t pos = 0;
	while (pos < len) {
		const char *semi = memchr(header + pos, ';', len - pos);
		size_t plen = semi ? (size_t)(semi - (header + pos)) : len - pos;
		const char *pair = trim(header + pos, &plen);
		pos = semi ? (size_t)(semi - header) + 1 : len;
		const char *eq = memchr(pair, '=', plen);
		if (!eq)
			continue;
		size_t nlen = (size_t)(eq - pair), vlen = plen - nlen - 1;
		const char *name = trim(pair, &nlen);
		const char *value = trim(eq + 1, &vlen);
		if (nlen == 0)
			continue;
		int ok = 1;
		for (size_t i = 0; i < nlen; i++)
			if (!is_tchar((unsigned char)name[i]))
				ok = 0;
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value++;
			vlen -= 2;
		}
		if (!ok || !value_acceptable(value, vlen))
			continue;
		if (out->n >= out->max)
			break;
		char *n = arena_strndup(a, name, nlen);
		char *v = arena_strndup(a, value, vlen);
		if (!n || !v)
			return FORM_NOMEM;
		enum form_status st = form_params_add(a, out, n, v, vlen);
		if (st != FORM_OK)
			return st;
	}
	return FORM_OK;
}

int cookie_format(struct sbuf *sb, const char *name, const char *value,
		  long max_age, unsigned flags)
{
	if (!cookie_name_valid(name) || !cookie_value_valid(value))
		return -1;
	size_t mark = sb->len;
	int r = sbuf_addf(sb, "%s=%s; Path=/", name, value);
	if (r == 0 && max_age == 0)
		r = sbuf_addstr(sb, "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	else if (r == 0 && max_age > 0)
		r = sbuf_addf(sb, "; Max-Age=%ld", max_age);
	if (r == 0 && !(flags & COOKIE_READABLE))
		r = sbuf_addstr(sb, "; HttpOnly");
	if (r == 0)
		r = sbuf_addstr(sb, flags & COOKIE_STRICT ? "; SameSite=Strict" : "; SameSite=Lax");
	if (r == 0 && (flags & COOKIE_SECURE))
		r = sbuf_addstr(sb, "; Secure");
	if (r < 0) {
		sbuf_setlen(sb, mark);
		return -1;
	}
	return 0;
}
