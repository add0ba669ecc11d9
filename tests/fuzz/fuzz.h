/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the libFuzzer targets under tests/fuzz share: quieting nvmf's
 * messages, assertions that abort, and an independent description of the
 * kernel's option string to check nvmf_build_options() output against.
 */
#ifndef NVMF_FUZZ_H
#define NVMF_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "params.h"

/*
 * fuzz-common.c's LLVMFuzzerInitialize() only calls fuzz_quiet(); a target
 * that sets up more has its own, which calls fuzz_quiet() too.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Send nvmf's messages (fprintf to stderr) to /dev/null. Only the stdio
 * stream is swapped: fd 2 stays, so libFuzzer's progress lines and the
 * sanitizers' reports, which write to it directly, still show.
 * FUZZ_VERBOSE=1 in the environment keeps the messages. Host names
 * resolve to nothing from then on, without asking DNS.
 */
void fuzz_quiet(void);

/* Report on fd 2 and abort(): libFuzzer saves the input as a crash. */
__attribute__((noreturn, format(printf, 3, 4)))
void fuzz_fail(const char *file, int line, const char *fmt, ...);

#define FUZZ_ASSERT(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, "invariant violated: %s", #cond); \
	} while (0)

#define FUZZ_ASSERTF(cond, ...) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

/* A NUL-terminated heap copy of @size bytes (ASan sees the exact end). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* No byte below 0x20, no DEL, none of @reject: written apart from lib/util.c. */
/* A key or keyring serial as nvmf takes it (decimal, or hex after 0x, 1..INT_MAX)? */
bool fuzz_serial(const char *s, long *v);
bool fuzz_is_clean(const char *s, const char *reject);

/*
 * Check that a string nvmf_build_options() made from @p is exactly what the
 * kernel should get: the tokens @p sets and no others, each key one of the
 * kernel's option names, no key twice, no value with a control character,
 * ',' or '=' (a DH-HMAC-CHAP secret may end in '=' padding), each number
 * in the range the kernel takes, the transport's required options present
 * and none it refuses. Aborts on a violation.
 */
void fuzz_check_options(const struct nvmf_params *p, const char *opts);

/* Every string field of @p, clean as the kernel option string needs it. */
void fuzz_check_params_strings(const struct nvmf_params *p);

#endif
