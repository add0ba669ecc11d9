// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "delete.h"
#include "kernel.h"
#include "util.h"

/* Controllers deleted at once: teardown mostly waits on the network. */
#define DELETE_THREADS 64

struct delete_job {
	char *const *names;
	int *errs;
};

static void delete_one(size_t i, void *arg)
{
	struct delete_job *job = arg;

	job->errs[i] = nvmf_kernel->delete_ctrl(job->names[i]);
}

size_t nvmf_delete_all(char *const *names, size_t n, int *errs)
{
	struct delete_job job = { .names = names, .errs = errs };
	size_t failed = 0;

	parallel_for(n, DELETE_THREADS, delete_one, &job);
	for (size_t i = 0; i < n; i++) {
		if (errs[i] == -ENODEV)
			errs[i] = 0;	/* gone already, which is what was asked */
		if (errs[i])
			failed++;
	}
	return failed;
}
