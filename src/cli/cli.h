/*
 * cli.h - the danvan command line (init, demo, serve, user, unit, audit,
 * backup, help). Returns the process exit code: 0 success, 1 failure the
 * message explains, 2 bad usage.
 */
#ifndef DANVAN_CLI_H
#define DANVAN_CLI_H

int cli_main(int argc, char **argv);

#endif
