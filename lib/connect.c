// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connect.h"
#include "discovery.h"

const char *const nvmf_result_names[] = {
	[NVMF_CONNECTED] = "connected",
	[NVMF_ALREADY] = "already connected",
	[NVMF_WOULD_CONNECT] = "would connect",
	[NVMF_FAILED] = "failed",
	[NVMF_REFERRAL] = "referral",
	[NVMF_SKIPPED] = "skipped",
	[NVMF_DISCOVERED] = "discovered",
	[NVMF_HELD] = "held",
};

/* The controller that answers @p in @t, rescanning it first when @rescan. */
static const struct nvmf_ctrl *find_match(struct nvmf_topology *t, const struct nvmf_params *p, bool rescan)
{
	if (rescan) {
		nvmf_topology_free(t);
		if (nvmf_topology_scan_connections(t) < 0)
			return NULL;
	}
	return nvmf_topology_find(t, p);
}

/*
 * A controller that connects what @p describes is there already. Without
 * the authentication or TLS @p asks for it is no answer, and the kernel
 * would refuse another one as a duplicate; on a kernel that cannot do
 * them at all, that is what to say.
 */
static int connected_already(struct nvmf_session *s, const struct nvmf_ctrl *c,
			     const struct nvmf_params *p, const char *where, char *name, size_t len)
{
	const char *lacks = nvmf_ctrl_lacks(c, p);
	int ret;

	if (lacks) {
		ret = nvmf_session_prepare(s, p->transport);
		if (ret == 0)
			ret = nvmf_session_supports(s, p, where);
		if (ret < 0)
			return ret;
		return errorf(-EEXIST, "%s: %s connects it already, without %s: disconnect it first",
			      where, c->name, lacks);
	}
	strlcopy(name, c->name, len);
	return NVMF_ALREADY;
}

int nvmf_connect(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *p,
		 const char *where, char *name, size_t len)
{
	const struct nvmf_ctrl *c = NULL;
	int ret;

	if (!p->duplicate_connect)
		c = find_match(t, p, false);
	if (c)
		return connected_already(s, c, p, where, name, len);
	ret = nvmf_session_prepare(s, p->transport);
	if (ret < 0)
		return ret;
	ret = nvmf_create(s, p, where, name, len);
	if (ret == -EALREADY && !p->duplicate_connect) {
		/* made since the scan, by another run */
		c = find_match(t, p, true);
		if (c)
			return connected_already(s, c, p, where, name, len);
		strlcopy(name, "", len);
		return NVMF_ALREADY;
	}
	if (ret == -EALREADY)
		return errorf(ret, "%s: the kernel refused a duplicate connection", where);
	if (ret < 0)
		return ret;
	if (nvmf_topology_add(t, name) < 0)
		debugf("%s: %s is gone again already", where, name);
	return NVMF_CONNECTED;
}

void nvmf_describe_portal(const struct nvmf_params *p, char *buf, size_t len)
{
	if (!p->traddr)
		snprintf(buf, len, "%s", p->transport);
	else if (!p->trsvcid)
		snprintf(buf, len, "%s %s", p->transport, p->traddr);
	else if (strchr(p->traddr, ':'))
		snprintf(buf, len, "%s [%s]:%s", p->transport, p->traddr, p->trsvcid);
	else
		snprintf(buf, len, "%s %s:%s", p->transport, p->traddr, p->trsvcid);
}

const char *nvmf_describe_entry(const struct nvmf_disc_entry *e, char *buf, size_t len)
{
	char b[NVMF_STRBUF], addr[PRINTABLE_SIZE(NVMF_DISC_TRADDR_SIZE)];
	char port[PRINTABLE_SIZE(NVMF_DISC_TRSVCID_SIZE)];
	struct nvmf_params p = {
		.transport = nvmf_trtype_str(e->trtype, b),
		.traddr = e->traddr[0] ? printable(e->traddr, addr, sizeof(addr)) : NULL,
		.trsvcid = e->trsvcid[0] ? printable(e->trsvcid, port, sizeof(port)) : NULL,
	};

	nvmf_describe_portal(&p, buf, len);
	return buf;
}

static const char *empty_to_null(const char *s)
{
	return s[0] ? s : NULL;
}

/* The address families the kernel's transports can use. */
static bool usable_adrfam(const struct nvmf_disc_entry *e)
{
	switch (e->trtype) {
	case NVMF_TRTYPE_TCP:
	case NVMF_TRTYPE_RDMA:
		return e->adrfam == NVMF_ADRFAM_IP4 || e->adrfam == NVMF_ADRFAM_IP6;
	case NVMF_TRTYPE_FC:
		return e->adrfam == NVMF_ADRFAM_FC;
	default:
		return true;
	}
}

/*
 * The connection an entry offers, with the options of the discovery.conf
 * line (or command line) it came through. The entry's strings come from the
 * network: validation before use keeps them from adding kernel options.
 */
static const char *entry_params(const struct nvmf_params *line, const struct nvmf_disc_entry *e,
				struct nvmf_params *p)
{
	*p = *line;
	p->discovery = false;
	p->transport = nvmf_trtype_transport(e->trtype);
	if (!p->transport)
		return "its transport type is not one nvmf knows";
	if (!usable_adrfam(e))
		return "its address family does not fit its transport";
	p->traddr = empty_to_null(e->traddr);
	p->trsvcid = empty_to_null(e->trsvcid);
	if (!p->trsvcid)
		p->trsvcid = nvmf_default_trsvcid(p->transport, e->subtype != NVMF_SUBTYPE_NVME);
	p->subsysnqn = e->subnqn;
	if (e->treq & NVMF_TREQ_DISABLE_SQFLOW)
		p->disable_sqflow = true;
	if (e->trtype == NVMF_TRTYPE_TCP && (e->treq & NVMF_TREQ_SECURE_MASK) == NVMF_TREQ_REQUIRED)
		p->tls = true;
	return NULL;
}

static void report(struct nvmf_connect_all *ca, struct nvmf_entry_report *r)
{
	switch (r->result) {
	case NVMF_CONNECTED:
	case NVMF_WOULD_CONNECT:
		ca->connected++;
		break;
	case NVMF_ALREADY:
		ca->already++;
		break;
	case NVMF_FAILED:
		ca->failed++;
		break;
	case NVMF_HELD:
		ca->held++;
		break;
	default:
		break;
	}
	if (ca->report)
		ca->report(r, ca->arg);
}

/* Note @p's portal as visited: 1 the first time, 0 when it was already, or -ENOMEM. */
static int visit(struct nvmf_connect_all *ca, const struct nvmf_params *p)
{
	char *key, **grown;

	if (asprintf(&key, "%s %s %s %s %s %s", p->transport, p->traddr ? p->traddr : "",
		     p->trsvcid ? p->trsvcid : "", p->host_traddr ? p->host_traddr : "",
		     p->host_iface ? p->host_iface : "", p->hostnqn ? p->hostnqn : "") < 0)
		return -ENOMEM;
	for (size_t i = 0; i < ca->nr_visited; i++) {
		if (!strcmp(ca->visited[i], key)) {
			free(key);
			return 0;
		}
	}
	grown = grow_array(ca->visited, ca->nr_visited, sizeof(*grown));
	if (!grown) {
		free(key);
		return -ENOMEM;
	}
	ca->visited = grown;
	ca->visited[ca->nr_visited++] = key;
	return 1;
}

/* connect_from()'s answer for a portal this run has read already */
#define VISITED 1

static int connect_from(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
			const char *where, const char *referrer, unsigned int depth,
			struct nvmf_connect_all *ca);

static void connect_entry(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
			  const char *where, struct nvmf_entry_report *r, struct nvmf_connect_all *ca)
{
	char ewhere[PATH_MAX], device[32] = "";
	char nqn[PRINTABLE_SIZE(NVMF_DISC_SUBNQN_SIZE)], portal[NVMF_PORTAL_MAX];
	const struct nvmf_ctrl *c;
	struct nvmf_params p;
	struct nvmf_host own;
	const char *why;
	int ret;

	/* the entry's own words, escaped: they come from the network */
	snprintf(ewhere, sizeof(ewhere), "%s: %s at %s (%s entry %zu)", where,
		 printable(r->entry->subnqn, nqn, sizeof(nqn)),
		 nvmf_describe_entry(r->entry, portal, sizeof(portal)), r->source, r->index);
	why = entry_params(line, r->entry, &p);
	if (why) {
		r->result = NVMF_FAILED;
		r->err = errorf(-EPROTO, "%s: %s", ewhere, why);
		r->error = last_error();
		return report(ca, r);
	}
	ret = nvmf_params_validate(&p, ewhere);
	/* the host identity matches too: without it nothing would look connected */
	if (ret == 0)
		ret = nvmf_session_host(s, &p, &own);
	if (ret < 0) {
		r->result = NVMF_FAILED;
		r->err = ret;
		r->error = last_error();
		return report(ca, r);
	}
	c = p.duplicate_connect ? NULL : nvmf_topology_find(t, &p);
	if (!c && nvmf_held(&p)) {
		r->result = NVMF_HELD;
		return report(ca, r);
	}
	if (ca->dry_run) {
		r->result = c ? NVMF_ALREADY : NVMF_WOULD_CONNECT;
		r->device = c ? c->name : NULL;
		if (c && nvmf_ctrl_lacks(c, &p)) {
			/* what a run that connects would say */
			r->result = NVMF_FAILED;
			r->err = errorf(-EEXIST, "%s: %s connects it already, without %s: disconnect it first",
					ewhere, c->name, nvmf_ctrl_lacks(c, &p));
			r->error = last_error();
		}
		return report(ca, r);
	}
	ret = nvmf_connect(s, t, &p, ewhere, device, sizeof(device));
	if (ret < 0) {
		r->result = NVMF_FAILED;
		r->err = ret;
		r->error = last_error();
	} else {
		r->result = ret;
		r->device = device;
	}
	report(ca, r);
}

static void follow_referral(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
			    const char *where, struct nvmf_entry_report *r, struct nvmf_connect_all *ca)
{
	struct nvmf_params p;
	const char *why = entry_params(line, r->entry, &p);
	int ret;

	if (!why && r->depth + 1 > NVMF_MAX_REFERRAL_DEPTH)
		why = "it is more referrals deep than nvmf follows";
	if (why) {
		char addr[PRINTABLE_SIZE(NVMF_DISC_TRADDR_SIZE)];

		r->result = NVMF_FAILED;
		r->err = errorf(-EPROTO, "%s: %s entry %zu, a referral to %s: %s", where, r->source,
				r->index, printable(r->entry->traddr, addr, sizeof(addr)), why);
		r->error = last_error();
		return report(ca, r);
	}
	/* the referral's treq is its own; what it refers to has entries of its own */
	p.disable_sqflow = line->disable_sqflow;
	p.tls = line->tls;
	ret = connect_from(s, t, &p, where, r->source, r->depth + 1, ca);
	r->result = ret == VISITED ? NVMF_SKIPPED : NVMF_REFERRAL;
	if (ret < 0) {
		/* its log could not be read: what it offers is not connected */
		r->result = NVMF_FAILED;
		r->err = ret;
		r->error = last_error();
	}
	report(ca, r);
}

static int report_source(struct nvmf_connect_all *ca, struct nvmf_source_report *r, int err)
{
	if (err < 0) {
		r->result = NVMF_FAILED;
		r->err = err;
		r->error = last_error();
	}
	if (ca->report_source)
		ca->report_source(r, ca->arg);
	return err;
}

/*
 * Discover through @line's controller and act on each entry of its log.
 * Returns a negative errno when the log could not be read whole, VISITED
 * when this run has been there; how the entries fared is in @ca.
 */
static int connect_from(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
			const char *where, const char *referrer, unsigned int depth,
			struct nvmf_connect_all *ca)
{
	struct nvmf_disc_log log = { 0 };
	struct nvmf_disc_ctrl dc = { .name = "" };
	struct nvmf_params disc;
	struct nvmf_host own;
	char source[600], dwhere[PATH_MAX];
	struct nvmf_source_report sr = {
		.source = source, .disc = &disc, .depth = depth, .referrer = referrer,
		.device = dc.name, .result = NVMF_DISCOVERED,
	};
	int ret;

	nvmf_discovery_params(line, &disc);
	nvmf_describe_portal(&disc, source, sizeof(source));
	/* what failed, in its messages: this discovery controller */
	if (referrer)
		snprintf(dwhere, sizeof(dwhere), "%s: %s, referred to by %s", where, source, referrer);
	else
		snprintf(dwhere, sizeof(dwhere), "%s: %s", where, source);
	/* the host is part of what makes a portal visited: the one the run will use */
	ret = nvmf_session_host(s, &disc, &own);
	if (ret < 0)
		return report_source(ca, &sr, ret);
	ret = visit(ca, &disc);
	if (ret < 0)
		return report_source(ca, &sr, errorf(ret, "%s: out of memory", dwhere));
	if (!ret) {
		debugf("%s: %s was visited already", where, source);
		sr.result = NVMF_SKIPPED;
		report_source(ca, &sr, 0);
		return VISITED;
	}
	ret = nvmf_discovery_open(s, &disc, &own, t, dwhere, &dc);
	if (ret < 0)
		return report_source(ca, &sr, ret);
	ret = nvmf_disc_log_fetch(dc.name, dwhere, &log);
	if (!depth && ca->mdns && ca->persistent && nvmf_mdns_note(dc.name, ca->mdns) < 0)
		debugf("%s: cannot note that %s came from mDNS", dwhere, dc.name);
	nvmf_discovery_close(&dc, ca->persistent);
	if (ret < 0)
		return report_source(ca, &sr, ret);
	sr.nr_records = log.nr_entries;
	ret = report_source(ca, &sr, nvmf_disc_log_check(&log, dwhere));

	for (size_t i = 0; i < log.nr_entries; i++) {
		struct nvmf_entry_report r = {
			.source = source, .depth = depth, .index = i, .entry = &log.entries[i],
		};

		switch (log.entries[i].subtype) {
		case NVMF_SUBTYPE_NVME:
			connect_entry(s, t, line, where, &r, ca);
			break;
		case NVMF_SUBTYPE_REFERRAL:
			follow_referral(s, t, line, where, &r, ca);
			break;
		default:
			r.result = NVMF_SKIPPED;
			report(ca, &r);
			break;
		}
	}
	nvmf_disc_log_free(&log);
	return ret;
}

int nvmf_connect_all(struct nvmf_session *s, struct nvmf_topology *t, const struct nvmf_params *line,
		     const char *where, struct nvmf_connect_all *ca)
{
	int ret = connect_from(s, t, line, where, NULL, 0, ca);

	return ret == VISITED ? 0 : ret;
}

void nvmf_connect_all_free(struct nvmf_connect_all *ca)
{
	for (size_t i = 0; i < ca->nr_visited; i++)
		free(ca->visited[i]);
	free(ca->visited);
	ca->visited = NULL;
	ca->nr_visited = 0;
}
