/*
 * pdfdoc_internal.h - what the pieces of the document-layout engine share
 * (pdfdoc.c, pdfdoc_text.c, pdfdoc_table.c, pdfdoc_chart.c, pdfdoc_toc.c).
 * Not for the renderers: they use pdfdoc.h.
 *
 * Internally, as in the interface, y is measured from the top of the page;
 * the few functions that call libharu turn it into PDF's bottom-up y.
 */
#ifndef AP_PDFDOC_INTERNAL_H
#define AP_PDFDOC_INTERNAL_H

#include "pdfdoc.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actionplan/util.h"

#ifndef AP_FONT_DIR
#define AP_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

/* =========================================================================
 * Constants: the house style
 * ========================================================================= */

#define C_TEXT 0x1A1A1Au       /* body text: softer than pure black */
#define C_MUTED 0x5A6470u      /* running header/footer, axis labels */
#define C_RULE 0x9AA5B1u       /* header rule, axes */
#define C_RULE_LIGHT 0xD5DBE1u /* row rules, grid lines, frames */
#define C_HEAD_FILL 0xDDE5EEu  /* table header */
#define C_GROUP_FILL 0xEDF1F5u /* group rows */
#define C_ZEBRA 0xF5F7F9u      /* every other row */
#define C_ACCENT 0x1F3A5Fu     /* headings, default chart line */

#define DEF_MARGIN_TB 62.0
#define DEF_MARGIN_LR 58.0
#define DEF_BODY 10.0
#define TABLE_SIZE 8.5
#define CHART_SIZE 8.0
#define WCACHE 0x3000           /* code points whose widths are cached */
#define ELLIPSIS "\xE2\x80\xA6" /* … */

/* Heading levels 1-3: size, space before, space after. */
typedef struct heading_style {
    double size, before, after;
} heading_style;
extern const heading_style HEADING[3];

/* v when it is a usable measure (positive, finite, below max), else def. */
static inline double measure_or(double v, double def, double max)
{
    return v > 0 && v <= max ? v : def;
}

/* =========================================================================
 * Types
 * ========================================================================= */

/* One laid-out line: bytes [off, off+len) of the text, its width in points. */
typedef struct line {
    size_t off, len;
    double width;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
} lines;

/* How a run of text looks once the defaults are filled in. */
typedef struct look {
    unsigned face;
    double size, leading;
    uint32_t color;
    ap_pdf_align align;
} look;

typedef struct page_rec {
    HPDF_Page page;
    bool landscape;
} page_rec;

typedef struct heading {
    int level;
    char *text;
    size_t page; /* index into ap_pdf.pages */
    double y;    /* where it starts on its page, for the contents' links */
} heading;

/* A named place (a table row) that links can point at. Pages are kept as
 * libharu's handles: contents pages inserted later shift indices, not them. */
typedef struct anchor {
    char *key;
    HPDF_Page page;
    double top; /* PDF units from the page's bottom */
} anchor;

/* A clickable rectangle whose target is resolved by key when saving. */
typedef struct link_rec {
    char *key;
    HPDF_Page page;
    HPDF_Rect rect;
} link_rec;

/* A table cell during layout; one per column, reused for every row. */
typedef struct cell_box {
    ap_buf clean;     /* the cleaned text when it needed cleaning */
    const char *text; /* what the lines index into */
    lines lay;
    ap_pdf_shape mark;
    uint32_t mark_color;
} cell_box;

typedef struct table {
    size_t ncols;
    double *x, *w; /* column left edges and widths */
    ap_pdf_align *align;
    double left, width; /* of the whole table */
    double size, leading, pad;
    bool zebra;
    uint32_t head_fill;
    cell_box *head; /* header cells, laid out once */
    double head_h;
    cell_box *cells;     /* the row being placed */
    size_t shade_count;  /* rows since the last group row, for the zebra */
    size_t rows;         /* rows so far */
    size_t rows_on_page; /* rows (or row parts) below the header on this page */
    bool header_on_page;
    char *next_anchor; /* ap_pdf_table_anchor for the next row */
    char *next_link;   /* ap_pdf_table_link for the next row */
    size_t next_link_col;
} table;

struct ap_pdf {
    HPDF_Doc pdf;
    HPDF_Encoder utf8;
    ap_rc rc; /* the first error, sticky */
    char msg[1024];
    char font_dir[2048];
    HPDF_Font font[4]; /* by face; loaded when first needed */
    float *wcache[4];  /* glyph widths (1/1000 em) by code point, -1 = unknown */
    char *header, *footer, *page_format;
    bool plain_first, h1_new_page, finished;
    double body, mt, mb, ml, mr;
    uint32_t accent;
    ap_pdf_orientation orient; /* of new pages */
    page_rec *pages;
    size_t npages, pcap;
    HPDF_Page page; /* the current page and its size */
    size_t cur;     /* its index */
    double pw, ph;
    double y;  /* the cursor */
    bool used; /* something was drawn on the current page */
    HPDF_Outline outline[3];
    heading *heads;
    size_t nheads, hcap;
    bool has_toc;
    size_t toc_first, toc_pages;
    char *toc_title;
    table *table;
    anchor *anchors;
    size_t nanchors, acap;
    link_rec *links;
    size_t nlinks, lcap;
    ap_buf clean, scratch;
    lines lay;
    uint32_t gs_fill, gs_stroke; /* what the current page's graphics state holds */
    double gs_width, gs_size;
    HPDF_Font gs_font;
};

/* The guard at the top of every drawing call. */
#define GUARD(doc)                                                                                 \
    do {                                                                                           \
        if (!(doc))                                                                                \
            return AP_E_INTERNAL;                                                                  \
        if ((doc)->rc != AP_OK)                                                                    \
            return (doc)->rc;                                                                      \
        if ((doc)->finished)                                                                       \
            return pd_fail((doc), AP_E_INTERNAL, "pdf: document already saved");                   \
    } while (0)

/* =========================================================================
 * Shared helpers, by the file that defines them
 * ========================================================================= */

/* pdfdoc.c: errors, fonts, drawing primitives, pages and the cursor, the document */
__attribute__((format(printf, 3, 4))) ap_rc pd_fail(ap_pdf *doc, ap_rc code, const char *fmt, ...);
double pd_cp_width(ap_pdf *doc, unsigned face, uint32_t cp);
void pd_set_fill(ap_pdf *doc, uint32_t c);
void pd_set_stroke(ap_pdf *doc, uint32_t c, double width);
void pd_set_font(ap_pdf *doc, unsigned face, double size);
unsigned pd_lightness(uint32_t c);
void pd_fill_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t c);
void pd_stroke_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t c,
                    double width);
void pd_draw_mark(ap_pdf *doc, double x, double y, double s, ap_pdf_shape shape, uint32_t color);
double pd_text_w(const ap_pdf *doc);
double pd_bottom_y(const ap_pdf *doc);
bool pd_at_top(const ap_pdf *doc);
void pd_select_page(ap_pdf *doc, size_t idx);
void pd_size_page(HPDF_Page p, bool landscape);
void pd_add_page(ap_pdf *doc);
void pd_need(ap_pdf *doc, double h);
bool pd_finite4(double a, double b, double c, double d);

/* pdfdoc_text.c: text cleaning, line breaking, looks, flowing and placed text */
size_t pd_utf8_put(uint32_t cp, char *out);
const char *pd_clean_text(ap_buf *b, const char *s);
void pd_lines_push(lines *l, size_t off, size_t len, double width);
void pd_lines_free(lines *l);
void pd_layout(ap_pdf *doc, const look *lk, const char *s, double maxw, lines *out);
double pd_baseline(const look *lk, double top);
void pd_text_begin(ap_pdf *doc, const look *lk);
void pd_text_line(ap_pdf *doc, const look *lk, const char *s, const line *ln, double x, double w,
                  double base);
void pd_draw_lines(ap_pdf *doc, const look *lk, const char *s, const lines *l, size_t from,
                   size_t to, double x, double w, double top);
look pd_look_make(unsigned face, double size, uint32_t color, ap_pdf_align align);
void pd_label_lines(ap_pdf *doc, const look *lk, const char *text, double w, size_t max, ap_buf *b,
                    const char **s, lines *l);
void pd_label_at(ap_pdf *doc, const look *lk, const char *text, double x, double top, double w);

/* pdfdoc_table.c: tables, row anchors and links */
void pd_table_free(table *t);
void pd_link_to(HPDF_Page page, HPDF_Rect r, HPDF_Page target, double top);
void pd_resolve_links(ap_pdf *doc);
void pd_end_table(ap_pdf *doc);

/* pdfdoc_chart.c: number formatting, bar and trend charts */

/* pdfdoc_toc.c: outlines, headings and the table of contents */
void pd_add_outline(ap_pdf *doc, int level, const char *s);
void pd_add_heading_entry(ap_pdf *doc, int level, const char *s);
void pd_toc_fill(ap_pdf *doc);

#endif
