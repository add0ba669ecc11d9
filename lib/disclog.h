/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_DISCLOG_H
#define NVMF_DISCLOG_H

#include <stddef.h>
#include <stdint.h>

#define NVMF_LOG_DISC		0x70
#define NVMF_DISC_HDR_SIZE	1024
#define NVMF_DISC_ENTRY_SIZE	1024
/* More entries than this is not a log a sane target serves. */
#define NVMF_DISC_MAX_ENTRIES	4096
#define NVMF_DISC_MAX_RETRIES	10

/*
 * How long a Get Log Page waits for a controller that is not live (the
 * kernel reconnecting it) to come back: 5 s; tests shorten it.
 */
extern unsigned int nvmf_disc_not_live_wait_ms;

enum { NVMF_TRTYPE_RDMA = 1, NVMF_TRTYPE_FC = 2, NVMF_TRTYPE_TCP = 3, NVMF_TRTYPE_LOOP = 254 };
enum { NVMF_ADRFAM_PCI = 0, NVMF_ADRFAM_IP4 = 1, NVMF_ADRFAM_IP6 = 2, NVMF_ADRFAM_IB = 3,
       NVMF_ADRFAM_FC = 4, NVMF_ADRFAM_LOOP = 254 };
enum { NVMF_SUBTYPE_REFERRAL = 1, NVMF_SUBTYPE_NVME = 2, NVMF_SUBTYPE_CURRENT_DISC = 3 };
/* treq bits 1:0 are the secure channel requirement, bit 2 sq flow control */
enum { NVMF_TREQ_SECURE_MASK = 0x3, NVMF_TREQ_DISABLE_SQFLOW = 0x4 };
enum { NVMF_TREQ_NOT_SPECIFIED = 0, NVMF_TREQ_REQUIRED = 1, NVMF_TREQ_NOT_REQUIRED = 2 };
enum { NVMF_EFLAGS_DUPRETINFO = 0x1, NVMF_EFLAGS_EPCSD = 0x2, NVMF_EFLAGS_NCC = 0x4 };
enum { NVMF_TCP_SECTYPE_NONE = 0, NVMF_TCP_SECTYPE_TLS12 = 1, NVMF_TCP_SECTYPE_TLS13 = 2 };

/* The entry's strings: as wide as in the log, and a NUL. */
#define NVMF_DISC_TRSVCID_SIZE	33
#define NVMF_DISC_SUBNQN_SIZE	257
#define NVMF_DISC_TRADDR_SIZE	257

/* One entry, decoded: host byte order, strings NUL-terminated and trimmed. */
struct nvmf_disc_entry {
	uint8_t trtype;
	uint8_t adrfam;
	uint8_t subtype;
	uint8_t treq;
	uint16_t portid;
	uint16_t cntlid;
	uint16_t asqsz;
	uint16_t eflags;
	char trsvcid[NVMF_DISC_TRSVCID_SIZE];
	char subnqn[NVMF_DISC_SUBNQN_SIZE];
	char traddr[NVMF_DISC_TRADDR_SIZE];
	union {
		struct {
			uint8_t qptype;
			uint8_t prtype;
			uint8_t cms;
			uint16_t pkey;
		} rdma;
		struct {
			uint8_t sectype;
		} tcp;
	} tsas;
};

struct nvmf_disc_log {
	uint64_t genctr;
	uint64_t numrec;	/* as the target reported it */
	uint16_t recfmt;
	size_t nr_entries;	/* decoded: numrec bounded by the data */
	struct nvmf_disc_entry *entries;
	unsigned char *raw;	/* header and entries as read, for --raw */
	size_t raw_len;
};

/*
 * Decode a log from raw bytes: a 1024-byte header and then entries.
 * numrec is bounded by @len and NVMF_DISC_MAX_ENTRIES; see
 * nvmf_disc_log_check(). Returns 0, -EINVAL for less than a header.
 * The log keeps its own copy of @buf.
 */
int nvmf_disc_log_parse(const void *buf, size_t len, struct nvmf_disc_log *log);

/*
 * Read log page 0x70 from discovery controller @ctrl through the kernel
 * ops: the header, the entries in chunks at increasing offsets, then the
 * header again; if genctr moved, start over, at most NVMF_DISC_MAX_RETRIES
 * times (-EAGAIN after that). A header claiming more than
 * NVMF_DISC_MAX_ENTRIES records is -EPROTO before any entry is read.
 * Failures are reported once, as "@where: ...".
 */
int nvmf_disc_log_fetch(const char *ctrl, const char *where, struct nvmf_disc_log *log);

void nvmf_disc_log_free(struct nvmf_disc_log *log);

/*
 * -EPROTO, reported as "@where: ...", when the log holds fewer entries
 * than it claims, or claims more than nvmf reads; 0 when it is whole.
 * The entries that did arrive are still in the log.
 */
int nvmf_disc_log_check(const struct nvmf_disc_log *log, const char *where);

/*
 * Names as nvme-cli prints them. A value without a name renders as
 * "unknown (N)" in @buf, which every function may use; the result is
 * always a printable string.
 */
#define NVMF_STRBUF 128
const char *nvmf_trtype_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_adrfam_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_subtype_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_treq_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_eflags_str(uint16_t v, char buf[NVMF_STRBUF]);
const char *nvmf_sectype_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_qptype_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_prtype_str(uint8_t v, char buf[NVMF_STRBUF]);
const char *nvmf_cms_str(uint8_t v, char buf[NVMF_STRBUF]);
/* The transport name the kernel takes ("tcp"), or NULL for an unknown trtype. */
const char *nvmf_trtype_transport(uint8_t v);

#endif
