# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/cli/lib.sh and, in the test VMs, by tests/vm/lib.sh
# (as /vmtest/json-command.sh): POSIX sh and busybox.

# json_command ARGS...: for an nvmf run with --output json, its command
json_command() {
	local a prev= json=0 cmd=
	for a in "$@"; do
		case "$prev/$a" in
		-o/json | --output/json | --output-format/json | */--output=json | */--output-format=json | */-ojson) json=1 ;;
		*/-h | */--help) return 0 ;;
		esac
		case $a in
		discover | connect | connect-all | disconnect | list) [ -z "$cmd" ] && cmd=$a ;;
		esac
		prev=$a
	done
	[ $json = 1 ] && [ -n "$cmd" ] && echo "$cmd"
	return 0
}
