# SPDX-License-Identifier: GPL-2.0-or-later
# The persistent-initiator article over its own transport, RDMA, on Soft-RoCE
# (rdma_rxe on a dummy device with 192.0.2.1): discovery.conf holds the
# article's line, --transport rdma --traddr 192.0.2.1 --trsvcid 4420.  No nvme
# host module is loaded when nvmf starts, and modprobe refuses during its first
# connect-all (so the kernel's own request_module cannot help): nvmf loads
# nvme-fabrics and nvme-rdma itself.  connect-all connects over rdma, list shows
# it; the target goes away and comes back (ctrl_loss_tmo 3 from the command
# line), connect-all reconnects and then changes nothing; disconnect --all
# removes it all.
plan 33
needs rdma

S1=nqn.2014-08.org.example:rdma-1
S2=nqn.2014-08.org.example:rdma-2
ALL="$S1 $S2"
DEV=nvmfrxe0
CONF=/etc/nvme/discovery.conf
IP=/usr/sbin/ip
RDMA=/usr/sbin/rdma

unload_nvme_host
check "before: nvme_fabrics is not loaded" test ! -e /sys/module/nvme_fabrics
check "before: nvme_rdma is not loaded" test ! -e /sys/module/nvme_rdma
check "iproute2's ip and rdma are in the VM" test -x $IP -a -x $RDMA

soft_roce() {
	kload crc32_generic && kload rdma_rxe && kload dummy || return 1
	$IP link add $DEV type dummy && echo $DEV >>$VT/dummies &&
	$IP addr add 192.0.2.1/24 dev $DEV && $IP link set $DEV up &&
	$RDMA link add rxe0 type rxe netdev $DEV || return 1
	$RDMA link show rxe0/1
	$RDMA link show rxe0/1 | grep -q "state ACTIVE.* netdev $DEV"
}
check "Soft-RoCE: rxe0 on $DEV (192.0.2.1/24) is ACTIVE" soft_roce
port_up() {
	target_port 1 rdma 192.0.2.1 4420 ipv4 &&
	target_link 1 $S1 && target_link 1 $S2
}
port_down() {
	target_unlink 1 $S1 && target_unlink 1 $S2 && rmdir $NVMET/ports/1
}
port_is() {
	local p=$NVMET/ports/1
	echo "$(cat $p/addr_trtype) $(cat $p/addr_adrfam) $(cat $p/addr_traddr) $(cat $p/addr_trsvcid)"
	[ "$(cat $p/addr_trtype) $(cat $p/addr_adrfam) $(cat $p/addr_traddr) $(cat $p/addr_trsvcid)" = \
		"rdma ipv4 192.0.2.1 4420" ]
}
target() { target_subsys $S1 1 && target_subsys $S2 1 && port_up; }
check "target: $S1 and $S2, a null_blk namespace each, on rdma port 1" target
check "target: port 1 is rdma ipv4 192.0.2.1 4420" port_is
check "nvme host modules still not loaded (the target needs none)" \
	test ! -e /sys/module/nvme_fabrics -a ! -e /sys/module/nvme_rdma
echo "--transport rdma --traddr 192.0.2.1 --trsvcid 4420" >$CONF

# -- connect-all over rdma, loading what it needs
: >/run/modprobe-spy.log
touch /run/modprobe-spy.refuse
run nvmf connect-all --ctrl-loss-tmo 3 --reconnect-delay 1
rm -f /run/modprobe-spy.refuse
check "connect-all exits 0" exited 0
check "connect-all says connected 2, already connected 0, failed 0" \
	grep -q "connected 2, already connected 0, failed 0" $OUT
check "nvmf loaded nvme_fabrics and nvme_rdma (modprobe refusing)" \
	test -d /sys/module/nvme_fabrics -a -d /sys/module/nvme_rdma
check "each subsystem has one controller" one_ctrl_each $ALL
over_rdma() { # one controller each: transport rdma, at 192.0.2.1:4420, live
	local n c bad=0
	one_ctrl_each $ALL || bad=1
	for n in $ALL; do
		for c in $(ctrls_of $n); do
			echo "$c: $(ctrl_attr $c transport) $(ctrl_attr $c address) $(ctrl_attr $c state)"
			[ "$(ctrl_attr $c transport)" = rdma ] && [ "$(ctrl_attr $c state)" = live ] &&
				ctrl_attr $c address | grep -q "traddr=192.0.2.1,trsvcid=4420" || bad=1
		done
	done
	return $bad
}
check "the controllers are live over rdma at 192.0.2.1:4420" over_rdma
check "they have ctrl_loss_tmo 3 (from the command line)" \
	sh -c ". /vmtest/lib.sh; test \$(fabrics_ctrls | wc -l) -eq 2 || exit 1; for c in \$(fabrics_ctrls); do test \"\$(cat /sys/class/nvme/\$c/ctrl_loss_tmo)\" = 3 || exit 1; done"
check "no discovery controller left" test "$(fabrics_ctrls | wc -l)" -eq 2
check "connect-all says where: at rdma 192.0.2.1:4420" \
	sh -c "grep -q '^connected .*$S1 at rdma 192.0.2.1:4420' $OUT && grep -q '^connected .*$S2 at rdma 192.0.2.1:4420' $OUT"

run nvmf list
C1=$(ctrls_of $S1)
check "list exits 0" exited 0
check "list shows $S1's controller $C1 over rdma at 192.0.2.1:4420" \
	grep -Eq "^ +$C1 rdma traddr=192.0.2.1,trsvcid=4420 live" $OUT
check "list shows a namespace of each subsystem" \
	sh -c ". /vmtest/lib.sh; for n in $ALL; do grep -q \"/dev/\$(ns_of \$n | head -n1) .*nsid 1 \" $OUT || exit 1; done"
run nvmf list -o json
check "list -o json is valid JSON with transport rdma" \
	sh -c "jsoncheck <$OUT && test \"\$(tr -d ' \\n' <$OUT | grep -o '\"transport\":\"rdma\"' | wc -l)\" -eq 2"

# -- the target goes away and comes back
check "target: port 1 removed" port_down
check "the controllers go away by themselves (ctrl_loss_tmo 3; bounded: 30 s)" wait_for 30 nqns_gone $ALL
run_split nvmf connect-all
check "connect-all while the target is down exits 1" exited 1
check "... and names $CONF:1 on stderr" grep -q "$CONF:1" $ERR
check "... and says why (the connection was refused, reset or rejected)" \
	grep -Eqi "$CONF:1: .*(refused|reset|rejected)" $ERR
check "... and leaves no controller behind" _no_fabrics_ctrls
check "target: port 1 restored" port_up
run nvmf connect-all
check "connect-all after the restore exits 0, connected 2" \
	sh -c "cat $OUT; [ $RC -eq 0 ] && grep -q 'connected 2, already connected 0, failed 0' $OUT"
check "each subsystem has one controller, live over rdma, again" over_rdma
BEFORE=$(fabrics_ctrls | sort | tr '\n' ' ')
run nvmf connect-all
check "the next connect-all exits 0: connected 0, already connected 2" \
	sh -c "cat $OUT; [ $RC -eq 0 ] && grep -q 'connected 0, already connected 2, failed 0' $OUT"
check "no new controller instance (still the 2: $BEFORE)" \
	test "$(echo $BEFORE | wc -w)" -eq 2 -a "$(fabrics_ctrls | sort | tr '\n' ' ')" = "$BEFORE"

# -- disconnect --all
run nvmf disconnect --all
check "disconnect --all exits 0" exited 0
check "no fabrics controller left" wait_for 30 _no_fabrics_ctrls
check "no namespace block device of $S1 or $S2 left" test -z "$(ns_of $S1)$(ns_of $S2)"
$RDMA link delete rxe0 2>/dev/null
