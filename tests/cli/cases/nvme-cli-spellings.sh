# nvme-cli's spellings: its aliases, its "none", host names, the options
# nvmf answers with what it does instead, disconnect-all and list-subsys.
fake_kernel_ready
host_identity
mkdir -p "$ROOT/fake/targets"
echo "1 2147483648" >"$ROOT/fake/targets/nvmet-test"
note "nvme-cli's underscore spellings"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 --fast_io_fail_tmo 5 --tls_key 7 --tls
note "none for --trsvcid, --host-traddr and --host-iface is not given (the default port, no host address)"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -s none -w none -f none -D
show "$ROOT/fake/create.log"
rm "$ROOT/fake/create.log"
note "host names are resolved; an IPv6 one is written as one"
cat >"$ROOT/fake/hosts" <<'HOSTS'
storage-a.example 192.0.2.10
storage6.example 2001:db8::10
host-side.example 192.0.2.1
slow.example EAGAIN
HOSTS
nvmf connect -t tcp -n nvmet-test -a storage-a.example -w host-side.example -D
nvmf_json connect -t tcp -n nvmet-test -a storage6.example -o json
show "$ROOT/fake/create.log"
note "a name nothing knows, a name server that does not answer, and what is no address at all"
nvmf connect -t tcp -n nvmet-test -a nowhere.example
nvmf connect -t tcp -n nvmet-test -a slow.example
nvmf connect -t tcp -n nvmet-test -a 999.1.1.1
nvmf connect -t tcp -n nvmet-test -a 2001:db8::zz
nvmf connect -t tcp -n nvmet-test -a "storage a.example"
note "nvmf connect -t tcp -n nvmet-test -a <100 000 times 'a'>"
"$NVMF_BIN" --sysroot "$ROOT" connect -t tcp -n nvmet-test -a "$(head -c 100000 /dev/zero | tr '\0' a)" 2>&1 |
	scrub | sed 's/^/! /' >>"$TRANSCRIPT"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -w -bad-.example
note "fc addresses are not host names: only the names above were looked up"
nvmf connect -t fc -n nvmet-test -a nn-0x1000:pn-0x2000 -w nn-0x3000:pn-0x4000
show "$ROOT/fake/resolve.log"
note "discovery.conf lines as nvme-cli's udev rule writes them, and with a host name"
mkdir -p "$ROOT/etc/nvme"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport=tcp --traddr=192.0.2.10 --trsvcid=none --host-traddr=none --host-iface=none
--transport=tcp --traddr=storage-a.example --host-traddr=none
--transport=tcp --traddr=999.1.1.1
CONF
serve_log tcp 192.0.2.10_8009
rm -f "$ROOT/fake/create.log"
nvmf connect-all --dry-run
show "$ROOT/fake/create.log"
note "connect-all -d through a persistent discovery controller, as nvme-cli's udev rule runs it"
note "nvmf discover -t tcp -a 192.0.2.10 -p (made nvme5)"
"$NVMF_BIN" --sysroot "$ROOT" discover -t tcp -a 192.0.2.10 -p >/dev/null
rm "$ROOT/fake/create.log"
nvmf connect-all -d nvme5 --dry-run
nvmf connect-all --device=nvme5 --transport=tcp --traddr=192.0.2.10 --trsvcid=8009 --host-traddr=none --host-iface=none
show "$ROOT/fake/create.log"
nvmf list
nvmf connect-all -d nvme0
nvmf connect-all -d nvme42
note "nvme-cli's options nvmf answers with what it does instead"
nvmf discover -o binary
nvmf discover --nbft
nvmf discover --nbft-path /sys/firmware/acpi/tables
nvmf discover --force -t tcp -a 192.0.2.10
nvmf discover -O
nvmf connect-all --context udev
nvmf connect-all -r log.bin
nvmf list-subsys --output-format-version 2
note "and those that ask for what nvmf does anyway"
nvmf discover -t tcp -a 192.0.2.10 --no-nbft --quiet -d none
nvmf list-subsys -t 1000 --dry-run --no-retries
nvmf list
note "disconnect-all, and disconnect --all, with nvme-cli's transport filter"
nvmf disconnect-all -r rdma
nvmf disconnect --all -r tcp -o json
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10
nvmf disconnect-all -v
nvmf disconnect -n nvmet-test -r tcp
nvmf disconnect-all -n nvmet-test
nvmf disconnect-all -r carrier-pigeon
nvmf help disconnect-all
