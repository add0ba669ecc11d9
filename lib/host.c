// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "host.h"
#include "params.h"
#include "util.h"

#define NVME_DIR	"/etc/nvme"
#define HOSTNQN_FILE	"/etc/nvme/hostnqn"
#define HOSTID_FILE	"/etc/nvme/hostid"
#define DMI_UUID_FILE	"/sys/class/dmi/id/product_uuid"
#define MACHINE_ID_FILE	"/etc/machine-id"

#define MACHINE_ID_LEN	32

/*
 * The namespace of nvmf's name-based hostids, a2ea480e-69db-4fa7-b25b-53ff95590201:
 * hostid = UUIDv5(this, machine-id). Hashing keeps the machine-id itself off
 * the wire, as systemd asks of anyone who derives an ID from it. Changing
 * the namespace changes the identity every target knows such a host by.
 */
static const uuid_t hostid_namespace = {
	0xa2, 0xea, 0x48, 0x0e, 0x69, 0xdb, 0x4f, 0xa7,
	0xb2, 0x5b, 0x53, 0xff, 0x95, 0x59, 0x02, 0x01,
};

/*
 * What resolves the identity describes a failure in @e and reports none:
 * nvmf_host_resolve() reports it, and its probe of this host's own
 * identity does not, as having none is an answer there.
 */

/*
 * Read the one value in @path (below the root) into @buf.
 * Returns 1 when read, 0 when the file does not exist, or a negative errno.
 */
static int read_value_file(const char *path, char *buf, size_t len, char **value,
			   struct error_note *e)
{
	int n = read_root_text(buf, len, "%s", path);

	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return note_error(e, n, "cannot read %s: %s", path, strerror(-n));
	if (strlen(buf) != (size_t)n)
		return note_error(e, -EINVAL, "%s holds a NUL byte", path);
	*value = trim(buf);
	return 1;
}

/* What is wrong with @nqn as a hostnqn, or NULL when nothing is. */
static const char *hostnqn_problem(const char *nqn)
{
	if (strncmp(nqn, "nqn.", 4))
		return "does not start with 'nqn.'";
	if (strlen(nqn) > NVMF_NQN_MAX)
		return "is longer than the kernel's 222 bytes";
	if (!is_clean_value(nqn, ",="))
		return "holds ',', '=' or a control character";
	return NULL;
}

/* @origin says where a bad value came from: "" or " in <file>". */
static int set_hostnqn(char *hostnqn, size_t len, const char *nqn, const char *origin,
		       struct error_note *e)
{
	const char *problem = hostnqn_problem(nqn);
	char pbuf[SHOWN_MAX];

	if (problem)
		return note_error(e, -EINVAL, "hostnqn%s %s: '%s'", origin, problem,
			      printable(nqn, pbuf, sizeof(pbuf)));
	strlcopy(hostnqn, nqn, len);
	return 1;
}

/* Hostids are kept in lower case, the way the kernel prints them in sysfs. */
static int set_hostid(char *hostid, const char *id, const char *origin, struct error_note *e)
{
	char pbuf[SHOWN_MAX];
	uuid_t uu;

	if (uuid_parse(id, uu))
		return note_error(e, -EINVAL, "hostid%s is not a UUID: '%s'", origin,
			      printable(id, pbuf, sizeof(pbuf)));
	uuid_unparse_lower(uu, hostid);
	return 1;
}

/* Returns 1 with @hostnqn set, 0 when there is none to find, or a negative errno. */
static int find_hostnqn(const char *given, char *hostnqn, size_t len, struct error_note *e)
{
	char buf[512], *value;
	int ret;

	if (given)
		return set_hostnqn(hostnqn, len, given, "", e);
	ret = read_value_file(HOSTNQN_FILE, buf, sizeof(buf), &value, e);
	if (ret <= 0)
		return ret;
	return set_hostnqn(hostnqn, len, value, " in " HOSTNQN_FILE, e);
}

/* Returns 1 with @hostid set, 0 when there is none to find, or a negative errno. */
static int find_hostid(const char *given, char *hostid, struct error_note *e)
{
	char buf[64], *value;
	int ret;

	if (given)
		return set_hostid(hostid, given, "", e);
	ret = read_value_file(HOSTID_FILE, buf, sizeof(buf), &value, e);
	if (ret <= 0)
		return ret;
	return set_hostid(hostid, value, " in " HOSTID_FILE, e);
}

/* The UUID of a hostnqn of the uuid form, if @hostnqn is one. */
static bool hostid_from_hostnqn(const char *hostnqn, char *hostid)
{
	size_t plen = strlen(NVMF_HOSTNQN_UUID_PREFIX);
	uuid_t uu;

	if (strncmp(hostnqn, NVMF_HOSTNQN_UUID_PREFIX, plen) ||
	    uuid_parse(hostnqn + plen, uu))
		return false;
	uuid_unparse_lower(uu, hostid);
	return true;
}

static bool uuid_is_all_ff(const uuid_t uu)
{
	size_t i;

	for (i = 0; i < sizeof(uuid_t); i++)
		if (uu[i] != 0xff)
			return false;
	return true;
}

/*
 * Firmware that has no UUID to give fills product_uuid with zeros or FFs,
 * the same on every machine of its kind: those are no identity.
 * product_uuid is readable only by root. Falling back to the machine-id
 * when it cannot be read would give a user another identity than root,
 * so that is an error, not a fallback.
 * Returns 1 with @uu set, 0 when there is no usable DMI UUID, or a negative errno.
 */
static int dmi_uuid(uuid_t uu, struct error_note *e)
{
	char buf[64], *value, why[sizeof(e->message)];
	int ret;

	ret = read_value_file(DMI_UUID_FILE, buf, sizeof(buf), &value, e);
	if (ret < 0) {
		strlcopy(why, e->message, sizeof(why));
		return note_error(e, ret, "%s; cannot generate a hostid without it; write one to %s",
				  why, HOSTID_FILE);
	}
	if (!ret)
		return 0;
	if (uuid_parse(value, uu) || uuid_is_null(uu) || uuid_is_all_ff(uu)) {
		debugf("%s holds no usable UUID, using %s", DMI_UUID_FILE, MACHINE_ID_FILE);
		return 0;
	}
	return 1;
}

static bool is_machine_id(const char *id)
{
	size_t n = strspn(id, "0123456789abcdefABCDEF");

	return n == MACHINE_ID_LEN && !id[n];
}

/*
 * Returns 1 with @uu set, 0 when there is no machine-id: no file, or one
 * that systemd has not initialized yet (empty, or "uninitialized", as in
 * initramfs images and containers), or a negative errno.
 */
static int machine_id_uuid(uuid_t uu, struct error_note *e)
{
	char buf[64], *value, pbuf[PRINTABLE_SIZE(sizeof(buf))];
	size_t i;
	int ret;

	ret = read_value_file(MACHINE_ID_FILE, buf, sizeof(buf), &value, e);
	if (ret <= 0)
		return ret;
	if (!*value || !strcmp(value, "uninitialized"))
		return 0;
	if (!is_machine_id(value))
		return note_error(e, -EINVAL, "%s is not 32 hex digits: '%s'", MACHINE_ID_FILE,
			      printable(value, pbuf, sizeof(pbuf)));
	for (i = 0; i < MACHINE_ID_LEN; i++)
		value[i] = tolower((unsigned char)value[i]);
	uuid_generate_sha1(uu, hostid_namespace, value, MACHINE_ID_LEN);
	return 1;
}

/* The hostid this machine gives, or -ENOENT (not described) when it gives none. */
static int generate_hostid(char *hostid, struct error_note *e)
{
	uuid_t uu;
	int ret;

	ret = dmi_uuid(uu, e);
	if (!ret)
		ret = machine_id_uuid(uu, e);
	if (ret < 0)
		return ret;
	if (!ret)
		return -ENOENT;
	uuid_unparse_lower(uu, hostid);
	return 0;
}

/*
 * Create @path (below the root) holding @value and a newline, unless it
 * exists: a temporary file made whole first, then link(2), which never
 * replaces a file another run made meanwhile. Returns 1 when created, 0
 * when the file was there, or a negative errno.
 */
static int create_value_file(const char *path, const char *value)
{
	char final[PATH_MAX], tmp[PATH_MAX + 8];
	size_t len = strlen(value);
	int fd, ret = 0;

	if (root_path(final, sizeof(final), "%s", path) < 0)
		return -ENAMETOOLONG;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", final);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0644) < 0 || write(fd, value, len) != (ssize_t)len ||
	    write(fd, "\n", 1) != 1 || fsync(fd) < 0)
		ret = errno ? -errno : -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && link(tmp, final) < 0)
		ret = -errno;
	unlink(tmp);
	if (ret == -EEXIST)
		return 0;
	return ret < 0 ? ret : 1;
}

/*
 * No hostid and nothing to derive one from: a random one, kept in
 * /etc/nvme/hostid (and a hostnqn made from it in /etc/nvme/hostnqn when
 * @host has none), so that every later run is the same host, as the
 * kernel and targets need. Returns 1 when both were created, 0 when a
 * concurrent run created one first (read the files again), or a negative
 * errno with the reason in @e.
 */
static int create_identity(struct nvmf_host *host, bool have_nqn, struct error_note *e)
{
	char dir[PATH_MAX];
	int ret, made_nqn = 0;
	uuid_t uu;

	uuid_generate_random(uu);
	uuid_unparse_lower(uu, host->hostid);
	ret = root_path(dir, sizeof(dir), NVME_DIR);
	if (ret == 0)
		ret = make_dirs(dir, 0755);
	if (ret == 0)
		ret = create_value_file(HOSTID_FILE, host->hostid);
	if (ret > 0 && !have_nqn) {
		snprintf(host->hostnqn, sizeof(host->hostnqn), "%s%s",
			 NVMF_HOSTNQN_UUID_PREFIX, host->hostid);
		ret = made_nqn = create_value_file(HOSTNQN_FILE, host->hostnqn);
	}
	if (ret < 0)
		return note_error(e, ret, "cannot generate a hostid: no DMI product_uuid and no %s, "
				  "and %s cannot be written (%s); write one to %s",
				  MACHINE_ID_FILE, HOSTID_FILE, strerror(-ret), HOSTID_FILE);
	if (ret == 0)
		return 0;
	warnf("no host identity on this machine (no %s, DMI product_uuid or %s): "
	      "generated one and wrote %s%s", HOSTNQN_FILE, MACHINE_ID_FILE, HOSTID_FILE,
	      made_nqn ? " and " HOSTNQN_FILE : "");
	return 1;
}

/*
 * A hostnqn of the uuid form whose UUID is not the hostid is legal, and
 * common: older tools wrote /etc/nvme/hostnqn and /etc/nvme/hostid from
 * different sources. The kernel only asks that a hostnqn keep one hostid,
 * which a fixed pair does, so this is not worth a warning on every run.
 */
static void check_pair(const struct nvmf_host *host)
{
	char uuid[37];

	if (hostid_from_hostnqn(host->hostnqn, uuid) && strcmp(uuid, host->hostid))
		debugf("hostid %s is not the UUID in hostnqn %s", host->hostid, host->hostnqn);
}

/*
 * A hostnqn given without a hostid, other than this host's own: the kernel
 * refuses one hostid under two hostnqns, so it cannot borrow the hostid of
 * /etc/nvme/hostid. It gets the UUID it carries, or one derived from it.
 */
static int resolve_other_host(const char *hostnqn, struct nvmf_host *host, struct error_note *e)
{
	uuid_t uu;
	int ret;

	ret = find_hostnqn(hostnqn, host->hostnqn, sizeof(host->hostnqn), e);
	if (ret < 0)
		return ret;
	if (!hostid_from_hostnqn(host->hostnqn, host->hostid)) {
		uuid_generate_sha1(uu, hostid_namespace, host->hostnqn, strlen(host->hostnqn));
		uuid_unparse_lower(uu, host->hostid);
	}
	return 0;
}

/*
 * Each half from what was given, else its file, else generated; with
 * @may_create, an identity is made and kept when there is nothing at all
 * to generate one from.
 */
static int resolve(const char *hostnqn, const char *hostid, struct nvmf_host *host, bool may_create,
		   struct error_note *e)
{
	int have_nqn, have_id, ret;

	have_nqn = find_hostnqn(hostnqn, host->hostnqn, sizeof(host->hostnqn), e);
	if (have_nqn < 0)
		return have_nqn;
	have_id = find_hostid(hostid, host->hostid, e);
	if (have_id < 0)
		return have_id;

	if (!have_id && have_nqn)
		have_id = hostid_from_hostnqn(host->hostnqn, host->hostid);
	if (!have_id) {
		ret = generate_hostid(host->hostid, e);
		if (ret == -ENOENT && may_create) {
			ret = create_identity(host, have_nqn, e);
			if (ret == 0)	/* another run was first: its files count */
				return resolve(hostnqn, hostid, host, false, e);
			if (ret > 0)
				return 0;
		} else if (ret == -ENOENT) {
			note_error(e, ret, "cannot generate a hostid: no DMI product_uuid and no %s; "
				   "write one to %s", MACHINE_ID_FILE, HOSTID_FILE);
		}
		if (ret < 0)
			return ret;
	}

	if (have_nqn)
		check_pair(host);
	else
		snprintf(host->hostnqn, sizeof(host->hostnqn), "%s%s",
			 NVMF_HOSTNQN_UUID_PREFIX, host->hostid);
	return 0;
}

static int host_resolve(const char *hostnqn, const char *hostid, struct nvmf_host *host,
			struct error_note *e)
{
	if (hostnqn && !hostid) {
		struct error_note ignored;
		struct nvmf_host own;

		/* only to compare: this host having no identity is no error here */
		if (resolve(NULL, NULL, &own, false, &ignored) == 0 && !strcmp(own.hostnqn, hostnqn)) {
			*host = own;
			return 0;
		}
		return resolve_other_host(hostnqn, host, e);
	}
	return resolve(hostnqn, hostid, host, true, e);
}

int nvmf_host_resolve(const char *hostnqn, const char *hostid, struct nvmf_host *host)
{
	struct error_note e = { "" };
	int ret = host_resolve(hostnqn, hostid, host, &e);

	return ret < 0 ? errorf(ret, "%s", e.message) : ret;
}
