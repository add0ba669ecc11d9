// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Browsing _nvme-disc._tcp through avahi-daemon with libavahi-client, for a
 * bounded time: every announcement is resolved to its address, port,
 * interface and TXT records and handed on unchecked. nvmf builds without
 * libavahi-client too; then --mdns says so.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <time.h>

#include "mdns.h"

#ifdef NVMF_HAVE_AVAHI

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/address.h>
#include <avahi-common/error.h>
#include <avahi-common/simple-watch.h>
#include <avahi-common/strlst.h>

/* TXT records looked at, of one announcement: TP8009 needs two. */
#define MAX_TXT 64

struct browse {
	AvahiClient *client;
	const char *where;
	void (*found)(const struct nvmf_mdns_announce *a, void *arg);
	void *arg;
	unsigned int pending;	/* resolvers not done yet */
	bool all_for_now;	/* the daemon has told what it knows */
	int error;		/* an avahi error code that ends the browse */
};

static void resolved(AvahiServiceResolver *r, AvahiIfIndex iface, AvahiProtocol proto,
		     AvahiResolverEvent event, const char *name, const char *type, const char *domain,
		     const char *host, const AvahiAddress *addr, uint16_t port, AvahiStringList *txt,
		     AvahiLookupResultFlags flags, void *arg)
{
	struct browse *b = arg;
	char address[AVAHI_ADDRESS_STR_MAX], ifname[IF_NAMESIZE] = "";
	struct nvmf_mdns_txt records[MAX_TXT];
	struct nvmf_mdns_announce a = {
		.name = name, .iface = ifname, .address = address, .port = port, .txt = records,
	};

	(void)proto, (void)type, (void)domain, (void)flags;
	b->pending--;
	if (event != AVAHI_RESOLVER_FOUND) {
		debugf("%s: '%s' could not be resolved: %s", b->where, name,
		       avahi_strerror(avahi_client_errno(b->client)));
		avahi_service_resolver_free(r);
		return;
	}
	avahi_address_snprint(address, sizeof(address), addr);
	if (!if_indextoname(iface, ifname))
		ifname[0] = '\0';
	for (AvahiStringList *l = txt; l && a.nr_txt < MAX_TXT; l = avahi_string_list_get_next(l)) {
		records[a.nr_txt].data = avahi_string_list_get_text(l);
		records[a.nr_txt].len = avahi_string_list_get_size(l);
		a.nr_txt++;
	}
	debugf("%s: '%s' on %s: host %s, %s port %u, %zu TXT record(s)", b->where, name, ifname,
	       host, address, port, a.nr_txt);
	b->found(&a, b->arg);
	avahi_service_resolver_free(r);
}

static void browsed(AvahiServiceBrowser *sb, AvahiIfIndex iface, AvahiProtocol proto,
		    AvahiBrowserEvent event, const char *name, const char *type, const char *domain,
		    AvahiLookupResultFlags flags, void *arg)
{
	struct browse *b = arg;

	(void)flags;
	switch (event) {
	case AVAHI_BROWSER_NEW:
		/* the address of the browse's own IP version */
		if (avahi_service_resolver_new(b->client, iface, proto, name, type, domain, proto, 0,
					       resolved, b))
			b->pending++;
		else
			debugf("%s: cannot resolve '%s': %s", b->where, name,
			       avahi_strerror(avahi_client_errno(b->client)));
		break;
	case AVAHI_BROWSER_ALL_FOR_NOW:
		b->all_for_now = true;
		break;
	case AVAHI_BROWSER_FAILURE:
		b->error = avahi_client_errno(avahi_service_browser_get_client(sb));
		break;
	case AVAHI_BROWSER_REMOVE:
	case AVAHI_BROWSER_CACHE_EXHAUSTED:
		break;
	}
}

static void client_state(AvahiClient *c, AvahiClientState state, void *arg)
{
	struct browse *b = arg;

	if (state == AVAHI_CLIENT_FAILURE)
		b->error = avahi_client_errno(c);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int avahi_browse(unsigned int timeout_s, const char *where,
			void (*found)(const struct nvmf_mdns_announce *a, void *arg), void *arg)
{
	struct browse b = { .where = where, .found = found, .arg = arg };
	long long deadline = now_ms() + timeout_s * 1000LL;
	AvahiServiceBrowser *sb = NULL;
	AvahiSimplePoll *poll;
	int err, ret = 0;

	poll = avahi_simple_poll_new();
	if (!poll)
		return errorf(-ENOMEM, "%s: out of memory", where);
	b.client = avahi_client_new(avahi_simple_poll_get(poll), 0, client_state, &b, &err);
	if (!b.client) {
		ret = errorf(-ENOTCONN, "%s: cannot reach avahi-daemon: %s", where, avahi_strerror(err));
		goto out;
	}
	sb = avahi_service_browser_new(b.client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, NVMF_MDNS_SERVICE,
				       NULL, 0, browsed, &b);
	if (!sb) {
		ret = errorf(-ENOTCONN, "%s: avahi-daemon cannot browse %s: %s", where, NVMF_MDNS_SERVICE,
			     avahi_strerror(avahi_client_errno(b.client)));
		goto out;
	}
	while (!b.error && !(b.all_for_now && !b.pending)) {
		long long left = deadline - now_ms();

		if (left <= 0) {
			/* what is left is found by a later run, or with a longer --mdns-timeout */
			if (b.pending)
				warnf("%s: %u announcement(s) not resolved within %u s; not used", where,
				      b.pending, timeout_s);
			break;
		}
		if (avahi_simple_poll_iterate(poll, (int)left) != 0)
			break;
	}
	if (b.error)
		ret = errorf(-ENOTCONN, "%s: avahi-daemon failed: %s", where, avahi_strerror(b.error));
out:
	if (sb)
		avahi_service_browser_free(sb);
	if (b.client)
		avahi_client_free(b.client);	/* and the resolvers still running */
	avahi_simple_poll_free(poll);
	return ret;
}

#else

static int avahi_browse(unsigned int timeout_s, const char *where,
			void (*found)(const struct nvmf_mdns_announce *a, void *arg), void *arg)
{
	(void)timeout_s, (void)found, (void)arg;
	return errorf(-EOPNOTSUPP, "%s: this nvmf was built without libavahi-client, so it cannot browse mDNS",
		      where);
}

#endif

const struct nvmf_mdns_ops nvmf_avahi_ops = {
	.browse = avahi_browse,
};
