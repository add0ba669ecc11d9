// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "topology.h"
#include "util.h"

#define SYS_NVME	"/sys/class/nvme"
#define SYS_SUBSYS	"/sys/class/nvme-subsystem"
#define SUBSYS_PREFIX	"nvme-subsys"

/*
 * The kernel names controllers nvme<ctrl>, namespace block devices
 * nvme<subsys>n<ns> (nvme<ctrl>n<ns> without multipath) and the hidden
 * per-path devices under a multipath head nvme<subsys>c<ctrl>n<ns>.
 */
enum nvme_name_kind {
	NVME_NAME_CTRL,
	NVME_NAME_NS,
	NVME_NAME_PATH,
};

struct nvme_name {
	enum nvme_name_kind kind;
	int first;		/* the number after "nvme" */
	int ctrl;		/* NVME_NAME_PATH only */
	int ns;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An instance number as the kernel prints it: digits, no sign, no leading zero. */
static const char *parse_instance(const char *s, int *out)
{
	long v = 0;

	if (!is_digit(*s) || (s[0] == '0' && is_digit(s[1])))
		return NULL;
	for (; is_digit(*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return NULL;
	}
	*out = (int)v;
	return s;
}

static int parse_nvme_name(const char *s, struct nvme_name *nn)
{
	if (strncmp(s, "nvme", 4))
		return -EINVAL;
	s = parse_instance(s + 4, &nn->first);
	if (!s)
		return -EINVAL;
	if (!*s) {
		nn->kind = NVME_NAME_CTRL;
		return 0;
	}
	nn->kind = NVME_NAME_NS;
	if (*s == 'c') {
		nn->kind = NVME_NAME_PATH;
		s = parse_instance(s + 1, &nn->ctrl);
		if (!s)
			return -EINVAL;
	}
	if (*s != 'n')
		return -EINVAL;
	s = parse_instance(s + 1, &nn->ns);
	return s && !*s ? 0 : -EINVAL;
}

static bool is_subsys_name(const char *s)
{
	int instance;

	if (strncmp(s, SUBSYS_PREFIX, strlen(SUBSYS_PREFIX)))
		return false;
	s = parse_instance(s + strlen(SUBSYS_PREFIX), &instance);
	return s && !*s;
}

struct addr_field {
	const char *key;
	size_t offset;
	size_t size;
};

#define ADDR_FIELD(f) \
	{ #f, offsetof(struct nvmf_addr, f), sizeof(((struct nvmf_addr *)NULL)->f) }

static const struct addr_field addr_fields[] = {
	ADDR_FIELD(traddr),
	ADDR_FIELD(trsvcid),
	ADDR_FIELD(host_traddr),
	ADDR_FIELD(host_iface),
	ADDR_FIELD(src_addr),
};

static int parse_address_pair(const char *s, size_t len, struct nvmf_addr *addr)
{
	const char *eq = memchr(s, '=', len);
	size_t keylen, vallen;
	size_t i;

	if (!eq || eq == s)
		return -EINVAL;
	keylen = eq - s;
	vallen = len - keylen - 1;
	for (i = 0; i < ARRAY_SIZE(addr_fields); i++) {
		const struct addr_field *f = &addr_fields[i];
		char *dst = (char *)addr + f->offset;

		if (strlen(f->key) != keylen || memcmp(f->key, s, keylen))
			continue;
		if (vallen >= f->size)
			return -EINVAL;
		memcpy(dst, eq + 1, vallen);
		dst[vallen] = '\0';
		return 0;
	}
	return 0;
}

int nvmf_parse_address(const char *s, struct nvmf_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (!*s)
		return 0;
	for (;;) {
		size_t len = strcspn(s, ",");
		int ret = parse_address_pair(s, len, addr);

		if (ret < 0) {
			memset(addr, 0, sizeof(*addr));
			return ret;
		}
		if (!s[len])
			return 0;
		s += len + 1;
	}
}

/* An attribute the kernel does not show reads as "". */
static void read_ctrl_attr(const char *ctrl, const char *attr, char *buf, size_t len)
{
	if (read_root_text(buf, len, SYS_NVME "/%s/%s", ctrl, attr) < 0)
		buf[0] = '\0';
}

/* sysfs shows -1 as "off" for the timeouts. */
static int read_ctrl_int(const char *ctrl, const char *attr)
{
	char buf[32];
	long long v;

	if (read_root_text(buf, sizeof(buf), SYS_NVME "/%s/%s", ctrl, attr) < 0)
		return NVMF_UNSET;
	if (!strcmp(buf, "off"))
		return -1;
	if (parse_long(buf, INT_MIN + 1LL, INT_MAX, &v) < 0)
		return NVMF_UNSET;
	return (int)v;
}

/*
 * The attribute shows "none" or the key itself. Reading a few bytes tells
 * them apart, and keeps the key out of our memory.
 */
static bool read_ctrl_secret_set(const char *ctrl, const char *attr)
{
	char buf[8];

	if (read_root_text(buf, sizeof(buf), SYS_NVME "/%s/%s", ctrl, attr) <= 0)
		return false;
	return strcmp(buf, "none") != 0;
}

/* serial, model and firmware_rev of a controller or subsystem directory */
static void read_ident(const char *dir, struct nvmf_ident *id)
{
	if (read_root_text(id->serial, sizeof(id->serial), "%s/serial", dir) < 0)
		id->serial[0] = '\0';
	if (read_root_text(id->model, sizeof(id->model), "%s/model", dir) < 0)
		id->model[0] = '\0';
	if (read_root_text(id->firmware_rev, sizeof(id->firmware_rev), "%s/firmware_rev", dir) < 0)
		id->firmware_rev[0] = '\0';
}

/*
 * tls_key shows the serial of the key a TLS connection uses; it is empty
 * or missing for a plain one, and missing on kernels before 6.7.
 */
static bool read_ctrl_tls(const char *ctrl, char *key, size_t len)
{
	if (read_root_text(key, len, SYS_NVME "/%s/tls_key", ctrl) > 0)
		return true;
	key[0] = '\0';
	return false;
}

/*
 * Read controller @name. With @all false, only what matching a connection
 * needs: transport, address, subsysnqn, cntrltype, hostnqn, state and the
 * security set up.
 */
static int read_ctrl(const char *name, int instance, struct nvmf_ctrl *c, bool all)
{
	char shown[600], dir[64];
	int ret;

	memset(c, 0, sizeof(*c));
	strlcopy(c->name, name, sizeof(c->name));
	c->instance = instance;

	ret = read_root_text(c->transport, sizeof(c->transport), SYS_NVME "/%s/transport", name);
	if (ret == -ENOENT || ret == -ENODEV)
		return -ENODEV;
	if (ret < 0)
		return ret;
	if (!strcmp(c->transport, "pcie"))
		return -EOPNOTSUPP;

	read_ctrl_attr(name, "address", c->address, sizeof(c->address));
	read_ctrl_attr(name, "subsysnqn", c->subsysnqn, sizeof(c->subsysnqn));
	read_ctrl_attr(name, "cntrltype", c->cntrltype, sizeof(c->cntrltype));
	read_ctrl_attr(name, "hostnqn", c->hostnqn, sizeof(c->hostnqn));
	c->dhchap_secret = read_ctrl_secret_set(name, "dhchap_secret");
	c->dhchap_ctrl_secret = read_ctrl_secret_set(name, "dhchap_ctrl_secret");
	c->tls = !strcmp(c->transport, "tcp") && read_ctrl_tls(name, c->tls_key, sizeof(c->tls_key));
	if (all) {
		read_ctrl_attr(name, "hostid", c->hostid, sizeof(c->hostid));
		c->cntlid = read_ctrl_int(name, "cntlid");
		c->kato = read_ctrl_int(name, "kato");
		c->ctrl_loss_tmo = read_ctrl_int(name, "ctrl_loss_tmo");
		c->reconnect_delay = read_ctrl_int(name, "reconnect_delay");
		c->fast_io_fail_tmo = read_ctrl_int(name, "fast_io_fail_tmo");
		if (c->tls) {
			/* shown only when given on connecting */
			read_ctrl_attr(name, "tls_configured_key", c->tls_configured_key,
				       sizeof(c->tls_configured_key));
			read_ctrl_attr(name, "tls_keyring", c->tls_keyring, sizeof(c->tls_keyring));
		}
		snprintf(dir, sizeof(dir), SYS_NVME "/%s", name);
		read_ident(dir, &c->ident);
	} else {
		c->cntlid = c->kato = c->ctrl_loss_tmo = NVMF_UNSET;
		c->reconnect_delay = c->fast_io_fail_tmo = NVMF_UNSET;
	}
	c->discovery = !strcmp(c->cntrltype, "discovery") || !strcmp(c->subsysnqn, NVMF_DISC_NQN);

	/* Read last: if the controller went away meanwhile, this tells. */
	ret = read_root_text(c->state, sizeof(c->state), SYS_NVME "/%s/state", name);
	if (ret == -ENOENT || ret == -ENODEV)
		return -ENODEV;

	if (nvmf_parse_address(c->address, &c->addr) < 0)
		warnf("%s: cannot parse address '%s'", name,
		      printable(c->address, shown, sizeof(shown)));
	return 0;
}

/* The subsystem linking to @ctrl, for a controller read on its own. */
static void find_ctrl_subsys(const char *ctrl, char *buf, size_t len)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;

	buf[0] = '\0';
	if (root_path(path, sizeof(path), SYS_SUBSYS) < 0)
		return;
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!is_subsys_name(e->d_name))
			continue;
		if (root_path(path, sizeof(path), SYS_SUBSYS "/%s/%s", e->d_name, ctrl) < 0)
			continue;
		if (!lstat(path, &st)) {
			strlcopy(buf, e->d_name, len);
			break;
		}
	}
	closedir(d);
}

int nvmf_topology_add(struct nvmf_topology *t, const char *name)
{
	struct nvmf_ctrl c, *grown;
	struct nvme_name nn;
	size_t pos = 0;
	int ret;

	if (parse_nvme_name(name, &nn) < 0 || nn.kind != NVME_NAME_CTRL)
		return -EINVAL;
	ret = read_ctrl(name, nn.first, &c, true);
	if (ret < 0)
		return ret;
	while (pos < t->nr_ctrls && t->ctrls[pos].instance < c.instance)
		pos++;
	if (pos < t->nr_ctrls && t->ctrls[pos].instance == c.instance) {
		t->ctrls[pos] = c;	/* the instance was freed and taken again */
		return 0;
	}
	grown = realloc(t->ctrls, (t->nr_ctrls + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	t->ctrls = grown;
	memmove(&t->ctrls[pos + 1], &t->ctrls[pos], (t->nr_ctrls - pos) * sizeof(c));
	t->ctrls[pos] = c;
	t->nr_ctrls++;
	for (size_t i = 0; i < t->nr_subsys; i++)
		for (size_t j = 0; j < t->subsys[i].nr_ctrls; j++)
			if (t->subsys[i].ctrls[j] >= pos)
				t->subsys[i].ctrls[j]++;
	return 0;
}

int nvmf_ctrl_read(const char *name, struct nvmf_ctrl *c)
{
	struct nvme_name nn;
	int ret;

	if (parse_nvme_name(name, &nn) < 0 || nn.kind != NVME_NAME_CTRL)
		return -EINVAL;
	ret = read_ctrl(name, nn.first, c, true);
	if (ret < 0)
		return ret;
	find_ctrl_subsys(name, c->subsys, sizeof(c->subsys));
	return 0;
}

/* Call @fn for each entry of a directory below the root; stop at its first error. */
static int for_each_entry(const char *dir, int (*fn)(const char *name, void *arg), void *arg)
{
	char path[PATH_MAX];
	struct dirent *e;
	int ret;
	DIR *d;

	ret = root_path(path, sizeof(path), "%s", dir);
	if (ret < 0)
		return ret;
	d = opendir(path);
	if (!d)
		return -errno;
	for (;;) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			ret = -errno;
			break;
		}
		ret = fn(e->d_name, arg);
		if (ret < 0)
			break;
	}
	closedir(d);
	return ret;
}

/* Make room for one more element: the array, maybe moved, or NULL. */
static void *grow(void *array, size_t nr, size_t *alloc, size_t size)
{
	size_t n = *alloc ? 2 * *alloc : 16;
	void *p;

	if (nr < *alloc)
		return array;
	p = reallocarray(array, n, size);
	if (p)
		*alloc = n;
	return p;
}

/*
 * A namespace found during the scan, before it is given to its subsystem:
 * a multipath head sits in its subsystem's directory, a namespace without
 * multipath in its controller's.
 */
struct found_ns {
	char subsys[32];	/* the head's subsystem, or "" */
	int ctrl;		/* the holding controller's instance, or -1 */
	char dir[64];		/* the directory it is in, below the root */
	struct nvmf_ns ns;
};

struct scan {
	struct nvmf_topology *t;
	size_t ctrls_alloc;
	size_t subsys_alloc;
	struct found_ns *ns;
	size_t nr_ns;
	size_t ns_alloc;
	char dir[PATH_MAX];	/* the directory being read, below the root */
	const char *owner;	/* its controller or subsystem */
	int owner_ctrl;		/* the controller's instance, or -1 */
	struct nvmf_ident owner_ident;
	bool connections_only;	/* nvmf_topology_scan_connections() */
};

static int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!is_digit(*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

/* A number attribute of a namespace, or NVMF_NS_UNKNOWN. */
static uint64_t read_ns_number(const char *dir, const char *name, const char *attr)
{
	uint64_t v;
	char buf[32];

	if (read_root_text(buf, sizeof(buf), "%s/%s/%s", dir, name, attr) < 0 ||
	    parse_u64(buf, &v) < 0)
		return NVMF_NS_UNKNOWN;
	return v;
}

/*
 * The kernel names a namespace's generic device after its block device,
 * nvme1n1 and ng1n1 (Linux 5.13 on); it has one for each block device
 * that is not a hidden path.
 */
static void find_generic(const char *name, char *generic, size_t len)
{
	char path[PATH_MAX];
	struct stat st;

	generic[0] = '\0';
	if (root_path(path, sizeof(path), "/sys/class/nvme-generic/ng%s", name + strlen("nvme")) < 0 ||
	    lstat(path, &st) < 0)
		return;
	snprintf(generic, len, "ng%s", name + strlen("nvme"));
}

static int read_ns(const char *dir, const char *name, const struct nvme_name *nn,
		   struct nvmf_ns *ns)
{
	uint64_t sectors, nsid;
	char buf[32];

	if (read_root_text(buf, sizeof(buf), "%s/%s/size", dir, name) < 0 ||
	    parse_u64(buf, &sectors) < 0 || sectors > UINT64_MAX / 512)
		return -ENODEV;
	memset(ns, 0, sizeof(*ns));
	strlcopy(ns->name, name, sizeof(ns->name));
	ns->size = sectors * 512;
	/*
	 * Lacking the nsid attribute, take the number in the name: allocated
	 * per subsystem, it is the NSID only as a rule.
	 */
	nsid = read_ns_number(dir, name, "nsid");
	if (!nsid || nsid > UINT32_MAX)
		nsid = nn->ns;
	ns->nsid = (unsigned int)nsid;
	find_generic(name, ns->generic, sizeof(ns->generic));
	ns->lba_size = read_ns_number(dir, name, "queue/logical_block_size");
	if (!ns->lba_size)
		ns->lba_size = NVMF_NS_UNKNOWN;
	ns->metadata_bytes = read_ns_number(dir, name, "metadata_bytes");
	ns->usage = NVMF_NS_UNKNOWN;	/* read_usage(), all at once */
	return 0;
}

/* Namespaces whose nuse is read at once: each read asks the controller. */
#define NUSE_THREADS 32

/*
 * nuse counts blocks in use. Reading it makes the kernel send Identify
 * Namespace (at most once in 5 s per namespace) and wait for the answer,
 * so the namespaces of a scan are read in parallel.
 */
static void read_usage(size_t i, void *arg)
{
	struct found_ns *f = (struct found_ns *)arg + i;
	uint64_t nuse = read_ns_number(f->dir, f->ns.name, "nuse");

	if (nuse != NVMF_NS_UNKNOWN && f->ns.lba_size != NVMF_NS_UNKNOWN &&
	    nuse <= UINT64_MAX / f->ns.lba_size)
		f->ns.usage = nuse * f->ns.lba_size;
}

static int add_found_ns(struct scan *sc, const char *name, const struct nvme_name *nn)
{
	struct found_ns *f, *p;

	p = grow(sc->ns, sc->nr_ns, &sc->ns_alloc, sizeof(*sc->ns));
	if (!p)
		return -ENOMEM;
	sc->ns = p;
	f = &sc->ns[sc->nr_ns];
	if (read_ns(sc->dir, name, nn, &f->ns) < 0)
		return 0;
	strlcopy(f->dir, sc->dir, sizeof(f->dir));
	f->ns.ident = sc->owner_ident;
	if (sc->owner_ctrl >= 0) {
		f->subsys[0] = '\0';
		f->ctrl = sc->owner_ctrl;
		strlcopy(f->ns.ctrl, sc->owner, sizeof(f->ns.ctrl));
	} else {
		strlcopy(f->subsys, sc->owner, sizeof(f->subsys));
		f->ctrl = -1;
	}
	sc->nr_ns++;
	return 0;
}

/* In a controller's directory, only a namespace without multipath matters. */
static int add_ctrl_entry(const char *name, void *arg)
{
	struct nvme_name nn;

	if (parse_nvme_name(name, &nn) < 0 || nn.kind != NVME_NAME_NS)
		return 0;
	return add_found_ns(arg, name, &nn);
}

static int add_ctrl(const char *name, void *arg)
{
	struct scan *sc = arg;
	struct nvmf_topology *t = sc->t;
	struct nvmf_ctrl *p;
	struct nvme_name nn;
	int ret;

	if (parse_nvme_name(name, &nn) < 0 || nn.kind != NVME_NAME_CTRL)
		return 0;
	p = grow(t->ctrls, t->nr_ctrls, &sc->ctrls_alloc, sizeof(*t->ctrls));
	if (!p)
		return -ENOMEM;
	t->ctrls = p;
	ret = read_ctrl(name, nn.first, &t->ctrls[t->nr_ctrls], !sc->connections_only);
	if (ret == -ENODEV || ret == -EOPNOTSUPP)
		return 0;
	if (ret < 0)
		return ret;
	t->nr_ctrls++;
	if (sc->connections_only)
		return 0;

	snprintf(sc->dir, sizeof(sc->dir), SYS_NVME "/%s", name);
	sc->owner = name;
	sc->owner_ctrl = nn.first;
	sc->owner_ident = t->ctrls[t->nr_ctrls - 1].ident;
	ret = for_each_entry(sc->dir, add_ctrl_entry, sc);
	/* A controller gone since it was read keeps its place, without namespaces. */
	return ret == -ENOMEM ? ret : 0;
}

static int cmp_ctrl(const void *a, const void *b)
{
	const struct nvmf_ctrl *x = a, *y = b;

	return (x->instance > y->instance) - (x->instance < y->instance);
}

static int cmp_ctrl_instance(const void *key, const void *elem)
{
	const struct nvmf_ctrl *c = elem;
	int instance = *(const int *)key;

	return (instance > c->instance) - (instance < c->instance);
}

static struct nvmf_ctrl *find_ctrl(const struct nvmf_topology *t, int instance)
{
	if (!t->nr_ctrls)
		return NULL;
	return bsearch(&instance, t->ctrls, t->nr_ctrls, sizeof(*t->ctrls), cmp_ctrl_instance);
}

/*
 * A subsystem's directory links to its controllers and holds its multipath
 * heads. The controllers are sorted by now, so a link finds its controller.
 */
static int add_subsys_entry(const char *name, void *arg)
{
	struct scan *sc = arg;
	struct nvmf_ctrl *c;
	struct nvme_name nn;

	if (parse_nvme_name(name, &nn) < 0)
		return 0;
	if (nn.kind == NVME_NAME_NS)
		return add_found_ns(sc, name, &nn);
	if (nn.kind == NVME_NAME_CTRL) {
		c = find_ctrl(sc->t, nn.first);
		if (c)
			strlcopy(c->subsys, sc->owner, sizeof(c->subsys));
	}
	return 0;
}

static int add_subsys(const char *name, void *arg)
{
	struct scan *sc = arg;
	struct nvmf_topology *t = sc->t;
	struct nvmf_subsys *s;
	int ret;

	if (!is_subsys_name(name))
		return 0;
	s = grow(t->subsys, t->nr_subsys, &sc->subsys_alloc, sizeof(*t->subsys));
	if (!s)
		return -ENOMEM;
	t->subsys = s;
	s = &t->subsys[t->nr_subsys];
	memset(s, 0, sizeof(*s));
	strlcopy(s->name, name, sizeof(s->name));
	if (read_root_text(s->nqn, sizeof(s->nqn), SYS_SUBSYS "/%s/subsysnqn", name) < 0)
		return 0;
	if (read_root_text(s->subsystype, sizeof(s->subsystype),
			   SYS_SUBSYS "/%s/subsystype", name) < 0)
		s->subsystype[0] = '\0';
	t->nr_subsys++;

	snprintf(sc->dir, sizeof(sc->dir), SYS_SUBSYS "/%s", name);
	read_ident(sc->dir, &s->ident);
	sc->owner = s->name;
	sc->owner_ctrl = -1;
	sc->owner_ident = s->ident;
	ret = for_each_entry(sc->dir, add_subsys_entry, sc);
	return ret == -ENOMEM ? ret : 0;
}

static int cmp_subsys(const void *a, const void *b)
{
	const struct nvmf_subsys *x = a, *y = b;

	return strverscmp(x->name, y->name);
}

static int cmp_subsys_name(const void *key, const void *elem)
{
	const struct nvmf_subsys *s = elem;

	return strverscmp(key, s->name);
}

static struct nvmf_subsys *find_subsys(const struct nvmf_topology *t, const char *name)
{
	if (!t->nr_subsys)
		return NULL;
	return bsearch(name, t->subsys, t->nr_subsys, sizeof(*t->subsys), cmp_subsys_name);
}

/*
 * Without a link, a controller joins the subsystem of its NQN; never a
 * discovery one, as the kernel gives each discovery controller its own.
 */
static void link_by_nqn(struct nvmf_topology *t, struct nvmf_ctrl *c)
{
	size_t i;

	if (!c->subsysnqn[0] || !strcmp(c->subsysnqn, NVMF_DISC_NQN))
		return;
	for (i = 0; i < t->nr_subsys; i++) {
		if (!strcmp(t->subsys[i].nqn, c->subsysnqn)) {
			strlcopy(c->subsys, t->subsys[i].name, sizeof(c->subsys));
			return;
		}
	}
}

/* Count, allocate, fill: in controller order, so each list comes out sorted. */
static int group_ctrls(struct nvmf_topology *t)
{
	struct nvmf_subsys *s;
	size_t i;

	for (i = 0; i < t->nr_ctrls; i++) {
		if (!t->ctrls[i].subsys[0])
			link_by_nqn(t, &t->ctrls[i]);
		s = find_subsys(t, t->ctrls[i].subsys);
		if (s)
			s->nr_ctrls++;
	}
	for (i = 0; i < t->nr_subsys; i++) {
		s = &t->subsys[i];
		if (!s->nr_ctrls)
			continue;
		s->ctrls = calloc(s->nr_ctrls, sizeof(*s->ctrls));
		if (!s->ctrls)
			return -ENOMEM;
		s->nr_ctrls = 0;
	}
	for (i = 0; i < t->nr_ctrls; i++) {
		s = find_subsys(t, t->ctrls[i].subsys);
		if (s)
			s->ctrls[s->nr_ctrls++] = i;
	}
	return 0;
}

static struct nvmf_subsys *ns_subsys(const struct nvmf_topology *t, const struct found_ns *f)
{
	const struct nvmf_ctrl *c;

	if (f->ctrl < 0)
		return find_subsys(t, f->subsys);
	c = find_ctrl(t, f->ctrl);
	return c ? find_subsys(t, c->subsys) : NULL;
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nvmf_ns *x = a, *y = b;

	if (x->nsid != y->nsid)
		return x->nsid < y->nsid ? -1 : 1;
	return strverscmp(x->name, y->name);
}

static void sort_ns(struct nvmf_subsys *s)
{
	size_t i, n = 0;

	if (!s->nr_ns)
		return;
	qsort(s->ns, s->nr_ns, sizeof(*s->ns), cmp_ns);
	for (i = 0; i < s->nr_ns; i++) {
		if (n && !strcmp(s->ns[n - 1].name, s->ns[i].name))
			continue;
		s->ns[n++] = s->ns[i];
	}
	s->nr_ns = n;
}

static int group_ns(struct nvmf_topology *t, const struct found_ns *found, size_t nr)
{
	struct nvmf_subsys *s;
	size_t i;

	for (i = 0; i < nr; i++) {
		s = ns_subsys(t, &found[i]);
		if (s)
			s->nr_ns++;
	}
	for (i = 0; i < t->nr_subsys; i++) {
		s = &t->subsys[i];
		if (!s->nr_ns)
			continue;
		s->ns = calloc(s->nr_ns, sizeof(*s->ns));
		if (!s->ns)
			return -ENOMEM;
		s->nr_ns = 0;
	}
	for (i = 0; i < nr; i++) {
		s = ns_subsys(t, &found[i]);
		if (s)
			s->ns[s->nr_ns++] = found[i].ns;
	}
	for (i = 0; i < t->nr_subsys; i++)
		sort_ns(&t->subsys[i]);
	return 0;
}

/* A subsystem of PCIe controllers only, or of none left, is not ours. */
static void drop_empty_subsys(struct nvmf_topology *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nr_subsys; i++) {
		if (!t->subsys[i].nr_ctrls) {
			free(t->subsys[i].ns);
			continue;
		}
		t->subsys[n++] = t->subsys[i];
	}
	t->nr_subsys = n;
}

static int scan(struct scan *sc)
{
	struct nvmf_topology *t = sc->t;
	int ret;

	ret = for_each_entry(SYS_NVME, add_ctrl, sc);
	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		return ret;
	if (!t->nr_ctrls)
		return 0;
	qsort(t->ctrls, t->nr_ctrls, sizeof(*t->ctrls), cmp_ctrl);
	if (sc->connections_only)
		return 0;

	ret = for_each_entry(SYS_SUBSYS, add_subsys, sc);
	if (ret < 0 && ret != -ENOENT)
		return ret;
	parallel_for(sc->nr_ns, NUSE_THREADS, read_usage, sc->ns);
	if (t->nr_subsys)
		qsort(t->subsys, t->nr_subsys, sizeof(*t->subsys), cmp_subsys);

	ret = group_ctrls(t);
	if (ret < 0)
		return ret;
	ret = group_ns(t, sc->ns, sc->nr_ns);
	if (ret < 0)
		return ret;
	drop_empty_subsys(t);
	return 0;
}

static int scan_topology(struct nvmf_topology *t, bool connections_only)
{
	struct scan sc = { .t = t, .connections_only = connections_only };
	int ret;

	memset(t, 0, sizeof(*t));
	ret = scan(&sc);
	free(sc.ns);
	if (ret < 0) {
		nvmf_topology_free(t);
		return errorf(ret, "cannot scan the NVMe controllers in %s/sys/class: %s",
			      nvmf_root(), strerror(-ret));
	}
	return 0;
}

int nvmf_topology_scan(struct nvmf_topology *t)
{
	return scan_topology(t, false);
}

int nvmf_topology_scan_connections(struct nvmf_topology *t)
{
	return scan_topology(t, true);
}

void nvmf_topology_free(struct nvmf_topology *t)
{
	size_t i;

	for (i = 0; i < t->nr_subsys; i++) {
		free(t->subsys[i].ctrls);
		free(t->subsys[i].ns);
	}
	free(t->subsys);
	free(t->ctrls);
	memset(t, 0, sizeof(*t));
}

static bool is_being_deleted(const struct nvmf_ctrl *c)
{
	return !strcmp(c->state, "deleting") || !strcmp(c->state, "deleting (no IO)") ||
	       !strcmp(c->state, "dead");
}

/* A field @p leaves unset matches only an empty one. */
static bool same(const char *want, const char *have)
{
	return !strcmp(want ? want : "", have);
}

/* FC addresses are nn-0x...:pn-0x... in hex, which users write in either case. */
static bool same_addr(const char *transport, const char *want, const char *have)
{
	if (strcmp(transport, "fc"))
		return same(want, have);
	return !strcasecmp(want ? want : "", have);
}

bool nvmf_ctrl_matches(const struct nvmf_ctrl *c, const struct nvmf_params *p)
{
	if (is_being_deleted(c))
		return false;
	return same(p->subsysnqn, c->subsysnqn) &&
	       same(p->transport, c->transport) &&
	       same_addr(c->transport, p->traddr, c->addr.traddr) &&
	       same(p->trsvcid, c->addr.trsvcid) &&
	       same_addr(c->transport, p->host_traddr, c->addr.host_traddr) &&
	       ((p->host_iface_implied && !c->addr.host_iface[0]) ||
		same(p->host_iface, c->addr.host_iface)) &&
	       same(p->hostnqn, c->hostnqn);
}

const char *nvmf_ctrl_lacks(const struct nvmf_ctrl *c, const struct nvmf_params *p)
{
	if (p->dhchap_secret && !c->dhchap_secret)
		return "DH-HMAC-CHAP";
	if (p->dhchap_ctrl_secret && !c->dhchap_ctrl_secret)
		return "bidirectional DH-HMAC-CHAP";
	if (nvmf_params_want_tls(p) && !c->tls)
		return "TLS";
	return NULL;
}

const struct nvmf_ctrl *nvmf_topology_find(const struct nvmf_topology *t, const struct nvmf_params *p)
{
	const struct nvmf_ctrl *first = NULL;
	size_t i;

	for (i = 0; i < t->nr_ctrls; i++) {
		if (!nvmf_ctrl_matches(&t->ctrls[i], p))
			continue;
		if (!nvmf_ctrl_lacks(&t->ctrls[i], p))
			return &t->ctrls[i];
		if (!first)
			first = &t->ctrls[i];
	}
	return first;
}

static int store_ctrl(const struct nvmf_topology *t, int instance, size_t *idx, size_t max)
{
	const struct nvmf_ctrl *c = find_ctrl(t, instance);

	if (!c)
		return -ENODEV;
	if (max)
		idx[0] = c - t->ctrls;
	return 1;
}

static const struct nvmf_subsys *find_ns(const struct nvmf_topology *t, const char *name,
					 const struct nvmf_ns **ns)
{
	size_t i, j;

	for (i = 0; i < t->nr_subsys; i++) {
		for (j = 0; j < t->subsys[i].nr_ns; j++) {
			if (!strcmp(t->subsys[i].ns[j].name, name)) {
				*ns = &t->subsys[i].ns[j];
				return &t->subsys[i];
			}
		}
	}
	return NULL;
}

static int resolve_ns(const struct nvmf_topology *t, const char *name, size_t *idx, size_t max)
{
	const struct nvmf_subsys *s;
	const struct nvmf_ns *ns;
	struct nvme_name nn;
	size_t i;

	s = find_ns(t, name, &ns);
	if (!s)
		return -ENODEV;
	if (ns->ctrl[0]) {
		if (parse_nvme_name(ns->ctrl, &nn) < 0)
			return -ENODEV;
		return store_ctrl(t, nn.first, idx, max);
	}
	for (i = 0; i < s->nr_ctrls && i < max; i++)
		idx[i] = s->ctrls[i];
	return (int)s->nr_ctrls;
}

int nvmf_topology_resolve_device(const struct nvmf_topology *t, const char *dev, size_t *idx, size_t max)
{
	const char *name = strncmp(dev, "/dev/", 5) ? dev : dev + 5;
	struct nvme_name nn;

	if (parse_nvme_name(name, &nn) < 0)
		return -EINVAL;
	switch (nn.kind) {
	case NVME_NAME_CTRL:
		return store_ctrl(t, nn.first, idx, max);
	case NVME_NAME_PATH:
		return store_ctrl(t, nn.ctrl, idx, max);
	case NVME_NAME_NS:
		break;
	}
	return resolve_ns(t, name, idx, max);
}
