/*
 * xlsx_file.h - the bytes of a workbook that libxlsxwriter writes to a file
 * (Debian's 1.1.4 cannot write to memory): a temporary file in $TMPDIR (or
 * /tmp), written by the caller's function, read back into the arena and
 * removed, whatever happened. Used by every XLSX download.
 */
#ifndef DANVAN_API_XLSX_FILE_H
#define DANVAN_API_XLSX_FILE_H

#include <stddef.h>

struct arena;

/* Call write(path, arg) on a new temporary file, then read it into `a`:
 * 0 with *data and *len, or -1 (write failed, the file is empty or larger
 * than max_bytes, or I/O failed). The file is always removed. */
int xlsx_file_bytes(struct arena *a, int (*write)(const char *path, void *arg), void *arg, size_t max_bytes,
		    const char **data, size_t *len);

#endif
