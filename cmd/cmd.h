/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_CMD_H
#define NVMF_CMD_H

#include <stdbool.h>

#include "conf.h"
#include "discovery.h"
#include "jsonconf.h"
#include "mdns.h"

#include "output.h"
#include "param-options.h"

/*
 * How a command ended. lib/ and cmd/ hand failures up as negative errnos,
 * each reported where it happened (errorf() only reports); a command adds
 * whose fault a failure was. The dispatcher alone turns that into
 * nvmf(8)'s exit status, and ends the run.
 */
struct outcome {
	int err;	/* 0, or the negative errno of the failure */
	bool usage;	/* the command line's or the configuration's, not the operation's */
};

/* The operation's: done(0) is success, done(-EIO) a failure, whole or in part. */
static inline struct outcome done(int err)
{
	return (struct outcome){ .err = err };
}

/* Bad arguments or configuration. */
static inline struct outcome bad_usage(int err)
{
	return (struct outcome){ .err = err, .usage = true };
}

/*
 * A command, as its own file defines it (cmd_connect in connect.c); the
 * dispatcher lists them. None takes positional arguments.
 */
struct command {
	const char *name;
	const char *usage;	/* after "nvmf NAME " */
	const char *summary;
	struct outcome (*fn)(const struct command *cmd, int argc, char **argv);
};

/* What every command accepts. */
struct common_opts {
	int output;		/* enum output_format */
	int verbose;
	bool help;
};

#define COMMON_OPTIONS(c) \
	OPT_GROUP("Common options"), \
	{ .type = OPT_T_CHOICE, .short_name = 'o', .long_name = "output-format", .value = &(c)->output, \
	  .argh = "FMT", .choices = output_format_names, .refused_choices = output_format_refused, \
	  .help = "output format: normal or json" }, \
	OPT_ALIAS("output"), \
	OPT_COUNT('v', "verbose", &(c)->verbose, "say more about what is done"), \
	OPT_BOOL('h', "help", &(c)->help, "show this help")

/* nvme-cli's options of list and list-subsys, which ask of a command what nvmf's list never does. */
#define NVME_CLI_LIST_OPTIONS \
	OPT_ACCEPTED('t', "timeout", "MS", "list reads sysfs and sends no command that could time out"), \
	OPT_ACCEPTED(0, "dry-run", NULL, "list sends no command, so it has none to show instead"), \
	OPT_ACCEPTED(0, "no-retries", NULL, "list sends no command, so it retries none"), \
	OPT_REFUSED(0, "output-format-version", "N", \
		    "nvmf list has one JSON format, its own (nvmf-list(8))")

/*
 * Parse a command's arguments (argv[0] is its name) against its table, in
 * one place for all: --help prints the help and returns 1; a bad option or
 * a positional argument is reported and returns -EINVAL; otherwise the
 * common options take effect and 0 is returned.
 */
int parse_command(const struct command *cmd, int argc, char **argv,
		  const struct option *opts, struct common_opts *common);

/* The discovery controller options of discover and connect-all, into a struct target_opts. */
#define TARGET_OPTIONS(p, to) \
	OPT_GROUP("Discovery controller (default: the ports of " NVMF_CONFIG_JSON \
		  " and the lines of " NVMF_DISCOVERY_CONF ")"), \
	NVMF_ADDRESS_OPTIONS(p), \
	OPT_STRING('n', "nqn", &(p)->subsysnqn, "NQN", \
		   "discovery subsystem NQN (default: " NVMF_DISC_NQN ")"), \
	NVMF_HOST_OPTIONS(p), \
	OPT_BOOL('p', "persistent", &(to)->persistent, "keep the discovery controllers afterwards"), \
	OPT_STRING(0, "config-file", &(to)->config_file, "FILE", \
		   "read discovery controllers from FILE only: discovery.conf lines or a config.json"), \
	JSON_CONFIG_OPTION(&(to)->json_file), \
	OPT_BOOL(0, "mdns", &(to)->mdns, \
		 "also the discovery controllers announced with mDNS (through avahi-daemon)"), \
	OPT_INT(0, "mdns-timeout", &(to)->mdns_timeout, "SEC", 1, NVMF_MDNS_TIMEOUT_MAX, \
		"browse mDNS for at most SEC seconds (default: 5)")

/* nvme-cli's -J: the config.json for the host identity and each port's settings. */
#define JSON_CONFIG_OPTION(json) \
	OPT_STRING('J', "config", json, "FILE", \
		   "config.json to read (default: " NVMF_CONFIG_JSON " if present; none: none)")
#define CONNECT_JSON_OPTION(json) \
	OPT_STRING('J', "config", json, "FILE", \
		   "connect every port of this config.json instead (none: nothing)")

/*
 * The options nvme-cli 2.16 has for discover, connect-all and connect that
 * nvmf does not: refused with what nvmf does instead, or taken where they
 * ask for what nvmf does anyway. nvmf(8) lists them.
 */
#define NBFT_REFUSED "nvmf does not read the firmware's NBFT tables (nvme-cli's --nbft does)"
#define NVME_CLI_FABRICS_OPTIONS \
	OPT_REFUSED(0, "context", "STR", \
		    "nvmf has no execution contexts; it connects config.json's subsystems " \
		    "whatever their \"application\", as nvme-cli does without --context"), \
	OPT_REFUSED('O', "dump-config", NULL, \
		    "nvmf writes no configuration; 'nvmf list -o json' shows what is connected")

#define NVME_CLI_DISCOVERY_OPTIONS \
	NVME_CLI_FABRICS_OPTIONS, \
	OPT_REFUSED(0, "force", NULL, \
		    "nvmf reuses a live discovery controller that matches; " \
		    "'nvmf disconnect' it first for a new one"), \
	OPT_REFUSED(0, "nbft", NULL, NBFT_REFUSED), \
	OPT_REFUSED(0, "nbft-path", "PATH", NBFT_REFUSED), \
	OPT_ACCEPTED(0, "no-nbft", NULL, "nvmf never reads NBFT tables")

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
	OPT_STRING('C', "dhchap-ctrl-secret", &(p)->dhchap_ctrl_secret, "KEY", \
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
#define CONNECT_OPTIONS(p, so, json, common) \
	OPT_GROUP("Subsystem"), \
	NVMF_ADDRESS_OPTIONS(p), \
	OPT_STRING('n', "nqn", &(p)->subsysnqn, "NQN", "NQN of the subsystem to connect (required)"), \
	NVMF_HOST_OPTIONS(p), \
	CONNECT_JSON_OPTION(json), \
	OPT_GROUP("Connection"), \
	CONNECTION_OPTIONS(p, so), \
	COMMON_OPTIONS(common), \
	NVME_CLI_FABRICS_OPTIONS, \
	OPT_END()

/* Read the secret and key files into @p, and warn about secrets given in argv. */
int apply_secret_opts(struct secret_opts *so, struct nvmf_params *p, const char *where);

/* One discovery controller to work through: the command line's, a config.json port, a discovery.conf line, or mDNS. */
struct target {
	struct nvmf_params params;	/* the command line's, with the line's or port's over them */
	bool persistent;
	const char *config_file;	/* NULL: the command line or mDNS */
	unsigned int config_line;	/* a discovery.conf line's number, or 0 */
	const char *config_port;	/* a config.json port's path, "[0].subsystems[1].ports[0]", or NULL */
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
	const char *config_file;	/* --config-file: either format; NULL: the default files */
	const char *json_file;		/* -J/--config: config.json's path, "none"; NULL: the default */
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

/* What a run reads besides its command line. */
struct run_config {
	struct nvmf_json_conf json;	/* all empty when there is none */
	bool config_file_is_json;	/* --config-file named a config.json */
};

/*
 * Read the run's config.json, as nvme-cli does: --config-file's, if that
 * holds JSON, else -J/--config's ("none": none), else /etc/nvme/config.json
 * if it exists. Returns 0, or a negative errno reported in one line.
 */
int run_config_load(const struct target_opts *o, struct run_config *rc);
void run_config_free(struct run_config *rc);

/* --hostnqn and --hostid pick config.json's hosts, as in nvme-cli. */
bool config_host_chosen(const struct nvmf_params *p, const struct nvmf_json_host *h);

struct target_counts {
	unsigned int failed;		/* targets @fn failed for */
	unsigned int conf_errors;	/* bad lines, or a bad command line target, or no mDNS */
};

/* Does the command line name a discovery controller, rather than leave it to the configuration? */
bool names_target(const struct nvmf_params *p);

/*
 * The command line's discovery controller, if it names one, is valid, and
 * so are the options for mDNS with --mdns: 0 or -EINVAL, reported.
 */
int check_target(const struct target_opts *o);

/*
 * Call @fn for the discovery controller the command line names (checked
 * first with check_target()), or else for every port of config.json (its
 * hosts, or those --hostnqn and --hostid name), then every discovery.conf
 * line that is not blank, as nvme-cli, or else those of --config-file; and,
 * with --mdns or a --mdns line, every announced controller that is not one
 * of those lines' (and every announcement refused, with t->rejected),
 * counting failures and bad lines. A bad line, reported already, comes with
 * err and error set, for @fn to put in its report; what @fn returns for it
 * is not counted. Returns a negative errno, reported, when there is no
 * configuration or discovery.conf cannot be read.
 */
int for_each_target(const struct target_opts *o, const struct run_config *rc,
		    int (*fn)(const struct target *t, void *arg), void *arg, struct target_counts *counts);

/* "config_file" and "config_line" or "config_port", in JSON only: the target's place in its file. */
void print_config_json(const struct target *tg);
/* The transport, addresses and host interface of @p as JSON members, those set. */
void print_address_json(const struct nvmf_params *p);

/* "mdns": {"name": ..., "interface": ...}, in JSON only: where a discovery controller came from. */
void print_mdns_json(const char *name, const char *iface);

/*
 * What for_each_target() returned and counted comes to: a run with both a
 * failed target and a bad line failed; one with only bad lines is their fault.
 */
struct outcome target_outcome(int ret, const struct target_counts *counts);

extern const struct command cmd_discover;
extern const struct command cmd_connect;
extern const struct command cmd_connect_all;
extern const struct command cmd_disconnect;
extern const struct command cmd_list;
/* nvme-cli's names */
extern const struct command cmd_disconnect_all;
extern const struct command cmd_list_subsys;

#endif
