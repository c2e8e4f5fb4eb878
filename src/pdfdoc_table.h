/*
 * pdfdoc_table.h - the table layer of the document-layout engine
 * (pdfdoc_table.c), on the text layer (pdfdoc_text.h). The table itself
 * is the file's own; lower layers end an open one through the document's
 * close_block hook. Only pdfdoc.c, the top, includes this header: to free
 * a table left open and to resolve the rows' links at save time.
 */
#ifndef AP_PDFDOC_TABLE_H
#define AP_PDFDOC_TABLE_H

#include "pdfdoc_text.h"

void pd_table_free(struct table *t);
void pd_resolve_links(ap_pdf *doc);

#endif
