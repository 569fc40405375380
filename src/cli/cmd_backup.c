/*
 * cmd_backup.c - the 'danvan backup' command (being written).
 */
#include "cli.h"

int cmd_backup(int argc, char **argv)
{
	fprintf(stderr, "danvan backup: not available in this build yet\n");
	return 1;
}
