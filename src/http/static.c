/*
 * static.c - the /static/ file handler over the embedded assets, with
 * ETags hashed once at start-up and kept in a sorted table.
 */
#include "http/static.h"
#include "http/response.h"
#include "core/xalloc.h"

#include <sodium.h>
#include <strings.h>

#define STATIC_PREFIX "static/"

static struct static_file *files;
static size_t nfiles;

struct ext_type {
	const char *ext;
	const char *type;
};

static const struct ext_type ext_types[] = {
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "html", "text/html; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "json", "application/json; charset=utf-8" },
	{ "map", "application/json; charset=utf-8" },
	{ "webmanifest", "application/manifest+json; charset=utf-8" },
	{ "xml", "application/xml; charset=utf-8" },
	{ "svg", "image/svg+xml; charset=utf-8" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "avif", "image/avif" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
	{ "ttf", "font/ttf" },
	{ "otf", "font/otf" },
	{ "pdf", "application/pdf" },
	{ "wasm", "application/wasm" },
};

const char *static_content_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot) {
		for (size_t i = 0; i < sizeof(ext_types) / sizeof(ext_types[0]); i++)
			if (!strcasecmp(dot + 1, ext_types[i].ext))
				return ext_types[i].type;
	}
	return "application/octet-stream";
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

int static_init(const struct asset *table)
{
	if (sodium_init() < 0)
		return -1;
	static_release();
	if (!table)
		table = assets;
	size_t n = 0;
	for (const struct asset *a = table; a->path; a++)
		if (!strncmp(a->path, STATIC_PREFIX, strlen(STATIC_PREFIX)))
			n++;
	files = xcalloc(n ? n : 1, sizeof(*files));
	for (const struct asset *a = table; a->path; a++) {
		if (strncmp(a->path, STATIC_PREFIX, strlen(STATIC_PREFIX)))
			continue;
		struct static_file *f = &files[nfiles++];
		unsigned char hash[16];
		char hex[33];
		f->path = a->path + strlen(STATIC_PREFIX);
		f->asset = a;
		f->type = static_content_type(f->path);
		crypto_generichash(hash, sizeof(hash), a->data, a->len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		snprintf(f->etag, sizeof(f->etag), "\"%s\"", hex);
		snprintf(f->version, sizeof(f->version), "%.16s", hex);
	}
	qsort(files, nfiles, sizeof(*files), cmp_file);
	return 0;
}

void static_release(void)
{
	free(files);
	files = NULL;
	nfiles = 0;
}

const struct static_file *static_find(const char *path)
{
	struct static_file key = { .path = path };
	if (!files)
		return NULL;
	return bsearch(&key, files, nfiles, sizeof(*files), cmp_file);
}

const char *static_version(const char *path)
{
	const struct static_file *f = static_find(path);
	return f ? f->version : NULL;
}

/* Does an If-None-Match list ("a", W/"b", *) name this ETag? */
static int etag_listed(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (!strncmp(p, etag, elen) &&
		    (p[elen] == '\0' || p[elen] == ',' || p[elen] == ' ' || p[elen] == '\t'))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

int static_serve(struct request *req)
{
	const char *path = req_arg_at(req, 0);
	const struct static_file *f = path ? static_find(path) : NULL;
	if (!f)
		return http_error(req, 404, NULL, NULL);
	const char *v = req_query(req, "v");
	const char *cache = v && !strcmp(v, f->version) ?
		"public, max-age=31536000, immutable" : "public, max-age=86400";
	if (http_header(req, "ETag", f->etag) < 0 || http_header(req, "Cache-Control", cache) < 0)
		return -1;
	const char *inm = req_header(req, "If-None-Match");
	if (inm && etag_listed(inm, f->etag))
		return http_bytes(req, 304, NULL, "", 0);
	return http_bytes(req, 200, f->type, f->asset->data, f->asset->len);
}
