/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NVMF_OUTPUT_H
#define NVMF_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

/*
 * One print call per field serves both outputs, as in iproute2:
 *
 *	print_string(PRINT_ANY, "trtype", "trtype:  %s\n", name);
 *
 * prints the formatted text in normal mode and adds "trtype": name to the
 * current JSON object in JSON mode. PRINT_FP and PRINT_JSON limit a call to
 * one of the two. Text values from sysfs or the network are printed with
 * non-printable bytes escaped; JSON escapes by itself.
 */
enum output_format { OUTPUT_NORMAL, OUTPUT_JSON };
enum print_kind { PRINT_ANY, PRINT_FP, PRINT_JSON };

extern const char *const output_format_names[];	/* for OPT_CHOICE */
extern const char *const output_format_refused[];	/* nvme-cli's that nvmf has not */

void output_start(enum output_format fmt);
/* Print the JSON document built so far (nothing in normal mode). */
void output_end(void);

/*
 * Failures in JSON: "result": "failed", "error": @message (the line stderr
 * got, without "nvmf: "; strerror when NULL) and "code": the errno's name,
 * for scripts to match. print_failure() adds them to the open object.
 */
void print_failure(int err, const char *message);
/*
 * Print the document of a run that failed as a whole, with last_error():
 * the document begun, with the failure's keys if its top object has no
 * "result" yet, or one with only those keys. Nothing if one went out.
 */
void output_failure(int err);
/* Drop the document begun: a failure is the whole story. */
void output_discard(void);

/*
 * @s as a JSON string's text: @s itself when it is UTF-8 without C1
 * controls (json-c escapes the others), else a copy in @buf with each byte
 * of broken UTF-8 or a C1 control, and each backslash, as \xNN: JSON holds
 * no invalid text, and puts no raw control byte on a terminal.
 */
const char *json_text(const char *s, char *buf, size_t len);
bool output_is_json(void);

/* Open a JSON object or array as member @key (NULL inside an array or at the top). */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);
/* Open the array member @key of the open object again, to add to it. */
void reopen_json_array(const char *key);

void print_string(enum print_kind kind, const char *key, const char *fmt, const char *value);
void print_uint(enum print_kind kind, const char *key, const char *fmt, uint64_t value);
void print_int(enum print_kind kind, const char *key, const char *fmt, int64_t value);
void print_bool(enum print_kind kind, const char *key, const char *fmt, bool value);
/* Normal output only. */
void print_text(const char *fmt, ...) PRINTF(1, 2);

/* "2.15 GB": decimal units, as nvme-cli and disk vendors count. */
const char *human_size(uint64_t bytes, char *buf, size_t len);

#endif
