# Every example line of discovery.conf.example parses, and is tried.
fake_kernel_ready
host_identity
sed -n 's/^#--/--/p' "$FIXTURES/../../discovery.conf.example" >"$ROOT/example.conf"
show "$ROOT/example.conf"
echo "traddr=192.168 ECONNREFUSED" >"$ROOT/fake/connect-errors"
echo "dc eth0 192.168.1.96 8009 p=tcp" >"$ROOT/fake/mdns"
nvmf discover --config-file "$ROOT/example.conf"
grep -c "nqn=nqn.2014-08.org.nvmexpress.discovery" "$ROOT/fake/create.log" |
	sed 's/^/discovery controllers tried: /' >>"$TRANSCRIPT"
