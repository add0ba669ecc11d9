/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_MODULES_H
#define NVMF_MODULES_H

/*
 * Make sure nvme-fabrics and nvme-@transport are there before a connect:
 * when /dev/nvme-fabrics is missing or the transport module is not live,
 * load them through the kernel ops (libkmod on Linux, never modprobe).
 * Returns 0, or a negative errno with a message that says why: not root,
 * no such module in /lib/modules/$(uname -r).
 */
int nvmf_load_transport(const char *transport);

#endif
