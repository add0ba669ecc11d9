# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for nvmf(8).
#
# The option lists are spelled as 'nvmf COMMAND --help' spells them;
# tests/check-docs checks that every long option there is offered here.

_nvmf_common='-o --output-format --output -v --verbose -h --help'
_nvmf_address='-t --transport -a --traddr -s --trsvcid -w --host-traddr -f --host-iface'
_nvmf_host='-q --hostnqn -I --hostid'
_nvmf_tuning='-i --nr-io-queues -W --nr-write-queues -P --nr-poll-queues -Q --queue-size
	-k --keep-alive-tmo -c --reconnect-delay -l --ctrl-loss-tmo
	-F --fast-io-fail-tmo --fast_io_fail_tmo -T --tos -D --duplicate-connect
	--disable-sqflow -g --hdr-digest -G --data-digest'
_nvmf_security='-S --dhchap-secret --tls --keyring --tls-key --tls_key --tls-key-identity --identity
	--compat --concat'
_nvmf_secrets='-C --dhchap-ctrl-secret --dhchap-secret-file --dhchap-ctrl-secret-file
	--tls-key-file'

# The options of COMMAND.
_nvmf_options()
{
	case $1 in
	discover)
		echo "$_nvmf_address -n --nqn $_nvmf_host -d --device -p --persistent -r --raw"
		echo "--config-file -J --config --mdns --mdns-timeout $_nvmf_tuning $_nvmf_security $_nvmf_secrets"
		echo "$_nvmf_common" ;;
	connect)
		echo "$_nvmf_address -n --nqn $_nvmf_host -J --config $_nvmf_tuning $_nvmf_security"
		echo "$_nvmf_secrets $_nvmf_common" ;;
	connect-all)
		echo "$_nvmf_address -n --nqn $_nvmf_host -p --persistent --config-file -J --config --mdns --mdns-timeout"
		echo "-d --device --dry-run --quiet $_nvmf_tuning $_nvmf_security $_nvmf_secrets $_nvmf_common" ;;
	disconnect)
		echo "-n --nqn -d --device --all -r --transport --no-hold $_nvmf_common" ;;
	disconnect-all)
		echo "-r --transport --no-hold $_nvmf_common" ;;
	list | list-subsys)
		echo "$_nvmf_common" ;;
	esac
}

# Does option $1 take a value?
_nvmf_takes_value()
{
	case $1 in
	-t | --transport | -a | --traddr | -s | --trsvcid | -w | --host-traddr | \
	-f | --host-iface | -n | --nqn | -q | --hostnqn | -I | --hostid | \
	-d | --device | -r | --raw | --config-file | -J | --config | --mdns-timeout | \
	-i | --nr-io-queues | -W | --nr-write-queues | -P | --nr-poll-queues | \
	-Q | --queue-size | -k | --keep-alive-tmo | -c | --reconnect-delay | \
	-l | --ctrl-loss-tmo | -F | --fast-io-fail-tmo | --fast_io_fail_tmo | -T | --tos | \
	-S | --dhchap-secret | --keyring | --tls-key | --tls_key | -C | --dhchap-ctrl-secret | \
	--tls-key-identity | --identity | --tls-key-file | \
	--dhchap-secret-file | --dhchap-ctrl-secret-file | \
	-o | --output-format | --output)
		return 0 ;;
	esac
	return 1
}

# Fabrics controllers (never PCIe) below sysroot $1: "nvme3 ...".
# With $2 = discovery, only discovery controllers, as nvmf tells them.
_nvmf_controllers()
{
	local root=$1 kind=$2 d name transport cntrltype nqn
	for d in "$root"/sys/class/nvme/nvme*; do
		name=${d##*/}
		[[ $name =~ ^nvme[0-9]+$ ]] || continue
		transport=$(cat "$d/transport" 2>/dev/null) || continue
		[[ $transport == pcie ]] && continue
		if [[ $kind == discovery ]]; then
			cntrltype=$(cat "$d/cntrltype" 2>/dev/null)
			nqn=$(cat "$d/subsysnqn" 2>/dev/null)
			[[ $cntrltype == discovery || $nqn == nqn.2014-08.org.nvmexpress.discovery ]] || continue
		fi
		echo "$name"
	done
}

# The namespace block devices of fabrics controllers below sysroot $1,
# found where nvmf finds them: multipath heads under their subsystem,
# others under their controller; /dev/nvme*n* when sysfs says nothing.
_nvmf_namespaces()
{
	local root=$1 s c e name fabrics
	local ctrls=" $(_nvmf_controllers "$root" | tr '\n' ' ') "
	if [[ ! -d $root/sys/class/nvme ]]; then
		for e in "$root"/dev/nvme*n*; do
			name=${e##*/}
			[[ -b $e && $name =~ ^nvme[0-9]+n[0-9]+$ ]] && echo "$name"
		done
		return
	fi
	for s in "$root"/sys/class/nvme-subsystem/nvme-subsys*; do
		fabrics=
		for c in "$s"/nvme*; do
			[[ $ctrls == *" ${c##*/} "* ]] && fabrics=1
		done
		[[ $fabrics ]] || continue
		for e in "$s"/nvme*n*; do
			name=${e##*/}
			[[ $name =~ ^nvme[0-9]+n[0-9]+$ ]] && echo "$name"
		done
	done
	for c in $ctrls; do
		for e in "$root"/sys/class/nvme/"$c"/nvme*n*; do
			name=${e##*/}
			[[ $name =~ ^nvme[0-9]+n[0-9]+$ ]] && echo "$name"
		done
	done
}

# Subsystem NQNs of the fabrics controllers below sysroot $1.
_nvmf_subsysnqns()
{
	local root=$1 c
	for c in $(_nvmf_controllers "$root"); do
		cat "$root/sys/class/nvme/$c/subsysnqn" 2>/dev/null && echo
	done | sort -u
}

# COMPREPLY from the words in $1 for the current word, which may be the
# last of a comma-separated list ("nvme1,nvme2,nv").
_nvmf_list_reply()
{
	local words=$1 prefix= part=$cur
	if [[ $cur == *,* ]]; then
		prefix=${cur%,*},
		part=${cur##*,}
	fi
	local IFS=$'\n'
	COMPREPLY=($(compgen -P "$prefix" -W "$words" -- "$part"))
}

_nvmf()
{
	local cur prev words cword split
	if declare -F _init_completion >/dev/null; then
		_init_completion -s || return
	else
		cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}") cword=$COMP_CWORD split=false
	fi

	local i cmd= cmd_at=0 root=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--sysroot)
			root=${words[i + 1]}
			((i++)) ;;
		--sysroot=*)
			root=${words[i]#--sysroot=} ;;
		-*) ;;
		*)
			cmd=${words[i]} cmd_at=$i
			break ;;
		esac
	done
	root=${root%/}
	# a ~ in the word the user typed is not expanded by anything else
	[[ $root == "~"* ]] && root=$HOME${root#\~}

	if [[ -z $cmd ]]; then
		if [[ $prev == --sysroot ]]; then
			_filedir -d 2>/dev/null || COMPREPLY=($(compgen -d -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--sysroot --version -h --help' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'discover connect connect-all disconnect list disconnect-all list-subsys help' -- "$cur"))
		fi
		return
	fi

	if [[ $cmd == help ]]; then
		((cword == cmd_at + 1)) &&
			COMPREPLY=($(compgen -W 'discover connect connect-all disconnect list disconnect-all list-subsys' -- "$cur"))
		return
	fi

	local opts
	opts=$(_nvmf_options "$cmd")
	[[ $opts ]] || return

	if [[ " $opts " == *[[:space:]]"$prev"[[:space:]]* ]] && _nvmf_takes_value "$prev"; then
		case $prev in
		-t | --transport)
			COMPREPLY=($(compgen -W 'tcp rdma fc loop' -- "$cur")) ;;
		-r)
			# disconnect's -r is nvme-cli's --transport, discover's --raw
			if [[ $cmd == disconnect* ]]; then
				COMPREPLY=($(compgen -W 'tcp rdma fc loop' -- "$cur"))
			else
				_filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur"))
			fi ;;
		-o | --output-format | --output)
			COMPREPLY=($(compgen -W 'normal json' -- "$cur")) ;;
		--config-file | -J | --config | --raw | --dhchap-secret-file | --dhchap-ctrl-secret-file | --tls-key-file)
			_filedir 2>/dev/null || COMPREPLY=($(compgen -f -- "$cur")) ;;
		-d | --device)
			local names
			if [[ $cmd == discover ]]; then
				names=$(_nvmf_controllers "$root" discovery)
			else
				names=$(_nvmf_controllers "$root"; _nvmf_namespaces "$root")
			fi
			if [[ ${cur##*,} == /* ]]; then
				names=$(printf '/dev/%s\n' $names)
			fi
			_nvmf_list_reply "$names" ;;
		-n | --nqn)
			if [[ $cmd == disconnect ]]; then
				_nvmf_list_reply "$(_nvmf_subsysnqns "$root")"
			elif [[ $cmd != connect ]]; then
				COMPREPLY=($(compgen -W 'nqn.2014-08.org.nvmexpress.discovery' -- "$cur"))
			fi ;;
		-f | --host-iface)
			COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")) ;;
		-q | --hostnqn)
			COMPREPLY=($(compgen -W "$(cat "$root/etc/nvme/hostnqn" 2>/dev/null)" -- "$cur")) ;;
		-I | --hostid)
			COMPREPLY=($(compgen -W "$(cat "$root/etc/nvme/hostid" 2>/dev/null)" -- "$cur")) ;;
		esac
		# a value that cannot be guessed (an address, a number, a key): nothing
		return
	fi
	# --opt=value with an option that takes none, or an unknown one
	[[ $split == true ]] && return

	# no command takes anything but options
	if [[ -z $cur || $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	fi
}
complete -F _nvmf nvmf
