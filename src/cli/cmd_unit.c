/*
 * cmd_unit.c - the 'danvan unit' command (being written).
 */
#include "cli.h"

int cmd_unit(int argc, char **argv)
{
	fprintf(stderr, "danvan unit: not available in this build yet\n");
	return 1;
}
