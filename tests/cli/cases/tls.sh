# TLS: --tls-key as a serial or a PSK in interchange form, derived and put
# into the keyring; --keyring by name; list; TLS entries; no key ever printed.
fake_kernel_ready
H=nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000001
S=nqn.2024-01.io.example:tlstest
key="NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
mkdir -p "$ROOT/etc/nvme"
echo "$H" >"$ROOT/etc/nvme/hostnqn"
echo "00000000-0000-0000-0000-000000000001" >"$ROOT/etc/nvme/hostid"
printf '%s\n' "$key" >"$ROOT/tls.key"
chmod 600 "$ROOT/tls.key"
note "an interchange key from a private file: derived (RFC 8446, identity 1) and inserted into .nvme"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key-file "$ROOT/tls.key"
show "$ROOT/fake/keys.log"
show "$ROOT/fake/create.log"
note "connected already: nothing is inserted again"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key-file "$ROOT/tls.key"
nvmf list
nvmf_json list -o json
nvmf disconnect --all
rm -f "$ROOT/fake/keys.log" "$ROOT/fake/create.log"
note "on the command line: a warning; --compat and --identity 0, into a keyring named by name"
printf '.nvme 0x3f5a0001\nnvmf-test 0x3f5a0002\n' >"$ROOT/fake/keyrings"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --compat --identity 0 --keyring nvmf-test
show "$ROOT/fake/keys.log"
show "$ROOT/fake/create.log"
nvmf list
nvmf disconnect --all
rm -f "$ROOT/fake/keys.log" "$ROOT/fake/create.log"
note "--tls-key-identity: the key is the TLS PSK itself"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --tls-key-identity "NVMe1R01 $H $S abc="
show "$ROOT/fake/keys.log"
nvmf disconnect --all
rm -f "$ROOT/fake/keys.log" "$ROOT/fake/create.log"
note "a serial, decimal or hex, is passed as it is"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key 0x0a9c7961 --keyring 0x3f5a0002
show "$ROOT/fake/create.log"
show "$ROOT/fake/keys.log"
nvmf disconnect --all
rm -f "$ROOT/fake/create.log"
note "bad keys and options: one line that names the option, not the value; nothing inserted"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "NVMeTLSkey-1:01:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaS:"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "NVMeTLSkey-1:02:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "NVMeTLSkey-1:07:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR:"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+KfiaR"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key 0a9c7961
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --tls-key-file "$ROOT/tls.key"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key 0x10 --compat
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls --identity 1
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --identity 2
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --tls-key-identity "NVMe1R01 $H $S" --identity 0
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --tls-key-identity "psk for $S"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key "$key" --keyring nosuch
nvmf connect -t rdma -a 192.0.2.30 -n $S --tls-key "$key"
nvmf --tls-key="$key" list
chmod 644 "$ROOT/tls.key"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key-file "$ROOT/tls.key"
chmod 600 "$ROOT/tls.key"
show "$ROOT/fake/keys.log"
note "a kernel without TLS: refused before anything goes into a keyring"
cp "$ROOT/fake/template" "$ROOT/template.saved" 2>/dev/null
echo "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,hostid=%s,discovery" >"$ROOT/fake/template"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key-file "$ROOT/tls.key"
show "$ROOT/fake/keys.log"
rm "$ROOT/fake/template"
note "a plain controller does not satisfy --tls"
nvmf connect -t tcp -a 192.0.2.30 -n $S
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls
nvmf connect -t tcp -a 192.0.2.30 -n $S
nvmf disconnect --all
rm -f "$ROOT/fake/keys.log" "$ROOT/fake/create.log"
note "what the kernel says about TLS, in words"
echo "tls ENOKEY nvme nvme0: no valid PSK found" >"$ROOT/fake/connect-errors"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls
echo "traddr=192.0.2.30 EIO nvme_tcp: queue 0: failed to receive icresp, error -104" >"$ROOT/fake/connect-errors"
nvmf connect -t tcp -a 192.0.2.30 -n $S
echo "tls EIO nvme nvme0: queue 0: TLS handshake complete, error -110" >"$ROOT/fake/connect-errors"
nvmf connect -t tcp -a 192.0.2.30 -n $S --tls-key-file "$ROOT/tls.key"
rm "$ROOT/fake/connect-errors"
rm -f "$ROOT/fake/keys.log" "$ROOT/fake/create.log"
note "connect-all over TLS from a discovery.conf line: the discovery controller and each entry get keys of their own"
serve_log tls 192.0.2.30_8009
printf -- '--transport tcp --traddr 192.0.2.30 --tls\n' >"$ROOT/tls.conf"
printf -- '--transport tcp --traddr 192.0.2.30 --tls --tls-key %s\n' "$key" >"$ROOT/tls-key.conf"
nvmf discover --config-file "$ROOT/tls.conf"
nvmf connect-all --config-file "$ROOT/tls-key.conf"
show "$ROOT/fake/keys.log"
grep -c ',tls' "$ROOT/fake/create.log" | sed 's/^/TLS connections asked for: /' >>"$TRANSCRIPT"
nvmf disconnect --all
note "an entry that requires TLS, with no key for it"
echo "nqn=$S ENOKEY nvme nvme1: no valid PSK found" >"$ROOT/fake/connect-errors"
nvmf connect-all -t tcp -a 192.0.2.30 --tls
rm "$ROOT/fake/connect-errors"
nvmf disconnect --all
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -v '^[0-9a-f]*$' | grep -q 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh' &&
	note "A KEY WAS PRINTED"
