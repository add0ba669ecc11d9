/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_SECRET_H
#define NVMF_SECRET_H

#include <stddef.h>

/*
 * Read a DH-HMAC-CHAP secret or TLS key from @path, so it stays out of argv and ps:
 * one line, white space trimmed. A file that is not a regular file, or that
 * group or others may read, is refused with a message that says how to fix
 * it; the secret itself is never printed. Returns 0 or a negative errno.
 */
int nvmf_read_secret_file(const char *path, char *buf, size_t len);

#endif
