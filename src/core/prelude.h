/*
 * prelude.h - force-included into every danvan translation unit (-include).
 *
 * Pulls in the C library headers that declare the banned functions first, so
 * that banned.h can then poison their names without breaking the
 * declarations themselves (git includes banned.h last for the same reason).
 */
#ifndef DANVAN_PRELUDE_H
#define DANVAN_PRELUDE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

#endif
