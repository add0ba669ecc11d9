// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "parse-options.h"
#include "util.h"

struct parse_state {
	int argc;
	char **argv;
	int i;			/* the word being parsed */
	const char *where;
};

static bool takes_value(const struct option *o)
{
	if (o->type == OPT_T_COMPAT)
		return o->argh != NULL;
	return o->type == OPT_T_INT || o->type == OPT_T_STRING || o->type == OPT_T_CHOICE;
}

static const struct option *resolve_alias(const struct option *opts, const struct option *o)
{
	while (o->type == OPT_T_ALIAS && o > opts)
		o--;
	return o;
}

const struct option *find_long_option(const struct option *opts, const char *name)
{
	for (const struct option *o = opts; o->type != OPT_T_END; o++)
		if (o->long_name && !strcmp(o->long_name, name))
			return resolve_alias(opts, o);
	return NULL;
}

static const struct option *find_short_option(const struct option *opts, int c)
{
	for (const struct option *o = opts; o->type != OPT_T_END; o++)
		if (o->type != OPT_T_ALIAS && o->short_name == c)
			return o;
	return NULL;
}

/* "--queue-size" or "-Q", for messages. */
static const char *option_name(const struct option *o, char *buf, size_t len)
{
	if (o->long_name)
		snprintf(buf, len, "--%s", o->long_name);
	else
		snprintf(buf, len, "-%c", o->short_name);
	return buf;
}

static int set_int(struct parse_state *st, const struct option *o, const char *arg)
{
	char name[64], shown[SHOWN_MAX];
	long long v;
	int ret = parse_long(arg, o->min, o->max, &v);

	if (ret == -EINVAL)
		return errorf(-EINVAL, "%s: %s needs a whole number, not '%s'", st->where,
			      option_name(o, name, sizeof(name)), printable(arg, shown, sizeof(shown)));
	if (ret < 0)
		return errorf(-EINVAL, "%s: %s %s is out of range (%ld..%ld)", st->where,
			      option_name(o, name, sizeof(name)), printable(arg, shown, sizeof(shown)),
			      o->min, o->max);
	*(int *)o->value = (int)v;
	return 0;
}

static int set_choice(struct parse_state *st, const struct option *o, const char *arg)
{
	char name[64], shown[SHOWN_MAX], list[256] = "";

	for (int i = 0; o->choices[i]; i++) {
		if (!strcmp(o->choices[i], arg)) {
			*(int *)o->value = i;
			return 0;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", o->choices[i]);
	}
	for (int i = 0; o->refused_choices && o->refused_choices[i]; i += 2)
		if (!strcmp(o->refused_choices[i], arg))
			return errorf(-EINVAL, "%s: %s %s: %s", st->where, option_name(o, name, sizeof(name)),
				      arg, o->refused_choices[i + 1]);
	return errorf(-EINVAL, "%s: %s takes one of %s, not '%s'", st->where,
		      option_name(o, name, sizeof(name)), list, printable(arg, shown, sizeof(shown)));
}

/* The option of @o's command mode given before, if another: an error naming both. */
static int set_cmdmode(struct parse_state *st, const struct option *o)
{
	char name[64], other[64];

	if (*o->cmdmode && *o->cmdmode != o)
		return errorf(-EINVAL, "%s: %s and %s exclude each other", st->where,
			      option_name(*o->cmdmode, other, sizeof(other)),
			      option_name(o, name, sizeof(name)));
	*o->cmdmode = o;
	return 0;
}

static int set_value(struct parse_state *st, const struct option *o, char *arg)
{
	if (o->cmdmode) {
		int ret = set_cmdmode(st, o);

		if (ret)
			return ret;
	}
	switch (o->type) {
	case OPT_T_BOOL:
		*(bool *)o->value = true;
		return 0;
	case OPT_T_COUNT:
		(*(int *)o->value)++;
		return 0;
	case OPT_T_INT:
		return set_int(st, o, arg);
	case OPT_T_CHOICE:
		return set_choice(st, o, arg);
	case OPT_T_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_T_COMPAT:
		if (o->refused) {
			char name[64];

			return errorf(-EINVAL, "%s: %s: %s", st->where,
				      option_name(o, name, sizeof(name)), o->help);
		}
		return 0;
	default:
		return -EINVAL;
	}
}

/* The value of option @o: the rest of the word, or the next word. */
static int take_value(struct parse_state *st, const struct option *o, char *inline_value, char **value)
{
	char name[64];

	if (inline_value) {
		*value = inline_value;
		return 0;
	}
	if (st->i + 1 >= st->argc)
		return errorf(-EINVAL, "%s: %s needs a value (%s)", st->where,
			      option_name(o, name, sizeof(name)), o->argh ? o->argh : "VALUE");
	*value = st->argv[++st->i];
	return 0;
}

static int parse_long_option(struct parse_state *st, const struct option *opts, char *word)
{
	char *name = word + 2, *eq = strchr(name, '='), *value = NULL, shown[SHOWN_MAX];
	const struct option *o;
	int ret;

	if (eq)
		*eq = '\0';
	o = find_long_option(opts, name);
	/* the name only: a mistyped --dhchap-secret=KEY must not show KEY */
	if (!o)
		ret = errorf(-EINVAL, "%s: unknown option '--%s'", st->where,
			     printable(name, shown, sizeof(shown)));
	if (eq)
		*eq = '=';
	if (!o)
		return ret;
	if (!takes_value(o)) {
		if (eq)
			return errorf(-EINVAL, "%s: --%s takes no value", st->where, o->long_name);
		return set_value(st, o, NULL);
	}
	ret = take_value(st, o, eq ? eq + 1 : NULL, &value);
	return ret ? ret : set_value(st, o, value);
}

/* "-v", "-vv", "-Q64", "-Q 64", "-pQ 64". */
static int parse_short_options(struct parse_state *st, const struct option *opts, char *word)
{
	for (char *c = word + 1; *c; c++) {
		const struct option *o = find_short_option(opts, *c);
		char *value = NULL;
		int ret;

		if (!o)
			return errorf(-EINVAL, "%s: unknown option '-%c'", st->where,
				      *c >= 0x20 && *c < 0x7f ? *c : '?');
		if (!takes_value(o)) {
			ret = set_value(st, o, NULL);
			if (ret)
				return ret;
			continue;
		}
		ret = take_value(st, o, c[1] ? c + 1 : NULL, &value);
		return ret ? ret : set_value(st, o, value);
	}
	return 0;
}

int parse_options(int argc, char **argv, const struct option *opts, const char *where)
{
	struct parse_state st = { .argc = argc, .argv = argv, .where = where };
	int nargs = 0, ret;

	for (st.i = 0; st.i < argc; st.i++) {
		char *word = argv[st.i];

		if (!strcmp(word, "--")) {
			while (++st.i < argc)
				argv[nargs++] = argv[st.i];
			break;
		}
		if (word[0] != '-' || !word[1]) {
			argv[nargs++] = word;
			continue;
		}
		if (word[1] == '-')
			ret = parse_long_option(&st, opts, word);
		else
			ret = parse_short_options(&st, opts, word);
		if (ret)
			return ret;
	}
	return nargs;
}

/* "-Q, --queue-size, --alias N": what the option looks like on a command line. */
static void option_spec(const struct option *o, char *spec, size_t len)
{
	size_t pos = 0;

	spec[0] = '\0';
	if (o->short_name)
		appendf(spec, len, &pos, "-%c%s", o->short_name, o->long_name ? ", " : "");
	else
		appendf(spec, len, &pos, "    ");
	if (o->long_name)
		appendf(spec, len, &pos, "--%s", o->long_name);
	for (const struct option *a = o + 1; a->type == OPT_T_ALIAS; a++)
		appendf(spec, len, &pos, ", --%s", a->long_name);
	if (takes_value(o))
		appendf(spec, len, &pos, " %s", o->argh ? o->argh : "VALUE");
}

static void print_option_help(const struct option *o)
{
	char spec[256];

	option_spec(o, spec, sizeof(spec));
	if (strlen(spec) > 30)
		printf("  %s\n  %-30s %s\n", spec, "", o->help);
	else
		printf("  %-30s %s\n", spec, o->help);
}

/* "  refused: -O/--dump-config, --nbft": nvme-cli's options, one line a kind, never wrapped. */
static void print_compat_options(const struct option *opts, bool refused, const char *kind)
{
	const char *lead = kind;

	for (const struct option *o = opts; o->type != OPT_T_END; o++) {
		if (o->type != OPT_T_COMPAT || o->refused != refused)
			continue;
		if (o->short_name)
			printf("%s-%c/--%s", lead, o->short_name, o->long_name);
		else
			printf("%s--%s", lead, o->long_name);
		lead = ", ";
	}
	if (lead != kind)
		printf("\n");
}

void print_options_help(const char *usage, const char *summary, const struct option *opts)
{
	bool compat = false;

	printf("usage: %s\n\n%s\n", usage, summary);
	for (const struct option *o = opts; o->type != OPT_T_END; o++) {
		if (o->type == OPT_T_GROUP)
			printf("\n%s:\n", o->help);
		else if (o->type == OPT_T_COMPAT)
			compat = true;
		else if (o->type != OPT_T_ALIAS)
			print_option_help(o);
	}
	if (!compat)
		return;
	printf("\nnvme-cli's options that nvmf answers otherwise (nvmf(8), NVME-CLI OPTIONS):\n");
	print_compat_options(opts, true, "  refused: ");
	print_compat_options(opts, false, "  taken, changing nothing: ");
}
