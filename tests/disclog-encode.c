// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "disclog-encode.h"

bool disc_put_str(unsigned char *p, size_t width, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	memset(p, 0, width);
	memcpy(p, s ? s : "", n < width ? n : width);
	return n <= width;
}

bool disc_put_entry(unsigned char *p, const struct disc_entry *e)
{
	bool fits = true;

	memset(p, 0, DISC_ENTRY_SIZE);
	p[0] = e->trtype;
	p[1] = e->adrfam;
	p[2] = e->subtype;
	p[3] = e->treq;
	put_le16(p + 4, e->portid);
	put_le16(p + 6, e->cntlid);
	put_le16(p + 8, e->asqsz);
	put_le16(p + 10, e->eflags);
	fits &= disc_put_str(p + DISC_TRSVCID, DISC_TRSVCID_SIZE, e->trsvcid);
	fits &= disc_put_str(p + DISC_SUBNQN, DISC_SUBNQN_SIZE, e->subnqn);
	fits &= disc_put_str(p + DISC_TRADDR, DISC_TRADDR_SIZE, e->traddr);
	p[DISC_TSAS] = e->sectype;
	p[DISC_TSAS + 1] = e->prtype;
	p[DISC_TSAS + 2] = e->cms;
	put_le16(p + DISC_TSAS + 8, e->pkey);
	return fits;
}

void disc_put_header(unsigned char *log, uint64_t genctr, uint64_t numrec, uint16_t recfmt)
{
	put_le64(log, genctr);
	put_le64(log + 8, numrec);
	put_le16(log + 16, recfmt);
}

unsigned char *disc_log_new(uint64_t genctr, uint64_t numrec, const struct disc_entry *ents,
			    size_t nr, size_t room)
{
	unsigned char *log = calloc(1, DISC_HDR_SIZE + room * DISC_ENTRY_SIZE);

	if (!log)
		return NULL;
	disc_put_header(log, genctr, numrec, 0);
	for (size_t i = 0; i < nr; i++) {
		if (!disc_put_entry(log + DISC_HDR_SIZE + i * DISC_ENTRY_SIZE, &ents[i])) {
			free(log);
			return NULL;
		}
	}
	return log;
}
