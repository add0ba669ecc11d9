// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.json: the input through nvmf_json_conf_parse(). A document it
 * takes must give ports whose connections the kernel would take (values
 * safe in its option string), each findable again by nvmf_json_conf_apply()
 * for its host, subsystem and address; one it refuses must leave nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonconf.h"

static void check_port(const struct nvmf_json_conf *jc, const struct nvmf_json_port *jp)
{
	struct nvmf_params p = jp->params, q;
	char opts[4096];

	FUZZ_ASSERT(jp->host >= jc->hosts && jp->host < jc->hosts + jc->nr_hosts);
	FUZZ_ASSERT(p.transport && p.subsysnqn && p.hostnqn);
	FUZZ_ASSERT(!strcmp(p.hostnqn, jp->host->hostnqn));
	if (!p.trsvcid)
		p.trsvcid = nvmf_default_trsvcid(p.transport, !strcmp(p.subsysnqn, NVMF_DISC_NQN));
	if (!p.dhchap_secret)
		p.dhchap_secret = jp->host->dhchap_key;
	FUZZ_ASSERTF(nvmf_build_options(&p, NULL, "fuzz", opts, sizeof(opts)) == 0,
		     "port %s was taken but its connection is refused", jp->path);

	/* the connection it describes finds it, or an earlier port of the same host and place */
	nvmf_params_init(&q);
	q.transport = jp->params.transport;
	q.traddr = jp->params.traddr;
	q.trsvcid = jp->params.trsvcid;
	q.host_traddr = jp->params.host_traddr;
	q.host_iface = jp->params.host_iface;
	q.subsysnqn = jp->params.subsysnqn;
	q.hostnqn = jp->params.hostnqn;
	const struct nvmf_json_port *found = nvmf_json_conf_apply(jc, &q);
	FUZZ_ASSERT(found && found <= jp);
	FUZZ_ASSERT(!strcmp(q.hostnqn, jp->params.hostnqn) && !strcmp(q.subsysnqn, jp->params.subsysnqn));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* no NUL at the end: the parser must keep to @size */
	char *text = malloc(size ? size : 1);
	struct nvmf_json_conf jc;
	int ret;

	if (!text)
		abort();
	memcpy(text, data, size);
	ret = nvmf_json_conf_parse("fuzz.json", text, size, &jc);
	if (ret < 0) {
		FUZZ_ASSERT(!jc.doc && !jc.hosts && !jc.ports && !jc.nr_ports && !jc.nr_hosts);
	} else {
		FUZZ_ASSERT(ret == 0 && jc.doc && jc.path);
		FUZZ_ASSERT(jc.nr_hosts || !jc.nr_ports);
		for (size_t i = 0; i < jc.nr_ports; i++)
			check_port(&jc, &jc.ports[i]);
		nvmf_json_conf_free(&jc);
	}
	free(text);
	return 0;
}
