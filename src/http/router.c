/*
 * router.c - compiles route patterns into segment lists and matches decoded
 * request paths against them (most literal segments first, then table
 * order); also decodes and validates the request path.
 */
#include "http/router.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/xalloc.h"

enum seg_kind { SEG_LIT, SEG_ARG, SEG_REST };

struct router_seg {
	enum seg_kind kind;
	const char *text; /* literal text or argument name, in the pattern */
	size_t len;
};

struct router_entry {
	struct router_seg segs[ROUTER_MAX_SEGMENTS];
	size_t nsegs;
	size_t literals;
};

/* A path split into segments; text points into the path. */
struct path_segs {
	const char *text[ROUTER_MAX_SEGMENTS];
	size_t len[ROUTER_MAX_SEGMENTS];
	size_t n;
	int overflow;
};

static void split_path(const char *path, struct path_segs *ps)
{
	ps->n = 0;
	ps->overflow = 0;
	const char *p = path[0] == '/' ? path + 1 : path;
	if (!*p)
		return;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (ps->n == ROUTER_MAX_SEGMENTS) {
			ps->overflow = 1;
			return;
		}
		ps->text[ps->n] = p;
		ps->len[ps->n] = len;
		ps->n++;
		if (!slash)
			return;
		p = slash + 1;
	}
}

static int compile_error(const struct route *rt, const char *why)
{
	fprintf(stderr, "error: route '%s': %s\n", rt->pattern ? rt->pattern : "(null)", why);
	return -1;
}

static int compile(const struct route *rt, struct router_entry *e)
{
	if (!rt->method || !rt->handler)
		return compile_error(rt, "no method or handler");
	if (!rt->pattern || rt->pattern[0] != '/')
		return compile_error(rt, "pattern must start with '/'");
	struct path_segs ps;
	split_path(rt->pattern, &ps);
	if (ps.overflow)
		return compile_error(rt, "too many segments");
	size_t nargs = 0;
	e->nsegs = ps.n;
	e->literals = 0;
	for (size_t i = 0; i < ps.n; i++) {
		struct router_seg *s = &e->segs[i];
		const char *t = ps.text[i];
		size_t len = ps.len[i];
		if (len && t[0] == '{') {
			if (len < 3 || t[len - 1] != '}')
				return compile_error(rt, "bad '{name}' segment");
			s->kind = SEG_ARG;
			s->text = t + 1;
			s->len = len - 2;
			if (s->text[s->len - 1] == '*') {
				if (i + 1 != ps.n || s->len < 2)
					return compile_error(rt, "'{name*}' must be the last segment");
				s->kind = SEG_REST;
				s->len--;
			}
			if (memchr(s->text, '{', s->len) || memchr(s->text, '}', s->len))
				return compile_error(rt, "bad '{name}' segment");
			if (++nargs > ROUTER_MAX_ARGS)
				return compile_error(rt, "too many arguments");
		} else {
			if (memchr(t, '{', len) || memchr(t, '}', len))
				return compile_error(rt, "'{' inside a literal segment");
			s->kind = SEG_LIT;
			s->text = t;
			s->len = len;
			e->literals++;
		}
	}
	return 0;
}

int router_init(struct router *r, const struct route *routes, size_t n)
{
	r->routes = routes;
	r->n = n;
	r->compiled = xcalloc(n ? n : 1, sizeof(*r->compiled));
	for (size_t i = 0; i < n; i++) {
		if (compile(&routes[i], &r->compiled[i]) < 0) {
			router_release(r);
			return -1;
		}
	}
	return 0;
}

void router_release(struct router *r)
{
	free(r->compiled);
	r->compiled = NULL;
	r->n = 0;
}

/* Does the entry match the path? Fills args when `a` is given. */
static int entry_match(const struct router_entry *e, const struct path_segs *ps,
		       struct arena *a, struct router_match *m, int *nomem)
{
	if (ps->overflow)
		return 0;
	int rest = e->nsegs && e->segs[e->nsegs - 1].kind == SEG_REST;
	if (rest ? ps->n < e->nsegs : ps->n != e->nsegs)
		return 0;
	for (size_t i = 0; i < e->nsegs; i++) {
		const struct router_seg *s = &e->segs[i];
		if (s->kind == SEG_LIT) {
			if (s->len != ps->len[i] || memcmp(s->text, ps->text[i], s->len))
				return 0;
		} else if (ps->len[i] == 0) {
			return 0;
		}
	}
	if (!a)
		return 1;
	m->nargs = 0;
	for (size_t i = 0; i < e->nsegs; i++) {
		const struct router_seg *s = &e->segs[i];
		if (s->kind == SEG_LIT)
			continue;
		size_t vlen = s->kind == SEG_REST ? strlen(ps->text[i]) : ps->len[i];
		char *name = arena_strndup(a, s->text, s->len);
		char *value = arena_strndup(a, ps->text[i], vlen);
		if (!name || !value) {
			*nomem = 1;
			return 0;
		}
		m->args[m->nargs].name = name;
		m->args[m->nargs].value = value;
		m->nargs++;
	}
	return 1;
}

static int method_matches(const char *route_method, const char *method)
{
	return !strcmp(route_method, method) ||
	       (!strcmp(method, "HEAD") && !strcmp(route_method, "GET"));
}

static int allow_has(const char **list, size_t n, const char *method)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], method))
			return 1;
	return 0;
}

enum router_result router_match(const struct router *r, struct arena *a,
				const char *method, const char *path,
				struct router_match *m)
{
	struct path_segs ps;
	split_path(path, &ps);
	m->route = NULL;
	m->nargs = 0;
	m->allow = NULL;
	size_t best = r->n, nallow = 0;
	int path_known = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct router_entry *e = &r->compiled[i];
		if (!entry_match(e, &ps, NULL, NULL, NULL))
			continue;
		path_known = 1;
		if (!method_matches(r->routes[i].method, method))
			continue;
		if (best == r->n || e->literals > r->compiled[best].literals)
			best = i;
	}
	if (best < r->n) {
		int nomem = 0;
		if (!entry_match(&r->compiled[best], &ps, a, m, &nomem))
			return ROUTER_NOMEM;
		m->route = &r->routes[best];
		m->index = best;
		return ROUTER_FOUND;
	}
	if (!path_known)
		return ROUTER_NOT_FOUND;
	/* 405: list the methods that would have matched, GET adding HEAD */
	const char **list = arena_alloc(a, (2 * r->n + 1) * sizeof(*list));
	struct sbuf *sb = arena_sbuf(a, 1024);
	if (!list || !sb)
		return ROUTER_NOMEM;
	for (size_t i = 0; i < r->n; i++) {
		if (!entry_match(&r->compiled[i], &ps, NULL, NULL, NULL))
			continue;
		const char *rm = r->routes[i].method;
		if (!allow_has(list, nallow, rm))
			list[nallow++] = rm;
		if (!strcmp(rm, "GET") && !allow_has(list, nallow, "HEAD"))
			list[nallow++] = "HEAD";
	}
	for (size_t i = 0; i < nallow; i++)
		if (sbuf_addstr(sb, i ? ", " : "") < 0 || sbuf_addstr(sb, list[i]) < 0)
			break;
	m->allow = arena_strdup(a, sb->buf);
	return m->allow ? ROUTER_BAD_METHOD : ROUTER_NOMEM;
}

enum form_status router_decode_path(struct arena *a, const char *raw, size_t len,
				    char **out)
{
	if (len == 0 || raw[0] != '/')
		return FORM_MALFORMED;
	for (size_t i = 0; i + 2 < len; i++)
		if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'F' || raw[i + 2] == 'f'))
			return FORM_MALFORMED;
	char *buf = arena_alloc(a, len + 1);
	if (!buf)
		return FORM_NOMEM;
	long n = form_decode(raw, len, 0, buf);
	if (n < 0)
		return FORM_MALFORMED;
	if (!utf8_valid(buf, (size_t)n))
		return FORM_BAD_UTF8;
	for (long i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x20 || c == 0x7f)
			return FORM_MALFORMED;
	}
	/* no "." or ".." segment anywhere */
	for (const char *s = buf; s; ) {
		s++; /* past the '/' */
		const char *slash = strchr(s, '/');
		size_t sl = slash ? (size_t)(slash - s) : strlen(s);
		if ((sl == 1 && s[0] == '.') || (sl == 2 && s[0] == '.' && s[1] == '.'))
			return FORM_MALFORMED;
		s = slash;
	}
	*out = buf;
	return FORM_OK;
}
