# No identity on this machine at all (no /etc/nvme files, no DMI UUID, no
# machine-id): the first command that needs one makes one, keeps it in
# /etc/nvme (0644) and says so once; every later run is the same host.
# One given a host NQN of its own writes nothing and says nothing.
fake_kernel_ready
nvmf connect -t tcp -n nqn.2014-08.org.example:t1 -a 192.0.2.10 -q nqn.2014-08.org.example:host-b
note "nothing written for a host NQN of its own: $(ls "$ROOT/etc/nvme" 2>&1 | scrub)"
nvmf connect -t tcp -n nqn.2014-08.org.example:t1 -a 192.0.2.10 >/dev/null
sed -n 's/^! //p' "$TRANSCRIPT" | tail -n 1 | grep -q "generated one and wrote /etc/nvme/hostid and /etc/nvme/hostnqn" ||
	note "NO MESSAGE ABOUT THE NEW IDENTITY"
id=$(cat "$ROOT/etc/nvme/hostid")
nqn=$(cat "$ROOT/etc/nvme/hostnqn")
[ "$nqn" = "nqn.2014-08.org.nvmexpress:uuid:$id" ] && note "hostnqn is nqn.2014-08.org.nvmexpress:uuid:<hostid>"
note "modes: $(stat -c '%a %n' "$ROOT/etc/nvme/hostid" "$ROOT/etc/nvme/hostnqn" | scrub | tr '\n' ' ')"
grep -q "hostnqn=$nqn,hostid=$id\$" "$ROOT/fake/create.log" && note "the connection used them"
note "the same again: the same identity, nothing said"
nvmf connect -t tcp -n nqn.2014-08.org.example:t2 -a 192.0.2.10 >/dev/null
[ "$(cat "$ROOT/etc/nvme/hostid")" = "$id" ] && tail -n 1 "$ROOT/fake/create.log" | grep -q "hostnqn=$nqn,hostid=$id\$" &&
	note "t2 connected as the same host"
note "where /etc/nvme cannot be written: refused, as before"
rm -rf "$ROOT/etc/nvme"
ln -s /nonexistent/nvmf-test "$ROOT/etc/nvme"
nvmf connect -t tcp -n nqn.2014-08.org.example:t3 -a 192.0.2.10
