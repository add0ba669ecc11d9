# SPDX-License-Identifier: GPL-2.0-or-later
# What both boots' checks (test.sh, boot.sh) report with, sourced from
# /usr/local/lib/vmtest/checks.sh once T (a scratch directory) is set.

say() { echo "VMTEST: $*" >/dev/console; echo "VMTEST: $*"; }
detail() { # FILE [MAX]: "VMTEST: | " lines
	local max=${2:-30} n
	n=$(wc -l <"$1")
	head -n "$max" "$1" | while IFS= read -r l; do say "|   $l"; done
	[ "$n" -gt "$max" ] && say "|   ... ($n lines)"
	return 0
}

# check NAME CMD...: PASS, or FAIL with the first line CMD printed as the
# detail and the rest below it.  A passing check's first line, if any, is
# shown too (timings, what was seen).
check() {
	local name=$1 rc
	shift
	"$@" >$T/check.out 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		say "PASS $name"
		[ -s $T/check.out ] && say "|   $(head -n1 $T/check.out)"
		return 0
	fi
	local first
	first=$(head -n1 $T/check.out)
	say "FAIL $name: ${first:-exit status $rc}"
	tail -n +2 $T/check.out >$T/check.rest
	detail $T/check.rest 40
	return 1
}
