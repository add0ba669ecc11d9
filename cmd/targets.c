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

static int config_targets(const struct target_opts *o, int (*fn)(const struct target *t, void *arg),
			  void *arg, struct target_counts *counts)
{
	char path[PATH_MAX], where[PATH_MAX + 32];
	struct nvmf_conf conf;
	int ret;

	if (o->config_file)
		strlcopy(path, o->config_file, sizeof(path));
	else if (root_path(path, sizeof(path), "%s", NVMF_DISCOVERY_CONF) < 0)
		return -ENAMETOOLONG;
	ret = nvmf_conf_load(path, o->params, &conf);
	if (ret == -ENOENT)
		return errorf(ret, "%s: no discovery controller given and no %s; "
			      "use -t and -a, or --config-file", o->command, path);
	if (ret < 0)
		return errorf(ret, "%s: cannot read %s: %s", o->command, path, strerror(-ret));
	counts->conf_errors = conf.nr_errors;
	if (!conf.nr_entries && !conf.nr_errors)
		warnf("%s has no discovery controllers", path);
	for (size_t i = 0; i < conf.nr_entries; i++) {
		struct target t = {
			.params = conf.entries[i].params,
			.persistent = o->persistent || conf.entries[i].persistent,
			.config_line = conf.entries[i].line,
			.where = where,
		};

		snprintf(where, sizeof(where), "%s:%u", path, conf.entries[i].line);
		if (fn(&t, arg) < 0)
			counts->failed++;
	}
	nvmf_conf_free(&conf);
	return 0;
}

int check_target(const struct nvmf_params *p, const char *command)
{
	struct nvmf_params disc;

	if (!names_target(p))
		return 0;
	nvmf_discovery_params(p, &disc);
	return nvmf_params_validate(&disc, command);
}

int for_each_target(const struct target_opts *o, int (*fn)(const struct target *t, void *arg),
		    void *arg, struct target_counts *counts)
{
	struct target t = {
		.params = *o->params,
		.persistent = o->persistent,
		.where = o->command,
	};

	memset(counts, 0, sizeof(*counts));
	if (!names_target(o->params))
		return config_targets(o, fn, arg, counts);
	if (fn(&t, arg) < 0)
		counts->failed++;
	return 0;
}

int target_exit_status(int ret, const struct target_counts *counts)
{
	if (ret < 0)
		return EXIT_USAGE;
	if (counts->failed)
		return EXIT_FAILED;
	return counts->conf_errors ? EXIT_USAGE : EXIT_OK;
}
