/*
 * tmpl.h - danvan's page templates: a small logic-less language (after
 * Mustache and Handlebars) whose data model is a jansson json_t, so that a
 * handler builds one json_t and either sends it as JSON or renders it here.
 *
 * Templates are parsed once at start-up into a compiled node tree held by a
 * `struct tmpl_set`; rendering walks that tree and appends to a bounded
 * struct sbuf, with no re-parsing and no allocation except the output (and
 * the small capture buffers of {{#set}}). A set is filled (tmpl_set_load or
 * tmpl_set_parse + tmpl_set_check) by one thread; after that it is read-only
 * and any number of threads may render from it at once.
 *
 * SYNTAX. Everything outside {{ }} is copied verbatim. Tags:
 *
 *   {{path}}              the value, HTML-escaped (& < > " ' -> entities), so
 *                         it is safe in element text and in quoted attribute
 *                         values. Strings as they are, integers in decimal,
 *                         reals with %.15g, booleans "true"/"false"; null,
 *                         missing values, objects and arrays render nothing.
 *   {{raw path}}          the same without escaping: only for values that are
 *                         already HTML (the layout's {{raw content}}).
 *   {{path|filter}}       the value through a display filter (see below);
 *   {{raw path|filter}}   one filter per tag; the result is escaped unless raw.
 *   {{! comment }}        nothing.
 *   {{#if path}} A {{else}} B {{/if}}      A when the value is truthy, else B
 *   {{#unless path}} A {{else}} B {{/unless}}
 *   {{#each path}} A {{else}} B {{/each}}  A once per element of an array,
 *                         with the element as the context; B when the value is
 *                         not an array or is empty.
 *   {{#with path}} A {{else}} B {{/with}}  A with the value as the context
 *                         when it is truthy, else B.
 *   {{#set name}} A {{/set}}   render A as plain text (no escaping inside) and
 *                         bind it to `name` for the rest of this render, the
 *                         layout included: a page sets its title with
 *                         {{#set title}}Phản ánh {{code}}{{/set}} and the
 *                         layout prints {{title}} (escaped there, once).
 *   {{> name}}            render template `name` (e.g. "partials/field") in
 *                         the current context; {{> name path}} in the context
 *                         of `path`.
 *   {{else}} is allowed once in if/unless/each/with; every {{#kind}} needs its
 *   {{/kind}}. Whitespace inside tags is free ({{ title }}).
 *
 * Paths: `name`, `a.b.c` (dotted: object keys; an all-digit part indexes an
 * array, `items.0.title`), `.` (the current context, e.g. the element inside
 * #each), `@index` (1-based position inside the innermost #each), `@first`
 * and `@last` (booleans). The first part of a path is looked up in the
 * innermost context and then outwards (each element, with-values, partial
 * contexts, {{#set}} names, the data root); the first context that has the
 * key wins. `.name` (`.a.b`) looks in the current context only, with no
 * walking up: partials use it so that a key missing from their object does
 * not pick up a page-level key of the same name. A missing value renders as
 * nothing and is false.
 *
 * Truthiness: false, null, missing, "", 0, 0.0 and the empty array are
 * false; everything else (including an empty object) is true.
 *
 * Filters (a value the filter cannot use renders as it would without it):
 *   date      integer UTC seconds -> "30/08/2026" (Vietnam time, UTC+7)
 *   datetime  integer UTC seconds -> "30/08/2026 14:00"
 *   iso       integer UTC seconds -> "2026-08-30T14:00:00+07:00" (for
 *             <time datetime="...">)
 *   num       integer -> "1.234.567" (Vietnamese grouping, "-1.234" when
 *             negative); a real -> "1.234,5" (at most 2 decimals)
 *   urlenc    percent-encoded for one URL query value or path segment
 *   json      the value as a compact JSON literal (null when missing); the
 *             default escaping makes it safe inside a quoted attribute
 *
 * Standalone lines: a block tag ({{#..}}, {{/..}}, {{else}}, {{! }}, {{> }})
 * alone on its line, apart from spaces and tabs, takes the whole line with it
 * (as in Mustache), so sections can sit on their own lines without leaving
 * blank lines in the output. There is no way to write a literal "{{" through
 * the engine: write &#123;&#123; in the template.
 *
 * Names: templates loaded from the embedded assets are named by their path
 * under templates/ without ".html": "templates/phan-anh/gui.html" is
 * "phan-anh/gui", and the base layout is "layout".
 *
 * Limits: sections nest at most TMPL_MAX_NEST deep within one template,
 * partials TMPL_MAX_PARTIALS deep (so a recursive partial fails instead of
 * overflowing the stack), a render visits at most TMPL_MAX_STEPS nodes, and
 * binds at most TMPL_MAX_SETS {{#set}} names.
 */
#ifndef DANVAN_TMPL_H
#define DANVAN_TMPL_H

#include <stddef.h>
#include <jansson.h>

struct sbuf;
struct tmpl_set;

#define TMPL_MAX_NEST 32
#define TMPL_MAX_PARTIALS 16
#define TMPL_MAX_STEPS (1L << 22)
#define TMPL_MAX_SETS 8

/* Results; every failure is negative. */
enum tmpl_code {
	TMPL_OK = 0,
	TMPL_EPARSE = -1,    /* malformed template (parse/load); err says where */
	TMPL_ENOTFOUND = -2, /* no template of that name, or a partial names one */
	TMPL_ETOOBIG = -3,   /* output over the sbuf's bound, or out of memory */
	TMPL_ELIMIT = -4,    /* nesting, partial depth, step or {{#set}} limit */
};

/* A short lower-case description of a tmpl_code, for logs. */
const char *tmpl_strerror(int code);

/* An empty set (xmalloc: never NULL). Free with tmpl_set_free(). */
struct tmpl_set *tmpl_set_new(void);

/*
 * Build a set from every embedded asset "templates/NAME.html", then check it
 * (tmpl_set_check). On success *out owns the set and 0 is returned. On
 * failure *out is NULL, a negative tmpl_code is returned, and err (when
 * errlen > 0) holds a message naming the template and line, e.g.
 * `template "phan-anh/gui" line 12: unclosed "{{#if}}" opened at line 9`.
 * The server refuses to start on failure.
 */
int tmpl_set_load(struct tmpl_set **out, char *err, size_t errlen);

/*
 * Compile `len` bytes of template text under `name` (any non-empty string)
 * and add it to the set; the text is copied, the caller keeps its buffer.
 * Returns 0, or TMPL_EPARSE with a message in err (template name and line)
 * when the text is malformed or the name is already taken; the set is then
 * unchanged. Partial references are only checked by tmpl_set_check().
 */
int tmpl_set_parse(struct tmpl_set *set, const char *name, const char *text,
		   size_t len, char *err, size_t errlen);

/*
 * Resolve every {{> name}} to its template so renders need no name lookup.
 * Returns 0, or TMPL_ENOTFOUND with `template "x" line N: unknown partial
 * "y"` in err. Call it after the last tmpl_set_parse (tmpl_set_load does);
 * rendering an unchecked set also works but looks partials up by name and
 * fails with TMPL_ENOTFOUND at the first missing one.
 */
int tmpl_set_check(struct tmpl_set *set, char *err, size_t errlen);

/* Nonzero when the set holds a template of this name. */
int tmpl_exists(const struct tmpl_set *set, const char *name);

/*
 * Render template `name` with `data` (any JSON value, normally an object;
 * NULL is an empty context) and append the result to `out`. Returns 0, or a
 * negative tmpl_code: TMPL_ENOTFOUND (unknown template or partial),
 * TMPL_ETOOBIG (out's bound reached; out->failed is then set), TMPL_ELIMIT.
 * On failure `out` is cut back to the length it had at the call. `data` is
 * only read; it may be shared by concurrent renders.
 */
int tmpl_render(const struct tmpl_set *set, const char *name,
		const json_t *data, struct sbuf *out);

/*
 * Render page template `page`, then the template "layout" with the same data
 * plus `content` bound to the page's output (print it with {{raw content}})
 * and any {{#set}} names of the page (`title`...), which hide data keys of
 * the same name. Appends the whole document to `out`; results as for
 * tmpl_render().
 */
int tmpl_render_page(const struct tmpl_set *set, const char *page,
		     const json_t *data, struct sbuf *out);

/* Free the set and every template in it; NULL is allowed. */
void tmpl_set_free(struct tmpl_set *set);

#endif
