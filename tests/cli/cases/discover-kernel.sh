# What the kernel says: refused connections, options it lacks, module loading.
host_identity
note "no /dev/nvme-fabrics yet: the modules are loaded first"
mkdir -p "$ROOT/sys/class/nvme"
serve_log tcp 192.0.2.10_8009
nvmf discover -t tcp -a 192.0.2.10
show "$ROOT/fake/modules.log"
note "a module that does not exist"
rm -rf "$ROOT/dev" "$ROOT/sys/module"
echo "nvme-rdma ENOENT" >"$ROOT/fake/module-errors"
nvmf discover -t rdma -a 192.0.2.20
rm "$ROOT/fake/module-errors"
fake_kernel_ready
note "the target refuses"
echo "traddr=192.0.2.99 ECONNREFUSED" >"$ROOT/fake/connect-errors"
nvmf discover -t tcp -a 192.0.2.99
note "a kernel without TLS: --tls is an error that names it, never dropped"
echo "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,hostnqn=%s,hostid=%s,discovery" >"$ROOT/fake/template"
nvmf discover -t tcp -a 192.0.2.10 --tls
nvmf discover -t tcp -a 192.0.2.10 --keep-alive-tmo 30
note "a discovery controller the kernel calls a duplicate"
echo "discovery EALREADY" >"$ROOT/fake/connect-errors"
nvmf discover -t tcp -a 192.0.2.10 -q nqn.2014-08.org.example:dup
