# SPDX-License-Identifier: GPL-2.0-or-later
#
# Discovery controllers announced with mDNS (TP8009) and nvmf --mdns, under
# the systemd, D-Bus and avahi-daemon of the image; sourced by test.sh, whose
# helpers (check, wait_for, live, cursor, ...) it uses. A busy host makes
# avahi-daemon in the guest slow: the browses may take up to 30 s (they end
# as soon as the daemon has told all it knows). nvmet listens on
# 192.0.2.10, .11 and .13 (port 8009, discovery and I/O alike) on a dummy
# interface mdns0 with multicast on; a second one, mdns1, sees the same
# announcements. Discovery controllers are announced with avahi-publish:
#
#   dc-one    192.0.2.10  subsystem MA, and a referral to 192.0.2.11
#   dc-two    192.0.2.11  subsystem MB (so reached twice: announced, referred)
#   dc-three  192.0.2.13  subsystem MC, announced only once the timer runs
#
# mdns_checks runs them; MDNS_PLAN is how many there are. A kernel that does
# not list host_iface (before 5.17) gets no interface from nvmf: the checks
# of it are skipped there (mcheck_if).

MDNS_PLAN=20
MA=nqn.2024-01.io.example:mdns-a
MB=nqn.2024-01.io.example:mdns-b
MC=nqn.2024-01.io.example:mdns-c
MDNS_ADDRS="192.0.2.10 192.0.2.11 192.0.2.13"

# --- the target and the announcements ------------------------------------------
mdns_subsys() { # NQN PORTID: a file-backed namespace, any host, on that port
	local s=$NVMET/subsystems/$1 f=$T/${1##*:}.img
	truncate -s 16M $f &&
		mkdir $s && echo 1 >$s/attr_allow_any_host && mkdir $s/namespaces/1 &&
		echo $f >$s/namespaces/1/device_path && echo 1 >$s/namespaces/1/buffered_io &&
		echo 1 >$s/namespaces/1/enable &&
		ln -s $s $NVMET/ports/$2/subsystems/$1 || { echo "cannot set up subsystem $1 on port $2"; return 1; }
}
mdns_port() { # PORTID ADDR: tcp ADDR:8009
	local p=$NVMET/ports/$1
	mkdir $p && echo tcp >$p/addr_trtype && echo ipv4 >$p/addr_adrfam &&
		echo $2 >$p/addr_traddr && echo 8009 >$p/addr_trsvcid || { echo "cannot create port $1"; return 1; }
}
mdns_referral() { # PORTID ADDR: the port's log refers to tcp ADDR:8009
	local r=$NVMET/ports/$1/referrals/to-$2
	mkdir $r && echo tcp >$r/addr_trtype && echo ipv4 >$r/addr_adrfam && echo $2 >$r/addr_traddr &&
		echo 8009 >$r/addr_trsvcid && echo 1 >$r/enable || { echo "cannot add a referral to $2"; return 1; }
}

# avahi-publish keeps an announcement up while it runs: one per service and
# one per host name's address record, their pids in $T/pub-NAME.
mdns_publish_host() { # HOST ADDR
	avahi-publish -a -R $1 $2 >$T/pub-$1.log 2>&1 &
	echo $! >$T/pub-$1
}
mdns_publish() { # NAME HOST PORT TXT...
	local name=$1 host=$2 port=$3
	shift 3
	avahi-publish -s -H $host $name _nvme-disc._tcp $port "$@" >$T/pub-$name.log 2>&1 &
	echo $! >$T/pub-$name
}
mdns_unpublish() { # NAME...
	local n
	for n in "$@"; do
		[ -r $T/pub-$n ] && kill $(cat $T/pub-$n) 2>/dev/null
		rm -f $T/pub-$n
	done
	return 0
}
mdns_unpublish_all() {
	local f
	for f in $T/pub-*; do
		case $f in *.log) continue ;; esac
		[ -e "$f" ] && mdns_unpublish "${f##*/pub-}"
	done
	return 0
}
browsed() { # NAME...: avahi-browse resolves each on mdns0
	local n bad=0
	avahi-browse -rpt _nvme-disc._tcp >$T/browse 2>&1
	for n in "$@"; do
		grep -q "^=;mdns0;IPv4;$n;" $T/browse || { echo "$n is not resolved on mdns0"; bad=1; }
	done
	[ $bad -eq 0 ] && grep "^=" $T/browse | cut -d';' -f2,4,8,9,10
	[ $bad -eq 0 ] || cat $T/browse
	return $bad
}

mdns_setup() {
	local a
	modprobe nvmet && modprobe nvmet-tcp || { echo "cannot load nvmet, nvmet-tcp"; return 1; }
	for i in 0 1; do
		ip link add mdns$i type dummy && ip link set mdns$i multicast on && ip link set mdns$i up ||
			{ echo "cannot make mdns$i"; return 1; }
	done
	for a in $MDNS_ADDRS; do ip addr add $a/24 dev mdns0 || return 1; done
	ip addr add 198.51.100.1/24 dev mdns1 || return 1
	mdns_port 11 192.0.2.10 && mdns_port 12 192.0.2.11 && mdns_port 13 192.0.2.13 &&
		mdns_subsys $MA 11 && mdns_subsys $MB 12 && mdns_subsys $MC 13 &&
		mdns_referral 11 192.0.2.11 || return 1
	# as ../shared/docs/mdns.md has it: only the dummy interfaces, IPv4
	sed -i -e 's/^#*allow-interfaces=.*/allow-interfaces=mdns0,mdns1/' \
		-e 's/^#*use-ipv6=.*/use-ipv6=no/' /etc/avahi/avahi-daemon.conf
	grep -q '^allow-interfaces=mdns0,mdns1' /etc/avahi/avahi-daemon.conf ||
		{ echo "avahi-daemon.conf has no allow-interfaces line"; return 1; }
	systemctl restart avahi-daemon.service || { systemctl status --no-pager avahi-daemon.service; return 1; }
	echo "avahi-daemon $(systemctl is-active avahi-daemon.service) ($(avahi-daemon --version 2>&1)); nvmet on $MDNS_ADDRS:8009"
}
mdns_publish_all() { # dc-one and dc-two
	mdns_publish_host dc1.local 192.0.2.10
	mdns_publish_host dc2.local 192.0.2.11
	mdns_publish_host dc3.local 192.0.2.13
	mdns_publish dc-one dc1.local 8009 "nqn=$DISC" "p=tcp"
	mdns_publish dc-two dc2.local 8009 "nqn=$DISC" "p=TCP"
}

# --- what nvmf did ---------------------------------------------------------------
disc_left() { # the discovery controllers there are
	local c
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat $c/subsysnqn 2>/dev/null)" = $DISC ] && basename $c
	done
	return 0
}
# run_nvmf ARGS...: $T/out, $T/err, $RC
run_nvmf() {
	local t0
	t0=$(now)
	nvmf "$@" >$T/out 2>$T/err
	RC=$?
	echo "nvmf $*: exit $RC in $(since "$t0") s"
}
show_run() { sed 's/^/  out: /' $T/out | tail -n 12; sed 's/^/  err: /' $T/err | tail -n 12; }

mdns_discover() {
	run_nvmf discover --mdns --mdns-timeout 30 -v
	[ $RC -eq 0 ] && grep -q "^mDNS 'dc-one' on mdns0: tcp 192.0.2.10:8009" $T/out &&
		grep -q "^subnqn:  $MA" $T/out && [ -z "$(disc_left)" ] && return 0
	echo "discovery controllers left: $(disc_left | tr '\n' ' ')"
	show_run
	return 1
}
mdns_once() {
	grep "visited once" $T/err
	grep -q "'dc-one' on mdns1 is 'dc-one' on mdns0 again: visited once" $T/err &&
		[ "$(grep -c "^mDNS 'dc-one'" $T/out)" -eq 1 ] && return 0
	show_run
	return 1
}
host_iface_of() { # NQN: the host_iface of its one controller
	local c
	c=$(ctrls_of $1)
	[ "$(echo "$c" | wc -w)" -eq 1 ] || { echo "$1 has controllers '$c', not one"; return 1; }
	echo "$c: $(cat /sys/class/nvme/$c/address)"
	grep -q 'host_iface=mdns0' /sys/class/nvme/$c/address
}
mdns_connect() { # one run, kept discovery controllers, JSON: looked at by the checks after it
	run_nvmf connect-all --mdns --mdns-timeout 30 -p -o json
	grep -E '"(source|subnqn|result)"' $T/out | paste - - - | head -n 8
	[ $RC -eq 0 ] && live $MA && grep -q '"name": "dc-one"' $T/out && return 0
	show_run
	return 1
}
mdns_referral_once() {
	ctrls
	live $MB && [ "$(ctrls_of $MB | wc -l)" -eq 1 ] && [ "$(grep -c "\"subnqn\": \"$MB\"" $T/out)" -eq 1 ] &&
		return 0
	show_run
	return 1
}
mdns_list() {
	nvmf list >$T/list 2>&1
	grep "discovery controller" $T/list
	grep -q "(discovery controller, from mDNS 'dc-one' on mdns0)" $T/list || { cat $T/list; return 1; }
	# the kept discovery controllers are not wanted by the checks that follow
	nvmf disconnect -n $DISC >/dev/null
}
hostile_seen() { browsed bad-p bad-comma bad-binary no-p; }
mdns_hostile() {
	local before after
	before=$(ctrls | sort)
	run_nvmf connect-all --mdns --mdns-timeout 30
	after=$(ctrls | sort)
	grep "is skipped" $T/err
	[ $RC -eq 1 ] && [ "$(grep -c "is skipped" $T/err)" -eq 4 ] &&
		grep -q "'bad-p' on mdns0 (192.0.2.10 port 8009) is skipped: its p=xyz is not a transport" $T/err &&
		grep -q "'bad-comma' on mdns0 .*contains ','" $T/err &&
		grep -q "'bad-binary' on mdns0 .*not printable ASCII" $T/err &&
		grep -q "'no-p' on mdns0 .*no TXT record p=" $T/err &&
		[ "$before" = "$after" ] && return 0
	echo "controllers before: $before; after: $after"
	show_run
	return 1
}
daemon_down() {
	mdns_unpublish_all
	# masked, or D-Bus would start it again for the first client that asks
	systemctl mask --runtime avahi-daemon.service avahi-daemon.socket >/dev/null 2>&1
	systemctl stop avahi-daemon.socket avahi-daemon.service
	echo "avahi-daemon $(systemctl is-active avahi-daemon.service)"
	run_nvmf discover --mdns
	cat $T/err
	[ $RC -eq 2 ] && [ "$(wc -l <$T/err)" -eq 1 ] && grep -q "discover: --mdns: cannot reach avahi-daemon" $T/err &&
		[ ! -s $T/out ] && return 0
	show_run
	return 1
}
daemon_down_conf() {
	# the interface mdns_connect connected $MB through, if the kernel took one
	local iface=
	has host_iface && iface=" --host-iface mdns0"
	printf -- '--transport tcp --traddr 192.0.2.11%s\n--mdns\n' "$iface" >$T/down.conf
	run_nvmf connect-all --config-file $T/down.conf
	cat $T/out $T/err
	[ $RC -eq 2 ] && grep -q "already connected .*: $MB at tcp 192.0.2.11:8009" $T/out &&
		[ "$(grep -c . $T/err)" -eq 1 ] && grep -q -- "--mdns: cannot reach avahi-daemon" $T/err
}
daemon_up() {
	systemctl unmask --runtime avahi-daemon.service avahi-daemon.socket >/dev/null 2>&1
	systemctl start avahi-daemon.socket avahi-daemon.service || return 1
	mdns_publish_all
	wait_for 20 browsed dc-one dc-two
}
mdns_timer_on() {
	nvmf disconnect --all --no-hold >/dev/null
	gone $MA $MB $MC || return 1
	mkdir -p /etc/nvme
	printf -- '--mdns --ctrl-loss-tmo 30 --mdns-timeout 20\n' >$CONF
	# the interval of the checks before, if they ran; set the same otherwise
	if ! systemctl show -p TimersMonotonic --value $TIMER | grep -q 'OnUnitActiveUSec=5s'; then
		mkdir -p /etc/systemd/system/$TIMER.d
		printf '[Timer]\nOnUnitActiveSec=\nOnBootSec=0\nOnUnitActiveSec=5s\n' >/etc/systemd/system/$TIMER.d/interval.conf
		systemctl daemon-reload || return 1
	fi
	systemctl enable --now $TIMER >/dev/null 2>&1 || return 1
	echo "$CONF: $(cat $CONF); timer $(systemctl is-active $TIMER)"
}
ctrl_of_mc() {
	local c
	c=$(ctrls_of $MC)
	echo "$c: $(cat /sys/class/nvme/$c/address 2>/dev/null), ctrl_loss_tmo $(cat /sys/class/nvme/$c/ctrl_loss_tmo 2>/dev/null)"
	[ "$(echo "$c" | wc -w)" -eq 1 ] && [ "$(cat /sys/class/nvme/$c/ctrl_loss_tmo)" = 30 ]
}
mc_line() {
	local j
	j=$(journal_since "$MDNS_C0")
	echo "$j" | grep -E 'nvmf\[' | tail -n 4
	echo "$j" | grep -q "nvmf\[[0-9]*\]: connected nvme[0-9]*: $MC at tcp 192.0.2.13:8009 (from mDNS 'dc-three' on mdns0)"
}

# check, and how long it took, for the summary at the end
mcheck() {
	local t0 rc
	t0=$(now)
	check "$@"
	rc=$?
	echo "$(since "$t0") s  $1" >>$T/mdns-times
	return $rc
}
mcheck_if() { # FEATURE NAME CMD...: mcheck, or skip it on a kernel without FEATURE
	if has $1; then mcheck "${@:2}"; else skip 1 "$2" "$(lacks $1)"; fi
}

mdns_checks() {
	local t0
	t0=$(now)
	: >$T/mdns-times
	# what the checks before may have left: the timer, connections, a conf
	systemctl stop $TIMER 2>/dev/null
	nvmf disconnect --all --no-hold >/dev/null 2>&1
	rm -f $CONF
	mcheck "mdns: avahi-daemon with mdns0 and mdns1 (dummy, multicast), nvmet on 192.0.2.10/11/13:8009" mdns_setup
	mdns_publish_all
	mcheck "mdns: avahi-browse resolves dc-one and dc-two, published with avahi-publish (bounded: 20 s)" \
		wait_for 20 browsed dc-one dc-two
	mcheck "mdns: nvmf discover --mdns reads dc-one's log, and leaves no discovery controller" mdns_discover
	mcheck "mdns: dc-one seen on mdns0 and on mdns1 is read once" mdns_once
	mcheck "mdns: nvmf connect-all --mdns -p connects $MA, exit 0" mdns_connect
	mcheck_if host_iface "mdns: $MA through mdns0, the interface of its announcement (host_iface)" host_iface_of $MA
	mcheck "mdns: $MB, announced by dc-two and referred to by dc-one, is connected once" mdns_referral_once
	mcheck "mdns: nvmf list names a kept discovery controller's announcement" mdns_list

	mdns_publish bad-p dc1.local 8009 "p=xyz"
	mdns_publish bad-comma dc1.local 8009 "p=tcp" "nqn=nqn.2014-08.org.example:a,transport=loop"
	mdns_publish bad-binary dc1.local 8009 "p=tcp" "nqn=nqn.2014-08.org.example:$(printf '\001')x"
	mdns_publish no-p dc1.local 8009 "nqn=$DISC"
	mcheck "mdns: hostile announcements are resolved by avahi-browse (bounded: 20 s)" wait_for 20 hostile_seen
	mcheck "mdns: connect-all names each hostile announcement, connects nothing new, exit 1" mdns_hostile
	mdns_unpublish bad-p bad-comma bad-binary no-p

	mcheck "mdns: avahi-daemon stopped: discover --mdns says so in one line, exit 2" daemon_down
	mcheck "mdns: avahi-daemon stopped: a discovery.conf line still works beside a --mdns line (exit 2)" daemon_down_conf
	mcheck "mdns: avahi-daemon back, dc-one and dc-two announced again (bounded: 30 s)" daemon_up

	MDNS_C0=$(cursor)
	mcheck "mdns: discovery.conf '--mdns --ctrl-loss-tmo 30', the timer every 5 s" mdns_timer_on
	mcheck "mdns: the timer connects $MA and $MB, nobody acting (bounded: 60 s)" wait_for 60 live $MA $MB
	mdns_publish dc-three dc3.local 8009 "p=tcp"
	mcheck "mdns: dc-three announced later: the timer connects $MC, nobody acting (bounded: 60 s)" \
		wait_for 60 live $MC
	mcheck "mdns: $MC with the line's ctrl_loss_tmo 30" ctrl_of_mc
	mcheck_if host_iface "mdns: $MC through mdns0 (host_iface)" host_iface_of $MC
	mcheck "mdns: the journal has nvmf's line for $MC, from mDNS 'dc-three' (bounded: 15 s)" wait_for 15 mc_line
	mcheck "mdns: $UNIT is not failed" not_failed

	systemctl stop $TIMER
	mdns_unpublish_all
	nvmf disconnect --all --no-hold >/dev/null 2>&1
	say "mdns: the checks took $(since "$t0") s"
	detail $T/mdns-times
	return 0
}

# --- make bench: connect-all --mdns with 1 and 16 announced controllers ----------
# For each K: K discovery controllers on 192.0.2.100.. (nvmet ports 100..,
# one subsystem each) announced; then per round, from nothing connected,
# connect-all --mdns (cold), again (steady), and the same over a
# discovery.conf that lists the K controllers (what mDNS adds is the
# difference). "VMTEST: BENCH mdns k=K round=R fig=NAME ns=NS rc=RC" lines
# for tests/bench/run; BENCH_ROUNDS (3) from the kernel command line.
MDNS_BENCH_PLAN=5
bench_ns() { date +%s%N; }
bench_line() { say "BENCH mdns k=$1 round=$2 fig=$3 ns=$4 rc=$5"; }
bench_timed() { # K ROUND FIG ARGS...: one timed nvmf run
	local k=$1 r=$2 fig=$3 t0 t1 rc
	shift 3
	t0=$(bench_ns)
	nvmf "$@" >$T/bench.out 2>&1
	rc=$?
	t1=$(bench_ns)
	bench_line $k $r $fig $((t1 - t0)) $rc
	[ $rc -eq 0 ] || { say "|   nvmf $* exited $rc:"; detail $T/bench.out 10; }
	return $rc
}
bench_setup() {
	local i a iface=
	# the interface --mdns connects through, where the kernel takes one
	has host_iface && iface=" --host-iface mdns0"
	mdns_setup || return 1
	: >$T/bench.conf
	for i in $(seq 0 15); do
		a=192.0.2.$((100 + i))
		ip addr add $a/24 dev mdns0 && mdns_port $((100 + i)) $a &&
			mdns_subsys nqn.2024-01.io.example:bench-$i $((100 + i)) || return 1
		echo "--transport tcp --traddr $a$iface" >>$T/bench.conf
	done
	echo "16 discovery controllers, one subsystem each, on 192.0.2.100-115:8009"
}
bench_announce() { # K: the first K announced, the rest not
	local i
	mdns_unpublish_all
	for i in $(seq 0 $(($1 - 1))); do
		mdns_publish_host bench$i.local 192.0.2.$((100 + i))
		mdns_publish bench-$i bench$i.local 8009 "p=tcp" "nqn=$DISC"
	done
}
bench_resolved() { # K
	avahi-browse -rpt _nvme-disc._tcp >$T/browse 2>&1
	local n
	n=$(grep -c '^=;mdns0;IPv4;bench-' $T/browse)
	echo "$n of $1 resolved"
	[ "$n" -eq "$1" ]
}
bench_connected() { # K: subsystems bench-0..K-1 each have one live controller
	local i c n=0
	for i in $(seq 0 $(($1 - 1))); do
		c=$(ctrls_of nqn.2024-01.io.example:bench-$i)
		[ "$(echo $c | wc -w)" -eq 1 ] && [ "$(cat /sys/class/nvme/$c/state)" = live ] && n=$((n + 1))
	done
	echo "$n of $1 connected"
	[ $n -eq "$1" ]
}
bench_round() { # K ROUND
	local k=$1 r=$2 ok=0
	head -n $k $T/bench.conf >$T/bench-k.conf
	nvmf disconnect --all --no-hold >/dev/null 2>&1
	bench_timed $k $r mdns_cold connect-all --mdns --mdns-timeout 30 --quiet && bench_connected $k >/dev/null && ok=$((ok + 1))
	bench_timed $k $r mdns_steady connect-all --mdns --mdns-timeout 30 --quiet && ok=$((ok + 1))
	nvmf disconnect --all --no-hold >/dev/null 2>&1
	bench_timed $k $r conf_cold connect-all --quiet --config-file $T/bench-k.conf &&
		bench_connected $k >/dev/null && ok=$((ok + 1))
	bench_timed $k $r conf_steady connect-all --quiet --config-file $T/bench-k.conf && ok=$((ok + 1))
	[ $ok -eq 4 ]
}
bench_rounds() { # K
	local r bad=0
	for r in $(seq 1 $BENCH_ROUNDS); do bench_round $1 $r || bad=1; done
	[ $bad -eq 0 ] && echo "$BENCH_ROUNDS rounds: every cold run connected all $1, every run exited 0"
	return $bad
}
mdns_bench() {
	BENCH_ROUNDS=$(sed -n 's/.*nvmf.bench.rounds=\([0-9]*\).*/\1/p' /proc/cmdline)
	[ -n "$BENCH_ROUNDS" ] || BENCH_ROUNDS=3
	check "bench: avahi-daemon, nvmet with 16 discovery controllers on mdns0" bench_setup
	bench_announce 1
	check "bench: 1 controller announced and resolved (bounded: 30 s)" wait_for 30 bench_resolved 1
	check "bench: K=1: connect-all --mdns and over discovery.conf" bench_rounds 1
	bench_announce 16
	check "bench: 16 controllers announced and resolved (bounded: 60 s)" wait_for 60 bench_resolved 16
	check "bench: K=16: connect-all --mdns and over discovery.conf" bench_rounds 16
	mdns_unpublish_all
	nvmf disconnect --all --no-hold >/dev/null 2>&1
}
