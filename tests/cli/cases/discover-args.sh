# Bad arguments: one clear line, exit 2, nothing reaches the kernel.
fake_kernel_ready
host_identity
nvmf discover --bogus
nvmf discover -t
nvmf discover -t tcp -a 192.0.2.10 -Q 8
nvmf discover -t tcp -a 192.0.2.10 --nr-io-queues many
nvmf discover -t carrier-pigeon -a 192.0.2.10
nvmf discover -t tcp
nvmf discover -t fc -a nn-0x1000000000000001:pn-0x2000000000000001
nvmf discover -t tcp -a 192.0.2.10 -q not-an-nqn
nvmf discover -t tcp -a 192.0.2.10 -I not-a-uuid
nvmf discover -t tcp -a '192.0.2.10,nr_io_queues=1'
nvmf discover -t tcp -a 192.0.2.10 extra-argument
nvmf discover -t tcp -a 192.0.2.10 --persistent=yes
show "$ROOT/fake/create.log"
