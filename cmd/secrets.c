// SPDX-License-Identifier: GPL-2.0-or-later
/* --dhchap-secret-file and friends, shared by the commands that connect. */
#include <errno.h>

#include "cmd.h"
#include "secret.h"
#include "tls.h"

int apply_secret_opts(struct secret_opts *so, struct nvmf_params *p, const char *where)
{
	int ret;

	if (p->dhchap_secret || p->dhchap_ctrl_secret)
		warnf("%s: a secret on the command line is visible to every user in ps; "
		      "--dhchap-secret-file keeps it private", where);
	if (so->host_file) {
		ret = nvmf_read_secret_file(so->host_file, so->host, sizeof(so->host));
		if (ret < 0)
			return ret;
		p->dhchap_secret = so->host;
	}
	if (so->ctrl_file) {
		ret = nvmf_read_secret_file(so->ctrl_file, so->ctrl, sizeof(so->ctrl));
		if (ret < 0)
			return ret;
		p->dhchap_ctrl_secret = so->ctrl;
	}
	/* a serial is no secret; a PSK is */
	if (p->tls_key && so->tls_key_file)
		return errorf(-EINVAL, "%s: --tls-key and --tls-key-file exclude each other", where);
	if (p->tls_key && nvmf_tls_is_interchange(p->tls_key))
		warnf("%s: a TLS key on the command line is visible to every user in ps; "
		      "--tls-key-file keeps it private", where);
	if (so->tls_key_file) {
		ret = nvmf_read_secret_file(so->tls_key_file, so->tls_key, sizeof(so->tls_key));
		if (ret < 0)
			return ret;
		p->tls_key = so->tls_key;
	}
	return 0;
}
