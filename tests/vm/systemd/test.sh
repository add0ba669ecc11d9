#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The checks, in the VM: run by vmtest.service once multi-user.target is
# reached, as root, under the Debian systemd that booted.  It plays the
# administrator of the README's persistent set-up and then only watches:
# nobody runs nvmf connect or connect-all by hand.  Every check is one
# console line, "VMTEST: PASS name" or "VMTEST: FAIL name: detail" (more
# detail on "VMTEST: | " lines); "VMTEST: END" last, then systemctl poweroff.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C

PLAN=36
NVMET=/sys/kernel/config/nvmet
UNIT=nvmf-connect-all.service
TIMER=nvmf-connect-all.timer
CONF=/etc/nvme/discovery.conf
LINE="--transport tcp --traddr 127.0.0.1 --trsvcid 4420 --ctrl-loss-tmo 3 --reconnect-delay 1"
DISC=nqn.2014-08.org.nvmexpress.discovery
SA=nqn.2024-01.io.example:systemd-a
SB=nqn.2024-01.io.example:systemd-b
SC=nqn.2024-01.io.example:systemd-c
SR=nqn.2024-01.io.example:systemd-r
# the article's own transport: RDMA, on Soft-RoCE (rdma_rxe on a dummy device)
RLINE="--transport rdma --traddr 203.0.113.1 --trsvcid 4420 --ctrl-loss-tmo 3 --reconnect-delay 1"
T=/run/vmtest
VERBOSE=0
grep -qw nvmf.vmtest.verbose=1 /proc/cmdline && VERBOSE=1
mkdir -p $T

. /usr/local/lib/vmtest/checks.sh

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# wait_for SECONDS CMD...: poll CMD every half second; on success say after
# how long, on timeout show CMD's last output.
wait_for() {
	local secs=$1 t0 
	shift
	t0=$(now)
	while :; do
		if "$@" >$T/wait.out 2>&1; then
			echo "after $(since "$t0") s"
			return 0
		fi
		if awk -v a="$t0" -v b="$(now)" -v s="$secs" 'BEGIN { exit !(b - a >= s) }'; then
			echo "not within $secs s: $(head -n1 $T/wait.out)"
			tail -n +2 $T/wait.out
			return 1
		fi
		sleep 0.5
	done
}

# --- the host side: fabrics controllers in sysfs ------------------------------
ctrls_of() { # NQN: tcp and rdma controllers of that subsystem
	local c
	for c in /sys/class/nvme/nvme*; do
		[ -r "$c/subsysnqn" ] || continue
		case $(cat $c/transport 2>/dev/null) in tcp|rdma) ;; *) continue ;; esac
		[ "$(cat $c/subsysnqn)" = "$1" ] && basename $c
	done
	return 0
}
ctrls() { # one line per fabrics controller: name nqn transport state
	local c
	for c in /sys/class/nvme/nvme*; do
		[ -r "$c/subsysnqn" ] || continue
		case $(cat $c/transport 2>/dev/null) in tcp|rdma) ;; *) continue ;; esac
		echo "$(basename $c) $(cat $c/subsysnqn) $(cat $c/transport) $(cat $c/state)"
	done
}
live() { # NQN...: each has a live controller
	local n c ok bad=0
	for n in "$@"; do
		ok=0
		for c in $(ctrls_of $n); do
			[ "$(cat /sys/class/nvme/$c/state)" = live ] && ok=1
		done
		[ $ok -eq 1 ] || { echo "$n: no live controller"; bad=1; }
	done
	[ $bad -eq 0 ] && return 0
	echo "controllers now:"; ctrls
	return 1
}
gone() { # NQN...: none has a controller
	local n bad=0
	for n in "$@"; do
		[ -z "$(ctrls_of $n)" ] || { echo "$n still has $(ctrls_of $n | tr '\n' ' ')"; bad=1; }
	done
	[ $bad -eq 0 ] && return 0
	ctrls
	return 1
}

# --- the target: nvmet through configfs ---------------------------------------
NULLB=0
target_subsys() { # NQN: one null_blk namespace, any host
	local s=$NVMET/subsystems/$1
	mkdir $s && echo 1 >$s/attr_allow_any_host && mkdir $s/namespaces/1 &&
		echo /dev/nullb$NULLB >$s/namespaces/1/device_path &&
		echo 1 >$s/namespaces/1/enable || { echo "cannot create subsystem $1"; return 1; }
	NULLB=$((NULLB + 1))
}
target_port() { # tcp 127.0.0.1:4420 as port 1 (discovery and I/O)
	local p=$NVMET/ports/1
	mkdir $p && echo tcp >$p/addr_trtype && echo ipv4 >$p/addr_adrfam &&
		echo 127.0.0.1 >$p/addr_traddr && echo 4420 >$p/addr_trsvcid ||
		{ echo "cannot create port 1"; return 1; }
}
target_link() { # NQN [PORT]
	ln -s $NVMET/subsystems/$1 $NVMET/ports/${2:-1}/subsystems/$1 || { echo "cannot link $1"; return 1; }
}
target_unlink() { rm $NVMET/ports/${2:-1}/subsystems/$1 || { echo "cannot unlink $1"; return 1; }; }
target_up() {
	modprobe nvmet && modprobe nvmet-tcp && modprobe null_blk nr_devices=4 ||
		{ echo "cannot load nvmet, nvmet-tcp or null_blk"; return 1; }
	[ -d $NVMET ] || { echo "no $NVMET (configfs not mounted by systemd?)"; mount | grep configfs; return 1; }
	target_subsys $SA && target_subsys $SB && target_port && target_link $SA && target_link $SB || return 1
	echo "$SA and $SB on tcp 127.0.0.1:4420 (port 1)"
}

# --- systemd and the journal --------------------------------------------------
cursor() { journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p'; }
journal_since() { # CURSOR: the unit's journal since then
	journalctl -q -o short-monotonic --no-hostname -u $UNIT --after-cursor "$1"
}
not_failed() { # the unit is not failed (active, activating, inactive)
	local s
	s=$(systemctl is-failed $UNIT)
	echo "is-failed says $s"
	[ "$s" != failed ]
}
is_failed() {
	local s
	s=$(systemctl is-failed $UNIT)
	echo "is-failed says $s; Result=$(systemctl show -p Result --value $UNIT)"
	[ "$s" = failed ]
}

# --- what the kernel can do ------------------------------------------------------
# tests/vm/lib.sh's probe, as the busybox VM's /init runs it: $T/features.
# A check that needs what the kernel lacks is skipped with the reason and
# counted as skipped ("VMTEST: SKIP 1 NAME: WHY"), never as passed; one
# whose need is met runs.
( . /usr/local/lib/vmtest/lib.sh && kernel_features )
has() { grep -qx "$1 yes" $T/features; }
lacks() { sed -n "s/^$1 no //p" $T/features; }
skip() { say "SKIP $1 $2: $3"; }    # N WHAT WHY

# --- the checks -----------------------------------------------------------------
say "KERNEL $(uname -r): has $(sed -n 's/ yes$//p' $T/features | tr '\n' ' ')"
sed -n 's/^\([^ ]*\) no \(.*\)/KERNEL lacks \1: \2/p' $T/features | while IFS= read -r l; do say "$l"; done
# mDNS discovery (tests/vm/systemd/mdns.sh): its checks, and its plan
. /usr/local/lib/vmtest/mdns.sh
only=$(sed -n 's/.*nvmf.vmtest.only=\([a-z-]*\).*/\1/p' /proc/cmdline)
if [ "$only" = mdns ] || [ "$only" = mdns-bench ]; then
	[ "$only" = mdns ] && say "PLAN $MDNS_PLAN" || say "PLAN $MDNS_BENCH_PLAN"
	say "BOOTED $(systemctl show -p ActiveEnterTimestampMonotonic --value multi-user.target | awk '{ printf "multi-user.target at %.1f s guest uptime", $1 / 1e6 }')"
	if [ "$only" = mdns ]; then mdns_checks; else mdns_bench; fi
	say "END"
	systemctl --no-block poweroff
	exit 0
fi
PLAN=$((PLAN + MDNS_PLAN))
say "PLAN $PLAN"
mu=$(systemctl show -p ActiveEnterTimestampMonotonic --value multi-user.target)
us=$(systemctl show -p UserspaceTimestampMonotonic --value)
say "BOOTED $(awk -v u="$mu" -v k="$us" 'BEGIN { printf "multi-user.target at %.1f s guest uptime (kernel and initramfs %.1f s, systemd %.1f s)", u / 1e6, k / 1e6, (u - k) / 1e6 }')"

# what systemd says about the timer and the service, on "VMTEST: | " lines
diag() {
	{
		echo "--- systemctl status $TIMER $UNIT"
		systemctl status --no-pager -n 0 $TIMER $UNIT
		echo "--- systemctl list-timers --all"
		systemctl list-timers --all --no-pager
		echo "--- journalctl -u $TIMER -u $UNIT (last 25)"
		journalctl -q -o short-monotonic --no-hostname -u $TIMER -u $UNIT -n 25
	} >$T/diag 2>&1
	detail $T/diag 80
}
if [ "$VERBOSE" = 1 ]; then
	# the slowest units so far (systemd-analyze blame waits for the boot to end)
	systemctl show -p Id -p ActiveEnterTimestampMonotonic -p InactiveExitTimestampMonotonic '*' 2>/dev/null |
		awk -F= '/^Id=/ { id = $2 } /^InactiveExit/ { x = $2 } /^ActiveEnter/ { if ($2 > 0 && x > 0) printf "%8.2f s  %s\n", ($2 - x) / 1e6, id }' |
		sort -rn | head -n 10 >$T/boot
	detail $T/boot
fi

# 1-3: the boot and what make install put in place
boot_ok() {
	local s
	s=$(systemctl is-system-running)
	echo "is-system-running: $s"
	systemctl --failed --no-legend
	[ "$s" = running ] || [ "$s" = starting ]
	[ -z "$(systemctl --failed --no-legend)" ]
}
check "boot: multi-user.target reached with no failed unit" boot_ok

installed() { # what make install put (the host's list) where systemd and udev read it
	local f d bad=0 n=0
	while read -r f; do
		d=$(dirname "$(readlink -f "$f")")
		case $f in
		*.service|*.timer)
			n=$((n + 1))
			echo "$f: $(systemctl show -p LoadState --value ${f##*/}) from $(systemctl show -p FragmentPath --value ${f##*/})"
			[ "$(systemctl show -p LoadState --value ${f##*/})" = loaded ] || bad=1
			[ "$(readlink -f "$(systemctl show -p FragmentPath --value ${f##*/})")" = "$(readlink -f "$f")" ] || bad=1 ;;
		*.rules)
			n=$((n + 1))
			case $d in
			/etc/udev/rules.d|/run/udev/rules.d|/usr/lib/udev/rules.d|/usr/local/lib/udev/rules.d) echo "$f: a udev rules directory" ;;
			*) echo "$f: udev does not read $d"; bad=1 ;;
			esac ;;
		*/modules-load.d/*)
			n=$((n + 1))
			case $d in
			/etc/modules-load.d|/run/modules-load.d|/usr/lib/modules-load.d|/usr/local/lib/modules-load.d) echo "$f: a modules-load.d directory" ;;
			*) echo "$f: systemd-modules-load does not read $d"; bad=1 ;;
			esac ;;
		esac
	done </usr/local/lib/vmtest/installed
	[ $n -ge 4 ] || { echo "only $n of the units, rule and modules-load file installed"; bad=1; }
	[ $bad -eq 0 ] && echo "$(tr '\n' ' ' </usr/local/lib/vmtest/installed)"
	return $bad
}
check "install: the units, udev rule and modules-load file where systemd and udev read them" installed

execstart() {
	local p
	p=$(systemctl show -p ExecStart --value $UNIT | sed -n 's/.*path=\([^ ;]*\).*/\1/p')
	echo "ExecStart path $p; make install put nvmf at /usr/sbin/nvmf"
	[ -x "$p" ]
}
check "install: the service's ExecStart is the installed nvmf" execstart

# 4: modules-load.d at boot (nothing else loads nvme-tcp before this point).
# Its lines are found by the name it logs under (-t), not by unit (-u): it
# runs so early that it may have exited before journald reads what it sent,
# and then journald cannot tell its unit from its pid.
modules_loaded() {
	local m bad=0
	journalctl -q -b -o cat -t systemd-modules-load >$T/modules-load
	for m in nvme_fabrics nvme_tcp; do
		[ -d /sys/module/$m ] || { echo "$m is not loaded"; bad=1; }
		grep -q "Inserted module '$m'" $T/modules-load ||
			{ echo "systemd-modules-load did not insert $m"; bad=1; }
	done
	[ $bad -eq 0 ] && echo "systemd-modules-load inserted nvme_fabrics and nvme_tcp at boot"
	echo "systemd-modules-load.service: $(systemctl is-active systemd-modules-load.service)"
	cat $T/modules-load
	return $bad
}
check "boot: the modules-load file loaded nvme-fabrics and nvme-tcp" modules_loaded

# 5-6: the target, the discovery.conf line, the timer through a drop-in
check "target: nvmet on tcp 127.0.0.1:4420 (configfs, null_blk), 2 subsystems" target_up
mkdir -p /etc/nvme /etc/systemd/system/$TIMER.d
echo "$LINE" >>$CONF   # as README.md says: never replace a packaged file
# The drop-in the way the installed timer's own comment says to change the
# interval (its "#   " lines after "systemctl edit"), with 5s for the value;
# if it says nothing usable, README's way: "OnUnitActiveSec=" then the value.
sed -n '/systemctl edit/,/^\[/{ s/^#   //p; }' "$(systemctl show -p FragmentPath --value $TIMER)" |
	sed 's/^OnUnitActiveSec=..*/OnUnitActiveSec=5s/' >$T/recipe
if grep -qx 'OnUnitActiveSec=5s' $T/recipe && grep -qx '\[Timer\]' $T/recipe; then
	say "timer drop-in, from the timer's comment: $(tr '\n' ' ' <$T/recipe)"
else
	printf '[Timer]\nOnUnitActiveSec=\nOnUnitActiveSec=5s\n' >$T/recipe
	say "timer drop-in: the timer's comment gives none; README's: $(tr '\n' ' ' <$T/recipe)"
fi
cp $T/recipe /etc/systemd/system/$TIMER.d/interval.conf
C0=$(cursor)
timers() { systemctl show -p TimersMonotonic --value $TIMER | tr '\n' ' '; }
timer_on() {
	systemctl daemon-reload && systemctl enable --now $TIMER || return 1
	local e t
	e=$(systemctl is-enabled $TIMER)
	t=$(timers)
	echo "timer $e, $(systemctl is-active $TIMER): $t"
	[ "$e" = enabled ] && echo "$t" | grep -q 'OnUnitActiveUSec=5s' && ! echo "$t" | grep -q 'OnUnitActiveUSec=1min'
}
check "timer: systemctl enable --now, OnUnitActiveSec=5s from the documented drop-in" timer_on
keeps_boot() {
	echo "TimersMonotonic after the drop-in: $(timers)"
	timers | grep -q 'OnBootUSec=0'
}
check "timer: the documented drop-in keeps OnBootSec=0 (the run at boot)" keeps_boot

# 8-11: the timer's first run connects both subsystems, nobody runs nvmf
trig() { systemctl show --timestamp=us -p LastTriggerUSec --value $TIMER; }
triggered() { # the timer has started the service at least once
	echo "LastTriggerUSec: '$(trig)'; timer $(systemctl show -p SubState --value $TIMER); next elapse: $(systemctl show -p NextElapseUSecMonotonic --value $TIMER)"
	[ -n "$(trig)" ] && [ "$(trig)" != n/a ]
}
if ! check "timer: enable --now starts the service at once (bounded: 60 s)" wait_for 60 triggered; then
	diag
	# So that the rest can be shown: the drop-in without its reset line
	# (OnBootSec=0 stays; of the two OnUnitActiveSec= the shorter counts)
	say "|   continuing with the drop-in [Timer] OnUnitActiveSec=5s (no reset line), daemon-reload, restart of the timer"
	printf '[Timer]\nOnUnitActiveSec=5s\n' >/etc/systemd/system/$TIMER.d/interval.conf
	systemctl daemon-reload; systemctl restart $TIMER
	say "|   TimersMonotonic now: $(timers)"
	if ! wait_for 15 triggered >/dev/null; then
		say "|   ... the timer still did not fire: systemctl start --no-block $UNIT once, to arm OnUnitActiveSec="
		systemctl start --no-block $UNIT
	fi
fi
check "connect: both subsystems connected, nobody running nvmf (bounded: 60 s)" wait_for 60 live $SA $SB || diag
ran_ok() {
	local j
	j=$(journal_since "$C0")
	echo "$j" | grep -E 'nvmf\[' | tail -n 3
	not_failed || return 1
	echo "$j" | grep -q 'nvmf\[[0-9]*\]: connected 2' || { echo "no \"connected 2\" line from nvmf in the journal:"; echo "$j"; return 1; }
}
check "connect: the unit is not failed and the journal has nvmf's \"connected 2\" (bounded: 30 s)" wait_for 30 ran_ok
rearmed() { # the timer waits for its next run
	local n
	n=$(systemctl show -p NextElapseUSecMonotonic --value $TIMER)
	echo "timer $(systemctl show -p SubState --value $TIMER), next elapse $n"
	[ "$(systemctl show -p SubState --value $TIMER)" = waiting ]
}
check "timer: waiting for its next run (OnUnitActiveSec=5s; bounded: 30 s)" wait_for 30 rearmed || diag

# 10-15: the target goes away longer than ctrl_loss_tmo, then comes back
C1=$(cursor)
target_down() { target_unlink $SA && target_unlink $SB; }
check "fault: target unlinks both subsystems from port 1 (the port goes down with them)" target_down
T_DOWN=$(now)
check "fault: the controllers give up by themselves after ctrl_loss_tmo (bounded: 60 s)" wait_for 60 gone $SA $SB
check "fault: systemctl is-failed $UNIT says failed while the target is down (bounded: 60 s)" wait_for 60 is_failed || diag
failure_lines() {
	local j
	j=$(journal_since "$C1")
	echo "$j" | grep -E 'nvmf\[|Failed with result|status=1' | tail -n 12
	echo "$j" | grep -qE 'nvmf\[[0-9]*\]: .*(fail|refused|error|cannot)' || { echo "no failure line from nvmf"; return 1; }
	echo "$j" | grep -q "$UNIT: Failed with result 'exit-code'" || { echo "no \"Failed with result 'exit-code'\" from systemd"; return 1; }
	echo "$j" | grep -q 'nvmf\[[0-9]*\]: connected 0, already connected 0, failed 1' ||
		{ echo "no \"connected 0, already connected 0, failed 1\" summary from nvmf"; return 1; }
}
check "fault: the journal has nvmf's failure lines and systemd's \"Failed with result 'exit-code'\" (bounded: 30 s)" \
	wait_for 30 failure_lines
sleep 6    # down for longer: at least one more timer run while it is down
C2=$(cursor)
# The run that brings the target back must be one the timer starts after the
# re-link: none may be starting or queued when TRIG2 is taken (a queued job
# comes before its trigger's timestamp, so a run started in between shows in
# the job list or as a new trigger, never as neither).
idle_since_trigger() {
	TRIG2=$(trig)
	[ -z "$(systemctl list-jobs --no-legend $UNIT 2>/dev/null)" ] &&
		[ "$(systemctl show -p ActiveState --value $UNIT)" != activating ]
}
n=0
until idle_since_trigger || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
target_back() { target_link $SA && target_link $SB; }
check "recovery: target links both subsystems again ($(since "$T_DOWN") s after it went down)" target_back
check "recovery: the timer brings both back, nobody acting (bounded: 90 s)" wait_for 90 live $SA $SB || diag
check "recovery: systemctl is-failed $UNIT no longer says failed (bounded: 30 s)" wait_for 30 not_failed
# The target links one subsystem, then the other: a run in between (a busy
# host) connects the first alone, and the next one the second.
connected_lines() {
	local j n bad=0
	j=$(journal_since "$C2")
	echo "$j" | grep -E 'nvmf\[' | tail -n 4
	for n in $SA $SB; do
		echo "$j" | grep -q "nvmf\[[0-9]*\]: connected nvme[0-9]*: $n at tcp 127.0.0.1:4420" ||
			{ echo "no \"connected nvmeN: $n\" from nvmf"; bad=1; }
	done
	echo "$j" | grep -E 'nvmf\[[0-9]*\]: connected [0-9]+, already connected [0-9]+, failed [0-9]+$' | tail -n 1 |
		grep -q 'failed 0$' || { echo "nvmf's last summary is not \"..., failed 0\""; bad=1; }
	[ $bad -eq 0 ] || echo "$j"
	return $bad
}
check "recovery: the journal has nvmf's \"connected\" lines of both, its last summary \"failed 0\" (bounded: 30 s)" \
	wait_for 30 connected_lines
by_timer() {
	echo "the timer last triggered at '$(trig)', before the re-link at '$TRIG2'"
	[ -n "$(trig)" ] && [ "$(trig)" != n/a ] && [ "$(trig)" != "$TRIG2" ]
}
check "recovery: the timer triggered the service since the re-link" by_timer

# The article's own transport: an RDMA line in discovery.conf, the same timer
# (Soft-RoCE on a dummy device; 203.0.113.0/24, apart from mdns.sh's 192.0.2.0/24)
rdma_target() {
	modprobe rdma_rxe && modprobe nvmet-rdma || { echo "cannot load rdma_rxe, nvmet-rdma"; return 1; }
	ip link add sdrxe0 type dummy && ip addr add 203.0.113.1/24 dev sdrxe0 && ip link set sdrxe0 up &&
		rdma link add sdrxe0rxe type rxe netdev sdrxe0 || { echo "cannot make Soft-RoCE on sdrxe0"; return 1; }
	local p=$NVMET/ports/2
	mkdir $p && echo rdma >$p/addr_trtype && echo ipv4 >$p/addr_adrfam &&
		echo 203.0.113.1 >$p/addr_traddr && echo 4420 >$p/addr_trsvcid || { echo "cannot create rdma port 2"; return 1; }
	target_subsys $SR && target_link $SR 2 || return 1
	echo "$(rdma link show sdrxe0rxe/1); $SR on rdma 203.0.113.1:4420 (port 2)"
}
rdma_line() { # CURSOR: nvmf's line of connecting SR over rdma, since then
	local j
	j=$(journal_since "$1")
	echo "$j" | grep -E 'nvmf\[' | tail -n 3
	echo "$j" | grep -q "nvmf\[[0-9]*\]: connected nvme[0-9]*: $SR at rdma 203.0.113.1:4420" ||
		{ echo "no \"connected nvmeN: $SR at rdma 203.0.113.1:4420\" from nvmf:"; echo "$j"; return 1; }
}
rdma_is() {
	local c
	c=$(ctrls_of $SR)
	echo "$SR: $c, $(cat /sys/class/nvme/$c/transport 2>/dev/null) $(cat /sys/class/nvme/$c/address 2>/dev/null)"
	[ "$(echo "$c" | wc -w)" -eq 1 ] && [ "$(cat /sys/class/nvme/$c/transport)" = rdma ]
}
rdma_fault() { target_unlink $SR 2 && wait_for 60 gone $SR; }
rdma_back() { target_link $SR 2 && wait_for 90 live $SR; }
if has rdma; then
	check "rdma: Soft-RoCE on a dummy device (203.0.113.1), nvmet on rdma 203.0.113.1:4420 with $SR" rdma_target
	C4=$(cursor)
	echo "$RLINE" >>$CONF
	check "rdma: the article's line added to discovery.conf: the timer connects $SR, nobody acting (bounded: 60 s)" \
		wait_for 60 live $SR || diag
	check "rdma: one controller of $SR, over rdma" rdma_is
	check "rdma: the journal has nvmf's line of it (bounded: 30 s)" wait_for 30 rdma_line "$C4"
	check "rdma: fault: the target unlinks it; the controller gives up after ctrl_loss_tmo (bounded: 60 s)" rdma_fault
	C5=$(cursor)
	check "rdma: recovery: re-linked, the timer brings it back, nobody acting (bounded: 90 s)" rdma_back || diag
	check "rdma: the journal has nvmf's line of it again (bounded: 30 s)" wait_for 30 rdma_line "$C5"
else
	skip 7 "rdma: the article's line in discovery.conf, over Soft-RoCE" "$(lacks rdma)"
fi

# 16-22: a persistent discovery controller; the udev rule, without the timer
timer_off() {
	systemctl stop $TIMER || return 1
	echo "timer $(systemctl is-active $TIMER)"
	[ "$(systemctl is-active $TIMER)" = inactive ]
}
check "udev: the timer is stopped, so only the udev rule can act" timer_off
disc_ctrls() { # live discovery controllers
	local c
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat $c/subsysnqn 2>/dev/null)" = $DISC ] && [ "$(cat $c/state)" = live ] && basename $c
	done
	return 0
}
echo "$LINE --persistent" >$CONF
persistent() {
	systemctl start $UNIT
	echo "systemctl start $UNIT: exit $?, $(systemctl is-failed $UNIT); discovery controllers: $(disc_ctrls | tr '\n' ' ')"
	[ "$(disc_ctrls | wc -l)" -eq 1 ]
}
if ! check "udev: a discovery.conf line with --persistent leaves one discovery controller (one run of the service)" persistent; then
	# so that the rule can still be tried: one made by hand
	say "|   falling back to: nvmf discover -p $LINE"
	nvmf discover -p $LINE >/dev/null 2>&1
fi
DC=$(disc_ctrls | head -n1)
aen_on() {
	echo "$DC: $(cat /sys/class/nvme/$DC/state 2>/dev/null) $(cat /sys/class/nvme/$DC/address 2>/dev/null)"
	[ -n "$DC" ] && [ "$(cat /sys/class/nvme/$DC/state)" = live ]
}
check "udev: the discovery controller ($DC) is live" aen_on
C3=$(cursor)
# Every nvme uevent with NVME_AEN, as udev sees it: a rule of the test's own
# (udev reads it before the next event), rather than a monitor that might
# not be listening yet.
mkdir -p /run/udev/rules.d
cat >/run/udev/rules.d/99-vmtest-aen.rules <<'EOF'
ACTION=="change", SUBSYSTEM=="nvme", ENV{NVME_AEN}=="?*", RUN+="/bin/sh -c 'echo %k NVME_AEN=$env{NVME_AEN} >>/run/vmtest/aen'"
EOF
udevadm control --reload
add_c() { target_subsys $SC && target_link $SC; }
check "udev: target adds a third subsystem to port 1" add_c
check "udev: the rule's run connects it, timer stopped, nobody acting (bounded: 60 s)" wait_for 60 live $SC
aen_seen() {
	echo "uevents with NVME_AEN: $(tr '\n' ' ' <$T/aen 2>/dev/null)"
	grep -qx "$DC NVME_AEN=0x70f002" $T/aen 2>/dev/null
}
check "udev: the kernel reported NVME_AEN=0x70f002 on the discovery controller ($DC; bounded: 30 s)" wait_for 30 aen_seen
started_by_udev() {
	local j
	j=$(journal_since "$C3")
	echo "$j" | grep -E 'nvmf\[|Started|Finished|Starting|Failed' | tail -n 5
	echo "timer $(systemctl is-active $TIMER), last trigger $(systemctl show -p LastTriggerUSec --value $TIMER)"
	[ "$(systemctl is-active $TIMER)" = inactive ] || return 1
	echo "$j" | grep -q 'nvmf\[[0-9]*\]: connected 1, already connected 2, failed 0' ||
		{ echo "no \"connected 1, already connected 2, failed 0\" from nvmf since the subsystem was added"; return 1; }
}
check "udev: the journal shows the service run after the AEN: connected 1, already connected 2 (bounded: 30 s)" wait_for 30 started_by_udev
reused() {
	echo "discovery controllers before: $DC; now: $(disc_ctrls | tr '\n' ' ')"
	[ "$(disc_ctrls)" = "$DC" ]
}
check "udev: the run reused the persistent discovery controller (no second one)" reused
check "udev: $UNIT is not failed" not_failed

mdns_checks

say "END"
systemctl --no-block poweroff
