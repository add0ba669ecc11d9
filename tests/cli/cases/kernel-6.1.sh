# Debian 12's 6.1 lists its options, dhchap_secret among them, but was built
# without DH-HMAC-CHAP (no nvme_auth_negotiate), and has no TLS at all.
# The 6.12 build has both; nvme-tcp has tls_handshake_timeout only with TLS.
fake_kernel_ready
host_identity
echo "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s" >"$ROOT/fake/template"
mkdir -p "$ROOT/proc" "$ROOT/sys/module/nvme_tcp/parameters"
printf '%s\n' "ffffffffc0a10000 T nvme_auth_stop_stub	[nvme_core]" "ffffffffc0a20000 T nvmf_connect_admin_queue	[nvme_fabrics]" >"$ROOT/proc/kallsyms"
: >"$ROOT/sys/module/nvme_tcp/parameters/so_priority"
key="DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
printf '%s\n' "$key" >"$ROOT/host.key"
chmod 600 "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --tls
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --tls-key 12345
note "connected without them: what the kernel lacks is still the answer"
nvmf connect -t tcp -n nqn.2014-08.org.example:plain61 -a 192.0.2.10
nvmf connect -t tcp -n nqn.2014-08.org.example:plain61 -a 192.0.2.10 --tls
nvmf connect -t tcp -n nqn.2014-08.org.example:plain61 -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf disconnect -n nqn.2014-08.org.example:plain61
show "$ROOT/fake/create.log"
note "a unique discovery NQN takes the discovery token here"
serve_log tcp 192.0.2.10_8009
nvmf discover -t tcp -a 192.0.2.10 -n nqn.2014-08.org.example:discovery
show "$ROOT/fake/create.log"
note "6.12: the authentication code is there, and so is TLS"
rm "$ROOT/fake/template" "$ROOT/fake/create.log"
echo "ffffffffc0a10000 T nvme_auth_negotiate	[nvme_core]" >>"$ROOT/proc/kallsyms"
: >"$ROOT/sys/module/nvme_tcp/parameters/tls_handshake_timeout"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:tls -a 192.0.2.10 --tls
grep -c "dhchap_secret=DHHC" "$ROOT/fake/create.log" | sed 's/^/secrets handed to the kernel: /' >>"$TRANSCRIPT"
grep -c ",tls$" "$ROOT/fake/create.log" | sed 's/^/TLS connections asked for: /' >>"$TRANSCRIPT"
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -q 'DHHC-1:00:AAEC' && note "A SECRET WAS PRINTED"
note "a plain controller does not answer a connect that asks for DH-HMAC-CHAP or TLS"
nvmf connect -t tcp -n nqn.2014-08.org.example:plain -a 192.0.2.10
nvmf connect -t tcp -n nqn.2014-08.org.example:plain -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:plain -a 192.0.2.10 --tls
note "a secured one answers a plain connect, and one that asks for what it has"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:tls -a 192.0.2.10 --tls
wc -l <"$ROOT/fake/create.log" | sed 's/^/creates: /' >>"$TRANSCRIPT"
