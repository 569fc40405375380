/*
 * cmd_init.c - the 'danvan init' command (being written).
 */
#include "cli.h"

int cmd_init(int argc, char **argv)
{
	fprintf(stderr, "danvan init: not available in this build yet\n");
	return 1;
}
