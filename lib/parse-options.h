/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_PARSE_OPTIONS_H
#define NVMF_PARSE_OPTIONS_H

#include <stdbool.h>

/*
 * Option tables in the manner of git's parse-options: each command declares
 * its options as an array that points at its own variables, and help text is
 * generated from the same array. discovery.conf lines are parsed with the
 * same tables, so a line accepts exactly what the command line accepts.
 */
enum opt_type {
	OPT_T_END,
	OPT_T_GROUP,	/* a heading in --help */
	OPT_T_BOOL,	/* sets a bool */
	OPT_T_COUNT,	/* increments an int: -v -v */
	OPT_T_INT,	/* an int in [min, max] */
	OPT_T_STRING,	/* a const char *, pointing into argv */
	OPT_T_CHOICE,	/* one of a NULL-terminated list of words, stored as its index */
	OPT_T_ALIAS,	/* a second long name for the option before it */
	OPT_T_COMPAT,	/* an nvme-cli option nvmf takes no action on: hidden from --help */
};

struct option {
	enum opt_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* the value's name in --help: "NQN" */
	const char *help;
	long min, max;		/* OPT_T_INT */
	const char *const *choices; /* OPT_T_CHOICE */
	/* OPT_T_CHOICE: values nvme-cli takes and nvmf refuses: word, why, word, why, ..., NULL */
	const char *const *refused_choices;
	bool refused;		/* OPT_T_COMPAT: an error saying @help, rather than accepted */
	/* a command mode: which option of its group was given, set as each is parsed */
	const struct option **cmdmode;
};

#define OPT_END()	{ .type = OPT_T_END }
#define OPT_GROUP(h)	{ .type = OPT_T_GROUP, .help = (h) }
#define OPT_BOOL(s, l, v, h) \
	{ .type = OPT_T_BOOL, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define OPT_COUNT(s, l, v, h) \
	{ .type = OPT_T_COUNT, .short_name = (s), .long_name = (l), .value = (v), .help = (h) }
#define OPT_INT(s, l, v, a, lo, hi, h) \
	{ .type = OPT_T_INT, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .min = (lo), .max = (hi), .help = (h) }
#define OPT_STRING(s, l, v, a, h) \
	{ .type = OPT_T_STRING, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), .help = (h) }
#define OPT_CHOICE(s, l, v, a, c, h) \
	{ .type = OPT_T_CHOICE, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .choices = (c), .help = (h) }
/*
 * Command modes, as git's OPT_CMDMODE: options that exclude each other,
 * one group per variable @m (a const struct option *, NULL when none of
 * them was given). Giving two of a group is an error naming both; giving
 * one twice is not.
 */
#define OPT_CMDMODE_BOOL(m, s, l, v, h) \
	{ .type = OPT_T_BOOL, .short_name = (s), .long_name = (l), .value = (v), .help = (h), \
	  .cmdmode = (m) }
#define OPT_CMDMODE_STRING(m, s, l, v, a, h) \
	{ .type = OPT_T_STRING, .short_name = (s), .long_name = (l), .value = (v), .argh = (a), \
	  .help = (h), .cmdmode = (m) }
/* A second long name for the option before it, as nvme-cli has for some. */
#define OPT_ALIAS(l)	{ .type = OPT_T_ALIAS, .long_name = (l) }
/*
 * nvme-cli options that nvmf lists so their users get an answer. A value
 * is taken when @a (its name) is not NULL. OPT_REFUSED fails with "@why",
 * which says what nvmf does instead; OPT_ACCEPTED takes the option and does
 * nothing, for options that ask for what nvmf does anyway (@why says so, in
 * the table for readers). --help lists them by name after the options,
 * nvmf(8) with what they mean.
 */
#define OPT_REFUSED(s, l, a, why) \
	{ .type = OPT_T_COMPAT, .short_name = (s), .long_name = (l), .argh = (a), .help = (why), \
	  .refused = true }
#define OPT_ACCEPTED(s, l, a, why) \
	{ .type = OPT_T_COMPAT, .short_name = (s), .long_name = (l), .argh = (a), .help = (why) }

/*
 * Parse @argv against @opts. Non-option words are moved to the front of
 * argv; their count is returned. Errors are reported as "@where: ..." and
 * returned as -EINVAL. "--" ends the options.
 */
int parse_options(int argc, char **argv, const struct option *opts, const char *where);

/* Print "usage: @usage" and the options of @opts to stdout. */
void print_options_help(const char *usage, const char *summary, const struct option *opts);

/* Look an option up by long name (tests, man page checks). */
const struct option *find_long_option(const struct option *opts, const char *name);

#endif
