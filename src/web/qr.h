/*
 * qr.h - QR codes drawn as inline SVG (libqrencode), for the receipt page:
 * the tracking link a citizen keeps on the phone or prints.
 *
 * The drawing is one <svg> element with a <title> as its text alternative,
 * a white background and the dark modules as one <path>; colours are SVG
 * presentation attributes (fill), never style attributes, so the page's
 * Content-Security-Policy (no inline styles) holds. The code has error
 * correction level M and a quiet zone of 4 modules, as the standard asks.
 *
 * Thread-safe (libqrencode is built thread-safe on Debian); no state.
 */
#ifndef DANVAN_WEB_QR_H
#define DANVAN_WEB_QR_H

#include <stddef.h>

struct sbuf;

#define QR_TEXT_MAX 1024   /* bytes of text a code may carry here */

/*
 * Append to `out` an <svg> of the QR code of `text` (NUL-terminated, at
 * most QR_TEXT_MAX bytes), `size` CSS pixels wide and high, labelled by
 * `title` (plain text: escaped here; may be NULL for a generic label), and
 * with the class "qr". `id` (letters, digits and '-', may be NULL) names
 * the title element "<id>-title" so the svg can refer to it by
 * aria-labelledby; it must be unique in the page. Returns 0, or -1 when
 * the text is empty or too long, libqrencode fails, or `out` is full
 * (out is then cut back to its length at the call).
 */
int qr_svg(struct sbuf *out, const char *text, unsigned size, const char *title, const char *id);

#endif
