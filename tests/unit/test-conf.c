// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "conf.h"
#include "discovery.h"
#include "helpers.h"
#include "params.h"
#include "util.h"

#define SECRET	"DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
#define HOSTNQN	"nqn.2014-08.org.nvmexpress:uuid:2cd2c43b-a90a-45c1-a8cd-86b33ab273b5"
#define HOSTID	"2cd2c43b-a90a-45c1-a8cd-86b33ab273b5"

static char conf_path[128];

/* What the last parse or load printed on stderr. */
static char err[16384];

static int setup(void **state)
{
	(void)state;
	snprintf(conf_path, sizeof(conf_path), "%s/discovery.conf", temp_root_create());
	return 0;
}

static void write_conf(const char *text)
{
	put_file("/discovery.conf", text);
}

static int load(struct nvmf_conf *conf)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_conf_load(conf_path, NULL, conf);
	capture_end(err, sizeof(err));
	return ret;
}

/* Parse @line as line 3 of "f.conf"; e->buf is freed by the caller. */
static int parse(const char *line, struct nvmf_conf_entry *e)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_conf_parse_line("f.conf", 3, line, NULL, e);
	capture_end(err, sizeof(err));
	return ret;
}

/* @line, parsed as line 3 of "f.conf", is an entry, and nothing is said. */
static void parse_entry(const char *line, struct nvmf_conf_entry *e)
{
	assert_int_equal(parse(line, e), 1);
	assert_string_equal(err, "");
}

/*
 * @line is reported with @message and left out. For what params.c words
 * (its messages are its own), see check_rejected().
 */
static void check_bad_line(const char *line, const char *message)
{
	struct nvmf_conf_entry e;

	assert_int_equal(parse(line, &e), -EINVAL);
	assert_string_equal(err, message);
	assert_null(e.buf);
}

/*
 * @line is rejected by nvmf_params_validate(): one "f.conf:3: " message that
 * names @token, and the line left out.
 */
static void check_rejected(const char *line, const char *token)
{
	struct nvmf_conf_entry e;
	const char *nl;

	assert_int_equal(parse(line, &e), -EINVAL);
	assert_null(e.buf);
	assert_true(!strncmp(err, "nvmf: f.conf:3: ", strlen("nvmf: f.conf:3: ")));
	nl = strchr(err, '\n');
	assert_non_null(nl);
	assert_string_equal(nl, "\n");
	if (!strstr(err, token))
		fail_msg("'%s' is not named in: %s", token, err);
}

static void test_article_rdma_line(void **state)
{
	struct nvmf_conf_entry e;
	struct nvmf_params disc;

	(void)state;
	parse_entry("--transport rdma --traddr 192.0.2.20 --trsvcid 4420\n", &e);
	assert_int_equal(e.line, 3);
	assert_string_equal(e.params.transport, "rdma");
	assert_string_equal(e.params.traddr, "192.0.2.20");
	assert_string_equal(e.params.trsvcid, "4420");
	assert_null(e.params.subsysnqn);
	assert_null(e.params.host_traddr);
	assert_int_equal(e.params.queue_size, NVMF_UNSET);
	assert_false(e.persistent);

	nvmf_discovery_params(&e.params, &disc);
	assert_string_equal(disc.subsysnqn, NVMF_DISC_NQN);
	assert_string_equal(disc.trsvcid, "4420");
	assert_true(disc.discovery);
	free(e.buf);
}

static void test_inline_values(void **state)
{
	struct nvmf_conf_entry e;
	struct nvmf_params disc;

	(void)state;
	parse_entry("--transport=tcp --traddr=192.0.2.10\n", &e);
	assert_string_equal(e.params.transport, "tcp");
	assert_string_equal(e.params.traddr, "192.0.2.10");
	assert_null(e.params.trsvcid);

	/* The discovery port, not the I/O one. */
	nvmf_discovery_params(&e.params, &disc);
	assert_string_equal(disc.trsvcid, "8009");
	assert_string_equal(disc.subsysnqn, NVMF_DISC_NQN);
	free(e.buf);
}

static void test_tabs_and_crlf(void **state)
{
	struct nvmf_conf_entry e;

	(void)state;
	parse_entry("\t--transport\ttcp \t --traddr\t192.0.2.10\t\r\n", &e);
	assert_string_equal(e.params.transport, "tcp");
	assert_string_equal(e.params.traddr, "192.0.2.10");
	free(e.buf);

	assert_int_equal(parse("--transport tcp --traddr 192.0.2.10 --trsvcid 4420\r\n", &e), 1);
	assert_string_equal(e.params.trsvcid, "4420");
	free(e.buf);
}

static void test_blank_and_comment_lines(void **state)
{
	static const char *const lines[] = {
		"", "\n", "\r\n", "   \t \r\n", "# a comment\n", "   # indented\n",
		"\t#--transport tcp --traddr 192.0.2.10\n", "#\n", "#--bogus",
	};
	struct nvmf_conf_entry e;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		assert_int_equal(parse(lines[i], &e), 0);
		assert_string_equal(err, "");
		assert_null(e.buf);
		assert_int_equal(e.line, 3);
	}
}

static void test_short_options(void **state)
{
	struct nvmf_conf_entry e;

	(void)state;
	parse_entry("-t tcp -a 192.0.2.10 -s 4420 -w 192.0.2.1 -Q 64", &e);
	assert_string_equal(e.params.transport, "tcp");
	assert_string_equal(e.params.traddr, "192.0.2.10");
	assert_string_equal(e.params.trsvcid, "4420");
	assert_string_equal(e.params.host_traddr, "192.0.2.1");
	assert_int_equal(e.params.queue_size, 64);
	assert_false(e.persistent);
	free(e.buf);

	parse_entry("-pttcp -a192.0.2.10 -gG", &e);
	assert_true(e.persistent);
	assert_string_equal(e.params.transport, "tcp");
	assert_string_equal(e.params.traddr, "192.0.2.10");
	assert_true(e.params.hdr_digest);
	assert_true(e.params.data_digest);
	free(e.buf);
}

static void test_persistent(void **state)
{
	struct nvmf_conf_entry e;

	(void)state;
	parse_entry("--transport tcp --traddr 192.0.2.10 --persistent\n", &e);
	assert_true(e.persistent);
	free(e.buf);
}

static void test_every_connection_option(void **state)
{
	struct nvmf_conf_entry e;
	const struct nvmf_params *p = &e.params;

	(void)state;
	parse_entry("--transport tcp --traddr 192.0.2.10 --trsvcid 8010"
			       " --nqn nqn.2014-08.com.example:disc"
			       " --host-traddr 192.0.2.1 --host-iface eth0"
			       " --hostnqn " HOSTNQN " --hostid " HOSTID
			       " --nr-io-queues 4 --queue-size 128 --keep-alive-tmo 30"
			       " --reconnect-delay 10 --ctrl-loss-tmo 600 --fast_io_fail_tmo 20"
			       " --tos 5 --hdr-digest --data-digest --duplicate-connect"
			       " --disable-sqflow --dhchap-secret " SECRET "\n", &e);
	assert_string_equal(p->transport, "tcp");
	assert_string_equal(p->traddr, "192.0.2.10");
	assert_string_equal(p->trsvcid, "8010");
	assert_string_equal(p->subsysnqn, "nqn.2014-08.com.example:disc");
	assert_string_equal(p->host_traddr, "192.0.2.1");
	assert_string_equal(p->host_iface, "eth0");
	assert_string_equal(p->hostnqn, HOSTNQN);
	assert_string_equal(p->hostid, HOSTID);
	assert_int_equal(p->nr_io_queues, 4);
	assert_int_equal(p->queue_size, 128);
	assert_int_equal(p->keep_alive_tmo, 30);
	assert_int_equal(p->reconnect_delay, 10);
	assert_int_equal(p->ctrl_loss_tmo, 600);
	assert_int_equal(p->fast_io_fail_tmo, 20);
	assert_int_equal(p->tos, 5);
	assert_true(p->hdr_digest);
	assert_true(p->data_digest);
	assert_true(p->duplicate_connect);
	assert_true(p->disable_sqflow);
	assert_string_equal(p->dhchap_secret, SECRET);
	assert_int_equal(p->nr_write_queues, NVMF_UNSET);
	assert_int_equal(p->nr_poll_queues, NVMF_UNSET);
	assert_false(e.persistent);
	free(e.buf);

	/* The other spellings. */
	parse_entry("--transport tcp --traddr 192.0.2.10 --fast-io-fail-tmo=-1"
			       " --ctrl-loss-tmo=-1 -k 0 -c 1 -l 5 -T 255 -D -S " SECRET, &e);
	assert_int_equal(p->fast_io_fail_tmo, -1);
	assert_int_equal(p->keep_alive_tmo, 0);
	assert_int_equal(p->reconnect_delay, 1);
	assert_int_equal(p->ctrl_loss_tmo, 5);
	assert_int_equal(p->tos, 255);
	assert_true(p->duplicate_connect);
	assert_string_equal(p->dhchap_secret, SECRET);
	free(e.buf);
}

static void test_bad_lines(void **state)
{
	(void)state;
	check_bad_line("--transport tcp --traddr 192.0.2.10 --bogus\n",
		       "nvmf: f.conf:3: unknown option '--bogus'\n");
	check_bad_line("--transport tcp --traddr 192.0.2.10 -x\n",
		       "nvmf: f.conf:3: unknown option '-x'\n");
	check_bad_line("--transport tcp --traddr\n",
		       "nvmf: f.conf:3: --traddr needs a value (ADDR)\n");
	check_bad_line("--transport tcp --traddr 192.0.2.10 --queue-size 2000\n",
		       "nvmf: f.conf:3: --queue-size 2000 is out of range (16..1024)\n");
	check_bad_line("--transport tcp --traddr 192.0.2.10 --tos=256\n",
		       "nvmf: f.conf:3: --tos 256 is out of range (0..255)\n");
	check_bad_line("--transport tcp --traddr 192.0.2.10 --keep-alive-tmo 5s\n",
		       "nvmf: f.conf:3: --keep-alive-tmo needs a whole number, not '5s'\n");
	check_bad_line("--transport tcp stray --traddr 192.0.2.10\n",
		       "nvmf: f.conf:3: unexpected word 'stray'\n");
	check_bad_line("--transport tcp --traddr 192.0.2.10 --persistent=yes\n",
		       "nvmf: f.conf:3: --persistent takes no value\n");
	check_rejected("--traddr 192.0.2.10\n", "--transport");
	check_rejected("--transport tcp\n", "--traddr");
	check_rejected("--transport iwarp --traddr 192.0.2.10\n", "'iwarp'");
	check_rejected("--transport rdma --traddr 192.0.2.20 --host-iface eth0\n", "--host-iface");
}

/* A value must not smuggle an option of its own into the kernel's option string. */
static void test_injection(void **state)
{
	(void)state;
	check_rejected("--transport tcp --traddr 192.0.2.10,nr_io_queues=1\n",
		       "--traddr '192.0.2.10,nr_io_queues=1'");
	check_rejected("--transport=tcp,hostnqn=x --traddr 192.0.2.10\n", "'tcp,hostnqn=x'");
	check_rejected("--transport tcp --traddr 192.0.2.10 --host-iface eth0,tos=1\n",
		       "--host-iface 'eth0,tos=1'");
	check_rejected("--transport tcp --traddr 192.0.2.10 --nqn nqn.2014-08.x:y,queue_size=16\n",
		       "--nqn 'nqn.2014-08.x:y,queue_size=16'");
	check_rejected("--transport tcp --traddr 192.0.2.10 --hostnqn " HOSTNQN ",tos=1\n",
		       "--hostnqn '" HOSTNQN ",tos=1'");
	check_rejected("--transport tcp --traddr 192.0.2.10 --trsvcid 8009=1\n", "--trsvcid '8009=1'");
}

static void test_bad_secret_not_shown(void **state)
{
	(void)state;
	check_rejected("--transport tcp --traddr 192.0.2.10 --dhchap-secret DHHC-1:00:SeCrEt,x=1:\n",
		       "--dhchap-secret");
	assert_null(strstr(err, "SeCrEt"));
}

/* @n words: a valid line padded with "-p". */
static char *line_of_words(int n)
{
	static const char head[] = "--transport tcp --traddr 192.0.2.10";
	char *line = malloc(sizeof(head) + 3 * n);

	assert_non_null(line);
	strcpy(line, head);
	for (int i = 4; i < n; i++)
		strcat(line, " -p");
	return line;
}

static void test_too_many_words(void **state)
{
	struct nvmf_conf_entry e;
	char *line = line_of_words(64);

	(void)state;
	parse_entry(line, &e);
	assert_true(e.persistent);
	free(e.buf);
	free(line);

	line = line_of_words(65);
	check_bad_line(line, "nvmf: f.conf:3: more than 64 words\n");
	free(line);
}

/*
 * The next line of the load's @report starts "nvmf: PATH:@text" and names
 * @token, if given; step past it.
 */
static void check_report(const char **report, const char *text, const char *token)
{
	char prefix[256], line[512];
	const char *nl = strchr(*report, '\n');

	assert_non_null(nl);
	assert_true((size_t)(nl - *report) < sizeof(line));
	memcpy(line, *report, nl - *report);
	line[nl - *report] = '\0';
	*report = nl + 1;
	snprintf(prefix, sizeof(prefix), "nvmf: %s:%s", conf_path, text);
	if (strncmp(line, prefix, strlen(prefix)))
		fail_msg("expected \"%s\" in: %s", prefix, line);
	if (token && !strstr(line, token))
		fail_msg("'%s' is not named in: %s", token, line);
}

static void test_load_mixed(void **state)
{
	struct nvmf_conf conf;
	const char *report = err;

	(void)state;
	write_conf("# discovery.conf\n"						/* 1 */
		   "--transport tcp --traddr 192.0.2.10\n"			/* 2 */
		   "\n"								/* 3 */
		   "--transport tcp --traddr 192.0.2.11 --bogus\n"		/* 4 */
		   "  # indented comment\r\n"					/* 5 */
		   "--transport rdma --traddr 192.0.2.20 --trsvcid 4420\r\n"	/* 6 */
		   "--transport tcp --queue-size 8 --traddr 192.0.2.12\n"	/* 7 */
		   "--transport tcp stray --traddr 192.0.2.13\n"		/* 8 */
		   "--traddr 192.0.2.14\n"					/* 9 */
		   "--transport tcp\n"						/* 10 */
		   "--transport tcp --traddr 192.0.2.15,nr_io_queues=1\n"	/* 11 */
		   "--transport tcp --traddr\n"					/* 12 */
		   "\t\r\n"							/* 13 */
		   "--transport=tcp --traddr=192.0.2.16 --persistent");	/* 14, no newline */
	assert_int_equal(load(&conf), 0);
	check_report(&report, "4: unknown option '--bogus'", NULL);
	check_report(&report, "7: --queue-size 8 is out of range (16..1024)", NULL);
	check_report(&report, "8: unexpected word 'stray'", NULL);
	check_report(&report, "9: ", "--transport");
	check_report(&report, "10: ", "--traddr");
	check_report(&report, "11: ", "'192.0.2.15,nr_io_queues=1'");
	check_report(&report, "12: --traddr needs a value (ADDR)", NULL);
	assert_string_equal(report, "");
	assert_string_equal(conf.path, conf_path);
	assert_int_equal(conf.nr_errors, 7);
	assert_int_equal(conf.nr_entries, 3);

	assert_int_equal(conf.entries[0].line, 2);
	assert_string_equal(conf.entries[0].params.transport, "tcp");
	assert_string_equal(conf.entries[0].params.traddr, "192.0.2.10");
	assert_false(conf.entries[0].persistent);

	assert_int_equal(conf.entries[1].line, 6);
	assert_string_equal(conf.entries[1].params.transport, "rdma");
	assert_string_equal(conf.entries[1].params.traddr, "192.0.2.20");
	assert_string_equal(conf.entries[1].params.trsvcid, "4420");

	assert_int_equal(conf.entries[2].line, 14);
	assert_string_equal(conf.entries[2].params.traddr, "192.0.2.16");
	assert_true(conf.entries[2].persistent);

	nvmf_conf_free(&conf);
	assert_null(conf.entries);
	assert_int_equal(conf.nr_entries, 0);
}

static void test_load_missing_file(void **state)
{
	struct nvmf_conf conf;
	int ret;

	(void)state;
	unlink(conf_path);
	capture_start(STDERR_FILENO);
	ret = nvmf_conf_load(conf_path, NULL, &conf);
	capture_end(err, sizeof(err));
	assert_int_equal(ret, -ENOENT);
	assert_int_equal(conf.nr_entries, 0);
	assert_int_equal(conf.nr_errors, 0);
	assert_null(conf.entries);
	nvmf_conf_free(&conf);
}

static void test_load_empty_file(void **state)
{
	struct nvmf_conf conf;

	(void)state;
	write_conf("");
	assert_int_equal(load(&conf), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.nr_entries, 0);
	assert_int_equal(conf.nr_errors, 0);
	nvmf_conf_free(&conf);

	write_conf("# only comments\n\n   # and blanks\r\n");
	assert_int_equal(load(&conf), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.nr_entries, 0);
	assert_int_equal(conf.nr_errors, 0);
	nvmf_conf_free(&conf);
}

static void test_load_1000_lines(void **state)
{
	struct nvmf_conf conf;
	char traddr[32];
	FILE *f;

	(void)state;
	f = fopen(conf_path, "w");
	assert_non_null(f);
	for (int i = 0; i < 1000; i++)
		fprintf(f, "--transport tcp --traddr 192.0.%d.%d --trsvcid %d\n",
			i / 250, i % 250 + 1, 8000 + i);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(load(&conf), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.nr_errors, 0);
	assert_int_equal(conf.nr_entries, 1000);
	for (int i = 0; i < 1000; i++) {
		const struct nvmf_conf_entry *e = &conf.entries[i];
		char port[16];

		snprintf(traddr, sizeof(traddr), "192.0.%d.%d", i / 250, i % 250 + 1);
		snprintf(port, sizeof(port), "%d", 8000 + i);
		assert_int_equal(e->line, i + 1);
		assert_string_equal(e->params.traddr, traddr);
		assert_string_equal(e->params.trsvcid, port);
	}
	nvmf_conf_free(&conf);
}

/* A word that starts with '#' begins a comment; a '#' inside a word is part of it. */
static void test_trailing_comment(void **state)
{
	struct nvmf_conf_entry e;

	(void)state;
	assert_int_equal(parse("--transport tcp --traddr 192.0.2.10   # rack 3, row 2\n", &e), 1);
	assert_string_equal(e.params.traddr, "192.0.2.10");
	free(e.buf);
	assert_int_equal(parse("--transport tcp --traddr 192.0.2.10 #--bogus\n", &e), 1);
	free(e.buf);
	assert_int_equal(parse("--transport tcp --traddr #192.0.2.10\n", &e), -EINVAL);
	assert_non_null(strstr(err, "f.conf:3: --traddr needs a value"));
	assert_int_equal(parse("--transport tcp --traddr 192.0.2.10 stray # comment\n", &e), -EINVAL);
	assert_non_null(strstr(err, "unexpected word 'stray'"));
}

/* Bad lines are kept with their errno and message, in order; the others count. */
static void test_load_keeps_errors(void **state)
{
	char line[NVMF_CONF_MAX_LINE + 8];
	struct nvmf_conf conf;
	FILE *f;

	(void)state;
	f = fopen(conf_path, "w");
	assert_non_null(f);
	memset(line, ' ', sizeof(line));
	memcpy(line, "--transport tcp --traddr 192.0.2.10", 35);
	line[NVMF_CONF_MAX_LINE - 1] = '#';
	fwrite(line, 1, NVMF_CONF_MAX_LINE, f);			/* 1: 4096 bytes, read */
	fputc('\n', f);
	fwrite(line, 1, NVMF_CONF_MAX_LINE + 1, f);		/* 2: 4097: too long */
	fputs("\n--transport tcp --bogus\n", f);			/* 3 */
	fwrite("--transport tcp --traddr 192.0.2.11\0x\n", 1, 38, f);	/* 4: a NUL byte */
	fputs("--transport tcp --traddr 192.0.2.12", f);		/* 5, no newline */
	assert_int_equal(fclose(f), 0);

	assert_int_equal(load(&conf), 0);
	assert_int_equal(conf.nr_entries, 2);
	assert_int_equal(conf.entries[0].line, 1);
	assert_int_equal(conf.entries[1].line, 5);
	assert_int_equal(conf.nr_errors, 3);
	assert_int_equal(conf.errors[0].line, 2);
	assert_int_equal(conf.errors[0].err, -E2BIG);
	assert_non_null(strstr(conf.errors[0].message, "discovery.conf:2: line too long"));
	assert_int_equal(conf.errors[1].line, 3);
	assert_int_equal(conf.errors[1].err, -EINVAL);
	assert_non_null(strstr(conf.errors[1].message, "discovery.conf:3: unknown option '--bogus'"));
	assert_int_equal(conf.errors[2].line, 4);
	assert_non_null(strstr(conf.errors[2].message, "discovery.conf:4: the line holds a NUL byte"));
	/* what the errors say is what stderr got */
	for (unsigned int i = 0; i < conf.nr_errors; i++)
		assert_non_null(strstr(err, conf.errors[i].message));
	nvmf_conf_free(&conf);
	assert_null(conf.errors);
	assert_int_equal(conf.nr_errors, 0);
}

/* More than NVMF_CONF_MAX_ERRORS bad lines, or more than NVMF_CONF_MAX_SIZE bytes: none of it. */
static void test_load_bounds(void **state)
{
	struct nvmf_conf conf;
	FILE *f;

	(void)state;
	f = fopen(conf_path, "w");
	assert_non_null(f);
	fputs("--transport tcp --traddr 192.0.2.10\n", f);
	for (int i = 0; i <= NVMF_CONF_MAX_ERRORS; i++)
		fputs("x\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(load(&conf), -EINVAL);
	assert_non_null(strstr(err, "discovery.conf:102: more than 100 bad lines; nvmf uses none of the file"));
	assert_int_equal(conf.nr_entries, 0);
	assert_null(conf.entries);

	assert_int_equal(truncate(conf_path, NVMF_CONF_MAX_SIZE + 1), 0);
	assert_int_equal(load(&conf), -EFBIG);
	assert_non_null(strstr(err, "discovery.conf is larger than 1048576 bytes"));
	write_conf("#");
	assert_int_equal(truncate(conf_path, NVMF_CONF_MAX_SIZE), 0);
	assert_int_equal(load(&conf), 0);	/* '#', then NUL bytes: one line, too long */
	assert_int_equal(conf.nr_errors, 1);
	nvmf_conf_free(&conf);
}

/* A directory, a device or a FIFO is not read (and a FIFO not waited on). */
static void test_load_not_regular(void **state)
{
	struct nvmf_conf conf;

	(void)state;
	unlink(conf_path);
	assert_int_equal(mkdir(conf_path, 0755), 0);
	assert_int_equal(load(&conf), -EISDIR);
	assert_non_null(strstr(err, "discovery.conf is not a regular file"));
	assert_int_equal(rmdir(conf_path), 0);
	assert_int_equal(mkfifo(conf_path, 0600), 0);
	assert_int_equal(load(&conf), -EINVAL);
	assert_non_null(strstr(err, "discovery.conf is not a regular file"));
	assert_int_equal(unlink(conf_path), 0);
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_conf_load("/dev/zero", NULL, &conf), -EINVAL);
	capture_end(err, sizeof(err));
	assert_string_equal(err, "nvmf: /dev/zero is not a regular file\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_rdma_line),
		cmocka_unit_test(test_inline_values),
		cmocka_unit_test(test_tabs_and_crlf),
		cmocka_unit_test(test_blank_and_comment_lines),
		cmocka_unit_test(test_short_options),
		cmocka_unit_test(test_persistent),
		cmocka_unit_test(test_every_connection_option),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_bad_secret_not_shown),
		cmocka_unit_test(test_too_many_words),
		cmocka_unit_test(test_load_mixed),
		cmocka_unit_test(test_load_missing_file),
		cmocka_unit_test(test_load_empty_file),
		cmocka_unit_test(test_load_1000_lines),
		cmocka_unit_test(test_trailing_comment),
		cmocka_unit_test(test_load_keeps_errors),
		cmocka_unit_test(test_load_bounds),
		cmocka_unit_test(test_load_not_regular),
	};

	return cmocka_run_group_tests(tests, setup, temp_root_teardown);
}
