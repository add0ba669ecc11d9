# SPDX-License-Identifier: GPL-2.0-or-later
# The nvme-loop transport: a target port with addr_trtype loop (no address)
# offering a subsystem; discover -t loop, connect -t loop (twice: the second
# is "already connected"), list, disconnect, and connect-all -t loop.
plan 22
needs loop

NQN=nqn.2014-08.org.example:loop
DISC=nqn.2014-08.org.nvmexpress.discovery
target() { target_subsys $NQN 1 && target_port 1 loop && target_link 1 $NQN; }
check "target: $NQN on loop port 1" target
check "target: port 1's addr_trtype is loop" test "$(cat $NVMET/ports/1/addr_trtype)" = loop

# -- discover
run nvmf discover -t loop
check "discover -t loop exits 0" exited 0
check "discover shows subnqn $NQN with trtype loop" \
	awk -v nqn="$NQN" '/^=====Discovery Log Entry/ { t = "" } $1 == "trtype:" { t = $2 }
		$1 == "subnqn:" && $2 == nqn && t == "loop" { ok = 1 } END { exit !ok }' $OUT
check "discover leaves no controller behind" _no_fabrics_ctrls

# -- connect
run nvmf connect -t loop -n $NQN
C=$(ctrls_of $NQN)
NS=$(ns_wait $NQN)
check "connect -t loop exits 0" exited 0
check "connect created one controller" test "$(ctrls_of $NQN | wc -l)" -eq 1
check "controller $C: transport loop, state live" \
	test "$(cat /sys/class/nvme/$C/transport 2>/dev/null) $(cat /sys/class/nvme/$C/state 2>/dev/null)" = "loop live"
check "connect prints the controller ($C)" sh -c "test -n '$C' && grep -qx '$C' $OUT"
check "namespace block device /dev/$NS exists" test -n "$NS" -a -b "/dev/$NS"

# -- connect again
run nvmf connect -t loop -n $NQN
check "connect again exits 0" exited 0
check "connect again says already connected: $C" grep -qx "already connected: $C" $OUT
check "connect again creates no controller" test -n "$C" -a "$(fabrics_ctrls)" = "$C"

# -- list
BYTES=$(blk_bytes $(target_ns_dev $NQN 1))
run nvmf list
listed() { # the subsystem, its loop controller and its namespace with the target's size
	cat $OUT
	grep -Eq "^nvme-subsys[0-9]+ $NQN\$" $OUT || { echo "no subsystem line for $NQN"; return 1; }
	grep -Eq "^  $C loop .* live\$" $OUT || { echo "no line '  $C loop ... live'"; return 1; }
	grep -q "^  /dev/$NS /dev/ng${NS#nvme} nsid 1 .*$(human_size $BYTES) 512 B + 0 B\$" $OUT ||
		{ echo "no line '  /dev/$NS /dev/ng${NS#nvme} nsid 1 ... $(human_size $BYTES) 512 B + 0 B'"; return 1; }
}
check "list exits 0" exited 0
check "list shows $NQN, $C over loop and /dev/$NS" listed
run nvmf list -o json
json_ok() {
	jsoncheck <$OUT || return 1
	json_flat <$OUT >$VT/list.flat || { echo "json_flat failed"; return 1; }
	cat $VT/list.flat
	grep -qx ".subsystems\[0\].controllers\[0\].transport=\"loop\"" $VT/list.flat &&
		grep -qx ".subsystems\[0\].namespaces\[0\].device=\"/dev/$NS\"" $VT/list.flat &&
		grep -qx ".subsystems\[0\].namespaces\[0\].size=$BYTES" $VT/list.flat
}
check "list -o json: valid, transport \"loop\", /dev/$NS of $BYTES bytes" json_ok

# -- disconnect
run nvmf disconnect --no-hold -n $NQN    # connect-all below connects it again
check "disconnect -n $NQN exits 0" exited 0
check "the controller and /dev/$NS are gone" wait_for 30 sh -c "test -z \"\$(ls /sys/class/nvme)\" && test ! -e /dev/$NS"

# -- connect-all
run nvmf connect-all -t loop
check "connect-all -t loop exits 0" exited 0
check "connect-all says connected 1, already connected 0, failed 0" \
	grep -qx "connected 1, already connected 0, failed 0" $OUT
C=$(ctrls_of $NQN)
check "connect-all connected $NQN once, over loop" \
	test "$(ctrls_of $NQN | wc -l) $(cat /sys/class/nvme/$C/transport 2>/dev/null)" = "1 loop"
check "connect-all leaves no discovery controller behind" \
	test -z "$(ctrls_of $DISC)" -a "$(ctrl_count)" -eq 1
