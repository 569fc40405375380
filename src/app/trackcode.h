/*
 * trackcode.h - the tracking code a citizen reads out on the phone, and the
 * secret that lets an anonymous sender follow a private item.
 *
 * CODE. Eight characters shown as two groups of four, "7KQ4-M2XD": seven
 * random characters (libsodium randombytes, uniform over the alphabet by
 * rejection sampling; 29^7 = 1.7e10 codes)
 * and one check character. The alphabet has 29 characters, the digits
 * 2-9 and the letters A-Y without I, L, O, S and Z:
 *
 *     23456789ABCDEFGHJKMNPQRTUVWXY
 *
 * so that 0/O, 1/I/L, 5/S and 2/Z can never be confused. 29 is prime and
 * the check character makes sum(i * value(c_i), i = 1..8) = 0 mod 29, so
 * every single wrong character and every swap of two characters (adjacent
 * or not) is detected. The canonical form, as stored in the database and
 * put in URLs, is upper case with the dash: "7KQ4-M2XD".
 *
 * trackcode_parse() is tolerant of what people type: lower case, spaces,
 * dashes, dots and underscores anywhere, and an optional "PA" prefix
 * ("pa-7kq4 m2xd"). It rejects anything else (wrong length, a character
 * outside the alphabet, a wrong check character).
 *
 * SECRET. 128 random bits written as 26 lower-case RFC 4648 base32
 * characters ("a-z2-7"). Only its BLAKE2b-256 hash (crypto_generichash,
 * keyed with a fixed domain string) is stored; trackcode_secret_check()
 * compares hashes in constant time. Parsing of a typed secret ignores case,
 * spaces and dashes.
 *
 * All functions are thread-safe; libsodium is initialised on first use.
 */
#ifndef DANVAN_TRACKCODE_H
#define DANVAN_TRACKCODE_H

#include <stddef.h>
#include <stdint.h>

#define TRACKCODE_ALPHABET "23456789ABCDEFGHJKMNPQRTUVWXY"
#define TRACKCODE_CHARS 8       /* without the dash */
#define TRACKCODE_LEN 9         /* canonical "7KQ4-M2XD": 4 + dash + 4 */
#define TRACKCODE_BUFSZ 10      /* with the NUL */
#define TRACKCODE_SECRET_LEN 26
#define TRACKCODE_SECRET_BUFSZ 27
#define TRACKCODE_HASH_BYTES 32

enum trackcode_rc {
	TRACKCODE_OK = 0,
	TRACKCODE_MALFORMED = -1,  /* wrong length or a character outside the alphabet */
	TRACKCODE_BAD_CHECK = -2,  /* well-formed but the check character is wrong: a typo */
};

/* A new random code in canonical form. Never fails. */
void trackcode_new(char out[TRACKCODE_BUFSZ]);

/*
 * Parse what a person typed (NUL-terminated, any length) into the canonical
 * form. Returns TRACKCODE_OK and fills out, or a negative trackcode_rc with
 * out set to "".
 */
int trackcode_parse(const char *in, char out[TRACKCODE_BUFSZ]);

/* A valid code made from (seed, n) alone, the same on every run and
 * engine: for demo data that both engines must load alike. */
void trackcode_seeded(uint64_t seed, uint64_t n, char out[TRACKCODE_BUFSZ]);

/* The check character for 7 alphabet characters; '\0' when one is not in
 * the alphabet. Exposed for tests. */
char trackcode_check_char(const char *seven);

/* A new random secret (26 base32 characters). Never fails. */
void trackcode_secret_new(char out[TRACKCODE_SECRET_BUFSZ]);

/*
 * Hash a secret for storage. The input is normalised first (case, spaces
 * and dashes ignored). Returns 0, or -1 when it is not 26 base32
 * characters after normalisation (hash then untouched).
 */
int trackcode_secret_hash(const char *secret, unsigned char hash[TRACKCODE_HASH_BYTES]);

/* 1 when `secret` (as typed, may be NULL) hashes to `hash`
 * (TRACKCODE_HASH_BYTES long), else 0. Constant time in the hash compare. */
int trackcode_secret_check(const char *secret, const unsigned char *hash, size_t hashlen);

#endif
