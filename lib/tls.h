/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TLS_H
#define NVMF_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"
#include "tls-key.h"

/*
 * TLS for a connection: putting the PSK of an interchange --tls-key into a
 * kernel keyring, and what a failed TLS connect means. No key byte is ever
 * printed: messages name the option, never the value.
 */

/* The keyring the kernel's nvme-keyring module makes, where the host looks PSKs up. */
#define NVMF_TLS_KEYRING	".nvme"

/*
 * The TLS material of @p made ready for the kernel, in @out (a copy of @p):
 * --keyring by name becomes its serial; an interchange --tls-key is
 * derived for @p's host and subsystem NQNs and put into the keyring (the
 * key with the same identity there is replaced), and its serial becomes
 * --tls-key. @buf holds the serials' text and must live as long as @out.
 * Returns 0 or a negative errno, reported with @where; nothing is changed
 * in any keyring on failure.
 */
struct nvmf_tls_serials {
	char keyring[16];
	char key[16];
};

int nvmf_tls_prepare(const struct nvmf_params *p, const char *where, struct nvmf_params *out,
		     struct nvmf_tls_serials *buf);

/*
 * What a failed TLS connect means, when the kernel's errno @err and its
 * last message @kmsg say so (the handshake daemon missing, a handshake
 * that failed, no PSK for the identity, a port that requires TLS refusing
 * a plain connection), written into @buf; NULL when they say nothing
 * about TLS.
 */
const char *nvmf_tls_connect_error(const struct nvmf_params *p, int err, const char *kmsg,
				   char *buf, size_t len);

#endif
