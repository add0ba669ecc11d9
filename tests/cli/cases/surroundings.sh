# What nvmf runs in: a --sysroot that is not a tree refuses to work (exit 2)
# and creates nothing; standard output that cannot be written is an error;
# no byte the user typed reaches the terminal unescaped. nvmf() notes any
# control byte that does.
fake_kernel_ready
host_identity
note "--sysroot: missing, empty, not a directory; also as a JSON document"
nvmf --sysroot "$ROOT/typo" list
nvmf --sysroot "$ROOT/typo" list -o json
nvmf --sysroot= list
: >"$ROOT/plain"
nvmf --sysroot "$ROOT/plain" discover -t tcp -a 192.0.2.10 -o json
note "... and nothing is created below one that is not a tree"
nvmf --sysroot "$ROOT/typo" connect -t tcp -n nvmet-test -a 192.0.2.10
nvmf --sysroot "$ROOT/typo" connect-all -t tcp -a 192.0.2.10 -o json
ls "$ROOT/typo" 2>&1 | scrub >>"$TRANSCRIPT"
nvmf --sysroot "$ROOT/plain/below" disconnect --all

# out ARGS...: nvmf with stdout on what the caller redirected it to; the
# status and stderr go to the transcript
out() {
	local rc
	"$NVMF_BIN" --sysroot "$ROOT" "$@" 2>"$ROOT.stderr"
	rc=$?
	scrub <"$ROOT.stderr" | sed 's/^/! /' >>"$TRANSCRIPT"
	echo "[exit $rc]" >>"$TRANSCRIPT"
}
note "stdout on a full disk (/dev/full): a message, and exit 1 where it was 0"
echo "\$ nvmf --version >/dev/full" >>"$TRANSCRIPT"
out --version >/dev/full
echo "\$ nvmf --help >/dev/full" >>"$TRANSCRIPT"
out --help >/dev/full
echo "\$ nvmf list -o json >/dev/full" >>"$TRANSCRIPT"
out list -o json >/dev/full
echo "\$ nvmf disconnect -n nqn.absent -o json >/dev/full   (exit 1 either way)" >>"$TRANSCRIPT"
out disconnect -n nqn.absent -o json >/dev/full
note "stdout on a pipe nobody reads (EPIPE): a message, not a silent death by SIGPIPE"
for args in "--version" "list -o json" "connect -t tcp -n nvmet-test -a 192.0.2.10"; do
	echo "\$ nvmf $args | (closed)" >>"$TRANSCRIPT"
	# shellcheck disable=SC2086
	/usr/bin/python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
print("[exit %d]" % p.returncode)' "$NVMF_BIN" --sysroot "$ROOT" $args 2>"$ROOT.stderr" >"$ROOT.stdout"
	scrub <"$ROOT.stderr" | sed 's/^/! /' >>"$TRANSCRIPT"
	cat "$ROOT.stdout" >>"$TRANSCRIPT"
done

note "escape sequences and keys the user typed: escaped, or not shown"
nvmf help $'DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj:\e[31m'
nvmf $'\e[31mconnect'
nvmf help $'list\e]0;owned\a'
nvmf $'--\e[2J'
nvmf --sysroot $'/nowhere\e[31m' list
nvmf connect -t tcp -a 192.0.2.10 -n $'nqn.x\e[31m'
nvmf connect $'\e[31m' -t tcp
nvmf connect -t tcp -a $'192.0.2.10\r\e[K' -n nqn.x
nvmf disconnect -n $'nqn.absent\e[2J' -d $'nvme1\e[H'
nvmf disconnect -n $'nqn.absent\e[2J'
nvmf disconnect -d $'/dev/\e[H' -o json
nvmf discover --config-file $'/nowhere/\e[31m.conf'
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 --dhchap-secret-file $'/no/\e[5m'
mkdir -p "$ROOT/etc/nvme"
printf -- '--transport tcp --traddr \033[31m192.0.2.10\n--transport tcp --traddr 192.0.2.10 \033]0;x\a\n--transport tcp --traddr 192.0.2.10 --nqn \x9b31m\n' \
	>"$ROOT/etc/nvme/discovery.conf"
nvmf connect-all --dry-run
nvmf connect-all --dry-run -o json
