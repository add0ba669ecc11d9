// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <zlib.h>

#include "tls-key.h"
#include "util.h"

#define INTERCHANGE_PREFIX	"NVMeTLSkey-"
#define CRC_LEN			4

bool nvmf_tls_is_interchange(const char *s)
{
	return !strncmp(s, INTERCHANGE_PREFIX, strlen(INTERCHANGE_PREFIX));
}

static bool is_base64_char(int c)
{
	return isalnum(c) || c == '+' || c == '/';
}

/*
 * Strict base64 of @n characters at @s into @out: only the alphabet, '='
 * padding at the end only. Returns the decoded length or -1.
 */
static int base64_decode(const char *s, size_t n, unsigned char *out, size_t out_len)
{
	size_t chars = 0, pad = 0;
	int len;

	while (chars < n && is_base64_char((unsigned char)s[chars]))
		chars++;
	while (chars + pad < n && s[chars + pad] == '=' && pad < 2)
		pad++;
	if (chars + pad != n || n % 4 || n / 4 * 3 > out_len)
		return -1;
	len = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	return len < 0 ? -1 : len - (int)pad;
}

int nvmf_tls_key_parse(const char *s, struct nvmf_tls_key *k, const char **why)
{
	unsigned char raw[NVMF_TLS_KEY_MAX + CRC_LEN + 3];
	const char *b64, *end;
	uint32_t crc;
	int n, ret = -EINVAL;

	memset(k, 0, sizeof(*k));
	if (!nvmf_tls_is_interchange(s)) {
		*why = "is not a PSK in interchange form (NVMeTLSkey-1:HH:<base64>:)";
		return -EINVAL;
	}
	s += strlen(INTERCHANGE_PREFIX);
	if (strncmp(s, "1:", 2)) {
		*why = "has a format version other than 1 (NVMeTLSkey-1:)";
		return -EINVAL;
	}
	s += 2;
	if (s[0] != '0' || s[1] < '0' || s[1] > '2' || s[2] != ':') {
		*why = "has a hash identifier other than 00, 01 or 02";
		return -EINVAL;
	}
	k->hash = s[1] - '0';
	b64 = s + 3;
	end = strchr(b64, ':');
	if (!end || end[1]) {
		*why = "does not end in ':' after the base64 key";
		goto out;
	}
	n = base64_decode(b64, end - b64, raw, sizeof(raw));
	if (n < 0) {
		*why = "is not valid base64 between the last two ':'";
		goto out;
	}
	n -= CRC_LEN;
	if (n != 32 && n != 48) {
		*why = "holds a key that is neither 32 nor 48 bytes long";
		goto out;
	}
	if ((k->hash == 1 && n != 32) || (k->hash == 2 && n != 48)) {
		*why = k->hash == 1 ? "holds a 48-byte key, but hash 01 (SHA-256) takes 32 bytes" :
				      "holds a 32-byte key, but hash 02 (SHA-384) takes 48 bytes";
		goto out;
	}
	crc = crc32(crc32(0L, Z_NULL, 0), raw, n);
	if (raw[n] != (crc & 0xff) || raw[n + 1] != ((crc >> 8) & 0xff) ||
	    raw[n + 2] != ((crc >> 16) & 0xff) || raw[n + 3] != crc >> 24) {
		*why = "fails its CRC-32 check: it is mistyped or cut short";
		goto out;
	}
	memcpy(k->key, raw, n);
	k->len = n;
	ret = 0;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	if (ret)
		OPENSSL_cleanse(k, sizeof(*k));
	return ret;
}

int nvmf_tls_parse_serial(const char *s, int *serial)
{
	long long v;
	char *end;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		if (!isxdigit((unsigned char)s[2]))
			return -EINVAL;
		errno = 0;
		v = strtol(s + 2, &end, 16);
		if (errno || *end || v < 1 || v > INT32_MAX)
			return -EINVAL;
	} else if (parse_long(s, 1, INT32_MAX, &v) < 0) {
		return -EINVAL;
	}
	*serial = (int)v;
	return 0;
}

/* The hash a derivation uses: the key's own, or for an untransformed key the one its length implies. */
static int key_hash(const struct nvmf_tls_key *k)
{
	if (k->hash)
		return k->hash;
	return k->len == 48 ? 2 : 1;
}

static const char *digest_name(int hash)
{
	return hash == 2 ? "SHA384" : "SHA256";
}

/*
 * HKDF's info for @label and @ctx, @len bytes to be derived. The NVMe/TCP
 * spec means TLS 1.3's HkdfLabel (RFC 8446 7.1): a big-endian length,
 * then label and context each with a length byte. Older libnvme wrote the
 * length in host (little-endian) order and no length bytes; keys made that
 * way are still around, so --compat makes them too.
 */
static int hkdf_info(const char *label, const char *ctx, size_t len, bool compat,
		     unsigned char *info, size_t info_len)
{
	size_t label_len = strlen("tls13 ") + strlen(label), ctx_len = strlen(ctx), pos = 0;

	if (info_len < 4 + label_len + ctx_len)
		return -EINVAL;
	if (compat) {
		info[pos++] = len & 0xff;
		info[pos++] = len >> 8;
	} else {
		if (label_len > 255 || ctx_len > 255)
			return -EINVAL;
		info[pos++] = len >> 8;
		info[pos++] = len & 0xff;
		info[pos++] = label_len;
	}
	memcpy(info + pos, "tls13 ", 6);
	memcpy(info + pos + 6, label, strlen(label));
	pos += label_len;
	if (!compat)
		info[pos++] = ctx_len;
	memcpy(info + pos, ctx, ctx_len);
	return (int)(pos + ctx_len);
}

/* HKDF-Extract (no salt) and HKDF-Expand with @label and @ctx, through OpenSSL's EVP_KDF. */
static int hkdf(int hash, const unsigned char *ikm, size_t ikm_len, const char *label,
		const char *ctx, bool compat, unsigned char *out, size_t out_len)
{
	unsigned char info[4 + 32 + 2 * NVMF_TLS_IDENTITY_MAX];
	OSSL_PARAM params[4];
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	int info_len, ret;

	info_len = hkdf_info(label, ctx, out_len, compat, info, sizeof(info));
	if (info_len < 0)
		return info_len;
	kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_HKDF, NULL);
	kctx = kdf ? EVP_KDF_CTX_new(kdf) : NULL;
	EVP_KDF_free(kdf);
	if (!kctx)
		return -EIO;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)digest_name(hash), 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_len);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, info_len);
	params[3] = OSSL_PARAM_construct_end();
	ret = EVP_KDF_derive(kctx, out, out_len, params) == 1 ? 0 : -EIO;
	EVP_KDF_CTX_free(kctx);
	return ret;
}

/* base64(HMAC(@retained, "<hostnqn> <subnqn> NVMe-over-Fabrics")): identity version 1's digest. */
static int psk_digest(int hash, const unsigned char *retained, size_t len, const char *hostnqn,
		      const char *subnqn, char *out, size_t out_len)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	char msg[2 * NVMF_TLS_IDENTITY_MAX];
	unsigned int mac_len = 0;
	int n;

	n = snprintf(msg, sizeof(msg), "%s %s NVMe-over-Fabrics", hostnqn, subnqn);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -EINVAL;
	if (!HMAC(hash == 2 ? EVP_sha384() : EVP_sha256(), retained, (int)len,
		  (const unsigned char *)msg, n, mac, &mac_len))
		return -EIO;
	if (out_len < (mac_len + 2) / 3 * 4 + 1)
		return -EINVAL;
	EVP_EncodeBlock((unsigned char *)out, mac, (int)mac_len);
	OPENSSL_cleanse(mac, sizeof(mac));
	return 0;
}

int nvmf_tls_derive(const struct nvmf_tls_key *k, const char *hostnqn, const char *subnqn,
		    int version, bool compat, struct nvmf_tls_psk *out)
{
	unsigned char retained[NVMF_TLS_KEY_MAX];
	char digest[96], ctx[128];
	const char *context = out->identity;
	int hash = key_hash(k), n, ret;

	memset(out, 0, sizeof(*out));
	if (strlen(hostnqn) > NVMF_NQN_MAX || strlen(subnqn) > NVMF_NQN_MAX || version < 0 || version > 1)
		return -EINVAL;
	/* an untransformed key is the retained key as it is */
	if (k->hash)
		ret = hkdf(hash, k->key, k->len, "HostNQN", hostnqn, compat, retained, k->len);
	else
		ret = (memcpy(retained, k->key, k->len), 0);
	if (ret)
		goto out;
	if (version == 0) {
		snprintf(out->identity, sizeof(out->identity), "NVMe0R%02d %s %s", hash, hostnqn, subnqn);
	} else {
		ret = psk_digest(hash, retained, k->len, hostnqn, subnqn, digest, sizeof(digest));
		if (ret)
			goto out;
		n = snprintf(out->identity, sizeof(out->identity), "NVMe1R%02d %s %s %s",
			     hash, hostnqn, subnqn, digest);
		if (n < 0 || (size_t)n >= sizeof(out->identity)) {
			ret = -EINVAL;
			goto out;
		}
		snprintf(ctx, sizeof(ctx), "%02d %s", hash, digest);
		context = ctx;
	}
	ret = hkdf(hash, retained, k->len, "nvme-tls-psk", context, compat, out->psk, k->len);
	if (ret == 0)
		out->len = k->len;
out:
	OPENSSL_cleanse(retained, sizeof(retained));
	if (ret)
		OPENSSL_cleanse(out, sizeof(*out));
	return ret;
}

bool nvmf_tls_valid_identity(const char *s)
{
	return strlen(s) < NVMF_TLS_IDENTITY_MAX && !strncmp(s, "NVMe", 4) &&
	       (s[4] == '0' || s[4] == '1') && (s[5] == 'R' || s[5] == 'G') && s[6] == '0' &&
	       (s[7] == '1' || s[7] == '2') && s[8] == ' ' && s[9] && is_clean_value(s, ",");
}
