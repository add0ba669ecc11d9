/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_CONF_H
#define NVMF_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "address.h"
#include "params.h"

#define NVMF_DISCOVERY_CONF "/etc/nvme/discovery.conf"

/* Bounds on what is read: nvme-cli's line length, and a file far larger than any real one. */
#define NVMF_CONF_MAX_LINE	4096
#define NVMF_CONF_MAX_SIZE	(1024 * 1024)
/* A file with more bad lines than this is not a discovery.conf: none of it is used. */
#define NVMF_CONF_MAX_ERRORS	100

/* One discovery controller from discovery.conf; params point into @buf. */
struct nvmf_conf_entry {
	unsigned int line;
	struct nvmf_params params;
	bool persistent;	/* --persistent on the line */
	bool mdns;		/* --mdns: the options apply to what mDNS finds */
	int mdns_timeout;	/* --mdns-timeout, seconds, or NVMF_UNSET */
	char *buf;			/* the line's words; free() it */
	struct nvmf_addrbuf *addrs;	/* resolved host names, inside @buf */
};

/* A line reported and left out. */
struct nvmf_conf_error {
	unsigned int line;
	int err;
	char *message;		/* as reported, without "nvmf: " */
};

struct nvmf_conf {
	char *path;
	struct nvmf_conf_entry *entries;
	size_t nr_entries;
	struct nvmf_conf_error *errors;
	unsigned int nr_errors;	/* lines reported and left out */
};

/*
 * Read a discovery.conf in nvme-cli's syntax: one discovery controller per
 * line as long options ("--transport tcp" or "--transport=tcp"), '#'
 * comments (a word that starts with '#' begins one), blank lines. A bad
 * line, or one longer than NVMF_CONF_MAX_LINE, is reported as
 * "path:line: ..." naming the bad token, kept in errors and left out; the
 * other lines count.
 * @path is taken as given (the caller applies the root prefix, if any).
 * @defaults, the command line's options (or NULL), apply to every line
 * before it is checked; a line's own options win. One line may say --mdns;
 * a second one is a bad line.
 * Returns 0, or a negative errno when the file cannot be read whole: one
 * that is not a regular file, is larger than NVMF_CONF_MAX_SIZE or has more
 * than NVMF_CONF_MAX_ERRORS bad lines included.
 * That is reported, except -ENOENT, whose meaning is the caller's to say.
 */
int nvmf_conf_load(const char *path, const struct nvmf_params *defaults, struct nvmf_conf *conf);

/*
 * Parse one line into @e: 1 for a discovery controller, 0 for a blank or
 * comment line, a negative errno (reported) for a bad one. Used by
 * nvmf_conf_load and the fuzzer.
 */
int nvmf_conf_parse_line(const char *path, unsigned int lineno, const char *line,
			 const struct nvmf_params *defaults, struct nvmf_conf_entry *e);

void nvmf_conf_free(struct nvmf_conf *conf);

#endif
