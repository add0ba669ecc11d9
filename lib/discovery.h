/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_DISCOVERY_H
#define NVMF_DISCOVERY_H

#include <stdbool.h>

#include "disclog.h"
#include "fabrics.h"
#include "params.h"
#include "topology.h"

/* A discovery controller in use. */
struct nvmf_disc_ctrl {
	char name[32];		/* nvme3 */
	bool created;		/* by this run, so this run deletes it unless persistent */
};

/*
 * Get a discovery controller for @disc: a live one in @t that matches it,
 * as an earlier --persistent run leaves behind, or a new one. @disc gets
 * the session's host identity where it has none.
 */
int nvmf_discovery_open(struct nvmf_session *s, struct nvmf_params *disc, struct nvmf_host *own,
			const struct nvmf_topology *t, const char *where, struct nvmf_disc_ctrl *dc);

/* Delete the controller if this run created it and @persistent is false. */
int nvmf_discovery_close(const struct nvmf_disc_ctrl *dc, bool persistent);

/* Is @name ("nvme3", "/dev/nvme3") a discovery controller? Reports why not. */
int nvmf_discovery_check_device(const char *dev, const char *where, struct nvmf_disc_ctrl *dc);

#endif
