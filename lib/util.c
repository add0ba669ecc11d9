// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "util.h"

int nvmf_verbose;
static const char *root = "";
/* per thread: controllers are deleted from several at once */
static __thread char last_message[2048];

/*
 * Messages quote what users typed, files held and targets sent: whatever
 * the callers escaped or not, no control byte reaches the terminal.
 */
static void vreport(const char *prefix, const char *fmt, va_list ap, bool remember)
{
	char msg[sizeof(last_message)], shown[4 * sizeof(msg)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	escape_controls(msg, shown, sizeof(shown));
	if (remember)
		strlcopy(last_message, shown, sizeof(last_message));
	fflush(stdout);
	fprintf(stderr, "nvmf: %s%s\n", prefix, shown);
}

const char *last_error(void)
{
	return last_message;
}

const char *errno_name(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : "EIO";
}

int errorf(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, true);
	va_end(ap);
	return err;
}

int note_error(struct error_note *e, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return err;
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, false);
	va_end(ap);
}

void debugf(const char *fmt, ...)
{
	va_list ap;

	if (!nvmf_verbose)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap, false);
	va_end(ap);
}

void nvmf_set_root(const char *r)
{
	root = r ? r : "";
}

const char *nvmf_root(void)
{
	return root;
}

static int vroot_path(char *buf, size_t len, const char *fmt, va_list ap)
{
	size_t n = strlcopy(buf, root, len);
	int m;

	if (n >= len)
		return -ENAMETOOLONG;
	m = vsnprintf(buf + n, len - n, fmt, ap);
	if (m < 0 || (size_t)m >= len - n)
		return -ENAMETOOLONG;
	return 0;
}

int root_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vroot_path(buf, len, fmt, ap);
	va_end(ap);
	return ret;
}

int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return (int)n;
}

int read_root_text(char *buf, size_t len, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vroot_path(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (ret < 0)
		return ret;
	return read_text(path, buf, len);
}

struct parallel_job {
	void (*fn)(size_t i, void *arg);
	void *arg;
	size_t n;
	atomic_size_t next;
};

static void *parallel_worker(void *p)
{
	struct parallel_job *job = p;
	size_t i;

	while ((i = atomic_fetch_add(&job->next, 1)) < job->n)
		job->fn(i, job->arg);
	return NULL;
}

void parallel_for(size_t n, size_t max_threads, void (*fn)(size_t i, void *arg), void *arg)
{
	struct parallel_job job = { .fn = fn, .arg = arg, .n = n };
	size_t nr = n < max_threads ? n : max_threads, started = 0;
	pthread_t *threads = nr > 1 ? calloc(nr, sizeof(*threads)) : NULL;

	atomic_init(&job.next, 0);
	while (threads && started < nr && pthread_create(&threads[started], NULL, parallel_worker, &job) == 0)
		started++;
	if (!started)
		parallel_worker(&job);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

int make_dirs(const char *path, unsigned int mode)
{
	char buf[PATH_MAX];

	if (strlcopy(buf, path, sizeof(buf)) >= sizeof(buf))
		return -ENAMETOOLONG;
	for (char *c = buf + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -errno;
		*c = '/';
	}
	if (mkdir(buf, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

void copy_field(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	size_t n = strnlen(src, srclen);

	while (n > 0 && src[n - 1] == ' ')
		n--;
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

size_t strlcopy(char *dst, const char *src, size_t len)
{
	size_t n = strlen(src);

	if (len) {
		size_t c = n < len ? n : len - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

bool is_clean_value(const char *s, const char *reject)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f || strchr(reject, c))
			return false;
	}
	return true;
}

/* \xNN for each byte that is not plain ASCII, and for backslash when @all */
static const char *escape(const char *s, char *buf, size_t len, bool all)
{
	size_t o = 0;

	if (!len)
		return buf;
	for (; *s; s++) {
		unsigned char c = *s;
		bool plain = c >= 0x20 && c < 0x7f && (c != '\\' || !all);

		if (o + (plain ? 1 : 4) >= len)
			break;
		if (plain)
			buf[o++] = c;
		else
			o += snprintf(buf + o, len - o, "\\x%02x", c);
	}
	buf[o] = '\0';
	return buf;
}

const char *printable(const char *s, char *buf, size_t len)
{
	return escape(s, buf, len, true);
}

const char *escape_controls(const char *s, char *buf, size_t len)
{
	return escape(s, buf, len, false);
}

const char *shown_word(const char *word, char *buf, size_t len)
{
	if (strstr(word, "DHHC-") || strstr(word, "NVMeTLSkey-")) {
		strlcopy(buf, "(a key, not shown)", len);
		return buf;
	}
	return printable(word, buf, len);
}
