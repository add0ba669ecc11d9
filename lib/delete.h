/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_DELETE_H
#define NVMF_DELETE_H

#include <stddef.h>

/*
 * Delete the controllers @names in parallel, as teardown mostly waits.
 * @errs[i] gets 0 or the negative errno of names[i]; a controller gone
 * already (-ENODEV) is deleted. Returns how many failed.
 */
size_t nvmf_delete_all(char *const *names, size_t n, int *errs);

#endif
