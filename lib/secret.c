// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"
#include "util.h"

static int check_secret_file(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return errorf(-errno, "cannot stat %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return errorf(-EINVAL, "%s is not a regular file", path);
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return errorf(-EPERM, "%s may be read by others (mode %04o): a secret file must be "
			      "private; chmod 600 %s", path, st.st_mode & 07777, path);
	return 0;
}

int nvmf_read_secret_file(const char *path, char *buf, size_t len)
{
	int fd, ret;
	char *start;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errorf(-errno, "cannot open %s: %s", path, strerror(errno));
	ret = check_secret_file(fd, path);
	n = ret ? 0 : read(fd, buf, len - 1);
	if (n < 0)
		ret = errorf(-errno, "cannot read %s: %s", path, strerror(errno));
	close(fd);
	if (ret)
		return ret;
	if ((size_t)n == len - 1)
		return errorf(-EFBIG, "%s is too long to hold a secret", path);
	buf[n] = '\0';
	start = trim(buf);
	if (!*start || start[strcspn(start, " \t\r\n")])
		return errorf(-EINVAL, "%s must hold one secret on one line", path);
	memmove(buf, start, strlen(start) + 1);
	return 0;
}
