// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "discovery.h"

int nvmf_discovery_open(struct nvmf_session *s, struct nvmf_params *disc, struct nvmf_host *own,
			const struct nvmf_topology *t, const char *where, struct nvmf_disc_ctrl *dc)
{
	const struct nvmf_ctrl *c;
	int ret;

	ret = nvmf_params_validate(disc, where);
	if (ret < 0)
		return ret;
	ret = nvmf_session_host(s, disc, own);
	if (ret < 0)
		return ret;
	c = t ? nvmf_topology_find(t, disc) : NULL;
	if (c && c->discovery && !strcmp(c->state, "live") && !nvmf_ctrl_lacks(c, disc)) {
		debugf("%s: using discovery controller %s", where, c->name);
		strlcopy(dc->name, c->name, sizeof(dc->name));
		dc->created = false;
		return 0;
	}
	ret = nvmf_session_prepare(s, disc->transport);
	if (ret < 0)
		return ret;
	ret = nvmf_create(s, disc, where, dc->name, sizeof(dc->name));
	if (ret == -EALREADY)	/* the kernel takes discovery controllers as duplicates */
		return errorf(ret, "%s: the kernel refused another discovery controller", where);
	if (ret < 0)
		return ret;
	debugf("%s: created discovery controller %s", where, dc->name);
	dc->created = true;
	return 0;
}

int nvmf_discovery_close(const struct nvmf_disc_ctrl *dc, bool persistent)
{
	if (!dc->created || persistent)
		return 0;
	return nvmf_delete(dc->name);
}

int nvmf_discovery_check_device(const char *dev, const char *where, struct nvmf_disc_ctrl *dc)
{
	const char *name = dev_name(dev);
	struct nvmf_ctrl c;
	char shown[SHOWN_MAX];
	int ret;

	ret = nvmf_ctrl_read(name, &c);
	if (ret == -EOPNOTSUPP)
		return errorf(-EINVAL, "%s: %s is a PCIe controller, not a discovery controller",
			      where, printable(name, shown, sizeof(shown)));
	if (ret < 0)
		return errorf(-ENODEV, "%s: no fabrics controller '%s'", where,
			      printable(name, shown, sizeof(shown)));
	if (!c.discovery)
		return errorf(-EINVAL, "%s: %s is not a discovery controller (subsystem %s)",
			      where, c.name, c.subsysnqn);
	strlcopy(dc->name, c.name, sizeof(dc->name));
	dc->created = false;
	return 0;
}
