# SPDX-License-Identifier: GPL-2.0-or-later
# --output json of every command, with results and without, is valid JSON
# with the right values; discover's records equal nvme-cli 2.3's on the same
# target (current discovery subsystem, two subsystems, a referral): for every
# key nvme-cli prints, nvmf prints the same value (nvmf may print more keys).
plan 25

A=nqn.2014-08.org.example:json-a
B=nqn.2014-08.org.example:json-b
C=nqn.2014-08.org.example:json-c
HOSTID=5b0f8c44-8d1e-4f0a-9a5e-2c7d3e6f1a90
HOSTNQN=nqn.2014-08.org.nvmexpress:uuid:$HOSTID
ID="-q $HOSTNQN -I $HOSTID"
target() {
	dummy_if nvmf0 192.0.2.1/24 &&
	target_subsys $A 1 && target_subsys $B 2 && target_subsys $C 1 &&
	target_port 1 tcp 127.0.0.1 4420 && target_port 2 tcp 192.0.2.1 4421 &&
	target_link 1 $A && target_link 1 $B && target_link 2 $C &&
	target_referral 1 to-port-2 tcp 192.0.2.1 4421
}
check "target: $A, $B on 127.0.0.1:4420, $C on 192.0.2.1:4421, a referral to it" target

# json_is STATUS [PATH=VALUE...]: the last run_apart exited STATUS, its stdout
# is valid JSON and holds each PATH=VALUE (json_flat's notation)
json_is() { json_doc -F "$@" || json_doc_shown; }
jval() { grep "^$1=" $VT/flat | head -n1 | cut -d= -f2-; }
jcount() { grep -c "^$1=" $VT/flat; }	# PATH is a regular expression here

# -- discover, compared with nvme-cli (which loads no module itself)
kload nvme-tcp
run_apart nvme discover -t tcp -a 127.0.0.1 -s 4420 $ID -o json
cp $O1 $VT/cli.json
check "nvme-cli discover -o json exits 0 with valid JSON (the reference)" json_is 0
run_apart nvmf discover -t tcp -a 127.0.0.1 -s 4420 $ID -o json
cp $O1 $VT/nvmf.json
quiet_json() { json_is 0 && { [ ! -s $O2 ] || { echo "stderr:"; cat $O2; return 1; }; }; }
check "discover -o json exits 0, valid JSON, nothing on stderr" quiet_json
json_flat <$VT/cli.json >$VT/cli.flat
json_flat <$VT/nvmf.json >$VT/nvmf.flat
records() { grep -c '^\.records\[[0-9]*\]\.subnqn=' "$1"; }
# The discovery subsystem's own entry: newer nvmet lists it, 5.10's does not
SELF=$(grep -c '^\.records\[[0-9]*\]\.subtype="current discovery subsystem"$' $VT/cli.flat)
info "nvmet lists its discovery subsystem: $SELF record(s) (nvme-cli)"
check "discover -o json has nvme-cli's $(records $VT/cli.flat) records ($((3 + SELF)) expected: $A, $B, the referral, and $SELF of the discovery subsystem)" \
	sh -c "test $(records $VT/cli.flat) -eq $((3 + SELF)) && test $SELF -le 1 && test $(records $VT/nvmf.flat) -eq $(records $VT/cli.flat)"
same_values() { # every PATH=VALUE nvme-cli printed, nvmf printed too
	grep -q '^\.records\[0\]\.' $VT/cli.flat || { echo "nvme-cli printed no record"; return 1; }
	grep -vxF -f $VT/nvmf.flat $VT/cli.flat >$VT/differ && {
		echo "nvme-cli's values that nvmf does not have (nvmf's instead):"
		while IFS= read -r l; do echo "  cli:  $l"; echo "  nvmf: $(grep "^$(echo "${l%%=*}" | sed 's/[][.]/\\&/g')=" $VT/nvmf.flat)"; done <$VT/differ
		return 1
	}
	return 0
}
check "every key nvme-cli prints (genctr, each record's) has the same value in nvmf's" same_values
info "nvmf's extra keys: $(grep -vxF -f $VT/cli.flat $VT/nvmf.flat | sed 's/=.*//; s/\[[0-9]*\]/[]/g' | sort -u | tr '\n' ' ')"

# -- discover over discovery.conf (an array), with a line that fails
printf -- '--transport=tcp --traddr=127.0.0.1 --trsvcid=4420\n--transport=tcp --traddr=127.0.0.1 --trsvcid=4999\n' >/etc/nvme/discovery.conf
run_apart nvmf discover $ID -o json
conf_json() {
	json_is 1 '[0].config_line=1' '[1].config_line=2' '[1].result="failed"' || return 1
	[ "$(jcount '\[0\]\.records\[[0-9]*\]\.subnqn')" -eq $((3 + SELF)) ] || { echo "not $((3 + SELF)) records for line 1"; cat $VT/flat; return 1; }
}
check "discover over discovery.conf -o json: exit 1, valid, line 1's $((3 + SELF)) records, line 2 failed" conf_json
rm -f /etc/nvme/discovery.conf
run_apart nvmf discover -t tcp -a 127.0.0.1 -s 4999 $ID -o json
failed_json() { # STATUS PATH=VALUE...: json_is, and an error on stderr
	json_is "$@" || return 1
	[ -s $O2 ] || { echo "nothing on stderr"; return 1; }
}
check "discover -o json where nothing listens: exit 1, valid JSON, result failed, error on stderr" \
	failed_json 1 '.result="failed"' '.trsvcid="4999"'

# -- connect
run_apart nvmf connect -t tcp -n $A -a 127.0.0.1 -s 4420 $ID -o json
CA=$(ctrls_of $A)
check "connect -o json: exit 0, valid, result connected, device $CA" \
	json_is 0 ".device=\"$CA\"" '.result="connected"' ".subsysnqn=\"$A\"" '.transport="tcp"' \
	'.traddr="127.0.0.1"' '.trsvcid="4420"' ".hostnqn=\"$HOSTNQN\""
run_apart nvmf connect -t tcp -n $A -a 127.0.0.1 -s 4420 $ID -o json
check "connect -o json again: exit 0, valid, result already connected, device $CA" \
	json_is 0 ".device=\"$CA\"" '.result="already connected"' ".subsysnqn=\"$A\""
run_apart nvmf connect -t tcp -n $A -a 127.0.0.1 -s 4999 $ID -o json
empty_or_json() { # a failed connect: the error on stderr; stdout empty or valid JSON
	echo "stdout:"; cat $O1; echo "stderr:"; cat $O2
	[ "$RC" -eq 1 ] || { echo "exit status $RC, expected 1"; return 1; }
	[ -s $O2 ] || { echo "nothing on stderr"; return 1; }
	[ ! -s $O1 ] || jsoncheck <$O1
}
check "connect -o json where nothing listens: exit 1, error on stderr, stdout empty or valid JSON" empty_or_json

# -- connect-all: A is connected; B, and C through the referral, are not
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4420 $ID -o json
CB=$(ctrls_of $B)
CC=$(ctrls_of $C)
check "connect-all -o json: exit 0, valid, connected 2, already_connected 1, failed 0" \
	json_is 0 '.connected=2' '.already_connected=1' '.failed=0'
entry_of() { # NQN: the result and device of NQN's entry in the last connect-all's JSON
	local i
	i=$(grep -F "].subnqn=\"$1\"" $VT/flat | head -n1 | sed 's/^\.entries\[\([0-9]*\)\].*/\1/')
	[ -n "$i" ] || { echo "no entry"; return 0; }
	echo "$(jval ".entries\[$i\]\.result") $(jval ".entries\[$i\]\.device")"
}
check "connect-all -o json entries: $A already connected ($CA), $B ($CB) and $C ($CC) connected" \
	test "$(entry_of $A) / $(entry_of $B) / $(entry_of $C)" = \
		"\"already connected\" \"$CA\" / \"connected\" \"$CB\" / \"connected\" \"$CC\""
referral_entry() { # the entry of the referral: its subtype, address and result
	local i
	i=$(grep -F '].subtype="discovery subsystem referral"' $VT/flat | head -n1 | sed 's/^\.entries\[\([0-9]*\)\].*/\1/')
	[ -n "$i" ] || { echo "no referral entry"; cat $VT/flat; return 1; }
	test "$(jval ".entries\[$i\]\.traddr") $(jval ".entries\[$i\]\.trsvcid") $(jval ".entries\[$i\]\.result")" = '"192.0.2.1" "4421" "referral"' ||
		{ grep "^\.entries\[$i\]" $VT/flat; return 1; }
}
check "connect-all -o json: the referral's entry (192.0.2.1:4421, result referral)" referral_entry
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4420 $ID -o json
check "connect-all -o json again: exit 0, valid, connected 0, already_connected 3" \
	json_is 0 '.connected=0' '.already_connected=3' '.failed=0'
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4420 $ID --dry-run -o json
check "connect-all --dry-run -o json: exit 0, valid, would_connect 0, already_connected 3" \
	json_is 0 '.would_connect=0' '.already_connected=3' '.failed=0'
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4999 $ID -o json
check "connect-all -o json where nothing listens: exit 1, valid JSON, connected 0, error on stderr" \
	failed_json 1 '.connected=0'

# -- list
run_apart nvmf list -o json
list_ok() {
	json_is 0 || return 1
	test "$(jcount '\.subsystems\[[0-9]*\]\.nqn')" -eq 3 || { echo "not 3 subsystems"; return 1; }
	local i nqn c
	for i in 0 1 2; do
		nqn=$(jval ".subsystems\[$i\]\.nqn" | tr -d '"')
		c=$(jval ".subsystems\[$i\]\.controllers\[0\]\.name" | tr -d '"')
		[ -n "$c" ] && [ "$(ctrls_of "$nqn")" = "$c" ] || { echo "subsystem $i: $nqn with $c, sysfs says $(ctrls_of "$nqn")"; return 1; }
		[ "$(jcount "\.subsystems\[$i\]\.namespaces\[[0-9]*\]\.device")" -eq "$(ns_of "$nqn" | wc -l)" ] ||
			{ echo "subsystem $i: namespace count differs from sysfs ($(ns_of "$nqn" | tr '\n' ' '))"; return 1; }
	done
}
check "list -o json: exit 0, valid, $A $B $C with their controllers and namespaces (B: 2)" list_ok

# -- disconnect
run_apart nvmf disconnect -n $A -o json
check "disconnect -n -o json: exit 0, valid, disconnected 1 ($CA)" \
	json_is 0 '.disconnected=1' '.failed=0' ".controllers[0].name=\"$CA\"" ".controllers[0].subsysnqn=\"$A\""
run_apart nvmf disconnect -n nqn.2014-08.org.example:json-none -o json
named_json() { json_is 1 && { grep -q json-none $O2 || { echo "stderr:"; cat $O2; return 1; }; }; }
check "disconnect -n (no such subsystem) -o json: exit 1, valid JSON, the name on stderr" named_json
run_apart nvmf disconnect --all -o json
check "disconnect --all -o json: exit 0, valid, disconnected 2" json_is 0 '.disconnected=2' '.failed=0'
check "... and nothing is connected" wait_for 30 _no_fabrics_ctrls

# -- without results
run_apart nvmf list -o json
none_listed() { json_is 0 && [ "$(jcount '\.subsystems\[')" -eq 0 ]; }
check "list -o json with nothing connected: exit 0, valid JSON, no subsystem" none_listed
run_apart nvmf disconnect --all -o json
check "disconnect --all -o json with nothing connected: exit 0, valid JSON" json_is 0
# nvmet disables a port without subsystems: keep $A linked, but for
# another host only, so that the log has nothing for this one
target_unlink 1 $B; target_unreferral 1 to-port-2
target_host $A nqn.2014-08.org.example:another-host
run_apart nvmf discover -t tcp -a 127.0.0.1 -s 4420 $ID -o json
one_record() { json_is 0 && [ "$(jcount '\.records\[[0-9]*\]\.subnqn')" -eq $SELF ] || { cat $VT/flat; return 1; }; }
check "discover -o json of a port offering this host nothing but itself: exit 0, valid, $SELF record(s)" one_record
run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4420 $ID -o json
check "connect-all -o json with nothing to connect: exit 0, valid, connected 0, failed 0" \
	json_is 0 '.connected=0' '.already_connected=0' '.failed=0'
