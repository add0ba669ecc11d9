// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "jsonconf.h"

/* Far more than any real configuration; a bound on what is read into memory. */
#define MAX_FILE_SIZE	(4 << 20)

/* Where in the document a check is, for its message. */
struct at {
	const char *file;
	char path[96];		/* "[0].subsystems[1].ports[0]" */
};

static int bad(const struct at *at, const char *key, const char *fmt, ...) PRINTF(3, 4);

/* "FILE: [0].subsystems[1].nqn: what": one line, and -EINVAL. */
static int bad(const struct at *at, const char *key, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!at->path[0] && !key)
		return errorf(-EINVAL, "%s: %s", at->file, what);
	return errorf(-EINVAL, "%s: %s%s%s: %s", at->file, at->path, at->path[0] && key ? "." : "",
		      key ? key : "", what);
}

static const char *type_name(const struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a fraction";
	case json_type_int: return "a number";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "something else";
}

static int want_type(const struct at *at, const char *key, const struct json_object *o,
		     enum json_type type, const char *what)
{
	if (json_object_is_type(o, type))
		return 0;
	return bad(at, key, "must be %s, not %s", what, type_name(o));
}

/* A string value: the port's trsvcid may also be written as a number, as libnvme takes it. */
static int get_string(const struct at *at, const char *key, struct json_object *o, const char **v)
{
	if (!json_object_is_type(o, json_type_string) &&
	    !(json_object_is_type(o, json_type_int) && !strcmp(key, "trsvcid")))
		return want_type(at, key, o, json_type_string, "a string");
	*v = json_object_get_string(o);
	return 0;
}

static int get_bool(const struct at *at, const char *key, struct json_object *o, bool *v)
{
	int ret = want_type(at, key, o, json_type_boolean, "true or false");

	if (ret == 0)
		*v = json_object_get_boolean(o);
	return ret;
}

static int get_int(const struct at *at, const char *key, struct json_object *o, int *v)
{
	int64_t n;
	int ret = want_type(at, key, o, json_type_int, "a whole number");

	if (ret)
		return ret;
	n = json_object_get_int64(o);
	if (n < INT_MIN + 1 || n > INT_MAX)
		return bad(at, key, "%lld is out of range", (long long)n);
	*v = (int)n;
	return 0;
}

struct int_key {
	const char *key;
	size_t offset;
};

#define INT_KEY(k)	{ #k, offsetof(struct nvmf_params, k) }
#define BOOL_KEY(k)	{ #k, offsetof(struct nvmf_params, k) }

static const struct int_key int_keys[] = {
	INT_KEY(nr_io_queues), INT_KEY(nr_write_queues), INT_KEY(nr_poll_queues),
	INT_KEY(queue_size), INT_KEY(keep_alive_tmo), INT_KEY(reconnect_delay),
	INT_KEY(ctrl_loss_tmo), INT_KEY(fast_io_fail_tmo), INT_KEY(tos),
};

static const struct int_key bool_keys[] = {
	BOOL_KEY(duplicate_connect), BOOL_KEY(disable_sqflow), BOOL_KEY(hdr_digest),
	BOOL_KEY(data_digest), BOOL_KEY(tls), BOOL_KEY(concat),
};

static int port_key(const struct at *at, struct nvmf_json_port *jp, const char *key, struct json_object *v)
{
	struct nvmf_params *p = &jp->params;
	bool ignored;

	for (size_t i = 0; i < ARRAY_SIZE(int_keys); i++)
		if (!strcmp(key, int_keys[i].key))
			return get_int(at, key, v, (int *)((char *)p + int_keys[i].offset));
	for (size_t i = 0; i < ARRAY_SIZE(bool_keys); i++)
		if (!strcmp(key, bool_keys[i].key))
			return get_bool(at, key, v, (bool *)((char *)p + bool_keys[i].offset));
	if (!strcmp(key, "transport"))
		return get_string(at, key, v, &p->transport);
	if (!strcmp(key, "traddr"))
		return get_string(at, key, v, &p->traddr);
	if (!strcmp(key, "trsvcid"))
		return get_string(at, key, v, &p->trsvcid);
	if (!strcmp(key, "host_traddr"))
		return get_string(at, key, v, &p->host_traddr);
	if (!strcmp(key, "host_iface"))
		return get_string(at, key, v, &p->host_iface);
	if (!strcmp(key, "dhchap_key"))
		return get_string(at, key, v, &p->dhchap_secret);
	if (!strcmp(key, "dhchap_ctrl_key"))
		return get_string(at, key, v, &p->dhchap_ctrl_secret);
	if (!strcmp(key, "persistent"))
		return get_bool(at, key, v, &jp->persistent);
	/* nvmf discovers through every port anyway */
	if (!strcmp(key, "discovery"))
		return get_bool(at, key, v, &ignored);
	/* as on the command line: a keyring by name or serial, a key by serial or in interchange form */
	if (!strcmp(key, "keyring"))
		return get_string(at, key, v, &p->keyring);
	if (!strcmp(key, "tls_key"))
		return get_string(at, key, v, &p->tls_key);
	if (!strcmp(key, "tls_key_identity"))
		return get_string(at, key, v, &p->tls_key_identity);
	return bad(at, key, "unknown key");
}

/* "[0].subsystems[1]" + ".ports[2]" */
static void sub_path(struct at *sub, const struct at *at, const char *key, size_t i)
{
	int n;

	sub->file = at->file;
	n = snprintf(sub->path, sizeof(sub->path), "%s%s%s[%zu]", at->path, key ? "." : "",
		     key ? key : "", i);
	/* three levels deep, a path cannot fill it; were it to, it ends in "..." */
	if (n < 0 || (size_t)n >= sizeof(sub->path))
		strcpy(sub->path + sizeof(sub->path) - 4, "...");
}

static int parse_port(struct nvmf_json_conf *jc, const struct at *at, struct json_object *o,
		      const struct nvmf_json_host *h, const char *nqn)
{
	struct nvmf_json_port *jp = &jc->ports[jc->nr_ports];
	char where[PATH_MAX + 128];
	struct nvmf_params check;
	int ret;

	memset(jp, 0, sizeof(*jp));
	nvmf_params_init(&jp->params);
	ret = want_type(at, NULL, o, json_type_object, "an object");
	if (ret)
		return ret;
	json_object_object_foreach(o, key, v) {
		ret = port_key(at, jp, key, v);
		if (ret)
			return ret;
	}
	if (!jp->params.transport)
		return bad(at, NULL, "a port needs a \"transport\"");
	jp->params.subsysnqn = nqn;
	jp->params.hostnqn = h->hostnqn;
	jp->params.hostid = h->hostid;
	jp->host = h;
	strlcopy(jp->path, at->path, sizeof(jp->path));
	snprintf(where, sizeof(where), "%s: %s", at->file, at->path);
	ret = nvmf_params_resolve(&jp->params, &jp->addrs, where);
	if (ret)
		return ret;
	/* the connection the port describes must be one the kernel takes */
	check = jp->params;
	if (!check.trsvcid)
		check.trsvcid = nvmf_default_trsvcid(check.transport, !strcmp(nqn, NVMF_DISC_NQN));
	if (!check.dhchap_secret)
		check.dhchap_secret = h->dhchap_key;
	ret = nvmf_params_validate(&check, where);
	if (ret == 0)
		jc->nr_ports++;
	return ret;
}

static int count_ports(struct json_object *root)
{
	size_t n = 0;

	for (size_t i = 0; i < json_object_array_length(root); i++) {
		struct json_object *subs;

		if (!json_object_object_get_ex(json_object_array_get_idx(root, i), "subsystems", &subs) ||
		    !json_object_is_type(subs, json_type_array))
			continue;
		for (size_t j = 0; j < json_object_array_length(subs); j++) {
			struct json_object *ports;

			if (json_object_object_get_ex(json_object_array_get_idx(subs, j), "ports", &ports) &&
			    json_object_is_type(ports, json_type_array))
				n += json_object_array_length(ports);
		}
	}
	return n;
}

static int parse_subsystem(struct nvmf_json_conf *jc, const struct at *at, struct json_object *o,
			   const struct nvmf_json_host *h)
{
	struct json_object *ports = NULL;
	const char *nqn = NULL;
	int ret = want_type(at, NULL, o, json_type_object, "an object");

	if (ret)
		return ret;
	json_object_object_foreach(o, key, v) {
		if (ret)
			break;
		if (!strcmp(key, "nqn"))
			ret = get_string(at, key, v, &nqn);
		else if (!strcmp(key, "ports"))
			ret = want_type(at, key, (ports = v), json_type_array, "an array");
		else if (!strcmp(key, "application"))
			ret = want_type(at, key, v, json_type_string, "a string");
		else
			ret = bad(at, key, "unknown key");
	}
	if (ret)
		return ret;
	if (!nqn)
		return bad(at, NULL, "a subsystem needs an \"nqn\"");
	for (size_t i = 0; ports && i < json_object_array_length(ports); i++) {
		struct at sub;

		sub_path(&sub, at, "ports", i);
		ret = parse_port(jc, &sub, json_object_array_get_idx(ports, i), h, nqn);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_host(struct nvmf_json_conf *jc, const struct at *at, struct json_object *o)
{
	struct nvmf_json_host *h = &jc->hosts[jc->nr_hosts];
	struct json_object *subs = NULL;
	const char *ignored;
	int ret = want_type(at, NULL, o, json_type_object, "an object");

	memset(h, 0, sizeof(*h));
	if (ret)
		return ret;
	json_object_object_foreach(o, key, v) {
		if (ret)
			break;
		if (!strcmp(key, "hostnqn"))
			ret = get_string(at, key, v, &h->hostnqn);
		else if (!strcmp(key, "hostid"))
			ret = get_string(at, key, v, &h->hostid);
		else if (!strcmp(key, "dhchap_key"))
			ret = get_string(at, key, v, &h->dhchap_key);
		else if (!strcmp(key, "persistent_discovery_ctrl"))
			ret = get_bool(at, key, v, &h->pdc);
		/* for registration with a discovery controller, which nvmf does not do */
		else if (!strcmp(key, "hostsymname"))
			ret = get_string(at, key, v, &ignored);
		else if (!strcmp(key, "subsystems"))
			ret = want_type(at, key, (subs = v), json_type_array, "an array");
		else
			ret = bad(at, key, "unknown key");
	}
	if (ret)
		return ret;
	if (!h->hostnqn)
		return bad(at, NULL, "a host needs a \"hostnqn\"");
	if (!nvmf_valid_nqn(h->hostnqn))
		return bad(at, "hostnqn", "'%s' is not an NQN (nqn.yyyy-mm.<reverse domain>:<name>)",
			   h->hostnqn);
	if (h->hostid && !nvmf_valid_uuid(h->hostid))
		return bad(at, "hostid", "'%s' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
			   h->hostid);
	jc->nr_hosts++;
	for (size_t i = 0; subs && i < json_object_array_length(subs); i++) {
		struct at sub;

		sub_path(&sub, at, "subsystems", i);
		ret = parse_subsystem(jc, &sub, json_object_array_get_idx(subs, i), h);
		if (ret)
			return ret;
	}
	return 0;
}

/* "PATH:LINE:COLUMN: JSON syntax error: ..." for the byte at @offset. */
static int syntax_error(const char *path, const char *text, size_t offset, const char *what)
{
	unsigned int line = 1, col = 1;

	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return errorf(-EINVAL, "%s:%u:%u: JSON syntax error: %s", path, line, col, what);
}

bool nvmf_json_conf_sniff(const char *text)
{
	text += strspn(text, " \t\r\n");
	return *text == '[' || *text == '{';
}

int nvmf_json_conf_parse(const char *path, const char *text, size_t len, struct nvmf_json_conf *jc)
{
	struct at at = { .file = path };
	struct json_tokener *tok;
	struct json_object *root;
	size_t end, nports;
	int ret;

	memset(jc, 0, sizeof(*jc));
	if (memchr(text, '\0', len))
		return errorf(-EINVAL, "%s: not a text file (it holds a NUL byte)", path);
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, text, len);
	end = json_tokener_get_parse_end(tok);
	if (!root) {
		enum json_tokener_error err = json_tokener_get_error(tok);

		ret = syntax_error(path, text, end, err == json_tokener_continue ?
				   "the document ends too early" : json_tokener_error_desc(err));
		json_tokener_free(tok);
		return ret;
	}
	json_tokener_free(tok);
	while (end < len && strchr(" \t\r\n", text[end]))
		end++;
	if (end < len) {
		json_object_put(root);
		return syntax_error(path, text, end, "more after the end of the document");
	}
	jc->doc = root;
	jc->path = strdup(path);
	if (!jc->path) {
		nvmf_json_conf_free(jc);
		return -ENOMEM;
	}
	if (!json_object_is_type(root, json_type_array)) {
		ret = bad(&at, NULL, "the document must be an array of hosts, as libnvme reads it, not %s",
			  type_name(root));
		nvmf_json_conf_free(jc);
		return ret;
	}
	nports = count_ports(root);
	jc->hosts = calloc(json_object_array_length(root) + 1, sizeof(*jc->hosts));
	jc->ports = calloc(nports + 1, sizeof(*jc->ports));
	if (!jc->hosts || !jc->ports) {
		nvmf_json_conf_free(jc);
		return -ENOMEM;
	}
	for (size_t i = 0; i < json_object_array_length(root); i++) {
		struct at host;

		sub_path(&host, &at, NULL, i);
		ret = parse_host(jc, &host, json_object_array_get_idx(root, i));
		if (ret) {
			nvmf_json_conf_free(jc);
			return ret;
		}
	}
	return 0;
}

int nvmf_json_conf_load(const char *path, struct nvmf_json_conf *jc)
{
	struct stat st;
	char *text;
	ssize_t n;
	int fd, ret;

	memset(jc, 0, sizeof(*jc));
	/* O_NONBLOCK: a FIFO must not hang the run; it is refused below */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : errorf(-errno, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE_SIZE) {
		close(fd);
		return errorf(-EINVAL, "%s: not a regular file of at most %d bytes", path, MAX_FILE_SIZE);
	}
	text = malloc(st.st_size + 1);
	if (!text) {
		close(fd);
		return -ENOMEM;
	}
	n = read(fd, text, st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(text);
		return errorf(-EIO, "cannot read %s", path);
	}
	text[n] = '\0';
	ret = nvmf_json_conf_parse(path, text, n, jc);
	free(text);
	if (ret == 0 && (st.st_mode & 0044))
		for (size_t i = 0; i < jc->nr_ports; i++)
			if (jc->ports[i].params.dhchap_secret || jc->ports[i].params.dhchap_ctrl_secret ||
			    jc->ports[i].host->dhchap_key) {
				warnf("%s holds DH-HMAC-CHAP secrets and may be read by others (mode %04o)",
				      path, st.st_mode & 07777);
				break;
			}
	return ret;
}

void nvmf_json_conf_free(struct nvmf_json_conf *jc)
{
	if (jc->doc)
		json_object_put(jc->doc);
	free(jc->hosts);
	free(jc->ports);
	free(jc->path);
	memset(jc, 0, sizeof(*jc));
}

const struct nvmf_json_host *nvmf_json_conf_default_host(const struct nvmf_json_conf *jc)
{
	return jc && jc->nr_hosts ? &jc->hosts[0] : NULL;
}

/* A port's address field matches when the port leaves it open or both say the same. */
static bool same(const char *port, const char *conn)
{
	return !port || !conn || !strcmp(port, conn);
}

const struct nvmf_json_port *nvmf_json_conf_apply(const struct nvmf_json_conf *jc, struct nvmf_params *p)
{
	const struct nvmf_json_port *jp = NULL;
	struct nvmf_params settings;

	if (!jc || !p->hostnqn || !p->subsysnqn || !p->transport)
		return NULL;
	for (size_t i = 0; i < jc->nr_ports && !jp; i++) {
		const struct nvmf_params *q = &jc->ports[i].params;

		if (!strcmp(q->hostnqn, p->hostnqn) && !strcmp(q->subsysnqn, p->subsysnqn) &&
		    !strcmp(q->transport, p->transport) && same(q->traddr, p->traddr) &&
		    same(q->trsvcid, p->trsvcid) && same(q->host_traddr, p->host_traddr) &&
		    same(q->host_iface, p->host_iface))
			jp = &jc->ports[i];
	}
	if (!jp)
		return NULL;
	/* what @p sets (the command line, a discovery.conf line) wins, as in libnvme */
	settings = jp->params;
	if (!settings.dhchap_secret)
		settings.dhchap_secret = jp->host->dhchap_key;
	nvmf_params_overlay(&settings, p);
	*p = settings;
	return jp;
}
