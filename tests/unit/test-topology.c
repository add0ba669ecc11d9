// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
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
#include "topology.h"
#include "util.h"

#define HOSTNQN		"nqn.2014-08.org.nvmexpress:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"
#define HOSTID		"0f8fad5b-d9cb-469f-a165-70867728950e"
#define MP_NQN		"nqn.2014-08.org.example:mp-array"
#define FC_TRADDR	"nn-0x20000090fa942779:pn-0x10000090fa942779"
#define FC_HOST_TRADDR	"nn-0x20000090fab0c3a1:pn-0x10000090fab0c3a1"
#define GiB		(1ULL << 30)

static char root[PATH_MAX];

static void use_tree(const char *name)
{
	const char *fixtures = getenv("NVMF_FIXTURES");

	if (!fixtures || !*fixtures)
		fixtures = "tests/fixtures";
	assert_true(snprintf(root, sizeof(root), "%s/sysfs/%s", fixtures, name) < (int)sizeof(root));
	nvmf_set_root(root);
}

/* The topology a test scanned last: freed when it scans again, and by teardown. */
static struct nvmf_topology topo;

static void scan(void)
{
	nvmf_topology_free(&topo);
	assert_int_equal(nvmf_topology_scan(&topo), 0);
}

static void scan_tree(const char *name)
{
	use_tree(name);
	scan();
}

static const struct nvmf_ctrl *ctrl_named(const struct nvmf_topology *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nr_ctrls; i++)
		if (!strcmp(t->ctrls[i].name, name))
			return &t->ctrls[i];
	return NULL;
}

static size_t ctrl_index(const struct nvmf_topology *t, const char *name)
{
	const struct nvmf_ctrl *c = ctrl_named(t, name);

	assert_non_null(c);
	return c - t->ctrls;
}

static const struct nvmf_subsys *subsys_named(const struct nvmf_topology *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nr_subsys; i++)
		if (!strcmp(t->subsys[i].name, name))
			return &t->subsys[i];
	return NULL;
}

static int teardown_root(void **state)
{
	(void)state;
	nvmf_topology_free(&topo);
	nvmf_set_root(NULL);
	return 0;
}

static int teardown_temp_root(void **state)
{
	nvmf_topology_free(&topo);
	return temp_root_teardown(state);
}

/* nvmf_parse_address */

struct address_case {
	const char *address;
	struct nvmf_addr want;
};

#define ADDRESS(name, s, ...) \
	static const struct address_case name = { s, { __VA_ARGS__ } }

ADDRESS(address_tcp, "traddr=192.0.2.10,trsvcid=4420",
	.traddr = "192.0.2.10", .trsvcid = "4420");
ADDRESS(address_tcp_src_addr, "traddr=192.0.2.10,trsvcid=4420,src_addr=192.0.2.1",
	.traddr = "192.0.2.10", .trsvcid = "4420", .src_addr = "192.0.2.1");
ADDRESS(address_tcp_host, "traddr=198.51.100.10,trsvcid=4420,host_traddr=198.51.100.1,"
			  "host_iface=eth1,src_addr=198.51.100.1",
	.traddr = "198.51.100.10", .trsvcid = "4420", .host_traddr = "198.51.100.1",
	.host_iface = "eth1", .src_addr = "198.51.100.1");
ADDRESS(address_ipv6, "traddr=2001:db8::10,trsvcid=4420,src_addr=2001:db8::1",
	.traddr = "2001:db8::10", .trsvcid = "4420", .src_addr = "2001:db8::1");
ADDRESS(address_rdma, "traddr=198.51.100.10,trsvcid=4420,host_traddr=198.51.100.1",
	.traddr = "198.51.100.10", .trsvcid = "4420", .host_traddr = "198.51.100.1");
ADDRESS(address_fc, "traddr=" FC_TRADDR ",host_traddr=" FC_HOST_TRADDR,
	.traddr = FC_TRADDR, .host_traddr = FC_HOST_TRADDR);
ADDRESS(address_loop, "", .traddr = "");
ADDRESS(address_unknown_key, "traddr=192.0.2.10,tos=3,trsvcid=4420",
	.traddr = "192.0.2.10", .trsvcid = "4420");

/* Each field of the address is what the case says, "" where it says nothing. */
static void test_address(void **state)
{
	const struct address_case *c = *state;
	struct nvmf_addr a;

	memset(&a, 'x', sizeof(a));
	assert_int_equal(nvmf_parse_address(c->address, &a), 0);
	assert_string_equal(a.traddr, c->want.traddr);
	assert_string_equal(a.trsvcid, c->want.trsvcid);
	assert_string_equal(a.host_traddr, c->want.host_traddr);
	assert_string_equal(a.host_iface, c->want.host_iface);
	assert_string_equal(a.src_addr, c->want.src_addr);
}

static void test_address_malformed(void **state)
{
	static const char *const bad[] = {
		"traddr", "=192.0.2.10", "traddr=192.0.2.10,,trsvcid=4420",
		",traddr=192.0.2.10", "traddr=192.0.2.10,", "traddr=192.0.2.10,trsvcid",
	};
	char longval[400];
	struct nvmf_addr a;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(nvmf_parse_address(bad[i], &a), -EINVAL);
		assert_string_equal(a.traddr, "");
	}

	/* Values fill their field up to the NUL and no further. */
	snprintf(longval, sizeof(longval), "traddr=%0*d", (int)sizeof(a.traddr) - 1, 0);
	assert_int_equal(nvmf_parse_address(longval, &a), 0);
	assert_int_equal(strlen(a.traddr), sizeof(a.traddr) - 1);
	snprintf(longval, sizeof(longval), "traddr=%0*d", (int)sizeof(a.traddr), 0);
	assert_int_equal(nvmf_parse_address(longval, &a), -EINVAL);
	snprintf(longval, sizeof(longval), "traddr=a,host_iface=%0*d", (int)sizeof(a.host_iface), 0);
	assert_int_equal(nvmf_parse_address(longval, &a), -EINVAL);
	snprintf(longval, sizeof(longval), "trsvcid=%0*d", (int)sizeof(a.trsvcid), 0);
	assert_int_equal(nvmf_parse_address(longval, &a), -EINVAL);
}

/* nvmf_topology_scan on the fixture trees */

static void test_scan_empty(void **state)
{

	(void)state;
	scan_tree("empty");
	assert_int_equal(topo.nr_ctrls, 0);
	assert_int_equal(topo.nr_subsys, 0);
}

static void test_scan_no_class(void **state)
{

	(void)state;
	scan_tree("no-such-tree");
	assert_int_equal(topo.nr_ctrls, 0);
	assert_int_equal(topo.nr_subsys, 0);
}

static void test_scan_tcp_one(void **state)
{
	const struct nvmf_subsys *s;
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("tcp-one");
	assert_int_equal(topo.nr_ctrls, 1);
	c = &topo.ctrls[0];
	assert_string_equal(c->name, "nvme1");
	assert_int_equal(c->instance, 1);
	assert_string_equal(c->transport, "tcp");
	assert_string_equal(c->address, "traddr=192.0.2.10,trsvcid=4420,src_addr=192.0.2.1");
	assert_string_equal(c->addr.traddr, "192.0.2.10");
	assert_string_equal(c->addr.trsvcid, "4420");
	assert_string_equal(c->addr.src_addr, "192.0.2.1");
	assert_string_equal(c->addr.host_traddr, "");
	assert_string_equal(c->subsysnqn, "nqn.2014-08.org.example:nvmet-test");
	assert_string_equal(c->state, "live");
	assert_string_equal(c->cntrltype, "io");
	assert_string_equal(c->hostnqn, HOSTNQN);
	assert_string_equal(c->hostid, HOSTID);
	assert_int_equal(c->cntlid, 1);
	assert_int_equal(c->kato, 5);
	assert_int_equal(c->ctrl_loss_tmo, 600);
	assert_int_equal(c->reconnect_delay, 10);
	assert_int_equal(c->fast_io_fail_tmo, -1);
	assert_false(c->discovery);
	assert_false(c->dhchap_secret);
	assert_false(c->dhchap_ctrl_secret);
	assert_string_equal(c->subsys, "nvme-subsys1");

	assert_int_equal(topo.nr_subsys, 1);
	s = &topo.subsys[0];
	assert_string_equal(s->name, "nvme-subsys1");
	assert_string_equal(s->nqn, "nqn.2014-08.org.example:nvmet-test");
	assert_string_equal(s->subsystype, "nvm");
	assert_int_equal(s->nr_ctrls, 1);
	assert_int_equal(s->ctrls[0], 0);
	assert_int_equal(s->nr_ns, 1);
	assert_string_equal(s->ns[0].name, "nvme1n1");
	assert_int_equal(s->ns[0].nsid, 1);
	assert_true(s->ns[0].size == 2147483648ULL);
	assert_string_equal(s->ns[0].ctrl, "");
}

static void test_scan_skips_pcie(void **state)
{
	struct nvmf_ctrl c;

	(void)state;
	scan_tree("tcp-one");
	assert_null(ctrl_named(&topo, "nvme0"));
	assert_null(subsys_named(&topo, "nvme-subsys0"));
	assert_int_equal(nvmf_ctrl_read("nvme0", &c), -EOPNOTSUPP);
}

/*
 * The connections-only scan matches as the full one does, and reads none
 * of what matching does not need.
 */
static void test_scan_connections_only(void **state)
{
	struct nvmf_topology light;
	struct nvmf_params p;

	(void)state;
	scan_tree("mixed");
	assert_int_equal(nvmf_topology_scan_connections(&light), 0);
	assert_int_equal(light.nr_ctrls, topo.nr_ctrls);
	assert_int_equal(light.nr_subsys, 0);
	for (size_t i = 0; i < light.nr_ctrls; i++) {
		const struct nvmf_ctrl *a = &topo.ctrls[i], *b = &light.ctrls[i];

		assert_string_equal(a->name, b->name);
		assert_string_equal(a->transport, b->transport);
		assert_string_equal(a->address, b->address);
		assert_string_equal(a->subsysnqn, b->subsysnqn);
		assert_string_equal(a->hostnqn, b->hostnqn);
		assert_string_equal(a->state, b->state);
		assert_int_equal(a->discovery, b->discovery);
		assert_int_equal(b->kato, NVMF_UNSET);
		assert_int_equal(a->dhchap_secret, b->dhchap_secret);
		assert_int_equal(a->dhchap_ctrl_secret, b->dhchap_ctrl_secret);
		assert_int_equal(a->tls, b->tls);
		assert_string_equal(b->hostid, "");
	}
	nvmf_params_init(&p);
	p.transport = "tcp";
	p.traddr = "192.0.2.10";
	p.trsvcid = "4420";
	p.subsysnqn = "nqn.2014-08.org.example:mp-array";
	p.hostnqn = HOSTNQN;
	assert_ptr_equal(nvmf_topology_find(&light, &p) - light.ctrls,
			 nvmf_topology_find(&topo, &p) - topo.ctrls);
	nvmf_topology_free(&light);
}

static void test_scan_mixed_order(void **state)
{
	static const int instances[] = { 1, 2, 3, 4, 5, 7, 10, 11 };
	static const char *const subsystems[] = {
		"nvme-subsys1", "nvme-subsys3", "nvme-subsys4", "nvme-subsys5",
		"nvme-subsys7", "nvme-subsys10", "nvme-subsys11",
	};
	size_t i;

	(void)state;
	scan_tree("mixed");
	assert_int_equal(topo.nr_ctrls, ARRAY_SIZE(instances));
	for (i = 0; i < topo.nr_ctrls; i++)
		assert_int_equal(topo.ctrls[i].instance, instances[i]);
	assert_int_equal(topo.nr_subsys, ARRAY_SIZE(subsystems));
	for (i = 0; i < topo.nr_subsys; i++)
		assert_string_equal(topo.subsys[i].name, subsystems[i]);
}

static void test_scan_mixed_multipath(void **state)
{
	const struct nvmf_subsys *s;
	size_t i, j;

	(void)state;
	scan_tree("mixed");
	s = subsys_named(&topo, "nvme-subsys1");
	assert_non_null(s);
	assert_string_equal(s->nqn, MP_NQN);
	assert_int_equal(s->nr_ctrls, 2);
	assert_int_equal(s->ctrls[0], ctrl_index(&topo, "nvme1"));
	assert_int_equal(s->ctrls[1], ctrl_index(&topo, "nvme2"));
	assert_string_equal(ctrl_named(&topo, "nvme2")->subsys, "nvme-subsys1");

	/* Sorted by NSID, which runs against the names here. */
	assert_int_equal(s->nr_ns, 2);
	assert_string_equal(s->ns[0].name, "nvme1n2");
	assert_int_equal(s->ns[0].nsid, 1);
	assert_true(s->ns[0].size == 1 * GiB);
	assert_string_equal(s->ns[1].name, "nvme1n1");
	assert_int_equal(s->ns[1].nsid, 2);
	assert_true(s->ns[1].size == 2 * GiB);

	/* Hidden per-path devices are never namespaces. */
	for (i = 0; i < topo.nr_subsys; i++)
		for (j = 0; j < topo.subsys[i].nr_ns; j++)
			assert_null(strchr(topo.subsys[i].ns[j].name, 'c'));
}

/*
 * What each kernel shows of a namespace: 6.12 all of it (nvme-subsys1), 6.1
 * no nuse or metadata_bytes (nvme-subsys4), 5.10 no generic node either
 * (nvme-subsys3). Absent attributes are unknown, never zero.
 */
static void test_scan_mixed_ns_details(void **state)
{
	const struct nvmf_subsys *s;

	(void)state;
	scan_tree("mixed");
	s = subsys_named(&topo, "nvme-subsys1");
	assert_string_equal(s->ns[0].generic, "ng1n2");
	assert_true(s->ns[0].lba_size == 512);
	assert_true(s->ns[0].metadata_bytes == 8);
	assert_true(s->ns[0].usage == 2097152ULL * 512);
	assert_true(s->ns[1].lba_size == 4096);
	assert_true(s->ns[1].metadata_bytes == 0);
	assert_true(s->ns[1].usage == 131072ULL * 4096);
	assert_string_equal(s->ns[1].ident.model, "Linux");
	assert_string_equal(s->ns[1].ident.serial, "4e3c1b0f9a7d2e65");
	assert_string_equal(s->ns[1].ident.firmware_rev, "6.1.0-18");

	s = subsys_named(&topo, "nvme-subsys4");
	assert_string_equal(s->ns[0].generic, "ng4n1");
	assert_true(s->ns[0].lba_size == 4096);
	assert_true(s->ns[0].metadata_bytes == NVMF_NS_UNKNOWN);
	assert_true(s->ns[0].usage == NVMF_NS_UNKNOWN);
	assert_string_equal(s->ns[0].ident.model, "NetApp ONTAP Controller");
	assert_string_equal(s->ns[0].ident.firmware_rev, "9.13.1");

	s = subsys_named(&topo, "nvme-subsys3");
	assert_string_equal(s->ns[0].generic, "");
	assert_true(s->ns[0].usage == NVMF_NS_UNKNOWN);
}

/* Without multipath each namespace has its controller's generic node and identity. */
static void test_scan_nomultipath_ns_details(void **state)
{
	const struct nvmf_subsys *s;

	(void)state;
	scan_tree("nomultipath");
	s = subsys_named(&topo, "nvme-subsys1");
	assert_int_equal(s->nr_ns, 4);
	for (size_t i = 0; i < s->nr_ns; i++) {
		assert_string_equal(s->ns[i].generic + 2, s->ns[i].name + 4);
		assert_string_equal(s->ns[i].ident.model, "Linux");
	}
}

static void test_scan_mixed_tls(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	c = ctrl_named(&topo, "nvme1");
	assert_true(c->tls);
	assert_string_equal(c->tls_key, "1d2e3f4a");
	assert_string_equal(c->tls_keyring, ".nvme");
	assert_string_equal(c->tls_configured_key, "");
	c = ctrl_named(&topo, "nvme7");	/* tls_key empty: no key, so no TLS */
	assert_false(c->tls);
	assert_string_equal(c->tls_key, "");
	c = ctrl_named(&topo, "nvme3");	/* an old kernel, or no TLS */
	assert_false(c->tls);
}

static void test_scan_mixed_secrets(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	c = ctrl_named(&topo, "nvme2");
	assert_true(c->dhchap_secret);
	assert_false(c->dhchap_ctrl_secret);
	c = ctrl_named(&topo, "nvme1");
	assert_false(c->dhchap_secret);
	assert_false(c->dhchap_ctrl_secret);
	/* Not a byte of the key is kept. */
	assert_null(memmem(topo.ctrls, topo.nr_ctrls * sizeof(*topo.ctrls), "DHHC", 4));
	assert_null(memmem(topo.ctrls, topo.nr_ctrls * sizeof(*topo.ctrls), "Zml4dHVy", 8));
}

static void test_scan_mixed_transports(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	c = ctrl_named(&topo, "nvme2");
	assert_string_equal(c->addr.host_traddr, "198.51.100.1");
	assert_string_equal(c->addr.host_iface, "eth1");

	c = ctrl_named(&topo, "nvme3");
	assert_string_equal(c->transport, "rdma");
	assert_string_equal(c->addr.traddr, "2001:db8::10");
	assert_string_equal(c->addr.trsvcid, "4420");

	c = ctrl_named(&topo, "nvme4");
	assert_string_equal(c->transport, "fc");
	assert_string_equal(c->addr.traddr, FC_TRADDR);
	assert_string_equal(c->addr.host_traddr, FC_HOST_TRADDR);
	assert_string_equal(c->addr.trsvcid, "");

	c = ctrl_named(&topo, "nvme5");
	assert_string_equal(c->transport, "loop");
	assert_string_equal(c->address, "");
	assert_string_equal(c->addr.traddr, "");
	assert_true(subsys_named(&topo, "nvme-subsys5")->ns[0].size == 512 * 1024 * 1024);

	c = ctrl_named(&topo, "nvme7");
	assert_string_equal(c->state, "connecting");
	assert_string_equal(c->addr.src_addr, "");
}

static void test_scan_mixed_timeouts(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	c = ctrl_named(&topo, "nvme4");
	assert_int_equal(c->ctrl_loss_tmo, -1);
	assert_int_equal(c->fast_io_fail_tmo, -1);
	assert_int_equal(c->reconnect_delay, 2);
	c = ctrl_named(&topo, "nvme7");
	assert_int_equal(c->ctrl_loss_tmo, 600);
	assert_int_equal(c->fast_io_fail_tmo, 30);
}

static void test_scan_mixed_missing_attrs(void **state)
{
	const struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	c = ctrl_named(&topo, "nvme3");
	assert_string_equal(c->cntrltype, "");
	assert_int_equal(c->kato, NVMF_UNSET);
	assert_int_equal(c->fast_io_fail_tmo, NVMF_UNSET);
	assert_int_equal(c->ctrl_loss_tmo, 600);
	assert_false(c->dhchap_secret);
	assert_false(c->discovery);
	assert_string_equal(subsys_named(&topo, "nvme-subsys3")->subsystype, "");
}

static void test_scan_mixed_discovery(void **state)
{
	const struct nvmf_subsys *s10, *s11;
	size_t i;

	(void)state;
	scan_tree("mixed");
	for (i = 0; i < topo.nr_ctrls; i++) {
		bool disc = topo.ctrls[i].instance == 10 || topo.ctrls[i].instance == 11;

		assert_int_equal(topo.ctrls[i].discovery, disc);
	}
	/* The same NQN, yet a subsystem each. */
	s10 = subsys_named(&topo, "nvme-subsys10");
	s11 = subsys_named(&topo, "nvme-subsys11");
	assert_string_equal(s10->subsystype, "discovery");
	assert_int_equal(s10->nr_ctrls, 1);
	assert_int_equal(s10->ctrls[0], ctrl_index(&topo, "nvme10"));
	assert_int_equal(s11->nr_ctrls, 1);
	assert_int_equal(s11->ctrls[0], ctrl_index(&topo, "nvme11"));
	assert_int_equal(s10->nr_ns, 0);
	assert_int_equal(ctrl_named(&topo, "nvme10")->kato, 30);
}

static void test_scan_vanished(void **state)
{
	struct nvmf_ctrl c;

	(void)state;
	scan_tree("mixed");
	assert_null(ctrl_named(&topo, "nvme9"));
	assert_int_equal(nvmf_ctrl_read("nvme9", &c), -ENODEV);
}

static void test_scan_nomultipath(void **state)
{
	static const char *const names[] = { "nvme1n1", "nvme2n1", "nvme1n2", "nvme2n2" };
	static const char *const ctrls[] = { "nvme1", "nvme2", "nvme1", "nvme2" };
	const struct nvmf_subsys *s;
	size_t i;

	(void)state;
	scan_tree("nomultipath");
	assert_int_equal(topo.nr_ctrls, 2);
	assert_int_equal(topo.nr_subsys, 1);
	s = &topo.subsys[0];
	assert_int_equal(s->nr_ctrls, 2);
	assert_int_equal(s->nr_ns, ARRAY_SIZE(names));
	for (i = 0; i < s->nr_ns; i++) {
		assert_string_equal(s->ns[i].name, names[i]);
		assert_string_equal(s->ns[i].ctrl, ctrls[i]);
		assert_int_equal(s->ns[i].nsid, i < 2 ? 1 : 2);
		assert_true(s->ns[i].size == (i < 2 ? 1 : 3) * GiB);
	}
}

static void test_ctrl_read(void **state)
{
	struct nvmf_ctrl c;

	(void)state;
	use_tree("mixed");
	assert_int_equal(nvmf_ctrl_read("nvme2", &c), 0);
	assert_string_equal(c.name, "nvme2");
	assert_int_equal(c.instance, 2);
	assert_string_equal(c.subsysnqn, MP_NQN);
	assert_string_equal(c.addr.host_iface, "eth1");
	assert_string_equal(c.subsys, "nvme-subsys1");
	assert_true(c.dhchap_secret);

	assert_int_equal(nvmf_ctrl_read("nvme42", &c), -ENODEV);
	assert_int_equal(nvmf_ctrl_read("nvme1n1", &c), -EINVAL);
	assert_int_equal(nvmf_ctrl_read("../nvme1", &c), -EINVAL);
	assert_int_equal(nvmf_ctrl_read("nvme-subsys1", &c), -EINVAL);
}

/* Temporary trees, written by the tests */

/* Write @value and a newline, as sysfs shows an attribute, to the file @fmt names. */
static void PRINTF(2, 3) put_attr(const char *value, const char *fmt, ...)
{
	char path[PATH_MAX], text[256];
	va_list ap;

	va_start(ap, fmt);
	assert_true(vsnprintf(path, sizeof(path), fmt, ap) < (int)sizeof(path));
	va_end(ap);
	assert_true(snprintf(text, sizeof(text), "%s\n", value) < (int)sizeof(text));
	put_file(path, text);
}

static void put_ctrl(int n, const char *nqn, const char *cntrltype)
{
	char addr[64];

	snprintf(addr, sizeof(addr), "traddr=192.0.2.%d,trsvcid=4420", n % 250 + 1);
	put_attr("tcp", "/sys/class/nvme/nvme%d/transport", n);
	put_attr(addr, "/sys/class/nvme/nvme%d/address", n);
	put_attr(nqn, "/sys/class/nvme/nvme%d/subsysnqn", n);
	put_attr("live", "/sys/class/nvme/nvme%d/state", n);
	if (cntrltype)
		put_attr(cntrltype, "/sys/class/nvme/nvme%d/cntrltype", n);
}

static void put_subsys(int n, const char *nqn)
{
	put_attr(nqn, "/sys/class/nvme-subsystem/nvme-subsys%d/subsysnqn", n);
}

static void put_subsys_link(int subsys, int ctrl)
{
	char target[64], path[96];

	snprintf(target, sizeof(target), "../../nvme/nvme%d", ctrl);
	snprintf(path, sizeof(path), "/sys/class/nvme-subsystem/nvme-subsys%d/nvme%d", subsys, ctrl);
	put_link(target, path);
}

static void test_scan_groups_by_nqn(void **state)
{
	static const char *const nqn = "nqn.2014-08.org.example:unlinked";
	const struct nvmf_subsys *s;

	(void)state;
	put_ctrl(1, nqn, "io");
	put_ctrl(2, nqn, "io");
	put_ctrl(3, NVMF_DISC_NQN, NULL);
	put_subsys(1, nqn);
	put_subsys_link(1, 1);
	put_subsys(3, NVMF_DISC_NQN);

	scan();
	assert_int_equal(topo.nr_ctrls, 3);
	/* nvme2 has no link and joins by NQN... */
	assert_string_equal(topo.ctrls[1].subsys, "nvme-subsys1");
	assert_int_equal(topo.nr_subsys, 1);
	s = &topo.subsys[0];
	assert_int_equal(s->nr_ctrls, 2);
	assert_int_equal(s->ctrls[0], 0);
	assert_int_equal(s->ctrls[1], 1);
	/* ...but a discovery controller never does; without cntrltype its NQN says what it is. */
	assert_string_equal(topo.ctrls[2].subsys, "");
	assert_true(topo.ctrls[2].discovery);
}

static void test_scan_no_subsystem_class(void **state)
{

	(void)state;
	put_ctrl(4, "nqn.2014-08.org.example:alone", "io");
	scan();
	assert_int_equal(topo.nr_ctrls, 1);
	assert_string_equal(topo.ctrls[0].subsys, "");
	assert_int_equal(topo.nr_subsys, 0);
}

#define MANY 1000

/* Controllers in pairs: nvme-subsys2k holds nvme2k, nvme2k+1 and the head nvme2kn1. */
static void test_scan_1000(void **state)
{
	char nqn[64], sub[96];
	size_t i;
	int k;

	(void)state;
	/* Written in a scrambled order, so the directory order is not the answer. */
	for (k = 0; k < MANY; k++) {
		int n = k * 389 % MANY;

		snprintf(nqn, sizeof(nqn), "nqn.2014-08.org.example:s%d", n / 2 * 2);
		put_ctrl(n, nqn, NULL);
		if (n % 2)
			continue;
		put_subsys(n, nqn);
		put_subsys_link(n, n);
		put_subsys_link(n, n + 1);
		snprintf(sub, sizeof(sub), "/sys/class/nvme-subsystem/nvme-subsys%d/nvme%dn1", n, n);
		put_attr("2048", "%s/size", sub);
		put_attr("1", "%s/nsid", sub);
	}

	scan();
	assert_int_equal(topo.nr_ctrls, MANY);
	for (i = 0; i < MANY; i++) {
		assert_int_equal(topo.ctrls[i].instance, i);
		snprintf(sub, sizeof(sub), "nvme-subsys%zu", i / 2 * 2);
		assert_string_equal(topo.ctrls[i].subsys, sub);
	}
	assert_int_equal(topo.nr_subsys, MANY / 2);
	for (i = 0; i < MANY / 2; i++) {
		const struct nvmf_subsys *s = &topo.subsys[i];

		snprintf(sub, sizeof(sub), "nvme-subsys%zu", 2 * i);
		assert_string_equal(s->name, sub);
		assert_int_equal(s->nr_ctrls, 2);
		assert_int_equal(s->ctrls[0], 2 * i);
		assert_int_equal(s->ctrls[1], 2 * i + 1);
		assert_int_equal(s->nr_ns, 1);
		assert_true(s->ns[0].size == 1024 * 1024);
	}
}

/* nvmf_ctrl_matches, nvmf_topology_find */

static struct nvmf_params params_of(const struct nvmf_ctrl *c)
{
	struct nvmf_params p;

	nvmf_params_init(&p);
	p.subsysnqn = c->subsysnqn;
	p.transport = c->transport;
	p.traddr = c->addr.traddr[0] ? c->addr.traddr : NULL;
	p.trsvcid = c->addr.trsvcid[0] ? c->addr.trsvcid : NULL;
	p.host_traddr = c->addr.host_traddr[0] ? c->addr.host_traddr : NULL;
	p.host_iface = c->addr.host_iface[0] ? c->addr.host_iface : NULL;
	p.hostnqn = c->hostnqn;
	return p;
}

/* Controller @name of the topology, and in @p the params that connected it. */
static const struct nvmf_ctrl *ctrl_and_params(const char *name, struct nvmf_params *p)
{
	const struct nvmf_ctrl *c = ctrl_named(&topo, name);

	assert_non_null(c);
	*p = params_of(c);
	return c;
}

static void test_match_same(void **state)
{
	struct nvmf_params p;
	size_t i;

	(void)state;
	scan_tree("mixed");
	for (i = 0; i < topo.nr_ctrls; i++) {
		p = params_of(&topo.ctrls[i]);
		assert_true(nvmf_ctrl_matches(&topo.ctrls[i], &p));
	}
}

static void test_match_each_field(void **state)
{
	const struct nvmf_ctrl *c;
	struct nvmf_params p;
	const char **fields[7];
	size_t i;

	(void)state;
	scan_tree("mixed");
	c = ctrl_and_params("nvme2", &p);
	fields[0] = &p.subsysnqn;
	fields[1] = &p.transport;
	fields[2] = &p.traddr;
	fields[3] = &p.trsvcid;
	fields[4] = &p.host_traddr;
	fields[5] = &p.host_iface;
	fields[6] = &p.hostnqn;
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *saved = *fields[i];

		*fields[i] = "other";
		assert_false(nvmf_ctrl_matches(c, &p));
		/* Unset matches only an empty field, and all of nvme2's are set. */
		*fields[i] = NULL;
		assert_false(nvmf_ctrl_matches(c, &p));
		*fields[i] = saved;
		assert_true(nvmf_ctrl_matches(c, &p));
	}
}

/* An interface mDNS implied matches a controller without one, never another interface. */
static void test_match_implied_host_iface(void **state)
{
	const struct nvmf_ctrl *c;
	struct nvmf_params p;

	(void)state;
	scan_tree("mixed");
	c = ctrl_and_params("nvme2", &p);
	p.host_iface_implied = true;
	assert_true(nvmf_ctrl_matches(c, &p));
	p.host_iface = "other";
	assert_false(nvmf_ctrl_matches(c, &p));

	c = ctrl_and_params("nvme1", &p);
	assert_null(p.host_iface);
	p.host_iface = "eth0";
	assert_false(nvmf_ctrl_matches(c, &p));
	p.host_iface_implied = true;
	assert_true(nvmf_ctrl_matches(c, &p));
}

static void test_match_unset(void **state)
{
	const struct nvmf_ctrl *c;
	struct nvmf_params p;

	(void)state;
	scan_tree("mixed");
	c = ctrl_and_params("nvme1", &p);
	assert_null(p.host_traddr);
	assert_true(nvmf_ctrl_matches(c, &p));
	p.host_traddr = "";
	assert_true(nvmf_ctrl_matches(c, &p));
	p.host_traddr = "192.0.2.1";
	assert_false(nvmf_ctrl_matches(c, &p));
	p.host_traddr = NULL;
	p.host_iface = "eth0";
	assert_false(nvmf_ctrl_matches(c, &p));

	/* A loop controller with no traddr. */
	c = ctrl_and_params("nvme5", &p);
	assert_true(nvmf_ctrl_matches(c, &p));
	p.traddr = "1";
	assert_false(nvmf_ctrl_matches(c, &p));
}

static void test_match_case(void **state)
{
	const struct nvmf_ctrl *c;
	struct nvmf_params p;

	(void)state;
	scan_tree("mixed");
	c = ctrl_and_params("nvme4", &p);
	p.traddr = "NN-0x20000090FA942779:PN-0x10000090FA942779";
	p.host_traddr = "nn-0x20000090FAB0C3A1:pn-0x10000090FAB0C3A1";
	assert_true(nvmf_ctrl_matches(c, &p));

	/* Other transports compare as the kernel writes the address. */
	c = ctrl_and_params("nvme3", &p);
	p.traddr = "2001:DB8::10";
	assert_false(nvmf_ctrl_matches(c, &p));
	p.transport = "RDMA";
	p.traddr = "2001:db8::10";
	assert_false(nvmf_ctrl_matches(c, &p));
}

static void test_match_states(void **state)
{
	static const char *const gone[] = { "deleting", "deleting (no IO)", "dead" };
	static const char *const alive[] = { "new", "live", "resetting", "connecting" };
	struct nvmf_params p;
	struct nvmf_ctrl c;
	size_t i;

	(void)state;
	scan_tree("mixed");
	c = *ctrl_named(&topo, "nvme1");
	p = params_of(&c);
	for (i = 0; i < ARRAY_SIZE(gone); i++) {
		strlcopy(c.state, gone[i], sizeof(c.state));
		assert_false(nvmf_ctrl_matches(&c, &p));
	}
	for (i = 0; i < ARRAY_SIZE(alive); i++) {
		strlcopy(c.state, alive[i], sizeof(c.state));
		assert_true(nvmf_ctrl_matches(&c, &p));
	}
}

static void test_find(void **state)
{
	struct nvmf_params p;
	struct nvmf_ctrl *c;

	(void)state;
	scan_tree("mixed");
	p = params_of(ctrl_named(&topo, "nvme11"));
	assert_ptr_equal(nvmf_topology_find(&topo, &p), ctrl_named(&topo, "nvme11"));
	p = params_of(ctrl_named(&topo, "nvme7"));
	assert_ptr_equal(nvmf_topology_find(&topo, &p), ctrl_named(&topo, "nvme7"));

	p = params_of(ctrl_named(&topo, "nvme1"));
	c = &topo.ctrls[ctrl_index(&topo, "nvme1")];
	strlcopy(c->state, "deleting", sizeof(c->state));
	assert_null(nvmf_topology_find(&topo, &p));
	p.traddr = "192.0.2.99";
	assert_null(nvmf_topology_find(&topo, &p));
}

/* A plain controller does not answer a request for DH-HMAC-CHAP or TLS; a secured one answers a plain one. */
static void test_match_security(void **state)
{
	struct nvmf_params p;
	struct nvmf_ctrl *plain, *secured;

	(void)state;
	scan_tree("mixed");
	plain = &topo.ctrls[ctrl_index(&topo, "nvme1")];
	secured = &topo.ctrls[ctrl_index(&topo, "nvme2")];
	p = params_of(secured);
	assert_null(nvmf_ctrl_lacks(secured, &p));
	p.dhchap_secret = "DHHC-1:00:x:";
	assert_null(nvmf_ctrl_lacks(secured, &p));
	assert_string_equal(nvmf_ctrl_lacks(plain, &p), "DH-HMAC-CHAP");
	p.dhchap_ctrl_secret = "DHHC-1:00:y:";
	assert_string_equal(nvmf_ctrl_lacks(secured, &p), "bidirectional DH-HMAC-CHAP");
	p = params_of(secured);
	p.tls = true;
	assert_string_equal(nvmf_ctrl_lacks(secured, &p), "TLS");
	p.tls = false;
	p.tls_key = "12345";
	assert_string_equal(nvmf_ctrl_lacks(secured, &p), "TLS");
	secured->tls = true;
	assert_null(nvmf_ctrl_lacks(secured, &p));

	/* the same connection twice (--duplicate-connect): find takes the one that has it all */
	strlcopy(secured->address, plain->address, sizeof(secured->address));
	secured->addr = plain->addr;
	p = params_of(plain);
	assert_true(nvmf_ctrl_matches(secured, &p));
	assert_ptr_equal(nvmf_topology_find(&topo, &p), plain);
	p.dhchap_secret = "DHHC-1:00:x:";
	assert_ptr_equal(nvmf_topology_find(&topo, &p), secured);
	secured->dhchap_secret = false;
	assert_ptr_equal(nvmf_topology_find(&topo, &p), plain);
	assert_non_null(nvmf_ctrl_lacks(plain, &p));
}

/* nvmf_topology_resolve_device */

static void assert_resolves(const struct nvmf_topology *t, const char *dev, const char *a, const char *b)
{
	size_t idx[4];
	int n = (a != NULL) + (b != NULL);

	assert_int_equal(nvmf_topology_resolve_device(t, dev, idx, ARRAY_SIZE(idx)), n);
	if (a)
		assert_int_equal(idx[0], ctrl_index(t, a));
	if (b)
		assert_int_equal(idx[1], ctrl_index(t, b));
}

static void test_resolve_ctrl(void **state)
{

	(void)state;
	scan_tree("mixed");
	assert_resolves(&topo, "nvme2", "nvme2", NULL);
	assert_resolves(&topo, "/dev/nvme2", "nvme2", NULL);
	assert_resolves(&topo, "nvme10", "nvme10", NULL);
}

static void test_resolve_ns_multipath(void **state)
{

	(void)state;
	scan_tree("mixed");
	assert_resolves(&topo, "nvme1n1", "nvme1", "nvme2");
	assert_resolves(&topo, "/dev/nvme1n2", "nvme1", "nvme2");
	assert_resolves(&topo, "/dev/nvme4n1", "nvme4", NULL);

	scan_tree("tcp-one");
	assert_resolves(&topo, "/dev/nvme1n1", "nvme1", NULL);
}

static void test_resolve_ns_nomultipath(void **state)
{

	(void)state;
	scan_tree("nomultipath");
	assert_resolves(&topo, "nvme2n1", "nvme2", NULL);
	assert_resolves(&topo, "/dev/nvme1n2", "nvme1", NULL);
}

static void test_resolve_path(void **state)
{

	(void)state;
	scan_tree("mixed");
	assert_resolves(&topo, "nvme1c2n1", "nvme2", NULL);
	assert_resolves(&topo, "/dev/nvme1c1n2", "nvme1", NULL);
}

static void test_resolve_max(void **state)
{
	size_t idx[2] = { 99, 99 };

	(void)state;
	scan_tree("mixed");
	assert_int_equal(nvmf_topology_resolve_device(&topo, "nvme1n1", idx, 1), 2);
	assert_int_equal(idx[0], ctrl_index(&topo, "nvme1"));
	assert_int_equal(idx[1], 99);
	assert_int_equal(nvmf_topology_resolve_device(&topo, "nvme1", NULL, 0), 1);
}

static void test_resolve_errors(void **state)
{
	static const char *const invalid[] = {
		"", "sda", "/dev/sda", "nvme", "/dev/", "nvme1x", "nvme-subsys1", "nvme01",
		"nvme1n", "nvme1c1", "nvme1c1n", "nvme1n1p1", "ng1n1", "dev/nvme1",
		"/sys/class/nvme/nvme1", "/dev/nvme1/", "nvme-1", "nvme 1", "nvme99999999999",
	};
	static const char *const absent[] = {
		"nvme42", "/dev/nvme9", "nvme1n9", "nvme1c42n1", "nvme6n1",
	};
	size_t idx[4], i;

	(void)state;
	scan_tree("mixed");
	for (i = 0; i < ARRAY_SIZE(invalid); i++)
		assert_int_equal(nvmf_topology_resolve_device(&topo, invalid[i], idx, 4), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(absent); i++)
		assert_int_equal(nvmf_topology_resolve_device(&topo, absent[i], idx, 4), -ENODEV);

	/* PCIe devices are not in the topology. */
	scan_tree("tcp-one");
	assert_int_equal(nvmf_topology_resolve_device(&topo, "nvme0", idx, 4), -ENODEV);
	assert_int_equal(nvmf_topology_resolve_device(&topo, "/dev/nvme0n1", idx, 4), -ENODEV);
}

#define ADDRESS_TEST(c)	{ "test_" #c, test_address, NULL, NULL, (void *)&c }
#define TEST(f)		cmocka_unit_test_teardown(f, teardown_root)
#define TMP_TEST(f)	cmocka_unit_test_setup_teardown(f, temp_root_setup, teardown_temp_root)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ADDRESS_TEST(address_tcp),
		ADDRESS_TEST(address_tcp_src_addr),
		ADDRESS_TEST(address_tcp_host),
		ADDRESS_TEST(address_ipv6),
		ADDRESS_TEST(address_rdma),
		ADDRESS_TEST(address_fc),
		ADDRESS_TEST(address_loop),
		ADDRESS_TEST(address_unknown_key),
		cmocka_unit_test(test_address_malformed),
		TEST(test_scan_empty),
		TEST(test_scan_no_class),
		TEST(test_scan_tcp_one),
		TEST(test_scan_skips_pcie),
		TEST(test_scan_connections_only),
		TEST(test_scan_mixed_order),
		TEST(test_scan_mixed_multipath),
		TEST(test_scan_mixed_ns_details),
		TEST(test_scan_nomultipath_ns_details),
		TEST(test_scan_mixed_tls),
		TEST(test_scan_mixed_secrets),
		TEST(test_match_security),
		TEST(test_scan_mixed_transports),
		TEST(test_scan_mixed_timeouts),
		TEST(test_scan_mixed_missing_attrs),
		TEST(test_scan_mixed_discovery),
		TEST(test_scan_vanished),
		TEST(test_scan_nomultipath),
		TEST(test_ctrl_read),
		TMP_TEST(test_scan_groups_by_nqn),
		TMP_TEST(test_scan_no_subsystem_class),
		TMP_TEST(test_scan_1000),
		TEST(test_match_same),
		TEST(test_match_each_field),
		TEST(test_match_implied_host_iface),
		TEST(test_match_unset),
		TEST(test_match_case),
		TEST(test_match_states),
		TEST(test_find),
		TEST(test_resolve_ctrl),
		TEST(test_resolve_ns_multipath),
		TEST(test_resolve_ns_nomultipath),
		TEST(test_resolve_path),
		TEST(test_resolve_max),
		TEST(test_resolve_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
