// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf connect: one subsystem, once. A matching controller that is there
 * already is success, so callers can run it again and again.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "connect.h"
#include "lock.h"

/* @result, or the failure @err when negative: reported on stderr already, in JSON here */
static void print_result(const struct nvmf_params *p, int result, const char *device)
{
	open_json_object(NULL);
	if (result < 0)
		print_failure(result, last_error());
	else if (result == NVMF_ALREADY && !device[0])
		print_text("already connected\n");
	else if (result == NVMF_ALREADY)
		print_string(PRINT_FP, NULL, "already connected: %s\n", device);
	else
		print_string(PRINT_FP, NULL, "%s\n", device);
	if (device[0])
		print_string(PRINT_JSON, "device", NULL, device);
	if (result >= 0)
		print_string(PRINT_JSON, "result", NULL, nvmf_result_names[result]);
	print_string(PRINT_JSON, "subsysnqn", NULL, p->subsysnqn);
	print_address_json(p);
	if (p->hostnqn)
		print_string(PRINT_JSON, "hostnqn", NULL, p->hostnqn);
	close_json_object();
}

/*
 * Connect @p (validated) in a run that holds the lock and has scanned @t,
 * and print the result. Returns 0 or the negative errno, reported.
 */
static int connect_params(struct nvmf_session *s, struct nvmf_topology *t, struct nvmf_params *p)
{
	char device[32] = "", portal[600], where[1024];
	struct nvmf_host own;
	int ret;

	nvmf_describe_portal(p, portal, sizeof(portal));
	snprintf(where, sizeof(where), "connect: %s at %s", p->subsysnqn, portal);
	ret = nvmf_session_host(s, p, &own);
	if (ret >= 0)
		ret = nvmf_connect(s, t, p, where, device, sizeof(device));
	if (ret >= 0 && nvmf_holds_release(p->subsysnqn) > 0)
		debugf("connect: released the hold nvmf disconnect put on %s", p->subsysnqn);
	print_result(p, ret, device);
	return ret < 0 ? ret : 0;
}

/*
 * nvme-cli's "connect -J FILE": every port of the file's hosts (those
 * --hostnqn and --hostid name), each an I/O controller of its subsystem,
 * with the port's settings under the command line's: {"connections": [...]}.
 * Returns the number that failed.
 */
static unsigned int connect_config(struct nvmf_session *s, struct nvmf_topology *t,
				   const struct nvmf_params *cmdline, const struct nvmf_json_conf *jc)
{
	unsigned int failed = 0;

	open_json_object(NULL);
	open_json_array("connections");
	for (size_t i = 0; i < jc->nr_ports; i++) {
		const struct nvmf_json_port *jp = &jc->ports[i];
		struct nvmf_params p = jp->params;
		char where[PATH_MAX + 128];
		int ret;

		/* nvme-cli leaves loop ports out: they are no fabric */
		if (!config_host_chosen(cmdline, jp->host) || !strcmp(p.transport, "loop"))
			continue;
		if (!p.dhchap_secret)
			p.dhchap_secret = jp->host->dhchap_key;
		nvmf_params_overlay(&p, cmdline);
		if (!p.trsvcid)
			p.trsvcid = nvmf_default_trsvcid(p.transport, false);
		snprintf(where, sizeof(where), "connect: %s: %s", jc->path, jp->path);
		ret = nvmf_params_validate(&p, where);
		if (ret < 0)
			print_result(&p, ret, "");
		else
			ret = connect_params(s, t, &p);
		failed += ret < 0;
	}
	close_json_array();
	close_json_object();
	if (!jc->nr_ports)
		warnf("connect: %s has no ports", jc->path);
	return failed;
}

/*
 * Connect @p, or with @rc every port of its config.json, under the lock.
 * Returns 0, or a negative errno (-EIO: some port failed), reported.
 */
static int connect_run(struct nvmf_params *p, const struct run_config *rc)
{
	struct nvmf_session s = { 0 };
	struct nvmf_topology t;
	int lock, ret;

	ret = lock = nvmf_lock(NVMF_LOCK_TIMEOUT_S);
	if (ret >= 0)
		ret = nvmf_topology_scan_connections(&t);
	if (ret < 0) {
		nvmf_unlock(lock);
		if (!rc)
			print_result(p, ret, "");
		return ret;
	}
	if (rc)
		ret = connect_config(&s, &t, p, &rc->json) ? -EIO : 0;
	else
		ret = connect_params(&s, &t, p);
	nvmf_topology_free(&t);
	nvmf_unlock(lock);
	return ret;
}

static struct outcome do_connect(const struct command *cmd, int argc, char **argv)
{
	struct common_opts common = { 0 };
	struct secret_opts so = { 0 };
	struct target_opts to = { .command = "connect" };
	struct nvmf_addrbuf addrs;
	struct run_config rc;
	struct nvmf_params p;
	struct option options[] = {
		CONNECT_OPTIONS(&p, &so, &to.json_file, &common),
	};
	int ret;

	nvmf_params_init(&p);
	ret = parse_command(cmd, argc, argv, options, &common);
	if (ret)
		return ret > 0 ? done(0) : bad_usage(ret);
	if (to.json_file && strcmp(to.json_file, "none")) {
		if (p.subsysnqn || names_target(&p))
			ret = errorf(-EINVAL, "connect: -J connects the subsystems of %s; "
				     "--nqn, --transport and --traddr are for one given here", to.json_file);
		if (ret == 0)
			ret = apply_secret_opts(&so, &p, "connect");
		if (ret == 0)
			ret = run_config_load(&to, &rc);
		if (ret < 0)
			return bad_usage(ret);
		ret = connect_run(&p, &rc);
		run_config_free(&rc);
		output_end();
		return done(ret);
	}
	if (!p.subsysnqn)
		ret = errorf(-EINVAL, "connect: --nqn is required");
	if (ret == 0)
		ret = apply_secret_opts(&so, &p, "connect");
	if (ret == 0)
		ret = nvmf_params_resolve(&p, &addrs, "connect");
	if (ret == 0 && !p.trsvcid && p.transport)
		p.trsvcid = nvmf_default_trsvcid(p.transport, false);
	if (ret == 0)
		ret = nvmf_params_validate(&p, "connect");
	if (ret < 0)
		return bad_usage(ret);
	ret = connect_run(&p, NULL);
	output_end();
	return done(ret);
}

const struct command cmd_connect = {
	.name = "connect",
	.usage = "-t TRANSPORT -n NQN [-a ADDR] [OPTIONS]",
	.summary = "connect one subsystem, unless it is connected already",
	.fn = do_connect,
};
