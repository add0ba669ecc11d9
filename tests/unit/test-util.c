// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "util.h"

#define N 1000

struct counts {
	atomic_int calls[N];
};

static void count(size_t i, void *arg)
{
	struct counts *c = arg;

	atomic_fetch_add(&c->calls[i], 1);
}

static void assert_each_once(size_t n, size_t threads)
{
	static struct counts c;

	for (size_t i = 0; i < N; i++)
		atomic_init(&c.calls[i], 0);
	parallel_for(n, threads, count, &c);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&c.calls[i]), i < n ? 1 : 0);
}

/* Every index once, whether there are more indexes or more threads. */
static void test_parallel_for_each_once(void **state)
{
	(void)state;
	assert_each_once(N, 32);
	assert_each_once(3, 32);
	assert_each_once(1, 32);
	assert_each_once(N, 1);
	assert_each_once(0, 32);
}

/* What does not fit is cut, kept terminated, and said: -ENOSPC, the position at the end. */
static void test_appendf(void **state)
{
	char buf[8];
	size_t pos = 0;

	(void)state;
	assert_int_equal(appendf(buf, sizeof(buf), &pos, "%s=%d", "ab", 1), 0);
	assert_int_equal(pos, 4);
	assert_int_equal(appendf(buf, sizeof(buf), &pos, ",%s", "cd"), 0);
	assert_string_equal(buf, "ab=1,cd");
	assert_int_equal(pos, 7);
	assert_int_equal(appendf(buf, sizeof(buf), &pos, "x"), -ENOSPC);
	assert_string_equal(buf, "ab=1,cd");
	pos = 2;
	assert_int_equal(appendf(buf, sizeof(buf), &pos, "%s", "0123456789"), -ENOSPC);
	assert_string_equal(buf, "ab01234");
	assert_int_equal(pos, 7);
	pos = 0;
	assert_int_equal(appendf(buf, 0, &pos, "x"), -ENOSPC);
}

static void test_trim(void **state)
{
	char a[] = " \t nqn.2014-08.org.example:h \r\n", b[] = " \n\t", c[] = "x";

	(void)state;
	assert_string_equal(trim(a), "nqn.2014-08.org.example:h");
	assert_string_equal(trim(b), "");
	assert_string_equal(trim(c), "x");
	assert_int_equal(trimmed_len("ab \n\0", 4), 2);
	assert_int_equal(trimmed_len("a b", 3), 3);
	assert_int_equal(trimmed_len("  ", 2), 0);
}

static void test_dev_name(void **state)
{
	(void)state;
	assert_string_equal(dev_name("/dev/nvme3"), "nvme3");
	assert_string_equal(dev_name("nvme3"), "nvme3");
	assert_string_equal(dev_name("/dev/"), "");
	assert_string_equal(dev_name("/devnvme3"), "/devnvme3");
}

/* Room for one more each time, in doublings: 1, 2, 4, 8 ... */
static void test_grow_array(void **state)
{
	int *a = NULL, *moved;

	(void)state;
	for (size_t n = 0; n < 1000; n++) {
		moved = grow_array(a, n, sizeof(*a));
		assert_non_null(moved);
		if (n & (n - 1))
			assert_ptr_equal(moved, a);	/* room already */
		a = moved;
		a[n] = (int)n;	/* ASan says so if there is no room */
	}
	for (size_t n = 0; n < 1000; n++)
		assert_int_equal(a[n], (int)n);
	free(a);
}

/* Cut text ends in "...", and an escape is never cut in two. */
static void test_printable_cut(void **state)
{
	char buf[PRINTABLE_SIZE(4)], small[8], tiny[4];

	(void)state;
	assert_string_equal(printable("\x01\x02\x03\x04", buf, sizeof(buf)), "\\x01\\x02\\x03\\x04");
	assert_string_equal(printable("abcdefg", small, sizeof(small)), "abcdefg");
	assert_string_equal(printable("abcdefgh", small, sizeof(small)), "abcd...");
	assert_string_equal(printable("a\001bcdefgh", small, sizeof(small)), "a...");
	assert_string_equal(printable("\x01\x02", small, sizeof(small)), "\\x01...");
	assert_string_equal(printable("abcd", tiny, sizeof(tiny)), "abc");
	assert_string_equal(escape_controls("a\\b\ncdefgh", small, sizeof(small)), "a\\b...");
}

/* Whole numbers only, in range, and as wide as sysfs counts get. */
static void test_parse_long(void **state)
{
	static const char *const bad[] = { "", "x", "1x", "1 2", "0x10", "1.5" };
	long long v;

	(void)state;
	assert_int_equal(parse_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_long("-1", -1, 0, &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(parse_long("36028797018963967", 0, INT64_MAX, &v), 0);
	assert_true(v == 36028797018963967LL);	/* UINT64_MAX / 512: a size in sectors */
	assert_int_equal(parse_long("9223372036854775807", 0, INT64_MAX, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(parse_long("9223372036854775808", 0, INT64_MAX, &v), -ERANGE);
	assert_int_equal(parse_long("101", 0, 100, &v), -ERANGE);
	assert_int_equal(parse_long("-1", 0, 100, &v), -ERANGE);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(parse_long(bad[i], 0, 100, &v), -EINVAL);
	assert_int_equal(parse_long(NULL, 0, 100, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_for_each_once),
		cmocka_unit_test(test_appendf),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_dev_name),
		cmocka_unit_test(test_grow_array),
		cmocka_unit_test(test_printable_cut),
		cmocka_unit_test(test_parse_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
