/*
 * status_style.h - how a status looks on paper, on screen and in the
 * terminal: colour, tint, text colour and shape, the same in every report,
 * workbook and page (colour is never the only signal: the shape and the
 * word, ap_status_label, go with it).
 */
#ifndef AP_STATUS_STYLE_H
#define AP_STATUS_STYLE_H

#include "actionplan/model.h"

typedef enum { AP_SHAPE_CIRCLE, AP_SHAPE_TRIANGLE, AP_SHAPE_SQUARE, AP_SHAPE_DIAMOND,
               AP_SHAPE_RING, AP_SHAPE_DASH } ap_shape;

typedef struct ap_status_style {
    unsigned fill;        /* 0xRRGGBB, strong: marks, chart bars */
    unsigned tint;        /* 0xRRGGBB, light: cell fills behind text */
    unsigned text;        /* 0xRRGGBB of text on the tint */
    ap_shape shape;
} ap_status_style;

const ap_status_style *ap_status_style_of(ap_status s);

/* The shape as one character of text (UTF-8), as the PDFs draw it: for the
 * terminal and the web pages. */
const char *ap_shape_glyph(ap_shape shape);

#endif
