// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "address.h"
#include "kernel.h"

/* The longest host name DNS allows, without the final dot. */
#define HOST_NAME_MAX_LEN	253

static bool is_none(const char *s)
{
	return s && !strcmp(s, "none");
}

/* RFC 1123: dot-separated labels of letters, digits and '-', not at either end of a label. */
static bool is_host_name(const char *s)
{
	size_t len = strlen(s);

	if (s[len - 1] == '.')
		len--;
	if (!len || len > HOST_NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < len;) {
		size_t n = 0;

		while (i + n < len && (isalnum((unsigned char)s[i + n]) || s[i + n] == '-'))
			n++;
		if (!n || n > 63 || s[i] == '-' || s[i + n - 1] == '-')
			return false;
		i += n;
		if (i < len && s[i++] != '.')
			return false;
		if (i == len && s[i - 1] == '.')
			return false;
	}
	return true;
}

/* What a value that looks like an address, but is none, was meant to be. */
static const char *meant_family(const char *s)
{
	if (strchr(s, ':'))
		return "an IPv6 address";
	if (strspn(s, "0123456789.") == strlen(s))
		return "an IPv4 address";
	return NULL;
}

static int resolve_one(const char **value, char *buf, size_t len, const char *option,
		       const char *where)
{
	const char *s = *value, *family;
	char shown[SHOWN_MAX];
	int ret;

	/* an IP address; or ',' '=' and the like, which nvmf_params_validate() names */
	if (nvmf_is_ip_address(s) || !is_clean_value(s, ",="))
		return 0;
	printable(s, shown, sizeof(shown));
	if (strlen(s) > HOST_NAME_MAX_LEN + 1)
		return errorf(-EINVAL, "%s: %s is %zu bytes long: no address or host name is",
			      where, option, strlen(s));
	family = meant_family(s);
	if (family)
		return errorf(-EINVAL, "%s: %s '%s' is not %s", where, option, shown, family);
	if (!is_host_name(s))
		return errorf(-EINVAL, "%s: %s '%s' is neither an IP address nor a host name",
			      where, option, shown);
	ret = nvmf_kernel->resolve(s, buf, len);
	if (ret == -ENOENT)
		return errorf(-EINVAL, "%s: %s '%s': no address is known for that host name",
			      where, option, shown);
	if (ret == -EAGAIN)
		return errorf(-EINVAL, "%s: %s '%s' could not be resolved now: "
			      "the name service did not answer", where, option, shown);
	if (ret < 0 || !nvmf_is_ip_address(buf))
		return errorf(-EINVAL, "%s: %s '%s' could not be resolved: %s", where, option, shown,
			      strerror(ret < 0 ? -ret : EPROTO));
	debugf("%s: %s %s is %s", where, option, shown, buf);
	*value = buf;
	return 0;
}

int nvmf_params_resolve(struct nvmf_params *p, struct nvmf_addrbuf *b, const char *where)
{
	bool ip;
	int ret;

	if (is_none(p->trsvcid))
		p->trsvcid = NULL;
	if (is_none(p->host_traddr))
		p->host_traddr = NULL;
	if (is_none(p->host_iface))
		p->host_iface = NULL;
	ip = p->transport && (!strcmp(p->transport, "tcp") || !strcmp(p->transport, "rdma"));
	if (!ip)
		return 0;
	if (p->traddr && *p->traddr) {
		ret = resolve_one(&p->traddr, b->traddr, sizeof(b->traddr), "--traddr", where);
		if (ret < 0)
			return ret;
	}
	if (p->host_traddr && *p->host_traddr)
		return resolve_one(&p->host_traddr, b->host_traddr, sizeof(b->host_traddr),
				   "--host-traddr", where);
	return 0;
}
