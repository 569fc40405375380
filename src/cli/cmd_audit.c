/*
 * cmd_audit.c - the 'danvan audit' command (being written).
 */
#include "cli.h"

int cmd_audit(int argc, char **argv)
{
	fprintf(stderr, "danvan audit: not available in this build yet\n");
	return 1;
}
