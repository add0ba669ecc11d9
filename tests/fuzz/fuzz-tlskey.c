// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --tls-key's value through nvmf_tls_key_parse() and nvmf_tls_parse_serial():
 * a key that parses re-encodes (zlib's CRC-32, OpenSSL's base64) to a string
 * the parser reads back to the same bytes, derives with both derivations
 * and both identity versions to well-formed identities; a refusal leaves no
 * key byte behind and its reason is one of the parser's fixed sentences.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "fuzz.h"
#include "tls.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000001"
#define SUBNQN "nqn.2024-01.io.example:tlstest"

/* every reason nvmf_tls_key_parse() gives */
static const char *const reasons[] = {
	"is not a PSK in interchange form (NVMeTLSkey-1:HH:<base64>:)",
	"has a format version other than 1 (NVMeTLSkey-1:)",
	"has a hash identifier other than 00, 01 or 02",
	"does not end in ':' after the base64 key",
	"is not valid base64 between the last two ':'",
	"holds a key that is neither 32 nor 48 bytes long",
	"holds a 48-byte key, but hash 01 (SHA-256) takes 32 bytes",
	"holds a 32-byte key, but hash 02 (SHA-384) takes 48 bytes",
	"fails its CRC-32 check: it is mistyped or cut short",
};

static void check_reencoded(const struct nvmf_tls_key *k)
{
	unsigned char raw[NVMF_TLS_KEY_MAX + 4];
	char b64[128], s[160];
	struct nvmf_tls_key again;
	const char *why = NULL;
	uLong crc = crc32(0L, Z_NULL, 0);

	memcpy(raw, k->key, k->len);
	crc = crc32(crc, raw, k->len);
	for (int i = 0; i < 4; i++)
		raw[k->len + i] = (crc >> (8 * i)) & 0xff;
	EVP_EncodeBlock((unsigned char *)b64, raw, (int)k->len + 4);
	snprintf(s, sizeof(s), "NVMeTLSkey-1:%02d:%s:", k->hash, b64);
	FUZZ_ASSERTF(nvmf_tls_key_parse(s, &again, &why) == 0, "re-encoded key refused: %s", why);
	FUZZ_ASSERT(again.len == k->len && again.hash == k->hash && !memcmp(again.key, k->key, k->len));
}

static void check_derived(const struct nvmf_tls_key *k)
{
	for (int version = 0; version <= 1; version++) {
		for (int compat = 0; compat <= 1; compat++) {
			struct nvmf_tls_psk psk;
			int ret = nvmf_tls_derive(k, HOSTNQN, SUBNQN, version, compat, &psk);

			FUZZ_ASSERTF(ret == 0, "derive (version %d, compat %d): %d", version, compat, ret);
			FUZZ_ASSERT(psk.len == k->len);
			FUZZ_ASSERTF(nvmf_tls_valid_identity(psk.identity), "identity '%s'", psk.identity);
			FUZZ_ASSERT(psk.identity[4] == '0' + version);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct nvmf_tls_key k;
	const char *why = NULL;
	int ret, serial;

	memset(&k, 0x5a, sizeof(k));
	ret = nvmf_tls_key_parse(s, &k, &why);
	FUZZ_ASSERTF(ret == 0 || ret == -EINVAL, "returned %d", ret);
	if (ret == 0) {
		FUZZ_ASSERT((k.len == 32 && k.hash != 2) || (k.len == 48 && k.hash != 1));
		FUZZ_ASSERT(k.hash >= 0 && k.hash <= 2);
		FUZZ_ASSERT(nvmf_tls_is_interchange(s));
		check_reencoded(&k);
		check_derived(&k);
	} else {
		FUZZ_ASSERT(why && *why);
		for (size_t i = 0; i < sizeof(k); i++)
			FUZZ_ASSERTF(((unsigned char *)&k)[i] == 0, "key byte %zu left after a refusal", i);
		/* a reason is one of the parser's own sentences: nothing of the input is in it */
		bool known = false;

		for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
			known |= !strcmp(why, reasons[i]);
		FUZZ_ASSERTF(known, "unknown reason '%s'", why);
	}
	/* a serial and an interchange key are told apart */
	if (nvmf_tls_parse_serial(s, &serial) == 0) {
		FUZZ_ASSERT(serial >= 1);
		FUZZ_ASSERT(!nvmf_tls_is_interchange(s));
	}
	free(s);
	return 0;
}
