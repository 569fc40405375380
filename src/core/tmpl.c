/*
 * tmpl.c - the template compiler (text to a flat array of nodes per template,
 * once at start-up) and the renderer (a walk over those nodes that appends to
 * a bounded sbuf, looking values up in a stack of jansson contexts).
 */
#include "tmpl.h"
#include "assets.h"
#include "sbuf.h"
#include "timefmt.h"
#include "xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>

enum op { OP_TEXT, OP_VAR, OP_IF, OP_UNLESS, OP_EACH, OP_WITH, OP_SET, OP_PARTIAL };
enum filter { FL_NONE, FL_DATE, FL_DATETIME, FL_ISO, FL_NUM, FL_URLENC, FL_JSON };
enum pathkind { P_NONE, P_DOT, P_INDEX, P_FIRST, P_LAST, P_NAME };

static const char *const op_names[] = {
	[OP_IF] = "if", [OP_UNLESS] = "unless", [OP_EACH] = "each",
	[OP_WITH] = "with", [OP_SET] = "set",
};

static const struct {
	const char *name;
	enum filter f;
} filters[] = {
	{ "date", FL_DATE }, { "datetime", FL_DATETIME }, { "iso", FL_ISO },
	{ "num", FL_NUM }, { "urlenc", FL_URLENC }, { "json", FL_JSON },
};

/* One part of a dotted path; idx is its value when it is all digits. */
struct seg {
	const char *s;
	uint32_t n;
	uint32_t idx;
};

#define SEG_NOIDX UINT32_MAX

/*
 * A compiled node. Sections (if/unless/each/with/set) own the nodes
 * [self+1, end); the else-branch is [else_at, end) and the main branch
 * [self+1, else_at), so else_at == end when there is no {{else}}.
 */
struct node {
	uint8_t op, filter, raw, pkind;
	uint8_t local;         /* ".name": the current context only */
	uint32_t seg0, nseg;   /* path parts in tmpl.segs */
	uint32_t else_at, end;
	uint32_t line;
	uint32_t len;
	const char *text;      /* OP_TEXT text; #set and partial name */
	int32_t partial;       /* template index once checked, else -1 */
};

struct tmpl {
	char *name;
	char *src;             /* owned copy of the text; nodes point into it */
	struct node *nodes;
	uint32_t nnodes, capnodes;
	struct seg *segs;
	uint32_t nsegs, capsegs;
};

struct tmpl_set {
	struct tmpl **v;
	size_t n, cap;
	uint32_t *hash;        /* open addressing: template index + 1, 0 empty */
	size_t hcap;
};

const char *tmpl_strerror(int code)
{
	switch (code) {
	case TMPL_OK: return "ok";
	case TMPL_EPARSE: return "malformed template";
	case TMPL_ENOTFOUND: return "no such template";
	case TMPL_ETOOBIG: return "output too large";
	case TMPL_ELIMIT: return "template limit reached";
	default: return "unknown template error";
	}
}

/* ---- the set ---------------------------------------------------------- */

static uint32_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int set_find(const struct tmpl_set *set, const char *name, size_t n)
{
	if (!set->hcap)
		return -1;
	size_t mask = set->hcap - 1;
	for (size_t i = hash_name(name, n) & mask;; i = (i + 1) & mask) {
		uint32_t e = set->hash[i];
		if (!e)
			return -1;
		const char *tn = set->v[e - 1]->name;
		if (!strncmp(tn, name, n) && tn[n] == '\0')
			return (int)(e - 1);
	}
}

static void hash_insert(struct tmpl_set *set, size_t idx)
{
	const char *name = set->v[idx]->name;
	size_t mask = set->hcap - 1;
	size_t i = hash_name(name, strlen(name)) & mask;
	while (set->hash[i])
		i = (i + 1) & mask;
	set->hash[i] = (uint32_t)idx + 1;
}

static void set_add(struct tmpl_set *set, struct tmpl *t)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 32;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n++] = t;
	if (set->n * 2 > set->hcap) {
		free(set->hash);
		set->hcap = set->hcap ? set->hcap * 2 : 64;
		while (set->n * 2 > set->hcap)
			set->hcap *= 2;
		set->hash = xcalloc(set->hcap, sizeof(*set->hash));
		for (size_t i = 0; i < set->n; i++)
			hash_insert(set, i);
	} else {
		hash_insert(set, set->n - 1);
	}
}

static void tmpl_free_one(struct tmpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->src);
	free(t->nodes);
	free(t->segs);
	free(t);
}

struct tmpl_set *tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

void tmpl_set_free(struct tmpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		tmpl_free_one(set->v[i]);
	free(set->v);
	free(set->hash);
	free(set);
}

int tmpl_exists(const struct tmpl_set *set, const char *name)
{
	return set_find(set, name, strlen(name)) >= 0;
}

/* ---- the compiler ----------------------------------------------------- */

struct open_section {
	uint32_t node, line;
	int has_else;
};

struct parser {
	struct tmpl *t;
	struct open_section open[TMPL_MAX_NEST];
	int nopen;
	uint32_t line;          /* line of the tag being compiled */
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int perr(struct parser *p, const char *fmt, ...)
{
	if (p->err && p->errlen) {
		int n = snprintf(p->err, p->errlen, "template \"%s\" line %u: ",
				 p->t->name, (unsigned)p->line);
		if (n >= 0 && (size_t)n < p->errlen) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return TMPL_EPARSE;
}

static uint32_t count_nl(const char *a, const char *b)
{
	uint32_t n = 0;
	while (a < b && (a = memchr(a, '\n', (size_t)(b - a)))) {
		n++;
		a++;
	}
	return n;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Trim whitespace off both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_ws((*s)[*n - 1]))
		(*n)--;
}

static int word_eq(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

static struct node *add_node(struct parser *p, enum op op)
{
	struct tmpl *t = p->t;
	if (t->nnodes == t->capnodes) {
		t->capnodes = t->capnodes ? t->capnodes * 2 : 16;
		t->nodes = xrealloc(t->nodes, t->capnodes * sizeof(*t->nodes));
	}
	struct node *nd = &t->nodes[t->nnodes++];
	memset(nd, 0, sizeof(*nd));
	nd->op = (uint8_t)op;
	nd->line = p->line;
	nd->partial = -1;
	return nd;
}

static void add_seg(struct tmpl *t, const char *s, size_t n)
{
	if (t->nsegs == t->capsegs) {
		t->capsegs = t->capsegs ? t->capsegs * 2 : 16;
		t->segs = xrealloc(t->segs, t->capsegs * sizeof(*t->segs));
	}
	struct seg *g = &t->segs[t->nsegs++];
	g->s = s;
	g->n = (uint32_t)n;
	g->idx = SEG_NOIDX;
	if (n <= 9) {
		uint32_t v = 0;
		size_t i;
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			v = v * 10 + (uint32_t)(s[i] - '0');
		if (i == n)
			g->idx = v;
	}
}

/* Compile a path ("a.b", ".", "@index") into nd; s/n are trimmed. */
static int parse_path(struct parser *p, struct node *nd, const char *s, size_t n)
{
	if (n == 1 && s[0] == '.') {
		nd->pkind = P_DOT;
		return 0;
	}
	if (word_eq(s, n, "@index")) {
		nd->pkind = P_INDEX;
		return 0;
	}
	if (word_eq(s, n, "@first")) {
		nd->pkind = P_FIRST;
		return 0;
	}
	if (word_eq(s, n, "@last")) {
		nd->pkind = P_LAST;
		return 0;
	}
	nd->pkind = P_NAME;
	nd->seg0 = p->t->nsegs;
	size_t i = 0;
	if (n > 1 && s[0] == '.' && s[1] != '.') {
		nd->local = 1;
		i = 1;
	}
	do {
		size_t st = i;
		while (i < n && is_key_char(s[i]))
			i++;
		if (i == st || (i < n && s[i] != '.') || (i < n && i + 1 == n))
			return perr(p, "bad variable \"%.*s\"", (int)(n > 60 ? 60 : n), s);
		add_seg(p->t, s + st, i - st);
		nd->nseg++;
	} while (i++ < n);
	return 0;
}

static void add_text(struct parser *p, const char *a, const char *b)
{
	if (a >= b)
		return;
	struct node *nd = add_node(p, OP_TEXT);
	nd->text = a;
	nd->len = (uint32_t)(b - a);
}

/* {{path}}, {{raw path}}, optionally with |filter */
static int compile_var(struct parser *p, const char *s, size_t n)
{
	struct node *nd = add_node(p, OP_VAR);
	if (n > 4 && !memcmp(s, "raw", 3) && is_ws(s[3])) {
		nd->raw = 1;
		s += 4;
		n -= 4;
		trim(&s, &n);
	}
	const char *bar = memchr(s, '|', n);
	size_t pn = bar ? (size_t)(bar - s) : n;
	const char *ps = s;
	trim(&ps, &pn);
	if (bar) {
		const char *f = bar + 1;
		size_t fn = n - (size_t)(f - s);
		trim(&f, &fn);
		size_t k;
		for (k = 0; k < sizeof(filters) / sizeof(filters[0]); k++)
			if (word_eq(f, fn, filters[k].name))
				break;
		if (k == sizeof(filters) / sizeof(filters[0]))
			return perr(p, "unknown filter \"%.*s\"", (int)(fn > 40 ? 40 : fn), f);
		nd->filter = (uint8_t)filters[k].f;
	}
	if (!pn)
		return perr(p, "missing variable name");
	return parse_path(p, nd, ps, pn);
}

static int compile_open(struct parser *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	enum op op;
	if (word_eq(s, i, "if"))
		op = OP_IF;
	else if (word_eq(s, i, "unless"))
		op = OP_UNLESS;
	else if (word_eq(s, i, "each"))
		op = OP_EACH;
	else if (word_eq(s, i, "with"))
		op = OP_WITH;
	else if (word_eq(s, i, "set"))
		op = OP_SET;
	else
		return perr(p, "unknown section \"{{#%.*s}}\"", (int)(n > 40 ? 40 : n), s);
	if (i < n && !is_ws(s[i]))
		return perr(p, "unknown section \"{{#%.*s}}\"", (int)(n > 40 ? 40 : n), s);
	const char *a = s + i;
	size_t an = n - i;
	trim(&a, &an);
	if (!an)
		return perr(p, "\"{{#%s}}\" needs a name", op_names[op]);
	if (p->nopen == TMPL_MAX_NEST)
		return perr(p, "sections nested deeper than %d", TMPL_MAX_NEST);
	struct node *nd = add_node(p, op);
	uint32_t idx = p->t->nnodes - 1;
	if (op == OP_SET) {
		for (size_t k = 0; k < an; k++)
			if (!is_key_char(a[k]))
				return perr(p, "bad name \"%.*s\" in \"{{#set}}\"",
					    (int)(an > 40 ? 40 : an), a);
		nd->text = a;
		nd->len = (uint32_t)an;
	} else {
		int rc = parse_path(p, nd, a, an);
		if (rc)
			return rc;
	}
	p->open[p->nopen].node = idx;
	p->open[p->nopen].line = p->line;
	p->open[p->nopen].has_else = 0;
	p->nopen++;
	return 0;
}

static int compile_close(struct parser *p, const char *s, size_t n)
{
	if (!p->nopen)
		return perr(p, "\"{{/%.*s}}\" with no open section", (int)(n > 40 ? 40 : n), s);
	struct open_section *o = &p->open[p->nopen - 1];
	struct node *nd = &p->t->nodes[o->node];
	if (!word_eq(s, n, op_names[nd->op]))
		return perr(p, "\"{{/%.*s}}\" does not close \"{{#%s}}\" opened at line %u",
			    (int)(n > 40 ? 40 : n), s, op_names[nd->op], (unsigned)o->line);
	nd->end = p->t->nnodes;
	if (!o->has_else)
		nd->else_at = nd->end;
	p->nopen--;
	return 0;
}

static int compile_else(struct parser *p)
{
	if (!p->nopen)
		return perr(p, "\"{{else}}\" outside a section");
	struct open_section *o = &p->open[p->nopen - 1];
	struct node *nd = &p->t->nodes[o->node];
	if (nd->op == OP_SET)
		return perr(p, "\"{{else}}\" inside \"{{#set}}\"");
	if (o->has_else)
		return perr(p, "second \"{{else}}\" in \"{{#%s}}\" opened at line %u",
			    op_names[nd->op], (unsigned)o->line);
	o->has_else = 1;
	nd->else_at = p->t->nnodes;
	return 0;
}

static int is_partial_char(char c)
{
	return is_key_char(c) || c == '/' || c == '.';
}

static int compile_partial(struct parser *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_partial_char(s[i]))
		i++;
	if (!i || (i < n && !is_ws(s[i])))
		return perr(p, "bad partial name \"%.*s\"", (int)(n > 40 ? 40 : n), s);
	struct node *nd = add_node(p, OP_PARTIAL);
	nd->text = s;
	nd->len = (uint32_t)i;
	const char *a = s + i;
	size_t an = n - i;
	trim(&a, &an);
	if (an)
		return parse_path(p, nd, a, an);
	return 0;
}

/*
 * A block tag alone on its line (apart from blanks) swallows the line. ls is
 * where the line starts; *next is set past the line's newline.
 */
static int standalone(const char *src, const char *end, const char *ts,
		      const char *te, const char **ls, const char **next)
{
	const char *a = ts;
	while (a > src && (a[-1] == ' ' || a[-1] == '\t'))
		a--;
	if (a > src && a[-1] != '\n')
		return 0;
	const char *b = te;
	while (b < end && (*b == ' ' || *b == '\t'))
		b++;
	if (b < end && *b == '\r' && b + 1 < end && b[1] == '\n')
		b += 2;
	else if (b < end && *b == '\n')
		b++;
	else if (b < end)
		return 0;
	*ls = a;
	*next = b;
	return 1;
}

static int compile(struct parser *p, const char *src, size_t len)
{
	const char *end = src + len;
	const char *txt = src;     /* start of pending text */
	uint32_t line = 1;         /* line at txt */
	for (;;) {
		const char *ts = memmem(txt, (size_t)(end - txt), "{{", 2);
		if (!ts) {
			add_text(p, txt, end);
			break;
		}
		p->line = line + count_nl(txt, ts);
		const char *ce = memmem(ts + 2, (size_t)(end - ts - 2), "}}", 2);
		if (!ce)
			return perr(p, "unterminated tag \"{{\" (no \"}}\")");
		const char *te = ce + 2;
		const char *s = ts + 2;
		size_t n = (size_t)(ce - s);
		trim(&s, &n);
		if (!n)
			return perr(p, "empty tag \"{{}}\"");
		int block = s[0] == '!' || s[0] == '#' || s[0] == '/' || s[0] == '>' ||
			    word_eq(s, n, "else");
		const char *text_end = ts, *next = te;
		if (block)
			standalone(src, end, ts, te, &text_end, &next);
		add_text(p, txt, text_end);
		int rc = 0;
		const char *a = s + 1;
		size_t an = n - 1;
		trim(&a, &an);
		switch (s[0]) {
		case '!':
			break;
		case '#':
			rc = compile_open(p, a, an);
			break;
		case '/':
			rc = compile_close(p, a, an);
			break;
		case '>':
			if (!an)
				rc = perr(p, "\"{{>}}\" needs a template name");
			else
				rc = compile_partial(p, a, an);
			break;
		default:
			rc = block ? compile_else(p) : compile_var(p, s, n);
			break;
		}
		if (rc)
			return rc;
		line = p->line + count_nl(ts, next);
		txt = next;
	}
	if (p->nopen) {
		struct open_section *o = &p->open[p->nopen - 1];
		p->line = o->line;
		return perr(p, "unclosed \"{{#%s}}\"", op_names[p->t->nodes[o->node].op]);
	}
	return 0;
}

int tmpl_set_parse(struct tmpl_set *set, const char *name, const char *text,
		   size_t len, char *err, size_t errlen)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	struct parser p = { .t = t, .line = 1, .err = err, .errlen = errlen };
	int rc;
	if (!text)
		text = "";
	if (!*name) {
		rc = perr(&p, "empty template name");
		goto out;
	}
	if (set_find(set, name, strlen(name)) >= 0) {
		rc = perr(&p, "a template of this name is already loaded");
		goto out;
	}
	if (len >= UINT32_MAX / 2) {
		rc = perr(&p, "template too large");
		goto out;
	}
	t->src = xstrndup(text, len);
	rc = compile(&p, t->src, len);
out:
	if (rc) {
		tmpl_free_one(t);
		return rc;
	}
	set_add(set, t);
	return 0;
}

int tmpl_set_check(struct tmpl_set *set, char *err, size_t errlen)
{
	for (size_t i = 0; i < set->n; i++) {
		struct tmpl *t = set->v[i];
		for (uint32_t k = 0; k < t->nnodes; k++) {
			struct node *nd = &t->nodes[k];
			if (nd->op != OP_PARTIAL)
				continue;
			int idx = set_find(set, nd->text, nd->len);
			if (idx < 0) {
				if (err && errlen)
					snprintf(err, errlen, "template \"%s\" line %u: unknown partial \"%.*s\"",
						 t->name, (unsigned)nd->line, (int)nd->len, nd->text);
				return TMPL_ENOTFOUND;
			}
			nd->partial = idx;
		}
	}
	return 0;
}

int tmpl_set_load(struct tmpl_set **out, char *err, size_t errlen)
{
	static const char dir[] = "templates/", ext[] = ".html";
	const size_t dl = sizeof(dir) - 1, el = sizeof(ext) - 1;
	struct tmpl_set *set = tmpl_set_new();
	int rc = 0;
	*out = NULL;
	for (const struct asset *a = assets; a->path; a++) {
		size_t pl = strlen(a->path);
		if (pl <= dl + el || strncmp(a->path, dir, dl) ||
		    strcmp(a->path + pl - el, ext))
			continue;
		char *name = xstrndup(a->path + dl, pl - dl - el);
		rc = tmpl_set_parse(set, name, (const char *)a->data, a->len, err, errlen);
		free(name);
		if (rc)
			goto out;
	}
	rc = tmpl_set_check(set, err, errlen);
out:
	if (rc) {
		tmpl_set_free(set);
		return rc;
	}
	*out = set;
	return 0;
}

/* ---- the renderer ----------------------------------------------------- */

enum vkind { V_MISSING, V_JSON, V_TEXT, V_INT, V_BOOL };

/* A looked-up value: a JSON value, or text/number the engine made. */
struct val {
	uint8_t kind;
	const json_t *j;
	const char *s;
	size_t n;
	int64_t i;
};

enum fkind { FR_VAL, FR_EACH, FR_SLOTS };

struct frame {
	uint8_t kind;
	struct val v;
	size_t index, count;   /* FR_EACH: 0-based position and length */
};

struct slot {
	const char *name;
	size_t namelen;
	struct sbuf sb;
};

#define MAX_FRAMES 128

struct render {
	const struct tmpl_set *set;
	struct sbuf *out;
	int plain;              /* inside {{#set}}: no escaping */
	int partials;
	long steps;
	int nframes;
	int nslots;
	struct frame frames[MAX_FRAMES];
	struct slot slots[TMPL_MAX_SETS + 1]; /* + "content" */
};

static void render_init(struct render *r, const struct tmpl_set *set,
			const json_t *data, struct sbuf *out)
{
	r->set = set;
	r->out = out;
	r->plain = 0;
	r->partials = 0;
	r->steps = 0;
	r->nslots = 0;
	memset(&r->frames[0], 0, 2 * sizeof(r->frames[0]));
	r->frames[0].kind = FR_VAL;
	if (data) {
		r->frames[0].v.kind = V_JSON;
		r->frames[0].v.j = data;
	}
	r->frames[1].kind = FR_SLOTS;
	r->nframes = 2;
}

static void render_release(struct render *r)
{
	for (int i = 0; i < r->nslots; i++)
		sbuf_release(&r->slots[i].sb);
	r->nslots = 0;
}

static struct slot *slot_find(struct render *r, const char *name, size_t n)
{
	for (int i = 0; i < r->nslots; i++)
		if (r->slots[i].namelen == n && !memcmp(r->slots[i].name, name, n))
			return &r->slots[i];
	return NULL;
}

static struct val lookup(const struct render *r, const struct tmpl *t,
			 const struct node *nd)
{
	struct val v = { .kind = V_MISSING };
	int f;
	switch (nd->pkind) {
	case P_DOT:
		for (f = r->nframes - 1; f >= 0; f--)
			if (r->frames[f].kind != FR_SLOTS)
				return r->frames[f].v;
		return v;
	case P_INDEX:
	case P_FIRST:
	case P_LAST:
		for (f = r->nframes - 1; f >= 0; f--) {
			const struct frame *fr = &r->frames[f];
			if (fr->kind != FR_EACH)
				continue;
			if (nd->pkind == P_INDEX) {
				v.kind = V_INT;
				v.i = (int64_t)fr->index + 1;
			} else {
				v.kind = V_BOOL;
				v.i = nd->pkind == P_FIRST ? fr->index == 0
							   : fr->index + 1 == fr->count;
			}
			return v;
		}
		return v;
	case P_NAME:
		break;
	default:
		return v;
	}
	const struct seg *g = &t->segs[nd->seg0];
	const json_t *cur = NULL;
	for (f = r->nframes - 1; f >= 0 && !cur; f--) {
		const struct frame *fr = &r->frames[f];
		if (nd->local) {
			if (fr->kind == FR_SLOTS)
				continue;
			if (fr->v.kind == V_JSON && json_is_object(fr->v.j))
				cur = json_object_getn(fr->v.j, g->s, g->n);
			break;
		}
		if (fr->kind == FR_SLOTS) {
			for (int i = 0; i < r->nslots; i++) {
				const struct slot *sl = &r->slots[i];
				if (sl->namelen == g->n && !memcmp(sl->name, g->s, g->n)) {
					if (nd->nseg == 1) {
						v.kind = V_TEXT;
						v.s = sl->sb.buf;
						v.n = sl->sb.len;
					}
					return v;
				}
			}
		} else if (fr->v.kind == V_JSON && json_is_object(fr->v.j)) {
			cur = json_object_getn(fr->v.j, g->s, g->n);
		}
	}
	for (uint32_t k = 1; cur && k < nd->nseg; k++) {
		g++;
		if (json_is_object(cur))
			cur = json_object_getn(cur, g->s, g->n);
		else if (json_is_array(cur) && g->idx != SEG_NOIDX)
			cur = json_array_get(cur, g->idx);
		else
			cur = NULL;
	}
	if (cur) {
		v.kind = V_JSON;
		v.j = cur;
	}
	return v;
}

static int truthy(const struct val *v)
{
	switch (v->kind) {
	case V_TEXT: return v->n > 0;
	case V_INT:
	case V_BOOL: return v->i != 0;
	case V_JSON: break;
	default: return 0;
	}
	switch (json_typeof(v->j)) {
	case JSON_OBJECT: return 1;
	case JSON_ARRAY: return json_array_size(v->j) > 0;
	case JSON_STRING: return json_string_length(v->j) > 0;
	case JSON_INTEGER: return json_integer_value(v->j) != 0;
	case JSON_REAL: return json_real_value(v->j) != 0.0;
	case JSON_TRUE: return 1;
	default: return 0;
	}
}

enum esc { ESC_NONE, ESC_HTML, ESC_URL };

static int put(struct render *r, const char *s, size_t n, enum esc e)
{
	int rc;
	switch (e) {
	case ESC_HTML: rc = sbuf_add_html(r->out, s, n); break;
	case ESC_URL: rc = sbuf_add_urlenc(r->out, s, n); break;
	default: rc = sbuf_add(r->out, s, n); break;
	}
	return rc ? TMPL_ETOOBIG : 0;
}

/* Decimal digits of v, written backwards ending at end; returns the start. */
static char *int_digits(char *end, int64_t v, char group)
{
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char *p = end;
	int k = 0;
	do {
		if (group && k && k % 3 == 0)
			*--p = group;
		*--p = (char)('0' + u % 10);
		u /= 10;
		k++;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

static int put_int(struct render *r, int64_t v, char group)
{
	char buf[40];
	char *s = int_digits(buf + sizeof(buf), v, group);
	return put(r, s, (size_t)(buf + sizeof(buf) - s), ESC_NONE);
}

/* A value as text, with no filter. */
static int put_plain(struct render *r, const struct val *v, enum esc e)
{
	char buf[40];
	switch (v->kind) {
	case V_TEXT: return put(r, v->s, v->n, e);
	case V_INT: return put_int(r, v->i, 0);
	case V_BOOL: return put(r, v->i ? "true" : "false", v->i ? 4 : 5, ESC_NONE);
	case V_JSON: break;
	default: return 0;
	}
	switch (json_typeof(v->j)) {
	case JSON_STRING:
		return put(r, json_string_value(v->j), json_string_length(v->j), e);
	case JSON_INTEGER:
		return put_int(r, json_integer_value(v->j), 0);
	case JSON_REAL: {
		int n = snprintf(buf, sizeof(buf), "%.15g", json_real_value(v->j));
		return n > 0 ? put(r, buf, (size_t)n, e) : 0;
	}
	case JSON_TRUE: return put(r, "true", 4, ESC_NONE);
	case JSON_FALSE: return put(r, "false", 5, ESC_NONE);
	default: return 0;
	}
}

/* An integer from a number value (reals truncated); -1 when there is none. */
static int val_int(const struct val *v, int64_t *out)
{
	if (v->kind == V_INT) {
		*out = v->i;
		return 0;
	}
	if (v->kind != V_JSON)
		return -1;
	if (json_is_integer(v->j)) {
		*out = json_integer_value(v->j);
		return 0;
	}
	if (json_is_real(v->j)) {
		double d = json_real_value(v->j);
		if (!isfinite(d) || d <= -9.2e18 || d >= 9.2e18)
			return -1;
		*out = (int64_t)d;
		return 0;
	}
	return -1;
}

/* UTC seconds whose Vietnam-local year is 0001..9999 (4-digit formats). */
#define TIME_MIN (-62135596800LL - VN_UTC_OFFSET)
#define TIME_MAX (253402300799LL - VN_UTC_OFFSET)

static int put_time(struct render *r, const struct val *v, enum filter f, enum esc e)
{
	int64_t t;
	char buf[32];
	if (val_int(v, &t) || t < TIME_MIN || t > TIME_MAX)
		return put_plain(r, v, e);
	if (f == FL_DATE)
		fmt_date_vn(t, buf);
	else if (f == FL_DATETIME)
		fmt_datetime_vn(t, buf);
	else
		fmt_iso8601_vn(t, buf);
	return put(r, buf, strlen(buf), ESC_NONE);
}

static int put_num(struct render *r, const struct val *v, enum esc e)
{
	if (v->kind == V_INT || (v->kind == V_JSON && json_is_integer(v->j))) {
		int64_t i = 0;
		val_int(v, &i);
		return put_int(r, i, '.');
	}
	if (v->kind != V_JSON || !json_is_real(v->j))
		return put_plain(r, v, e);
	double d = json_real_value(v->j);
	double a = d < 0 ? -d : d;
	if (!isfinite(d) || a >= 1e15)
		return put_plain(r, v, e);
	int64_t ip = (int64_t)a;
	int64_t frac = (int64_t)((a - (double)ip) * 100 + 0.5);
	if (frac >= 100) {
		ip++;
		frac = 0;
	}
	char buf[48];
	char *end = buf + sizeof(buf), *p = end;
	if (frac) {
		if (frac % 10 == 0) {
			*--p = (char)('0' + frac / 10);
		} else {
			*--p = (char)('0' + frac % 10);
			*--p = (char)('0' + frac / 10);
		}
		*--p = ',';
	}
	p = int_digits(p, ip, '.');
	if (d < 0 && (ip || frac))
		*--p = '-';
	return put(r, p, (size_t)(end - p), ESC_NONE);
}

struct dump_ctx {
	struct render *r;
	enum esc e;
};

static int dump_cb(const char *buf, size_t size, void *data)
{
	struct dump_ctx *c = data;
	return put(c->r, buf, size, c->e) ? -1 : 0;
}

static int put_json(struct render *r, const struct val *v, enum esc e)
{
	switch (v->kind) {
	case V_JSON: {
		struct dump_ctx c = { r, e };
		return json_dump_callback(v->j, dump_cb, &c, JSON_ENCODE_ANY | JSON_COMPACT)
			? TMPL_ETOOBIG : 0;
	}
	case V_TEXT: {
		struct sbuf tmp = SBUF_INIT(r->out->max);
		int rc = sbuf_add_json_str(&tmp, v->s, v->n) ? TMPL_ETOOBIG
							     : put(r, tmp.buf, tmp.len, e);
		sbuf_release(&tmp);
		return rc;
	}
	case V_INT:
	case V_BOOL:
		return put_plain(r, v, e);
	default:
		return put(r, "null", 4, ESC_NONE);
	}
}

static int emit(struct render *r, const struct val *v, enum filter f, int raw)
{
	enum esc e = raw || r->plain ? ESC_NONE : ESC_HTML;
	switch (f) {
	case FL_DATE:
	case FL_DATETIME:
	case FL_ISO:
		return put_time(r, v, f, e);
	case FL_NUM:
		return put_num(r, v, e);
	case FL_URLENC:
		return put_plain(r, v, ESC_URL);
	case FL_JSON:
		return put_json(r, v, e);
	default:
		return put_plain(r, v, e);
	}
}

static int push(struct render *r, enum fkind kind, const struct val *v)
{
	if (r->nframes == MAX_FRAMES)
		return TMPL_ELIMIT;
	struct frame *fr = &r->frames[r->nframes++];
	fr->kind = (uint8_t)kind;
	fr->v = *v;
	fr->index = fr->count = 0;
	return 0;
}

static int render_nodes(struct render *r, const struct tmpl *t, uint32_t b, uint32_t e);

static int render_set(struct render *r, const struct tmpl *t, const struct node *nd)
{
	struct sbuf cap = SBUF_INIT(r->out->max);
	struct sbuf *saved = r->out;
	int plain = r->plain;
	r->out = &cap;
	r->plain = 1;
	uint32_t self = (uint32_t)(nd - t->nodes);
	int rc = render_nodes(r, t, self + 1, nd->end);
	r->out = saved;
	r->plain = plain;
	if (rc)
		goto fail;
	struct slot *sl = slot_find(r, nd->text, nd->len);
	if (!sl) {
		if (r->nslots >= TMPL_MAX_SETS) {
			rc = TMPL_ELIMIT;
			goto fail;
		}
		sl = &r->slots[r->nslots++];
		sl->name = nd->text;
		sl->namelen = nd->len;
		sbuf_init(&sl->sb, 0);
	}
	sbuf_release(&sl->sb);
	sl->sb = cap;
	return 0;
fail:
	sbuf_release(&cap);
	return rc;
}

static int render_partial(struct render *r, const struct tmpl *t, const struct node *nd)
{
	int idx = nd->partial >= 0 ? nd->partial : set_find(r->set, nd->text, nd->len);
	if (idx < 0)
		return TMPL_ENOTFOUND;
	if (r->partials >= TMPL_MAX_PARTIALS)
		return TMPL_ELIMIT;
	int pushed = 0, rc;
	if (nd->pkind != P_NONE) {
		struct val v = lookup(r, t, nd);
		if ((rc = push(r, FR_VAL, &v)))
			return rc;
		pushed = 1;
	}
	const struct tmpl *pt = r->set->v[idx];
	r->partials++;
	rc = render_nodes(r, pt, 0, pt->nnodes);
	r->partials--;
	r->nframes -= pushed;
	return rc;
}

static int render_each(struct render *r, const struct tmpl *t, const struct node *nd)
{
	uint32_t self = (uint32_t)(nd - t->nodes);
	struct val v = lookup(r, t, nd);
	size_t n = v.kind == V_JSON && json_is_array(v.j) ? json_array_size(v.j) : 0;
	if (!n)
		return render_nodes(r, t, nd->else_at, nd->end);
	for (size_t k = 0; k < n; k++) {
		struct val ev = { .kind = V_JSON, .j = json_array_get(v.j, k) };
		int rc = push(r, FR_EACH, &ev);
		if (rc)
			return rc;
		r->frames[r->nframes - 1].index = k;
		r->frames[r->nframes - 1].count = n;
		rc = render_nodes(r, t, self + 1, nd->else_at);
		r->nframes--;
		if (rc)
			return rc;
	}
	return 0;
}

static int render_nodes(struct render *r, const struct tmpl *t, uint32_t b, uint32_t e)
{
	uint32_t i = b;
	while (i < e) {
		const struct node *nd = &t->nodes[i];
		struct val v;
		int rc = 0;
		if (++r->steps > TMPL_MAX_STEPS)
			return TMPL_ELIMIT;
		switch (nd->op) {
		case OP_TEXT:
			rc = sbuf_add(r->out, nd->text, nd->len) ? TMPL_ETOOBIG : 0;
			i++;
			break;
		case OP_VAR:
			v = lookup(r, t, nd);
			rc = emit(r, &v, nd->filter, nd->raw);
			i++;
			break;
		case OP_IF:
		case OP_UNLESS:
			v = lookup(r, t, nd);
			if (truthy(&v) != (nd->op == OP_UNLESS))
				rc = render_nodes(r, t, i + 1, nd->else_at);
			else
				rc = render_nodes(r, t, nd->else_at, nd->end);
			i = nd->end;
			break;
		case OP_EACH:
			rc = render_each(r, t, nd);
			i = nd->end;
			break;
		case OP_WITH:
			v = lookup(r, t, nd);
			if (truthy(&v)) {
				if (!(rc = push(r, FR_VAL, &v))) {
					rc = render_nodes(r, t, i + 1, nd->else_at);
					r->nframes--;
				}
			} else {
				rc = render_nodes(r, t, nd->else_at, nd->end);
			}
			i = nd->end;
			break;
		case OP_SET:
			rc = render_set(r, t, nd);
			i = nd->end;
			break;
		case OP_PARTIAL:
			rc = render_partial(r, t, nd);
			i++;
			break;
		default:
			BUG("bad template node");
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* On failure cut out back to its length at the call. */
static int finish(struct sbuf *out, size_t start, int rc)
{
	if (rc) {
		sbuf_setlen(out, start);
		if (rc == TMPL_ETOOBIG)
			out->failed = 1;
	}
	return rc;
}

int tmpl_render(const struct tmpl_set *set, const char *name,
		const json_t *data, struct sbuf *out)
{
	int idx = set_find(set, name, strlen(name));
	if (idx < 0)
		return TMPL_ENOTFOUND;
	const struct tmpl *t = set->v[idx];
	size_t start = out->len;
	struct render r;
	render_init(&r, set, data, out);
	int rc = render_nodes(&r, t, 0, t->nnodes);
	render_release(&r);
	return finish(out, start, rc);
}

int tmpl_render_page(const struct tmpl_set *set, const char *page,
		     const json_t *data, struct sbuf *out)
{
	int pi = set_find(set, page, strlen(page));
	int li = set_find(set, "layout", 6);
	if (pi < 0 || li < 0)
		return TMPL_ENOTFOUND;
	size_t start = out->len;
	struct sbuf body = SBUF_INIT(out->max - out->len);
	struct render r;
	render_init(&r, set, data, &body);
	int rc = render_nodes(&r, set->v[pi], 0, set->v[pi]->nnodes);
	if (rc)
		goto out;
	struct slot *sl = slot_find(&r, "content", 7);
	if (!sl) {
		sl = &r.slots[r.nslots++];  /* room for it is reserved */
		sl->name = "content";
		sl->namelen = 7;
	} else {
		sbuf_release(&sl->sb);
	}
	sl->sb = body;
	sbuf_init(&body, 0);
	r.out = out;
	rc = render_nodes(&r, set->v[li], 0, set->v[li]->nnodes);
out:
	sbuf_release(&body);
	render_release(&r);
	return finish(out, start, rc);
}
