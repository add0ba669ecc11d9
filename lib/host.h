/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_HOST_H
#define NVMF_HOST_H

#define NVMF_HOSTNQN_UUID_PREFIX "nqn.2014-08.org.nvmexpress:uuid:"

struct nvmf_host {
	char hostnqn[224];
	char hostid[37];
};

/*
 * The host identity, each half in this order:
 *  1. @hostnqn / @hostid as given (NULL: not given);
 *  2. /etc/nvme/hostnqn and /etc/nvme/hostid;
 *  3. generated, the same on every run: the hostid is DMI product_uuid when
 *     that is a real UUID (not all zeros or all FF), else a name-based
 *     (SHA-1) UUID of /etc/machine-id; the hostnqn is
 *     NVMF_HOSTNQN_UUID_PREFIX<hostid>.
 * A hostnqn of the uuid form with no hostid found takes its UUID as hostid,
 * so the kernel sees one hostid per hostnqn. A @hostnqn given without a
 * @hostid that is not this host's own gets the UUID it carries or a
 * name-based UUID of itself, never this host's hostid: the kernel refuses
 * one hostid under two hostnqns. Paths are below the root prefix.
 * Returns 0, or a negative errno with the reason printed (a malformed file,
 * no machine-id and no DMI UUID).
 */
int nvmf_host_resolve(const char *hostnqn, const char *hostid, struct nvmf_host *host);

#endif
