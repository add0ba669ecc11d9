// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <libkmod.h>

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
	char module[32], sysfs_dir[64], pbuf[64];
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

/*
 * libkmod looks in the running kernel's /lib/modules/$(uname -r) and
 * modprobe.d, never below the root prefix: a fixture tree fakes the
 * kernel ops instead.
 *
 * The flags are 0, like modprobe without options:
 *  - a module that is loaded or built in is success; KMOD_PROBE_IGNORE_LOADED
 *    would instead insert it again, and fail for a built-in one with no .ko;
 *  - a blacklist entry is not applied: it stops loading through aliases,
 *    and these are module names, the same as `modprobe nvme-tcp` would load;
 *  - an "install" command in modprobe.d runs, so an admin who wrote
 *    "install nvme-tcp /bin/false" keeps nvmf from loading it.
 */
int nvmf_kmod_load(const char *name)
{
	struct kmod_list *list = NULL, *l;
	struct kmod_ctx *ctx;
	int ret;

	ctx = kmod_new(NULL, NULL);
	if (!ctx)
		return -ENOMEM;
	ret = kmod_module_new_from_lookup(ctx, name, &list);
	if (!ret && !list)
		ret = -ENOENT;
	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);

		if (!ret)
			ret = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
	kmod_unref(ctx);
	return ret;
}
