# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VM side of "make bench" (tests/bench/run), run by tests/vm/init as a
# scenario: tests/bench/run prepends "plan", BENCH_N and BENCH_ROUNDS.
#
# N subsystems, one null_blk namespace each, on nvmet tcp 127.0.0.1:4420.
# Each round, from nothing connected, times (ns, CLOCK_MONOTONIC read from
# /proc/timer_list by shell builtins: no process is started for a stamp):
#
#   floor   the kernel work nvmf asks for, without nvmf: the discovery
#           controller's create (one write of nvmf's own string to
#           /dev/nvme-fabrics, reply read back), one Get Log Page of the
#           whole discovery log (nvme-cli's get-log: the one process of the
#           floor, as nvmf is one), its delete (sysfs), then one write per
#           subsystem of nvmf's own option string; then every controller
#           deleted one after another through sysfs
#   nvmf    its start (--version), connect-all cold, connect-all again
#           (steady state), list, disconnect --all
#   nvme    Debian 12's nvme-cli (2.3): its start (version), connect-all
#           cold, again, list-subsys, disconnect-all
#   trixie  Debian 13's nvme-cli (2.13) with its own libraries, the same
#
# nvmf's option strings are not guessed: nvmf-fake (nvmf's own objects with
# the fake kernel, tests/fake-kernel.c) runs connect-all once against a copy
# of the real discovery log and the real /dev/nvme-fabrics template, and the
# floor writes the lines of its create.log.
#
# Lines for the host: "VMTEST: BENCH n=N round=R fig=NAME ns=NS [k=v...]".
# For this line tests/vm/run puts trixie's nvme-cli in /opt/nvme-cli-trixie:
# needs: trixie-nvme-cli

: "${BENCH_N:=64}" "${BENCH_ROUNDS:=3}" "${BENCH_SETTLE:=0.5}"
N=$BENCH_N
PFX=nqn.2014-08.org.example:bench
DISC=nqn.2014-08.org.nvmexpress.discovery
B=$VT/bench
rm -rf $B; mkdir -p $B
: >$B/bad.conn; : >$B/bad.steady; : >$B/bad.disc; : >$B/bad.host

# --- clock: T=monotonic ns, shell builtins only --------------------------
stamp() {
	local a b c
	T=
	while read -r a b c _; do
		[ "$a $b" = "now at" ] && { T=$c; break; }
	done </proc/timer_list
}
stamp
CLOCK=timer_list
if [ -z "$T" ]; then
	# 10 ms resolution
	stamp() { local u; read -r u _ </proc/uptime; T=$(( ${u%.*} * 1000000000 + 1${u#*.} * 10000000 - 1000000000 )); }
	CLOCK=uptime
fi

bench() { echo "VMTEST: BENCH n=$N round=$ROUND fig=$1 ns=$2${3:+ $3}"; }

# --- state, with builtins only (a fork per controller would cost seconds) --
# IO: I/O controllers, DCN: discovery controllers, NAMES: all fabrics ones
scan() {
	local c q tr
	IO=0; DCN=0; NAMES=
	for c in /sys/class/nvme/nvme*; do
		[ -e $c/subsysnqn ] || continue
		read -r tr <$c/transport
		[ "$tr" = pcie ] && continue
		read -r q <$c/subsysnqn
		if [ "$q" = $DISC ]; then DCN=$((DCN + 1)); else IO=$((IO + 1)); fi
		NAMES="$NAMES ${c##*/}"
	done
}
nscount() {
	local b
	NS=0
	for b in /sys/block/nvme*n*; do
		case ${b##*/} in nvme*c*n*) continue ;; esac
		[ -e $b ] && NS=$((NS + 1))
	done
}
host_ok() { # every controller carries our hostnqn and hostid
	local c v w
	for c in $NAMES; do
		read -r v </sys/class/nvme/$c/hostnqn
		read -r w </sys/class/nvme/$c/hostid
		[ "$v $w" = "$HOSTNQN $HOSTID" ] || { echo "$1: $c has $v $w"; return 1; }
	done
}
# after a connect: all N there, namespaces scanned (async in the kernel), settled
after_connect() { # WHAT
	local n=0
	while :; do
		scan; nscount
		[ $IO -ge $N ] && [ $NS -ge $N ] && break
		n=$((n + 1))
		[ $n -gt 300 ] && break
		sleep 0.1
	done
	[ $IO -eq $N ] && [ $NS -eq $N ] ||
		echo "round $ROUND $1: $IO I/O controllers, $NS namespaces, $DCN discovery controllers (want $N)" >>$B/bad.conn
	host_ok "round $ROUND $1" >>$B/bad.host
	sleep $BENCH_SETTLE
}
# back to nothing connected, deleting what is left
after_disconnect() { # WHAT
	local n=0 c
	scan
	[ -z "$NAMES" ] || echo "round $ROUND $1: left $NAMES" >>$B/bad.disc
	for c in $NAMES; do echo 1 >/sys/class/nvme/$c/delete_controller 2>/dev/null; done
	while scan; [ -n "$NAMES" ]; do
		n=$((n + 1)); [ $n -gt 300 ] && break
		sleep 0.1
	done
	sleep $BENCH_SETTLE
}
steady_ok() { # WHAT BEFORE
	scan
	[ "$NAMES" = "$2" ] || echo "round $ROUND $1: controllers changed from [$2] to [$NAMES]" >>$B/bad.steady
}

# --- set-up ------------------------------------------------------------------
ROUND=0
setup() {
	local i s
	nullb_load $N || return 1
	kload nvmet && kload nvmet-tcp || return 1
	# the host modules too, so that no run pays for loading them
	kload nvme-tcp || return 1
	i=1
	while [ $i -le $N ]; do
		s=$NVMET/subsystems/$PFX-$i
		mkdir $s && echo 1 >$s/attr_allow_any_host &&
			mkdir $s/namespaces/1 && echo /dev/nullb$((i - 1)) >$s/namespaces/1/device_path &&
			echo 1 >$s/namespaces/1/enable || return 1
		i=$((i + 1))
	done
	target_port 1 tcp 127.0.0.1 4420 || return 1
	i=1
	while [ $i -le $N ]; do
		ln -s $NVMET/subsystems/$PFX-$i $NVMET/ports/1/subsystems/$PFX-$i || return 1
		i=$((i + 1))
	done
	test "$(ls $NVMET/ports/1/subsystems | wc -l)" -eq $N
}
stamp; t0=$T
check "target: $N subsystems, a null_blk namespace each, on tcp 127.0.0.1:4420" setup
stamp
info "BENCH n=$N setup ns=$((T - t0)) clock=$CLOCK rounds=$BENCH_ROUNDS"

# one host identity for all three: the kernel refuses a hostnqn with two hostids
UUID=$(cat /proc/sys/kernel/random/uuid)
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$UUID
HOSTID=$UUID
echo $HOSTNQN >/etc/nvme/hostnqn
echo $HOSTID >/etc/nvme/hostid

# --- the two nvme-cli ---------------------------------------------------------
# trixie's as tests/vm/run installs it (tests/vm/trixie-nvme-cli): run as its
# wrapper nvme-trixie runs it, but without the wrapper's shell, so that each
# run is one process, as Debian 12's nvme and nvmf are
TRIXIE=/opt/nvme-cli-trixie
NVME_TRIXIE="$TRIXIE/usr/lib64/ld-linux-x86-64.so.2 --library-path $TRIXIE/usr/lib/x86_64-linux-gnu $TRIXIE/usr/sbin/nvme"
versions() {
	local w
	set -- $(nvme version)
	NVME_VERSION=$3
	set -- $($NVME_TRIXIE version)
	TRIXIE_VERSION=$3
	w=$(nvme-trixie version) || return 1
	[ "$w" = "$($NVME_TRIXIE version)" ] || { echo "nvme-trixie says $w"; return 1; }
	echo "nvme-cli $NVME_VERSION (Debian 12's), $TRIXIE_VERSION (trixie's, in $TRIXIE)"
	case $NVME_VERSION in 2.3) ;; *) return 1 ;; esac
	case $TRIXIE_VERSION in 2.13) ;; *) return 1 ;; esac
}
check "nvme-cli: Debian 12's 2.3 and trixie's 2.13, each one process" versions
info "BENCH n=$N version nvme ${NVME_VERSION:-?}"
info "BENCH n=$N version trixie ${TRIXIE_VERSION:-?}"

# --- nvmf's option strings, from nvmf's own code -----------------------------
create() { # STRING: one write to /dev/nvme-fabrics, reply in REPLY, as nvmf does it
	exec 3<>/dev/nvme-fabrics || return 1
	echo -n "$1" >&3 || { exec 3<&-; return 1; }
	read -r REPLY <&3
	exec 3<&-
}
inst() { local i=${REPLY#instance=}; echo ${i%%,*}; }

strings() {
	local f=$B/fake s inst numrec
	rm -rf $f
	mkdir -p $f/dev $f/sys/module/nvme_fabrics $f/sys/module/nvme_tcp $f/sys/class/nvme \
		$f/fake/logs $f/etc/nvme $f/run || return 1
	: >$f/dev/nvme-fabrics
	cp /etc/nvme/hostnqn /etc/nvme/hostid $f/etc/nvme/
	if ! cat /dev/nvme-fabrics >$f/fake/template 2>/dev/null; then
		# a kernel before 5.17 lists no options: so does the fake (tests/fake-kernel.c)
		rm -f $f/fake/template
		echo "transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,hostid=%s,disable_sqflow" \
			>$f/fake/unlisted-template
	fi
	create "nqn=$DISC,transport=tcp,traddr=127.0.0.1,trsvcid=4420,hostnqn=$HOSTNQN,hostid=$HOSTID" || return 1
	inst=$(inst)
	nvme get-log /dev/nvme$inst --log-id=0x70 --log-len=1024 --raw-binary >$B/hdr.bin &&
		numrec=$(od -A n -t u8 -j 8 -N 8 $B/hdr.bin | tr -d ' ') &&
		LOGLEN=$((1024 + numrec * 1024)) &&
		nvme get-log /dev/nvme$inst --log-id=0x70 --log-len=$LOGLEN --raw-binary >$f/fake/logs/127.0.0.1_4420.bin
	s=$?
	echo 1 >/sys/class/nvme/nvme$inst/delete_controller
	[ $s -eq 0 ] || { echo "cannot read the discovery log ($LOGLEN bytes)"; return 1; }
	echo "discovery log: $numrec records, $LOGLEN bytes"
	if [ ! -x /usr/local/bin/nvmf-fake ]; then
		echo "no nvmf-fake in the VM (make build/tests/nvmf-fake)"
		return 1
	fi
	nvmf-fake --sysroot $f connect-all -t tcp -a 127.0.0.1 -s 4420 || return 1
	head -n 1 $f/fake/create.log >$B/disc.string
	tail -n +2 $f/fake/create.log >$B/io.strings
	grep -q "^nqn=$DISC," $B/disc.string || { echo "the first string is not discovery's"; return 1; }
	[ "$(grep -c "^nqn=$PFX-" $B/io.strings)" -eq $N ] || { echo "not $N subsystem strings"; return 1; }
	echo "discovery: $(cat $B/disc.string)"
	echo "subsystem: $(head -n 1 $B/io.strings)"
}
check "the floor writes nvmf's own option strings (nvmf-fake on the real discovery log)" strings
if [ ! -s $B/io.strings ]; then
	# as tests/cli/expected/connect-all-cases.out shows them for a command line
	echo "nqn=$DISC,transport=tcp,traddr=127.0.0.1,trsvcid=4420,hostnqn=$HOSTNQN,hostid=$HOSTID" >$B/disc.string
	i=1
	while [ $i -le $N ]; do
		echo "nqn=$PFX-$i,transport=tcp,traddr=127.0.0.1,trsvcid=4420,hostnqn=$HOSTNQN,hostid=$HOSTID"
		i=$((i + 1))
	done >$B/io.strings
	LOGLEN=$((1024 + (N + 1) * 1024))
fi
info "BENCH n=$N string disc $(cat $B/disc.string)"
info "BENCH n=$N string io $(head -n 1 $B/io.strings)"
DISC_STRING=$(cat $B/disc.string)
IO_STRINGS=$(cat $B/io.strings)
host_reset

# --- the rounds --------------------------------------------------------------
floor() {
	local t0 t1 t2 t3 t4 s bad=0 inst
	stamp; t0=$T
	create "$DISC_STRING"
	inst=${REPLY#instance=}; inst=${inst%%,*}
	stamp; t1=$T
	nvme get-log /dev/nvme$inst --log-id=0x70 --log-len=$LOGLEN --raw-binary >/dev/null
	stamp; t2=$T
	echo 1 >/sys/class/nvme/nvme$inst/delete_controller
	stamp; t3=$T
	for s in $IO_STRINGS; do
		create "$s" 2>/dev/null || bad=$((bad + 1))
	done
	stamp; t4=$T
	bench floor_cold $((t4 - t0)) "failed=$bad"
	bench floor_disc_create $((t1 - t0))
	bench floor_disc_log $((t2 - t1))
	bench floor_disc_delete $((t3 - t2))
	bench floor_steady $((t3 - t0))
	bench floor_io_creates $((t4 - t3))
	after_connect floor
	set -- $NAMES
	stamp; t0=$T
	for s in "$@"; do echo 1 >/sys/class/nvme/$s/delete_controller; done
	stamp
	bench floor_disconnect $((T - t0))
	after_disconnect floor
}

timed() { # FIG CMD...: time CMD (a process of its own, as a person runs it)
	local fig=$1 t0 rc
	shift
	stamp; t0=$T
	"$@" >$B/out.$fig 2>&1
	rc=$?
	stamp
	bench $fig $((T - t0)) "rc=$rc"
}

tool() { # PREFIX VERSION... -- CONNECT-ALL... -- LIST... -- DISCONNECT...
	local p=$1 version ca list before
	shift
	version=; while [ "$1" != -- ]; do version="$version $1"; shift; done; shift
	ca=; while [ "$1" != -- ]; do ca="$ca $1"; shift; done; shift
	list=; while [ "$1" != -- ]; do list="$list $1"; shift; done; shift
	# what starting the program costs, before it does any work
	timed ${p}_start $version
	timed ${p}_cold $ca
	after_connect "$p connect-all"
	before=$NAMES
	timed ${p}_steady $ca
	steady_ok "$p connect-all again" "$before"
	sleep $BENCH_SETTLE
	timed ${p}_list $list
	sleep $BENCH_SETTLE
	timed ${p}_disconnect "$@"
	after_disconnect "$p disconnect"
	# nvmf disconnect's holds would keep the next round's connect-all from connecting
	rm -rf /run/nvmf/holds
}

CA="connect-all -t tcp -a 127.0.0.1 -s 4420"
nvmf_() { tool nvmf nvmf --version -- nvmf $CA -- nvmf list -- nvmf disconnect --all; }
nvme_() { tool nvme nvme version -- nvme $CA -- nvme list-subsys -- nvme disconnect-all; }
trixie_() {
	tool trixie $NVME_TRIXIE version -- $NVME_TRIXIE $CA -- $NVME_TRIXIE list-subsys -- \
		$NVME_TRIXIE disconnect-all
}

# warm-up, untimed: the first connections of a boot pay for what the kernel
# sets up once (caches, workers); 16 of them, then all deleted
warm() {
	local s i=0
	for s in $IO_STRINGS; do
		create "$s" 2>/dev/null
		i=$((i + 1)); [ $i -ge 16 ] && break
	done
	sleep 1
	host_reset
	sleep $BENCH_SETTLE
}
warm

ROUND=1
while [ $ROUND -le $BENCH_ROUNDS ]; do
	# each goes first in turn: nobody always follows the same teardown
	set -- floor nvmf_ nvme_ trixie_
	i=$(( (ROUND - 1) % $# ))
	while [ $i -gt 0 ]; do t=$1; shift; set -- "$@" $t; i=$((i - 1)); done
	for t in "$@"; do $t; done
	# what each printed, once
	if [ $ROUND -eq 1 ]; then
		for f in nvmf_cold nvmf_steady nvme_cold nvme_steady nvme_disconnect trixie_cold trixie_steady trixie_disconnect; do
			info "BENCH n=$N out $f: $(tail -n 2 $B/out.$f | tr '\n' '|')"
		done
	fi
	ROUND=$((ROUND + 1))
done

judge() { [ ! -s $1 ] || { head -n 20 $1; return 1; }; }
check "every connect (floor, nvmf, both nvme-cli) left all $N subsystems connected and scanned" judge $B/bad.conn
check "every steady-state connect-all left the controllers as they were" judge $B/bad.steady
check "every disconnect left no fabrics controller" judge $B/bad.disc
check "every controller used the one hostnqn and hostid" judge $B/bad.host
rm -f /etc/nvme/hostnqn /etc/nvme/hostid
