// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel.h"
#include "modules.h"
#include "params.h"
#include "util.h"

static bool exists_below_root(const char *path)
{
	char buf[PATH_MAX];

	return root_path(buf, sizeof(buf), "%s", path) == 0 && access(buf, F_OK) == 0;
}

/* The kernel option that builds each module nvmf loads. */
static const char *module_config(const char *name)
{
	static const struct {
		const char *module, *config;
	} configs[] = {
		{ "nvme-fabrics", "CONFIG_NVME_FABRICS" },
		{ "nvme-tcp", "CONFIG_NVME_TCP" },
		{ "nvme-rdma", "CONFIG_NVME_RDMA" },
		{ "nvme-fc", "CONFIG_NVME_FC" },
		{ "nvme-loop", "CONFIG_NVME_TARGET_LOOP" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(configs); i++)
		if (!strcmp(configs[i].module, name))
			return configs[i].config;
	return NULL;
}

static int load_module(const char *name)
{
	const char *config;
	struct utsname uts;
	int ret;

	debugf("loading %s", name);
	ret = nvmf_kernel->load_module(name);
	switch (ret) {
	case 0:
		return 0;
	case -EPERM:
	case -EACCES:
		if (geteuid() == 0)
			return errorf(ret, "loading %s was refused: module loading is disabled "
				      "(kernel.modules_disabled) or blocked on this host", name);
		return errorf(ret, "loading %s needs root (or CAP_SYS_MODULE)", name);
	case -ENOENT:
		if (uname(&uts) < 0)
			strlcopy(uts.release, "?", sizeof(uts.release));
		config = module_config(name);
		if (config)
			return errorf(ret, "module %s is not available for this kernel (%s): not installed, "
				      "or the kernel was built without %s", name, uts.release, config);
		return errorf(ret, "module %s is not available for this kernel (%s)", name, uts.release);
	default:
		return errorf(ret, "cannot load %s: %s", name, strerror(-ret));
	}
}

int nvmf_load_transport(const char *transport)
{
	char module[32], sysfs_dir[64], pbuf[SHOWN_MAX];
	int ret;

	if (!nvmf_known_transport(transport))
		return errorf(-EINVAL, "unknown transport '%s'",
			      printable(transport, pbuf, sizeof(pbuf)));
	snprintf(module, sizeof(module), "nvme-%s", transport);
	/* sysfs spells module names with '_' for '-'. */
	snprintf(sysfs_dir, sizeof(sysfs_dir), "/sys/module/nvme_%s", transport);

	if (!exists_below_root("/dev/nvme-fabrics")) {
		ret = load_module("nvme-fabrics");
		if (ret < 0)
			return ret;
	}
	if (!exists_below_root(sysfs_dir))
		return load_module(module);
	return 0;
}
