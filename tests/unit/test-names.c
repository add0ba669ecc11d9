// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "names.h"
#include "util.h"

static void assert_name(const char *s, enum nvmf_name_kind kind, int first, int ctrl, int ns)
{
	struct nvmf_name nn = { 0 };

	assert_int_equal(nvmf_parse_name(s, &nn), 0);
	assert_int_equal(nn.kind, kind);
	assert_int_equal(nn.first, first);
	if (kind == NVMF_NAME_PATH)
		assert_int_equal(nn.ctrl, ctrl);
	if (kind != NVMF_NAME_CTRL)
		assert_int_equal(nn.ns, ns);
}

static void test_parse_names(void **state)
{
	(void)state;
	assert_name("nvme0", NVMF_NAME_CTRL, 0, 0, 0);
	assert_name("nvme12", NVMF_NAME_CTRL, 12, 0, 0);
	assert_name("nvme2147483647", NVMF_NAME_CTRL, 2147483647, 0, 0);
	assert_name("nvme1n2", NVMF_NAME_NS, 1, 0, 2);
	assert_name("nvme10n0", NVMF_NAME_NS, 10, 0, 0);
	assert_name("nvme1c3n2", NVMF_NAME_PATH, 1, 3, 2);
}

/* What the kernel's "%d" cannot print is no name: nvme01 above all. */
static void test_parse_names_refused(void **state)
{
	static const char *const bad[] = {
		"", "nvme", "nvme01", "nvme00", "nvme1n01", "nvme1c01n1", "nvme+1", "nvme-1",
		"nvme 1", "nvme1 ", "nvme2147483648", "nvme99999999999", "nvme1n", "nvme1c1",
		"nvme1c1n", "nvme1n1p1", "nvme1x", "ng1n1", "Nvme1", "/dev/nvme1", "nvme-subsys1",
	};
	struct nvmf_name nn;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(nvmf_parse_name(bad[i], &nn), -EINVAL);
}

/* Which names are a controller's, which a subsystem's, and their instances. */
static void test_instances(void **state)
{
	static const struct {
		const char *name;
		int ctrl, subsys;
	} cases[] = {
		{ "nvme0", 0, -EINVAL },
		{ "nvme37", 37, -EINVAL },
		{ "nvme-subsys0", -EINVAL, 0 },
		{ "nvme-subsys11", -EINVAL, 11 },
		{ "nvme01", -EINVAL, -EINVAL },
		{ "nvme-subsys01", -EINVAL, -EINVAL },
		{ "nvme-subsys", -EINVAL, -EINVAL },
		{ "nvme-subsys1n1", -EINVAL, -EINVAL },
		{ "nvme1n1", -EINVAL, -EINVAL },
		{ "nvme1c1n1", -EINVAL, -EINVAL },
		{ "../nvme1", -EINVAL, -EINVAL },
		{ "", -EINVAL, -EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(nvmf_ctrl_instance(cases[i].name), cases[i].ctrl);
		assert_int_equal(nvmf_subsys_instance(cases[i].name), cases[i].subsys);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_parse_names_refused),
		cmocka_unit_test(test_instances),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
