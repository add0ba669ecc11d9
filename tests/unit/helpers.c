// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "helpers.h"
#include "util.h"

/* The capture under way: the descriptor, where it went, and what it was. */
static struct {
	int fd;
	int saved;
	FILE *file;
} cap = { .saved = -1 };

static char temp_root[PATH_MAX];

/* Put the captured descriptor back; true if that worked. */
static bool capture_restore(void)
{
	bool ok;

	fflush(NULL);
	ok = dup2(cap.saved, cap.fd) >= 0;
	close(cap.saved);
	cap.saved = -1;
	return ok;
}

void capture_start(int fd)
{
	/* A test that failed inside a capture left it running: end it. */
	if (cap.file) {
		capture_restore();
		fclose(cap.file);
		cap.file = NULL;
	}
	fflush(NULL);
	cap.file = tmpfile();
	assert_non_null(cap.file);
	cap.fd = fd;
	cap.saved = dup(fd);
	assert_true(cap.saved >= 0);
	assert_true(dup2(fileno(cap.file), fd) >= 0);
}

const char *capture_end(char *buf, size_t len)
{
	size_t n;

	assert_non_null(cap.file);
	assert_true(capture_restore());
	rewind(cap.file);
	n = fread(buf, 1, len - 1, cap.file);
	buf[n] = '\0';
	fclose(cap.file);
	cap.file = NULL;
	return buf;
}

const char *temp_root_create(void)
{
	int n = snprintf(temp_root, sizeof(temp_root), "/tmp/nvmf-%s-XXXXXX",
			 program_invocation_short_name);

	assert_true(n > 0 && n < (int)sizeof(temp_root));
	assert_non_null(mkdtemp(temp_root));
	nvmf_set_root(temp_root);
	return temp_root;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void temp_root_remove(void)
{
	nvmf_set_root(NULL);
	assert_true(temp_root[0]);
	assert_int_equal(nftw(temp_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
	temp_root[0] = '\0';
}

int temp_root_setup(void **state)
{
	(void)state;
	temp_root_create();
	return 0;
}

int temp_root_teardown(void **state)
{
	(void)state;
	temp_root_remove();
	return 0;
}

/* @path below the root prefix, in @full, with the directories leading to it made. */
static void below_root(char *full, size_t len, const char *path)
{
	char *slash;

	assert_true(path[0] == '/');
	assert_int_equal(root_path(full, len, "%s", path), 0);
	for (slash = strchr(full + strlen(nvmf_root()) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		assert_true(mkdir(full, 0755) == 0 || errno == EEXIST);
		*slash = '/';
	}
}

static void write_below_root(const char *path, const char *mode, const void *data, size_t len)
{
	char full[PATH_MAX];
	FILE *f;

	below_root(full, sizeof(full), path);
	f = fopen(full, mode);
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

void put_file(const char *path, const char *content)
{
	write_below_root(path, "w", content, strlen(content));
}

void put_bytes(const char *path, const void *data, size_t len)
{
	write_below_root(path, "w", data, len);
}

void append_file(const char *path, const char *content)
{
	write_below_root(path, "a", content, strlen(content));
}

void put_dir(const char *path)
{
	char full[PATH_MAX];

	below_root(full, sizeof(full), path);
	assert_int_equal(mkdir(full, 0755), 0);
}

void put_link(const char *target, const char *path)
{
	char full[PATH_MAX];

	below_root(full, sizeof(full), path);
	assert_int_equal(symlink(target, full), 0);
}
