# Logs from a hostile or broken target: shown safely, bounded, named.
fake_kernel_ready
host_identity
serve_log inject 192.0.2.31_8009
serve_log unknown 192.0.2.32_8009
serve_log numrec-large 192.0.2.33_8009
serve_log truncated 192.0.2.34_8009
serve_log nonul 192.0.2.35_8009
for a in 31 32 33 34 35; do
	nvmf discover -t tcp -a 192.0.2.$a
done
nvmf_json discover -t tcp -a 192.0.2.31 -o json
note "nothing served at all"
nvmf discover -t tcp -a 192.0.2.36
