# SPDX-License-Identifier: GPL-2.0-or-later
# NVMe/TCP with TLS 1.3 against nvmet and trixie's tlshd, nvme-cli 2.13 as
# the peer: keys nvme-cli inserted, interchange keys (both identity versions,
# SHA-256 and SHA-384, both derivations) with their PSK bytes checked,
# discovery.conf, list, the failures (no PSK, plain connect to a TLS port,
# no tlshd, a wrong key against a target in its own network namespace with
# its own tlshd), and no key material in anything nvmf printed.
# Runs in bash (tests/vm/tls/init), with tests/vm/lib.sh.
plan 36

H=nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000001
S=nqn.2024-01.io.example:tlstest
# tests/unit/test-tls.c's keys and vectors
K01="NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
K02="NVMeTLSkey-1:02:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vcSEgBQ==:"
# bytes 01..20: another key, for the wrong-key case
KWRONG="NVMeTLSkey-1:01:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAl7OaH:"
ALL=$VT/all-output	# everything nvmf printed, searched for key material at the end

echo "$H" >/etc/nvme/hostnqn
echo 00000000-0000-0000-0000-000000000001 >/etc/nvme/hostid

# nv ARGS...: nvmf, its stdout in $O1, all of it in $OUT and kept in $ALL
nv() {
	run_apart nvmf "$@"
	cat $OUT >>$ALL
}

keyfile() { # KEY: a private file holding it, named in $KF
	KF=$VT/key.$RANDOM
	(umask 077 && printf '%s\n' "$1" >$KF)
}

psk_hex() { keyctl pipe "0x$1" | xxd -p -c 64; }

# the serial (hex, as sysfs) of the keys in keyring $1 described $2
keys_described() {
	local k
	for k in $(keyctl rlist "$1" 2>/dev/null | tr ' ' '\n'); do
		[ "$(keyctl rdescribe "$k" | cut -d';' -f5-)" = "$2" ] && printf '%08x\n' "$k"
	done
}

tls_attr() { cat /sys/class/nvme/$1/$2 2>/dev/null; }

contains() { # FILE TEXT
	grep -qF -- "$2" "$1" || { echo "'$2' is not in:"; cat "$1"; return 1; }
}

kload tls
for m in gcm ghash-generic chacha20poly1305 chacha_generic poly1305_generic; do
	kload $m
done
# 10 s is the default: too short for a handshake under TCG on a busy host
kload nvme-tcp tls_handshake_timeout=60
kload nvmet-tcp
keyctl link %:.nvme @s >/dev/null
# a keyring of the host's own, in this session (so nvmf and the host's tlshd,
# started from it, possess it)
keyctl newring hostring @s >/dev/null

# the host's tlshd reads hostring too (the wrong-key case puts its key there)
cat >/run/tlshd-host.conf <<EOF
[authenticate]
keyrings=hostring
EOF
start_tlshd() {
	tlshd -s -c /run/tlshd-host.conf >>$VT/tlshd-host.log 2>&1 &
	TLSHD=$!
	sleep 0.5
}
start_tlshd

# port 1 requires TLS; port 3 offers it, not required
target_subsys $S 1
target_port 1 tcp 127.0.0.1 4420 && _w tls1.3 $NVMET/ports/1/addr_tsas &&
	_w required $NVMET/ports/1/addr_treq && target_link 1 $S
target_port 3 tcp 127.0.0.1 4430 && _w tls1.3 $NVMET/ports/3/addr_tsas &&
	_w "not required" $NVMET/ports/3/addr_treq && target_link 3 $S
TGT="-t tcp -a 127.0.0.1 -s 4420 -n $S"

# --- a key nvme-cli 2.13 inserted, found by --tls alone ----------------------
nvme check-tls-key -d "$K01" -n "$H" -c "$S" -I 1 --insert >$VT/nvme-cli.out 2>&1
peer=$(sed -n 's/.*Inserted TLS key \([0-9a-f]*\).*/\1/p' $VT/nvme-cli.out)
nv connect $TGT --tls
check "connect --tls with the key nvme-cli inserted" exited 0
C=$(cat $O1)
check "the controller uses nvme-cli's key $peer" test "$(tls_attr "$C" tls_key)" = "$peer"
nv disconnect --no-hold -n $S
keyctl unlink "0x$peer" %:.nvme >/dev/null 2>&1

# --- interchange keys: derived, inserted, the PSK bytes --------------------------
# KEY VERSION COMPAT WANT_HEX IDENTITY_PREFIX
interchange() {
	local key=$1 version=$2 compat=$3 want=$4 prefix=$5 label k desc
	label="${key:12:3} identity $version${compat:+ compat}"
	keyfile "$key"
	nv connect $TGT --tls-key-file $KF --identity $version $compat
	check "connect --tls-key $label" exited 0
	C=$(cat $O1)
	k=$(tls_attr "$C" tls_configured_key)
	desc=$(keyctl rdescribe "0x$k" 2>&1 | cut -d';' -f5-)
	echo "$(psk_hex "$k")" >$VT/psk.$version$compat${key:13:2}
	check "$label: PSK bytes and identity" \
		sh -c "[ '$(psk_hex "$k")' = '$want' ] && [ '$(tls_attr "$C" tls_key)' = '$k' ] &&
		       case '$desc' in '$prefix $H $S'*) true ;; *) echo 'identity: $desc'; false ;; esac"
	nv disconnect --no-hold -d "$C"
}
interchange "$K01" 1 "" 2c3c960658389a61421c37a23c89e61a50309065f9b7c414e796f82ffc378ec0 NVMe1R01
interchange "$K01" 0 --compat b11de5b38d42b29614d4ecd0389a63217d2155db15da324469fb35ebff195c20 NVMe0R01
interchange "$K01" 1 --compat 2898faccea4703412ca532e2a5cc0de4b866b7233b9b01c5b3fd1dd88f12f25f NVMe1R01
interchange "$K02" 1 "" 942d96ed154b5be104759e737c0fac3cf8b9bd7faca10eb66ba4a86f83f88cabdbf2ee5f90ca2f540e3f749afd867d46 NVMe1R02
interchange "$K02" 0 "" 5b7afdba513adeee73534a58be4dee1dabf55fb9448e22d32efe9657cc379b7f4c3ca4a1e0a6b6d90ba161b8111e242a NVMe0R02

# the same key again: the keyring keeps one key per identity
keyfile "$K01"
nv connect $TGT --tls-key-file $KF
C=$(cat $O1)
id1="NVMe1R01 $H $S DW9EtQeks13UtpZlu9e820IuZrbN5UhCPMkuOckruHo="
check "inserted twice, one key in .nvme" test "$(keys_described %:.nvme "$id1" | wc -l)" -eq 1

# what nvme-cli 2.13 derives (the older way) is what nvmf --compat derives
keyctl newring peer @s >/dev/null
for v in 0 1; do
	nvme check-tls-key -d "$K01" -n "$H" -c "$S" -I $v --insert --keyring peer >$VT/nvme-cli.out 2>&1
	peer=$(sed -n 's/.*Inserted TLS key \([0-9a-f]*\).*/\1/p' $VT/nvme-cli.out)
	check "nvme-cli 2.13's identity $v PSK = nvmf --compat's" \
		sh -c "[ -n '$peer' ] && [ '$(psk_hex "$peer" 2>&1)' = '$(cat $VT/psk.${v}--compat01)' ] || cat $VT/nvme-cli.out"
done

# --- list, and connect again ---------------------------------------------------
nv list
check "list shows the TLS key" contains $O1 "tls key $(tls_attr "$C" tls_key)"
nv list -o json
check "list -o json shows it" sh -c "grep -q '\"tls\": true' $O1 && grep -q '\"tls_key\": \"$(tls_attr "$C" tls_key)\"' $O1 &&
	grep -q '\"tls_configured_key\": \"$(tls_attr "$C" tls_configured_key)\"' $O1"
nv connect $TGT --tls-key-file $KF
check "connect again: already connected, nothing inserted" \
	sh -c "grep -q 'already connected: $C' $O1 && [ $(keys_described %:.nvme "$id1" | wc -l) -eq 1 ]"
nv disconnect --no-hold -n $S

# --- idempotence: a plain controller does not answer for --tls ----------------
nv connect -t tcp -a 127.0.0.1 -s 4430 -n $S
check "plain connect to the port that offers TLS" exited 0
nv connect -t tcp -a 127.0.0.1 -s 4430 -n $S --tls-key-file $KF
check "--tls where a plain controller is: refused, named" \
	sh -c "[ $RC -eq 1 ] && grep -q 'without TLS: disconnect' $OUT"
nv disconnect --no-hold -n $S

# --- failures, in words ---------------------------------------------------------
nv connect $TGT
check "plain connect to a port that requires TLS" \
	sh -c "[ $RC -eq 1 ] && grep -q 'its port requires TLS; connect with --tls' $OUT"
nv connect $TGT --tls -q nqn.2014-08.org.example:nokey
check "--tls with no PSK for the identity names it" \
	sh -c "[ $RC -eq 1 ] && grep -q \"no TLS PSK for identity 'NVMe<0|1>R<01|02> nqn.2014-08.org.example:nokey $S'\" $OUT"
nv connect $TGT --tls-key 0x7ffffff0
check "a key serial that is no key" sh -c "[ $RC -eq 1 ] && cat $OUT"

kill $TLSHD; wait $TLSHD 2>/dev/null
t0=$(now)
nv connect $TGT --tls-key-file $KF
check "no tlshd: say to start it ($(since $t0) s)" sh -c "[ $RC -eq 1 ] && grep -q 'start tlshd' $OUT"
check "no tlshd: nothing connected" test -z "$(ctrls_of $S)"
start_tlshd

# --- discovery.conf: discover and connect-all over TLS ------------------------------
echo "--transport tcp --traddr 127.0.0.1 --trsvcid 4420 --tls --tls-key $K01" >/etc/nvme/discovery.conf
nv discover
check "discover over TLS from a discovery.conf line" \
	sh -c "[ $RC -eq 0 ] && grep -q 'sectype: tls13' $O1 && grep -q 'treq:    required' $O1"
nv connect-all
check "connect-all over TLS from a discovery.conf line" \
	sh -c "[ $RC -eq 0 ] && grep -q 'connected 1, already connected 0, failed 0' $O1"
C=$(ctrls_of $S)
check "the subsystem's controller runs over TLS" test -n "$(tls_attr "$C" tls_key)"
nv connect-all
check "connect-all again: already connected" grep -q 'connected 0, already connected 1, failed 0' $O1
echo "--transport tcp --traddr 127.0.0.1 --trsvcid 4420" >/etc/nvme/discovery.conf
nv discover
check "discover without TLS from a TLS port: says TLS" \
	sh -c "[ $RC -eq 1 ] && grep -q 'requires TLS' $OUT"
rm -f /etc/nvme/discovery.conf
nv disconnect --no-hold --all

# --- a wrong key: the target in a network namespace with a tlshd of its own -------
ip netns add tgt
ip link add vh type veth peer name vt
ip link set vt netns tgt
ip addr add 10.9.0.1/24 dev vh && ip link set vh up
ip netns exec tgt ip addr add 10.9.0.2/24 dev vt
ip netns exec tgt ip link set vt up
ip netns exec tgt ip link set lo up
# in a session of its own: the target's tlshd sees .nvme only, never hostring
printf '[authenticate]\n' >/run/tlshd-tgt.conf
nsenter --net=/run/netns/tgt keyctl session - tlshd -s -c /run/tlshd-tgt.conf >>$VT/tlshd-tgt.log 2>&1 &
TLSHD_TGT=$!
# nvmet listens in the network namespace of whoever enables the port
# (nsenter, not ip netns exec, which would hide configfs)
target_port 2 tcp 10.9.0.2 4420 && _w tls1.3 $NVMET/ports/2/addr_tsas && _w required $NVMET/ports/2/addr_treq
nsenter --net=/run/netns/tgt ln -s $NVMET/subsystems/$S $NVMET/ports/2/subsystems/$S
# the target's key, identity 0: in .nvme, where the host's tlshd looks too
nvme check-tls-key -d "$K01" -n "$H" -c "$S" -I 0 --insert >/dev/null 2>&1
keyfile "$K01"
nv connect -t tcp -a 10.9.0.2 -n $S --keyring hostring --tls-key-file $KF --identity 0 --compat
check "the namespaced target, the right key from hostring" exited 0
nv disconnect --no-hold -n $S
keyfile "$KWRONG"
nv connect -t tcp -a 10.9.0.2 -n $S --keyring hostring --tls-key-file $KF --identity 0 --compat
check "a wrong key: the handshake failed, in words" \
	sh -c "[ $RC -eq 1 ] && grep -q 'the TLS handshake failed' $OUT"
check "a wrong key: nothing connected" test -z "$(ctrls_of $S)"
check "hostring holds the wrong key under the same identity, replaced" \
	test "$(keys_described %:hostring "NVMe0R01 $H $S" | wc -l)" -eq 1
kill $TLSHD_TGT; wait $TLSHD_TGT 2>/dev/null
rm -f $NVMET/ports/2/subsystems/$S

# --- nothing nvmf printed holds key material -------------------------------------
for k in "$K01" "$K02" "$KWRONG"; do
	b64=${k:16}
	echo "${b64%:}" >>$VT/secrets
done
grep -h . $VT/psk.* >>$VT/secrets
check "no key or PSK in anything nvmf printed ($(wc -l <$ALL) lines)" \
	sh -c "! grep -F -f $VT/secrets $ALL"
check "nor in the kernel log" sh -c "! dmesg | grep -F -f $VT/secrets"
info "tlshd (host): $(tail -n 3 $VT/tlshd-host.log | tr '\n' ' ')"
kill $TLSHD
