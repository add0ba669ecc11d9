# The README's jq recipes, as written there, against a host where all
# works and one where things fail: each must print what it promises.
fake_kernel_ready
host_identity
serve_log tcp 192.168.1.92_8009
serve_log tcp 192.168.1.92_4420
serve_log referral 192.0.2.10_8009
serve_log referral-back 198.51.100.20_8009
mkdir -p "$ROOT/fake/targets"
echo "1 2147483648" >"$ROOT/fake/targets/nvmet-test"
echo "1 1073741824" >"$ROOT/fake/targets/nqn.2014-08.org.example:disk1"
mkdir -p "$ROOT/etc/nvme"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport tcp --traddr 192.168.1.92
--transport tcp --traddr 192.0.2.10   # rack 3
CONF

# recipe LINE: run a README line with nvmf on the fixture root; stdout and
# jq's exit status go to the transcript
recipe() {
	echo "recipe: $1" >>"$TRANSCRIPT"
	(
		nvmf() { "$NVMF_BIN" --sysroot "$ROOT" "$@" 2>/dev/null; }
		eval "$1"
	) 2>&1 | scrub >>"$TRANSCRIPT"
	echo "[jq exit ${PIPESTATUS[0]}]" >>"$TRANSCRIPT"
}

mapfile -t recipes < <(sed -n '/^```sh$/,/^```$/p' "$FIXTURES/../../README.md" |
			sed -n 's/^[$#] \(nvmf .* | jq .*\)/\1/p')
note "${#recipes[@]} recipes"
note "all works"
nvmf connect-all --quiet
for r in "${recipes[@]}"; do recipe "$r"; done
note "a portal refuses, a subsystem is refused, a line is bad"
cat >"$ROOT/fake/connect-errors" <<'ERR'
traddr=192.168.1.92 ECONNREFUSED
nqn.2014-08.org.example:disk2 EIO
ERR
echo "--transport tcp --traddr 192.0.2.11 stray" >>"$ROOT/etc/nvme/discovery.conf"
rm "$ROOT/fake/logs/198.51.100.20_8009.bin"
nvmf disconnect --all --no-hold
for r in "${recipes[@]}"; do recipe "$r"; done
