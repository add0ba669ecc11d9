/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_PARAMS_H
#define NVMF_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse-options.h"
#include "util.h"

#define NVMF_DISC_NQN		"nqn.2014-08.org.nvmexpress.discovery"
/*
 * The longest NQN the kernel takes, in bytes: the spec allows 223, but
 * fabrics.c wants nqn= and hostnqn= shorter than its NVMF_NQN_SIZE (223).
 */
#define NVMF_NQN_MAX		222
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
 * Where the addressing options (-t -a -s -w -f) and everything after them
 * differ between commands, tables combine these; each expands to several
 * struct option entries for the params at @p.
 */
#define NVMF_ADDRESS_OPTIONS(p) \
	OPT_STRING('t', "transport", &(p)->transport, "TRANSPORT", "transport type: tcp, rdma, fc or loop"), \
	OPT_STRING('a', "traddr", &(p)->traddr, "ADDR", "transport address of the target"), \
	OPT_STRING('s', "trsvcid", &(p)->trsvcid, "PORT", "transport service id, such as a TCP port"), \
	OPT_STRING('w', "host-traddr", &(p)->host_traddr, "ADDR", "host transport address to connect from"), \
	OPT_STRING('f', "host-iface", &(p)->host_iface, "IFACE", "host network interface to connect through")

#define NVMF_HOST_OPTIONS(p) \
	OPT_STRING('q', "hostnqn", &(p)->hostnqn, "NQN", "host NQN (default: /etc/nvme/hostnqn or generated)"), \
	OPT_STRING('I', "hostid", &(p)->hostid, "UUID", "host identifier (default: /etc/nvme/hostid or generated)")

#define NVMF_TUNING_OPTIONS(p) \
	OPT_INT('i', "nr-io-queues", &(p)->nr_io_queues, "N", 1, 65535, "number of I/O queues"), \
	OPT_INT('W', "nr-write-queues", &(p)->nr_write_queues, "N", 0, 65535, "number of write queues"), \
	OPT_INT('P', "nr-poll-queues", &(p)->nr_poll_queues, "N", 0, 65535, "number of poll queues"), \
	OPT_INT('Q', "queue-size", &(p)->queue_size, "N", 16, 1024, "I/O queue depth"), \
	OPT_INT('k', "keep-alive-tmo", &(p)->keep_alive_tmo, "SEC", 0, 65535, "keep-alive timeout"), \
	OPT_INT('c', "reconnect-delay", &(p)->reconnect_delay, "SEC", 1, 2147483647, \
		"delay between reconnect attempts"), \
	OPT_INT('l', "ctrl-loss-tmo", &(p)->ctrl_loss_tmo, "SEC", -1, 2147483647, \
		"give up reconnecting after this long; -1: never"), \
	OPT_INT('F', "fast-io-fail-tmo", &(p)->fast_io_fail_tmo, "SEC", -1, 2147483647, \
		"fail I/O this long after the connection is lost; -1: never"), \
	OPT_ALIAS("fast_io_fail_tmo"), \
	OPT_INT('T', "tos", &(p)->tos, "N", 0, 255, "type of service"), \
	OPT_BOOL('D', "duplicate-connect", &(p)->duplicate_connect, \
		 "connect even if an identical controller exists"), \
	OPT_BOOL(0, "disable-sqflow", &(p)->disable_sqflow, "disable submission queue flow control"), \
	OPT_BOOL('g', "hdr-digest", &(p)->hdr_digest, "enable transport protocol header digest (tcp)"), \
	OPT_BOOL('G', "data-digest", &(p)->data_digest, "enable transport protocol data digest (tcp)")

#define NVMF_SECURITY_OPTIONS(p) \
	OPT_SECRET('S', "dhchap-secret", &(p)->dhchap_secret, "KEY", "DH-HMAC-CHAP host secret"), \
	OPT_BOOL(0, "tls", &(p)->tls, "secure the connection with TLS (tcp)"), \
	OPT_STRING(0, "keyring", &(p)->keyring, "KEYRING", \
		   "keyring for TLS keys, by name or serial (default: .nvme)"), \
	OPT_SECRET(0, "tls-key", &(p)->tls_key, "KEY", \
		   "TLS PSK: a key serial, or a PSK in interchange form (NVMeTLSkey-1:...), implies --tls"), \
	OPT_ALIAS("tls_key"), \
	OPT_STRING(0, "tls-key-identity", &(p)->tls_key_identity, "IDENTITY", \
		   "insert the interchange --tls-key as it is, under this TLS identity"), \
	OPT_INT(0, "identity", &(p)->tls_identity, "VERSION", 0, 1, \
		"TLS identity version for an interchange --tls-key: 1 (default) or 0"), \
	OPT_BOOL(0, "compat", &(p)->tls_compat, \
		 "derive an interchange --tls-key as older libnvme did (nvme-cli 2.13)"), \
	OPT_BOOL(0, "concat", &(p)->concat, "secure channel concatenation after authentication (tcp)")

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

/* Read the list. A kernel that gives none, for whatever reason, is an older kernel. */
void nvmf_caps_read(struct nvmf_caps *caps);
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
/* The default service id for a transport and controller kind, or NULL. */
const char *nvmf_default_trsvcid(const char *transport, bool discovery);
bool nvmf_known_transport(const char *transport);

#endif
