// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf connect-all: discover, and connect every subsystem offered that is
 * not connected yet. Exit 0 only when, afterwards, every one of them is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "connect.h"

/* A timer run may wait this long for a person's run, and the other way round. */
#define LOCK_TIMEOUT_S 120

struct connect_all_opts {
	struct nvmf_params params;
	struct target_opts targets;
	struct common_opts common;
	struct secret_opts secrets;
	bool quiet;
	bool dry_run;
};

struct connect_all_run {
	const struct connect_all_opts *o;
	struct nvmf_session session;
	struct nvmf_topology topology;
	struct nvmf_connect_all ca;
	const struct target *target;
};

static void print_entry_json(const struct nvmf_entry_report *r, const struct target *tg)
{
	char b[NVMF_STRBUF];

	open_json_object(NULL);
	print_string(PRINT_JSON, "source", NULL, r->source);
	if (tg->config_line)
		print_uint(PRINT_JSON, "config_line", NULL, tg->config_line);
	if (tg->mdns)
		print_mdns_json(tg->mdns->name, tg->mdns->iface);
	print_uint(PRINT_JSON, "entry", NULL, r->index);
	if (r->depth)
		print_uint(PRINT_JSON, "referral_depth", NULL, r->depth);
	print_string(PRINT_JSON, "subtype", NULL, nvmf_subtype_str(r->entry->subtype, b));
	print_string(PRINT_JSON, "trtype", NULL, nvmf_trtype_str(r->entry->trtype, b));
	print_string(PRINT_JSON, "traddr", NULL, r->entry->traddr);
	print_string(PRINT_JSON, "trsvcid", NULL, r->entry->trsvcid);
	print_string(PRINT_JSON, "subnqn", NULL, r->entry->subnqn);
	print_string(PRINT_JSON, "result", NULL, nvmf_result_names[r->result]);
	if (r->device && r->device[0])
		print_string(PRINT_JSON, "device", NULL, r->device);
	if (r->error)
		print_string(PRINT_JSON, "error", NULL, r->error);
	close_json_object();
}

/*
 * One line per action, as a journal wants it; failures were reported on
 * stderr. --quiet leaves out what did not change, so a timer's run in the
 * steady state logs nothing, and a reconnection still shows.
 */
static void print_entry_text(const struct nvmf_entry_report *r, const struct target *tg, bool quiet)
{
	char nqn[300], portal[700], from[420] = "";

	if (quiet && r->result == NVMF_ALREADY)
		return;
	printable(r->entry->subnqn, nqn, sizeof(nqn));
	nvmf_describe_entry(r->entry, portal, sizeof(portal));
	if (tg->mdns)
		snprintf(from, sizeof(from), " (from %s)", tg->where);
	switch (r->result) {
	case NVMF_CONNECTED:
	case NVMF_ALREADY:
		printf("%s %s: %s at %s%s\n", nvmf_result_names[r->result],
		       r->device[0] ? r->device : "-", nqn, portal, from);
		break;
	case NVMF_WOULD_CONNECT:
		printf("would connect %s at %s%s\n", nqn, portal, from);
		break;
	case NVMF_REFERRAL:
		debugf("%s: followed the referral to %s", r->source, portal);
		break;
	default:
		break;
	}
}

static void report_entry(const struct nvmf_entry_report *r, void *arg)
{
	struct connect_all_run *run = arg;

	if (output_is_json())
		print_entry_json(r, run->target);
	else
		print_entry_text(r, run->target, run->o->quiet);
}

/* An announcement refused: reported on stderr already; JSON gets an object for it. */
static int connect_rejected(const struct nvmf_mdns_rejected *r, const struct target *tg)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, "source", NULL, tg->where);
	print_mdns_json(r->name, r->iface);
	print_string(PRINT_JSON, "traddr", NULL, r->address);
	print_uint(PRINT_JSON, "port", NULL, r->port);
	print_string(PRINT_JSON, "result", NULL, "failed");
	print_string(PRINT_JSON, "error", NULL, r->why);
	close_json_object();
	return -EINVAL;
}

static int connect_target(const struct target *tg, void *arg)
{
	struct connect_all_run *run = arg;

	if (tg->rejected)
		return connect_rejected(tg->rejected, tg);
	run->target = tg;
	run->ca.persistent = tg->persistent;
	run->ca.mdns = tg->mdns;
	return nvmf_connect_all(&run->session, &run->topology, &tg->params, tg->where, &run->ca);
}

static void print_summary(const struct connect_all_run *run, const struct target_counts *counts)
{
	unsigned int failed = run->ca.failed + counts->failed + counts->conf_errors;

	print_uint(PRINT_JSON, run->o->dry_run ? "would_connect" : "connected", NULL, run->ca.connected);
	print_uint(PRINT_JSON, "already_connected", NULL, run->ca.already);
	print_uint(PRINT_JSON, "failed", NULL, failed);
	if (run->o->quiet && !failed && !run->ca.connected)
		return;
	print_text("%s %u, already connected %u, failed %u\n",
		   run->o->dry_run ? "would connect" : "connected", run->ca.connected, run->ca.already, failed);
}

static int connect_all(const struct connect_all_opts *o)
{
	struct connect_all_run run = { .o = o };
	struct target_counts counts = { 0 };
	int lock, ret;

	run.ca.dry_run = o->dry_run;
	run.ca.report = report_entry;
	run.ca.arg = &run;
	lock = o->dry_run ? -1 : nvmf_lock(LOCK_TIMEOUT_S);
	if (!o->dry_run && lock < 0)
		return EXIT_FAILED;
	/* one scan for the whole run: every entry is matched against it */
	if (nvmf_topology_scan_connections(&run.topology) < 0) {
		nvmf_unlock(lock);
		return EXIT_FAILED;	/* reported */
	}
	open_json_object(NULL);
	open_json_array("entries");
	ret = for_each_target(&o->targets, connect_target, &run, &counts);
	close_json_array();
	print_summary(&run, &counts);
	close_json_object();
	nvmf_topology_free(&run.topology);
	nvmf_connect_all_free(&run.ca);
	nvmf_unlock(lock);
	if (ret == 0 && run.ca.failed)
		counts.failed++;
	return target_exit_status(ret, &counts);
}

int cmd_connect_all(const struct command *cmd, int argc, char **argv)
{
	struct connect_all_opts o = { 0 };
	struct option options[] = {
		TARGET_OPTIONS(&o.params, &o.targets),
		OPT_BOOL(0, "dry-run", &o.dry_run, "discover, and show what would be connected"),
		OPT_BOOL(0, "quiet", &o.quiet, "print only failures and new connections, for timers"),
		OPT_GROUP("Connections (applied to every subsystem connected)"),
		CONNECTION_OPTIONS(&o.params, &o.secrets),
		COMMON_OPTIONS(&o.common),
		OPT_END(),
	};
	int ret;

	nvmf_params_init(&o.params);
	target_opts_init(&o.targets, "connect-all", &o.params);
	ret = parse_command(cmd, argc, argv, options, &o.common);
	if (ret)
		return ret > 0 ? EXIT_OK : EXIT_USAGE;
	if (apply_secret_opts(&o.secrets, &o.params, "connect-all") < 0 ||
	    check_target(&o.targets) < 0)
		return EXIT_USAGE;
	ret = connect_all(&o);
	output_end();
	return ret;
}
