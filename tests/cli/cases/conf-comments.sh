# A discovery.conf of comments only, as Debian's nvme-cli package installs
# it: the timer's run (connect-all --quiet) prints nothing and exits 0, so
# the journal gets no line a minute; a person's run is told.
fake_kernel_ready
host_identity
mkdir -p "$ROOT/etc/nvme"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
# Default parameters for discovery, one discovery controller per line.
#
# For example:
#   --transport=tcp --traddr=192.0.2.10 --trsvcid=8009 --host-iface=eth0

CONF
nvmf connect-all --quiet
nvmf connect-all
nvmf_json connect-all --quiet -o json
nvmf discover
show "$ROOT/fake/create.log"
