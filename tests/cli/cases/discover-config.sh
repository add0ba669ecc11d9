# Without -t/-a every discovery.conf line is a discovery controller; a bad
# or unreachable line is named and does not stop the others.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
serve_log rdma 192.0.2.20_4420
mkdir -p "$ROOT/etc/nvme" "$ROOT/fake"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
# the persistent-initiator article's line, over RDMA
--transport rdma --traddr 192.0.2.20 --trsvcid 4420

--transport=tcp --traddr=192.0.2.10
--transport tcp --traddr 192.0.2.99 --keep-alive-tmo 30
--transport tcp --traddr 192.0.2.10 --bogus-option
--transport tcp --traddr 192.0.2.10 --queue-size 9999
CONF
echo "traddr=192.0.2.99 ECONNREFUSED" >"$ROOT/fake/connect-errors"
nvmf discover
nvmf_json discover -o json
note "--config-file picks another file"
printf -- '--transport tcp --traddr 192.0.2.10\n' >"$ROOT/other.conf"
nvmf discover --config-file "$ROOT/other.conf"
note "no file at all"
nvmf discover --config-file "$ROOT/missing.conf"
rm "$ROOT/etc/nvme/discovery.conf"
nvmf discover
