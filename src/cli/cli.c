/*
 * cli.c - placeholder dispatcher, replaced as subcommands land.
 */
#include "cli.h"

int cli_main(int argc, char **argv)
{
	fprintf(stderr, "usage: danvan COMMAND [OPTIONS]\n");
	return 2;
}
