// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Out of memory where lib/ grows its arrays: an error that says so, never
 * a result that looks like another. reallocarray() is this program's own,
 * and fails on demand.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "connect.h"
#include "helpers.h"
#include "util.h"

static bool out_of_memory;

void *reallocarray(void *p, size_t n, size_t size)
{
	if (out_of_memory || (size && n > SIZE_MAX / size)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

static void record_source(const struct nvmf_source_report *r, void *arg)
{
	*(struct nvmf_source_report *)arg = *r;
}

/*
 * With no memory to note a portal as visited, connect-all fails it,
 * reported, instead of skipping it as one it has been to.
 */
static void test_portal_not_noted(void **state)
{
	struct nvmf_source_report seen = { .result = NVMF_DISCOVERED };
	struct nvmf_connect_all ca = { .report_source = record_source, .arg = &seen };
	struct nvmf_session s = { 0 };
	struct nvmf_topology t = { 0 };
	struct nvmf_params line;
	char err[512];
	int ret;

	(void)state;
	nvmf_params_init(&line);
	line.transport = "tcp";
	line.traddr = "192.0.2.1";
	line.hostnqn = "nqn.2014-08.org.example:host";
	line.hostid = "0f8fad5b-d9cb-469f-a165-70867728950e";
	capture_start(STDERR_FILENO);
	out_of_memory = true;
	ret = nvmf_connect_all(&s, &t, &line, "test", &ca);
	out_of_memory = false;
	capture_end(err, sizeof(err));
	assert_int_equal(ret, -ENOMEM);
	assert_int_equal(seen.result, NVMF_FAILED);
	assert_int_equal(seen.err, -ENOMEM);
	assert_string_equal(err, "nvmf: test: tcp 192.0.2.1:8009: out of memory\n");
	assert_int_equal(ca.nr_visited, 0);
	nvmf_connect_all_free(&ca);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_not_noted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
