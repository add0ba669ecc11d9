# What goes wrong on connect: usage (exit 2), the kernel or target (exit 1).
fake_kernel_ready
host_identity
nvmf connect -t tcp -a 192.0.2.10
nvmf connect -t tcp -n nvmet-test
nvmf connect -t rdma -n nvmet-test -a 192.0.2.10 --hdr-digest
nvmf connect -t tcp -n 'nvmet-test,nr_io_queues=1' -a 192.0.2.10
cat >"$ROOT/fake/connect-errors" <<'ERR'
traddr=192.0.2.91 ECONNREFUSED
traddr=192.0.2.92 ETIMEDOUT
traddr=192.0.2.93 EIO
traddr=192.0.2.94 ENOKEY
traddr=192.0.2.95 EKEYREJECTED
traddr=192.0.2.96 EADDRINUSE
traddr=192.0.2.97 EINVAL nvme_fabrics: invalid parameter 'tos=%d'
traddr=192.0.2.98 EAGAIN
host_iface=bogus0 ENODEV
ERR
for a in 91 92 93 94 95 96 97; do
	nvmf connect -t tcp -n nvmet-test -a 192.0.2.$a
done
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -f bogus0
note "a target too busy to answer in time is asked twice, then named"
rm -f "$ROOT/fake/create.log"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.98
show "$ROOT/fake/create.log"
note "nothing was created"
nvmf list
note "a port is a number a port can be"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -s 99999
nvmf connect -t rdma -n nvmet-test -a 192.0.2.10 -s http
note "a bad target on connect-all's command line: no summary, exit 2"
nvmf connect-all -t tcp -s 4420
