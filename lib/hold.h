/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_HOLD_H
#define NVMF_HOLD_H

#include <stdbool.h>

#include "params.h"
#include "topology.h"

/*
 * Holds: connections an administrator took down with nvmf disconnect,
 * which connect-all (the timer's and udev's runs) then leaves alone until
 * nvmf connect of the subsystem releases them, the file is deleted, or the
 * machine reboots. One file per connection under /run/nvmf/holds (below
 * the root prefix), named after its subsystem NQN and its connection:
 * subsystem NQN, transport, traddr, trsvcid, host_traddr, host_iface and
 * hostnqn, as nvmf_ctrl_matches() compares them.
 */
#define NVMF_HOLDS_DIR "/run/nvmf/holds"

/* Record a hold for controller @c, before it is deleted: 0 or a negative errno (not reported). */
int nvmf_hold_add(const struct nvmf_ctrl *c);
/* Drop the hold nvmf_hold_add() made for @c: its deletion failed. */
void nvmf_hold_drop(const struct nvmf_ctrl *c);
/* Is the connection @p describes held? */
bool nvmf_held(const struct nvmf_params *p);
/* Release every hold of subsystem @nqn. Returns how many there were, or a negative errno, reported. */
int nvmf_holds_release(const char *nqn);

#endif
