# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for tests/cli/cases/*.sh; sourced with ROOT and TRANSCRIPT set.

# note TEXT: a line of its own in the transcript
note() { echo "# $*" >>"$TRANSCRIPT"; }

# Replace the temporary root with ROOT so transcripts are stable.
scrub() { sed -e "s|$ROOT|ROOT|g" -e "s|$(uname -r)|KERNEL-RELEASE|g"; }

. "${BASH_SOURCE[0]%/*}/../json-command.sh"

# Every JSON document a case makes is kept, to be checked against its
# command's schema when the case ends (check_json_documents).
JSON_DOCS=${JSON_DOCS:-$PWD/json-docs}
keep_json() {
	local command
	command=$(json_command "$@")
	[ -n "$command" ] || return 0
	mkdir -p "$JSON_DOCS/$command"
	cp "$ROOT.stdout" "$JSON_DOCS/$command/$(ls "$JSON_DOCS/$command" | wc -l).json"
}

# check_json_documents: "[schema: ...]" lines in the transcript for each
# document its command's schema does not accept.
check_json_documents() {
	local dir
	[ -d "$JSON_DOCS" ] || return 0
	for dir in "$JSON_DOCS"/*/; do
		"$SCHEMA_CHECK" "$SCHEMAS" "$(basename "$dir")" "$dir"*.json 2>&1 |
			sed "s|^$JSON_DOCS/|[schema: |; s|\$|]|" >>"$TRANSCRIPT"
	done
}

# nvmf ARGS...: run nvmf on the fixture root and record it all.
nvmf() {
	local rc
	echo "\$ nvmf $*" | scrub >>"$TRANSCRIPT"
	"$NVMF_BIN" --sysroot "$ROOT" "$@" >"$ROOT.stdout" 2>"$ROOT.stderr"
	rc=$?
	scrub <"$ROOT.stdout" >>"$TRANSCRIPT"
	scrub <"$ROOT.stderr" | sed 's/^/! /' >>"$TRANSCRIPT"
	echo "[exit $rc]" >>"$TRANSCRIPT"
	no_control_bytes "$ROOT.stdout" stdout
	no_control_bytes "$ROOT.stderr" stderr
	keep_json "$@"
	return $rc
}

# no_control_bytes FILE NAME: whatever the input, nvmf puts no control
# character but newline and tab on a terminal (C0, DEL, C1 in UTF-8 or as a
# byte); one that does adds a line saying so
no_control_bytes() {
	tr -d '\n\t' <"$1" | LC_ALL=C grep -qP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]|^[\x80-\x9f]|[\x00-\x7f][\x80-\x9f]' &&
		echo "[a control byte reached $2]" >>"$TRANSCRIPT"
	return 0
}

# nvmf_json ARGS...: as nvmf, and the output must be one valid JSON document.
nvmf_json() {
	nvmf "$@"
	local rc=$?
	"$JSONCHECK" <"$ROOT.stdout" >/dev/null 2>&1 || echo "[stdout is not valid JSON]" >>"$TRANSCRIPT"
	return $rc
}

# use_sysfs NAME: start from fixture tree tests/fixtures/sysfs/NAME
use_sysfs() {
	cp -a "$FIXTURES/sysfs/$1/." "$ROOT/"
	find "$ROOT" -name .keep -delete
}

# serve_log SPEC ADDR_PORT: the fake target at ADDR_PORT serves logs/SPEC.spec
serve_log() {
	mkdir -p "$ROOT/fake/logs"
	"$MKLOG" "$FIXTURES/logs/$1.spec" "$ROOT/fake/logs/$2.bin" || echo "[mklog $1 failed]" >>"$TRANSCRIPT"
}

# A host identity of its own, so transcripts do not depend on this machine.
host_identity() {
	mkdir -p "$ROOT/etc/nvme"
	echo "nqn.2014-08.org.nvmexpress:uuid:0f8fad5b-d9cb-469f-a165-70867728950e" >"$ROOT/etc/nvme/hostnqn"
	echo "0f8fad5b-d9cb-469f-a165-70867728950e" >"$ROOT/etc/nvme/hostid"
}

# show FILE: the file's contents, in the transcript
show() {
	echo "--- ${1#$ROOT/}" >>"$TRANSCRIPT"
	if [ -e "$1" ]; then scrub <"$1" >>"$TRANSCRIPT"; else echo "(missing)" >>"$TRANSCRIPT"; fi
}

# Present in every fake kernel: the fabrics device and modules, unless a case removes them.
fake_kernel_ready() {
	mkdir -p "$ROOT/dev" "$ROOT/sys/module/nvme_fabrics" "$ROOT/sys/module/nvme_tcp" \
		"$ROOT/sys/module/nvme_rdma" "$ROOT/sys/module/nvme_loop" "$ROOT/sys/class/nvme" "$ROOT/fake"
	: >"$ROOT/dev/nvme-fabrics"
}
