// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostile-target: a small userspace NVMe/TCP discovery controller that the
 * Linux host driver (nvme-tcp) connects to, serving crafted discovery logs
 * (log page 0x70) to test how nvmf copes with a hostile target.
 *
 *   hostile-target --mode MODE [--listen ADDR] [--port PORT] [options]
 *   hostile-target --dump MODE >FILE      write MODE's log (first read) and exit
 *   hostile-target --list                 the modes
 *
 * Protocol subset (NVMe/TCP without digests or TLS, one admin queue):
 *   ICReq -> ICResp (pfv 0, cpda 0, no digests, maxh2cdata 256 KiB);
 *   CapsuleCmd -> CapsuleResp, read data first in C2HData PDUs (LAST flag);
 *   H2CTermReq closes; anything malformed gets a C2HTermReq and a close.
 *   Fabrics: Connect (data in capsule), Property Get/Set (CAP, VS, CC, CSTS).
 *   Admin: Identify CNS 1, Get Log Page 0x70, Set/Get Features, Keep Alive,
 *   Asynchronous Event Request (held, never completed); others: Invalid Opcode.
 *
 * libc only, so it links statically and runs in the test VM's busybox.
 * It takes facts (field offsets, constants) from the NVMe and NVMe/TCP
 * specifications as the Linux host and nvmet use them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "disclog-encode.h"

/* --- NVMe/TCP ------------------------------------------------------------ */
enum {
	PDU_ICREQ = 0x00, PDU_ICRESP = 0x01, PDU_H2C_TERM = 0x02, PDU_C2H_TERM = 0x03,
	PDU_CMD = 0x04, PDU_RSP = 0x05, PDU_H2C_DATA = 0x06, PDU_C2H_DATA = 0x07,
	PDU_R2T = 0x09,
};
enum { F_HDGST = 1 << 0, F_DDGST = 1 << 1, F_DATA_LAST = 1 << 2, F_DATA_SUCCESS = 1 << 3 };
enum { FES_INVALID_HDR = 0x01, FES_PDU_SEQ = 0x02, FES_OUT_OF_RANGE = 0x04,
       FES_UNSUPPORTED = 0x06 };
#define HDR_LEN		8
#define ICREQ_LEN	128
#define ICRESP_LEN	128
#define CMD_PDU_LEN	(HDR_LEN + 64)	/* 72 */
#define RSP_PDU_LEN	(HDR_LEN + 16)	/* 24 */
#define DATA_PDU_LEN	24
#define TERM_PDU_LEN	24
#define ADMIN_INLINE	8192		/* NVME_TCP_ADMIN_CCSZ */
#define MAX_PDU		(CMD_PDU_LEN + ADMIN_INLINE + 64)
#define MAXH2CDATA	0x40000
#define C2H_CHUNK	0x10000		/* data per C2HData PDU */
#define MAX_READ	(4u << 20)	/* refuse bigger transfers */

/* --- NVMe ---------------------------------------------------------------- */
enum {
	OPC_GET_LOG = 0x02, OPC_IDENTIFY = 0x06, OPC_SET_FEAT = 0x09, OPC_GET_FEAT = 0x0a,
	OPC_AER = 0x0c, OPC_KEEP_ALIVE = 0x18, OPC_FABRICS = 0x7f,
};
enum { FCT_PROP_SET = 0x00, FCT_CONNECT = 0x01, FCT_PROP_GET = 0x04 };
enum { REG_CAP = 0x00, REG_VS = 0x08, REG_CC = 0x14, REG_CSTS = 0x1c };
/* status: SCT << 8 | SC, DNR 0x4000 */
#define SC_SUCCESS	0x0000
#define SC_INVALID_OPC	0x0001
#define SC_INVALID_FIELD 0x0002
#define SC_CMD_SEQ	0x000c
#define SC_AER_LIMIT	0x0105
#define SC_CONNECT_INVALID_PARAM 0x0182
#define SC_DNR		0x4000
#define SGL_INLINE	0x01	/* data block, offset: in-capsule */
#define SGL_TRANSPORT	0x5a	/* transport data block, transport specific: host data */
#define LID_DISC	0x70
#define DISC_NQN	"nqn.2014-08.org.nvmexpress.discovery"
#define CNTLID		1
#define AERL		3	/* 0's based: 4 outstanding */

/* --- the discovery log --------------------------------------------------- */
enum { TR_RDMA = 1, TR_FC = 2, TR_TCP = 3 };
enum { AF_IP4 = 1, AF_IP6 = 2 };
enum { ST_REFERRAL = 1, ST_NVME = 2, ST_CURRENT = 3 };

static const char *prog = "hostile-target";
static int verbose;
static int idle_timeout = 60;
static int c2h_success;

struct conf {
	const char *mode;
	const char *nqn;	/* normal/duplicates: the real subsystem */
	const char *traddr;
	const char *trsvcid;
	int over;		/* many: entries */
};

struct log {
	unsigned char *buf;
	size_t len;
	int moving;		/* genctr changes on every read */
	uint64_t genctr;
};

static void __attribute__((format(printf, 1, 2))) logmsg(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s[%d]: ", prog, (int)getpid());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* Fill a field to its width: @prefix, then @c, no NUL anywhere. */
static void fill_str(unsigned char *p, size_t width, const char *prefix, char c)
{
	size_t n = strlen(prefix);

	memset(p, c, width);
	memcpy(p, prefix, n < width ? n : width);
}

static unsigned char *entry(struct log *l, size_t i)
{
	return l->buf + DISC_HDR_SIZE + i * DISC_ENTRY_SIZE;
}

/* Strings longer than their fields are cut: a hostile target sends what it likes. */
static void set_entry(struct log *l, size_t i, const struct disc_entry *e)
{
	disc_put_entry(entry(l, i), e);
}

static void log_alloc(struct log *l, size_t held, uint64_t numrec, uint64_t genctr)
{
	l->len = DISC_HDR_SIZE + held * DISC_ENTRY_SIZE;
	l->buf = calloc(1, l->len);
	if (!l->buf)
		die("out of memory");
	l->genctr = genctr;
	disc_put_header(l->buf, genctr, numrec, 0);
}

static const char *const modes[] = {
	"normal", "numrec-huge", "genctr-moving", "no-nul", "unknown-values",
	"duplicates", "many", "many-over", "inject", NULL,
};

static void build_log(const struct conf *c, struct log *l)
{
	const char *m = c->mode;
	struct disc_entry good = {
		.trtype = TR_TCP, .adrfam = AF_IP4, .subtype = ST_NVME, .treq = 2,
		.portid = 1, .cntlid = 0xffff, .asqsz = 32,
		.trsvcid = c->trsvcid, .subnqn = c->nqn, .traddr = c->traddr,
	};

	memset(l, 0, sizeof(*l));
	if (!strcmp(m, "normal")) {
		log_alloc(l, 1, 1, 1);
		set_entry(l, 0, &good);
	} else if (!strcmp(m, "numrec-huge")) {
		/* claims a million records, holds two; reads past them get zeros */
		log_alloc(l, 2, 1000000, 7);
		good.subnqn = "nqn.2014-08.org.example:huge-0";
		set_entry(l, 0, &good);
		good.subnqn = "nqn.2014-08.org.example:huge-1";
		good.portid = 2;
		set_entry(l, 1, &good);
	} else if (!strcmp(m, "genctr-moving")) {
		log_alloc(l, 2, 2, 100);
		l->moving = 1;
		good.subnqn = "nqn.2014-08.org.example:moving-0";
		set_entry(l, 0, &good);
		good.subnqn = "nqn.2014-08.org.example:moving-1";
		set_entry(l, 1, &good);
	} else if (!strcmp(m, "no-nul")) {
		unsigned char *p;

		log_alloc(l, 1, 1, 3);
		set_entry(l, 0, &good);
		p = entry(l, 0);
		fill_str(p + DISC_TRSVCID, DISC_TRSVCID_SIZE, "", '9');
		fill_str(p + 64, 192, "", 'R');				/* reserved */
		fill_str(p + DISC_SUBNQN, DISC_SUBNQN_SIZE, "nqn.2014-08.org.example:nonul-", 'N');
		fill_str(p + DISC_TRADDR, DISC_TRADDR_SIZE, "", 'A');
		fill_str(p + DISC_TSAS + 1, DISC_TSAS_SIZE - 1, "", 'T');	/* tsas after sectype */
		p[DISC_TSAS] = 0;					/* sectype none */
	} else if (!strcmp(m, "unknown-values")) {
		struct disc_entry e = good;

		log_alloc(l, 4, 4, 4);
		/* 0: an nvme subsystem on a transport nobody knows */
		e.trtype = 200; e.adrfam = 200; e.treq = 0;
		e.traddr = "192.0.2.99"; e.trsvcid = "4420";
		e.subnqn = "nqn.2014-08.org.example:unknown-0";
		set_entry(l, 0, &e);
		/* 1: tcp with an address family nobody knows */
		e = good;
		e.adrfam = 200; e.traddr = "192.0.2.99"; e.trsvcid = "4420";
		e.subnqn = "nqn.2014-08.org.example:unknown-1";
		set_entry(l, 1, &e);
		/* 2: unknown subtype, reserved treq, unknown eflags and sectype */
		e = good;
		e.subtype = 200; e.treq = 0xf3; e.eflags = 0xfff8; e.sectype = 0x77;
		e.traddr = "192.0.2.99"; e.trsvcid = "4420";
		e.subnqn = "nqn.2014-08.org.example:unknown-2";
		set_entry(l, 2, &e);
		/* 3: rdma, current discovery subsystem, unknown qptype/prtype/cms */
		e = good;
		e.trtype = TR_RDMA; e.subtype = ST_CURRENT; e.treq = 0x08;
		e.qptype = 9; e.prtype = 9; e.cms = 9;
		e.traddr = "192.0.2.99"; e.trsvcid = "4420";
		e.subnqn = DISC_NQN;
		set_entry(l, 3, &e);
	} else if (!strcmp(m, "duplicates")) {
		log_alloc(l, 3, 3, 5);
		set_entry(l, 0, &good);
		set_entry(l, 1, &good);
		set_entry(l, 2, &good);
	} else if (!strcmp(m, "many") || !strcmp(m, "many-over")) {
		size_t n = c->over ? (size_t)c->over : !strcmp(m, "many") ? 4096 : 5000;
		char addr[32];
		size_t i;

		log_alloc(l, n, n, 9);
		for (i = 0; i < n; i++) {
			struct disc_entry e = good;

			/* current discovery subsystems: valid, and nothing to connect */
			snprintf(addr, sizeof(addr), "192.0.2.%zu", i % 250 + 1);
			e.subtype = ST_CURRENT;
			e.portid = (uint16_t)i;
			e.subnqn = DISC_NQN;
			e.traddr = addr;
			e.trsvcid = "8009";
			set_entry(l, i, &e);
		}
	} else if (!strcmp(m, "inject")) {
		static const struct { const char *nqn, *addr, *svc; uint8_t st; } v[] = {
			{ "nqn.2014-08.org.example:x,nr_io_queues=1", "127.0.0.1", "4420", ST_NVME },
			{ "nqn.2014-08.org.example:inj1", "127.0.0.1,host_iface=lo", "4420", ST_NVME },
			{ "nqn.2014-08.org.example:inj2", "127.0.0.1", "4420,tos=1", ST_NVME },
			{ "nqn.2014-08.org.example:inj3\nhostnqn=nqn.2014-08.org.example:evil",
			  "127.0.0.1", "4420", ST_NVME },
			{ "nqn.2014-08.org.example:inj4=1\x1b[31m\x07", "127.0.0.1\t", "4420\r", ST_NVME },
			{ "nqn.2014-08.org.example:inj5", "127.0.0.1\n,ctrl_loss_tmo=-1", "4420", ST_NVME },
			{ "nqn.2014-08.org.example:inj6", "127.0.0.1", "4420\n", ST_NVME },
			{ DISC_NQN, "127.0.0.1,trsvcid=8009", "8009\x1b]0;pwned\x07", ST_REFERRAL },
		};
		size_t i, n = sizeof(v) / sizeof(v[0]);

		log_alloc(l, n, n, 11);
		for (i = 0; i < n; i++) {
			struct disc_entry e = good;

			e.subnqn = v[i].nqn;
			e.traddr = v[i].addr;
			e.trsvcid = v[i].svc;
			e.subtype = v[i].st;
			e.portid = (uint16_t)i;
			set_entry(l, i, &e);
		}
	} else {
		die("unknown mode '%s' (--list shows them)", m);
	}
}

/* Copy @len bytes of the log at @off into @dst; zeros past its end. */
static void read_log(struct log *l, uint64_t off, unsigned char *dst, size_t len)
{
	if (l->moving) {
		l->genctr++;
		put_le64(l->buf, l->genctr);
	}
	memset(dst, 0, len);
	if (off < l->len) {
		size_t n = l->len - off < len ? l->len - off : len;

		memcpy(dst, l->buf + off, n);
	}
}

/* --- the connection -------------------------------------------------------- */
struct conn {
	int fd;
	struct log *log;
	int ic_done;
	int connected;
	uint16_t qid;
	uint16_t sqsize;
	uint16_t sqhd;
	uint32_t cc;
	uint32_t csts;
	int aers;
	unsigned long commands;
};

/* Wait at most idle_timeout for @fd to have something to read. */
static int readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r;

	do
		r = poll(&pfd, 1, idle_timeout * 1000);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		logmsg("idle for %d s; closing", idle_timeout);
	if (r < 0)
		logmsg("poll: %s", strerror(errno));
	return r > 0;
}

/*
 * Move exactly @len bytes: write them from @out or, with @out NULL, read
 * them into @in, waiting at most idle_timeout for each piece.
 */
static int transfer(int fd, void *in, const void *out, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n;

		if (!out && !readable(fd))
			return -1;
		n = out ? write(fd, (const char *)out + done, len - done) :
			  read(fd, (char *)in + done, len - done);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static int read_full(int fd, void *buf, size_t len)
{
	return transfer(fd, buf, NULL, len);
}

static int write_full(int fd, const void *buf, size_t len)
{
	return transfer(fd, NULL, buf, len);
}

static void hdr(unsigned char *p, uint8_t type, uint8_t flags, uint8_t hlen, uint8_t pdo,
		uint32_t plen)
{
	p[0] = type;
	p[1] = flags;
	p[2] = hlen;
	p[3] = pdo;
	put_le32(p + 4, plen);
}

/* A fatal error: tell the host (C2HTermReq) and give up the connection. */
static int term(struct conn *c, uint16_t fes, uint32_t fei, const char *why)
{
	unsigned char p[TERM_PDU_LEN] = { 0 };

	logmsg("terminating the connection: %s", why);
	hdr(p, PDU_C2H_TERM, 0, TERM_PDU_LEN, 0, TERM_PDU_LEN);
	put_le16(p + 8, fes);
	put_le32(p + 10, fei);
	(void)write_full(c->fd, p, sizeof(p));
	return -1;
}

static int send_rsp(struct conn *c, uint16_t cid, uint16_t status, uint64_t result)
{
	unsigned char p[RSP_PDU_LEN] = { 0 };

	hdr(p, PDU_RSP, 0, RSP_PDU_LEN, 0, RSP_PDU_LEN);
	put_le64(p + 8, result);
	c->sqhd = (uint16_t)((c->sqhd + 1) % ((uint32_t)c->sqsize + 1));
	put_le16(p + 16, c->sqhd);
	put_le16(p + 18, c->qid);
	memcpy(p + 20, &cid, 2);		/* as the host sent it */
	put_le16(p + 22, (uint16_t)(status << 1));	/* phase tag 0 */
	if (status)
		logmsg("cid %#x: status %#x", cid, status);
	return write_full(c->fd, p, sizeof(p));
}

/* Send @len bytes in C2HData PDUs, then the response (unless SUCCESS was set). */
static int send_data(struct conn *c, uint16_t cid, const unsigned char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t n = len - off < C2H_CHUNK ? len - off : C2H_CHUNK;
		int last = off + n == len;
		unsigned char p[DATA_PDU_LEN] = { 0 };
		uint8_t flags = last ? F_DATA_LAST : 0;

		if (last && c2h_success)
			flags |= F_DATA_SUCCESS;
		hdr(p, PDU_C2H_DATA, flags, DATA_PDU_LEN, DATA_PDU_LEN,
		    (uint32_t)(DATA_PDU_LEN + n));
		memcpy(p + 8, &cid, 2);
		put_le16(p + 10, 0);		/* ttag */
		put_le32(p + 12, (uint32_t)off);
		put_le32(p + 16, (uint32_t)n);
		if (write_full(c->fd, p, sizeof(p)) < 0 || write_full(c->fd, data + off, n) < 0)
			return -1;
		off += n;
	}
	if (c2h_success && len) {
		c->sqhd = (uint16_t)((c->sqhd + 1) % ((uint32_t)c->sqsize + 1));
		return 0;
	}
	return send_rsp(c, cid, SC_SUCCESS, 0);
}

static int handle_icreq(struct conn *c, const unsigned char *p, uint32_t plen)
{
	unsigned char r[ICRESP_LEN] = { 0 };

	if (p[2] != ICREQ_LEN || plen != ICREQ_LEN)
		return term(c, FES_INVALID_HDR, 2, "bad ICReq length");
	if (get_le16(p + 8) != 0)
		return term(c, FES_UNSUPPORTED, 8, "ICReq pfv is not 0");
	/* no digests: the host checks what we answer against what it asked for */
	logmsg("ICReq: hpda %u digest %#x maxr2t %u", p[10], p[11], get_le32(p + 12));
	hdr(r, PDU_ICRESP, 0, ICRESP_LEN, 0, ICRESP_LEN);
	put_le16(r + 8, 0);		/* pfv */
	r[10] = 0;			/* cpda */
	r[11] = 0;			/* digest */
	put_le32(r + 12, MAXH2CDATA);
	c->ic_done = 1;
	return write_full(c->fd, r, sizeof(r));
}

static void identify_ctrl(unsigned char *id)
{
	memset(id, 0, 4096);
	put_le16(id + 0, 0);				/* vid */
	memset(id + 4, ' ', 20);
	memcpy(id + 4, "HOSTILE-0001", 12);		/* sn */
	memset(id + 24, ' ', 40);
	memcpy(id + 24, "nvmf hostile discovery target", 29);	/* mn */
	memset(id + 64, ' ', 8);
	memcpy(id + 64, "1.0", 3);			/* fr */
	id[77] = 5;					/* mdts: 128 KiB */
	put_le16(id + 78, CNTLID);
	put_le32(id + 80, 0x00010300);			/* ver 1.3 */
	put_le32(id + 92, 1u << 31);			/* oaes: discovery log change */
	id[111] = 2;					/* cntrltype: discovery */
	id[259] = AERL;					/* aerl */
	id[261] = 1 << 2;				/* lpa: extended data */
	put_le16(id + 320, 10);				/* kas: 1 s */
	id[512] = 0x66;					/* sqes */
	id[513] = 0x44;					/* cqes */
	put_le16(id + 514, 128);				/* maxcmd */
	put_le32(id + 536, 1u << 0 | 1u << 20);		/* sgls: supported, offsets */
	disc_put_str(id + 768, 256, DISC_NQN);		/* subnqn */
	put_le32(id + 1792, 4);				/* ioccsz */
	put_le32(id + 1796, 1);				/* iorcsz */
	put_le16(id + 1800, 0);				/* icdoff */
	id[1803] = 1;					/* msdbd */
}

static uint64_t cap_value(void)
{
	uint64_t cap = 127;			/* mqes, 0's based */

	cap |= 1ull << 16;			/* cqr */
	cap |= 15ull << 24;			/* to: 7.5 s */
	cap |= 1ull << 37;			/* css: nvm */
	return cap;				/* mpsmin 0: 4 KiB */
}

static int handle_fabrics(struct conn *c, const unsigned char *cmd, uint16_t cid,
			  const unsigned char *data, size_t dlen)
{
	uint8_t fctype = cmd[4];

	if (fctype == FCT_CONNECT) {
		uint16_t recfmt = get_le16(cmd + 40), qid = get_le16(cmd + 42), sqsize = get_le16(cmd + 44);

		if (c->connected)
			return send_rsp(c, cid, SC_CMD_SEQ | SC_DNR, 0);
		if (recfmt != 0 || dlen < 1024 || cmd[39] != SGL_INLINE)
			return send_rsp(c, cid, SC_INVALID_FIELD | SC_DNR, 0);
		c->qid = qid;
		c->sqsize = sqsize ? sqsize : 1;
		c->connected = 1;
		logmsg("Connect qid %u sqsize %u kato %u subnqn '%.64s' hostnqn '%.64s'",
		       qid, sqsize, get_le32(cmd + 48), (const char *)data + 256,
		       (const char *)data + 512);
		return send_rsp(c, cid, SC_SUCCESS, qid ? get_le16(data + 16) : CNTLID);
	}
	if (!c->connected)
		return send_rsp(c, cid, SC_CMD_SEQ | SC_DNR, 0);
	if (fctype == FCT_PROP_GET) {
		uint32_t off = get_le32(cmd + 44);
		uint64_t v = 0;

		switch (off) {
		case REG_CAP: v = cap_value(); break;
		case REG_VS: v = 0x00010300; break;
		case REG_CC: v = c->cc; break;
		case REG_CSTS: v = c->csts; break;
		default: v = 0; break;
		}
		if (!(cmd[40] & 1))
			v &= 0xffffffff;
		logmsg("Property Get %#x = %#llx", off, (unsigned long long)v);
		return send_rsp(c, cid, SC_SUCCESS, v);
	}
	if (fctype == FCT_PROP_SET) {
		uint32_t off = get_le32(cmd + 44);
		uint64_t v = get_le64(cmd + 48);

		logmsg("Property Set %#x = %#llx", off, (unsigned long long)v);
		if (off == REG_CC) {
			c->cc = (uint32_t)v;
			if (c->cc & 1)
				c->csts |= 1;		/* RDY */
			else
				c->csts &= ~1u;
			if ((c->cc >> 14) & 3)
				c->csts = (c->csts & ~0xcu) | 0x8;	/* SHST complete */
			else
				c->csts &= ~0xcu;
		}
		return send_rsp(c, cid, SC_SUCCESS, 0);
	}
	return send_rsp(c, cid, SC_INVALID_OPC | SC_DNR, 0);
}

/* The command wants data from us: the length its SGL names (0 if none). */
static size_t read_len(const unsigned char *cmd)
{
	if (cmd[39] != SGL_TRANSPORT)
		return 0;
	return get_le32(cmd + 32);
}

static int handle_admin(struct conn *c, const unsigned char *cmd, uint16_t cid)
{
	uint8_t opc = cmd[0];
	size_t len = read_len(cmd);
	unsigned char *buf;
	int ret;

	if (!c->connected)
		return send_rsp(c, cid, SC_CMD_SEQ | SC_DNR, 0);
	if (c->qid != 0)
		return send_rsp(c, cid, SC_INVALID_OPC | SC_DNR, 0);
	if (len > MAX_READ)
		return send_rsp(c, cid, SC_INVALID_FIELD | SC_DNR, 0);

	switch (opc) {
	case OPC_IDENTIFY:
		logmsg("Identify cns %#x, %zu bytes", cmd[40], len);
		if (cmd[40] != 0x01 || len < 4096)
			return send_rsp(c, cid, SC_INVALID_FIELD | SC_DNR, 0);
		buf = calloc(1, len);
		if (!buf)
			return -1;
		identify_ctrl(buf);
		ret = send_data(c, cid, buf, len);
		free(buf);
		return ret;
	case OPC_GET_LOG: {
		uint8_t lid = cmd[40];
		uint32_t numd = ((uint32_t)get_le16(cmd + 44) << 16 | get_le16(cmd + 42)) + 1;
		uint64_t off = get_le64(cmd + 48);
		size_t want = (size_t)numd * 4;

		logmsg("Get Log Page lid %#x rae %d offset %llu numd %u (%zu bytes, sgl %zu)",
		       lid, cmd[41] >> 7, (unsigned long long)off, numd, want, len);
		if (lid != LID_DISC || (off & 3) || !len)
			return send_rsp(c, cid, SC_INVALID_FIELD | SC_DNR, 0);
		buf = calloc(1, len);
		if (!buf)
			return -1;
		read_log(c->log, off, buf, want < len ? want : len);
		ret = send_data(c, cid, buf, len);
		free(buf);
		return ret;
	}
	case OPC_SET_FEAT:
		logmsg("Set Features fid %#x cdw11 %#x", cmd[40], get_le32(cmd + 44));
		/* Number of Queues: grant what was asked */
		return send_rsp(c, cid, SC_SUCCESS, cmd[40] == 0x07 ? get_le32(cmd + 44) : 0);
	case OPC_GET_FEAT:
		logmsg("Get Features fid %#x", cmd[40]);
		if (len) {
			buf = calloc(1, len);
			if (!buf)
				return -1;
			ret = send_data(c, cid, buf, len);
			free(buf);
			return ret;
		}
		return send_rsp(c, cid, SC_SUCCESS, 0);
	case OPC_KEEP_ALIVE:
		logmsg("Keep Alive");
		return send_rsp(c, cid, SC_SUCCESS, 0);
	case OPC_AER:
		/* held: completed only when the connection goes */
		if (c->aers > AERL)
			return send_rsp(c, cid, SC_AER_LIMIT, 0);
		c->aers++;
		logmsg("Asynchronous Event Request held (%d)", c->aers);
		return 0;
	default:
		logmsg("opcode %#x: invalid", opc);
		return send_rsp(c, cid, SC_INVALID_OPC | SC_DNR, 0);
	}
}

static int handle_cmd(struct conn *c, const unsigned char *p, uint32_t plen)
{
	const unsigned char *cmd = p + HDR_LEN;
	const unsigned char *data = NULL;
	size_t dlen = 0;
	uint16_t cid;

	if (p[1] & (F_HDGST | F_DDGST))
		return term(c, FES_INVALID_HDR, 1, "digest flags were not negotiated");
	if (p[2] != CMD_PDU_LEN)
		return term(c, FES_INVALID_HDR, 2, "CapsuleCmd hlen is not 72");
	if (plen > CMD_PDU_LEN) {
		uint8_t pdo = p[3];

		if (pdo < CMD_PDU_LEN || pdo > plen)
			return term(c, FES_INVALID_HDR, 3, "CapsuleCmd pdo out of range");
		data = p + pdo;
		dlen = plen - pdo;
		/* in-capsule data for a command whose SGL says otherwise */
		if (cmd[39] != SGL_INLINE || get_le32(cmd + 32) != dlen)
			return term(c, FES_OUT_OF_RANGE, 3, "in-capsule data does not match the SGL");
	}
	memcpy(&cid, cmd + 2, 2);
	c->commands++;
	/* data from the host beyond the capsule would need R2T: not offered */
	if ((cmd[0] & 3) == 1 && cmd[39] == SGL_TRANSPORT && get_le32(cmd + 32))
		return send_rsp(c, cid, SC_INVALID_FIELD | SC_DNR, 0);
	if (cmd[0] == OPC_FABRICS)
		return handle_fabrics(c, cmd, cid, data, dlen);
	return handle_admin(c, cmd, cid);
}

static void serve(int fd, struct log *log)
{
	struct conn c = { .fd = fd, .log = log, .sqsize = 31 };
	static unsigned char p[MAX_PDU];
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	for (;;) {
		uint32_t plen;
		int ret;

		if (read_full(fd, p, HDR_LEN) < 0)
			break;
		plen = get_le32(p + 4);
		if (p[2] < HDR_LEN || plen < p[2] || plen > MAX_PDU) {
			term(&c, FES_INVALID_HDR, plen > MAX_PDU ? 4 : 2, "bad PDU lengths");
			break;
		}
		if (read_full(fd, p + HDR_LEN, plen - HDR_LEN) < 0)
			break;
		if (!c.ic_done && p[0] != PDU_ICREQ) {
			term(&c, FES_PDU_SEQ, 0, "first PDU is not ICReq");
			break;
		}
		switch (p[0]) {
		case PDU_ICREQ:
			ret = c.ic_done ? term(&c, FES_PDU_SEQ, 0, "second ICReq")
					: handle_icreq(&c, p, plen);
			break;
		case PDU_CMD:
			ret = handle_cmd(&c, p, plen);
			break;
		case PDU_H2C_TERM:
			logmsg("H2CTermReq: fes %#x", get_le16(p + 8));
			ret = -1;
			break;
		case PDU_H2C_DATA:
			ret = term(&c, FES_PDU_SEQ, 0, "H2CData without an R2T");
			break;
		default:
			ret = term(&c, FES_INVALID_HDR, 0, "unexpected PDU type");
			break;
		}
		if (ret < 0)
			break;
	}
	logmsg("connection closed after %lu commands", c.commands);
	close(fd);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s --mode MODE [--listen ADDR] [--port PORT] [options]\n"
		"       %s --dump MODE >FILE     the log MODE serves (first read)\n"
		"       %s --list                the modes\n"
		"options:\n"
		"  -m, --mode MODE        the log to serve\n"
		"  -l, --listen ADDR      IPv4/IPv6 address to listen on (127.0.0.1)\n"
		"  -p, --port PORT        TCP port (8009)\n"
		"  -n, --nqn NQN          normal/duplicates: the subsystem entry's NQN\n"
		"  -a, --traddr ADDR      ... its traddr (127.0.0.1)\n"
		"  -s, --trsvcid PORT     ... its trsvcid (4420)\n"
		"  -e, --entries N        many: this many entries\n"
		"  -i, --idle-timeout S   close a connection idle this long (60)\n"
		"  -t, --lifetime S       exit after this long (0: never)\n"
		"  -P, --pidfile FILE     write the pid here once listening\n"
		"      --c2h-success      end reads with SUCCESS in the last C2HData PDU\n"
		"  -v, --verbose          log every command to stderr\n",
		prog, prog, prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "listen", required_argument, NULL, 'l' },
		{ "port", required_argument, NULL, 'p' },
		{ "nqn", required_argument, NULL, 'n' },
		{ "traddr", required_argument, NULL, 'a' },
		{ "trsvcid", required_argument, NULL, 's' },
		{ "entries", required_argument, NULL, 'e' },
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ "lifetime", required_argument, NULL, 't' },
		{ "pidfile", required_argument, NULL, 'P' },
		{ "dump", required_argument, NULL, 'D' },
		{ "list", no_argument, NULL, 'L' },
		{ "c2h-success", no_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct conf conf = {
		.nqn = "nqn.2014-08.org.example:hostile-normal",
		.traddr = "127.0.0.1", .trsvcid = "4420",
	};
	const char *listen_addr = "127.0.0.1", *port = "8009", *pidfile = NULL, *dump = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct log log;
	int opt, lfd, one = 1, lifetime = 0;

	while ((opt = getopt_long(argc, argv, "m:l:p:n:a:s:e:i:t:P:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'm': conf.mode = optarg; break;
		case 'l': listen_addr = optarg; break;
		case 'p': port = optarg; break;
		case 'n': conf.nqn = optarg; break;
		case 'a': conf.traddr = optarg; break;
		case 's': conf.trsvcid = optarg; break;
		case 'e': conf.over = atoi(optarg); break;
		case 'i': idle_timeout = atoi(optarg); break;
		case 't': lifetime = atoi(optarg); break;
		case 'P': pidfile = optarg; break;
		case 'D': dump = optarg; break;
		case 'S': c2h_success = 1; break;
		case 'v': verbose = 1; break;
		case 'L':
			for (int i = 0; modes[i]; i++)
				puts(modes[i]);
			return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc)
		die("unexpected argument '%s'", argv[optind]);
	if (conf.over < 0 || conf.over > 100000)
		die("--entries must be 0..100000");
	if (idle_timeout <= 0)
		idle_timeout = 60;
	if (dump) {
		conf.mode = dump;
		build_log(&conf, &log);
		return write_full(1, log.buf, log.len) < 0 ? 1 : 0;
	}
	if (!conf.mode)
		die("--mode is required (--list shows the modes)");
	build_log(&conf, &log);

	memset(&ss, 0, sizeof(ss));
	{
		struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
		char *end;
		long pn = strtol(port, &end, 10);

		if (*end || pn <= 0 || pn > 65535)
			die("bad port '%s'", port);
		if (inet_pton(AF_INET, listen_addr, &in4->sin_addr) == 1) {
			in4->sin_family = AF_INET;
			in4->sin_port = htons((uint16_t)pn);
			sslen = sizeof(*in4);
		} else if (inet_pton(AF_INET6, listen_addr, &in6->sin6_addr) == 1) {
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)pn);
			sslen = sizeof(*in6);
		} else {
			die("bad address '%s'", listen_addr);
		}
	}
	lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, sslen) < 0)
		die("bind %s:%s: %s", listen_addr, port, strerror(errno));
	if (listen(lfd, 8) < 0)
		die("listen: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);	/* children are reaped by the kernel */
	if (lifetime > 0)
		alarm((unsigned int)lifetime);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) != 0)
			die("cannot write %s", pidfile);
	}
	logmsg("mode %s: %zu-byte log, listening on %s:%s", conf.mode, log.len, listen_addr, port);

	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		pid_t pid;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept: %s", strerror(errno));
		}
		pid = fork();
		if (pid == 0) {
			close(lfd);
			signal(SIGALRM, SIG_DFL);
			serve(fd, &log);
			_exit(0);
		}
		if (pid < 0)
			logmsg("fork: %s", strerror(errno));
		close(fd);
	}
}
