/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TLS_KEY_H
#define NVMF_TLS_KEY_H

#include <stdbool.h>
#include <stddef.h>

#include "nqn.h"

/*
 * NVMe/TCP TLS pre-shared keys: the PSK interchange format, the retained
 * key, the TLS identity and the TLS PSK, as NVMe/TCP (TP 8011, TP 8018)
 * defines them: formats and derivation, no I/O. No key byte is ever
 * printed.
 */

#define NVMF_TLS_KEY_MAX	48	/* SHA-384 */
/* "NVMe1R02 <hostnqn> <subnqn> <base64 of a 48-byte digest>" and a NUL */
#define NVMF_TLS_IDENTITY_MAX	(9 + 2 * (NVMF_NQN_MAX + 1) + 64 + 1)

/* A configured PSK, from "NVMeTLSkey-1:HH:<base64 of key and CRC-32>:". */
struct nvmf_tls_key {
	unsigned char key[NVMF_TLS_KEY_MAX];
	size_t len;		/* 32 or 48 */
	int hash;		/* HH: 0 no transform, 1 SHA-256, 2 SHA-384 */
};

/* A TLS PSK and the identity it goes by. */
struct nvmf_tls_psk {
	unsigned char psk[NVMF_TLS_KEY_MAX];
	size_t len;
	char identity[NVMF_TLS_IDENTITY_MAX];
};

/* Does @s claim to be a PSK in interchange form (whether or not a valid one)? */
bool nvmf_tls_is_interchange(const char *s);

/*
 * Parse a PSK in interchange form: the version, the hash identifier, the
 * length that goes with it, base64 and the CRC-32. Returns 0, or -EINVAL
 * with @why set to what is wrong (never any part of the key).
 */
int nvmf_tls_key_parse(const char *s, struct nvmf_tls_key *k, const char **why);

/* A key or keyring serial, decimal or 0x hex, 1..INT32_MAX: 0 or -EINVAL. */
int nvmf_tls_parse_serial(const char *s, int *serial);

/*
 * Derive the retained key, the identity (@version 0: "NVMe0R<HH> <hostnqn>
 * <subnqn>"; 1: the same as NVMe1 with the PSK digest appended) and the TLS
 * PSK of @k for @hostnqn and @subnqn. HKDF's info is the RFC 8446 HkdfLabel
 * the NVMe/TCP spec means, or with @compat the form older libnvme (nvme-cli 2.13;
 * 2.16's --compat) made keys with. Returns 0 or a negative
 * errno (-EINVAL for NQNs too long for an identity, -EIO for libcrypto).
 */
int nvmf_tls_derive(const struct nvmf_tls_key *k, const char *hostnqn, const char *subnqn,
		    int version, bool compat, struct nvmf_tls_psk *out);

/* Is @s an identity of the form the kernel and tlshd use ("NVMe<0|1><R|G><01|02> ...")? */
bool nvmf_tls_valid_identity(const char *s);

#endif
