// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf discover: show what discovery controllers offer, from the command
 * line's one controller or from every discovery.conf line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "connect.h"
#include "discovery.h"

struct discover_opts {
	struct nvmf_params params;
	struct target_opts targets;
	struct nvmf_addrbuf addrs;
	struct common_opts common;
	struct secret_opts secrets;
	const char *device;
	const char *raw;
};

/* One record, in nvme-cli's words and keys, so scripts written for it keep working. */
static void print_disc_entry(const struct nvmf_disc_entry *e, size_t i)
{
	char b[NVMF_STRBUF];

	open_json_object(NULL);
	print_text("=====Discovery Log Entry %zu======\n", i);
	print_string(PRINT_ANY, "trtype", "trtype:  %s\n", nvmf_trtype_str(e->trtype, b));
	print_string(PRINT_FP, NULL, "adrfam:  %s\n", e->traddr[0] ? nvmf_adrfam_str(e->adrfam, b) : "");
	print_string(PRINT_JSON, "adrfam", NULL, nvmf_adrfam_str(e->adrfam, b));
	print_string(PRINT_ANY, "subtype", "subtype: %s\n", nvmf_subtype_str(e->subtype, b));
	print_string(PRINT_ANY, "treq", "treq:    %s\n", nvmf_treq_str(e->treq, b));
	print_uint(PRINT_ANY, "portid", "portid:  %" PRIu64 "\n", e->portid);
	print_string(PRINT_ANY, "trsvcid", "trsvcid: %s\n", e->trsvcid);
	print_string(PRINT_ANY, "subnqn", "subnqn:  %s\n", e->subnqn);
	print_string(PRINT_ANY, "traddr", "traddr:  %s\n", e->traddr);
	print_string(PRINT_ANY, "eflags", "eflags:  %s\n", nvmf_eflags_str(e->eflags, b));
	if (e->trtype == NVMF_TRTYPE_RDMA) {
		print_string(PRINT_ANY, "rdma_prtype", "rdma_prtype: %s\n",
			     nvmf_prtype_str(e->tsas.rdma.prtype, b));
		print_string(PRINT_ANY, "rdma_qptype", "rdma_qptype: %s\n",
			     nvmf_qptype_str(e->tsas.rdma.qptype, b));
		print_string(PRINT_ANY, "rdma_cms", "rdma_cms:    %s\n", nvmf_cms_str(e->tsas.rdma.cms, b));
		print_uint(PRINT_ANY, "rdma_pkey", "rdma_pkey: 0x%04" PRIx64 "\n", e->tsas.rdma.pkey);
	} else if (e->trtype == NVMF_TRTYPE_TCP) {
		print_string(PRINT_ANY, "sectype", "sectype: %s\n", nvmf_sectype_str(e->tsas.tcp.sectype, b));
	}
	print_uint(PRINT_JSON, "cntlid", NULL, e->cntlid);
	print_uint(PRINT_JSON, "asqsz", NULL, e->asqsz);
	close_json_object();
}

static void print_disc_log(const struct nvmf_disc_log *log)
{
	print_text("\nDiscovery Log Number of Records %zu, Generation counter %" PRIu64 "\n",
		   log->nr_entries, log->genctr);
	print_uint(PRINT_JSON, "genctr", NULL, log->genctr);
	open_json_array("records");
	for (size_t i = 0; i < log->nr_entries; i++)
		print_disc_entry(&log->entries[i], i);
	close_json_array();
}

static int save_raw_log(const char *path, const struct nvmf_disc_log *log)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n;

	if (fd < 0)
		return errorf(-errno, "cannot create %s: %s", path, strerror(errno));
	n = write(fd, log->raw, log->raw_len);
	if (n < 0 || (size_t)n != log->raw_len || close(fd) < 0)
		return errorf(-EIO, "cannot write %s", path);
	debugf("discovery log saved to %s", path);
	return 0;
}

/* Fetch, save and print the log of one discovery controller. */
static int show_log(const struct discover_opts *o, const struct nvmf_disc_ctrl *dc, const char *where)
{
	struct nvmf_disc_log log;
	int ret = nvmf_disc_log_fetch(dc->name, where, &log);

	if (ret < 0)
		return ret;
	if (o->raw)
		ret = save_raw_log(o->raw, &log);
	print_disc_log(&log);
	if (ret == 0)
		ret = nvmf_disc_log_check(&log, where);
	nvmf_disc_log_free(&log);
	return ret;
}

struct discover_run {
	const struct discover_opts *o;
	struct nvmf_session session;
	struct nvmf_topology topology;
	bool have_topology;
};

/* An announcement refused: reported on stderr already; JSON gets an object for it. */
static int discover_rejected(const struct nvmf_mdns_rejected *r)
{
	open_json_object(NULL);
	print_mdns_json(r->name, r->iface);
	print_string(PRINT_JSON, "traddr", NULL, r->address);
	print_uint(PRINT_JSON, "port", NULL, r->port);
	print_failure(-EINVAL, r->why);
	close_json_object();
	return -EINVAL;
}

/* Discover through one target's controller; @arg is the discover_run. */
static int discover_target(const struct target *tg, void *arg)
{
	struct discover_run *run = arg;
	struct nvmf_disc_ctrl dc;
	struct nvmf_params disc;
	struct nvmf_host own;
	char portal[600], where[PATH_MAX + 700];
	int ret, ret2;

	if (tg->rejected)
		return discover_rejected(tg->rejected);
	open_json_object(NULL);
	print_config_json(tg);
	if (tg->err) {
		/* a bad line: reported, and counted by for_each_target() */
		print_failure(tg->err, tg->error);
		close_json_object();
		return 0;
	}
	nvmf_discovery_params(&tg->params, &disc);
	nvmf_describe_portal(&disc, portal, sizeof(portal));
	snprintf(where, sizeof(where), "%s: %s", tg->where, portal);
	if (tg->mdns) {
		print_mdns_json(tg->mdns->name, tg->mdns->iface);
		print_text("\n%s: %s\n", tg->where, portal);
	}
	print_string(PRINT_JSON, "transport", NULL, disc.transport);
	print_string(PRINT_JSON, "traddr", NULL, disc.traddr);
	print_string(PRINT_JSON, "trsvcid", NULL, disc.trsvcid);
	ret = nvmf_discovery_open(&run->session, &disc, &own,
				  run->have_topology ? &run->topology : NULL, where, &dc);
	if (ret == 0) {
		print_string(PRINT_JSON, "device", NULL, dc.name);
		ret = show_log(run->o, &dc, where);
		if (tg->mdns && tg->persistent && nvmf_mdns_note(dc.name, tg->mdns) < 0)
			debugf("%s: cannot note that %s came from mDNS", tg->where, dc.name);
		ret2 = nvmf_discovery_close(&dc, tg->persistent);
		ret = ret < 0 ? ret : ret2;
	}
	if (ret < 0)
		print_failure(ret, last_error());
	close_json_object();
	return ret;
}

static struct outcome discover_device(const struct discover_opts *o)
{
	struct nvmf_disc_ctrl dc = { .name = "" };
	int ret = nvmf_discovery_check_device(o->device, "discover", &dc);

	open_json_object(NULL);
	if (ret == 0)
		ret = show_log(o, &dc, "discover");
	if (ret < 0) {
		/* the log's keys are nvme-cli's; a failure names the device */
		print_string(PRINT_JSON, "device", NULL, o->device);
		print_failure(ret, last_error());
	}
	close_json_object();
	/* a device that is not a discovery controller is bad usage; one that fails is not */
	return ret == -EINVAL && !dc.name[0] ? bad_usage(ret) : done(ret);
}

/* One controller from the command line prints nvme-cli's object; the configuration an array of them. */
static struct outcome discover_targets(const struct discover_opts *o)
{
	struct discover_run run = { .o = o };
	bool one = names_target(&o->params);
	struct target_counts counts;
	struct run_config rc;
	int ret;

	ret = check_target(&o->targets);
	if (ret == 0)
		ret = run_config_load(&o->targets, &rc);
	if (ret < 0)
		return bad_usage(ret);
	run.session.config = &rc.json;
	run.have_topology = nvmf_topology_scan_connections(&run.topology) == 0;
	if (!one)
		open_json_array(NULL);
	ret = for_each_target(&o->targets, &rc, discover_target, &run, &counts);
	if (!one)
		close_json_array();
	if (ret < 0)
		output_discard();	/* the failure is the whole story */
	if (run.have_topology)
		nvmf_topology_free(&run.topology);
	run_config_free(&rc);
	return target_outcome(ret, &counts);
}

static struct outcome do_discover(const struct command *cmd, int argc, char **argv)
{
	struct discover_opts o = { 0 };
	struct outcome res;
	struct option options[] = {
		TARGET_OPTIONS(&o.params, &o.targets),
		OPT_STRING('d', "device", &o.device, "DEV", "use this existing discovery controller"),
		OPT_STRING('r', "raw", &o.raw, "FILE", "also save the raw discovery log in FILE"),
		OPT_GROUP("Connection (queue options are accepted as nvme-cli does; "
			  "a discovery controller has no I/O queues)"),
		CONNECTION_OPTIONS(&o.params, &o.secrets),
		COMMON_OPTIONS(&o.common),
		NVME_CLI_DISCOVERY_OPTIONS,
		OPT_ACCEPTED(0, "quiet", NULL, "discover shows logs and connects nothing: "
			     "no \"already connected\" to leave out"),
		OPT_END(),
	};
	int ret;

	nvmf_params_init(&o.params);
	target_opts_init(&o.targets, "discover", &o.params);
	ret = parse_command(cmd, argc, argv, options, &o.common);
	if (ret)
		return ret > 0 ? done(0) : bad_usage(ret);
	ret = apply_secret_opts(&o.secrets, &o.params, "discover");
	if (ret == 0)
		ret = nvmf_params_resolve(&o.params, &o.addrs, "discover");
	if (ret < 0)
		return bad_usage(ret);
	/* nvme-cli's "-d none" is no device */
	if (o.device && !strcmp(o.device, "none"))
		o.device = NULL;
	res = o.device ? discover_device(&o) : discover_targets(&o);
	output_end();
	return res;
}

const struct command cmd_discover = {
	.name = "discover",
	.usage = "[OPTIONS]",
	.summary = "show the subsystems discovery controllers offer",
	.fn = do_discover,
};
