// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclog-encode.h"
#include "disclog.h"
#include "kernel.h"
#include "util.h"

#define HDR	NVMF_DISC_HDR_SIZE
#define ENT	NVMF_DISC_ENTRY_SIZE

/* A test's parsed or fetched log and the logs it made: freed by teardown. */
static struct nvmf_disc_log dl;
static unsigned char *made[2];

static int setup(void **state)
{
	(void)state;
	memset(&dl, 0, sizeof(dl));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nvmf_disc_log_free(&dl);
	for (size_t i = 0; i < ARRAY_SIZE(made); i++) {
		free(made[i]);
		made[i] = NULL;
	}
	return 0;
}

/* Junk where the log goes, so a call that fails must be seen to clear it. */
static void poison(void)
{
	nvmf_disc_log_free(&dl);
	memset(&dl, 0xa5, sizeof(dl));
}

/* A zeroed log with room for @room entries, @nr of them from @ents. */
static unsigned char *make_log(uint64_t genctr, uint64_t numrec, const struct disc_entry *ents,
			       size_t nr, size_t room)
{
	unsigned char *buf = disc_log_new(genctr, numrec, ents, nr, room);
	size_t i = 0;

	assert_non_null(buf);
	while (i < ARRAY_SIZE(made) && made[i])
		i++;
	assert_true(i < ARRAY_SIZE(made));
	made[i] = buf;
	return buf;
}

/* @nr entries of @ents, in a log of their own, parsed into dl. */
static void parse_entries(const struct disc_entry *ents, size_t nr)
{
	unsigned char *buf = make_log(1, nr, ents, nr, nr);

	assert_int_equal(nvmf_disc_log_parse(buf, HDR + nr * ENT, &dl), 0);
}

static const struct disc_entry tcp_ents[] = {
	{
		.trtype = NVMF_TRTYPE_TCP, .adrfam = NVMF_ADRFAM_IP4,
		.subtype = NVMF_SUBTYPE_NVME, .treq = 0x04, .portid = 1,
		.cntlid = 0xffff, .asqsz = 32, .trsvcid = "4420",
		.subnqn = "nvmet-test", .traddr = "192.0.2.10", .sectype = 0,
	},
	{
		.trtype = NVMF_TRTYPE_TCP, .adrfam = NVMF_ADRFAM_IP4,
		.subtype = NVMF_SUBTYPE_CURRENT_DISC, .treq = 0x04, .portid = 1,
		.cntlid = 0xffff, .asqsz = 32, .eflags = 0x0003, .trsvcid = "8009",
		.subnqn = "nqn.2014-08.org.nvmexpress.discovery",
		.traddr = "192.0.2.10", .sectype = 0,
	},
};

static void parse_tcp(void **state)
{
	unsigned char *buf = make_log(7, 2, tcp_ents, 2, 2);
	char s[NVMF_STRBUF];
	const struct nvmf_disc_entry *e;

	(void)state;
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + 2 * ENT, &dl), 0);
	assert_int_equal(dl.genctr, 7);
	assert_int_equal(dl.numrec, 2);
	assert_int_equal(dl.recfmt, 0);
	assert_int_equal(dl.nr_entries, 2);

	e = &dl.entries[0];
	assert_int_equal(e->trtype, NVMF_TRTYPE_TCP);
	assert_int_equal(e->adrfam, NVMF_ADRFAM_IP4);
	assert_int_equal(e->subtype, NVMF_SUBTYPE_NVME);
	assert_int_equal(e->treq, 0x04);
	assert_int_equal(e->portid, 1);
	assert_int_equal(e->cntlid, 0xffff);
	assert_int_equal(e->asqsz, 32);
	assert_int_equal(e->eflags, 0);
	assert_string_equal(e->trsvcid, "4420");
	assert_string_equal(e->subnqn, "nvmet-test");
	assert_string_equal(e->traddr, "192.0.2.10");
	assert_int_equal(e->tsas.tcp.sectype, 0);
	assert_string_equal(nvmf_trtype_str(e->trtype, s), "tcp");
	assert_string_equal(nvmf_adrfam_str(e->adrfam, s), "ipv4");
	assert_string_equal(nvmf_subtype_str(e->subtype, s), "nvme subsystem");
	assert_string_equal(nvmf_treq_str(e->treq, s),
			    "not specified, sq flow control disable supported");
	assert_string_equal(nvmf_eflags_str(e->eflags, s), "none");
	assert_string_equal(nvmf_sectype_str(e->tsas.tcp.sectype, s), "none");

	e = &dl.entries[1];
	assert_int_equal(e->subtype, NVMF_SUBTYPE_CURRENT_DISC);
	assert_int_equal(e->eflags, 3);
	assert_string_equal(e->trsvcid, "8009");
	assert_string_equal(e->subnqn, "nqn.2014-08.org.nvmexpress.discovery");
	assert_string_equal(nvmf_subtype_str(e->subtype, s), "current discovery subsystem");
	assert_string_equal(nvmf_eflags_str(e->eflags, s),
			    "explicit discovery connections, duplicate discovery information");
}

/* The multi-byte fields must be read little-endian, from their own offsets. */
static void parse_byte_order(void **state)
{
	const struct disc_entry ents[] = { {
		.trtype = NVMF_TRTYPE_TCP, .portid = 0x1234, .cntlid = 0x5678,
		.asqsz = 0x9abc, .eflags = 0x0102,
	} };
	unsigned char *buf = make_log(0x0102030405060708ull, 1, ents, 1, 1);

	(void)state;
	put_le16(buf + 16, 0x0a0b);
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + ENT, &dl), 0);
	assert_true(dl.genctr == 0x0102030405060708ull);
	assert_int_equal(dl.recfmt, 0x0a0b);
	assert_int_equal(dl.entries[0].portid, 0x1234);
	assert_int_equal(dl.entries[0].cntlid, 0x5678);
	assert_int_equal(dl.entries[0].asqsz, 0x9abc);
	assert_int_equal(dl.entries[0].eflags, 0x0102);
}

static void parse_referral(void **state)
{
	const struct disc_entry ents[] = {
		{ .trtype = NVMF_TRTYPE_TCP, .adrfam = NVMF_ADRFAM_IP4,
		  .subtype = NVMF_SUBTYPE_NVME, .portid = 1, .trsvcid = "4420",
		  .subnqn = "nqn.2014-08.org.example:disk1", .traddr = "192.0.2.10" },
		{ .trtype = NVMF_TRTYPE_TCP, .adrfam = NVMF_ADRFAM_IP6,
		  .subtype = NVMF_SUBTYPE_REFERRAL, .treq = 2, .portid = 2,
		  .trsvcid = "8009", .subnqn = "nqn.2014-08.org.nvmexpress.discovery",
		  .traddr = "2001:db8::20" },
	};
	char s[NVMF_STRBUF];

	(void)state;
	parse_entries(ents, ARRAY_SIZE(ents));
	assert_int_equal(dl.nr_entries, 2);
	assert_string_equal(dl.entries[0].subnqn, "nqn.2014-08.org.example:disk1");
	assert_int_equal(dl.entries[1].subtype, NVMF_SUBTYPE_REFERRAL);
	assert_int_equal(dl.entries[1].portid, 2);
	assert_string_equal(dl.entries[1].traddr, "2001:db8::20");
	assert_string_equal(nvmf_subtype_str(dl.entries[1].subtype, s),
			    "discovery subsystem referral");
	assert_string_equal(nvmf_adrfam_str(dl.entries[1].adrfam, s), "ipv6");
	assert_string_equal(nvmf_treq_str(dl.entries[1].treq, s), "not required");
}

static void parse_rdma(void **state)
{
	const struct disc_entry ents[] = {
		{ .trtype = NVMF_TRTYPE_RDMA, .adrfam = NVMF_ADRFAM_IP4,
		  .subtype = NVMF_SUBTYPE_NVME, .treq = 1, .portid = 3,
		  .trsvcid = "4420", .subnqn = "nqn.2014-08.org.example:rdma1",
		  .traddr = "198.51.100.5", .qptype = 1, .prtype = 4, .cms = 1,
		  .pkey = 0x8001 },
		{ .trtype = NVMF_TRTYPE_RDMA, .adrfam = NVMF_ADRFAM_IB,
		  .subtype = NVMF_SUBTYPE_NVME, .portid = 4, .trsvcid = "4420",
		  .subnqn = "nqn.2014-08.org.example:rdma2",
		  .traddr = "198.51.100.6", .qptype = 2, .prtype = 2, .cms = 1,
		  .pkey = 0xffff },
	};
	char s[NVMF_STRBUF];
	const struct nvmf_disc_entry *e;

	(void)state;
	parse_entries(ents, ARRAY_SIZE(ents));
	e = &dl.entries[0];
	assert_int_equal(e->tsas.rdma.qptype, 1);
	assert_int_equal(e->tsas.rdma.prtype, 4);
	assert_int_equal(e->tsas.rdma.cms, 1);
	assert_int_equal(e->tsas.rdma.pkey, 0x8001);
	assert_string_equal(nvmf_trtype_str(e->trtype, s), "rdma");
	assert_string_equal(nvmf_treq_str(e->treq, s), "required");
	assert_string_equal(nvmf_qptype_str(e->tsas.rdma.qptype, s), "connected");
	assert_string_equal(nvmf_prtype_str(e->tsas.rdma.prtype, s), "roce-v2");
	assert_string_equal(nvmf_cms_str(e->tsas.rdma.cms, s), "rdma-cm");
	e = &dl.entries[1];
	assert_int_equal(e->tsas.rdma.qptype, 2);
	assert_int_equal(e->tsas.rdma.prtype, 2);
	assert_int_equal(e->tsas.rdma.pkey, 0xffff);
	assert_string_equal(nvmf_adrfam_str(e->adrfam, s), "infiniband");
}

static void parse_unknown_values(void **state)
{
	const struct disc_entry ents[] = { {
		.trtype = 9, .adrfam = 7, .subtype = 5, .treq = 0x0c,
		.eflags = 0x0009, .trsvcid = "1", .subnqn = "x", .traddr = "y",
	}, {
		.trtype = NVMF_TRTYPE_TCP, .adrfam = 254, .subtype = 0, .treq = 3,
		.eflags = 0x8000, .sectype = 3,
	} };
	char s[NVMF_STRBUF];
	const struct nvmf_disc_entry *e;

	(void)state;
	parse_entries(ents, ARRAY_SIZE(ents));
	e = &dl.entries[0];
	assert_int_equal(e->trtype, 9);
	assert_int_equal(e->adrfam, 7);
	assert_int_equal(e->subtype, 5);
	assert_string_equal(nvmf_trtype_str(e->trtype, s), "unknown (9)");
	assert_null(nvmf_trtype_transport(e->trtype));
	assert_string_equal(nvmf_adrfam_str(e->adrfam, s), "unknown (7)");
	assert_string_equal(nvmf_subtype_str(e->subtype, s), "unknown (5)");
	assert_string_equal(nvmf_treq_str(e->treq, s),
			    "not specified, sq flow control disable supported, unknown bits 0x08");
	assert_string_equal(nvmf_eflags_str(e->eflags, s),
			    "duplicate discovery information, unknown bits 0x0008");
	e = &dl.entries[1];
	assert_int_equal(e->tsas.tcp.sectype, 3);
	assert_string_equal(nvmf_adrfam_str(e->adrfam, s), "intra-host");
	assert_string_equal(nvmf_subtype_str(e->subtype, s), "unknown (0)");
	assert_string_equal(nvmf_treq_str(e->treq, s), "unknown (3)");
	assert_string_equal(nvmf_eflags_str(e->eflags, s), "unknown bits 0x8000");
	assert_string_equal(nvmf_sectype_str(e->tsas.tcp.sectype, s), "unknown (3)");
}

struct name {
	unsigned int v;
	const char *s;
};

static void check_table(const char *(*fn)(uint8_t, char *), const struct name *names, size_t nr)
{
	char s[NVMF_STRBUF];
	unsigned int v;
	size_t i;

	for (v = 0; v < 256; v++) {
		const char *want = NULL;
		char unk[NVMF_STRBUF];

		for (i = 0; i < nr; i++)
			if (names[i].v == v)
				want = names[i].s;
		if (!want) {
			snprintf(unk, sizeof(unk), "unknown (%u)", v);
			want = unk;
		}
		assert_string_equal(fn((uint8_t)v, s), want);
	}
}

static void str_tables(void **state)
{
	static const struct name trtypes[] = {
		{ 1, "rdma" }, { 2, "fc" }, { 3, "tcp" }, { 254, "loop" },
	};
	static const struct name adrfams[] = {
		{ 0, "pci" }, { 1, "ipv4" }, { 2, "ipv6" }, { 3, "infiniband" },
		{ 4, "fibre-channel" }, { 254, "intra-host" },
	};
	static const struct name subtypes[] = {
		{ 1, "discovery subsystem referral" }, { 2, "nvme subsystem" },
		{ 3, "current discovery subsystem" },
	};
	static const struct name sectypes[] = {
		{ 0, "none" }, { 1, "tls" }, { 2, "tls13" },
	};
	static const struct name qptypes[] = { { 1, "connected" }, { 2, "datagram" } };
	static const struct name prtypes[] = {
		{ 1, "not specified" }, { 2, "infiniband" }, { 3, "roce" },
		{ 4, "roce-v2" }, { 5, "iwarp" },
	};
	static const struct name cms[] = { { 1, "rdma-cm" } };

	(void)state;
	check_table(nvmf_trtype_str, trtypes, ARRAY_SIZE(trtypes));
	check_table(nvmf_adrfam_str, adrfams, ARRAY_SIZE(adrfams));
	check_table(nvmf_subtype_str, subtypes, ARRAY_SIZE(subtypes));
	check_table(nvmf_sectype_str, sectypes, ARRAY_SIZE(sectypes));
	check_table(nvmf_qptype_str, qptypes, ARRAY_SIZE(qptypes));
	check_table(nvmf_prtype_str, prtypes, ARRAY_SIZE(prtypes));
	check_table(nvmf_cms_str, cms, ARRAY_SIZE(cms));
}

static void trtype_transport(void **state)
{
	unsigned int v;

	(void)state;
	assert_string_equal(nvmf_trtype_transport(1), "rdma");
	assert_string_equal(nvmf_trtype_transport(2), "fc");
	assert_string_equal(nvmf_trtype_transport(3), "tcp");
	assert_string_equal(nvmf_trtype_transport(254), "loop");
	for (v = 0; v < 256; v++)
		if (v != 1 && v != 2 && v != 3 && v != 254)
			assert_null(nvmf_trtype_transport((uint8_t)v));
}

static void treq_str(void **state)
{
	static const char *const want[8] = {
		"not specified",
		"required",
		"not required",
		"unknown (3)",
		"not specified, sq flow control disable supported",
		"required, sq flow control disable supported",
		"not required, sq flow control disable supported",
		"unknown (7)",
	};
	char s[NVMF_STRBUF];
	unsigned int v;

	(void)state;
	for (v = 0; v < 8; v++)
		assert_string_equal(nvmf_treq_str((uint8_t)v, s), want[v]);
	assert_string_equal(nvmf_treq_str(0x81, s), "required, unknown bits 0x80");
	assert_string_equal(nvmf_treq_str(0xfe, s),
			    "not required, sq flow control disable supported, unknown bits 0xf8");
	assert_string_equal(nvmf_treq_str(0xff, s), "unknown (255)");
}

static void eflags_str(void **state)
{
	static const char *const want[7] = {
		"none",
		"duplicate discovery information",
		"explicit discovery connections",
		"explicit discovery connections, duplicate discovery information",
		"no cdc connectivity",
		"duplicate discovery information, no cdc connectivity",
		"explicit discovery connections, no cdc connectivity",
	};
	const char *all = "explicit discovery connections, duplicate discovery information, "
			  "no cdc connectivity";
	char s[NVMF_STRBUF];
	const char *r;
	unsigned int v;

	(void)state;
	for (v = 0; v < 7; v++)
		assert_string_equal(nvmf_eflags_str((uint16_t)v, s), want[v]);
	assert_string_equal(nvmf_eflags_str(7, s), all);
	assert_string_equal(nvmf_eflags_str(0x0012, s),
			    "explicit discovery connections, unknown bits 0x0010");
	/* every bit set: the names, then the bits that have none, all in the buffer */
	memset(s, 'X', sizeof(s));
	r = nvmf_eflags_str(0xffff, s);
	assert_ptr_equal(r, s);
	assert_string_equal(r, "explicit discovery connections, duplicate discovery information, "
			       "no cdc connectivity, unknown bits 0xfff8");
}

/* numrec says 2, the data ends half way into the second entry */
static void parse_truncated(void **state)
{
	unsigned char *buf = make_log(1, 2, tcp_ents, 2, 2);

	(void)state;
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + ENT + ENT / 2, &dl), 0);
	assert_int_equal(dl.numrec, 2);
	assert_int_equal(dl.nr_entries, 1);
	assert_string_equal(dl.entries[0].subnqn, "nvmet-test");
	assert_int_equal(dl.raw_len, HDR + ENT + ENT / 2);
}

static void parse_numrec_large(void **state)
{
	unsigned char *buf = make_log(1, 1000, tcp_ents, 2, 2);

	(void)state;
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + 2 * ENT, &dl), 0);
	assert_int_equal(dl.numrec, 1000);
	assert_int_equal(dl.nr_entries, 2);
	assert_string_equal(dl.entries[1].trsvcid, "8009");
}

static void parse_numrec_huge(void **state)
{
	unsigned char *buf = make_log(1, UINT64_MAX, tcp_ents, 2, 2);

	(void)state;
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + 2 * ENT, &dl), 0);
	assert_true(dl.numrec == UINT64_MAX);
	assert_int_equal(dl.nr_entries, 2);
}

static void parse_max_entries(void **state)
{
	size_t room = NVMF_DISC_MAX_ENTRIES + 1;
	unsigned char *buf = make_log(1, room, NULL, 0, room);
	size_t i;

	(void)state;
	for (i = 0; i < room; i++)
		put_le16(buf + HDR + i * ENT + 4, (uint16_t)i);
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + room * ENT, &dl), 0);
	assert_int_equal(dl.numrec, room);
	assert_int_equal(dl.nr_entries, NVMF_DISC_MAX_ENTRIES);
	assert_int_equal(dl.entries[NVMF_DISC_MAX_ENTRIES - 1].portid, NVMF_DISC_MAX_ENTRIES - 1);
}

static void parse_no_nul(void **state)
{
	unsigned char *buf = make_log(1, 1, tcp_ents, 1, 1);
	unsigned char *e = buf + HDR;
	const struct nvmf_disc_entry *d;

	(void)state;
	memset(e + 32, 'S', 32);
	memset(e + 256, 'N', 256);
	memset(e + 512, 'A', 256);
	/* the bytes that follow each field are not part of it */
	e[64] = 'x';
	e[768] = 'x';
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + ENT, &dl), 0);
	d = &dl.entries[0];
	assert_int_equal(strlen(d->trsvcid), 32);
	assert_int_equal(strlen(d->subnqn), 256);
	assert_int_equal(strlen(d->traddr), 256);
	assert_int_equal(strspn(d->trsvcid, "S"), 32);
	assert_int_equal(strspn(d->subnqn, "N"), 256);
	assert_int_equal(strspn(d->traddr, "A"), 256);
}

static void parse_trailing_spaces(void **state)
{
	unsigned char *buf = make_log(1, 1, tcp_ents, 1, 1);
	unsigned char *e = buf + HDR;

	(void)state;
	memset(e + 32, ' ', 32);
	memcpy(e + 32, "4420", 4);
	memset(e + 512, ' ', 256);
	memcpy(e + 512, "192.0.2.10", 10);
	memcpy(e + 256 + 10, "  \0", 3);
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + ENT, &dl), 0);
	assert_string_equal(dl.entries[0].trsvcid, "4420");
	assert_string_equal(dl.entries[0].traddr, "192.0.2.10");
	assert_string_equal(dl.entries[0].subnqn, "nvmet-test");
}

/*
 * Characters that mean something in the kernel's option string survive
 * decoding, for the caller to refuse.
 */
static void parse_hostile_strings(void **state)
{
	const struct disc_entry ents[] = { {
		.trtype = NVMF_TRTYPE_TCP, .subtype = NVMF_SUBTYPE_NVME,
		.subnqn = "nqn.2014-08.org.example:evil,nr_io_queues=1",
		.traddr = "192.0.2.10\ntransport=loop",
	} };

	(void)state;
	parse_entries(ents, ARRAY_SIZE(ents));
	assert_string_equal(dl.entries[0].subnqn, "nqn.2014-08.org.example:evil,nr_io_queues=1");
	assert_string_equal(dl.entries[0].traddr, "192.0.2.10\ntransport=loop");
}

static void parse_short(void **state)
{
	unsigned char buf[HDR] = { 0 };

	(void)state;
	put_le64(buf + 8, 1);
	poison();
	assert_int_equal(nvmf_disc_log_parse(buf, 0, &dl), -EINVAL);
	poison();
	assert_int_equal(nvmf_disc_log_parse(buf, HDR - 1, &dl), -EINVAL);
	assert_null(dl.raw);
	assert_null(dl.entries);
	/* a header alone is a log, whatever numrec says */
	assert_int_equal(nvmf_disc_log_parse(buf, HDR, &dl), 0);
	assert_int_equal(dl.numrec, 1);
	assert_int_equal(dl.nr_entries, 0);
}

static void parse_keeps_copy(void **state)
{
	unsigned char *buf = make_log(5, 2, tcp_ents, 2, 2);
	unsigned char *orig = malloc(HDR + 2 * ENT);

	(void)state;
	assert_non_null(orig);
	memcpy(orig, buf, HDR + 2 * ENT);
	assert_int_equal(nvmf_disc_log_parse(buf, HDR + 2 * ENT, &dl), 0);
	memset(buf, 0xee, HDR + 2 * ENT);
	assert_ptr_not_equal(dl.raw, buf);
	assert_int_equal(dl.raw_len, HDR + 2 * ENT);
	assert_memory_equal(dl.raw, orig, HDR + 2 * ENT);
	assert_string_equal(dl.entries[0].subnqn, "nvmet-test");
	nvmf_disc_log_free(&dl);
	assert_null(dl.raw);
	assert_null(dl.entries);
	assert_int_equal(dl.nr_entries, 0);
	free(orig);
}

/* A fake kernel whose get_log serves a log from memory and records each call. */
#define MAX_CALLS 128

struct call {
	int rae;
	uint64_t offset;
	size_t len;
};

static struct fake {
	unsigned char *logs[2];	/* served in turn: logs[1] from call switch_at on */
	size_t log_len[2];
	unsigned int switch_at;
	bool bump_genctr;	/* genctr goes up after every call */
	unsigned int short_call;	/* 1-based call that comes back short... */
	size_t short_len;	/* ...with this many bytes */
	unsigned int fail_call;	/* 1-based call that fails... */
	int fail_err;		/* ...with this errno */
	unsigned int not_live_calls;	/* the first calls find the controller not live */
	unsigned int nr_calls;
	struct call calls[MAX_CALLS];
	char ctrl[16];
	uint8_t lid;
} fake;

static ssize_t fake_get_log(const char *ctrl, uint8_t lid, int rae, uint64_t offset,
			    void *buf, size_t len)
{
	unsigned int call = ++fake.nr_calls;
	int which = fake.switch_at && call >= fake.switch_at;
	unsigned char *log = fake.logs[which];
	size_t log_len = fake.log_len[which];
	size_t n = 0;

	if (call <= MAX_CALLS)
		fake.calls[call - 1] = (struct call){ rae, offset, len };
	strlcopy(fake.ctrl, ctrl, sizeof(fake.ctrl));
	fake.lid = lid;
	if (call == fake.fail_call)
		return -fake.fail_err;
	if (call <= fake.not_live_calls)
		return -EAGAIN;
	if (offset < log_len)
		n = log_len - offset < len ? log_len - offset : len;
	if (call == fake.short_call && fake.short_len < n)
		n = fake.short_len;
	memcpy(buf, log + offset, n);
	if (fake.bump_genctr)
		log[0]++;
	return (ssize_t)n;
}

static const struct nvmf_kernel_ops fake_ops = {
	.get_log = fake_get_log,
};

static void serve(unsigned char *log, size_t len)
{
	memset(&fake, 0, sizeof(fake));
	fake.logs[0] = log;
	fake.log_len[0] = len;
	nvmf_set_kernel(&fake_ops);
}

static void check_call(unsigned int i, int rae, uint64_t offset, size_t len)
{
	assert_true(i < fake.nr_calls);
	assert_int_equal(fake.calls[i].rae, rae);
	assert_int_equal(fake.calls[i].offset, offset);
	assert_int_equal(fake.calls[i].len, len);
}

/* Entries whose portid is their index, to see each one arrived where it belongs. */
static unsigned char *numbered_log(uint64_t genctr, size_t nr)
{
	unsigned char *buf = make_log(genctr, nr, NULL, 0, nr);
	size_t i;

	for (i = 0; i < nr; i++) {
		unsigned char *e = buf + HDR + i * ENT;

		assert_true(disc_put_entry(e, &tcp_ents[0]));
		put_le16(e + 4, (uint16_t)(i + 100));
	}
	return buf;
}

static void fetch_chunks(void **state)
{
	const size_t nr = 150;
	unsigned char *buf = numbered_log(3, nr);
	size_t i;

	(void)state;
	serve(buf, HDR + nr * ENT);
	assert_int_equal(nvmf_disc_log_fetch("nvme3", "test", &dl), 0);
	assert_string_equal(fake.ctrl, "nvme3");
	assert_int_equal(fake.lid, NVMF_LOG_DISC);
	assert_int_equal(fake.nr_calls, 5);
	check_call(0, 1, 0, HDR);
	check_call(1, 1, HDR, 64 * ENT);
	check_call(2, 1, HDR + 64 * ENT, 64 * ENT);
	check_call(3, 1, HDR + 128 * ENT, 22 * ENT);
	check_call(4, 0, 0, HDR);

	assert_int_equal(dl.genctr, 3);
	assert_int_equal(dl.numrec, nr);
	assert_int_equal(dl.nr_entries, nr);
	for (i = 0; i < nr; i++)
		assert_int_equal(dl.entries[i].portid, i + 100);
	assert_int_equal(dl.raw_len, HDR + nr * ENT);
	assert_memory_equal(dl.raw, buf, HDR + nr * ENT);
}

static void fetch_empty(void **state)
{
	unsigned char *buf = make_log(9, 0, NULL, 0, 0);

	(void)state;
	serve(buf, HDR);
	assert_int_equal(nvmf_disc_log_fetch("nvme0", "test", &dl), 0);
	assert_int_equal(fake.nr_calls, 2);
	check_call(0, 1, 0, HDR);
	check_call(1, 0, 0, HDR);
	assert_int_equal(dl.genctr, 9);
	assert_int_equal(dl.nr_entries, 0);
	assert_int_equal(dl.raw_len, HDR);
}

/* The log changes between reading the entries and the second header: read it all again. */
static void fetch_genctr_changes_once(void **state)
{
	const struct disc_entry changed[] = { {
		.trtype = NVMF_TRTYPE_TCP, .subtype = NVMF_SUBTYPE_NVME,
		.subnqn = "nqn.2014-08.org.example:new", .traddr = "192.0.2.99",
	} };
	unsigned char *before = make_log(1, 2, tcp_ents, 2, 2);
	unsigned char *after = make_log(2, 1, changed, 1, 1);

	(void)state;
	serve(before, HDR + 2 * ENT);
	fake.logs[1] = after;
	fake.log_len[1] = HDR + ENT;
	fake.switch_at = 3;
	assert_int_equal(nvmf_disc_log_fetch("nvme1", "test", &dl), 0);
	assert_int_equal(fake.nr_calls, 6);
	check_call(2, 0, 0, HDR);
	check_call(3, 1, 0, HDR);
	check_call(4, 1, HDR, ENT);
	check_call(5, 0, 0, HDR);
	assert_int_equal(dl.genctr, 2);
	assert_int_equal(dl.numrec, 1);
	assert_int_equal(dl.nr_entries, 1);
	assert_string_equal(dl.entries[0].subnqn, "nqn.2014-08.org.example:new");
	assert_memory_equal(dl.raw, after, HDR + ENT);
}

static void fetch_genctr_always_changes(void **state)
{
	unsigned char *buf = make_log(1, 1, tcp_ents, 1, 1);

	(void)state;
	serve(buf, HDR + ENT);
	fake.bump_genctr = true;
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme2", "test", &dl), -EAGAIN);
	/* the first try and NVMF_DISC_MAX_RETRIES more, three reads each */
	assert_int_equal(fake.nr_calls, 3 * (NVMF_DISC_MAX_RETRIES + 1));
	assert_null(dl.raw);
	assert_null(dl.entries);
}

static void fetch_short_header(void **state)
{
	unsigned char *buf = make_log(1, 2, tcp_ents, 2, 2);

	(void)state;
	serve(buf, HDR + 2 * ENT);
	fake.short_call = 1;
	fake.short_len = 20;
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme4", "test", &dl), -EIO);
	assert_int_equal(fake.nr_calls, 1);
	assert_null(dl.raw);

	/* the second header read is held to the same standard */
	serve(buf, HDR + 2 * ENT);
	fake.short_call = 3;
	fake.short_len = HDR - 1;
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme4", "test", &dl), -EIO);
	assert_int_equal(fake.nr_calls, 3);
}

static void fetch_short_entries(void **state)
{
	const size_t nr = 80;
	unsigned char *buf = numbered_log(1, nr);

	(void)state;
	/* the second chunk (entries 64..79) comes back with one and a half entries */
	serve(buf, HDR + nr * ENT);
	fake.short_call = 3;
	fake.short_len = ENT + ENT / 2;
	assert_int_equal(nvmf_disc_log_fetch("nvme5", "test", &dl), 0);
	assert_int_equal(fake.nr_calls, 4);
	check_call(2, 1, HDR + 64 * ENT, 16 * ENT);
	check_call(3, 0, 0, HDR);
	assert_int_equal(dl.numrec, nr);
	assert_int_equal(dl.nr_entries, 65);
	assert_int_equal(dl.entries[64].portid, 164);
	assert_int_equal(dl.raw_len, HDR + 65 * ENT);
}

/* A header claiming more than nvmf reads: refused before any entry is read. */
static void fetch_numrec_huge(void **state)
{
	unsigned char *buf = numbered_log(1, 2);

	(void)state;
	put_le64(buf + 8, UINT64_MAX);
	serve(buf, HDR + 2 * ENT);
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme6", "test", &dl), -EPROTO);
	assert_int_equal(fake.nr_calls, 1);
	assert_int_equal(fake.calls[0].offset, 0);
	assert_null(dl.entries);
	put_le64(buf + 8, NVMF_DISC_MAX_ENTRIES + 1);
	fake.nr_calls = 0;
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme6", "test", &dl), -EPROTO);
	assert_int_equal(fake.nr_calls, 1);
}

/* The kernel pads a short log with zeros: trailing zero entries are no entries. */
static void fetch_zero_padding(void **state)
{
	unsigned char *buf = numbered_log(1, 2);
	unsigned char *padded = calloc(1, HDR + 5 * ENT);

	(void)state;
	assert_non_null(padded);
	memcpy(padded, buf, HDR + 2 * ENT);
	put_le64(padded + 8, 5);
	serve(padded, HDR + 5 * ENT);
	assert_int_equal(nvmf_disc_log_fetch("nvme6", "test", &dl), 0);
	assert_int_equal(dl.numrec, 5);
	assert_int_equal(dl.nr_entries, 2);
	assert_int_equal(nvmf_disc_log_check(&dl, "test"), -EPROTO);
	free(padded);
}

static void fetch_errno(void **state)
{
	unsigned char *buf = make_log(1, 2, tcp_ents, 2, 2);
	unsigned int call;

	(void)state;
	for (call = 1; call <= 3; call++) {
		serve(buf, HDR + 2 * ENT);
		fake.fail_call = call;
		fake.fail_err = ECONNRESET;
		poison();
		assert_int_equal(nvmf_disc_log_fetch("nvme7", "test", &dl), -ECONNRESET);
		assert_int_equal(fake.nr_calls, call);
		assert_null(dl.raw);
	}
}

/* A controller the kernel is reconnecting is waited for, then read whole. */
static void fetch_waits_for_live(void **state)
{
	unsigned char *buf = make_log(1, 2, tcp_ents, 2, 2);

	(void)state;
	serve(buf, HDR + 2 * ENT);
	fake.not_live_calls = 2;
	nvmf_disc_not_live_wait_ms = 1000;
	assert_int_equal(nvmf_disc_log_fetch("nvme8", "test", &dl), 0);
	assert_int_equal(fake.nr_calls, 2 + 3);
	check_call(2, 1, 0, HDR);
	assert_int_equal(dl.nr_entries, 2);
	assert_memory_equal(dl.raw, buf, HDR + 2 * ENT);
}

/* ...for a while only: one that stays down is -EAGAIN, and no log. */
static void fetch_gives_up_not_live(void **state)
{
	unsigned char *buf = make_log(1, 2, tcp_ents, 2, 2);

	(void)state;
	serve(buf, HDR + 2 * ENT);
	fake.not_live_calls = UINT_MAX;
	nvmf_disc_not_live_wait_ms = 300;
	poison();
	assert_int_equal(nvmf_disc_log_fetch("nvme8", "test", &dl), -EAGAIN);
	/* the first try, then one every 100 ms until the wait is over */
	assert_int_equal(fake.nr_calls, 1 + 3);
	assert_null(dl.raw);
	assert_null(dl.entries);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(parse_tcp),
		T(parse_byte_order),
		T(parse_referral),
		T(parse_rdma),
		T(parse_unknown_values),
		T(str_tables),
		T(fetch_waits_for_live),
		T(fetch_gives_up_not_live),
		T(trtype_transport),
		T(treq_str),
		T(eflags_str),
		T(parse_truncated),
		T(parse_numrec_large),
		T(parse_numrec_huge),
		T(parse_max_entries),
		T(parse_no_nul),
		T(parse_trailing_spaces),
		T(parse_hostile_strings),
		T(parse_short),
		T(parse_keeps_copy),
		T(fetch_chunks),
		T(fetch_empty),
		T(fetch_genctr_changes_once),
		T(fetch_genctr_always_changes),
		T(fetch_short_header),
		T(fetch_short_entries),
		T(fetch_numrec_huge),
		T(fetch_zero_padding),
		T(fetch_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
