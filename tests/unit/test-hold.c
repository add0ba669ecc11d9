// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "hold.h"
#include "util.h"

#define NQN	"nqn.2014-08.org.example:disk1"
#define HOSTNQN	"nqn.2014-08.org.nvmexpress:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"

static void tcp_ctrl(struct nvmf_ctrl *c, const char *nqn, const char *traddr)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->name, "nvme1");
	strcpy(c->transport, "tcp");
	strcpy(c->subsysnqn, nqn);
	strcpy(c->hostnqn, HOSTNQN);
	strcpy(c->addr.traddr, traddr);
	strcpy(c->addr.trsvcid, "4420");
}

static struct nvmf_params tcp_params(const char *nqn, const char *traddr)
{
	struct nvmf_params p;

	nvmf_params_init(&p);
	p.transport = "tcp";
	p.subsysnqn = nqn;
	p.traddr = traddr;
	p.trsvcid = "4420";
	p.hostnqn = HOSTNQN;
	return p;
}

static int count_holds(void)
{
	char dir[PATH_MAX];
	struct dirent *e;
	int n = 0;
	DIR *d;

	assert_int_equal(root_path(dir, sizeof(dir), NVMF_HOLDS_DIR), 0);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A hold matches the connection it was made for, field by field. */
static void test_hold_matches_its_connection(void **state)
{
	struct nvmf_params p = tcp_params(NQN, "192.0.2.10");
	struct nvmf_params other[] = { p, p, p, p, p };
	struct nvmf_ctrl c;

	(void)state;
	other[0].traddr = "192.0.2.11";
	other[1].trsvcid = "4421";
	other[2].host_iface = "eth1";
	other[3].hostnqn = "nqn.2014-08.org.example:other-host";
	other[4].subsysnqn = "nqn.2014-08.org.example:disk2";
	tcp_ctrl(&c, NQN, "192.0.2.10");
	assert_false(nvmf_held(&p));
	assert_int_equal(nvmf_hold_add(&c), 0);
	assert_true(nvmf_held(&p));
	for (size_t i = 0; i < ARRAY_SIZE(other); i++)
		assert_false(nvmf_held(&other[i]));

	nvmf_hold_drop(&c);
	assert_false(nvmf_held(&p));
	assert_int_equal(count_holds(), 0);
}

/* FC addresses are hex in either case, as nvmf_ctrl_matches() takes them. */
static void test_hold_fc_case(void **state)
{
	struct nvmf_params p;
	struct nvmf_ctrl c;

	(void)state;
	memset(&c, 0, sizeof(c));
	strcpy(c.transport, "fc");
	strcpy(c.subsysnqn, NQN);
	strcpy(c.hostnqn, HOSTNQN);
	strcpy(c.addr.traddr, "nn-0x20000090fa942779:pn-0x10000090fa942779");
	strcpy(c.addr.host_traddr, "nn-0x20000090fab0c3a1:pn-0x10000090fab0c3a1");
	assert_int_equal(nvmf_hold_add(&c), 0);
	nvmf_params_init(&p);
	p.transport = "fc";
	p.subsysnqn = NQN;
	p.hostnqn = HOSTNQN;
	p.traddr = "NN-0x20000090FA942779:PN-0x10000090FA942779";
	p.host_traddr = "nn-0x20000090FAB0C3A1:pn-0x10000090fab0c3a1";
	assert_true(nvmf_held(&p));
}

/* Releasing a subsystem releases all its paths, and no other subsystem's. */
static void test_release_by_nqn(void **state)
{
	struct nvmf_params a = tcp_params(NQN, "192.0.2.10"), b = tcp_params(NQN, "198.51.100.10");
	struct nvmf_params other = tcp_params("nqn.2014-08.org.example:disk2", "192.0.2.10");
	struct nvmf_ctrl c;

	(void)state;
	assert_int_equal(nvmf_holds_release(NQN), 0);	/* no directory yet */
	tcp_ctrl(&c, NQN, "192.0.2.10");
	assert_int_equal(nvmf_hold_add(&c), 0);
	tcp_ctrl(&c, NQN, "198.51.100.10");
	assert_int_equal(nvmf_hold_add(&c), 0);
	tcp_ctrl(&c, "nqn.2014-08.org.example:disk2", "192.0.2.10");
	assert_int_equal(nvmf_hold_add(&c), 0);
	assert_int_equal(count_holds(), 3);

	assert_int_equal(nvmf_holds_release(NQN), 2);
	assert_false(nvmf_held(&a));
	assert_false(nvmf_held(&b));
	assert_true(nvmf_held(&other));
	assert_int_equal(nvmf_holds_release(NQN), 0);
	assert_int_equal(count_holds(), 1);
}

/* The same disconnect twice is one hold; a file nvmf cannot write is an errno. */
static void test_hold_twice_and_unwritable(void **state)
{
	struct nvmf_ctrl c;

	(void)state;
	tcp_ctrl(&c, NQN, "192.0.2.10");
	assert_int_equal(nvmf_hold_add(&c), 0);
	assert_int_equal(nvmf_hold_add(&c), 0);
	assert_int_equal(count_holds(), 1);
	assert_int_equal(nvmf_holds_release(NQN), 1);
	temp_root_remove();
	temp_root_create();
	put_file("/run/nvmf/holds", "not a directory\n");
	assert_int_equal(nvmf_hold_add(&c), -ENOTDIR);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, temp_root_setup, temp_root_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_hold_matches_its_connection),
		TEST(test_hold_fc_case),
		TEST(test_release_by_nqn),
		TEST(test_hold_twice_and_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
