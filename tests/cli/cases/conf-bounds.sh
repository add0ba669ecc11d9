# What a discovery.conf path and its contents can be, and what nvmf does:
# trailing comments; lines longer than 4096 bytes and NUL bytes are bad
# lines; a directory, a device, a FIFO (never waited on), a file past 1 MiB
# or one that cannot be opened is refused whole, exit 2; memory stays
# bounded whatever the file holds.
fake_kernel_ready
host_identity
serve_log tcp 192.0.2.10_8009
conf=$ROOT/etc/nvme/discovery.conf
mkdir -p "$ROOT/etc/nvme"

note "a word that starts with '#' begins a comment; any other stray word is still bad"
cat >"$conf" <<'CONF'
--transport tcp --traddr 192.0.2.10	# rack 3, the article's target
--transport tcp --traddr 192.0.2.10 --trsvcid 8009 #no space needed
--transport tcp --traddr 192.0.2.11 rack3 # a stray word
--transport tcp --traddr #192.0.2.12
--transport tcp --traddr 192.0.2.1#3
CONF
nvmf connect-all --dry-run

note "a line of 4096 bytes is read; one of 4097 is too long, and so is a longer one"
{
	printf -- '--transport tcp --traddr 192.0.2.10 %4060s\n' "#"
	printf -- '--transport tcp --traddr 192.0.2.10 %4061s\n' "#"
	printf -- '--transport tcp --traddr 192.0.2.10 %4062s\n' "#"
	printf -- '%100000s\n' "#"
	printf -- '--transport tcp --traddr 192.0.2.10 --trsvcid 8009\n'
} >"$conf"
awk '{ print "line " NR ": " length($0) " bytes" }' "$conf" >>"$TRANSCRIPT"
nvmf connect-all --dry-run
nvmf connect-all --dry-run -o json

note "a NUL byte makes a line bad"
printf -- '--transport tcp --traddr 192.0.2.10\000--bogus\n--transport tcp --traddr 192.0.2.10\n' >"$conf"
nvmf connect-all --dry-run

note "paths that are not a regular file: refused whole, at once"
nvmf connect-all --config-file "$ROOT/etc" --dry-run
nvmf discover --config-file /dev/zero
mkfifo "$ROOT/fifo"
echo "\$ nvmf discover --config-file ROOT/fifo   (nothing writes to it; 10 s timeout)" >>"$TRANSCRIPT"
timeout 10 "$NVMF_BIN" --sysroot "$ROOT" discover --config-file "$ROOT/fifo" 2>&1 | scrub >>"$TRANSCRIPT"
echo "[exit ${PIPESTATUS[0]}]" >>"$TRANSCRIPT"
nvmf discover --config-file "$ROOT/fifo" -o json

note "paths that cannot be opened"
nvmf discover --config-file "$conf/below"
cp "$FIXTURES/../../discovery.conf.example" "$ROOT/private.conf"
chmod 600 "$ROOT/private.conf"
chmod 755 "$ROOT" "$(dirname "$ROOT")"
setpriv --reuid=65534 --regid=65534 --clear-groups "$NVMF_BIN" --sysroot "$ROOT" \
	discover --config-file "$ROOT/private.conf" -o json >"$ROOT.stdout" 2>"$ROOT.stderr"
rc=$?
echo "\$ nvmf discover --config-file ROOT/private.conf -o json   (as nobody)" >>"$TRANSCRIPT"
scrub <"$ROOT.stdout" >>"$TRANSCRIPT"
scrub <"$ROOT.stderr" | sed 's/^/! /' >>"$TRANSCRIPT"
echo "[exit $rc]" >>"$TRANSCRIPT"
keep_json discover -o json

note "a file past 1 MiB is refused, even when it is only comments; 1 MiB is read"
head -c $((1024 * 1024)) /dev/zero | tr '\0' '#' | fold -w 1023 >"$conf"
truncate -s $((1024 * 1024)) "$conf"
sed -i '$ s/.$/\n/' "$conf"
wc -c <"$conf" | sed 's/^/bytes: /' >>"$TRANSCRIPT"
nvmf connect-all --dry-run
echo "#" >>"$conf"
nvmf connect-all --dry-run -o json

# bounded NAME FILE: connect-all --dry-run -o json over FILE, under ulimit -v
# but with AddressSanitizer (it reserves more address space than any
# limit): its exit status, how much it said, the last of it
bounded() {
	local limit=""
	case $NVMF_BIN in
	*/san/*) ;;
	*) limit="ulimit -v 200000;" ;;
	esac
	echo "\$ nvmf connect-all --dry-run -o json --config-file $1   (ulimit -v 200000)" >>"$TRANSCRIPT"
	bash -c "$limit"' "$0" --sysroot "$1" connect-all --dry-run -o json --config-file "$2"' \
		"$NVMF_BIN" "$ROOT" "$ROOT/$1" >"$ROOT.stdout" 2>"$ROOT.stderr"
	echo "[exit $?, $(wc -l <"$ROOT.stderr") lines on stderr]" >>"$TRANSCRIPT"
	tail -n 2 "$ROOT.stderr" | scrub | sed 's/^/! /' >>"$TRANSCRIPT"
	keep_json connect-all -o json
}

note "memory stays bounded whatever the file holds"
note "more than 100 bad lines: none of the file is used; 1 MiB of them is no different"
{ yes -- '--transport tcp --traddr 192.0.2.10' | head -n 5; yes x | head -n 101; } >"$ROOT/bad.conf"
bounded bad.conf
yes x | head -c $((1024 * 1024)) >"$ROOT/bad.conf"
bounded bad.conf
note "1 MiB of lines too long, of comments, of NUL bytes; 1 TiB of nothing"
yes "$(printf '%5000s' x)" | head -c $((1024 * 1024)) >"$ROOT/long.conf"
bounded long.conf
yes "# $(printf '%4000s' x)" | head -c $((1024 * 1024 - 1)) >"$ROOT/comments.conf"
echo >>"$ROOT/comments.conf"
bounded comments.conf
head -c $((1024 * 1024)) /dev/zero >"$ROOT/nul.conf"
bounded nul.conf
truncate -s 1T "$ROOT/sparse.conf"
bounded sparse.conf
