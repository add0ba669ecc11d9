// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "hold.h"
#include "util.h"

/* The namespace of hold file names: UUIDv5(this, NQN) "." UUIDv5(this, connection). */
static const uuid_t hold_namespace = {
	0x5c, 0x1e, 0x0b, 0x7a, 0x2f, 0x41, 0x4d, 0x3e,
	0x9b, 0x6a, 0x0e, 0x8d, 0x27, 0xc4, 0x51, 0x93,
};

#define UUID_STR 37
#define HOLD_NAME_MAX (2 * UUID_STR)

/* The connection's fields, as nvmf_ctrl_matches() compares them. */
struct hold_key {
	const char *subsysnqn, *transport, *traddr, *trsvcid, *host_traddr, *host_iface, *hostnqn;
};

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static void name_part(const char *text, char *out)
{
	uuid_t uu;

	uuid_generate_sha1(uu, hold_namespace, text, strlen(text));
	uuid_unparse_lower(uu, out);
}

/* The NQN's part of a hold's file name: all its holds start with it. */
static void nqn_prefix(const char *nqn, char *out)
{
	name_part(nqn, out);
	strcat(out, ".");
}

/*
 * The file's name. FC addresses are hex that users write in either case,
 * so they are compared, and named, in lower case.
 */
static void hold_name(const struct hold_key *k, char *name)
{
	char text[2048], addr[300], host_addr[300];
	bool fc = !strcmp(or_empty(k->transport), "fc");

	strlcopy(addr, or_empty(k->traddr), sizeof(addr));
	strlcopy(host_addr, or_empty(k->host_traddr), sizeof(host_addr));
	for (char *c = addr; fc && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (char *c = host_addr; fc && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	snprintf(text, sizeof(text), "%s\n%s\n%s\n%s\n%s\n%s\n%s", or_empty(k->subsysnqn),
		 or_empty(k->transport), addr, or_empty(k->trsvcid), host_addr,
		 or_empty(k->host_iface), or_empty(k->hostnqn));
	nqn_prefix(or_empty(k->subsysnqn), name);
	name_part(text, name + strlen(name));
}

static void ctrl_key(const struct nvmf_ctrl *c, struct hold_key *k)
{
	*k = (struct hold_key){
		.subsysnqn = c->subsysnqn, .transport = c->transport,
		.traddr = c->addr.traddr, .trsvcid = c->addr.trsvcid,
		.host_traddr = c->addr.host_traddr, .host_iface = c->addr.host_iface,
		.hostnqn = c->hostnqn,
	};
}

static int hold_path(char *buf, size_t len, const char *name)
{
	return root_path(buf, len, NVMF_HOLDS_DIR "/%s", name);
}

int nvmf_hold_add(const struct nvmf_ctrl *c)
{
	char name[HOLD_NAME_MAX], dir[PATH_MAX], path[PATH_MAX], when[32];
	time_t now = time(NULL);
	struct hold_key k;
	FILE *f;
	int ret;

	ctrl_key(c, &k);
	hold_name(&k, name);
	if (root_path(dir, sizeof(dir), NVMF_HOLDS_DIR) < 0 || hold_path(path, sizeof(path), name) < 0)
		return -ENAMETOOLONG;
	ret = make_dirs(dir, 0755);
	if (ret < 0)
		return ret;
	f = fopen(path, "we");
	if (!f)
		return -errno;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
	/* for people: nvmf goes by the name alone */
	fprintf(f, "# held since %s, when nvmf disconnect took %s down: connect-all leaves this\n"
		"# connection alone until 'nvmf connect' of the subsystem or deleting this file\n"
		"subsysnqn=%s\ntransport=%s\ntraddr=%s\ntrsvcid=%s\nhost_traddr=%s\nhost_iface=%s\nhostnqn=%s\n",
		when, c->name, k.subsysnqn, k.transport, k.traddr, k.trsvcid, k.host_traddr,
		k.host_iface, k.hostnqn);
	if (fclose(f) == EOF) {
		ret = -errno;
		unlink(path);
		return ret;
	}
	return 0;
}

void nvmf_hold_drop(const struct nvmf_ctrl *c)
{
	char name[HOLD_NAME_MAX], path[PATH_MAX];
	struct hold_key k;

	ctrl_key(c, &k);
	hold_name(&k, name);
	if (hold_path(path, sizeof(path), name) == 0)
		unlink(path);
}

bool nvmf_held(const struct nvmf_params *p)
{
	char name[HOLD_NAME_MAX], path[PATH_MAX];
	struct hold_key k = {
		.subsysnqn = p->subsysnqn, .transport = p->transport, .traddr = p->traddr,
		.trsvcid = p->trsvcid, .host_traddr = p->host_traddr, .host_iface = p->host_iface,
		.hostnqn = p->hostnqn,
	};
	struct stat st;

	hold_name(&k, name);
	return hold_path(path, sizeof(path), name) == 0 && stat(path, &st) == 0;
}

int nvmf_holds_release(const char *nqn)
{
	char prefix[UUID_STR + 1], dir[PATH_MAX], path[PATH_MAX];
	struct dirent *e;
	int released = 0, ret = 0;
	DIR *d;

	nqn_prefix(nqn, prefix);
	if (root_path(dir, sizeof(dir), NVMF_HOLDS_DIR) < 0)
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : errorf(-errno, "cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		if (hold_path(path, sizeof(path), e->d_name) < 0)
			continue;
		if (unlink(path) == 0)
			released++;
		else if (errno != ENOENT)
			ret = errorf(-errno, "cannot release the hold %s: %s", path, strerror(errno));
	}
	closedir(d);
	return ret < 0 ? ret : released;
}
