// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * discovery.conf: the input as one line through nvmf_conf_parse_line(),
 * then as a whole file through nvmf_conf_load(), which must agree with
 * parsing its lines one by one. A line that parses must give values that
 * are safe in the kernel's option string, and the discovery controller's
 * option string must be exactly the tokens it asks for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conf.h"
#include "discovery.h"
#include "fuzz.h"
#include "mdns.h"
#include "param-options.h"

#define WHERE	"fuzz.conf"

static int memfd = -1;
static char memfd_path[64];

/* The integer options a line takes, with their ranges, as conf.c declares them. */
static struct nvmf_params shape;
static const struct option int_opts[] = {
	NVMF_TUNING_OPTIONS(&shape),
	NVMF_SECURITY_OPTIONS(&shape),
	OPT_END(),
};

/* What a --mdns line's options are used with: an announced tcp discovery controller. */
static const struct nvmf_mdns_service found = {
	.transport = "tcp", .traddr = "192.0.2.1", .trsvcid = "8009",
	.subsysnqn = NVMF_DISC_NQN, .iface = "eth0",
};

static bool points_into(const char *s, const char *buf, size_t len)
{
	return s >= buf && s < buf + len;
}

/* @buflen: the size of the line the entry came from, which e->buf is a copy of */
static void check_entry(const struct nvmf_conf_entry *e, size_t buflen)
{
	const struct nvmf_params *p = &e->params;
	const char *const strs[] = {
		p->transport, p->traddr, p->trsvcid, p->subsysnqn, p->host_traddr,
		p->host_iface, p->hostnqn, p->hostid, p->dhchap_secret, p->dhchap_ctrl_secret,
		p->keyring, p->tls_key, p->tls_key_identity,
	};
	struct nvmf_params disc, announced;
	char *opts;
	size_t len;
	long serial;
	int ret;

	FUZZ_ASSERT(e->buf);
	fuzz_check_params_strings(p);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		FUZZ_ASSERTF(!strs[i] || points_into(strs[i], e->buf, buflen),
			     "string %zu does not point into the entry's buffer", i);
	/* conf.c has no --dhchap-ctrl-secret */
	FUZZ_ASSERT(!p->dhchap_ctrl_secret);

	for (const struct option *o = int_opts; o->type != OPT_T_END; o++) {
		int v;

		if (o->type != OPT_T_INT)
			continue;
		v = *(const int *)((const char *)p + ((const char *)o->value - (const char *)&shape));
		FUZZ_ASSERTF(v == NVMF_UNSET || (v >= o->min && v <= o->max),
			     "--%s %d is outside %ld..%ld", o->long_name, v, o->min, o->max);
	}

	/* what discover and connect-all hand the kernel for this line */
	if (e->mdns) {
		FUZZ_ASSERTF(!p->transport && !p->traddr && !p->trsvcid && !p->subsysnqn && !p->host_iface,
			     "a --mdns line names a controller");
		FUZZ_ASSERT(e->mdns_timeout == NVMF_UNSET ||
			    (e->mdns_timeout >= 1 && e->mdns_timeout <= NVMF_MDNS_TIMEOUT_MAX));
		nvmf_mdns_params(p, &found, &announced);
		p = &announced;
	}
	nvmf_discovery_params(p, &disc);
	len = 2 * buflen + 4096;
	opts = malloc(len);
	if (!opts)
		abort();
	ret = nvmf_build_options(&disc, NULL, WHERE, opts, len);
	/* a keyring name or an interchange key is made a serial at connect time */
	if ((p->keyring && !fuzz_serial(p->keyring, &serial)) || (p->tls_key && !fuzz_serial(p->tls_key, &serial))) {
		FUZZ_ASSERTF(ret == -EINVAL, "a keyring name or interchange key built: %d", ret);
		free(opts);
		return;
	}
	FUZZ_ASSERTF(ret == 0, "a line that parses does not build: %d", ret);
	fuzz_check_options(&disc, opts);
	free(opts);
}

static bool blank_or_comment(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return !*s || *s == '#';
}

/* One line: 1, 0 or a negative errno, with the entry checked and freed; @mdns: a --mdns line. */
static int one_line(unsigned int lineno, const char *line, bool *mdns)
{
	struct nvmf_conf_entry e;
	int ret;

	ret = nvmf_conf_parse_line(WHERE, lineno, line, NULL, &e);
	FUZZ_ASSERT(e.line == lineno);
	*mdns = ret == 1 && e.mdns;
	if (ret == 0) {
		FUZZ_ASSERTF(blank_or_comment(line), "a line with words parses to nothing");
		FUZZ_ASSERT(!e.buf);
	} else if (ret == 1) {
		FUZZ_ASSERTF(!blank_or_comment(line), "a blank line parses to an entry");
		check_entry(&e, strlen(line) + 1);
		free(e.buf);
	} else {
		FUZZ_ASSERTF(ret == -EINVAL || ret == -ENOMEM, "parse returned %d", ret);
		FUZZ_ASSERT(!e.buf);
	}
	return ret;
}

static void check_file(const uint8_t *data, size_t size)
{
	unsigned int lineno = 0, entries = 0, errors = 0;
	bool mdns, mdns_seen = false;
	struct {
		unsigned int line;
		size_t size;
	} seen[4096];
	struct nvmf_conf conf;
	size_t off = 0;
	int ret;

	if (memfd < 0)
		return;
	if (ftruncate(memfd, 0) || (size && pwrite(memfd, data, size, 0) != (ssize_t)size))
		abort();

	/*
	 * What nvmf_conf_load() should see: the lines, of which one with a NUL
	 * byte or longer than NVMF_CONF_MAX_LINE is bad whatever it holds.
	 */
	while (off < size) {
		const uint8_t *nl = memchr(data + off, '\n', size - off);
		size_t len = nl ? (size_t)(nl - (data + off)) + 1 : size - off;
		size_t text = nl ? len - 1 : len;
		char *line = fuzz_strndup(data + off, len);

		if (memchr(data + off, '\0', text) || text > NVMF_CONF_MAX_LINE) {
			ret = -EINVAL;
			mdns = false;
			++lineno;
		} else {
			ret = one_line(++lineno, line, &mdns);
		}
		/* one --mdns line: a second is a bad line */
		if (ret == 1 && mdns && mdns_seen)
			ret = -EINVAL;
		else if (mdns)
			mdns_seen = true;
		if (ret < 0)
			errors++;
		if (ret == 1 && entries < ARRAY_SIZE(seen)) {
			seen[entries].line = lineno;
			seen[entries].size = strlen(line) + 1;
		}
		if (ret == 1)
			entries++;
		free(line);
		off += len;
	}

	ret = nvmf_conf_load(memfd_path, NULL, &conf);
	if (size > NVMF_CONF_MAX_SIZE) {
		FUZZ_ASSERTF(ret == -EFBIG, "a file of %zu bytes loads: %d", size, ret);
		return;
	}
	if (errors > NVMF_CONF_MAX_ERRORS) {
		FUZZ_ASSERTF(ret == -EINVAL, "a file of %u bad lines loads: %d", errors, ret);
		return;
	}
	FUZZ_ASSERTF(ret == 0, "load returned %d", ret);
	FUZZ_ASSERT(conf.path && !strcmp(conf.path, memfd_path));
	FUZZ_ASSERTF(conf.nr_entries == entries && conf.nr_errors == errors,
		     "load found %zu entries and %u errors, line by line %u and %u",
		     conf.nr_entries, conf.nr_errors, entries, errors);
	for (unsigned int i = 0; i < conf.nr_errors; i++)
		FUZZ_ASSERT(conf.errors[i].line >= 1 && conf.errors[i].line <= lineno &&
			    conf.errors[i].err < 0 && conf.errors[i].message[0]);
	for (size_t i = 0; i < conf.nr_entries; i++) {
		const struct nvmf_conf_entry *e = &conf.entries[i];

		FUZZ_ASSERT(e->line >= 1 && e->line <= lineno);
		if (i < ARRAY_SIZE(seen)) {
			FUZZ_ASSERT(e->line == seen[i].line);
			check_entry(e, seen[i].size);
		}
	}
	nvmf_conf_free(&conf);
	FUZZ_ASSERT(!conf.entries && !conf.nr_entries && !conf.path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	memfd = memfd_create("fuzz-conf", MFD_CLOEXEC);
	if (memfd >= 0)
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_strndup(data, size);
	bool mdns;

	one_line(1, line, &mdns);
	free(line);
	check_file(data, size);
	return 0;
}
