// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysfs "address" attribute of a controller ("traddr=...,trsvcid=...")
 * through nvmf_parse_address(), against a plain reference parser.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "topology.h"

#define FIELD(f) { #f, offsetof(struct nvmf_addr, f), sizeof(((struct nvmf_addr *)0)->f) }

static const struct {
	const char *key;
	size_t offset, size;
} fields[] = {
	FIELD(traddr), FIELD(trsvcid), FIELD(host_traddr), FIELD(host_iface), FIELD(src_addr),
};

/*
 * "key=value" pairs separated by ','; a pair without '=' or with an empty
 * key is an error, so is a known key whose value does not fit; unknown keys
 * are skipped and a later pair wins.
 */
static int reference(const char *s, struct nvmf_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!*s)
		return 0;
	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', len);

		if (!eq || eq == s) {
			memset(a, 0, sizeof(*a));
			return -EINVAL;
		}
		for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
			size_t vlen = len - (eq - s) - 1;

			if (strlen(fields[i].key) != (size_t)(eq - s) || strncmp(fields[i].key, s, eq - s))
				continue;
			if (vlen >= fields[i].size) {
				memset(a, 0, sizeof(*a));
				return -EINVAL;
			}
			memcpy((char *)a + fields[i].offset, eq + 1, vlen);
			((char *)a + fields[i].offset)[vlen] = '\0';
		}
		if (!end)
			return 0;
		s = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct nvmf_addr addr, ref;
	int ret, want;

	memset(&addr, 0x5a, sizeof(addr));
	ret = nvmf_parse_address(s, &addr);
	want = reference(s, &ref);
	FUZZ_ASSERTF(ret == 0 || ret == -EINVAL, "returned %d", ret);
	FUZZ_ASSERTF(ret == want, "returned %d, the reference %d", ret, want);

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *f = (const char *)&addr + fields[i].offset;
		const char *r = (const char *)&ref + fields[i].offset;

		FUZZ_ASSERTF(memchr(f, '\0', fields[i].size), "%s is not NUL-terminated",
			     fields[i].key);
		FUZZ_ASSERTF(!strchr(f, ','), "%s contains ','", fields[i].key);
		FUZZ_ASSERTF(!strcmp(f, r), "%s is '%s', the reference has '%s'", fields[i].key, f, r);
		if (ret < 0)
			FUZZ_ASSERTF(!*f, "%s is set after an error", fields[i].key);
	}
	free(s);
	return 0;
}
