/*
 * cmd_demo.c - the 'danvan demo' command (being written).
 */
#include "cli.h"

int cmd_demo(int argc, char **argv)
{
	fprintf(stderr, "danvan demo: not available in this build yet\n");
	return 1;
}
