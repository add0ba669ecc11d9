# JSON in nvme-cli's keys; --output and --output-format are the same option.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
serve_log rdma 192.0.2.20_4420
nvmf_json discover -t tcp -a 192.0.2.10 -o json
nvmf_json discover --transport=rdma --traddr=192.0.2.20 --output json
nvmf discover -t tcp -a 192.0.2.10 --output-format=yaml
