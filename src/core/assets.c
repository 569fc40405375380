/*
 * assets.c - lookup over the table that tools/embed.c generates.
 */
#include "assets.h"

const struct asset *asset_find(const char *path)
{
	for (const struct asset *a = assets; a->path; a++)
		if (!strcmp(a->path, path))
			return a;
	return NULL;
}
