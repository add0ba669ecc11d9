# SPDX-License-Identifier: GPL-2.0-or-later
# Failures and concurrency in connect-all: a discovery.conf line whose portal
# nobody serves next to a served one (the served subsystems connect, the exit
# status is 1, stderr names FILE:LINE and why); two connect-all runs started at
# the same moment on eight subsystems (they take turns on the lock: one
# controller per subsystem, both exit 0); a referral
# cycle between two ports (connect-all ends quickly, connects each subsystem
# once, exits 0).
plan 24

A=nqn.2014-08.org.example:fc-a
B=nqn.2014-08.org.example:fc-b
C=nqn.2014-08.org.example:fc-c
D=nqn.2014-08.org.example:fc-d
CONF=/etc/nvme/discovery.conf
target() {
	target_subsys $A 1 && target_subsys $B 1 && target_subsys $C 1 && target_subsys $D 1 &&
	target_port 1 tcp 127.0.0.1 4420 &&
	target_link 1 $A && target_link 1 $B && target_link 1 $C && target_link 1 $D
}
check "target: four subsystems, a null_blk namespace each, on tcp 127.0.0.1:4420" target

# -- partial failure: line 2 points where nobody listens, line 3 is served
cat >$CONF <<EOF
# nobody listens on 8010; the target is on 4420
--transport=tcp --traddr=127.0.0.1 --trsvcid=8010
--transport=tcp --traddr=127.0.0.1 --trsvcid=4420
EOF
run_split nvmf connect-all
check "partial failure: connect-all exits 1" exited 1
check "... the served subsystems are connected, once each" one_ctrl_each $A $B $C $D
check "... stderr names the failing line, $CONF:2" grep -q "$CONF:2" $ERR
check "... and why (connection refused)" grep -q "$CONF:2: .*refused" $ERR
check "... and not the served line ($CONF:3)" sh -c "! grep -q '$CONF:3' $ERR"
check "... the summary says connected 4, failed 1" grep -q "connected 4, already connected 0, failed 1" $STDOUT
check "... no controller is left for the failed line (4 in all)" test "$(fabrics_ctrls | wc -l)" -eq 4
run_split nvmf connect-all
check "partial failure, run again: exit 1, already connected 4, failed 1" \
	sh -c "cat $OUT; [ $RC -eq 1 ] && grep -q 'connected 0, already connected 4, failed 1' $STDOUT && grep -q '$CONF:2' $ERR"
host_reset

# -- concurrency: two runs at the same moment
echo "--transport=tcp --traddr=127.0.0.1 --trsvcid=4420" >$CONF
both() { # two connect-all runs started together; the status of each in $VT/rc1, $VT/rc2
	local p1 p2
	nvmf connect-all >$VT/run1 2>&1 &
	p1=$!
	nvmf connect-all >$VT/run2 2>&1 &
	p2=$!
	wait $p1; echo $? >$VT/rc1
	wait $p2; echo $? >$VT/rc2
	cat $VT/run1 $VT/run2 >$OUT
	RC="$(cat $VT/rc1) $(cat $VT/rc2)"
	LAST_CMD="nvmf connect-all & nvmf connect-all &"
}
# eight subsystems: the longer the runs, the surer two runs without a lock would interleave
MORE="nqn.2014-08.org.example:fc-e nqn.2014-08.org.example:fc-f nqn.2014-08.org.example:fc-g nqn.2014-08.org.example:fc-h"
EIGHT="$A $B $C $D $MORE"
more() {
	local n
	for n in $MORE; do target_subsys $n 1 && target_link 1 $n || return 1; done
}
check "target: four more subsystems on port 1 (eight)" more
DMESG_MARK=$(dmesg | wc -l)
both
check "two connect-all at once: both exit 0" sh -c "cat $OUT; test '$RC' = '0 0'"
check "each of the eight subsystems has exactly one controller" one_ctrl_each $EIGHT
check "no other fabrics controller (8 in all)" test "$(fabrics_ctrls | wc -l)" -eq 8
took_turns() { # the lock makes them take turns: one discovers and connects all
	# eight, then the other discovers and finds all eight connected.  In the
	# kernel log (new ctrl: D discovery, I I/O), "D I I I I I I I I D"; runs
	# that overlap show both discovery controllers before the I/O ones (the
	# kernel's own duplicate check then hides the race in the summaries)
	local s1 s2 seq
	s1=$(grep -E '^connected [0-9]+, already connected [0-9]+, failed [0-9]+$' $VT/run1)
	s2=$(grep -E '^connected [0-9]+, already connected [0-9]+, failed [0-9]+$' $VT/run2)
	seq=$(dmesg | tail -n +$((DMESG_MARK + 1)) | grep 'new ctrl: NQN' |
		sed 's/.*NQN "nqn.2014-08.org.nvmexpress.discovery".*/D/; t; s/.*/I/' | tr '\n' ' ')
	echo "run 1: $s1"
	echo "run 2: $s2"
	echo "new controllers in the kernel log: $seq"
	case "$s1|$s2" in
	"connected 8, already connected 0, failed 0|connected 0, already connected 8, failed 0") ;;
	"connected 0, already connected 8, failed 0|connected 8, already connected 0, failed 0") ;;
	*) return 1 ;;
	esac
	[ "$seq" = "D I I I I I I I I D " ]
}
check "they took turns on the lock: one discovered and connected all 8, then the other discovered and found all 8 connected" took_turns
both
check "two more at once: both exit 0, both say already connected 8" \
	sh -c "cat $OUT; test '$RC' = '0 0' && grep -q 'connected 0, already connected 8, failed 0' $VT/run1 &&
		grep -q 'connected 0, already connected 8, failed 0' $VT/run2"
check "still one controller per subsystem, 8 in all" \
	sh -c ". /vmtest/lib.sh; one_ctrl_each $EIGHT && test \$(fabrics_ctrls | wc -l) -eq 8"
host_reset
target_reset

# -- a referral cycle: port 1 refers to port 2, port 2 to port 1
cycle() {
	target_subsys $A 1 && target_subsys $B 1 &&
	target_port 1 tcp 127.0.0.1 4420 && target_port 2 tcp 127.0.0.1 4421 &&
	target_link 1 $A && target_link 2 $B &&
	target_referral 1 to-port-2 tcp 127.0.0.1 4421 &&
	target_referral 2 to-port-1 tcp 127.0.0.1 4420
}
check "target: $A on port 1 (4420), $B on port 2 (4421), each port refers to the other" cycle
echo "--transport=tcp --traddr=127.0.0.1 --trsvcid=4420" >$CONF
T0=$(uptime_s)
run timeout 120 nvmf connect-all
TOOK=$(secs_since $T0)
info "connect-all over the referral cycle took ${TOOK} s"
check "referral cycle: connect-all exits 0" exited 0
check "... within 30 s (took ${TOOK} s)" test "$TOOK" -lt 30
check "... connected $A and $B once each" one_ctrl_each $A $B
check "... says connected 2, failed 0" grep -q "connected 2, already connected 0, failed 0" $OUT
check "... leaves no discovery controller (2 controllers in all)" test "$(fabrics_ctrls | wc -l)" -eq 2
run timeout 120 nvmf connect-all
check "referral cycle, run again: exit 0, already connected 2, nothing new" \
	sh -c "cat $OUT; [ $RC -eq 0 ] && grep -q 'connected 0, already connected 2, failed 0' $OUT && test \"\$(. /vmtest/lib.sh; fabrics_ctrls | wc -l)\" -eq 2"
run nvmf discover
check "discover over the cycle exits 0, shows $A and the referral to 4421" \
	sh -c "cat $OUT; [ $RC -eq 0 ] && grep -Eq '^trsvcid: +4421\$' $OUT && grep -Eq '^subnqn: +$A\$' $OUT"
