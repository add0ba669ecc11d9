# SPDX-License-Identifier: GPL-2.0-or-later
# make bench's mDNS table, from the "BENCH mdns k=K round=R fig=NAME ns=NS rc=RC"
# lines of tests/vm/systemd/mdns.sh (build/bench/raw-mdns.txt).

function median(list,   n, i, j, t, a) {
	n = split(list, a, " ")
	if (n == 0) return -1
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n % 2 ? a[(n + 1) / 2] / 1e9 : (a[n / 2] + a[n / 2 + 1]) / 2e9
}
function s(x) { return x < 0 ? "-" : sprintf("%.3f", x) }

$1 == "BENCH" && $2 == "mdns" {
	k = ""; fig = ""; ns = ""; rc = ""
	for (i = 3; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == "k") k = kv[2]
		else if (kv[1] == "fig") fig = kv[2]
		else if (kv[1] == "ns") ns = kv[2]
		else if (kv[1] == "rc") rc = kv[2]
		else if (kv[1] == "round") round = kv[2]
	}
	if (k == "" || fig == "") next
	if (!(k in seen)) { seen[k] = 1; ks[++nk] = k }
	V[k, fig] = V[k, fig] " " ns
	all[k, fig] = all[k, fig] sprintf(" %.3f", ns / 1e9)
	if (rc != "0") bad[k] = bad[k] sprintf(" round %s %s exited %s;", round, fig, rc)
}

END {
	if (nk == 0) { print "bench: no mDNS figures (did the systemd VM run?)"; exit 1 }
	for (i = 1; i <= nk; i++) { n = split(V[ks[i], "mdns_cold"], tmp, " "); if (n > rounds) rounds = n }
	printf "Announced with mDNS (%d rounds): connect-all --mdns, K discovery controllers announced with\n", rounds
	print "avahi-publish (systemd VM, avahi-daemon 0.8, nvmet tcp on a dummy interface), one subsystem each;"
	print "against the same K controllers listed in discovery.conf. Median seconds; the difference is what"
	print "finding them with mDNS costs."
	print ""
	printf "  %-4s %12s %12s %10s   %12s %12s\n", "K", "mdns, cold", "conf, cold", "mDNS adds", "mdns, steady", "conf, steady"
	for (i = 1; i <= nk; i++) {
		k = ks[i]
		mc = median(V[k, "mdns_cold"]); cc = median(V[k, "conf_cold"])
		ms = median(V[k, "mdns_steady"]); cs = median(V[k, "conf_steady"])
		printf "  %-4s %12s %12s %10s   %12s %12s\n", k, s(mc), s(cc), (mc < 0 || cc < 0) ? "-" : s(mc - cc), s(ms), s(cs)
	}
	print ""
	print "Every round:"
	for (i = 1; i <= nk; i++) {
		k = ks[i]
		printf "  K=%s mdns_cold%s; conf_cold%s; mdns_steady%s; conf_steady%s\n", k,
		       all[k, "mdns_cold"], all[k, "conf_cold"], all[k, "mdns_steady"], all[k, "conf_steady"]
		if (k in bad) printf "  K=%s failures:%s\n", k, bad[k]
	}
}
