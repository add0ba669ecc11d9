# -d must name an existing discovery controller.
use_sysfs tcp-one
fake_kernel_ready
nvmf discover -d nvme1
nvmf discover -d nvme0
nvmf discover -d nvme7
nvmf discover -d ../../etc
