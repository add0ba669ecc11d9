# SPDX-License-Identifier: GPL-2.0-or-later
# In-band authentication (DH-HMAC-CHAP) against a target that demands it:
# without a secret and with a wrong one the connect fails cleanly; with the
# host secret (option or file) it connects, and with the controller secret too
# it is bidirectional; list says which, and never prints a secret.
plan 18
needs auth

NQN=nqn.2014-08.org.example:auth
HOSTID=0c6e3a52-5f6b-4a6e-9f39-8d3a4b7c2e11
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$HOSTID
# from "nvme gen-dhchap-key -m 0 -l 32" (nvme-cli 2.3 cannot generate keys
# in the VM: it exits 1 silently)
KEY=DHHC-1:00:FlegMqRq6leMC+izSJCMstoRqALVhVzb+VekEN4bZMot/igH:
CKEY=DHHC-1:00:zZCgJVIyw2FlvqgL7eqnjPoBpgY5jYFmIGLXn7uMho4aBlIm:
BADKEY=DHHC-1:00:tv/mvQ+MKcubOjEiCZrKejRfGa+BC5qa3j2GahI+Sbwy9n+x:
# the host identity nvmf uses by default, as nvme-cli's package would set it up
echo $HOSTNQN >/etc/nvme/hostnqn
echo $HOSTID >/etc/nvme/hostid
CONN="nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420"

check "the kernel has DH-HMAC-CHAP (nvme_auth, dhchap attributes)" \
	sh -c ". /vmtest/lib.sh; kload nvmet && kload nvme-auth && test -d /sys/module/nvme_auth"
target() {
	target_subsys $NQN 1 && target_host $NQN $HOSTNQN "$KEY" &&
	target_port 1 tcp 127.0.0.1 4420 && target_link 1 $NQN
}
check "target: $NQN only for $HOSTNQN, with its DH-HMAC-CHAP key" target

refused() { # the last run failed with one message and left no controller
	cat $OUT
	[ $RC -eq 1 ] || { echo "exit $RC, expected 1"; return 1; }
	[ -s $OUT ] || { echo "no error message"; return 1; }
	_no_fabrics_ctrls || { echo "a controller was left: $(fabrics_ctrls)"; return 1; }
}
run $CONN
check "connect without a secret fails (exit 1), says so, leaves nothing" refused
run $CONN -S "$BADKEY"
check "connect with a wrong secret fails (exit 1), says so, leaves nothing" refused

run $CONN -S "$KEY"
check "connect with the host secret exits 0" exited 0
C=$(ctrls_of $NQN)
check "controller $C is live" test -n "$C" -a "$(cat /sys/class/nvme/$C/state 2>/dev/null)" = live
run nvmf list -o json
check "list -o json says dhchap host" grep -Eq '"dhchap": *"host"' $OUT
check "list -o json shows no secret" sh -c "! grep -F 'DHHC-1' $OUT"
run nvmf list
check "list shows no secret" sh -c "! grep -F 'DHHC-1' $OUT"
run nvmf disconnect -n $NQN
check "disconnect exits 0" exited 0
wait_for 30 _no_fabrics_ctrls

echo "$KEY" >$VT/host.key
chmod 600 $VT/host.key
run $CONN --dhchap-secret-file $VT/host.key
check "connect with --dhchap-secret-file exits 0" exited 0
check "... and connected" test -n "$(ctrls_of $NQN)"
host_reset
echo $HOSTNQN >/etc/nvme/hostnqn
echo $HOSTID >/etc/nvme/hostid

chmod 644 $VT/host.key
run $CONN --dhchap-secret-file $VT/host.key
check "a secret file others can read is refused (exit 1 or 2), nothing connected" \
	sh -c "cat $OUT; [ $RC -eq 1 -o $RC -eq 2 ] && [ -z '$(fabrics_ctrls)' ]"
host_reset
echo $HOSTNQN >/etc/nvme/hostnqn
echo $HOSTID >/etc/nvme/hostid

echo "$CKEY" >$NVMET/hosts/$HOSTNQN/dhchap_ctrl_key
run $CONN -S "$KEY" -C "$CKEY"
check "bidirectional connect (-S and -C) exits 0" exited 0
check "... and connected" test -n "$(ctrls_of $NQN)"
run nvmf list -o json
check "list -o json says dhchap bidirectional" grep -Eq '"dhchap": *"bidirectional"' $OUT
check "list -o json shows no secret" sh -c "! grep -F 'DHHC-1' $OUT"
run nvmf disconnect --all
check "disconnect --all exits 0, nothing left" sh -c "cat $OUT; [ $RC -eq 0 ] && [ -z \"\$(ls /sys/class/nvme 2>/dev/null)\" ]"
