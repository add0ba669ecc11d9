// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf: find and attach NVMe over Fabrics storage.
 * The dispatcher: global options, the command table, help from the table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

static const struct command commands[] = {
	{ "discover", cmd_discover, "[OPTIONS]",
	  "show the subsystems discovery controllers offer", 0 },
	{ "connect", cmd_connect, "-t TRANSPORT -n NQN [-a ADDR] [OPTIONS]",
	  "connect one subsystem, unless it is connected already", 0 },
	{ "connect-all", cmd_connect_all, "[OPTIONS]",
	  "discover and connect every subsystem offered, referrals included", 0 },
	{ "disconnect", cmd_disconnect, "-n NQN[,NQN...] | -d DEV[,DEV...] | --all [OPTIONS]",
	  "disconnect fabrics controllers", 0 },
	{ "list", cmd_list, "[OPTIONS]",
	  "show fabrics controllers, their subsystems and namespaces", 0 },
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: nvmf [--sysroot DIR] [--version] [-h|--help] COMMAND [OPTIONS]\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'nvmf COMMAND --help' or 'nvmf help COMMAND' shows the options of a command.\n");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int parse_command(const struct command *cmd, int argc, char **argv,
		  const struct option *opts, struct common_opts *common)
{
	char usage[128];
	int nargs;

	nargs = parse_options(argc - 1, argv + 1, opts, cmd->name);
	if (nargs < 0)
		return nargs;
	if (common->help) {
		snprintf(usage, sizeof(usage), "nvmf %s %s", cmd->name, cmd->usage);
		print_options_help(usage, cmd->summary, opts);
		return 1;
	}
	if (nargs > cmd->max_args) {
		char shown[128];

		return errorf(-EINVAL, "%s: unexpected argument '%s'", cmd->name,
			      shown_word(argv[1 + cmd->max_args], shown, sizeof(shown)));
	}
	nvmf_verbose = common->verbose;
	output_start(common->output);
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--version")) {
			printf("nvmf %s\n", NVMF_VERSION);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--sysroot") && i + 1 < argc) {
			nvmf_set_root(argv[++i]);
		} else if (!strncmp(argv[i], "--sysroot=", 10)) {
			nvmf_set_root(argv[i] + 10);
		} else {
			char shown[128];

			/* the option's name only: never a value that may be a key */
			argv[i][strcspn(argv[i], "=")] = '\0';
			errorf(0, "unknown option '%s'", shown_word(argv[i], shown, sizeof(shown)));
			print_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		char *help[] = { argv[i + 1], "--help", NULL };

		if (i + 1 == argc) {
			print_usage(stdout);
			return EXIT_OK;
		}
		cmd = find_command(argv[i + 1]);
		if (!cmd)
			return errorf(EXIT_USAGE, "'%s' is not a command; see 'nvmf --help'", argv[i + 1]);
		return cmd->fn(cmd, 2, help);
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		errorf(0, "'%s' is not a command; see 'nvmf --help'", argv[i]);
		return EXIT_USAGE;
	}
	return cmd->fn(cmd, argc - i, argv + i);
}
