/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TEST_DISCLOG_ENCODE_H
#define NVMF_TEST_DISCLOG_ENCODE_H

/*
 * The discovery log page (0x70) as a target writes it, for the unit tests,
 * the fixtures (tests/tools/mklog) and tests/tools/hostile-target. libc only,
 * so that the hostile target links statically: nothing of lib/ here.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISC_HDR_SIZE		1024
#define DISC_ENTRY_SIZE		1024

/* Where an entry's strings and transport specific address subtype (tsas) are. */
#define DISC_TRSVCID		32
#define DISC_TRSVCID_SIZE	32
#define DISC_SUBNQN		256
#define DISC_SUBNQN_SIZE	256
#define DISC_TRADDR		512
#define DISC_TRADDR_SIZE	256
#define DISC_TSAS		768
#define DISC_TSAS_SIZE		256

struct disc_entry {
	uint8_t trtype, adrfam, subtype, treq;
	uint16_t portid, cntlid, asqsz, eflags;
	const char *trsvcid, *subnqn, *traddr;	/* NULL: empty */
	union {
		uint8_t sectype;		/* tcp */
		uint8_t qptype;			/* rdma */
	};
	uint8_t prtype, cms;			/* rdma */
	uint16_t pkey;				/* rdma */
};

/* Little-endian, as every multi-byte field of the log and of NVMe/TCP is. */
static inline void put_le(unsigned char *p, uint64_t v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++, v >>= 8)
		p[i] = v & 0xff;
}

static inline uint64_t get_le(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = bytes; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

static inline void put_le16(unsigned char *p, uint16_t v) { put_le(p, v, 2); }
static inline void put_le32(unsigned char *p, uint32_t v) { put_le(p, v, 4); }
static inline void put_le64(unsigned char *p, uint64_t v) { put_le(p, v, 8); }
static inline uint16_t get_le16(const unsigned char *p) { return (uint16_t)get_le(p, 2); }
static inline uint32_t get_le32(const unsigned char *p) { return (uint32_t)get_le(p, 4); }
static inline uint64_t get_le64(const unsigned char *p) { return get_le(p, 8); }

/*
 * @s into a field of @width bytes, NUL padded, or filling all of it with no
 * NUL when it is that long. False when it is longer: what fits is there.
 */
bool disc_put_str(unsigned char *p, size_t width, const char *s);

/* @e into the DISC_ENTRY_SIZE bytes at @p; false when a string did not fit. */
bool disc_put_entry(unsigned char *p, const struct disc_entry *e);

void disc_put_header(unsigned char *log, uint64_t genctr, uint64_t numrec, uint16_t recfmt);

/*
 * A log (calloc) with room for @room entries, the first @nr of them from
 * @ents; NULL when out of memory or when a string of @ents did not fit.
 */
unsigned char *disc_log_new(uint64_t genctr, uint64_t numrec, const struct disc_entry *ents,
			    size_t nr, size_t room);

#endif
