// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvmf list: fabrics controllers grouped by subsystem, with namespaces.
 * The JSON schema is documented in nvmf-list(8).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "topology.h"

static void print_optional_string(const char *key, const char *value)
{
	if (value[0])
		print_string(PRINT_JSON, key, NULL, value);
}

static void print_optional_int(const char *key, int value)
{
	if (value != NVMF_UNSET)
		print_int(PRINT_JSON, key, NULL, value);
}

/* Whether authentication is configured; the secrets themselves are never shown. */
static const char *dhchap_mode(const struct nvmf_ctrl *c)
{
	if (c->dhchap_ctrl_secret)
		return "bidirectional";
	return c->dhchap_secret ? "host" : "none";
}

static void print_ctrl(const struct nvmf_ctrl *c)
{
	char name[256], iface[IF_NAMESIZE];
	bool mdns = nvmf_mdns_noted(c, name, sizeof(name), iface, sizeof(iface));

	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "  %s", c->name);
	print_string(PRINT_ANY, "transport", " %s", c->transport);
	print_string(PRINT_ANY, "address", " %s", c->address[0] ? c->address : "-");
	print_string(PRINT_ANY, "state", " %s", c->state);
	print_bool(PRINT_JSON, "discovery", NULL, c->discovery);
	if (mdns) {
		print_text(" (discovery controller, from mDNS '%s' on %s)\n", name, iface);
		print_mdns_json(name, iface);
	} else {
		print_text("%s\n", c->discovery ? " (discovery controller)" : "");
	}
	print_optional_string("traddr", c->addr.traddr);
	print_optional_string("trsvcid", c->addr.trsvcid);
	print_optional_string("host_traddr", c->addr.host_traddr);
	print_optional_string("host_iface", c->addr.host_iface);
	print_optional_string("src_addr", c->addr.src_addr);
	print_optional_string("cntrltype", c->cntrltype);
	print_string(PRINT_ANY, "hostnqn", "    hostnqn %s\n", c->hostnqn);
	print_optional_string("hostid", c->hostid);
	print_optional_int("cntlid", c->cntlid);
	print_optional_int("kato", c->kato);
	print_optional_int("ctrl_loss_tmo", c->ctrl_loss_tmo);
	print_optional_int("reconnect_delay", c->reconnect_delay);
	print_optional_int("fast_io_fail_tmo", c->fast_io_fail_tmo);
	print_string(PRINT_JSON, "dhchap", NULL, dhchap_mode(c));
	close_json_object();
}

static void print_ns(const struct nvmf_ns *ns)
{
	char dev[48], size[32];

	snprintf(dev, sizeof(dev), "/dev/%s", ns->name);
	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, ns->name);
	print_string(PRINT_ANY, "device", "  %s", dev);
	print_uint(PRINT_ANY, "nsid", " nsid %" PRIu64, ns->nsid);
	print_uint(PRINT_JSON, "size", NULL, ns->size);
	print_text(" %s\n", human_size(ns->size, size, sizeof(size)));
	close_json_object();
}

static void print_subsys(const struct nvmf_topology *t, const struct nvmf_subsys *s)
{
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "%s", s->name);
	print_string(PRINT_ANY, "nqn", " %s\n", s->nqn);
	print_optional_string("subsystype", s->subsystype);
	open_json_array("controllers");
	for (size_t i = 0; i < s->nr_ctrls; i++)
		print_ctrl(&t->ctrls[s->ctrls[i]]);
	close_json_array();
	open_json_array("namespaces");
	for (size_t i = 0; i < s->nr_ns; i++)
		print_ns(&s->ns[i]);
	close_json_array();
	close_json_object();
}

/*
 * A controller the kernel lists under no subsystem (one going away, or an
 * old kernel): shown on its own rather than not at all.
 */
static void print_lone_ctrls(const struct nvmf_topology *t)
{
	bool *grouped = calloc(t->nr_ctrls ? t->nr_ctrls : 1, sizeof(*grouped));

	if (!grouped)
		return;
	for (size_t i = 0; i < t->nr_subsys; i++)
		for (size_t j = 0; j < t->subsys[i].nr_ctrls; j++)
			grouped[t->subsys[i].ctrls[j]] = true;
	for (size_t i = 0; i < t->nr_ctrls; i++) {
		if (grouped[i])
			continue;
		open_json_object(NULL);
		print_text("%s", t->nr_subsys || i ? "\n" : "");
		print_string(PRINT_ANY, "nqn", "(no subsystem) %s\n", t->ctrls[i].subsysnqn);
		open_json_array("controllers");
		print_ctrl(&t->ctrls[i]);
		close_json_array();
		open_json_array("namespaces");
		close_json_array();
		close_json_object();
	}
	free(grouped);
}

int cmd_list(const struct command *cmd, int argc, char **argv)
{
	struct common_opts common = { 0 };
	struct option options[] = {
		COMMON_OPTIONS(&common),
		OPT_END(),
	};
	struct nvmf_topology t;
	int ret;

	ret = parse_command(cmd, argc, argv, options, &common);
	if (ret)
		return ret > 0 ? EXIT_OK : EXIT_USAGE;
	ret = nvmf_topology_scan(&t);
	if (ret < 0) {
		output_failure(ret);
		return EXIT_FAILED;	/* reported */
	}

	open_json_object(NULL);
	open_json_array("subsystems");
	for (size_t i = 0; i < t.nr_subsys; i++) {
		print_text("%s", i ? "\n" : "");
		print_subsys(&t, &t.subsys[i]);
	}
	print_lone_ctrls(&t);
	close_json_array();
	close_json_object();
	if (!t.nr_ctrls)
		print_text("No NVMe over Fabrics controllers.\n");
	output_end();
	nvmf_topology_free(&t);
	return EXIT_OK;
}
