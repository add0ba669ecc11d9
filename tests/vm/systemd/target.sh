#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The second boot's target, set up by vmtarget.service before nvmf's
# boot-time connect runs: nvmet on tcp 127.0.0.1:4420 with boot-fs (the
# ext4 image the run script made, which fstab mounts with _netdev) and
# boot-b (a null_blk namespace).
set -eu
N=/sys/kernel/config/nvmet
modprobe nvmet
modprobe nvmet-tcp
modprobe null_blk nr_devices=1
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
subsys() { # NQN DEVICE [BUFFERED]
	mkdir $N/subsystems/$1
	echo 1 >$N/subsystems/$1/attr_allow_any_host
	mkdir $N/subsystems/$1/namespaces/1
	# a file on the initramfs: buffered I/O, as it takes no O_DIRECT
	[ -n "${3:-}" ] && echo 1 >$N/subsystems/$1/namespaces/1/buffered_io
	echo $2 >$N/subsystems/$1/namespaces/1/device_path
	echo 1 >$N/subsystems/$1/namespaces/1/enable
}
subsys nqn.2024-01.io.example:boot-fs /var/lib/vmtest/fs.img buffered
subsys nqn.2024-01.io.example:boot-b /dev/nullb0
mkdir $N/ports/1
echo tcp >$N/ports/1/addr_trtype
echo ipv4 >$N/ports/1/addr_adrfam
echo 127.0.0.1 >$N/ports/1/addr_traddr
echo 4420 >$N/ports/1/addr_trsvcid
for s in boot-fs boot-b; do
	ln -s $N/subsystems/nqn.2024-01.io.example:$s $N/ports/1/subsystems/nqn.2024-01.io.example:$s
done
