// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "output.h"
#include "util.h"

/* Each test starts in normal mode with no document left over. */
static int reset_output(void **state)
{
	(void)state;
	output_start(OUTPUT_NORMAL);
	return 0;
}

static char out[2048];

static const char *stdout_end(void)
{
	return capture_end(out, sizeof(out));
}

/* A JSON document under way, stdout caught: its top object is open. */
static void json_start(void)
{
	output_start(OUTPUT_JSON);
	capture_start(STDOUT_FILENO);
	open_json_object(NULL);
}

/* The top object closed, the document ended: what stdout got. */
static const char *json_end(void)
{
	close_json_object();
	output_end();
	return stdout_end();
}

static void test_json_nested(void **state)
{
	(void)state;
	output_start(OUTPUT_JSON);
	assert_true(output_is_json());
	capture_start(STDOUT_FILENO);
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "name: %s\n", "a/b\"c");
	print_uint(PRINT_ANY, "size", "size: %" PRIu64 "\n", UINT64_MAX);
	print_int(PRINT_ANY, "delta", "delta: %" PRId64 "\n", -3);
	print_bool(PRINT_ANY, "live", "live: %s\n", true);
	open_json_array("ctrls");
	open_json_object(NULL);
	print_string(PRINT_ANY, "ctrl", "ctrl: %s\n", "nvme0");
	print_bool(PRINT_ANY, "persistent", "%s\n", false);
	close_json_object();
	open_json_object(NULL);
	print_string(PRINT_ANY, "ctrl", "ctrl: %s\n", "nvme1");
	open_json_array("paths");
	close_json_array();
	close_json_object();
	close_json_array();
	open_json_object("host");
	print_string(PRINT_ANY, "hostnqn", "hostnqn: %s\n", "nqn.2014-08.org.nvmexpress:uuid:1");
	close_json_object();
	close_json_object();
	output_end();
	assert_string_equal(stdout_end(),
		"{\n"
		"  \"name\": \"a/b\\\"c\",\n"
		"  \"size\": 18446744073709551615,\n"
		"  \"delta\": -3,\n"
		"  \"live\": true,\n"
		"  \"ctrls\": [\n"
		"    {\n"
		"      \"ctrl\": \"nvme0\",\n"
		"      \"persistent\": false\n"
		"    },\n"
		"    {\n"
		"      \"ctrl\": \"nvme1\",\n"
		"      \"paths\": [\n"
		"      ]\n"
		"    }\n"
		"  ],\n"
		"  \"host\": {\n"
		"    \"hostnqn\": \"nqn.2014-08.org.nvmexpress:uuid:1\"\n"
		"  }\n"
		"}\n");
}

static void test_json_top_level_array(void **state)
{
	(void)state;
	output_start(OUTPUT_JSON);
	capture_start(STDOUT_FILENO);
	open_json_array(NULL);
	print_uint(PRINT_ANY, NULL, "%" PRIu64 "\n", 1);
	print_string(PRINT_ANY, NULL, "%s\n", "two");
	close_json_array();
	output_end();
	assert_string_equal(stdout_end(),
			    "[\n  1,\n  \"two\"\n]\n");
}

static void test_json_null_string(void **state)
{
	(void)state;
	json_start();
	print_string(PRINT_ANY, "trsvcid", "trsvcid: %s\n", NULL);
	assert_string_equal(json_end(),
			    "{\n  \"trsvcid\": null\n}\n");
}

static void test_json_escapes_by_itself(void **state)
{
	(void)state;
	json_start();
	print_string(PRINT_ANY, "model", "model: %s\n", "a\x1b[2Jb");
	assert_string_equal(json_end(),
			    "{\n  \"model\": \"a\\u001b[2Jb\"\n}\n");
}

/* PRINT_FP is text only, PRINT_JSON is JSON only, print_text is text only. */
static void test_json_skips_fp_only(void **state)
{
	(void)state;
	json_start();
	print_string(PRINT_FP, "fp_string", "FP-STRING %s\n", "x");
	print_uint(PRINT_FP, "fp_uint", "FP-UINT %" PRIu64 "\n", 7);
	print_int(PRINT_FP, "fp_int", "FP-INT %" PRId64 "\n", -7);
	print_bool(PRINT_FP, "fp_bool", "FP-BOOL %s\n", true);
	print_text("TEXT %d\n", 1);
	print_string(PRINT_JSON, "json_string", "JSON-STRING %s\n", "y");
	print_uint(PRINT_JSON, "json_uint", "JSON-UINT %" PRIu64 "\n", 8);
	assert_string_equal(json_end(),
			    "{\n  \"json_string\": \"y\",\n  \"json_uint\": 8\n}\n");
}

static void test_text_skips_json_only(void **state)
{
	(void)state;
	assert_false(output_is_json());
	capture_start(STDOUT_FILENO);
	open_json_object(NULL);
	print_string(PRINT_JSON, "json_string", "JSON-STRING %s\n", "y");
	print_uint(PRINT_JSON, "json_uint", "JSON-UINT %" PRIu64 "\n", 8);
	print_int(PRINT_JSON, "json_int", "JSON-INT %" PRId64 "\n", -8);
	print_bool(PRINT_JSON, "json_bool", "JSON-BOOL %s\n", true);
	print_string(PRINT_FP, "fp", "fp: %s\n", "tcp");
	print_uint(PRINT_ANY, "count", "count: %" PRIu64 "\n", 3);
	print_int(PRINT_ANY, "delta", "delta: %" PRId64 "\n", -4);
	print_bool(PRINT_ANY, "live", "live: %s\n", true);
	print_bool(PRINT_ANY, "dead", "dead: %s\n", false);
	print_text("text %d\n", 5);
	close_json_object();
	output_end();
	assert_string_equal(stdout_end(),
			    "fp: tcp\ncount: 3\ndelta: -4\nlive: yes\ndead: no\ntext 5\n");
}

static void test_text_escapes_untrusted(void **state)
{
	(void)state;
	capture_start(STDOUT_FILENO);
	print_string(PRINT_ANY, "model", "model: %s\n", "a\x1b[2Jb");
	print_string(PRINT_ANY, "sn", "sn: %s\n", "x\ny\\z\x7f");
	print_string(PRINT_ANY, "fw", "fw: [%s]\n", NULL);
	assert_string_equal(stdout_end(),
			    "model: a\\x1b[2Jb\n"
			    "sn: x\\x0ay\\x5cz\\x7f\n"
			    "fw: []\n");
}

/*
 * A regression test (lib/output.c print_string): the buffer is 4 * strlen + 1 bytes, but
 * printable() stops once fewer than 6 bytes are left, so the last byte of a
 * one-byte value, or a trailing escaped byte of an all-escaped value, is lost.
 */
static void test_text_short_values(void **state)
{
	(void)state;
	capture_start(STDOUT_FILENO);
	print_string(PRINT_ANY, "a", "a=[%s]\n", "1");
	print_string(PRINT_ANY, "b", "b=[%s]\n", "\x1b\x1b");
	assert_string_equal(stdout_end(),
			    "a=[1]\n"
			    "b=[\\x1b\\x1b]\n");
}

static void test_text_prints_nothing_without_fmt(void **state)
{
	(void)state;
	capture_start(STDOUT_FILENO);
	print_string(PRINT_ANY, "k", NULL, "v");
	print_uint(PRINT_ANY, "k", NULL, 1);
	print_int(PRINT_ANY, "k", NULL, 1);
	print_bool(PRINT_ANY, "k", NULL, true);
	output_end();
	assert_string_equal(stdout_end(), "");
}

static void check_size(uint64_t bytes, const char *expected)
{
	char buf[32];

	assert_string_equal(human_size(bytes, buf, sizeof(buf)), expected);
}

static void test_human_size(void **state)
{
	(void)state;
	check_size(0, "0 B");
	check_size(999, "999 B");
	check_size(1000, "1.00 kB");
	check_size(1500, "1.50 kB");
	check_size(2147483648ULL, "2.15 GB");
	check_size(1000000000000ULL, "1.00 TB");
	check_size(UINT64_MAX, "18.45 EB");
}

/*
 * A regression test (lib/output.c human_size): the unit is picked before rounding, so
 * 999999 bytes is 999.999 kB, printed as "1000.00 kB" rather than "1.00 MB".
 */
static void test_human_size_rounding(void **state)
{
	(void)state;
	check_size(999999, "1.00 MB");
	check_size(999995000ULL, "1.00 GB");
}

static void test_format_names(void **state)
{
	(void)state;
	assert_string_equal(output_format_names[OUTPUT_NORMAL], "normal");
	assert_string_equal(output_format_names[OUTPUT_JSON], "json");
	assert_null(output_format_names[2]);
}

/* Clean UTF-8 is kept; broken UTF-8 and C1 controls, and then backslashes, become \xNN. */
static void test_json_text(void **state)
{
	const char *clean = "caf\xc3\xa9 \xe6\x97\xa5 a\\b \x1b[31m";
	char buf[128];

	(void)state;
	assert_ptr_equal(json_text(clean, buf, sizeof(buf)), clean);
	assert_string_equal(json_text("a\xff" "b\\c", buf, sizeof(buf)), "a\\xffb\\x5cc");
	assert_string_equal(json_text("c1 \xc2\x9b" "31m", buf, sizeof(buf)), "c1 \\xc2\\x9b31m");
	assert_string_equal(json_text("half \xe6\x97", buf, sizeof(buf)), "half \\xe6\\x97");
	assert_string_equal(json_text("\xed\xa0\x80", buf, sizeof(buf)), "\\xed\\xa0\\x80");
	/* a short buffer ends before a character, never inside one */
	assert_string_equal(json_text("\xff\xe6\x97\xa5", buf, 7), "\\xff");
	assert_string_equal(json_text("\xff\xe6\x97\xa5", buf, 8), "\\xff\xe6\x97\xa5");
}

static void test_json_invalid_utf8_value(void **state)
{
	(void)state;
	json_start();
	print_string(PRINT_JSON, "subnqn", NULL, "nqn\xff\x9b");
	assert_string_equal(json_end(), "{\n  \"subnqn\": \"nqn\\\\xff\\\\x9b\"\n}\n");
}

/* A failure in an object: result, error, code; with no message, strerror's. */
static void test_print_failure(void **state)
{
	(void)state;
	json_start();
	print_string(PRINT_JSON, "device", NULL, "nvme3");
	print_failure(-ECONNREFUSED, "connect: x at tcp 192.0.2.1:4420: connection refused");
	open_json_object("other");
	print_failure(-ETIMEDOUT, NULL);
	close_json_object();
	assert_string_equal(json_end(),
		"{\n"
		"  \"device\": \"nvme3\",\n"
		"  \"result\": \"failed\",\n"
		"  \"error\": \"connect: x at tcp 192.0.2.1:4420: connection refused\",\n"
		"  \"code\": \"ECONNREFUSED\",\n"
		"  \"other\": {\n"
		"    \"result\": \"failed\",\n"
		"    \"error\": \"Connection timed out\",\n"
		"    \"code\": \"ETIMEDOUT\"\n"
		"  }\n"
		"}\n");
}

/*
 * output_failure(): the document of a run that failed, with the last
 * error's message: alone, or added to an object begun; never a second one.
 */
static void test_output_failure(void **state)
{
	char err[256];

	(void)state;
	output_start(OUTPUT_JSON);
	capture_start(STDERR_FILENO);
	errorf(-ENOENT, "cannot open /x: No such file or directory");
	capture_end(err, sizeof(err));
	capture_start(STDOUT_FILENO);
	output_failure(-ENOENT);
	output_failure(-EIO);
	output_end();
	assert_string_equal(stdout_end(),
		"{\n  \"result\": \"failed\",\n  \"error\": \"cannot open /x: No such file or directory\",\n"
		"  \"code\": \"ENOENT\"\n}\n");

	output_start(OUTPUT_JSON);
	capture_start(STDOUT_FILENO);
	open_json_object(NULL);
	open_json_array("entries");
	close_json_array();
	print_uint(PRINT_JSON, "failed", NULL, 0);
	output_failure(-EIO);
	assert_string_equal(stdout_end(),
		"{\n  \"entries\": [\n  ],\n  \"failed\": 0,\n  \"result\": \"failed\",\n"
		"  \"error\": \"cannot open /x: No such file or directory\",\n  \"code\": \"EIO\"\n}\n");

	/* normal output: nothing */
	output_start(OUTPUT_NORMAL);
	capture_start(STDOUT_FILENO);
	output_failure(-EIO);
	assert_string_equal(stdout_end(), "");
}

/* errorf() escapes every control byte, keeps the message, and names errnos. */
static void test_messages(void **state)
{
	char err[256], buf[64];

	(void)state;
	capture_start(STDERR_FILENO);
	assert_int_equal(errorf(-EINVAL, "bad '%s'", "a\x1b[2Jb\x9b\\x"), -EINVAL);
	capture_end(err, sizeof(err));
	assert_string_equal(err, "nvmf: bad 'a\\x1b[2Jb\\x9b\\x'\n");
	assert_string_equal(last_error(), "bad 'a\\x1b[2Jb\\x9b\\x'");
	assert_string_equal(escape_controls("\tx\\", buf, sizeof(buf)), "\\x09x\\");
	assert_string_equal(printable("\tx\\", buf, sizeof(buf)), "\\x09x\\x5c");
	assert_string_equal(errno_name(-ECONNREFUSED), "ECONNREFUSED");
	assert_string_equal(errno_name(EKEYREJECTED), "EKEYREJECTED");
	assert_string_equal(errno_name(-4095), "EIO");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_json_nested, reset_output),
		cmocka_unit_test_setup(test_json_top_level_array, reset_output),
		cmocka_unit_test_setup(test_json_null_string, reset_output),
		cmocka_unit_test_setup(test_json_escapes_by_itself, reset_output),
		cmocka_unit_test_setup(test_json_skips_fp_only, reset_output),
		cmocka_unit_test_setup(test_text_skips_json_only, reset_output),
		cmocka_unit_test_setup(test_text_escapes_untrusted, reset_output),
		cmocka_unit_test_setup(test_text_short_values, reset_output),
		cmocka_unit_test_setup(test_text_prints_nothing_without_fmt, reset_output),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test_setup(test_json_invalid_utf8_value, reset_output),
		cmocka_unit_test_setup(test_print_failure, reset_output),
		cmocka_unit_test_setup(test_output_failure, reset_output),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_human_size),
		cmocka_unit_test(test_human_size_rounding),
		cmocka_unit_test(test_format_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
