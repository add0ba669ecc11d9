#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The second boot's checks, run by vmtest.service after multi-user.target.
# The image has Debian's nvme-cli too; the run layer put nvmf in charge as
# README.md says (nvme-cli's nvmf-autoconnect.service and nvmf-connect@.service
# masked), enabled nvmf-connect-all.service and its timer, added a line to
# Debian's discovery.conf and an fstab line with _netdev for an ext4 file
# system on the target's namespace boot-fs; vmtarget.service set the target
# up before nvmf's boot-time run.  Nobody ran anything by hand before this.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LC_ALL=C

PLAN=12
UNIT=nvmf-connect-all.service
FS=nqn.2024-01.io.example:boot-fs
B=nqn.2024-01.io.example:boot-b
MNT=/mnt/nvmf
T=/run/vmtest
mkdir -p $T

. /usr/local/lib/vmtest/checks.sh

mono() { systemctl show -p "$2" --value "$1"; }
ctrls_of() { # NQN: its controllers
	local c
	for c in /sys/class/nvme/nvme*; do
		[ "$(cat $c/subsysnqn 2>/dev/null)" = "$1" ] && basename $c
	done
	return 0
}

say "PLAN $PLAN"
say "BOOTED multi-user.target at $(awk -v u="$(mono multi-user.target ActiveEnterTimestampMonotonic)" 'BEGIN { printf "%.1f", u / 1e6 }') s guest uptime"

no_failed_unit() {
	local f
	f=$(systemctl --failed --no-legend)
	echo "is-system-running: $(systemctl is-system-running)"
	[ -z "$f" ] || { echo "failed units:"; echo "$f"; systemctl status --no-pager -n 10 $(echo "$f" | awk '{ print $2 == "" ? $1 : $2 }' | grep -v '^●') 2>&1 | head -40; return 1; }
}
check "boot: no unit failed, with nvme-cli and nvmf both installed" no_failed_unit

both() {
	echo "nvme: $(command -v nvme) ($(nvme version 2>/dev/null | head -n1)); nvmf: $(command -v nvmf)"
	[ -x /usr/sbin/nvme ] && [ -x /usr/sbin/nvmf ] || return 1
	local u
	for u in nvmf-autoconnect.service nvmf-connect@x.service; do
		echo "$u: $(systemctl is-enabled $u 2>&1)"
		[ "$(systemctl is-enabled $u 2>&1)" = masked ] || return 1
	done
	echo "$UNIT: $(systemctl is-enabled $UNIT); nvmf-connect-all.timer: $(systemctl is-enabled nvmf-connect-all.timer)"
	[ "$(systemctl is-enabled $UNIT)" = enabled ]
}
check "both packages: nvme-cli's units masked as README says, nvmf's service and timer enabled" both

ordered() {
	local before
	before=$(systemctl show -p Before --value $UNIT)
	echo "$UNIT: Before=$before; Wants=$(systemctl show -p Wants --value $UNIT)"
	echo "$before" | grep -qw remote-fs-pre.target
}
check "$UNIT orders itself before remote-fs-pre.target" ordered

mounted() {
	local src
	src=$(findmnt -n -o SOURCE $MNT)
	echo "$MNT: $src ($(findmnt -n -o FSTYPE,OPTIONS $MNT)); marker: $(cat $MNT/marker 2>&1)"
	case $src in /dev/nvme*n*) ;; *) return 1 ;; esac
	grep -qx "written on the host, read through NVMe/TCP" $MNT/marker
}
check "fstab: the _netdev file system on $FS is mounted at boot, and reads right" mounted

# The order systemd did them in, from its own journal lines: the boot's run
# of the service (its first end, "Finished" or "Failed to start": the order
# is what is checked here, the run's outcome below; the timer runs it again later),
# remote-fs-pre.target reached, the mount started.
sequence() {
	journalctl -b -q -o cat _PID=1 >$T/pid1
	local ran pre mnt
	ran=$(grep -n -m1 -E "^(Finished|Failed to start) $UNIT" $T/pid1 | cut -d: -f1)
	pre=$(grep -n -m1 '^Reached target remote-fs-pre.target' $T/pid1 | cut -d: -f1)
	mnt=$(grep -n -m1 '^Mounting mnt-nvmf.mount' $T/pid1 | cut -d: -f1)
	echo "systemd's journal, lines: $UNIT finished at ${ran:-?}, remote-fs-pre.target reached at ${pre:-?}, $MNT mounting at ${mnt:-?}"
	journalctl -b -q -o short-monotonic --no-hostname -u $UNIT -u mnt-nvmf.mount -u remote-fs-pre.target -u vmtarget.service | head -n 14
	[ -n "$ran" ] && [ -n "$pre" ] && [ -n "$mnt" ] && [ "$ran" -lt "$pre" ] && [ "$pre" -lt "$mnt" ]
}
check "boot order: nvmf's connect-all, then remote-fs-pre.target, then the mount" sequence

boot_run() {
	journalctl -b -q -o cat -u $UNIT | grep -F 'connected 2, already connected 0, failed 0' ||
		{ journalctl -b -q -o cat -u $UNIT | tail -n 8; return 1; }
}
check "the boot's run: nvmf's \"connected 2, already connected 0, failed 0\" in the journal" boot_run

once() {
	local n bad=0
	for n in $FS $B; do
		echo "$n: $(ctrls_of $n | tr '\n' ' ')"
		[ "$(ctrls_of $n | wc -l)" -eq 1 ] || bad=1
	done
	return $bad
}
check "nothing connected twice: one controller each for boot-fs and boot-b" once

masked_refuses() {
	systemctl start nvmf-autoconnect.service 2>&1 && { echo "nvme-cli's masked unit started"; return 1; }
	systemctl start 'nvmf-connect@--device=none.service' 2>&1 && { echo "a masked nvmf-connect@ instance started"; return 1; }
	echo "both refused: masked"
}
check "nvme-cli's units, masked, refuse to start (its udev rule does nothing)" masked_refuses

# nvme-cli run by hand next to nvmf: the same host NQN, so still one each
by_hand() {
	nvme connect-all 2>&1 | head -n 3
	systemctl start $UNIT
	once
}
check "nvme connect-all by hand, then nvmf's service: still one controller each" by_hand

# Debian's discovery.conf as the package installs it: comments only
cp /etc/nvme/discovery.conf $T/discovery.conf
comments_only() {
	local out rc cursor
	cp /usr/local/lib/vmtest/debian-discovery.conf /etc/nvme/discovery.conf
	grep -qv '^#' /etc/nvme/discovery.conf && { echo "Debian's discovery.conf has more than comments:"; cat /etc/nvme/discovery.conf; return 1; }
	out=$(nvmf connect-all --quiet 2>&1); rc=$?
	echo "nvmf connect-all --quiet over Debian's discovery.conf: exit $rc, output '${out}'"
	[ $rc -eq 0 ] && [ -z "$out" ] || return 1
	cursor=$(journalctl -q -n 0 --show-cursor | sed -n 's/^-- cursor: //p')
	systemctl start $UNIT
	echo "$UNIT: Result=$(mono $UNIT Result)"
	[ "$(mono $UNIT Result)" = success ] || return 1
	out=$(journalctl -q -o cat _COMM=nvmf --after-cursor "$cursor")
	echo "what nvmf logged since: '${out}'"
	[ -z "$out" ]
}
check "Debian's discovery.conf of comments only: connect-all --quiet prints nothing, exits 0; the service succeeds" comments_only
cp $T/discovery.conf /etc/nvme/discovery.conf

check "the timer waits for its next run" sh -c "systemctl show -p SubState --value nvmf-connect-all.timer | grep -qx waiting"
check "in the end: no unit failed" no_failed_unit

say "END"
systemctl --no-block poweroff
