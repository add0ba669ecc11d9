# list over fixture trees: grouped by subsystem, PCIe skipped, secrets hidden.
for tree in empty tcp-one mixed nomultipath; do
	rm -rf "$ROOT" && mkdir -p "$ROOT"
	use_sysfs $tree
	note "tree: $tree"
	nvmf list
	nvmf_json list -o json
	grep -q DHHC "$ROOT.stdout" && note "SECRET SHOWN"
done
rm -rf "$ROOT" && mkdir -p "$ROOT"
note "no /sys/class/nvme at all"
nvmf list
nvmf list --verbose extra
note "TLS as Linux 6.12 shows it: the key serials and keyring, never key material"
rm -rf "$ROOT" && mkdir -p "$ROOT"
fake_kernel_ready
host_identity
mkdir -p "$ROOT/fake/targets"
echo "1 1073741824" >"$ROOT/fake/targets/nqn.2014-08.org.example:tls"
echo "1 1073741824" >"$ROOT/fake/targets/nqn.2014-08.org.example:tls-key"
nvmf connect -t tcp -n nqn.2014-08.org.example:tls -a 192.0.2.10 --tls
nvmf connect -t tcp -n nqn.2014-08.org.example:tls-key -a 192.0.2.10 --tls --tls-key 305419896 --keyring 42
nvmf list
nvmf_json list -o json
rm -rf "$ROOT" && mkdir -p "$ROOT/sys/class"
note "a /sys/class/nvme that cannot be read (a file): exit 1"
echo x >"$ROOT/sys/class/nvme"
nvmf list
