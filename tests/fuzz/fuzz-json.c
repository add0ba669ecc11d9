// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON writer (lib/output.c) and the escaping of messages (lib/util.c)
 * on arbitrary text: the input split at NUL bytes into strings, written as
 * values of a document of objects and arrays, with a failure's keys, and
 * printed. What comes out must be exactly one JSON document of valid UTF-8,
 * with no control byte but the pretty-printer's newlines and no C1 control;
 * each value must read back as json_text() of what was written (the string
 * itself when it is clean UTF-8), and json_text() must be undone by reading
 * its \xNN escapes. Messages (errorf, printable, escape_controls) carry no
 * control byte and nothing but ASCII.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <json-c/json.h>

#include "fuzz.h"
#include "output.h"
#include "util.h"

#define MAX_PIECES 16

static FILE *out;
static int out_fd = -1;

/* Valid UTF-8 with no C1 control (U+0080..U+009F) and no overlong form or surrogate. */
static bool utf8_ok(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
			   (c & 0xf8) == 0xf0 ? 4 : 0;
		unsigned long cp;

		if (!n || i + n > len)
			return false;
		cp = n == 1 ? c : c & (0xff >> (n + 1));
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
			return false;
		i += n;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* json_text()'s and printable()'s \xNN undone; every backslash must start one. */
static char *unescape(const char *s)
{
	char *u = malloc(strlen(s) + 1), *o = u;

	if (!u)
		abort();
	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		FUZZ_ASSERTF(s[1] == 'x' && hexval(s[2]) >= 0 && hexval(s[3]) >= 0,
			     "a backslash that starts no \\xNN escape");
		*o++ = (char)(hexval(s[2]) << 4 | hexval(s[3]));
		s += 4;
	}
	*o = '\0';
	return u;
}

static void check_message(const char *m, bool reversible, const char *orig)
{
	for (const unsigned char *p = (const unsigned char *)m; *p; p++)
		FUZZ_ASSERTF(*p >= 0x20 && *p < 0x7f, "byte %#x in a message", *p);
	if (reversible) {
		char *u = unescape(m);

		FUZZ_ASSERTF(!strcmp(u, orig), "printable() is not undone by its escapes");
		free(u);
	}
}

static void check_text(const char *s)
{
	size_t len = 4 * strlen(s) + 1;
	char *buf = malloc(len), *msg = malloc(len);
	const char *t;

	if (!buf || !msg)
		abort();
	t = json_text(s, buf, len);
	FUZZ_ASSERTF(utf8_ok((const unsigned char *)t, strlen(t)), "json_text() gives broken UTF-8 or a C1 control");
	if (utf8_ok((const unsigned char *)s, strlen(s))) {
		FUZZ_ASSERTF(t == s, "json_text() changed clean text");
	} else {
		char *u = unescape(t);

		FUZZ_ASSERTF(!strcmp(u, s), "json_text() is not undone by its escapes");
		free(u);
	}
	check_message(printable(s, msg, len), true, s);
	check_message(escape_controls(s, msg, len), false, s);
	errorf(-EINVAL, "%s", s);
	check_message(last_error(), false, s);
	free(buf);
	free(msg);
}

/* The document as written: an object with the pieces as values, in an array too, and a failure. */
static void write_document(char **pieces, size_t n, int err)
{
	output_start(OUTPUT_JSON);
	open_json_object(NULL);
	print_string(PRINT_JSON, "first", NULL, pieces[0]);
	open_json_array("pieces");
	for (size_t i = 0; i < n; i++)
		print_string(PRINT_JSON, NULL, NULL, pieces[i]);
	close_json_array();
	open_json_object("nested");
	print_uint(PRINT_JSON, "n", NULL, n);
	print_failure(err, n > 1 ? pieces[1] : NULL);
	close_json_object();
	close_json_object();
	output_end();
}

static const char *member_string(struct json_object *o, const char *key)
{
	struct json_object *v;

	FUZZ_ASSERTF(json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string),
		     "no string \"%s\"", key);
	return json_object_get_string(v);
}

static void check_document(char **pieces, size_t n, int err)
{
	struct json_tokener *tok;
	struct json_object *doc, *arr, *nested;
	char *text;
	off_t len;

	fflush(out);
	len = lseek(out_fd, 0, SEEK_END);
	FUZZ_ASSERT(len > 0);
	text = malloc((size_t)len + 1);
	if (!text || pread(out_fd, text, (size_t)len, 0) != len)
		abort();
	text[len] = '\0';

	FUZZ_ASSERTF(utf8_ok((unsigned char *)text, (size_t)len), "the document is not clean UTF-8");
	for (off_t i = 0; i < len; i++)
		FUZZ_ASSERTF((unsigned char)text[i] >= 0x20 || text[i] == '\n', "control byte %#x in the document",
			     (unsigned char)text[i]);
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	doc = json_tokener_parse_ex(tok, text, (int)len);
	FUZZ_ASSERTF(doc && json_tokener_get_error(tok) == json_tokener_success, "not a JSON document: %s",
		     json_tokener_error_desc(json_tokener_get_error(tok)));
	for (size_t i = json_tokener_get_parse_end(tok); i < (size_t)len; i++)
		FUZZ_ASSERTF(text[i] == '\n' || text[i] == ' ', "more than one document");

	FUZZ_ASSERT(json_object_object_get_ex(doc, "pieces", &arr) && json_object_is_type(arr, json_type_array));
	FUZZ_ASSERT(json_object_array_length(arr) == n);
	for (size_t i = 0; i < n; i++) {
		size_t blen = 4 * strlen(pieces[i]) + 1;
		char *buf = malloc(blen);
		struct json_object *v = json_object_array_get_idx(arr, i);

		if (!buf)
			abort();
		FUZZ_ASSERT(json_object_is_type(v, json_type_string));
		FUZZ_ASSERTF(!strcmp(json_object_get_string(v), json_text(pieces[i], buf, blen)),
			     "piece %zu does not read back as written", i);
		if (i == 0)
			FUZZ_ASSERT(!strcmp(member_string(doc, "first"), json_object_get_string(v)));
		free(buf);
	}
	FUZZ_ASSERT(json_object_object_get_ex(doc, "nested", &nested));
	FUZZ_ASSERT(!strcmp(member_string(nested, "result"), "failed"));
	FUZZ_ASSERT(!strcmp(member_string(nested, "code"), errno_name(err)));
	FUZZ_ASSERT(member_string(nested, "error")[0]);
	json_object_put(doc);
	json_tokener_free(tok);
	free(text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	out_fd = memfd_create("fuzz-json", MFD_CLOEXEC);
	out = out_fd >= 0 ? fdopen(out_fd, "w+") : NULL;
	if (!out)
		abort();
	stdout = out;	/* output_end() prints the document there */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_strndup(data, size), *pieces[MAX_PIECES];
	size_t n = 0, off = 0;
	/* the first byte picks the errno of the failure */
	int err = size ? -(data[0] % 134 + 1) : -EIO;

	while (n < MAX_PIECES && off <= size) {
		pieces[n++] = copy + off;
		off += strlen(copy + off) + 1;
	}
	for (size_t i = 0; i < n; i++)
		check_text(pieces[i]);
	if (ftruncate(out_fd, 0) < 0)
		abort();
	rewind(out);
	write_document(pieces, n, err);
	check_document(pieces, n, err);
	free(copy);
	return 0;
}
