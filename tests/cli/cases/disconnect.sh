# disconnect by namespace device (the article), by NQN, and --all.
use_sysfs mixed
fake_kernel_ready
note "the namespace head of a multipath subsystem: every path goes"
nvmf disconnect -d /dev/nvme1n1
nvmf list
nvmf disconnect -n nqn.2014-08.org.example:rdma-target,nqn.2014-08.org.example:fc-array -o json
nvmf disconnect -n nqn.2014-08.org.example:nothing-here
nvmf disconnect -d nvme42
nvmf disconnect -d /etc/passwd
nvmf disconnect -d nvme5 -n nqn.x
nvmf disconnect
echo "nvme7 EBUSY" >"$ROOT/fake/delete-errors"
nvmf disconnect --all
rm "$ROOT/fake/delete-errors"
nvmf disconnect --all -v
nvmf disconnect --all
nvmf list
note "a tree with a PCIe controller: --all leaves it alone"
rm -rf "$ROOT" && mkdir -p "$ROOT"
use_sysfs tcp-one
fake_kernel_ready
nvmf disconnect --all
nvmf disconnect -d nvme0
ls "$ROOT/sys/class/nvme" >>"$TRANSCRIPT"
note "an empty list names nothing"
nvmf disconnect -n ''
nvmf disconnect -d ,
note "a delete_controller that is not on sysfs, and a controller with none: each says why"
rm -rf "$ROOT" && mkdir -p "$ROOT"
use_sysfs mixed
fake_kernel_ready
printf 'nvme3 ENOTTY\nnvme4 EOPNOTSUPP\n' >"$ROOT/fake/delete-errors"
nvmf disconnect -d nvme3,nvme4
