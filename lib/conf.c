// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "mdns.h"
#include "param-options.h"

#define MAX_WORDS 64

/*
 * Split @buf in place at blanks, up to a word that starts a comment;
 * returns the word count or -E2BIG.
 */
static int split_words(char *buf, char **words, int max)
{
	int n = 0;

	for (char *p = strtok(buf, " \t\r\n"); p && *p != '#'; p = strtok(NULL, " \t\r\n")) {
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
	char where[PATH_MAX + 16], *words[MAX_WORDS];
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
	/* one block, so a caller frees the entry with free(e->buf) */
	e->buf = malloc(strlen(line) + 1 + sizeof(*e->addrs));
	if (!e->buf)
		return -ENOMEM;
	strcpy(e->buf, line);
	e->addrs = (struct nvmf_addrbuf *)(e->buf + strlen(line) + 1);
	n = split_words(e->buf, words, MAX_WORDS);
	if (n == -E2BIG)
		n = errorf(-EINVAL, "%s: more than %d words", where, MAX_WORDS);
	if (n >= 0)
		n = parse_options(n, words, options, where);
	if (n > 0) {
		char shown[SHOWN_MAX];

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
	if (n == 0)
		n = nvmf_params_resolve(&e->params, e->addrs, where);
	if (n == 0 && e->mdns) {
		n = nvmf_mdns_validate(&e->params, where);
	} else if (n == 0) {
		nvmf_discovery_params(&e->params, &disc);
		n = nvmf_params_validate(&disc, where);
	}
	if (n < 0) {
		free(e->buf);
		e->buf = NULL;
		e->addrs = NULL;
		return n;
	}
	return 1;
}

/* Open @path for reading if it is a regular file; never wait on a FIFO. */
static int open_regular(const char *path)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		return err == -ENOENT ? err : errorf(err, "cannot open %s: %s", path, strerror(-err));
	}
	if (fstat(fd, &st) < 0) {
		err = errorf(-errno, "cannot stat %s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		err = errorf(S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL, "%s is not a regular file", path);
	} else if (st.st_size > NVMF_CONF_MAX_SIZE) {
		err = errorf(-EFBIG, "%s is larger than %d bytes", path, NVMF_CONF_MAX_SIZE);
	} else {
		return fd;
	}
	close(fd);
	return err;
}

static int keep_error(struct nvmf_conf *conf, unsigned int line, int err)
{
	struct nvmf_conf_error *grown = grow_array(conf->errors, conf->nr_errors, sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	conf->errors = grown;
	grown[conf->nr_errors].line = line;
	grown[conf->nr_errors].err = err;
	grown[conf->nr_errors].message = strdup(last_error());
	if (!grown[conf->nr_errors].message)
		return -ENOMEM;
	conf->nr_errors++;
	return 0;
}

static int keep_entry(struct nvmf_conf *conf, struct nvmf_conf_entry *e)
{
	struct nvmf_conf_entry *grown = grow_array(conf->entries, conf->nr_entries, sizeof(*grown));

	if (!grown) {
		free(e->buf);
		return -ENOMEM;
	}
	conf->entries = grown;
	conf->entries[conf->nr_entries++] = *e;
	return 0;
}

/*
 * Read one line, without its newline, into @buf of NVMF_CONF_MAX_LINE + 1
 * bytes. Returns its length; a longer line is skipped to its end and gives
 * -E2BIG, one with a NUL byte -EINVAL, the end of the file 0 with *@eof set.
 * *@total counts the bytes read.
 */
static int read_line(FILE *f, char *buf, size_t *total, bool *eof)
{
	size_t len = 0;
	bool nul = false;
	int c;

	while ((c = getc(f)) != EOF) {
		++*total;
		if (c == '\n')
			break;
		if (*total > NVMF_CONF_MAX_SIZE)
			return -EFBIG;
		if (c == '\0')
			nul = true;
		if (len < NVMF_CONF_MAX_LINE + 1)
			buf[len] = c;
		len++;
	}
	*eof = c == EOF && !len;
	if (*total > NVMF_CONF_MAX_SIZE)
		return -EFBIG;
	if (len > NVMF_CONF_MAX_LINE)
		return -E2BIG;
	buf[len] = '\0';
	return nul ? -EINVAL : (int)len;
}

int nvmf_conf_load(const char *path, const struct nvmf_params *defaults, struct nvmf_conf *conf)
{
	char line[NVMF_CONF_MAX_LINE + 1];
	unsigned int lineno = 0, mdns_line = 0;
	size_t total = 0;
	bool eof = false;
	int fd, err = 0;
	FILE *f;

	memset(conf, 0, sizeof(*conf));
	fd = open_regular(path);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "r");
	if (!f) {
		err = -errno;
		close(fd);
		return errorf(err, "cannot read %s: %s", path, strerror(-err));
	}
	conf->path = strdup(path);
	while (!err) {
		struct nvmf_conf_entry e;
		int ret = read_line(f, line, &total, &eof);

		if (eof)
			break;
		lineno++;
		if (ret == -EFBIG)
			err = errorf(ret, "%s is larger than %d bytes", path, NVMF_CONF_MAX_SIZE);
		else if (ret == -E2BIG)
			err = keep_error(conf, lineno, errorf(ret, "%s:%u: line too long", path, lineno));
		else if (ret < 0)
			err = keep_error(conf, lineno, errorf(ret, "%s:%u: the line holds a NUL byte", path, lineno));
		else if ((ret = nvmf_conf_parse_line(path, lineno, line, defaults, &e)) < 0)
			err = keep_error(conf, lineno, ret);
		else if (ret > 0 && e.mdns && mdns_line) {
			free(e.buf);
			err = keep_error(conf, lineno, errorf(-EINVAL, "%s:%u: a second --mdns line; "
							      "line %u has one already", path, lineno, mdns_line));
		} else if (ret > 0) {
			if (e.mdns)
				mdns_line = lineno;
			err = keep_entry(conf, &e);
		}
		if (!err && conf->nr_errors > NVMF_CONF_MAX_ERRORS)
			err = errorf(-EINVAL, "%s:%u: more than %d bad lines; nvmf uses none of the file",
				     path, lineno, NVMF_CONF_MAX_ERRORS);
	}
	if (!err && ferror(f))
		err = errorf(-EIO, "cannot read %s: %s", path, strerror(errno));
	fclose(f);
	if (err == -ENOMEM)
		errorf(err, "%s: out of memory", path);
	if (err)
		nvmf_conf_free(conf);
	return err;
}

void nvmf_conf_free(struct nvmf_conf *conf)
{
	for (size_t i = 0; i < conf->nr_entries; i++)
		free(conf->entries[i].buf);
	free(conf->entries);
	for (unsigned int i = 0; i < conf->nr_errors; i++)
		free(conf->errors[i].message);
	free(conf->errors);
	free(conf->path);
	memset(conf, 0, sizeof(*conf));
}
