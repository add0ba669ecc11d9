// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Discovery controllers announced with mDNS (TP8009): what an announcement
 * must hold to become one, and what one browse finds. The browsing itself
 * is in mdns-avahi.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mdns.h"
#include "topology.h"

const struct nvmf_mdns_ops *nvmf_mdns = &nvmf_avahi_ops;

/* p= values and the transports they mean, as TP8009 and nvme-stas have them. */
static const struct {
	const char *p;
	const char *transport;
} protocols[] = {
	{ "tcp", "tcp" },
	{ "roce", "rdma" },
	{ "iwarp", "rdma" },
	{ "rdma", "rdma" },
};

static bool printable_ascii(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/*
 * The value of TXT key @key in @a: 1 and the value (NUL-terminated, in
 * @buf), 0 when no record has the key, -EINVAL with @why filled when the
 * record is unusable.
 */
static int txt_value(const struct nvmf_mdns_announce *a, const char *key, char *buf, size_t len,
		     char *why, size_t why_len)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < a->nr_txt; i++) {
		const unsigned char *d = a->txt[i].data;
		size_t n = a->txt[i].len, vlen;

		if (n < klen || strncasecmp((const char *)d, key, klen) || (n > klen && d[klen] != '='))
			continue;
		/* the first record with the key counts (RFC 6763, 6.4) */
		if (n == klen) {
			snprintf(why, why_len, "its TXT record '%s' has no value", key);
			return -EINVAL;
		}
		vlen = n - klen - 1;
		if (!vlen || vlen >= len || !printable_ascii(d + klen + 1, vlen)) {
			char raw[300], shown[PRINTABLE_SIZE(sizeof(raw))];
			size_t copy = vlen < sizeof(raw) - 1 ? vlen : sizeof(raw) - 1;

			memcpy(raw, d + klen + 1, copy);
			raw[copy] = '\0';
			printable(raw, shown, sizeof(shown));
			snprintf(why, why_len, "its TXT record %s='%s%s' is %s", key, shown,
				 copy < vlen ? "..." : "",
				 !vlen ? "empty" : vlen >= len ? "too long" :
				 memchr(d + klen + 1, '\0', vlen) ? "cut by a NUL byte" : "not printable ASCII");
			return -EINVAL;
		}
		memcpy(buf, d + klen + 1, vlen);
		buf[vlen] = '\0';
		return 1;
	}
	return 0;
}

static bool is_ip_address(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

static bool is_link_local_ipv6(const char *s)
{
	struct in6_addr addr;

	return inet_pton(AF_INET6, s, &addr) == 1 && IN6_IS_ADDR_LINKLOCAL(&addr);
}

int nvmf_mdns_check(const struct nvmf_mdns_announce *a, struct nvmf_mdns_service *svc,
		    char *why, size_t len)
{
	char p[16], shown[SHOWN_MAX];
	size_t i;
	int ret;

	memset(svc, 0, sizeof(*svc));
	printable(a->name ? a->name : "", svc->name, sizeof(svc->name));
	if (!a->iface || !a->iface[0] || strlen(a->iface) >= sizeof(svc->iface) ||
	    !is_clean_value(a->iface, ",= ")) {
		snprintf(why, len, "it was seen on an interface nvmf cannot name");
		return -EINVAL;
	}
	strlcopy(svc->iface, a->iface, sizeof(svc->iface));
	if (!a->address || strlen(a->address) >= sizeof(svc->traddr) || !is_ip_address(a->address)) {
		snprintf(why, len, "its address '%s' is not an IP address",
			 printable(a->address ? a->address : "", shown, sizeof(shown)));
		return -EINVAL;
	}
	strlcopy(svc->traddr, a->address, sizeof(svc->traddr));
	if (is_link_local_ipv6(a->address)) {
		snprintf(why, len, "its address %s is link-local, which the kernel cannot reach without a scope",
			 a->address);
		return -EADDRNOTAVAIL;
	}
	if (a->port < 1 || a->port > 65535) {
		snprintf(why, len, "its port %u is not a port", a->port);
		return -EINVAL;
	}
	snprintf(svc->trsvcid, sizeof(svc->trsvcid), "%u", a->port);

	ret = txt_value(a, "p", p, sizeof(p), why, len);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		snprintf(why, len, "it has no TXT record p= naming the transport");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(protocols); i++)
		if (!strcasecmp(p, protocols[i].p))
			break;
	if (i == ARRAY_SIZE(protocols)) {
		snprintf(why, len, "its p=%s is not a transport nvmf knows (tcp, roce, iwarp, rdma)",
			 printable(p, shown, sizeof(shown)));
		return -EINVAL;
	}
	svc->transport = protocols[i].transport;

	ret = txt_value(a, "nqn", svc->subsysnqn, sizeof(svc->subsysnqn), why, len);
	if (ret < 0)
		return ret;
	if (ret == 0)
		strlcopy(svc->subsysnqn, NVMF_DISC_NQN, sizeof(svc->subsysnqn));
	if (!nvmf_valid_nqn(svc->subsysnqn)) {
		char nqn[PRINTABLE_SIZE(sizeof(svc->subsysnqn))];

		snprintf(why, len, "its nqn=%s is not a valid NQN%s", printable(svc->subsysnqn, nqn, sizeof(nqn)),
			 strchr(svc->subsysnqn, ',') ? ": it contains ','" : "");
		return -EINVAL;
	}
	return 0;
}

void nvmf_mdns_params(const struct nvmf_params *line, const struct nvmf_mdns_service *svc,
		      struct nvmf_params *p)
{
	*p = *line;
	p->transport = svc->transport;
	p->traddr = svc->traddr;
	p->trsvcid = svc->trsvcid;
	p->subsysnqn = svc->subsysnqn;
	/* host_iface is a tcp option: the kernel refuses it for rdma */
	p->host_iface = strcmp(svc->transport, "tcp") ? NULL : svc->iface;
	p->host_iface_implied = p->host_iface != NULL;
}

int nvmf_mdns_validate(const struct nvmf_params *line, const char *where)
{
	const struct nvmf_mdns_service example = {
		.transport = "tcp", .traddr = "192.0.2.1", .trsvcid = NVMF_TCP_DISC_PORT,
		.subsysnqn = NVMF_DISC_NQN, .iface = "eth0",
	};
	struct nvmf_params p, disc;

	nvmf_mdns_params(line, &example, &p);
	nvmf_discovery_params(&p, &disc);
	return nvmf_params_validate(&disc, where);
}

void nvmf_mdns_describe(const struct nvmf_mdns_service *svc, char *buf, size_t len)
{
	snprintf(buf, len, "mDNS '%s' on %s", svc->name, svc->iface);
}

/* Addresses compare as addresses: "2001:db8::1" is "2001:0db8:0:0::1". */
static bool same_address(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (inet_pton(AF_INET, a, x) == 1 && inet_pton(AF_INET, b, y) == 1)
		return !memcmp(x, y, 4);
	if (inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1)
		return !memcmp(x, y, 16);
	return !strcmp(a, b);
}

static bool same_string(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

bool nvmf_mdns_same_ctrl(const struct nvmf_params *a, const struct nvmf_params *b)
{
	return same_string(a->transport, b->transport) &&
	       a->traddr && b->traddr && same_address(a->traddr, b->traddr) &&
	       same_string(a->trsvcid, b->trsvcid) &&
	       same_string(a->subsysnqn, b->subsysnqn) &&
	       same_string(a->hostnqn, b->hostnqn);
}

struct find_state {
	struct nvmf_mdns_found *found;
	const char *where;
	int err;
};

static void *grow(void *array, size_t nr, size_t size, struct find_state *st)
{
	void *grown = grow_array(array, nr, size);

	if (!grown)
		st->err = -ENOMEM;
	return grown;
}

static void found_one(const struct nvmf_mdns_announce *a, void *arg)
{
	struct find_state *st = arg;
	struct nvmf_mdns_found *f = st->found;
	struct nvmf_mdns_service svc;
	struct nvmf_mdns_rejected *r;
	char why[512];
	int ret = nvmf_mdns_check(a, &svc, why, sizeof(why));

	if (ret == -EADDRNOTAVAIL) {
		/* the same host is normally announced with a routable address too */
		debugf("%s: '%s' on %s: %s; not used", st->where, svc.name, svc.iface, why);
		return;
	}
	if (ret == 0) {
		struct nvmf_mdns_service *grown = grow(f->services, f->nr_services, sizeof(svc), st);

		if (grown) {
			f->services = grown;
			f->services[f->nr_services++] = svc;
		}
		return;
	}
	r = grow(f->rejected, f->nr_rejected, sizeof(*r), st);
	if (!r)
		return;
	f->rejected = r;
	r += f->nr_rejected++;
	strlcopy(r->name, svc.name, sizeof(r->name));
	strlcopy(r->iface, svc.iface[0] ? svc.iface : "?", sizeof(r->iface));
	printable(a->address ? a->address : "", r->address, sizeof(r->address));
	r->port = a->port;
	strlcopy(r->why, why, sizeof(r->why));
}

static int compare_rejected(const void *x, const void *y)
{
	const struct nvmf_mdns_rejected *a = x, *b = y;
	int ret = strcmp(a->name, b->name);

	return ret ? ret : strcmp(a->iface, b->iface);
}

static bool same_rejection(const struct nvmf_mdns_rejected *a, const struct nvmf_mdns_rejected *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->address, b->address) && a->port == b->port &&
	       !strcmp(a->why, b->why);
}

/* Name each refused announcement once, though it was seen on several interfaces. */
static void report_rejected(struct nvmf_mdns_found *f, const char *where)
{
	size_t kept = 0;

	if (f->nr_rejected)
		qsort(f->rejected, f->nr_rejected, sizeof(*f->rejected), compare_rejected);
	for (size_t i = 0; i < f->nr_rejected; i++) {
		const struct nvmf_mdns_rejected *r = &f->rejected[i];
		size_t j;

		for (j = 0; j < kept && !same_rejection(&f->rejected[j], r); j++)
			;
		if (j < kept)
			continue;
		errorf(-EINVAL, "%s: the announcement '%s' on %s (%s port %u) is skipped: %s", where,
		       r->name, r->iface, r->address, r->port, r->why);
		f->rejected[kept++] = *r;
	}
	f->nr_rejected = kept;
}

static int compare_services(const void *x, const void *y)
{
	const struct nvmf_mdns_service *a = x, *b = y;
	int ret = strcmp(a->name, b->name);

	if (ret)
		return ret;
	ret = strcmp(a->iface, b->iface);
	return ret ? ret : strcmp(a->traddr, b->traddr);
}

static void service_params(const struct nvmf_mdns_service *svc, struct nvmf_params *p)
{
	struct nvmf_params none;

	nvmf_params_init(&none);
	nvmf_mdns_params(&none, svc, p);
}

/* Keep the first of each controller: one announced on two interfaces, or over IPv4 and IPv6. */
static void drop_duplicates(struct nvmf_mdns_found *f, const char *where)
{
	size_t kept = 0;

	for (size_t i = 0; i < f->nr_services; i++) {
		struct nvmf_params p, q;
		size_t j;

		service_params(&f->services[i], &p);
		for (j = 0; j < kept; j++) {
			service_params(&f->services[j], &q);
			if (nvmf_mdns_same_ctrl(&p, &q))
				break;
		}
		if (j < kept) {
			debugf("%s: '%s' on %s is '%s' on %s again: visited once", where,
			       f->services[i].name, f->services[i].iface,
			       f->services[j].name, f->services[j].iface);
			continue;
		}
		f->services[kept++] = f->services[i];
	}
	f->nr_services = kept;
}

int nvmf_mdns_find(unsigned int timeout_s, const char *where, struct nvmf_mdns_found *found)
{
	struct find_state st = { .found = found, .where = where };
	int ret;

	memset(found, 0, sizeof(*found));
	ret = nvmf_mdns->browse(timeout_s, where, found_one, &st);
	if (ret == 0 && st.err)
		ret = errorf(st.err, "%s: out of memory", where);
	if (ret < 0) {
		nvmf_mdns_found_free(found);
		return ret;
	}
	if (found->nr_services)
		qsort(found->services, found->nr_services, sizeof(*found->services), compare_services);
	drop_duplicates(found, where);
	report_rejected(found, where);
	debugf("%s: %zu discovery controller(s) announced, %zu announcement(s) skipped", where,
	       found->nr_services, found->nr_rejected);
	return 0;
}

void nvmf_mdns_found_free(struct nvmf_mdns_found *found)
{
	free(found->services);
	free(found->rejected);
	memset(found, 0, sizeof(*found));
}

/*
 * A note is three lines: the controller's address as sysfs shows it (so a
 * later controller of the same name is not mistaken for it), the service
 * name, the interface.
 */
static int note_path(const char *ctrl, char *buf, size_t len)
{
	return root_path(buf, len, "/run/nvmf/mdns/%s", ctrl);
}

int nvmf_mdns_note(const char *ctrl, const struct nvmf_mdns_service *svc)
{
	char dir[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX + 8];
	struct nvmf_ctrl c;
	FILE *f;
	int ret;

	ret = nvmf_ctrl_read(ctrl, &c);
	if (ret < 0)
		return ret;
	if (root_path(dir, sizeof(dir), "/run/nvmf/mdns") < 0 || note_path(ctrl, path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	ret = make_dirs(dir, 0755);
	if (ret < 0)
		return ret;
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f, "%s\n%s\n%s\n", c.address, svc->name, svc->iface);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		ret = -errno;
		unlink(tmp);
		return ret;
	}
	return 0;
}

static bool read_line(FILE *f, char *buf, size_t len)
{
	if (!fgets(buf, len, f))
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

bool nvmf_mdns_noted(const struct nvmf_ctrl *c, char *name, size_t name_len,
		     char *iface, size_t iface_len)
{
	char path[PATH_MAX], line[1024];
	bool ok = false;
	FILE *f;

	if (!c->discovery || note_path(c->name, path, sizeof(path)) < 0)
		return false;
	f = fopen(path, "re");
	if (!f)
		return false;
	if (read_line(f, line, sizeof(line)) && !strcmp(line, c->address) &&
	    read_line(f, line, sizeof(line))) {
		strlcopy(name, line, name_len);
		ok = read_line(f, iface, iface_len);
	}
	fclose(f);
	return ok;
}
