# The NVMe/TCP article's connect: once, and again (already connected, exit 0).
fake_kernel_ready
host_identity
mkdir -p "$ROOT/fake/targets"
echo "1 2147483648" >"$ROOT/fake/targets/nvmet-test"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -s 4420
nvmf list
note "the same again: nothing new, exit 0"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -s 4420
nvmf_json connect -t tcp -n nvmet-test -a 192.0.2.10 -o json
note "-D makes a second one"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -D
note "another host NQN is another connection, with a hostid of its own"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -q nqn.2014-08.org.example:host-b
show "$ROOT/fake/create.log"
note "the kernel says EALREADY for one nvmf did not see: still success"
echo "nqn=nqn.2014-08.org.example:raced EALREADY" >"$ROOT/fake/connect-errors"
nvmf connect -t tcp -n nqn.2014-08.org.example:raced -a 192.0.2.10
