# /etc/nvme/config.json as nvme-cli 2.x reads it: its first host is the
# default identity, every port is a discovery controller, and a port's
# settings apply to its subsystem's connections at its address.
fake_kernel_ready
host_identity
key="DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
serve_log two-subsys 192.0.2.10_4420
mkdir -p "$ROOT/fake/targets"
echo "1 2147483648" >"$ROOT/fake/targets/nvmet-test"
cat >"$ROOT/etc/nvme/config.json" <<JSON
[
  {
    "hostnqn": "nqn.2014-08.org.nvmexpress:uuid:22222222-3333-4444-5555-666666666666",
    "hostid": "22222222-3333-4444-5555-666666666666",
    "hostsymname": "the-host",
    "subsystems": [
      {
        "nqn": "nvmet-test",
        "application": "somebody",
        "ports": [
          { "transport": "tcp", "traddr": "192.0.2.10", "trsvcid": "4420",
            "ctrl_loss_tmo": 60, "reconnect_delay": 5, "hdr_digest": true,
            "dhchap_key": "$key" }
        ]
      }
    ]
  }
]
JSON
chmod 600 "$ROOT/etc/nvme/config.json"
note "no discovery.conf: config.json's port is the discovery controller, its host the identity;"
note "nvmet-test gets the port's settings, the other subsystem the discovery's only"
nvmf connect-all
show "$ROOT/fake/create.log"
nvmf list
note "again: nothing to do"
rm "$ROOT/fake/create.log"
nvmf connect-all
show "$ROOT/fake/create.log"
nvmf_json discover -o json
nvmf disconnect --all --no-hold
note "discovery.conf too: config.json's ports first, then its lines; the same portal is read once"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport=tcp --traddr=192.0.2.10 --trsvcid=4420
--transport=tcp --traddr=192.0.2.20
CONF
serve_log tcp 192.0.2.20_8009
nvmf connect-all --dry-run
note "-J none: config.json is not read; -J FILE reads another; --hostnqn picks config.json's hosts"
nvmf connect-all --dry-run -J none
cp "$ROOT/etc/nvme/config.json" "$ROOT/other.json"
rm "$ROOT/etc/nvme/discovery.conf"
nvmf connect-all --dry-run -J none
nvmf connect-all --dry-run -J "$ROOT/other.json" -q nqn.2014-08.org.example:nobody
nvmf connect-all --dry-run -J "$ROOT/missing.json"
note "--config-file takes either format, by content"
nvmf connect-all --dry-run -J none --config-file "$ROOT/other.json"
printf '%s\n' "--transport=tcp --traddr=192.0.2.20" >"$ROOT/lines"
nvmf connect-all --dry-run --config-file "$ROOT/lines"
note "connect reads no config.json, as nvme-cli: /etc/nvme/hostnqn, no port settings"
rm -f "$ROOT/fake/create.log"
nvmf connect -t tcp -n nqn.2014-08.org.example:other -a 192.0.2.10
note "connect -J FILE connects every port of FILE, the command line's settings over the port's"
nvmf connect -J "$ROOT/other.json" --ctrl-loss-tmo 30
nvmf connect -J "$ROOT/other.json" -q nqn.2014-08.org.example:nobody
nvmf connect -J "$ROOT/other.json" -n nvmet-test
show "$ROOT/fake/create.log"
nvmf disconnect --all --no-hold
note "a host's dhchap_key is for all its ports; another host's settings are its own"
cat >"$ROOT/etc/nvme/config.json" <<JSON
[
  { "hostnqn": "nqn.2014-08.org.example:host-a", "dhchap_key": "$key",
    "subsystems": [ { "nqn": "nvmet-test", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "trsvcid": "4420" } ] } ] },
  { "hostnqn": "nqn.2014-08.org.example:host-b", "persistent_discovery_ctrl": false,
    "subsystems": [ { "nqn": "nvmet-test", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "trsvcid": "4420",
        "keep_alive_tmo": 15, "persistent": true } ] } ] }
]
JSON
rm -f "$ROOT/fake/create.log"
nvmf connect-all
show "$ROOT/fake/create.log"
nvmf list
nvmf disconnect --all --no-hold
note "a bad config.json: one line, the file and the JSON path or the position, exit 2, nothing done"
rm -f "$ROOT/fake/create.log"
bad() {
	printf '%s\n' "$1" >"$ROOT/etc/nvme/config.json"
	nvmf connect-all
}
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x" ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h",'
bad ''
bad '{ "hosts": [] }'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "ctrl_loss_tmo": "60" } ] } ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "ctrl_los_tmo": 60 } ] } ] } ]'
bad '[ { "hostnqn": "host a" } ]'
bad '[ { "subsystems": [] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "traddr": "192.0.2.10" } ] } ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "rdma", "traddr": "192.0.2.10", "hdr_digest": true } ] } ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "999.1.1.1" } ] } ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "dhchap_key": "DHHC-1:00:c2VjcmV0:" } ] } ] } ]'
bad '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "tls": true, "tls_key": "NVMeTLSkey-1:01:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0:" } ] } ] } ]'
show "$ROOT/fake/create.log"
note "config.json with secrets that others may read: a warning"
printf '%s\n' "[ { \"hostnqn\": \"nqn.2014-08.org.example:h\", \"dhchap_key\": \"$key\", \"subsystems\": [ { \"nqn\": \"nvmet-test\", \"ports\": [ { \"transport\": \"tcp\", \"traddr\": \"192.0.2.10\", \"trsvcid\": 4420 } ] } ] } ]" >"$ROOT/etc/nvme/config.json"
chmod 644 "$ROOT/etc/nvme/config.json"
nvmf connect-all --dry-run
note "no secret in any message or output (the fake kernel's create.log has them, as the kernel must)"
grep -v -e '^\$ nvmf' -e 'dhchap_secret=' "$TRANSCRIPT" | grep -q -e 'AAECAw' -e 'c2VjcmV0' &&
	note "A SECRET WAS PRINTED"
true
