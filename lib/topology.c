// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "topology.h"
#include "util.h"

#define SYS_NVME	"/sys/class/nvme"
#define SYS_SUBSYS	"/sys/class/nvme-subsystem"
#define SYS_GENERIC	"/sys/class/nvme-generic"

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

/*
 * sysfs is read the way util-linux reads it: each device's directory is
 * opened once and its attributes are read relative to it by typed readers,
 * so the kernel resolves /sys/class/nvme/nvmeX and its symlink once per
 * controller instead of once per attribute, and nothing formats full paths.
 */

/* Directory @name below the directory open at @at: an fd, or -errno. */
static int open_dir(int at, const char *name)
{
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* Directory @dir below the root prefix: an fd, or -errno. */
static int open_root_dir(const char *dir)
{
	char path[PATH_MAX];
	int ret = root_path(path, sizeof(path), "%s", dir);

	return ret < 0 ? ret : open_dir(AT_FDCWD, path);
}

/*
 * A DIR to list the directory open at @fd, which it takes over: closed if
 * that fails. A negative @fd is an error already, and returned as it is.
 */
static int list_dir(int fd, DIR **d)
{
	int err;

	if (fd < 0)
		return fd;
	*d = fdopendir(fd);
	if (*d)
		return 0;
	err = -errno;
	close(fd);
	return err;
}

/* 1 and the next entry of @d, 0 at its end, or -errno. */
static int next_entry(DIR *d, struct dirent **e)
{
	errno = 0;
	*e = readdir(d);
	return *e ? 1 : -errno;
}

/* An attribute the kernel does not show reads as "". */
static void read_string(int dir, const char *attr, char *buf, size_t len)
{
	if (read_text_at(dir, attr, buf, len) < 0)
		buf[0] = '\0';
}

/*
 * A count in [0, @max]; -errno if the kernel does not show it, or shows
 * something else. parse_long() stops at LLONG_MAX, past any count sysfs has.
 */
static int read_u64(int dir, const char *attr, uint64_t max, uint64_t *v)
{
	char buf[32];
	long long n;
	int ret;

	ret = read_text_at(dir, attr, buf, sizeof(buf));
	if (ret >= 0)
		ret = parse_long(buf, 0, max < LLONG_MAX ? (long long)max : LLONG_MAX, &n);
	if (ret < 0)
		return ret;
	*v = n;
	return 0;
}

/* NVMF_UNSET where the kernel does not show it; sysfs shows -1 as "off" for the timeouts. */
static int read_int(int dir, const char *attr)
{
	char buf[32];
	long long v;

	if (read_text_at(dir, attr, buf, sizeof(buf)) < 0)
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
static bool read_secret_set(int dir, const char *attr)
{
	char buf[8];

	if (read_text_at(dir, attr, buf, sizeof(buf)) <= 0)
		return false;
	return strcmp(buf, "none") != 0;
}

/* serial, model and firmware_rev of a controller or subsystem */
static void read_ident(int dir, struct nvmf_ident *id)
{
	read_string(dir, "serial", id->serial, sizeof(id->serial));
	read_string(dir, "model", id->model, sizeof(id->model));
	read_string(dir, "firmware_rev", id->firmware_rev, sizeof(id->firmware_rev));
}

/*
 * tls_key shows the serial of the key a TLS connection uses; it is empty
 * or missing for a plain one, and missing on kernels before 6.7.
 */
static bool read_tls(int dir, char *key, size_t len)
{
	if (read_text_at(dir, "tls_key", key, len) > 0)
		return true;
	key[0] = '\0';
	return false;
}

/* A controller's directory, -ENODEV if the controller is not there (any more). */
static int open_ctrl(int at, const char *name)
{
	int fd = open_dir(at, name);

	return fd == -ENOENT ? -ENODEV : fd;
}

/*
 * Read controller @name from its directory @dir. With @all false, only
 * what matching a connection needs: transport, address, subsysnqn,
 * cntrltype, hostnqn, state and the security set up.
 */
static int read_ctrl(int dir, const char *name, int instance, struct nvmf_ctrl *c, bool all)
{
	char shown[600];
	int ret;

	memset(c, 0, sizeof(*c));
	strlcopy(c->name, name, sizeof(c->name));
	c->instance = instance;

	ret = read_text_at(dir, "transport", c->transport, sizeof(c->transport));
	if (ret == -ENOENT || ret == -ENODEV)
		return -ENODEV;
	if (ret < 0)
		return ret;
	if (!strcmp(c->transport, "pcie"))
		return -EOPNOTSUPP;

	read_string(dir, "address", c->address, sizeof(c->address));
	read_string(dir, "subsysnqn", c->subsysnqn, sizeof(c->subsysnqn));
	read_string(dir, "cntrltype", c->cntrltype, sizeof(c->cntrltype));
	read_string(dir, "hostnqn", c->hostnqn, sizeof(c->hostnqn));
	c->dhchap_secret = read_secret_set(dir, "dhchap_secret");
	c->dhchap_ctrl_secret = read_secret_set(dir, "dhchap_ctrl_secret");
	c->tls = !strcmp(c->transport, "tcp") && read_tls(dir, c->tls_key, sizeof(c->tls_key));
	if (all) {
		read_string(dir, "hostid", c->hostid, sizeof(c->hostid));
		c->cntlid = read_int(dir, "cntlid");
		c->kato = read_int(dir, "kato");
		c->ctrl_loss_tmo = read_int(dir, "ctrl_loss_tmo");
		c->reconnect_delay = read_int(dir, "reconnect_delay");
		c->fast_io_fail_tmo = read_int(dir, "fast_io_fail_tmo");
		if (c->tls) {
			/* shown only when given on connecting */
			read_string(dir, "tls_configured_key", c->tls_configured_key,
				    sizeof(c->tls_configured_key));
			read_string(dir, "tls_keyring", c->tls_keyring, sizeof(c->tls_keyring));
		}
		read_ident(dir, &c->ident);
	} else {
		c->cntlid = c->kato = c->ctrl_loss_tmo = NVMF_UNSET;
		c->reconnect_delay = c->fast_io_fail_tmo = NVMF_UNSET;
	}
	c->discovery = !strcmp(c->cntrltype, "discovery") || !strcmp(c->subsysnqn, NVMF_DISC_NQN);

	/* Read last: if the controller went away meanwhile, this tells. */
	ret = read_text_at(dir, "state", c->state, sizeof(c->state));
	if (ret == -ENOENT || ret == -ENODEV)
		return -ENODEV;

	if (nvmf_parse_address(c->address, &c->addr) < 0)
		warnf("%s: cannot parse address '%s'", name,
		      printable(c->address, shown, sizeof(shown)));
	return 0;
}

/* Controller @name, read on its own rather than in a scan. */
static int read_named_ctrl(const char *name, struct nvmf_ctrl *c)
{
	char path[PATH_MAX];
	int instance = nvmf_ctrl_instance(name);
	int dir, ret;

	if (instance < 0)
		return instance;
	ret = root_path(path, sizeof(path), SYS_NVME "/%s", name);
	if (ret < 0)
		return ret;
	dir = open_ctrl(AT_FDCWD, path);
	if (dir < 0)
		return dir;
	ret = read_ctrl(dir, name, instance, c, true);
	close(dir);
	return ret;
}

/* The subsystem linking to @ctrl, for a controller read on its own. */
static void find_ctrl_subsys(const char *ctrl, char *buf, size_t len)
{
	char link[64];
	struct dirent *e;
	struct stat st;
	DIR *d;

	buf[0] = '\0';
	if (list_dir(open_root_dir(SYS_SUBSYS), &d) < 0)
		return;
	while (next_entry(d, &e) > 0) {
		if (nvmf_subsys_instance(e->d_name) < 0 ||
		    (size_t)snprintf(link, sizeof(link), "%s/%s", e->d_name, ctrl) >= sizeof(link))
			continue;
		if (!fstatat(dirfd(d), link, &st, AT_SYMLINK_NOFOLLOW)) {
			strlcopy(buf, e->d_name, len);
			break;
		}
	}
	closedir(d);
}

int nvmf_topology_add(struct nvmf_topology *t, const char *name)
{
	struct nvmf_ctrl c, *grown;
	size_t pos = 0;
	int ret;

	ret = read_named_ctrl(name, &c);
	if (ret < 0)
		return ret;
	while (pos < t->nr_ctrls && t->ctrls[pos].instance < c.instance)
		pos++;
	if (pos < t->nr_ctrls && t->ctrls[pos].instance == c.instance) {
		t->ctrls[pos] = c;	/* the instance was freed and taken again */
		return 0;
	}
	grown = grow_array(t->ctrls, t->nr_ctrls, sizeof(*grown));
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
	int ret = read_named_ctrl(name, c);

	if (ret < 0)
		return ret;
	find_ctrl_subsys(name, c->subsys, sizeof(c->subsys));
	return 0;
}

/*
 * A namespace found during the scan, before it is given to its subsystem:
 * a multipath head sits in its subsystem's directory, a namespace without
 * multipath in its controller's.
 */
struct found_ns {
	char subsys[32];	/* the head's subsystem, or "" */
	int ctrl;		/* the holding controller's instance, or -1 */
	struct nvmf_ns ns;
};

/* The controller or subsystem whose directory a namespace was found in */
struct ns_owner {
	const char *name;	/* nvme1, nvme-subsys1 */
	int ctrl;		/* the controller's instance, or -1 for a subsystem */
	const struct nvmf_ident *ident;
};

struct scan {
	struct nvmf_topology *t;
	bool connections_only;	/* nvmf_topology_scan_connections() */
	DIR *ctrls_dir;		/* /sys/class/nvme */
	DIR *subsys_dir;	/* /sys/class/nvme-subsystem, or NULL */
	int generic_dir;	/* /sys/class/nvme-generic, or -1 (before Linux 5.13) */
	struct found_ns *ns;
	size_t nr_ns;
};

/*
 * The kernel names a namespace's generic device after its block device,
 * nvme1n1 and ng1n1 (Linux 5.13 on); it has one for each block device
 * that is not a hidden path.
 */
static void find_generic(int generic_dir, const char *name, char *generic, size_t len)
{
	struct stat st;

	snprintf(generic, len, "ng%s", name + strlen("nvme"));
	if (generic_dir < 0 || fstatat(generic_dir, generic, &st, AT_SYMLINK_NOFOLLOW) < 0)
		generic[0] = '\0';
}

static int read_ns(int dir, const struct nvmf_name *nn, struct nvmf_ns *ns)
{
	uint64_t sectors, nsid;

	if (read_u64(dir, "size", UINT64_MAX / 512, &sectors) < 0)
		return -ENODEV;
	ns->size = sectors * 512;
	/*
	 * Lacking the nsid attribute, take the number in the name: allocated
	 * per subsystem, it is the NSID only as a rule.
	 */
	if (read_u64(dir, "nsid", UINT32_MAX, &nsid) < 0 || !nsid)
		nsid = nn->ns;
	ns->nsid = (unsigned int)nsid;
	if (read_u64(dir, "queue/logical_block_size", UINT64_MAX, &ns->lba_size) < 0 ||
	    !ns->lba_size)
		ns->lba_size = NVMF_NS_UNKNOWN;
	if (read_u64(dir, "metadata_bytes", UINT64_MAX, &ns->metadata_bytes) < 0)
		ns->metadata_bytes = NVMF_NS_UNKNOWN;
	ns->usage = NVMF_NS_UNKNOWN;	/* read_usage(), all at once */
	return 0;
}

/* Namespaces whose nuse is read at once: each read asks the controller. */
#define NUSE_THREADS 32

/*
 * nuse counts blocks in use. Reading it makes the kernel send Identify
 * Namespace (at most once in 5 s per namespace) and wait for the answer,
 * so the namespaces of a scan are read in parallel, once the scan is done.
 */
static void read_usage(size_t i, void *arg)
{
	const struct scan *sc = arg;
	struct found_ns *f = &sc->ns[i];
	bool head = f->ctrl < 0;
	char attr[80];
	uint64_t nuse;

	if (f->ns.lba_size == NVMF_NS_UNKNOWN)
		return;
	snprintf(attr, sizeof(attr), "%s/%s/nuse", head ? f->subsys : f->ns.ctrl, f->ns.name);
	if (!read_u64(dirfd(head ? sc->subsys_dir : sc->ctrls_dir), attr,
		      UINT64_MAX / f->ns.lba_size, &nuse))
		f->ns.usage = nuse * f->ns.lba_size;
}

/* Namespace @name in the directory @dir of @o; one that vanished is left out. */
static int add_ns(struct scan *sc, int dir, const struct ns_owner *o, const char *name,
		  const struct nvmf_name *nn)
{
	struct found_ns *f;
	int ns_dir, ret;

	f = grow_array(sc->ns, sc->nr_ns, sizeof(*sc->ns));
	if (!f)
		return -ENOMEM;
	sc->ns = f;
	f = &sc->ns[sc->nr_ns];
	memset(f, 0, sizeof(*f));
	ns_dir = open_dir(dir, name);
	if (ns_dir < 0)
		return 0;
	ret = read_ns(ns_dir, nn, &f->ns);
	close(ns_dir);
	if (ret < 0)
		return 0;
	strlcopy(f->ns.name, name, sizeof(f->ns.name));
	find_generic(sc->generic_dir, name, f->ns.generic, sizeof(f->ns.generic));
	f->ns.ident = *o->ident;
	f->ctrl = o->ctrl;
	if (o->ctrl >= 0)
		strlcopy(f->ns.ctrl, o->name, sizeof(f->ns.ctrl));
	else
		strlcopy(f->subsys, o->name, sizeof(f->subsys));
	sc->nr_ns++;
	return 0;
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int cmp_ctrl(const void *a, const void *b)
{
	const struct nvmf_ctrl *x = a, *y = b;

	return cmp_int(x->instance, y->instance);
}

static int cmp_ctrl_instance(const void *key, const void *elem)
{
	const struct nvmf_ctrl *c = elem;

	return cmp_int(*(const int *)key, c->instance);
}

static struct nvmf_ctrl *find_ctrl(const struct nvmf_topology *t, int instance)
{
	if (!t->nr_ctrls)
		return NULL;
	return bsearch(&instance, t->ctrls, t->nr_ctrls, sizeof(*t->ctrls), cmp_ctrl_instance);
}

/*
 * The namespaces in the directory of @o open at @dir, which this takes
 * over. A controller's holds those without multipath; a subsystem's its
 * multipath heads, and links to its controllers, which are sorted by now.
 * Only running out of memory is an error: a directory gone since it was
 * read keeps its place, without namespaces.
 */
static int scan_owner_dir(struct scan *sc, int dir, const struct ns_owner *o)
{
	struct nvmf_name nn;
	struct nvmf_ctrl *c;
	struct dirent *e;
	DIR *d;
	int ret;

	ret = list_dir(dir, &d);
	if (ret < 0)
		return ret == -ENOMEM ? ret : 0;
	while (ret == 0 && next_entry(d, &e) > 0) {
		if (nvmf_parse_name(e->d_name, &nn) < 0)
			continue;
		if (nn.kind == NVMF_NAME_NS) {
			ret = add_ns(sc, dirfd(d), o, e->d_name, &nn);
		} else if (nn.kind == NVMF_NAME_CTRL && o->ctrl < 0) {
			c = find_ctrl(sc->t, nn.first);
			if (c)
				strlcopy(c->subsys, o->name, sizeof(c->subsys));
		}
	}
	closedir(d);
	return ret;
}

/* Controller @name, and in a full scan its namespaces without multipath. */
static int add_ctrl(struct scan *sc, const char *name)
{
	struct nvmf_topology *t = sc->t;
	int instance = nvmf_ctrl_instance(name);
	struct nvmf_ctrl *c;
	int dir, ret;

	if (instance < 0)
		return 0;
	c = grow_array(t->ctrls, t->nr_ctrls, sizeof(*t->ctrls));
	if (!c)
		return -ENOMEM;
	t->ctrls = c;
	c = &t->ctrls[t->nr_ctrls];
	dir = open_ctrl(dirfd(sc->ctrls_dir), name);
	if (dir < 0)
		return dir == -ENODEV ? 0 : dir;
	ret = read_ctrl(dir, name, instance, c, !sc->connections_only);
	if (ret < 0) {
		close(dir);
		return ret == -ENODEV || ret == -EOPNOTSUPP ? 0 : ret;
	}
	t->nr_ctrls++;
	if (sc->connections_only) {
		close(dir);
		return 0;
	}
	return scan_owner_dir(sc, dir, &(struct ns_owner){
		.name = name, .ctrl = instance, .ident = &c->ident });
}

/* Subsystem @name, its multipath heads and its links to controllers. */
static int add_subsys(struct scan *sc, const char *name)
{
	struct nvmf_topology *t = sc->t;
	int instance = nvmf_subsys_instance(name);
	struct nvmf_subsys *s;
	int dir;

	if (instance < 0)
		return 0;
	s = grow_array(t->subsys, t->nr_subsys, sizeof(*t->subsys));
	if (!s)
		return -ENOMEM;
	t->subsys = s;
	s = &t->subsys[t->nr_subsys];
	memset(s, 0, sizeof(*s));
	strlcopy(s->name, name, sizeof(s->name));
	s->instance = instance;
	dir = open_dir(dirfd(sc->subsys_dir), name);
	if (dir < 0)
		return 0;
	if (read_text_at(dir, "subsysnqn", s->nqn, sizeof(s->nqn)) < 0) {
		close(dir);
		return 0;
	}
	read_string(dir, "subsystype", s->subsystype, sizeof(s->subsystype));
	read_ident(dir, &s->ident);
	t->nr_subsys++;
	return scan_owner_dir(sc, dir, &(struct ns_owner){
		.name = s->name, .ctrl = -1, .ident = &s->ident });
}

static int cmp_subsys(const void *a, const void *b)
{
	const struct nvmf_subsys *x = a, *y = b;

	return cmp_int(x->instance, y->instance);
}

static int cmp_subsys_instance(const void *key, const void *elem)
{
	const struct nvmf_subsys *s = elem;

	return cmp_int(*(const int *)key, s->instance);
}

/* Subsystem @name ("nvme-subsys1"), or NULL ("" names none). */
static struct nvmf_subsys *find_subsys(const struct nvmf_topology *t, const char *name)
{
	int instance = nvmf_subsys_instance(name);

	if (instance < 0 || !t->nr_subsys)
		return NULL;
	return bsearch(&instance, t->subsys, t->nr_subsys, sizeof(*t->subsys), cmp_subsys_instance);
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
	struct dirent *e;
	int ret;

	ret = list_dir(open_root_dir(SYS_NVME), &sc->ctrls_dir);
	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		return ret;
	if (!sc->connections_only)
		sc->generic_dir = open_root_dir(SYS_GENERIC);
	while (ret == 0 && (ret = next_entry(sc->ctrls_dir, &e)) > 0)
		ret = add_ctrl(sc, e->d_name);
	if (ret < 0)
		return ret;
	if (!t->nr_ctrls)
		return 0;
	qsort(t->ctrls, t->nr_ctrls, sizeof(*t->ctrls), cmp_ctrl);
	if (sc->connections_only)
		return 0;

	ret = list_dir(open_root_dir(SYS_SUBSYS), &sc->subsys_dir);
	while (ret == 0 && (ret = next_entry(sc->subsys_dir, &e)) > 0)
		ret = add_subsys(sc, e->d_name);
	if (ret < 0 && ret != -ENOENT)
		return ret;
	parallel_for(sc->nr_ns, NUSE_THREADS, read_usage, sc);
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
	struct scan sc = { .t = t, .connections_only = connections_only, .generic_dir = -1 };
	int ret;

	memset(t, 0, sizeof(*t));
	ret = scan(&sc);
	if (sc.ctrls_dir)
		closedir(sc.ctrls_dir);
	if (sc.subsys_dir)
		closedir(sc.subsys_dir);
	if (sc.generic_dir >= 0)
		close(sc.generic_dir);
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
	struct nvmf_name nn;
	size_t i;

	s = find_ns(t, name, &ns);
	if (!s)
		return -ENODEV;
	if (ns->ctrl[0]) {
		if (nvmf_parse_name(ns->ctrl, &nn) < 0)
			return -ENODEV;
		return store_ctrl(t, nn.first, idx, max);
	}
	for (i = 0; i < s->nr_ctrls && i < max; i++)
		idx[i] = s->ctrls[i];
	return (int)s->nr_ctrls;
}

int nvmf_topology_resolve_device(const struct nvmf_topology *t, const char *dev, size_t *idx, size_t max)
{
	const char *name = dev_name(dev);
	struct nvmf_name nn;

	if (nvmf_parse_name(name, &nn) < 0)
		return -EINVAL;
	switch (nn.kind) {
	case NVMF_NAME_CTRL:
		return store_ctrl(t, nn.first, idx, max);
	case NVMF_NAME_PATH:
		return store_ctrl(t, nn.ctrl, idx, max);
	case NVMF_NAME_NS:
		break;
	}
	return resolve_ns(t, name, idx, max);
}
