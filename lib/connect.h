/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_CONNECT_H
#define NVMF_CONNECT_H

#include <stdbool.h>
#include <stddef.h>

#include "disclog.h"
#include "fabrics.h"
#include "hold.h"
#include "mdns.h"
#include "params.h"
#include "topology.h"

/* Referrals are followed this deep, and no deeper. */
#define NVMF_MAX_REFERRAL_DEPTH 8

enum nvmf_result {
	NVMF_CONNECTED,		/* a new controller */
	NVMF_ALREADY,		/* a matching controller was there */
	NVMF_WOULD_CONNECT,	/* --dry-run */
	NVMF_FAILED,		/* could not connect, or the entry is unusable */
	NVMF_REFERRAL,		/* a discovery referral, followed */
	NVMF_SKIPPED,		/* the discovery controller itself, a duplicate referral */
	NVMF_DISCOVERED,	/* a discovery controller whose log was read */
	NVMF_HELD,		/* taken down by nvmf disconnect, and left so (hold.h) */
};

extern const char *const nvmf_result_names[];	/* "connected", "already connected", ... */

/*
 * Connect what @p describes, once: with a matching controller in @t (and no
 * duplicate_connect) nothing is done and the result is NVMF_ALREADY, as it
 * is when the kernel answers EALREADY. A new controller is added to @t, so
 * later calls in the same run see it. @name gets the controller either way
 * ("" when the kernel knows of one that nvmf cannot find).
 * Returns the result, or a negative errno with the reason reported.
 */
int nvmf_connect(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *p,
		 const char *where, char *name, size_t len);

/* "tcp 192.0.2.1:8009", "tcp [2001:db8::1]:4420", "loop": a portal, for messages. */
void nvmf_describe_portal(const struct nvmf_params *p, char *buf, size_t len);
/* The same for where a discovery log entry points, its strings escaped, in NVMF_PORTAL_MAX bytes. */
#define NVMF_PORTAL_MAX	(NVMF_STRBUF + PRINTABLE_SIZE(NVMF_DISC_TRADDR_SIZE) + \
			 PRINTABLE_SIZE(NVMF_DISC_TRSVCID_SIZE) + sizeof(" []:"))
const char *nvmf_describe_entry(const struct nvmf_disc_entry *e, char *buf, size_t len);

/* What connect-all did with one discovery log entry. */
struct nvmf_entry_report {
	const char *source;		/* the discovery controller: "tcp 192.0.2.1:8009" */
	unsigned int depth;		/* 0, or how many referrals away */
	size_t index;			/* of the entry in its log */
	const struct nvmf_disc_entry *entry;
	enum nvmf_result result;
	const char *device;		/* nvme3, for connected and already */
	int err;			/* for failed */
	const char *error;		/* for failed: what went wrong */
};

/* What connect-all did with one discovery controller: read its log, or not. */
struct nvmf_source_report {
	const char *source;		/* "tcp 192.0.2.1:8009", as its entries' source */
	const struct nvmf_params *disc;	/* how it was reached */
	unsigned int depth;		/* 0, or how many referrals away */
	const char *referrer;		/* at depth > 0: the source that referred to it */
	const char *device;		/* the controller used, "" if none was */
	size_t nr_records;		/* in its log */
	enum nvmf_result result;	/* NVMF_DISCOVERED, NVMF_SKIPPED (visited) or NVMF_FAILED */
	int err;			/* for failed */
	const char *error;		/* for failed: the message reported */
};

struct nvmf_connect_all {
	bool dry_run;
	bool persistent;		/* keep the discovery controllers */
	/* the discovery controller was announced so: noted when kept */
	const struct nvmf_mdns_service *mdns;
	void (*report)(const struct nvmf_entry_report *r, void *arg);
	/* each discovery controller, before the entries of its log, if set */
	void (*report_source)(const struct nvmf_source_report *r, void *arg);
	void *arg;
	/* counted over the run */
	unsigned int connected, already, failed, held;
	/* portals visited: "transport traddr trsvcid host_traddr host_iface hostnqn" */
	char **visited;
	size_t nr_visited;
};

/*
 * Discover through the controller @line describes and connect every NVMe
 * subsystem its log offers, with @line's options applied to each
 * connection and the entry's treq honoured. Referrals are followed (each
 * portal once, NVMF_MAX_REFERRAL_DEPTH deep). Every discovery controller
 * and every entry is reported on the way; entries are counted in @ca. Returns a negative errno, reported, when the
 * discovery log could not be read whole.
 */
int nvmf_connect_all(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
		     const char *where, struct nvmf_connect_all *ca);
void nvmf_connect_all_free(struct nvmf_connect_all *ca);

#endif
