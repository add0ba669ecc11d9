# SPDX-License-Identifier: GPL-2.0-or-later
# The NVMe/TCP article, step by step, with nvmf: a kernel target offering
# nvmet-test with one null_blk namespace on 127.0.0.1:4420; discover, connect,
# connect again, list (what the article's nvme list shows, checked against
# sysfs and nvme-cli), list -o json, data through the block device, disconnect.
plan 35

NQN=nvmet-test
check "target: subsystem $NQN with a null_blk namespace" target_subsys $NQN 1
check "target: tcp port 1 on 127.0.0.1:4420" target_port 1 tcp 127.0.0.1 4420
check "target: $NQN offered on port 1" target_link 1 $NQN
NULLB=$(target_ns_dev $NQN 1)

# -- discover
run nvmf discover -t tcp -a 127.0.0.1 -s 4420
check "discover exits 0" exited 0
check "discover shows subnqn $NQN" grep -Eq "^subnqn: +$NQN\$" $OUT
check "discover shows trtype tcp, traddr 127.0.0.1, trsvcid 4420" \
	sh -c "grep -Eq '^trtype: +tcp\$' $OUT && grep -Eq '^traddr: +127.0.0.1\$' $OUT && grep -Eq '^trsvcid: +4420\$' $OUT"
check "discover leaves no controller behind" _no_fabrics_ctrls
grep -E '^subnqn:' $OUT | tr -s ' ' >$VT/nvmf.subnqn

# -- connect
run nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420
CTRL=$(ctrls_of $NQN)
NS=$(ns_wait $NQN)
check "connect exits 0" exited 0
check "connect created one controller" test "$(ctrls_of $NQN | wc -l)" -eq 1
check "controller $CTRL is live over tcp" \
	sh -c "test \"\$(cat /sys/class/nvme/$CTRL/state)\" = live && test \"\$(cat /sys/class/nvme/$CTRL/transport)\" = tcp"
check "connect prints the device ($CTRL or /dev/$NS)" \
	sh -c "test -n '$CTRL' && grep -Eq '\\b($CTRL|$NS)\\b' $OUT"
check "namespace block device /dev/$NS exists" test -b "/dev/$NS"

# nvme-cli, for comparison, with the host identity nvmf chose (the kernel
# refuses one hostnqn with two hostids): the same subsystems in the log
nvme discover -t tcp -a 127.0.0.1 -s 4420 -q "$(cat /sys/class/nvme/$CTRL/hostnqn 2>/dev/null)" \
	-I "$(cat /sys/class/nvme/$CTRL/hostid 2>/dev/null)" >$VT/nvme-cli.out 2>&1
grep -E '^subnqn:' $VT/nvme-cli.out | tr -s ' ' >$VT/cli.subnqn
check "discover lists the same subsystems as nvme-cli" \
	sh -c "test -s $VT/cli.subnqn && cmp $VT/nvmf.subnqn $VT/cli.subnqn || { cat $VT/nvme-cli.out; exit 1; }"

# -- connect again: nothing changes
run nvmf connect -t tcp -n $NQN -a 127.0.0.1 -s 4420
check "connect again exits 0" exited 0
check "connect again says already connected" grep -q "already connected" $OUT
check "connect again creates no second controller" test -n "$CTRL" -a "$(ctrls_of $NQN)" = "$CTRL"

# -- list
BYTES=$(blk_bytes $NULLB)
HUMAN=$(human_size $BYTES)
run nvmf list
check "list exits 0" exited 0
check "list shows $NQN and $CTRL" sh -c "test -n '$CTRL' && grep -q '$NQN' $OUT && grep -q '\\b$CTRL\\b' $OUT"
check "block device has the null_blk's size ($BYTES bytes)" test "$(blk_bytes $NS)" = "$BYTES"
check "list shows /dev/$NS with its size ($HUMAN)" grep -q "/dev/$NS .*$HUMAN" $OUT

GEN=ng${NS#nvme}
LBA=$(cat /sys/block/$NS/queue/logical_block_size 2>/dev/null)
META=$(cat /sys/block/$NS/metadata_bytes 2>/dev/null)
SUBSYS=$(basename "$(dirname "$(readlink -f /sys/block/$NS)")")
MODEL=$(sed 's/ *$//' /sys/class/nvme-subsystem/$SUBSYS/model 2>/dev/null)
SERIAL=$(sed 's/ *$//' /sys/class/nvme-subsystem/$SUBSYS/serial 2>/dev/null)
FW=$(sed 's/ *$//' /sys/class/nvme-subsystem/$SUBSYS/firmware_rev 2>/dev/null)
# what each kernel shows: generic nodes since 5.13, nuse and metadata_bytes later than 6.1
if [ -c /dev/$GEN ]; then
	check "list shows the generic node /dev/$GEN, which the kernel made" grep -q "^  /dev/$NS /dev/$GEN nsid 1 " $OUT
else
	check "list shows no generic node: the kernel made none" grep -q "^  /dev/$NS nsid 1 " $OUT
fi
USAGE= FORMAT="$LBA B" JUSAGE=true JMETA=
[ -e /sys/block/$NS/nuse ] && USAGE=".* /" JUSAGE="grep -q '\"usage\":[0-9]' $VT/ns.json"
[ -n "$META" ] && FORMAT="$LBA B + $META B" JMETA=",\"metadata_bytes\":$META"
check "list shows usage / capacity and the format ($FORMAT) as sysfs has them" \
	sh -c "test -n '$LBA' && grep -q '/dev/$NS .*nsid 1$USAGE $HUMAN $FORMAT\$' $OUT"
nvme list >$VT/nvme-list.out 2>&1
check "list shows model, serial and firmware ($MODEL, $SERIAL, $FW), as nvme-cli's list does" \
	sh -c "test -n '$SERIAL' && grep -qxF '    $MODEL, serial $SERIAL, firmware $FW' $OUT &&
	       grep -F '/dev/$NS' $VT/nvme-list.out | grep -F '$SERIAL' | grep -F '$MODEL' | grep -qF '$FW' ||
	       { cat $VT/nvme-list.out; exit 1; }"
check "list shows the controller's TLS and DH-HMAC-CHAP state" grep -qx '    tls none, dhchap none' $OUT
check "list fits in 80 columns here (but for the hostnqn line)" sh -c "! awk 'length > 80 && !/hostnqn/' $OUT | grep -q ."

run nvmf list -o json
check "list -o json exits 0" exited 0
check "list -o json is valid JSON" jsoncheck <$OUT
tr -d ' \t\n' <$OUT | grep -o "{[^{}]*\"device\":\"/dev/$NS\"[^{}]*}" >$VT/ns.json
check "list -o json has /dev/$NS with size $BYTES" grep -q "\"size\":$BYTES\\b" $VT/ns.json
check "list -o json has the namespace's generic node, usage, format, model, serial, firmware" \
	sh -c "{ test ! -c /dev/$GEN || grep -q '\"generic\":\"/dev/$GEN\"' $VT/ns.json; } && $JUSAGE &&
	       grep -q '\"lba_size\":$LBA$JMETA' $VT/ns.json &&
	       grep -q '\"serial\":\"$SERIAL\",\"model\":\"$MODEL\",\"firmware_rev\":\"$FW\"' $VT/ns.json ||
	       { cat $VT/ns.json; exit 1; }"

# -- data through the fabric
dd if=/dev/urandom of=$VT/pattern bs=1M count=4 2>/dev/null
check "write 4 MiB to /dev/$NS" dd if=$VT/pattern of=/dev/$NS bs=1M count=4 conv=fsync
echo 3 >/proc/sys/vm/drop_caches
dd if=/dev/$NS of=$VT/readback bs=1M count=4 2>/dev/null
check "read back through /dev/$NS: identical" same $VT/pattern $VT/readback
dd if=$NULLB of=$VT/target bs=1M count=4 2>/dev/null
check "the target's $NULLB holds the same data" same $VT/pattern $VT/target
rm -f $VT/pattern $VT/readback $VT/target

# -- disconnect
run nvmf disconnect -d /dev/$NS
check "disconnect -d /dev/$NS exits 0" exited 0
check "no fabrics controller left in /sys/class/nvme" wait_for 30 _no_fabrics_ctrls
check "/dev/$NS is gone" wait_for 30 test ! -e /dev/$NS
