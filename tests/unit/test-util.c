// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdatomic.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_for_each_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
