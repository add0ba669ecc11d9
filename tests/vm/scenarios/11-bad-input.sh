# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input against the real kernel.  Malformed arguments exit 2 with one
# line on stderr and create nothing, even with a target ready to accept.  A
# discovery.conf with bad lines among good ones: the good ones still work,
# each bad one is named FILE:LINE, exit 2 unless something else failed (1).
# A discovery log entry crafted to inject kernel options: a subsystem named
# "...:evil,nr_io_queues=1" next to a good one (and a decoy named "...:evil",
# so that an injected "nqn=...:evil,nr_io_queues=1" would really connect,
# with one I/O queue), and a referral whose traddr is "127.0.0.1,nr_io_queues=1":
# connect-all connects the good ones, names the evil entries on stderr, exits
# 1, and no controller has a ',' in its NQN or one I/O queue.
plan 36

GOOD=nqn.2014-08.org.example:bad-good
GOOD2=nqn.2014-08.org.example:bad-good2
NICE=nqn.2014-08.org.example:nice
DECOY=nqn.2014-08.org.example:evil
EVIL=nqn.2014-08.org.example:evil,nr_io_queues=1
CONF=/etc/nvme/discovery.conf
target() {
	target_subsys $GOOD 1 && target_subsys $GOOD2 1 &&
	target_port 1 tcp 127.0.0.1 4420 && target_port 2 tcp 127.0.0.1 4421 &&
	target_link 1 $GOOD && target_link 2 $GOOD2
}
check "target: $GOOD on 127.0.0.1:4420, $GOOD2 on 127.0.0.1:4421" target
kload nvme-tcp

once_each() { # NQN...: each NQN has exactly one controller
	local n bad=0
	for n in "$@"; do
		[ "$(ctrls_of "$n" | wc -l)" -eq 1 ] || { echo "$n: controllers: $(ctrls_of "$n" | tr '\n' ' ')"; bad=1; }
	done
	return $bad
}
# "new ctrl" kernel messages since the last run (any controller, discovery too)
new_ctrls() { dmesg | tail -n +$((DMESG_MARK + 1)) | grep 'new ctrl: NQN'; }

# -- malformed arguments ---------------------------------------------------------
# bad_usage TOKEN: the last run_apart exited 2, wrote one line to stderr
# naming TOKEN, and no controller was created (none there, none came and went)
bad_usage() {
	local n bad=0
	echo "stderr:"; cat $O2
	[ "$RC" -eq 2 ] || { echo "exit status $RC, expected 2"; bad=1; }
	n=$(wc -l <$O2)
	[ "$n" -eq 1 ] || { echo "$n lines on stderr, expected 1"; bad=1; }
	grep -q '^nvmf: ' $O2 || { echo "stderr does not start 'nvmf: '"; bad=1; }
	grep -qF -- "$1" $O2 || { echo "stderr does not name '$1'"; bad=1; }
	[ "$(ctrl_count)" -eq 0 ] || { echo "controllers now: $(fabrics_ctrls | tr '\n' ' ')"; bad=1; }
	new_ctrls && { echo "(the kernel made those controllers)"; bad=1; }
	return $bad
}
: >$VT/stdout.noise
# usage TOKEN ARGS...: run nvmf ARGS, judge it with bad_usage TOKEN
usage() {
	local token=$1
	shift
	run_apart nvmf "$@"
	[ -s $O1 ] && { echo "nvmf $*:"; sed 's/^/    /' $O1; } >>$VT/stdout.noise
	check "usage error, exit 2: nvmf $*" bad_usage "$token"
}
G="-n $GOOD -a 127.0.0.1 -s 4420"
usage "'--bogus'"		connect -t tcp $G --bogus
usage "--trsvcid"		connect -t tcp -n $GOOD -a 127.0.0.1 -s
usage "--queue-size 9999"	connect -t tcp $G --queue-size 9999
usage "--nr-io-queues 0"	connect -t tcp $G --nr-io-queues 0
usage "'abc'"			connect -t tcp $G --keep-alive-tmo abc
usage "99999999999"		connect -t tcp $G --ctrl-loss-tmo 99999999999
usage "'bogus'"			connect -t bogus $G
usage "--traddr"		connect -t tcp -n $GOOD -s 4420
usage "--nqn"			connect -t tcp -a 127.0.0.1 -s 4420
usage "99999"			connect -t tcp -n $GOOD -a 127.0.0.1 -s 99999
usage "contains ','"		connect -t tcp -n "$EVIL" -a 127.0.0.1 -s 4420
usage "contains ','"		connect -t tcp $G -q "nqn.2014-08.org.example:h,nr_io_queues=1"
usage "'yaml'"			connect -t tcp $G -o yaml
usage "--traddr"		discover -t tcp -s 4420
usage "--queue-size 8"		discover -t tcp -a 127.0.0.1 -s 4420 -Q 8
usage "--traddr"		connect-all -t tcp -s 4420
usage "'--bogus'"		connect-all -t tcp -a 127.0.0.1 -s 4420 --bogus
usage "--nqn"			disconnect
quiet_stdout() { # a usage error prints nothing but its stderr line
	[ ! -s $VT/stdout.noise ] && return 0
	echo "usage errors that also wrote to stdout:"; cat $VT/stdout.noise
	return 1
}
check "none of these usage errors wrote anything to stdout" quiet_stdout

# -- discovery.conf with bad lines among good ones ----------------------------------
cat >$CONF <<'EOF'
# good lines 2 and 7, bad lines 3 to 6
--transport=tcp --traddr=127.0.0.1 --trsvcid=4420
--transport=tcp --traddr=127.0.0.1 --trsvcid=4420 --bogus-option
--transport tcp --traddr 127.0.0.1 --trsvcid 4421 --queue-size 9999
--transport=bogus --traddr=127.0.0.1
--transport=tcp --trsvcid=4421
--transport=tcp --traddr=127.0.0.1 --trsvcid=4421
EOF
# names_lines LINE...: stderr has one line for each of $CONF:LINE and no other
names_lines() {
	local l bad=0
	echo "stderr:"; cat $O2
	for l in "$@"; do
		[ "$(grep -c "^nvmf: $CONF:$l: " $O2)" -eq 1 ] || { echo "not one line naming $CONF:$l"; bad=1; }
	done
	[ "$(wc -l <$O2)" -eq $# ] || { echo "$(wc -l <$O2) lines on stderr, expected $#"; bad=1; }
	return $bad
}
run_apart nvmf discover
check "discover over a discovery.conf with 4 bad lines: exit 2" exited 2
check "... shows both good lines' subsystems ($GOOD, $GOOD2)" \
	sh -c "grep -Eq '^subnqn: +$GOOD\$' $O1 && grep -Eq '^subnqn: +$GOOD2\$' $O1"
check "... names $CONF:3, :4, :5 and :6 on stderr, one line each, nothing else" names_lines 3 4 5 6
check "... leaves no controller behind" _no_fabrics_ctrls

run_apart nvmf connect-all
# (its "failed K" counts the bad lines too: not judged here)
check "connect-all over it: exit 2, 'connected 2, already connected 0, ...'" \
	sh -c "cat $OUT; test $RC -eq 2 && grep -q '^connected 2, already connected 0, failed [0-9]*\$' $O1"
check "... connected $GOOD and $GOOD2 once each" once_each $GOOD $GOOD2
check "... names $CONF:3, :4, :5 and :6 on stderr, one line each, nothing else" names_lines 3 4 5 6

echo "--transport=tcp --traddr=127.0.0.1 --trsvcid=4999" >>$CONF
run_apart nvmf connect-all
check "with a line 8 where nothing listens: exit 1 (a failure beats a bad line)" exited 1
check "... names lines 3 to 6 and 8, still 2 controllers" \
	sh -c "cat $O2; grep -q '^nvmf: $CONF:8: ' $O2 && grep -q '^nvmf: $CONF:3: ' $O2 && test $(ctrl_count) -eq 2"
host_reset

# -- a discovery log entry that would inject kernel options ---------------------
evil_target() {
	local e=$NVMET/subsystems/$EVIL
	# the kernel takes ',' in a subsystem's configfs name, and in its NQN
	mkdir "$e" || { echo "nvmet refused the name"; return 1; }
	_w 1 "$e/attr_allow_any_host" && target_ns "$EVIL" 1 || return 1
	target_subsys $DECOY 1 && target_subsys $NICE 1 &&
	target_port 3 tcp 127.0.0.1 4430 || return 1
	# linked first, so that its entry comes before the decoy's
	target_link 3 "$EVIL" && target_link 3 $DECOY && target_link 3 $NICE || return 1
	# nvmet takes any string as a referral's address
	target_referral 3 evil-ref tcp "$EVIL_ADDR" 4430 ipv4
}
EVIL_ADDR=127.0.0.1,nr_io_queues=1
check "target: nvmet takes the subsystem '$EVIL', offered on 127.0.0.1:4430 with '$DECOY', $NICE and a referral to '$EVIL_ADDR'" evil_target
run_apart nvmf discover -t tcp -a 127.0.0.1 -s 4430
check "discover shows the entry '$EVIL' as it is" grep -qxF "subnqn:  $EVIL" $O1

run_apart nvmf connect-all -t tcp -a 127.0.0.1 -s 4430
check "connect-all: exit 1, 'connected 2, already connected 0, failed 2'" \
	sh -c "cat $OUT; test $RC -eq 1 && grep -qx 'connected 2, already connected 0, failed 2' $O1"
check "connect-all names '$EVIL' and the referral '$EVIL_ADDR' on stderr, one line each, and why (',')" \
	sh -c "cat $O2; test \$(wc -l <$O2) -eq 2 && grep -F '$EVIL' $O2 | grep -qF \"contains ','\" &&
		grep -F '$EVIL_ADDR' $O2 | grep -vF '$EVIL' | grep -qF \"','\""
check "connect-all connected $NICE and $DECOY once each" once_each $NICE $DECOY
no_comma() {
	local c bad=0
	for c in $(fabrics_ctrls); do
		echo "$c: $(cat /sys/class/nvme/$c/subsysnqn)"
		case $(cat /sys/class/nvme/$c/subsysnqn) in *,*|*=*) bad=1 ;; esac
	done
	[ "$(ctrl_count)" -eq 2 ] || { echo "$(ctrl_count) controllers, expected 2"; bad=1; }
	return $bad
}
check "no controller's subsysnqn holds ',' or '=' (2 controllers)" no_comma
QC=$(($(nproc) + 1))
queues() { # each controller has the default I/O queues (one per CPU), not nr_io_queues=1
	local c bad=0
	for c in $(fabrics_ctrls); do
		echo "$c $(cat /sys/class/nvme/$c/subsysnqn): queue_count $(cat /sys/class/nvme/$c/queue_count)"
		[ "$(cat /sys/class/nvme/$c/queue_count)" -eq $QC ] || bad=1
	done
	return $bad
}
check "every controller has queue_count $QC (admin + $(nproc) I/O), none 2 (nr_io_queues=1)" queues
