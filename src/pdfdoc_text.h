/*
 * pdfdoc_text.h - the text layer of the document-layout engine
 * (pdfdoc_text.c), on the page layer (pdfdoc_page.h): cleaning, line
 * breaking, looks, drawing laid-out lines, the flow, clipped labels. The
 * layers above (tables, charts, the contents) include this header.
 */
#ifndef AP_PDFDOC_TEXT_H
#define AP_PDFDOC_TEXT_H

#include "pdfdoc_page.h"

#include <stddef.h>

/* Cleaning and line breaking */
const char *pd_clean_text(ap_buf *b, const char *s);
void pd_lines_push(lines *l, size_t off, size_t len, double width);
void pd_lines_free(lines *l);
void pd_layout(ap_pdf *doc, const look *lk, const char *s, double maxw, lines *out);

/* Drawing laid-out lines */
double pd_baseline(const look *lk, double top);
void pd_text_begin(ap_pdf *doc, const look *lk);
void pd_text_line(ap_pdf *doc, const look *lk, const char *s, const line *ln, double x, double w,
                  double base);
void pd_draw_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, size_t from,
                   size_t to, double x, double w, double top);

/* Looks and the flow */
look pd_look_make(unsigned face, double size, uint32_t color, ap_pdf_align align);
void pd_flow_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, double indent);

/* Labels: clipped to a number of lines with an ellipsis */
void pd_label_lines(ap_pdf *doc, const look *lk, const char *text, double w, size_t max, ap_buf *b,
                    const char **s, lines *l);
void pd_label_at(ap_pdf *doc, const look *lk, const char *text, double x, double top, double w);

#endif
