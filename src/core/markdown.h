/*
 * markdown.h - CommonMark to safe HTML, by cmark (Debian's libcmark).
 *
 * SAFETY. Rendering uses cmark's safe mode (CMARK_OPT_SAFE, the default of
 * cmark 0.30): raw HTML blocks and inline HTML are never copied to the
 * output (cmark writes an "omitted" comment instead), and links and images
 * whose URL has a dangerous scheme (javascript:, vbscript:, file:, data:
 * other than images) get an empty URL. Everything else is escaped by
 * cmark's HTML renderer. So the output's only tags are those CommonMark
 * itself produces (p, h1-h6, em, strong, a, img, ul, ol, li, blockquote,
 * pre, code, hr, br) and can be printed unescaped ({{raw ...}}).
 *
 * Input must be valid UTF-8 (cmark replaces invalid bytes by U+FFFD) and
 * at most MARKDOWN_MAX_INPUT bytes (longer input is cut at a character
 * boundary first). The result is copied into the arena. Returns 0, or -1
 * when out of memory. Thread-safe.
 */
#ifndef DANVAN_CORE_MARKDOWN_H
#define DANVAN_CORE_MARKDOWN_H

#include <stddef.h>

struct arena;

#define MARKDOWN_MAX_INPUT (256 * 1024)

int markdown_html(struct arena *a, const char *text, size_t len, char **out);

/* The document as plain text (for descriptions and feeds): markup, HTML
 * and images dropped, runs of white space made one space, at most
 * max_bytes bytes cut at a character boundary. 0, or -1 out of memory. */
int markdown_text(struct arena *a, const char *text, size_t len, size_t max_bytes, char **out);

#endif
