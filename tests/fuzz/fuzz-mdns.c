// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One mDNS announcement through nvmf_mdns_check(), as avahi-daemon hands it
 * over after resolving: the input is NAME NUL IFACE NUL ADDRESS NUL, two
 * bytes of port (big-endian), then the TXT record's data in DNS wire
 * format (a length byte before each string). Whatever it holds, a service
 * that passes must give a discovery controller whose option string holds
 * exactly what it should; a refusal must say why in one printable line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "discovery.h"
#include "fuzz.h"
#include "mdns.h"

#define MAX_TXT 64

/* The first TXT record with key @key (any case), as RFC 6763 has it, or NULL. */
static const struct nvmf_mdns_txt *first_record(const struct nvmf_mdns_txt *txt, size_t n, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < n; i++)
		if (txt[i].len >= klen && !strncasecmp((const char *)txt[i].data, key, klen) &&
		    (txt[i].len == klen || txt[i].data[klen] == '='))
			return &txt[i];
	return NULL;
}

static bool record_is(const struct nvmf_mdns_txt *r, const char *text)
{
	return r && r->len == strlen(text) && !strncasecmp((const char *)r->data, text, r->len);
}

static void check_service(const struct nvmf_mdns_announce *a, const struct nvmf_mdns_service *svc)
{
	const struct nvmf_mdns_txt *p = first_record(a->txt, a->nr_txt, "p");
	const struct nvmf_mdns_txt *nqn = first_record(a->txt, a->nr_txt, "nqn");
	struct nvmf_params line, params, disc;
	char opts[4096];

	FUZZ_ASSERT(svc->transport);
	if (!strcmp(svc->transport, "tcp"))
		FUZZ_ASSERTF(record_is(p, "p=tcp"), "tcp without p=tcp first");
	else
		FUZZ_ASSERTF(!strcmp(svc->transport, "rdma") &&
			     (record_is(p, "p=roce") || record_is(p, "p=iwarp") || record_is(p, "p=rdma")),
			     "transport %s from another p=", svc->transport);
	FUZZ_ASSERTF(!strcmp(svc->traddr, a->address), "traddr is not the address");
	FUZZ_ASSERTF(a->port >= 1 && a->port <= 65535 && strtoul(svc->trsvcid, NULL, 10) == a->port,
		     "port %u became '%s'", a->port, svc->trsvcid);
	FUZZ_ASSERTF(!strcmp(svc->iface, a->iface), "the interface changed");
	if (nqn)
		FUZZ_ASSERTF(nqn->len == 4 + strlen(svc->subsysnqn) &&
			     !memcmp(nqn->data + 4, svc->subsysnqn, nqn->len - 4), "nqn= is not what was sent");
	else
		FUZZ_ASSERT(!strcmp(svc->subsysnqn, NVMF_DISC_NQN));

	nvmf_params_init(&line);
	nvmf_mdns_params(&line, svc, &params);
	FUZZ_ASSERTF(!params.host_iface == !!strcmp(svc->transport, "tcp"), "host_iface for %s", svc->transport);
	nvmf_discovery_params(&params, &disc);
	FUZZ_ASSERTF(nvmf_build_options(&disc, NULL, "fuzz", opts, sizeof(opts)) == 0,
		     "a service that passes does not build");
	fuzz_check_options(&disc, opts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *fields[3] = { "", "", "" };
	struct nvmf_mdns_txt txt[MAX_TXT];
	struct nvmf_mdns_announce a = { .txt = txt };
	struct nvmf_mdns_service svc;
	char *copy = fuzz_strndup(data, size), why[512];
	size_t off = 0;
	int ret;

	for (int i = 0; i < 3 && off < size; i++) {
		fields[i] = copy + off;
		off += strlen(copy + off) + 1;
	}
	a.name = fields[0];
	a.iface = fields[1];
	a.address = fields[2];
	if (off + 2 <= size) {
		a.port = data[off] << 8 | data[off + 1];
		off += 2;
	}
	while (off < size && a.nr_txt < MAX_TXT) {
		size_t len = data[off++];

		if (len > size - off)
			len = size - off;
		txt[a.nr_txt++] = (struct nvmf_mdns_txt){ data + off, len };
		off += len;
	}

	memset(why, 0x5a, sizeof(why));
	ret = nvmf_mdns_check(&a, &svc, why, sizeof(why));
	FUZZ_ASSERTF(ret == 0 || ret == -EINVAL || ret == -EADDRNOTAVAIL, "returned %d", ret);
	FUZZ_ASSERT(memchr(svc.name, '\0', sizeof(svc.name)));
	FUZZ_ASSERTF(fuzz_is_clean(svc.name, ""), "the name is not escaped");
	if (ret == 0) {
		check_service(&a, &svc);
	} else {
		FUZZ_ASSERT(memchr(why, '\0', sizeof(why)));
		FUZZ_ASSERTF(*why && fuzz_is_clean(why, ""), "the reason is empty or not printable");
	}
	free(copy);
	return 0;
}
