// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The discovery controllers discover and connect-all work through: the one
 * the command line names, or else every line of discovery.conf.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"

bool names_target(const struct nvmf_params *p)
{
	return p->transport || p->traddr;
}

/*
 * Read discovery.conf, or --config-file. With mDNS asked for on the command
 * line, a default discovery.conf that is not there is no error: @conf is empty.
 */
static int load_config(const struct target_opts *o, char *path, size_t len, struct nvmf_conf *conf)
{
	int ret;

	if (o->config_file)
		strlcopy(path, o->config_file, len);
	else if (root_path(path, len, "%s", NVMF_DISCOVERY_CONF) < 0)
		return errorf(-ENAMETOOLONG, "%s: --sysroot is too long", o->command);
	ret = nvmf_conf_load(path, o->params, conf);
	if (ret == -ENOENT && o->mdns && !o->config_file) {
		memset(conf, 0, sizeof(*conf));
		return 0;
	}
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

int for_each_target(const struct target_opts *o, int (*fn)(const struct target *t, void *arg),
		    void *arg, struct target_counts *counts)
{
	char path[PATH_MAX], where[PATH_MAX + 32];
	const struct nvmf_conf_entry *mdns_line = NULL;
	struct nvmf_conf conf;
	size_t next_bad = 0;
	int ret;

	memset(counts, 0, sizeof(*counts));
	if (names_target(o->params)) {
		struct target t = { .params = *o->params, .persistent = o->persistent, .where = o->command };

		count(fn(&t, arg), counts);
		return 0;
	}
	ret = load_config(o, path, sizeof(path), &conf);
	if (ret < 0)
		return ret;
	counts->conf_errors = conf.nr_errors;
	if (!conf.nr_entries && !conf.nr_errors && !o->mdns && !o->quiet)
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
			.persistent = o->persistent || e->persistent,
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

void print_mdns_json(const char *name, const char *iface)
{
	open_json_object("mdns");
	print_string(PRINT_JSON, "name", NULL, name);
	print_string(PRINT_JSON, "interface", NULL, iface);
	close_json_object();
}

int target_exit_status(int ret, const struct target_counts *counts)
{
	if (ret < 0)
		return EXIT_USAGE;
	if (counts->failed)
		return EXIT_FAILED;
	return counts->conf_errors ? EXIT_USAGE : EXIT_OK;
}
