# SPDX-License-Identifier: GPL-2.0-or-later
# nvme-cli 2.13 (Debian trixie's, with its own libraries) as the reference
# for what nvmf took over from nvme-cli 2.x: the same /etc/nvme/config.json
# (with a DH-HMAC-CHAP key in a port), the same discovery.conf lines with
# host names and "none", the same host names on the command line, IPv6 ones
# included, give the same controllers with the same host NQN and settings.
# Addresses that are neither are refused before the kernel sees them.
# needs: trixie-nvme-cli
# nvme-cli 2.13 takes no ctrl_loss_tmo and no tos from config.json (libnvme
# 1.13 reads them only over a value not the default); nvmf does, so the
# comparisons leave those out.
plan 27
needs tcp auth

A=nqn.2014-08.org.example:ref-a
B=nqn.2014-08.org.example:ref-b
CFGHOST=nqn.2014-08.org.example:config-host
CFGID=5c0f42d7-9b5e-4c57-8f3a-1d2e3f405162
HOST=nqn.2014-08.org.nvmexpress:uuid:7d1e0c2a-3b4f-4e5a-9c6d-0e1f2a3b4c5d
KEY=DHHC-1:00:FlegMqRq6leMC+izSJCMstoRqALVhVzb+VekEN4bZMot/igH:
REF=/run/vmtest/reference

check "trixie's nvme-cli runs here" sh -c "nvme-trixie version | grep -q '^nvme version 2.13'"
target() {
	target_subsys $A 1 && target_subsys $B 1 && target_host $A $CFGHOST "$KEY" &&
	target_port 1 tcp 127.0.0.1 4420 && target_port 2 tcp ::1 4421 &&
	target_link 1 $A && target_link 1 $B && target_link 2 $B
}
check "target: $A (only $CFGHOST, keyed) and $B on 127.0.0.1:4420, $B on [::1]:4421" target
printf '127.0.0.1 storage-a.example\n::1 storage6.example\n' >>/etc/hosts
echo $HOST >/etc/nvme/hostnqn
echo ${HOST#*uuid:} >/etc/nvme/hostid

# What is connected, one line per controller, in an order of its own: the
# subsystem, transport, address (no src_addr), host NQN, reconnect delay,
# whether DH-HMAC-CHAP is on; discovery controllers left behind show too.
state() {
	local c
	for c in $(fabrics_ctrls); do
		echo "$(ctrl_attr $c subsysnqn) $(ctrl_attr $c transport)" \
			"$(ctrl_attr $c address | sed 's/,src_addr=[^,]*//')" \
			"$(ctrl_attr $c hostnqn) delay=$(ctrl_attr $c reconnect_delay)" \
			"auth=$([ "$(ctrl_attr $c dhchap_secret)" = none ] || [ -z "$(ctrl_attr $c dhchap_secret)" ] && echo no || echo yes)"
	done | sort
}
# compare NAME CMD...: run CMD with nvme-cli, then with nvmf in its place
# (nvmf for nvme-trixie in CMD), and check that both leave the same state
compare() {
	local name=$1 ours mark
	shift
	reset
	mark=$(dmesg | wc -l)
	"$@" >$REF.out 2>&1
	dmesg | tail -n +$((mark + 1)) >>$REF.out
	state >$REF
	reset
	ours=$(echo "$*" | sed 's/nvme-trixie/nvmf/')
	run sh -c "$ours"
	state >$REF.nvmf
	check "$name: the same controllers as nvme-cli 2.13 ($(wc -l <$REF) of them)" same_state
}
# host_reset, keeping discovery.conf (host_reset removes it)
reset() {
	[ -f /etc/nvme/discovery.conf ] && cp /etc/nvme/discovery.conf $REF.conf || rm -f $REF.conf
	host_reset
	[ -f $REF.conf ] && cp $REF.conf /etc/nvme/discovery.conf
	return 0
}
same_state() {
	test -s $REF && same $REF $REF.nvmf && return 0
	echo "nvme-cli 2.13 left:"; cat $REF
	echo "nvmf left:"; cat $REF.nvmf
	echo "nvme-cli said, and the kernel:"; cat $REF.out
	return 1
}
# nvme-cli loads no modules: a system has them loaded at boot (nvmf loads them itself)
kload nvme-tcp

cat >/etc/nvme/config.json <<JSON
[
  {
    "hostnqn": "$CFGHOST",
    "hostid": "$CFGID",
    "subsystems": [
      {
        "nqn": "$A",
        "ports": [
          { "transport": "tcp", "traddr": "127.0.0.1", "trsvcid": "4420",
            "reconnect_delay": 7, "dhchap_key": "$KEY" }
        ]
      }
    ]
  }
]
JSON
chmod 600 /etc/nvme/config.json
compare "connect-all with config.json alone" nvme-trixie connect-all
check "... both subsystems, with the config's host NQN" \
	sh -c "grep -c ' $CFGHOST ' $REF.nvmf | grep -qx 2"
check "... $A with the port's reconnect_delay and key" grep -q "^$A .* delay=7 auth=yes" $REF.nvmf
run nvmf connect-all
check "connect-all again: exit 0, nothing new" \
	sh -c "[ $RC = 0 ] && grep -q 'connected 0, already connected 2' $OUT"

compare "connect -J: every port of config.json, with its settings and host" \
	nvme-trixie connect -J /etc/nvme/config.json
compare "connect without -J reads no config.json" nvme-trixie connect -t tcp -n $B -a 127.0.0.1 -s 4420
check "... so the host NQN is /etc/nvme/hostnqn's" grep -q "^$B .* $HOST " $REF.nvmf

echo "--transport=tcp --traddr=storage-a.example --trsvcid=4420 --host-traddr=none --host-iface=none" \
	>/etc/nvme/discovery.conf
compare "connect-all, config.json and a discovery.conf line with a host name and none" \
	nvme-trixie connect-all
rm /etc/nvme/config.json
compare "connect-all, the same line without config.json" nvme-trixie connect-all
check "... $B only, with /etc/nvme/hostnqn" sh -c "grep -q '^$B .* $HOST ' $REF.nvmf && test \$(wc -l <$REF.nvmf) = 1"

compare "discover -p over that line (a discovery controller kept)" nvme-trixie discover -p
check "... the discovery controller is at 127.0.0.1:4420" \
	grep -q "^nqn.2014-08.org.nvmexpress.discovery tcp traddr=127.0.0.1,trsvcid=4420 " $REF.nvmf

compare "connect -a with a host name" nvme-trixie connect -t tcp -n $B -a storage-a.example -s 4420
compare "connect -a with a name for ::1" nvme-trixie connect -t tcp -n $B -a storage6.example -s 4421
check "... IPv6: traddr=::1" grep -q "traddr=::1,trsvcid=4421" $REF.nvmf
compare "connect -w with a host name, -f none" \
	nvme-trixie connect -t tcp -n $B -a 127.0.0.1 -s 4420 -w storage-a.example -f none
check "... host_traddr=127.0.0.1" grep -q "host_traddr=127.0.0.1" $REF.nvmf
reset

# refused before the kernel: one line, exit 2, nothing in dmesg, nothing connected
refused() { # CMD...: exit 2, one line, the kernel untouched
	local before=$(dmesg | wc -l)
	run "$@"
	[ $RC = 2 ] && [ "$(wc -l <$OUT)" = 1 ] && [ "$(dmesg | wc -l)" = "$before" ] &&
		[ -z "$(fabrics_ctrls)" ] || { cat $OUT; false; }
}
check "a name that does not resolve: one line, exit 2" \
	refused nvmf connect -t tcp -n $B -a nowhere.invalid -s 4420
# no name server in the VM: "no address is known" or "did not answer"
check "... which names it" grep -q "connect: --traddr 'nowhere.invalid'" $OUT
check "999.1.1.1 is refused before the kernel sees it" refused nvmf connect -t tcp -n $B -a 999.1.1.1
check "an address with blanks too" refused nvmf connect -t tcp -n $B -a "127.0.0.1 4420"
echo '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": 5 } ] } ] } ]' \
	>/etc/nvme/config.json
check "a bad config.json: one line, exit 2" refused nvmf connect-all
check "... with the file and the JSON path" \
	grep -q "config.json: \[0\].subsystems\[0\].ports\[0\].traddr: must be a string" $OUT
rm -f /etc/nvme/config.json

run nvmf connect -t tcp -n $B -a 127.0.0.1 -s 4420
run nvmf disconnect-all -r rdma --no-hold
check "disconnect-all -r rdma leaves the tcp controller" test "$RC $(ctrls_of $B | wc -l)" = "0 1"
run nvmf disconnect-all --no-hold
check "disconnect-all disconnects it" test "$RC $(fabrics_ctrls | wc -l)" = "0 0"

rm -f /etc/nvme/discovery.conf /etc/nvme/hostnqn /etc/nvme/hostid
sed -i '/storage-a.example\|storage6.example/d' /etc/hosts
