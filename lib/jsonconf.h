/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_JSONCONF_H
#define NVMF_JSONCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "address.h"
#include "params.h"

#define NVMF_CONFIG_JSON "/etc/nvme/config.json"

/*
 * libnvme's JSON configuration, as nvme-cli 2.x reads it: an array of
 * hosts, each with its subsystems, each with its ports.
 *
 *   [ { "hostnqn": "nqn...", "hostid": "...", "dhchap_key": "...",
 *       "subsystems": [ { "nqn": "nqn...",
 *           "ports": [ { "transport": "tcp", "traddr": "192.0.2.1",
 *                        "trsvcid": "4420", "ctrl_loss_tmo": 60, ... } ] } ] } ]
 *
 * Every port is a place to discover from (discover, connect-all), and
 * its settings apply to the connections to its subsystem at its address
 * made by its host. Strings point into the parsed document.
 */
struct nvmf_json_host {
	const char *hostnqn;
	const char *hostid;		/* NULL when not given */
	const char *dhchap_key;		/* the host's secret for every port of it */
	bool pdc;			/* persistent_discovery_ctrl */
};

struct nvmf_json_port {
	/* the I/O connection it describes: host, subsystem, address, settings */
	struct nvmf_params params;
	bool persistent;		/* keep the discovery controller made through it */
	const struct nvmf_json_host *host;
	char path[80];			/* "[0].subsystems[1].ports[0]", for messages */
	struct nvmf_addrbuf addrs;
};

struct nvmf_json_conf {
	char *path;
	void *doc;			/* the json-c document the strings live in */
	struct nvmf_json_host *hosts;
	size_t nr_hosts;
	struct nvmf_json_port *ports;
	size_t nr_ports;
};

/* Does @text look like JSON (its first non-blank byte '[' or '{') rather than discovery.conf lines? */
bool nvmf_json_conf_sniff(const char *text);

/*
 * Read and check a config.json. Anything wrong is one line, "PATH: JSON
 * path: what" or "PATH:LINE:COLUMN: JSON syntax error: what", and -EINVAL:
 * nothing of a bad file is used. -ENOENT is returned unreported.
 */
int nvmf_json_conf_load(const char *path, struct nvmf_json_conf *jc);
/* The same for a document in memory (the fuzzer's way in). */
int nvmf_json_conf_parse(const char *path, const char *text, size_t len, struct nvmf_json_conf *jc);
void nvmf_json_conf_free(struct nvmf_json_conf *jc);

/* The host nvme-cli takes as this machine's when none is given: the first. */
const struct nvmf_json_host *nvmf_json_conf_default_host(const struct nvmf_json_conf *jc);

/*
 * Give the connection @p (its host identity resolved) what config.json
 * says for it: the settings of the port of its host and subsystem at its
 * address fill in what @p does not set, and the port's (else the host's)
 * DH-HMAC-CHAP key the secret. Returns the port used, or NULL.
 */
const struct nvmf_json_port *nvmf_json_conf_apply(const struct nvmf_json_conf *jc, struct nvmf_params *p);

#endif
