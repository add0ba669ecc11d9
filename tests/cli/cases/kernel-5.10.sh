# A kernel before 5.17 (Debian 11's 5.10) lists no options: reading
# /dev/nvme-fabrics fails. nvmf carries on, adds no token of its own that
# such a kernel may not know, names an option the kernel refuses, and
# refuses DH-HMAC-CHAP and TLS, which such a kernel lacks, before connecting.
fake_kernel_ready
host_identity
# fabrics.c's option table in 5.10
echo "transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d,nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,host_traddr=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest,data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d" >"$ROOT/fake/unlisted-template"
mkdir -p "$ROOT/fake/targets"
echo "1 1073741824" >"$ROOT/fake/targets/nvmet-test"
serve_log tcp 192.0.2.10_8009
nvmf discover -t tcp -a 192.0.2.10
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10
note "the same again: already connected, though sysfs has no cntrltype"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10
nvmf list
nvmf_json list -o json
note "a discovery NQN of its own: no discovery token, which this kernel does not know"
nvmf discover -t tcp -a 192.0.2.10 -n nqn.2014-08.org.example:discovery
note "options this kernel does not know: what it said, and that it may be too old"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 --host-iface eth0
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 --fast-io-fail-tmo 10 -D
note "DH-HMAC-CHAP and TLS: refused with the feature named, nothing connected"
key="DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:"
printf '%s\n' "$key" >"$ROOT/host.key"
chmod 600 "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect -t tcp -n nqn.2014-08.org.example:secure -a 192.0.2.10 --tls
nvmf discover -t tcp -a 192.0.2.10 --dhchap-secret-file "$ROOT/host.key"
nvmf connect-all -t tcp -a 192.0.2.10 --tls
show "$ROOT/fake/create.log"
grep -v '^\$ nvmf' "$TRANSCRIPT" | grep -q 'DHHC-1:00:AAEC' && note "A SECRET WAS PRINTED"
note "connect-all: every subsystem, then nothing more to do"
nvmf connect-all -t tcp -a 192.0.2.10
nvmf connect-all -t tcp -a 192.0.2.10
nvmf disconnect --all
nvmf list
