/*
 * utf8.h - strict UTF-8 validation (RFC 3629): no overlong forms, no
 * surrogates, nothing above U+10FFFF. Every byte string that enters danvan
 * from outside is checked with it before it is used or stored; core/vntext
 * builds normalisation and search folding on top.
 */
#ifndef DANVAN_UTF8_H
#define DANVAN_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 (NUL bytes count as invalid), else 0. */
int utf8_valid(const char *s, size_t len);

#endif
