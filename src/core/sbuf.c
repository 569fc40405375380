/*
 * sbuf.c - bounded, always-terminated string builder with escaping appends
 * for HTML, URLs and JSON.
 */
#include "sbuf.h"
#include "xalloc.h"

#include <stdint.h>

const char sbuf_empty[1] = "";

void sbuf_init(struct sbuf *sb, size_t max)
{
	sb->buf = (char *)sbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
	sb->failed = 0;
}

void sbuf_release(struct sbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sbuf_init(sb, sb->max);
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p;
	if (len)
		*len = sb->len;
	if (sb->alloc) {
		p = sb->buf;
	} else {
		p = malloc(1);
		if (!p)
			return NULL;
		p[0] = '\0';
	}
	sbuf_init(sb, sb->max);
	return p;
}

void sbuf_reset(struct sbuf *sb)
{
	sbuf_setlen(sb, 0);
	sb->failed = 0;
}

void sbuf_setlen(struct sbuf *sb, size_t len)
{
	if (len > sb->len)
		BUG("sbuf_setlen beyond length");
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}

int sbuf_grow(struct sbuf *sb, size_t extra)
{
	if (extra > sb->max || sb->len > sb->max - extra) {
		sb->failed = 1;
		return -1;
	}
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return 0;
	size_t n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n = n < SIZE_MAX / 2 ? n * 2 : need;
	if (n > sb->max + 1)
		n = sb->max + 1;
	if (fault_alloc_should_fail()) {
		sb->failed = 1;
		return -1;
	}
	char *p = realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p) {
		sb->failed = 1;
		return -1;
	}
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

int sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	if (sbuf_grow(sb, len) < 0)
		return -1;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int sbuf_addstr(struct sbuf *sb, const char *s)
{
	return sbuf_add(sb, s, strlen(s));
}

int sbuf_addch(struct sbuf *sb, int c)
{
	char ch = (char)c;
	return sbuf_add(sb, &ch, 1);
}

int sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	/* formatted once into the room there is, again only when it did not
	 * fit (the report's SQL and links: half their time was the count
	 * vsnprintf(NULL, 0) made first) */
	size_t room = sb->alloc ? sb->alloc - sb->len : 0;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n >= 0 && (size_t)n < room && (size_t)n <= sb->max - sb->len) {
		sb->len += (size_t)n;
		return 0;
	}
	if (room)
		sb->buf[sb->len] = '\0'; /* what was written past the end goes */
	if (n < 0) {
		sb->failed = 1;
		return -1;
	}
	if (sbuf_grow(sb, (size_t)n) < 0)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int sbuf_add_int(struct sbuf *sb, long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	return sbuf_add(sb, tmp + i, sizeof(tmp) - i);
}

int sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

int sbuf_add_html(struct sbuf *sb, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (sbuf_add(sb, s + start, i - start) < 0 || sbuf_addstr(sb, rep) < 0)
			return -1;
		start = i + 1;
	}
	return sbuf_add(sb, s + start, len - start);
}

int sbuf_add_urlenc(struct sbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			if (sbuf_addch(sb, c) < 0)
				return -1;
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			if (sbuf_add(sb, e, 3) < 0)
				return -1;
		}
	}
	return 0;
}

int sbuf_add_json_str(struct sbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	if (sbuf_addch(sb, '"') < 0)
		return -1;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		size_t elen;
		if (c == '"' || c == '\\') {
			esc[0] = '\\'; esc[1] = (char)c; elen = 2;
		} else if (c == '\n') {
			esc[0] = '\\'; esc[1] = 'n'; elen = 2;
		} else if (c == '\r') {
			esc[0] = '\\'; esc[1] = 'r'; elen = 2;
		} else if (c == '\t') {
			esc[0] = '\\'; esc[1] = 't'; elen = 2;
		} else if (c < 0x20 || c == '<') {
			/* '<' escaped so JSON can never close a <script> */
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4]; esc[5] = hex[c & 15]; elen = 6;
		} else {
			continue;
		}
		if (sbuf_add(sb, s + start, i - start) < 0 || sbuf_add(sb, esc, elen) < 0)
			return -1;
		start = i + 1;
	}
	if (sbuf_add(sb, s + start, len - start) < 0)
		return -1;
	return sbuf_addch(sb, '"');
}
