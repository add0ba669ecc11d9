# An administrator's disconnect sticks: it records a hold under
# /run/nvmf/holds, connect-all (the timer) leaves that connection alone and
# says so once with -v, nvmf connect of the subsystem releases it;
# --no-hold disconnects without one. Discovery controllers are never held.
fake_kernel_ready
host_identity
serve_log referral 192.0.2.10_8009
serve_log referral-back 198.51.100.20_8009
mkdir -p "$ROOT/etc/nvme"
echo "--transport tcp --traddr 192.0.2.10" >"$ROOT/etc/nvme/discovery.conf"
nvmf connect-all --quiet
nvmf disconnect -n nqn.2014-08.org.example:disk1,nqn.2014-08.org.example:disk2
note "holds: $(ls "$ROOT/run/nvmf/holds" | wc -l)"
grep -h '^subsysnqn=\|^traddr=' "$ROOT"/run/nvmf/holds/* | sort | sed 's/^/# /' >>"$TRANSCRIPT"
note "the timer's run leaves them alone, and says nothing about it"
rm -f "$ROOT/fake/create.log"
nvmf connect-all --quiet
show "$ROOT/fake/create.log"
note "without --quiet: the summary counts them; with -v, one line says why"
nvmf connect-all -v
nvmf_json connect-all -o json
nvmf connect-all --dry-run
note "nvmf connect of disk1 releases its hold; the timer brings back nothing else"
nvmf connect -t tcp -n nqn.2014-08.org.example:disk1 -a 192.0.2.10 -s 4420 -v
nvmf connect-all
note "holds: $(ls "$ROOT/run/nvmf/holds" | wc -l)"
note "--no-hold: the next run reconnects"
nvmf disconnect --no-hold -n nqn.2014-08.org.example:disk1
nvmf_json disconnect --no-hold -n nqn.2014-08.org.example:disk3 -o json
nvmf connect-all
note "holds: $(ls "$ROOT/run/nvmf/holds" | wc -l)"
note "a persistent discovery controller is taken down, never held"
"$NVMF_BIN" --sysroot "$ROOT" discover -p -t tcp -a 192.0.2.10 >/dev/null
nvmf disconnect --all
note "holds: $(ls "$ROOT/run/nvmf/holds" | wc -l) (disk1, disk2, disk3; not the discovery controller)"
note "a hold that cannot be written: the controller stays, exit 1"
nvmf connect -t tcp -n nqn.2014-08.org.example:disk1 -a 192.0.2.10 -s 4420
rm -rf "$ROOT/run/nvmf/holds"
echo "not a directory" >"$ROOT/run/nvmf/holds"
nvmf disconnect -n nqn.2014-08.org.example:disk1
nvmf disconnect --no-hold -n nqn.2014-08.org.example:disk1
