# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: nvmf against a real kernel target, with captions.  Runs in the VM
# (sourced by /init with lib.sh loaded); lines starting "VMDEMO: " are shown.

say() { echo "VMDEMO: $*"; }
caption() { say ""; say "### $*"; }
show() { # CMD...: print it as typed, then its output
	say "# $*"
	"$@" >$VT/demo.out 2>&1
	local rc=$?
	sed 's/^/VMDEMO: /' $VT/demo.out
	[ $rc -eq 0 ] || say "(exit status $rc)"
}

say "Booted $(uname -r) in $(cut -d' ' -f1 /proc/uptime)s. Setting up the kernel target (nvmet):"
target_subsys nqn.2024-01.io.example:demo-a 1 &&
target_subsys nqn.2024-01.io.example:demo-b 2 &&
target_port 1 tcp 127.0.0.1 4420 &&
target_link 1 nqn.2024-01.io.example:demo-a &&
target_link 1 nqn.2024-01.io.example:demo-b || say "(target set-up failed)"
say "  nqn.2024-01.io.example:demo-a  1 namespace   tcp 127.0.0.1:4420"
say "  nqn.2024-01.io.example:demo-b  2 namespaces  tcp 127.0.0.1:4420"
echo "--transport=tcp --traddr=127.0.0.1 --trsvcid=4420" >>/etc/nvme/discovery.conf

caption "1. What does the discovery controller at 127.0.0.1:4420 offer?"
show nvmf discover -t tcp -a 127.0.0.1 -s 4420

caption "2. Connect everything that /etc/nvme/discovery.conf leads to"
show cat /etc/nvme/discovery.conf
show nvmf connect-all

caption "3. What is connected now"
show nvmf list

caption "4. The same, for scripts"
show nvmf list -o json

caption "5. Run connect-all again: nothing is connected twice"
show nvmf connect-all

caption "6. Disconnect everything"
show nvmf disconnect --all
show nvmf list

caption "Done; the VM powers off."
