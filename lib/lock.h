/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_LOCK_H
#define NVMF_LOCK_H

/* A timer's run may wait this long for a person's, and the other way round. */
#define NVMF_LOCK_TIMEOUT_S	120

/*
 * One run at a time: an exclusive flock on /run/nvmf/connect.lock (below
 * the root prefix), waited for at most @timeout_s seconds. Returns the
 * lock's fd, or a negative errno with the reason reported.
 */
int nvmf_lock(unsigned int timeout_s);
void nvmf_unlock(int fd);

#endif
