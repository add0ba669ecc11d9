/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_PARAMS_H
#define NVMF_PARAMS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "nqn.h"
#include "util.h"

#define NVMF_TCP_DISC_PORT	"8009"
#define NVMF_IO_PORT		"4420"	/* tcp and rdma I/O, rdma discovery */

/*
 * The parameters of one fabrics connection, as given on the command line,
 * on a discovery.conf line, or taken from a discovery log entry. Strings
 * are borrowed, never owned; integers are NVMF_UNSET when not given.
 */
struct nvmf_params {
	const char *transport;
	const char *traddr;
	const char *trsvcid;
	const char *subsysnqn;
	const char *host_traddr;
	const char *host_iface;
	const char *hostnqn;
	const char *hostid;
	const char *dhchap_secret;
	const char *dhchap_ctrl_secret;
	const char *keyring;		/* TLS keyring: a name, or a serial (decimal or 0x hex) */
	const char *tls_key;		/* a key serial, or a PSK in interchange form */
	const char *tls_key_identity;	/* the identity to insert an interchange --tls-key under */
	int queue_size;
	int nr_io_queues;
	int nr_write_queues;
	int nr_poll_queues;
	int keep_alive_tmo;
	int reconnect_delay;
	int ctrl_loss_tmo;
	int fast_io_fail_tmo;
	int tos;
	int tls_identity;	/* identity version of an inserted --tls-key: 0 or 1 */
	bool duplicate_connect;
	bool disable_sqflow;
	bool hdr_digest;
	bool data_digest;
	bool tls;
	bool tls_compat;	/* derive an interchange --tls-key the older libnvme way */
	bool concat;
	bool discovery;		/* a discovery controller: the "discovery" token */
	/*
	 * host_iface is where mDNS saw the controller, not what the user asked
	 * for: left out on a kernel that may not know it (host_iface came in
	 * 5.14, the option list in 5.17), and no reason for a mismatch with a
	 * controller connected without one.
	 */
	bool host_iface_implied;
};

void nvmf_params_init(struct nvmf_params *p);
/* Does @p ask for a TLS channel (--tls, --tls-key, or --concat, which sets one up)? */
bool nvmf_params_want_tls(const struct nvmf_params *p);
/* Copy every field @src sets over @dst: a discovery.conf line over the command line's defaults. */
void nvmf_params_overlay(struct nvmf_params *dst, const struct nvmf_params *src);

/*
 * The parameters of the discovery controller for @line (from the command
 * line or a discovery.conf line): the well-known discovery NQN unless one
 * is given, the discovery port of the transport when none is, and none of
 * the I/O queue options, which mean nothing to a discovery controller.
 * Strings are borrowed from @line.
 */
void nvmf_discovery_params(const struct nvmf_params *line, struct nvmf_params *disc);

/*
 * The integer parameters' ranges: those of nvmf_parse_options() in
 * fabrics.c. It takes any ctrl_loss_tmo and fast_io_fail_tmo and reads a
 * negative one as "never"; -1 is the one way to say that here. It clamps a
 * tos above 255 to 255. The option tables parse by them, and
 * nvmf_params_validate() checks what comes from elsewhere by them.
 */
#define NVMF_QUEUE_SIZE_MIN		16
#define NVMF_QUEUE_SIZE_MAX		1024
#define NVMF_NR_IO_QUEUES_MIN		1
#define NVMF_NR_IO_QUEUES_MAX		INT_MAX
#define NVMF_NR_WRITE_QUEUES_MIN	0
#define NVMF_NR_WRITE_QUEUES_MAX	INT_MAX
#define NVMF_NR_POLL_QUEUES_MIN		0
#define NVMF_NR_POLL_QUEUES_MAX		INT_MAX
#define NVMF_KEEP_ALIVE_TMO_MIN		0
#define NVMF_KEEP_ALIVE_TMO_MAX		INT_MAX
#define NVMF_RECONNECT_DELAY_MIN	1
#define NVMF_RECONNECT_DELAY_MAX	INT_MAX
#define NVMF_CTRL_LOSS_TMO_MIN		(-1)
#define NVMF_CTRL_LOSS_TMO_MAX		INT_MAX
#define NVMF_FAST_IO_FAIL_TMO_MIN	(-1)
#define NVMF_FAST_IO_FAIL_TMO_MAX	INT_MAX
#define NVMF_TOS_MIN			0
#define NVMF_TOS_MAX			255
/* nvmf's own: the identity version an interchange --tls-key is inserted under */
#define NVMF_TLS_IDENTITY_VERSION_MIN	0
#define NVMF_TLS_IDENTITY_VERSION_MAX	1

/*
 * Check @p before it goes anywhere near the kernel: per-transport required
 * and allowed options, NQN and hostid form, numeric ranges, and that no
 * value carries ',' '=' or a control character. @where starts each message
 * ("nvmf connect", "discovery.conf:3", "discovery log entry 4").
 * Returns 0 or -EINVAL, with the reason printed.
 */
int nvmf_params_validate(const struct nvmf_params *p, const char *where);

/*
 * The options this kernel takes, as /dev/nvme-fabrics lists them. Kernels
 * before 5.17 list none: @listed is false, and the kernel's own checks at
 * connect time are all there is.
 */
struct nvmf_caps {
	bool listed;
	char tmpl[2048];
};

/* Does the kernel list @token? Never so when it lists nothing. */
bool nvmf_caps_has(const struct nvmf_caps *caps, const char *token);
/* Does this kernel take every option @p needs? 0, or -EOPNOTSUPP naming the first it lacks. */
int nvmf_caps_check(const struct nvmf_params *p, const struct nvmf_caps *caps, const char *where);

/*
 * Validate @p and render it as the kernel's option string. A token the
 * kernel does not list in @caps is an error that names it: it is never
 * dropped. A kernel that lists nothing is given what the user asked for,
 * and none of the tokens nvmf would add on its own that such a kernel may
 * not know. @caps NULL skips all that (dry runs, tests).
 */
int nvmf_build_options(const struct nvmf_params *p, const struct nvmf_caps *caps,
		       const char *where, char *buf, size_t len);

/* The user's name of kernel option @token ("host_iface" -> "--host-iface"), or NULL. */
const char *nvmf_option_name(const char *token);

bool nvmf_valid_nqn(const char *nqn);
bool nvmf_valid_uuid(const char *s);
/* Is @s a numeric IPv4 or IPv6 address (the latter with an optional "%scope")? */
bool nvmf_is_ip_address(const char *s);
/* The default service id for a transport and controller kind, or NULL. */
const char *nvmf_default_trsvcid(const char *transport, bool discovery);
bool nvmf_known_transport(const char *transport);

#endif
