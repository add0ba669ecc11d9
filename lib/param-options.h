/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_PARAM_OPTIONS_H
#define NVMF_PARAM_OPTIONS_H

#include "params.h"
#include "parse-options.h"

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
	OPT_INT('i', "nr-io-queues", &(p)->nr_io_queues, "N", \
		NVMF_NR_IO_QUEUES_MIN, NVMF_NR_IO_QUEUES_MAX, "number of I/O queues"), \
	OPT_INT('W', "nr-write-queues", &(p)->nr_write_queues, "N", \
		NVMF_NR_WRITE_QUEUES_MIN, NVMF_NR_WRITE_QUEUES_MAX, "number of write queues"), \
	OPT_INT('P', "nr-poll-queues", &(p)->nr_poll_queues, "N", \
		NVMF_NR_POLL_QUEUES_MIN, NVMF_NR_POLL_QUEUES_MAX, "number of poll queues"), \
	OPT_INT('Q', "queue-size", &(p)->queue_size, "N", \
		NVMF_QUEUE_SIZE_MIN, NVMF_QUEUE_SIZE_MAX, "I/O queue depth"), \
	OPT_INT('k', "keep-alive-tmo", &(p)->keep_alive_tmo, "SEC", \
		NVMF_KEEP_ALIVE_TMO_MIN, NVMF_KEEP_ALIVE_TMO_MAX, "keep-alive timeout"), \
	OPT_INT('c', "reconnect-delay", &(p)->reconnect_delay, "SEC", \
		NVMF_RECONNECT_DELAY_MIN, NVMF_RECONNECT_DELAY_MAX, \
		"delay between reconnect attempts"), \
	OPT_INT('l', "ctrl-loss-tmo", &(p)->ctrl_loss_tmo, "SEC", \
		NVMF_CTRL_LOSS_TMO_MIN, NVMF_CTRL_LOSS_TMO_MAX, \
		"give up reconnecting after this long; -1: never"), \
	OPT_INT('F', "fast-io-fail-tmo", &(p)->fast_io_fail_tmo, "SEC", \
		NVMF_FAST_IO_FAIL_TMO_MIN, NVMF_FAST_IO_FAIL_TMO_MAX, \
		"fail I/O this long after the connection is lost; -1: never"), \
	OPT_ALIAS("fast_io_fail_tmo"), \
	OPT_INT('T', "tos", &(p)->tos, "N", NVMF_TOS_MIN, NVMF_TOS_MAX, "type of service"), \
	OPT_BOOL('D', "duplicate-connect", &(p)->duplicate_connect, \
		 "connect even if an identical controller exists"), \
	OPT_BOOL(0, "disable-sqflow", &(p)->disable_sqflow, "disable submission queue flow control"), \
	OPT_BOOL('g', "hdr-digest", &(p)->hdr_digest, "enable transport protocol header digest (tcp)"), \
	OPT_BOOL('G', "data-digest", &(p)->data_digest, "enable transport protocol data digest (tcp)")

#define NVMF_SECURITY_OPTIONS(p) \
	OPT_STRING('S', "dhchap-secret", &(p)->dhchap_secret, "KEY", "DH-HMAC-CHAP host secret"), \
	OPT_BOOL(0, "tls", &(p)->tls, "secure the connection with TLS (tcp)"), \
	OPT_STRING(0, "keyring", &(p)->keyring, "KEYRING", \
		   "keyring for TLS keys, by name or serial (default: .nvme)"), \
	OPT_STRING(0, "tls-key", &(p)->tls_key, "KEY", \
		   "TLS PSK: a key serial, or a PSK in interchange form (NVMeTLSkey-1:...), implies --tls"), \
	OPT_ALIAS("tls_key"), \
	OPT_STRING(0, "tls-key-identity", &(p)->tls_key_identity, "IDENTITY", \
		   "insert the interchange --tls-key as it is, under this TLS identity"), \
	OPT_INT(0, "identity", &(p)->tls_identity, "VERSION", \
		NVMF_TLS_IDENTITY_VERSION_MIN, NVMF_TLS_IDENTITY_VERSION_MAX, \
		"TLS identity version for an interchange --tls-key: 1 (default) or 0"), \
	OPT_BOOL(0, "compat", &(p)->tls_compat, \
		 "derive an interchange --tls-key as older libnvme did (nvme-cli 2.13)"), \
	OPT_BOOL(0, "concat", &(p)->concat, "secure channel concatenation after authentication (tcp)")

#endif
