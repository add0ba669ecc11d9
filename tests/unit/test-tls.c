// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TLS PSKs: the interchange format, both derivations, the identity, and
 * putting the PSK into a keyring. The vectors: the older libnvme
 * derivation's were checked byte for byte against the keys nvme-cli 2.13
 * put into the kernel's .nvme keyring; the RFC 8446 ones are what nvme-cli
 * 2.16's check-tls-key --insert put into a keyring (keyctl pipe), with and
 * without --compat, for identity versions 0 and 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fabrics.h"
#include "helpers.h"
#include "kernel.h"
#include "tls.h"
#include "util.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000001"
#define SUBNQN "nqn.2024-01.io.example:tlstest"
/* the configured keys: bytes 00..1f or 00..2f, CRC-32 after them */
#define KEY01 "NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
#define KEY02 "NVMeTLSkey-1:02:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vcSEgBQ==:"
#define KEY00 "NVMeTLSkey-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
#define KEY00_48 "NVMeTLSkey-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vcSEgBQ==:"

struct vector {
	const char *key;
	int version;
	bool compat;
	const char *digest;	/* version 1 */
	const char *psk;	/* hex */
};

static const struct vector vectors[] = {
	{ KEY01, 0, false, NULL, "5d141543fce4d20ac00ad5c009e725f948400780ce27820d7514655e7ba37a67" },
	{ KEY01, 0, true, NULL, "b11de5b38d42b29614d4ecd0389a63217d2155db15da324469fb35ebff195c20" },
	{ KEY01, 1, false, "DW9EtQeks13UtpZlu9e820IuZrbN5UhCPMkuOckruHo=",
	  "2c3c960658389a61421c37a23c89e61a50309065f9b7c414e796f82ffc378ec0" },
	{ KEY01, 1, true, "ECZEEi/KuPEZt4T+rDKuHecISeQKib4UQxZj6rXowio=",
	  "2898faccea4703412ca532e2a5cc0de4b866b7233b9b01c5b3fd1dd88f12f25f" },
	{ KEY02, 0, false, NULL,
	  "5b7afdba513adeee73534a58be4dee1dabf55fb9448e22d32efe9657cc379b7f4c3ca4a1e0a6b6d90ba161b8111e242a" },
	{ KEY02, 0, true, NULL,
	  "23b2ddbb3791b10068057c9f24948a6be5b99ec35d5ba30cc29a914e3ba0d65d40fdbb6685c33b0713b54be2ac7b2050" },
	{ KEY02, 1, false, "ef3QqkjqxgEH+zgwjHxr53ZeGvuScWkVwd7ytqORfdhqfhIRb/k5PuNx2kfMO0Ov",
	  "942d96ed154b5be104759e737c0fac3cf8b9bd7faca10eb66ba4a86f83f88cabdbf2ee5f90ca2f540e3f749afd867d46" },
	{ KEY02, 1, true, "NTHudZ8e7roZggJe21OgKniK9NrKqCSSLDDEKOzOOoTEkbUQRiD8LyG9VpN+Zs6/",
	  "f9abb50eb63f22a89de8bca2d2c7c6135d79d233d08369a602635f6b45a1c62ef18fec5abed544f9310ef2bbe3b296a6" },
	{ KEY00, 0, false, NULL, "9edf22d6985a5d52aaf0d3a67931dde66012e7df0ace234a9d593281c1ecc3e3" },
	{ KEY00, 0, true, NULL, "fdd71be6705a8a937f08ed0eac0abeac50671ba1b99030c1c55c062464b7d425" },
	{ KEY00, 1, false, "cNbjCDNg6BE65NOyKl7jyY3X8Hs2YInLAD57mCkGzOY=",
	  "5cb302bdbd60c2db71912a095c2683f0829c1505de126c884a0f879d6994b972" },
	{ KEY00, 1, true, "cNbjCDNg6BE65NOyKl7jyY3X8Hs2YInLAD57mCkGzOY=",
	  "8b38cb227abad48762e1cb679bf07731ca2c054b612d976a95f76442f4dee206" },
	{ KEY00_48, 0, false, NULL,
	  "fb95e77a416022197fdc5368bd2de8743b2a3cfbf35fc516666f3399d5482e97c90e0cddfe80e92a1006a0035a2e01c1" },
	{ KEY00_48, 1, true, "cwFZA2geDO85PpLjRqHv978h8Bq+LdXFCiP3OQ0oB2vIA2AH4Hx/hYtYLLo3B/at",
	  "b30e8fda54f910e453bd3d7022c2f9789726e22c01e061fa135f7b3f90c30804cb0b8e8d4b5378dec9822de18f51924a" },
};

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
		const struct vector *v = &vectors[i];
		char want_id[512], got[200];
		struct nvmf_tls_psk psk;
		struct nvmf_tls_key k;
		const char *why = NULL;
		int hash;

		assert_int_equal(nvmf_tls_key_parse(v->key, &k, &why), 0);
		hash = k.hash ? k.hash : k.len == 48 ? 2 : 1;
		assert_int_equal(nvmf_tls_derive(&k, HOSTNQN, SUBNQN, v->version, v->compat, &psk), 0);
		if (v->version == 0)
			snprintf(want_id, sizeof(want_id), "NVMe0R%02d " HOSTNQN " " SUBNQN, hash);
		else
			snprintf(want_id, sizeof(want_id), "NVMe1R%02d " HOSTNQN " " SUBNQN " %s", hash, v->digest);
		assert_string_equal(psk.identity, want_id);
		assert_int_equal(psk.len, k.len);
		hex(psk.psk, psk.len, got);
		if (strcmp(got, v->psk))
			fail_msg("vector %zu (%.16s version %d%s): psk %s, want %s", i, v->key + 11,
				 v->version, v->compat ? " compat" : "", got, v->psk);
	}
}

static void test_parse(void **state)
{
	struct nvmf_tls_key k;
	const char *why;

	(void)state;
	assert_int_equal(nvmf_tls_key_parse(KEY01, &k, &why), 0);
	assert_int_equal(k.hash, 1);
	assert_int_equal(k.len, 32);
	for (int i = 0; i < 32; i++)
		assert_int_equal(k.key[i], i);
	assert_int_equal(nvmf_tls_key_parse(KEY02, &k, &why), 0);
	assert_int_equal(k.hash, 2);
	assert_int_equal(k.len, 48);
	assert_int_equal(nvmf_tls_key_parse(KEY00_48, &k, &why), 0);
	assert_int_equal(k.hash, 0);
	assert_int_equal(k.len, 48);
}

static void expect_bad(const char *key, const char *reason)
{
	struct nvmf_tls_key k;
	const char *why = NULL;

	assert_int_equal(nvmf_tls_key_parse(key, &k, &why), -EINVAL);
	assert_non_null(why);
	if (!strstr(why, reason))
		fail_msg("'%s': reason '%s', want '%s'", key, why, reason);
	/* a reason never quotes the key */
	assert_null(strstr(why, "AAEC"));
	for (size_t i = 0; i < sizeof(k); i++)
		assert_int_equal(((unsigned char *)&k)[i], 0);
}

static void test_parse_bad(void **state)
{
	(void)state;
	expect_bad("DHHC-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "interchange form");
	expect_bad("NVMeTLSkey-2:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "version");
	expect_bad("NVMeTLSkey-1:03:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "hash identifier");
	expect_bad("NVMeTLSkey-1:1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "hash identifier");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR", "end in ':'");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:x", "end in ':'");
	/* one character changed: the CRC-32 catches it */
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaS:", "CRC-32");
	expect_bad("NVMeTLSkey-1:01:BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "CRC-32");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+Kfia:", "base64");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+Kfi*R:", "base64");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+Kf=aR:", "base64");
	expect_bad("NVMeTLSkey-1:01::", "neither 32 nor 48");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd:", "neither 32 nor 48");
	expect_bad("NVMeTLSkey-1:02:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:", "02 (SHA-384) takes 48");
	expect_bad("NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vcSEgBQ==:",
		   "01 (SHA-256) takes 32");
}

static void test_serial(void **state)
{
	int serial = 0;

	(void)state;
	assert_int_equal(nvmf_tls_parse_serial("123", &serial), 0);
	assert_int_equal(serial, 123);
	assert_int_equal(nvmf_tls_parse_serial("0x0a9c7961", &serial), 0);
	assert_int_equal(serial, 0x0a9c7961);
	assert_int_equal(nvmf_tls_parse_serial("0X7fffffff", &serial), 0);
	assert_int_equal(serial, 0x7fffffff);
	assert_int_equal(nvmf_tls_parse_serial("0a9c7961", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("0x", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("0x-1", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("0x80000000", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("0", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("-5", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("12a", &serial), -EINVAL);
	assert_int_equal(nvmf_tls_parse_serial("", &serial), -EINVAL);
}

static void test_identity_form(void **state)
{
	(void)state;
	assert_true(nvmf_tls_valid_identity("NVMe0R01 " HOSTNQN " " SUBNQN));
	assert_true(nvmf_tls_valid_identity("NVMe1G02 h s ECZEEi/KuPEZt4T+rDKuHecISeQKib4UQxZj6rXowio="));
	assert_false(nvmf_tls_valid_identity("NVMe2R01 h s"));
	assert_false(nvmf_tls_valid_identity("NVMe1R03 h s"));
	assert_false(nvmf_tls_valid_identity("NVMe1R01"));
	assert_false(nvmf_tls_valid_identity("NVMe1R01 "));
	assert_false(nvmf_tls_valid_identity("NVMe1R01 h\ns"));
	assert_false(nvmf_tls_valid_identity("NVMe1R01 h,s"));
}

/* A kernel with two keyrings and a record of the keys added. */
static struct {
	char type[16], desc[600];
	unsigned char data[64];
	size_t len;
	int keyring;
	int calls;
} added;

static int fake_find_keyring(const char *name)
{
	if (!strcmp(name, ".nvme"))
		return 0x1000;
	if (!strcmp(name, "mine"))
		return 0x2000;
	return -ENOKEY;
}

static int fake_add_key(const char *type, const char *desc, const void *data, size_t len, int keyring)
{
	strlcopy(added.type, type, sizeof(added.type));
	strlcopy(added.desc, desc, sizeof(added.desc));
	assert_true(len <= sizeof(added.data));
	memcpy(added.data, data, len);
	added.len = len;
	added.keyring = keyring;
	added.calls++;
	return 0x0a9c7961;
}

static const struct nvmf_kernel_ops keyring_kernel = {
	.find_keyring = fake_find_keyring,
	.add_key = fake_add_key,
};

static const struct nvmf_kernel_ops *saved_kernel;

static int keyring_setup(void **state)
{
	(void)state;
	memset(&added, 0, sizeof(added));
	saved_kernel = nvmf_kernel;
	nvmf_set_kernel(&keyring_kernel);
	return 0;
}

static int keyring_teardown(void **state)
{
	(void)state;
	nvmf_set_kernel(saved_kernel);
	return 0;
}

static void tls_params(struct nvmf_params *p, const char *key)
{
	nvmf_params_init(p);
	p->transport = "tcp";
	p->traddr = "192.0.2.1";
	p->trsvcid = "4420";
	p->subsysnqn = SUBNQN;
	p->hostnqn = HOSTNQN;
	p->tls_key = key;
}

static void test_prepare_inserts(void **state)
{
	struct nvmf_tls_serials serials;
	struct nvmf_params p, q;
	char got[200], buf[512];

	(void)state;
	tls_params(&p, KEY01);
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_tls_prepare(&p, "connect", &q, &serials), 0);
	assert_string_equal(capture_end(buf, sizeof(buf)), "");
	assert_int_equal(added.calls, 1);
	assert_string_equal(added.type, "psk");
	assert_string_equal(added.desc, "NVMe1R01 " HOSTNQN " " SUBNQN " DW9EtQeks13UtpZlu9e820IuZrbN5UhCPMkuOckruHo=");
	assert_int_equal(added.keyring, 0x1000);
	hex(added.data, added.len, got);
	assert_string_equal(got, vectors[2].psk);
	/* what goes to the kernel: the serial, and TLS */
	assert_string_equal(q.tls_key, "178026849");
	assert_true(q.tls);
	assert_null(q.keyring);
	assert_int_equal(nvmf_build_options(&q, NULL, "connect", buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",tls_key=178026849"));
	assert_non_null(strstr(buf, ",tls"));

	/* --keyring by name, --identity 0, --compat */
	tls_params(&p, KEY01);
	p.keyring = "mine";
	p.tls_identity = 0;
	p.tls_compat = true;
	assert_int_equal(nvmf_tls_prepare(&p, "connect", &q, &serials), 0);
	assert_int_equal(added.keyring, 0x2000);
	assert_string_equal(added.desc, "NVMe0R01 " HOSTNQN " " SUBNQN);
	hex(added.data, added.len, got);
	assert_string_equal(got, vectors[1].psk);
	assert_string_equal(q.keyring, "8192");
	assert_int_equal(nvmf_build_options(&q, NULL, "connect", buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",keyring=8192,tls_key=178026849"));
}

static void test_prepare_identity(void **state)
{
	struct nvmf_tls_serials serials;
	struct nvmf_params p, q;
	char got[200];

	(void)state;
	/* as nvme-cli: a transformed key with an identity is the TLS PSK as it is */
	tls_params(&p, KEY01);
	p.tls_key_identity = "NVMe1R01 h s x=";
	assert_int_equal(nvmf_tls_prepare(&p, "connect", &q, &serials), 0);
	assert_string_equal(added.desc, "NVMe1R01 h s x=");
	hex(added.data, added.len, got);
	assert_string_equal(got, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	assert_null(q.tls_key_identity);
}

static void test_prepare_serials(void **state)
{
	struct nvmf_tls_serials serials;
	struct nvmf_params p, q;
	char buf[512];

	(void)state;
	/* a serial is used as it is: nothing is inserted */
	tls_params(&p, "0x10");
	p.keyring = "0x20";
	assert_int_equal(nvmf_tls_prepare(&p, "connect", &q, &serials), 0);
	assert_int_equal(added.calls, 0);
	assert_int_equal(nvmf_build_options(&q, NULL, "connect", buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, ",keyring=32,tls_key=16,tls"));

	tls_params(&p, KEY01);
	p.keyring = "nosuch";
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_tls_prepare(&p, "connect", &q, &serials), -ENOKEY);
	capture_end(buf, sizeof(buf));
	assert_non_null(strstr(buf, "--keyring 'nosuch': no keyring of that name"));
	assert_int_equal(added.calls, 0);
}

static void test_unresolved_key_never_reaches_kernel(void **state)
{
	struct nvmf_params p;
	char buf[512], err[512];

	(void)state;
	tls_params(&p, KEY01);
	capture_start(STDERR_FILENO);
	assert_int_equal(nvmf_build_options(&p, NULL, "connect", buf, sizeof(buf)), -EINVAL);
	capture_end(err, sizeof(err));
	assert_non_null(strstr(err, "--tls-key is not a serial"));
	assert_null(strstr(err, "AAEC"));
}

static void test_connect_errors(void **state)
{
	struct nvmf_params p;
	char buf[512];
	const char *s;

	(void)state;
	tls_params(&p, NULL);
	assert_null(nvmf_tls_connect_error(&p, -EIO, "nvme nvme0: failed to connect queue: 0 ret=-5",
					   buf, sizeof(buf)));
	s = nvmf_tls_connect_error(&p, -EIO, "nvme_tcp: queue 0: failed to receive icresp, error -104",
				   buf, sizeof(buf));
	assert_non_null(s);
	assert_non_null(strstr(s, "requires TLS"));
	p.tls = true;
	s = nvmf_tls_connect_error(&p, -ENOKEY, "nvme nvme0: no valid PSK found", buf, sizeof(buf));
	assert_non_null(strstr(s, "no TLS PSK for identity 'NVMe<0|1>R<01|02> " HOSTNQN " " SUBNQN "'"));
	assert_non_null(strstr(s, "keyring .nvme"));
	s = nvmf_tls_connect_error(&p, -EIO, "nvme nvme0: queue 0: TLS handshake complete, error -110",
				   buf, sizeof(buf));
	assert_non_null(strstr(s, "handshake failed"));
}

#define TEST(f) cmocka_unit_test(f)
#define KTEST(f) cmocka_unit_test_setup_teardown(f, keyring_setup, keyring_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_vectors),
		TEST(test_parse),
		TEST(test_parse_bad),
		TEST(test_serial),
		TEST(test_identity_form),
		KTEST(test_prepare_inserts),
		KTEST(test_prepare_identity),
		KTEST(test_prepare_serials),
		TEST(test_unresolved_key_never_reaches_kernel),
		TEST(test_connect_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
