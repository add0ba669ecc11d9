# --raw saves the log exactly as read.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
nvmf discover -t tcp -a 192.0.2.10 --raw "$ROOT/log.bin" -o json
cmp "$ROOT/log.bin" "$ROOT/fake/logs/192.0.2.10_8009.bin" && note "raw log identical"
nvmf discover -t tcp -a 192.0.2.10 --raw "$ROOT/no/such/dir/log.bin"
