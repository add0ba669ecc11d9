// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A fake avahi-daemon for the CLI tests, linked into build/tests/nvmf-fake
 * only, beside the fake kernel. It reads the --sysroot tree:
 *
 *   fake/mdns          one resolved announcement a line:
 *                      NAME IFACE ADDRESS PORT [TXT-RECORD...]
 *                      words split at blanks; \xNN in a word is that byte,
 *                      so a name with a blank or a TXT record with any
 *                      byte can be written. No file: no daemon running.
 *   fake/mdns.log      "browse TIMEOUT" for each browse, as asked
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdns.h"
#include "util.h"

#define MAX_WORDS 32

/* \xNN to its byte, in place; returns the length, which may count NUL bytes. */
static size_t unescape(char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i]; i++) {
		unsigned int byte;

		if (s[i] == '\\' && s[i + 1] == 'x' && sscanf(s + i + 2, "%2x", &byte) == 1) {
			s[o++] = (char)byte;
			i += 3;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

static void log_browse(unsigned int timeout_s)
{
	char path[PATH_MAX];
	FILE *f;

	if (root_path(path, sizeof(path), "/fake/mdns.log") < 0 || !(f = fopen(path, "a")))
		return;
	fprintf(f, "browse %u\n", timeout_s);
	fclose(f);
}

static int fake_browse(unsigned int timeout_s, const char *where,
		       void (*found)(const struct nvmf_mdns_announce *a, void *arg), void *arg)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	FILE *f;

	log_browse(timeout_s);
	if (root_path(path, sizeof(path), "/fake/mdns") < 0 || !(f = fopen(path, "r")))
		return errorf(-ENOTCONN, "%s: cannot reach avahi-daemon: Daemon not running", where);
	while (getline(&line, &cap, f) > 0) {
		struct nvmf_mdns_txt txt[MAX_WORDS];
		char *words[MAX_WORDS + 4];
		size_t lens[MAX_WORDS + 4];
		int n = 0;

		for (char *w = strtok(line, " \t\n"); w && n < MAX_WORDS + 4; w = strtok(NULL, " \t\n"))
			words[n++] = w;
		if (n < 4 || words[0][0] == '#')
			continue;
		for (int i = 0; i < n; i++)
			lens[i] = unescape(words[i]);
		for (int i = 4; i < n; i++)
			txt[i - 4] = (struct nvmf_mdns_txt){ (const unsigned char *)words[i], lens[i] };
		found(&(struct nvmf_mdns_announce){
			.name = words[0], .iface = words[1], .address = words[2],
			.port = (unsigned int)strtoul(words[3], NULL, 10),
			.txt = txt, .nr_txt = n - 4,
		}, arg);
	}
	free(line);
	fclose(f);
	return 0;
}

static const struct nvmf_mdns_ops fake_mdns_ops = {
	.browse = fake_browse,
};

__attribute__((constructor)) static void install_fake_mdns(void)
{
	nvmf_mdns = &fake_mdns_ops;
}
