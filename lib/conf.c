// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "discovery.h"
#include "mdns.h"

#define MAX_WORDS 64

/* Split @buf in place at blanks; returns the word count or -E2BIG. */
static int split_words(char *buf, char **words, int max)
{
	int n = 0;

	for (char *p = strtok(buf, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
		if (n == max)
			return -E2BIG;
		words[n++] = p;
	}
	return n;
}

static bool is_blank_or_comment(const char *line)
{
	line += strspn(line, " \t\r\n");
	return !*line || *line == '#';
}

/*
 * A --mdns line gives the options for what mDNS finds, which names the
 * controllers itself; the line's own options, before the command line's
 * are added.
 */
static int check_mdns_line(const struct nvmf_conf_entry *e, const char *where)
{
	const struct nvmf_params *p = &e->params;
	const char *named = p->transport ? "--transport" : p->traddr ? "--traddr" :
			    p->trsvcid ? "--trsvcid" : p->subsysnqn ? "--nqn" :
			    p->host_iface ? "--host-iface" : NULL;

	if (!e->mdns && e->mdns_timeout != NVMF_UNSET)
		return errorf(-EINVAL, "%s: --mdns-timeout goes only with --mdns", where);
	if (e->mdns && named)
		return errorf(-EINVAL, "%s: --mdns finds the discovery controllers and what they are; "
			      "%s cannot go with it", where, named);
	return 0;
}

int nvmf_conf_parse_line(const char *path, unsigned int lineno, const char *line,
			 const struct nvmf_params *defaults, struct nvmf_conf_entry *e)
{
	char where[4200], *words[MAX_WORDS];
	struct nvmf_params disc;
	struct option options[] = {
		NVMF_ADDRESS_OPTIONS(&e->params),
		OPT_STRING('n', "nqn", &e->params.subsysnqn, "NQN", "discovery subsystem NQN"),
		NVMF_HOST_OPTIONS(&e->params),
		NVMF_TUNING_OPTIONS(&e->params),
		NVMF_SECURITY_OPTIONS(&e->params),
		OPT_BOOL('p', "persistent", &e->persistent, "keep the discovery controller"),
		OPT_BOOL(0, "mdns", &e->mdns, "the discovery controllers mDNS finds"),
		OPT_INT(0, "mdns-timeout", &e->mdns_timeout, "SEC", 1, NVMF_MDNS_TIMEOUT_MAX, "browse this long"),
		OPT_END(),
	};
	int n;

	memset(e, 0, sizeof(*e));
	nvmf_params_init(&e->params);
	e->mdns_timeout = NVMF_UNSET;
	e->line = lineno;
	if (is_blank_or_comment(line))
		return 0;
	snprintf(where, sizeof(where), "%s:%u", path, lineno);
	e->buf = strdup(line);
	if (!e->buf)
		return -ENOMEM;
	n = split_words(e->buf, words, MAX_WORDS);
	if (n == -E2BIG)
		n = errorf(-EINVAL, "%s: more than %d words", where, MAX_WORDS);
	if (n >= 0)
		n = parse_options(n, words, options, where);
	if (n > 0) {
		char shown[64];

		n = errorf(-EINVAL, "%s: unexpected word '%s'", where, shown_word(words[0], shown, sizeof(shown)));
	}
	if (n == 0)
		n = check_mdns_line(e, where);
	if (n == 0 && defaults) {
		/* the command line's options apply to the line; the line's own win */
		struct nvmf_params line_params = e->params;

		e->params = *defaults;
		nvmf_params_overlay(&e->params, &line_params);
	}
	if (n == 0 && e->mdns) {
		n = nvmf_mdns_validate(&e->params, where);
	} else if (n == 0) {
		nvmf_discovery_params(&e->params, &disc);
		n = nvmf_params_validate(&disc, where);
	}
	if (n < 0) {
		free(e->buf);
		e->buf = NULL;
		return n;
	}
	return 1;
}

int nvmf_conf_load(const char *path, const struct nvmf_params *defaults, struct nvmf_conf *conf)
{
	size_t cap = 0, len = 0;
	unsigned int lineno = 0, mdns_line = 0;
	char *line = NULL;
	int err = 0;
	FILE *f;

	memset(conf, 0, sizeof(*conf));
	f = fopen(path, "re");
	if (!f)
		return -errno;
	conf->path = strdup(path);
	while (getline(&line, &len, f) > 0) {
		struct nvmf_conf_entry e;
		int ret = nvmf_conf_parse_line(path, ++lineno, line, defaults, &e);

		if (ret < 0) {
			conf->nr_errors++;
			continue;
		}
		if (ret == 0)
			continue;
		if (e.mdns && mdns_line) {
			errorf(0, "%s:%u: a second --mdns line; line %u has one already", path, lineno, mdns_line);
			free(e.buf);
			conf->nr_errors++;
			continue;
		}
		if (e.mdns)
			mdns_line = lineno;
		if (conf->nr_entries == cap) {
			struct nvmf_conf_entry *grown;

			cap = cap ? 2 * cap : 8;
			grown = realloc(conf->entries, cap * sizeof(*grown));
			if (!grown) {
				free(e.buf);
				err = -ENOMEM;
				break;
			}
			conf->entries = grown;
		}
		conf->entries[conf->nr_entries++] = e;
	}
	free(line);
	fclose(f);
	if (err)
		nvmf_conf_free(conf);
	return err;
}

void nvmf_conf_free(struct nvmf_conf *conf)
{
	for (size_t i = 0; i < conf->nr_entries; i++)
		free(conf->entries[i].buf);
	free(conf->entries);
	free(conf->path);
	memset(conf, 0, sizeof(*conf));
}
