/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TOPOLOGY_H
#define NVMF_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "params.h"

/* The sysfs "address" attribute, split. Absent fields are "". */
struct nvmf_addr {
	char traddr[256];
	char trsvcid[33];
	char host_traddr[256];
	char host_iface[64];
	char src_addr[64];
};

/* "traddr=192.0.2.1,trsvcid=4420,src_addr=192.0.2.2": unknown keys are ignored. */
int nvmf_parse_address(const char *s, struct nvmf_addr *addr);

/* What a sysfs attribute the kernel does not show leaves a number at. */
#define NVMF_NS_UNKNOWN UINT64_MAX

/* Identify data the kernel shows for controllers and subsystems alike. */
struct nvmf_ident {
	char serial[24];
	char model[48];
	char firmware_rev[16];
};

struct nvmf_ns {
	char name[32];		/* nvme1n1: the block device users open */
	char generic[32];	/* ng1n1, its generic character device; "" before Linux 5.13 */
	unsigned int nsid;
	uint64_t size;		/* bytes */
	uint64_t usage;		/* bytes in use (nuse): NVMF_NS_UNKNOWN before Linux 6.8 */
	uint64_t lba_size;	/* bytes; NVMF_NS_UNKNOWN if not shown */
	uint64_t metadata_bytes; /* per block: NVMF_NS_UNKNOWN before Linux 6.8 */
	struct nvmf_ident ident; /* of its subsystem (a head) or controller */
	char ctrl[32];		/* without multipath, the controller holding it; "" for a head */
};

struct nvmf_ctrl {
	char name[32];		/* nvme1 */
	int instance;		/* 1 */
	char transport[16];
	char address[512];	/* as sysfs shows it */
	struct nvmf_addr addr;
	char subsysnqn[257];
	char state[32];
	char cntrltype[16];	/* io, discovery, admin; "" on old kernels */
	char hostnqn[257];
	char hostid[64];
	int cntlid;
	int kato;		/* NVMF_UNSET where sysfs lacks the attribute */
	int ctrl_loss_tmo;	/* -1: reconnect forever */
	int reconnect_delay;
	int fast_io_fail_tmo;
	bool discovery;		/* a discovery controller */
	bool dhchap_secret;	/* set, never the value */
	bool dhchap_ctrl_secret;
	bool tls;		/* the connection is secured with TLS (tls_key shows a key) */
	char tls_key[16];	/* the serial of the PSK in use, in hex as sysfs shows it */
	char tls_configured_key[16];	/* given with tls_key=, or "" */
	char tls_keyring[64];	/* given with keyring=, or "" */
	struct nvmf_ident ident;
	char subsys[32];	/* nvme-subsys1, or "" */
};

struct nvmf_subsys {
	char name[32];		/* nvme-subsys1 */
	int instance;		/* 1 */
	char nqn[257];
	char subsystype[16];	/* nvm, discovery; "" on old kernels */
	struct nvmf_ident ident;
	size_t *ctrls;		/* indexes into topology ctrls */
	size_t nr_ctrls;
	struct nvmf_ns *ns;
	size_t nr_ns;
};

/* Fabrics controllers (never PCIe) and their subsystems, sorted by instance and name. */
struct nvmf_topology {
	struct nvmf_ctrl *ctrls;
	size_t nr_ctrls;
	struct nvmf_subsys *subsys;
	size_t nr_subsys;
};

/*
 * Scan /sys/class/nvme and /sys/class/nvme-subsystem under the root prefix.
 * A controller that vanishes during the scan is left out, not an error.
 * A missing /sys/class/nvme is an empty topology.
 */
int nvmf_topology_scan(struct nvmf_topology *t);

/*
 * The same, for what matching connections needs and no more: controllers
 * with transport, address, subsysnqn, cntrltype, hostnqn, state and whether
 * DH-HMAC-CHAP and TLS are set up; no timeouts, subsystems or namespaces.
 * A connect-all run when all is connected does little besides this, so it
 * has to be cheap.
 */
int nvmf_topology_scan_connections(struct nvmf_topology *t);
void nvmf_topology_free(struct nvmf_topology *t);

/*
 * Add controller @name, made since the scan, to @t's controllers, so later
 * matches see it. It joins no subsystem's list: that waits for a rescan.
 */
int nvmf_topology_add(struct nvmf_topology *t, const char *name);

/* Read one controller ("nvme3"); -ENODEV if it is not there, -EOPNOTSUPP for PCIe. */
int nvmf_ctrl_read(const char *name, struct nvmf_ctrl *c);

/*
 * Does @c connect what @p describes? Same subsysnqn, transport, traddr,
 * trsvcid, host_traddr, host_iface and hostnqn; a field @p leaves unset
 * matches only an empty one; when @p asks for TLS, @c runs over TLS.
 * Controllers being deleted never match.
 */
bool nvmf_ctrl_matches(const struct nvmf_ctrl *c, const struct nvmf_params *p);

/*
 * What @p asks for that @c lacks: "DH-HMAC-CHAP", "bidirectional
 * DH-HMAC-CHAP" or "TLS", or NULL. A controller set up with more than a
 * request asks for answers it; one with less does not, though the kernel
 * takes it for the same connection.
 */
const char *nvmf_ctrl_lacks(const struct nvmf_ctrl *c, const struct nvmf_params *p);

/*
 * The controller in @t matching @p (so not being deleted), or NULL: one
 * that lacks nothing @p asks for if there is one, else the first match.
 */
const struct nvmf_ctrl *nvmf_topology_find(const struct nvmf_topology *t, const struct nvmf_params *p);

/*
 * The controllers behind @dev: "nvme1" or "/dev/nvme1" is that controller;
 * a namespace block device ("nvme1n1", "/dev/nvme1n1") is every controller
 * of the subsystem that holds it. Stores at most @max indexes into t->ctrls
 * in @idx and returns how many there are, -ENODEV if none, -EINVAL when
 * @dev names no NVMe device at all.
 */
int nvmf_topology_resolve_device(const struct nvmf_topology *t, const char *dev, size_t *idx, size_t max);

#endif
