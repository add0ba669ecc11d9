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
#include "lock.h"

struct connect_all_opts {
	struct nvmf_params params;
	struct target_opts targets;
	struct nvmf_addrbuf addrs;
	struct common_opts common;
	struct secret_opts secrets;
	struct nvmf_ctrl device_ctrl;	/* -d: what params point into */
	const char *device;
	bool quiet;
	bool dry_run;
};

struct connect_all_run {
	const struct connect_all_opts *o;
	struct nvmf_session session;
	struct nvmf_topology topology;
	struct nvmf_connect_all ca;
	const struct target *target;
	bool said_held;
};

/* The discovery controller's portal and host side, as its entries' "source" names it. */
static void print_portal_json(const struct nvmf_params *p)
{
	print_address_json(p);
	print_string(PRINT_JSON, "subnqn", NULL, p->subsysnqn);
}

/*
 * A discovery controller goes to "discovery_controllers" while the entries
 * are being printed: the report of a referral's controller comes between
 * entries of the log that referred to it.
 */
static void begin_source_json(void)
{
	close_json_array();
	reopen_json_array("discovery_controllers");
	open_json_object(NULL);
}

static void end_source_json(void)
{
	close_json_object();
	close_json_array();
	reopen_json_array("entries");
}

static void print_source_json(const struct nvmf_source_report *r, const struct target *tg)
{
	begin_source_json();
	print_string(PRINT_JSON, "source", NULL, r->source);
	if (r->depth) {
		print_uint(PRINT_JSON, "referral_depth", NULL, r->depth);
		print_string(PRINT_JSON, "referred_by", NULL, r->referrer);
	} else {
		print_config_json(tg);
		if (tg->mdns)
			print_mdns_json(tg->mdns->name, tg->mdns->iface);
	}
	print_portal_json(r->disc);
	if (r->device[0])
		print_string(PRINT_JSON, "device", NULL, r->device);
	if (r->result == NVMF_FAILED)
		print_failure(r->err, r->error);
	else
		print_string(PRINT_JSON, "result", NULL, nvmf_result_names[r->result]);
	if (r->result == NVMF_DISCOVERED || r->nr_records)
		print_uint(PRINT_JSON, "records", NULL, r->nr_records);
	end_source_json();
}

static void report_source(const struct nvmf_source_report *r, void *arg)
{
	struct connect_all_run *run = arg;

	if (output_is_json())
		print_source_json(r, run->target);
}

static void print_entry_json(const struct nvmf_entry_report *r, const struct target *tg)
{
	char b[NVMF_STRBUF];

	open_json_object(NULL);
	print_string(PRINT_JSON, "source", NULL, r->source);
	if (tg->config_line)
		print_uint(PRINT_JSON, "config_line", NULL, tg->config_line);
	if (tg->config_port)
		print_string(PRINT_JSON, "config_port", NULL, tg->config_port);
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
	if (r->result == NVMF_FAILED)
		print_failure(r->err, r->error);
	else
		print_string(PRINT_JSON, "result", NULL, nvmf_result_names[r->result]);
	if (r->device && r->device[0])
		print_string(PRINT_JSON, "device", NULL, r->device);
	close_json_object();
}

/*
 * One line per action, as a journal wants it; failures were reported on
 * stderr. --quiet leaves out what did not change, so a timer's run in the
 * steady state logs nothing, and a reconnection still shows.
 */
static void print_entry_text(const struct nvmf_entry_report *r, const struct target *tg, bool quiet)
{
	char nqn[PRINTABLE_SIZE(NVMF_DISC_SUBNQN_SIZE)], portal[NVMF_PORTAL_MAX], from[420] = "";

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

	if (r->result == NVMF_HELD && !run->said_held) {
		debugf("connect-all: leaving alone what nvmf disconnect took down (held in %s until "
		       "'nvmf connect' of the subsystem)", NVMF_HOLDS_DIR);
		run->said_held = true;
	}
	if (output_is_json())
		print_entry_json(r, run->target);
	else
		print_entry_text(r, run->target, run->o->quiet);
}

/* An announcement refused: reported on stderr already; JSON gets a discovery controller for it. */
static int connect_rejected(const struct nvmf_mdns_rejected *r, const struct target *tg)
{
	char port[12];

	snprintf(port, sizeof(port), "%u", r->port);
	begin_source_json();
	print_string(PRINT_JSON, "source", NULL, tg->where);
	print_mdns_json(r->name, r->iface);
	print_string(PRINT_JSON, "traddr", NULL, r->address);
	print_string(PRINT_JSON, "trsvcid", NULL, port);
	print_failure(-EINVAL, r->why);
	end_source_json();
	return -EINVAL;
}

static int connect_target(const struct target *tg, void *arg)
{
	struct connect_all_run *run = arg;

	if (tg->rejected)
		return connect_rejected(tg->rejected, tg);
	run->target = tg;
	if (tg->err) {
		/* a bad discovery.conf line, or mDNS that failed: reported, and counted */
		begin_source_json();
		if (!tg->config_file)
			print_string(PRINT_JSON, "source", NULL, tg->where);
		print_config_json(tg);
		print_failure(tg->err, tg->error);
		end_source_json();
		return 0;
	}
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
	print_uint(PRINT_JSON, "held", NULL, run->ca.held);
	if (run->o->quiet && !failed && !run->ca.connected)
		return;
	print_text("%s %u, already connected %u, failed %u",
		   run->o->dry_run ? "would connect" : "connected", run->ca.connected, run->ca.already, failed);
	if (run->ca.held)
		print_text(", held %u", run->ca.held);
	print_text("\n");
}

static struct outcome connect_all(const struct connect_all_opts *o, const struct run_config *rc)
{
	struct connect_all_run run = { .o = o };
	struct target_counts counts = { 0 };
	int lock = -1, ret = 0;
	struct outcome res;

	run.session.config = &rc->json;
	run.ca.dry_run = o->dry_run;
	run.ca.report = report_entry;
	run.ca.report_source = report_source;
	run.ca.arg = &run;
	open_json_object(NULL);
	open_json_array("discovery_controllers");
	close_json_array();
	open_json_array("entries");
	if (!o->dry_run)
		ret = lock = nvmf_lock(NVMF_LOCK_TIMEOUT_S);
	/* one scan for the whole run: every entry is matched against it */
	if (ret >= 0)
		ret = nvmf_topology_scan_connections(&run.topology);
	if (ret < 0) {
		res = done(ret);
	} else {
		ret = for_each_target(&o->targets, rc, connect_target, &run, &counts);
		nvmf_topology_free(&run.topology);
		/* an entry that failed fails the run */
		res = target_outcome(ret, &(struct target_counts){
			.failed = counts.failed + run.ca.failed, .conf_errors = counts.conf_errors });
	}
	close_json_array();
	print_summary(&run, &counts);
	if (ret < 0)
		print_failure(ret, last_error());	/* nothing was done */
	close_json_object();
	nvmf_connect_all_free(&run.ca);
	nvmf_unlock(lock);
	return res;
}

/*
 * -d: discover through an existing discovery controller (as nvme-cli's udev
 * rule asks on a log change), with its address and host, kept afterwards.
 * The command line's addressing gives way to the controller's.
 */
static int use_device(struct connect_all_opts *o)
{
	struct nvmf_ctrl *c = &o->device_ctrl;
	struct nvmf_params *p = &o->params;
	struct nvmf_disc_ctrl dc;
	int ret = nvmf_discovery_check_device(o->device, "connect-all", &dc);

	if (ret < 0)
		return ret;
	ret = nvmf_ctrl_read(dc.name, c);
	if (ret < 0)
		return errorf(ret, "connect-all: cannot read %s: %s", dc.name, strerror(-ret));
	if (strcmp(c->state, "live"))
		return errorf(-EAGAIN, "connect-all: %s is %s, not live", c->name, c->state);
	p->transport = c->transport;
	p->traddr = c->addr.traddr[0] ? c->addr.traddr : NULL;
	p->trsvcid = c->addr.trsvcid[0] ? c->addr.trsvcid : NULL;
	p->host_traddr = c->addr.host_traddr[0] ? c->addr.host_traddr : NULL;
	p->host_iface = c->addr.host_iface[0] ? c->addr.host_iface : NULL;
	p->subsysnqn = c->subsysnqn;
	p->hostnqn = c->hostnqn;
	p->hostid = c->hostid[0] ? c->hostid : NULL;
	o->targets.persistent = true;
	debugf("connect-all: discovering through %s", c->name);
	return 0;
}

static struct outcome do_connect_all(const struct command *cmd, int argc, char **argv)
{
	struct connect_all_opts o = { 0 };
	struct option options[] = {
		TARGET_OPTIONS(&o.params, &o.targets),
		OPT_STRING('d', "device", &o.device, "DEV",
			   "discover through this existing discovery controller, and keep it"),
		OPT_BOOL(0, "dry-run", &o.dry_run, "discover, and show what would be connected"),
		OPT_BOOL(0, "quiet", &o.quiet, "print only failures and new connections, for timers"),
		OPT_GROUP("Connections (applied to every subsystem connected)"),
		CONNECTION_OPTIONS(&o.params, &o.secrets),
		COMMON_OPTIONS(&o.common),
		NVME_CLI_DISCOVERY_OPTIONS,
		OPT_REFUSED('r', "raw", "FILE", "connect-all saves no log; 'nvmf discover --raw FILE' does"),
		OPT_END(),
	};
	struct run_config rc;
	struct outcome res;
	int ret;

	nvmf_params_init(&o.params);
	target_opts_init(&o.targets, "connect-all", &o.params);
	ret = parse_command(cmd, argc, argv, options, &o.common);
	if (ret)
		return ret > 0 ? done(0) : bad_usage(ret);
	/* nvme-cli's "-d none" is no device */
	if (o.device && !strcmp(o.device, "none"))
		o.device = NULL;
	ret = o.device ? use_device(&o) : 0;
	if (ret == 0)
		ret = apply_secret_opts(&o.secrets, &o.params, "connect-all");
	if (ret == 0)
		ret = nvmf_params_resolve(&o.params, &o.addrs, "connect-all");
	if (ret == 0)
		ret = check_target(&o.targets);
	if (ret == 0)
		ret = run_config_load(&o.targets, &rc);
	/* -d naming a controller that is not there, or not live, is no bad usage */
	if (ret == -ENODEV || ret == -EAGAIN)
		return done(ret);
	if (ret < 0)
		return bad_usage(ret);
	o.targets.quiet = o.quiet;
	res = connect_all(&o, &rc);
	run_config_free(&rc);
	output_end();
	return res;
}

const struct command cmd_connect_all = {
	.name = "connect-all",
	.usage = "[OPTIONS]",
	.summary = "discover and connect every subsystem offered, referrals included",
	.fn = do_connect_all,
};
