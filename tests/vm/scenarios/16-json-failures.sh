# SPDX-License-Identifier: GPL-2.0-or-later
# The JSON of real failures, against a real kernel and nvmet: a dead portal,
# a target that refuses this host, a subsystem that is gone by the time
# connect-all connects it (a discovery log, served by tests/tools/hostile-target,
# that offers one nvmet does not have), a referral that cannot be
# reached. Each run prints one JSON document that names what failed, with
# the message stderr got and the errno's name; the host also checks every
# document against its command's schema (run_apart sends them).
plan 13
needs tcp

EX=nqn.2014-08.org.example
OK=$EX:jf-ok
REFUSED=$EX:jf-refused
GONE=$EX:jf-gone
HOSTID=6c1f3e2a-4b5d-4e6f-8a7b-9c0d1e2f3a4b
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$HOSTID
ID="-q $HOSTNQN -I $HOSTID"
HT=/usr/local/bin/hostile-target

target() {
	target_subsys $OK 1 && target_subsys $REFUSED 1 &&
	target_host $REFUSED $EX:another-host &&
	target_port 1 tcp 127.0.0.1 4420 && target_link 1 $OK && target_link 1 $REFUSED &&
	target_referral 1 nowhere tcp 127.0.0.1 4498
}
check "target: $OK, $REFUSED (another host's only) on 127.0.0.1:4420, a referral to 127.0.0.1:4498 (nothing there)" target

# failed_doc STATUS FILTER: the last run_apart exited STATUS, printed one JSON
# document, and its flattened form has every PATH=VALUE of FILTER (an ERE
# per line); stderr has the message of each failure it names
failed_doc() {
	local bad=0
	json_doc -E "$@" || bad=1
	# every error in the document is a line stderr got
	grep -E '\.error="' $VT/flat | sed 's/^[^=]*="//; s/"$//; s/\\\\/\\/g' | while IFS= read -r e; do
		grep -qF "nvmf: $e" $O2 || { echo "not on stderr: $e"; exit 1; }
	done || bad=1
	[ $bad -eq 0 ] || json_doc_shown
}

# -- a dead portal
run_apart nvmf connect -t tcp -a 127.0.0.1 -s 4999 -n $OK $ID -o json
check "connect to a dead portal: exit 1, result failed, ECONNREFUSED, the message names the subsystem and portal" \
	failed_doc 1 '\.result="failed"' '\.code="ECONNREFUSED"' ".error=\"connect: $OK at tcp 127.0.0.1:4999: connection refused.*" \
		".subsysnqn=\"$OK\"" '\.traddr="127.0.0.1"' '\.trsvcid="4999"'
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4999 $ID -o json
check "connect-all from a dead portal: exit 1, its discovery controller failed with ECONNREFUSED, no entries" \
	failed_doc 1 '\.discovery_controllers\[0\]\.source="tcp 127.0.0.1:4999"' \
		'\.discovery_controllers\[0\]\.result="failed"' '\.discovery_controllers\[0\]\.code="ECONNREFUSED"' \
		'\.discovery_controllers\[0\]\.error="connect-all: tcp 127.0.0.1:4999: connection refused.*"' \
		'\.failed=1' '\.connected=0'
run_apart nvmf discover -t tcp -a 127.0.0.1 -s 4999 $ID -o json
check "discover from a dead portal: exit 1, result failed, ECONNREFUSED" \
	failed_doc 1 '\.result="failed"' '\.code="ECONNREFUSED"' '\.trsvcid="4999"'

# -- a target that refuses this host
run_apart nvmf connect -t tcp -a 127.0.0.1 -s 4420 -n $REFUSED $ID -o json
check "connect to a subsystem that refuses this host: exit 1, result failed, EIO, the subsystem named" \
	failed_doc 1 '\.result="failed"' '\.code="EIO"' ".error=\"connect: $REFUSED at tcp 127.0.0.1:4420: .*\""
check "... and nothing is connected" test -z "$(fabrics_ctrls)"

# -- connect-all: the referral that cannot be reached; the log does not offer
# this host the subsystem that refuses it, so that entry comes from below
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4420 $ID -o json
refs() {
	failed_doc 1 '\.discovery_controllers\[0\]\.result="discovered"' \
		'\.discovery_controllers\[1\]\.source="tcp 127.0.0.1:4498"' \
		'\.discovery_controllers\[1\]\.referred_by="tcp 127.0.0.1:4420"' \
		'\.discovery_controllers\[1\]\.referral_depth=1' \
		'\.discovery_controllers\[1\]\.result="failed"' '\.discovery_controllers\[1\]\.code="ECONNREFUSED"' \
		'\.discovery_controllers\[1\]\.error=".*tcp 127.0.0.1:4498, referred to by tcp 127.0.0.1:4420: connection refused.*"' \
		'\.entries\[[0-9]+\]\.subtype="discovery subsystem referral"' \
		'\.connected=1' '\.failed=1' || return 1
	i=$(grep -F '.subtype="discovery subsystem referral"' $VT/flat | sed 's/^\.entries\[\([0-9]*\)\].*/\1/')
	grep -qx ".entries\[$i\].result=\"failed\"" $VT/flat && grep -qx ".entries\[$i\].code=\"ECONNREFUSED\"" $VT/flat ||
		{ echo "the referral's entry $i is not failed with ECONNREFUSED"; grep "^\.entries\[$i\]" $VT/flat; return 1; }
}
check "connect-all with an unreachable referral: exit 1, $OK connected, the referral's controller and entry failed (ECONNREFUSED)" refs
host_reset

# -- a subsystem that is gone when connect-all connects it, and one that
# refuses this host: a discovery log (tests/tools/hostile-target) that offers each
start_ht() { # PORT NQN
	rm -f $VT/ht.$1.pid
	$HT --mode normal --port $1 --nqn $2 --idle-timeout 60 --lifetime 600 --pidfile $VT/ht.$1.pid \
		>/dev/null 2>$VT/ht.$1.err &
	wait_for 30 test -s $VT/ht.$1.pid || { echo "hostile-target did not start:"; cat $VT/ht.$1.err; return 1; }
}
start_both() { start_ht 8031 $GONE && start_ht 8032 $REFUSED; }
check "discovery controllers on 127.0.0.1:8031 (offering $GONE) and :8032 (offering $REFUSED)" start_both
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 8031 $ID -o json
check "connect-all, $GONE gone from the target: exit 1, its entry failed with EIO and the message naming it" \
	failed_doc 1 '\.discovery_controllers\[0\]\.result="discovered"' '\.discovery_controllers\[0\]\.records=1' \
		'\.entries\[0\]\.result="failed"' '\.entries\[0\]\.code="EIO"' \
		".entries\\[0\\]\\.subnqn=\"$GONE\"" ".entries\\[0\\]\\.error=\"connect-all: $GONE at tcp 127.0.0.1:4420 .*\"" \
		'\.failed=1'
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 8032 $ID -o json
check "connect-all, $REFUSED refusing this host: exit 1, its entry failed with EIO" \
	failed_doc 1 '\.entries\[0\]\.result="failed"' '\.entries\[0\]\.code="EIO"' \
		".entries\\[0\\]\\.subnqn=\"$REFUSED\"" '\.failed=1'
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 8032 $ID
check "... and in text: exit 1, 'connected 0, already connected 0, failed 1', the failure on stderr" \
	sh -c "[ $RC -eq 1 ] && grep -qx 'connected 0, already connected 0, failed 1' $O1 && grep -q '$REFUSED' $O2"
check "nothing is connected after these" test -z "$(fabrics_ctrls)"

# -- disconnect of what is not there, and list: the documents all the same
run_apart nvmf disconnect -n $GONE -o json
check "disconnect -n $GONE: exit 1, unmatched, ENOENT" \
	failed_doc 1 ".unmatched\\[0\\]\\.nqn=\"$GONE\"" '\.unmatched\[0\]\.code="ENOENT"' '\.disconnected=0'
kill "$(cat $VT/ht.8031.pid)" "$(cat $VT/ht.8032.pid)" 2>/dev/null
