// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <keyutils.h>
#include <libkmod.h>
#include <netdb.h>
#include <sys/socket.h>
#include <syslog.h>

#include <linux/magic.h>
#include <linux/nvme_ioctl.h>

#include "kernel.h"
#include "names.h"
#include "util.h"

/*
 * A discovery controller answers a Get Log Page at once or not at all: do
 * not wait the kernel's admin timeout (60 s) on a target that went quiet.
 * The write that creates a controller and the one that deletes it take no
 * timeout; the kernel bounds them with its own connect and I/O timeouts.
 */
#define GET_LOG_TIMEOUT_MS	15000

#define NVME_ADMIN_GET_LOG_PAGE	0x02

/*
 * The name is put into paths, so it must be a controller's name and
 * nothing that could climb out of /dev or /sys/class/nvme.
 */
static int check_ctrl_name(const char *name)
{
	char shown[SHOWN_MAX];

	if (nvmf_ctrl_instance(name) >= 0)
		return 0;
	return errorf(-EINVAL, "'%s' is not a controller name (nvmeN)",
		      printable(name, shown, sizeof(shown)));
}

/*
 * Open a device node, and make sure it is one before any I/O: under a
 * --sysroot fixture tree it is a regular file, which nvmf must not write.
 */
static int open_chardev(const char *path, int flags)
{
	struct stat st;
	int fd, err;

	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISCHR(st.st_mode)) {
		debugf("%s is not a character device", path);
		close(fd);
		return -ENOTTY;
	}
	return fd;
}

/* Read what @fd has to tell into @buf as a string, without its final newline. */
static int read_reply(int fd, char *buf, size_t len)
{
	size_t pos = 0;
	ssize_t n;

	if (!len)
		return -EINVAL;
	while (pos < len - 1) {
		n = read(fd, buf + pos, len - 1 - pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		pos += n;
	}
	if (pos == len - 1)
		return -EOVERFLOW;
	while (pos > 0 && buf[pos - 1] == '\n')
		pos--;
	buf[pos] = '\0';
	return (int)pos;
}

static int open_fabrics(int flags)
{
	char path[PATH_MAX];
	int ret;

	ret = root_path(path, sizeof(path), "/dev/nvme-fabrics");
	if (ret)
		return ret;
	return open_chardev(path, flags);
}

/* Returns the length of the template. */
static int linux_fabrics_template(char *buf, size_t len)
{
	int fd, ret;

	fd = open_fabrics(O_RDONLY);
	if (fd < 0)
		return fd;
	ret = read_reply(fd, buf, len);
	close(fd);
	return ret;
}

/*
 * fabrics.c says which option it refused only in the kernel log. Opened
 * before the write and read after it, /dev/kmsg gives what it said about
 * this request. -1 where the log cannot be read; that only costs the detail.
 */
static int open_kmsg(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* The last nvme message since open_kmsg(), never one that carries a secret. */
static void last_nvme_message(int fd, char *buf, size_t len)
{
	char rec[1024], *msg;
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		if (n <= 0)
			continue;	/* EPIPE: records were overwritten; go on */
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg++)
			continue;
		msg[strcspn(msg, "\n")] = '\0';
		if (strstr(msg, "nvme") && !strstr(msg, "DHHC-") && !strstr(msg, "secret="))
			strlcopy(buf, msg, len);
	}
	close(fd);
}

static int linux_create_ctrl(const char *options, char *reply, size_t len)
{
	size_t n = strlen(options);
	ssize_t written;
	int fd, kmsg, ret;

	fd = open_fabrics(O_RDWR);
	if (fd < 0)
		return fd;
	kmsg = open_kmsg();
	/*
	 * The kernel takes one write as the whole request and refuses a second
	 * one on the same file, so there is no retrying a short or interrupted
	 * write. Its errno is the kernel's verdict on the request.
	 */
	written = write(fd, options, n);
	if (written < 0)
		ret = -errno;
	else if ((size_t)written != n)
		ret = -EIO;
	else
		ret = read_reply(fd, reply, len);
	close(fd);
	if (ret < 0)
		last_nvme_message(kmsg, reply, len);
	else if (kmsg >= 0)
		close(kmsg);
	return ret < 0 ? ret : 0;
}

static ssize_t linux_get_log(const char *ctrl, uint8_t lid, int rae, uint64_t offset,
			     void *buf, size_t len)
{
	struct nvme_admin_cmd cmd;
	char path[PATH_MAX];
	uint32_t numd;
	int fd, ret;

	ret = check_ctrl_name(ctrl);
	if (ret)
		return ret;
	if (!len || len % 4 || len > UINT32_MAX)
		return -EINVAL;
	ret = root_path(path, sizeof(path), "/dev/%s", ctrl);
	if (ret)
		return ret;
	fd = open_chardev(path, O_RDONLY);
	if (fd < 0)
		return fd;

	numd = len / 4 - 1;	/* dwords, counted from 0 */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opcode = NVME_ADMIN_GET_LOG_PAGE;
	cmd.nsid = 0;		/* no namespace, as libnvme asks for the discovery log */
	cmd.addr = (uintptr_t)buf;
	cmd.data_len = len;
	cmd.cdw10 = lid | (rae ? 1u << 15 : 0) | (numd & 0xffff) << 16;
	cmd.cdw11 = numd >> 16;
	cmd.cdw12 = offset & 0xffffffff;
	cmd.cdw13 = offset >> 32;
	cmd.timeout_ms = GET_LOG_TIMEOUT_MS;

	ret = ioctl(fd, NVME_IOCTL_ADMIN_CMD, &cmd);
	if (ret < 0) {
		ret = -errno;
	} else if (ret > 0) {
		debugf("%s: Get Log Page %#x failed with NVMe status %#x", ctrl, lid, ret);
		ret = -EIO;
	}
	close(fd);
	return ret < 0 ? ret : (ssize_t)len;
}

/*
 * Write "1" to delete_controller, and only on sysfs: under --sysroot a
 * fixture tree's plain file must not be taken for a controller deleted.
 * A controller whose directory is gone is -ENODEV: deleted already.
 */
static int linux_delete_ctrl(const char *ctrl)
{
	char path[PATH_MAX];
	struct statfs fs;
	int fd, ret;

	ret = check_ctrl_name(ctrl);
	if (ret)
		return ret;
	ret = root_path(path, sizeof(path), "/sys/class/nvme/%s/delete_controller", ctrl);
	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ENOENT)
			ret = root_path(path, sizeof(path), "/sys/class/nvme/%s", ctrl) ||
			      access(path, F_OK) ? -ENODEV : -EOPNOTSUPP;
		return ret;
	}
	if (fstatfs(fd, &fs) < 0 || fs.f_type != SYSFS_MAGIC) {
		close(fd);
		return -ENOTTY;
	}
	ret = write(fd, "1", 1) == 1 ? 0 : -errno;
	close(fd);
	return ret;
}

static int linux_find_keyring(const char *name)
{
	key_serial_t k = find_key_by_type_and_desc("keyring", name, 0);

	return k < 0 ? -errno : k;
}

/*
 * The psk key type cannot be updated, so the kernel makes a new key and
 * the keyring's link moves to it: the old key stays only as long as a
 * controller holds it.
 */
static int linux_add_key(const char *type, const char *desc, const void *data, size_t len, int keyring)
{
	key_serial_t k = add_key(type, desc, data, len, keyring);

	return k < 0 ? -errno : k;
}

static int linux_resolve(const char *name, char *addr, size_t len)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int ret;

	ret = getaddrinfo(name, NULL, &hints, &res);
	if (ret == EAI_NONAME || ret == EAI_NODATA || ret == EAI_ADDRFAMILY)
		return -ENOENT;
	if (ret == EAI_AGAIN)
		return -EAGAIN;
	if (ret == EAI_SYSTEM)
		return -errno;
	if (ret)
		return -EIO;
	ret = getnameinfo(res->ai_addr, res->ai_addrlen, addr, len, NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	return ret ? -EIO : 0;
}

/*
 * libkmod's own messages, as kmod's tools have them: its errors always,
 * the rest with -v. Whether a load failed is nvmf's to say, once libkmod
 * returns, so its errors are warnings here.
 */
static void kmod_log(void *data, int priority, const char *file, int line, const char *fn,
		     const char *format, va_list args)
{
	char msg[1024];
	size_t n;

	(void)data, (void)file, (void)line, (void)fn;
	vsnprintf(msg, sizeof(msg), format, args);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	if (priority <= LOG_ERR)
		warnf("libkmod: %s", msg);
	else
		debugf("libkmod: %s", msg);
}

/*
 * libkmod looks in the running kernel's /lib/modules/$(uname -r) and
 * modprobe.d, never below the root prefix: a fixture tree fakes the
 * kernel ops instead.
 *
 * The flags are 0, like modprobe without options:
 *  - a module that is loaded or built in is success; KMOD_PROBE_IGNORE_LOADED
 *    would instead insert it again, and fail for a built-in one with no .ko;
 *  - a blacklist entry is not applied: it stops loading through aliases,
 *    and these are module names, the same as `modprobe nvme-tcp` would load;
 *  - an "install" command in modprobe.d runs, so an admin who wrote
 *    "install nvme-tcp /bin/false" keeps nvmf from loading it.
 */
static int linux_load_module(const char *name)
{
	struct kmod_list *list = NULL, *l;
	struct kmod_ctx *ctx;
	int ret;

	ctx = kmod_new(NULL, NULL);
	if (!ctx)
		return -ENOMEM;
	kmod_set_log_priority(ctx, nvmf_verbose ? LOG_DEBUG : LOG_ERR);
	kmod_set_log_fn(ctx, kmod_log, NULL);
	ret = kmod_module_new_from_lookup(ctx, name, &list);
	if (!ret && !list)
		ret = -ENOENT;
	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);

		if (!ret)
			ret = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
	kmod_unref(ctx);
	return ret;
}

const struct nvmf_kernel_ops nvmf_linux_ops = {
	.fabrics_template = linux_fabrics_template,
	.create_ctrl = linux_create_ctrl,
	.get_log = linux_get_log,
	.delete_ctrl = linux_delete_ctrl,
	.load_module = linux_load_module,
	.find_keyring = linux_find_keyring,
	.add_key = linux_add_key,
	.resolve = linux_resolve,
};

const struct nvmf_kernel_ops *nvmf_kernel = &nvmf_linux_ops;
