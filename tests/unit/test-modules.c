// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "kernel.h"
#include "modules.h"
#include "util.h"

static const struct nvmf_kernel_ops *saved_kernel;

/* What the fake loader was asked, and what it answers. */
static char loaded[8][32];
static int nr_loaded;
static const char *failing_module;
static int failure;

static int fake_load_module(const char *name)
{
	assert_true(nr_loaded < (int)ARRAY_SIZE(loaded));
	strlcopy(loaded[nr_loaded++], name, sizeof(loaded[0]));
	if (failing_module && !strcmp(name, failing_module))
		return failure;
	return 0;
}

static const struct nvmf_kernel_ops fake_kernel = {
	.load_module = fake_load_module,
};

static void fail_loading(const char *name, int err)
{
	failing_module = name;
	failure = err;
}

static int setup(void **state)
{
	(void)state;
	temp_root_create();
	saved_kernel = nvmf_kernel;
	nvmf_set_kernel(&fake_kernel);
	nr_loaded = 0;
	failing_module = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nvmf_set_kernel(saved_kernel);
	temp_root_remove();
	return 0;
}

static void test_nothing_loaded_when_present(void **state)
{
	(void)state;
	put_file("/dev/nvme-fabrics", "");
	put_dir("/sys/module/nvme_tcp");
	assert_int_equal(nvmf_load_transport("tcp"), 0);
	assert_int_equal(nr_loaded, 0);
}

static void test_both_loaded_when_missing(void **state)
{
	(void)state;
	assert_int_equal(nvmf_load_transport("tcp"), 0);
	assert_int_equal(nr_loaded, 2);
	assert_string_equal(loaded[0], "nvme-fabrics");
	assert_string_equal(loaded[1], "nvme-tcp");
}

static void test_only_transport_when_fabrics_present(void **state)
{
	(void)state;
	put_file("/dev/nvme-fabrics", "");
	put_dir("/sys/module/nvme_tcp");
	assert_int_equal(nvmf_load_transport("rdma"), 0);
	assert_int_equal(nr_loaded, 1);
	assert_string_equal(loaded[0], "nvme-rdma");
}

static void test_only_fabrics_when_transport_present(void **state)
{
	(void)state;
	put_dir("/sys/module/nvme_fc");
	assert_int_equal(nvmf_load_transport("fc"), 0);
	assert_int_equal(nr_loaded, 1);
	assert_string_equal(loaded[0], "nvme-fabrics");
}

static void assert_load_error(int err, const char *message)
{
	char out[512];

	put_file("/dev/nvme-fabrics", "");
	fail_loading("nvme-tcp", err);
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_load_transport("tcp"), err);
	assert_string_equal(capture_end(out, sizeof(out)), message);
}

/* What a refusal means depends on who was refused. */
static const char *refused_message(void)
{
	if (geteuid() == 0)
		return "nvmf: loading nvme-tcp was refused: module loading is disabled "
		       "(kernel.modules_disabled) or blocked on this host\n";
	return "nvmf: loading nvme-tcp needs root (or CAP_SYS_MODULE)\n";
}

static void test_eperm_refused(void **state)
{
	(void)state;
	assert_load_error(-EPERM, refused_message());
}

static void test_eacces_refused(void **state)
{
	(void)state;
	assert_load_error(-EACCES, refused_message());
}

static void test_enoent_names_kernel(void **state)
{
	struct utsname uts;
	char message[512];

	(void)state;
	assert_int_equal(uname(&uts), 0);
	snprintf(message, sizeof(message),
		 "nvmf: module nvme-tcp is not available for this kernel (%s): not installed, "
		 "or the kernel was built without CONFIG_NVME_TCP\n", uts.release);
	assert_load_error(-ENOENT, message);
}

static void test_other_error_uses_strerror(void **state)
{
	(void)state;
	assert_load_error(-EIO, "nvmf: cannot load nvme-tcp: Input/output error\n");
}

static void test_fabrics_failure_stops(void **state)
{
	(void)state;
	fail_loading("nvme-fabrics", -EPERM);
	assert_int_equal(nvmf_load_transport("loop"), -EPERM);
	assert_int_equal(nr_loaded, 1);
	assert_string_equal(loaded[0], "nvme-fabrics");
}

static void test_unknown_transport(void **state)
{
	char out[256];

	(void)state;
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_load_transport("iscsi"), -EINVAL);
	assert_string_equal(capture_end(out, sizeof(out)),
			    "nvmf: unknown transport 'iscsi'\n");
	assert_int_equal(nvmf_load_transport(""), -EINVAL);
	assert_int_equal(nvmf_load_transport("tcp/../../x"), -EINVAL);
	assert_int_equal(nvmf_load_transport("TCP"), -EINVAL);
	assert_int_equal(nr_loaded, 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_nothing_loaded_when_present),
		TEST(test_both_loaded_when_missing),
		TEST(test_only_transport_when_fabrics_present),
		TEST(test_only_fabrics_when_transport_present),
		TEST(test_eperm_refused),
		TEST(test_eacces_refused),
		TEST(test_enoent_names_kernel),
		TEST(test_other_error_uses_strerror),
		TEST(test_fabrics_failure_stops),
		TEST(test_unknown_transport),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
