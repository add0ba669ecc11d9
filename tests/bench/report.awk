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
function verdict(r, lim) { return r < 0 ? "" : (r <= lim + 0 ? "PASS" : "MISS") }
function rrow(name, a, b, den, what, lim, pr,   r) {
	r = ratio(a, den)
	printf "  %-20s %8s %8s %8s   %-13s %5s %9s  <= %-4s %s\n", name, FL[name], s(a), s(b), what,
	       r < 0 ? "-" : sprintf("%.2f", r), pr < 0 ? "-" : sprintf("%.2f", pr), lim, verdict(r, lim)
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
	print "nvmf benchmark: Debian's " (kernel != "" ? kernel : "6.12") " kernel in qemu TCG (no KVM, 2 vCPUs), nvmet tcp on 127.0.0.1:4420,"
	print "N subsystems with a null_blk namespace each; nvme-cli is Debian's 2.3. Median seconds of the rounds."
	printf "Measured: %s; guest kernel %s; host %s\n", meta["date"] == "" ? "?" : meta["date"],
	       meta["kernel"] == "" ? "?" : meta["kernel"], meta["host"] == "" ? "?" : meta["host"]
	for (k = 1; k <= nn; k++) {
		n = order[k]
		print ""
		printf "N = %d (%d rounds; target set-up %.1fs; clock %s)\n", n, R[n], setup[n] / 1e9, clock[n]
		printf "  %-20s %8s %8s %8s   %-13s %5s %9s  %-7s %s\n", "", "floor", "nvmf", "nvme-cli", "ratio", "", "per round", "target", ""
		FL["connect-all, cold"] = s(m(n, "floor_cold"))
		FL["connect-all, steady"] = s(m(n, "floor_steady")) "*"
		FL["list / list-subsys"] = "-"
		FL["disconnect all"] = s(m(n, "floor_disconnect")) "*"
		rrow("connect-all, cold", m(n, "nvmf_cold"), m(n, "nvme_cold"), m(n, "floor_cold"), "nvmf/floor", "1.15", rmed(n, "nvmf_cold", "floor_cold"))
		rrow("connect-all, steady", m(n, "nvmf_steady"), m(n, "nvme_steady"), m(n, "nvme_steady"), "nvmf/nvme-cli", "0.20", rmed(n, "nvmf_steady", "nvme_steady"))
		rrow("list / list-subsys", m(n, "nvmf_list"), m(n, "nvme_list"), m(n, "nvme_list"), "nvmf/nvme-cli", "0.50", rmed(n, "nvmf_list", "nvme_list"))
		rrow("disconnect all", m(n, "nvmf_disconnect"), m(n, "nvme_disconnect"), m(n, "nvme_disconnect"), "nvmf/nvme-cli", "0.20", rmed(n, "nvmf_disconnect", "nvme_disconnect"))
		printf "  also: cold nvme-cli/floor %.2f; steady nvmf/floor* %.2f; disconnect nvmf/floor* %.2f\n",
		       ratio(m(n, "nvme_cold"), m(n, "floor_cold")), ratio(m(n, "nvmf_steady"), m(n, "floor_steady")),
		       ratio(m(n, "nvmf_disconnect"), m(n, "floor_disconnect"))
		printf "  floor, cold, in parts: discovery create %.3f + log read %.3f (one nvme get-log) + delete %.3f + %d creates %.3f (%.1f ms each)\n",
		       m(n, "floor_disc_create"), m(n, "floor_disc_log"), m(n, "floor_disc_delete"), n,
		       m(n, "floor_io_creates"), m(n, "floor_io_creates") * 1000 / n
		print "  ratio: of the medians (judged); per round: the median of each round's own ratio"
		print "  * floor steady: the discovery part of the cold floor (create, log read, delete);"
		print "    floor disconnect: sysfs delete_controller writes, one after another"
		if (note[n] != "") { print "  non-zero exits / failed creates:"; printf "%s", note[n] }
	}
	print ""
	print "Scale: median seconds (ms per subsystem)"
	printf "  %-22s", "figure"
	for (k = 1; k <= nn; k++) printf " %18s", "N=" order[k]
	printf "\n"
	nf = split("floor_cold nvmf_cold nvme_cold floor_steady nvmf_steady nvme_steady nvmf_list nvme_list floor_disconnect nvmf_disconnect nvme_disconnect floor_io_creates", F, " ")
	split("floor: connect cold|nvmf connect-all cold|nvme connect-all cold|floor: discovery only|nvmf connect-all again|nvme connect-all again|nvmf list|nvme list-subsys|floor: sysfs deletes|nvmf disconnect --all|nvme disconnect-all|floor: N creates", L, "|")
	for (f = 1; f <= nf; f++) {
		printf "  %-22s", L[f]
		for (k = 1; k <= nn; k++) {
			v = m(order[k], F[f])
			printf " %18s", v < 0 ? "-" : sprintf("%.3f (%.2f)", v, v * 1000 / order[k])
		}
		printf "\n"
	}
	split("cold nvmf/floor|steady nvmf/nvme-cli|list nvmf/nvme-cli|disconnect nvmf/nvme-cli", RL, "|")
	split("nvmf_cold nvmf_steady nvmf_list nvmf_disconnect", RA, " ")
	split("floor_cold nvme_steady nvme_list nvme_disconnect", RB, " ")
	split("1.15 0.20 0.50 0.20", RT, " ")
	for (f = 1; f <= 4; f++) {
		printf "  %-22s", RL[f]
		for (k = 1; k <= nn; k++) {
			r = ratio(m(order[k], RA[f]), m(order[k], RB[f]))
			printf " %18s", r < 0 ? "-" : sprintf("%.2f %s", r, verdict(r, RT[f] + 0))
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
			printf "  N=%-4s %-22s%s\n", n, L[f], line
		}
	}
}
