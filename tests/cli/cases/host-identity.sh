# No identity on this machine at all (no /etc/nvme files, no DMI UUID, no
# machine-id): a command that needs one says so; one given a host NQN of
# its own works, and says nothing about what it did not need.
fake_kernel_ready
nvmf connect -t tcp -n nqn.2014-08.org.example:t1 -a 192.0.2.10
nvmf connect -t tcp -n nqn.2014-08.org.example:t1 -a 192.0.2.10 -q nqn.2014-08.org.example:host-b
show "$ROOT/fake/create.log"
