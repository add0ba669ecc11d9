# SPDX-License-Identifier: GPL-2.0-or-later
# A host with no identity at all: no /etc/nvme/hostnqn or hostid, a DMI
# product_uuid of zeros (qemu without -uuid) and no /etc/machine-id (an
# initramfs). The first connect makes one, writes /etc/nvme/hostid and
# hostnqn (0644) and says so once; later runs, and nvme-cli, are the same
# host to the kernel and the target. With /etc/nvme read-only: refused.
plan 13

NQN=nqn.2014-08.org.example:identity
DMI=/sys/class/dmi/id/product_uuid
target() { target_subsys $NQN 1 && target_port 1 tcp 127.0.0.1 4420 && target_link 1 $NQN; }
check "target: $NQN on tcp 127.0.0.1:4420" target

# No identity: the files go away for the scenario, DMI reads zeros.
mkdir -p $VT/identity
for f in hostnqn hostid; do [ -e /etc/nvme/$f ] && mv /etc/nvme/$f $VT/identity/; done
[ -e /etc/machine-id ] && mv /etc/machine-id $VT/identity/machine-id
echo 00000000-0000-0000-0000-000000000000 >$VT/zero-uuid
[ -e $DMI ] && mount -o bind $VT/zero-uuid $DMI
nothing() { test ! -e /etc/nvme/hostnqn -a ! -e /etc/nvme/hostid -a ! -e /etc/machine-id &&
	    { test ! -e $DMI || grep -qx 00000000-0000-0000-0000-000000000000 $DMI; }; }
check "no hostnqn, hostid or machine-id, and the DMI UUID is zeros" nothing

run_split nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420
C=$(ctrls_of $NQN)
check "connect exits 0" exited 0
check "it said once that it made an identity and wrote both files" \
	sh -c "test \$(grep -c 'generated one and wrote /etc/nvme/hostid and /etc/nvme/hostnqn' $ERR) -eq 1"
ID=$(cat /etc/nvme/hostid 2>/dev/null)
HOSTNQN=$(cat /etc/nvme/hostnqn 2>/dev/null)
check "/etc/nvme/hostid and hostnqn: 0644, one UUID in both" \
	sh -c "test \"\$(stat -c %a /etc/nvme/hostid) \$(stat -c %a /etc/nvme/hostnqn)\" = '644 644' &&
	       echo '$ID' | grep -Eqx '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}' &&
	       test '$HOSTNQN' = 'nqn.2014-08.org.nvmexpress:uuid:$ID'"
check "the kernel connected $C with them" \
	test -n "$C" -a "$(ctrl_attr $C hostnqn) $(ctrl_attr $C hostid)" = "$HOSTNQN $ID"

run nvmf disconnect -n $NQN
run_split nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420
C=$(ctrls_of $NQN)
check "connect again exits 0 and says nothing on stderr" sh -c "test $RC -eq 0 && test ! -s $ERR"
check "the same identity again, files unchanged" \
	test "$(ctrl_attr $C hostnqn) $(ctrl_attr $C hostid) $(cat /etc/nvme/hostid)" = "$HOSTNQN $ID $ID"
# nvme-cli reads the same files: the same host to the kernel, no hostid clash
nvme connect -t tcp -n $NQN -a 127.0.0.1 -s 4420 >$VT/nvme-cli.out 2>&1
same_host() {
	test "$(ctrls_of $NQN | wc -l)" -eq 1 && ! dmesg | tail -n 20 | grep -Eq 'same host(id|nqn)' ||
		{ cat $VT/nvme-cli.out; dmesg | tail -n 5; return 1; }
}
check "nvme-cli sees the same host: already connected, no hostid clash in dmesg" same_host
run nvmf disconnect -n $NQN

# /etc/nvme read-only: no identity can be kept, so none is made
rm -f /etc/nvme/hostnqn /etc/nvme/hostid
mount -t tmpfs -o ro tmpfs /etc/nvme
run_split nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420
check "read-only /etc/nvme: connect exits 1, connects nothing" test "$RC" -eq 1 -a -z "$(ctrls_of $NQN)"
check "... saying why in one line" \
	sh -c "test \$(wc -l <$ERR) -eq 1 && grep -q 'cannot generate a hostid: .*/etc/nvme/hostid cannot be written (Read-only file system)' $ERR"
umount /etc/nvme
check "... and wrote nothing" test ! -e /etc/nvme/hostid

# put back what the VM had
[ -e $DMI ] && umount $DMI
[ -e $VT/identity/machine-id ] && mv $VT/identity/machine-id /etc/machine-id
for f in hostnqn hostid; do
	rm -f /etc/nvme/$f
	[ -e $VT/identity/$f ] && mv $VT/identity/$f /etc/nvme/
done
check "the VM's identity is back" test -s /etc/machine-id
