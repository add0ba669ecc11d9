# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shell library for the VM scenarios (busybox sh; bash in the TLS VM and in
# the systemd VM's third boot, which source it too).  A scenario starts with
# "plan N" (the number of checks it makes; the host counts them), sets up a
# target with the target_* helpers, runs nvmf with "run" and judges with
# "check".  The init script cleans up (host_reset, target_reset) after each
# scenario.  Busybox sh prefers its own applets: call other programs by path
# when it matters (nvmf and nvme have no applet, so their names are enough).
#
#   plan N                      the scenario makes N checks
#   run CMD...                  run CMD, keep its output in $OUT, its status in $RC
#                               (an nvmf run with -o json: stdout, then stderr)
#   check NAME CMD...           PASS if CMD succeeds, else FAIL with CMD's output,
#                               the last run's output if CMD reads $OUT, and the
#                               kernel messages since the last run
#   exited N                    succeeds if the last run exited with status N
#   expect_exit N CMD...        succeeds if CMD exits with status N (prints its output)
#   same FILE_A FILE_B          succeeds if two files are identical (says where not)
#   info TEXT                   a line on the host's output
#
#   target_subsys NQN [NSCOUNT] a subsystem any host may use, with NSCOUNT (1)
#                               memory-backed null_blk namespaces
#   target_ns NQN NSID [DEV]    add a namespace (default: the next free nullb)
#   target_ns_dev NQN NSID      the /dev/nullbN behind a namespace
#   target_port ID TRTYPE ADDR SVCID [ADRFAM]
#   target_link PORT NQN        offer NQN on PORT
#   target_unlink PORT NQN
#   target_referral PORT NAME TRTYPE ADDR SVCID [ADRFAM]
#   target_unreferral PORT NAME
#   target_host NQN HOSTNQN [DHCHAP_KEY [DHCHAP_CTRL_KEY]]
#                               only HOSTNQN may use NQN (with DH-HMAC-CHAP if keyed)
#   target_reset                remove every port, subsystem, host and dummy device
#   dummy_if NAME ADDR/PREFIX   a dummy network device (for 192.0.2.x addresses)
#   nullb_load N                null_blk with N memory-backed 1 GiB devices (init: 16)
#
#   fabrics_ctrls               names of the fabrics controllers (not pcie)
#   ctrls_of NQN                controllers connected to NQN
#   ns_of NQN                   namespace block devices (nvmeXnY) of NQN
#   ns_wait NQN                 the same, once the kernel has made one (30 s at most)
#   blk_bytes DEV               size of a block device in bytes
#   human_size BYTES            the size as nvmf prints it ("1.07 GB")
#   host_reset                  delete every fabrics controller through sysfs,
#                               drop discovery.conf and nvmf disconnect's holds
#   wait_for SECONDS CMD...     poll CMD until it succeeds
#
# What the booted kernel can do (probed once at boot by /init):
#   needs FEATURE...            at the top of a scenario, after plan: on a kernel
#                               without each FEATURE, skip every check it plans,
#                               with the reason, and end the scenario
#   check_if FEATURE NAME CMD...  check NAME, or skip it if the kernel lacks FEATURE
#   skip N REASON               count the next N planned checks as skipped
#   has FEATURE                 succeeds if the kernel has FEATURE
#   lacks FEATURE               why the kernel does not have FEATURE (else nothing)
#   FEATURES: tcp, rdma (Soft-RoCE), fc (fcloop), loop, auth (DH-HMAC-CHAP, host
#   and target), tls (NVMe/TCP TLS, host and target), template (the options
#   /dev/nvme-fabrics lists), host_iface (listed there: nvmf then adds an mDNS
#   announcement's interface), src_addr (in a tcp controller's address), nuse
#   (a namespace's usage in sysfs)

. /vmtest/json-command.sh

NVMET=/sys/kernel/config/nvmet
VT=/run/vmtest
OUT=$VT/out
RC=0
LAST_CMD=
mkdir -p $VT/ns
DMESG_MARK=$(dmesg | wc -l)

plan() { :; }
info() { echo "VMTEST: $*"; }
# busybox's modprobe where there is one (the busybox VM's /sbin/modprobe is
# a spy); kmod's in the Debian VMs that have no busybox
kload() {
	if [ -x /bin/busybox ]; then /bin/busybox modprobe "$@"; else modprobe "$@"; fi
}

_report_lines() { # FILE [MAX]
	local max=${2:-40}
	head -n "$max" "$1" | sed 's/^/VMTEST: |   /'
	[ "$(wc -l <"$1")" -gt "$max" ] && echo "VMTEST: |   ... ($(wc -l <"$1") lines)"
}

run() {
	LAST_CMD="$*"
	DMESG_MARK=$(dmesg | wc -l)
	if [ -n "$(_json_command "$@")" ]; then
		# a JSON document on its own, for the host to check; $OUT has it and then stderr
		"$@" >$VT/run.stdout 2>$VT/run.stderr
		RC=$?
		json_send $VT/run.stdout "$@"
		cat $VT/run.stdout $VT/run.stderr >$OUT
		return 0
	fi
	"$@" >$OUT 2>&1
	RC=$?
	return 0
}

check() {
	local name=$1 rc out=$VT/check.out arg reads_out=0
	shift
	for arg in "$@"; do
		case $arg in *"$OUT"*) reads_out=1 ;; esac
	done
	[ $reads_out -eq 0 ] && [ -z "$LAST_CMD" ] && DMESG_MARK=$(dmesg | wc -l)
	"$@" >$out 2>&1
	rc=$?
	echo "$name" >>$VT/count
	if [ $rc -eq 0 ]; then
		echo "VMTEST: PASS $SCENARIO: $name"
		return 0
	fi
	echo "VMTEST: FAIL $SCENARIO: $name"
	echo "VMTEST: | check: $* (exit $rc)"
	[ -s $out ] && _report_lines $out
	if [ $reads_out -eq 1 ] && [ -n "$LAST_CMD" ]; then
		echo "VMTEST: | output of: $LAST_CMD (exit $RC)"
		_report_lines $OUT
	fi
	dmesg | tail -n +$((DMESG_MARK + 1)) | tail -n 20 >$VT/dmesg.new
	if [ -s $VT/dmesg.new ]; then
		echo "VMTEST: | kernel messages:"
		_report_lines $VT/dmesg.new 20
	fi
	return 1
}

exited() { # N: the last run exited with status N (shows its output)
	cat $OUT
	[ "$RC" -eq "$1" ] && return 0
	echo "exit status $RC, expected $1"
	return 1
}

expect_exit() {
	local want=$1 rc
	shift
	"$@"
	rc=$?
	[ $rc -eq "$want" ] && return 0
	echo "exit status $rc, expected $want"
	return 1
}

same() {
	/bin/busybox cmp "$1" "$2"
}

# --- target (nvmet through configfs) -----------------------------------------

_w() { # VALUE FILE: a configfs write that says what failed
	echo "$1" >"$2" 2>/dev/null && return 0
	echo "cannot write '$1' to ${2#$NVMET/}" >&2
	return 1
}

# nullb_load N: null_blk with N memory-backed devices of 1 GiB, /dev/nullb0
# to nullbN-1, so that data written through the fabric can be read back.
# On older kernels (5.10) null_blk has no memory_backed parameter (it ignores
# it and throws writes away): there the devices are made through its configfs.
NULLB_CFS=/sys/kernel/config/nullb
nullb_load() {
	local n=$1 i d
	if [ -d /sys/module/null_blk ]; then
		for d in $NULLB_CFS/nullb*; do
			[ -d "$d" ] && { echo 0 >$d/power; rmdir $d; }
		done
		rmmod null_blk || return 1
	fi
	kload null_blk nr_devices=$n gb=1 memory_backed=1 2>/dev/null || return 1
	if [ ! -e /sys/module/null_blk/parameters/memory_backed ]; then
		rmmod null_blk && kload null_blk nr_devices=0 || return 1
		i=0
		while [ $i -lt "$n" ]; do
			d=$NULLB_CFS/nullb$i
			mkdir $d && echo 1024 >$d/size && echo 1 >$d/memory_backed && echo 1 >$d/power ||
				{ echo "cannot make $d through null_blk's configfs" >&2; return 1; }
			i=$((i + 1))
		done
	fi
	wait_for 30 test -b /dev/nullb$((n - 1))
}

nullb_next() {
	local i
	i=$(cat $VT/nullb.next 2>/dev/null || echo 0)
	[ -b /dev/nullb$i ] || { echo "no /dev/nullb$i left" >&2; return 1; }
	echo $((i + 1)) >$VT/nullb.next
	echo /dev/nullb$i
}

target_ns() {
	local nqn=$1 nsid=$2 dev=${3:-}
	local d=$NVMET/subsystems/$nqn/namespaces/$nsid
	[ -n "$dev" ] || dev=$(nullb_next) || return 1
	mkdir $d || return 1
	_w "$dev" $d/device_path && _w 1 $d/enable || return 1
	echo "$dev" >"$VT/ns/$nqn.$nsid"
}

target_ns_dev() { cat "$VT/ns/$1.$2"; }

target_subsys() {
	local nqn=$1 n=${2:-1} i=1
	kload nvmet || return 1
	mkdir $NVMET/subsystems/$nqn || return 1
	_w 1 $NVMET/subsystems/$nqn/attr_allow_any_host || return 1
	while [ $i -le "$n" ]; do
		target_ns "$nqn" $i || return 1
		i=$((i + 1))
	done
}

_adrfam() { # TRTYPE ADDR
	case $1 in
	fc) echo fc ;;
	loop) echo "" ;;
	*) case $2 in *:*) echo ipv6 ;; *) echo ipv4 ;; esac ;;
	esac
}

target_port() {
	local id=$1 trtype=$2 addr=${3:-} svcid=${4:-} adrfam=${5:-}
	local p=$NVMET/ports/$id
	case $trtype in
	tcp) kload nvmet-tcp ;;
	rdma) kload nvmet-rdma ;;
	loop) kload nvme-loop ;;
	fc) kload nvmet-fc ;;
	esac || return 1
	[ -n "$adrfam" ] || adrfam=$(_adrfam "$trtype" "$addr")
	kload nvmet && mkdir $p || return 1
	_w "$trtype" $p/addr_trtype || return 1
	[ -z "$adrfam" ] || _w "$adrfam" $p/addr_adrfam || return 1
	[ -z "$addr" ] || _w "$addr" $p/addr_traddr || return 1
	[ -z "$svcid" ] || _w "$svcid" $p/addr_trsvcid || return 1
}

target_link() {
	ln -s $NVMET/subsystems/$2 $NVMET/ports/$1/subsystems/$2
}

target_unlink() {
	rm -f $NVMET/ports/$1/subsystems/$2
}

target_referral() {
	local port=$1 name=$2 trtype=$3 addr=$4 svcid=$5 adrfam=${6:-}
	local r=$NVMET/ports/$port/referrals/$name
	[ -n "$adrfam" ] || adrfam=$(_adrfam "$trtype" "$addr")
	mkdir $r || return 1
	_w "$trtype" $r/addr_trtype && _w "$adrfam" $r/addr_adrfam &&
		_w "$addr" $r/addr_traddr && _w "$svcid" $r/addr_trsvcid && _w 1 $r/enable
}

target_unreferral() {
	local r=$NVMET/ports/$1/referrals/$2
	echo 0 >$r/enable 2>/dev/null
	rmdir $r
}

target_host() {
	local nqn=$1 host=$2 key=${3:-} ckey=${4:-}
	local h=$NVMET/hosts/$host
	[ -d $h ] || mkdir $h || return 1
	[ -z "$key" ] || _w "$key" $h/dhchap_key || return 1
	[ -z "$ckey" ] || _w "$ckey" $h/dhchap_ctrl_key || return 1
	_w 0 $NVMET/subsystems/$nqn/attr_allow_any_host || return 1
	ln -s $h $NVMET/subsystems/$nqn/allowed_hosts/$host
}

target_reset() {
	local p x
	[ -d $NVMET ] || return 0
	for p in $NVMET/ports/*; do
		[ -d "$p" ] || continue
		for x in $p/subsystems/*; do [ -L "$x" ] && rm -f "$x"; done
		for x in $p/referrals/*; do
			[ -d "$x" ] && { echo 0 >$x/enable; rmdir $x; }
		done
		rmdir $p
	done
	for p in $NVMET/subsystems/*; do
		[ -d "$p" ] || continue
		for x in $p/allowed_hosts/*; do [ -L "$x" ] && rm -f "$x"; done
		for x in $p/namespaces/*; do
			[ -d "$x" ] && { echo 0 >$x/enable; rmdir $x; }
		done
		rmdir $p
	done
	for p in $NVMET/hosts/*; do [ -d "$p" ] && rmdir $p; done
	rm -f $VT/ns/* $VT/nullb.next
	for p in $(cat $VT/dummies 2>/dev/null); do ip link del "$p"; done
	rm -f $VT/dummies
	return 0
}

dummy_if() {
	kload dummy || return 1
	ip link add "$1" type dummy && echo "$1" >>$VT/dummies &&
		ip addr add "$2" dev "$1" && ip link set "$1" up
}

# --- host ----------------------------------------------------------------------

fabrics_ctrls() {
	local c
	for c in /sys/class/nvme/nvme*; do
		[ -e "$c/transport" ] || continue
		[ "$(cat $c/transport)" = pcie ] && continue
		echo "${c##*/}"
	done
}

ctrls_of() {
	local c
	for c in $(fabrics_ctrls); do
		[ "$(cat /sys/class/nvme/$c/subsysnqn 2>/dev/null)" = "$1" ] && echo $c
	done
}

# The namespaces of NQN once there is one: they appear after connect
# returns, when the kernel's scan work has run (late on 5.10).
ns_wait() {
	wait_for 30 _has_ns "$1"
	ns_of "$1"
}
_has_ns() { [ -n "$(ns_of "$1")" ]; }

ns_of() {
	local b
	for b in /sys/block/nvme*n*; do
		[ -e "$b" ] || continue
		case ${b##*/} in nvme*c*n*) continue ;; esac
		[ "$(cat $b/device/subsysnqn 2>/dev/null)" = "$1" ] && echo "${b##*/}"
	done
}

blk_bytes() {
	local d=${1#/dev/} n
	n=$(cat /sys/block/$d/size 2>/dev/null) || { echo "no-such-device"; return 1; }
	echo $((n * 512))
}

human_size() {
	awk -v b="$1" 'BEGIN {
		split("B kB MB GB TB PB EB", u, " "); v = b; i = 1
		while (v >= 999.995 && i < 7) { v /= 1000; i++ }
		if (i == 1) printf "%d B\n", b; else printf "%.2f %s\n", v, u[i] }'
}

wait_for() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	"$@"
}

_no_fabrics_ctrls() { [ -z "$(fabrics_ctrls)" ]; }

host_reset() {
	local c
	for c in $(fabrics_ctrls); do
		echo 1 >/sys/class/nvme/$c/delete_controller 2>/dev/null
	done
	wait_for 30 _no_fabrics_ctrls >/dev/null 2>&1
	rm -f /etc/nvme/discovery.conf
	rm -rf /run/nvmf/holds
	return 0
}

# --- helpers of scenarios 05-07 (persistent initiator, rdma, failures) --------
#   run_split CMD...            like run, with stderr also alone in $ERR and
#                               stdout alone in $STDOUT ($OUT: stdout, then stderr)
#   uptime_s                    seconds since boot (with fractions)
#   secs_since T0               seconds since uptime T0, rounded down
#   ctrl_attr CTRL ATTR         /sys/class/nvme/CTRL/ATTR
#   nqns_gone NQN...            succeeds once no controller of any NQN is left
#   one_ctrl_each NQN...        succeeds if each NQN has exactly one controller
#                               (says which do not)
#   unload_nvme_host            delete fabrics controllers, unload nvme host modules
ERR=$VT/out.err
STDOUT=$VT/out.stdout

run_split() {
	LAST_CMD="$*"
	DMESG_MARK=$(dmesg | wc -l)
	"$@" >$STDOUT 2>$ERR
	RC=$?
	cat $STDOUT $ERR >$OUT
	return 0
}

uptime_s() { cut -d' ' -f1 /proc/uptime; }

secs_since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%d\n", b - a }'; }

ctrl_attr() { cat "/sys/class/nvme/$1/$2" 2>/dev/null; }

nqns_gone() {
	local n
	for n in "$@"; do
		[ -z "$(ctrls_of "$n")" ] || return 1
	done
}

one_ctrl_each() {
	local n c bad=0
	for n in "$@"; do
		c=$(ctrls_of "$n" | wc -l)
		[ "$c" -eq 1 ] || { echo "$n: $c controllers ($(ctrls_of "$n" | tr '\n' ' '))"; bad=1; }
	done
	return $bad
}

unload_nvme_host() {
	local m
	host_reset
	for m in nvme_tcp nvme_rdma nvme_fc nvme_loop nvme_fcloop nvme_fabrics; do
		[ -d /sys/module/$m ] && rmmod $m
	done
	return 0
}
# --- end of the helpers of scenarios 05-07 -------------------------------------

# --- helpers of scenarios 08-11 (loop, 64 subsystems, JSON, bad input) --------
#
#   run_apart CMD...            like run, with stdout alone in $O1 and stderr
#                               alone in $O2 ($OUT: stdout, then stderr)
#   json_send FILE CMD...       an nvmf run with -o json: FILE, its stdout, goes
#                               to the host, which checks it against the
#                               command's schema (one more check, counted
#                               there); run and run_apart do it themselves
#   json_flat <FILE             one line per JSON scalar, PATH=VALUE, where PATH
#                               is like .records[0].subnqn and VALUE the JSON
#                               text (strings keep their quotes; "\/" is "/");
#                               exits 1 on what it cannot tokenize
#   ctrl_count                  the number of fabrics controllers
#   now                         seconds since boot, to 1/100 s (/proc/uptime:
#                               busybox date has no %N)
#   since T0                    seconds since T0 (from now), 2 decimals

O1=$VT/out.1
O2=$VT/out.2

run_apart() {
	LAST_CMD="$*"
	DMESG_MARK=$(dmesg | wc -l)
	"$@" >$O1 2>$O2
	RC=$?
	cat $O1 $O2 >$OUT
	json_send $O1 "$@"
	return 0
}

# json_send FILE CMD...: if CMD is an nvmf run with -o json, FILE (its stdout)
# goes to the host, which checks it against the command's schema
json_send() {
	local f=$1 c
	shift
	c=$(_json_command "$@")
	[ -n "$c" ] && echo "VMTEST: JSON $SCENARIO $c $(base64 -w 0 <"$f")"
	return 0
}

# _json_command CMD...: for an nvmf run with --output json, its command
_json_command() {
	[ "$1" = nvmf ] && json_command "$@"
	return 0
}

# json_doc -F|-E STATUS LINE...: the last run_apart exited STATUS and printed
# one JSON document, and its flattened form ($VT/flat, json_flat's notation)
# has each LINE: as it is (-F), or a line it matches whole as an ERE (-E)
json_doc() {
	local how=$1 want=$2 line bad=0
	shift 2
	[ "$RC" -eq "$want" ] || { echo "exit status $RC, expected $want"; bad=1; }
	jsoncheck <$O1 || { echo "stdout is not one JSON document"; bad=1; }
	json_flat <$O1 >$VT/flat || { echo "json_flat cannot read stdout"; bad=1; }
	for line in "$@"; do
		grep -qx $how -- "$line" $VT/flat || { echo "no line $line"; bad=1; }
	done
	return $bad
}

# json_doc_shown: after a check of it failed, the flattened document and stderr
json_doc_shown() {
	echo "--- flattened:"; cat $VT/flat
	echo "--- stderr:"; cat $O2
	return 1
}

json_flat() {
	awk '
	function path(   i, p) {
		p = ""
		for (i = 1; i <= d; i++) p = p (T[i] == "{" ? "." K[i] : "[" I[i] "]")
		return p
	}
	{
		s = $0
		while (s != "") {
			c = substr(s, 1, 1)
			if (c == " " || c == "\t" || c == "\r" || c == ":") { s = substr(s, 2); continue }
			if (c == "{" || c == "[") { d++; T[d] = c; I[d] = 0; W[d] = (c == "{"); K[d] = ""; s = substr(s, 2); continue }
			if (c == "}" || c == "]") { d--; s = substr(s, 2); continue }
			if (c == ",") { if (T[d] == "{") W[d] = 1; else I[d]++; s = substr(s, 2); continue }
			if (c == "\"") {
				if (!match(s, /^"([^"\\]|\\.)*"/)) { bad = 1; exit 1 }
				tok = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
				gsub(/\\\//, "/", tok)
				if (d > 0 && T[d] == "{" && W[d]) { K[d] = substr(tok, 2, length(tok) - 2); W[d] = 0 }
				else print path() "=" tok
				continue
			}
			if (match(s, /^[-+0-9.eEa-z]+/)) { print path() "=" substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1); continue }
			bad = 1; exit 1
		}
	}
	END { if (bad) exit 1 }'
}

ctrl_count() { fabrics_ctrls | wc -l; }

now() { cut -d' ' -f1 /proc/uptime; }

since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# --- end of the helpers of scenarios 08-11 ------------------------------------

# --- helpers of 13-doc-examples (tests/doc-examples writes the scenario) ------
#   doc_start [systemd]         a fresh host that is the article's, with the
#                               article's target (see tests/doc-examples);
#                               systemd: also nvmf's units as make install
#                               left them, nvme-cli's unmasked, the journal
#                               empty, nothing announced (the systemd VM)
#   doc_given WHERE             run $VT/doc.given, a check
#   doc_run WHERE STATUS CMP    run $VT/doc.cmd (names mapped), a check: exit
#                               STATUS, and with CMP=1 the output $VT/doc.exp
#   doc_target_dhchap KEY       nvmet-test only for this host, with KEY
#   doc_target_tls              nvmet-test's tcp port requires TLS; tlshd runs
#   doc_target_mdns             avahi-daemon announces the target's discovery
#                               controller on the article's interface
#   doc_end                     remove what doc_start set up
# The names a document uses for devices (nvme1, nvme1n1, ng1n1, nvme-subsys1) and
# the VM's own are kept as "DOC VM" lines in $VT/doc.names.  Under systemd,
# each command waits for the system to settle first (_doc_settle).
DOC_IF=nvmfdoc0
DOC_HOSTID=0f8fad5b-d9cb-469f-a165-70867728950e
DOC_NULLB=/sys/kernel/config/nullb/docnullb
DOC_SYSTEMD=0
DOC_TIMER=nvmf-connect-all.timer

_doc_nullb() { # a memory-backed 2 GiB null_blk, as the article's 2 GB drive
	[ -d ${DOC_NULLB%/*} ] || kload null_blk nr_devices=0 || return 1
	if [ ! -d $DOC_NULLB ]; then
		mkdir $DOC_NULLB && echo 2048 >$DOC_NULLB/size && echo 1 >$DOC_NULLB/memory_backed &&
			echo 1 >$DOC_NULLB/power || return 1
	fi
	if [ -b /dev/docnullb ]; then echo /dev/docnullb; else echo /dev/nullb$(cat $DOC_NULLB/index); fi
}

_doc_rxe_down() { rdma link delete docrxe0 2>/dev/null; return 0; }

# systemd as a fresh host has it: nvmf's timer and service neither enabled
# nor masked, nvme-cli's units unmasked, no job, nothing failed, and a
# journal with nothing of the documents before; no mDNS announcement
_doc_systemd_fresh() {
	_doc_unannounce
	systemctl -q unmask nvmf-connect-all.service $DOC_TIMER nvmf-autoconnect.service nvmf-connect@.service &&
		systemctl -q disable --now $DOC_TIMER nvmf-connect-all.service || return 1
	systemctl reset-failed
	wait_for 120 _doc_no_jobs || { echo "systemd still has jobs:"; systemctl list-jobs; return 1; }
	DOC_TRIG0=$(systemctl show -p LastTriggerUSec --value $DOC_TIMER)
	journalctl -q --rotate && sleep 1.5 && journalctl -q --vacuum-time=1s 2>/dev/null
}
# no job but the start of the unit these checks run in (vmtest.service)
_doc_no_jobs() {
	local self
	self=$(sed -n 's|^0::.*/||p' /proc/self/cgroup)
	[ -z "$(systemctl list-jobs --no-legend 2>/dev/null | awk -v self="$self" '$2 != self')" ]
}
# settled: no job queued or running, and the timer, if it was started, has
# had its first run (it runs at once: OnBootSec=0)
_doc_idle() {
	_doc_no_jobs || return 1
	systemctl -q is-active $DOC_TIMER || return 0
	[ "$(systemctl show -p LastTriggerUSec --value $DOC_TIMER)" != "$DOC_TRIG0" ]
}
_doc_settle() {
	[ $DOC_SYSTEMD = 1 ] || return 0
	wait_for 120 _doc_idle >/dev/null 2>&1 && return 0
	echo "systemd did not settle within 120 s: jobs: $(systemctl list-jobs --no-legend | tr '\n' ' ')"
	echo "$DOC_TIMER: $(systemctl is-active $DOC_TIMER), last trigger $(systemctl show -p LastTriggerUSec --value $DOC_TIMER)"
}

doc_start() { # [systemd]
	local dev
	DOC_SYSTEMD=0
	if [ "${1:-}" = systemd ]; then
		DOC_SYSTEMD=1
		_doc_systemd_fresh || { echo "cannot reset systemd's units and journal"; return 1; }
	fi
	host_reset
	_doc_rxe_down
	target_reset
	rm -f /etc/nvme/*.key /etc/nvme/hostnqn /etc/nvme/hostid /etc/modules-load.d/nvme-rdma.conf
	: >$VT/doc.names
	mkdir -p /etc/modules-load.d
	echo nqn.2014-08.org.nvmexpress:uuid:$DOC_HOSTID >/etc/nvme/hostnqn
	echo $DOC_HOSTID >/etc/nvme/hostid
	# the target's 192.168.1.92 and the host's 192.168.1.10 on one dummy
	# interface; connections to .92 go out from .10, as between two hosts
	kload dummy && /usr/sbin/ip link add $DOC_IF type dummy && echo $DOC_IF >>$VT/dummies &&
		/usr/sbin/ip addr add 192.168.1.10/24 dev $DOC_IF &&
		/usr/sbin/ip addr add 192.168.1.92/24 dev $DOC_IF && /usr/sbin/ip link set $DOC_IF up &&
		/usr/sbin/ip route replace local 192.168.1.92 dev $DOC_IF table local proto kernel scope host src 192.168.1.10 ||
		{ echo "cannot set up $DOC_IF with 192.168.1.10 and 192.168.1.92"; return 1; }
	dev=$(_doc_nullb) || { echo "cannot create a 2 GiB null_blk"; return 1; }
	kload nvmet && mkdir $NVMET/subsystems/nvmet-test && _w 1 $NVMET/subsystems/nvmet-test/attr_allow_any_host &&
		target_ns nvmet-test 1 $dev && target_port 1 tcp 192.168.1.92 4420 && target_link 1 nvmet-test ||
		{ echo "cannot set up nvmet-test on tcp 192.168.1.92:4420"; return 1; }
	kload crc32_generic && kload rdma_rxe && rdma link add docrxe0 type rxe netdev $DOC_IF &&
		target_port 2 rdma 192.168.1.92 4420 ipv4 && target_link 2 nvmet-test ||
		{ echo "cannot set up nvmet-test on rdma 192.168.1.92:4420 (Soft-RoCE on $DOC_IF)"; return 1; }
}

doc_end() {
	[ $DOC_SYSTEMD = 1 ] && _doc_systemd_fresh
	_doc_tlshd_stop
	host_reset
	_doc_rxe_down
	target_reset
	rm -f /etc/nvme/*.key /etc/nvme/hostnqn /etc/nvme/hostid
	[ -d $DOC_NULLB ] && { echo 0 >$DOC_NULLB/power; rmdir $DOC_NULLB; }
	return 0
}

doc_target_dhchap() {
	local h=$NVMET/hosts/$(cat /etc/nvme/hostnqn)
	[ -d $h ] || mkdir $h || return 1
	_w "$1" $h/dhchap_key && _w 0 $NVMET/subsystems/nvmet-test/attr_allow_any_host &&
		ln -s $h $NVMET/subsystems/nvmet-test/allowed_hosts/
}

# TLS 1.3 on the tcp port (a port takes it only while it offers nothing),
# and a tlshd for the handshakes of both sides, if none runs
doc_target_tls() {
	local p=$NVMET/ports/1
	kload tls && target_unlink 1 nvmet-test && _w tls1.3 $p/addr_tsas && _w required $p/addr_treq &&
		target_link 1 nvmet-test || return 1
	[ -s $VT/doc.tlshd ] && kill -0 "$(cat $VT/doc.tlshd)" 2>/dev/null && return 0
	tlshd -s >>$VT/doc.tlshd.log 2>&1 &
	echo $! >$VT/doc.tlshd
	sleep 0.5
	kill -0 $! 2>/dev/null || { echo "tlshd did not start:"; cat $VT/doc.tlshd.log; return 1; }
}
_doc_tlshd_stop() {
	[ -s $VT/doc.tlshd ] && kill "$(cat $VT/doc.tlshd)" 2>/dev/null
	rm -f $VT/doc.tlshd
	return 0
}

# The target announces its discovery controller (tcp 192.168.1.92, port
# 4420) as TP8009 says, with avahi-publish on the article's interface, the
# only one avahi-daemon uses here (IPv4 only, as ../shared/docs/mdns.md has it)
doc_target_mdns() {
	ip link set $DOC_IF multicast on || return 1
	sed -i -e "s/^#*allow-interfaces=.*/allow-interfaces=$DOC_IF/" -e 's/^#*use-ipv6=.*/use-ipv6=no/' \
		/etc/avahi/avahi-daemon.conf &&
		grep -q "^allow-interfaces=$DOC_IF" /etc/avahi/avahi-daemon.conf ||
		{ echo "/etc/avahi/avahi-daemon.conf has no allow-interfaces line"; return 1; }
	systemctl restart avahi-daemon.service || return 1
	avahi-publish -a -R nvmet-target.local 192.168.1.92 >>$VT/doc.publish.log 2>&1 &
	echo $! >>$VT/doc.publish
	avahi-publish -s -H nvmet-target.local nvmet-target _nvme-disc._tcp 4420 \
		p=tcp nqn=nqn.2014-08.org.nvmexpress.discovery >>$VT/doc.publish.log 2>&1 &
	echo $! >>$VT/doc.publish
	wait_for 30 _doc_announced || { avahi-browse -rpt _nvme-disc._tcp; cat $VT/doc.publish.log; return 1; }
}
_doc_announced() { avahi-browse -rpt _nvme-disc._tcp 2>/dev/null | grep -q "^=;$DOC_IF;IPv4;nvmet-target;"; }
_doc_unannounce() {
	local p
	for p in $(cat $VT/doc.publish 2>/dev/null); do kill "$p" 2>/dev/null; done
	rm -f $VT/doc.publish
	return 0
}

# The document's device names in a command, as the VM's: a name seen in an
# output before stands for what it stood for there; one not seen yet for the
# first device of its kind no other name stands for.
_doc_names() { # <COMMAND >COMMAND
	ls /sys/class/nvme 2>/dev/null | sed 's/^/ctrl /' >$VT/doc.devs
	ls /sys/block 2>/dev/null | grep -E '^nvme[0-9]+n[0-9]+$' | sed 's/^/ns /' >>$VT/doc.devs
	ls /sys/class/nvme-subsystem 2>/dev/null | sed 's/^/subsys /' >>$VT/doc.devs
	ls /sys/class/nvme-generic 2>/dev/null | sed 's/^/generic /' >>$VT/doc.devs
	awk -v names=$VT/doc.names -v devs=$VT/doc.devs '
	function kind(t) { return t ~ /^nvme-subsys/ ? "subsys" : t ~ /^nvme[0-9]+n[0-9]+$/ ? "ns" : t ~ /^ng/ ? "generic" : "ctrl" }
	function num(t) { gsub(/[^0-9]/, " ", t); split(t, p, " "); return p[1] * 10000 + p[2] }
	function resolve(t,   k, i, best) {
		if (t in M) return M[t]
		k = kind(t); best = ""
		for (i = 1; i <= nd; i++)
			if (DK[i] == k && !(DV[i] in R) && (best == "" || num(DV[i]) < num(best))) best = DV[i]
		if (best == "") return t
		M[t] = best; R[best] = t; added = added t " " best "\n"
		return best
	}
	BEGIN {
		while ((getline l <names) > 0) { split(l, a, " "); M[a[1]] = a[2]; R[a[2]] = a[1] }
		while ((getline l <devs) > 0) { split(l, a, " "); DK[++nd] = a[1]; DV[nd] = a[2] }
		close(names)
	}
	{
		s = $0; o = ""
		while (match(s, /nvme(-subsys)?[0-9]+(n[0-9]+)?|ng[0-9]+n[0-9]+/)) {
			pre = substr(s, 1, RSTART - 1); t = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			if (pre ~ /[A-Za-z0-9_]$/ || s ~ /^[A-Za-z0-9_]/) { o = o pre t; continue }
			o = o pre resolve(t)
		}
		print o s
	}
	END { printf "%s", added >>names }'
}

# Compare the output with the document's, line by line; the "vary" texts
# of $VT/doc.vary may differ, device names map as in _doc_names.
_doc_compare() { # EXPECTED ACTUAL
	awk -v names=$VT/doc.names -v vary=$VT/doc.vary -v expected="$1" '
	function kind(t) { return t ~ /^nvme-subsys/ ? "subsys" : t ~ /^nvme[0-9]+n[0-9]+$/ ? "ns" : t ~ /^ng/ ? "generic" : "ctrl" }
	# the first vary text or device name in s: its position, SP_TYPE, SP_TEXT
	function special(s,   i, p, best, rest, off) {
		best = 0
		for (i = 1; i <= nv; i++) {
			p = index(s, V[i])
			if (p && (!best || p < best || (p == best && length(V[i]) > length(SP_TEXT)))) {
				best = p; SP_TYPE = "vary"; SP_TEXT = V[i]
			}
		}
		rest = s; off = 0
		while (match(rest, /nvme(-subsys)?[0-9]+(n[0-9]+)?|ng[0-9]+n[0-9]+/)) {
			p = off + RSTART
			if ((p > 1 && substr(s, p - 1, 1) ~ /[A-Za-z0-9_]/) ||
			    substr(s, p + RLENGTH, 1) ~ /[A-Za-z0-9_]/) {
				off += RSTART + RLENGTH - 1; rest = substr(rest, RSTART + RLENGTH); continue
			}
			if (!best || p < best) { best = p; SP_TYPE = "name"; SP_TEXT = substr(s, p, RLENGTH) }
			break
		}
		return best
	}
	function same(e, a,   p, lit, t, v, q, k) {
		while (1) {
			p = special(e)
			if (!p) return e == a
			lit = substr(e, 1, p - 1)
			if (substr(a, 1, length(lit)) != lit) return 0
			a = substr(a, length(lit) + 1); e = substr(e, p)
			t = SP_TEXT; e = substr(e, length(t) + 1)
			if (SP_TYPE == "name") {
				if (!match(a, /^(nvme(-subsys)?[0-9]+(n[0-9]+)?|ng[0-9]+n[0-9]+)/)) return 0
				v = substr(a, 1, RLENGTH)
				if (kind(v) != kind(t)) return 0
				if (t in M) { if (M[t] != v) { why = t " is " M[t] " earlier in the document"; return 0 } }
				else if (v in R) { if (R[v] != t) { why = v " is " R[v] " earlier in the document"; return 0 } }
				else { M[t] = v; R[v] = t; added = added t " " v "\n" }
				a = substr(a, length(v) + 1)
				continue
			}
			q = special(e)
			lit = q ? substr(e, 1, q - 1) : e
			if (!q) return length(a) > length(lit) && substr(a, length(a) - length(lit) + 1) == lit
			if (lit == "") { k = index(a, " "); if (k < 2) return 0; a = substr(a, k); continue }
			k = index(substr(a, 2), lit)
			if (!k) return 0
			a = substr(a, k + 1)
		}
	}
	BEGIN {
		while ((getline l <names) > 0) { split(l, w, " "); M[w[1]] = w[2]; R[w[2]] = w[1] }
		while ((getline l <vary) > 0) if (l != "") V[++nv] = l
		while ((getline l <expected) > 0) { sub(/[ \t]+$/, "", l); E[++ne] = l }
		close(names)
		while (ne > 0 && E[ne] == "") ne--
	}
	{ sub(/[ \t\r]+$/, ""); A[++na] = $0 }
	END {
		while (na > 0 && A[na] == "") na--
		bad = 0
		for (i = 1; i <= (ne > na ? ne : na); i++) {
			why = ""
			if (i <= ne && i <= na && same(E[i], A[i])) continue
			printf "line %d: the document shows: %s\n", i, i <= ne ? "\"" E[i] "\"" : "nothing"
			printf "        nvmf printed:       %s%s\n", i <= na ? "\"" A[i] "\"" : "nothing", why != "" ? " (" why ")" : ""
			bad = 1
			break
		}
		if (!bad) printf "%s", added >>names
		exit bad
	}' "$2"
}

# the reader's shell: bash where there is one (dash has no pipefail)
_doc_sh() {
	_doc_settle
	{ echo "set -o pipefail"; _doc_names <$1; } >$VT/doc.run
	if command -v bash >/dev/null; then run bash $VT/doc.run; else run sh $VT/doc.run; fi
}

doc_given() {
	_doc_sh $VT/doc.given
	check "$1" exited 0
}

_doc_judge() { # STATUS COMPARE
	if [ "$RC" -ne "$1" ]; then
		cat $OUT
		echo "exit status $RC, expected $1"
		return 1
	fi
	[ "$2" = 1 ] || return 0
	_doc_compare $VT/doc.exp $OUT && return 0
	echo "the whole output:"
	cat $OUT
	return 1
}

doc_run() {
	# a pipe into jq fails when nvmf does
	_doc_sh $VT/doc.cmd
	check "$1: $(head -n1 $VT/doc.cmd)" _doc_judge "$2" "$3"
}
# --- end of the helpers of 13-doc-examples -------------------------------------

# --- what the booted kernel can do ---------------------------------------------
# kernel_features (by /init, once, before any scenario) writes $VT/features:
# "NAME yes" or "NAME no REASON" per feature.  It loads what it must to look
# (nvme-fabrics, nvmet) and unloads again what it loaded, so that scenarios
# start with no nvme module loaded.
FEATURES="tcp rdma fc loop auth tls template host_iface src_addr nuse"

_mod_avail() { # MODULE: loaded, built in or loadable
	local d=/lib/modules/$(uname -r) re
	[ -d /sys/module/$(echo "$1" | tr - _) ] && return 0
	re=$(echo "$1" | sed 's/[-_]/[-_]/g')
	grep -Eq "(^|/)$re\.ko" $d/modules.dep $d/modules.builtin 2>/dev/null
}

_mods_missing() { # MODULE...: those not available, with spaces
	local m out=
	for m in "$@"; do _mod_avail $m || out="$out $m"; done
	echo "${out# }"
}

_feature() { # NAME REASON: REASON empty means yes
	if [ -z "$2" ]; then echo "$1 yes"; else echo "$1 no $2"; fi >>$VT/features
}

kernel_features() {
	local before m miss tpl= host target p pass
	before=$(ls /sys/module)
	: >$VT/features
	if kload nvme-fabrics 2>/dev/null && cat /dev/nvme-fabrics >$VT/template 2>/dev/null && [ -s $VT/template ]; then
		tpl=$(cat $VT/template)
		_feature template ""
	else
		_feature template "/dev/nvme-fabrics lists no options (a kernel before 5.17)"
	fi
	# nvmf adds the interface an mDNS announcement came on only where the
	# kernel lists host_iface (5.14 to 5.16 take it without listing it)
	case ",$tpl," in
	*,host_iface=*) _feature host_iface "" ;;
	*) _feature host_iface "/dev/nvme-fabrics lists no host_iface (5.17 on), so nvmf does not add an mDNS announcement's interface" ;;
	esac
	miss=$(_mods_missing nvme-tcp nvmet-tcp)
	_feature tcp "${miss:+no module $miss}"
	miss=$(_mods_missing nvme-rdma nvmet-rdma rdma_rxe)
	# iproute2's rdma: /usr/sbin in the busybox VM, /usr/bin in Debian's images
	[ -x /usr/sbin/rdma ] || command -v rdma >/dev/null || miss="$miss iproute2's rdma"
	_feature rdma "${miss:+no module $miss (Soft-RoCE: CONFIG_RDMA_RXE, CONFIG_NVME_RDMA, CONFIG_NVME_TARGET_RDMA)}"
	miss=$(_mods_missing nvme-fc nvmet-fc nvme-fcloop)
	_feature fc "${miss:+no module $miss (CONFIG_NVME_FC, CONFIG_NVME_TARGET_FCLOOP)}"
	miss=$(_mods_missing nvme-loop)
	_feature loop "${miss:+no module nvme-loop (CONFIG_NVME_TARGET_LOOP)}"

	# the target's side: an nvmet host and port, made and removed again
	kload nvmet 2>/dev/null
	kload nvme-tcp 2>/dev/null
	host=$NVMET/hosts/vmtest.probe p=$NVMET/ports/999
	mkdir $host $p 2>/dev/null
	# 6.1 lists dhchap_secret even when built without authentication: ask
	# nvme-core itself (loaded with nvme-fabrics) for its code
	miss=
	grep -q ' nvme_auth_negotiate' /proc/kallsyms ||
		miss="host: nvme-core has no DH-HMAC-CHAP (CONFIG_NVME_HOST_AUTH; CONFIG_NVME_AUTH before 6.4)"
	[ -e $host/dhchap_key ] || miss="${miss:+$miss; }target: nvmet hosts have no dhchap_key (CONFIG_NVME_TARGET_AUTH)"
	_feature auth "${miss:+no DH-HMAC-CHAP: $miss}"
	# the tls option alone is not enough either: nvme-tcp built with TLS has
	# the tls_handshake_timeout parameter
	miss=
	case ",$tpl," in *,tls,*) ;; *) miss="/dev/nvme-fabrics takes no tls" ;; esac
	[ -e /sys/module/nvme_tcp/parameters/tls_handshake_timeout ] ||
		miss="${miss:+$miss, }nvme-tcp has no tls_handshake_timeout (CONFIG_NVME_TCP_TLS)"
	[ -n "$miss" ] && miss="host: $miss"
	[ -e $p/addr_tsas ] || miss="${miss:+$miss; }target: nvmet ports have no addr_tsas (CONFIG_NVME_TARGET_TCP_TLS)"
	_feature tls "${miss:+no NVMe/TCP TLS: $miss}"
	rmdir $host $p 2>/dev/null

	# nvme-tcp's own get_address is the one that adds src_addr to a
	# controller's address (5.10 has the generic one)
	miss=
	grep -q ' nvme_tcp_get_address' /proc/kallsyms || miss="a tcp controller's address has no src_addr (nvme-tcp has no nvme_tcp_get_address)"
	_feature src_addr "$miss"
	miss=
	grep -q ' nuse_show' /proc/kallsyms || miss="a namespace has no nuse in sysfs (nvme-core has no nuse_show)"
	_feature nuse "$miss"

	# unload what was loaded to look, dependents first
	for pass in 1 2 3 4; do
		for m in $(ls /sys/module); do
			echo "$before" | grep -qx "$m" && continue
			[ -e /sys/module/$m/initstate ] && [ "$(cat /sys/module/$m/refcnt 2>/dev/null)" = 0 ] &&
				rmmod $m 2>/dev/null
		done
	done
	return 0
}

has() { grep -qx "$1 yes" $VT/features; }

lacks() {
	grep -q "^$1 " $VT/features || { echo "unknown feature '$1' (tests/vm/lib.sh knows: $FEATURES)"; return 0; }
	sed -n "s/^$1 no //p" $VT/features
}

# the host counts "VMTEST: SKIP N SCENARIO: REASON" as N skipped checks; the
# plan's count goes on (init compares the checks made and skipped with it)
skip() {
	local n=$1 i=0
	echo "VMTEST: SKIP $n $SCENARIO: $2"
	while [ $i -lt "$n" ]; do echo "skipped: $2" >>$VT/count; i=$((i + 1)); done
}

needs() {
	local f why=
	for f in "$@"; do
		has "$f" || why="${why:+$why; }$(lacks "$f")"
	done
	[ -z "$why" ] && return 0
	skip $((${PLANNED:-0} - $(wc -l <$VT/count))) "$why"
	exit 0
}

check_if() {
	local f=$1
	shift
	has "$f" && { check "$@"; return; }
	skip 1 "$1: $(lacks "$f")"
}
