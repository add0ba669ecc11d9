# connect-all from the command line: dry run, persistent discovery
# controllers, hostile entries, the lock.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
serve_log inject 192.0.2.31_8009
serve_log rdma 192.0.2.20_4420
nvmf connect-all -t tcp -a 192.0.2.10 --dry-run
nvmf list
note "-p keeps the discovery controller, and the next run uses it"
nvmf connect-all -t tcp -a 192.0.2.10 -p
nvmf connect-all -t tcp -a 192.0.2.10 -p
grep -c discovery "$ROOT/fake/create.log" | sed 's/^/discovery controllers created: /' >>"$TRANSCRIPT"
note "entries crafted to inject options are refused, never connected"
nvmf connect-all -t tcp -a 192.0.2.31
grep -c "nr_io_queues\|host_iface\|transport=loop" "$ROOT/fake/create.log" | sed 's/^/injected options reaching the kernel: /' >>"$TRANSCRIPT"
note "rdma entries with the line's options applied"
nvmf connect-all -t rdma -a 192.0.2.20 --nr-io-queues 4 --keep-alive-tmo 15
grep rdma "$ROOT/fake/create.log" | grep -v discovery >>"$TRANSCRIPT"
note "another run holds the lock for a moment: this one waits, then finds all connected"
mkdir -p "$ROOT/run/nvmf"
flock "$ROOT/run/nvmf/connect.lock" sleep 1 &
sleep 0.2
nvmf connect-all -t tcp -a 192.0.2.10 --quiet
wait
