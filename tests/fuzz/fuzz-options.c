// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * struct nvmf_params from bytes, through nvmf_params_validate() and
 * nvmf_build_options(): what validates must build, and what builds must be
 * exactly the tokens asked for, each one the kernel takes.
 *
 * Input layout (short inputs read as zeros):
 *   4 bytes	 2 bits per string field, in struct order: 0 unset, 1 the next
 *		 string of the tail, 2 a well-formed value, 3 that value with
 *		 the next string appended
 *   1 byte	 bits 0-1 the transport's well-formed value (tcp rdma fc loop),
 *		 bit 2 the discovery NQN as the well-formed subsystem NQN,
 *		 bit 3 a PSK in interchange form as --tls-key's well-formed value
 *		 (else a serial), bit 4 a keyring name (else a serial)
 *   1 byte	 the 8 flags, discovery among them, one bit each
 *   10 ints	 in struct order, each a byte: below 0x80 an index into a table
 *		 of edge values, else the next 4 bytes little-endian
 *   2 bytes	 the size of a second, smaller output buffer
 *   the tail	 strings separated by NUL bytes
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "discovery.h"
#include "fake-kernel.h"
#include "fuzz.h"
#include "params.h"

#define WHERE	"fuzz"

/* base64 of a 32 and a 48-byte key and their CRC-32, as in tests/unit/test-params.c */
#define SECRET32 "DHHC-1:00:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAl7OaH:"
#define SECRET48 "DHHC-1:02:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wyg3Bcw==:"
/* tests/unit/test-tls.c's */
#define TLSKEY01 "NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"

/* /dev/nvme-fabrics on a kernel with everything, on 6.12 (no concat), before 5.17 */
static struct nvmf_caps caps_all, caps_612, caps_unlisted;

static const int edge_ints[] = {
	NVMF_UNSET, INT_MIN + 1, -65536, -2, -1, 0, 1, 2, 15, 16, 17, 30, 64, 255, 256,
	1023, 1024, 1025, 65535, 65536, INT_MAX - 1, INT_MAX,
};

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint8_t byte(struct reader *r)
{
	if (!r->left)
		return 0;
	r->left--;
	return *r->p++;
}

/* The next NUL-separated string of the tail: "" once it runs out. */
static char *next_string(struct reader *r)
{
	const uint8_t *nul = memchr(r->p, '\0', r->left);
	size_t len = nul ? (size_t)(nul - r->p) : r->left;
	char *s = fuzz_strndup(r->p, len);

	r->p += len;
	r->left -= len;
	if (nul) {
		r->p++;
		r->left--;
	}
	return s;
}

static char *concat(const char *a, char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (!s)
		abort();
	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	free(b);
	return s;
}

static size_t total_len(const struct nvmf_params *p)
{
	const char *const strs[] = {
		p->transport, p->traddr, p->trsvcid, p->subsysnqn, p->host_traddr,
		p->host_iface, p->hostnqn, p->hostid, p->dhchap_secret, p->dhchap_ctrl_secret,
		p->keyring, p->tls_key, p->tls_key_identity,
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		n += strs[i] ? strlen(strs[i]) : 0;
	return n;
}

/* The same as @a field by field, for nvmf_params_overlay() over defaults. */
static void check_same(const struct nvmf_params *a, const struct nvmf_params *b)
{
	FUZZ_ASSERT(a->transport == b->transport && a->traddr == b->traddr &&
		    a->trsvcid == b->trsvcid && a->subsysnqn == b->subsysnqn &&
		    a->host_traddr == b->host_traddr && a->host_iface == b->host_iface &&
		    a->hostnqn == b->hostnqn && a->hostid == b->hostid &&
		    a->dhchap_secret == b->dhchap_secret &&
		    a->dhchap_ctrl_secret == b->dhchap_ctrl_secret && a->keyring == b->keyring &&
		    a->tls_key == b->tls_key && a->tls_key_identity == b->tls_key_identity);
	FUZZ_ASSERT(a->queue_size == b->queue_size && a->nr_io_queues == b->nr_io_queues &&
		    a->nr_write_queues == b->nr_write_queues &&
		    a->nr_poll_queues == b->nr_poll_queues && a->keep_alive_tmo == b->keep_alive_tmo &&
		    a->reconnect_delay == b->reconnect_delay && a->ctrl_loss_tmo == b->ctrl_loss_tmo &&
		    a->fast_io_fail_tmo == b->fast_io_fail_tmo && a->tos == b->tos &&
		    a->tls_identity == b->tls_identity);
	FUZZ_ASSERT(a->duplicate_connect == b->duplicate_connect &&
		    a->disable_sqflow == b->disable_sqflow && a->hdr_digest == b->hdr_digest &&
		    a->data_digest == b->data_digest && a->tls == b->tls && a->concat == b->concat &&
		    a->discovery == b->discovery && a->tls_compat == b->tls_compat);
}

/* Whether the option string @opts has the bare token @token. */
static bool has_token(const char *opts, const char *token)
{
	size_t len = strlen(token);

	for (const char *s = opts; *s; s += strcspn(s, ","), s += *s == ',')
		if (strcspn(s, ",") == len && !strncmp(s, token, len))
			return true;
	return false;
}

/* Validate and build @p every way; returns whether it built. */
static bool check_params(const struct nvmf_params *p, size_t small)
{
	size_t len = total_len(p) + 2048;
	char *full = malloc(len), *part;
	int valid, built, ret;
	long serial;
	/* a keyring name or an interchange key must be made a serial first (nvmf_tls_prepare) */
	bool serials = (!p->keyring || fuzz_serial(p->keyring, &serial)) &&
		       (!p->tls_key || fuzz_serial(p->tls_key, &serial));

	if (!full)
		abort();
	valid = nvmf_params_validate(p, WHERE);
	FUZZ_ASSERTF(valid == 0 || valid == -EINVAL, "validate returned %d", valid);
	built = nvmf_build_options(p, NULL, WHERE, full, len);
	FUZZ_ASSERTF(built == (valid || serials ? valid : -EINVAL), "validate returned %d, build %d",
		     valid, built);
	if (built) {
		free(full);
		return false;
	}
	fuzz_check_params_strings(p);
	fuzz_check_options(p, full);

	/* a kernel that lists every option takes the same string */
	part = malloc(len);
	if (!part)
		abort();
	ret = nvmf_build_options(p, &caps_all, WHERE, part, len);
	FUZZ_ASSERTF(ret == 0 && !strcmp(part, full), "build with every option: %d", ret);
	/* 6.12 has no concat: refused, never dropped */
	ret = nvmf_build_options(p, &caps_612, WHERE, part, len);
	if (p->concat)
		FUZZ_ASSERTF(ret == -EOPNOTSUPP, "concat on 6.12: %d", ret);
	else
		FUZZ_ASSERTF(ret == 0 && !strcmp(part, full), "build on 6.12: %d", ret);
	/* a kernel before 5.17 lists nothing: built all the same, without nvmf's own token */
	ret = nvmf_build_options(p, &caps_unlisted, WHERE, part, len);
	FUZZ_ASSERTF(ret == 0 && !has_token(part, "discovery"), "build on a kernel listing nothing: %d", ret);
	/* and nothing else is left out */
	FUZZ_ASSERTF(strlen(part) + (has_token(full, "discovery") ? strlen(",discovery") : 0) == strlen(full),
		     "build on a kernel listing nothing: '%s' for '%s'", part, full);
	free(part);

	/* a buffer of exactly @small bytes: the whole string, or -ENOSPC and no overflow */
	small %= strlen(full) + 2;
	part = malloc(small);
	if (!part && small)
		abort();
	ret = nvmf_build_options(p, NULL, WHERE, part, small);
	if (small > strlen(full))
		FUZZ_ASSERTF(ret == 0 && !strcmp(part, full), "build into %zu bytes: %d", small, ret);
	else
		FUZZ_ASSERTF(ret == -ENOSPC, "build of %zu bytes into %zu: %d", strlen(full), small,
			     ret);
	free(part);
	free(full);
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	strlcopy(caps_612.tmpl, TEMPLATE_6_12, sizeof(caps_612.tmpl));
	caps_612.listed = true;
	strlcopy(caps_all.tmpl, "concat," TEMPLATE_6_12, sizeof(caps_all.tmpl));
	caps_all.listed = true;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const transports[] = { "tcp", "rdma", "fc", "loop" };
	struct reader r = { data, size };
	struct nvmf_params p, over, disc;
	const char *canned[13];
	char *owned[13] = { 0 };
	const char **strs[13] = {
		&p.transport, &p.traddr, &p.trsvcid, &p.subsysnqn, &p.host_traddr,
		&p.host_iface, &p.hostnqn, &p.hostid, &p.dhchap_secret, &p.dhchap_ctrl_secret,
		&p.keyring, &p.tls_key, &p.tls_key_identity,
	};
	int *ints[10] = {
		&p.queue_size, &p.nr_io_queues, &p.nr_write_queues, &p.nr_poll_queues,
		&p.keep_alive_tmo, &p.reconnect_delay, &p.ctrl_loss_tmo, &p.fast_io_fail_tmo,
		&p.tos, &p.tls_identity,
	};
	bool *flags[8] = {
		&p.duplicate_connect, &p.disable_sqflow, &p.hdr_digest, &p.data_digest,
		&p.tls, &p.concat, &p.discovery, &p.tls_compat,
	};
	uint32_t modes;
	uint8_t sel, fl;
	size_t small;

	modes = byte(&r);
	modes |= (uint32_t)byte(&r) << 8;
	modes |= (uint32_t)byte(&r) << 16;
	modes |= (uint32_t)byte(&r) << 24;
	sel = byte(&r);
	fl = byte(&r);

	canned[0] = transports[sel & 3];
	canned[1] = (sel & 3) == 2 ? "nn-0x20000090fa942779:pn-0x10000090fa942779" : "192.0.2.10";
	canned[2] = "4420";
	canned[3] = sel & 4 ? NVMF_DISC_NQN : "nqn.2014-08.org.example:disk1";
	canned[4] = (sel & 3) == 2 ? "nn-0x20000090fa942780:pn-0x10000090fa942780" : "192.0.2.1";
	canned[5] = "eth0";
	canned[6] = "nqn.2014-08.org.nvmexpress:uuid:0c468c4d-a385-47e0-8299-6e95051277db";
	canned[7] = "0c468c4d-a385-47e0-8299-6e95051277db";
	canned[8] = SECRET32;
	canned[9] = SECRET48;
	canned[10] = sel & 16 ? ".nvme" : "0x3f5a0001";
	canned[11] = sel & 8 ? TLSKEY01 : "178026849";
	canned[12] = "NVMe1R01 nqn.2014-08.org.example:host nqn.2014-08.org.example:disk1 abc=";

	nvmf_params_init(&p);
	for (int i = 0; i < 8; i++)
		if (flags[i])
			*flags[i] = fl & (1u << i);
	for (int i = 0; i < 10; i++) {
		uint8_t m = byte(&r);

		if (m < 0x80) {
			*ints[i] = edge_ints[m % ARRAY_SIZE(edge_ints)];
		} else {
			uint32_t v = byte(&r);

			v |= (uint32_t)byte(&r) << 8;
			v |= (uint32_t)byte(&r) << 16;
			v |= (uint32_t)byte(&r) << 24;
			*ints[i] = (int)v;
		}
	}
	small = byte(&r);
	small |= (size_t)byte(&r) << 8;

	for (int i = 0; i < 13; i++) {
		switch ((modes >> (2 * i)) & 3) {
		case 0:
			*strs[i] = NULL;
			break;
		case 1:
			*strs[i] = owned[i] = next_string(&r);
			break;
		case 2:
			*strs[i] = canned[i];
			break;
		case 3:
			*strs[i] = owned[i] = concat(canned[i], next_string(&r));
			break;
		}
	}

	nvmf_params_init(&over);
	nvmf_params_overlay(&over, &p);
	check_same(&over, &p);

	check_params(&p, small);
	nvmf_discovery_params(&p, &disc);
	check_params(&disc, small);

	for (int i = 0; i < 13; i++)
		free(owned[i]);
	return 0;
}
