// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The discovery controllers discover and connect-all work through: the one
 * the command line names, or else config.json's ports and discovery.conf's
 * lines, as nvme-cli reads them, and those mDNS finds.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"

bool names_target(const struct nvmf_params *p)
{
	return p->transport || p->traddr;
}

/*
 * Read discovery.conf, or --config-file. A default discovery.conf that is
 * not there is no error when config.json has ports, or mDNS is asked for on
 * the command line: @conf is empty.
 */
static int load_config(const struct target_opts *o, const struct run_config *rc, char *path, size_t len,
		       struct nvmf_conf *conf)
{
	char json[PATH_MAX];
	int ret;

	if (o->config_file)
		strlcopy(path, o->config_file, len);
	else if (root_path(path, len, "%s", NVMF_DISCOVERY_CONF) < 0 ||
		 root_path(json, sizeof(json), "%s", NVMF_CONFIG_JSON) < 0)
		return errorf(-ENAMETOOLONG, "%s: --sysroot is too long", o->command);
	ret = nvmf_conf_load(path, o->params, conf);
	if (ret == -ENOENT && !o->config_file && (o->mdns || rc->json.nr_ports)) {
		memset(conf, 0, sizeof(*conf));
		return 0;
	}
	if (ret == -ENOENT && !o->config_file)
		return errorf(ret, "%s: no discovery controller given, and none in %s or %s; "
			      "use -t and -a, --mdns, or --config-file", o->command, path,
			      rc->json.path ? rc->json.path : json);
	if (ret == -ENOENT)
		return errorf(ret, "%s: no discovery controller given and no %s; "
			      "use -t and -a, --mdns, or --config-file", o->command, path);
	return ret;	/* reported, but for -ENOENT */
}

static void count(int ret, struct target_counts *counts)
{
	if (ret < 0)
		counts->failed++;
}

/*
 * Does the file at @path hold a config.json? Only the first bytes of a
 * regular file are looked at (a FIFO is never opened for reading here);
 * what cannot be read is left to the discovery.conf reader to report.
 */
static bool file_is_json(const char *path)
{
	char head[512];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof(head) - 1) : -1;
	close(fd);
	if (n < 0)
		return false;
	head[n] = '\0';
	return nvmf_json_conf_sniff(head);
}

int run_config_load(const struct target_opts *o, struct run_config *rc)
{
	char path[PATH_MAX];
	int ret;

	memset(rc, 0, sizeof(*rc));
	if (o->config_file) {
		rc->config_file_is_json = file_is_json(o->config_file);
		return rc->config_file_is_json ? nvmf_json_conf_load(o->config_file, &rc->json) : 0;
	}
	if (o->json_file && !strcmp(o->json_file, "none"))
		return 0;
	if (o->json_file)
		strlcopy(path, o->json_file, sizeof(path));
	else if (root_path(path, sizeof(path), "%s", NVMF_CONFIG_JSON) < 0)
		return -ENAMETOOLONG;
	ret = nvmf_json_conf_load(path, &rc->json);
	if (ret == -ENOENT && o->json_file)
		return errorf(ret, "%s: cannot read %s: %s", o->command, path, strerror(-ret));
	return ret == -ENOENT ? 0 : ret;
}

void run_config_free(struct run_config *rc)
{
	nvmf_json_conf_free(&rc->json);
}

bool config_host_chosen(const struct nvmf_params *p, const struct nvmf_json_host *h)
{
	if (p->hostnqn && strcmp(p->hostnqn, h->hostnqn))
		return false;
	return !p->hostid || !h->hostid || !strcmp(p->hostid, h->hostid);
}

static void json_targets(const struct target_opts *o, const struct nvmf_json_conf *jc,
			 int (*fn)(const struct target *t, void *arg), void *arg,
			 struct target_counts *counts)
{
	char where[PATH_MAX + 128];

	for (size_t i = 0; i < jc->nr_ports; i++) {
		const struct nvmf_json_port *jp = &jc->ports[i];
		struct target t = {
			.params = *o->params,
			.persistent = o->persistent || jp->persistent,
			.config_file = jc->path,
			.config_port = jp->path,
			.where = where,
		};

		if (!config_host_chosen(o->params, jp->host))
			continue;
		/* the port is the discovery controller: its address, its host, the well-known NQN */
		t.params.transport = jp->params.transport;
		t.params.traddr = jp->params.traddr;
		t.params.trsvcid = jp->params.trsvcid;
		if (jp->params.host_traddr)
			t.params.host_traddr = jp->params.host_traddr;
		if (jp->params.host_iface)
			t.params.host_iface = jp->params.host_iface;
		t.params.subsysnqn = NULL;
		t.params.hostnqn = jp->host->hostnqn;
		if (!o->params->hostid)
			t.params.hostid = jp->host->hostid;
		snprintf(where, sizeof(where), "%s: %s", jc->path, jp->path);
		count(fn(&t, arg), counts);
	}
}

/* config.json's default host may keep unique discovery controllers, as nvme-cli's */
static bool kept_as_unique(const struct run_config *rc, const char *nqn)
{
	const struct nvmf_json_host *h = nvmf_json_conf_default_host(&rc->json);

	return h && h->pdc && nqn && strcmp(nqn, NVMF_DISC_NQN);
}

/* Is @p the discovery controller of a discovery.conf line already worked through? */
static const struct nvmf_conf_entry *conf_duplicate(const struct nvmf_conf *conf, const struct nvmf_params *p)
{
	struct nvmf_params disc, line;

	nvmf_discovery_params(p, &disc);
	for (size_t i = 0; i < conf->nr_entries; i++) {
		if (conf->entries[i].mdns)
			continue;
		nvmf_discovery_params(&conf->entries[i].params, &line);
		if (nvmf_mdns_same_ctrl(&disc, &line))
			return &conf->entries[i];
	}
	return NULL;
}

/*
 * The controllers mDNS finds, with the options of the --mdns line @line,
 * or of the command line when it is NULL.
 */
static void mdns_targets(const struct target_opts *o, const struct nvmf_conf *conf,
			 const struct nvmf_conf_entry *line, const char *path,
			 int (*fn)(const struct target *t, void *arg), void *arg, struct target_counts *counts)
{
	char where[PATH_MAX + 32], what[400];
	struct nvmf_mdns_found found;
	int timeout = o->mdns_timeout != NVMF_UNSET ? o->mdns_timeout : NVMF_MDNS_TIMEOUT_S, ret;
	struct target t = {
		.persistent = o->persistent || (line && line->persistent),
		.where = what,
	};

	if (line && line->mdns_timeout != NVMF_UNSET)
		timeout = line->mdns_timeout;
	if (line)
		snprintf(where, sizeof(where), "%s:%u: --mdns", path, line->line);
	else
		snprintf(where, sizeof(where), "%s: --mdns", o->command);
	ret = nvmf_mdns_find(timeout, where, &found);
	if (ret < 0) {
		/* reported; and a failed target in the reports, not counted by @fn */
		struct target bad = {
			.params = *o->params, .config_file = line ? path : NULL,
			.config_line = line ? line->line : 0, .where = where,
			.err = ret, .error = last_error(),
		};

		counts->conf_errors++;
		fn(&bad, arg);
		return;
	}
	for (size_t i = 0; i < found.nr_services; i++) {
		const struct nvmf_conf_entry *dup;

		t.mdns = &found.services[i];
		nvmf_mdns_params(line ? &line->params : o->params, t.mdns, &t.params);
		nvmf_mdns_describe(t.mdns, what, sizeof(what));
		dup = conf_duplicate(conf, &t.params);
		if (dup) {
			debugf("%s: %s:%u has this discovery controller: visited once", what, path, dup->line);
			continue;
		}
		count(fn(&t, arg), counts);
	}
	t.mdns = NULL;
	for (size_t i = 0; i < found.nr_rejected; i++) {
		t.rejected = &found.rejected[i];
		snprintf(what, sizeof(what), "mDNS '%s' on %s", t.rejected->name, t.rejected->iface);
		count(fn(&t, arg), counts);
	}
	nvmf_mdns_found_free(&found);
}

int check_target(const struct target_opts *o)
{
	struct nvmf_params disc;
	char where[64];

	if (o->mdns && names_target(o->params))
		return errorf(-EINVAL, "%s: --mdns finds discovery controllers itself; "
			      "it cannot go with --transport or --traddr", o->command);
	if (o->mdns) {
		snprintf(where, sizeof(where), "%s: --mdns", o->command);
		return nvmf_mdns_validate(o->params, where);
	}
	if (!names_target(o->params))
		return 0;
	nvmf_discovery_params(o->params, &disc);
	return nvmf_params_validate(&disc, o->command);
}

int for_each_target(const struct target_opts *o, const struct run_config *rc,
		    int (*fn)(const struct target *t, void *arg), void *arg, struct target_counts *counts)
{
	char path[PATH_MAX], where[PATH_MAX + 32];
	const struct nvmf_conf_entry *mdns_line = NULL;
	struct nvmf_conf conf = { 0 };
	size_t next_bad = 0;
	int ret;

	memset(counts, 0, sizeof(*counts));
	if (names_target(o->params)) {
		struct target t = {
			.params = *o->params,
			.persistent = o->persistent || kept_as_unique(rc, o->params->subsysnqn),
			.where = o->command,
		};

		count(fn(&t, arg), counts);
		return 0;
	}
	if (o->config_file && rc->config_file_is_json) {
		if (!rc->json.nr_ports)
			warnf("%s has no ports", o->config_file);
		json_targets(o, &rc->json, fn, arg, counts);
		if (o->mdns)
			mdns_targets(o, &conf, NULL, o->config_file, fn, arg, counts);
		return 0;
	}
	ret = load_config(o, rc, path, sizeof(path), &conf);
	if (ret < 0)
		return ret;
	/* config.json first, then discovery.conf, as nvme-cli */
	if (!o->config_file)
		json_targets(o, &rc->json, fn, arg, counts);
	counts->conf_errors = conf.nr_errors;
	if (!conf.nr_entries && !conf.nr_errors && conf.path && !o->mdns && !o->quiet)
		warnf("%s has no discovery controllers", path);
	/* the good lines and the bad ones, in the file's order */
	for (size_t i = 0; i <= conf.nr_entries; i++) {
		const struct nvmf_conf_entry *e = i < conf.nr_entries ? &conf.entries[i] : NULL;

		for (; next_bad < conf.nr_errors && (!e || conf.errors[next_bad].line < e->line); next_bad++) {
			const struct nvmf_conf_error *bad = &conf.errors[next_bad];
			struct target t = {
				.params = *o->params, .config_file = path, .config_line = bad->line,
				.where = where, .err = bad->err, .error = bad->message,
			};

			snprintf(where, sizeof(where), "%s:%u", path, bad->line);
			fn(&t, arg);	/* counted in conf_errors */
		}
		if (!e)
			break;
		if (e->mdns) {
			mdns_line = e;
			continue;
		}
		struct target t = {
			.params = e->params,
			.persistent = o->persistent || e->persistent || kept_as_unique(rc, e->params.subsysnqn),
			.config_file = path,
			.config_line = e->line,
			.where = where,
		};

		snprintf(where, sizeof(where), "%s:%u", path, e->line);
		count(fn(&t, arg), counts);
	}
	if (o->mdns || mdns_line)
		mdns_targets(o, &conf, mdns_line, path, fn, arg, counts);
	nvmf_conf_free(&conf);
	return 0;
}

void print_config_json(const struct target *tg)
{
	if (!tg->config_file)
		return;
	print_string(PRINT_JSON, "config_file", NULL, tg->config_file);
	if (tg->config_port)
		print_string(PRINT_JSON, "config_port", NULL, tg->config_port);
	else
		print_uint(PRINT_JSON, "config_line", NULL, tg->config_line);
}

void print_address_json(const struct nvmf_params *p)
{
	print_string(PRINT_JSON, "transport", NULL, p->transport);
	if (p->traddr)
		print_string(PRINT_JSON, "traddr", NULL, p->traddr);
	if (p->trsvcid)
		print_string(PRINT_JSON, "trsvcid", NULL, p->trsvcid);
	if (p->host_traddr)
		print_string(PRINT_JSON, "host_traddr", NULL, p->host_traddr);
	if (p->host_iface)
		print_string(PRINT_JSON, "host_iface", NULL, p->host_iface);
}

void print_mdns_json(const char *name, const char *iface)
{
	open_json_object("mdns");
	print_string(PRINT_JSON, "name", NULL, name);
	print_string(PRINT_JSON, "interface", NULL, iface);
	close_json_object();
}

struct outcome target_outcome(int ret, const struct target_counts *counts)
{
	if (ret < 0)
		return bad_usage(ret);
	if (counts->failed)
		return done(-EIO);
	return counts->conf_errors ? bad_usage(-EINVAL) : done(0);
}
