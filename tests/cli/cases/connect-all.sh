# connect-all over discovery.conf: referrals with a cycle, a line that
# fails, exit 1 naming it; then a re-run changes nothing and exits 0.
fake_kernel_ready
host_identity
serve_log referral 192.0.2.10_8009
serve_log referral-back 198.51.100.20_8009
mkdir -p "$ROOT/etc/nvme"
cat >"$ROOT/etc/nvme/discovery.conf" <<'CONF'
--transport tcp --traddr 192.0.2.10 --ctrl-loss-tmo 60 --reconnect-delay 5
--transport tcp --traddr 192.0.2.99
CONF
echo "traddr=192.0.2.99 ECONNREFUSED" >"$ROOT/fake/connect-errors"
nvmf connect-all
show "$ROOT/fake/create.log"
nvmf list
note "the portal comes back"
rm "$ROOT/fake/connect-errors"
serve_log tcp 192.0.2.99_8009
rm "$ROOT/fake/create.log"
nvmf connect-all
note "steady state: no connect attempt, only the discovery controllers"
rm "$ROOT/fake/create.log"
nvmf connect-all --quiet
show "$ROOT/fake/create.log"
nvmf_json connect-all -o json
note "a controller is lost; the timer's quiet run logs the reconnection only"
nvmf disconnect --no-hold -d nvme1
nvmf connect-all --quiet
