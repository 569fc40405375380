/*
 * cmd_user.c - the 'danvan user' command (being written).
 */
#include "cli.h"

int cmd_user(int argc, char **argv)
{
	fprintf(stderr, "danvan user: not available in this build yet\n");
	return 1;
}
