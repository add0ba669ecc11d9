// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fabrics.h"
#include "host.h"
#include "kernel.h"
#include "modules.h"

int nvmf_session_prepare(struct nvmf_session *s, const char *transport)
{
	int ret = nvmf_load_transport(transport);

	if (ret < 0 || s->have_caps)
		return ret;
	ret = nvmf_caps_read(&s->caps);
	if (ret < 0)
		return ret;
	s->have_caps = true;
	return 0;
}

int nvmf_session_host(struct nvmf_session *s, struct nvmf_params *p, struct nvmf_host *own)
{
	int ret;

	if (p->hostnqn && p->hostid)
		return 0;
	if (p->hostnqn) {
		/* a hostnqn of its own wants the hostid that goes with it */
		ret = nvmf_host_resolve(p->hostnqn, NULL, own);
		if (ret == 0)
			p->hostid = own->hostid;
		return ret;
	}
	if (!s->host.hostnqn[0]) {
		ret = nvmf_host_resolve(NULL, NULL, &s->host);
		if (ret < 0)
			return ret;
	}
	p->hostnqn = s->host.hostnqn;
	if (!p->hostid)
		p->hostid = s->host.hostid;
	return 0;
}

static const struct {
	int err;
	const char *text;
} connect_errors[] = {
	{ EALREADY, "already connected; --duplicate-connect makes another connection" },
	{ ECONNREFUSED, "connection refused: nothing listens at that address and port, "
			"or the target refused authentication" },
	{ ETIMEDOUT, "timed out: the target did not answer; check the address, routes and firewalls" },
	{ EHOSTUNREACH, "no route to the target address" },
	{ ENETUNREACH, "the target's network is unreachable from this host" },
	{ ENODEV, "no such host interface or host address (--host-iface, --host-traddr)" },
	{ EINVAL, "the kernel refused the request; 'dmesg' says which option" },
	{ EADDRINUSE, "the host address or port is already in use (--host-traddr)" },
	{ EIO, "the target rejected the connection: wrong subsystem NQN, "
	       "or this host NQN is not allowed on the target" },
	{ ENOKEY, "a required key is missing: give the DH-HMAC-CHAP secret or TLS key" },
	{ EKEYREJECTED, "authentication failed: the target rejected the key" },
	{ EKEYEXPIRED, "authentication failed: the key has expired" },
	{ EACCES, "permission denied: connecting needs root" },
	{ EPERM, "permission denied: connecting needs root" },
	{ ENOENT, "/dev/nvme-fabrics is missing: the nvme-fabrics module is not loaded" },
	{ ENOTTY, "that is not the kernel's device or sysfs file (a --sysroot tree?)" },
	{ EOPNOTSUPP, "not supported by this kernel" },
};

const char *nvmf_connect_error(int err)
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < ARRAY_SIZE(connect_errors); i++)
		if (connect_errors[i].err == err)
			return connect_errors[i].text;
	return strerror(err);
}

/* "instance=3,cntlid=1\n" -> "nvme3" */
static int ctrl_name_from_reply(const char *reply, char *name, size_t len)
{
	long instance;
	char num[16];
	size_t n;

	if (strncmp(reply, "instance=", 9))
		return -EBADMSG;
	n = strcspn(reply + 9, ",\n");
	if (n == 0 || n >= sizeof(num))
		return -EBADMSG;
	memcpy(num, reply + 9, n);
	num[n] = '\0';
	if (parse_long(num, 0, 1 << 30, &instance) < 0)
		return -EBADMSG;
	if ((size_t)snprintf(name, len, "nvme%ld", instance) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int nvmf_create(struct nvmf_session *s, const struct nvmf_params *p, const char *where,
		char *name, size_t len)
{
	char options[4096], reply[512], shown[1024];
	int ret;

	ret = nvmf_build_options(p, s->have_caps ? &s->caps : NULL, where, options, sizeof(options));
	if (ret < 0)
		return ret;
	/* the string holds secrets: never print it */
	reply[0] = '\0';
	ret = nvmf_kernel->create_ctrl(options, reply, sizeof(reply));
	if (ret == -EALREADY)
		return ret;	/* what it means is the caller's to say */
	if (ret < 0 && reply[0])
		return errorf(ret, "%s: %s (the kernel said: %s)", where, nvmf_connect_error(ret),
			      printable(reply, shown, sizeof(shown)));
	if (ret < 0)
		return errorf(ret, "%s: %s", where, nvmf_connect_error(ret));
	ret = ctrl_name_from_reply(reply, name, len);
	if (ret < 0)
		return errorf(ret, "%s: unexpected reply from /dev/nvme-fabrics: '%.40s'", where, reply);
	return 0;
}

int nvmf_delete(const char *name)
{
	int ret = nvmf_kernel->delete_ctrl(name);

	if (ret == -ENODEV)
		return 0;	/* already gone, which is what was asked */
	if (ret < 0)
		return errorf(ret, "cannot delete %s: %s", name, nvmf_delete_error(ret));
	return 0;
}

const char *nvmf_delete_error(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case EOPNOTSUPP:
		return "it has no delete_controller in sysfs: not a fabrics controller";
	case ENOTTY:
		return "its delete_controller is not on sysfs (a --sysroot tree?), so it is not written";
	case EACCES:
	case EPERM:
		return "permission denied: deleting needs root";
	default:
		return strerror(err);
	}
}
