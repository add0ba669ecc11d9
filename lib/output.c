// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "output.h"

#define MAX_DEPTH 16

const char *const output_format_names[] = { "normal", "json", NULL };
const char *const output_format_refused[] = {
	"binary", "nvmf writes no binary output; 'nvmf discover --raw FILE' saves a discovery log as read",
	NULL,
};

static enum output_format format;
static struct json_object *stack[MAX_DEPTH];
static int depth;		/* stack[depth - 1] is the open container */
static struct json_object *root;
static bool printed;		/* a document went out */

void output_start(enum output_format fmt)
{
	format = fmt;
	depth = 0;
	root = NULL;
	printed = false;
}

bool output_is_json(void)
{
	return format == OUTPUT_JSON;
}

void output_end(void)
{
	if (format != OUTPUT_JSON || !root)
		return;
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	root = NULL;
	depth = 0;
	printed = true;
}

void output_discard(void)
{
	if (root)
		json_object_put(root);
	root = NULL;
	depth = 0;
}

static void add_failure(struct json_object *obj, int err, const char *message)
{
	size_t len;
	char *text;

	if (!message || !*message)
		message = strerror(err < 0 ? -err : err);
	len = 4 * strlen(message) + 1;
	text = malloc(len);
	json_object_object_add(obj, "result", json_object_new_string("failed"));
	json_object_object_add(obj, "error", json_object_new_string(text ? json_text(message, text, len) : ""));
	json_object_object_add(obj, "code", json_object_new_string(errno_name(err)));
	free(text);
}

void print_failure(int err, const char *message)
{
	struct json_object *obj = depth ? stack[depth - 1] : NULL;

	if (format == OUTPUT_JSON && obj && json_object_is_type(obj, json_type_object))
		add_failure(obj, err, message);
}

void output_failure(int err)
{
	if (format != OUTPUT_JSON || printed)
		return;
	if (!root)
		root = json_object_new_object();
	if (json_object_is_type(root, json_type_object) && !json_object_object_get_ex(root, "result", NULL))
		add_failure(root, err, last_error());
	output_end();
}

/* The length of the UTF-8 sequence at @s that is a character and no C1 control, or 0. */
static size_t utf8_char(const unsigned char *s)
{
	size_t n;
	uint32_t cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return n;
}

/*
 * How many bytes from @s on JSON can carry as they are: ASCII (json-c
 * escapes the controls) and UTF-8 characters other than C1 controls.
 */
static size_t clean_prefix(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (u[i]) {
		if (u[i] < 0x80)
			n = 1;
		else if (!(n = utf8_char(u + i)))
			return i;
		i += n;
	}
	return i;
}

const char *json_text(const char *s, char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;

	if (!s[clean_prefix(s)])
		return s;
	if (!len)
		return "";
	/* a character at a time, so that a short @buf never splits one */
	while (*u) {
		size_t n = *u < 0x80 ? 1 : utf8_char(u);

		if (n && *u != '\\') {
			if (o + n >= len)
				break;
			memcpy(buf + o, u, n);
			o += n;
			u += n;
		} else {
			/* a backslash of the text is escaped too: "\\x" is always an escape */
			if (o + 4 >= len)
				break;
			o += snprintf(buf + o, len - o, "\\x%02x", *u++);
		}
	}
	buf[o] = '\0';
	return buf;
}

/* Attach @obj to the open container, or make it the document. */
static void attach(const char *key, struct json_object *obj)
{
	struct json_object *parent = depth ? stack[depth - 1] : NULL;

	if (!parent) {
		if (root)
			json_object_put(root);
		root = obj;
	} else if (json_object_is_type(parent, json_type_array)) {
		json_object_array_add(parent, obj);
	} else {
		json_object_object_add(parent, key, obj);
	}
}

static void open_container(const char *key, struct json_object *obj)
{
	if (format != OUTPUT_JSON)
		return;
	if (depth == MAX_DEPTH)
		abort();	/* a programming error, not an input one */
	attach(key, obj);
	stack[depth++] = obj;
}

void open_json_object(const char *key)
{
	if (format == OUTPUT_JSON)
		open_container(key, json_object_new_object());
}

void open_json_array(const char *key)
{
	if (format == OUTPUT_JSON)
		open_container(key, json_object_new_array());
}

void reopen_json_array(const char *key)
{
	struct json_object *parent = depth ? stack[depth - 1] : NULL, *array;

	if (format != OUTPUT_JSON)
		return;
	if (!parent || !json_object_object_get_ex(parent, key, &array) || depth == MAX_DEPTH)
		abort();	/* a programming error, not an input one */
	stack[depth++] = array;
}

void close_json_object(void)
{
	if (format == OUTPUT_JSON && depth)
		depth--;
}

void close_json_array(void)
{
	close_json_object();
}

static bool wants(enum print_kind kind, enum output_format fmt)
{
	if (kind == PRINT_ANY)
		return true;
	return fmt == OUTPUT_JSON ? kind == PRINT_JSON : kind == PRINT_FP;
}

void print_string(enum print_kind kind, const char *key, const char *fmt, const char *value)
{
	if (!wants(kind, format))
		return;
	if (format == OUTPUT_JSON) {
		char *buf = NULL;
		size_t len;

		if (value && value[clean_prefix(value)]) {
			len = PRINTABLE_SIZE(strlen(value));
			buf = malloc(len);
			value = buf ? json_text(value, buf, len) : "";
		}
		attach(key, value ? json_object_new_string(value) : NULL);
		free(buf);
	} else if (fmt) {
		size_t len = PRINTABLE_SIZE(value ? strlen(value) : 0);
		char *buf = malloc(len);

		printf(fmt, buf ? printable(value ? value : "", buf, len) : "");
		free(buf);
	}
}

void print_uint(enum print_kind kind, const char *key, const char *fmt, uint64_t value)
{
	if (!wants(kind, format))
		return;
	if (format == OUTPUT_JSON)
		attach(key, json_object_new_uint64(value));
	else if (fmt)
		printf(fmt, value);
}

void print_int(enum print_kind kind, const char *key, const char *fmt, int64_t value)
{
	if (!wants(kind, format))
		return;
	if (format == OUTPUT_JSON)
		attach(key, json_object_new_int64(value));
	else if (fmt)
		printf(fmt, value);
}

void print_bool(enum print_kind kind, const char *key, const char *fmt, bool value)
{
	if (!wants(kind, format))
		return;
	if (format == OUTPUT_JSON)
		attach(key, json_object_new_boolean(value));
	else if (fmt)
		printf(fmt, value ? "yes" : "no");
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (format == OUTPUT_JSON)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

const char *human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB" };
	double v = bytes;
	size_t u = 0;

	/* 999999 bytes is "1.00 MB", not "1000.00 kB": decide on the rounded value */
	while (v >= 999.995 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%" PRIu64 " B", bytes);
	else
		snprintf(buf, len, "%.2f %s", v, units[u]);
	return buf;
}
