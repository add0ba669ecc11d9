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
rm -rf "$ROOT" && mkdir -p "$ROOT/sys/class"
note "a /sys/class/nvme that cannot be read (a file): exit 1"
echo x >"$ROOT/sys/class/nvme"
nvmf list
