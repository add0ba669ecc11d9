// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "kernel.h"

static bool env_true(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

/* Host names resolve to nothing, at once: no fuzz input may wait on DNS. */
static int no_name_service(const char *name, char *addr, size_t len)
{
	(void)name;
	(void)addr;
	(void)len;
	return -ENOENT;
}

static struct nvmf_kernel_ops offline_ops;

void fuzz_quiet(void)
{
	FILE *null;

	offline_ops = nvmf_linux_ops;
	offline_ops.resolve = no_name_service;
	nvmf_set_kernel(&offline_ops);

	if (env_true("FUZZ_VERBOSE"))
		return;
	null = fopen("/dev/null", "w");
	if (null)
		stderr = null;
}

/* A target with nothing else to set up takes this one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n < (int)sizeof(msg) - 1)
		msg[n++] = '\n';
	/* fd 2, not the stderr stream fuzz_quiet() may have pointed at /dev/null */
	if (write(STDERR_FILENO, msg, n) < 0)
		;
	abort();
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

bool fuzz_is_clean(const char *s, const char *reject)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f || (*c && strchr(reject, *c)))
			return false;
	return true;
}

/*
 * The kernel's side, written from drivers/nvme/host/fabrics.[ch] and the
 * transports' nvmf_transport_ops rather than from lib/params.c, so the two
 * check each other.
 */
enum kopt_id {
	O_TRANSPORT, O_TRADDR, O_TRSVCID, O_NQN, O_QUEUE_SIZE, O_NR_IO_QUEUES,
	O_RECONNECT_DELAY, O_CTRL_LOSS_TMO, O_KATO, O_HOSTNQN, O_HOST_TRADDR,
	O_HOST_IFACE, O_HOSTID, O_DUP_CONNECT, O_DISABLE_SQFLOW, O_HDR_DIGEST,
	O_DATA_DIGEST, O_NR_WRITE_QUEUES, O_NR_POLL_QUEUES, O_TOS, O_KEYRING,
	O_TLS_KEY, O_FAIL_FAST_TMO, O_DISCOVERY, O_DHCHAP_SECRET,
	O_DHCHAP_CTRL_SECRET, O_TLS, O_CONCAT, O_COUNT
};

#define M(id)	(1ull << (id))

/* KO_SERIAL: a key or keyring serial, which nvmf holds as text (decimal or 0x hex) */
enum kopt_kind { KO_STRING, KO_SECRET, KO_INT, KO_FLAG, KO_SERIAL };

struct kopt {
	const char *name;
	enum kopt_kind kind;
	size_t offset;		/* in struct nvmf_params */
	long min, max;		/* KO_INT: what nvmf_parse_options() accepts */
};

#define KSTR(id, n, f)	[id] = { n, KO_STRING, offsetof(struct nvmf_params, f), 0, 0 }
#define KSEC(id, n, f)	[id] = { n, KO_SECRET, offsetof(struct nvmf_params, f), 0, 0 }
#define KINT(id, n, f, lo, hi) [id] = { n, KO_INT, offsetof(struct nvmf_params, f), lo, hi }
#define KFLAG(id, n, f)	[id] = { n, KO_FLAG, offsetof(struct nvmf_params, f), 0, 0 }
#define KSERIAL(id, n, f) [id] = { n, KO_SERIAL, offsetof(struct nvmf_params, f), 1, INT_MAX }

static const struct kopt kopts[O_COUNT] = {
	KSTR(O_TRANSPORT, "transport", transport),
	KSTR(O_TRADDR, "traddr", traddr),
	KSTR(O_TRSVCID, "trsvcid", trsvcid),
	KSTR(O_NQN, "nqn", subsysnqn),
	KINT(O_QUEUE_SIZE, "queue_size", queue_size, 16, 1024),
	KINT(O_NR_IO_QUEUES, "nr_io_queues", nr_io_queues, 1, INT_MAX),
	KINT(O_RECONNECT_DELAY, "reconnect_delay", reconnect_delay, 1, INT_MAX),
	KINT(O_CTRL_LOSS_TMO, "ctrl_loss_tmo", ctrl_loss_tmo, INT_MIN, INT_MAX),
	KINT(O_KATO, "keep_alive_tmo", keep_alive_tmo, 0, INT_MAX),
	KSTR(O_HOSTNQN, "hostnqn", hostnqn),
	KSTR(O_HOST_TRADDR, "host_traddr", host_traddr),
	KSTR(O_HOST_IFACE, "host_iface", host_iface),
	KSTR(O_HOSTID, "hostid", hostid),
	KFLAG(O_DUP_CONNECT, "duplicate_connect", duplicate_connect),
	KFLAG(O_DISABLE_SQFLOW, "disable_sqflow", disable_sqflow),
	KFLAG(O_HDR_DIGEST, "hdr_digest", hdr_digest),
	KFLAG(O_DATA_DIGEST, "data_digest", data_digest),
	KINT(O_NR_WRITE_QUEUES, "nr_write_queues", nr_write_queues, 0, INT_MAX),
	KINT(O_NR_POLL_QUEUES, "nr_poll_queues", nr_poll_queues, 0, INT_MAX),
	/* above 255 the kernel clamps rather than refuses */
	KINT(O_TOS, "tos", tos, 0, INT_MAX),
	KSERIAL(O_KEYRING, "keyring", keyring),
	KSERIAL(O_TLS_KEY, "tls_key", tls_key),
	KINT(O_FAIL_FAST_TMO, "fast_io_fail_tmo", fast_io_fail_tmo, INT_MIN, INT_MAX),
	KFLAG(O_DISCOVERY, "discovery", discovery),
	KSEC(O_DHCHAP_SECRET, "dhchap_secret", dhchap_secret),
	KSEC(O_DHCHAP_CTRL_SECRET, "dhchap_ctrl_secret", dhchap_ctrl_secret),
	KFLAG(O_TLS, "tls", tls),
	KFLAG(O_CONCAT, "concat", concat),
};

/* NVMF_REQUIRED_OPTS, NVMF_ALLOWED_OPTS */
#define K_REQUIRED	(M(O_TRANSPORT) | M(O_NQN))
#define K_ALLOWED	(M(O_QUEUE_SIZE) | M(O_NR_IO_QUEUES) | M(O_KATO) | M(O_HOSTNQN) | \
			 M(O_HOSTID) | M(O_DUP_CONNECT) | M(O_DISABLE_SQFLOW) | M(O_DISCOVERY) | \
			 M(O_FAIL_FAST_TMO) | M(O_DHCHAP_SECRET) | M(O_DHCHAP_CTRL_SECRET))

static const struct {
	const char *name;
	unsigned long long required, allowed;
} ktransports[] = {
	{ "tcp", M(O_TRADDR),
	  M(O_TRSVCID) | M(O_RECONNECT_DELAY) | M(O_HOST_TRADDR) | M(O_CTRL_LOSS_TMO) |
	  M(O_HDR_DIGEST) | M(O_DATA_DIGEST) | M(O_NR_WRITE_QUEUES) | M(O_NR_POLL_QUEUES) |
	  M(O_TOS) | M(O_HOST_IFACE) | M(O_TLS) | M(O_KEYRING) | M(O_TLS_KEY) | M(O_CONCAT) },
	{ "rdma", M(O_TRADDR),
	  M(O_TRSVCID) | M(O_RECONNECT_DELAY) | M(O_HOST_TRADDR) | M(O_CTRL_LOSS_TMO) |
	  M(O_NR_WRITE_QUEUES) | M(O_NR_POLL_QUEUES) | M(O_TOS) },
	{ "fc", M(O_TRADDR) | M(O_HOST_TRADDR), M(O_RECONNECT_DELAY) | M(O_CTRL_LOSS_TMO) },
	{ "loop", 0, M(O_TRADDR) },
};

static const char *str_field(const struct nvmf_params *p, const struct kopt *k)
{
	return *(const char *const *)((const char *)p + k->offset);
}

static int int_field(const struct nvmf_params *p, const struct kopt *k)
{
	return *(const int *)((const char *)p + k->offset);
}

static bool flag_field(const struct nvmf_params *p, const struct kopt *k)
{
	return *(const bool *)((const char *)p + k->offset);
}

void fuzz_check_params_strings(const struct nvmf_params *p)
{
	for (int id = 0; id < O_COUNT; id++) {
		const struct kopt *k = &kopts[id];
		const char *s;

		if (k->kind != KO_STRING && k->kind != KO_SECRET)
			continue;
		s = str_field(p, k);
		if (!s)
			continue;
		/* DHHC-1 secrets are base64: '=' padding is part of them */
		FUZZ_ASSERTF(fuzz_is_clean(s, k->kind == KO_SECRET ? "," : ",="),
			     "%s value has ',', '=' or a control character", k->name);
		FUZZ_ASSERTF(*s, "%s is empty", k->name);
	}
}

bool fuzz_serial(const char *s, long *v)
{
	char *end;
	int base = 10;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		s += 2;
		base = 16;
	}
	if (!(base == 16 ? isxdigit((unsigned char)*s) : isdigit((unsigned char)*s)))
		return false;
	errno = 0;
	*v = strtol(s, &end, base);
	return !errno && !*end && *v >= 1 && *v <= INT_MAX;
}

/* The token @p should produce for @id (malloc'd), or NULL when it produces none. */
static char *expected_token(const struct nvmf_params *p, int id)
{
	const struct kopt *k = &kopts[id];
	char *tok = NULL;
	int v, n = 0;
	long serial;

	switch (k->kind) {
	case KO_SERIAL:
		if (!str_field(p, k))
			return NULL;
		FUZZ_ASSERTF(fuzz_serial(str_field(p, k), &serial), "%s is no serial, yet built", k->name);
		n = asprintf(&tok, "%s=%ld", k->name, serial);
		break;
	case KO_STRING:
	case KO_SECRET:
		if (!str_field(p, k))
			return NULL;
		n = asprintf(&tok, "%s=%s", k->name, str_field(p, k));
		break;
	case KO_INT:
		v = int_field(p, k);
		if (v == NVMF_UNSET)
			return NULL;
		/* 0 is the kernel's default for these, and it refuses to be told so */
		if ((id == O_NR_WRITE_QUEUES || id == O_NR_POLL_QUEUES) && v <= 0)
			return NULL;
		n = asprintf(&tok, "%s=%d", k->name, v);
		break;
	case KO_FLAG:
		/* a TLS key implies TLS */
		if (!flag_field(p, k) && !(id == O_TLS && p->tls_key))
			return NULL;
		/* the kernel knows the well-known discovery NQN by itself */
		if (id == O_DISCOVERY && p->subsysnqn && !strcmp(p->subsysnqn, NVMF_DISC_NQN))
			return NULL;
		n = asprintf(&tok, "%s", k->name);
		break;
	}
	if (n < 0)
		abort();
	return tok;
}

static bool is_uuid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return s[36] == '\0';
}

static void check_value(int id, const char *v)
{
	const struct kopt *k = &kopts[id];
	char *end;
	long n;

	switch (k->kind) {
	case KO_FLAG:
		fuzz_fail(__FILE__, __LINE__, "flag %s has a value", k->name);
	case KO_SECRET:
		FUZZ_ASSERTF(fuzz_is_clean(v, ","), "%s value has ',' or a control character", k->name);
		FUZZ_ASSERTF(!strncmp(v, "DHHC-1:", 7), "%s is not a DHHC-1 secret", k->name);
		break;
	case KO_STRING:
		FUZZ_ASSERTF(*v, "%s is empty", k->name);
		FUZZ_ASSERTF(fuzz_is_clean(v, ",="), "%s value has '=' or a control character", k->name);
		/* fabrics.c: nqn= and hostnqn= shorter than NVMF_NQN_SIZE (223) */
		if (id == O_NQN || id == O_HOSTNQN)
			FUZZ_ASSERTF(strlen(v) < 223, "%s of %zu bytes", k->name, strlen(v));
		if (id == O_HOSTID)
			FUZZ_ASSERTF(is_uuid(v), "hostid is not a UUID");
		break;
	case KO_INT:
	case KO_SERIAL:
		errno = 0;
		n = strtol(v, &end, 10);
		FUZZ_ASSERTF(*v && !*end && !errno, "%s=%s is not a number", k->name, v);
		FUZZ_ASSERTF(n >= k->min && n <= k->max, "%s=%ld is out of the kernel's range",
			     k->name, n);
		break;
	}
}

void fuzz_check_options(const struct nvmf_params *p, const char *opts)
{
	unsigned long long want = 0, seen = 0, allowed;
	const char *transport = NULL;
	char *expect[O_COUNT];
	const char *tok = opts;
	size_t t;

	for (int id = 0; id < O_COUNT; id++) {
		expect[id] = expected_token(p, id);
		if (expect[id])
			want |= M(id);
	}

	FUZZ_ASSERTF(!strchr(opts, '\n'), "newline in the option string");
	while (*tok) {
		size_t len = strcspn(tok, ","), keylen;
		const char *eq = memchr(tok, '=', len);
		int id;

		FUZZ_ASSERTF(len > 0, "empty token in the option string");
		keylen = eq ? (size_t)(eq - tok) : len;
		for (id = 0; id < O_COUNT; id++)
			if (strlen(kopts[id].name) == keylen && !memcmp(kopts[id].name, tok, keylen))
				break;
		FUZZ_ASSERTF(id < O_COUNT, "token '%.*s' is no kernel option", (int)keylen, tok);
		FUZZ_ASSERTF(!(seen & M(id)), "option %s given twice", kopts[id].name);
		seen |= M(id);
		FUZZ_ASSERTF(want & M(id), "option %s was not asked for", kopts[id].name);
		FUZZ_ASSERTF(strlen(expect[id]) == len && !memcmp(expect[id], tok, len),
			     "option %s: got '%.*s'", kopts[id].name, (int)len, tok);
		if (eq) {
			char *value = strndup(eq + 1, len - keylen - 1);

			if (!value)
				abort();
			check_value(id, value);
			free(value);
		} else {
			FUZZ_ASSERTF(kopts[id].kind == KO_FLAG, "%s without a value", kopts[id].name);
		}
		if (id == O_TRANSPORT)
			transport = p->transport;
		if (!tok[len])
			break;
		tok += len + 1;
		FUZZ_ASSERTF(*tok, "option string ends in ','");
	}
	FUZZ_ASSERTF(seen == want, "options asked for but missing: 0x%llx", want & ~seen);
	for (int id = 0; id < O_COUNT; id++)
		free(expect[id]);

	/* what nvmf_create_ctrl() checks once every option is parsed */
	FUZZ_ASSERTF(transport, "no transport");
	for (t = 0; t < sizeof(ktransports) / sizeof(ktransports[0]); t++)
		if (!strcmp(ktransports[t].name, transport))
			break;
	FUZZ_ASSERTF(t < sizeof(ktransports) / sizeof(ktransports[0]), "unknown transport");
	FUZZ_ASSERTF((seen & K_REQUIRED) == K_REQUIRED, "transport or nqn missing");
	FUZZ_ASSERTF((seen & ktransports[t].required) == ktransports[t].required,
		     "transport %s lacks a required option: 0x%llx", transport,
		     ktransports[t].required & ~seen);
	allowed = K_REQUIRED | K_ALLOWED | ktransports[t].required | ktransports[t].allowed;
	FUZZ_ASSERTF(!(seen & ~allowed), "transport %s refuses options 0x%llx", transport,
		     seen & ~allowed);
}
