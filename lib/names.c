// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "names.h"
#include "util.h"

#define SUBSYS_PREFIX	"nvme-subsys"

/* A number as the kernel prints it, at the start of @s: the rest of @s, or NULL. */
static const char *parse_number(const char *s, int *out)
{
	size_t n = strspn(s, "0123456789");
	char digits[12];
	long long v;

	if (!n || n >= sizeof(digits) || (s[0] == '0' && n > 1))
		return NULL;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (parse_long(digits, 0, INT_MAX, &v) < 0)
		return NULL;
	*out = (int)v;
	return s + n;
}

int nvmf_parse_name(const char *s, struct nvmf_name *nn)
{
	if (strncmp(s, "nvme", 4))
		return -EINVAL;
	s = parse_number(s + 4, &nn->first);
	if (!s)
		return -EINVAL;
	if (!*s) {
		nn->kind = NVMF_NAME_CTRL;
		return 0;
	}
	nn->kind = NVMF_NAME_NS;
	if (*s == 'c') {
		nn->kind = NVMF_NAME_PATH;
		s = parse_number(s + 1, &nn->ctrl);
		if (!s)
			return -EINVAL;
	}
	if (*s != 'n')
		return -EINVAL;
	s = parse_number(s + 1, &nn->ns);
	return s && !*s ? 0 : -EINVAL;
}

int nvmf_ctrl_instance(const char *name)
{
	struct nvmf_name nn;

	if (nvmf_parse_name(name, &nn) < 0 || nn.kind != NVMF_NAME_CTRL)
		return -EINVAL;
	return nn.first;
}

int nvmf_subsys_instance(const char *name)
{
	int instance;

	if (strncmp(name, SUBSYS_PREFIX, strlen(SUBSYS_PREFIX)))
		return -EINVAL;
	name = parse_number(name + strlen(SUBSYS_PREFIX), &instance);
	return name && !*name ? instance : -EINVAL;
}
