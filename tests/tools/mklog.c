// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mklog SPEC OUT: write the binary discovery log (log page 0x70) that a
 * text SPEC describes, so test fixtures can be reviewed as text.
 *
 * One directive a line; blank lines and lines starting with '#' are
 * skipped. Numbers are decimal or 0x hex, and may be followed by a
 * "# comment"; a string value is the whole rest of its line, '#' and all.
 *
 *   genctr N		header generation counter (default 0)
 *   numrec N		header record count (default: the number of entries)
 *   recfmt N		header record format (default 0)
 *   entry		start a new, zeroed entry; the lines below fill it in:
 *     trtype N, adrfam N, subtype N, treq N			(one byte each)
 *     portid N, cntlid N, asqsz N, eflags N			(le16)
 *     trsvcid S, subnqn S, traddr S	the rest of the line, NUL padded
 *     sectype N			tcp tsas, byte 768
 *     qptype N, prtype N, cms N, pkey N	rdma tsas, bytes 768, 769, 770, le16 776
 *     fill FIELD C	fill string FIELD entirely with C, leaving no NUL
 *     pad FIELD C	fill what follows the string in FIELD with C (0x20: spaces)
 *     hex FIELD XX..	set string FIELD to these bytes, NUL padded
 *			(e.g. "hex traddr 31 0a 32" for "1\n2"; a '#' ends them)
 *   truncate N		cut the output to its first N bytes
 *
 * C is a single character or a number: "fill subnqn A", "pad traddr 0x20".
 * Errors name SPEC:LINE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclog-encode.h"
#include "util.h"

struct field {
	const char *name;
	unsigned int offset;
	unsigned int size;
	bool string;
};

static const struct field entry_fields[] = {
	{ "trtype",	0,	1,	false },
	{ "adrfam",	1,	1,	false },
	{ "subtype",	2,	1,	false },
	{ "treq",	3,	1,	false },
	{ "portid",	4,	2,	false },
	{ "cntlid",	6,	2,	false },
	{ "asqsz",	8,	2,	false },
	{ "eflags",	10,	2,	false },
	{ "trsvcid",	DISC_TRSVCID,	DISC_TRSVCID_SIZE,	true },
	{ "subnqn",	DISC_SUBNQN,	DISC_SUBNQN_SIZE,	true },
	{ "traddr",	DISC_TRADDR,	DISC_TRADDR_SIZE,	true },
	{ "sectype",	DISC_TSAS,	1,	false },
	{ "qptype",	DISC_TSAS,	1,	false },
	{ "prtype",	DISC_TSAS + 1,	1,	false },
	{ "cms",	DISC_TSAS + 2,	1,	false },
	{ "pkey",	DISC_TSAS + 8,	2,	false },
};

static const struct field header_fields[] = {
	{ "genctr",	0,	8,	false },
	{ "numrec",	8,	8,	false },
	{ "recfmt",	16,	2,	false },
};

struct spec {
	const char *path;
	unsigned int line;
	unsigned char *log;	/* header and entries */
	size_t nr_entries;
	bool numrec_set;
	unsigned int truncate_line;	/* 0: no truncate */
	uint64_t truncate;
};

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(const struct spec *spec, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mklog: %s:%u: ", spec->path, spec->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const struct field *find_field(const struct field *fields, size_t nr, const char *name)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

/* Cut @value after its first word, which may only be followed by a comment. */
static char *one_word(const struct spec *spec, char *value)
{
	char *rest = value + strcspn(value, " \t");

	if (*rest) {
		*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (*rest && *rest != '#')
			fail(spec, "unexpected '%s' after '%s'", rest, value);
	}
	return value;
}

static uint64_t parse_number(const struct spec *spec, const char *what, const char *s,
			     unsigned int bytes)
{
	uint64_t max = bytes >= 8 ? UINT64_MAX : (UINT64_C(1) << (bytes * 8)) - 1;
	const char *digits = s;
	unsigned long long v;
	int base = 10;
	char *end;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		base = 16;
		digits += 2;
	}
	if (!isxdigit((unsigned char)*digits))
		fail(spec, "%s: '%s' is not a number", what, s);
	errno = 0;
	v = strtoull(digits, &end, base);
	if (*end)
		fail(spec, "%s: '%s' is not a number", what, s);
	if (errno == ERANGE || v > max)
		fail(spec, "%s: %s is more than %#llx", what, s, (unsigned long long)max);
	return v;
}

static unsigned char parse_byte(const struct spec *spec, const char *what, const char *s)
{
	if (s[0] && !s[1])
		return (unsigned char)s[0];
	return (unsigned char)parse_number(spec, what, s, 1);
}

static unsigned char *current_entry(const struct spec *spec, const char *key)
{
	if (!spec->nr_entries)
		fail(spec, "'%s' before the first 'entry'", key);
	return spec->log + DISC_HDR_SIZE + (spec->nr_entries - 1) * DISC_ENTRY_SIZE;
}

static void add_entry(struct spec *spec)
{
	size_t len = DISC_HDR_SIZE + (spec->nr_entries + 1) * DISC_ENTRY_SIZE;
	unsigned char *log = realloc(spec->log, len);

	if (!log)
		fail(spec, "out of memory");
	memset(log + len - DISC_ENTRY_SIZE, 0, DISC_ENTRY_SIZE);
	spec->log = log;
	spec->nr_entries++;
}

static void set_string(const struct spec *spec, unsigned char *p, const struct field *f,
		       const char *s)
{
	if (!disc_put_str(p, f->size, s))
		fail(spec, "%s is %zu bytes, more than its %u", f->name, strlen(s), f->size);
}

static void set_hex(const struct spec *spec, unsigned char *p, const struct field *f, const char *s)
{
	unsigned int n = 0;

	memset(p, 0, f->size);
	while (*s && *s != '#') {
		char byte[3] = { 0 };

		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			fail(spec, "bad hex byte at '%s'", s);
		if (n == f->size)
			fail(spec, "more than %u bytes for %s", f->size, f->name);
		memcpy(byte, s, 2);
		p[n++] = (unsigned char)strtoul(byte, NULL, 16);
		s += 2;
	}
}

/* fill, pad and hex: "FIELD ARG" */
static void string_op(const struct spec *spec, const char *op, char *args)
{
	unsigned char *e = current_entry(spec, op);
	const struct field *f;
	char *arg = args + strcspn(args, " \t");

	if (*arg)
		*arg++ = '\0';
	arg += strspn(arg, " \t");
	f = find_field(entry_fields, ARRAY_SIZE(entry_fields), args);
	if (!f || !f->string)
		fail(spec, "%s: '%s' is not a string field", op, args);
	if (!*arg)
		fail(spec, "%s %s: missing value", op, f->name);

	if (!strcmp(op, "hex")) {
		set_hex(spec, e + f->offset, f, arg);
	} else {
		unsigned char c = parse_byte(spec, op, one_word(spec, arg));
		size_t from = 0;

		if (!strcmp(op, "pad"))
			from = strnlen((const char *)e + f->offset, f->size);
		memset(e + f->offset + from, c, f->size - from);
	}
}

static void set_number(const struct spec *spec, unsigned char *p, const struct field *f,
		       char *value)
{
	uint64_t v = parse_number(spec, f->name, one_word(spec, value), f->size);

	put_le(p + f->offset, v, f->size);
}

static void directive(struct spec *spec, const char *key, char *value)
{
	const struct field *f;

	if (!strcmp(key, "entry")) {
		if (*value && *value != '#')
			fail(spec, "'entry' takes no value");
		add_entry(spec);
		return;
	}
	if (!*value)
		fail(spec, "'%s' needs a value", key);
	if (!strcmp(key, "fill") || !strcmp(key, "pad") || !strcmp(key, "hex")) {
		string_op(spec, key, value);
		return;
	}
	if (!strcmp(key, "truncate")) {
		spec->truncate = parse_number(spec, key, one_word(spec, value), 8);
		spec->truncate_line = spec->line;
		return;
	}
	f = find_field(header_fields, ARRAY_SIZE(header_fields), key);
	if (f) {
		set_number(spec, spec->log, f, value);
		if (!strcmp(key, "numrec"))
			spec->numrec_set = true;
		return;
	}
	f = find_field(entry_fields, ARRAY_SIZE(entry_fields), key);
	if (!f)
		fail(spec, "unknown directive '%s'", key);
	if (f->string)
		set_string(spec, current_entry(spec, key) + f->offset, f, value);
	else
		set_number(spec, current_entry(spec, key), f, value);
}

static void read_spec(struct spec *spec, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, in)) >= 0) {
		char *key, *value;

		spec->line++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		key = line + strspn(line, " \t");
		if (!*key || *key == '#')
			continue;
		value = key + strcspn(key, " \t");
		if (*value)
			*value++ = '\0';
		value += strspn(value, " \t");
		directive(spec, key, value);
	}
	free(line);
	if (ferror(in))
		fail(spec, "read error");
}

static int write_log(const char *path, const unsigned char *log, size_t len)
{
	FILE *out = fopen(path, "wb");

	if (!out) {
		fprintf(stderr, "mklog: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(log, 1, len, out) != len || fclose(out)) {
		fprintf(stderr, "mklog: %s: write error\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct spec spec = { 0 };
	size_t len;
	FILE *in;

	if (argc != 3) {
		fprintf(stderr, "usage: mklog SPEC OUT\n");
		return 2;
	}
	spec.path = argv[1];
	in = fopen(spec.path, "r");
	if (!in) {
		fprintf(stderr, "mklog: %s: %s\n", spec.path, strerror(errno));
		return 1;
	}
	spec.log = calloc(1, DISC_HDR_SIZE);
	if (!spec.log)
		fail(&spec, "out of memory");
	read_spec(&spec, in);
	fclose(in);

	if (!spec.numrec_set)
		put_le(spec.log + 8, spec.nr_entries, 8);
	len = DISC_HDR_SIZE + spec.nr_entries * DISC_ENTRY_SIZE;
	if (spec.truncate_line) {
		spec.line = spec.truncate_line;
		if (spec.truncate > len)
			fail(&spec, "truncate %llu is past the end of the %zu-byte log",
			     (unsigned long long)spec.truncate, len);
		len = spec.truncate;
	}
	if (write_log(argv[2], spec.log, len))
		return 1;
	free(spec.log);
	return 0;
}
