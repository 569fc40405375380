/*
 * multipart.c - a bounded multipart/form-data parser over a complete body:
 * it walks the buffer with memmem() between delimiters, never reads past
 * the end, and copies only field names, text values and part metadata.
 */
#include "http/multipart.h"
#include "core/arena.h"
#include "core/utf8.h"

#include <strings.h>

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Case-insensitive: does s[0..len) equal the NUL-terminated word? */
static int word_eq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/*
 * Find parameter `name` in a header value like `form-data; name="a";
 * filename="b.pdf"` (the first item, before ';', is skipped). A quoted
 * value runs to the next '"' (browsers percent-encode a '"' in names, and
 * send backslashes as they are). Returns 1 and sets *val and *vlen (pointing
 * into s) when found, 0 when absent, -1 when the syntax is broken.
 */
static int header_param(const char *s, size_t len, const char *name,
			const char **val, size_t *vlen)
{
	const char *p = s, *end = s + len;
	const char *semi = memchr(p, ';', len);
	if (!semi)
		return 0;
	p = semi;
	while (p < end) {
		if (*p == ';' || is_ows(*p)) {
			p++;
			continue;
		}
		const char *ns = p;
		while (p < end && *p != '=' && *p != ';' && !is_ows(*p))
			p++;
		const char *ne = p;
		while (p < end && is_ows(*p))
			p++;
		if (p == end || *p != '=')
			return -1;
		p++;
		while (p < end && is_ows(*p))
			p++;
		const char *vs, *ve;
		if (p < end && *p == '"') {
			vs = ++p;
			const char *q = memchr(p, '"', (size_t)(end - p));
			if (!q)
				return -1;
			ve = q;
			p = q + 1;
		} else {
			vs = p;
			while (p < end && *p != ';' && !is_ows(*p))
				p++;
			ve = p;
		}
		if (word_eq(ns, (size_t)(ne - ns), name)) {
			*val = vs;
			*vlen = (size_t)(ve - vs);
			return 1;
		}
	}
	return 0;
}

/* Does the header value's first item (before ';') equal `type`? */
static int first_item_is(const char *s, size_t len, const char *type)
{
	const char *semi = memchr(s, ';', len);
	const char *e = semi ? semi : s + len;
	while (s < e && is_ows(*s))
		s++;
	while (e > s && is_ows(e[-1]))
		e--;
	return word_eq(s, (size_t)(e - s), type);
}

static int is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("'()+_,-./:=? ", c) != NULL;
}

int multipart_boundary(struct arena *a, const char *content_type,
		       const char **boundary)
{
	size_t len = strlen(content_type);
	if (!first_item_is(content_type, len, "multipart/form-data"))
		return -1;
	const char *v;
	size_t vlen;
	if (header_param(content_type, len, "boundary", &v, &vlen) != 1)
		return -1;
	if (vlen == 0 || vlen > MULTIPART_MAX_BOUNDARY || v[vlen - 1] == ' ')
		return -1;
	for (size_t i = 0; i < vlen; i++)
		if (!is_bchar((unsigned char)v[i]))
			return -1;
	char *b = arena_strndup(a, v, vlen);
	if (!b)
		return -1;
	*boundary = b;
	return 0;
}

static int files_add(struct arena *a, struct http_files *f, const struct http_file *file)
{
	if (f->n >= f->max)
		return FORM_TOO_MANY;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 4;
		if (cap > f->max)
			cap = f->max;
		struct http_file *v = arena_alloc(a, cap * sizeof(*v));
		if (!v)
			return FORM_NOMEM;
		if (f->n)
			memcpy(v, f->v, f->n * sizeof(*v));
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = *file;
	return FORM_OK;
}

/* A validated, NUL-terminated arena copy of s[0..len). */
static enum form_status copy_text(struct arena *a, const char *s, size_t len, char **out)
{
	if (!utf8_valid(s, len))
		return FORM_BAD_UTF8;
	*out = arena_strndup(a, s, len);
	return *out ? FORM_OK : FORM_NOMEM;
}

struct part_headers {
	const char *disp, *type;
	size_t disp_len, type_len;
};

/* Read the header lines of one part, hs[0..len) (each line ends in CRLF). */
static enum form_status read_part_headers(const char *hs, size_t len, struct part_headers *h)
{
	const char *p = hs, *end = hs + len;
	memset(h, 0, sizeof(*h));
	while (p < end) {
		const char *crlf = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (!crlf)
			return FORM_MALFORMED;
		const char *colon = memchr(p, ':', (size_t)(crlf - p));
		if (!colon)
			return FORM_MALFORMED;
		const char *vs = colon + 1, *ve = crlf;
		while (vs < ve && is_ows(*vs))
			vs++;
		while (ve > vs && is_ows(ve[-1]))
			ve--;
		size_t nlen = (size_t)(colon - p);
		if (word_eq(p, nlen, "content-disposition")) {
			h->disp = vs;
			h->disp_len = (size_t)(ve - vs);
		} else if (word_eq(p, nlen, "content-type")) {
			h->type = vs;
			h->type_len = (size_t)(ve - vs);
		}
		p = crlf + 2;
	}
	return FORM_OK;
}

static enum form_status add_part(struct arena *a, const struct part_headers *h,
				 const char *data, size_t len,
				 struct form_params *fields, struct http_files *files)
{
	const char *name, *fname;
	size_t name_len, fname_len;
	if (!h->disp || !first_item_is(h->disp, h->disp_len, "form-data"))
		return FORM_MALFORMED;
	if (header_param(h->disp, h->disp_len, "name", &name, &name_len) != 1 || name_len == 0)
		return FORM_MALFORMED;
	int has_file = header_param(h->disp, h->disp_len, "filename", &fname, &fname_len);
	if (has_file < 0)
		return FORM_MALFORMED;
	char *field;
	enum form_status st = copy_text(a, name, name_len, &field);
	if (st != FORM_OK)
		return st;
	if (!has_file) {
		char *value;
		st = copy_text(a, data, len, &value);
		if (st != FORM_OK)
			return st;
		return form_params_add(a, fields, field, value, len);
	}
	if (fname_len == 0 && len == 0)
		return FORM_OK;
	for (size_t i = fname_len; i > 0; i--) {
		if (fname[i - 1] == '/' || fname[i - 1] == '\\') {
			fname_len -= i;
			fname += i;
			break;
		}
	}
	struct http_file file = { .field = field, .data = (const unsigned char *)data, .len = len };
	char *s;
	if ((st = copy_text(a, fname, fname_len, &s)) != FORM_OK)
		return st;
	file.filename = s;
	if (h->type && h->type_len) {
		if ((st = copy_text(a, h->type, h->type_len, &s)) != FORM_OK)
			return st;
		file.content_type = s;
	} else {
		file.content_type = "application/octet-stream";
	}
	return files_add(a, files, &file);
}

enum form_status multipart_parse(struct arena *a, const char *body, size_t len,
				 const char *boundary, struct form_params *fields,
				 struct http_files *files)
{
	size_t blen = strlen(boundary);
	if (blen == 0 || blen > MULTIPART_MAX_BOUNDARY)
		return FORM_MALFORMED;
	/* "\r\n--boundary"; the first delimiter may lack the CRLF */
	char *delim = arena_printf(a, "\r\n--%s", boundary);
	if (!delim)
		return FORM_NOMEM;
	size_t dlen = blen + 4;
	const char *p, *end = body + len;
	if (len >= dlen - 2 && !memcmp(body, delim + 2, dlen - 2)) {
		p = body + dlen - 2;
	} else {
		const char *q = memmem(body, len, delim, dlen);
		if (!q)
			return FORM_MALFORMED;
		p = q + dlen;
	}
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return FORM_OK; /* close delimiter; the epilogue is ignored */
		while (p < end && is_ows(*p))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return FORM_MALFORMED;
		p += 2;
		const char *hs = p;
		size_t hlen;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
			hlen = 0;
			p += 2;
		} else {
			size_t room = (size_t)(end - p);
			if (room > MULTIPART_MAX_PART_HEADERS)
				room = MULTIPART_MAX_PART_HEADERS;
			const char *q = memmem(p, room, "\r\n\r\n", 4);
			if (!q)
				return FORM_MALFORMED;
			hlen = (size_t)(q - p) + 2;
			p = q + 4;
		}
		struct part_headers h;
		enum form_status st = read_part_headers(hs, hlen, &h);
		if (st != FORM_OK)
			return st;
		const char *q = memmem(p, (size_t)(end - p), delim, dlen);
		if (!q)
			return FORM_MALFORMED;
		st = add_part(a, &h, p, (size_t)(q - p), fields, files);
		if (st != FORM_OK)
			return st;
		p = q + dlen;
	}
}

const struct http_file *multipart_file(const struct http_files *files, const char *field)
{
	for (size_t i = 0; i < files->n; i++)
		if (!strcmp(files->v[i].field, field))
			return &files->v[i];
	return NULL;
}
