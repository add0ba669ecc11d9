/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_TEST_FAKE_KERNEL_H
#define NVMF_TEST_FAKE_KERNEL_H

#include "kernel.h"

/*
 * What /dev/nvme-fabrics reads back on 6.12 with TLS and authentication
 * (no concat): the fake kernel's option list unless fake/template says
 * otherwise, and the tests' model of a kernel with everything.
 */
#define TEMPLATE_6_12 \
	"instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s,nqn=%s,queue_size=%d," \
	"nr_io_queues=%d,reconnect_delay=%d,ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s," \
	"host_traddr=%s,host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,hdr_digest," \
	"data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,keyring=%d,tls_key=%d," \
	"fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s,tls\n"

/*
 * The fake kernel of tests/fake-kernel.c, which keeps its state in files
 * below the root prefix (its opening comment says which). Linking it in
 * installs it.
 */
extern const struct nvmf_kernel_ops fake_kernel_ops;

#endif
