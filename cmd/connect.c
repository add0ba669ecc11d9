// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf connect: one subsystem, once. A matching controller that is there
 * already is success, so callers can run it again and again.
 */
#include <errno.h>
#include <stdio.h>

#include "cmd.h"
#include "connect.h"

/* Wait at most this long for another run to let go of the lock. */
#define LOCK_TIMEOUT_S 120

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
	print_string(PRINT_JSON, "transport", NULL, p->transport);
	if (p->traddr)
		print_string(PRINT_JSON, "traddr", NULL, p->traddr);
	if (p->trsvcid)
		print_string(PRINT_JSON, "trsvcid", NULL, p->trsvcid);
	if (p->host_traddr)
		print_string(PRINT_JSON, "host_traddr", NULL, p->host_traddr);
	if (p->host_iface)
		print_string(PRINT_JSON, "host_iface", NULL, p->host_iface);
	if (p->hostnqn)
		print_string(PRINT_JSON, "hostnqn", NULL, p->hostnqn);
	close_json_object();
}

static int connect_one(struct nvmf_params *p)
{
	struct nvmf_session s = { 0 };
	char device[32] = "", portal[600], where[1024];
	struct nvmf_topology t;
	struct nvmf_host own;
	int lock, ret;

	nvmf_describe_portal(p, portal, sizeof(portal));
	snprintf(where, sizeof(where), "connect: %s at %s", p->subsysnqn, portal);
	ret = lock = nvmf_lock(LOCK_TIMEOUT_S);
	if (ret >= 0)
		ret = nvmf_session_host(&s, p, &own);
	if (ret >= 0)
		ret = nvmf_topology_scan_connections(&t);
	if (ret >= 0) {
		ret = nvmf_connect(&s, &t, p, where, device, sizeof(device));
		nvmf_topology_free(&t);
	}
	if (ret >= 0 && nvmf_holds_release(p->subsysnqn) > 0)
		debugf("connect: released the hold nvmf disconnect put on %s", p->subsysnqn);
	nvmf_unlock(lock);
	print_result(p, ret, device);
	return ret < 0 ? EXIT_FAILED : EXIT_OK;
}

int cmd_connect(const struct command *cmd, int argc, char **argv)
{
	struct common_opts common = { 0 };
	struct secret_opts so = { 0 };
	struct nvmf_params p;
	struct option options[] = {
		CONNECT_OPTIONS(&p, &so, &common),
	};
	int ret;

	nvmf_params_init(&p);
	ret = parse_command(cmd, argc, argv, options, &common);
	if (ret)
		return ret > 0 ? EXIT_OK : EXIT_USAGE;
	if (!p.subsysnqn)
		ret = errorf(-EINVAL, "connect: --nqn is required");
	if (ret == 0)
		ret = apply_secret_opts(&so, &p, "connect");
	if (ret == 0 && !p.trsvcid && p.transport)
		p.trsvcid = nvmf_default_trsvcid(p.transport, false);
	if (ret == 0)
		ret = nvmf_params_validate(&p, "connect");
	if (ret < 0) {
		output_failure(ret);
		return EXIT_USAGE;
	}
	ret = connect_one(&p);
	output_end();
	return ret;
}
