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
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -q DHHC && note "A SECRET WAS PRINTED"
grep -c "dhchap_secret=DHHC" "$ROOT/fake/create.log" | sed 's/^/secrets handed to the kernel: /' >>"$TRANSCRIPT"
