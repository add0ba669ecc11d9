# Command-line options apply to every discovery.conf line before it is
# checked: an fc line gets its --host-traddr from the command line.
fake_kernel_ready
host_identity
mkdir -p "$ROOT/etc/nvme"
echo "--transport fc --traddr nn-0x20000090fa942779:pn-0x10000090fa942779" >"$ROOT/etc/nvme/discovery.conf"
note "without it, the line is incomplete"
nvmf discover
note "with it, the line is tried"
echo "transport=fc ECONNREFUSED" >"$ROOT/fake/connect-errors"
nvmf discover -w nn-0x20000090fab0c3a1:pn-0x10000090fab0c3a1
show "$ROOT/fake/create.log"
note "and one that only the combination makes bad is a configuration error"
echo "--transport rdma --traddr 192.0.2.20" >"$ROOT/etc/nvme/discovery.conf"
nvmf connect-all --tls
