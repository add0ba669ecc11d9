/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_FABRICS_H
#define NVMF_FABRICS_H

#include <stddef.h>

#include "host.h"
#include "jsonconf.h"
#include "params.h"

/*
 * Everything a connect needs before the option string is written, done
 * once per run: the transport's modules, the kernel's option list and the
 * host identity. Values given on a discovery.conf line or the command line
 * still take precedence over the resolved host identity.
 */
struct nvmf_session {
	struct nvmf_caps caps;
	bool have_caps;
	/* what the kernel was built with, found out on first need: 0 not yet, 1 yes, -1 no */
	signed char auth, tls;
	struct nvmf_host host;	/* resolved on first use */
	/* config.json, if the run reads one: the default host, settings per port */
	const struct nvmf_json_conf *config;
};

/* Read the list. A kernel that gives none, for whatever reason, is an older kernel. */
void nvmf_caps_read(struct nvmf_caps *caps);

/* Load the transport's modules and read the kernel's options, once. */
int nvmf_session_prepare(struct nvmf_session *s, const char *transport);

/*
 * Refuse @p, with the feature named, if it needs what this kernel lacks:
 * DH-HMAC-CHAP, TLS, secure channel concatenation. A connection made
 * without the authentication or encryption asked for is worse than none.
 * After nvmf_session_prepare(). Returns 0 or -EOPNOTSUPP, reported.
 */
int nvmf_session_supports(struct nvmf_session *s, const struct nvmf_params *p, const char *where);

/*
 * Fill in the host identity @p leaves unset, so every connection made in
 * one run uses the same one: config.json's first host, if there is one,
 * else the machine's. A hostnqn given without a hostid gets its own
 * hostid, kept in @own, which must live as long as @p. Then config.json's
 * settings for the connection fill in what @p leaves unset.
 */
int nvmf_session_host(struct nvmf_session *s, struct nvmf_params *p, struct nvmf_host *own);

/*
 * Create the controller @p describes: validate, build the option string,
 * write it to /dev/nvme-fabrics. On success @name holds "nvmeN".
 * Failures are reported with what the kernel's errno means for a connect,
 * prefixed by @where, except -EALREADY, whose meaning depends on the caller;
 * the negative errno is returned.
 */
int nvmf_create(struct nvmf_session *s, const struct nvmf_params *p, const char *where,
		char *name, size_t len);

/* Delete controller @name ("nvme3"). */
int nvmf_delete(const char *name);

/* What a connect's errno means, and what to do about it. */
const char *nvmf_connect_error(int err);

/* Why a controller could not be deleted (the errno of nvmf_kernel->delete_ctrl). */
const char *nvmf_delete_error(int err);

#endif
