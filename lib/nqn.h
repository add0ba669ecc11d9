/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_NQN_H
#define NVMF_NQN_H

/* What every layer knows of NQNs: the discovery subsystem's, and how long one may be. */
#define NVMF_DISC_NQN		"nqn.2014-08.org.nvmexpress.discovery"
/*
 * The longest NQN the kernel takes, in bytes: the spec allows 223, but
 * fabrics.c wants nqn= and hostnqn= shorter than its NVMF_NQN_SIZE (223).
 */
#define NVMF_NQN_MAX		222

#endif
