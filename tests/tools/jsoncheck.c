// SPDX-License-Identifier: GPL-2.0-or-later
/* jsoncheck: exit 0 if standard input is exactly one JSON document. */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

int main(void)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj = NULL;
	enum json_tokener_error err = json_tokener_continue;
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		obj = json_tokener_parse_ex(tok, buf, (int)n);
		err = json_tokener_get_error(tok);
		if (err != json_tokener_continue)
			break;
	}
	if (!obj || err != json_tokener_success) {
		fprintf(stderr, "jsoncheck: %s\n", obj ? "trailing data" : json_tokener_error_desc(err));
		return 1;
	}
	/* whatever follows the document must be white space */
	for (size_t i = json_tokener_get_parse_end(tok); i < n; i++)
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\t' && buf[i] != '\r') {
			fprintf(stderr, "jsoncheck: trailing data\n");
			return 1;
		}
	json_object_put(obj);
	json_tokener_free(tok);
	return 0;
}
