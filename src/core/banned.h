/*
 * banned.h - functions that must not be used in danvan.
 *
 * Included into every translation unit by the Makefile (-include). Each
 * banned name is redefined to an undeclared identifier, so a call becomes a
 * compile error that names the reason. Use sbuf for strings, parse_* from
 * core/parse.h for numbers, and core/timefmt.h for calendar time.
 */
#ifndef DANVAN_BANNED_H
#define DANVAN_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)

#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)
#undef mktemp
#define mktemp(x) BANNED(mktemp)

#endif
