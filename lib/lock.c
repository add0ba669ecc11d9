// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lock.h"
#include "util.h"

int nvmf_lock(unsigned int timeout_s)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	unsigned int waited_ms = 0;
	int fd, ret;

	if (root_path(dir, sizeof(dir), "/run/nvmf") < 0)
		return -ENAMETOOLONG;
	ret = make_dirs(dir, 0755);
	if (ret < 0)
		return errorf(ret, "cannot create %s: %s", dir, strerror(-ret));
	snprintf(path, sizeof(path), "%s/connect.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return errorf(-errno, "cannot open %s: %s", path, strerror(errno));
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			int err = -errno;

			close(fd);
			return errorf(err, "cannot lock %s: %s", path, strerror(-err));
		}
		if (waited_ms == 0)
			debugf("waiting for another nvmf run to finish (%s)", path);
		if (waited_ms >= timeout_s * 1000) {
			close(fd);
			return errorf(-EBUSY, "another nvmf run has held %s for %u s; giving up",
				      path, timeout_s);
		}
		sleep_ms(100);
		waited_ms += 100;
	}
	return fd;
}

void nvmf_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
