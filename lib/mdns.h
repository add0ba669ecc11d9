/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_MDNS_H
#define NVMF_MDNS_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "params.h"

/* TP8009: discovery controllers announce themselves with DNS-SD over mDNS. */
#define NVMF_MDNS_SERVICE	"_nvme-disc._tcp"
#define NVMF_MDNS_TIMEOUT_S	5	/* --mdns-timeout's default */
#define NVMF_MDNS_TIMEOUT_MAX	600

/* One TXT record as it came from the network: any bytes, not NUL-terminated. */
struct nvmf_mdns_txt {
	const unsigned char *data;
	size_t len;
};

/* One resolved announcement, untrusted: nothing in it has been checked. */
struct nvmf_mdns_announce {
	const char *name;		/* the service instance name */
	const char *iface;		/* the interface it was seen on */
	const char *address;		/* as the resolver printed it */
	unsigned int port;
	const struct nvmf_mdns_txt *txt;
	size_t nr_txt;
};

/* An announcement that passed nvmf_mdns_check(): a discovery controller. */
struct nvmf_mdns_service {
	char name[256];			/* printable: escaped as printable() does */
	char iface[IF_NAMESIZE];
	const char *transport;		/* "tcp" or "rdma" (p=roce, p=iwarp) */
	char traddr[64];
	char trsvcid[8];
	char subsysnqn[NVMF_NQN_MAX + 1];
};

/*
 * Check one announcement and make a discovery controller of it: p= must be
 * tcp, roce, iwarp or rdma (any case), nqn= (default: the well-known
 * discovery NQN) a valid NQN without ',', both printable ASCII; the port
 * 1..65535, the address an IP address. TXT keys match in any case; of a
 * key given twice the first counts, as RFC 6763 says; other keys are
 * ignored. Returns 0, or -EINVAL with the reason in @why; -EADDRNOTAVAIL
 * for a link-local IPv6 address, which is not bad but of no use.
 */
int nvmf_mdns_check(const struct nvmf_mdns_announce *a, struct nvmf_mdns_service *svc,
		    char *why, size_t len);

/*
 * The discovery controller @svc describes, with the options of @line (the
 * command line's, or the discovery.conf --mdns line's) for the rest: the
 * interface becomes host_iface for tcp, as nvme-stas does. Strings are
 * borrowed from @svc and @line.
 */
void nvmf_mdns_params(const struct nvmf_params *line, const struct nvmf_mdns_service *svc,
		      struct nvmf_params *p);

/*
 * Check the options that are to apply to what mDNS finds (the command
 * line's or a --mdns line's) as they will be used, on a tcp discovery
 * controller: 0 or -EINVAL, reported with @where.
 */
int nvmf_mdns_validate(const struct nvmf_params *line, const char *where);

/*
 * "mDNS 'dc-one' on eth0": where messages about what @svc leads to start.
 */
void nvmf_mdns_describe(const struct nvmf_mdns_service *svc, char *buf, size_t len);

/*
 * How announcements are found. The real one asks avahi-daemon through
 * libavahi-client; the CLI tests install their own. @found is called for
 * each resolved announcement. Returns 0, or a negative errno with the
 * reason reported in one line starting with @where (no daemon, or nvmf
 * built without libavahi-client).
 */
struct nvmf_mdns_ops {
	int (*browse)(unsigned int timeout_s, const char *where,
		      void (*found)(const struct nvmf_mdns_announce *a, void *arg), void *arg);
};

extern const struct nvmf_mdns_ops nvmf_avahi_ops;
extern const struct nvmf_mdns_ops *nvmf_mdns;

/* An announcement nvmf_mdns_check() refused, as far as it could be read. */
struct nvmf_mdns_rejected {
	char name[256];			/* escaped, as in struct nvmf_mdns_service */
	char iface[IF_NAMESIZE];
	char address[64];		/* escaped */
	unsigned int port;
	char why[512];
};

/* What one browse found: checked, duplicates dropped, each sorted by name and interface. */
struct nvmf_mdns_found {
	struct nvmf_mdns_service *services;
	size_t nr_services;
	struct nvmf_mdns_rejected *rejected;
	size_t nr_rejected;
};

/*
 * Browse for @timeout_s seconds at most (less when the daemon says it has
 * told all). A bad announcement is reported with @where and kept in
 * found->rejected; the same controller seen again (on another interface,
 * or over the other IP version) is kept once. Returns 0 or the browse's
 * negative errno, reported.
 */
int nvmf_mdns_find(unsigned int timeout_s, const char *where, struct nvmf_mdns_found *found);
void nvmf_mdns_found_free(struct nvmf_mdns_found *found);

/*
 * The same discovery controller, as far as visiting it goes: transport,
 * address, port, subsystem NQN and host NQN; not the interface it goes
 * through. @a and @b are discovery parameters (nvmf_discovery_params()).
 */
bool nvmf_mdns_same_ctrl(const struct nvmf_params *a, const struct nvmf_params *b);

/*
 * A discovery controller kept from mDNS is noted in /run/nvmf/mdns/NAME
 * (below the root prefix), so list can tell where it came from.
 */
int nvmf_mdns_note(const char *ctrl, const struct nvmf_mdns_service *svc);

/* The service name and interface noted for controller @c, if the note still fits it. */
struct nvmf_ctrl;
bool nvmf_mdns_noted(const struct nvmf_ctrl *c, char *name, size_t name_len,
		     char *iface, size_t iface_len);

#endif
