// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command-line arguments: the input split at NUL bytes into an argv,
 * parsed by parse_options() against the connect command's option table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "fuzz.h"

#define MAX_ARGS 4096

/* Which of the @n words does @s point into? -1 for none. */
static int owner(const char *s, char *const *words, const size_t *lens, int n)
{
	for (int i = 0; i < n; i++)
		if (s >= words[i] && s <= words[i] + lens[i])
			return i;
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *words[MAX_ARGS], *argv[MAX_ARGS];
	static size_t lens[MAX_ARGS];
	struct common_opts common = { .output = -1 };
	struct secret_opts so = { 0 };
	struct nvmf_params p;
	const char *json = NULL;
	/* nvmf connect's own table */
	struct option options[] = {
		CONNECT_OPTIONS(&p, &so, &json, &common),
	};
	int argc = 0, ret, prev;
	size_t off = 0, total = 0;

	/* an empty input is no words; otherwise every NUL ends one */
	while (off < size && argc < MAX_ARGS) {
		const uint8_t *nul = memchr(data + off, '\0', size - off);
		size_t len = nul ? (size_t)(nul - (data + off)) : size - off;

		words[argc] = fuzz_strndup(data + off, len);
		lens[argc] = len;
		argv[argc] = words[argc];
		argc++;
		total += len;
		off += len + 1;
	}

	nvmf_params_init(&p);
	ret = parse_options(argc, argv, options, "fuzz");
	FUZZ_ASSERTF(ret == -EINVAL || (ret >= 0 && ret <= argc), "returned %d for %d words",
		     ret, argc);

	/* the words left are some of the originals, in their order */
	prev = -1;
	for (int i = 0; ret > 0 && i < ret; i++) {
		int w = -1;

		for (int j = prev + 1; j < argc; j++)
			if (argv[i] == words[j]) {
				w = j;
				break;
			}
		FUZZ_ASSERTF(w >= 0, "word %d is not an original word after the last one", i);
		prev = w;
	}

	/* whatever was set before an error too: in range, and borrowed from argv */
	for (const struct option *o = options; o->type != OPT_T_END; o++) {
		const char *s;
		int v;

		switch (o->type) {
		case OPT_T_INT:
			v = *(const int *)o->value;
			FUZZ_ASSERTF(v == NVMF_UNSET || (v >= o->min && v <= o->max),
				     "--%s %d is outside %ld..%ld", o->long_name, v, o->min, o->max);
			break;
		case OPT_T_STRING:
			s = *(const char *const *)o->value;
			FUZZ_ASSERTF(!s || owner(s, words, lens, argc) >= 0,
				     "--%s does not point into argv", o->long_name);
			break;
		case OPT_T_CHOICE:
			v = *(const int *)o->value;
			FUZZ_ASSERTF(v == -1 || (v >= 0 && o->choices[0] &&
						 (v == 0 || o->choices[v])),
				     "--%s index %d", o->long_name, v);
			for (int i = 0; v > 0 && i < v; i++)
				FUZZ_ASSERT(o->choices[i]);
			break;
		default:
			break;
		}
	}
	FUZZ_ASSERT(common.verbose >= 0 && (size_t)common.verbose <= total);

	for (int i = 0; i < argc; i++)
		free(words[i]);
	return 0;
}
