/*
 * draftparts.h - a draft's plain text split into parts by the structure of
 * Vietnamese legal and planning documents, so that people can comment on
 * one part and a later version can keep each part's identity.
 * A line (after leading spaces) starts a part when it begins with
 *   "Chương X" / "CHƯƠNG X"   (X roman or arabic)      label "Chương X"
 *   "Mục N" / "MỤC N"                                    label "Chương X, Mục N"
 *   "Điều N." / "Điều N:" (N digits, an optional letter) label "Điều N"
 *   "N." then a space or the end (N 1 to 3 digits)       label "Điều 3, khoản N"
 *   "a)" (one lower-case letter, đ included)             label "Điều 3, khoản 2, điểm a"
 * A heading resets what lies below it (a new Điều forgets its khoản and
 * điểm; a new Chương its Mục and Điều). A khoản or điểm outside any Điều is
 * labelled under the Chương/Mục it is in, else on its own ("Khoản 2",
 * "Khoản 2, điểm b"); the label's first letter is upper-case. Text before
 * the first heading is the part "Phần mở đầu" when it is not blank. A label
 * that repeats gets " (2)", " (3)"... so every label of one split is unique
 * (labels are what keep a part's identity across versions).
 * A part's text is its heading line and the lines up to the next heading,
 * trailing blank lines and line-end spaces removed, "\r\n" read as "\n".
 * OWNERSHIP. Labels, texts and the array live in the caller's arena.
 * FAILURE. DRAFT_OK, DRAFT_NOMEM (arena exhausted) or DRAFT_TOO_MANY (more
 * than DRAFT_MAX_PARTS parts). The input need not be NUL-terminated and may
 * hold any bytes (a NUL ends nothing: it is kept as text); callers that
 * store the parts check UTF-8 first. Thread-safe (no state).
 */
#ifndef DANVAN_CORE_DRAFTPARTS_H
#define DANVAN_CORE_DRAFTPARTS_H

#include <stddef.h>

struct arena;

#define DRAFT_MAX_PARTS 2000
#define DRAFT_LABEL_MAX 160 /* bytes; longer headings are cut (on a character boundary) */

enum draft_rc {
	DRAFT_OK = 0,
	DRAFT_NOMEM = -1,
	DRAFT_TOO_MANY = -2,
};

enum draft_level {
	DRAFT_PREAMBLE = 0,
	DRAFT_CHUONG = 1,
	DRAFT_MUC = 2,
	DRAFT_DIEU = 3,
	DRAFT_KHOAN = 4,
	DRAFT_DIEM = 5,
};

struct draft_part {
	const char *label;  /* unique within the split, NUL-terminated */
	const char *text;   /* NUL-terminated, may hold NUL bytes of the input (len) */
	size_t len;
	enum draft_level level;
};

/* Split text[0..len) into *parts (an arena array of *n; NULL when *n is 0,
 * which happens for blank text). */
int draftparts_split(struct arena *a, const char *text, size_t len, struct draft_part **parts, size_t *n);

#endif
