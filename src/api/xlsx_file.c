/*
 * xlsx_file.c - a workbook written to a temporary file, read back (xlsx_file.h).
 */
#include "api/xlsx_file.h"
#include "core/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int xlsx_file_bytes(struct arena *a, int (*write)(const char *path, void *arg), void *arg, size_t max_bytes,
		    const char **data, size_t *len)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	*data = NULL;
	*len = 0;
	if (snprintf(path, sizeof(path), "%s/danvan-xlsx-XXXXXX", dir && *dir ? dir : "/tmp") >= (int)sizeof(path))
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	int rc = write(path, arg) == 0 ? 0 : -1;
	char *buf = NULL;
	size_t n = 0;
	if (rc == 0) {
		rc = -1;
		int in = open(path, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (in >= 0 && fstat(in, &st) == 0 && st.st_size > 0 && (size_t)st.st_size <= max_bytes &&
		    (buf = arena_alloc(a, (size_t)st.st_size))) {
			while (n < (size_t)st.st_size) {
				ssize_t got = read(in, buf + n, (size_t)st.st_size - n);
				if (got < 0 && errno == EINTR)
					continue;
				if (got <= 0)
					break;
				n += (size_t)got;
			}
			rc = n == (size_t)st.st_size ? 0 : -1;
		}
		if (in >= 0)
			close(in);
	}
	unlink(path);
	if (rc == 0) {
		*data = buf;
		*len = n;
	}
	return rc;
}
