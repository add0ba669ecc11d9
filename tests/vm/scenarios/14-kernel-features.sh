# SPDX-License-Identifier: GPL-2.0-or-later
# What nvmf does with what each kernel has and lacks, with the expectations
# taken from the kernel's release, not from what nvmf probes: 5.10 lists no
# options (nvmf connects anyway, and names an option the kernel refuses);
# 5.10 and Debian's 6.1 have no DH-HMAC-CHAP, no TLS and no nvme-loop (one
# line names the feature, nothing is connected, even when a plain controller
# is there); on 6.12 a plain controller is no answer to a connect that asks
# for DH-HMAC-CHAP or TLS.
plan 15
needs tcp

NQN=nqn.2014-08.org.example:features
# from "nvme gen-dhchap-key -m 0 -l 32"
KEY=DHHC-1:00:FlegMqRq6leMC+izSJCMstoRqALVhVzb+VekEN4bZMot/igH:
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
ctrls() { test "$(ctrls_of $NQN | wc -l)" -eq "$1" || { echo "controllers of $NQN: $(ctrls_of $NQN)"; return 1; }; }
refused() { # MESSAGE: the last run exited 1 with one line on stderr that holds MESSAGE
	cat $OUT
	[ "$RC" -eq 1 ] || { echo "exit status $RC, expected 1"; return 1; }
	[ "$(wc -l <$OUT)" -eq 1 ] || { echo "not one line"; return 1; }
	grep -qF "$1" $OUT || { echo "no '$1'"; return 1; }
}

# -- a kernel that lists no options
if [ $listed = 0 ]; then
	run $CONN --host-iface lo
	check "connect --host-iface: exit 1, the option named, 'it may be too old for it'" \
		refused "this kernel does not know option --host-iface; it may be too old for it (the kernel said: "
	check "... nothing connected" ctrls 0
else
	skip 2 "Linux $release lists its options: nvmf checks them before the kernel does"
fi

# -- asked of a kernel without them, with nothing connected
if [ $auth = 0 ]; then
	run $CONN --dhchap-secret-file $VT/features.key
	check "connect --dhchap-secret-file: exit 1, '$NO_AUTH'" refused "$NO_AUTH"
	check "... nothing connected" ctrls 0
else
	skip 2 "Linux $release has DH-HMAC-CHAP: 04-dhchap-auth connects with it"
fi
if [ $tls = 0 ]; then
	run $CONN --tls
	check "connect --tls: exit 1, '$NO_TLS'" refused "$NO_TLS"
	check "... nothing connected" ctrls 0
else
	skip 2 "Linux $release has TLS (connecting with it takes tlshd, which this VM has not)"
fi

# -- a plain controller, then connects that ask for more
run $CONN
connected() { cat $OUT; [ "$RC" -eq 0 ] || { echo "exit status $RC"; return 1; }; ctrls 1; }
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
check "disconnect exits 0" exited 0

# -- a transport whose module the kernel lacks
if [ $loop = 0 ]; then
	run nvmf connect -t loop -n $NQN
	check "connect -t loop: exit 1, no nvme-loop module (CONFIG_NVME_TARGET_LOOP)" \
		refused "module nvme-loop is not available for this kernel ($release): not installed, or the kernel was built without CONFIG_NVME_TARGET_LOOP"
else
	skip 1 "Linux $release has nvme-loop: 08-loop connects with it"
fi
