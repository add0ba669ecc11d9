/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_CMD_H
#define NVMF_CMD_H

#include <stdbool.h>

#include "output.h"
#include "parse-options.h"

/* Exit statuses, documented in nvmf(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the operation failed, wholly or in part */
	EXIT_USAGE = 2,		/* bad arguments or configuration */
};

struct command {
	const char *name;
	int (*fn)(const struct command *cmd, int argc, char **argv);
	const char *usage;	/* after "nvmf NAME " */
	const char *summary;
	int max_args;		/* positional arguments the command takes */
};

/* What every command accepts. */
struct common_opts {
	int output;		/* enum output_format */
	int verbose;
	bool help;
};

#define COMMON_OPTIONS(c) \
	OPT_GROUP("Common options"), \
	OPT_CHOICE('o', "output-format", &(c)->output, "FMT", output_format_names, \
		   "output format: normal or json"), \
	OPT_ALIAS("output"), \
	OPT_COUNT('v', "verbose", &(c)->verbose, "say more about what is done"), \
	OPT_BOOL('h', "help", &(c)->help, "show this help")

/*
 * Parse a command's arguments (argv[0] is its name) against its table, in
 * one place for all: --help prints the help and returns 1; a bad option or
 * more positional arguments than the command takes is reported and
 * returns -EINVAL; otherwise the common options take effect, the
 * positional arguments are moved to argv[1..] and 0 is returned.
 */
int parse_command(const struct command *cmd, int argc, char **argv,
		  const struct option *opts, struct common_opts *common);

int cmd_discover(const struct command *cmd, int argc, char **argv);
int cmd_list(const struct command *cmd, int argc, char **argv);

#endif
