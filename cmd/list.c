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

static void print_ident(const struct nvmf_ident *id)
{
	print_optional_string("serial", id->serial);
	print_optional_string("model", id->model);
	print_optional_string("firmware_rev", id->firmware_rev);
}

/* "tls key 1a2b3c4d, dhchap host": the channel's protection, never a secret. */
static void print_security(const struct nvmf_ctrl *c)
{
	if (c->tls)
		print_string(PRINT_FP, NULL, "    tls key %s", c->tls_key);
	else
		print_text("    tls none");
	print_bool(PRINT_JSON, "tls", NULL, c->tls);
	print_optional_string("tls_key", c->tls_key);
	print_optional_string("tls_configured_key", c->tls_configured_key);
	print_optional_string("tls_keyring", c->tls_keyring);
	print_string(PRINT_ANY, "dhchap", ", dhchap %s\n", dhchap_mode(c));
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
	print_ident(&c->ident);
	print_security(c);
	close_json_object();
}

static void print_optional_u64(const char *key, uint64_t value)
{
	if (value != NVMF_NS_UNKNOWN)
		print_uint(PRINT_JSON, key, NULL, value);
}

/*
 * Two lines, as nvme-cli's list columns: "/dev/nvme1n1 /dev/ng1n1 nsid 1
 * 1.07 GB / 2.15 GB 512 B + 0 B", then model, serial and firmware. What
 * the kernel does not show is left out.
 */
static void print_ns(const struct nvmf_ns *ns)
{
	char dev[48], generic[48], size[32], usage[32];

	snprintf(dev, sizeof(dev), "/dev/%s", ns->name);
	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, ns->name);
	print_string(PRINT_ANY, "device", "  %s", dev);
	if (ns->generic[0]) {
		snprintf(generic, sizeof(generic), "/dev/%s", ns->generic);
		print_string(PRINT_ANY, "generic", " %s", generic);
	}
	print_uint(PRINT_ANY, "nsid", " nsid %" PRIu64, ns->nsid);
	print_uint(PRINT_JSON, "size", NULL, ns->size);
	print_optional_u64("usage", ns->usage);
	if (ns->usage != NVMF_NS_UNKNOWN)
		print_text(" %s /", human_size(ns->usage, usage, sizeof(usage)));
	print_text(" %s", human_size(ns->size, size, sizeof(size)));
	print_optional_u64("lba_size", ns->lba_size);
	print_optional_u64("metadata_bytes", ns->metadata_bytes);
	if (ns->lba_size != NVMF_NS_UNKNOWN)
		print_text(" %" PRIu64 " B", ns->lba_size);
	if (ns->lba_size != NVMF_NS_UNKNOWN && ns->metadata_bytes != NVMF_NS_UNKNOWN)
		print_text(" + %" PRIu64 " B", ns->metadata_bytes);
	print_text("\n");
	print_ident(&ns->ident);
	if (ns->ident.model[0] || ns->ident.serial[0] || ns->ident.firmware_rev[0]) {
		print_string(PRINT_FP, NULL, "    %s", ns->ident.model[0] ? ns->ident.model : "-");
		print_string(PRINT_FP, NULL, ", serial %s", ns->ident.serial[0] ? ns->ident.serial : "-");
		print_string(PRINT_FP, NULL, ", firmware %s\n",
			     ns->ident.firmware_rev[0] ? ns->ident.firmware_rev : "-");
	}
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

static struct outcome do_list(const struct command *cmd, int argc, char **argv)
{
	struct common_opts common = { 0 };
	struct option options[] = {
		COMMON_OPTIONS(&common),
		NVME_CLI_LIST_OPTIONS,
		OPT_END(),
	};
	struct nvmf_topology t;
	int ret;

	ret = parse_command(cmd, argc, argv, options, &common);
	if (ret)
		return ret > 0 ? done(0) : bad_usage(ret);
	ret = nvmf_topology_scan(&t);
	if (ret < 0)
		return done(ret);

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
	return done(0);
}

const struct command cmd_list = {
	.name = "list",
	.usage = "[OPTIONS]",
	.summary = "show fabrics controllers, their subsystems and namespaces",
	.fn = do_list,
};

const struct command cmd_list_subsys = {
	.name = "list-subsys",
	.usage = "[OPTIONS]",
	.summary = "the same as 'list'",
	.fn = do_list,
};
