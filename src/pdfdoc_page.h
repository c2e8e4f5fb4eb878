/*
 * pdfdoc_page.h - the bottom layer of the document-layout engine, and what
 * every layer above shares: the house style, the document's struct, the
 * guard of the drawing calls, and pdfdoc_page.c's functions (errors, fonts
 * and widths, drawing primitives, links, pages and the cursor). Not for the
 * renderers: they use pdfdoc.h.
 *
 * The layers, each file including only the header of the layer it builds
 * on (and so calling nothing above it):
 *   pdfdoc_page.h   <- pdfdoc_text.h <- pdfdoc_table.h  (pdfdoc_table.c)
 *                                    <- pdfdoc_chart.c
 *                                    <- pdfdoc_toc.h    (pdfdoc_toc.c)
 *   pdfdoc.c includes pdfdoc_table.h and pdfdoc_toc.h: it pulls it all
 *   together.
 * A block that a higher layer keeps open across calls (a table) is ended by
 * lower layers through the document's hooks, not by calling up.
 *
 * Internally, as in the interface, y is measured from the top of the page;
 * the few functions that call libharu turn it into PDF's bottom-up y.
 */
#ifndef AP_PDFDOC_PAGE_H
#define AP_PDFDOC_PAGE_H

#include "pdfdoc.h"
#include "pdfdoc_seal.h"

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
    bool sealed; /* its drawing so far is compressed and let go (pd_seal_page) */
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

struct table; /* pdfdoc_table.c's own */

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
    /* A block a higher layer keeps open across calls: the open table. The
     * layer that opens it sets the hooks and clears them when it ends;
     * lower layers call them through pd_close_block and pd_add_page. */
    struct table *table;
    void (*close_block)(ap_pdf *doc);    /* end the block */
    void (*block_new_page)(ap_pdf *doc); /* a page was added under it */
    anchor *anchors;
    size_t nanchors, acap;
    link_rec *links;
    size_t nlinks, lcap;
    ap_buf clean, scratch;
    lines lay;
    uint32_t gs_fill, gs_stroke; /* what the current page's graphics state holds */
    double gs_width, gs_size;
    HPDF_Font gs_font;
    pd_sealer *sealer; /* compresses finished pages (pdfdoc_seal.h) */
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
 * pdfdoc_page.c
 * ========================================================================= */

/* Errors */
__attribute__((format(printf, 3, 4))) ap_rc pd_fail(ap_pdf *doc, ap_rc code, const char *fmt, ...);

/* Fonts and widths */
size_t pd_utf8_put(uint32_t cp, char *out);
HPDF_Font pd_face_font(ap_pdf *doc, unsigned face);
double pd_cp_width(ap_pdf *doc, unsigned face, uint32_t cp);

/* Drawing primitives (y from the top) */
void pd_set_fill(ap_pdf *doc, uint32_t c);
void pd_set_stroke(ap_pdf *doc, uint32_t c, double width);
void pd_set_font(ap_pdf *doc, unsigned face, double size);
unsigned pd_lightness(uint32_t c);
void pd_fill_rect(ap_pdf *doc, double x, double y, double w, double h, uint32_t c);
void pd_stroke_line(ap_pdf *doc, double x1, double y1, double x2, double y2, uint32_t c,
                    double width);
void pd_draw_mark(ap_pdf *doc, double x, double y, double s, ap_pdf_shape shape, uint32_t color);
bool pd_finite4(double a, double b, double c, double d);
void pd_link_to(HPDF_Page page, HPDF_Rect r, HPDF_Page target, double top);

/* Pages and the cursor */
double pd_text_w(const ap_pdf *doc);
double pd_bottom_y(const ap_pdf *doc);
bool pd_at_top(const ap_pdf *doc);
void pd_select_page(ap_pdf *doc, size_t idx);
void pd_size_page(HPDF_Page p, bool landscape);
void pd_add_page(ap_pdf *doc);
void pd_seal_page(ap_pdf *doc, size_t idx);
void pd_settle_pages(ap_pdf *doc);
void pd_seal_free(ap_pdf *doc);
void pd_need(ap_pdf *doc, double h);
void pd_close_block(ap_pdf *doc);

#endif
