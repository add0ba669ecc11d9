# --output json when things fail: one document on stdout whatever happens,
# each failure naming what failed, with the message stderr got and the
# errno's name as "code". Every document is checked against its schema.
fake_kernel_ready
host_identity
serve_log referral 192.0.2.10_8009
cat >"$ROOT/fake/connect-errors" <<'ERR'
traddr=192.0.2.91 ECONNREFUSED
traddr=198.51.100.20 ETIMEDOUT
nqn.2014-08.org.example:disk2 EIO
ERR
note "connect: nothing listens"
nvmf connect -t tcp -n nvmet-test -a 192.0.2.91 -o json
note "connect: usage errors, with -o json in effect"
nvmf connect -t tcp -a 192.0.2.10 -o json
nvmf connect -o json --bogus
nvmf connect -o json -t tcp -n nvmet-test -a 192.0.2.10 extra
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 --dhchap-secret-file "$ROOT/absent" -o json
note "connect-all: a dead portal"
nvmf connect-all -t tcp -a 192.0.2.91 -o json
note "connect-all: a subsystem the target refuses, a referral that cannot be reached"
nvmf connect-all -t tcp -a 192.0.2.10 -o json
note "connect-all over discovery.conf: a bad line and a dead portal"
mkdir -p "$ROOT/etc/nvme"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport tcp --traddr 192.0.2.91
--transport tcp --traddr 192.0.2.10 --bogus
CONF
nvmf connect-all -o json
note "connect-all: no discovery.conf, one that is a directory"
nvmf connect-all --config-file "$ROOT/absent" -o json
nvmf connect-all --config-file "$ROOT/etc" -o json
note "connect-all: the lock cannot be taken"
rm -rf "$ROOT/run/nvmf"
mkdir -p "$ROOT/run/nvmf/connect.lock"
nvmf connect-all -t tcp -a 192.0.2.10 -o json
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 -o json
rm -r "$ROOT/run/nvmf/connect.lock"
note "discover: nothing listens; no such controller; a log that cannot be read"
nvmf discover -t tcp -a 192.0.2.91 -o json
nvmf discover -d nvme10 -o json
nvmf discover -t tcp -a 192.0.2.10 -p -o json >/dev/null
rm "$ROOT/fake/logs/192.0.2.10_8009.bin"
nvmf discover -d nvme1 -o json
nvmf discover -d nvme0 -o json
note "discover over discovery.conf that cannot be read"
nvmf discover --config-file "$ROOT/etc" -o json
note "disconnect: names that match nothing; nothing to do"
nvmf disconnect -n nqn.absent,nqn.2014-08.org.example:disk1 -o json
nvmf disconnect -d nvme77,/dev/sda -o json
nvmf disconnect --all -o json
nvmf disconnect --all -o json
nvmf disconnect -o json
note "list: sysfs that cannot be read"
rm -rf "$ROOT/sys/class/nvme"
: >"$ROOT/sys/class/nvme"
nvmf list -o json
note "connect-all --dry-run: connected already, without the secret now asked for"
mkdir -p "$ROOT/sys/class"
rm -f "$ROOT/sys/class/nvme"
rm -rf "$ROOT/run/nvmf"
mkdir -p "$ROOT/sys/class/nvme"
serve_log tcp 192.0.2.10_8009
nvmf connect -t tcp -n nvmet-test -a 192.0.2.10 >/dev/null
nvmf connect-all -t tcp -a 192.0.2.10 --dry-run --dhchap-secret DHHC-1:00:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj: -o json
note "/dev/nvme-fabrics that cannot be opened, or is no device; a controller that cannot be deleted"
cat >>"$ROOT/fake/connect-errors" <<'ERR'
traddr=192.0.2.81 EACCES
traddr=192.0.2.82 ENOENT
traddr=192.0.2.83 ENOTTY
ERR
for a in 81 82 83; do
	nvmf connect -t tcp -n nvmet-test -a 192.0.2.$a -o json
done
echo "nvme0 EACCES" >"$ROOT/fake/delete-errors"
nvmf disconnect --all --no-hold -o json
