/*
 * pdfdoc_toc.h - the contents layer of the document-layout engine
 * (pdfdoc_toc.c), on the text layer (pdfdoc_text.h): headings, which
 * register outline and contents entries, and the table of contents drawn
 * at save time. Only pdfdoc.c, the top, includes this header.
 */
#ifndef AP_PDFDOC_TOC_H
#define AP_PDFDOC_TOC_H

#include "pdfdoc_text.h"

void pd_toc_fill(ap_pdf *doc);

#endif
