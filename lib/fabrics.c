// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fabrics.h"
#include "host.h"
#include "kernel.h"
#include "modules.h"
#include "tls.h"

void nvmf_caps_read(struct nvmf_caps *caps)
{
	int ret = nvmf_kernel->fabrics_template(caps->tmpl, sizeof(caps->tmpl));

	caps->listed = ret >= 0;
	if (!caps->listed) {
		caps->tmpl[0] = '\0';
		debugf("%s/dev/nvme-fabrics lists no options (%s): a kernel older than 5.17",
		       nvmf_root(), strerror(-ret));
	}
}

int nvmf_session_prepare(struct nvmf_session *s, const char *transport)
{
	int ret = nvmf_load_transport(transport);

	if (ret < 0 || s->have_caps)
		return ret;
	nvmf_caps_read(&s->caps);
	s->have_caps = true;
	return 0;
}

static int resolve_host(struct nvmf_session *s, struct nvmf_params *p, struct nvmf_host *own)
{
	const struct nvmf_json_host *h;
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
		h = nvmf_json_conf_default_host(s->config);
		ret = nvmf_host_resolve(h ? h->hostnqn : NULL, h ? h->hostid : NULL, &s->host);
		if (ret < 0)
			return ret;
	}
	p->hostnqn = s->host.hostnqn;
	if (!p->hostid)
		p->hostid = s->host.hostid;
	return 0;
}

int nvmf_session_host(struct nvmf_session *s, struct nvmf_params *p, struct nvmf_host *own)
{
	const struct nvmf_json_port *jp;
	int ret = resolve_host(s, p, own);

	if (ret < 0)
		return ret;
	jp = nvmf_json_conf_apply(s->config, p);
	if (jp)
		debugf("%s: the settings of %s: %s", p->subsysnqn, s->config->path, jp->path);
	return 0;
}

static const struct {
	int err;
	const char *text;
} connect_errors[] = {
	{ EALREADY, "already connected; --duplicate-connect makes another connection" },
	{ EEXIST, "connected already without TLS; disconnect that controller first" },
	{ ECONNREFUSED, "connection refused: nothing listens at that address and port, "
			"or the target refused authentication" },
	{ ETIMEDOUT, "timed out: the target did not answer; check the address, routes and firewalls" },
	{ EHOSTUNREACH, "no route to the target address" },
	{ EAGAIN, "the target took the connection but did not answer its first request in time, "
		  "twice: it may be overloaded or still starting; try again" },
	{ ENETUNREACH, "the target's network is unreachable from this host" },
	{ ENODEV, "no such host interface or host address (--host-iface, --host-traddr)" },
	{ EINVAL, "the kernel refused the request; 'dmesg' says which option" },
	{ EADDRINUSE, "the host address or port is already in use (--host-traddr)" },
	{ EIO, "the target rejected the connection: wrong subsystem NQN, "
	       "or this host NQN is not allowed on the target" },
	{ ENOKEY, "a required key is missing: give the DH-HMAC-CHAP secret or TLS key" },
	{ EKEYREJECTED, "authentication failed: the target rejected the key" },
	{ EKEYEXPIRED, "authentication failed: the key has expired" },
	/* the device's own errors: what nvmf could not do with it */
	{ EACCES, "permission denied opening /dev/nvme-fabrics: connecting needs root" },
	{ EPERM, "permission denied opening /dev/nvme-fabrics: connecting needs root" },
	{ ENOENT, "cannot open /dev/nvme-fabrics: it is missing; the nvme-fabrics module is not loaded" },
	{ ENOTTY, "/dev/nvme-fabrics is not the kernel's character device (a --sysroot tree?), "
		  "so it is not written" },
	{ EOPNOTSUPP, "not supported by this kernel" },
	{ EEXIST, "connected already, without the DH-HMAC-CHAP or TLS asked for" },
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
	long long instance;
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
	if ((size_t)snprintf(name, len, "nvme%lld", instance) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* Does the file at @path (below the root) exist? -1 where that cannot be told. */
static int root_file_exists(const char *path)
{
	char buf[PATH_MAX];

	if (root_path(buf, sizeof(buf), "%s", path) < 0)
		return -1;
	if (access(buf, F_OK) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

/*
 * Is @symbol in the kernel or a loaded module? -1 where /proc/kallsyms
 * cannot be read. Names are listed to root whatever kptr_restrict says.
 */
static int kernel_has_symbol(const char *symbol)
{
	char path[PATH_MAX], line[512];
	size_t len = strlen(symbol);
	int found = 0;
	FILE *f;

	if (root_path(path, sizeof(path), "/proc/kallsyms") < 0)
		return -1;
	f = fopen(path, "re");
	if (!f)
		return -1;
	/* "ffffffffc0a1b2c0 T nvme_auth_negotiate\t[nvme_core]" */
	while (!found && fgets(line, sizeof(line), f)) {
		const char *name = strchr(line, ' ');

		name = name ? strchr(name + 1, ' ') : NULL;
		found = name && !strncmp(name + 1, symbol, len) && strchr("\t\n", name[1 + len]);
	}
	fclose(f);
	return found;
}

/*
 * DH-HMAC-CHAP came in Linux 6.0, which lists its options. The option is
 * listed even where the kernel was built without it, and such a kernel
 * connects to a target that does not insist, without authenticating: so
 * look for the code itself (where kallsyms cannot be read, the kernel
 * decides).
 */
static bool kernel_has_auth(const struct nvmf_caps *caps)
{
	return nvmf_caps_has(caps, "dhchap_secret") && kernel_has_symbol("nvme_auth_negotiate") != 0;
}

/*
 * TLS came in Linux 6.7 and is listed whether or not the kernel was built
 * with it; nvme-tcp has the tls_handshake_timeout parameter only if it was.
 */
static bool kernel_has_tls(const struct nvmf_caps *caps)
{
	if (!nvmf_caps_has(caps, "tls"))
		return false;
	if (root_file_exists("/sys/module/nvme_tcp/parameters") != 1)
		return true;	/* cannot tell: the kernel will say */
	return root_file_exists("/sys/module/nvme_tcp/parameters/tls_handshake_timeout") != 0;
}

/* Probe once a run: /proc/kallsyms takes a while to read. */
static bool probed(signed char *known, bool (*probe)(const struct nvmf_caps *), const struct nvmf_caps *caps)
{
	if (!*known)
		*known = probe(caps) ? 1 : -1;
	return *known > 0;
}

int nvmf_session_supports(struct nvmf_session *s, const struct nvmf_params *p, const char *where)
{
	if ((p->dhchap_secret || p->dhchap_ctrl_secret) && !probed(&s->auth, kernel_has_auth, &s->caps))
		return errorf(-EOPNOTSUPP, "%s: this kernel has no DH-HMAC-CHAP support "
			      "(Linux 6.0 or later, CONFIG_NVME_HOST_AUTH)", where);
	if ((p->tls || p->tls_key || p->keyring) &&
	    !probed(&s->tls, kernel_has_tls, &s->caps))
		return errorf(-EOPNOTSUPP, "%s: this kernel has no NVMe/TCP TLS support "
			      "(Linux 6.7 or later, CONFIG_NVME_TCP_TLS)", where);
	if (p->concat && !nvmf_caps_has(&s->caps, "concat"))
		return errorf(-EOPNOTSUPP, "%s: this kernel has no secure channel concatenation (--concat)",
			      where);
	return 0;
}

/*
 * fabrics.c logs "unknown parameter or missing value 'host_iface' in ctrl
 * creation request" for a token it does not know: the option, for a
 * kernel too old to list its options.
 */
static const char *unknown_option(const char *said, char *token, size_t len)
{
	static const char marker[] = "unknown parameter or missing value '";
	const char *at = strstr(said, marker);
	size_t n;

	if (!at)
		return NULL;
	at += strlen(marker);
	n = strcspn(at, "'=");
	if (!n || n >= len || at[n] == '\0')
		return NULL;
	memcpy(token, at, n);
	token[n] = '\0';
	return nvmf_option_name(token);
}

int nvmf_create(struct nvmf_session *s, const struct nvmf_params *p, const char *where,
		char *name, size_t len)
{
	char options[4096], reply[512], shown[PRINTABLE_SIZE(sizeof(reply))], token[32], tls_error[1024];
	const struct nvmf_caps *caps = s->have_caps ? &s->caps : NULL;
	struct nvmf_tls_serials serials;
	const char *option, *tls_text;
	struct nvmf_params q;
	int ret;

	/* all checks first: nothing goes into a keyring for a request that cannot be made */
	ret = nvmf_params_validate(p, where);
	if (ret == 0 && caps)
		ret = nvmf_session_supports(s, p, where);
	if (ret == 0 && caps)
		ret = nvmf_caps_check(p, caps, where);
	if (ret == 0)
		ret = nvmf_tls_prepare(p, where, &q, &serials);
	if (ret == 0)
		ret = nvmf_build_options(&q, caps, where, options, sizeof(options));
	if (ret < 0)
		return ret;
	/* the string holds secrets: never print it */
	reply[0] = '\0';
	ret = nvmf_kernel->create_ctrl(options, reply, sizeof(reply));
	if (ret == -EAGAIN) {
		/* nvme-tcp gives a target 10 s to answer its first PDU: a busy one may need more */
		debugf("%s: the target did not answer in time; trying once more", where);
		reply[0] = '\0';
		ret = nvmf_kernel->create_ctrl(options, reply, sizeof(reply));
	}
	explicit_bzero(options, sizeof(options));
	if (ret == -EALREADY)
		return ret;	/* what it means is the caller's to say */
	if (ret == -EINVAL && (option = unknown_option(reply, token, sizeof(token))))
		return errorf(ret, "%s: this kernel does not know option %s; it may be too old for it "
			      "(the kernel said: %s)", where, option, printable(reply, shown, sizeof(shown)));
	tls_text = ret < 0 ? nvmf_tls_connect_error(p, ret, reply, tls_error, sizeof(tls_error)) : NULL;
	if (tls_text)
		return errorf(ret, "%s: %s", where, tls_text);
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
		return "permission denied writing its delete_controller: deleting needs root";
	default:
		return strerror(err);
	}
}
