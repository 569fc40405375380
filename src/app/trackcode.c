/*
 * trackcode.c - tracking codes with a mod-29 check character, and the
 * 128-bit secrets stored only as keyed BLAKE2b hashes.
 */
#include "app/trackcode.h"

#include <pthread.h>
#include <sodium.h>

#define NALPHA 29
#define INV8 11 /* 8 * 11 = 88 = 1 mod 29 */

static const char alphabet[] = TRACKCODE_ALPHABET;
static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
static const unsigned char hash_key[] = "danvan feedback secret v1";
static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "fatal: libsodium cannot be initialised\n");
		abort();
	}
}

static int value_of(int c)
{
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	for (int i = 0; i < NALPHA; i++)
		if (alphabet[i] == c)
			return i;
	return -1;
}

char trackcode_check_char(const char *seven)
{
	unsigned sum = 0;
	for (int i = 0; i < 7; i++) {
		int v = value_of((unsigned char)seven[i]);
		if (v < 0)
			return '\0';
		sum += (unsigned)(i + 1) * (unsigned)v;
	}
	unsigned need = (NALPHA - sum % NALPHA) % NALPHA;
	return alphabet[(need * INV8) % NALPHA];
}

void trackcode_new(char out[TRACKCODE_BUFSZ])
{
	char raw[8];
	unsigned char r[16];
	pthread_once(&sodium_once, sodium_start);
	/* one system call for the whole code: bytes below 232 = 8 * 29 map
	 * uniformly onto the alphabet; the others are drawn again */
	int n = 0;
	while (n < 7) {
		randombytes_buf(r, sizeof(r));
		for (size_t i = 0; i < sizeof(r) && n < 7; i++)
			if (r[i] < 8 * NALPHA)
				raw[n++] = alphabet[r[i] % NALPHA];
	}
	raw[7] = trackcode_check_char(raw);
	memcpy(out, raw, 4);
	out[4] = '-';
	memcpy(out + 5, raw + 4, 4);
	out[9] = '\0';
}

static int is_separator(int c)
{
	return c == ' ' || c == '-' || c == '.' || c == '_' || c == '\t';
}

int trackcode_parse(const char *in, char out[TRACKCODE_BUFSZ])
{
	char raw[11];
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = in; *p; p++) {
		if (is_separator((unsigned char)*p))
			continue;
		if (n == sizeof(raw))
			return TRACKCODE_MALFORMED;
		char c = *p;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - ('a' - 'A'));
		raw[n++] = c;
	}
	const char *s = raw;
	if (n == TRACKCODE_CHARS + 2 && raw[0] == 'P' && raw[1] == 'A') {
		s += 2;
		n -= 2;
	}
	if (n != TRACKCODE_CHARS)
		return TRACKCODE_MALFORMED;
	for (size_t i = 0; i < n; i++)
		if (value_of((unsigned char)s[i]) < 0)
			return TRACKCODE_MALFORMED;
	if (trackcode_check_char(s) != s[7])
		return TRACKCODE_BAD_CHECK;
	memcpy(out, s, 4);
	out[4] = '-';
	memcpy(out + 5, s + 4, 4);
	out[9] = '\0';
	return TRACKCODE_OK;
}

void trackcode_secret_new(char out[TRACKCODE_SECRET_BUFSZ])
{
	unsigned char r[16];
	pthread_once(&sodium_once, sodium_start);
	randombytes_buf(r, sizeof(r));
	/* 128 bits -> 26 base32 digits (the last one carries 3 bits) */
	unsigned buf = 0;
	int bits = 0;
	size_t n = 0;
	for (size_t i = 0; i < sizeof(r); i++) {
		buf = (buf << 8) | r[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[n++] = b32[(buf << (5 - bits)) & 31];
	out[n] = '\0';
	sodium_memzero(r, sizeof(r));
}

/* Lower-case, drop separators; 0 when exactly 26 base32 characters. */
static int secret_normalise(const char *in, char out[TRACKCODE_SECRET_BUFSZ])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (is_separator((unsigned char)c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + ('a' - 'A'));
		if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')))
			return -1;
		if (n == TRACKCODE_SECRET_LEN)
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == TRACKCODE_SECRET_LEN ? 0 : -1;
}

int trackcode_secret_hash(const char *secret, unsigned char hash[TRACKCODE_HASH_BYTES])
{
	char norm[TRACKCODE_SECRET_BUFSZ];
	pthread_once(&sodium_once, sodium_start);
	if (!secret || secret_normalise(secret, norm) < 0)
		return -1;
	crypto_generichash(hash, TRACKCODE_HASH_BYTES, (const unsigned char *)norm,
			   TRACKCODE_SECRET_LEN, hash_key, sizeof(hash_key) - 1);
	sodium_memzero(norm, sizeof(norm));
	return 0;
}

int trackcode_secret_check(const char *secret, const unsigned char *hash, size_t hashlen)
{
	unsigned char h[TRACKCODE_HASH_BYTES];
	if (!secret || !hash || hashlen != TRACKCODE_HASH_BYTES)
		return 0;
	if (trackcode_secret_hash(secret, h) < 0)
		return 0;
	return sodium_memcmp(h, hash, TRACKCODE_HASH_BYTES) == 0;
}

void trackcode_seeded(uint64_t seed, uint64_t n, char out[TRACKCODE_BUFSZ])
{
	/* splitmix64 of the seed and n */
	uint64_t z = seed + n * 0x9E3779B97F4A7C15ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	char raw[9];
	for (int i = 0; i < 7; i++, z /= 29)
		raw[i] = TRACKCODE_ALPHABET[z % 29];
	raw[7] = trackcode_check_char(raw);
	raw[8] = '\0';
	snprintf(out, TRACKCODE_BUFSZ, "%.4s-%.4s", raw, raw + 4);
}
