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

void output_start(enum output_format fmt);
/* Print the JSON document built so far (nothing in normal mode). */
void output_end(void);
bool output_is_json(void);

/* Open a JSON object or array as member @key (NULL inside an array or at the top). */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_string(enum print_kind kind, const char *key, const char *fmt, const char *value);
void print_uint(enum print_kind kind, const char *key, const char *fmt, uint64_t value);
void print_int(enum print_kind kind, const char *key, const char *fmt, int64_t value);
void print_bool(enum print_kind kind, const char *key, const char *fmt, bool value);
/* Normal output only. */
void print_text(const char *fmt, ...) PRINTF(1, 2);

/* "2.15 GB": decimal units, as nvme-cli and disk vendors count. */
const char *human_size(uint64_t bytes, char *buf, size_t len);

#endif
