# SPDX-License-Identifier: GPL-2.0-or-later
# The tables of make bench, from the "BENCH n=N round=R fig=NAME ns=NS ..."
# lines tests/bench/scenario.sh reports (build/bench/raw.txt).

function median(key,   n, i, j, t, a) {
	n = split(V[key], a, " ")
	if (n == 0) return -1
	for (i = 2; i <= n; i++) {	# insertion sort, numerically
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n % 2 ? a[(n + 1) / 2] / 1e9 : (a[n / 2] + a[n / 2 + 1]) / 2e9
}
function sortn(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
}
# the median over the rounds of fa/fb, each round's own pair
function rmed(n, fa, fb,   r, c, a) {
	c = 0
	for (r = 1; r <= R[n]; r++)
		if ((n, fa, r) in VR && (n, fb, r) in VR && VR[n, fb, r] > 0)
			a[++c] = VR[n, fa, r] / VR[n, fb, r]
	if (!c) return -1
	sortn(a, c)
	return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
}
function s(x) { return x < 0 ? "-" : sprintf("%.3f", x) }
function m(n, f) { return median(n SUBSEP f) }
function ratio(a, b) { return (a < 0 || b <= 0) ? -1 : a / b }
function r2(x) { return x < 0 ? "-" : sprintf("%.2f", x) }
function verdict(r, lim) { return r < 0 ? "" : (r <= lim + 0 ? "PASS" : "MISS") }
# the nvme-cli ("nvme" or "trixie") with the smaller median of the figure
function faster(n, sfx,   a, b) {
	a = m(n, "nvme_" sfx); b = m(n, "trixie_" sfx)
	return b >= 0 && (a < 0 || b < a) ? "trixie" : "nvme"
}
# the figure a row is judged against: the floor's, or the faster nvme-cli's
function judged(n, sfx, by) { return by == "floor" ? "floor_" sfx : faster(n, sfx) "_" sfx }
function rrow(n, name, sfx, by, lim,   x, den, what, r) {
	x = m(n, "nvmf_" sfx); den = judged(n, sfx, by)
	what = "nvmf/" (by == "floor" ? "floor" : VER[faster(n, sfx)])
	r = ratio(x, m(n, den))
	printf "  %-20s %8s %8s %9s %9s %9s %9s  %-10s %5s %9s  <= %-4s %s\n", name, FL[name], s(x),
	       s(m(n, "nvme_" sfx)), s(m(n, "trixie_" sfx)),
	       r2(ratio(x, m(n, "nvme_" sfx))), r2(ratio(x, m(n, "trixie_" sfx))),
	       what, r2(r), r2(rmed(n, "nvmf_" sfx, den)), lim, verdict(r, lim)
}

$2 == "meta" {
	k = $3
	sub(/^BENCH meta [a-z]+ /, "")
	if (!(k in meta)) meta[k] = $0
	next
}

{
	n = ""; fig = ""; ns = ""; round = ""
	for (i = 2; i <= NF; i++) {
		if ($i ~ /^n=/) n = substr($i, 3)
		else if ($i ~ /^fig=/) fig = substr($i, 5)
		else if ($i ~ /^ns=/) ns = substr($i, 4)
		else if ($i ~ /^round=/) round = substr($i, 7)
		else if ($i ~ /^(rc|failed)=/ && $i !~ /=0$/ && fig != "") note[n] = note[n] sprintf("    round %s %s: %s\n", round, fig, $i)
	}
	if (n == "") next
	if (!(n in seen)) { seen[n] = 1; order[++nn] = n }
	if ($3 == "version") { if (!($4 in VER)) VER[$4] = $5; next }
	if ($3 == "setup") { setup[n] = $4; sub(/^ns=/, "", setup[n]); clock[n] = $5; sub(/^clock=/, "", clock[n]); next }
	if ($3 == "string") { str[n, $4] = $0; sub(/^BENCH n=[0-9]+ string [a-z]+ /, "", str[n, $4]); next }
	if (fig == "" || ns == "") next
	V[n SUBSEP fig] = V[n SUBSEP fig] " " ns
	VR[n, fig, round] = ns
	rounds[n SUBSEP fig]++
	if (rounds[n SUBSEP fig] > R[n]) R[n] = rounds[n SUBSEP fig]
}

END {
	if (nn == 0) { print "bench: no figures (did the VM run?)"; exit 1 }
	# sort the Ns numerically
	for (i = 2; i <= nn; i++) {
		t = order[i]
		for (j = i - 1; j >= 1 && order[j] + 0 > t + 0; j--) order[j + 1] = order[j]
		order[j + 1] = t
	}
	if (!("nvme" in VER)) VER["nvme"] = "?"
	if (!("trixie" in VER)) VER["trixie"] = "?"
	print "nvmf benchmark: Debian's " (kernel != "" ? kernel : "6.12") " kernel in qemu TCG (no KVM, 2 vCPUs), nvmet tcp on 127.0.0.1:4420,"
	print "N subsystems with a null_blk namespace each. Median seconds of the rounds."
	print "nvme-cli: " VER["nvme"] ", Debian 12's package, and " VER["trixie"] ", Debian 13's (trixie's, run with its own libraries)."
	print "Judged: a cold connect-all against the floor; the rest against the faster nvme-cli of each row."
	printf "Measured: %s; guest kernel %s; host %s\n", meta["date"] == "" ? "?" : meta["date"],
	       meta["kernel"] == "" ? "?" : meta["kernel"], meta["host"] == "" ? "?" : meta["host"]
	for (k = 1; k <= nn; k++) {
		n = order[k]
		print ""
		printf "N = %d (%d rounds; target set-up %.1fs; clock %s)\n", n, R[n], setup[n] / 1e9, clock[n]
		printf "  %-20s %8s %8s %9s %9s %9s %9s  %-10s %5s %9s  %s\n", "", "floor", "nvmf",
		       "nvme " VER["nvme"], "nvme " VER["trixie"], "nvmf/" VER["nvme"], "nvmf/" VER["trixie"],
		       "judged", "", "per round", "target"
		FL["connect-all, cold"] = s(m(n, "floor_cold"))
		FL["connect-all, steady"] = s(m(n, "floor_steady")) "*"
		FL["list / list-subsys"] = "-"
		FL["disconnect all"] = s(m(n, "floor_disconnect")) "*"
		rrow(n, "connect-all, cold", "cold", "floor", "1.15")
		rrow(n, "connect-all, steady", "steady", "nvme-cli", "0.20")
		rrow(n, "list / list-subsys", "list", "nvme-cli", "0.50")
		rrow(n, "disconnect all", "disconnect", "nvme-cli", "0.20")
		printf "  also: cold nvme-cli/floor %s (%s), %s (%s); steady nvmf/floor* %s; disconnect nvmf/floor* %s\n",
		       r2(ratio(m(n, "nvme_cold"), m(n, "floor_cold"))), VER["nvme"],
		       r2(ratio(m(n, "trixie_cold"), m(n, "floor_cold"))), VER["trixie"],
		       r2(ratio(m(n, "nvmf_steady"), m(n, "floor_steady"))),
		       r2(ratio(m(n, "nvmf_disconnect"), m(n, "floor_disconnect")))
		printf "  a start alone (--version, version): nvmf %s, nvme %s %s, nvme %s %s\n", s(m(n, "nvmf_start")),
		       VER["nvme"], s(m(n, "nvme_start")), VER["trixie"], s(m(n, "trixie_start"))
		printf "  floor, cold, in parts: discovery create %.3f + log read %.3f (one nvme get-log) + delete %.3f + %d creates %.3f (%.1f ms each)\n",
		       m(n, "floor_disc_create"), m(n, "floor_disc_log"), m(n, "floor_disc_delete"), n,
		       m(n, "floor_io_creates"), m(n, "floor_io_creates") * 1000 / n
		print "  judged: nvmf against the floor (cold), else against the nvme-cli with the smaller median"
		print "    of the row, so that no figure is judged against the slower nvme-cli alone; PASS/MISS"
		print "    for the ratio of the medians; per round: the median of each round's own judged ratio"
		print "  * floor steady: the discovery part of the cold floor (create, log read, delete);"
		print "    floor disconnect: sysfs delete_controller writes, one after another"
		if (note[n] != "") { print "  non-zero exits / failed creates:"; printf "%s", note[n] }
	}
	print ""
	print "Scale: median seconds (ms per subsystem)"
	printf "  %-27s", "figure"
	for (k = 1; k <= nn; k++) printf " %18s", "N=" order[k]
	printf "\n"
	v = VER["nvme"]; w = VER["trixie"]
	nf = split("floor_cold nvmf_cold nvme_cold trixie_cold floor_steady nvmf_steady nvme_steady trixie_steady nvmf_list nvme_list trixie_list floor_disconnect nvmf_disconnect nvme_disconnect trixie_disconnect floor_io_creates", F, " ")
	split("floor: connect cold|nvmf connect-all cold|nvme " v " connect-all cold|nvme " w " connect-all cold|" \
	      "floor: discovery only|nvmf connect-all again|nvme " v " connect-all again|nvme " w " connect-all again|" \
	      "nvmf list|nvme " v " list-subsys|nvme " w " list-subsys|" \
	      "floor: sysfs deletes|nvmf disconnect --all|nvme " v " disconnect-all|nvme " w " disconnect-all|floor: N creates", L, "|")
	for (f = 1; f <= nf; f++) {
		printf "  %-27s", L[f]
		for (k = 1; k <= nn; k++) {
			x = m(order[k], F[f])
			printf " %18s", x < 0 ? "-" : sprintf("%.3f (%.2f)", x, x * 1000 / order[k])
		}
		printf "\n"
	}
	split("cold nvmf/floor|steady nvmf/faster nvme|list nvmf/faster nvme|disconnect nvmf/faster nvme", RL, "|")
	split("cold steady list disconnect", RK, " ")
	split("floor nvme-cli nvme-cli nvme-cli", RB, " ")
	split("1.15 0.20 0.50 0.20", RT, " ")
	for (f = 1; f <= 4; f++) {
		printf "  %-27s", RL[f]
		for (k = 1; k <= nn; k++) {
			n = order[k]
			r = ratio(m(n, "nvmf_" RK[f]), m(n, judged(n, RK[f], RB[f])))
			printf " %18s", r < 0 ? "-" : sprintf("%.2f %s", r, verdict(r, RT[f] + 0)) \
			       (RB[f] == "floor" ? "" : " (" VER[faster(n, RK[f])] ")")
		}
		printf "\n"
	}
	k = 1
	if (str[order[k], "io"] != "") {
		print ""
		print "Option strings the floor wrote (nvmf's, N=" order[k] "):"
		print "  " str[order[k], "disc"]
		print "  " str[order[k], "io"]
	}
	print ""
	print "Each round, seconds (the spread shows how noisy the host was):"
	for (k = 1; k <= nn; k++) {
		n = order[k]
		for (f = 1; f <= nf; f++) {
			line = ""
			for (r = 1; r <= R[n]; r++)
				line = line sprintf(" %7s", (n, F[f], r) in VR ? sprintf("%.3f", VR[n, F[f], r] / 1e9) : "-")
			printf "  N=%-4s %-27s%s\n", n, L[f], line
		}
	}
}
