/*
 * batchtab.c - rows of a pasted table or a CSV file (batchtab.h).
 */
#include "core/batchtab.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"

static int blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trim in place: the start moves, the end is cut. */
static char *trim(char *s)
{
	while (blank_char(*s))
		s++;
	size_t n = strlen(s);
	while (n && blank_char(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int row_blank(const struct batchtab_row *r)
{
	for (int c = 0; c < r->ncols && c < BATCHTAB_COLS; c++)
		if (r->col[c][0])
			return 0;
	return 1;
}

static void add_cell(struct batchtab_row *r, char *cell)
{
	if (r->ncols < BATCHTAB_COLS)
		r->col[r->ncols] = trim(cell);
	r->ncols++;
}

int batchtab_parse_table(struct arena *a, const char *text, size_t len, struct batchtab_row *out, size_t max,
			 size_t *n)
{
	*n = 0;
	char *buf = arena_alloc(a, len + 1);
	if (!buf)
		return BATCHTAB_NOMEM;
	memcpy(buf, text, len);
	buf[len] = '\0';
	int line = 0;
	char *end = buf + len;
	for (char *s = buf; s < end;) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *next = nl ? nl + 1 : end;
		if (nl)
			*nl = '\0';
		line++;
		struct batchtab_row r = { .line = line };
		char sep = strchr(s, '|') ? '|' : '\t';
		for (char *c = s;;) {
			char *cn = strchr(c, sep);
			if (cn)
				*cn = '\0';
			add_cell(&r, c);
			if (!cn)
				break;
			c = cn + 1;
		}
		s = next;
		if (row_blank(&r))
			continue;
		if (*n == max)
			return BATCHTAB_TOO_MANY;
		out[(*n)++] = r;
	}
	return BATCHTAB_OK;
}

int batchtab_parse_csv(struct arena *a, const char *data, size_t len, const char *const *skip_heading,
		       struct batchtab_row *out, size_t max, size_t *n)
{
	*n = 0;
	/* every byte is copied at most once and each cell adds one NUL in
	 * place of the separator or line break that ended it (one more at the
	 * end of the data) */
	char *buf = arena_alloc(a, len + 2);
	if (!buf)
		return BATCHTAB_NOMEM;
	size_t i = 0, o = 0;
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	char sep = 0;
	for (size_t k = i; k < len && data[k] != '\n' && !sep; k++)
		if (data[k] == ',' || data[k] == ';')
			sep = data[k];
	if (!sep)
		sep = ',';
	int line = 1, first = 1;
	while (i < len) {
		struct batchtab_row r = { .line = line };
		for (;;) {
			char *cell = buf + o;
			if (i < len && data[i] == '"') {
				for (i++; i < len; i++) {
					if (data[i] == '"') {
						if (i + 1 < len && data[i + 1] == '"') {
							buf[o++] = '"';
							i++;
							continue;
						}
						i++;
						break;
					}
					if (data[i] == '\n')
						line++;
					buf[o++] = data[i];
				}
			}
			while (i < len && data[i] != sep && data[i] != '\n')
				buf[o++] = data[i++];
			buf[o++] = '\0';
			add_cell(&r, cell);
			if (i >= len)
				break;
			if (data[i++] == '\n') {
				line++;
				break;
			}
		}
		int heading = first && skip_heading && r.ncols && r.line == 1;
		first = 0;
		if (heading) {
			heading = 0;
			for (const char *const *w = skip_heading; *w && !heading; w++)
				heading = !strcasecmp(r.col[0], *w);
			if (heading)
				continue;
		}
		if (row_blank(&r))
			continue;
		if (*n == max)
			return BATCHTAB_TOO_MANY;
		out[(*n)++] = r;
	}
	return BATCHTAB_OK;
}
