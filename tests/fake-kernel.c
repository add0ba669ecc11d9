// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fake kernel for the CLI tests, linked into build/tests/nvmf-fake only.
 * It keeps its state in the --sysroot tree, so a test can run several
 * commands in a row and look at what they left:
 *
 *   sys/class/nvme/nvmeN/       controllers it creates, with the attributes
 *                               the real kernel shows, and fake_log naming
 *                               the log a discovery controller serves
 *   fake/template               the /dev/nvme-fabrics option list (default: 6.12's)
 *   fake/unlisted-template      a kernel before 5.17: reading /dev/nvme-fabrics fails
 *                               with EINVAL, a create with an option not in this list
 *                               fails as fabrics.c fails it, and controllers have
 *                               5.10's attributes (no cntrltype, kato, fast_io_fail_tmo,
 *                               dhchap_*; no subsystype)
 *   fake/logs/ADDR_PORT.bin     the discovery log served at ADDR:PORT (loop: loop.bin)
 *   sys/class/nvme-subsystem/   a subsystem for each controller, nvme-subsysN for nvmeN
 *   fake/targets/NQN            namespaces of subsystem NQN, "nsid size" a line
 *   fake/connect-errors         "SUBSTRING ERRNO [MESSAGE]" lines: a create whose
 *                               option string holds SUBSTRING fails with ERRNO,
 *                               and MESSAGE is what the kernel logged
 *   fake/delete-errors          "nvmeN ERRNO" lines
 *   fake/create.log, fake/delete.log, fake/modules.log   what was asked
 *   fake/module-errors          "NAME ERRNO" lines: loading module NAME fails
 *   fake/keyrings               "NAME SERIAL" lines: the keyrings there are
 *                               (default: .nvme, 0x3f5a0001)
 *   fake/keys.log               keys added: "SERIAL KEYRING TYPE DESC" and the
 *                               bytes in hex on the next line
 *   fake/hosts                  "NAME ADDRESS" lines: what host names resolve to
 *                               ("NAME EAGAIN": the name service does not answer)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake-kernel.h"
#include "kernel.h"
#include "params.h"
#include "util.h"

struct kv {
	char key[32];
	char value[512];
};

struct fake_opts {
	struct kv kv[40];
	int n;
};

static const char *opt(const struct fake_opts *o, const char *key)
{
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->kv[i].key, key))
			return o->kv[i].value;
	return NULL;
}

static const char *opt_or(const struct fake_opts *o, const char *key, const char *dflt)
{
	const char *v = opt(o, key);

	return v ? v : dflt;
}

static int parse_fake_opts(const char *s, struct fake_opts *o)
{
	char *copy = strdup(s), *tok, *save = NULL;

	if (!copy)
		return -ENOMEM;
	o->n = 0;
	for (tok = strtok_r(copy, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		char *eq = strchr(tok, '=');

		if (o->n == (int)ARRAY_SIZE(o->kv)) {
			free(copy);
			return -EINVAL;
		}
		if (eq)
			*eq = '\0';
		strlcopy(o->kv[o->n].key, tok, sizeof(o->kv[0].key));
		strlcopy(o->kv[o->n].value, eq ? eq + 1 : "", sizeof(o->kv[0].value));
		o->n++;
	}
	free(copy);
	return 0;
}

static int fake_path(char *buf, size_t len, const char *fmt, ...)
{
	char rel[PATH_MAX];
	va_list ap;

	if (!nvmf_root()[0])
		return -EPERM;	/* never touch the real /sys */
	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	return root_path(buf, len, "%s", rel);
}

static void mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	strlcopy(buf, path, sizeof(buf));
	for (char *c = buf + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		mkdir(buf, 0755);
		*c = '/';
	}
	mkdir(buf, 0755);
}

static void put(const char *dir, const char *attr, const char *value)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%s\n", value);
		fclose(f);
	}
}

static void append_log(const char *name, const char *line)
{
	char path[PATH_MAX];
	FILE *f;

	if (fake_path(path, sizeof(path), "/fake") < 0)
		return;
	mkdir_p(path);
	strncat(path, "/", sizeof(path) - strlen(path) - 1);
	strncat(path, name, sizeof(path) - strlen(path) - 1);
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s\n", line);
		fclose(f);
	}
}

/*
 * The errno a "SUBSTRING ERRNO [MESSAGE]" rule in fake/FILE gives @subject,
 * or 0; MESSAGE, what the kernel would log, goes to @msg.
 */
static int injected_error(const char *file, const char *subject, char *msg, size_t len)
{
	char path[PATH_MAX], line[512], match[400], err[32];
	FILE *f;
	int ret = 0, end;

	if (fake_path(path, sizeof(path), "/fake/%s", file) < 0)
		return 0;
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%399s %31s %n", match, err, &end) != 2 || !strstr(subject, match))
			continue;
		/* any errno, by its name; a name that is none is the test's mistake */
		for (int e = 1; e < 4096 && !ret; e++)
			if (strerrorname_np(e) && !strcmp(strerrorname_np(e), err))
				ret = -e;
		if (!ret) {
			fprintf(stderr, "fake kernel: %s: '%s' is no errno's name\n", path, err);
			abort();
		}
		if (msg) {
			line[strcspn(line, "\n")] = '\0';
			strlcopy(msg, line + end, len);
		}
	}
	fclose(f);
	return ret;
}

/* The option list of a kernel that does not show it, or -ENOENT for one that does. */
static int unlisted_template(char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret = fake_path(path, sizeof(path), "/fake/unlisted-template");

	return ret < 0 ? ret : read_text(path, buf, len);
}

static bool is_unlisted(void)
{
	char buf[2048];

	return unlisted_template(buf, sizeof(buf)) >= 0;
}

static int fake_template(char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret = fake_path(path, sizeof(path), "/fake/template");

	if (ret < 0)
		return ret;
	if (is_unlisted())
		return -EINVAL;		/* 5.10's nvmf_dev_show() with no controller */
	ret = read_text(path, buf, len);
	if (ret == -ENOENT)
		ret = (int)strlcopy(buf, TEMPLATE_6_12, len);
	return ret < 0 ? ret : 0;
}

/* Is @key an item of the option list @tmpl? */
static bool template_has(const char *tmpl, const char *key)
{
	size_t len = strlen(key);

	for (const char *s = tmpl; *s; s += strspn(s, ",\n")) {
		if (strcspn(s, "=,\n") == len && !strncmp(s, key, len))
			return true;
		s += strcspn(s, ",\n");
	}
	return false;
}

/* An old kernel's verdict on the options: what fabrics.c logs for one it does not know. */
static int check_unlisted(const struct fake_opts *o, char *reply, size_t len)
{
	char tmpl[2048];

	if (unlisted_template(tmpl, sizeof(tmpl)) < 0)
		return 0;
	for (int i = 0; i < o->n; i++) {
		if (template_has(tmpl, o->kv[i].key))
			continue;
		snprintf(reply, len, "nvme_fabrics: unknown parameter or missing value '%s%s%s' "
			 "in ctrl creation request", o->kv[i].key, o->kv[i].value[0] ? "=" : "",
			 o->kv[i].value);
		return -EINVAL;
	}
	return 0;
}

static bool ctrl_exists(int instance)
{
	char path[PATH_MAX];

	return fake_path(path, sizeof(path), "/sys/class/nvme/nvme%d", instance) == 0 &&
	       access(path, F_OK) == 0;
}

/*
 * Is there a controller the kernel would call a duplicate of @o? As
 * nvmf_ctlr_matches_baseopts(), not one being deleted or dead.
 */
static bool duplicate_exists(const struct fake_opts *o)
{
	static const char *const keys[] = { "transport", "subsysnqn", "hostnqn" };
	const char *want[] = { opt_or(o, "transport", ""), opt_or(o, "nqn", ""), opt_or(o, "hostnqn", "") };
	char addr[600], have[600];

	snprintf(addr, sizeof(addr), "traddr=%s,trsvcid=%s", opt_or(o, "traddr", ""), opt_or(o, "trsvcid", ""));
	for (int i = 0; i < 4096; i++) {
		bool same = true;

		if (!ctrl_exists(i))
			continue;
		if (read_root_text(have, sizeof(have), "/sys/class/nvme/nvme%d/state", i) >= 0 &&
		    (!strncmp(have, "deleting", 8) || !strcmp(have, "dead")))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(keys) && same; k++)
			same = read_root_text(have, sizeof(have), "/sys/class/nvme/nvme%d/%s", i, keys[k]) >= 0 &&
			       !strcmp(have, want[k]);
		if (same && read_root_text(have, sizeof(have), "/sys/class/nvme/nvme%d/address", i) >= 0 &&
		    !strncmp(have, addr, strlen(addr)))
			return true;
	}
	return false;
}

/* What an nvmet target of Linux 6.12 reports, for controllers and subsystems alike */
static void put_ident(const char *dir)
{
	put(dir, "model", "Linux");
	put(dir, "serial", "9a3f0c1d2b4e5f60");
	put(dir, "firmware_rev", is_unlisted() ? "5.10.0" : "6.12.0");
}

/* The kernel gives each controller a subsystem; here each gets one of its own. */
static void add_subsystem(const char *nqn, int instance, bool discovery)
{
	char path[PATH_MAX + 16], dir[PATH_MAX], ns[PATH_MAX], line[128], value[32];
	unsigned int nsid;
	unsigned long long size;
	FILE *f;

	fake_path(dir, sizeof(dir), "/sys/class/nvme-subsystem/nvme-subsys%d", instance);
	mkdir_p(dir);
	put(dir, "subsysnqn", nqn);
	if (!is_unlisted())
		put(dir, "subsystype", discovery ? "discovery" : "nvm");
	put_ident(dir);
	fake_path(path, sizeof(path), "/sys/class/nvme-subsystem/nvme-subsys%d/nvme%d", instance, instance);
	snprintf(line, sizeof(line), "../../nvme/nvme%d", instance);
	if (symlink(line, path) < 0 && errno != EEXIST)
		return;
	if (fake_path(path, sizeof(path), "/fake/targets/%s", nqn) < 0 || !(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %llu", &nsid, &size) != 2)
			continue;
		fake_path(ns, sizeof(ns), "/sys/class/nvme-subsystem/nvme-subsys%d/nvme%dn%u",
			  instance, instance, nsid);
		mkdir(ns, 0755);
		snprintf(value, sizeof(value), "%u", nsid);
		put(ns, "nsid", value);
		snprintf(value, sizeof(value), "%llu", size / 512);
		put(ns, "size", value);
		snprintf(path, sizeof(path), "%s/queue", ns);
		mkdir(path, 0755);
		put(path, "logical_block_size", "512");
		if (is_unlisted())
			continue;
		/* what 5.10 lacks: metadata size and blocks in use (6.8), the generic node (5.13) */
		put(ns, "metadata_bytes", "0");
		put(ns, "nuse", "0");
		fake_path(path, sizeof(path), "/sys/class/nvme-generic");
		mkdir_p(path);
		fake_path(path, sizeof(path), "/sys/class/nvme-generic/ng%dn%u", instance, nsid);
		if (symlink(ns, path) < 0 && errno != EEXIST)
			break;
	}
	fclose(f);
}

#define FAKE_NVME_KEYRING	0x3f5a0001

/* The keyring with name @name and serial @serial: each given, the other found. */
static int find_fake_keyring(const char *name, int serial, char *found, size_t len)
{
	char path[PATH_MAX], line[300], n[256];
	int ret = -ENOKEY;
	unsigned int v;
	FILE *f;

	if (fake_path(path, sizeof(path), "/fake/keyrings") < 0)
		return -ENOKEY;
	f = fopen(path, "r");
	if (!f) {
		if ((name && !strcmp(name, ".nvme")) || serial == FAKE_NVME_KEYRING) {
			strlcopy(found, ".nvme", len);
			return FAKE_NVME_KEYRING;
		}
		return -ENOKEY;
	}
	while (ret < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %i", n, (int *)&v) != 2)
			continue;
		if ((name && !strcmp(n, name)) || (!name && (int)v == serial)) {
			strlcopy(found, n, len);
			ret = (int)v;
		}
	}
	fclose(f);
	return ret;
}

static void write_ctrl(const char *dir, const struct fake_opts *o, int instance, bool discovery)
{
	char address[1200], buf[64], log[600];
	const char *traddr = opt(o, "traddr"), *trsvcid = opt(o, "trsvcid");
	const char *transport = opt_or(o, "transport", "");

	if (!trsvcid && !strcmp(transport, "tcp"))
		trsvcid = "8009";
	if (!trsvcid && !strcmp(transport, "rdma"))
		trsvcid = "4420";
	snprintf(address, sizeof(address), "%s%s%s%s%s%s%s%s", traddr ? "traddr=" : "", traddr ? traddr : "",
		 trsvcid ? ",trsvcid=" : "", trsvcid ? trsvcid : "",
		 opt(o, "host_traddr") ? ",host_traddr=" : "", opt_or(o, "host_traddr", ""),
		 opt(o, "host_iface") ? ",host_iface=" : "", opt_or(o, "host_iface", ""));
	put(dir, "transport", transport);
	put(dir, "address", address);
	put(dir, "subsysnqn", opt_or(o, "nqn", ""));
	put(dir, "state", "live");
	put(dir, "hostnqn", opt_or(o, "hostnqn", ""));
	put(dir, "hostid", opt_or(o, "hostid", ""));
	snprintf(buf, sizeof(buf), "%d", instance);
	put(dir, "cntlid", buf);
	put(dir, "reconnect_delay", opt_or(o, "reconnect_delay", "10"));
	put(dir, "ctrl_loss_tmo", !strcmp(opt_or(o, "ctrl_loss_tmo", "600"), "-1") ? "off" :
				 opt_or(o, "ctrl_loss_tmo", "600"));
	put_ident(dir);
	put(dir, "delete_controller", "");
	if (!is_unlisted()) {
		put(dir, "cntrltype", discovery ? "discovery" : "io");
		put(dir, "kato", opt_or(o, "keep_alive_tmo", discovery ? "0" : "5"));
		put(dir, "fast_io_fail_tmo", opt_or(o, "fast_io_fail_tmo", "off"));
		put(dir, "dhchap_secret", opt_or(o, "dhchap_secret", "none"));
		put(dir, "dhchap_ctrl_secret", opt_or(o, "dhchap_ctrl_secret", "none"));
	}
	/*
	 * 6.12 shows the serial of the key a TLS connection uses, as %08x; the
	 * key and keyring given, when they were
	 */
	if (opt(o, "tls") || opt(o, "tls_key")) {
		if (opt(o, "tls_key"))
			snprintf(buf, sizeof(buf), "%08x", atoi(opt(o, "tls_key")));
		put(dir, "tls_key", opt(o, "tls_key") ? buf : "1a2b3c4d");
		if (opt(o, "tls_key"))
			put(dir, "tls_configured_key", buf);
		if (opt(o, "keyring"))
			put(dir, "tls_keyring", "nvme-test-keyring");
	}
	if (!strcmp(transport, "loop"))
		snprintf(log, sizeof(log), "loop.bin");
	else
		snprintf(log, sizeof(log), "%s_%s.bin", traddr ? traddr : "", trsvcid ? trsvcid : "");
	put(dir, "fake_log", log);
}

static int fake_create(const char *options, char *reply, size_t len)
{
	char dir[PATH_MAX];
	struct fake_opts o;
	bool discovery;
	int instance, ret;

	ret = fake_path(dir, sizeof(dir), "/sys/class/nvme");
	if (ret < 0)
		return ret;
	mkdir_p(dir);
	append_log("create.log", options);
	ret = parse_fake_opts(options, &o);
	if (ret < 0)
		return ret;
	if (!opt(&o, "transport") || !opt(&o, "nqn"))
		return -EINVAL;
	ret = injected_error("connect-errors", options, reply, len);
	if (ret)
		return ret;
	ret = check_unlisted(&o, reply, len);
	if (ret)
		return ret;
	discovery = opt(&o, "discovery") || !strcmp(opt(&o, "nqn"), NVMF_DISC_NQN);
	if (!discovery && !opt(&o, "duplicate_connect") && duplicate_exists(&o))
		return -EALREADY;
	for (instance = 0; ctrl_exists(instance); instance++)
		;
	fake_path(dir, sizeof(dir), "/sys/class/nvme/nvme%d", instance);
	if (mkdir(dir, 0755) < 0)
		return -errno;
	write_ctrl(dir, &o, instance, discovery);
	add_subsystem(opt(&o, "nqn"), instance, discovery);
	fake_path(dir, sizeof(dir), "/fake/made");
	mkdir_p(dir);
	fake_path(dir, sizeof(dir), "/fake/made/nvme%d", instance);
	close(open(dir, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	snprintf(reply, len, "instance=%d,cntlid=%d\n", instance, instance);
	return 0;
}

static ssize_t fake_get_log(const char *ctrl, uint8_t lid, int rae, uint64_t offset, void *buf, size_t len)
{
	char name[256], path[PATH_MAX];
	ssize_t n;
	int fd, ret;

	(void)rae;
	if (lid != 0x70)
		return -EINVAL;
	ret = read_root_text(name, sizeof(name), "/sys/class/nvme/%s/fake_log", ctrl);
	if (ret < 0)
		return -ENODEV;
	ret = fake_path(path, sizeof(path), "/fake/logs/%s", name);
	if (ret < 0)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -EIO;	/* nothing served there: the target aborts the command */
	n = pread(fd, buf, len, (off_t)offset);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

static int remove_tree(const char *path)
{
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir)
		return unlink(path) < 0 ? -errno : 0;
	while ((d = readdir(dir))) {
		char child[PATH_MAX];

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, d->d_name);
		remove_tree(child);
	}
	closedir(dir);
	return rmdir(path) < 0 ? -errno : 0;
}

static int fake_delete(const char *ctrl)
{
	char path[PATH_MAX], real[PATH_MAX];
	int ret;

	if (strncmp(ctrl, "nvme", 4) || strchr(ctrl, '/'))
		return -EINVAL;
	ret = fake_path(path, sizeof(path), "/sys/class/nvme/%s", ctrl);
	if (ret < 0)
		return ret;
	append_log("delete.log", ctrl);
	ret = injected_error("delete-errors", ctrl, NULL, 0);
	if (ret)
		return ret;
	if (access(path, F_OK) < 0)
		return -ENODEV;
	/* a fixture's class entry links to its device directory, as in sysfs */
	if (realpath(path, real) && strcmp(real, path)) {
		remove_tree(real);
		ret = unlink(path) < 0 ? -errno : 0;
	} else {
		ret = remove_tree(path);
	}
	/* each controller the fake made has a subsystem of its own, named after it */
	if (fake_path(path, sizeof(path), "/fake/made/%s", ctrl) == 0 && access(path, F_OK) == 0) {
		unlink(path);
		if (fake_path(path, sizeof(path), "/sys/class/nvme-subsystem/nvme-subsys%s", ctrl + 4) == 0)
			remove_tree(path);
	}
	return ret;
}

static int fake_load_module(const char *name)
{
	char path[PATH_MAX], dirname[64];

	int ret;

	append_log("modules.log", name);
	ret = injected_error("module-errors", name, NULL, 0);
	if (ret)
		return ret;
	strlcopy(dirname, name, sizeof(dirname));
	for (char *c = dirname; *c; c++)
		if (*c == '-')
			*c = '_';
	if (fake_path(path, sizeof(path), "/sys/module/%s", dirname) == 0)
		mkdir_p(path);
	if (!strcmp(name, "nvme-fabrics") && fake_path(path, sizeof(path), "/dev") == 0) {
		mkdir_p(path);
		strncat(path, "/nvme-fabrics", sizeof(path) - strlen(path) - 1);
		close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	}
	return 0;
}

static int fake_find_keyring(const char *name)
{
	char found[256];

	return find_fake_keyring(name, 0, found, sizeof(found));
}

static int fake_add_key(const char *type, const char *desc, const void *data, size_t len, int keyring)
{
	char path[PATH_MAX], found[256];
	int serial, lines = 0, c;
	FILE *f;

	if (find_fake_keyring(NULL, keyring, found, sizeof(found)) < 0)
		return -ENOKEY;
	if (fake_path(path, sizeof(path), "/fake/keys.log") < 0)
		return -ENAMETOOLONG;
	f = fopen(path, "r");
	if (f) {
		while ((c = fgetc(f)) != EOF)
			lines += c == '\n';
		fclose(f);
	}
	f = fopen(path, "a");
	if (!f)
		return -errno;
	serial = 0x1a2b0001 + lines / 2;
	fprintf(f, "%08x %s %s %s\n", serial, found, type, desc);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", ((const unsigned char *)data)[i]);
	fprintf(f, "\n");
	fclose(f);
	return serial;
}

static int fake_resolve(const char *name, char *addr, size_t len)
{
	char path[PATH_MAX], line[512], n[256], a[128];
	int ret = -ENOENT;
	FILE *f;

	append_log("resolve.log", name);
	if (fake_path(path, sizeof(path), "/fake/hosts") < 0 || !(f = fopen(path, "r")))
		return -ENOENT;
	while (ret == -ENOENT && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %127s", n, a) != 2 || strcasecmp(n, name))
			continue;
		if (!strcmp(a, "EAGAIN"))
			ret = -EAGAIN;
		else
			ret = strlcopy(addr, a, len) < len ? 0 : -ENAMETOOLONG;
	}
	fclose(f);
	return ret;
}

const struct nvmf_kernel_ops fake_kernel_ops = {
	.fabrics_template = fake_template,
	.create_ctrl = fake_create,
	.get_log = fake_get_log,
	.delete_ctrl = fake_delete,
	.load_module = fake_load_module,
	.find_keyring = fake_find_keyring,
	.add_key = fake_add_key,
	.resolve = fake_resolve,
};

__attribute__((constructor)) static void install_fake_kernel(void)
{
	nvmf_set_kernel(&fake_kernel_ops);
}
