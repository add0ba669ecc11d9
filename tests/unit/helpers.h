/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TEST_HELPERS_H
#define NVMF_TEST_HELPERS_H

#include <stddef.h>

/*
 * Plumbing the unit tests share. Failures are cmocka assertions, so call
 * these from tests and their setup and teardown functions.
 */

/*
 * Send what is written to @fd (STDOUT_FILENO or STDERR_FILENO) to a
 * temporary file, until capture_end(). One capture at a time.
 */
void capture_start(int fd);
/* Give the descriptor back; what it got, NUL-terminated in @buf (cut at @len - 1). */
const char *capture_end(char *buf, size_t len);

/*
 * Make a fresh directory /tmp/nvmf-<program>-XXXXXX and set it as the root
 * prefix (nvmf_set_root()). Returns its path.
 */
const char *temp_root_create(void);
/* Unset the root prefix and remove that directory with everything in it. */
void temp_root_remove(void);
/* The two as cmocka setup and teardown functions. */
int temp_root_setup(void **state);
int temp_root_teardown(void **state);

/*
 * Below the root prefix (@path starts with '/'), making the directories
 * that lead there:
 */
/* a file that holds @content, replacing any there was; */
void put_file(const char *path, const char *content);
/* the same with @len bytes of @data; */
void put_bytes(const char *path, const void *data, size_t len);
/* @content added at the end of a file, made if there was none; */
void append_file(const char *path, const char *content);
/* a directory that did not exist yet; */
void put_dir(const char *path);
/* a symbolic link to @target. */
void put_link(const char *target, const char *path);

#endif
