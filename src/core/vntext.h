/*
 * vntext.h - Vietnamese text handling on top of utf8proc: cleaning what
 * people type before it is stored, search keys, tone-placement
 * normalisation and length checks. The rules and their reasons are in
 * docs/text.md.
 *
 * Input: every function takes a byte string `s` of `len` bytes (no NUL
 * needed; `s` may be NULL when `len` is 0). Functions that transform text
 * check it with utf8_valid() first and return VNTEXT_INVALID_UTF8 for
 * overlong forms, surrogates, truncated sequences, stray bytes (Latin-1,
 * Windows-1258...), code points above U+10FFFF and NUL bytes; nothing is
 * produced then and *out is left untouched.
 *
 * Output: results are allocated from the caller's arena (core/arena.h) and
 * live until arena_release(); they are NUL-terminated, and *outlen (when
 * not NULL) gets the length without the NUL. On any failure *out and
 * *outlen are not written. Out of memory (arena exhausted, or the fault
 * injection of core/xalloc.h) gives VNTEXT_NOMEM. No function keeps state
 * between calls except a read-only table built once (thread-safe), so all
 * may be called from any thread with a per-thread arena.
 *
 * Invariants of the outputs:
 *   vntext_clean          valid UTF-8, NFC, no control/format characters,
 *                         no leading or trailing whitespace; idempotent.
 *   vntext_fold           only lower-case letters and digits separated by
 *                         single ASCII spaces, no marks, no leading or
 *                         trailing space; ASCII for any Vietnamese text;
 *                         idempotent (fold(fold(x)) == fold(x)).
 *   vntext_tone_normalize valid UTF-8, NFC, lower-case; idempotent.
 */
#ifndef DANVAN_VNTEXT_H
#define DANVAN_VNTEXT_H

#include <stddef.h>

struct arena;
struct sbuf;

enum vntext_status {
	VNTEXT_OK = 0,
	VNTEXT_NOMEM = -1,        /* arena or sbuf could not grow */
	VNTEXT_INVALID_UTF8 = -2, /* input is not strict UTF-8 (see above) */
	VNTEXT_TOO_SHORT = -3,    /* vntext_check_length: fewer than min */
	VNTEXT_TOO_LONG = -4,     /* vntext_check_length: more than max */
};

/* Flags of vntext_clean(). */
#define VNTEXT_SINGLELINE 0u /* titles, names: every break becomes a space */
#define VNTEXT_MULTILINE 1u  /* bodies, answers: line breaks are kept */

/*
 * Clean text typed by a person before it is stored (all stored text goes
 * through this):
 *   - invalid UTF-8 is rejected (VNTEXT_INVALID_UTF8);
 *   - control characters (C0 except tab and line breaks, DEL, C1 except
 *     NEL), zero-width and bidi controls (U+200B-U+200F, U+202A-U+202E,
 *     U+2060-U+2064, U+2066-U+206F, U+FEFF, U+061C, U+180E, soft hyphen
 *     U+00AD, U+FFF9-U+FFFB) and noncharacters (U+FDD0-U+FDEF, U+xFFFE/F)
 *     are removed;
 *   - tab, VT, FF and every Unicode space (NBSP, U+2000-U+200A, U+202F,
 *     U+3000...) become U+0020; CRLF, CR, NEL, U+2028, U+2029 are line
 *     breaks;
 *   - the result is NFC, so NFD input (as some keyboards send) is stored
 *     exactly like the composed literal, marks kept;
 *   - leading and trailing whitespace (line breaks too) is removed.
 * Without VNTEXT_MULTILINE (single-line fields) line breaks become spaces
 * and every run of spaces becomes one space. With VNTEXT_MULTILINE line
 * breaks are written as LF, spaces at the end of each line are removed,
 * spaces inside a line (indentation) are kept, and more than two blank
 * lines in a row become two. Case is kept. The output is usually no
 * longer than the input; NFC can lengthen a few rare characters (such as
 * U+0958, which does not recompose), at most threefold.
 * Returns VNTEXT_OK, VNTEXT_INVALID_UTF8 or VNTEXT_NOMEM.
 */
int vntext_clean(struct arena *a, const char *s, size_t len, unsigned flags,
		 char **out, size_t *outlen);

/*
 * The search key of a text: full Unicode case folding, compatibility
 * decomposition (NFKD: the "ﬁ" ligature becomes "fi", fullwidth "Ａ" becomes
 * "a", "²" becomes "2"), every combining mark removed (stacked ones such as
 * those of "ễ" and "ộ" too), "đ"/"Đ" and the look-alike "ð"/"Ð" become "d",
 * and a few other letters with bars or strokes that Unicode does not
 * decompose become their base letter (ł→l, ø→o, ħ→h, ŧ→t, ı→i, æ→ae,
 * œ→oe). Letters and digits are kept; every run of anything else
 * (punctuation, symbols, whitespace, controls) becomes one space, and the
 * key is trimmed. Default-ignorable characters (soft hyphen, zero-width
 * joiners, bidi controls) vanish without splitting a word.
 * Since tone marks go, both tone placements give one key: "Hoà", "hòa",
 * "HOA" all give "hoa"; "Dân vận khéo" gives "dan van kheo".
 * Fast: one validation pass and one folding pass, no allocation per
 * character, a table for code points below U+1F00 (ASCII, Latin, the
 * Vietnamese letters, Greek, Cyrillic); utf8proc only for the rest.
 * Returns VNTEXT_OK, VNTEXT_INVALID_UTF8 or VNTEXT_NOMEM.
 */
int vntext_fold(struct arena *a, const char *s, size_t len, char **out,
		size_t *outlen);

/*
 * The same key as vntext_fold(), appended to `sb` (for building an index
 * over many rows with one reused sbuf and no arena). When the key is not
 * empty and sb is not empty, nothing is inserted between them: add your
 * own separator. On failure sb keeps its previous contents; VNTEXT_NOMEM
 * also covers the sbuf's bound being reached (its `failed` flag is set).
 */
int vntext_fold_sbuf(struct sbuf *sb, const char *s, size_t len);

/*
 * Tone-placement normalisation, for tone-aware comparison (for example to
 * rank exact-diacritic matches above folded ones). Output: NFC, lower case
 * (Unicode simple lower-case mapping), with the tone mark of every
 * Vietnamese syllable moved to the place the "new style" rule gives
 * (Ministry of Education, 1980s; see docs/text.md): on the vowel that
 * carries a shape mark (â ă ê ô ơ ư; on ơ in "ươ"), else in oa/oe/uy
 * without a final consonant on the second vowel (hoà, khoẻ, thuý, uý),
 * else on the second vowel of a two-vowel nucleus followed by a consonant
 * (hoàn, huỳnh), else on the first of other two-vowel nuclei (mái, múa,
 * kìa), the middle of three (ngoài, khuỷu), the single vowel otherwise.
 * "qu" and "gi" (before another vowel) are initials, so "quý", "quà",
 * "giá", "giữ" keep their marks where they are and "qúy" becomes "quý".
 * So "Hòa", "hoà", "HOÀ" all give "hoà"; "thủy" and "thuỷ" give "thuỷ".
 * A word that is not a well-formed Vietnamese syllable (foreign words,
 * two tone marks, marks on consonants) is only lower-cased and composed.
 * Whitespace and punctuation are untouched.
 * Returns VNTEXT_OK, VNTEXT_INVALID_UTF8 or VNTEXT_NOMEM.
 */
int vntext_tone_normalize(struct arena *a, const char *s, size_t len,
			  char **out, size_t *outlen);

/*
 * Number of code points in s[0..len), which must be valid UTF-8 (for
 * invalid input the count is of non-continuation bytes). On NFC text,
 * as vntext_clean() produces, this is what a form means by "ký tự": "ễ"
 * counts 1.
 */
size_t vntext_codepoints(const char *s, size_t len);

/*
 * Check the length of a field in code points: VNTEXT_OK when
 * min_chars <= count <= max_chars, else VNTEXT_TOO_SHORT or
 * VNTEXT_TOO_LONG; VNTEXT_INVALID_UTF8 when s is not valid UTF-8. Use it
 * on the cleaned text, so that surrounding spaces and NFD input do not
 * count. Stops counting once past max_chars.
 */
int vntext_check_length(const char *s, size_t len, size_t min_chars,
			size_t max_chars);

/*
 * A Vietnamese sentence for a citizen describing a status of this module
 * (for example "Nội dung có ký tự không hợp lệ."); never NULL. Callers with
 * a known limit may prefer their own message ("Tối đa 200 ký tự.").
 */
const char *vntext_strerror(int status);

#endif
