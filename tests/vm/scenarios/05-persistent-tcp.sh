# SPDX-License-Identifier: GPL-2.0-or-later
# The persistent-initiator article over TCP: a discovery.conf line with a short
# --ctrl-loss-tmo 3 --reconnect-delay 1; connect-all connects three subsystems
# with those settings; the target's port goes away: the controllers give up by
# themselves after ctrl_loss_tmo, and connect-all while the target is down
# fails (exit 1) and says where and why; the port comes back: connect-all
# (the timer's next run) reconnects everything, and the run after that
# changes nothing.
plan 28

S1=nqn.2014-08.org.example:pers-1
S2=nqn.2014-08.org.example:pers-2
S3=nqn.2014-08.org.example:pers-3
ALL="$S1 $S2 $S3"
CONF=/etc/nvme/discovery.conf
port_up() {
	target_port 1 tcp 127.0.0.1 4420 &&
	target_link 1 $S1 && target_link 1 $S2 && target_link 1 $S3
}
port_down() { # the links first (nvmet drops those controllers), then the port
	target_unlink 1 $S1 && target_unlink 1 $S2 && target_unlink 1 $S3 &&
	rmdir $NVMET/ports/1
}
target() {
	target_subsys $S1 1 && target_subsys $S2 1 && target_subsys $S3 1 && port_up
}
check "target: three subsystems, a null_blk namespace each, on tcp 127.0.0.1:4420" target
echo "--transport tcp --traddr 127.0.0.1 --trsvcid 4420 --ctrl-loss-tmo 3 --reconnect-delay 1" >$CONF

# -- connect-all connects every subsystem, with the line's settings
run nvmf connect-all
check "connect-all exits 0" exited 0
check "connect-all says connected 3, already connected 0, failed 0" \
	grep -q "connected 3, already connected 0, failed 0" $OUT
check "each subsystem has one controller" one_ctrl_each $ALL
check "no other fabrics controller (no discovery controller left)" test "$(fabrics_ctrls | wc -l)" -eq 3
settings() { # one controller each, live, ctrl_loss_tmo 3, reconnect_delay 1
	local n c bad=0
	one_ctrl_each $ALL || bad=1
	for n in $ALL; do
		for c in $(ctrls_of $n); do
			echo "$c ($n): state $(ctrl_attr $c state), ctrl_loss_tmo $(ctrl_attr $c ctrl_loss_tmo), reconnect_delay $(ctrl_attr $c reconnect_delay)"
			[ "$(ctrl_attr $c state)" = live ] && [ "$(ctrl_attr $c ctrl_loss_tmo)" = 3 ] &&
				[ "$(ctrl_attr $c reconnect_delay)" = 1 ] || bad=1
		done
	done
	return $bad
}
check "each controller is live with ctrl_loss_tmo 3 and reconnect_delay 1 (from the line)" settings
check "each subsystem has its namespace block device" \
	sh -c ". /vmtest/lib.sh; for n in $ALL; do test -b /dev/\$(ns_of \$n | head -n1) || exit 1; done"

# -- the target goes down: the kernel gives up after ctrl_loss_tmo
# Some controller of the three tries to reconnect: seen in its state, or (as
# the states may come and go between two looks on a busy machine) in the
# kernel's "Reconnecting in" lines since the port went down.
reconnecting() {
	local n c
	for n in $ALL; do
		for c in $(ctrls_of $n); do
			case $(ctrl_attr $c state) in resetting|connecting) return 0 ;; esac
		done
	done
	dmesg | tail -n +$((DOWN_MARK + 1)) | grep -q 'Reconnecting in' && return 0
	echo "no controller resetting or connecting, no 'Reconnecting in' from the kernel:"
	for c in $(fabrics_ctrls); do echo "$c $(ctrl_attr $c subsysnqn) $(ctrl_attr $c state)"; done
	return 1
}
N_UP=$(fabrics_ctrls | wc -l)
# taken before the port goes, so that a slow check cannot make it look sooner
T0=$(uptime_s)
DOWN_MARK=$(dmesg | wc -l)
check "target: port 1 removed (links, then the port)" port_down
check "the controllers try to reconnect first (resetting or connecting; bounded: 10 s)" wait_for 10 reconnecting
check "the controllers go away by themselves (bounded: 30 s)" wait_for 30 nqns_gone $ALL
GONE=$(secs_since $T0)
info "controllers gone ${GONE} s after the port went away"
check "... the $N_UP controllers, after about ctrl_loss_tmo (2 to 20 s), not at once: ${GONE} s" \
	test "$N_UP" -eq 3 -a "$GONE" -ge 2 -a "$GONE" -le 20
check "no fabrics controller left" test -z "$(fabrics_ctrls)"

run_split nvmf connect-all
check "connect-all while the target is down exits 1" exited 1
check "... and names the failing line ($CONF:1) on stderr" grep -q "$CONF:1" $ERR
check "... and says why (connection refused)" grep -qi "refused" $ERR
check "... and its summary counts the failure (connected 0, failed 1)" \
	grep -q "connected 0, already connected 0, failed 1" $OUT
check "... and leaves no controller behind" _no_fabrics_ctrls

# -- the target comes back: connect-all brings everything back
check "target: port 1 restored with the three subsystems" port_up
run nvmf connect-all
check "connect-all after the restore exits 0" exited 0
check "connect-all says connected 3, already connected 0, failed 0" \
	grep -q "connected 3, already connected 0, failed 0" $OUT
check "each subsystem has one controller again" one_ctrl_each $ALL
check "each controller is live with ctrl_loss_tmo 3 and reconnect_delay 1" settings
BEFORE=$(fabrics_ctrls | sort | tr '\n' ' ')

# -- the next run changes nothing
run nvmf connect-all
check "the next connect-all exits 0" exited 0
check "it says already connected for each subsystem" \
	sh -c "for n in $ALL; do grep -q \"^already connected .*\$n at tcp 127.0.0.1:4420\" $OUT || exit 1; done"
check "it says connected 0, already connected 3, failed 0" \
	grep -q "connected 0, already connected 3, failed 0" $OUT
check "no new controller instance (still the 3: $BEFORE)" \
	test "$(echo $BEFORE | wc -w)" -eq 3 -a "$(fabrics_ctrls | sort | tr '\n' ' ')" = "$BEFORE"
check "each subsystem still has one controller" one_ctrl_each $ALL

run nvmf disconnect --all
check "disconnect --all exits 0, nothing left" sh -c ". /vmtest/lib.sh; cat $OUT; [ $RC -eq 0 ] && wait_for 30 _no_fabrics_ctrls"
