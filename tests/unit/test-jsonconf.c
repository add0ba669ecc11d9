// SPDX-License-Identifier: GPL-2.0-or-later
/* config.json as libnvme reads it, host names and "none": lib/jsonconf.c and lib/address.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "address.h"
#include "helpers.h"
#include "jsonconf.h"
#include "kernel.h"
#include "util.h"

#define SECRET	"DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
#define HOSTA	"nqn.2014-08.org.example:host-a"
#define HOSTB	"nqn.2014-08.org.example:host-b"

static char err[4096];

static int parse(const char *text, struct nvmf_json_conf *jc)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_json_conf_parse("c.json", text, strlen(text), jc);
	capture_end(err, sizeof(err));
	return ret;
}

static const char two_hosts[] =
	"[ { \"hostnqn\": \"" HOSTA "\", \"hostid\": \"11111111-2222-3333-4444-555555555555\",\n"
	"    \"dhchap_key\": \"" SECRET "\",\n"
	"    \"subsystems\": [ { \"nqn\": \"nqn.x:one\", \"ports\": [\n"
	"      { \"transport\": \"tcp\", \"traddr\": \"192.0.2.1\", \"trsvcid\": 4420, \"ctrl_loss_tmo\": -1,\n"
	"        \"hdr_digest\": true, \"persistent\": true, \"keyring\": \"123\", \"tls_key\": \"456\" },\n"
	"      { \"transport\": \"rdma\", \"traddr\": \"192.0.2.2\", \"host_traddr\": \"none\" } ] } ] },\n"
	"  { \"hostnqn\": \"" HOSTB "\", \"subsystems\": [ { \"nqn\": \"nqn.x:one\", \"ports\": [\n"
	"      { \"transport\": \"tcp\", \"traddr\": \"192.0.2.1\", \"keep_alive_tmo\": 9 } ] } ] } ]\n";

static void test_parse(void **state)
{
	struct nvmf_json_conf jc;

	(void)state;
	assert_int_equal(parse(two_hosts, &jc), 0);
	assert_string_equal(err, "");
	assert_int_equal(jc.nr_hosts, 2);
	assert_int_equal(jc.nr_ports, 3);
	assert_string_equal(nvmf_json_conf_default_host(&jc)->hostnqn, HOSTA);
	assert_string_equal(jc.ports[0].path, "[0].subsystems[0].ports[0]");
	assert_string_equal(jc.ports[0].params.trsvcid, "4420");
	assert_int_equal(jc.ports[0].params.ctrl_loss_tmo, -1);
	assert_true(jc.ports[0].params.hdr_digest);
	assert_true(jc.ports[0].persistent);
	assert_string_equal(jc.ports[0].params.keyring, "123");
	assert_string_equal(jc.ports[0].params.tls_key, "456");
	assert_null(jc.ports[1].params.host_traddr);	/* "none" */
	assert_string_equal(jc.ports[2].host->hostnqn, HOSTB);
	assert_null(jc.ports[2].host->hostid);
	nvmf_json_conf_free(&jc);
}

/* A connection of @hostnqn to nqn.x:one at tcp 192.0.2.1:@trsvcid. */
static void connection(struct nvmf_params *p, const char *trsvcid, const char *hostnqn)
{
	nvmf_params_init(p);
	p->transport = "tcp";
	p->traddr = "192.0.2.1";
	p->trsvcid = trsvcid;
	p->subsysnqn = "nqn.x:one";
	p->hostnqn = hostnqn;
}

/* The port of the connection's host, subsystem and address; what the connection sets wins. */
static void test_apply(void **state)
{
	struct nvmf_json_conf jc;
	struct nvmf_params p;

	(void)state;
	assert_int_equal(parse(two_hosts, &jc), 0);
	connection(&p, "4420", HOSTA);
	p.ctrl_loss_tmo = 30;
	assert_ptr_equal(nvmf_json_conf_apply(&jc, &p), &jc.ports[0]);
	assert_int_equal(p.ctrl_loss_tmo, 30);
	assert_true(p.hdr_digest);
	assert_string_equal(p.dhchap_secret, SECRET);	/* the host's */
	assert_string_equal(p.hostnqn, HOSTA);

	connection(&p, "8009", HOSTB);
	assert_ptr_equal(nvmf_json_conf_apply(&jc, &p), &jc.ports[2]);	/* no trsvcid: any */
	assert_int_equal(p.keep_alive_tmo, 9);
	assert_null(p.dhchap_secret);

	p.subsysnqn = "nqn.x:other";
	p.keep_alive_tmo = NVMF_UNSET;
	assert_null(nvmf_json_conf_apply(&jc, &p));
	assert_int_equal(p.keep_alive_tmo, NVMF_UNSET);
	p.subsysnqn = "nqn.x:one";
	p.traddr = "192.0.2.9";
	assert_null(nvmf_json_conf_apply(&jc, &p));
	assert_null(nvmf_json_conf_apply(NULL, &p));
	nvmf_json_conf_free(&jc);
}

struct bad {
	const char *text;
	const char *message;
};

static void test_bad(void **state)
{
	static const struct bad bad[] = {
		{ "", "nvmf: c.json:1:1: JSON syntax error: the document ends too early\n" },
		{ "[ {\n \"hostnqn\": x } ]", "nvmf: c.json:2:13: JSON syntax error: unexpected character\n" },
		{ "[] []", "nvmf: c.json:1:4: JSON syntax error: unexpected character\n" },
		{ "{}", "nvmf: c.json: the document must be an array of hosts, as libnvme reads it, not an object\n" },
		{ "[ 3 ]", "nvmf: c.json: [0]: must be an object, not a number\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"hostid\": \"x\" } ]",
		  "nvmf: c.json: [0].hostid: 'x' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"subsystems\": {} } ]",
		  "nvmf: c.json: [0].subsystems: must be an array, not an object\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"subsystems\": [ { \"ports\": [] } ] } ]",
		  "nvmf: c.json: [0].subsystems[0]: a subsystem needs an \"nqn\"\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"subsystems\": [ { \"nqn\": \"n\", \"ports\": [ "
		  "{ \"transport\": \"tcp\", \"traddr\": \"192.0.2.1\", \"queue_size\": 1.5 } ] } ] } ]",
		  "nvmf: c.json: [0].subsystems[0].ports[0].queue_size: must be a whole number, not a fraction\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"subsystems\": [ { \"nqn\": \"n\", \"ports\": [ "
		  "{ \"transport\": \"tcp\", \"traddr\": \"192.0.2.1\", \"queue_size\": 4096 } ] } ] } ]",
		  "nvmf: c.json: [0].subsystems[0].ports[0]: --queue-size 4096 is out of range (16..1024)\n" },
		{ "[ { \"hostnqn\": \"" HOSTA "\", \"subsystems\": [ { \"nqn\": \"n\", \"ports\": [ "
		  "{ \"transport\": \"tcp\", \"traddr\": \"192.0.2.1\", \"dhchap_ctrl_key\": \"" SECRET "\" } ] } ] } ]",
		  "nvmf: c.json: [0].subsystems[0].ports[0]: --dhchap-ctrl-secret needs --dhchap-secret\n" },
	};
	struct nvmf_json_conf jc;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(parse(bad[i].text, &jc), -EINVAL);
		assert_string_equal(err, bad[i].message);
		assert_null(jc.doc);
		assert_int_equal(jc.nr_ports, 0);
	}
}

static void test_sniff(void **state)
{
	(void)state;
	assert_true(nvmf_json_conf_sniff("\n  [ {"));
	assert_true(nvmf_json_conf_sniff("{"));
	assert_false(nvmf_json_conf_sniff("# comment\n[x]"));
	assert_false(nvmf_json_conf_sniff("--transport=tcp"));
	assert_false(nvmf_json_conf_sniff(""));
}

static void test_load(void **state)
{
	struct nvmf_json_conf jc;
	char path[256];
	int ret;

	(void)state;
	snprintf(path, sizeof(path), "%s/c.json", temp_root_create());
	assert_int_equal(nvmf_json_conf_load(path, &jc), -ENOENT);
	put_file("/c.json", two_hosts);
	capture_start(STDERR_FILENO);
	ret = nvmf_json_conf_load(path, &jc);
	capture_end(err, sizeof(err));
	assert_int_equal(ret, 0);
	/* put_file makes it 0644, and it holds a secret */
	assert_non_null(strstr(err, "holds DH-HMAC-CHAP secrets and may be read by others"));
	assert_null(strstr(err, "AAEC"));
	nvmf_json_conf_free(&jc);
	temp_root_remove();
}

/* Host names, as a stand-in resolver answers them. */
static int fake_resolve(const char *name, char *addr, size_t len)
{
	if (!strcmp(name, "storage.example"))
		return strlcopy(addr, "2001:db8::1", len) < len ? 0 : -ENAMETOOLONG;
	if (!strcmp(name, "slow.example"))
		return -EAGAIN;
	return -ENOENT;
}

static void test_resolve(void **state)
{
	struct nvmf_kernel_ops ops = *nvmf_kernel;
	const struct nvmf_kernel_ops *saved = nvmf_kernel;
	struct nvmf_addrbuf b;
	struct nvmf_params p;
	int ret;

	(void)state;
	ops.resolve = fake_resolve;
	nvmf_set_kernel(&ops);
	nvmf_params_init(&p);
	p.transport = "tcp";
	p.traddr = "storage.example";
	p.trsvcid = "none";
	p.host_traddr = "192.0.2.7";
	p.host_iface = "none";
	assert_int_equal(nvmf_params_resolve(&p, &b, "t"), 0);
	assert_string_equal(p.traddr, "2001:db8::1");
	assert_ptr_equal(p.traddr, b.traddr);
	assert_null(p.trsvcid);
	assert_null(p.host_iface);
	assert_string_equal(p.host_traddr, "192.0.2.7");

	static const struct { const char *addr, *message; } bad[] = {
		{ "nowhere.example", "nvmf: t: --traddr 'nowhere.example': no address is known for that host name\n" },
		{ "slow.example", "nvmf: t: --traddr 'slow.example' could not be resolved now: "
				  "the name service did not answer\n" },
		{ "999.1.1.1", "nvmf: t: --traddr '999.1.1.1' is not an IPv4 address\n" },
		{ "fe80::1%", "nvmf: t: --traddr 'fe80::1%' is not an IPv6 address\n" },
		{ "-a.example", "nvmf: t: --traddr '-a.example' is neither an IP address nor a host name\n" },
		{ "a..example", "nvmf: t: --traddr 'a..example' is neither an IP address nor a host name\n" },
		{ "a b", "nvmf: t: --traddr 'a b' is neither an IP address nor a host name\n" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		p.traddr = bad[i].addr;
		capture_start(STDERR_FILENO);
		ret = nvmf_params_resolve(&p, &b, "t");
		capture_end(err, sizeof(err));
		assert_int_equal(ret, -EINVAL);
		assert_string_equal(err, bad[i].message);
	}
	/* IP addresses stay as they are; fc and loop addresses are not names */
	p.traddr = "fe80::1%eth0";
	assert_int_equal(nvmf_params_resolve(&p, &b, "t"), 0);
	assert_string_equal(p.traddr, "fe80::1%eth0");
	p.transport = "fc";
	p.traddr = "nn-0x1000:pn-0x2000";
	assert_int_equal(nvmf_params_resolve(&p, &b, "t"), 0);
	assert_string_equal(p.traddr, "nn-0x1000:pn-0x2000");
	nvmf_set_kernel(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
