# -p keeps the discovery controller; the next run uses it instead of a new one.
fake_kernel_ready
host_identity
serve_log referral 192.0.2.10_8009
nvmf discover -t tcp -a 192.0.2.10 -p
nvmf list
note "second run: no new controller is created"
nvmf discover -t tcp -a 192.0.2.10
show "$ROOT/fake/create.log"
note "a different host NQN is a different controller"
nvmf discover -t tcp -a 192.0.2.10 -q nqn.2014-08.org.example:other-host
show "$ROOT/fake/create.log"
note "-d uses the persistent one by name"
nvmf discover -d nvme0
nvmf discover -d /dev/nvme0 -o json
