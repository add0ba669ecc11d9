# DH-HMAC-CHAP secrets: from private files, never printed.
fake_kernel_ready
host_identity
key="DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
printf '%s\n' "$key" >"$ROOT/host.key"
chmod 600 "$ROOT/host.key"
printf '%s\n' "$key" >"$ROOT/open.key"
chmod 644 "$ROOT/open.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure2 -a 192.0.2.10 --dhchap-secret-file "$ROOT/open.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure3 -a 192.0.2.10 --dhchap-secret "$key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure4 -a 192.0.2.10 --dhchap-secret DHHC-1:00:short:
nvmf list
nvmf_json list -o json
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -q 'DHHC-1:00:AAEC' && note "A SECRET WAS PRINTED"
grep -c "dhchap_secret=DHHC" "$ROOT/fake/create.log" | sed 's/^/secrets handed to the kernel: /' >>"$TRANSCRIPT"
note "a key in the wrong place is never echoed in an error"
nvmf --dhchap-secret="$key" connect -t tcp -n nqn.2014-08.org.example:x -a 192.0.2.10
nvmf connect -t tcp -n nqn.2014-08.org.example:x -a 192.0.2.10 -S "$key" "$key"
printf -- '--transport tcp --traddr 192.0.2.10 --dhchap-secret = %s\n' "$key" >"$ROOT/bad.conf"
nvmf discover --config-file "$ROOT/bad.conf"
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -q 'DHHC-1:00:AAEC' && note "A SECRET WAS PRINTED"
