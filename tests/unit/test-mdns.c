// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mDNS announcements (TP8009): what nvmf_mdns_check() makes of them, the
 * parameters a service gives, what counts as the same controller, and
 * discovery.conf's --mdns lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "conf.h"
#include "discovery.h"
#include "helpers.h"
#include "mdns.h"
#include "topology.h"

/* nvmf as built without libavahi-client, beside the real one */
#ifdef NVMF_HAVE_AVAHI
#define NVMF_BUILT_WITH_AVAHI
#endif
#undef NVMF_HAVE_AVAHI
#define nvmf_avahi_ops nvmf_avahi_ops_without
#include "../../lib/mdns-avahi.c"
#undef nvmf_avahi_ops

#define DISC	NVMF_DISC_NQN
#define CDC	"nqn.1988-11.com.dell:SFSS:2:20220208134025e8"

static char why[512];
static char err[4096];

/* Check an announcement of @name on eth0 at @addr:@port with TXT records @txt (NULL-ended). */
static int check(const char *addr, unsigned int port, const char *const *txt, struct nvmf_mdns_service *svc)
{
	struct nvmf_mdns_txt records[16];
	struct nvmf_mdns_announce a = {
		.name = "dc", .iface = "eth0", .address = addr, .port = port, .txt = records,
	};

	for (; txt && txt[a.nr_txt]; a.nr_txt++)
		records[a.nr_txt] = (struct nvmf_mdns_txt){ (const unsigned char *)txt[a.nr_txt],
							    strlen(txt[a.nr_txt]) };
	why[0] = '\0';
	return nvmf_mdns_check(&a, svc, why, sizeof(why));
}

#define TXT(...)	((const char *const[]){ __VA_ARGS__, NULL })

static void assert_refused(const char *addr, unsigned int port, const char *const *txt, const char *reason)
{
	struct nvmf_mdns_service svc;

	assert_int_equal(check(addr, port, txt, &svc), -EINVAL);
	assert_string_equal(why, reason);
}

static void test_tcp(void **state)
{
	struct nvmf_mdns_service svc;

	(void)state;
	assert_int_equal(check("192.0.2.10", 8009, TXT("nqn=" DISC, "p=tcp"), &svc), 0);
	assert_string_equal(svc.name, "dc");
	assert_string_equal(svc.iface, "eth0");
	assert_string_equal(svc.transport, "tcp");
	assert_string_equal(svc.traddr, "192.0.2.10");
	assert_string_equal(svc.trsvcid, "8009");
	assert_string_equal(svc.subsysnqn, DISC);
}

static void test_protocols(void **state)
{
	const struct { const char *p, *transport; } cases[] = {
		{ "p=tcp", "tcp" }, { "p=TCP", "tcp" }, { "p=roce", "rdma" }, { "p=RoCE", "rdma" },
		{ "p=iwarp", "rdma" }, { "p=rdma", "rdma" }, { "P=tcp", "tcp" },
	};
	struct nvmf_mdns_service svc;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(check("2001:db8::1", 4420, TXT(cases[i].p), &svc), 0);
		assert_string_equal(svc.transport, cases[i].transport);
		/* no nqn=: the well-known discovery NQN */
		assert_string_equal(svc.subsysnqn, DISC);
	}
	assert_refused("192.0.2.1", 8009, TXT("p=fc"),
		       "its p=fc is not a transport nvmf knows (tcp, roce, iwarp, rdma)");
	assert_refused("192.0.2.1", 8009, TXT("p=loop"),
		       "its p=loop is not a transport nvmf knows (tcp, roce, iwarp, rdma)");
	assert_refused("192.0.2.1", 8009, TXT("p= tcp"),
		       "its p= tcp is not a transport nvmf knows (tcp, roce, iwarp, rdma)");
	assert_refused("192.0.2.1", 8009, TXT("nqn=" DISC), "it has no TXT record p= naming the transport");
	assert_refused("192.0.2.1", 8009, NULL, "it has no TXT record p= naming the transport");
}

/* RFC 6763: keys in any case, the first of a key counts, other keys are someone else's. */
static void test_txt_records(void **state)
{
	struct nvmf_mdns_service svc;

	(void)state;
	assert_int_equal(check("192.0.2.1", 8009, TXT("vendor=\x01\x02", "NQN=" CDC, "p=tcp", "p=roce",
						     "nqn=nqn.2014-08.org.example:x", "flag"), &svc), 0);
	assert_string_equal(svc.subsysnqn, CDC);
	assert_string_equal(svc.transport, "tcp");
	/* "pp=" and "nqnx=" are other keys */
	assert_int_equal(check("192.0.2.1", 8009, TXT("pp=roce", "nqnx=bad,bad", "p=tcp"), &svc), 0);
	assert_string_equal(svc.transport, "tcp");
	assert_string_equal(svc.subsysnqn, DISC);
}

static void test_hostile_txt(void **state)
{
	struct nvmf_mdns_txt nul[] = { { (const unsigned char *)"p=tc\0p", 6 } };
	struct nvmf_mdns_announce a = {
		.name = "dc", .iface = "eth0", .address = "192.0.2.1", .port = 8009, .txt = nul, .nr_txt = 1,
	};
	struct nvmf_mdns_service svc;
	char long_nqn[400] = "nqn=nqn.2014-08.org.example:";

	(void)state;
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn=nqn.2014-08.org.example:a,transport=loop"),
		       "its nqn=nqn.2014-08.org.example:a,transport=loop is not a valid NQN: it contains ','");
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn=nqn.x=y"), "its nqn=nqn.x=y is not a valid NQN");
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn=not-an-nqn"), "its nqn=not-an-nqn is not a valid NQN");
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn=nqn.2014-08.org.example:\n"),
		       "its TXT record nqn='nqn.2014-08.org.example:\\x0a' is not printable ASCII");
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn=nqn.2014-08.org.example:\xc3\xa9"),
		       "its TXT record nqn='nqn.2014-08.org.example:\\xc3\\xa9' is not printable ASCII");
	assert_refused("192.0.2.1", 8009, TXT("p=tcp", "nqn="), "its TXT record nqn='' is empty");
	assert_refused("192.0.2.1", 8009, TXT("p"), "its TXT record 'p' has no value");
	assert_refused("192.0.2.1", 8009, TXT("p=tcptcptcptcptcptcp"),
		       "its TXT record p='tcptcptcptcptcptcp' is too long");
	memset(long_nqn + strlen(long_nqn), 'x', 300);
	long_nqn[sizeof(long_nqn) - 1] = '\0';
	assert_int_equal(check("192.0.2.1", 8009, TXT("p=tcp", long_nqn), &svc), -EINVAL);
	assert_non_null(strstr(why, "...' is too long"));

	assert_int_equal(nvmf_mdns_check(&a, &svc, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "its TXT record p='tc' is cut by a NUL byte");
}

static void test_address_port_iface(void **state)
{
	struct nvmf_mdns_announce a = { .name = "dc\n", .iface = "eth0,x", .address = "192.0.2.1", .port = 8009 };
	struct nvmf_mdns_service svc;

	(void)state;
	assert_refused("192.0.2.1", 0, TXT("p=tcp"), "its port 0 is not a port");
	assert_refused("192.0.2.1", 65536, TXT("p=tcp"), "its port 65536 is not a port");
	assert_refused("dc.local", 8009, TXT("p=tcp"), "its address 'dc.local' is not an IP address");
	assert_refused("192.0.2.1,trsvcid=1", 8009, TXT("p=tcp"),
		       "its address '192.0.2.1,trsvcid=1' is not an IP address");
	assert_int_equal(check("fe80::1", 8009, TXT("p=tcp"), &svc), -EADDRNOTAVAIL);
	assert_int_equal(check("192.0.2.1", 65535, TXT("p=tcp"), &svc), 0);

	assert_int_equal(nvmf_mdns_check(&a, &svc, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "it was seen on an interface nvmf cannot name");
	/* the name goes into messages and JSON escaped */
	assert_string_equal(svc.name, "dc\\x0a");
}

static void test_params(void **state)
{
	struct nvmf_mdns_service svc;
	struct nvmf_params line, p;

	(void)state;
	nvmf_params_init(&line);
	line.ctrl_loss_tmo = 60;
	line.host_iface = "eth9";
	line.trsvcid = "1234";
	line.hostnqn = "nqn.2014-08.org.example:host";
	assert_int_equal(check("192.0.2.1", 8009, TXT("p=tcp", "nqn=" CDC), &svc), 0);
	nvmf_mdns_params(&line, &svc, &p);
	assert_string_equal(p.transport, "tcp");
	assert_string_equal(p.traddr, "192.0.2.1");
	assert_string_equal(p.trsvcid, "8009");
	assert_string_equal(p.subsysnqn, CDC);
	assert_string_equal(p.host_iface, "eth0");
	assert_string_equal(p.hostnqn, "nqn.2014-08.org.example:host");
	assert_int_equal(p.ctrl_loss_tmo, 60);
	assert_int_equal(nvmf_params_validate(&p, "t"), 0);

	/* the kernel takes host_iface for tcp only */
	assert_int_equal(check("192.0.2.1", 4420, TXT("p=roce"), &svc), 0);
	nvmf_mdns_params(&line, &svc, &p);
	assert_string_equal(p.transport, "rdma");
	assert_null(p.host_iface);
	assert_int_equal(nvmf_params_validate(&p, "t"), 0);
}

static void test_same_ctrl(void **state)
{
	struct nvmf_params a, b;

	(void)state;
	nvmf_params_init(&a);
	a.transport = "tcp";
	a.traddr = "2001:db8::1";
	a.trsvcid = "8009";
	a.subsysnqn = DISC;
	a.host_iface = "eth0";
	b = a;
	b.traddr = "2001:0db8:0::1";
	b.host_iface = "eth1";
	assert_true(nvmf_mdns_same_ctrl(&a, &b));
	b.trsvcid = "4420";
	assert_false(nvmf_mdns_same_ctrl(&a, &b));
	b = a;
	b.subsysnqn = CDC;
	assert_false(nvmf_mdns_same_ctrl(&a, &b));
	b = a;
	b.hostnqn = "nqn.2014-08.org.example:other-host";
	assert_false(nvmf_mdns_same_ctrl(&a, &b));
	b = a;
	b.transport = "rdma";
	assert_false(nvmf_mdns_same_ctrl(&a, &b));
}

static int parse(const char *line, struct nvmf_conf_entry *e)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_conf_parse_line("f.conf", 2, line, NULL, e);
	capture_end(err, sizeof(err));
	return ret;
}

static void test_conf_lines(void **state)
{
	struct nvmf_conf_entry e;

	(void)state;
	assert_int_equal(parse("--mdns --persistent --ctrl-loss-tmo 30 --mdns-timeout 2\n", &e), 1);
	assert_string_equal(err, "");
	assert_true(e.mdns);
	assert_true(e.persistent);
	assert_int_equal(e.mdns_timeout, 2);
	assert_int_equal(e.params.ctrl_loss_tmo, 30);
	free(e.buf);

	assert_int_equal(parse("--transport tcp --traddr 192.0.2.1\n", &e), 1);
	assert_false(e.mdns);
	assert_int_equal(e.mdns_timeout, NVMF_UNSET);
	free(e.buf);

	assert_int_equal(parse("--mdns --nqn " CDC "\n", &e), -EINVAL);
	assert_string_equal(err, "nvmf: f.conf:2: --mdns finds the discovery controllers and what they are; "
				 "--nqn cannot go with it\n");
	assert_int_equal(parse("--mdns --host-iface eth0\n", &e), -EINVAL);
	assert_int_equal(parse("--mdns --transport tcp\n", &e), -EINVAL);
	assert_int_equal(parse("--mdns-timeout 5 --transport tcp --traddr 192.0.2.1\n", &e), -EINVAL);
	assert_string_equal(err, "nvmf: f.conf:2: --mdns-timeout goes only with --mdns\n");
	assert_int_equal(parse("--mdns --hostnqn bad\n", &e), -EINVAL);
	assert_non_null(strstr(err, "--hostnqn 'bad' is not an NQN"));
	assert_int_equal(parse("--mdns --mdns-timeout 0\n", &e), -EINVAL);
	assert_null(e.buf);
}

static void test_conf_second_mdns_line(void **state)
{
	struct nvmf_conf conf;
	char path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/d.conf", temp_root_create());
	put_file("/d.conf", "--mdns\n--transport tcp --traddr 192.0.2.1\n--mdns --ctrl-loss-tmo 5\n");
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_conf_load(path, NULL, &conf), 0);
	capture_end(err, sizeof(err));
	assert_int_equal(conf.nr_entries, 2);
	assert_int_equal(conf.nr_errors, 1);
	assert_true(strstr(err, "d.conf:3: a second --mdns line; line 1 has one already\n"));
	nvmf_conf_free(&conf);
	temp_root_remove();
}

/* list believes a note only while the controller still has the noted address. */
static void test_note(void **state)
{
	struct nvmf_ctrl c = { .name = "nvme4", .discovery = true, .address = "traddr=192.0.2.1,trsvcid=8009" };
	char name[256], iface[IF_NAMESIZE];

	(void)state;
	temp_root_create();
	assert_false(nvmf_mdns_noted(&c, name, sizeof(name), iface, sizeof(iface)));
	put_file("/run/nvmf/mdns/nvme4", "traddr=192.0.2.1,trsvcid=8009\ndc one\neth0\n");
	assert_true(nvmf_mdns_noted(&c, name, sizeof(name), iface, sizeof(iface)));
	assert_string_equal(name, "dc one");
	assert_string_equal(iface, "eth0");
	strcpy(c.address, "traddr=192.0.2.2,trsvcid=8009");
	assert_false(nvmf_mdns_noted(&c, name, sizeof(name), iface, sizeof(iface)));
	c.discovery = false;
	strcpy(c.address, "traddr=192.0.2.1,trsvcid=8009");
	assert_false(nvmf_mdns_noted(&c, name, sizeof(name), iface, sizeof(iface)));
	temp_root_remove();
}

static void never_found(const struct nvmf_mdns_announce *a, void *arg)
{
	(void)a, (void)arg;
	fail_msg("an announcement without a daemon");
}

/* Built without libavahi-client, or no daemon to ask: one line that says so. */
static void test_no_mdns(void **state)
{
	int ret;

	(void)state;
	capture_start(STDERR_FILENO);
	ret = nvmf_avahi_ops_without.browse(5, "discover: --mdns", never_found, NULL);
	capture_end(err, sizeof(err));
	assert_int_equal(ret, -EOPNOTSUPP);
	assert_string_equal(err, "nvmf: discover: --mdns: this nvmf was built without libavahi-client, "
				 "so it cannot browse mDNS\n");

	setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket", 1);
	capture_start(STDERR_FILENO);
	ret = nvmf_avahi_ops.browse(5, "connect-all: --mdns", never_found, NULL);
	capture_end(err, sizeof(err));
	unsetenv("DBUS_SYSTEM_BUS_ADDRESS");
#ifdef NVMF_BUILT_WITH_AVAHI
	assert_int_equal(ret, -ENOTCONN);
	assert_string_equal(err, "nvmf: connect-all: --mdns: cannot reach avahi-daemon: Daemon not running\n");
#else
	assert_int_equal(ret, -EOPNOTSUPP);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_txt_records),
		cmocka_unit_test(test_hostile_txt),
		cmocka_unit_test(test_address_port_iface),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_same_ctrl),
		cmocka_unit_test(test_conf_lines),
		cmocka_unit_test(test_conf_second_mdns_line),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_no_mdns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
