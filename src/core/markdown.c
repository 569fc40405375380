/*
 * markdown.c - CommonMark to safe HTML and to plain text, through cmark's
 * safe renderer (core/markdown.h).
 */
#include "core/markdown.h"
#include "core/arena.h"

#include <cmark.h>

/* n cut back to a UTF-8 character boundary of s */
static size_t utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

int markdown_html(struct arena *a, const char *text, size_t len, char **out)
{
	if (len > MARKDOWN_MAX_INPUT)
		len = utf8_cut(text, MARKDOWN_MAX_INPUT);
	/* CMARK_OPT_SAFE: no raw HTML, no dangerous URLs (also cmark's
	 * default since 0.29; named so that no version relaxes it) */
	char *html = cmark_markdown_to_html(text, len, CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	if (!html)
		return -1;
	*out = arena_strdup(a, html);
	free(html);
	return *out ? 0 : -1;
}

int markdown_text(struct arena *a, const char *text, size_t len, size_t max_bytes, char **out)
{
	if (len > MARKDOWN_MAX_INPUT)
		len = utf8_cut(text, MARKDOWN_MAX_INPUT);
	cmark_node *doc = cmark_parse_document(text, len, CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return -1;
	char *buf = arena_alloc(a, max_bytes + 1);
	if (!buf) {
		cmark_node_free(doc);
		return -1;
	}
	size_t n = 0;
	int space = 0, full = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while (!full && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
			if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_IMAGE)
				cmark_iter_reset(it, node, CMARK_EVENT_EXIT); /* skip its alt text */
			continue;
		}
		if (ev == CMARK_EVENT_EXIT || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			space = n > 0;
			continue;
		}
		if (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE && t != CMARK_NODE_CODE_BLOCK)
			continue;
		const char *lit = cmark_node_get_literal(node);
		for (const char *p = lit; p && *p && !full; p++) {
			if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
				space = n > 0;
				continue;
			}
			if (space) {
				if (n + 1 > max_bytes) {
					full = 1;
					break;
				}
				buf[n++] = ' ';
				space = 0;
			}
			if (n + 1 > max_bytes) {
				full = 1;
				break;
			}
			buf[n++] = *p;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (full) /* drop the last character, which may be cut */
		while (n > 0 && ((unsigned char)buf[--n] & 0xC0) == 0x80)
			;
	buf[n] = 0;
	*out = buf;
	return 0;
}
