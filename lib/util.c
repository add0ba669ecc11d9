// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

int read_text_at(int dir, const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	n = trimmed_len(buf, n);
	buf[n] = '\0';
	return (int)n;
}

int read_text(const char *path, char *buf, size_t len)
{
	return read_text_at(AT_FDCWD, path, buf, len);
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

int parse_long(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
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

int vappendf(char *buf, size_t len, size_t *pos, const char *fmt, va_list ap)
{
	int n;

	if (*pos >= len)
		return -ENOSPC;
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	if (n < 0) {
		buf[*pos] = '\0';
		return -EINVAL;
	}
	if ((size_t)n >= len - *pos) {
		*pos = len - 1;
		return -ENOSPC;
	}
	*pos += n;
	return 0;
}

int appendf(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vappendf(buf, len, pos, fmt, ap);
	va_end(ap);
	return ret;
}

size_t trimmed_len(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	s[trimmed_len(s, strlen(s))] = '\0';
	return s;
}

const char *dev_name(const char *dev)
{
	return strncmp(dev, "/dev/", 5) ? dev : dev + 5;
}

void *grow_array(void *array, size_t nr, size_t size)
{
	/* full when @nr is 0 or a power of two */
	if (nr & (nr - 1))
		return array;
	return reallocarray(array, nr ? 2 * nr : 1, size);
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

static bool plain(unsigned char c, bool all)
{
	return c >= 0x20 && c < 0x7f && (c != '\\' || !all);
}

static size_t escaped_len(const char *s, bool all)
{
	size_t n = 0;

	for (; *s; s++)
		n += plain(*s, all) ? 1 : 4;
	return n;
}

/*
 * \xNN for each byte that is not plain ASCII, and for backslash when @all.
 * What does not fit is cut, and "..." says so where there is room for it.
 */
static const char *escape(const char *s, char *buf, size_t len, bool all)
{
	size_t o = 0, room = len;

	if (!len)
		return buf;
	if (escaped_len(s, all) >= len && len > 4)
		room = len - 3;
	for (; *s; s++) {
		unsigned char c = *s;

		if (o + (plain(c, all) ? 1 : 4) >= room)
			break;
		if (plain(c, all))
			buf[o++] = c;
		else
			o += snprintf(buf + o, len - o, "\\x%02x", c);
	}
	if (*s && room < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
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

void sleep_ms(unsigned int ms)
{
	struct timespec left = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}
