# SPDX-License-Identifier: GPL-2.0-or-later
# Module autoload: with no nvme host module loaded, "nvmf discover" loads
# nvme-fabrics and nvme-tcp itself, through libkmod.  Every modprobe run in
# the VM goes through /vmtest/modprobe-spy; during the discover it refuses to
# load anything, so the kernel's own request_module("nvme-tcp") cannot help,
# and it logs any modprobe that nvmf might have run.
plan 13

NQN=nqn.2014-08.org.example:autoload
# Booted alone this is the state already; after other scenarios, unload.
host_reset
for m in nvme_tcp nvme_rdma nvme_fc nvme_loop nvme_fcloop nvme_fabrics; do
	[ -d /sys/module/$m ] && rmmod $m
done
target() { target_subsys $NQN 1 && target_port 1 tcp 127.0.0.1 4420 && target_link 1 $NQN; }
check "target: $NQN on tcp 127.0.0.1:4420" target
check "before: nvme_fabrics is not loaded" test ! -e /sys/module/nvme_fabrics
check "before: nvme_tcp is not loaded" test ! -e /sys/module/nvme_tcp
check "before: /dev/nvme-fabrics does not exist" test ! -e /dev/nvme-fabrics

: >/run/modprobe-spy.log
touch /run/modprobe-spy.refuse
run nvmf discover -t tcp -a 127.0.0.1 -s 4420
rm -f /run/modprobe-spy.refuse
check "discover exits 0" exited 0
check "discover shows subnqn $NQN" grep -Eq "^subnqn: +$NQN\$" $OUT
check "nvmf loaded nvme_fabrics (modprobe refusing)" test -d /sys/module/nvme_fabrics
check "nvmf loaded nvme_tcp (modprobe refusing)" test -d /sys/module/nvme_tcp
not_run_by_nvmf() {
	cat /run/modprobe-spy.log
	! grep -v '^caller=kworker' /run/modprobe-spy.log
}
check "nvmf ran no modprobe program" not_run_by_nvmf

# libkmod's own messages go through nvmf's: an "install" command in
# modprobe.d that fails makes libkmod say so, as "nvmf: warning: libkmod: ...".
run rmmod nvme_tcp
check "nvme_tcp unloaded again" exited 0
mkdir -p /etc/modprobe.d
echo "install nvme-tcp /bin/false" >/etc/modprobe.d/nvmf-refuse.conf
touch /run/modprobe-spy.refuse
run_split nvmf discover -t tcp -a 127.0.0.1 -s 4420
rm -f /run/modprobe-spy.refuse /etc/modprobe.d/nvmf-refuse.conf
check "an install command that fails: discover exits 1" exited 1
check "libkmod's message comes as nvmf's" \
	grep -q "^nvmf: warning: libkmod: Error running install command '/bin/false' for module nvme_tcp" $ERR
check "every line on stderr is nvmf's" sh -c "! grep -v '^nvmf: ' $ERR"
