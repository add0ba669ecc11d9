# The integer options take one range wherever they are given: the command
# line, a discovery.conf line and config.json all take what the kernel
# takes (params[]), and a value outside it is one line that names the
# option and where it was given, exit 2, nothing done.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
mkdir -p "$ROOT/etc/nvme"
rm -f "$ROOT/fake/create.log"

note "the command line: below the range, and above what the kernel takes"
nvmf connect -t tcp -a 192.0.2.10 -n nvmet-test --nr-io-queues 0
nvmf connect -t tcp -a 192.0.2.10 -n nvmet-test --keep-alive-tmo -1
nvmf connect -t tcp -a 192.0.2.10 -n nvmet-test --tos 256
nvmf connect -t tcp -a 192.0.2.10 -n nvmet-test --nr-io-queues 2147483648
nvmf connect-all -t tcp -a 192.0.2.10 --nr-write-queues -1

note "a discovery.conf line: its file and line"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport tcp --traddr 192.0.2.10 --keep-alive-tmo -1
--transport tcp --traddr 192.0.2.10 --nr-poll-queues -3
CONF
nvmf connect-all --dry-run
rm "$ROOT/etc/nvme/discovery.conf"

note "config.json: its file and the port's JSON path"
printf '%s\n' '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "nr_io_queues": 0 } ] } ] } ]' >"$ROOT/etc/nvme/config.json"
nvmf connect-all --dry-run
rm "$ROOT/etc/nvme/config.json"

note "above 65535, which the kernel takes (and caps at the CPUs there are), in all three"
nvmf connect -t tcp -a 192.0.2.10 -n nvmet-test --nr-io-queues 70000 --keep-alive-tmo 70000
echo "--transport tcp --traddr 192.0.2.10 --nr-io-queues 70000" >"$ROOT/etc/nvme/discovery.conf"
nvmf connect-all --dry-run
rm "$ROOT/etc/nvme/discovery.conf"
printf '%s\n' '[ { "hostnqn": "nqn.2014-08.org.example:h", "subsystems": [ { "nqn": "x", "ports": [ { "transport": "tcp", "traddr": "192.0.2.10", "nr_io_queues": 70000 } ] } ] } ]' >"$ROOT/etc/nvme/config.json"
nvmf connect-all --dry-run
show "$ROOT/fake/create.log"
