/*
 * batchtab.h - the rows of a small table typed or pasted by an officer (one
 * record a line, columns separated by '|' or a tab, as a spreadsheet
 * pastes), or uploaded as a CSV file (RFC 4180: quoted fields with ""
 * for a quote and line breaks inside quotes; ',' or ';' as separator,
 * whichever the first line uses; CRLF or LF; a UTF-8 byte order mark is
 * skipped). Used for the petitions of a meeting recorded as a batch
 * (web/page_meeting.c). No I/O, no allocation but the arena's.
 *
 * Cells are trimmed of spaces, tabs and CR; blank lines (every cell blank)
 * are skipped; each row keeps the number of the line it starts on (from
 * 1), so an error can name it. At most BATCHTAB_COLS cells are kept per
 * row; ncols counts them all, so a caller can refuse rows with too many.
 * Bytes are not checked for UTF-8 here: the caller's validation does.
 * Strings live in the arena.
 */
#ifndef DANVAN_CORE_BATCHTAB_H
#define DANVAN_CORE_BATCHTAB_H

#include <stddef.h>

struct arena;

#define BATCHTAB_COLS 8

struct batchtab_row {
	int line;                        /* the line it starts on, from 1 */
	int ncols;                       /* cells in the row (may exceed BATCHTAB_COLS) */
	const char *col[BATCHTAB_COLS];  /* the first cells; NULL past ncols */
};

enum batchtab_rc {
	BATCHTAB_OK = 0,
	BATCHTAB_TOO_MANY = -1,          /* more than `max` rows (the first max are in out) */
	BATCHTAB_NOMEM = -2,             /* the arena is exhausted */
};

/* The pasted table in text[0..len) into out[0..max): BATCHTAB_OK with *n. */
int batchtab_parse_table(struct arena *a, const char *text, size_t len, struct batchtab_row *out, size_t max,
			 size_t *n);

/*
 * A CSV file in data[0..len) into out[0..max). When skip_heading is not
 * NULL and the first row's first cell equals one of its NULL-terminated
 * words (ASCII case ignored), that row is a heading and skipped.
 */
int batchtab_parse_csv(struct arena *a, const char *data, size_t len, const char *const *skip_heading,
		       struct batchtab_row *out, size_t max, size_t *n);

#endif
