# SPDX-License-Identifier: GPL-2.0-or-later
# An administrator's disconnect sticks against the timer's connect-all:
# disconnect records a hold in /run/nvmf/holds, connect-all leaves that
# subsystem down (and says why once with -v) while it reconnects what was
# lost by itself; nvmf connect releases the hold; --no-hold takes none.
plan 12

A=nqn.2014-08.org.example:hold-a
B=nqn.2014-08.org.example:hold-b
CONF=/etc/nvme/discovery.conf
target() {
	target_subsys $A 1 && target_subsys $B 1 && target_port 1 tcp 127.0.0.1 4420 &&
		target_link 1 $A && target_link 1 $B
}
check "target: $A and $B on tcp 127.0.0.1:4420" target
echo "--transport tcp --traddr 127.0.0.1 --trsvcid 4420" >$CONF
run nvmf connect-all --quiet
check "connect-all connects both" sh -c "test $RC -eq 0 && grep -q 'connected 2, already connected 0, failed 0' $OUT"

run nvmf disconnect -n $A
check "disconnect -n $A: exit 0, held" sh -c "test $RC -eq 0 && grep -qx 'disconnected 1 controller, held 1 until nvmf connect' $OUT"
check "one hold file in /run/nvmf/holds, naming $A" \
	sh -c "test \$(ls /run/nvmf/holds | wc -l) -eq 1 && grep -qx 'subsysnqn=$A' /run/nvmf/holds/*"
# B is lost by itself: the kernel deletes it, as after ctrl_loss_tmo
for c in $(ctrls_of $B); do echo 1 >/sys/class/nvme/$c/delete_controller; done
run_split nvmf connect-all --quiet -v
check "the timer's run: exit 0, reconnects $B, leaves $A alone" \
	sh -c "test $RC -eq 0 && grep -q 'connected 1, already connected 0, failed 0, held 1' $STDOUT" 
check "... $A has no controller, $B has one" test -z "$(ctrls_of $A)" -a "$(ctrls_of $B | wc -l)" -eq 1
check "... with -v, one line says why" sh -c "test \$(grep -c 'leaving alone what nvmf disconnect took down' $ERR) -eq 1"
run nvmf connect-all --quiet
check "a quiet run while held prints nothing, exits 0" sh -c "test $RC -eq 0 && test ! -s $OUT"

run nvmf connect -t tcp -n $A -a 127.0.0.1 -s 4420
check "nvmf connect $A: connected, the hold released" \
	sh -c "test $RC -eq 0 && test -n '$(ctrls_of $A)' && test -z \"\$(ls /run/nvmf/holds)\""

run nvmf disconnect --no-hold -n $A
for c in $(ctrls_of $B); do echo 1 >/sys/class/nvme/$c/delete_controller; done
check "disconnect --no-hold: no hold" sh -c "test $RC -eq 0 && test -z \"\$(ls /run/nvmf/holds)\""
run nvmf connect-all --quiet
check "the next run brings both back" sh -c "test $RC -eq 0 && grep -q 'connected 2, already connected 0, failed 0' $OUT"
check "... one controller each" one_ctrl_each $A $B
