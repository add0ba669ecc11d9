// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf: find and attach NVMe over Fabrics storage.
 * The dispatcher: global options, the command table, help from the table.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cmd.h"
#include "util.h"

/* In the order 'nvmf --help' lists them. */
static const struct command *const commands[] = {
	&cmd_discover,
	&cmd_connect,
	&cmd_connect_all,
	&cmd_disconnect,
	&cmd_list,
	&cmd_disconnect_all,
	&cmd_list_subsys,
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: nvmf [--sysroot DIR] [--version] [-h|--help] COMMAND [OPTIONS]\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-14s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n'nvmf COMMAND --help' or 'nvmf help COMMAND' shows the options of a command.\n");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

/*
 * --sysroot must name a tree to work in: a typo must not make nvmf report an
 * empty system, or create the lock's directories where nothing was.
 */
static const char *sysroot;	/* as given, checked once the command's options are */

static int set_sysroot(const char *dir)
{
	char shown[SHOWN_MAX];
	struct stat st;

	if (!*dir)
		return errorf(-EINVAL, "--sysroot: an empty path names no directory");
	if (stat(dir, &st) < 0)
		return errorf(-errno, "--sysroot %s: %s", printable(dir, shown, sizeof(shown)),
			      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return errorf(-ENOTDIR, "--sysroot %s: not a directory",
			      printable(dir, shown, sizeof(shown)));
	nvmf_set_root(dir);
	return 0;
}

int parse_command(const struct command *cmd, int argc, char **argv,
		  const struct option *opts, struct common_opts *common)
{
	char usage[128];
	int nargs;

	nargs = parse_options(argc - 1, argv + 1, opts, cmd->name);
	if (nargs < 0) {
		/* an -o json before the bad word is in effect: the failure is a document */
		output_start(common->output);
		return nargs;
	}
	if (common->help) {
		snprintf(usage, sizeof(usage), "nvmf %s %s", cmd->name, cmd->usage);
		print_options_help(usage, cmd->summary, opts);
		return 1;
	}
	if (nargs > 0) {
		char shown[SHOWN_MAX];

		output_start(common->output);
		return errorf(-EINVAL, "%s: unexpected argument '%s'", cmd->name,
			      shown_word(argv[1], shown, sizeof(shown)));
	}
	nvmf_verbose = common->verbose;
	output_start(common->output);
	/* checked here, so that a bad one is a document with -o json */
	return sysroot ? set_sysroot(sysroot) : 0;
}

/*
 * What went to stdout must have arrived, as git checks at exit: a full disk
 * or a closed pipe is a failure, not a silent success.
 */
static struct outcome finish_stdout(struct outcome o)
{
	bool failed = ferror(stdout);
	int err = 0, ret;

	if (fflush(stdout) != 0) {
		failed = true;
		err = errno;
	}
	if (fclose(stdout) != 0 && !failed) {
		failed = true;
		err = errno;
	}
	if (!failed)
		return o;
	if (err)
		ret = errorf(-err, "cannot write to standard output: %s", strerror(err));
	else
		ret = errorf(-EIO, "cannot write to standard output");
	return o.err ? o : done(ret);
}

/* The exit statuses nvmf(8) documents, in the one place that knows them. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the operation failed, wholly or in part */
	EXIT_USAGE = 2,		/* bad arguments or configuration */
};

static int exit_status(struct outcome o)
{
	if (!o.err)
		return EXIT_OK;
	return o.usage ? EXIT_USAGE : EXIT_FAILED;
}

/* The global options, the command, and its run. */
static struct outcome run(int argc, char **argv)
{
	const struct command *cmd;
	struct outcome o;
	char shown[SHOWN_MAX];
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--version")) {
			printf("nvmf %s\n", NVMF_VERSION);
			return done(0);
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_usage(stdout);
			return done(0);
		} else if (!strcmp(argv[i], "--sysroot") && i + 1 < argc) {
			sysroot = argv[++i];
		} else if (!strncmp(argv[i], "--sysroot=", 10)) {
			sysroot = argv[i] + 10;
		} else {
			/* the option's name only: never a value that may be a key */
			argv[i][strcspn(argv[i], "=")] = '\0';
			o = bad_usage(errorf(-EINVAL, "unknown option '%s'",
					     shown_word(argv[i], shown, sizeof(shown))));
			print_usage(stderr);
			return o;
		}
	}
	if (i == argc) {
		print_usage(stderr);
		return bad_usage(-EINVAL);
	}
	if (!strcmp(argv[i], "help")) {
		char *help[] = { argv[i + 1], "--help", NULL };

		if (i + 1 == argc) {
			print_usage(stdout);
			return done(0);
		}
		cmd = find_command(argv[i + 1]);
		if (!cmd)
			return bad_usage(errorf(-EINVAL, "'%s' is not a command; see 'nvmf --help'",
						shown_word(argv[i + 1], shown, sizeof(shown))));
		return cmd->fn(cmd, 2, help);
	}
	cmd = find_command(argv[i]);
	if (!cmd)
		return bad_usage(errorf(-EINVAL, "'%s' is not a command; see 'nvmf --help'",
					shown_word(argv[i], shown, sizeof(shown))));
	o = cmd->fn(cmd, argc - i, argv + i);
	/* -o json: one document, whatever happened */
	if (o.err)
		output_failure(o.err);
	return o;
}

int main(int argc, char **argv)
{
	/* a reader that went away is a write error to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	return exit_status(finish_stdout(run(argc, argv)));
}
