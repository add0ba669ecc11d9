#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The third boot's checks, run by vmtest.service after multi-user.target:
# the documents' examples that need systemd or mDNS, from their own text
# (tests/doc-examples scenario systemd, with tests/vm/lib.sh's doc_*
# helpers), on the image with Debian's nvme-cli, nvmf installed by make
# install and nothing else set up.  Reports on the console as test.sh does.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# the reader's terminal: UTF-8 (systemctl's arrows)
export SYSTEMD_PAGER= SYSTEMD_COLORS=0 LANG=C.UTF-8
D=/usr/local/lib/vmtest
exec </dev/null >/dev/console 2>&1

echo "VMTEST: PLAN $(sed -n 's/^plan \([0-9][0-9]*\).*/\1/p' $D/doc-examples.sh | head -n1)"
echo "VMTEST: BOOTED multi-user.target at $(systemctl show -p ActiveEnterTimestampMonotonic --value multi-user.target |
	awk '{ printf "%.1f", $1 / 1e6 }') s guest uptime"
mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
SCENARIO=doc-examples-systemd
. $D/lib.sh
: >$VT/count
t0=$(now)
. $D/doc-examples.sh
echo "VMTEST: $SCENARIO: $(wc -l <$VT/count) checks in $(since "$t0") s"
echo "VMTEST: END"
systemctl --no-block poweroff
