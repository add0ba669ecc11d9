// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "params.h"
#include "tls-key.h"

/*
 * Everything that can go into the kernel's option string, in the order
 * nvmf_build_options() writes it. The per-transport masks are made of
 * BIT(id), as fabrics.h makes its own of NVMF_OPT_*.
 */
enum param_id {
	P_NQN,
	P_TRANSPORT,
	P_TRADDR,
	P_TRSVCID,
	P_HOST_TRADDR,
	P_HOST_IFACE,
	P_HOSTNQN,
	P_HOSTID,
	P_DISCOVERY,
	P_NR_IO_QUEUES,
	P_NR_WRITE_QUEUES,
	P_NR_POLL_QUEUES,
	P_QUEUE_SIZE,
	P_KEEP_ALIVE_TMO,
	P_RECONNECT_DELAY,
	P_CTRL_LOSS_TMO,
	P_FAST_IO_FAIL_TMO,
	P_TOS,
	P_KEYRING,
	P_TLS_KEY,
	P_DHCHAP_SECRET,
	P_DHCHAP_CTRL_SECRET,
	P_DUPLICATE_CONNECT,
	P_DISABLE_SQFLOW,
	P_HDR_DIGEST,
	P_DATA_DIGEST,
	P_TLS,
	P_CONCAT,
	/* nvmf's own: how an interchange --tls-key becomes the key tls_key names */
	P_TLS_KEY_IDENTITY,
	P_TLS_IDENTITY,
	P_TLS_COMPAT,
	P_COUNT
};

_Static_assert(P_COUNT <= 32, "a transport mask is an unsigned int");

#define BIT(id)	(1u << (id))

enum param_kind { K_STRING, K_SECRET, K_INT, K_FLAG };

struct param {
	const char *token;	/* the kernel's name; NULL for what never goes to the kernel */
	const char *option;	/* the user's name, for messages */
	enum param_kind kind;
	size_t offset;		/* of the value in struct nvmf_params */
	int min, max;		/* K_INT: what the kernel accepts */
};

#define PARAM(id, tok, opt, kind, field, lo, hi) \
	[id] = { tok, opt, kind, offsetof(struct nvmf_params, field), lo, hi }
#define STRING(id, tok, opt, field)	PARAM(id, tok, opt, K_STRING, field, 0, 0)
#define SECRET(id, tok, opt, field)	PARAM(id, tok, opt, K_SECRET, field, 0, 0)
/* its range: NVMF_<range>_MIN to NVMF_<range>_MAX, from params.h */
#define NUMBER(id, tok, opt, field, range) \
	PARAM(id, tok, opt, K_INT, field, NVMF_##range##_MIN, NVMF_##range##_MAX)
#define FLAG(id, tok, opt, field)	PARAM(id, tok, opt, K_FLAG, field, 0, 0)

static const struct param params[P_COUNT] = {
	STRING(P_NQN, "nqn", "--nqn", subsysnqn),
	STRING(P_TRANSPORT, "transport", "--transport", transport),
	STRING(P_TRADDR, "traddr", "--traddr", traddr),
	STRING(P_TRSVCID, "trsvcid", "--trsvcid", trsvcid),
	STRING(P_HOST_TRADDR, "host_traddr", "--host-traddr", host_traddr),
	STRING(P_HOST_IFACE, "host_iface", "--host-iface", host_iface),
	STRING(P_HOSTNQN, "hostnqn", "--hostnqn", hostnqn),
	STRING(P_HOSTID, "hostid", "--hostid", hostid),
	FLAG(P_DISCOVERY, "discovery", "discovery", discovery),
	NUMBER(P_NR_IO_QUEUES, "nr_io_queues", "--nr-io-queues", nr_io_queues, NR_IO_QUEUES),
	NUMBER(P_NR_WRITE_QUEUES, "nr_write_queues", "--nr-write-queues", nr_write_queues, NR_WRITE_QUEUES),
	NUMBER(P_NR_POLL_QUEUES, "nr_poll_queues", "--nr-poll-queues", nr_poll_queues, NR_POLL_QUEUES),
	NUMBER(P_QUEUE_SIZE, "queue_size", "--queue-size", queue_size, QUEUE_SIZE),
	NUMBER(P_KEEP_ALIVE_TMO, "keep_alive_tmo", "--keep-alive-tmo", keep_alive_tmo, KEEP_ALIVE_TMO),
	NUMBER(P_RECONNECT_DELAY, "reconnect_delay", "--reconnect-delay", reconnect_delay, RECONNECT_DELAY),
	NUMBER(P_CTRL_LOSS_TMO, "ctrl_loss_tmo", "--ctrl-loss-tmo", ctrl_loss_tmo, CTRL_LOSS_TMO),
	NUMBER(P_FAST_IO_FAIL_TMO, "fast_io_fail_tmo", "--fast-io-fail-tmo", fast_io_fail_tmo, FAST_IO_FAIL_TMO),
	NUMBER(P_TOS, "tos", "--tos", tos, TOS),
	STRING(P_KEYRING, "keyring", "--keyring", keyring),
	SECRET(P_TLS_KEY, "tls_key", "--tls-key", tls_key),
	SECRET(P_DHCHAP_SECRET, "dhchap_secret", "--dhchap-secret", dhchap_secret),
	SECRET(P_DHCHAP_CTRL_SECRET, "dhchap_ctrl_secret", "--dhchap-ctrl-secret", dhchap_ctrl_secret),
	FLAG(P_DUPLICATE_CONNECT, "duplicate_connect", "--duplicate-connect", duplicate_connect),
	FLAG(P_DISABLE_SQFLOW, "disable_sqflow", "--disable-sqflow", disable_sqflow),
	FLAG(P_HDR_DIGEST, "hdr_digest", "--hdr-digest", hdr_digest),
	FLAG(P_DATA_DIGEST, "data_digest", "--data-digest", data_digest),
	FLAG(P_TLS, "tls", "--tls", tls),
	FLAG(P_CONCAT, "concat", "--concat", concat),
	STRING(P_TLS_KEY_IDENTITY, NULL, "--tls-key-identity", tls_key_identity),
	NUMBER(P_TLS_IDENTITY, NULL, "--identity", tls_identity, TLS_IDENTITY_VERSION),
	FLAG(P_TLS_COMPAT, NULL, "--compat", tls_compat),
};

/* NVMF_REQUIRED_OPTS and NVMF_ALLOWED_OPTS of fabrics.c: the same for every transport. */
#define ALWAYS_REQUIRED	(BIT(P_TRANSPORT) | BIT(P_NQN))
#define ALWAYS_ALLOWED	(BIT(P_QUEUE_SIZE) | BIT(P_NR_IO_QUEUES) | BIT(P_KEEP_ALIVE_TMO) | \
			 BIT(P_HOSTNQN) | BIT(P_HOSTID) | BIT(P_DUPLICATE_CONNECT) | \
			 BIT(P_DISABLE_SQFLOW) | BIT(P_DISCOVERY) | BIT(P_FAST_IO_FAIL_TMO) | \
			 BIT(P_DHCHAP_SECRET) | BIT(P_DHCHAP_CTRL_SECRET))

/* The required_opts and allowed_opts of each transport's nvmf_transport_ops. */
struct transport {
	const char *name;
	unsigned int required;
	unsigned int allowed;
};

static const struct transport transports[] = {
	{
		.name = "tcp",
		.required = BIT(P_TRADDR),
		.allowed = BIT(P_TRSVCID) | BIT(P_RECONNECT_DELAY) | BIT(P_HOST_TRADDR) |
			   BIT(P_CTRL_LOSS_TMO) | BIT(P_HDR_DIGEST) | BIT(P_DATA_DIGEST) |
			   BIT(P_NR_WRITE_QUEUES) | BIT(P_NR_POLL_QUEUES) | BIT(P_TOS) |
			   BIT(P_HOST_IFACE) | BIT(P_TLS) | BIT(P_KEYRING) | BIT(P_TLS_KEY) |
			   BIT(P_CONCAT) | BIT(P_TLS_KEY_IDENTITY) | BIT(P_TLS_IDENTITY) |
			   BIT(P_TLS_COMPAT),
	},
	{
		.name = "rdma",
		.required = BIT(P_TRADDR),
		.allowed = BIT(P_TRSVCID) | BIT(P_RECONNECT_DELAY) | BIT(P_HOST_TRADDR) |
			   BIT(P_CTRL_LOSS_TMO) | BIT(P_NR_WRITE_QUEUES) | BIT(P_NR_POLL_QUEUES) |
			   BIT(P_TOS),
	},
	{
		.name = "fc",
		.required = BIT(P_TRADDR) | BIT(P_HOST_TRADDR),
		.allowed = BIT(P_RECONNECT_DELAY) | BIT(P_CTRL_LOSS_TMO),
	},
	{
		.name = "loop",
		.allowed = BIT(P_TRADDR),
	},
};

static const struct transport *find_transport(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(transports); i++)
		if (!strcmp(transports[i].name, name))
			return &transports[i];
	return NULL;
}

bool nvmf_known_transport(const char *transport)
{
	return transport && find_transport(transport);
}

const char *nvmf_default_trsvcid(const char *transport, bool discovery)
{
	if (!transport)
		return NULL;
	/*
	 * IANA gave NVMe over Fabrics port 4420, and tcp discovery 8009. Left
	 * to itself the kernel uses 8009 for every tcp controller, so an I/O
	 * controller must be given 4420.
	 */
	if (!strcmp(transport, "tcp"))
		return discovery ? NVMF_TCP_DISC_PORT : NVMF_IO_PORT;
	if (!strcmp(transport, "rdma"))
		return NVMF_IO_PORT;
	return NULL;
}

void nvmf_params_init(struct nvmf_params *p)
{
	*p = (struct nvmf_params){
		.queue_size = NVMF_UNSET,
		.nr_io_queues = NVMF_UNSET,
		.nr_write_queues = NVMF_UNSET,
		.nr_poll_queues = NVMF_UNSET,
		.keep_alive_tmo = NVMF_UNSET,
		.reconnect_delay = NVMF_UNSET,
		.ctrl_loss_tmo = NVMF_UNSET,
		.fast_io_fail_tmo = NVMF_UNSET,
		.tos = NVMF_UNSET,
		.tls_identity = NVMF_UNSET,
	};
}

bool nvmf_params_want_tls(const struct nvmf_params *p)
{
	return p->tls || p->tls_key || p->concat;
}

static const char *str_value(const struct nvmf_params *p, enum param_id id)
{
	return *(const char *const *)((const char *)p + params[id].offset);
}

static int int_value(const struct nvmf_params *p, enum param_id id)
{
	return *(const int *)((const char *)p + params[id].offset);
}

static bool flag_value(const struct nvmf_params *p, enum param_id id)
{
	return *(const bool *)((const char *)p + params[id].offset);
}

static bool is_set(const struct nvmf_params *p, enum param_id id)
{
	switch (params[id].kind) {
	case K_STRING:
	case K_SECRET:
		return str_value(p, id) != NULL;
	case K_INT:
		return int_value(p, id) != NVMF_UNSET;
	case K_FLAG:
		return flag_value(p, id);
	}
	return false;
}

static unsigned int params_set(const struct nvmf_params *p)
{
	unsigned int set = 0;

	for (int id = 0; id < P_COUNT; id++)
		if (is_set(p, id))
			set |= BIT(id);
	return set;
}

/* The size of each kind's value in struct nvmf_params. */
static size_t value_size(enum param_kind kind)
{
	switch (kind) {
	case K_STRING:
	case K_SECRET:
		return sizeof(const char *);
	case K_INT:
		return sizeof(int);
	case K_FLAG:
		return sizeof(bool);
	}
	return 0;
}

void nvmf_params_overlay(struct nvmf_params *dst, const struct nvmf_params *src)
{
	for (int id = 0; id < P_COUNT; id++)
		if (is_set(src, id))
			memcpy((char *)dst + params[id].offset, (const char *)src + params[id].offset,
			       value_size(params[id].kind));
}

void nvmf_discovery_params(const struct nvmf_params *line, struct nvmf_params *disc)
{
	*disc = *line;
	disc->discovery = true;
	if (!disc->subsysnqn)
		disc->subsysnqn = NVMF_DISC_NQN;
	if (!disc->trsvcid && disc->transport)
		disc->trsvcid = nvmf_default_trsvcid(disc->transport, true);
	disc->nr_io_queues = NVMF_UNSET;
	disc->nr_write_queues = NVMF_UNSET;
	disc->nr_poll_queues = NVMF_UNSET;
	disc->queue_size = NVMF_UNSET;
	disc->duplicate_connect = false;
}

bool nvmf_valid_nqn(const char *nqn)
{
	size_t len;

	if (!nqn || strncmp(nqn, "nqn.", 4))
		return false;
	len = strlen(nqn);
	return len > 4 && len <= NVMF_NQN_MAX && is_clean_value(nqn, ",=");
}

bool nvmf_valid_uuid(const char *s)
{
	static const char form[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (!s)
		return false;
	for (i = 0; form[i]; i++) {
		if (form[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return s[i] == '\0';
}

static bool is_ipv4(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1;
}

/* "fe80::1%eth0": the scope is an interface name or number, which the kernel resolves */
static bool is_ipv6(const char *s)
{
	char addr[INET6_ADDRSTRLEN];
	struct in6_addr a;
	size_t n = strcspn(s, "%");

	if (n >= sizeof(addr) || (s[n] && !s[n + 1]))
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';
	return inet_pton(AF_INET6, addr, &a) == 1 && (!s[n] || is_clean_value(s + n + 1, ",=% "));
}

bool nvmf_is_ip_address(const char *s)
{
	return is_ipv4(s) || is_ipv6(s);
}

static bool is_base64(int c)
{
	return isalnum(c) || c == '+' || c == '/';
}

/*
 * The NVMe representation of a DH-HMAC-CHAP secret: "DHHC-1:", the hash
 * the key is transformed with (00 none, 01 SHA-256, 02 SHA-384, 03 SHA-512),
 * ':', the base64 of a 32, 48 or 64-byte key followed by its CRC-32, and ':'.
 * The kernel takes the last ':' as optional, and so do we.
 */
static bool valid_dhchap_secret(const char *s)
{
	size_t n = 0, pad = 0, bytes;

	if (strncmp(s, "DHHC-1:0", 8) || s[8] < '0' || s[8] > '3' || s[9] != ':')
		return false;
	s += 10;
	while (is_base64((unsigned char)s[n]))
		n++;
	while (s[n + pad] == '=' && pad < 2)
		pad++;
	if (strcmp(s + n + pad, ":") && strcmp(s + n + pad, ""))
		return false;
	if ((n + pad) % 4)
		return false;
	bytes = (n + pad) / 4 * 3 - pad;
	return bytes == 36 || bytes == 52 || bytes == 68;
}

static bool is_ip_transport(const char *transport)
{
	return !strcmp(transport, "tcp") || !strcmp(transport, "rdma");
}

/* What makes @s fail is_clean_value(@s, ",="), for a message. */
static const char *unclean_part(const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			return "','";
		if (*s == '=')
			return "'='";
		if (iscntrl((unsigned char)*s))
			break;
	}
	return "a control character";
}

static int check_int(const struct nvmf_params *p, enum param_id id, const char *where)
{
	const struct param *par = &params[id];
	int v = int_value(p, id);

	if (v >= par->min && v <= par->max)
		return 0;
	if (par->max == INT_MAX)
		return errorf(-EINVAL, "%s: %s %d is out of range (at least %d)",
			      where, par->option, v, par->min);
	return errorf(-EINVAL, "%s: %s %d is out of range (%d..%d)",
		      where, par->option, v, par->min, par->max);
}

/* A key serial, or a PSK in interchange form that parses: never echoed either way. */
static int check_tls_key(const char *key, const char *where)
{
	struct nvmf_tls_key k;
	const char *why;
	int serial;

	if (nvmf_tls_parse_serial(key, &serial) == 0)
		return 0;
	if (!nvmf_tls_is_interchange(key))
		return errorf(-EINVAL, "%s: --tls-key is neither a key serial (decimal, or hex with 0x) "
			      "nor a PSK in interchange form (NVMeTLSkey-1:HH:<base64>:) (value not shown)", where);
	if (nvmf_tls_key_parse(key, &k, &why) < 0)
		return errorf(-EINVAL, "%s: --tls-key %s (value not shown)", where, why);
	OPENSSL_cleanse(&k, sizeof(k));
	return 0;
}

/* Never echo a secret, not even a malformed one: it may be a real key with a typo. */
static int check_secret(const struct nvmf_params *p, enum param_id id, const char *where)
{
	if (id == P_TLS_KEY)
		return check_tls_key(p->tls_key, where);
	if (valid_dhchap_secret(str_value(p, id)))
		return 0;
	return errorf(-EINVAL, "%s: %s is not of the form DHHC-1:<hash>:<base64 key>: (value not shown)",
		      where, params[id].option);
}

/*
 * The kernel splits the option string at ',' and '\n', so such a byte in a
 * value would start an option of its own: a discovery log entry could smuggle
 * in "nqn.x:y,nr_io_queues=1". '=' and control characters have no business
 * in any of these values either.
 */
static int check_string(const struct nvmf_params *p, enum param_id id, const char *where)
{
	const struct param *par = &params[id];
	const char *v = str_value(p, id);
	char shown[SHOWN_MAX];

	if (!*v)
		return errorf(-EINVAL, "%s: %s is empty", where, par->option);
	if (id == P_TLS_KEY_IDENTITY) {
		/* never in the option string: its base64 digest may well end in '=' */
		if (!nvmf_tls_valid_identity(v))
			return errorf(-EINVAL, "%s: %s '%s' is not a TLS identity "
				      "(NVMe<0|1><R|G><01|02> <hostnqn> <subnqn>[ <digest>])",
				      where, par->option, printable(v, shown, sizeof(shown)));
		return 0;
	}
	if (!is_clean_value(v, ",="))
		return errorf(-EINVAL, "%s: %s '%s' contains %s", where, par->option,
			      printable(v, shown, sizeof(shown)), unclean_part(v));

	switch (id) {
	case P_NQN:
	case P_HOSTNQN:
		if (strlen(v) > NVMF_NQN_MAX)
			return errorf(-EINVAL, "%s: %s is %zu bytes long, more than the %d the kernel takes",
				      where, par->option, strlen(v), NVMF_NQN_MAX);
		/*
		 * A subsystem NQN need not start with "nqn.": the Linux target
		 * names a subsystem after its configfs directory, such as
		 * "nvmet-test", and the host kernel connects to any name. A host
		 * NQN is ours to get right, so it must have the proper form.
		 */
		if (id == P_HOSTNQN && !nvmf_valid_nqn(v))
			return errorf(-EINVAL, "%s: %s '%s' is not an NQN (nqn.yyyy-mm.<reverse domain>:<name>)",
				      where, par->option, printable(v, shown, sizeof(shown)));
		break;
	case P_TRADDR:
	case P_HOST_TRADDR:
		/* host names are resolved before this (nvmf_params_resolve) */
		if (is_ip_transport(p->transport) && !nvmf_is_ip_address(v))
			return errorf(-EINVAL, "%s: %s '%s' is not an IP address", where, par->option,
				      printable(v, shown, sizeof(shown)));
		break;
	case P_TRSVCID:
		/* tcp and rdma take an IP port; the kernel would say "malformed address" */
		if (is_ip_transport(p->transport)) {
			long long port;

			if (parse_long(v, 1, 65535, &port) < 0)
				return errorf(-EINVAL, "%s: %s '%s' is not a port number (1..65535)",
					      where, par->option, printable(v, shown, sizeof(shown)));
		}
		break;
	case P_HOSTID:
		if (!nvmf_valid_uuid(v))
			return errorf(-EINVAL, "%s: %s '%s' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				      where, par->option, printable(v, shown, sizeof(shown)));
		break;
	default:
		break;
	}
	return 0;
}

static int check_value(const struct nvmf_params *p, enum param_id id, const char *where)
{
	switch (params[id].kind) {
	case K_STRING:
		return check_string(p, id, where);
	case K_SECRET:
		return check_secret(p, id, where);
	case K_INT:
		return check_int(p, id, where);
	case K_FLAG:
		break;
	}
	return 0;
}

static int check_transport(const struct nvmf_params *p, const char *where,
			   const struct transport **t)
{
	char shown[SHOWN_MAX];

	if (!p->transport)
		return errorf(-EINVAL, "%s: --transport is required", where);
	*t = find_transport(p->transport);
	if (!*t)
		return errorf(-EINVAL, "%s: --transport '%s' is not one of tcp, rdma, fc or loop",
			      where, printable(p->transport, shown, sizeof(shown)));
	return 0;
}

/*
 * The kernel refuses a request that lacks an option the transport
 * requires, or has one it does not allow.
 */
static int check_options(const struct transport *t, unsigned int set, const char *where)
{
	unsigned int allowed = ALWAYS_REQUIRED | ALWAYS_ALLOWED | t->required | t->allowed;

	if (!(set & BIT(P_NQN)))
		return errorf(-EINVAL, "%s: --nqn is required", where);
	for (int id = 0; id < P_COUNT; id++) {
		if ((t->required & BIT(id)) && !(set & BIT(id)))
			return errorf(-EINVAL, "%s: transport '%s' needs %s",
				      where, t->name, params[id].option);
		if ((set & BIT(id)) && !(allowed & BIT(id)))
			return errorf(-EINVAL, "%s: %s does not apply to transport '%s'",
				      where, params[id].option, t->name);
	}
	return 0;
}

/* The options that say how an interchange --tls-key is inserted need one. */
static int check_tls_import(const struct nvmf_params *p, const char *where)
{
	const char *option = p->tls_key_identity ? "--tls-key-identity" :
			     p->tls_identity != NVMF_UNSET ? "--identity" :
			     p->tls_compat ? "--compat" : NULL;

	if (!option)
		return 0;
	if (!p->tls_key || !nvmf_tls_is_interchange(p->tls_key))
		return errorf(-EINVAL, "%s: %s applies to a --tls-key in interchange form only", where, option);
	if (p->tls_key_identity && p->tls_identity != NVMF_UNSET)
		return errorf(-EINVAL, "%s: --tls-key-identity and --identity exclude each other: "
			      "the identity is given whole", where);
	return 0;
}

/* What fabrics.c and the authentication code check once all options are in. */
static int check_combinations(const struct nvmf_params *p, const char *where)
{
	int ret;

	if (p->dhchap_ctrl_secret && !p->dhchap_secret)
		return errorf(-EINVAL, "%s: --dhchap-ctrl-secret needs --dhchap-secret", where);
	ret = check_tls_import(p, where);
	if (ret)
		return ret;
	if (!p->concat)
		return 0;
	if (!p->dhchap_secret)
		return errorf(-EINVAL, "%s: --concat needs --dhchap-secret", where);
	if (p->tls)
		return errorf(-EINVAL, "%s: --concat and --tls exclude each other: concat sets up TLS itself",
			      where);
	if (p->tls_key)
		return errorf(-EINVAL,
			      "%s: --concat and --tls-key exclude each other: concat derives its own key",
			      where);
	return 0;
}

int nvmf_params_validate(const struct nvmf_params *p, const char *where)
{
	const struct transport *t;
	unsigned int set = params_set(p);
	int ret;

	ret = check_transport(p, where, &t);
	if (ret)
		return ret;
	for (int id = 0; id < P_COUNT; id++) {
		if (set & BIT(id)) {
			ret = check_value(p, id, where);
			if (ret)
				return ret;
		}
	}
	ret = check_options(t, set, where);
	if (ret)
		return ret;
	return check_combinations(p, where);
}

/* The template is "instance=-1,cntlid=-1,transport=%s,...,tls": match names, not prefixes. */
bool nvmf_caps_has(const struct nvmf_caps *caps, const char *token)
{
	size_t len = strlen(token);
	const char *s = caps->tmpl;

	if (!len || !caps->listed)
		return false;
	while (*s) {
		if (strcspn(s, "=,\n") == len && !strncmp(s, token, len))
			return true;
		s += strcspn(s, ",\n");
		s += strspn(s, ",\n");
	}
	return false;
}

const char *nvmf_option_name(const char *token)
{
	for (int id = 0; id < P_COUNT; id++)
		if (params[id].token && !strcmp(params[id].token, token))
			return params[id].option;
	return NULL;
}

static bool should_emit(const struct nvmf_params *p, enum param_id id, const struct nvmf_caps *caps)
{
	if (!params[id].token)
		return false;
	switch (id) {
	case P_TLS:
		/* a key implies TLS, as nvme-cli has it */
		return p->tls || p->tls_key;
	case P_DISCOVERY:
		/*
		 * The kernel knows the well-known NQN for a discovery controller
		 * by itself. The token is nvmf's own: one that the kernel does
		 * not list is left out, as a kernel before it tells discovery
		 * controllers by that NQN alone.
		 */
		return p->discovery && strcmp(p->subsysnqn, NVMF_DISC_NQN) &&
		       (!caps || nvmf_caps_has(caps, "discovery"));
	case P_HOST_IFACE:
		return p->host_iface &&
		       !(p->host_iface_implied && caps && !nvmf_caps_has(caps, "host_iface"));
	case P_NR_WRITE_QUEUES:
	case P_NR_POLL_QUEUES:
		/* 0 is the kernel's default, which it refuses to be told. */
		return is_set(p, id) && int_value(p, id) > 0;
	default:
		return is_set(p, id);
	}
}

int nvmf_caps_check(const struct nvmf_params *p, const struct nvmf_caps *caps, const char *where)
{
	if (!caps->listed)
		return 0;	/* a kernel before 5.17 lists nothing: its own checks decide */
	for (int id = 0; id < P_COUNT; id++)
		if (should_emit(p, id, caps) && !nvmf_caps_has(caps, params[id].token))
			return errorf(-EOPNOTSUPP, "%s: this kernel does not support option '%s'",
				      where, params[id].token);
	return 0;
}

static int append_param(const struct nvmf_params *p, enum param_id id,
			char *buf, size_t len, size_t *pos)
{
	const char *sep = *pos ? "," : "";
	const char *token = params[id].token;

	int serial;

	if (id == P_KEYRING || id == P_TLS_KEY) {
		/* the kernel takes serials only: nvmf_tls_prepare() turns names and keys into them */
		if (nvmf_tls_parse_serial(str_value(p, id), &serial) < 0)
			return -EINVAL;
		return appendf(buf, len, pos, "%s%s=%d", sep, token, serial);
	}
	switch (params[id].kind) {
	case K_STRING:
	case K_SECRET:
		return appendf(buf, len, pos, "%s%s=%s", sep, token, str_value(p, id));
	case K_INT:
		return appendf(buf, len, pos, "%s%s=%d", sep, token, int_value(p, id));
	case K_FLAG:
		return appendf(buf, len, pos, "%s%s", sep, token);
	}
	return 0;
}

/*
 * The string carries the DH-HMAC-CHAP secrets, because the kernel needs
 * them: nvmf must never print it, not even with -v.
 */
int nvmf_build_options(const struct nvmf_params *p, const struct nvmf_caps *caps,
		       const char *where, char *buf, size_t len)
{
	size_t pos = 0;
	int ret;

	ret = nvmf_params_validate(p, where);
	if (ret)
		return ret;
	if (caps) {
		ret = nvmf_caps_check(p, caps, where);
		if (ret)
			return ret;
	}
	if (!len)
		return errorf(-ENOSPC, "%s: no room for the option string", where);
	buf[0] = '\0';
	for (int id = 0; id < P_COUNT; id++) {
		if (!should_emit(p, id, caps))
			continue;
		ret = append_param(p, id, buf, len, &pos);
		if (ret == -EINVAL)
			return errorf(ret, "%s: %s is not a serial: a name or key must be put into "
				      "the keyring first (value not shown)", where, params[id].option);
		if (ret)
			return errorf(-ENOSPC, "%s: the option string does not fit in %zu bytes",
				      where, len);
	}
	return 0;
}
