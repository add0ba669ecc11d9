// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "output.h"

#define MAX_DEPTH 16

const char *const output_format_names[] = { "normal", "json", NULL };

static enum output_format format;
static struct json_object *stack[MAX_DEPTH];
static int depth;		/* stack[depth - 1] is the open container */
static struct json_object *root;

void output_start(enum output_format fmt)
{
	format = fmt;
	depth = 0;
	root = NULL;
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
		attach(key, value ? json_object_new_string(value) : NULL);
	} else if (fmt) {
		size_t len = value ? 4 * strlen(value) + 1 : 1;
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
