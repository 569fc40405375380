/*
 * assets.h - files embedded into the binary at build time (tools/embed.c):
 * everything under templates/, static/, migrations/ and demo/, by their path
 * relative to the repository ("templates/layout.html"). Each `data` is
 * followed by a NUL byte not counted in `len`, so text assets are C strings.
 */
#ifndef DANVAN_ASSETS_H
#define DANVAN_ASSETS_H

#include <stddef.h>

struct asset {
	const char *path;
	const unsigned char *data;
	size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct asset assets[];

/* The asset with this exact path, or NULL. */
const struct asset *asset_find(const char *path);

#endif
