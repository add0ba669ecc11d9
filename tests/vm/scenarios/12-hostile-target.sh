# SPDX-License-Identifier: GPL-2.0-or-later
# nvmf against a hostile discovery controller: tests/tools/hostile-target is
# a userspace NVMe/TCP target the kernel's nvme-tcp connects to; it serves a
# crafted discovery log per mode, one mode per port (127.0.0.1:8009+N). For
# each mode, discover and connect-all exit as they should, say what is wrong
# on stderr, escape what they print, finish within a bound without crashing,
# and let nothing injected reach the kernel. A real nvmet target on
# 127.0.0.1:4420 offers the subsystems the good entries (and the injected
# ones, were they passed through) point at.
plan 57

HT=/usr/local/bin/hostile-target
EX=nqn.2014-08.org.example
NORMAL=$EX:hostile-normal
MODES="normal numrec-huge genctr-moving no-nul unknown-values duplicates many many-over inject"

# -- helpers ------------------------------------------------------------------

# hrun BOUND CMD...: like run, under a time bound; stdout in $HOUT, stderr in
# $HERR, both in $OUT, the status in $RC, the seconds taken in $SECS.
HOUT=$VT/h.stdout
HERR=$VT/h.stderr
SECS=0
hrun() {
	local bound=$1 t0 t1
	shift
	LAST_CMD="$*"
	DMESG_MARK=$(dmesg | wc -l)
	t0=$(cut -d' ' -f1 /proc/uptime)
	timeout -s KILL "$bound" "$@" >$HOUT 2>$HERR
	RC=$?
	json_send $HOUT "$@"
	t1=$(cut -d' ' -f1 /proc/uptime)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", b - a + 0.5 }')
	{ cat $HOUT; echo "--- stderr:"; cat $HERR; } >$OUT
	return 0
}

# sane BOUND: the last hrun neither crashed (status < 128) nor hit its bound
sane() {
	echo "exit status $RC after ${SECS}s (bound $1 s)"
	[ "$RC" -lt 128 ] && [ "$SECS" -lt "$1" ] && return 0
	[ "$RC" -eq 137 ] && echo "killed: it did not finish within $1 s"
	[ "$RC" -ge 128 ] && echo "nvmf died of signal $((RC - 128))"
	tail -n 5 $HERR
	return 1
}

# exits N: the last hrun exited N (shows its stderr)
exits() {
	[ "$RC" -eq "$1" ] && return 0
	echo "exit status $RC, expected $1"; echo "stderr:"; head -n 20 $HERR
	return 1
}

# one_line ERE: stderr is exactly one line, and it matches ERE
one_line() {
	local n
	n=$(grep -c . $HERR)
	cat $HERR
	[ "$n" -eq 1 ] || { echo "$n lines on stderr, expected 1"; return 1; }
	grep -Eq "$1" $HERR || { echo "stderr does not match /$1/"; return 1; }
}

# says ERE: stderr matches ERE
says() {
	grep -Eq "$1" $HERR && return 0
	echo "stderr does not match /$1/:"; head -n 20 $HERR
	return 1
}

# raw_controls FILE: FILE holds control characters other than newline
raw_controls() {
	tr -d '\n' <"$1" | tr -d '\040-\176' | od -An -c | grep -q .
}

# clean FILE...: no control character but newline in any of them
clean() {
	local f bad=0
	for f in "$@"; do
		if raw_controls "$f"; then
			echo "$f holds raw control characters:"
			tr -d '\n' <"$f" | tr -d '\040-\176' | od -An -c | head -n 3
			bad=1
		fi
	done
	return $bad
}

# only_ctrls NQN...: the fabrics controllers are exactly one of each NQN given
only_ctrls() {
	local c n want=0 nqn
	for nqn in "$@"; do
		n=$(ctrls_of "$nqn" | wc -l)
		[ "$n" -eq 1 ] || { echo "$n controllers of $nqn, expected 1"; return 1; }
		want=$((want + 1))
	done
	n=$(fabrics_ctrls | wc -l)
	[ "$n" -eq $want ] && return 0
	echo "$n fabrics controllers, expected $want:"
	for c in $(fabrics_ctrls); do
		echo "  $c: $(cat /sys/class/nvme/$c/subsysnqn) at $(cat /sys/class/nvme/$c/address | tr '\n' ' ')"
	done
	return 1
}

port_of() {
	local m i=0
	for m in $MODES; do
		[ "$m" = "$1" ] && { echo $((8009 + i)); return 0; }
		i=$((i + 1))
	done
	return 1
}

disc() { hrun "$1" nvmf discover -t tcp -a 127.0.0.1 -s "$(port_of "$2")" $3; }
conn_all() { hrun "$1" nvmf connect-all -t tcp -a 127.0.0.1 -s "$(port_of "$2")"; }

# -- the targets --------------------------------------------------------------

# the real one: what good entries point at, and what injected options would
# reach if nvmf passed them on (x, inj1.. are the NQNs before the injection)
real_target() {
	local n
	target_subsys $NORMAL 1 || return 1
	for n in x inj1 inj2 inj3 inj4 inj5 inj6; do
		target_subsys $EX:$n 0 || return 1
	done
	target_port 1 tcp 127.0.0.1 4420 || return 1
	for n in $NORMAL $EX:x $EX:inj1 $EX:inj2 $EX:inj3 $EX:inj4 $EX:inj5 $EX:inj6; do
		target_link 1 $n || return 1
	done
}
check "real target: $NORMAL and the injection targets on 127.0.0.1:4420" real_target

start_hostile() {
	local m p
	[ -x $HT ] || { echo "$HT is missing: make build/tests/hostile-target"; return 1; }
	for m in $MODES; do
		p=$(port_of $m)
		rm -f $VT/ht.$m.pid
		$HT --mode $m --port $p --nqn $NORMAL --idle-timeout 60 --lifetime 1800 \
			--pidfile $VT/ht.$m.pid >/dev/null 2>$VT/ht.$m.err &
	done
	for m in $MODES; do
		wait_for 30 test -s $VT/ht.$m.pid || { echo "$m did not start:"; cat $VT/ht.$m.err; return 1; }
	done
}
check "hostile targets listen on 127.0.0.1:8009-8017, one mode each" start_hostile

# -- normal: the control, a good log ----------------------------------------------
disc 60 normal
check "normal: discover exits 0" exits 0
check "normal: discover shows $NORMAL at 127.0.0.1:4420" \
	sh -c "grep -Eq '^subnqn: +$NORMAL\$' $HOUT && grep -Eq '^trsvcid: +4420\$' $HOUT"
check "normal: discover leaves no controller behind" only_ctrls
conn_all 60 normal
check "normal: connect-all exits 0" exits 0
check "normal: connect-all connected $NORMAL once, nothing else" only_ctrls $NORMAL
host_reset

# -- numrec-huge: numrec 1000000, 2 entries --------------------------------------
disc 120 numrec-huge
check "numrec-huge: discover exits 1" exits 1
check "numrec-huge: discover does not crash, finishes in 120 s" sane 120
check "numrec-huge: discover says, in one stderr line, the log claims 1000000 records" \
	one_line 'discovery log.*1000000'
conn_all 120 numrec-huge
check "numrec-huge: connect-all exits 1" exits 1
check "numrec-huge: connect-all does not crash, finishes in 120 s" sane 120
check "numrec-huge: connect-all says the log claims 1000000 records" says 'discovery log.*1000000'
check "numrec-huge: no controller left" only_ctrls

# -- genctr-moving: genctr changes on every read ----------------------------------
disc 120 genctr-moving
check "genctr-moving: discover exits 1" exits 1
check "genctr-moving: discover does not crash, finishes in 120 s" sane 120
check "genctr-moving: discover says, in one stderr line, kept changing while read" \
	one_line 'kept changing while read'
conn_all 120 genctr-moving
check "genctr-moving: connect-all exits 1" exits 1
check "genctr-moving: connect-all does not crash, finishes in 120 s" sane 120
check "genctr-moving: connect-all says kept changing while read" says 'kept changing while read'
check "genctr-moving: no controller left" only_ctrls

# -- no-nul: every string field full width, no NUL ------------------------------
full_fields() {
	local n226
	n226=$(printf '%226s' '' | tr ' ' N)
	grep -Eq '^trsvcid: +9{32}$' $HOUT || { echo "trsvcid is not exactly 32 '9's:"; grep '^trsvcid' $HOUT; return 1; }
	grep -Eq "^subnqn: +$EX:nonul-$n226\$" $HOUT || { echo "subnqn is not exactly its 256 bytes:"; grep '^subnqn' $HOUT | cut -c1-80; return 1; }
	grep -Eq '^traddr: +A{256}$' $HOUT || { echo "traddr is not exactly 256 'A's:"; grep '^traddr' $HOUT | cut -c1-80; return 1; }
}
disc 60 no-nul
check "no-nul: discover exits 0" exits 0
check "no-nul: discover prints each field whole and nothing past it" full_fields
conn_all 60 no-nul
check "no-nul: connect-all exits 1 (nothing valid to connect)" exits 1
check "no-nul: connect-all does not crash, finishes in 60 s" sane 60
check "no-nul: no controller created" only_ctrls

# -- unknown-values: unknown trtype, adrfam, subtype, treq, eflags, sectype -------
unknowns() {
	local p bad=0
	for p in '^trtype: +unknown \(200\)$' '^adrfam: +unknown \(200\)$' '^subtype: +unknown \(200\)$' \
		 '^treq: +unknown \(243\)$' '^eflags: .*unknown bits 0xfff8' '^sectype: +unknown \(119\)$' \
		 '^rdma_qptype: +unknown \(9\)$' '^rdma_prtype: +unknown \(9\)$' '^rdma_cms: +unknown \(9\)$'; do
		grep -Eq "$p" $HOUT || { echo "no line matches /$p/"; bad=1; }
	done
	return $bad
}
disc 60 unknown-values
check "unknown-values: discover exits 0" exits 0
check "unknown-values: discover names every unknown value as unknown" unknowns
conn_all 60 unknown-values
check "unknown-values: connect-all exits 1" exits 1
check "unknown-values: connect-all does not crash, finishes in 60 s" sane 60
check "unknown-values: connect-all says the transport and address family are unusable" \
	sh -c "grep -q 'transport type' $HERR && grep -q 'address family' $HERR || { cat $HERR; exit 1; }"
check "unknown-values: no controller created" only_ctrls

# -- duplicates: the same entry 3 times ----------------------------------------------
disc 60 duplicates
check "duplicates: discover exits 0" exits 0
check "duplicates: discover shows the entry 3 times" \
	test "$(grep -Ec "^subnqn: +$NORMAL\$" $HOUT)" -eq 3
conn_all 60 duplicates
check "duplicates: connect-all exits 0" exits 0
check "duplicates: connect-all connected $NORMAL once" only_ctrls $NORMAL
host_reset

# -- many: 4096 valid entries; many-over: 5000 ---------------------------------------
disc 180 many
check "many: discover exits 0" exits 0
check "many: discover does not crash, finishes in 180 s" sane 180
check "many: discover shows all 4096 entries" \
	sh -c "grep -q 'Number of Records 4096,' $HOUT && test \$(grep -c '^=====Discovery Log Entry' $HOUT) -eq 4096"
conn_all 180 many
check "many: connect-all exits 0 (nothing to connect)" exits 0
check "many: connect-all does not crash, finishes in 180 s" sane 180

disc 180 many-over
check "many-over: discover exits 1" exits 1
check "many-over: discover does not crash, finishes in 180 s" sane 180
check "many-over: discover says, in one stderr line, the log claims 5000 records" \
	one_line 'discovery log.*5000'
conn_all 180 many-over
check "many-over: connect-all exits 1" exits 1
check "many-over: connect-all does not crash, finishes in 180 s" sane 180
check "many-over: no controller created" only_ctrls

# -- inject: option injection and control characters in every field -------------
disc 60 inject
check "inject: discover exits 0" exits 0
check "inject: discover prints no raw control character" clean $HOUT $HERR
check "inject: discover shows them escaped (\\x0a, \\x1b, \\x09)" \
	sh -c "grep -qF 'inj3\\x0ahostnqn=' $HOUT && grep -qF '\\x1b[31m\\x07' $HOUT && grep -qF '127.0.0.1\\x09' $HOUT"
hrun 60 nvmf discover -t tcp -a 127.0.0.1 -s "$(port_of inject)" -o json
check "inject: discover -o json is valid JSON" sh -c "jsoncheck <$HOUT"
conn_all 60 inject
check "inject: connect-all exits 1" exits 1
check "inject: connect-all does not crash, finishes in 60 s" sane 60
check "inject: connect-all prints no raw control character" clean $HOUT $HERR
check "inject: no controller at all in /sys/class/nvme" only_ctrls
check "inject: no subsystem x, inj1..inj6 connected through the kernel" \
	sh -c "! cat /sys/class/nvme/nvme*/subsysnqn 2>/dev/null | grep -E '^$EX:(x|inj)'"

# -- the hostile targets survived ----------------------------------------------------
stop_hostile() {
	local m bad=0 pid
	for m in $MODES; do
		pid=$(cat $VT/ht.$m.pid 2>/dev/null)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill "$pid"
		else
			echo "the $m target is gone:"; cat $VT/ht.$m.err; bad=1
		fi
	done
	return $bad
}
check "every hostile target was still running at the end" stop_hostile
