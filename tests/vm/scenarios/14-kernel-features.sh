# SPDX-License-Identifier: GPL-2.0-or-later
# What nvmf does with what each kernel has and lacks, expectations taken from
# the kernel's release, not from what nvmf probes. 5.10 lists no options: nvmf
# connects anyway, and names an option the kernel refuses. 5.10 and Debian's
# 6.1 have no DH-HMAC-CHAP, no TLS and no nvme-loop: one line names what is
# missing and nothing is connected, even when a plain controller is there.
# On 6.12 a plain controller is no answer to a connect that asks for
# DH-HMAC-CHAP or TLS, and a failed secure connect leaves nothing behind.
plan 15
needs tcp

NQN=nqn.2014-08.org.example:features
NQN2=nqn.2014-08.org.example:features-auth
HOSTID=5d0f4c1e-6a8b-4e2f-9c3d-7b1a0e9f8d26
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$HOSTID
echo $HOSTNQN >/etc/nvme/hostnqn
echo $HOSTID >/etc/nvme/hostid
# from "nvme gen-dhchap-key -m 0 -l 32"
KEY=DHHC-1:00:FlegMqRq6leMC+izSJCMstoRqALVhVzb+VekEN4bZMot/igH:
OTHERKEY=DHHC-1:00:tv/mvQ+MKcubOjEiCZrKejRfGa+BC5qa3j2GahI+Sbwy9n+x:
echo $KEY >$VT/features.key
chmod 600 $VT/features.key
CONN="nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420"
release=$(uname -r)
case $release in
5.10.*) listed=0 auth=0 tls=0 loop=0 ;;
6.1.*) listed=1 auth=0 tls=0 loop=0 ;;
6.12.*) listed=1 auth=1 tls=1 loop=1 ;;
*) skip 15 "no expectations written for Linux $release"; exit 0 ;;
esac
NO_AUTH="this kernel has no DH-HMAC-CHAP support (Linux 6.0 or later, CONFIG_NVME_HOST_AUTH)"
NO_TLS="this kernel has no NVMe/TCP TLS support (Linux 6.7 or later, CONFIG_NVME_TCP_TLS)"

target() { target_subsys $NQN 1 && target_port 1 tcp 127.0.0.1 4420 && target_link 1 $NQN; }
check "target: $NQN on tcp 127.0.0.1:4420" target
ctrls() { test "$(fabrics_ctrls | wc -l)" -eq "$1" || { echo "controllers: $(fabrics_ctrls)"; return 1; }; }
refused() { # [MESSAGE]: the last run exited 1 with one line (holding MESSAGE)
	cat $OUT
	[ "$RC" -eq 1 ] || { echo "exit status $RC, expected 1"; return 1; }
	[ "$(wc -l <$OUT)" -eq 1 ] || { echo "not one line"; return 1; }
	[ -z "${1:-}" ] || grep -qF "$1" $OUT || { echo "no '$1'"; return 1; }
}
connected() { cat $OUT; [ "$RC" -eq 0 ] || { echo "exit status $RC"; return 1; }; ctrls 1; }
gone() { [ "$RC" -eq 0 ] || { echo "exit status $RC"; return 1; }; wait_for 30 _no_fabrics_ctrls; }

# -- an option 5.10 does not know; the others take it
run $CONN --host-iface lo
if [ $listed = 0 ]; then
	check "connect --host-iface lo: exit 1, the option named, 'it may be too old for it'" \
		refused "this kernel does not know option --host-iface; it may be too old for it (the kernel said: "
	check "... nothing connected" ctrls 0
else
	check "connect --host-iface lo: exit 0, one controller" connected
	run nvmf disconnect -n $NQN
	check "... disconnect exits 0, nothing connected" gone
fi

# -- DH-HMAC-CHAP and TLS asked for, nothing connected: refused, or failing cleanly
if [ $auth = 0 ]; then
	run $CONN --dhchap-secret-file $VT/features.key
	check "connect --dhchap-secret-file: exit 1, '$NO_AUTH'" refused "$NO_AUTH"
else
	auth_target() { target_subsys $NQN2 1 && target_host $NQN2 $HOSTNQN "$OTHERKEY" && target_link 1 $NQN2; }
	auth_target >/dev/null 2>&1
	run nvmf connect -t tcp -n $NQN2 -a 127.0.0.1 -s 4420 --dhchap-secret-file $VT/features.key
	check "connect --dhchap-secret-file to a target that wants another key: exit 1, one line" refused
fi
check "... nothing connected" ctrls 0
run $CONN --tls
if [ $tls = 0 ]; then
	check "connect --tls: exit 1, '$NO_TLS'" refused "$NO_TLS"
else
	check "connect --tls with no PSK in the keyring: exit 1, one line" refused
fi
check "... nothing connected" ctrls 0

# -- a plain controller, then connects that ask for more
run $CONN
check "connect without them: exit 0, one controller" connected
PLAIN=$(ctrls_of $NQN)
[ $auth = 1 ] && why="$PLAIN connects it already, without DH-HMAC-CHAP: disconnect it first" || why=$NO_AUTH
run $CONN --dhchap-secret-file $VT/features.key
check "connect --dhchap-secret-file now: exit 1, '$why'" refused "$why"
check "... still one controller" ctrls 1
[ $tls = 1 ] && why="$PLAIN connects it already, without TLS: disconnect it first" || why=$NO_TLS
run $CONN --tls
check "connect --tls now: exit 1, '$why'" refused "$why"
check "... still one controller" ctrls 1
run $CONN
check "connect without them again: already connected: $PLAIN" \
	sh -c "test $RC -eq 0 && grep -qx 'already connected: $PLAIN' $OUT"
run nvmf disconnect -n $NQN
check "disconnect exits 0, nothing connected" gone

# -- a transport whose module the kernel lacks, or whose port is not there
run nvmf connect -t loop -n $NQN
if [ $loop = 0 ]; then
	check "connect -t loop: exit 1, no nvme-loop module (CONFIG_NVME_TARGET_LOOP)" \
		refused "module nvme-loop is not available for this kernel ($release): not installed, or the kernel was built without CONFIG_NVME_TARGET_LOOP"
else
	loop_failed() { refused && ctrls 0; }
	check "connect -t loop with no loop port: exit 1, one line, nothing connected" loop_failed
fi
rm -f /etc/nvme/hostnqn /etc/nvme/hostid
