# Discovery controllers announced with mDNS, from a fake avahi-daemon
# (fake/mdns, tests/fake-mdns.c): discover and connect-all --mdns, the
# interface as host_iface for tcp only, duplicates visited once, refused
# announcements, a discovery.conf --mdns line, list; no daemon at all.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
serve_log tcp 192.0.2.20_4420
note "no avahi-daemon: one line, exit 2"
nvmf discover --mdns
nvmf connect-all --mdns --dry-run
nvmf connect-all --mdns --dry-run -o json
nvmf discover --mdns -o json
note "--mdns finds the controllers: -t/-a cannot go with it; its options are checked"
nvmf discover --mdns -t tcp -a 192.0.2.10
nvmf connect-all --mdns --hostnqn not-an-nqn
nvmf connect-all --mdns-timeout 0
cat >"$ROOT/fake/mdns" <<'MDNS'
dc-one eth0 192.0.2.10 8009 p=tcp nqn=nqn.2014-08.org.nvmexpress.discovery
dc-one eth1 192.0.2.10 8009 P=TCP
dc\x20rdma eth1 192.0.2.20 4420 extra=1 p=roce
dc-v6 eth0 fe80::1 8009 p=tcp
MDNS
note "the same controller on two interfaces is one; rdma gets no host_iface"
nvmf discover --mdns
show "$ROOT/fake/create.log"
show "$ROOT/fake/mdns.log"
rm "$ROOT/fake/create.log"
nvmf_json discover --mdns --mdns-timeout 2 -o json
nvmf connect-all --mdns --ctrl-loss-tmo 30
show "$ROOT/fake/create.log"
nvmf connect-all --mdns --quiet
nvmf disconnect --all --no-hold
note "announcements that must never reach the kernel, each named once"
rm "$ROOT/fake/create.log"
cat >>"$ROOT/fake/mdns" <<'MDNS'
bad-p eth1 192.0.2.30 8009 p=xyz
bad-p eth0 192.0.2.30 8009 p=xyz
no-p eth0 192.0.2.30 8009 nqn=nqn.2014-08.org.nvmexpress.discovery
comma eth0 192.0.2.31 8009 p=tcp nqn=nqn.2014-08.org.example:a,transport=loop
binary eth0 192.0.2.32 8009 p=tcp nqn=nqn.2014-08.org.example:\x01x
nul eth0 192.0.2.33 8009 p=tc\x00p
empty eth0 192.0.2.34 8009 p=tcp nqn=
novalue eth0 192.0.2.35 8009 p
port-0 eth0 192.0.2.36 0 p=tcp
port-big eth0 192.0.2.37 70000 p=tcp
not-ip eth0 dc.local 8009 p=tcp
bad\x0aname eth\x2c0 192.0.2.38 8009 p=tcp
MDNS
nvmf connect-all --mdns
show "$ROOT/fake/create.log"
nvmf_json connect-all --mdns --dry-run -o json
note "discovery.conf: a --mdns line; the line for dc-one makes it visited once"
mkdir -p "$ROOT/etc/nvme"
head -n 3 "$ROOT/fake/mdns" >"$ROOT/fake/mdns.good" && mv "$ROOT/fake/mdns.good" "$ROOT/fake/mdns"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport tcp --traddr 192.0.2.10
--mdns --persistent --mdns-timeout 2 --ctrl-loss-tmo 10
CONF
rm -f "$ROOT/fake/create.log" "$ROOT/fake/mdns.log"
nvmf connect-all -v
show "$ROOT/fake/create.log"
show "$ROOT/fake/mdns.log"
nvmf list
nvmf_json list -o json
note "the note is not trusted once the controller is another"
sed -i 1s/20/99/ "$ROOT/run/nvmf/mdns/nvme1"
nvmf list
nvmf disconnect --all --no-hold
note "bad --mdns lines"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--mdns --traddr 192.0.2.10
--mdns-timeout 3 --transport tcp --traddr 192.0.2.10
--mdns
--mdns --hdr-digest
--mdns --mdns-timeout 9999
CONF
nvmf connect-all --dry-run
