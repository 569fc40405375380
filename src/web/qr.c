/*
 * qr.c - the QR code of a tracking link as inline SVG: libqrencode makes
 * the module matrix, and each row's runs of dark modules become one path.
 */
#include "qr.h"
#include "core/sbuf.h"

#include <qrencode.h>
#include <string.h>

#define QUIET 4

static int id_ok(const char *id)
{
	if (!id || !*id || strlen(id) > 64)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return 0;
	return 1;
}

/* The dark modules of row y as "M{x} {y}h{n}v1h-{n}z" runs. */
static int add_row(struct sbuf *out, const QRcode *qr, int y)
{
	int w = qr->width;
	const unsigned char *row = qr->data + (size_t)y * (size_t)w;
	for (int x = 0; x < w;) {
		if (!(row[x] & 1)) {
			x++;
			continue;
		}
		int start = x;
		while (x < w && (row[x] & 1))
			x++;
		int n = x - start;
		if (sbuf_addf(out, "M%d %dh%dv1h-%dz", start + QUIET, y + QUIET, n, n) < 0)
			return -1;
	}
	return 0;
}

int qr_svg(struct sbuf *out, const char *text, unsigned size, const char *title, const char *id)
{
	if (!text || !*text || strlen(text) > QR_TEXT_MAX)
		return -1;
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!qr)
		return -1;
	size_t start = out->len;
	int n = qr->width + 2 * QUIET;
	const char *label = title && *title ? title : "Mã QR";
	int ok = id_ok(id);
	int r = sbuf_addf(out,
			  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" width=\"%u\" "
			  "height=\"%u\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\"",
			  size, size, n, n);
	if (r == 0 && ok)
		r = sbuf_addf(out, " aria-labelledby=\"%s-title\"><title id=\"%s-title\">", id, id);
	else if (r == 0)
		r = sbuf_addstr(out, "><title>");
	if (r == 0)
		r = sbuf_add_html(out, label, strlen(label));
	if (r == 0)
		r = sbuf_addf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
			      n, n);
	for (int y = 0; r == 0 && y < qr->width; y++)
		r = add_row(out, qr, y);
	if (r == 0)
		r = sbuf_addstr(out, "\"/></svg>");
	QRcode_free(qr);
	if (r < 0) {
		sbuf_setlen(out, start);
		return -1;
	}
	return 0;
}
