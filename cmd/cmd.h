/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_CMD_H
#define NVMF_CMD_H

#include <stdbool.h>

#include "conf.h"
#include "discovery.h"
#include "mdns.h"

#include "output.h"
#include "params.h"
#include "parse-options.h"

/* Exit statuses, documented in nvmf(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* the operation failed, wholly or in part */
	EXIT_USAGE = 2,		/* bad arguments or configuration */
};

struct command {
	const char *name;
	int (*fn)(const struct command *cmd, int argc, char **argv);
	const char *usage;	/* after "nvmf NAME " */
	const char *summary;
	int max_args;		/* positional arguments the command takes */
};

/* What every command accepts. */
struct common_opts {
	int output;		/* enum output_format */
	int verbose;
	bool help;
};

#define COMMON_OPTIONS(c) \
	OPT_GROUP("Common options"), \
	OPT_CHOICE('o', "output-format", &(c)->output, "FMT", output_format_names, \
		   "output format: normal or json"), \
	OPT_ALIAS("output"), \
	OPT_COUNT('v', "verbose", &(c)->verbose, "say more about what is done"), \
	OPT_BOOL('h', "help", &(c)->help, "show this help")

/*
 * Parse a command's arguments (argv[0] is its name) against its table, in
 * one place for all: --help prints the help and returns 1; a bad option or
 * more positional arguments than the command takes is reported and
 * returns -EINVAL; otherwise the common options take effect, the
 * positional arguments are moved to argv[1..] and 0 is returned.
 */
int parse_command(const struct command *cmd, int argc, char **argv,
		  const struct option *opts, struct common_opts *common);

/* The discovery controller options of discover and connect-all, into a struct target_opts. */
#define TARGET_OPTIONS(p, to) \
	OPT_GROUP("Discovery controller (default: every line of " NVMF_DISCOVERY_CONF ")"), \
	NVMF_ADDRESS_OPTIONS(p), \
	OPT_STRING('n', "nqn", &(p)->subsysnqn, "NQN", \
		   "discovery subsystem NQN (default: " NVMF_DISC_NQN ")"), \
	NVMF_HOST_OPTIONS(p), \
	OPT_BOOL('p', "persistent", &(to)->persistent, "keep the discovery controllers afterwards"), \
	OPT_STRING(0, "config-file", &(to)->config_file, "FILE", \
		   "read discovery controllers from FILE (default: " NVMF_DISCOVERY_CONF ")"), \
	OPT_BOOL(0, "mdns", &(to)->mdns, \
		 "also the discovery controllers announced with mDNS (through avahi-daemon)"), \
	OPT_INT(0, "mdns-timeout", &(to)->mdns_timeout, "SEC", 1, NVMF_MDNS_TIMEOUT_MAX, \
		"browse mDNS for at most SEC seconds (default: 5)")

/* Secrets read from files, so they stay out of argv. */
struct secret_opts {
	const char *host_file;
	const char *ctrl_file;
	const char *tls_key_file;
	char host[256];
	char ctrl[256];
	char tls_key[128];
};

#define SECRET_OPTIONS(p, so) \
	OPT_SECRET('C', "dhchap-ctrl-secret", &(p)->dhchap_ctrl_secret, "KEY", \
		   "DH-HMAC-CHAP controller secret, for bidirectional authentication"), \
	OPT_STRING(0, "dhchap-secret-file", &(so)->host_file, "FILE", \
		   "read the host secret from FILE (mode 0600)"), \
	OPT_STRING(0, "dhchap-ctrl-secret-file", &(so)->ctrl_file, "FILE", \
		   "read the controller secret from FILE (mode 0600)"), \
	OPT_STRING(0, "tls-key-file", &(so)->tls_key_file, "FILE", \
		   "read --tls-key from FILE (mode 0600)")

/* What every command that connects takes for its connections. */
#define CONNECTION_OPTIONS(p, so) \
	NVMF_TUNING_OPTIONS(p), \
	NVMF_SECURITY_OPTIONS(p), \
	SECRET_OPTIONS(p, so)

/* nvmf connect's whole table, ended: the command's, and the argument fuzzer's. */
#define CONNECT_OPTIONS(p, so, common) \
	OPT_GROUP("Subsystem"), \
	NVMF_ADDRESS_OPTIONS(p), \
	OPT_STRING('n', "nqn", &(p)->subsysnqn, "NQN", "NQN of the subsystem to connect (required)"), \
	NVMF_HOST_OPTIONS(p), \
	OPT_GROUP("Connection"), \
	CONNECTION_OPTIONS(p, so), \
	COMMON_OPTIONS(common), \
	OPT_END()

/* Read the secret and key files into @p, and warn about secrets given in argv. */
int apply_secret_opts(struct secret_opts *so, struct nvmf_params *p, const char *where);

/* One discovery controller to work through, from the command line, a discovery.conf line or mDNS. */
struct target {
	struct nvmf_params params;	/* the command line's, with the line's over them */
	bool persistent;
	const char *config_file;	/* NULL: the command line or mDNS */
	unsigned int config_line;
	const struct nvmf_mdns_service *mdns;	/* announced with mDNS */
	/* an announcement refused: reported already; no params, no mdns */
	const struct nvmf_mdns_rejected *rejected;
	const char *where;		/* "discover", "/etc/nvme/discovery.conf:3", "mDNS 'dc' on eth0" */
	int err;			/* a bad line, reported: the errno, and */
	const char *error;		/* the message, without "nvmf: " */
};

/* Which discovery controllers to work through, as the command line says. */
struct target_opts {
	const char *command;
	const struct nvmf_params *params;
	const char *config_file;	/* NULL: the default discovery.conf */
	bool persistent;
	bool mdns;			/* --mdns */
	int mdns_timeout;		/* --mdns-timeout, or NVMF_UNSET */
	bool quiet;			/* a discovery.conf of comments only is no news */
};

static inline void target_opts_init(struct target_opts *to, const char *command,
				    const struct nvmf_params *params)
{
	*to = (struct target_opts){ .command = command, .params = params, .mdns_timeout = NVMF_UNSET };
}

struct target_counts {
	unsigned int failed;		/* targets @fn failed for */
	unsigned int conf_errors;	/* bad lines, or a bad command line target, or no mDNS */
};

/* Does the command line name a discovery controller, rather than leave it to discovery.conf? */
bool names_target(const struct nvmf_params *p);

/*
 * The command line's discovery controller, if it names one, is valid, and
 * so are the options for mDNS with --mdns: 0 or -EINVAL, reported.
 */
int check_target(const struct target_opts *o);

/*
 * Call @fn for the discovery controller the command line names (checked
 * first with check_target()), or else for every discovery.conf line that is
 * not blank and, with --mdns or a --mdns line, every announced controller
 * that is not one of those lines' (and every announcement refused, with
 * t->rejected), counting failures and bad lines. A bad line, reported
 * already, comes with err and error set, for @fn to put in its report; what
 * @fn returns for it is not counted.
 * Returns a negative errno, reported, when discovery.conf cannot be read.
 */
int for_each_target(const struct target_opts *o, int (*fn)(const struct target *t, void *arg),
		    void *arg, struct target_counts *counts);

/* "mdns": {"name": ..., "interface": ...}, in JSON only: where a discovery controller came from. */
void print_mdns_json(const char *name, const char *iface);

/* The exit status for what for_each_target() returned and counted. */
int target_exit_status(int ret, const struct target_counts *counts);

int cmd_connect(const struct command *cmd, int argc, char **argv);
int cmd_connect_all(const struct command *cmd, int argc, char **argv);
int cmd_disconnect(const struct command *cmd, int argc, char **argv);
int cmd_discover(const struct command *cmd, int argc, char **argv);
int cmd_list(const struct command *cmd, int argc, char **argv);

#endif
