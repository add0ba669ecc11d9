// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclog.h"
#include "kernel.h"
#include "util.h"

/* Header fields */
#define HDR_GENCTR	0
#define HDR_NUMREC	8
#define HDR_RECFMT	16

/* Entry fields */
#define ENT_TRTYPE	0
#define ENT_ADRFAM	1
#define ENT_SUBTYPE	2
#define ENT_TREQ	3
#define ENT_PORTID	4
#define ENT_CNTLID	6
#define ENT_ASQSZ	8
#define ENT_EFLAGS	10
#define ENT_TRSVCID	32
#define ENT_SUBNQN	256
#define ENT_TRADDR	512
#define ENT_TSAS	768
#define TRSVCID_LEN	32
#define SUBNQN_LEN	256
#define TRADDR_LEN	256

/* tsas, by transport */
#define TSAS_RDMA_QPTYPE	(ENT_TSAS + 0)
#define TSAS_RDMA_PRTYPE	(ENT_TSAS + 1)
#define TSAS_RDMA_CMS		(ENT_TSAS + 2)
#define TSAS_RDMA_PKEY		(ENT_TSAS + 8)
#define TSAS_TCP_SECTYPE	(ENT_TSAS + 0)

/*
 * Entries per Get Log Page call while fetching: 64 KiB, within what
 * targets' MDTS allow, and few round trips for a large log.
 */
#define FETCH_CHUNK_ENTRIES	64

static uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void decode_entry(const unsigned char *p, struct nvmf_disc_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->trtype = p[ENT_TRTYPE];
	e->adrfam = p[ENT_ADRFAM];
	e->subtype = p[ENT_SUBTYPE];
	e->treq = p[ENT_TREQ];
	e->portid = get_le16(p + ENT_PORTID);
	e->cntlid = get_le16(p + ENT_CNTLID);
	e->asqsz = get_le16(p + ENT_ASQSZ);
	e->eflags = get_le16(p + ENT_EFLAGS);
	copy_field(e->trsvcid, sizeof(e->trsvcid), (const char *)p + ENT_TRSVCID, TRSVCID_LEN);
	copy_field(e->subnqn, sizeof(e->subnqn), (const char *)p + ENT_SUBNQN, SUBNQN_LEN);
	copy_field(e->traddr, sizeof(e->traddr), (const char *)p + ENT_TRADDR, TRADDR_LEN);

	switch (e->trtype) {
	case NVMF_TRTYPE_RDMA:
		e->tsas.rdma.qptype = p[TSAS_RDMA_QPTYPE];
		e->tsas.rdma.prtype = p[TSAS_RDMA_PRTYPE];
		e->tsas.rdma.cms = p[TSAS_RDMA_CMS];
		e->tsas.rdma.pkey = get_le16(p + TSAS_RDMA_PKEY);
		break;
	case NVMF_TRTYPE_TCP:
		e->tsas.tcp.sectype = p[TSAS_TCP_SECTYPE];
		break;
	}
}

static bool is_zero(const unsigned char *p, size_t len)
{
	return len == 0 || (p[0] == 0 && !memcmp(p, p + 1, len - 1));
}

/*
 * Fill @log from @raw, which holds the header and at least @nr entries,
 * and take ownership of @raw.
 */
static int decode_log(unsigned char *raw, size_t raw_len, size_t nr, struct nvmf_disc_log *log)
{
	size_t i;

	/*
	 * The kernel pads a log shorter than asked for with zeros: an all-zero
	 * entry at the end is padding, not an entry, and a log of them is one
	 * that claims more than it holds (see nvmf_disc_log_check()).
	 */
	while (nr && is_zero(raw + NVMF_DISC_HDR_SIZE + (nr - 1) * NVMF_DISC_ENTRY_SIZE,
			     NVMF_DISC_ENTRY_SIZE))
		nr--;
	memset(log, 0, sizeof(*log));
	if (nr) {
		log->entries = calloc(nr, sizeof(*log->entries));
		if (!log->entries) {
			free(raw);
			return -ENOMEM;
		}
	}
	log->genctr = get_le64(raw + HDR_GENCTR);
	log->numrec = get_le64(raw + HDR_NUMREC);
	log->recfmt = get_le16(raw + HDR_RECFMT);
	log->nr_entries = nr;
	log->raw = raw;
	log->raw_len = raw_len;
	for (i = 0; i < nr; i++)
		decode_entry(raw + NVMF_DISC_HDR_SIZE + i * NVMF_DISC_ENTRY_SIZE, &log->entries[i]);
	return 0;
}

/*
 * How many of the @numrec entries a log claims to decode, when @held of
 * them are there. @who names the controller, or is NULL.
 */
static size_t bound_entries(const char *who, uint64_t numrec, size_t held)
{
	const char *sep = who ? ": " : "";

	if (!who)
		who = "";
	if (numrec > NVMF_DISC_MAX_ENTRIES && held > NVMF_DISC_MAX_ENTRIES) {
		debugf("%s%sdiscovery log claims %" PRIu64 " records; reading only the first %d",
		       who, sep, numrec, NVMF_DISC_MAX_ENTRIES);
		return NVMF_DISC_MAX_ENTRIES;
	}
	if (numrec > held) {
		debugf("%s%sdiscovery log claims %" PRIu64 " records but holds only %zu",
		       who, sep, numrec, held);
		return held;
	}
	return numrec;
}

int nvmf_disc_log_parse(const void *buf, size_t len, struct nvmf_disc_log *log)
{
	unsigned char *raw;
	uint64_t numrec;
	size_t nr;

	memset(log, 0, sizeof(*log));
	if (len < NVMF_DISC_HDR_SIZE)
		return errorf(-EINVAL, "discovery log of %zu bytes is shorter than its header",
			      len);

	numrec = get_le64((const unsigned char *)buf + HDR_NUMREC);
	nr = bound_entries(NULL, numrec, (len - NVMF_DISC_HDR_SIZE) / NVMF_DISC_ENTRY_SIZE);

	raw = malloc(len);
	if (!raw)
		return -ENOMEM;
	memcpy(raw, buf, len);
	return decode_log(raw, len, nr, log);
}

unsigned int nvmf_disc_not_live_wait_ms = 5000;

#define NOT_LIVE_POLL_MS	100

/*
 * The kernel refuses to open a controller that is not live (EWOULDBLOCK):
 * one it is reconnecting after a fault, which a discovery controller that
 * nvmf found or made can become at any time. That passes: wait a little.
 */
static ssize_t get_log_when_live(const char *ctrl, int rae, uint64_t offset, void *buf,
				 size_t len)
{
	unsigned int waited = 0;
	ssize_t n;

	while ((n = nvmf_kernel->get_log(ctrl, NVMF_LOG_DISC, rae, offset, buf, len)) == -EAGAIN &&
	       waited < nvmf_disc_not_live_wait_ms) {
		if (!waited)
			debugf("%s is not live; waiting for the kernel to reconnect it", ctrl);
		sleep_ms(NOT_LIVE_POLL_MS);
		waited += NOT_LIVE_POLL_MS;
	}
	return n;
}

/* One Get Log Page call: the number of bytes read, or a negative errno. */
static ssize_t get_disc_log(const char *ctrl, const char *where, int rae, uint64_t offset,
			    void *buf, size_t len)
{
	ssize_t n = get_log_when_live(ctrl, rae, offset, buf, len);
	char state[32];

	if (n == -EAGAIN) {
		if (read_root_text(state, sizeof(state), "/sys/class/nvme/%s/state", ctrl) < 0)
			strlcopy(state, "unknown", sizeof(state));
		return errorf(-EAGAIN, "%s: %s is not live (state %s) after %u s: the kernel is "
			      "reconnecting it; try again later", where, ctrl, state,
			      nvmf_disc_not_live_wait_ms / 1000);
	}
	if (n < 0)
		return errorf((int)n, "%s: cannot read the discovery log of %s (%zu bytes at %" PRIu64
			      "): %s", where, ctrl, len, offset, strerror((int)-n));
	if ((size_t)n > len)
		return errorf(-EIO, "%s: %s returned %zd bytes of discovery log for %zu", where, ctrl,
			      n, len);
	return n;
}

static int read_header(const char *ctrl, const char *where, int rae, unsigned char *hdr)
{
	ssize_t n = get_disc_log(ctrl, where, rae, 0, hdr, NVMF_DISC_HDR_SIZE);

	if (n < 0)
		return (int)n;
	if (n != NVMF_DISC_HDR_SIZE)
		return errorf(-EIO, "%s: short read of the discovery log header from %s: %zd of %d bytes",
			      where, ctrl, n, NVMF_DISC_HDR_SIZE);
	return 0;
}

/*
 * Read @nr entries into @entries in chunks. Returns the number of whole
 * entries that arrived, fewer if a read came back short, or a negative errno.
 */
static ssize_t read_entries(const char *ctrl, const char *where, unsigned char *entries, size_t nr)
{
	size_t done = 0;

	while (done < nr) {
		size_t chunk = nr - done < FETCH_CHUNK_ENTRIES ? nr - done : FETCH_CHUNK_ENTRIES;
		size_t len = chunk * NVMF_DISC_ENTRY_SIZE;
		uint64_t offset = NVMF_DISC_HDR_SIZE + (uint64_t)done * NVMF_DISC_ENTRY_SIZE;
		ssize_t n;

		n = get_disc_log(ctrl, where, 1, offset, entries + done * NVMF_DISC_ENTRY_SIZE, len);
		if (n < 0)
			return n;
		done += (size_t)n / NVMF_DISC_ENTRY_SIZE;
		if ((size_t)n < len) {
			debugf("%s: discovery log read came back short: got %zu of %zu entries",
			       ctrl, done, nr);
			break;
		}
	}
	return (ssize_t)done;
}

/*
 * Read the header, the entries, and the header again. On success *@rawp
 * holds the first header and the entries that arrived, and *@genctr_after
 * the genctr of the second header.
 */
static int fetch_once(const char *ctrl, const char *where, unsigned char **rawp, size_t *nrp,
		      uint64_t *genctr_after)
{
	unsigned char hdr[NVMF_DISC_HDR_SIZE];
	unsigned char *raw;
	uint64_t numrec;
	ssize_t got;
	size_t nr;
	int ret;

	ret = read_header(ctrl, where, 1, hdr);
	if (ret < 0)
		return ret;
	/* a log this large is a broken or hostile target: read none of it */
	numrec = get_le64(hdr + HDR_NUMREC);
	if (numrec > NVMF_DISC_MAX_ENTRIES)
		return errorf(-EPROTO, "%s: the discovery log of %s claims %" PRIu64
			      " records; nvmf reads at most %d", where, ctrl, numrec,
			      NVMF_DISC_MAX_ENTRIES);
	nr = (size_t)numrec;

	raw = malloc(NVMF_DISC_HDR_SIZE + nr * NVMF_DISC_ENTRY_SIZE);
	if (!raw)
		return -ENOMEM;
	memcpy(raw, hdr, NVMF_DISC_HDR_SIZE);

	got = read_entries(ctrl, where, raw + NVMF_DISC_HDR_SIZE, nr);
	if (got < 0) {
		free(raw);
		return (int)got;
	}
	ret = read_header(ctrl, where, 0, hdr);
	if (ret < 0) {
		free(raw);
		return ret;
	}
	*rawp = raw;
	*nrp = (size_t)got;
	*genctr_after = get_le64(hdr + HDR_GENCTR);
	return 0;
}

int nvmf_disc_log_fetch(const char *ctrl, const char *where, struct nvmf_disc_log *log)
{
	int retries;

	memset(log, 0, sizeof(*log));
	/* the first try, then up to NVMF_DISC_MAX_RETRIES more */
	for (retries = 0; retries <= NVMF_DISC_MAX_RETRIES; retries++) {
		uint64_t genctr, genctr_after;
		unsigned char *raw;
		size_t nr;
		int ret;

		ret = fetch_once(ctrl, where, &raw, &nr, &genctr_after);
		if (ret < 0)
			return ret;
		genctr = get_le64(raw + HDR_GENCTR);
		if (genctr == genctr_after) {
			size_t len = NVMF_DISC_HDR_SIZE + nr * NVMF_DISC_ENTRY_SIZE;

			return decode_log(raw, len, nr, log);
		}
		debugf("%s: discovery log genctr went from %" PRIu64 " to %" PRIu64
		       " while reading", ctrl, genctr, genctr_after);
		free(raw);
	}
	return errorf(-EAGAIN, "%s: the discovery log of %s kept changing while read (genctr); "
		      "gave up after %d retries", where, ctrl, NVMF_DISC_MAX_RETRIES);
}

void nvmf_disc_log_free(struct nvmf_disc_log *log)
{
	free(log->entries);
	free(log->raw);
	memset(log, 0, sizeof(*log));
}

static const char *unknown(unsigned int v, char *buf)
{
	snprintf(buf, NVMF_STRBUF, "unknown (%u)", v);
	return buf;
}

static const char *lookup(const char *const *names, size_t nr, unsigned int v, char *buf)
{
	if (v < nr && names[v])
		return names[v];
	return unknown(v, buf);
}

/* Append to the ", "-separated list in @buf; a list too long for the buffer is cut. */
static void PRINTF(2, 3) list_add(char *buf, const char *fmt, ...)
{
	size_t pos = strlen(buf);
	va_list ap;

	if (pos && appendf(buf, NVMF_STRBUF, &pos, ", ") < 0)
		return;
	va_start(ap, fmt);
	vappendf(buf, NVMF_STRBUF, &pos, fmt, ap);
	va_end(ap);
}

static const char *const trtype_names[] = {
	[NVMF_TRTYPE_RDMA] = "rdma",
	[NVMF_TRTYPE_FC] = "fc",
	[NVMF_TRTYPE_TCP] = "tcp",
	[NVMF_TRTYPE_LOOP] = "loop",
};

const char *nvmf_trtype_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(trtype_names, ARRAY_SIZE(trtype_names), v, buf);
}

const char *nvmf_trtype_transport(uint8_t v)
{
	return v < ARRAY_SIZE(trtype_names) ? trtype_names[v] : NULL;
}

/* libnvme has no name for 254 and prints "unrecognized"; the spec calls it Intra Host. */
static const char *const adrfam_names[] = {
	[NVMF_ADRFAM_PCI] = "pci",
	[NVMF_ADRFAM_IP4] = "ipv4",
	[NVMF_ADRFAM_IP6] = "ipv6",
	[NVMF_ADRFAM_IB] = "infiniband",
	[NVMF_ADRFAM_FC] = "fibre-channel",
	[NVMF_ADRFAM_LOOP] = "intra-host",
};

const char *nvmf_adrfam_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(adrfam_names, ARRAY_SIZE(adrfam_names), v, buf);
}

static const char *const subtype_names[] = {
	[NVMF_SUBTYPE_REFERRAL] = "discovery subsystem referral",
	[NVMF_SUBTYPE_NVME] = "nvme subsystem",
	[NVMF_SUBTYPE_CURRENT_DISC] = "current discovery subsystem",
};

const char *nvmf_subtype_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(subtype_names, ARRAY_SIZE(subtype_names), v, buf);
}

static const char *const secure_channel_names[] = {
	"not specified", "required", "not required",
};

const char *nvmf_treq_str(uint8_t v, char buf[NVMF_STRBUF])
{
	unsigned int secure = v & NVMF_TREQ_SECURE_MASK;
	unsigned int rest = v & ~(NVMF_TREQ_SECURE_MASK | NVMF_TREQ_DISABLE_SQFLOW);

	/* 3 is reserved: no part of the value can be trusted to mean anything */
	if (secure >= ARRAY_SIZE(secure_channel_names))
		return unknown(v, buf);
	buf[0] = '\0';
	list_add(buf, "%s", secure_channel_names[secure]);
	if (v & NVMF_TREQ_DISABLE_SQFLOW)
		list_add(buf, "sq flow control disable supported");
	if (rest)
		list_add(buf, "unknown bits 0x%02x", rest);
	return buf;
}

/* In the order nvme-cli joins them */
static const struct {
	uint16_t bit;
	const char *name;
} eflag_names[] = {
	{ NVMF_EFLAGS_EPCSD, "explicit discovery connections" },
	{ NVMF_EFLAGS_DUPRETINFO, "duplicate discovery information" },
	{ NVMF_EFLAGS_NCC, "no cdc connectivity" },
};

const char *nvmf_eflags_str(uint16_t v, char buf[NVMF_STRBUF])
{
	unsigned int rest = v;
	size_t i;

	if (!v)
		return "none";
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(eflag_names); i++) {
		if (v & eflag_names[i].bit)
			list_add(buf, "%s", eflag_names[i].name);
		rest &= ~eflag_names[i].bit;
	}
	if (rest)
		list_add(buf, "unknown bits 0x%04x", rest);
	return buf;
}

static const char *const sectype_names[] = { "none", "tls", "tls13" };

const char *nvmf_sectype_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(sectype_names, ARRAY_SIZE(sectype_names), v, buf);
}

static const char *const qptype_names[] = {
	[1] = "connected",
	[2] = "datagram",
};

const char *nvmf_qptype_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(qptype_names, ARRAY_SIZE(qptype_names), v, buf);
}

static const char *const prtype_names[] = {
	[1] = "not specified",
	[2] = "infiniband",
	[3] = "roce",
	[4] = "roce-v2",
	[5] = "iwarp",
};

const char *nvmf_prtype_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(prtype_names, ARRAY_SIZE(prtype_names), v, buf);
}

static const char *const cms_names[] = {
	[1] = "rdma-cm",
};

const char *nvmf_cms_str(uint8_t v, char buf[NVMF_STRBUF])
{
	return lookup(cms_names, ARRAY_SIZE(cms_names), v, buf);
}

int nvmf_disc_log_check(const struct nvmf_disc_log *log, const char *where)
{
	if (log->numrec > NVMF_DISC_MAX_ENTRIES)
		return errorf(-EPROTO, "%s: the discovery log claims %" PRIu64 " records; "
			      "nvmf reads at most %d", where, log->numrec, NVMF_DISC_MAX_ENTRIES);
	if (log->nr_entries < log->numrec)
		return errorf(-EPROTO, "%s: the discovery log is incomplete: it claims %" PRIu64
			      " records and holds %zu", where, log->numrec, log->nr_entries);
	return 0;
}
