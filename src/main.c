/*
 * main.c - the danvan command line: dispatches to subcommands.
 */
#include "cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
