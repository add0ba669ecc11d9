// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Linked into the SANITIZE=1 builds only. A sanitizer report exits 97, a
 * status no nvmf path uses, so a test that expects exit 1 cannot mistake
 * a memory error for the failure it was looking for.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return "exitcode=97:detect_leaks=1";
}

const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:exitcode=97:print_stacktrace=1";
}
