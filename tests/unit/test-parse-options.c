// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "param-options.h"
#include "parse-options.h"
#include "util.h"

#define MAX_ARGS 16

/* What the options of the test table point at. */
static struct {
	const char *name;
	const char *secret;
	bool persistent;
	bool digest;
	int verbose;
	int queue_size;
	int ctrl_loss_tmo;
	int fast_io_fail_tmo;
	int format;
} v;

static const char *const formats[] = { "normal", "json", NULL };

static const struct option opts[] = {
	OPT_GROUP("Options"),
	OPT_STRING('n', "name", &v.name, "NAME", "a name"),
	OPT_BOOL('p', "persistent", &v.persistent, "keep it"),
	OPT_BOOL('d', "digest", &v.digest, "use digests"),
	OPT_COUNT('v', "verbose", &v.verbose, "say more"),
	OPT_INT('Q', "queue-size", &v.queue_size, "N", 16, 1024, "queue depth"),
	OPT_INT('l', "ctrl-loss-tmo", &v.ctrl_loss_tmo, "SEC", -1, 2147483647, "loss timeout"),
	OPT_INT(0, "fast-io-fail-tmo", &v.fast_io_fail_tmo, "SEC", -1, 2147483647, "fail timeout"),
	OPT_ALIAS("fast_io_fail_tmo"),
	OPT_CHOICE('o', "output-format", &v.format, "FMT", formats, "output format"),
	OPT_STRING('S', "dhchap-secret", &v.secret, "KEY", "host secret"),
	OPT_END(),
};

/*
 * The words of the last parse, as parse_options() left them (values point
 * into them), their allocations, and what it printed on stderr.
 */
static char *args[MAX_ARGS];
static char *owned[MAX_ARGS];
static int nr_args;
static char err[1024];

static void free_args(void)
{
	for (int i = 0; i < nr_args; i++)
		free(owned[i]);
	nr_args = 0;
}

static int reset(void **state)
{
	(void)state;
	free_args();
	memset(&v, 0, sizeof(v));
	v.queue_size = NVMF_UNSET;
	v.ctrl_loss_tmo = NVMF_UNSET;
	v.fast_io_fail_tmo = NVMF_UNSET;
	v.format = -1;
	err[0] = '\0';
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	free_args();
	return 0;
}

/* Parse the NULL-terminated words against @table, keeping stderr in err[]. */
static int parse_table(const struct option *table, const char *first, ...)
{
	va_list ap;
	int ret;

	free_args();
	va_start(ap, first);
	for (const char *w = first; w; w = va_arg(ap, const char *)) {
		assert_true(nr_args < MAX_ARGS);
		owned[nr_args] = strdup(w);
		assert_non_null(owned[nr_args]);
		args[nr_args] = owned[nr_args];
		nr_args++;
	}
	va_end(ap);

	capture_start(STDERR_FILENO);
	ret = parse_options(nr_args, args, table, "test");
	capture_end(err, sizeof(err));
	return ret;
}

#define parse(...) parse_table(opts, __VA_ARGS__, NULL)

/* disconnect's -n, -d and --all: one of them, and the error names both given. */
static const struct option *mode;
static const char *nqns, *devices;
static bool all;
static const struct option modes[] = {
	OPT_CMDMODE_STRING(&mode, 'n', "nqn", &nqns, "NQN", "by NQN"),
	OPT_CMDMODE_STRING(&mode, 'd', "device", &devices, "DEV", "by device"),
	OPT_CMDMODE_BOOL(&mode, 0, "all", &all, "all"),
	OPT_COUNT('v', "verbose", &v.verbose, "say more"),
	OPT_END(),
};

static void test_cmdmode(void **state)
{
	(void)state;
	mode = NULL;
	assert_int_equal(parse_table(modes, "-v", NULL), 0);
	assert_null(mode);
	assert_int_equal(parse_table(modes, "-n", "a", "-v", "--nqn=b", NULL), 0);
	assert_ptr_equal(mode, &modes[0]);
	assert_string_equal(nqns, "b");
	assert_string_equal(err, "");
	assert_int_equal(parse_table(modes, "--all", "-d", "nvme1", NULL), -EINVAL);
	assert_string_equal(err, "nvmf: test: --nqn and --all exclude each other\n");
	mode = NULL;
	assert_int_equal(parse_table(modes, "--all", "-d", "nvme1", NULL), -EINVAL);
	assert_string_equal(err, "nvmf: test: --all and --device exclude each other\n");
	mode = NULL;
	assert_int_equal(parse_table(modes, "--all", "--all", NULL), 0);
	assert_true(all);
}

static void test_long_separate_value(void **state)
{
	(void)state;
	assert_int_equal(parse("--name", "foo", "--queue-size", "64"), 0);
	assert_string_equal(v.name, "foo");
	assert_int_equal(v.queue_size, 64);
	assert_string_equal(err, "");
}

static void test_long_inline_value(void **state)
{
	(void)state;
	assert_int_equal(parse("--name=foo=bar", "--queue-size=128", "--output-format=json"), 0);
	assert_string_equal(v.name, "foo=bar");
	assert_int_equal(v.queue_size, 128);
	assert_int_equal(v.format, 1);
	assert_string_equal(err, "");
	/* The word is given back as it came. */
	assert_string_equal(args[0], "--name=foo=bar");
}

static void test_short_separate_and_attached(void **state)
{
	(void)state;
	assert_int_equal(parse("-n", "foo", "-Q32"), 0);
	assert_string_equal(v.name, "foo");
	assert_int_equal(v.queue_size, 32);
	assert_int_equal(parse("-nbar", "-Q", "1024"), 0);
	assert_string_equal(v.name, "bar");
	assert_int_equal(v.queue_size, 1024);
	assert_string_equal(err, "");
}

static void test_short_clustered_bools(void **state)
{
	(void)state;
	assert_int_equal(parse("-pv"), 0);
	assert_true(v.persistent);
	assert_false(v.digest);
	assert_int_equal(v.verbose, 1);
	assert_int_equal(parse("-dvvv"), 0);
	assert_true(v.digest);
	assert_int_equal(v.verbose, 4);
	assert_string_equal(err, "");
}

static void test_short_value_ends_cluster(void **state)
{
	(void)state;
	assert_int_equal(parse("-pQ", "64", "rest"), 1);
	assert_true(v.persistent);
	assert_int_equal(v.queue_size, 64);
	assert_string_equal(args[0], "rest");

	reset(NULL);
	assert_int_equal(parse("-vQ48"), 0);
	assert_int_equal(v.verbose, 1);
	assert_int_equal(v.queue_size, 48);

	/* Everything after a value-taking letter is its value, letters or not. */
	reset(NULL);
	assert_int_equal(parse("-pnvd"), 0);
	assert_true(v.persistent);
	assert_string_equal(v.name, "vd");
	assert_int_equal(v.verbose, 0);
	assert_false(v.digest);
	assert_string_equal(err, "");
}

static void test_count_repeated(void **state)
{
	(void)state;
	assert_int_equal(parse("-v", "--verbose", "-vv", "--verbose"), 0);
	assert_int_equal(v.verbose, 5);
	assert_string_equal(err, "");
}

static void test_int_range_edges(void **state)
{
	(void)state;
	assert_int_equal(parse("--queue-size", "16"), 0);
	assert_int_equal(v.queue_size, 16);
	assert_int_equal(parse("--queue-size=1024"), 0);
	assert_int_equal(v.queue_size, 1024);
	assert_int_equal(parse("--ctrl-loss-tmo", "-1"), 0);
	assert_int_equal(v.ctrl_loss_tmo, -1);
	assert_int_equal(parse("-l", "2147483647"), 0);
	assert_int_equal(v.ctrl_loss_tmo, 2147483647);
	assert_string_equal(err, "");
}

/* Words parse() refuses, and the one line it says. */
struct refusal {
	const char *arg, *value;	/* value NULL: @arg alone */
	const char *err;
};

/*
 * Each of @r refused; @unchanged: v is as it was after each (a refused
 * value; the options before an unknown one or a missing value are taken).
 */
static void check_refusals(const struct refusal *r, size_t n, bool unchanged)
{
	unsigned char before[sizeof(v)];

	for (size_t i = 0; i < n; i++) {
		memcpy(before, &v, sizeof(v));
		assert_int_equal(r[i].value ? parse(r[i].arg, r[i].value) : parse(r[i].arg), -EINVAL);
		assert_string_equal(err, r[i].err);
		if (unchanged)
			assert_memory_equal(&v, before, sizeof(v));
	}
}

static void test_int_out_of_range(void **state)
{
	static const struct refusal refusals[] = {
		{ "--queue-size", "15", "nvmf: test: --queue-size 15 is out of range (16..1024)\n" },
		{ "--queue-size=1025", NULL, "nvmf: test: --queue-size 1025 is out of range (16..1024)\n" },
		/* Named by its long name even when given by its short one. */
		{ "-Q", "8", "nvmf: test: --queue-size 8 is out of range (16..1024)\n" },
		{ "-l", "-2", "nvmf: test: --ctrl-loss-tmo -2 is out of range (-1..2147483647)\n" },
		{ "-l", "2147483648",
		  "nvmf: test: --ctrl-loss-tmo 2147483648 is out of range (-1..2147483647)\n" },
		{ "-l", "99999999999999999999999",
		  "nvmf: test: --ctrl-loss-tmo 99999999999999999999999 is out of range (-1..2147483647)\n" },
	};

	(void)state;
	v.queue_size = 99;
	check_refusals(refusals, ARRAY_SIZE(refusals), true);
	assert_int_equal(v.queue_size, 99);
	assert_int_equal(v.ctrl_loss_tmo, NVMF_UNSET);
}

static void test_int_not_a_number(void **state)
{
	static const struct refusal refusals[] = {
		{ "--queue-size", "12abc", "nvmf: test: --queue-size needs a whole number, not '12abc'\n" },
		{ "--queue-size=", NULL, "nvmf: test: --queue-size needs a whole number, not ''\n" },
		{ "-Q", "", "nvmf: test: --queue-size needs a whole number, not ''\n" },
		{ "--queue-size", "-", "nvmf: test: --queue-size needs a whole number, not '-'\n" },
		{ "-Q", "0x20", "nvmf: test: --queue-size needs a whole number, not '0x20'\n" },
		{ "--fast-io-fail-tmo", "1.5",
		  "nvmf: test: --fast-io-fail-tmo needs a whole number, not '1.5'\n" },
		{ "-Q", "6\x1b[2J", "nvmf: test: --queue-size needs a whole number, not '6\\x1b[2J'\n" },
	};

	(void)state;
	check_refusals(refusals, ARRAY_SIZE(refusals), true);
	assert_int_equal(v.queue_size, NVMF_UNSET);
}

static void test_choice(void **state)
{
	(void)state;
	assert_int_equal(parse("-o", "json"), 0);
	assert_int_equal(v.format, 1);
	assert_int_equal(parse("--output-format", "normal"), 0);
	assert_int_equal(v.format, 0);
	assert_string_equal(err, "");

	assert_int_equal(parse("--output-format=xml"), -EINVAL);
	assert_string_equal(err,
		"nvmf: test: --output-format takes one of normal, json, not 'xml'\n");
	assert_int_equal(v.format, 0);
	/* Exact words only. */
	assert_int_equal(parse("-o", "JSON"), -EINVAL);
	assert_string_equal(err,
		"nvmf: test: --output-format takes one of normal, json, not 'JSON'\n");
	assert_int_equal(v.format, 0);
}

static void test_alias(void **state)
{
	const struct option *o = find_long_option(opts, "fast-io-fail-tmo");

	(void)state;
	assert_non_null(o);
	assert_int_equal(o->type, OPT_T_INT);
	assert_ptr_equal(find_long_option(opts, "fast_io_fail_tmo"), o);

	assert_int_equal(parse("--fast_io_fail_tmo", "5"), 0);
	assert_int_equal(v.fast_io_fail_tmo, 5);
	assert_int_equal(parse("--fast-io-fail-tmo", "7"), 0);
	assert_int_equal(v.fast_io_fail_tmo, 7);
	assert_int_equal(parse("--fast_io_fail_tmo=-1"), 0);
	assert_int_equal(v.fast_io_fail_tmo, -1);
	assert_string_equal(err, "");

	/* Checked, and named, as the option it stands for. */
	assert_int_equal(parse("--fast_io_fail_tmo", "-5"), -EINVAL);
	assert_string_equal(err,
		"nvmf: test: --fast-io-fail-tmo -5 is out of range (-1..2147483647)\n");
	assert_int_equal(v.fast_io_fail_tmo, -1);
}

static void test_find_long_option(void **state)
{
	(void)state;
	assert_ptr_equal(find_long_option(opts, "name"), &opts[1]);
	assert_null(find_long_option(opts, "nam"));
	assert_null(find_long_option(opts, "names"));
	assert_null(find_long_option(opts, ""));
}

static void test_unknown_options(void **state)
{
	static const struct refusal refusals[] = {
		{ "--nope", NULL, "nvmf: test: unknown option '--nope'\n" },
		/* No prefix matching: a command's options may grow. */
		{ "--persist", NULL, "nvmf: test: unknown option '--persist'\n" },
		{ "-x", NULL, "nvmf: test: unknown option '-x'\n" },
		{ "-pvx", NULL, "nvmf: test: unknown option '-x'\n" },
		{ "--a\x1b[2J", NULL, "nvmf: test: unknown option '--a\\x1b[2J'\n" },
		{ "-\x1b", NULL, "nvmf: test: unknown option '-?'\n" },
	};

	(void)state;
	check_refusals(refusals, ARRAY_SIZE(refusals), false);
}

static void test_unknown_option_stops_parsing(void **state)
{
	(void)state;
	assert_int_equal(parse("--bogus", "--name", "foo"), -EINVAL);
	assert_null(v.name);
}

static void test_missing_value(void **state)
{
	static const struct refusal refusals[] = {
		{ "--name", NULL, "nvmf: test: --name needs a value (NAME)\n" },
		{ "-p", "-Q", "nvmf: test: --queue-size needs a value (N)\n" },
		{ "-pQ", NULL, "nvmf: test: --queue-size needs a value (N)\n" },
		{ "--output-format", NULL, "nvmf: test: --output-format needs a value (FMT)\n" },
	};

	(void)state;
	check_refusals(refusals, ARRAY_SIZE(refusals), false);
}

static void test_flag_with_value(void **state)
{
	static const struct refusal refusals[] = {
		{ "--persistent=yes", NULL, "nvmf: test: --persistent takes no value\n" },
		{ "--verbose=2", NULL, "nvmf: test: --verbose takes no value\n" },
		{ "--persistent=", NULL, "nvmf: test: --persistent takes no value\n" },
	};

	(void)state;
	check_refusals(refusals, ARRAY_SIZE(refusals), true);
	assert_false(v.persistent);
	assert_int_equal(v.verbose, 0);
}

static void test_double_dash_ends_options(void **state)
{
	(void)state;
	assert_int_equal(parse("a", "-p", "--", "--name", "-v", "b"), 4);
	assert_true(v.persistent);
	assert_null(v.name);
	assert_int_equal(v.verbose, 0);
	assert_string_equal(args[0], "a");
	assert_string_equal(args[1], "--name");
	assert_string_equal(args[2], "-v");
	assert_string_equal(args[3], "b");
	assert_string_equal(err, "");

	assert_int_equal(parse("--"), 0);
	/* Only the first "--" is special. */
	assert_int_equal(parse("--", "--"), 1);
	assert_string_equal(args[0], "--");
}

static void test_positionals_to_front(void **state)
{
	(void)state;
	assert_int_equal(parse("one", "--name", "x", "two", "-p", "three", "-", "-Q", "64", "four"), 5);
	assert_string_equal(args[0], "one");
	assert_string_equal(args[1], "two");
	assert_string_equal(args[2], "three");
	assert_string_equal(args[3], "-");
	assert_string_equal(args[4], "four");
	assert_string_equal(v.name, "x");
	assert_true(v.persistent);
	assert_int_equal(v.queue_size, 64);
	assert_string_equal(err, "");

	assert_int_equal(parse("-p"), 0);
}

/* A value-taking option takes the next word whatever it looks like. */
static void test_value_may_start_with_dash(void **state)
{
	(void)state;
	assert_int_equal(parse("--name", "--persistent"), 0);
	assert_string_equal(v.name, "--persistent");
	assert_false(v.persistent);
}

static void test_secret_not_echoed(void **state)
{
	(void)state;
	assert_int_equal(parse("--dhchap-secret", "DHHC-1:00:SeCrEt:"), 0);
	assert_string_equal(v.secret, "DHHC-1:00:SeCrEt:");
	assert_int_equal(parse("-SDHHC-1:00:SeCrEt:", "-p"), 0);
	assert_string_equal(v.secret, "DHHC-1:00:SeCrEt:");
	assert_true(v.persistent);

	assert_int_equal(parse("--dhchap-secret=DHHC-1:00:SeCrEt:", "--bogus"), -EINVAL);
	assert_string_equal(err, "nvmf: test: unknown option '--bogus'\n");
	assert_int_equal(parse("-pSDHHC-1:00:SeCrEt:", "-Q", "1"), -EINVAL);
	assert_string_equal(err, "nvmf: test: --queue-size 1 is out of range (16..1024)\n");
	assert_int_equal(parse("--dhchap-secret"), -EINVAL);
	assert_string_equal(err, "nvmf: test: --dhchap-secret needs a value (KEY)\n");
}

/*
 * A regression test (lib/parse-options.c parse_long_option, the "unknown option" message):
 * the whole word is echoed, so a typo in the name of a secret option prints
 * the secret: "--dhchap-secrte=DHHC-1:..." -> "unknown option
 * '--dhchap-secrte=DHHC-1:...'". Naming the option is enough.
 */
static void test_unknown_option_hides_value(void **state)
{
	(void)state;
	assert_int_equal(parse("--dhchap-secrte=DHHC-1:00:SeCrEt:"), -EINVAL);
	assert_null(strstr(err, "SeCrEt"));
	assert_string_equal(err, "nvmf: test: unknown option '--dhchap-secrte'\n");
}

/* What print_options_help() prints for @table, in @buf. */
static void help_text(const struct option *table, char *buf, size_t len)
{
	capture_start(STDOUT_FILENO);
	print_options_help("nvmf test [OPTIONS] ARG", "Test the option parser.", table);
	capture_end(buf, len);
}

/* Does @help name "--@name" as a whole option (not "--tls" inside "--tls-key")? */
static bool names_option(const char *help, const char *name)
{
	size_t len = strlen(name);

	for (const char *s = strstr(help, "--"); s; s = strstr(s + 2, "--")) {
		if (!strncmp(s + 2, name, len) && strchr(" ,\n", s[2 + len]))
			return true;
	}
	return false;
}

static void check_help_names_all(const struct option *table)
{
	char help[8192];

	help_text(table, help, sizeof(help));
	for (const struct option *o = table; o->type != OPT_T_END; o++) {
		if (!o->long_name)
			continue;
		if (!names_option(help, o->long_name))
			fail_msg("--%s is not in the help:\n%s", o->long_name, help);
	}
}

static void test_help(void **state)
{
	char help[4096];

	(void)state;
	help_text(opts, help, sizeof(help));
	assert_true(!strncmp(help, "usage: nvmf test [OPTIONS] ARG\n\nTest the option parser.\n\nOptions:\n",
			     strlen("usage: nvmf test [OPTIONS] ARG\n\nTest the option parser.\n\nOptions:\n")));
	assert_non_null(strstr(help, "  -n, --name NAME                a name\n"));
	assert_non_null(strstr(help, "  -p, --persistent               keep it\n"));
	assert_non_null(strstr(help, "  -Q, --queue-size N             queue depth\n"));
	assert_non_null(strstr(help, "      --fast-io-fail-tmo, --fast_io_fail_tmo SEC\n"));
	assert_non_null(strstr(help, "  -S, --dhchap-secret KEY        host secret\n"));
	check_help_names_all(opts);
}

/* The tables commands are made of, as conf.c combines them. */
static void test_help_params_tables(void **state)
{
	struct nvmf_params p;
	bool persistent;
	const struct option table[] = {
		NVMF_ADDRESS_OPTIONS(&p),
		OPT_STRING('n', "nqn", &p.subsysnqn, "NQN", "discovery subsystem NQN"),
		NVMF_HOST_OPTIONS(&p),
		NVMF_TUNING_OPTIONS(&p),
		NVMF_SECURITY_OPTIONS(&p),
		OPT_BOOL('p', "persistent", &persistent, "keep the discovery controller"),
		OPT_END(),
	};

	(void)state;
	check_help_names_all(table);
}

/*
 * A regression test (lib/parse-options.c print_option_help): an option with a short name
 * only (option_name() allows for one) is shown as "-x, --(null)": "%s" of a
 * NULL long_name.
 */
static void test_help_short_only(void **state)
{
	bool x;
	const struct option table[] = {
		OPT_BOOL('x', NULL, &x, "short only"),
		OPT_END(),
	};
	char help[1024];

	(void)state;
	help_text(table, help, sizeof(help));
	assert_null(strstr(help, "(null)"));
	assert_non_null(strstr(help, "  -x "));
}

/*
 * A regression test (lib/parse-options.c print_option_help): spec[80] is filled with
 * n += snprintf(spec + n, sizeof(spec) - n, ...); once n passes 80 the size
 * wraps and the next snprintf (aliases, the value name) writes past the end
 * of spec. A long option name is also cut short. Run in a child, which may
 * crash.
 */
static void test_help_long_name(void **state)
{
	static const char long_name[] =
		"a-very-long-option-name-that-goes-on-and-on-and-on-well-past-"
		"the-eighty-bytes-of-spec";
	int code;
	const struct option table[] = {
		OPT_STRING(0, long_name, NULL, "VALUE", "long"),
		OPT_ALIAS("another-rather-long-alias-name-for-the-same-option-to-overflow-more"),
		OPT_END(),
	};
	char help[2048];
	int status;
	pid_t pid;

	(void)state;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Let a crash kill the child rather than go back into cmocka. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		help_text(table, help, sizeof(help));
		_exit(names_option(help, long_name) &&
		      names_option(help, table[1].long_name) ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	assert_int_equal(code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cmdmode, reset),
		cmocka_unit_test_setup(test_long_separate_value, reset),
		cmocka_unit_test_setup(test_long_inline_value, reset),
		cmocka_unit_test_setup(test_short_separate_and_attached, reset),
		cmocka_unit_test_setup(test_short_clustered_bools, reset),
		cmocka_unit_test_setup(test_short_value_ends_cluster, reset),
		cmocka_unit_test_setup(test_count_repeated, reset),
		cmocka_unit_test_setup(test_int_range_edges, reset),
		cmocka_unit_test_setup(test_int_out_of_range, reset),
		cmocka_unit_test_setup(test_int_not_a_number, reset),
		cmocka_unit_test_setup(test_choice, reset),
		cmocka_unit_test_setup(test_alias, reset),
		cmocka_unit_test(test_find_long_option),
		cmocka_unit_test_setup(test_unknown_options, reset),
		cmocka_unit_test_setup(test_unknown_option_stops_parsing, reset),
		cmocka_unit_test_setup(test_missing_value, reset),
		cmocka_unit_test_setup(test_flag_with_value, reset),
		cmocka_unit_test_setup(test_double_dash_ends_options, reset),
		cmocka_unit_test_setup(test_positionals_to_front, reset),
		cmocka_unit_test_setup(test_value_may_start_with_dash, reset),
		cmocka_unit_test_setup(test_secret_not_echoed, reset),
		cmocka_unit_test_setup(test_unknown_option_hides_value, reset),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_help_params_tables),
		cmocka_unit_test(test_help_short_only),
		cmocka_unit_test(test_help_long_name),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
