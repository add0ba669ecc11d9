# SPDX-License-Identifier: GPL-2.0-or-later
# connect-all over /etc/nvme/discovery.conf with a referral to a second port
# (on a dummy device's 192.0.2.1), re-runs that change nothing, namespaces of
# a two-namespace subsystem, disconnect -n and --all, and a connect to a port
# where nothing listens.
plan 20

A=nqn.2014-08.org.example:ca-a
B=nqn.2014-08.org.example:ca-b
DISC=nqn.2014-08.org.nvmexpress.discovery
target() {
	dummy_if nvmf0 192.0.2.1/24 &&
	target_subsys $A 1 && target_subsys $B 2 &&
	target_port 1 tcp 127.0.0.1 4420 && target_port 2 tcp 192.0.2.1 4421 &&
	target_link 1 $A && target_link 2 $B &&
	target_referral 1 to-port-2 tcp 192.0.2.1 4421
}
check "target: $A on 127.0.0.1:4420, $B on 192.0.2.1:4421, a referral to it" target
echo "--transport=tcp --traddr=127.0.0.1 --trsvcid=4420" >/etc/nvme/discovery.conf

run nvmf discover
check "discover over discovery.conf exits 0" exited 0
check "discover shows $A" grep -Eq "^subnqn: +$A\$" $OUT
check "discover shows the referral to 192.0.2.1:4421" \
	sh -c "grep -Eq '^traddr: +192.0.2.1\$' $OUT && grep -Eq '^trsvcid: +4421\$' $OUT"

run nvmf connect-all
check "connect-all exits 0" exited 0
check "connect-all connected $A once" test "$(ctrls_of $A | wc -l)" -eq 1
check "connect-all followed the referral: $B connected once" test "$(ctrls_of $B | wc -l)" -eq 1
CB=$(ctrls_of $B)
check "$B's controller is at 192.0.2.1:4421" \
	grep -q "traddr=192.0.2.1,trsvcid=4421" /sys/class/nvme/$CB/address
check "connect-all leaves no discovery controller behind" test -z "$(ctrls_of $DISC)"

run nvmf connect-all
check "connect-all again exits 0" exited 0
check "connect-all again says already connected" grep -q "already connected" $OUT
check "connect-all again creates no controller" \
	test "$(ctrls_of $A | wc -l) $(ctrls_of $B | wc -l) $(fabrics_ctrls | wc -l)" = "1 1 2"

run nvmf list
nsids_match() { # every namespace of $B is listed with the nsid sysfs gives it
	local ns n=0
	for ns in $(ns_of $B); do
		grep -Eq "^  /dev/$ns (/dev/ng[0-9n]+ )?nsid $(cat /sys/block/$ns/nsid) " $OUT || { echo "/dev/$ns nsid $(cat /sys/block/$ns/nsid) not listed"; return 1; }
		n=$((n + 1))
	done
	[ $n -eq 2 ] || { echo "$n namespaces of $B in /sys/block, expected 2"; return 1; }
}
check "list exits 0" exited 0
check "list shows both namespaces of $B with their nsids" nsids_match

run nvmf disconnect -n $A
check "disconnect -n $A exits 0" exited 0
check "$A is disconnected" wait_for 30 nqns_gone $A
check "$B is still connected" test -n "$(ctrls_of $B)"

run nvmf disconnect --all
check "disconnect --all exits 0" exited 0
check "no fabrics controller left" wait_for 30 _no_fabrics_ctrls

run nvmf connect -t tcp -n $A -a 127.0.0.1 -s 4999
no_listener() {
	cat $OUT
	[ $RC -eq 1 ] || { echo "exit $RC, expected 1"; return 1; }
	[ "$(wc -l <$OUT)" -ge 1 ] || { echo "no error message"; return 1; }
	_no_fabrics_ctrls || { echo "a controller was left: $(fabrics_ctrls)"; return 1; }
}
check "connect to a port where nothing listens exits 1, says why, leaves nothing" no_listener
