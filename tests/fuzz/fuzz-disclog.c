// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The discovery log page arrives from the network: any bytes at all.
 * Decode them, render every field as `nvmf discover` would, and check
 * what must hold whatever the target sent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "disclog.h"
#include "fuzz.h"
#include "util.h"

/* Every *_str result: a non-empty printable ASCII string that fits NVMF_STRBUF. */
static void check_str(const char *what, unsigned int v, const char *s)
{
	size_t n;

	FUZZ_ASSERTF(s, "%s(%u) is NULL", what, v);
	n = strnlen(s, NVMF_STRBUF);
	FUZZ_ASSERTF(n > 0 && n < NVMF_STRBUF, "%s(%u) has length %zu", what, v, n);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERTF(s[i] >= 0x20 && s[i] < 0x7f, "%s(%u) has byte 0x%02x", what, v,
			     (unsigned char)s[i]);
}

/* A buffer full of junk, so a function that relies on it being clean shows. */
#define STR(fn, v) \
	do { \
		char buf[NVMF_STRBUF]; \
		memset(buf, 0xa5, sizeof(buf)); \
		check_str(#fn, (v), fn((v), buf)); \
	} while (0)

static void check_all_str(unsigned int v8, unsigned int v16)
{
	const char *t;

	STR(nvmf_trtype_str, v8);
	STR(nvmf_adrfam_str, v8);
	STR(nvmf_subtype_str, v8);
	STR(nvmf_treq_str, v8);
	STR(nvmf_eflags_str, v16);
	STR(nvmf_sectype_str, v8);
	STR(nvmf_qptype_str, v8);
	STR(nvmf_prtype_str, v8);
	STR(nvmf_cms_str, v8);
	t = nvmf_trtype_transport(v8);
	if (t)
		check_str("nvmf_trtype_transport", v8, t);
}

/* Decoded strings are NUL-terminated within their arrays and trimmed of trailing spaces. */
static void check_field(const char *what, const char *s, size_t size, const unsigned char *raw,
			size_t rawlen)
{
	const char *nul = memchr(s, '\0', size);
	size_t n;

	FUZZ_ASSERTF(nul, "%s is not NUL-terminated", what);
	n = nul - s;
	FUZZ_ASSERTF(n <= rawlen, "%s is longer than its field", what);
	FUZZ_ASSERTF(!n || s[n - 1] != ' ', "%s keeps a trailing space", what);
	FUZZ_ASSERTF(!memcmp(s, raw, n), "%s differs from the raw bytes", what);
	FUZZ_ASSERTF(n == rawlen || raw[n] == '\0' || raw[n] == ' ', "%s stops early", what);
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void check_entry(const struct nvmf_disc_entry *e, const unsigned char *raw)
{
	FUZZ_ASSERT(e->trtype == raw[0] && e->adrfam == raw[1] && e->subtype == raw[2] &&
		    e->treq == raw[3]);
	FUZZ_ASSERT(e->portid == le16(raw + 4) && e->cntlid == le16(raw + 6) &&
		    e->asqsz == le16(raw + 8) && e->eflags == le16(raw + 10));
	check_field("trsvcid", e->trsvcid, sizeof(e->trsvcid), raw + 32, 32);
	check_field("subnqn", e->subnqn, sizeof(e->subnqn), raw + 256, 256);
	check_field("traddr", e->traddr, sizeof(e->traddr), raw + 512, 256);

	check_all_str(e->trtype, e->eflags);
	STR(nvmf_adrfam_str, e->adrfam);
	STR(nvmf_subtype_str, e->subtype);
	STR(nvmf_treq_str, e->treq);
	/* both views of the tsas union, whatever the transport */
	STR(nvmf_sectype_str, e->tsas.tcp.sectype);
	STR(nvmf_qptype_str, e->tsas.rdma.qptype);
	STR(nvmf_prtype_str, e->tsas.rdma.prtype);
	STR(nvmf_cms_str, e->tsas.rdma.cms);
	if (e->trtype == NVMF_TRTYPE_TCP)
		FUZZ_ASSERT(e->tsas.tcp.sectype == raw[768]);
	if (e->trtype == NVMF_TRTYPE_RDMA)
		FUZZ_ASSERT(e->tsas.rdma.qptype == raw[768] && e->tsas.rdma.prtype == raw[769] &&
			    e->tsas.rdma.cms == raw[770] && e->tsas.rdma.pkey == le16(raw + 776));
}

static bool all_zero(const unsigned char *p)
{
	for (size_t i = 0; i < NVMF_DISC_ENTRY_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static void check_log(const uint8_t *data, size_t size)
{
	struct nvmf_disc_log log;
	uint64_t numrec, held, bound;
	int ret, check;

	memset(&log, 0x5a, sizeof(log));
	ret = nvmf_disc_log_parse(data, size, &log);
	if (size < NVMF_DISC_HDR_SIZE) {
		FUZZ_ASSERTF(ret == -EINVAL, "parse of %zu bytes returned %d", size, ret);
		FUZZ_ASSERT(log.nr_entries == 0 && !log.entries && !log.raw);
		nvmf_disc_log_free(&log);
		return;
	}
	FUZZ_ASSERTF(ret == 0, "parse of %zu bytes returned %d", size, ret);

	numrec = le64(data + 8);
	held = (size - NVMF_DISC_HDR_SIZE) / NVMF_DISC_ENTRY_SIZE;
	bound = numrec < held ? numrec : held;
	if (bound > NVMF_DISC_MAX_ENTRIES)
		bound = NVMF_DISC_MAX_ENTRIES;

	FUZZ_ASSERT(log.genctr == le64(data) && log.numrec == numrec &&
		    log.recfmt == le16(data + 16));
	FUZZ_ASSERT(log.nr_entries <= log.numrec);
	FUZZ_ASSERT(log.nr_entries <= NVMF_DISC_MAX_ENTRIES);
	FUZZ_ASSERT(log.nr_entries * NVMF_DISC_ENTRY_SIZE + NVMF_DISC_HDR_SIZE <= size);
	/*
	 * min(numrec, whole entries held, the cap), less the all-zero entries
	 * at the end: the kernel's padding of a short log, not entries
	 */
	FUZZ_ASSERTF(log.nr_entries <= bound, "decoded %zu entries of %llu",
		     log.nr_entries, (unsigned long long)bound);
	for (uint64_t i = log.nr_entries; i < bound; i++)
		FUZZ_ASSERTF(all_zero(data + NVMF_DISC_HDR_SIZE + i * NVMF_DISC_ENTRY_SIZE),
			     "entry %llu of %llu is left out but not zero", (unsigned long long)i,
			     (unsigned long long)bound);
	FUZZ_ASSERTF(!log.nr_entries || !all_zero(data + NVMF_DISC_HDR_SIZE +
						   (log.nr_entries - 1) * NVMF_DISC_ENTRY_SIZE),
		     "the last entry decoded is all zero");
	FUZZ_ASSERT(log.nr_entries == 0 || log.entries);
	FUZZ_ASSERT(log.raw_len == size && log.raw && log.raw != data &&
		    !memcmp(log.raw, data, size));

	for (size_t i = 0; i < log.nr_entries; i++)
		check_entry(&log.entries[i], data + NVMF_DISC_HDR_SIZE + i * NVMF_DISC_ENTRY_SIZE);

	check = nvmf_disc_log_check(&log, "fuzz");
	if (log.numrec > NVMF_DISC_MAX_ENTRIES || log.nr_entries < log.numrec)
		FUZZ_ASSERTF(check == -EPROTO, "check of an incomplete log returned %d", check);
	else
		FUZZ_ASSERTF(check == 0, "check of a whole log returned %d", check);

	nvmf_disc_log_free(&log);
	FUZZ_ASSERT(!log.entries && !log.raw && !log.nr_entries);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint64_t numrecs[] = {
		NVMF_DISC_MAX_ENTRIES, NVMF_DISC_MAX_ENTRIES + 1, NVMF_DISC_MAX_ENTRIES + 2, UINT64_MAX,
	};
	unsigned char *big;
	size_t len;

	(void)argc;
	(void)argv;
	fuzz_quiet();

	/* The value-to-name functions take so few values that every one is tried here. */
	for (unsigned int v = 0; v <= 0xffff; v++)
		check_all_str(v & 0xff, v);

	/*
	 * The entry cap needs more than 4 MiB of log, beyond what fuzzing makes:
	 * 4097 tcp entries, then the same with the second half all zero.
	 */
	len = NVMF_DISC_HDR_SIZE + (NVMF_DISC_MAX_ENTRIES + 1) * (size_t)NVMF_DISC_ENTRY_SIZE;
	big = calloc(1, len);
	if (!big)
		abort();
	for (size_t i = 0; i <= NVMF_DISC_MAX_ENTRIES; i++)
		big[NVMF_DISC_HDR_SIZE + i * NVMF_DISC_ENTRY_SIZE] = NVMF_TRTYPE_TCP;
	for (int zero = 0; zero < 2; zero++) {
		if (zero)
			memset(big + len / 2, 0, len - len / 2);
		for (size_t i = 0; i < ARRAY_SIZE(numrecs); i++) {
			for (int b = 0; b < 8; b++)
				big[8 + b] = (unsigned char)(numrecs[i] >> (8 * b));
			check_log(big, len);
			check_log(big, len - 1);
		}
	}
	free(big);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer hands over a heap copy of exactly @size bytes: ASan sees overreads */
	check_log(data, size);
	return 0;
}
