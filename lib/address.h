/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_ADDRESS_H
#define NVMF_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"

/* Room for any numeric IP address, an IPv6 one with "%interface" included. */
#define NVMF_ADDR_MAX	64

/* Storage for the addresses nvmf_params_resolve() puts in place of host names. */
struct nvmf_addrbuf {
	char traddr[NVMF_ADDR_MAX];
	char host_traddr[NVMF_ADDR_MAX];
};

/*
 * Make the user's spellings of @p the kernel's, as nvme-cli does: "none"
 * for --trsvcid, --host-traddr and --host-iface means not given; for tcp
 * and rdma, a host name in --traddr or --host-traddr is resolved
 * (getaddrinfo, the first address, IPv4 or IPv6) into @b, which must live
 * as long as @p. A value that is neither an IP address nor a host name
 * (999.1.1.1, blanks, 300 characters) is refused, and so is a name that
 * does not resolve. @where starts each message.
 * Returns 0 or -EINVAL, reported in one line.
 */
int nvmf_params_resolve(struct nvmf_params *p, struct nvmf_addrbuf *b, const char *where);

#endif
