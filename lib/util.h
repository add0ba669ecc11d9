/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_UTIL_H
#define NVMF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))

/* "unset" for integer parameters: -1 is a meaningful value for some of them */
#define NVMF_UNSET (-2147483647 - 1)

extern int nvmf_verbose;

/*
 * Print "nvmf: <message>" on stderr and return @err, a negative errno, so
 * code can say what went wrong where it knows, and still hand it up:
 *	return errorf(-EINVAL, "%s:%u: unknown option '%s'", file, line, opt);
 * It only reports: what a failure does to the exit status is for cmd/ to
 * say, in one place.
 */
int errorf(int err, const char *fmt, ...) PRINTF(2, 3);

/*
 * A failure described but not reported, for code whose caller decides
 * whether it is one: a probe's may be an answer. note_error() formats the
 * message into @e and returns @err, as errorf() would print it;
 * errorf(err, "%s", e.message) reports it.
 */
struct error_note {
	char message[1024];
};
int note_error(struct error_note *e, int err, const char *fmt, ...) PRINTF(3, 4);
/* The last message errorf() printed in this thread, without "nvmf: ": what JSON reports carry. */
const char *last_error(void);
/* "ECONNREFUSED": the name of errno @err (either sign), the code scripts match on. */
const char *errno_name(int err);
void warnf(const char *fmt, ...) PRINTF(1, 2);
/* Printed only with -v. */
void debugf(const char *fmt, ...) PRINTF(1, 2);

/*
 * Every file nvmf reads or writes lives under a root prefix ("" by default),
 * so tests can run against a fixture tree, like util-linux's --sysroot.
 */
void nvmf_set_root(const char *root);
const char *nvmf_root(void);
/* Format a path and put the root prefix in front of it; -ENAMETOOLONG if it does not fit. */
int root_path(char *buf, size_t len, const char *fmt, ...) PRINTF(3, 4);

/*
 * Read a small text file (a sysfs attribute) into @buf, without the
 * white space it ends in. Returns the length or a negative errno.
 */
int read_text(const char *path, char *buf, size_t len);
/* The same for a path below the root prefix. */
int read_root_text(char *buf, size_t len, const char *fmt, ...) PRINTF(3, 4);
/* The same for @name relative to the directory open at @dir, as openat() takes them. */
int read_text_at(int dir, const char *name, char *buf, size_t len);

/*
 * Call @fn(i, @arg) for each i from 0 to @n - 1, on up to @max_threads
 * threads at once, and return when all are done: for work that mostly
 * waits (on the network, on a controller). With no thread to be had, this
 * thread does it all.
 */
void parallel_for(size_t n, size_t max_threads, void (*fn)(size_t i, void *arg), void *arg);

/* mkdir -p: @path and its missing parents, with @mode. */
int make_dirs(const char *path, unsigned int mode);
/* Sleep @ms milliseconds, through signals. */
void sleep_ms(unsigned int ms);

/*
 * Parse a whole decimal integer in [min, max]; -EINVAL or -ERANGE otherwise.
 * long long: sysfs counts (sectors, blocks) outgrow a 32-bit long.
 */
int parse_long(const char *s, long long min, long long max, long long *out);

/* Copy at most @srclen bytes of a fixed-width field, stopping at NUL, dropping trailing spaces. */
void copy_field(char *dst, size_t dstlen, const char *src, size_t srclen);

/* strlcpy semantics: returns strlen(src); truncated when >= len. */
size_t strlcopy(char *dst, const char *src, size_t len);

/*
 * Append to the string in @buf of @len bytes, @*pos bytes long, and move
 * @*pos to its new end. What does not fit is cut, and gives -ENOSPC.
 */
int appendf(char *buf, size_t len, size_t *pos, const char *fmt, ...) PRINTF(4, 5);
int vappendf(char *buf, size_t len, size_t *pos, const char *fmt, va_list ap) PRINTF(4, 0);

/* The length of the first @n bytes of @s without the white space they end in. */
size_t trimmed_len(const char *s, size_t n);
/* @s without white space at either end: cut at the end, in place, and skipped at the start. */
char *trim(char *s);

/* "nvme3" for "/dev/nvme3", and for "nvme3". */
const char *dev_name(const char *dev);

/*
 * Make room for one more element in @array, which holds @nr of @size bytes
 * and has only ever grown through here (its room doubles). Returns the
 * array, perhaps moved, or NULL, with @array untouched, when out of memory.
 */
void *grow_array(void *array, size_t nr, size_t size);

/* True if @s has no control character and no byte of @reject. */
bool is_clean_value(const char *s, const char *reject);

/*
 * A printable rendering of untrusted text for messages: non-printables
 * become \xNN. Text that does not fit in @len is cut, and ends in "...".
 */
const char *printable(const char *s, char *buf, size_t len);
/* Room for printable() of @n bytes, none cut: each may become "\xNN". */
#define PRINTABLE_SIZE(n)	(4 * (n) + 1)
/* Room for printable() of text that nothing bounds: longer is cut. */
#define SHOWN_MAX		1024

/* The same, but a backslash stays: for whole messages, whose quoted words printable() escaped. */
const char *escape_controls(const char *s, char *buf, size_t len);

/*
 * printable(), for a word the user typed that may be a secret put in the
 * wrong place: one that looks like a DH-HMAC-CHAP or TLS key is not shown.
 */
const char *shown_word(const char *word, char *buf, size_t len);

#endif
