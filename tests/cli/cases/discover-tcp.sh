# The NVMe/TCP article's discover, with nvmf: one subsystem at 192.0.2.10.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
serve_log tcp 192.0.2.10_4420
note "no -s: tcp discovery uses port 8009"
nvmf discover -t tcp -a 192.0.2.10
note "the article's own command, with -s 4420"
nvmf discover -t tcp -a 192.0.2.10 -s 4420
show "$ROOT/fake/create.log"
show "$ROOT/fake/delete.log"
note "the discovery controllers are gone again"
nvmf list
note "loop needs no address, and gets no port"
serve_log tcp loop
nvmf discover -t loop
show "$ROOT/fake/create.log"
