/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_KERNEL_H
#define NVMF_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Everything nvmf asks of the running kernel goes through this table, and
 * nothing else touches /dev/nvme-fabrics, /dev/nvmeX, delete_controller or
 * the module loader. Tests install their own table to produce what a real
 * kernel does only now and then: a changing genctr, EALREADY, short reads.
 * Reading sysfs is not in here: a fixture tree under the root prefix does that.
 *
 * Every function returns a negative errno on failure.
 */
struct nvmf_kernel_ops {
	/* The option template /dev/nvme-fabrics reads back, e.g. "instance=-1,cntlid=-1,transport=%s,...". */
	int (*fabrics_template)(char *buf, size_t len);
	/*
	 * Write @options to /dev/nvme-fabrics; on success @reply holds
	 * "instance=N,cntlid=M", on failure what the kernel logged about it, if anything.
	 */
	int (*create_ctrl)(const char *options, char *reply, size_t len);
	/*
	 * Get Log Page @lid from controller @ctrl ("nvme3") at byte @offset.
	 * @rae keeps a pending asynchronous event armed. Returns the number of
	 * bytes placed in @buf, which may be less than @len.
	 */
	ssize_t (*get_log)(const char *ctrl, uint8_t lid, int rae, uint64_t offset, void *buf, size_t len);
	/* Delete controller @ctrl ("nvme3") through sysfs delete_controller. */
	int (*delete_ctrl)(const char *ctrl);
	/* Load kernel module @name ("nvme-tcp") and its dependencies. */
	int (*load_module)(const char *name);
	/* The serial of the keyring named @name (".nvme"), or -ENOKEY. */
	int (*find_keyring)(const char *name);
	/*
	 * Add key @type/@desc holding @data to @keyring, replacing the key of
	 * the same type and description there; returns the new key's serial.
	 */
	int (*add_key)(const char *type, const char *desc, const void *data, size_t len, int keyring);
	/*
	 * Not the kernel's, but the system's, and as much in need of a stand-in
	 * in tests: the first address of host name @name (getaddrinfo), numeric,
	 * into @addr. -ENOENT when the name has none, -EAGAIN when the name
	 * service did not answer.
	 */
	int (*resolve)(const char *name, char *addr, size_t len);
};

extern const struct nvmf_kernel_ops nvmf_linux_ops;
extern const struct nvmf_kernel_ops *nvmf_kernel;

static inline void nvmf_set_kernel(const struct nvmf_kernel_ops *ops)
{
	nvmf_kernel = ops;
}

#endif
