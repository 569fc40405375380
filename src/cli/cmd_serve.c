/*
 * cmd_serve.c - the 'danvan serve' command (being written).
 */
#include "cli.h"

int cmd_serve(int argc, char **argv)
{
	fprintf(stderr, "danvan serve: not available in this build yet\n");
	return 1;
}
