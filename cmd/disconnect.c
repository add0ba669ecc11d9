// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf disconnect: the controllers of subsystems (-n), behind devices (-d),
 * or all fabrics controllers (--all), deleted in parallel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "delete.h"
#include "hold.h"

struct disconnect_opts {
	struct common_opts common;
	const char *nqns;
	const char *devices;
	const char *transport;	/* with --all: only these */
	const struct option *what;	/* which of -n, -d and --all was given */
	bool all;
	bool no_hold;
};

/* A name that matched nothing, in "unmatched": reported as @err on stderr. */
static void print_unmatched(const char *key, const char *name, int err)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, key, NULL, name);
	print_failure(err, last_error());
	close_json_object();
}

/* Mark the controllers of each NQN in the comma-separated @nqns. */
static int select_by_nqn(const struct nvmf_topology *t, char *nqns, bool *chosen)
{
	int unmatched = 0;

	for (char *nqn = strtok(nqns, ","); nqn; nqn = strtok(NULL, ",")) {
		bool found = false;

		for (size_t i = 0; i < t->nr_ctrls; i++) {
			if (!strcmp(t->ctrls[i].subsysnqn, nqn))
				chosen[i] = found = true;
		}
		if (!found) {
			char shown[SHOWN_MAX];

			print_unmatched("nqn", nqn, errorf(-ENOENT, "disconnect: no controller of subsystem %s",
							   printable(nqn, shown, sizeof(shown))));
			unmatched++;
		}
	}
	return unmatched;
}

/* Mark the controllers behind each device in the comma-separated @devices. */
static int select_by_device(const struct nvmf_topology *t, char *devices, bool *chosen)
{
	size_t *idx = calloc(t->nr_ctrls ? t->nr_ctrls : 1, sizeof(*idx));
	int unmatched = 0;

	if (!idx)
		return -ENOMEM;
	for (char *dev = strtok(devices, ","); dev; dev = strtok(NULL, ",")) {
		int n = nvmf_topology_resolve_device(t, dev, idx, t->nr_ctrls);
		char shown[SHOWN_MAX];

		printable(dev, shown, sizeof(shown));
		if (n == -EINVAL)
			n = errorf(n, "disconnect: '%s' names no NVMe controller or namespace", shown);
		else if (n <= 0)
			n = errorf(-ENODEV, "disconnect: no fabrics controller behind %s", shown);
		if (n < 0) {
			print_unmatched("device", dev, n);
			unmatched++;
		}
		for (int i = 0; i < n; i++)
			chosen[idx[i]] = true;
	}
	free(idx);
	return unmatched;
}

static void print_outcome(const struct nvmf_ctrl *c, int err, bool held)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, c->name);
	print_string(PRINT_JSON, "subsysnqn", NULL, c->subsysnqn);
	if (err)
		print_failure(errorf(err, "disconnect: cannot delete %s: %s", c->name, nvmf_delete_error(err)),
			      last_error());
	else
		print_string(PRINT_JSON, "result", NULL, "disconnected");
	print_bool(PRINT_JSON, "held", NULL, held && !err);
	if (!err && nvmf_verbose) {
		print_text("disconnected %s (%s)\n", c->name, c->subsysnqn);
	}
	close_json_object();
}

/* A controller left connected, as its hold could not be written. */
static void print_unheld(const struct nvmf_ctrl *c, int err)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, c->name);
	print_string(PRINT_JSON, "subsysnqn", NULL, c->subsysnqn);
	print_failure(errorf(err, "disconnect: %s is left connected: cannot hold it in %s%s (%s); "
			     "--no-hold disconnects without a hold", c->name, nvmf_root(),
			     NVMF_HOLDS_DIR, strerror(-err)), last_error());
	close_json_object();
}

/*
 * Delete the @nr_chosen chosen controllers and say how it went. Unless
 * @no_hold, each I/O controller is held first (hold.h), so that a
 * connect-all running meanwhile finds the hold; one that cannot be held is
 * not deleted. Discovery controllers are never held. Returns 0, or a
 * negative errno (-EIO: some were not disconnected), reported.
 */
static int delete_chosen(const struct nvmf_topology *t, const bool *chosen, size_t nr_chosen,
			 bool no_hold)
{
	char **names = calloc(t->nr_ctrls + 1, sizeof(*names));
	size_t *which = calloc(t->nr_ctrls + 1, sizeof(*which));
	int *errs = calloc(t->nr_ctrls + 1, sizeof(*errs));
	int *hold_errs = calloc(t->nr_ctrls + 1, sizeof(*hold_errs));
	bool *held = calloc(t->nr_ctrls + 1, sizeof(*held));
	size_t n = 0, failed = 0, not_held = 0, nr_held = 0;
	int ret = 0;

	if (!names || !which || !errs || !hold_errs || !held) {
		ret = errorf(-ENOMEM, "disconnect: out of memory");
		print_failure(ret, last_error());
		goto out;
	}
	for (size_t i = 0; i < t->nr_ctrls; i++) {
		if (!chosen[i])
			continue;
		if (!no_hold && !t->ctrls[i].discovery) {
			hold_errs[i] = nvmf_hold_add(&t->ctrls[i]);
			if (hold_errs[i] < 0) {
				not_held++;
				continue;
			}
			held[i] = true;
		}
		which[n] = i;
		names[n++] = (char *)t->ctrls[i].name;
	}
	failed = nvmf_delete_all(names, n, errs);
	open_json_array("controllers");
	for (size_t i = 0; i < t->nr_ctrls; i++)
		if (hold_errs[i] < 0)
			print_unheld(&t->ctrls[i], hold_errs[i]);
	for (size_t i = 0; i < n; i++) {
		const struct nvmf_ctrl *c = &t->ctrls[which[i]];

		if (errs[i] && held[which[i]])
			nvmf_hold_drop(c);
		else if (held[which[i]])
			nr_held++;
		print_outcome(c, errs[i], held[which[i]]);
	}
	close_json_array();
	print_uint(PRINT_JSON, "disconnected", NULL, n - failed);
	print_uint(PRINT_JSON, "failed", NULL, failed + not_held);
	if (nr_chosen) {
		print_text("disconnected %zu controller%s", n - failed, n - failed == 1 ? "" : "s");
		if (nr_held)
			print_text(", held %zu until nvmf connect", nr_held);
		print_text("\n");
	}
	if (failed || not_held)
		ret = -EIO;
out:
	free(names);
	free(which);
	free(errs);
	free(hold_errs);
	free(held);
	return ret;
}

/* Returns 0, or a negative errno, reported: a name matched nothing, or a controller is left. */
static int disconnect(struct disconnect_opts *o)
{
	struct nvmf_topology t;
	int unmatched = 0, ret;
	size_t nr_chosen = 0;
	bool *chosen;

	ret = nvmf_topology_scan(&t);
	if (ret < 0)
		return ret;
	chosen = calloc(t.nr_ctrls + 1, sizeof(*chosen));
	if (!chosen) {
		nvmf_topology_free(&t);
		return errorf(-ENOMEM, "disconnect: out of memory");
	}
	for (size_t i = 0; i < t.nr_ctrls; i++)
		chosen[i] = o->all && (!o->transport || !strcmp(t.ctrls[i].transport, o->transport));
	open_json_object(NULL);
	open_json_array("unmatched");
	if (o->nqns)
		unmatched += select_by_nqn(&t, (char *)o->nqns, chosen);
	if (o->devices)
		unmatched += select_by_device(&t, (char *)o->devices, chosen);
	close_json_array();
	for (size_t i = 0; i < t.nr_ctrls; i++)
		nr_chosen += chosen[i];

	ret = delete_chosen(&t, chosen, nr_chosen, o->no_hold);
	if (!nr_chosen && o->all)
		print_text("no %s controllers to disconnect\n", o->transport ? o->transport : "fabrics");
	close_json_object();
	/* each name that matched nothing was reported */
	if ((unmatched || !nr_chosen) && !o->all && ret == 0)
		ret = -ENOENT;
	free(chosen);
	nvmf_topology_free(&t);
	return ret;
}

/* nvmf disconnect, and nvme-cli's disconnect-all: disconnect --all. */
static struct outcome do_disconnect(const struct command *cmd, int argc, char **argv)
{
	bool all_cmd = cmd == &cmd_disconnect_all;
	struct disconnect_opts o = { .all = all_cmd };
	struct option options[] = {
		OPT_GROUP("What to disconnect (one of)"),
		OPT_CMDMODE_STRING(&o.what, 'n', "nqn", &o.nqns, "NQN[,NQN...]",
				   "every controller of these subsystems"),
		OPT_CMDMODE_STRING(&o.what, 'd', "device", &o.devices, "DEV[,DEV...]",
				   "these controllers (nvme1, /dev/nvme1) or namespaces' (/dev/nvme1n1)"),
		OPT_CMDMODE_BOOL(&o.what, 0, "all", &o.all, "every fabrics controller (never PCIe)"),
		OPT_STRING('r', "transport", &o.transport, "TRANSPORT",
			   "with --all: only the controllers of this transport"),
		OPT_GROUP("Afterwards"),
		OPT_BOOL(0, "no-hold", &o.no_hold,
			 "let connect-all connect them again (default: held until nvmf connect)"),
		COMMON_OPTIONS(&o.common),
		OPT_END(),
	};
	char shown[SHOWN_MAX];
	int ret;

	ret = parse_command(cmd, argc, argv, options, &o.common);
	if (ret)
		return ret > 0 ? done(0) : bad_usage(ret);
	if (all_cmd && (o.nqns || o.devices))
		return bad_usage(errorf(-EINVAL, "disconnect-all: --nqn and --device are for "
					"'nvmf disconnect'"));
	if (!o.what && !all_cmd)
		return bad_usage(errorf(-EINVAL, "disconnect: give one of --nqn, --device and --all"));
	if (o.transport && !o.all)
		return bad_usage(errorf(-EINVAL, "disconnect: --transport goes with --all"));
	if (o.transport && !nvmf_known_transport(o.transport))
		return bad_usage(errorf(-EINVAL, "%s: --transport '%s' is not one of tcp, rdma, fc or loop",
					cmd->name, printable(o.transport, shown, sizeof(shown))));
	if ((o.nqns && !o.nqns[strspn(o.nqns, ",")]) || (o.devices && !o.devices[strspn(o.devices, ",")]))
		return bad_usage(errorf(-EINVAL, "disconnect: --%s names nothing",
					o.nqns ? "nqn" : "device"));
	ret = disconnect(&o);
	output_end();
	return done(ret);
}

const struct command cmd_disconnect = {
	.name = "disconnect",
	.usage = "-n NQN[,NQN...] | -d DEV[,DEV...] | --all [OPTIONS]",
	.summary = "disconnect fabrics controllers",
	.fn = do_disconnect,
};

const struct command cmd_disconnect_all = {
	.name = "disconnect-all",
	.usage = "[-r TRANSPORT] [OPTIONS]",
	.summary = "the same as 'disconnect --all'",
	.fn = do_disconnect,
};
