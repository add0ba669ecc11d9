/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_NAMES_H
#define NVMF_NAMES_H

/*
 * The kernel's names for NVMe devices. It prints each number with "%d", so
 * a name has no sign and no leading zero: nvme01 names nothing. Controllers
 * are nvme<ctrl>, namespace block devices nvme<subsys>n<ns> (nvme<ctrl>n<ns>
 * without multipath), the hidden per-path devices under a multipath head
 * nvme<subsys>c<ctrl>n<ns>, subsystems nvme-subsys<N>.
 */
enum nvmf_name_kind {
	NVMF_NAME_CTRL,
	NVMF_NAME_NS,
	NVMF_NAME_PATH,
};

struct nvmf_name {
	enum nvmf_name_kind kind;
	int first;		/* the number after "nvme" */
	int ctrl;		/* NVMF_NAME_PATH only */
	int ns;
};

/* Split a controller, namespace or path name; -EINVAL for anything else. */
int nvmf_parse_name(const char *s, struct nvmf_name *nn);

/* The instance of controller @name ("nvme3": 3), or -EINVAL if it names no controller. */
int nvmf_ctrl_instance(const char *name);

/* The same for subsystem @name ("nvme-subsys1": 1). */
int nvmf_subsys_instance(const char *name);

#endif
