// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "kernel.h"
#include "tls.h"

/* --keyring: a serial as it is, a name looked up. */
static int resolve_keyring(const char *keyring, const char *where, int *serial)
{
	char shown[SHOWN_MAX];
	int ret;

	if (nvmf_tls_parse_serial(keyring, serial) == 0)
		return 0;
	ret = nvmf_kernel->find_keyring(keyring);
	if (ret >= 0) {
		*serial = ret;
		return 0;
	}
	if (!strcmp(keyring, NVMF_TLS_KEYRING))
		return errorf(-ENOKEY, "%s: the kernel has no %s keyring: it lacks NVMe/TCP TLS "
			      "(nvme-keyring; Linux 6.7 or later)", where, keyring);
	return errorf(ret == -ENOKEY ? -ENOKEY : ret,
		      "%s: --keyring '%s': no keyring of that name (a serial is decimal or 0x hex)",
		      where, printable(keyring, shown, sizeof(shown)));
}

/* The interchange key of @p, derived (or as it is, with --tls-key-identity) and inserted. */
static int insert_key(const struct nvmf_params *p, int keyring, const char *where, int *serial)
{
	struct nvmf_tls_psk psk;
	struct nvmf_tls_key k;
	const char *why;
	int ret;

	ret = nvmf_tls_key_parse(p->tls_key, &k, &why);
	if (ret)
		return errorf(ret, "%s: --tls-key %s", where, why);
	if (p->tls_key_identity && k.hash) {
		/* as nvme-cli: a transformed key given with its identity is the TLS PSK itself */
		memcpy(psk.psk, k.key, k.len);
		psk.len = k.len;
		strlcopy(psk.identity, p->tls_key_identity, sizeof(psk.identity));
	} else {
		ret = nvmf_tls_derive(&k, p->hostnqn, p->subsysnqn,
				      p->tls_identity == NVMF_UNSET ? 1 : p->tls_identity, p->tls_compat, &psk);
		if (ret) {
			OPENSSL_cleanse(&k, sizeof(k));
			return errorf(ret, "%s: cannot derive the TLS PSK of --tls-key for this host and "
				      "subsystem%s", where, ret == -EINVAL ? " (identity too long)" : "");
		}
	}
	OPENSSL_cleanse(&k, sizeof(k));
	ret = nvmf_kernel->add_key("psk", psk.identity, psk.psk, psk.len, keyring);
	OPENSSL_cleanse(psk.psk, sizeof(psk.psk));
	if (ret < 0)
		return errorf(ret, "%s: cannot put the TLS PSK '%s' into keyring %d: %s",
			      where, psk.identity, keyring, strerror(-ret));
	debugf("%s: TLS PSK '%s' is key %08x", where, psk.identity, ret);
	*serial = ret;
	return 0;
}

int nvmf_tls_prepare(const struct nvmf_params *p, const char *where, struct nvmf_params *out,
		     struct nvmf_tls_serials *buf)
{
	int keyring = 0, serial, ret;

	*out = *p;
	if (p->tls_key)
		out->tls = true;
	if (p->keyring) {
		ret = resolve_keyring(p->keyring, where, &keyring);
		if (ret)
			return ret;
		snprintf(buf->keyring, sizeof(buf->keyring), "%d", keyring);
		out->keyring = buf->keyring;
	}
	if (!p->tls_key || !nvmf_tls_is_interchange(p->tls_key))
		return 0;
	if (!keyring) {
		ret = resolve_keyring(NVMF_TLS_KEYRING, where, &keyring);
		if (ret)
			return ret;
	}
	ret = insert_key(p, keyring, where, &serial);
	if (ret)
		return ret;
	snprintf(buf->key, sizeof(buf->key), "%d", serial);
	out->tls_key = buf->key;
	out->tls_key_identity = NULL;
	out->tls_identity = NVMF_UNSET;
	out->tls_compat = false;
	return 0;
}

const char *nvmf_tls_connect_error(const struct nvmf_params *p, int err, const char *kmsg,
				   char *buf, size_t len)
{
	bool tls = nvmf_params_want_tls(p);

	if (err < 0)
		err = -err;
	if (!tls) {
		/* nvmet's TLS port drops a plain connection before its first reply */
		if (strstr(kmsg, "failed to receive icresp, error -104") || err == ECONNRESET)
			return "the target reset the connection before answering: its port requires TLS; "
			       "connect with --tls";
		return NULL;
	}
	if (err == ENOKEY || strstr(kmsg, "no valid PSK found")) {
		if (p->tls_key)
			snprintf(buf, len, "--tls-key names no usable TLS PSK");
		else
			snprintf(buf, len, "no TLS PSK for identity 'NVMe<0|1>R<01|02> %s %s' in keyring %s: "
				 "insert one, or give --tls-key", p->hostnqn, p->subsysnqn,
				 p->keyring ? p->keyring : NVMF_TLS_KEYRING);
		return buf;
	}
	if (err == ESRCH || strstr(kmsg, "failed to start TLS"))
		return "no TLS handshake daemon answered the kernel: start tlshd (systemctl start tlshd)";
	if (strstr(kmsg, "TLS handshake complete, error") || strstr(kmsg, "handshake"))
		return "the TLS handshake failed: the target has no PSK with this identity and these bytes "
		       "(a wrong key, another --identity, or keys made the older way: --compat)";
	return NULL;
}
