# SPDX-License-Identifier: GPL-2.0-or-later
# 64 subsystems, one null_blk namespace each, on 127.0.0.1:4420: connect-all
# connects all 64, list shows them (text and JSON), a second connect-all
# changes nothing, disconnect --all removes them.  How long each step took
# is reported as information only ("timing:" lines), never judged.
# null_blk is reloaded with 64 devices and put back as init loads it.
plan 19

N=64
PFX=nqn.2014-08.org.example:scale
nqns() { local i=1; while [ $i -le $N ]; do echo $PFX-$i; i=$((i + 1)); done; }

reload_nullb() { # NR: null_blk with NR devices (gb=1, memory-backed: as init has it, but more)
	host_reset
	target_reset
	nullb_load $1
}
check "null_blk reloaded with $N devices" reload_nullb $N

t=$(now)
target() {
	local nqn
	target_port 1 tcp 127.0.0.1 4420 || return 1
	for nqn in $(nqns); do
		target_subsys $nqn 1 && target_link 1 $nqn || return 1
	done
	test "$(ls $NVMET/ports/1/subsystems | wc -l)" -eq $N
}
check "target: $N subsystems with a namespace each on 127.0.0.1:4420" target
info "timing: target set-up (configfs) $(since $t)s"

# -- connect-all
connect_all() { # NAME TIMING CONNECTED ALREADY: a timed run, its exit status and its summary
	t=$(now)
	run nvmf connect-all -t tcp -a 127.0.0.1 -s 4420
	info "timing: $2 $(since $t)s"
	check "$1 exits 0" exited 0
	check "$1 says connected $3, already connected $4, failed 0" \
		grep -qx "connected $3, already connected $4, failed 0" $OUT
}
connect_all connect-all "connect-all of $N subsystems" $N 0
nqns | sort >$VT/want.nqns
each_once() { # every one of the N subsystems has one controller, and nothing else does
	local c
	for c in $(fabrics_ctrls); do cat /sys/class/nvme/$c/subsysnqn; done | sort >$VT/have.nqns
	cmp $VT/want.nqns $VT/have.nqns >/dev/null && return 0
	echo "subsysnqn of the fabrics controllers ($(wc -l <$VT/have.nqns)) vs the $N wanted:"
	diff $VT/want.nqns $VT/have.nqns | head -20
	return 1
}
check "$N controllers, one for each subsystem (none for discovery)" each_once
fabrics_ctrls | sort >$VT/ctrls.1
live() {
	local c bad=0
	for c in $(cat $VT/ctrls.1); do
		[ "$(cat /sys/class/nvme/$c/state) $(cat /sys/class/nvme/$c/transport)" = "live tcp" ] ||
			{ echo "$c: $(cat /sys/class/nvme/$c/state) $(cat /sys/class/nvme/$c/transport)"; bad=1; }
	done
	return $bad
}
check "every controller is live over tcp" live
# subsystem NQN and namespace device, from sysfs
sys_pairs() {
	local b
	for b in /sys/block/nvme*n*; do
		[ -e "$b" ] || continue
		case ${b##*/} in nvme*c*n*) continue ;; esac
		echo "$(cat $b/device/subsysnqn) /dev/${b##*/}"
	done | sort
}
sys_pairs >$VT/sys.pairs
check "$N namespace block devices, one per subsystem" \
	sh -c "cat $VT/sys.pairs; test \$(wc -l <$VT/sys.pairs) -eq $N && test \$(cut -d' ' -f1 $VT/sys.pairs | sort -u | wc -l) -eq $N"

# -- list
t=$(now)
run nvmf list
info "timing: list $(since $t)s"
check "list exits 0" exited 0
same_pairs() { # WHAT FILE: FILE has the subsystem / namespace pairs sysfs has
	cmp $VT/sys.pairs $2 >/dev/null && return 0
	echo "subsystem / namespace pairs, sysfs vs $1:"
	diff $VT/sys.pairs $2 | head -20
	return 1
}
list_pairs() { # each namespace line of the list, with the subsystem it is listed under
	awk '/^nvme-subsys[0-9]+ / { s = $2 } /^  \/dev\// { print s, $1 }' $OUT | sort >$VT/list.pairs
	test "$(grep -c '^nvme-subsys[0-9]* ' $OUT)" -eq $N || { echo "$(grep -c '^nvme-subsys[0-9]* ' $OUT) subsystem lines, expected $N"; return 1; }
	same_pairs list $VT/list.pairs
}
check "list shows $N subsystems, each with its namespace device" list_pairs

t=$(now)
run_apart nvmf list -o json
info "timing: list -o json $(since $t)s"
check "list -o json exits 0" exited 0
check "list -o json is valid JSON" jsoncheck <$O1
json_pairs() { # the same pairs, from the JSON
	json_flat <$O1 >$VT/list.flat || { echo "json_flat failed"; return 1; }
	awk -v cnt=$VT/json.count '
		match($0, /^\.subsystems\[[0-9]+\]\.nqn="/) { i = substr($0, 13); sub(/\].*/, "", i); q = substr($0, RLENGTH + 1); sub(/"$/, "", q); nqn[i] = q; n++ }
		match($0, /^\.subsystems\[[0-9]+\]\.namespaces\[[0-9]+\]\.device="/) { i = substr($0, 13); sub(/\].*/, "", i); d = substr($0, RLENGTH + 1); sub(/"$/, "", d); dev[++m] = i " " d }
		END { for (k = 1; k <= m; k++) { split(dev[k], a, " "); print nqn[a[1]], a[2] }; print n + 0 " subsystems" >cnt }' $VT/list.flat | sort >$VT/json.pairs
	grep -qx "$N subsystems" $VT/json.count || { echo "JSON: $(cat $VT/json.count), expected $N"; return 1; }
	test "$(grep -c '"nqn"' $O1)" -eq $N || { echo "$(grep -c '"nqn"' $O1) \"nqn\" keys, expected $N"; return 1; }
	same_pairs "list -o json" $VT/json.pairs
}
check "list -o json has $N subsystems, each with its namespace device" json_pairs

# -- connect-all again: nothing to do
connect_all "connect-all again" "connect-all again (all $N connected)" 0 $N
new_io_ctrls() { # "new ctrl" kernel messages since the last run, discovery's aside
	dmesg | tail -n +$((DMESG_MARK + 1)) | grep 'new ctrl: NQN' | grep -v 'nqn.2014-08.org.nvmexpress.discovery'
}
no_new() {
	fabrics_ctrls | sort | cmp $VT/ctrls.1 - || { echo "the controllers changed"; return 1; }
	! new_io_ctrls
}
check "connect-all again creates no controller (same $N, no 'new ctrl' but discovery's)" no_new

# -- disconnect --all
t=$(now)
run nvmf disconnect --all
info "timing: disconnect --all of $N controllers $(since $t)s"
check "disconnect --all exits 0" exited 0
check "disconnect --all says disconnected $N controllers, held $N" grep -qx "disconnected $N controllers, held $N until nvmf connect" $OUT
t=$(now)
check "no fabrics controller left in /sys/class/nvme" wait_for 30 _no_fabrics_ctrls
info "timing: until /sys/class/nvme had no fabrics controller, after disconnect returned $(since $t)s"

restore() { reload_nullb 16 && test ! -e /dev/nullb16; }
check "null_blk back as init loaded it (16 devices)" restore
