// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fabrics.h"
#include "fake-kernel.h"
#include "helpers.h"
#include "kernel.h"
#include "params.h"
#include "util.h"

#define HOSTID		"0c468c4d-a385-47e0-8299-6e95051277db"
#define HOSTNQN		"nqn.2014-08.org.nvmexpress:uuid:" HOSTID
#define SUBNQN		"nqn.2014-08.org.example:disk1"
#define FC_TRADDR	"nn-0x20000090fa942779:pn-0x10000090fa942779"
#define FC_HOST_TRADDR	"nn-0x20000090fa942780:pn-0x10000090fa942780"

/* base64 of the key bytes 1, 2, 3... and their CRC-32, for 32, 48 and 64-byte keys */
#define KEY32		"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAl7OaH"
#define KEY48		"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wyg3Bcw=="
#define KEY64		"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QJn7gCg="
#define SECRET32	"DHHC-1:00:" KEY32 ":"
#define SECRET48	"DHHC-1:02:" KEY48 ":"
#define SECRET64	"DHHC-1:03:" KEY64 ":"
/* Every test key starts so: it must never show up in a message. */
#define KEY_START	"AQIDBAUG"


static const char *const all_transports[] = { "tcp", "rdma", "fc", "loop" };

/* stderr, caught around one call; assertions stay outside, where cmocka can report. */
static char messages[8192];

static int validate(const struct nvmf_params *p)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_params_validate(p, "test");
	capture_end(messages, sizeof(messages));
	return ret;
}

static int build(const struct nvmf_params *p, const struct nvmf_caps *caps, char *buf, size_t len)
{
	int ret;

	capture_start(STDERR_FILENO);
	ret = nvmf_build_options(p, caps, "test", buf, len);
	capture_end(messages, sizeof(messages));
	return ret;
}

#define assert_message(s) assert_non_null(strstr(messages, (s)))

/* The least a controller of @transport needs. */
static void base_params(struct nvmf_params *p, const char *transport)
{
	nvmf_params_init(p);
	p->transport = transport;
	p->subsysnqn = SUBNQN;
	if (!strcmp(transport, "fc")) {
		p->traddr = FC_TRADDR;
		p->host_traddr = FC_HOST_TRADDR;
	} else if (strcmp(transport, "loop")) {
		p->traddr = "192.168.1.10";
	}
}

static void caps_from(struct nvmf_caps *caps, const char *tmpl)
{
	caps->listed = true;
	strlcopy(caps->tmpl, tmpl, sizeof(caps->tmpl));
}

/* What a kernel before 5.17 gives: no list at all. */
static void caps_unlisted(struct nvmf_caps *caps)
{
	caps->listed = false;
	caps->tmpl[0] = '\0';
}

/* @tmpl without its item @token, as a kernel without that option reads. */
static void caps_without(struct nvmf_caps *caps, const char *tmpl, const char *token)
{
	size_t len = strlen(token);
	char *at, *end;

	caps_from(caps, tmpl);
	for (at = strchr(caps->tmpl, ','); at; at = strchr(at + 1, ','))
		if (!strncmp(at + 1, token, len) && strchr("=,\n", at[1 + len]))
			break;
	assert_non_null(at);
	if (!at)
		return;
	end = at + 1 + strcspn(at + 1, ",\n");
	memmove(at, end, strlen(end) + 1);
	assert_false(nvmf_caps_has(caps, token));
}

/* A field of struct nvmf_params, for tests that go over many. */
struct field {
	const char *option;
	size_t offset;
	char kind;		/* 's'tring, 'i'nt or 'b'ool */
	const char *str;	/* a good value */
	int num;
	const char *transports;	/* those that take it */
};

#define ALL "tcp rdma fc loop"
#define S(opt, f, v, t)	{ opt, offsetof(struct nvmf_params, f), 's', v, 0, t }
#define I(opt, f, v, t)	{ opt, offsetof(struct nvmf_params, f), 'i', NULL, v, t }
#define B(opt, f, t)	{ opt, offsetof(struct nvmf_params, f), 'b', NULL, 0, t }

static void set_field(struct nvmf_params *p, const struct field *f)
{
	char *at = (char *)p + f->offset;

	switch (f->kind) {
	case 's':
		*(const char **)at = f->str;
		break;
	case 'i':
		*(int *)at = f->num;
		break;
	case 'b':
		*(bool *)at = true;
		break;
	}
}

static bool in_list(const char *list, const char *word)
{
	char l[64], w[16];

	snprintf(l, sizeof(l), " %s ", list);
	snprintf(w, sizeof(w), " %s ", word);
	return strstr(l, w) != NULL;
}

static void test_init(void **state)
{
	struct nvmf_params p;

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	nvmf_params_init(&p);
	assert_null(p.transport);
	assert_null(p.traddr);
	assert_null(p.trsvcid);
	assert_null(p.subsysnqn);
	assert_null(p.host_traddr);
	assert_null(p.host_iface);
	assert_null(p.hostnqn);
	assert_null(p.hostid);
	assert_null(p.dhchap_secret);
	assert_null(p.dhchap_ctrl_secret);
	assert_int_equal(p.queue_size, NVMF_UNSET);
	assert_int_equal(p.nr_io_queues, NVMF_UNSET);
	assert_int_equal(p.nr_write_queues, NVMF_UNSET);
	assert_int_equal(p.nr_poll_queues, NVMF_UNSET);
	assert_int_equal(p.keep_alive_tmo, NVMF_UNSET);
	assert_int_equal(p.reconnect_delay, NVMF_UNSET);
	assert_int_equal(p.ctrl_loss_tmo, NVMF_UNSET);
	assert_int_equal(p.fast_io_fail_tmo, NVMF_UNSET);
	assert_int_equal(p.tos, NVMF_UNSET);
	assert_null(p.keyring);
	assert_null(p.tls_key);
	assert_null(p.tls_key_identity);
	assert_int_equal(p.tls_identity, NVMF_UNSET);
	assert_false(p.duplicate_connect || p.disable_sqflow || p.hdr_digest || p.data_digest ||
		     p.tls || p.tls_compat || p.concat || p.discovery);
}

static void test_known_transport(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_transports); i++)
		assert_true(nvmf_known_transport(all_transports[i]));
	assert_false(nvmf_known_transport("pcie"));
	assert_false(nvmf_known_transport("TCP"));
	assert_false(nvmf_known_transport("tcp "));
	assert_false(nvmf_known_transport(""));
	assert_false(nvmf_known_transport(NULL));
}

static void test_default_trsvcid(void **state)
{
	(void)state;
	assert_string_equal(nvmf_default_trsvcid("tcp", true), "8009");
	assert_string_equal(nvmf_default_trsvcid("tcp", false), "4420");
	assert_string_equal(nvmf_default_trsvcid("rdma", true), "4420");
	assert_string_equal(nvmf_default_trsvcid("rdma", false), "4420");
	assert_null(nvmf_default_trsvcid("fc", false));
	assert_null(nvmf_default_trsvcid("loop", true));
	assert_null(nvmf_default_trsvcid(NULL, true));
}

static void test_valid_uuid(void **state)
{
	(void)state;
	assert_true(nvmf_valid_uuid(HOSTID));
	assert_true(nvmf_valid_uuid("0C468C4D-A385-47E0-8299-6E95051277DB"));
	assert_false(nvmf_valid_uuid(""));
	assert_false(nvmf_valid_uuid("0c468c4d-a385-47e0-8299-6e95051277d"));
	assert_false(nvmf_valid_uuid("0c468c4d-a385-47e0-8299-6e95051277dbb"));
	assert_false(nvmf_valid_uuid("0c468c4da385-47e0-8299-6e95051277dbb"));
	assert_false(nvmf_valid_uuid("0c468c4d-a385-47e0-8299_6e95051277db"));
	assert_false(nvmf_valid_uuid("0c468c4g-a385-47e0-8299-6e95051277db"));
	assert_false(nvmf_valid_uuid("{0c468c4d-a385-47e0-8299-6e95051277db}"));
}

/* "nqn." and 'a's up to @len bytes. */
static const char *long_nqn(char *buf, size_t len)
{
	memset(buf, 'a', len);
	memcpy(buf, "nqn.", 4);
	buf[len] = '\0';
	return buf;
}

static void test_valid_nqn(void **state)
{
	char nqn[300];

	(void)state;
	assert_true(nvmf_valid_nqn(HOSTNQN));
	assert_true(nvmf_valid_nqn(NVMF_DISC_NQN));
	assert_true(nvmf_valid_nqn(long_nqn(nqn, NVMF_NQN_MAX)));
	assert_false(nvmf_valid_nqn(long_nqn(nqn, NVMF_NQN_MAX + 1)));
	assert_false(nvmf_valid_nqn("nvmet-test"));
	assert_false(nvmf_valid_nqn("nqn."));
	assert_false(nvmf_valid_nqn(""));
	assert_false(nvmf_valid_nqn("nqn.x:y,nr_io_queues=1"));
	assert_false(nvmf_valid_nqn("nqn.x:y=1"));
	assert_false(nvmf_valid_nqn("nqn.x:y\n"));
}

static void test_transport_required(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.transport = NULL;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --transport is required\n");

	p.transport = "pcie";
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --transport 'pcie' is not one of tcp, rdma, fc or loop\n");

	for (size_t i = 0; i < ARRAY_SIZE(all_transports); i++) {
		base_params(&p, all_transports[i]);
		assert_int_equal(validate(&p), 0);
		assert_string_equal(messages, "");
	}
}

static void test_nqn_required(void **state)
{
	struct nvmf_params p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_transports); i++) {
		base_params(&p, all_transports[i]);
		p.subsysnqn = NULL;
		assert_int_equal(validate(&p), -EINVAL);
		assert_string_equal(messages, "nvmf: test: --nqn is required\n");
	}
}

static void test_required_per_transport(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.traddr = NULL;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: transport 'tcp' needs --traddr\n");

	base_params(&p, "rdma");
	p.traddr = NULL;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: transport 'rdma' needs --traddr\n");

	base_params(&p, "fc");
	p.traddr = NULL;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: transport 'fc' needs --traddr\n");

	base_params(&p, "fc");
	p.host_traddr = NULL;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: transport 'fc' needs --host-traddr\n");

	base_params(&p, "loop");
	assert_null(p.traddr);
	assert_int_equal(validate(&p), 0);
}

/* What each transport's allowed_opts, and NVMF_ALLOWED_OPTS, let through. */
static const struct field optional_fields[] = {
	S("--traddr", traddr, "1", ALL),
	S("--trsvcid", trsvcid, "4420", "tcp rdma"),
	S("--host-traddr", host_traddr, FC_HOST_TRADDR, "tcp rdma fc"),
	S("--host-iface", host_iface, "eth0", "tcp"),
	S("--hostnqn", hostnqn, HOSTNQN, ALL),
	S("--hostid", hostid, HOSTID, ALL),
	S("--dhchap-secret", dhchap_secret, SECRET32, ALL),
	I("--queue-size", queue_size, 128, ALL),
	I("--nr-io-queues", nr_io_queues, 4, ALL),
	I("--nr-write-queues", nr_write_queues, 2, "tcp rdma"),
	I("--nr-poll-queues", nr_poll_queues, 2, "tcp rdma"),
	I("--keep-alive-tmo", keep_alive_tmo, 30, ALL),
	I("--reconnect-delay", reconnect_delay, 10, "tcp rdma fc"),
	I("--ctrl-loss-tmo", ctrl_loss_tmo, 600, "tcp rdma fc"),
	I("--fast-io-fail-tmo", fast_io_fail_tmo, 20, ALL),
	I("--tos", tos, 0, "tcp rdma"),
	S("--keyring", keyring, ".nvme", "tcp"),
	S("--tls-key", tls_key, "0x6", "tcp"),
	B("--duplicate-connect", duplicate_connect, ALL),
	B("--disable-sqflow", disable_sqflow, ALL),
	B("--hdr-digest", hdr_digest, "tcp"),
	B("--data-digest", data_digest, "tcp"),
	B("--tls", tls, "tcp"),
	B("discovery", discovery, ALL),
};

static void check_allowed(const char *transport, const struct field *f)
{
	bool allowed = in_list(f->transports, transport);
	struct nvmf_params p;
	int ret;

	base_params(&p, transport);
	set_field(&p, f);
	/* tcp and rdma take IP addresses only */
	if ((!strcmp(transport, "tcp") || !strcmp(transport, "rdma")) &&
	    (f->offset == offsetof(struct nvmf_params, traddr) ||
	     f->offset == offsetof(struct nvmf_params, host_traddr)))
		set_field(&p, &(struct field){ .kind = 's', .offset = f->offset, .str = "192.0.2.1" });
	ret = validate(&p);
	if (ret != (allowed ? 0 : -EINVAL)) {
		print_error("%s with transport %s: %d, %s\n", f->option, transport, ret, messages);
		fail();
	}
	if (!allowed) {
		char want[128];

		snprintf(want, sizeof(want), "nvmf: test: %s does not apply to transport '%s'\n",
			 f->option, transport);
		assert_string_equal(messages, want);
	}
}

static void test_allowed_per_transport(void **state)
{
	(void)state;
	for (size_t t = 0; t < ARRAY_SIZE(all_transports); t++)
		for (size_t i = 0; i < ARRAY_SIZE(optional_fields); i++)
			check_allowed(all_transports[t], &optional_fields[i]);
}

static void test_tls_and_concat_need_tcp(void **state)
{
	struct nvmf_params p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(all_transports); i++) {
		bool tcp = !strcmp(all_transports[i], "tcp");

		base_params(&p, all_transports[i]);
		p.dhchap_secret = SECRET32;
		p.concat = true;
		assert_int_equal(validate(&p), tcp ? 0 : -EINVAL);
		if (!tcp)
			assert_message("--concat does not apply");

		base_params(&p, all_transports[i]);
		p.tls = true;
		assert_int_equal(validate(&p), tcp ? 0 : -EINVAL);
		if (!tcp)
			assert_message("--tls does not apply");
	}
}

static void test_concat_combinations(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.concat = true;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --concat needs --dhchap-secret\n");

	p.dhchap_secret = SECRET32;
	assert_int_equal(validate(&p), 0);

	p.tls = true;
	assert_int_equal(validate(&p), -EINVAL);
	assert_message("--concat and --tls exclude each other");

	p.tls = false;
	p.tls_key = "6";
	assert_int_equal(validate(&p), -EINVAL);
	assert_message("--concat and --tls-key exclude each other");

	p.tls_key = NULL;
	p.keyring = "5";
	assert_int_equal(validate(&p), 0);
}

static void test_ctrl_secret_needs_secret(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.dhchap_ctrl_secret = SECRET48;
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --dhchap-ctrl-secret needs --dhchap-secret\n");

	p.dhchap_secret = SECRET32;
	assert_int_equal(validate(&p), 0);
}

static void test_nqn_length(void **state)
{
	char nqn[300];
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.subsysnqn = long_nqn(nqn, NVMF_NQN_MAX);
	assert_int_equal(validate(&p), 0);
	p.subsysnqn = long_nqn(nqn, NVMF_NQN_MAX + 1);
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages,
			    "nvmf: test: --nqn is 223 bytes long, more than the 222 the kernel takes\n");

	base_params(&p, "tcp");
	p.hostnqn = long_nqn(nqn, NVMF_NQN_MAX);
	assert_int_equal(validate(&p), 0);
	p.hostnqn = long_nqn(nqn, NVMF_NQN_MAX + 1);
	assert_int_equal(validate(&p), -EINVAL);
	assert_message("--hostnqn is 223 bytes long");
}

static void test_bare_subsystem_nqn(void **state)
{
	char nqn[300];
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.subsysnqn = "nvmet-test";
	assert_int_equal(validate(&p), 0);
	assert_string_equal(messages, "");

	memset(nqn, 'x', NVMF_NQN_MAX);
	nqn[NVMF_NQN_MAX] = '\0';
	p.subsysnqn = nqn;
	assert_int_equal(validate(&p), 0);
	nqn[NVMF_NQN_MAX] = 'x';
	nqn[NVMF_NQN_MAX + 1] = '\0';
	assert_int_equal(validate(&p), -EINVAL);

	base_params(&p, "tcp");
	p.hostnqn = "nvmet-test";
	assert_int_equal(validate(&p), -EINVAL);
	assert_message("--hostnqn 'nvmet-test' is not an NQN");
}

static void test_hostid(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.hostid = HOSTID;
	assert_int_equal(validate(&p), 0);
	p.hostid = "0C468C4D-A385-47E0-8299-6E95051277DB";
	assert_int_equal(validate(&p), 0);
	p.hostid = "not-a-uuid";
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --hostid 'not-a-uuid' is not a UUID "
			    "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n");
	p.hostid = HOSTID "0";
	assert_int_equal(validate(&p), -EINVAL);
}

static void test_empty_value(void **state)
{
	struct nvmf_params p;

	(void)state;
	base_params(&p, "tcp");
	p.trsvcid = "";
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --trsvcid is empty\n");
}

static const struct field string_fields[] = {
	S("--transport", transport, "tcp", ALL),
	S("--traddr", traddr, "192.168.1.10", ALL),
	S("--trsvcid", trsvcid, "4420", ALL),
	S("--nqn", subsysnqn, SUBNQN, ALL),
	S("--host-traddr", host_traddr, "192.168.1.2", ALL),
	S("--host-iface", host_iface, "eth0", ALL),
	S("--hostnqn", hostnqn, HOSTNQN, ALL),
	S("--hostid", hostid, HOSTID, ALL),
	S("--dhchap-secret", dhchap_secret, SECRET32, ALL),
	S("--dhchap-ctrl-secret", dhchap_ctrl_secret, SECRET48, ALL),
};

/* A message must be one line, with nothing raw from the value in it. */
static void assert_one_clean_line(void)
{
	size_t len = strlen(messages);

	assert_true(len > 0);
	assert_ptr_equal(strchr(messages, '\n'), messages + len - 1);
	messages[len - 1] = '\0';
	assert_true(is_clean_value(messages, ""));
}

static void check_bad_char(const struct field *f, char bad)
{
	struct field spoilt = *f;
	struct nvmf_params p;
	char value[256];
	size_t half = strlen(f->str) / 2;
	bool secret = strstr(f->option, "secret") != NULL;

	snprintf(value, sizeof(value), "%.*s%c%s", (int)half, f->str, bad, f->str + half);
	spoilt.str = value;
	base_params(&p, "tcp");
	p.dhchap_secret = SECRET32;	/* for --dhchap-ctrl-secret */
	set_field(&p, &spoilt);
	if (validate(&p) != -EINVAL) {
		print_error("%s with 0x%02x was accepted\n", f->option, bad);
		fail();
	}
	assert_message(f->option);
	if (secret)
		assert_null(strstr(messages, KEY_START));
	else if (bad == ',' && strcmp(f->option, "--transport"))
		assert_message("contains ','");
	else if (bad == '=' && strcmp(f->option, "--transport"))
		assert_message("contains '='");
	assert_one_clean_line();
}

static void test_forbidden_characters(void **state)
{
	static const char bad[] = { ',', '=', '\n', '\t', 0x7f, 0x01 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(string_fields); i++)
		for (size_t c = 0; c < ARRAY_SIZE(bad); c++)
			check_bad_char(&string_fields[i], bad[c]);
}

static void test_crafted_log_entry(void **state)
{
	struct nvmf_params p;
	int ret;

	(void)state;
	base_params(&p, "tcp");
	p.subsysnqn = "nqn.x:y,nr_io_queues=1";
	capture_start(STDERR_FILENO);
	ret = nvmf_params_validate(&p, "discovery log entry 3");
	capture_end(messages, sizeof(messages));
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(messages, "nvmf: discovery log entry 3: --nqn 'nqn.x:y,nr_io_queues=1' "
			    "contains ','\n");

	p.subsysnqn = "nqn.x:y\nnr_io_queues=1";
	capture_start(STDERR_FILENO);
	ret = nvmf_params_validate(&p, "discovery log entry 3");
	capture_end(messages, sizeof(messages));
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(messages, "nvmf: discovery log entry 3: --nqn 'nqn.x:y\\x0anr_io_queues=1' "
			    "contains a control character\n");

	base_params(&p, "tcp");
	p.traddr = "10.0.0.1\x1b[2J";
	assert_int_equal(validate(&p), -EINVAL);
	assert_string_equal(messages,
			    "nvmf: test: --traddr '10.0.0.1\\x1b[2J' contains a control character\n");
}

struct range {
	const char *option;
	size_t offset;
	int min, max;
};

#define RANGE(opt, f, lo, hi) { opt, offsetof(struct nvmf_params, f), lo, hi }

/* The kernel's ranges, from nvmf_parse_options() */
static const struct range ranges[] = {
	RANGE("--queue-size", queue_size, 16, 1024),
	RANGE("--nr-io-queues", nr_io_queues, 1, INT_MAX),
	RANGE("--nr-write-queues", nr_write_queues, 0, INT_MAX),
	RANGE("--nr-poll-queues", nr_poll_queues, 0, INT_MAX),
	RANGE("--keep-alive-tmo", keep_alive_tmo, 0, INT_MAX),
	RANGE("--reconnect-delay", reconnect_delay, 1, INT_MAX),
	RANGE("--ctrl-loss-tmo", ctrl_loss_tmo, -1, INT_MAX),
	RANGE("--fast-io-fail-tmo", fast_io_fail_tmo, -1, INT_MAX),
	RANGE("--tos", tos, 0, 255),
};

static int validate_number(const struct range *r, int v)
{
	struct nvmf_params p;

	base_params(&p, "tcp");
	*(int *)((char *)&p + r->offset) = v;
	return validate(&p);
}

static void test_numeric_ranges(void **state)
{
	char want[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		const struct range *r = &ranges[i];

		assert_int_equal(validate_number(r, r->min), 0);
		assert_int_equal(validate_number(r, r->max), 0);
		assert_int_equal(validate_number(r, r->min - 1), -EINVAL);
		if (r->max == INT_MAX)
			snprintf(want, sizeof(want), "nvmf: test: %s %d is out of range (at least %d)\n",
				 r->option, r->min - 1, r->min);
		else
			snprintf(want, sizeof(want), "nvmf: test: %s %d is out of range (%d..%d)\n",
				 r->option, r->min - 1, r->min, r->max);
		assert_string_equal(messages, want);
		if (r->max != INT_MAX) {
			assert_int_equal(validate_number(r, r->max + 1), -EINVAL);
			assert_message("is out of range");
		}
	}
	assert_int_equal(validate_number(&ranges[0], 8), -EINVAL);
	assert_string_equal(messages, "nvmf: test: --queue-size 8 is out of range (16..1024)\n");
}

static void test_secret_format(void **state)
{
	static const char *const good[] = {
		SECRET32, SECRET48, SECRET64,
		"DHHC-1:01:" KEY32 ":",
		"DHHC-1:00:" KEY32,		/* the kernel takes it without the ':' */
	};
	static const char *const bad[] = {
		"DHHC-1:04:" KEY32 ":",
		"DHHC-1:10:" KEY32 ":",
		"DHHC-1:0:" KEY32 ":",
		"DHHC-2:00:" KEY32 ":",
		"dhhc-1:00:" KEY32 ":",
		"DHHC-1:00:" KEY32 "::",
		"DHHC-1:00:" KEY32 "AAAA:",	/* 39 bytes: no such key length */
		"DHHC-1:00:" KEY_START ":",
		"DHHC-1:00:" KEY32 "=:",
		"DHHC-1:00:AQID=" KEY32 ":",
		"DHHC-1:00:" KEY32 " :",
		"DHHC-1:00::",
		"DHHC-1:00:",
		KEY32,
	};
	struct nvmf_params p;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		base_params(&p, "tcp");
		p.dhchap_secret = good[i];
		p.dhchap_ctrl_secret = good[i];
		assert_int_equal(validate(&p), 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		base_params(&p, "tcp");
		p.dhchap_secret = bad[i];
		assert_int_equal(validate(&p), -EINVAL);
		assert_string_equal(messages, "nvmf: test: --dhchap-secret is not of the form "
				    "DHHC-1:<hash>:<base64 key>: (value not shown)\n");

		p.dhchap_secret = SECRET32;
		p.dhchap_ctrl_secret = bad[i];
		assert_int_equal(validate(&p), -EINVAL);
		assert_message("--dhchap-ctrl-secret is not of the form");
		assert_null(strstr(messages, KEY_START));
	}
}

/* However a request with a secret fails, the secret stays out of the message. */
static void test_secret_never_printed(void **state)
{
	struct nvmf_params p;
	struct nvmf_caps caps;
	char buf[2048];

	(void)state;
	nvmf_verbose = 1;

	base_params(&p, "tcp");
	p.dhchap_ctrl_secret = SECRET48;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), -EINVAL);
	assert_null(strstr(messages, KEY_START));

	base_params(&p, "tcp");
	p.dhchap_secret = SECRET32;
	caps_without(&caps, TEMPLATE_6_12, "dhchap_secret");
	assert_true(nvmf_caps_has(&caps, "dhchap_ctrl_secret"));
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), -EOPNOTSUPP);
	assert_string_equal(messages, "nvmf: test: this kernel does not support option 'dhchap_secret'\n");

	assert_int_equal(build(&p, NULL, buf, 40), -ENOSPC);
	assert_null(strstr(messages, KEY_START));

	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(messages, "");
	assert_non_null(strstr(buf, "dhchap_secret=" SECRET32));

	nvmf_verbose = 0;
}

static void test_build_tcp(void **state)
{
	static const char want[] =
		"nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10,trsvcid=4420,"
		"host_traddr=192.168.1.2,host_iface=eth0,hostnqn=" HOSTNQN ",hostid=" HOSTID ","
		"nr_io_queues=4,nr_write_queues=2,nr_poll_queues=1,queue_size=128,keep_alive_tmo=30,"
		"reconnect_delay=10,ctrl_loss_tmo=600,fast_io_fail_tmo=20,tos=0,keyring=5,tls_key=6,"
		"dhchap_secret=" SECRET32 ",dhchap_ctrl_secret=" SECRET48 ","
		"duplicate_connect,disable_sqflow,hdr_digest,data_digest,tls";
	struct nvmf_params p;
	struct nvmf_caps caps;
	char buf[2048];

	(void)state;
	base_params(&p, "tcp");
	p.trsvcid = "4420";
	p.host_traddr = "192.168.1.2";
	p.host_iface = "eth0";
	p.hostnqn = HOSTNQN;
	p.hostid = HOSTID;
	p.nr_io_queues = 4;
	p.nr_write_queues = 2;
	p.nr_poll_queues = 1;
	p.queue_size = 128;
	p.keep_alive_tmo = 30;
	p.reconnect_delay = 10;
	p.ctrl_loss_tmo = 600;
	p.fast_io_fail_tmo = 20;
	p.tos = 0;
	p.keyring = "5";
	p.tls_key = "0x6";
	p.dhchap_secret = SECRET32;
	p.dhchap_ctrl_secret = SECRET48;
	p.duplicate_connect = true;
	p.disable_sqflow = true;
	p.hdr_digest = true;
	p.data_digest = true;
	p.tls = true;

	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);

	caps_from(&caps, TEMPLATE_6_12);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
	assert_string_equal(messages, "");
}

static void test_build_discovery(void **state)
{
	struct nvmf_params p;
	char buf[1024];

	(void)state;
	base_params(&p, "tcp");
	p.subsysnqn = NVMF_DISC_NQN;
	p.trsvcid = "8009";
	p.hostnqn = HOSTNQN;
	p.keep_alive_tmo = 30;
	p.discovery = true;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=" NVMF_DISC_NQN ",transport=tcp,traddr=192.168.1.10,"
			    "trsvcid=8009,hostnqn=" HOSTNQN ",keep_alive_tmo=30");

	/* A unique discovery NQN: the kernel cannot tell without the token. */
	p.subsysnqn = "nqn.2014-08.org.example:discovery";
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=nqn.2014-08.org.example:discovery,transport=tcp,"
			    "traddr=192.168.1.10,trsvcid=8009,hostnqn=" HOSTNQN ",discovery,"
			    "keep_alive_tmo=30");
}

static void test_build_loop(void **state)
{
	struct nvmf_params p;
	char buf[1024];

	(void)state;
	base_params(&p, "loop");
	p.subsysnqn = "nvmet-test";
	p.hostnqn = HOSTNQN;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=nvmet-test,transport=loop,hostnqn=" HOSTNQN);

	p.ctrl_loss_tmo = -1;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), -EINVAL);
	assert_message("--ctrl-loss-tmo does not apply to transport 'loop'");
}

static void test_build_ctrl_loss_forever(void **state)
{
	struct nvmf_params p;
	char buf[1024];

	(void)state;
	base_params(&p, "tcp");
	p.ctrl_loss_tmo = -1;
	p.fast_io_fail_tmo = -1;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10,"
			    "ctrl_loss_tmo=-1,fast_io_fail_tmo=-1");
}

/* The kernel refuses nr_write_queues=0, and 0 is what it does anyway. */
static void test_build_no_extra_queues(void **state)
{
	struct nvmf_params p;
	char buf[1024];

	(void)state;
	base_params(&p, "rdma");
	p.nr_write_queues = 0;
	p.nr_poll_queues = 0;
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=" SUBNQN ",transport=rdma,traddr=192.168.1.10");
}

static void test_build_validates(void **state)
{
	struct nvmf_params p;
	char buf[1024];

	(void)state;
	base_params(&p, "tcp");
	p.subsysnqn = "nqn.x:y,nr_io_queues=1";
	assert_int_equal(build(&p, NULL, buf, sizeof(buf)), -EINVAL);
	assert_message("contains ','");
}

static void test_caps_has(void **state)
{
	struct nvmf_caps caps;

	(void)state;
	caps_from(&caps, TEMPLATE_6_12);
	assert_true(nvmf_caps_has(&caps, "instance"));
	assert_true(nvmf_caps_has(&caps, "transport"));
	assert_true(nvmf_caps_has(&caps, "nqn"));
	assert_true(nvmf_caps_has(&caps, "tls"));
	assert_true(nvmf_caps_has(&caps, "tls_key"));
	assert_true(nvmf_caps_has(&caps, "discovery"));
	assert_true(nvmf_caps_has(&caps, "dhchap_ctrl_secret"));
	assert_false(nvmf_caps_has(&caps, "concat"));
	assert_false(nvmf_caps_has(&caps, "tl"));
	assert_false(nvmf_caps_has(&caps, "tls_"));
	assert_false(nvmf_caps_has(&caps, "transport=%s"));
	assert_false(nvmf_caps_has(&caps, "%s"));
	assert_false(nvmf_caps_has(&caps, ""));

	/* "tls" must not be found in "tls_key", nor the other way round */
	caps_from(&caps, "instance=-1,cntlid=-1,keyring=%d,tls_key=%d\n");
	assert_false(nvmf_caps_has(&caps, "tls"));
	assert_true(nvmf_caps_has(&caps, "tls_key"));
	caps_from(&caps, "instance=-1,cntlid=-1,tls\n");
	assert_false(nvmf_caps_has(&caps, "tls_key"));
	assert_true(nvmf_caps_has(&caps, "tls"));
	caps_from(&caps, "");
	assert_false(nvmf_caps_has(&caps, "tls"));
}

static void test_caps_refuse(void **state)
{
	struct nvmf_params p;
	struct nvmf_caps caps;
	char buf[1024];

	(void)state;
	caps_without(&caps, TEMPLATE_6_12, "tls");
	assert_true(nvmf_caps_has(&caps, "tls_key"));

	base_params(&p, "tcp");
	p.tls = true;
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), -EOPNOTSUPP);
	assert_string_equal(messages, "nvmf: test: this kernel does not support option 'tls'\n");

	/* a key implies TLS */
	p.tls = false;
	p.tls_key = "6";
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), -EOPNOTSUPP);
	caps_from(&caps, TEMPLATE_6_12);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10,tls_key=6,tls");

	/* 6.12 has no concat; a connect that does not ask for it is fine */
	p.tls_key = NULL;
	p.dhchap_secret = SECRET32;
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	p.concat = true;
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), -EOPNOTSUPP);
	assert_string_equal(messages, "nvmf: test: this kernel does not support option 'concat'\n");
}

static void test_enospc(void **state)
{
	static const char want[] = "nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10";
	struct nvmf_params p;
	char buf[sizeof(want)];

	(void)state;
	base_params(&p, "tcp");
	assert_int_equal(build(&p, NULL, buf, sizeof(want)), 0);
	assert_string_equal(buf, want);
	assert_int_equal(build(&p, NULL, buf, sizeof(want) - 1), -ENOSPC);
	assert_message("does not fit");
	assert_int_equal(build(&p, NULL, buf, 8), -ENOSPC);
	assert_int_equal(build(&p, NULL, buf, 1), -ENOSPC);
	assert_int_equal(build(&p, NULL, buf, 0), -ENOSPC);
}

static int fake_template(char *buf, size_t len)
{
	return (int)strlcopy(buf, "instance=-1,cntlid=-1,transport=%s,tls", len);
}

/* 5.10's nvmf_dev_show(): nothing to show before a controller is made */
static int failing_template(char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -EINVAL;
}

static void test_caps_read(void **state)
{
	struct nvmf_kernel_ops ops = { .fabrics_template = fake_template };
	const struct nvmf_kernel_ops *saved = nvmf_kernel;
	struct nvmf_caps caps;

	(void)state;
	nvmf_set_kernel(&ops);
	nvmf_caps_read(&caps);
	assert_true(caps.listed);
	assert_true(nvmf_caps_has(&caps, "tls"));
	assert_false(nvmf_caps_has(&caps, "tls_key"));

	/* an older kernel is no error: it just lists nothing */
	ops.fabrics_template = failing_template;
	capture_start(STDERR_FILENO);
	nvmf_caps_read(&caps);
	capture_end(messages, sizeof(messages));
	nvmf_set_kernel(saved);
	assert_false(caps.listed);
	assert_false(nvmf_caps_has(&caps, "transport"));
	assert_false(nvmf_caps_has(&caps, "tls"));
	assert_string_equal(messages, "");
}

/*
 * A kernel that lists nothing is given what the user asked for, host_iface
 * and tls included (it says itself what it does not know), but not the
 * discovery token, which nvmf adds on its own.
 */
static void test_build_unlisted(void **state)
{
	struct nvmf_params p;
	struct nvmf_caps caps;
	char buf[1024];

	(void)state;
	caps_unlisted(&caps);
	base_params(&p, "tcp");
	p.host_iface = "eth0";
	p.fast_io_fail_tmo = 20;
	p.tls = true;
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10,host_iface=eth0,"
			    "fast_io_fail_tmo=20,tls");
	assert_string_equal(messages, "");

	base_params(&p, "tcp");
	p.subsysnqn = "nqn.2014-08.org.example:discovery";
	p.trsvcid = "8009";
	p.discovery = true;
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nqn=nqn.2014-08.org.example:discovery,transport=tcp,"
			    "traddr=192.168.1.10,trsvcid=8009");

	/* the same on a kernel that lists options, but not that one */
	caps_without(&caps, TEMPLATE_6_12, "discovery");
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_null(strstr(buf, ",discovery"));
	caps_from(&caps, TEMPLATE_6_12);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",discovery"));
}

/* The interface mDNS saw a controller on goes only to a kernel that lists host_iface. */
static void test_build_implied_host_iface(void **state)
{
	struct nvmf_params p;
	struct nvmf_caps caps;
	char buf[1024];

	(void)state;
	base_params(&p, "tcp");
	p.host_iface = "eth0";
	p.host_iface_implied = true;
	caps_unlisted(&caps);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_null(strstr(buf, "host_iface"));
	caps_without(&caps, TEMPLATE_6_12, "host_iface");
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_null(strstr(buf, "host_iface"));
	caps_from(&caps, TEMPLATE_6_12);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",host_iface=eth0"));
	assert_string_equal(messages, "");

	/* asked for: passed on, and the kernel decides */
	p.host_iface_implied = false;
	caps_unlisted(&caps);
	assert_int_equal(build(&p, &caps, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",host_iface=eth0"));
}

static void test_option_name(void **state)
{
	(void)state;
	assert_string_equal(nvmf_option_name("host_iface"), "--host-iface");
	assert_string_equal(nvmf_option_name("fast_io_fail_tmo"), "--fast-io-fail-tmo");
	assert_string_equal(nvmf_option_name("tls"), "--tls");
	assert_null(nvmf_option_name("instance"));
	assert_null(nvmf_option_name("tls_"));
	assert_null(nvmf_option_name(""));
}

/* The Linux ops, run against a fixture tree where device nodes are regular files. */
static const char *fixture;

static const char *read_fixture(const char *name)
{
	static char text[256];
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", fixture, name);
	assert_true(read_text(path, text, sizeof(text)) >= 0);
	return text;
}

static int setup_fixture(void **state)
{
	(void)state;
	fixture = temp_root_create();
	put_file("/dev/nvme-fabrics", "fixture");
	put_file("/dev/nvme0", "fixture");
	put_file("/sys/class/nvme/nvme3/delete_controller", "");
	return 0;
}

static void test_kernel_not_chardev(void **state)
{
	char buf[256];
	int ret;

	(void)state;
	assert_int_equal(nvmf_linux_ops.fabrics_template(buf, sizeof(buf)), -ENOTTY);
	assert_int_equal(nvmf_linux_ops.create_ctrl("nqn=x,transport=loop", buf, sizeof(buf)), -ENOTTY);
	assert_string_equal(read_fixture("dev/nvme-fabrics"), "fixture");

	capture_start(STDERR_FILENO);
	ret = (int)nvmf_linux_ops.get_log("nvme0", 0x70, 0, 0, buf, 20);
	capture_end(messages, sizeof(messages));
	assert_int_equal(ret, -ENOTTY);
	assert_string_equal(read_fixture("dev/nvme0"), "fixture");
}

static void test_kernel_missing(void **state)
{
	char buf[256];

	(void)state;
	nvmf_set_root("/nonexistent/test-params");
	assert_int_equal(nvmf_linux_ops.fabrics_template(buf, sizeof(buf)), -ENOENT);
	assert_int_equal(nvmf_linux_ops.delete_ctrl("nvme3"), -ENODEV);
	nvmf_set_root(fixture);
}

static void test_kernel_ctrl_names(void **state)
{
	static const char *const bad[] = {
		"../x", "nvme", "nvme1a", "nvme1/../../x", "", "xnvme1", "nvme-fabrics", "nvme 1",
		"nvme01", "nvme+1", "nvme99999999999",
	};
	char buf[64];
	int ret;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		capture_start(STDERR_FILENO);
		ret = nvmf_linux_ops.delete_ctrl(bad[i]);
		capture_end(messages, sizeof(messages));
		assert_int_equal(ret, -EINVAL);
		assert_message("is not a controller name");

		capture_start(STDERR_FILENO);
		ret = (int)nvmf_linux_ops.get_log(bad[i], 0x70, 0, 0, buf, sizeof(buf));
		capture_end(messages, sizeof(messages));
		assert_int_equal(ret, -EINVAL);
	}
	/* a length the dword count cannot express */
	assert_int_equal(nvmf_linux_ops.get_log("nvme0", 0x70, 0, 0, buf, 6), -EINVAL);
	assert_int_equal(nvmf_linux_ops.get_log("nvme0", 0x70, 0, 0, buf, 0), -EINVAL);
}

/*
 * Only sysfs is written: a fixture tree's plain delete_controller is left
 * alone, or a --sysroot run would report controllers deleted that never were.
 */
static void test_kernel_delete(void **state)
{
	(void)state;
	assert_int_equal(nvmf_linux_ops.delete_ctrl("nvme3"), -ENOTTY);
	assert_string_equal(read_fixture("sys/class/nvme/nvme3/delete_controller"), "");
	assert_int_equal(nvmf_linux_ops.delete_ctrl("nvme4"), -ENODEV);
	put_dir("/sys/class/nvme/nvme5");
	assert_int_equal(nvmf_linux_ops.delete_ctrl("nvme5"), -EOPNOTSUPP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_known_transport),
		cmocka_unit_test(test_build_implied_host_iface),
		cmocka_unit_test(test_default_trsvcid),
		cmocka_unit_test(test_valid_uuid),
		cmocka_unit_test(test_valid_nqn),
		cmocka_unit_test(test_transport_required),
		cmocka_unit_test(test_nqn_required),
		cmocka_unit_test(test_required_per_transport),
		cmocka_unit_test(test_allowed_per_transport),
		cmocka_unit_test(test_tls_and_concat_need_tcp),
		cmocka_unit_test(test_concat_combinations),
		cmocka_unit_test(test_ctrl_secret_needs_secret),
		cmocka_unit_test(test_nqn_length),
		cmocka_unit_test(test_bare_subsystem_nqn),
		cmocka_unit_test(test_hostid),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_forbidden_characters),
		cmocka_unit_test(test_crafted_log_entry),
		cmocka_unit_test(test_numeric_ranges),
		cmocka_unit_test(test_secret_format),
		cmocka_unit_test(test_secret_never_printed),
		cmocka_unit_test(test_build_tcp),
		cmocka_unit_test(test_build_discovery),
		cmocka_unit_test(test_build_loop),
		cmocka_unit_test(test_build_ctrl_loss_forever),
		cmocka_unit_test(test_build_no_extra_queues),
		cmocka_unit_test(test_build_validates),
		cmocka_unit_test(test_caps_has),
		cmocka_unit_test(test_caps_refuse),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_caps_read),
		cmocka_unit_test(test_build_unlisted),
		cmocka_unit_test(test_option_name),
		cmocka_unit_test(test_kernel_not_chardev),
		cmocka_unit_test(test_kernel_missing),
		cmocka_unit_test(test_kernel_ctrl_names),
		cmocka_unit_test(test_kernel_delete),
	};

	return cmocka_run_group_tests(tests, setup_fixture, temp_root_teardown);
}
